//! Shorthands for native code (residual functions, object construction, tests): typed reads and
//! writes over metatrace-gc's checked heap access, conversions between GC arrays and Rust
//! slices, and [`RootedVec`], the growable buffer of references that native code keeps while it
//! allocates. Domain code never uses these: it goes through the domain's operations.
//!
//! **Rooting rule.** The collector sees references on the native stack and in registers, and in
//! GC objects reachable from them, but not in Rust heap memory. Native code that holds fresh
//! objects in a `Vec`, a `String`-building loop's buffer or a struct on the heap while it
//! allocates again must keep them in a [`RootedVec`] (or root the buffer with
//! `metatrace_gc::root_slice` while it is not growing).

use metatrace_gc::roots::RootedSlice;
use metatrace_gc::{heap, ArrayDescr, FieldDescr, GcRef, Layout};

/// Read an integer field.
#[inline(always)]
pub fn get_i64(obj: GcRef, f: &FieldDescr) -> i64 {
    heap::read_field(obj, f) as i64
}

/// Read a float field.
#[inline(always)]
pub fn get_f64(obj: GcRef, f: &FieldDescr) -> f64 {
    f64::from_bits(heap::read_field(obj, f))
}

/// Read a reference field.
#[inline(always)]
pub fn get_ref(obj: GcRef, f: &FieldDescr) -> GcRef {
    heap::read_field_ref(obj, f)
}

/// Write an integer field.
#[inline(always)]
pub fn set_i64(obj: GcRef, f: &FieldDescr, v: i64) {
    heap::write_field(obj, f, v as u64)
}

/// Write a float field.
#[inline(always)]
pub fn set_f64(obj: GcRef, f: &FieldDescr, v: f64) {
    heap::write_field(obj, f, v.to_bits())
}

/// Write a reference field.
#[inline(always)]
pub fn set_ref(obj: GcRef, f: &FieldDescr, v: GcRef) {
    heap::write_field_ref(obj, f, v)
}

/// The number of items of an array-like object.
#[inline]
pub fn len(arr: GcRef, a: &ArrayDescr) -> usize {
    heap::array_len(arr, a) as usize
}

/// Read an integer item.
#[inline]
pub fn item_i64(arr: GcRef, a: &ArrayDescr, i: usize) -> i64 {
    heap::read_item(arr, a, i as i64) as i64
}

/// Read a float item.
#[inline]
pub fn item_f64(arr: GcRef, a: &ArrayDescr, i: usize) -> f64 {
    f64::from_bits(heap::read_item(arr, a, i as i64))
}

/// Read a reference item.
#[inline]
pub fn item_ref(arr: GcRef, a: &ArrayDescr, i: usize) -> GcRef {
    heap::read_item_ref(arr, a, i as i64)
}

/// Write an integer item.
#[inline]
pub fn set_item_i64(arr: GcRef, a: &ArrayDescr, i: usize, v: i64) {
    heap::write_item(arr, a, i as i64, v as u64)
}

/// Write a float item.
#[inline]
pub fn set_item_f64(arr: GcRef, a: &ArrayDescr, i: usize, v: f64) {
    heap::write_item(arr, a, i as i64, v.to_bits())
}

/// Write a reference item.
#[inline]
pub fn set_item_ref(arr: GcRef, a: &ArrayDescr, i: usize, v: GcRef) {
    heap::write_item_ref(arr, a, i as i64, v)
}

/// The first `n` reference items.
pub fn refs_prefix(arr: GcRef, a: &ArrayDescr, n: usize) -> Vec<GcRef> {
    let mut out = vec![GcRef::NULL; n];
    heap::read_ref_items(arr, a, 0, &mut out);
    out
}

/// All reference items.
pub fn refs(arr: GcRef, a: &ArrayDescr) -> Vec<GcRef> {
    refs_prefix(arr, a, len(arr, a))
}

/// The byte at `index` of a byte array (the caller checks the bounds).
pub fn byte_at(arr: GcRef, a: &ArrayDescr, index: usize) -> u8 {
    let mut out = [0u8];
    heap::read_byte_items(arr, a, index, &mut out);
    out[0]
}

/// All items of a byte array.
pub fn bytes(arr: GcRef, a: &ArrayDescr) -> Vec<u8> {
    let mut out = vec![0; len(arr, a)];
    heap::read_byte_items(arr, a, 0, &mut out);
    out
}

/// A new array-like object of `layout` holding `items`.
pub fn new_refs(layout: &'static Layout, a: &ArrayDescr, items: &[GcRef]) -> GcRef {
    let _rooted = metatrace_gc::root_slice(items);
    let arr = metatrace_gc::alloc_array(layout, items.len());
    heap::write_ref_items(arr, a, 0, items);
    arr
}

/// A new array-like object of `layout` whose 8-byte integer (or float, as bits) items are `bits`.
pub fn new_bits(layout: &'static Layout, a: &ArrayDescr, bits: &[u64]) -> GcRef {
    let arr = metatrace_gc::alloc_array(layout, bits.len());
    heap::write_word_items(arr, a, 0, bits);
    arr
}

/// A new byte array-like object of `layout` holding `bytes`.
pub fn new_bytes(layout: &'static Layout, a: &ArrayDescr, bytes: &[u8]) -> GcRef {
    let arr = metatrace_gc::alloc_array(layout, bytes.len());
    heap::write_byte_items(arr, a, 0, bytes);
    arr
}

/// Keep `objects` alive up to this point: native code that passes the objects' contents on
/// (unpacked into a `Vec`, say) but not the objects themselves calls this after the work, so
/// that the objects stay on its stack frame, where the collector sees them, until then.
#[inline(always)]
pub fn keep_alive(objects: &[GcRef]) {
    std::hint::black_box(objects);
}

/// A growable vector of references whose items the collector sees: native code collects fresh
/// objects into it while allocating more.
///
/// Its buffer is always filled (null beyond the length) and registered with
/// `metatrace_gc::root_slice` as a whole; it is registered again when it grows. It reads as a
/// slice (`Deref<Target = [GcRef]>`), and items can be changed in place through `DerefMut`;
/// growing and shrinking go through its own methods.
pub struct RootedVec {
    /// The registration of `buf`; declared first so that it is dropped before the buffer.
    guard: Option<RootedSlice<'static>>,
    /// The items, then nulls up to the capacity.
    buf: Vec<GcRef>,
    /// The number of items.
    len: usize,
}

impl RootedVec {
    /// An empty vector.
    pub fn new() -> RootedVec {
        RootedVec { guard: None, buf: Vec::new(), len: 0 }
    }

    /// An empty vector with room for `capacity` items.
    pub fn with_capacity(capacity: usize) -> RootedVec {
        let mut v = RootedVec::new();
        v.reserve(capacity);
        v
    }

    /// A vector holding `items`.
    pub fn from_slice(items: &[GcRef]) -> RootedVec {
        let mut v = RootedVec::with_capacity(items.len());
        v.extend_from_slice(items);
        v
    }

    /// Make room for `additional` more items.
    pub fn reserve(&mut self, additional: usize) {
        let needed = self.len + additional;
        if needed <= self.buf.len() {
            return;
        }
        let mut buf = vec![GcRef::NULL; needed.max(2 * self.buf.len()).max(4)];
        buf[..self.len].copy_from_slice(&self.buf[..self.len]);
        // SAFETY: the slice covers `buf`'s heap buffer, which stays where it is when `buf` moves
        // into `self` and is neither reallocated nor freed while the guard lives: the guard is
        // replaced before `self.buf` is replaced again (here), and dropped before it (field
        // order). The guard only records the buffer's address and length; the buffer is read
        // through them on this thread while it is parked in an allocation, when no Rust code
        // writes it.
        let whole: &'static [GcRef] = unsafe { std::slice::from_raw_parts(buf.as_ptr(), buf.len()) };
        self.guard = Some(metatrace_gc::root_slice(whole));
        self.buf = buf;
    }

    /// Append `item`.
    pub fn push(&mut self, item: GcRef) {
        self.reserve(1);
        self.buf[self.len] = item;
        self.len += 1;
    }

    /// Append `items`.
    pub fn extend_from_slice(&mut self, items: &[GcRef]) {
        self.reserve(items.len());
        self.buf[self.len..self.len + items.len()].copy_from_slice(items);
        self.len += items.len();
    }

    /// Remove and return the last item.
    pub fn pop(&mut self) -> Option<GcRef> {
        if self.len == 0 {
            return None;
        }
        self.len -= 1;
        Some(std::mem::replace(&mut self.buf[self.len], GcRef::NULL))
    }

    /// Insert `item` at `index` (at most the length), shifting the later items.
    pub fn insert(&mut self, index: usize, item: GcRef) {
        assert!(index <= self.len, "insertion index {index} beyond length {}", self.len);
        self.reserve(1);
        self.buf.copy_within(index..self.len, index + 1);
        self.buf[index] = item;
        self.len += 1;
    }

    /// Remove and return the item at `index`, shifting the later items.
    pub fn remove(&mut self, index: usize) -> GcRef {
        assert!(index < self.len, "removal index {index} beyond length {}", self.len);
        let item = self.buf[index];
        self.buf.copy_within(index + 1..self.len, index);
        self.len -= 1;
        self.buf[self.len] = GcRef::NULL;
        item
    }

    /// Keep the first `len` items.
    pub fn truncate(&mut self, len: usize) {
        if len < self.len {
            self.buf[len..self.len].fill(GcRef::NULL);
            self.len = len;
        }
    }

    /// Remove every item.
    pub fn clear(&mut self) {
        self.truncate(0);
    }

    /// Replace the items in `range` with `replacement`.
    pub fn splice(&mut self, range: std::ops::Range<usize>, replacement: impl IntoIterator<Item = GcRef>) {
        let tail = RootedVec::from_slice(&self[range.end..]);
        self.truncate(range.start);
        self.extend(replacement);
        self.extend_from_slice(&tail);
    }

    /// Keep the items for which `keep` is true, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(GcRef) -> bool) {
        let mut kept = 0;
        for i in 0..self.len {
            let item = self.buf[i];
            if keep(item) {
                self.buf[kept] = item;
                kept += 1;
            }
        }
        self.truncate(kept);
    }
}

impl Default for RootedVec {
    fn default() -> Self {
        RootedVec::new()
    }
}

impl std::ops::Deref for RootedVec {
    type Target = [GcRef];

    fn deref(&self) -> &[GcRef] {
        &self.buf[..self.len]
    }
}

impl std::ops::DerefMut for RootedVec {
    fn deref_mut(&mut self) -> &mut [GcRef] {
        &mut self.buf[..self.len]
    }
}

/// Key/value pairs that native code keeps while it allocates (a dict's items, an instance's
/// attributes): a [`RootedVec`] of key, value, key, value, ...
#[derive(Default, Debug)]
pub struct RootedPairs(RootedVec);

impl RootedPairs {
    /// No pairs.
    pub fn new() -> RootedPairs {
        RootedPairs(RootedVec::new())
    }

    /// No pairs, with room for `pairs` of them.
    pub fn with_capacity(pairs: usize) -> RootedPairs {
        RootedPairs(RootedVec::with_capacity(2 * pairs))
    }

    /// Append the pair `key`, `value`.
    pub fn push(&mut self, key: GcRef, value: GcRef) {
        self.0.push(key);
        self.0.push(value);
    }

    /// The number of pairs.
    pub fn len(&self) -> usize {
        self.0.len() / 2
    }

    /// True if there are no pairs.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The pairs, in order.
    pub fn iter(&self) -> impl Iterator<Item = (GcRef, GcRef)> + '_ {
        self.0.chunks_exact(2).map(|pair| (pair[0], pair[1]))
    }
}

impl std::fmt::Debug for RootedVec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl FromIterator<GcRef> for RootedVec {
    /// Collect the items, each rooted as soon as the iterator yields it (so the iterator may
    /// allocate the next one).
    fn from_iter<I: IntoIterator<Item = GcRef>>(iter: I) -> Self {
        let mut v = RootedVec::new();
        v.extend(iter);
        v
    }
}

impl Extend<GcRef> for RootedVec {
    fn extend<I: IntoIterator<Item = GcRef>>(&mut self, iter: I) {
        for item in iter {
            self.push(item);
        }
    }
}

impl<'a> IntoIterator for &'a RootedVec {
    type Item = &'a GcRef;
    type IntoIter = std::slice::Iter<'a, GcRef>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl IntoIterator for RootedVec {
    type Item = GcRef;
    type IntoIter = RootedIntoIter;

    /// The items by value; those not yet taken stay rooted.
    fn into_iter(self) -> RootedIntoIter {
        RootedIntoIter { front: 0, back: self.len, vec: self }
    }
}

/// The by-value iterator of a [`RootedVec`]: it owns the vector, so the items it has not
/// yielded yet stay rooted.
pub struct RootedIntoIter {
    vec: RootedVec,
    front: usize,
    back: usize,
}

impl Iterator for RootedIntoIter {
    type Item = GcRef;

    fn next(&mut self) -> Option<GcRef> {
        (self.front < self.back).then(|| {
            self.front += 1;
            self.vec[self.front - 1]
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.back - self.front, Some(self.back - self.front))
    }
}

impl DoubleEndedIterator for RootedIntoIter {
    fn next_back(&mut self) -> Option<GcRef> {
        (self.front < self.back).then(|| {
            self.back -= 1;
            self.vec[self.back]
        })
    }
}

impl ExactSizeIterator for RootedIntoIter {}

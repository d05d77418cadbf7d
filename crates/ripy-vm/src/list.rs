//! `list`, with storage strategies (PyPy's list strategies).
//!
//! A list's storage is null (the *empty* strategy: nothing stored yet), an [`IntArray`] of the
//! values of exact ints (the *int* strategy), a [`FloatArray`] of the values of floats (*float*),
//! or a [`RefArray`] of objects (*object*). The storage's layout *is* the strategy: domain code
//! learns it with one `layout_of` (a class guard in a trace) and then reads and writes unboxed
//! values. Storing an item the strategy cannot hold switches the list to the object strategy for
//! good; a list that becomes empty keeps its strategy. The storage has room to grow (amortized
//! like CPython's: about 1/8 more than needed; 1/2 for long lists, see [`grown`]). Slicing, slice
//! assignment from a list of the same strategy, `insert` and `pop` move the stored items in bulk
//! without boxing them, in place when the storage has room. In a trace, a slice that only feeds a
//! slice assignment (`a[:k] = a[k-1::-1]`) is not built: its items are staged in a per-thread
//! buffer instead ([`LIST_SLICES`], [`metatrace::call::SliceSpec`]).
//!
//! Items of the int and float strategies are boxed afresh when read, so `l[0] is l[0]` may be false
//! for them; PyPy has the same property, and its `is` compares ints and floats by value to hide it
//! (the interpreter's business).

use crate::exceptions::{self, Fault, Msg};
use crate::float::{heap_float, new_float, W_Float};
use crate::gc;
use crate::int::{heap_int, new_int, W_Int};
use crate::iter::W_Slice;
use crate::known::{self, Checked};
use crate::sequence;
use crate::singletons::W_None;
use crate::space::{PyResult, Space};
use crate::storage::{FloatArray, IntArray, RefArray};
use metatrace::call::{OopSpec, SliceSpec};
use metatrace::domain::{Domain, IntOp};
use metatrace_gc::{heap, ArrayDescr, GcHeader, GcObject, GcRef, Root};
use metatrace_macros::GcObject;
use std::cell::Cell;

/// A `list` object.
#[derive(GcObject)]
#[repr(C)]
pub struct W_List {
    /// The object header.
    pub header: GcHeader,
    /// The number of items.
    pub length: i64,
    /// The storage: null, an [`IntArray`], a [`FloatArray`] or a [`RefArray`], at least `length`
    /// long.
    pub storage: GcRef,
}

/// How a list stores its items.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Strategy {
    /// Nothing stored yet (null storage).
    Empty,
    /// The values of exact ints.
    Int,
    /// The values of floats.
    Float,
    /// References.
    Object,
}

impl Strategy {
    /// The strategy of a storage array (or null).
    fn of_storage(storage: GcRef) -> Strategy {
        if storage.is_null() {
            Strategy::Empty
        } else if storage.layout() == IntArray::layout() {
            Strategy::Int
        } else if storage.layout() == FloatArray::layout() {
            Strategy::Float
        } else {
            Strategy::Object
        }
    }

    /// The most specific strategy that holds `item`.
    fn for_item(item: GcRef) -> Strategy {
        Strategy::for_layout(item.layout())
    }

    /// The most specific strategy that holds objects of `layout`.
    fn for_layout(layout: &metatrace_gc::Layout) -> Strategy {
        if layout == W_Int::layout() {
            Strategy::Int
        } else if layout == W_Float::layout() {
            Strategy::Float
        } else {
            Strategy::Object
        }
    }

    /// The strategy that holds items of both strategies.
    fn join(self, other: Strategy) -> Strategy {
        match (self, other) {
            (Strategy::Empty, s) | (s, Strategy::Empty) => s,
            (a, b) if a == b => a,
            _ => Strategy::Object,
        }
    }
}

/// The capacity a list that needs `n` items gets: CPython's `list_resize` (an eighth more) up to
/// [`GROW_BY_HALF`] items, half more beyond. CPython's `realloc` often grows a large buffer in
/// place; a storage array here is always copied into a new one, and growing by an eighth copies
/// (and allocates) each item of a list built by appending about eight times.
fn grown(n: usize) -> usize {
    if n >= GROW_BY_HALF {
        return n + (n >> 1);
    }
    n + (n >> 3) + if n < 9 { 3 } else { 6 }
}

/// The size from which a list's storage grows by half (a storage of 256 references: 2 KiB).
const GROW_BY_HALF: usize = 256;

/// The number of items of a list.
pub fn len(list: GcRef) -> usize {
    heap::read_field_expecting(list, W_List::layout(), &W_List::LENGTH) as usize
}

/// Set the number of items of a list. The accessors of a list's fields check the access against
/// the list layout, which folds at compile time (one comparison of the header remains).
#[inline(always)]
fn set_len(list: GcRef, n: usize) {
    heap::write_field_expecting(list, W_List::layout(), &W_List::LENGTH, n as u64)
}

/// The storage of a list.
#[inline(always)]
fn storage_of(list: GcRef) -> GcRef {
    heap::read_field_ref_expecting(list, W_List::layout(), &W_List::STORAGE)
}

/// A new list of the first `len` items of `storage` (null for no items), made here.
#[inline(always)]
fn list_of(storage: GcRef, len: usize) -> GcRef {
    let list = metatrace_gc::alloc(W_List::layout());
    // Nothing allocated since the list was: a young object needs no write barrier.
    heap::init_field_ref_expecting(list, W_List::layout(), &W_List::STORAGE, storage);
    set_len(list, len);
    list
}

/// Give a list new storage.
#[inline(always)]
fn set_storage(list: GcRef, storage: GcRef) {
    heap::write_field_ref_expecting(list, W_List::layout(), &W_List::STORAGE, storage)
}

/// The strategy of a list.
pub fn strategy(list: GcRef) -> Strategy {
    Strategy::of_storage(storage_of(list))
}

/// Storage of `strategy` for `items` (which it must hold), with room for `capacity`.
fn make_storage(strategy: Strategy, items: &[GcRef], capacity: usize) -> GcRef {
    let words = |value: fn(GcRef) -> u64| {
        let mut words = Vec::with_capacity(capacity);
        words.extend(items.iter().map(|&item| value(item)));
        words.resize(capacity, 0);
        words
    };
    match strategy {
        Strategy::Empty => GcRef::NULL,
        Strategy::Int => {
            gc::new_bits(IntArray::layout(), &IntArray::ITEMS, &words(|item| gc::get_i64(item, &W_Int::VALUE) as u64))
        }
        Strategy::Float => gc::new_bits(
            FloatArray::layout(),
            &FloatArray::ITEMS,
            &words(|item| gc::get_f64(item, &W_Float::VALUE).to_bits()),
        ),
        Strategy::Object => {
            // The items may be fresh objects held only in the caller's heap buffer.
            let _rooted = metatrace_gc::root_slice(items);
            let storage = RefArray::nulls(capacity);
            heap::write_ref_items(storage, &RefArray::ITEMS, 0, items);
            storage
        }
    }
}

/// Replace the items of a list with `items`, in a strategy that holds them and the list's current
/// ones (strategies only become more general), with room for `capacity` (at least `items.len()`).
fn replace(list: GcRef, items: &[GcRef], capacity: usize) {
    let strategy = items.iter().fold(strategy(list), |s, &i| s.join(Strategy::for_item(i)));
    set_storage(list, make_storage(strategy, items, capacity));
    set_len(list, items.len());
}

/// Replace every item of a list with `items`.
pub fn replace_items(list: GcRef, items: &[GcRef]) {
    replace(list, items, grown(items.len()));
}

/// A list's storage set aside while `list.sort` runs: meanwhile the list looks empty (as in
/// CPython) and holds a placeholder storage of capacity 0, which any change to the list replaces.
pub struct SetAside {
    list: GcRef,
    storage: GcRef,
    placeholder: GcRef,
}

/// Empty `list` for the time of a sort (see [`SetAside`]).
pub fn set_aside(list: GcRef) -> SetAside {
    let storage = storage_of(list);
    let placeholder = RefArray::nulls(0);
    set_storage(list, placeholder);
    set_len(list, 0);
    SetAside { list, storage, placeholder }
}

impl SetAside {
    /// Give the list back its storage's strategy with `items` as its contents; whether the list
    /// was changed while it was set aside (those changes are dropped, as CPython drops them).
    pub fn restore(self, items: &[GcRef]) -> bool {
        let modified = storage_of(self.list) != self.placeholder || len(self.list) != 0;
        set_storage(self.list, self.storage);
        replace_items(self.list, items);
        modified
    }
}

/// A new list of the `n` objects that `item` makes, given their positions in turn, none of them
/// an exact int or float (strs, say: the object strategy): its storage is allocated first and
/// takes each item as it comes, so that no buffer outside the heap needs to keep them alive.
pub fn from_objects(n: usize, mut item: impl FnMut(usize) -> GcRef) -> GcRef {
    if n == 0 {
        return list_of(GcRef::NULL, 0);
    }
    let storage = RefArray::nulls(n);
    for i in 0..n {
        let value = item(i);
        debug_assert_eq!(Strategy::for_item(value), Strategy::Object, "from_objects takes no ints or floats");
        heap::write_item_ref_expecting(storage, RefArray::layout(), &RefArray::ITEMS, i, value);
    }
    list_of(storage, n)
}

/// A new list of `items`.
pub fn new_list(items: &[GcRef]) -> GcRef {
    // The items may be fresh objects held only in the caller's heap buffer.
    let _rooted = metatrace_gc::root_slice(items);
    let list = metatrace_gc::alloc(W_List::layout());
    replace(list, items, items.len());
    list
}

/// Item `i` (in bounds) of a list.
pub fn get(list: GcRef, i: usize) -> GcRef {
    let storage = storage_of(list);
    match Strategy::of_storage(storage) {
        Strategy::Int => heap_int(gc::item_i64(storage, &IntArray::ITEMS, i)),
        Strategy::Float => heap_float(gc::item_f64(storage, &FloatArray::ITEMS, i)),
        _ => gc::item_ref(storage, &RefArray::ITEMS, i),
    }
}

/// `item in list` when `item` is an exact int and the list holds the values of exact ints (the int
/// strategy): a scan of the unboxed values, `Some(found)`. `None` when the items must be compared
/// one by one with `==` (another strategy, or an item of another type).
pub fn contains_int(list: GcRef, item: GcRef) -> Option<bool> {
    index_int(list, item).map(|found| found.is_some())
}

/// The first index of `item` in `list` when `item` is an exact int and the list has the int
/// strategy (a scan of the unboxed values): `Some(position)`. `None` when the items must be
/// compared one by one with `==`.
pub fn index_int(list: GcRef, item: GcRef) -> Option<Option<usize>> {
    let storage = storage_of(list);
    if item.layout() != W_Int::layout() || Strategy::of_storage(storage) != Strategy::Int {
        return None;
    }
    let value = gc::get_i64(item, &W_Int::VALUE);
    Some((0..len(list)).find(|&i| gc::item_i64(storage, &IntArray::ITEMS, i) == value))
}

/// The values of a list of the int strategy, read in bulk without boxing them; `None` for a
/// list of another strategy.
pub fn int_values(list: GcRef) -> Option<Vec<i64>> {
    let storage = storage_of(list);
    if Strategy::of_storage(storage) != Strategy::Int {
        return None;
    }
    let mut words = vec![0u64; len(list)];
    heap::read_word_items(storage, &IntArray::ITEMS, 0, &mut words);
    Some(words.into_iter().map(|w| w as i64).collect())
}

/// The items of a list (ints and floats of unboxed strategies are boxed afresh, so the result
/// keeps them rooted).
pub fn items(list: GcRef) -> gc::RootedVec {
    let n = len(list);
    let storage = gc::get_ref(list, &W_List::STORAGE);
    let strategy = Strategy::of_storage(storage);
    if strategy == Strategy::Object {
        return gc::RootedVec::from_slice(&gc::refs_prefix(storage, &RefArray::ITEMS, n));
    }
    let mut words = vec![0; n];
    if strategy != Strategy::Empty {
        heap::read_word_items(storage, storage_kind(strategy).1, 0, &mut words);
    }
    let mut out = gc::RootedVec::with_capacity(n);
    for w in words {
        out.push(if strategy == Strategy::Int { heap_int(w as i64) } else { heap_float(f64::from_bits(w)) });
    }
    out
}

/// The layout and item descriptor of storage of `strategy` (not `Empty`).
fn storage_kind(strategy: Strategy) -> (&'static metatrace_gc::Layout, &'static ArrayDescr) {
    match strategy {
        Strategy::Int => (IntArray::layout(), &IntArray::ITEMS),
        Strategy::Float => (FloatArray::layout(), &FloatArray::ITEMS),
        _ => (RefArray::layout(), &RefArray::ITEMS),
    }
}

/// The number of items a list's storage has room for.
fn capacity(storage: GcRef) -> usize {
    match Strategy::of_storage(storage) {
        Strategy::Empty => 0,
        strategy => gc::len(storage, storage_kind(strategy).1),
    }
}

/// Copy `count` items of storage `src` from `from` on, every `step`-th, to `dst` from `to` on
/// (both storages of `strategy`, not `Empty`). With `step == 1` the ranges may overlap (a
/// `memmove`); otherwise `dst` is another storage than `src`.
fn copy_strided(strategy: Strategy, src: GcRef, from: usize, step: i64, dst: GcRef, to: usize, count: usize) {
    if count == 0 || (step == 1 && src == dst && from == to) {
        // Nothing to copy (`src` may be the null storage of an empty list), or nothing moves.
        return;
    }
    if strategy != Strategy::Object {
        copy_words(strategy, src, from, step, dst, to, count);
        return;
    }
    let items = storage_kind(strategy).1;
    if step == 1 {
        heap::copy_items(src, items, from, dst, items, to, count);
        return;
    }
    // Gather the references into a buffer on the stack (nothing allocates meanwhile, so they
    // need no rooting) and write them a block at a time, with one write barrier per block. A
    // reversal (`step == -1`) reads each block with one bulk read and reverses it in the buffer.
    const CHUNK: usize = 16;
    let at = |k: usize| from as i64 + k as i64 * step;
    for first in (0..count).step_by(CHUNK) {
        let n = CHUNK.min(count - first);
        let mut block = [GcRef::NULL; CHUNK];
        if step == -1 {
            heap::read_ref_items(src, items, at(first + n - 1) as usize, &mut block[..n]);
            block[..n].reverse();
        } else {
            for (k, slot) in block[..n].iter_mut().enumerate() {
                *slot = heap::read_item_ref(src, items, at(first + k));
            }
        }
        heap::write_ref_items(dst, items, to + first, &block[..n]);
    }
}

/// [`copy_strided`] for storages of 8-byte values (the int and float strategies): both ranges
/// checked once.
fn copy_words(strategy: Strategy, src: GcRef, from: usize, step: i64, dst: GcRef, to: usize, count: usize) {
    let descr = storage_kind(strategy).1;
    heap::word_items(dst, descr).copy_strided_from(&heap::word_items(src, descr), from, step, to, count);
}

/// A new list of the `count` items of `list` from `start` on, every `step`-th (all in bounds),
/// in the list's strategy: the items are copied without boxing them.
pub fn slice(list: GcRef, start: usize, step: i64, count: usize) -> GcRef {
    list_of(picked(storage_of(list), start, step, count), count)
}

/// New storage of the strategy of list storage `storage` (null: none) holding `count` of its
/// items from `start` on, every `step`-th.
fn picked(storage: GcRef, start: usize, step: i64, count: usize) -> GcRef {
    let strategy = Strategy::of_storage(storage);
    if strategy == Strategy::Empty {
        return GcRef::NULL;
    }
    let picked = metatrace_gc::alloc_array(storage_kind(strategy).0, count);
    copy_strided(strategy, storage, start, step, picked, 0, count);
    picked
}

/// `a + b` for two lists: a new list with room for exactly its items. When both lists have the
/// same strategy (or one of them is empty) the items are copied without boxing them.
pub fn concat(a: GcRef, b: GcRef) -> GcRef {
    let (na, nb) = (len(a), len(b));
    let strategy = match (strategy(a), strategy(b)) {
        (s, _) if nb == 0 => s,
        (_, s) if na == 0 => s,
        (sa, sb) if sa == sb => sa,
        _ => {
            let mut all = items(a);
            all.extend(items(b));
            return new_list(&all);
        }
    };
    let joined = if strategy == Strategy::Empty {
        GcRef::NULL
    } else {
        let joined = metatrace_gc::alloc_array(storage_kind(strategy).0, na + nb);
        copy_strided(strategy, storage_of(a), 0, 1, joined, 0, na);
        copy_strided(strategy, storage_of(b), 0, 1, joined, na, nb);
        joined
    };
    list_of(joined, na + nb)
}

/// `list * count` (`count` already checked against memory): a new list in the list's strategy,
/// its items copied in doubling blocks without boxing them.
pub fn repeat(list: GcRef, count: usize) -> GcRef {
    let n = len(list);
    let total = n * count;
    let strategy = strategy(list);
    let repeated = if strategy == Strategy::Empty || total == 0 {
        GcRef::NULL
    } else {
        let repeated = metatrace_gc::alloc_array(storage_kind(strategy).0, total);
        copy_strided(strategy, storage_of(list), 0, 1, repeated, 0, n);
        let mut done = n;
        while done < total {
            let block = done.min(total - done);
            copy_strided(strategy, repeated, 0, 1, repeated, done, block);
            done += block;
        }
        repeated
    };
    list_of(repeated, total)
}

/// `list[start:stop:step] = source` for a `source` list whose items the list's strategy holds
/// as they are (the same strategy, or no items): the items are moved without boxing them, in
/// place when the storage has room. `count` is the slice's length; for `step == 1` the slice is
/// replaced by all of `source`'s items, else `source` must have exactly `count` items. False
/// (nothing done) in the other cases.
pub fn assign_slice_same_strategy(list: GcRef, source: GcRef, start: i64, stop: i64, step: i64, count: i64) -> bool {
    let m = len(source);
    let source_storage = if source == list && m > 0 {
        // `a[i:j] = a`: move from a copy.
        picked(storage_of(list), 0, 1, m)
    } else {
        storage_of(source)
    };
    assign_stored_items(list, source_storage, m, start, stop, step, count)
}

/// [`assign_slice_same_strategy`] for a source of the `m` first items of list storage
/// `source_storage` (null: no items), which is not the list's own storage.
fn assign_stored_items(
    list: GcRef,
    source_storage: GcRef,
    m: usize,
    start: i64,
    stop: i64,
    step: i64,
    count: i64,
) -> bool {
    let storage = storage_of(list);
    let strategy = Strategy::of_storage(storage);
    let fits = strategy != Strategy::Empty && (m == 0 || strategy == Strategy::of_storage(source_storage));
    if !fits || (step != 1 && m as i64 != count) {
        return false;
    }
    let start = start as usize;
    if step != 1 {
        if m > 0 && start.max((start as i64 + (m as i64 - 1) * step) as usize) >= len(list) {
            return false;
        }
        let items = storage_kind(strategy).1;
        for k in 0..m {
            let to = start as i64 + k as i64 * step;
            if strategy == Strategy::Object {
                heap::write_item_ref(storage, items, to, heap::read_item_ref(source_storage, items, k as i64));
            } else {
                heap::write_item(storage, items, to, heap::read_item(source_storage, items, k as i64));
            }
        }
        return true;
    }
    let n = len(list);
    let stop = (stop.max(start as i64) as usize).min(n);
    let start = start.min(stop);
    let new_len = n - (stop - start) + m;
    let target = if new_len > capacity(storage) {
        let grown_storage = metatrace_gc::alloc_array(storage_kind(strategy).0, grown(new_len));
        copy_strided(strategy, storage, 0, 1, grown_storage, 0, start);
        grown_storage
    } else {
        storage
    };
    copy_strided(strategy, storage, stop, 1, target, start + m, n - stop);
    copy_strided(strategy, source_storage, 0, 1, target, start, m);
    if target == storage && strategy == Strategy::Object && new_len < n {
        // Do not keep the objects beyond the new end alive.
        heap::write_ref_items(storage, &RefArray::ITEMS, new_len, &vec![GcRef::NULL; n - new_len]);
    }
    if target != storage {
        set_storage(list, target);
    }
    set_len(list, new_len);
    true
}

/// Switch a list to a strategy that holds `item` too, and make room for `needed` items.
fn prepare(list: GcRef, item: GcRef, needed: usize) {
    let storage = storage_of(list);
    let current = Strategy::of_storage(storage);
    let target = current.join(Strategy::for_item(item));
    let capacity = capacity(storage);
    if target != current || needed > capacity {
        let n = len(list);
        let new_capacity = if needed > capacity { grown(needed) } else { capacity };
        let storage = if target == current {
            let grown_storage = metatrace_gc::alloc_array(storage_kind(current).0, new_capacity);
            copy_strided(current, storage, 0, 1, grown_storage, 0, n);
            grown_storage
        } else {
            make_storage(target, &items(list), new_capacity)
        };
        set_storage(list, storage);
    }
}

/// Store `item` at `i` (below the capacity), the strategy holding it.
fn store(list: GcRef, i: usize, item: GcRef) {
    let storage = storage_of(list);
    match Strategy::of_storage(storage) {
        Strategy::Int => gc::set_item_i64(storage, &IntArray::ITEMS, i, gc::get_i64(item, &W_Int::VALUE)),
        Strategy::Float => gc::set_item_f64(storage, &FloatArray::ITEMS, i, gc::get_f64(item, &W_Float::VALUE)),
        _ => gc::set_item_ref(storage, &RefArray::ITEMS, i, item),
    }
}

/// `list[i] = item` (`i` in bounds).
pub fn set(list: GcRef, i: usize, item: GcRef) {
    prepare(list, item, len(list));
    store(list, i, item);
}

/// `list.append(item)`.
pub fn append(list: GcRef, item: GcRef) {
    let n = len(list);
    prepare(list, item, n + 1);
    store(list, n, item);
    set_len(list, n + 1);
}

/// `list.extend(items)`: in place, the storage growing as `append`'s does (amortized).
pub fn extend(list: GcRef, new_items: &[GcRef]) {
    // The later items stay rooted while the storage grows for the earlier ones.
    let _rooted = metatrace_gc::root_slice(new_items);
    let n = len(list);
    for (k, &item) in new_items.iter().enumerate() {
        prepare(list, item, n + new_items.len());
        store(list, n + k, item);
        // Counted at once: a later item that changes the strategy copies the items so far.
        set_len(list, n + k + 1);
    }
}

/// `list.insert(i, item)`, with Python's clamping of `i`.
pub fn insert(list: GcRef, i: i64, item: GcRef) {
    let n = len(list);
    let at = if i < 0 { (i + n as i64).max(0) } else { i.min(n as i64) } as usize;
    prepare(list, item, n + 1);
    let storage = storage_of(list);
    copy_strided(Strategy::of_storage(storage), storage, at, 1, storage, at + 1, n - at);
    store(list, at, item);
    set_len(list, n + 1);
}

/// `list.pop(i)`: `IndexError` for an empty list or an index out of range.
pub fn pop(list: GcRef, i: i64) -> PyResult<GcRef> {
    let n = len(list) as i64;
    let space = Space::get();
    if n == 0 {
        return Err(space.fault(Fault::Message(Msg::PopEmptyList)));
    }
    let at = if i < 0 { i + n } else { i };
    if !(0..n).contains(&at) {
        return Err(space.fault(Fault::Message(Msg::PopIndex)));
    }
    let (at, last) = (at as usize, n as usize - 1);
    let item = get(list, at);
    let storage = storage_of(list);
    copy_strided(Strategy::of_storage(storage), storage, at + 1, 1, storage, at, last - at);
    if Strategy::of_storage(storage) == Strategy::Object {
        // Do not keep the popped object alive.
        gc::set_item_ref(storage, &RefArray::ITEMS, last, GcRef::NULL);
    }
    set_len(list, last);
    Ok(item)
}

metatrace::residual! {
    /// `list.append(item)` when the storage is full or does not hold the item.
    pub fn list_append_slow(list: Ref, item: Ref) -> Void;
    effect = Plain; can_raise = false; impl = append;
}

fn generalize_impl(list: GcRef) {
    if strategy(list) != Strategy::Object {
        let all = items(list);
        set_storage(list, make_storage(Strategy::Object, &all, all.len()));
    }
}

metatrace::residual! {
    /// Switch a list to the object strategy.
    pub fn list_generalize(list: Ref) -> Void;
    effect = Plain; can_raise = false; impl = generalize_impl;
}

/// The bounds of slice `s` as machine ints, in domain code: `[start, stop, step, omitted]`,
/// where bit 0, 1, 2 of `omitted` says that start, stop, step is None (its int is then 0).
/// `None` when a bound is neither an exact int nor None (a bool, a big int, an object with
/// `__index__`: the generic path converts those).
pub(crate) fn slice_bounds<D: Domain>(d: &mut D, s: D::Ref) -> Option<[D::Int; 4]> {
    let (ints, omitted) = slice_parts(d, s)?;
    let omitted = d.const_int(omitted);
    Some([ints[0], ints[1], ints[2], omitted])
}

/// The bounds of a slice object as [`slice_bounds`] gives them, with `omitted` as a constant.
pub(crate) fn slice_parts<D: Domain>(d: &mut D, s: D::Ref) -> Option<([D::Int; 3], i64)> {
    let mut ints = [d.const_int(0); 3];
    let mut omitted = 0;
    for (k, field) in [&W_Slice::START, &W_Slice::STOP, &W_Slice::STEP].into_iter().enumerate() {
        let v = d.get_ref(s, field);
        let layout = d.layout_of(v);
        if layout == W_Int::layout() {
            ints[k] = d.get_int(v, &W_Int::VALUE);
        } else if layout == W_None::layout() {
            omitted |= 1 << k;
        } else {
            return None;
        }
    }
    Some((ints, omitted))
}

/// The optional bounds that [`slice_bounds`] encoded.
pub(crate) fn decode_bounds(start: i64, stop: i64, step: i64, omitted: i64) -> [Option<i64>; 3] {
    let bound = |v: i64, k: u32| (omitted & (1 << k) == 0).then_some(v);
    [bound(start, 0), bound(stop, 1), bound(step, 2)]
}

fn getslice_impl(list: GcRef, start: i64, stop: i64, step: i64, omitted: i64) -> GcRef {
    let [start, stop, step] = decode_bounds(start, stop, step, omitted);
    let r = crate::iter::adjust_slice(start, stop, step, len(list) as i64)
        .map(|(start, _, step, count)| slice(list, start as usize, step, count as usize));
    crate::runtime::raising(r, GcRef::NULL)
}

metatrace::residual! {
    /// `list[start:stop:step]` with the bounds of [`slice_bounds`].
    pub fn list_getslice(list: Ref, start: Int, stop: Int, step: Int, omitted: Int) -> Ref;
    effect = Plain; can_raise = true; impl = getslice_impl;
}

/// The items `list[start:stop:step]` selects, with the bounds of [`slice_bounds`] and a step
/// that is not zero: the first one's position, the step and the number of items (none for a
/// zero step).
fn selected(list: GcRef, start: i64, stop: i64, step: i64, omitted: i64) -> (usize, i64, usize) {
    let [start, stop, step] = decode_bounds(start, stop, step, omitted);
    if step == Some(0) {
        return (0, 1, 0);
    }
    crate::iter::adjust_slice(start, stop, step, len(list) as i64)
        .map_or((0, 1, 0), |(start, _, step, count)| (start as usize, step, count as usize))
}

fn slice_impl(list: GcRef, start: i64, stop: i64, step: i64, omitted: i64) -> GcRef {
    let (start, step, count) = selected(list, start, stop, step, omitted);
    slice(list, start, step, count)
}

metatrace::residual! {
    /// `list[start:stop:step]` with the bounds of [`slice_bounds`] and a step that is not zero
    /// (so it cannot raise): built lazily by the optimizer ([`LIST_SLICES`]).
    pub fn list_slice(list: Ref, start: Int, stop: Int, step: Int, omitted: Int) -> Ref;
    effect = Plain; can_raise = false; impl = slice_impl; oopspec = OopSpec::SeqSlice(&LIST_SLICES);
}

/// How the optimizer builds list slices lazily and assigns a slice without building it.
pub static LIST_SLICES: SliceSpec = SliceSpec {
    layout: W_List::layout,
    stage: &list_stage_slice::DESCR,
    unstage: &list_unstage::DESCR,
    assign_staged: &list_assign_staged::DESCR,
};

thread_local! {
    /// [`LIST_SLICES`]' buffer on this thread: list storage (rooted; null when nothing was
    /// staged), of which the staged items are the first [`STAGED_COUNT`]. Int and float storage
    /// is reused while it has room; object storage is new each time (no stale references).
    static STAGED: Root = Root::new(GcRef::NULL);
    /// The number of staged items.
    static STAGED_COUNT: Cell<usize> = const { Cell::new(0) };
}

/// The storage of the staged items and their number.
fn staged() -> (GcRef, usize) {
    (STAGED.with(Root::get), STAGED_COUNT.with(Cell::get))
}

fn stage_impl(list: GcRef, start: i64, stop: i64, step: i64, omitted: i64) {
    let (start, step, count) = selected(list, start, stop, step, omitted);
    let storage = storage_of(list);
    let strategy = Strategy::of_storage(storage);
    let (buffer, _) = staged();
    let reusable = matches!(strategy, Strategy::Int | Strategy::Float)
        && Strategy::of_storage(buffer) == strategy
        && capacity(buffer) >= count;
    if reusable {
        copy_strided(strategy, storage, start, step, buffer, 0, count);
    } else {
        STAGED.with(|b| b.set(picked(storage, start, step, count)));
    }
    STAGED_COUNT.with(|c| c.set(count));
}

metatrace::residual! {
    /// Copy the items of `list[start:stop:step]` ([`list_slice`]'s arguments) to the buffer of
    /// [`LIST_SLICES`].
    pub fn list_stage_slice(list: Ref, start: Int, stop: Int, step: Int, omitted: Int) -> Void;
    effect = Plain; can_raise = false; impl = stage_impl;
}

fn unstage_impl() -> GcRef {
    let (buffer, count) = staged();
    list_of(picked(buffer, 0, 1, count), count)
}

metatrace::residual! {
    /// A new list of the staged items of [`LIST_SLICES`].
    pub fn list_unstage() -> Ref;
    effect = Plain; can_raise = false; impl = unstage_impl;
}

fn assign_staged_impl(list: GcRef, start: i64, stop: i64, step: i64, omitted: i64) {
    let (buffer, count) = staged();
    if assign_staged_in_place(list, buffer, count, [start, stop, step, omitted]) {
        return;
    }
    let r = assign_slice(list, [start, stop, step, omitted], |a, b, c, n| {
        (assign_stored_items(list, buffer, count, a, b, c, n), unstage_impl)
    });
    crate::runtime::raising(r, ())
}

/// The usual case of [`assign_staged_impl`] (fannkuch's `a[:k] = a[k-1::-1]`): a contiguous
/// slice of as many items as were staged, in a list of the buffer's int or float strategy, whose
/// items are replaced in place, with no check beyond the bounds. False (nothing done) otherwise.
fn assign_staged_in_place(list: GcRef, buffer: GcRef, count: usize, [start, stop, step, omitted]: [i64; 4]) -> bool {
    let storage = storage_of(list);
    let strategy = Strategy::of_storage(storage);
    if omitted & 0b100 == 0 && step != 1
        || !matches!(strategy, Strategy::Int | Strategy::Float)
        || Strategy::of_storage(buffer) != strategy
    {
        return false;
    }
    let [start, stop, _] = decode_bounds(start, stop, step, omitted);
    match crate::iter::adjust_slice(start, stop, None, len(list) as i64) {
        Ok((start, _, _, selected)) if selected == count as i64 => {
            copy_words(strategy, buffer, 0, 1, storage, start as usize, count);
            true
        }
        _ => false,
    }
}

metatrace::residual! {
    /// `list[start:stop:step] = items` for the staged items of [`LIST_SLICES`], with the bounds
    /// of [`slice_bounds`].
    pub fn list_assign_staged(list: Ref, start: Int, stop: Int, step: Int, omitted: Int) -> Void;
    effect = Plain; can_raise = true; impl = assign_staged_impl;
}

/// `list[start:stop:step] = value` with the `bounds` of [`slice_bounds`]: `fast` gets the
/// adjusted start, stop, step and length, tries to assign in the list's strategy, and returns
/// whether it did and how to get the value for every other case (another strategy, any
/// iterable, the errors), which then goes the generic path.
fn assign_slice<V: FnOnce() -> GcRef>(
    list: GcRef,
    [start, stop, step, omitted]: [i64; 4],
    fast: impl FnOnce(i64, i64, i64, i64) -> (bool, V),
) -> PyResult<()> {
    let [start, stop, step] = decode_bounds(start, stop, step, omitted);
    let (a, b, c, count) = crate::iter::adjust_slice(start, stop, step, len(list) as i64)?;
    let (done, value) = fast(a, b, c, count);
    if done {
        return Ok(());
    }
    let value = value();
    let bound = |v: Option<i64>| v.map_or(Space::get().none, heap_int);
    let key = crate::iter::new_slice(bound(start), bound(stop), bound(step));
    crate::objspace::setitem(list, key, value)
}

fn setslice_impl(list: GcRef, start: i64, stop: i64, step: i64, omitted: i64, value: GcRef) {
    let r = assign_slice(list, [start, stop, step, omitted], |a, b, c, n| {
        (value.layout() == W_List::layout() && assign_slice_same_strategy(list, value, a, b, c, n), move || value)
    });
    crate::runtime::raising(r, ())
}

metatrace::residual! {
    /// `list[start:stop:step] = value` with the bounds of [`slice_bounds`].
    pub fn list_setslice(list: Ref, start: Int, stop: Int, step: Int, omitted: Int, value: Ref) -> Void;
    effect = Plain; can_raise = true; impl = setslice_impl; oopspec = OopSpec::SeqAssign(&LIST_SLICES);
}

/// `list[s]` for a slice `s` of ints and Nones, in domain code: one residual call on the
/// unboxed bounds (the slice object and the bounds' boxes stay virtual in a trace), which
/// cannot raise when the step is not zero. `None` for other slices.
pub fn getslice<D: Domain>(d: &mut D, list: D::Ref, s: D::Ref) -> Result<Option<D::Ref>, D::Ref> {
    let Some(([start, stop, step], omitted)) = slice_parts(d, s) else { return Ok(None) };
    let nonzero_step = omitted & 0b100 != 0 || {
        let zero = d.const_int(0);
        let nonzero = d.int_op(IntOp::Ne, step, zero);
        d.branch(nonzero)
    };
    let omitted = d.const_int(omitted);
    if nonzero_step {
        list_slice(d, list, start, stop, step, omitted).map(Some)
    } else {
        list_getslice(d, list, start, stop, step, omitted).map(Some)
    }
}

/// `list[s] = value` for a slice `s` of ints and Nones, in domain code, as [`getslice`]; false
/// (nothing done) for other slices.
pub fn setslice<D: Domain>(d: &mut D, list: D::Ref, s: D::Ref, value: D::Ref) -> Result<bool, D::Ref> {
    let Some([start, stop, step, omitted]) = slice_bounds(d, s) else { return Ok(false) };
    list_setslice(d, list, start, stop, step, omitted, value)?;
    Ok(true)
}

/// The number of items, in domain code.
pub fn length<D: Domain>(d: &mut D, list: D::Ref) -> D::Int {
    known::get_int(d, list, W_List::layout(), &W_List::LENGTH)
}

/// The strategy of a list and its storage, in domain code (a null check and a class guard).
#[inline]
pub fn strategy_of<D: Domain>(d: &mut D, list: D::Ref) -> (Strategy, D::Ref) {
    let storage = known::get_ref(d, list, W_List::layout(), &W_List::STORAGE);
    strategy_of_storage(d, storage)
}

/// The strategy of a list whose storage is `storage`, and the storage, in domain code.
#[inline]
fn strategy_of_storage<D: Domain>(d: &mut D, storage: D::Ref) -> (Strategy, D::Ref) {
    if d.is_null(storage) {
        return (Strategy::Empty, storage);
    }
    let layout = d.layout_of(storage);
    let s = if layout == IntArray::layout() {
        Strategy::Int
    } else if layout == FloatArray::layout() {
        Strategy::Float
    } else {
        Strategy::Object
    };
    (s, storage)
}

/// `list[i]` for an int index, in domain code: an unboxed read and a new box for the int and float
/// strategies.
pub fn getitem<D: Domain>(d: &mut D, list: D::Ref, i: D::Int) -> Result<D::Ref, D::Ref> {
    let list = Checked::new(d, list, W_List::layout());
    let n = list.get_int(d, &W_List::LENGTH);
    let Some(i) = sequence::normalize_index(d, i, n) else {
        return Err(exceptions::raise(d, Fault::Message(Msg::ListIndex)));
    };
    let storage = list.get_ref(d, &W_List::STORAGE);
    let (strategy, storage) = strategy_of_storage(d, storage);
    Ok(item_at(d, strategy, storage, i))
}

/// The item at in-bounds position `i` of a list's `storage` of `strategy` (not `Empty`), in domain
/// code: an unboxed read and a new box for the int and float strategies.
#[inline]
pub fn item_at<D: Domain>(d: &mut D, strategy: Strategy, storage: D::Ref, i: D::Int) -> D::Ref {
    match strategy {
        Strategy::Int => {
            let v = known::get_item_int(d, storage, IntArray::layout(), &IntArray::ITEMS, i);
            new_int(d, v)
        }
        Strategy::Float => {
            let v = known::get_item_float(d, storage, FloatArray::layout(), &FloatArray::ITEMS, i);
            new_float(d, v)
        }
        _ => known::get_item_ref(d, storage, RefArray::layout(), &RefArray::ITEMS, i),
    }
}

/// Store `item` at in-bounds position `i` if the strategy holds it without a change; false if not.
#[inline(always)]
fn store_unboxed<D: Domain>(d: &mut D, strategy: Strategy, storage: D::Ref, i: D::Int, item: D::Ref) -> bool {
    match strategy {
        Strategy::Empty => false,
        Strategy::Object => {
            known::set_item_ref(d, storage, RefArray::layout(), &RefArray::ITEMS, i, item);
            true
        }
        Strategy::Int | Strategy::Float => {
            let layout = d.layout_of(item);
            if strategy == Strategy::Int && layout == W_Int::layout() {
                let v = known::get_int(d, item, W_Int::layout(), &W_Int::VALUE);
                known::set_item_int(d, storage, IntArray::layout(), &IntArray::ITEMS, i, v);
                true
            } else if strategy == Strategy::Float && layout == W_Float::layout() {
                let v = known::get_float(d, item, W_Float::layout(), &W_Float::VALUE);
                d.set_item_float(storage, &FloatArray::ITEMS, i, v);
                true
            } else {
                false
            }
        }
    }
}

/// `list[i] = item` for an int index, in domain code.
pub fn setitem<D: Domain>(d: &mut D, list: D::Ref, i: D::Int, item: D::Ref) -> Result<(), D::Ref> {
    let checked = Checked::new(d, list, W_List::layout());
    let n = checked.get_int(d, &W_List::LENGTH);
    let Some(i) = sequence::normalize_index(d, i, n) else {
        return Err(exceptions::raise(d, Fault::Message(Msg::ListAssignIndex)));
    };
    let storage = checked.get_ref(d, &W_List::STORAGE);
    let (strategy, storage) = strategy_of_storage(d, storage);
    if !store_unboxed(d, strategy, storage, i, item) {
        list_generalize(d, list)?;
        let storage = checked.get_ref(d, &W_List::STORAGE);
        known::set_item_ref(d, storage, RefArray::layout(), &RefArray::ITEMS, i, item);
    }
    Ok(())
}

/// `list.append(item)`, in domain code: a store and a length update when there is room and the
/// strategy holds the item; a residual call otherwise.
pub fn append_item<D: Domain>(d: &mut D, list: D::Ref, item: D::Ref) -> Result<(), D::Ref> {
    let checked = Checked::new(d, list, W_List::layout());
    let n = checked.get_int(d, &W_List::LENGTH);
    let storage = checked.get_ref(d, &W_List::STORAGE);
    let (strategy, storage) = strategy_of_storage(d, storage);
    let capacity = match strategy {
        Strategy::Empty => d.const_int(0),
        Strategy::Int => known::array_len(d, storage, IntArray::layout(), &IntArray::ITEMS),
        Strategy::Float => known::array_len(d, storage, FloatArray::layout(), &FloatArray::ITEMS),
        Strategy::Object => known::array_len(d, storage, RefArray::layout(), &RefArray::ITEMS),
    };
    if strategy == Strategy::Empty {
        // The first item: a storage of its strategy with `grown(1)` places, as `prepare` makes
        // it, allocated here so that it can stay virtual in a trace.
        let strategy = Strategy::for_layout(d.layout_of(item));
        let places = d.const_int(grown(1) as i64);
        let storage = d.new_array(storage_kind(strategy).0, places);
        let zero = d.const_int(0);
        store_unboxed(d, strategy, storage, zero, item);
        d.set_ref(list, &W_List::STORAGE, storage);
        let one = d.const_int(1);
        d.set_int(list, &W_List::LENGTH, one);
        return Ok(());
    }
    let room = d.int_op(IntOp::Lt, n, capacity);
    if d.branch(room) && store_unboxed(d, strategy, storage, n, item) {
        let one = d.const_int(1);
        let n1 = d.int_op(IntOp::Add, n, one);
        checked.set_int(d, &W_List::LENGTH, n1);
        return Ok(());
    }
    list_append_slow(d, list, item)
}

/// The storage holding exactly `items` in the most specific strategy that holds them all, in
/// domain code (null for no items): allocated here so that it can stay virtual in a trace.
fn storage_in<D: Domain>(d: &mut D, items: &[D::Ref]) -> D::Ref {
    let mut strategy = Strategy::Empty;
    for &item in items {
        strategy = strategy.join(Strategy::for_layout(d.layout_of(item)));
    }
    if strategy == Strategy::Empty {
        return d.const_ref(GcRef::NULL);
    }
    let places = d.const_int(items.len() as i64);
    let storage = d.new_array(storage_kind(strategy).0, places);
    for (k, &item) in items.iter().enumerate() {
        let i = d.const_int(k as i64);
        store_unboxed(d, strategy, storage, i, item);
    }
    storage
}

/// A new list of `items` (`BUILD_LIST`), in domain code.
pub fn new_in<D: Domain>(d: &mut D, items: &[D::Ref]) -> D::Ref {
    let list = d.new(W_List::layout());
    let storage = storage_in(d, items);
    d.set_ref(list, &W_List::STORAGE, storage);
    let n = d.const_int(items.len() as i64);
    d.set_int(list, &W_List::LENGTH, n);
    list
}

/// The most items [`small_items_in`] and [`extend_in`] hold: on the stack, where the collector
/// sees them (an int or float list's items are boxed as they are read, and the next box, or the
/// new storage, may be the allocation that collects).
const SMALL_ITEMS: usize = 16;

/// The items of a list whose length, promoted, is at most `limit` (at most [`SMALL_ITEMS`]), in
/// domain code; `None` for longer lists. In a trace the promotion costs nothing for a list built
/// in it (virtual).
fn small_items_in<D: Domain>(d: &mut D, list: D::Ref, limit: i64) -> Option<smallvec::SmallVec<[D::Ref; SMALL_ITEMS]>> {
    let len = length(d, list);
    let n = d.promote_int(len);
    if n > limit || n > SMALL_ITEMS as i64 {
        return None;
    }
    let (strategy, storage) = strategy_of(d, list);
    Some(
        (0..n)
            .map(|k| {
                let i = d.const_int(k);
                item_at(d, strategy, storage, i)
            })
            .collect(),
    )
}

/// `LIST_EXTEND` of a list by a tuple when the result has at most `limit` items, in domain code:
/// the list gets a new storage of all its items, so that a list built in a trace (`f(a, *t)`,
/// `[x, *t]`, a display of constants) stays virtual. `false` (nothing done) for other values and
/// longer results.
pub fn extend_in<D: Domain>(d: &mut D, list: D::Ref, value: D::Ref, limit: i64) -> bool {
    if d.layout_of(value) != crate::tuple::W_Tuple::layout() {
        return false;
    }
    let len = crate::tuple::length(d, value);
    let k = d.promote_int(len);
    if k > limit || limit > SMALL_ITEMS as i64 {
        return false;
    }
    let Some(mut items) = small_items_in(d, list, limit - k) else { return false };
    for j in 0..k {
        let i = d.const_int(j);
        items.push(known::get_item_ref(d, value, crate::tuple::W_Tuple::layout(), &crate::tuple::W_Tuple::ITEMS, i));
    }
    let storage = storage_in(d, &items);
    d.set_ref(list, &W_List::STORAGE, storage);
    let n = d.const_int(items.len() as i64);
    d.set_int(list, &W_List::LENGTH, n);
    true
}

/// `LIST_TO_TUPLE` of a non-empty list of at most `limit` items, in domain code (a tuple that can
/// stay virtual in a trace); `None` for other lengths.
pub fn to_tuple_in<D: Domain>(d: &mut D, list: D::Ref, limit: i64) -> Option<D::Ref> {
    let items = small_items_in(d, list, limit)?;
    if items.is_empty() {
        return None;
    }
    Some(crate::tuple::new_tuple(d, &items))
}

/// `list.pop()` (the last item), in domain code.
pub fn pop_last<D: Domain>(d: &mut D, list: D::Ref) -> Result<D::Ref, D::Ref> {
    let n = length(d, list);
    let zero = d.const_int(0);
    let empty = d.int_op(IntOp::Eq, n, zero);
    if d.branch(empty) {
        return Err(exceptions::raise(d, Fault::Message(Msg::PopEmptyList)));
    }
    let one = d.const_int(1);
    let last = d.int_op(IntOp::Sub, n, one);
    let item = getitem(d, list, last)?;
    let (strategy, storage) = strategy_of(d, list);
    if strategy == Strategy::Object {
        // Do not keep the popped object alive.
        let null = d.const_ref(GcRef::NULL);
        known::set_item_ref(d, storage, RefArray::layout(), &RefArray::ITEMS, last, null);
    }
    d.set_int(list, &W_List::LENGTH, last);
    Ok(item)
}

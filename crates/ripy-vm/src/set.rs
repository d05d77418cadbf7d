//! `set` and `frozenset`: CPython's open-addressing hash table, reproduced exactly so that
//! iteration order, and so what programs print, is CPython's.
//!
//! Unlike dicts, CPython's sets are not ordered: they iterate in table order, which depends on the
//! hashes, the table size, the probe sequence (9 linear probes, then perturbation) and the resize
//! policy. The table follows `Objects/setobject.c` of 3.11: slots of (key, hash), a slot is
//! unused (null key), a dummy (null key, hash -1: CPython's `dummy` after a deletion; no real hash
//! is -1), or active. A new key reuses the last dummy of its probe sequence, if any; a table more
//! than 3/5 full grows to the smallest power of two above 4 × used (2 × used past 50000); merging a
//! set into an empty one copies its table as CPython does; the in-place operations (`&=`, `-=`,
//! `^=`, `pop`) follow CPython's in-place algorithms, so that the tables they leave are CPython's.
//! Frozensets of small ints are the exception seen by nothing: their `&` and `-` are computed on
//! bitmaps and leave CPython's table without its dummies ([`small_int_binop`]).
//!
//! A [`W_Set`] or [`W_FrozenSet`] holds its counts and its two arrays (keys, hashes) itself (one
//! layout each, so the layout is the type; the fields they share have the same names). An
//! operation reads and checks the arrays once into a [`Table`] view; before each probe and each
//! step of an iteration it only checks that the keys array is still the set's (user code run by a
//! comparison may have resized or cleared the set), and reads them again when it is not.
//! Instances of user classes compare and hash by identity here, as in [`crate::compare`].

use crate::compare;
use crate::gc::{self, RootedVec};
use crate::hash;
use crate::int::{heap_int, W_Int};
use crate::ops::BinOp;
use crate::space::PyResult;
use crate::storage::{IntArray, RefArray};
use crate::unicode::{self, W_Str};
use metatrace::domain::Domain;
use metatrace_gc::heap::{self, ref_items, word_items, RefItems, WordItems};
use metatrace_gc::{FieldDescr, GcHeader, GcObject, GcRef};
use metatrace_macros::GcObject;

/// A `set` object.
#[derive(GcObject)]
#[repr(C)]
pub struct W_Set {
    /// The object header.
    pub header: GcHeader,
    /// The number of active slots.
    pub used: i64,
    /// The number of active and dummy slots.
    pub fill: i64,
    /// The keys ([`RefArray`], a power of two long): null for unused and dummy slots.
    pub keys: GcRef,
    /// The hashes ([`IntArray`]): -1 for a dummy slot.
    pub hashes: GcRef,
    /// Where the next `pop` starts looking (CPython's `finger`).
    pub finger: i64,
}

/// A `frozenset` object: a table as [`W_Set`]'s, filled when it is made.
#[derive(GcObject)]
#[repr(C)]
pub struct W_FrozenSet {
    /// The object header.
    pub header: GcHeader,
    /// The number of active slots.
    pub used: i64,
    /// The number of active and dummy slots.
    pub fill: i64,
    /// The keys, as [`W_Set::KEYS`].
    pub keys: GcRef,
    /// The hashes, as [`W_Set::HASHES`].
    pub hashes: GcRef,
    /// The hash, or -1 until computed.
    pub hash: i64,
    /// The keys as a bitmap when they are all exact ints from 0 to 62 (bit 63 set, and bit `k`
    /// for key `k`), [`NOT_SMALL_INTS`] when they are not, 0 until computed or after a change
    /// (see [`small_ints`]).
    pub small_ints: i64,
    /// The table's size when [`small_ints`] is valid, the table has no dummies and no two keys
    /// share a home slot, so that the bitmap says where every key is (see [`next_small_int`]); 0
    /// when not, or not computed.
    pub home_size: i64,
}

const MIN_SIZE: usize = 8;
const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;
const DUMMY_HASH: i64 = -1;
/// The bit of [`W_FrozenSet::small_ints`] that says the bitmap is valid.
const SMALL_INTS_VALID: u64 = 1 << 63;
/// [`W_FrozenSet::small_ints`] of a frozenset with a key that is not an exact int from 0 to 62.
const NOT_SMALL_INTS: u64 = 1;

/// Whether `s`, a set or frozenset, is a frozenset.
#[inline(always)]
fn is_frozen(s: GcRef) -> bool {
    s.layout() == W_FrozenSet::layout()
}

/// Field `set_field` of a set, or `frozen_field` of a frozenset, of `s` (each read with its
/// layout known, so that the checks fold).
#[inline(always)]
fn read_field(s: GcRef, frozen: bool, set_field: &FieldDescr, frozen_field: &FieldDescr) -> u64 {
    if frozen {
        heap::read_field_expecting(s, W_FrozenSet::layout(), frozen_field)
    } else {
        heap::read_field_expecting(s, W_Set::layout(), set_field)
    }
}

/// Write `v` to field `set_field` of a set, or `frozen_field` of a frozenset (see [`read_field`]).
#[inline(always)]
fn write_field(s: GcRef, frozen: bool, set_field: &FieldDescr, frozen_field: &FieldDescr, v: u64) {
    if frozen {
        heap::write_field_expecting(s, W_FrozenSet::layout(), frozen_field, v)
    } else {
        heap::write_field_expecting(s, W_Set::layout(), set_field, v)
    }
}

/// Reference field `set_field` of a set, or `frozen_field` of a frozenset (see [`read_field`]).
#[inline(always)]
fn read_ref_field(s: GcRef, frozen: bool, set_field: &FieldDescr, frozen_field: &FieldDescr) -> GcRef {
    if frozen {
        heap::read_field_ref_expecting(s, W_FrozenSet::layout(), frozen_field)
    } else {
        heap::read_field_ref_expecting(s, W_Set::layout(), set_field)
    }
}

/// The keys array of a set or frozenset.
#[inline(always)]
fn keys_array(s: GcRef, frozen: bool) -> GcRef {
    read_ref_field(s, frozen, &W_Set::KEYS, &W_FrozenSet::KEYS)
}

/// The hashes array of a set or frozenset.
#[inline(always)]
fn hashes_array(s: GcRef, frozen: bool) -> GcRef {
    read_ref_field(s, frozen, &W_Set::HASHES, &W_FrozenSet::HASHES)
}

/// A slot of a table, as read.
struct Slot {
    key: GcRef,
    hash: i64,
}

impl Slot {
    fn is_unused(&self) -> bool {
        self.key.is_null() && self.hash != DUMMY_HASH
    }
    fn is_dummy(&self) -> bool {
        self.key.is_null() && self.hash == DUMMY_HASH
    }
}

/// A hash array of `size` zeros (unused slots).
fn zero_hashes(size: usize) -> GcRef {
    metatrace_gc::alloc_array(IntArray::layout(), size)
}

/// The size of a table for `minused` active slots: the smallest power of two above it.
fn table_size(minused: usize) -> usize {
    let mut size = MIN_SIZE;
    while size <= minused {
        size <<= 1;
    }
    size
}

/// The table of a set or frozenset: its key and hash arrays, read and checked once for a whole
/// probe or scan. They stay the set's until it is resized or cleared (which only a set operation
/// or user code run by a comparison can do); [`Table::current`] reads them again when they changed.
#[derive(Clone, Copy)]
struct Table {
    set: GcRef,
    frozen: bool,
    keys: RefItems,
    hashes: WordItems,
    mask: usize,
}

impl Table {
    /// The current table of set or frozenset `s`.
    #[inline(always)]
    fn of(s: GcRef) -> Table {
        let frozen = is_frozen(s);
        let (keys, hashes) = (keys_array(s, frozen), hashes_array(s, frozen));
        // With the layouts compared first, the array-part checks of `ref_items` and `word_items`
        // fold to nothing.
        if keys.layout() != RefArray::layout() || hashes.layout() != IntArray::layout() {
            not_a_table(s)
        }
        let keys = ref_items(keys, &RefArray::ITEMS);
        let hashes = word_items(hashes, &IntArray::ITEMS);
        Table { set: s, frozen, keys, hashes, mask: keys.len() - 1 }
    }

    /// Whether the set still has these arrays.
    #[inline(always)]
    fn is_current(&self) -> bool {
        keys_array(self.set, self.frozen) == self.keys.array()
    }

    /// Make this the set's current table (read again only when the set changed arrays).
    #[inline(always)]
    fn refresh(&mut self) {
        if !self.is_current() {
            *self = Table::of(self.set);
        }
    }

    /// The active slots, as (index, key), in table order: for scans during which no user code
    /// runs (so the table stays the set's).
    #[inline(always)]
    fn active(&self) -> impl Iterator<Item = (usize, GcRef)> + '_ {
        (0..self.keys.len()).filter_map(move |i| {
            let key = self.keys.get(i);
            (!key.is_null()).then_some((i, key))
        })
    }

    /// The hash of slot `i`.
    #[inline(always)]
    fn hash(&self, i: usize) -> i64 {
        self.hashes.get(i) as i64
    }

    #[inline(always)]
    fn slot(&self, i: usize) -> Slot {
        Slot { key: self.keys.get(i), hash: self.hashes.get(i) as i64 }
    }

    #[inline(always)]
    fn set_slot(&self, i: usize, key: GcRef, hash: i64) {
        self.keys.set(i, key);
        self.hashes.set(i, hash as u64);
    }

    /// The number of active slots.
    #[inline(always)]
    fn used(&self) -> usize {
        read_field(self.set, self.frozen, &W_Set::USED, &W_FrozenSet::USED) as usize
    }

    /// The number of active and dummy slots.
    #[inline(always)]
    fn fill(&self) -> usize {
        read_field(self.set, self.frozen, &W_Set::FILL, &W_FrozenSet::FILL) as usize
    }

    /// Set the number of active slots: every change of the keys ends with it, so it also drops
    /// a frozenset's small-int bitmap.
    #[inline(always)]
    fn set_used(&self, v: usize) {
        write_field(self.set, self.frozen, &W_Set::USED, &W_FrozenSet::USED, v as u64);
        if self.frozen {
            heap::write_field_expecting(self.set, W_FrozenSet::layout(), &W_FrozenSet::SMALL_INTS, 0);
            heap::write_field_expecting(self.set, W_FrozenSet::layout(), &W_FrozenSet::HOME_SIZE, 0);
        }
    }

    #[inline(always)]
    fn set_fill(&self, v: usize) {
        write_field(self.set, self.frozen, &W_Set::FILL, &W_FrozenSet::FILL, v as u64)
    }
}

/// A set whose arrays are not a key and a hash array: a broken invariant of this module.
#[cold]
#[inline(never)]
fn not_a_table(s: GcRef) -> ! {
    panic!("set at {:#x} has no key and hash arrays", s.addr())
}

/// Give set or frozenset `s` the arrays `keys` and `hashes`.
fn set_arrays(s: GcRef, keys: GcRef, hashes: GcRef) {
    let (keys_field, hashes_field) =
        if is_frozen(s) { (&W_FrozenSet::KEYS, &W_FrozenSet::HASHES) } else { (&W_Set::KEYS, &W_Set::HASHES) };
    gc::set_ref(s, keys_field, keys);
    gc::set_ref(s, hashes_field, hashes);
}

/// Give set or frozenset `s` fresh empty arrays of `size` slots (no counts changed).
fn install_arrays(s: GcRef, size: usize) {
    let (keys, hashes) = (RefArray::nulls(size), zero_hashes(size));
    set_arrays(s, keys, hashes);
}

/// The probe sequence of CPython's sets, as slot indexes: from `hash & mask`, up to 9 following
/// slots, then a perturbed jump from the start of that run, and so on. It never ends (a table
/// always has an unused slot, which ends every search).
struct ProbeSeq {
    /// The first slot of the current linear run.
    start: usize,
    /// The next slot.
    next: usize,
    /// The last slot of the current linear run.
    last: usize,
    perturb: u64,
    mask: usize,
}

impl ProbeSeq {
    #[inline(always)]
    fn new(hash: i64, mask: usize) -> ProbeSeq {
        let start = hash as u64 as usize & mask;
        ProbeSeq { start, next: start, last: Self::run_end(start, mask), perturb: hash as u64, mask }
    }

    /// The last slot of the linear run from `start`: 9 more slots when they fit below the mask.
    #[inline(always)]
    fn run_end(start: usize, mask: usize) -> usize {
        if start + LINEAR_PROBES <= mask {
            start + LINEAR_PROBES
        } else {
            start
        }
    }
}

impl Iterator for ProbeSeq {
    type Item = usize;

    #[inline(always)]
    fn next(&mut self) -> Option<usize> {
        let i = self.next;
        if i < self.last {
            self.next = i + 1;
        } else {
            self.perturb >>= PERTURB_SHIFT;
            let start = self.start.wrapping_mul(5).wrapping_add(1).wrapping_add(self.perturb as usize) & self.mask;
            *self = ProbeSeq { start, next: start, last: Self::run_end(start, self.mask), ..*self };
        }
        Some(i)
    }
}

/// Whether the stored key `stored` is `key` when that needs no user code: identical objects,
/// two exact ints or two exact strs (the keys of most sets). `None`: ask [`compare::eq`].
#[inline]
fn plain_same_key(stored: GcRef, key: GcRef) -> Option<bool> {
    if stored == key {
        return Some(true);
    }
    let layout = stored.layout();
    if layout != key.layout() {
        return None;
    }
    if layout == W_Int::layout() {
        let value = |i| heap::read_field_expecting(i, W_Int::layout(), &W_Int::VALUE);
        return Some(value(stored) == value(key));
    }
    (layout == W_Str::layout()).then(|| unicode::eq(stored, key))
}

/// Whether the key `stored` at slot `i` of `t` is `key`, asking [`compare::eq`] (user code):
/// `None` when the comparison changed the table under it, so that the caller starts its probe
/// again (as CPython's `restart`).
#[cold]
fn slot_matches(t: &Table, i: usize, stored: GcRef, key: GcRef) -> PyResult<Option<bool>> {
    let same = compare::eq(stored, key)?;
    let unchanged = t.is_current() && t.slot(i).key == stored;
    Ok(unchanged.then_some(same))
}

/// For an exact int `key`, its bit in a small-int bitmap (0 when it is not from 0 to 62); `None`
/// for any other key (which may still equal an int: `True`, `1.0`).
#[inline(always)]
fn int_bit(key: GcRef) -> Option<u64> {
    if key.layout() != W_Int::layout() {
        return None;
    }
    let value = heap::read_field_expecting(key, W_Int::layout(), &W_Int::VALUE) as i64;
    Some(if (0..63).contains(&value) { 1 << value } else { 0 })
}

/// The keys of `s` as a bitmap (bit `k` for key `k`) when `s` is a frozenset whose keys are all
/// exact ints from 0 to 62: its membership tests and subset checks then need no probing. Computed
/// at the first call after the last change of the keys (frozensets change only while this module
/// builds them) and kept in the frozenset.
#[inline]
fn small_ints(s: GcRef) -> Option<u64> {
    if !is_frozen(s) {
        return None;
    }
    let mut bits = heap::read_field_expecting(s, W_FrozenSet::layout(), &W_FrozenSet::SMALL_INTS);
    if bits == 0 {
        let t = Table::of(s);
        bits = t
            .active()
            .try_fold(SMALL_INTS_VALID, |bits, (_, key)| match int_bit(key) {
                Some(bit) if bit != 0 => Some(bits | bit),
                _ => None,
            })
            .unwrap_or(NOT_SMALL_INTS);
        heap::write_field_expecting(s, W_FrozenSet::layout(), &W_FrozenSet::SMALL_INTS, bits);
        let keys = bits & !SMALL_INTS_VALID;
        let size = t.mask + 1;
        if bits & SMALL_INTS_VALID != 0
            && t.fill() == t.used()
            && home_slots(keys, size).count_ones() == keys.count_ones()
        {
            heap::write_field_expecting(s, W_FrozenSet::layout(), &W_FrozenSet::HOME_SIZE, size as u64);
        }
    }
    (bits & SMALL_INTS_VALID != 0).then_some(bits & !SMALL_INTS_VALID)
}

/// A new frozenset of the small ints of `keys` (bitmap as [`small_ints`]'s) whose table has
/// `size` slots, each key at its home slot (slot `k & (size - 1)`, as its hash is `k`): the
/// table that CPython's algorithms leave when no two of these keys share a home slot, whatever
/// the order they were added in (no key is then displaced by another), except for the dummies
/// that removing keys leaves in CPython's table. A frozenset never changes, and dummies only
/// change where later additions to the table go, so those are not seen. `None` when two keys
/// share a home slot.
///
/// A table of 64 slots or more has every key `k` at slot `k`: its hashes array is the shared
/// [`identity_hashes`] array of its size (the table is complete and never changes, and a null key
/// marks an unused slot whatever its hash).
fn small_int_table(size: usize, keys: u64) -> Option<GcRef> {
    if home_slots(keys, size).count_ones() != keys.count_ones() {
        return None;
    }
    let shared = identity_hashes(size);
    // As in `new_empty`, the frame holds `s` (a conservative root) while its arrays are made.
    let s = metatrace_gc::alloc(W_FrozenSet::layout());
    gc::set_i64(s, &W_FrozenSet::HASH, -1);
    set_arrays(s, RefArray::nulls(size), shared.unwrap_or_else(|| zero_hashes(size)));
    let t = Table::of(s);
    let mut rest = keys;
    while rest != 0 {
        let k = rest.trailing_zeros() as usize;
        rest &= rest - 1;
        if shared.is_some() {
            t.keys.set(k, heap_int(k as i64));
        } else {
            t.set_slot(k & t.mask, heap_int(k as i64), hash::hash_i64(k as i64));
        }
    }
    let used = keys.count_ones() as usize;
    t.set_used(used);
    t.set_fill(used);
    heap::write_field_expecting(s, W_FrozenSet::layout(), &W_FrozenSet::SMALL_INTS, keys | SMALL_INTS_VALID);
    heap::write_field_expecting(s, W_FrozenSet::layout(), &W_FrozenSet::HOME_SIZE, size as u64);
    Some(s)
}

/// The sizes of the tables that share [`identity_hashes`]: 64 and 128 (the size that 63 keys grow
/// to, or a copy of them).
const SHARED_HASHES_SIZES: [usize; 2] = [64, 128];

/// The shared hashes array of [`small_int_table`]'s tables of `size` slots, one of
/// [`SHARED_HASHES_SIZES`]: slot `i` holds `i`, the hash of the small int that it holds (made at
/// its first use and kept for the rest of the process; never written to). `None` for other sizes.
fn identity_hashes(size: usize) -> Option<GcRef> {
    static SHARED: std::sync::OnceLock<Vec<GcRef>> = std::sync::OnceLock::new();
    let shared = SHARED.get_or_init(|| {
        SHARED_HASHES_SIZES
            .iter()
            .map(|&n| {
                let hashes = zero_hashes(n);
                let items = word_items(hashes, &IntArray::ITEMS);
                (0..n).for_each(|i| items.set(i, i as u64));
                metatrace_gc::Root::new(hashes).leak();
                hashes
            })
            .collect()
    });
    SHARED_HASHES_SIZES.iter().position(|&n| n == size).map(|i| shared[i])
}

/// The home slots of the small ints of bitmap `bits` in a table of `size` slots, as a bitmap (bit
/// `k & (size - 1)` for key `k`): as many bits as `bits` has when no two keys share a home slot.
#[inline]
fn home_slots(bits: u64, size: usize) -> u64 {
    if size >= 64 {
        return bits;
    }
    let (mut folded, mut rest) = (0, bits);
    while rest != 0 {
        folded |= rest;
        rest >>= size;
    }
    folded & ((1 << size) - 1)
}

/// The slot and key of the first active slot of frozenset `s` from slot `pos` on, read from its
/// small-int bitmap without touching its table, when that bitmap says where every key is (its
/// `home_size` is known): no dummies and no two keys sharing a home slot, so that each key is at
/// its home slot (a key displaced by another would need its home slot taken by a key displaced in
/// turn, and so on: the last of that chain shares its home slot). `None` when the bitmap does not
/// say that; `Some(None)` when no slot from `pos` on is active.
#[inline]
fn next_small_int(s: GcRef, pos: usize) -> Option<Option<(usize, GcRef)>> {
    let bits = small_ints(s)?;
    let size = heap::read_field_expecting(s, W_FrozenSet::layout(), &W_FrozenSet::HOME_SIZE) as usize;
    if size == 0 {
        return None;
    }
    let slots = home_slots(bits, size);
    let rest = if pos >= 64 { 0 } else { slots >> pos };
    if rest == 0 {
        return Some(None);
    }
    let slot = pos + rest.trailing_zeros() as usize;
    let mut key = slot;
    while bits & (1 << key) == 0 {
        key += size;
        if key >= 64 {
            return None;
        }
    }
    Some(Some((slot, heap_int(key as i64))))
}

/// `a & b` or `a - b` of two frozensets of small ints, whose [`small_ints`] bitmaps are `a_bits`
/// and `b_bits`, computed on the bitmaps: the table of the result is made at once as the one
/// [`binop`]'s algorithm (CPython's) leaves, when [`small_int_table`] can make it; `None` when not.
fn small_int_binop(op: BinOp, a: GcRef, b: GcRef, a_bits: u64, b_bits: u64) -> Option<GcRef> {
    match op {
        BinOp::And if a != b => {
            let kept = a_bits & b_bits;
            small_int_table(grown_size(kept.count_ones() as usize), kept)
        }
        BinOp::Sub => {
            let kept = a_bits & !b_bits;
            let used = kept.count_ones() as usize;
            if len(a) >> 2 <= len(b) {
                return small_int_table(grown_size(used), kept);
            }
            // A copy of `a` with `b`'s keys then discarded, resized when the dummies are more than
            // a quarter of the table (see `difference_update`). Where `a`'s keys share no home
            // slot in the copy, the keys left are at their home slots.
            let size = copy_size(len(a));
            if home_slots(a_bits, size).count_ones() != a_bits.count_ones() {
                return None;
            }
            let removed = a_bits & b_bits;
            small_int_table(
                if removed.count_ones() as usize > (size - 1) / 4 { table_size(used * 4) } else { size },
                kept,
            )
        }
        _ => None,
    }
}

/// Whether `key` is in the set of `t`, whose small-int bitmap is `bits` if it has one: a bit test
/// for an exact int key, else a probe ([`lookup`]).
#[inline(always)]
fn has_key(t: &mut Table, bits: Option<u64>, key: GcRef, hash: i64) -> PyResult<bool> {
    if let (Some(bits), Some(bit)) = (bits, int_bit(key)) {
        return Ok(bits & bit != 0);
    }
    Ok(lookup(t, key, hash)?.is_some())
}

/// What a probe for a key found.
enum Probe {
    /// The slot of the key.
    Found(usize),
    /// The unused slot that ends the probe sequence: the key is absent.
    Unused(usize),
    /// A comparison changed the table: probe again.
    Restart,
}

/// Probe `t` for `key` (CPython's `set_lookkey`, with its restart when a comparison changes the
/// table); `dummy` gets the last dummy slot passed.
#[inline(always)]
fn find(t: &Table, key: GcRef, hash: i64, dummy: &mut Option<usize>) -> PyResult<Probe> {
    for i in ProbeSeq::new(hash, t.mask) {
        let s = t.slot(i);
        if s.is_unused() {
            return Ok(Probe::Unused(i));
        }
        if s.is_dummy() {
            *dummy = Some(i);
        } else if s.hash == hash {
            let same = match plain_same_key(s.key, key) {
                Some(same) => same,
                // A comparison that changed the table ends the probe, so `t` stays valid.
                None => match slot_matches(t, i, s.key, key)? {
                    None => return Ok(Probe::Restart),
                    Some(same) => same,
                },
            };
            if same {
                return Ok(Probe::Found(i));
            }
        }
    }
    unreachable!("probe sequences are endless")
}

/// The slot of the active entry for `key` in the set of `t`, if any (CPython's `set_lookkey`);
/// `t` becomes the set's current table.
#[inline]
fn lookup(t: &mut Table, key: GcRef, hash: i64) -> PyResult<Option<usize>> {
    loop {
        t.refresh();
        match find(t, key, hash, &mut None)? {
            Probe::Found(i) => return Ok(Some(i)),
            Probe::Unused(_) => return Ok(None),
            Probe::Restart => {}
        }
    }
}

/// Put a key known to be absent into a table without dummies (CPython's `set_insert_clean`).
#[inline]
fn insert_clean(t: &Table, key: GcRef, hash: i64) {
    if let Some(i) = ProbeSeq::new(hash, t.mask).find(|&i| t.keys.get(i).is_null()) {
        t.set_slot(i, key, hash);
    }
}

/// Rebuild the table of `s` at the smallest power of two above `minused` (CPython's
/// `set_table_resize`); the new table.
fn resize(s: GcRef, minused: usize) -> Table {
    let size = table_size(minused);
    let (keys, hashes) = (RefArray::nulls(size), zero_hashes(size));
    // The old arrays stay referenced from this frame (a conservative root) while their keys
    // move; nothing below allocates.
    let old = Table::of(s);
    let old_hashes = hashes_array(s, old.frozen);
    set_arrays(s, keys, hashes);
    let new = Table::of(s);
    for (i, key) in old.active() {
        insert_clean(&new, key, old.hash(i));
    }
    gc::keep_alive(&[old.keys.array(), old_hashes]);
    new.set_fill(new.used());
    new
}

/// Add `key` with hash `hash` to the set of `t` (CPython's `set_add_entry`), which becomes its
/// current table. A new key goes to the last dummy slot of its probe sequence before the first
/// unused one (checked against CPython 3.11's tables), or else to that unused slot, which may
/// make the table grow.
fn add_entry(t: &mut Table, key: GcRef, hash: i64) -> PyResult<()> {
    let (unused, dummy) = loop {
        t.refresh();
        let mut dummy = None;
        match find(t, key, hash, &mut dummy)? {
            Probe::Found(_) => return Ok(()),
            Probe::Unused(i) => break (i, dummy),
            Probe::Restart => {}
        }
    };
    let used = t.used() + 1;
    t.set_used(used);
    if let Some(i) = dummy {
        t.set_slot(i, key, hash);
        return Ok(());
    }
    t.set_slot(unused, key, hash);
    let fill = t.fill() + 1;
    t.set_fill(fill);
    if fill * 5 >= t.mask * 3 {
        *t = resize(t.set, if used > 50000 { used * 2 } else { used * 4 });
    }
    Ok(())
}

/// Add `key` to the set of `t`, a table without dummies that has no key equal to it (the keys
/// of a frozenset, added one by one to a new set): when comparing `key` runs no user code (an
/// exact int or str), what [`add_entry`] does then, without its comparisons.
fn add_distinct(t: &mut Table, key: GcRef, hash: i64) -> PyResult<()> {
    let layout = key.layout();
    if layout != W_Int::layout() && layout != W_Str::layout() {
        return add_entry(t, key, hash);
    }
    insert_clean(t, key, hash);
    let used = t.used() + 1;
    t.set_used(used);
    t.set_fill(used);
    if used * 5 >= t.mask * 3 {
        *t = resize(t.set, if used > 50000 { used * 2 } else { used * 4 });
    }
    Ok(())
}

/// Remove the entry for `key` (with hash `hash`) from the set of `t` (CPython's
/// `set_discard_entry`): whether it was there.
fn discard_entry(t: &mut Table, key: GcRef, hash: i64) -> PyResult<bool> {
    let Some(i) = lookup(t, key, hash)? else { return Ok(false) };
    t.set_slot(i, GcRef::NULL, DUMMY_HASH);
    t.set_used(t.used() - 1);
    Ok(true)
}

/// Whether an object is a set or a frozenset.
pub fn is_set(obj: GcRef) -> bool {
    obj.layout() == W_Set::layout() || obj.layout() == W_FrozenSet::layout()
}

/// A new empty set (a frozenset when `frozen`) with a table of `size` slots.
fn new_empty(frozen: bool, size: usize) -> GcRef {
    let s = if frozen {
        let s = metatrace_gc::alloc(W_FrozenSet::layout());
        gc::set_i64(s, &W_FrozenSet::HASH, -1);
        s
    } else {
        metatrace_gc::alloc(W_Set::layout())
    };
    install_arrays(s, size);
    s
}

/// A new empty set.
pub fn new_set() -> GcRef {
    new_empty(false, MIN_SIZE)
}

/// A new frozenset of `items`, added in order.
pub fn new_frozenset(items: &[GcRef]) -> PyResult<GcRef> {
    // The items not added yet stay rooted while the table grows and `__hash__` runs.
    let _rooted = metatrace_gc::root_slice(items);
    let s = new_empty(true, MIN_SIZE);
    let mut t = Table::of(s);
    for &item in items {
        add_entry(&mut t, item, hash::hash_key(item)?)?;
    }
    Ok(s)
}

/// The frozenset constant of a code object, of `items` in source order: CPython's compiler
/// builds it from them, then builds it again from its own iteration order (when it merges
/// constants), which decides the table that a `{1, 2, 3}` display copies.
pub fn constant_frozenset(items: &[GcRef]) -> PyResult<GcRef> {
    let first = new_frozenset(items)?;
    new_frozenset(&self::items(first))
}

/// `s.add(key)` of a set.
pub fn add(s: GcRef, key: GcRef) -> PyResult<()> {
    let hash = hash::hash_key(key)?;
    add_entry(&mut Table::of(s), key, hash)
}

/// `s.discard(key)` of a set: whether it was there.
pub fn discard(s: GcRef, key: GcRef) -> PyResult<bool> {
    let key = frozen_key(key)?;
    let hash = hash::hash_key(key)?;
    discard_entry(&mut Table::of(s), key, hash)
}

/// `key in s`.
pub fn contains(s: GcRef, key: GcRef) -> PyResult<bool> {
    let key = frozen_key(key)?;
    let hash = hash::hash_key(key)?;
    Ok(lookup(&mut Table::of(s), key, hash)?.is_some())
}

/// Whether `key` is in set or frozenset `s`, a set key standing for nothing but itself
/// (CPython's `set_contains_key`, which methods such as `isdisjoint` use).
pub fn contains_hashed(s: GcRef, key: GcRef) -> PyResult<bool> {
    let hash = hash::hash_key(key)?;
    Ok(lookup(&mut Table::of(s), key, hash)?.is_some())
}

/// `s.pop()` of a set: the first active entry from the set's finger on (CPython's `set_pop`),
/// or `None` when the set is empty.
pub fn pop(s: GcRef) -> Option<GcRef> {
    let t = Table::of(s);
    if t.used() == 0 {
        return None;
    }
    let mut i = gc::get_i64(s, &W_Set::FINGER) as usize & t.mask;
    while t.keys.get(i).is_null() {
        i = (i + 1) & t.mask;
    }
    let key = t.keys.get(i);
    t.set_slot(i, GcRef::NULL, DUMMY_HASH);
    t.set_used(t.used() - 1);
    gc::set_i64(s, &W_Set::FINGER, i as i64 + 1);
    Some(key)
}

/// A key to look up: a set (or an instance of a set subclass that is not hashable) stands for
/// the frozenset of its items (as CPython does).
fn frozen_key(key: GcRef) -> PyResult<GcRef> {
    let layout = key.layout();
    if layout == W_Int::layout() || layout == W_Str::layout() {
        return Ok(key);
    }
    if layout == W_Set::layout() {
        return new_frozenset(&items(key));
    }
    match crate::subclass::inner(key) {
        Some(value) if value.layout() == W_Set::layout() && hash::hash_object(key).is_err() => {
            new_frozenset(&items(value))
        }
        _ => Ok(key),
    }
}

/// `len(s)`.
pub fn len(s: GcRef) -> usize {
    read_field(s, is_frozen(s), &W_Set::USED, &W_FrozenSet::USED) as usize
}

/// The items of a set or frozenset, in iteration (table) order; rooted, so that they stay alive
/// while user code (a comparison, say) changes or clears the set.
pub fn items(s: GcRef) -> RootedVec {
    // `with_capacity` allocates no GC object: the keys stay in the table until they are rooted.
    let t = Table::of(s);
    let mut keys = RootedVec::with_capacity(t.used());
    for (_, key) in t.active() {
        keys.push(key);
    }
    keys
}

/// `min(s)` (or `max(s)` when `want_max`) of a set or frozenset whose items are all exact ints,
/// found without running user code: `None` when `s` is no set, is empty, or holds other items.
pub fn int_extreme(s: GcRef, want_max: bool) -> Option<GcRef> {
    if !is_set(s) {
        return None;
    }
    if let Some(bits) = small_ints(s) {
        let k = if want_max { 63 - bits.leading_zeros() } else { bits.trailing_zeros() };
        return (bits != 0).then(|| heap_int(i64::from(k)));
    }
    let t = Table::of(s);
    let mut best: Option<(GcRef, i64)> = None;
    for (_, key) in t.active() {
        if key.layout() != W_Int::layout() {
            return None;
        }
        let value = heap::read_field_expecting(key, W_Int::layout(), &W_Int::VALUE) as i64;
        let better = match best {
            None => true,
            Some((_, b)) => {
                if want_max {
                    value > b
                } else {
                    value < b
                }
            }
        };
        if better {
            best = Some((key, value));
        }
    }
    best.map(|(key, _)| key)
}

/// `s |= other` for a set `s` and a set or frozenset `other` (CPython's `set_merge`).
pub fn update_from_set(s: GcRef, other: GcRef) -> PyResult<()> {
    let from = Table::of(other);
    let other_used = from.used();
    if s == other || other_used == 0 {
        return Ok(());
    }
    let mut t = Table::of(s);
    if (t.fill() + other_used) * 5 >= t.mask * 3 {
        t = resize(s, (t.used() + other_used) * 2);
    }
    if t.fill() == 0 {
        // No comparisons and no allocation: the slots are read and stored one by one.
        if t.mask == from.mask && from.fill() == other_used {
            // Same size, no dummies: copy the slots as they are.
            for (i, key) in from.active() {
                t.set_slot(i, key, from.hash(i));
            }
        } else {
            for (i, key) in from.active() {
                insert_clean(&t, key, from.hash(i));
            }
        }
        t.set_fill(other_used);
        t.set_used(other_used);
        return Ok(());
    }
    Entries::of(other).try_for_each(|(key, hash)| add_entry(&mut t, key, hash))
}

/// Remove every item of a set (CPython's `set_clear_internal`: a fresh table, no comparisons).
pub fn clear(s: GcRef) {
    install_arrays(s, MIN_SIZE);
    let t = Table::of(s);
    t.set_used(0);
    t.set_fill(0);
}

/// `s |= items` for items that are not a set: added in order (CPython's `set_update_internal`).
pub fn update(s: GcRef, items: &[GcRef]) -> PyResult<()> {
    let _rooted = metatrace_gc::root_slice(items);
    if add_new_ints(s, items) {
        return Ok(());
    }
    items.iter().try_for_each(|&item| add(s, item))
}

/// The size of the table that adding `used` distinct keys one by one to a new set grows to (from
/// [`MIN_SIZE`] slots, as [`add_entry`] grows it).
fn grown_size(used: usize) -> usize {
    let mut size = MIN_SIZE;
    for u in 1..=used {
        if u * 5 >= (size - 1) * 3 {
            size = table_size(if u > 50000 { u * 2 } else { u * 4 });
        }
    }
    size
}

/// Add `items`, exact ints, to `s` when it is a new set (no slot ever used, [`MIN_SIZE`] slots)
/// all at once, in the table [`int_table`] makes. Whether it did; when not, `s` is unchanged.
fn add_new_ints(s: GcRef, items: &[GcRef]) -> bool {
    let t = Table::of(s);
    if t.fill() != 0 || t.mask + 1 != MIN_SIZE {
        return false;
    }
    int_table(items).is_some_and(|table| {
        install_table(s, table);
        true
    })
}

/// The table (keys, hashes and the number of distinct keys) of a new set of `items`, exact
/// ints, made at once at the size that adding them one by one grows a new set to, when that
/// makes the same table as [`add_entry`] would: when the distinct keys have distinct home slots
/// there (no key probes further, so neither the order of the insertions nor the resizes on the
/// way change where a key lands); `None` when not. Hashing and comparing exact ints runs no code
/// and cannot fail. `set(gen)`'s batches (`crate::consume`), `{a, b, c}` and `set(list)` of
/// ints skip the intermediate tables and their reinsertions.
fn int_table(items: &[GcRef]) -> Option<(GcRef, GcRef, usize)> {
    // Fewer keys never grow the table: adding them one by one is as fast.
    if items.len() < 5 || !items.iter().all(|key| key.layout() == W_Int::layout()) {
        return None;
    }
    let size = grown_size(items.len());
    let (keys, hashes) = (RefArray::nulls(size), zero_hashes(size));
    let (key_items, hash_items) = (ref_items(keys, &RefArray::ITEMS), word_items(hashes, &IntArray::ITEMS));
    let mut used = 0;
    for &key in items {
        let value = gc::get_i64(key, &W_Int::VALUE);
        let hash = hash::hash_i64(value);
        let i = hash as u64 as usize & (size - 1);
        let there = key_items.get(i);
        if there.is_null() {
            key_items.set(i, key);
            hash_items.set(i, hash as u64);
            used += 1;
        } else if gc::get_i64(there, &W_Int::VALUE) != value {
            return None;
        }
    }
    (grown_size(used) == size).then_some((keys, hashes, used))
}

/// Give set or frozenset `s` a table of [`int_table`] as its contents.
fn install_table(s: GcRef, (keys, hashes, used): (GcRef, GcRef, usize)) {
    set_arrays(s, keys, hashes);
    let t = Table::of(s);
    t.set_used(used);
    t.set_fill(used);
}

/// A new set of `items`, added in order: exact ints in a table made at once ([`int_table`]),
/// with no smaller table made first.
pub fn new_set_of(items: &[GcRef]) -> PyResult<GcRef> {
    // The items not added yet stay rooted while the tables are made and `__hash__` runs.
    let _rooted = metatrace_gc::root_slice(items);
    let s = metatrace_gc::alloc(W_Set::layout());
    if let Some(table) = int_table(items) {
        install_table(s, table);
        return Ok(s);
    }
    install_arrays(s, MIN_SIZE);
    items.iter().try_for_each(|&item| add(s, item))?;
    Ok(s)
}

/// `s |= iterable` for any iterable (CPython's `set_update_internal`): a set merges its table, a
/// dict's keys are added after the table grew for all of them, other items are added in order.
pub fn update_from_iterable(s: GcRef, iterable: GcRef) -> PyResult<()> {
    if is_set(iterable) {
        return update_from_set(s, iterable);
    }
    let items = crate::objspace::to_vec(iterable)?;
    if iterable.layout() == crate::dict::W_Dict::layout() {
        let t = Table::of(s);
        if (t.fill() + items.len()) * 5 >= t.mask * 3 {
            resize(s, (t.used() + items.len()) * 2);
        }
    }
    update(s, &items)
}

/// A new set (a frozenset when `frozen`) of the items of `iterable` (CPython's `make_new_set`).
pub fn from_iterable(frozen: bool, iterable: GcRef) -> PyResult<GcRef> {
    let s = new_empty(frozen, MIN_SIZE);
    let _rooted = metatrace_gc::Root::new(s);
    update_from_iterable(s, iterable)?;
    Ok(s)
}

/// A copy of a set or frozenset (CPython's `make_new_set` from a set), of the kind of `like`:
/// made at the size that merging `s` into an empty set would grow it to.
fn copy_as(s: GcRef, like: GcRef) -> PyResult<GcRef> {
    let result = new_empty(like.layout() == W_FrozenSet::layout(), copy_size(len(s)));
    update_from_set(result, s)?;
    Ok(result)
}

/// The table size of a copy of a set of `n` items ([`copy_as`]).
fn copy_size(n: usize) -> usize {
    if n * 5 >= (MIN_SIZE - 1) * 3 {
        table_size(n * 2)
    } else {
        MIN_SIZE
    }
}

/// A new empty set or frozenset, of the same kind as `like`.
pub fn new_empty_like(like: GcRef) -> GcRef {
    new_empty(like.layout() == W_FrozenSet::layout(), MIN_SIZE)
}

/// The active (key, hash) entries of a set or frozenset in table order, read one at a time from
/// the set's current table (CPython's `set_next`), so that a comparison (user code) run between
/// two steps may change or clear the set: iteration then goes on in the new table, as CPython's
/// does. The caller holds the entry it works on on its stack, where the collector sees it.
struct Entries {
    table: Table,
    pos: usize,
}

impl Entries {
    /// The entries of `s`, from its first slot.
    fn of(s: GcRef) -> Entries {
        Entries { table: Table::of(s), pos: 0 }
    }
}

impl Iterator for Entries {
    type Item = (GcRef, i64);

    #[inline]
    fn next(&mut self) -> Option<(GcRef, i64)> {
        self.table.refresh();
        let t = &self.table;
        let mut pos = self.pos;
        while pos < t.keys.len() {
            let key = t.keys.get(pos);
            if !key.is_null() {
                self.pos = pos + 1;
                return Some((key, t.hash(pos)));
            }
            pos += 1;
        }
        self.pos = pos;
        None
    }
}

/// An iterator over a set or frozenset (CPython's `setiterobject`): it reads the set's current
/// table at each step, so it sees what changes the set without changing its size, and raises
/// CPython's `RuntimeError` once the size changed.
#[derive(GcObject)]
#[repr(C)]
pub struct W_SetIter {
    /// The object header.
    pub header: GcHeader,
    /// The set, or null once the iterator is exhausted.
    pub set: GcRef,
    /// The next slot to look at.
    pub pos: i64,
    /// The set's size when the iterator was made; -1 once a change of size was reported.
    pub used: i64,
    /// The number of items not yet returned.
    pub left: i64,
}

/// `iter(s)` of a set or frozenset.
pub fn iter(s: GcRef) -> GcRef {
    let _rooted = metatrace_gc::Root::new(s);
    let it = metatrace_gc::alloc(W_SetIter::layout());
    let n = len(s) as i64;
    gc::set_ref(it, &W_SetIter::SET, s);
    iter_set(it, &W_SetIter::USED, n);
    iter_set(it, &W_SetIter::LEFT, n);
    it
}

/// Field `f` of a set iterator.
#[inline(always)]
fn iter_get(it: GcRef, f: &FieldDescr) -> i64 {
    heap::read_field_expecting(it, W_SetIter::layout(), f) as i64
}

/// Set field `f` of a set iterator.
#[inline(always)]
fn iter_set(it: GcRef, f: &FieldDescr, v: i64) {
    heap::write_field_expecting(it, W_SetIter::layout(), f, v as u64)
}

/// The next item of a set iterator (CPython's `setiter_iternext`): `None` when exhausted;
/// `RuntimeError` (from then on) when the set's size is not what it was.
pub fn iter_next(it: GcRef) -> PyResult<Option<GcRef>> {
    let s = heap::read_field_ref_expecting(it, W_SetIter::layout(), &W_SetIter::SET);
    if s.is_null() {
        return Ok(None);
    }
    if iter_get(it, &W_SetIter::USED) != len(s) as i64 {
        iter_set(it, &W_SetIter::USED, -1);
        let space = crate::space::Space::get();
        return Err(space.new_exception(crate::exceptions::ExcKind::RuntimeError, "Set changed size during iteration"));
    }
    let start = iter_get(it, &W_SetIter::POS) as usize;
    let next = next_small_int(s, start).unwrap_or_else(|| {
        let t = Table::of(s);
        (start..t.keys.len()).find(|&i| !t.keys.get(i).is_null()).map(|i| (i, t.keys.get(i)))
    });
    match next {
        Some((i, key)) => {
            iter_set(it, &W_SetIter::POS, i as i64 + 1);
            iter_set(it, &W_SetIter::LEFT, iter_get(it, &W_SetIter::LEFT) - 1);
            Ok(Some(key))
        }
        None => {
            gc::set_ref(it, &W_SetIter::SET, GcRef::NULL);
            Ok(None)
        }
    }
}

/// `it.__length_hint__()` of a set iterator: the items left, or 0 once the set changed size or
/// the iterator is exhausted.
pub fn iter_length_hint(it: GcRef) -> i64 {
    let s = heap::read_field_ref_expecting(it, W_SetIter::layout(), &W_SetIter::SET);
    if s.is_null() || iter_get(it, &W_SetIter::USED) != len(s) as i64 {
        return 0;
    }
    iter_get(it, &W_SetIter::LEFT)
}

/// The items a set iterator has left, without advancing it (what CPython's `__reduce__` lists,
/// from a copy of the iterator); `RuntimeError` when the set changed size.
pub fn iter_rest(it: GcRef) -> PyResult<RootedVec> {
    let copy = metatrace_gc::alloc(W_SetIter::layout());
    let _rooted = metatrace_gc::Root::new(copy);
    gc::set_ref(copy, &W_SetIter::SET, heap::read_field_ref_expecting(it, W_SetIter::layout(), &W_SetIter::SET));
    for f in [&W_SetIter::POS, &W_SetIter::USED, &W_SetIter::LEFT] {
        iter_set(copy, f, iter_get(it, f));
    }
    let mut rest = RootedVec::new();
    while let Some(item) = iter_next(copy)? {
        rest.push(item);
    }
    Ok(rest)
}

/// `a | b`, `a & b`, `a - b` or `a ^ b` of two sets or frozensets, with CPython's algorithms (so
/// that the result iterates in CPython's order); the result has the kind of `a`. A frozenset of
/// small ints may come from [`small_int_binop`], whose table must not change: a caller that goes
/// on changing the result uses [`binop_table`].
pub fn binop(op: BinOp, a: GcRef, b: GcRef) -> PyResult<GcRef> {
    if let (Some(a_bits), Some(b_bits)) = (small_ints(a), small_ints(b)) {
        if let Some(result) = small_int_binop(op, a, b, a_bits, b_bits) {
            return Ok(result);
        }
    }
    binop_table(op, a, b)
}

/// [`binop`] with the table CPython's algorithm leaves, dummies included, in arrays of its own:
/// for a caller that goes on changing the result.
pub fn binop_table(op: BinOp, a: GcRef, b: GcRef) -> PyResult<GcRef> {
    match op {
        BinOp::Or => {
            let result = copy_as(a, a)?;
            if a != b {
                update_from_set(result, b)?;
            }
            Ok(result)
        }
        BinOp::And => {
            if a == b {
                return copy_as(a, a);
            }
            let result = new_empty_like(a);
            // Iterate over the smaller set, probing the larger.
            let (big, small) = if len(b) > len(a) { (b, a) } else { (a, b) };
            let big_bits = small_ints(big);
            let add = if is_frozen(small) { add_distinct } else { add_entry };
            let (mut big, mut into) = (Table::of(big), Table::of(result));
            for (key, hash) in Entries::of(small) {
                if has_key(&mut big, big_bits, key, hash)? {
                    add(&mut into, key, hash)?;
                }
            }
            Ok(result)
        }
        BinOp::Sub => {
            if len(a) >> 2 > len(b) {
                // Much larger than `b`: copy, then remove `b`'s items (CPython's
                // `set_copy_and_difference`).
                let result = copy_as(a, a)?;
                difference_update(result, b)?;
                return Ok(result);
            }
            let result = new_empty_like(a);
            let other_bits = small_ints(b);
            let add = if is_frozen(a) { add_distinct } else { add_entry };
            let (mut other, mut into) = (Table::of(b), Table::of(result));
            for (key, hash) in Entries::of(a) {
                if !has_key(&mut other, other_bits, key, hash)? {
                    add(&mut into, key, hash)?;
                }
            }
            Ok(result)
        }
        _ => {
            // A copy of `b` (of `a`'s kind), updated with the symmetric difference of `a`.
            let result = copy_as(b, a)?;
            symmetric_difference_update(result, a)?;
            Ok(result)
        }
    }
}

/// `s op= other` for a set `s`, a set or frozenset `other` and `op` one of `|`, `&`, `-`, `^`,
/// in place as CPython does it (`&=` takes the table of the intersection).
pub fn inplace(op: BinOp, s: GcRef, other: GcRef) -> PyResult<()> {
    match op {
        BinOp::Or => update_from_set(s, other),
        BinOp::And => {
            let result = binop_table(BinOp::And, s, other)?;
            take_table(s, result);
            Ok(())
        }
        BinOp::Sub => difference_update(s, other),
        _ => symmetric_difference_update(s, other),
    }
}

/// Give set `s` the table of set or frozenset `from` (a new set that nothing else sees: CPython's
/// `set_swap_bodies` with a temporary).
pub fn take_table(s: GcRef, from: GcRef) {
    let t = Table::of(from);
    set_arrays(s, t.keys.array(), hashes_array(from, t.frozen));
    let t_s = Table::of(s);
    t_s.set_used(t.used());
    t_s.set_fill(t.fill());
}

/// `s -= other` for a set `s` and a set or frozenset `other` (CPython's
/// `set_difference_update_internal`): the entries of `other` (or of the intersection, when `other`
/// is much larger) discarded one by one, then the dummies resized away when more than a quarter
/// of the table.
pub fn difference_update(s: GcRef, other: GcRef) -> PyResult<()> {
    if s == other {
        clear(s);
        return Ok(());
    }
    let other = if len(other) >> 3 > len(s) { binop(BinOp::And, s, other)? } else { other };
    let mut t = Table::of(s);
    for (key, hash) in Entries::of(other) {
        discard_entry(&mut t, key, hash)?;
    }
    gc::keep_alive(&[other]);
    t.refresh();
    let (used, fill) = (t.used(), t.fill());
    if fill - used > t.mask / 4 {
        resize(s, if used > 50000 { used * 2 } else { used * 4 });
    }
    Ok(())
}

/// `s ^= other` for a set `s` and a set or frozenset `other` (CPython's
/// `set_symmetric_difference_update`): each entry of `other` discarded when present, else added.
pub fn symmetric_difference_update(s: GcRef, other: GcRef) -> PyResult<()> {
    if s == other {
        clear(s);
        return Ok(());
    }
    let mut t = Table::of(s);
    for (key, hash) in Entries::of(other) {
        if !discard_entry(&mut t, key, hash)? {
            add_entry(&mut t, key, hash)?;
        }
    }
    Ok(())
}

fn binop_impl(op: i64, a: GcRef, b: GcRef) -> GcRef {
    binop(BinOp::ALL[op as usize], a, b).unwrap_or_else(|e| {
        metatrace::call::set_exception(e);
        GcRef::NULL
    })
}

metatrace::residual! {
    /// `a op b` for two sets or frozensets and `op` one of `|`, `&`, `-`, `^`.
    pub fn set_binop(op: Int, a: Ref, b: Ref) -> Ref;
    effect = Plain; can_raise = true; impl = binop_impl;
}

/// Equality of two sets (of either kind): the same size, and every item of one in the other.
pub fn eq(a: GcRef, b: GcRef) -> PyResult<bool> {
    Ok(len(a) == len(b) && is_subset(a, b)?)
}

/// Whether every item of `a` is in `b` (two sets of either kind; CPython's `set_issubset`).
pub fn is_subset(a: GcRef, b: GcRef) -> PyResult<bool> {
    if len(a) > len(b) {
        return Ok(false);
    }
    let other_bits = small_ints(b);
    if let (Some(a_bits), Some(b_bits)) = (small_ints(a), other_bits) {
        return Ok(a_bits & !b_bits == 0);
    }
    let mut other = Table::of(b);
    for (key, hash) in Entries::of(a) {
        if !has_key(&mut other, other_bits, key, hash)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Whether two sets (of either kind) have no item in common (CPython's `set_isdisjoint`: the
/// smaller one's entries probed in the larger).
pub fn is_disjoint(a: GcRef, b: GcRef) -> PyResult<bool> {
    let (big, small) = if len(b) > len(a) { (b, a) } else { (a, b) };
    let big_bits = small_ints(big);
    if let (Some(big_bits), Some(small_bits)) = (big_bits, small_ints(small)) {
        return Ok(big_bits & small_bits == 0);
    }
    let mut big = Table::of(big);
    for (key, hash) in Entries::of(small) {
        if has_key(&mut big, big_bits, key, hash)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `hash(fs)` of a frozenset (CPython's `frozenset_hash`; cached).
pub fn frozenset_hash(s: GcRef) -> i64 {
    let cached = gc::get_i64(s, &W_FrozenSet::HASH);
    if cached != -1 {
        return cached;
    }
    let shuffle = |h: u64| ((h ^ 89_869_747) ^ (h << 16)).wrapping_mul(3_644_798_167);
    let t = Table::of(s);
    let mut h: u64 = t.active().fold(0, |acc, (i, _)| acc ^ shuffle(t.hash(i) as u64));
    h ^= (t.used() as u64 + 1).wrapping_mul(1_927_868_237);
    h ^= (h >> 11) ^ (h >> 25);
    h = h.wrapping_mul(69_069).wrapping_add(907_133_923);
    let h = if h == u64::MAX { 590_923_713 } else { h as i64 };
    gc::set_i64(s, &W_FrozenSet::HASH, h);
    h
}

fn contains_impl(s: GcRef, key: GcRef) -> i64 {
    contains(s, key).map(i64::from).unwrap_or_else(|e| {
        metatrace::call::set_exception(e);
        0
    })
}

metatrace::residual! {
    /// 1 if `key` is in a set or frozenset, else 0.
    pub fn set_contains(s: Ref, key: Ref) -> Int;
    effect = Plain; can_raise = true; impl = contains_impl;
}

fn add_impl(s: GcRef, key: GcRef) {
    if let Err(e) = add(s, key) {
        metatrace::call::set_exception(e);
    }
}

metatrace::residual! {
    /// `s.add(key)`.
    pub fn set_add(s: Ref, key: Ref) -> Void;
    effect = Plain; can_raise = true; impl = add_impl;
}

fn iter_step_impl(it: GcRef) -> GcRef {
    iter_next(it).map(|item| item.unwrap_or(GcRef::NULL)).unwrap_or_else(|e| {
        metatrace::call::set_exception(e);
        GcRef::NULL
    })
}

metatrace::residual! {
    /// `next(it)` of a set iterator ([`iter_next`]), without the generic dispatch of `next`:
    /// null when exhausted.
    pub fn set_iter_step(it: Ref) -> Ref;
    effect = Plain; can_raise = true; impl = iter_step_impl;
}

/// `len(s)` in domain code: one field read.
pub fn length<D: Domain>(d: &mut D, s: D::Ref) -> D::Int {
    let used = if d.layout_of(s) == W_Set::layout() { &W_Set::USED } else { &W_FrozenSet::USED };
    d.get_int(s, used)
}

//! `set` and `frozenset`: CPython's open-addressing hash table, reproduced exactly so that
//! iteration order, and so what programs print, is CPython's.
//!
//! Unlike dicts, CPython's sets are not ordered: they iterate in table order, which depends on the
//! hashes, the table size, the probe sequence (9 linear probes, then perturbation) and the resize
//! policy. [`SetTable`] follows `Objects/setobject.c` of 3.11: slots of (key, hash), a slot is
//! unused (null key), a dummy (null key, hash -1: CPython's `dummy` after a deletion; no real hash
//! is -1), or active. A new key reuses the last dummy of its probe sequence, if any; a table more than 3/5 full grows to
//! the smallest power of two above 4 × used (2 × used past 50000); merging a set into an empty one
//! copies its table as CPython does.
//!
//! A [`W_Set`] or [`W_FrozenSet`] points at its table (one layout each, so the layout is the type).
//! Instances of user classes compare and hash by identity here, as in [`crate::compare`].

use crate::compare;
use crate::gc::{self, RootedVec};
use crate::hash;
use crate::int::W_Int;
use crate::ops::BinOp;
use crate::space::PyResult;
use crate::storage::{IntArray, RefArray};
use crate::unicode::{self, W_Str};
use metatrace::domain::Domain;
use metatrace_gc::heap::{self, ref_items, word_items, RefItems, WordItems};
use metatrace_gc::{GcHeader, GcObject, GcRef};
use metatrace_macros::GcObject;

/// A `set` object.
#[derive(GcObject)]
#[repr(C)]
pub struct W_Set {
    /// The object header.
    pub header: GcHeader,
    /// Its [`SetTable`].
    pub table: GcRef,
}

/// A `frozenset` object.
#[derive(GcObject)]
#[repr(C)]
pub struct W_FrozenSet {
    /// The object header.
    pub header: GcHeader,
    /// Its [`SetTable`].
    #[gc(immutable)]
    pub table: GcRef,
    /// The hash, or -1 until computed.
    pub hash: i64,
}

/// The hash table of a set.
#[derive(GcObject)]
#[repr(C)]
pub struct SetTable {
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
}

const MIN_SIZE: usize = 8;
const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;
const DUMMY_HASH: i64 = -1;

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

fn new_table(size: usize) -> GcRef {
    let t = metatrace_gc::alloc(SetTable::layout());
    gc::set_ref(t, &SetTable::KEYS, RefArray::nulls(size));
    gc::set_ref(t, &SetTable::HASHES, zero_hashes(size));
    t
}

/// A hash array of `size` zeros (unused slots).
fn zero_hashes(size: usize) -> GcRef {
    metatrace_gc::alloc_array(IntArray::layout(), size)
}

fn mask(t: GcRef) -> usize {
    Arrays::of(t).mask
}

fn slot(t: GcRef, i: usize) -> Slot {
    Arrays::of(t).slot(i)
}

fn set_slot(t: GcRef, i: usize, key: GcRef, hash: i64) {
    Arrays::of(t).set_slot(i, key, hash)
}

/// The key and hash arrays of a table, read and checked once for a whole probe or scan: they
/// stay the table's until it is resized or cleared (which only a set operation or user code run
/// by a comparison can do; callers that run user code read them again).
#[derive(Clone, Copy)]
struct Arrays {
    keys: RefItems,
    hashes: WordItems,
    mask: usize,
}

impl Arrays {
    /// The current arrays of table `t`.
    #[inline]
    fn of(t: GcRef) -> Arrays {
        let keys = ref_items(heap::read_field_ref_expecting(t, SetTable::layout(), &SetTable::KEYS), &RefArray::ITEMS);
        let hashes = heap::read_field_ref_expecting(t, SetTable::layout(), &SetTable::HASHES);
        let hashes = word_items(hashes, &IntArray::ITEMS);
        Arrays { keys, hashes, mask: keys.len() - 1 }
    }

    #[inline]
    fn slot(&self, i: usize) -> Slot {
        Slot { key: self.keys.get(i), hash: self.hashes.get(i) as i64 }
    }

    #[inline]
    fn set_slot(&self, i: usize, key: GcRef, hash: i64) {
        self.keys.set(i, key);
        self.hashes.set(i, hash as u64);
    }
}

/// A count (`USED` or `FILL`) of table `t`.
#[inline]
fn counter(t: GcRef, f: &metatrace_gc::FieldDescr) -> usize {
    heap::read_field_expecting(t, SetTable::layout(), f) as usize
}

#[inline]
fn set_counter(t: GcRef, f: &metatrace_gc::FieldDescr, v: usize) {
    heap::write_field_expecting(t, SetTable::layout(), f, v as u64)
}

/// The probe sequence of CPython's sets: from `hash & mask`, up to 9 following slots, then a
/// perturbed jump. `visit` sees each slot index and says when to stop.
fn probe<T>(hash: i64, mask: usize, mut visit: impl FnMut(usize) -> PyResult<Option<T>>) -> PyResult<T> {
    let mut perturb = hash as u64;
    let mut i = hash as u64 as usize & mask;
    loop {
        let probes = if i + LINEAR_PROBES <= mask { LINEAR_PROBES } else { 0 };
        for j in i..=i + probes {
            if let Some(found) = visit(j)? {
                return Ok(found);
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
    }
}

/// Whether the stored key `stored` is `key` when that needs no user code: identical objects,
/// two exact ints or two exact strs (the keys of most sets). `None`: ask [`compare::eq`].
fn plain_same_key(stored: GcRef, key: GcRef) -> Option<bool> {
    if stored == key {
        return Some(true);
    }
    let layout = stored.layout();
    if layout != key.layout() {
        return None;
    }
    if layout == W_Int::layout() {
        return Some(gc::get_i64(stored, &W_Int::VALUE) == gc::get_i64(key, &W_Int::VALUE));
    }
    (layout == W_Str::layout()).then(|| unicode::eq(stored, key))
}

/// Whether the stored key `stored` is `key` (both with hash `hash`).
fn same_key(stored: GcRef, key: GcRef) -> PyResult<bool> {
    match plain_same_key(stored, key) {
        Some(same) => Ok(same),
        None => compare::eq(stored, key),
    }
}

/// Whether the key at slot `i` of `t` is `key` (with hash `hash`): `None` when the comparison
/// (user code) changed the table under it, so that the caller starts its probe again (as
/// CPython's `restart`).
fn slot_matches(t: GcRef, i: usize, stored: GcRef, key: GcRef) -> PyResult<Option<bool>> {
    let keys = gc::get_ref(t, &SetTable::KEYS);
    let same = same_key(stored, key)?;
    let unchanged = gc::get_ref(t, &SetTable::KEYS) == keys && slot(t, i).key == stored;
    Ok(unchanged.then_some(same))
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
fn find(t: GcRef, key: GcRef, hash: i64, dummy: &mut Option<usize>) -> PyResult<Probe> {
    let arrays = Arrays::of(t);
    probe(hash, arrays.mask, |i| {
        let s = arrays.slot(i);
        if s.is_unused() {
            return Ok(Some(Probe::Unused(i)));
        }
        if s.is_dummy() {
            *dummy = Some(i);
        } else if s.hash == hash {
            let same = match plain_same_key(s.key, key) {
                Some(same) => same,
                // A comparison that changed the table ends the probe, so `arrays` stays valid.
                None => match slot_matches(t, i, s.key, key)? {
                    None => return Ok(Some(Probe::Restart)),
                    Some(same) => same,
                },
            };
            if same {
                return Ok(Some(Probe::Found(i)));
            }
        }
        Ok(None)
    })
}

/// The slot of the active entry for `key`, if any (CPython's `set_lookkey`).
fn lookup(t: GcRef, key: GcRef, hash: i64) -> PyResult<Option<usize>> {
    loop {
        match find(t, key, hash, &mut None)? {
            Probe::Found(i) => return Ok(Some(i)),
            Probe::Unused(_) => return Ok(None),
            Probe::Restart => {}
        }
    }
}

/// Put a key known to be absent into a table without dummies (CPython's `set_insert_clean`).
fn insert_clean(t: GcRef, key: GcRef, hash: i64) {
    let arrays = Arrays::of(t);
    let found: PyResult<usize> = probe(hash, arrays.mask, |i| Ok(arrays.slot(i).key.is_null().then_some(i)));
    let i = found.unwrap_or_else(|_| unreachable!("probing without comparisons"));
    arrays.set_slot(i, key, hash);
}

/// Rebuild the table at the smallest power of two above `minused` (CPython's `set_table_resize`).
fn resize(t: GcRef, minused: usize) {
    let mut size = MIN_SIZE;
    while size <= minused {
        size <<= 1;
    }
    let (keys, hashes) = (RefArray::nulls(size), zero_hashes(size));
    // The old arrays stay referenced from this frame (a conservative root) while their keys
    // move; nothing below allocates.
    let old = Arrays::of(t);
    let old_hashes = gc::get_ref(t, &SetTable::HASHES);
    gc::set_ref(t, &SetTable::KEYS, keys);
    gc::set_ref(t, &SetTable::HASHES, hashes);
    for i in 0..=old.mask {
        let s = old.slot(i);
        if !s.key.is_null() {
            insert_clean(t, s.key, s.hash);
        }
    }
    gc::keep_alive(&[old.keys.array(), old_hashes]);
    set_counter(t, &SetTable::FILL, counter(t, &SetTable::USED));
}

/// Add `key` with hash `hash` (CPython's `set_add_entry`). A new key goes to the last dummy slot
/// of its probe sequence before the first unused one (checked against CPython 3.11's tables), or
/// else to that unused slot, which may make the table grow.
fn add_entry(t: GcRef, key: GcRef, hash: i64) -> PyResult<()> {
    let (unused, dummy) = loop {
        let mut dummy = None;
        match find(t, key, hash, &mut dummy)? {
            Probe::Found(_) => return Ok(()),
            Probe::Unused(i) => break (i, dummy),
            Probe::Restart => {}
        }
    };
    let m = mask(t);
    let used = counter(t, &SetTable::USED) + 1;
    set_counter(t, &SetTable::USED, used);
    if let Some(i) = dummy {
        set_slot(t, i, key, hash);
        return Ok(());
    }
    set_slot(t, unused, key, hash);
    let fill = counter(t, &SetTable::FILL) + 1;
    set_counter(t, &SetTable::FILL, fill);
    if fill * 5 >= m * 3 {
        resize(t, if used > 50000 { used * 2 } else { used * 4 });
    }
    Ok(())
}

/// The table of a set or frozenset.
#[inline]
fn table(s: GcRef) -> GcRef {
    if s.layout() == W_Set::layout() {
        heap::read_field_ref_expecting(s, W_Set::layout(), &W_Set::TABLE)
    } else {
        heap::read_field_ref_expecting(s, W_FrozenSet::layout(), &W_FrozenSet::TABLE)
    }
}

/// Whether an object is a set or a frozenset.
pub fn is_set(obj: GcRef) -> bool {
    obj.layout() == W_Set::layout() || obj.layout() == W_FrozenSet::layout()
}

/// A new empty set.
pub fn new_set() -> GcRef {
    let s = metatrace_gc::alloc(W_Set::layout());
    gc::set_ref(s, &W_Set::TABLE, new_table(MIN_SIZE));
    s
}

/// A new frozenset of `items`, added in order.
pub fn new_frozenset(items: &[GcRef]) -> PyResult<GcRef> {
    let t = new_table(MIN_SIZE);
    for &item in items {
        add_entry(t, item, hash::hash_object(item)?)?;
    }
    let s = metatrace_gc::alloc(W_FrozenSet::layout());
    gc::set_ref(s, &W_FrozenSet::TABLE, t);
    gc::set_i64(s, &W_FrozenSet::HASH, -1);
    Ok(s)
}

/// `s.add(key)` of a set.
pub fn add(s: GcRef, key: GcRef) -> PyResult<()> {
    add_entry(table(s), key, hash::hash_object(key)?)
}

/// `s.discard(key)` of a set: whether it was there.
pub fn discard(s: GcRef, key: GcRef) -> PyResult<bool> {
    let key = frozen_key(key)?;
    discard_entry(table(s), key, hash::hash_object(key)?)
}

/// `key in s`.
pub fn contains(s: GcRef, key: GcRef) -> PyResult<bool> {
    let key = frozen_key(key)?;
    Ok(lookup(table(s), key, hash::hash_object(key)?)?.is_some())
}

/// A key to look up: a set (or an instance of a set subclass that is not hashable) stands for
/// the frozenset of its items (as CPython does).
fn frozen_key(key: GcRef) -> PyResult<GcRef> {
    if key.layout() == W_Set::layout() {
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
    counter(table(s), &SetTable::USED)
}

/// The items of a set or frozenset, in iteration (table) order; rooted, so that they stay alive
/// while user code (a comparison, say) changes or clears the set.
pub fn items(s: GcRef) -> RootedVec {
    // `with_capacity` allocates no GC object: the keys stay in the table until they are rooted.
    let mut keys = RootedVec::with_capacity(len(s));
    keys.extend(Entries::of(s).map(|(key, _)| key));
    keys
}

/// `s |= other` for a set `s` and a set or frozenset `other` (CPython's `set_merge`).
pub fn update_from_set(s: GcRef, other: GcRef) -> PyResult<()> {
    let (t, o) = (table(s), table(other));
    let other_used = counter(o, &SetTable::USED);
    if t == o || other_used == 0 {
        return Ok(());
    }
    if (counter(t, &SetTable::FILL) + other_used) * 5 >= mask(t) * 3 {
        resize(t, (counter(t, &SetTable::USED) + other_used) * 2);
    }
    if counter(t, &SetTable::FILL) == 0 {
        // No comparisons and no allocation: the slots are read and stored one by one.
        let (to, from) = (Arrays::of(t), Arrays::of(o));
        let same_size = to.mask == from.mask && counter(o, &SetTable::FILL) == other_used;
        for i in 0..=from.mask {
            let s = from.slot(i);
            if s.key.is_null() {
                continue;
            }
            if same_size {
                // Same size, no dummies: copy the slots as they are.
                to.set_slot(i, s.key, s.hash);
            } else {
                insert_clean(t, s.key, s.hash);
            }
        }
        set_counter(t, &SetTable::FILL, other_used);
        set_counter(t, &SetTable::USED, other_used);
        return Ok(());
    }
    Entries::of(other).try_for_each(|(key, hash)| add_entry(t, key, hash))
}

/// Remove every item of a set (CPython's `set_clear_internal`: a fresh table, no comparisons).
pub fn clear(s: GcRef) {
    let t = table(s);
    gc::set_ref(t, &SetTable::KEYS, RefArray::nulls(MIN_SIZE));
    gc::set_ref(t, &SetTable::HASHES, zero_hashes(MIN_SIZE));
    set_counter(t, &SetTable::USED, 0);
    set_counter(t, &SetTable::FILL, 0);
}

/// `s |= items` for items that are not a set: added in order (CPython's `set_update_internal`).
pub fn update(s: GcRef, items: &[GcRef]) -> PyResult<()> {
    items.iter().try_for_each(|&item| add(s, item))
}

/// A new empty set or frozenset, of the same kind as `like`.
fn new_like(like: GcRef) -> GcRef {
    if like.layout() == W_Set::layout() {
        new_set()
    } else {
        let s = metatrace_gc::alloc(W_FrozenSet::layout());
        gc::set_ref(s, &W_FrozenSet::TABLE, new_table(MIN_SIZE));
        gc::set_i64(s, &W_FrozenSet::HASH, -1);
        s
    }
}

/// A copy of a set or frozenset, of the kind of `like`.
fn copy_as(s: GcRef, like: GcRef) -> PyResult<GcRef> {
    let result = new_like(like);
    update_from_set(result, s)?;
    Ok(result)
}

/// Remove the slots of `t` whose key is `key` (with hash `hash`): whether it was there.
fn discard_entry(t: GcRef, key: GcRef, hash: i64) -> PyResult<bool> {
    let Some(i) = lookup(t, key, hash)? else { return Ok(false) };
    set_slot(t, i, GcRef::NULL, DUMMY_HASH);
    set_counter(t, &SetTable::USED, counter(t, &SetTable::USED) - 1);
    Ok(true)
}

/// The active (key, hash) entries of a set or frozenset in table order, read one at a time from
/// the set's current table (CPython's `set_next`), so that a comparison (user code) run between
/// two steps may change or clear the set: iteration then goes on in the new table, as CPython's
/// does. The caller holds the entry it works on on its stack, where the collector sees it.
struct Entries {
    set: GcRef,
    pos: usize,
}

impl Entries {
    /// The entries of `s`, from its first slot.
    fn of(s: GcRef) -> Entries {
        Entries { set: s, pos: 0 }
    }
}

impl Iterator for Entries {
    type Item = (GcRef, i64);

    fn next(&mut self) -> Option<(GcRef, i64)> {
        let arrays = Arrays::of(table(self.set));
        while self.pos <= arrays.mask {
            let s = arrays.slot(self.pos);
            self.pos += 1;
            if !s.key.is_null() {
                return Some((s.key, s.hash));
            }
        }
        None
    }
}

/// `a | b`, `a & b`, `a - b` or `a ^ b` of two sets or frozensets, with CPython's algorithms (so
/// that the result iterates in CPython's order); the result has the kind of `a`.
pub fn binop(op: BinOp, a: GcRef, b: GcRef) -> PyResult<GcRef> {
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
            let result = new_like(a);
            // Iterate over the smaller set, probing the larger.
            let (big, small) = if len(b) > len(a) { (b, a) } else { (a, b) };
            for (key, hash) in Entries::of(small) {
                if lookup(table(big), key, hash)?.is_some() {
                    add_entry(table(result), key, hash)?;
                }
            }
            Ok(result)
        }
        BinOp::Sub => {
            if len(a) >> 2 > len(b) {
                // Much larger than `b`: copy, then remove `b`'s items.
                let result = copy_as(a, a)?;
                for (key, hash) in Entries::of(b) {
                    discard_entry(table(result), key, hash)?;
                }
                return Ok(result);
            }
            let result = new_like(a);
            for (key, hash) in Entries::of(a) {
                if lookup(table(b), key, hash)?.is_none() {
                    add_entry(table(result), key, hash)?;
                }
            }
            Ok(result)
        }
        _ => {
            // A copy of `b` (of `a`'s kind), updated with the symmetric difference of `a`.
            let result = copy_as(b, a)?;
            for (key, hash) in Entries::of(a) {
                if !discard_entry(table(result), key, hash)? {
                    add_entry(table(result), key, hash)?;
                }
            }
            Ok(result)
        }
    }
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
    for (key, hash) in Entries::of(a) {
        if lookup(table(b), key, hash)?.is_none() {
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
    let arrays = Arrays::of(table(s));
    let mut h: u64 = (0..=arrays.mask)
        .map(|i| arrays.slot(i))
        .filter(|s| !s.key.is_null())
        .fold(0, |acc, s| acc ^ shuffle(s.hash as u64));
    h ^= (len(s) as u64 + 1).wrapping_mul(1_927_868_237);
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

/// `len(s)` in domain code.
pub fn length<D: Domain>(d: &mut D, s: D::Ref) -> D::Int {
    let layout = d.layout_of(s);
    let t = if layout == W_Set::layout() { d.get_ref(s, &W_Set::TABLE) } else { d.get_ref(s, &W_FrozenSet::TABLE) };
    d.get_int(t, &SetTable::USED)
}

//! `dict`: an ordered compact hash table, as CPython's (since 3.6) and PyPy's.
//!
//! Entries live in insertion order in two parallel arrays (the keys and values, interleaved in one
//! [`RefArray`], and the hashes in an [`IntArray`]); a separate power-of-two [`IntArray`] of
//! indices maps hash slots to entries (-1 empty, -2 deleted), probed with CPython's perturbation
//! scheme. A deleted entry keeps its place with a null key until the next resize compacts the
//! table. An empty dict shares one table without entries until its first insertion. Tables grow
//! when their entries are used up, to a size three times the live count. An
//! operation reads the three arrays once into a [`Table`] of checked views; a probe compares
//! identity first, then the hash, then equality (in line for exact str and int keys).
//!
//! **String keys.** A dict remembers whether every key it ever held is an exact `str`
//! (`str_keys`). Looking up a `str` in such a dict compares hashes and then bytes, and can never
//! call user code; type namespaces, instance maps' transitions and the interned-string table only
//! ever use this path ([`get_str`], [`set_str`], [`del_str`]).
//!
//! Lookups are residual calls (a dict is mutable, so they are not elidable); domain code sees
//! through reading the value of the found entry and raising `KeyError`.
//!
//! **Dicts that traces read as constants** (module globals, builtins, module namespaces,
//! keyword defaults: [`get_str_versioned`]) work like PyPy's module-dict cells. Once a trace
//! folds a lookup in a dict, the dict's quasi-immutable [`W_Dict::jit_version`] changes whenever
//! what a trace folded may change: a key added or deleted, a new table, or the first time the
//! value of an entry is replaced by another object. Until then the trace takes the entry's value
//! as a constant; afterwards that entry is marked [`W_Dict::rebound`] and traces read its value
//! from the table (with the entry's place still a constant), so a global rebound in a loop
//! invalidates compiled code once, not at every store.

use crate::compare;
use crate::exceptions::{self, Fault};
use crate::gc;
use crate::hash;
use crate::int::W_Int;
use crate::known;
use crate::space::PyResult;
use crate::storage::{IntArray, RefArray};
use crate::unicode::{self, W_Str};
use metatrace::call::set_exception;
use metatrace::domain::{Domain, IntOp};
use metatrace_gc::heap::{self, ref_items, word_items, RefItems, WordItems};
use metatrace_gc::{FieldDescr, GcHeader, GcObject, GcRef};
use metatrace_macros::GcObject;

/// A `dict` object.
#[derive(GcObject)]
#[repr(C)]
pub struct W_Dict {
    /// The object header.
    pub header: GcHeader,
    /// The number of items.
    pub used: i64,
    /// The number of entries used, deleted ones included.
    pub filled: i64,
    /// 1 while every key ever stored is an exact str, else 0.
    pub str_keys: i64,
    /// The hash slots ([`IntArray`], a power of two long): an entry number, -1 or -2.
    pub indices: GcRef,
    /// The hashes of the entries ([`IntArray`]).
    pub hashes: GcRef,
    /// The keys and values of the entries, interleaved ([`RefArray`] twice as long as `hashes`); a
    /// deleted entry has a null key.
    pub entries: GcRef,
    /// Changes whenever the entry a key is in may change (an insertion of a new key, a deletion,
    /// a new table), not when a value is replaced: the interpreter's caches of global lookups
    /// compare it.
    pub keys_version: i64,
    /// 0 until a trace folds a lookup in this dict ([`get_str_versioned`]); from then on a new
    /// value whenever a folded lookup may have changed (see the module's doc).
    #[gc(quasi_immutable)]
    pub jit_version: i64,
    /// Of a dict with a `jit_version`: null, or an [`IntArray`] as long as `hashes` whose item `e`
    /// is 1 once the value of entry `e` was replaced (traces read it instead of folding it);
    /// dropped with the table.
    pub rebound: GcRef,
}

const MIN_SIZE: usize = 8;
const EMPTY: i64 = -1;
const DUMMY: i64 = -2;

/// How many entries a table with `size` hash slots holds.
fn usable(size: usize) -> usize {
    size * 2 / 3
}

/// An integer field of a dict (checked in line for a `W_Dict`, see `heap::read_field_expecting`).
#[inline(always)]
fn int_field(dict: GcRef, f: &FieldDescr) -> i64 {
    heap::read_field_expecting(dict, W_Dict::layout(), f) as i64
}

/// Write an integer field of a dict.
#[inline(always)]
fn set_int_field(dict: GcRef, f: &FieldDescr, v: i64) {
    heap::write_field_expecting(dict, W_Dict::layout(), f, v as u64)
}

/// A reference field of a dict.
#[inline(always)]
fn ref_field(dict: GcRef, f: &FieldDescr) -> GcRef {
    heap::read_field_ref_expecting(dict, W_Dict::layout(), f)
}

/// The arrays of a dict's table, read and checked once for a whole probe, store or scan. They
/// stay valid memory while the view lives (objects never move, and the view keeps them alive);
/// they stop being the dict's when it gets a new table.
#[derive(Clone, Copy)]
struct Table {
    indices: WordItems,
    hashes: WordItems,
    entries: RefItems,
    mask: usize,
}

impl Table {
    /// The current table of `dict`.
    #[inline(always)]
    fn of(dict: GcRef) -> Table {
        let known = heap::Known::expect(dict, W_Dict::layout());
        let (indices, hashes, entries) =
            (known.read_ref(&W_Dict::INDICES), known.read_ref(&W_Dict::HASHES), known.read_ref(&W_Dict::ENTRIES));
        // With the layouts compared first, the array-part checks of the views fold to nothing.
        if indices.layout() != IntArray::layout()
            || hashes.layout() != IntArray::layout()
            || entries.layout() != RefArray::layout()
        {
            not_a_table(dict)
        }
        let indices = word_items(indices, &IntArray::ITEMS);
        Table {
            indices,
            hashes: word_items(hashes, &IntArray::ITEMS),
            entries: ref_items(entries, &RefArray::ITEMS),
            mask: indices.len() - 1,
        }
    }

    /// The key of entry `entry` (null once deleted).
    #[inline(always)]
    fn key(&self, entry: usize) -> GcRef {
        self.entries.get(2 * entry)
    }

    /// The value of entry `entry`.
    #[inline(always)]
    fn value(&self, entry: usize) -> GcRef {
        self.entries.get(2 * entry + 1)
    }

    /// A hash slot for a key of hash `hash` that is known to be absent (no comparisons).
    #[inline(always)]
    fn free_slot(&self, hash: i64) -> usize {
        let mut perturb = hash as u64;
        let mut slot = hash as u64 as usize & self.mask;
        while self.indices.get(slot) as i64 >= 0 {
            perturb >>= 5;
            slot = next_slot(slot, perturb, self.mask);
        }
        slot
    }
}

/// The hash slot after `slot` in a probe sequence (CPython's perturbation scheme).
#[inline(always)]
fn next_slot(slot: usize, perturb: u64, mask: usize) -> usize {
    (slot.wrapping_mul(5).wrapping_add(perturb as usize).wrapping_add(1)) & mask
}

#[cold]
#[inline(never)]
fn not_a_table(dict: GcRef) -> ! {
    panic!("a {} has no dict table", dict.layout().name)
}

/// Give `dict` an empty table of `size` hash slots.
fn alloc_table(dict: GcRef, size: usize) {
    // Filled from a constant block: a new dict allocates nothing on the Rust heap.
    const EMPTY_BLOCK: [u64; 64] = [EMPTY as u64; 64];
    let indices = metatrace_gc::alloc_array(IntArray::layout(), size);
    for start in (0..size).step_by(EMPTY_BLOCK.len()) {
        let n = (size - start).min(EMPTY_BLOCK.len());
        heap::write_word_items(indices, &IntArray::ITEMS, start, &EMPTY_BLOCK[..n]);
    }
    gc::set_ref(dict, &W_Dict::INDICES, indices);
    gc::set_ref(dict, &W_Dict::HASHES, metatrace_gc::alloc_array(IntArray::layout(), usable(size)));
    gc::set_ref(dict, &W_Dict::ENTRIES, RefArray::nulls(2 * usable(size)));
    set_int_field(dict, &W_Dict::USED, 0);
    set_int_field(dict, &W_Dict::FILLED, 0);
    gc::set_ref(dict, &W_Dict::REBOUND, GcRef::NULL);
    bump_keys_version(dict);
}

/// Give `dict` the table shared by empty dicts: one empty hash slot, no entries (allocated and
/// rooted for the rest of the process on first use), as CPython's `Py_EMPTY_KEYS`. Its entries
/// are used up, so the first insertion gives the dict a table of its own ([`add_missing`],
/// [`merge`]) and nothing ever writes into it; a dict that stays empty allocates no table.
fn set_empty_table(dict: GcRef) {
    static EMPTY_TABLE: std::sync::OnceLock<[GcRef; 3]> = std::sync::OnceLock::new();
    let [indices, hashes, entries] = *EMPTY_TABLE.get_or_init(|| {
        let indices = metatrace_gc::alloc_array(IntArray::layout(), 1);
        gc::set_item_i64(indices, &IntArray::ITEMS, 0, EMPTY);
        let table = [indices, metatrace_gc::alloc_array(IntArray::layout(), 0), RefArray::nulls(0)];
        for array in table {
            metatrace_gc::Root::new(array).leak();
        }
        table
    });
    gc::set_ref(dict, &W_Dict::INDICES, indices);
    gc::set_ref(dict, &W_Dict::HASHES, hashes);
    gc::set_ref(dict, &W_Dict::ENTRIES, entries);
    set_int_field(dict, &W_Dict::USED, 0);
    set_int_field(dict, &W_Dict::FILLED, 0);
    gc::set_ref(dict, &W_Dict::REBOUND, GcRef::NULL);
    bump_keys_version(dict);
}

/// The last keys version given to any dict.
static KEYS_VERSIONS: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

/// Note a change of the entries keys are in. Versions are drawn from one process-wide counter, so
/// a version names one state of one dict: the interpreter's per-instruction caches of global
/// lookups ([`crate::code::Code::cached_global`]) compare versions alone.
#[inline]
fn bump_keys_version(dict: GcRef) {
    let version = next_version();
    set_int_field(dict, &W_Dict::KEYS_VERSION, version);
    if int_field(dict, &W_Dict::JIT_VERSION) != 0 {
        invalidate_folded(dict);
    }
}

/// A version no dict had before. Dicts change only under the GIL (whose hand-over orders the
/// threads' accesses), so a plain load and store suffice: no locked read-modify-write.
#[inline]
fn next_version() -> i64 {
    use std::sync::atomic::Ordering::Relaxed;
    let version = KEYS_VERSIONS.load(Relaxed) + 1;
    KEYS_VERSIONS.store(version, Relaxed);
    version
}

/// Give a dict that traces fold lookups in a new [`W_Dict::jit_version`]: the compiled code that
/// relies on the old one is invalidated (a write of a quasi-immutable field).
#[cold]
fn invalidate_folded(dict: GcRef) {
    gc::set_i64(dict, &W_Dict::JIT_VERSION, next_version());
}

/// Before the value of entry `entry` of `dict` becomes `value`: the first time an entry folded
/// by traces gets another object, mark it rebound and invalidate the traces.
#[inline]
fn note_rebinding(dict: GcRef, entry: usize, value: GcRef) {
    if int_field(dict, &W_Dict::JIT_VERSION) != 0 && entry_value(dict, entry) != value {
        mark_rebound(dict, entry);
    }
}

#[cold]
fn mark_rebound(dict: GcRef, entry: usize) {
    let mut rebound = gc::get_ref(dict, &W_Dict::REBOUND);
    if rebound.is_null() {
        let capacity = gc::len(gc::get_ref(dict, &W_Dict::HASHES), &IntArray::ITEMS);
        rebound = metatrace_gc::alloc_array(IntArray::layout(), capacity);
        gc::set_ref(dict, &W_Dict::REBOUND, rebound);
    }
    if gc::item_i64(rebound, &IntArray::ITEMS, entry) == 0 {
        gc::set_item_i64(rebound, &IntArray::ITEMS, entry, 1);
        invalidate_folded(dict);
    }
}

/// Whether the value of entry `entry` was replaced since traces began to fold lookups in `dict`
/// (or since its last new table).
fn is_rebound(dict: GcRef, entry: usize) -> bool {
    let rebound = gc::get_ref(dict, &W_Dict::REBOUND);
    !rebound.is_null() && gc::item_i64(rebound, &IntArray::ITEMS, entry) != 0
}

/// A new empty dict.
pub fn new() -> GcRef {
    let dict = metatrace_gc::alloc(W_Dict::layout());
    set_empty_table(dict);
    gc::set_i64(dict, &W_Dict::STR_KEYS, 1);
    dict
}

/// The number of items of a dict.
pub fn len(dict: GcRef) -> usize {
    int_field(dict, &W_Dict::USED) as usize
}

/// The items of a dict, in order.
pub fn items(dict: GcRef) -> Vec<(GcRef, GcRef)> {
    let t = Table::of(dict);
    (0..entry_count(dict)).filter(|&e| !t.key(e).is_null()).map(|e| (t.key(e), t.value(e))).collect()
}

/// The items of a dict, in order, rooted: for native code that runs Python code (a `__eq__`, a
/// `__repr__`, a `__setattr__`) while it walks them, which may remove items from the dict, the last
/// reference to those not reached yet.
pub fn rooted_items(dict: GcRef) -> gc::RootedPairs {
    let mut pairs = gc::RootedPairs::with_capacity(len(dict));
    for (k, v) in items(dict) {
        pairs.push(k, v);
    }
    pairs
}

/// The number of entries of a dict's table, deleted ones included: positions of [`entry`] are
/// below it. Any insertion of a new key and any new table changes it.
pub fn entry_count(dict: GcRef) -> usize {
    int_field(dict, &W_Dict::FILLED) as usize
}

/// The key and value of entry `i` of a dict's table; `None` for a deleted entry or one past
/// [`entry_count`].
pub fn entry(dict: GcRef, i: usize) -> Option<(GcRef, GcRef)> {
    if i >= entry_count(dict) {
        return None;
    }
    let entries = ref_field(dict, &W_Dict::ENTRIES);
    let key = gc::item_ref(entries, &RefArray::ITEMS, 2 * i);
    (!key.is_null()).then(|| (key, gc::item_ref(entries, &RefArray::ITEMS, 2 * i + 1)))
}

/// A shallow copy of a dict.
pub fn copy(dict: GcRef) -> GcRef {
    if len(dict) == 0 {
        return new();
    }
    let result = metatrace_gc::alloc(W_Dict::layout());
    rebuild_from(result, dict, 2 * len(dict));
    set_int_field(result, &W_Dict::STR_KEYS, int_field(dict, &W_Dict::STR_KEYS));
    result
}

/// Remove every item.
pub fn clear(dict: GcRef) {
    set_empty_table(dict);
}

/// Where a key is in a table.
enum Probe {
    /// In entry `entry`, reached from hash slot `slot`.
    Found { entry: usize, slot: usize },
    /// Absent; a new entry for it would go in hash slot `slot`.
    Missing { slot: usize },
}

/// Probe table `t` for `key` with hash `hash`: a stored key is the key when it is the same object,
/// or when its hash is `hash` and `same(stored)` says so (which may run Python code: the probe
/// goes on in the arrays it started with, as memory-safe as the table views are).
#[inline(always)]
fn probe(t: &Table, key: GcRef, hash: i64, mut same: impl FnMut(GcRef) -> PyResult<bool>) -> PyResult<Probe> {
    let mut perturb = hash as u64;
    let mut slot = hash as u64 as usize & t.mask;
    let mut free = None;
    loop {
        match t.indices.get(slot) as i64 {
            EMPTY => return Ok(Probe::Missing { slot: free.unwrap_or(slot) }),
            DUMMY => {
                free.get_or_insert(slot);
            }
            ix => {
                let entry = ix as usize;
                let stored = t.key(entry);
                if stored == key || (t.hashes.get(entry) as i64 == hash && same(stored)?) {
                    return Ok(Probe::Found { entry, slot });
                }
            }
        }
        perturb >>= 5;
        slot = next_slot(slot, perturb, t.mask);
    }
}

/// Probe for `key` (of hash `hash`), comparing keys the way Python does. A str key in a dict of
/// str keys compares identities, hashes and then bytes, and can run no Python code; an exact int
/// key compares values with stored exact ints in line.
fn probe_key(dict: GcRef, key: GcRef, hash: i64) -> PyResult<Probe> {
    let t = Table::of(dict);
    if key.layout() == W_Str::layout() && int_field(dict, &W_Dict::STR_KEYS) != 0 {
        return probe(&t, key, hash, |k| Ok(unicode::eq(k, key)));
    }
    if key.layout() == W_Int::layout() {
        let value = heap::read_field_expecting(key, W_Int::layout(), &W_Int::VALUE);
        return probe(&t, key, hash, |k| {
            if k.layout() == W_Int::layout() {
                Ok(heap::read_field_expecting(k, W_Int::layout(), &W_Int::VALUE) == value)
            } else {
                compare::eq(k, key)
            }
        });
    }
    probe(&t, key, hash, |k| compare::eq(k, key))
}

/// Give `dict` a new table holding the live entries of `source`'s (which may be `dict`'s own),
/// in order, with room for `room` entries (at least as many as `source` has items).
fn rebuild_from(dict: GcRef, source: GcRef, room: usize) {
    let old = Table::of(source);
    let filled = entry_count(source);
    let mut size = MIN_SIZE;
    while usable(size) < room {
        size *= 2;
    }
    alloc_table(dict, size);
    let new = Table::of(dict);
    let mut count = 0;
    for entry in 0..filled {
        let key = old.key(entry);
        if key.is_null() {
            continue;
        }
        // Keys of a rebuilt table are distinct: any free slot will do.
        let hash = old.hashes.get(entry) as i64;
        new.indices.set(new.free_slot(hash), count as u64);
        new.hashes.set(count, hash as u64);
        new.entries.set(2 * count, key);
        new.entries.set(2 * count + 1, old.value(entry));
        count += 1;
    }
    set_int_field(dict, &W_Dict::FILLED, count as i64);
    set_int_field(dict, &W_Dict::USED, count as i64);
}

/// Store a new entry and point hash slot `slot` of table `t` (the dict's current one) at it
/// (there must be room).
fn append_entry(dict: GcRef, t: &Table, slot: usize, key: GcRef, value: GcRef, hash: i64) {
    let entry = entry_count(dict);
    t.entries.set(2 * entry, key);
    t.entries.set(2 * entry + 1, value);
    t.hashes.set(entry, hash as u64);
    t.indices.set(slot, entry as u64);
    set_int_field(dict, &W_Dict::FILLED, entry as i64 + 1);
    set_int_field(dict, &W_Dict::USED, int_field(dict, &W_Dict::USED) + 1);
    if key.layout() != W_Str::layout() {
        set_int_field(dict, &W_Dict::STR_KEYS, 0);
    }
    bump_keys_version(dict);
}

/// The value of the entry `entry`.
fn entry_value(dict: GcRef, entry: usize) -> GcRef {
    gc::item_ref(ref_field(dict, &W_Dict::ENTRIES), &RefArray::ITEMS, 2 * entry + 1)
}

/// Insert or replace, given the key's hash.
fn insert(dict: GcRef, key: GcRef, value: GcRef, hash: i64) -> PyResult<()> {
    match probe_key(dict, key, hash)? {
        Probe::Found { entry, .. } => {
            note_rebinding(dict, entry, value);
            gc::set_item_ref(ref_field(dict, &W_Dict::ENTRIES), &RefArray::ITEMS, 2 * entry + 1, value);
        }
        Probe::Missing { slot } => add_missing(dict, slot, key, value, hash),
    }
    Ok(())
}

/// Add a key that a probe found missing (a new entry would go in hash slot `slot`), growing the
/// table first when its entries are used up.
fn add_missing(dict: GcRef, slot: usize, key: GcRef, value: GcRef, hash: i64) {
    let mut t = Table::of(dict);
    let mut slot = slot;
    if 2 * entry_count(dict) == t.entries.len() {
        rebuild_from(dict, dict, 2 * len(dict));
        t = Table::of(dict);
        slot = t.free_slot(hash);
    }
    append_entry(dict, &t, slot, key, value, hash);
}

/// Add the items of dict `source` to `dict`, replacing the values of keys it has (CPython's
/// `dict_merge` of two dicts): the table is grown once to hold them all, and the keys are not
/// hashed again. A source without deleted entries merged into an empty dict gives its table
/// as it is (CPython clones it); otherwise each entry is inserted, comparing keys of equal
/// hashes. False when `source` got new entries meanwhile (a key's `__eq__` changed it), which
/// stops the merge.
pub fn merge(dict: GcRef, source: GcRef) -> PyResult<bool> {
    if dict == source {
        return Ok(true);
    }
    let n = entry_count(source);
    if len(dict) == 0 && n == len(source) {
        let str_keys = int_field(dict, &W_Dict::STR_KEYS) & int_field(source, &W_Dict::STR_KEYS);
        rebuild_from(dict, source, 2 * n);
        set_int_field(dict, &W_Dict::STR_KEYS, str_keys);
        return Ok(true);
    }
    let room = len(dict) + len(source);
    if usable(Table::of(dict).mask + 1) < room {
        rebuild_from(dict, dict, room);
    }
    for entry in 0..n {
        let t = Table::of(source);
        let key = t.key(entry);
        if key.is_null() {
            continue;
        }
        insert(dict, key, t.value(entry), t.hashes.get(entry) as i64)?;
        if entry_count(source) != n {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `dict.setdefault(key, default)`: the value of `key`, or `default` stored for it; the key is
/// hashed and compared once, as CPython's.
pub fn setdefault(dict: GcRef, key: GcRef, default: GcRef) -> PyResult<GcRef> {
    let hash = hash::hash_key(key)?;
    match probe_key(dict, key, hash)? {
        Probe::Found { entry, .. } => Ok(entry_value(dict, entry)),
        Probe::Missing { slot } => {
            add_missing(dict, slot, key, default, hash);
            Ok(default)
        }
    }
}

/// Remove the entry found at (`entry`, `slot`).
fn remove(dict: GcRef, entry: usize, slot: usize) {
    let t = Table::of(dict);
    t.entries.set(2 * entry, GcRef::NULL);
    t.entries.set(2 * entry + 1, GcRef::NULL);
    t.indices.set(slot, DUMMY as u64);
    set_int_field(dict, &W_Dict::USED, int_field(dict, &W_Dict::USED) - 1);
    bump_keys_version(dict);
}

/// `dict.get(key)`.
pub fn get(dict: GcRef, key: GcRef) -> PyResult<Option<GcRef>> {
    let hash = hash::hash_key(key)?;
    Ok(match probe_key(dict, key, hash)? {
        Probe::Found { entry, .. } => Some(entry_value(dict, entry)),
        Probe::Missing { .. } => None,
    })
}

/// `dict[key] = value`.
pub fn set(dict: GcRef, key: GcRef, value: GcRef) -> PyResult<()> {
    let hash = hash::hash_key(key)?;
    insert(dict, key, value, hash)
}

/// `del dict[key]`: false if the key is absent.
pub fn del(dict: GcRef, key: GcRef) -> PyResult<bool> {
    let hash = hash::hash_key(key)?;
    Ok(match probe_key(dict, key, hash)? {
        Probe::Found { entry, slot } => {
            remove(dict, entry, slot);
            true
        }
        Probe::Missing { .. } => false,
    })
}

/// The value of str key `key`, which cannot fail.
pub fn get_str(dict: GcRef, key: GcRef) -> Option<GcRef> {
    get(dict, key).unwrap_or_else(|_| unreachable!("str keys hash and compare without failing"))
}

/// Store under str key `key`, which cannot fail.
pub fn set_str(dict: GcRef, key: GcRef, value: GcRef) {
    set(dict, key, value).unwrap_or_else(|_| unreachable!("str keys hash and compare without failing"))
}

/// Delete str key `key`, which cannot fail: false if it is absent.
pub fn del_str(dict: GcRef, key: GcRef) -> bool {
    del(dict, key).unwrap_or_else(|_| unreachable!("str keys hash and compare without failing"))
}

/// A residual function's result: the value, or the exception set aside and `fallback` returned.
fn or_raise<T>(r: PyResult<T>, fallback: T) -> T {
    r.unwrap_or_else(|e| {
        set_exception(e);
        fallback
    })
}

fn lookup_impl(dict: GcRef, key: GcRef) -> i64 {
    let found = hash::hash_key(key).and_then(|hash| probe_key(dict, key, hash));
    match or_raise(found.map(Some), None) {
        Some(Probe::Found { entry, .. }) => entry as i64,
        _ => -1,
    }
}

metatrace::residual! {
    /// The entry of `key` in a dict, or -1.
    pub fn dict_lookup(dict: Ref, key: Ref) -> Int;
    effect = Plain; can_raise = true; impl = lookup_impl;
}

fn store_impl(dict: GcRef, key: GcRef, value: GcRef) {
    or_raise(set(dict, key, value), ())
}

metatrace::residual! {
    /// `dict[key] = value`.
    pub fn dict_store(dict: Ref, key: Ref, value: Ref) -> Void;
    effect = Plain; can_raise = true; impl = store_impl;
}

fn delete_impl(dict: GcRef, key: GcRef) -> i64 {
    i64::from(or_raise(del(dict, key), false))
}

metatrace::residual! {
    /// `del dict[key]`: 1 if it was there, else 0.
    pub fn dict_delete(dict: Ref, key: Ref) -> Int;
    effect = Plain; can_raise = true; impl = delete_impl;
}

fn live_entry_from_impl(dict: GcRef, pos: i64) -> i64 {
    let t = Table::of(dict);
    let filled = entry_count(dict);
    (pos.max(0) as usize..filled).find(|&e| !t.key(e).is_null()).unwrap_or(filled) as i64
}

metatrace::residual! {
    /// The first live entry of a dict at or after entry `pos`, or its entry count when there is
    /// none (a dict iterator's step over deleted entries).
    pub fn dict_live_entry_from(dict: Ref, pos: Int) -> Int;
    effect = Plain; can_raise = false; impl = live_entry_from_impl;
}

/// The number of items, in domain code.
pub fn length<D: Domain>(d: &mut D, dict: D::Ref) -> D::Int {
    d.get_int(dict, &W_Dict::USED)
}

/// `dict.get(key)` in domain code: `None` when absent.
pub fn get_item<D: Domain>(d: &mut D, dict: D::Ref, key: D::Ref) -> Result<Option<D::Ref>, D::Ref> {
    let entry = dict_lookup(d, dict, key)?;
    let zero = d.const_int(0);
    let found = d.int_op(IntOp::Ge, entry, zero);
    if !d.branch(found) {
        return Ok(None);
    }
    let entries = d.get_ref(dict, &W_Dict::ENTRIES);
    let two = d.const_int(2);
    let one = d.const_int(1);
    let key_index = d.int_op(IntOp::Mul, entry, two);
    let value_index = d.int_op(IntOp::Add, key_index, one);
    Ok(Some(known::get_item_ref(d, entries, RefArray::layout(), &RefArray::ITEMS, value_index)))
}

/// The entry of str `name` in `dict` (whose keys are all exact strs), if any: the value is item
/// `2 * entry + 1` of its `entries` until its `keys_version` changes.
pub fn str_entry(dict: GcRef, name: GcRef) -> Option<usize> {
    let hash = hash::hash_key(name).unwrap_or_else(|_| unreachable!("a str hashes without failing"));
    match probe(&Table::of(dict), name, hash, |k| Ok(unicode::eq(k, name))) {
        Ok(Probe::Found { entry, .. }) => Some(entry),
        _ => None,
    }
}

/// `dict.get(name)` for a dict that is a constant of the trace (module globals, builtins, a
/// module's namespace, keyword defaults) and a str `name`, in domain code. A trace guards the
/// dict's identity and relies on its quasi-immutable [`W_Dict::jit_version`] (one shared
/// `guard_not_invalidated`): the value found when tracing is a constant, or, for an entry whose
/// value was replaced before ([`W_Dict::rebound`]), a read of the entry at its known place. `None`
/// when the dict has keys other than exact strs (their lookup may run Python code): use
/// [`get_item`].
pub fn get_str_versioned<D: Domain>(d: &mut D, dict: D::Ref, name: GcRef) -> Option<Option<D::Ref>> {
    let dict_value = d.promote_ref(dict);
    if dict_value.layout() != W_Dict::layout() || gc::get_i64(dict_value, &W_Dict::STR_KEYS) == 0 {
        return None;
    }
    let dict = d.const_ref(dict_value);
    if !D::CONCRETE {
        if gc::get_i64(dict_value, &W_Dict::JIT_VERSION) == 0 {
            invalidate_folded(dict_value);
        }
        d.get_int(dict, &W_Dict::JIT_VERSION);
    }
    let Some(entry) = str_entry(dict_value, name) else { return Some(None) };
    if !D::CONCRETE && is_rebound(dict_value, entry) {
        let entries = d.const_ref(gc::get_ref(dict_value, &W_Dict::ENTRIES));
        let value_index = d.const_int(2 * entry as i64 + 1);
        return Some(Some(known::get_item_ref(d, entries, RefArray::layout(), &RefArray::ITEMS, value_index)));
    }
    Some(Some(d.const_ref(entry_value(dict_value, entry))))
}

/// `dict[key]` in domain code: `KeyError(key)` when absent.
pub fn getitem<D: Domain>(d: &mut D, dict: D::Ref, key: D::Ref) -> Result<D::Ref, D::Ref> {
    match get_item(d, dict, key)? {
        Some(v) => Ok(v),
        None => Err(exceptions::raise(d, Fault::Key(key))),
    }
}

/// `dict[key] = value` in domain code.
pub fn setitem<D: Domain>(d: &mut D, dict: D::Ref, key: D::Ref, value: D::Ref) -> Result<(), D::Ref> {
    dict_store(d, dict, key, value)
}

/// `del dict[key]` in domain code: `KeyError(key)` when absent.
pub fn delitem<D: Domain>(d: &mut D, dict: D::Ref, key: D::Ref) -> Result<(), D::Ref> {
    let deleted = dict_delete(d, dict, key)?;
    if d.branch(deleted) {
        Ok(())
    } else {
        Err(exceptions::raise(d, Fault::Key(key)))
    }
}

/// `key in dict` in domain code: 1 or 0.
pub fn contains<D: Domain>(d: &mut D, dict: D::Ref, key: D::Ref) -> Result<D::Int, D::Ref> {
    let entry = dict_lookup(d, dict, key)?;
    let zero = d.const_int(0);
    Ok(d.int_op(IntOp::Ge, entry, zero))
}

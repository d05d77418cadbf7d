//! Global lookup caches for native code: CPython's method cache, generalized. A [`RefCache`]
//! remembers the answer of a pure function of two objects (a type's version tag and an attribute
//! name, a map and an attribute name) in a direct-mapped table, so that the residual functions
//! behind attribute access answer repeated questions with a few loads instead of dict probes and
//! map walks.
//!
//! The table is a GC array (rooted for the life of the thread), so the keys it holds stay alive:
//! an address in the table can never be reused by another object while its entry is there, and
//! an entry can never answer for an object it was not made for. A cached answer is correct as long
//! as the function's result depends only on its two keys (the callers key on immutable objects:
//! version tags are replaced, never changed, when a type changes; maps never change).

use crate::gc;
use crate::storage::RefArray;
use metatrace_gc::{heap, GcObject, GcRef, Root};
use std::cell::Cell;

/// Entries of a cache (a power of two).
const ENTRIES: usize = 4096;

/// A direct-mapped cache from pairs of objects to an object (or null).
pub struct RefCache {
    /// A [`RefArray`] of `3 * ENTRIES` items: (first key, second key, value) per entry, the first
    /// key null in an empty entry. Null until first used.
    table: Cell<GcRef>,
}

impl RefCache {
    /// An empty cache (its table is allocated on first use).
    pub const fn new() -> RefCache {
        RefCache { table: Cell::new(GcRef::NULL) }
    }

    /// The slot of the entry for `(a, b)`.
    #[inline]
    fn slot(a: GcRef, b: GcRef) -> usize {
        let mixed = ((a.addr() >> 3) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (b.addr() >> 3) as u64;
        let bits = ENTRIES.trailing_zeros();
        3 * ((mixed.wrapping_mul(0xBF58_476D_1CE4_E5B9) >> (64 - bits)) as usize)
    }

    /// The cached value for `(a, b)` (`a` not null), if any. The table is read through its known
    /// layout, which folds the checks of the accesses.
    #[inline(always)]
    pub fn get(&self, a: GcRef, b: GcRef) -> Option<GcRef> {
        let table = self.table.get();
        if table.is_null() {
            return None;
        }
        let slot = Self::slot(a, b);
        let item = |i| heap::read_item_ref_expecting(table, RefArray::layout(), &RefArray::ITEMS, i);
        (item(slot) == a && item(slot + 1) == b).then(|| item(slot + 2))
    }

    /// Remember `value` for `(a, b)` (`a` not null), replacing what the entry held.
    pub fn put(&self, a: GcRef, b: GcRef, value: GcRef) {
        let mut table = self.table.get();
        if table.is_null() {
            table = RefArray::nulls(3 * ENTRIES);
            Root::new(table).leak();
            self.table.set(table);
        }
        let slot = Self::slot(a, b);
        gc::set_item_ref(table, &RefArray::ITEMS, slot, a);
        gc::set_item_ref(table, &RefArray::ITEMS, slot + 1, b);
        gc::set_item_ref(table, &RefArray::ITEMS, slot + 2, value);
    }

    /// The value for `(a, b)`: cached, or computed by `compute` and remembered.
    pub fn get_or_insert_with(&self, a: GcRef, b: GcRef, compute: impl FnOnce() -> GcRef) -> GcRef {
        if let Some(v) = self.get(a, b) {
            return v;
        }
        let v = compute();
        self.put(a, b, v);
        v
    }
}

impl Default for RefCache {
    fn default() -> Self {
        RefCache::new()
    }
}

thread_local! {
    /// Attribute lookups along the MRO of types, keyed by (version tag, name): see
    /// [`crate::typeobject::lookup_cached`].
    pub static TYPE_LOOKUPS: RefCache = const { RefCache::new() };
    /// The lookups of [`crate::objspace::user_lookup_on`] (null when no Python-level definition
    /// provides the name), keyed by (version tag, name).
    pub static USER_LOOKUPS: RefCache = const { RefCache::new() };
    /// The map of a chain that holds an attribute (null for none), keyed by (map, name): see
    /// [`crate::mapdict::map_index`].
    pub static MAP_ATTRIBUTES: RefCache = const { RefCache::new() };
}

//! Per-instruction caches of the concrete domain (CPython's inline caches, kept in side tables of
//! the code object): what a `LOAD_GLOBAL` found, and what an attribute instruction (`LOAD_ATTR`,
//! `LOAD_METHOD`, `STORE_ATTR`) on an instance did. Only [`crate::interp`] running in the
//! concrete domain uses them; traces fold the same lookups on their own.
//!
//! A cache only remembers the outcome of the generic code's fast path, for keys that determine
//! it, and is checked against those keys on every use:
//!
//! * a global: the keys version of the globals (and of the builtins when the name was found
//!   there). Keys versions are drawn from one process-wide counter ([`crate::dict`]), so a version
//!   names one state of one dict, and the entry that holds the name is the same in that state.
//! * an attribute of an instance: the type's version tag (replaced whenever a lookup along the
//!   type's MRO may change) and the instance's map (maps never change). Both are kept alive by
//!   the cache's table, so their addresses are never reused by other objects while cached.
//!
//! The outcomes are computed here, natively, by the same rules as the domain code's fast paths
//! ([`crate::protocol::getattr`], `load_method` and `setattr` on instances with maps), restricted
//! to the cases where the class attribute is absent or a plain Python function.

use crate::dict::W_Dict;
use crate::function::{W_Builtin, W_Function};
use crate::gc;
use crate::mapdict::{self, InstanceFields, W_Map};
use crate::space::Space;
use crate::storage::{IntArray, RefArray};
use crate::typeobject::{self, W_Type};
use metatrace_gc::{heap, GcObject, GcRef, Root};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::OnceLock;

/// The caches of one code object.
pub struct Caches {
    /// One per name of `co_names`.
    globals: Box<[GlobalCache]>,
    /// The attribute caches, one per instruction, allocated when first filled.
    attrs: OnceLock<AttrTable>,
    /// The number of instructions.
    instructions: usize,
}

/// Where a global name was found: in entry `entry` of the globals (`entry >= 0`), or in entry
/// `-entry - 1` of the builtins, as long as the globals have keys version `globals_version` (and
/// the builtins `builtins_version`); version 0 is no dict's, so a new cache is empty. Atomics
/// only because code is shared by threads; they run one at a time (the GIL), so relaxed order
/// suffices.
#[derive(Default)]
struct GlobalCache {
    globals_version: AtomicI64,
    builtins_version: AtomicI64,
    entry: AtomicI64,
}

/// Entries of an attribute instruction's cache: a method of a base class called on instances of
/// several subclasses sees several types at one instruction.
const WAYS: usize = 4;

/// The attribute caches of a code: [`WAYS`] entries per instruction. For entry `e` (of
/// instruction `pc`: `e = WAYS * pc + way`), items `3 * e ..` of `refs` are the type's version tag
/// (null in an empty entry), the instance's map and a reference (the function found on the type,
/// or the map after an added attribute; null otherwise), and item `e` of `indices` the slot. Both
/// arrays are rooted for the life of the process (as the code is).
struct AttrTable {
    refs: GcRef,
    indices: GcRef,
}

/// What an attribute instruction on an instance resolves to, for its type version and map.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum AttrHit {
    /// The instance's own attribute in slot `0` (a load), or the slot to overwrite (a store).
    Slot(usize),
    /// Not the instance's own, but this Python function found on the type (a load).
    Method(GcRef),
    /// A store of a new attribute: the instance gets this map, and the value goes to this slot.
    Add(GcRef, usize),
}

/// The keys version of `dict` when it is a dict whose keys are all exact strs (so that looking
/// up a str in it runs no Python code), else `None`.
fn str_dict_version(dict: GcRef) -> Option<i64> {
    (dict.layout() == W_Dict::layout() && gc::get_i64(dict, &W_Dict::STR_KEYS) != 0)
        .then(|| gc::get_i64(dict, &W_Dict::KEYS_VERSION))
}

impl Caches {
    /// Empty caches for a code with `names` names and `instructions` instructions.
    pub fn new(names: usize, instructions: usize) -> Caches {
        Caches { globals: (0..names).map(|_| GlobalCache::default()).collect(), attrs: OnceLock::new(), instructions }
    }

    /// The value of global name `i` (an index into `co_names`) in `globals`, else in `builtins`,
    /// when the cache knows the entry that holds it; `None` when it does not.
    #[inline]
    pub fn global(&self, i: u32, globals: GcRef, builtins: GcRef) -> Option<GcRef> {
        let cache = &self.globals[i as usize];
        if globals.layout() != W_Dict::layout()
            || gc::get_i64(globals, &W_Dict::KEYS_VERSION) != cache.globals_version.load(Ordering::Relaxed)
        {
            return None;
        }
        let entry = cache.entry.load(Ordering::Relaxed);
        let (dict, entry) = if entry >= 0 {
            (globals, entry)
        } else {
            if builtins.layout() != W_Dict::layout()
                || gc::get_i64(builtins, &W_Dict::KEYS_VERSION) != cache.builtins_version.load(Ordering::Relaxed)
            {
                return None;
            }
            (builtins, -entry - 1)
        };
        let entries = gc::get_ref(dict, &W_Dict::ENTRIES);
        let value = gc::item_ref(entries, &RefArray::ITEMS, 2 * entry as usize + 1);
        (!value.is_null()).then_some(value)
    }

    /// Remember where global name `i` (the str `name`) is for `globals` and `builtins` (nothing
    /// when either dict may have keys other than strs, or the name is in neither).
    pub fn remember_global(&self, i: u32, name: GcRef, globals: GcRef, builtins: GcRef) {
        let cache = &self.globals[i as usize];
        let Some(globals_version) = str_dict_version(globals) else { return };
        let entry = match crate::dict::str_entry(globals, name) {
            Some(entry) => entry as i64,
            None => {
                let Some(builtins_version) = str_dict_version(builtins) else { return };
                let Some(entry) = crate::dict::str_entry(builtins, name) else { return };
                cache.builtins_version.store(builtins_version, Ordering::Relaxed);
                -(entry as i64) - 1
            }
        };
        cache.globals_version.store(globals_version, Ordering::Relaxed);
        cache.entry.store(entry, Ordering::Relaxed);
    }

    /// What the attribute instruction at `pc` did last on an instance with this type version and
    /// map, if it was cached for them.
    #[inline]
    pub fn attr(&self, pc: u32, version: GcRef, map: GcRef) -> Option<AttrHit> {
        let table = self.attrs.get()?;
        let mut entries = [GcRef::NULL; 3 * WAYS];
        heap::read_ref_items(table.refs, &RefArray::ITEMS, 3 * WAYS * pc as usize, &mut entries);
        let way = entries.chunks_exact(3).position(|e| e[0] == version && e[1] == map)?;
        let extra = entries[3 * way + 2];
        let index = gc::item_i64(table.indices, &IntArray::ITEMS, WAYS * pc as usize + way);
        Some(match (index, extra.is_null()) {
            (-1, _) => AttrHit::Method(extra),
            (slot, true) => AttrHit::Slot(slot as usize),
            (slot, false) => AttrHit::Add(extra, slot as usize),
        })
    }

    /// Remember `hit` for the attribute instruction at `pc` and instances with this type version
    /// and map.
    pub fn remember_attr(&self, pc: u32, version: GcRef, map: GcRef, hit: AttrHit) {
        let table = self.attrs.get_or_init(|| {
            let refs = RefArray::nulls(3 * WAYS * self.instructions);
            Root::new(refs).leak();
            let indices = IntArray::from_slice(&vec![0; WAYS * self.instructions]);
            Root::new(indices).leak();
            AttrTable { refs, indices }
        });
        let (extra, index) = match hit {
            AttrHit::Slot(slot) => (GcRef::NULL, slot as i64),
            AttrHit::Method(func) => (func, -1),
            AttrHit::Add(map, slot) => (map, slot as i64),
        };
        // The entry of these keys, else an empty one, else one chosen by the version.
        let first = WAYS * pc as usize;
        let mut entries = [GcRef::NULL; 3 * WAYS];
        heap::read_ref_items(table.refs, &RefArray::ITEMS, 3 * first, &mut entries);
        let way = entries
            .chunks_exact(3)
            .position(|e| e[0] == version && e[1] == map)
            .or_else(|| entries.chunks_exact(3).position(|e| e[0].is_null()))
            .unwrap_or((version.addr() >> 4) % WAYS);
        let entry = first + way;
        gc::set_item_ref(table.refs, &RefArray::ITEMS, 3 * entry, version);
        gc::set_item_ref(table.refs, &RefArray::ITEMS, 3 * entry + 1, map);
        gc::set_item_ref(table.refs, &RefArray::ITEMS, 3 * entry + 2, extra);
        gc::set_item_i64(table.indices, &IntArray::ITEMS, entry, index);
    }
}

/// The cache keys of `obj` when it is an instance whose attributes live in its map: its fields,
/// its type's version tag and its map.
#[inline]
pub fn instance_key(obj: GcRef) -> Option<(&'static InstanceFields, GcRef, GcRef)> {
    let fields = mapdict::instance_fields(obj.layout())?;
    let ty = gc::get_ref(obj, &fields.type_);
    Some((fields, gc::get_ref(ty, &W_Type::VERSION), gc::get_ref(obj, &fields.map)))
}

/// Slot `index` of an instance whose layout has `fields`.
#[inline]
pub fn slot(obj: GcRef, fields: &InstanceFields, index: usize) -> GcRef {
    gc::item_ref(gc::get_ref(obj, &fields.slots), &RefArray::ITEMS, index)
}

/// Store `value` as a cached store `hit` does: `false` (nothing done) when the instance's slots
/// are too short for an added attribute (the generic code grows them).
pub fn store(obj: GcRef, fields: &InstanceFields, hit: AttrHit, value: GcRef) -> bool {
    let slots = gc::get_ref(obj, &fields.slots);
    match hit {
        AttrHit::Slot(index) => gc::set_item_ref(slots, &RefArray::ITEMS, index, value),
        AttrHit::Add(map, index) => {
            if index >= gc::len(slots, &RefArray::ITEMS) {
                return false;
            }
            gc::set_ref(obj, &fields.map, map);
            gc::set_item_ref(slots, &RefArray::ITEMS, index, value);
        }
        AttrHit::Method(_) => return false,
    }
    true
}

/// The type of an instance and what `name` is on it, when the generic fast path decides alone:
/// the type keeps the builtin `hook` (`__getattribute__` or `__setattr__`) and the class attribute
/// is absent or a Python function (so no descriptor takes part).
fn plain_class_attribute(
    space: &Space,
    obj: GcRef,
    fields: &InstanceFields,
    hook: &'static str,
    name: GcRef,
) -> Option<(GcRef, GcRef)> {
    let ty = gc::get_ref(obj, &fields.type_);
    let version = gc::get_ref(ty, &W_Type::VERSION);
    let hook = typeobject::lookup_cached(ty, version, space.intern_static(hook));
    if hook.is_null() || hook.layout() != W_Builtin::layout() {
        return None;
    }
    let attr = typeobject::lookup_cached(ty, version, name);
    (attr.is_null() || attr.layout() == W_Function::layout()).then_some((ty, attr))
}

/// After an attribute load of `name` on `obj` at `pc`: cache what it does, when cacheable.
pub fn remember_load(caches: &Caches, space: &Space, pc: u32, obj: GcRef, name: GcRef) {
    if let (Some(hit), Some((_, version, map))) = (load_plan(space, obj, name), instance_key(obj)) {
        caches.remember_attr(pc, version, map, hit);
    }
}

/// What `obj.name` resolves to (a load: `getattr` or `load_method`) when cacheable.
fn load_plan(space: &Space, obj: GcRef, name: GcRef) -> Option<AttrHit> {
    let fields = mapdict::instance_fields(obj.layout())?;
    let (_, attr) = plain_class_attribute(space, obj, fields, "__getattribute__", name)?;
    match mapdict::map_index(gc::get_ref(obj, &fields.map), name) {
        index if index >= 0 => Some(AttrHit::Slot(index as usize)),
        -1 if !attr.is_null() => Some(AttrHit::Method(attr)),
        _ => None,
    }
}

/// What `obj.name = value` does (`setattr`) when cacheable: computed before the store.
pub fn store_plan(space: &Space, obj: GcRef, name: GcRef) -> Option<AttrHit> {
    let layout = obj.layout();
    let fields = mapdict::instance_fields(layout)?;
    let (ty, _) = plain_class_attribute(space, obj, fields, "__setattr__", name)?;
    if gc::get_i64(ty, &W_Type::FLAGS) & typeobject::flags::NO_DICT != 0
        || crate::objspace::is_special_exception_attribute(layout, name)
    {
        return None;
    }
    let map = gc::get_ref(obj, &fields.map);
    match mapdict::map_index(map, name) {
        index if index >= 0 => Some(AttrHit::Slot(index as usize)),
        -1 => {
            let child = mapdict::map_child(map, name);
            Some(AttrHit::Add(child, gc::get_i64(child, &W_Map::INDEX) as usize))
        }
        _ => None,
    }
}

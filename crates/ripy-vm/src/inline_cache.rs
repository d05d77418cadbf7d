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
//! to the cases where the class attribute is absent, a plain Python function, or the member
//! descriptor of a `__slots__` slot (whose value the instance's map holds under a hidden key).

use crate::dict::W_Dict;
use crate::function::{W_Builtin, W_Function, W_Member};
use crate::gc;
use crate::mapdict::{self, InstanceFields, W_Instance, W_Map};
use crate::protocol::Method;
use crate::space::Space;
use crate::storage::RefArray;
use crate::typeobject::{self, W_Type};
use metatrace_gc::{heap, GcObject, GcRef, Root};
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
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

/// The attribute caches of a code: [`WAYS`] entries per instruction. Entry `e` (of instruction
/// `pc`: `e = WAYS * pc + way`) is matched and answered from `entries[pc][way]` (plain memory,
/// read without the heap's checks). Items `3 * e ..` of `refs` hold the same version tag and map
/// (which keeps them alive, so their addresses are never reused while cached) and the reference
/// of a method or added-attribute hit (the function found on the type, or the map after the
/// addition; null otherwise). `refs` is rooted for the life of the process (as the code is).
struct AttrTable {
    refs: GcRef,
    entries: Box<[[AttrEntry; WAYS]]>,
}

/// The words of an attribute cache entry: the address of the type's version tag (0 in an empty
/// entry), the address of the instance's map, and the hit: its slot shifted left by [`KIND_BITS`]
/// and its kind ([`KIND_SLOT`], [`KIND_NUMBER_SLOT`], [`KIND_METHOD`], [`KIND_ADD`],
/// [`KIND_VALUE`]) in the low bits.
#[derive(Default)]
struct AttrEntry {
    version: AtomicUsize,
    map: AtomicUsize,
    hit: AtomicUsize,
}

impl AttrEntry {
    /// Whether the entry is for this type version and map.
    #[inline(always)]
    fn matches(&self, version: GcRef, map: GcRef) -> bool {
        self.version.load(Ordering::Relaxed) == version.addr() && self.map.load(Ordering::Relaxed) == map.addr()
    }
}

/// The way of `ways` after the first that is for this type version and map, and its entry: the
/// first is checked inline ([`Caches::attr`]), the others out of line.
#[inline(never)]
fn later_way(ways: &[AttrEntry; WAYS], version: GcRef, map: GcRef) -> Option<(usize, &AttrEntry)> {
    ways.iter().enumerate().skip(1).find(|(_, entry)| entry.matches(version, map))
}

impl AttrTable {
    /// The reference of the hit in way `way` of instruction `pc` (a method, a value, or the map
    /// after an addition), read against the array's known layout, which folds the access's check.
    #[inline(always)]
    fn extra(&self, pc: u32, way: usize) -> GcRef {
        heap::read_item_ref_expecting(
            self.refs,
            RefArray::layout(),
            &RefArray::ITEMS,
            3 * (WAYS * pc as usize + way) + 2,
        )
    }
}

/// The kinds of [`AttrHit`] in an [`AttrEntry`]'s hit, in its low [`KIND_BITS`] bits.
const KIND_SLOT: usize = 0;
const KIND_METHOD: usize = 1;
const KIND_ADD: usize = 2;
const KIND_VALUE: usize = 3;
const KIND_NUMBER_SLOT: usize = 4;
const KIND_BITS: u32 = 3;

/// What an attribute instruction on an instance resolves to, for its type version and map.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum AttrHit {
    /// The instance's own attribute in slot `0` (a load), or the slot to overwrite (a store), of
    /// object kind: the slot holds the value itself.
    Slot(usize),
    /// [`AttrHit::Slot`] of an attribute of number kind ([`mapdict::KIND_NUMBER`]): the slot may
    /// hold a cell.
    NumberSlot(usize),
    /// Not the instance's own, but this Python function found on the type (a load).
    Method(GcRef),
    /// A store of a new attribute: the instance gets this map, and the value goes to this slot.
    Add(GcRef, usize),
    /// This value (a load of an attribute of a class: [`class_attribute`]).
    Value(GcRef),
}

/// Whether `dict` is a dict of keys version `version` (of a [`GlobalCache`]).
#[inline(always)]
fn dict_has_version(dict: GcRef, version: &AtomicI64) -> bool {
    dict.layout() == W_Dict::layout()
        && heap::read_field_expecting(dict, W_Dict::layout(), &W_Dict::KEYS_VERSION) as i64
            == version.load(Ordering::Relaxed)
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
    /// when the cache knows the entry that holds it; `None` when it does not. The dicts and their
    /// entries are read through their known layouts, which folds the checks of the accesses.
    /// Inlined into the interpreter's `LOAD_GLOBAL`.
    #[inline(always)]
    pub fn global(&self, i: u32, globals: GcRef, builtins: GcRef) -> Option<GcRef> {
        let cache = &self.globals[i as usize];
        if !dict_has_version(globals, &cache.globals_version) {
            return None;
        }
        let entry = cache.entry.load(Ordering::Relaxed);
        let (dict, entry) = if entry >= 0 {
            (globals, entry)
        } else {
            if !dict_has_version(builtins, &cache.builtins_version) {
                return None;
            }
            (builtins, -entry - 1)
        };
        let entries = heap::read_field_ref_expecting(dict, W_Dict::layout(), &W_Dict::ENTRIES);
        let value =
            heap::read_item_ref_expecting(entries, RefArray::layout(), &RefArray::ITEMS, 2 * entry as usize + 1);
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
    /// map, if it was cached for them. Inlined into the interpreter's attribute instructions.
    #[inline(always)]
    pub fn attr(&self, pc: u32, version: GcRef, map: GcRef) -> Option<AttrHit> {
        let table = self.attrs.get()?;
        let ways = table.entries.get(pc as usize)?;
        let (way, entry) = if ways[0].matches(version, map) { (0, &ways[0]) } else { later_way(ways, version, map)? };
        let hit = entry.hit.load(Ordering::Relaxed);
        let index = hit >> KIND_BITS;
        Some(match hit & ((1 << KIND_BITS) - 1) {
            KIND_SLOT => AttrHit::Slot(index),
            KIND_NUMBER_SLOT => AttrHit::NumberSlot(index),
            KIND_METHOD => AttrHit::Method(table.extra(pc, way)),
            KIND_VALUE => AttrHit::Value(table.extra(pc, way)),
            _ => AttrHit::Add(table.extra(pc, way), index),
        })
    }

    /// Remember `hit` for the attribute instruction at `pc` and instances with this type version
    /// and map.
    pub fn remember_attr(&self, pc: u32, version: GcRef, map: GcRef, hit: AttrHit) {
        let table = self.attrs.get_or_init(|| {
            let refs = RefArray::nulls(3 * WAYS * self.instructions);
            Root::new(refs).leak();
            let entries = (0..self.instructions).map(|_| Default::default()).collect();
            AttrTable { refs, entries }
        });
        let (extra, index, kind) = match hit {
            AttrHit::Slot(slot) => (GcRef::NULL, slot, KIND_SLOT),
            AttrHit::NumberSlot(slot) => (GcRef::NULL, slot, KIND_NUMBER_SLOT),
            AttrHit::Method(func) => (func, 0, KIND_METHOD),
            AttrHit::Add(map, slot) => (map, slot, KIND_ADD),
            AttrHit::Value(value) => (value, 0, KIND_VALUE),
        };
        // The entry of these keys, else an empty one, else one chosen by the version.
        let ways = &table.entries[pc as usize];
        let way = ways
            .iter()
            .position(|e| e.matches(version, map))
            .or_else(|| ways.iter().position(|e| e.version.load(Ordering::Relaxed) == 0))
            .unwrap_or((version.addr() >> 4) % WAYS);
        let entry = WAYS * pc as usize + way;
        gc::set_item_ref(table.refs, &RefArray::ITEMS, 3 * entry, version);
        gc::set_item_ref(table.refs, &RefArray::ITEMS, 3 * entry + 1, map);
        gc::set_item_ref(table.refs, &RefArray::ITEMS, 3 * entry + 2, extra);
        let e = &ways[way];
        e.version.store(version.addr(), Ordering::Relaxed);
        e.map.store(map.addr(), Ordering::Relaxed);
        e.hit.store(index << KIND_BITS | kind, Ordering::Relaxed);
    }
}

/// What the attribute caches need of an instance whose attributes live in its map: the cache
/// keys (its type's version tag and its map), its fields and its slots array.
pub struct InstanceKey {
    /// The fields of the instance's layout.
    pub fields: &'static InstanceFields,
    /// The version tag of the instance's type.
    pub version: GcRef,
    /// The instance's map.
    pub map: GcRef,
    /// The instance's slots array.
    pub slots: GcRef,
}

/// The [`InstanceKey`] of `obj` when it is an instance whose attributes live in its map. Plain
/// instances inline, through their constant field descriptors (the checks of the accesses then
/// fold); other layouts out of line. Everything is read before the cache is looked up, whose
/// atomic loads would make the compiler read the instance's header again.
#[inline(always)]
pub fn instance_key(obj: GcRef) -> Option<InstanceKey> {
    let Some(instance) = heap::Known::of(obj, W_Instance::layout()) else {
        return other_instance_key(obj);
    };
    Some(InstanceKey {
        fields: mapdict::instance_fields(W_Instance::layout())?,
        version: version_tag(instance.read_ref(&W_Instance::TYPE_)),
        map: instance.read_ref(&W_Instance::MAP),
        slots: instance.read_ref(&W_Instance::SLOTS),
    })
}

/// The key of a method cache entry for an object of an exact builtin type that has a layout of
/// its own (an exact str, list, dict, tuple, int, float, set or bytes; their types are
/// immutable: [`Space::common_type_of_layout`]): the type's version tag and the type itself,
/// which is never a map, so never part of an instance's key.
#[inline(always)]
pub fn builtin_key(space: &Space, obj: GcRef) -> Option<(GcRef, GcRef)> {
    let ty = space.common_type_of_layout(obj.layout())?;
    Some((version_tag(ty), ty))
}

/// The method that `LOAD_METHOD` at `pc` cached for `obj`, an object of an exact builtin type
/// (see [`builtin_key`]); `None` for other objects and on a miss. Out of line, so that the
/// interpreter's loop stays small.
#[inline(never)]
pub fn builtin_method(caches: &Caches, space: &Space, pc: u32, obj: GcRef) -> Option<GcRef> {
    let (version, ty) = builtin_key(space, obj)?;
    match caches.attr(pc, version, ty)? {
        AttrHit::Method(func) => Some(func),
        AttrHit::Slot(_) | AttrHit::NumberSlot(_) | AttrHit::Add(..) | AttrHit::Value(_) => None,
    }
}

/// The key of a cache entry for a load of an attribute of class `cls` (the class itself, not an
/// instance) whose metaclass is `type`: its version tag, twice. A version tag is neither a map
/// nor a type, so the key is never an instance's or a builtin object's.
#[inline(always)]
fn class_key(space: &Space, cls: GcRef) -> Option<GcRef> {
    (cls.layout() == W_Type::layout()
        && heap::read_field_ref_expecting(cls, W_Type::layout(), &W_Type::METATYPE) == space.type_type)
        .then(|| version_tag(cls))
}

/// What the attribute load at `pc` cached for `cls.name` when `cls` is a class (see
/// [`class_key`]): the value, or a classmethod's function to bind to the class. `None` for other
/// objects and on a miss. Out of line, so that the interpreter's loop stays small.
#[inline(never)]
pub fn class_attribute(caches: &Caches, space: &Space, pc: u32, cls: GcRef) -> Option<Method<GcRef>> {
    let version = class_key(space, cls)?;
    match caches.attr(pc, version, version)? {
        AttrHit::Value(value) => Some(Method::Value(value)),
        AttrHit::Method(func) => Some(Method::Unbound(func)),
        AttrHit::Slot(_) | AttrHit::NumberSlot(_) | AttrHit::Add(..) => None,
    }
}

/// After the attribute load at `pc` found `found` on class `cls` by the class fast path
/// ([`crate::protocol`]'s `class_attribute`, whose outcome depends on the classes of `cls`'s MRO
/// only, which its version tag covers): cache it. Not an instance whose class is outside that
/// MRO (it is the value only while its class has no `__get__`).
pub fn remember_class_attribute(caches: &Caches, space: &Space, pc: u32, cls: GcRef, found: Method<GcRef>) {
    let Some(version) = class_key(space, cls) else { return };
    let hit = match found {
        Method::Value(value) => {
            if value.layout() == W_Instance::layout()
                && !typeobject::is_subtype(cls, gc::get_ref(value, &W_Instance::TYPE_))
            {
                return;
            }
            AttrHit::Value(value)
        }
        Method::Unbound(func) => AttrHit::Method(func),
    };
    caches.remember_attr(pc, version, version, hit);
}

/// After `LOAD_METHOD` found `method` on `obj` (an object of an exact builtin type, see
/// [`builtin_key`]), the method to push unbound: cache it for the instruction at `pc`.
pub fn remember_builtin_method(caches: &Caches, space: &Space, pc: u32, obj: GcRef, method: GcRef) {
    if let Some((version, ty)) = builtin_key(space, obj) {
        caches.remember_attr(pc, version, ty, AttrHit::Method(method));
    }
}

/// [`instance_key`] of an object that is not a plain instance.
#[inline(never)]
fn other_instance_key(obj: GcRef) -> Option<InstanceKey> {
    let fields = mapdict::instance_fields(obj.layout())?;
    Some(InstanceKey {
        fields,
        version: version_tag(gc::get_ref(obj, &fields.type_)),
        map: gc::get_ref(obj, &fields.map),
        slots: gc::get_ref(obj, &fields.slots),
    })
}

/// The version tag of type `ty`, read with a check that folds for a `W_Type` (any other layout
/// is checked in full).
#[inline(always)]
fn version_tag(ty: GcRef) -> GcRef {
    heap::read_field_ref_expecting(ty, W_Type::layout(), &W_Type::VERSION)
}

/// The attribute in slot `index` of `slots`, an instance's slots array, for a hit of kind `number`
/// ([`AttrHit::NumberSlot`]: boxed when in a cell) or not ([`AttrHit::Slot`]: as it is). Inlined
/// into the interpreter's attribute instructions; the slots are read through their known layout,
/// which folds the checks of the access.
#[inline(always)]
pub fn slot(slots: GcRef, index: usize, number: bool) -> GcRef {
    let content = heap::read_item_ref_expecting(slots, RefArray::layout(), &RefArray::ITEMS, index);
    if number {
        mapdict::slot_value(content)
    } else {
        content
    }
}

/// Store `value` into `obj` (whose [`InstanceKey`] is `key`) as a cached store `hit` does:
/// `false` (nothing done) when the instance's slots are too short for an added attribute (the
/// generic code grows them). Inlined into the interpreter's `STORE_ATTR` up to the addition of an
/// attribute.
#[inline(always)]
pub fn store(obj: GcRef, key: &InstanceKey, hit: AttrHit, value: GcRef) -> bool {
    match hit {
        AttrHit::Slot(index) => {
            heap::write_item_ref_expecting(key.slots, RefArray::layout(), &RefArray::ITEMS, index, value);
            true
        }
        AttrHit::NumberSlot(index) => {
            mapdict::overwrite_slot(key.slots, index, value);
            true
        }
        AttrHit::Add(map, index) => add_attribute(obj, key, map, index, value),
        AttrHit::Method(_) | AttrHit::Value(_) => false,
    }
}

/// [`store`] of a cached addition: `obj` gets `map`, and `value` goes to slot `index`.
#[inline(never)]
fn add_attribute(obj: GcRef, key: &InstanceKey, map: GcRef, index: usize, value: GcRef) -> bool {
    let slots = key.slots;
    if index >= heap::array_len_expecting(slots, RefArray::layout(), &RefArray::ITEMS) as usize {
        return false;
    }
    let value = mapdict::content_for_map(map, value);
    if obj.layout() == W_Instance::layout() {
        heap::write_field_ref_expecting(obj, W_Instance::layout(), &W_Instance::MAP, map);
    } else {
        gc::set_ref(obj, &key.fields.map, map);
    }
    heap::write_item_ref_expecting(slots, RefArray::layout(), &RefArray::ITEMS, index, value);
    true
}

/// The type of an instance and what `name` is on it, when the generic fast path decides alone:
/// the type keeps the builtin `hook` (`__getattribute__` or `__setattr__`; not another builtin
/// a class assigned under that name, `__setattr__ = dict.__setitem__`) and the class attribute is absent or a Python function (so no descriptor takes part).
fn plain_class_attribute(
    space: &Space,
    obj: GcRef,
    fields: &InstanceFields,
    hook: &'static str,
    name: GcRef,
) -> Option<(GcRef, GcRef)> {
    let ty = gc::get_ref(obj, &fields.type_);
    let version = gc::get_ref(ty, &W_Type::VERSION);
    let found = typeobject::lookup_cached(ty, version, space.intern_static(hook));
    if found.is_null()
        || found.layout() != W_Builtin::layout()
        || crate::builtins::defs()[gc::get_i64(found, &W_Builtin::INDEX) as usize].name != hook
    {
        return None;
    }
    let attr = typeobject::lookup_cached(ty, version, name);
    (attr.is_null() || attr.layout() == W_Function::layout() || slot_member_key(attr).is_some()).then_some((ty, attr))
}

/// The key of a `__slots__` slot's value in instances' maps when class attribute `attr` is the
/// slot's member descriptor (a data descriptor: the slot is the attribute, whatever else the
/// instance holds), else `None`.
fn slot_member_key(attr: GcRef) -> Option<GcRef> {
    if attr.is_null() || attr.layout() != W_Member::layout() {
        return None;
    }
    let key = gc::get_ref(attr, &W_Member::KEY);
    (!key.is_null()).then_some(key)
}

/// After an attribute load of `name` on `obj` at `pc`: cache what it does, when cacheable.
pub fn remember_load(caches: &Caches, space: &Space, pc: u32, obj: GcRef, name: GcRef) {
    if mapdict::instance_fields(obj.layout()).is_none() {
        return;
    }
    if let (Some(hit), Some(key)) = (load_plan(space, obj, name), instance_key(obj)) {
        caches.remember_attr(pc, key.version, key.map, hit);
    }
}

/// The hit of attribute `key` in slot `index` of instances with `map`, by the attribute's kind.
fn slot_hit(map: GcRef, key: GcRef, index: usize) -> AttrHit {
    if mapdict::map_kind(map, key) == mapdict::KIND_NUMBER {
        AttrHit::NumberSlot(index)
    } else {
        AttrHit::Slot(index)
    }
}

/// What `obj.name` resolves to (a load: `getattr` or `load_method`) when cacheable.
fn load_plan(space: &Space, obj: GcRef, name: GcRef) -> Option<AttrHit> {
    let fields = mapdict::instance_fields(obj.layout())?;
    let (_, attr) = plain_class_attribute(space, obj, fields, "__getattribute__", name)?;
    let member_key = slot_member_key(attr);
    let (map, key) = (gc::get_ref(obj, &fields.map), member_key.unwrap_or(name));
    match mapdict::map_index(map, key) {
        index if index >= 0 => Some(slot_hit(map, key, index as usize)),
        -1 if !attr.is_null() && member_key.is_none() => Some(AttrHit::Method(attr)),
        _ => None,
    }
}

/// What `obj.name = value` does (`setattr`) when cacheable: computed before the store (an added
/// attribute gets the map that suits `value`).
pub fn store_plan(space: &Space, obj: GcRef, name: GcRef, value: GcRef) -> Option<AttrHit> {
    let layout = obj.layout();
    let fields = mapdict::instance_fields(layout)?;
    let (ty, attr) = plain_class_attribute(space, obj, fields, "__setattr__", name)?;
    let member_key = slot_member_key(attr);
    if (member_key.is_none() && gc::get_i64(ty, &W_Type::FLAGS) & typeobject::flags::NO_DICT != 0)
        || crate::objspace::is_special_exception_attribute(layout, name)
    {
        return None;
    }
    let key = member_key.unwrap_or(name);
    let map = gc::get_ref(obj, &fields.map);
    match mapdict::map_index(map, key) {
        index if index >= 0 => Some(slot_hit(map, key, index as usize)),
        -1 => {
            let child = mapdict::map_child_for(map, key, mapdict::kind_for(value));
            Some(AttrHit::Add(child, gc::get_i64(child, &W_Map::INDEX) as usize))
        }
        _ => None,
    }
}

//! Instances of user classes, with maps (hidden classes), as PyPy's mapdict.
//!
//! An instance ([`W_Instance`], exceptions' [`W_Exception`], and instances of subclasses of
//! builtin types, [`crate::subclass::W_Subclass`]) holds its type, a map and a slots
//! array. The map ([`W_Map`]) is an immutable chain of attribute names back to the *terminator*
//! of the instance's type: it says which slot holds which attribute. Instances that get the same
//! attributes in the same order share their maps, because each map caches its children (the
//! transitions).
//!
//! In a trace, the interpreter promotes the map (one `guard_value`), after which the slot index of
//! an attribute is a constant: [`map_index_of()`] and [`map_child_of()`] are elidable functions of the
//! map and the (constant) name, so an attribute read is a guard and a load. A map belongs to one
//! type (its immutable `owner`, always the instance's type), and domain code reads an instance's
//! type through its promoted map ([`promoted_type()`]): one guard fixes the map and the type.
//!
//! An instance whose `__dict__` is asked for *devolves*: its attributes move into a real dict (the
//! one `__dict__` returns, so that writes to it are attribute writes), held in its first slot, and
//! it gets its type's *dict map*. [`map_index()`] answers [`IN_DICT`] for that map, which sends
//! domain code to the native paths.

use crate::dict;
use crate::exceptions::W_Exception;
use crate::gc;
use crate::storage::RefArray;
use crate::typeobject::W_Type;
use crate::unicode;
use metatrace::domain::{Domain, IntOp};
use metatrace_gc::{FieldDescr, GcHeader, GcObject, GcRef, Layout};
use metatrace_macros::GcObject;

/// An instance of a user class (or of `object`).
#[derive(GcObject)]
#[repr(C)]
pub struct W_Instance {
    /// The object header.
    pub header: GcHeader,
    /// The instance's type (assignable through `__class__`).
    pub type_: GcRef,
    /// The map of its attributes ([`W_Map`]).
    pub map: GcRef,
    /// The attribute values ([`RefArray`]), indexed through the map; it may be longer than the map.
    pub slots: GcRef,
}

/// A map: the last attribute added to a chain of maps, or a type's terminator.
#[derive(GcObject)]
#[repr(C)]
pub struct W_Map {
    /// The object header.
    pub header: GcHeader,
    /// The type whose instances use this map.
    #[gc(immutable)]
    pub owner: GcRef,
    /// The map without this attribute; null for a terminator.
    #[gc(immutable)]
    pub parent: GcRef,
    /// The attribute's name (a str); null for a terminator.
    #[gc(immutable)]
    pub name: GcRef,
    /// The attribute's slot; -1 for a terminator, [`IN_DICT`] for a dict map.
    #[gc(immutable)]
    pub index: i64,
    /// The number of attributes in the chain.
    #[gc(immutable)]
    pub size: i64,
    /// A dict from attribute names to child maps, or null until the first child (a cache).
    pub transitions: GcRef,
    /// For a terminator: the most slots an instance starting from it has grown to (0 until one
    /// grew), the number new instances start with ([`initial_slots`]), so that instances of a
    /// class with many attributes are not regrown one by one. A hint: stale values only cost
    /// a regrowth.
    pub slots_hint: i64,
}

/// The fields of an instance-like layout that the attribute code uses.
#[derive(Debug)]
pub struct InstanceFields {
    /// The type field.
    pub type_: FieldDescr,
    /// The map field.
    pub map: FieldDescr,
    /// The slots field.
    pub slots: FieldDescr,
}

/// The instance fields of [`W_Instance`].
pub static INSTANCE_FIELDS: InstanceFields =
    InstanceFields { type_: W_Instance::TYPE_, map: W_Instance::MAP, slots: W_Instance::SLOTS };
static EXCEPTION_FIELDS: InstanceFields =
    InstanceFields { type_: W_Exception::TYPE_, map: W_Exception::MAP, slots: W_Exception::SLOTS };

/// The instance fields of objects of `layout`, if they are instances with maps.
#[inline]
pub fn instance_fields(layout: &Layout) -> Option<&'static InstanceFields> {
    if layout == W_Instance::layout() {
        Some(&INSTANCE_FIELDS)
    } else if layout == W_Exception::layout() {
        Some(&EXCEPTION_FIELDS)
    } else if layout == crate::subclass::W_Subclass::layout() {
        Some(&crate::subclass::FIELDS)
    } else {
        None
    }
}

/// The slots a new instance starts with, at least.
const INITIAL_SLOTS: usize = 4;

/// The number of slots a new instance whose map is `terminator` starts with.
pub fn initial_slots(terminator: GcRef) -> usize {
    (gc::get_i64(terminator, &W_Map::SLOTS_HINT) as usize).max(INITIAL_SLOTS)
}

/// What [`map_index()`] answers for an instance whose attributes are in a dict.
pub const IN_DICT: i64 = -2;

/// A new dict map for the instances of `ty`.
pub fn new_dict_map(ty: GcRef) -> GcRef {
    let map = metatrace_gc::alloc(W_Map::layout());
    gc::set_ref(map, &W_Map::OWNER, ty);
    gc::set_i64(map, &W_Map::INDEX, IN_DICT);
    map
}

/// The map key of the value of slot `name` of a class with `__slots__`: the name after a space,
/// which no attribute name can be, so that it stays out of `__dict__`.
pub fn hidden_key(space: &crate::space::Space, name: GcRef) -> GcRef {
    space.intern(&format!(" {}", unicode::to_string_lossy(name)))
}

/// Whether `name` is a [`hidden_key`].
fn is_hidden(name: GcRef) -> bool {
    unicode::char_len(name) > 0 && unicode::char_at(name, 0) == u32::from(b' ')
}

/// The dict that holds attribute `name` of an instance whose attributes live in dicts (the
/// `__dict__`, or the dict of slot values for a hidden key), if they do.
fn attribute_dict_for(obj: GcRef, fields: &InstanceFields, name: GcRef) -> Option<GcRef> {
    (gc::get_i64(gc::get_ref(obj, &fields.map), &W_Map::INDEX) == IN_DICT)
        .then(|| gc::item_ref(gc::get_ref(obj, &fields.slots), &RefArray::ITEMS, usize::from(is_hidden(name))))
}

/// The `__dict__` of an instance whose attributes live in dicts, if they do.
fn attribute_dict(obj: GcRef, fields: &InstanceFields) -> Option<GcRef> {
    (gc::get_i64(gc::get_ref(obj, &fields.map), &W_Map::INDEX) == IN_DICT)
        .then(|| gc::item_ref(gc::get_ref(obj, &fields.slots), &RefArray::ITEMS, 0))
}

/// The dict of an instance's attributes (its `__dict__`): from now on they live there.
pub fn devolve(obj: GcRef) -> GcRef {
    let fields = instance_fields(obj.layout()).expect("devolve an instance");
    if let Some(d) = attribute_dict(obj, fields) {
        return d;
    }
    let d = dict::new();
    let hidden = dict::new();
    for (name, value) in all_attributes(obj, fields) {
        dict::set_str(if is_hidden(name) { hidden } else { d }, name, value);
    }
    let ty = gc::get_ref(obj, &fields.type_);
    gc::set_ref(obj, &fields.slots, RefArray::from_slice(&[d, hidden]));
    gc::set_ref(obj, &fields.map, gc::get_ref(ty, &W_Type::DICT_MAP));
    d
}

/// Make `d` the `__dict__` of an instance without attributes: its attributes live there.
pub fn use_dict(obj: GcRef, d: GcRef) {
    let fields = instance_fields(obj.layout()).expect("use_dict of an instance");
    let ty = gc::get_ref(obj, &fields.type_);
    gc::set_ref(obj, &fields.slots, RefArray::from_slice(&[d, dict::new()]));
    gc::set_ref(obj, &fields.map, gc::get_ref(ty, &W_Type::DICT_MAP));
}

/// `obj.__dict__ = d` for an instance: its attributes are the entries of `d` from now on (the
/// values of its slots stay).
pub fn replace_dict(obj: GcRef, d: GcRef) {
    let fields = instance_fields(obj.layout()).expect("replace_dict of an instance");
    devolve(obj);
    gc::set_item_ref(gc::get_ref(obj, &fields.slots), &RefArray::ITEMS, 0, d);
}

/// A new terminator for the instances of `ty`.
pub fn new_terminator(ty: GcRef) -> GcRef {
    let map = metatrace_gc::alloc(W_Map::layout());
    gc::set_ref(map, &W_Map::OWNER, ty);
    gc::set_i64(map, &W_Map::INDEX, -1);
    map
}

/// A new instance-like object of `layout` (an instance layout) and type `ty`, without attributes.
pub fn new_object(layout: &'static Layout, ty: GcRef) -> GcRef {
    let fields = instance_fields(layout).expect("new_object of an instance layout");
    let obj = metatrace_gc::alloc(layout);
    gc::set_ref(obj, &fields.type_, ty);
    let terminator = gc::get_ref(ty, &W_Type::TERMINATOR);
    gc::set_ref(obj, &fields.map, terminator);
    gc::set_ref(obj, &fields.slots, RefArray::nulls(initial_slots(terminator)));
    obj
}

/// The slot of attribute `name` (a str) in `map`, -1 if it has none, or [`IN_DICT`].
pub fn map_index(map: GcRef, name: GcRef) -> i64 {
    if gc::get_i64(map, &W_Map::INDEX) == IN_DICT {
        return IN_DICT;
    }
    let holder =
        crate::lookup_cache::MAP_ATTRIBUTES.with(|c| c.get_or_insert_with(map, name, || map_holding(map, name)));
    if holder.is_null() {
        -1
    } else {
        gc::get_i64(holder, &W_Map::INDEX)
    }
}

/// The map of the chain ending at `map` that adds attribute `name`, or null.
fn map_holding(map: GcRef, name: GcRef) -> GcRef {
    let mut m = map;
    while !gc::get_ref(m, &W_Map::PARENT).is_null() {
        if unicode::eq(gc::get_ref(m, &W_Map::NAME), name) {
            return m;
        }
        m = gc::get_ref(m, &W_Map::PARENT);
    }
    GcRef::NULL
}

/// The map that adds attribute `name` (a str, not in `map`) to `map`: cached, so that instances
/// that get the same attributes in the same order share maps.
pub fn map_child(map: GcRef, name: GcRef) -> GcRef {
    let mut transitions = gc::get_ref(map, &W_Map::TRANSITIONS);
    if transitions.is_null() {
        transitions = dict::new();
        gc::set_ref(map, &W_Map::TRANSITIONS, transitions);
    } else if let Some(child) = dict::get_str(transitions, name) {
        return child;
    }
    let size = gc::get_i64(map, &W_Map::SIZE);
    let child = metatrace_gc::alloc(W_Map::layout());
    gc::set_ref(child, &W_Map::OWNER, gc::get_ref(map, &W_Map::OWNER));
    gc::set_ref(child, &W_Map::PARENT, map);
    gc::set_ref(child, &W_Map::NAME, name);
    gc::set_i64(child, &W_Map::INDEX, size);
    gc::set_i64(child, &W_Map::SIZE, size + 1);
    dict::set_str(transitions, name, child);
    child
}

metatrace::residual! {
    /// The slot of attribute `name` in `map`, or -1.
    pub fn map_index_of(map: Ref, name: Ref) -> Int;
    effect = Elidable; can_raise = false; impl = map_index;
}

metatrace::residual! {
    /// The map that adds attribute `name` to `map`.
    pub fn map_child_of(map: Ref, name: Ref) -> Ref;
    effect = Elidable; can_raise = false; impl = map_child;
}

/// The (name, value) pairs of an instance's attributes (its `__dict__`), in the order they were
/// added.
pub fn attributes(obj: GcRef) -> Vec<(GcRef, GcRef)> {
    let fields = instance_fields(obj.layout()).expect("attributes of an instance");
    if let Some(d) = attribute_dict(obj, fields) {
        return dict::items(d).into_iter().filter(|(k, _)| k.layout() == crate::unicode::W_Str::layout()).collect();
    }
    all_attributes(obj, fields).into_iter().filter(|&(k, _)| !is_hidden(k)).collect()
}

/// The (name, value) pairs of the map of an instance (not in dict mode), slots included.
fn all_attributes(obj: GcRef, fields: &InstanceFields) -> Vec<(GcRef, GcRef)> {
    let slots = gc::get_ref(obj, &fields.slots);
    let mut pairs = Vec::new();
    let mut m = gc::get_ref(obj, &fields.map);
    while !gc::get_ref(m, &W_Map::PARENT).is_null() {
        let index = gc::get_i64(m, &W_Map::INDEX) as usize;
        pairs.push((gc::get_ref(m, &W_Map::NAME), gc::item_ref(slots, &RefArray::ITEMS, index)));
        m = gc::get_ref(m, &W_Map::PARENT);
    }
    pairs.reverse();
    pairs
}

/// Attribute `name` of an instance, if it has it.
pub fn get_attr(obj: GcRef, name: GcRef) -> Option<GcRef> {
    let fields = instance_fields(obj.layout())?;
    if let Some(d) = attribute_dict_for(obj, fields, name) {
        return dict::get_str(d, name);
    }
    let index = map_index(gc::get_ref(obj, &fields.map), name);
    (index >= 0).then(|| gc::item_ref(gc::get_ref(obj, &fields.slots), &RefArray::ITEMS, index as usize))
}

/// Make the slots of an instance at least `needed` long (doubling).
fn ensure_slots(obj: GcRef, fields: &InstanceFields, needed: usize) {
    let slots = gc::get_ref(obj, &fields.slots);
    let capacity = gc::len(slots, &RefArray::ITEMS);
    if needed > capacity {
        let mut items = RefArray::to_vec(slots);
        items.resize(needed.max(2 * capacity), GcRef::NULL);
        gc::set_ref(obj, &fields.slots, RefArray::from_slice(&items));
    }
}

/// Set attribute `name` of an instance.
pub fn set_attr(obj: GcRef, name: GcRef, value: GcRef) {
    let fields = instance_fields(obj.layout()).expect("set_attr of an instance");
    if let Some(d) = attribute_dict_for(obj, fields, name) {
        dict::set_str(d, name, value);
        return;
    }
    let map = gc::get_ref(obj, &fields.map);
    let mut index = map_index(map, name);
    if index < 0 {
        let child = map_child(map, name);
        index = gc::get_i64(child, &W_Map::INDEX);
        ensure_slots(obj, fields, index as usize + 1);
        gc::set_ref(obj, &fields.map, child);
    }
    gc::set_item_ref(gc::get_ref(obj, &fields.slots), &RefArray::ITEMS, index as usize, value);
}

/// Delete attribute `name` of an instance: the instance gets the map of its other attributes.
/// False if it had no such attribute.
pub fn del_attr(obj: GcRef, name: GcRef) -> bool {
    let fields = instance_fields(obj.layout()).expect("del_attr of an instance");
    if let Some(d) = attribute_dict_for(obj, fields, name) {
        return dict::del_str(d, name);
    }
    let pairs = all_attributes(obj, fields);
    if !pairs.iter().any(|&(n, _)| unicode::eq(n, name)) {
        return false;
    }
    let ty = gc::get_ref(obj, &fields.type_);
    let mut map = gc::get_ref(ty, &W_Type::TERMINATOR);
    let mut values = Vec::with_capacity(pairs.len());
    for (n, v) in pairs.into_iter().filter(|&(n, _)| !unicode::eq(n, name)) {
        map = map_child(map, n);
        values.push(v);
    }
    values.resize(values.len().max(INITIAL_SLOTS), GcRef::NULL);
    gc::set_ref(obj, &fields.map, map);
    gc::set_ref(obj, &fields.slots, RefArray::from_slice(&values));
    true
}

/// Give an instance another type (`__class__` assignment): its attributes move to maps of the
/// new type.
pub fn set_class(obj: GcRef, ty: GcRef) {
    let fields = instance_fields(obj.layout()).expect("set_class of an instance");
    gc::set_ref(obj, &fields.type_, ty);
    if attribute_dict(obj, fields).is_some() {
        gc::set_ref(obj, &fields.map, gc::get_ref(ty, &W_Type::DICT_MAP));
        return;
    }
    let pairs = all_attributes(obj, fields);
    let mut map = gc::get_ref(ty, &W_Type::TERMINATOR);
    let mut values = Vec::with_capacity(pairs.len());
    for (n, v) in pairs {
        map = map_child(map, n);
        values.push(v);
    }
    values.resize(values.len().max(INITIAL_SLOTS), GcRef::NULL);
    gc::set_ref(obj, &fields.map, map);
    gc::set_ref(obj, &fields.slots, RefArray::from_slice(&values));
}

fn grow_slots_impl(obj: GcRef) {
    let fields = instance_fields(obj.layout()).expect("grow_slots of an instance");
    let capacity = gc::len(gc::get_ref(obj, &fields.slots), &RefArray::ITEMS);
    ensure_slots(obj, fields, capacity + 1);
    let grown = gc::len(gc::get_ref(obj, &fields.slots), &RefArray::ITEMS) as i64;
    let mut terminator = gc::get_ref(obj, &fields.map);
    while !gc::get_ref(terminator, &W_Map::PARENT).is_null() {
        terminator = gc::get_ref(terminator, &W_Map::PARENT);
    }
    if gc::get_i64(terminator, &W_Map::SLOTS_HINT) < grown {
        gc::set_i64(terminator, &W_Map::SLOTS_HINT, grown);
    }
}

metatrace::residual! {
    /// Replace the slots of an instance with a copy twice as long.
    pub fn grow_slots(obj: Ref) -> Void;
    effect = Plain; can_raise = false; impl = grow_slots_impl;
}

/// The map of an instance as a constant (a `guard_value` in a trace).
fn promoted_map<D: Domain>(d: &mut D, obj: D::Ref, fields: &InstanceFields) -> D::Ref {
    let map = d.get_ref(obj, &fields.map);
    let map = d.promote_ref(map);
    d.const_ref(map)
}

/// The type of an instance whose layout has `fields`, in domain code: its map is promoted (one
/// `guard_value` in a trace, which attribute accesses need anyway) and the type is the map's
/// immutable owner, a constant then. An instance's type field and its map's owner are always the
/// same type, so one guard fixes both, as in PyPy, where the map implies the class.
pub fn promoted_type<D: Domain>(d: &mut D, obj: D::Ref, fields: &InstanceFields) -> D::Ref {
    let map = promoted_map(d, obj, fields);
    d.get_ref(map, &W_Map::OWNER)
}

/// The slot of `name` in `map`, or -1 (folds to a constant when both are constants).
fn index_in<D: Domain>(d: &mut D, map: D::Ref, name: D::Ref) -> D::Int {
    map_index_of(d, map, name).unwrap_or_else(|_| unreachable!("map_index_of cannot raise"))
}

/// What an instance has for an attribute name, as domain code sees it.
pub enum Own<R> {
    /// The attribute's value.
    Found(R),
    /// No such attribute.
    Absent,
    /// The attributes are in a dict: ask the native path.
    InDict,
}

/// Attribute `name` (a str, normally a constant) of an instance whose layout has `fields`, in
/// domain code.
pub fn getattr<D: Domain>(d: &mut D, obj: D::Ref, fields: &InstanceFields, name: D::Ref) -> Own<D::Ref> {
    let map = promoted_map(d, obj, fields);
    let index = index_in(d, map, name);
    let zero = d.const_int(0);
    let found = d.int_op(IntOp::Ge, index, zero);
    if !d.branch(found) {
        let in_dict = d.const_int(IN_DICT);
        let in_dict = d.int_op(IntOp::Eq, index, in_dict);
        return if d.branch(in_dict) { Own::InDict } else { Own::Absent };
    }
    let slots = d.get_ref(obj, &fields.slots);
    Own::Found(d.get_item_ref(slots, &RefArray::ITEMS, index))
}

/// Whether the attributes of an instance whose layout has `fields` live in a dict, in domain code.
pub fn in_dict<D: Domain>(d: &mut D, obj: D::Ref, fields: &InstanceFields) -> bool {
    let map = promoted_map(d, obj, fields);
    let index = d.get_int(map, &W_Map::INDEX);
    let in_dict = d.const_int(IN_DICT);
    let in_dict = d.int_op(IntOp::Eq, index, in_dict);
    d.branch(in_dict)
}

/// Set attribute `name` (a str, normally a constant) of an instance whose layout has `fields`, in
/// domain code: a store into a slot, after a change of map if the attribute is new.
pub fn setattr<D: Domain>(d: &mut D, obj: D::Ref, fields: &InstanceFields, name: D::Ref, value: D::Ref) {
    let map = promoted_map(d, obj, fields);
    let mut index = index_in(d, map, name);
    let zero = d.const_int(0);
    let found = d.int_op(IntOp::Ge, index, zero);
    if !d.branch(found) {
        let child = map_child_of(d, map, name).unwrap_or_else(|_| unreachable!("map_child_of cannot raise"));
        index = d.get_int(child, &W_Map::INDEX);
        let slots = d.get_ref(obj, &fields.slots);
        let capacity = d.array_len(slots, &RefArray::ITEMS);
        let full = d.int_op(IntOp::Ge, index, capacity);
        if d.branch(full) {
            // A slots array is at least one long, so doubling it makes room for one more.
            grow_slots(d, obj).unwrap_or_else(|_| unreachable!("grow_slots cannot raise"));
        }
        d.set_ref(obj, &fields.map, child);
    }
    let slots = d.get_ref(obj, &fields.slots);
    d.set_item_ref(slots, &RefArray::ITEMS, index, value);
}

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
//!
//! Exact ints and floats are stored unboxed, as PyPy's maps store them: each map entry has a
//! storage *kind*, chosen by the value of the first store: [`KIND_OBJECT`], or [`KIND_NUMBER`]
//! for an int or a float. The slot of a number attribute holds the instance's own mutable cell
//! ([`W_IntCell`] or [`W_FloatCell`], never a Python value) while its value is an exact int or
//! float, which a store of a value of the same type overwrites, else the value itself. In a trace
//! the kind is a constant of the promoted map: a read of a number attribute is a `guard_class` of
//! the slot's content (as using a boxed value would need) and a box the optimizer keeps virtual,
//! a store into the cell is a raw store, so a loop updating `self.x` allocates nothing. Attributes
//! of object kind are read and written as before, without guards. Reads box afresh, which `is`
//! does not see (it compares ints and floats by value). With the JIT off no map gets the number
//! kind ([`kind_for`]): cells pay only in traces.

use crate::dict;
use crate::exceptions::W_Exception;
use crate::float::W_Float;
use crate::gc::{self, RootedPairs, RootedVec};
use crate::int::W_Int;
use crate::known;
use crate::storage::RefArray;
use crate::typeobject::W_Type;
use crate::unicode;
use metatrace::domain::{Domain, IntOp};
use metatrace_gc::{heap, FieldDescr, GcHeader, GcObject, GcRef, Layout};
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
    /// How the attribute's slot stores it: [`KIND_OBJECT`] or [`KIND_NUMBER`]
    /// ([`KIND_OBJECT`] for a terminator and a dict map).
    #[gc(immutable)]
    pub kind: i64,
    /// A dict from attribute names to child maps, or null until the first child (a cache).
    pub transitions: GcRef,
    /// For a terminator: the most slots an instance starting from it has grown to (0 until one
    /// grew), the number new instances start with ([`initial_slots`]), so that instances of a
    /// class with many attributes are not regrown one by one. A hint: stale values only cost
    /// a regrowth.
    pub slots_hint: i64,
}

/// The mutable cell of an attribute of [`KIND_NUMBER`] whose value is an exact int: one per
/// instance and attribute.
#[derive(GcObject)]
#[repr(C)]
pub struct W_IntCell {
    /// The object header.
    pub header: GcHeader,
    /// The attribute's value.
    pub value: i64,
}

/// The mutable cell of an attribute of [`KIND_NUMBER`] whose value is an exact float: one per
/// instance and attribute.
#[derive(GcObject)]
#[repr(C)]
pub struct W_FloatCell {
    /// The object header.
    pub header: GcHeader,
    /// The attribute's value.
    pub value: f64,
}

/// The storage kind of an attribute whose slot holds its value.
pub const KIND_OBJECT: i64 = 0;
/// The storage kind of an attribute whose slot holds a cell ([`W_IntCell`], [`W_FloatCell`]) when
/// its value is an exact int or float, else the value.
pub const KIND_NUMBER: i64 = 1;

/// The storage kind an attribute whose first value is `value` gets: [`KIND_NUMBER`] for an exact
/// int or float while the JIT runs. Cells pay only in traces, which keep the boxes of their reads
/// virtual; with the JIT off every read of a cell would allocate a new box, where a slot of
/// [`KIND_OBJECT`] gives the value stored (a method like float.py's `maximize`, six float
/// attribute reads per call: 3x CPython's time with cells, 2x without).
pub fn kind_for(value: GcRef) -> i64 {
    let number = value.layout() == W_Int::layout() || value.layout() == W_Float::layout();
    if number && crate::interp::jit().params().enabled {
        KIND_NUMBER
    } else {
        KIND_OBJECT
    }
}

/// What the slot of an attribute of `kind` holds for `value`: a new cell for an exact int or
/// float of [`KIND_NUMBER`], else the value itself.
fn content_for(kind: i64, value: GcRef) -> GcRef {
    if kind != KIND_NUMBER {
        value
    } else if value.layout() == W_Int::layout() {
        let cell = metatrace_gc::alloc(W_IntCell::layout());
        let bits = heap::read_field_expecting(value, W_Int::layout(), &W_Int::VALUE);
        heap::write_field_expecting(cell, W_IntCell::layout(), &W_IntCell::VALUE, bits);
        cell
    } else if value.layout() == W_Float::layout() {
        let cell = metatrace_gc::alloc(W_FloatCell::layout());
        let bits = heap::read_field_expecting(value, W_Float::layout(), &W_Float::VALUE);
        heap::write_field_expecting(cell, W_FloatCell::layout(), &W_FloatCell::VALUE, bits);
        cell
    } else {
        value
    }
}

/// What the slot of the attribute that `map` adds holds for `value`.
pub fn content_for_map(map: GcRef, value: GcRef) -> GcRef {
    content_for(heap::read_field_expecting(map, W_Map::layout(), &W_Map::KIND) as i64, value)
}

/// The value of a slot's content: a new box for a cell (null, an unset slot, stays null).
/// Inlined (the interpreter's cached attribute loads use it) up to the boxing of a cell.
#[inline(always)]
pub fn slot_value(content: GcRef) -> GcRef {
    if !content.is_null() && is_number_cell(content.layout()) {
        return cell_value(content);
    }
    content
}

/// Whether `layout` is that of a number cell (the content of a number attribute's slot).
#[inline(always)]
fn is_number_cell(layout: &'static Layout) -> bool {
    std::ptr::eq(layout, W_IntCell::layout()) || std::ptr::eq(layout, W_FloatCell::layout())
}

/// A new box for the value of `cell`, a number cell.
#[inline(never)]
fn cell_value(cell: GcRef) -> GcRef {
    if cell.layout() == W_IntCell::layout() {
        crate::int::heap_int(gc::get_i64(cell, &W_IntCell::VALUE))
    } else {
        crate::float::heap_float(gc::get_f64(cell, &W_FloatCell::VALUE))
    }
}

/// Set the attribute in slot `index` of `slots` (an instance's) to `value`. A slot holding a cell
/// (a number attribute) gets the value in place when the cell is of the value's type, else a new
/// content; any other slot gets the value itself. The slots are read and written through their
/// known layout, which folds the checks of the accesses.
#[inline(always)]
pub fn overwrite_slot(slots: GcRef, index: usize, value: GcRef) {
    let content = heap::read_item_ref_expecting(slots, RefArray::layout(), &RefArray::ITEMS, index);
    if !content.is_null() && is_number_cell(content.layout()) {
        overwrite_cell(slots, index, content, value);
    } else {
        heap::write_item_ref_expecting(slots, RefArray::layout(), &RefArray::ITEMS, index, value);
    }
}

/// [`overwrite_slot`] of a slot holding number cell `cell`.
#[inline(never)]
fn overwrite_cell(slots: GcRef, index: usize, cell: GcRef, value: GcRef) {
    if cell.layout() == W_IntCell::layout() && value.layout() == W_Int::layout() {
        gc::set_i64(cell, &W_IntCell::VALUE, gc::get_i64(value, &W_Int::VALUE));
    } else if cell.layout() == W_FloatCell::layout() && value.layout() == W_Float::layout() {
        gc::set_f64(cell, &W_FloatCell::VALUE, gc::get_f64(value, &W_Float::VALUE));
    } else {
        gc::set_item_ref(slots, &RefArray::ITEMS, index, content_for(KIND_NUMBER, value));
    }
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
    for (name, value) in all_attributes(obj, fields, |_| true).iter() {
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
    let holder = holder_of(map, name);
    if holder.is_null() {
        -1
    } else {
        gc::get_i64(holder, &W_Map::INDEX)
    }
}

/// The map of the chain ending at `map` (not a dict map) that adds attribute `name`, or null
/// (cached).
fn holder_of(map: GcRef, name: GcRef) -> GcRef {
    crate::lookup_cache::MAP_ATTRIBUTES.with(|c| c.get_or_insert_with(map, name, || map_holding(map, name)))
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

/// The map that adds attribute `name` (a str, not in `map`) to `map`, of object kind if it is
/// new: see [`map_child_for()`].
pub fn map_child(map: GcRef, name: GcRef) -> GcRef {
    map_child_for(map, name, KIND_OBJECT)
}

/// The map that adds attribute `name` (a str, not in `map`) to `map`: cached, so that instances
/// that get the same attributes in the same order share maps; a new one has storage `kind`.
pub fn map_child_for(map: GcRef, name: GcRef, kind: i64) -> GcRef {
    let existing = map_transition(map, name);
    if !existing.is_null() {
        return existing;
    }
    let mut transitions = gc::get_ref(map, &W_Map::TRANSITIONS);
    if transitions.is_null() {
        transitions = dict::new();
        gc::set_ref(map, &W_Map::TRANSITIONS, transitions);
    }
    let size = gc::get_i64(map, &W_Map::SIZE);
    let child = metatrace_gc::alloc(W_Map::layout());
    gc::set_ref(child, &W_Map::OWNER, gc::get_ref(map, &W_Map::OWNER));
    gc::set_ref(child, &W_Map::PARENT, map);
    gc::set_ref(child, &W_Map::NAME, name);
    gc::set_i64(child, &W_Map::INDEX, size);
    gc::set_i64(child, &W_Map::SIZE, size + 1);
    gc::set_i64(child, &W_Map::KIND, kind);
    dict::set_str(transitions, name, child);
    child
}

/// The cached map that adds attribute `name` to `map`, or null if there is none yet.
fn map_transition(map: GcRef, name: GcRef) -> GcRef {
    let transitions = gc::get_ref(map, &W_Map::TRANSITIONS);
    if transitions.is_null() {
        return GcRef::NULL;
    }
    dict::get_str(transitions, name).unwrap_or(GcRef::NULL)
}

/// The storage kind of attribute `name` in `map` ([`KIND_OBJECT`] if it has none).
pub fn map_kind(map: GcRef, name: GcRef) -> i64 {
    let holder = holder_of(map, name);
    if holder.is_null() {
        KIND_OBJECT
    } else {
        gc::get_i64(holder, &W_Map::KIND)
    }
}

metatrace::residual! {
    /// The slot of attribute `name` in `map`, or -1.
    pub fn map_index_of(map: Ref, name: Ref) -> Int;
    effect = Elidable; can_raise = false; impl = map_index;
}

metatrace::residual! {
    /// The storage kind of attribute `name` in `map`.
    pub fn map_kind_of(map: Ref, name: Ref) -> Int;
    effect = Elidable; can_raise = false; impl = map_kind;
}

metatrace::residual! {
    /// The cached map that adds attribute `name` to `map`, or null.
    pub fn map_transition_of(map: Ref, name: Ref) -> Ref;
    effect = Elidable; can_raise = false; impl = map_transition;
}

/// The names and values of an instance's attributes (its `__dict__`), in the order they were
/// added. Rooted: the values of number attributes are new boxes.
pub fn attributes(obj: GcRef) -> RootedPairs {
    let fields = instance_fields(obj.layout()).expect("attributes of an instance");
    if let Some(d) = attribute_dict(obj, fields) {
        let mut named = RootedPairs::new();
        for (k, v) in dict::items(d) {
            if k.layout() == crate::unicode::W_Str::layout() {
                named.push(k, v);
            }
        }
        named
    } else {
        all_attributes(obj, fields, |name| !is_hidden(name))
    }
}

/// The names and values of the map of an instance (not in dict mode), slots included, in the
/// order they were added, of the names that are `wanted`. Each value is rooted as soon as it is
/// boxed (a number attribute's value is a new box, and boxing the next one may collect).
fn all_attributes(obj: GcRef, fields: &InstanceFields, wanted: impl Fn(GcRef) -> bool) -> RootedPairs {
    let slots = gc::get_ref(obj, &fields.slots);
    let mut maps = Vec::new();
    let mut m = gc::get_ref(obj, &fields.map);
    while !gc::get_ref(m, &W_Map::PARENT).is_null() {
        maps.push(m);
        m = gc::get_ref(m, &W_Map::PARENT);
    }
    // The maps and the slots' contents stay reachable from `obj`, which the caller holds.
    let mut named = RootedPairs::with_capacity(maps.len());
    for &m in maps.iter().rev() {
        let name = gc::get_ref(m, &W_Map::NAME);
        if wanted(name) {
            let index = gc::get_i64(m, &W_Map::INDEX) as usize;
            named.push(name, slot_value(gc::item_ref(slots, &RefArray::ITEMS, index)));
        }
    }
    named
}

/// Attribute `name` of an instance, if it has it.
pub fn get_attr(obj: GcRef, name: GcRef) -> Option<GcRef> {
    let fields = instance_fields(obj.layout())?;
    if let Some(d) = attribute_dict_for(obj, fields, name) {
        return dict::get_str(d, name);
    }
    let index = map_index(gc::get_ref(obj, &fields.map), name);
    (index >= 0).then(|| slot_value(gc::item_ref(gc::get_ref(obj, &fields.slots), &RefArray::ITEMS, index as usize)))
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
    let index = map_index(map, name);
    if index >= 0 {
        overwrite_slot(gc::get_ref(obj, &fields.slots), index as usize, value);
        return;
    }
    let child = map_child_for(map, name, kind_for(value));
    let index = gc::get_i64(child, &W_Map::INDEX) as usize;
    ensure_slots(obj, fields, index + 1);
    let content = content_for_map(child, value);
    gc::set_ref(obj, &fields.map, child);
    gc::set_item_ref(gc::get_ref(obj, &fields.slots), &RefArray::ITEMS, index, content);
}

metatrace::residual! {
    /// Set attribute `name` of an instance whose attributes live in its map (the slow path of a
    /// store that adds an attribute no instance had after the attributes it has).
    pub fn set_attr_of(obj: Ref, name: Ref, value: Ref) -> Void;
    effect = Plain; can_raise = false; impl = set_attr;
}

/// Give an instance (not in dict mode) the attributes `pairs`, in order, with the maps of its
/// type.
fn rebuild(obj: GcRef, fields: &InstanceFields, pairs: impl Iterator<Item = (GcRef, GcRef)>) {
    let mut map = gc::get_ref(gc::get_ref(obj, &fields.type_), &W_Type::TERMINATOR);
    let mut contents = RootedVec::new();
    for (name, value) in pairs {
        map = map_child_for(map, name, kind_for(value));
        contents.push(content_for_map(map, value));
    }
    while contents.len() < INITIAL_SLOTS {
        contents.push(GcRef::NULL);
    }
    gc::set_ref(obj, &fields.map, map);
    gc::set_ref(obj, &fields.slots, RefArray::from_slice(&contents));
}

/// Delete attribute `name` of an instance: the instance gets the map of its other attributes.
/// False if it had no such attribute.
pub fn del_attr(obj: GcRef, name: GcRef) -> bool {
    let fields = instance_fields(obj.layout()).expect("del_attr of an instance");
    if let Some(d) = attribute_dict_for(obj, fields, name) {
        return dict::del_str(d, name);
    }
    let pairs = all_attributes(obj, fields, |_| true);
    if !pairs.iter().any(|(n, _)| unicode::eq(n, name)) {
        return false;
    }
    rebuild(obj, fields, pairs.iter().filter(|&(n, _)| !unicode::eq(n, name)));
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
    rebuild(obj, fields, all_attributes(obj, fields, |_| true).iter());
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
    let content = known::get_item_ref(d, slots, RefArray::layout(), &RefArray::ITEMS, index);
    let kind = map_kind_of(d, map, name).unwrap_or_else(|_| unreachable!("map_kind_of cannot raise"));
    if !is_number_kind(d, kind) {
        return Own::Found(content);
    }
    let layout = d.layout_of(content);
    Own::Found(if layout == W_FloatCell::layout() {
        let v = d.get_float(content, &W_FloatCell::VALUE);
        crate::float::new_float(d, v)
    } else if layout == W_IntCell::layout() {
        let v = d.get_int(content, &W_IntCell::VALUE);
        crate::int::new_int(d, v)
    } else {
        content
    })
}

/// Whether storage kind `kind` (normally a constant) is [`KIND_NUMBER`].
fn is_number_kind<D: Domain>(d: &mut D, kind: D::Int) -> bool {
    let number = d.const_int(KIND_NUMBER);
    let number = d.int_op(IntOp::Eq, kind, number);
    d.branch(number)
}

/// What the slot of a number attribute holds for `value`, of `layout`, in domain code: a new cell
/// for an exact int or float, else the value.
fn new_content<D: Domain>(d: &mut D, value: D::Ref, layout: &Layout) -> D::Ref {
    if layout == W_Float::layout() {
        let cell = d.new(W_FloatCell::layout());
        let v = d.get_float(value, &W_Float::VALUE);
        d.set_float(cell, &W_FloatCell::VALUE, v);
        cell
    } else if layout == W_Int::layout() {
        let cell = d.new(W_IntCell::layout());
        let v = d.get_int(value, &W_Int::VALUE);
        d.set_int(cell, &W_IntCell::VALUE, v);
        cell
    } else {
        value
    }
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
/// domain code: a store into a slot (or into the cell there), after a change of map if the
/// attribute is new. An attribute no instance of this map has had yet takes the residual
/// [`set_attr_of`], which makes its map.
pub fn setattr<D: Domain>(d: &mut D, obj: D::Ref, fields: &InstanceFields, name: D::Ref, value: D::Ref) {
    let map = promoted_map(d, obj, fields);
    let index = index_in(d, map, name);
    let zero = d.const_int(0);
    let found = d.int_op(IntOp::Ge, index, zero);
    if d.branch(found) {
        let kind = map_kind_of(d, map, name).unwrap_or_else(|_| unreachable!("map_kind_of cannot raise"));
        let slots = d.get_ref(obj, &fields.slots);
        if !is_number_kind(d, kind) {
            known::set_item_ref(d, slots, RefArray::layout(), &RefArray::ITEMS, index, value);
            return;
        }
        let content = known::get_item_ref(d, slots, RefArray::layout(), &RefArray::ITEMS, index);
        let (content_layout, layout) = (d.layout_of(content), d.layout_of(value));
        if content_layout == W_FloatCell::layout() && layout == W_Float::layout() {
            let v = d.get_float(value, &W_Float::VALUE);
            d.set_float(content, &W_FloatCell::VALUE, v);
        } else if content_layout == W_IntCell::layout() && layout == W_Int::layout() {
            let v = d.get_int(value, &W_Int::VALUE);
            d.set_int(content, &W_IntCell::VALUE, v);
        } else {
            let content = new_content(d, value, layout);
            known::set_item_ref(d, slots, RefArray::layout(), &RefArray::ITEMS, index, content);
        }
        return;
    }
    let child = map_transition_of(d, map, name).unwrap_or_else(|_| unreachable!("map_transition_of cannot raise"));
    if d.is_null(child) {
        set_attr_of(d, obj, name, value).unwrap_or_else(|_| unreachable!("set_attr_of cannot raise"));
        return;
    }
    let index = d.get_int(child, &W_Map::INDEX);
    let slots = d.get_ref(obj, &fields.slots);
    let capacity = known::array_len(d, slots, RefArray::layout(), &RefArray::ITEMS);
    let full = d.int_op(IntOp::Ge, index, capacity);
    if d.branch(full) {
        // A slots array is at least one long, so doubling it makes room for one more.
        grow_slots(d, obj).unwrap_or_else(|_| unreachable!("grow_slots cannot raise"));
    }
    d.set_ref(obj, &fields.map, child);
    let kind = d.get_int(child, &W_Map::KIND);
    let content = if is_number_kind(d, kind) {
        let layout = d.layout_of(value);
        new_content(d, value, layout)
    } else {
        value
    };
    let slots = d.get_ref(obj, &fields.slots);
    known::set_item_ref(d, slots, RefArray::layout(), &RefArray::ITEMS, index, content);
}

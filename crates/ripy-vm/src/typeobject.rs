//! Type objects: name, bases, MRO, namespace, and the version tag that makes attribute lookup
//! constant in traces.
//!
//! A type's namespace is a dict. Every change to it (and to the namespace of any class in its MRO)
//! replaces the type's `version` with a fresh [`W_VersionTag`], so a lookup is a pure function of
//! (type, version, name): [`type_lookup()`] is an elidable residual call, and each type caches its
//! lookups for the current version in a dict that is dropped when the version changes. In a trace
//! the interpreter promotes the type and its version (guards), after which lookups fold away.
//! (`version` is meant to be a quasi-immutable field: once metatrace has them, the guard on the
//! version becomes a `guard_not_invalidated` that costs nothing.)
//!
//! Types list their subclasses (strongly, for now: weak references come with the collector) so that
//! a change to a base reaches every type whose lookups it can affect.

use crate::dict;
use crate::exceptions::ExcKind;
use crate::gc;
use crate::mapdict::{self, InstanceFields};
use crate::mro::{self, MroConflict};
use crate::space::{PyResult, Space};
use crate::storage::RefArray;
use crate::tuple::W_Tuple;
use crate::unicode::{self, W_Str};
use metatrace::domain::Domain;
use metatrace_gc::{GcHeader, GcObject, GcRef};
use metatrace_macros::GcObject;

/// A type object.
#[derive(GcObject)]
#[repr(C)]
pub struct W_Type {
    /// The object header.
    pub header: GcHeader,
    /// The type of this type: `type`, or a metaclass.
    pub metatype: GcRef,
    /// `__name__` (a str).
    pub name: GcRef,
    /// `__qualname__` (a str).
    pub qualname: GcRef,
    /// `__bases__` (a tuple of types).
    pub bases: GcRef,
    /// `__base__`: the base whose instance layout this type extends; null for `object`.
    pub base: GcRef,
    /// `__mro__` (a tuple of types, starting with this one).
    pub mro: GcRef,
    /// The namespace (a dict).
    pub dict: GcRef,
    /// A [`W_VersionTag`], replaced whenever a lookup on this type could change.
    pub version: GcRef,
    /// A dict caching lookups for the current version (name to value, null for "absent"), or null.
    pub cache: GcRef,
    /// The direct subclasses (a [`RefArray`]), or null.
    pub subclasses: GcRef,
    /// The terminator of the maps of this type's instances ([`crate::mapdict::W_Map`]).
    pub terminator: GcRef,
    /// [`flags`] bits.
    pub flags: i64,
    /// How instances are laid out: an [`InstanceLayout`].
    #[gc(immutable)]
    pub instance_layout: i64,
}

/// A version of a type's namespace: compared by identity only.
#[derive(GcObject)]
#[repr(C)]
pub struct W_VersionTag {
    /// The object header.
    pub header: GcHeader,
}

/// Bits of [`W_Type::flags`].
pub mod flags {
    /// Created by a class statement or `type(...)` (its attributes can be set).
    pub const HEAPTYPE: i64 = 1;
    /// Can be subclassed.
    pub const BASETYPE: i64 = 2;
}

/// How the instances of a type are laid out.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
#[repr(i64)]
pub enum InstanceLayout {
    /// [`crate::mapdict::W_Instance`] (`object` and user classes).
    Instance = 0,
    /// [`crate::exceptions::W_Exception`] (exceptions).
    Exception = 1,
    /// The exact layout of a builtin type (no user subclasses yet).
    Builtin = 2,
}

impl InstanceLayout {
    fn of(ty: GcRef) -> InstanceLayout {
        match gc::get_i64(ty, &W_Type::INSTANCE_LAYOUT) {
            0 => InstanceLayout::Instance,
            1 => InstanceLayout::Exception,
            _ => InstanceLayout::Builtin,
        }
    }
}

/// How the instances of type `ty` are laid out.
pub fn instance_layout(ty: GcRef) -> InstanceLayout {
    InstanceLayout::of(ty)
}

/// The MRO of a type.
pub fn mro(ty: GcRef) -> Vec<GcRef> {
    W_Tuple::items(gc::get_ref(ty, &W_Type::MRO))
}

/// The name of a type.
pub fn name(ty: GcRef) -> String {
    unicode::to_string_lossy(gc::get_ref(ty, &W_Type::NAME))
}

/// Whether `a` is `b` or a subclass of it.
pub fn is_subtype(a: GcRef, b: GcRef) -> bool {
    a == b || mro(a).contains(&b)
}

/// A new type object. `bases` must be non-empty except for `object`; `base` is the one whose
/// layout the new type extends. Its namespace is `namespace` (which it now owns).
pub fn alloc_type(
    metatype: GcRef,
    name: GcRef,
    bases: &[GcRef],
    base: GcRef,
    namespace: GcRef,
    flags: i64,
    layout: InstanceLayout,
) -> Result<GcRef, MroConflict> {
    let ty = metatrace_gc::alloc(W_Type::layout());
    let base_mros: Vec<Vec<GcRef>> = bases.iter().map(|&b| mro(b)).collect();
    let order = mro::c3(ty, bases, &base_mros)?;
    gc::set_ref(ty, &W_Type::METATYPE, metatype);
    gc::set_ref(ty, &W_Type::NAME, name);
    gc::set_ref(ty, &W_Type::QUALNAME, name);
    gc::set_ref(ty, &W_Type::BASES, W_Tuple::from_slice(bases));
    gc::set_ref(ty, &W_Type::BASE, base);
    gc::set_ref(ty, &W_Type::MRO, W_Tuple::from_slice(&order));
    gc::set_ref(ty, &W_Type::DICT, namespace);
    gc::set_ref(ty, &W_Type::VERSION, metatrace_gc::alloc(W_VersionTag::layout()));
    gc::set_ref(ty, &W_Type::TERMINATOR, mapdict::new_terminator(ty));
    gc::set_i64(ty, &W_Type::FLAGS, flags);
    gc::set_i64(ty, &W_Type::INSTANCE_LAYOUT, layout as i64);
    for &b in bases {
        let subclasses = gc::get_ref(b, &W_Type::SUBCLASSES);
        let mut list = if subclasses.is_null() { Vec::new() } else { RefArray::to_vec(subclasses) };
        list.push(ty);
        gc::set_ref(b, &W_Type::SUBCLASSES, RefArray::from_slice(&list));
    }
    Ok(ty)
}

/// The "solid" base of a type: the nearest class in its chain of `__base__` whose instance
/// layout differs from its own base's (CPython's `solid_base`).
fn solid_base(ty: GcRef) -> GcRef {
    let base = gc::get_ref(ty, &W_Type::BASE);
    if base.is_null()
        || InstanceLayout::of(ty) != InstanceLayout::of(base)
        || InstanceLayout::of(ty) == InstanceLayout::Builtin
    {
        ty
    } else {
        solid_base(base)
    }
}

/// `type(name, bases, namespace)`: a new class. `namespace` is a dict (copied); an empty `bases`
/// means `(object,)`.
pub fn new_type(space: &Space, metatype: GcRef, name: GcRef, bases: &[GcRef], namespace: GcRef) -> PyResult<GcRef> {
    let type_error = |message: String| space.new_exception(ExcKind::TypeError, &message);
    let object = [space.object_type];
    let bases = if bases.is_empty() { &object[..] } else { bases };
    for (i, &b) in bases.iter().enumerate() {
        if !space.is_type(b) {
            return Err(type_error(format!("bases must be types, not {}", space.type_name(b))));
        }
        if gc::get_i64(b, &W_Type::FLAGS) & flags::BASETYPE == 0 {
            return Err(type_error(format!("type '{}' is not an acceptable base type", self::name(b))));
        }
        if bases[..i].contains(&b) {
            return Err(type_error(format!("duplicate base class {}", self::name(b))));
        }
    }
    // CPython's best_base: the base whose solid base extends every other base's.
    let mut winner = (bases[0], solid_base(bases[0]));
    for &b in &bases[1..] {
        let candidate = solid_base(b);
        if is_subtype(winner.1, candidate) {
            continue;
        }
        if !is_subtype(candidate, winner.1) {
            return Err(type_error("multiple bases have instance lay-out conflict".to_owned()));
        }
        winner = (b, candidate);
    }
    let layout = InstanceLayout::of(winner.0);
    if layout == InstanceLayout::Builtin {
        return Err(type_error(format!("ripy does not support subclassing '{}' yet", self::name(winner.1))));
    }
    let namespace = dict::copy(namespace);
    let qualname_key = space.intern("__qualname__");
    let qualname = match dict::get_str(namespace, qualname_key) {
        Some(q) if q.layout() != W_Str::layout() => {
            return Err(type_error(format!("type __qualname__ must be a str, not {}", space.type_name(q))))
        }
        Some(q) => {
            dict::del_str(namespace, qualname_key);
            q
        }
        None => name,
    };
    let flags = flags::HEAPTYPE | flags::BASETYPE;
    let ty = alloc_type(metatype, name, bases, winner.0, namespace, flags, layout)
        .map_err(|conflict| type_error(conflict.message(self::name)))?;
    gc::set_ref(ty, &W_Type::QUALNAME, qualname);
    Ok(ty)
}

/// The class in the MRO of `ty` that defines `name` (a str), and the value, if any.
pub fn lookup_where(ty: GcRef, name: GcRef) -> Option<(GcRef, GcRef)> {
    mro(ty).into_iter().find_map(|c| dict::get_str(gc::get_ref(c, &W_Type::DICT), name).map(|v| (c, v)))
}

/// `name` looked up along the MRO of `ty`, or null, through the type's cache. `version` must be
/// the type's current version: the result depends on it alone (with the type and the name).
pub fn lookup_cached(ty: GcRef, version: GcRef, name: GcRef) -> GcRef {
    debug_assert_eq!(version, gc::get_ref(ty, &W_Type::VERSION), "a lookup with a stale version");
    let mut cache = gc::get_ref(ty, &W_Type::CACHE);
    if cache.is_null() {
        cache = dict::new();
        gc::set_ref(ty, &W_Type::CACHE, cache);
    } else if let Some(v) = dict::get_str(cache, name) {
        return v;
    }
    let value = lookup_where(ty, name).map_or(GcRef::NULL, |(_, v)| v);
    dict::set_str(cache, name, value);
    value
}

metatrace::residual! {
    /// `name` looked up along the MRO of a type, given the type's current version; null if absent.
    pub fn type_lookup(ty: Ref, version: Ref, name: Ref) -> Ref;
    effect = Elidable; can_raise = false; impl = lookup_cached;
}

/// `name` (a str, normally a constant) looked up along the MRO of type `ty`, or null, in domain
/// code: the type and its version are promoted, so that the lookup folds in a trace.
pub fn lookup<D: Domain>(d: &mut D, ty: D::Ref, name: D::Ref) -> D::Ref {
    let ty = d.promote_ref(ty);
    let ty = d.const_ref(ty);
    let version = d.get_ref(ty, &W_Type::VERSION);
    let version = d.promote_ref(version);
    let version = d.const_ref(version);
    type_lookup(d, ty, version, name).unwrap_or_else(|_| unreachable!("type_lookup cannot raise"))
}

/// Give `ty` and all its subclasses new versions (and drop their caches): their lookups may have
/// changed.
fn mutated(ty: GcRef) {
    gc::set_ref(ty, &W_Type::VERSION, metatrace_gc::alloc(W_VersionTag::layout()));
    gc::set_ref(ty, &W_Type::CACHE, GcRef::NULL);
    let subclasses = gc::get_ref(ty, &W_Type::SUBCLASSES);
    if !subclasses.is_null() {
        RefArray::to_vec(subclasses).into_iter().for_each(mutated);
    }
}

/// `ty.name = value` in the type's namespace (`name` a str).
pub fn set_attr(space: &Space, ty: GcRef, name: GcRef, value: GcRef) -> PyResult<()> {
    check_mutable(space, ty)?;
    dict::set_str(gc::get_ref(ty, &W_Type::DICT), name, value);
    mutated(ty);
    Ok(())
}

/// `del ty.name` in the type's namespace; `AttributeError` if it is not there.
pub fn del_attr(space: &Space, ty: GcRef, name: GcRef) -> PyResult<()> {
    check_mutable(space, ty)?;
    if !dict::del_str(gc::get_ref(ty, &W_Type::DICT), name) {
        return Err(space.fault(crate::exceptions::Fault::NoAttribute(ty, name)));
    }
    mutated(ty);
    Ok(())
}

/// Builtin types are immutable: `TypeError: cannot set 'x' attribute of immutable type 'int'`.
fn check_mutable(space: &Space, ty: GcRef) -> PyResult<()> {
    if gc::get_i64(ty, &W_Type::FLAGS) & flags::HEAPTYPE == 0 {
        let message = format!("cannot set attribute of immutable type '{}'", name(ty));
        return Err(space.new_exception(ExcKind::TypeError, &message));
    }
    Ok(())
}

impl Space {
    /// The type of an object.
    pub fn type_of(&self, obj: GcRef) -> GcRef {
        let layout = obj.layout();
        match mapdict::instance_fields(layout) {
            Some(fields) => gc::get_ref(obj, &fields.type_),
            None if layout == W_Type::layout() => gc::get_ref(obj, &W_Type::METATYPE),
            None => self.builtin_type_of_layout(layout),
        }
    }

    /// The name of the type of an object.
    pub fn type_name(&self, obj: GcRef) -> String {
        name(self.type_of(obj))
    }

    /// Whether an object is a type.
    pub fn is_type(&self, obj: GcRef) -> bool {
        obj.layout() == W_Type::layout()
    }

    /// Whether type `a` is `b` or a subclass of it.
    pub fn is_subtype(&self, a: GcRef, b: GcRef) -> bool {
        is_subtype(a, b)
    }
}

/// The type of an object, in domain code: a constant for objects of builtin layouts (after a
/// class guard in a trace), a field read for instances and types.
pub fn type_of<D: Domain>(d: &mut D, space: &Space, obj: D::Ref) -> D::Ref {
    let layout = d.layout_of(obj);
    if let Some(InstanceFields { type_, .. }) = mapdict::instance_fields(layout) {
        return d.get_ref(obj, type_);
    }
    if layout == W_Type::layout() {
        return d.get_ref(obj, &W_Type::METATYPE);
    }
    d.const_ref(space.builtin_type_of_layout(layout))
}

//! Type objects: name, bases, MRO, namespace, and the version tag that makes attribute lookup
//! constant in traces.
//!
//! A type's namespace is a dict. Every change to it (and to the namespace of any class in its MRO)
//! replaces the type's `version` with a fresh [`W_VersionTag`], so a lookup is a pure function of
//! (type, version, name): [`type_lookup()`] is an elidable residual call, and each type caches its
//! lookups for the current version in a dict that is dropped when the version changes. In a trace
//! the interpreter promotes the type and its version, after which lookups fold away. `version` is
//! a quasi-immutable field (`metatrace::quasi`): a trace reads it as a constant under a
//! `guard_not_invalidated` instead of loading and guarding it.
//!
//! Types list their subclasses (strongly, for now: weak references come with the collector) so that
//! a change to a base reaches every type whose lookups it can affect.

use crate::dict;
use crate::exceptions::ExcKind;
use crate::gc;
use crate::generator::W_Generator;
use crate::mapdict;
use crate::mro::{self, MroConflict};
use crate::space::{PyResult, Space};
use crate::storage::RefArray;
use crate::tuple::W_Tuple;
use crate::unicode::{self, W_Str};
use metatrace::domain::Domain;
use metatrace_gc::{heap, GcHeader, GcObject, GcRef};
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
    /// A [`W_VersionTag`], replaced whenever a lookup on this type could change. Quasi-immutable:
    /// a trace reads it as a constant (under `guard_not_invalidated`), and replacing it
    /// invalidates the compiled code that did.
    #[gc(quasi_immutable)]
    pub version: GcRef,
    /// A dict caching lookups for the current version (name to value, null for "absent"), or null.
    pub cache: GcRef,
    /// The direct subclasses (a [`RefArray`]), or null.
    pub subclasses: GcRef,
    /// The terminator of the maps of this type's instances ([`crate::mapdict::W_Map`]).
    pub terminator: GcRef,
    /// The map of this type's instances whose attributes live in a dict (once their `__dict__`
    /// was asked for).
    pub dict_map: GcRef,
    /// [`flags`] bits.
    pub flags: i64,
    /// How instances are laid out: an [`InstanceLayout`].
    #[gc(immutable)]
    pub instance_layout: i64,
    /// The version for which `init` holds, or null: see [`cached_instance_init`].
    pub init_version: GcRef,
    /// The `__init__` that `protocol::instantiate`'s fast path calls, cached by the concrete
    /// domain while the type has version `init_version`.
    pub init: GcRef,
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
    /// Its instances have no `__dict__` (`__slots__` all along the MRO): only slots can be set.
    pub const NO_DICT: i64 = 4;
    /// Has a non-empty `__abstractmethods__`: `object.__new__` refuses to make instances.
    pub const IS_ABSTRACT: i64 = 8;
    /// Its instances cannot be weakly referenced (`__slots__` without `__weakref__` all along
    /// the MRO).
    pub const NO_WEAKREF: i64 = 16;
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
    /// [`W_Type`] (`type` and metaclasses).
    Type = 3,
    /// [`crate::subclass::W_Subclass`] (user subclasses of builtin types other than `type`,
    /// `object` and exceptions).
    Subclass = 4,
}

impl InstanceLayout {
    fn of(ty: GcRef) -> InstanceLayout {
        match gc::get_i64(ty, &W_Type::INSTANCE_LAYOUT) {
            0 => InstanceLayout::Instance,
            1 => InstanceLayout::Exception,
            3 => InstanceLayout::Type,
            4 => InstanceLayout::Subclass,
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

/// The direct subclasses of a type, oldest first.
pub fn subclasses(ty: GcRef) -> Vec<GcRef> {
    let subclasses = gc::get_ref(ty, &W_Type::SUBCLASSES);
    if subclasses.is_null() {
        Vec::new()
    } else {
        RefArray::to_vec(subclasses)
    }
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
    gc::set_ref(ty, &W_Type::DICT_MAP, mapdict::new_dict_map(ty));
    gc::set_i64(ty, &W_Type::FLAGS, flags);
    gc::set_i64(ty, &W_Type::INSTANCE_LAYOUT, layout as i64);
    for &b in bases {
        add_subclass(b, ty);
    }
    Ok(ty)
}

/// Record `ty` as a direct subclass of `base` (once).
fn add_subclass(base: GcRef, ty: GcRef) {
    let mut list = subclasses(base);
    if !list.contains(&ty) {
        list.push(ty);
        gc::set_ref(base, &W_Type::SUBCLASSES, RefArray::from_slice(&list));
    }
}

/// Forget `ty` as a direct subclass of `base`.
fn remove_subclass(base: GcRef, ty: GcRef) {
    let mut list = subclasses(base);
    list.retain(|&c| c != ty);
    gc::set_ref(base, &W_Type::SUBCLASSES, RefArray::from_slice(&list));
}

/// The "solid" base of a type: the nearest class in its chain of `__base__` whose instance
/// layout differs from its own base's (CPython's `solid_base`); for a subclass of a builtin
/// type, that builtin type.
fn solid_base(ty: GcRef) -> GcRef {
    if InstanceLayout::of(ty) == InstanceLayout::Subclass {
        return crate::subclass::builtin_base(ty);
    }
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
    let winner = best_base(space, bases)?;
    let layout = match InstanceLayout::of(winner) {
        InstanceLayout::Builtin => InstanceLayout::Subclass,
        layout => layout,
    };
    let namespace = dict::copy(crate::subclass::unwrap(namespace));
    if name.layout() == W_Str::layout() {
        check_encodable(space, name, true)?;
    }
    if let Some(doc) = dict::get_str(namespace, space.intern("__doc__")).filter(|d| d.layout() == W_Str::layout()) {
        check_encodable(space, doc, false)?;
    }
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
    let ty = alloc_type(metatype, name, bases, winner, namespace, flags, layout)
        .map_err(|conflict| type_error(conflict.message(self::name)))?;
    gc::set_ref(ty, &W_Type::QUALNAME, qualname);
    Ok(ty)
}

/// CPython's `best_base`: the base (of non-empty `bases`) whose solid base extends every other
/// base's, which the class's instances are laid out as.
fn best_base(space: &Space, bases: &[GcRef]) -> PyResult<GcRef> {
    let mut winner = (bases[0], solid_base(bases[0]));
    for &b in &bases[1..] {
        let candidate = solid_base(b);
        if is_subtype(winner.1, candidate) {
            continue;
        }
        if !is_subtype(candidate, winner.1) {
            let message = "multiple bases have instance lay-out conflict";
            return Err(space.new_exception(ExcKind::TypeError, message));
        }
        winner = (b, candidate);
    }
    Ok(winner.0)
}

/// `ty.__flags__`: CPython's `tp_flags` bits that Python code inspects (heap type, base type,
/// immutable, abstract, sequence and mapping, the fast subclass bits of the builtin types), with
/// the bits every ready type has.
pub fn cpython_flags(ty: GcRef) -> i64 {
    let space = Space::get();
    let own = gc::get_i64(ty, &W_Type::FLAGS);
    let mut result = (1 << 12) | (1 << 19); // READY, VALID_VERSION_TAG
    result |= if own & flags::HEAPTYPE != 0 { (1 << 9) | (1 << 14) } else { 1 << 8 }; // HEAPTYPE | HAVE_GC, IMMUTABLETYPE
    if own & flags::BASETYPE != 0 {
        result |= 1 << 10;
    }
    if own & flags::IS_ABSTRACT != 0 {
        result |= 1 << 20;
    }
    result |= crate::matching::type_collection_flag(ty);
    let subclass_bits = [
        ("int", 24),
        ("list", 25),
        ("tuple", 26),
        ("bytes", 27),
        ("str", 28),
        ("dict", 29),
        ("BaseException", 30),
        ("type", 31),
    ];
    for (base, bit) in subclass_bits {
        let base = dict::get_str(space.builtins, space.intern(base)).filter(|t| t.layout() == W_Type::layout());
        if base.is_some_and(|b| is_subtype(ty, b)) {
            result |= 1 << bit;
        }
    }
    result
}

/// `ty.__itemsize__`: the size in bytes of an item of the variable-size part of CPython's
/// objects of `ty` (tuple slots, int digits, bytes), inherited by subclasses; 0 for fixed-size types.
pub fn item_size(ty: GcRef) -> i64 {
    let base = crate::subclass::builtin_base(ty);
    match name(base).as_str() {
        "tuple" => 8,
        "int" | "bool" => 4,
        "bytes" => 1,
        _ => 0,
    }
}

/// The class in the MRO of `ty` that defines `name` (a str), and the value, if any.
pub fn lookup_where(ty: GcRef, name: GcRef) -> Option<(GcRef, GcRef)> {
    let mro = gc::get_ref(ty, &W_Type::MRO);
    (0..gc::len(mro, &W_Tuple::ITEMS)).find_map(|i| {
        let c = gc::item_ref(mro, &W_Tuple::ITEMS, i);
        dict::get_str(gc::get_ref(c, &W_Type::DICT), name).map(|v| (c, v))
    })
}

/// `name` looked up along the MRO of `ty`, or null, through the type's cache. `version` must be
/// the type's current version: the result depends on it alone (with the type and the name).
pub fn lookup_cached(ty: GcRef, version: GcRef, name: GcRef) -> GcRef {
    debug_assert_eq!(version, gc::get_ref(ty, &W_Type::VERSION), "a lookup with a stale version");
    crate::lookup_cache::TYPE_LOOKUPS.with(|c| c.get_or_insert_with(version, name, || lookup_in_cache(ty, name)))
}

/// The `__init__` (a Python function) with which a call of `ty` creates its instances, as
/// `protocol::instantiate` found it for the type's current version (its `__new__` the builtin
/// one, no `__del__`); `None` if it was not remembered for this version. The interpreter's
/// shortcut for the three lookups of every instantiation.
#[inline]
pub fn cached_instance_init(ty: GcRef) -> Option<GcRef> {
    let ty = heap::Known::of(ty, W_Type::layout())?;
    let init = ty.read_ref(&W_Type::INIT);
    (!init.is_null() && ty.read_ref(&W_Type::INIT_VERSION) == ty.read_ref(&W_Type::VERSION)).then_some(init)
}

/// Remember `init` as what instantiating `ty` calls for its current version (see
/// [`cached_instance_init`]).
pub fn remember_instance_init(ty: GcRef, init: GcRef) {
    gc::set_ref(ty, &W_Type::INIT_VERSION, gc::get_ref(ty, &W_Type::VERSION));
    gc::set_ref(ty, &W_Type::INIT, init);
}

/// `name` looked up along the MRO of `ty`, through the type's own cache.
fn lookup_in_cache(ty: GcRef, name: GcRef) -> GcRef {
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

/// In domain code, make what follows depend on the MRO of type `ty` (a constant): reading its
/// version (quasi-immutable) ties a trace that folds a subclass test (`isinstance`, `except`) to
/// it, and assigning `__bases__` gives the class and its subclasses new versions.
pub fn depend_on_mro<D: Domain>(d: &mut D, ty: GcRef) {
    let ty = d.const_ref(ty);
    let version = d.get_ref(ty, &W_Type::VERSION);
    d.promote_ref(version);
}

/// `name` (a str, normally a constant) looked up along the MRO of type `ty`, or null, in domain
/// code: the type and its version are promoted, so that the lookup folds in a trace. The
/// concrete domain calls the residual function's implementation directly, reading the version
/// through the type's known layout.
#[inline]
pub fn lookup<D: Domain>(d: &mut D, ty: D::Ref, name: D::Ref) -> D::Ref {
    if D::CONCRETE {
        let (ty, name) = (d.promote_ref(ty), d.promote_ref(name));
        let version = metatrace_gc::heap::read_field_ref_expecting(ty, W_Type::layout(), &W_Type::VERSION);
        return d.const_ref(lookup_cached(ty, version, name));
    }
    let ty = d.promote_ref(ty);
    let ty = d.const_ref(ty);
    let version = d.get_ref(ty, &W_Type::VERSION);
    let version = d.promote_ref(version);
    let version = d.const_ref(version);
    type_lookup(d, ty, version, name).unwrap_or_else(|_| unreachable!("type_lookup cannot raise"))
}

/// `name` looked up along the MRO of `ty` after class `start` (what `super(start, obj).name`
/// finds for an object of type `ty`), or null. `version` must be `ty`'s current version: a
/// change to any class of the MRO gives `ty` a new one.
fn lookup_after_impl(ty: GcRef, version: GcRef, start: GcRef, name: GcRef) -> GcRef {
    debug_assert_eq!(version, gc::get_ref(ty, &W_Type::VERSION), "a lookup with a stale version");
    let mro = mro(ty);
    let after = mro.iter().position(|&c| c == start).map_or(mro.len(), |p| p + 1);
    mro[after..].iter().find_map(|&c| dict::get_str(gc::get_ref(c, &W_Type::DICT), name)).unwrap_or(GcRef::NULL)
}

metatrace::residual! {
    /// `name` looked up along the MRO of a type after class `start`, given the type's current
    /// version; null if absent.
    pub fn lookup_after(ty: Ref, version: Ref, start: Ref, name: Ref) -> Ref;
    effect = Elidable; can_raise = false; impl = lookup_after_impl;
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

/// A type's name (or `__doc__`) must encode to UTF-8 and a name must have no NUL, as CPython's
/// `type_new` and `type.__name__`'s setter check.
fn check_encodable(space: &Space, text: GcRef, is_name: bool) -> PyResult<()> {
    let chars = unicode::chars(text);
    if is_name && chars.contains(&0) {
        return Err(space.new_exception(ExcKind::ValueError, "type name must not contain null characters"));
    }
    crate::codec::encode(&chars, "utf-8", "strict").map(|_| ())
}

/// `ty.name = value` in the type's namespace (`name` a str).
pub fn set_attr(space: &Space, ty: GcRef, name: GcRef, value: GcRef) -> PyResult<()> {
    check_mutable(space, ty, name)?;
    if unicode::eq_text(name, "__dict__") {
        let message = "attribute '__dict__' of 'type' objects is not writable";
        return Err(space.new_exception(ExcKind::AttributeError, message));
    }
    if unicode::eq_text(name, "__bases__") {
        return set_bases(space, ty, value);
    }
    for (attribute, field) in [("__name__", &W_Type::NAME), ("__qualname__", &W_Type::QUALNAME)] {
        if unicode::eq_text(name, attribute) {
            // A str subclass instance gives its str value.
            let text = crate::subclass::unwrap(value);
            if text.layout() != W_Str::layout() {
                let message = format!(
                    "can only assign string to {}.{attribute}, not '{}'",
                    self::name(ty),
                    space.type_name(value)
                );
                return Err(space.new_exception(ExcKind::TypeError, &message));
            }
            if attribute == "__name__" {
                check_encodable(space, text, true)?;
            }
            gc::set_ref(ty, field, text);
            return Ok(());
        }
    }
    dict::set_str(gc::get_ref(ty, &W_Type::DICT), name, value);
    if unicode::eq_text(name, "__abstractmethods__") {
        let abstract_ = crate::objspace::truthy(value)?;
        set_flag(ty, flags::IS_ABSTRACT, abstract_);
    }
    mutated(ty);
    Ok(())
}

/// Set or clear flag `flag` of type `ty`.
fn set_flag(ty: GcRef, flag: i64, on: bool) {
    let old = gc::get_i64(ty, &W_Type::FLAGS);
    gc::set_i64(ty, &W_Type::FLAGS, if on { old | flag } else { old & !flag });
}

/// `TypeError: Can't instantiate abstract class C with abstract methods f, g` for a class with
/// abstract methods (CPython's check in `object.__new__`).
pub fn check_not_abstract(space: &Space, ty: GcRef) -> PyResult<()> {
    if gc::get_i64(ty, &W_Type::FLAGS) & flags::IS_ABSTRACT == 0 {
        return Ok(());
    }
    let methods = dict::get_str(gc::get_ref(ty, &W_Type::DICT), space.intern("__abstractmethods__"))
        .map_or_else(|| Ok(crate::objspace::RootedVec::new()), crate::objspace::to_vec)?;
    // Rooted: `str()` of a name may make a new object while the earlier ones are held.
    let mut names =
        methods.iter().map(|&m| crate::objspace::str_obj(m)).collect::<PyResult<crate::objspace::RootedVec>>()?;
    names.sort_by(|a, b| unicode::chars(*a).cmp(&unicode::chars(*b)));
    let names: Vec<String> = names.iter().map(|&n| unicode::to_string_lossy(n)).collect();
    let message = format!(
        "Can't instantiate abstract class {} with abstract method{} {}",
        name(ty),
        if names.len() == 1 { "" } else { "s" },
        names.join(", ")
    );
    Err(space.new_exception(ExcKind::TypeError, &message))
}

/// `del ty.name` in the type's namespace; `AttributeError` if it is not there.
pub fn del_attr(space: &Space, ty: GcRef, name: GcRef) -> PyResult<()> {
    check_mutable(space, ty, name)?;
    if unicode::eq_text(name, "__bases__") {
        let message = format!("cannot delete '__bases__' attribute of immutable type '{}'", self::name(ty));
        return Err(space.new_exception(ExcKind::TypeError, &message));
    }
    if unicode::eq_text(name, "__dict__") {
        let message = "attribute '__dict__' of 'type' objects is not writable";
        return Err(space.new_exception(ExcKind::AttributeError, message));
    }
    if !dict::del_str(gc::get_ref(ty, &W_Type::DICT), name) {
        return Err(space.fault(crate::exceptions::Fault::NoAttribute(ty, name)));
    }
    if unicode::eq_text(name, "__abstractmethods__") {
        set_flag(ty, flags::IS_ABSTRACT, false);
    }
    mutated(ty);
    Ok(())
}

/// Builtin types are immutable: `TypeError: cannot set 'x' attribute of immutable type 'int'`
/// (`attribute` the name).
fn check_mutable(space: &Space, ty: GcRef, attribute: GcRef) -> PyResult<()> {
    if gc::get_i64(ty, &W_Type::FLAGS) & flags::HEAPTYPE == 0 {
        let message =
            format!("cannot set '{}' attribute of immutable type '{}'", unicode::to_string_lossy(attribute), name(ty));
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
            None if layout == W_Generator::layout() => gc::get_ref(obj, &W_Generator::TYPE_),
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
/// class guard in a trace), a field read for types, and for instances their promoted map's
/// owner (see [`mapdict::promoted_type`]).
pub fn type_of<D: Domain>(d: &mut D, space: &Space, obj: D::Ref) -> D::Ref {
    let layout = d.layout_of(obj);
    if let Some(fields) = mapdict::instance_fields(layout) {
        return mapdict::promoted_type(d, obj, fields);
    }
    if layout == W_Type::layout() {
        return d.get_ref(obj, &W_Type::METATYPE);
    }
    if layout == W_Generator::layout() {
        return d.get_ref(obj, &W_Generator::TYPE_);
    }
    d.const_ref(space.builtin_type_of_layout(layout))
}

// ----- class creation: metaclasses, `type.__new__`, `__set_name__`, `__init_subclass__` -----

/// The most derived of `meta` and the metaclasses of `bases` (CPython's
/// `_PyType_CalculateMetaclass`); a `TypeError` when they are not in a line.
pub fn calculate_metaclass(space: &Space, meta: GcRef, bases: &[GcRef]) -> PyResult<GcRef> {
    let mut winner = meta;
    for &b in bases {
        let t = space.type_of(b);
        if is_subtype(winner, t) {
            continue;
        }
        if is_subtype(t, winner) {
            winner = t;
            continue;
        }
        return Err(space.new_exception(
            ExcKind::TypeError,
            "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases",
        ));
    }
    Ok(winner)
}

/// The namespace entries a class body's functions get wrapped in: `__new__` is a static method,
/// `__init_subclass__` and `__class_getitem__` are class methods.
fn wrap_implicit_methods(space: &Space, namespace: GcRef) {
    for (name, layout) in [
        ("__new__", crate::function::W_StaticMethod::layout()),
        ("__init_subclass__", crate::function::W_ClassMethod::layout()),
        ("__class_getitem__", crate::function::W_ClassMethod::layout()),
    ] {
        let key = space.intern(name);
        if let Some(f) = dict::get_str(namespace, key).filter(|f| f.layout() == crate::function::W_Function::layout()) {
            let wrapper = metatrace_gc::alloc(layout);
            let field = if layout == crate::function::W_StaticMethod::layout() {
                &crate::function::W_StaticMethod::FUNC
            } else {
                &crate::function::W_ClassMethod::FUNC
            };
            gc::set_ref(wrapper, field, f);
            dict::set_str(namespace, key, wrapper);
        }
    }
}

/// `type.__new__(metatype, name, bases, namespace, **keywords)`: a new class, with
/// `__set_name__` called on its attributes and its bases' `__init_subclass__` on it.
pub fn type_new(
    space: &Space,
    metatype: GcRef,
    name: GcRef,
    bases: &[GcRef],
    namespace: GcRef,
    keywords: &[(GcRef, GcRef)],
) -> PyResult<GcRef> {
    let mut metatype = metatype;
    let winner = calculate_metaclass(space, metatype, bases)?;
    if winner != metatype {
        if let Some(new) = crate::objspace::user_lookup_on(winner, "__new__") {
            let new = if new.layout() == crate::function::W_StaticMethod::layout() {
                gc::get_ref(new, &crate::function::W_StaticMethod::FUNC)
            } else {
                new
            };
            let args = crate::function::Args {
                positional: smallvec::smallvec![winner, name, W_Tuple::from_slice(bases), namespace],
                keywords: keywords.to_vec(),
            };
            return crate::objspace::call_args(new, &args);
        }
        metatype = winner;
    }
    let slots = slot_names(space, namespace, name, bases)?;
    let ty = new_type(space, metatype, name, bases, namespace)?;
    let own = gc::get_ref(ty, &W_Type::DICT);
    set_class_cell(space, ty, own)?;
    if let Some(order) = custom_mro(space, ty)? {
        gc::set_ref(ty, &W_Type::MRO, W_Tuple::from_slice(&order));
        mutated(ty);
    }
    // A class that defines `__eq__` but not `__hash__` is unhashable.
    if dict::get_str(own, space.intern("__eq__")).is_some() && dict::get_str(own, space.intern("__hash__")).is_none() {
        dict::set_str(own, space.intern("__hash__"), space.none);
    }
    add_instance_descriptors(space, ty, own, slots.as_ref().map(|s| (s.1, s.2)));
    if let Some((names, with_dict, _)) = slots {
        install_slots(space, ty, &names)?;
        let bases_without_dict = W_Tuple::items(gc::get_ref(ty, &W_Type::BASES)).iter().all(|&b| {
            b == space.object_type
                || InstanceLayout::of(b) == InstanceLayout::Builtin
                || gc::get_i64(b, &W_Type::FLAGS) & flags::NO_DICT != 0
        });
        if !with_dict && bases_without_dict {
            gc::set_i64(ty, &W_Type::FLAGS, gc::get_i64(ty, &W_Type::FLAGS) | flags::NO_DICT);
        }
    }
    wrap_implicit_methods(space, own);
    let doc = space.intern("__doc__");
    if dict::get_str(own, doc).is_none() {
        dict::set_str(own, doc, space.none);
    }
    let module = space.intern("__module__");
    if dict::get_str(own, module).is_none() {
        // CPython's type_new_set_module: the `__name__` of the calling code's globals.
        let caller = crate::frame::native_caller();
        let name = if caller.is_null() {
            Some(space.intern("__main__"))
        } else {
            let globals = gc::get_ref(caller, &crate::frame::W_Frame::GLOBALS);
            if globals.layout() == dict::W_Dict::layout() {
                dict::get_str(globals, space.intern("__name__"))
            } else {
                None
            }
        };
        if let Some(name) = name {
            dict::set_str(own, module, name);
        }
    }
    set_names(space, ty)?;
    init_subclass(space, ty, keywords)?;
    Ok(ty)
}

/// Fill the `__class__` cell that the class body left as `__classcell__` in the namespace
/// (`own`, the new class's copy of it) with the new class `ty`, and drop the entry.
fn set_class_cell(space: &Space, ty: GcRef, own: GcRef) -> PyResult<()> {
    let key = space.intern("__classcell__");
    let Some(cell) = dict::get_str(own, key) else { return Ok(()) };
    if cell.layout() != crate::function::W_Cell::layout() {
        let shown = crate::objspace::repr(space.type_of(cell))?;
        let message = format!("__classcell__ must be a nonlocal cell, not {shown}");
        return Err(space.new_exception(ExcKind::TypeError, &message));
    }
    gc::set_ref(cell, &crate::function::W_Cell::CONTENTS, ty);
    dict::del_str(own, key);
    Ok(())
}

/// The MRO of `ty` from its metaclass's own `mro()` when it overrides `type.mro`, checked as
/// CPython's `mro_check` does; None for the C3 linearization of `type.mro`.
fn custom_mro(space: &Space, ty: GcRef) -> PyResult<Option<Vec<GcRef>>> {
    let metatype = gc::get_ref(ty, &W_Type::METATYPE);
    if metatype == space.type_type {
        return Ok(None);
    }
    let Some(method) = crate::objspace::user_lookup_on(metatype, "mro") else { return Ok(None) };
    let result = crate::objspace::call_bound(method, ty, &crate::function::Args::default())?;
    let order = crate::objspace::to_vec(result)?;
    let solid = solid_base(ty);
    for &base in order.iter() {
        let message = if !space.is_type(base) {
            format!("mro() returned a non-class ('{}')", space.type_name(base))
        } else if !is_subtype(solid, solid_base(base)) {
            format!("mro() returned base with unsuitable layout ('{}')", name(base))
        } else {
            continue;
        };
        return Err(space.new_exception(ExcKind::TypeError, &message));
    }
    Ok(Some(order.to_vec()))
}

/// The MRO `ty` gets from its current bases (CPython's `mro_internal`): its metaclass's own
/// `mro()`, else [`linearize`].
fn compute_mro(space: &Space, ty: GcRef) -> PyResult<Vec<GcRef>> {
    match custom_mro(space, ty)? {
        Some(order) => Ok(order),
        None => linearize(space, ty),
    }
}

/// `type.mro(ty)`: the C3 linearization of the current bases of `ty`, with CPython's errors for
/// repeated bases and conflicts.
pub fn linearize(space: &Space, ty: GcRef) -> PyResult<Vec<GcRef>> {
    let bases = W_Tuple::items(gc::get_ref(ty, &W_Type::BASES));
    if let Some((_, &b)) = bases.iter().enumerate().find(|&(i, b)| bases[..i].contains(b)) {
        return Err(space.new_exception(ExcKind::TypeError, &format!("duplicate base class {}", name(b))));
    }
    let base_mros: Vec<Vec<GcRef>> = bases.iter().map(|&b| mro(b)).collect();
    mro::c3(ty, &bases, &base_mros).map_err(|conflict| space.new_exception(ExcKind::TypeError, &conflict.message(name)))
}

/// Recompute the MRO of `ty` and then of its subclasses, recording each change as
/// (class, old MRO, new MRO) in `done` (CPython's `mro_hierarchy`).
fn recompute_mros(space: &Space, ty: GcRef, done: &mut Vec<(GcRef, GcRef, GcRef)>) -> PyResult<()> {
    let order = W_Tuple::from_slice(&compute_mro(space, ty)?);
    done.push((ty, gc::get_ref(ty, &W_Type::MRO), order));
    gc::set_ref(ty, &W_Type::MRO, order);
    mutated(ty);
    for sub in subclasses(ty) {
        recompute_mros(space, sub, done)?;
    }
    Ok(())
}

/// Whether `b` is reached from `a` along the chain of `__base__` (CPython's
/// `type_is_subtype_base_chain`), which a reentrant `__bases__` assignment updates before the MRO.
fn base_chain_reaches(a: GcRef, b: GcRef) -> bool {
    let mut t = a;
    while !t.is_null() {
        if t == b {
            return true;
        }
        t = gc::get_ref(t, &W_Type::BASE);
    }
    false
}

/// `ty.__bases__ = value` (CPython's `type_set_bases`): the new bases are checked, the MROs of `ty`
/// and its subclasses recomputed (and restored if one fails), and `ty` moved from its old bases'
/// lists of subclasses to the new ones'. A reentrant assignment (from a metaclass's `mro()`) wins.
fn set_bases(space: &Space, ty: GcRef, value: GcRef) -> PyResult<()> {
    let type_error = |message: String| Err(space.new_exception(ExcKind::TypeError, &message));
    let own = name(ty);
    let tuple = crate::subclass::unwrap(value);
    if tuple.layout() != W_Tuple::layout() {
        return type_error(format!("can only assign tuple to {own}.__bases__, not {}", space.type_name(value)));
    }
    let bases = W_Tuple::items(tuple);
    if bases.is_empty() {
        return type_error(format!("can only assign non-empty tuple to {own}.__bases__, not ()"));
    }
    for &b in &bases {
        if !space.is_type(b) {
            return type_error(format!("{own}.__bases__ must be tuple of classes, not '{}'", space.type_name(b)));
        }
        if gc::get_i64(b, &W_Type::FLAGS) & flags::BASETYPE == 0 {
            return type_error(format!("type '{}' is not an acceptable base type", name(b)));
        }
        if is_subtype(b, ty) || base_chain_reaches(b, ty) {
            return type_error("a __bases__ item causes an inheritance cycle".to_owned());
        }
    }
    let new_base = best_base(space, &bases)?;
    let old_base = gc::get_ref(ty, &W_Type::BASE);
    if !crate::subclass::compatible_layouts(old_base, new_base) {
        let message =
            format!("__bases__ assignment: '{}' object layout differs from '{}'", name(new_base), name(old_base));
        return type_error(message);
    }
    let old_bases = gc::get_ref(ty, &W_Type::BASES);
    gc::set_ref(ty, &W_Type::BASES, tuple);
    gc::set_ref(ty, &W_Type::BASE, new_base);
    let mut done = Vec::new();
    let result = recompute_mros(space, ty, &mut done);
    let current = gc::get_ref(ty, &W_Type::BASES) == tuple;
    if let Err(e) = result {
        for (cls, old, new) in done.into_iter().rev() {
            if gc::get_ref(cls, &W_Type::MRO) == new {
                gc::set_ref(cls, &W_Type::MRO, old);
            }
        }
        if current {
            gc::set_ref(ty, &W_Type::BASES, old_bases);
            gc::set_ref(ty, &W_Type::BASE, old_base);
        }
        mutated(ty);
        return Err(e);
    }
    if current {
        W_Tuple::items(old_bases).into_iter().for_each(|b| remove_subclass(b, ty));
        bases.into_iter().for_each(|b| add_subclass(b, ty));
    }
    mutated(ty);
    Ok(())
}

/// `type.__new__(metatype, *args, **keywords)` with its arguments checked as CPython does.
pub fn type_new_args(space: &Space, metatype: GcRef, args: &crate::function::Args) -> PyResult<GcRef> {
    let type_error = |message: String| space.new_exception(ExcKind::TypeError, &message);
    let [name, bases, namespace] = args.positional.as_slice() else {
        // Only `type` itself has the one-argument form.
        if metatype != space.type_type {
            let given = args.positional.len();
            return Err(type_error(format!("type.__new__() takes exactly 3 arguments ({given} given)")));
        }
        if args.positional.len() == 1 {
            if !args.keywords.is_empty() {
                return Err(type_error("type() takes no keyword arguments".to_owned()));
            }
            return Ok(space.type_of(args.positional[0]));
        }
        return Err(type_error("type() takes 1 or 3 arguments".to_owned()));
    };
    let checks = [(*name, "str", 1), (*bases, "tuple", 2), (*namespace, "dict", 3)];
    for (value, expected, position) in checks {
        let value = crate::subclass::unwrap(value);
        let ok = match expected {
            "str" => value.layout() == W_Str::layout(),
            "tuple" => value.layout() == W_Tuple::layout(),
            _ => value.layout() == crate::dict::W_Dict::layout(),
        };
        if !ok {
            return Err(type_error(format!(
                "type.__new__() argument {position} must be {expected}, not {}",
                space.type_name(value)
            )));
        }
    }
    // A dict subclass with its own iteration order (OrderedDict) is copied in that order, as
    // CPython's PyDict_Copy does.
    let ordered =
        crate::subclass::inner(*namespace).is_some() && crate::objspace::lookup_user(*namespace, "__iter__").is_some();
    let namespace = if ordered {
        let copy = dict::new();
        crate::builtins::dict_merge_from(Space::get(), copy, *namespace)?;
        copy
    } else {
        crate::subclass::unwrap(*namespace)
    };
    let [name, bases] = [*name, *bases].map(crate::subclass::unwrap);
    // A base that is not a class but has `__mro_entries__` is for class statements only
    // (CPython's `type_new_get_bases`).
    for &base in W_Tuple::items(bases).iter().filter(|&&b| !space.is_type(b)) {
        match crate::objspace::getattr(base, space.intern("__mro_entries__")) {
            Ok(_) => {
                let message = "type() doesn't support MRO entry resolution; use types.new_class()".to_owned();
                return Err(type_error(message));
            }
            Err(e) if crate::objspace::is_attribute_error(e) => {}
            Err(e) => return Err(e),
        }
    }
    type_new(space, metatype, name, &W_Tuple::items(bases), namespace, &args.keywords)
}

/// Call `__set_name__(cls, name)` on every attribute of the new class `ty` whose type has one.
fn set_names(space: &Space, ty: GcRef) -> PyResult<()> {
    let items = dict::items(gc::get_ref(ty, &W_Type::DICT));
    let held: Vec<GcRef> = items.iter().flat_map(|&(k, v)| [k, v]).collect();
    let _rooted = metatrace_gc::root_slice(&held);
    for (key, value) in items {
        let Some(hook) = crate::objspace::lookup_user(value, "__set_name__") else {
            // A property remembers its name (the builtin `property.__set_name__`).
            let property = crate::subclass::descriptor(value);
            if property.layout() == crate::function::W_Property::layout() {
                gc::set_ref(property, &crate::function::W_Property::NAME, key);
            }
            continue;
        };
        let args = crate::function::Args::positional(&[ty, key]);
        if let Err(cause) = crate::objspace::call_bound(hook, value, &args) {
            let message = format!(
                "Error calling __set_name__ on '{}' instance {} in '{}'",
                space.type_name(value),
                crate::objspace::repr(key)?,
                name(ty)
            );
            let error = space.new_exception(ExcKind::RuntimeError, &message);
            gc::set_ref(error, &crate::exceptions::W_Exception::CAUSE, cause);
            gc::set_ref(error, &crate::exceptions::W_Exception::CONTEXT, cause);
            gc::set_i64(error, &crate::exceptions::W_Exception::SUPPRESS_CONTEXT, 1);
            return Err(error);
        }
    }
    Ok(())
}

/// `super(ty, ty).__init_subclass__(**keywords)`.
fn init_subclass(space: &Space, ty: GcRef, keywords: &[(GcRef, GcRef)]) -> PyResult<()> {
    let key = space.intern("__init_subclass__");
    let hook = mro(ty).into_iter().skip(1).find_map(|c| dict::get_str(gc::get_ref(c, &W_Type::DICT), key));
    let user = hook.filter(|h| {
        h.layout() != crate::function::W_Builtin::layout()
            && !(h.layout() == crate::function::W_ClassMethod::layout()
                && gc::get_ref(*h, &crate::function::W_ClassMethod::FUNC).layout()
                    == crate::function::W_Builtin::layout())
    });
    let Some(hook) = user else {
        if !keywords.is_empty() {
            let message = format!("{}.__init_subclass__() takes no keyword arguments", name(ty));
            return Err(space.new_exception(ExcKind::TypeError, &message));
        }
        return Ok(());
    };
    let args = crate::function::Args { positional: Default::default(), keywords: keywords.to_vec() };
    let bound = if hook.layout() == crate::function::W_ClassMethod::layout() {
        crate::function::new_method(gc::get_ref(hook, &crate::function::W_ClassMethod::FUNC), ty)
    } else if hook.layout() == crate::function::W_StaticMethod::layout() {
        gc::get_ref(hook, &crate::function::W_StaticMethod::FUNC)
    } else {
        crate::function::new_method(hook, ty)
    };
    crate::objspace::call_args(bound, &args).map(|_| ())
}

/// The bases of a class statement after `__mro_entries__` (PEP 560): each base that is not a
/// type and has the method is replaced by the items of the tuple it returns.
pub fn resolve_bases(space: &Space, bases: &[GcRef]) -> PyResult<crate::objspace::RootedVec> {
    let original = W_Tuple::from_slice(bases);
    // Rooted: the items of each `__mro_entries__` tuple outlive the tuple.
    let mut out = crate::objspace::RootedVec::with_capacity(bases.len());
    for &b in bases {
        if space.is_type(b) {
            out.push(b);
            continue;
        }
        // Looked up as an attribute of the base (a function may carry it, as typing.NamedTuple).
        let hook = match crate::objspace::getattr(b, space.intern("__mro_entries__")) {
            Ok(hook) => hook,
            Err(e) if crate::objspace::exception_matches(e, space.exception_type(ExcKind::AttributeError))? => {
                out.push(b);
                continue;
            }
            Err(e) => return Err(e),
        };
        let entries = crate::objspace::call(hook, &[original])?;
        if entries.layout() != W_Tuple::layout() {
            return Err(space.new_exception(ExcKind::TypeError, "__mro_entries__ must return a tuple"));
        }
        out.extend_from_slice(&W_Tuple::items(entries));
    }
    Ok(out)
}

/// What a class statement does once its body has run in `namespace`: call the metaclass (CPython's
/// `__build_class__` after the body). `original_bases` are the bases as written.
pub fn make_class(
    space: &Space,
    metaclass: GcRef,
    name: GcRef,
    original_bases: &[GcRef],
    bases: &[GcRef],
    namespace: GcRef,
    keywords: &[(GcRef, GcRef)],
) -> PyResult<GcRef> {
    if original_bases != bases {
        let key = space.intern("__orig_bases__");
        crate::objspace::setitem(namespace, key, W_Tuple::from_slice(original_bases))?;
    }
    let args = crate::function::Args {
        positional: smallvec::smallvec![name, W_Tuple::from_slice(bases), namespace],
        keywords: keywords.to_vec(),
    };
    crate::objspace::call_args(metaclass, &args)
}

/// The metaclass and namespace of a class statement: the explicit `metaclass` (or the bases'
/// most derived metaclass) and what its `__prepare__` returns.
pub fn prepare_class(
    space: &Space,
    explicit: Option<GcRef>,
    name: GcRef,
    bases: &[GcRef],
    keywords: &[(GcRef, GcRef)],
) -> PyResult<(GcRef, GcRef)> {
    let meta = explicit.unwrap_or_else(|| bases.first().map_or(space.type_type, |&b| space.type_of(b)));
    let meta = if space.is_type(meta) { calculate_metaclass(space, meta, bases)? } else { meta };
    let prepare = match crate::objspace::getattr(meta, space.intern("__prepare__")) {
        Ok(prepare) => prepare,
        Err(e) if crate::traceback::is_instance_of(e, ExcKind::AttributeError) => return Ok((meta, dict::new())),
        Err(e) => return Err(e),
    };
    if prepare.layout() == crate::function::W_Builtin::layout() {
        return Ok((meta, dict::new()));
    }
    let args = crate::function::Args {
        positional: smallvec::smallvec![name, W_Tuple::from_slice(bases)],
        keywords: keywords.to_vec(),
    };
    let namespace = crate::objspace::call_args(prepare, &args)?;
    // CPython's `PyMapping_Check`: a dict, or anything with a `__getitem__`.
    let mapping = crate::subclass::unwrap(namespace).layout() == crate::dict::W_Dict::layout()
        || crate::objspace::lookup_user(namespace, "__getitem__").is_some();
    if !mapping {
        let who = if space.is_type(meta) { self::name(meta) } else { "<metaclass>".to_owned() };
        let message = format!("{who}.__prepare__() must return a mapping, not {}", space.type_name(namespace));
        return Err(space.new_exception(ExcKind::TypeError, &message));
    }
    Ok((meta, namespace))
}

/// The names of a class body's `__slots__` (a str or an iterable of strs), if it has them,
/// private ones mangled with the class name `class_name` (`__x` in `C` is `_C__x`), and whether
/// `__dict__` is one of them. The errors are CPython's: slots on variable-size builtins (int,
/// bytes, tuple), `__dict__` or `__weakref__` twice, `__dict__` already provided by a base in
/// `bases` (a class of ours: the weak-reference types of ripy are Python classes, so a base's
/// `__weakref__` is not checked).
fn slot_names(
    space: &Space,
    namespace: GcRef,
    class_name: GcRef,
    bases: &[GcRef],
) -> PyResult<Option<(Vec<GcRef>, bool, bool)>> {
    let Some(slots) = dict::get_str(namespace, space.intern("__slots__")) else {
        return Ok(None);
    };
    let type_error = |message: &str| space.new_exception(ExcKind::TypeError, message);
    // Rooted: an iterable `__slots__` may give new strs while the names are made.
    let items = if slots.layout() == W_Str::layout() {
        crate::objspace::RootedVec::from_slice(&[slots])
    } else {
        crate::objspace::to_vec(slots)?
    };
    let variable_size =
        bases.iter().find(|&&b| [space.int_type, space.bytes_type, space.tuple_type].iter().any(|&v| is_subtype(b, v)));
    if let (Some(&base), false) = (variable_size, items.is_empty()) {
        return Err(type_error(&format!("nonempty __slots__ not supported for subtype of '{}'", name(base))));
    }
    let base_has_dict = bases.iter().any(|&b| {
        let base_flags = gc::get_i64(b, &W_Type::FLAGS);
        base_flags & flags::HEAPTYPE != 0 && base_flags & flags::NO_DICT == 0
    });
    let private = (class_name.layout() == W_Str::layout()).then(|| unicode::to_string_lossy(class_name));
    let mut names = Vec::new();
    let (mut with_dict, mut with_weakref) = (false, false);
    for &item in items.iter() {
        if item.layout() != W_Str::layout() {
            let message = format!("__slots__ items must be strings, not '{}'", space.type_name(item));
            return Err(type_error(&message));
        }
        if !unicode::is_identifier(&unicode::chars(item)) {
            return Err(type_error("__slots__ must be identifiers"));
        }
        if unicode::eq_text(item, "__dict__") {
            if with_dict || base_has_dict {
                return Err(type_error("__dict__ slot disallowed: we already got one"));
            }
            with_dict = true;
        } else if unicode::eq_text(item, "__weakref__") {
            if with_weakref {
                return Err(type_error("__weakref__ slot disallowed: either we already got one, or __itemsize__ != 0"));
            }
            with_weakref = true;
        } else {
            let mangled = ripy_compiler::symtable::mangle(private.as_deref(), &unicode::to_string_lossy(item));
            names.push(space.intern(&mangled));
        }
    }
    Ok(Some((names, with_dict, with_weakref)))
}

/// The `__dict__` and `__weakref__` descriptors CPython's `type_new` puts in the namespace
/// (`own`) of the new class `ty` when its instances get a dict (weak references) that no base
/// gives them: always without `__slots__` (`slots` None), else when `__slots__` names them
/// (`slots` is whether it names `__dict__` and `__weakref__`). A class whose instances end up
/// without weak references is flagged [`flags::NO_WEAKREF`].
fn add_instance_descriptors(space: &Space, ty: GcRef, own: GcRef, slots: Option<(bool, bool)>) {
    let mro = mro(ty);
    let bases = mro.get(1..).unwrap_or_default();
    let heap = |b: GcRef| gc::get_i64(b, &W_Type::FLAGS) & flags::HEAPTYPE != 0;
    let inherited = |key: &str, builtin: &[&str]| {
        let key = space.intern(key);
        bases.iter().any(|&b| {
            if heap(b) {
                dict::get_str(gc::get_ref(b, &W_Type::DICT), key).is_some()
            } else {
                builtin.contains(&name(b).as_str())
            }
        })
    };
    // The builtin types whose instances have a dict (exceptions too), or weak references.
    const WITH_DICT: [&str; 6] = ["type", "function", "module", "classmethod", "staticmethod", "SimpleNamespace"];
    const WITH_WEAKREF: [&str; 8] =
        ["type", "function", "module", "classmethod", "staticmethod", "SimpleNamespace", "set", "frozenset"];
    let has_dict = inherited("__dict__", &WITH_DICT) || is_subtype(ty, space.exception_type(ExcKind::BaseException));
    let has_weakref = inherited("__weakref__", &WITH_WEAKREF);
    let variable_size = [space.int_type, space.bytes_type, space.tuple_type].iter().any(|&v| is_subtype(ty, v));
    let (wants_dict, wants_weakref) = slots.unwrap_or((true, true));
    for (key, add) in
        [("__dict__", wants_dict && !has_dict), ("__weakref__", wants_weakref && !has_weakref && !variable_size)]
    {
        let key = space.intern(key);
        if add && dict::get_str(own, key).is_none() {
            dict::set_str(own, key, crate::descriptors::new_getset(key, ty));
        }
    }
    if !has_weakref && !(wants_weakref && !variable_size) {
        gc::set_i64(ty, &W_Type::FLAGS, gc::get_i64(ty, &W_Type::FLAGS) | flags::NO_WEAKREF);
    }
}

/// Put a slot descriptor in the namespace of the new class `ty` for each slot name. As in
/// CPython, a name may be listed twice (`datetime.__slots__` repeats `_hashcode`), but not
/// be a class variable of the namespace as written.
fn install_slots(space: &Space, ty: GcRef, names: &[GcRef]) -> PyResult<()> {
    let own = gc::get_ref(ty, &W_Type::DICT);
    for &name in names {
        if dict::get_str(own, name).is_some() {
            let message = format!("{} in __slots__ conflicts with class variable", crate::objspace::repr(name)?);
            return Err(space.new_exception(ExcKind::ValueError, &message));
        }
    }
    for &name in names {
        let member = metatrace_gc::alloc(crate::function::W_Member::layout());
        gc::set_ref(member, &crate::function::W_Member::NAME, name);
        gc::set_ref(member, &crate::function::W_Member::KEY, mapdict::hidden_key(space, name));
        gc::set_ref(member, &crate::function::W_Member::OWNER, ty);
        dict::set_str(own, name, member);
    }
    Ok(())
}

/// Whether the instances of type `ty` have a `__dict__` (read on a promoted type: a constant).
pub fn has_dict<D: Domain>(d: &mut D, ty: D::Ref) -> bool {
    let ty = d.promote_ref(ty);
    gc::get_i64(ty, &W_Type::FLAGS) & flags::NO_DICT == 0
}

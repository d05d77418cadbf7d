//! Instances of user subclasses of builtin types (`class A(int)`, `class L(list)`, `class
//! C(classmethod)`, ...).
//!
//! Such an instance is a [`W_Subclass`]: an instance-like object (type, map, slots, as
//! [`crate::mapdict::W_Instance`], so the attribute code and `__dict__` work unchanged) with one
//! more field holding a genuine object of the builtin base's layout (a `W_Int`, `W_Str`,
//! `W_List`, ...), its *value*. Code that tests exact layouts never sees a subclass instance as
//! a builtin: it falls through to the generic protocol, which finds the user's overrides along
//! the MRO and, when there are none, works on the value ([`inner`]): the slow paths of
//! `objspace` retry an operation on the values of its operands, and a builtin method of the base
//! type gets the value as its receiver ([`call_method`]). A method of a mutable base that
//! returns its receiver (`list.__iadd__`) gives back the subclass instance.
//!
//! `B.__new__(cls, ...)` (a static method of each subclassable builtin `B`, defined in
//! `builtins/subclass_methods.rs`) makes the value and wraps it: for the types whose
//! `__init__` fills the object in (list, dict, set, bytearray, property, classmethod,
//! staticmethod) the value starts empty and `B.__init__` fills it; for the others `__new__`
//! builds it from the arguments.

use crate::descriptors::W_GetSet;
use crate::dict::{self, W_Dict};
use crate::exceptions::ExcKind;
use crate::function::{Args, W_ClassMethod, W_Member, W_Property, W_StaticMethod};
use crate::gc;
use crate::list::{self, W_List};
use crate::mapdict;
use crate::set::{self, W_Set};
use crate::space::{PyResult, Space};
use crate::storage::RefArray;
use crate::typeobject::{self, InstanceLayout, W_Type};
use metatrace::domain::Domain;
use metatrace_gc::{GcHeader, GcObject, GcRef};
use metatrace_macros::GcObject;

/// An instance of a user subclass of a builtin type.
#[derive(GcObject)]
#[repr(C)]
pub struct W_Subclass {
    /// The object header.
    pub header: GcHeader,
    /// The instance's type (assignable through `__class__` to a type of the same builtin base).
    pub type_: GcRef,
    /// The map of its attributes ([`crate::mapdict::W_Map`]).
    pub map: GcRef,
    /// The attribute values ([`RefArray`]), indexed through the map.
    pub slots: GcRef,
    /// The object of the builtin base's layout that holds the builtin value.
    pub value: GcRef,
}

/// The value of a subclass instance; `None` for other objects.
pub fn inner(obj: GcRef) -> Option<GcRef> {
    (!obj.is_null() && obj.layout() == W_Subclass::layout()).then(|| gc::get_ref(obj, &W_Subclass::VALUE))
}

/// The value of a subclass instance, or the object itself.
pub fn unwrap(obj: GcRef) -> GcRef {
    inner(obj).unwrap_or(obj)
}

/// The builtin type whose layout the instances of `ty` (a type with the subclass layout, or a
/// builtin type) hold as their value: the first builtin type along its MRO.
pub fn builtin_base(ty: GcRef) -> GcRef {
    typeobject::mro(ty)
        .into_iter()
        .find(|&t| typeobject::instance_layout(t) == InstanceLayout::Builtin)
        .unwrap_or_else(|| Space::get().object_type)
}

/// Whether instances of the builtin type named `base` are filled in by `__init__` (their `__new__`
/// ignores its arguments), as CPython's list, dict, set, bytearray and the descriptors.
fn filled_by_init(base: &str) -> bool {
    matches!(
        base,
        "list" | "dict" | "set" | "bytearray" | "property" | "classmethod" | "staticmethod" | "module" | "super"
    )
}

/// Whether the builtin type `base` is mutable (its methods may return their receiver).
fn mutable(base: GcRef) -> bool {
    matches!(typeobject::name(base).as_str(), "list" | "dict" | "set" | "bytearray")
}

/// An empty object of the builtin type `base` (one that [`filled_by_init`]).
fn empty_value(space: &'static Space, base: GcRef) -> PyResult<GcRef> {
    Ok(match typeobject::name(base).as_str() {
        "list" => list::new_list(&[]),
        "dict" => dict::new(),
        "set" => set::new_set(),
        "bytearray" => crate::buffer::new_bytearray(&[]),
        "property" => metatrace_gc::alloc(W_Property::layout()),
        "classmethod" => wrap_none(W_ClassMethod::layout(), &W_ClassMethod::FUNC, space),
        "staticmethod" => wrap_none(W_StaticMethod::layout(), &W_StaticMethod::FUNC, space),
        "module" => crate::module::with_dict(dict::new()),
        "super" => metatrace_gc::alloc(crate::function::W_Super::layout()),
        _ => return construct(space, base, &Args::default()),
    })
}

fn wrap_none(layout: &'static metatrace_gc::Layout, field: &metatrace_gc::FieldDescr, space: &Space) -> GcRef {
    crate::iter::wrap(layout, field, space.none)
}

/// `base(*args)` for a builtin type.
fn construct(space: &'static Space, base: GcRef, args: &Args) -> PyResult<GcRef> {
    crate::builtins::construct(space, base, args).unwrap_or_else(|| {
        let message = format!("cannot create '{}' instances", typeobject::name(base));
        Err(space.new_exception(ExcKind::TypeError, &message))
    })
}

/// A new instance of `cls` (a type with the subclass layout) holding `value`.
pub fn wrap(cls: GcRef, value: GcRef) -> GcRef {
    let obj = metatrace_gc::alloc(W_Subclass::layout());
    gc::set_ref(obj, &W_Subclass::VALUE, value);
    gc::set_ref(obj, &W_Subclass::TYPE_, cls);
    let terminator = gc::get_ref(cls, &W_Type::TERMINATOR);
    gc::set_ref(obj, &W_Subclass::MAP, terminator);
    gc::set_ref(obj, &W_Subclass::SLOTS, RefArray::nulls(mapdict::initial_slots(terminator)));
    if value.layout() == crate::module::W_Module::layout() {
        // A module's attributes are its namespace, also for instances of module subclasses.
        mapdict::use_dict(obj, gc::get_ref(value, &crate::module::W_Module::DICT));
    }
    obj
}

/// `base.__new__(cls, *args)` (`args` after `cls`): an exact object for `cls` = `base`, else a
/// new instance of the subclass `cls` whose value `base.__new__` made.
pub fn new(space: &'static Space, base: GcRef, cls: GcRef, args: &Args) -> PyResult<GcRef> {
    let base_name = typeobject::name(base);
    if !space.is_type(cls) {
        let message = format!("{base_name}.__new__(X): X is not a type object ({})", space.type_name(cls));
        return Err(space.new_exception(ExcKind::TypeError, &message));
    }
    let cls_name = typeobject::name(cls);
    if !typeobject::is_subtype(cls, base) {
        let message = format!("{base_name}.__new__({cls_name}): {cls_name} is not a subtype of {base_name}");
        return Err(space.new_exception(ExcKind::TypeError, &message));
    }
    if cls == base {
        return construct(space, base, args);
    }
    if typeobject::instance_layout(cls) != InstanceLayout::Subclass || builtin_base(cls) != base {
        let safe = typeobject::name(static_base(cls));
        let message = format!("{base_name}.__new__({cls_name}) is not safe, use {safe}.__new__()");
        return Err(space.new_exception(ExcKind::TypeError, &message));
    }
    let value = if filled_by_init(&base_name) {
        empty_value(space, base)?
    } else if keywords_ignored(base, cls, "__init__") {
        construct(space, base, &Args::positional(&args.positional))?
    } else {
        construct(space, base, args)?
    };
    // The value itself, not a subclass instance that a conversion (`__str__`) returned.
    Ok(crate::modules::gc::track_del(cls, wrap(cls, unwrap(value))))
}

/// Whether the builtin `base` ignores keyword arguments when it makes or fills an instance of
/// its subclass `cls` because `cls` defines `method` in Python, which takes them: float, tuple
/// and frozenset (which read their arguments in `__new__`) when `method` is `__init__`, list
/// (which reads them in `__init__`) when it is `__new__`, as CPython 3.11 (`set.__init__` takes
/// no keywords at all).
fn keywords_ignored(base: GcRef, cls: GcRef, method: &str) -> bool {
    let defined = match typeobject::name(base).as_str() {
        "float" | "tuple" | "frozenset" => "__init__",
        "list" => "__new__",
        _ => return false,
    };
    let owner = typeobject::lookup_where(cls, Space::get().intern(method)).map(|(owner, _)| owner);
    defined == method && owner.is_some_and(|o| gc::get_i64(o, &W_Type::FLAGS) & typeobject::flags::HEAPTYPE != 0)
}

/// The class whose `__new__` a `__new__` call for `cls` should be (CPython's "staticbase" in
/// its "X.__new__(Y) is not safe" message): the first class along the `__base__` chain that
/// does not define `__new__` in Python.
pub fn static_base(cls: GcRef) -> GcRef {
    let key = Space::get().intern("__new__");
    let mut ty = cls;
    loop {
        let own = dict::get_str(gc::get_ref(ty, &W_Type::DICT), key);
        let in_python = own.is_some_and(|f| {
            let f = if f.layout() == W_StaticMethod::layout() { gc::get_ref(f, &W_StaticMethod::FUNC) } else { f };
            f.layout() == crate::function::W_Function::layout()
        });
        let base = gc::get_ref(ty, &W_Type::BASE);
        if !in_python || base.is_null() {
            return ty;
        }
        ty = base;
    }
}

/// What builtin code that implements dunder `name` for builtin layouts should work on: the value
/// of a subclass instance whose class does not define `name` in Python, else `obj` itself.
pub fn builtin_value(obj: GcRef, name: &str) -> GcRef {
    match inner(obj) {
        Some(value) if crate::objspace::lookup_user(obj, name).is_none() => value,
        _ => obj,
    }
}

/// `base.__init__(obj, *args)` for a builtin type filled in by `__init__`: `obj` (an exact
/// object, or the value of a subclass instance) gets the contents `base(*args)` would have.
pub fn init(space: &'static Space, base: GcRef, obj: GcRef, args: &Args) -> PyResult<GcRef> {
    let target = unwrap(obj);
    let fresh = if keywords_ignored(base, space.type_of(obj), "__new__") {
        construct(space, base, &Args::positional(&args.positional))?
    } else {
        construct(space, base, args)?
    };
    // Kept alive while its contents are copied: its items (a dict's values from a generator of
    // pairs, say) may be held by nothing else, and the copying allocates.
    let _fresh = metatrace_gc::Root::new(fresh);
    let layout = target.layout();
    if layout != fresh.layout() {
        let message = format!(
            "descriptor '__init__' requires a '{}' object but received a '{}'",
            typeobject::name(base),
            space.type_name(obj)
        );
        return Err(space.new_exception(ExcKind::TypeError, &message));
    }
    if layout == W_List::layout() {
        list::replace_items(target, &list::items(fresh));
    } else if layout == W_Dict::layout() {
        for (k, v) in dict::items(fresh) {
            dict::set(target, k, v)?;
        }
    } else if layout == W_Set::layout() {
        set::clear(target);
        set::update_from_set(target, fresh)?;
    } else if crate::buffer::is_bytearray(target) {
        crate::buffer::set_bytearray_data(target, &crate::buffer::bytearray_data(fresh));
    } else if layout == W_Property::layout() {
        for field in [&W_Property::FGET, &W_Property::FSET, &W_Property::FDEL, &W_Property::DOC] {
            gc::set_ref(target, field, gc::get_ref(fresh, field));
        }
        if obj != target {
            // As CPython, a subclass instance keeps its docstring as its own `__doc__`
            // attribute (not hidden by the class's), which fails without a `__dict__`.
            set_property_doc(space, obj, fresh)?;
        }
    } else if layout == crate::function::W_Super::layout() {
        use crate::function::W_Super;
        for field in [&W_Super::TYPE_, &W_Super::OBJ, &W_Super::OBJ_TYPE] {
            gc::set_ref(target, field, gc::get_ref(fresh, field));
        }
    } else if layout == W_ClassMethod::layout() || layout == W_StaticMethod::layout() {
        let (func, dict_field) = crate::function::wrapper_fields(layout);
        gc::set_ref(target, func, gc::get_ref(fresh, func));
        let attributes = gc::get_ref(fresh, dict_field);
        if obj == target {
            gc::set_ref(target, dict_field, attributes);
        } else {
            // A subclass instance's `__dict__` is its own: the copied attributes go there.
            for (k, v) in dict::items(attributes) {
                crate::objspace::setattr(obj, k, v)?;
            }
        }
    } else if layout == crate::module::W_Module::layout() {
        let namespace = gc::get_ref(target, &crate::module::W_Module::DICT);
        for (k, v) in dict::items(gc::get_ref(fresh, &crate::module::W_Module::DICT)) {
            dict::set(namespace, k, v)?;
        }
    }
    Ok(space.none)
}

/// A call of builtin method `func` (named `name`) of builtin type `owner` with `args` (its
/// receiver first): a subclass instance as receiver is replaced by its value, and a result that
/// is that value (a mutable base's method returning its receiver) by the instance again.
/// `object`'s methods, the `__init__` of the types [`filled_by_init`] (which [`init`] gives
/// the instance, to see its class) and `__reduce__`/`__reduce_ex__` (which name the class) get
/// the instance itself; the `__repr__` of a base whose repr names the type is written here
/// ([`crate::repr::named_base_repr`]), and `dict.__getitem__` of a missing key calls the
/// instance's `__missing__`.
pub fn call_method(
    space: &'static Space,
    owner: &str,
    name: &str,
    func: crate::builtins::NativeFn,
    args: &Args,
) -> PyResult<GcRef> {
    let receiver = args.positional.first().copied();
    let Some((obj, value)) = receiver.and_then(|r| inner(r).map(|v| (r, v))) else {
        return func(space, args);
    };
    if owner == "object" || (name == "__init__" && filled_by_init(owner)) || name.starts_with("__reduce") {
        return func(space, args);
    }
    if name == "__repr__" {
        if let Some(text) = crate::repr::named_base_repr(obj)? {
            return Ok(crate::unicode::new_str(&text));
        }
    }
    if let ("dict", "__getitem__", &[_, key]) = (owner, name, args.positional.as_slice()) {
        // CPython's `dict_subscript`: a missing key goes to the subclass's `__missing__`.
        if value.layout() == W_Dict::layout() && dict::get(value, key)?.is_none() {
            if let Some(result) = missing(obj, key) {
                return result;
            }
        }
    }
    let mut unwrapped = args.clone();
    unwrapped.positional[0] = value;
    let result = func(space, &unwrapped)?;
    let base = builtin_base(gc::get_ref(obj, &W_Subclass::TYPE_));
    Ok(if result == value && mutable(base) { obj } else { result })
}

/// `repr()` of a subclass instance without a `__repr__` of its own, when the base's repr names
/// the type (bytearray: `B(b'x')`; sets are written by `crate::repr`); `None` when it is the
/// value's repr.
pub fn repr_with_type_name(obj: GcRef) -> PyResult<Option<String>> {
    let Some(value) = inner(obj) else {
        return Ok(None);
    };
    let name = Space::get().type_name(obj);
    if crate::buffer::is_bytearray(value) {
        let text = crate::repr::repr(value)?;
        return Ok(Some(format!("{name}{}", text.trim_start_matches("bytearray"))));
    }
    Ok(None)
}

/// Whether instances of `a` and `b` can exchange their `__class__` (and a class can change its
/// base from `a` to `b`), CPython's `compatible_for_assignment`: same instance layout, for
/// subclass instances the same builtin base, other than the ones CPython lays out with
/// variable-size items (int, bytes, tuple), whose subclasses' layouts never match, and the same
/// fields added by the classes between (see [`same_added_fields`]).
pub fn compatible_layouts(a: GcRef, b: GcRef) -> bool {
    let layout = typeobject::instance_layout(a);
    if layout != typeobject::instance_layout(b) || (layout == InstanceLayout::Builtin && a != b) {
        return false;
    }
    if layout == InstanceLayout::Subclass {
        let base = builtin_base(a);
        if base != builtin_base(b) || matches!(typeobject::name(base).as_str(), "int" | "bytes" | "tuple") {
            return false;
        }
    }
    same_added_fields(a, b)
}

/// The fields a class adds to the instances of its base (what CPython's basic sizes and offsets
/// tell apart): the names of its own slots and of its own `__dict__` and `__weakref__`
/// descriptors, sorted (CPython sorts `__slots__`).
fn added_fields(ty: GcRef) -> Vec<String> {
    let own = |owner: GcRef| owner == ty;
    let mut names: Vec<String> = dict::items(gc::get_ref(ty, &W_Type::DICT))
        .into_iter()
        .filter(|&(_, v)| {
            (v.layout() == W_Member::layout() && own(gc::get_ref(v, &W_Member::OWNER)))
                || (v.layout() == W_GetSet::layout() && own(gc::get_ref(v, &W_GetSet::OWNER)))
        })
        .map(|(k, _)| crate::unicode::to_string_lossy(k))
        .collect();
    names.sort();
    names
}

/// Whether classes `a` and `b` lay their instances out alike: past the classes along each one's
/// `__base__` chain that add no fields, they are the same class, or siblings that add the same
/// fields (CPython's `same_slots_added`). The builtin exceptions all share one layout here.
fn same_added_fields(a: GcRef, b: GcRef) -> bool {
    let base = |t: GcRef| gc::get_ref(t, &W_Type::BASE);
    let heap = |t: GcRef| gc::get_i64(t, &W_Type::FLAGS) & typeobject::flags::HEAPTYPE != 0;
    let adds_nothing = |t: GcRef| {
        if heap(t) {
            added_fields(t).is_empty()
        } else {
            let exception = |t: GcRef| typeobject::instance_layout(t) == InstanceLayout::Exception;
            exception(t) && !base(t).is_null() && exception(base(t))
        }
    };
    let strip = |mut t: GcRef| {
        while adds_nothing(t) {
            t = base(t);
        }
        t
    };
    let (a, b) = (strip(a), strip(b));
    a == b || (base(a) == base(b) && heap(a) && heap(b) && added_fields(a) == added_fields(b))
}

/// `dict[key]` of a dict subclass instance whose value lacks `key`: its `__missing__(key)` if the
/// class defines one.
pub fn missing(obj: GcRef, key: GcRef) -> Option<PyResult<GcRef>> {
    let hook = crate::objspace::lookup_user(obj, "__missing__")?;
    Some(crate::objspace::call_bound(hook, obj, &Args::positional(&[key])))
}

/// `obj.__doc__ = doc` for an instance `obj` of a property subclass initialised as `fresh`: the
/// explicit docstring, else the getter's, else None.
fn set_property_doc(space: &'static Space, obj: GcRef, fresh: GcRef) -> PyResult<()> {
    let mut doc = gc::get_ref(fresh, &W_Property::DOC);
    let fget = gc::get_ref(fresh, &W_Property::FGET);
    if doc.is_null() && !fget.is_null() {
        doc = match crate::objspace::getattr(fget, space.intern("__doc__")) {
            Ok(d) => d,
            Err(e) if crate::traceback::is_instance_of(e, ExcKind::AttributeError) => space.none,
            Err(e) => return Err(e),
        };
    }
    let doc = if doc.is_null() { space.none } else { doc };
    crate::objspace::setattr(obj, space.intern("__doc__"), doc)
}

/// The descriptor that a class attribute acts as: the value of an instance of a subclass of
/// `property`, `classmethod` or `staticmethod`, else the attribute itself.
pub fn descriptor(attr: GcRef) -> GcRef {
    match inner(attr) {
        Some(v) if [W_Property::layout(), W_ClassMethod::layout(), W_StaticMethod::layout()].contains(&v.layout()) => v,
        _ => attr,
    }
}

/// Whether the value of a subclass instance (an object of a builtin layout) may be hashed: not
/// for the mutable containers.
pub fn is_hashable_value(value: GcRef) -> bool {
    let layout = value.layout();
    !(layout == W_List::layout()
        || layout == W_Dict::layout()
        || layout == W_Set::layout()
        || crate::buffer::is_bytearray(value))
}

// ----- class namespaces that are not dicts (`__prepare__` returning a dict subclass) -----

/// Whether `e` is a `KeyError`.
pub(crate) fn is_key_error(e: GcRef) -> bool {
    let space = Space::get();
    typeobject::is_subtype(space.type_of(e), space.exception_type(ExcKind::KeyError))
}

/// `namespace[name]` of any namespace (a dict, or a mapping such as the `__builtins__` of an
/// `exec`'s globals): `None` for a missing key or a `KeyError`.
pub fn mapping_get(namespace: GcRef, name: GcRef) -> PyResult<Option<GcRef>> {
    if namespace.layout() == W_Dict::layout() {
        return dict::get(namespace, name);
    }
    match crate::objspace::getitem(namespace, name) {
        Ok(v) => Ok(Some(v)),
        Err(e) if is_key_error(e) => Ok(None),
        Err(e) => Err(e),
    }
}

fn namespace_get_impl(namespace: GcRef, name: GcRef) -> GcRef {
    mapping_get(namespace, name)
        .unwrap_or_else(|e| {
            metatrace::call::set_exception(e);
            None
        })
        .unwrap_or(GcRef::NULL)
}

metatrace::residual! {
    /// `namespace[name]` of a namespace that is not a dict; null for a `KeyError`.
    pub fn namespace_get(namespace: Ref, name: Ref) -> Ref;
    effect = Plain; can_raise = true; impl = namespace_get_impl;
}

fn namespace_set_impl(namespace: GcRef, name: GcRef, value: GcRef) {
    if let Err(e) = crate::objspace::setitem(namespace, name, value) {
        metatrace::call::set_exception(e);
    }
}

metatrace::residual! {
    /// `namespace[name] = value` of a namespace that is not a dict.
    pub fn namespace_set(namespace: Ref, name: Ref, value: Ref) -> Void;
    effect = Plain; can_raise = true; impl = namespace_set_impl;
}

fn namespace_del_impl(namespace: GcRef, name: GcRef) -> i64 {
    match crate::objspace::delitem(namespace, name) {
        Ok(()) => 1,
        Err(e) if is_key_error(e) => 0,
        Err(e) => {
            metatrace::call::set_exception(e);
            0
        }
    }
}

metatrace::residual! {
    /// `del namespace[name]` of a namespace that is not a dict: 1, or 0 for a `KeyError`.
    pub fn namespace_del(namespace: Ref, name: Ref) -> Int;
    effect = Plain; can_raise = true; impl = namespace_del_impl;
}

/// `name` in the local namespace of a module or class body (a dict, or the mapping a
/// metaclass's `__prepare__` returned), in domain code; `None` when absent.
pub fn load_name<D: Domain>(d: &mut D, namespace: D::Ref, name: D::Ref) -> Result<Option<D::Ref>, D::Ref> {
    if d.layout_of(namespace) == W_Dict::layout() {
        return dict::get_item(d, namespace, name);
    }
    let v = namespace_get(d, namespace, name)?;
    Ok(if d.is_null(v) { None } else { Some(v) })
}

/// `name = value` in the local namespace of a module or class body, in domain code.
pub fn store_name<D: Domain>(d: &mut D, namespace: D::Ref, name: D::Ref, value: D::Ref) -> Result<(), D::Ref> {
    if d.layout_of(namespace) == W_Dict::layout() {
        return dict::setitem(d, namespace, name, value);
    }
    namespace_set(d, namespace, name, value)
}

/// `del name` in a namespace, in domain code: whether it was there (1 or 0).
pub fn delete_name<D: Domain>(d: &mut D, namespace: D::Ref, name: D::Ref) -> Result<D::Int, D::Ref> {
    if d.layout_of(namespace) == W_Dict::layout() {
        return dict::dict_delete(d, namespace, name);
    }
    namespace_del(d, namespace, name)
}

/// The map fields of a subclass instance, for [`mapdict::instance_fields`].
pub static FIELDS: mapdict::InstanceFields =
    mapdict::InstanceFields { type_: W_Subclass::TYPE_, map: W_Subclass::MAP, slots: W_Subclass::SLOTS };

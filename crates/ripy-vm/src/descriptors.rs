//! The attribute descriptors of builtin types: what `FunctionType.__code__`,
//! `FrameType.f_back` or `int.real` are (CPython's `getset_descriptor` and `member_descriptor`).
//!
//! The values of these attributes come from one place, [`crate::objspace`]'s special attributes
//! (which reads them from the object's fields); [`TABLE`] says which names each builtin type
//! publishes in its namespace and of which kind, and [`install`] puts a descriptor for each
//! there: a [`W_GetSet`], or for CPython's members a slot descriptor ([`W_Member`]) without a
//! map key. A descriptor found on the type reads through [`get`], writes through [`set`] and
//! deletes through [`delete`] (function attributes, `tb_next` and `cell_contents` are writable,
//! with CPython's checks; the others are read-only).

use crate::builtins::{BuiltinDef, NativeFn, Owner};
use crate::code::W_Code;
use crate::dict::{self, W_Dict};
use crate::exceptions::ExcKind;
use crate::function::{Args, W_Cell, W_Function, W_Member};
use crate::gc;
use crate::space::{PyResult, Space};
use crate::tuple::W_Tuple;
use crate::typeobject::{self, W_Type};
use crate::unicode::{self, W_Str};
use metatrace_gc::{GcHeader, GcObject, GcRef};
use metatrace_macros::GcObject;

/// A getset descriptor of a builtin type.
#[derive(GcObject)]
#[repr(C)]
pub struct W_GetSet {
    /// The object header.
    pub header: GcHeader,
    /// The attribute's name (an interned str).
    #[gc(immutable)]
    pub name: GcRef,
    /// The type that defines it (`__objclass__`).
    #[gc(immutable)]
    pub owner: GcRef,
}

/// The kind of a builtin type's attribute descriptor.
#[derive(Copy, Clone, PartialEq, Eq)]
enum Kind {
    /// A `getset_descriptor`.
    GetSet,
    /// A `member_descriptor`.
    Member,
}

use Kind::{GetSet, Member};

/// The attributes each builtin type publishes, as CPython 3.11 does, and their kinds.
static TABLE: &[(&str, &[(&str, Kind)])] = &[
    (
        "function",
        &[
            ("__closure__", Member),
            ("__doc__", Member),
            ("__globals__", Member),
            ("__builtins__", Member),
            ("__module__", Member),
            ("__code__", GetSet),
            ("__defaults__", GetSet),
            ("__kwdefaults__", GetSet),
            ("__annotations__", GetSet),
            ("__dict__", GetSet),
            ("__name__", GetSet),
            ("__qualname__", GetSet),
        ],
    ),
    (
        "code",
        &[
            ("co_argcount", Member),
            ("co_posonlyargcount", Member),
            ("co_kwonlyargcount", Member),
            ("co_flags", Member),
            ("co_filename", Member),
            ("co_name", Member),
            ("co_qualname", Member),
            ("co_firstlineno", Member),
            ("co_names", Member),
            ("co_nlocals", Member),
            ("co_stacksize", Member),
            ("co_consts", Member),
            ("co_code", GetSet),
            ("_co_code_adaptive", GetSet),
            ("co_exceptiontable", GetSet),
            ("co_linetable", GetSet),
            ("co_varnames", GetSet),
            ("co_cellvars", GetSet),
            ("co_freevars", GetSet),
        ],
    ),
    (
        "frame",
        &[
            ("f_trace_lines", Member),
            ("f_trace_opcodes", Member),
            ("f_back", GetSet),
            ("f_locals", GetSet),
            ("f_lineno", GetSet),
            ("f_trace", GetSet),
            ("f_lasti", GetSet),
            ("f_globals", GetSet),
            ("f_builtins", GetSet),
            ("f_code", GetSet),
        ],
    ),
    ("traceback", &[("tb_frame", Member), ("tb_lasti", Member), ("tb_next", GetSet), ("tb_lineno", GetSet)]),
    ("int", &[("real", GetSet), ("imag", GetSet), ("numerator", GetSet), ("denominator", GetSet)]),
    ("float", &[("real", GetSet), ("imag", GetSet)]),
    ("complex", &[("real", Member), ("imag", Member)]),
    ("cell", &[("cell_contents", GetSet)]),
    ("method", &[("__func__", Member), ("__self__", Member)]),
    ("property", &[("fget", Member), ("fset", Member), ("fdel", Member)]),
    (
        "generator",
        &[
            ("__name__", GetSet),
            ("__qualname__", GetSet),
            ("gi_yieldfrom", GetSet),
            ("gi_running", GetSet),
            ("gi_frame", GetSet),
            ("gi_suspended", GetSet),
            ("gi_code", GetSet),
        ],
    ),
    (
        "coroutine",
        &[
            ("__name__", GetSet),
            ("__qualname__", GetSet),
            ("cr_await", GetSet),
            ("cr_running", GetSet),
            ("cr_frame", GetSet),
            ("cr_code", GetSet),
            ("cr_suspended", GetSet),
            ("cr_origin", Member),
        ],
    ),
    (
        "async_generator",
        &[
            ("__name__", GetSet),
            ("__qualname__", GetSet),
            ("ag_await", GetSet),
            ("ag_frame", GetSet),
            ("ag_code", GetSet),
            ("ag_running", Member),
        ],
    ),
    ("range", &[("start", Member), ("stop", Member), ("step", Member)]),
    ("slice", &[("start", Member), ("stop", Member), ("step", Member)]),
];

/// The builtin type named `name`.
fn builtin_type(space: &Space, name: &str) -> GcRef {
    match name {
        "int" => space.int_type,
        "float" => space.float_type,
        other => space.runtime_type(other),
    }
}

/// Put the descriptors of [`TABLE`] in the namespaces of their types.
pub fn install(space: &'static Space) {
    for &(type_name, attributes) in TABLE {
        let owner = builtin_type(space, type_name);
        let namespace = gc::get_ref(owner, &W_Type::DICT);
        for &(name, kind) in attributes {
            let name = space.intern(name);
            let descriptor = match kind {
                GetSet => new_getset(name, owner),
                Member => {
                    let d = metatrace_gc::alloc(W_Member::layout());
                    gc::set_ref(d, &W_Member::NAME, name);
                    gc::set_ref(d, &W_Member::OWNER, owner);
                    d
                }
            };
            dict::set_str(namespace, name, descriptor);
        }
    }
}

/// A new `getset_descriptor` named `name` (an interned str) of type `owner`: the `__dict__` and
/// `__weakref__` of a class's namespace.
pub fn new_getset(name: GcRef, owner: GcRef) -> GcRef {
    let d = metatrace_gc::alloc(W_GetSet::layout());
    gc::set_ref(d, &W_GetSet::NAME, name);
    gc::set_ref(d, &W_GetSet::OWNER, owner);
    d
}

/// Whether the descriptor named `name` reads attribute `name` of an instance of a class (its
/// `__dict__` or `__weakref__`) rather than of a builtin value.
fn is_instance_attribute(name: &str, obj: GcRef) -> bool {
    matches!(name, "__dict__" | "__weakref__") && crate::mapdict::instance_fields(obj.layout()).is_some()
}

/// The name and owner of a descriptor of a builtin type (a [`W_GetSet`], or a [`W_Member`]
/// without a map key), or `None` for other objects.
pub fn builtin_descriptor(attr: GcRef) -> Option<(GcRef, GcRef)> {
    if attr.layout() == W_GetSet::layout() {
        return Some((gc::get_ref(attr, &W_GetSet::NAME), gc::get_ref(attr, &W_GetSet::OWNER)));
    }
    if attr.layout() == W_Member::layout() && gc::get_ref(attr, &W_Member::KEY).is_null() {
        return Some((gc::get_ref(attr, &W_Member::NAME), gc::get_ref(attr, &W_Member::OWNER)));
    }
    None
}

/// `TypeError` unless `obj` is an instance of the descriptor's owner.
fn check_owner(space: &Space, name: GcRef, owner: GcRef, obj: GcRef) -> PyResult<()> {
    if typeobject::is_subtype(space.type_of(obj), owner) {
        return Ok(());
    }
    let message = format!(
        "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
        unicode::to_string_lossy(name),
        typeobject::name(owner),
        space.type_name(obj)
    );
    Err(space.new_exception(ExcKind::TypeError, &message))
}

/// `descriptor.__get__(obj)` for a builtin type's descriptor (`attr` as
/// [`builtin_descriptor`] accepts it): the attribute of `obj` (of the builtin value of an
/// instance of a subclass).
pub fn get(attr: GcRef, obj: GcRef) -> PyResult<GcRef> {
    let space = Space::get();
    let (name, owner) = builtin_descriptor(attr).expect("a builtin type's descriptor");
    check_owner(space, name, owner, obj)?;
    let text = unicode::to_string_lossy(name);
    if is_instance_attribute(&text, obj) {
        return Ok(if text == "__dict__" {
            crate::mapdict::devolve(obj)
        } else {
            crate::modules::weakref::first_reference(obj).unwrap_or(space.none)
        });
    }
    let value = crate::subclass::unwrap(obj);
    match crate::objspace::special_attribute(value, &text)? {
        Some(v) => Ok(v),
        None => Err(space.new_exception(
            ExcKind::AttributeError,
            &format!("'{}' object has no attribute '{text}'", space.type_name(obj)),
        )),
    }
}

/// `obj.name = value` through the descriptor `name` of `obj`'s builtin type, if it has one.
pub fn setattr(obj: GcRef, name: GcRef, value: GcRef) -> Option<PyResult<()>> {
    let space = Space::get();
    let attr = typeobject::lookup_where(space.type_of(obj), name).map(|(_, v)| v)?;
    builtin_descriptor(attr)?;
    Some(set(attr, obj, value))
}

/// `descriptor.__set__(obj, value)` for a builtin type's descriptor.
pub fn set(attr: GcRef, obj: GcRef, value: GcRef) -> PyResult<()> {
    let space = Space::get();
    let (name, owner) = builtin_descriptor(attr).expect("a builtin type's descriptor");
    check_owner(space, name, owner, obj)?;
    let text = unicode::to_string_lossy(name);
    if obj.layout() == W_Function::layout() {
        return set_function_attribute(space, obj, &text, value);
    }
    if obj.layout() == crate::traceback::W_Traceback::layout() && text == "tb_next" {
        return set_traceback_next(space, obj, value);
    }
    if let Some(qualified) = generator_name(obj, &text) {
        return crate::generator::set_name(obj, qualified, value);
    }
    if obj.layout() == W_Cell::layout() && text == "cell_contents" {
        gc::set_ref(obj, &W_Cell::CONTENTS, value);
        return Ok(());
    }
    if text == "__dict__" && is_instance_attribute(&text, obj) {
        if value.layout() != W_Dict::layout() {
            let message = format!("__dict__ must be set to a dictionary, not a '{}'", space.type_name(value));
            return Err(space.new_exception(ExcKind::TypeError, &message));
        }
        crate::mapdict::replace_dict(obj, value);
        return Ok(());
    }
    let message = if attr.layout() == W_GetSet::layout() {
        format!("attribute '{text}' of '{}' objects is not writable", typeobject::name(owner))
    } else {
        "readonly attribute".to_owned()
    };
    Err(space.new_exception(ExcKind::AttributeError, &message))
}

/// `del obj.name` through the descriptor `name` of `obj`'s builtin type, if it has one.
pub fn delattr(obj: GcRef, name: GcRef) -> Option<PyResult<()>> {
    let space = Space::get();
    let attr = typeobject::lookup_where(space.type_of(obj), name).map(|(_, v)| v)?;
    builtin_descriptor(attr)?;
    Some(delete(attr, obj))
}

/// `descriptor.__delete__(obj)` for a builtin type's descriptor: the function attributes that
/// may be None are reset, the others refuse with CPython's errors.
pub fn delete(attr: GcRef, obj: GcRef) -> PyResult<()> {
    let space = Space::get();
    let (name, owner) = builtin_descriptor(attr).expect("a builtin type's descriptor");
    check_owner(space, name, owner, obj)?;
    let text = unicode::to_string_lossy(name);
    if obj.layout() == W_Function::layout() {
        if text == "__dict__" {
            return Err(space.new_exception(ExcKind::TypeError, "cannot delete __dict__"));
        }
        return set_function_attribute(space, obj, &text, space.none);
    }
    if obj.layout() == crate::traceback::W_Traceback::layout() && text == "tb_next" {
        return Err(space.new_exception(ExcKind::TypeError, "can't delete tb_next attribute"));
    }
    if let Some(qualified) = generator_name(obj, &text) {
        return crate::generator::set_name(obj, qualified, GcRef::NULL);
    }
    if obj.layout() == W_Cell::layout() && text == "cell_contents" {
        gc::set_ref(obj, &W_Cell::CONTENTS, GcRef::NULL);
        return Ok(());
    }
    if text == "__dict__" && is_instance_attribute(&text, obj) {
        crate::mapdict::replace_dict(obj, dict::new());
        return Ok(());
    }
    set(attr, obj, space.none)
}

/// Whether attribute `name` of `obj` is a generator's `__qualname__` (`Some(true)`) or
/// `__name__` (`Some(false)`), the writable names of generators, coroutines and async generators.
fn generator_name(obj: GcRef, name: &str) -> Option<bool> {
    if obj.layout() != crate::generator::W_Generator::layout() {
        return None;
    }
    match name {
        "__name__" => Some(false),
        "__qualname__" => Some(true),
        _ => None,
    }
}

/// `tb.tb_next = value`: None or a traceback that does not lead back to `tb`.
fn set_traceback_next(space: &Space, tb: GcRef, value: GcRef) -> PyResult<()> {
    use crate::traceback::W_Traceback;
    if value == space.none {
        gc::set_ref(tb, &W_Traceback::NEXT, GcRef::NULL);
        return Ok(());
    }
    if value.layout() != W_Traceback::layout() {
        let message = format!("expected traceback object, got '{}'", space.type_name(value));
        return Err(space.new_exception(ExcKind::TypeError, &message));
    }
    let mut cursor = value;
    while !cursor.is_null() {
        if cursor == tb {
            return Err(space.new_exception(ExcKind::ValueError, "traceback loop detected"));
        }
        cursor = gc::get_ref(cursor, &W_Traceback::NEXT);
    }
    gc::set_ref(tb, &W_Traceback::NEXT, value);
    Ok(())
}

/// Set attribute `name` of function `func`, with CPython's checks.
fn set_function_attribute(space: &Space, func: GcRef, name: &str, value: GcRef) -> PyResult<()> {
    let none = value == space.none;
    let type_error =
        |what: &str| Err(space.new_exception(ExcKind::TypeError, &format!("{name} must be set to a {what}")));
    let (field, ok, what) = match name {
        "__code__" => (&W_Function::CODE, value.layout() == W_Code::layout(), "code object"),
        "__defaults__" => (&W_Function::DEFAULTS, none || value.layout() == W_Tuple::layout(), "tuple object"),
        "__kwdefaults__" => (&W_Function::KWDEFAULTS, none || value.layout() == W_Dict::layout(), "dict object"),
        "__annotations__" => (&W_Function::ANNOTATIONS, none || value.layout() == W_Dict::layout(), "dict object"),
        "__name__" => (&W_Function::NAME, value.layout() == W_Str::layout(), "string object"),
        "__qualname__" => (&W_Function::QUALNAME, value.layout() == W_Str::layout(), "string object"),
        "__doc__" => (&W_Function::DOC, true, ""),
        "__module__" => (&W_Function::MODULE, true, ""),
        "__dict__" => {
            if value.layout() != W_Dict::layout() {
                let message = format!("__dict__ must be set to a dictionary, not a '{}'", space.type_name(value));
                return Err(space.new_exception(ExcKind::TypeError, &message));
            }
            (&W_Function::DICT, true, "")
        }
        _ => return Err(space.new_exception(ExcKind::AttributeError, "readonly attribute")),
    };
    if !ok {
        return type_error(what);
    }
    if name == "__code__" {
        let nfree = crate::code::Code::of(value).nfree;
        let closure = gc::get_ref(func, &W_Function::CLOSURE);
        let have = if closure.is_null() { 0 } else { W_Tuple::items(closure).len() };
        if nfree != have {
            let message = format!(
                "{}() requires a code object with {have} free vars, not {nfree}",
                unicode::to_string_lossy(gc::get_ref(func, &W_Function::NAME))
            );
            return Err(space.new_exception(ExcKind::ValueError, &message));
        }
    }
    let stored = if none && !matches!(name, "__doc__" | "__module__" | "__code__") { GcRef::NULL } else { value };
    gc::set_ref(func, field, stored);
    Ok(())
}

/// The repr of a builtin type's descriptor or of a `__slots__` member:
/// `<attribute '__code__' of 'function' objects>`, `<member 'x' of 'Point' objects>`.
pub fn repr(attr: GcRef) -> Option<String> {
    let (name, owner) = if attr.layout() == W_Member::layout() {
        (gc::get_ref(attr, &W_Member::NAME), gc::get_ref(attr, &W_Member::OWNER))
    } else {
        builtin_descriptor(attr)?
    };
    let kind = if attr.layout() == W_GetSet::layout() { "attribute" } else { "member" };
    Some(format!("<{kind} '{}' of '{}' objects>", unicode::to_string_lossy(name), typeobject::name(owner)))
}

/// The attributes of a descriptor object itself (`__name__`, `__qualname__`, `__objclass__`).
pub fn attribute(attr: GcRef, name: &str) -> Option<GcRef> {
    let (own_name, owner) = builtin_descriptor(attr)?;
    Some(match name {
        "__name__" => own_name,
        "__qualname__" => {
            unicode::new_str(&format!("{}.{}", typeobject::name(owner), unicode::to_string_lossy(own_name)))
        }
        "__objclass__" => owner,
        _ => return None,
    })
}

/// The methods of `getset_descriptor` and `member_descriptor`.
pub static DEFS: &[BuiltinDef] = &[
    descriptor_method("getset_descriptor", "__get__", descriptor_get),
    descriptor_method("getset_descriptor", "__set__", descriptor_set),
    descriptor_method("member_descriptor", "__get__", descriptor_get),
    descriptor_method("member_descriptor", "__set__", descriptor_set),
];

const fn descriptor_method(ty: &'static str, name: &'static str, func: NativeFn) -> BuiltinDef {
    BuiltinDef { name, owner: Owner::Type(ty), func, frame: false }
}

/// The descriptor and the arguments after it, `min..=max` of them (`__get__ expected at least 1
/// argument, got 0`).
fn descriptor_args<'a>(
    space: &Space,
    name: &str,
    args: &'a Args,
    min: usize,
    max: usize,
) -> PyResult<(GcRef, &'a [GcRef])> {
    let (&descriptor, rest) = args.positional.split_first().ok_or_else(|| {
        space.new_exception(ExcKind::TypeError, &format!("unbound method {name}() needs an argument"))
    })?;
    if rest.len() < min || rest.len() > max {
        let (bound, count) = if rest.len() < min { ("least", min) } else { ("most", max) };
        let message = format!(
            "{name} expected at {bound} {count} argument{}, got {}",
            if count == 1 { "" } else { "s" },
            rest.len()
        );
        return Err(space.new_exception(ExcKind::TypeError, &message));
    }
    Ok((descriptor, rest))
}

/// `descriptor.__get__(obj, type=None)`: the descriptor itself for `obj` None.
fn descriptor_get(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (descriptor, rest) = descriptor_args(space, "__get__", args, 1, 2)?;
    let obj = rest[0];
    if obj == space.none {
        return Ok(descriptor);
    }
    if builtin_descriptor(descriptor).is_some() {
        return get(descriptor, obj);
    }
    crate::objspace::getattr(obj, gc::get_ref(descriptor, &W_Member::NAME))
}

/// `descriptor.__set__(obj, value)`.
fn descriptor_set(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (descriptor, rest) = descriptor_args(space, "__set__", args, 2, 2)?;
    if builtin_descriptor(descriptor).is_some() {
        set(descriptor, rest[0], rest[1])?;
    } else {
        crate::objspace::setattr(rest[0], gc::get_ref(descriptor, &W_Member::NAME), rest[1])?;
    }
    Ok(space.none)
}

//! `B.__new__` of every builtin type `B` that can be subclassed, `B.__init__` of those whose
//! `__init__` fills the object in (see [`crate::subclass`]), and the dunders of those types
//! that the other tables leave out (`__repr__`, `__hash__`, `__format__`, an iterator's
//! `__next__`, ...), so that `super().__repr__()` or `list.__repr__(self)` in a subclass reach
//! the builtin behaviour. Each works on its receiver through the generic protocol (a subclass
//! instance's value, as [`crate::subclass::call_method`] passes it). Also the methods of `object`
//! that copying and pickling subclass instances rely on (`__reduce_ex__`, `__reduce__`) and
//! `__format__`/`__subclasshook__`.

use super::*;

/// The builtin types whose `__new__` is defined here.
const NEW_TYPES: [&str; 22] = [
    "int",
    "float",
    "complex",
    "str",
    "bytes",
    "bytearray",
    "tuple",
    "list",
    "dict",
    "set",
    "frozenset",
    "property",
    "classmethod",
    "staticmethod",
    "enumerate",
    "zip",
    "map",
    "filter",
    "reversed",
    "bool",
    "module",
    "super",
];

/// The builtin types whose `__init__` is defined here.
const INIT_TYPES: [&str; 8] = ["list", "dict", "set", "bytearray", "property", "classmethod", "staticmethod", "module"];

/// One native function per entry of a table of type names, calling `$target(space, name, args)`.
macro_rules! per_type {
    ($table:ident, $target:path, [$($i:literal),*]) => {
        [$(|space: &'static Space, args: &Args| $target(space, $table[$i], args)),*]
    };
}

static NEW_FNS: [NativeFn; 22] =
    per_type!(NEW_TYPES, builtin_new, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]);
static INIT_FNS: [NativeFn; 8] = per_type!(INIT_TYPES, builtin_init, [0, 1, 2, 3, 4, 5, 6, 7]);

macro_rules! defs {
    ($($i:literal),*; $($j:literal),*; $($dunder:literal => $func:ident [$($ty:literal),*]),*) => {
        &[
            $(static_method(NEW_TYPES[$i], "__new__", NEW_FNS[$i]),)*
            $(method(INIT_TYPES[$j], "__init__", INIT_FNS[$j]),)*
            $($(method($ty, $dunder, $func),)*)*
        ]
    };
}

/// The builtins defined here.
pub(super) static DEFS: &[BuiltinDef] = defs!(
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21;
    0, 1, 2, 3, 4, 5, 6, 7;
    "__repr__" => dunder_repr ["int", "float", "complex", "str", "bytes", "bytearray", "tuple", "list", "dict",
        "set", "frozenset"],
    "__str__" => dunder_str ["str"],
    "__hash__" => dunder_hash ["str", "bytes", "tuple", "frozenset"],
    "__eq__" => dunder_eq ["str", "bytes", "bytearray", "tuple", "list", "dict", "set", "frozenset"],
    "__ne__" => dunder_ne ["str", "bytes", "bytearray", "tuple", "list", "dict", "set", "frozenset"],
    "__format__" => dunder_format ["int", "float", "complex", "str"],
    "__iter__" => dunder_iter ["enumerate", "zip", "map", "filter", "reversed"],
    "__next__" => dunder_next ["enumerate", "zip", "map", "filter", "reversed"],
    "__format__" => object_format ["object"],
    "__reduce_ex__" => object_reduce_ex ["object"],
    "__reduce__" => object_reduce ["object"],
    "__getstate__" => object_getstate ["object"]
);

/// `object.__subclasshook__` (a class method): `NotImplemented`.
pub(super) static OBJECT_DEFS: &[BuiltinDef] = &[class_method("object", "__subclasshook__", object_subclasshook)];

fn object_subclasshook(space: &'static Space, _args: &Args) -> PyResult<GcRef> {
    Ok(space.not_implemented)
}

/// `object.__format__(self, spec)`: `str(self)` for an empty spec, else a `TypeError`.
fn object_format(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, rest) = method_args(space, "__format__", args, 1, 1)?;
    let spec = text_arg(space, rest[0], "format_spec")?;
    if !spec.is_empty() {
        let message = format!("unsupported format string passed to {}.__format__", space.type_name(obj));
        return Err(type_error(space, message));
    }
    objspace::str_obj(obj)
}

/// `object.__reduce__(self)`: `copyreg._reduce_ex(self, 0)`.
fn object_reduce(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, _) = method_args(space, "__reduce__", args, 0, 0)?;
    copyreg_call(space, "_reduce_ex", &[obj, heap_int(0)])
}

/// `object.__reduce_ex__(self, protocol)`: a class's own `__reduce__` if it has one, else
/// CPython's `reduce_newobj` for protocols from 2 on (`copyreg.__newobj__`, the arguments of
/// `__getnewargs__` or the builtin value, the state, and the items of lists and dicts).
fn object_reduce_ex(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, rest) = method_args(space, "__reduce_ex__", args, 1, 1)?;
    let protocol = int_arg(space, rest[0])?;
    // A `__reduce__` of the class's own (Python or builtin, as range's) comes first.
    if let Some((owner, reduce)) = typeobject::lookup_where(space.type_of(obj), space.intern("__reduce__")) {
        if owner != space.object_type {
            return objspace::call_bound(reduce, obj, &Args::default());
        }
    }
    if protocol < 2 {
        return copyreg_call(space, "_reduce_ex", &[obj, rest[0]]);
    }
    let cls = space.type_of(obj);
    let (args, kwargs) = new_arguments(space, obj)?;
    let mut newobj_args = objspace::RootedVec::from_slice(&[cls]);
    let with_keywords = kwargs.is_some_and(|k| dict::len(k) > 0);
    match args {
        Some(args) if with_keywords => newobj_args.extend_from_slice(&[args, kwargs.unwrap_or(space.none)]),
        Some(args) => newobj_args.extend_from_slice(&W_Tuple::items(args)),
        None => match value_argument(obj) {
            Some(value) => newobj_args.push(value),
            None if is_runtime_object(space, obj) => {
                // CPython's `object_getstate_default` when the state must hold everything:
                // the fields of the interpreter's own objects are not attributes.
                let name = space.type_name(obj);
                let message = match name.as_str() {
                    "code" | "memoryview" => format!("cannot pickle {name} objects"),
                    _ => format!("cannot pickle '{name}' object"),
                };
                return Err(type_error(space, message));
            }
            None => {}
        },
    }
    let newobj_args = W_Tuple::from_slice(&newobj_args);
    let state = match objspace::lookup_user(obj, "__getstate__") {
        Some(f) => objspace::call_bound(f, obj, &Args::default())?,
        None => default_state(space, obj),
    };
    let value = crate::subclass::unwrap(obj);
    let listitems = if value.layout() == W_List::layout() { objspace::iter(value)? } else { space.none };
    let dictitems = if value.layout() == W_Dict::layout() {
        objspace::iter(iter::wrap(crate::iter::W_DictItems::layout(), &crate::iter::W_DictItems::DICT, value))?
    } else {
        space.none
    };
    let newobj = copyreg_attr(space, if with_keywords { "__newobj_ex__" } else { "__newobj__" })?;
    Ok(W_Tuple::from_slice(&[newobj, newobj_args, state, listitems, dictitems]))
}

/// The argument `__new__` rebuilds `obj`'s builtin value from, when it has one (CPython's
/// `__getnewargs__` of the immutable builtin types): the value of an instance of a subclass, or
/// an exact int, float, complex, str, bytes or tuple itself.
fn value_argument(obj: GcRef) -> Option<GcRef> {
    match crate::subclass::inner(obj) {
        Some(value) => crate::subclass::is_hashable_value(value).then_some(value),
        None => {
            let layout = obj.layout();
            let values = [
                W_Int::layout(),
                W_Long::layout(),
                W_Bool::layout(),
                W_Float::layout(),
                crate::complex::W_Complex::layout(),
                W_Str::layout(),
                crate::bytes::W_Bytes::layout(),
                W_Tuple::layout(),
            ];
            values.contains(&layout).then_some(obj)
        }
    }
}

/// Whether `obj` is one of the interpreter's own objects (a function, property, generator,
/// frame, module, ...: an exact instance of a runtime type), not a value or an instance.
fn is_runtime_object(space: &'static Space, obj: GcRef) -> bool {
    let ty = space.type_of(obj);
    !objspace::is_instance_like(obj) && space.runtime_type(&space.type_name(obj)) == ty && ty != space.object_type
}

/// The arguments `__new__` gets when `obj` is unpickled (CPython's `_PyObject_GetNewArguments`):
/// a tuple and a dict from `__getnewargs_ex__`, or a tuple from `__getnewargs__`, checked.
fn new_arguments(space: &'static Space, obj: GcRef) -> PyResult<(Option<GcRef>, Option<GcRef>)> {
    let type_name = |v: GcRef| space.type_name(v);
    if let Some(f) = objspace::lookup_user(obj, "__getnewargs_ex__") {
        let pair = objspace::call_bound(f, obj, &Args::default())?;
        if pair.layout() != W_Tuple::layout() {
            let message = format!("__getnewargs_ex__ should return a tuple, not '{}'", type_name(pair));
            return Err(type_error(space, message));
        }
        let [args, kwargs] = W_Tuple::items(pair)[..] else {
            let message =
                format!("__getnewargs_ex__ should return a tuple of length 2, not {}", W_Tuple::items(pair).len());
            return Err(value_error(space, &message));
        };
        if args.layout() != W_Tuple::layout() {
            let message = format!(
                "first item of the tuple returned by __getnewargs_ex__ must be a tuple, not '{}'",
                type_name(args)
            );
            return Err(type_error(space, message));
        }
        if crate::subclass::unwrap(kwargs).layout() != W_Dict::layout() {
            let message = format!(
                "second item of the tuple returned by __getnewargs_ex__ must be a dict, not '{}'",
                type_name(kwargs)
            );
            return Err(type_error(space, message));
        }
        return Ok((Some(args), Some(crate::subclass::unwrap(kwargs))));
    }
    if let Some(f) = objspace::lookup_user(obj, "__getnewargs__") {
        let args = objspace::call_bound(f, obj, &Args::default())?;
        if args.layout() != W_Tuple::layout() {
            let message = format!("__getnewargs__ should return a tuple, not '{}'", type_name(args));
            return Err(type_error(space, message));
        }
        return Ok((Some(args), None));
    }
    Ok((None, None))
}

/// `object.__getstate__(self)`: the default state (see [`default_state`]).
fn object_getstate(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, _) = method_args(space, "__getstate__", args, 0, 0)?;
    Ok(default_state(space, obj))
}

/// The default state of `obj` for `__reduce_ex__`: its `__dict__` (None if empty), paired with
/// a dict of its slot values when it has any.
fn default_state(space: &'static Space, obj: GcRef) -> GcRef {
    if !objspace::is_instance_like(obj) {
        return space.none;
    }
    let attributes = mapdict::attributes(obj);
    let state = if attributes.is_empty() {
        space.none
    } else {
        let d = dict::new();
        for (name, value) in attributes.iter() {
            dict::set_str(d, name, value);
        }
        d
    };
    let slots = dict::new();
    for ty in typeobject::mro(space.type_of(obj)) {
        for (name, member) in dict::items(gc::get_ref(ty, &W_Type::DICT)) {
            if member.layout() != function::W_Member::layout() {
                continue;
            }
            // A builtin type's members (`complex.real`) have no key: their values are not slots.
            let key = gc::get_ref(member, &function::W_Member::KEY);
            if key.is_null() {
                continue;
            }
            if let Some(v) = mapdict::get_attr(obj, key) {
                dict::set_str(slots, name, v);
            }
        }
    }
    if dict::len(slots) == 0 {
        state
    } else {
        W_Tuple::from_slice(&[state, slots])
    }
}

/// Attribute `name` of the `copyreg` module.
fn copyreg_attr(space: &'static Space, name: &str) -> PyResult<GcRef> {
    let module = crate::import::import_absolute(space, "copyreg")?;
    objspace::getattr(module, space.intern(name))
}

/// `copyreg.name(*args)`.
fn copyreg_call(space: &'static Space, name: &str, args: &[GcRef]) -> PyResult<GcRef> {
    objspace::call(copyreg_attr(space, name)?, args)
}

fn dunder_repr(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, _) = method_args(space, "__repr__", args, 0, 0)?;
    objspace::repr_obj(obj)
}

fn dunder_str(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, _) = method_args(space, "__str__", args, 0, 0)?;
    objspace::str_obj(obj)
}

fn dunder_hash(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, _) = method_args(space, "__hash__", args, 0, 0)?;
    Ok(heap_int(objspace::hash(obj)?))
}

fn dunder_eq(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, rest) = method_args(space, "__eq__", args, 1, 1)?;
    compare_same_kind(space, CmpOp::Eq, obj, rest[0])
}

fn dunder_ne(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, rest) = method_args(space, "__ne__", args, 1, 1)?;
    compare_same_kind(space, CmpOp::Ne, obj, rest[0])
}

/// `obj op other` for a rich comparison dunder of a builtin type: `NotImplemented` when `other`
/// is not of the same builtin type (or a subclass).
fn compare_same_kind(space: &'static Space, op: CmpOp, obj: GcRef, other: GcRef) -> PyResult<GcRef> {
    let kind = crate::subclass::builtin_base(space.type_of(obj));
    if !typeobject::is_subtype(space.type_of(other), kind) {
        return Ok(space.not_implemented);
    }
    objspace::compare_op(op, obj, crate::subclass::unwrap(other))
}

fn dunder_format(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, rest) = method_args(space, "__format__", args, 1, 1)?;
    let spec = text_arg(space, rest[0], "format_spec")?;
    format::format(obj, &spec)
}

fn dunder_iter(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, _) = method_args(space, "__iter__", args, 0, 0)?;
    Ok(obj)
}

fn dunder_next(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, _) = method_args(space, "__next__", args, 0, 0)?;
    objspace::next(obj)?.ok_or_else(|| space.new_exception_args(ExcKind::StopIteration, &[]))
}

/// `B.__new__(cls, *args, **kwargs)` for the builtin type named `name`.
fn builtin_new(space: &'static Space, name: &str, args: &Args) -> PyResult<GcRef> {
    let Some((&cls, rest)) = args.positional.split_first() else {
        return Err(type_error(space, format!("{name}.__new__(): not enough arguments")));
    };
    let rest = Args { positional: rest.iter().copied().collect(), keywords: args.keywords.clone() };
    crate::subclass::new(space, type_named(space, name), cls, &rest)
}

/// `B.__init__(self, *args, **kwargs)` for the builtin type named `name`.
fn builtin_init(space: &'static Space, name: &str, args: &Args) -> PyResult<GcRef> {
    let (obj, rest) = split_self(space, "__init__", args)?;
    let rest = Args { positional: rest.iter().copied().collect(), keywords: args.keywords.clone() };
    crate::subclass::init(space, type_named(space, name), obj, &rest)
}

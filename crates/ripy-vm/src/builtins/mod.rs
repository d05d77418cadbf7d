//! The builtins module and the methods of the builtin types, written in Rust.
//!
//! Every function is a [`BuiltinDef`]: a name, where it goes (the builtins module or the
//! namespace of a builtin type) and a [`NativeFn`]. Each submodule owns the definitions of one
//! area in its `DEFS` table (add a submodule by listing it in [`TABLES`]); [`install`] puts a
//! [`W_Builtin`] (which holds the definition's index in [`defs`]) for each in its place, and the builtin types and exceptions in the builtins module. A call of a
//! builtin is a residual call ([`crate::objspace::call_slow`]) that ends in [`call`]; calls of
//! builtin types (`int(x)`, `range(n)`, `list(it)`, ...) end in [`construct`]. Errors are
//! CPython's, with its messages.

use crate::bigint::{self, W_Long};
use crate::code::Code;
use crate::dict::{self, W_Dict};
use crate::exceptions::{ExcKind, W_Exception};
use crate::float::{self, heap_float, W_Float};
use crate::format;
use crate::frame::{new_frame, FrameEnv};
use crate::function::{self, Args, W_Builtin, W_Cell, W_ClassMethod, W_Function, W_Property, W_StaticMethod, W_Super};
use crate::gc;
use crate::generator::{self, W_Generator};
use crate::hash;
use crate::int::{heap_int, W_Bool, W_Int};
use crate::interp::{with_concrete, Pos};
use crate::iter::{self, W_Enumerate, W_FilterIter, W_MapIter, W_Range, W_Reversed, W_Zip};
use crate::list::{self, W_List};
use crate::mapdict::{self, W_Instance};
use crate::objspace::{self, int_value};
use crate::ops::CmpOp;
use crate::protocol;
use crate::repr;
use crate::set;
use crate::space::{PyResult, Space};
use crate::tuple::W_Tuple;
use crate::typeobject::{self, W_Type};
use crate::unicode::{self, W_Str};
use dashu_int::ops::BitTest;
use dashu_int::IBig;
use metatrace_gc::{GcObject, GcRef};
use std::sync::OnceLock;

mod bytes_methods;
mod complex_methods;
mod constructors;
mod container_dunders;
mod dict_methods;
mod eval_functions;
mod frame_functions;
mod functions;
mod iterator_methods;
pub(crate) mod list_methods;
mod misc_functions;
mod number_dunders;
mod number_methods;
mod object_methods;
pub(crate) use object_methods::dir_of;
pub(crate) mod params;
mod property_methods;
mod range_methods;
mod set_methods;
pub(crate) mod sort;
mod str_methods;
mod subclass_methods;
mod text_algorithms;

pub(crate) use constructors::exact_int_result;
pub use constructors::{construct, construct_in, runtime_repr};
pub use dict_methods::{dict_merge_from, dict_merge_pair};
pub use frame_functions::caller as caller_frame;
pub use functions::is_callable;
pub use object_methods::default_repr;

/// The definition tables of the submodules, in installation order.
static TABLES: &[&[BuiltinDef]] = &[
    functions::DEFS,
    eval_functions::DEFS,
    frame_functions::DEFS,
    crate::descriptors::DEFS,
    misc_functions::DEFS,
    object_methods::DEFS,
    number_methods::DEFS,
    number_dunders::DEFS,
    str_methods::DEFS,
    complex_methods::DEFS,
    bytes_methods::DEFS,
    list_methods::DEFS,
    dict_methods::DEFS,
    set_methods::DEFS,
    range_methods::DEFS,
    iterator_methods::DEFS,
    container_dunders::DEFS,
    property_methods::DEFS,
    subclass_methods::DEFS,
    subclass_methods::OBJECT_DEFS,
    crate::consume::DEFS,
];

/// Every builtin function, numbered: a [`W_Builtin`] holds its index here.
pub fn defs() -> &'static [&'static BuiltinDef] {
    static ALL: OnceLock<Vec<&'static BuiltinDef>> = OnceLock::new();
    ALL.get_or_init(|| TABLES.iter().chain(crate::modules::TABLES).flat_map(|table| table.iter()).collect())
}

/// A builtin function: the space, and the arguments (a bound method's object first).
pub type NativeFn = fn(&'static Space, &Args) -> PyResult<GcRef>;

/// Where a builtin is installed.
#[derive(Copy, Clone, Debug)]
pub enum Owner {
    /// The builtins module.
    Module,
    /// The namespace of the builtin type of this name.
    Type(&'static str),
    /// A static method of the builtin type of this name.
    StaticMethod(&'static str),
    /// A class method of the builtin type of this name.
    ClassMethod(&'static str),
    /// A function of a builtin module or a method of one of its classes (named here, e.g. `sys`
    /// or `_io.TextIOWrapper`), put in place by the module ([`crate::modules`]).
    Native(&'static str),
}

/// One builtin function.
pub struct BuiltinDef {
    /// Its `__name__`.
    pub name: &'static str,
    /// Where it is installed.
    pub owner: Owner,
    /// Its code.
    pub func: NativeFn,
    /// Whether it needs its caller's frame ([`crate::frame::native_caller`]): such builtins are
    /// called through [`crate::objspace::call_with_frame`].
    pub frame: bool,
}

impl BuiltinDef {
    /// The same definition, for a builtin that needs its caller's frame.
    pub const fn with_frame(self) -> BuiltinDef {
        BuiltinDef { frame: true, ..self }
    }
}

const fn module(name: &'static str, func: NativeFn) -> BuiltinDef {
    BuiltinDef { name, owner: Owner::Module, func, frame: false }
}

const fn method(ty: &'static str, name: &'static str, func: NativeFn) -> BuiltinDef {
    BuiltinDef { name, owner: Owner::Type(ty), func, frame: false }
}

const fn static_method(ty: &'static str, name: &'static str, func: NativeFn) -> BuiltinDef {
    BuiltinDef { name, owner: Owner::StaticMethod(ty), func, frame: false }
}

const fn class_method(ty: &'static str, name: &'static str, func: NativeFn) -> BuiltinDef {
    BuiltinDef { name, owner: Owner::ClassMethod(ty), func, frame: false }
}

/// The module (for a function of a module) and the class (for a method) of a builtin of
/// `owner`, by name.
pub fn owner_names(owner: Owner) -> (Option<&'static str>, Option<&'static str>) {
    match owner {
        Owner::Module => (Some("builtins"), None),
        Owner::Type(t) | Owner::StaticMethod(t) | Owner::ClassMethod(t) => (None, Some(t)),
        Owner::Native(path) => match path.rsplit_once('.') {
            Some((_, class)) => (None, Some(class)),
            None => (Some(path), None),
        },
    }
}

/// Whether builtin `index` is a method of a class (bound when found through an instance),
/// not a function of a module (which, as CPython's builtin functions, is never bound).
pub fn is_method(index: usize) -> bool {
    owner_names(defs()[index].owner).1.is_some()
}

/// The type a builtin method is defined on (its `__objclass__`), for methods of types.
pub fn owner_type(space: &Space, owner: Owner) -> Option<GcRef> {
    match owner {
        Owner::Type(t) => Some(type_named(space, t)),
        _ => None,
    }
}

/// The type named `name` among the builtin and runtime types.
fn type_named(space: &Space, name: &str) -> GcRef {
    match name {
        "object" => space.object_type,
        "type" => space.type_type,
        "int" => space.int_type,
        "bool" => space.bool_type,
        "float" => space.float_type,
        "str" => space.str_type,
        "bytes" => space.bytes_type,
        "list" => space.list_type,
        "tuple" => space.tuple_type,
        "dict" => space.dict_type,
        "set" => space.set_type,
        "frozenset" => space.frozenset_type,
        "BaseException" => space.exception_type(ExcKind::BaseException),
        "BaseExceptionGroup" => space.exception_type(ExcKind::BaseExceptionGroup),
        "ellipsis" => space.type_of(space.ellipsis),
        "NotImplementedType" => space.type_of(space.not_implemented),
        other => space.runtime_type(other),
    }
}

/// Fill the builtins module and the namespaces of the builtin types. Runs once, while the space
/// is made (so it must not call [`Space::get`]).
pub fn install(space: &'static Space) {
    for (index, def) in defs().iter().enumerate() {
        let builtin = function::new_builtin(index, GcRef::NULL);
        let (namespace, value) = match def.owner {
            Owner::Native(_) => continue,
            Owner::Module => (space.builtins, builtin),
            Owner::Type(t) => (gc::get_ref(type_named(space, t), &W_Type::DICT), builtin),
            Owner::StaticMethod(t) => (
                gc::get_ref(type_named(space, t), &W_Type::DICT),
                iter::wrap(W_StaticMethod::layout(), &W_StaticMethod::FUNC, builtin),
            ),
            Owner::ClassMethod(t) => (
                gc::get_ref(type_named(space, t), &W_Type::DICT),
                iter::wrap(W_ClassMethod::layout(), &W_ClassMethod::FUNC, builtin),
            ),
        };
        dict::set_str(namespace, space.intern(def.name), value);
    }
    let types = [
        "object",
        "type",
        "int",
        "bool",
        "float",
        "str",
        "bytes",
        "list",
        "tuple",
        "dict",
        "set",
        "frozenset",
        "range",
        "enumerate",
        "zip",
        "reversed",
        "map",
        "filter",
        "property",
        "classmethod",
        "staticmethod",
        "super",
        "slice",
        "complex",
        "bytearray",
        "memoryview",
    ];
    for name in types {
        dict::set_str(space.builtins, space.intern(name), type_named(space, name));
    }
    for &kind in ExcKind::ALL {
        dict::set_str(space.builtins, space.intern(kind.name()), space.exception_type(kind));
    }
    // CPython's other names of OSError.
    for alias in ["EnvironmentError", "IOError"] {
        dict::set_str(space.builtins, space.intern(alias), space.exception_type(ExcKind::OSError));
    }
    dict::set_str(space.builtins, space.intern("NotImplemented"), space.not_implemented);
    dict::set_str(space.builtins, space.intern("Ellipsis"), space.ellipsis);
    let debug = ripy_compiler::default_optimize() == 0;
    dict::set_str(space.builtins, space.intern("__debug__"), space.w_bool(debug));
    dict::set_str(space.builtins, space.intern("__name__"), space.intern("builtins"));
    // No `__module__` entries in the builtin types' namespaces: `int.__module__` comes from the
    // type (`objspace::special_attribute`), and instances have none (`(1).__module__` fails).
    // The mutable builtin types (and slice) are unhashable: `__hash__` is None, as CPython's.
    for name in ["list", "dict", "set", "bytearray", "slice"] {
        dict::set_str(gc::get_ref(type_named(space, name), &W_Type::DICT), space.intern("__hash__"), space.none);
    }
    crate::descriptors::install(space);
    // `__doc__` of builtin objects: CPython's for the few types in `DOCS`, else None (ripy
    // keeps no docstrings for them), as for a class without one.
    for ty in space.builtin_types().into_iter().chain([space.object_type]) {
        let namespace = gc::get_ref(ty, &W_Type::DICT);
        if dict::get_str(namespace, space.intern("__doc__")).is_none() {
            let name = typeobject::name(ty);
            let doc = DOCS.iter().find(|(n, _)| *n == name).map_or(space.none, |(_, d)| crate::unicode::new_str(d));
            dict::set_str(namespace, space.intern("__doc__"), doc);
        }
    }
}

/// The docstrings of the builtin types that keep CPython's (`bytes.__doc__` names the
/// constructor's forms).
const DOCS: &[(&str, &str)] = &[
    (
        "object",
        "The base class of the class hierarchy.\n\nWhen called, it accepts no arguments and returns a new featureless\n\
         instance that has no instance attributes and cannot be given any.\n",
    ),
    (
        "bytes",
        "bytes(iterable_of_ints) -> bytes\nbytes(string, encoding[, errors]) -> bytes\n\
         bytes(bytes_or_buffer) -> immutable copy of bytes_or_buffer\n\
         bytes(int) -> bytes object of size given by the parameter initialized with null bytes\n\
         bytes() -> empty bytes object\n\nConstruct an immutable array of bytes from:\n\
         \x20 - an iterable yielding integers in range(256)\n\
         \x20 - a text string encoded using the specified encoding\n\
         \x20 - any object implementing the buffer API.\n\
         \x20 - an integer",
    ),
    (
        "bytearray",
        "bytearray(iterable_of_ints) -> bytearray\nbytearray(string, encoding[, errors]) -> bytearray\n\
         bytearray(bytes_or_buffer) -> mutable copy of bytes_or_buffer\n\
         bytearray(int) -> bytes array of size given by the parameter initialized with null bytes\n\
         bytearray() -> empty bytes array\n\nConstruct a mutable bytearray object from:\n\
         \x20 - an iterable yielding integers in range(256)\n\
         \x20 - a text string encoded using the specified encoding\n\
         \x20 - a bytes or a buffer object\n\
         \x20 - any object implementing the buffer API.\n\
         \x20 - an integer",
    ),
];

/// Call builtin `index` with `args`.
pub fn call(space: &'static Space, index: usize, args: &Args) -> PyResult<GcRef> {
    // Arguments held inline are on the native stack, which the collector scans.
    let _rooted = args.positional.spilled().then(|| metatrace_gc::root_slice(&args.positional));
    let _rooted_keywords = (!args.keywords.is_empty()).then(|| metatrace_gc::root_slice(&args.keywords));
    let def = defs()[index];
    match def.owner {
        Owner::Type(owner) => {
            check_receiver(space, index, owner, def.name, args)?;
            crate::subclass::call_method(space, owner, def.name, def.func, args)
        }
        _ => (def.func)(space, args),
    }
}

/// The type that owns builtin `index` when it is a method of a type, else `object`: from a
/// table of the space made on first use (the names of [`type_named`] matched once, not at every
/// call).
fn owner_of(space: &Space, index: usize) -> GcRef {
    let owners = space
        .builtin_owners
        .get_or_init(|| defs().iter().map(|def| owner_type(space, def.owner).unwrap_or(space.object_type)).collect());
    owners[index]
}

/// CPython's method descriptor check: a method of a builtin type applies only to instances of
/// the type (`str.split(1)` is a `TypeError`, not a reinterpretation of the receiver).
fn check_receiver(space: &Space, index: usize, owner: &str, name: &str, args: &Args) -> PyResult<()> {
    let Some(&receiver) = args.positional.first() else { return Ok(()) };
    let ty = owner_of(space, index);
    if ty == space.object_type || typeobject::is_subtype(space.type_of(receiver), ty) {
        return Ok(());
    }
    let received = space.type_name(receiver);
    let message = if is_slot_wrapper(owner, name) {
        format!("descriptor '{name}' requires a '{owner}' object but received a '{received}'")
    } else {
        format!("descriptor '{name}' for '{owner}' objects doesn't apply to a '{received}' object")
    };
    Err(type_error(space, message))
}

/// Whether CPython makes `owner.name` a slot wrapper (`list.__len__`) rather than a method
/// descriptor (`list.append`, and the few dunders defined as methods, `list.__getitem__`): the
/// two word their receiver errors differently.
fn is_slot_wrapper(owner: &str, name: &str) -> bool {
    const METHODS: &[(&str, &str)] = &[
        ("dict", "__contains__"),
        ("dict", "__getitem__"),
        ("list", "__getitem__"),
        ("set", "__contains__"),
        ("frozenset", "__contains__"),
    ];
    const SLOTS: &[&str] = &[
        "__abs__",
        "__add__",
        "__and__",
        "__bool__",
        "__call__",
        "__contains__",
        "__delattr__",
        "__delete__",
        "__delitem__",
        "__divmod__",
        "__eq__",
        "__float__",
        "__floordiv__",
        "__ge__",
        "__get__",
        "__getattribute__",
        "__getitem__",
        "__gt__",
        "__hash__",
        "__iadd__",
        "__iand__",
        "__imul__",
        "__index__",
        "__init__",
        "__int__",
        "__invert__",
        "__ior__",
        "__isub__",
        "__iter__",
        "__ixor__",
        "__le__",
        "__len__",
        "__lshift__",
        "__lt__",
        "__mod__",
        "__mul__",
        "__ne__",
        "__neg__",
        "__next__",
        "__or__",
        "__pos__",
        "__pow__",
        "__radd__",
        "__rand__",
        "__rdivmod__",
        "__repr__",
        "__rfloordiv__",
        "__rlshift__",
        "__rmod__",
        "__rmul__",
        "__ror__",
        "__rpow__",
        "__rrshift__",
        "__rshift__",
        "__rsub__",
        "__rtruediv__",
        "__rxor__",
        "__set__",
        "__setattr__",
        "__setitem__",
        "__str__",
        "__sub__",
        "__truediv__",
        "__xor__",
    ];
    SLOTS.contains(&name) && !METHODS.contains(&(owner, name))
}

// ----- argument helpers -----

fn type_error(space: &Space, message: String) -> GcRef {
    space.new_exception(ExcKind::TypeError, &message)
}

fn value_error(space: &Space, message: &str) -> GcRef {
    space.new_exception(ExcKind::ValueError, message)
}

/// The arguments of a function that takes no keywords and between `min` and `max` positional
/// ones, with the "expected" message (`isinstance expected 2 arguments, got 1`).
fn expect<'a>(space: &Space, name: &str, args: &'a Args, min: usize, max: usize) -> PyResult<&'a [GcRef]> {
    no_keywords(space, name, args)?;
    let n = args.positional.len();
    if n < min || n > max {
        let message = if min == max {
            format!("{name} expected {min} argument{}, got {n}", if min == 1 { "" } else { "s" })
        } else if n < min {
            format!("{name} expected at least {min} argument{}, got {n}", if min == 1 { "" } else { "s" })
        } else {
            format!("{name} expected at most {max} argument{}, got {n}", if max == 1 { "" } else { "s" })
        };
        return Err(type_error(space, message));
    }
    Ok(&args.positional)
}

/// The one argument of a function that takes exactly one (`len() takes exactly one argument (2 given)`).
fn one(space: &Space, name: &str, args: &Args) -> PyResult<GcRef> {
    no_keywords(space, name, args)?;
    match args.positional.as_slice() {
        [v] => Ok(*v),
        other => Err(type_error(space, format!("{name}() takes exactly one argument ({} given)", other.len()))),
    }
}

/// The object of a method call and the arguments after it.
pub(super) fn split_self<'a>(space: &Space, name: &str, args: &'a Args) -> PyResult<(GcRef, &'a [GcRef])> {
    let (&obj, rest) = args
        .positional
        .split_first()
        .ok_or_else(|| type_error(space, format!("unbound method {name}() needs an argument")))?;
    Ok((obj, rest))
}

/// The object and arguments of a method taking between `min` and `max` arguments
/// (`list.pop expected at most 1 argument, got 2`).
fn method_args<'a>(
    space: &Space,
    name: &str,
    args: &'a Args,
    min: usize,
    max: usize,
) -> PyResult<(GcRef, &'a [GcRef])> {
    no_keywords(space, name, args)?;
    let (obj, rest) = split_self(space, name, args)?;
    let n = rest.len();
    if n < min || n > max {
        let message = if min == max && min == 1 {
            format!("{name}() takes exactly one argument ({n} given)")
        } else if min == max && min == 0 {
            format!("{name}() takes no arguments ({n} given)")
        } else if n < min {
            format!("{name} expected at least {min} argument{}, got {n}", if min == 1 { "" } else { "s" })
        } else {
            format!("{name} expected at most {max} argument{}, got {n}", if max == 1 { "" } else { "s" })
        };
        return Err(type_error(space, message));
    }
    Ok((obj, rest))
}

fn no_keywords(space: &Space, name: &str, args: &Args) -> PyResult<()> {
    if args.keywords.is_empty() {
        Ok(())
    } else {
        Err(type_error(space, format!("{name}() takes no keyword arguments")))
    }
}

/// The value of keyword argument `key`, checking that no other keyword is given.
fn keyword(space: &Space, name: &str, args: &Args, allowed: &[&str], key: &str) -> PyResult<Option<GcRef>> {
    for &(k, _) in &args.keywords {
        let text = unicode::to_string_lossy(k);
        if !allowed.contains(&text.as_str()) {
            return Err(type_error(space, format!("{name}() got an unexpected keyword argument '{text}'")));
        }
    }
    Ok(args.keywords.iter().find(|(k, _)| unicode::eq_text(*k, key)).map(|&(_, v)| v))
}

/// The text of a str argument, or `TypeError` naming what was expected.
fn text_arg(space: &Space, v: GcRef, what: &str) -> PyResult<String> {
    let v = crate::subclass::unwrap(v);
    if v.layout() == W_Str::layout() {
        Ok(unicode::to_string_lossy(v))
    } else {
        Err(type_error(space, format!("{what} must be str, not {}", space.type_name(v))))
    }
}

/// An int argument.
fn int_arg(space: &Space, v: GcRef) -> PyResult<i64> {
    if let Some(i) = objspace::int_value(v) {
        return Ok(i);
    }
    objspace::index_value(v, &format!("'{}' object cannot be interpreted as an integer", space.type_name(v)))
}

fn new_str(text: &str) -> GcRef {
    unicode::new_str(text)
}

//! The builtins module and the methods of the builtin types, written in Rust.
//!
//! Every function is an entry of [`TABLE`]: a name, where it goes (the builtins module or the
//! namespace of a builtin type) and a [`NativeFn`]. [`install`] puts a [`W_Builtin`] for each
//! entry in its place, and the builtin types and exceptions in the builtins module. A call of a
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
use crate::generator::{self, W_Generator};
use crate::gc;
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
use std::io::Write;

/// A builtin function: the space, and the arguments (a bound method's object first).
pub type NativeFn = fn(&'static Space, &Args) -> PyResult<GcRef>;

/// Where a builtin is installed.
#[derive(Copy, Clone, Debug)]
pub enum Owner {
    /// The builtins module.
    Module,
    /// The namespace of the builtin type of this name.
    Type(&'static str),
}

/// One builtin function.
pub struct BuiltinDef {
    /// Its `__name__`.
    pub name: &'static str,
    /// Where it is installed.
    pub owner: Owner,
    /// Its code.
    pub func: NativeFn,
}

const fn module(name: &'static str, func: NativeFn) -> BuiltinDef {
    BuiltinDef { name, owner: Owner::Module, func }
}

const fn method(ty: &'static str, name: &'static str, func: NativeFn) -> BuiltinDef {
    BuiltinDef { name, owner: Owner::Type(ty), func }
}

/// Every builtin function.
pub static TABLE: &[BuiltinDef] = &[
    module("print", print),
    module("len", len),
    module("repr", repr_builtin),
    module("ascii", ascii),
    module("abs", abs),
    module("min", min),
    module("max", max),
    module("sum", sum),
    module("isinstance", isinstance),
    module("issubclass", issubclass),
    module("hasattr", hasattr),
    module("getattr", getattr),
    module("setattr", setattr),
    module("delattr", delattr),
    module("callable", callable),
    module("ord", ord),
    module("chr", chr),
    module("divmod", divmod),
    module("pow", pow),
    module("round", round),
    module("hash", hash_builtin),
    module("id", id),
    module("iter", iter_builtin),
    module("next", next_builtin),
    module("sorted", sorted),
    module("any", any),
    module("all", all),
    module("hex", hex),
    module("oct", oct),
    module("bin", bin),
    module("format", format_builtin),
    module("__build_class__", build_class),
    method("object", "__init__", object_init),
    method("object", "__new__", object_new),
    method("object", "__repr__", object_repr),
    method("object", "__str__", object_str),
    method("object", "__eq__", object_eq),
    method("object", "__ne__", object_ne),
    method("object", "__hash__", object_hash),
    method("object", "__setattr__", object_setattr),
    method("BaseException", "__init__", exception_init),
    method("BaseException", "__str__", exception_str),
    method("BaseException", "with_traceback", exception_with_traceback),
    method("int", "bit_length", int_bit_length),
    method("float", "is_integer", float_is_integer),
    method("str", "join", str_join),
    method("str", "split", str_split),
    method("str", "rsplit", str_rsplit),
    method("str", "strip", str_strip),
    method("str", "lstrip", str_lstrip),
    method("str", "rstrip", str_rstrip),
    method("str", "upper", str_upper),
    method("str", "lower", str_lower),
    method("str", "title", str_title),
    method("str", "capitalize", str_capitalize),
    method("str", "replace", str_replace),
    method("str", "startswith", str_startswith),
    method("str", "endswith", str_endswith),
    method("str", "find", str_find),
    method("str", "rfind", str_rfind),
    method("str", "index", str_index),
    method("str", "count", str_count),
    method("str", "format", str_format),
    method("str", "isdigit", str_isdigit),
    method("str", "isalpha", str_isalpha),
    method("str", "isalnum", str_isalnum),
    method("str", "isspace", str_isspace),
    method("str", "isupper", str_isupper),
    method("str", "islower", str_islower),
    method("str", "center", str_center),
    method("str", "ljust", str_ljust),
    method("str", "rjust", str_rjust),
    method("str", "zfill", str_zfill),
    method("str", "splitlines", str_splitlines),
    method("str", "partition", str_partition),
    method("list", "append", list_append),
    method("list", "pop", list_pop),
    method("list", "extend", list_extend),
    method("list", "insert", list_insert),
    method("list", "remove", list_remove),
    method("list", "index", list_index),
    method("list", "count", list_count),
    method("list", "sort", list_sort),
    method("list", "reverse", list_reverse),
    method("list", "copy", list_copy),
    method("list", "clear", list_clear),
    method("tuple", "index", list_index),
    method("tuple", "count", list_count),
    method("dict", "get", dict_get),
    method("dict", "keys", dict_keys),
    method("dict", "values", dict_values),
    method("dict", "items", dict_items),
    method("dict", "setdefault", dict_setdefault),
    method("dict", "pop", dict_pop),
    method("dict", "popitem", dict_popitem),
    method("dict", "update", dict_update),
    method("dict", "copy", dict_copy),
    method("dict", "clear", dict_clear),
    method("set", "add", set_add),
    method("set", "remove", set_remove),
    method("set", "discard", set_discard),
    method("set", "pop", set_pop),
    method("set", "update", set_update),
    method("set", "union", set_union),
    method("set", "intersection", set_intersection),
    method("set", "difference", set_difference),
    method("set", "issubset", set_issubset),
    method("set", "issuperset", set_issuperset),
    method("set", "copy", set_copy),
    method("set", "clear", set_clear),
    method("frozenset", "union", set_union),
    method("frozenset", "intersection", set_intersection),
    method("frozenset", "issubset", set_issubset),
    method("property", "setter", property_setter),
    method("property", "getter", property_getter),
    method("property", "deleter", property_deleter),
    method("generator", "send", generator_send),
];

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
        other => space.runtime_type(other),
    }
}

/// Fill the builtins module and the namespaces of the builtin types. Runs once, while the space
/// is made (so it must not call [`Space::get`]).
pub fn install(space: &'static Space) {
    for (index, def) in TABLE.iter().enumerate() {
        let namespace = match def.owner {
            Owner::Module => space.builtins,
            Owner::Type(t) => gc::get_ref(type_named(space, t), &W_Type::DICT),
        };
        dict::set_str(namespace, space.intern(def.name), function::new_builtin(index, GcRef::NULL));
    }
    let types = [
        "object", "type", "int", "bool", "float", "str", "bytes", "list", "tuple", "dict", "set", "frozenset",
        "range", "enumerate", "zip", "reversed", "map", "filter", "property", "classmethod", "staticmethod", "super",
        "slice",
    ];
    for name in types {
        dict::set_str(space.builtins, space.intern(name), type_named(space, name));
    }
    for &kind in ExcKind::ALL {
        dict::set_str(space.builtins, space.intern(kind.name()), space.exception_type(kind));
    }
    dict::set_str(space.builtins, space.intern("NotImplemented"), space.not_implemented);
    dict::set_str(space.builtins, space.intern("Ellipsis"), space.ellipsis);
    dict::set_str(space.builtins, space.intern("__name__"), space.intern("builtins"));
    for ty in types.iter().map(|n| type_named(space, n)).chain(space.exception_types.iter().copied()) {
        dict::set_str(gc::get_ref(ty, &W_Type::DICT), space.intern("__module__"), space.intern("builtins"));
    }
}

/// Call builtin `index` with `args`.
pub fn call(space: &'static Space, index: usize, args: &Args) -> PyResult<GcRef> {
    let _rooted = metatrace_gc::root_slice(&args.positional);
    (TABLE[index].func)(space, args)
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

/// The object and arguments of a method taking between `min` and `max` arguments
/// (`list.pop expected at most 1 argument, got 2`).
fn method_args<'a>(space: &Space, name: &str, args: &'a Args, min: usize, max: usize) -> PyResult<(GcRef, &'a [GcRef])> {
    no_keywords(space, name, args)?;
    let (&obj, rest) = args.positional.split_first().ok_or_else(|| {
        type_error(space, format!("unbound method {name}() needs an argument"))
    })?;
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
    if v.layout() == W_Str::layout() {
        Ok(unicode::to_string_lossy(v))
    } else {
        Err(type_error(space, format!("{what} must be str, not {}", space.type_name(v))))
    }
}

/// An int argument.
fn int_arg(space: &Space, v: GcRef) -> PyResult<i64> {
    objspace::index_value(v, &format!("'{}' object cannot be interpreted as an integer", space.type_name(v)))
}

fn new_str(text: &str) -> GcRef {
    unicode::new_str(text)
}

// ----- the builtins module -----

fn print(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let allowed = ["sep", "end", "file", "flush"];
    let text_or = |key: &str, default: &str| -> PyResult<String> {
        match keyword(space, "print", args, &allowed, key)? {
            Some(v) if v == space.none => Ok(default.to_owned()),
            Some(v) if v.layout() == W_Str::layout() => Ok(unicode::to_string_lossy(v)),
            Some(v) => Err(type_error(space, format!("{key} must be None or a string, not {}", space.type_name(v)))),
            None => Ok(default.to_owned()),
        }
    };
    let sep = text_or("sep", " ")?;
    let end = text_or("end", "\n")?;
    let mut out = String::new();
    for (i, &v) in args.positional.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        out.push_str(&unicode::to_string_lossy(objspace::str_obj(v)?));
    }
    out.push_str(&end);
    if keyword(space, "print", args, &allowed, "file")?.is_some_and(|f| f != space.none) {
        return Err(type_error(space, "print(): ripy has no file objects yet; file must be None".to_owned()));
    }
    let written = std::io::stdout().write_all(out.as_bytes());
    written.map_err(|e| space.new_exception(ExcKind::OSError, &e.to_string()))?;
    Ok(space.none)
}

fn len(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let v = one(space, "len", args)?;
    Ok(heap_int(objspace::len(v)? as i64))
}

fn repr_builtin(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    objspace::repr_obj(one(space, "repr", args)?)
}

fn ascii(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    Ok(new_str(&format::ascii(&objspace::repr(one(space, "ascii", args)?)?)))
}

fn abs(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let v = one(space, "abs", args)?;
    if let Some(i) = bigint::to_ibig(v) {
        return Ok(bigint::from_ibig(&if i < IBig::ZERO { -i } else { i }));
    }
    if v.layout() == W_Float::layout() {
        return Ok(heap_float(gc::get_f64(v, &W_Float::VALUE).abs()));
    }
    if let Some(f) = objspace::lookup_user(v, "__abs__") {
        return objspace::call_bound(f, v, &Args::default());
    }
    Err(type_error(space, format!("bad operand type for abs(): '{}'", space.type_name(v))))
}

/// `a < b`.
fn less(a: GcRef, b: GcRef) -> PyResult<bool> {
    if let (Some(x), Some(y)) = (int_value(a), int_value(b)) {
        return Ok(x < y);
    }
    objspace::richcompare_user(CmpOp::Lt, a, b)
}

fn min_max(space: &'static Space, args: &Args, name: &str, want_max: bool) -> PyResult<GcRef> {
    let key = keyword(space, name, args, &["key", "default"], "key")?.filter(|&k| k != space.none);
    let default = keyword(space, name, args, &["key", "default"], "default")?;
    let items = match args.positional.as_slice() {
        [] => return Err(type_error(space, format!("{name} expected at least 1 argument, got 0"))),
        [iterable] => objspace::to_vec(*iterable)?,
        many => {
            if default.is_some() {
                let message = format!("Cannot specify a default for {name}() with multiple positional arguments");
                return Err(type_error(space, message));
            }
            objspace::RootedVec::from_slice(many)
        }
    };
    let _rooted = metatrace_gc::root_slice(&items);
    let mut best: Option<(GcRef, GcRef)> = None;
    for &item in items.iter() {
        let k = match key {
            Some(f) => objspace::call(f, &[item])?,
            None => item,
        };
        best = match best {
            None => Some((item, k)),
            Some((b, bk)) => {
                let better = if want_max { less(bk, k)? } else { less(k, bk)? };
                Some(if better { (item, k) } else { (b, bk) })
            }
        };
    }
    match (best, default) {
        (Some((b, _)), _) => Ok(b),
        (None, Some(d)) => Ok(d),
        (None, None) => Err(value_error(space, &format!("{name}() arg is an empty sequence"))),
    }
}

fn min(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    min_max(space, args, "min", false)
}

fn max(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    min_max(space, args, "max", true)
}

fn sum(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let start_kw = keyword(space, "sum", args, &["start"], "start")?;
    let (iterable, start) = match args.positional.as_slice() {
        [it] => (*it, start_kw.unwrap_or_else(|| heap_int(0))),
        [it, s] => (*it, *s),
        other => return Err(type_error(space, format!("sum() takes at most 2 arguments ({} given)", other.len()))),
    };
    if start.layout() == W_Str::layout() {
        return Err(type_error(space, "sum() can't sum strings [use ''.join(seq) instead]".to_owned()));
    }
    let mut total = start;
    let it = objspace::iter(iterable)?;
    while let Some(item) = objspace::next(it)? {
        total = objspace::binary_op(crate::ops::BinOp::Add, false, total, item)?;
    }
    Ok(total)
}

fn isinstance(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "isinstance", args, 2, 2)?;
    Ok(space.w_bool(objspace::isinstance(a[0], a[1])?))
}

fn issubclass(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "issubclass", args, 2, 2)?;
    if a[0].layout() != W_Type::layout() {
        return Err(type_error(space, "issubclass() arg 1 must be a class".to_owned()));
    }
    let classes = if a[1].layout() == W_Tuple::layout() { W_Tuple::items(a[1]) } else { vec![a[1]] };
    for c in classes {
        if c.layout() != W_Type::layout() {
            let message = "issubclass() arg 2 must be a class, a tuple of classes, or a union".to_owned();
            return Err(type_error(space, message));
        }
        if typeobject::is_subtype(a[0], c) {
            return Ok(space.w_bool(true));
        }
    }
    Ok(space.w_bool(false))
}

fn attribute_name(space: &Space, name: GcRef) -> PyResult<GcRef> {
    if name.layout() != W_Str::layout() {
        return Err(type_error(space, format!("attribute name must be string, not '{}'", space.type_name(name))));
    }
    Ok(name)
}

fn is_attribute_error(space: &Space, e: GcRef) -> bool {
    typeobject::is_subtype(space.type_of(e), space.exception_type(ExcKind::AttributeError))
}

fn hasattr(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "hasattr", args, 2, 2)?;
    match objspace::getattr(a[0], attribute_name(space, a[1])?) {
        Ok(_) => Ok(space.w_bool(true)),
        Err(e) if is_attribute_error(space, e) => Ok(space.w_bool(false)),
        Err(e) => Err(e),
    }
}

fn getattr(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "getattr", args, 2, 3)?;
    match objspace::getattr(a[0], attribute_name(space, a[1])?) {
        Err(e) if a.len() == 3 && is_attribute_error(space, e) => Ok(a[2]),
        other => other,
    }
}

fn setattr(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "setattr", args, 3, 3)?;
    objspace::setattr(a[0], attribute_name(space, a[1])?, a[2])?;
    Ok(space.none)
}

fn delattr(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "delattr", args, 2, 2)?;
    objspace::delattr(a[0], attribute_name(space, a[1])?)?;
    Ok(space.none)
}

fn callable(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let v = one(space, "callable", args)?;
    let layout = v.layout();
    let is_callable = [W_Function::layout(), W_Builtin::layout(), crate::function::W_Method::layout(), W_Type::layout()]
        .contains(&layout)
        || objspace::lookup_user(v, "__call__").is_some();
    Ok(space.w_bool(is_callable))
}

fn ord(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let v = one(space, "ord", args)?;
    if v.layout() != W_Str::layout() {
        return Err(type_error(space, format!("ord() expected string of length 1, but {} found", space.type_name(v))));
    }
    let chars = unicode::chars(v);
    match chars.as_slice() {
        [c] => Ok(heap_int(i64::from(*c))),
        other => {
            let message = format!("ord() expected a character, but string of length {} found", other.len());
            Err(type_error(space, message))
        }
    }
}

fn chr(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let v = one(space, "chr", args)?;
    let i = int_arg(space, v)?;
    if !(0..=0x10ffff).contains(&i) {
        return Err(value_error(space, "chr() arg not in range(0x110000)"));
    }
    Ok(unicode::char_str(i as u32))
}

fn divmod(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "divmod", args, 2, 2)?;
    let q = objspace::binary_op(crate::ops::BinOp::FloorDiv, false, a[0], a[1]).map_err(|e| rename_op(space, e, "divmod()"))?;
    let r = objspace::binary_op(crate::ops::BinOp::Mod, false, a[0], a[1])?;
    Ok(W_Tuple::from_slice(&[q, r]))
}

/// The "unsupported operand" message of an operator, as the builtin `name` spells it.
fn rename_op(space: &Space, e: GcRef, name: &str) -> GcRef {
    match space.exception_str(e) {
        Ok(m) if m.starts_with("unsupported operand type(s) for //:") => {
            type_error(space, m.replace("for //:", &format!("for {name}:")))
        }
        _ => e,
    }
}

fn pow(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "pow", args, 2, 3)?;
    if a.len() == 3 && a[2] != space.none {
        let (Some(b), Some(e), Some(m)) = (bigint::to_ibig(a[0]), bigint::to_ibig(a[1]), bigint::to_ibig(a[2])) else {
            return Err(type_error(space, "pow() 3rd argument not allowed unless all arguments are integers".to_owned()));
        };
        if m == IBig::ZERO {
            return Err(value_error(space, "pow() 3rd argument cannot be 0"));
        }
        if e < IBig::ZERO {
            return Err(value_error(space, "base is not invertible for the given modulus"));
        }
        let modulus = if m < IBig::ZERO { -m.clone() } else { m.clone() };
        let mut result = IBig::ONE;
        let mut base = ((b % &modulus) + &modulus) % &modulus;
        let mut exp = e;
        let two = IBig::from(2);
        while exp > IBig::ZERO {
            if &exp % &two == IBig::ONE {
                result = (result * &base) % &modulus;
            }
            base = (&base * &base) % &modulus;
            exp /= &two;
        }
        if m < IBig::ZERO && result != IBig::ZERO {
            result += m;
        }
        return Ok(bigint::from_ibig(&result));
    }
    objspace::binary_op(crate::ops::BinOp::Pow, false, a[0], a[1])
}

/// `x` rounded to the nearest integer, ties to even.
fn round_half_even(x: f64) -> f64 {
    let r = x.round();
    if (x - x.trunc()).abs() == 0.5 {
        2.0 * (x / 2.0).round()
    } else {
        r
    }
}

fn round(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let number = args.positional.first().copied();
    let ndigits = args.positional.get(1).copied().or(keyword(space, "round", args, &["number", "ndigits"], "ndigits")?);
    let Some(x) = number else {
        return Err(type_error(space, "round() missing required argument 'number' (pos 1)".to_owned()));
    };
    let ndigits = ndigits.filter(|&n| n != space.none);
    if let Some(f) = objspace::lookup_user(x, "__round__") {
        let extra: Vec<GcRef> = ndigits.into_iter().collect();
        return objspace::call_bound(f, x, &Args::positional(&extra));
    }
    if let Some(i) = bigint::to_ibig(x) {
        let Some(n) = ndigits else { return Ok(bigint::from_ibig(&i)) };
        let n = int_arg(space, n)?;
        if n >= 0 {
            return Ok(bigint::from_ibig(&i));
        }
        let unit = IBig::from(10).pow((-n) as usize);
        let (q, r) = (&i / &unit, &i % &unit);
        let (q, r) = if r < IBig::ZERO { (q - 1, r + &unit) } else { (q, r) };
        let twice = &r * 2;
        let q = if twice > unit || (twice == unit && &q % IBig::from(2) != IBig::ZERO) { q + 1 } else { q };
        return Ok(bigint::from_ibig(&(q * unit)));
    }
    if x.layout() != W_Float::layout() {
        return Err(type_error(space, format!("type {} doesn't define __round__ method", space.type_name(x))));
    }
    let f = gc::get_f64(x, &W_Float::VALUE);
    match ndigits {
        None => {
            if f.is_nan() {
                return Err(value_error(space, "cannot convert float NaN to integer"));
            }
            if f.is_infinite() {
                return Err(space.new_exception(ExcKind::OverflowError, "cannot convert float infinity to integer"));
            }
            bigint::from_float(round_half_even(f))
        }
        Some(n) => {
            let n = int_arg(space, n)?;
            if !f.is_finite() || n > 300 {
                return Ok(heap_float(f));
            }
            if n >= 0 {
                let text = format!("{f:.*}", n as usize);
                return Ok(heap_float(text.parse().unwrap_or(f)));
            }
            let unit = 10f64.powi((-n) as i32);
            Ok(heap_float(round_half_even(f / unit) * unit))
        }
    }
}

fn hash_builtin(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    Ok(heap_int(objspace::hash(one(space, "hash", args)?)?))
}

fn id(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    Ok(heap_int(one(space, "id", args)?.addr() as i64))
}

fn iter_builtin(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "iter", args, 1, 1)?;
    objspace::iter(a[0])
}

fn next_builtin(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "next", args, 1, 2)?;
    let is_iterator = iter::is_iterator(a[0]) || objspace::lookup_user(a[0], "__next__").is_some();
    if !is_iterator {
        return Err(type_error(space, format!("'{}' object is not an iterator", space.type_name(a[0]))));
    }
    match (objspace::next(a[0])?, a.get(1)) {
        (Some(v), _) => Ok(v),
        (None, Some(&default)) => Ok(default),
        (None, None) => Err(space.new_exception_args(ExcKind::StopIteration, &[])),
    }
}

/// Sort `items` stably by `key` (or by the items), reversed if asked, with Python's `<`.
fn sort_items(items: &mut Vec<GcRef>, key: Option<GcRef>, reverse: bool) -> PyResult<()> {
    let keys: Vec<GcRef> = match key {
        Some(f) => items.iter().map(|&i| objspace::call(f, &[i])).collect::<PyResult<_>>()?,
        None => items.clone(),
    };
    let _rooted = metatrace_gc::root_slice(&keys);
    let mut order: Vec<usize> = (0..items.len()).collect();
    if reverse {
        order.reverse();
    }
    let mut failure = None;
    order.sort_by(|&i, &j| {
        if failure.is_some() {
            return std::cmp::Ordering::Equal;
        }
        let (a, b) = if reverse { (keys[j], keys[i]) } else { (keys[i], keys[j]) };
        match less(a, b) {
            Ok(true) => std::cmp::Ordering::Less,
            Ok(false) => std::cmp::Ordering::Equal.then_with(|| match less(b, a) {
                Ok(true) => std::cmp::Ordering::Greater,
                Ok(false) => std::cmp::Ordering::Equal,
                Err(e) => {
                    failure = Some(e);
                    std::cmp::Ordering::Equal
                }
            }),
            Err(e) => {
                failure = Some(e);
                std::cmp::Ordering::Equal
            }
        }
    });
    if let Some(e) = failure {
        return Err(e);
    }
    if reverse {
        order.reverse();
        let sorted: Vec<GcRef> = order.iter().map(|&i| items[i]).collect();
        *items = sorted;
        items.reverse();
    } else {
        *items = order.iter().map(|&i| items[i]).collect();
    }
    Ok(())
}

fn sort_options(space: &'static Space, name: &str, args: &Args) -> PyResult<(Option<GcRef>, bool)> {
    let key = keyword(space, name, args, &["key", "reverse"], "key")?.filter(|&k| k != space.none);
    let reverse = match keyword(space, name, args, &["key", "reverse"], "reverse")? {
        Some(r) => objspace::truthy(r)?,
        None => false,
    };
    Ok((key, reverse))
}

fn sorted(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [iterable] = args.positional.as_slice() else {
        let n = args.positional.len();
        return Err(type_error(space, format!("sorted expected 1 argument, got {n}")));
    };
    let (key, reverse) = sort_options(space, "sorted", args)?;
    let mut items = objspace::to_vec(*iterable)?;
    sort_items(&mut items, key, reverse)?;
    Ok(list::new_list(&items))
}

fn any(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let it = objspace::iter(one(space, "any", args)?)?;
    while let Some(v) = objspace::next(it)? {
        if objspace::truthy(v)? {
            return Ok(space.w_bool(true));
        }
    }
    Ok(space.w_bool(false))
}

fn all(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let it = objspace::iter(one(space, "all", args)?)?;
    while let Some(v) = objspace::next(it)? {
        if !objspace::truthy(v)? {
            return Ok(space.w_bool(false));
        }
    }
    Ok(space.w_bool(true))
}

fn radix(space: &'static Space, args: &Args, name: &str, spec: &str) -> PyResult<GcRef> {
    let v = one(space, name, args)?;
    let i = bigint::to_ibig(v).ok_or_else(|| {
        type_error(space, format!("'{}' object cannot be interpreted as an integer", space.type_name(v)))
    })?;
    format::format(bigint::from_ibig(&i), spec)
}

fn hex(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    radix(space, args, "hex", "#x")
}

fn oct(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    radix(space, args, "oct", "#o")
}

fn bin(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    radix(space, args, "bin", "#b")
}

fn format_builtin(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "format", args, 1, 2)?;
    let spec = match a.get(1) {
        Some(&s) => text_arg(space, s, "format() argument 2")?,
        None => String::new(),
    };
    format::format(a[0], &spec)
}

/// `__build_class__(func, name, *bases)`: run the class body in a new namespace, make the class.
fn build_class(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [func, name, bases @ ..] = args.positional.as_slice() else {
        return Err(type_error(space, "__build_class__: not enough arguments".to_owned()));
    };
    if func.layout() != W_Function::layout() {
        return Err(type_error(space, "__build_class__: func must be a function".to_owned()));
    }
    let namespace = dict::new();
    let code = Code::of(gc::get_ref(*func, &W_Function::CODE));
    let env = FrameEnv {
        globals: gc::get_ref(*func, &W_Function::GLOBALS),
        builtins: gc::get_ref(*func, &W_Function::BUILTINS),
        locals: namespace,
        closure: gc::get_ref(*func, &W_Function::CLOSURE),
    };
    let cell = with_concrete(|d| {
        let frame = new_frame(d, code, env);
        protocol::run_frame_at(d, space, Pos { code, pc: 0 }, frame)
    })?;
    let metaclass = keyword(space, "__build_class__", args, &["metaclass"], "metaclass")?;
    let cls = match metaclass {
        Some(meta) if meta != space.type_type => {
            let base_tuple = W_Tuple::from_slice(bases);
            objspace::call(meta, &[*name, base_tuple, namespace])?
        }
        _ => {
            let meta = bases.first().map_or(space.type_type, |&b| space.type_of(b));
            let meta = if meta.layout() == W_Type::layout() { meta } else { space.type_type };
            typeobject::new_type(space, meta, *name, bases, namespace)?
        }
    };
    if cell.layout() == W_Cell::layout() {
        gc::set_ref(cell, &W_Cell::CONTENTS, cls);
    }
    Ok(cls)
}

// ----- object and BaseException -----

fn object_init(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    if args.positional.len() > 1 || !args.keywords.is_empty() {
        let message = "object.__init__() takes exactly one argument (the instance to initialize)".to_owned();
        return Err(type_error(space, message));
    }
    Ok(space.none)
}

fn object_new(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let Some(&cls) = args.positional.first() else {
        return Err(type_error(space, "object.__new__(): not enough arguments".to_owned()));
    };
    if cls.layout() != W_Type::layout() {
        return Err(type_error(space, format!("object.__new__(X): X is not a type object ({})", space.type_name(cls))));
    }
    Ok(match typeobject::instance_layout(cls) {
        typeobject::InstanceLayout::Exception => space.new_exception_of_type(cls, &args.positional[1..]),
        _ => mapdict::new_object(W_Instance::layout(), cls),
    })
}

/// `<module.Class object at 0x...>`.
pub fn default_repr(obj: GcRef) -> String {
    let space = Space::get();
    let ty = space.type_of(obj);
    let qualname = unicode::to_string_lossy(gc::get_ref(ty, &W_Type::QUALNAME));
    let module = dict::get_str(gc::get_ref(ty, &W_Type::DICT), space.intern("__module__"))
        .filter(|m| m.layout() == W_Str::layout())
        .map(unicode::to_string_lossy)
        .filter(|m| m != "builtins");
    match module {
        Some(m) => format!("<{m}.{qualname} object at {:#x}>", obj.addr()),
        None => format!("<{qualname} object at {:#x}>", obj.addr()),
    }
}

fn object_repr(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, _) = method_args(space, "__repr__", args, 0, 0)?;
    if obj.layout() == W_Exception::layout() {
        return objspace::repr_obj(obj);
    }
    Ok(new_str(&default_repr(obj)))
}

fn object_str(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, _) = method_args(space, "__str__", args, 0, 0)?;
    objspace::repr_obj(obj)
}

fn object_eq(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, rest) = method_args(space, "__eq__", args, 1, 1)?;
    Ok(if obj == rest[0] { space.w_bool(true) } else { space.not_implemented })
}

fn object_ne(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, rest) = method_args(space, "__ne__", args, 1, 1)?;
    let eq = objspace::compare_op(CmpOp::Eq, obj, rest[0])?;
    if eq == space.not_implemented {
        return Ok(eq);
    }
    Ok(space.w_bool(!objspace::truthy(eq)?))
}

fn object_hash(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, _) = method_args(space, "__hash__", args, 0, 0)?;
    Ok(heap_int(hash::hash_pointer(obj)))
}

fn object_setattr(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, rest) = method_args(space, "__setattr__", args, 2, 2)?;
    let name = attribute_name(space, rest[0])?;
    if objspace::is_instance_like(obj) {
        objspace::generic_setattr(obj, space.intern_str(name), rest[1])?;
    } else {
        objspace::setattr(obj, name, rest[1])?;
    }
    Ok(space.none)
}

fn exception_init(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let Some((&exc, rest)) = args.positional.split_first() else {
        return Err(type_error(space, "BaseException.__init__ needs an argument".to_owned()));
    };
    if exc.layout() == W_Exception::layout() {
        gc::set_ref(exc, &W_Exception::ARGS, W_Tuple::from_slice(rest));
    }
    Ok(space.none)
}

fn exception_str(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (exc, _) = method_args(space, "__str__", args, 0, 0)?;
    Ok(new_str(&space.exception_str(exc)?))
}

fn exception_with_traceback(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (exc, rest) = method_args(space, "with_traceback", args, 1, 1)?;
    let tb = if rest[0] == space.none { GcRef::NULL } else { rest[0] };
    gc::set_ref(exc, &W_Exception::TRACEBACK, tb);
    Ok(exc)
}

// ----- int and float -----

fn int_bit_length(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (v, _) = method_args(space, "bit_length", args, 0, 0)?;
    let i = bigint::to_ibig(v).unwrap_or_default();
    let magnitude = if i < IBig::ZERO { -i } else { i };
    Ok(heap_int(dashu_int::UBig::try_from(magnitude).map_or(0, |u| u.bit_len()) as i64))
}

fn float_is_integer(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (v, _) = method_args(space, "is_integer", args, 0, 0)?;
    let f = gc::get_f64(v, &W_Float::VALUE);
    Ok(space.w_bool(f.is_finite() && f.fract() == 0.0))
}

// ----- str -----

/// The text of a str method's object.
fn self_text(v: GcRef) -> String {
    unicode::to_string_lossy(v)
}

fn str_join(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (sep, rest) = method_args(space, "str.join", args, 1, 1)?;
    let items = objspace::to_vec(rest[0])?;
    let mut bytes = Vec::new();
    let sep_bytes = unicode::wtf8(sep);
    for (i, &item) in items.iter().enumerate() {
        if item.layout() != W_Str::layout() {
            let message = format!("sequence item {i}: expected str instance, {} found", space.type_name(item));
            return Err(type_error(space, message));
        }
        if i > 0 {
            bytes.extend_from_slice(&sep_bytes);
        }
        bytes.extend(unicode::wtf8(item));
    }
    Ok(unicode::from_wtf8(&bytes))
}

/// The separator and limit of `split`/`rsplit`.
fn split_args(space: &'static Space, name: &str, args: &Args) -> PyResult<(String, Option<String>, i64)> {
    let s = args.positional.first().copied().ok_or_else(|| type_error(space, format!("{name} needs an argument")))?;
    let allowed = ["sep", "maxsplit"];
    let sep = args.positional.get(1).copied().or(keyword(space, name, args, &allowed, "sep")?);
    let maxsplit = args.positional.get(2).copied().or(keyword(space, name, args, &allowed, "maxsplit")?);
    let sep = match sep {
        Some(v) if v != space.none => {
            let text = text_arg(space, v, "must be str or None, not")
                .map_err(|_| type_error(space, format!("must be str or None, not {}", space.type_name(v))))?;
            if text.is_empty() {
                return Err(value_error(space, "empty separator"));
            }
            Some(text)
        }
        _ => None,
    };
    let maxsplit = match maxsplit {
        Some(v) => int_arg(space, v)?,
        None => -1,
    };
    Ok((self_text(s), sep, maxsplit))
}

fn str_list(parts: impl IntoIterator<Item = String>) -> GcRef {
    let roots = metatrace_gc::RootSet::new();
    let items: Vec<GcRef> = parts.into_iter().map(|p| roots.add(new_str(&p))).collect();
    list::new_list(&items)
}

fn str_split(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (text, sep, maxsplit) = split_args(space, "split", args)?;
    let limit = if maxsplit < 0 { usize::MAX } else { maxsplit as usize };
    Ok(match sep {
        Some(sep) => str_list(text.splitn(limit.saturating_add(1), sep.as_str()).map(str::to_owned)),
        None => {
            let mut parts = Vec::new();
            let mut rest = text.trim_start_matches(unicode::is_space);
            while !rest.is_empty() {
                if parts.len() == limit {
                    parts.push(rest.to_owned());
                    break;
                }
                let end = rest.find(unicode::is_space).unwrap_or(rest.len());
                parts.push(rest[..end].to_owned());
                rest = rest[end..].trim_start_matches(unicode::is_space);
            }
            str_list(parts)
        }
    })
}

fn str_rsplit(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (text, sep, maxsplit) = split_args(space, "rsplit", args)?;
    let limit = if maxsplit < 0 { usize::MAX } else { maxsplit as usize };
    let mut parts: Vec<String> = match sep {
        Some(sep) => text.rsplitn(limit.saturating_add(1), sep.as_str()).map(str::to_owned).collect(),
        None => {
            let mut parts = Vec::new();
            let mut rest = text.trim_end_matches(unicode::is_space);
            while !rest.is_empty() {
                if parts.len() == limit {
                    parts.push(rest.to_owned());
                    break;
                }
                let start = rest.rfind(unicode::is_space).map_or(0, |i| i + rest[i..].chars().next().map_or(1, char::len_utf8));
                parts.push(rest[start..].to_owned());
                rest = rest[..start].trim_end_matches(unicode::is_space);
            }
            parts
        }
    };
    parts.reverse();
    Ok(str_list(parts))
}

/// The characters to strip (`None`: white space).
fn strip_chars(space: &'static Space, name: &str, args: &Args) -> PyResult<(String, Option<Vec<char>>)> {
    let (s, rest) = method_args(space, name, args, 0, 1)?;
    let chars = match rest.first() {
        Some(&v) if v != space.none => Some(text_arg(space, v, &format!("{name} arg"))?.chars().collect()),
        _ => None,
    };
    Ok((self_text(s), chars))
}

fn strip_with(space: &'static Space, args: &Args, name: &str, left: bool, right: bool) -> PyResult<GcRef> {
    let (text, chars) = strip_chars(space, name, args)?;
    let matches = |c: char| chars.as_ref().map_or(unicode::is_space(c), |cs| cs.contains(&c));
    let mut t = text.as_str();
    if left {
        t = t.trim_start_matches(matches);
    }
    if right {
        t = t.trim_end_matches(matches);
    }
    Ok(new_str(t))
}

fn str_strip(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    strip_with(space, args, "strip", true, true)
}

fn str_lstrip(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    strip_with(space, args, "lstrip", true, false)
}

fn str_rstrip(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    strip_with(space, args, "rstrip", false, true)
}

fn str_map(space: &'static Space, args: &Args, name: &str, f: fn(&str) -> String) -> PyResult<GcRef> {
    let (s, _) = method_args(space, name, args, 0, 0)?;
    Ok(new_str(&f(&self_text(s))))
}

fn str_upper(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    str_map(space, args, "upper", str::to_uppercase)
}

fn str_lower(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    str_map(space, args, "lower", str::to_lowercase)
}

fn title_case(text: &str) -> String {
    let mut out = String::new();
    let mut previous_cased = false;
    for c in text.chars() {
        if previous_cased {
            out.extend(c.to_lowercase());
        } else {
            out.extend(c.to_uppercase());
        }
        previous_cased = c.is_alphabetic();
    }
    out
}

fn str_title(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    str_map(space, args, "title", title_case)
}

fn str_capitalize(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    str_map(space, args, "capitalize", |t| {
        let mut chars = t.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars.flat_map(char::to_lowercase)).collect(),
            None => String::new(),
        }
    })
}

fn str_replace(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "replace", args, 2, 3)?;
    let old = text_arg(space, rest[0], "replace() argument 1")?;
    let new = text_arg(space, rest[1], "replace() argument 2")?;
    let count = match rest.get(2) {
        Some(&c) => int_arg(space, c)?,
        None => -1,
    };
    let text = self_text(s);
    Ok(new_str(&if count < 0 { text.replace(&old, &new) } else { text.replacen(&old, &new, count as usize) }))
}

/// The prefixes (or suffixes) of `startswith`/`endswith`: a str or a tuple of strs.
fn affixes(space: &'static Space, name: &str, v: GcRef) -> PyResult<Vec<String>> {
    if v.layout() == W_Tuple::layout() {
        return W_Tuple::items(v).into_iter().map(|p| text_arg(space, p, "tuple for startswith")).collect();
    }
    if v.layout() != W_Str::layout() {
        let message = format!("{name} first arg must be str or a tuple of str, not {}", space.type_name(v));
        return Err(type_error(space, message));
    }
    Ok(vec![self_text(v)])
}

fn str_startswith(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "startswith", args, 1, 1)?;
    let text = self_text(s);
    Ok(space.w_bool(affixes(space, "startswith", rest[0])?.iter().any(|p| text.starts_with(p.as_str()))))
}

fn str_endswith(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "endswith", args, 1, 1)?;
    let text = self_text(s);
    Ok(space.w_bool(affixes(space, "endswith", rest[0])?.iter().any(|p| text.ends_with(p.as_str()))))
}

/// The code point index of byte offset `byte` in `text`.
fn char_index(text: &str, byte: usize) -> i64 {
    text[..byte].chars().count() as i64
}

fn find_in(space: &'static Space, args: &Args, name: &str, from_right: bool) -> PyResult<Option<i64>> {
    let (s, rest) = method_args(space, name, args, 1, 1)?;
    let text = self_text(s);
    let needle = text_arg(space, rest[0], &format!("{name}() argument"))
        .map_err(|_| type_error(space, format!("must be str, not {}", space.type_name(rest[0]))))?;
    let found = if from_right { text.rfind(&needle) } else { text.find(&needle) };
    Ok(found.map(|b| char_index(&text, b)))
}

fn str_find(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    Ok(heap_int(find_in(space, args, "find", false)?.unwrap_or(-1)))
}

fn str_rfind(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    Ok(heap_int(find_in(space, args, "rfind", true)?.unwrap_or(-1)))
}

fn str_index(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    match find_in(space, args, "index", false)? {
        Some(i) => Ok(heap_int(i)),
        None => Err(value_error(space, "substring not found")),
    }
}

fn str_count(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "count", args, 1, 1)?;
    let text = self_text(s);
    let needle = text_arg(space, rest[0], "count() argument")?;
    let n = if needle.is_empty() { text.chars().count() + 1 } else { text.matches(needle.as_str()).count() };
    Ok(heap_int(n as i64))
}

/// `str.format(*args, **kwargs)`: replacement fields `{}`, `{0}`, `{name}`, with attribute and
/// index lookups, conversions and format specs.
fn str_format(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, positional) = args.positional.split_first().ok_or_else(|| type_error(space, "format needs an argument".to_owned()))?;
    let chars: Vec<char> = self_text(*s).chars().collect();
    let mut out = String::new();
    let mut auto = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '}' {
            if chars.get(i + 1) == Some(&'}') {
                out.push('}');
                i += 2;
                continue;
            }
            return Err(value_error(space, "Single '}' encountered in format string"));
        }
        if c != '{' {
            out.push(c);
            i += 1;
            continue;
        }
        if chars.get(i + 1) == Some(&'{') {
            out.push('{');
            i += 2;
            continue;
        }
        let mut depth = 1;
        let mut j = i + 1;
        while j < chars.len() && depth > 0 {
            match chars[j] {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            j += 1;
        }
        if depth > 0 {
            return Err(value_error(space, "expected '}' before end of string"));
        }
        let field: String = chars[i + 1..j - 1].iter().collect();
        let (field, spec) = match field.find(':') {
            Some(k) => (field[..k].to_owned(), field[k + 1..].to_owned()),
            None => (field, String::new()),
        };
        let (field, conversion) = match field.find('!') {
            Some(k) => (field[..k].to_owned(), field[k + 1..].chars().next()),
            None => (field, None),
        };
        let name_end = field.find(['.', '[']).unwrap_or(field.len());
        let (first, accessors) = field.split_at(name_end);
        let mut value = if first.is_empty() {
            let v = positional.get(auto).copied().ok_or_else(|| {
                space.new_exception(ExcKind::IndexError, &format!("Replacement index {auto} out of range for positional args tuple"))
            })?;
            auto += 1;
            v
        } else if let Ok(n) = first.parse::<usize>() {
            positional.get(n).copied().ok_or_else(|| {
                space.new_exception(ExcKind::IndexError, &format!("Replacement index {n} out of range for positional args tuple"))
            })?
        } else {
            args.keywords
                .iter()
                .find(|(k, _)| unicode::eq_text(*k, first))
                .map(|&(_, v)| v)
                .ok_or_else(|| space.new_exception_args(ExcKind::KeyError, &[new_str(first)]))?
        };
        let mut rest = accessors;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('.') {
                let end = after.find(['.', '[']).unwrap_or(after.len());
                value = objspace::getattr(value, new_str(&after[..end]))?;
                rest = &after[end..];
            } else if let Some(after) = rest.strip_prefix('[') {
                let end = after.find(']').ok_or_else(|| value_error(space, "Missing ']' in format string"))?;
                let key = &after[..end];
                let key = key.parse::<i64>().map(heap_int).unwrap_or_else(|_| new_str(key));
                value = objspace::getitem(value, key)?;
                rest = &after[end + 1..];
            } else {
                return Err(value_error(space, "Only '.' or '[' may follow ']' in format field specifier"));
            }
        }
        let value = match conversion {
            Some('r') => objspace::repr_obj(value)?,
            Some('s') => objspace::str_obj(value)?,
            Some('a') => new_str(&format::ascii(&objspace::repr(value)?)),
            _ => value,
        };
        out.push_str(&unicode::to_string_lossy(format::format(value, &spec)?));
        i = j;
    }
    Ok(new_str(&out))
}

fn str_test(space: &'static Space, args: &Args, name: &str, test: fn(char) -> bool, cased: bool) -> PyResult<GcRef> {
    let (s, _) = method_args(space, name, args, 0, 0)?;
    let text = self_text(s);
    let ok = if cased {
        text.chars().any(char::is_alphabetic) && text.chars().filter(|c| c.is_alphabetic()).all(test)
    } else {
        !text.is_empty() && text.chars().all(test)
    };
    Ok(space.w_bool(ok))
}

fn str_isdigit(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    str_test(space, args, "isdigit", |c| unicode::decimal_value(c as u32).is_some(), false)
}

fn str_isalpha(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    str_test(space, args, "isalpha", char::is_alphabetic, false)
}

fn str_isalnum(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    str_test(space, args, "isalnum", char::is_alphanumeric, false)
}

fn str_isspace(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    str_test(space, args, "isspace", unicode::is_space, false)
}

fn str_isupper(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    str_test(space, args, "isupper", char::is_uppercase, true)
}

fn str_islower(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    str_test(space, args, "islower", char::is_lowercase, true)
}

fn str_justify(space: &'static Space, args: &Args, name: &str, align: char) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, name, args, 1, 2)?;
    let width = int_arg(space, rest[0])?.max(0) as usize;
    let fill = match rest.get(1) {
        Some(&f) => {
            let t = text_arg(space, f, "The fill character")?;
            let mut cs = t.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => c,
                _ => return Err(type_error(space, "The fill character must be exactly one character long".to_owned())),
            }
        }
        None => ' ',
    };
    let text = self_text(s);
    let len = text.chars().count();
    if len >= width {
        return Ok(s);
    }
    let gap = width - len;
    let fills = |n: usize| std::iter::repeat_n(fill, n).collect::<String>();
    let (left, right) = match align {
        '<' => (0, gap),
        '>' => (gap, 0),
        _ => {
            let left = gap / 2 + (gap & width & 1);
            (left, gap - left)
        }
    };
    Ok(new_str(&format!("{}{text}{}", fills(left), fills(right))))
}

fn str_center(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    str_justify(space, args, "center", '^')
}

fn str_ljust(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    str_justify(space, args, "ljust", '<')
}

fn str_rjust(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    str_justify(space, args, "rjust", '>')
}

fn str_zfill(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "zfill", args, 1, 1)?;
    let width = int_arg(space, rest[0])?.max(0) as usize;
    let text = self_text(s);
    let len = text.chars().count();
    if len >= width {
        return Ok(s);
    }
    let zeros = "0".repeat(width - len);
    let out = match text.strip_prefix(['+', '-']) {
        Some(body) => format!("{}{zeros}{body}", &text[..1]),
        None => format!("{zeros}{text}"),
    };
    Ok(new_str(&out))
}

fn str_splitlines(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, _) = method_args(space, "splitlines", args, 0, 1)?;
    Ok(str_list(self_text(s).lines().map(str::to_owned)))
}

fn str_partition(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "partition", args, 1, 1)?;
    let text = self_text(s);
    let sep = text_arg(space, rest[0], "partition() argument")?;
    if sep.is_empty() {
        return Err(value_error(space, "empty separator"));
    }
    let parts = match text.split_once(sep.as_str()) {
        Some((a, b)) => [a.to_owned(), sep, b.to_owned()],
        None => [text, String::new(), String::new()],
    };
    let items: Vec<GcRef> = parts.iter().map(|p| new_str(p)).collect();
    Ok(W_Tuple::from_slice(&items))
}

// ----- list and tuple -----

fn list_append(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (l, rest) = method_args(space, "list.append", args, 1, 1)?;
    list::append(l, rest[0]);
    Ok(space.none)
}

fn list_pop(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (l, rest) = method_args(space, "pop", args, 0, 1)?;
    let i = match rest.first() {
        Some(&v) => int_arg(space, v)?,
        None => -1,
    };
    list::pop(l, i)
}

fn list_extend(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (l, rest) = method_args(space, "list.extend", args, 1, 1)?;
    let items = objspace::to_vec(rest[0])?;
    list::extend(l, &items);
    Ok(space.none)
}

fn list_insert(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (l, rest) = method_args(space, "insert", args, 2, 2)?;
    list::insert(l, int_arg(space, rest[0])?, rest[1]);
    Ok(space.none)
}

/// The items of a list or tuple.
fn seq_items(seq: GcRef) -> Vec<GcRef> {
    if seq.layout() == W_Tuple::layout() {
        W_Tuple::items(seq)
    } else {
        list::items(seq)
    }
}

fn position(items: &[GcRef], v: GcRef) -> PyResult<Option<usize>> {
    for (i, &item) in items.iter().enumerate() {
        if objspace::eq(item, v)? {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

fn list_remove(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (l, rest) = method_args(space, "list.remove", args, 1, 1)?;
    let mut items = list::items(l);
    match position(&items, rest[0])? {
        Some(i) => {
            items.remove(i);
            list::replace_items(l, &items);
            Ok(space.none)
        }
        None => Err(value_error(space, "list.remove(x): x not in list")),
    }
}

fn list_index(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (l, rest) = method_args(space, "index", args, 1, 1)?;
    match position(&seq_items(l), rest[0])? {
        Some(i) => Ok(heap_int(i as i64)),
        None if l.layout() == W_Tuple::layout() => Err(value_error(space, "tuple.index(x): x not in tuple")),
        None => Err(value_error(space, &format!("{} is not in list", objspace::repr(rest[0])?))),
    }
}

fn list_count(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (l, rest) = method_args(space, "count", args, 1, 1)?;
    let mut n = 0;
    for item in seq_items(l) {
        if objspace::eq(item, rest[0])? {
            n += 1;
        }
    }
    Ok(heap_int(n))
}

fn list_sort(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [l] = args.positional.as_slice() else {
        return Err(type_error(space, "sort() takes no positional arguments".to_owned()));
    };
    let (key, reverse) = sort_options(space, "sort", args)?;
    let mut items = list::items(*l);
    sort_items(&mut items, key, reverse)?;
    list::replace_items(*l, &items);
    Ok(space.none)
}

fn list_reverse(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (l, _) = method_args(space, "reverse", args, 0, 0)?;
    let mut items = list::items(l);
    items.reverse();
    list::replace_items(l, &items);
    Ok(space.none)
}

fn list_copy(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (l, _) = method_args(space, "copy", args, 0, 0)?;
    Ok(list::new_list(&list::items(l)))
}

fn list_clear(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (l, _) = method_args(space, "clear", args, 0, 0)?;
    list::replace_items(l, &[]);
    Ok(space.none)
}

// ----- dict -----

fn dict_get(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (d, rest) = method_args(space, "get", args, 1, 2)?;
    Ok(dict::get(d, rest[0])?.unwrap_or_else(|| rest.get(1).copied().unwrap_or(space.none)))
}

fn dict_view(space: &'static Space, args: &Args, name: &str, layout: &'static metatrace_gc::Layout, field: &metatrace_gc::FieldDescr) -> PyResult<GcRef> {
    let (d, _) = method_args(space, name, args, 0, 0)?;
    Ok(iter::wrap(layout, field, d))
}

fn dict_keys(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    dict_view(space, args, "keys", iter::W_DictKeys::layout(), &iter::W_DictKeys::DICT)
}

fn dict_values(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    dict_view(space, args, "values", iter::W_DictValues::layout(), &iter::W_DictValues::DICT)
}

fn dict_items(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    dict_view(space, args, "items", iter::W_DictItems::layout(), &iter::W_DictItems::DICT)
}

fn dict_setdefault(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (d, rest) = method_args(space, "setdefault", args, 1, 2)?;
    if let Some(v) = dict::get(d, rest[0])? {
        return Ok(v);
    }
    let v = rest.get(1).copied().unwrap_or(space.none);
    dict::set(d, rest[0], v)?;
    Ok(v)
}

fn dict_pop(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (d, rest) = method_args(space, "pop", args, 1, 2)?;
    match dict::get(d, rest[0])? {
        Some(v) => {
            dict::del(d, rest[0])?;
            Ok(v)
        }
        None => rest.get(1).copied().ok_or_else(|| space.new_exception_args(ExcKind::KeyError, &[rest[0]])),
    }
}

fn dict_popitem(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (d, _) = method_args(space, "popitem", args, 0, 0)?;
    let Some(&(k, v)) = dict::items(d).last() else {
        return Err(space.new_exception(ExcKind::KeyError, "popitem(): dictionary is empty"));
    };
    dict::del(d, k)?;
    Ok(W_Tuple::from_slice(&[k, v]))
}

/// Add the items of `source` (a mapping or an iterable of pairs) to dict `d`.
fn dict_merge_from(space: &'static Space, d: GcRef, source: GcRef) -> PyResult<()> {
    if source.layout() == W_Dict::layout() {
        for (k, v) in dict::items(source) {
            dict::set(d, k, v)?;
        }
        return Ok(());
    }
    let pairs = objspace::to_vec(source)?;
    for (i, &pair) in pairs.iter().enumerate() {
        let items = objspace::to_vec(pair).map_err(|_| {
            type_error(space, format!("cannot convert dictionary update sequence element #{i} to a sequence"))
        })?;
        if items.len() != 2 {
            let message =
                format!("dictionary update sequence element #{i} has length {}; 2 is required", items.len());
            return Err(value_error(space, &message));
        }
        dict::set(d, items[0], items[1])?;
    }
    Ok(())
}

fn dict_update(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let Some((&d, rest)) = args.positional.split_first() else {
        return Err(type_error(space, "update needs an argument".to_owned()));
    };
    if rest.len() > 1 {
        return Err(type_error(space, format!("update expected at most 1 argument, got {}", rest.len())));
    }
    if let Some(&source) = rest.first() {
        dict_merge_from(space, d, source)?;
    }
    for &(k, v) in &args.keywords {
        dict::set(d, k, v)?;
    }
    Ok(space.none)
}

fn dict_copy(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (d, _) = method_args(space, "copy", args, 0, 0)?;
    Ok(dict::copy(d))
}

fn dict_clear(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (d, _) = method_args(space, "clear", args, 0, 0)?;
    dict::clear(d);
    Ok(space.none)
}

// ----- set -----

fn set_add(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "set.add", args, 1, 1)?;
    set::add(s, rest[0])?;
    Ok(space.none)
}

fn set_remove(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "set.remove", args, 1, 1)?;
    if set::discard(s, rest[0])? {
        Ok(space.none)
    } else {
        Err(space.new_exception_args(ExcKind::KeyError, &[rest[0]]))
    }
}

fn set_discard(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "set.discard", args, 1, 1)?;
    set::discard(s, rest[0])?;
    Ok(space.none)
}

fn set_pop(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, _) = method_args(space, "pop", args, 0, 0)?;
    let Some(&item) = set::items(s).first() else {
        return Err(space.new_exception(ExcKind::KeyError, "pop from an empty set"));
    };
    set::discard(s, item)?;
    Ok(item)
}

fn set_update(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "update", args, 0, usize::MAX)?;
    for &other in rest {
        set::update(s, &objspace::to_vec(other)?)?;
    }
    Ok(space.none)
}

/// A new set or frozenset like `s` holding `items`.
fn set_like(s: GcRef, items: &[GcRef]) -> PyResult<GcRef> {
    if s.layout() == set::W_FrozenSet::layout() {
        return set::new_frozenset(items);
    }
    let result = set::new_set();
    set::update(result, items)?;
    Ok(result)
}

fn set_union(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "union", args, 0, usize::MAX)?;
    let mut items = set::items(s);
    for &other in rest {
        items.extend(objspace::to_vec(other)?.iter().copied());
    }
    set_like(s, &items)
}

fn set_intersection(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "intersection", args, 0, usize::MAX)?;
    let mut items = set::items(s);
    for &other in rest {
        let other = set_like(set::new_set(), &objspace::to_vec(other)?)?;
        let mut kept = Vec::new();
        for item in items {
            if set::contains(other, item)? {
                kept.push(item);
            }
        }
        items = kept;
    }
    set_like(s, &items)
}

fn set_difference(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "difference", args, 0, usize::MAX)?;
    let mut items = set::items(s);
    for &other in rest {
        let other = set_like(set::new_set(), &objspace::to_vec(other)?)?;
        let mut kept = Vec::new();
        for item in items {
            if !set::contains(other, item)? {
                kept.push(item);
            }
        }
        items = kept;
    }
    set_like(s, &items)
}

fn set_issubset(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "issubset", args, 1, 1)?;
    let other = set_like(set::new_set(), &objspace::to_vec(rest[0])?)?;
    for item in set::items(s) {
        if !set::contains(other, item)? {
            return Ok(space.w_bool(false));
        }
    }
    Ok(space.w_bool(true))
}

fn set_issuperset(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "issuperset", args, 1, 1)?;
    let other = objspace::to_vec(rest[0])?;
    for &item in other.iter() {
        if !set::contains(s, item)? {
            return Ok(space.w_bool(false));
        }
    }
    Ok(space.w_bool(true))
}

fn set_copy(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, _) = method_args(space, "copy", args, 0, 0)?;
    set_like(s, &set::items(s))
}

fn set_clear(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, _) = method_args(space, "clear", args, 0, 0)?;
    for item in set::items(s) {
        set::discard(s, item)?;
    }
    Ok(space.none)
}

// ----- property, generator -----

fn property_with(space: &'static Space, args: &Args, name: &str, field: &metatrace_gc::FieldDescr) -> PyResult<GcRef> {
    let (p, rest) = method_args(space, name, args, 1, 1)?;
    let copy = metatrace_gc::alloc(W_Property::layout());
    for f in [&W_Property::FGET, &W_Property::FSET, &W_Property::FDEL, &W_Property::DOC] {
        gc::set_ref(copy, f, gc::get_ref(p, f));
    }
    gc::set_ref(copy, field, rest[0]);
    Ok(copy)
}

fn property_setter(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    property_with(space, args, "setter", &W_Property::FSET)
}

fn property_getter(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    property_with(space, args, "getter", &W_Property::FGET)
}

fn property_deleter(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    property_with(space, args, "deleter", &W_Property::FDEL)
}

fn generator_send(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (g, rest) = method_args(space, "send", args, 1, 1)?;
    if g.layout() != W_Generator::layout() {
        return Err(type_error(space, "send() of a non-generator".to_owned()));
    }
    let fresh = gc::get_i64(g, &W_Generator::PC) >= 0
        && Code::of(gc::get_ref(gc::get_ref(g, &W_Generator::FRAME), &crate::frame::W_Frame::CODE))
            .object
            .instructions
            .get(gc::get_i64(g, &W_Generator::PC) as usize - 1)
            .is_some_and(|i| matches!(i, ripy_compiler::Instr::ReturnGenerator));
    if fresh && rest[0] != space.none {
        return Err(type_error(space, "can't send non-None value to a just-started generator".to_owned()));
    }
    generator::resume(g, rest[0])?.ok_or_else(|| space.new_exception_args(ExcKind::StopIteration, &[]))
}

// ----- constructors of builtin types -----

/// `cls(*args)` for a builtin type; `None` when `cls` is not one with a constructor here.
pub fn construct(space: &'static Space, cls: GcRef, args: &Args) -> Option<PyResult<GcRef>> {
    let name = typeobject::name(cls);
    let builtin_type = gc::get_i64(cls, &W_Type::FLAGS) & typeobject::flags::HEAPTYPE == 0;
    if !builtin_type || typeobject::instance_layout(cls) == typeobject::InstanceLayout::Exception {
        return None;
    }
    Some(match name.as_str() {
        "object" => {
            if !args.positional.is_empty() || !args.keywords.is_empty() {
                Err(type_error(space, "object() takes no arguments".to_owned()))
            } else {
                Ok(mapdict::new_object(W_Instance::layout(), cls))
            }
        }
        "type" => new_type(space, args),
        "int" => new_int(space, args),
        "float" => new_float(space, args),
        "str" => new_str_obj(space, args),
        "bool" => expect(space, "bool", args, 0, 1)
            .and_then(|a| a.first().map_or(Ok(false), |&v| objspace::truthy(v)))
            .map(|b| space.w_bool(b)),
        "list" => expect(space, "list", args, 0, 1)
            .and_then(|a| a.first().map_or_else(|| Ok(objspace::RootedVec::new()), |&v| objspace::to_vec(v)))
            .map(|items| list::new_list(&items)),
        "tuple" => expect(space, "tuple", args, 0, 1)
            .and_then(|a| a.first().map_or_else(|| Ok(objspace::RootedVec::new()), |&v| objspace::to_vec(v)))
            .map(|items| W_Tuple::from_slice(&items)),
        "set" => expect(space, "set", args, 0, 1).and_then(|a| {
            let s = set::new_set();
            if let Some(&v) = a.first() {
                set::update(s, &objspace::to_vec(v)?)?;
            }
            Ok(s)
        }),
        "frozenset" => expect(space, "frozenset", args, 0, 1)
            .and_then(|a| a.first().map_or_else(|| Ok(objspace::RootedVec::new()), |&v| objspace::to_vec(v)))
            .and_then(|items| set::new_frozenset(&items)),
        "dict" => new_dict(space, args),
        "range" => new_range(space, args),
        "enumerate" => new_enumerate(space, args),
        "zip" => no_keywords(space, "zip", args).and_then(|_| {
            let iters: Vec<GcRef> = args.positional.iter().map(|&a| objspace::iter(a)).collect::<PyResult<_>>()?;
            Ok(iter::wrap(W_Zip::layout(), &W_Zip::ITERS, W_Tuple::from_slice(&iters)))
        }),
        "reversed" => new_reversed(space, args),
        "map" => {
            if args.positional.len() < 2 {
                Err(type_error(space, "map() must have at least two arguments.".to_owned()))
            } else {
                args.positional[1..].iter().map(|&a| objspace::iter(a)).collect::<PyResult<Vec<_>>>().map(|iters| {
                    let m = iter::wrap(W_MapIter::layout(), &W_MapIter::FUNC, args.positional[0]);
                    gc::set_ref(m, &W_MapIter::ITERS, W_Tuple::from_slice(&iters));
                    m
                })
            }
        }
        "filter" => expect(space, "filter", args, 2, 2).and_then(|a| {
            let f = iter::wrap(W_FilterIter::layout(), &W_FilterIter::FUNC, a[0]);
            gc::set_ref(f, &W_FilterIter::ITER, objspace::iter(a[1])?);
            Ok(f)
        }),
        "property" => {
            let allowed = ["fget", "fset", "fdel", "doc"];
            let p = metatrace_gc::alloc(W_Property::layout());
            let fields = [&W_Property::FGET, &W_Property::FSET, &W_Property::FDEL, &W_Property::DOC];
            let mut result = Ok(p);
            for (k, (field, key)) in fields.iter().zip(allowed).enumerate() {
                let v = match args.positional.get(k).copied().map(Ok).unwrap_or_else(|| keyword(space, "property", args, &allowed, key).map(|v| v.unwrap_or(GcRef::NULL))) {
                    Ok(v) => v,
                    Err(e) => {
                        result = Err(e);
                        break;
                    }
                };
                gc::set_ref(p, field, if v == space.none { GcRef::NULL } else { v });
            }
            result
        }
        "classmethod" => one(space, "classmethod", args).map(|f| iter::wrap(W_ClassMethod::layout(), &W_ClassMethod::FUNC, f)),
        "staticmethod" => one(space, "staticmethod", args).map(|f| iter::wrap(W_StaticMethod::layout(), &W_StaticMethod::FUNC, f)),
        "super" => new_super(space, args),
        "slice" => expect(space, "slice", args, 1, 3).map(|a| match a {
            [stop] => iter::new_slice(space.none, *stop, space.none),
            [start, stop] => iter::new_slice(*start, *stop, space.none),
            _ => iter::new_slice(a[0], a[1], a[2]),
        }),
        _ => Err(type_error(space, format!("cannot create '{name}' instances"))),
    })
}

fn new_type(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    match args.positional.as_slice() {
        [v] => Ok(space.type_of(*v)),
        [name, bases, namespace] => {
            let name = if name.layout() == W_Str::layout() {
                *name
            } else {
                return Err(type_error(space, format!("type.__new__() argument 1 must be str, not {}", space.type_name(*name))));
            };
            if bases.layout() != W_Tuple::layout() {
                return Err(type_error(space, format!("type.__new__() argument 2 must be tuple, not {}", space.type_name(*bases))));
            }
            if namespace.layout() != W_Dict::layout() {
                return Err(type_error(space, format!("type.__new__() argument 3 must be dict, not {}", space.type_name(*namespace))));
            }
            let ns = dict::copy(*namespace);
            if dict::get_str(ns, space.intern("__module__")).is_none() {
                dict::set_str(ns, space.intern("__module__"), space.intern("__main__"));
            }
            typeobject::new_type(space, space.type_type, name, &W_Tuple::items(*bases), ns)
        }
        _ => Err(type_error(space, "type() takes 1 or 3 arguments".to_owned())),
    }
}

fn new_int(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let base_kw = keyword(space, "int", args, &["base"], "base")?;
    let (value, base) = match (args.positional.as_slice(), base_kw) {
        ([], None) => return Ok(heap_int(0)),
        ([v], b) => (*v, b),
        ([v, b], None) => (*v, Some(*b)),
        _ => return Err(type_error(space, format!("int() takes at most 2 arguments ({} given)", args.positional.len()))),
    };
    if let Some(b) = base {
        let b = int_arg(space, b)?;
        if value.layout() != W_Str::layout() {
            return Err(type_error(space, "int() can't convert non-string with explicit base".to_owned()));
        }
        if b != 0 && !(2..=36).contains(&b) {
            return Err(value_error(space, "int() base must be >= 2 and <= 36, or 0"));
        }
        return bigint::parse_int_str(value, b);
    }
    let layout = value.layout();
    if layout == W_Int::layout() || layout == W_Long::layout() {
        return Ok(value);
    }
    if layout == W_Bool::layout() {
        return Ok(heap_int(gc::get_i64(value, &W_Bool::VALUE)));
    }
    if layout == W_Float::layout() {
        return bigint::from_float(gc::get_f64(value, &W_Float::VALUE));
    }
    if layout == W_Str::layout() {
        return bigint::parse_int_str(value, 10);
    }
    for name in ["__int__", "__index__"] {
        if let Some(f) = objspace::lookup_user(value, name) {
            return objspace::call_bound(f, value, &Args::default());
        }
    }
    let message = format!("int() argument must be a string, a bytes-like object or a real number, not '{}'", space.type_name(value));
    Err(type_error(space, message))
}

fn new_float(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "float", args, 0, 1)?;
    let Some(&v) = a.first() else { return Ok(heap_float(0.0)) };
    if v.layout() == W_Float::layout() {
        return Ok(v);
    }
    if v.layout() == W_Str::layout() {
        return float::parse(v).map(heap_float);
    }
    if let Some(f) = format::float_of(v) {
        return Ok(heap_float(f));
    }
    if let Some(i) = bigint::to_ibig(v) {
        return bigint::to_f64(&i).map(heap_float);
    }
    if let Some(f) = objspace::lookup_user(v, "__float__") {
        return objspace::call_bound(f, v, &Args::default());
    }
    let message = format!("float() argument must be a string or a real number, not '{}'", space.type_name(v));
    Err(type_error(space, message))
}

fn new_str_obj(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "str", args, 0, 1)?;
    match a.first() {
        Some(&v) => objspace::str_obj(v),
        None => Ok(space.empty_str),
    }
}

fn new_dict(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let d = dict::new();
    match args.positional.as_slice() {
        [] => {}
        [source] => dict_merge_from(space, d, *source)?,
        more => return Err(type_error(space, format!("dict expected at most 1 argument, got {}", more.len()))),
    }
    for &(k, v) in &args.keywords {
        dict::set(d, k, v)?;
    }
    Ok(d)
}

fn new_range(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    no_keywords(space, "range", args)?;
    let ints: Vec<i64> = args.positional.iter().map(|&v| int_arg(space, v)).collect::<PyResult<_>>()?;
    let (start, stop, step) = match ints.as_slice() {
        [stop] => (0, *stop, 1),
        [start, stop] => (*start, *stop, 1),
        [start, stop, step] => (*start, *stop, *step),
        [] => return Err(type_error(space, "range expected at least 1 argument, got 0".to_owned())),
        more => return Err(type_error(space, format!("range expected at most 3 arguments, got {}", more.len()))),
    };
    if step == 0 {
        return Err(value_error(space, "range() arg 3 must not be zero"));
    }
    Ok(iter::new_range(start, stop, step))
}

fn new_enumerate(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let allowed = ["iterable", "start"];
    let iterable = args.positional.first().copied().or(keyword(space, "enumerate", args, &allowed, "iterable")?);
    let Some(iterable) = iterable else {
        return Err(type_error(space, "enumerate() missing required argument 'iterable' (pos 1)".to_owned()));
    };
    let start = match args.positional.get(1).copied().or(keyword(space, "enumerate", args, &allowed, "start")?) {
        Some(s) => int_arg(space, s)?,
        None => 0,
    };
    let e = iter::wrap(W_Enumerate::layout(), &W_Enumerate::ITER, objspace::iter(iterable)?);
    gc::set_i64(e, &W_Enumerate::COUNT, start);
    Ok(e)
}

fn new_reversed(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "reversed", args, 1, 1)?;
    let seq = a[0];
    if let Some(f) = objspace::lookup_user(seq, "__reversed__") {
        return objspace::call_bound(f, seq, &Args::default());
    }
    if seq.layout() == W_Range::layout() {
        let (start, step, n) = (gc::get_i64(seq, &W_Range::START), gc::get_i64(seq, &W_Range::STEP), gc::get_i64(seq, &W_Range::LENGTH));
        let last = start + (n - 1) * step;
        return objspace::iter(iter::new_range(last, last - n * step, -step));
    }
    let sequence = [W_List::layout(), W_Tuple::layout(), W_Str::layout()].contains(&seq.layout())
        || objspace::lookup_user(seq, "__getitem__").is_some();
    if !sequence {
        return Err(type_error(space, format!("'{}' object is not reversible", space.type_name(seq))));
    }
    if seq.layout() == W_Dict::layout() {
        let keys: Vec<GcRef> = dict::items(seq).into_iter().rev().map(|(k, _)| k).collect();
        return Ok(iter::snapshot_iter(&keys));
    }
    let r = iter::wrap(W_Reversed::layout(), &W_Reversed::SEQ, seq);
    gc::set_i64(r, &W_Reversed::INDEX, objspace::len(seq)? as i64 - 1);
    Ok(r)
}

fn new_super(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "super", args, 2, 2)?;
    let (ty, obj) = (a[0], a[1]);
    if ty.layout() != W_Type::layout() {
        return Err(type_error(space, format!("super() argument 1 must be a type, not {}", space.type_name(ty))));
    }
    let obj_type = if obj.layout() == W_Type::layout() && typeobject::is_subtype(obj, ty) { obj } else { space.type_of(obj) };
    if !typeobject::is_subtype(obj_type, ty) {
        return Err(type_error(space, "super(type, obj): obj must be an instance or subtype of type".to_owned()));
    }
    let s = metatrace_gc::alloc(W_Super::layout());
    gc::set_ref(s, &W_Super::TYPE_, ty);
    gc::set_ref(s, &W_Super::OBJ, obj);
    gc::set_ref(s, &W_Super::OBJ_TYPE, obj_type);
    Ok(s)
}

/// `repr()` of the objects [`crate::repr`] does not know (functions, ranges, iterators, ...).
pub fn runtime_repr(obj: GcRef) -> Option<String> {
    let space = Space::get();
    let layout = obj.layout();
    Some(if layout == W_Function::layout() {
        format!("<function {} at {:#x}>", function::qualname(obj), obj.addr())
    } else if layout == W_Builtin::layout() {
        let def = &TABLE[gc::get_i64(obj, &W_Builtin::INDEX) as usize];
        let bound = gc::get_ref(obj, &W_Builtin::SELF_);
        if bound.is_null() {
            format!("<built-in function {}>", def.name)
        } else {
            format!("<built-in method {} of {} object at {:#x}>", def.name, space.type_name(bound), bound.addr())
        }
    } else if layout == crate::function::W_Method::layout() {
        let func = gc::get_ref(obj, &crate::function::W_Method::FUNC);
        let self_ = gc::get_ref(obj, &crate::function::W_Method::SELF_);
        let name = if func.layout() == W_Function::layout() { function::qualname(func) } else { "?".to_owned() };
        let self_repr = repr::repr(self_).unwrap_or_default();
        format!("<bound method {name} of {self_repr}>")
    } else if layout == W_Range::layout() {
        let (start, stop, step) = (gc::get_i64(obj, &W_Range::START), gc::get_i64(obj, &W_Range::STOP), gc::get_i64(obj, &W_Range::STEP));
        if step == 1 {
            format!("range({start}, {stop})")
        } else {
            format!("range({start}, {stop}, {step})")
        }
    } else if layout == iter::W_Slice::layout() {
        let part = |f| repr::repr(gc::get_ref(obj, f)).unwrap_or_default();
        format!("slice({}, {}, {})", part(&iter::W_Slice::START), part(&iter::W_Slice::STOP), part(&iter::W_Slice::STEP))
    } else if iter::is_view(obj) {
        let items: Vec<String> = iter::view_items(obj).iter().map(|&i| repr::repr(i).unwrap_or_default()).collect();
        format!("{}([{}])", space.type_name(obj), items.join(", "))
    } else if layout == W_Generator::layout() {
        let frame = gc::get_ref(obj, &W_Generator::FRAME);
        let code = Code::of(gc::get_ref(frame, &crate::frame::W_Frame::CODE));
        format!("<generator object {} at {:#x}>", code.object.qualname, obj.addr())
    } else if layout == W_Cell::layout() {
        format!("<cell at {:#x}>", obj.addr())
    } else {
        format!("<{} object at {:#x}>", space.type_name(obj), obj.addr())
    })
}

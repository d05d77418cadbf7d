//! The container dunders of the builtin types (`list.__getitem__`, `dict.__setitem__`,
//! `str.__len__`, ...), for code that calls them explicitly: each does what the operation does.

use super::*;

/// The types that get the dunders here.
macro_rules! container_defs {
    ($($ty:literal: [$($name:literal => $f:ident),*];)*) => {
        &[$($(method($ty, $name, $f),)*)*]
    };
}

/// The builtins defined here.
pub(super) static DEFS: &[BuiltinDef] = container_defs![
    "list": ["__add__" => add, "__iadd__" => iadd, "__mul__" => mul, "__rmul__" => mul, "__imul__" => imul, "__getitem__" => getitem, "__setitem__" => setitem, "__delitem__" => delitem, "__len__" => len,
             "__contains__" => contains, "__iter__" => iter_dunder];
    "dict": ["__or__" => dict_or, "__ror__" => dict_ror, "__ior__" => dict_ior, "__getitem__" => getitem, "__setitem__" => setitem, "__delitem__" => delitem, "__len__" => len,
             "__contains__" => contains, "__iter__" => iter_dunder, "__reversed__" => reversed_dunder];
    "tuple": ["__add__" => add, "__mul__" => mul, "__rmul__" => mul, "__getitem__" => getitem, "__len__" => len, "__contains__" => contains, "__iter__" => iter_dunder];
    "str": ["__add__" => add, "__mul__" => mul, "__rmul__" => mul, "__mod__" => modulo, "__rmod__" => rmodulo, "__getitem__" => getitem, "__len__" => len, "__contains__" => contains, "__iter__" => iter_dunder];
    "bytes": ["__add__" => add, "__mul__" => mul, "__rmul__" => mul, "__mod__" => modulo, "__rmod__" => rmodulo, "__getitem__" => getitem, "__len__" => len, "__contains__" => contains, "__iter__" => iter_dunder];
    "bytearray": ["__add__" => add, "__iadd__" => iadd, "__mul__" => mul, "__rmul__" => mul, "__imul__" => imul, "__mod__" => modulo, "__rmod__" => rmodulo, "__getitem__" => getitem, "__setitem__" => setitem, "__delitem__" => delitem, "__len__" => len,
                  "__contains__" => contains, "__iter__" => iter_dunder];
    "set": ["__len__" => len, "__contains__" => contains, "__iter__" => iter_dunder,
            "__sub__" => set_sub, "__rsub__" => set_rsub, "__and__" => set_and, "__rand__" => set_rand,
            "__or__" => set_or, "__ror__" => set_ror, "__xor__" => set_xor, "__rxor__" => set_rxor,
            "__isub__" => set_isub, "__iand__" => set_iand, "__ior__" => set_ior, "__ixor__" => set_ixor];
    "frozenset": ["__len__" => len, "__contains__" => contains, "__iter__" => iter_dunder,
                  "__sub__" => set_sub, "__rsub__" => set_rsub, "__and__" => set_and, "__rand__" => set_rand,
                  "__or__" => set_or, "__ror__" => set_ror, "__xor__" => set_xor, "__rxor__" => set_rxor];
    "range": ["__getitem__" => getitem, "__len__" => len, "__contains__" => contains, "__iter__" => iter_dunder];
    "dict_keys": ["__len__" => len, "__contains__" => contains, "__iter__" => iter_dunder, "__reversed__" => reversed_dunder];
    "dict_items": ["__len__" => len, "__contains__" => contains, "__iter__" => iter_dunder, "__reversed__" => reversed_dunder];
    "dict_values": ["__len__" => len, "__iter__" => iter_dunder, "__reversed__" => reversed_dunder];
];

fn getitem(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (c, rest) = method_args(space, "__getitem__", args, 1, 1)?;
    objspace::getitem(c, rest[0])
}

fn setitem(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (c, rest) = method_args(space, "__setitem__", args, 2, 2)?;
    objspace::setitem(c, rest[0], rest[1])?;
    Ok(space.none)
}

fn delitem(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (c, rest) = method_args(space, "__delitem__", args, 1, 1)?;
    objspace::delitem(c, rest[0])?;
    Ok(space.none)
}

fn len(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (c, _) = method_args(space, "__len__", args, 0, 0)?;
    Ok(heap_int(objspace::len(c)? as i64))
}

fn contains(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (c, rest) = method_args(space, "__contains__", args, 1, 1)?;
    Ok(space.w_bool(objspace::contains(c, rest[0])?))
}

fn iter_dunder(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (c, _) = method_args(space, "__iter__", args, 0, 0)?;
    objspace::iter(c)
}

/// `reversed(d)` of a dict or dict view.
fn reversed_dunder(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (c, _) = method_args(space, "__reversed__", args, 0, 0)?;
    Ok(crate::iter::reversed_builtin(c).unwrap_or(space.not_implemented))
}

/// A set operator dunder `name`: `NotImplemented` unless the other operand is a set or
/// frozenset; `reflected` ones apply the operator with the operands swapped.
fn set_binop(
    space: &'static Space,
    args: &Args,
    name: &str,
    op: crate::ops::BinOp,
    reflected: bool,
) -> PyResult<GcRef> {
    let (a, rest) = method_args(space, name, args, 1, 1)?;
    let b = rest[0];
    if !crate::set::is_set(crate::subclass::unwrap(b)) {
        return Ok(space.not_implemented);
    }
    let inplace = name.starts_with("__i");
    let (x, y) = if reflected { (b, a) } else { (a, b) };
    objspace::binary_op(op, inplace, x, y)
}

/// Defines the set operator dunders over [`set_binop`].
macro_rules! set_dunders {
    ($($f:ident: $name:literal, $op:ident, $reflected:literal;)*) => {
        $(fn $f(space: &'static Space, args: &Args) -> PyResult<GcRef> {
            set_binop(space, args, $name, crate::ops::BinOp::$op, $reflected)
        })*
    };
}

set_dunders! {
    set_sub: "__sub__", Sub, false;
    set_rsub: "__rsub__", Sub, true;
    set_and: "__and__", And, false;
    set_rand: "__rand__", And, true;
    set_or: "__or__", Or, false;
    set_ror: "__ror__", Or, true;
    set_xor: "__xor__", Xor, false;
    set_rxor: "__rxor__", Xor, true;
    set_isub: "__isub__", Sub, false;
    set_iand: "__iand__", And, false;
    set_ior: "__ior__", Or, false;
    set_ixor: "__ixor__", Xor, false;
}

fn add(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (a, rest) = method_args(space, "__add__", args, 1, 1)?;
    objspace::binary_op(crate::ops::BinOp::Add, false, a, rest[0])
}

/// `list.__iadd__(other)` and `bytearray.__iadd__(other)`: extends the sequence in place (a
/// list by the items of any iterable, a bytearray by a bytes-like object).
fn iadd(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (a, rest) = method_args(space, "__iadd__", args, 1, 1)?;
    objspace::binary_op(crate::ops::BinOp::Add, true, a, rest[0])
}

/// `list.__imul__(n)` and `bytearray.__imul__(n)`: repeats the sequence in place.
fn imul(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (a, rest) = method_args(space, "__imul__", args, 1, 1)?;
    let message = format!("'{}' object cannot be interpreted as an integer", space.type_name(rest[0]));
    let n = objspace::index_value(rest[0], &message)?;
    objspace::binary_op(crate::ops::BinOp::Mul, true, a, heap_int(n))
}

/// `seq.__mul__(n)` and `seq.__rmul__(n)`: `TypeError` unless `n` is an index, as CPython's
/// `sq_repeat` wrappers.
fn mul(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (a, rest) = method_args(space, "__mul__", args, 1, 1)?;
    let n = if bigint::to_ibig(rest[0]).is_some() {
        rest[0]
    } else {
        let message = format!("'{}' object cannot be interpreted as an integer", space.type_name(rest[0]));
        heap_int(objspace::index_value_clamped(rest[0], &message)?)
    };
    objspace::binary_op(crate::ops::BinOp::Mul, false, a, n)
}

fn modulo(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (a, rest) = method_args(space, "__mod__", args, 1, 1)?;
    objspace::binary_op(crate::ops::BinOp::Mod, false, a, rest[0])
}

/// `s.__rmod__(format)`: `format % s` when `format` is of the builtin type of `s` (a str, bytes
/// or bytearray, or a subclass), else `NotImplemented`, as CPython's formatting slots.
fn rmodulo(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (a, rest) = method_args(space, "__rmod__", args, 1, 1)?;
    let kind = crate::subclass::builtin_base(space.type_of(a));
    if !crate::typeobject::is_subtype(space.type_of(rest[0]), kind) {
        return Ok(space.not_implemented);
    }
    objspace::binary_op(crate::ops::BinOp::Mod, false, rest[0], a)
}

/// `d.__or__(other)` and `d.__ror__(other)`: a merged copy; `NotImplemented` unless `other` is a dict.
fn dict_merge(space: &'static Space, args: &Args, name: &str, reflected: bool) -> PyResult<GcRef> {
    let (d, rest) = method_args(space, name, args, 1, 1)?;
    if rest[0].layout() != W_Dict::layout() {
        return Ok(space.not_implemented);
    }
    let (a, b) = if reflected { (rest[0], d) } else { (d, rest[0]) };
    objspace::binary_op(crate::ops::BinOp::Or, false, a, b)
}

fn dict_or(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    dict_merge(space, args, "__or__", false)
}

fn dict_ror(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    dict_merge(space, args, "__ror__", true)
}

fn dict_ior(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (d, rest) = method_args(space, "__ior__", args, 1, 1)?;
    super::dict_merge_from(space, d, rest[0])?;
    Ok(d)
}

//! The operator dunders of `int`, `float` and `complex` (`(5).__add__(3)`, `float.__lt__`,
//! ...): each answers `NotImplemented` for an operand its type does not accept, as CPython's
//! slot wrappers do, and otherwise computes what the operator computes.

use super::*;
use crate::ops::{BinOp, CmpOp, UnaryOp};

/// The builtins defined here.
pub(super) static DEFS: &[BuiltinDef] = &[
    method("int", "__add__", num_add),
    method("int", "__radd__", num_radd),
    method("int", "__sub__", num_sub),
    method("int", "__rsub__", num_rsub),
    method("int", "__mul__", num_mul),
    method("int", "__rmul__", num_rmul),
    method("int", "__truediv__", num_truediv),
    method("int", "__rtruediv__", num_rtruediv),
    method("int", "__floordiv__", num_floordiv),
    method("int", "__rfloordiv__", num_rfloordiv),
    method("int", "__mod__", num_mod),
    method("int", "__rmod__", num_rmod),
    method("int", "__pow__", num_pow),
    method("int", "__rpow__", num_rpow),
    method("int", "__lshift__", num_lshift),
    method("int", "__rlshift__", num_rlshift),
    method("int", "__rshift__", num_rshift),
    method("int", "__rrshift__", num_rrshift),
    method("int", "__and__", num_and),
    method("int", "__rand__", num_rand),
    method("int", "__or__", num_or),
    method("int", "__ror__", num_ror),
    method("int", "__xor__", num_xor),
    method("int", "__rxor__", num_rxor),
    method("int", "__eq__", num_eq),
    method("int", "__ne__", num_ne),
    method("int", "__lt__", num_lt),
    method("int", "__le__", num_le),
    method("int", "__gt__", num_gt),
    method("int", "__ge__", num_ge),
    method("int", "__neg__", num_neg),
    method("int", "__pos__", num_pos),
    method("int", "__abs__", num_abs),
    method("int", "__bool__", num_bool),
    method("int", "__hash__", num_hash),
    method("int", "__invert__", num_invert),
    method("int", "__divmod__", num_divmod),
    method("int", "__rdivmod__", num_rdivmod),
    method("float", "__add__", num_add),
    method("float", "__radd__", num_radd),
    method("float", "__sub__", num_sub),
    method("float", "__rsub__", num_rsub),
    method("float", "__mul__", num_mul),
    method("float", "__rmul__", num_rmul),
    method("float", "__truediv__", num_truediv),
    method("float", "__rtruediv__", num_rtruediv),
    method("float", "__floordiv__", num_floordiv),
    method("float", "__rfloordiv__", num_rfloordiv),
    method("float", "__mod__", num_mod),
    method("float", "__rmod__", num_rmod),
    method("float", "__pow__", num_pow),
    method("float", "__rpow__", num_rpow),
    method("float", "__eq__", num_eq),
    method("float", "__ne__", num_ne),
    method("float", "__lt__", num_lt),
    method("float", "__le__", num_le),
    method("float", "__gt__", num_gt),
    method("float", "__ge__", num_ge),
    method("float", "__neg__", num_neg),
    method("float", "__pos__", num_pos),
    method("float", "__abs__", num_abs),
    method("float", "__bool__", num_bool),
    method("float", "__hash__", num_hash),
    method("float", "__divmod__", num_divmod),
    method("float", "__rdivmod__", num_rdivmod),
    method("complex", "__add__", num_add),
    method("complex", "__radd__", num_radd),
    method("complex", "__sub__", num_sub),
    method("complex", "__rsub__", num_rsub),
    method("complex", "__mul__", num_mul),
    method("complex", "__rmul__", num_rmul),
    method("complex", "__truediv__", num_truediv),
    method("complex", "__rtruediv__", num_rtruediv),
    method("complex", "__pow__", num_pow),
    method("complex", "__rpow__", num_rpow),
    method("complex", "__eq__", num_eq),
    method("complex", "__ne__", num_ne),
    method("complex", "__lt__", num_lt),
    method("complex", "__le__", num_le),
    method("complex", "__gt__", num_gt),
    method("complex", "__ge__", num_ge),
    method("complex", "__neg__", num_neg),
    method("complex", "__pos__", num_pos),
    method("complex", "__abs__", num_abs),
    method("complex", "__bool__", num_bool),
    method("complex", "__hash__", num_hash),
];

/// Whether a number method of `this` accepts `other` as its operand: ints take ints, floats
/// take ints and floats, complex numbers take all three.
fn accepts(this: GcRef, other: GcRef) -> bool {
    let is_int = |v: GcRef| bigint::to_ibig(v).is_some();
    let is_float = |v: GcRef| v.layout() == W_Float::layout();
    if is_int(this) {
        is_int(other)
    } else if is_float(this) {
        is_int(other) || is_float(other)
    } else {
        is_int(other) || is_float(other) || crate::complex::value(other).is_some()
    }
}

/// The object and operand of a binary dunder (`expected 1 argument, got 0`), as their builtin
/// values: the method computes on an instance of a subclass as on its value (`int.__mul__` of
/// two instances of an int subclass multiplies their ints, whatever the subclass overrides).
fn operands(space: &'static Space, name: &str, args: &Args) -> PyResult<(GcRef, GcRef)> {
    no_keywords(space, name, args)?;
    match args.positional.as_slice() {
        [a, b] => Ok((crate::subclass::unwrap(*a), crate::subclass::unwrap(*b))),
        [] => Err(type_error(space, format!("unbound method {name}() needs an argument"))),
        more => Err(type_error(space, format!("expected 1 argument, got {}", more.len() - 1))),
    }
}

/// `a.__op__(b)` (or `a.__rop__(b)`, which computes `b op a`).
fn number_dunder(space: &'static Space, args: &Args, name: &str, op: BinOp, reflected: bool) -> PyResult<GcRef> {
    let (a, b) = operands(space, name, args)?;
    if !accepts(a, b) {
        return Ok(space.not_implemented);
    }
    let (x, y) = if reflected { (b, a) } else { (a, b) };
    objspace::binary_op(op, false, x, y)
}

/// `a.__cmp__(b)`.
fn number_compare(space: &'static Space, args: &Args, name: &str, op: CmpOp) -> PyResult<GcRef> {
    let (a, b) = operands(space, name, args)?;
    let ordering = !matches!(op, CmpOp::Eq | CmpOp::Ne);
    if !accepts(a, b) || (ordering && crate::complex::value(a).is_some()) {
        return Ok(space.not_implemented);
    }
    objspace::compare_op(op, a, b)
}

/// `a.__divmod__(b)` and its reflection.
fn divmod_dunder(space: &'static Space, args: &Args, name: &str, reflected: bool) -> PyResult<GcRef> {
    let (a, b) = operands(space, name, args)?;
    if !accepts(a, b) {
        return Ok(space.not_implemented);
    }
    let (x, y) = if reflected { (b, a) } else { (a, b) };
    let divmod = dict::get_str(space.builtins, space.intern("divmod")).unwrap_or(space.none);
    objspace::call(divmod, &[x, y])
}

fn num_divmod(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    divmod_dunder(space, args, "__divmod__", false)
}

fn num_rdivmod(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    divmod_dunder(space, args, "__rdivmod__", true)
}

/// A unary dunder: the operator applied with the interpreter's own rules.
fn unary_dunder(space: &'static Space, args: &Args, name: &str, op: UnaryOp) -> PyResult<GcRef> {
    let (a, _) = method_args(space, name, args, 0, 0)?;
    crate::interp::with_concrete(|d| crate::ops::unary_op(d, op, a))
}

fn num_neg(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    unary_dunder(space, args, "__neg__", UnaryOp::Neg)
}

fn num_pos(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    unary_dunder(space, args, "__pos__", UnaryOp::Pos)
}

fn num_invert(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    unary_dunder(space, args, "__invert__", UnaryOp::Invert)
}

fn num_abs(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (a, _) = method_args(space, "__abs__", args, 0, 0)?;
    let abs = dict::get_str(space.builtins, space.intern("abs")).unwrap_or(space.none);
    objspace::call(abs, &[a])
}

fn num_bool(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (a, _) = method_args(space, "__bool__", args, 0, 0)?;
    Ok(space.w_bool(objspace::truthy(a)?))
}

fn num_hash(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (a, _) = method_args(space, "__hash__", args, 0, 0)?;
    Ok(heap_int(hash::hash_object(a)?))
}

fn num_add(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    number_dunder(space, args, "__add__", BinOp::Add, false)
}

fn num_radd(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    number_dunder(space, args, "__radd__", BinOp::Add, true)
}

fn num_sub(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    number_dunder(space, args, "__sub__", BinOp::Sub, false)
}

fn num_rsub(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    number_dunder(space, args, "__rsub__", BinOp::Sub, true)
}

fn num_mul(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    number_dunder(space, args, "__mul__", BinOp::Mul, false)
}

fn num_rmul(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    number_dunder(space, args, "__rmul__", BinOp::Mul, true)
}

fn num_truediv(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    number_dunder(space, args, "__truediv__", BinOp::TrueDiv, false)
}

fn num_rtruediv(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    number_dunder(space, args, "__rtruediv__", BinOp::TrueDiv, true)
}

fn num_floordiv(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    number_dunder(space, args, "__floordiv__", BinOp::FloorDiv, false)
}

fn num_rfloordiv(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    number_dunder(space, args, "__rfloordiv__", BinOp::FloorDiv, true)
}

fn num_mod(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    number_dunder(space, args, "__mod__", BinOp::Mod, false)
}

fn num_rmod(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    number_dunder(space, args, "__rmod__", BinOp::Mod, true)
}

fn num_pow(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    number_dunder(space, args, "__pow__", BinOp::Pow, false)
}

fn num_rpow(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    number_dunder(space, args, "__rpow__", BinOp::Pow, true)
}

fn num_lshift(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    number_dunder(space, args, "__lshift__", BinOp::LShift, false)
}

fn num_rlshift(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    number_dunder(space, args, "__rlshift__", BinOp::LShift, true)
}

fn num_rshift(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    number_dunder(space, args, "__rshift__", BinOp::RShift, false)
}

fn num_rrshift(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    number_dunder(space, args, "__rrshift__", BinOp::RShift, true)
}

fn num_and(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    number_dunder(space, args, "__and__", BinOp::And, false)
}

fn num_rand(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    number_dunder(space, args, "__rand__", BinOp::And, true)
}

fn num_or(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    number_dunder(space, args, "__or__", BinOp::Or, false)
}

fn num_ror(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    number_dunder(space, args, "__ror__", BinOp::Or, true)
}

fn num_xor(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    number_dunder(space, args, "__xor__", BinOp::Xor, false)
}

fn num_rxor(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    number_dunder(space, args, "__rxor__", BinOp::Xor, true)
}

fn num_eq(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    number_compare(space, args, "__eq__", CmpOp::Eq)
}

fn num_ne(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    number_compare(space, args, "__ne__", CmpOp::Ne)
}

fn num_lt(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    number_compare(space, args, "__lt__", CmpOp::Lt)
}

fn num_le(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    number_compare(space, args, "__le__", CmpOp::Le)
}

fn num_gt(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    number_compare(space, args, "__gt__", CmpOp::Gt)
}

fn num_ge(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    number_compare(space, args, "__ge__", CmpOp::Ge)
}

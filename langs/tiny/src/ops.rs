//! Operators and indexing, in domain code so that the tracer sees through them: type dispatch on
//! the operands' layouts, then unboxed arithmetic, then a new box (or, for a boolean result, the
//! program's `true` or `false`).
//!
//! Ints are 64-bit; a result that does not fit raises "integer overflow". `/` and `%` on two ints
//! truncate toward zero (C's rules); with a float operand `/` divides exactly and `%` is an error.
//! Mixing an int and a float converts the int. `+` also concatenates strings, and the comparisons
//! order strings bytewise. `==` never fails: values of different types are unequal (an int and a
//! float compare as numbers), lists, objects and functions are equal only to themselves.

use crate::ast::{BinOp, UnaryOp};
use crate::builtins::{concat, raise, str_compare, Fault};
use crate::objects::{new_float, new_int, number_as_float, Array, Bool, Float, Int, List, Prebuilt, Str, Type};
use metatrace::domain::{Domain, FloatCmp, FloatOp, FloatUnary, IntOp, IntUnary, OvfOp};
use metatrace_gc::GcObject;

/// 1 if `v` is truthy, else 0: only `nil` and `false` are falsy.
pub fn truthy<D: Domain>(d: &mut D, v: D::Ref) -> D::Int {
    match Type::of_value(d, v) {
        Type::Bool => d.get_int(v, &Bool::VALUE),
        Type::Nil => d.const_int(0),
        _ => d.const_int(1),
    }
}

/// Apply a unary operator.
pub fn unary<D: Domain>(d: &mut D, prebuilt: &Prebuilt, op: UnaryOp, v: D::Ref, line: i64) -> Result<D::Ref, D::Ref> {
    match op {
        UnaryOp::Not => {
            let t = truthy(d, v);
            let negated = d.int_unary(IntUnary::IsZero, t);
            Ok(prebuilt.bool(d, negated))
        }
        UnaryOp::Neg => match Type::of_value(d, v) {
            Type::Int => {
                let i = d.get_int(v, &Int::VALUE);
                let zero = d.const_int(0);
                checked_int(d, OvfOp::Sub, zero, i, line)
            }
            Type::Float => {
                let f = d.get_float(v, &Float::VALUE);
                let negated = d.float_unary(FloatUnary::Neg, f);
                Ok(new_float(d, negated))
            }
            _ => Err(raise(d, line, Fault::UnaryType(op, v))),
        },
    }
}

/// Apply a binary operator.
pub fn binary<D: Domain>(
    d: &mut D,
    prebuilt: &Prebuilt,
    op: BinOp,
    a: D::Ref,
    b: D::Ref,
    line: i64,
) -> Result<D::Ref, D::Ref> {
    let (ta, tb) = (Type::of_value(d, a), Type::of_value(d, b));
    if matches!(op, BinOp::Eq | BinOp::Ne) {
        let eq = equal(d, a, ta, b, tb)?;
        let result = if op == BinOp::Ne { d.int_unary(IntUnary::IsZero, eq) } else { eq };
        return Ok(prebuilt.bool(d, result));
    }
    let type_error = |d: &mut D| raise(d, line, Fault::BinaryTypes(op, a, b));
    match (ta, tb) {
        (Type::Int, Type::Int) => {
            let x = d.get_int(a, &Int::VALUE);
            let y = d.get_int(b, &Int::VALUE);
            int_binary(d, prebuilt, op, x, y, line).unwrap_or_else(|| Err(type_error(d)))
        }
        _ if ta.is_number() && tb.is_number() => {
            let x = number_as_float(d, a, ta);
            let y = number_as_float(d, b, tb);
            float_binary(d, prebuilt, op, x, y, line).unwrap_or_else(|| Err(type_error(d)))
        }
        (Type::Str, Type::Str) if op == BinOp::Add => concat(d, a, b),
        (Type::Str, Type::Str) if int_comparison(op).is_some() => {
            let order = str_compare(d, a, b)?;
            let zero = d.const_int(0);
            compare_ints(d, prebuilt, op, order, zero).ok_or_else(|| type_error(d))
        }
        _ => Err(raise(d, line, Fault::BinaryTypes(op, a, b))),
    }
}

/// 1 if two values are equal, else 0 (see the module documentation).
fn equal<D: Domain>(d: &mut D, a: D::Ref, ta: Type, b: D::Ref, tb: Type) -> Result<D::Int, D::Ref> {
    Ok(match (ta, tb) {
        (Type::Int, Type::Int) | (Type::Bool, Type::Bool) => {
            let field = if ta == Type::Int { &Int::VALUE } else { &Bool::VALUE };
            let x = d.get_int(a, field);
            let y = d.get_int(b, field);
            d.int_op(IntOp::Eq, x, y)
        }
        _ if ta.is_number() && tb.is_number() => {
            let x = number_as_float(d, a, ta);
            let y = number_as_float(d, b, tb);
            d.float_cmp(FloatCmp::Eq, x, y)
        }
        (Type::Str, Type::Str) => {
            let order = str_compare(d, a, b)?;
            d.int_unary(IntUnary::IsZero, order)
        }
        (Type::Nil, Type::Nil) => d.const_int(1),
        _ if ta == tb => d.ptr_eq(a, b),
        _ => d.const_int(0),
    })
}

fn int_comparison(op: BinOp) -> Option<IntOp> {
    Some(match op {
        BinOp::Lt => IntOp::Lt,
        BinOp::Le => IntOp::Le,
        BinOp::Gt => IntOp::Gt,
        BinOp::Ge => IntOp::Ge,
        _ => return None,
    })
}

/// A comparison of two ints as a boolean, or `None` if `op` is not a comparison.
fn compare_ints<D: Domain>(d: &mut D, prebuilt: &Prebuilt, op: BinOp, x: D::Int, y: D::Int) -> Option<D::Ref> {
    let op = int_comparison(op)?;
    let result = d.int_op(op, x, y);
    Some(prebuilt.bool(d, result))
}

/// An overflow-checked int operation as a new int.
fn checked_int<D: Domain>(d: &mut D, op: OvfOp, x: D::Int, y: D::Int, line: i64) -> Result<D::Ref, D::Ref> {
    match d.int_ovf(op, x, y) {
        Some(r) => Ok(new_int(d, r)),
        None => Err(raise(d, line, Fault::Overflow)),
    }
}

/// An arithmetic operator or comparison on two ints; `None` for an operator ints do not support.
fn int_binary<D: Domain>(
    d: &mut D,
    prebuilt: &Prebuilt,
    op: BinOp,
    x: D::Int,
    y: D::Int,
    line: i64,
) -> Option<Result<D::Ref, D::Ref>> {
    Some(match op {
        BinOp::Add => checked_int(d, OvfOp::Add, x, y, line),
        BinOp::Sub => checked_int(d, OvfOp::Sub, x, y, line),
        BinOp::Mul => checked_int(d, OvfOp::Mul, x, y, line),
        BinOp::Div | BinOp::Mod => {
            let is_zero = d.int_unary(IntUnary::IsZero, y);
            if d.branch(is_zero) {
                return Some(Err(raise(d, line, Fault::DivisionByZero)));
            }
            // Dividing by -1 is negation, which can overflow; the domain's division must not see it.
            let minus_one = d.const_int(-1);
            let by_minus_one = d.int_op(IntOp::Eq, y, minus_one);
            if d.branch(by_minus_one) {
                return Some(if op == BinOp::Div {
                    let zero = d.const_int(0);
                    checked_int(d, OvfOp::Sub, zero, x, line)
                } else {
                    let zero = d.const_int(0);
                    Ok(new_int(d, zero))
                });
            }
            let int_op = if op == BinOp::Div { IntOp::FloorDiv } else { IntOp::Mod };
            let r = d.int_op(int_op, x, y);
            Ok(new_int(d, r))
        }
        _ => Ok(compare_ints(d, prebuilt, op, x, y)?),
    })
}

/// An arithmetic operator or comparison on two floats; `None` for an operator floats do not
/// support.
fn float_binary<D: Domain>(
    d: &mut D,
    prebuilt: &Prebuilt,
    op: BinOp,
    x: D::Float,
    y: D::Float,
    line: i64,
) -> Option<Result<D::Ref, D::Ref>> {
    let arithmetic = match op {
        BinOp::Add => FloatOp::Add,
        BinOp::Sub => FloatOp::Sub,
        BinOp::Mul => FloatOp::Mul,
        BinOp::Div => {
            let zero = d.const_float(0.0);
            let is_zero = d.float_cmp(FloatCmp::Eq, y, zero);
            if d.branch(is_zero) {
                return Some(Err(raise(d, line, Fault::DivisionByZero)));
            }
            FloatOp::TrueDiv
        }
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
            let cmp = match op {
                BinOp::Lt => FloatCmp::Lt,
                BinOp::Le => FloatCmp::Le,
                BinOp::Gt => FloatCmp::Gt,
                _ => FloatCmp::Ge,
            };
            let result = d.float_cmp(cmp, x, y);
            return Some(Ok(prebuilt.bool(d, result)));
        }
        _ => return None,
    };
    let r = d.float_op(arithmetic, x, y);
    Some(Ok(new_float(d, r)))
}

/// The int value of `index`, checked to be within `0..len` of `container`.
fn checked_index<D: Domain>(
    d: &mut D,
    container: D::Ref,
    index: D::Ref,
    len: D::Int,
    line: i64,
) -> Result<D::Int, D::Ref> {
    if Type::of_value(d, index) != Type::Int {
        return Err(raise(d, line, Fault::IndexType(index)));
    }
    let i = d.get_int(index, &Int::VALUE);
    // One unsigned comparison rejects negative indexes too.
    let in_range = d.int_op(IntOp::UintLt, i, len);
    if !d.branch(in_range) {
        return Err(raise(d, line, Fault::IndexRange(index, container)));
    }
    Ok(i)
}

/// `container[index]`: an item of a list, or a one-byte string of a string.
pub fn get_item<D: Domain>(d: &mut D, container: D::Ref, index: D::Ref, line: i64) -> Result<D::Ref, D::Ref> {
    match Type::of_value(d, container) {
        Type::List => {
            let len = d.get_int(container, &List::LEN);
            let i = checked_index(d, container, index, len, line)?;
            let storage = d.get_ref(container, &List::STORAGE);
            Ok(d.get_item_ref(storage, &Array::ITEMS, i))
        }
        Type::Str => {
            let len = d.array_len(container, &Str::BYTES);
            let i = checked_index(d, container, index, len, line)?;
            let byte = d.get_item_int(container, &Str::BYTES, i);
            let one = d.const_int(1);
            let s = d.new_array(Str::layout(), one);
            let zero = d.const_int(0);
            d.set_item_int(s, &Str::BYTES, zero, byte);
            Ok(s)
        }
        _ => Err(raise(d, line, Fault::NotIndexable(container))),
    }
}

/// `list[index] = value`.
pub fn set_item<D: Domain>(d: &mut D, list: D::Ref, index: D::Ref, value: D::Ref, line: i64) -> Result<(), D::Ref> {
    if Type::of_value(d, list) != Type::List {
        return Err(raise(d, line, Fault::NotAssignable(list)));
    }
    let len = d.get_int(list, &List::LEN);
    let i = checked_index(d, list, index, len, line)?;
    let storage = d.get_ref(list, &List::STORAGE);
    d.set_item_ref(storage, &Array::ITEMS, i, value);
    Ok(())
}

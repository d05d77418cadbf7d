//! The concrete meaning of the pure operations, shared by every domain (the concrete interpreter,
//! the tracer's concrete side and constant folding) so that they can never disagree.
//!
//! The operations are always inlined: interpreter code names its operation as a constant, and the
//! `match` then folds to the one machine operation (left out of line, each one cost a call and a
//! jump table at every `int_op` of the concrete domain).

use super::{FloatCmp, FloatOp, FloatUnary, IntOp, IntUnary, OvfOp};
use crate::ir::Opcode;

/// Evaluate a binary integer operation.
#[inline(always)]
pub fn int_op(op: IntOp, a: i64, b: i64) -> i64 {
    match op {
        IntOp::Add => a.wrapping_add(b),
        IntOp::Sub => a.wrapping_sub(b),
        IntOp::Mul => a.wrapping_mul(b),
        IntOp::FloorDiv => a.checked_div(b).expect("int_floordiv precondition: divisor 0 or overflow"),
        IntOp::Mod => a.checked_rem(b).expect("int_mod precondition: divisor 0 or overflow"),
        IntOp::And => a & b,
        IntOp::Or => a | b,
        IntOp::Xor => a ^ b,
        IntOp::Lshift => a.wrapping_shl(b as u32),
        IntOp::Rshift => a.wrapping_shr(b as u32),
        IntOp::UintRshift => (a as u64).wrapping_shr(b as u32) as i64,
        IntOp::Lt => (a < b) as i64,
        IntOp::Le => (a <= b) as i64,
        IntOp::Eq => (a == b) as i64,
        IntOp::Ne => (a != b) as i64,
        IntOp::Gt => (a > b) as i64,
        IntOp::Ge => (a >= b) as i64,
        IntOp::UintLt => ((a as u64) < (b as u64)) as i64,
        IntOp::UintGe => ((a as u64) >= (b as u64)) as i64,
    }
}

/// Evaluate a unary integer operation.
#[inline(always)]
pub fn int_unary(op: IntUnary, a: i64) -> i64 {
    match op {
        IntUnary::Neg => a.wrapping_neg(),
        IntUnary::Invert => !a,
        IntUnary::IsTrue => (a != 0) as i64,
        IntUnary::IsZero => (a == 0) as i64,
    }
}

/// Evaluate an overflow-checked integer operation.
#[inline(always)]
pub fn int_ovf(op: OvfOp, a: i64, b: i64) -> Option<i64> {
    match op {
        OvfOp::Add => a.checked_add(b),
        OvfOp::Sub => a.checked_sub(b),
        OvfOp::Mul => a.checked_mul(b),
    }
}

/// Evaluate a binary float operation.
#[inline(always)]
pub fn float_op(op: FloatOp, a: f64, b: f64) -> f64 {
    match op {
        FloatOp::Add => a + b,
        FloatOp::Sub => a - b,
        FloatOp::Mul => a * b,
        FloatOp::TrueDiv => a / b,
    }
}

/// Evaluate a unary float operation.
#[inline(always)]
pub fn float_unary(op: FloatUnary, a: f64) -> f64 {
    match op {
        FloatUnary::Neg => -a,
        FloatUnary::Abs => a.abs(),
        FloatUnary::Sqrt => a.sqrt(),
    }
}

/// Evaluate a float comparison.
#[inline(always)]
pub fn float_cmp(op: FloatCmp, a: f64, b: f64) -> i64 {
    (match op {
        FloatCmp::Lt => a < b,
        FloatCmp::Le => a <= b,
        FloatCmp::Eq => a == b,
        FloatCmp::Ne => a != b,
        FloatCmp::Gt => a > b,
        FloatCmp::Ge => a >= b,
    }) as i64
}

/// Truncate toward zero; NaN and out-of-range give `i64::MIN`, as x86's `cvttsd2si`.
#[inline]
pub fn float_to_int(a: f64) -> i64 {
    if a.is_nan() || a >= 9.223372036854775807e18 || a < -9.223372036854775808e18 {
        i64::MIN
    } else {
        a as i64
    }
}

/// The IR opcode of a binary integer operation.
pub fn int_opcode(op: IntOp) -> Opcode {
    match op {
        IntOp::Add => Opcode::IntAdd,
        IntOp::Sub => Opcode::IntSub,
        IntOp::Mul => Opcode::IntMul,
        IntOp::FloorDiv => Opcode::IntFloorDiv,
        IntOp::Mod => Opcode::IntMod,
        IntOp::And => Opcode::IntAnd,
        IntOp::Or => Opcode::IntOr,
        IntOp::Xor => Opcode::IntXor,
        IntOp::Lshift => Opcode::IntLshift,
        IntOp::Rshift => Opcode::IntRshift,
        IntOp::UintRshift => Opcode::UintRshift,
        IntOp::Lt => Opcode::IntLt,
        IntOp::Le => Opcode::IntLe,
        IntOp::Eq => Opcode::IntEq,
        IntOp::Ne => Opcode::IntNe,
        IntOp::Gt => Opcode::IntGt,
        IntOp::Ge => Opcode::IntGe,
        IntOp::UintLt => Opcode::UintLt,
        IntOp::UintGe => Opcode::UintGe,
    }
}

/// The IR opcode of a unary integer operation.
pub fn int_unary_opcode(op: IntUnary) -> Opcode {
    match op {
        IntUnary::Neg => Opcode::IntNeg,
        IntUnary::Invert => Opcode::IntInvert,
        IntUnary::IsTrue => Opcode::IntIsTrue,
        IntUnary::IsZero => Opcode::IntIsZero,
    }
}

/// The IR opcode of an overflow-checked operation.
pub fn ovf_opcode(op: OvfOp) -> Opcode {
    match op {
        OvfOp::Add => Opcode::IntAddOvf,
        OvfOp::Sub => Opcode::IntSubOvf,
        OvfOp::Mul => Opcode::IntMulOvf,
    }
}

/// The IR opcode of a binary float operation.
pub fn float_opcode(op: FloatOp) -> Opcode {
    match op {
        FloatOp::Add => Opcode::FloatAdd,
        FloatOp::Sub => Opcode::FloatSub,
        FloatOp::Mul => Opcode::FloatMul,
        FloatOp::TrueDiv => Opcode::FloatTrueDiv,
    }
}

/// The IR opcode of a unary float operation.
pub fn float_unary_opcode(op: FloatUnary) -> Opcode {
    match op {
        FloatUnary::Neg => Opcode::FloatNeg,
        FloatUnary::Abs => Opcode::FloatAbs,
        FloatUnary::Sqrt => Opcode::FloatSqrt,
    }
}

/// The IR opcode of a float comparison.
pub fn float_cmp_opcode(op: FloatCmp) -> Opcode {
    match op {
        FloatCmp::Lt => Opcode::FloatLt,
        FloatCmp::Le => Opcode::FloatLe,
        FloatCmp::Eq => Opcode::FloatEq,
        FloatCmp::Ne => Opcode::FloatNe,
        FloatCmp::Gt => Opcode::FloatGt,
        FloatCmp::Ge => Opcode::FloatGe,
    }
}

/// The binary integer operation an IR opcode evaluates, if it is one (the inverse of `int_opcode`).
pub fn int_op_of(op: Opcode) -> Option<IntOp> {
    use Opcode::*;
    Some(match op {
        IntAdd => IntOp::Add,
        IntSub => IntOp::Sub,
        IntMul => IntOp::Mul,
        IntFloorDiv => IntOp::FloorDiv,
        IntMod => IntOp::Mod,
        IntAnd => IntOp::And,
        IntOr => IntOp::Or,
        IntXor => IntOp::Xor,
        IntLshift => IntOp::Lshift,
        IntRshift => IntOp::Rshift,
        UintRshift => IntOp::UintRshift,
        IntLt => IntOp::Lt,
        IntLe => IntOp::Le,
        IntEq => IntOp::Eq,
        IntNe => IntOp::Ne,
        IntGt => IntOp::Gt,
        IntGe => IntOp::Ge,
        UintLt => IntOp::UintLt,
        UintGe => IntOp::UintGe,
        _ => return None,
    })
}

/// The float comparison an IR opcode evaluates, if it is one (the inverse of `float_cmp_opcode`).
pub fn float_cmp_of(op: Opcode) -> Option<FloatCmp> {
    use Opcode::*;
    Some(match op {
        FloatLt => FloatCmp::Lt,
        FloatLe => FloatCmp::Le,
        FloatEq => FloatCmp::Eq,
        FloatNe => FloatCmp::Ne,
        FloatGt => FloatCmp::Gt,
        FloatGe => FloatCmp::Ge,
        _ => return None,
    })
}

/// What a pure IR operation gives on operands that are all known.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum PureOutcome {
    /// The result, as a 64-bit pattern.
    Value(u64),
    /// An `_ovf` operation overflowed.
    Overflow,
    /// The operands break the operation's precondition (division by zero, `i64::MIN / -1`).
    Undefined,
}

/// Evaluate the pure arithmetic, comparison and cast operations of the IR on 64-bit patterns
/// (ints as two's complement, floats as bits, refs as addresses); `None` for any other opcode.
/// The IR interpreter and the optimizer's constant folding both use it.
pub fn pure(opcode: Opcode, a: &[u64]) -> Option<PureOutcome> {
    use Opcode::*;
    use PureOutcome::Value;
    let i = |n: usize| a[n] as i64;
    let f = |n: usize| f64::from_bits(a[n]);
    let int = |v: i64| Some(Value(v as u64));
    let float = |v: f64| Some(Value(v.to_bits()));
    if let Some(op) = int_op_of(opcode) {
        let (x, y) = (i(0), i(1));
        let defined = !matches!(op, IntOp::FloorDiv | IntOp::Mod) || (y != 0 && !(x == i64::MIN && y == -1));
        return if defined { int(int_op(op, x, y)) } else { Some(PureOutcome::Undefined) };
    }
    if let Some(op) = float_cmp_of(opcode) {
        return int(float_cmp(op, f(0), f(1)));
    }
    let ovf = |op: OvfOp| Some(int_ovf(op, i(0), i(1)).map_or(PureOutcome::Overflow, |v| Value(v as u64)));
    match opcode {
        IntNeg => int(int_unary(IntUnary::Neg, i(0))),
        IntInvert => int(int_unary(IntUnary::Invert, i(0))),
        IntIsTrue => int(int_unary(IntUnary::IsTrue, i(0))),
        IntIsZero => int(int_unary(IntUnary::IsZero, i(0))),
        IntAddOvf => ovf(OvfOp::Add),
        IntSubOvf => ovf(OvfOp::Sub),
        IntMulOvf => ovf(OvfOp::Mul),
        FloatAdd => float(float_op(FloatOp::Add, f(0), f(1))),
        FloatSub => float(float_op(FloatOp::Sub, f(0), f(1))),
        FloatMul => float(float_op(FloatOp::Mul, f(0), f(1))),
        FloatTrueDiv => float(float_op(FloatOp::TrueDiv, f(0), f(1))),
        FloatNeg => float(float_unary(FloatUnary::Neg, f(0))),
        FloatAbs => float(float_unary(FloatUnary::Abs, f(0))),
        FloatSqrt => float(float_unary(FloatUnary::Sqrt, f(0))),
        CastIntToFloat => float(i(0) as f64),
        CastFloatToInt => int(float_to_int(f(0))),
        PtrEq => int((a[0] == a[1]) as i64),
        PtrNe => int((a[0] != a[1]) as i64),
        _ => None,
    }
}

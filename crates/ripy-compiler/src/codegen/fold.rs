//! Constant folding, as CPython's AST optimizer does it: literals, unary and binary operators on
//! constants (`-1`, `2**10`, `"a" * 3`, `1 + 2j`), tuples of constants, and `__debug__`. Results
//! that would be large (CPython's limits) or not representable here (integers beyond `i64`) are
//! left to run time.

use ruff_python_ast::{self as ast, Expr};

use super::Compiler;
use crate::constants::{Constant, PyStrBuilder};

/// Longest string or bytes a fold may produce (CPython's `MAX_STR_SIZE`).
const MAX_STR_SIZE: usize = 4096;
/// Longest tuple a fold may produce by repetition (CPython's `MAX_COLLECTION_SIZE`).
const MAX_COLLECTION_SIZE: usize = 256;

impl Compiler<'_> {
    /// The constant value of `expr`, when it can be computed at compile time.
    pub(super) fn fold(&self, expr: &Expr) -> Option<Constant> {
        match expr {
            Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_) => self.literal(expr).ok(),
            Expr::Name(n) if n.id.as_str() == "__debug__" && n.ctx == ast::ExprContext::Load => {
                Some(Constant::Bool(self.optimize == 0))
            }
            Expr::UnaryOp(u) => fold_unary(u.op, &self.fold(&u.operand)?),
            Expr::BinOp(b) => fold_binary(b.op, &self.fold(&b.left)?, &self.fold(&b.right)?),
            Expr::Tuple(t) if t.ctx == ast::ExprContext::Load => {
                let values: Vec<Constant> = t.elts.iter().map(|e| self.fold(e)).collect::<Option<_>>()?;
                Some(Constant::Tuple(values.into()))
            }
            _ => None,
        }
    }
}

/// A numeric constant for arithmetic (`bool` counts as `int`).
enum Number {
    Int(i64),
    Float(f64),
    Complex(f64, f64),
}

fn number(c: &Constant) -> Option<Number> {
    match *c {
        Constant::Bool(b) => Some(Number::Int(i64::from(b))),
        Constant::Int(i) => Some(Number::Int(i)),
        Constant::Float(f) => Some(Number::Float(f)),
        Constant::Complex { real, imag } => Some(Number::Complex(real, imag)),
        _ => None,
    }
}

/// An `int` converted to `float` exactly, or `None` when that would round.
fn exact_float(i: i64) -> Option<f64> {
    (i.unsigned_abs() <= 1 << 53).then_some(i as f64)
}

fn fold_unary(op: ast::UnaryOp, operand: &Constant) -> Option<Constant> {
    if op == ast::UnaryOp::Not {
        return Some(Constant::Bool(!operand.is_truthy()));
    }
    match (op, number(operand)?) {
        (ast::UnaryOp::USub, Number::Int(i)) => i.checked_neg().map(Constant::Int),
        (ast::UnaryOp::USub, Number::Float(f)) => Some(Constant::Float(-f)),
        (ast::UnaryOp::USub, Number::Complex(r, i)) => Some(Constant::Complex { real: -r, imag: -i }),
        (ast::UnaryOp::UAdd, Number::Int(i)) => Some(Constant::Int(i)),
        (ast::UnaryOp::UAdd, Number::Float(f)) => Some(Constant::Float(f)),
        (ast::UnaryOp::UAdd, Number::Complex(r, i)) => Some(Constant::Complex { real: r, imag: i }),
        (ast::UnaryOp::Invert, Number::Int(i)) if !matches!(operand, Constant::Bool(_)) => Some(Constant::Int(!i)),
        _ => None,
    }
}

fn fold_binary(op: ast::Operator, left: &Constant, right: &Constant) -> Option<Constant> {
    use ast::Operator as Op;
    match (left, right) {
        (Constant::Str(a), Constant::Str(b)) if op == Op::Add => {
            if a.as_bytes().len() + b.as_bytes().len() > MAX_STR_SIZE * 4 {
                return None;
            }
            let mut out = PyStrBuilder::default();
            out.push_py_str(a);
            out.push_py_str(b);
            return Some(Constant::Str(out.finish()));
        }
        (Constant::Bytes(a), Constant::Bytes(b)) if op == Op::Add => {
            return Some(Constant::Bytes([&a[..], &b[..]].concat().into()));
        }
        (Constant::Tuple(a), Constant::Tuple(b)) if op == Op::Add => {
            return Some(Constant::Tuple(a.iter().chain(b.iter()).cloned().collect()));
        }
        (Constant::Str(s), Constant::Int(n)) | (Constant::Int(n), Constant::Str(s)) if op == Op::Mult => {
            let count = usize::try_from(*n).unwrap_or(0);
            if s.char_len().saturating_mul(count) > MAX_STR_SIZE {
                return None;
            }
            let mut out = PyStrBuilder::default();
            for _ in 0..count {
                out.push_py_str(s);
            }
            return Some(Constant::Str(out.finish()));
        }
        (Constant::Bytes(b), Constant::Int(n)) | (Constant::Int(n), Constant::Bytes(b)) if op == Op::Mult => {
            let count = usize::try_from(*n).unwrap_or(0);
            if b.len().saturating_mul(count) > MAX_STR_SIZE {
                return None;
            }
            return Some(Constant::Bytes(b.repeat(count).into()));
        }
        (Constant::Tuple(t), Constant::Int(n)) | (Constant::Int(n), Constant::Tuple(t)) if op == Op::Mult => {
            let count = usize::try_from(*n).unwrap_or(0);
            if t.len().saturating_mul(count) > MAX_COLLECTION_SIZE {
                return None;
            }
            let items: Vec<Constant> = (0..count).flat_map(|_| t.iter().cloned()).collect();
            return Some(Constant::Tuple(items.into()));
        }
        (Constant::Bool(a), Constant::Bool(b)) if matches!(op, Op::BitAnd | Op::BitOr | Op::BitXor) => {
            return Some(Constant::Bool(match op {
                Op::BitAnd => a & b,
                Op::BitOr => a | b,
                _ => a ^ b,
            }));
        }
        _ => {}
    }
    match (number(left)?, number(right)?) {
        (Number::Int(a), Number::Int(b)) => fold_int(op, a, b),
        (Number::Complex(..), _) | (_, Number::Complex(..)) => {
            let (ar, ai) = as_complex(number(left)?)?;
            let (br, bi) = as_complex(number(right)?)?;
            match op {
                Op::Add => Some(Constant::Complex { real: ar + br, imag: ai + bi }),
                Op::Sub => Some(Constant::Complex { real: ar - br, imag: ai - bi }),
                Op::Mult => Some(Constant::Complex { real: ar * br - ai * bi, imag: ar * bi + ai * br }),
                _ => None,
            }
        }
        (a, b) => {
            let a = as_float(a)?;
            let b = as_float(b)?;
            fold_float(op, a, b).map(Constant::Float)
        }
    }
}

fn as_float(n: Number) -> Option<f64> {
    match n {
        Number::Int(i) => exact_float(i),
        Number::Float(f) => Some(f),
        Number::Complex(..) => None,
    }
}

fn as_complex(n: Number) -> Option<(f64, f64)> {
    match n {
        Number::Complex(r, i) => Some((r, i)),
        other => Some((as_float(other)?, 0.0)),
    }
}

fn fold_int(op: ast::Operator, a: i64, b: i64) -> Option<Constant> {
    use ast::Operator as Op;
    let result = match op {
        Op::Add => a.checked_add(b)?,
        Op::Sub => a.checked_sub(b)?,
        Op::Mult => a.checked_mul(b)?,
        Op::FloorDiv => {
            if b == 0 {
                return None;
            }
            let q = a.checked_div(b)?;
            if (a % b != 0) && ((a < 0) != (b < 0)) {
                q - 1
            } else {
                q
            }
        }
        Op::Mod => {
            if b == 0 {
                return None;
            }
            let r = a.checked_rem(b)?;
            if r != 0 && ((r < 0) != (b < 0)) {
                r + b
            } else {
                r
            }
        }
        Op::Pow => {
            if b < 0 {
                return fold_float(op, exact_float(a)?, exact_float(b)?).map(Constant::Float);
            }
            a.checked_pow(u32::try_from(b).ok()?)?
        }
        Op::LShift => {
            if b < 0 {
                return None;
            }
            if a == 0 {
                0
            } else {
                let shift = u32::try_from(b).ok().filter(|&s| s < 63)?;
                let shifted = a.checked_shl(shift)?;
                if shifted >> shift != a {
                    return None;
                }
                shifted
            }
        }
        Op::RShift => {
            if b < 0 {
                return None;
            }
            a >> b.min(63)
        }
        Op::BitAnd => a & b,
        Op::BitOr => a | b,
        Op::BitXor => a ^ b,
        Op::Div => {
            if b == 0 {
                return None;
            }
            return Some(Constant::Float(exact_float(a)? / exact_float(b)?));
        }
        Op::MatMult => return None,
    };
    Some(Constant::Int(result))
}

fn fold_float(op: ast::Operator, a: f64, b: f64) -> Option<f64> {
    use ast::Operator as Op;
    let result = match op {
        Op::Add => a + b,
        Op::Sub => a - b,
        Op::Mult => a * b,
        Op::Div => {
            if b == 0.0 {
                return None;
            }
            a / b
        }
        Op::FloorDiv => float_divmod(a, b)?.0,
        Op::Mod => float_divmod(a, b)?.1,
        Op::Pow => {
            if a <= 0.0 || !a.is_finite() || !b.is_finite() {
                return None;
            }
            a.powf(b)
        }
        _ => return None,
    };
    result.is_finite().then_some(result)
}

/// Python's float `divmod` (CPython's `_float_div_mod`).
fn float_divmod(a: f64, b: f64) -> Option<(f64, f64)> {
    if b == 0.0 {
        return None;
    }
    let mut rem = a % b;
    let mut div = (a - rem) / b;
    if rem != 0.0 {
        if (b < 0.0) != (rem < 0.0) {
            rem += b;
            div -= 1.0;
        }
    } else {
        rem = 0.0_f64.copysign(b);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0_f64.copysign(a / b)
    };
    Some((floordiv, rem))
}

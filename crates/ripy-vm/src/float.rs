//! `float`: a boxed double. Arithmetic is domain code (the JIT keeps floats unboxed through
//! virtuals); the operations libm computes (`//`, `%`, `**`) are elidable residual functions with
//! CPython's special cases and error messages.

use crate::exceptions::{self, ExcKind, Fault, Msg};
use crate::gc;
use crate::int::W_Int;
use crate::ops::BinOp;
use crate::space::{PyResult, Space};
use crate::unicode;
use metatrace::call::set_exception;
use metatrace::domain::{Domain, FloatCmp, FloatOp, FloatUnary, IntOp};
use metatrace_gc::{GcHeader, GcObject, GcRef};
use metatrace_macros::GcObject;

/// A `float` object.
#[derive(GcObject)]
#[repr(C)]
pub struct W_Float {
    /// The object header.
    pub header: GcHeader,
    /// The value.
    #[gc(immutable)]
    pub value: f64,
}

/// A new float object on the heap.
pub fn heap_float(v: f64) -> GcRef {
    let r = metatrace_gc::alloc(W_Float::layout());
    gc::set_f64(r, &W_Float::VALUE, v);
    r
}

/// A new float object, in domain code.
pub fn new_float<D: Domain>(d: &mut D, v: D::Float) -> D::Ref {
    d.new_float_box(W_Float::layout(), &W_Float::VALUE, v)
}

fn math_unary_impl(which: i64, x: f64) -> f64 {
    let fun = &crate::modules::math::UNARY_FNS[which as usize];
    crate::modules::math::unary_value(Space::get(), x, fun.f, fun.can_overflow).unwrap_or_else(|e| {
        set_exception(e);
        0.0
    })
}

metatrace::residual! {
    /// `math.<name>(x)` for the function `UNARY_FNS[which]` of `math`, with its errors.
    pub fn math_unary(which: Int, x: Float) -> Float;
    effect = Elidable; can_raise = true; impl = math_unary_impl;
}

/// `f(arg)` for `f` the one-argument float function of `math` at index `which` of
/// [`crate::modules::math::UNARY_FNS`] (its [`crate::function::Shortcut::Math`]), when `args` is
/// one exact float or int: the function on the unboxed value, an elidable residual call (`sqrt`
/// of a non-negative value: the machine operation), whose float result the JIT can keep
/// unboxed. `None` for any other arguments.
pub fn call_math<D: Domain>(d: &mut D, which: u8, args: &[D::Ref]) -> Result<Option<D::Ref>, D::Ref> {
    let [arg] = args else { return Ok(None) };
    let layout = d.layout_of(*arg);
    let x = if layout == W_Float::layout() {
        d.get_float(*arg, &W_Float::VALUE)
    } else if layout == W_Int::layout() {
        let i = d.get_int(*arg, &W_Int::VALUE);
        d.int_to_float(i)
    } else {
        return Ok(None);
    };
    if crate::modules::math::UNARY_FNS[usize::from(which)].name == "sqrt" {
        // The machine's square root is IEEE's, as libm's; only a negative `x` (not -0.0) is
        // the residual function's domain error.
        let zero = d.const_float(0.0);
        let negative = d.float_cmp(FloatCmp::Lt, x, zero);
        if !d.branch(negative) {
            let r = d.float_unary(FloatUnary::Sqrt, x);
            return Ok(Some(new_float(d, r)));
        }
    }
    let which = d.const_int(which as i64);
    let r = math_unary(d, which, x)?;
    Ok(Some(new_float(d, r)))
}

/// Python's `x // y` and `x % y` for `y != 0` (CPython's `float_divmod`).
pub fn divmod(x: f64, y: f64) -> (f64, f64) {
    let mut m = x % y;
    let mut div = (x - m) / y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
            div -= 1.0;
        }
    } else {
        m = 0f64.copysign(y);
    }
    let q = if div != 0.0 {
        let f = div.floor();
        if div - f > 0.5 {
            f + 1.0
        } else {
            f
        }
    } else {
        0f64.copysign(x / y)
    };
    (q, m)
}

fn floordiv_impl(x: f64, y: f64) -> f64 {
    divmod(x, y).0
}

fn modulo_impl(x: f64, y: f64) -> f64 {
    divmod(x, y).1
}

metatrace::residual! {
    /// Python's `x // y` on floats (`y` not zero).
    pub fn float_floordiv(x: Float, y: Float) -> Float;
    effect = Elidable; can_raise = false; impl = floordiv_impl;
}

metatrace::residual! {
    /// Python's `x % y` on floats (`y` not zero).
    pub fn float_mod(x: Float, y: Float) -> Float;
    effect = Elidable; can_raise = false; impl = modulo_impl;
}

/// Whether `v` is an odd integer.
fn is_odd_integer(v: f64) -> bool {
    v.fract() == 0.0 && (v % 2.0).abs() == 1.0
}

/// Python's `x ** y` on floats (CPython's `float_pow`).
pub fn pow(x: f64, y: f64) -> PyResult<f64> {
    let space = || Space::get();
    if y == 0.0 {
        return Ok(1.0);
    }
    if x.is_nan() {
        return Ok(x);
    }
    if y.is_nan() {
        return Ok(if x == 1.0 { 1.0 } else { y });
    }
    if y.is_infinite() {
        let ax = x.abs();
        return Ok(if ax == 1.0 {
            1.0
        } else if (y > 0.0) == (ax > 1.0) {
            y.abs()
        } else {
            0.0
        });
    }
    if x.is_infinite() {
        let odd = is_odd_integer(y);
        return Ok(if y > 0.0 {
            if odd {
                x
            } else {
                x.abs()
            }
        } else if odd {
            0f64.copysign(x)
        } else {
            0.0
        });
    }
    if x == 0.0 {
        if y < 0.0 {
            return Err(space().fault(Fault::Message(Msg::ZeroToNegativePower)));
        }
        return Ok(if is_odd_integer(y) { x } else { 0.0 });
    }
    let (base, negate) = if x < 0.0 {
        if y.fract() != 0.0 {
            // A complex result: `float_pow_negative` gives it.
            return Err(space().fault(Fault::Message(Msg::FractionalPower)));
        }
        (-x, is_odd_integer(y))
    } else {
        (x, false)
    };
    if base == 1.0 {
        return Ok(if negate { -1.0 } else { 1.0 });
    }
    let r = base.powf(y);
    if r.is_infinite() {
        let space = space();
        let args = [crate::int::heap_int(34), crate::unicode::new_str("Numerical result out of range")];
        return Err(space.new_exception_args(ExcKind::OverflowError, &args));
    }
    Ok(if negate { -r } else { r })
}

fn pow_impl(x: f64, y: f64) -> f64 {
    pow(x, y).unwrap_or_else(|e| {
        set_exception(e);
        0.0
    })
}

metatrace::residual! {
    /// Python's `x ** y` on floats.
    pub fn float_pow(x: Float, y: Float) -> Float;
    effect = Elidable; can_raise = true; impl = pow_impl;
}

/// `x ** y` for a positive `x` (infinity included): C's `pow`, which gives Python's result for
/// every `y` (special values included) except an overflow, which is infinite here.
fn pow_positive_impl(x: f64, y: f64) -> f64 {
    x.powf(y)
}

metatrace::residual! {
    /// Python's `x ** y` on floats with a positive `x`, except that an overflow gives infinity.
    pub fn float_pow_positive(x: Float, y: Float) -> Float;
    effect = Elidable; can_raise = false; impl = pow_positive_impl;
}

/// `x ** y` for a negative `x`: a complex number when `y` is finite and not an integer (as
/// CPython's `float_pow` delegates to complex), else the float.
fn pow_negative_impl(x: f64, y: f64) -> GcRef {
    let result = if x.is_finite() && y.is_finite() && y.fract() != 0.0 {
        crate::complex::pow((x, 0.0), (y, 0.0)).map(|(re, im)| crate::complex::new_complex(re, im))
    } else {
        pow(x, y).map(heap_float)
    };
    result.unwrap_or_else(|e| {
        set_exception(e);
        GcRef::NULL
    })
}

metatrace::residual! {
    /// Python's `x ** y` on floats with a negative `x` (a float or a complex object).
    pub fn float_pow_negative(x: Float, y: Float) -> Ref;
    effect = Plain; can_raise = true; impl = pow_negative_impl;
}

/// `x op y` on two floats (the values of floats, or of ints converted), giving a float. Bitwise
/// operators, shifts and `@` are the caller's `TypeError`.
pub fn binop<D: Domain>(d: &mut D, op: BinOp, x: D::Float, y: D::Float) -> Result<D::Ref, D::Ref> {
    let zero = d.const_float(0.0);
    let by_zero = |d: &mut D, m: Msg| -> Result<(), D::Ref> {
        let is_zero = d.float_cmp(FloatCmp::Eq, y, zero);
        if d.branch(is_zero) {
            return Err(exceptions::raise(d, Fault::Message(m)));
        }
        Ok(())
    };
    let r = match op {
        BinOp::Add => d.float_op(FloatOp::Add, x, y),
        BinOp::Sub => d.float_op(FloatOp::Sub, x, y),
        BinOp::Mul => d.float_op(FloatOp::Mul, x, y),
        BinOp::TrueDiv => {
            by_zero(d, Msg::FloatDivisionByZero)?;
            d.float_op(FloatOp::TrueDiv, x, y)
        }
        BinOp::FloorDiv => {
            by_zero(d, Msg::FloatFloorDivisionByZero)?;
            float_floordiv(d, x, y).unwrap_or_else(|_| unreachable!("float_floordiv cannot raise"))
        }
        BinOp::Mod => {
            by_zero(d, Msg::FloatModuloByZero)?;
            float_mod(d, x, y).unwrap_or_else(|_| unreachable!("float_mod cannot raise"))
        }
        BinOp::Pow => {
            let positive = d.float_cmp(FloatCmp::Gt, x, zero);
            if d.branch(positive) {
                // C's `pow`, without `float_pow`'s special cases and exception check; an infinite
                // result is an overflow or an infinite `x`, which `float_pow` tells apart.
                let r = float_pow_positive(d, x, y).unwrap_or_else(|_| unreachable!("float_pow_positive cannot raise"));
                let inf = d.const_float(f64::INFINITY);
                let infinite = d.float_cmp(FloatCmp::Eq, r, inf);
                if d.branch(infinite) {
                    float_pow(d, x, y)?
                } else {
                    r
                }
            } else {
                let negative = d.float_cmp(FloatCmp::Lt, x, zero);
                if d.branch(negative) {
                    // An integral exponent (within the machine range) gives a float: CPython's
                    // `float_pow` raises the absolute value and negates for an odd exponent,
                    // which the elidable `float_pow` can do; other exponents give a complex.
                    let n = d.float_to_int(y);
                    let back = d.int_to_float(n);
                    let integral = d.float_cmp(FloatCmp::Eq, back, y);
                    if !d.branch(integral) {
                        return float_pow_negative(d, x, y);
                    }
                    let magnitude = d.float_unary(FloatUnary::Neg, x);
                    let r = float_pow(d, magnitude, y)?;
                    let one = d.const_int(1);
                    let odd = d.int_op(IntOp::And, n, one);
                    if d.branch(odd) {
                        d.float_unary(FloatUnary::Neg, r)
                    } else {
                        r
                    }
                } else {
                    float_pow(d, x, y)?
                }
            }
        }
        BinOp::MatMul | BinOp::LShift | BinOp::RShift | BinOp::And | BinOp::Or | BinOp::Xor => {
            let (a, b) = (new_float(d, x), new_float(d, y));
            return Err(exceptions::raise(d, Fault::BinaryTypes(op, a, b)));
        }
    };
    Ok(new_float(d, r))
}

/// `float(s)` of a str: Python's float syntax (decimal with optional exponent and single
/// underscores between digits, `inf`, `infinity`, `nan`, any case, signed, surrounded by white
/// space, digits of any script); `ValueError: could not convert string to float: '...'` otherwise.
pub fn parse(original: GcRef) -> PyResult<f64> {
    let text = unicode::to_ascii_number(original);
    let invalid = || {
        let shown = crate::repr::repr(original).unwrap_or_default();
        Space::get().new_exception(ExcKind::ValueError, &format!("could not convert string to float: {shown}"))
    };
    let s = text.trim_matches(unicode::is_space);
    let (negative, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    // Negation (not a multiplication, which may keep a NaN's sign) gives `-nan` its sign bit.
    let signed = |v: f64| if negative { -v } else { v };
    match body.to_ascii_lowercase().as_str() {
        "inf" | "infinity" => return Ok(signed(f64::INFINITY)),
        "nan" => return Ok(signed(f64::NAN)),
        _ => {}
    }
    // Underscores must sit between two digits.
    let bytes = body.as_bytes();
    let well_placed = bytes.iter().enumerate().all(|(i, &b)| {
        b != b'_' || (i > 0 && bytes[i - 1].is_ascii_digit() && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
    });
    let clean: String = body.chars().filter(|&c| c != '_').collect();
    let syntax_ok = !clean.starts_with(['+', '-'])
        && clean.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
        && clean.bytes().any(|b| b.is_ascii_digit());
    if !well_placed || !syntax_ok {
        return Err(invalid());
    }
    clean.parse::<f64>().map(signed).map_err(|_| invalid())
}

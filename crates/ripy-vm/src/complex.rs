//! `complex`: a pair of floats, with CPython's arithmetic (Smith-style division, integer powers
//! by repeated squaring, polar powers otherwise), repr, hash, comparisons and string parsing.
//!
//! Complex numbers are rare in hot loops, so every operation is a residual call
//! ([`complex_binop`], [`complex_unary`], [`complex_compare`]) from the domain code in `ops`.

use crate::exceptions::ExcKind;
use crate::float::W_Float;
use crate::floatrepr::float_repr;
use crate::gc;
use crate::hash;
use crate::ops::{BinOp, CmpOp, UnaryOp};
use crate::space::{PyResult, Space};
use crate::{bigint, objspace};
use metatrace::call::set_exception;
use metatrace_gc::{GcHeader, GcObject, GcRef};
use metatrace_macros::GcObject;

/// A `complex` object.
#[derive(GcObject)]
#[repr(C)]
pub struct W_Complex {
    /// The object header.
    pub header: GcHeader,
    /// The real part.
    #[gc(immutable)]
    pub real: f64,
    /// The imaginary part.
    #[gc(immutable)]
    pub imag: f64,
}

/// A new complex number.
pub fn new_complex(real: f64, imag: f64) -> GcRef {
    let c = metatrace_gc::alloc(W_Complex::layout());
    gc::set_f64(c, &W_Complex::REAL, real);
    gc::set_f64(c, &W_Complex::IMAG, imag);
    c
}

/// The parts of a complex object (`None` for anything else).
pub fn value(v: GcRef) -> Option<(f64, f64)> {
    (v.layout() == W_Complex::layout()).then(|| (gc::get_f64(v, &W_Complex::REAL), gc::get_f64(v, &W_Complex::IMAG)))
}

/// The parts of a number (int, bool, float, complex) as a complex; `None` for other objects;
/// `OverflowError` for ints beyond the float range.
pub fn of_number(v: GcRef) -> PyResult<Option<(f64, f64)>> {
    if let Some(c) = value(v) {
        return Ok(Some(c));
    }
    if v.layout() == W_Float::layout() {
        return Ok(Some((gc::get_f64(v, &W_Float::VALUE), 0.0)));
    }
    match bigint::to_ibig(v) {
        Some(i) => Ok(Some((bigint::to_f64(&i)?, 0.0))),
        None => Ok(None),
    }
}

/// A part as `repr` writes it: the shortest repr without a forced `.0` (`1`, `1.5`, `inf`).
pub fn part_repr(v: f64) -> String {
    let text = float_repr(v);
    text.strip_suffix(".0").map(str::to_owned).unwrap_or(text)
}

/// `repr(complex(re, im))`.
pub fn repr(re: f64, im: f64) -> String {
    if re == 0.0 && re.is_sign_positive() {
        return format!("{}j", part_repr(im));
    }
    let im_text = part_repr(im);
    let sign = if im_text.starts_with('-') { "" } else { "+" };
    format!("({}{sign}{im_text}j)", part_repr(re))
}

/// `hash(z)` of a complex object.
pub fn hash_of(z: GcRef) -> i64 {
    let (re, im) = value(z).unwrap_or_default();
    let (hr, hi) = (hash::hash_f64(re, z), hash::hash_f64(im, z));
    let combined = (hr as u64).wrapping_add(1000003u64.wrapping_mul(hi as u64)) as i64;
    if combined == -1 {
        -2
    } else {
        combined
    }
}

fn zero_division(message: &str) -> GcRef {
    Space::get().new_exception(ExcKind::ZeroDivisionError, message)
}

/// CPython's `_Py_c_quot`; `None` for a zero divisor.
fn quot(a: (f64, f64), b: (f64, f64)) -> Option<(f64, f64)> {
    let (abs_br, abs_bi) = (b.0.abs(), b.1.abs());
    if abs_br >= abs_bi {
        if abs_br == 0.0 {
            return None;
        }
        let ratio = b.1 / b.0;
        let denom = b.0 + b.1 * ratio;
        Some(((a.0 + a.1 * ratio) / denom, (a.1 - a.0 * ratio) / denom))
    } else if abs_bi >= abs_br {
        let ratio = b.0 / b.1;
        let denom = b.0 * ratio + b.1;
        Some(((a.0 * ratio + a.1) / denom, (a.1 * ratio - a.0) / denom))
    } else {
        Some((f64::NAN, f64::NAN))
    }
}

fn mul(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
}

/// CPython's `_Py_c_pow`; `None` when zero is raised to a negative or complex power.
fn pow_polar(a: (f64, f64), b: (f64, f64)) -> Option<(f64, f64)> {
    if b == (0.0, 0.0) {
        return Some((1.0, 0.0));
    }
    if a == (0.0, 0.0) {
        return if b.1 != 0.0 || b.0 < 0.0 { None } else { Some((0.0, 0.0)) };
    }
    let vabs = a.0.hypot(a.1);
    let mut len = vabs.powf(b.0);
    let at = a.1.atan2(a.0);
    let mut phase = at * b.0;
    if b.1 != 0.0 {
        len /= (at * b.1).exp();
        phase += b.1 * vabs.ln();
    }
    Some((len * phase.cos(), len * phase.sin()))
}

/// `x ** n` by repeated squaring (CPython's `c_powu`).
fn pow_unsigned(x: (f64, f64), n: u64) -> (f64, f64) {
    let mut r = (1.0, 0.0);
    let mut p = x;
    let mut mask = 1u64;
    while mask > 0 && n >= mask {
        if n & mask != 0 {
            r = mul(r, p);
        }
        mask <<= 1;
        p = mul(p, p);
    }
    r
}

/// `a ** b` as CPython 3.11's `complex_pow`.
pub fn pow(a: (f64, f64), b: (f64, f64)) -> PyResult<(f64, f64)> {
    let result = if b.1 == 0.0 && b.0 == b.0.floor() && b.0.abs() <= 100.0 {
        let n = b.0 as i64;
        if n >= 0 {
            Some(pow_unsigned(a, n as u64))
        } else {
            quot((1.0, 0.0), pow_unsigned(a, n.unsigned_abs()))
        }
    } else {
        pow_polar(a, b)
    };
    let r = result.ok_or_else(|| zero_division("0.0 to a negative or complex power"))?;
    if r.0.is_infinite() || r.1.is_infinite() {
        return Err(Space::get().new_exception(ExcKind::OverflowError, "complex exponentiation"));
    }
    Ok(r)
}

/// `a op b` where one operand at least is complex and both are numbers; `None` when the
/// operation is not defined for complex numbers (or an operand is not a number).
pub fn binop(op: BinOp, a: GcRef, b: GcRef) -> PyResult<Option<GcRef>> {
    let (Some(x), Some(y)) = (of_number(a)?, of_number(b)?) else { return Ok(None) };
    let r = match op {
        BinOp::Add => (x.0 + y.0, x.1 + y.1),
        BinOp::Sub => (x.0 - y.0, x.1 - y.1),
        BinOp::Mul => mul(x, y),
        BinOp::TrueDiv => quot(x, y).ok_or_else(|| zero_division("complex division by zero"))?,
        BinOp::Pow => pow(x, y)?,
        _ => return Ok(None),
    };
    Ok(Some(new_complex(r.0, r.1)))
}

/// `op a` for a complex `a`.
pub fn unary(op: UnaryOp, a: GcRef) -> Option<GcRef> {
    let (re, im) = value(a)?;
    match op {
        UnaryOp::Neg => Some(new_complex(-re, -im)),
        UnaryOp::Pos => Some(new_complex(re, im)),
        UnaryOp::Invert => None,
    }
}

/// `abs(z)`: the modulus; `OverflowError` when finite parts give an infinite modulus.
pub fn abs(re: f64, im: f64) -> PyResult<f64> {
    let r = re.hypot(im);
    if r.is_infinite() && re.is_finite() && im.is_finite() {
        return Err(Space::get().new_exception(ExcKind::OverflowError, "absolute value too large"));
    }
    Ok(r)
}

/// `a == b` (or `!=`) with one complex operand; `None` when `b` is not a number (or for ordering
/// comparisons, which complex numbers do not have).
pub fn compare(op: CmpOp, a: GcRef, b: GcRef) -> PyResult<Option<bool>> {
    if !matches!(op, CmpOp::Eq | CmpOp::Ne) {
        return Ok(None);
    }
    let (complex, other) = if value(a).is_some() { (a, b) } else { (b, a) };
    let (re, im) = value(complex).unwrap_or_default();
    let equal = if let Some((ore, oim)) = value(other) {
        re == ore && im == oim
    } else if other.layout() == W_Float::layout() {
        im == 0.0 && re == gc::get_f64(other, &W_Float::VALUE)
    } else if let Some(i) = bigint::to_ibig(other) {
        im == 0.0 && re.is_finite() && re.fract() == 0.0 && bigint::from_integral_f64(re) == i
    } else {
        return Ok(None);
    };
    Ok(Some(equal == (op == CmpOp::Eq)))
}

/// `complex(text)`: CPython's syntax (optional parentheses and surrounding white space, a real
/// and/or an imaginary part, `j` alone meaning `1j`); `None` when malformed.
pub fn parse(text: &str) -> Option<(f64, f64)> {
    let s = text.trim_matches(crate::unicode::is_space);
    let s = match s.strip_prefix('(') {
        Some(inner) => inner.strip_suffix(')')?.trim_matches(crate::unicode::is_space),
        None => s,
    };
    if s.is_empty() {
        return None;
    }
    let (body, imaginary) = match s.strip_suffix(['j', 'J']) {
        Some(b) => (b, true),
        None => (s, false),
    };
    if !imaginary {
        return parse_float(body).map(|re| (re, 0.0));
    }
    // Split "real±imag" at the last sign that is not part of an exponent.
    let bytes = body.as_bytes();
    let split =
        (1..bytes.len()).rev().find(|&i| matches!(bytes[i], b'+' | b'-') && !matches!(bytes[i - 1], b'e' | b'E'));
    let (real, imag) = match split {
        Some(i) => (parse_float(&body[..i])?, &body[i..]),
        None => (0.0, body),
    };
    let imag = match imag {
        "" | "+" => 1.0,
        "-" => -1.0,
        other => parse_float(other)?,
    };
    Some((real, imag))
}

/// A float literal part of a complex string (no surrounding white space allowed).
fn parse_float(text: &str) -> Option<f64> {
    if text.is_empty() || text.starts_with(char::is_whitespace) || text.ends_with(char::is_whitespace) {
        return None;
    }
    let valid = text.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-' | '_'));
    if !valid || text.contains('_') {
        return None;
    }
    let clean = text;
    let lower = clean.to_ascii_lowercase();
    let unsigned = lower.trim_start_matches(['+', '-']);
    if matches!(unsigned, "inf" | "infinity" | "nan") {
        return lower.parse::<f64>().ok();
    }
    if unsigned.chars().any(|c| c.is_ascii_alphabetic() && c != 'e') {
        return None;
    }
    lower.parse::<f64>().ok()
}

/// A residual's result: the value, or the exception set aside and a null reference.
fn or_raise(r: PyResult<GcRef>) -> GcRef {
    r.unwrap_or_else(|e| {
        set_exception(e);
        GcRef::NULL
    })
}

fn binary_types_error(op: BinOp, a: GcRef, b: GcRef) -> GcRef {
    Space::get().fault(crate::exceptions::Fault::BinaryTypes(op, a, b))
}

fn complex_binop_impl(op: i64, a: GcRef, b: GcRef) -> GcRef {
    let op = BinOp::ALL[op as usize];
    or_raise(binop(op, a, b).and_then(|r| r.ok_or_else(|| binary_types_error(op, a, b))))
}

metatrace::residual! {
    /// `a op b` with a complex operand.
    pub fn complex_binop(op: Int, a: Ref, b: Ref) -> Ref;
    effect = Plain; can_raise = true; impl = complex_binop_impl;
}

fn complex_unary_impl(op: i64, a: GcRef) -> GcRef {
    let op = UnaryOp::ALL[op as usize];
    or_raise(unary(op, a).ok_or_else(|| Space::get().fault(crate::exceptions::Fault::UnaryType(op, a))))
}

metatrace::residual! {
    /// `op a` for a complex `a`.
    pub fn complex_unary(op: Int, a: Ref) -> Ref;
    effect = Plain; can_raise = true; impl = complex_unary_impl;
}

fn complex_compare_impl(op: i64, a: GcRef, b: GcRef) -> i64 {
    let op = CmpOp::ALL[op as usize];
    match compare(op, a, b) {
        Ok(Some(r)) => i64::from(r),
        Ok(None) if op == CmpOp::Eq => 0,
        Ok(None) if op == CmpOp::Ne => 1,
        Ok(None) => {
            let space = Space::get();
            let message = format!(
                "'{}' not supported between instances of '{}' and '{}'",
                op.symbol(),
                space.type_name(a),
                space.type_name(b)
            );
            set_exception(space.new_exception(ExcKind::TypeError, &message));
            0
        }
        Err(e) => {
            set_exception(e);
            0
        }
    }
}

metatrace::residual! {
    /// `a op b` (1 or 0) with a complex operand; ordering raises `TypeError`.
    pub fn complex_compare(op: Int, a: Ref, b: Ref) -> Int;
    effect = Plain; can_raise = true; impl = complex_compare_impl;
}

/// `complex(real, imag)` of two arguments that are numbers or complex numbers (or objects with
/// `__complex__`/`__float__`/`__index__`), with CPython's errors.
pub fn construct(real: Option<GcRef>, imag: Option<GcRef>) -> PyResult<GcRef> {
    let space = Space::get();
    let type_error = |m: String| space.new_exception(ExcKind::TypeError, &m);
    let Some(real) = real else { return Ok(new_complex(0.0, 0.0)) };
    if real.layout() == crate::unicode::W_Str::layout() {
        if imag.is_some() {
            return Err(type_error("complex() can't take second arg if first is a string".to_owned()));
        }
        let text = crate::unicode::to_ascii_number(real);
        // As CPython's `_Py_string_to_number_with_underscores`: an underscore only separates two
        // digits, and goes before the parsing.
        let chars = text.as_bytes();
        let separated =
            |i: usize| i > 0 && i + 1 < chars.len() && chars[i - 1].is_ascii_digit() && chars[i + 1].is_ascii_digit();
        if (0..chars.len()).any(|i| chars[i] == b'_' && !separated(i)) {
            let message = format!("could not convert string to complex: {}", objspace::repr(real)?);
            return Err(space.new_exception(ExcKind::ValueError, &message));
        }
        let text = text.replace('_', "");
        let (re, im) = parse(&text)
            .ok_or_else(|| space.new_exception(ExcKind::ValueError, "complex() arg is a malformed string"))?;
        return Ok(new_complex(re, im));
    }
    if imag.is_some_and(|i| i.layout() == crate::unicode::W_Str::layout()) {
        return Err(type_error("complex() second arg can't be a string".to_owned()));
    }
    if imag.is_none() && real.layout() == W_Complex::layout() {
        return Ok(real);
    }
    // The builtin value of an instance of a subclass of complex, float or int.
    let inner = |v: GcRef| {
        crate::subclass::inner(v)
            .filter(|&i| value(i).is_some() || i.layout() == W_Float::layout() || bigint::to_ibig(i).is_some())
    };
    let convert = |v: GcRef, first: bool| -> PyResult<(f64, f64)> {
        if let Some(c) = of_number(v)? {
            return Ok(c);
        }
        if first {
            if let Some(f) = objspace::lookup_user(v, "__complex__") {
                let r = objspace::call_bound(f, v, &crate::function::Args::positional(&[]))?;
                let r = match inner(r).filter(|&i| value(r).is_none() && value(i).is_some()) {
                    Some(i) => {
                        let message = format!(
                            "__complex__ returned non-complex (type {}).  The ability to return an instance of a \
                             strict subclass of complex is deprecated, and may be removed in a future version of \
                             Python.",
                            space.type_name(r)
                        );
                        objspace::warn(ExcKind::DeprecationWarning, &message)?;
                        i
                    }
                    None => r,
                };
                return value(r).ok_or_else(|| {
                    type_error(format!("__complex__ returned non-complex (type {})", space.type_name(r)))
                });
            }
        }
        if let Some(c) = inner(v).map(of_number).transpose()?.flatten() {
            return Ok(c);
        }
        for name in ["__float__", "__index__"] {
            if let Some(f) = objspace::lookup_user(v, name) {
                let r = objspace::call_bound(f, v, &crate::function::Args::positional(&[]))?;
                if let Some(c) = of_number(r)? {
                    return Ok(c);
                }
            }
        }
        Err(type_error(if first {
            format!("complex() first argument must be a string or a number, not '{}'", space.type_name(v))
        } else {
            format!("complex() second argument must be a number, not '{}'", space.type_name(v))
        }))
    };
    // As CPython's `complex_new_impl`: the parts combine only where a complex argument has them,
    // so that signed zeros survive.
    let r = convert(real, true)?;
    let is_complex = |v: GcRef| value(v).is_some() || inner(v).is_some_and(|i| value(i).is_some());
    let real_is_complex = is_complex(real) || objspace::lookup_user(real, "__complex__").is_some();
    let Some(imag) = imag else { return Ok(new_complex(r.0, r.1)) };
    let i = convert(imag, false)?;
    let mut re = r.0;
    let mut im = i.0;
    if is_complex(imag) {
        re -= i.1;
    }
    if real_is_complex {
        im += r.1;
    }
    Ok(new_complex(re, im))
}

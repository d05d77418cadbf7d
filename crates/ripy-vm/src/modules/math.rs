//! The `math` module: CPython's functions on floats and integers, with its error rules (a NaN
//! result from a non-NaN argument is `ValueError: math domain error`, an infinite result from a
//! finite one `OverflowError: math range error` or a domain error).

use super::{arg_range, exact_args, one_arg};
use crate::bigint::{self, W_Long};
use crate::builtins::BuiltinDef;
use crate::exceptions::ExcKind;
use crate::float::{heap_float, W_Float};
use crate::function::Args;
use crate::int::{heap_int, W_Bool, W_Int};
use crate::objspace;
use crate::space::{PyResult, Space};
use dashu_int::ops::BitTest;
use dashu_int::IBig;
use metatrace_gc::{GcObject, GcRef};

/// The module.
pub const MODULE: super::BuiltinModule = super::BuiltinModule { name: "math", init };

const fn def(name: &'static str, func: crate::builtins::NativeFn) -> BuiltinDef {
    super::native("math", name, func)
}

/// The functions of `math`.
pub static DEFS: &[BuiltinDef] = &[
    def("sqrt", sqrt),
    def("exp", exp),
    def("expm1", expm1),
    def("log", log),
    def("log2", log2),
    def("log10", log10),
    def("log1p", log1p),
    def("sin", sin),
    def("cos", cos),
    def("tan", tan),
    def("asin", asin),
    def("acos", acos),
    def("atan", atan),
    def("sinh", sinh),
    def("cosh", cosh),
    def("tanh", tanh),
    def("asinh", asinh),
    def("acosh", acosh),
    def("atanh", atanh),
    def("fabs", fabs),
    def("atan2", atan2),
    def("pow", pow),
    def("fmod", fmod),
    def("copysign", copysign),
    def("hypot", hypot),
    def("floor", floor),
    def("ceil", ceil),
    def("trunc", trunc),
    def("isnan", isnan),
    def("isinf", isinf),
    def("isfinite", isfinite),
    def("isclose", isclose),
    def("degrees", degrees),
    def("radians", radians),
    def("modf", modf),
    def("frexp", frexp),
    def("ldexp", ldexp),
    def("fsum", fsum),
    def("gcd", gcd),
    def("lcm", lcm),
    def("factorial", factorial),
    def("isqrt", isqrt),
    def("comb", comb),
    def("perm", perm),
    def("prod", prod),
    def("remainder", remainder),
    def("nextafter", nextafter),
    def("ulp", ulp),
    def("dist", dist),
    def("cbrt", cbrt),
    def("exp2", exp2),
    def("erf", erf),
    def("erfc", erfc),
    def("gamma", gamma),
    def("lgamma", lgamma),
];

fn init(space: &'static Space, m: GcRef) -> PyResult<()> {
    let ns = super::namespace(m);
    super::add_functions(space, ns, "math");
    for (name, value) in [
        ("pi", std::f64::consts::PI),
        ("e", std::f64::consts::E),
        ("tau", std::f64::consts::TAU),
        ("inf", f64::INFINITY),
        ("nan", f64::NAN),
    ] {
        crate::dict::set_str(ns, space.intern(name), heap_float(value));
    }
    Ok(())
}

fn domain_error(space: &Space) -> GcRef {
    space.new_exception(ExcKind::ValueError, "math domain error")
}

fn range_error(space: &Space) -> GcRef {
    space.new_exception(ExcKind::OverflowError, "math range error")
}

/// A real-number argument as a float (`float`, `int`, `bool`, or `__float__`/`__index__`).
pub fn float_arg(space: &Space, v: GcRef) -> PyResult<f64> {
    let layout = v.layout();
    if layout == W_Float::layout() {
        return Ok(crate::gc::get_f64(v, &W_Float::VALUE));
    }
    // An instance of a float subclass gives its value without calling an overridden `__float__`
    // (CPython's `PyFloat_AsDouble`).
    if let Some(value) = crate::subclass::inner(v).filter(|value| value.layout() == W_Float::layout()) {
        return Ok(crate::gc::get_f64(value, &W_Float::VALUE));
    }
    if layout == W_Int::layout() || layout == W_Bool::layout() {
        return Ok(objspace::int_value(v).unwrap_or(0) as f64);
    }
    if layout == W_Long::layout() {
        return bigint::to_ibig(v).map_or(Ok(0.0), |b| bigint::to_f64(&b));
    }
    for hook in ["__float__", "__index__"] {
        if let Some(f) = objspace::lookup_user(v, hook) {
            let r = objspace::call_bound(f, v, &Args::default())?;
            return float_arg(space, r);
        }
    }
    let message = format!("must be real number, not {}", space.type_name(v));
    Err(space.new_exception(ExcKind::TypeError, &message))
}

/// An integer argument as a big integer (`TypeError` naming the function otherwise).
fn int_arg(space: &Space, v: GcRef) -> PyResult<IBig> {
    if v.layout() == W_Float::layout() {
        return Err(space.new_exception(ExcKind::TypeError, "'float' object cannot be interpreted as an integer"));
    }
    if let Some(b) = bigint::to_ibig(v) {
        return Ok(b);
    }
    let message = format!("'{}' object cannot be interpreted as an integer", space.type_name(v));
    let i = objspace::index_value(v, &message)?;
    Ok(IBig::from(i))
}

fn int_obj(v: &IBig) -> GcRef {
    bigint::from_ibig(v)
}

/// CPython's `math_1` on a float: `f(x)`, a NaN result from a non-NaN `x` a domain error, an
/// infinite result from a finite `x` a range error (`can_overflow`) or a domain error.
pub fn unary_value(space: &Space, x: f64, f: fn(f64) -> f64, can_overflow: bool) -> PyResult<f64> {
    let r = f(x);
    if r.is_nan() && !x.is_nan() {
        return Err(domain_error(space));
    }
    if r.is_infinite() && x.is_finite() {
        return Err(if can_overflow { range_error(space) } else { domain_error(space) });
    }
    Ok(r)
}

/// CPython's `math_1`: `f(x)` with its error rules.
fn unary(space: &Space, name: &str, args: &Args, f: fn(f64) -> f64, can_overflow: bool) -> PyResult<GcRef> {
    let x = float_arg(space, one_arg(space, name, args)?)?;
    unary_value(space, x, f, can_overflow).map(heap_float)
}

/// A one-argument function of `math` that is `math_1` of a libm function.
pub struct UnaryFn {
    /// Its name in the module.
    pub name: &'static str,
    /// The function on floats.
    pub f: fn(f64) -> f64,
    /// Whether an infinite result from a finite argument is an overflow (else a domain error).
    pub can_overflow: bool,
}

macro_rules! unary_fns {
    ($($name:ident => $f:expr, $overflow:expr;)*) => {
        $(fn $name(space: &'static Space, args: &Args) -> PyResult<GcRef> {
            unary(space, concat!("math.", stringify!($name)), args, $f, $overflow)
        })*

        /// The functions of `math` that are `math_1` of a libm function, which calls with one
        /// float or int argument skip the argument tuple ([`crate::float::call_math`]).
        pub static UNARY_FNS: &[UnaryFn] = &[
            $(UnaryFn { name: stringify!($name), f: $f, can_overflow: $overflow },)*
        ];
    };
}

unary_fns! {
    sqrt => f64::sqrt, false;
    exp => f64::exp, true;
    expm1 => f64::exp_m1, true;
    sin => f64::sin, false;
    cos => f64::cos, false;
    tan => f64::tan, false;
    asin => f64::asin, false;
    acos => f64::acos, false;
    atan => f64::atan, false;
    sinh => f64::sinh, true;
    cosh => f64::cosh, true;
    tanh => f64::tanh, false;
    asinh => super::libm::asinh, false;
    acosh => super::libm::acosh, false;
    atanh => super::libm::atanh, false;
    fabs => f64::abs, false;
    cbrt => f64::cbrt, false;
    exp2 => f64::exp2, true;
    erf => super::libm::erf, false;
    erfc => super::libm::erfc, false;
}

/// `math.degrees(x)`: a plain product, with no range check (as CPython's).
fn degrees(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    Ok(heap_float(float_arg(space, one_arg(space, "math.degrees", args)?)?.to_degrees()))
}

/// `math.radians(x)`: a plain product, with no range check (as CPython's).
fn radians(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    Ok(heap_float(float_arg(space, one_arg(space, "math.radians", args)?)?.to_radians()))
}

/// CPython's `loghelper`: `func(x)` for a positive argument, with ints too large for a float
/// taken as `m * 2**e` (`func(m) + e * func(2)`); a NaN gives NaN, zero or less `ValueError`.
fn log_helper(space: &Space, v: GcRef, func: fn(f64) -> f64) -> PyResult<f64> {
    let value = crate::subclass::inner(v).filter(|&i| bigint::to_ibig(i).is_some()).unwrap_or(v);
    if let Some(b) = bigint::to_ibig(value) {
        if b <= IBig::ZERO {
            return Err(domain_error(space));
        }
        if let Ok(x) = bigint::to_f64(&b) {
            return Ok(func(x));
        }
        // As CPython's `_PyLong_Frexp`: b = m * 2**bits with 0.5 <= m < 1.
        let bits = b.bit_len();
        let m = bigint::to_f64(&(b >> (bits - 64)))? / pow2(64);
        return Ok(func(m) + bits as f64 * func(2.0));
    }
    let x = float_arg(space, v)?;
    if x.is_nan() || x == f64::INFINITY {
        return Ok(x);
    }
    if x <= 0.0 {
        return Err(domain_error(space));
    }
    Ok(func(x))
}

fn log(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = arg_range(space, "log", args, 1, 2)?;
    let num = log_helper(space, a[0], f64::ln)?;
    match a.get(1) {
        None => Ok(heap_float(num)),
        Some(&base) => {
            let den = log_helper(space, base, f64::ln)?;
            if den == 0.0 {
                return Err(space.new_exception(ExcKind::ZeroDivisionError, "float division by zero"));
            }
            Ok(heap_float(num / den))
        }
    }
}

fn log2(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    Ok(heap_float(log_helper(space, one_arg(space, "math.log2", args)?, f64::log2)?))
}

fn log10(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    Ok(heap_float(log_helper(space, one_arg(space, "math.log10", args)?, f64::log10)?))
}

fn log1p(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let x = float_arg(space, one_arg(space, "math.log1p", args)?)?;
    if x <= -1.0 {
        return Err(domain_error(space));
    }
    Ok(heap_float(x.ln_1p()))
}

fn two_floats(space: &Space, name: &str, args: &Args) -> PyResult<(f64, f64)> {
    let [a, b] = exact_args::<2>(space, name, args)?;
    Ok((float_arg(space, a)?, float_arg(space, b)?))
}

fn atan2(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (y, x) = two_floats(space, "atan2", args)?;
    Ok(heap_float(y.atan2(x)))
}

fn copysign(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (x, y) = two_floats(space, "copysign", args)?;
    Ok(heap_float(x.copysign(y)))
}

fn fmod(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (x, y) = two_floats(space, "fmod", args)?;
    if y.is_infinite() && x.is_finite() {
        return Ok(heap_float(x));
    }
    let r = x % y;
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain_error(space));
    }
    Ok(heap_float(r))
}

fn pow(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (x, y) = two_floats(space, "pow", args)?;
    let r = if x == 1.0 || y == 0.0 { 1.0 } else { x.powf(y) };
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain_error(space));
    }
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(if x == 0.0 { domain_error(space) } else { range_error(space) });
    }
    Ok(heap_float(r))
}

/// The coordinates of a point (any iterable) as floats.
fn coordinates(space: &Space, point: GcRef) -> PyResult<Vec<f64>> {
    objspace::to_vec(point)?.iter().map(|&v| float_arg(space, v)).collect()
}

/// `hypot(*coordinates)`.
fn hypot(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    super::no_keywords(space, "hypot", args)?;
    let values = args.positional.iter().map(|&v| float_arg(space, v).map(f64::abs)).collect::<PyResult<Vec<_>>>()?;
    Ok(heap_float(vector_norm(values)))
}

/// `dist(p, q)`: the Euclidean distance of two points of the same dimension.
fn dist(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [p, q] = exact_args::<2>(space, "dist", args)?;
    let (p, q) = (coordinates(space, p)?, coordinates(space, q)?);
    if p.len() != q.len() {
        return Err(space.new_exception(ExcKind::ValueError, "both points must have the same number of dimensions"));
    }
    Ok(heap_float(vector_norm(p.iter().zip(&q).map(|(a, b)| (a - b).abs()).collect())))
}

/// The Euclidean norm of a vector of absolute values, as CPython's `vector_norm` computes it
/// (almost always correctly rounded): infinities win over NaNs; the values are scaled by a power
/// of two, squared and summed in double length, and the square root gets a final correction.
fn vector_norm(mut vec: Vec<f64>) -> f64 {
    if vec.iter().any(|v| v.is_infinite()) {
        return f64::INFINITY;
    }
    if vec.iter().any(|v| v.is_nan()) {
        return f64::NAN;
    }
    let max = vec.iter().copied().fold(0.0, f64::max);
    if max == 0.0 || vec.len() <= 1 {
        return max;
    }
    let max_e = frexp_parts(max).1;
    if max_e < -1023 {
        // Subnormal: scale up by the smallest normal first (2**-max_e would overflow).
        for v in &mut vec {
            *v /= f64::MIN_POSITIVE;
        }
        return f64::MIN_POSITIVE * vector_norm(vec);
    }
    let scale = pow2(-max_e);
    // A product and a sum of doubles, each with its exact rounding error.
    let mul = |x: f64, y: f64| {
        let hi = x * y;
        (hi, x.mul_add(y, -hi))
    };
    let fast_sum = |a: f64, b: f64| {
        let hi = a + b;
        (hi, (a - hi) + b)
    };
    let (mut csum, mut frac1, mut frac2) = (1.0, 0.0, 0.0);
    for v in vec {
        let x = v * scale;
        let (hi, lo) = mul(x, x);
        let (sum, err) = fast_sum(csum, hi);
        csum = sum;
        frac1 += lo;
        frac2 += err;
    }
    let mut h = (csum - 1.0 + (frac1 + frac2)).sqrt();
    let (hi, lo) = mul(-h, h);
    let (sum, err) = fast_sum(csum, hi);
    frac1 += lo;
    frac2 += err;
    let x = sum - 1.0 + (frac1 + frac2);
    h += x / (2.0 * h);
    h / scale
}

/// `2**k` (subnormal below -1022, zero below -1074, infinite above 1023), exactly.
fn pow2(k: i64) -> f64 {
    match k {
        1024.. => f64::INFINITY,
        -1022..=1023 => f64::from_bits(((k + 1023) as u64) << 52),
        -1074..=-1023 => f64::from_bits(1u64 << (k + 1074)),
        _ => 0.0,
    }
}

/// `x` as `m * 2**e` with `0.5 <= |m| < 1` (C's `frexp`; zero, infinities and NaN unchanged
/// with exponent 0).
fn frexp_parts(x: f64) -> (f64, i64) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let bits = x.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i64;
    if exponent == 0 {
        // Subnormal: normalize by 2**64 first.
        let (m, e) = frexp_parts(x * pow2(64));
        return (m, e - 64);
    }
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, exponent - 1022)
}

/// `remainder(x, y)`: IEEE 754 remainder, `x - n*y` with `n` the integer nearest `x/y` (ties
/// to even).
fn remainder(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (x, y) = two_floats(space, "remainder", args)?;
    if x.is_nan() {
        return Ok(heap_float(x));
    }
    if y.is_nan() {
        return Ok(heap_float(y));
    }
    if x.is_infinite() || y == 0.0 {
        return Err(domain_error(space));
    }
    if y.is_infinite() {
        return Ok(heap_float(x));
    }
    let (absx, absy) = (x.abs(), y.abs());
    let m = absx % absy;
    let c = absy - m;
    let r = if m < c {
        m
    } else if m > c {
        -c
    } else {
        // Half way: round to the even multiple.
        m - 2.0 * ((0.5 * (absx - m)) % absy)
    };
    Ok(heap_float(1f64.copysign(x) * r))
}

/// The float next to `x` in the direction of `y`.
fn next_after(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        return x + y;
    }
    if x == y {
        return y;
    }
    if x == 0.0 {
        return f64::from_bits(1).copysign(y);
    }
    let bits = x.to_bits();
    // Away from zero when moving towards y increases |x|.
    f64::from_bits(if (y > x) == (x > 0.0) { bits + 1 } else { bits - 1 })
}

fn nextafter(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (x, y) = two_floats(space, "nextafter", args)?;
    Ok(heap_float(next_after(x, y)))
}

/// `ulp(x)`: the value of the least significant bit of `x`.
fn ulp(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let x = float_arg(space, one_arg(space, "math.ulp", args)?)?.abs();
    if !x.is_finite() {
        return Ok(heap_float(x));
    }
    let up = next_after(x, f64::INFINITY);
    Ok(heap_float(if up.is_infinite() { x - next_after(x, f64::NEG_INFINITY) } else { up - x }))
}

/// `gamma(x)`: a pole (zero or a negative integer) or `-inf` is a domain error; a finite
/// argument with an infinite result a range error.
fn gamma(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let x = float_arg(space, one_arg(space, "math.gamma", args)?)?;
    if x == f64::NEG_INFINITY || (x <= 0.0 && x == x.floor()) {
        return Err(domain_error(space));
    }
    let r = super::libm::tgamma(x);
    if r.is_infinite() && x.is_finite() {
        return Err(range_error(space));
    }
    Ok(heap_float(r))
}

/// `lgamma(x)`: `log(abs(gamma(x)))`; a pole is a domain error, an overflow a range error.
fn lgamma(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let x = float_arg(space, one_arg(space, "math.lgamma", args)?)?;
    if x.is_nan() {
        return Ok(heap_float(x));
    }
    if x.is_infinite() {
        return Ok(heap_float(f64::INFINITY));
    }
    if x <= 0.0 && x == x.floor() {
        return Err(domain_error(space));
    }
    let r = super::libm::lgamma(x);
    if r.is_infinite() {
        return Err(range_error(space));
    }
    Ok(heap_float(r))
}

/// `floor`/`ceil`/`trunc`: ints unchanged, the dunder of other objects, else the rounded float.
fn rounding(space: &Space, name: &str, dunder: &str, args: &Args, f: fn(f64) -> f64) -> PyResult<GcRef> {
    let v = one_arg(space, name, args)?;
    let layout = v.layout();
    if layout == W_Int::layout() || layout == W_Long::layout() {
        return Ok(v);
    }
    if layout == W_Bool::layout() {
        return Ok(heap_int(objspace::int_value(v).unwrap_or(0)));
    }
    if layout != W_Float::layout() {
        if let Some(hook) = objspace::lookup_user(v, dunder) {
            return objspace::call_bound(hook, v, &Args::default());
        }
        if dunder == "__trunc__" {
            let message = format!("type {} doesn't define __trunc__ method", space.type_name(v));
            return Err(space.new_exception(ExcKind::TypeError, &message));
        }
    }
    let x = f(float_arg(space, v)?);
    if x.is_nan() {
        return Err(space.new_exception(ExcKind::ValueError, "cannot convert float NaN to integer"));
    }
    if x.is_infinite() {
        return Err(space.new_exception(ExcKind::OverflowError, "cannot convert float infinity to integer"));
    }
    bigint::from_float(x)
}

fn floor(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    rounding(space, "math.floor", "__floor__", args, f64::floor)
}

fn ceil(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    rounding(space, "math.ceil", "__ceil__", args, f64::ceil)
}

fn trunc(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    rounding(space, "math.trunc", "__trunc__", args, f64::trunc)
}

fn isnan(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    Ok(space.w_bool(float_arg(space, one_arg(space, "math.isnan", args)?)?.is_nan()))
}

fn isinf(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    Ok(space.w_bool(float_arg(space, one_arg(space, "math.isinf", args)?)?.is_infinite()))
}

fn isfinite(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    Ok(space.w_bool(float_arg(space, one_arg(space, "math.isfinite", args)?)?.is_finite()))
}

fn isclose(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [a, b] = <[GcRef; 2]>::try_from(args.positional.as_slice()).map_err(|_| {
        let message = format!("isclose() takes exactly 2 positional arguments ({} given)", args.positional.len());
        space.new_exception(ExcKind::TypeError, &message)
    })?;
    let (mut rel_tol, mut abs_tol) = (1e-9, 0.0);
    for &(k, v) in &args.keywords {
        match crate::unicode::to_string_lossy(k).as_str() {
            "rel_tol" => rel_tol = float_arg(space, v)?,
            "abs_tol" => abs_tol = float_arg(space, v)?,
            other => {
                let message = format!("isclose() got an unexpected keyword argument '{other}'");
                return Err(space.new_exception(ExcKind::TypeError, &message));
            }
        }
    }
    if rel_tol < 0.0 || abs_tol < 0.0 {
        return Err(space.new_exception(ExcKind::ValueError, "tolerances must be non-negative"));
    }
    let (a, b) = (float_arg(space, a)?, float_arg(space, b)?);
    if a == b {
        return Ok(space.w_bool(true));
    }
    if a.is_infinite() || b.is_infinite() {
        return Ok(space.w_bool(false));
    }
    let diff = (b - a).abs();
    let close = diff <= (rel_tol * b).abs() || diff <= (rel_tol * a).abs() || diff <= abs_tol;
    Ok(space.w_bool(close))
}

fn modf(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let x = float_arg(space, one_arg(space, "math.modf", args)?)?;
    let (frac, int) = if x.is_infinite() { (0.0f64.copysign(x), x) } else { (x.fract(), x.trunc()) };
    let parts = [heap_float(frac), heap_float(int)];
    Ok(crate::tuple::W_Tuple::from_slice(&parts))
}

fn frexp(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (m, e) = frexp_parts(float_arg(space, one_arg(space, "math.frexp", args)?)?);
    let parts = [heap_float(m), heap_int(e)];
    Ok(crate::tuple::W_Tuple::from_slice(&parts))
}

fn ldexp(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [x, i] = exact_args::<2>(space, "ldexp", args)?;
    let x = float_arg(space, x)?;
    let i = int_arg(space, i)?;
    let exp = i64::try_from(&i).unwrap_or(if i > IBig::ZERO { i64::MAX } else { i64::MIN }).clamp(-2200, 2200);
    let mut r = x;
    let mut left = exp;
    while left != 0 {
        let step = left.clamp(-1000, 1000);
        r *= 2f64.powi(step as i32);
        left -= step;
    }
    if r.is_infinite() && x.is_finite() {
        return Err(range_error(space));
    }
    Ok(heap_float(r))
}

/// `fsum`: exact summation of floats (Shewchuk's algorithm, as CPython's `msum`).
fn fsum(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let items = objspace::to_vec(one_arg(space, "math.fsum", args)?)?;
    let mut partials: Vec<f64> = Vec::new();
    // The sum of the non-finite items, and of the infinite ones (NaN when both signs occur).
    let (mut special, mut infinities) = (0.0, 0.0);
    for &item in items.iter() {
        let mut x = float_arg(space, item)?;
        let item_value = x;
        let mut kept = 0;
        for i in 0..partials.len() {
            let mut y = partials[i];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[kept] = lo;
                kept += 1;
            }
            x = hi;
        }
        partials.truncate(kept);
        if x.is_finite() {
            if x != 0.0 {
                partials.push(x);
            }
            continue;
        }
        if item_value.is_finite() {
            return Err(space.new_exception(ExcKind::OverflowError, "intermediate overflow in fsum"));
        }
        if item_value.is_infinite() {
            infinities += item_value;
        }
        special += item_value;
        partials.clear();
    }
    // NaN counts as non-zero, as in CPython's `math_fsum`.
    if special != 0.0 {
        if infinities.is_nan() {
            return Err(space.new_exception(ExcKind::ValueError, "-inf + inf in fsum"));
        }
        return Ok(heap_float(special));
    }
    let mut hi = 0.0;
    while let Some(x) = partials.pop() {
        let prev = hi;
        hi = prev + x;
        let lo = x - (hi - prev);
        if lo != 0.0 {
            if let Some(&next) = partials.last() {
                if (lo < 0.0 && next < 0.0) || (lo > 0.0 && next > 0.0) {
                    let y = lo * 2.0;
                    let x2 = hi + y;
                    if y == x2 - hi {
                        hi = x2;
                    }
                }
            }
            break;
        }
    }
    Ok(heap_float(hi))
}

fn gcd_of(a: &IBig, b: &IBig) -> IBig {
    let (mut a, mut b) = (a.clone() * a.signum(), b.clone() * b.signum());
    while b != IBig::ZERO {
        let r = &a % &b;
        a = b;
        b = r;
    }
    a
}

fn gcd(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    super::no_keywords(space, "gcd", args)?;
    let mut acc = IBig::ZERO;
    for &v in &args.positional {
        acc = gcd_of(&acc, &int_arg(space, v)?);
    }
    Ok(int_obj(&acc))
}

fn lcm(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    super::no_keywords(space, "lcm", args)?;
    let mut acc = IBig::ONE;
    for &v in &args.positional {
        let x = int_arg(space, v)?;
        if x == IBig::ZERO || acc == IBig::ZERO {
            acc = IBig::ZERO;
            continue;
        }
        let g = gcd_of(&acc, &x);
        acc = (&acc / &g) * &x;
        acc = acc.clone() * acc.signum();
    }
    Ok(int_obj(&acc))
}

fn factorial(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let v = one_arg(space, "math.factorial", args)?;
    let n = int_arg(space, v)?;
    if n < IBig::ZERO {
        return Err(space.new_exception(ExcKind::ValueError, "factorial() not defined for negative values"));
    }
    let n = u64::try_from(&n).map_err(|_| {
        space.new_exception(ExcKind::OverflowError, "factorial() argument should not exceed 9223372036854775807")
    })?;
    let mut acc = IBig::ONE;
    for i in 2..=n {
        acc *= IBig::from(i);
    }
    Ok(int_obj(&acc))
}

fn isqrt(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let n = int_arg(space, one_arg(space, "math.isqrt", args)?)?;
    if n < IBig::ZERO {
        return Err(space.new_exception(ExcKind::ValueError, "isqrt() argument must be nonnegative"));
    }
    if n == IBig::ZERO {
        return Ok(heap_int(0));
    }
    let mut x = IBig::ONE << n.bit_len().div_ceil(2);
    loop {
        let y = (&x + &n / &x) >> 1;
        if y >= x {
            return Ok(int_obj(&x));
        }
        x = y;
    }
}

/// `n! / (n-k)!` (and divided by `k!` for `comb`).
fn perm_comb(space: &Space, name: &str, args: &Args, divide: bool) -> PyResult<GcRef> {
    let a = arg_range(space, name, args, if divide { 2 } else { 1 }, 2)?;
    let n = int_arg(space, a[0])?;
    if n < IBig::ZERO {
        return Err(space.new_exception(ExcKind::ValueError, "n must be a non-negative integer"));
    }
    let k = match a.get(1) {
        Some(&k) if k != space.none => int_arg(space, k)?,
        _ => n.clone(),
    };
    if k < IBig::ZERO {
        return Err(space.new_exception(ExcKind::ValueError, "k must be a non-negative integer"));
    }
    if k > n {
        return Ok(heap_int(0));
    }
    let k = if divide && &n - &k < k { &n - &k } else { k };
    let k = i64::try_from(&k).map_err(|_| {
        let what = if divide { "min(n - k, k)" } else { "k" };
        space.new_exception(ExcKind::OverflowError, &format!("{what} must not exceed {}", i64::MAX))
    })? as u64;
    let mut acc = IBig::ONE;
    for i in 0..k {
        acc *= &n - IBig::from(i);
        if divide {
            acc /= IBig::from(i + 1);
        }
    }
    Ok(int_obj(&acc))
}

fn comb(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    perm_comb(space, "comb", args, true)
}

fn perm(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    perm_comb(space, "perm", args, false)
}

fn prod(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let iterable = args.positional.first().copied().ok_or_else(|| {
        space.new_exception(ExcKind::TypeError, "prod() missing required argument 'iterable' (pos 1)")
    })?;
    if args.positional.len() > 1 {
        let message = format!("prod() takes exactly 1 positional argument ({} given)", args.positional.len());
        return Err(space.new_exception(ExcKind::TypeError, &message));
    }
    let mut acc = heap_int(1);
    for &(k, v) in &args.keywords {
        if crate::unicode::eq_text(k, "start") {
            acc = v;
        } else {
            let message = format!("prod() got an unexpected keyword argument '{}'", crate::unicode::to_string_lossy(k));
            return Err(space.new_exception(ExcKind::TypeError, &message));
        }
    }
    let items = objspace::to_vec(iterable)?;
    for &item in items.iter() {
        let _acc = metatrace_gc::Root::new(acc);
        acc = objspace::binary_op(crate::ops::BinOp::Mul, false, acc, item)?;
    }
    Ok(acc)
}

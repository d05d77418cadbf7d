//! The methods of `int` and `float` (`bool` inherits int's): bit operations, byte conversions,
//! integer ratios, hexadecimal floats, rounding dunders.

use super::params::bind_method;
use super::*;
use dashu_int::ops::UnsignedAbs;
use dashu_int::UBig;

/// The builtins defined here.
pub(super) static DEFS: &[BuiltinDef] = &[
    method("int", "bit_length", int_bit_length),
    method("int", "bit_count", int_bit_count),
    method("int", "to_bytes", int_to_bytes),
    class_method("int", "from_bytes", int_from_bytes),
    method("int", "as_integer_ratio", int_as_integer_ratio),
    method("int", "conjugate", int_identity),
    method("int", "__index__", int_identity),
    method("int", "__int__", int_identity),
    method("int", "__trunc__", int_identity),
    method("int", "__floor__", int_identity),
    method("int", "__ceil__", int_identity),
    method("int", "__float__", int_float),
    method("int", "__round__", int_round),
    method("float", "is_integer", float_is_integer),
    method("float", "hex", float_hex),
    class_method("float", "fromhex", float_fromhex),
    class_method("float", "__getformat__", float_getformat),
    method("float", "as_integer_ratio", float_as_integer_ratio),
    method("float", "conjugate", float_conjugate),
    method("float", "__trunc__", float_trunc),
    method("float", "__int__", float_trunc),
    method("float", "__floor__", float_floor),
    method("float", "__ceil__", float_ceil),
    method("float", "__float__", float_conjugate),
    method("float", "__round__", float_round),
];

/// The value of an int method's object.
fn int_self(v: GcRef) -> IBig {
    bigint::to_ibig(v).unwrap_or_default()
}

fn int_bit_length(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (v, _) = method_args(space, "int.bit_length", args, 0, 0)?;
    Ok(heap_int(int_self(v).unsigned_abs().bit_len() as i64))
}

fn int_bit_count(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (v, _) = method_args(space, "int.bit_count", args, 0, 0)?;
    let magnitude = int_self(v).unsigned_abs();
    let ones: u32 = magnitude.to_le_bytes().iter().map(|b| b.count_ones()).sum();
    Ok(heap_int(i64::from(ones)))
}

/// The `byteorder` argument: true for little-endian.
fn byteorder(space: &'static Space, v: Option<GcRef>, name: &str) -> PyResult<bool> {
    match v.map(crate::subclass::unwrap) {
        None => Ok(false),
        Some(v) if v.layout() == W_Str::layout() => match unicode::to_string_lossy(v).as_str() {
            "little" => Ok(true),
            "big" => Ok(false),
            _ => Err(value_error(space, "byteorder must be either 'little' or 'big'")),
        },
        Some(v) => {
            Err(type_error(space, format!("{name}() argument 'byteorder' must be str, not {}", space.type_name(v))))
        }
    }
}

fn int_to_bytes(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (v, values) = bind_method(space, "to_bytes", args, &["length", "byteorder", "signed"], 0)?;
    let length = match values[0] {
        Some(l) => int_arg(space, l)?,
        None => 1,
    };
    if length < 0 {
        return Err(value_error(space, "length argument must be non-negative"));
    }
    let little = byteorder(space, values[1], "to_bytes")?;
    let signed = match values[2] {
        Some(s) => objspace::truthy(s)?,
        None => false,
    };
    let n = int_self(v);
    if !signed && n < IBig::ZERO {
        return Err(space.new_exception(ExcKind::OverflowError, "can't convert negative int to unsigned"));
    }
    let length = length as usize;
    let bits = length * 8;
    let fits = if signed {
        // -2**(bits-1) <= n < 2**(bits-1)
        bits > 0 && {
            let bound = IBig::ONE << (bits - 1);
            n >= -bound.clone() && n < bound
        } || n == IBig::ZERO
    } else {
        n.clone().unsigned_abs().bit_len() <= bits
    };
    if !fits {
        return Err(space.new_exception(ExcKind::OverflowError, "int too big to convert"));
    }
    // Two's complement: add 2**bits to negative values.
    let unsigned = if n < IBig::ZERO { n + (IBig::ONE << bits) } else { n };
    let mut bytes = UBig::try_from(unsigned).unwrap_or_default().to_le_bytes().to_vec();
    bytes.resize(length, 0);
    if !little {
        bytes.reverse();
    }
    Ok(crate::bytes::new_bytes(&bytes))
}

fn int_from_bytes(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (cls, values) = bind_method(space, "from_bytes", args, &["bytes", "byteorder", "signed"], 1)?;
    let source = values[0].unwrap_or(space.none);
    let data = match objspace::lookup_user(source, "__bytes__") {
        Some(f) => {
            let result = objspace::call_bound(f, source, &Args::default())?;
            if result.layout() != crate::bytes::W_Bytes::layout() {
                let message = format!("__bytes__ returned non-bytes (type {})", space.type_name(result));
                return Err(type_error(space, message));
            }
            crate::bytes::data(result)
        }
        None => bytes_like(space, source, "bytes must be in range(0, 256)")?,
    };
    let little = byteorder(space, values[1], "from_bytes")?;
    let signed = match values[2] {
        Some(s) => objspace::truthy(s)?,
        None => false,
    };
    let mut le = data;
    if !little {
        le.reverse();
    }
    let mut n = IBig::from(UBig::from_le_bytes(&le));
    if signed && le.last().is_some_and(|&b| b & 0x80 != 0) {
        n -= IBig::ONE << (le.len() * 8);
    }
    let result = bigint::from_ibig(&n);
    if cls == space.int_type {
        Ok(result)
    } else {
        objspace::call(cls, &[result])
    }
}

/// The bytes of a bytes-like object, or of an iterable of ints in `range(256)` (`range_error`
/// for others).
pub(super) fn bytes_like(space: &'static Space, v: GcRef, range_error: &str) -> PyResult<Vec<u8>> {
    if v.layout() == crate::bytes::W_Bytes::layout() {
        return Ok(crate::bytes::data(v));
    }
    if v.layout() == W_Str::layout() {
        return Err(type_error(space, "cannot convert 'str' object to bytes".to_owned()));
    }
    // Each item's index, clamped as CPython's `PyNumber_AsSsize_t(item, NULL)`, in range.
    let byte = |item: GcRef| {
        let n = match objspace::int_value(item) {
            Some(n) => n,
            None => {
                let message = format!("'{}' object cannot be interpreted as an integer", space.type_name(item));
                objspace::index_value_clamped(item, &message)?
            }
        };
        u8::try_from(n).map_err(|_| value_error(space, range_error))
    };
    if v.layout() == crate::list::W_List::layout() {
        if let Some(values) = crate::list::int_values(v) {
            return values.into_iter().map(|n| u8::try_from(n).map_err(|_| value_error(space, range_error))).collect();
        }
        // The list as it is when each item is read: an item's `__index__` may change it.
        let mut out = Vec::new();
        while out.len() < crate::list::len(v) {
            out.push(byte(crate::list::get(v, out.len()))?);
        }
        return Ok(out);
    }
    objspace::sequence_items(v)?.iter().map(|&item| byte(item)).collect()
}

fn int_as_integer_ratio(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (v, _) = method_args(space, "int.as_integer_ratio", args, 0, 0)?;
    let n = bigint::from_ibig(&int_self(v));
    Ok(W_Tuple::from_slice(&[n, heap_int(1)]))
}

/// `conjugate`, `__index__`, `__int__`, ...: the value as an exact int.
fn int_identity(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (v, _) = method_args(space, "int.conjugate", args, 0, 0)?;
    Ok(bigint::from_ibig(&int_self(v)))
}

fn int_float(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (v, _) = method_args(space, "int.__float__", args, 0, 0)?;
    Ok(heap_float(bigint::to_f64(&int_self(v))?))
}

fn int_round(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (v, rest) = method_args(space, "__round__", args, 0, 1)?;
    let mut call_args = vec![v];
    call_args.extend(rest.iter().copied());
    objspace::call(dict::get_str(space.builtins, space.intern("round")).unwrap_or(space.none), &call_args)
}

/// The value of a float method's object.
fn float_self(v: GcRef) -> f64 {
    format::float_of(v).unwrap_or(0.0)
}

fn float_is_integer(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (v, _) = method_args(space, "float.is_integer", args, 0, 0)?;
    let f = float_self(v);
    Ok(space.w_bool(f.is_finite() && f.fract() == 0.0))
}

/// `float.hex()`: `[-]0x1.<13 hex digits>p<exp>` (subnormals `0x0.`...), as CPython writes it.
fn float_hex(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (v, _) = method_args(space, "float.hex", args, 0, 0)?;
    let f = float_self(v);
    if !f.is_finite() {
        return Ok(new_str(&crate::floatrepr::float_repr(f)));
    }
    let sign = if f.is_sign_negative() { "-" } else { "" };
    if f == 0.0 {
        return Ok(new_str(&format!("{sign}0x0.0p+0")));
    }
    let bits = f.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mantissa = bits & ((1 << 52) - 1);
    let (lead, exponent) = if exp == 0 { (0, -1022) } else { (1, exp - 1023) };
    Ok(new_str(&format!("{sign}0x{lead}.{mantissa:013x}p{exponent:+}")))
}

/// `float.__getformat__(typestr)`: how the machine stores doubles and floats.
fn float_getformat(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (_, rest) = method_args(space, "__getformat__", args, 1, 1)?;
    if rest[0].layout() != W_Str::layout() {
        let message = format!("__getformat__() argument must be str, not {}", space.type_name(rest[0]));
        return Err(type_error(space, message));
    }
    match unicode::to_string_lossy(rest[0]).as_str() {
        "double" | "float" => Ok(new_str("IEEE, little-endian")),
        _ => Err(value_error(space, "__getformat__() argument 1 must be 'double' or 'float'")),
    }
}

fn float_fromhex(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (cls, rest) = method_args(space, "fromhex", args, 1, 1)?;
    let text = text_arg(space, rest[0], "fromhex() argument")?;
    let f = parse_hex_float(&text)
        .ok_or_else(|| value_error(space, "invalid hexadecimal floating-point string"))?
        .map_err(|()| {
            space.new_exception(ExcKind::OverflowError, "hexadecimal value too large to represent as a float")
        })?;
    let result = heap_float(f);
    if cls == space.float_type {
        Ok(result)
    } else {
        objspace::call(cls, &[result])
    }
}

/// Parse CPython's `float.fromhex` syntax: `None` when malformed, `Err` when too large.
fn parse_hex_float(text: &str) -> Option<Result<f64, ()>> {
    let s = text.trim_matches(unicode::is_space).to_ascii_lowercase();
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(&s)),
    };
    let signed = |f: f64| if negative { -f } else { f };
    match s {
        "inf" | "infinity" => return Some(Ok(signed(f64::INFINITY))),
        "nan" => return Some(Ok(signed(f64::NAN))),
        _ => {}
    }
    let s = s.strip_prefix("0x").unwrap_or(s);
    let (mantissa, exponent) = match s.split_once('p') {
        Some((m, e)) => (m, e.parse::<i64>().ok()?),
        None => (s, 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    let digits: Vec<u32> =
        int_part.chars().chain(frac_part.chars()).map(|c| c.to_digit(16)).collect::<Option<Vec<u32>>>()?;
    // value = digits (as a hex integer) * 16**-len(frac) * 2**exponent, rounded once.
    let mut value = UBig::ZERO;
    for d in &digits {
        value = value * UBig::from(16u8) + UBig::from(*d);
    }
    let scale = exponent.checked_sub(4 * frac_part.len() as i64)?;
    if value == UBig::ZERO {
        return Some(Ok(signed(0.0)));
    }
    // The value is `value * 2**scale`; its leading bit has weight 2**top.
    let top = value.bit_len() as i64 - 1 + scale;
    if top > 1100 {
        return Some(Err(()));
    }
    if top < -1100 {
        return Some(Ok(signed(0.0)));
    }
    // Keep bits down to weight 2**lsb (53 significant bits, fewer for subnormals), ties to even.
    let lsb = (top - 52).max(-1074);
    let drop = lsb - scale;
    let f = if drop <= 0 {
        ldexp(value.to_f64().value(), scale)
    } else {
        let drop = drop as usize;
        let mut q = value.clone() >> drop;
        let rem = value - (q.clone() << drop);
        let half = UBig::ONE << (drop - 1);
        if rem > half || (rem == half && q.bit(0)) {
            q += UBig::ONE;
        }
        ldexp(q.to_f64().value(), lsb)
    };
    if f.is_infinite() {
        return Some(Err(()));
    }
    Some(Ok(signed(f)))
}

/// `x * 2**e`, exact when representable.
fn ldexp(mut x: f64, mut e: i64) -> f64 {
    let pow2 = |k: i64| f64::from_bits(((k + 1023) as u64) << 52);
    while e > 1000 {
        x *= pow2(1000);
        e -= 1000;
    }
    while e < -1000 {
        x *= pow2(-1000);
        e += 1000;
    }
    x * pow2(e)
}

fn float_as_integer_ratio(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (v, _) = method_args(space, "float.as_integer_ratio", args, 0, 0)?;
    let f = float_self(v);
    if f.is_nan() {
        return Err(value_error(space, "cannot convert NaN to integer ratio"));
    }
    if f.is_infinite() {
        return Err(space.new_exception(ExcKind::OverflowError, "cannot convert Infinity to integer ratio"));
    }
    let bits = f.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let raw = bits & ((1 << 52) - 1);
    let (mantissa, exponent) = if exp == 0 { (raw, -1074) } else { (raw | (1 << 52), exp - 1075) };
    // Zero is 0/1.
    let (mut num, mut exponent) = if mantissa == 0 { (0, 0) } else { (mantissa, exponent) };
    while num != 0 && num & 1 == 0 && exponent < 0 {
        num >>= 1;
        exponent += 1;
    }
    let mut numerator = IBig::from(num);
    let mut denominator = IBig::ONE;
    if exponent >= 0 {
        numerator <<= exponent as usize;
    } else {
        denominator <<= (-exponent) as usize;
    }
    if f < 0.0 {
        numerator = -numerator;
    }
    let roots = metatrace_gc::RootSet::new();
    let n = roots.add(bigint::from_ibig(&numerator));
    let d = roots.add(bigint::from_ibig(&denominator));
    Ok(W_Tuple::from_slice(&[n, d]))
}

fn float_conjugate(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (v, _) = method_args(space, "float.conjugate", args, 0, 0)?;
    Ok(heap_float(float_self(v)))
}

/// A float rounding dunder: `f` applied, then converted to an int.
fn float_to_int(space: &'static Space, args: &Args, name: &str, f: fn(f64) -> f64) -> PyResult<GcRef> {
    let (v, _) = method_args(space, name, args, 0, 0)?;
    bigint::from_float(f(float_self(v)))
}

fn float_trunc(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    float_to_int(space, args, "float.__trunc__", f64::trunc)
}

fn float_floor(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    float_to_int(space, args, "float.__floor__", f64::floor)
}

fn float_ceil(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    float_to_int(space, args, "float.__ceil__", f64::ceil)
}

fn float_round(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    int_round(space, args)
}

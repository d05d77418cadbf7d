//! The functions of the builtins module (`print`, `len`, `sorted`, `__build_class__`, ...).

use super::*;

/// The builtins defined here.
pub(super) static DEFS: &[BuiltinDef] = &[
    module("print", print),
    module("len", len),
    module("repr", repr_builtin),
    module("ascii", ascii),
    module("abs", abs),
    module("min", min).with_frame(),
    module("max", max).with_frame(),
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
    module("next", next_builtin).with_frame(),
    module("sorted", sorted).with_frame(),
    module("any", any),
    module("all", all),
    module("hex", hex),
    module("oct", oct),
    module("bin", bin),
    module("format", format_builtin),
    module("__build_class__", build_class).with_frame(),
];

fn print(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let allowed = ["sep", "end", "file", "flush"];
    if let Some(&(k, _)) = args.keywords.iter().find(|(k, _)| !allowed.iter().any(|a| unicode::eq_text(*k, a))) {
        let message = format!("{} is an invalid keyword argument for print()", repr::repr(k)?);
        return Err(type_error(space, message));
    }
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
    let file = keyword(space, "print", args, &allowed, "file")?.unwrap_or(GcRef::NULL);
    let flush = match keyword(space, "print", args, &allowed, "flush")? {
        Some(v) => objspace::truthy(v)?,
        None => false,
    };
    crate::modules::sys::print(space, &args.positional, &sep, &end, file, flush)?;
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
    let v = crate::subclass::builtin_value(one(space, "abs", args)?, "__abs__");
    if let Some(i) = bigint::to_ibig(v) {
        return Ok(bigint::from_ibig(&if i < IBig::ZERO { -i } else { i }));
    }
    if v.layout() == W_Float::layout() {
        return Ok(heap_float(gc::get_f64(v, &W_Float::VALUE).abs()));
    }
    if let Some((re, im)) = crate::complex::value(v) {
        return Ok(heap_float(crate::complex::abs(re, im)?));
    }
    if let Some(f) = objspace::lookup_user(v, "__abs__") {
        return objspace::call_bound(f, v, &Args::default());
    }
    Err(type_error(space, format!("bad operand type for abs(): '{}'", space.type_name(v))))
}

/// `a < b`.
pub(super) fn less(a: GcRef, b: GcRef) -> PyResult<bool> {
    if let (Some(x), Some(y)) = (int_value(a), int_value(b)) {
        return Ok(x < y);
    }
    objspace::richcompare_user(CmpOp::Lt, a, b)
}

fn min_max(space: &'static Space, args: &Args, name: &str, want_max: bool) -> PyResult<GcRef> {
    super::params::only_keywords(space, name, args, &["key", "default"])?;
    let key = keyword(space, name, args, &["key", "default"], "key")?.filter(|&k| k != space.none);
    let default = keyword(space, name, args, &["key", "default"], "default")?;
    let items = match args.positional.as_slice() {
        [] => return Err(type_error(space, format!("{name} expected at least 1 argument, got 0"))),
        [iterable] => {
            if key.is_none() {
                if let Some(best) = crate::set::int_extreme(*iterable, want_max) {
                    return Ok(best);
                }
            }
            objspace::to_vec(*iterable)?
        }
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
                let better = if want_max { objspace::richcompare_user(CmpOp::Gt, k, bk)? } else { less(k, bk)? };
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
    if start.layout() == crate::bytes::W_Bytes::layout() || crate::buffer::is_bytearray(start) {
        let message = format!("sum() can't sum {} [use b''.join(seq) instead]", space.type_name(start));
        return Err(type_error(space, message));
    }
    let it = objspace::iter(iterable)?;
    let mut total = start;
    let mut next = objspace::next(it)?;
    // CPython's fast paths: an exact int total adds exact ints and bools in an i64 until one
    // would overflow it or another item comes (added generically), then an exact float total
    // adds floats and ints that fit an i64 in an f64; the first other item goes on with generic
    // additions.
    if total.layout() == W_Int::layout() {
        let mut sum = gc::get_i64(total, &W_Int::VALUE);
        while let Some(item) = next {
            let exact = item.layout() == W_Int::layout() || item.layout() == W_Bool::layout();
            let Some(value) = exact.then(|| int_value(item)).flatten().and_then(|v| sum.checked_add(v)) else {
                break;
            };
            sum = value;
            next = objspace::next(it)?;
        }
        total = heap_int(sum);
        if let Some(item) = next {
            total = objspace::binary_op(crate::ops::BinOp::Add, false, total, item)?;
            next = objspace::next(it)?;
        }
    }
    if total.layout() == W_Float::layout() {
        let mut sum = gc::get_f64(total, &W_Float::VALUE);
        while let Some(item) = next {
            if item.layout() == W_Float::layout() {
                sum += gc::get_f64(item, &W_Float::VALUE);
            } else if let Some(value) = int_value(item) {
                sum += value as f64;
            } else {
                break;
            }
            next = objspace::next(it)?;
        }
        total = heap_float(sum);
    }
    while let Some(item) = next {
        total = objspace::binary_op(crate::ops::BinOp::Add, false, total, item)?;
        next = objspace::next(it)?;
    }
    Ok(total)
}

fn isinstance(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "isinstance", args, 2, 2)?;
    Ok(space.w_bool(objspace::isinstance(a[0], a[1])?))
}

fn issubclass(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "issubclass", args, 2, 2)?;
    Ok(space.w_bool(objspace::issubclass(a[0], a[1])?))
}

pub(super) fn attribute_name(space: &Space, name: GcRef) -> PyResult<GcRef> {
    let name = crate::subclass::unwrap(name);
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
    Ok(space.w_bool(is_callable(v)))
}

/// Whether `v` can be called.
pub fn is_callable(v: GcRef) -> bool {
    let layout = v.layout();
    [W_Function::layout(), W_Builtin::layout(), crate::function::W_Method::layout(), W_Type::layout()].contains(&layout)
        || objspace::lookup_user(v, "__call__").is_some()
}

fn ord(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let arg = one(space, "ord", args)?;
    let v = crate::subclass::inner(arg).unwrap_or(arg);
    let (len, first) = if v.layout() == W_Str::layout() {
        let len = unicode::char_len(v);
        (len, (len == 1).then(|| unicode::char_at(v, 0)))
    } else if v.layout() == crate::bytes::W_Bytes::layout() {
        let len = gc::len(v, &crate::bytes::W_Bytes::BYTES);
        (len, (len == 1).then(|| u32::from(gc::byte_at(v, &crate::bytes::W_Bytes::BYTES, 0))))
    } else if crate::buffer::is_bytearray(v) {
        let data = crate::buffer::buffer_data(v)?.unwrap_or_default();
        (data.len(), data.first().map(|&b| u32::from(b)))
    } else {
        return Err(type_error(
            space,
            format!("ord() expected string of length 1, but {} found", space.type_name(arg)),
        ));
    };
    match first {
        Some(c) if len == 1 => Ok(heap_int(i64::from(c))),
        _ => Err(type_error(space, format!("ord() expected a character, but string of length {len} found"))),
    }
}

fn chr(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let v = one(space, "chr", args)?;
    // A C int, as CPython converts the argument: beyond that range, `OverflowError`.
    let i = match int_value(v) {
        Some(i) => i,
        None => {
            let message = format!("'{}' object cannot be interpreted as an integer", space.type_name(v));
            objspace::index_value_clamped(v, &message)?
        }
    };
    if i32::try_from(i).is_err() {
        return Err(space.new_exception(ExcKind::OverflowError, "Python int too large to convert to C int"));
    }
    if !(0..=0x10ffff).contains(&i) {
        return Err(value_error(space, "chr() arg not in range(0x110000)"));
    }
    Ok(unicode::char_str(i as u32))
}

/// `divmod(a, b)` of two machine ints, rounding the quotient down as Python does; `None` when
/// `b` is 0 or the quotient overflows.
fn int_divmod(a: i64, b: i64) -> Option<(i64, i64)> {
    let (q, r) = (a.checked_div(b)?, a.checked_rem(b)?);
    Some(if r != 0 && (r < 0) != (b < 0) { (q - 1, r + b) } else { (q, r) })
}

fn divmod(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "divmod", args, 2, 2)?;
    if a[0].layout() == W_Int::layout() && a[1].layout() == W_Int::layout() {
        let (x, y) = (gc::get_i64(a[0], &W_Int::VALUE), gc::get_i64(a[1], &W_Int::VALUE));
        if let Some((q, r)) = int_divmod(x, y) {
            let q = heap_int(q);
            return Ok(W_Tuple::from_slice(&[q, heap_int(r)]));
        }
    }
    if let Some(r) = objspace::user_binary_dunders(a[0], a[1], "__divmod__", "__rdivmod__", false)? {
        return Ok(r);
    }
    let plain_instance = |v: GcRef| objspace::is_instance_like(v) && crate::subclass::inner(v).is_none();
    if plain_instance(a[0]) || plain_instance(a[1]) {
        let message = format!(
            "unsupported operand type(s) for divmod(): '{}' and '{}'",
            space.type_name(a[0]),
            space.type_name(a[1])
        );
        return Err(type_error(space, message));
    }
    let is_float = |v: GcRef| v.layout() == W_Float::layout();
    let float_operands = (is_float(a[0]) || is_float(a[1])) && format::float_of(a[0]).is_some();
    if float_operands && format::float_of(a[1]) == Some(0.0) {
        return Err(space.new_exception(ExcKind::ZeroDivisionError, "float divmod()"));
    }
    let q = objspace::binary_op(crate::ops::BinOp::FloorDiv, false, a[0], a[1])
        .map_err(|e| rename_op(space, e, "divmod()"))?;
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

/// `pow(base, exp, mod=None)`.
fn pow(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let bound = super::params::bind(space, "pow", &args.positional, &args.keywords, &["base", "exp", "mod"], 2)?;
    let a: Vec<GcRef> = bound.into_iter().flatten().collect();
    if a.len() == 3 && a[2] != space.none {
        // The builtin value of an instance of a subclass of int, float or complex.
        let value = |v: GcRef| crate::subclass::inner(v).unwrap_or(v);
        // Three-argument power calls only the base's `__pow__` (never `__rpow__`).
        if let Some(f) = objspace::lookup_user(a[0], "__pow__") {
            return objspace::call_bound(f, a[0], &Args::positional(&a[1..]));
        }
        let ints = (bigint::to_ibig(value(a[0])), bigint::to_ibig(value(a[1])), bigint::to_ibig(value(a[2])));
        let (Some(b), Some(e), Some(m)) = ints else {
            if a.iter().any(|&v| crate::complex::value(value(v)).is_some()) {
                return Err(value_error(space, "complex modulo"));
            }
            let real = |v: GcRef| value(v).layout() == W_Float::layout() || bigint::to_ibig(value(v)).is_some();
            let message = if real(a[0]) && real(a[1]) {
                "pow() 3rd argument not allowed unless all arguments are integers".to_owned()
            } else {
                let names: Vec<String> = a.iter().map(|&v| format!("'{}'", space.type_name(v))).collect();
                format!("unsupported operand type(s) for ** or pow(): {}", names.join(", "))
            };
            return Err(type_error(space, message));
        };
        if m == IBig::ZERO {
            return Err(value_error(space, "pow() 3rd argument cannot be 0"));
        }
        let modulus = if m < IBig::ZERO { -m.clone() } else { m.clone() };
        let mut base = ((b % &modulus) + &modulus) % &modulus;
        let mut exp = e;
        if exp < IBig::ZERO {
            base = crate::bigint::mod_inverse(&base, &modulus)
                .ok_or_else(|| value_error(space, "base is not invertible for the given modulus"))?;
            exp = -exp;
        }
        let mut result = if modulus == IBig::ONE { IBig::ZERO } else { IBig::ONE };
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

/// A finite float rounded to a multiple of `10**k` (half to even, on its exact value), correctly
/// converted back to a float; `None` when that is too large for a float.
fn round_to_tens(f: f64, k: usize) -> Option<f64> {
    let bits = f.abs().to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let raw = bits & ((1 << 52) - 1);
    let (mantissa, shift) = if exp == 0 { (raw, -1074) } else { (raw | (1 << 52), exp - 1075) };
    // |f| = num / den exactly.
    let (num, den) = if shift >= 0 {
        (IBig::from(mantissa) << shift as usize, IBig::ONE)
    } else {
        (IBig::from(mantissa), IBig::ONE << (-shift) as usize)
    };
    let unit = IBig::from(10).pow(k);
    let divisor = &den * &unit;
    let (q, r) = (&num / &divisor, &num % &divisor);
    let twice = r * 2;
    let q = if twice > divisor || (twice == divisor && &q % IBig::from(2) != IBig::ZERO) { q + 1 } else { q };
    let magnitude = bigint::to_f64(&(q * unit)).ok().filter(|m| m.is_finite())?;
    Some(magnitude.copysign(f))
}

/// `round(number, ndigits=None)`.
fn round(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let bound = super::params::bind(space, "round", &args.positional, &args.keywords, &["number", "ndigits"], 1)?;
    let x = bound[0].expect("bound as required");
    let ndigits = bound[1].filter(|&n| n != space.none);
    if let Some(f) = objspace::lookup_user(x, "__round__") {
        let extra: Vec<GcRef> = ndigits.into_iter().collect();
        return objspace::call_bound(f, x, &Args::positional(&extra));
    }
    let x = crate::subclass::unwrap(x);
    if let Some(i) = bigint::to_ibig(x) {
        let Some(n) = ndigits else { return Ok(bigint::from_ibig(&i)) };
        let n = match bigint::to_ibig(crate::subclass::unwrap(n)) {
            Some(big) => big,
            None => IBig::from(int_arg(space, n)?),
        };
        if n >= IBig::ZERO {
            return Ok(bigint::from_ibig(&i));
        }
        // Rounding to more digits than `i` has (plus one) gives 0.
        let digits = i.to_string().len();
        let n = match usize::try_from(-n) {
            Ok(n) if n <= digits + 1 => n,
            _ => return Ok(heap_int(0)),
        };
        let unit = IBig::from(10).pow(n);
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
            let n = super::params::index_clamped(
                space,
                n,
                &format!("'{}' object cannot be interpreted as an integer", space.type_name(n)),
            )?;
            // CPython's bounds: beyond them the result is `x` itself, or a zero of its sign.
            if !f.is_finite() || f == 0.0 || n > 323 {
                return Ok(heap_float(f));
            }
            if n < -308 {
                return Ok(heap_float(0.0 * f));
            }
            if n >= 0 {
                let text = format!("{f:.*}", n as usize);
                return Ok(heap_float(text.parse().unwrap_or(f)));
            }
            round_to_tens(f, (-n) as usize)
                .map(heap_float)
                .ok_or_else(|| space.new_exception(ExcKind::OverflowError, "rounded value too large to represent"))
        }
    }
}

fn hash_builtin(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    Ok(heap_int(objspace::hash(one(space, "hash", args)?)?))
}

/// `id(obj)`: the object's address, except for ints that fit a machine word and floats, whose
/// `is` compares values ([`protocol::is`]; unboxed list strategies and compiled code box them
/// afresh): their ids derive from the value, as PyPy's do (`value << 4 | 1` for an int, the
/// float's bits `<< 4 | 5`), odd numbers that no object's address can be.
fn id(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let obj = one(space, "id", args)?;
    let (value, tag) = if obj.layout() == W_Int::layout() {
        (gc::get_i64(obj, &W_Int::VALUE), 1)
    } else if obj.layout() == W_Float::layout() {
        (gc::get_f64(obj, &W_Float::VALUE).to_bits() as i64, 5)
    } else {
        return Ok(heap_int(obj.addr() as i64));
    };
    Ok(bigint::int_object((IBig::from(value) << 4) | IBig::from(tag)))
}

fn iter_builtin(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "iter", args, 1, 2)?;
    if let [func, sentinel] = a {
        if !is_callable(*func) {
            return Err(type_error(space, "iter(v, w): v must be callable".to_owned()));
        }
        return Ok(iter::new_callable_iter(*func, *sentinel));
    }
    objspace::iter(a[0])
}

fn next_builtin(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "next", args, 1, 2)?;
    let generator = a[0].layout() == W_Generator::layout();
    let is_iterator = (iter::is_iterator(a[0])
        && (!generator || generator::Kind::of(a[0]) == generator::Kind::Generator))
        || objspace::lookup_user(a[0], "__next__").is_some();
    if !is_iterator {
        return Err(type_error(space, format!("'{}' object is not an iterator", space.type_name(a[0]))));
    }
    if a.len() == 1 {
        // Without a default, the iterator's own StopIteration (and its value) propagates.
        if generator {
            return generator::send(a[0], space.none);
        }
        if generator::is_step_iter(a[0]) {
            return generator::step_iter_send(a[0], space.none);
        }
        if let Some(f) = objspace::lookup_user(a[0], "__next__") {
            return objspace::call_bound(f, a[0], &Args::default());
        }
    }
    match (objspace::next(a[0])?, a.get(1)) {
        (Some(v), _) => Ok(v),
        (None, Some(&default)) => Ok(default),
        (None, None) => Err(space.new_exception_args(ExcKind::StopIteration, &[])),
    }
}

pub(super) fn sort_options(space: &'static Space, name: &str, args: &Args) -> PyResult<(Option<GcRef>, bool)> {
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
    super::sort::sort_items(&mut items, key, reverse)?;
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
    let i = super::params::index_ibig(space, v)?;
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

/// `__build_class__(func, name, *bases, metaclass=None, **keywords)`: prepare the namespace, run
/// the class body in it, make the class with the metaclass.
fn build_class(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [func, name, original_bases @ ..] = args.positional.as_slice() else {
        return Err(type_error(space, "__build_class__: not enough arguments".to_owned()));
    };
    if func.layout() != W_Function::layout() {
        return Err(type_error(space, "__build_class__: func must be a function".to_owned()));
    }
    // A `RootedVec`: the collector sees the bases.
    let bases = typeobject::resolve_bases(space, original_bases)?;
    let metaclass = args.keywords.iter().find(|(k, _)| unicode::eq_text(*k, "metaclass")).map(|&(_, v)| v);
    let keywords: Vec<(GcRef, GcRef)> =
        args.keywords.iter().copied().filter(|(k, _)| !unicode::eq_text(*k, "metaclass")).collect();
    let (metaclass, namespace) = typeobject::prepare_class(space, metaclass, *name, &bases, &keywords)?;
    let code = Code::of(gc::get_ref(*func, &W_Function::CODE));
    let env = FrameEnv {
        globals: gc::get_ref(*func, &W_Function::GLOBALS),
        builtins: gc::get_ref(*func, &W_Function::BUILTINS),
        locals: namespace,
        closure: gc::get_ref(*func, &W_Function::CLOSURE),
        back: GcRef::NULL,
    };
    let cell = crate::frame::from_native(|back| {
        with_concrete(|d| {
            let frame = new_frame(d, code, FrameEnv { back, ..env });
            protocol::run_frame_at(d, space, Pos { code, pc: 0 }, frame)
        })
    })?;
    let cls = typeobject::make_class(space, metaclass, *name, original_bases, &bases, namespace, &keywords)?;
    // `type.__new__` fills the `__class__` cell from the namespace's `__classcell__`: a
    // metaclass that did not pass the namespace on, or made another class from it, is an error.
    if cell.layout() == W_Cell::layout() && space.is_type(cls) {
        let cell_cls = gc::get_ref(cell, &W_Cell::CONTENTS);
        if cell_cls != cls {
            let (name, shown_cls) = (objspace::repr(*name)?, objspace::repr(cls)?);
            if cell_cls.is_null() {
                let message = format!(
                    "__class__ not set defining {name} as {shown_cls}. Was __classcell__ propagated to type.__new__?"
                );
                return Err(space.new_exception(ExcKind::RuntimeError, &message));
            }
            let message = format!("__class__ set to {} defining {name} as {shown_cls}", objspace::repr(cell_cls)?);
            return Err(type_error(space, message));
        }
    }
    Ok(cls)
}

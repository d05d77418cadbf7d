//! String formatting: `format(value, spec)` with the format-spec mini-language for ints, floats
//! and strs (what f-strings and `str.format` use), printf-style `str % args`, and `ascii()`.

use crate::bigint::{self, W_Long};
use crate::dict::W_Dict;
use crate::exceptions::ExcKind;
use crate::float::W_Float;
use crate::floatrepr::float_repr;
use crate::gc;
use crate::int::{W_Bool, W_Int};
use crate::objspace;
use crate::space::{PyResult, Space};
use crate::tuple::W_Tuple;
use crate::unicode::{self, W_Str};
use metatrace_gc::{GcObject, GcRef};

fn value_error(message: &str) -> GcRef {
    Space::get().new_exception(ExcKind::ValueError, message)
}

fn type_error(message: &str) -> GcRef {
    Space::get().new_exception(ExcKind::TypeError, message)
}

/// `text` with every non-ASCII character escaped, as `ascii()` does to a repr.
pub fn ascii(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let cp = c as u32;
        match cp {
            0..=0x7f => out.push(c),
            0x80..=0xff => out.push_str(&format!("\\x{cp:02x}")),
            0x100..=0xffff => out.push_str(&format!("\\u{cp:04x}")),
            _ => out.push_str(&format!("\\U{cp:08x}")),
        }
    }
    out
}

/// A parsed format spec.
#[derive(Default, Debug)]
struct Spec {
    fill: Option<char>,
    align: Option<char>,
    sign: Option<char>,
    alternate: bool,
    zero: bool,
    width: usize,
    grouping: Option<char>,
    precision: Option<usize>,
    kind: Option<char>,
}

fn parse_spec(spec: &str) -> PyResult<Spec> {
    let chars: Vec<char> = spec.chars().collect();
    let mut s = Spec::default();
    let mut i = 0;
    let is_align = |c: char| matches!(c, '<' | '>' | '^' | '=');
    if chars.len() >= 2 && is_align(chars[1]) {
        s.fill = Some(chars[0]);
        s.align = Some(chars[1]);
        i = 2;
    } else if !chars.is_empty() && is_align(chars[0]) {
        s.align = Some(chars[0]);
        i = 1;
    }
    if i < chars.len() && matches!(chars[i], '+' | '-' | ' ') {
        s.sign = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() && chars[i] == '#' {
        s.alternate = true;
        i += 1;
    }
    if i < chars.len() && chars[i] == '0' {
        s.zero = true;
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < chars.len() && chars[*i].is_ascii_digit() {
            *i += 1;
        }
        chars[start..*i].iter().collect::<String>()
    };
    let width = digits(&mut i);
    if !width.is_empty() {
        s.width = width.parse().map_err(|_| value_error("Too many decimal digits in format string"))?;
    }
    if i < chars.len() && matches!(chars[i], ',' | '_') {
        s.grouping = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() && chars[i] == '.' {
        i += 1;
        let precision = digits(&mut i);
        if precision.is_empty() {
            return Err(value_error("Format specifier missing precision"));
        }
        s.precision = Some(precision.parse().map_err(|_| value_error("Too many decimal digits in format string"))?);
    }
    if i < chars.len() {
        s.kind = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() {
        return Err(value_error("Invalid format specifier"));
    }
    Ok(s)
}

/// Pad `body` (with its `sign` prefix) to the spec's width.
fn pad(spec: &Spec, sign: &str, body: &str, numeric: bool) -> String {
    let len = sign.chars().count() + body.chars().count();
    let default_align = if numeric { '>' } else { '<' };
    let (fill, align) = if spec.zero && spec.align.is_none() && numeric {
        ('0', '=')
    } else {
        (spec.fill.unwrap_or(' '), spec.align.unwrap_or(default_align))
    };
    if len >= spec.width {
        return format!("{sign}{body}");
    }
    let gap = spec.width - len;
    let fills = |n: usize| std::iter::repeat_n(fill, n).collect::<String>();
    match align {
        '<' => format!("{sign}{body}{}", fills(gap)),
        '^' => format!("{}{sign}{body}{}", fills(gap / 2), fills(gap - gap / 2)),
        '=' => format!("{sign}{}{body}", fills(gap)),
        _ => format!("{}{sign}{body}", fills(gap)),
    }
}

/// Digits grouped by three from the right with `sep`.
fn group(digits: &str, sep: Option<char>) -> String {
    let Some(sep) = sep else { return digits.to_owned() };
    let chars: Vec<char> = digits.chars().collect();
    let mut out = String::new();
    for (k, c) in chars.iter().enumerate() {
        if k > 0 && (chars.len() - k).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(*c);
    }
    out
}

fn sign_of(negative: bool, spec: &Spec) -> &'static str {
    match (negative, spec.sign) {
        (true, _) => "-",
        (false, Some('+')) => "+",
        (false, Some(' ')) => " ",
        _ => "",
    }
}

/// `format(i, spec)` for an int (as its decimal text, possibly negative).
fn format_int(value: &dashu_int::IBig, spec: &Spec) -> PyResult<String> {
    use std::fmt::Write;
    let negative = *value < dashu_int::IBig::ZERO;
    let magnitude = if negative { -value.clone() } else { value.clone() };
    let (body, prefix) = match spec.kind {
        None | Some('d') | Some('n') => (group(&magnitude.to_string(), spec.grouping), ""),
        Some('x') => (format!("{magnitude:x}"), "0x"),
        Some('X') => (format!("{magnitude:X}"), "0X"),
        Some('o') => (format!("{magnitude:o}"), "0o"),
        Some('b') => (format!("{magnitude:b}"), "0b"),
        Some('c') => {
            let c = u32::try_from(value)
                .ok()
                .and_then(char::from_u32)
                .ok_or_else(|| Space::get().new_exception(ExcKind::OverflowError, "%c arg not in range(0x110000)"))?;
            (c.to_string(), "")
        }
        Some(k @ ('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%')) => {
            let f = bigint::to_f64(value)?;
            return Ok(float_body(f, spec, k));
        }
        Some(k) => {
            let mut m = String::new();
            let _ = write!(m, "Unknown format code '{k}' for object of type 'int'");
            return Err(value_error(&m));
        }
    };
    let prefix = if spec.alternate { prefix } else { "" };
    Ok(pad(spec, &format!("{}{prefix}", sign_of(negative, spec)), &body, true))
}

/// Python's exponent notation of `mantissa e exp` text from Rust's `{:e}`: `1.5e+02`.
fn fix_exponent(text: &str, upper: bool) -> String {
    let (mantissa, exp) = text.split_once('e').unwrap_or((text, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let e = if upper { 'E' } else { 'e' };
    format!("{mantissa}{e}{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs())
}

/// The 'g' formatting of a finite non-negative `x` with `p` significant digits.
fn general(x: f64, p: usize, alternate: bool, upper: bool) -> String {
    let p = p.max(1);
    if x == 0.0 {
        return if alternate { format!("{:.*}", p - 1, 0.0) } else { "0".to_owned() };
    }
    let sci = format!("{:.*e}", p - 1, x);
    let exp: i32 = sci.split_once('e').map_or(0, |(_, e)| e.parse().unwrap_or(0));
    let text = if exp >= -4 && exp < p as i32 {
        format!("{:.*}", (p as i32 - 1 - exp).max(0) as usize, x)
    } else {
        fix_exponent(&sci, upper)
    };
    if alternate {
        return text;
    }
    let (number, exponent) = match text.find(['e', 'E']) {
        Some(i) => (text[..i].to_owned(), text[i..].to_owned()),
        None => (text.clone(), String::new()),
    };
    let number =
        if number.contains('.') { number.trim_end_matches('0').trim_end_matches('.').to_owned() } else { number };
    format!("{number}{exponent}")
}

/// The body (without padding) of a float formatted with type `kind`, sign included.
fn float_body(f: f64, spec: &Spec, kind: char) -> String {
    let negative = f.is_sign_negative() && !f.is_nan();
    let x = f.abs();
    let upper = kind.is_ascii_uppercase();
    let text = if x.is_infinite() {
        "inf".to_owned()
    } else if x.is_nan() {
        "nan".to_owned()
    } else {
        match kind {
            'f' | 'F' => format!("{:.*}", spec.precision.unwrap_or(6), x),
            'e' | 'E' => fix_exponent(&format!("{:.*e}", spec.precision.unwrap_or(6), x), upper),
            '%' => format!("{:.*}%", spec.precision.unwrap_or(6), x * 100.0),
            'g' | 'G' => general(x, spec.precision.unwrap_or(6), spec.alternate, upper),
            _ => match spec.precision {
                Some(p) => {
                    let g = general(x, p, spec.alternate, upper);
                    if g.contains(['.', 'e', 'E', 'n', 'i']) {
                        g
                    } else {
                        format!("{g}.0")
                    }
                }
                None => float_repr(x),
            },
        }
    };
    let text = if upper { text.to_uppercase() } else { text };
    let (int_part, rest) = match text.find(['.', 'e', 'E', '%']) {
        Some(i) => (&text[..i], &text[i..]),
        None => (text.as_str(), ""),
    };
    let body = format!("{}{rest}", group(int_part, spec.grouping));
    pad(spec, sign_of(negative, spec), &body, true)
}

/// `format(value, spec)`.
pub fn format(value: GcRef, spec: &str) -> PyResult<GcRef> {
    let space = Space::get();
    let layout = value.layout();
    if let Some(f) = objspace::lookup_user(value, "__format__") {
        return objspace::call_bound(f, value, &crate::function::Args::positional(&[unicode::new_str(spec)]));
    }
    if spec.is_empty() {
        return objspace::str_obj(value);
    }
    let s = parse_spec(spec)?;
    let text = if layout == W_Int::layout()
        || layout == W_Long::layout()
        || (layout == W_Bool::layout() && s.kind.is_some())
    {
        let v = bigint::to_ibig(value).unwrap_or_default();
        format_int(&v, &s)?
    } else if layout == W_Bool::layout() {
        pad(&s, "", &unicode::to_string_lossy(objspace::str_obj(value)?), false)
    } else if layout == W_Float::layout() {
        let kind = s.kind.unwrap_or('r');
        if !matches!(kind, 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' | 'n' | 'r') {
            return Err(value_error(&format!("Unknown format code '{kind}' for object of type 'float'")));
        }
        float_body(gc::get_f64(value, &W_Float::VALUE), &s, kind)
    } else if layout == W_Str::layout() {
        if let Some(k) = s.kind.filter(|&k| k != 's') {
            return Err(value_error(&format!("Unknown format code '{k}' for object of type 'str'")));
        }
        if s.sign.is_some() {
            return Err(value_error("Sign not allowed in string format specifier"));
        }
        let text = unicode::to_string_lossy(value);
        let text: String = match s.precision {
            Some(p) => text.chars().take(p).collect(),
            None => text,
        };
        pad(&s, "", &text, false)
    } else {
        let message = format!("unsupported format string passed to {}.__format__", space.type_name(value));
        return Err(type_error(&message));
    };
    Ok(unicode::new_str(&text))
}

/// `template % args` (printf-style formatting of a str).
pub fn percent(template: GcRef, args: GcRef) -> PyResult<GcRef> {
    let chars: Vec<char> = unicode::to_string_lossy(template).chars().collect();
    let (items, mapping) = if args.layout() == W_Tuple::layout() {
        (W_Tuple::items(args), None)
    } else if args.layout() == W_Dict::layout() {
        (vec![args], Some(args))
    } else {
        (vec![args], None)
    };
    let mut next = 0;
    let mut out = String::new();
    let mut i = 0;
    let incomplete = || value_error("incomplete format");
    while i < chars.len() {
        if chars[i] != '%' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        i += 1;
        let mut key = None;
        if chars.get(i) == Some(&'(') {
            let close = chars[i..].iter().position(|&c| c == ')').ok_or_else(incomplete)? + i;
            key = Some(chars[i + 1..close].iter().collect::<String>());
            i = close + 1;
        }
        let mut spec = Spec::default();
        while let Some(&c) = chars.get(i) {
            match c {
                '-' => spec.align = Some('<'),
                '+' => spec.sign = Some('+'),
                ' ' => spec.sign = spec.sign.or(Some(' ')),
                '#' => spec.alternate = true,
                '0' => spec.zero = true,
                _ => break,
            }
            i += 1;
        }
        let take_arg = |next: &mut usize| -> PyResult<GcRef> {
            if let (Some(k), Some(m)) = (&key, mapping) {
                return crate::dict::get(m, unicode::new_str(k))?
                    .ok_or_else(|| Space::get().fault(crate::exceptions::Fault::Key(unicode::new_str(k))));
            }
            let v = items.get(*next).copied().ok_or_else(|| type_error("not enough arguments for format string"))?;
            *next += 1;
            Ok(v)
        };
        let number = |i: &mut usize, next: &mut usize| -> PyResult<Option<usize>> {
            if chars.get(*i) == Some(&'*') {
                *i += 1;
                let v = take_arg(next)?;
                return Ok(Some(objspace::index_value(v, "* wants int")?.max(0) as usize));
            }
            let start = *i;
            while chars.get(*i).is_some_and(char::is_ascii_digit) {
                *i += 1;
            }
            Ok((start < *i).then(|| chars[start..*i].iter().collect::<String>().parse().unwrap_or(0)))
        };
        spec.width = number(&mut i, &mut next)?.unwrap_or(0);
        if chars.get(i) == Some(&'.') {
            i += 1;
            spec.precision = Some(number(&mut i, &mut next)?.unwrap_or(0));
        }
        let Some(&kind) = chars.get(i) else { return Err(incomplete()) };
        i += 1;
        if kind == '%' {
            out.push('%');
            continue;
        }
        if spec.align == Some('<') {
            spec.zero = false;
        } else if !spec.zero {
            spec.align = Some('>');
        }
        let v = take_arg(&mut next)?;
        let text = match kind {
            's' | 'r' | 'a' => {
                let s = match kind {
                    's' => unicode::to_string_lossy(objspace::str_obj(v)?),
                    'r' => objspace::repr(v)?,
                    _ => ascii(&objspace::repr(v)?),
                };
                let s: String = match spec.precision {
                    Some(p) => s.chars().take(p).collect(),
                    None => s,
                };
                spec.zero = false;
                pad(&spec, "", &s, false)
            }
            'd' | 'i' | 'u' | 'x' | 'X' | 'o' | 'c' => {
                let number = if v.layout() == W_Float::layout() && kind != 'c' {
                    crate::bigint::from_float(gc::get_f64(v, &W_Float::VALUE).trunc())?
                } else {
                    v
                };
                let Some(n) = bigint::to_ibig(number) else {
                    let what = if kind == 'c' { "%c requires int or char" } else { "" };
                    let message = if what.is_empty() {
                        format!("%{kind} format: a real number is required, not {}", Space::get().type_name(v))
                    } else {
                        what.to_owned()
                    };
                    return Err(type_error(&message));
                };
                spec.kind = Some(if matches!(kind, 'i' | 'u') { 'd' } else { kind });
                if spec.precision.is_some() {
                    spec.precision = None;
                }
                format_int(&n, &spec)?
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let f = float_of(v)
                    .ok_or_else(|| type_error(&format!("must be real number, not {}", Space::get().type_name(v))))?;
                float_body(f, &spec, kind)
            }
            _ => {
                let message = format!("unsupported format character '{kind}' (0x{:x}) at index {}", kind as u32, i - 1);
                return Err(value_error(&message));
            }
        };
        out.push_str(&text);
    }
    if mapping.is_none() && next < items.len() {
        return Err(type_error("not all arguments converted during string formatting"));
    }
    Ok(unicode::new_str(&out))
}

/// The float value of an int, bool or float.
pub fn float_of(v: GcRef) -> Option<f64> {
    if v.layout() == W_Float::layout() {
        return Some(gc::get_f64(v, &W_Float::VALUE));
    }
    bigint::to_ibig(v).and_then(|i| bigint::to_f64(&i).ok())
}

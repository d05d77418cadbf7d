//! String formatting: `format(value, spec)` with the format-spec mini-language for ints, floats
//! and strs (what f-strings and `str.format` use), printf-style `str % args` and `bytes % args`,
//! and `ascii()`. Messages are CPython 3.11's.

use crate::bigint::{self, W_Long};
use crate::bytes::W_Bytes;
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
use dashu_int::IBig;
use metatrace_gc::{GcObject, GcRef};

fn value_error(message: &str) -> GcRef {
    Space::get().new_exception(ExcKind::ValueError, message)
}

fn type_error(message: &str) -> GcRef {
    Space::get().new_exception(ExcKind::TypeError, message)
}

fn overflow_error(message: &str) -> GcRef {
    Space::get().new_exception(ExcKind::OverflowError, message)
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
#[derive(Default, Debug, Clone)]
struct Spec {
    fill: Option<char>,
    align: Option<char>,
    sign: Option<char>,
    /// `z`: negative zero coerced to zero.
    no_neg_zero: bool,
    alternate: bool,
    width: usize,
    grouping: Option<char>,
    precision: Option<usize>,
    kind: Option<char>,
}

/// Parse `spec` for an object of type `type_name`; `default_align` is `>` for numbers and `<`
/// for strings (it decides what a leading `0` means).
fn parse_spec(spec: &str, type_name: &str, default_align: char) -> PyResult<Spec> {
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
    if i < chars.len() && chars[i] == 'z' {
        s.no_neg_zero = true;
        i += 1;
    }
    if i < chars.len() && chars[i] == '#' {
        s.alternate = true;
        i += 1;
    }
    if s.fill.is_none() && i < chars.len() && chars[i] == '0' {
        s.fill = Some('0');
        if s.align.is_none() && default_align == '>' {
            s.align = Some('=');
        }
        i += 1;
    }
    let digits = |i: &mut usize| -> PyResult<Option<usize>> {
        let start = *i;
        while *i < chars.len() && chars[*i].is_ascii_digit() {
            *i += 1;
        }
        if start == *i {
            return Ok(None);
        }
        let text: String = chars[start..*i].iter().collect();
        text.parse::<usize>()
            .ok()
            .filter(|&n| n <= isize::MAX as usize)
            .map(Some)
            .ok_or_else(|| value_error("Too many decimal digits in format string"))
    };
    s.width = digits(&mut i)?.unwrap_or(0);
    if i < chars.len() && matches!(chars[i], ',' | '_') {
        s.grouping = Some(chars[i]);
        i += 1;
        if i < chars.len() && matches!(chars[i], ',' | '_') {
            return Err(value_error(&if Some(chars[i]) == s.grouping {
                format!("Cannot specify '{0}' with '{0}'.", chars[i])
            } else {
                "Cannot specify both ',' and '_'.".to_owned()
            }));
        }
    }
    if i < chars.len() && chars[i] == '.' {
        i += 1;
        s.precision = Some(digits(&mut i)?.ok_or_else(|| value_error("Format specifier missing precision"))?);
    }
    if chars.len() - i > 1 {
        return Err(value_error(&format!("Invalid format specifier '{spec}' for object of type '{type_name}'")));
    }
    if i < chars.len() {
        s.kind = Some(chars[i]);
    }
    if let (Some(sep), Some(kind)) = (s.grouping, s.kind) {
        let allowed = match kind {
            'd' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F' | '\0' => true,
            'b' | 'o' | 'x' | 'X' => sep == '_',
            _ => false,
        };
        if !allowed {
            return Err(value_error(&format!("Cannot specify '{sep}' with '{kind}'.")));
        }
    }
    Ok(s)
}

/// Pad `prefix` + `body` to the spec's width (`=` puts the fill between them).
fn pad(spec: &Spec, prefix: &str, body: &str, default_align: char) -> String {
    let len = prefix.chars().count() + body.chars().count();
    if len >= spec.width {
        return format!("{prefix}{body}");
    }
    let fill = spec.fill.unwrap_or(' ');
    let gap = spec.width - len;
    let fills = |n: usize| std::iter::repeat_n(fill, n).collect::<String>();
    match spec.align.unwrap_or(default_align) {
        '<' => format!("{prefix}{body}{}", fills(gap)),
        '^' => format!("{}{prefix}{body}{}", fills(gap / 2), fills(gap - gap / 2)),
        '=' => format!("{prefix}{}{body}", fills(gap)),
        _ => format!("{}{prefix}{body}", fills(gap)),
    }
}

/// `digits` grouped from the right in groups of `size` with `sep`, zero-extended to at least
/// `min_width` characters (never starting with a separator), as CPython's grouping does.
fn group(digits: &str, sep: Option<char>, size: usize, min_width: usize) -> String {
    let digits: Vec<char> = digits.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(digits.len() + digits.len() / size.max(1) + min_width);
    let mut remaining = digits.len();
    let mut in_group = 0;
    loop {
        if remaining > 0 {
            out.push(digits[remaining - 1]);
            remaining -= 1;
        } else if out.len() < min_width || out.last().is_some_and(|&c| Some(c) == sep) {
            out.push('0');
        } else {
            break;
        }
        in_group += 1;
        if let Some(sep) = sep {
            if in_group == size && (remaining > 0 || out.len() < min_width) {
                out.push(sep);
                in_group = 0;
            }
        }
    }
    out.iter().rev().collect()
}

/// The sign text of a number.
fn sign_of(negative: bool, spec: &Spec) -> &'static str {
    match (negative, spec.sign) {
        (true, _) => "-",
        (false, Some('+')) => "+",
        (false, Some(' ')) => " ",
        _ => "",
    }
}

/// A number laid out: sign and prefix, integer digits (grouped here), and the rest.
fn layout_number(spec: &Spec, sign: &str, prefix: &str, digits: &str, rest: &str, group_size: usize) -> String {
    let head = format!("{sign}{prefix}");
    let zero_fill = spec.fill == Some('0') && spec.align == Some('=');
    let min_width = if zero_fill { spec.width.saturating_sub(head.chars().count() + rest.chars().count()) } else { 0 };
    let body = format!("{}{rest}", group(digits, spec.grouping, group_size, min_width));
    pad(spec, &head, &body, '>')
}

/// `format(i, spec)` for an int.
fn format_int(value: &IBig, spec: &Spec) -> PyResult<String> {
    let negative = *value < IBig::ZERO;
    let magnitude = if negative { -value.clone() } else { value.clone() };
    let kind = spec.kind.unwrap_or('d');
    if matches!(kind, 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') {
        let f = bigint::to_f64(value)?;
        return Ok(format_float(f, spec, kind));
    }
    if !matches!(kind, 'b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n') {
        return Err(value_error(&format!("Unknown format code '{kind}' for object of type 'int'")));
    }
    if spec.precision.is_some() {
        return Err(value_error("Precision not allowed in integer format specifier"));
    }
    if spec.no_neg_zero {
        return Err(value_error("Negative zero coercion (z) not allowed in integer format specifier"));
    }
    let (digits, prefix, group_size) = match kind {
        'x' => (format!("{magnitude:x}"), "0x", 4),
        'X' => (format!("{magnitude:X}"), "0X", 4),
        'o' => (format!("{magnitude:o}"), "0o", 4),
        'b' => (format!("{magnitude:b}"), "0b", 4),
        'c' => {
            if spec.sign.is_some() {
                return Err(value_error("Sign not allowed with integer format specifier 'c'"));
            }
            if spec.alternate {
                return Err(value_error("Alternate form (#) not allowed with integer format specifier 'c'"));
            }
            if i64::try_from(value).is_err() {
                return Err(overflow_error("Python int too large to convert to C long"));
            }
            let c = u32::try_from(value)
                .ok()
                .filter(|&c| c < 0x110000)
                .ok_or_else(|| overflow_error("%c arg not in range(0x110000)"))?;
            let text: String = unicode::to_string_lossy(unicode::from_chars([c]));
            return Ok(pad(spec, "", &text, '>'));
        }
        _ => (bigint::to_decimal(&magnitude)?, "", 3),
    };
    let prefix = if spec.alternate { prefix } else { "" };
    Ok(layout_number(spec, sign_of(negative, spec), prefix, &digits, "", group_size))
}

/// Python's exponent notation from Rust's `{:e}` text: `1.5e+02`.
fn fix_exponent(text: &str, upper: bool) -> String {
    let (mantissa, exp) = text.split_once('e').unwrap_or((text, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let e = if upper { 'E' } else { 'e' };
    format!("{mantissa}{e}{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs())
}

/// Rust's formatting takes precisions up to 65535, but the digits of an `f64` end long before
/// (at most 1074 after the point, 767 significant ones): longer precisions only add zeros.
const EXACT_DIGITS: usize = 1100;

/// Rust's `{x:.p$e}` for any `p`.
fn rust_exponent(x: f64, p: usize) -> String {
    let text = format!("{x:.*e}", p.min(EXACT_DIGITS));
    match text.split_once('e') {
        Some((mantissa, exp)) if p > EXACT_DIGITS => format!("{mantissa}{}e{exp}", "0".repeat(p - EXACT_DIGITS)),
        _ => text,
    }
}

/// Rust's `{x:.p$}` for any `p`.
fn rust_fixed(x: f64, p: usize) -> String {
    let mut text = format!("{x:.*}", p.min(EXACT_DIGITS));
    text.push_str(&"0".repeat(p.saturating_sub(EXACT_DIGITS)));
    text
}

/// `x` (finite, non-negative) in exponent notation with `p` digits after the point.
fn exponent_form(x: f64, p: usize, alternate: bool, upper: bool) -> String {
    let text = fix_exponent(&rust_exponent(x, p), upper);
    if alternate && p == 0 {
        let (m, e) = text.split_at(1);
        format!("{m}.{e}")
    } else {
        text
    }
}

/// `x` (finite, non-negative) in fixed-point notation with `p` digits after the point.
fn fixed_form(x: f64, p: usize, alternate: bool) -> String {
    let text = rust_fixed(x, p);
    if alternate && p == 0 {
        format!("{text}.")
    } else {
        text
    }
}

/// The 'g' formatting of a finite non-negative `x` with `p` significant digits; `add_dot_0` (no
/// type letter: the result gets a `.0` if it would look like an int) moves the switch to the
/// exponent form one digit earlier, as CPython's `Py_DTSF_ADD_DOT_0`.
fn general(x: f64, p: usize, alternate: bool, upper: bool, add_dot_0: bool) -> String {
    let p = p.max(1);
    let exp: i32 =
        if x == 0.0 { 0 } else { rust_exponent(x, p - 1).split_once('e').map_or(0, |(_, e)| e.parse().unwrap_or(0)) };
    let text = if exp >= -4 && exp < p as i32 - i32::from(add_dot_0) {
        fixed_form(x, (p as i32 - 1 - exp) as usize, alternate)
    } else {
        exponent_form(x, p - 1, alternate, upper)
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

/// A float formatted with type `kind` (`'\0'`: no type letter), padded.
fn format_float(f: f64, spec: &Spec, kind: char) -> String {
    let upper = matches!(kind, 'E' | 'F' | 'G');
    let text = if f.is_infinite() {
        "inf".to_owned()
    } else if f.is_nan() {
        "nan".to_owned()
    } else {
        let x = f.abs();
        match kind {
            'f' | 'F' => fixed_form(x, spec.precision.unwrap_or(6), spec.alternate),
            'e' | 'E' => exponent_form(x, spec.precision.unwrap_or(6), spec.alternate, upper),
            '%' => fixed_form(x * 100.0, spec.precision.unwrap_or(6), spec.alternate),
            'g' | 'G' | 'n' => general(x, spec.precision.unwrap_or(6), spec.alternate, upper, false),
            _ => match spec.precision {
                Some(p) => {
                    let g = general(x, p, spec.alternate, upper, true);
                    if g.contains(['.', 'e']) {
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
    let text = if kind == '%' { format!("{text}%") } else { text };
    // Negative zero after rounding counts as zero under `z`.
    let rounds_to_zero = text.chars().all(|c| !c.is_ascii_digit() || c == '0');
    let negative = f.is_sign_negative() && !f.is_nan() && !(spec.no_neg_zero && rounds_to_zero);
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (digits, rest) = text.split_at(split);
    if digits.is_empty() {
        // inf, nan: no digits to group or zero-fill.
        return pad(spec, sign_of(negative, spec), rest, '>');
    }
    layout_number(spec, sign_of(negative, spec), "", digits, rest, 3)
}

/// `format(s, spec)` for a str.
fn format_str(text: &str, spec: &Spec) -> PyResult<String> {
    if let Some(k) = spec.kind.filter(|&k| k != 's') {
        return Err(value_error(&format!("Unknown format code '{k}' for object of type 'str'")));
    }
    match spec.sign {
        Some(' ') => return Err(value_error("Space not allowed in string format specifier")),
        Some(_) => return Err(value_error("Sign not allowed in string format specifier")),
        None => {}
    }
    if spec.alternate {
        return Err(value_error("Alternate form (#) not allowed in string format specifier"));
    }
    if spec.no_neg_zero {
        return Err(value_error("Negative zero coercion (z) not allowed in string format specifier"));
    }
    if spec.align == Some('=') {
        return Err(value_error("'=' alignment not allowed in string format specifier"));
    }
    if let Some(sep) = spec.grouping {
        return Err(value_error(&format!("Cannot specify '{sep}' with 's'.")));
    }
    let text: String = match spec.precision {
        Some(p) => text.chars().take(p).collect(),
        None => text.to_owned(),
    };
    Ok(pad(spec, "", &text, '<'))
}

/// `format(value, spec)`.
pub fn format(value: GcRef, spec: &str) -> PyResult<GcRef> {
    let space = Space::get();
    let layout = value.layout();
    if let Some(f) = objspace::lookup_user(value, "__format__") {
        let result = objspace::call_bound(f, value, &crate::function::Args::positional(&[unicode::new_str(spec)]))?;
        if crate::subclass::unwrap(result).layout() != W_Str::layout() {
            return Err(type_error(&format!("__format__ must return a str, not {}", space.type_name(result))));
        }
        return Ok(result);
    }
    if spec.is_empty() {
        return objspace::str_obj(value);
    }
    if let Some(inner) = crate::subclass::inner(value) {
        return format(inner, spec);
    }
    let text = if layout == W_Int::layout() || layout == W_Long::layout() || layout == W_Bool::layout() {
        let s = parse_spec(spec, "int", '>')?;
        format_int(&bigint::to_ibig(value).unwrap_or_default(), &s)?
    } else if layout == W_Float::layout() {
        let s = parse_spec(spec, "float", '>')?;
        let kind = s.kind.unwrap_or('\0');
        if !matches!(kind, 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' | 'n' | '\0') {
            return Err(value_error(&format!("Unknown format code '{kind}' for object of type 'float'")));
        }
        format_float(gc::get_f64(value, &W_Float::VALUE), &s, kind)
    } else if layout == W_Str::layout() {
        let s = parse_spec(spec, "str", '<')?;
        format_str(&unicode::to_string_lossy(value), &s)?
    } else if let Some((re, im)) = crate::complex::value(value) {
        let s = parse_spec(spec, "complex", '>')?;
        format_complex(re, im, &s)?
    } else {
        let message = format!("unsupported format string passed to {}.__format__", space.type_name(value));
        return Err(type_error(&message));
    };
    Ok(unicode::new_str(&text))
}

/// `format(z, spec)` for a complex number.
fn format_complex(re: f64, im: f64, spec: &Spec) -> PyResult<String> {
    let kind = spec.kind.unwrap_or('\0');
    if !matches!(kind, 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '\0') {
        return Err(value_error(&format!("Unknown format code '{kind}' for object of type 'complex'")));
    }
    if spec.fill == Some('0') {
        return Err(value_error("Zero padding is not allowed in complex format specifier"));
    }
    if spec.align == Some('=') {
        return Err(value_error("'=' alignment flag is not allowed in complex format specifier"));
    }
    let part = |v: f64, sign: Option<char>| {
        let s = Spec { width: 0, fill: None, align: None, sign, ..spec.clone() };
        if kind == '\0' && spec.precision.is_none() {
            let text = crate::complex::part_repr(v);
            let negative = v.is_sign_negative() && !v.is_nan();
            format!("{}{}", sign_of(negative, &s), text.trim_start_matches('-'))
        } else {
            format_float(v, &s, if kind == '\0' { 'g' } else { kind })
        }
    };
    let bare_imaginary = kind == '\0' && re == 0.0 && !re.is_sign_negative();
    let body = if bare_imaginary {
        format!("{}j", part(im, spec.sign))
    } else {
        let inner = format!("{}{}j", part(re, spec.sign), part(im, Some('+')));
        if kind == '\0' {
            format!("({inner})")
        } else {
            inner
        }
    };
    Ok(pad(spec, "", &body, '>'))
}

/// What `%`-formatting produces: code points of a str, or bytes (each below 256).
#[derive(Copy, Clone, PartialEq, Eq)]
enum Target {
    Str,
    Bytes,
}

/// The arguments of a `%` operation.
struct PercentArgs {
    /// Rooted: the caller need not keep the argument tuple alive while formatting allocates.
    items: crate::gc::RootedVec,
    mapping: Option<GcRef>,
    next: usize,
}

impl PercentArgs {
    fn new(args: GcRef, target: Target) -> PercentArgs {
        let space = Space::get();
        if args.layout() == W_Tuple::layout() {
            return PercentArgs {
                items: crate::gc::RootedVec::from_slice(&W_Tuple::items(args)),
                mapping: None,
                next: 0,
            };
        }
        let is_text =
            args.layout() == W_Str::layout() || (target == Target::Bytes && args.layout() == W_Bytes::layout());
        let subscriptable = args.layout() == W_Dict::layout()
            || args.layout() == crate::list::W_List::layout()
            || args.layout() == W_Bytes::layout()
            || objspace::lookup_user(args, "__getitem__").is_some();
        let mapping = (!is_text && subscriptable && args != space.none).then_some(args);
        PercentArgs { items: crate::gc::RootedVec::from_slice(&[args]), mapping, next: 0 }
    }

    fn take(&mut self) -> PyResult<GcRef> {
        let v =
            self.items.get(self.next).copied().ok_or_else(|| type_error("not enough arguments for format string"))?;
        self.next += 1;
        Ok(v)
    }
}

/// The text of `%s`/`%r`/`%a`/`%b` for `v`, as code points (str) or bytes.
fn percent_text(v: GcRef, kind: char, target: Target) -> PyResult<Vec<u32>> {
    let space = Space::get();
    let cps = |s: String| s.chars().map(u32::from).collect::<Vec<u32>>();
    match (kind, target) {
        ('s', Target::Str) => Ok(unicode::chars(objspace::str_obj(v)?)),
        ('r', Target::Str) => Ok(unicode::chars(objspace::repr_obj(v)?)),
        ('a' | 'r', _) => Ok(cps(ascii(&objspace::repr(v)?))),
        (_, Target::Bytes) => {
            if v.layout() == W_Bytes::layout() {
                return Ok(crate::bytes::data(v).into_iter().map(u32::from).collect());
            }
            if let Some(data) = crate::buffer::buffer_data(v)? {
                return Ok(data.into_iter().map(u32::from).collect());
            }
            if let Some(f) = objspace::lookup_user(v, "__bytes__") {
                let b = objspace::call_bound(f, v, &crate::function::Args::positional(&[]))?;
                if b.layout() == W_Bytes::layout() {
                    return Ok(crate::bytes::data(b).into_iter().map(u32::from).collect());
                }
            }
            Err(type_error(&format!(
                "%b requires a bytes-like object, or an object that implements __bytes__, not '{}'",
                space.type_name(v)
            )))
        }
        _ => Ok(unicode::chars(objspace::str_obj(v)?)),
    }
}

/// The integer of `%d`/`%x`/...: ints, and for the decimal ones anything with `__int__` (floats
/// truncate); `__index__` for the others.
fn percent_integer(v: GcRef, kind: char) -> PyResult<IBig> {
    let space = Space::get();
    if let Some(i) = bigint::to_ibig(crate::subclass::unwrap(v)) {
        return Ok(i);
    }
    let decimal = matches!(kind, 'd' | 'i' | 'u');
    if decimal {
        if v.layout() == W_Float::layout() {
            let f = gc::get_f64(v, &W_Float::VALUE);
            return bigint::to_ibig(bigint::from_float(f)?).ok_or_else(|| type_error("integer expected"));
        }
        if let Some(f) = objspace::lookup_user(v, "__int__") {
            let r = objspace::call_bound(f, v, &crate::function::Args::positional(&[]))?;
            if let Some(i) = bigint::to_ibig(r) {
                return Ok(i);
            }
        }
        // As CPython's `PyNumber_Long`, `__index__` when there is no `__int__`.
        if let Some(i) = index_of(v)? {
            return Ok(i);
        }
        return Err(type_error(&format!("%{kind} format: a real number is required, not {}", space.type_name(v))));
    }
    index_of(v)?
        .ok_or_else(|| type_error(&format!("%{kind} format: an integer is required, not {}", space.type_name(v))))
}

/// printf-style formatting of `template` (code points, or bytes as values below 256).
fn percent_engine(template: &[u32], args: GcRef, target: Target) -> PyResult<Vec<u32>> {
    let space = Space::get();
    let mut args = PercentArgs::new(args, target);
    let mut out: Vec<u32> = Vec::with_capacity(template.len());
    let ch = |i: usize| template.get(i).and_then(|&c| char::from_u32(c));
    let mut i = 0;
    while i < template.len() {
        if template[i] != u32::from(b'%') {
            out.push(template[i]);
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        let mut value: Option<GcRef> = None;
        if ch(i) == Some('(') {
            let mapping = args.mapping.ok_or_else(|| type_error("format requires a mapping"))?;
            let mut depth = 1;
            let mut j = i + 1;
            while j < template.len() && depth > 0 {
                match ch(j) {
                    Some('(') => depth += 1,
                    Some(')') => depth -= 1,
                    _ => {}
                }
                j += 1;
            }
            if depth > 0 {
                return Err(value_error("incomplete format key"));
            }
            let key_cps = &template[i + 1..j - 1];
            let key = match target {
                Target::Str => unicode::from_chars(key_cps.iter().copied()),
                Target::Bytes => crate::bytes::new_bytes(&key_cps.iter().map(|&c| c as u8).collect::<Vec<u8>>()),
            };
            value = Some(objspace::getitem(mapping, key)?);
            i = j;
        }
        let mut spec = Spec::default();
        let mut left = false;
        let mut zero = false;
        while let Some(c) = ch(i) {
            match c {
                '-' => left = true,
                '+' => spec.sign = Some('+'),
                ' ' => spec.sign = spec.sign.or(Some(' ')),
                '#' => spec.alternate = true,
                '0' => zero = true,
                _ => break,
            }
            i += 1;
        }
        let mut number = |i: &mut usize, args: &mut PercentArgs, is_width: bool| -> PyResult<Option<usize>> {
            if ch(*i) == Some('*') {
                *i += 1;
                let v = args.take()?;
                // As CPython: a width is a C ssize_t, a precision a C int.
                let c_type = if is_width { "ssize_t" } else { "int" };
                let too_large = || overflow_error(&format!("Python int too large to convert to C {c_type}"));
                if v.layout() == W_Long::layout() {
                    return Err(too_large());
                }
                let n = objspace::index_value(v, "* wants int")?;
                if !is_width {
                    return Ok(Some(i32::try_from(n).map_err(|_| too_large())?.max(0) as usize));
                }
                if n < 0 {
                    left = true;
                }
                return Ok(Some(n.unsigned_abs() as usize));
            }
            let begin = *i;
            while ch(*i).is_some_and(|c| c.is_ascii_digit()) {
                *i += 1;
            }
            if begin == *i {
                return Ok(None);
            }
            let text: String = template[begin..*i].iter().filter_map(|&c| char::from_u32(c)).collect();
            text.parse::<i32>()
                .map(|n| Some(n as usize))
                .map_err(|_| value_error(if is_width { "width too big" } else { "precision too big" }))
        };
        spec.width = number(&mut i, &mut args, true)?.unwrap_or(0);
        if ch(i) == Some('.') {
            i += 1;
            spec.precision = Some(number(&mut i, &mut args, false)?.unwrap_or(0));
        }
        while matches!(ch(i), Some('h' | 'l' | 'L')) {
            i += 1;
        }
        let Some(kind) = ch(i) else { return Err(value_error("incomplete format")) };
        i += 1;
        if kind == '%' && i - start == 2 {
            out.push(u32::from(b'%'));
            continue;
        }
        spec.align = Some(if left { '<' } else { '>' });
        let v = match value {
            Some(v) => v,
            None => args.take()?,
        };
        let text: String = match kind {
            's' | 'r' | 'a' | 'b' => {
                if kind == 'b' && target == Target::Str {
                    return Err(unsupported(kind, i - 1));
                }
                let mut cps = percent_text(v, kind, target)?;
                if let Some(p) = spec.precision {
                    cps.truncate(p);
                }
                let padding = spec.width.saturating_sub(cps.len());
                let fill = std::iter::repeat_n(u32::from(b' '), padding);
                if left {
                    out.extend(cps);
                    out.extend(fill);
                } else {
                    out.extend(fill);
                    out.extend(cps);
                }
                continue;
            }
            'c' => {
                let cp = percent_char(v, target)?;
                let padding = spec.width.saturating_sub(1);
                let fill = std::iter::repeat_n(u32::from(b' '), padding);
                if left {
                    out.push(cp);
                    out.extend(fill);
                } else {
                    out.extend(fill);
                    out.push(cp);
                }
                continue;
            }
            'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
                let n = percent_integer(v, kind)?;
                let negative = n < IBig::ZERO;
                let magnitude = if negative { -n } else { n };
                let mut digits = match kind {
                    'x' => format!("{magnitude:x}"),
                    'X' => format!("{magnitude:X}"),
                    'o' => format!("{magnitude:o}"),
                    _ => bigint::to_decimal(&magnitude)?,
                };
                if let Some(p) = spec.precision {
                    if digits.len() < p {
                        digits = format!("{}{digits}", "0".repeat(p - digits.len()));
                    }
                }
                let prefix = match (spec.alternate, kind) {
                    (true, 'x') => "0x",
                    (true, 'X') => "0X",
                    (true, 'o') => "0o",
                    _ => "",
                };
                let head = format!("{}{prefix}", sign_of(negative, &spec));
                finish_number(&spec, left, zero, &head, &digits)
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let f = match float_of(crate::subclass::unwrap(v)) {
                    Some(f) => f,
                    None => float_of_percent(v)?
                        .ok_or_else(|| type_error(&format!("must be real number, not {}", space.type_name(v))))?,
                };
                let inner = Spec { align: None, width: 0, ..spec.clone() };
                let body = format_float(f, &inner, kind);
                let (head, digits) = match body.strip_prefix(['-', '+', ' ']) {
                    Some(rest) => (body[..1].to_owned(), rest.to_owned()),
                    None => (String::new(), body.clone()),
                };
                let zero = zero && f.is_finite();
                finish_number(&spec, left, zero, &head, &digits)
            }
            _ => return Err(unsupported(kind, i - 1)),
        };
        out.extend(text.chars().map(u32::from));
    }
    if args.mapping.is_none() && args.next < args.items.len() {
        return Err(type_error(&format!(
            "not all arguments converted during {} formatting",
            if target == Target::Str { "string" } else { "bytes" }
        )));
    }
    Ok(out)
}

/// The error for an unknown conversion character at `index`.
fn unsupported(kind: char, index: usize) -> GcRef {
    value_error(&format!("unsupported format character '{kind}' (0x{:x}) at index {index}", kind as u32))
}

/// A number of `%` formatting padded: zeros after the sign, or spaces around.
fn finish_number(spec: &Spec, left: bool, zero: bool, head: &str, digits: &str) -> String {
    let len = head.chars().count() + digits.chars().count();
    let gap = spec.width.saturating_sub(len);
    if left {
        format!("{head}{digits}{}", " ".repeat(gap))
    } else if zero {
        format!("{head}{}{digits}", "0".repeat(gap))
    } else {
        format!("{}{head}{digits}", " ".repeat(gap))
    }
}

/// The float of an object with `__float__` (not a float or int itself).
fn float_of_percent(v: GcRef) -> PyResult<Option<f64>> {
    match objspace::lookup_user(v, "__float__") {
        Some(f) => {
            let r = objspace::call_bound(f, v, &crate::function::Args::positional(&[]))?;
            Ok(float_of(r))
        }
        None => Ok(None),
    }
}

/// The integer of an int (or int subclass instance) or of an object with `__index__`; `None`
/// for other objects.
fn index_of(v: GcRef) -> PyResult<Option<IBig>> {
    if let Some(i) = bigint::to_ibig(crate::subclass::unwrap(v)) {
        return Ok(Some(i));
    }
    match objspace::lookup_user(v, "__index__") {
        Some(f) => Ok(bigint::to_ibig(objspace::call_bound(f, v, &crate::function::Args::positional(&[]))?)),
        None => Ok(None),
    }
}

/// The code point (or byte) of `%c`.
fn percent_char(v: GcRef, target: Target) -> PyResult<u32> {
    match target {
        Target::Str => {
            if v.layout() == W_Str::layout() {
                return match unicode::chars(v).as_slice() {
                    [c] => Ok(*c),
                    _ => Err(type_error("%c requires int or char")),
                };
            }
            let n = index_of(v)?.ok_or_else(|| type_error("%c requires int or char"))?;
            u32::try_from(&n)
                .ok()
                .filter(|&c| c < 0x110000)
                .ok_or_else(|| overflow_error("%c arg not in range(0x110000)"))
        }
        Target::Bytes => {
            let single = if v.layout() == W_Bytes::layout() {
                Some(crate::bytes::data(v))
            } else if crate::buffer::is_bytearray(v) {
                Some(crate::buffer::bytearray_data(v))
            } else {
                None
            };
            if let Some(data) = single {
                return match data.as_slice() {
                    [b] => Ok(u32::from(*b)),
                    _ => Err(type_error("%c requires an integer in range(256) or a single byte")),
                };
            }
            let n = index_of(v)?.ok_or_else(|| type_error("%c requires an integer in range(256) or a single byte"))?;
            u8::try_from(&n).map(u32::from).map_err(|_| overflow_error("%c arg not in range(256)"))
        }
    }
}

/// `template % args` (printf-style formatting of a str).
pub fn percent(template: GcRef, args: GcRef) -> PyResult<GcRef> {
    let out = percent_engine(&unicode::chars(template), args, Target::Str)?;
    Ok(unicode::from_chars(out))
}

/// `template % args` for bytes: the formatted bytes.
pub fn percent_bytes(template: &[u8], args: GcRef) -> PyResult<Vec<u8>> {
    let cps: Vec<u32> = template.iter().map(|&b| u32::from(b)).collect();
    let out = percent_engine(&cps, args, Target::Bytes)?;
    out.into_iter().map(|c| u8::try_from(c).map_err(|_| value_error("bytes formatting produced a non-byte"))).collect()
}

/// The float value of an int, bool or float.
pub fn float_of(v: GcRef) -> Option<f64> {
    if v.layout() == W_Float::layout() {
        return Some(gc::get_f64(v, &W_Float::VALUE));
    }
    bigint::to_ibig(v).and_then(|i| bigint::to_f64(&i).ok())
}

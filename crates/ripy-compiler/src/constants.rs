//! Constants of code objects ([`Constant`]), Python strings that may hold lone surrogates
//! ([`PyStr`]), and the decoding of literals from their source text: string and bytes escapes
//! (decoded here rather than taken from the parser so that `"\ud800"` survives), f-string literal
//! parts, and integer literals too large for `i64`.

use serde::{Deserialize, Serialize};

use std::fmt::{self, Write as _};
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use crate::bytecode::CodeObject;

/// A Python `str` value: a sequence of code points, any of U+0000..U+10FFFF including lone
/// surrogates.
///
/// Stored as "generalized UTF-8": UTF-8 in which each surrogate code point is encoded on its own
/// as a 3-byte sequence (surrogate pairs are never combined, since Python keeps them as two code
/// points). A string without surrogates is plain UTF-8, available through [`PyStr::as_str`].
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PyStr(Box<[u8]>);

impl PyStr {
    /// The generalized UTF-8 bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The string as `&str` when it holds no surrogate.
    pub fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.0).ok()
    }

    /// The code points, in order.
    pub fn code_points(&self) -> CodePoints<'_> {
        CodePoints { bytes: &self.0 }
    }

    /// The number of code points (Python's `len()`).
    pub fn char_len(&self) -> usize {
        self.0.iter().filter(|&&b| b & 0xc0 != 0x80).count()
    }

    /// Whether the string is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Python's `repr()` of the string.
    pub fn repr(&self) -> String {
        let has_single = self.code_points().any(|c| c == u32::from('\''));
        let has_double = self.code_points().any(|c| c == u32::from('"'));
        let quote = if has_single && !has_double { '"' } else { '\'' };
        let mut out = String::new();
        out.push(quote);
        for cp in self.code_points() {
            match char::from_u32(cp) {
                Some(c) if c == quote || c == '\\' => {
                    out.push('\\');
                    out.push(c);
                }
                Some('\n') => out.push_str("\\n"),
                Some('\r') => out.push_str("\\r"),
                Some('\t') => out.push_str("\\t"),
                Some(c) if is_printable(c) => out.push(c),
                _ if cp < 0x100 => {
                    let _ = write!(out, "\\x{cp:02x}");
                }
                _ if cp < 0x10000 => {
                    let _ = write!(out, "\\u{cp:04x}");
                }
                _ => {
                    let _ = write!(out, "\\U{cp:08x}");
                }
            }
        }
        out.push(quote);
        out
    }
}

/// An approximation of Python's `str.isprintable()` for one character, used by [`PyStr::repr`].
fn is_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    !(c.is_control()
        || c.is_whitespace()
        || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}'))
}

impl From<&str> for PyStr {
    fn from(s: &str) -> PyStr {
        PyStr(s.as_bytes().into())
    }
}

impl fmt::Debug for PyStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.repr())
    }
}

/// Iterator over the code points of a [`PyStr`].
pub struct CodePoints<'a> {
    bytes: &'a [u8],
}

impl Iterator for CodePoints<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        let (&first, rest) = self.bytes.split_first()?;
        let (len, init) = match first {
            0x00..=0x7f => (1, u32::from(first)),
            0xc0..=0xdf => (2, u32::from(first & 0x1f)),
            0xe0..=0xef => (3, u32::from(first & 0x0f)),
            _ => (4, u32::from(first & 0x07)),
        };
        let len = len.min(rest.len() + 1);
        let cp = rest[..len - 1].iter().fold(init, |acc, &b| (acc << 6) | u32::from(b & 0x3f));
        self.bytes = &self.bytes[len..];
        Some(cp)
    }
}

/// Builds a [`PyStr`] one code point or string at a time.
#[derive(Default)]
pub struct PyStrBuilder(Vec<u8>);

impl PyStrBuilder {
    /// Appends a code point (`cp` must be at most 0x10FFFF; surrogates are allowed).
    pub fn push_code_point(&mut self, cp: u32) {
        match cp {
            0..=0x7f => self.0.push(cp as u8),
            0x80..=0x7ff => self.0.extend_from_slice(&[0xc0 | (cp >> 6) as u8, 0x80 | (cp & 0x3f) as u8]),
            0x800..=0xffff => self.0.extend_from_slice(&[
                0xe0 | (cp >> 12) as u8,
                0x80 | ((cp >> 6) & 0x3f) as u8,
                0x80 | (cp & 0x3f) as u8,
            ]),
            _ => self.0.extend_from_slice(&[
                0xf0 | (cp >> 18) as u8,
                0x80 | ((cp >> 12) & 0x3f) as u8,
                0x80 | ((cp >> 6) & 0x3f) as u8,
                0x80 | (cp & 0x3f) as u8,
            ]),
        }
    }

    /// Appends a string.
    pub fn push_str(&mut self, s: &str) {
        self.0.extend_from_slice(s.as_bytes());
    }

    /// Appends another Python string.
    pub fn push_py_str(&mut self, s: &PyStr) {
        self.0.extend_from_slice(s.as_bytes());
    }

    /// Whether nothing was appended.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Finishes the string.
    pub fn finish(self) -> PyStr {
        PyStr(self.0.into_boxed_slice())
    }
}

/// An integer constant too large for `i64`, kept as its decimal digits (with a leading `-` when
/// negative) for the interpreter's big-integer type to parse.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BigInt(pub Box<str>);

/// A constant of a code object (an element of CPython's `co_consts`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Constant {
    /// `None`.
    None,
    /// `...`.
    Ellipsis,
    /// `True` / `False`.
    Bool(bool),
    /// An `int` that fits in `i64`.
    Int(i64),
    /// An `int` that does not fit in `i64`.
    BigInt(BigInt),
    /// A `float`.
    Float(f64),
    /// A `complex`.
    Complex {
        /// Real part.
        real: f64,
        /// Imaginary part.
        imag: f64,
    },
    /// A `str`.
    Str(PyStr),
    /// A `bytes`.
    Bytes(Box<[u8]>),
    /// A `tuple` of constants.
    Tuple(Box<[Constant]>),
    /// A `frozenset` of constants (from `x in {1, 2}`), in source order without duplicates.
    FrozenSet(Box<[Constant]>),
    /// A nested code object (function, class body, lambda, comprehension).
    Code(Arc<CodeObject>),
}

impl Constant {
    /// A `str` constant.
    pub fn str(s: &str) -> Constant {
        Constant::Str(PyStr::from(s))
    }

    /// Python's `repr()` of the constant (nested code objects shown as `<code object NAME>`).
    pub fn repr(&self) -> String {
        match self {
            Constant::None => "None".into(),
            Constant::Ellipsis => "Ellipsis".into(),
            Constant::Bool(b) => if *b { "True" } else { "False" }.into(),
            Constant::Int(i) => i.to_string(),
            Constant::BigInt(b) => b.0.to_string(),
            Constant::Float(f) => float_repr(*f),
            Constant::Complex { real, imag } => {
                let imag_s = float_repr(*imag);
                let imag_s = imag_s.strip_suffix(".0").unwrap_or(&imag_s);
                if *real == 0.0 && real.is_sign_positive() {
                    format!("{imag_s}j")
                } else {
                    let real_s = float_repr(*real);
                    let real_s = real_s.strip_suffix(".0").unwrap_or(&real_s);
                    let sign = if imag.is_sign_negative() { "" } else { "+" };
                    format!("({real_s}{sign}{imag_s}j)")
                }
            }
            Constant::Str(s) => s.repr(),
            Constant::Bytes(b) => bytes_repr(b),
            Constant::Tuple(items) => {
                let inner: Vec<String> = items.iter().map(Constant::repr).collect();
                if inner.len() == 1 {
                    format!("({},)", inner[0])
                } else {
                    format!("({})", inner.join(", "))
                }
            }
            Constant::FrozenSet(items) => {
                let inner: Vec<String> = items.iter().map(Constant::repr).collect();
                format!("frozenset({{{}}})", inner.join(", "))
            }
            Constant::Code(code) => format!("<code object {}>", code.name),
        }
    }

    /// Python's `==` between two constants (numbers compare across `bool`, `int`, `float` and
    /// `complex`; big integers only equal identical digits).
    pub fn python_equal(&self, other: &Constant) -> bool {
        match (self.as_complex(), other.as_complex()) {
            (Some(a), Some(b)) => return a == b,
            (Some(_), None) | (None, Some(_)) => return false,
            (None, None) => {}
        }
        match (self, other) {
            (Constant::Tuple(a), Constant::Tuple(b)) => {
                a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| x.python_equal(y))
            }
            _ => same_constant(self, other, Arc::ptr_eq),
        }
    }

    /// Whether two constants are the same value as `code == code` sees its constants (CPython's
    /// `_PyCode_ConstantKey`): equal type and value, floats by their bits, code objects by
    /// [`CodeObject::same_code`](crate::CodeObject::same_code).
    pub fn same_value(&self, other: &Constant) -> bool {
        same_constant(self, other, |x, y| x.same_code(y))
    }

    /// The value of a numeric constant as a complex number (`None` for non-numbers and for big
    /// integers, which cannot be represented exactly).
    fn as_complex(&self) -> Option<(f64, f64)> {
        match *self {
            Constant::Bool(b) => Some((f64::from(u8::from(b)), 0.0)),
            Constant::Int(i) if i.unsigned_abs() < 1 << 53 => Some((i as f64, 0.0)),
            Constant::Float(f) => Some((f, 0.0)),
            Constant::Complex { real, imag } => Some((real, imag)),
            _ => None,
        }
    }

    /// Python truthiness of the constant (code objects are true).
    pub fn is_truthy(&self) -> bool {
        match self {
            Constant::None => false,
            Constant::Ellipsis | Constant::Code(_) | Constant::BigInt(_) => true,
            Constant::Bool(b) => *b,
            Constant::Int(i) => *i != 0,
            Constant::Float(f) => *f != 0.0,
            Constant::Complex { real, imag } => *real != 0.0 || *imag != 0.0,
            Constant::Str(s) => !s.is_empty(),
            Constant::Bytes(b) => !b.is_empty(),
            Constant::Tuple(items) | Constant::FrozenSet(items) => !items.is_empty(),
        }
    }
}

/// Identity of constants for deduplication in `co_consts`: equal type and equal value, with floats
/// compared by bits (so `0.0` and `-0.0` stay distinct, as in CPython) and code objects by address.
#[derive(Clone, Debug)]
pub(crate) struct ConstKey(pub Constant);

impl PartialEq for ConstKey {
    fn eq(&self, other: &ConstKey) -> bool {
        same_constant(&self.0, &other.0, Arc::ptr_eq)
    }
}

impl Eq for ConstKey {}

impl Hash for ConstKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_constant(&self.0, state);
    }
}

/// Equal type and equal value (floats by bits); code objects compared by `same_code`.
fn same_constant(a: &Constant, b: &Constant, same_code: fn(&Arc<CodeObject>, &Arc<CodeObject>) -> bool) -> bool {
    match (a, b) {
        (Constant::None, Constant::None) | (Constant::Ellipsis, Constant::Ellipsis) => true,
        (Constant::Bool(x), Constant::Bool(y)) => x == y,
        (Constant::Int(x), Constant::Int(y)) => x == y,
        (Constant::BigInt(x), Constant::BigInt(y)) => x == y,
        (Constant::Float(x), Constant::Float(y)) => x.to_bits() == y.to_bits(),
        (Constant::Complex { real: r1, imag: i1 }, Constant::Complex { real: r2, imag: i2 }) => {
            r1.to_bits() == r2.to_bits() && i1.to_bits() == i2.to_bits()
        }
        (Constant::Str(x), Constant::Str(y)) => x == y,
        (Constant::Bytes(x), Constant::Bytes(y)) => x == y,
        (Constant::Tuple(x), Constant::Tuple(y)) | (Constant::FrozenSet(x), Constant::FrozenSet(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| same_constant(p, q, same_code))
        }
        (Constant::Code(x), Constant::Code(y)) => same_code(x, y),
        _ => false,
    }
}

fn hash_constant<H: Hasher>(c: &Constant, state: &mut H) {
    std::mem::discriminant(c).hash(state);
    match c {
        Constant::None | Constant::Ellipsis => {}
        Constant::Bool(b) => b.hash(state),
        Constant::Int(i) => i.hash(state),
        Constant::BigInt(b) => b.hash(state),
        Constant::Float(f) => f.to_bits().hash(state),
        Constant::Complex { real, imag } => {
            real.to_bits().hash(state);
            imag.to_bits().hash(state);
        }
        Constant::Str(s) => s.hash(state),
        Constant::Bytes(b) => b.hash(state),
        Constant::Tuple(items) | Constant::FrozenSet(items) => {
            items.len().hash(state);
            for item in items.iter() {
                hash_constant(item, state);
            }
        }
        Constant::Code(code) => (Arc::as_ptr(code) as usize).hash(state),
    }
}

/// Python's `repr()` of a float: the shortest string that round-trips, with CPython's switch to
/// exponent notation below 1e-4 and from 1e16.
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.into();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0" } else { "0.0" }.into();
    }
    let exp_form = format!("{f:e}");
    let (mantissa, exponent) = exp_form.split_once('e').unwrap_or((&exp_form, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if (-4..16).contains(&exponent) {
        let s = format!("{f}");
        if s.contains('.') {
            s
        } else {
            format!("{s}.0")
        }
    } else {
        let sign = if exponent < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exponent.abs())
    }
}

/// Python's `repr()` of a bytes value.
pub fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') { '"' } else { '\'' };
    let mut out = String::from("b");
    out.push(quote);
    for &byte in b {
        match byte {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            _ if char::from(byte) == quote => {
                out.push('\\');
                out.push(quote);
            }
            0x20..=0x7e => out.push(char::from(byte)),
            _ => {
                let _ = write!(out, "\\x{byte:02x}");
            }
        }
    }
    out.push(quote);
    out
}

/// A string or bytes literal decoded from source.
#[derive(Debug)]
pub enum DecodedLiteral {
    /// A `str` literal.
    Str(PyStr),
    /// A `bytes` literal.
    Bytes(Vec<u8>),
}

/// Why a literal could not be decoded, with the byte offset of the problem within the token.
#[derive(Debug, PartialEq, Eq)]
pub struct LiteralError {
    /// CPython's message, e.g. `(unicode error) 'unicodeescape' codec can't decode bytes in
    /// position 0-1: truncated \xXX escape`.
    pub msg: String,
}

/// The parts of a string token: its prefix letters (lower-cased) and the text between the quotes.
fn split_string_token(token: &str) -> (String, &str) {
    let prefix_len = token.find(['\'', '"']).unwrap_or(token.len());
    let prefix = token[..prefix_len].to_ascii_lowercase();
    let rest = &token[prefix_len..];
    let quote_len = if rest.starts_with("'''") || rest.starts_with("\"\"\"") { 3 } else { 1 };
    let body = rest.get(quote_len..rest.len().saturating_sub(quote_len)).unwrap_or("");
    (prefix, body)
}

/// Decodes one string or bytes literal token (prefix, quotes and body, e.g. `rb'\d'`).
pub fn decode_string_token(token: &str) -> Result<DecodedLiteral, LiteralError> {
    let (prefix, body) = split_string_token(token);
    let raw = prefix.contains('r');
    if prefix.contains('b') {
        decode_bytes_body(body, raw).map(DecodedLiteral::Bytes)
    } else {
        decode_str_body(body, raw, false).map(DecodedLiteral::Str)
    }
}

/// Decodes the literal text of an f-string part (between replacement fields): escapes as in a
/// `str` literal unless `raw`, and `{{` / `}}` as single braces.
pub fn decode_fstring_middle(text: &str, raw: bool) -> Result<PyStr, LiteralError> {
    decode_str_body(text, raw, true)
}

fn unicode_error(start: usize, end: usize, what: &str) -> LiteralError {
    let position =
        if end > start + 1 { format!("position {}-{}", start, end - 1) } else { format!("position {start}") };
    LiteralError { msg: format!("(unicode error) 'unicodeescape' codec can't decode bytes in {position}: {what}") }
}

/// Decodes a `str` literal body.
fn decode_str_body(body: &str, raw: bool, fstring: bool) -> Result<PyStr, LiteralError> {
    let mut out = PyStrBuilder::default();
    let mut chars = body.char_indices().peekable();
    while let Some((pos, c)) = chars.next() {
        if fstring && (c == '{' || c == '}') {
            if chars.peek().map(|&(_, n)| n) == Some(c) {
                chars.next();
            }
            out.push_code_point(u32::from(c));
            continue;
        }
        if c == '\r' {
            if chars.peek().map(|&(_, n)| n) == Some('\n') {
                chars.next();
            }
            out.push_code_point(u32::from('\n'));
            continue;
        }
        if c != '\\' || raw {
            if c == '\\' && raw {
                out.push_code_point(u32::from('\\'));
                if let Some(&(_, next)) = chars.peek() {
                    chars.next();
                    if next == '\r' {
                        if chars.peek().map(|&(_, n)| n) == Some('\n') {
                            chars.next();
                        }
                        out.push_code_point(u32::from('\n'));
                    } else {
                        out.push_code_point(u32::from(next));
                    }
                }
                continue;
            }
            out.push_code_point(u32::from(c));
            continue;
        }
        let Some((_, esc)) = chars.next() else {
            if fstring {
                // An f-string part ends with a backslash only before a brace (`\{x}`): the
                // backslash is kept, as Python 3.11 does (with an invalid-escape warning).
                out.push_code_point(u32::from('\\'));
                break;
            }
            return Err(unicode_error(pos, pos + 1, "\\ at end of string"));
        };
        match esc {
            '\n' => {}
            '\r' => {
                if chars.peek().map(|&(_, n)| n) == Some('\n') {
                    chars.next();
                }
            }
            '\\' | '\'' | '"' => out.push_code_point(u32::from(esc)),
            'a' => out.push_code_point(7),
            'b' => out.push_code_point(8),
            'f' => out.push_code_point(12),
            'n' => out.push_code_point(10),
            'r' => out.push_code_point(13),
            't' => out.push_code_point(9),
            'v' => out.push_code_point(11),
            '0'..='7' => {
                let mut value = esc.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match chars.peek().and_then(|&(_, d)| d.to_digit(8)) {
                        Some(d) => {
                            value = value * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                out.push_code_point(value);
            }
            'x' | 'u' | 'U' => {
                let (digits, what) = match esc {
                    'x' => (2, "truncated \\xXX escape"),
                    'u' => (4, "truncated \\uXXXX escape"),
                    _ => (8, "truncated \\UXXXXXXXX escape"),
                };
                let mut value: u32 = 0;
                let mut end = pos + 2;
                for _ in 0..digits {
                    match chars.peek().and_then(|&(_, d)| d.to_digit(16)) {
                        Some(d) => {
                            value = value.wrapping_mul(16).wrapping_add(d);
                            chars.next();
                            end += 1;
                        }
                        None => return Err(unicode_error(pos, end, what)),
                    }
                }
                if value > 0x10ffff {
                    return Err(unicode_error(pos, end, "illegal Unicode character"));
                }
                out.push_code_point(value);
            }
            'N' => {
                let malformed = || unicode_error(pos, pos + 2, "malformed \\N character escape");
                if chars.peek().map(|&(_, n)| n) != Some('{') {
                    return Err(malformed());
                }
                chars.next();
                let mut name = String::new();
                let mut closed = false;
                for (_, n) in chars.by_ref() {
                    if n == '}' {
                        closed = true;
                        break;
                    }
                    name.push(n);
                }
                if !closed || name.is_empty() {
                    return Err(malformed());
                }
                match unicode_names2::character(&name) {
                    Some(ch) => out.push_code_point(u32::from(ch)),
                    None => return Err(unicode_error(pos, pos + name.len() + 4, "unknown Unicode character name")),
                }
            }
            other => {
                out.push_code_point(u32::from('\\'));
                if fstring && (other == '{' || other == '}') && chars.peek().map(|&(_, n)| n) == Some(other) {
                    chars.next();
                }
                out.push_code_point(u32::from(other));
            }
        }
    }
    Ok(out.finish())
}

/// Decodes a `bytes` literal body.
fn decode_bytes_body(body: &str, raw: bool) -> Result<Vec<u8>, LiteralError> {
    let mut out = Vec::with_capacity(body.len());
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !b.is_ascii() {
            return Err(LiteralError { msg: "bytes can only contain ASCII literal characters".into() });
        }
        if b == b'\r' {
            out.push(b'\n');
            i += 1 + usize::from(bytes.get(i + 1) == Some(&b'\n'));
            continue;
        }
        if b != b'\\' || raw || i + 1 >= bytes.len() {
            out.push(b);
            i += 1;
            continue;
        }
        let esc = bytes[i + 1];
        i += 2;
        match esc {
            b'\n' => {}
            b'\r' => i += usize::from(bytes.get(i) == Some(&b'\n')),
            b'\\' | b'\'' | b'"' => out.push(esc),
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'n' => out.push(10),
            b'r' => out.push(13),
            b't' => out.push(9),
            b'v' => out.push(11),
            b'0'..=b'7' => {
                let mut value = u32::from(esc - b'0');
                for _ in 0..2 {
                    match bytes.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push((value & 0xff) as u8);
            }
            b'x' => {
                let hex = |j: usize| bytes.get(j).and_then(|&d| char::from(d).to_digit(16));
                match (hex(i), hex(i + 1)) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => {
                        return Err(LiteralError {
                            msg: format!("(value error) invalid \\x escape at position {}", out.len()),
                        })
                    }
                }
            }
            other => {
                out.push(b'\\');
                out.push(other);
            }
        }
    }
    Ok(out)
}

/// The most decimal digits an int literal may have (`sys.get_int_max_str_digits()`; 0: no
/// limit), shared with the runtime, which sets it with [`set_int_literal_digit_limit`].
static INT_LITERAL_DIGIT_LIMIT: AtomicUsize = AtomicUsize::new(4300);

/// Sets the most decimal digits an int literal may have (0: no limit), as
/// `sys.set_int_max_str_digits()` does for the compiler.
pub fn set_int_literal_digit_limit(limit: usize) {
    INT_LITERAL_DIGIT_LIMIT.store(limit, Ordering::Relaxed);
}

/// CPython's `SyntaxError` message for a decimal int literal `token` longer than the digit
/// limit, `None` when it is within it (or not decimal).
pub fn int_literal_too_long(token: &str) -> Option<String> {
    let limit = INT_LITERAL_DIGIT_LIMIT.load(Ordering::Relaxed);
    let decimal = !matches!(token.get(..2).map(str::to_ascii_lowercase).as_deref(), Some("0x" | "0o" | "0b"));
    let digits = token.bytes().filter(u8::is_ascii_digit).count();
    (decimal && limit != 0 && digits > limit).then(|| {
        format!(
            "Exceeds the limit ({limit} digits) for integer string conversion: value has {digits} digits; use \
             sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to \
             avoid decimal conversion limits."
        )
    })
}

/// Converts an integer literal token too large for `i64` (decimal, `0x`, `0o` or `0b`, with
/// underscores) to its decimal digits.
pub fn big_int_literal(token: &str) -> BigInt {
    let digits: String = token.chars().filter(|&c| c != '_').collect();
    let lower = digits.to_ascii_lowercase();
    let (radix, body) = match lower.get(..2) {
        Some("0x") => (16, &lower[2..]),
        Some("0o") => (8, &lower[2..]),
        Some("0b") => (2, &lower[2..]),
        _ => (10, &lower[..]),
    };
    if radix == 10 {
        let trimmed = body.trim_start_matches('0');
        return BigInt(if trimmed.is_empty() { "0" } else { trimmed }.into());
    }
    // Little-endian base-10^9 limbs, multiplied by the radix and added to per digit.
    const BASE: u64 = 1_000_000_000;
    let mut limbs: Vec<u64> = vec![0];
    for c in body.chars() {
        let mut carry = u64::from(c.to_digit(radix).unwrap_or(0));
        for limb in &mut limbs {
            let value = *limb * u64::from(radix) + carry;
            *limb = value % BASE;
            carry = value / BASE;
        }
        while carry > 0 {
            limbs.push(carry % BASE);
            carry /= BASE;
        }
    }
    let mut out = String::new();
    for (i, limb) in limbs.iter().rev().enumerate() {
        if i == 0 {
            let _ = write!(out, "{limb}");
        } else {
            let _ = write!(out, "{limb:09}");
        }
    }
    BigInt(out.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_str(token: &str) -> PyStr {
        match decode_string_token(token).unwrap() {
            DecodedLiteral::Str(s) => s,
            DecodedLiteral::Bytes(_) => panic!("expected str"),
        }
    }

    #[test]
    fn escapes_and_lone_surrogates() {
        let s = decode_str(r#""a\tb\x41\u00e9\U0001F600\101\N{BULLET}""#);
        assert_eq!(s.as_str(), Some("a\tbA\u{e9}\u{1F600}A\u{2022}"));
        let surrogate = decode_str(r#""\ud800x""#);
        assert_eq!(surrogate.as_str(), None);
        assert_eq!(surrogate.code_points().collect::<Vec<_>>(), vec![0xd800, 0x78]);
        assert_eq!(surrogate.repr(), "'\\ud800x'");
        let pair = decode_str(r#""\ud83d\ude00""#);
        assert_eq!(pair.char_len(), 2);
    }

    #[test]
    fn raw_strings_and_unknown_escapes() {
        assert_eq!(decode_str(r#"r"\n\d""#).as_str(), Some("\\n\\d"));
        assert_eq!(decode_str(r#""\d""#).as_str(), Some("\\d"));
        assert_eq!(decode_str("'''a\\\nb'''").as_str(), Some("ab"));
    }

    #[test]
    fn bytes_literals() {
        match decode_string_token(r#"b"\x00\xff\n\q""#).unwrap() {
            DecodedLiteral::Bytes(b) => assert_eq!(b, b"\x00\xff\n\\q"),
            DecodedLiteral::Str(_) => panic!("expected bytes"),
        }
    }

    #[test]
    fn escape_errors() {
        let err = decode_string_token(r#""\x4""#).unwrap_err();
        assert_eq!(
            err.msg,
            "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX escape"
        );
        assert!(decode_string_token(r#""\N{NO SUCH NAME}""#).is_err());
    }

    #[test]
    fn big_ints() {
        assert_eq!(&*big_int_literal("0xFFFFFFFFFFFFFFFFFF").0, "4722366482869645213695");
        assert_eq!(&*big_int_literal("100_000_000_000_000_000_000").0, "100000000000000000000");
        assert_eq!(&*big_int_literal("0b1").0, "1");
    }

    #[test]
    fn reprs() {
        assert_eq!(float_repr(1e16), "1e+16");
        assert_eq!(float_repr(0.0001), "0.0001");
        assert_eq!(float_repr(0.00001), "1e-05");
        assert_eq!(float_repr(1.5), "1.5");
        assert_eq!(float_repr(100.0), "100.0");
        assert_eq!(Constant::Complex { real: 0.0, imag: 2.0 }.repr(), "2j");
        assert_eq!(bytes_repr(b"a'\x00"), "b\"a'\\x00\"");
    }
}

//! The `_json` module: the accelerator of the `json` package, as CPython's `Modules/_json.c`.
//!
//! It owns `scanstring`, `encode_basestring`, `encode_basestring_ascii` and the two classes the
//! package builds from its settings: `make_scanner` (`_json.Scanner`, the decoder's
//! `scan_once(string, idx)`) and `make_encoder` (`_json.Encoder`, the one-shot encoder
//! `(obj, indent_level) -> [text]`). An object of either class keeps its settings in one tuple
//! (an attribute under a key no program can name: one store when it is made, one read per
//! call); `__getattr__` shows them as the read-only attributes CPython's members are.
//!
//! Both work on a str's generalized UTF-8 bytes in one pass: JSON's syntax is ASCII, so the
//! scanner walks bytes and converts a byte offset to a code-point index only where Python sees
//! one (the end it returns, an error's position); the encoder copies a str's bytes into its
//! output and rewrites them only when something must be escaped. Nesting recurses on the native
//! stack and counts against the recursion limit, as CPython's does
//! (`objspace::recursive_call`); errors are CPython's, `json.decoder.JSONDecodeError` for bad
//! documents.

use super::{native, one_arg};
use crate::bigint::{self, W_Long};
use crate::builtins::params::bind;
use crate::builtins::{defs, BuiltinDef, Owner};
use crate::dict::{self, W_Dict};
use crate::exceptions::ExcKind;
use crate::float::{heap_float, W_Float};
use crate::floatrepr::float_repr;
use crate::function::{Args, W_Builtin};
use crate::gc::{self, RootedVec};
use crate::int::{heap_int, W_Bool, W_Int};
use crate::list::{self, Strategy, W_List};
use crate::objspace;
use crate::space::{PyResult, Space};
use crate::storage::{FloatArray, IntArray, RefArray};
use crate::tuple::W_Tuple;
use crate::typeobject::W_Type;
use crate::unicode::{self, W_Str};
use crate::{mapdict, subclass, typeobject};
use metatrace::domain::Domain;
use metatrace_gc::{heap, GcObject, GcRef};
use std::cell::Cell;

/// The module.
pub const MODULE: super::BuiltinModule = super::BuiltinModule { name: "_json", init };

/// The functions of `_json` and the methods of its two classes.
pub static DEFS: &[BuiltinDef] = &[
    native("_json", "scanstring", scanstring),
    native("_json", "encode_basestring", encode_basestring),
    native("_json", "encode_basestring_ascii", encode_basestring_ascii),
    native("_json.Scanner", "__init__", scanner_init),
    native("_json.Scanner", "__call__", scanner_call),
    native("_json.Scanner", "__getattr__", scanner_getattr),
    native("_json.Encoder", "__init__", encoder_init),
    native("_json.Encoder", "__call__", encoder_call),
    native("_json.Encoder", "__getattr__", encoder_getattr),
];

/// The instance attribute that holds an object's settings (a tuple): a name after a space, as
/// `mapdict::hidden_key`s are, so that it stays out of `__dict__`.
const SETTINGS: &str = " settings";

/// The settings a scanner keeps, in the order `make_scanner` reads them from its context.
const SCANNER_FIELDS: [&str; 6] =
    ["strict", "object_hook", "object_pairs_hook", "parse_float", "parse_int", "parse_constant"];

/// The parameters of `make_encoder`, which it keeps as its settings.
const ENCODER_FIELDS: [&str; 9] = [
    "markers",
    "default",
    "encoder",
    "indent",
    "key_separator",
    "item_separator",
    "sort_keys",
    "skipkeys",
    "allow_nan",
];

crate::interp_local! {
    /// `_json.Encoder` as [`init`] made it, with its native `__init__` and `__call__` (the
    /// builtin objects in its namespace): the calls that [`construct_in`] and [`call_in`] make
    /// directly while the class still has them.
    static ENCODER_CLASS: Cell<EncoderClass> = const { Cell::new(EncoderClass::NONE) };
}

/// `_json.Encoder` and the builtin objects of its `__init__` and `__call__`.
#[derive(Clone, Copy)]
struct EncoderClass {
    class: GcRef,
    init: GcRef,
    call: GcRef,
}

impl EncoderClass {
    const NONE: EncoderClass = EncoderClass { class: GcRef::NULL, init: GcRef::NULL, call: GcRef::NULL };
}

fn init(space: &'static Space, m: GcRef) -> PyResult<()> {
    let ns = super::namespace(m);
    super::add_functions(space, ns, "_json");
    for (public, class) in [("make_scanner", "Scanner"), ("make_encoder", "Encoder")] {
        let cls = super::new_class(space, "_json", class);
        dict::set_str(ns, space.intern(public), cls);
        if class == "Encoder" {
            let method = |name| dict::get_str(gc::get_ref(cls, &W_Type::DICT), space.intern(name));
            let (Some(init), Some(call)) = (method("__init__"), method("__call__")) else {
                unreachable!("new_class adds the native methods of _json.Encoder")
            };
            ENCODER_CLASS.with(|c| c.set(EncoderClass { class: cls, init, call }));
        }
    }
    Ok(())
}

fn type_error(space: &Space, message: &str) -> GcRef {
    space.new_exception(ExcKind::TypeError, message)
}

/// The first `n` characters of a type's name (CPython's `%.80s`).
fn short_type_name(space: &Space, obj: GcRef, n: usize) -> String {
    space.type_name(obj).chars().take(n).collect()
}

/// The `W_Str` holding the text of `obj` when it is a str (or an instance of a subclass).
fn str_value(obj: GcRef) -> Option<GcRef> {
    if obj.layout() == W_Str::layout() {
        return Some(obj);
    }
    subclass::inner(obj).filter(|v| v.layout() == W_Str::layout())
}

/// The str value of argument `obj`, or CPython's `TypeError`.
fn str_arg(space: &Space, obj: GcRef) -> PyResult<GcRef> {
    str_value(obj).ok_or_else(|| {
        let message = format!("first argument must be a string, not {}", short_type_name(space, obj, 80));
        type_error(space, &message)
    })
}

/// The machine integer of an index argument (CPython's `n` format).
fn ssize_arg(space: &Space, obj: GcRef) -> PyResult<i64> {
    if let Some(big) = bigint::to_ibig(subclass::unwrap(obj)) {
        return i64::try_from(&big)
            .map_err(|_| space.new_exception(ExcKind::OverflowError, "Python int too large to convert to C ssize_t"));
    }
    let message = format!("'{}' object cannot be interpreted as an integer", space.type_name(obj));
    objspace::index_value(obj, &message)
}

/// The receiver of a method of class `_json.<class>`, and the settings it keeps.
fn settings<const N: usize>(space: &Space, class: &str, method: &str, args: &Args) -> PyResult<(GcRef, [GcRef; N])> {
    let wrong = |received: String| {
        let message = format!("descriptor '{method}' requires a '_json.{class}' object but received a '{received}'");
        type_error(space, &message)
    };
    let Some(&obj) = args.positional.first() else {
        return Err(wrong("nothing".to_owned()));
    };
    let tuple = mapdict::instance_fields(obj.layout())
        .and_then(|_| mapdict::get_attr(obj, space.intern_static(SETTINGS)))
        .filter(|t| t.layout() == W_Tuple::layout() && gc::len(*t, &W_Tuple::ITEMS) == N)
        .ok_or_else(|| wrong(space.type_name(obj)))?;
    Ok((obj, std::array::from_fn(|i| gc::item_ref(tuple, &W_Tuple::ITEMS, i))))
}

/// Keep `values` as the settings of `obj`.
fn keep_settings(space: &Space, obj: GcRef, values: &[GcRef]) {
    mapdict::set_attr(obj, space.intern_static(SETTINGS), W_Tuple::from_slice(values));
}

/// `obj.name` for a setting of a scanner or encoder (called when the usual lookup fails).
fn member<const N: usize>(space: &Space, class: &str, args: &Args, fields: [&str; N]) -> PyResult<GcRef> {
    let (obj, values) = settings::<N>(space, class, "__getattr__", args)?;
    let name = args.positional.get(1).copied().and_then(str_value).unwrap_or(space.empty_str);
    match fields.iter().position(|f| unicode::eq_text(name, f)) {
        Some(i) => Ok(values[i]),
        None => {
            let type_name = typeobject::name(space.type_of(obj));
            let type_name = if type_name == class { format!("_json.{class}") } else { type_name };
            let message = format!("'{type_name}' object has no attribute '{}'", unicode::to_string_lossy(name));
            Err(space.new_exception(ExcKind::AttributeError, &message))
        }
    }
}

fn scanner_getattr(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    member(space, "Scanner", args, SCANNER_FIELDS)
}

fn encoder_getattr(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    member(space, "Encoder", args, ENCODER_FIELDS)
}

// ----- strings -----

/// Append the JSON string literal of the str `s` (a `W_Str`) to `out`: its bytes read where they
/// lie, copied as they are up to the first one that needs an escape, escaped from there on. With
/// `ascii_only` every code point from U+007F up is escaped too (as `\uXXXX`, or a surrogate pair).
fn write_string(out: &mut Vec<u8>, s: GcRef, ascii_only: bool) {
    out.push(b'"');
    unicode::with_wtf8(s, |raw| {
        let mask = if ascii_only { ESCAPED | ESCAPED_IN_ASCII } else { ESCAPED };
        match raw.iter().position(|&b| ESCAPES[usize::from(b)] & mask != 0) {
            None => out.extend_from_slice(raw),
            Some(plain) => {
                out.extend_from_slice(&raw[..plain]);
                escape_into(out, &raw[plain..], ascii_only);
            }
        }
    });
    out.push(b'"');
}

/// In [`ESCAPES`]: a byte that a JSON string always escapes (a control character, `"`, `\`).
const ESCAPED: u8 = 1;
/// In [`ESCAPES`]: a byte escaped only in ASCII output (DEL and the bytes of non-ASCII code
/// points).
const ESCAPED_IN_ASCII: u8 = 2;

/// For each byte of generalized UTF-8, whether a JSON string escapes it ([`ESCAPED`],
/// [`ESCAPED_IN_ASCII`]): one table read per byte of the scan for the first one.
static ESCAPES: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = if b < 0x20 || b == b'"' as usize || b == b'\\' as usize {
            ESCAPED
        } else if b >= 0x7f {
            ESCAPED_IN_ASCII
        } else {
            0
        };
        b += 1;
    }
    table
};

/// Append `raw` (generalized UTF-8) to `out` with JSON's escapes.
fn escape_into(out: &mut Vec<u8>, raw: &[u8], ascii_only: bool) {
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            0..=0x1f => push_u_escape(out, u32::from(b)),
            0x7f if ascii_only => push_u_escape(out, 0x7f),
            0x80.. if ascii_only => {
                let cp = unicode::decode(&raw[i..]).next().unwrap_or(0xfffd);
                if cp >= 0x10000 {
                    let v = cp - 0x10000;
                    push_u_escape(out, 0xd800 | (v >> 10));
                    push_u_escape(out, 0xdc00 | (v & 0x3ff));
                } else {
                    push_u_escape(out, cp);
                }
                i += match cp {
                    0..=0x7ff => 2,
                    0x800..=0xffff => 3,
                    _ => 4,
                };
                continue;
            }
            _ => out.push(b),
        }
        i += 1;
    }
}

/// Append `\uXXXX` (lowercase hex) for a code unit below 0x10000.
fn push_u_escape(out: &mut Vec<u8>, unit: u32) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.extend_from_slice(b"\\u");
    for shift in [12, 8, 4, 0] {
        out.push(HEX[((unit >> shift) & 0xf) as usize]);
    }
}

/// `encode_basestring(s)` and `encode_basestring_ascii(s)`.
fn encode_basestring_with(space: &'static Space, name: &str, args: &Args, ascii_only: bool) -> PyResult<GcRef> {
    let s = str_arg(space, one_arg(space, name, args)?)?;
    let mut out = Vec::new();
    write_string(&mut out, s, ascii_only);
    Ok(unicode::from_wtf8(&out))
}

fn encode_basestring(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    encode_basestring_with(space, "_json.encode_basestring", args, false)
}

fn encode_basestring_ascii(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    encode_basestring_with(space, "_json.encode_basestring_ascii", args, true)
}

// ----- the scanner -----

/// `make_scanner(context)`: the settings of a `JSONDecoder`.
fn scanner_init(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, rest) =
        args.positional.split_first().ok_or_else(|| type_error(space, "make_scanner() needs an object"))?;
    let [context] = bind(space, "make_scanner", rest, &args.keywords, &["context"], 1)?[..] else {
        unreachable!("bind gives one value per parameter")
    };
    let context = context.unwrap_or(space.none);
    let mut values = [GcRef::NULL; SCANNER_FIELDS.len()];
    for (value, name) in values.iter_mut().zip(SCANNER_FIELDS) {
        *value = objspace::getattr(context, space.intern_static(name))?;
        if name == "strict" {
            *value = space.w_bool(objspace::truthy(*value)?);
        }
    }
    keep_settings(space, *obj, &values);
    Ok(space.none)
}

/// `scanner(string, idx)`: the value whose text starts at `string[idx]` and the index after it;
/// `StopIteration(idx)` when no value starts there.
fn scanner_call(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (_, [strict, object_hook, object_pairs_hook, parse_float, parse_int, parse_constant]) =
        settings(space, "Scanner", "__call__", args)?;
    let [string, idx] = bind(space, "scan_once", &args.positional[1..], &args.keywords, &["string", "idx"], 2)?[..]
    else {
        unreachable!("bind gives one value per parameter")
    };
    let (string, idx) = (string.unwrap_or(space.none), idx.unwrap_or(space.none));
    let idx = ssize_arg(space, idx)?;
    let value = str_arg(space, string)?;
    let text = Text::of(string, value);
    let scanner = Scanner {
        space,
        text: &text,
        strict: strict == space.w_bool(true),
        object_hook,
        object_pairs_hook,
        parse_float,
        parse_int,
        parse_constant,
        memo: dict::new(),
    };
    if idx < 0 {
        return Err(space.new_exception(ExcKind::ValueError, "idx cannot be negative"));
    }
    let start = text.byte_offset(idx as usize).ok_or_else(|| stop_iteration(space, idx))?;
    let (result, end) = scanner.scan_once(start)?;
    Ok(W_Tuple::from_slice(&[result, heap_int(text.char_index(end) as i64)]))
}

/// `scanstring(string, end, strict=True)`: the JSON string whose opening quote is at `end - 1`
/// and the index after its closing quote.
fn scanstring(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    super::no_keywords(space, "scanstring", args)?;
    let n = args.positional.len();
    if !(2..=3).contains(&n) {
        let (bound, word) = if n < 2 { (2, "least") } else { (3, "most") };
        let message = format!("scanstring() takes at {word} {bound} arguments ({n} given)");
        return Err(type_error(space, &message));
    }
    let string = args.positional[0];
    let end = ssize_arg(space, args.positional[1])?;
    let strict = match args.positional.get(2) {
        Some(&v) => ssize_arg(space, v)? != 0,
        None => true,
    };
    let value = str_arg(space, string)?;
    let text = Text::of(string, value);
    if end < 0 || end as usize > text.chars {
        return Err(space.new_exception(ExcKind::ValueError, "end is out of bounds"));
    }
    let start = text.byte_offset(end as usize).unwrap_or(text.bytes.len());
    let (result, end) = scan_string(space, &text, start, strict)?;
    Ok(W_Tuple::from_slice(&[result, heap_int(text.char_index(end) as i64)]))
}

/// A str being scanned: the object (for errors) and a copy of its bytes.
struct Text {
    /// The str (or str subclass instance) as given.
    obj: GcRef,
    /// Its generalized UTF-8 bytes.
    bytes: Vec<u8>,
    /// Its number of code points.
    chars: usize,
    /// Whether every code point is ASCII (byte offsets are indices).
    ascii: bool,
}

impl Text {
    fn of(obj: GcRef, value: GcRef) -> Text {
        Text { obj, bytes: unicode::wtf8(value), chars: unicode::char_len(value), ascii: unicode::is_ascii(value) }
    }

    /// The code-point index of byte offset `byte`.
    fn char_index(&self, byte: usize) -> usize {
        if self.ascii {
            byte
        } else {
            self.bytes[..byte].iter().filter(|&&b| b & 0xc0 != 0x80).count()
        }
    }

    /// The byte offset of code point `index`; `None` at or beyond the end.
    fn byte_offset(&self, index: usize) -> Option<usize> {
        if index >= self.chars {
            return None;
        }
        if self.ascii {
            return Some(index);
        }
        self.bytes.iter().enumerate().filter(|&(_, &b)| b & 0xc0 != 0x80).nth(index).map(|(i, _)| i)
    }

    /// `json.decoder.JSONDecodeError(message, string, position of byte offset byte)`.
    fn error(&self, space: &'static Space, message: &str, byte: usize) -> GcRef {
        self.error_at(space, message, self.char_index(byte) as i64)
    }

    fn error_at(&self, space: &'static Space, message: &str, pos: i64) -> GcRef {
        let made = crate::import::import_absolute(space, "json.decoder")
            .and_then(|decoder| objspace::getattr(decoder, space.intern_static("JSONDecodeError")))
            .and_then(|cls| objspace::call(cls, &[unicode::new_str(message), self.obj, heap_int(pos)]));
        made.unwrap_or_else(|error| error)
    }
}

fn stop_iteration(space: &Space, idx: i64) -> GcRef {
    space.new_exception_args(ExcKind::StopIteration, &[heap_int(idx)])
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// The value of four hex digits.
fn hex4(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |acc, &d| Some((acc << 4) | char::from(d).to_digit(16)?))
}

/// Scan the string whose text starts at byte `start` (after its opening quote): its value and
/// the byte offset after its closing quote (CPython's `scanstring_unicode`).
fn scan_string(space: &'static Space, text: &Text, start: usize, strict: bool) -> PyResult<(GcRef, usize)> {
    let buf = &text.bytes;
    let len = buf.len();
    let unterminated = || text.error_at(space, "Unterminated string starting at", text.char_index(start) as i64 - 1);
    let invalid_u = |at: usize| text.error(space, "Invalid \\uXXXX escape", at);
    let mut out: Vec<u8> = Vec::new();
    let mut end = start;
    loop {
        let mut next = end;
        let mut quote_or_backslash = 0;
        while next < len {
            let d = buf[next];
            if d == b'"' || d == b'\\' {
                quote_or_backslash = d;
                break;
            }
            if d <= 0x1f && strict {
                return Err(text.error(space, "Invalid control character at", next));
            }
            next += 1;
        }
        if quote_or_backslash == 0 {
            return Err(unterminated());
        }
        if quote_or_backslash == b'"' && out.is_empty() {
            return Ok((unicode::from_wtf8(&buf[end..next]), next + 1));
        }
        out.extend_from_slice(&buf[end..next]);
        next += 1;
        if quote_or_backslash == b'"' {
            return Ok((unicode::from_wtf8(&out), next));
        }
        if next == len {
            return Err(unterminated());
        }
        let escape = buf[next];
        if escape != b'u' {
            let c = match escape {
                b'"' | b'\\' | b'/' => escape,
                b'b' => 0x08,
                b'f' => 0x0c,
                b'n' => b'\n',
                b'r' => b'\r',
                b't' => b'\t',
                _ => return Err(text.error(space, "Invalid \\escape", next - 1)),
            };
            out.push(c);
            end = next + 1;
            continue;
        }
        // JSON's syntax is ASCII: the four digits are bytes when they are digits at all.
        let digits = next + 1;
        end = digits + 4;
        if end >= len {
            return Err(invalid_u(next));
        }
        let mut c = hex4(&buf[digits..end]).ok_or_else(|| invalid_u(next))?;
        if (0xd800..=0xdbff).contains(&c) && end + 6 < len && buf[end] == b'\\' && buf[end + 1] == b'u' {
            let low = hex4(&buf[end + 2..end + 6]).ok_or_else(|| invalid_u(end + 1))?;
            if (0xdc00..=0xdfff).contains(&low) {
                c = 0x10000 + (((c - 0xd800) << 10) | (low - 0xdc00));
                end += 6;
            }
        }
        unicode::encode_char(c, &mut out);
    }
}

/// A scan in progress: the text and the decoder's settings.
struct Scanner<'a> {
    space: &'static Space,
    text: &'a Text,
    strict: bool,
    object_hook: GcRef,
    object_pairs_hook: GcRef,
    parse_float: GcRef,
    parse_int: GcRef,
    parse_constant: GcRef,
    /// The keys met so far, so that equal keys are one object.
    memo: GcRef,
}

impl Scanner<'_> {
    fn buf(&self) -> &[u8] {
        &self.text.bytes
    }

    fn skip_ws(&self, mut idx: usize) -> usize {
        let buf = self.buf();
        while idx < buf.len() && is_ws(buf[idx]) {
            idx += 1;
        }
        idx
    }

    fn at(&self, idx: usize) -> Option<u8> {
        self.buf().get(idx).copied()
    }

    fn error(&self, message: &str, idx: usize) -> GcRef {
        self.text.error(self.space, message, idx)
    }

    fn stop(&self, idx: usize) -> GcRef {
        stop_iteration(self.space, self.text.char_index(idx) as i64)
    }

    /// The value at byte `idx` and the offset after it (CPython's `scan_once_unicode`).
    fn scan_once(&self, idx: usize) -> PyResult<(GcRef, usize)> {
        let space = self.space;
        let buf = self.buf();
        let Some(c) = self.at(idx) else {
            return Err(self.stop(idx));
        };
        let rest = &buf[idx..];
        let constant = |name: &str| -> PyResult<(GcRef, usize)> {
            Ok((objspace::call(self.parse_constant, &[unicode::new_str(name)])?, idx + name.len()))
        };
        match c {
            b'"' => return scan_string(space, self.text, idx + 1, self.strict),
            b'{' => {
                return objspace::recursive_call(" while decoding a JSON object from a unicode string", || {
                    self.object(idx + 1)
                })
            }
            b'[' => {
                return objspace::recursive_call(" while decoding a JSON array from a unicode string", || {
                    self.array(idx + 1)
                })
            }
            b'n' if rest.starts_with(b"null") => return Ok((space.none, idx + 4)),
            b't' if rest.starts_with(b"true") => return Ok((space.w_bool(true), idx + 4)),
            b'f' if rest.starts_with(b"false") => return Ok((space.w_bool(false), idx + 5)),
            b'N' if rest.starts_with(b"NaN") => return constant("NaN"),
            b'I' if rest.starts_with(b"Infinity") => return constant("Infinity"),
            b'-' if rest.starts_with(b"-Infinity") => return constant("-Infinity"),
            _ => {}
        }
        self.number(idx)
    }

    /// The object whose text starts after its `{` at byte `idx`.
    fn object(&self, idx: usize) -> PyResult<(GcRef, usize)> {
        let space = self.space;
        let pairs = self.object_pairs_hook != space.none;
        let result = if pairs { list::new_list(&[]) } else { dict::new() };
        let mut idx = self.skip_ws(idx);
        if self.at(idx) != Some(b'}') {
            loop {
                if self.at(idx) != Some(b'"') {
                    return Err(self.error("Expecting property name enclosed in double quotes", idx));
                }
                let (key, next) = scan_string(space, self.text, idx + 1, self.strict)?;
                let key = dict::setdefault(self.memo, key, key)?;
                idx = self.skip_ws(next);
                if self.at(idx) != Some(b':') {
                    return Err(self.error("Expecting ':' delimiter", idx));
                }
                let (value, next) = self.scan_once(self.skip_ws(idx + 1))?;
                if pairs {
                    list::append(result, W_Tuple::from_slice(&[key, value]));
                } else {
                    dict::set(result, key, value)?;
                }
                idx = self.skip_ws(next);
                if self.at(idx) == Some(b'}') {
                    break;
                }
                if self.at(idx) != Some(b',') {
                    return Err(self.error("Expecting ',' delimiter", idx));
                }
                idx = self.skip_ws(idx + 1);
            }
        }
        let hook = if pairs { self.object_pairs_hook } else { self.object_hook };
        let value = if hook == space.none { result } else { objspace::call(hook, &[result])? };
        Ok((value, idx + 1))
    }

    /// The array whose text starts after its `[` at byte `idx`.
    fn array(&self, idx: usize) -> PyResult<(GcRef, usize)> {
        let result = list::new_list(&[]);
        let mut idx = self.skip_ws(idx);
        if self.at(idx) != Some(b']') {
            loop {
                let (value, next) = self.scan_once(idx)?;
                list::append(result, value);
                idx = self.skip_ws(next);
                if self.at(idx) == Some(b']') {
                    break;
                }
                if self.at(idx) != Some(b',') {
                    return Err(self.error("Expecting ',' delimiter", idx));
                }
                idx = self.skip_ws(idx + 1);
            }
        }
        Ok((result, idx + 1))
    }

    /// The number at byte `start` (CPython's `_match_number_unicode`).
    fn number(&self, start: usize) -> PyResult<(GcRef, usize)> {
        let space = self.space;
        let buf = self.buf();
        let len = buf.len();
        let digit = |i: usize| buf.get(i).is_some_and(u8::is_ascii_digit);
        let mut idx = start;
        if buf[idx] == b'-' {
            idx += 1;
            if idx >= len {
                return Err(self.stop(start));
            }
        }
        match buf[idx] {
            b'1'..=b'9' => {
                idx += 1;
                while digit(idx) {
                    idx += 1;
                }
            }
            b'0' => idx += 1,
            _ => return Err(self.stop(start)),
        }
        let mut is_float = false;
        if idx + 1 < len && buf[idx] == b'.' && digit(idx + 1) {
            is_float = true;
            idx += 2;
            while digit(idx) {
                idx += 1;
            }
        }
        if idx + 1 < len && (buf[idx] == b'e' || buf[idx] == b'E') {
            let e_start = idx;
            idx += 1;
            if idx + 1 < len && (buf[idx] == b'-' || buf[idx] == b'+') {
                idx += 1;
            }
            while digit(idx) {
                idx += 1;
            }
            if digit(idx - 1) {
                is_float = true;
            } else {
                idx = e_start;
            }
        }
        let digits = &buf[start..idx];
        let as_text = || std::str::from_utf8(digits).unwrap_or_default();
        let custom = if is_float { self.parse_float != space.float_type } else { self.parse_int != space.int_type };
        let value = if custom {
            let parse = if is_float { self.parse_float } else { self.parse_int };
            objspace::call(parse, &[unicode::from_wtf8(digits)])?
        } else if is_float {
            heap_float(as_text().parse::<f64>().unwrap_or(f64::NAN))
        } else if digits.len() <= 18 {
            heap_int(as_text().parse::<i64>().unwrap_or(0))
        } else {
            bigint::parse_int(as_text(), 10, unicode::from_wtf8(digits))?
        };
        Ok((value, idx))
    }
}

// ----- the encoder -----

/// `make_encoder(markers, default, encoder, indent, key_separator, item_separator, sort_keys,
/// skipkeys, allow_nan)`.
fn encoder_init(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, rest) =
        args.positional.split_first().ok_or_else(|| type_error(space, "make_encoder() needs an object"))?;
    let values = bind(space, "make_encoder", rest, &args.keywords, &ENCODER_FIELDS, ENCODER_FIELDS.len())?;
    let mut given = [GcRef::NULL; ENCODER_FIELDS.len()];
    for (value, bound) in given.iter_mut().zip(&values) {
        *value = bound.unwrap_or(space.none);
    }
    keep_encoder_settings(space, *obj, &given)?;
    Ok(space.none)
}

/// Check the arguments of `make_encoder` (all given, in order) and keep them as the settings of
/// `obj`.
fn keep_encoder_settings(space: &'static Space, obj: GcRef, given: &[GcRef; ENCODER_FIELDS.len()]) -> PyResult<()> {
    let markers = given[0];
    let is_dict = markers.layout() == W_Dict::layout()
        || subclass::inner(markers).is_some_and(|v| v.layout() == W_Dict::layout());
    if markers != space.none && !is_dict {
        let message =
            format!("make_encoder() argument 1 must be dict or None, not {}", short_type_name(space, markers, 200));
        return Err(type_error(space, &message));
    }
    for i in [4, 5] {
        if str_value(given[i]).is_none() {
            let message =
                format!("make_encoder() argument {} must be str, not {}", i + 1, short_type_name(space, given[i], 200));
            return Err(type_error(space, &message));
        }
    }
    let mut settings = *given;
    for setting in &mut settings[6..] {
        if setting.layout() != W_Bool::layout() {
            *setting = space.w_bool(objspace::truthy(*setting)?);
        }
    }
    keep_settings(space, obj, &settings);
    Ok(())
}

/// `_json.Encoder(*args)` of 9 positional arguments, in domain code while the class keeps the
/// `__new__` of `object` and its native `__init__` (and has no `__del__`): one residual call
/// ([`new_encoder`]) instead of `type.__call__` with its lookups and argument copies. `None` when
/// the general call must run.
pub fn construct_in<D: Domain>(
    d: &mut D,
    space: &'static Space,
    cls: GcRef,
    args: &[D::Ref],
) -> Option<Result<D::Ref, D::Ref>> {
    let encoder = ENCODER_CLASS.with(Cell::get);
    if cls != encoder.class || args.len() != ENCODER_FIELDS.len() {
        return None;
    }
    let cls_c = d.const_ref(cls);
    let object_c = d.const_ref(space.object_type);
    for (name, expected) in [("__init__", Some(encoder.init)), ("__new__", None), ("__del__", Some(GcRef::NULL))] {
        let key = d.const_ref(space.intern_static(name));
        let found = typeobject::lookup(d, cls_c, key);
        let expected = match expected {
            Some(expected) => d.const_ref(expected),
            None => typeobject::lookup(d, object_c, key),
        };
        let same = d.ptr_eq(found, expected);
        if !d.branch(same) {
            return None;
        }
    }
    let args = crate::tuple::new_tuple(d, args);
    Some(new_encoder(d, cls_c, args))
}

fn new_encoder_impl(cls: GcRef, args: GcRef) -> GcRef {
    let space = Space::get();
    let result = typeobject::check_not_abstract(space, cls).and_then(|()| {
        let mut given = [GcRef::NULL; ENCODER_FIELDS.len()];
        heap::read_ref_items(args, &W_Tuple::ITEMS, 0, &mut given);
        let obj = mapdict::new_object(mapdict::W_Instance::layout(), cls);
        keep_encoder_settings(space, obj, &given).map(|()| obj)
    });
    gc::keep_alive(&[cls, args]);
    crate::runtime::raising(result, GcRef::NULL)
}

metatrace::residual! {
    /// `cls(*args)` of `_json.Encoder` and a tuple of its 9 arguments (see [`construct_in`]).
    pub fn new_encoder(cls: Ref, args: Ref) -> Ref;
    effect = Plain; can_raise = true; impl = new_encoder_impl;
}

/// `encoder(obj, level)` in domain code, when `method` (the `__call__` that the type of
/// `encoder` has) is the native one of `_json.Encoder`: one residual call ([`run_encoder`])
/// instead of packing the arguments and finding the method again. `None` when the general call
/// must run.
pub fn call_in<D: Domain>(
    d: &mut D,
    encoder: D::Ref,
    method: D::Ref,
    args: &[D::Ref],
) -> Option<Result<D::Ref, D::Ref>> {
    let &[obj, level] = args else { return None };
    let expected = ENCODER_CLASS.with(Cell::get).call;
    if expected.is_null() || d.promote_ref(method) != expected {
        return None;
    }
    Some(run_encoder(d, encoder, obj, level))
}

fn run_encoder_impl(encoder: GcRef, obj: GcRef, level: GcRef) -> GcRef {
    let result = encoder_call(Space::get(), &Args::positional(&[encoder, obj, level]));
    gc::keep_alive(&[encoder, obj, level]);
    crate::runtime::raising(result, GcRef::NULL)
}

metatrace::residual! {
    /// `encoder(obj, level)` of a `_json.Encoder` (see [`call_in`]).
    pub fn run_encoder(encoder: Ref, obj: Ref, level: Ref) -> Ref;
    effect = Plain; can_raise = true; impl = run_encoder_impl;
}

/// `encoder(obj, _current_indent_level)`: `(text,)`, the JSON text of `obj`.
fn encoder_call(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (_, [markers, default, encoder, _indent, key_separator, item_separator, sort_keys, skipkeys, allow_nan]) =
        settings(space, "Encoder", "__call__", args)?;
    let (obj, level) = match (&args.positional[1..], args.keywords.is_empty()) {
        (&[obj, level], true) => (obj, level),
        (rest, _) => {
            let names = ["obj", "_current_indent_level"];
            let [obj, level] = bind(space, "_iterencode", rest, &args.keywords, &names, 2)?[..] else {
                unreachable!("bind gives one value per parameter")
            };
            (obj.unwrap_or(space.none), level.unwrap_or(space.none))
        }
    };
    if level.layout() != W_Int::layout() {
        ssize_arg(space, level)?;
    }
    let separator = |s: GcRef| Separator::of(str_value(s).unwrap_or(space.empty_str));
    let truth = space.w_bool(true);
    let markers = if markers == space.none { GcRef::NULL } else { subclass::unwrap(markers) };
    let encoder = Encoder {
        space,
        markers,
        marked_before: !markers.is_null() && dict::len(markers) > 0,
        in_progress: std::cell::RefCell::new(RootedVec::new()),
        default,
        fast: fast_encoder(encoder),
        encoder,
        key_separator: separator(key_separator),
        item_separator: separator(item_separator),
        sort_keys: sort_keys == truth,
        skipkeys: skipkeys == truth,
        allow_nan: allow_nan == truth,
    };
    let mut out = OUTPUT.take();
    out.clear();
    let written = encoder.encode(&mut out, obj);
    let text = written.map(|()| unicode::from_wtf8(&out));
    if out.capacity() <= KEPT_OUTPUT {
        OUTPUT.set(out);
    }
    match text {
        Ok(text) => Ok(list::new_list(&[text])),
        Err(e) => {
            encoder.leave_marked()?;
            Err(e)
        }
    }
}

/// The largest output buffer (in bytes of capacity) kept for the next encoding.
const KEPT_OUTPUT: usize = 1 << 20;

thread_local! {
    /// The output buffer of the last encoding, kept (when not too large) so that the next one
    /// starts with its capacity instead of growing a new buffer. An encoding that starts while
    /// another runs (from a `default` function) takes an empty one.
    static OUTPUT: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// A separator's bytes, copied once per call: inline when short (as the usual ", " and ": ").
struct Separator {
    inline: [u8; 8],
    len: usize,
    long: Vec<u8>,
}

impl Separator {
    fn of(s: GcRef) -> Separator {
        let len = gc::len(s, &W_Str::BYTES);
        let mut sep = Separator { inline: [0; 8], len, long: Vec::new() };
        if len <= sep.inline.len() {
            heap::read_byte_items(s, &W_Str::BYTES, 0, &mut sep.inline[..len]);
        } else {
            sep.long = unicode::wtf8(s);
        }
        sep
    }

    fn bytes(&self) -> &[u8] {
        if self.len <= self.inline.len() {
            &self.inline[..self.len]
        } else {
            &self.long
        }
    }
}

/// For `encode_basestring_ascii` and `encode_basestring` of this module, whether they escape
/// every non-ASCII code point (the encoder then does their work itself).
fn fast_encoder(encoder: GcRef) -> Option<bool> {
    if encoder.layout() != W_Builtin::layout() || !gc::get_ref(encoder, &W_Builtin::SELF_).is_null() {
        return None;
    }
    let def = defs()[gc::get_i64(encoder, &W_Builtin::INDEX) as usize];
    match (def.name, def.owner) {
        ("encode_basestring_ascii", Owner::Native("_json")) => Some(true),
        ("encode_basestring", Owner::Native("_json")) => Some(false),
        _ => None,
    }
}

/// The text of a dict key.
enum Key {
    /// A str key (or an instance of a subclass) as given.
    Str(GcRef),
    /// The text of a number, bool or None key.
    Text(String),
}

/// An item of a list or tuple: unboxed for lists of the int and float strategies.
enum Item {
    Int(i64),
    Float(f64),
    Obj(GcRef),
}

/// The items of a dict being written.
enum DictItems {
    /// A dict's entries (see [`Entries`]).
    Entries(Entries),
    /// What `items()` gave (each must be a 2-tuple), sorted if asked.
    Tuples(RootedVec),
}

/// The entries of an exact dict being written, in order: keys and values interleaved in a
/// [`RefArray`], a null key for a deleted entry. CPython writes a copy of the items, which code
/// run meanwhile (a `default` function) cannot change; here they are read from the dict's own
/// table until an item whose writing may run Python code, and the entries after it are copied
/// then ([`Entries::detach_after`]).
struct Entries {
    /// The dict's table, or the copy of its entries from `first` on.
    array: GcRef,
    /// The index of the entry at the start of `array`.
    first: usize,
    /// The number of entries to write.
    count: usize,
    /// Whether `array` is the dict's own table.
    live: bool,
}

impl Entries {
    /// The entries of `dict`, read live (`live`) or copied at once.
    fn of(dict: GcRef, live: bool) -> Entries {
        let count = dict::entry_count(dict);
        let table = gc::get_ref(dict, &W_Dict::ENTRIES);
        let mut entries = Entries { array: table, first: 0, count, live: true };
        if !live {
            entries.detach_after(None);
        }
        entries
    }

    /// The key (null for a deleted entry) and the value of entry `i`.
    fn get(&self, i: usize) -> (GcRef, GcRef) {
        let at = 2 * (i - self.first);
        (gc::item_ref(self.array, &RefArray::ITEMS, at), gc::item_ref(self.array, &RefArray::ITEMS, at + 1))
    }

    /// Read the entries after entry `i` (all of them for `None`) from a copy from now on, if they
    /// are still read from the dict's table.
    fn detach_after(&mut self, i: Option<usize>) {
        if !self.live {
            return;
        }
        let first = i.map_or(0, |i| i + 1);
        let count = 2 * (self.count - first);
        let copy = RefArray::nulls(count);
        heap::copy_items(self.array, &RefArray::ITEMS, 2 * first, copy, &RefArray::ITEMS, 0, count);
        *self = Entries { array: copy, first, count: self.count, live: false };
    }
}

/// An encoding in progress: the encoder's settings.
struct Encoder {
    space: &'static Space,
    /// The `markers` dict, or null when circular references are not checked. The containers
    /// being written are kept in `in_progress` instead of in it (the dict is not otherwise
    /// reachable from `json.encoder`'s one-shot encoders); an error leaves them in it, as
    /// CPython's encoder does.
    markers: GcRef,
    /// Whether `markers` held entries when the call began (then they are checked too).
    marked_before: bool,
    /// The containers (and objects given to `default`) being written, outermost first.
    in_progress: std::cell::RefCell<RootedVec>,
    default: GcRef,
    encoder: GcRef,
    /// See [`fast_encoder`].
    fast: Option<bool>,
    key_separator: Separator,
    item_separator: Separator,
    sort_keys: bool,
    skipkeys: bool,
    allow_nan: bool,
}

/// The int value of an int (or int subclass instance); `None` for other objects.
fn int_value_of(obj: GcRef) -> Option<GcRef> {
    let value = subclass::unwrap(obj);
    (value.layout() == W_Int::layout() || value.layout() == W_Long::layout()).then_some(value)
}

/// The float value of a float (or float subclass instance).
fn float_value_of(obj: GcRef) -> Option<f64> {
    let value = subclass::unwrap(obj);
    (value.layout() == W_Float::layout()).then(|| gc::get_f64(value, &W_Float::VALUE))
}

/// Append the decimal digits of `v`, with a minus sign when negative (`int.__repr__`).
fn push_decimal(out: &mut Vec<u8>, v: i64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut magnitude = v.unsigned_abs();
    loop {
        at -= 1;
        digits[at] = b'0' + (magnitude % 10) as u8;
        magnitude /= 10;
        if magnitude == 0 {
            break;
        }
    }
    if v < 0 {
        out.push(b'-');
    }
    out.extend_from_slice(&digits[at..]);
}

/// `int.__repr__` of an int value (a `W_Int` or `W_Long`).
fn write_int(out: &mut Vec<u8>, value: GcRef) -> PyResult<()> {
    if value.layout() == W_Int::layout() {
        push_decimal(out, gc::get_i64(value, &W_Int::VALUE));
        return Ok(());
    }
    let big = bigint::to_ibig(value).unwrap_or_default();
    out.extend_from_slice(bigint::to_decimal(&big)?.as_bytes());
    Ok(())
}

impl Encoder {
    /// Append the JSON text of `obj` (CPython's `encoder_listencode_obj`).
    fn encode(&self, out: &mut Vec<u8>, obj: GcRef) -> PyResult<()> {
        let space = self.space;
        if obj == space.none {
            out.extend_from_slice(b"null");
            return Ok(());
        }
        if obj == space.w_bool(true) {
            out.extend_from_slice(b"true");
            return Ok(());
        }
        if obj == space.w_bool(false) {
            out.extend_from_slice(b"false");
            return Ok(());
        }
        let value = subclass::unwrap(obj);
        let layout = value.layout();
        if layout == W_Str::layout() {
            return self.string(out, obj);
        }
        if layout == W_Int::layout() || layout == W_Long::layout() {
            return write_int(out, value);
        }
        if layout == W_Float::layout() {
            return self.float(out, gc::get_f64(value, &W_Float::VALUE));
        }
        let nested = " while encoding a JSON object";
        if layout == W_List::layout() || layout == W_Tuple::layout() {
            return objspace::recursive_call(nested, || self.list(out, obj, value));
        }
        if layout == W_Dict::layout() {
            return objspace::recursive_call(nested, || self.dict(out, obj, value));
        }
        let marker = self.enter(obj)?;
        let replacement = objspace::call(self.default, &[obj])?;
        objspace::recursive_call(nested, || self.encode(out, replacement))?;
        self.leave(marker);
        Ok(())
    }

    /// Append a str as a JSON string (the encoder's result for it).
    fn string(&self, out: &mut Vec<u8>, obj: GcRef) -> PyResult<()> {
        if let (Some(ascii_only), Some(value)) = (self.fast, str_value(obj)) {
            write_string(out, value, ascii_only);
            return Ok(());
        }
        let encoded = objspace::call(self.encoder, &[obj])?;
        let Some(value) = str_value(encoded) else {
            let space = self.space;
            let message = format!("encoder() must return a string, not {}", short_type_name(space, encoded, 80));
            return Err(type_error(space, &message));
        };
        unicode::with_wtf8(value, |bytes| out.extend_from_slice(bytes));
        Ok(())
    }

    /// The JSON text of a float.
    fn float_text(&self, v: f64) -> PyResult<String> {
        if v.is_finite() {
            return Ok(float_repr(v));
        }
        if !self.allow_nan {
            return Err(self
                .space
                .new_exception(ExcKind::ValueError, "Out of range float values are not JSON compliant"));
        }
        Ok(if v > 0.0 {
            "Infinity"
        } else if v < 0.0 {
            "-Infinity"
        } else {
            "NaN"
        }
        .to_owned())
    }

    fn float(&self, out: &mut Vec<u8>, v: f64) -> PyResult<()> {
        out.extend_from_slice(self.float_text(v)?.as_bytes());
        Ok(())
    }

    /// Note that `obj` is being written: `ValueError` when it already is (or when `markers` had
    /// its `id` when the call began). Whether it was noted (not without markers).
    fn enter(&self, obj: GcRef) -> PyResult<bool> {
        if self.markers.is_null() {
            return Ok(false);
        }
        let circular = self.in_progress.borrow().contains(&obj)
            || (self.marked_before && dict::get(self.markers, heap_int(obj.addr() as i64))?.is_some());
        if circular {
            return Err(self.space.new_exception(ExcKind::ValueError, "Circular reference detected"));
        }
        self.in_progress.borrow_mut().push(obj);
        Ok(true)
    }

    /// Note that the object [`enter`](Self::enter) noted last is written.
    fn leave(&self, entered: bool) {
        if entered {
            self.in_progress.borrow_mut().pop();
        }
    }

    /// After an error: the objects still being written go into `markers` by their `id` (what
    /// CPython's encoder leaves there).
    fn leave_marked(&self) -> PyResult<()> {
        for &obj in self.in_progress.borrow().iter() {
            dict::set(self.markers, heap_int(obj.addr() as i64), obj)?;
        }
        Ok(())
    }

    /// Item `i` of a list or tuple value, if it still has one.
    fn item(seq: GcRef, i: usize) -> Option<Item> {
        if seq.layout() == W_Tuple::layout() {
            return (i < gc::len(seq, &W_Tuple::ITEMS)).then(|| Item::Obj(gc::item_ref(seq, &W_Tuple::ITEMS, i)));
        }
        if i >= list::len(seq) {
            return None;
        }
        let storage = gc::get_ref(seq, &W_List::STORAGE);
        Some(match list::strategy(seq) {
            Strategy::Int => Item::Int(gc::item_i64(storage, &IntArray::ITEMS, i)),
            Strategy::Float => Item::Float(gc::item_f64(storage, &FloatArray::ITEMS, i)),
            _ => Item::Obj(list::get(seq, i)),
        })
    }

    /// Append a list or tuple (`value` holds the items of `obj`). The items of a subclass
    /// instance are what iterating over it gives (CPython's `PySequence_Fast`).
    fn list(&self, out: &mut Vec<u8>, obj: GcRef, value: GcRef) -> PyResult<()> {
        if obj == value {
            return self.sequence(out, obj, |i| Self::item(value, i));
        }
        let space = self.space;
        let iterator = objspace::iter(obj).map_err(|e| {
            if crate::exceptions::is_instance_of(space, e, ExcKind::TypeError) {
                type_error(space, "_iterencode_list needs a sequence")
            } else {
                e
            }
        })?;
        let mut items = RootedVec::new();
        while let Some(item) = objspace::next(iterator)? {
            items.push(item);
        }
        self.sequence(out, obj, |i| items.get(i).map(|&o| Item::Obj(o)))
    }

    /// Append the sequence `obj` whose items `item` gives.
    fn sequence(&self, out: &mut Vec<u8>, obj: GcRef, item: impl Fn(usize) -> Option<Item>) -> PyResult<()> {
        if item(0).is_none() {
            out.extend_from_slice(b"[]");
            return Ok(());
        }
        let marker = self.enter(obj)?;
        out.push(b'[');
        let mut i = 0;
        while let Some(item) = item(i) {
            if i > 0 {
                out.extend_from_slice(self.item_separator.bytes());
            }
            match item {
                Item::Int(v) => push_decimal(out, v),
                Item::Float(v) => self.float(out, v)?,
                Item::Obj(o) => self.encode(out, o)?,
            }
            i += 1;
        }
        self.leave(marker);
        out.push(b']');
        Ok(())
    }

    /// The items of a dict to write, in order (CPython's `PyMapping_Items`, sorted if asked).
    fn dict_items(&self, obj: GcRef, value: GcRef) -> PyResult<DictItems> {
        let space = self.space;
        let mut items = RootedVec::new();
        if obj == value {
            // Without sorting, the keys of a fast encoder are written without running Python
            // code: the table can be read live until a value that may.
            let entries = Entries::of(value, !self.sort_keys && self.fast.is_some());
            if !self.sort_keys {
                return Ok(DictItems::Entries(entries));
            }
            for i in 0..entries.count {
                let (key, item) = entries.get(i);
                if !key.is_null() {
                    items.push(W_Tuple::from_slice(&[key, item]));
                }
            }
        } else {
            let result = objspace::call(objspace::getattr(obj, space.intern_static("items"))?, &[])?;
            let iterator = objspace::iter(result).map_err(|e| {
                if !crate::exceptions::is_instance_of(space, e, ExcKind::TypeError) {
                    return e;
                }
                let message = format!(
                    "{}.items() returned a non-iterable (type {})",
                    short_type_name(space, obj, 200),
                    short_type_name(space, result, 200)
                );
                type_error(space, &message)
            })?;
            while let Some(item) = objspace::next(iterator)? {
                items.push(item);
            }
        }
        if self.sort_keys {
            crate::builtins::sort::sort_items(&mut items, None, false)?;
        }
        Ok(DictItems::Tuples(items))
    }

    /// The text of a dict key; `None` for a key to skip.
    fn key(&self, key: GcRef) -> PyResult<Option<Key>> {
        let space = self.space;
        if str_value(key).is_some() {
            return Ok(Some(Key::Str(key)));
        }
        if let Some(v) = float_value_of(key) {
            return Ok(Some(Key::Text(self.float_text(v)?)));
        }
        for (constant, text) in [(space.w_bool(true), "true"), (space.w_bool(false), "false"), (space.none, "null")] {
            if key == constant {
                return Ok(Some(Key::Text(text.to_owned())));
            }
        }
        if let Some(v) = int_value_of(key) {
            let mut text = Vec::new();
            write_int(&mut text, v)?;
            return Ok(Some(Key::Text(String::from_utf8(text).unwrap_or_default())));
        }
        if self.skipkeys {
            return Ok(None);
        }
        let message = format!("keys must be str, int, float, bool or None, not {}", short_type_name(space, key, 100));
        Err(type_error(space, &message))
    }

    /// Whether writing `obj` runs no Python code: None, a bool, or an int, float or (with a fast
    /// encoder) str, or an instance of a subclass of one (its value is written).
    fn is_atomic(&self, obj: GcRef) -> bool {
        let space = self.space;
        if obj == space.none || obj == space.w_bool(true) || obj == space.w_bool(false) {
            return true;
        }
        let layout = subclass::unwrap(obj).layout();
        layout == W_Int::layout()
            || layout == W_Long::layout()
            || layout == W_Float::layout()
            || (layout == W_Str::layout() && self.fast.is_some())
    }

    /// Append a dict (`value` is the dict holding the items of `obj`).
    fn dict(&self, out: &mut Vec<u8>, obj: GcRef, value: GcRef) -> PyResult<()> {
        let space = self.space;
        if dict::len(value) == 0 {
            out.extend_from_slice(b"{}");
            return Ok(());
        }
        let marker = self.enter(obj)?;
        out.push(b'{');
        let mut items = self.dict_items(obj, value)?;
        let count = match &items {
            DictItems::Entries(entries) => entries.count,
            DictItems::Tuples(tuples) => tuples.len(),
        };
        let mut first = true;
        for i in 0..count {
            let (key, item) = match &mut items {
                DictItems::Entries(entries) => {
                    let (key, item) = entries.get(i);
                    if key.is_null() {
                        continue;
                    }
                    if !self.is_atomic(item) {
                        entries.detach_after(Some(i));
                    }
                    (key, item)
                }
                DictItems::Tuples(tuples) => {
                    let pair = subclass::unwrap(tuples[i]);
                    if pair.layout() != W_Tuple::layout() || gc::len(pair, &W_Tuple::ITEMS) != 2 {
                        return Err(space.new_exception(ExcKind::ValueError, "items must return 2-tuples"));
                    }
                    (gc::item_ref(pair, &W_Tuple::ITEMS, 0), gc::item_ref(pair, &W_Tuple::ITEMS, 1))
                }
            };
            let Some(key) = self.key(key)? else {
                continue;
            };
            if !first {
                out.extend_from_slice(self.item_separator.bytes());
            }
            first = false;
            match key {
                Key::Str(s) => self.string(out, s)?,
                Key::Text(text) if self.fast.is_some() => {
                    out.push(b'"');
                    out.extend_from_slice(text.as_bytes());
                    out.push(b'"');
                }
                Key::Text(text) => self.string(out, unicode::new_str(&text))?,
            }
            out.extend_from_slice(self.key_separator.bytes());
            self.encode(out, item)?;
        }
        self.leave(marker);
        out.push(b'}');
        Ok(())
    }
}

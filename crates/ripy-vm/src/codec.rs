//! The text codecs behind `str.encode`, `bytes.decode` and `str(bytes, encoding, errors)`:
//! UTF-8, UTF-16, UTF-32, ASCII and Latin-1, with CPython's error handlers (`strict`, `ignore`,
//! `replace`, `backslashreplace`, `xmlcharrefreplace`, `surrogateescape`, `surrogatepass`) and
//! its `UnicodeEncodeError`/`UnicodeDecodeError` messages; any other error handler name is
//! called through the Python registry (`_codecs._encode_error`/`_decode_error` call
//! `lookup_error(name)` with the exception and check its `(replacement, position)` answer).
//! Other encodings go to the codecs of the Python registry (`_codecs.lookup`: the `encodings`
//! package), as in CPython. `_codecs._decode` is the stateful decoder (a `final` flag: an
//! incomplete sequence at the end of the input is left unconsumed) the `_codecs` functions use.

use crate::builtins::BuiltinDef;
use crate::exceptions::ExcKind;
use crate::function::Args;
use crate::objspace;
use crate::space::{PyResult, Space};
use crate::unicode;
use metatrace_gc::{GcObject, GcRef, Root};
use std::borrow::Cow;

/// A codec this module implements.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum Codec {
    Utf8,
    Ascii,
    Latin1,
    /// UTF-16: little-endian when true; `bom` writes (and reads) a byte order mark.
    Utf16 {
        little: bool,
        bom: bool,
    },
    /// UTF-32, likewise.
    Utf32 {
        little: bool,
        bom: bool,
    },
}

impl Codec {
    /// The codec of an encoding name, normalized as CPython's `encodings.search_function` does;
    /// `None` for an encoding this module does not implement.
    fn lookup(name: &str) -> Option<Codec> {
        let normalized: String =
            name.trim().chars().map(|c| if c == '-' || c == ' ' { '_' } else { c.to_ascii_lowercase() }).collect();
        Some(match normalized.as_str() {
            "utf_8" | "utf8" | "u8" | "utf" | "cp65001" | "utf8_ucs2" | "utf8_ucs4" => Codec::Utf8,
            "ascii" | "us_ascii" | "646" | "us" | "ansi_x3.4_1968" | "iso646_us" | "cp367" | "csascii" => Codec::Ascii,
            "latin_1" | "latin1" | "latin" | "l1" | "iso8859_1" | "iso_8859_1" | "8859" | "cp819" | "iso_ir_100"
            | "iso8859" | "iso_8859_1:1987" => Codec::Latin1,
            "utf_16" | "utf16" | "u16" => Codec::Utf16 { little: true, bom: true },
            "utf_16_le" | "utf_16le" => Codec::Utf16 { little: true, bom: false },
            "utf_16_be" | "utf_16be" => Codec::Utf16 { little: false, bom: false },
            "utf_32" | "utf32" | "u32" => Codec::Utf32 { little: true, bom: true },
            "utf_32_le" | "utf_32le" => Codec::Utf32 { little: true, bom: false },
            "utf_32_be" | "utf_32be" => Codec::Utf32 { little: false, bom: false },
            _ => return None,
        })
    }

    /// The name CPython's errors use.
    fn name(self) -> &'static str {
        match self {
            Codec::Utf8 => "utf-8",
            Codec::Ascii => "ascii",
            Codec::Latin1 => "latin-1",
            Codec::Utf16 { bom: true, .. } => "utf-16",
            Codec::Utf16 { little: true, .. } => "utf-16-le",
            Codec::Utf16 { .. } => "utf-16-be",
            Codec::Utf32 { bom: true, .. } => "utf-32",
            Codec::Utf32 { little: true, .. } => "utf-32-le",
            Codec::Utf32 { .. } => "utf-32-be",
        }
    }

    /// Whether the codec can encode `cp` (before error handling).
    fn encodable(self, cp: u32) -> bool {
        let surrogate = (0xd800..0xe000).contains(&cp);
        match self {
            Codec::Ascii => cp < 0x80,
            Codec::Latin1 => cp < 0x100,
            _ => !surrogate,
        }
    }

    /// Append the encoding of `cp` (encodable, or a surrogate passed through).
    fn push(self, cp: u32, out: &mut Vec<u8>) {
        match self {
            Codec::Ascii | Codec::Latin1 => out.push(cp as u8),
            Codec::Utf8 => unicode::encode_char(cp, out),
            Codec::Utf16 { little, .. } => {
                let mut units = [0u16; 2];
                let units: &[u16] = match char::from_u32(cp) {
                    Some(c) => c.encode_utf16(&mut units),
                    None => {
                        units[0] = cp as u16;
                        &units[..1]
                    }
                };
                for &u in units {
                    out.extend(if little { u.to_le_bytes() } else { u.to_be_bytes() });
                }
            }
            Codec::Utf32 { little, .. } => out.extend(if little { cp.to_le_bytes() } else { cp.to_be_bytes() }),
        }
    }

    /// The reason an encoding error gives.
    fn encode_reason(self) -> &'static str {
        match self {
            Codec::Ascii => "ordinal not in range(128)",
            Codec::Latin1 => "ordinal not in range(256)",
            _ => "surrogates not allowed",
        }
    }
}

/// Encode (`which` 0) or decode (1) `value` with a codec of the Python registry
/// (`_codecs.lookup`, which searches the `encodings` package), for an encoding this module does
/// not implement: the first item of the codec's result. An error of the codec is wrapped as
/// CPython does (`_codecs._wrap_error`); a codec that is not a text encoding (`_is_text_encoding`
/// false) is refused with CPython's `LookupError`.
fn registered(encoding: &str, which: usize, value: GcRef, errors: &str) -> PyResult<GcRef> {
    let space = Space::get();
    let _value = Root::new(value);
    let codecs = crate::import::import_module_level(space, space.intern("_codecs"), space.none, space.none, 0)?;
    let lookup = objspace::getattr(codecs, space.intern("lookup"))?;
    let info = objspace::call(lookup, &[unicode::new_str(encoding)])?;
    let _info = Root::new(info);
    let text_codec = match objspace::getattr(info, space.intern("_is_text_encoding")) {
        Ok(flag) => objspace::truthy(flag)?,
        Err(_) => true,
    };
    if !text_codec {
        let command = if which == 0 { "codecs.encode()" } else { "codecs.decode()" };
        let message = format!("'{encoding}' is not a text encoding; use {command} to handle arbitrary codecs");
        return Err(space.new_exception(ExcKind::LookupError, &message));
    }
    let function = objspace::getitem(info, crate::int::heap_int(which as i64))?;
    let _function = Root::new(function);
    let errors = unicode::new_str(errors);
    let _errors = Root::new(errors);
    let result = objspace::call(function, &[value, errors]).map_err(|error| wrap_error(error, which, encoding))?;
    let _result = Root::new(result);
    let what = if which == 0 { "encoder" } else { "decoder" };
    if result.layout() != crate::tuple::W_Tuple::layout() || objspace::len(result)? != 2 {
        return Err(space.new_exception(ExcKind::TypeError, &format!("{what} must return a tuple (object, integer)")));
    }
    objspace::getitem(result, crate::int::heap_int(0))
}

/// The exception to raise for `error`, raised by the codec of `encoding` encoding (`which` 0) or
/// decoding (1): as CPython, a simple exception is wrapped in one naming the codec
/// (`_codecs._wrap_error`).
fn wrap_error(error: GcRef, which: usize, encoding: &str) -> GcRef {
    let _error = Root::new(error);
    let operation = unicode::new_str(if which == 0 { "encoding" } else { "decoding" });
    let _operation = Root::new(operation);
    let name = unicode::new_str(encoding);
    let _name = Root::new(name);
    call_codecs("_wrap_error", &[error, operation, name]).unwrap_or_else(|failure| failure)
}

/// The normalized encoding names CPython's `str.encode`/`bytes.decode` handle themselves.
const FAST_PATHS: [&str; 12] = [
    "utf_8",
    "utf8",
    "utf_16",
    "utf16",
    "utf_32",
    "utf32",
    "ascii",
    "us_ascii",
    "latin1",
    "latin_1",
    "iso_8859_1",
    "iso8859_1",
];

/// Whether CPython's `str.encode`/`bytes.decode` run `encoding` without the codec registry
/// (their fast paths); the errors of other encodings come through a registered codec, wrapped.
fn fast_path(encoding: &str) -> bool {
    // CPython's `_Py_normalize_encoding`: letters, digits and dots kept (lowered), every other
    // run of characters one underscore.
    let mut normalized = String::new();
    let mut punctuation = false;
    for c in encoding.chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            if punctuation && !normalized.is_empty() {
                normalized.push('_');
            }
            punctuation = false;
            normalized.push(c.to_ascii_lowercase());
        } else {
            punctuation = true;
        }
    }
    FAST_PATHS.contains(&normalized.as_str())
}

/// The error handlers this module applies itself; any other name goes to the handler the Python
/// registry has under it.
const NATIVE_HANDLERS: [&str; 7] =
    ["strict", "ignore", "replace", "backslashreplace", "xmlcharrefreplace", "surrogateescape", "surrogatepass"];

/// In development mode, `LookupError` unless `errors` names a known error handler, even when
/// the text needs no handler (CPython's `unicode_check_encoding_errors`).
fn check_errors(errors: &str) -> PyResult<()> {
    if NATIVE_HANDLERS.contains(&errors) || !crate::modules::sys::dev_mode() {
        return Ok(());
    }
    call_codecs("lookup_error", &[unicode::new_str(errors)]).map(|_| ())
}

/// Call function `name` of the `_codecs` module with `args`.
fn call_codecs(name: &str, args: &[GcRef]) -> PyResult<GcRef> {
    let space = Space::get();
    let _args: Vec<Root> = args.iter().map(|&a| Root::new(a)).collect();
    let codecs = crate::import::import_module_level(space, space.intern("_codecs"), space.none, space.none, 0)?;
    let function = objspace::getattr(codecs, space.intern(name))?;
    objspace::call(function, args)
}

/// Call `_codecs.NAME(errors, encoding, object, start, end, reason)` (which applies the
/// registered handler `errors` and checks its answer): the replacement, the position to resume
/// at and the input the handler put in the exception in place of `object` (None if it did not).
fn call_handler(
    name: &str,
    errors: &str,
    encoding: &str,
    object: GcRef,
    start: usize,
    end: usize,
    reason: &str,
) -> PyResult<(GcRef, usize, GcRef)> {
    let mut roots = vec![Root::new(object)];
    let mut rooted = |value: GcRef| {
        roots.push(Root::new(value));
        value
    };
    let args = [
        rooted(unicode::new_str(errors)),
        rooted(unicode::new_str(encoding)),
        object,
        rooted(crate::int::heap_int(start as i64)),
        rooted(crate::int::heap_int(end as i64)),
        rooted(unicode::new_str(reason)),
    ];
    let result = call_codecs(name, &args)?;
    let _result = Root::new(result);
    let replacement = objspace::getitem(result, crate::int::heap_int(0))?;
    let position = objspace::int_value(objspace::getitem(result, crate::int::heap_int(1))?).unwrap_or(0);
    let input = objspace::getitem(result, crate::int::heap_int(2))?;
    Ok((replacement, position.max(0) as usize, input))
}

/// A `UnicodeEncodeError` or `UnicodeDecodeError` (`kind`) with its attributes: the codec's
/// name, the text or data, where the undecodable part starts and ends, and why.
fn unicode_error(kind: ExcKind, codec: &str, object: GcRef, start: usize, end: usize, reason: &str) -> GcRef {
    let space = Space::get();
    let mut roots = vec![Root::new(object)];
    let mut rooted = |value: GcRef| {
        roots.push(Root::new(value));
        value
    };
    let args = [
        rooted(unicode::new_str(codec)),
        object,
        rooted(crate::int::heap_int(start as i64)),
        rooted(crate::int::heap_int(end as i64)),
        rooted(unicode::new_str(reason)),
    ];
    objspace::call(space.exception_type(kind), &args).unwrap_or_else(|failure| failure)
}

/// The `UnicodeEncodeError` of `cps[start..end]`.
fn encode_error(codec: Codec, cps: &[u32], start: usize, end: usize) -> GcRef {
    let text = unicode::from_chars(cps.iter().copied());
    unicode_error(ExcKind::UnicodeEncodeError, codec.name(), text, start, end, codec.encode_reason())
}

/// The `UnicodeDecodeError` of `data[start..end]`.
fn decode_error(codec: &str, data: &[u8], start: usize, end: usize, reason: &str) -> GcRef {
    unicode_error(ExcKind::UnicodeDecodeError, codec, crate::bytes::new_bytes(data), start, end, reason)
}

/// `text.encode(encoding, errors)`.
pub fn encode(cps: &[u32], encoding: &str, errors: &str) -> PyResult<Vec<u8>> {
    check_errors(errors)?;
    let Some(codec) = Codec::lookup(encoding) else {
        let result = registered(encoding, 0, unicode::from_chars(cps.iter().copied()), errors)?;
        return crate::buffer::buffer_data(result)?.filter(|_| result.layout() == crate::bytes::W_Bytes::layout()).ok_or_else(|| {
            let message = format!(
                "'{encoding}' encoder returned '{}' instead of 'bytes'; use codecs.encode() to encode to arbitrary types",
                Space::get().type_name(result)
            );
            Space::get().new_exception(ExcKind::TypeError, &message)
        });
    };
    encode_native(codec, cps, errors).map_err(|e| if fast_path(encoding) { e } else { wrap_error(e, 0, encoding) })
}

/// Encode `cps` with a codec of this module.
fn encode_native(codec: Codec, cps: &[u32], errors: &str) -> PyResult<Vec<u8>> {
    let mut out = Vec::with_capacity(cps.len());
    if let Codec::Utf16 { bom: true, .. } = codec {
        out.extend([0xff, 0xfe]);
    }
    if let Codec::Utf32 { bom: true, .. } = codec {
        out.extend([0xff, 0xfe, 0, 0]);
    }
    let mut i = 0;
    while i < cps.len() {
        let cp = cps[i];
        if codec.encodable(cp) {
            codec.push(cp, &mut out);
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < cps.len() && !codec.encodable(cps[end]) {
            end += 1;
        }
        if !NATIVE_HANDLERS.contains(&errors) {
            i = encode_with_handler(codec, cps, i, end, errors, &mut out)?;
            continue;
        }
        for (k, &bad) in cps[i..end].iter().enumerate() {
            match errors {
                "ignore" => {}
                "replace" => codec.push(u32::from(b'?'), &mut out),
                "xmlcharrefreplace" => format!("&#{bad};").bytes().for_each(|b| codec.push(u32::from(b), &mut out)),
                "backslashreplace" => {
                    let text = if bad < 0x100 {
                        format!("\\x{bad:02x}")
                    } else if bad < 0x10000 {
                        format!("\\u{bad:04x}")
                    } else {
                        format!("\\U{bad:08x}")
                    };
                    text.bytes().for_each(|b| codec.push(u32::from(b), &mut out));
                }
                "surrogateescape" if (0xdc80..0xdd00).contains(&bad) => out.push((bad - 0xdc00) as u8),
                "surrogatepass"
                    if (0xd800..0xe000).contains(&bad) && !matches!(codec, Codec::Ascii | Codec::Latin1) =>
                {
                    codec.push(bad, &mut out)
                }
                // As CPython: the error covers the rest of the run from the first character the
                // handler cannot take.
                _ => return Err(encode_error(codec, cps, i + k, end)),
            }
        }
        i = end;
    }
    Ok(out)
}

/// Apply the registered error handler `errors` to the unencodable `cps[start..end]`: its
/// replacement appended to `out` (bytes as they are, but whole code units for UTF-16 and UTF-32;
/// text encoded by `codec`, ASCII only but for Latin-1), and the position to resume at.
fn encode_with_handler(
    codec: Codec,
    cps: &[u32],
    start: usize,
    end: usize,
    errors: &str,
    out: &mut Vec<u8>,
) -> PyResult<usize> {
    let text = unicode::from_chars(cps.iter().copied());
    let (replacement, resume, _) =
        call_handler("_encode_error", errors, codec.name(), text, start, end, codec.encode_reason())?;
    if replacement.layout() == unicode::W_Str::layout() {
        let limit = if codec == Codec::Latin1 { 0x100 } else { 0x80 };
        for cp in unicode::chars(replacement) {
            if cp >= limit {
                return Err(encode_error(codec, cps, start, end));
            }
            codec.push(cp, out);
        }
    } else {
        let data = crate::buffer::buffer_data(replacement)?.unwrap_or_default();
        let unit = match codec {
            Codec::Utf16 { .. } => 2,
            Codec::Utf32 { .. } => 4,
            _ => 1,
        };
        if data.len() % unit != 0 {
            return Err(encode_error(codec, cps, start, end));
        }
        out.extend(data);
    }
    Ok(resume)
}

/// A decoding in progress: the input (which an error handler may replace), the error handler
/// and the text so far.
struct Decoding<'a> {
    codec: &'a str,
    data: Cow<'a, [u8]>,
    errors: &'a str,
    out: Vec<u32>,
}

impl Decoding<'_> {
    /// Handle the undecodable `data[start..end]` with the error handler: the replacement
    /// appended to the text, and the position to resume at (in the input the handler left).
    fn error(&mut self, start: usize, end: usize, reason: &str) -> PyResult<usize> {
        match self.errors {
            "strict" => return Err(decode_error(self.codec, &self.data, start, end, reason)),
            "ignore" => {}
            "replace" => self.out.push(0xfffd),
            "backslashreplace" => {
                for &b in &self.data[start..end] {
                    self.out.extend(format!("\\x{b:02x}").chars().map(u32::from));
                }
            }
            "surrogateescape" => {
                // CPython's handler: up to four bytes >= 0x80 become lone surrogates.
                let escaped = self.data[start..end].iter().take(4).take_while(|&&b| b >= 0x80).count();
                if escaped == 0 {
                    return Err(decode_error(self.codec, &self.data, start, end, reason));
                }
                self.out.extend(self.data[start..start + escaped].iter().map(|&b| 0xdc00 + u32::from(b)));
                return Ok(start + escaped);
            }
            other => {
                let data = crate::bytes::new_bytes(&self.data);
                let (replacement, resume, input) =
                    call_handler("_decode_error", other, self.codec, data, start, end, reason)?;
                self.out.extend(unicode::chars(replacement));
                if input != Space::get().none {
                    self.data = Cow::Owned(crate::buffer::buffer_data(input)?.unwrap_or_default());
                }
                return Ok(resume);
            }
        }
        Ok(end)
    }

    /// The UTF-16 code unit at `at`.
    fn unit(&self, at: usize, little: bool) -> u32 {
        let pair = [self.data[at], self.data[at + 1]];
        u32::from(if little { u16::from_le_bytes(pair) } else { u16::from_be_bytes(pair) })
    }
}

/// Decode UTF-8: the number of bytes consumed (all of them when `last`; else an incomplete
/// sequence at the end stays for the next call).
fn decode_utf8(d: &mut Decoding, last: bool) -> PyResult<usize> {
    let mut offset = 0;
    while offset < d.data.len() {
        let rest = &d.data[offset..];
        let e = match std::str::from_utf8(rest) {
            Ok(text) => {
                d.out.extend(text.chars().map(u32::from));
                return Ok(d.data.len());
            }
            Err(e) => e,
        };
        let valid = e.valid_up_to();
        d.out.extend(std::str::from_utf8(&rest[..valid]).unwrap_or_default().chars().map(u32::from));
        let start = offset + valid;
        let tail = &rest[valid..];
        let lead = tail[0];
        let surrogate = lead == 0xed && tail.len() >= 2 && (0xa0..0xc0).contains(&tail[1]);
        if d.errors == "surrogatepass" && surrogate && tail.len() >= 3 && (0x80..0xc0).contains(&tail[2]) {
            d.out.push(unicode::decode(&tail[..3]).next().unwrap_or(0xfffd));
            offset = start + 3;
            continue;
        }
        // As CPython: the start of an encoded surrogate at the end waits for more input.
        if !last && (e.error_len().is_none() || (surrogate && tail.len() == 2)) {
            return Ok(start);
        }
        let (len, reason) = match e.error_len() {
            None => (tail.len(), "unexpected end of data"),
            Some(n) if matches!(lead, 0x80..=0xc1 | 0xf5..=0xff) => (n, "invalid start byte"),
            Some(n) => (n, "invalid continuation byte"),
        };
        offset = d.error(start, start + len, reason)?;
    }
    Ok(d.data.len())
}

/// Decode UTF-16 from `pos` (after any byte order mark), as `decode_utf8`.
fn decode_utf16(d: &mut Decoding, mut pos: usize, little: bool, last: bool) -> PyResult<usize> {
    while pos < d.data.len() {
        let size = d.data.len();
        if size - pos < 2 {
            if !last {
                return Ok(pos);
            }
            pos = d.error(pos, size, "truncated data")?;
            continue;
        }
        let first = d.unit(pos, little);
        if !(0xd800..0xe000).contains(&first) {
            d.out.push(first);
            pos += 2;
        } else if first >= 0xdc00 {
            pos = d.error(pos, pos + 2, "illegal encoding")?;
        } else if size - pos < 4 {
            if !last {
                return Ok(pos);
            }
            pos = d.error(pos, size, "unexpected end of data")?;
        } else {
            let second = d.unit(pos + 2, little);
            if (0xdc00..0xe000).contains(&second) {
                d.out.push(0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00));
                pos += 4;
            } else {
                pos = d.error(pos, pos + 2, "illegal UTF-16 surrogate")?;
            }
        }
    }
    Ok(d.data.len())
}

/// Decode UTF-32 from `pos` (after any byte order mark), as `decode_utf8`.
fn decode_utf32(d: &mut Decoding, mut pos: usize, little: bool, last: bool) -> PyResult<usize> {
    while pos < d.data.len() {
        let size = d.data.len();
        if size - pos < 4 {
            if !last {
                return Ok(pos);
            }
            pos = d.error(pos, size, "truncated data")?;
            continue;
        }
        let quad = [d.data[pos], d.data[pos + 1], d.data[pos + 2], d.data[pos + 3]];
        let cp = if little { u32::from_le_bytes(quad) } else { u32::from_be_bytes(quad) };
        if cp > 0x10ffff {
            pos = d.error(pos, pos + 4, "code point not in range(0x110000)")?;
        } else if (0xd800..0xe000).contains(&cp) {
            pos = d.error(pos, pos + 4, "code point in surrogate code point range(0xd800, 0xe000)")?;
        } else {
            d.out.push(cp);
            pos += 4;
        }
    }
    Ok(d.data.len())
}

/// Where the text starts after a byte order mark `mark` (given little-endian) at the start of
/// `data`, and the byte order it gives (`little` when there is none).
fn byte_order(data: &[u8], mark: &[u8], little: bool) -> (usize, bool) {
    let big: Vec<u8> = mark.iter().rev().copied().collect();
    if data.starts_with(mark) {
        (mark.len(), true)
    } else if data.starts_with(&big) {
        (mark.len(), false)
    } else {
        (0, little)
    }
}

/// Decode `data` with a codec of this module (`None` for another encoding): the code points and
/// the number of bytes consumed (all of them when `last`).
fn decode_native(data: &[u8], encoding: &str, errors: &str, last: bool) -> PyResult<Option<(Vec<u32>, usize)>> {
    let Some(codec) = Codec::lookup(encoding) else { return Ok(None) };
    let mut d =
        Decoding { codec: codec.name(), data: Cow::Borrowed(data), errors, out: Vec::with_capacity(data.len()) };
    let consumed = match codec {
        Codec::Utf8 => decode_utf8(&mut d, last)?,
        Codec::Latin1 => {
            d.out.extend(data.iter().map(|&b| u32::from(b)));
            data.len()
        }
        Codec::Ascii => {
            let mut i = 0;
            while i < d.data.len() {
                if d.data[i] < 0x80 {
                    d.out.push(u32::from(d.data[i]));
                    i += 1;
                } else {
                    i = d.error(i, i + 1, "ordinal not in range(128)")?;
                }
            }
            d.data.len()
        }
        Codec::Utf16 { little, bom } => {
            let (start, little) = if bom { byte_order(data, &[0xff, 0xfe], little) } else { (0, little) };
            decode_utf16(&mut d, start, little, last)?
        }
        Codec::Utf32 { little, bom } => {
            let (start, little) = if bom { byte_order(data, &[0xff, 0xfe, 0, 0], little) } else { (0, little) };
            decode_utf32(&mut d, start, little, last)?
        }
    };
    Ok(Some((d.out, consumed)))
}

/// `bytes.decode(encoding, errors)`: the code points of the text.
pub fn decode(data: &[u8], encoding: &str, errors: &str) -> PyResult<Vec<u32>> {
    check_errors(errors)?;
    let native = decode_native(data, encoding, errors, true).map_err(|e| {
        if fast_path(encoding) {
            e
        } else {
            wrap_error(e, 1, encoding)
        }
    })?;
    if let Some((text, _)) = native {
        return Ok(text);
    }
    let result = registered(encoding, 1, crate::bytes::new_bytes(data), errors)?;
    if result.layout() != unicode::W_Str::layout() {
        let message = format!(
            "'{encoding}' decoder returned '{}' instead of 'str'; use codecs.decode() to decode to arbitrary types",
            Space::get().type_name(result)
        );
        return Err(Space::get().new_exception(ExcKind::TypeError, &message));
    }
    Ok(unicode::chars(result))
}

/// The native functions of `_codecs` (the rest of the module is `_codecs.py`).
pub static DEFS: &[BuiltinDef] = &[crate::modules::native("_codecs", "_decode", decode_builtin)];

/// `_codecs._decode(data, encoding, errors, final)`: `(text, consumed)` for an encoding of this
/// module; the stateful decoding behind `_codecs.utf_8_decode` and the like.
fn decode_builtin(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [data, encoding, errors, last] = crate::modules::exact_args::<4>(space, "_decode", args)?;
    let data = crate::buffer::buffer_data(data)?.unwrap_or_default();
    let encoding = crate::modules::str_arg(space, encoding, "encoding")?;
    let errors = crate::modules::str_arg(space, errors, "errors")?;
    check_errors(&errors)?;
    let last = objspace::truthy(last)?;
    let Some((text, consumed)) = decode_native(&data, &encoding, &errors, last)? else {
        return Err(space.new_exception(ExcKind::LookupError, &format!("unknown encoding: {encoding}")));
    };
    let text = unicode::from_chars(text);
    let _text = Root::new(text);
    Ok(crate::tuple::W_Tuple::from_slice(&[text, crate::int::heap_int(consumed as i64)]))
}

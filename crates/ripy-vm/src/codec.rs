//! The text codecs behind `str.encode`, `bytes.decode` and `str(bytes, encoding, errors)`:
//! UTF-8, UTF-16, UTF-32, ASCII and Latin-1, with CPython's error handlers (`strict`, `ignore`,
//! `replace`, `backslashreplace`, `xmlcharrefreplace`, `surrogateescape`, `surrogatepass`) and
//! its `UnicodeEncodeError`/`UnicodeDecodeError` messages. Other encodings go to the codecs of
//! the Python registry (`_codecs.lookup`: the `encodings` package), as in CPython.

use crate::exceptions::ExcKind;
use crate::objspace;
use crate::space::{PyResult, Space};
use crate::unicode;
use metatrace_gc::{GcObject, GcRef};

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
/// not implement: the first item of the codec's result.
fn registered(encoding: &str, which: usize, value: GcRef, errors: &str) -> PyResult<GcRef> {
    let space = Space::get();
    let _value = metatrace_gc::Root::new(value);
    let codecs = crate::import::import_module_level(space, space.intern("_codecs"), space.none, space.none, 0)?;
    let lookup = objspace::getattr(codecs, space.intern("lookup"))?;
    let info = objspace::call(lookup, &[unicode::new_str(encoding)])?;
    let _info = metatrace_gc::Root::new(info);
    let function = objspace::getitem(info, crate::int::heap_int(which as i64))?;
    let _function = metatrace_gc::Root::new(function);
    let errors = unicode::new_str(errors);
    let _errors = metatrace_gc::Root::new(errors);
    let result = objspace::call(function, &[value, errors])?;
    let _result = metatrace_gc::Root::new(result);
    let what = if which == 0 { "encoder" } else { "decoder" };
    if result.layout() != crate::tuple::W_Tuple::layout() || objspace::len(result)? != 2 {
        return Err(space.new_exception(ExcKind::TypeError, &format!("{what} must return a tuple (object, integer)")));
    }
    objspace::getitem(result, crate::int::heap_int(0))
}

/// The names of the error handlers this module implements.
const BUILTIN_HANDLERS: [&str; 7] =
    ["strict", "ignore", "replace", "backslashreplace", "xmlcharrefreplace", "surrogateescape", "surrogatepass"];

/// In development mode, `LookupError` unless `errors` names a known error handler, even when
/// the text needs no handler (CPython's `unicode_check_encoding_errors`).
fn check_errors(errors: &str) -> PyResult<()> {
    if BUILTIN_HANDLERS.contains(&errors) || !crate::modules::sys::dev_mode() {
        return Ok(());
    }
    let space = Space::get();
    let codecs = crate::import::import_module_level(space, space.intern("_codecs"), space.none, space.none, 0)?;
    let lookup_error = objspace::getattr(codecs, space.intern("lookup_error"))?;
    objspace::call(lookup_error, &[unicode::new_str(errors)]).map(|_| ())
}

fn unknown_handler(errors: &str) -> GcRef {
    Space::get().new_exception(ExcKind::LookupError, &format!("unknown error handler name '{errors}'"))
}

/// The message of a `UnicodeEncodeError`.
fn encode_error(codec: Codec, cps: &[u32], start: usize, end: usize) -> GcRef {
    let what = if end == start + 1 {
        let cp = cps[start];
        let shown = if cp < 0x100 {
            format!("\\x{cp:02x}")
        } else if cp < 0x10000 {
            format!("\\u{cp:04x}")
        } else {
            format!("\\U{cp:08x}")
        };
        format!("character '{shown}' in position {start}")
    } else {
        format!("characters in position {start}-{}", end - 1)
    };
    let message = format!("'{}' codec can't encode {what}: {}", codec.name(), codec.encode_reason());
    Space::get().new_exception(ExcKind::UnicodeEncodeError, &message)
}

/// The message of a `UnicodeDecodeError`.
fn decode_error(codec: &str, data: &[u8], start: usize, end: usize, reason: &str) -> GcRef {
    let what = if end == start + 1 {
        format!("byte 0x{:02x} in position {start}", data[start])
    } else {
        format!("bytes in position {start}-{}", end - 1)
    };
    let message = format!("'{codec}' codec can't decode {what}: {reason}");
    Space::get().new_exception(ExcKind::UnicodeDecodeError, &message)
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
        for &bad in &cps[i..end] {
            match errors {
                "strict" => return Err(encode_error(codec, cps, i, end)),
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
                "surrogateescape" | "surrogatepass" => return Err(encode_error(codec, cps, i, end)),
                other => return Err(unknown_handler(other)),
            }
        }
        i = end;
    }
    Ok(out)
}

/// What replaces the undecodable bytes `bad` under handler `errors` (or the error to raise).
fn handle_decode_error(
    codec: &str,
    data: &[u8],
    start: usize,
    end: usize,
    reason: &str,
    errors: &str,
    out: &mut Vec<u32>,
) -> PyResult<()> {
    match errors {
        "strict" => return Err(decode_error(codec, data, start, end, reason)),
        "ignore" => {}
        "replace" => out.push(0xfffd),
        "backslashreplace" => {
            for &b in &data[start..end] {
                out.extend(format!("\\x{b:02x}").chars().map(u32::from));
            }
        }
        "surrogateescape" => out.extend(data[start..end].iter().map(|&b| 0xdc00 + u32::from(b))),
        "surrogatepass" | "xmlcharrefreplace" => return Err(decode_error(codec, data, start, end, reason)),
        other => return Err(unknown_handler(other)),
    }
    Ok(())
}

/// The UTF-8 decoding of `data`, surrogates accepted when `surrogatepass`.
fn decode_utf8(data: &[u8], errors: &str, out: &mut Vec<u32>) -> PyResult<()> {
    let mut rest = data;
    let mut offset = 0;
    loop {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                out.extend(text.chars().map(u32::from));
                return Ok(());
            }
            Err(e) => {
                let valid = e.valid_up_to();
                out.extend(std::str::from_utf8(&rest[..valid]).unwrap_or_default().chars().map(u32::from));
                let start = offset + valid;
                let lead = rest[valid];
                if errors == "surrogatepass"
                    && lead == 0xed
                    && rest.len() >= valid + 3
                    && (0xa0..0xc0).contains(&rest[valid + 1])
                    && (0x80..0xc0).contains(&rest[valid + 2])
                {
                    out.push(unicode::decode(&rest[valid..valid + 3]).next().unwrap_or(0xfffd));
                    rest = &rest[valid + 3..];
                    offset = start + 3;
                    continue;
                }
                let (len, reason) = match e.error_len() {
                    None => (rest.len() - valid, "unexpected end of data"),
                    Some(n) if matches!(lead, 0x80..=0xc1 | 0xf5..=0xff) => (n, "invalid start byte"),
                    Some(n) => (n, "invalid continuation byte"),
                };
                handle_decode_error("utf-8", data, start, start + len, reason, errors, out)?;
                rest = &rest[valid + len..];
                offset = start + len;
            }
        }
    }
}

/// `bytes.decode(encoding, errors)`: the code points of the text.
pub fn decode(data: &[u8], encoding: &str, errors: &str) -> PyResult<Vec<u32>> {
    check_errors(errors)?;
    let Some(codec) = Codec::lookup(encoding) else {
        let result = registered(encoding, 1, crate::bytes::new_bytes(data), errors)?;
        if result.layout() != unicode::W_Str::layout() {
            let message = format!(
                "'{encoding}' decoder returned '{}' instead of 'str'; use codecs.decode() to decode to arbitrary types",
                Space::get().type_name(result)
            );
            return Err(Space::get().new_exception(ExcKind::TypeError, &message));
        }
        return Ok(unicode::chars(result));
    };
    let mut out = Vec::with_capacity(data.len());
    match codec {
        Codec::Utf8 => decode_utf8(data, errors, &mut out)?,
        Codec::Latin1 => out.extend(data.iter().map(|&b| u32::from(b))),
        Codec::Ascii => {
            for (i, &b) in data.iter().enumerate() {
                if b < 0x80 {
                    out.push(u32::from(b));
                } else {
                    handle_decode_error("ascii", data, i, i + 1, "ordinal not in range(128)", errors, &mut out)?;
                }
            }
        }
        Codec::Utf16 { little, bom } => {
            let (mut little, mut body) = (little, data);
            if bom && body.len() >= 2 {
                if body[..2] == [0xff, 0xfe] {
                    body = &body[2..];
                } else if body[..2] == [0xfe, 0xff] {
                    little = false;
                    body = &body[2..];
                }
            }
            let skip = data.len() - body.len();
            let units: Vec<u16> = body
                .chunks_exact(2)
                .map(|c| if little { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) })
                .collect();
            for r in char::decode_utf16(units.iter().copied()) {
                match r {
                    Ok(c) => out.push(u32::from(c)),
                    Err(e) if errors == "surrogatepass" => out.push(u32::from(e.unpaired_surrogate())),
                    Err(_) => out.push(0xfffd),
                }
            }
            if body.len() % 2 == 1 {
                let at = skip + body.len() - 1;
                handle_decode_error(codec.name(), data, at, data.len(), "truncated data", errors, &mut out)?;
            }
        }
        Codec::Utf32 { little, bom } => {
            let (mut little, mut body) = (little, data);
            if bom && body.len() >= 4 {
                if body[..4] == [0xff, 0xfe, 0, 0] {
                    body = &body[4..];
                } else if body[..4] == [0, 0, 0xfe, 0xff] {
                    little = false;
                    body = &body[4..];
                }
            }
            let skip = data.len() - body.len();
            for (k, c) in body.chunks(4).enumerate() {
                let at = skip + 4 * k;
                if c.len() < 4 {
                    handle_decode_error(codec.name(), data, at, data.len(), "truncated data", errors, &mut out)?;
                    break;
                }
                let cp = if little {
                    u32::from_le_bytes([c[0], c[1], c[2], c[3]])
                } else {
                    u32::from_be_bytes([c[0], c[1], c[2], c[3]])
                };
                if cp > 0x10ffff {
                    handle_decode_error(
                        codec.name(),
                        data,
                        at,
                        at + 4,
                        "code point not in range(0x110000)",
                        errors,
                        &mut out,
                    )?;
                } else {
                    out.push(cp);
                }
            }
        }
    }
    Ok(out)
}

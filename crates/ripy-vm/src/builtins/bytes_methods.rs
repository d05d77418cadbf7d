//! The constructors and methods of `bytes`, `bytearray` and `memoryview`. The methods common to
//! bytes and bytearray are one function each, working on the bytes and answering with the kind
//! of the object (`bytearray.upper()` is a bytearray).

use super::number_methods::bytes_like;
use super::params::{adjust_indices, bind_method, slice_bound, tuple_args};
use super::*;
use crate::buffer::{self, new_like};
use crate::bytes::{new_bytes, W_Bytes};
use crate::codec;

/// The methods of both bytes and bytearray, then those of bytearray and memoryview alone.
macro_rules! defs {
    ($($name:literal => $f:ident,)*; $($extra:expr,)*) => {
        &[$(method("bytes", $name, $f), method("bytearray", $name, $f),)* $($extra,)*]
    };
}

/// The builtins defined here.
pub(super) static DEFS: &[BuiltinDef] = defs![
    "decode" => bytes_decode,
    "hex" => bytes_hex,
    "count" => bytes_count,
    "find" => bytes_find,
    "rfind" => bytes_rfind,
    "index" => bytes_index,
    "rindex" => bytes_rindex,
    "startswith" => bytes_startswith,
    "endswith" => bytes_endswith,
    "join" => bytes_join,
    "split" => bytes_split,
    "rsplit" => bytes_rsplit,
    "splitlines" => bytes_splitlines,
    "partition" => bytes_partition,
    "rpartition" => bytes_rpartition,
    "strip" => bytes_strip,
    "lstrip" => bytes_lstrip,
    "rstrip" => bytes_rstrip,
    "replace" => bytes_replace,
    "removeprefix" => bytes_removeprefix,
    "removesuffix" => bytes_removesuffix,
    "upper" => bytes_upper,
    "lower" => bytes_lower,
    "swapcase" => bytes_swapcase,
    "title" => bytes_title,
    "capitalize" => bytes_capitalize,
    "isalnum" => bytes_isalnum,
    "isalpha" => bytes_isalpha,
    "isascii" => bytes_isascii,
    "isdigit" => bytes_isdigit,
    "islower" => bytes_islower,
    "isupper" => bytes_isupper,
    "isspace" => bytes_isspace,
    "istitle" => bytes_istitle,
    "center" => bytes_center,
    "ljust" => bytes_ljust,
    "rjust" => bytes_rjust,
    "zfill" => bytes_zfill,
    "expandtabs" => bytes_expandtabs,
    "translate" => bytes_translate,
    ;
    class_method("bytes", "fromhex", bytes_fromhex),
    class_method("bytearray", "fromhex", bytes_fromhex),
    static_method("bytes", "maketrans", bytes_maketrans),
    static_method("bytearray", "maketrans", bytes_maketrans),
    method("bytearray", "append", bytearray_append),
    method("bytearray", "extend", bytearray_extend),
    method("bytearray", "insert", bytearray_insert),
    method("bytearray", "pop", bytearray_pop),
    method("bytearray", "remove", bytearray_remove),
    method("bytearray", "reverse", bytearray_reverse),
    method("bytearray", "clear", bytearray_clear),
    method("bytearray", "copy", bytearray_copy),
    method("memoryview", "tobytes", memoryview_tobytes),
    method("memoryview", "tolist", memoryview_tolist),
    method("memoryview", "hex", memoryview_hex),
    method("memoryview", "release", memoryview_release),
    method("memoryview", "__enter__", memoryview_enter),
    method("memoryview", "__exit__", memoryview_exit),
];

/// The bytes of a bytes or bytearray method's object.
fn data(v: GcRef) -> Vec<u8> {
    buffer::buffer_data(v).ok().flatten().unwrap_or_default()
}

/// The bytes of a bytes-like argument; `TypeError` "a bytes-like object is required, not 'T'".
fn buffer_arg(space: &Space, v: GcRef) -> PyResult<Vec<u8>> {
    buffer::buffer_data(v)?
        .ok_or_else(|| type_error(space, format!("a bytes-like object is required, not '{}'", space.type_name(v))))
}

/// The name of a method's type for messages (`bytes` or `bytearray`).
fn kind_name(v: GcRef) -> &'static str {
    if buffer::is_bytearray(v) {
        "bytearray"
    } else {
        "bytes"
    }
}

// ----- constructors -----

/// The contents of `bytes(source, encoding, errors)` (also bytearray's), with CPython's errors.
fn initial_bytes(space: &'static Space, name: &str, args: &Args) -> PyResult<Vec<u8>> {
    let values =
        super::params::bind(space, name, &args.positional, &args.keywords, &["source", "encoding", "errors"], 0)?;
    let Some(source) = values[0] else {
        if values[1].is_some() || values[2].is_some() {
            let what = if values[1].is_some() { "encoding" } else { "errors" };
            return Err(type_error(space, format!("{what} without a string argument")));
        }
        return Ok(Vec::new());
    };
    if source.layout() == W_Str::layout() {
        let Some(_) = values[1] else {
            return Err(type_error(space, "string argument without an encoding".to_owned()));
        };
        let (encoding, errors) = super::str_methods::codec_args(space, name, &values[1..])?;
        return codec::encode(&unicode::chars(source), &encoding, &errors);
    }
    if values[1].is_some() || values[2].is_some() {
        let what = if values[1].is_some() { "encoding" } else { "errors" };
        return Err(type_error(space, format!("{what} without a string argument")));
    }
    if let Some(data) = buffer::buffer_data(source)? {
        return Ok(data);
    }
    if let Some(f) = objspace::lookup_user(source, "__bytes__") {
        let b = objspace::call_bound(f, source, &Args::default())?;
        if b.layout() != W_Bytes::layout() {
            let message = format!("__bytes__ returned non-bytes (type {})", space.type_name(b));
            return Err(type_error(space, message));
        }
        return Ok(crate::bytes::data(b));
    }
    if let Some(n) = bigint::to_ibig(source) {
        let n = i64::try_from(&n)
            .map_err(|_| space.new_exception(ExcKind::OverflowError, "cannot fit 'int' into an index-sized integer"))?;
        if n < 0 {
            return Err(value_error(space, "negative count"));
        }
        return Ok(vec![0; n as usize]);
    }
    if objspace::lookup_user(source, "__index__").is_some() {
        let n = int_arg(space, source)?;
        if n < 0 {
            return Err(value_error(space, "negative count"));
        }
        return Ok(vec![0; n as usize]);
    }
    if objspace::iter(source).is_err() {
        let message = format!("cannot convert '{}' object to {name}", space.type_name(source));
        return Err(type_error(space, message));
    }
    let range_error = if name == "bytes" { "bytes must be in range(0, 256)" } else { "byte must be in range(0, 256)" };
    bytes_like(space, source, range_error)
}

/// `bytes(...)`.
pub(super) fn new_bytes_obj(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    if let [only] = args.positional.as_slice() {
        if only.layout() == W_Bytes::layout() && args.keywords.is_empty() {
            return Ok(*only);
        }
    }
    Ok(new_bytes(&initial_bytes(space, "bytes", args)?))
}

/// `bytearray(...)`.
pub(super) fn new_bytearray_obj(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    Ok(buffer::new_bytearray(&initial_bytes(space, "bytearray", args)?))
}

/// `memoryview(obj)`.
pub(super) fn new_memoryview_obj(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let values = super::params::bind(space, "memoryview", &args.positional, &args.keywords, &["object"], 1)?;
    buffer::new_memoryview(values[0].unwrap_or(space.none))
}

// ----- conversions -----

fn bytes_decode(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (b, values) = bind_method(space, "decode", args, &["encoding", "errors"], 0)?;
    let (encoding, errors) = super::str_methods::codec_args(space, "decode", &values)?;
    Ok(unicode::from_chars(codec::decode(&data(b), &encoding, &errors)?))
}

/// `hex(sep, bytes_per_sep)` of some bytes.
fn hex_of(space: &'static Space, bytes: &[u8], sep: Option<GcRef>, per: Option<GcRef>) -> PyResult<GcRef> {
    let digits: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let sep = match sep {
        None => return Ok(new_str(&digits.concat())),
        Some(s) if s.layout() == W_Str::layout() => unicode::to_string_lossy(s),
        Some(s) if s.layout() == W_Bytes::layout() => String::from_utf8_lossy(&crate::bytes::data(s)).into_owned(),
        Some(s) => {
            return Err(type_error(space, format!("sep must be str or bytes, not {}", space.type_name(s))));
        }
    };
    if sep.chars().count() != 1 {
        return Err(value_error(space, "sep must be length 1."));
    }
    if !sep.is_ascii() {
        return Err(value_error(space, "sep must be ASCII."));
    }
    let per = match per {
        Some(p) => int_arg(space, p)?,
        None => 1,
    };
    if per == 0 || digits.is_empty() {
        return Ok(new_str(&digits.concat()));
    }
    let group = per.unsigned_abs() as usize;
    let chunks: Vec<String> = if per > 0 {
        // Groups counted from the right.
        let first = digits.len() % group;
        let mut out = Vec::new();
        if first > 0 {
            out.push(digits[..first].concat());
        }
        out.extend(digits[first..].chunks(group).map(|c| c.concat()));
        out
    } else {
        digits.chunks(group).map(|c| c.concat()).collect()
    };
    Ok(new_str(&chunks.join(&sep)))
}

fn bytes_hex(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (b, values) = bind_method(space, "hex", args, &["sep", "bytes_per_sep"], 0)?;
    hex_of(space, &data(b), values[0], values[1])
}

fn bytes_fromhex(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (cls, rest) = method_args(space, "fromhex", args, 1, 1)?;
    let text = match rest[0] {
        v if v.layout() == W_Str::layout() => unicode::chars(v),
        v => {
            return Err(type_error(space, format!("fromhex() argument must be str, not {}", space.type_name(v))));
        }
    };
    let mut out = Vec::new();
    let mut i = 0;
    let digit = |c: u32| char::from_u32(c).and_then(|c| c.to_digit(16));
    while i < text.len() {
        if text[i] == u32::from(b' ') || (9..=13).contains(&text[i]) {
            i += 1;
            continue;
        }
        let bad =
            |at: usize| value_error(space, &format!("non-hexadecimal number found in fromhex() arg at position {at}"));
        let hi = digit(text[i]).ok_or_else(|| bad(i))?;
        let lo = text.get(i + 1).and_then(|&c| digit(c)).ok_or_else(|| bad(i + 1))?;
        out.push((hi * 16 + lo) as u8);
        i += 2;
    }
    if cls == space.runtime_type("bytearray") {
        Ok(buffer::new_bytearray(&out))
    } else if cls == space.bytes_type {
        Ok(new_bytes(&out))
    } else {
        objspace::call(cls, &[new_bytes(&out)])
    }
}

// ----- searching -----

/// The needle of `find`/`count`/...: bytes-like or an int byte.
fn needle_arg(space: &'static Space, v: GcRef) -> PyResult<Vec<u8>> {
    if let Some(n) = bigint::to_ibig(v) {
        let b = u8::try_from(&n).map_err(|_| value_error(space, "byte must be in range(0, 256)"))?;
        return Ok(vec![b]);
    }
    buffer::buffer_data(v)?.ok_or_else(|| {
        type_error(space, format!("argument should be integer or bytes-like object, not '{}'", space.type_name(v)))
    })
}

/// The bytes, needle and adjusted bounds of `find`/`index`/`count`.
fn find_args(space: &'static Space, args: &Args, name: &str) -> PyResult<(Vec<u8>, Vec<u8>, usize, usize)> {
    let (b, rest) = tuple_args(space, name, args, 1, 3)?;
    let hay = data(b);
    let needle = needle_arg(space, rest[0])?;
    let (start, end) =
        adjust_indices(slice_bound(space, rest.get(1).copied())?, slice_bound(space, rest.get(2).copied())?, hay.len());
    Ok((hay, needle, start, end))
}

/// Where `needle` first (or last) occurs in `hay[start..end]`.
fn search(hay: &[u8], needle: &[u8], start: usize, end: usize, last: bool) -> Option<usize> {
    if start > end || end - start < needle.len() {
        return None;
    }
    let window = &hay[start..end];
    let hit = |i: &usize| window[*i..*i + needle.len()] == *needle;
    let mut positions = 0..=window.len() - needle.len();
    let found = if last { positions.rev().find(hit) } else { positions.find(hit) };
    found.map(|i| i + start)
}

fn find_in(space: &'static Space, args: &Args, name: &str, last: bool) -> PyResult<Option<usize>> {
    let (hay, needle, start, end) = find_args(space, args, name)?;
    Ok(search(&hay, &needle, start, end, last))
}

fn bytes_find(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    Ok(heap_int(find_in(space, args, "find", false)?.map_or(-1, |i| i as i64)))
}

fn bytes_rfind(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    Ok(heap_int(find_in(space, args, "rfind", true)?.map_or(-1, |i| i as i64)))
}

fn bytes_index(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    find_in(space, args, "index", false)?
        .map(|i| heap_int(i as i64))
        .ok_or_else(|| value_error(space, "subsection not found"))
}

fn bytes_rindex(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    find_in(space, args, "rindex", true)?
        .map(|i| heap_int(i as i64))
        .ok_or_else(|| value_error(space, "subsection not found"))
}

/// Non-overlapping occurrences of `needle` (not empty) in `hay`.
fn occurrences(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(at) = search(hay, needle, i, hay.len(), false) {
        found.push(at);
        i = at + needle.len();
    }
    found
}

fn bytes_count(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (hay, needle, start, end) = find_args(space, args, "count")?;
    let n = if start > end || end - start < needle.len() {
        0
    } else if needle.is_empty() {
        end - start + 1
    } else {
        occurrences(&hay[start..end], &needle).len()
    };
    Ok(heap_int(n as i64))
}

fn affix_match(space: &'static Space, args: &Args, name: &str, at_end: bool) -> PyResult<GcRef> {
    let (b, rest) = tuple_args(space, name, args, 1, 3)?;
    let hay = data(b);
    let (start, end) =
        adjust_indices(slice_bound(space, rest.get(1).copied())?, slice_bound(space, rest.get(2).copied())?, hay.len());
    let candidates: Vec<Vec<u8>> = if rest[0].layout() == W_Tuple::layout() {
        W_Tuple::items(rest[0]).into_iter().map(|p| buffer_arg(space, p)).collect::<PyResult<_>>()?
    } else {
        match buffer::buffer_data(rest[0])? {
            Some(d) => vec![d],
            None => {
                let message =
                    format!("{name} first arg must be bytes or a tuple of bytes, not {}", space.type_name(rest[0]));
                return Err(type_error(space, message));
            }
        }
    };
    let found = candidates.iter().any(|p| {
        if start > hay.len() || end < start || end - start < p.len() {
            return false;
        }
        let at = if at_end { end - p.len() } else { start };
        hay[at..at + p.len()] == p[..]
    });
    Ok(space.w_bool(found))
}

fn bytes_startswith(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    affix_match(space, args, "startswith", false)
}

fn bytes_endswith(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    affix_match(space, args, "endswith", true)
}

// ----- splitting and joining -----

fn bytes_join(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (sep, rest) = method_args(space, "join", args, 1, 1)?;
    let items = objspace::to_vec(rest[0])?;
    let sep_bytes = data(sep);
    let mut out = Vec::new();
    for (i, &item) in items.iter().enumerate() {
        let Some(part) = buffer::buffer_data(item)? else {
            let message = format!("sequence item {i}: expected a bytes-like object, {} found", space.type_name(item));
            return Err(type_error(space, message));
        };
        if i > 0 {
            out.extend_from_slice(&sep_bytes);
        }
        out.extend(part);
    }
    Ok(new_like(sep, &out))
}

/// Python's `bytes.isspace` for one byte.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// A list of new objects of `like`'s kind.
fn parts_list(like: GcRef, parts: &[&[u8]]) -> GcRef {
    let roots = metatrace_gc::RootSet::new();
    let items: Vec<GcRef> = parts.iter().map(|p| roots.add(new_like(like, p))).collect();
    list::new_list(&items)
}

fn split_args(space: &'static Space, name: &str, args: &Args) -> PyResult<(GcRef, Option<Vec<u8>>, usize)> {
    let (b, values) = bind_method(space, name, args, &["sep", "maxsplit"], 0)?;
    let sep = match values[0] {
        Some(v) if v != space.none => {
            let sep = buffer_arg(space, v)?;
            if sep.is_empty() {
                return Err(value_error(space, "empty separator"));
            }
            Some(sep)
        }
        _ => None,
    };
    let maxsplit = match values[1] {
        Some(v) => int_arg(space, v)?,
        None => -1,
    };
    Ok((b, sep, if maxsplit < 0 { usize::MAX } else { maxsplit as usize }))
}

fn bytes_split(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (b, sep, limit) = split_args(space, "split", args)?;
    let text = data(b);
    let mut parts: Vec<&[u8]> = Vec::new();
    match sep {
        Some(sep) => {
            let mut start = 0;
            while parts.len() < limit {
                match search(&text, &sep, start, text.len(), false) {
                    Some(at) => {
                        parts.push(&text[start..at]);
                        start = at + sep.len();
                    }
                    None => break,
                }
            }
            parts.push(&text[start..]);
        }
        None => {
            let mut i = 0;
            loop {
                while i < text.len() && is_space(text[i]) {
                    i += 1;
                }
                if i == text.len() {
                    break;
                }
                if parts.len() == limit {
                    parts.push(&text[i..]);
                    break;
                }
                let start = i;
                while i < text.len() && !is_space(text[i]) {
                    i += 1;
                }
                parts.push(&text[start..i]);
            }
        }
    }
    Ok(parts_list(b, &parts))
}

fn bytes_rsplit(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (b, sep, limit) = split_args(space, "rsplit", args)?;
    let text = data(b);
    let mut parts: Vec<&[u8]> = Vec::new();
    match sep {
        Some(sep) => {
            let mut end = text.len();
            while parts.len() < limit {
                match search(&text, &sep, 0, end, true) {
                    Some(at) => {
                        parts.push(&text[at + sep.len()..end]);
                        end = at;
                    }
                    None => break,
                }
            }
            parts.push(&text[..end]);
        }
        None => {
            let mut i = text.len();
            loop {
                while i > 0 && is_space(text[i - 1]) {
                    i -= 1;
                }
                if i == 0 {
                    break;
                }
                if parts.len() == limit {
                    parts.push(&text[..i]);
                    break;
                }
                let end = i;
                while i > 0 && !is_space(text[i - 1]) {
                    i -= 1;
                }
                parts.push(&text[i..end]);
            }
        }
    }
    parts.reverse();
    Ok(parts_list(b, &parts))
}

fn bytes_splitlines(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (b, values) = bind_method(space, "splitlines", args, &["keepends"], 0)?;
    let keepends = match values[0] {
        Some(v) => objspace::truthy(v)?,
        None => false,
    };
    let text = data(b);
    let mut parts: Vec<&[u8]> = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < text.len() {
        if text[i] == b'\n' || text[i] == b'\r' {
            let mut end = i + 1;
            if text[i] == b'\r' && text.get(i + 1) == Some(&b'\n') {
                end += 1;
            }
            parts.push(&text[start..if keepends { end } else { i }]);
            start = end;
            i = end;
        } else {
            i += 1;
        }
    }
    if start < text.len() {
        parts.push(&text[start..]);
    }
    Ok(parts_list(b, &parts))
}

fn partition_with(space: &'static Space, args: &Args, name: &str, last: bool) -> PyResult<GcRef> {
    let (b, rest) = method_args(space, name, args, 1, 1)?;
    let text = data(b);
    let sep = buffer_arg(space, rest[0])?;
    if sep.is_empty() {
        return Err(value_error(space, "empty separator"));
    }
    let roots = metatrace_gc::RootSet::new();
    let part = |d: &[u8]| roots.add(new_like(b, d));
    let items = match search(&text, &sep, 0, text.len(), last) {
        Some(at) => [part(&text[..at]), part(&sep), part(&text[at + sep.len()..])],
        None if last => [part(&[]), part(&[]), part(&text)],
        None => [part(&text), part(&[]), part(&[])],
    };
    Ok(W_Tuple::from_slice(&items))
}

fn bytes_partition(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    partition_with(space, args, "partition", false)
}

fn bytes_rpartition(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    partition_with(space, args, "rpartition", true)
}

fn strip_with(space: &'static Space, args: &Args, name: &str, left: bool, right: bool) -> PyResult<GcRef> {
    let (b, rest) = method_args(space, name, args, 0, 1)?;
    let chars = match rest.first() {
        Some(&v) if v != space.none => Some(buffer_arg(space, v)?),
        _ => None,
    };
    let matches = |c: u8| chars.as_ref().map_or(is_space(c), |cs| cs.contains(&c));
    let text = data(b);
    let (mut start, mut end) = (0, text.len());
    if left {
        while start < end && matches(text[start]) {
            start += 1;
        }
    }
    if right {
        while end > start && matches(text[end - 1]) {
            end -= 1;
        }
    }
    Ok(new_like(b, &text[start..end]))
}

fn bytes_strip(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    strip_with(space, args, "strip", true, true)
}

fn bytes_lstrip(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    strip_with(space, args, "lstrip", true, false)
}

fn bytes_rstrip(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    strip_with(space, args, "rstrip", false, true)
}

fn bytes_replace(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (b, rest) = method_args(space, "replace", args, 2, 3)?;
    let old = buffer_arg(space, rest[0])?;
    let new = buffer_arg(space, rest[1])?;
    let count = match rest.get(2) {
        Some(&c) => int_arg(space, c)?,
        None => -1,
    };
    let limit = if count < 0 { usize::MAX } else { count as usize };
    let text = data(b);
    let mut out = Vec::with_capacity(text.len());
    if old.is_empty() {
        let mut done = 0;
        for i in 0..=text.len() {
            if done < limit {
                out.extend(&new);
                done += 1;
            }
            if let Some(&c) = text.get(i) {
                out.push(c);
            }
        }
    } else {
        let mut start = 0;
        for at in occurrences(&text, &old).into_iter().take(limit) {
            out.extend(&text[start..at]);
            out.extend(&new);
            start = at + old.len();
        }
        out.extend(&text[start..]);
    }
    Ok(new_like(b, &out))
}

fn remove_affix(space: &'static Space, args: &Args, name: &str, suffix: bool) -> PyResult<GcRef> {
    let (b, rest) = method_args(space, name, args, 1, 1)?;
    let affix = buffer_arg(space, rest[0])?;
    let text = data(b);
    let out = if suffix && !affix.is_empty() && text.ends_with(&affix) {
        &text[..text.len() - affix.len()]
    } else if !suffix && text.starts_with(&affix) {
        &text[affix.len()..]
    } else {
        &text[..]
    };
    if out.len() == text.len() && b.layout() == W_Bytes::layout() {
        return Ok(b);
    }
    Ok(new_like(b, out))
}

fn bytes_removeprefix(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    remove_affix(space, args, "removeprefix", false)
}

fn bytes_removesuffix(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    remove_affix(space, args, "removesuffix", true)
}

// ----- case and classes (ASCII only) -----

fn bytes_map(space: &'static Space, args: &Args, name: &str, f: fn(&[u8]) -> Vec<u8>) -> PyResult<GcRef> {
    let (b, _) = method_args(
        space,
        &format!("{}.{name}", kind_name(args.positional.first().copied().unwrap_or(space.none))),
        args,
        0,
        0,
    )?;
    Ok(new_like(b, &f(&data(b))))
}

fn bytes_upper(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    bytes_map(space, args, "upper", |d| d.to_ascii_uppercase())
}

fn bytes_lower(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    bytes_map(space, args, "lower", |d| d.to_ascii_lowercase())
}

fn bytes_swapcase(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    bytes_map(space, args, "swapcase", |d| {
        d.iter()
            .map(|&c| if c.is_ascii_uppercase() { c.to_ascii_lowercase() } else { c.to_ascii_uppercase() })
            .collect()
    })
}

fn bytes_title(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    bytes_map(space, args, "title", |d| {
        let mut previous_cased = false;
        d.iter()
            .map(|&c| {
                let out = if previous_cased { c.to_ascii_lowercase() } else { c.to_ascii_uppercase() };
                previous_cased = c.is_ascii_alphabetic();
                out
            })
            .collect()
    })
}

fn bytes_capitalize(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    bytes_map(space, args, "capitalize", |d| {
        d.iter()
            .enumerate()
            .map(|(i, &c)| if i == 0 { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() })
            .collect()
    })
}

fn bytes_test(space: &'static Space, args: &Args, name: &str, test: fn(&[u8]) -> bool) -> PyResult<GcRef> {
    let (b, _) = method_args(
        space,
        &format!("{}.{name}", kind_name(args.positional.first().copied().unwrap_or(space.none))),
        args,
        0,
        0,
    )?;
    Ok(space.w_bool(test(&data(b))))
}

fn bytes_isalnum(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    bytes_test(space, args, "isalnum", |d| !d.is_empty() && d.iter().all(u8::is_ascii_alphanumeric))
}

fn bytes_isalpha(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    bytes_test(space, args, "isalpha", |d| !d.is_empty() && d.iter().all(u8::is_ascii_alphabetic))
}

fn bytes_isascii(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    bytes_test(space, args, "isascii", |d| d.is_ascii())
}

fn bytes_isdigit(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    bytes_test(space, args, "isdigit", |d| !d.is_empty() && d.iter().all(u8::is_ascii_digit))
}

fn bytes_isspace(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    bytes_test(space, args, "isspace", |d| !d.is_empty() && d.iter().all(|&c| is_space(c)))
}

fn bytes_islower(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    bytes_test(space, args, "islower", |d| {
        d.iter().any(u8::is_ascii_lowercase) && !d.iter().any(u8::is_ascii_uppercase)
    })
}

fn bytes_isupper(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    bytes_test(space, args, "isupper", |d| {
        d.iter().any(u8::is_ascii_uppercase) && !d.iter().any(u8::is_ascii_lowercase)
    })
}

fn bytes_istitle(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    bytes_test(space, args, "istitle", |d| {
        let (mut cased, mut previous_cased) = (false, false);
        for &c in d {
            if c.is_ascii_uppercase() {
                if previous_cased {
                    return false;
                }
                previous_cased = true;
                cased = true;
            } else if c.is_ascii_lowercase() {
                if !previous_cased {
                    return false;
                }
                previous_cased = true;
                cased = true;
            } else {
                previous_cased = false;
            }
        }
        cased
    })
}

// ----- padding -----

fn bytes_justify(space: &'static Space, args: &Args, name: &str, align: char) -> PyResult<GcRef> {
    let (b, rest) = method_args(space, name, args, 1, 2)?;
    let width = int_arg(space, rest[0])?.max(0) as usize;
    let fill = match rest.get(1) {
        Some(&f) => match buffer::buffer_data(f)?.as_deref() {
            Some([c]) => *c,
            _ => {
                let message =
                    format!("{name}() argument 2 must be a byte string of length 1, not {}", space.type_name(f));
                return Err(type_error(space, message));
            }
        },
        None => b' ',
    };
    let text = data(b);
    if text.len() >= width {
        return Ok(if b.layout() == W_Bytes::layout() { b } else { new_like(b, &text) });
    }
    let gap = width - text.len();
    let (left, right) = match align {
        '<' => (0, gap),
        '>' => (gap, 0),
        _ => {
            let left = gap / 2 + (gap & width & 1);
            (left, gap - left)
        }
    };
    let mut out = vec![fill; left];
    out.extend(&text);
    out.extend(std::iter::repeat_n(fill, right));
    Ok(new_like(b, &out))
}

fn bytes_center(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    bytes_justify(space, args, "center", '^')
}

fn bytes_ljust(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    bytes_justify(space, args, "ljust", '<')
}

fn bytes_rjust(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    bytes_justify(space, args, "rjust", '>')
}

fn bytes_zfill(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (b, rest) = method_args(space, "zfill", args, 1, 1)?;
    let width = int_arg(space, rest[0])?.max(0) as usize;
    let text = data(b);
    if text.len() >= width {
        return Ok(new_like(b, &text));
    }
    let mut out = vec![b'0'; width - text.len()];
    out.extend(&text);
    if matches!(text.first(), Some(b'+' | b'-')) {
        out[0] = text[0];
        out[width - text.len()] = b'0';
    }
    Ok(new_like(b, &out))
}

fn bytes_expandtabs(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (b, values) = bind_method(space, "expandtabs", args, &["tabsize"], 0)?;
    let tabsize = match values[0] {
        Some(v) => int_arg(space, v)?,
        None => 8,
    };
    let mut out = Vec::new();
    let mut column: i64 = 0;
    for c in data(b) {
        if c == b'\t' {
            if tabsize > 0 {
                let spaces = tabsize - column % tabsize;
                out.extend(std::iter::repeat_n(b' ', spaces as usize));
                column += spaces;
            }
        } else {
            out.push(c);
            column += 1;
            if c == b'\n' || c == b'\r' {
                column = 0;
            }
        }
    }
    Ok(new_like(b, &out))
}

fn bytes_translate(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (b, values) = bind_method(space, "translate", args, &["table", "delete"], 1)?;
    let table = match values[0] {
        Some(t) if t == space.none => None,
        Some(t) => {
            let table = buffer_arg(space, t)?;
            if table.len() != 256 {
                return Err(value_error(space, "translation table must be 256 characters long"));
            }
            Some(table)
        }
        None => None,
    };
    let delete = match values[1] {
        Some(d) => buffer_arg(space, d)?,
        None => Vec::new(),
    };
    let out: Vec<u8> = data(b)
        .into_iter()
        .filter(|c| !delete.contains(c))
        .map(|c| table.as_ref().map_or(c, |t| t[usize::from(c)]))
        .collect();
    Ok(new_like(b, &out))
}

fn bytes_maketrans(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [from, to] = expect(space, "maketrans", args, 2, 2)? else { unreachable!("two arguments checked") };
    let (from, to) = (buffer_arg(space, *from)?, buffer_arg(space, *to)?);
    if from.len() != to.len() {
        return Err(value_error(space, "maketrans arguments must have same length"));
    }
    let mut table: Vec<u8> = (0..=255u8).collect();
    for (&a, &b) in from.iter().zip(&to) {
        table[usize::from(a)] = b;
    }
    Ok(new_bytes(&table))
}

// ----- bytearray mutation -----

fn byte_arg(space: &'static Space, v: GcRef) -> PyResult<u8> {
    let n = int_arg(space, v)?;
    u8::try_from(n).map_err(|_| value_error(space, "byte must be in range(0, 256)"))
}

fn bytearray_append(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (b, rest) = method_args(space, "bytearray.append", args, 1, 1)?;
    let mut d = buffer::bytearray_data(b);
    d.push(byte_arg(space, rest[0])?);
    buffer::set_bytearray_data(b, &d);
    Ok(space.none)
}

fn bytearray_extend(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (b, rest) = method_args(space, "bytearray.extend", args, 1, 1)?;
    if rest[0].layout() == W_Str::layout() {
        return Err(type_error(space, "'str' object cannot be interpreted as an integer".to_owned()));
    }
    let extra = bytes_like(space, rest[0], "byte must be in range(0, 256)")?;
    let mut d = buffer::bytearray_data(b);
    d.extend(extra);
    buffer::set_bytearray_data(b, &d);
    Ok(space.none)
}

fn bytearray_insert(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (b, rest) = method_args(space, "insert", args, 2, 2)?;
    let mut d = buffer::bytearray_data(b);
    let n = d.len() as i64;
    let i = int_arg(space, rest[0])?;
    let i = if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
    d.insert(i, byte_arg(space, rest[1])?);
    buffer::set_bytearray_data(b, &d);
    Ok(space.none)
}

fn bytearray_pop(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (b, rest) = method_args(space, "pop", args, 0, 1)?;
    let mut d = buffer::bytearray_data(b);
    if d.is_empty() {
        return Err(space.new_exception(ExcKind::IndexError, "pop from empty bytearray"));
    }
    let n = d.len() as i64;
    let i = match rest.first() {
        Some(&v) => int_arg(space, v)?,
        None => -1,
    };
    let i = if i < 0 { i + n } else { i };
    if !(0..n).contains(&i) {
        return Err(space.new_exception(ExcKind::IndexError, "pop index out of range"));
    }
    let v = d.remove(i as usize);
    buffer::set_bytearray_data(b, &d);
    Ok(heap_int(i64::from(v)))
}

fn bytearray_remove(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (b, rest) = method_args(space, "bytearray.remove", args, 1, 1)?;
    let v = byte_arg(space, rest[0])?;
    let mut d = buffer::bytearray_data(b);
    let i = d.iter().position(|&c| c == v).ok_or_else(|| value_error(space, "value not found in bytearray"))?;
    d.remove(i);
    buffer::set_bytearray_data(b, &d);
    Ok(space.none)
}

fn bytearray_reverse(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (b, _) = method_args(space, "bytearray.reverse", args, 0, 0)?;
    let mut d = buffer::bytearray_data(b);
    d.reverse();
    buffer::set_bytearray_data(b, &d);
    Ok(space.none)
}

fn bytearray_clear(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (b, _) = method_args(space, "bytearray.clear", args, 0, 0)?;
    buffer::set_bytearray_data(b, &[]);
    Ok(space.none)
}

fn bytearray_copy(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (b, _) = method_args(space, "bytearray.copy", args, 0, 0)?;
    Ok(buffer::new_bytearray(&buffer::bytearray_data(b)))
}

// ----- memoryview -----

fn memoryview_tobytes(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (v, _) = bind_method(space, "tobytes", args, &["order"], 0)?;
    Ok(new_bytes(&buffer::view_data(v)?))
}

fn memoryview_tolist(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (v, _) = method_args(space, "memoryview.tolist", args, 0, 0)?;
    let roots = metatrace_gc::RootSet::new();
    let items: Vec<GcRef> = buffer::view_data(v)?.into_iter().map(|b| roots.add(heap_int(i64::from(b)))).collect();
    Ok(list::new_list(&items))
}

fn memoryview_hex(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (v, values) = bind_method(space, "hex", args, &["sep", "bytes_per_sep"], 0)?;
    hex_of(space, &buffer::view_data(v)?, values[0], values[1])
}

fn memoryview_release(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (v, _) = method_args(space, "memoryview.release", args, 0, 0)?;
    buffer::release(v);
    Ok(space.none)
}

fn memoryview_enter(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (v, _) = method_args(space, "memoryview.__enter__", args, 0, 0)?;
    buffer::view_data(v)?;
    Ok(v)
}

fn memoryview_exit(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (v, _) = method_args(space, "__exit__", args, 0, usize::MAX)?;
    buffer::release(v);
    Ok(space.none)
}

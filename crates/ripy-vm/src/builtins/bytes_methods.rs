//! The constructors and methods of `bytes`, `bytearray` and `memoryview`. The methods common to
//! bytes and bytearray are one function each, working on the bytes and answering with the kind
//! of the object (`bytearray.upper()` is a bytearray).

use super::number_methods::bytes_like;
use super::params::{adjust_indices, bind_method, slice_bound, tuple_args};
use super::text_algorithms;
use super::*;
use crate::buffer::{self, new_like};
use crate::bytes::{new_bytes, W_Bytes};
use crate::codec;

/// The methods of both bytes and bytearray, then those of bytearray and memoryview alone.
macro_rules! defs {
    ($($name:literal => $f:expr,)*; $($extra:expr,)*) => {
        &[$(method("bytes", $name, $f), method("bytearray", $name, $f),)* $($extra,)*]
    };
}

/// The builtins defined here.
pub(super) static DEFS: &[BuiltinDef] = defs![
    "decode" => bytes_decode,
    "hex" => bytes_hex,
    "count" => bytes_count,
    "find" => |space, args| text_algorithms::search_answer(space, find_in(space, args, "find", false)?, None),
    "rfind" => |space, args| text_algorithms::search_answer(space, find_in(space, args, "rfind", true)?, None),
    "index" => |space, args| text_algorithms::search_answer(space, find_in(space, args, "index", false)?, Some("subsection not found")),
    "rindex" => |space, args| text_algorithms::search_answer(space, find_in(space, args, "rindex", true)?, Some("subsection not found")),
    "startswith" => |space, args| affix_match(space, args, "startswith", false),
    "endswith" => |space, args| affix_match(space, args, "endswith", true),
    "join" => bytes_join,
    "split" => |space, args| split_with(space, args, "split", false),
    "rsplit" => |space, args| split_with(space, args, "rsplit", true),
    "splitlines" => bytes_splitlines,
    "partition" => |space, args| partition_with(space, args, "partition", false),
    "rpartition" => |space, args| partition_with(space, args, "rpartition", true),
    "strip" => |space, args| strip_with(space, args, "strip", true, true),
    "lstrip" => |space, args| strip_with(space, args, "lstrip", true, false),
    "rstrip" => |space, args| strip_with(space, args, "rstrip", false, true),
    "replace" => bytes_replace,
    "removeprefix" => |space, args| remove_affix(space, args, "removeprefix", false),
    "removesuffix" => |space, args| remove_affix(space, args, "removesuffix", true),
    "upper" => |space, args| bytes_map(space, args, "upper", |d| d.to_ascii_uppercase()),
    "lower" => |space, args| bytes_map(space, args, "lower", |d| d.to_ascii_lowercase()),
    "swapcase" => bytes_swapcase,
    "title" => bytes_title,
    "capitalize" => bytes_capitalize,
    "isalnum" => |space, args| bytes_test(space, args, "isalnum", |d| !d.is_empty() && d.iter().all(u8::is_ascii_alphanumeric)),
    "isalpha" => |space, args| bytes_test(space, args, "isalpha", |d| !d.is_empty() && d.iter().all(u8::is_ascii_alphabetic)),
    "isascii" => |space, args| bytes_test(space, args, "isascii", |d| d.is_ascii()),
    "isdigit" => |space, args| bytes_test(space, args, "isdigit", |d| !d.is_empty() && d.iter().all(u8::is_ascii_digit)),
    "islower" => bytes_islower,
    "isupper" => bytes_isupper,
    "isspace" => |space, args| bytes_test(space, args, "isspace", |d| !d.is_empty() && d.iter().all(|&c| is_space(c))),
    "istitle" => bytes_istitle,
    "center" => |space, args| bytes_justify(space, args, "center", '^'),
    "ljust" => |space, args| bytes_justify(space, args, "ljust", '<'),
    "rjust" => |space, args| bytes_justify(space, args, "rjust", '>'),
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
    method("bytearray", "__alloc__", bytearray_alloc),
    method("bytearray", "__reduce__", |space, args| bytearray_reduce(space, args, "__reduce__")),
    method("bytearray", "__reduce_ex__", |space, args| bytearray_reduce(space, args, "__reduce_ex__")),
    method("bytes", "__bytes__", bytes_bytes),
    method("bytes", "__getnewargs__", bytes_getnewargs),
    method("memoryview", "tobytes", memoryview_tobytes),
    method("memoryview", "tolist", memoryview_tolist),
    method("memoryview", "cast", memoryview_cast),
    method("memoryview", "hex", memoryview_hex),
    method("memoryview", "release", memoryview_release),
    method("memoryview", "toreadonly", memoryview_toreadonly),
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

/// What `bytes(...)` or `bytearray(...)` starts from.
enum Initial {
    /// The contents.
    Data(Vec<u8>),
    /// What the source's `__bytes__` returned (a bytes or an instance of a subclass), which
    /// `bytes(source)` returns as it is.
    Object(GcRef),
}

impl Initial {
    /// The contents.
    fn into_data(self) -> Vec<u8> {
        match self {
            Initial::Data(data) => data,
            Initial::Object(b) => crate::bytes::data(crate::subclass::unwrap(b)),
        }
    }
}

/// What `bytes(source, encoding, errors)` (also bytearray's) starts from, with CPython's errors.
fn initial_bytes(space: &'static Space, name: &str, args: &Args) -> PyResult<Initial> {
    let values =
        super::params::bind(space, name, &args.positional, &args.keywords, &["source", "encoding", "errors"], 0)?;
    let Some(source) = values[0] else {
        if values[1].is_some() || values[2].is_some() {
            let what = if values[1].is_some() { "encoding" } else { "errors" };
            return Err(type_error(space, format!("{what} without a string argument")));
        }
        return Ok(Initial::Data(Vec::new()));
    };
    // As CPython's `bytes_new` (and `bytearray_init`, which has no `__bytes__` step): a str
    // (or str subclass) with an encoding, then `__bytes__`, before buffers and iterables.
    let text = crate::subclass::unwrap(source);
    let is_str = text.layout() == W_Str::layout();
    if values[1].is_some() {
        if !is_str {
            return Err(type_error(space, "encoding without a string argument".to_owned()));
        }
        let (encoding, errors) = super::str_methods::codec_args(space, name, &values[1..])?;
        return codec::encode(&unicode::chars(text), &encoding, &errors).map(Initial::Data);
    }
    if values[2].is_some() && !is_str {
        return Err(type_error(space, "errors without a string argument".to_owned()));
    }
    if let Some(f) = objspace::lookup_user(source, "__bytes__").filter(|_| name == "bytes" && values[2].is_none()) {
        let b = objspace::call_bound(f, source, &Args::default())?;
        if crate::subclass::unwrap(b).layout() != W_Bytes::layout() {
            let message = format!("__bytes__ returned non-bytes (type {})", space.type_name(b));
            return Err(type_error(space, message));
        }
        return Ok(Initial::Object(b));
    }
    if is_str {
        return Err(type_error(space, "string argument without an encoding".to_owned()));
    }
    if let Some(data) = buffer::buffer_data(source)? {
        return Ok(Initial::Data(data));
    }
    if let Some(n) = bigint::to_ibig(source) {
        let n = i64::try_from(&n)
            .map_err(|_| space.new_exception(ExcKind::OverflowError, "cannot fit 'int' into an index-sized integer"))?;
        if n < 0 {
            return Err(value_error(space, "negative count"));
        }
        return Ok(Initial::Data(vec![0; n as usize]));
    }
    if objspace::lookup_user(source, "__index__").is_some() {
        let n = int_arg(space, source)?;
        if n < 0 {
            return Err(value_error(space, "negative count"));
        }
        return Ok(Initial::Data(vec![0; n as usize]));
    }
    let items = if source.layout() == crate::list::W_List::layout() {
        source
    } else {
        objspace::iter(source).map_err(|e| {
            if crate::exceptions::is_instance_of(space, e, ExcKind::TypeError) {
                type_error(space, format!("cannot convert '{}' object to {name}", space.type_name(source)))
            } else {
                e
            }
        })?
    };
    let range_error = if name == "bytes" { "bytes must be in range(0, 256)" } else { "byte must be in range(0, 256)" };
    bytes_like(space, items, range_error).map(Initial::Data)
}

/// `bytes(...)`.
pub(super) fn new_bytes_obj(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    if let [only] = args.positional.as_slice() {
        if only.layout() == W_Bytes::layout() && args.keywords.is_empty() {
            return Ok(*only);
        }
    }
    Ok(match initial_bytes(space, "bytes", args)? {
        Initial::Data(data) => new_bytes(&data),
        Initial::Object(b) => b,
    })
}

/// `bytearray(...)`.
pub(super) fn new_bytearray_obj(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    Ok(buffer::new_bytearray(&initial_bytes(space, "bytearray", args)?.into_data()))
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

fn find_in(space: &'static Space, args: &Args, name: &str, last: bool) -> PyResult<Option<usize>> {
    let (hay, needle, start, end) = find_args(space, args, name)?;
    Ok(text_algorithms::search(&hay, &needle, start, end, last))
}

fn bytes_count(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (hay, needle, start, end) = find_args(space, args, "count")?;
    let n = if start > end { 0 } else { text_algorithms::count(&hay[start..end], &needle) };
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
    let found = candidates.iter().any(|p| text_algorithms::has_affix(&hay, p, start, end, at_end));
    Ok(space.w_bool(found))
}

// ----- splitting and joining -----

fn bytes_join(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (sep, rest) = method_args(space, "join", args, 1, 1)?;
    let items = objspace::to_vec(rest[0])?;
    let sep_bytes = data(sep);
    let mut out = Vec::new();
    for (i, &item) in items.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(&sep_bytes);
        }
        if item.layout() == W_Bytes::layout() {
            crate::bytes::append_data(&mut out, item);
            continue;
        }
        let Some(part) = buffer::buffer_data(item)? else {
            let message = format!("sequence item {i}: expected a bytes-like object, {} found", space.type_name(item));
            return Err(type_error(space, message));
        };
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
    let mut items = gc::RootedVec::with_capacity(parts.len());
    for p in parts {
        items.push(new_like(like, p));
    }
    list::new_list(&items)
}

fn split_with(space: &'static Space, args: &Args, name: &str, from_right: bool) -> PyResult<GcRef> {
    let (b, sep, limit) = text_algorithms::split_params(space, name, args, |v| buffer_arg(space, v))?;
    Ok(parts_list(b, &text_algorithms::split(&data(b), sep.as_deref(), is_space, limit, from_right)))
}

fn bytes_splitlines(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (b, values) = bind_method(space, "splitlines", args, &["keepends"], 0)?;
    let keepends = match values[0] {
        Some(v) => objspace::truthy(v)?,
        None => false,
    };
    Ok(parts_list(b, &text_algorithms::split_lines(&data(b), keepends, |c| c == b'\n' || c == b'\r')))
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
    let items = match text_algorithms::search(&text, &sep, 0, text.len(), last) {
        Some(at) => [part(&text[..at]), part(&sep), part(&text[at + sep.len()..])],
        None if last => [part(&[]), part(&[]), part(&text)],
        None => [part(&text), part(&[]), part(&[])],
    };
    Ok(W_Tuple::from_slice(&items))
}

fn strip_with(space: &'static Space, args: &Args, name: &str, left: bool, right: bool) -> PyResult<GcRef> {
    let (b, rest) = method_args(space, name, args, 0, 1)?;
    let chars = match rest.first() {
        Some(&v) if v != space.none => Some(buffer_arg(space, v)?),
        _ => None,
    };
    let strip_unit = |c: u8| chars.as_ref().map_or(is_space(c), |cs| cs.contains(&c));
    let text = data(b);
    let out = text_algorithms::strip(&text, strip_unit, left, right);
    if out.len() == text.len() && b.layout() == W_Bytes::layout() {
        // Nothing stripped: a bytes object is its own result, as in CPython.
        return Ok(b);
    }
    Ok(new_like(b, out))
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
    Ok(new_like(b, &text_algorithms::replace(&data(b), &old, &new, limit)))
}

fn remove_affix(space: &'static Space, args: &Args, name: &str, suffix: bool) -> PyResult<GcRef> {
    let (b, rest) = method_args(space, name, args, 1, 1)?;
    let affix = buffer_arg(space, rest[0])?;
    let text = data(b);
    let out = text_algorithms::without_affix(&text, &affix, suffix);
    if out.len() == text.len() && b.layout() == W_Bytes::layout() {
        return Ok(b);
    }
    Ok(new_like(b, out))
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
    match text_algorithms::justify(&text, width, fill, align) {
        Some(out) => Ok(new_like(b, &out)),
        None if b.layout() == W_Bytes::layout() => Ok(b),
        None => Ok(new_like(b, &text)),
    }
}

fn bytes_zfill(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (b, rest) = method_args(space, "zfill", args, 1, 1)?;
    let width = int_arg(space, rest[0])?.max(0) as usize;
    let text = data(b);
    Ok(new_like(b, &text_algorithms::zero_fill(&text, width).unwrap_or(text)))
}

fn bytes_expandtabs(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (b, values) = bind_method(space, "expandtabs", args, &["tabsize"], 0)?;
    let tabsize = match values[0] {
        Some(v) => int_arg(space, v)?,
        None => 8,
    };
    Ok(new_like(b, &text_algorithms::expand_tabs(&data(b), tabsize)))
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
    let byte = byte_arg(space, rest[0])?;
    let n = buffer::bytearray_len(b);
    buffer::splice_bytearray(b, n, n, &[byte]);
    Ok(space.none)
}

fn bytearray_extend(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (b, rest) = method_args(space, "bytearray.extend", args, 1, 1)?;
    if rest[0].layout() == W_Str::layout() {
        return Err(type_error(space, "'str' object cannot be interpreted as an integer".to_owned()));
    }
    let extra = bytes_like(space, rest[0], "byte must be in range(0, 256)")?;
    let n = buffer::bytearray_len(b);
    buffer::splice_bytearray(b, n, n, &extra);
    Ok(space.none)
}

fn bytearray_insert(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (b, rest) = method_args(space, "insert", args, 2, 2)?;
    let i = int_arg(space, rest[0])?;
    let byte = byte_arg(space, rest[1])?;
    let n = buffer::bytearray_len(b) as i64;
    let i = if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
    buffer::splice_bytearray(b, i, i, &[byte]);
    Ok(space.none)
}

fn bytearray_pop(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (b, rest) = method_args(space, "pop", args, 0, 1)?;
    let i = match rest.first() {
        Some(&v) => int_arg(space, v)?,
        None => -1,
    };
    let n = buffer::bytearray_len(b) as i64;
    if n == 0 {
        return Err(space.new_exception(ExcKind::IndexError, "pop from empty bytearray"));
    }
    let i = if i < 0 { i + n } else { i };
    if !(0..n).contains(&i) {
        return Err(space.new_exception(ExcKind::IndexError, "pop index out of range"));
    }
    let v = buffer::bytearray_byte(b, i as usize);
    buffer::splice_bytearray(b, i as usize, i as usize + 1, &[]);
    Ok(heap_int(i64::from(v)))
}

fn bytearray_remove(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (b, rest) = method_args(space, "bytearray.remove", args, 1, 1)?;
    let v = byte_arg(space, rest[0])?;
    let d = buffer::bytearray_data(b);
    let i = d.iter().position(|&c| c == v).ok_or_else(|| value_error(space, "value not found in bytearray"))?;
    buffer::splice_bytearray(b, i, i + 1, &[]);
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

/// `bytearray.__alloc__()`: the bytes allocated for the contents.
fn bytearray_alloc(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (b, _) = method_args(space, "bytearray.__alloc__", args, 0, 0)?;
    Ok(heap_int(buffer::bytearray_allocated(b) as i64))
}

/// `bytearray.__reduce__()` and `bytearray.__reduce_ex__(protocol)` (CPython's
/// `_common_reduce`): `(type, args, state)` where the arguments rebuild the contents (a latin-1
/// str and its encoding before protocol 3, as Python 2 pickles them) and the state is
/// `__getstate__()`. The receiver is the instance itself (see `crate::subclass::call_method`).
fn bytearray_reduce(space: &'static Space, args: &Args, name: &str) -> PyResult<GcRef> {
    let max = if name == "__reduce_ex__" { 1 } else { 0 };
    let (b, rest) = method_args(space, name, args, 0, max)?;
    let protocol = match rest.first() {
        Some(&p) => int_arg(space, p)?,
        None => 2,
    };
    let state = objspace::call(objspace::getattr(b, space.intern("__getstate__"))?, &[])?;
    let contents = data(crate::subclass::unwrap(b));
    let new_args = if contents.is_empty() {
        W_Tuple::from_slice(&[])
    } else if protocol < 3 {
        let latin1 = unicode::from_chars(contents.iter().map(|&c| u32::from(c)));
        W_Tuple::from_slice(&[latin1, unicode::new_str("latin-1")])
    } else {
        W_Tuple::from_slice(&[new_bytes(&contents)])
    };
    Ok(W_Tuple::from_slice(&[space.type_of(b), new_args, state]))
}

/// `bytes.__bytes__()`: the value as an exact bytes object.
fn bytes_bytes(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (b, _) = method_args(space, "__bytes__", args, 0, 0)?;
    Ok(if b.layout() == W_Bytes::layout() { b } else { new_bytes(&data(b)) })
}

/// `bytes.__getnewargs__()`: a 1-tuple of the value as an exact bytes object.
fn bytes_getnewargs(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (b, _) = method_args(space, "__getnewargs__", args, 0, 0)?;
    Ok(W_Tuple::from_slice(&[new_bytes(&data(b))]))
}

// ----- memoryview -----

fn memoryview_tobytes(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (v, _) = bind_method(space, "tobytes", args, &["order"], 0)?;
    Ok(new_bytes(&buffer::view_data(v)?))
}

fn memoryview_tolist(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (v, _) = method_args(space, "memoryview.tolist", args, 0, 0)?;
    Ok(list::new_list(&buffer::view_items(v)?))
}

fn memoryview_cast(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (v, values) = bind_method(space, "cast", args, &["format", "shape"], 1)?;
    let format = values[0].unwrap_or(space.none);
    if format.layout() != W_Str::layout() {
        let message = format!("cast() argument 'format' must be str, not {}", space.type_name(format));
        return Err(type_error(space, message));
    }
    if values[1].is_some() {
        return Err(space.new_exception(ExcKind::NotImplementedError, "memoryview: cast with a shape"));
    }
    buffer::cast(v, &unicode::to_string_lossy(format))
}

fn memoryview_hex(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (v, values) = bind_method(space, "hex", args, &["sep", "bytes_per_sep"], 0)?;
    hex_of(space, &buffer::view_data(v)?, values[0], values[1])
}

fn memoryview_toreadonly(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (v, _) = method_args(space, "memoryview.toreadonly", args, 0, 0)?;
    buffer::to_readonly(v)
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

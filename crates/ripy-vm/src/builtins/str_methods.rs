//! The methods of `str`: every method of CPython 3.11's `str`, working on code points (so lone
//! surrogates survive), with CPython's argument handling and error messages.

use super::params::{adjust_indices, bind, bind_method, slice_bound, tuple_args};
use super::text_algorithms;
use super::*;
use crate::codec;

/// The builtins defined here.
pub(super) static DEFS: &[BuiltinDef] = &[
    method("str", "join", str_join),
    method("str", "split", |space, args| split_with(space, args, "split", false)),
    method("str", "rsplit", |space, args| split_with(space, args, "rsplit", true)),
    method("str", "strip", |space, args| strip_with(space, args, "strip", true, true)),
    method("str", "lstrip", |space, args| strip_with(space, args, "lstrip", true, false)),
    method("str", "rstrip", |space, args| strip_with(space, args, "rstrip", false, true)),
    method("str", "upper", |space, args| {
        str_map(space, args, "upper", |t, i, out| unicode::push_upper(t[i], out), |t, i| t[i].to_ascii_uppercase())
    }),
    method("str", "lower", |space, args| {
        str_map(space, args, "lower", unicode::push_lower, |t, i| t[i].to_ascii_lowercase())
    }),
    method("str", "casefold", |space, args| {
        str_map(
            space,
            args,
            "casefold",
            |t, i, out| unicode::push_casefold(t[i], out),
            |t, i| t[i].to_ascii_lowercase(),
        )
    }),
    method("str", "swapcase", str_swapcase),
    method("str", "title", str_title),
    method("str", "capitalize", str_capitalize),
    method("str", "__getnewargs__", str_getnewargs),
    method("str", "replace", str_replace),
    method("str", "startswith", |space, args| affix_match(space, args, "startswith", false)),
    method("str", "endswith", |space, args| affix_match(space, args, "endswith", true)),
    method("str", "find", |space, args| {
        text_algorithms::search_answer(space, find_in(space, args, "find", false)?, None)
    }),
    method("str", "rfind", |space, args| {
        text_algorithms::search_answer(space, find_in(space, args, "rfind", true)?, None)
    }),
    method("str", "index", |space, args| {
        text_algorithms::search_answer(space, find_in(space, args, "index", false)?, Some("substring not found"))
    }),
    method("str", "rindex", |space, args| {
        text_algorithms::search_answer(space, find_in(space, args, "rindex", true)?, Some("substring not found"))
    }),
    method("str", "count", str_count),
    method("str", "format", str_format),
    method("str", "format_map", str_format_map),
    method("str", "isdigit", |space, args| str_test(space, args, "isdigit", unicode::is_digit)),
    method("str", "isdecimal", |space, args| {
        str_test(space, args, "isdecimal", |c| unicode::decimal_value(c).is_some())
    }),
    method("str", "isnumeric", |space, args| str_test(space, args, "isnumeric", unicode::is_numeric)),
    method("str", "isalpha", |space, args| str_test(space, args, "isalpha", unicode::is_alpha)),
    method("str", "isalnum", |space, args| str_test(space, args, "isalnum", unicode::is_alnum)),
    method("str", "isspace", |space, args| str_test(space, args, "isspace", unicode::is_space_cp)),
    method("str", "isupper", |space, args| str_cased(space, args, "isupper", true)),
    method("str", "islower", |space, args| str_cased(space, args, "islower", false)),
    method("str", "istitle", str_istitle),
    method("str", "isascii", str_isascii),
    method("str", "isidentifier", str_isidentifier),
    method("str", "isprintable", str_isprintable),
    method("str", "center", |space, args| str_justify(space, args, "center", '^')),
    method("str", "ljust", |space, args| str_justify(space, args, "ljust", '<')),
    method("str", "rjust", |space, args| str_justify(space, args, "rjust", '>')),
    method("str", "zfill", str_zfill),
    method("str", "expandtabs", str_expandtabs),
    method("str", "splitlines", str_splitlines),
    method("str", "partition", |space, args| partition_with(space, args, "partition", false)),
    method("str", "rpartition", |space, args| partition_with(space, args, "rpartition", true)),
    method("str", "removeprefix", |space, args| remove_affix(space, args, "removeprefix", false)),
    method("str", "removesuffix", |space, args| remove_affix(space, args, "removesuffix", true)),
    method("str", "translate", str_translate),
    static_method("str", "maketrans", str_maketrans),
    method("str", "encode", str_encode),
];

/// The code points of a str method's object.
fn cps(v: GcRef) -> Vec<u32> {
    unicode::chars(v)
}

/// A new str of code points.
fn from_cps(cps: &[u32]) -> GcRef {
    unicode::from_chars(cps.iter().copied())
}

/// A new str of ASCII bytes.
fn from_ascii(bytes: &[u8]) -> GcRef {
    unicode::from_wtf8_counted(bytes, bytes.len())
}

/// The str value of a str argument (an exact str, or a str subclass instance's value);
/// `TypeError` "`{what} must be str, not T`" otherwise.
fn str_value(space: &Space, v: GcRef, what: &str) -> PyResult<GcRef> {
    let v = crate::subclass::unwrap(v);
    if v.layout() == W_Str::layout() {
        Ok(v)
    } else {
        let shown = if v == space.none { "None".to_owned() } else { space.type_name(v) };
        Err(type_error(space, format!("{what} must be str, not {shown}")))
    }
}

/// The code points of a str argument; `TypeError` as [`str_value`] otherwise.
fn str_arg(space: &Space, v: GcRef, what: &str) -> PyResult<Vec<u32>> {
    str_value(space, v, what).map(cps)
}

/// `s` itself when it is exactly a str (what CPython's methods give for an unchanged text),
/// else a new str of its text.
fn unchanged(s: GcRef) -> GcRef {
    if s.layout() == W_Str::layout() {
        s
    } else {
        unicode::from_wtf8(&unicode::wtf8(s))
    }
}

fn str_join(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (sep, rest) = method_args(space, "join", args, 1, 1)?;
    // CPython gives the one item itself when it is exactly a str: of a list or tuple, found
    // without copying the items.
    if let Some(item) = only_item(rest[0]).filter(|item| item.layout() == W_Str::layout()) {
        return Ok(item);
    }
    let items = objspace::to_vec(rest[0]).map_err(|e| {
        if objspace::exception_matches(e, space.exception_type(ExcKind::TypeError)).unwrap_or(false)
            && objspace::iter(rest[0]).is_err()
        {
            type_error(space, "can only join an iterable".to_owned())
        } else {
            e
        }
    })?;
    if let [item] = items[..] {
        if item.layout() == W_Str::layout() {
            return Ok(item);
        }
    }
    // Every item is checked and measured first, so that the text is built in one buffer of the
    // right size and its code points are counted from the items' counts.
    let mut size = 0;
    let mut chars = 0;
    for (i, &item) in items.iter().enumerate() {
        let item = crate::subclass::unwrap(item);
        if item.layout() != W_Str::layout() {
            let message = format!("sequence item {i}: expected str instance, {} found", space.type_name(item));
            return Err(type_error(space, message));
        }
        size += gc::len(item, &W_Str::BYTES);
        chars += unicode::char_len(item);
    }
    if let Some(gaps) = items.len().checked_sub(1) {
        size += gaps * gc::len(sep, &W_Str::BYTES);
        chars += gaps * unicode::char_len(sep);
    }
    let mut bytes = Vec::with_capacity(size);
    unicode::with_wtf8(sep, |sep| {
        for (i, &item) in items.iter().enumerate() {
            if i > 0 {
                bytes.extend_from_slice(sep);
            }
            unicode::with_wtf8(crate::subclass::unwrap(item), |text| bytes.extend_from_slice(text));
        }
    });
    Ok(unicode::from_wtf8_counted(&bytes, chars))
}

/// The item of a list or tuple (exactly, as CPython's `PySequence_Fast` takes them as they are)
/// that holds one item, read without copying the items.
fn only_item(seq: GcRef) -> Option<GcRef> {
    if seq.layout() == W_Tuple::layout() {
        return (gc::len(seq, &W_Tuple::ITEMS) == 1).then(|| gc::item_ref(seq, &W_Tuple::ITEMS, 0));
    }
    (seq.layout() == W_List::layout() && list::len(seq) == 1).then(|| list::get(seq, 0))
}

/// A list of new strs, made from the parts by `make`.
fn str_list<T>(parts: &[&[T]], make: fn(&[T]) -> GcRef) -> GcRef {
    list::from_objects(parts.len(), |i| make(parts[i]))
}

fn split_with(space: &'static Space, args: &Args, name: &str, from_right: bool) -> PyResult<GcRef> {
    let (s, sep, limit) = text_algorithms::split_params(space, name, args, |v| {
        if v.layout() == W_Str::layout() {
            Ok(unicode::wtf8(v))
        } else {
            Err(type_error(space, format!("must be str or None, not {}", space.type_name(v))))
        }
    })?;
    if unicode::is_ascii(s) && sep.as_ref().is_none_or(|sep| sep.is_ascii()) {
        // ASCII text: its bytes are its code points.
        return Ok(unicode::with_wtf8(s, |text| {
            str_list(
                &text_algorithms::split(text, sep.as_deref(), unicode::is_ascii_space, limit, from_right),
                from_ascii,
            )
        }));
    }
    let sep: Option<Vec<u32>> = sep.map(|sep| unicode::decode(&sep).collect());
    let text = cps(s);
    Ok(str_list(&text_algorithms::split(&text, sep.as_deref(), unicode::is_space_cp, limit, from_right), from_cps))
}

fn strip_with(space: &'static Space, args: &Args, name: &str, left: bool, right: bool) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, name, args, 0, 1)?;
    let chars = match rest.first() {
        Some(&v) if v != space.none => {
            if v.layout() != W_Str::layout() {
                return Err(type_error(space, format!("{name} arg must be None or str")));
            }
            Some(cps(v))
        }
        _ => None,
    };
    if unicode::is_ascii(s) && chars.as_ref().is_none_or(|cs| cs.iter().all(|&c| c < 128)) {
        // ASCII text: its bytes are its code points.
        let strip_unit = |b: u8| {
            let c = u32::from(b);
            chars.as_ref().map_or(unicode::is_ascii_space(b), |cs| cs.contains(&c))
        };
        return Ok(unicode::with_wtf8(s, |text| {
            let kept = text_algorithms::strip(text, strip_unit, left, right);
            if kept.len() == text.len() {
                unchanged(s)
            } else {
                from_ascii(kept)
            }
        }));
    }
    let strip_unit = |c: u32| chars.as_ref().map_or(unicode::is_space_cp(c), |cs| cs.contains(&c));
    Ok(from_cps(text_algorithms::strip(&cps(s), strip_unit, left, right)))
}

/// A method without arguments that maps the code points (`f` gets them all and an index); for
/// ASCII text, whose case mappings are ASCII one for one, `ascii` maps the bytes.
fn str_map(
    space: &'static Space,
    args: &Args,
    name: &str,
    f: fn(&[u32], usize, &mut Vec<u32>),
    ascii: fn(&[u8], usize) -> u8,
) -> PyResult<GcRef> {
    let (s, _) = method_args(space, &format!("str.{name}"), args, 0, 0)?;
    if unicode::is_ascii(s) {
        let mapped: Vec<u8> = unicode::with_wtf8(s, |text| (0..text.len()).map(|i| ascii(text, i)).collect());
        return Ok(from_ascii(&mapped));
    }
    let text = cps(s);
    let mut out = Vec::with_capacity(text.len());
    for i in 0..text.len() {
        f(&text, i, &mut out);
    }
    Ok(from_cps(&out))
}

fn str_swapcase(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    str_map(
        space,
        args,
        "swapcase",
        |t, i, out| {
            if unicode::is_upper_char(t[i]) {
                unicode::push_lower(t, i, out)
            } else if unicode::is_lower_char(t[i]) {
                unicode::push_upper(t[i], out)
            } else {
                out.push(t[i])
            }
        },
        |t, i| if t[i].is_ascii_alphabetic() { t[i] ^ 0x20 } else { t[i] },
    )
}

fn str_title(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    str_map(
        space,
        args,
        "title",
        |t, i, out| {
            let previous_cased = i > 0 && unicode::is_cased(t[i - 1]);
            if previous_cased {
                unicode::push_lower(t, i, out)
            } else {
                unicode::push_title(t[i], out)
            }
        },
        |t, i| {
            if i > 0 && t[i - 1].is_ascii_alphabetic() {
                t[i].to_ascii_lowercase()
            } else {
                t[i].to_ascii_uppercase()
            }
        },
    )
}

fn str_capitalize(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    str_map(
        space,
        args,
        "capitalize",
        |t, i, out| {
            if i == 0 {
                unicode::push_title(t[0], out)
            } else {
                unicode::push_lower(t, i, out)
            }
        },
        |t, i| if i == 0 { t[0].to_ascii_uppercase() } else { t[i].to_ascii_lowercase() },
    )
}

fn str_replace(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "replace", args, 2, 3)?;
    let old = str_value(space, rest[0], "replace() argument 1")?;
    let new = str_value(space, rest[1], "replace() argument 2")?;
    let count = match rest.get(2) {
        Some(&c) => int_arg(space, c)?,
        None => -1,
    };
    let limit = if count < 0 { usize::MAX } else { count as usize };
    if unicode::char_len(old) > 0 {
        // The occurrences of a non-empty `old` in the bytes are those in the code points (a
        // code point's sequence starts with a byte that never continues one).
        let (old_bytes, new_bytes) = (unicode::wtf8(old), unicode::wtf8(new));
        return Ok(unicode::with_wtf8(s, |text| {
            let found: Vec<usize> = memchr::memmem::find_iter(text, &old_bytes).take(limit).collect();
            if found.is_empty() {
                return unchanged(s);
            }
            let mut out = Vec::with_capacity(text.len() + found.len() * new_bytes.len());
            let mut start = 0;
            for &at in &found {
                out.extend_from_slice(&text[start..at]);
                out.extend_from_slice(&new_bytes);
                start = at + old_bytes.len();
            }
            out.extend_from_slice(&text[start..]);
            let chars =
                unicode::char_len(s) - found.len() * unicode::char_len(old) + found.len() * unicode::char_len(new);
            unicode::from_wtf8_counted(&out, chars)
        }));
    }
    Ok(from_cps(&text_algorithms::replace(&cps(s), &cps(old), &cps(new), limit)))
}

/// The prefixes (or suffixes) of `startswith`/`endswith`: the items of a tuple (checked one by
/// one as they are tried, as CPython does), or a str.
fn affixes(space: &'static Space, name: &str, v: GcRef) -> PyResult<Vec<GcRef>> {
    let value = crate::subclass::unwrap(v);
    if value.layout() == W_Tuple::layout() {
        return Ok(W_Tuple::items(value));
    }
    if value.layout() != W_Str::layout() {
        let message = format!("{name} first arg must be str or a tuple of str, not {}", space.type_name(v));
        return Err(type_error(space, message));
    }
    Ok(vec![value])
}

/// Whether str `s` (a `W_Str`) starts (or ends, `at_end`) with the text of str `affix`: a
/// comparison of their bytes, which is one of their code points since a code point's encoding
/// never starts inside another's. Compared where the bytes lie, without copying either string.
fn has_affix_bytes(s: GcRef, affix: GcRef, at_end: bool) -> bool {
    unicode::with_wtf8(s, |text| {
        unicode::with_wtf8(affix, |affix| if at_end { text.ends_with(affix) } else { text.starts_with(affix) })
    })
}

/// `startswith`/`endswith` with optional bounds.
fn affix_match(space: &'static Space, args: &Args, name: &str, at_end: bool) -> PyResult<GcRef> {
    let (s, rest) = tuple_args(space, name, args, 1, 3)?;
    if let &[affix] = rest {
        // The usual call, one str and no bounds: compared at once, without a list of affixes.
        let affix = crate::subclass::unwrap(affix);
        if affix.layout() == W_Str::layout() {
            return Ok(space.w_bool(has_affix_bytes(s, affix, at_end)));
        }
    }
    let window = if rest.len() > 1 {
        let text = cps(s);
        let (start, end) = adjust_indices(
            slice_bound(space, rest.get(1).copied())?,
            slice_bound(space, rest.get(2).copied())?,
            text.len(),
        );
        Some((text, start, end))
    } else {
        None
    };
    for p in affixes(space, name, rest[0])? {
        let affix = crate::subclass::unwrap(p);
        if affix.layout() != W_Str::layout() {
            let message = format!("tuple for {name} must only contain str, not {}", space.type_name(p));
            return Err(type_error(space, message));
        }
        let found = match &window {
            Some((text, start, end)) => text_algorithms::has_affix(text, &cps(affix), *start, *end, at_end),
            None => has_affix_bytes(s, affix, at_end),
        };
        if found {
            return Ok(space.w_bool(true));
        }
    }
    Ok(space.w_bool(false))
}

/// The code points of the searched window `start..end` of the text (empty when `start > end`),
/// the needle and the adjusted bounds of `find`/`index`/`count`.
fn find_args(space: &'static Space, args: &Args, name: &str) -> PyResult<(Vec<u32>, Vec<u32>, usize, usize)> {
    let (s, rest) = tuple_args(space, name, args, 1, 3)?;
    let needle = str_arg(space, rest[0], "must be str, not")
        .map_err(|_| type_error(space, format!("must be str, not {}", space.type_name(rest[0]))))?;
    let (start, end) = adjust_indices(
        slice_bound(space, rest.get(1).copied())?,
        slice_bound(space, rest.get(2).copied())?,
        unicode::char_len(s),
    );
    let window = if start <= end { unicode::chars_range(s, start, end) } else { Vec::new() };
    Ok((window, needle, start, end))
}

/// The arguments of `find`/`count` when both the str and the needle are exact ASCII strs and no
/// keywords are given: the str, the needle's bytes and the adjusted bounds (ASCII text's bytes
/// are its code points, so the search runs on bytes).
fn ascii_search_args(space: &'static Space, args: &Args) -> PyResult<Option<(GcRef, Vec<u8>, usize, usize)>> {
    let [s, needle, bounds @ ..] = args.positional.as_slice() else { return Ok(None) };
    let plain = args.keywords.is_empty() && bounds.len() <= 2 && s.layout() == W_Str::layout();
    if !(plain && needle.layout() == W_Str::layout() && unicode::is_ascii(*s) && unicode::is_ascii(*needle)) {
        return Ok(None);
    }
    let (start, end) = adjust_indices(
        slice_bound(space, bounds.first().copied())?,
        slice_bound(space, bounds.get(1).copied())?,
        unicode::char_len(*s),
    );
    Ok(Some((*s, unicode::wtf8(*needle), start, end)))
}

fn find_in(space: &'static Space, args: &Args, name: &str, last: bool) -> PyResult<Option<usize>> {
    if !last {
        if let Some((s, needle, start, end)) = ascii_search_args(space, args)? {
            return Ok((start <= end).then(|| unicode::find_ascii(s, &needle, start, end)).flatten());
        }
    }
    let (window, needle, start, end) = find_args(space, args, name)?;
    if start > end {
        return Ok(None);
    }
    Ok(text_algorithms::search(&window, &needle, 0, window.len(), last).map(|i| i + start))
}

fn str_count(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    if let Some((s, needle, start, end)) = ascii_search_args(space, args)? {
        let n = if start > end {
            0
        } else {
            unicode::with_wtf8(s, |text| text_algorithms::count(&text[start..end], &needle))
        };
        return Ok(heap_int(n as i64));
    }
    let (window, needle, start, end) = find_args(space, args, "count")?;
    let n = if start > end { 0 } else { text_algorithms::count(&window, &needle) };
    Ok(heap_int(n as i64))
}

/// `template.format(...)`: replacement fields `{}`, `{0}`, `{name}`, with attribute and index
/// lookups, conversions and nested format specs; `named` looks up a name. `positional` is `None`
/// for `format_map`, which has no positional arguments.
pub(super) fn format_template(
    space: &'static Space,
    template: GcRef,
    positional: Option<&[GcRef]>,
    named: &dyn Fn(&str) -> PyResult<GcRef>,
) -> PyResult<GcRef> {
    let mut auto = Some(0usize);
    let text = self_chars(template);
    let mut out = Vec::new();
    format_into(space, &text, positional, named, &mut auto, &mut out, 2)?;
    Ok(unicode::from_wtf8(&out))
}

fn self_chars(v: GcRef) -> Vec<char> {
    unicode::to_string_lossy(v).chars().collect()
}

/// Format `chars` into `out` (generalized UTF-8: the fields' lone surrogates are kept); `auto`
/// counts automatic field numbers (`None` once a manual number was used); `depth` limits nested
/// specs.
fn format_into(
    space: &'static Space,
    chars: &[char],
    positional: Option<&[GcRef]>,
    named: &dyn Fn(&str) -> PyResult<GcRef>,
    auto: &mut Option<usize>,
    out: &mut Vec<u8>,
    depth: usize,
) -> PyResult<()> {
    let mut manual = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '}' {
            if chars.get(i + 1) == Some(&'}') {
                out.push(b'}');
                i += 2;
                continue;
            }
            return Err(value_error(space, "Single '}' encountered in format string"));
        }
        if c != '{' {
            out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            i += 1;
            continue;
        }
        if chars.get(i + 1) == Some(&'{') {
            out.push(b'{');
            i += 2;
            continue;
        }
        if depth == 0 {
            return Err(value_error(space, "Max string recursion exceeded"));
        }
        let mut level = 1;
        let mut j = i + 1;
        let mut bracket = false;
        while j < chars.len() {
            match chars[j] {
                '[' => bracket = true,
                ']' => bracket = false,
                '{' if !bracket => level += 1,
                '}' if !bracket => {
                    level -= 1;
                    if level == 0 {
                        break;
                    }
                }
                _ => {}
            }
            j += 1;
        }
        if level > 0 {
            let message = if i + 1 == chars.len() {
                "Single '{' encountered in format string"
            } else if chars[i + 1..].contains(&'!') {
                "unmatched '{' in format spec"
            } else {
                "expected '}' before end of string"
            };
            return Err(value_error(space, message));
        }
        let field: String = chars[i + 1..j].iter().collect();
        let (field, spec) = split_field(&field);
        let (field, conversion) = match find_outside_brackets(&field, '!') {
            Some(k) => {
                let conv: Vec<char> = field[k + 1..].chars().collect();
                match conv.as_slice() {
                    [c] => (field[..k].to_owned(), Some(*c)),
                    [] => return Err(value_error(space, "unmatched '{' in format spec")),
                    _ => return Err(value_error(space, "expected ':' after conversion specifier")),
                }
            }
            None => (field, None),
        };
        if find_outside_brackets(&field, '{').is_some() {
            return Err(value_error(space, "unexpected '{' in field name"));
        }
        let name_end = field.find(['.', '[']).unwrap_or(field.len());
        let (first, accessors) = field.split_at(name_end);
        let mut value = if first.is_empty() {
            let n = match *auto {
                Some(n) if !manual => {
                    *auto = Some(n + 1);
                    n
                }
                _ => {
                    return Err(value_error(
                        space,
                        "cannot switch from manual field specification to automatic field numbering",
                    ))
                }
            };
            positional_field(space, positional, n)?
        } else if let Some(n) = field_integer(space, first)? {
            if matches!(auto, Some(k) if *k > 0) {
                return Err(value_error(
                    space,
                    "cannot switch from automatic field numbering to manual field specification",
                ));
            }
            *auto = None;
            manual = true;
            positional_field(space, positional, n)?
        } else {
            named(first)?
        };
        let mut rest = accessors;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('.') {
                let end = after.find(['.', '[']).unwrap_or(after.len());
                if end == 0 {
                    return Err(value_error(space, "Empty attribute in format string"));
                }
                value = objspace::getattr(value, new_str(&after[..end]))?;
                rest = &after[end..];
            } else if let Some(after) = rest.strip_prefix('[') {
                let end = after.find(']').ok_or_else(|| value_error(space, "Missing ']' in format string"))?;
                let key = &after[..end];
                if key.is_empty() {
                    return Err(value_error(space, "Empty attribute in format string"));
                }
                let key = match field_integer(space, key)? {
                    Some(n) => heap_int(n as i64),
                    None => new_str(key),
                };
                value = objspace::getitem(value, key)?;
                rest = &after[end + 1..];
            } else {
                return Err(value_error(space, "Only '.' or '[' may follow ']' in format field specifier"));
            }
        }
        let value = match conversion {
            None => value,
            Some('r') => objspace::repr_obj(value)?,
            Some('s') => objspace::str_obj(value)?,
            Some('a') => new_str(&format::ascii(&objspace::repr(value)?)),
            Some(c) => {
                return Err(value_error(space, &format!("Unknown conversion specifier {c}")));
            }
        };
        let mut spec_text = Vec::new();
        let spec_chars: Vec<char> = spec.chars().collect();
        format_into(space, &spec_chars, positional, named, auto, &mut spec_text, depth - 1)?;
        let formatted = format::format(value, &String::from_utf8_lossy(&spec_text))?;
        unicode::with_wtf8(crate::subclass::unwrap(formatted), |bytes| out.extend_from_slice(bytes));
        i = j + 1;
    }
    Ok(())
}

/// Positional argument `n` of a replacement field, with CPython's errors.
fn positional_field(space: &'static Space, positional: Option<&[GcRef]>, n: usize) -> PyResult<GcRef> {
    let Some(positional) = positional else {
        return Err(value_error(space, "Format string contains positional fields"));
    };
    positional.get(n).copied().ok_or_else(|| {
        space.new_exception(
            ExcKind::IndexError,
            &format!("Replacement index {n} out of range for positional args tuple"),
        )
    })
}

/// The number a field name or index key of only decimal digits stands for (`None` for other
/// text); `ValueError` beyond `sys.maxsize`, as CPython.
fn field_integer(space: &'static Space, text: &str) -> PyResult<Option<usize>> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    match text.parse::<i64>() {
        Ok(n) => Ok(Some(n as usize)),
        Err(_) => Err(value_error(space, "Too many decimal digits in format string")),
    }
}

/// A replacement field split at the `:` that starts its spec (not one inside `[...]`).
fn split_field(field: &str) -> (String, String) {
    match find_outside_brackets(field, ':') {
        Some(k) => (field[..k].to_owned(), field[k + 1..].to_owned()),
        None => (field.to_owned(), String::new()),
    }
}

/// The byte offset of the first `sep` of a replacement field that is not inside `[...]`.
fn find_outside_brackets(field: &str, sep: char) -> Option<usize> {
    let mut bracket = false;
    for (k, c) in field.char_indices() {
        match c {
            '[' => bracket = true,
            ']' => bracket = false,
            c if c == sep && !bracket => return Some(k),
            _ => {}
        }
    }
    None
}

fn str_format(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, positional) =
        args.positional.split_first().ok_or_else(|| type_error(space, "format needs an argument".to_owned()))?;
    let named = |name: &str| {
        args.keywords
            .iter()
            .find(|(k, _)| unicode::eq_text(*k, name))
            .map(|&(_, v)| v)
            .ok_or_else(|| space.new_exception_args(ExcKind::KeyError, &[new_str(name)]))
    };
    format_template(space, *s, Some(positional), &named)
}

fn str_format_map(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "format_map", args, 1, 1)?;
    let mapping = rest[0];
    let named = |name: &str| objspace::getitem(mapping, new_str(name));
    format_template(space, s, None, &named)
}

/// A predicate method: `all` code points pass `test` (and the string is not empty).
fn str_test(space: &'static Space, args: &Args, name: &str, test: fn(u32) -> bool) -> PyResult<GcRef> {
    let (s, _) = method_args(space, &format!("str.{name}"), args, 0, 0)?;
    let text = cps(s);
    Ok(space.w_bool(!text.is_empty() && text.iter().all(|&c| test(c))))
}

/// `isupper`/`islower`: at least one cased code point, and no cased one of the other case.
fn str_cased(space: &'static Space, args: &Args, name: &str, upper: bool) -> PyResult<GcRef> {
    let (s, _) = method_args(space, &format!("str.{name}"), args, 0, 0)?;
    let mut cased = false;
    for c in cps(s) {
        let (this, other) = if upper {
            (unicode::is_upper_char(c), unicode::is_lower_char(c) || unicode::is_title_char(c))
        } else {
            (unicode::is_lower_char(c), unicode::is_upper_char(c) || unicode::is_title_char(c))
        };
        if other {
            return Ok(space.w_bool(false));
        }
        cased |= this;
    }
    Ok(space.w_bool(cased))
}

fn str_istitle(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, _) = method_args(space, "str.istitle", args, 0, 0)?;
    let mut cased = false;
    let mut previous_cased = false;
    for c in cps(s) {
        if unicode::is_upper_char(c) || unicode::is_title_char(c) {
            if previous_cased {
                return Ok(space.w_bool(false));
            }
            previous_cased = true;
            cased = true;
        } else if unicode::is_lower_char(c) {
            if !previous_cased {
                return Ok(space.w_bool(false));
            }
            previous_cased = true;
            cased = true;
        } else {
            previous_cased = false;
        }
    }
    Ok(space.w_bool(cased))
}

fn str_isascii(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, _) = method_args(space, "str.isascii", args, 0, 0)?;
    Ok(space.w_bool(cps(s).iter().all(|&c| c < 128)))
}

fn str_isidentifier(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, _) = method_args(space, "str.isidentifier", args, 0, 0)?;
    Ok(space.w_bool(unicode::is_identifier(&cps(s))))
}

fn str_isprintable(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, _) = method_args(space, "str.isprintable", args, 0, 0)?;
    Ok(space.w_bool(cps(s).iter().all(|&c| c == u32::from(b' ') || unicode::is_printable(c))))
}

/// The fill character argument of `center`/`ljust`/`rjust`.
fn fill_char(space: &'static Space, name: &str, v: Option<&GcRef>) -> PyResult<u32> {
    let Some(&f) = v else { return Ok(u32::from(b' ')) };
    if f.layout() != W_Str::layout() {
        let message = format!("{name}() argument 2 must be str, not {}", space.type_name(f));
        return Err(type_error(space, message));
    }
    match cps(f).as_slice() {
        [c] => Ok(*c),
        _ => Err(type_error(space, "The fill character must be exactly one character long".to_owned())),
    }
}

fn str_justify(space: &'static Space, args: &Args, name: &str, align: char) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, name, args, 1, 2)?;
    let width = int_arg(space, rest[0])?.max(0) as usize;
    let fill = fill_char(space, name, rest.get(1))?;
    Ok(text_algorithms::justify(&cps(s), width, fill, align).map_or(s, |out| from_cps(&out)))
}

fn str_zfill(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "zfill", args, 1, 1)?;
    let width = int_arg(space, rest[0])?.max(0) as usize;
    Ok(text_algorithms::zero_fill(&cps(s), width).map_or(s, |out| from_cps(&out)))
}

fn str_expandtabs(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, values) = bind_method(space, "expandtabs", args, &["tabsize"], 0)?;
    let tabsize = match values[0] {
        Some(v) => int_arg(space, v)?,
        None => 8,
    };
    Ok(from_cps(&text_algorithms::expand_tabs(&cps(s), tabsize)))
}

fn str_splitlines(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, values) = bind_method(space, "splitlines", args, &["keepends"], 0)?;
    let keepends = match values[0] {
        Some(v) => objspace::truthy(v)?,
        None => false,
    };
    Ok(str_list(&text_algorithms::split_lines(&cps(s), keepends, unicode::is_linebreak), from_cps))
}

fn partition_with(space: &'static Space, args: &Args, name: &str, last: bool) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, name, args, 1, 1)?;
    let text = cps(s);
    let sep = str_arg(space, rest[0], "must be str, not")
        .map_err(|_| type_error(space, format!("must be str, not {}", space.type_name(rest[0]))))?;
    if sep.is_empty() {
        return Err(value_error(space, "empty separator"));
    }
    // Each new part rooted as it is made (the second one's allocation would free the first).
    let roots = metatrace_gc::RootSet::new();
    let items: [GcRef; 3] = match text_algorithms::search(&text, &sep, 0, text.len(), last) {
        Some(at) => {
            let head = roots.add(from_cps(&text[..at]));
            let tail = roots.add(from_cps(&text[at + sep.len()..]));
            [head, rest[0], tail]
        }
        None if last => [space.empty_str, space.empty_str, s],
        None => [s, space.empty_str, space.empty_str],
    };
    Ok(W_Tuple::from_slice(&items))
}

fn remove_affix(space: &'static Space, args: &Args, name: &str, suffix: bool) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, name, args, 1, 1)?;
    let affix = str_arg(space, rest[0], &format!("{name}() argument"))?;
    let text = cps(s);
    let rest = text_algorithms::without_affix(&text, &affix, suffix);
    Ok(if rest.len() == text.len() { s } else { from_cps(rest) })
}

fn str_translate(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "translate", args, 1, 1)?;
    let table = rest[0];
    let lookup_error = space.exception_type(ExcKind::LookupError);
    let mut out = Vec::new();
    for c in cps(s) {
        match objspace::getitem(table, heap_int(i64::from(c))) {
            Err(e) if objspace::exception_matches(e, lookup_error)? => out.push(c),
            Err(e) => return Err(e),
            Ok(v) if v == space.none => {}
            Ok(v) if v.layout() == W_Str::layout() => out.extend(cps(v)),
            Ok(v) => match bigint::to_ibig(v) {
                Some(n) => match u32::try_from(&n) {
                    Ok(cp) if cp < 0x110000 => out.push(cp),
                    _ => return Err(value_error(space, "character mapping must be in range(0x110000)")),
                },
                None => return Err(type_error(space, "character mapping must return integer, None or str".to_owned())),
            },
        }
    }
    Ok(from_cps(&out))
}

fn str_maketrans(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let values = bind(space, "maketrans", &args.positional, &args.keywords, &["x", "y", "z"], 1)?;
    let x = values[0].unwrap_or(space.none);
    let table = dict::new();
    let Some(y) = values[1] else {
        if x.layout() != W_Dict::layout() {
            let message = "if you give only one argument to maketrans it must be a dict".to_owned();
            return Err(type_error(space, message));
        }
        for (k, v) in dict::items(x) {
            let key = if k.layout() == W_Str::layout() {
                match cps(k).as_slice() {
                    [c] => heap_int(i64::from(*c)),
                    _ => return Err(value_error(space, "string keys in translate table must be of length 1")),
                }
            } else if bigint::to_ibig(k).is_some() {
                k
            } else {
                return Err(type_error(space, "keys in translate table must be strings or integers".to_owned()));
            };
            dict::set(table, key, v)?;
        }
        return Ok(table);
    };
    let from = str_arg(space, x, "maketrans() argument 1")?;
    let to = str_arg(space, y, "maketrans() argument 2")?;
    if from.len() != to.len() {
        return Err(value_error(space, "the first two maketrans arguments must have equal length"));
    }
    for (&a, &b) in from.iter().zip(&to) {
        dict::set(table, heap_int(i64::from(a)), heap_int(i64::from(b)))?;
    }
    if let Some(z) = values[2] {
        for c in str_arg(space, z, "maketrans() argument 3")? {
            dict::set(table, heap_int(i64::from(c)), space.none)?;
        }
    }
    Ok(table)
}

/// `str(object='', encoding='utf-8', errors='strict')`.
pub(super) fn new_str_obj(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let values = bind(space, "str", &args.positional, &args.keywords, &["object", "encoding", "errors"], 0)?;
    let Some(object) = values[0] else { return Ok(space.empty_str) };
    if values[1].is_none() && values[2].is_none() {
        return objspace::str_instance(object);
    }
    let (encoding, errors) = codec_args(space, "str", &values[1..])?;
    if object.layout() == W_Str::layout() {
        return Err(type_error(space, "decoding str is not supported".to_owned()));
    }
    let Some(data) = crate::buffer::buffer_data(object)? else {
        let message = format!("decoding to str: need a bytes-like object, {} found", space.type_name(object));
        return Err(type_error(space, message));
    };
    Ok(unicode::from_chars(codec::decode(&data, &encoding, &errors)?))
}

/// The `encoding` and `errors` arguments of `encode`/`decode` (UTF-8 and strict by default).
pub(super) fn codec_args(space: &'static Space, name: &str, values: &[Option<GcRef>]) -> PyResult<(String, String)> {
    let text = |v: Option<GcRef>, default: &str, which: &str| match v {
        None => Ok(default.to_owned()),
        Some(v) if v.layout() == W_Str::layout() => Ok(unicode::to_string_lossy(v)),
        Some(v) => {
            Err(type_error(space, format!("{name}() argument '{which}' must be str, not {}", space.type_name(v))))
        }
    };
    Ok((text(values[0], "utf-8", "encoding")?, text(values[1], "strict", "errors")?))
}

fn str_encode(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, values) = bind_method(space, "encode", args, &["encoding", "errors"], 0)?;
    let (encoding, errors) = codec_args(space, "encode", &values)?;
    Ok(crate::bytes::new_bytes(&codec::encode(&cps(s), &encoding, &errors)?))
}

/// `str.__getnewargs__()`: a 1-tuple of a copy of the value as an exact str.
fn str_getnewargs(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, _) = method_args(space, "__getnewargs__", args, 0, 0)?;
    Ok(W_Tuple::from_slice(&[unicode::from_wtf8(&unicode::wtf8(s))]))
}

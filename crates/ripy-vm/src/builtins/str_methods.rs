//! The methods of `str`.

use super::*;

/// The builtins defined here.
pub(super) static DEFS: &[BuiltinDef] = &[
    method("str", "join", str_join),
    method("str", "split", str_split),
    method("str", "rsplit", str_rsplit),
    method("str", "strip", str_strip),
    method("str", "lstrip", str_lstrip),
    method("str", "rstrip", str_rstrip),
    method("str", "upper", str_upper),
    method("str", "lower", str_lower),
    method("str", "title", str_title),
    method("str", "capitalize", str_capitalize),
    method("str", "replace", str_replace),
    method("str", "startswith", str_startswith),
    method("str", "endswith", str_endswith),
    method("str", "find", str_find),
    method("str", "rfind", str_rfind),
    method("str", "index", str_index),
    method("str", "count", str_count),
    method("str", "format", str_format),
    method("str", "isdigit", str_isdigit),
    method("str", "isalpha", str_isalpha),
    method("str", "isalnum", str_isalnum),
    method("str", "isspace", str_isspace),
    method("str", "isupper", str_isupper),
    method("str", "islower", str_islower),
    method("str", "center", str_center),
    method("str", "ljust", str_ljust),
    method("str", "rjust", str_rjust),
    method("str", "zfill", str_zfill),
    method("str", "splitlines", str_splitlines),
    method("str", "partition", str_partition),
];

/// The text of a str method's object.
fn self_text(v: GcRef) -> String {
    unicode::to_string_lossy(v)
}

fn str_join(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (sep, rest) = method_args(space, "str.join", args, 1, 1)?;
    let items = objspace::to_vec(rest[0])?;
    let mut bytes = Vec::new();
    let sep_bytes = unicode::wtf8(sep);
    for (i, &item) in items.iter().enumerate() {
        if item.layout() != W_Str::layout() {
            let message = format!("sequence item {i}: expected str instance, {} found", space.type_name(item));
            return Err(type_error(space, message));
        }
        if i > 0 {
            bytes.extend_from_slice(&sep_bytes);
        }
        bytes.extend(unicode::wtf8(item));
    }
    Ok(unicode::from_wtf8(&bytes))
}

/// The separator and limit of `split`/`rsplit`.
fn split_args(space: &'static Space, name: &str, args: &Args) -> PyResult<(String, Option<String>, i64)> {
    let s = args.positional.first().copied().ok_or_else(|| type_error(space, format!("{name} needs an argument")))?;
    let allowed = ["sep", "maxsplit"];
    let sep = args.positional.get(1).copied().or(keyword(space, name, args, &allowed, "sep")?);
    let maxsplit = args.positional.get(2).copied().or(keyword(space, name, args, &allowed, "maxsplit")?);
    let sep = match sep {
        Some(v) if v != space.none => {
            let text = text_arg(space, v, "must be str or None, not")
                .map_err(|_| type_error(space, format!("must be str or None, not {}", space.type_name(v))))?;
            if text.is_empty() {
                return Err(value_error(space, "empty separator"));
            }
            Some(text)
        }
        _ => None,
    };
    let maxsplit = match maxsplit {
        Some(v) => int_arg(space, v)?,
        None => -1,
    };
    Ok((self_text(s), sep, maxsplit))
}

fn str_list(parts: impl IntoIterator<Item = String>) -> GcRef {
    let roots = metatrace_gc::RootSet::new();
    let items: Vec<GcRef> = parts.into_iter().map(|p| roots.add(new_str(&p))).collect();
    list::new_list(&items)
}

fn str_split(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (text, sep, maxsplit) = split_args(space, "split", args)?;
    let limit = if maxsplit < 0 { usize::MAX } else { maxsplit as usize };
    Ok(match sep {
        Some(sep) => str_list(text.splitn(limit.saturating_add(1), sep.as_str()).map(str::to_owned)),
        None => {
            let mut parts = Vec::new();
            let mut rest = text.trim_start_matches(unicode::is_space);
            while !rest.is_empty() {
                if parts.len() == limit {
                    parts.push(rest.to_owned());
                    break;
                }
                let end = rest.find(unicode::is_space).unwrap_or(rest.len());
                parts.push(rest[..end].to_owned());
                rest = rest[end..].trim_start_matches(unicode::is_space);
            }
            str_list(parts)
        }
    })
}

fn str_rsplit(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (text, sep, maxsplit) = split_args(space, "rsplit", args)?;
    let limit = if maxsplit < 0 { usize::MAX } else { maxsplit as usize };
    let mut parts: Vec<String> = match sep {
        Some(sep) => text.rsplitn(limit.saturating_add(1), sep.as_str()).map(str::to_owned).collect(),
        None => {
            let mut parts = Vec::new();
            let mut rest = text.trim_end_matches(unicode::is_space);
            while !rest.is_empty() {
                if parts.len() == limit {
                    parts.push(rest.to_owned());
                    break;
                }
                let start =
                    rest.rfind(unicode::is_space).map_or(0, |i| i + rest[i..].chars().next().map_or(1, char::len_utf8));
                parts.push(rest[start..].to_owned());
                rest = rest[..start].trim_end_matches(unicode::is_space);
            }
            parts
        }
    };
    parts.reverse();
    Ok(str_list(parts))
}

/// The characters to strip (`None`: white space).
fn strip_chars(space: &'static Space, name: &str, args: &Args) -> PyResult<(String, Option<Vec<char>>)> {
    let (s, rest) = method_args(space, name, args, 0, 1)?;
    let chars = match rest.first() {
        Some(&v) if v != space.none => Some(text_arg(space, v, &format!("{name} arg"))?.chars().collect()),
        _ => None,
    };
    Ok((self_text(s), chars))
}

fn strip_with(space: &'static Space, args: &Args, name: &str, left: bool, right: bool) -> PyResult<GcRef> {
    let (text, chars) = strip_chars(space, name, args)?;
    let matches = |c: char| chars.as_ref().map_or(unicode::is_space(c), |cs| cs.contains(&c));
    let mut t = text.as_str();
    if left {
        t = t.trim_start_matches(matches);
    }
    if right {
        t = t.trim_end_matches(matches);
    }
    Ok(new_str(t))
}

fn str_strip(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    strip_with(space, args, "strip", true, true)
}

fn str_lstrip(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    strip_with(space, args, "lstrip", true, false)
}

fn str_rstrip(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    strip_with(space, args, "rstrip", false, true)
}

fn str_map(space: &'static Space, args: &Args, name: &str, f: fn(&str) -> String) -> PyResult<GcRef> {
    let (s, _) = method_args(space, name, args, 0, 0)?;
    Ok(new_str(&f(&self_text(s))))
}

fn str_upper(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    str_map(space, args, "upper", str::to_uppercase)
}

fn str_lower(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    str_map(space, args, "lower", str::to_lowercase)
}

fn title_case(text: &str) -> String {
    let mut out = String::new();
    let mut previous_cased = false;
    for c in text.chars() {
        if previous_cased {
            out.extend(c.to_lowercase());
        } else {
            out.extend(c.to_uppercase());
        }
        previous_cased = c.is_alphabetic();
    }
    out
}

fn str_title(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    str_map(space, args, "title", title_case)
}

fn str_capitalize(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    str_map(space, args, "capitalize", |t| {
        let mut chars = t.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars.flat_map(char::to_lowercase)).collect(),
            None => String::new(),
        }
    })
}

fn str_replace(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "replace", args, 2, 3)?;
    let old = text_arg(space, rest[0], "replace() argument 1")?;
    let new = text_arg(space, rest[1], "replace() argument 2")?;
    let count = match rest.get(2) {
        Some(&c) => int_arg(space, c)?,
        None => -1,
    };
    let text = self_text(s);
    Ok(new_str(&if count < 0 { text.replace(&old, &new) } else { text.replacen(&old, &new, count as usize) }))
}

/// The prefixes (or suffixes) of `startswith`/`endswith`: a str or a tuple of strs.
fn affixes(space: &'static Space, name: &str, v: GcRef) -> PyResult<Vec<String>> {
    if v.layout() == W_Tuple::layout() {
        return W_Tuple::items(v).into_iter().map(|p| text_arg(space, p, "tuple for startswith")).collect();
    }
    if v.layout() != W_Str::layout() {
        let message = format!("{name} first arg must be str or a tuple of str, not {}", space.type_name(v));
        return Err(type_error(space, message));
    }
    Ok(vec![self_text(v)])
}

fn str_startswith(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "startswith", args, 1, 1)?;
    let text = self_text(s);
    Ok(space.w_bool(affixes(space, "startswith", rest[0])?.iter().any(|p| text.starts_with(p.as_str()))))
}

fn str_endswith(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "endswith", args, 1, 1)?;
    let text = self_text(s);
    Ok(space.w_bool(affixes(space, "endswith", rest[0])?.iter().any(|p| text.ends_with(p.as_str()))))
}

/// The code point index of byte offset `byte` in `text`.
fn char_index(text: &str, byte: usize) -> i64 {
    text[..byte].chars().count() as i64
}

fn find_in(space: &'static Space, args: &Args, name: &str, from_right: bool) -> PyResult<Option<i64>> {
    let (s, rest) = method_args(space, name, args, 1, 1)?;
    let text = self_text(s);
    let needle = text_arg(space, rest[0], &format!("{name}() argument"))
        .map_err(|_| type_error(space, format!("must be str, not {}", space.type_name(rest[0]))))?;
    let found = if from_right { text.rfind(&needle) } else { text.find(&needle) };
    Ok(found.map(|b| char_index(&text, b)))
}

fn str_find(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    Ok(heap_int(find_in(space, args, "find", false)?.unwrap_or(-1)))
}

fn str_rfind(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    Ok(heap_int(find_in(space, args, "rfind", true)?.unwrap_or(-1)))
}

fn str_index(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    match find_in(space, args, "index", false)? {
        Some(i) => Ok(heap_int(i)),
        None => Err(value_error(space, "substring not found")),
    }
}

fn str_count(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "count", args, 1, 1)?;
    let text = self_text(s);
    let needle = text_arg(space, rest[0], "count() argument")?;
    let n = if needle.is_empty() { text.chars().count() + 1 } else { text.matches(needle.as_str()).count() };
    Ok(heap_int(n as i64))
}

/// `str.format(*args, **kwargs)`: replacement fields `{}`, `{0}`, `{name}`, with attribute and
/// index lookups, conversions and format specs.
fn str_format(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, positional) =
        args.positional.split_first().ok_or_else(|| type_error(space, "format needs an argument".to_owned()))?;
    let chars: Vec<char> = self_text(*s).chars().collect();
    let mut out = String::new();
    let mut auto = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '}' {
            if chars.get(i + 1) == Some(&'}') {
                out.push('}');
                i += 2;
                continue;
            }
            return Err(value_error(space, "Single '}' encountered in format string"));
        }
        if c != '{' {
            out.push(c);
            i += 1;
            continue;
        }
        if chars.get(i + 1) == Some(&'{') {
            out.push('{');
            i += 2;
            continue;
        }
        let mut depth = 1;
        let mut j = i + 1;
        while j < chars.len() && depth > 0 {
            match chars[j] {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            j += 1;
        }
        if depth > 0 {
            return Err(value_error(space, "expected '}' before end of string"));
        }
        let field: String = chars[i + 1..j - 1].iter().collect();
        let (field, spec) = match field.find(':') {
            Some(k) => (field[..k].to_owned(), field[k + 1..].to_owned()),
            None => (field, String::new()),
        };
        let (field, conversion) = match field.find('!') {
            Some(k) => (field[..k].to_owned(), field[k + 1..].chars().next()),
            None => (field, None),
        };
        let name_end = field.find(['.', '[']).unwrap_or(field.len());
        let (first, accessors) = field.split_at(name_end);
        let mut value = if first.is_empty() {
            let v = positional.get(auto).copied().ok_or_else(|| {
                space.new_exception(
                    ExcKind::IndexError,
                    &format!("Replacement index {auto} out of range for positional args tuple"),
                )
            })?;
            auto += 1;
            v
        } else if let Ok(n) = first.parse::<usize>() {
            positional.get(n).copied().ok_or_else(|| {
                space.new_exception(
                    ExcKind::IndexError,
                    &format!("Replacement index {n} out of range for positional args tuple"),
                )
            })?
        } else {
            args.keywords
                .iter()
                .find(|(k, _)| unicode::eq_text(*k, first))
                .map(|&(_, v)| v)
                .ok_or_else(|| space.new_exception_args(ExcKind::KeyError, &[new_str(first)]))?
        };
        let mut rest = accessors;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('.') {
                let end = after.find(['.', '[']).unwrap_or(after.len());
                value = objspace::getattr(value, new_str(&after[..end]))?;
                rest = &after[end..];
            } else if let Some(after) = rest.strip_prefix('[') {
                let end = after.find(']').ok_or_else(|| value_error(space, "Missing ']' in format string"))?;
                let key = &after[..end];
                let key = key.parse::<i64>().map(heap_int).unwrap_or_else(|_| new_str(key));
                value = objspace::getitem(value, key)?;
                rest = &after[end + 1..];
            } else {
                return Err(value_error(space, "Only '.' or '[' may follow ']' in format field specifier"));
            }
        }
        let value = match conversion {
            Some('r') => objspace::repr_obj(value)?,
            Some('s') => objspace::str_obj(value)?,
            Some('a') => new_str(&format::ascii(&objspace::repr(value)?)),
            _ => value,
        };
        out.push_str(&unicode::to_string_lossy(format::format(value, &spec)?));
        i = j;
    }
    Ok(new_str(&out))
}

fn str_test(space: &'static Space, args: &Args, name: &str, test: fn(char) -> bool, cased: bool) -> PyResult<GcRef> {
    let (s, _) = method_args(space, name, args, 0, 0)?;
    let text = self_text(s);
    let ok = if cased {
        text.chars().any(char::is_alphabetic) && text.chars().filter(|c| c.is_alphabetic()).all(test)
    } else {
        !text.is_empty() && text.chars().all(test)
    };
    Ok(space.w_bool(ok))
}

fn str_isdigit(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    str_test(space, args, "isdigit", |c| unicode::decimal_value(c as u32).is_some(), false)
}

fn str_isalpha(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    str_test(space, args, "isalpha", char::is_alphabetic, false)
}

fn str_isalnum(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    str_test(space, args, "isalnum", char::is_alphanumeric, false)
}

fn str_isspace(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    str_test(space, args, "isspace", unicode::is_space, false)
}

fn str_isupper(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    str_test(space, args, "isupper", char::is_uppercase, true)
}

fn str_islower(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    str_test(space, args, "islower", char::is_lowercase, true)
}

fn str_justify(space: &'static Space, args: &Args, name: &str, align: char) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, name, args, 1, 2)?;
    let width = int_arg(space, rest[0])?.max(0) as usize;
    let fill = match rest.get(1) {
        Some(&f) => {
            let t = text_arg(space, f, "The fill character")?;
            let mut cs = t.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => c,
                _ => return Err(type_error(space, "The fill character must be exactly one character long".to_owned())),
            }
        }
        None => ' ',
    };
    let text = self_text(s);
    let len = text.chars().count();
    if len >= width {
        return Ok(s);
    }
    let gap = width - len;
    let fills = |n: usize| std::iter::repeat_n(fill, n).collect::<String>();
    let (left, right) = match align {
        '<' => (0, gap),
        '>' => (gap, 0),
        _ => {
            let left = gap / 2 + (gap & width & 1);
            (left, gap - left)
        }
    };
    Ok(new_str(&format!("{}{text}{}", fills(left), fills(right))))
}

fn str_center(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    str_justify(space, args, "center", '^')
}

fn str_ljust(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    str_justify(space, args, "ljust", '<')
}

fn str_rjust(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    str_justify(space, args, "rjust", '>')
}

fn str_zfill(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "zfill", args, 1, 1)?;
    let width = int_arg(space, rest[0])?.max(0) as usize;
    let text = self_text(s);
    let len = text.chars().count();
    if len >= width {
        return Ok(s);
    }
    let zeros = "0".repeat(width - len);
    let out = match text.strip_prefix(['+', '-']) {
        Some(body) => format!("{}{zeros}{body}", &text[..1]),
        None => format!("{zeros}{text}"),
    };
    Ok(new_str(&out))
}

fn str_splitlines(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, _) = method_args(space, "splitlines", args, 0, 1)?;
    Ok(str_list(self_text(s).lines().map(str::to_owned)))
}

fn str_partition(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "partition", args, 1, 1)?;
    let text = self_text(s);
    let sep = text_arg(space, rest[0], "partition() argument")?;
    if sep.is_empty() {
        return Err(value_error(space, "empty separator"));
    }
    let parts = match text.split_once(sep.as_str()) {
        Some((a, b)) => [a.to_owned(), sep, b.to_owned()],
        None => [text, String::new(), String::new()],
    };
    let items: Vec<GcRef> = parts.iter().map(|p| new_str(p)).collect();
    Ok(W_Tuple::from_slice(&items))
}

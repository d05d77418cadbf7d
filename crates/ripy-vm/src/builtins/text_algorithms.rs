//! The algorithms that str, bytes and bytearray methods share, written once over the code unit:
//! `u32` code points for str, `u8` for bytes and bytearray. Searching, counting, splitting,
//! stripping, replacing, padding and tab expansion live here; the method files bind arguments
//! (with each type's error messages) and build result objects.

use super::params::bind_method;
use super::{heap_int, int_arg, value_error, Args, GcRef, PyResult, Space};

/// A code unit of a text: a byte or a code point.
pub(super) trait Unit: Copy + Eq {
    /// The unit of an ASCII character.
    fn ascii(c: u8) -> Self;

    /// Where the non-empty `needle` first (or, with `last`, last) occurs in `hay`.
    fn find_in(hay: &[Self], needle: &[Self], last: bool) -> Option<usize>;
}

impl Unit for u8 {
    fn ascii(c: u8) -> u8 {
        c
    }

    fn find_in(hay: &[u8], needle: &[u8], last: bool) -> Option<usize> {
        match (needle, last) {
            ([b], false) => memchr::memchr(*b, hay),
            ([b], true) => memchr::memrchr(*b, hay),
            (_, false) => memchr::memmem::find(hay, needle),
            (_, true) => memchr::memmem::rfind(hay, needle),
        }
    }
}

impl Unit for u32 {
    fn ascii(c: u8) -> u32 {
        u32::from(c)
    }

    fn find_in(hay: &[u32], needle: &[u32], last: bool) -> Option<usize> {
        // Candidates are the positions of the needle's first unit; only those are compared.
        let (first, rest) = needle.split_first()?;
        let mut positions = 0..=hay.len().checked_sub(needle.len())?;
        let hit = |i: &usize| hay[*i] == *first && hay[*i + 1..*i + needle.len()] == *rest;
        if last {
            positions.rev().find(hit)
        } else {
            positions.find(hit)
        }
    }
}

/// Where `needle` first (or, with `last`, last) occurs in `hay[start..end]`; CPython's `find`
/// semantics (an empty needle is found at `start`, or at `end` from the right).
pub(super) fn search<T: Unit>(hay: &[T], needle: &[T], start: usize, end: usize, last: bool) -> Option<usize> {
    if start > end || end - start < needle.len() {
        return None;
    }
    if needle.is_empty() {
        return Some(if last { end } else { start });
    }
    T::find_in(&hay[start..end], needle, last).map(|i| i + start)
}

/// The answer of `find`/`rfind` for the position `found` (-1 when absent) or, with `missing`
/// set, of `index`/`rindex` (`ValueError(missing)` when absent).
pub(super) fn search_answer(space: &Space, found: Option<usize>, missing: Option<&str>) -> PyResult<GcRef> {
    match (found, missing) {
        (Some(at), _) => Ok(heap_int(at as i64)),
        (None, None) => Ok(heap_int(-1)),
        (None, Some(message)) => Err(value_error(space, message)),
    }
}

/// The non-overlapping occurrences of `needle` (not empty) in `hay`, from the left.
pub(super) fn occurrences<T: Unit>(hay: &[T], needle: &[T]) -> Vec<usize> {
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(at) = search(hay, needle, i, hay.len(), false) {
        found.push(at);
        i = at + needle.len();
    }
    found
}

/// `count`: the non-overlapping occurrences of `needle` in `window` (the searched part of the
/// text); an empty needle occurs between every two units and at both ends.
pub(super) fn count<T: Unit>(window: &[T], needle: &[T]) -> usize {
    if window.len() < needle.len() {
        0
    } else if needle.is_empty() {
        window.len() + 1
    } else {
        occurrences(window, needle).len()
    }
}

/// Whether `affix` starts (or, with `at_end`, ends) `text[start..end]`.
pub(super) fn has_affix<T: Unit>(text: &[T], affix: &[T], start: usize, end: usize, at_end: bool) -> bool {
    if start > text.len() || end < start || end - start < affix.len() {
        return false;
    }
    let at = if at_end { end - affix.len() } else { start };
    text[at..at + affix.len()] == *affix
}

/// `text` without the prefix (or, with `suffix`, the suffix) `affix` if it has it.
pub(super) fn without_affix<'a, T: Unit>(text: &'a [T], affix: &[T], suffix: bool) -> &'a [T] {
    if affix.is_empty() {
        text
    } else if suffix && text.ends_with(affix) {
        &text[..text.len() - affix.len()]
    } else if !suffix && text.starts_with(affix) {
        &text[affix.len()..]
    } else {
        text
    }
}

/// The arguments of `split`/`rsplit` (`sep`, `maxsplit`): the object, the separator's units
/// (None for whitespace; `units` converts it with the type's error) and the split limit.
pub(super) fn split_params<T: Unit>(
    space: &'static Space,
    name: &str,
    args: &Args,
    units: impl Fn(GcRef) -> PyResult<Vec<T>>,
) -> PyResult<(GcRef, Option<Vec<T>>, usize)> {
    let (text, values) = bind_method(space, name, args, &["sep", "maxsplit"], 0)?;
    let sep = match values[0] {
        Some(v) if v != space.none => {
            let sep = units(v)?;
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
    Ok((text, sep, usize::try_from(maxsplit).unwrap_or(usize::MAX)))
}

/// `split`/`rsplit`: the parts of `text` between occurrences of `sep`, or between runs of units
/// that `is_space` accepts when `sep` is None (then empty parts are dropped). At most `limit`
/// splits, made from the right with `from_right`; the parts come in text order.
pub(super) fn split<'a, T: Unit>(
    text: &'a [T],
    sep: Option<&[T]>,
    is_space: impl Fn(T) -> bool,
    limit: usize,
    from_right: bool,
) -> Vec<&'a [T]> {
    // Room for the parts of a line of words without growing (CPython preallocates 12 too).
    let mut parts = Vec::with_capacity(12);
    // What is not split yet: text[lo..hi]; splitting works inward from one edge.
    let (mut lo, mut hi) = (0, text.len());
    match sep {
        Some(sep) => {
            while parts.len() < limit {
                let Some(at) = search(text, sep, lo, hi, from_right) else { break };
                if from_right {
                    parts.push(&text[at + sep.len()..hi]);
                    hi = at;
                } else {
                    parts.push(&text[lo..at]);
                    lo = at + sep.len();
                }
            }
            parts.push(&text[lo..hi]);
        }
        None => {
            // The number of units at the working edge of text[lo..hi] that `is_space` answers
            // `want` for.
            let run = |lo: usize, hi: usize, want: bool| {
                let units = text[lo..hi].iter();
                let stop = |c: &T| is_space(*c) != want;
                if from_right { units.rev().position(stop) } else { units.clone().position(stop) }.unwrap_or(hi - lo)
            };
            loop {
                let blanks = run(lo, hi, true);
                if from_right {
                    hi -= blanks;
                } else {
                    lo += blanks;
                }
                if lo == hi {
                    break;
                }
                if parts.len() == limit {
                    parts.push(&text[lo..hi]);
                    break;
                }
                let word = run(lo, hi, false);
                if from_right {
                    parts.push(&text[hi - word..hi]);
                    hi -= word;
                } else {
                    parts.push(&text[lo..lo + word]);
                    lo += word;
                }
            }
        }
    }
    if from_right {
        parts.reverse();
    }
    parts
}

/// `splitlines`: the lines of `text`, broken after units that `is_break` accepts (`\r\n` is one
/// break), with their line ends if `keepends`.
pub(super) fn split_lines<T: Unit>(text: &[T], keepends: bool, is_break: impl Fn(T) -> bool) -> Vec<&[T]> {
    let mut parts = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < text.len() {
        if is_break(text[i]) {
            let mut end = i + 1;
            if text[i] == T::ascii(b'\r') && text.get(i + 1) == Some(&T::ascii(b'\n')) {
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
    parts
}

/// `strip`/`lstrip`/`rstrip`: `text` without the units `strip_unit` accepts at the start (if
/// `left`) and at the end (if `right`).
pub(super) fn strip<T: Unit>(text: &[T], strip_unit: impl Fn(T) -> bool, left: bool, right: bool) -> &[T] {
    let (mut start, mut end) = (0, text.len());
    if left {
        while start < end && strip_unit(text[start]) {
            start += 1;
        }
    }
    if right {
        while end > start && strip_unit(text[end - 1]) {
            end -= 1;
        }
    }
    &text[start..end]
}

/// `replace`: `text` with its first `limit` non-overlapping occurrences of `old` replaced by
/// `new`; an empty `old` matches before every unit and at the end.
pub(super) fn replace<T: Unit>(text: &[T], old: &[T], new: &[T], limit: usize) -> Vec<T> {
    let mut out = Vec::with_capacity(text.len());
    if old.is_empty() {
        for i in 0..=text.len() {
            if i < limit {
                out.extend_from_slice(new);
            }
            if let Some(&c) = text.get(i) {
                out.push(c);
            }
        }
    } else {
        let mut start = 0;
        for at in occurrences(text, old).into_iter().take(limit) {
            out.extend_from_slice(&text[start..at]);
            out.extend_from_slice(new);
            start = at + old.len();
        }
        out.extend_from_slice(&text[start..]);
    }
    out
}

/// `center` (`align` '^'), `ljust` ('<') and `rjust` ('>'): `text` padded with `fill` to
/// `width`, or None when it is that wide already.
pub(super) fn justify<T: Unit>(text: &[T], width: usize, fill: T, align: char) -> Option<Vec<T>> {
    let gap = width.checked_sub(text.len()).filter(|&gap| gap > 0)?;
    let (left, right) = match align {
        '<' => (0, gap),
        '>' => (gap, 0),
        _ => {
            // CPython's rounding: the odd unit goes left when the width is odd.
            let left = gap / 2 + (gap & width & 1);
            (left, gap - left)
        }
    };
    let mut out = vec![fill; left];
    out.extend_from_slice(text);
    out.extend(std::iter::repeat_n(fill, right));
    Some(out)
}

/// `zfill`: `text` padded on the left with zeros to `width`, after its sign if it has one; None
/// when it is that wide already.
pub(super) fn zero_fill<T: Unit>(text: &[T], width: usize) -> Option<Vec<T>> {
    let gap = width.checked_sub(text.len()).filter(|&gap| gap > 0)?;
    let zero = T::ascii(b'0');
    let mut out = vec![zero; gap];
    out.extend_from_slice(text);
    if let Some(&sign) = text.first() {
        if sign == T::ascii(b'+') || sign == T::ascii(b'-') {
            out[0] = sign;
            out[gap] = zero;
        }
    }
    Some(out)
}

/// `expandtabs`: tabs replaced by spaces up to the next multiple of `tabsize` columns (columns
/// restart after `\n` and `\r`); tabs vanish when `tabsize` is not positive.
pub(super) fn expand_tabs<T: Unit>(text: &[T], tabsize: i64) -> Vec<T> {
    let mut out = Vec::with_capacity(text.len());
    let mut column: i64 = 0;
    for &c in text {
        if c == T::ascii(b'\t') {
            if tabsize > 0 {
                let spaces = tabsize - column % tabsize;
                out.extend(std::iter::repeat_n(T::ascii(b' '), spaces as usize));
                column += spaces;
            }
        } else {
            out.push(c);
            column += 1;
            if c == T::ascii(b'\n') || c == T::ascii(b'\r') {
                column = 0;
            }
        }
    }
    out
}

//! "Did you mean" suggestions for `NameError` and `AttributeError`, as CPython 3.11's
//! Python/suggestions.c computes them for the report of an uncaught exception: the closest
//! name by a Levenshtein distance in which a case flip costs less than any other edit, among
//! `dir(obj)` for an `AttributeError` (its `obj` and `name` set when the error left an
//! attribute lookup) and among the innermost frame's local variables, then its globals, then
//! its builtins for a `NameError`.

use crate::dict;
use crate::exceptions::ExcKind;
use crate::frame::{self, W_Frame};
use crate::gc;
use crate::mapdict;
use crate::space::Space;
use crate::traceback::{self, W_Traceback};
use crate::unicode::{self, W_Str};
use metatrace_gc::{GcObject, GcRef};

/// The cost of inserting, deleting or substituting a character.
const MOVE_COST: usize = 2;
/// The cost of substituting a letter by the same letter in the other case.
const CASE_COST: usize = 1;
/// Names longer than this (in bytes, after common affixes are trimmed) are never suggested.
const MAX_STRING_SIZE: usize = 40;
/// With this many candidates or more, nothing is suggested.
const MAX_CANDIDATE_ITEMS: usize = 750;

/// The suggested name (a str) for uncaught exception `exc`, or `None`: CPython's
/// `_Py_Offer_Suggestions`. Errors while computing it are dropped, as CPython drops them.
pub fn offer(exc: GcRef) -> Option<GcRef> {
    let space = Space::get();
    let attribute = |name: &str| mapdict::get_attr(exc, space.intern(name)).filter(|&v| v != space.none);
    let name = attribute("name").filter(|n| n.layout() == W_Str::layout())?;
    let found = if traceback::is_instance_of(exc, ExcKind::NameError) {
        for_name_error(exc, name)
    } else if traceback::is_instance_of(exc, ExcKind::AttributeError) {
        let obj = attribute("obj")?;
        let names = crate::builtins::dir_of(space, obj).ok()?;
        closest(&crate::list::items(names), name)
    } else {
        None
    };
    found
}

/// A `NameError`'s suggestion: from the locals of the frame where it was raised, then its
/// globals, then its builtins.
fn for_name_error(exc: GcRef, name: GcRef) -> Option<GcRef> {
    let mut tb = gc::get_ref(exc, &crate::exceptions::W_Exception::TRACEBACK);
    if tb.is_null() {
        return None;
    }
    loop {
        let next = gc::get_ref(tb, &W_Traceback::NEXT);
        if next.is_null() {
            break;
        }
        tb = next;
    }
    let frame = gc::get_ref(tb, &W_Traceback::FRAME);
    let code = frame::code_of(frame);
    let locals = &code.varnames[..code.nlocals];
    if let Some(found) = closest(locals, name) {
        return Some(found);
    }
    let keys = |d: GcRef| dict::items(d).into_iter().map(|(k, _)| k).collect::<Vec<_>>();
    let globals = gc::get_ref(frame, &W_Frame::GLOBALS);
    if let Some(found) = closest(&keys(globals), name) {
        return Some(found);
    }
    let builtins = crate::subclass::unwrap(gc::get_ref(frame, &W_Frame::BUILTINS));
    if builtins.layout() != dict::W_Dict::layout() {
        return None;
    }
    closest(&keys(builtins), name)
}

/// The candidate nearest to `name` within a third of the characters involved, the first of
/// equally near ones; none among [`MAX_CANDIDATE_ITEMS`] or more.
fn closest(candidates: &[GcRef], name: GcRef) -> Option<GcRef> {
    if candidates.len() >= MAX_CANDIDATE_ITEMS {
        return None;
    }
    let wanted = unicode::to_string_lossy(name);
    let mut best: Option<(GcRef, usize)> = None;
    for &candidate in candidates {
        if candidate.layout() != W_Str::layout() {
            continue;
        }
        let text = unicode::to_string_lossy(candidate);
        if text == wanted {
            continue;
        }
        let mut max_distance = (wanted.len() + text.len() + 3) * MOVE_COST / 6;
        if let Some((_, distance)) = best {
            max_distance = max_distance.min(distance - 1);
        }
        let distance = levenshtein(wanted.as_bytes(), text.as_bytes(), max_distance);
        if distance <= max_distance && best.is_none_or(|(_, d)| distance < d) {
            best = Some((candidate, distance));
        }
    }
    best.map(|(candidate, _)| candidate)
}

/// The cost of replacing byte `a` by byte `b`.
fn substitution_cost(a: u8, b: u8) -> usize {
    if a == b {
        0
    } else if a.eq_ignore_ascii_case(&b) {
        CASE_COST
    } else {
        MOVE_COST
    }
}

/// The edit distance between `a` and `b` (UTF-8 bytes), or some value above `max_cost` when it
/// exceeds `max_cost`.
fn levenshtein<'a>(mut a: &'a [u8], mut b: &'a [u8], max_cost: usize) -> usize {
    while let (Some(x), Some(y)) = (a.first(), b.first()) {
        if x != y {
            break;
        }
        a = &a[1..];
        b = &b[1..];
    }
    while let (Some(x), Some(y)) = (a.last(), b.last()) {
        if x != y {
            break;
        }
        a = &a[..a.len() - 1];
        b = &b[..b.len() - 1];
    }
    if a.is_empty() || b.is_empty() {
        return (a.len() + b.len()) * MOVE_COST;
    }
    if a.len() > MAX_STRING_SIZE || b.len() > MAX_STRING_SIZE {
        return max_cost + 1;
    }
    if b.len() < a.len() {
        std::mem::swap(&mut a, &mut b);
    }
    if (b.len() - a.len()) * MOVE_COST > max_cost {
        return max_cost + 1;
    }
    // One row of the matrix, updated in place: row[i] is the cost from b[..j] to a[..i + 1].
    let mut row: Vec<usize> = (1..=a.len()).map(|i| i * MOVE_COST).collect();
    let mut result = 0;
    for (j, &code) in b.iter().enumerate() {
        let mut distance = j * MOVE_COST;
        result = distance;
        let mut minimum = usize::MAX;
        for (i, &c) in a.iter().enumerate() {
            let substitute = distance + substitution_cost(code, c);
            distance = row[i];
            result = (result.min(distance) + MOVE_COST).min(substitute);
            row[i] = result;
            minimum = minimum.min(result);
        }
        if minimum > max_cost {
            return max_cost + 1;
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::levenshtein;

    #[test]
    fn a_case_flip_costs_less_than_an_edit() {
        assert_eq!(levenshtein(b"foo", b"Foo", 10), 1);
        assert_eq!(levenshtein(b"foo", b"fxo", 10), 2);
        assert_eq!(levenshtein(b"foo", b"fooo", 10), 2);
        assert_eq!(levenshtein(b"", b"abc", 10), 6);
    }

    #[test]
    fn distances_above_the_limit_stop_early() {
        assert!(levenshtein(b"abcdef", b"uvwxyz", 3) > 3);
        assert!(levenshtein(b"a", b"abcdefgh", 4) > 4);
    }
}

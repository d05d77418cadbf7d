//! The methods of `set` and `frozenset`.

use super::*;
use crate::ops::BinOp;

/// The builtins defined here.
pub(super) static DEFS: &[BuiltinDef] = &[
    method("set", "add", set_add),
    method("set", "remove", set_remove),
    method("set", "discard", set_discard),
    method("set", "pop", set_pop),
    method("set", "clear", set_clear),
    method("set", "update", set_update),
    method("set", "intersection_update", set_intersection_update),
    method("set", "difference_update", set_difference_update),
    method("set", "symmetric_difference_update", set_symmetric_difference_update),
    method("set", "union", set_union),
    method("set", "intersection", set_intersection),
    method("set", "difference", set_difference),
    method("set", "symmetric_difference", set_symmetric_difference),
    method("set", "issubset", set_issubset),
    method("set", "issuperset", set_issuperset),
    method("set", "isdisjoint", set_isdisjoint),
    method("set", "copy", set_copy),
    method("set", "__reduce__", set_reduce),
    method("frozenset", "union", set_union),
    method("frozenset", "intersection", set_intersection),
    method("frozenset", "difference", set_difference),
    method("frozenset", "symmetric_difference", set_symmetric_difference),
    method("frozenset", "issubset", set_issubset),
    method("frozenset", "issuperset", set_issuperset),
    method("frozenset", "isdisjoint", set_isdisjoint),
    method("frozenset", "copy", set_copy),
    method("frozenset", "__reduce__", set_reduce),
];

/// `__reduce__` of a set or frozenset: `(type(s), (list(s),), s.__getstate__())`.
fn set_reduce(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, _) = method_args(space, "__reduce__", args, 0, 0)?;
    let keep = metatrace_gc::RootSet::new();
    let items = keep.add(list::new_list(&objspace::to_vec(s)?));
    let state = keep.add(objspace::call(objspace::getattr(s, space.intern("__getstate__"))?, &[])?);
    Ok(W_Tuple::from_slice(&[space.type_of(s), W_Tuple::from_slice(&[items]), state]))
}

fn set_add(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "set.add", args, 1, 1)?;
    set::add(s, rest[0])?;
    Ok(space.none)
}

fn set_remove(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "set.remove", args, 1, 1)?;
    if set::discard(s, rest[0])? {
        Ok(space.none)
    } else {
        Err(space.new_exception_args(ExcKind::KeyError, &[rest[0]]))
    }
}

fn set_discard(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "set.discard", args, 1, 1)?;
    set::discard(s, rest[0])?;
    Ok(space.none)
}

fn set_pop(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, _) = method_args(space, "set.pop", args, 0, 0)?;
    set::pop(s).ok_or_else(|| space.new_exception(ExcKind::KeyError, "pop from an empty set"))
}

fn set_clear(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, _) = method_args(space, "set.clear", args, 0, 0)?;
    set::clear(s);
    Ok(space.none)
}

/// `other` as a set or frozenset: itself when it is one, else a new set (a frozenset when
/// `frozen`) of its items, added in order (CPython's `make_new_set`).
fn as_set_of_kind(other: GcRef, frozen: bool) -> PyResult<GcRef> {
    if set::is_set(other) {
        return Ok(other);
    }
    set::from_iterable(frozen, other)
}

/// `other` as a set or frozenset (see [`as_set_of_kind`]).
fn as_set(other: GcRef) -> PyResult<GcRef> {
    as_set_of_kind(other, false)
}

/// `s.union(*others)` (CPython's `set_union`): a copy of `s` updated with each other iterable.
fn set_union(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "union", args, 0, usize::MAX)?;
    let result = set::binop(BinOp::Or, s, s)?;
    let _rooted = metatrace_gc::Root::new(result);
    for &other in rest {
        if other == s {
            continue;
        }
        set::update_from_iterable(result, other)?;
    }
    Ok(result)
}

/// `s & other` for any iterable `other` (CPython's `set_intersection`): a set's table probed
/// from the smaller side, other items probed in their order.
fn intersection(s: GcRef, other: GcRef) -> PyResult<GcRef> {
    if set::is_set(other) {
        return set::binop(BinOp::And, s, other);
    }
    let items = objspace::to_vec(other)?;
    let result = set::new_empty_like(s);
    let _rooted = metatrace_gc::Root::new(result);
    for &item in items.iter() {
        if set::contains_hashed(s, item)? {
            set::add(result, item)?;
        }
    }
    Ok(result)
}

/// `s.intersection(*others)` (CPython's `set_intersection_multi`).
fn intersection_multi(s: GcRef, others: &[GcRef]) -> PyResult<GcRef> {
    let roots = metatrace_gc::RootSet::new();
    let mut result = s;
    for &other in others {
        result = roots.add(intersection(result, other)?);
    }
    if result == s {
        result = set::binop(BinOp::Or, s, s)?;
    }
    Ok(result)
}

fn set_intersection(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "intersection", args, 0, usize::MAX)?;
    intersection_multi(s, rest)
}

fn set_intersection_update(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "set.intersection_update", args, 0, usize::MAX)?;
    // A set's intersections are sets, whose tables are their own (see `set::binop`).
    let result = intersection_multi(s, rest)?;
    set::take_table(s, result);
    Ok(space.none)
}

/// `s - other` for any iterable `other` (CPython's `set_difference`): by the sizes when `other`
/// is a set or dict, else a copy of `s` without `other`'s items.
fn difference(s: GcRef, other: GcRef) -> PyResult<GcRef> {
    let sized = set::is_set(other) || other.layout() == W_Dict::layout();
    let other = as_set(other)?;
    if sized {
        // The result goes on changing when more sets follow (`set_difference`).
        return set::binop_table(BinOp::Sub, s, other);
    }
    let _rooted = metatrace_gc::Root::new(other);
    let result = set::binop(BinOp::Or, s, s)?;
    set::difference_update(result, other)?;
    Ok(result)
}

fn set_difference(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "difference", args, 0, usize::MAX)?;
    let Some((&first, rest)) = rest.split_first() else { return set::binop(BinOp::Or, s, s) };
    let result = difference(s, first)?;
    let _rooted = metatrace_gc::Root::new(result);
    for &other in rest {
        set::difference_update(result, as_set(other)?)?;
    }
    Ok(result)
}

fn set_difference_update(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "set.difference_update", args, 0, usize::MAX)?;
    for &other in rest {
        set::difference_update(s, as_set(other)?)?;
    }
    Ok(space.none)
}

fn set_symmetric_difference_update(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "symmetric_difference_update", args, 1, 1)?;
    set::symmetric_difference_update(s, as_set(rest[0])?)?;
    Ok(space.none)
}

/// `s.symmetric_difference(other)` (CPython's `set_symmetric_difference`): a new set of `s`'s
/// kind made from `other`, updated with `s`.
fn set_symmetric_difference(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "symmetric_difference", args, 1, 1)?;
    let other = rest[0];
    if set::is_set(other) {
        return set::binop(BinOp::Xor, s, other);
    }
    let result = as_set_of_kind(other, s.layout() == set::W_FrozenSet::layout())?;
    let _rooted = metatrace_gc::Root::new(result);
    set::symmetric_difference_update(result, s)?;
    Ok(result)
}

fn set_update(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "set.update", args, 0, usize::MAX)?;
    for &other in rest {
        set::update_from_iterable(s, other)?;
    }
    Ok(space.none)
}

fn set_issubset(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "issubset", args, 1, 1)?;
    let other = as_set(rest[0])?;
    Ok(space.w_bool(set::is_subset(s, other)?))
}

fn set_issuperset(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "issuperset", args, 1, 1)?;
    let other = objspace::to_vec(rest[0])?;
    for &item in other.iter() {
        if !set::contains(s, item)? {
            return Ok(space.w_bool(false));
        }
    }
    Ok(space.w_bool(true))
}

fn set_isdisjoint(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "isdisjoint", args, 1, 1)?;
    if set::is_set(rest[0]) {
        return Ok(space.w_bool(set::is_disjoint(s, rest[0])?));
    }
    let other = objspace::to_vec(rest[0])?;
    for &item in other.iter() {
        if set::contains_hashed(s, item)? {
            return Ok(space.w_bool(false));
        }
    }
    Ok(space.w_bool(true))
}

fn set_copy(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, _) = method_args(space, "copy", args, 0, 0)?;
    if s.layout() == set::W_FrozenSet::layout() {
        return Ok(s);
    }
    set::binop(BinOp::Or, s, s)
}

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
    method("frozenset", "union", set_union),
    method("frozenset", "intersection", set_intersection),
    method("frozenset", "difference", set_difference),
    method("frozenset", "symmetric_difference", set_symmetric_difference),
    method("frozenset", "issubset", set_issubset),
    method("frozenset", "issuperset", set_issuperset),
    method("frozenset", "isdisjoint", set_isdisjoint),
    method("frozenset", "copy", set_copy),
];

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
    let Some(&item) = set::items(s).first() else {
        return Err(space.new_exception(ExcKind::KeyError, "pop from an empty set"));
    };
    set::discard(s, item)?;
    Ok(item)
}

fn set_clear(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, _) = method_args(space, "set.clear", args, 0, 0)?;
    set::clear(s);
    Ok(space.none)
}

/// `other` as a set or frozenset: itself when it is one, else a new set of its items.
fn as_set(other: GcRef) -> PyResult<GcRef> {
    if set::is_set(other) {
        return Ok(other);
    }
    let items = objspace::to_vec(other)?;
    let s = set::new_set();
    set::update(s, &items)?;
    Ok(s)
}

/// `s op other1 op other2 ...` as a new set of `s`'s kind.
fn combine(space: &'static Space, args: &Args, name: &str, op: BinOp) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, name, args, 0, usize::MAX)?;
    let roots = metatrace_gc::RootSet::new();
    let mut result = roots.add(set::binop(BinOp::Or, s, s)?);
    for &other in rest {
        let other = roots.add(as_set(other)?);
        result = roots.add(set::binop(op, result, other)?);
    }
    Ok(result)
}

/// `s op= other1; s op= other2 ...` in place.
fn combine_in_place(space: &'static Space, args: &Args, name: &str, op: BinOp) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, name, args, 0, usize::MAX)?;
    let roots = metatrace_gc::RootSet::new();
    for &other in rest {
        let other = roots.add(as_set(other)?);
        let result = roots.add(set::binop(op, s, other)?);
        for item in set::items(s) {
            set::discard(s, item)?;
        }
        set::update_from_set(s, result)?;
    }
    Ok(space.none)
}

fn set_update(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "set.update", args, 0, usize::MAX)?;
    for &other in rest {
        if set::is_set(other) {
            set::update_from_set(s, other)?;
        } else {
            set::update(s, &objspace::to_vec(other)?)?;
        }
    }
    Ok(space.none)
}

fn set_intersection_update(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    combine_in_place(space, args, "set.intersection_update", BinOp::And)
}

fn set_difference_update(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    combine_in_place(space, args, "set.difference_update", BinOp::Sub)
}

fn set_symmetric_difference_update(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "symmetric_difference_update", args, 1, 1)?;
    let _ = s;
    let single = Args { positional: smallvec::smallvec![args.positional[0], rest[0]], keywords: Vec::new() };
    combine_in_place(space, &single, "symmetric_difference_update", BinOp::Xor)
}

fn set_union(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    combine(space, args, "union", BinOp::Or)
}

fn set_intersection(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    combine(space, args, "intersection", BinOp::And)
}

fn set_difference(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    combine(space, args, "difference", BinOp::Sub)
}

fn set_symmetric_difference(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "symmetric_difference", args, 1, 1)?;
    let other = as_set(rest[0])?;
    set::binop(BinOp::Xor, s, other)
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
    let other = objspace::to_vec(rest[0])?;
    for &item in other.iter() {
        if set::contains(s, item)? {
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

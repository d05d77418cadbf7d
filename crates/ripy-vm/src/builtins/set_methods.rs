//! The methods of `set` and `frozenset`.

use super::*;

/// The builtins defined here.
pub(super) static DEFS: &[BuiltinDef] = &[
    method("set", "add", set_add),
    method("set", "remove", set_remove),
    method("set", "discard", set_discard),
    method("set", "pop", set_pop),
    method("set", "update", set_update),
    method("set", "union", set_union),
    method("set", "intersection", set_intersection),
    method("set", "difference", set_difference),
    method("set", "issubset", set_issubset),
    method("set", "issuperset", set_issuperset),
    method("set", "copy", set_copy),
    method("set", "clear", set_clear),
    method("frozenset", "union", set_union),
    method("frozenset", "intersection", set_intersection),
    method("frozenset", "issubset", set_issubset),
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
    let (s, _) = method_args(space, "pop", args, 0, 0)?;
    let Some(&item) = set::items(s).first() else {
        return Err(space.new_exception(ExcKind::KeyError, "pop from an empty set"));
    };
    set::discard(s, item)?;
    Ok(item)
}

fn set_update(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "update", args, 0, usize::MAX)?;
    for &other in rest {
        set::update(s, &objspace::to_vec(other)?)?;
    }
    Ok(space.none)
}

/// A new set or frozenset like `s` holding `items`.
fn set_like(s: GcRef, items: &[GcRef]) -> PyResult<GcRef> {
    if s.layout() == set::W_FrozenSet::layout() {
        return set::new_frozenset(items);
    }
    let result = set::new_set();
    set::update(result, items)?;
    Ok(result)
}

fn set_union(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "union", args, 0, usize::MAX)?;
    let mut items = set::items(s);
    for &other in rest {
        items.extend(objspace::to_vec(other)?.iter().copied());
    }
    set_like(s, &items)
}

fn set_intersection(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "intersection", args, 0, usize::MAX)?;
    let mut items = set::items(s);
    for &other in rest {
        let other = set_like(set::new_set(), &objspace::to_vec(other)?)?;
        let mut kept = Vec::new();
        for item in items {
            if set::contains(other, item)? {
                kept.push(item);
            }
        }
        items = kept;
    }
    set_like(s, &items)
}

fn set_difference(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "difference", args, 0, usize::MAX)?;
    let mut items = set::items(s);
    for &other in rest {
        let other = set_like(set::new_set(), &objspace::to_vec(other)?)?;
        let mut kept = Vec::new();
        for item in items {
            if !set::contains(other, item)? {
                kept.push(item);
            }
        }
        items = kept;
    }
    set_like(s, &items)
}

fn set_issubset(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "issubset", args, 1, 1)?;
    let other = set_like(set::new_set(), &objspace::to_vec(rest[0])?)?;
    for item in set::items(s) {
        if !set::contains(other, item)? {
            return Ok(space.w_bool(false));
        }
    }
    Ok(space.w_bool(true))
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

fn set_copy(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, _) = method_args(space, "copy", args, 0, 0)?;
    set_like(s, &set::items(s))
}

fn set_clear(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, _) = method_args(space, "clear", args, 0, 0)?;
    for item in set::items(s) {
        set::discard(s, item)?;
    }
    Ok(space.none)
}

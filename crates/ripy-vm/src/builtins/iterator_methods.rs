//! The iterator, pickling and length-hint protocols of the builtin iterators (`range_iterator`,
//! `list_iterator`, `tuple_iterator`, `str_iterator`, `reversed`, `dict_iterator`,
//! `set_iterator`, `callable_iterator` (no length hint) and the snapshot `iterator` of buffers):
//! `__iter__`, `__next__`, `__reduce__`, `__setstate__` and `__length_hint__`, as CPython's; and
//! the pickling of the iterator combinators `map`, `filter`, `zip` and `enumerate`.
//!
//! An iterator reduces to the call that remakes it at its start (`iter(seq)`,
//! `reversed(seq)`) and its position, which `__setstate__` restores.

use super::*;
use crate::iter::{
    W_DictIter, W_FilterIter, W_ListIter, W_MapIter, W_RangeIter, W_SeqIter, W_SnapshotIter, W_StrIter, W_TupleIter,
    W_Zip,
};
use crate::storage::RefArray;

/// The builtins defined here.
pub(super) static DEFS: &[BuiltinDef] = &[
    method("range_iterator", "__reduce__", iter_reduce),
    method("list_iterator", "__reduce__", iter_reduce),
    method("tuple_iterator", "__reduce__", iter_reduce),
    method("str_iterator", "__reduce__", iter_reduce),
    method("reversed", "__reduce__", iter_reduce),
    method("iterator", "__reduce__", iter_reduce),
    method("dict_iterator", "__reduce__", iter_reduce),
    method("set_iterator", "__reduce__", iter_reduce),
    method("callable_iterator", "__reduce__", callable_iter_reduce),
    method("map", "__reduce__", combinator_reduce),
    method("filter", "__reduce__", combinator_reduce),
    method("zip", "__reduce__", combinator_reduce),
    method("enumerate", "__reduce__", combinator_reduce),
    method("zip", "__setstate__", zip_setstate),
    method("range_iterator", "__setstate__", iter_setstate),
    method("list_iterator", "__setstate__", iter_setstate),
    method("tuple_iterator", "__setstate__", iter_setstate),
    method("str_iterator", "__setstate__", iter_setstate),
    method("reversed", "__setstate__", iter_setstate),
    method("iterator", "__setstate__", iter_setstate),
    method("range_iterator", "__length_hint__", iter_length_hint),
    method("list_iterator", "__length_hint__", iter_length_hint),
    method("tuple_iterator", "__length_hint__", iter_length_hint),
    method("str_iterator", "__length_hint__", iter_length_hint),
    method("reversed", "__length_hint__", iter_length_hint),
    method("iterator", "__length_hint__", iter_length_hint),
    method("dict_iterator", "__length_hint__", iter_length_hint),
    method("set_iterator", "__length_hint__", iter_length_hint),
    method("range_iterator", "__iter__", iter_self),
    method("list_iterator", "__iter__", iter_self),
    method("tuple_iterator", "__iter__", iter_self),
    method("str_iterator", "__iter__", iter_self),
    method("iterator", "__iter__", iter_self),
    method("dict_iterator", "__iter__", iter_self),
    method("set_iterator", "__iter__", iter_self),
    method("callable_iterator", "__iter__", iter_self),
    method("range_iterator", "__next__", iter_next),
    method("list_iterator", "__next__", iter_next),
    method("tuple_iterator", "__next__", iter_next),
    method("str_iterator", "__next__", iter_next),
    method("iterator", "__next__", iter_next),
    method("dict_iterator", "__next__", iter_next),
    method("set_iterator", "__next__", iter_next),
    method("callable_iterator", "__next__", iter_next),
];

/// `it.__iter__()`: the iterator itself.
fn iter_self(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    Ok(receiver(space, "__iter__", args, 0)?.0)
}

/// `it.__next__()`: the next item, `StopIteration` at the end.
fn iter_next(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (it, _) = receiver(space, "__next__", args, 0)?;
    match objspace::next(it)? {
        Some(item) => Ok(item),
        None => Err(space.new_exception_args(ExcKind::StopIteration, &[])),
    }
}

/// The iterator a method `name` is called on; `TypeError` when the receiver is no builtin
/// iterator.
fn receiver(space: &Space, name: &str, args: &Args, arity: usize) -> PyResult<(GcRef, GcRef)> {
    let (it, rest) = method_args(space, name, args, arity, arity)?;
    let layouts = [
        W_RangeIter::layout(),
        W_ListIter::layout(),
        W_TupleIter::layout(),
        W_StrIter::layout(),
        W_Reversed::layout(),
        W_SnapshotIter::layout(),
        crate::set::W_SetIter::layout(),
        W_DictIter::layout(),
        W_SeqIter::layout(),
        iter::W_CallableIter::layout(),
    ];
    if !layouts.contains(&it.layout()) {
        return Err(type_error(
            space,
            format!("descriptor '{name}' requires an iterator object but received '{}'", space.type_name(it)),
        ));
    }
    Ok((it, rest.first().copied().unwrap_or(space.none)))
}

/// The builtin function `name` (`iter`, `reversed`).
fn builtin(space: &Space, name: &str) -> GcRef {
    dict::get_str(space.builtins, space.intern(name)).unwrap_or(space.none)
}

/// `(func, (arg,))` or, with a position, `(func, (arg,), position)`.
fn reduction(space: &Space, func: &str, arg: GcRef, position: Option<i64>) -> GcRef {
    let args = W_Tuple::from_slice(&[arg]);
    match position {
        Some(i) => W_Tuple::from_slice(&[builtin(space, func), args, heap_int(i)]),
        None => W_Tuple::from_slice(&[builtin(space, func), args]),
    }
}

fn iter_reduce(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (it, _) = receiver(space, "__reduce__", args, 0)?;
    let layout = it.layout();
    if layout == W_RangeIter::layout() {
        // The range of its values, stopping where CPython's does (`start + length * step`), or
        // just past the last value when that is beyond i64 (so that it makes a range iterator
        // again).
        let (start, step, length, position) = range_iter_state(it);
        let past_last = if step > 0 { 1 } else { -1 };
        let stop = start
            .checked_add(length.wrapping_mul(step))
            .filter(|_| length.checked_mul(step).is_some())
            .unwrap_or_else(|| start + (length - 1) * step + past_last);
        let range = iter::new_range(start, stop, step);
        return Ok(reduction(space, "iter", range, Some(position)));
    }
    if let Some((seq_field, index_field)) = sequence_iter_fields(layout) {
        let seq = gc::get_ref(it, seq_field);
        if seq.is_null() {
            let empty = if layout == W_ListIter::layout() { list::new_list(&[]) } else { W_Tuple::from_slice(&[]) };
            return Ok(reduction(space, "iter", empty, None));
        }
        return Ok(reduction(space, "iter", seq, Some(gc::get_i64(it, index_field))));
    }
    if layout == W_StrIter::layout() {
        let s = gc::get_ref(it, &W_StrIter::STRING);
        return Ok(reduction(space, "iter", s, Some(gc::get_i64(it, &W_StrIter::INDEX))));
    }
    if layout == W_Reversed::layout() {
        let seq = gc::get_ref(it, &W_Reversed::SEQ);
        return Ok(reduction(space, "reversed", seq, Some(gc::get_i64(it, &W_Reversed::INDEX))));
    }
    if layout == W_SeqIter::layout() {
        let seq = gc::get_ref(it, &W_SeqIter::SEQ);
        if seq.is_null() {
            return Ok(reduction(space, "iter", W_Tuple::from_slice(&[]), None));
        }
        return Ok(reduction(space, "iter", seq, Some(gc::get_i64(it, &W_SeqIter::INDEX))));
    }
    if layout == W_DictIter::layout() {
        return Ok(reduction(space, "iter", list::new_list(&iter::dict_iter_rest(it)?), None));
    }
    if layout == crate::set::W_SetIter::layout() {
        return Ok(reduction(space, "iter", list::new_list(&crate::set::iter_rest(it)?), None));
    }
    // A snapshot iterator: the items left, as a list.
    let items = gc::get_ref(it, &W_SnapshotIter::ITEMS);
    let start = gc::get_i64(it, &W_SnapshotIter::INDEX) as usize;
    let left: objspace::RootedVec =
        (start..gc::len(items, &RefArray::ITEMS)).map(|i| gc::item_ref(items, &RefArray::ITEMS, i)).collect();
    Ok(reduction(space, "iter", list::new_list(&left), None))
}

/// `callable_iterator.__reduce__()`: `(iter, (callable, sentinel))`, or `(iter, ((),))` once
/// the sentinel has ended it.
fn callable_iter_reduce(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (it, _) = method_args(space, "__reduce__", args, 0, 0)?;
    if it.layout() != iter::W_CallableIter::layout() {
        let message = format!(
            "descriptor '__reduce__' requires a 'callable_iterator' object but received '{}'",
            space.type_name(it)
        );
        return Err(type_error(space, message));
    }
    let func = gc::get_ref(it, &iter::W_CallableIter::FUNC);
    let arguments = if func.is_null() {
        W_Tuple::from_slice(&[W_Tuple::from_slice(&[])])
    } else {
        W_Tuple::from_slice(&[func, gc::get_ref(it, &iter::W_CallableIter::SENTINEL)])
    };
    let _arguments = metatrace_gc::Root::new(arguments);
    Ok(W_Tuple::from_slice(&[builtin(space, "iter"), arguments]))
}

/// `__reduce__` of `map`, `filter`, `zip` and `enumerate` objects: their type and the arguments
/// that make an equal one from their iterators' current state (`zip(..., strict=True)` adds the
/// state `True` for `__setstate__`).
fn combinator_reduce(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, _) = method_args(space, "__reduce__", args, 0, 0)?;
    let it = crate::subclass::unwrap(obj);
    let layout = it.layout();
    let mut state = None;
    let arguments = if layout == W_MapIter::layout() {
        let iters = W_Tuple::items(gc::get_ref(it, &W_MapIter::ITERS)).to_vec();
        let parts: objspace::RootedVec = std::iter::once(gc::get_ref(it, &W_MapIter::FUNC)).chain(iters).collect();
        W_Tuple::from_slice(&parts)
    } else if layout == W_FilterIter::layout() {
        let func = gc::get_ref(it, &W_FilterIter::FUNC);
        W_Tuple::from_slice(&[if func.is_null() { space.none } else { func }, gc::get_ref(it, &W_FilterIter::ITER)])
    } else if layout == W_Zip::layout() {
        if gc::get_i64(it, &W_Zip::STRICT) != 0 {
            state = Some(space.w_bool(true));
        }
        gc::get_ref(it, &W_Zip::ITERS)
    } else if layout == iter::W_Enumerate::layout() {
        let count = heap_int(gc::get_i64(it, &iter::W_Enumerate::COUNT));
        let _count = metatrace_gc::Root::new(count);
        W_Tuple::from_slice(&[gc::get_ref(it, &iter::W_Enumerate::ITER), count])
    } else {
        let message =
            format!("descriptor '__reduce__' requires an iterator object but received '{}'", space.type_name(obj));
        return Err(type_error(space, message));
    };
    let _arguments = metatrace_gc::Root::new(arguments);
    let ty = space.type_of(obj);
    Ok(match state {
        Some(state) => W_Tuple::from_slice(&[ty, arguments, state]),
        None => W_Tuple::from_slice(&[ty, arguments]),
    })
}

/// `zip.__setstate__(strict)`: whether it checks that its iterables have the same length.
fn zip_setstate(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, rest) = method_args(space, "__setstate__", args, 1, 1)?;
    let it = crate::subclass::unwrap(obj);
    if it.layout() != W_Zip::layout() {
        let message =
            format!("descriptor '__setstate__' requires a 'zip' object but received '{}'", space.type_name(obj));
        return Err(type_error(space, message));
    }
    gc::set_i64(it, &W_Zip::STRICT, i64::from(objspace::truthy(rest[0])?));
    Ok(space.none)
}

/// The first value, step, number of values and position of a range iterator. (Its next value
/// wraps around past the last value; the arithmetic modulo 2**64 still gives the exact first.)
fn range_iter_state(it: GcRef) -> (i64, i64, i64, i64) {
    let (next, step, left, length) = (
        gc::get_i64(it, &W_RangeIter::NEXT),
        gc::get_i64(it, &W_RangeIter::STEP),
        gc::get_i64(it, &W_RangeIter::REMAINING).max(0),
        gc::get_i64(it, &W_RangeIter::LENGTH),
    );
    let position = length - left;
    (next.wrapping_sub(position.wrapping_mul(step)), step, length, position)
}

/// The position given to `__setstate__`: an int, a big one clamped to the machine's range.
fn state_position(space: &Space, v: GcRef) -> PyResult<i64> {
    let value = crate::subclass::inner(v).unwrap_or(v);
    if value.layout() == W_Long::layout() {
        let negative = bigint::to_ibig(value).is_some_and(|b| b < IBig::from(0));
        return Ok(if negative { i64::MIN } else { i64::MAX });
    }
    objspace::index_value(v, &format!("'{}' object cannot be interpreted as an integer", space.type_name(v)))
}

fn iter_setstate(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (it, state) = receiver(space, "__setstate__", args, 1)?;
    let position = state_position(space, state)?;
    let layout = it.layout();
    if layout == W_RangeIter::layout() {
        let (start, step, length, _) = range_iter_state(it);
        let position = position.clamp(0, length);
        gc::set_i64(it, &W_RangeIter::NEXT, start.wrapping_add(position.wrapping_mul(step)));
        gc::set_i64(it, &W_RangeIter::REMAINING, length - position);
    } else if let Some((seq_field, index_field)) = sequence_iter_fields(layout) {
        let seq = gc::get_ref(it, seq_field);
        if !seq.is_null() {
            let len = objspace::len(seq)? as i64;
            gc::set_i64(it, index_field, position.clamp(0, len));
        }
    } else if layout == W_StrIter::layout() {
        let len = unicode::char_len(gc::get_ref(it, &W_StrIter::STRING)) as i64;
        gc::set_i64(it, &W_StrIter::INDEX, position.clamp(0, len));
    } else if layout == W_Reversed::layout() {
        let len = objspace::len(gc::get_ref(it, &W_Reversed::SEQ))? as i64;
        gc::set_i64(it, &W_Reversed::INDEX, position.clamp(-1, len - 1));
    } else if layout == W_SeqIter::layout() && !gc::get_ref(it, &W_SeqIter::SEQ).is_null() {
        gc::set_i64(it, &W_SeqIter::INDEX, position.max(0));
    }
    Ok(space.none)
}

/// The sequence and position fields of a list or tuple iterator's layout.
fn sequence_iter_fields(
    layout: &metatrace_gc::Layout,
) -> Option<(&'static metatrace_gc::FieldDescr, &'static metatrace_gc::FieldDescr)> {
    if layout == W_ListIter::layout() {
        Some((&W_ListIter::LIST, &W_ListIter::INDEX))
    } else if layout == W_TupleIter::layout() {
        Some((&W_TupleIter::TUPLE, &W_TupleIter::INDEX))
    } else {
        None
    }
}

fn iter_length_hint(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (it, _) = receiver(space, "__length_hint__", args, 0)?;
    let layout = it.layout();
    let left = if layout == W_RangeIter::layout() {
        gc::get_i64(it, &W_RangeIter::REMAINING)
    } else if let Some((seq_field, index_field)) = sequence_iter_fields(layout) {
        let seq = gc::get_ref(it, seq_field);
        if seq.is_null() {
            0
        } else {
            objspace::len(seq)? as i64 - gc::get_i64(it, index_field)
        }
    } else if layout == W_StrIter::layout() {
        unicode::char_len(gc::get_ref(it, &W_StrIter::STRING)) as i64 - gc::get_i64(it, &W_StrIter::INDEX)
    } else if layout == W_Reversed::layout() {
        let index = gc::get_i64(it, &W_Reversed::INDEX);
        let len = objspace::len(gc::get_ref(it, &W_Reversed::SEQ))? as i64;
        if index < len {
            index + 1
        } else {
            0
        }
    } else if layout == W_SeqIter::layout() {
        let seq = gc::get_ref(it, &W_SeqIter::SEQ);
        if seq.is_null() {
            0
        } else {
            objspace::len(seq)? as i64 - gc::get_i64(it, &W_SeqIter::INDEX)
        }
    } else if layout == W_DictIter::layout() {
        iter::dict_iter_length(it)
    } else if layout == crate::set::W_SetIter::layout() {
        crate::set::iter_length_hint(it)
    } else {
        let items = gc::get_ref(it, &W_SnapshotIter::ITEMS);
        gc::len(items, &RefArray::ITEMS) as i64 - gc::get_i64(it, &W_SnapshotIter::INDEX)
    };
    Ok(heap_int(left.max(0)))
}

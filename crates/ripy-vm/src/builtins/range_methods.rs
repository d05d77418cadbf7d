//! The methods of `range` and `slice`.

use super::*;
use crate::iter::W_Slice;

/// The builtins defined here.
pub(super) static DEFS: &[BuiltinDef] = &[
    method("range", "index", range_index),
    method("range", "count", range_count),
    method("range", "__reduce__", range_reduce),
    method("slice", "indices", slice_indices),
    method("slice", "__reduce__", slice_reduce),
];

/// The positions of the values of range `r` equal to `v` (an exact int's is computed; other
/// objects are compared with each value, as CPython's sequence search does); at most the first
/// when `first_only`.
fn range_matches(r: GcRef, v: GcRef, first_only: bool) -> PyResult<Vec<i64>> {
    if let Some(position) = iter::range_position(r, v) {
        return Ok(position.into_iter().collect());
    }
    let n = gc::get_i64(r, &W_Range::LENGTH);
    let (start, step) = (gc::get_i64(r, &W_Range::START), gc::get_i64(r, &W_Range::STEP));
    let mut found = Vec::new();
    for k in 0..n {
        if objspace::eq(heap_int(start + k * step), v)? {
            found.push(k);
            if first_only {
                break;
            }
        }
    }
    Ok(found)
}

fn range_index(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (r, rest) = method_args(space, "index", args, 1, 1)?;
    match range_matches(r, rest[0], true)?.first() {
        Some(&k) => Ok(heap_int(k)),
        None if iter::range_position(r, rest[0]).is_some() => {
            Err(value_error(space, &format!("{} is not in range", objspace::repr(rest[0])?)))
        }
        None => Err(value_error(space, "sequence.index(x): x not in sequence")),
    }
}

fn range_count(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (r, rest) = method_args(space, "count", args, 1, 1)?;
    Ok(heap_int(range_matches(r, rest[0], false)?.len() as i64))
}

/// `range.__reduce__()`: `(range, (start, stop, step))`.
fn range_reduce(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (r, _) = method_args(space, "__reduce__", args, 0, 0)?;
    let bounds = [&W_Range::START, &W_Range::STOP, &W_Range::STEP].map(|field| heap_int(gc::get_i64(r, field)));
    Ok(W_Tuple::from_slice(&[space.runtime_type("range"), W_Tuple::from_slice(&bounds)]))
}

/// An index object's value as a big integer (`__index__` included); `TypeError` with `message`
/// for other objects.
fn big_index(space: &Space, v: GcRef, message: &str) -> PyResult<IBig> {
    if let Some(b) = bigint::to_ibig(crate::subclass::unwrap(v)) {
        return Ok(b);
    }
    let Some(f) = objspace::lookup_user(v, "__index__") else {
        return Err(type_error(space, message.to_owned()));
    };
    let r = objspace::call_bound(f, v, &Args::default())?;
    bigint::to_ibig(crate::subclass::unwrap(r))
        .ok_or_else(|| type_error(space, format!("__index__ returned non-int (type {})", space.type_name(r))))
}

/// `slice.indices(length)`: the start, stop and step the slice selects in a sequence of
/// `length` items, for any (big) integers, as CPython's `_PySlice_GetLongIndices`.
fn slice_indices(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "indices", args, 1, 1)?;
    let message = format!("'{}' object cannot be interpreted as an integer", space.type_name(rest[0]));
    let length = big_index(space, rest[0], &message)?;
    let zero = IBig::from(0);
    if length < zero {
        return Err(value_error(space, "length should not be negative"));
    }
    let part = |field| -> PyResult<Option<IBig>> {
        let v = gc::get_ref(s, field);
        if v == space.none {
            return Ok(None);
        }
        big_index(space, v, "slice indices must be integers or None or have an __index__ method").map(Some)
    };
    let step = part(&W_Slice::STEP)?.unwrap_or(IBig::from(1));
    if step == zero {
        return Err(value_error(space, "slice step cannot be zero"));
    }
    let backwards = step < zero;
    let (lower, upper) =
        if backwards { (IBig::from(-1), &length - IBig::from(1)) } else { (zero.clone(), length.clone()) };
    let bound = |v: Option<IBig>, default: &IBig| match v {
        None => default.clone(),
        Some(v) if v < zero => (v + &length).max(lower.clone()),
        Some(v) => v.min(upper.clone()),
    };
    let start = bound(part(&W_Slice::START)?, if backwards { &upper } else { &lower });
    let stop = bound(part(&W_Slice::STOP)?, if backwards { &lower } else { &upper });
    let parts = [start, stop, step].map(|v| bigint::from_ibig(&v));
    Ok(W_Tuple::from_slice(&parts))
}

/// `slice.__reduce__()`: `(slice, (start, stop, step))`.
fn slice_reduce(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, _) = method_args(space, "__reduce__", args, 0, 0)?;
    let bounds = [&W_Slice::START, &W_Slice::STOP, &W_Slice::STEP].map(|field| gc::get_ref(s, field));
    Ok(W_Tuple::from_slice(&[space.runtime_type("slice"), W_Tuple::from_slice(&bounds)]))
}

//! The methods of `range` and `slice`.

use super::*;

/// The builtins defined here.
pub(super) static DEFS: &[BuiltinDef] = &[
    method("range", "index", range_index),
    method("range", "count", range_count),
    method("slice", "indices", slice_indices),
];

/// The position of `v` in range `r`, if it is one of its values.
fn range_position(r: GcRef, v: GcRef) -> PyResult<Option<i64>> {
    let Some(x) = objspace::int_value(v) else {
        // Not a machine int: compare by equality with each value, as CPython does for others.
        let n = gc::get_i64(r, &W_Range::LENGTH);
        let (start, step) = (gc::get_i64(r, &W_Range::START), gc::get_i64(r, &W_Range::STEP));
        if bigint::to_ibig(v).is_some() {
            return Ok(None);
        }
        for k in 0..n {
            if objspace::eq(heap_int(start + k * step), v)? {
                return Ok(Some(k));
            }
        }
        return Ok(None);
    };
    let (start, step, n) =
        (gc::get_i64(r, &W_Range::START), gc::get_i64(r, &W_Range::STEP), gc::get_i64(r, &W_Range::LENGTH));
    let offset = i128::from(x) - i128::from(start);
    if offset % i128::from(step) != 0 {
        return Ok(None);
    }
    let k = offset / i128::from(step);
    Ok((0..i128::from(n)).contains(&k).then_some(k as i64))
}

fn range_index(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (r, rest) = method_args(space, "index", args, 1, 1)?;
    match range_position(r, rest[0])? {
        Some(k) => Ok(heap_int(k)),
        None if objspace::int_value(rest[0]).is_some() => {
            Err(value_error(space, &format!("{} is not in range", objspace::repr(rest[0])?)))
        }
        None => Err(value_error(space, "sequence.index(x): x not in sequence")),
    }
}

fn range_count(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (r, rest) = method_args(space, "count", args, 1, 1)?;
    Ok(heap_int(i64::from(range_position(r, rest[0])?.is_some())))
}

fn slice_indices(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "indices", args, 1, 1)?;
    let length = objspace::index_value(
        rest[0],
        &format!("'{}' object cannot be interpreted as an integer", space.type_name(rest[0])),
    )?;
    if length < 0 {
        return Err(value_error(space, "length should not be negative"));
    }
    let (start, stop, step, _) = iter::slice_indices(s, length)?;
    Ok(W_Tuple::from_slice(&[heap_int(start), heap_int(stop), heap_int(step)]))
}

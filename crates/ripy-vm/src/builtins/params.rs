//! Argument binding for builtin methods that take keyword arguments or optional slice bounds,
//! with the messages of CPython's argument clinic.

use super::*;

/// Bind the arguments of method `name` (after its object) to the parameters `names`, the first
/// `required` of them required; positional parameters are the first `positional` of `names`
/// (the rest are keyword-only). Returns the object and one optional value per parameter.
pub(super) fn bind_method(
    space: &'static Space,
    name: &str,
    args: &Args,
    names: &[&str],
    required: usize,
) -> PyResult<(GcRef, Vec<Option<GcRef>>)> {
    let (obj, rest) = split_self(space, name, args)?;
    Ok((obj, bind(space, name, rest, &args.keywords, names, required)?))
}

/// Bind positional values `rest` and `keywords` to the parameters `names` (see [`bind_method`]).
pub(crate) fn bind(
    space: &'static Space,
    name: &str,
    rest: &[GcRef],
    keywords: &[(GcRef, GcRef)],
    names: &[&str],
    required: usize,
) -> PyResult<Vec<Option<GcRef>>> {
    if rest.len() > names.len() {
        let plural = if names.len() == 1 { "" } else { "s" };
        let message = format!("{name}() takes at most {} argument{plural} ({} given)", names.len(), rest.len());
        return Err(type_error(space, message));
    }
    let mut values: Vec<Option<GcRef>> = names.iter().enumerate().map(|(i, _)| rest.get(i).copied()).collect();
    for &(key, value) in keywords {
        let key_text = unicode::to_string_lossy(key);
        match names.iter().position(|n| *n == key_text) {
            Some(i) if values[i].is_none() => values[i] = Some(value),
            Some(i) => {
                let message = format!("argument for {name}() given by name ('{key_text}') and position ({})", i + 1);
                return Err(type_error(space, message));
            }
            None => {
                let message = format!("'{key_text}' is an invalid keyword argument for {name}()");
                return Err(type_error(space, message));
            }
        }
    }
    if let Some(i) = values[..required].iter().position(Option::is_none) {
        let message = format!("{name}() missing required argument '{}' (pos {})", names[i], i + 1);
        return Err(type_error(space, message));
    }
    Ok(values)
}

/// The object and arguments of a method parsed CPython's `PyArg_ParseTuple` way
/// (`find() takes at least 1 argument (0 given)`), without keywords.
pub(super) fn tuple_args<'a>(
    space: &Space,
    name: &str,
    args: &'a Args,
    min: usize,
    max: usize,
) -> PyResult<(GcRef, &'a [GcRef])> {
    no_keywords(space, name, args)?;
    let (obj, rest) = split_self(space, name, args)?;
    let n = rest.len();
    if n < min || n > max {
        let (bound, word) = if n < min { (min, "least") } else { (max, "most") };
        let plural = if bound == 1 { "" } else { "s" };
        let message = if min == max {
            format!("{name}() takes exactly {bound} argument{plural} ({n} given)")
        } else {
            format!("{name}() takes at {word} {bound} argument{plural} ({n} given)")
        };
        return Err(type_error(space, message));
    }
    Ok((obj, rest))
}

/// A slice bound argument (`None` for a missing or `None` one), clamped to the `isize` range
/// like CPython's `_PyEval_SliceIndex`.
pub(super) fn slice_bound(space: &Space, v: Option<GcRef>) -> PyResult<Option<i64>> {
    match v {
        None => Ok(None),
        Some(v) if v == space.none => Ok(None),
        Some(v) => {
            index_clamped(space, v, "slice indices must be integers or None or have an __index__ method").map(Some)
        }
    }
}

/// The value of an object with `__index__`, clamped to the `i64` range; `message` for others.
pub(super) fn index_clamped(space: &Space, v: GcRef, message: &str) -> PyResult<i64> {
    if let Some(big) = bigint::to_ibig(v) {
        return Ok(i64::try_from(&big).unwrap_or(if big < IBig::ZERO { i64::MIN } else { i64::MAX }));
    }
    let _ = space;
    objspace::index_value(v, message)
}

/// CPython's `ADJUST_INDICES`: `start` and `end` made non-negative, `end` at most `len`
/// (`start` may stay beyond `len`).
pub(super) fn adjust_indices(start: Option<i64>, end: Option<i64>, len: usize) -> (usize, usize) {
    let len = len as i64;
    let fix = |v: i64| if v < 0 { (v + len).max(0) } else { v };
    let end = end.map_or(len, |e| fix(e).min(len));
    let start = start.map_or(0, fix);
    (start as usize, end as usize)
}

/// The integer value of an int or of an object with `__index__`; `TypeError` "'T' object cannot
/// be interpreted as an integer" for others.
pub(super) fn index_ibig(space: &Space, v: GcRef) -> PyResult<IBig> {
    // An int, or an instance of a subclass of int (its own `__index__` is int's).
    if let Some(i) = bigint::to_ibig(v).or_else(|| crate::subclass::inner(v).and_then(bigint::to_ibig)) {
        return Ok(i);
    }
    let message = format!("'{}' object cannot be interpreted as an integer", space.type_name(v));
    if let Some(f) = objspace::lookup_user(v, "__index__") {
        let r = objspace::call_bound(f, v, &Args::default())?;
        return bigint::to_ibig(r)
            .ok_or_else(|| type_error(space, format!("__index__ returned non-int (type {})", space.type_name(r))));
    }
    Err(type_error(space, message))
}

/// Check that every keyword argument of builtin `name` is one of `allowed`
/// (`'x' is an invalid keyword argument for zip()`).
pub(super) fn only_keywords(space: &Space, name: &str, args: &Args, allowed: &[&str]) -> PyResult<()> {
    for &(k, _) in &args.keywords {
        let text = unicode::to_string_lossy(k);
        if !allowed.contains(&text.as_str()) {
            return Err(type_error(space, format!("'{text}' is an invalid keyword argument for {name}()")));
        }
    }
    Ok(())
}

//! The methods of `dict`.

use super::*;

/// The builtins defined here.
pub(super) static DEFS: &[BuiltinDef] = &[
    method("dict", "get", dict_get),
    method("dict", "keys", dict_keys),
    method("dict", "values", dict_values),
    method("dict", "items", dict_items),
    method("dict", "setdefault", dict_setdefault),
    method("dict", "pop", dict_pop),
    method("dict", "popitem", dict_popitem),
    method("dict", "update", dict_update),
    method("dict", "copy", dict_copy),
    method("dict", "clear", dict_clear),
    class_method("dict", "fromkeys", dict_fromkeys),
    method("dict_keys", "isdisjoint", view_isdisjoint),
    method("dict_items", "isdisjoint", view_isdisjoint),
];

fn dict_get(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (d, rest) = method_args(space, "get", args, 1, 2)?;
    Ok(dict::get(d, rest[0])?.unwrap_or_else(|| rest.get(1).copied().unwrap_or(space.none)))
}

fn dict_view(
    space: &'static Space,
    args: &Args,
    name: &str,
    layout: &'static metatrace_gc::Layout,
    field: &metatrace_gc::FieldDescr,
) -> PyResult<GcRef> {
    let (d, _) = method_args(space, name, args, 0, 0)?;
    Ok(iter::wrap(layout, field, d))
}

fn dict_keys(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    dict_view(space, args, "keys", iter::W_DictKeys::layout(), &iter::W_DictKeys::DICT)
}

fn dict_values(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    dict_view(space, args, "values", iter::W_DictValues::layout(), &iter::W_DictValues::DICT)
}

fn dict_items(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    dict_view(space, args, "items", iter::W_DictItems::layout(), &iter::W_DictItems::DICT)
}

fn dict_setdefault(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (d, rest) = method_args(space, "setdefault", args, 1, 2)?;
    dict::setdefault(d, rest[0], rest.get(1).copied().unwrap_or(space.none))
}

fn dict_pop(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (d, rest) = method_args(space, "pop", args, 1, 2)?;
    match dict::get(d, rest[0])? {
        Some(v) => {
            dict::del(d, rest[0])?;
            Ok(v)
        }
        None => rest.get(1).copied().ok_or_else(|| space.new_exception_args(ExcKind::KeyError, &[rest[0]])),
    }
}

fn dict_popitem(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (d, _) = method_args(space, "popitem", args, 0, 0)?;
    let Some(&(k, v)) = dict::items(d).last() else {
        return Err(space.new_exception(ExcKind::KeyError, "popitem(): dictionary is empty"));
    };
    dict::del(d, k)?;
    Ok(W_Tuple::from_slice(&[k, v]))
}

/// Add the items of `source` (a mapping or an iterable of pairs) to dict `d`.
pub fn dict_merge_from(space: &'static Space, d: GcRef, source: GcRef) -> PyResult<()> {
    // A dict subclass that keeps dict's iteration is merged from its contents (as CPython does,
    // bypassing an overridden `__getitem__`).
    let source = match crate::subclass::inner(source) {
        Some(value) if value.layout() == W_Dict::layout() && objspace::lookup_user(source, "__iter__").is_none() => {
            value
        }
        _ => source,
    };
    if source.layout() == W_Dict::layout() {
        // A key's `__eq__` that changes the source is an error, as in CPython.
        if !dict::merge(d, source)? {
            return Err(space.new_exception(ExcKind::RuntimeError, "dict mutated during update"));
        }
        return Ok(());
    }
    if let Some(keys) = objspace::lookup_user(source, "keys") {
        let keys = objspace::call_bound(keys, source, &Args::default())?;
        for &k in objspace::to_vec(keys)?.iter() {
            let v = objspace::getitem(source, k)?;
            dict::set(d, k, v)?;
        }
        return Ok(());
    }
    let pairs = objspace::to_vec(source)?;
    for (i, &pair) in pairs.iter().enumerate() {
        dict_merge_pair(space, d, pair, i)?;
    }
    Ok(())
}

/// Add `pair`, element `index` of an iterable of pairs, to dict `d`, with CPython's errors for
/// an element that is not a sequence of two items.
pub fn dict_merge_pair(space: &'static Space, d: GcRef, pair: GcRef, index: usize) -> PyResult<()> {
    let items = objspace::to_vec(pair).map_err(|_| {
        type_error(space, format!("cannot convert dictionary update sequence element #{index} to a sequence"))
    })?;
    if items.len() != 2 {
        let message = format!("dictionary update sequence element #{index} has length {}; 2 is required", items.len());
        return Err(value_error(space, &message));
    }
    dict::set(d, items[0], items[1])
}

fn dict_update(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let Some((&d, rest)) = args.positional.split_first() else {
        return Err(type_error(space, "update needs an argument".to_owned()));
    };
    if rest.len() > 1 {
        return Err(type_error(space, format!("update expected at most 1 argument, got {}", rest.len())));
    }
    if let Some(&source) = rest.first() {
        dict_merge_from(space, d, source)?;
    }
    for &(k, v) in &args.keywords {
        dict::set(d, k, v)?;
    }
    Ok(space.none)
}

fn dict_copy(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (d, _) = method_args(space, "copy", args, 0, 0)?;
    Ok(dict::copy(d))
}

fn dict_clear(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (d, _) = method_args(space, "clear", args, 0, 0)?;
    dict::clear(d);
    Ok(space.none)
}

fn dict_fromkeys(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (cls, rest) = method_args(space, "fromkeys", args, 1, 2)?;
    let value = rest.get(1).copied().unwrap_or(space.none);
    let keys = objspace::to_vec(rest[0])?;
    let d = objspace::call(cls, &[])?;
    for &k in keys.iter() {
        if d.layout() == W_Dict::layout() {
            dict::set(d, k, value)?;
        } else {
            objspace::setitem(d, k, value)?;
        }
    }
    Ok(d)
}

fn view_isdisjoint(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (view, rest) = method_args(space, "isdisjoint", args, 1, 1)?;
    let other = objspace::to_vec(rest[0])?;
    for &item in other.iter() {
        if objspace::contains(view, item)? {
            return Ok(space.w_bool(false));
        }
    }
    Ok(space.w_bool(true))
}

//! The methods of `list` and `tuple`.

use super::*;
use functions::sort_options;
use sort::sort_items;

/// The builtins defined here.
pub(super) static DEFS: &[BuiltinDef] = &[
    method("list", "append", list_append),
    method("list", "pop", list_pop),
    method("list", "extend", list_extend),
    method("list", "insert", list_insert),
    method("list", "remove", list_remove),
    method("list", "index", list_index),
    method("list", "count", list_count),
    method("list", "sort", list_sort).with_frame(),
    method("list", "reverse", list_reverse),
    method("list", "copy", list_copy),
    method("list", "clear", list_clear),
    method("tuple", "index", list_index),
    method("tuple", "count", list_count),
];

fn list_append(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (l, rest) = method_args(space, "list.append", args, 1, 1)?;
    list::append(l, rest[0]);
    Ok(space.none)
}

fn list_pop(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (l, rest) = method_args(space, "pop", args, 0, 1)?;
    let i = match rest.first() {
        Some(&v) => int_arg(space, v)?,
        None => -1,
    };
    list::pop(l, i)
}

fn list_extend(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (l, rest) = method_args(space, "list.extend", args, 1, 1)?;
    if l.layout() == W_List::layout() && rest[0].layout() == W_List::layout() {
        let n = list::len(l) as i64;
        if list::assign_slice_same_strategy(l, rest[0], n, n, 1, 0) {
            return Ok(space.none);
        }
    }
    let items = objspace::sequence_items(rest[0])?;
    list::extend(l, &items);
    Ok(space.none)
}

fn list_insert(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (l, rest) = method_args(space, "insert", args, 2, 2)?;
    list::insert(l, int_arg(space, rest[0])?, rest[1]);
    Ok(space.none)
}

/// The items of a list or tuple.
fn seq_items(seq: GcRef) -> objspace::RootedVec {
    if seq.layout() == W_Tuple::layout() {
        objspace::RootedVec::from_slice(&W_Tuple::items(seq))
    } else {
        list::items(seq)
    }
}

fn position(items: &[GcRef], v: GcRef) -> PyResult<Option<usize>> {
    for (i, &item) in items.iter().enumerate() {
        if objspace::eq(item, v)? {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

fn list_remove(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (l, rest) = method_args(space, "list.remove", args, 1, 1)?;
    remove(space, l, rest[0]).map(|()| space.none)
}

/// `list.remove(item)` of a list: the first item equal to `item` found by comparing with the
/// list as it is at each step (a comparison may change it, as in CPython), then removed in place.
pub fn remove(space: &'static Space, l: GcRef, item: GcRef) -> PyResult<()> {
    let found = match list::index_int(l, item) {
        Some(found) => found,
        None => {
            let mut i = 0;
            loop {
                if i >= list::len(l) {
                    break None;
                }
                if objspace::eq(list::get(l, i), item)? {
                    break Some(i);
                }
                i += 1;
            }
        }
    };
    match found {
        // A comparison that shortened the list leaves nothing at `i` to remove (CPython's
        // empty slice deletion).
        Some(i) if i < list::len(l) => list::pop(l, i as i64).map(|_| ()),
        Some(_) => Ok(()),
        None => Err(value_error(space, "list.remove(x): x not in list")),
    }
}

fn list_index(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (l, rest) = method_args(space, "index", args, 1, 3)?;
    let items = seq_items(l);
    let bound = |k: usize| -> PyResult<Option<i64>> {
        match rest.get(k) {
            Some(&v) => {
                super::params::index_clamped(space, v, "slice indices must be integers or have an __index__ method")
                    .map(Some)
            }
            None => Ok(None),
        }
    };
    let (start, stop) = super::params::adjust_indices(bound(1)?, bound(2)?, items.len());
    if start < stop {
        if let Some(i) = position(&items[start..stop], rest[0])? {
            return Ok(heap_int((start + i) as i64));
        }
    }
    if l.layout() == W_Tuple::layout() {
        Err(value_error(space, "tuple.index(x): x not in tuple"))
    } else {
        Err(value_error(space, &format!("{} is not in list", objspace::repr(rest[0])?)))
    }
}

fn list_count(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (l, rest) = method_args(space, "count", args, 1, 1)?;
    let mut n = 0;
    for item in seq_items(l) {
        if objspace::eq(item, rest[0])? {
            n += 1;
        }
    }
    Ok(heap_int(n))
}

fn list_sort(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [l] = args.positional.as_slice() else {
        return Err(type_error(space, "sort() takes no positional arguments".to_owned()));
    };
    let (key, reverse) = sort_options(space, "sort", args)?;
    let mut items = list::items(*l);
    let aside = list::set_aside(*l);
    let result = sort_items(&mut items, key, reverse);
    let modified = aside.restore(&items);
    result?;
    if modified {
        return Err(value_error(space, "list modified during sort"));
    }
    Ok(space.none)
}

fn list_reverse(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (l, _) = method_args(space, "reverse", args, 0, 0)?;
    let mut items = list::items(l);
    items.reverse();
    list::replace_items(l, &items);
    Ok(space.none)
}

fn list_copy(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (l, _) = method_args(space, "copy", args, 0, 0)?;
    Ok(list::new_list(&list::items(l)))
}

fn list_clear(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (l, _) = method_args(space, "clear", args, 0, 0)?;
    list::replace_items(l, &[]);
    Ok(space.none)
}

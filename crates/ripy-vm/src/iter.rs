//! `range`, `slice`, the iterators of the builtin containers, `enumerate`, `zip`, `reversed`,
//! `map`, `filter`, and the dict views.
//!
//! The range, list and tuple iterators are advanced in domain code by
//! [`crate::protocol::next`] (a `for` loop over them traces to a few integer operations); the
//! others are advanced here, natively ([`next`]). Iterators over dicts and sets iterate over a
//! snapshot of the items taken when they are made.

use crate::dict;
use crate::exceptions::ExcKind;
use crate::gc;
use crate::int::heap_int;
use crate::interp::with_concrete;
use crate::list;
use crate::objspace;
use crate::protocol;
use crate::set;
use crate::space::{PyResult, Space};
use crate::storage::RefArray;
use crate::tuple::W_Tuple;
use crate::unicode::{self, W_Str};
use metatrace_gc::{GcHeader, GcObject, GcRef};
use metatrace_macros::GcObject;

/// `range(start, stop, step)` (machine-sized bounds).
#[derive(GcObject)]
#[repr(C)]
pub struct W_Range {
    /// The object header.
    pub header: GcHeader,
    /// The first value.
    #[gc(immutable)]
    pub start: i64,
    /// The bound.
    #[gc(immutable)]
    pub stop: i64,
    /// The step (never 0).
    #[gc(immutable)]
    pub step: i64,
    /// The number of values.
    #[gc(immutable)]
    pub length: i64,
}

/// `slice(start, stop, step)`.
#[derive(GcObject)]
#[repr(C)]
pub struct W_Slice {
    /// The object header.
    pub header: GcHeader,
    /// The start (None when omitted).
    #[gc(immutable)]
    pub start: GcRef,
    /// The stop (None when omitted).
    #[gc(immutable)]
    pub stop: GcRef,
    /// The step (None when omitted).
    #[gc(immutable)]
    pub step: GcRef,
}

/// An iterator over a range.
#[derive(GcObject)]
#[repr(C)]
pub struct W_RangeIter {
    /// The object header.
    pub header: GcHeader,
    /// The next value.
    pub next: i64,
    /// The step.
    pub step: i64,
    /// The number of values left.
    pub remaining: i64,
}

/// An iterator over a list.
#[derive(GcObject)]
#[repr(C)]
pub struct W_ListIter {
    /// The object header.
    pub header: GcHeader,
    /// The list, or null once exhausted.
    pub list: GcRef,
    /// The next index.
    pub index: i64,
}

/// An iterator over a tuple.
#[derive(GcObject)]
#[repr(C)]
pub struct W_TupleIter {
    /// The object header.
    pub header: GcHeader,
    /// The tuple, or null once exhausted.
    pub tuple: GcRef,
    /// The next index.
    pub index: i64,
}

/// An iterator over a str.
#[derive(GcObject)]
#[repr(C)]
pub struct W_StrIter {
    /// The object header.
    pub header: GcHeader,
    /// The string.
    pub string: GcRef,
    /// The next code point index.
    pub index: i64,
}

/// An iterator over a snapshot of items (dicts, sets, views).
#[derive(GcObject)]
#[repr(C)]
pub struct W_SnapshotIter {
    /// The object header.
    pub header: GcHeader,
    /// The items ([`RefArray`]).
    pub items: GcRef,
    /// The next index.
    pub index: i64,
}

/// `enumerate(iterable, start)`.
#[derive(GcObject)]
#[repr(C)]
pub struct W_Enumerate {
    /// The object header.
    pub header: GcHeader,
    /// The underlying iterator.
    pub iter: GcRef,
    /// The next count.
    pub count: i64,
}

/// `zip(*iterables)`.
#[derive(GcObject)]
#[repr(C)]
pub struct W_Zip {
    /// The object header.
    pub header: GcHeader,
    /// The iterators (a tuple).
    pub iters: GcRef,
}

/// `reversed(seq)` for a sequence.
#[derive(GcObject)]
#[repr(C)]
pub struct W_Reversed {
    /// The object header.
    pub header: GcHeader,
    /// The sequence.
    pub seq: GcRef,
    /// The next index, -1 when exhausted.
    pub index: i64,
}

/// `map(func, *iterables)`.
#[derive(GcObject)]
#[repr(C)]
pub struct W_MapIter {
    /// The object header.
    pub header: GcHeader,
    /// The function.
    pub func: GcRef,
    /// The iterators (a tuple).
    pub iters: GcRef,
}

/// `filter(func, iterable)`.
#[derive(GcObject)]
#[repr(C)]
pub struct W_FilterIter {
    /// The object header.
    pub header: GcHeader,
    /// The predicate, or None for truth.
    pub func: GcRef,
    /// The iterator.
    pub iter: GcRef,
}

/// `dict.keys()`.
#[derive(GcObject)]
#[repr(C)]
pub struct W_DictKeys {
    /// The object header.
    pub header: GcHeader,
    /// The dict.
    pub dict: GcRef,
}

/// `dict.values()`.
#[derive(GcObject)]
#[repr(C)]
pub struct W_DictValues {
    /// The object header.
    pub header: GcHeader,
    /// The dict.
    pub dict: GcRef,
}

/// `dict.items()`.
#[derive(GcObject)]
#[repr(C)]
pub struct W_DictItems {
    /// The object header.
    pub header: GcHeader,
    /// The dict.
    pub dict: GcRef,
}

/// The number of values of `range(start, stop, step)` (`step` not 0).
pub fn range_length(start: i64, stop: i64, step: i64) -> i64 {
    let (lo, hi, step) = if step > 0 { (start, stop, step) } else { (stop, start, -step) };
    if lo >= hi {
        0
    } else {
        ((i128::from(hi) - i128::from(lo) - 1) / i128::from(step) + 1) as i64
    }
}

/// A new range.
pub fn new_range(start: i64, stop: i64, step: i64) -> GcRef {
    let r = metatrace_gc::alloc(W_Range::layout());
    gc::set_i64(r, &W_Range::START, start);
    gc::set_i64(r, &W_Range::STOP, stop);
    gc::set_i64(r, &W_Range::STEP, step);
    gc::set_i64(r, &W_Range::LENGTH, range_length(start, stop, step));
    r
}

/// A new slice.
pub fn new_slice(start: GcRef, stop: GcRef, step: GcRef) -> GcRef {
    let s = metatrace_gc::alloc(W_Slice::layout());
    gc::set_ref(s, &W_Slice::START, start);
    gc::set_ref(s, &W_Slice::STOP, stop);
    gc::set_ref(s, &W_Slice::STEP, step);
    s
}

/// A new iterator over a snapshot of `items`.
pub fn snapshot_iter(items: &[GcRef]) -> GcRef {
    let it = metatrace_gc::alloc(W_SnapshotIter::layout());
    gc::set_ref(it, &W_SnapshotIter::ITEMS, RefArray::from_slice(items));
    it
}

/// A new object of `layout` (an iterator or view) whose first reference field `field` is `target`.
pub fn wrap(layout: &'static metatrace_gc::Layout, field: &metatrace_gc::FieldDescr, target: GcRef) -> GcRef {
    let obj = metatrace_gc::alloc(layout);
    gc::set_ref(obj, field, target);
    obj
}

/// The items of a dict view, as its iteration gives them.
pub fn view_items(view: GcRef) -> objspace::RootedVec {
    let layout = view.layout();
    if layout == W_DictKeys::layout() {
        let keys: Vec<GcRef> = dict::items(gc::get_ref(view, &W_DictKeys::DICT)).into_iter().map(|(k, _)| k).collect();
        objspace::RootedVec::from_slice(&keys)
    } else if layout == W_DictValues::layout() {
        let values: Vec<GcRef> =
            dict::items(gc::get_ref(view, &W_DictValues::DICT)).into_iter().map(|(_, v)| v).collect();
        objspace::RootedVec::from_slice(&values)
    } else {
        let mut items = objspace::RootedVec::new();
        for (k, v) in dict::items(gc::get_ref(view, &W_DictItems::DICT)) {
            items.push(W_Tuple::from_slice(&[k, v]));
        }
        items
    }
}

/// Whether `obj` is one of the dict views.
pub fn is_view(obj: GcRef) -> bool {
    let layout = obj.layout();
    layout == W_DictKeys::layout() || layout == W_DictValues::layout() || layout == W_DictItems::layout()
}

/// Whether `obj` is one of this module's iterators (which are their own iterators).
pub fn is_iterator(obj: GcRef) -> bool {
    let layout = obj.layout();
    [
        W_RangeIter::layout(),
        W_ListIter::layout(),
        W_TupleIter::layout(),
        W_StrIter::layout(),
        W_SnapshotIter::layout(),
        W_Enumerate::layout(),
        W_Zip::layout(),
        W_Reversed::layout(),
        W_MapIter::layout(),
        W_FilterIter::layout(),
        crate::generator::W_Generator::layout(),
    ]
    .contains(&layout)
}

/// `iter(obj)` for the builtin iterables that domain code leaves to native code; `None` when
/// `obj` is not one.
pub fn builtin_iter(obj: GcRef) -> Option<GcRef> {
    let layout = obj.layout();
    Some(if is_iterator(obj) {
        obj
    } else if layout == W_Str::layout() {
        wrap(W_StrIter::layout(), &W_StrIter::STRING, obj)
    } else if layout == dict::W_Dict::layout() {
        snapshot_iter(&dict::items(obj).into_iter().map(|(k, _)| k).collect::<Vec<_>>())
    } else if set::is_set(obj) {
        snapshot_iter(&set::items(obj))
    } else if is_view(obj) {
        snapshot_iter(&view_items(obj))
    } else if layout == crate::bytes::W_Bytes::layout() {
        let values: Vec<GcRef> = crate::bytes::data(obj).into_iter().map(|b| heap_int(i64::from(b))).collect();
        snapshot_iter(&values)
    } else {
        return None;
    })
}

/// The next item of one of this module's iterators, `None` when exhausted.
pub fn next(it: GcRef) -> PyResult<Option<GcRef>> {
    let layout = it.layout();
    if layout == W_StrIter::layout() {
        let s = gc::get_ref(it, &W_StrIter::STRING);
        let i = gc::get_i64(it, &W_StrIter::INDEX) as usize;
        if i >= unicode::char_len(s) {
            return Ok(None);
        }
        gc::set_i64(it, &W_StrIter::INDEX, i as i64 + 1);
        return Ok(Some(unicode::char_str(unicode::char_at(s, i))));
    }
    if layout == W_SnapshotIter::layout() {
        let items = gc::get_ref(it, &W_SnapshotIter::ITEMS);
        let i = gc::get_i64(it, &W_SnapshotIter::INDEX) as usize;
        if i >= gc::len(items, &RefArray::ITEMS) {
            return Ok(None);
        }
        gc::set_i64(it, &W_SnapshotIter::INDEX, i as i64 + 1);
        return Ok(Some(gc::item_ref(items, &RefArray::ITEMS, i)));
    }
    if layout == W_Enumerate::layout() {
        let Some(item) = objspace::next(gc::get_ref(it, &W_Enumerate::ITER))? else { return Ok(None) };
        let count = gc::get_i64(it, &W_Enumerate::COUNT);
        gc::set_i64(it, &W_Enumerate::COUNT, count + 1);
        return Ok(Some(W_Tuple::from_slice(&[heap_int(count), item])));
    }
    if layout == W_Zip::layout() {
        let iters = W_Tuple::items(gc::get_ref(it, &W_Zip::ITERS));
        if iters.is_empty() {
            return Ok(None);
        }
        let mut items = Vec::with_capacity(iters.len());
        for i in iters {
            match objspace::next(i)? {
                Some(item) => items.push(item),
                None => return Ok(None),
            }
        }
        return Ok(Some(W_Tuple::from_slice(&items)));
    }
    if layout == W_Reversed::layout() {
        let i = gc::get_i64(it, &W_Reversed::INDEX);
        let seq = gc::get_ref(it, &W_Reversed::SEQ);
        let len = objspace::len(seq)? as i64;
        if i < 0 || i >= len {
            gc::set_i64(it, &W_Reversed::INDEX, -1);
            return Ok(None);
        }
        gc::set_i64(it, &W_Reversed::INDEX, i - 1);
        return objspace::getitem(seq, heap_int(i)).map(Some);
    }
    if layout == W_MapIter::layout() {
        let mut args = Vec::new();
        for i in W_Tuple::items(gc::get_ref(it, &W_MapIter::ITERS)) {
            match objspace::next(i)? {
                Some(item) => args.push(item),
                None => return Ok(None),
            }
        }
        return objspace::call(gc::get_ref(it, &W_MapIter::FUNC), &args).map(Some);
    }
    if layout == W_FilterIter::layout() {
        let func = gc::get_ref(it, &W_FilterIter::FUNC);
        let source = gc::get_ref(it, &W_FilterIter::ITER);
        while let Some(item) = objspace::next(source)? {
            let verdict = if func == Space::get().none { item } else { objspace::call(func, &[item])? };
            if objspace::truthy(verdict)? {
                return Ok(Some(item));
            }
        }
        return Ok(None);
    }
    if layout == crate::generator::W_Generator::layout() {
        return crate::generator::resume(it, Space::get().none);
    }
    with_concrete(|d| protocol::next(d, it))
}

/// The start, stop and step of slice `s` for a sequence of `len` items, as CPython's
/// `PySlice_GetIndicesEx` gives them, and the number of items selected.
pub fn slice_indices(s: GcRef, len: i64) -> PyResult<(i64, i64, i64, i64)> {
    let space = Space::get();
    let value = |v: GcRef| -> PyResult<Option<i64>> {
        if v == space.none {
            return Ok(None);
        }
        objspace::index_value(v, "slice indices must be integers or None or have an __index__ method").map(Some)
    };
    let step = value(gc::get_ref(s, &W_Slice::STEP))?.unwrap_or(1);
    if step == 0 {
        return Err(space.new_exception(ExcKind::ValueError, "slice step cannot be zero"));
    }
    let (lower, upper) = if step < 0 { (-1, len - 1) } else { (0, len) };
    let clamp = |v: Option<i64>, default: i64| match v {
        None => default,
        Some(v) if v < 0 => (v + len).max(lower),
        Some(v) => v.min(upper),
    };
    let start = clamp(value(gc::get_ref(s, &W_Slice::START))?, if step < 0 { upper } else { lower });
    let stop = clamp(value(gc::get_ref(s, &W_Slice::STOP))?, if step < 0 { lower } else { upper });
    let count = if step > 0 {
        if stop > start {
            (stop - start - 1) / step + 1
        } else {
            0
        }
    } else if start > stop {
        (start - stop - 1) / (-step) + 1
    } else {
        0
    };
    Ok((start, stop, step, count))
}

/// The positions a slice selects in a sequence of `len` items.
pub fn slice_positions(s: GcRef, len: usize) -> PyResult<Vec<usize>> {
    let (start, _, step, count) = slice_indices(s, len as i64)?;
    Ok((0..count).map(|k| (start + k * step) as usize).collect())
}

/// `seq[s]` for a slice `s` of a str, list or tuple.
pub fn get_slice(seq: GcRef, s: GcRef) -> PyResult<Option<GcRef>> {
    let layout = seq.layout();
    Ok(Some(if layout == W_Str::layout() {
        let chars = unicode::chars(seq);
        let picked = slice_positions(s, chars.len())?;
        unicode::from_chars(picked.into_iter().map(|i| chars[i]))
    } else if layout == list::W_List::layout() {
        let items = list::items(seq);
        let picked: Vec<GcRef> = slice_positions(s, items.len())?.into_iter().map(|i| items[i]).collect();
        list::new_list(&picked)
    } else if layout == W_Tuple::layout() {
        let items = W_Tuple::items(seq);
        let picked: Vec<GcRef> = slice_positions(s, items.len())?.into_iter().map(|i| items[i]).collect();
        W_Tuple::from_slice(&picked)
    } else if layout == W_Range::layout() {
        let (start, step) = (gc::get_i64(seq, &W_Range::START), gc::get_i64(seq, &W_Range::STEP));
        let (i, _, k, count) = slice_indices(s, gc::get_i64(seq, &W_Range::LENGTH))?;
        let first = start + i * step;
        new_range(first, first + count * step * k, step * k)
    } else {
        return Ok(None);
    }))
}

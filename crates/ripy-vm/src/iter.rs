//! `range`, `slice`, the iterators of the builtin containers, `enumerate`, `zip`, `reversed`,
//! `map`, `filter`, and the dict views.
//!
//! The range, list and tuple iterators are advanced in domain code by
//! [`crate::protocol::next`] (a `for` loop over them traces to a few integer operations), and
//! so are `enumerate` and short non-strict `zip`s ([`enumerate_next`], [`zip_next`]); the
//! others are advanced here, natively ([`next`]). Iterators over dicts and sets iterate over a
//! snapshot of the items taken when they are made.

use crate::dict;
use crate::exceptions::ExcKind;
use crate::gc;
use crate::int::{heap_int, new_int};
use crate::interp::{with_concrete, Ripy};
use crate::known::{self, Checked};
use crate::list;
use crate::objspace;
use crate::protocol;
use crate::set;
use crate::space::{PyResult, Space};
use crate::storage::RefArray;
use crate::tuple::{new_tuple, W_Tuple};
use crate::unicode::{self, W_Str};
use metatrace::domain::{Domain, IntOp, IntUnary};
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
    /// The number of values in all (for the position that pickling saves).
    #[gc(immutable)]
    pub length: i64,
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

/// An iterator over a snapshot of items (buffers).
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
    /// 1 for `zip(..., strict=True)`: iterables of different lengths raise `ValueError`.
    pub strict: i64,
}

/// The most iterators a `zip` may have for [`zip_next`] to advance them in domain code (one
/// inlined step each); more go to the native [`next`].
const ZIP_INLINE: i64 = 4;

/// `next(e)` for an `enumerate` object, in domain code: the underlying iterator advanced by
/// [`protocol::next`] (so a list iterator's step is traced through) and the `(count, item)`
/// tuple built where the JIT can keep it virtual.
pub fn enumerate_next<D: Domain<Lang = Ripy>>(d: &mut D, it: D::Ref) -> Result<Option<D::Ref>, D::Ref> {
    let enumerate = Checked::new(d, it, W_Enumerate::layout());
    let inner = enumerate.get_ref(d, &W_Enumerate::ITER);
    let Some(item) = protocol::next(d, inner)? else { return Ok(None) };
    let count = enumerate.get_int(d, &W_Enumerate::COUNT);
    let one = d.const_int(1);
    let following = d.int_op(IntOp::Add, count, one);
    enumerate.set_int(d, &W_Enumerate::COUNT, following);
    let count = new_int(d, count);
    Ok(Some(new_tuple(d, &[count, item])))
}

/// `next(z)` for a `zip` object, in domain code when it is not strict and zips at most
/// [`ZIP_INLINE`] iterators: each advanced by [`protocol::next`], stopping at the first
/// exhausted one as CPython's does.
pub fn zip_next<D: Domain<Lang = Ripy>>(d: &mut D, it: D::Ref) -> Result<Option<D::Ref>, D::Ref> {
    let iters = d.get_ref(it, &W_Zip::ITERS);
    let n = known::array_len(d, iters, W_Tuple::layout(), &W_Tuple::ITEMS);
    let n = d.promote_int(n);
    let strict = d.get_int(it, &W_Zip::STRICT);
    let strict = d.int_unary(IntUnary::IsTrue, strict);
    if n == 0 || n > ZIP_INLINE || d.branch(strict) {
        let item = objspace::next_slow(d, it)?;
        return Ok(if d.is_null(item) { None } else { Some(item) });
    }
    // On the stack (at most ZIP_INLINE items), where the collector sees the items already
    // taken while the next iterator advances (a list of floats boxes each item it yields).
    let mut items = smallvec::SmallVec::<[D::Ref; ZIP_INLINE as usize]>::new();
    for k in 0..n {
        let k = d.const_int(k);
        let inner = known::get_item_ref(d, iters, W_Tuple::layout(), &W_Tuple::ITEMS, k);
        let Some(item) = protocol::next(d, inner)? else { return Ok(None) };
        items.push(item);
    }
    Ok(Some(new_tuple(d, &items)))
}

/// `iter(callable, sentinel)`.
#[derive(GcObject)]
#[repr(C)]
pub struct W_CallableIter {
    /// The object header.
    pub header: GcHeader,
    /// The callable, or null once exhausted.
    pub func: GcRef,
    /// The value that ends the iteration.
    pub sentinel: GcRef,
}

/// `iter(seq)` for an object with `__getitem__` and no `__iter__` (the old sequence protocol):
/// `seq[0]`, `seq[1]`, ... until `IndexError` or `StopIteration`.
#[derive(GcObject)]
#[repr(C)]
pub struct W_SeqIter {
    /// The object header.
    pub header: GcHeader,
    /// The sequence, or null once exhausted.
    pub seq: GcRef,
    /// The next index.
    pub index: i64,
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

/// Whether iterator `it` calls a Python function of its own on each step (`map`, `filter`), in
/// domain code: whoever steps it passes its frame, which that function's frame gets as
/// `f_back`, as in CPython.
pub fn calls_python_on_step<D: Domain>(d: &mut D, it: D::Ref) -> bool {
    let layout = d.layout_of(it);
    let field = if layout == W_MapIter::layout() {
        &W_MapIter::FUNC
    } else if layout == W_FilterIter::layout() {
        &W_FilterIter::FUNC
    } else {
        return false;
    };
    let func = d.get_ref(it, field);
    protocol::is_python_callable(d, func)
}

/// An iterator over a dict or one of its views, reading the dict's table live as CPython's
/// does: a change of the dict's size makes this and every later step raise `RuntimeError`, and
/// an item found after as many as the dict had when the iterator was made means that its keys
/// changed.
#[derive(GcObject)]
#[repr(C)]
pub struct W_DictIter {
    /// The object header.
    pub header: GcHeader,
    /// The dict, or null once exhausted.
    pub dict: GcRef,
    /// The entry position to look at next (going down when reversed, -1 is then the end).
    pub pos: i64,
    /// The number of items not yet given.
    pub remaining: i64,
    /// The dict's size when the iterator was made; -1 once a change of size was reported.
    pub size: i64,
    /// What the steps give: a [`DictPart`], plus 3 when reversed.
    #[gc(immutable)]
    pub kind: i64,
}

/// What iterating a dict (or view) gives.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DictPart {
    /// The keys.
    Keys = 0,
    /// The values.
    Values = 1,
    /// `(key, value)` tuples.
    Items = 2,
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
    range_length_wide(start, stop, step) as i64
}

/// The number of values of `range(start, stop, step)` (`step` != 0), which may exceed i64.
pub fn range_length_wide(start: i64, stop: i64, step: i64) -> i128 {
    let (lo, hi, step) = if step > 0 { (start, stop, i128::from(step)) } else { (stop, start, -i128::from(step)) };
    if lo >= hi {
        0
    } else {
        (i128::from(hi) - i128::from(lo) - 1) / step + 1
    }
}

/// The position of `item` in range `r` when `item` is an exact int or bool (computed, not
/// searched); `None` for other objects, which are compared with each value.
pub fn range_position(r: GcRef, item: GcRef) -> Option<Option<i64>> {
    let layout = item.layout();
    if layout == crate::bigint::W_Long::layout() {
        // Beyond i64, so beyond the bounds.
        return Some(None);
    }
    if layout != crate::int::W_Int::layout() && layout != crate::int::W_Bool::layout() {
        return None;
    }
    let v = objspace::int_value(item)?;
    let (start, step, n) =
        (gc::get_i64(r, &W_Range::START), gc::get_i64(r, &W_Range::STEP), gc::get_i64(r, &W_Range::LENGTH));
    let offset = i128::from(v) - i128::from(start);
    let step = i128::from(step);
    if offset % step != 0 {
        return Some(None);
    }
    let k = offset / step;
    Some((0..i128::from(n)).contains(&k).then_some(k as i64))
}

/// A new iterator over the `length` values `start`, `start + step`, ...
pub fn new_range_iter(start: i64, step: i64, length: i64) -> GcRef {
    let it = metatrace_gc::alloc(W_RangeIter::layout());
    gc::set_i64(it, &W_RangeIter::NEXT, start);
    gc::set_i64(it, &W_RangeIter::STEP, step);
    gc::set_i64(it, &W_RangeIter::REMAINING, length);
    gc::set_i64(it, &W_RangeIter::LENGTH, length);
    it
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

/// `r[i]` for range `r` and an int index, in domain code: `start + i * step` (one of the
/// range's values, so the wrapping operations give it exactly). `None` when `i` is out of range
/// (the general path raises the `IndexError`).
pub fn range_getitem<D: Domain>(d: &mut D, r: D::Ref, i: D::Int) -> Option<D::Ref> {
    let n = d.get_int(r, &W_Range::LENGTH);
    let i = crate::sequence::normalize_index(d, i, n)?;
    let start = d.get_int(r, &W_Range::START);
    let step = d.get_int(r, &W_Range::STEP);
    let offset = d.int_op(IntOp::Mul, i, step);
    let value = d.int_op(IntOp::Add, start, offset);
    Some(new_int(d, value))
}

/// `r[key]` for range `r` of step 1 and a slice `key` of step 1 (or None) whose bounds are ints
/// or None, in domain code: a new range of step 1 from the clamped bounds, as CPython's (virtual
/// in a trace while it does not escape; its bounds are between the range's, so nothing
/// overflows). `None` for other ranges and slices.
pub fn range_getslice<D: Domain>(d: &mut D, r: D::Ref, key: D::Ref) -> Option<D::Ref> {
    let step = d.get_int(r, &W_Range::STEP);
    let one = d.const_int(1);
    let unit = d.int_op(IntOp::Eq, step, one);
    if !d.branch(unit) {
        return None;
    }
    let n = d.get_int(r, &W_Range::LENGTH);
    let (from, to) = crate::sequence::unit_slice_bounds(d, key, n)?;
    let start = d.get_int(r, &W_Range::START);
    let new_start = d.int_op(IntOp::Add, start, from);
    let new_stop = d.int_op(IntOp::Add, start, to);
    let backwards = d.int_op(IntOp::Lt, to, from);
    let length = if d.branch(backwards) { d.const_int(0) } else { d.int_op(IntOp::Sub, to, from) };
    let slice = d.new(W_Range::layout());
    d.set_int(slice, &W_Range::START, new_start);
    d.set_int(slice, &W_Range::STOP, new_stop);
    d.set_int(slice, &W_Range::STEP, one);
    d.set_int(slice, &W_Range::LENGTH, length);
    Some(slice)
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
    let _rooted = metatrace_gc::root_slice(items);
    let it = metatrace_gc::alloc(W_SnapshotIter::layout());
    gc::set_ref(it, &W_SnapshotIter::ITEMS, RefArray::from_slice(items));
    it
}

/// A new iterator over the `part` of `dict`, from its first item, or from its last when
/// `reversed`.
pub fn dict_iter(dict: GcRef, part: DictPart, reversed: bool) -> GcRef {
    let it = wrap(W_DictIter::layout(), &W_DictIter::DICT, dict);
    let size = dict::len(dict) as i64;
    let start = if reversed { dict::entry_count(dict) as i64 - 1 } else { 0 };
    gc::set_i64(it, &W_DictIter::POS, start);
    gc::set_i64(it, &W_DictIter::REMAINING, size);
    gc::set_i64(it, &W_DictIter::SIZE, size);
    gc::set_i64(it, &W_DictIter::KIND, part as i64 + if reversed { 3 } else { 0 });
    it
}

/// The next item of a [`W_DictIter`], with CPython's `RuntimeError`s for a dict changed meanwhile.
fn dict_iter_next(it: GcRef) -> PyResult<Option<GcRef>> {
    let d = gc::get_ref(it, &W_DictIter::DICT);
    if d.is_null() {
        return Ok(None);
    }
    let changed = |message| Err(Space::get().new_exception(ExcKind::RuntimeError, message));
    if gc::get_i64(it, &W_DictIter::SIZE) != dict::len(d) as i64 {
        gc::set_i64(it, &W_DictIter::SIZE, -1);
        return changed("dictionary changed size during iteration");
    }
    let kind = gc::get_i64(it, &W_DictIter::KIND);
    let reversed = kind >= 3;
    let mut pos = gc::get_i64(it, &W_DictIter::POS);
    let found = loop {
        if pos < 0 || pos as usize >= dict::entry_count(d) {
            break None;
        }
        if let Some(entry) = dict::entry(d, pos as usize) {
            break Some(entry);
        }
        pos += if reversed { -1 } else { 1 };
    };
    let remaining = gc::get_i64(it, &W_DictIter::REMAINING);
    let Some((key, value)) = found.filter(|_| reversed || remaining > 0) else {
        gc::set_ref(it, &W_DictIter::DICT, GcRef::NULL);
        return if found.is_some() { changed("dictionary keys changed during iteration") } else { Ok(None) };
    };
    gc::set_i64(it, &W_DictIter::POS, pos + if reversed { -1 } else { 1 });
    gc::set_i64(it, &W_DictIter::REMAINING, remaining - 1);
    Ok(Some(match kind % 3 {
        0 => key,
        1 => value,
        _ => W_Tuple::from_slice(&[key, value]),
    }))
}

/// `next(it)` for a [`W_DictIter`] in domain code: a step that finds a live entry where it looks
/// reads it in place, and an items step makes its tuple here, so that a trace's tuple stays
/// virtual when the loop unpacks it (`for k, v in d.items()`). The end of a forward iteration is
/// here too, and deleted entries are skipped by one residual call ([`dict::dict_live_entry_from`]);
/// a changed dict (size or keys) and reversed iterators take the residual
/// [`objspace::next_slow`], which raises CPython's `RuntimeError`s.
pub fn dict_iter_step<D: Domain<Lang = Ripy>>(d: &mut D, it: D::Ref) -> Result<Option<D::Ref>, D::Ref> {
    let iter = Checked::new(d, it, W_DictIter::layout());
    let dict = iter.get_ref(d, &W_DictIter::DICT);
    if d.is_null(dict) {
        return Ok(None);
    }
    let kind = iter.get_int(d, &W_DictIter::KIND);
    let kind = d.promote_int(kind);
    let size = iter.get_int(d, &W_DictIter::SIZE);
    let used = dict::length(d, dict);
    let same_size = d.int_op(IntOp::Eq, size, used);
    if kind >= 3 || !d.branch(same_size) {
        return next_residual(d, it);
    }
    let pos = iter.get_int(d, &W_DictIter::POS);
    let filled = d.get_int(dict, &dict::W_Dict::FILLED);
    let more = d.int_op(IntOp::Lt, pos, filled);
    if !d.branch(more) {
        return Ok(dict_iter_end(d, it));
    }
    let remaining = iter.get_int(d, &W_DictIter::REMAINING);
    let zero = d.const_int(0);
    let left = d.int_op(IntOp::Gt, remaining, zero);
    if !d.branch(left) {
        return next_residual(d, it);
    }
    let entries = d.get_ref(dict, &dict::W_Dict::ENTRIES);
    let two = d.const_int(2);
    let one = d.const_int(1);
    let mut pos = pos;
    let mut key_index = d.int_op(IntOp::Mul, pos, two);
    let mut key = known::get_item_ref(d, entries, RefArray::layout(), &RefArray::ITEMS, key_index);
    if d.is_null(key) {
        // A deleted entry: the next live one, found by a residual call.
        pos = dict::dict_live_entry_from(d, dict, pos)?;
        let more = d.int_op(IntOp::Lt, pos, filled);
        if !d.branch(more) {
            return Ok(dict_iter_end(d, it));
        }
        key_index = d.int_op(IntOp::Mul, pos, two);
        key = known::get_item_ref(d, entries, RefArray::layout(), &RefArray::ITEMS, key_index);
    }
    let following = d.int_op(IntOp::Add, pos, one);
    iter.set_int(d, &W_DictIter::POS, following);
    let fewer = d.int_op(IntOp::Sub, remaining, one);
    iter.set_int(d, &W_DictIter::REMAINING, fewer);
    if kind == DictPart::Keys as i64 {
        return Ok(Some(key));
    }
    let value_index = d.int_op(IntOp::Add, key_index, one);
    let value = known::get_item_ref(d, entries, RefArray::layout(), &RefArray::ITEMS, value_index);
    Ok(Some(if kind == DictPart::Values as i64 { value } else { new_tuple(d, &[key, value]) }))
}

/// The end of a dict iterator's entries: it lets its dict go and gives nothing.
fn dict_iter_end<D: Domain<Lang = Ripy>>(d: &mut D, it: D::Ref) -> Option<D::Ref> {
    let null = d.const_ref(GcRef::NULL);
    d.set_ref(it, &W_DictIter::DICT, null);
    None
}

/// The general step of an iterator, a residual call.
fn next_residual<D: Domain<Lang = Ripy>>(d: &mut D, it: D::Ref) -> Result<Option<D::Ref>, D::Ref> {
    let item = objspace::next_slow(d, it)?;
    Ok(if d.is_null(item) { None } else { Some(item) })
}

/// `next(it)` for a [`W_StrIter`] in domain code: over an ASCII string a step is the space's
/// shared one-character string of the byte at the index (no call); other strings take the
/// residual [`objspace::next_slow`].
pub fn str_iter_step<D: Domain<Lang = Ripy>>(d: &mut D, it: D::Ref) -> Result<Option<D::Ref>, D::Ref> {
    let iter = Checked::new(d, it, W_StrIter::layout());
    let s = iter.get_ref(d, &W_StrIter::STRING);
    let ascii = d.get_int(s, &W_Str::ASCII);
    if !d.branch(ascii) {
        return next_residual(d, it);
    }
    let index = iter.get_int(d, &W_StrIter::INDEX);
    let n = unicode::len(d, s);
    let more = d.int_op(IntOp::Lt, index, n);
    if !d.branch(more) {
        return Ok(None);
    }
    let one = d.const_int(1);
    let following = d.int_op(IntOp::Add, index, one);
    iter.set_int(d, &W_StrIter::INDEX, following);
    let byte = known::get_item_int(d, s, W_Str::layout(), &W_Str::BYTES, index);
    let chars = d.const_ref(Space::get().ascii_chars);
    Ok(Some(known::get_item_ref(d, chars, RefArray::layout(), &RefArray::ITEMS, byte)))
}

/// The items a dict iterator has left to give (without advancing it), for pickling.
pub fn dict_iter_rest(it: GcRef) -> PyResult<objspace::RootedVec> {
    let copy = metatrace_gc::alloc(W_DictIter::layout());
    gc::set_ref(copy, &W_DictIter::DICT, gc::get_ref(it, &W_DictIter::DICT));
    for field in [&W_DictIter::POS, &W_DictIter::REMAINING, &W_DictIter::SIZE, &W_DictIter::KIND] {
        gc::set_i64(copy, field, gc::get_i64(it, field));
    }
    let _rooted = metatrace_gc::Root::new(copy);
    let mut rest = objspace::RootedVec::new();
    while let Some(item) = dict_iter_next(copy)? {
        rest.push(item);
    }
    Ok(rest)
}

/// How many items a dict iterator has left (0 once its dict changed size).
pub fn dict_iter_length(it: GcRef) -> i64 {
    let d = gc::get_ref(it, &W_DictIter::DICT);
    if d.is_null() || gc::get_i64(it, &W_DictIter::SIZE) != dict::len(d) as i64 {
        return 0;
    }
    gc::get_i64(it, &W_DictIter::REMAINING)
}

/// The part of its dict a view shows.
fn view_part(view: GcRef) -> DictPart {
    let layout = view.layout();
    if layout == W_DictKeys::layout() {
        DictPart::Keys
    } else if layout == W_DictValues::layout() {
        DictPart::Values
    } else {
        DictPart::Items
    }
}

/// The dict a view shows.
pub fn view_dict(view: GcRef) -> GcRef {
    let layout = view.layout();
    if layout == W_DictKeys::layout() {
        gc::get_ref(view, &W_DictKeys::DICT)
    } else if layout == W_DictValues::layout() {
        gc::get_ref(view, &W_DictValues::DICT)
    } else {
        gc::get_ref(view, &W_DictItems::DICT)
    }
}

/// `reversed(obj)` for a dict or a dict view; `None` for other objects.
pub fn reversed_builtin(obj: GcRef) -> Option<GcRef> {
    if obj.layout() == dict::W_Dict::layout() {
        Some(dict_iter(obj, DictPart::Keys, true))
    } else if is_view(obj) {
        Some(dict_iter(view_dict(obj), view_part(obj), true))
    } else {
        None
    }
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
    if layout == crate::generator::W_Generator::layout() {
        // Coroutines and async generators are not iterators.
        return crate::generator::Kind::of(obj) == crate::generator::Kind::Generator;
    }
    if crate::generator::is_step_iter(obj) {
        return true;
    }
    [
        W_RangeIter::layout(),
        W_ListIter::layout(),
        W_TupleIter::layout(),
        W_StrIter::layout(),
        W_SnapshotIter::layout(),
        set::W_SetIter::layout(),
        W_DictIter::layout(),
        W_Enumerate::layout(),
        W_Zip::layout(),
        W_Reversed::layout(),
        W_MapIter::layout(),
        W_FilterIter::layout(),
        W_CallableIter::layout(),
        W_SeqIter::layout(),
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
        dict_iter(obj, DictPart::Keys, false)
    } else if set::is_set(obj) {
        set::iter(obj)
    } else if is_view(obj) {
        dict_iter(view_dict(obj), view_part(obj), false)
    } else if crate::buffer::is_bytearray(obj) {
        // Live, as CPython's: it sees the bytearray's later changes.
        new_seq_iter(obj)
    } else if let Ok(Some(values)) = crate::buffer::items(obj) {
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
    if layout == W_DictIter::layout() {
        return dict_iter_next(it);
    }
    if layout == set::W_SetIter::layout() {
        return set::iter_next(it);
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
        let mut items = gc::RootedVec::with_capacity(iters.len());
        let _rooted = metatrace_gc::root_slice(&iters);
        for (k, &i) in iters.iter().enumerate() {
            match objspace::next(i)? {
                Some(item) => items.push(item),
                None if gc::get_i64(it, &W_Zip::STRICT) != 0 => {
                    zip_mismatch(&iters, k)?;
                    return Ok(None);
                }
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
        // Rooted: each iterator's item may be new (a float list boxes it) while the next advances.
        let mut args = gc::RootedVec::new();
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
    if layout == W_CallableIter::layout() {
        let func = gc::get_ref(it, &W_CallableIter::FUNC);
        if func.is_null() {
            return Ok(None);
        }
        let value = objspace::call(func, &[])?;
        if objspace::eq(value, gc::get_ref(it, &W_CallableIter::SENTINEL))? {
            gc::set_ref(it, &W_CallableIter::FUNC, GcRef::NULL);
            return Ok(None);
        }
        return Ok(Some(value));
    }
    if layout == W_SeqIter::layout() {
        return seq_iter_next(it);
    }
    if layout == crate::generator::W_Generator::layout() {
        return crate::generator::resume(it, Space::get().none);
    }
    if crate::generator::is_step_iter(it) {
        return crate::generator::step_iter_next(it);
    }
    with_concrete(|d| protocol::next(d, it))
}

/// The start, stop and step of slice `s` for a sequence of `len` items, as CPython's
/// `PySlice_GetIndicesEx` gives them, and the number of items selected.
pub fn slice_indices(s: GcRef, len: i64) -> PyResult<(i64, i64, i64, i64)> {
    slice_indices_of(s, || len)
}

/// [`slice_indices`] for a sequence whose length `len` gives once the slice's bounds are
/// converted (their `__index__` may change the sequence), as CPython's `PySlice_Unpack` then
/// `PySlice_AdjustIndices`.
pub fn slice_indices_of(s: GcRef, len: impl FnOnce() -> i64) -> PyResult<(i64, i64, i64, i64)> {
    let space = Space::get();
    let value = |v: GcRef| -> PyResult<Option<i64>> {
        if v == space.none {
            return Ok(None);
        }
        objspace::index_value_clamped(v, "slice indices must be integers or None or have an __index__ method").map(Some)
    };
    let step = value(gc::get_ref(s, &W_Slice::STEP))?;
    if step == Some(0) {
        return Err(space.new_exception(ExcKind::ValueError, "slice step cannot be zero"));
    }
    let start = value(gc::get_ref(s, &W_Slice::START))?;
    let stop = value(gc::get_ref(s, &W_Slice::STOP))?;
    adjust_slice(start, stop, step, len())
}

/// CPython's `PySlice_AdjustIndices`: the start, stop, step and length of the slice
/// `[start:stop:step]` (`None` for an omitted bound) of a sequence of `len` items; `ValueError`
/// for a zero step.
pub fn adjust_slice(
    start: Option<i64>,
    stop: Option<i64>,
    step: Option<i64>,
    len: i64,
) -> PyResult<(i64, i64, i64, i64)> {
    let step = step.unwrap_or(1);
    if step == 0 {
        return Err(Space::get().new_exception(ExcKind::ValueError, "slice step cannot be zero"));
    }
    // As CPython's: a step of -2**63 counts as -(2**63 - 1), so that it can be negated.
    let step = step.max(-i64::MAX);
    let (lower, upper) = if step < 0 { (-1, len - 1) } else { (0, len) };
    let clamp = |v: Option<i64>, default: i64| match v {
        None => default,
        Some(v) if v < 0 => v.saturating_add(len).max(lower),
        Some(v) => v.min(upper),
    };
    let start = clamp(start, if step < 0 { upper } else { lower });
    let stop = clamp(stop, if step < 0 { lower } else { upper });
    // The distance covered, counted in steps (no division for the usual steps of 1 and -1).
    let (span, stride) = if step > 0 { (stop - start, step) } else { (start - stop, -step) };
    let count = match (span > 0, stride) {
        (false, _) => 0,
        (true, 1) => span,
        (true, _) => (span - 1) / stride + 1,
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
    // The range of positions `count` items from `start` by `step` cover.
    let covered = |start: i64, step: i64, count: i64| {
        let last = start + (count - 1) * step;
        (start.min(last) as usize, start.max(last) as usize + 1)
    };
    Ok(Some(if layout == crate::bytes::W_Bytes::layout() {
        let (start, _, step, count) = slice_indices_of(s, || gc::len(seq, &crate::bytes::W_Bytes::BYTES) as i64)?;
        crate::bytes::slice(seq, start, step, count)
    } else if layout == W_Str::layout() {
        let (start, _, step, count) = slice_indices_of(s, || unicode::char_len(seq) as i64)?;
        if step == 1 {
            unicode::substring(seq, start as usize, (start + count) as usize)
        } else if count == 0 {
            unicode::new_str("")
        } else {
            let (lo, hi) = covered(start, step, count);
            let chars = unicode::chars_range(seq, lo, hi);
            unicode::from_chars((0..count).map(|k| chars[(start + k * step) as usize - lo]))
        }
    } else if layout == list::W_List::layout() {
        let (start, _, step, count) = slice_indices_of(s, || list::len(seq) as i64)?;
        list::slice(seq, start as usize, step, count as usize)
    } else if layout == W_Tuple::layout() {
        let items = W_Tuple::items(seq);
        let picked: Vec<GcRef> = slice_positions(s, items.len())?.into_iter().map(|i| items[i]).collect();
        W_Tuple::from_slice(&picked)
    } else if layout == W_Range::layout() {
        let (start, step) = (gc::get_i64(seq, &W_Range::START), gc::get_i64(seq, &W_Range::STEP));
        let (i, j, k, _) = slice_indices(s, gc::get_i64(seq, &W_Range::LENGTH))?;
        let (start, step) = (i128::from(start), i128::from(step));
        let bounds = [start + i128::from(i) * step, start + i128::from(j) * step, step * i128::from(k)];
        match bounds.map(i64::try_from) {
            [Ok(start), Ok(stop), Ok(step)] if step != i64::MIN => new_range(start, stop, step),
            _ => {
                // Bounds beyond i64: `range()` makes a long range of them.
                let ints = bounds.map(|b| crate::bigint::from_ibig(&dashu_int::IBig::from(b)));
                objspace::call(Space::get().runtime_type("range"), &ints)?
            }
        }
    } else {
        return Ok(None);
    }))
}

/// `a op b` for comparisons where a keys or items view meets a set or such a view (the other
/// pairs give `None`), as CPython's: sizes first, then whether every item of the smaller side is
/// `in` the other (an items view looks each key up and compares its value, so nothing is hashed
/// that the dict did not hash).
pub fn view_compare(op: crate::ops::CmpOp, a: GcRef, b: GcRef) -> PyResult<Option<bool>> {
    use crate::ops::CmpOp;
    let set_view = |v: GcRef| v.layout() == W_DictKeys::layout() || v.layout() == W_DictItems::layout();
    let set_like = |v: GcRef| set_view(v) || set::is_set(v);
    if !(set_view(a) || set_view(b)) || !set_like(a) || !set_like(b) {
        return Ok(None);
    }
    let (la, lb) = (objspace::len(a)?, objspace::len(b)?);
    let all_in = |x: GcRef, y: GcRef| -> PyResult<bool> {
        for item in objspace::to_vec(x)?.iter() {
            if !objspace::contains(y, *item)? {
                return Ok(false);
            }
        }
        Ok(true)
    };
    Ok(Some(match op {
        CmpOp::Eq => la == lb && all_in(a, b)?,
        CmpOp::Ne => !(la == lb && all_in(a, b)?),
        CmpOp::Lt => la < lb && all_in(a, b)?,
        CmpOp::Le => la <= lb && all_in(a, b)?,
        CmpOp::Gt => la > lb && all_in(b, a)?,
        CmpOp::Ge => la >= lb && all_in(b, a)?,
    }))
}

/// `a op b` (`&`, `|`, `-`, `^`) where one operand is a keys or items view and the other any
/// iterable: a new set, as CPython's view operations give; `None` when neither is such a view.
pub fn view_binop(op: crate::ops::BinOp, a: GcRef, b: GcRef) -> PyResult<Option<GcRef>> {
    use crate::ops::BinOp;
    let is_set_view = |v: GcRef| v.layout() == W_DictKeys::layout() || v.layout() == W_DictItems::layout();
    if !matches!(op, BinOp::And | BinOp::Or | BinOp::Sub | BinOp::Xor) || !(is_set_view(a) || is_set_view(b)) {
        return Ok(None);
    }
    let as_set = |v: GcRef| -> PyResult<GcRef> {
        let items = if is_view(v) { view_items(v) } else { objspace::to_vec(v)? };
        set::new_set_of(&items)
    };
    let roots = metatrace_gc::RootSet::new();
    let x = roots.add(as_set(a)?);
    let y = roots.add(as_set(b)?);
    set::binop(op, x, y).map(Some)
}

/// Check a strict zip whose iterator `k` is exhausted: `ValueError` when the iterables have
/// different lengths (if `k` is the first, every other must be exhausted too).
fn zip_mismatch(iters: &[GcRef], k: usize) -> PyResult<()> {
    let space = Space::get();
    let plural = |n: usize| if n == 1 { "argument 1".to_owned() } else { format!("arguments 1-{n}") };
    if k > 0 {
        let message = format!("zip() argument {} is shorter than {}", k + 1, plural(k));
        return Err(space.new_exception(ExcKind::ValueError, &message));
    }
    for (j, &other) in iters.iter().enumerate().skip(1) {
        if objspace::next(other)?.is_some() {
            let message = format!("zip() argument {} is longer than {}", j + 1, plural(j));
            return Err(space.new_exception(ExcKind::ValueError, &message));
        }
    }
    Ok(())
}

/// A new iterator over `seq` by the old sequence protocol (see [`W_SeqIter`]).
pub fn new_seq_iter(seq: GcRef) -> GcRef {
    wrap(W_SeqIter::layout(), &W_SeqIter::SEQ, seq)
}

/// The next item of a [`W_SeqIter`]: `seq[index]`; the end at `IndexError` or `StopIteration`.
fn seq_iter_next(it: GcRef) -> PyResult<Option<GcRef>> {
    let seq = gc::get_ref(it, &W_SeqIter::SEQ);
    if seq.is_null() {
        return Ok(None);
    }
    let index = gc::get_i64(it, &W_SeqIter::INDEX);
    if crate::buffer::is_bytearray(seq) {
        if index as usize >= crate::buffer::bytearray_len(seq) {
            gc::set_ref(it, &W_SeqIter::SEQ, GcRef::NULL);
            return Ok(None);
        }
        gc::set_i64(it, &W_SeqIter::INDEX, index + 1);
        return Ok(Some(heap_int(i64::from(crate::buffer::bytearray_byte(seq, index as usize)))));
    }
    match objspace::getitem(seq, heap_int(index)) {
        Ok(item) => {
            gc::set_i64(it, &W_SeqIter::INDEX, index.saturating_add(1));
            Ok(Some(item))
        }
        Err(e) => {
            let space = Space::get();
            let ty = space.type_of(e);
            let ends = [ExcKind::IndexError, ExcKind::StopIteration]
                .iter()
                .any(|&kind| crate::typeobject::is_subtype(ty, space.exception_type(kind)));
            if !ends {
                return Err(e);
            }
            gc::set_ref(it, &W_SeqIter::SEQ, GcRef::NULL);
            Ok(None)
        }
    }
}

/// A new `iter(func, sentinel)` iterator.
pub fn new_callable_iter(func: GcRef, sentinel: GcRef) -> GcRef {
    let it = wrap(W_CallableIter::layout(), &W_CallableIter::FUNC, func);
    gc::set_ref(it, &W_CallableIter::SENTINEL, sentinel);
    it
}

/// `a op b` for two ranges (equal when they have the same values) or two slices (compared as
/// the tuples of their parts); `None` for other operands.
pub fn range_slice_compare(op: crate::ops::CmpOp, a: GcRef, b: GcRef) -> PyResult<Option<bool>> {
    use crate::ops::CmpOp;
    let (la, lb) = (a.layout(), b.layout());
    if la == W_Range::layout() && lb == W_Range::layout() && matches!(op, CmpOp::Eq | CmpOp::Ne) {
        let parts = |r: GcRef| {
            let n = gc::get_i64(r, &W_Range::LENGTH);
            let start = gc::get_i64(r, &W_Range::START);
            let step = gc::get_i64(r, &W_Range::STEP);
            match n {
                0 => (0, 0, 0),
                1 => (1, start, 0),
                _ => (n, start, step),
            }
        };
        return Ok(Some((parts(a) == parts(b)) == (op == CmpOp::Eq)));
    }
    if la == W_Slice::layout() && lb == W_Slice::layout() {
        let tuple = |s: GcRef| {
            W_Tuple::from_slice(&[
                gc::get_ref(s, &W_Slice::START),
                gc::get_ref(s, &W_Slice::STOP),
                gc::get_ref(s, &W_Slice::STEP),
            ])
        };
        let roots = metatrace_gc::RootSet::new();
        let (x, y) = (roots.add(tuple(a)), roots.add(tuple(b)));
        return crate::compare::richcompare(op, x, y).map(Some);
    }
    Ok(None)
}

/// `item in view` for an items view: a `(key, value)` pair whose key is in the dict with an
/// equal value (hashing the key, as CPython does); `None` for other containers.
pub fn items_view_contains(view: GcRef, item: GcRef) -> PyResult<Option<bool>> {
    if view.layout() != W_DictItems::layout() {
        return Ok(None);
    }
    if item.layout() != W_Tuple::layout() {
        return Ok(Some(false));
    }
    let pair = W_Tuple::items(item);
    let [key, value] = pair.as_slice() else { return Ok(Some(false)) };
    match dict::get(gc::get_ref(view, &W_DictItems::DICT), *key)? {
        Some(found) => Ok(Some(found == *value || objspace::eq(found, *value)?)),
        None => Ok(Some(false)),
    }
}

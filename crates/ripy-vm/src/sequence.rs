//! What the builtin sequences (str, bytes, tuple, list, range) share: turning a Python index or
//! slice into positions, concatenation and repetition.

use crate::bigint::W_Long;
use crate::bytes::{self, W_Bytes};
use crate::exceptions::{self, Fault, Msg};
use crate::gc;
use crate::int::{W_Bool, W_Int};
use crate::list;
use crate::space::{PyResult, Space};
use crate::tuple::W_Tuple;
use crate::unicode::{self, W_Str};
use metatrace::domain::{Domain, IntOp};
use metatrace_gc::{GcObject, GcRef};

/// Turn a possibly negative index into `0..len` (branch-free: adds `len` when negative), then check
/// it with one unsigned comparison; `None` when it is out of range.
pub fn normalize_index<D: Domain>(d: &mut D, i: D::Int, len: D::Int) -> Option<D::Int> {
    let sixty_three = d.const_int(63);
    let sign = d.int_op(IntOp::Rshift, i, sixty_three);
    let offset = d.int_op(IntOp::And, sign, len);
    let i = d.int_op(IntOp::Add, i, offset);
    let in_range = d.int_op(IntOp::UintLt, i, len);
    d.branch(in_range).then_some(i)
}

/// The bounds `start` and `stop` of slice `key` of a sequence of length `n` when its step is 1 or
/// None and its bounds are ints or None, in domain code: counted from the end when negative and
/// clamped to `0..=n`, as CPython's `PySlice_AdjustIndices` does (`stop` may be below `start`:
/// the slice is empty). `None` for other slices.
pub fn unit_slice_bounds<D: Domain>(d: &mut D, key: D::Ref, n: D::Int) -> Option<(D::Int, D::Int)> {
    let ([start, stop, step], omitted) = list::slice_parts(d, key)?;
    if omitted & 4 == 0 {
        let one = d.const_int(1);
        let unit = d.int_op(IntOp::Eq, step, one);
        if !d.branch(unit) {
            return None;
        }
    }
    let start = if omitted & 1 != 0 { d.const_int(0) } else { clamp_bound(d, start, n) };
    let stop = if omitted & 2 != 0 { n } else { clamp_bound(d, stop, n) };
    Some((start, stop))
}

/// A slice bound `i` of a sequence of length `n`, counted from the end when negative and
/// clamped to `0..=n`.
fn clamp_bound<D: Domain>(d: &mut D, i: D::Int, n: D::Int) -> D::Int {
    let zero = d.const_int(0);
    let negative = d.int_op(IntOp::Lt, i, zero);
    if d.branch(negative) {
        let i = d.int_op(IntOp::Add, i, n);
        let below = d.int_op(IntOp::Lt, i, zero);
        return if d.branch(below) { zero } else { i };
    }
    let above = d.int_op(IntOp::Lt, n, i);
    if d.branch(above) {
        n
    } else {
        i
    }
}

/// The machine integer of an index object `key` used on `container`: an int or a bool. A big int
/// raises `IndexError: cannot fit 'int' into an index-sized integer`; anything else raises
/// CPython's `TypeError` for the container (`list indices must be integers or slices, not str`).
/// (Slices and `__index__` are the interpreter's to dispatch first.)
pub fn index_value<D: Domain>(d: &mut D, container: D::Ref, key: D::Ref) -> Result<D::Int, D::Ref> {
    let layout = d.layout_of(key);
    if layout == W_Int::layout() {
        Ok(d.get_int(key, &W_Int::VALUE))
    } else if layout == W_Bool::layout() {
        Ok(d.get_int(key, &W_Bool::VALUE))
    } else if layout == W_Long::layout() {
        Err(exceptions::raise(d, Fault::Message(Msg::IndexSized)))
    } else {
        Err(exceptions::raise(d, Fault::Indices(container, key)))
    }
}

/// The most bytes a repetition may allocate: beyond it, `MemoryError` (as a failed allocation).
const MAX_REPEAT_BYTES: u128 = 1 << 33;

/// Check that `count` repetitions of `len` items of `item_size` bytes can be made, and give the
/// count (0 when negative). Text and bytes longer than the address space raise `too_long`
/// (CPython's `OverflowError`); anything too large for memory raises `MemoryError`.
pub(crate) fn repeat_count(len: usize, item_size: usize, count: i64, too_long: Option<Msg>) -> PyResult<usize> {
    let count = usize::try_from(count).unwrap_or(0);
    let total = len as u128 * count as u128;
    let fail = |m| Err(Space::get().fault(Fault::Message(m)));
    match too_long {
        Some(m) if total > isize::MAX as u128 => fail(m),
        _ if total * item_size as u128 > MAX_REPEAT_BYTES => fail(Msg::NoMemory),
        _ => Ok(count),
    }
}

/// `a + b` for two sequences of the same builtin type (str, bytes, tuple, list).
fn concat(a: GcRef, b: GcRef) -> GcRef {
    let layout = a.layout();
    if layout == W_Str::layout() {
        unicode::concat(a, b)
    } else if layout == W_Bytes::layout() {
        let mut data = bytes::data(a);
        data.extend(bytes::data(b));
        bytes::new_bytes(&data)
    } else if layout == W_Tuple::layout() {
        let mut items = W_Tuple::items(a);
        items.extend(W_Tuple::items(b));
        W_Tuple::from_slice(&items)
    } else {
        list::concat(a, b)
    }
}

metatrace::residual! {
    /// `a + b` for two sequences of the same builtin type.
    pub fn seq_concat(a: Ref, b: Ref) -> Ref;
    effect = Plain; can_raise = false; impl = concat;
}

/// `seq * count` for a builtin sequence (str, bytes, tuple, list). An immutable sequence
/// repeated once (a tuple also when empty) is itself, as in CPython.
pub fn repeat(seq: GcRef, count: i64) -> PyResult<GcRef> {
    let layout = seq.layout();
    let immutable = layout == W_Str::layout() || layout == W_Bytes::layout() || layout == W_Tuple::layout();
    if immutable && (count == 1 || (layout == W_Tuple::layout() && gc::len(seq, &W_Tuple::ITEMS) == 0)) {
        return Ok(seq);
    }
    Ok(if layout == W_Str::layout() {
        // CPython's limit counts characters; the memory the UTF-8 text takes, bytes.
        let (chars, bytes) = (unicode::char_len(seq), gc::len(seq, &W_Str::BYTES));
        let n = repeat_count(chars, bytes.div_ceil(chars.max(1)), count, Some(Msg::StrRepeatTooLong))?;
        unicode::repeat(seq, n)
    } else if layout == W_Bytes::layout() {
        let data = bytes::data(seq);
        let n = repeat_count(data.len(), 1, count, Some(Msg::BytesRepeatTooLong))?;
        bytes::new_bytes(&data.repeat(n))
    } else if layout == W_Tuple::layout() {
        let items = W_Tuple::items(seq);
        let n = repeat_count(items.len(), 8, count, None)?;
        W_Tuple::from_slice(&items.repeat(n))
    } else {
        let n = repeat_count(list::len(seq), 8, count, None)?;
        list::repeat(seq, n)
    })
}

fn repeat_impl(seq: GcRef, count: i64) -> GcRef {
    repeat(seq, count).unwrap_or_else(|e| {
        metatrace::call::set_exception(e);
        GcRef::NULL
    })
}

metatrace::residual! {
    /// `seq * count` for a builtin sequence.
    pub fn seq_repeat(seq: Ref, count: Int) -> Ref;
    effect = Plain; can_raise = true; impl = repeat_impl;
}

//! The sort behind `list.sort` and `sorted`: CPython's timsort shape (natural runs, a strictly
//! descending run reversed, short runs extended to `minrun` by binary insertion, runs merged
//! stably from a stack kept balanced as CPython 3.10's `merge_collapse` keeps it), without
//! galloping. For lists shorter than 64 it makes exactly CPython's comparisons.
//!
//! Only Python's `<` is used, and the sort never trusts it to be a total order: an inconsistent
//! comparison leaves some permutation, never a crash. When a comparison raises, the items are
//! left in their partly sorted order (a permutation of the input) and the error propagates.

use super::functions::less;
use crate::float::W_Float;
use crate::gc;
use crate::int::{W_Bool, W_Int};
use crate::space::PyResult;
use crate::tuple::W_Tuple;
use crate::unicode::{self, W_Str};
use metatrace_gc::GcObject;
use metatrace_gc::GcRef;
use std::cmp::Ordering;

/// Sort `items` stably by `key` (or by the items), reversed if asked, with Python's `<`. On an
/// error from a comparison `items` hold a permutation of what they held; on an error from `key`
/// they are unchanged.
pub(crate) fn sort_items(items: &mut [GcRef], key: Option<GcRef>, reverse: bool) -> PyResult<()> {
    let keys: crate::gc::RootedVec = match key {
        Some(f) => items.iter().map(|&i| crate::objspace::call(f, &[i])).collect::<PyResult<_>>()?,
        None => crate::gc::RootedVec::from_slice(items),
    };
    // As CPython: a reverse sort reverses, sorts stably, and reverses again (also on failure).
    let mut order: Vec<usize> = (0..items.len()).collect();
    if reverse {
        order.reverse();
    }
    let result =
        if sort_plain(&keys, &mut order) { Ok(()) } else { timsort(&mut order, &mut |i, j| less(keys[i], keys[j])) };
    if reverse {
        order.reverse();
    }
    let sorted: Vec<GcRef> = order.iter().map(|&i| items[i]).collect();
    items.copy_from_slice(&sorted);
    result
}

/// The value of a key item whose `<` Rust can compare directly: an exact int of 64 bits or a
/// bool, an exact float that is not a NaN, or an exact str (code point order is the order of its
/// generalized UTF-8 bytes).
#[derive(PartialEq, PartialOrd)]
enum Plain {
    Int(i64),
    Float(f64),
    Str(Vec<u8>),
}

impl Plain {
    fn of(v: GcRef) -> Option<Plain> {
        let layout = v.layout();
        if layout == W_Int::layout() {
            Some(Plain::Int(gc::get_i64(v, &W_Int::VALUE)))
        } else if layout == W_Bool::layout() {
            Some(Plain::Int(gc::get_i64(v, &W_Bool::VALUE)))
        } else if layout == W_Float::layout() {
            Some(Plain::Float(gc::get_f64(v, &W_Float::VALUE))).filter(|p| !matches!(p, Plain::Float(f) if f.is_nan()))
        } else if layout == W_Str::layout() {
            Some(Plain::Str(unicode::wtf8(v)))
        } else {
            None
        }
    }

    fn same_kind(&self, other: &Plain) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

/// The value of an exact int of 64 bits or a bool key (the commonest plain keys).
fn int_key(k: GcRef) -> Option<i64> {
    let layout = k.layout();
    if layout == W_Int::layout() {
        Some(gc::get_i64(k, &W_Int::VALUE))
    } else if layout == W_Bool::layout() {
        Some(gc::get_i64(k, &W_Bool::VALUE))
    } else {
        None
    }
}

/// Sort `order` stably by the machine-int keys `ints[i]`: by counting when the keys span a
/// small range (as the bytes of a bytes object do), else the pairs (key, position in `order`)
/// sorted in one flat array, ties kept in their order by the position.
fn sort_by_ints(ints: &[i64], order: &mut [usize]) {
    const COUNTED_SPAN: i128 = 1 << 16;
    let (Some(&low), Some(&high)) = (ints.iter().min(), ints.iter().max()) else { return };
    let span = i128::from(high) - i128::from(low) + 1;
    if span <= COUNTED_SPAN && span <= ints.len() as i128 {
        let slot = |i: usize| (ints[i] - low) as usize;
        let mut starts = vec![0usize; span as usize + 1];
        for &i in order.iter() {
            starts[slot(i) + 1] += 1;
        }
        for k in 1..starts.len() {
            starts[k] += starts[k - 1];
        }
        let before = order.to_vec();
        for i in before {
            let at = &mut starts[slot(i)];
            order[*at] = i;
            *at += 1;
        }
        return;
    }
    let mut pairs: Vec<(i64, usize)> = order.iter().enumerate().map(|(pos, &i)| (ints[i], pos)).collect();
    pairs.sort_unstable();
    let before = order.to_vec();
    for (slot, (_, pos)) in order.iter_mut().zip(pairs) {
        *slot = before[pos];
    }
}

/// Sort `order` stably by `keys` when every key is a plain value (see [`Plain`]) or every key is
/// a tuple of plain values, and the items that Python could compare with each other (all
/// scalars; the items of tuples at one position) are of one kind: Python's `<` is then a total
/// order on the values (tuples compare as the sequences of their items, and equal items of one
/// kind are `==`), so any stable sort puts them where timsort would, without a Python
/// comparison. False (nothing done) for other keys.
fn sort_plain(keys: &[GcRef], order: &mut [usize]) -> bool {
    let Some(first) = keys.first() else { return true };
    let tuples = first.layout() == W_Tuple::layout();
    if !tuples {
        if let Some(ints) = keys.iter().map(|&k| int_key(k)).collect::<Option<Vec<i64>>>() {
            sort_by_ints(&ints, order);
            return true;
        }
        let mut values: Vec<Plain> = Vec::with_capacity(keys.len());
        for &k in keys {
            match Plain::of(k) {
                Some(p) if values.first().is_none_or(|model| model.same_kind(&p)) => values.push(p),
                _ => return false,
            }
        }
        order.sort_by(|&i, &j| values[i].partial_cmp(&values[j]).unwrap_or(Ordering::Equal));
        return true;
    }
    if let Some((flat, spans)) = int_tuples(keys) {
        let items = |i: usize| &flat[spans[i].0..spans[i].1];
        order.sort_by(|&i, &j| items(i).cmp(items(j)));
        return true;
    }
    let mut values: Vec<Vec<Plain>> = Vec::with_capacity(keys.len());
    // The index of a key that has an item at each position (the first one that had it).
    let mut kind_at: Vec<usize> = Vec::new();
    for &k in keys {
        if k.layout() != W_Tuple::layout() {
            return false;
        }
        let Some(items) = W_Tuple::items(k).into_iter().map(Plain::of).collect::<Option<Vec<_>>>() else {
            return false;
        };
        if kind_at.iter().zip(&items).enumerate().any(|(p, (&model, item))| !values[model][p].same_kind(item)) {
            return false;
        }
        kind_at.resize(kind_at.len().max(items.len()), values.len());
        values.push(items);
    }
    order.sort_by(|&i, &j| values[i].partial_cmp(&values[j]).unwrap_or(Ordering::Equal));
    true
}

/// When every key is a tuple of exact ints of 64 bits and bools (the commonest tuple keys), their
/// values in one vector and each key's range of it, which compare as the tuples do: without a
/// vector per key.
fn int_tuples(keys: &[GcRef]) -> Option<(Vec<i64>, Vec<(usize, usize)>)> {
    let mut flat = Vec::with_capacity(keys.len() * 4);
    let mut spans = Vec::with_capacity(keys.len());
    for &k in keys {
        if k.layout() != W_Tuple::layout() {
            return None;
        }
        let start = flat.len();
        for i in 0..gc::len(k, &W_Tuple::ITEMS) {
            flat.push(int_key(gc::item_ref(k, &W_Tuple::ITEMS, i))?);
        }
        spans.push((start, flat.len()));
    }
    Some((flat, spans))
}

/// Sort `v` stably with `lt` (the keys' `<` by index).
fn timsort(v: &mut [usize], lt: &mut impl FnMut(usize, usize) -> PyResult<bool>) -> PyResult<()> {
    let n = v.len();
    if n < 2 {
        return Ok(());
    }
    let minrun = minrun(n);
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut lo = 0;
    while lo < n {
        let (mut len, descending) = count_run(&v[lo..], lt)?;
        if descending {
            v[lo..lo + len].reverse();
        }
        if len < minrun {
            let force = (n - lo).min(minrun);
            binary_insertion(&mut v[lo..lo + force], len, lt)?;
            len = force;
        }
        runs.push((lo, len));
        collapse(v, &mut runs, lt)?;
        lo += len;
    }
    while runs.len() > 1 {
        let mut i = runs.len() - 2;
        if i > 0 && runs[i - 1].1 < runs[i + 1].1 {
            i -= 1;
        }
        merge_at(v, &mut runs, i, lt)?;
    }
    Ok(())
}

/// CPython's `merge_compute_minrun`: `n` itself below 64, else a length in 32..=64 such that
/// `n / minrun` is a power of two or a little less.
fn minrun(mut n: usize) -> usize {
    let mut r = 0;
    while n >= 64 {
        r |= n & 1;
        n >>= 1;
    }
    n + r
}

/// The length of the run at the start of `v` (at least 1, at least 2 when `v` has two items)
/// and whether it is strictly descending.
fn count_run(v: &[usize], lt: &mut impl FnMut(usize, usize) -> PyResult<bool>) -> PyResult<(usize, bool)> {
    if v.len() == 1 {
        return Ok((1, false));
    }
    let descending = lt(v[1], v[0])?;
    let mut n = 2;
    while n < v.len() && lt(v[n], v[n - 1])? == descending {
        n += 1;
    }
    Ok((n, descending))
}

/// Binary insertion sort of `v`, whose first `sorted` items are sorted already.
fn binary_insertion(
    v: &mut [usize],
    sorted: usize,
    lt: &mut impl FnMut(usize, usize) -> PyResult<bool>,
) -> PyResult<()> {
    for start in sorted.max(1)..v.len() {
        let pivot = v[start];
        let (mut l, mut r) = (0, start);
        while l < r {
            let p = l + (r - l) / 2;
            if lt(pivot, v[p])? {
                r = p;
            } else {
                l = p + 1;
            }
        }
        v.copy_within(l..start, l + 1);
        v[l] = pivot;
    }
    Ok(())
}

/// Merge runs from the top of the stack until its lengths decrease fast enough (each run longer
/// than the two above it together, and than the one above it).
fn collapse(
    v: &mut [usize],
    runs: &mut Vec<(usize, usize)>,
    lt: &mut impl FnMut(usize, usize) -> PyResult<bool>,
) -> PyResult<()> {
    while runs.len() > 1 {
        let mut i = runs.len() - 2;
        let len = |k: usize| runs[k].1;
        if (i > 0 && len(i - 1) <= len(i) + len(i + 1)) || (i > 1 && len(i - 2) <= len(i - 1) + len(i)) {
            if len(i - 1) < len(i + 1) {
                i -= 1;
            }
        } else if len(i) > len(i + 1) {
            break;
        }
        merge_at(v, runs, i, lt)?;
    }
    Ok(())
}

/// Merge the adjacent runs `i` and `i + 1` of the stack into one, stably: an item of the right
/// run goes first only when it is less than the left run's item. If a comparison fails, the
/// items not yet merged are put back after the merged ones, so `v` stays a permutation.
fn merge_at(
    v: &mut [usize],
    runs: &mut Vec<(usize, usize)>,
    i: usize,
    lt: &mut impl FnMut(usize, usize) -> PyResult<bool>,
) -> PyResult<()> {
    let (start, left_len) = runs[i];
    let right_len = runs[i + 1].1;
    runs[i].1 = left_len + right_len;
    runs.remove(i + 1);
    let end = start + left_len + right_len;
    let left: Vec<usize> = v[start..start + left_len].to_vec();
    let (mut a, mut b, mut out) = (0, start + left_len, start);
    let mut result = Ok(());
    while a < left.len() && b < end {
        match lt(v[b], left[a]) {
            Ok(true) => {
                v[out] = v[b];
                b += 1;
            }
            Ok(false) => {
                v[out] = left[a];
                a += 1;
            }
            Err(e) => {
                result = Err(e);
                break;
            }
        }
        out += 1;
    }
    // The rest of the left run fills the gap before the unmerged rest of the right run.
    v[out..out + left.len() - a].copy_from_slice(&left[a..]);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sort `v` with a plain `<` on its values, counting comparisons.
    fn sort_values(values: &[i64]) -> (Vec<i64>, usize) {
        let mut order: Vec<usize> = (0..values.len()).collect();
        let mut count = 0;
        timsort(&mut order, &mut |i, j| {
            count += 1;
            Ok(values[i] < values[j])
        })
        .unwrap();
        (order.iter().map(|&i| values[i]).collect(), count)
    }

    #[test]
    fn sorts_and_is_stable() {
        for n in [0usize, 1, 2, 3, 63, 64, 65, 200, 1000] {
            let values: Vec<i64> = (0..n as i64).map(|i| (i * 7919) % 13).collect();
            let mut order: Vec<usize> = (0..n).collect();
            timsort(&mut order, &mut |i, j| Ok(values[i] < values[j])).unwrap();
            let mut expected: Vec<usize> = (0..n).collect();
            expected.sort_by_key(|&i| values[i]);
            assert_eq!(order, expected, "n = {n}");
        }
    }

    #[test]
    fn sorted_input_takes_one_pass() {
        let values: Vec<i64> = (0..1000).collect();
        assert_eq!(sort_values(&values).1, 999);
        let reversed: Vec<i64> = (0..1000).rev().collect();
        assert_eq!(sort_values(&reversed), (values, 999));
    }

    #[test]
    fn inconsistent_comparisons_leave_a_permutation() {
        let mut state = 12345u64;
        for n in [2usize, 10, 64, 100, 1000] {
            let mut order: Vec<usize> = (0..n).collect();
            timsort(&mut order, &mut |_, _| {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                Ok(state >> 63 == 1)
            })
            .unwrap();
            order.sort();
            assert_eq!(order, (0..n).collect::<Vec<_>>());
        }
    }
}

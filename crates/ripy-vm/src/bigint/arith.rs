//! `+`, `-` and multiplication by a one-word int on big ints, computed straight into a buffer
//! of [`super::digits`]. dashu's `&a + &b` and `&a * word` copy an operand into a new buffer
//! of their own and then compute in place: two passes over memory that is usually cold, and an
//! allocation. Operands of at most two words are left to dashu, which keeps them inline.

use super::digits;
use dashu_int::{IBig, Word};
use std::cmp::Ordering;

/// The most words dashu keeps inline, without a buffer.
const INLINE_WORDS: usize = 2;

/// `a + b`, or `a - b` when `negate_b`.
pub(super) fn add(a: &IBig, b: &IBig, negate_b: bool) -> IBig {
    let ((a_sign, x), (b_sign, y)) = (a.as_sign_words(), b.as_sign_words());
    if x.len().max(y.len()) <= INLINE_WORDS || !digits::available() {
        return if negate_b { a - b } else { a + b };
    }
    let b_sign = if negate_b { -b_sign } else { b_sign };
    if a_sign == b_sign {
        let (long, short) = if x.len() >= y.len() { (x, y) } else { (y, x) };
        return digits::into_ibig(a_sign, add_magnitudes(long, short));
    }
    match compare_magnitudes(x, y) {
        Ordering::Greater => digits::into_ibig(a_sign, sub_magnitudes(x, y)),
        Ordering::Less => digits::into_ibig(b_sign, sub_magnitudes(y, x)),
        Ordering::Equal => IBig::ZERO,
    }
}

/// `a * b` when one of them has one word and the other more than two; `None` otherwise.
pub(super) fn mul_by_word(a: &IBig, b: &IBig) -> Option<IBig> {
    let ((a_sign, x), (b_sign, y)) = (a.as_sign_words(), b.as_sign_words());
    let (long, word) = match (x.len(), y.len()) {
        (n, 1) if n > INLINE_WORDS => (x, y[0]),
        (1, n) if n > INLINE_WORDS => (y, x[0]),
        _ => return None,
    };
    if !digits::available() {
        return None;
    }
    Some(digits::into_ibig(a_sign * b_sign, mul_word(long, word)))
}

/// The order of two normalized magnitudes.
fn compare_magnitudes(x: &[Word], y: &[Word]) -> Ordering {
    x.len().cmp(&y.len()).then_with(|| x.iter().rev().cmp(y.iter().rev()))
}

/// `long + short` (`long` having at least as many words).
fn add_magnitudes(long: &[Word], short: &[Word]) -> Vec<Word> {
    let (mut sum, carry) = ripple(long, short, 1, Word::overflowing_add);
    sum[long.len()] = Word::from(carry);
    sum
}

/// `x - y` for `x >= y`.
fn sub_magnitudes(x: &[Word], y: &[Word]) -> Vec<Word> {
    let (difference, borrow) = ripple(x, y, 0, Word::overflowing_sub);
    debug_assert!(!borrow, "a magnitude below the one subtracted");
    difference
}

/// `long` combined word by word with `short` by `step` (an overflowing add or subtract), the
/// carry or borrow rippling up through `long`'s higher words, into a new buffer of
/// `long.len() + extra` words; also the carry out of the top word. Once nothing ripples, the
/// rest of `long` is block-copied.
fn ripple(long: &[Word], short: &[Word], extra: usize, step: fn(Word, Word) -> (Word, bool)) -> (Vec<Word>, bool) {
    let mut out = zeroed(long.len() + extra);
    let (low, high) = long.split_at(short.len());
    let mut carry = false;
    for ((slot, &p), &q) in out.iter_mut().zip(low).zip(short) {
        let (w, c1) = step(p, q);
        let (w, c2) = step(w, Word::from(carry));
        *slot = w;
        carry = c1 | c2;
    }
    let mut rest = low.len();
    for &p in high {
        if !carry {
            break;
        }
        let (w, c) = step(p, 1);
        out[rest] = w;
        carry = c;
        rest += 1;
    }
    out[rest..long.len()].copy_from_slice(&long[rest..]);
    (out, carry)
}

/// `x * word`.
fn mul_word(x: &[Word], word: Word) -> Vec<Word> {
    let mut product = zeroed(x.len() + 1);
    let mut carry: Word = 0;
    for (slot, &p) in product.iter_mut().zip(x) {
        let wide = u128::from(p) * u128::from(word) + u128::from(carry);
        *slot = wide as Word;
        carry = (wide >> Word::BITS) as Word;
    }
    product[x.len()] = carry;
    product
}

/// A buffer of `len` zero digits (written over by the loops above: filling it first costs little,
/// as it brings the buffer into the cache that the loops then write, and keeps them plain loops
/// over slices).
fn zeroed(len: usize) -> Vec<Word> {
    let mut digits = digits::buffer(len);
    digits.resize(len, 0);
    digits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Vec<IBig> {
        let big = IBig::from(3).pow(200);
        let words = IBig::ONE << 192;
        let mut values = vec![IBig::ZERO, IBig::ONE, IBig::from(u64::MAX), IBig::from(u128::MAX)];
        values.extend([big.clone(), &big + IBig::ONE, words.clone(), &words - IBig::ONE, &big * &big]);
        let negated: Vec<IBig> = values.iter().map(|v| -v).collect();
        values.extend(negated);
        values
    }

    #[test]
    fn sums_and_products_match_dashu() {
        for a in &values() {
            for b in &values() {
                assert_eq!(add(a, b, false), a + b, "{a} + {b}");
                assert_eq!(add(a, b, true), a - b, "{a} - {b}");
                if let Some(product) = mul_by_word(a, b) {
                    assert_eq!(product, a * b, "{a} * {b}");
                }
            }
        }
    }
}

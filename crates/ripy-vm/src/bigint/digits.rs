//! The digit buffers of big ints: a pool that reuses the buffers of dead ints, and `IBig`s made
//! from a buffer without copying it.
//!
//! A big int's digits (more than two 64-bit words) are a buffer of Rust's allocator owned by its
//! `dashu` `IBig`. The collector finds dead ints in bulk (a collection per `pressure()` bytes of
//! attached digits, 64 MiB by default), so a freed buffer is long out of the caches, and freeing
//! then allocating anew some 100k buffers of a few KB per pidigits iteration cost about a quarter
//! of its time in `malloc`/`free`. Instead, the release of a dead int ([`recycle`]) puts its
//! buffer into a pool sorted by capacity (four size classes to a power of two; the buffers of the
//! last collection only, at most `metatrace_gc::external::pressure()` bytes; the rest is freed),
//! and the arithmetic of
//! `super::arith` takes the buffers of its results from it ([`buffer`]) and moves them into the
//! `IBig` it returns ([`into_ibig`]).
//!
//! Taking a buffer out of an `IBig` and making an `IBig` of a buffer rely on the layout of
//! `dashu-int` 0.6.2's `IBig` (the version is pinned with `=` in the workspace's Cargo.toml): three
//! words, the digits' address, their number and the buffer's capacity, negated for a negative
//! value, for a value of more than two digits (fewer are kept inline, with a capacity of 1 or 2).
//! [`available`] checks that layout once against an `IBig` that dashu made; when it does not
//! hold, ints are never taken apart and built from a copy of their digits instead.

use dashu_int::{IBig, Sign, UBig, Word};
use std::mem::ManuallyDrop;
use std::sync::{Mutex, OnceLock};

/// Size classes of the pool: four per power of two from 4 words (4, 5, 6, 7, 8, 10, 12, 14, 16,
/// 20, ...), up to below 2**22 words (32 MiB). A class holds buffers of a capacity at least its
/// size and below the next class's.
const CLASSES: usize = 4 * 20;

/// The size in words of class `class`.
fn class_size(class: usize) -> usize {
    (4 + class % 4) << (class / 4)
}

/// The largest class whose size is at most `words` (at least 4).
fn class_below(words: usize) -> usize {
    debug_assert!(words >= 4);
    let log = Word::BITS as usize - 1 - words.leading_zeros() as usize;
    4 * (log - 2) + ((words >> (log - 2)) & 3)
}

/// The smallest class whose size is at least `words`.
fn class_above(words: usize) -> usize {
    let class = class_below(words.max(4));
    if class_size(class) < words {
        class + 1
    } else {
        class
    }
}

/// Empty buffers of dead ints by size class, and their total capacity in bytes.
struct Pool {
    classes: Vec<Vec<Vec<Word>>>,
    bytes: usize,
    /// The collection (`metatrace_gc::external::rounds()`) whose releases the pool holds.
    round: u64,
}

static POOL: Mutex<Pool> = Mutex::new(Pool { classes: Vec::new(), bytes: 0, round: 0 });

fn pool() -> std::sync::MutexGuard<'static, Pool> {
    POOL.lock().unwrap_or_else(|p| p.into_inner())
}

/// An empty buffer for at least `words` digits: a pooled one of the class of `words` or the
/// next, else a new one of the next class (the ints of a computation tend to grow while the pool
/// holds the buffers of the last collection's dead ints, so some room makes them fit later).
pub(super) fn buffer(words: usize) -> Vec<Word> {
    let class = class_above(words);
    if class + 1 >= CLASSES {
        return Vec::with_capacity(words);
    }
    let pooled = {
        let mut pool = pool();
        let found = pool.classes.get_mut(class..=class + 1).and_then(|classes| classes.iter_mut().find_map(Vec::pop));
        if let Some(buffer) = &found {
            pool.bytes -= buffer.capacity() * std::mem::size_of::<Word>();
        }
        found
    };
    pooled.unwrap_or_else(|| Vec::with_capacity(class_size(class + 1)))
}

/// Keep the buffer of `digits` in the pool for later results, or free it when the pool is full or
/// the buffer too small or too large for it.
fn put(mut digits: Vec<Word>) {
    let capacity = digits.capacity();
    if capacity < 4 || class_below(capacity) >= CLASSES {
        return;
    }
    digits.clear();
    let bytes = capacity * std::mem::size_of::<Word>();
    let mut pool = pool();
    let round = metatrace_gc::external::rounds();
    if pool.round != round {
        // What the pool kept from an earlier collection found no use since: free it.
        pool.round = round;
        pool.bytes = 0;
        pool.classes.iter_mut().for_each(Vec::clear);
    }
    if pool.bytes + bytes > metatrace_gc::external::pressure() {
        return;
    }
    if pool.classes.is_empty() {
        pool.classes.resize_with(CLASSES, Vec::new);
    }
    pool.bytes += bytes;
    pool.classes[class_below(capacity)].push(digits);
}

/// Whether `IBig`s have the layout this module relies on (checked once).
pub(super) fn available() -> bool {
    static MATCHES: OnceLock<bool> = OnceLock::new();
    *MATCHES.get_or_init(|| {
        [Sign::Positive, Sign::Negative].into_iter().all(|sign| {
            let probe = IBig::from_sign_words(sign, &[1, 2, 3]);
            let address = probe.as_sign_words().1.as_ptr() as usize;
            // SAFETY: an IBig is three words (asserted in `bigint::store`); they are read as
            // integers, and `probe` stays the owner of its buffer.
            let [data, len, capacity]: [usize; 3] = unsafe { std::mem::transmute_copy(&probe) };
            let capacity = capacity as isize;
            data == address && len == 3 && capacity.unsigned_abs() >= 3 && (capacity < 0) == (sign == Sign::Negative)
        })
    })
}

/// The int of sign `sign` whose magnitude has the digits `digits` (least significant first,
/// maybe with zero words on top), owning their buffer when it has more than two digits.
pub(super) fn into_ibig(sign: Sign, mut digits: Vec<Word>) -> IBig {
    while digits.last() == Some(&0) {
        digits.pop();
    }
    if digits.len() <= 2 {
        let magnitude = digits.iter().rev().fold(0u128, |high, &word| high << Word::BITS | u128::from(word));
        put(digits);
        return IBig::from_parts(sign, UBig::from(magnitude));
    }
    if !available() {
        return IBig::from_sign_words(sign, &digits);
    }
    let mut digits = ManuallyDrop::new(digits);
    let capacity = digits.capacity() as isize;
    let raw = [
        digits.as_mut_ptr() as usize,
        digits.len(),
        if sign == Sign::Negative { -capacity } else { capacity } as usize,
    ];
    // SAFETY: `available()` checked that an IBig of more than two digits is these three words:
    // the address of its normalized digits (the top one is not zero), their number and its
    // buffer's capacity (at least the number, which is at least 3), negated for a negative value.
    // The buffer is an array of `capacity` words of the global allocator (a Vec's), which is
    // how dashu allocates and frees its own; the IBig becomes its only owner (`digits` is
    // never dropped).
    unsafe { std::mem::transmute::<[usize; 3], IBig>(raw) }
}

/// Put the buffer of `value`, an int that nothing uses any more, into the pool (called by the
/// collector when a big int dies: allocates nothing on the collected heap).
pub(super) fn recycle(value: IBig) {
    if !available() {
        return;
    }
    let value = ManuallyDrop::new(value);
    // SAFETY: an IBig is three words, read as integers; `value` is never dropped, so the
    // buffer read out below has one owner.
    let [data, _, capacity]: [usize; 3] = unsafe { std::mem::transmute_copy(&*value) };
    let capacity = (capacity as isize).unsigned_abs();
    if capacity <= 2 {
        // The digits are inline: there is no buffer.
        return;
    }
    // SAFETY: with a capacity above 2 the first word is the address of a buffer of `capacity`
    // words of the global allocator (dashu's own or one made by `into_ibig`, both arrays of
    // words), owned by `value` alone, which gives it up here; a length of 0 leaves its contents
    // unread.
    put(unsafe { Vec::from_raw_parts(data as *mut Word, 0, capacity) });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_classes_cover_every_size() {
        for words in 4..10_000 {
            let below = class_below(words);
            assert!(class_size(below) <= words && words < class_size(below + 1), "{words}");
            let above = class_above(words);
            assert!(class_size(above) >= words && (above == 0 || class_size(above - 1) < words), "{words}");
        }
    }

    #[test]
    fn buffers_round_trip_through_ints() {
        assert!(available());
        for sign in [Sign::Positive, Sign::Negative] {
            let mut digits = buffer(5);
            digits.extend([1, 2, 3, 4, 0]);
            let value = into_ibig(sign, digits);
            assert_eq!(value, IBig::from_sign_words(sign, &[1, 2, 3, 4]));
            recycle(value);
            let mut small = buffer(3);
            small.extend([7, 0, 0]);
            assert_eq!(into_ibig(sign, small), IBig::from_sign_words(sign, &[7]));
        }
    }
}

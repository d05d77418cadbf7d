//! `int` beyond 64 bits: [`W_Long`], an object holding a `dashu-int` [`IBig`] (its limbs in Rust's
//! allocator, freed by the collector), and the residual functions that compute on them.
//!
//! A `W_Long` never holds a value that fits in an `i64` ([`from_ibig`] normalizes), so a value has
//! one representation and an `i64` and a `W_Long` are never equal. All big-integer arithmetic is
//! native, on the `IBig`s where they lie ([`with_ibig`]), its results moved into new objects
//! ([`int_object`]); floor division with a quotient below 2**63 has a pass of its own
//! ([`floor_div_short`]), and `+`, `-` and `* word` write their results straight into digit
//! buffers ([`arith`]) that the releases of dead ints keep in a pool ([`digits`]).
//!
//! Also here: Python's exactly rounded int true division ([`true_divide`]), int ⇄ str conversion
//! with CPython 3.11's limit on decimal digits (`sys.set_int_max_str_digits`), and the conversion
//! of integral floats.

use crate::exceptions::{ExcKind, Msg};
use crate::float;
use crate::gc;
use crate::int::{heap_int, W_Bool, W_Int};
use crate::ops::{BinOp, UnaryOp};
use crate::space::{PyResult, Space};
use crate::unicode;
use dashu_int::ops::{BitTest, DivRem, UnsignedAbs};
use dashu_int::{IBig, Sign, UBig, Word};
use metatrace::call::set_exception;
use metatrace_gc::{GcHeader, GcObject, GcRef};
use metatrace_macros::GcObject;

mod arith;
mod digits;

/// An int that does not fit in an `i64`.
///
/// Its value is a `dashu` [`IBig`] moved into the object's three value words when the object is
/// made (see [`store`]); a value of more than two limbs keeps its limbs in Rust's allocator,
/// attached to the object with `metatrace_gc::external`, which frees them when a collection finds
/// the object dead. Arithmetic reads operands in place and moves its result in: no limb is
/// copied between the heap and `IBig`s, and big intermediate results are never zeroed by the
/// collector's fresh blocks.
#[derive(GcObject)]
#[repr(C)]
pub struct W_Long {
    /// The object header.
    pub header: GcHeader,
    /// The first word of the `IBig`.
    #[gc(immutable)]
    pub value0: i64,
    /// The second word of the `IBig`.
    #[gc(immutable)]
    pub value1: i64,
    /// The third word of the `IBig`.
    #[gc(immutable)]
    pub value2: i64,
}

/// The `IBig` inside a [`W_Long`]: the only code that touches its words.
mod store {
    use super::W_Long;
    use dashu_int::IBig;
    use metatrace_gc::{GcObject, GcRef};

    const _: () = assert!(
        std::mem::size_of::<IBig>() == 24 && std::mem::align_of::<IBig>() <= 8,
        "an IBig fills the three value words of a W_Long"
    );

    /// The address of the `IBig` of `obj`, which must be a `W_Long`.
    fn slot(obj: GcRef) -> *mut IBig {
        assert!(obj.layout() == W_Long::layout(), "a W_Long");
        (obj.addr() + W_Long::VALUE0.offset) as *mut IBig
    }

    /// A new `W_Long` holding `v`.
    pub(super) fn new(v: IBig) -> GcRef {
        let limbs = v.as_sign_words().1.len();
        let obj = metatrace_gc::alloc(W_Long::layout());
        // SAFETY: `obj` is a fresh W_Long whose three value words (24 bytes, 8-aligned, checked
        // above) nothing has read; `v` is moved into them and read only through `with`.
        unsafe { std::ptr::write(slot(obj), v) };
        // An IBig of more than two limbs owns a heap buffer (dashu keeps one or two inline).
        if limbs > 2 {
            metatrace_gc::external::attach(obj, limbs * 8, release);
        }
        obj
    }

    /// Run `f` on the value of `obj`, a `W_Long`.
    pub(super) fn with<R>(obj: GcRef, f: impl FnOnce(&IBig) -> R) -> R {
        // SAFETY: `obj` is a W_Long made by `new`, alive while `f` runs (it stays in this frame
        // until the `black_box` below, and the stack is a root), and its value is never written
        // after `new` nor dropped before the collector finds the object dead.
        let r = f(unsafe { &*slot(obj) });
        std::hint::black_box(obj);
        r
    }

    /// Give the limbs of a dead `W_Long` back to the digit pool (called by the collector).
    fn release(obj: GcRef) {
        // SAFETY: the collector calls this once, for a W_Long made by `new` with an attached
        // buffer that nothing can reach any more; its memory is intact until the collection ends,
        // and its value, moved out here, is never read again.
        super::digits::recycle(unsafe { std::ptr::read(slot(obj)) })
    }
}

/// The largest number of bits a computed integer may have: beyond it, `MemoryError`.
const MAX_BITS: usize = 1 << 32;

/// Run `f` on the value of an int-like object (int, bool or big int), without copying a big
/// int's limbs; `None` for other objects.
pub fn with_ibig<R>(obj: GcRef, f: impl FnOnce(&IBig) -> R) -> Option<R> {
    let layout = obj.layout();
    if layout == W_Int::layout() {
        Some(f(&IBig::from(gc::get_i64(obj, &W_Int::VALUE))))
    } else if layout == W_Bool::layout() {
        Some(f(&IBig::from(gc::get_i64(obj, &W_Bool::VALUE))))
    } else if layout == W_Long::layout() {
        Some(store::with(obj, f))
    } else {
        None
    }
}

/// The value of an int-like object (int, bool or big int).
pub fn to_ibig(obj: GcRef) -> Option<IBig> {
    with_ibig(obj, IBig::clone)
}

/// An int object of value `v`: a [`W_Int`] if it fits, else a [`W_Long`] holding `v`.
pub fn int_object(v: IBig) -> GcRef {
    match i64::try_from(&v) {
        Ok(small) => heap_int(small),
        Err(_) => store::new(v),
    }
}

/// An int object of value `v` (a copy: [`int_object`] takes an `IBig` it may keep).
pub fn from_ibig(v: &IBig) -> GcRef {
    int_object(v.clone())
}

/// The number of bits of `|v|` (without copying it, as `unsigned_abs` would).
fn magnitude_bits(v: &IBig) -> usize {
    let words = v.as_sign_words().1;
    words.last().map_or(0, |top| words.len() * Word::BITS as usize - top.leading_zeros() as usize)
}

/// The nearest float to an integer (ties to even); `OverflowError` beyond the float range.
pub fn to_f64(v: &IBig) -> PyResult<f64> {
    let f = v.to_f64().value();
    if f.is_infinite() {
        return Err(Space::get().fault(crate::exceptions::Fault::Message(Msg::IntTooLargeForFloat)));
    }
    Ok(f)
}

/// The integer value of an integral finite float.
pub fn from_integral_f64(f: f64) -> IBig {
    debug_assert!(f.is_finite() && f.fract() == 0.0);
    let bits = f.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mantissa = if exp == 0 { (bits & ((1 << 52) - 1)) << 1 } else { (bits & ((1 << 52) - 1)) | (1 << 52) };
    let shift = exp - 1075;
    let magnitude =
        if shift >= 0 { IBig::from(mantissa) << shift as usize } else { IBig::from(mantissa) >> (-shift) as usize };
    if f < 0.0 {
        -magnitude
    } else {
        magnitude
    }
}

/// `x * 2**e`, exact when the result is representable.
fn ldexp(mut x: f64, mut e: i64) -> f64 {
    let pow2 = |k: i64| f64::from_bits(((k + 1023) as u64) << 52);
    while e > 1000 {
        x *= pow2(1000);
        e -= 1000;
    }
    while e < -1000 {
        x *= pow2(-1000);
        e += 1000;
    }
    x * pow2(e)
}

fn fail(m: Msg) -> GcRef {
    Space::get().fault(crate::exceptions::Fault::Message(m))
}

/// `a / b` correctly rounded, as CPython's `long_true_divide`.
pub fn true_divide(a: &IBig, b: &IBig) -> PyResult<f64> {
    if *b == IBig::ZERO {
        return Err(fail(Msg::DivisionByZero));
    }
    let negative = (a.sign() == Sign::Negative) != (b.sign() == Sign::Negative);
    let signed = |f: f64| if negative { -f } else { f };
    let (a, b) = (a.unsigned_abs(), b.unsigned_abs());
    if a == UBig::ZERO {
        return Ok(signed(0.0));
    }
    let (a_bits, b_bits) = (a.bit_len() as i64, b.bit_len() as i64);
    if a_bits <= 53 && b_bits <= 53 {
        let (fa, fb) = (a.to_f64().value(), b.to_f64().value());
        return Ok(signed(fa / fb));
    }
    let diff = a_bits - b_bits;
    if diff > 1024 {
        return Err(fail(Msg::QuotientTooLargeForFloat));
    }
    if diff < -1021 - 53 - 1 {
        return Ok(signed(0.0));
    }
    // Scale so that the quotient has 55 or 56 bits (fewer for a subnormal result), round it to
    // the precision the result has, then scale back exactly.
    let shift = diff.max(-1021) - 55;
    let (q, r) = if shift <= 0 { (&a << (-shift) as usize).div_rem(&b) } else { a.div_rem(&(&b << shift as usize)) };
    let inexact = r != UBig::ZERO;
    let mut x = u64::try_from(&q).expect("a quotient of at most 56 bits");
    let x_bits = 64 - i64::from(x.leading_zeros());
    let extra_bits = x_bits.max(-1021 - shift) - 53;
    let mask = 1u64 << (extra_bits - 1);
    let low = x | u64::from(inexact);
    if low & mask != 0 && low & (3 * mask - 1) != 0 {
        x += mask;
    }
    x &= !(2 * mask - 1);
    let dx = x as f64;
    if shift + x_bits >= 1024 && (shift + x_bits > 1024 || dx == ldexp(1.0, x_bits)) {
        return Err(fail(Msg::QuotientTooLargeForFloat));
    }
    Ok(signed(ldexp(dx, shift)))
}

/// Python's floor division and modulo.
fn floor_divmod(a: &IBig, b: &IBig) -> (IBig, IBig) {
    let (mut q, mut r) = a.div_rem(b);
    if r != IBig::ZERO && (r.sign() == Sign::Negative) != (b.sign() == Sign::Negative) {
        q -= IBig::ONE;
        r += b;
    }
    (q, r)
}

thread_local! {
    /// The scratch limbs of [`floor_div_short`].
    static SCRATCH: std::cell::Cell<Vec<Word>> = const { std::cell::Cell::new(Vec::new()) };
}

/// Bits `shift..shift + 128` of the number whose limbs are `words`.
fn bits_from(words: &[Word], shift: usize) -> u128 {
    let (index, offset) = (shift / 64, shift % 64);
    let word = |i: usize| u128::from(words.get(i).copied().unwrap_or(0));
    let low = (word(index) | word(index + 1) << 64) >> offset;
    if offset == 0 {
        low
    } else {
        low | word(index + 2) << (128 - offset)
    }
}

/// `r -= y` over the length of `r` (not below `y`).
fn sub_limbs(r: &mut [Word], y: &[Word]) {
    let (low, high) = r.split_at_mut(y.len());
    let mut borrow = false;
    for (slot, &limb) in low.iter_mut().zip(y) {
        let (d, b1) = slot.overflowing_sub(limb);
        let (d, b2) = d.overflowing_sub(Word::from(borrow));
        *slot = d;
        borrow = b1 || b2;
    }
    for slot in high {
        if !borrow {
            break;
        }
        let (d, b) = slot.overflowing_sub(1);
        *slot = d;
        borrow = b;
    }
}

/// `r += y` over the length of `r` (at least `y`'s); returns the carry out of the top.
fn add_limbs(r: &mut [Word], y: &[Word]) -> bool {
    let (low, high) = r.split_at_mut(y.len());
    let mut carry = false;
    for (slot, &limb) in low.iter_mut().zip(y) {
        let (s, c1) = slot.overflowing_add(limb);
        let (s, c2) = s.overflowing_add(Word::from(carry));
        *slot = s;
        carry = c1 || c2;
    }
    for slot in high {
        if !carry {
            break;
        }
        let (s, c) = slot.overflowing_add(1);
        *slot = s;
        carry = c;
    }
    carry
}

/// Whether the number with limbs `r` (maybe with zero limbs on top) is below the one with
/// limbs `y` (normalized).
fn below(r: &[Word], y: &[Word]) -> bool {
    let used = r.iter().rposition(|&w| w != 0).map_or(0, |i| i + 1);
    used.cmp(&y.len()).then_with(|| r[..used].iter().rev().cmp(y.iter().rev())) == std::cmp::Ordering::Less
}

/// `a // b` when `|b|` has two limbs or more and the quotient is below 2**63 (pidigits'
/// `(q * j + r) // (s * j + t)`): the quotient of the top bits, then `|a| - q * |b|` in one
/// pass over a scratch buffer, corrected by a step of `|b|` in the rare case the estimate was
/// off; no copies, normalization or allocations of a general division. `None` outside that
/// case.
fn floor_div_short(a: &IBig, b: &IBig) -> Option<IBig> {
    let ((a_sign, x), (b_sign, y)) = (a.as_sign_words(), b.as_sign_words());
    let (a_bits, b_bits) = (magnitude_bits(a), magnitude_bits(b));
    if y.len() < 2 || a_bits > b_bits + 62 {
        return None;
    }
    let same_sign = a_sign == b_sign;
    if a_bits < b_bits {
        // 0 < |a| < |b|, or a == 0.
        return Some(if same_sign || a_bits == 0 { IBig::ZERO } else { IBig::NEG_ONE });
    }
    // With B's top 64 bits `top_b` (the top bit set) and A's bits from the same place (at most
    // 126 bits), the estimate is off from the quotient by at most two.
    let shift = b_bits - 64;
    let mut q = u64::try_from(bits_from(x, shift) / bits_from(y, shift)).ok()?;
    let (q, exact) = SCRATCH.with(|cell| {
        let mut r = cell.take();
        r.clear();
        r.resize(x.len(), 0);
        // r = A - q * B in one pass (|A| has at least as many limbs as |B|), with `debt` the
        // words owed above r's top when q * B > A.
        let (low, high) = x.split_at(y.len());
        let (r_low, r_high) = r.split_at_mut(y.len());
        let (mut carry, mut borrow) = (0u64, false);
        for ((slot, &limb_a), &limb_b) in r_low.iter_mut().zip(low).zip(y) {
            let product = u128::from(limb_b) * u128::from(q) + u128::from(carry);
            carry = (product >> 64) as u64;
            let (d, b1) = limb_a.overflowing_sub(product as u64);
            let (d, b2) = d.overflowing_sub(u64::from(borrow));
            *slot = d;
            borrow = b1 || b2;
        }
        for (slot, &limb_a) in r_high.iter_mut().zip(high) {
            let (d, b1) = limb_a.overflowing_sub(carry);
            let (d, b2) = d.overflowing_sub(u64::from(borrow));
            *slot = d;
            carry = 0;
            borrow = b1 || b2;
        }
        let mut debt = u128::from(carry) + u128::from(borrow);
        while debt > 0 {
            q -= 1;
            debt -= u128::from(add_limbs(&mut r, y));
        }
        while !below(&r, y) {
            q += 1;
            sub_limbs(&mut r, y);
        }
        let exact = r.iter().all(|&w| w == 0);
        cell.set(r);
        (q, exact)
    });
    Some(if same_sign { IBig::from(q) } else { -IBig::from(q + u64::from(!exact)) })
}

/// `a op b` on two ints with Python's semantics: an int, or a float for `/` and negative powers.
pub fn int_binop(op: BinOp, a: &IBig, b: &IBig) -> PyResult<GcRef> {
    let int = |v: IBig| Ok(int_object(v));
    let zero = IBig::ZERO;
    match op {
        BinOp::Add => int(arith::add(a, b, false)),
        BinOp::Sub => int(arith::add(a, b, true)),
        BinOp::Mul => {
            if magnitude_bits(a) + magnitude_bits(b) > MAX_BITS {
                return Err(fail(Msg::NoMemory));
            }
            int(arith::mul_by_word(a, b).unwrap_or_else(|| a * b))
        }
        BinOp::FloorDiv | BinOp::Mod => {
            if *b == zero {
                return Err(fail(if op == BinOp::Mod { Msg::IntModuloByZero } else { Msg::IntDivisionByZero }));
            }
            if op == BinOp::FloorDiv {
                if let Some(q) = floor_div_short(a, b) {
                    return int(q);
                }
            }
            let (q, r) = floor_divmod(a, b);
            int(if op == BinOp::Mod { r } else { q })
        }
        BinOp::TrueDiv => Ok(float::heap_float(true_divide(a, b)?)),
        BinOp::Pow => {
            if b.sign() == Sign::Negative {
                return Ok(float::heap_float(float::pow(to_f64(a)?, to_f64(b)?)?));
            }
            let magnitude = a.unsigned_abs();
            if magnitude <= UBig::ONE {
                // 0, 1 and -1 to any power stay small.
                let odd = b.bit(0);
                return int(if *a == zero && *b != zero {
                    zero
                } else if a.sign() == Sign::Negative && odd {
                    IBig::NEG_ONE
                } else {
                    IBig::ONE
                });
            }
            match usize::try_from(b) {
                Ok(e) if e.saturating_mul(magnitude.bit_len()) <= MAX_BITS => int(a.pow(e)),
                _ => Err(fail(Msg::NoMemory)),
            }
        }
        BinOp::LShift | BinOp::RShift => {
            if b.sign() == Sign::Negative {
                return Err(fail(Msg::NegativeShift));
            }
            if *a == zero {
                return int(zero);
            }
            let Ok(count) = usize::try_from(b) else {
                if op == BinOp::RShift {
                    return int(if a.sign() == Sign::Negative { IBig::NEG_ONE } else { zero });
                }
                return Err(fail(Msg::TooManyDigits));
            };
            if op == BinOp::RShift {
                return int(a >> count);
            }
            if count.saturating_add(magnitude_bits(a)) > MAX_BITS {
                return Err(fail(Msg::NoMemory));
            }
            int(a << count)
        }
        BinOp::And => int(a & b),
        BinOp::Or => int(a | b),
        BinOp::Xor => int(a ^ b),
        BinOp::MatMul => Err(Space::get().fault(crate::exceptions::Fault::BinaryTypes(op, from_ibig(a), from_ibig(b)))),
    }
}

/// A residual function's result: the value, or the exception set aside and a null reference.
fn or_raise(r: PyResult<GcRef>) -> GcRef {
    r.unwrap_or_else(|e| {
        set_exception(e);
        GcRef::NULL
    })
}

fn small_binop_impl(op: i64, x: i64, y: i64) -> GcRef {
    or_raise(int_binop(BinOp::ALL[op as usize], &IBig::from(x), &IBig::from(y)))
}

metatrace::residual! {
    /// The slow path of `x op y` on two machine ints (an overflow, `/` beyond 2**53, `**`).
    pub fn small_binop(op: Int, x: Int, y: Int) -> Ref;
    effect = Plain; can_raise = true; impl = small_binop_impl;
}

fn long_binop_impl(op: i64, a: GcRef, b: GcRef) -> GcRef {
    let result = with_ibig(a, |a| with_ibig(b, |b| int_binop(BinOp::ALL[op as usize], a, b)));
    or_raise(result.flatten().expect("int operands"))
}

metatrace::residual! {
    /// `a op b` on two int objects of which one at least is big.
    pub fn long_binop(op: Int, a: Ref, b: Ref) -> Ref;
    effect = Plain; can_raise = true; impl = long_binop_impl;
}

fn long_unary_impl(op: i64, a: GcRef) -> GcRef {
    let v = to_ibig(a).expect("an int operand");
    int_object(match UnaryOp::ALL[op as usize] {
        UnaryOp::Neg => -v,
        UnaryOp::Pos => v,
        UnaryOp::Invert => !v,
    })
}

metatrace::residual! {
    /// A unary operator on a big int.
    pub fn long_unary(op: Int, a: Ref) -> Ref;
    effect = Plain; can_raise = false; impl = long_unary_impl;
}

fn long_to_float_impl(a: GcRef) -> f64 {
    with_ibig(a, to_f64).expect("an int operand").unwrap_or_else(|e| {
        set_exception(e);
        0.0
    })
}

metatrace::residual! {
    /// The nearest float to a big int; `OverflowError` beyond the float range.
    pub fn long_to_float(a: Ref) -> Float;
    effect = Elidable; can_raise = true; impl = long_to_float_impl;
}

/// The limit error of int ⇄ str conversion, with `detail` (`": value has N digits"` or empty).
fn limit_error(space: &Space, detail: &str) -> GcRef {
    let limit = space.int_max_str_digits.get();
    let message = format!(
        "Exceeds the limit ({limit} digits) for integer string conversion{detail}; use sys.set_int_max_str_digits() to increase the limit"
    );
    space.new_exception(ExcKind::ValueError, &message)
}

/// The decimal digits of an int (`str(n)`), within `sys.get_int_max_str_digits()`.
pub fn to_decimal(v: &IBig) -> PyResult<String> {
    let space = Space::get();
    let limit = space.int_max_str_digits.get();
    let bits = magnitude_bits(v);
    // A number of `bits` bits has more than (bits - 1) * log10(2) digits.
    if limit > 0 && bits > 64 && ((bits - 1) as f64 * std::f64::consts::LOG10_2) as i64 >= limit {
        return Err(limit_error(space, ""));
    }
    let text = v.to_string();
    let digits = text.trim_start_matches('-').len() as i64;
    if limit > 0 && digits > limit {
        return Err(limit_error(space, ""));
    }
    Ok(text)
}

/// `int(text, base)` for a str or bytes-like `original` whose text, with its digits and spaces made
/// ASCII ([`unicode::to_ascii_number`]), is `text`: Python's integer literal syntax (sign, base prefixes, single underscores between digits, surrounding
/// whitespace); `ValueError` naming `original` otherwise.
pub fn parse_int(text: &str, base: i64, original: GcRef) -> PyResult<GcRef> {
    let space = Space::get();
    if base != 0 && !(2..=36).contains(&base) {
        return Err(space.new_exception(ExcKind::ValueError, "int() base must be >= 2 and <= 36, or 0"));
    }
    let invalid = || {
        let mut shown = crate::repr::repr(original).unwrap_or_default();
        if let Some((cut, _)) = shown.char_indices().nth(200) {
            shown.truncate(cut);
        }
        space.new_exception(ExcKind::ValueError, &format!("invalid literal for int() with base {base}: {shown}"))
    };
    let s = text.trim_matches(unicode::is_space);
    let (negative, s) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = s.get(..2).map(str::to_ascii_lowercase);
    let prefixed = |p: &str| lower.as_deref() == Some(p);
    let (radix, digits, after_prefix) = match base {
        0 | 16 if prefixed("0x") => (16, &s[2..], true),
        0 | 8 if prefixed("0o") => (8, &s[2..], true),
        0 | 2 if prefixed("0b") => (2, &s[2..], true),
        0 => (10, s, false),
        b => (b as u32, s, false),
    };
    // Underscores: one may follow a base prefix, and single ones may separate digits.
    let body = if after_prefix { digits.strip_prefix('_').unwrap_or(digits) } else { digits };
    if body.is_empty() || body.starts_with('_') || body.ends_with('_') || body.contains("__") {
        return Err(invalid());
    }
    let clean: String = body.chars().filter(|&c| c != '_').collect();
    if !clean.chars().all(|c| c.is_digit(radix)) {
        return Err(invalid());
    }
    if base == 0 && radix == 10 && clean.len() > 1 && clean.starts_with('0') && clean.bytes().any(|b| b != b'0') {
        return Err(invalid());
    }
    let limit = space.int_max_str_digits.get();
    if !radix.is_power_of_two() && limit > 0 && clean.len() as i64 > limit {
        return Err(limit_error(space, &format!(": value has {} digits", clean.len())));
    }
    let magnitude = UBig::from_str_radix(&clean, radix).map_err(|_| invalid())?;
    let sign = if negative { Sign::Negative } else { Sign::Positive };
    Ok(int_object(IBig::from_parts(sign, magnitude)))
}

/// `int(s, base)` of a str.
pub fn parse_int_str(s: GcRef, base: i64) -> PyResult<GcRef> {
    parse_int(&unicode::to_ascii_number(s), base, s)
}

/// `int(f)` of a float: truncation toward zero; `OverflowError` for infinities, `ValueError` for
/// NaN.
pub fn from_float(f: f64) -> PyResult<GcRef> {
    if f.is_nan() {
        return Err(fail(Msg::FloatNanToInt));
    }
    if f.is_infinite() {
        return Err(fail(Msg::FloatInfinityToInt));
    }
    Ok(int_object(from_integral_f64(f.trunc())))
}

/// The inverse of `a` modulo `m` (`m` positive, `a` reduced), or `None` when they are not coprime.
pub fn mod_inverse(a: &IBig, m: &IBig) -> Option<IBig> {
    // Extended Euclid on (a, m).
    let (mut old_r, mut r) = (a.clone(), m.clone());
    let (mut old_s, mut s) = (IBig::ONE, IBig::ZERO);
    while r != IBig::ZERO {
        let q = &old_r / &r;
        let next_r = &old_r - &q * &r;
        old_r = std::mem::replace(&mut r, next_r);
        let next_s = &old_s - &q * &s;
        old_s = std::mem::replace(&mut s, next_s);
    }
    if old_r != IBig::ONE {
        return None;
    }
    Some(((old_s % m) + m) % m)
}

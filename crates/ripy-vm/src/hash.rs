//! Python's hashing rules, as CPython 3.11 computes them on a 64-bit machine.
//!
//! * Numbers hash by value modulo the Mersenne prime 2**61 - 1 ([`MODULUS`]), so that equal
//!   numbers of different types hash alike: `hash(1) == hash(1.0) == hash(True)`. Infinities hash to
//!   ±314159; a NaN hashes by identity (3.10+).
//! * `str` and `bytes` hash with SipHash-1-3 over CPython's in-memory representation (latin-1,
//!   UCS-2 or UCS-4 code units for `str`, the bytes for `bytes`). Hash randomization is not done:
//!   the key is fixed at zero, which is what CPython uses under `PYTHONHASHSEED=0`, so hashes agree
//!   with `PYTHONHASHSEED=0 python3.11`. The empty string hashes to 0.
//! * Tuples combine their items' hashes with CPython's xxHash-based scheme.
//! * Other objects hash by identity (CPython's `_Py_HashPointer`).
//!
//! A hash of -1 is never produced (it is CPython's error marker): it becomes -2.

use crate::bigint;
use crate::bytes::W_Bytes;
use crate::dict::W_Dict;
use crate::exceptions::Fault;
use crate::float::W_Float;
use crate::gc;
use crate::int::{W_Bool, W_Int};
use crate::list::W_List;
use crate::set::{self, W_FrozenSet, W_Set};
use crate::space::{PyResult, Space};
use crate::tuple::W_Tuple;
use crate::unicode::{self, W_Str};
use dashu_int::IBig;
use metatrace::domain::{Domain, IntOp};
use metatrace_gc::{GcObject, GcRef};

/// The modulus of numeric hashes: 2**61 - 1.
pub const MODULUS: u64 = (1 << 61) - 1;
/// The number of bits of [`MODULUS`].
const BITS: u32 = 61;
/// The hash of positive infinity.
pub const INF: i64 = 314_159;

/// -1 is reserved: it becomes -2.
fn fix(h: i64) -> i64 {
    if h == -1 {
        -2
    } else {
        h
    }
}

/// The hash of an i64.
#[inline]
pub fn hash_i64(v: i64) -> i64 {
    // Most ints are below the modulus: no division for them.
    let magnitude = v.unsigned_abs();
    let m = if magnitude < MODULUS { magnitude } else { magnitude % MODULUS };
    fix(if v < 0 { -(m as i64) } else { m as i64 })
}

/// The hash of a big integer.
pub fn hash_ibig(v: &IBig) -> i64 {
    let m = IBig::from(MODULUS);
    let r = i64::try_from(&(v.clone() % &m)).expect("a remainder modulo 2**61-1 fits in i64");
    // `%` truncates, so `r` has the sign of `v`, as CPython's hash does.
    fix(r)
}

/// `frexp`: `v == m * 2**e` with `0.5 <= |m| < 1`, for finite non-zero `v`.
fn frexp(v: f64) -> (f64, i32) {
    let bits = v.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale into the normal range first.
        let (m, e) = frexp(v * 2f64.powi(64));
        return (m, e - 64);
    }
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, exp - 1022)
}

/// The hash of a float; `obj` is the float object (a NaN hashes by its identity).
pub fn hash_f64(v: f64, obj: GcRef) -> i64 {
    if v.is_nan() {
        return hash_pointer(obj);
    }
    if v.is_infinite() {
        return if v > 0.0 { INF } else { -INF };
    }
    if v == 0.0 {
        return 0;
    }
    let (mut m, mut e) = frexp(v);
    let sign: i64 = if m < 0.0 {
        m = -m;
        -1
    } else {
        1
    };
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & MODULUS) | (x >> (BITS - 28));
        m *= 268_435_456.0; // 2**28
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= MODULUS {
            x -= MODULUS;
        }
    }
    let e = if e >= 0 { e as u32 % BITS } else { BITS - 1 - ((-1 - e) as u32 % BITS) };
    x = ((x << e) & MODULUS) | (x >> (BITS - e));
    fix((x as i64).wrapping_mul(sign))
}

/// CPython's `_Py_HashPointer`: the address rotated right by 4 bits.
pub fn hash_pointer(obj: GcRef) -> i64 {
    fix(obj.addr().rotate_right(4) as i64)
}

/// SipHash-1-3 of `data` with key (`k0`, `k1`), exactly as CPython's `siphash13`.
pub fn siphash13(k0: u64, k1: u64, data: &[u8]) -> u64 {
    let mut v = [
        k0 ^ 0x736f_6d65_7073_6575,
        k1 ^ 0x646f_7261_6e64_6f6d,
        k0 ^ 0x6c79_6765_6e65_7261,
        k1 ^ 0x7465_6462_7974_6573,
    ];
    fn round(v: &mut [u64; 4]) {
        v[0] = v[0].wrapping_add(v[1]);
        v[2] = v[2].wrapping_add(v[3]);
        v[1] = v[1].rotate_left(13) ^ v[0];
        v[3] = v[3].rotate_left(16) ^ v[2];
        v[0] = v[0].rotate_left(32);
        v[2] = v[2].wrapping_add(v[1]);
        v[0] = v[0].wrapping_add(v[3]);
        v[1] = v[1].rotate_left(17) ^ v[2];
        v[3] = v[3].rotate_left(21) ^ v[0];
        v[2] = v[2].rotate_left(32);
    }
    let mut chunks = data.chunks_exact(8);
    for chunk in &mut chunks {
        let m = u64::from_le_bytes(chunk.try_into().expect("chunks of 8"));
        v[3] ^= m;
        round(&mut v);
        v[0] ^= m;
    }
    let mut last = [0u8; 8];
    last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    let b = ((data.len() as u64) << 56) | u64::from_le_bytes(last);
    v[3] ^= b;
    round(&mut v);
    v[0] ^= b;
    v[2] ^= 0xff;
    for _ in 0..3 {
        round(&mut v);
    }
    (v[0] ^ v[1]) ^ (v[2] ^ v[3])
}

/// The hash of a byte string (CPython's `_Py_HashBytes` with a zero key).
pub fn hash_bytes(data: &[u8]) -> i64 {
    if data.is_empty() {
        return 0;
    }
    fix(siphash13(0, 0, data) as i64)
}

/// Combine the hashes of a tuple's items (CPython's xxHash-based `tuplehash`).
pub fn hash_tuple(item_hashes: &[i64]) -> i64 {
    const PRIME1: u64 = 11_400_714_785_074_694_791;
    const PRIME2: u64 = 14_029_467_366_897_019_727;
    const PRIME5: u64 = 2_870_177_450_012_600_261;
    let mut acc = PRIME5;
    for &h in item_hashes {
        acc = acc.wrapping_add((h as u64).wrapping_mul(PRIME2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(PRIME1);
    }
    acc = acc.wrapping_add(item_hashes.len() as u64 ^ (PRIME5 ^ 3_527_539));
    if acc == u64::MAX {
        return 1_546_275_796;
    }
    acc as i64
}

/// [`hash_object`] with the commonest keys of dicts and sets in line: an exact str whose hash is
/// cached, and an exact int.
#[inline(always)]
pub fn hash_key(obj: GcRef) -> PyResult<i64> {
    let layout = obj.layout();
    if layout == W_Str::layout() {
        let cached = metatrace_gc::heap::read_field_expecting(obj, W_Str::layout(), &W_Str::HASH) as i64;
        if cached != -1 {
            return Ok(cached);
        }
    } else if layout == W_Int::layout() {
        return Ok(hash_i64(metatrace_gc::heap::read_field_expecting(obj, W_Int::layout(), &W_Int::VALUE) as i64));
    }
    hash_object(obj)
}

/// `hash(obj)` for native code. Containers that are mutable raise `TypeError: unhashable type`.
/// Instances of user classes hash by identity (dispatching a user `__hash__` is the interpreter's).
pub fn hash_object(obj: GcRef) -> PyResult<i64> {
    let layout = obj.layout();
    Ok(if layout == W_Int::layout() {
        hash_i64(gc::get_i64(obj, &W_Int::VALUE))
    } else if layout == W_Bool::layout() {
        gc::get_i64(obj, &W_Bool::VALUE)
    } else if layout == W_Float::layout() {
        hash_f64(gc::get_f64(obj, &W_Float::VALUE), obj)
    } else if layout == W_Str::layout() {
        unicode::hash(obj)
    } else if layout == W_Bytes::layout() {
        crate::bytes::hash(obj)
    } else if layout == W_Tuple::layout() {
        let n = gc::len(obj, &W_Tuple::ITEMS);
        let mut hashes = smallvec::SmallVec::<[i64; 8]>::with_capacity(n);
        for k in 0..n {
            hashes.push(hash_object(gc::item_ref(obj, &W_Tuple::ITEMS, k))?);
        }
        hash_tuple(&hashes)
    } else if let Some(v) = bigint::to_ibig(obj) {
        hash_ibig(&v)
    } else if layout == W_FrozenSet::layout() {
        set::frozenset_hash(obj)
    } else if layout == crate::complex::W_Complex::layout() {
        crate::complex::hash_of(obj)
    } else if layout == crate::iter::W_Range::layout() {
        range_hash(obj)?
    } else if crate::buffer::is_memoryview(obj) {
        crate::buffer::hash(obj)?
    } else if layout == W_List::layout()
        || layout == W_Dict::layout()
        || layout == W_Set::layout()
        || layout == crate::buffer::W_ByteArray::layout()
        || layout == crate::iter::W_Slice::layout()
        || layout == crate::iter::W_DictKeys::layout()
        || layout == crate::iter::W_DictItems::layout()
    {
        return Err(Space::get().fault(Fault::Unhashable(obj)));
    } else if layout == crate::function::W_Method::layout() {
        // As CPython: the identity of `__self__` and the hash of `__func__`.
        use crate::function::W_Method;
        fix(hash_pointer(gc::get_ref(obj, &W_Method::SELF_)) ^ hash_object(gc::get_ref(obj, &W_Method::FUNC))?)
    } else if layout == crate::function::W_Builtin::layout() {
        use crate::function::W_Builtin;
        fix(hash_pointer(gc::get_ref(obj, &W_Builtin::SELF_)) ^ hash_i64(gc::get_i64(obj, &W_Builtin::INDEX)))
    } else if layout == crate::code::W_Code::layout() {
        fix(crate::code::Code::of(obj).object.code_hash() as i64)
    } else if crate::objspace::is_instance_like(obj) {
        crate::objspace::hash_user(obj)?
    } else {
        hash_pointer(obj)
    })
}

/// `hash(r)` of a range: the hash of `(len, start, step)`, with `None` for the parts that do not
/// matter (both for an empty range, the step for a range of one value), as CPython.
fn range_hash(r: GcRef) -> PyResult<i64> {
    use crate::iter::W_Range;
    let none = Space::get().none;
    let n = gc::get_i64(r, &W_Range::LENGTH);
    let (start, step) = (gc::get_i64(r, &W_Range::START), gc::get_i64(r, &W_Range::STEP));
    let parts = [
        hash_i64(n),
        if n == 0 { hash_pointer(none) } else { hash_i64(start) },
        if n <= 1 { hash_pointer(none) } else { hash_i64(step) },
    ];
    Ok(hash_tuple(&parts))
}

fn hash_object_impl(obj: GcRef) -> i64 {
    hash_object(obj).unwrap_or_else(|e| {
        metatrace::call::set_exception(e);
        0
    })
}

metatrace::residual! {
    /// `hash(obj)`, for every object.
    pub fn hash_residual(obj: Ref) -> Int;
    effect = Elidable; can_raise = true; impl = hash_object_impl;
}

/// `hash(obj)` in domain code: ints in (-2**61, 2**61) and strings with a cached hash inline;
/// the rest is a residual call.
pub fn hash<D: Domain>(d: &mut D, obj: D::Ref) -> Result<D::Int, D::Ref> {
    let layout = d.layout_of(obj);
    if layout == W_Int::layout() {
        let v = d.get_int(obj, &W_Int::VALUE);
        let bias = d.const_int(MODULUS as i64 - 1);
        let shifted = d.int_op(IntOp::Add, v, bias);
        let span = d.const_int(2 * (MODULUS as i64 - 1) + 1);
        let small = d.int_op(IntOp::UintLt, shifted, span);
        if d.branch(small) {
            // hash(v) == v, but -1 is reserved: subtract (v == -1).
            let minus_one = d.const_int(-1);
            let is_minus_one = d.int_op(IntOp::Eq, v, minus_one);
            return Ok(d.int_op(IntOp::Sub, v, is_minus_one));
        }
    } else if layout == W_Str::layout() {
        let cached = d.get_int(obj, &W_Str::HASH);
        let minus_one = d.const_int(-1);
        let unknown = d.int_op(IntOp::Eq, cached, minus_one);
        if !d.branch(unknown) {
            return Ok(cached);
        }
    }
    hash_residual(d, obj)
}

//! `int` (machine-sized part) and `bool`.
//!
//! An int that fits in 64 bits is a [`W_Int`]; a larger one is a [`crate::bigint::W_Long`] (never
//! holding a value that fits in 64 bits, so each value has one representation). `True` and
//! `False` are the space's two [`W_Bool`] objects: bool is a subclass of int, and arithmetic
//! treats them as 1 and 0.
//!
//! The arithmetic here is domain code on unboxed `i64`s, with Python's semantics: floor division
//! and modulo round toward negative infinity (computed branch-free from the machine's truncating
//! ones), and every overflow (`int_ovf`, a `guard_no_overflow` in a trace) continues in the
//! residual big-integer path, [`crate::bigint::small_binop()`].

use crate::bigint;
use crate::exceptions::{self, Fault, Msg};
use crate::float;
use crate::ops::BinOp;
use metatrace::domain::{Domain, FloatOp, IntOp, IntUnary, OvfOp};
use metatrace_gc::{GcHeader, GcObject, GcRef};
use metatrace_macros::GcObject;

/// An int that fits in an `i64`.
#[derive(GcObject)]
#[repr(C)]
pub struct W_Int {
    /// The object header.
    pub header: GcHeader,
    /// The value.
    #[gc(immutable)]
    pub value: i64,
}

/// `True` or `False` (exactly two objects exist, in the space).
#[derive(GcObject)]
#[repr(C)]
pub struct W_Bool {
    /// The object header.
    pub header: GcHeader,
    /// 1 or 0.
    #[gc(immutable)]
    pub value: i64,
}

/// The largest magnitude below which every integer converts to a float exactly (2**53).
pub const EXACT_FLOAT_LIMIT: i64 = 1 << 53;

/// The ints that boxing shares instead of allocating, as CPython's small ints: `SMALL_INTS.start`
/// up to (not including) `SMALL_INTS.end`.
const SMALL_INTS: std::ops::Range<i64> = -5..257;

/// The shared int object of `v` when `v` is small (allocated and rooted for the rest of the
/// process on first use). Sharing them changes nothing a program can see (`is` compares ints by
/// value, see [`crate::protocol::is`]); the keys of sets and dicts of small ints are then the same
/// few objects, read from a few cache lines.
#[inline]
fn small_int(v: i64) -> Option<GcRef> {
    static CACHE: std::sync::OnceLock<Vec<GcRef>> = std::sync::OnceLock::new();
    if !SMALL_INTS.contains(&v) {
        return None;
    }
    let cache = CACHE.get_or_init(|| {
        SMALL_INTS
            .map(|v| {
                let r = allocate_int(v);
                metatrace_gc::Root::new(r).leak();
                r
            })
            .collect()
    });
    Some(cache[(v - SMALL_INTS.start) as usize])
}

/// A fresh int object.
fn allocate_int(v: i64) -> GcRef {
    let r = metatrace_gc::alloc(W_Int::layout());
    metatrace_gc::heap::write_field(r, &W_Int::VALUE, v as u64);
    r
}

/// An int object on the heap: a shared one for small values.
pub fn heap_int(v: i64) -> GcRef {
    small_int(v).unwrap_or_else(|| allocate_int(v))
}

/// An int object, in domain code: the interpreter shares small ints (see [`small_int`]); a trace
/// keeps ints virtual and allocates them only where they escape.
#[inline]
pub fn new_int<D: Domain>(d: &mut D, v: D::Int) -> D::Ref {
    if D::CONCRETE {
        if let Some(shared) = small_int(d.promote_int(v)) {
            return d.const_ref(shared);
        }
    }
    d.new_int_box(W_Int::layout(), &W_Int::VALUE, v)
}

/// The big-integer slow path of a small-int operation.
fn slow<D: Domain>(d: &mut D, op: BinOp, x: D::Int, y: D::Int) -> Result<D::Ref, D::Ref> {
    let op = d.const_int(op as i64);
    bigint::small_binop(d, op, x, y)
}

/// Raise a fixed message.
fn fail<D: Domain>(d: &mut D, m: Msg) -> D::Ref {
    exceptions::raise(d, Fault::Message(m))
}

/// 1 if `v` is a negative int, else 0.
fn is_negative<D: Domain>(d: &mut D, v: D::Int) -> D::Int {
    let zero = d.const_int(0);
    d.int_op(IntOp::Lt, v, zero)
}

/// Python's `x // y` and `x % y` for `y` not 0 nor -1: the truncating quotient and remainder,
/// moved down by one step of `y` when the remainder is non-zero and of the other sign than `y`.
fn floor_divmod<D: Domain>(d: &mut D, x: D::Int, y: D::Int) -> (D::Int, D::Int) {
    let q = d.int_op(IntOp::FloorDiv, x, y);
    let r = d.int_op(IntOp::Mod, x, y);
    let r_nonzero = d.int_unary(IntUnary::IsTrue, r);
    let signs_differ = d.int_op(IntOp::Xor, r, y);
    let signs_differ = is_negative(d, signs_differ);
    let adjust = d.int_op(IntOp::And, r_nonzero, signs_differ);
    let q = d.int_op(IntOp::Sub, q, adjust);
    let step = d.int_op(IntOp::Mul, y, adjust);
    let r = d.int_op(IntOp::Add, r, step);
    (q, r)
}

/// 1 if `-2**53 <= v <= 2**53`, so that `v` converts to a float exactly.
pub fn converts_exactly<D: Domain>(d: &mut D, v: D::Int) -> D::Int {
    let limit = d.const_int(EXACT_FLOAT_LIMIT);
    let shifted = d.int_op(IntOp::Add, v, limit);
    let span = d.const_int(2 * EXACT_FLOAT_LIMIT + 1);
    d.int_op(IntOp::UintLt, shifted, span)
}

/// `x op y` on two machine ints (the values of ints or bools), giving an int (a float for `/`).
/// (`@` raises the `TypeError` of two ints.)
pub fn binop<D: Domain>(d: &mut D, op: BinOp, x: D::Int, y: D::Int) -> Result<D::Ref, D::Ref> {
    let ovf = |d: &mut D, o: OvfOp| match d.int_ovf(o, x, y) {
        Some(r) => Ok(new_int(d, r)),
        None => slow(d, op, x, y),
    };
    match op {
        BinOp::Add => ovf(d, OvfOp::Add),
        BinOp::Sub => ovf(d, OvfOp::Sub),
        BinOp::Mul => ovf(d, OvfOp::Mul),
        BinOp::FloorDiv | BinOp::Mod => {
            let is_zero = d.int_unary(IntUnary::IsZero, y);
            if d.branch(is_zero) {
                let m = if op == BinOp::Mod { Msg::IntModuloByZero } else { Msg::IntDivisionByZero };
                return Err(fail(d, m));
            }
            // Division by -1 is negation, which overflows for i64::MIN; the machine's division
            // must not see it.
            let minus_one = d.const_int(-1);
            let by_minus_one = d.int_op(IntOp::Eq, y, minus_one);
            if d.branch(by_minus_one) {
                return if op == BinOp::Mod {
                    let zero = d.const_int(0);
                    Ok(new_int(d, zero))
                } else {
                    let zero = d.const_int(0);
                    match d.int_ovf(OvfOp::Sub, zero, x) {
                        Some(r) => Ok(new_int(d, r)),
                        None => slow(d, op, x, y),
                    }
                };
            }
            let (q, r) = floor_divmod(d, x, y);
            Ok(new_int(d, if op == BinOp::Mod { r } else { q }))
        }
        BinOp::TrueDiv => {
            let is_zero = d.int_unary(IntUnary::IsZero, y);
            if d.branch(is_zero) {
                return Err(fail(d, Msg::DivisionByZero));
            }
            let x_exact = converts_exactly(d, x);
            let y_exact = converts_exactly(d, y);
            let exact = d.int_op(IntOp::And, x_exact, y_exact);
            if !d.branch(exact) {
                // Correct rounding of the quotient needs the exact algorithm.
                return slow(d, op, x, y);
            }
            let fx = d.int_to_float(x);
            let fy = d.int_to_float(y);
            let q = d.float_op(FloatOp::TrueDiv, fx, fy);
            Ok(float::new_float(d, q))
        }
        BinOp::LShift | BinOp::RShift => {
            let negative = is_negative(d, y);
            if d.branch(negative) {
                return Err(fail(d, Msg::NegativeShift));
            }
            let sixty_three = d.const_int(63);
            let wide = d.int_op(IntOp::Gt, y, sixty_three);
            if op == BinOp::RShift {
                // Shifting by 63 or more leaves the sign: 0 or -1.
                let count = if d.branch(wide) { sixty_three } else { y };
                let r = d.int_op(IntOp::Rshift, x, count);
                return Ok(new_int(d, r));
            }
            if d.branch(wide) {
                return slow(d, op, x, y);
            }
            let r = d.int_op(IntOp::Lshift, x, y);
            let back = d.int_op(IntOp::Rshift, r, y);
            let fits = d.int_op(IntOp::Eq, back, x);
            if !d.branch(fits) {
                return slow(d, op, x, y);
            }
            Ok(new_int(d, r))
        }
        BinOp::And | BinOp::Or | BinOp::Xor => {
            let machine = match op {
                BinOp::And => IntOp::And,
                BinOp::Or => IntOp::Or,
                _ => IntOp::Xor,
            };
            let r = d.int_op(machine, x, y);
            Ok(new_int(d, r))
        }
        BinOp::Pow => slow(d, op, x, y),
        BinOp::MatMul => {
            let (a, b) = (new_int(d, x), new_int(d, y));
            Err(exceptions::raise(d, Fault::BinaryTypes(op, a, b)))
        }
    }
}

/// `-x` of a machine int, overflowing into a big int.
pub fn neg<D: Domain>(d: &mut D, x: D::Int) -> Result<D::Ref, D::Ref> {
    let zero = d.const_int(0);
    match d.int_ovf(OvfOp::Sub, zero, x) {
        Some(r) => Ok(new_int(d, r)),
        None => slow(d, BinOp::Sub, zero, x),
    }
}

/// `~x` of a machine int (which never overflows).
pub fn invert<D: Domain>(d: &mut D, x: D::Int) -> D::Ref {
    let r = d.int_unary(IntUnary::Invert, x);
    new_int(d, r)
}

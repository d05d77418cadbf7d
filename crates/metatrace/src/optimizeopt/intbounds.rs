//! Integer bounds (PyPy's `intbounds.py`): the interval of every integer value.
//!
//! Bounds come from constants, from what operations can produce (a comparison gives 0 or 1, a
//! `u8` field load 0..=255, `x % 7` is within -6..=6, an addition that cannot overflow the sum of
//! the intervals) and from guards, which narrow the operands of the comparison they check
//! (after `guard_true(i < 100)`, `i <= 99`; after `guard_no_overflow`, the exact sum). With them:
//!
//! * a comparison whose outcome the bounds decide becomes a constant, and the guard on it goes
//!   away in [`super::rewrite`] (a guard implied by bounds);
//! * an `int_*_ovf` that cannot overflow becomes the plain operation, and its
//!   `guard_no_overflow` goes away;
//! * a value whose interval has one element becomes that constant.

use super::info::IntBound;
use super::{Cx, Pass};
use crate::ir::{Arg, Descr, Op, Opcode, Var, VarId};
use crate::optimizeopt::state::State;
use rustc_hash::FxHashMap as HashMap;

/// The int bounds pass.
#[derive(Default)]
pub(crate) struct IntBounds {
    /// The operation that defined each value (opcode and first two operands): the comparison
    /// behind a boolean, for what a guard on it teaches, and the operands of the algebraic
    /// simplifications of [`IntBounds::simplify`].
    defs: HashMap<VarId, (Opcode, Arg, Arg)>,
    /// The last overflow-checked operation emitted, until its guard comes.
    last_ovf: Option<(Var, Opcode, Arg, Arg)>,
}

impl Pass for IntBounds {
    fn propagate(&mut self, mut op: Op, cx: &mut Cx<'_>) {
        use Opcode::*;
        if let (Some(result), false) = (op.result, cx.st.must_keep()) {
            if let Some(c) = decide(&op, cx.st) {
                cx.st.replace(result, Arg::Int(c));
                return;
            }
        }
        let cannot_overflow = |op: &Op, st: &State| {
            let (a, b) = (st.bound(op.args[0]), st.bound(op.args[1]));
            match op.opcode {
                IntAddOvf => a.add(&b).is_some(),
                IntSubOvf => a.sub(&b).is_some(),
                _ => a.mul(&b).is_some(),
            }
        };
        if matches!(op.opcode, IntAddOvf | IntSubOvf | IntMulOvf)
            && cx.st.next_input == Some(GuardNoOverflow)
            && cannot_overflow(&op, cx.st)
        {
            op.opcode = match op.opcode {
                IntAddOvf => IntAdd,
                IntSubOvf => IntSub,
                _ => IntMul,
            };
        }
        if let Some(same) = self.simplify(&mut op, cx.st) {
            let result = op.result.expect("simplified operations have results");
            cx.st.replace(result, same);
            return;
        }
        strength_reduce(&mut op, cx.st);
        let (opcode, args, result, descr) = (op.opcode, op.args.clone(), op.result, op.descr);
        cx.emit(op);
        let arg = |n: usize| args.get(n).copied().unwrap_or(Arg::Int(0));
        match opcode {
            GuardTrue | GuardFalse => self.learn(arg(0), opcode == GuardTrue, cx.st),
            GuardValue if arg(0).kind() == metatrace_gc::Kind::Int => cx.st.narrow(arg(0), cx.st.bound(arg(1))),
            GuardNoOverflow => {
                if let Some((r, ovf, a, b)) = self.last_ovf.take() {
                    let (a, b) = (cx.st.bound(a), cx.st.bound(b));
                    let exact = match ovf {
                        IntAddOvf => a.add_no_overflow(&b, false),
                        IntSubOvf => a.add_no_overflow(&b, true),
                        _ => a.mul_no_overflow(&b),
                    };
                    cx.st.narrow(Arg::Var(r), exact);
                }
            }
            IntAddOvf | IntSubOvf | IntMulOvf => self.last_ovf = result.map(|r| (r, opcode, arg(0), arg(1))),
            _ => {}
        }
        if let Some(result) = result {
            self.defs.insert(result.id, (opcode, arg(0), arg(1)));
        }
        let Some(result) = result.filter(|r| r.kind == metatrace_gc::Kind::Int) else { return };
        if let Some(b) = result_bound(opcode, &args, descr, cx.st) {
            cx.st.narrow(Arg::Var(result), b);
        }
    }
}

impl IntBounds {
    /// The operation that defined `a`, when it is a variable defined by an operation.
    fn def(&self, a: Arg) -> Option<(Opcode, Arg, Arg)> {
        a.var().and_then(|v| self.defs.get(&v.id)).copied()
    }

    /// Algebraic identities over the operations that defined the operands: `op` is rewritten
    /// into a cheaper operation, or its value is an existing one (returned). They turn Python's
    /// floor division and modulo by a positive power of two (the truncating quotient and
    /// remainder, corrected by one step when the remainder is negative) into a shift and a mask,
    /// and an int-to-float conversion compared with zero into an integer test:
    ///
    /// * `float_eq(cast_int_to_float(i), 0.0)` is `int_is_zero(i)` (`float_ne`: `int_is_true`);
    /// * `int_lt(int_xor(r, c), 0)` with `c >= 0` is `int_lt(r, 0)` (the sign bit is `r`'s);
    /// * `int_and(int_is_true(r), int_lt(r, 0))` is `int_lt(r, 0)`;
    /// * `int_sub(int_floordiv(x, 2**k), int_lt(int_mod(x, 2**k), 0))` is `int_rshift(x, k)`;
    /// * `int_add(r, int_mul(2**k, int_lt(r, 0)))` with `r = int_mod(x, 2**k)` is
    ///   `int_and(x, 2**k - 1)`.
    fn simplify(&self, op: &mut Op, st: &State) -> Option<Arg> {
        use Opcode::*;
        if op.args.len() != 2 || st.must_keep() {
            return None;
        }
        let (a, b) = (op.args[0], op.args[1]);
        let power_of_two = |c: Arg| st.bound(c).as_constant().filter(|&c| c > 0 && c & (c - 1) == 0);
        // `r < 0` for the truncating remainder `r` of `x` by a power of two: (x, 2**k).
        let negative_remainder = |adjust: Arg| match self.def(adjust)? {
            (IntLt, r, zero) if st.bound(zero).as_constant() == Some(0) => match self.def(r)? {
                (IntMod, x, c) => power_of_two(c).map(|c| (r, x, c)),
                _ => None,
            },
            _ => None,
        };
        match op.opcode {
            FloatEq | FloatNe => {
                let is_zero = |f: Arg| matches!(f, Arg::Float(bits) if f64::from_bits(bits) == 0.0);
                let other = if is_zero(b) {
                    a
                } else if is_zero(a) {
                    b
                } else {
                    return None;
                };
                let (CastIntToFloat, i, _) = self.def(other)? else { return None };
                op.opcode = if op.opcode == FloatEq { IntIsZero } else { IntIsTrue };
                op.args = vec![i];
            }
            IntLt if st.bound(b).as_constant() == Some(0) => {
                let (IntXor, x, y) = self.def(a)? else { return None };
                let r = if st.bound(y).is_nonneg() {
                    x
                } else if st.bound(x).is_nonneg() {
                    y
                } else {
                    return None;
                };
                op.args[0] = r;
            }
            IntAnd => {
                let (nonzero, negative) = match (self.def(a)?, self.def(b)?) {
                    ((IntIsTrue, r, _), (IntLt, s, zero)) => ((r, b), (s, zero)),
                    ((IntLt, s, zero), (IntIsTrue, r, _)) => ((r, a), (s, zero)),
                    _ => return None,
                };
                let ((r, lt), (s, zero)) = (nonzero, negative);
                return (r == s && st.bound(zero).as_constant() == Some(0)).then_some(lt);
            }
            IntSub => {
                let (IntFloorDiv, x, c) = self.def(a)? else { return None };
                let (_, y, d) = negative_remainder(b)?;
                if x != y || power_of_two(c) != Some(d) {
                    return None;
                }
                op.opcode = IntRshift;
                op.args = vec![x, Arg::Int(i64::from(d.trailing_zeros()))];
            }
            IntAdd => {
                let (IntMul, m, n) = self.def(b)? else { return None };
                let (adjust, c) = if power_of_two(m).is_some() { (n, m) } else { (m, n) };
                let (r, x, d) = negative_remainder(adjust)?;
                if r != a || power_of_two(c) != Some(d) {
                    return None;
                }
                op.opcode = IntAnd;
                op.args = vec![x, Arg::Int(d - 1)];
            }
            _ => {}
        }
        None
    }

    /// A guard established that `cond` is `truth`: narrow the operands of its comparison.
    fn learn(&mut self, cond: Arg, truth: bool, st: &mut State) {
        use Opcode::*;
        let Some(&(opcode, a, b)) = cond.var().and_then(|v| self.defs.get(&v.id)) else { return };
        if !is_comparison(opcode) {
            return;
        }
        let (ba, bb) = (st.bound(a), st.bound(b));
        let less = |st: &mut State, x: Arg, y: Arg, strict: bool| {
            let (bx, by) = (st.bound(x), st.bound(y));
            let d = strict as i64;
            st.narrow(x, IntBound::new(i64::MIN, by.hi.saturating_sub(d)));
            st.narrow(y, IntBound::new(bx.lo.saturating_add(d), i64::MAX));
        };
        match (opcode, truth) {
            (IntLt, true) | (IntGe, false) => less(st, a, b, true),
            (IntLe, true) | (IntGt, false) => less(st, a, b, false),
            (IntGt, true) | (IntLe, false) => less(st, b, a, true),
            (IntGe, true) | (IntLt, false) => less(st, b, a, false),
            (IntEq, true) | (IntNe, false) => {
                if let Some(both) = ba.intersect(&bb) {
                    st.narrow(a, both);
                    st.narrow(b, both);
                }
            }
            (IntEq, false) | (IntNe, true) => {
                exclude(st, a, bb);
                exclude(st, b, ba);
            }
            (IntIsTrue, true) | (IntIsZero, false) => exclude(st, a, IntBound::constant(0)),
            (IntIsTrue, false) | (IntIsZero, true) => st.narrow(a, IntBound::constant(0)),
            (UintLt, true) | (UintGe, false) if bb.is_nonneg() => {
                st.narrow(a, IntBound::new(0, bb.hi.saturating_sub(1)))
            }
            _ => {}
        }
    }
}

/// A division or remainder of a non-negative value by a constant power of two becomes a shift or
/// a mask (truncation toward zero and flooring agree on non-negative values).
fn strength_reduce(op: &mut Op, st: &State) {
    use Opcode::*;
    if !matches!(op.opcode, IntFloorDiv | IntMod) || !st.bound(op.args[0]).is_nonneg() {
        return;
    }
    let Some(c) = st.bound(op.args[1]).as_constant().filter(|&c| c > 0 && c & (c - 1) == 0) else { return };
    (op.opcode, op.args[1]) = match op.opcode {
        IntFloorDiv => (IntRshift, Arg::Int(i64::from(c.trailing_zeros()))),
        _ => (IntAnd, Arg::Int(c - 1)),
    };
}

/// Narrow `x` knowing it differs from `other` when that is a single value.
fn exclude(st: &mut State, x: Arg, other: IntBound) {
    if let Some(c) = other.as_constant() {
        st.exclude(x, c);
    }
}

fn is_comparison(opcode: Opcode) -> bool {
    use Opcode::*;
    matches!(opcode, IntLt | IntLe | IntEq | IntNe | IntGt | IntGe | UintLt | UintGe | IntIsTrue | IntIsZero)
}

/// The value of a comparison when the bounds of its operands decide it.
fn decide(op: &Op, st: &State) -> Option<i64> {
    use Opcode::*;
    if !is_comparison(op.opcode) {
        return None;
    }
    let a = st.bound(op.args[0]);
    let b = op.args.get(1).map_or(IntBound::constant(0), |&x| st.bound(x));
    let both_nonneg = a.is_nonneg() && b.is_nonneg();
    let r = match op.opcode {
        IntLt => a.known_lt(&b),
        IntLe => b.known_lt(&a).map(|x| !x),
        IntGt => b.known_lt(&a),
        IntGe => a.known_lt(&b).map(|x| !x),
        IntEq => a.known_eq(&b),
        IntNe => a.known_eq(&b).map(|x| !x),
        UintLt if both_nonneg => a.known_lt(&b),
        UintGe if both_nonneg => a.known_lt(&b).map(|x| !x),
        IntIsTrue => a.known_eq(&b).map(|x| !x),
        IntIsZero => a.known_eq(&b),
        _ => None,
    };
    r.map(i64::from)
}

/// The bound of the result of `opcode(args)` from the bounds of its operands.
fn result_bound(opcode: Opcode, args: &[Arg], descr: Option<Descr>, st: &State) -> Option<IntBound> {
    use Opcode::*;
    let a = || st.bound(args[0]);
    let b = || st.bound(args[1]);
    let constant_b = || b().as_constant();
    match opcode {
        IntAdd => a().add(&b()),
        IntSub => a().sub(&b()),
        IntMul => a().mul(&b()),
        IntFloorDiv => constant_b().filter(|c| *c > 0).map(|c| IntBound::new(a().lo / c, a().hi / c)),
        IntMod => constant_b().filter(|c| *c != 0).map(|c| a().rem_by(c)),
        IntAnd => Some(a().and(&b())),
        IntOr | IntXor => Some(a().or_xor(&b())),
        IntRshift => constant_b().map(|c| a().rshift_by(c)),
        UintRshift => constant_b().filter(|c| c & 63 != 0).map(|c| IntBound::new(0, (u64::MAX >> (c & 63)) as i64)),
        IntLshift => constant_b().and_then(|c| a().lshift_by(c)),
        IntNeg => Some(a().neg()),
        IntInvert => Some(a().invert()),
        _ if is_comparison(opcode) => Some(IntBound::BOOL),
        FloatLt | FloatLe | FloatEq | FloatNe | FloatGt | FloatGe | PtrEq | PtrNe => Some(IntBound::BOOL),
        Arraylen => Some(IntBound::NONNEG),
        Getfield => match descr {
            Some(Descr::Field(f)) => Some(IntBound::of_item(f.ty)),
            _ => None,
        },
        Getarrayitem => match descr {
            Some(Descr::Array(d)) => Some(IntBound::of_item(d.part.item)),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::optimizeopt::tests::check_opt;

    #[test]
    fn comparisons_decided_by_bounds() {
        check_opt(
            "intbounds:rewrite",
            "
            [i0]
            i1 = int_and(i0, 255)
            i2 = int_lt(i1, 256)
            guard_true(i2, descr=<Guard 0>) [i0]
            i3 = int_ge(i1, 0)
            guard_true(i3, descr=<Guard 1>) [i0]
            finish(i1, descr=<Guard 2>) []
            ",
            "
            [i0]
            i1 = int_and(i0, 255)
            finish(i1, descr=<Guard 0>) []
            ",
        );
    }

    #[test]
    fn guards_narrow_their_operands() {
        check_opt(
            "intbounds:rewrite",
            "
            [i0]
            i1 = int_lt(i0, 100)
            guard_true(i1, descr=<Guard 0>) [i0]
            i2 = int_ge(i0, 0)
            guard_true(i2, descr=<Guard 1>) [i0]
            i3 = int_lt(i0, 200)
            guard_true(i3, descr=<Guard 2>) [i0]
            i4 = int_gt(i0, 50)
            guard_false(i4, descr=<Guard 3>) [i0]
            i5 = int_le(i0, 60)
            guard_true(i5, descr=<Guard 4>) [i0]
            finish(i0, descr=<Guard 5>) []
            ",
            "
            [i0]
            i1 = int_lt(i0, 100)
            guard_true(i1, descr=<Guard 0>) [i0]
            i2 = int_ge(i0, 0)
            guard_true(i2, descr=<Guard 1>) [i0]
            i4 = int_gt(i0, 50)
            guard_false(i4, descr=<Guard 2>) [i0]
            finish(i0, descr=<Guard 3>) []
            ",
        );
    }

    #[test]
    fn overflow_checks_that_cannot_fail_are_removed() {
        check_opt(
            "intbounds:rewrite",
            "
            [i0, i1]
            i2 = int_lt(i0, 1000)
            guard_true(i2, descr=<Guard 0>) [i0]
            i3 = int_gt(i0, -1000)
            guard_true(i3, descr=<Guard 1>) [i0]
            i4 = int_add_ovf(i0, 1)
            guard_no_overflow(descr=<Guard 2>) [i0]
            i5 = int_mul_ovf(i4, 1000)
            guard_no_overflow(descr=<Guard 3>) [i0]
            i6 = int_add_ovf(i1, 1)
            guard_no_overflow(descr=<Guard 4>) [i0]
            i7 = int_lt(i6, i1)
            guard_false(i7, descr=<Guard 5>) [i0]
            finish(i5, i6, descr=<Guard 6>) []
            ",
            "
            [i0, i1]
            i2 = int_lt(i0, 1000)
            guard_true(i2, descr=<Guard 0>) [i0]
            i3 = int_gt(i0, -1000)
            guard_true(i3, descr=<Guard 1>) [i0]
            i4 = int_add(i0, 1)
            i5 = int_mul(i4, 1000)
            i6 = int_add_ovf(i1, 1)
            guard_no_overflow(descr=<Guard 2>) [i0]
            i7 = int_lt(i6, i1)
            guard_false(i7, descr=<Guard 3>) [i0]
            finish(i5, i6, descr=<Guard 4>) []
            ",
        );
    }

    #[test]
    fn the_overflow_path_is_kept() {
        check_opt(
            "intbounds:rewrite",
            "
            [i0]
            i1 = int_and(i0, 15)
            i2 = int_add_ovf(i1, 1)
            guard_overflow(descr=<Guard 0>) [i0]
            finish(i0, descr=<Guard 1>) []
            ",
            "
            [i0]
            i1 = int_and(i0, 15)
            i2 = int_add_ovf(i1, 1)
            guard_overflow(descr=<Guard 0>) [i0]
            finish(i0, descr=<Guard 1>) []
            ",
        );
    }

    #[test]
    fn non_negative_division_by_a_power_of_two_is_a_shift() {
        check_opt(
            "intbounds",
            "
            [i0]
            i1 = int_and(i0, 1023)
            i2 = int_floordiv(i1, 8)
            i3 = int_mod(i1, 8)
            i4 = int_floordiv(i0, 8)
            finish(i2, i3, i4, descr=<Guard 0>) []
            ",
            "
            [i0]
            i1 = int_and(i0, 1023)
            i2 = int_rshift(i1, 3)
            i3 = int_and(i1, 7)
            i4 = int_floordiv(i0, 8)
            finish(i2, i3, i4, descr=<Guard 0>) []
            ",
        );
    }

    #[test]
    fn python_floor_division_by_a_power_of_two_is_a_shift() {
        check_opt(
            "intbounds",
            "
            [i0]
            i1 = int_floordiv(i0, 4)
            i2 = int_mod(i0, 4)
            i3 = int_is_true(i2)
            i4 = int_xor(i2, 4)
            i5 = int_lt(i4, 0)
            i6 = int_and(i3, i5)
            i7 = int_sub(i1, i6)
            i8 = int_mul(4, i6)
            i9 = int_add(i2, i8)
            f10 = cast_int_to_float(i0)
            i11 = float_eq(f10, 0.0)
            finish(i7, i9, i11, descr=<Guard 0>) []
            ",
            "
            [i0]
            i1 = int_floordiv(i0, 4)
            i2 = int_mod(i0, 4)
            i3 = int_is_true(i2)
            i4 = int_xor(i2, 4)
            i5 = int_lt(i2, 0)
            i7 = int_rshift(i0, 2)
            i8 = int_mul(4, i5)
            i9 = int_and(i0, 3)
            f10 = cast_int_to_float(i0)
            i11 = int_is_zero(i0)
            finish(i7, i9, i11, descr=<Guard 0>) []
            ",
        );
    }

    #[test]
    fn single_values_become_constants() {
        check_opt(
            "intbounds:rewrite",
            "
            [i0]
            i1 = int_ge(i0, 5)
            guard_true(i1, descr=<Guard 0>) [i0]
            i2 = int_le(i0, 5)
            guard_true(i2, descr=<Guard 1>) [i0]
            i3 = int_add(i0, 1)
            finish(i3, descr=<Guard 2>) [i0]
            ",
            "
            [i0]
            i1 = int_ge(i0, 5)
            guard_true(i1, descr=<Guard 0>) [i0]
            i2 = int_le(i0, 5)
            guard_true(i2, descr=<Guard 1>) [i0]
            finish(6, descr=<Guard 2>) [5]
            ",
        );
    }
}

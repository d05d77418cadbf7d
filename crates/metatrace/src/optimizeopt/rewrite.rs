//! Rewriting (PyPy's `rewrite.py`): constant folding, algebraic identities, and the removal of
//! guards that are implied by what is already known.
//!
//! * A pure operation whose operands are all constants is evaluated with [`crate::domain::eval`],
//!   the same code the interpreter and the backend's reference run, so folding never changes a
//!   result. So is an elidable call that cannot raise, and the length of a constant array.
//! * Identities: `x + 0`, `x * 1`, `x - x`, `x ^ x`, `x == x`, `same_as(x)`, ... become an operand.
//!   References known to be different objects (of different known layouts, say) are not equal.
//! * Guards: a guard whose condition is known to hold is removed (a guard on a constant, a
//!   `guard_class` of an object whose layout is known from an earlier guard or its allocation, a
//!   `guard_nonnull` of an allocated or already checked object, a repeated `guard_value`, a
//!   `guard_class` of a constant of that layout). After a guard, what it checked is known:
//!   `guard_true(x)` makes `x` the constant 1, `guard_value(x, c)` makes `x` the constant `c`,
//!   `guard_class` gives the layout and that `x` is not null. A `guard_true` of `x == c` (or a
//!   `guard_false` of `x != c`) with a constant `c` becomes `guard_value(x, c)`, as in PyPy,
//!   so that `x` is known to be `c` afterwards; a `guard_true(int_is_true(x))` (or
//!   `guard_false`) tests `x` itself. (A `guard_class` after a
//!   `guard_nonnull` of the same object is merged into it when the trace is written out:
//!   `guard_nonnull_class`; so is a `guard_value` of a constant object after a `guard_nonnull` or
//!   `guard_class` of the same object: see `State::output`.)
//! * Bounds checked at several offsets ([`hoist_bound_guards`], on the optimized trace): of the
//!   guards `x + k < c` for one `x` and constant `c` (as `guard_false(int_ge(...))`, a call depth
//!   compared with the recursion limit at each inlined call), the first checks the largest `k`
//!   and the others go. Failing earlier is always allowed: the exit resumes there.
//! * Identity tests decided by an earlier class guard ([`drop_identity_guards_decided_by_class`],
//!   on the optimized trace): a `guard_false(ptr_eq(x, c))` after a class guard of `x` whose
//!   layout is not `c`'s goes.

use super::info::{layout_addr, IntBound};
use super::state::State;
use super::{Cx, Optimized, Pass};
use crate::call::Effect;
use crate::domain::eval;
use crate::ir::{Arg, Descr, Op, Opcode, Trace, Var};
use crate::resume::ResumeData;
use metatrace_gc::Kind;
use metatrace_gc::{heap, GcRef};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// The rewrite pass: the guards emitted so far (a guard identical to an earlier one is implied),
/// and the comparisons of a variable with a constant emitted so far.
#[derive(Default)]
pub(crate) struct Rewrite {
    guards: HashSet<(Opcode, Vec<Arg>)>,
    /// By result: `(opcode, x, c)` of an emitted `x == c` or `x != c` with a constant `c`.
    comparisons: HashMap<Var, (Opcode, Arg, Arg)>,
    /// By result: the operand `x` of an emitted `int_is_true(x)`.
    truths: HashMap<Var, Arg>,
}

impl Pass for Rewrite {
    fn propagate(&mut self, op: Op, cx: &mut Cx<'_>) {
        use Opcode::*;
        if let (Some(result), false) = (op.result, cx.st.must_keep()) {
            if let Some(value) = fold(&op, cx.st).or_else(|| identity(&op, cx.st)) {
                cx.st.replace(result, value);
                return;
            }
        }
        if matches!(op.opcode, GuardTrue | GuardFalse | GuardNonnull | GuardIsnull | GuardValue | GuardClass)
            && !self.guards.insert((op.opcode, op.args.clone()))
        {
            return;
        }
        let arg = |n: usize| op.args[n];
        if let Some(guard) = self.as_guard_value(&op, cx.st) {
            return self.propagate(guard, cx);
        }
        if let (GuardTrue | GuardFalse, Some(&Arg::Var(t))) = (op.opcode, op.args.first()) {
            if let Some(x @ Arg::Var(_)) = self.truths.get(&t).map(|&x| cx.st.get(x)) {
                // `guard_true(int_is_true(x))` tests `x` itself; the truth value is then known.
                cx.st.narrow(Arg::Var(t), IntBound::constant(i64::from(op.opcode == GuardTrue)));
                return self.propagate(Op { args: vec![x], ..op }, cx);
            }
        }
        match op.opcode {
            GuardTrue | GuardFalse | GuardNonnull | GuardIsnull => {
                let holds = match (op.opcode, cx.st.get(arg(0))) {
                    (GuardTrue, Arg::Int(c)) => Some(c != 0),
                    (GuardFalse, Arg::Int(c)) => Some(c == 0),
                    (GuardIsnull, Arg::Ref(r)) => Some(r.is_null()),
                    (GuardNonnull, Arg::Ref(r)) => Some(!r.is_null()),
                    (GuardNonnull, a) if cx.st.ptr(a).nonnull => Some(true),
                    _ => None,
                };
                if holds == Some(true) {
                    return;
                }
                let (opcode, x) = (op.opcode, arg(0));
                cx.emit(op);
                match opcode {
                    GuardTrue => cx.st.exclude(x, 0),
                    GuardFalse => cx.st.narrow(x, IntBound::constant(0)),
                    GuardNonnull => cx.st.set_nonnull(x),
                    _ => replace_var(cx.st, x, Arg::Ref(GcRef::NULL)),
                }
            }
            GuardValue => {
                let (x, c) = (cx.st.get(arg(0)), arg(1));
                if x == c {
                    return;
                }
                cx.emit(op);
                replace_var(cx.st, x, c);
            }
            GuardClass => {
                let (x, layout) = (cx.st.get(arg(0)), arg(1));
                let Arg::Int(layout) = layout else { return cx.emit(op) };
                let known = match x {
                    Arg::Ref(r) if !r.is_null() => Some(r.layout() as *const _ as i64),
                    _ => cx.st.ptr(x).layout,
                };
                if known == Some(layout) {
                    return;
                }
                cx.emit(op);
                cx.st.set_layout(x, layout);
                cx.st.set_nonnull(x);
            }
            New | NewArray => {
                let (result, descr) = (op.result, op.descr);
                cx.emit(op);
                if let (Some(r), Some(Descr::Layout(l))) = (result, descr) {
                    cx.st.set_layout(Arg::Var(r), layout_addr(l));
                }
            }
            IntIsTrue => {
                if let (Some(r), x @ Arg::Var(_)) = (op.result, cx.st.get(arg(0))) {
                    self.truths.insert(r, x);
                }
                cx.emit(op);
            }
            IntEq | IntNe | PtrEq | PtrNe => {
                let (x, c) = match (cx.st.get(arg(0)), cx.st.get(arg(1))) {
                    (x @ Arg::Var(_), c) if c.var().is_none() => (x, c),
                    (c, x @ Arg::Var(_)) if c.var().is_none() => (x, c),
                    _ => return cx.emit(op),
                };
                if let Some(r) = op.result {
                    self.comparisons.insert(r, (op.opcode, x, c));
                }
                cx.emit(op);
            }
            _ => cx.emit(op),
        }
    }
}

impl Rewrite {
    /// `guard_value(x, c)` for a `guard_true(x == c)` or `guard_false(x != c)` (with the guard's
    /// resume data), when `x` is still a variable.
    fn as_guard_value(&self, op: &Op, st: &State) -> Option<Op> {
        let Arg::Var(condition) = *op.args.first()? else { return None };
        let &(compared, x, c) = self.comparisons.get(&condition)?;
        let equal = matches!(compared, Opcode::IntEq | Opcode::PtrEq);
        let wanted = if equal { Opcode::GuardTrue } else { Opcode::GuardFalse };
        if op.opcode != wanted || !matches!(st.get(x), Arg::Var(_)) {
            return None;
        }
        Some(Op { opcode: Opcode::GuardValue, args: vec![x, c], ..op.clone() })
    }
}

/// From now on, the variable `x` (if it is one) is the constant `c`.
fn replace_var(st: &mut State, x: Arg, c: Arg) {
    if let Some(v) = x.var() {
        st.replace(v, c);
    }
}

/// The constant result of `op` when its operands are constants and evaluating it is safe.
fn fold(op: &Op, st: &State) -> Option<Arg> {
    use Opcode::*;
    let args: Vec<Arg> = op.args.iter().map(|a| st.get(*a)).collect();
    let bits: Vec<u64> = args.iter().map(Arg::const_bits).collect::<Option<_>>()?;
    if let Some(outcome) = eval::pure(op.opcode, &bits) {
        let eval::PureOutcome::Value(v) = outcome else { return None };
        return Some(crate::trace::const_arg(op.result?.kind, v));
    }
    match op.opcode {
        SameAs => Some(args[0]),
        Arraylen => {
            let (Arg::Ref(r), Some(Descr::Array(a))) = (args[0], op.descr) else { return None };
            (!r.is_null() && r.layout().array == Some(a.part)).then(|| Arg::Int(heap::array_len(r, &a)))
        }
        CallPure => {
            let Some(Descr::Call(call)) = op.descr else { return None };
            let result = op.result?;
            (call.effect == Effect::Elidable && !call.can_raise)
                .then(|| crate::trace::const_arg(result.kind, call.func.invoke(&bits)))
        }
        _ => None,
    }
}

/// The operand `op` always equals, by an algebraic identity.
fn identity(op: &Op, st: &State) -> Option<Arg> {
    use Opcode::*;
    let a = st.get(*op.args.first()?);
    let b = op.args.get(1).map(|b| st.get(*b));
    let same = b == Some(a);
    let int_b = b.and_then(|b| match b {
        Arg::Int(c) => Some(c),
        _ => None,
    });
    let int_a = match a {
        Arg::Int(c) => Some(c),
        _ => None,
    };
    match op.opcode {
        SameAs => Some(a),
        IntAdd | IntOr | IntXor | IntSub | IntLshift | IntRshift | UintRshift if int_b == Some(0) => Some(a),
        IntAdd | IntOr | IntXor if int_a == Some(0) => b,
        IntMul | IntFloorDiv if int_b == Some(1) => Some(a),
        IntMul if int_a == Some(1) => b,
        IntMul | IntAnd if int_b == Some(0) || int_a == Some(0) => Some(Arg::Int(0)),
        IntAnd | IntOr if same => Some(a),
        IntAnd if int_b == Some(-1) => Some(a),
        IntAnd if int_a == Some(-1) => b,
        IntSub | IntXor if same => Some(Arg::Int(0)),
        IntEq | IntLe | IntGe | UintGe | PtrEq if same => Some(Arg::Int(1)),
        IntNe | IntLt | IntGt | UintLt | PtrNe if same => Some(Arg::Int(0)),
        PtrEq | PtrNe => known_distinct(a, b?, st).then(|| Arg::Int((op.opcode == PtrNe) as i64)),
        _ => None,
    }
}

/// True when two references are known to be different objects: a null and a non-null one, two
/// constants, a virtual and anything else, or two objects of different known layouts (an
/// instance checked by `guard_class` is not the constant `None`).
fn known_distinct(a: Arg, b: Arg, st: &State) -> bool {
    let is_null = |x: Arg| x == Arg::Ref(GcRef::NULL);
    let layouts = (st.ptr(a).layout, st.ptr(b).layout);
    (is_null(a) && st.ptr(b).nonnull)
        || (is_null(b) && st.ptr(a).nonnull)
        || (a.var().is_none() && b.var().is_none() && a != b)
        || (a != b && (st.virtual_of(a).is_some() || st.virtual_of(b).is_some()))
        || matches!(layouts, (Some(x), Some(y)) if x != y)
}

#[cfg(test)]
mod tests {
    use crate::optimizeopt::tests::check_opt;

    #[test]
    fn constants_fold() {
        check_opt(
            "rewrite",
            "
            [i0, f1]
            i2 = int_add(3, 4)
            i3 = int_mul(i2, i0)
            i4 = int_floordiv(7, 0)
            i5 = int_lt(i2, 10)
            guard_true(i5, descr=<Guard 0>) [i3]
            f6 = float_add(1.5, 2.0)
            f7 = float_mul(f6, f1)
            i8 = cast_float_to_int(f6)
            i9 = int_add_ovf(9223372036854775807, 1)
            guard_no_overflow(descr=<Guard 1>) [i8]
            i10 = int_add_ovf(i8, 1)
            guard_no_overflow(descr=<Guard 2>) [i10]
            finish(descr=<Guard 3>) [i3, i4, f7, i10]
            ",
            "
            [i0, f1]
            i3 = int_mul(7, i0)
            i4 = int_floordiv(7, 0)
            f7 = float_mul(3.5, f1)
            i9 = int_add_ovf(9223372036854775807, 1)
            guard_no_overflow(descr=<Guard 0>) [3]
            finish(descr=<Guard 1>) [i3, i4, f7, 4]
            ",
        );
    }

    #[test]
    fn elidable_calls_fold_and_repeat_once() {
        // An elidable call of constants that cannot raise runs at optimization time; one that
        // may raise stays; a repeated one is found again (`pure`; an exit saves a value once).
        check_opt(
            "rewrite:pure",
            "
            [i0]
            i1 = call_pure_i(41, descr=<Call pure_add1>)
            i2 = call_pure_i(i0, descr=<Call pure_add1>)
            i3 = call_pure_i(i0, descr=<Call pure_add1>)
            i4 = call_pure_i(3, descr=<Call square>)
            guard_no_exception(descr=<Guard 0>) [i0]
            finish(descr=<Guard 1>) [i1, i2, i3, i4]
            ",
            "
            [i0]
            i2 = call_pure_i(i0, descr=<Call pure_add1>)
            i4 = call_pure_i(3, descr=<Call square>)
            guard_no_exception(descr=<Guard 0>) [i0]
            finish(descr=<Guard 1>) [42, i2, i4]
            ",
        );
    }

    #[test]
    fn identities() {
        check_opt(
            "rewrite",
            "
            [i0, i1, r2, r3]
            i4 = int_add(i0, 0)
            i5 = int_mul(1, i4)
            i6 = int_sub(i5, i0)
            i7 = int_and(i1, 0)
            i8 = same_as_i(i1)
            i9 = int_xor(i8, i1)
            i10 = int_eq(i0, i5)
            i11 = ptr_eq(r2, r2)
            i12 = ptr_ne(r3, null)
            finish(descr=<Guard 0>) [i4, i5, i6, i7, i8, i9, i10, i11, i12]
            ",
            "
            [i0, i1, r2, r3]
            i12 = ptr_ne(r3, null)
            finish(descr=<Guard 0>) [i0, 0, i1, 1, i12]
            ",
        );
    }

    #[test]
    fn guard_nonnull_and_guard_class_merge_and_classes_of_constants_are_known() {
        check_opt(
            "rewrite",
            "
            [r0, r1]
            guard_nonnull(r0, descr=<Guard 0>) [r0]
            i2 = getfield_gc_i(r0, descr=<Field Node.value>)
            guard_class(r0, $Node, descr=<Guard 1>) [r0, i2]
            guard_nonnull(r0, descr=<Guard 2>) [r0]
            guard_class(ConstPtr(obj), $Node, descr=<Guard 3>) []
            guard_class(r1, $Items, descr=<Guard 4>) [r1]
            guard_nonnull(r1, descr=<Guard 5>) [r1]
            finish(descr=<Guard 6>) [i2]
            ",
            "
            [r0, r1]
            guard_nonnull_class(r0, $Node, descr=<Guard 0>) [r0]
            i2 = getfield_gc_i(r0, descr=<Field Node.value>)
            guard_class(r1, $Items, descr=<Guard 1>) [r1]
            finish(descr=<Guard 2>) [i2]
            ",
        );
    }

    #[test]
    fn objects_of_different_layouts_are_not_the_same() {
        check_opt(
            "rewrite",
            "
            [r0, r1]
            guard_class(r0, $Items, descr=<Guard 0>) [r0]
            i2 = ptr_eq(r0, ConstPtr(obj))
            guard_false(i2, descr=<Guard 1>) [r0]
            guard_class(r1, $Node, descr=<Guard 2>) [r1]
            i3 = ptr_eq(r1, ConstPtr(obj))
            i4 = ptr_ne(ConstPtr(obj), r0)
            finish(descr=<Guard 3>) [i2, i3, i4]
            ",
            "
            [r0, r1]
            guard_class(r0, $Items, descr=<Guard 0>) [r0]
            guard_class(r1, $Node, descr=<Guard 1>) [r1]
            i3 = ptr_eq(r1, ConstPtr(obj))
            finish(descr=<Guard 2>) [0, i3, 1]
            ",
        );
    }

    #[test]
    fn a_guard_value_of_an_object_moves_into_the_guard_on_its_class() {
        // `obj` is a `Node`: the class guards of r0 and r1 become the value guards. r2 is
        // checked to be `Items`, so both its guards stay (the second always fails). r4's value
        // guard does not move over the guard of i3.
        check_opt(
            "rewrite",
            "
            [r0, r1, r2, r4]
            guard_class(r0, $Node, descr=<Guard 0>) [r0]
            i3 = getfield_gc_i(r0, descr=<Field Node.value>)
            guard_value(r0, ConstPtr(obj), descr=<Guard 1>) [r0, i3]
            guard_nonnull(r1, descr=<Guard 2>) [r1]
            guard_value(r1, ConstPtr(obj), descr=<Guard 3>) [r1]
            guard_class(r2, $Items, descr=<Guard 4>) [r2]
            guard_value(r2, ConstPtr(obj), descr=<Guard 5>) [r2]
            guard_class(r4, $Node, descr=<Guard 6>) [r4]
            guard_true(i3, descr=<Guard 7>) [r4]
            guard_value(r4, ConstPtr(obj), descr=<Guard 8>) [r4]
            finish(descr=<Guard 9>) [i3]
            ",
            "
            [r0, r1, r2, r4]
            guard_value(r0, ConstPtr(obj), descr=<Guard 0>) [r0]
            i3 = getfield_gc_i(r0, descr=<Field Node.value>)
            guard_value(r1, ConstPtr(obj), descr=<Guard 1>) [r1]
            guard_class(r2, $Items, descr=<Guard 2>) [r2]
            guard_value(r2, ConstPtr(obj), descr=<Guard 3>) [r2]
            guard_class(r4, $Node, descr=<Guard 4>) [r4]
            guard_true(i3, descr=<Guard 5>) [r4]
            guard_value(r4, ConstPtr(obj), descr=<Guard 6>) [r4]
            finish(descr=<Guard 7>) [i3]
            ",
        );
    }

    #[test]
    fn a_guard_on_the_truth_of_x_tests_x() {
        // The truth values are known after the guards; `int_is_true(i0)` is left for dead-op
        // removal.
        check_opt(
            "rewrite",
            "
            [i0, i1]
            i2 = int_is_true(i0)
            guard_false(i2, descr=<Guard 0>) [i0]
            i3 = int_is_true(i1)
            guard_true(i3, descr=<Guard 1>) [i1]
            i4 = int_is_true(i1)
            finish(descr=<Guard 2>) [i2, i3, i4]
            ",
            "
            [i0, i1]
            i2 = int_is_true(i0)
            guard_false(i0, descr=<Guard 0>) [i0]
            i3 = int_is_true(i1)
            guard_true(i1, descr=<Guard 1>) [i1]
            i4 = int_is_true(i1)
            finish(descr=<Guard 2>) [0, 1, i4]
            ",
        );
    }

    #[test]
    fn identity_guards_decided_by_an_earlier_class_guard_go() {
        // r0's class is checked (as `guard_nonnull_class`, merged) before its comparisons with
        // `obj`, a `Node`: they go with their guards. r1's class is the layout of `obj`, and r2's
        // is checked only after the comparison: theirs stay.
        let mut opt = crate::optimizeopt::tests::optimize_text(
            "rewrite",
            "
            [r0, r1, r2]
            guard_nonnull(r0, descr=<Guard 0>) [r0]
            i3 = ptr_eq(r0, ConstPtr(obj))
            guard_false(i3, descr=<Guard 1>) [r0]
            guard_class(r0, $Items, descr=<Guard 2>) [r0]
            i4 = ptr_ne(ConstPtr(obj), r0)
            guard_true(i4, descr=<Guard 3>) [r0]
            guard_class(r1, $Node, descr=<Guard 4>) [r1]
            i5 = ptr_eq(r1, ConstPtr(obj))
            guard_false(i5, descr=<Guard 5>) [r1]
            i6 = ptr_eq(r2, ConstPtr(obj))
            guard_false(i6, descr=<Guard 6>) [r2]
            guard_class(r2, $Items, descr=<Guard 7>) [r2]
            finish(descr=<Guard 8>) []
            ",
        );
        super::drop_identity_guards_decided_by_class(&mut opt);
        crate::optimizeopt::tests::assert_trace(
            &opt.trace,
            "
            [r0, r1, r2]
            guard_nonnull_class(r0, $Items, descr=<Guard 0>) [r0]
            guard_class(r1, $Node, descr=<Guard 1>) [r1]
            i5 = ptr_eq(r1, ConstPtr(obj))
            guard_false(i5, descr=<Guard 2>) [r1]
            i6 = ptr_eq(r2, ConstPtr(obj))
            guard_false(i6, descr=<Guard 3>) [r2]
            guard_class(r2, $Items, descr=<Guard 4>) [r2]
            finish(descr=<Guard 5>) []
            ",
        );
        assert_eq!(opt.resume.len(), 6);
    }

    #[test]
    fn implied_and_repeated_guards() {
        check_opt(
            "rewrite",
            "
            [i0, r1, r2]
            guard_true(i0, descr=<Guard 0>) [i0]
            guard_true(i0, descr=<Guard 1>) [i0]
            guard_class(r1, $Node, descr=<Guard 2>) [i0]
            guard_nonnull(r1, descr=<Guard 3>) [r1]
            guard_class(r1, $Node, descr=<Guard 4>) [r1]
            guard_value(r2, ConstPtr(obj), descr=<Guard 5>) [r2]
            guard_value(r2, ConstPtr(obj), descr=<Guard 6>) [r2]
            i3 = ptr_eq(r2, r1)
            guard_isnull(r2, descr=<Guard 7>) [r2]
            r4 = new(descr=<Layout Node>)
            guard_nonnull(r4, descr=<Guard 8>) []
            i5 = int_is_true(i0)
            finish(descr=<Guard 9>) [i0, i3, i5]
            ",
            "
            [i0, r1, r2]
            guard_true(i0, descr=<Guard 0>) [i0]
            guard_class(r1, $Node, descr=<Guard 1>) [i0]
            guard_value(r2, ConstPtr(obj), descr=<Guard 2>) [r2]
            i3 = ptr_eq(ConstPtr(obj), r1)
            guard_isnull(ConstPtr(obj), descr=<Guard 3>) [ConstPtr(obj)]
            r4 = new(descr=<Layout Node>)
            i5 = int_is_true(i0)
            finish(descr=<Guard 4>) [i0, i3, i5]
            ",
        );
    }
}

/// Strengthen the first of the guards `guard_false(int_ge(x + k, c))` (`x` a variable, `k >= 0`
/// and `c` constants; `x + 0` is `x` itself) of one `x` and `c` between two labels to check the
/// largest `k` (as `x >= c - k`), and drop the others, with the comparisons and additions only
/// they used; the resume data of the dropped exits goes and the exits are numbered again. Each removed guard could only fail where the first one now
/// fails: `x < c - kmax` gives `x + k < c` without overflow for every `k <= kmax`.
pub(crate) fn hoist_bound_guards<G>(optimized: &mut Optimized<G>) {
    /// The guards of one `(x, c)` in a segment: the first one's position, the largest `k`, and
    /// whether a later one was dropped.
    struct Group {
        first: usize,
        kmax: i64,
        dropped: bool,
    }
    fn flush(groups: &mut HashMap<(Var, i64), Group>, strengthen: &mut Vec<(usize, Var, i64)>) {
        for ((x, c), group) in groups.drain() {
            if group.dropped {
                strengthen.push((group.first, x, c - group.kmax));
            }
        }
    }
    let trace = &optimized.trace;
    let mut offsets: HashMap<Var, (Var, i64)> = HashMap::default();
    let mut conditions: HashMap<Var, (Var, i64, i64)> = HashMap::default();
    let mut groups: HashMap<(Var, i64), Group> = HashMap::default();
    let mut strengthen: Vec<(usize, Var, i64)> = Vec::new();
    let mut drop = vec![false; trace.ops.len()];
    for (i, op) in trace.ops.iter().enumerate() {
        match (op.opcode, op.args.as_slice(), op.result) {
            (Opcode::Label, ..) => flush(&mut groups, &mut strengthen),
            (Opcode::IntAdd, &[Arg::Var(y), Arg::Int(k)], Some(r)) if k >= 0 => {
                let (x, k0) = offsets.get(&y).copied().unwrap_or((y, 0));
                if let Some(k) = k0.checked_add(k) {
                    offsets.insert(r, (x, k));
                }
            }
            (Opcode::IntGe, &[Arg::Var(y), Arg::Int(c)], Some(r)) => {
                let (x, k) = offsets.get(&y).copied().unwrap_or((y, 0));
                conditions.insert(r, (x, k, c));
            }
            (Opcode::GuardFalse, &[Arg::Var(condition)], _) => {
                let Some(&(x, k, c)) = conditions.get(&condition) else { continue };
                match groups.get_mut(&(x, c)) {
                    Some(group) if c.checked_sub(k.max(group.kmax)).is_some() => {
                        group.kmax = group.kmax.max(k);
                        group.dropped = true;
                        drop[i] = true;
                    }
                    Some(_) => {}
                    None => {
                        groups.insert((x, c), Group { first: i, kmax: k, dropped: false });
                    }
                }
            }
            _ => {}
        }
    }
    flush(&mut groups, &mut strengthen);
    if strengthen.is_empty() {
        return;
    }
    // The comparisons and additions only the dropped guards used go too.
    let mut used: HashSet<Var> = HashSet::default();
    for (i, op) in trace.ops.iter().enumerate().rev() {
        if drop[i] {
            continue;
        }
        let unused = op.result.is_some_and(|r| !used.contains(&r));
        if unused && matches!(op.opcode, Opcode::IntGe | Opcode::IntAdd) {
            drop[i] = true;
            continue;
        }
        match strengthen.iter().find(|(first, ..)| *first == i) {
            Some(&(_, x, _)) => {
                used.insert(x);
            }
            None => used.extend(op.args.iter().filter_map(Arg::var)),
        }
        used.extend(op.fail_args.iter().filter_map(Arg::var));
    }
    rebuild(&mut optimized.trace, &mut optimized.resume, &drop, &strengthen);
}

/// Drop the guards `guard_false(ptr_eq(x, c))` and `guard_true(ptr_ne(x, c))` (`c` a constant
/// object) whose outcome an earlier `guard_class`/`guard_nonnull_class` of `x` (since the last
/// label) decides: `x` has another layout than `c`, so it is not `c`. The optimizer meets such a
/// comparison before it knows the class where the class guard was merged into an earlier
/// `guard_nonnull` of `x` (`t = t.link; if t is not None: t.f` checks `t`'s class where it was
/// loaded). The comparisons only the dropped guards used go too.
pub(crate) fn drop_identity_guards_decided_by_class<G>(optimized: &mut Optimized<G>) {
    let trace = &optimized.trace;
    let mut layouts: HashMap<Var, i64> = HashMap::default();
    let mut decided: HashSet<Var> = HashSet::default();
    let mut drop = vec![false; trace.ops.len()];
    for (i, op) in trace.ops.iter().enumerate() {
        match (op.opcode, op.args.as_slice(), op.result) {
            (Opcode::Label, ..) => layouts.clear(),
            (Opcode::GuardClass | Opcode::GuardNonnullClass, &[Arg::Var(x), Arg::Int(layout)], _) => {
                layouts.insert(x, layout);
            }
            (Opcode::PtrEq | Opcode::PtrNe, &[a, b], Some(r)) => {
                let other_layout = |x: Arg, c: Arg| match (x, c) {
                    (Arg::Var(x), Arg::Ref(c)) if !c.is_null() => {
                        layouts.get(&x).is_some_and(|&l| l != layout_addr(c.layout()))
                    }
                    _ => false,
                };
                if other_layout(a, b) || other_layout(b, a) {
                    decided.insert(r);
                }
            }
            (Opcode::GuardFalse | Opcode::GuardTrue, &[Arg::Var(c)], _) if decided.contains(&c) => {
                let compared = trace.ops[..i].iter().rev().find(|o| o.result == Some(c)).map(|o| o.opcode);
                drop[i] = matches!(
                    (op.opcode, compared),
                    (Opcode::GuardFalse, Some(Opcode::PtrEq)) | (Opcode::GuardTrue, Some(Opcode::PtrNe))
                );
            }
            _ => {}
        }
    }
    if !drop.contains(&true) {
        return;
    }
    let mut used: HashSet<Var> = HashSet::default();
    for (i, op) in trace.ops.iter().enumerate().rev() {
        if drop[i] {
            continue;
        }
        if op.result.is_some_and(|r| decided.contains(&r) && !used.contains(&r)) {
            drop[i] = true;
            continue;
        }
        used.extend(op.args.iter().chain(&op.fail_args).filter_map(Arg::var));
    }
    rebuild(&mut optimized.trace, &mut optimized.resume, &drop, &[]);
}

/// Write `trace` out again without the exits marked in `drop` (their resume data removed, the
/// exits numbered again) and with the guards in `strengthen` (position, x, bound) testing
/// `x >= bound`.
fn rebuild<G>(trace: &mut Trace, resume: &mut Vec<ResumeData<G>>, drop: &[bool], strengthen: &[(usize, Var, i64)]) {
    let ops = std::mem::take(&mut trace.ops);
    let mut kept_resume = Vec::with_capacity(resume.len());
    let mut old_resume: Vec<Option<ResumeData<G>>> = std::mem::take(resume).into_iter().map(Some).collect();
    for (i, mut op) in ops.into_iter().enumerate() {
        if drop[i] {
            continue;
        }
        if let Some(&(_, x, bound)) = strengthen.iter().find(|(first, ..)| *first == i) {
            let condition = trace.new_var(Kind::Int);
            trace.ops.push(Op::new(Opcode::IntGe, vec![Arg::Var(x), Arg::Int(bound)], Some(condition)));
            op.args = vec![Arg::Var(condition)];
        }
        if op.opcode.is_exit() {
            if let Some(Descr::Guard(old)) = op.descr {
                let data = old_resume[old as usize].take().expect("one exit per resume data");
                op.descr = Some(Descr::Guard(kept_resume.len() as u32));
                kept_resume.push(data);
            }
        }
        trace.ops.push(op);
    }
    *resume = kept_resume;
}

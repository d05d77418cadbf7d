//! Dead-operation removal: operations without effects whose results nothing uses are dropped.
//!
//! It runs once over an optimized trace, after the chain of passes (and after loop peeling), from
//! the last operation back: an operation is *used* when a later kept operation names its result
//! as an operand or as a fail arg (the values an exit saves for resumption, virtuals' fields and
//! pending stores included), or when a jump or label passes it on. Pure operations, reads of
//! memory and allocations have no effect but their result, so when it is unused they go. Dead
//! operations are what other passes leave behind: the comparison of a `guard_true(x == c)` that
//! the rewrite pass turned into `guard_value(x, c)`, a load whose only use was folded, the pieces
//! of an arithmetic expansion whose result a later operation made constant.
//!
//! Kept whatever their use: operations with effects (stores, calls, guards, control), and
//! overflow-checked arithmetic, which its `guard_no_overflow` right after depends on.

use crate::ir::varmap::VarMap;
use crate::ir::{Op, OpClass, Opcode};

/// Whether `op` may be dropped when its result is unused.
fn removable(op: &Op) -> bool {
    match op.opcode.class() {
        OpClass::Pure => !matches!(op.opcode, Opcode::IntAddOvf | Opcode::IntSubOvf | Opcode::IntMulOvf),
        OpClass::Read | OpClass::Alloc => true,
        _ => false,
    }
}

/// `ops` without the operations whose results are unused and that have no effect.
pub fn remove_dead(ops: Vec<Op>) -> Vec<Op> {
    let mut used = VarMap::new();
    let mut keep = vec![true; ops.len()];
    for (i, op) in ops.iter().enumerate().rev() {
        if removable(op) && op.result.is_some_and(|r| !used.contains(r.id)) {
            keep[i] = false;
            continue;
        }
        for v in op.args.iter().chain(&op.fail_args).filter_map(|a| a.var()) {
            used.insert(v.id, ());
        }
    }
    ops.into_iter().zip(keep).filter_map(|(op, k)| k.then_some(op)).collect()
}

#[cfg(test)]
mod tests {
    use super::super::tests::check_opt;

    #[test]
    fn unused_pure_operations_go() {
        check_opt(
            "deadops",
            "
            [i0, i1]
            i2 = int_add(i0, i1)
            i3 = int_mul(i2, 2)
            i4 = int_sub(i0, 1)
            guard_true(i4, descr=<Guard 0>) [i0]
            finish(descr=<Guard 1>) [i0]
            ",
            "
            [i0, i1]
            i4 = int_sub(i0, 1)
            guard_true(i4, descr=<Guard 0>) [i0]
            finish(descr=<Guard 1>) [i0]
            ",
        );
    }

    #[test]
    fn fail_args_and_jumps_are_uses() {
        check_opt(
            "deadops",
            "
            [i0, r1]
            label(i0, r1, descr=<Target 0>)
            i2 = int_add(i0, 1)
            r3 = getfield_gc_r(r1, descr=<Field Node.next>)
            i4 = int_lt(i2, 10)
            guard_true(i4, descr=<Guard 0>) [i0, r3]
            i5 = getfield_gc_i(r1, descr=<Field Node.value>)
            jump(i2, r1, descr=<Target 0>)
            ",
            "
            [i0, r1]
            label(i0, r1, descr=<Target 0>)
            i2 = int_add(i0, 1)
            r3 = getfield_gc_r(r1, descr=<Field Node.next>)
            i4 = int_lt(i2, 10)
            guard_true(i4, descr=<Guard 0>) [i0, r3]
            jump(i2, r1, descr=<Target 0>)
            ",
        );
    }

    #[test]
    fn effects_and_overflow_checks_stay() {
        let text = "
            [i0, r1]
            i2 = int_add_ovf(i0, 1)
            guard_no_overflow(descr=<Guard 0>) [i0]
            setfield_gc(r1, i0, descr=<Field Node.value>)
            call_n(r1, descr=<Call touch>)
            finish(descr=<Guard 1>) [i0]
        ";
        check_opt("deadops", text, text);
    }

    #[test]
    fn chains_of_dead_operations_go_and_unused_allocations_with_them() {
        check_opt(
            "deadops",
            "
            [i0]
            r1 = new(descr=<Layout Node>)
            i2 = int_add(i0, 1)
            i3 = int_mul(i2, i2)
            i4 = int_eq(i3, 4)
            finish(descr=<Guard 0>) [i0]
            ",
            "
            [i0]
            finish(descr=<Guard 0>) [i0]
            ",
        );
    }

    #[test]
    fn the_comparison_of_a_rewritten_guard_goes() {
        check_opt(
            "rewrite:deadops",
            "
            [r0]
            i1 = ptr_eq(r0, ConstPtr(obj))
            guard_true(i1, descr=<Guard 0>) [r0]
            finish(descr=<Guard 1>) [r0]
            ",
            "
            [r0]
            guard_value(r0, ConstPtr(obj), descr=<Guard 0>) [r0]
            finish(descr=<Guard 1>) [ConstPtr(obj)]
            ",
        );
    }
}

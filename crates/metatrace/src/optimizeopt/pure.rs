//! Common subexpressions of pure operations (PyPy's `pure.py`).
//!
//! A pure operation (arithmetic, comparisons, casts, `ptr_eq`) or an elidable call whose operands
//! are those of an earlier one gives the same result: its result is replaced by the earlier one.
//! Operands of commutative integer operations are put in a canonical order first. An
//! overflow-checked operation is remembered only when a `guard_no_overflow` follows it (its result
//! is only meaningful then); a repeated one disappears with its guard. An elidable call that is
//! removed also takes its `guard_no_exception` with it (it could not raise: the first one did not).

use super::state::State;
use super::{Cx, Pass};
use crate::call::Effect;
use crate::ir::{Arg, Descr, Op, OpClass, Opcode};
use rustc_hash::FxHashMap as HashMap;

/// What identifies a pure computation: the operation, its operands, and for calls the function.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    opcode: Opcode,
    args: Vec<Arg>,
    call: Option<usize>,
}

/// The pure pass: the results of the pure operations seen so far.
#[derive(Default)]
pub(crate) struct Pure {
    known: HashMap<Key, Option<Arg>>,
    /// The operations remembered with a result, in order (for loop peeling).
    remembered: Vec<Op>,
}

impl Pass for Pure {
    fn propagate(&mut self, op: Op, cx: &mut Cx<'_>) {
        let Some(key) = key(&op) else { return cx.emit(op) };
        if cx.st.must_keep() {
            return cx.emit(op);
        }
        if let Some(&earlier) = self.known.get(&key) {
            if let (Some(result), Some(earlier)) = (op.result, earlier) {
                cx.st.replace(result, earlier);
            }
            return;
        }
        let checked = matches!(op.opcode, Opcode::IntAddOvf | Opcode::IntSubOvf | Opcode::IntMulOvf);
        let remember = !checked || cx.st.next_input == Some(Opcode::GuardNoOverflow);
        let result = op.result.map(Arg::Var);
        if remember && result.is_some() {
            self.remembered.push(op.clone());
        }
        cx.emit(op);
        if remember {
            self.known.insert(key, result);
        }
    }

    fn known_pure(&self, st: &State) -> Vec<Op> {
        self.remembered
            .iter()
            .map(|op| {
                let mut op = op.clone();
                for a in &mut op.args {
                    *a = st.get(*a);
                }
                op
            })
            .collect()
    }

    fn assume_pure(&mut self, ops: Vec<(Op, Arg)>) {
        for (op, result) in ops {
            if let Some(key) = key(&op) {
                self.known.insert(key, Some(result));
            }
        }
    }
}

/// The key of a pure operation or elidable call, `None` for anything else.
fn key(op: &Op) -> Option<Key> {
    use Opcode::*;
    let call = match (op.opcode, op.descr) {
        (CallPure, Some(Descr::Call(c))) if c.effect == Effect::Elidable => Some(c as *const _ as usize),
        (_, _) if op.opcode.class() == OpClass::Pure && op.opcode != SameAs => None,
        _ => return None,
    };
    let mut args = op.args.clone();
    // Variables by number, then constants.
    let rank = |a: &Arg| a.var().map_or((1, a.const_bits().unwrap_or(0)), |v| (0, u64::from(v.id)));
    if matches!(
        op.opcode,
        IntAdd | IntMul | IntAnd | IntOr | IntXor | IntEq | IntNe | PtrEq | PtrNe | IntAddOvf | IntMulOvf
    ) && rank(&args[1]) < rank(&args[0])
    {
        args.swap(0, 1);
    }
    Some(Key { opcode: op.opcode, args, call })
}

#[cfg(test)]
mod tests {
    use crate::optimizeopt::tests::check_opt;

    #[test]
    fn repeated_pure_operations() {
        check_opt(
            "pure",
            "
            [i0, i1, f2]
            i3 = int_add(i0, i1)
            i4 = int_add(i1, i0)
            i5 = int_sub(i0, i1)
            i6 = int_sub(i1, i0)
            f7 = float_add(f2, 1.5)
            f8 = float_add(f2, 1.5)
            i9 = int_mul_ovf(i3, i4)
            guard_no_overflow(descr=<Guard 0>) [i0]
            i10 = int_mul_ovf(i4, i3)
            guard_no_overflow(descr=<Guard 1>) [i0]
            i11 = call_pure_i(i0, descr=<Call square>)
            guard_no_exception(descr=<Guard 2>) [i0]
            i12 = call_pure_i(i0, descr=<Call square>)
            guard_no_exception(descr=<Guard 3>) [i0]
            finish(descr=<Guard 4>) [i4, i5, i6, f8, i10, i12]
            ",
            "
            [i0, i1, f2]
            i3 = int_add(i0, i1)
            i5 = int_sub(i0, i1)
            i6 = int_sub(i1, i0)
            f7 = float_add(f2, 1.5)
            i9 = int_mul_ovf(i3, i3)
            guard_no_overflow(descr=<Guard 0>) [i0]
            i11 = call_pure_i(i0, descr=<Call square>)
            guard_no_exception(descr=<Guard 1>) [i0]
            finish(descr=<Guard 2>) [i3, i5, i6, f7, i9, i11]
            ",
        );
    }
}

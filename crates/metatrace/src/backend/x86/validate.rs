//! Checks a trace against the IR's conventions before code generation, so that the code generator
//! and the register allocator can rely on them: every variable defined once before its uses and
//! used with its kind, operand counts and kinds per opcode, the descriptors each opcode needs,
//! exits with unique resume indices, overflow guards and `guard_not_forced` right after the
//! operation they check, and a trace that ends with its only `jump` or `finish`.

use super::regalloc::Class;
use crate::backend::BackendError;
use crate::ir::varmap::VarMap;
use crate::ir::{Arg, Descr, Op, Opcode, Trace};
use metatrace_gc::{ItemType, Kind};
use rustc_hash::FxHashSet as HashSet;

fn invalid<T>(what: String) -> Result<T, BackendError> {
    Err(BackendError::Invalid(what))
}

/// The class of a variable or constant: words in general-purpose registers, floats in SSE ones.
pub fn class_of(arg: Arg) -> Class {
    Class::of(arg.kind())
}

/// Check `trace`; `is_loop` requires the loop shape (a label of the input args first).
pub fn validate(trace: &Trace, is_loop: bool) -> Result<(), BackendError> {
    if is_loop {
        let first = trace.ops.first().filter(|op| op.opcode == Opcode::Label);
        let args: Vec<Arg> = trace.inputargs.iter().map(|&v| Arg::Var(v)).collect();
        if first.is_none_or(|label| label.args != args) {
            return invalid("a loop starts with a label of its input args".into());
        }
    }
    match trace.ops.last().map(|op| op.opcode) {
        Some(Opcode::Jump | Opcode::Finish) => {}
        _ => return invalid("a trace ends with a jump or a finish".into()),
    }
    let mut defined = VarMap::new();
    for v in &trace.inputargs {
        if defined.insert(v.id, v.kind).is_some() {
            return invalid(format!("input arg {} repeated", v.id));
        }
    }
    let mut exits = HashSet::default();
    let last = trace.ops.len() - 1;
    for (i, op) in trace.ops.iter().enumerate() {
        let context = |what: &str| format!("op {i} ({}): {what}", op.opcode.name());
        if matches!(op.opcode, Opcode::Jump | Opcode::Finish) && i != last {
            return invalid(context("code after the end of the trace"));
        }
        for arg in op.args.iter().chain(&op.fail_args) {
            if let Arg::Var(v) = arg {
                if defined.get(v.id) != Some(&v.kind) {
                    return invalid(context(&format!(
                        "variable {} used before its definition or with another kind",
                        v.id
                    )));
                }
            }
        }
        if op.opcode.is_exit() {
            match op.descr {
                Some(Descr::Guard(g)) if exits.insert(g) => {}
                Some(Descr::Guard(g)) => return invalid(context(&format!("resume index {g} repeated"))),
                _ => return invalid(context("an exit needs a Guard descriptor")),
            }
        }
        if matches!(op.opcode, Opcode::GuardNoOverflow | Opcode::GuardOverflow) {
            let after_ovf =
                i > 0 && matches!(trace.ops[i - 1].opcode, Opcode::IntAddOvf | Opcode::IntSubOvf | Opcode::IntMulOvf);
            if !after_ovf {
                return invalid(context("an overflow guard directly follows an int_*_ovf"));
            }
        }
        if op.opcode == Opcode::GuardNotForced {
            let after_call = i > 0 && matches!(trace.ops[i - 1].opcode, Opcode::CallMayForce | Opcode::CallAssembler);
            if !after_call {
                return invalid(context("guard_not_forced directly follows a call_may_force or call_assembler"));
            }
        }
        check_op(op).map_err(|what| BackendError::Invalid(context(&what)))?;
        if let Some(v) = op.result {
            if defined.insert(v.id, v.kind).is_some() {
                return invalid(context(&format!("variable {} defined twice", v.id)));
            }
        }
    }
    Ok(())
}

/// Check one operation's operands, result and descriptor.
fn check_op(op: &Op) -> Result<(), String> {
    use Class::{Float as F, Word as W};
    use Opcode::*;
    let field = || match op.descr {
        Some(Descr::Field(f)) => check_item(f.ty, f.offset).map(|_| f.ty),
        _ => Err("needs a Field descriptor".into()),
    };
    let item = || match op.descr {
        Some(Descr::Array(a)) => {
            check_item(a.part.item, a.part.items_offset.max(a.part.length_offset)).map(|_| a.part.item)
        }
        _ => Err("needs an Array descriptor".into()),
    };
    let layout = |array: bool| match op.descr {
        Some(Descr::Layout(l)) if l.array.is_some() == array => Ok::<(), String>(()),
        _ if array => Err("needs the Layout of an array".into()),
        _ => Err("needs the Layout of a fixed-size object".into()),
    };
    let (args, result): (Vec<Class>, Option<Class>) = match op.opcode {
        IntAdd | IntSub | IntMul | IntFloorDiv | IntMod | IntAnd | IntOr | IntXor | IntLshift | IntRshift
        | UintRshift | IntLt | IntLe | IntEq | IntNe | IntGt | IntGe | UintLt | UintGe | IntAddOvf | IntSubOvf
        | IntMulOvf | PtrEq | PtrNe => (vec![W, W], Some(W)),
        IntNeg | IntInvert | IntIsTrue | IntIsZero => (vec![W], Some(W)),
        FloatAdd | FloatSub | FloatMul | FloatTrueDiv => (vec![F, F], Some(F)),
        FloatNeg | FloatAbs | FloatSqrt => (vec![F], Some(F)),
        FloatLt | FloatLe | FloatEq | FloatNe | FloatGt | FloatGe => (vec![F, F], Some(W)),
        CastIntToFloat => (vec![W], Some(F)),
        CastFloatToInt => (vec![F], Some(W)),
        SameAs => {
            let class = op.args.first().map(|&a| class_of(a)).ok_or("needs one operand")?;
            (vec![class], Some(class))
        }
        Getfield => (vec![W], Some(Class::of(field()?.kind))),
        QuasiimmutField => {
            field()?;
            (vec![W], None)
        }
        Setfield => (vec![W, Class::of(field()?.kind)], None),
        Getarrayitem => (vec![W, W], Some(Class::of(item()?.kind))),
        Setarrayitem => (vec![W, W, Class::of(item()?.kind)], None),
        Arraylen => {
            item()?;
            (vec![W], Some(W))
        }
        New => {
            layout(false)?;
            (vec![], Some(W))
        }
        NewArray => {
            layout(true)?;
            (vec![W], Some(W))
        }
        Call | CallPure | CallMayForce => {
            let Some(Descr::Call(descr)) = op.descr else { return Err("needs a Call descriptor".into()) };
            if descr.func.arity() != op.args.len() {
                return Err(format!("{} takes {} arguments", descr.name, descr.func.arity()));
            }
            (op.args.iter().map(|&a| class_of(a)).collect(), op.result.map(|v| Class::of(v.kind)))
        }
        CallAssembler => {
            let Some(Descr::Call(descr)) = op.descr else { return Err("needs a Call descriptor".into()) };
            if descr.func.arity() != 3 {
                return Err(format!("{} takes {} arguments, not 3", descr.name, descr.func.arity()));
            }
            if op.args.len() < 3 || op.args[0].const_bits().is_none() || op.args[2].const_bits().is_none() {
                return Err("takes a constant id, a frame, a constant cell and the callee's inputs".into());
            }
            (op.args.iter().map(|&a| class_of(a)).collect(), op.result.map(|v| Class::of(v.kind)))
        }
        GuardTrue | GuardFalse | GuardNonnull | GuardIsnull => (vec![W], None),
        GuardValue => {
            let class = op.args.first().map(|&a| class_of(a)).ok_or("needs two operands")?;
            if op.args.get(1).and_then(Arg::const_bits).is_none() {
                return Err("compares with a constant".into());
            }
            (vec![class, class], None)
        }
        GuardClass | GuardNonnullClass => (vec![W, W], None),
        GuardNoException | GuardNoOverflow | GuardOverflow | GuardNotInvalidated | GuardNotForced => (vec![], None),
        ForceToken => (vec![], Some(W)),
        VirtualRef | VirtualRefFinish => return Err("is lowered before the backend".into()),
        GuardException => (vec![], Some(W)),
        Label | Jump => {
            if !matches!(op.descr, Some(Descr::Target(_))) {
                return Err("needs a Target descriptor".into());
            }
            let distinct_vars = || op.args.iter().filter_map(Arg::var).collect::<HashSet<_>>().len() == op.args.len();
            if op.opcode == Label && !distinct_vars() {
                return Err("label args are distinct variables".into());
            }
            return Ok(());
        }
        Finish | DebugMergePoint => return Ok(()),
    };
    let classes: Vec<Class> = op.args.iter().map(|&a| class_of(a)).collect();
    if classes != args {
        return Err(format!("operands of classes {classes:?}, expected {args:?}"));
    }
    match (op.result, result) {
        (Some(v), Some(class)) if Class::of(v.kind) != class => Err(format!("result of class {class:?} expected")),
        (Some(_), None) => Err("defines no result".into()),
        _ => Ok(()),
    }
}

fn check_item(ty: ItemType, offset: usize) -> Result<(), String> {
    let size_ok = match ty.kind {
        Kind::Int => matches!(ty.size, 1 | 2 | 4 | 8),
        Kind::Ref | Kind::Float => ty.size == 8,
    };
    if !size_ok {
        return Err(format!("item of {:?} with size {}", ty.kind, ty.size));
    }
    if i32::try_from(offset).is_err() {
        return Err(format!("offset {offset} too large"));
    }
    Ok(())
}

//! A direct interpreter of the trace IR: the reference meaning of every operation, used to check
//! the machine-code backend and as an execution engine where machine code is not wanted
//! (`METATRACE_BACKEND=ir`).
//!
//! It implements [`Backend`] and keeps loops and bridges like a backend does: a guard that has a
//! bridge continues into it, and a `jump` continues at its label, in whichever trace that label is.

use crate::backend::{Backend, BackendError, Exit, TraceId};
use crate::call::exception_slot_addr;
use crate::domain::eval::{self, PureOutcome};
use crate::ir::{Arg, Descr, OpClass, Opcode, Trace};
use crate::quasi::Invalidation;
use metatrace_gc::{heap, root_slice, GcRef, Kind};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Traces installed for direct interpretation. No borrow of the tables is held while a trace
/// runs, so residual calls may install more traces.
#[derive(Default)]
pub struct IrEngine {
    traces: RefCell<Vec<Option<Rc<Trace>>>>,
    labels: RefCell<HashMap<u32, (usize, usize)>>,
    bridges: RefCell<HashMap<(usize, u32), usize>>,
    /// The invalidation flag of each trace's tree, by trace id.
    flags: RefCell<Vec<Invalidation>>,
}

fn gcref(bits: u64) -> GcRef {
    // SAFETY: a trace only ever holds Ref values that are live objects (inputs from the
    // interpreter's frames, loads, allocations, call results).
    unsafe { GcRef::from_addr(bits as usize) }
}

impl IrEngine {
    fn install(&self, trace: &Trace, from: Option<(usize, u32)>) -> usize {
        let mut traces = self.traces.borrow_mut();
        let id = traces.len();
        for (i, op) in trace.ops.iter().enumerate() {
            if let (Opcode::Label, Some(Descr::Target(t))) = (op.opcode, op.descr) {
                self.labels.borrow_mut().insert(t, (id, i));
            }
        }
        traces.push(Some(Rc::new(trace.clone())));
        let flag = match from {
            Some((tree, _)) => self.flags.borrow()[tree].clone(),
            None => Invalidation::new(),
        };
        for op in trace.ops.iter().filter(|op| op.opcode == Opcode::Jump) {
            if let Some(Descr::Target(t)) = op.descr {
                match self.labels.borrow().get(&t) {
                    Some(&(target, _)) if target != id => flag.follow(&self.flags.borrow()[target]),
                    _ => {}
                }
            }
        }
        self.flags.borrow_mut().push(flag);
        if let Some(guard) = from {
            self.bridges.borrow_mut().insert(guard, id);
        }
        id
    }

    fn run(&self, id: usize, inputs: &[u64]) -> Exit {
        let mut values: HashMap<u32, u64> = HashMap::new();
        let mut current = id;
        let mut trace = self.trace(current);
        for (v, bits) in trace.inputargs.iter().zip(inputs) {
            values.insert(v.id, *bits);
        }
        let mut pc = 0;
        loop {
            let op = &trace.ops[pc];
            let args = read_args(&values, &op.args);
            // The collector cannot see `values`: root them while an operation may allocate.
            let may_allocate = matches!(op.opcode.class(), OpClass::Alloc | OpClass::Call);
            let live: Vec<u64> = if may_allocate { values.values().copied().collect() } else { Vec::new() };
            let _live_roots = root_slice(&live);
            let step = match op.opcode {
                Opcode::GuardNotInvalidated => Step::Guard(!self.flags.borrow()[current].is_set()),
                _ => eval_op(op.opcode, op.descr, &args),
            };
            let (result, pass) = match step {
                Step::Value(v) => (Some(v), true),
                Step::Guard(pass) => (None, pass),
                Step::GuardValue(v, pass) => (Some(v), pass),
                Step::Jump => {
                    let Some(Descr::Target(t)) = op.descr else { panic!("jump without target") };
                    let (tid, at) = self.labels.borrow()[&t];
                    current = tid;
                    trace = self.trace(current);
                    let label = &trace.ops[at];
                    let vars: Vec<u32> =
                        label.args.iter().map(|a| a.var().expect("label args are variables").id).collect();
                    for (v, bits) in vars.into_iter().zip(args) {
                        values.insert(v, bits);
                    }
                    pc = at + 1;
                    continue;
                }
                Step::Exit => (None, false),
            };
            if let (Some(v), Some(var)) = (result, op.result) {
                values.insert(var.id, v);
            }
            if !pass {
                let guard = op.guard_index().expect("an exit has resume data");
                let fail = read_args(&values, &op.fail_args);
                let bridge = self.bridges.borrow().get(&(current, guard)).copied();
                match bridge {
                    Some(b) => {
                        current = b;
                        trace = self.trace(current);
                        values.clear();
                        for (v, bits) in trace.inputargs.iter().zip(&fail) {
                            values.insert(v.id, *bits);
                        }
                        pc = 0;
                        continue;
                    }
                    None => return Exit { trace: TraceId(current as u32), guard, values: fail },
                }
            }
            pc += 1;
        }
    }

    fn trace(&self, id: usize) -> Rc<Trace> {
        self.traces.borrow()[id].clone().expect("a freed trace was entered")
    }
}

fn read_args(values: &HashMap<u32, u64>, args: &[Arg]) -> Vec<u64> {
    args.iter().map(|a| a.const_bits().unwrap_or_else(|| values[&a.var().expect("a variable").id])).collect()
}

impl Backend for IrEngine {
    fn compile_loop(&self, trace: &Trace) -> Result<TraceId, BackendError> {
        Ok(TraceId(self.install(trace, None) as u32))
    }

    fn compile_bridge(&self, from: TraceId, guard: u32, trace: &Trace) -> Result<TraceId, BackendError> {
        if self.bridges.borrow().contains_key(&(from.0 as usize, guard)) {
            return Err(BackendError::GuardHasBridge(from, guard));
        }
        Ok(TraceId(self.install(trace, Some((from.0 as usize, guard))) as u32))
    }

    fn execute(&self, loop_: TraceId, inputs: &[u64]) -> Exit {
        self.run(loop_.0 as usize, inputs)
    }

    fn free(&self, loop_: TraceId) {
        let id = loop_.0 as usize;
        self.traces.borrow_mut()[id] = None;
        self.labels.borrow_mut().retain(|_, (t, _)| *t != id);
        self.bridges.borrow_mut().retain(|(t, _), b| *t != id && *b != id);
    }

    fn code_size(&self, _t: TraceId) -> usize {
        0
    }

    fn code_addr(&self, _t: TraceId) -> usize {
        0
    }

    fn invalidation(&self, t: TraceId) -> Option<Invalidation> {
        let live = self.traces.borrow().get(t.0 as usize).is_some_and(Option::is_some);
        live.then(|| self.flags.borrow()[t.0 as usize].clone())
    }

    fn disassemble(&self, t: TraceId) -> String {
        self.traces.borrow().get(t.0 as usize).cloned().flatten().map(|t| t.to_string()).unwrap_or_default()
    }
}

enum Step {
    Value(u64),
    Guard(bool),
    GuardValue(u64, bool),
    Jump,
    Exit,
}

thread_local! {
    static LAST_OVERFLOW: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn eval_op(opcode: Opcode, descr: Option<Descr>, a: &[u64]) -> Step {
    use Opcode::*;
    let i = |n: usize| a[n] as i64;
    let int = |v: i64| Step::Value(v as u64);
    if let Some(outcome) = eval::pure(opcode, a) {
        let overflowed = outcome == PureOutcome::Overflow;
        if matches!(opcode, IntAddOvf | IntSubOvf | IntMulOvf) {
            LAST_OVERFLOW.with(|o| o.set(overflowed));
        }
        return match outcome {
            PureOutcome::Value(v) => Step::Value(v),
            PureOutcome::Overflow => Step::Value(0),
            PureOutcome::Undefined => panic!("{opcode:?} on operands outside its precondition"),
        };
    }
    let field = || match descr {
        Some(Descr::Field(fd)) => fd,
        other => panic!("{opcode:?} without a field descriptor: {other:?}"),
    };
    let array = || match descr {
        Some(Descr::Array(ad)) => ad,
        other => panic!("{opcode:?} without an array descriptor: {other:?}"),
    };
    match opcode {
        SameAs => Step::Value(a[0]),
        Getfield => Step::Value(heap::read_field(gcref(a[0]), &field())),
        Setfield => {
            let fd = field();
            match fd.ty.kind {
                Kind::Ref => heap::write_field_ref(gcref(a[0]), &fd, gcref(a[1])),
                _ => heap::write_field(gcref(a[0]), &fd, a[1]),
            }
            Step::Guard(true)
        }
        Getarrayitem => Step::Value(heap::read_item(gcref(a[0]), &array(), i(1))),
        Setarrayitem => {
            let ad = array();
            match ad.part.item.kind {
                Kind::Ref => heap::write_item_ref(gcref(a[0]), &ad, i(1), gcref(a[2])),
                _ => heap::write_item(gcref(a[0]), &ad, i(1), a[2]),
            }
            Step::Guard(true)
        }
        Arraylen => int(heap::array_len(gcref(a[0]), &array())),
        New | NewArray => {
            let Some(Descr::Layout(layout)) = descr else { panic!("{opcode:?} without a layout") };
            let obj = if opcode == New { heap::alloc(layout) } else { heap::alloc_array(layout, a[0] as usize) };
            Step::Value(obj.addr() as u64)
        }
        VirtualRef => Step::Value(crate::vref::new_virtual_ref(gcref(a[0])).addr() as u64),
        VirtualRefFinish => Step::Guard(true),
        Call | CallPure | CallMayForce => {
            let Some(Descr::Call(cd)) = descr else { panic!("a call without a call descriptor") };
            Step::Value(cd.func.invoke(a))
        }
        CallAssembler => {
            let Some(Descr::Call(cd)) = descr else { panic!("a call_assembler without a call descriptor") };
            Step::Value(cd.func.invoke(&[crate::ir::NO_EXIT, a[0], a[1]]))
        }
        GuardTrue => Step::Guard(a[0] != 0),
        GuardFalse => Step::Guard(a[0] == 0),
        GuardValue => Step::Guard(a[0] == a[1]),
        GuardClass => Step::Guard(gcref(a[0]).layout() as *const _ as u64 == a[1]),
        GuardNonnullClass => Step::Guard(a[0] != 0 && gcref(a[0]).layout() as *const _ as u64 == a[1]),
        GuardNonnull => Step::Guard(a[0] != 0),
        GuardIsnull => Step::Guard(a[0] == 0),
        GuardNoException => Step::Guard(exception_word() == 0),
        GuardException => {
            let e = exception_word();
            if e != 0 {
                crate::call::take_exception();
            }
            Step::GuardValue(e, e != 0)
        }
        // This engine cannot force a frame (see `Backend::force`), so tracers never leave frames
        // to it lazily: a token is never read and a call never forces.
        ForceToken => Step::Value(0),
        GuardNotForced => Step::Guard(true),
        GuardNoOverflow => Step::Guard(!LAST_OVERFLOW.with(|o| o.get())),
        GuardOverflow => Step::Guard(LAST_OVERFLOW.with(|o| o.get())),
        Label | DebugMergePoint | QuasiimmutField => Step::Guard(true),
        Jump => Step::Jump,
        Finish => Step::Exit,
        _ => unreachable!("{opcode:?} is evaluated above"),
    }
}

fn exception_word() -> u64 {
    // SAFETY: the slot is a live static AtomicUsize; reading it as a usize is what machine code does.
    unsafe { *(exception_slot_addr() as *const usize) as u64 }
}

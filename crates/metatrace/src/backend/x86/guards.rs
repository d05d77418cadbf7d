//! Guards and exits: the record of each exit (where its fail args are when it is taken, and
//! where its jump is, for patching in a bridge), the out-of-line exit stubs, and the exit codes
//! that tell the runtime which exit was taken.
//!
//! A guard's stub is small (PyPy's): it stores the guard's resume index into the frame's
//! [`Mem::HELPER_ARG`] word and jumps to its trace's *exit block*, shared by all the trace's
//! guards, which saves the machine state into the deopt buffer (every general-purpose and SSE
//! register, then the spill slots the trace's exits name, at [`SAVED_XMMS_AT`] and
//! [`SAVED_SLOTS_AT`]) and returns the exit code through the trampoline's epilogue. The runtime
//! then reads each fail arg from where the exit's record says it was ([`saved_value`]). A
//! `finish` (one per trace) stores its values into the deopt buffer in order instead.

use super::asm::{imm32, Alu, Asm, Gpr, Label, Loc, Mem, Src, StoreSrc, Target, Value, Xmm, SCRATCH, XSCRATCH};
use crate::backend::TraceId;
use metatrace_gc::Kind;
use std::cell::Cell;
use std::rc::Rc;

/// An exit of a trace being compiled.
pub struct PendingExit {
    /// The resume index (`Descr::Guard`).
    pub guard: u32,
    /// Where the fail args are when the exit is taken, in order (shared with the exit before
    /// when the same).
    pub values: Rc<[Value]>,
    /// Their kinds (shared likewise).
    pub kinds: Rc<[Kind]>,
    /// The stub's label and the offset of the guard's jump displacement (`None` for `finish`,
    /// whose stub is inline).
    pub stub: Option<(Label, usize)>,
    /// The stub's offset in the code, once emitted.
    pub stub_offset: Option<usize>,
    /// For a `guard_not_forced`: where its fail args are while the call before it runs.
    pub force: Option<Vec<Value>>,
}

/// What the backend keeps about an exit of a compiled trace.
#[derive(Clone, Debug)]
pub struct ExitInfo {
    /// Where the fail args are when the exit is taken.
    pub values: Rc<[Value]>,
    /// Their kinds.
    pub kinds: Rc<[Kind]>,
    /// Address of the guard's jump displacement, repointed when a bridge is attached (`None`
    /// for `finish`).
    pub jump: Option<usize>,
    /// Address of the guard's exit stub (`None` for `finish`): a bridge whose frame is too small
    /// leaves through it.
    pub stub: Option<usize>,
    /// The bridge attached to the guard.
    pub bridge: Option<TraceId>,
    /// For a `guard_not_forced`: where its fail args are while the call before it runs (spill
    /// slots of the frame, or constants), for `Backend::force`.
    pub force: Option<Vec<Value>>,
}

/// The bit of an exit code that marks a `finish` of one value with nothing to resume (a function
/// trace's return): `call_assembler` takes the result from the deopt buffer without asking the
/// runtime. Resume indices stay below it.
pub const RETURNS: u64 = 1 << 30;

/// The code an exit stub returns: the trace in the high half, the resume index in the low one
/// (with [`RETURNS`] for a return).
pub fn exit_code(trace: TraceId, guard: u32, returns: bool) -> u64 {
    debug_assert!(u64::from(guard) < RETURNS);
    (u64::from(trace.0) << 32) | u64::from(guard) | if returns { RETURNS } else { 0 }
}

/// The trace and resume index of an exit code.
pub fn decode_exit(code: u64) -> (TraceId, u32) {
    (TraceId((code >> 32) as u32), (code & (RETURNS - 1)) as u32)
}

/// Store `value` into the word `at` (whose base is not `r11` when `value` is a slot).
pub fn store_value(asm: &mut Asm, at: Mem, value: Value) {
    match value {
        Value::At(Loc::Gpr(r)) => asm.store(at, r),
        Value::At(Loc::Xmm(r)) => asm.store_xmm(at, r),
        Value::At(slot) => {
            asm.mov(Loc::Xmm(XSCRATCH), slot);
            asm.store_xmm(at, XSCRATCH);
        }
        Value::Const(bits) => match imm32(bits) {
            Some(imm) => asm.store_item(at, StoreSrc::Imm(imm), 8),
            None => {
                asm.store_item(at, StoreSrc::Imm(bits as u32 as i32), 4);
                let high = Mem { base: at.base, disp: at.disp + 4 };
                asm.store_item(high, StoreSrc::Imm((bits >> 32) as u32 as i32), 4);
            }
        },
    }
}

/// Store `values` into the deopt buffer, whose address the frame holds, in order.
pub fn store_to_buffer(asm: &mut Asm, values: &[Value]) {
    asm.load(SCRATCH, Mem::DEOPT_BUFFER);
    for (i, &value) in values.iter().enumerate() {
        store_value(asm, Mem { base: SCRATCH, disp: 8 * i as i32 }, value);
    }
}

/// Emit the inline exit of a `finish`: store each value into the deopt buffer, put `code` in rax
/// and jump to the trampoline's epilogue.
pub fn emit_finish(asm: &mut Asm, values: &[Value], code: u64, epilogue: usize) {
    store_to_buffer(asm, values);
    asm.mov_imm(Gpr::RAX, code);
    asm.jmp(Target::Addr(epilogue));
}

/// Emit a guard's exit stub: its resume index into [`Mem::HELPER_ARG`] (free at any guard), then
/// a jump to the trace's exit block.
pub fn emit_stub(asm: &mut Asm, guard: u32, exit_block: Label) {
    let index = i32::try_from(guard).expect("resume indices stay below RETURNS");
    asm.store_item(Mem::HELPER_ARG, StoreSrc::Imm(index), 8);
    asm.jmp(Target::Label(exit_block));
}

/// Where the exit block saves the SSE registers in the deopt buffer (the general-purpose
/// registers come first, by number).
pub const SAVED_XMMS_AT: usize = 16;

/// Where the exit block saves spill slot 0 in the deopt buffer (the others follow).
pub const SAVED_SLOTS_AT: usize = SAVED_XMMS_AT + XSCRATCH.0 as usize;

/// Emit the exit block of trace `trace`, whose exits name the spill slots below `slots`: save
/// every register that may hold a value and those slots into the deopt buffer, make the exit
/// code from the resume index the stub left in [`Mem::HELPER_ARG`], and leave through the
/// trampoline's epilogue.
pub fn emit_exit_block(asm: &mut Asm, trace: TraceId, slots: u32, epilogue: usize) {
    asm.load(SCRATCH, Mem::DEOPT_BUFFER);
    let word = |i: usize| Mem { base: SCRATCH, disp: 8 * i as i32 };
    for r in (0..16).map(Gpr).filter(|&r| r != Gpr::RSP && r != SCRATCH) {
        asm.store(word(r.0 as usize), r);
    }
    for x in (0..XSCRATCH.0).map(Xmm) {
        asm.store_xmm(word(SAVED_XMMS_AT + x.0 as usize), x);
    }
    for k in 0..slots {
        asm.load_xmm(XSCRATCH, Mem::slot(k));
        asm.store_xmm(word(SAVED_SLOTS_AT + k as usize), XSCRATCH);
    }
    asm.load(Gpr::RAX, Mem::HELPER_ARG);
    asm.mov_imm(SCRATCH, exit_code(trace, 0, false));
    asm.alu(Alu::Or, Gpr::RAX, Src::Reg(SCRATCH));
    asm.jmp(Target::Addr(epilogue));
}

/// One more than the largest spill slot that `values` name (0 when none).
pub fn slots_named(values: &[Value]) -> u32 {
    values
        .iter()
        .filter_map(|v| match v {
            Value::At(Loc::Slot(k)) => Some(k + 1),
            _ => None,
        })
        .max()
        .unwrap_or(0)
}

/// The value at `value` of an exit taken through an exit block, from the machine state it saved
/// in `buffer`.
pub fn saved_value(buffer: &[Cell<u64>], value: Value) -> u64 {
    match value {
        Value::Const(bits) => bits,
        Value::At(Loc::Gpr(r)) => buffer[r.0 as usize].get(),
        Value::At(Loc::Xmm(x)) => buffer[SAVED_XMMS_AT + x.0 as usize].get(),
        Value::At(Loc::Slot(k)) => buffer[SAVED_SLOTS_AT + k as usize].get(),
    }
}

//! Guards and exits: the record of each exit (where its fail args are when it is taken, and
//! where its jump is, for patching in a bridge), the out-of-line exit stubs that store the fail
//! args into the deopt buffer and return to the runtime, and the exit codes that tell the runtime
//! which exit was taken.

use super::asm::{imm32, Asm, Gpr, Label, Loc, Mem, StoreSrc, Target, Value, SCRATCH, XSCRATCH};
use crate::backend::TraceId;
use metatrace_gc::Kind;

/// An exit of a trace being compiled.
pub struct PendingExit {
    /// The resume index (`Descr::Guard`).
    pub guard: u32,
    /// Where the fail args are when the exit is taken, in order.
    pub values: Vec<Value>,
    /// Their kinds.
    pub kinds: Vec<Kind>,
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
    pub values: Vec<Value>,
    /// Their kinds.
    pub kinds: Vec<Kind>,
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

/// Emit an exit stub: store each value into the deopt buffer, put `code` in rax and jump to the
/// trampoline's epilogue.
pub fn emit_stub(asm: &mut Asm, values: &[Value], code: u64, epilogue: usize) {
    store_to_buffer(asm, values);
    asm.mov_imm(Gpr::RAX, code);
    asm.jmp(Target::Addr(epilogue));
}

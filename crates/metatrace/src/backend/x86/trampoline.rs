//! The entry trampoline: the one piece of code the runtime calls, and the owner of the frame
//! compiled code runs in.
//!
//! `extern "C" fn(buf: *mut u64, frame_bytes: usize, entry: usize, context: usize) -> u64` saves
//! the callee-saved registers, opens a 16-byte aligned frame of `frame_bytes` below them (touching
//! each page on the way down, so that a large frame cannot step over the stack's guard page; `rsp`
//! then stays fixed while compiled code runs, so calls from it are aligned), stores `buf` (the
//! deopt buffer), `context` (the thread's allocation context) and `frame_bytes` in the frame's
//! first words and
//! jumps to `entry`: a loop's entry code, which loads the input args from
//! `buf`. Exit stubs jump to the epilogue with the exit code in `rax`; the epilogue restores the
//! registers and returns it.

use super::asm::{Alu, Asm, Cond, Gpr, Loc, Mem, Src, Target, SCRATCH};

/// The stride of the stack probe: the smallest page size.
const PAGE: i32 = 4096;

/// The callee-saved registers the trampoline preserves besides `rbp`, in push order.
const SAVED: [Gpr; 5] = [Gpr::RBX, Gpr::R12, Gpr::R13, Gpr::R14, Gpr::R15];

/// The trampoline's code and the offset of its epilogue.
pub fn emit() -> (Vec<u8>, usize) {
    let mut asm = Asm::new();
    asm.push(Gpr::RBP);
    asm.set_frame_pointer();
    for r in SAVED {
        asm.push(r);
    }
    asm.mov(Loc::Gpr(SCRATCH), Loc::Gpr(Gpr::RSP));
    asm.alu(Alu::Sub, SCRATCH, Src::Reg(Gpr::RSI));
    let probe = asm.new_label();
    asm.bind(probe);
    asm.alu(Alu::Sub, Gpr::RSP, Src::Imm(PAGE));
    asm.cmp_mem(Mem { base: Gpr::RSP, disp: 0 }, Src::Imm(0));
    asm.alu(Alu::Cmp, Gpr::RSP, Src::Reg(SCRATCH));
    asm.jcc(Cond::A, Target::Label(probe));
    asm.mov(Loc::Gpr(Gpr::RSP), Loc::Gpr(SCRATCH));
    asm.alu(Alu::And, Gpr::RSP, Src::Imm(-16));
    asm.store(Mem::DEOPT_BUFFER, Gpr::RDI);
    asm.store(Mem::FRAME_BYTES, Gpr::RSI);
    asm.store(Mem::ALLOC_CONTEXT, Gpr::RCX);
    asm.jmp_reg(Gpr::RDX);
    let epilogue = asm.offset();
    asm.reset_stack(-8 * SAVED.len() as i32);
    for r in SAVED.iter().rev() {
        asm.pop(*r);
    }
    asm.pop(Gpr::RBP);
    asm.ret();
    let (code, fixups) = asm.finish();
    debug_assert!(fixups.is_empty());
    (code, epilogue)
}

/// The frame size that holds `slots` spill slots after the frame's header words. Frames are
/// sized to what the traces compiled so far use, not to the most any trace may use: the collector
/// scans frames conservatively, and words a trace never writes would keep whatever they held
/// alive.
pub fn frame_bytes(slots: u32) -> usize {
    8 * (slots + Mem::HEADER_WORDS) as usize
}

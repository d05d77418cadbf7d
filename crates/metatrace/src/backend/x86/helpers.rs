//! Slow-path helpers: code emitted once per backend that calls a runtime function from the middle
//! of compiled code without disturbing it.
//!
//! The fast paths compiled code inlines (bump-pointer allocation, the write barrier's unlogged-bit
//! test) branch to out-of-line code that calls a helper and comes back. The register allocator's
//! state must be the same on both paths, so a helper preserves every register compiled code may use:
//! it saves the caller-saved general-purpose registers and `xmm0`..`xmm14` on the stack (where the
//! collector's conservative stack scan sees the references among them), calls
//! `func(r11, [rsp + HELPER_ARG] of the caller's frame)` and returns `func`'s result in `r11`, the
//! scratch register, which compiled code never keeps a value in across an operation.

use super::asm::{Asm, Gpr, Loc, Mem, Xmm, SCRATCH};

/// The addresses of the helpers of a backend.
#[derive(Copy, Clone, Debug)]
pub struct Helpers {
    /// Calls `metatrace_gc::heap::alloc_block_for_jit(size in r11, objects in HELPER_ARG)`.
    pub alloc_block: usize,
    /// Calls `metatrace_gc::heap::write_barrier_for_jit(object in r11)`.
    pub write_barrier: usize,
}

/// The caller-saved general-purpose registers compiled code may hold values in, in push order.
const SAVED: [Gpr; 8] = [Gpr::RAX, Gpr::RCX, Gpr::RDX, Gpr::RSI, Gpr::RDI, Gpr::R8, Gpr::R9, Gpr::R10];

/// The SSE registers compiled code may hold values in (all but the scratch `xmm15`).
const SAVED_XMMS: u8 = 15;

/// Bytes of stack the helper uses for the SSE registers: with the return address and the pushed
/// registers it keeps `rsp` 16-byte aligned at the call.
const XMM_AREA: i32 = 8 * SAVED_XMMS as i32;

/// The code of a helper that calls the function at `func`.
pub fn emit(func: usize) -> Vec<u8> {
    let mut asm = Asm::new();
    for r in SAVED {
        asm.push(r);
    }
    asm.grow_stack(XMM_AREA);
    for i in 0..SAVED_XMMS {
        asm.store_xmm(Mem { base: Gpr::RSP, disp: 8 * i32::from(i) }, Xmm(i));
    }
    // The caller's frame starts above the saved registers and the return address.
    let frame = XMM_AREA + 8 * SAVED.len() as i32 + 8;
    debug_assert_eq!(frame % 16, 0, "calls from the helper are aligned");
    asm.mov(Loc::Gpr(Gpr::RDI), Loc::Gpr(SCRATCH));
    asm.load(Gpr::RSI, Mem { base: Gpr::RSP, disp: frame + Mem::HELPER_ARG.disp });
    asm.call(func);
    asm.mov(Loc::Gpr(SCRATCH), Loc::Gpr(Gpr::RAX));
    for i in 0..SAVED_XMMS {
        asm.load_xmm(Xmm(i), Mem { base: Gpr::RSP, disp: 8 * i32::from(i) });
    }
    asm.grow_stack(-XMM_AREA);
    for r in SAVED.iter().rev() {
        asm.pop(*r);
    }
    asm.ret();
    let (code, fixups) = asm.finish();
    debug_assert!(fixups.is_empty());
    code
}

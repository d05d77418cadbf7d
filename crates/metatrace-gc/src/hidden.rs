//! Native stack ranges hidden from the conservative scan: the frame of an interpreter loop that is
//! suspended in a call, while every reference that frame still needs is also reachable from a
//! root given with the range (the interpreter's heap-allocated frame object).
//!
//! The code that calls a language's interpreter loop runs [`enter_portal`] (inlined into it) right
//! before the call: it records where the loop's frame will end, from the caller's own stack
//! pointer, without a frame of its own (an extra call on every interpreted call costs more than
//! the rest of this together). The loop takes that address with [`take_frame_top`] as its first
//! action. Around a call that leaves every live value of the loop in its frame object, the loop
//! runs the call through [`hidden`], which hides the loop's own native frame (from the stack
//! pointer read in the loop, [`stack_pointer`], up to the recorded end) while the call runs. Stale
//! copies of dead objects in the loop's spill slots then no longer keep those objects alive.
//! Frames of native code between two loops (the call chain, builtins calling back) are never
//! hidden; neither is a loop suspended anywhere else (a handler calling `__add__`), whose operands
//! live only in its native frame.
//!
//! The recorded end leaves the top [`SCANNED_FRAME_TOP`] bytes of the loop's frame scanned: the
//! return address and the caller's callee-saved registers, which the loop's prologue pushes there
//! first (the x86-64 prologue LLVM emits: one push per callee-saved register the function uses,
//! at most six, before anything else goes on the stack; `sub rsp` for the locals comes after).
//! The caller may keep references in those registers across the call: they stay scanned. A loop
//! that pushes fewer registers leaves a few of its own words scanned too, which only keeps what
//! they refer to alive longer; a loop inlined into its caller has a frame that starts at the
//! recorded end or above it, an empty range ([`hidden_ranges`] skips it).
//!
//! The collector reads the list when the thread parks ([`hidden_ranges`]), on the thread itself.

use crate::GcRef;
use std::cell::Cell;

/// One hidden range, linked from the current thread's list head; lives in the frame of
/// [`hidden`], below the range it hides.
struct Hidden {
    /// Lowest address hidden.
    lo: usize,
    /// One past the highest address hidden.
    hi: usize,
    /// The object that keeps alive what the hidden frame refers to.
    root: GcRef,
    /// The range hidden before this one (further up the stack), or null.
    prev: *const Hidden,
}

thread_local! {
    /// The innermost hidden range of this thread, or null.
    static HEAD: Cell<*const Hidden> = const { Cell::new(std::ptr::null()) };
    /// Where the frame of the interpreter loop being entered ends (0 once taken).
    static FRAME_TOP: Cell<usize> = const { Cell::new(0) };
}

/// The current stack pointer: inlined into a function (that allocates nothing on the stack
/// dynamically), the lowest address of that function's frame.
#[inline(always)]
pub fn stack_pointer() -> usize {
    let sp: usize;
    // SAFETY: the asm only copies rsp into a register; it touches no memory and no flag.
    unsafe { std::arch::asm!("mov {}, rsp", out(reg) sp, options(nomem, nostack, preserves_flags)) };
    sp
}

/// Bytes at the top of an interpreter loop's native frame that stay scanned: the return address
/// and the six callee-saved registers of x86-64 (`rbx`, `rbp`, `r12` to `r15`) that its prologue
/// pushes below it.
pub const SCANNED_FRAME_TOP: usize = 7 * 8;

/// Record where the frame of the interpreter loop about to be called ends (for
/// [`take_frame_top`]): inlined into the function that calls the loop directly (no frame in
/// between), right before the call, so that the stack pointer read here is the one the call
/// starts from (a Rust function's stack pointer does not move after its prologue), less the top
/// of the loop's frame that stays scanned ([`SCANNED_FRAME_TOP`]).
#[inline(always)]
pub fn enter_portal() {
    FRAME_TOP.with(|top| top.set(stack_pointer() - SCANNED_FRAME_TOP));
}

/// The end of the frame of the interpreter loop entered last after [`enter_portal`], to be
/// called first thing in the loop; 0 when the loop was entered otherwise (nothing is hidden).
#[inline(always)]
pub fn take_frame_top() -> usize {
    FRAME_TOP.with(|top| top.replace(0))
}

/// Restores the list head when [`hidden`] ends, also by unwinding.
struct Unlink(*const Hidden);

impl Drop for Unlink {
    #[inline(always)]
    fn drop(&mut self) {
        HEAD.with(|head| head.set(self.0));
    }
}

/// Run `call` with the native stack range `[lo, hi)` hidden from the conservative scan, `root`
/// being scanned instead. `lo` is the stack pointer of the interpreter loop making the call
/// ([`stack_pointer`]), `hi` what it took with [`take_frame_top`]; every reference the loop's
/// frame holds and still needs must be reachable from `root` while `call` runs.
#[inline(never)]
pub fn hidden<R>(lo: usize, hi: usize, root: GcRef, call: impl FnOnce() -> R) -> R {
    let entry = Hidden { lo, hi, root, prev: HEAD.with(Cell::get) };
    HEAD.with(|head| head.set(&entry));
    let _unlink = Unlink(entry.prev);
    call()
}

/// The current thread's hidden ranges inside `[sp, top)`, sorted by address, and their roots
/// (appended to `roots`).
pub(crate) fn hidden_ranges(sp: usize, top: usize, roots: &mut Vec<usize>) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut at = HEAD.with(Cell::get);
    while !at.is_null() {
        // SAFETY: a linked entry lives in the frame of a `hidden` call still running on this
        // thread (it unlinks itself before it returns or unwinds), and this runs on that thread.
        let entry = unsafe { &*at };
        roots.push(entry.root.addr());
        let prev_end = ranges.last().map_or(sp, |&(_, hi)| hi);
        if entry.lo >= prev_end && entry.lo < entry.hi && entry.hi <= top {
            ranges.push((entry.lo, entry.hi));
        }
        at = entry.prev;
    }
    ranges
}

//! The machine-code backend: compiles traces (loops and bridges) to native code, runs them, and
//! reports how they exited.
//!
//! [`Backend`] is the interface the JIT driver uses, so that another backend (aarch64, or a
//! Cranelift second tier) can sit behind it later; [`x86::X86Backend`] is the x86-64 one. A loop
//! is entered with its input values and runs until a guard without a bridge fails or a `finish`
//! is reached; the [`Exit`] names that guard (by its trace and its `Descr::Guard` index) and holds
//! the values of its fail args. A bridge compiled for a guard is patched into that guard, so later
//! failures of the guard go straight into the bridge.

pub mod x86;

use crate::ir::Trace;
use crate::quasi::Invalidation;
use std::cell::Cell;
use std::fmt;

pub use x86::X86Backend;

/// A compiled trace: a loop or a bridge.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct TraceId(pub u32);

/// How compiled code exited.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Exit {
    /// The trace whose guard failed or whose `finish` ran.
    pub trace: TraceId,
    /// The exit's resume index (the `Descr::Guard` of the guard or finish).
    pub guard: u32,
    /// The values of the exit's fail args, in order, as 64-bit patterns (ints as two's
    /// complement, floats as their bits, references as addresses).
    pub values: Vec<u64>,
}

/// What machine code needs to enter a compiled loop directly (`call_assembler`): kept up to date
/// by the backend at a fixed address for as long as the backend lives (see
/// [`Backend::entry_record`]).
#[repr(C)]
#[derive(Default, Debug)]
pub struct EntryRecord {
    /// The loop's entry address.
    pub entry: Cell<usize>,
    /// The number of its input args; `usize::MAX` once the loop is freed, so that no
    /// `call_assembler` matches it.
    pub inputs: Cell<usize>,
}

impl EntryRecord {
    /// The byte offset of `entry`.
    pub const ENTRY: i32 = 0;
    /// The byte offset of `inputs`.
    pub const INPUTS: i32 = 8;
}

/// Why a trace could not be compiled.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum BackendError {
    /// The trace is valid IR but uses something this backend does not implement.
    Unsupported(String),
    /// The trace breaks the IR's conventions (operand count or kind, undefined variable, ...).
    Invalid(String),
    /// No live trace has this id.
    UnknownTrace(TraceId),
    /// The trace has no guard with this resume index.
    UnknownGuard(TraceId, u32),
    /// The guard already has a bridge.
    GuardHasBridge(TraceId, u32),
    /// A jump names a label that no live trace defines.
    UnknownTarget(u32),
    /// The code memory is full.
    OutOfCodeMemory,
}

impl fmt::Display for BackendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BackendError::Unsupported(what) => write!(f, "unsupported by the backend: {what}"),
            BackendError::Invalid(what) => write!(f, "invalid trace: {what}"),
            BackendError::UnknownTrace(t) => write!(f, "no compiled trace {}", t.0),
            BackendError::UnknownGuard(t, g) => write!(f, "trace {} has no guard {g}", t.0),
            BackendError::GuardHasBridge(t, g) => write!(f, "guard {g} of trace {} already has a bridge", t.0),
            BackendError::UnknownTarget(t) => write!(f, "no compiled label with target {t}"),
            BackendError::OutOfCodeMemory => write!(f, "code memory exhausted"),
        }
    }
}

impl std::error::Error for BackendError {}

/// A machine-code backend. Every method takes `&self`: compiling (and freeing) must work while
/// compiled code of the same backend is suspended further up the stack, in a residual call that
/// re-entered the interpreter.
pub trait Backend {
    /// Compile a loop: `trace.ops[0]` is its label, the last op a `jump` (or a `finish`).
    fn compile_loop(&self, trace: &Trace) -> Result<TraceId, BackendError>;

    /// Compile a bridge for guard `guard` of trace `from` (its input args are that guard's fail
    /// args, in order) and patch the guard so that its failures enter the bridge.
    fn compile_bridge(&self, from: TraceId, guard: u32, trace: &Trace) -> Result<TraceId, BackendError>;

    /// Run loop `loop_` from its label with `inputs` (one per input arg) until an exit.
    ///
    /// The inputs must be valid values of the kinds of the loop's input args: references must be
    /// live objects, as the compiled code dereferences them without checks.
    fn execute(&self, loop_: TraceId, inputs: &[u64]) -> Exit;

    /// [`Backend::execute`] with the exit's values written to `values` (cleared first, so that
    /// the caller can reuse one buffer); returns the exit's trace and resume index.
    fn execute_into(&self, loop_: TraceId, inputs: &[u64], values: &mut Vec<u64>) -> (TraceId, u32) {
        let exit = self.execute(loop_, inputs);
        values.clear();
        values.extend_from_slice(&exit.values);
        (exit.trace, exit.guard)
    }

    /// Free a loop and every bridge attached to it (directly or through other bridges).
    fn free(&self, loop_: TraceId);

    /// The invalidation flag of the tree of trace `t` (a loop or a bridge), which its
    /// `guard_not_invalidated`s test; `None` for an unknown or freed trace.
    fn invalidation(&self, t: TraceId) -> Option<Invalidation>;

    /// Whether trace `t` is live and its tree not invalidated (what [`Backend::invalidation`]
    /// tells, without copying the flag: the driver asks at every entry).
    fn is_valid(&self, t: TraceId) -> bool {
        self.invalidation(t).is_some_and(|flag| !flag.is_set())
    }

    /// Size in bytes of the machine code of a trace.
    fn code_size(&self, t: TraceId) -> usize;

    /// Address of the first byte of a trace's machine code (0 for an unknown or freed trace, and
    /// for a backend that makes no machine code).
    fn code_addr(&self, t: TraceId) -> usize;

    /// The address of the [`EntryRecord`] of live loop `t`, through which `call_assembler`
    /// enters it directly; 0 when this backend does not (the IR interpreter) or `t` is not a
    /// live loop. The record stays at that address for the backend's life.
    fn entry_record(&self, _t: TraceId) -> usize {
        0
    }

    /// The exit of a direct entry (`call_assembler`) that did not return: its trace and resume
    /// index, from the exit `code` that the entry gave the descriptor, and its fail values
    /// (written to `values`, cleared first) from the deopt buffer. Only backends whose
    /// [`Backend::entry_record`] gives records produce such codes.
    fn take_exit(&self, code: u64, values: &mut Vec<u64>) -> (TraceId, u32) {
        let _ = values;
        unreachable!("exit code {code:#x} from a backend without direct entries")
    }

    /// Whether this backend can force the frames of a running call (see [`Backend::force`]):
    /// only then does the tracer leave frames in compiled code across `call_may_force`s
    /// (`force_token`, `guard_not_forced`).
    fn can_force(&self) -> bool {
        false
    }

    /// Force the compiled code whose `force_token` is `token` (PyPy's `force`), which is
    /// suspended in the `call_may_force` or `call_assembler` before a `guard_not_forced`: mark
    /// the guard as failing once the call returns, and give the guard's trace and resume index
    /// and its fail values as they are during the call (written to `values`, cleared first; the
    /// call's own result reads as 0). `None` when the code was forced already.
    fn force(&self, token: usize, values: &mut Vec<u64>) -> Option<(TraceId, u32)> {
        let _ = (token, values);
        None
    }

    /// The machine code of a trace as text, one instruction a line, with addresses.
    fn disassemble(&self, t: TraceId) -> String;
}

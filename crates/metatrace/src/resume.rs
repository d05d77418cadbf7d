//! Resume data: what a guard saves so that the interpreter can continue exactly where the compiled
//! code left off.
//!
//! At every merge point the tracer takes a snapshot of the frame that reached it (its greens and its
//! virtualizable values). A guard's resume data lists, for each frame of the inline stack (outermost
//! first), the snapshot of the opcode that frame is executing, plus the log of the non-pure events
//! that already happened in that opcode before the guard, when an effect is among them. Every value
//! is an index into the guard's fail args, whose values the compiled code saves on exit.
//!
//! Resumption ([`crate::replay`]) writes the snapshot values back into the frames and re-runs each
//! frame's opcode from its start, answering logged events from the log instead of repeating them.

use crate::call::CallDescr;

/// What kind of non-pure event a log entry records (checked against the replay in check mode).
#[derive(Copy, Clone, PartialEq, Debug)]
pub enum EventKind {
    /// A heap read of a non-virtualizable object.
    Read,
    /// A heap write to a non-virtualizable object (an effect; no value).
    Write,
    /// An allocation.
    Alloc,
    /// A residual call (an effect unless elidable, which is never logged).
    Call(&'static CallDescr),
    /// A portal call (an effect): the callee frame ran.
    Portal,
}

/// One logged event: its kind, its result (an index into the fail values), and whether it raised.
#[derive(Copy, Clone, PartialEq, Debug)]
pub struct LoggedEvent {
    /// What happened.
    pub kind: EventKind,
    /// Index into the fail values of the result (or of the exception when `raised`).
    pub value: Option<u32>,
    /// The call raised (its value is the exception).
    pub raised: bool,
}

/// The state of one frame of the inline stack at the start of its current opcode.
#[derive(Clone, Debug)]
pub struct FrameSnapshot<G> {
    /// The frame's position.
    pub greens: G,
    /// Index of the frame reference in the fail values.
    pub frame: u32,
    /// Indexes of the virtualizable scalar fields' values.
    pub fields: Vec<u32>,
    /// Indexes of the virtualizable array's items' values.
    pub items: Vec<u32>,
    /// The non-pure events of the current opcode before the exit (empty when none was an effect).
    pub log: Vec<LoggedEvent>,
}

/// How the last logged event of the innermost frame ends, when the guard is about it.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum LastCall {
    /// As logged.
    AsLogged,
    /// The call raised after all (a failed `guard_no_exception`): the exception is pending.
    Raised,
    /// The call returned after all (a failed `guard_exception`): its value is its logged result.
    Returned,
}

/// Everything needed to resume at one exit of a trace.
#[derive(Clone, Debug)]
pub struct ResumeData<G> {
    /// The inline stack, outermost frame first.
    pub frames: Vec<FrameSnapshot<G>>,
    /// The outcome of the last call when the exit is an exception guard.
    pub last_call: LastCall,
}

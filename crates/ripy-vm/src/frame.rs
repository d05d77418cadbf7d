//! Frames: the state of one running code object, and the thread's execution state.
//!
//! A [`W_Frame`] is a GC object. Its `array` ([`RefArray`]) holds, in this order, the code's fast
//! locals, its cells, its free variables (cells too) and its value stack: `Code::frame_size()`
//! slots (`nlocals + ncells + nfree + max_stack_depth`). The array is the frame's virtualizable
//! part: in compiled code its items live in registers. The interpreter only ever indexes it with
//! constants, derived from the instruction's operand or from the static stack depth of the pc
//! (a green), which is what lets the tracer keep it in its shadow. The pc itself is green and the
//! stack pointer follows from it, so the frame has no virtualizable scalar fields.
//!
//! Everything else about a frame (code, globals, builtins, the locals dict of module and class
//! bodies, the closure) is set when it is made and never changes.
//!
//! The [`W_ExecState`] is the thread's execution state, one object reached from the space: the
//! depth of Python calls (for the recursion limit) and the exception being handled (what
//! `sys.exc_info()` gives, and the `__context__` of a new exception).

use crate::code::Code;
use crate::gc;
use crate::storage::RefArray;
use metatrace::domain::{Domain, Virtualizable, VirtualizableArray};
use metatrace_gc::{GcHeader, GcObject, GcRef};
use metatrace_macros::GcObject;

/// A frame. See the module documentation.
#[derive(GcObject)]
#[repr(C)]
pub struct W_Frame {
    /// The object header.
    pub header: GcHeader,
    /// The code being run ([`crate::code::W_Code`]).
    #[gc(immutable)]
    pub code: GcRef,
    /// The globals (a dict).
    #[gc(immutable)]
    pub globals: GcRef,
    /// The builtins (a dict).
    #[gc(immutable)]
    pub builtins: GcRef,
    /// The locals dict of a module or class body; null for functions.
    #[gc(immutable)]
    pub locals: GcRef,
    /// The closure (a tuple of cells); null when the code has no free variables.
    #[gc(immutable)]
    pub closure: GcRef,
    /// Locals, cells, free variables and the value stack ([`RefArray`]): the virtualizable array.
    #[gc(immutable)]
    pub array: GcRef,
    /// The generator running this frame ([`crate::generator::W_Generator`]), or null.
    pub generator: GcRef,
}

/// The thread's execution state. See the module documentation.
#[derive(GcObject)]
#[repr(C)]
pub struct W_ExecState {
    /// The object header.
    pub header: GcHeader,
    /// The number of Python frames running.
    pub depth: i64,
    /// The recursion limit (`sys.getrecursionlimit()`).
    pub limit: i64,
    /// The exception being handled, or null.
    pub handled: GcRef,
}

/// CPython's default recursion limit.
pub const DEFAULT_RECURSION_LIMIT: i64 = 1000;

/// The virtualizable part of a frame: its array.
pub static VIRTUALIZABLE: Virtualizable =
    Virtualizable { fields: &[], array: Some(VirtualizableArray { field: W_Frame::ARRAY, items: RefArray::ITEMS }) };

/// The parts of a new frame besides its code.
#[derive(Copy, Clone, Debug)]
pub struct FrameEnv<R> {
    /// The globals dict.
    pub globals: R,
    /// The builtins dict.
    pub builtins: R,
    /// The locals dict (module and class bodies), or null.
    pub locals: R,
    /// The closure tuple, or null.
    pub closure: R,
}

/// A new frame to run `code` in `env`, all its slots empty, in domain code.
pub fn new_frame<D: Domain>(d: &mut D, code: &Code, env: FrameEnv<D::Ref>) -> D::Ref {
    let size = d.const_int(code.frame_size() as i64);
    let array = d.new_array(RefArray::layout(), size);
    let frame = d.new(W_Frame::layout());
    let w_code = d.const_ref(code.w_code);
    d.set_ref(frame, &W_Frame::CODE, w_code);
    d.set_ref(frame, &W_Frame::GLOBALS, env.globals);
    d.set_ref(frame, &W_Frame::BUILTINS, env.builtins);
    d.set_ref(frame, &W_Frame::LOCALS, env.locals);
    d.set_ref(frame, &W_Frame::CLOSURE, env.closure);
    d.set_ref(frame, &W_Frame::ARRAY, array);
    frame
}

/// A new execution state.
pub fn new_exec_state() -> GcRef {
    let ec = metatrace_gc::alloc(W_ExecState::layout());
    gc::set_i64(ec, &W_ExecState::LIMIT, DEFAULT_RECURSION_LIMIT);
    ec
}

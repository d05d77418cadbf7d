//! Generators, coroutines and async generators: a frame that is suspended at each `yield` and
//! resumed by `next()`, `send()`, `throw()` or `close()`, and the `yield from` / `await`
//! delegation protocol (`SEND`, with `throw` and `close` passed on to the delegate).
//!
//! Calling a generator function runs its frame up to `RETURN_GENERATOR`, which makes the
//! [`W_Generator`] (pointing at the frame, and pointed at by it) and returns it. `YIELD_VALUE`
//! records in the generator the instruction to resume at and returns the yielded value from the
//! portal; resuming writes the sent value on top of the frame's stack (the static stack depth of
//! the resume point says where) and runs the portal from that instruction. A generator whose
//! portal returns without yielding is finished, and its return value is the `StopIteration`'s.
//! Resuming is domain code ([`resume_in`]; native `send`/`next` run it in the concrete domain),
//! so a trace of a `for` loop, `yield from` or `await` inlines the generator's frame. A generator
//! suspended in a `yield from` of a generator is resumed by resuming that delegate directly
//! (`resume_delegate`): its frame runs only when the delegate returns or raises.
//!
//! `throw()` stores the exception in the generator's `thrown` field and resumes it: the `RESUME`
//! instruction at the resume point raises it inside the frame (see the interpreter), so handlers
//! and tracebacks are the frame's own. A generator suspended in a `yield from` / `await` passes
//! `throw()` and `close()` on to its delegate first, as CPython 3.11's `gen_throw` does.
//!
//! The same object serves the three kinds; its `type_` field is `generator`, `coroutine` or
//! `async_generator`. An async generator's `__anext__`/`asend`/`athrow`/`aclose` return a
//! [`W_AsyncGenStep`], an awaitable that runs one step of the async generator: values the async
//! generator yields are wrapped (`ASYNC_GEN_WRAP`) and end the step with `StopIteration(value)`;
//! other values (yielded by what it awaits) pass through to the event loop.

use crate::code::{Code, W_Code};
use crate::exceptions::{ExcKind, W_Exception};
use crate::frame::{Caller, FrameArray, W_ExecState, W_Frame};
use crate::function::W_Function;
use crate::gc;
use crate::interp::{with_concrete, Pos, Ripy};
use crate::known::{self, Checked};
use crate::objspace;
use crate::protocol;
use crate::space::{PyResult, Space};
use crate::tuple::W_Tuple;
use crate::typeobject;
use crate::unicode;
use metatrace::call::set_exception;
use metatrace::domain::{Domain, IntOp};
use metatrace_gc::{GcHeader, GcObject, GcRef};
use metatrace_macros::GcObject;
use ripy_compiler::bytecode::{CodeFlags, ResumeKind};
use ripy_compiler::Instr;

/// A generator, coroutine or async generator object.
#[derive(GcObject)]
#[repr(C)]
pub struct W_Generator {
    /// The object header.
    pub header: GcHeader,
    /// The suspended frame.
    #[gc(immutable)]
    pub frame: GcRef,
    /// The instruction to resume at; [`FINISHED`] or [`RUNNING`] otherwise.
    pub pc: i64,
    /// Its type: `generator`, `coroutine` or `async_generator`.
    #[gc(immutable)]
    pub type_: GcRef,
    /// An exception to raise where the frame resumes (set by `throw()`), or null.
    pub thrown: GcRef,
    /// While a plain generator without exception handlers is suspended in a `yield from` whose
    /// iterator is a generator object: that iterator (its delegate), which resuming it resumes
    /// directly ([`resume_in`]); null otherwise. Every `yield` of such a generator sets it.
    pub yielding_from: GcRef,
    /// The exception being handled inside the frame when it was suspended, or null.
    pub handled: GcRef,
    /// While the frame runs: the exception its resumer handles, or null. The frame sees it as
    /// the current one while it handles none of its own (CPython's chain of exception states):
    /// the outermost `PUSH_EXC_INFO` saves "none of the generator's own" and its `POP_EXCEPT`
    /// restores the resumer's ([`push_exc_info`], [`pop_except`]).
    pub outer: GcRef,
    /// The number of exception handlers running in the frame (`PUSH_EXC_INFO`s without their
    /// `POP_EXCEPT` yet): the generator handles an exception of its own while it is positive.
    pub handlers: i64,
    /// `__name__` (a str): the function's that made it, or assigned; null: its code's
    /// `co_name`.
    pub name: GcRef,
    /// `__qualname__` (a str): the function's that made it, or assigned; null: its code's
    /// `co_qualname`.
    pub qualname: GcRef,
    /// While a builtin that consumes the generator resumes it with the JIT off: that consumer's
    /// number, to which a `yield` hands the items it takes at once
    /// ([`crate::consume::push_item`]); 0 otherwise.
    pub sink: i64,
    /// The sink's accumulator while `sink` is set (its list, its set, the sum so far...).
    pub sink_acc: GcRef,
}

/// The iterator of `coroutine.__await__()` (CPython's `coroutine_wrapper`): stepping it steps
/// the coroutine.
#[derive(GcObject)]
#[repr(C)]
pub struct W_CoroWrapper {
    /// The object header.
    pub header: GcHeader,
    /// The coroutine.
    #[gc(immutable)]
    pub coro: GcRef,
}

/// `coro.__await__()`.
pub fn new_wrapper(coro: GcRef) -> GcRef {
    let w = metatrace_gc::alloc(W_CoroWrapper::layout());
    gc::set_ref(w, &W_CoroWrapper::CORO, coro);
    w
}

/// `it.send(value)` of an await step iterator (a coroutine wrapper or an async generator's
/// step): the value yielded, or the `StopIteration` carrying the result.
pub fn step_iter_send(it: GcRef, value: GcRef) -> PyResult<GcRef> {
    if it.layout() == W_CoroWrapper::layout() {
        return send(gc::get_ref(it, &W_CoroWrapper::CORO), value);
    }
    step_send(it, value)
}

/// `next(it)` of an await step iterator, `None` when it is done.
pub fn step_iter_next(it: GcRef) -> PyResult<Option<GcRef>> {
    let space = Space::get();
    match step_iter_send(it, space.none) {
        Ok(v) => Ok(Some(v)),
        Err(e) if is_a(space, e, ExcKind::StopIteration) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Whether `obj` is an await step iterator (a coroutine wrapper or an async generator's step).
pub fn is_step_iter(obj: GcRef) -> bool {
    obj.layout() == W_CoroWrapper::layout() || obj.layout() == W_AsyncGenStep::layout()
}

/// A value yielded by an async generator (as opposed to one its awaits pass through).
#[derive(GcObject)]
#[repr(C)]
pub struct W_AsyncGenValue {
    /// The object header.
    pub header: GcHeader,
    /// The value.
    pub value: GcRef,
}

/// The awaitable of one step of an async generator (`__anext__`, `asend`, `athrow`, `aclose`).
#[derive(GcObject)]
#[repr(C)]
pub struct W_AsyncGenStep {
    /// The object header.
    pub header: GcHeader,
    /// The async generator.
    pub gen: GcRef,
    /// What to send first (`asend`, `__anext__`) or the exception to throw (`athrow`, `aclose`).
    pub value: GcRef,
    /// A [`step`] kind.
    pub kind: i64,
    /// 0 before the first `send`, 1 while running, 2 when done.
    pub state: i64,
}

/// The kinds of [`W_AsyncGenStep`].
pub mod step {
    /// `__anext__()` or `asend(value)`.
    pub const SEND: i64 = 0;
    /// `athrow(exc)`.
    pub const THROW: i64 = 1;
    /// `aclose()`.
    pub const CLOSE: i64 = 2;
}

/// The `pc` of a generator that has returned or raised.
pub const FINISHED: i64 = -1;
/// The `pc` of a generator whose frame is running.
pub const RUNNING: i64 = -2;

/// What a resumed generator did (`R` a reference of the domain).
#[derive(Copy, Clone, Debug)]
pub enum Outcome<R = GcRef> {
    /// It yielded this value and is suspended.
    Yielded(R),
    /// It returned this value and is finished.
    Returned(R),
}

/// The three kinds of generator objects.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Kind {
    /// A generator function's.
    Generator,
    /// An `async def` function's.
    Coroutine,
    /// An `async def` function's that yields.
    AsyncGenerator,
}

impl Kind {
    /// The kind of generator a code object makes.
    pub fn of_code(code: &Code) -> Kind {
        let flags = code.object.flags.0;
        if flags & CodeFlags::ASYNC_GENERATOR != 0 {
            Kind::AsyncGenerator
        } else if flags & CodeFlags::COROUTINE != 0 {
            Kind::Coroutine
        } else {
            Kind::Generator
        }
    }

    /// The kind of a generator object.
    pub fn of(gen: GcRef) -> Kind {
        Kind::of_code(code_of(gen))
    }

    /// The name of its type.
    pub fn type_name(self) -> &'static str {
        match self {
            Kind::Generator => "generator",
            Kind::Coroutine => "coroutine",
            Kind::AsyncGenerator => "async_generator",
        }
    }
}

/// Whether a code object's frames run as generators (or coroutines, or async generators).
pub fn is_generator_code(code: &Code) -> bool {
    code.object.flags.0 & (CodeFlags::GENERATOR | CodeFlags::COROUTINE | CodeFlags::ASYNC_GENERATOR) != 0
}

/// What `PUSH_EXC_INFO` in the frame of generator `gen` saves as the exception handled before:
/// `previous`, or null (none of the generator's own) in its outermost handler.
pub fn push_exc_info<D: Domain>(d: &mut D, gen: D::Ref, previous: D::Ref) -> D::Ref {
    let handlers = known::get_int(d, gen, W_Generator::layout(), &W_Generator::HANDLERS);
    let one = d.const_int(1);
    let more = d.int_op(IntOp::Add, handlers, one);
    known::set_int(d, gen, W_Generator::layout(), &W_Generator::HANDLERS, more);
    let zero = d.const_int(0);
    let outermost = d.int_op(IntOp::Eq, handlers, zero);
    if d.branch(outermost) {
        d.const_ref(GcRef::NULL)
    } else {
        previous
    }
}

/// The exception `POP_EXCEPT` in the frame of generator `gen` makes current again: `previous`,
/// or the resumer's when it is null (the generator's outermost handler ends).
pub fn pop_except<D: Domain>(d: &mut D, gen: D::Ref, previous: D::Ref) -> D::Ref {
    let handlers = known::get_int(d, gen, W_Generator::layout(), &W_Generator::HANDLERS);
    let one = d.const_int(1);
    let fewer = d.int_op(IntOp::Sub, handlers, one);
    known::set_int(d, gen, W_Generator::layout(), &W_Generator::HANDLERS, fewer);
    if d.is_null(previous) {
        known::get_ref(d, gen, W_Generator::layout(), &W_Generator::OUTER)
    } else {
        previous
    }
}

/// The code a generator runs.
pub fn code_of(gen: GcRef) -> &'static Code {
    Code::of(gc::get_ref(gc::get_ref(gen, &W_Generator::FRAME), &W_Frame::CODE))
}

/// `RETURN_GENERATOR`: a new generator for `frame` (which runs `code`), to resume at `pc`. In a
/// trace it stays virtual while it does not escape (`await f()` of a coroutine function).
pub fn make_generator<D: Domain>(d: &mut D, code: &Code, frame: D::Ref, pc: i64) -> D::Ref {
    let g = d.new(W_Generator::layout());
    d.set_ref(g, &W_Generator::FRAME, frame);
    let pc = d.const_int(pc);
    d.set_int(g, &W_Generator::PC, pc);
    let ty = d.const_ref(code.space.runtime_type(Kind::of_code(code).type_name()));
    d.set_ref(g, &W_Generator::TYPE_, ty);
    d.set_ref(frame, &W_Frame::GENERATOR, g);
    // The generator resumes the frame after each return from its portal: it escaped, so that
    // compiled code writes it back when it suspends (see `W_Frame::escaped`).
    let escaped = d.const_int(1);
    d.set_int(frame, &W_Frame::ESCAPED, escaped);
    // Suspended, the frame has no `f_back` (its creator's call is over).
    let null = d.const_ref(GcRef::NULL);
    d.set_ref(frame, &W_Frame::BACK, null);
    g
}

/// Give generator `gen`, just made by a call of function `func`, the function's `__name__` and
/// `__qualname__`, as CPython's `_Py_MakeCoro` does: they are its code's unless the function was
/// renamed.
pub fn take_names<D: Domain>(d: &mut D, gen: D::Ref, func: D::Ref) {
    for (from, to) in [(&W_Function::NAME, &W_Generator::NAME), (&W_Function::QUALNAME, &W_Generator::QUALNAME)] {
        let name = known::get_ref(d, func, W_Function::layout(), from);
        known::set_ref(d, gen, W_Generator::layout(), to, name);
    }
}

/// The code generator `gen` runs, a constant of the trace.
#[inline(always)]
pub fn code_in<D: Domain>(d: &mut D, gen: D::Ref) -> &'static Code {
    let frame = known::get_ref(d, gen, W_Generator::layout(), &W_Generator::FRAME);
    let w_code = known::get_ref(d, frame, W_Frame::layout(), &W_Frame::CODE);
    Code::of(d.promote_ref(w_code))
}

/// The exception `throw()` asks resumed generator `gen` to raise (cleared), or null.
pub fn take_thrown<D: Domain>(d: &mut D, gen: D::Ref) -> D::Ref {
    let thrown = known::get_ref(d, gen, W_Generator::layout(), &W_Generator::THROWN);
    if !d.is_null(thrown) {
        let null = d.const_ref(GcRef::NULL);
        known::set_ref(d, gen, W_Generator::layout(), &W_Generator::THROWN, null);
    }
    thrown
}

/// Whether exception `exc` is an instance of the builtin exception `kind`.
fn is_a(space: &Space, exc: GcRef, kind: ExcKind) -> bool {
    exc.layout() == W_Exception::layout() && typeobject::is_subtype(space.type_of(exc), space.exception_type(kind))
}

/// The `RuntimeError` that replaces a `StopIteration` (or, from an async generator, a
/// `StopAsyncIteration`) escaping a generator's frame (PEP 479).
fn stop_iteration_escaped(space: &Space, gen: GcRef, exc: GcRef) -> GcRef {
    let kind = Kind::of(gen);
    let escaped = if is_a(space, exc, ExcKind::StopIteration) {
        "StopIteration"
    } else if kind == Kind::AsyncGenerator && is_a(space, exc, ExcKind::StopAsyncIteration) {
        "StopAsyncIteration"
    } else {
        return exc;
    };
    let what = match kind {
        Kind::Generator => "generator",
        Kind::Coroutine => "coroutine",
        Kind::AsyncGenerator => "async generator",
    };
    let error = space.new_exception(ExcKind::RuntimeError, &format!("{what} raised {escaped}"));
    gc::set_ref(error, &W_Exception::CAUSE, exc);
    gc::set_ref(error, &W_Exception::CONTEXT, exc);
    gc::set_i64(error, &W_Exception::SUPPRESS_CONTEXT, 1);
    error
}

fn escaped_impl(gen: GcRef, exc: GcRef) -> GcRef {
    stop_iteration_escaped(Space::get(), gen, exc)
}

metatrace::residual! {
    /// The exception a finished generator raises for `exc` escaping its frame (a `StopIteration`
    /// becomes a `RuntimeError`).
    pub fn escaped_exception(gen: Ref, exc: Ref) -> Ref;
    effect = Plain; can_raise = false; impl = escaped_impl;
}

/// Run generator `gen`'s frame (running `code`) from instruction `pc`, with `value` as the top of
/// its stack and `caller` as the frame's `f_back`, in domain code: a trace inlines the frame up to
/// its next `yield` like a Python call (the resume point `pc` is a constant of the trace).
fn run_at<D: Domain<Lang = Ripy>>(
    d: &mut D,
    space: &'static Space,
    caller: Caller<D::Ref>,
    gen: D::Ref,
    code: &'static Code,
    pc: i64,
    value: D::Ref,
) -> Result<Outcome<D::Ref>, D::Ref> {
    let g = Checked::new(d, gen, W_Generator::layout());
    let frame = g.get_ref(d, &W_Generator::FRAME);
    let f = Checked::new(d, frame, W_Frame::layout());
    if !D::CONCRETE {
        // The frame's generator is `gen` already; stored again, a trace knows it, so the `yield`
        // of an inlined frame (which stores the resume pc through the frame's generator) stores
        // `gen`'s, and the pc read below and at the next resumption folds to that constant.
        d.set_ref(frame, &W_Frame::GENERATOR, gen);
    }
    let depth = code.object.stack_depths[pc as usize] as usize;
    let array = f.get_ref(d, &W_Frame::ARRAY);
    let top = d.const_int((code.stack_base() + depth - 1) as i64);
    known::set_item_ref(d, array, FrameArray::layout(), &FrameArray::ITEMS, top, value);
    let running = d.const_int(RUNNING);
    g.set_int(d, &W_Generator::PC, running);
    // A generator whose code has no exception handlers never handles an exception of its own:
    // its `handlers` stay 0, its `handled` null, and its `outer` is never read.
    let handles = code.handles_exceptions;
    let ec = d.const_ref(space.exec_state);
    let null = d.const_ref(GcRef::NULL);
    let (outer, own) = if handles {
        let outer = known::get_ref(d, ec, W_ExecState::layout(), &W_ExecState::HANDLED);
        let own = g.get_ref(d, &W_Generator::HANDLED);
        if !d.is_null(own) {
            known::set_ref(d, ec, W_ExecState::layout(), &W_ExecState::HANDLED, own);
        }
        g.set_ref(d, &W_Generator::OUTER, outer);
        (outer, own)
    } else {
        (null, null)
    };
    caller.record_pc(d);
    f.set_ref(d, &W_Frame::BACK, caller.frame);
    let result = protocol::run_frame_at(d, space, Pos { code, pc: pc as u32 }, frame);
    f.set_ref(d, &W_Frame::BACK, null);
    if handles {
        g.set_ref(d, &W_Generator::OUTER, null);
        // The generator keeps the exception its frame handles at the `yield` (an exception
        // state of its own); the current one is the resumer's again. Nothing is stored when the
        // frame handles none (as most of the time: its last `POP_EXCEPT` restored the resumer's).
        let handlers = g.get_int(d, &W_Generator::HANDLERS);
        let zero = d.const_int(0);
        let handling = d.int_op(IntOp::Lt, zero, handlers);
        if d.branch(handling) {
            let inner = known::get_ref(d, ec, W_ExecState::layout(), &W_ExecState::HANDLED);
            g.set_ref(d, &W_Generator::HANDLED, inner);
            known::set_ref(d, ec, W_ExecState::layout(), &W_ExecState::HANDLED, outer);
        } else if !d.is_null(own) {
            g.set_ref(d, &W_Generator::HANDLED, null);
        }
    }
    let after = g.get_int(d, &W_Generator::PC);
    let still_running = d.int_op(IntOp::Eq, after, running);
    if !d.branch(still_running) {
        // A `yield` recorded where to resume.
        return result.map(Outcome::Yielded);
    }
    let finished = d.const_int(FINISHED);
    g.set_int(d, &W_Generator::PC, finished);
    if handles {
        g.set_ref(d, &W_Generator::HANDLED, null);
    }
    match result {
        Ok(v) => Ok(Outcome::Returned(v)),
        Err(e) => Err(escaped_exception(d, gen, e)?),
    }
}

/// `gen.send(value)` (`gen` a generator object) made by `caller`, in domain code, when `gen` is
/// suspended at a resume point and the send is valid: what the generator did. `None` when
/// [`send_outcome`] must decide (the generator is finished or running, or a non-`None` value is
/// sent to a fresh one). `next(gen)`, `for` loops and `yield from`/`await` go through here, so
/// that traces inline the generator's frame.
pub fn resume_in<D: Domain<Lang = Ripy>>(
    d: &mut D,
    space: &'static Space,
    caller: Caller<D::Ref>,
    gen: D::Ref,
    value: D::Ref,
) -> Result<Option<Outcome<D::Ref>>, D::Ref> {
    resume_through(d, space, caller, gen, value, DELEGATION_LEVELS)
}

/// How many generators of a chain of `yield from`s one resumption passes through to their
/// delegates without running their frames ([`resume_delegate`]); further down the chain a frame
/// runs its `SEND`, which starts over. It bounds the code a trace unrolls for one resumption.
const DELEGATION_LEVELS: u32 = 16;

/// [`resume_in`], passing through at most `levels` delegating generators.
fn resume_through<D: Domain<Lang = Ripy>>(
    d: &mut D,
    space: &'static Space,
    caller: Caller<D::Ref>,
    gen: D::Ref,
    value: D::Ref,
    levels: u32,
) -> Result<Option<Outcome<D::Ref>>, D::Ref> {
    let code = code_in(d, gen);
    if levels > 0 && code.delegates {
        if let Some(outcome) = resume_delegate(d, space, caller, gen, value, levels)? {
            return Ok(Some(outcome));
        }
    }
    let pc = known::get_int(d, gen, W_Generator::layout(), &W_Generator::PC);
    let pc = d.promote_int(pc);
    if pc < 0 {
        return Ok(None);
    }
    if fresh_at(code, pc) {
        let none = d.const_ref(space.none);
        let is_none = d.ptr_eq(value, none);
        if !d.branch(is_none) {
            return Ok(None);
        }
    }
    run_at(d, space, caller, gen, code, pc, value).map(Some)
}

/// Resume generator `gen`, suspended in a `yield from` of a generator (its `yielding_from`), by
/// resuming that delegate directly, as PyPy does, rather than running `gen`'s frame and its `SEND`
/// for each value passed up: while the delegate runs, `gen` is running and its frame, still at
/// the `yield from`, is the delegate's `f_back`, as they are under the `SEND`. The frame runs only
/// when the delegate returns (from after the `SEND` loop, with the returned value) or raises (the
/// exception is raised where the frame is suspended, as `throw()` does; the frame has no
/// handlers). `None` when `gen` is not such a generator or nothing ran: the frame's `SEND` decides
/// (the delegate is running or finished, or the recursion limit is reached).
fn resume_delegate<D: Domain<Lang = Ripy>>(
    d: &mut D,
    space: &'static Space,
    caller: Caller<D::Ref>,
    gen: D::Ref,
    value: D::Ref,
    levels: u32,
) -> Result<Option<Outcome<D::Ref>>, D::Ref> {
    let layout = W_Generator::layout();
    let pc = known::get_int(d, gen, layout, &W_Generator::PC);
    let zero = d.const_int(0);
    let suspended = d.int_op(IntOp::Le, zero, pc);
    if !d.branch(suspended) {
        return Ok(None);
    }
    let inner = known::get_ref(d, gen, layout, &W_Generator::YIELDING_FROM);
    if d.is_null(inner) {
        return Ok(None);
    }
    let ec = d.const_ref(space.exec_state);
    let depth = known::get_int(d, ec, W_ExecState::layout(), &W_ExecState::DEPTH);
    let limit = known::get_int(d, ec, W_ExecState::layout(), &W_ExecState::LIMIT);
    let too_deep = d.int_op(IntOp::Ge, depth, limit);
    if d.branch(too_deep) {
        return Ok(None);
    }
    let one = d.const_int(1);
    let deeper = d.int_op(IntOp::Add, depth, one);
    known::set_int(d, ec, W_ExecState::layout(), &W_ExecState::DEPTH, deeper);
    let running = d.const_int(RUNNING);
    known::set_int(d, gen, layout, &W_Generator::PC, running);
    let frame = known::get_ref(d, gen, layout, &W_Generator::FRAME);
    caller.record_pc(d);
    known::set_ref(d, frame, W_Frame::layout(), &W_Frame::BACK, caller.frame);
    let resumed = resume_through(d, space, Caller { frame, pc: None }, inner, value, levels - 1);
    let null = d.const_ref(GcRef::NULL);
    known::set_ref(d, frame, W_Frame::layout(), &W_Frame::BACK, null);
    known::set_int(d, gen, layout, &W_Generator::PC, pc);
    known::set_int(d, ec, W_ExecState::layout(), &W_ExecState::DEPTH, depth);
    let (at, sent) = match resumed {
        Ok(None) => return Ok(None),
        Ok(Some(Outcome::Yielded(v))) => return Ok(Some(Outcome::Yielded(v))),
        Ok(Some(Outcome::Returned(v))) => {
            let pc = d.promote_int(pc);
            match send_exit(code_in(d, gen), pc) {
                Some(exit) => (exit, v),
                None => {
                    let stop = new_stop_iteration(d, v)?;
                    known::set_ref(d, gen, layout, &W_Generator::THROWN, stop);
                    (pc, d.const_ref(space.none))
                }
            }
        }
        Err(e) => {
            known::set_ref(d, gen, layout, &W_Generator::THROWN, e);
            (d.promote_int(pc), d.const_ref(space.none))
        }
    };
    let code = code_in(d, gen);
    run_at(d, space, caller, gen, code, at, sent).map(Some)
}

/// Where a generator of `code` suspended in a `yield from` at resume point `pc` continues when
/// its delegate finishes: the exit of the `SEND` loop, if `pc` is in one.
fn send_exit(code: &Code, pc: i64) -> Option<i64> {
    let send = usize::try_from(pc).ok()?.checked_sub(2)?;
    match code.object.instructions.get(send) {
        Some(Instr::Send(exit)) => Some(i64::from(*exit)),
        _ => None,
    }
}

/// `YIELD_VALUE` of generator `gen` running `code`: it resumes at `next`. `receiver` is the
/// iterator of the `yield from` the value comes from, if it does; it becomes the generator's
/// `yielding_from` when `resume_delegate` may pass through it.
pub fn suspend<D: Domain>(d: &mut D, code: &Code, gen: D::Ref, next: u32, receiver: Option<D::Ref>) {
    let layout = W_Generator::layout();
    let g = Checked::new(d, gen, layout);
    let resume_at = d.const_int(i64::from(next));
    g.set_int(d, &W_Generator::PC, resume_at);
    if Kind::of_code(code) != Kind::Generator || code.handles_exceptions {
        return;
    }
    let delegate = match receiver {
        Some(r) if d.layout_of(r) == layout => r,
        _ => d.const_ref(GcRef::NULL),
    };
    g.set_ref(d, &W_Generator::YIELDING_FROM, delegate);
}

fn stop_iteration_impl(value: GcRef) -> GcRef {
    stop_iteration(Space::get(), value)
}

metatrace::residual! {
    /// The `StopIteration` that reports return value `value`.
    pub fn new_stop_iteration(value: Ref) -> Ref;
    effect = Plain; can_raise = false; impl = stop_iteration_impl;
}

/// `gen.send(value)` (`gen` a generator object) called as a method, in domain code, so that a
/// trace inlines the generator's frame (its `f_back` is null, as when the native method resumes
/// it): the value it yields, or its `StopIteration`. `None` when the native method must decide
/// (see [`resume_in`]).
pub fn send_in<D: Domain<Lang = Ripy>>(
    d: &mut D,
    space: &'static Space,
    gen: D::Ref,
    value: D::Ref,
) -> Result<Option<D::Ref>, D::Ref> {
    let caller = Caller { frame: d.const_ref(GcRef::NULL), pc: None };
    match resume_in(d, space, caller, gen, value)? {
        Some(Outcome::Yielded(v)) => Ok(Some(v)),
        Some(Outcome::Returned(v)) => Err(new_stop_iteration(d, v)?),
        None => Ok(None),
    }
}

/// `next(gen)` (`gen` a generator object) made by `caller`, in domain code: the next item, or
/// `None` when the generator is exhausted. The `for` loop and the builtins that consume a
/// generator (`crate::consume`) go through here.
pub fn next_in<D: Domain<Lang = Ripy>>(
    d: &mut D,
    space: &'static Space,
    caller: Caller<D::Ref>,
    gen: D::Ref,
) -> Result<Option<D::Ref>, D::Ref> {
    let none = d.const_ref(space.none);
    match resume_in(d, space, caller, gen, none)? {
        Some(Outcome::Yielded(item)) => Ok(Some(item)),
        Some(Outcome::Returned(_)) => Ok(None),
        None => {
            let item = crate::objspace::next_from_frame(d, gen, caller.frame)?;
            Ok(if d.is_null(item) { None } else { Some(item) })
        }
    }
}

/// Whether generator object `gen` is a plain generator (not a coroutine or an async generator),
/// in domain code (its code is a constant in a trace).
pub fn is_plain_generator<D: Domain>(d: &mut D, gen: D::Ref) -> bool {
    Kind::of_code(code_in(d, gen)) == Kind::Generator
}

/// Run generator `gen`'s frame from instruction `pc`, with `value` as the top of its stack, for a
/// native caller (the frame that called the running builtin, if any, becomes its `f_back`).
fn run(gen: GcRef, pc: i64, value: GcRef) -> PyResult<Outcome> {
    let space = Space::get();
    let code = code_of(gen);
    crate::frame::from_native(|back| {
        with_concrete(|d| run_at(d, space, Caller { frame: back, pc: None }, gen, code, pc, value))
    })
}

/// The "already executing" error of a running generator.
fn already_running(space: &Space, gen: GcRef) -> GcRef {
    let what = match Kind::of(gen) {
        Kind::Generator => "generator already executing",
        Kind::Coroutine => "coroutine already executing",
        Kind::AsyncGenerator => "async generator already executing",
    };
    space.new_exception(ExcKind::ValueError, what)
}

/// Resume `gen` with `sent` as the value of its `yield`.
pub fn send_outcome(gen: GcRef, sent: GcRef) -> PyResult<Outcome> {
    let space = Space::get();
    let resumed = crate::frame::from_native(|back| {
        with_concrete(|d| resume_in(d, space, Caller { frame: back, pc: None }, gen, sent))
    })?;
    if let Some(outcome) = resumed {
        return Ok(outcome);
    }
    match gc::get_i64(gen, &W_Generator::PC) {
        FINISHED => {
            if Kind::of(gen) == Kind::Coroutine {
                return Err(space.new_exception(ExcKind::RuntimeError, "cannot reuse already awaited coroutine"));
            }
            Ok(Outcome::Returned(space.none))
        }
        RUNNING => Err(already_running(space, gen)),
        _ => {
            let message = format!("can't send non-None value to a just-started {}", Kind::of(gen).type_name());
            Err(space.new_exception(ExcKind::TypeError, &message))
        }
    }
}

/// The `yield` instruction at which generator `gen` is suspended (what its frame's `f_lineno`
/// and `f_lasti` give; its resume point is the next instruction), `None` when it is not
/// suspended at a `yield` (not started yet, running or finished).
pub fn suspended_at(gen: GcRef) -> Option<u32> {
    let pc = gc::get_i64(gen, &W_Generator::PC);
    let at = u32::try_from(pc).ok()?.checked_sub(1)?;
    matches!(code_of(gen).object.instructions.get(at as usize), Some(Instr::YieldValue)).then_some(at)
}

/// Whether a generator of `code` whose `pc` is `pc` has not started running yet.
fn fresh_at(code: &Code, pc: i64) -> bool {
    pc > 0 && matches!(code.object.instructions[pc as usize - 1], Instr::ReturnGenerator)
}

/// Whether instruction `pc` of `code` is where a generator resumes after a `yield`, a `yield
/// from` step or an `await` step (not its first start).
pub fn resumes_after_yield(code: &Code, pc: u32) -> bool {
    matches!(code.object.instructions.get(pc as usize), Some(Instr::Resume(kind)) if *kind != ResumeKind::Start)
}

/// Whether `gen` has not started running yet.
pub fn is_fresh(gen: GcRef) -> bool {
    fresh_at(code_of(gen), gc::get_i64(gen, &W_Generator::PC))
}

/// Resume generator `gen` with `sent` as the value of its `yield`: the next value it yields, or
/// `None` when it finishes.
pub fn resume(gen: GcRef, sent: GcRef) -> PyResult<Option<GcRef>> {
    match send_outcome(gen, sent)? {
        Outcome::Yielded(v) => Ok(Some(v)),
        Outcome::Returned(_) => Ok(None),
    }
}

/// The `StopIteration` that reports return value `value`.
pub fn stop_iteration(space: &Space, value: GcRef) -> GcRef {
    if value == space.none {
        space.new_exception_args(ExcKind::StopIteration, &[])
    } else {
        space.new_exception_args(ExcKind::StopIteration, &[value])
    }
}

/// `gen.send(value)`: the value yielded, or `StopIteration` with the return value.
pub fn send(gen: GcRef, value: GcRef) -> PyResult<GcRef> {
    let space = Space::get();
    match send_outcome(gen, value)? {
        Outcome::Yielded(v) => Ok(v),
        Outcome::Returned(v) => Err(stop_iteration(space, v)),
    }
}

/// Whether a generator of `code` whose `pc` is `pc` is suspended in a `yield from` or `await`.
fn delegating(code: &Code, pc: i64) -> bool {
    pc >= 0
        && matches!(
            code.object.instructions[pc as usize],
            Instr::Resume(ResumeKind::AfterYieldFrom | ResumeKind::AfterAwait)
        )
}

/// The delegate of a generator suspended in a `yield from` or `await`, if it is.
pub fn delegate(gen: GcRef) -> Option<GcRef> {
    let pc = gc::get_i64(gen, &W_Generator::PC);
    let code = code_of(gen);
    if !delegating(code, pc) {
        return None;
    }
    let depth = code.object.stack_depths[pc as usize] as usize;
    let frame = gc::get_ref(gen, &W_Generator::FRAME);
    crate::frame::force(frame);
    let array = gc::get_ref(frame, &W_Frame::ARRAY);
    Some(gc::item_ref(array, &FrameArray::ITEMS, code.stack_base() + depth - 2))
}

/// Raise `exc` where `gen` is suspended.
fn throw_here(gen: GcRef, exc: GcRef) -> PyResult<Outcome> {
    let space = Space::get();
    match gc::get_i64(gen, &W_Generator::PC) {
        FINISHED if Kind::of(gen) == Kind::Coroutine && !is_a(space, exc, ExcKind::GeneratorExit) => {
            Err(space.new_exception(ExcKind::RuntimeError, "cannot reuse already awaited coroutine"))
        }
        FINISHED => Err(exc),
        RUNNING => Err(already_running(space, gen)),
        pc => {
            gc::set_ref(gen, &W_Generator::THROWN, exc);
            run(gen, pc, space.none)
        }
    }
}

/// The value of a `StopIteration`: its first argument, or its `value` attribute when set.
pub fn stop_iteration_value(space: &Space, exc: GcRef) -> PyResult<GcRef> {
    objspace::getattr(exc, space.intern("value"))
}

/// `gen.throw(exc)` (an exception instance): the next value it yields, or what it returns.
pub fn throw_outcome(gen: GcRef, exc: GcRef) -> PyResult<Outcome> {
    let space = Space::get();
    let Some(inner) = delegate(gen) else {
        return throw_here(gen, exc);
    };
    if gc::get_i64(gen, &W_Generator::PC) == RUNNING {
        return Err(already_running(space, gen));
    }
    let pc = gc::get_i64(gen, &W_Generator::PC);
    gc::set_i64(gen, &W_Generator::PC, RUNNING);
    let passed_on = if is_a(space, exc, ExcKind::GeneratorExit) {
        let closed = close_iter(inner);
        gc::set_i64(gen, &W_Generator::PC, pc);
        return match closed {
            Ok(()) => throw_here(gen, exc),
            Err(e) => throw_here(gen, e),
        };
    } else if inner.layout() == W_Generator::layout() {
        // The delegate runs with this frame as its `f_back` and this generator's handled
        // exception as the current one (CPython 3.11's `gen_throw` links the frames and the
        // exception states the same way), so its stack and exception contexts are the ones
        // `send()` would give.
        let frame = gc::get_ref(gen, &W_Generator::FRAME);
        gc::set_ref(frame, &W_Frame::BACK, crate::frame::native_caller());
        let ec = space.exec_state;
        let outer_handled = gc::get_ref(ec, &W_ExecState::HANDLED);
        let own_handled = gc::get_ref(gen, &W_Generator::HANDLED);
        if !own_handled.is_null() {
            gc::set_ref(ec, &W_ExecState::HANDLED, own_handled);
        }
        let thrown = crate::frame::with_native_caller(frame, || throw_outcome(inner, exc));
        gc::set_ref(ec, &W_ExecState::HANDLED, outer_handled);
        gc::set_ref(frame, &W_Frame::BACK, GcRef::NULL);
        thrown.and_then(|o| match o {
            Outcome::Yielded(v) => Ok(Some(v)),
            Outcome::Returned(v) => Err(stop_iteration(space, v)),
        })
    } else {
        match objspace::getattr(inner, space.intern("throw")) {
            Ok(method) => objspace::call(method, &[exc]).map(Some),
            Err(e) if is_a(space, e, ExcKind::AttributeError) => Ok(None),
            Err(e) => Err(e),
        }
    };
    gc::set_i64(gen, &W_Generator::PC, pc);
    match passed_on {
        Ok(Some(v)) => Ok(Outcome::Yielded(v)),
        Ok(None) => throw_here(gen, exc),
        Err(e) if is_a(space, e, ExcKind::StopIteration) => {
            // The delegate finished: continue after the `SEND` loop with its value.
            let value = stop_iteration_value(space, e)?;
            let Some(exit) = send_exit(code_of(gen), pc) else {
                return throw_here(gen, e);
            };
            run(gen, exit, value)
        }
        Err(e) => throw_here(gen, e),
    }
}

/// `gen.throw(exc)`: the value yielded, or `StopIteration` with the return value.
pub fn throw(gen: GcRef, exc: GcRef) -> PyResult<GcRef> {
    match throw_outcome(gen, exc)? {
        Outcome::Yielded(v) => Ok(v),
        Outcome::Returned(v) => Err(stop_iteration(Space::get(), v)),
    }
}

/// Close the delegate of a `yield from`: `close()` for a generator, its `close` method if it
/// has one for another iterator (an error looking it up is reported as unraisable, as CPython's
/// `gen_close_iter` does).
fn close_iter(inner: GcRef) -> PyResult<()> {
    let space = Space::get();
    if inner.layout() == W_Generator::layout() {
        return close(inner);
    }
    match objspace::getattr(inner, space.intern("close")) {
        Ok(method) => objspace::call(method, &[]).map(|_| ()),
        Err(e) if is_a(space, e, ExcKind::AttributeError) => Ok(()),
        Err(e) => {
            crate::modules::sys::report_unraisable(e, None, inner);
            Ok(())
        }
    }
}

/// `gen.close()`: raise `GeneratorExit` inside it; an error if it yields instead of finishing.
pub fn close(gen: GcRef) -> PyResult<()> {
    let space = Space::get();
    if gc::get_i64(gen, &W_Generator::PC) == FINISHED {
        return Ok(());
    }
    if is_fresh(gen) {
        gc::set_i64(gen, &W_Generator::PC, FINISHED);
        return Ok(());
    }
    let exit = space.new_exception_args(ExcKind::GeneratorExit, &[]);
    match throw_outcome(gen, exit) {
        Ok(Outcome::Yielded(_)) => {
            let what = match Kind::of(gen) {
                Kind::Generator => "generator ignored GeneratorExit",
                Kind::Coroutine => "coroutine ignored GeneratorExit",
                Kind::AsyncGenerator => "async generator ignored GeneratorExit",
            };
            Err(space.new_exception(ExcKind::RuntimeError, what))
        }
        Ok(Outcome::Returned(_)) => Ok(()),
        Err(e) if is_a(space, e, ExcKind::GeneratorExit) || is_a(space, e, ExcKind::StopIteration) => Ok(()),
        Err(e) => Err(e),
    }
}

/// The exception `throw(typ, value)` raises: `typ` an exception class or instance. When making
/// the instance of a class fails, that error is the one thrown (as CPython's normalization of
/// the exception replaces it with the error); wrong arguments raise at once.
pub fn thrown_exception(space: &Space, typ: GcRef, value: Option<GcRef>) -> PyResult<GcRef> {
    let value = value.filter(|&v| v != space.none);
    let base = space.exception_type(ExcKind::BaseException);
    if space.is_type(typ) && typeobject::is_subtype(typ, base) {
        let args = match value {
            None => Vec::new(),
            Some(v) if v.layout() == W_Tuple::layout() => W_Tuple::items(v),
            Some(v) if is_a(space, v, ExcKind::BaseException) && typeobject::is_subtype(space.type_of(v), typ) => {
                return Ok(v)
            }
            Some(v) => vec![v],
        };
        let exc = match objspace::call(typ, &args) {
            Ok(exc) => exc,
            Err(error) => return Ok(error),
        };
        if !is_a(space, exc, ExcKind::BaseException) {
            let message = format!(
                "calling {} should have returned an instance of BaseException, not {}",
                objspace::repr(typ)?,
                space.type_name(exc)
            );
            return Ok(space.new_exception(ExcKind::TypeError, &message));
        }
        return Ok(exc);
    }
    if is_a(space, typ, ExcKind::BaseException) {
        if value.is_some() {
            return Err(space.new_exception(ExcKind::TypeError, "instance exception may not have a separate value"));
        }
        return Ok(typ);
    }
    let message =
        format!("exceptions must be classes or instances deriving from BaseException, not {}", space.type_name(typ));
    Err(space.new_exception(ExcKind::TypeError, &message))
}

// ----- the instructions of `yield from` and `await` -----

/// One step of a `yield from` / `await` loop: `receiver.send(value)`. The pair (0, yielded
/// value) while the receiver yields, (1, its result) when it is done.
fn send_step(receiver: GcRef, value: GcRef) -> PyResult<GcRef> {
    let space = Space::get();
    let pair = |done: bool, v: GcRef| W_Tuple::from_slice(&[space.w_bool(done), v]);
    let outcome = if receiver.layout() == W_Generator::layout() {
        send_outcome(receiver, value)
    } else if receiver.layout() == W_CoroWrapper::layout() {
        send_outcome(gc::get_ref(receiver, &W_CoroWrapper::CORO), value)
    } else if receiver.layout() == W_AsyncGenStep::layout() {
        step_send(receiver, value).map(Outcome::Yielded)
    } else if value == space.none {
        match objspace::user_next(receiver) {
            Some(result) => result.map(Outcome::Yielded),
            None => objspace::next(receiver).map(|v| v.map_or(Outcome::Returned(space.none), Outcome::Yielded)),
        }
    } else {
        let method = objspace::getattr(receiver, space.intern("send"))?;
        objspace::call(method, &[value]).map(Outcome::Yielded)
    };
    match outcome {
        Ok(Outcome::Yielded(v)) => Ok(pair(false, v)),
        Ok(Outcome::Returned(v)) => Ok(pair(true, v)),
        Err(e) if is_a(space, e, ExcKind::StopIteration) => Ok(pair(true, stop_iteration_value(space, e)?)),
        Err(e) => Err(e),
    }
}

fn send_step_impl(receiver: GcRef, value: GcRef) -> GcRef {
    send_step(receiver, value).unwrap_or_else(|e| {
        set_exception(e);
        GcRef::NULL
    })
}

metatrace::residual! {
    /// `SEND`: a pair (done, value) after sending `value` to the receiver of a `yield from`.
    pub fn send_value(receiver: Ref, value: Ref) -> Ref;
    effect = Plain; can_raise = true; impl = send_step_impl;
}

/// `GET_YIELD_FROM_ITER`: generators and coroutines as they are, other iterables' iterators.
fn yield_from_iter(obj: GcRef, in_coroutine: bool) -> PyResult<GcRef> {
    let space = Space::get();
    if obj.layout() == W_Generator::layout() {
        if Kind::of(obj) == Kind::Coroutine && !in_coroutine {
            return Err(space.new_exception(
                ExcKind::TypeError,
                "cannot 'yield from' a coroutine object in a non-coroutine generator",
            ));
        }
        return Ok(obj);
    }
    objspace::iter(obj)
}

fn yield_from_iter_impl(obj: GcRef, in_coroutine: i64) -> GcRef {
    yield_from_iter(obj, in_coroutine != 0).unwrap_or_else(|e| {
        set_exception(e);
        GcRef::NULL
    })
}

metatrace::residual! {
    /// `GET_YIELD_FROM_ITER` (`in_coroutine` 1 in a coroutine's code).
    pub fn get_yield_from_iter(obj: Ref, in_coroutine: Int) -> Ref;
    effect = Plain; can_raise = true; impl = yield_from_iter_impl;
}

/// `GET_AWAITABLE`: the iterator an `await` (or `async with`, `where` 1 for `__aenter__` and 2
/// for `__aexit__`) delegates to.
fn awaitable(obj: GcRef, r#where: i64) -> PyResult<GcRef> {
    let space = Space::get();
    let type_error = |message: String| space.new_exception(ExcKind::TypeError, &message);
    let kind = if obj.layout() == W_Generator::layout() { Some(Kind::of(obj)) } else { None };
    if kind == Some(Kind::Coroutine) {
        if delegate(obj).is_some() {
            return Err(space.new_exception(ExcKind::RuntimeError, "coroutine is being awaited already"));
        }
        return Ok(obj);
    }
    if kind == Some(Kind::Generator) && code_of(obj).has_flag(CodeFlags::ITERABLE_COROUTINE) {
        return Ok(obj);
    }
    let method = if kind.is_none() { objspace::lookup_user(obj, "__await__") } else { None };
    let Some(method) = method.or_else(|| (obj.layout() == W_AsyncGenStep::layout()).then_some(GcRef::NULL)) else {
        let message = match r#where {
            1 => format!(
                "'async with' received an object from __aenter__ that does not implement __await__: {}",
                space.type_name(obj)
            ),
            2 => format!(
                "'async with' received an object from __aexit__ that does not implement __await__: {}",
                space.type_name(obj)
            ),
            _ => format!("object {} can't be used in 'await' expression", space.type_name(obj)),
        };
        return Err(type_error(message));
    };
    if method.is_null() {
        return Ok(obj);
    }
    let it = objspace::call_bound(method, obj, &crate::function::Args::positional(&[]))?;
    if it.layout() == W_Generator::layout() && Kind::of(it) == Kind::Coroutine {
        return Err(type_error("__await__() returned a coroutine".to_owned()));
    }
    if !crate::iter::is_iterator(it) && objspace::lookup_user(it, "__next__").is_none() {
        return Err(type_error(format!("__await__() returned non-iterator of type '{}'", space.type_name(it))));
    }
    Ok(it)
}

fn awaitable_impl(obj: GcRef, r#where: i64) -> GcRef {
    awaitable(obj, r#where).unwrap_or_else(|e| {
        set_exception(e);
        GcRef::NULL
    })
}

metatrace::residual! {
    /// `GET_AWAITABLE`.
    pub fn get_awaitable(obj: Ref, r#where: Int) -> Ref;
    effect = Plain; can_raise = true; impl = awaitable_impl;
}

/// `GET_AWAITABLE` (`where` as [`awaitable`]'s): a coroutine that is not awaited already is its
/// own awaitable, in domain code (so that `await f()` keeps the coroutine virtual in a trace);
/// anything else takes the residual path.
pub fn awaitable_in<D: Domain>(d: &mut D, obj: D::Ref, r#where: i64) -> Result<D::Ref, D::Ref> {
    if d.layout_of(obj) == W_Generator::layout() {
        let code = code_in(d, obj);
        if Kind::of_code(code) == Kind::Coroutine {
            let pc = d.get_int(obj, &W_Generator::PC);
            if !delegating(code, d.promote_int(pc)) {
                return Ok(obj);
            }
        }
    }
    let r#where = d.const_int(r#where);
    get_awaitable(d, obj, r#where)
}

// ----- async generators -----

fn wrap_impl(value: GcRef) -> GcRef {
    let w = metatrace_gc::alloc(W_AsyncGenValue::layout());
    gc::set_ref(w, &W_AsyncGenValue::VALUE, value);
    w
}

metatrace::residual! {
    /// `ASYNC_GEN_WRAP`: mark a value an async generator yields.
    pub fn async_gen_wrap(value: Ref) -> Ref;
    effect = Plain; can_raise = false; impl = wrap_impl;
}

/// A new step awaitable of async generator `gen`.
pub fn new_step(gen: GcRef, kind: i64, value: GcRef) -> GcRef {
    let s = metatrace_gc::alloc(W_AsyncGenStep::layout());
    gc::set_ref(s, &W_AsyncGenStep::GEN, gen);
    gc::set_ref(s, &W_AsyncGenStep::VALUE, value);
    gc::set_i64(s, &W_AsyncGenStep::KIND, kind);
    s
}

/// What one resumption of the async generator under step `s` means for the step's awaiter.
fn step_result(s: GcRef, outcome: PyResult<Outcome>) -> PyResult<GcRef> {
    let space = Space::get();
    let kind = gc::get_i64(s, &W_AsyncGenStep::KIND);
    let finish = |result: PyResult<GcRef>| {
        gc::set_i64(s, &W_AsyncGenStep::STATE, 2);
        result
    };
    match outcome {
        Ok(Outcome::Yielded(v)) if v.layout() == W_AsyncGenValue::layout() => {
            if kind == step::CLOSE {
                return finish(
                    Err(space.new_exception(ExcKind::RuntimeError, "async generator ignored GeneratorExit")),
                );
            }
            finish(Err(stop_iteration(space, gc::get_ref(v, &W_AsyncGenValue::VALUE))))
        }
        Ok(Outcome::Yielded(v)) => Ok(v),
        Ok(Outcome::Returned(_)) => {
            if kind == step::CLOSE {
                return finish(Err(stop_iteration(space, space.none)));
            }
            finish(Err(space.new_exception_args(ExcKind::StopAsyncIteration, &[])))
        }
        Err(e)
            if kind == step::CLOSE
                && (is_a(space, e, ExcKind::GeneratorExit) || is_a(space, e, ExcKind::StopAsyncIteration)) =>
        {
            finish(Err(stop_iteration(space, space.none)))
        }
        Err(e) => finish(Err(e)),
    }
}

/// `step.send(value)`.
pub fn step_send(s: GcRef, value: GcRef) -> PyResult<GcRef> {
    let space = Space::get();
    let gen = gc::get_ref(s, &W_AsyncGenStep::GEN);
    match gc::get_i64(s, &W_AsyncGenStep::STATE) {
        2 => {
            let message = match gc::get_i64(s, &W_AsyncGenStep::KIND) {
                step::SEND => "cannot reuse already awaited __anext__()/asend()",
                _ => "cannot reuse already awaited aclose()/athrow()",
            };
            Err(space.new_exception(ExcKind::RuntimeError, message))
        }
        0 => {
            gc::set_i64(s, &W_AsyncGenStep::STATE, 1);
            let first = gc::get_ref(s, &W_AsyncGenStep::VALUE);
            let kind = gc::get_i64(s, &W_AsyncGenStep::KIND);
            if gc::get_i64(gen, &W_Generator::PC) == FINISHED {
                let result = if kind == step::SEND {
                    Err(space.new_exception_args(ExcKind::StopAsyncIteration, &[]))
                } else {
                    Err(stop_iteration(space, space.none))
                };
                gc::set_i64(s, &W_AsyncGenStep::STATE, 2);
                return result;
            }
            let outcome = if kind == step::SEND {
                send_outcome(gen, if value == space.none { first } else { value })
            } else if kind == step::CLOSE && is_fresh(gen) {
                gc::set_i64(gen, &W_Generator::PC, FINISHED);
                Ok(Outcome::Returned(space.none))
            } else {
                throw_outcome(gen, first)
            };
            step_result(s, outcome)
        }
        _ => step_result(s, send_outcome(gen, value)),
    }
}

/// `step.throw(exc)`.
pub fn step_throw(s: GcRef, exc: GcRef) -> PyResult<GcRef> {
    let gen = gc::get_ref(s, &W_AsyncGenStep::GEN);
    gc::set_i64(s, &W_AsyncGenStep::STATE, 1);
    step_result(s, throw_outcome(gen, exc))
}

/// The `__name__`/`__qualname__` of a generator: the one it was given (by the function that
/// made it, or assigned), else its code's (the same str object, as CPython's).
pub fn name(gen: GcRef, qualified: bool) -> GcRef {
    let (field, code_field) =
        if qualified { (&W_Generator::QUALNAME, &W_Code::QUALNAME) } else { (&W_Generator::NAME, &W_Code::NAME) };
    let assigned = gc::get_ref(gen, field);
    if !assigned.is_null() {
        return assigned;
    }
    gc::get_ref(code_of(gen).w_code, code_field)
}

/// `gen.__name__ = value` (`qualified`: `__qualname__`); `value` null deletes, which CPython
/// refuses as it refuses a value that is not a str.
pub fn set_name(gen: GcRef, qualified: bool, value: GcRef) -> PyResult<()> {
    if value.is_null() || value.layout() != unicode::W_Str::layout() {
        let attr = if qualified { "__qualname__" } else { "__name__" };
        let message = format!("{attr} must be set to a string object");
        return Err(Space::get().new_exception(ExcKind::TypeError, &message));
    }
    gc::set_ref(gen, if qualified { &W_Generator::QUALNAME } else { &W_Generator::NAME }, value);
    Ok(())
}

/// A method of `obj` for the async protocols: a builtin async generator's own, or one its type
/// defines in Python.
fn async_method(obj: GcRef, name: &str) -> Option<GcRef> {
    if obj.layout() == W_Generator::layout() && Kind::of(obj) == Kind::AsyncGenerator {
        return Some(GcRef::NULL);
    }
    objspace::lookup_user(obj, name)
}

/// `GET_AITER` (`kind` 0), `GET_ANEXT` (1) and `BEFORE_ASYNC_WITH` (2, a pair (bound
/// `__aexit__`, result of `__aenter__()`)).
fn async_protocol_full(obj: GcRef, kind: i64) -> PyResult<GcRef> {
    let space = Space::get();
    let type_error = |message: String| space.new_exception(ExcKind::TypeError, &message);
    let no_args = crate::function::Args::positional(&[]);
    match kind {
        0 => {
            let Some(method) = async_method(obj, "__aiter__") else {
                return Err(type_error(format!(
                    "'async for' requires an object with __aiter__ method, got {}",
                    space.type_name(obj)
                )));
            };
            let it = if method.is_null() { obj } else { objspace::call_bound(method, obj, &no_args)? };
            if async_method(it, "__anext__").is_none() {
                return Err(type_error(format!(
                    "'async for' received an object from __aiter__ that does not implement __anext__: {}",
                    space.type_name(it)
                )));
            }
            Ok(it)
        }
        1 => {
            let Some(method) = async_method(obj, "__anext__") else {
                return Err(type_error(format!(
                    "'async for' requires an iterator with __anext__ method, got {}",
                    space.type_name(obj)
                )));
            };
            if method.is_null() {
                return Ok(new_step(obj, step::SEND, space.none));
            }
            let next = objspace::call_bound(method, obj, &no_args)?;
            awaitable(next, 0).map_err(|cause| {
                let error = type_error(format!(
                    "'async for' received an invalid object from __anext__: {}",
                    space.type_name(next)
                ));
                // As CPython's `_PyErr_FormatFromCause`.
                gc::set_ref(error, &W_Exception::CAUSE, cause);
                gc::set_ref(error, &W_Exception::CONTEXT, cause);
                gc::set_i64(error, &W_Exception::SUPPRESS_CONTEXT, 1);
                error
            })
        }
        _ => {
            let enter = objspace::lookup_user(obj, "__aenter__");
            let exit = objspace::lookup_user(obj, "__aexit__");
            let (Some(enter), Some(_)) = (enter, exit) else {
                let missed = if enter.is_some() { " (missed __aexit__ method)" } else { "" };
                return Err(type_error(format!(
                    "'{}' object does not support the asynchronous context manager protocol{missed}",
                    space.type_name(obj)
                )));
            };
            let exit = objspace::getattr(obj, space.intern("__aexit__"))?;
            let entered = objspace::call_bound(enter, obj, &no_args)?;
            Ok(W_Tuple::from_slice(&[exit, entered]))
        }
    }
}

fn async_protocol_impl(obj: GcRef, kind: i64) -> GcRef {
    async_protocol_full(obj, kind).unwrap_or_else(|e| {
        set_exception(e);
        GcRef::NULL
    })
}

metatrace::residual! {
    /// `GET_AITER` (`kind` 0), `GET_ANEXT` (1), `BEFORE_ASYNC_WITH` (2).
    pub fn async_protocol(obj: Ref, kind: Int) -> Ref;
    effect = Plain; can_raise = true; impl = async_protocol_impl;
}

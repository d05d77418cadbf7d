//! Frames: the state of one running code object, and the thread's execution state.
//!
//! A [`W_Frame`] is a GC object. Its `array` ([`FrameArray`]) holds, in this order, the code's fast
//! locals, its cells, its free variables (cells too) and its value stack: `Code::frame_size()`
//! slots (`nlocals + ncells + nfree + max_stack_depth`). The array is the frame's virtualizable
//! part: in compiled code its items live in registers. The interpreter only ever indexes it with
//! constants, derived from the instruction's operand or from the static stack depth of the pc
//! (a green), which is what lets the tracer keep it in its shadow. The pc itself is green and the
//! stack pointer follows from it, so the frame has no virtualizable scalar fields.
//!
//! Everything else about a frame (code, globals, builtins, the locals dict of module and class
//! bodies, the closure) is set when it is made and never changes, but for what Python sees of a
//! frame as an object (`sys._getframe()`, `tb_frame`): `back` (the calling frame: set by the
//! Python call that makes the frame, in domain code, to a virtual reference to the caller's frame
//! (metatrace's `virtual_ref`: the frame itself in the interpreter), so that compiled code keeps
//! the caller virtual even when the callee's frame escapes, as into a `call_assembler`; native
//! code reads it through [`back_of`], which forces the caller if needed), `lasti` (the
//! instruction of the frame's pending call, written when the frame calls a Python function or a
//! builtin that needs its caller's frame, and when an exception passes through it) and
//! `f_locals` (the snapshot dict of a function frame's locals, as CPython 3.11's
//! `frame.f_locals`).
//!
//! **Builtins that need their caller's frame** (`locals()`, `globals()`, `vars()`, `dir()`,
//! `eval`, `exec`, `sys._getframe`, `__build_class__`: their definitions say so) are called through
//! [`crate::objspace::call_with_frame`], a residual call that may force the frames (metatrace's
//! `MayForce`: every frame the tracer keeps in registers is written back first) and takes the
//! calling frame as an argument (which makes it, and its `back` chain, escape: compiled code
//! allocates them). The native side keeps that frame in a thread-local while the builtin runs
//! ([`with_native_caller`], read by [`native_caller`]); native code that enters Python code takes
//! it as the new frame's `back` and clears it meanwhile ([`from_native`]), so a frame run on
//! behalf of such a builtin (a class body, `exec`'d code) has the right `f_back`. The builtins
//! that call Python functions they are given (`sorted`, `min`, `max`, `list.sort`,
//! `functools.reduce`, `__import__`) take their caller's frame the same way, as do `IMPORT_NAME`
//! (the module body's `f_back` is the importer), `f(*args)`/`f(**kw)` of a Python function, a
//! `for` loop over a `map` or `filter` of a Python function and a builtin called with one such
//! iterator (`list(map(f, xs))`). Frames entered from other native code (a special method called
//! by an operator) have no `f_back`. Compiled code that waits in another call keeps the frames
//! of its inline stack in registers and sets their `vable_token`: native code that reads such a
//! frame's array calls [`force`] first, which writes the array as it was at the start of the
//! frame's current opcode.
//!
//! **Reuse.** A function frame that finished without escaping goes back to its code's
//! [`FramePool`], and the code's next call runs in it instead of a new frame (CPython keeps its
//! frames on a stack of its own for the same reason: a new heap frame per call touches fresh
//! memory). Only [`crate::protocol::call_function`] in the concrete domain gives frames back,
//! after a normal return ([`recycle`]), and [`new_frame`] in the concrete domain takes them.
//! A frame *escapes* when something that can outlive its call may reach it: a traceback entry,
//! `sys._getframe()`, an `f_back` read; [`mark_escaped`] marks it and the frames out along its
//! `back` chain, which such a holder reaches too. Frames are reachable in no other way: a
//! generator's frame belongs to its generator (generator code is never pooled) and links to its
//! resumer only while it runs, a closure holds cells, not frames, and the builtins that get their
//! caller's frame other than `sys._getframe` only read it (a frame they run gets it as `back`,
//! and escapes with its callee). Compiled code changes none of this: it passes frames to the same
//! native functions, and its own frames are never pooled.
//!
//! The [`W_ExecState`] is the thread's execution state, one object reached from the space: the
//! depth of Python calls (for the recursion limit) and the exception being handled (what
//! `sys.exc_info()` gives, and the `__context__` of a new exception).

use crate::code::Code;
use crate::dict;
use crate::exceptions::ExcKind;
use crate::function::Args;
use crate::function::W_Cell;
use crate::gc;
use crate::int::heap_int;
use crate::objspace;
use crate::space::{PyResult, Space};
use metatrace::domain::{Domain, IntUnary, Virtualizable, VirtualizableArray};
use metatrace_gc::heap::{self, Known};
use metatrace_gc::{FieldDescr, GcHeader, GcObject, GcRef, Root};
use metatrace_macros::GcObject;
use ripy_compiler::{CodeFlags, CodeObject};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A frame's array of references (locals, cells, free variables, value stack). Its own layout,
/// shaped as [`crate::storage::RefArray`], gives its items their own array descriptor: what a
/// trace knows of a frame's slots (a suspended generator's, say) survives the trace's stores into
/// the items of lists, dicts and instances, which are never frame arrays.
#[derive(GcObject)]
#[repr(C)]
pub struct FrameArray {
    /// The object header.
    pub header: GcHeader,
    /// The number of items.
    pub len: i64,
    /// The items.
    pub items: [GcRef; 0],
}

/// A frame. See the module documentation.
#[derive(GcObject)]
#[repr(C)]
pub struct W_Frame {
    /// The object header.
    pub header: GcHeader,
    /// Locals, cells, free variables and the value stack ([`FrameArray`]): the virtualizable array.
    /// It is the first field because every instruction reads it: a checked read of a reference
    /// field searches the layout's reference offsets from the first.
    #[gc(immutable)]
    pub array: GcRef,
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
    /// The generator running this frame ([`crate::generator::W_Generator`]), or null.
    pub generator: GcRef,
    /// The calling frame (`f_back`), or null.
    pub back: GcRef,
    /// The snapshot dict of a function frame's locals (`f_locals`), made on first use, or null.
    /// The reference fields come first and together: the checks of accesses to the other fields
    /// then fold (a layout's reference offsets are searched from the first).
    pub f_locals: GcRef,
    /// The instruction of the frame's pending call, or of the last exception through it.
    pub lasti: i64,
    /// 1 while [`crate::protocol::run_frame_at`] runs the frame (what `clear()` checks); never
    /// set in a generator's frame, which is running while its generator is.
    pub running: i64,
    /// metatrace's virtualizable token: non-zero while compiled code that keeps this frame's
    /// array in registers is suspended in a call; [`force`] makes the array current.
    pub vable_token: i64,
    /// 1 once the frame escaped ([`mark_escaped`]; a generator's frame from its start): it is
    /// never reused, and compiled code writes its array back when it returns (metatrace's
    /// `Virtualizable::escaped`: the array of a frame that returned without escaping is dead).
    pub escaped: i64,
}

/// The thread's execution state. See the module documentation.
#[derive(GcObject)]
#[repr(C)]
pub struct W_ExecState {
    /// The object header.
    pub header: GcHeader,
    /// The number of Python frames running.
    pub depth: i64,
    /// The recursion limit (`sys.getrecursionlimit()`): quasi-immutable, so traces compare call
    /// depths with a constant.
    #[gc(quasi_immutable)]
    pub limit: i64,
    /// The exception being handled, or null.
    pub handled: GcRef,
}

/// CPython's default recursion limit.
pub const DEFAULT_RECURSION_LIMIT: i64 = 1000;

/// The virtualizable part of a frame: its array, its token, and its escape flag.
pub static VIRTUALIZABLE: Virtualizable = Virtualizable {
    fields: &[],
    array: Some(VirtualizableArray { field: W_Frame::ARRAY, items: FrameArray::ITEMS }),
    token: Some(W_Frame::VABLE_TOKEN),
    escaped: Some(W_Frame::ESCAPED),
};

/// Make `frame`'s array current before native code reads or writes it: compiled code suspended
/// in a call may keep the array's values in registers (the frame's `vable_token` is set), and
/// then writes them into the frame here (metatrace's forcing). Nothing to do for the frame that
/// runs the calling native code's opcode in the interpreter, nor for a frame that is not
/// running.
pub fn force(frame: GcRef) {
    metatrace::jit::force_virtualizable::<crate::interp::Ripy>(frame);
}

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
    /// The calling frame (`f_back`), or null.
    pub back: R,
}

/// The frames of one code that finished without escaping, for its next calls (see the module
/// documentation): a list linked through their `back` fields, at most [`FramePool::CAPACITY`]
/// long. Their arrays and closures are cleared, their fields other than the code and the array
/// are set again when one is taken. Atomics only because code is shared by threads; they run one
/// at a time (the GIL), so the count is read and written with plain loads and stores, not a
/// locked read-modify-write.
pub struct FramePool {
    /// The first frame of the list, or null (rooted: the GC does not scan `Code`s).
    head: Root,
    /// The number of frames in the list.
    len: AtomicUsize,
    /// Whether the code's frames may be pooled: not those of generator code, which belong to
    /// their generators.
    reusable: bool,
}

impl FramePool {
    /// The most frames a code keeps: a recursion deeper than that allocates its deeper frames.
    pub const CAPACITY: usize = 16;

    /// An empty pool for the frames of `object`.
    pub fn new(object: &CodeObject) -> FramePool {
        let generator = CodeFlags::GENERATOR | CodeFlags::COROUTINE | CodeFlags::ASYNC_GENERATOR;
        FramePool { head: Root::new(GcRef::NULL), len: AtomicUsize::new(0), reusable: object.flags.0 & generator == 0 }
    }

    /// A pooled frame, unlinked from the list, or `None` when there is none.
    #[inline]
    fn take(&self) -> Option<Known> {
        let head = self.head.get();
        if head.is_null() {
            return None;
        }
        let frame = Known::expect(head, W_Frame::layout());
        self.head.set(frame.read_ref(&W_Frame::BACK));
        self.len.store(self.len.load(Ordering::Relaxed) - 1, Ordering::Relaxed);
        Some(frame)
    }

    /// Add `frame` (cleared) to the list.
    #[inline]
    fn put(&self, frame: Known) {
        frame.write_ref(&W_Frame::BACK, self.head.get());
        self.head.set(frame.get());
        self.len.store(self.len.load(Ordering::Relaxed) + 1, Ordering::Relaxed);
    }
}

/// Mark `frame` as escaped, and the frames out along its `back` chain (what a holder of `frame`
/// reaches through `f_back`), so that none of them is reused, replacing the chain's virtual
/// references by their frames on the way (as [`back_of`]). The walk stops at an escaped frame that is not a
/// generator's: its chain was marked with it and never changes (a generator's frame links to a
/// new resumer at each resumption). It also stops at a reference whose frame compiled code
/// suspended in a call still keeps virtual: forcing that code now would make it leave its
/// machine code (an exception caught in a callee would do so at every raise); the frames out
/// from there are marked when the escaped frame's call returns ([`keep_back_if_escaped`]), and
/// read before that, they are forced.
pub fn mark_escaped(mut frame: GcRef) {
    while !frame.is_null() {
        if gc::get_i64(frame, &W_Frame::ESCAPED) != 0 && gc::get_ref(frame, &W_Frame::GENERATOR).is_null() {
            return;
        }
        gc::set_i64(frame, &W_Frame::ESCAPED, 1);
        let back = gc::get_ref(frame, &W_Frame::BACK);
        let Some(caller) = metatrace::vref::peek_virtual_ref(back) else { return };
        if caller != back {
            gc::set_ref(frame, &W_Frame::BACK, caller);
        }
        frame = caller;
    }
}

/// [`mark_escaped`] for a frame that another thread may read meanwhile: every reference along
/// its chain is resolved first, forcing the compiled code that keeps its frame virtual (only the
/// thread that runs that code can).
pub fn mark_escaped_resolved(frame: GcRef) {
    let mut f = frame;
    while !f.is_null() {
        f = back_of(f);
    }
    mark_escaped(frame);
}

/// The calling frame of `frame` (its `f_back`), or null. Native code reads `back` only through
/// this: a frame made by compiled code holds there a virtual reference to its caller (metatrace's
/// `virtual_ref`, see [`crate::protocol::call_function`]), which this resolves (forcing the
/// compiled code that keeps the caller virtual, if any) and replaces by the frame, so that the
/// link stays readable after the caller's call returns (a finished reference that was never
/// resolved refers to nothing).
pub fn back_of(frame: GcRef) -> GcRef {
    let back = gc::get_ref(frame, &W_Frame::BACK);
    let caller = metatrace::vref::force_virtual_ref::<crate::interp::Ripy>(back);
    if caller != back {
        gc::set_ref(frame, &W_Frame::BACK, caller);
    }
    caller
}

/// At the end of the call that ran `frame`, before its `back` reference is finished (outside the
/// concrete domain, where `back` is the caller's frame itself): when the frame escaped meanwhile,
/// resolve its `back` and mark the frames out along it, which [`mark_escaped`] may have left to
/// this. In compiled code, the frame's escape flag is known or read after the call; the residual
/// call is made only on the path where it is set, and not for a generator's frame, whose `back`
/// is null once its generator is made (known in the trace, which keeps the frame virtual).
pub fn keep_back_if_escaped<D: Domain>(d: &mut D, frame: D::Ref) {
    let escaped = d.get_int(frame, &W_Frame::ESCAPED);
    let escaped = d.int_unary(IntUnary::IsTrue, escaped);
    if !d.branch(escaped) {
        return;
    }
    let back = d.get_ref(frame, &W_Frame::BACK);
    if !d.is_null(back) {
        let _ = keep_back(d, frame);
    }
}

fn keep_back_impl(frame: GcRef) {
    mark_escaped(back_of(frame));
}

metatrace::residual! {
    /// [`keep_back_if_escaped`]'s work, once the frame escaped: a plain call, before which the
    /// optimizer fills the trace's lazy references, so that only references of code further out
    /// may be forced.
    pub fn keep_back(frame: Ref) -> Void;
    effect = Plain; can_raise = false; impl = keep_back_impl;
}

/// After the call of `code` that ran in `frame` (made by [`new_frame`] in the concrete domain)
/// returned normally: give the frame back to the code's pool, unless it escaped, compiled code
/// still holds it, or the pool is full. Its slots and its closure are cleared now, so that it
/// keeps nothing alive (a closure's cells would keep their contents alive).
#[inline]
pub fn recycle(code: &Code, frame: GcRef) {
    let pool = &code.frames;
    if !pool.reusable || pool.len.load(Ordering::Relaxed) >= FramePool::CAPACITY {
        return;
    }
    let frame = Known::expect(frame, W_Frame::layout());
    if frame.read(&W_Frame::ESCAPED) != 0 || frame.read(&W_Frame::VABLE_TOKEN) != 0 {
        return;
    }
    let array = frame.read_ref(&W_Frame::ARRAY);
    heap::ref_items_expecting(array, FrameArray::layout(), &FrameArray::ITEMS).clear();
    frame.write_ref(&W_Frame::F_LOCALS, GcRef::NULL);
    update_field(frame, &W_Frame::CLOSURE, GcRef::NULL);
    frame.write(&W_Frame::LASTI, 0);
    pool.put(frame);
}

/// A new frame to run `code` in `env`, all its slots empty, in domain code (in the concrete
/// domain, a frame of the code's pool when it has one). Inlined, so that a Python call in the
/// concrete domain takes a pooled frame without a native call of its own.
#[inline(always)]
pub fn new_frame<D: Domain>(d: &mut D, code: &Code, env: FrameEnv<D::Ref>) -> D::Ref {
    if D::CONCRETE {
        // Promotion is the identity in the concrete domain.
        let env = FrameEnv {
            globals: d.promote_ref(env.globals),
            builtins: d.promote_ref(env.builtins),
            locals: d.promote_ref(env.locals),
            closure: d.promote_ref(env.closure),
            back: d.promote_ref(env.back),
        };
        let frame = new_frame_native(code, env);
        return d.const_ref(frame);
    }
    new_frame_in_domain(d, code, env)
}

/// [`new_frame`] in the other domains: a new frame and array through the domain.
fn new_frame_in_domain<D: Domain>(d: &mut D, code: &Code, env: FrameEnv<D::Ref>) -> D::Ref {
    let size = d.const_int(code.frame_size() as i64);
    let array = d.new_array(FrameArray::layout(), size);
    let frame = d.new(W_Frame::layout());
    let w_code = d.const_ref(code.w_code);
    d.set_ref(frame, &W_Frame::CODE, w_code);
    d.set_ref(frame, &W_Frame::GLOBALS, env.globals);
    d.set_ref(frame, &W_Frame::BUILTINS, env.builtins);
    d.set_ref(frame, &W_Frame::LOCALS, env.locals);
    d.set_ref(frame, &W_Frame::CLOSURE, env.closure);
    d.set_ref(frame, &W_Frame::ARRAY, array);
    d.set_ref(frame, &W_Frame::BACK, env.back);
    frame
}

/// [`new_frame`] in Rust: the frame's layout is checked once (the checks of the field accesses
/// fold), and the stores need no write barrier when the frame is new (allocated last).
#[inline(always)]
fn new_frame_native(code: &Code, env: FrameEnv<GcRef>) -> GcRef {
    if let Some(frame) = code.frames.take() {
        update_field(frame, &W_Frame::GLOBALS, env.globals);
        update_field(frame, &W_Frame::BUILTINS, env.builtins);
        update_field(frame, &W_Frame::LOCALS, env.locals);
        update_field(frame, &W_Frame::CLOSURE, env.closure);
        frame.write_ref(&W_Frame::BACK, env.back);
        return frame.get();
    }
    alloc_frame(code, env)
}

/// [`new_frame_native`] when the pool has no frame: a new frame and array.
#[inline(never)]
fn alloc_frame(code: &Code, env: FrameEnv<GcRef>) -> GcRef {
    let array = metatrace_gc::alloc_array(FrameArray::layout(), code.frame_size());
    let frame = Known::expect(metatrace_gc::alloc(W_Frame::layout()), W_Frame::layout());
    // One call per field (not a loop), so that each field's descriptor is a constant.
    frame.init_ref(&W_Frame::CODE, code.w_code);
    frame.init_ref(&W_Frame::GLOBALS, env.globals);
    frame.init_ref(&W_Frame::BUILTINS, env.builtins);
    frame.init_ref(&W_Frame::LOCALS, env.locals);
    frame.init_ref(&W_Frame::CLOSURE, env.closure);
    frame.init_ref(&W_Frame::ARRAY, array);
    frame.init_ref(&W_Frame::BACK, env.back);
    frame.get()
}

/// Store `value` into reference field `f` of a pooled `frame` unless the field holds it already:
/// a pooled frame mostly runs the same function again, and the comparison costs less than the
/// write barrier.
#[inline(always)]
fn update_field(frame: Known, f: &FieldDescr, value: GcRef) {
    if frame.read_ref(f) != value {
        frame.write_ref(f, value);
    }
}

/// A new execution state.
pub fn new_exec_state() -> GcRef {
    let ec = metatrace_gc::alloc(W_ExecState::layout());
    gc::set_i64(ec, &W_ExecState::LIMIT, DEFAULT_RECURSION_LIMIT);
    ec
}

/// The frame that makes a call, as domain code sees it.
#[derive(Copy, Clone, Debug)]
pub struct Caller<R> {
    /// The calling frame (null when native code calls).
    pub frame: R,
    /// The instruction of the call, when the caller is an interpreted frame.
    pub pc: Option<u32>,
}

impl<R: Copy> Caller<R> {
    /// Record in the calling frame that its call is at `pc` (what `f_lineno` and `f_lasti` of a
    /// frame with a pending call give).
    #[inline]
    pub fn record_pc<D: Domain<Ref = R>>(&self, d: &mut D) {
        if let Some(pc) = self.pc {
            let pc = d.const_int(i64::from(pc));
            crate::known::set_int(d, self.frame, W_Frame::layout(), &W_Frame::LASTI, pc);
        }
    }
}

thread_local! {
    /// The frame of the running call of a builtin that needs its caller's frame, or null.
    static NATIVE_CALLER: Cell<GcRef> = const { Cell::new(GcRef::NULL) };
}

/// The frame that called the running builtin, when the builtin needs it (see the module
/// documentation), or null.
pub fn native_caller() -> GcRef {
    NATIVE_CALLER.with(Cell::get)
}

/// Run `f` (a builtin called by `frame`) with `frame` as [`native_caller`].
pub fn with_native_caller<R>(frame: GcRef, f: impl FnOnce() -> R) -> R {
    let previous = NATIVE_CALLER.with(|c| c.replace(frame));
    let result = f();
    NATIVE_CALLER.with(|c| c.set(previous));
    result
}

/// Run Python code from native code: `f` gets the frame to use as the `back` of the frame it
/// makes ([`native_caller`], or null), which is cleared while `f` runs.
pub fn from_native<R>(f: impl FnOnce(GcRef) -> R) -> R {
    let back = NATIVE_CALLER.with(|c| c.replace(GcRef::NULL));
    let result = f(back);
    NATIVE_CALLER.with(|c| c.set(back));
    result
}

/// The code a frame runs.
pub fn code_of(frame: GcRef) -> &'static Code {
    Code::of(gc::get_ref(frame, &W_Frame::CODE))
}

/// The value of slot `slot` of a frame's array, seen through its cell for cells and free
/// variables; null when unbound.
fn variable(code: &Code, array: GcRef, slot: usize) -> GcRef {
    let v = metatrace_gc::heap::read_item_ref(array, &FrameArray::ITEMS, slot as i64);
    if slot < code.nlocals || v.is_null() || v.layout() != W_Cell::layout() {
        return v;
    }
    gc::get_ref(v, &W_Cell::CONTENTS)
}

/// The locals of a frame as CPython 3.11's `frame.f_locals` and `locals()` give them: the
/// namespace of a module or class body; for a function, one dict per frame updated with the
/// current values of its variables (unbound ones removed), in CPython's order (parameters and
/// locals, a parameter that is a cell at its place, then the other cells, then free variables).
pub fn locals_of(frame: GcRef) -> GcRef {
    let namespace = gc::get_ref(frame, &W_Frame::LOCALS);
    if !namespace.is_null() {
        return namespace;
    }
    let mut snapshot = gc::get_ref(frame, &W_Frame::F_LOCALS);
    if snapshot.is_null() {
        snapshot = dict::new();
        gc::set_ref(frame, &W_Frame::F_LOCALS, snapshot);
    }
    force(frame);
    let code = code_of(frame);
    let array = gc::get_ref(frame, &W_Frame::ARRAY);
    let object = &code.object;
    let cell_slot = |i: usize| code.nlocals + i;
    let mut slots: Vec<usize> = Vec::with_capacity(code.nlocals + code.ncells + code.nfree);
    for (i, name) in object.varnames.iter().enumerate() {
        slots.push(object.cellvars.iter().position(|c| c == name).map_or(i, cell_slot));
    }
    for (i, name) in object.cellvars.iter().enumerate() {
        if !object.varnames.contains(name) {
            slots.push(cell_slot(i));
        }
    }
    slots.extend((0..code.nfree).map(|i| code.nlocals + code.ncells + i));
    for slot in slots {
        let name = code.varnames[slot];
        let value = variable(code, array, slot);
        if value.is_null() {
            dict::del_str(snapshot, name);
        } else {
            dict::set_str(snapshot, name, value);
        }
    }
    snapshot
}

/// Null the value-stack slots above the live depth of `frame` and of every frame out along
/// `back`, each stopped at its pending call (`lasti`): slots that instructions popped would
/// otherwise keep their objects alive through `gc.collect()` (CPython's stack holds no such
/// references). Only slots no instruction reads before writing are touched.
pub fn clear_dead_stack_slots(mut frame: GcRef) {
    while !frame.is_null() {
        force(frame);
        let code = code_of(frame);
        let lasti = gc::get_i64(frame, &W_Frame::LASTI);
        if let Some(&depth) = usize::try_from(lasti).ok().and_then(|i| code.object.stack_depths.get(i)) {
            let array = gc::get_ref(frame, &W_Frame::ARRAY);
            for slot in code.stack_base() + depth as usize..gc::len(array, &FrameArray::ITEMS) {
                gc::set_item_ref(array, &FrameArray::ITEMS, slot, GcRef::NULL);
            }
        }
        frame = back_of(frame);
    }
}

/// The line a frame is at: that of its pending call or last exception, or of the `yield` its
/// suspended generator waits at.
pub fn line_of(frame: GcRef) -> Option<u32> {
    code_of(frame).line(current_pc(frame) as u32)
}

/// The instruction frame `frame` is at: the `yield` a suspended generator's frame waits at,
/// otherwise the one it recorded last (a pending call, a raise).
fn current_pc(frame: GcRef) -> i64 {
    let generator = gc::get_ref(frame, &W_Frame::GENERATOR);
    if !generator.is_null() {
        if let Some(at) = crate::generator::suspended_at(generator) {
            return i64::from(at);
        }
    }
    gc::get_i64(frame, &W_Frame::LASTI)
}

/// `sys._getframe(depth=0)`: the caller's frame, or the one `depth` calls further out.
pub fn getframe(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    if !args.keywords.is_empty() {
        return Err(space.new_exception(ExcKind::TypeError, "_getframe() takes no keyword arguments"));
    }
    let depth = match args.positional.as_slice() {
        [] => 0,
        [v] => {
            objspace::index_value(*v, &format!("'{}' object cannot be interpreted as an integer", space.type_name(*v)))?
        }
        more => {
            let message = format!("_getframe expected at most 1 argument, got {}", more.len());
            return Err(space.new_exception(ExcKind::TypeError, &message));
        }
    };
    let mut frame = crate::builtins::caller_frame(space)?;
    for _ in 0..depth.max(0) {
        frame = back_of(frame);
        if frame.is_null() {
            return Err(space.new_exception(ExcKind::ValueError, "call stack is not deep enough"));
        }
    }
    mark_escaped(frame);
    Ok(frame)
}

/// The attribute `name` of frame `frame`, `None` when frames have no such attribute.
pub fn attribute(space: &'static Space, frame: GcRef, name: &str) -> Option<GcRef> {
    let or_none = |v: GcRef| if v.is_null() { space.none } else { v };
    Some(match name {
        "f_code" => gc::get_ref(frame, &W_Frame::CODE),
        "f_globals" => gc::get_ref(frame, &W_Frame::GLOBALS),
        "f_builtins" => gc::get_ref(frame, &W_Frame::BUILTINS),
        "f_back" => {
            let back = back_of(frame);
            mark_escaped(back);
            or_none(back)
        }
        "f_locals" => locals_of(frame),
        "f_lineno" => line_of(frame).map_or(space.none, |l| heap_int(i64::from(l))),
        "f_lasti" => heap_int(code_of(frame).lasti(current_pc(frame))),
        "f_trace" => space.none,
        "f_trace_lines" => space.w_bool(true),
        "f_trace_opcodes" => space.w_bool(false),
        _ => return None,
    })
}

/// `repr(frame)`: `<frame at 0x..., file '...', line N, code name>`.
pub fn repr(frame: GcRef) -> String {
    let code = code_of(frame);
    let line = line_of(frame).unwrap_or(0);
    format!(
        "<frame at {:#x}, file {}, line {line}, code {}>",
        frame.addr(),
        crate::unicode::repr(crate::unicode::new_str(&code.object.filename)),
        code.object.name
    )
}

/// `frame.clear()`: forget the locals of a finished frame; `RuntimeError` for a running one.
pub fn clear(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [frame] = args.positional.as_slice() else {
        return Err(space.new_exception(ExcKind::TypeError, "clear() takes no arguments"));
    };
    if is_running(*frame) {
        return Err(space.new_exception(ExcKind::RuntimeError, "cannot clear an executing frame"));
    }
    let generator = gc::get_ref(*frame, &W_Frame::GENERATOR);
    if !generator.is_null() && gc::get_i64(generator, &crate::generator::W_Generator::PC) != crate::generator::FINISHED
    {
        // CPython closes a suspended generator before clearing its frame; ripy leaves it alone.
        return Err(space.new_exception(ExcKind::RuntimeError, "cannot clear a suspended generator's frame"));
    }
    force(*frame);
    let array = gc::get_ref(*frame, &W_Frame::ARRAY);
    for i in 0..code_of(*frame).frame_size() {
        gc::set_item_ref(array, &FrameArray::ITEMS, i, GcRef::NULL);
    }
    gc::set_ref(*frame, &W_Frame::F_LOCALS, GcRef::NULL);
    Ok(space.none)
}

/// Whether `frame` is running: its running flag, its generator's state, or the caller of the
/// running builtin or one of its callers.
fn is_running(frame: GcRef) -> bool {
    let generator = gc::get_ref(frame, &W_Frame::GENERATOR);
    let generator_running =
        !generator.is_null() && gc::get_i64(generator, &crate::generator::W_Generator::PC) == crate::generator::RUNNING;
    if generator_running || gc::get_i64(frame, &W_Frame::RUNNING) != 0 {
        return true;
    }
    let mut f = native_caller();
    while !f.is_null() {
        if f == frame {
            return true;
        }
        f = back_of(f);
    }
    false
}

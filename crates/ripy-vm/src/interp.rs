//! The interpreter: ripy as a metatrace [`Language`], its dispatch loop written once against the
//! [`Domain`] API.
//!
//! **Greens** are a [`Pos`]: the running code (`&'static Code`, leaked when loaded) and the index
//! of the instruction. **Reds** are the frame ([`crate::frame::W_Frame`]), whose array of locals,
//! cells and value stack is the virtualizable: each instruction reads its operands from constant
//! slots (the stack depth before every instruction is static, so the stack pointer is a function
//! of the pc) and writes its results back before the next merge point. Popped slots are cleared so
//! that dead values do not stay reachable.
//!
//! The portal calls `merge_point` before every instruction and `can_enter_jit` after every
//! `JUMP_BACKWARD`. A Python call makes a frame and enters it through `portal_call`
//! ([`crate::protocol::run_frame_at`]), which the tracer inlines. An instruction that raises
//! records a traceback entry (a residual call), then looks up the exception table: with a handler,
//! the stack is cut to the handler's depth, the exception pushed (after the raising instruction's
//! index, when the entry asks for it) and execution goes on at the handler; without one, the
//! portal leaves with `Leave::Raise`.
//!
//! Native code that must run Python code (a builtin calling a key function, `repr` of a list
//! holding instances with `__repr__`) uses [`with_concrete`]: the same domain code, run by the
//! `Concrete` domain of this thread's JIT.

use crate::code::{Code, Dispatch};
use crate::dict;
use crate::exceptions::ExcKind;
use crate::float::W_Float;
use crate::frame::{Caller, FrameArray, W_ExecState, W_Frame, VIRTUALIZABLE};
use crate::function::W_Cell;
use crate::generator;
use crate::inline_cache::{self, AttrHit};
use crate::int::{new_int, W_Bool, W_Int};
use crate::iter::W_Slice;
use crate::known;
use crate::list::{self, W_List};
use crate::modules::signal::W_Ticker;
use crate::ops::{BinOp, CmpOp, UnaryOp};
use crate::protocol::{self, Method};
use crate::runtime;
use crate::space::Space;
use crate::tuple::{new_tuple, W_Tuple};
use crate::typeobject::W_Type;
use metatrace::call::CallDescr;
use metatrace::domain::{Concrete, Domain, Language, Leave, PortalResult, Virtualizable};
use metatrace::jit::Jit;
use metatrace::params::JitParams;
use metatrace_gc::heap;
use metatrace_gc::rooted_items::{with_rooted_items, RootedItems};
use metatrace_gc::{GcObject, GcRef, Layout};
use ripy_compiler::bytecode::{BinaryOperator, ComparisonOperator, ResumeKind};
use ripy_compiler::Instr;
use std::cell::Cell;
use std::fmt;
use std::hash::{Hash, Hasher};

/// The Python language.
pub struct Ripy;

/// A position in a program: the green variables.
#[derive(Copy, Clone)]
pub struct Pos {
    /// The code being run.
    pub code: &'static Code,
    /// The instruction.
    pub pc: u32,
}

/// Positions are equal when they are in the same code (by identity) at the same instruction.
impl PartialEq for Pos {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.code, other.code) && self.pc == other.pc
    }
}

impl Eq for Pos {}

impl Hash for Pos {
    fn hash<H: Hasher>(&self, state: &mut H) {
        std::ptr::hash(self.code, state);
        self.pc.hash(state);
    }
}

impl fmt::Debug for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.code.object.qualname, self.pc)
    }
}

impl Language for Ripy {
    type Greens = Pos;

    fn virtualizable() -> &'static Virtualizable {
        &VIRTUALIZABLE
    }

    /// Only after a call of a builtin that gets its caller's frame ([`crate::objspace::call_with_frame`],
    /// [`runtime::call_ex_with_frame`]).
    /// Native code writes the array of a running frame only at slots the frame writes before it
    /// reads them again: `f_locals` and `locals()` of a function frame are snapshots (CPython
    /// 3.11's, without trace functions); a generator is resumed (which stores the sent value into
    /// its frame) only when suspended, and `frame.clear()` refuses a running frame. The exception
    /// is `gc.collect()`, which nulls the dead stack slots above the pending calls of its caller
    /// and the caller's callers ([`crate::frame::clear_dead_stack_slots`]): reading the frames
    /// back after a direct call lets compiled code drop what those slots held, so the collection
    /// frees it, as CPython's does. (A collection in a callee of compiled code may leave such
    /// objects alive until the caller's compiled code next writes those slots.)
    fn reload_frames_after(call: &'static CallDescr) -> bool {
        std::ptr::eq(call, &crate::objspace::call_with_frame::DESCR)
            || std::ptr::eq(call, &runtime::call_ex_with_frame::DESCR)
    }

    /// `int` (one that fits an `i64`) and `float`: `is` compares their values
    /// ([`protocol::is`]), and nothing changes them.
    fn value_layout(layout: &Layout) -> bool {
        std::ptr::eq(layout, W_Int::layout()) || std::ptr::eq(layout, W_Float::layout())
    }

    /// Never inlined: the concrete domain's loop hides its own native frame from the collector
    /// while it is suspended in a call ([`Exec::hiding_frame`]), from the end its caller records
    /// ([`metatrace::domain::concrete::run_portal`]) down to the loop's stack pointer. A loop
    /// inlined into its caller has no frame of its own there, and hides nothing (a
    /// profile-guided build inlined it into `protocol::call_function`).
    #[inline(never)]
    fn portal<D: Domain<Lang = Self>>(d: &mut D, greens: Pos, frame: D::Ref) -> PortalResult<D> {
        if !D::CONCRETE {
            return run(Exec::new(d, greens, frame, 0, &RootedItems::EMPTY));
        }
        // In the concrete domain, the frame's array (a frame keeps its array for life) is checked
        // once for the whole run, and its items are roots while the frame runs, so that the
        // instructions store into them without the write barrier.
        let frame_top = metatrace_gc::hidden::take_frame_top();
        let f = d.promote_ref(frame);
        let array = heap::read_field_ref_expecting(f, W_Frame::layout(), &W_Frame::ARRAY);
        // The closure inlined too: the loop runs in the portal's own native frame, whose end
        // `frame_top` records (see `metatrace_gc::hidden`).
        with_rooted_items(
            array,
            FrameArray::layout(),
            &FrameArray::ITEMS,
            #[inline(always)]
            |items| run(Exec::new(d, greens, frame, frame_top, items)),
        )
    }

    fn same_function(a: &Pos, b: &Pos) -> bool {
        std::ptr::eq(a.code, b.code)
    }

    fn unrolls_loop(greens: &Pos) -> bool {
        // A comprehension's code (its own code object in 3.11) is a loop over its iterable, most
        // often a few items in the code that calls it: unrolled whole, it needs neither its own
        // frame nor a `call_assembler` of its loop.
        matches!(greens.code.object.name.as_str(), "<listcomp>" | "<setcomp>" | "<dictcomp>")
    }

    fn max_unroll_recursion(greens: &Pos, max_unroll_recursion: usize) -> usize {
        if generator::resumes_after_yield(greens.code, greens.pc) {
            // A recursive generator's chain (`yield from` a tree) is suspended at a different
            // point at every level: a resumption unrolled into another of the same code would
            // need a bridge for every combination of them. Each level runs its own function
            // trace (`call_assembler`) instead.
            return max_unroll_recursion.min(1);
        }
        max_unroll_recursion
    }

    fn inlines_into_bridges(greens: &Pos) -> bool {
        // A generator consumed by a builtin is resumed once per item, 16 times unrolled
        // (`consume.rs`): in a bridge, every copy's data-dependent guards grow bridges that
        // repeat the rest of the unrolling (hexiom's `sum(... for cell in done.cells)`). A
        // straight loop's items all take one path: inlined, its generator stays virtual
        // (nqueens' `set(vec[i] + i for i in cols)`).
        greens.code.straight_loop || !generator::resumes_after_yield(greens.code, greens.pc)
    }

    fn describe(greens: &Pos) -> String {
        let code = greens.code;
        let instr = code.object.instructions[greens.pc as usize];
        let line = code.line(greens.pc).unwrap_or(0);
        format!("{greens:?} line {line}: {} {instr:?}", instr.name())
    }
}

thread_local! {
    /// The JIT of the interpreter on this thread (leaked: it lives as long as the thread runs Python).
    static JIT: Cell<Option<&'static Jit<Ripy>>> = const { Cell::new(None) };
}

/// Make the JIT of this thread with `params`, replacing any previous one.
pub fn install_jit(params: JitParams) -> &'static Jit<Ripy> {
    let jit: &'static Jit<Ripy> = Box::leak(Box::new(Jit::new(params)));
    JIT.with(|j| j.set(Some(jit)));
    jit
}

/// The JIT of this thread (one with the JIT off if none was installed).
pub fn jit() -> &'static Jit<Ripy> {
    JIT.with(Cell::get).unwrap_or_else(|| install_jit(JitParams::parse("off").expect("`off` parses")))
}

/// Run `f` with a concrete domain of this thread's JIT: how native code runs domain code.
pub fn with_concrete<R>(f: impl FnOnce(&mut Concrete<'static, Ripy>) -> R) -> R {
    f(&mut Concrete::new(jit()))
}

/// The portal's loop: the instructions of `exec`'s frame one after another, until the frame
/// returns, raises out of it, or compiled code takes it over to its end.
#[inline(always)]
fn run<D: Domain<Lang = Ripy>>(mut exec: Exec<'_, '_, D>) -> PortalResult<D> {
    loop {
        let (pos, frame) = (exec.pos, exec.frame);
        exec.d.merge_point(&pos, frame)?;
        exec.begin();
        match exec.step() {
            Ok(Next::To(pc)) => exec.pos.pc = pc,
            Ok(Next::Loop(pc)) => {
                // A copy of the position goes to `can_enter_jit` (which may move it), so that
                // the `Exec` itself never has its address taken.
                let mut pos = Pos { code: exec.code, pc };
                exec.d.can_enter_jit(&mut pos, frame)?;
                exec.pos = pos;
                exec.code = pos.code;
                exec.dispatch = &pos.code.dispatch;
                // Values the loop reads again after a backward jump, not constants of the loop:
                // otherwise the compiler computes the addresses of their fields before the loop
                // and keeps them in stack slots, work that every entry pays (every Python call
                // and generator resumption) and that saves no instruction where they are used.
                exec.space = pos.code.space;
                exec.frame = std::hint::black_box(exec.frame);
            }
            Ok(Next::Return(value)) => return Ok(value),
            Err(exc) => {
                // Unwinding starts from the stack as the raising instruction found it.
                let traceback = !exec.reraise;
                exec.reraise = false;
                exec.begin();
                exec.pos.pc = exec.unwind(exc, traceback)?;
            }
        }
    }
}

/// A few values of an instruction (its operands), without a heap allocation in the usual case.
type Values<R> = smallvec::SmallVec<[R; 8]>;

/// The calls whose arguments (with the self slot) [`Exec::call`] holds in an array on the native
/// stack: fewer than this many arguments.
const CALL_BUFFER: usize = 8;

/// The most items of an `f(*args)` tuple that a call unpacks in domain code (`Exec::call_star`),
/// and of the lists that `LIST_EXTEND` by a tuple and `LIST_TO_TUPLE` handle in domain code (see
/// [`list::extend_in`]).
const STAR_ITEMS: i64 = 16;

/// Where execution goes after an instruction.
enum Next<R> {
    /// On to this instruction.
    To(u32),
    /// Back to this instruction (a loop edge, where the JIT may take over).
    Loop(u32),
    /// The frame returns this value.
    Return(R),
}

/// The execution of a frame's instructions, one at a time ([`Exec::begin`] starts each). It
/// holds domain values for the duration of one instruction only, except the frame and its array.
///
/// Every method is inlined into the portal (`#[inline(always)]`); what is out of line takes the
/// values it needs instead of the `Exec`. So the `Exec`'s address is never taken and its state
/// (pc, stack pointer, the items of the concrete domain) stays in registers across instructions
/// instead of being stored and reloaded on the native stack at every push.
struct Exec<'d, 'r, D: Domain<Lang = Ripy>> {
    d: &'d mut D,
    pos: Pos,
    code: &'static Code,
    /// The running code's instructions (`code.dispatch`), held apart so that the dispatch reads
    /// an entry without loading the code first.
    dispatch: &'static [Dispatch],
    space: &'static Space,
    frame: D::Ref,
    array: D::Ref,
    /// The array's items, rooted while the frame runs, in the concrete domain (see
    /// [`Ripy::portal`]); empty in the others. Not an `Option`, so that the concrete domain's
    /// slot accesses test nothing but the index.
    items: &'r RootedItems,
    /// The index of the first free stack slot.
    sp: usize,
    /// Set by instructions that re-raise (they then raise): no new traceback entry. Cleared when
    /// the unwinding reads it.
    reraise: bool,
    /// In the concrete domain, where this loop's native frame ends (see
    /// [`metatrace_gc::hidden`]); 0 when it is not known (the frame is never hidden).
    frame_top: usize,
}

/// Names of the kinds of unbound-variable errors, as [`runtime::unbound`] takes them.
mod unbound {
    /// A fast local.
    pub const LOCAL: i64 = 0;
    /// A global or builtin (or a name of a module or class body).
    pub const NAME: i64 = 1;
    /// A free variable.
    pub const FREE: i64 = 2;
}

impl<'d, 'r, D: Domain<Lang = Ripy>> Exec<'d, 'r, D> {
    #[inline(always)]
    fn new(d: &'d mut D, pos: Pos, frame: D::Ref, frame_top: usize, items: &'r RootedItems) -> Self {
        let code = pos.code;
        let array = d.const_ref(items.array());
        Exec {
            d,
            pos,
            code,
            dispatch: &code.dispatch,
            space: code.space,
            frame,
            array,
            items,
            sp: 0,
            reraise: false,
            frame_top,
        }
    }

    /// Start the instruction at `pos` (after its merge point). `self.code` is `pos.code` already:
    /// only `can_enter_jit` may move `pos`, and the portal's loop reads the code back after it.
    #[inline(always)]
    fn begin(&mut self) {
        if !D::CONCRETE {
            self.array = self.d.get_ref(self.frame, &W_Frame::ARRAY);
        }
        self.sp = self.dispatch[self.pos.pc as usize].1 as usize;
    }

    #[inline(always)]
    fn load(&mut self, slot: usize) -> D::Ref {
        if D::CONCRETE {
            let v = self.items.get(slot);
            return self.d.const_ref(v);
        }
        let i = self.d.const_int(slot as i64);
        self.d.get_item_ref(self.array, &FrameArray::ITEMS, i)
    }

    #[inline(always)]
    fn store(&mut self, slot: usize, v: D::Ref) {
        if D::CONCRETE {
            let v = self.d.promote_ref(v);
            self.items.set(slot, v);
            return;
        }
        let i = self.d.const_int(slot as i64);
        self.d.set_item_ref(self.array, &FrameArray::ITEMS, i, v);
    }

    #[inline(always)]
    fn null(&mut self) -> D::Ref {
        self.d.const_ref(GcRef::NULL)
    }

    #[inline(always)]
    fn push(&mut self, v: D::Ref) {
        self.store(self.sp, v);
        self.sp += 1;
    }

    /// Clear the top `n` slots.
    #[inline(always)]
    fn discard(&mut self, n: usize) {
        for _ in 0..n {
            self.sp -= 1;
            let null = self.null();
            self.store(self.sp, null);
        }
    }

    #[inline(always)]
    fn pop(&mut self) -> D::Ref {
        let v = self.peek(1);
        self.discard(1);
        v
    }

    /// The `n`th item from the top (1 is the top).
    #[inline(always)]
    fn peek(&mut self, n: usize) -> D::Ref {
        self.load(self.sp - n)
    }

    /// Copy the top `values.len()` values into `values`, the deepest first, left on the stack.
    #[inline(always)]
    fn load_top(&mut self, values: &mut [D::Ref]) {
        let lo = self.sp - values.len();
        if D::CONCRETE {
            for (value, item) in values.iter_mut().zip(self.items.range(lo, self.sp)) {
                *value = self.d.const_ref(item);
            }
            return;
        }
        for (k, value) in values.iter_mut().enumerate() {
            *value = self.load(lo + k);
        }
    }

    /// Fill `values` (empty) with the top `n` values, the deepest first, left on the stack (where
    /// the frame keeps them alive) until the instruction discards them. Filled in place: a
    /// returned `SmallVec` is copied on the way out.
    #[inline(always)]
    fn top(&mut self, n: usize, values: &mut Values<D::Ref>) {
        for slot in self.sp - n..self.sp {
            let v = self.load(slot);
            values.push(v);
        }
    }

    #[inline(always)]
    fn constant(&mut self, index: u32) -> D::Ref {
        self.d.const_ref(self.code.consts[index as usize])
    }

    #[inline(always)]
    fn name(&self, index: u32) -> GcRef {
        self.code.names[index as usize]
    }

    #[inline(always)]
    fn none(&mut self) -> D::Ref {
        self.d.const_ref(self.space.none)
    }

    /// `v`, the variable in frame slot `slot` (a fast local or a deref variable), or the
    /// unbound-variable error of `kind` when it is null.
    #[inline(always)]
    fn bound(&mut self, v: D::Ref, kind: i64, slot: usize) -> Result<D::Ref, D::Ref> {
        if self.d.is_null(v) {
            return Err(unbound_error(self.d, kind, self.code.varnames[slot]));
        }
        Ok(v)
    }

    /// Where a jump to `target` goes: backward jumps end a loop iteration, and count down the
    /// ticker of periodic actions (signal handlers, see [`crate::modules::signal`]).
    #[inline(always)]
    fn jump(&mut self, target: u32) -> Result<Next<D::Ref>, D::Ref> {
        if target > self.pos.pc {
            return Ok(Next::To(target));
        }
        let ticker = self.d.const_ref(crate::modules::signal::ticker());
        let (layout, field) = (W_Ticker::layout(), &W_Ticker::TICKS);
        let ticks = known::get_int(self.d, ticker, layout, field);
        let one = self.d.const_int(1);
        let ticks = self.d.int_op(metatrace::domain::IntOp::Sub, ticks, one);
        known::set_int(self.d, ticker, layout, field, ticks);
        let zero = self.d.const_int(0);
        let due = self.d.int_op(metatrace::domain::IntOp::Lt, ticks, zero);
        if self.d.branch(due) {
            crate::modules::signal::periodic(self.d)?;
        }
        Ok(Next::Loop(target))
    }

    #[inline(always)]
    fn truthy(&mut self, v: D::Ref) -> Result<bool, D::Ref> {
        if D::CONCRETE {
            // The concrete domain's shortcut for bools, `None` and exact ints.
            let v = self.d.promote_ref(v);
            if let Some(truth) = crate::ops::exact_truth(self.space, v) {
                return Ok(truth);
            }
        } else if self.d.layout_of(v) == W_Bool::layout() {
            // A bool is one of two objects: a trace compares it with the one it was (the
            // optimizer merges the class guard into that comparison) instead of reading its value.
            let v = self.d.promote_ref(v);
            return Ok(v == self.space.bools[1]);
        }
        let t = protocol::truthy(self.d, v)?;
        Ok(self.d.branch(t))
    }

    #[inline(always)]
    fn exec_state(&mut self) -> D::Ref {
        self.d.const_ref(self.space.exec_state)
    }

    /// The slot of deref variable `i` (a cell or a free variable).
    #[inline(always)]
    fn cell_slot(&self, i: u32) -> usize {
        self.code.nlocals + i as usize
    }

    #[inline(always)]
    fn deref_name(&self, i: u32) -> GcRef {
        self.code.varnames[self.code.nlocals + i as usize]
    }

    /// The kind of unbound error of deref variable `i`.
    #[inline(always)]
    fn deref_kind(&self, i: u32) -> i64 {
        if (i as usize) < self.code.ncells {
            unbound::LOCAL
        } else {
            unbound::FREE
        }
    }

    /// Run the instruction at `pos`; `Err` carries a raised exception. Inlined into the portal's
    /// loop, so that the dispatch, the instruction and the jump to the next one are one piece of
    /// code with the instruction's state in registers.
    #[inline(always)]
    fn step(&mut self) -> Result<Next<D::Ref>, D::Ref> {
        let pc = self.pos.pc;
        let next = pc + 1;
        match self.dispatch[pc as usize].0 {
            Instr::Nop => {}
            Instr::Resume(_) => {
                if generator::is_generator_code(self.code) {
                    let g = known::get_ref(self.d, self.frame, W_Frame::layout(), &W_Frame::GENERATOR);
                    let thrown = generator::take_thrown(self.d, g);
                    if !self.d.is_null(thrown) {
                        return Err(thrown);
                    }
                }
            }
            Instr::PopTop => self.discard(1),
            Instr::PushNull => {
                let null = self.null();
                self.push(null);
            }
            Instr::Copy(n) => {
                let v = self.peek(n as usize);
                self.push(v);
            }
            Instr::Swap(n) => {
                let top = self.peek(1);
                let other = self.peek(n as usize);
                self.store(self.sp - 1, other);
                self.store(self.sp - n as usize, top);
            }
            Instr::LoadConst(i) => {
                let v = self.constant(i);
                self.push(v);
            }
            Instr::LoadFast(i) => self.load_fast(i)?,
            Instr::StoreFast(i) => self.store_fast(i),
            Instr::LoadFastLoadFast(i) => {
                self.load_fast(i)?;
                self.second_load_fast(next)?;
                return Ok(Next::To(next + 1));
            }
            Instr::LoadFastLoadConst(i) => {
                self.load_fast(i)?;
                let v = self.constant(self.dispatch[pc as usize].2);
                self.push(v);
                return Ok(Next::To(next + 1));
            }
            Instr::LoadConstLoadFast(i) => {
                let v = self.constant(i);
                self.push(v);
                self.second_load_fast(next)?;
                return Ok(Next::To(next + 1));
            }
            Instr::StoreFastLoadFast(i) => {
                self.store_fast(i);
                self.second_load_fast(next)?;
                return Ok(Next::To(next + 1));
            }
            Instr::StoreFastStoreFast(i) => {
                self.store_fast(i);
                self.store_fast(self.dispatch[pc as usize].2);
                return Ok(Next::To(next + 1));
            }
            Instr::DeleteFast(i) => {
                let v = self.load(i as usize);
                self.bound(v, unbound::LOCAL, i as usize)?;
                let null = self.null();
                self.store(i as usize, null);
            }
            Instr::MakeCell(i) => {
                let cell = self.d.new(W_Cell::layout());
                self.store(self.cell_slot(i), cell);
            }
            Instr::CopyFreeVars(n) => {
                let closure = self.d.get_ref(self.frame, &W_Frame::CLOSURE);
                for k in 0..n as usize {
                    let index = self.d.const_int(k as i64);
                    let cell = known::get_item_ref(self.d, closure, W_Tuple::layout(), &W_Tuple::ITEMS, index);
                    self.store(self.code.stack_base() - n as usize + k, cell);
                }
            }
            Instr::LoadClosure(i) => {
                let cell = self.load(self.cell_slot(i));
                self.push(cell);
            }
            Instr::LoadDeref(i) => {
                let v = self.load_deref(i)?;
                self.push(v);
            }
            Instr::LoadClassDeref(i) => {
                let locals = self.d.get_ref(self.frame, &W_Frame::LOCALS);
                let name = self.d.const_ref(self.deref_name(i));
                let v = match crate::subclass::load_name(self.d, locals, name)? {
                    Some(v) => v,
                    None => self.load_deref(i)?,
                };
                self.push(v);
            }
            Instr::StoreDeref(i) => {
                let v = self.pop();
                let cell = self.load(self.cell_slot(i));
                self.d.set_ref(cell, &W_Cell::CONTENTS, v);
            }
            Instr::DeleteDeref(i) => {
                self.load_deref(i)?;
                let cell = self.load(self.cell_slot(i));
                let null = self.null();
                self.d.set_ref(cell, &W_Cell::CONTENTS, null);
            }
            Instr::LoadName(i) => {
                let locals = self.d.get_ref(self.frame, &W_Frame::LOCALS);
                let name = self.d.const_ref(self.name(i));
                let v = match crate::subclass::load_name(self.d, locals, name)? {
                    Some(v) => v,
                    None => self.load_global(i)?,
                };
                self.push(v);
            }
            Instr::StoreName(i) => {
                let v = self.pop();
                let locals = self.d.get_ref(self.frame, &W_Frame::LOCALS);
                let name = self.d.const_ref(self.name(i));
                crate::subclass::store_name(self.d, locals, name, v)?;
            }
            Instr::DeleteName(i) | Instr::DeleteGlobal(i) => {
                let field = if matches!(self.code.object.instructions[pc as usize], Instr::DeleteName(_)) {
                    &W_Frame::LOCALS
                } else {
                    &W_Frame::GLOBALS
                };
                let namespace = self.d.get_ref(self.frame, field);
                let name = self.d.const_ref(self.name(i));
                let deleted = crate::subclass::delete_name(self.d, namespace, name)?;
                if !self.d.branch(deleted) {
                    return Err(unbound_error(self.d, unbound::NAME, self.name(i)));
                }
            }
            Instr::LoadGlobal { name, push_null } => {
                let v = self.load_global(name)?;
                if push_null {
                    let null = self.null();
                    self.push(null);
                }
                self.push(v);
            }
            Instr::StoreGlobal(i) => {
                let v = self.pop();
                let globals = self.d.get_ref(self.frame, &W_Frame::GLOBALS);
                let name = self.d.const_ref(self.name(i));
                dict::setitem(self.d, globals, name, v)?;
            }
            Instr::LoadAttr(i) => self.load_attr(i)?,
            Instr::LoadFastLoadAttr(i) => {
                self.load_fast(i)?;
                return self.fused_second(pc, Self::load_attr);
            }
            Instr::StoreAttr(i) => {
                let obj = self.peek(1);
                let v = self.peek(2);
                if !self.cached_store(obj, i, v) {
                    protocol::setattr(self.d, self.space, obj, self.name(i), v)?;
                }
                self.discard(2);
            }
            Instr::DeleteAttr(i) => {
                let obj = self.peek(1);
                let name = self.d.const_ref(self.name(i));
                runtime::delete_attr(self.d, obj, name)?;
                self.discard(1);
            }
            Instr::LoadMethod(i) => self.load_method(i)?,
            Instr::LoadFastLoadMethod(i) => {
                self.load_fast(i)?;
                return self.fused_second(pc, Self::load_method);
            }
            Instr::BinarySubscr => {
                let container = self.peek(2);
                let key = self.peek(1);
                let v = protocol::subscript(self.d, self.space, self.caller(), container, key)?;
                self.discard(2);
                self.push(v);
            }
            Instr::StoreSubscr => {
                let key = self.peek(1);
                let container = self.peek(2);
                let v = self.peek(3);
                protocol::store_subscript(self.d, self.space, self.caller(), container, key, v)?;
                self.discard(3);
            }
            Instr::DeleteSubscr => {
                let key = self.peek(1);
                let container = self.peek(2);
                runtime::delete_item(self.d, container, key)?;
                self.discard(2);
            }
            Instr::BuildSlice(n) => {
                let mut parts = Values::new();
                self.top(n as usize, &mut parts);
                let slice = self.d.new(W_Slice::layout());
                let none = self.none();
                self.d.set_ref(slice, &W_Slice::START, parts[0]);
                self.d.set_ref(slice, &W_Slice::STOP, parts[1]);
                self.d.set_ref(slice, &W_Slice::STEP, parts.get(2).copied().unwrap_or(none));
                self.discard(n as usize);
                self.push(slice);
            }
            Instr::UnaryPositive => self.unary_instruction(UnaryOp::Pos)?,
            Instr::UnaryNegative => self.unary_instruction(UnaryOp::Neg)?,
            Instr::UnaryInvert => self.unary_instruction(UnaryOp::Invert)?,
            Instr::UnaryNot => {
                let v = self.peek(1);
                let t = self.truthy(v)?;
                self.discard(1);
                let r = self.d.const_ref(self.space.w_bool(!t));
                self.push(r);
            }
            Instr::BinaryOp(op) => {
                let b = self.peek(1);
                let a = self.peek(2);
                let plain = binop(op);
                // The concrete domain's shortcut for exact ints and floats (traces keep the
                // generic code's shape).
                let exact = if D::CONCRETE { crate::ops::exact_arith_by_operator(self.d, plain, a, b) } else { None };
                let r = match exact {
                    Some(r) => r?,
                    None => protocol::binary(self.d, self.space, self.caller(), plain, op.is_inplace(), a, b)?,
                };
                self.discard(2);
                self.push(r);
            }
            Instr::CompareOp(op) => {
                let b = self.peek(1);
                let a = self.peek(2);
                let exact = if D::CONCRETE { crate::ops::exact_compare(self.d, cmpop(op), a, b) } else { None };
                let r = match exact {
                    Some(r) => {
                        let holds = self.d.branch(r);
                        self.discard(2);
                        if let Some(to) = self.fused_branch(next, holds) {
                            return to;
                        }
                        self.d.const_ref(self.space.w_bool(holds))
                    }
                    None => {
                        let r = protocol::compare(self.d, self.space, cmpop(op), a, b)?;
                        self.discard(2);
                        r
                    }
                };
                self.push(r);
            }
            Instr::IsOp(negated) => {
                let b = self.pop();
                let a = self.pop();
                let same = protocol::is(self.d, a, b);
                let same = self.d.branch(same);
                if let Some(to) = self.fused_branch(next, same != negated) {
                    return to;
                }
                let r = self.d.const_ref(self.space.w_bool(same != negated));
                self.push(r);
            }
            Instr::ContainsOp(negated) => {
                let container = self.peek(1);
                let item = self.peek(2);
                let found = runtime::contains(self.d, container, item)?;
                let found = self.d.branch(found);
                self.discard(2);
                if let Some(to) = self.fused_branch(next, found != negated) {
                    return to;
                }
                let r = self.d.const_ref(self.space.w_bool(found != negated));
                self.push(r);
            }
            Instr::Jump(target) | Instr::JumpBackward(target) => return self.jump(target),
            // The edge of a `yield from` / `await` loop, which runs once per resumption of the
            // generator: neither a signal check (as in CPython) nor a loop of the JIT's.
            Instr::JumpBackwardNoInterrupt(target) => return Ok(Next::To(target)),
            Instr::PopJumpIfFalse(target) | Instr::PopJumpIfTrue(target) => {
                let v = self.peek(1);
                let t = self.truthy(v)?;
                self.discard(1);
                if t == matches!(self.code.object.instructions[pc as usize], Instr::PopJumpIfTrue(_)) {
                    return self.jump(target);
                }
            }
            Instr::PopJumpIfNone(target) | Instr::PopJumpIfNotNone(target) => {
                let v = self.pop();
                let none = self.none();
                let is_none = self.d.ptr_eq(v, none);
                let is_none = self.d.branch(is_none);
                if is_none == matches!(self.code.object.instructions[pc as usize], Instr::PopJumpIfNone(_)) {
                    return self.jump(target);
                }
            }
            Instr::JumpIfFalseOrPop(target) | Instr::JumpIfTrueOrPop(target) => {
                let v = self.peek(1);
                let t = self.truthy(v)?;
                if t == matches!(self.code.object.instructions[pc as usize], Instr::JumpIfTrueOrPop(_)) {
                    return self.jump(target);
                }
                self.discard(1);
            }
            Instr::GetIter => {
                let obj = self.peek(1);
                let it = protocol::iter_from(self.d, self.space, self.caller(), obj)?;
                self.discard(1);
                self.push(it);
            }
            Instr::ForIter(target) => match self.next_item()? {
                Some(item) => self.push(item),
                None => {
                    self.discard(1);
                    return self.jump(target);
                }
            },
            Instr::ForIterStoreFast(target) => match self.next_item()? {
                Some(item) => {
                    self.store(self.dispatch[pc as usize].2 as usize, item);
                    return Ok(Next::To(next + 1));
                }
                None => {
                    self.discard(1);
                    return self.jump(target);
                }
            },
            Instr::PopTopJumpBackward => {
                self.discard(1);
                // The jump is the running instruction now (for any exception of the periodic
                // actions).
                self.pos.pc = next;
                return self.jump(self.dispatch[pc as usize].2);
            }
            Instr::Call(argc) => self.call(argc as usize, GcRef::NULL)?,
            Instr::CallKw { argc, kwnames } => {
                let names = self.code.consts[kwnames as usize];
                self.call(argc as usize, names)?;
            }
            Instr::CallFunctionEx(has_kwargs) => {
                let kwargs = if has_kwargs { self.peek(1) } else { self.null() };
                let args = self.peek(1 + usize::from(has_kwargs));
                let callable = self.peek(2 + usize::from(has_kwargs));
                let star = if has_kwargs { None } else { self.call_star(callable, args)? };
                let r = if let Some(r) = star {
                    r
                } else if protocol::call_ex_needs_frame(self.d, callable) {
                    self.caller().record_pc(self.d);
                    let frame = self.frame;
                    self.hiding_frame(|d| runtime::call_ex_with_frame(d, callable, args, kwargs, frame))?
                } else {
                    self.hiding_frame(|d| runtime::call_ex(d, callable, args, kwargs))?
                };
                self.discard(3 + usize::from(has_kwargs));
                self.push(r);
            }
            Instr::MakeFunction(flags) => {
                let n = flags.operand_count() as usize;
                let mut parts = Values::new();
                self.top(n + 1, &mut parts);
                let mut parts = parts.into_iter();
                let null = self.null();
                let mut part = |bit: u8| {
                    if flags.has(bit) {
                        parts.next().expect("MAKE_FUNCTION operand")
                    } else {
                        null
                    }
                };
                use ripy_compiler::bytecode::MakeFunctionFlags as F;
                let defaults = part(F::DEFAULTS);
                let kwdefaults = part(F::KW_DEFAULTS);
                let annotations = part(F::ANNOTATIONS);
                let closure = part(F::CLOSURE);
                let code = parts.next().expect("MAKE_FUNCTION code");
                let f = crate::function::make_function_in(
                    self.d,
                    self.space,
                    code,
                    self.frame,
                    defaults,
                    kwdefaults,
                    annotations,
                    closure,
                )?;
                self.discard(n + 1);
                self.push(f);
            }
            Instr::LoadBuildClass => {
                let builtins = self.d.get_ref(self.frame, &W_Frame::BUILTINS);
                let name = self.d.const_ref(self.space.intern("__build_class__"));
                match crate::subclass::load_name(self.d, builtins, name)? {
                    Some(f) => self.push(f),
                    None => {
                        let fault = crate::exceptions::Fault::Message(crate::exceptions::Msg::BuildClassNotFound);
                        return Err(crate::exceptions::raise(self.d, fault));
                    }
                }
            }
            Instr::ReturnValue => {
                let v = self.pop();
                return Ok(Next::Return(v));
            }
            Instr::ReturnGenerator => {
                let g = generator::make_generator(self.d, self.code, self.frame, i64::from(next));
                return Ok(Next::Return(g));
            }
            Instr::YieldValue => {
                let v = self.pop();
                let g = known::get_ref(self.d, self.frame, W_Frame::layout(), &W_Frame::GENERATOR);
                if D::CONCRETE && crate::consume::push_item(self.d, self.space, g, v) {
                    // A consumer took the item (the JIT is off): go on as resumed with `None`.
                    let none = self.d.const_ref(self.space.none);
                    self.push(none);
                    return Ok(Next::To(next));
                }
                let from = matches!(
                    self.code.object.instructions.get(next as usize),
                    Some(Instr::Resume(ResumeKind::AfterYieldFrom))
                );
                let receiver = from.then(|| self.peek(1));
                generator::suspend(self.d, self.code, g, next, receiver);
                return Ok(Next::Return(v));
            }
            Instr::Send(target) => {
                let v = self.peek(1);
                let receiver = self.peek(2);
                if self.d.layout_of(receiver) == generator::W_Generator::layout() {
                    let resumed = generator::resume_in(self.d, self.space, self.caller(), receiver, v)?;
                    match resumed {
                        Some(generator::Outcome::Yielded(value)) => {
                            self.discard(1);
                            self.push(value);
                            return Ok(Next::To(next));
                        }
                        Some(generator::Outcome::Returned(value)) => {
                            self.discard(2);
                            self.push(value);
                            return self.jump(target);
                        }
                        None => {}
                    }
                }
                let pair = generator::send_value(self.d, receiver, v)?;
                let zero = self.d.const_int(0);
                let one = self.d.const_int(1);
                let done = known::get_item_ref(self.d, pair, W_Tuple::layout(), &W_Tuple::ITEMS, zero);
                let value = known::get_item_ref(self.d, pair, W_Tuple::layout(), &W_Tuple::ITEMS, one);
                let true_ = self.d.const_ref(self.space.w_bool(true));
                let done = self.d.ptr_eq(done, true_);
                if self.d.branch(done) {
                    self.discard(2);
                    self.push(value);
                    return self.jump(target);
                }
                self.discard(1);
                self.push(value);
            }
            Instr::GetYieldFromIter => {
                let obj = self.peek(1);
                let it = if self.d.layout_of(obj) == crate::mapdict::W_Instance::layout() {
                    // Not a generator or coroutine: `iter(obj)`, its `__iter__` called in domain code.
                    protocol::iter_from(self.d, self.space, self.caller(), obj)?
                } else {
                    // A coroutine's, or a generator's made an iterable coroutine by `types.coroutine`.
                    let coroutine = i64::from(
                        generator::Kind::of_code(self.code) == generator::Kind::Coroutine
                            || self.code.has_flag(ripy_compiler::bytecode::CodeFlags::ITERABLE_COROUTINE),
                    );
                    let coroutine = self.d.const_int(coroutine);
                    generator::get_yield_from_iter(self.d, obj, coroutine)?
                };
                self.discard(1);
                self.push(it);
            }
            Instr::GetAwaitable(kind) => {
                let obj = self.peek(1);
                let it = generator::awaitable_in(self.d, obj, kind as i64)?;
                self.discard(1);
                self.push(it);
            }
            Instr::AsyncGenWrap => {
                let v = self.peek(1);
                let w = generator::async_gen_wrap(self.d, v)?;
                self.discard(1);
                self.push(w);
            }
            Instr::GetAiter | Instr::GetAnext | Instr::BeforeAsyncWith => {
                let obj = self.peek(1);
                let kind = self.d.const_int(match self.code.object.instructions[pc as usize] {
                    Instr::GetAiter => 0,
                    Instr::GetAnext => 1,
                    _ => 2,
                });
                let r = generator::async_protocol(self.d, obj, kind)?;
                if matches!(self.code.object.instructions[pc as usize], Instr::GetAnext) {
                    self.push(r);
                } else {
                    self.discard(1);
                    if matches!(self.code.object.instructions[pc as usize], Instr::GetAiter) {
                        self.push(r);
                    } else {
                        for k in 0..2 {
                            let i = self.d.const_int(k);
                            let v = known::get_item_ref(self.d, r, W_Tuple::layout(), &W_Tuple::ITEMS, i);
                            self.push(v);
                        }
                    }
                }
            }
            Instr::EndAsyncFor => {
                let exc = self.peek(1);
                let stop = self.d.const_ref(self.space.exception_type(ExcKind::StopAsyncIteration));
                let matches = protocol::exception_matches(self.d, self.space, exc, stop)?;
                if !self.d.branch(matches) {
                    self.reraise = true;
                    return Err(exc);
                }
                self.discard(2);
            }
            Instr::RaiseVarargs(n) => return Err(self.raise(n)?),
            Instr::Reraise(n) => {
                let exc = self.pop();
                if n > 0 {
                    // As CPython: the frame's last instruction is again the one that raised
                    // first (the handler's entry pushed it), so `f_lineno` is that line.
                    let lasti = self.peek(n as usize);
                    let pc = self.d.get_int(lasti, &crate::int::W_Int::VALUE);
                    self.d.set_int(self.frame, &W_Frame::LASTI, pc);
                }
                self.reraise = true;
                return Err(exc);
            }
            Instr::PushExcInfo => {
                let exc = self.pop();
                let ec = self.exec_state();
                let mut previous = self.d.get_ref(ec, &W_ExecState::HANDLED);
                if generator::is_generator_code(self.code) {
                    let g = known::get_ref(self.d, self.frame, W_Frame::layout(), &W_Frame::GENERATOR);
                    previous = generator::push_exc_info(self.d, g, previous);
                }
                let previous = if self.d.is_null(previous) { self.none() } else { previous };
                self.d.set_ref(ec, &W_ExecState::HANDLED, exc);
                self.push(previous);
                self.push(exc);
            }
            Instr::PopExcept => {
                let previous = self.pop();
                let none = self.none();
                let is_none = self.d.ptr_eq(previous, none);
                let mut previous = if self.d.branch(is_none) { self.null() } else { previous };
                if generator::is_generator_code(self.code) {
                    let g = known::get_ref(self.d, self.frame, W_Frame::layout(), &W_Frame::GENERATOR);
                    previous = generator::pop_except(self.d, g, previous);
                }
                let ec = self.exec_state();
                self.d.set_ref(ec, &W_ExecState::HANDLED, previous);
            }
            Instr::CheckExcMatch => {
                let cls = self.peek(1);
                let exc = self.peek(2);
                let matches = protocol::exception_matches(self.d, self.space, exc, cls)?;
                let matches = self.d.branch(matches);
                self.discard(1);
                let r = self.d.const_ref(self.space.w_bool(matches));
                self.push(r);
            }
            Instr::CheckEgMatch => {
                let classes = self.peek(1);
                let exc = self.peek(2);
                let pair = crate::exceptions::check_eg_match(self.d, exc, classes)?;
                self.discard(2);
                for k in 0..2 {
                    let i = self.d.const_int(k);
                    let v = known::get_item_ref(self.d, pair, W_Tuple::layout(), &W_Tuple::ITEMS, i);
                    self.push(v);
                }
            }
            Instr::PrepReraiseStar => {
                let raised = self.peek(1);
                let original = self.peek(2);
                let r = crate::exceptions::prep_reraise(self.d, original, raised)?;
                self.discard(2);
                self.push(r);
            }
            Instr::WithExceptStart => {
                let exc = self.peek(1);
                let exit = self.peek(4);
                let r = runtime::with_exit(self.d, exit, exc)?;
                self.push(r);
            }
            Instr::BeforeWith => {
                let manager = self.peek(1);
                let pair = runtime::before_with(self.d, manager, self.frame)?;
                self.discard(1);
                for k in 0..2 {
                    let i = self.d.const_int(k);
                    let v = known::get_item_ref(self.d, pair, W_Tuple::layout(), &W_Tuple::ITEMS, i);
                    self.push(v);
                }
            }
            Instr::LoadAssertionError => {
                let v = self.d.const_ref(self.space.exception_type(ExcKind::AssertionError));
                self.push(v);
            }
            Instr::BuildTuple(n) => {
                let mut items = Values::new();
                self.top(n as usize, &mut items);
                let t = new_tuple(self.d, &items);
                self.discard(n as usize);
                self.push(t);
            }
            Instr::BuildList(0) => {
                let l = self.d.new(W_List::layout());
                self.push(l);
            }
            Instr::BuildList(n) => {
                let mut items = Values::new();
                self.top(n as usize, &mut items);
                let l = list::new_in(self.d, &items);
                self.discard(n as usize);
                self.push(l);
            }
            Instr::BuildSet(n) => {
                let mut items = Values::new();
                self.top(n as usize, &mut items);
                let t = new_tuple(self.d, &items);
                let kind = self.d.const_int(1);
                let r = runtime::build_collection(self.d, kind, t)?;
                self.discard(n as usize);
                self.push(r);
            }
            Instr::BuildMap(n) => {
                let mut items = Values::new();
                self.top(2 * n as usize, &mut items);
                let m = runtime::new_dict(self.d)?;
                for pair in items.chunks(2) {
                    dict::setitem(self.d, m, pair[0], pair[1])?;
                }
                self.discard(2 * n as usize);
                self.push(m);
            }
            Instr::BuildConstKeyMap(n) => {
                let keys = self.peek(1);
                let mut values = Values::new();
                self.top(n as usize + 1, &mut values);
                let m = runtime::new_dict(self.d)?;
                for (k, &v) in values[..n as usize].iter().enumerate() {
                    let i = self.d.const_int(k as i64);
                    let key = known::get_item_ref(self.d, keys, W_Tuple::layout(), &W_Tuple::ITEMS, i);
                    dict::setitem(self.d, m, key, v)?;
                }
                self.discard(n as usize + 1);
                self.push(m);
            }
            Instr::BuildString(n) => {
                let mut items = Values::new();
                self.top(n as usize, &mut items);
                let t = new_tuple(self.d, &items);
                let s = runtime::join_strings(self.d, t)?;
                self.discard(n as usize);
                self.push(s);
            }
            Instr::ListAppend(n) => {
                let v = self.pop();
                let l = self.peek(n as usize);
                list::append_item(self.d, l, v)?;
            }
            Instr::SetAdd(n) | Instr::ListExtend(n) | Instr::SetUpdate(n) | Instr::DictUpdate(n) => {
                let v = self.peek(1);
                let target = self.peek(n as usize + 1);
                let kind = self.d.const_int(match self.code.object.instructions[pc as usize] {
                    Instr::SetAdd(_) => 0,
                    Instr::ListExtend(_) => 1,
                    Instr::SetUpdate(_) => 2,
                    Instr::DictUpdate(_) => 3,
                    _ => 4,
                });
                let extended = matches!(self.code.object.instructions[pc as usize], Instr::ListExtend(_))
                    && list::extend_in(self.d, target, v, STAR_ITEMS);
                if !extended {
                    runtime::collection_update(self.d, kind, target, v)?;
                }
                self.discard(1);
            }
            Instr::DictMerge(n) => {
                let v = self.peek(1);
                let target = self.peek(n as usize + 1);
                let callable = self.peek(n as usize + 3);
                runtime::dict_merge(self.d, callable, target, v)?;
                self.discard(1);
            }
            Instr::MapAdd(n) => {
                let v = self.peek(1);
                let k = self.peek(2);
                let m = self.peek(n as usize + 2);
                dict::setitem(self.d, m, k, v)?;
                self.discard(2);
            }
            Instr::ListToTuple => {
                let l = self.peek(1);
                let t = match list::to_tuple_in(self.d, l, STAR_ITEMS) {
                    Some(t) => t,
                    None => runtime::to_tuple(self.d, l)?,
                };
                self.discard(1);
                self.push(t);
            }
            Instr::UnpackSequence(n) => self.unpack(n as usize, None)?,
            Instr::UnpackEx { before, after } => self.unpack(before as usize + after as usize, Some(before))?,
            Instr::FormatValue { conversion, has_spec } => {
                let spec = if has_spec { self.peek(1) } else { self.null() };
                let v = self.peek(1 + usize::from(has_spec));
                let conversion = self.d.const_int(conversion as i64);
                let r = runtime::format_value(self.d, v, conversion, spec)?;
                self.discard(1 + usize::from(has_spec));
                self.push(r);
            }
            Instr::SetupAnnotations => {
                let locals = self.d.get_ref(self.frame, &W_Frame::LOCALS);
                runtime::setup_annotations(self.d, locals)?;
            }
            Instr::ImportName(i) => {
                let name = self.d.const_ref(self.name(i));
                let (fromlist, level) = (self.peek(1), self.peek(2));
                let globals = self.d.get_ref(self.frame, &W_Frame::GLOBALS);
                let builtins = self.d.get_ref(self.frame, &W_Frame::BUILTINS);
                self.caller().record_pc(self.d);
                let m = crate::import::import_name(self.d, name, fromlist, level, globals, builtins, self.frame)?;
                self.discard(2);
                self.push(m);
            }
            Instr::ImportFrom(i) => {
                let module = self.peek(1);
                let name = self.d.const_ref(self.name(i));
                let v = crate::import::import_from(self.d, module, name)?;
                self.push(v);
            }
            Instr::ImportStar => {
                let module = self.peek(1);
                let locals = self.d.get_ref(self.frame, &W_Frame::LOCALS);
                crate::import::import_star(self.d, module, locals)?;
                self.discard(1);
            }
            Instr::MatchSequence | Instr::MatchMapping => {
                let subject = self.peek(1);
                let is = if matches!(self.code.object.instructions[pc as usize], Instr::MatchSequence) {
                    crate::matching::match_sequence(self.d, subject)?
                } else {
                    crate::matching::match_mapping(self.d, subject)?
                };
                let is = self.d.branch(is);
                let r = self.d.const_ref(self.space.w_bool(is));
                self.push(r);
            }
            Instr::MatchKeys => {
                let keys = self.peek(1);
                let subject = self.peek(2);
                let values = crate::matching::match_keys_values(self.d, subject, keys)?;
                self.push(values);
            }
            Instr::MatchClass(count) => {
                let names = self.peek(1);
                let cls = self.peek(2);
                let subject = self.peek(3);
                let count = self.d.const_int(i64::from(count));
                let attrs = crate::matching::match_class_attrs(self.d, subject, cls, count, names)?;
                self.discard(3);
                self.push(attrs);
            }
            Instr::PrintExpr => {
                let value = self.peek(1);
                runtime::print_expr(self.d, value)?;
                self.discard(1);
            }
            Instr::GetLen => {
                let obj = self.peek(1);
                let n = protocol::len(self.d, obj)?;
                let n = new_int(self.d, n);
                self.push(n);
            }
        }
        Ok(Next::To(next))
    }

    /// `FOR_ITER`'s step of the iterator on the top of the stack: its next item, or `None` when it
    /// is exhausted.
    #[inline(always)]
    fn next_item(&mut self) -> Result<Option<D::Ref>, D::Ref> {
        let it = self.peek(1);
        if let Some(step) = protocol::step_sequence_iter(self.d, it) {
            Ok(step)
        } else if self.d.layout_of(it) == generator::W_Generator::layout() {
            let resumer = self.resumer();
            generator::next_in(self.d, self.space, resumer, it)
        } else if crate::iter::calls_python_on_step(self.d, it) {
            self.caller().record_pc(self.d);
            let item = crate::objspace::next_from_frame(self.d, it, self.frame)?;
            Ok((!self.d.is_null(item)).then_some(item))
        } else {
            protocol::next(self.d, it)
        }
    }

    /// `LOAD_FAST i`: push fast local `i`, or raise `UnboundLocalError` when it is unbound.
    #[inline(always)]
    fn load_fast(&mut self, i: u32) -> Result<(), D::Ref> {
        let v = self.load(i as usize);
        let v = self.bound(v, unbound::LOCAL, i as usize)?;
        self.push(v);
        Ok(())
    }

    /// `STORE_FAST i`: pop the top into fast local `i`.
    #[inline(always)]
    fn store_fast(&mut self, i: u32) {
        let v = self.pop();
        self.store(i as usize, v);
    }

    /// The `LOAD_FAST` at `second` that a superinstruction runs after its first half (its operand
    /// is in the superinstruction's dispatch entry): an unbound local raises from `second`, for
    /// the traceback's line and the exception handler.
    #[inline(always)]
    fn second_load_fast(&mut self, second: u32) -> Result<(), D::Ref> {
        let i = self.dispatch[self.pos.pc as usize].2;
        let loaded = self.load_fast(i);
        if loaded.is_err() {
            self.pos.pc = second;
        }
        loaded
    }

    /// The second half of the superinstruction at `pc` whose first half ran, in the concrete
    /// domain: `second` with the operand held in the dispatch entry, as the running instruction
    /// (for the attribute caches, which are per instruction, and for the traceback's line and the
    /// exception handler of what it raises), and the instruction after it next. Other domains go
    /// on to the second half as the table holds it, so that traces record what they did before
    /// (the superinstructions that call this may run Python code in their second half).
    #[inline(always)]
    fn fused_second(
        &mut self,
        pc: u32,
        second: impl FnOnce(&mut Self, u32) -> Result<(), D::Ref>,
    ) -> Result<Next<D::Ref>, D::Ref> {
        let next = pc + 1;
        if !D::CONCRETE {
            return Ok(Next::To(next));
        }
        self.pos.pc = next;
        second(self, self.dispatch[pc as usize].2)?;
        Ok(Next::To(next + 1))
    }

    /// `LOAD_ATTR i`: the top's attribute named `co_names[i]` in its place.
    #[inline(always)]
    fn load_attr(&mut self, i: u32) -> Result<(), D::Ref> {
        let obj = self.peek(1);
        let v = match self.cached_load(obj) {
            Some(Method::Value(v)) => v,
            Some(Method::Unbound(func)) => {
                let m = self.d.new(crate::function::W_Method::layout());
                self.d.set_ref(m, &crate::function::W_Method::FUNC, func);
                self.d.set_ref(m, &crate::function::W_Method::SELF_, obj);
                m
            }
            None => {
                let v = protocol::getattr(self.d, self.space, obj, self.name(i))?;
                self.remember_load(obj, i);
                v
            }
        };
        self.discard(1);
        self.push(v);
        Ok(())
    }

    /// `LOAD_METHOD i`: the top replaced by the function named `co_names[i]` found on its type
    /// and the top itself, or by null and the attribute's value.
    #[inline(always)]
    fn load_method(&mut self, i: u32) -> Result<(), D::Ref> {
        let obj = self.peek(1);
        let found = match self.cached_method(obj) {
            Some(found) => found,
            None => {
                let found = protocol::load_method(self.d, self.space, obj, self.name(i))?;
                self.remember_method(obj, i, &found);
                found
            }
        };
        self.discard(1);
        match found {
            Method::Unbound(f) => {
                self.push(f);
                self.push(obj);
            }
            Method::Value(v) => {
                let null = self.null();
                self.push(null);
                self.push(v);
            }
        }
        Ok(())
    }

    /// In the concrete domain, after a test whose operands are popped found `holds`: when the
    /// next instruction (at `next`) is `POP_JUMP_IF_TRUE`/`POP_JUMP_IF_FALSE`, where it goes,
    /// decided on `holds` without making the bool it would pop (the merge point between them
    /// does nothing in the concrete domain). `None` in other domains or before other instructions.
    #[inline(always)]
    fn fused_branch(&mut self, next: u32, holds: bool) -> Option<Result<Next<D::Ref>, D::Ref>> {
        if !D::CONCRETE {
            return None;
        }
        let (target, jumps_if) = match self.dispatch[next as usize].0 {
            Instr::PopJumpIfFalse(target) => (target, false),
            Instr::PopJumpIfTrue(target) => (target, true),
            _ => return None,
        };
        // The jump is the running instruction now (for `jump`'s direction and any exception
        // of the periodic actions).
        self.pos.pc = next;
        Some(if holds == jumps_if { self.jump(target) } else { Ok(Next::To(next + 1)) })
    }

    #[inline(always)]
    fn load_deref(&mut self, i: u32) -> Result<D::Ref, D::Ref> {
        let cell = self.load(self.cell_slot(i));
        let v = known::get_ref(self.d, cell, W_Cell::layout(), &W_Cell::CONTENTS);
        self.bound(v, self.deref_kind(i), self.cell_slot(i))
    }

    /// A global (or builtin) by name.
    #[inline(always)]
    fn load_global(&mut self, i: u32) -> Result<D::Ref, D::Ref> {
        if D::CONCRETE {
            // Concrete execution answers from the code's cache when it can (promotion is the
            // identity there): see `crate::inline_cache`.
            let frame = self.d.promote_ref(self.frame);
            let globals_now = heap::read_field_ref_expecting(frame, W_Frame::layout(), &W_Frame::GLOBALS);
            let builtins_now = heap::read_field_ref_expecting(frame, W_Frame::layout(), &W_Frame::BUILTINS);
            if let Some(v) = self.code.caches.global(i, globals_now, builtins_now) {
                return Ok(self.d.const_ref(v));
            }
            let globals = self.d.const_ref(globals_now);
            let v = lookup_global(self.d, self.frame, globals, self.name(i))?;
            self.code.caches.remember_global(i, self.name(i), globals_now, builtins_now);
            return Ok(v);
        }
        let globals = self.d.get_ref(self.frame, &W_Frame::GLOBALS);
        lookup_global(self.d, self.frame, globals, self.name(i))
    }

    /// In the concrete domain, what the attribute load at this instruction found last on an
    /// instance like `obj` (same type version and map), if cached: its own attribute, or a
    /// function on its type (see [`crate::inline_cache`]).
    #[inline(always)]
    fn cached_load(&mut self, obj: D::Ref) -> Option<Method<D::Ref>> {
        if !D::CONCRETE {
            return None;
        }
        let obj = self.d.promote_ref(obj);
        let Some(key) = inline_cache::instance_key(obj) else {
            if obj.layout() != W_Type::layout() {
                return None;
            }
            return Some(match inline_cache::class_attribute(&self.code.caches, self.space, self.pos.pc, obj)? {
                Method::Value(v) => Method::Value(self.d.const_ref(v)),
                Method::Unbound(func) => Method::Unbound(self.d.const_ref(func)),
            });
        };
        Some(match self.code.caches.attr(self.pos.pc, key.version, key.map)? {
            AttrHit::Slot(index) => Method::Value(self.d.const_ref(inline_cache::slot(key.slots, index, false))),
            AttrHit::NumberSlot(index) => Method::Value(self.d.const_ref(inline_cache::slot(key.slots, index, true))),
            AttrHit::Method(func) => Method::Unbound(self.d.const_ref(func)),
            AttrHit::Add(..) | AttrHit::Value(_) => return None,
        })
    }

    /// [`Exec::cached_load`] for `LOAD_METHOD`, which also caches the methods of objects of
    /// exact builtin types ([`inline_cache::builtin_key`]).
    #[inline(always)]
    fn cached_method(&mut self, obj: D::Ref) -> Option<Method<D::Ref>> {
        if !D::CONCRETE {
            return None;
        }
        let concrete = self.d.promote_ref(obj);
        // Instances first: the method calls of Python code are mostly on them.
        if concrete.layout() != crate::mapdict::W_Instance::layout() {
            if let Some(method) = inline_cache::builtin_method(&self.code.caches, self.space, self.pos.pc, concrete) {
                return Some(Method::Unbound(self.d.const_ref(method)));
            }
        }
        self.cached_load(obj)
    }

    /// After `LOAD_METHOD` of name `i` on `obj` found `found` in the concrete domain: cache it.
    #[inline(always)]
    fn remember_method(&mut self, obj: D::Ref, i: u32, found: &Method<D::Ref>) {
        if !D::CONCRETE {
            return;
        }
        self.remember_load(obj, i);
        if let Method::Unbound(method) = found {
            let (obj, method) = (self.d.promote_ref(obj), self.d.promote_ref(*method));
            inline_cache::remember_builtin_method(&self.code.caches, self.space, self.pos.pc, obj, method);
        }
    }

    /// After an attribute load of name `i` on `obj` in the concrete domain: cache what it does.
    #[inline(always)]
    fn remember_load(&mut self, obj: D::Ref, i: u32) {
        if !D::CONCRETE {
            return;
        }
        let concrete = self.d.promote_ref(obj);
        if concrete.layout() == W_Type::layout() {
            // The class fast path again (this runs after a miss only), for its outcome.
            let Some(found) = protocol::class_attribute(self.d, self.space, obj, self.name(i)) else { return };
            let found = match found {
                Method::Value(v) => Method::Value(self.d.promote_ref(v)),
                Method::Unbound(func) => Method::Unbound(self.d.promote_ref(func)),
            };
            inline_cache::remember_class_attribute(&self.code.caches, self.space, self.pos.pc, concrete, found);
            return;
        }
        inline_cache::remember_load(&self.code.caches, self.space, self.pos.pc, concrete, self.name(i));
    }

    /// In the concrete domain, `obj.name_i = value` done from this instruction's cache (true), or
    /// nothing done (false) after caching what the generic store will do.
    #[inline(always)]
    fn cached_store(&mut self, obj: D::Ref, i: u32, value: D::Ref) -> bool {
        if !D::CONCRETE {
            return false;
        }
        let obj = self.d.promote_ref(obj);
        let Some(key) = inline_cache::instance_key(obj) else { return false };
        let value = self.d.promote_ref(value);
        if let Some(hit) = self.code.caches.attr(self.pos.pc, key.version, key.map) {
            return inline_cache::store(obj, &key, hit, value);
        }
        if let Some(hit) = inline_cache::store_plan(self.space, obj, self.name(i), value) {
            self.code.caches.remember_attr(self.pos.pc, key.version, key.map, hit);
        }
        false
    }

    /// `UNARY_POSITIVE`, `UNARY_NEGATIVE` or `UNARY_INVERT` (`op`) of the top of the stack; in
    /// the concrete domain, the negation of an exact int or float without the generic dispatch.
    #[inline(always)]
    fn unary_instruction(&mut self, op: UnaryOp) -> Result<(), D::Ref> {
        let v = self.peek(1);
        let exact = if D::CONCRETE && op == UnaryOp::Neg { crate::ops::exact_negation(self.d, v) } else { None };
        let r = match exact {
            Some(r) => r,
            None => self.unary(op, v)?,
        };
        self.discard(1);
        self.push(r);
        Ok(())
    }

    #[inline(always)]
    fn unary(&mut self, op: UnaryOp, v: D::Ref) -> Result<D::Ref, D::Ref> {
        let layout = self.d.layout_of(v);
        if crate::mapdict::instance_fields(layout).is_some() {
            let op = self.d.const_int(op as i64);
            return runtime::unary_slow(self.d, op, v);
        }
        crate::ops::unary_op(self.d, op, v)
    }

    /// `f(*args)` (`CALL_FUNCTION_EX` without `**`) of a Python function or method with an exact
    /// tuple of at most [`STAR_ITEMS`] items: the call of `CALL` with the tuple's items (its
    /// length promoted), so that the callee's frame gets this one as `f_back` and a trace inlines
    /// it; `None` for the general call.
    #[inline(always)]
    fn call_star(&mut self, callable: D::Ref, args: D::Ref) -> Result<Option<D::Ref>, D::Ref> {
        if self.d.layout_of(args) != W_Tuple::layout() || !protocol::is_python_callable(self.d, callable) {
            return Ok(None);
        }
        let len = known::array_len(self.d, args, W_Tuple::layout(), &W_Tuple::ITEMS);
        let n = self.d.promote_int(len);
        if n > STAR_ITEMS {
            return Ok(None);
        }
        let mut items = Values::new();
        for k in 0..n {
            let i = self.d.const_int(k);
            items.push(known::get_item_ref(self.d, args, W_Tuple::layout(), &W_Tuple::ITEMS, i));
        }
        let (space, caller) = (self.space, self.caller());
        let r = self.hiding_frame(|d| protocol::call(d, space, caller, callable, &items, GcRef::NULL));
        self.forget(&mut items);
        r.map(Some)
    }

    /// Overwrite `values` (a call's arguments) with nulls in the concrete domain once they are no
    /// longer needed: the collector scans the native stack conservatively, and the words of the
    /// interpreter's own native frame, which outlives the call, would keep what they referred to
    /// alive until a later call with as many arguments overwrote them (`o = None; gc.collect()`
    /// after `weakref.ref(o)` would not free `o`).
    #[inline(always)]
    fn forget(&mut self, values: &mut [D::Ref]) {
        if D::CONCRETE {
            let null = self.null();
            values.iter_mut().for_each(|v| *v = null);
            std::hint::black_box(values);
        }
    }

    /// `CALL`/`CALL_KW` with `argc` arguments, the last `len(kwnames)` of them keywords. Inlined
    /// into the instruction's handler, so that a call of a Python function goes from the portal
    /// straight to [`protocol::call_function`] and from there into the callee's portal.
    #[inline(always)]
    fn call(&mut self, argc: usize, kwnames: GcRef) -> Result<(), D::Ref> {
        // The arguments (with the self slot) in a buffer on the native stack, filled by plain
        // stores (a `SmallVec`'s pushes test its capacity each time).
        let null = self.null();
        if argc < CALL_BUFFER {
            let mut buffer = [null; CALL_BUFFER];
            let r = self.call_from(&mut buffer[..=argc], argc, kwnames);
            // The whole buffer: a constant size is a few vector stores, not a call of `memset`.
            self.forget(&mut buffer);
            return r;
        }
        self.call_from(&mut vec![null; argc + 1], argc, kwnames)
    }

    /// [`Exec::call`] with `with_self` (`argc + 1` slots) to hold the self slot and the arguments.
    #[inline(always)]
    fn call_from(&mut self, with_self: &mut [D::Ref], argc: usize, kwnames: GcRef) -> Result<(), D::Ref> {
        self.load_top(with_self);
        let callable_or_null = self.peek(argc + 2);
        let (callable, args) = if self.d.is_null(callable_or_null) {
            (with_self[0], &with_self[1..])
        } else {
            (callable_or_null, &with_self[..])
        };
        let r = if argc == 0 && kwnames.is_null() && self.is_super(callable) {
            self.zero_argument_super(callable)
        } else {
            self.scrub_before_call(callable);
            let (space, caller) = (self.space, self.caller());
            self.hiding_frame(|d| protocol::call(d, space, caller, callable, args, kwnames))
        };
        let r = r?;
        self.discard(argc + 2);
        self.push(r);
        Ok(())
    }

    /// Run `call` (a call instruction's call, after which the instruction reads nothing but its
    /// frame) with this loop's native frame hidden from the collector's conservative scan in the
    /// concrete domain ([`metatrace_gc::hidden`]), the frame object scanned instead: every live
    /// value of the loop is then in the frame (the callable and the arguments stay on its value
    /// stack until the call returns) or reachable from it (its array and code), so the stale
    /// copies of dead objects that the loop's spill slots may hold keep nothing alive, whatever
    /// the register allocation. The loop's caller's registers, which the loop's prologue saves at
    /// the top of its frame, stay scanned ([`metatrace_gc::hidden::enter_portal`] records the
    /// frame's end below them); the native frames of the call itself are below the hidden range.
    /// Only once collections are observable ([`crate::modules::gc::calls_scrub`]):
    /// until then a stale word changes nothing a program sees, and the call stays inlined here.
    #[inline(always)]
    fn hiding_frame(&mut self, call: impl FnOnce(&mut D) -> Result<D::Ref, D::Ref>) -> Result<D::Ref, D::Ref> {
        if !D::CONCRETE || self.frame_top == 0 || !crate::modules::gc::calls_scrub() {
            return call(self.d);
        }
        let lo = metatrace_gc::hidden::stack_pointer();
        let root = self.d.promote_ref(self.frame);
        let d = &mut *self.d;
        metatrace_gc::hidden::hidden(lo, self.frame_top, root, || call(d))
    }

    /// Before a call of `callable`: zero the native stack its frames will occupy (see
    /// [`crate::modules::gc::scrub_for_call`]) once collections are observable, except, in the
    /// concrete domain, for a builtin that does not take its caller's frame (`gc.collect` takes
    /// it): those are the most frequent calls (str and list methods), and a Python function one
    /// of them calls back starts over unscrubbed memory as it does from any other native caller.
    #[inline(always)]
    fn scrub_before_call(&mut self, callable: D::Ref) {
        use crate::modules::gc::{calls_scrub, scrub_for_call, CallKind};
        if !calls_scrub() {
            return;
        }
        let mut kind = CallKind::Other;
        if D::CONCRETE {
            let callable = self.d.promote_ref(callable);
            let layout = callable.layout();
            if layout == crate::function::W_Builtin::layout()
                && crate::gc::get_i64(callable, &crate::function::W_Builtin::NEEDS_FRAME) == 0
            {
                return;
            }
            if layout == crate::function::W_Function::layout() {
                kind = CallKind::Function;
            }
        }
        let depth = heap::read_field_expecting(self.space.exec_state, W_ExecState::layout(), &W_ExecState::DEPTH);
        scrub_for_call(depth as i64, self.frame_top, kind);
    }

    /// This frame as the maker of a call at the current instruction.
    #[inline(always)]
    fn caller(&self) -> Caller<D::Ref> {
        Caller { frame: self.frame, pc: Some(self.pos.pc) }
    }

    /// The frame that resumes a generator at this frame's `for` loop: this frame, except in a
    /// consumer's loop function (`consume_loops.py`), where it is the frame that called the
    /// consuming builtin (the loop function's `f_back`), as the `f_back` of a generator's frame
    /// that a builtin such as `sum(gen)` resumes is in CPython.
    #[inline(always)]
    fn resumer(&mut self) -> Caller<D::Ref> {
        if crate::consume::is_loop_code(self.code) {
            let back = known::get_ref(self.d, self.frame, W_Frame::layout(), &W_Frame::BACK);
            return Caller { frame: back, pc: None };
        }
        self.caller()
    }

    /// Whether `callable` is the builtin `super` type.
    #[inline(always)]
    fn is_super(&mut self, callable: D::Ref) -> bool {
        if self.d.layout_of(callable) != W_Type::layout() {
            return false;
        }
        let sup = self.d.const_ref(self.space.runtime_type("super"));
        let same = self.d.ptr_eq(callable, sup);
        self.d.branch(same)
    }

    /// `super()` in a method: `super(__class__, <first argument>)`.
    #[inline(always)]
    fn zero_argument_super(&mut self, callable: D::Ref) -> Result<D::Ref, D::Ref> {
        // The checks and messages of CPython's `super_init_without_args`, in its order.
        if self.code.object.arg_count == 0 {
            return super_failure(self.d, 0);
        }
        let first = self.load(0);
        let cell = match class_cell_slot(self.code) {
            Some(slot) => self.load(slot),
            None => self.null(),
        };
        super_of(self.d, self.space, self.caller(), callable, cell, first)
    }

    /// Unpack the sequence on top into `n` values (with a starred list after `before` of them).
    #[inline(always)]
    fn unpack(&mut self, n: usize, before: Option<u16>) -> Result<(), D::Ref> {
        let seq = self.peek(1);
        let layout = self.d.layout_of(seq);
        if before.is_none() && layout == W_List::layout() && self.unpack_list(seq, n) {
            return Ok(());
        }
        let items = if before.is_none() && layout == W_Tuple::layout() {
            let len = known::array_len(self.d, seq, W_Tuple::layout(), &W_Tuple::ITEMS);
            let want = self.d.const_int(n as i64);
            let same = self.d.int_op(metatrace::domain::IntOp::Eq, len, want);
            if self.d.branch(same) {
                seq
            } else {
                unpack_slow(self.d, seq, n, before)?
            }
        } else {
            unpack_slow(self.d, seq, n, before)?
        };
        self.discard(1);
        for k in (0..n + usize::from(before.is_some())).rev() {
            let i = self.d.const_int(k as i64);
            let v = known::get_item_ref(self.d, items, W_Tuple::layout(), &W_Tuple::ITEMS, i);
            self.push(v);
        }
        Ok(())
    }

    /// Unpack the list on top into its `n` items, read in domain code (unboxed for the int and
    /// float strategies, so traces see through it); false, with nothing done, when its length is
    /// not `n` (the slow path raises the error).
    #[inline(always)]
    fn unpack_list(&mut self, list: D::Ref, n: usize) -> bool {
        let len = list::length(self.d, list);
        let want = self.d.const_int(n as i64);
        let same = self.d.int_op(metatrace::domain::IntOp::Eq, len, want);
        if n == 0 || !self.d.branch(same) {
            return false;
        }
        let (strategy, storage) = list::strategy_of(self.d, list);
        self.discard(1);
        for k in (0..n).rev() {
            let i = self.d.const_int(k as i64);
            let v = list::item_at(self.d, strategy, storage, i);
            self.push(v);
        }
        true
    }

    /// The exception `raise` raises (with `n` operands).
    #[inline(always)]
    fn raise(&mut self, n: u32) -> Result<D::Ref, D::Ref> {
        if n == 0 {
            let ec = self.exec_state();
            let handled = self.d.get_ref(ec, &W_ExecState::HANDLED);
            self.reraise = true;
            if self.d.is_null(handled) {
                self.reraise = false;
                return runtime::no_active_exception(self.d);
            }
            return Ok(handled);
        }
        let mut operands = Values::new();
        self.top(n as usize, &mut operands);
        let cause = if n == 2 { operands[1] } else { self.null() };
        runtime::prepare_raise(self.d, operands[0], cause)
    }

    /// Handle exception `exc` raised by the instruction at `pos`: the handler's pc, or leave.
    #[inline(always)]
    fn unwind(&mut self, exc: D::Ref, traceback: bool) -> Result<u32, Leave<D::Ref>> {
        let restored_lasti = matches!(self.code.object.instructions[self.pos.pc as usize], Instr::Reraise(n) if n > 0);
        if self.code.line(self.pos.pc).is_some() && !restored_lasti {
            self.caller().record_pc(self.d);
        }
        if traceback {
            let code = self.d.const_ref(self.code.w_code);
            let pc = self.d.const_int(i64::from(self.pos.pc));
            crate::traceback::add_traceback(self.d, exc, self.frame, code, pc).map_err(Leave::Raise)?;
        }
        let Some(entry) = self.code.object.exception_table.handler_for(self.pos.pc) else {
            return Err(Leave::Raise(exc));
        };
        let base = self.code.stack_base();
        while self.sp > base + entry.depth as usize {
            self.discard(1);
        }
        if entry.lasti {
            // The frame's last instruction: the raising one, or the one a `RERAISE` restored.
            let pc = if restored_lasti {
                self.d.get_int(self.frame, &W_Frame::LASTI)
            } else {
                self.d.const_int(i64::from(self.pos.pc))
            };
            let lasti = new_int(self.d, pc);
            self.push(lasti);
        }
        self.push(exc);
        Ok(entry.target)
    }
}

/// The frame slot of the `__class__` cell of a method's `code`, for `super()`.
fn class_cell_slot(code: &Code) -> Option<usize> {
    let class_cell = code.object.cellvars.iter().chain(&code.object.freevars).position(|n| n == "__class__");
    class_cell.map(|i| code.nlocals + i)
}

/// `super(<contents of class cell>, first)`, called by `caller`, after the rest of the checks of
/// CPython's `super_init_without_args` in its order: `first` is the first argument (null when
/// deleted), `class_cell` the `__class__` cell (null when the code has none).
fn super_of<D: Domain<Lang = Ripy>>(
    d: &mut D,
    space: &'static Space,
    caller: Caller<D::Ref>,
    callable: D::Ref,
    class_cell: D::Ref,
    first: D::Ref,
) -> Result<D::Ref, D::Ref> {
    if d.is_null(first) {
        return super_failure(d, 1);
    }
    if d.is_null(class_cell) {
        return super_failure(d, 2);
    }
    let cls = d.get_ref(class_cell, &W_Cell::CONTENTS);
    if d.is_null(cls) {
        return super_failure(d, 3);
    }
    protocol::call(d, space, caller, callable, &[cls, first], GcRef::NULL)
}

/// The error of a zero-argument `super()` that cannot work: `which` indexes
/// `runtime::SUPER_ERRORS`.
fn super_failure<D: Domain<Lang = Ripy>>(d: &mut D, which: i64) -> Result<D::Ref, D::Ref> {
    let which = d.const_int(which);
    Err(runtime::super_error(d, which)?)
}

/// The tuple of the `n` values (with a starred list after `before` of them) of `seq`, by the
/// general protocol (raising the errors of a wrong count).
fn unpack_slow<D: Domain<Lang = Ripy>>(
    d: &mut D,
    seq: D::Ref,
    n: usize,
    before: Option<u16>,
) -> Result<D::Ref, D::Ref> {
    let n = d.const_int(n as i64);
    let before = d.const_int(before.map_or(-1, i64::from));
    runtime::unpack(d, seq, n, before)
}

/// The exception for an unbound variable of `kind` named `name`.
fn unbound_error<D: Domain<Lang = Ripy>>(d: &mut D, kind: i64, name: GcRef) -> D::Ref {
    let kind = d.const_int(kind);
    let name = d.const_ref(name);
    runtime::unbound(d, kind, name).unwrap_or_else(|e| e)
}

/// Global `name` looked up in `globals`, then in `frame`'s builtins.
fn lookup_global<D: Domain<Lang = Ripy>>(
    d: &mut D,
    frame: D::Ref,
    globals: D::Ref,
    name: GcRef,
) -> Result<D::Ref, D::Ref> {
    if let Some(v) = global_or_builtin(d, globals, name)? {
        return Ok(v);
    }
    let builtins = d.get_ref(frame, &W_Frame::BUILTINS);
    match global_or_builtin(d, builtins, name)? {
        Some(v) => Ok(v),
        None => Err(unbound_error(d, unbound::NAME, name)),
    }
}

/// `name` looked up in `dict`, the globals or builtins of a frame: folded in traces to a read of
/// the entry found when tracing (see [`dict::get_str_versioned`]) when the dict has only str keys.
fn global_or_builtin<D: Domain<Lang = Ripy>>(d: &mut D, dict: D::Ref, name: GcRef) -> Result<Option<D::Ref>, D::Ref> {
    if let Some(found) = dict::get_str_versioned(d, dict, name) {
        return Ok(found);
    }
    let name = d.const_ref(name);
    crate::subclass::load_name(d, dict, name)
}

/// The object-model operator of each plain bytecode operator, in the bytecode's numbering.
const PLAIN_BINOPS: [BinOp; 13] = [
    BinOp::Add,
    BinOp::And,
    BinOp::FloorDiv,
    BinOp::LShift,
    BinOp::MatMul,
    BinOp::Mul,
    BinOp::Mod,
    BinOp::Or,
    BinOp::Pow,
    BinOp::RShift,
    BinOp::Sub,
    BinOp::TrueDiv,
    BinOp::Xor,
];

/// The object-model operator of each bytecode operator, plain and in-place (the bytecode numbers
/// the in-place ones after the plain ones, in the same order): one load per `BINARY_OP`.
const BINOPS: [BinOp; 2 * PLAIN_BINOPS.len()] = {
    let mut table = [BinOp::Add; 2 * PLAIN_BINOPS.len()];
    let mut i = 0;
    while i < table.len() {
        table[i] = PLAIN_BINOPS[i % PLAIN_BINOPS.len()];
        i += 1;
    }
    table
};

/// The object-model operator of a bytecode operator (of its plain form, for an in-place one).
#[inline(always)]
fn binop(op: BinaryOperator) -> BinOp {
    BINOPS[op as usize]
}

/// The object-model comparison of a bytecode comparison.
fn cmpop(op: ComparisonOperator) -> CmpOp {
    CmpOp::ALL[op as usize]
}

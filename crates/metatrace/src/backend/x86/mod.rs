//! The x86-64 backend: [`X86Backend`] ties the parts together.
//!
//! - `asm`: registers, places, the frame layout and instruction emission (dynasm-rs);
//! - `regalloc`: linear-scan register allocation with spilling;
//! - `codegen`: the instructions of each operation (checked first by `validate`);
//! - `moves`: parallel moves at jumps and calls;
//! - `guards`: exits, exit stubs and exit codes;
//! - `helpers`: slow-path helpers that call the collector from inlined fast paths;
//! - `bridges`: loop trees, labels, bridges and freeing;
//! - `memory`: code memory (W^X) and running code, the only `unsafe` code;
//! - `trampoline`: the entry trampoline and the frame it opens.

mod asm;
mod bridges;
mod codegen;
mod guards;
mod helpers;
mod memory;
mod moves;
mod regalloc;
mod trampoline;
mod validate;

use super::{Backend, BackendError, EntryRecord, Exit, TraceId};
use crate::ir::Trace;
use crate::quasi::Invalidation;
use asm::Value;
use bridges::{CompiledTrace, LabelInfo, Trees};
use codegen::{Env, Output, Start};
use guards::{decode_exit, ExitInfo};
use helpers::Helpers;
use iced_x86::{Decoder, DecoderOptions, Formatter, Instruction, IntelFormatter};
use memory::{Block, CodeMemory};
use metatrace_gc::heap;
use rustc_hash::FxHashMap as HashMap;
use std::cell::{Cell, RefCell};
use std::fmt::Write;
use std::rc::Rc;

/// The default limit on code memory.
pub const DEFAULT_CODE_LIMIT: usize = 256 << 20;

/// The x86-64 backend: owns the code memory and every compiled trace.
///
/// Compiling may happen while compiled code is suspended further up the stack (it called a
/// residual function that re-entered the interpreter, which compiled something): the tables live
/// behind a `RefCell` that no running machine code holds borrowed, an entry opens a frame of the
/// largest size the traces compiled so far need (a bridge checks the frame it runs in and leaves
/// through its guard's stub when the frame was opened before a trace it reaches needed more), the
/// deopt buffer has the largest size any trace may use, and freeing code is deferred while any
/// compiled code is running.
pub struct X86Backend {
    inner: RefCell<Inner>,
    /// The deopt buffer: entries read their inputs from it and exit stubs write their fail values
    /// into it. Nested executions share it: an execution reads its inputs before it can call out,
    /// and its values are copied out as soon as it exits.
    buffer: Box<[Cell<u64>]>,
    /// How many executions are under way (nested through residual calls).
    active: Cell<u32>,
    /// Blocks freed while code was running, released when the last execution returns.
    deferred: RefCell<Vec<Block>>,
    /// Invalidation flags of freed code, kept until that code is released.
    deferred_flags: RefCell<Vec<Invalidation>>,
    /// The frame size an entry opens: the most any trace compiled so far needs (boxed: machine
    /// code of `call_assembler` reads it).
    frame_bytes: Box<Cell<usize>>,
}

/// The tables of compiled code.
struct Inner {
    memory: CodeMemory,
    trampoline: Block,
    epilogue: usize,
    helpers: Helpers,
    trees: Trees,
    next_id: u32,
    /// What entering and leaving each trace needs, by trace id: the entry and exit path indexes
    /// this instead of hashing into `trees`.
    fast: Vec<FastTrace>,
}

/// The per-trace facts that [`X86Backend::execute_into`] and [`X86Backend::is_valid`] read on
/// every entry, kept in step with `Inner::trees` by `install` and `free`.
#[derive(Default)]
struct FastTrace {
    /// The entry address of a live loop, 0 for a bridge or a freed loop.
    entry: usize,
    /// Number of input args.
    inputs: usize,
    /// How each exit hands over its values, by resume index.
    exits: Vec<ExitValues>,
    /// The invalidation flag of the trace's tree while the trace is live.
    flag: Option<Invalidation>,
    /// A loop's entry for `call_assembler` (boxed: its address is handed out).
    record: Option<Box<EntryRecord>>,
}

/// How an exit of a compiled trace hands over its fail args (see `guards`).
#[derive(Clone, Default)]
enum ExitValues {
    /// No exit has this resume index.
    #[default]
    None,
    /// A `finish`: this many values, stored into the deopt buffer in order.
    Stored(usize),
    /// A guard: the values are where these say, in the machine state its exit block saved.
    Saved(Rc<[Value]>),
}

/// The most values an entry or exit passes through the deopt buffer.
pub const BUFFER_LEN: usize = 1 << 14;

// An exit block saves the registers and up to every spill slot into the deopt buffer.
const _: () = assert!(guards::SAVED_SLOTS_AT + asm::MAX_SLOTS as usize <= BUFFER_LEN);

impl Default for X86Backend {
    fn default() -> Self {
        X86Backend::new()
    }
}

impl X86Backend {
    /// A backend with [`DEFAULT_CODE_LIMIT`] bytes of code memory.
    pub fn new() -> Self {
        X86Backend::with_code_limit(DEFAULT_CODE_LIMIT)
    }

    /// A backend with `limit` bytes of code memory (at most 1 GiB). Panics if the address space
    /// cannot be reserved.
    pub fn with_code_limit(limit: usize) -> Self {
        assert!(limit <= 1 << 30, "code memory is limited to 1 GiB so that jumps reach across it");
        let mut memory = CodeMemory::new(limit).expect("cannot reserve code memory");
        let (code, epilogue) = trampoline::emit();
        let trampoline = memory.install(&code, &[]).expect("code memory too small for the trampoline");
        let mut helper = |func: usize| {
            memory.install(&helpers::emit(func), &[]).expect("code memory too small for the helpers").addr
        };
        let helpers = Helpers {
            alloc_block: helper(heap::alloc_block_for_jit as *const () as usize),
            write_barrier: helper(heap::write_barrier_for_jit as *const () as usize),
        };
        X86Backend {
            inner: RefCell::new(Inner {
                memory,
                trampoline,
                epilogue: trampoline.addr + epilogue,
                helpers,
                trees: Trees::default(),
                next_id: 0,
                fast: Vec::new(),
            }),
            buffer: (0..BUFFER_LEN).map(|_| Cell::new(0)).collect(),
            active: Cell::new(0),
            deferred: RefCell::new(Vec::new()),
            deferred_flags: RefCell::new(Vec::new()),
            frame_bytes: Box::new(Cell::new(trampoline::frame_bytes(0))),
        }
    }

    /// Compile a loop: `trace.ops[0]` is the label of its input args; it ends with a `jump` to a
    /// label compiled so far (usually its own) or a `finish`.
    pub fn compile_loop(&self, trace: &Trace) -> Result<TraceId, BackendError> {
        let mut inner = self.inner.borrow_mut();
        let id = TraceId(inner.next_id);
        let flag = Invalidation::new();
        let output = codegen::compile(trace, Start::Loop, &inner.env(id, &flag, &self.frame_bytes))?;
        self.grow_frames(output.frame_bytes);
        inner.install(id, id, &flag, trace, output)?;
        Ok(id)
    }

    /// Compile a bridge from guard `guard` of trace `from` (its input args match the guard's fail
    /// args one to one) and patch the guard to jump straight into it.
    pub fn compile_bridge(&self, from: TraceId, guard: u32, trace: &Trace) -> Result<TraceId, BackendError> {
        let mut inner = self.inner.borrow_mut();
        let exit = inner.trees.bridgeable_exit(from, guard)?;
        let kinds: Vec<_> = trace.inputargs.iter().map(|v| v.kind).collect();
        if *kinds != *exit.kinds {
            return Err(BackendError::Invalid(format!("bridge inputs {kinds:?}, guard fail args {:?}", exit.kinds)));
        }
        let (values, jump) = (exit.values.clone(), exit.jump.expect("a bridgeable exit has a jump"));
        let stub = exit.stub.expect("a bridgeable exit has a stub");
        let tree = inner.trees.trace(from).expect("checked live").tree;
        let flag = inner.trees.invalidation(from).expect("checked live").clone();
        let id = TraceId(inner.next_id);
        let output = codegen::compile(trace, Start::Bridge(&values, stub), &inner.env(id, &flag, &self.frame_bytes))?;
        self.grow_frames(output.frame_bytes);
        let block = inner.install(id, tree, &flag, trace, output)?;
        inner.memory.patch_jump(jump, block.addr);
        inner.trees.attach(from, guard, id);
        Ok(id)
    }

    /// Make the frames that entries open hold `bytes` (rounded up, so that frames opened while
    /// traces still grow are less often too small for the bridges compiled meanwhile).
    fn grow_frames(&self, bytes: usize) {
        const STEP: usize = 512;
        self.frame_bytes.set(self.frame_bytes.get().max(bytes.next_multiple_of(STEP)));
    }

    /// Run loop `loop_` with `inputs` until an exit that has no bridge. Panics if `loop_` is not
    /// a live loop or `inputs` does not match its input args; see [`Backend::execute`].
    pub fn execute(&self, loop_: TraceId, inputs: &[u64]) -> Exit {
        let mut values = Vec::new();
        let (trace, guard) = self.execute_into(loop_, inputs, &mut values);
        Exit { trace, guard, values }
    }

    /// [`X86Backend::execute`] with the exit's values written to `values` (cleared first): the
    /// driver's path, which allocates nothing and hashes nothing.
    pub fn execute_into(&self, loop_: TraceId, inputs: &[u64], values: &mut Vec<u64>) -> (TraceId, u32) {
        let runner = {
            let inner = self.inner.borrow();
            let trace = inner.fast.get(loop_.0 as usize).filter(|t| t.entry != 0);
            let trace = trace.unwrap_or_else(|| panic!("trace {} is not a live loop", loop_.0));
            assert_eq!(inputs.len(), trace.inputs, "loop {} takes {} inputs", loop_.0, trace.inputs);
            debug_assert!(inner
                .trees
                .live_loop(loop_)
                .is_some_and(|t| t.block.addr == trace.entry && t.inputs == trace.inputs));
            inner.memory.runner(inner.trampoline.addr, trace.entry)
        };
        for (cell, value) in self.buffer.iter().zip(inputs) {
            cell.set(*value);
        }
        let context = metatrace_gc::inline::alloc_context();
        self.active.set(self.active.get() + 1);
        // SAFETY: `runner` names the trampoline and the entry of a loop that `fast` lists as live
        // (`free` clears the entry of every loop it frees), and nothing has been released since:
        // `free` defers releasing code while `active` is non-zero. The buffer holds BUFFER_LEN
        // values, and `install` rejects traces whose inputs or exits need more; every entry opens
        // a frame of the size the traces compiled so far need (bridges check it); the allocation
        // context is the current thread's.
        let code = unsafe { runner.run(&self.buffer, self.frame_bytes.get(), context) };
        self.active.set(self.active.get() - 1);
        if self.active.get() == 0 && !self.deferred.borrow().is_empty() {
            let mut inner = self.inner.borrow_mut();
            for block in self.deferred.borrow_mut().drain(..) {
                inner.memory.release(block);
            }
            self.deferred_flags.borrow_mut().clear();
        }
        self.take_exit(code, values)
    }

    /// The exit named by `code` and its values, read from the deopt buffer into `values`.
    pub fn take_exit(&self, code: u64, values: &mut Vec<u64>) -> (TraceId, u32) {
        let (trace, guard) = decode_exit(code);
        let inner = self.inner.borrow();
        values.clear();
        match &inner.fast[trace.0 as usize].exits[guard as usize] {
            ExitValues::Stored(width) => values.extend(self.buffer[..*width].iter().map(Cell::get)),
            ExitValues::Saved(at) => values.extend(at.iter().map(|v| guards::saved_value(&self.buffer, *v))),
            ExitValues::None => unreachable!("exits come from compiled traces"),
        }
        (trace, guard)
    }

    /// Force the compiled code whose frame is at `token` (see [`Backend::force`]): the
    /// frame's [`asm::Mem::FORCE_DESCR`] word names the `guard_not_forced` after the call under
    /// way, whose fail args are in the frame's spill slots or constants; the word becomes
    /// [`asm::FORCED`], so that the guard fails when the call returns.
    pub fn force(&self, token: usize, values: &mut Vec<u64>) -> Option<(TraceId, u32)> {
        let descr = asm::Mem::FORCE_DESCR.disp as usize;
        // SAFETY: a token is stored into a frame object only by compiled code right before its
        // call (`force_token` is that code's `rsp`), and cleared once the call returned: while
        // the token is seen, that frame is live and suspended in the call.
        let code = unsafe { memory::read_frame_word(token, descr) };
        if code == asm::FORCED {
            return None;
        }
        let (trace, guard) = decode_exit(code);
        let inner = self.inner.borrow();
        let exit = inner.trees.trace(trace).and_then(|t| t.exits.get(&guard));
        let force = exit.and_then(|e| e.force.as_ref()).expect("a frame's force descr names a guard_not_forced");
        values.clear();
        values.extend(force.iter().map(|v| match *v {
            asm::Value::Const(bits) => bits,
            asm::Value::At(asm::Loc::Slot(k)) => {
                // SAFETY: as above; slot `k` is one the trace wrote before the call.
                unsafe { memory::read_frame_word(token, asm::Mem::slot(k).disp as usize) }
            }
            asm::Value::At(other) => unreachable!("a forced value in {other:?}"),
        }));
        // SAFETY: as above.
        unsafe { memory::write_frame_word(token, descr, asm::FORCED) };
        Some((trace, guard))
    }

    /// The address of loop `t`'s [`EntryRecord`] (0 if `t` is not a live loop).
    pub fn entry_record(&self, t: TraceId) -> usize {
        let inner = self.inner.borrow();
        let fast = inner.fast.get(t.0 as usize).filter(|f| f.entry != 0);
        fast.and_then(|f| f.record.as_deref()).map_or(0, |r| r as *const EntryRecord as usize)
    }

    /// Free loop `loop_` and its bridges (nothing happens if it is not a live loop). Its code
    /// memory is reused once no live loop's code jumps into it and no compiled code is running.
    pub fn free(&self, loop_: TraceId) {
        let mut inner = self.inner.borrow_mut();
        let (blocks, flags) = inner.trees.free(loop_);
        for block in blocks {
            if self.active.get() > 0 {
                self.deferred.borrow_mut().push(block);
            } else {
                inner.memory.release(block);
            }
        }
        if self.active.get() > 0 {
            self.deferred_flags.borrow_mut().extend(flags);
        }
        let Inner { trees, fast, .. } = &mut *inner;
        for (id, trace) in fast.iter_mut().enumerate() {
            if trace.flag.is_some() && trees.invalidation(TraceId(id as u32)).is_none() {
                trace.entry = 0;
                trace.flag = None;
                if let Some(record) = &trace.record {
                    record.entry.set(0);
                    record.inputs.set(usize::MAX);
                }
            }
        }
    }

    /// Whether trace `t` is live and its tree not invalidated (see [`Backend::is_valid`]).
    pub fn is_valid(&self, t: TraceId) -> bool {
        let inner = self.inner.borrow();
        inner.fast.get(t.0 as usize).and_then(|t| t.flag.as_ref()).is_some_and(|flag| !flag.is_set())
    }

    /// Size in bytes of trace `t`'s machine code (0 for an unknown trace).
    pub fn code_size(&self, t: TraceId) -> usize {
        self.inner.borrow().trees.trace(t).map_or(0, |trace| trace.code_len)
    }

    /// Bytes of code memory in use, the trampoline included.
    pub fn code_memory_used(&self) -> usize {
        self.inner.borrow().memory.used_bytes()
    }

    /// Trace `t`'s machine code in Intel syntax, one instruction a line: address, bytes, text.
    pub fn disassemble(&self, t: TraceId) -> String {
        let inner = self.inner.borrow();
        let Some(trace) = inner.trees.trace(t) else { return String::new() };
        let code = &inner.memory.bytes(trace.block)[..trace.code_len];
        let mut decoder = Decoder::with_ip(64, code, trace.block.addr as u64, DecoderOptions::NONE);
        let mut formatter = IntelFormatter::new();
        let mut instruction = Instruction::default();
        let mut out = String::new();
        let mut text = String::new();
        while decoder.can_decode() {
            decoder.decode_out(&mut instruction);
            text.clear();
            formatter.format(&instruction, &mut text);
            let start = (instruction.ip() - trace.block.addr as u64) as usize;
            let bytes: String = code[start..start + instruction.len()].iter().map(|b| format!("{b:02x}")).collect();
            writeln!(out, "{:016x}  {bytes:<24} {text}", instruction.ip()).expect("writing to a String");
        }
        out
    }
}

impl Inner {
    fn env<'a>(&'a self, trace: TraceId, flag: &Invalidation, frame_bytes: &Cell<usize>) -> Env<'a> {
        let helpers = self.helpers;
        Env {
            trace,
            labels: self.trees.labels(),
            epilogue: self.epilogue,
            helpers,
            invalidation: flag.addr(),
            trampoline: self.trampoline.addr,
            frame_bytes: frame_bytes as *const Cell<usize> as usize,
        }
    }

    /// Place compiled code and record its exits and labels.
    fn install(
        &mut self,
        id: TraceId,
        tree: TraceId,
        flag: &Invalidation,
        trace: &Trace,
        output: Output,
    ) -> Result<Block, BackendError> {
        let widest_exit = output.exits.iter().map(|e| e.values.len()).max().unwrap_or(0);
        let widest = widest_exit.max(trace.inputargs.len());
        if widest > BUFFER_LEN {
            return Err(BackendError::Unsupported(format!(
                "{widest} values at an entry or exit (the limit is {BUFFER_LEN})"
            )));
        }
        let block = self.memory.install(&output.code, &output.fixups)?;
        self.next_id += 1;
        let exits = output
            .exits
            .into_iter()
            .map(|exit| {
                let jump = exit.stub.map(|(_, at)| block.addr + at);
                let stub = exit.stub_offset.map(|at| block.addr + at);
                let info =
                    ExitInfo { values: exit.values, kinds: exit.kinds, jump, stub, bridge: None, force: exit.force };
                (exit.guard, info)
            })
            .collect::<HashMap<_, _>>();
        let labels = output
            .labels
            .into_iter()
            .map(|l| {
                let addr = block.addr + l.offset;
                (l.target, LabelInfo { tree, addr, locs: l.locs, kinds: l.kinds, frame_bytes: output.frame_bytes })
            })
            .collect();
        let mut exit_values = vec![ExitValues::None; exits.keys().max().map_or(0, |&g| g as usize + 1)];
        for (&guard, exit) in &exits {
            exit_values[guard as usize] = match exit.stub {
                Some(_) => ExitValues::Saved(exit.values.clone()),
                None => ExitValues::Stored(exit.values.len()),
            };
        }
        let entry = if tree == id { block.addr } else { 0 };
        let inputs = trace.inputargs.len();
        let record = (tree == id).then(|| {
            let record = EntryRecord::default();
            record.entry.set(entry);
            record.inputs.set(inputs);
            Box::new(record)
        });
        let fast = FastTrace { entry, inputs, exits: exit_values, flag: Some(flag.clone()), record };
        debug_assert_eq!(self.fast.len(), id.0 as usize, "trace ids are dense");
        self.fast.push(fast);
        let compiled = CompiledTrace { tree, block, code_len: output.code.len(), inputs, exits };
        self.trees.add(id, compiled, flag, labels, &output.jumps_to);
        Ok(block)
    }
}

impl Backend for X86Backend {
    fn compile_loop(&self, trace: &Trace) -> Result<TraceId, BackendError> {
        X86Backend::compile_loop(self, trace)
    }

    fn compile_bridge(&self, from: TraceId, guard: u32, trace: &Trace) -> Result<TraceId, BackendError> {
        X86Backend::compile_bridge(self, from, guard, trace)
    }

    fn execute(&self, loop_: TraceId, inputs: &[u64]) -> Exit {
        X86Backend::execute(self, loop_, inputs)
    }

    fn execute_into(&self, loop_: TraceId, inputs: &[u64], values: &mut Vec<u64>) -> (TraceId, u32) {
        X86Backend::execute_into(self, loop_, inputs, values)
    }

    fn free(&self, loop_: TraceId) {
        X86Backend::free(self, loop_)
    }

    fn code_size(&self, t: TraceId) -> usize {
        X86Backend::code_size(self, t)
    }

    fn code_addr(&self, t: TraceId) -> usize {
        self.inner.borrow().trees.trace(t).map_or(0, |trace| trace.block.addr)
    }

    fn entry_record(&self, t: TraceId) -> usize {
        X86Backend::entry_record(self, t)
    }

    fn take_exit(&self, code: u64, values: &mut Vec<u64>) -> (TraceId, u32) {
        X86Backend::take_exit(self, code, values)
    }

    fn can_force(&self) -> bool {
        true
    }

    fn force(&self, token: usize, values: &mut Vec<u64>) -> Option<(TraceId, u32)> {
        X86Backend::force(self, token, values)
    }

    fn invalidation(&self, t: TraceId) -> Option<Invalidation> {
        self.inner.borrow().trees.invalidation(t).cloned()
    }

    fn is_valid(&self, t: TraceId) -> bool {
        X86Backend::is_valid(self, t)
    }

    fn disassemble(&self, t: TraceId) -> String {
        X86Backend::disassemble(self, t)
    }
}

//! The trace optimizer, after PyPy's `optimizeopt`.
//!
//! A trace goes through a chain of passes, one operation at a time, in PyPy's order:
//!
//! | pass | module | what it does |
//! |---|---|---|
//! | int bounds | [`intbounds`] | interval of every integer; decides comparisons, drops overflow checks |
//! | rewrite | [`rewrite`] | constant folding, algebraic identities, implied and duplicate guards |
//! | virtualize | [`virtualize`] | allocation removal: objects and arrays that do not escape |
//! | vstring | [`vstring`] | strings built by concatenation and slicing that do not escape (with it, the state builds sequence slices lazily) |
//! | pure | [`pure`] | common subexpressions of pure operations and elidable calls |
//! | heap | [`heap`] | field and item caching, store sinking (pending stores in resume data) |
//! | dead ops | [`deadops`] | after the chain and peeling: unused results of operations without effects |
//!
//! Each pass receives an operation, may change it, drop it (its result replaced by another
//! operand) or emit other operations, and hands what it emits to the next pass. Knowledge shared
//! between passes (replacements, bounds, reference facts, virtual objects) lives in
//! [`state::State`], which also writes out what leaves the chain: it forces virtuals that escape
//! and describes every exit's resume values (virtuals and pending stores included, see
//! [`crate::resume`]). A loop that jumps to its own label is then peeled ([`unroll`]): the
//! optimized body runs once as a preamble and is followed by a second label and a copy of the body
//! optimized again with what the preamble established.
//!
//! The optimizer never gives up by panicking: a trace it cannot handle gives an [`OptError`], and
//! the JIT compiles the unoptimized trace instead.

pub mod deadops;
pub mod heap;
pub mod info;
pub mod intbounds;
pub mod pure;
pub mod rewrite;
pub mod state;
pub mod unroll;
pub mod virtualize;
pub mod vstring;

use crate::ir::varmap::VarMap;
use crate::ir::{Arg, Descr, Op, Opcode, Trace, VarId};
use crate::resume::{FrameSnapshot, ResumeData};
use info::{load_after_store, IntBound};
use metatrace_gc::{ItemType, Kind, Layout};
use state::State;
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;
use std::sync::OnceLock;

/// Why a trace was not optimized.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct OptError(pub String);

impl OptError {
    /// An error with this explanation.
    pub fn new(why: impl Into<String>) -> OptError {
        OptError(why.into())
    }
}

impl fmt::Display for OptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for OptError {}

/// Which optimizations run (PyPy's `enable_opts`).
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct Passes {
    /// Integer bounds.
    pub intbounds: bool,
    /// Constant folding, identities, guard removal.
    pub rewrite: bool,
    /// Allocation removal.
    pub virtualize: bool,
    /// Virtual strings.
    pub vstring: bool,
    /// Common subexpression elimination.
    pub pure: bool,
    /// Heap caching and store sinking.
    pub heap: bool,
    /// Loop peeling.
    pub unroll: bool,
    /// Jumps to a peeled loop's first label go to its second label when they can (with `unroll`).
    pub enter: bool,
    /// Dead-operation removal, after the others.
    pub deadops: bool,
}

impl Passes {
    /// Every optimization.
    pub const ALL: Passes = Passes {
        intbounds: true,
        rewrite: true,
        virtualize: true,
        vstring: true,
        pure: true,
        heap: true,
        unroll: true,
        enter: true,
        deadops: true,
    };
    /// None: traces are compiled as recorded.
    pub const NONE: Passes = Passes {
        intbounds: false,
        rewrite: false,
        virtualize: false,
        vstring: false,
        pure: false,
        heap: false,
        unroll: false,
        enter: false,
        deadops: false,
    };

    /// Parse `all` or `` (the default), `none`, names separated by `:`
    /// (`intbounds:rewrite:virtualize:vstring:pure:heap:unroll:enter:deadops`), or names each
    /// after a `-`, switched off from all (`-enter`).
    pub fn parse(text: &str) -> Result<Passes, String> {
        match text {
            "all" | "" => return Ok(Passes::ALL),
            "none" => return Ok(Passes::NONE),
            _ => {}
        }
        let off = text.starts_with('-');
        let mut p = if off { Passes::ALL } else { Passes::NONE };
        for name in text.split(':') {
            let name = if off {
                name.strip_prefix('-').ok_or(format!("`{name}` without `-` among names with it"))?
            } else {
                name
            };
            let flag = match name {
                "intbounds" => &mut p.intbounds,
                "rewrite" => &mut p.rewrite,
                "virtualize" => &mut p.virtualize,
                "vstring" => &mut p.vstring,
                "pure" => &mut p.pure,
                "heap" => &mut p.heap,
                "unroll" => &mut p.unroll,
                "enter" => &mut p.enter,
                "deadops" => &mut p.deadops,
                _ => return Err(format!("unknown optimization `{name}`")),
            };
            *flag = !off;
        }
        Ok(p)
    }

    /// The optimizations named by `METATRACE_OPT` (all when it is unset; reported once on stderr
    /// and all when it cannot be parsed).
    pub fn from_env() -> Passes {
        static PASSES: OnceLock<Passes> = OnceLock::new();
        *PASSES.get_or_init(|| {
            let text = std::env::var("METATRACE_OPT").unwrap_or_default();
            Passes::parse(&text).unwrap_or_else(|e| {
                eprintln!("metatrace: METATRACE_OPT: {e}; every optimization is on");
                Passes::ALL
            })
        })
    }

    /// The chain of passes, in PyPy's order.
    fn chain(&self) -> Vec<Box<dyn Pass>> {
        let mut chain: Vec<Box<dyn Pass>> = Vec::new();
        if self.intbounds {
            chain.push(Box::new(intbounds::IntBounds::default()));
        }
        if self.rewrite {
            chain.push(Box::new(rewrite::Rewrite::default()));
        }
        if self.virtualize {
            chain.push(Box::new(virtualize::Virtualize));
        }
        if self.vstring {
            chain.push(Box::new(vstring::VString));
        }
        if self.pure {
            chain.push(Box::new(pure::Pure::default()));
        }
        if self.heap {
            chain.push(Box::new(heap::Heap::default()));
        }
        chain
    }
}

/// One optimization pass.
pub(crate) trait Pass {
    /// Handle `op` (its operands already replaced): emit it, changed or not, or other operations
    /// with [`Cx::emit`], or drop it after replacing its result.
    fn propagate(&mut self, op: Op, cx: &mut Cx<'_>);

    /// Emit whatever the pass has delayed (before a label: nothing may be pending there).
    fn flush(&mut self, _cx: &mut Cx<'_>) {}

    /// What the pass knows that memory holds (resolved), for loop peeling.
    fn known_heap(&self, _st: &State) -> Vec<state::Store> {
        Vec::new()
    }

    /// Start from knowing that memory holds `stores`.
    fn assume_heap(&mut self, _stores: Vec<state::Store>) {}

    /// The pure operations whose results the pass knows, operands resolved (for loop peeling).
    fn known_pure(&self, _st: &State) -> Vec<Op> {
        Vec::new()
    }

    /// Start from knowing the results of the pure operations `ops` (with their results).
    fn assume_pure(&mut self, _ops: Vec<(Op, Arg)>) {}
}

/// What a pass sees of the chain: the shared state and the passes after it.
pub(crate) struct Cx<'a> {
    /// The shared state.
    pub st: &'a mut State,
    rest: &'a mut [Box<dyn Pass>],
}

impl Cx<'_> {
    /// Hand `op` to the next pass (or write it out at the end of the chain). Its operands are
    /// replaced here; its fail args only at the end of the chain (no pass reads them).
    pub fn emit(&mut self, mut op: Op) {
        for a in op.args.iter_mut() {
            *a = self.st.get(*a);
        }
        match self.rest.split_first_mut() {
            Some((next, rest)) => next.propagate(op, &mut Cx { st: self.st, rest }),
            None => self.st.output(op),
        }
    }

    /// `result = opcode(args)` with a new result of `kind`, emitted; returns the result.
    pub fn emit_new(&mut self, opcode: Opcode, args: Vec<Arg>, kind: Kind) -> Arg {
        let result = self.st.new_var(kind);
        self.emit(Op::new(opcode, args, Some(result)));
        Arg::Var(result)
    }

    /// The value a load of a field or item of type `ty` gives when `value` was stored there:
    /// narrow integers come back truncated, so unless the bounds show that `value` fits,
    /// operations that truncate it are emitted.
    pub fn loaded(&mut self, value: Arg, ty: ItemType) -> Arg {
        let width = 8 * u32::from(ty.size);
        let value = self.st.get(value);
        if ty.kind != Kind::Int || width == 64 {
            return value;
        }
        let range = IntBound::of_item(ty);
        match value {
            Arg::Int(c) => return Arg::Int(load_after_store(ty, c as u64) as i64),
            _ if range.contains_bound(&self.st.bound(value)) => return value,
            _ => {}
        }
        let loaded = if ty.signed {
            let shift = Arg::Int(i64::from(64 - width));
            let up = self.emit_new(Opcode::IntLshift, vec![value, shift], Kind::Int);
            self.emit_new(Opcode::IntRshift, vec![up, shift], Kind::Int)
        } else {
            self.emit_new(Opcode::IntAnd, vec![value, Arg::Int(range.hi)], Kind::Int)
        };
        self.st.narrow(loaded, range);
        loaded
    }
}

/// The passes and the shared state of one optimization run over a linear sequence of operations.
pub(crate) struct Optimizer {
    /// The shared state.
    pub st: State,
    chain: Vec<Box<dyn Pass>>,
    /// Whether the last input operation came out of the chain as itself (an overflow or
    /// exception guard after it is only kept then).
    producer_kept: bool,
}

impl Optimizer {
    /// An optimizer running `passes`, numbering new variables from `next_var`.
    pub fn new(passes: &Passes, next_var: VarId) -> Optimizer {
        let mut st = State::new(next_var);
        st.lazy_slices = passes.vstring;
        Optimizer { st, chain: passes.chain(), producer_kept: false }
    }

    /// What the passes know that memory holds.
    pub fn known_heap(&self) -> Vec<state::Store> {
        self.chain.iter().flat_map(|p| p.known_heap(&self.st)).collect()
    }

    /// Let the passes start from knowing that memory holds `stores`.
    pub fn assume_heap(&mut self, stores: &[state::Store]) {
        for pass in &mut self.chain {
            pass.assume_heap(stores.to_vec());
        }
    }

    /// The pure operations whose results the passes know.
    pub fn known_pure(&self) -> Vec<Op> {
        self.chain.iter().flat_map(|p| p.known_pure(&self.st)).collect()
    }

    /// Let the passes start from knowing the results of the pure operations `ops` (with their
    /// results).
    pub fn assume_pure(&mut self, ops: &[(Op, Arg)]) {
        for pass in &mut self.chain {
            pass.assume_pure(ops.to_vec());
        }
    }

    /// Optimize `ops` (whose operands refer to the same variables as the state), in order.
    pub fn run(&mut self, ops: impl IntoIterator<Item = Op>) -> Result<(), OptError> {
        let mut ops = ops.into_iter().peekable();
        while let Some(op) = ops.next() {
            self.st.next_input = ops.peek().map(|o| o.opcode);
            self.feed(op)?;
        }
        self.st.next_input = None;
        Ok(())
    }

    /// Optimize one operation.
    fn feed(&mut self, op: Op) -> Result<(), OptError> {
        let depends_on_producer = matches!(
            op.opcode,
            Opcode::GuardNoOverflow
                | Opcode::GuardOverflow
                | Opcode::GuardNoException
                | Opcode::GuardException
                | Opcode::GuardNotForced
        );
        if depends_on_producer && !self.producer_kept {
            // The operation it checks was removed (folded, or proved not to overflow or raise).
            if matches!(op.opcode, Opcode::GuardOverflow | Opcode::GuardException) {
                return Err(OptError::new(format!("{} lost the operation it checks", op.opcode.name())));
            }
            return Ok(());
        }
        let (opcode, result) = (op.opcode, op.result);
        let before = self.st.out.len();
        Cx { st: &mut self.st, rest: &mut self.chain }.emit(op);
        // A store between a call and its guards (the tracer clears the frames' tokens after a
        // `guard_not_forced`) raises nothing and may be delayed: the guards still check the call.
        if !matches!(opcode, Opcode::Setfield | Opcode::Setarrayitem) {
            self.producer_kept = self.st.out.len() > before
                && self.st.out.last().is_some_and(|o| o.opcode == opcode && o.result == result);
        }
        match self.st.error.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Let every pass emit what it delays.
    pub fn flush(&mut self) -> Result<(), OptError> {
        for i in 0..self.chain.len() {
            let (pass, rest) = self.chain[i..].split_first_mut().expect("i is in range");
            pass.flush(&mut Cx { st: &mut self.st, rest });
        }
        match self.st.error.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// An optimized trace and the resume data of its exits, in order.
#[derive(Clone, Debug)]
pub struct Optimized<G> {
    /// The trace.
    pub trace: Trace,
    /// The resume data of its exits: the `Descr::Guard` of each exit indexes it.
    pub resume: Vec<ResumeData<G>>,
    /// A peeled loop: what its second label expects, for traces that jump to its first label.
    pub entry: Option<unroll::EntryState>,
    /// For a trace that ends with a jump to a peeled loop's first label: whether it jumps to its
    /// second label instead, or why not (see [`unroll::enter`]).
    pub entered: Option<Result<(), &'static str>>,
}

/// What a trace's final jump to a loop's first label needs to know to jump past the loop's
/// preamble instead (see [`unroll::enter`]).
#[derive(Copy, Clone)]
pub struct Entries<'a> {
    /// The state of the peeled loop whose first label has a target number, if there is one.
    pub lookup: &'a dyn Fn(u32) -> Option<std::rc::Rc<unroll::EntryState>>,
    /// The values of the jump's arguments when it was recorded, as constants (none when
    /// unknown): a check is added before the jump only when these values pass it.
    pub values: &'a [Arg],
    /// Whether objects of a layout are values (see [`crate::domain::Language::value_layout`]):
    /// where the loop carries a virtual of such a layout, the jump may pass an object that is
    /// not virtual, by its fields.
    pub value_layout: &'a dyn Fn(&Layout) -> bool,
}

impl Entries<'static> {
    /// No peeled loop is entered.
    pub const NONE: Entries<'static> = Entries { lookup: &no_entry, values: &[], value_layout: &no_value };
}

fn no_entry(_: u32) -> Option<std::rc::Rc<unroll::EntryState>> {
    None
}

fn no_value(_: &Layout) -> bool {
    false
}

/// Optimize a loop: `trace` starts with a label of its input args and ends with a jump (to its
/// own label, or another loop's). `resume` is indexed by the `Descr::Guard` of its exits.
/// `new_target` gives a fresh label target number for the peeled loop's label; `entries` the
/// state of peeled loops that a jump to another loop's label may enter.
///
/// A jump to another loop's label may have fail args: the interpreter's state at that loop's
/// header, whose resume data is the last of `resume` (guards added before the jump resume there).
pub fn optimize_loop<G: Clone>(
    trace: &Trace,
    resume: &[ResumeData<G>],
    passes: &Passes,
    new_target: &mut dyn FnMut() -> u32,
    entries: Entries<'_>,
) -> Result<Optimized<G>, OptError> {
    let label = trace.ops.first().filter(|op| op.opcode == Opcode::Label);
    let Some(Descr::Target(own)) = label.and_then(|l| l.descr) else {
        return Err(OptError::new("a loop starts with its label"));
    };
    let jumps_home =
        trace.ops.last().is_some_and(|op| op.opcode == Opcode::Jump && op.descr == Some(Descr::Target(own)));
    let peeled = if passes.unroll && jumps_home { unroll::peel(trace, passes, new_target)? } else { None };
    let produced = match peeled {
        Some(produced) => produced,
        None => optimize_linear(trace, passes, entries, resume.len())?,
    };
    assemble(trace, resume, without_dead_ops(produced, passes))
}

/// Optimize a loop (or a bridge, when `bridge`) for the JIT with the passes `METATRACE_OPT`
/// names. When the optimizer cannot handle the trace (or fails in any way), the trace as
/// recorded (its virtual reference operations lowered), with the reason.
pub fn optimize_for_jit<G: Clone>(
    trace: &Trace,
    resume: Vec<ResumeData<G>>,
    bridge: bool,
    new_target: &mut dyn FnMut() -> u32,
    entries: Entries<'_>,
) -> (Optimized<G>, Option<OptError>) {
    let passes = Passes::from_env();
    let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        if bridge {
            optimize_bridge(trace, &resume, &passes, entries)
        } else {
            optimize_loop(trace, &resume, &passes, new_target, entries)
        }
    }));
    let failure = match attempt {
        Ok(Ok(optimized)) => return (optimized, None),
        Ok(Err(e)) => e,
        Err(_) => OptError::new("the optimizer panicked"),
    };
    let mut trace = trace.clone();
    crate::vref::lower_trace(&mut trace);
    if let Some(last) = trace.ops.last_mut().filter(|op| op.opcode == Opcode::Jump) {
        last.fail_args.clear();
    }
    (Optimized { trace, resume, entry: None, entered: None }, Some(failure))
}

/// Optimize a bridge: `trace`'s input args are its guard's fail args; it ends with a jump to a
/// loop's label (with fail args, as in [`optimize_loop`]), or a finish.
pub fn optimize_bridge<G: Clone>(
    trace: &Trace,
    resume: &[ResumeData<G>],
    passes: &Passes,
    entries: Entries<'_>,
) -> Result<Optimized<G>, OptError> {
    let produced = optimize_linear(trace, passes, entries, resume.len())?;
    assemble(trace, resume, without_dead_ops(produced, passes))
}

/// `produced` without its dead operations when `passes` removes them.
fn without_dead_ops(mut produced: Produced, passes: &Passes) -> Produced {
    if passes.deadops {
        produced.ops = deadops::remove_dead(produced.ops);
    }
    produced
}

/// What an optimization run wrote out.
pub struct Produced {
    /// The operations.
    pub ops: Vec<Op>,
    /// How each exit relates to the input's exits, in order.
    pub exits: Vec<state::ExitMap>,
    /// One more than the largest variable number.
    pub next_var: VarId,
    /// A peeled loop's state at its second label.
    pub entry: Option<unroll::EntryState>,
    /// Whether it jumps to a peeled loop's second label instead of its first, or why not.
    pub entered: Option<Result<(), &'static str>>,
}

/// Run the chain once over the whole trace (`resumes`: how many resume data it has). A final
/// jump to a peeled loop's first label becomes a jump to its second label when it can.
fn optimize_linear(trace: &Trace, passes: &Passes, entries: Entries<'_>, resumes: usize) -> Result<Produced, OptError> {
    let mut opt = Optimizer::new(passes, trace.next_var);
    let Some((last, body)) = trace.ops.split_last() else { return Ok(opt.st.produced()) };
    opt.run(body.iter().cloned())?;
    let mut not_entered = None;
    let entry = match last.descr {
        Some(Descr::Target(t)) if last.opcode == Opcode::Jump && passes.unroll && passes.enter => (entries.lookup)(t),
        _ => None,
    };
    if let Some(entry) = entry {
        opt.flush()?;
        let resume = (!last.fail_args.is_empty()).then(|| resumes as u32 - 1);
        let entered = unroll::enter(&mut opt, last, &entry, resume, &entries);
        if entered.is_ok() {
            return Ok(Produced { entered: Some(entered), ..opt.st.produced() });
        }
        not_entered = Some(entered);
    }
    let mut last = last.clone();
    if last.opcode == Opcode::Jump {
        last.fail_args.clear();
    }
    opt.run([last])?;
    Ok(Produced { entered: not_entered, ..opt.st.produced() })
}

/// The optimized trace, with the resume data of its exits derived from `resume`.
fn assemble<G: Clone>(trace: &Trace, resume: &[ResumeData<G>], produced: Produced) -> Result<Optimized<G>, OptError> {
    let mut out = Vec::with_capacity(produced.exits.len());
    // The positions each snapshot names, counted once per snapshot: exits share most of theirs.
    let mut ends: HashMap<*const FrameSnapshot<G>, u32> = HashMap::new();
    for exit in produced.exits {
        let recorded = resume
            .get(exit.orig as usize)
            .ok_or_else(|| OptError::new(format!("no resume data for exit {}", exit.orig)))?;
        // The frames are shared with the recorded resume data: their positions (the recorded fail
        // args) map to the resume values; the virtuals and pending stores are the optimizer's.
        let positions =
            recorded.frames.iter().map(|f| *ends.entry(Rc::as_ptr(f)).or_insert_with(|| f.end())).max().unwrap_or(0);
        if positions as usize > exit.slots.len() {
            return Err(OptError::new(format!("resume data of exit {} names a value it does not save", exit.orig)));
        }
        out.push(ResumeData {
            frames: recorded.frames.clone(),
            slots: Some(exit.slots),
            last_call: recorded.last_call,
            virtuals: exit.virtuals,
            pending: exit.pending,
        });
    }
    let optimized = Trace { inputargs: trace.inputargs.clone(), ops: produced.ops, next_var: produced.next_var };
    check(&optimized)?;
    Ok(Optimized { trace: optimized, resume: out, entry: produced.entry, entered: produced.entered })
}

/// Check what the backend relies on and a bug in a pass could break: every variable defined once
/// before its uses, and overflow guards right after their operation.
fn check(trace: &Trace) -> Result<(), OptError> {
    let mut defined = VarMap::new();
    for v in &trace.inputargs {
        defined.insert(v.id, ());
    }
    for (i, op) in trace.ops.iter().enumerate() {
        let undefined = op.args.iter().chain(&op.fail_args).filter_map(Arg::var).find(|v| !defined.contains(v.id));
        if let Some(v) = undefined {
            return Err(OptError::new(format!(
                "optimized op {i} ({}) uses {v} before its definition",
                op.opcode.name()
            )));
        }
        if matches!(op.opcode, Opcode::GuardNoOverflow | Opcode::GuardOverflow) {
            let after_ovf =
                i > 0 && matches!(trace.ops[i - 1].opcode, Opcode::IntAddOvf | Opcode::IntSubOvf | Opcode::IntMulOvf);
            if !after_ovf {
                return Err(OptError::new(format!("optimized op {i}: an overflow guard lost its operation")));
            }
        }
        if let Some(v) = op.result {
            if defined.insert(v.id, ()).is_some() {
                return Err(OptError::new(format!("optimized op {i} defines {v} again")));
            }
        }
    }
    Ok(())
}

/// Helpers for the passes' tests: a registry of test descriptors, and "input trace -> expected
/// trace" checks in text.
#[cfg(test)]
pub(crate) mod tests {
    use super::{optimize_bridge, optimize_loop, Entries, Optimized, Passes};
    use crate::call::{CallDescr, Effect, RawFn};
    use crate::ir::text::{parse_trace, print_trace, Descrs};
    use crate::ir::{Opcode, Trace};
    use crate::resume::{FrameSnapshot, LastCall, ResumeData};
    use metatrace_gc::{heap, ArrayDescr, ArrayPart, FieldDescr, GcRef, ItemType, Kind, Layout};
    use std::rc::Rc;
    use std::sync::OnceLock;

    /// A test object: `value: i64`, `id: i64` (immutable), `next: ref`, `ratio: f64`, `byte: u8`.
    pub static NODE: Layout = Layout { name: "Node", size: 48, ref_offsets: &[24], array: None };
    const fn field(name: &'static str, offset: usize, ty: ItemType, immutable: bool) -> FieldDescr {
        FieldDescr { owner: "Node", name, offset, ty, immutable, quasi_immutable: false, layout: None }
    }
    pub const VALUE: FieldDescr = field("value", 8, ItemType::I64, false);
    pub const ID: FieldDescr = field("id", 16, ItemType::I64, true);
    pub const NEXT: FieldDescr = field("next", 24, ItemType::REF, false);
    pub const RATIO: FieldDescr = field("ratio", 32, ItemType::F64, false);
    pub const BYTE: FieldDescr = field("byte", 40, ItemType::U8, false);
    /// A quasi-immutable view of the word of `id`.
    pub const VERSION: FieldDescr = FieldDescr {
        owner: "Node",
        name: "version",
        offset: 16,
        ty: ItemType::I64,
        immutable: false,
        quasi_immutable: true,
        layout: None,
    };
    /// A test value object (see [`crate::domain::Language::value_layout`]): `value: i64`,
    /// immutable, its only field.
    pub static BOX: Layout = Layout { name: "Box", size: 16, ref_offsets: &[], array: None };
    pub const BOX_VALUE: FieldDescr = FieldDescr {
        owner: "Box",
        name: "value",
        offset: 8,
        ty: ItemType::I64,
        immutable: true,
        quasi_immutable: false,
        layout: None,
    };
    /// A test array of ints.
    pub static ITEMS: Layout = Layout {
        name: "Items",
        size: 16,
        ref_offsets: &[],
        array: Some(ArrayPart { length_offset: 8, items_offset: 16, item: ItemType::I64 }),
    };
    pub const ITEMS_DESCR: ArrayDescr =
        ArrayDescr { owner: "Items", part: ArrayPart { length_offset: 8, items_offset: 16, item: ItemType::I64 } };

    extern "C" fn square(x: u64) -> u64 {
        (x as i64).wrapping_mul(x as i64) as u64
    }
    extern "C" fn add1(x: u64) -> u64 {
        (x as i64).wrapping_add(1) as u64
    }
    extern "C" fn touch(_obj: u64) -> u64 {
        0
    }
    extern "C" fn assembler(_code: u64, _id: u64, frame: u64) -> u64 {
        frame
    }
    /// An elidable call that may raise.
    pub static SQUARE: CallDescr = CallDescr {
        name: "square",
        func: RawFn::A1(square),
        args: &[Kind::Int],
        result: Some(Kind::Int),
        effect: Effect::Elidable,
        can_raise: true,
        oopspec: crate::call::OopSpec::None,
    };
    /// An elidable call that cannot raise.
    pub static PURE_ADD1: CallDescr = CallDescr {
        name: "pure_add1",
        func: RawFn::A1(add1),
        args: &[Kind::Int],
        result: Some(Kind::Int),
        effect: Effect::Elidable,
        can_raise: false,
        oopspec: crate::call::OopSpec::None,
    };
    /// A plain call that may write anything.
    pub static TOUCH: CallDescr = CallDescr {
        name: "touch",
        func: RawFn::A1(touch),
        args: &[Kind::Ref],
        result: None,
        effect: Effect::Plain,
        can_raise: false,
        oopspec: crate::call::OopSpec::None,
    };

    /// A `call_assembler` descriptor (code, id, frame).
    pub static ASSEMBLER: CallDescr = CallDescr {
        name: "assembler",
        func: RawFn::A3(assembler),
        args: &[Kind::Int, Kind::Int, Kind::Ref],
        result: Some(Kind::Ref),
        effect: Effect::MayForce,
        can_raise: true,
        oopspec: crate::call::OopSpec::None,
    };

    /// The test descriptors, and `obj`: a `Node` whose `id` is 42.
    pub fn descrs() -> Descrs {
        static OBJ: OnceLock<usize> = OnceLock::new();
        let addr = *OBJ.get_or_init(|| {
            let obj = heap::alloc(&NODE);
            heap::write_field(obj, &ID, 42);
            obj.addr()
        });
        // SAFETY: `addr` is the address of a node allocated above; the heap never frees.
        let obj = unsafe { GcRef::from_addr(addr) };
        let mut d = Descrs::new();
        for f in [VALUE, ID, NEXT, RATIO, BYTE, VERSION, BOX_VALUE] {
            d.add_field(f);
        }
        d.add_field(crate::vref::FORCED);
        d.add_field(crate::vref::TOKEN);
        d.add_layout(&NODE)
            .add_layout(&BOX)
            .add_layout(&ITEMS)
            .add_array(ITEMS_DESCR)
            .add_layout(&crate::vref::VIRTUAL_REF);
        d.add_call(&SQUARE).add_call(&PURE_ADD1).add_call(&TOUCH).add_call(&ASSEMBLER);
        d.add_ref("obj", obj);
        super::vstring::tests::register(&mut d);
        d
    }

    /// Parse test text, where `$Node`, `$Box` and `$Items` stand for the layouts' addresses.
    pub fn parse(text: &str, descrs: &Descrs) -> Trace {
        let text = text
            .replace("$Node", &(&NODE as *const Layout as i64).to_string())
            .replace("$Box", &(&BOX as *const Layout as i64).to_string())
            .replace("$Items", &(&ITEMS as *const Layout as i64).to_string());
        parse_trace(&text, descrs).unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    /// Resume data for every exit of `t`, and last for a final jump with fail args (see
    /// [`optimize_loop`]): one frame whose fields are the fail args.
    pub fn identity_resume(t: &Trace) -> Vec<ResumeData<()>> {
        t.ops
            .iter()
            .filter(|op| op.opcode.is_exit() || (op.opcode == Opcode::Jump && !op.fail_args.is_empty()))
            .map(|op| {
                let n = op.fail_args.len() as u32;
                let frames = if n == 0 {
                    Vec::new()
                } else {
                    vec![Rc::new(FrameSnapshot {
                        greens: (),
                        frame: 0,
                        fields: (0..n).collect(),
                        items: Vec::new(),
                        log: Default::default(),
                        in_frame: Vec::new(),
                    })]
                };
                ResumeData::new(frames, LastCall::AsLogged)
            })
            .collect()
    }

    /// The resume value of each field of the first frame of `data`.
    pub fn frame_fields(data: &ResumeData<()>) -> Vec<u32> {
        let values = data.slots.as_ref().map_or(data.position_count(), |s| s.iter().max().map_or(0, |i| i + 1));
        let resume_values: Vec<u32> = (0..values).collect();
        let at = data.frame_values(&resume_values);
        data.frames[0].fields.iter().map(|i| at.at(*i)).collect()
    }

    /// Optimize test text with the passes named (`intbounds:rewrite`...): a loop when it starts
    /// with a label, else a bridge. A peeled loop's label gets target 99.
    pub fn optimize_text(passes: &str, input: &str) -> Optimized<()> {
        let passes = Passes::parse(passes).expect("pass names");
        let t = parse(input, &descrs());
        let resume = identity_resume(&t);
        let r = if t.ops.first().is_some_and(|op| op.opcode == Opcode::Label) {
            optimize_loop(&t, &resume, &passes, &mut || 99, Entries::NONE)
        } else {
            optimize_bridge(&t, &resume, &passes, Entries::NONE)
        };
        r.unwrap_or_else(|e| panic!("optimizing failed: {e}"))
    }

    /// Assert that `t` prints as `expected` does (after parsing it).
    pub fn assert_trace(t: &Trace, expected: &str) {
        let expected = print_trace(&parse(expected, &descrs()));
        let got = print_trace(t);
        assert_eq!(got, expected, "\n--- got:\n{got}\n--- expected:\n{expected}");
    }

    /// "input trace -> expected trace" with the passes named.
    pub fn check_opt(passes: &str, input: &str, expected: &str) {
        assert_trace(&optimize_text(passes, input).trace, expected);
    }

    #[test]
    fn no_passes_keep_the_trace() {
        let text = "
            [i0, r1]
            label(i0, r1, descr=<Target 0>)
            i2 = int_add(i0, 1)
            guard_true(i2, descr=<Guard 0>) [i2, r1]
            jump(i2, r1, descr=<Target 0>)
        ";
        check_opt("none", text, text);
    }

    #[test]
    fn pass_names() {
        assert_eq!(Passes::parse("all"), Ok(Passes::ALL));
        assert_eq!(Passes::parse("none"), Ok(Passes::NONE));
        assert_eq!(Passes::parse("heap:unroll").map(|p| (p.heap, p.unroll, p.pure)), Ok((true, true, false)));
        assert!(Passes::parse("heap:fast").is_err());
        assert_eq!(Passes::parse(""), Ok(Passes::ALL));
        assert_eq!(Passes::parse("-enter"), Ok(Passes { enter: false, ..Passes::ALL }));
        assert_eq!(Passes::parse("-enter:-heap"), Ok(Passes { enter: false, heap: false, ..Passes::ALL }));
        assert!(Passes::parse("-enter:heap").is_err());
    }

    #[test]
    fn the_obj_constant_is_a_node() {
        let d = descrs();
        let obj: GcRef = d.lookup_ref("obj").expect("registered");
        assert_eq!(heap::read_field(obj, &ID), 42);
    }
}

//! The JIT driver: warm-up counters, and what happens at `can_enter_jit`: count, trace a loop,
//! run compiled code, and at each exit either resume the interpreter or trace a bridge.

use crate::backend::{Backend, TraceId, X86Backend};
use crate::call::{set_exception, CallDescr, Effect, RawFn};
use crate::cputime::CpuInstant;
use crate::domain::{concrete::run_portal, Concrete, Language, Leave};
use crate::ir::interp::IrEngine;
use crate::ir::{Arg, Descr, Op, Opcode, Trace, Var};
use crate::jitlog::JitLog;
use crate::optimizeopt::unroll::EntryState;
use crate::optimizeopt::{optimize_for_jit, Entries, Optimized};
use crate::params::JitParams;
use crate::perfmap::PerfMap;
use crate::quasi;
use crate::replay;
use crate::resume::{LastCall, ResumeData};
use crate::trace::{Closing, Tracer};
use metatrace_gc::{heap, root_slice, GcRef, Kind, Layout, RootSet};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Where the interpreter goes after compiled code or a tracer hands control back.
#[derive(Copy, Clone, Debug)]
pub(crate) enum Outcome<G> {
    /// Continue at this merge point of the outermost frame.
    Stop(G),
    /// The frame returned this value.
    Return(GcRef),
    /// The frame raised this exception.
    Raise(GcRef),
}

impl<G> Outcome<G> {
    fn from_portal(r: Result<GcRef, Leave<GcRef>>, stop: Option<G>) -> Self {
        match r {
            Ok(v) | Err(Leave::Return(v)) => Outcome::Return(v),
            Err(Leave::Raise(e)) => Outcome::Raise(e),
            Err(Leave::Stop) => Outcome::Stop(stop.expect("a tracer stops at a merge point")),
        }
    }
}

/// A compiled entry point: the trace that starts at some greens, and its label.
#[derive(Copy, Clone, Debug)]
struct Entry {
    trace: TraceId,
    target: u32,
}

/// What the driver knows about one exit of a compiled trace.
struct ExitInfo<G> {
    resume: Rc<ResumeData<G>>,
    /// The guard's fail args: the kinds of the exit's values, and those that are constants
    /// (shared by consecutive exits of a trace that have the same).
    fail_args: Rc<[Arg]>,
    /// Failures in all (for the JIT log).
    failures: u32,
    /// Failures counted towards a bridge, decayed (see `JitParams::decay`): as of the
    /// compile epoch `epoch`.
    heat: f32,
    epoch: u32,
    bridged: bool,
    bridge_attempts: u32,
    /// False for `guard_not_invalidated`: its failures mean the code is obsolete.
    bridgeable: bool,
    /// A bridge traced from here was too long: the next one is segmented (see
    /// `Tracer::segmented`).
    segmented: bool,
    /// The guard's opcode, for the JIT log.
    opcode: Opcode,
    /// The guard is in the preamble of a peeled loop (before its second label) and checks a value
    /// read there through fields of the loop's inputs: not an input (which may be of another class
    /// on the first iteration only, as a sum that starts as the int 0), nor an item (whose class
    /// may change with every iteration).
    preamble_load_check: bool,
    /// The guard is a class guard in the preamble of a peeled loop that checks the loop's input
    /// at this position of its label, against this class (see [`Jit::reenters_own_preamble`]).
    preamble_input_class: Option<(usize, Arg)>,
    /// A bridge from here had a new version of its loop traced (see
    /// [`Jit::reenters_own_preamble`]); its next bridge does not ask again.
    retraced: bool,
    /// The first label of the trace at the root of this exit's tree of bridges: of the loop (or
    /// function) trace that has it, or the root of the exit that the bridge that has it was
    /// traced from. A bridge from here does not enter that loop's peeled loop (see
    /// [`Jit::may_enter`]).
    root_loop: Option<u32>,
}

/// The driver's exits by trace id and resume index (both dense small numbers): the exit path
/// indexes this table instead of hashing.
struct Exits<G>(Vec<Vec<Option<ExitInfo<G>>>>);

impl<G> Exits<G> {
    fn get(&self, (trace, guard): (TraceId, u32)) -> Option<&ExitInfo<G>> {
        self.0.get(trace.0 as usize)?.get(guard as usize)?.as_ref()
    }

    fn get_mut(&mut self, (trace, guard): (TraceId, u32)) -> Option<&mut ExitInfo<G>> {
        self.0.get_mut(trace.0 as usize)?.get_mut(guard as usize)?.as_mut()
    }

    fn insert(&mut self, (trace, guard): (TraceId, u32), info: ExitInfo<G>) {
        let (t, g) = (trace.0 as usize, guard as usize);
        if self.0.len() <= t {
            self.0.resize_with(t + 1, Vec::new);
        }
        let exits = &mut self.0[t];
        if exits.len() <= g {
            exits.resize_with(g + 1, || None);
        }
        exits[g] = Some(info);
    }

    fn iter(&self) -> impl Iterator<Item = ((TraceId, u32), &ExitInfo<G>)> {
        self.0.iter().enumerate().flat_map(|(t, exits)| {
            exits.iter().enumerate().filter_map(move |(g, info)| Some(((TraceId(t as u32), g as u32), info.as_ref()?)))
        })
    }

    /// Forget the exits of every trace for which `keep` is false.
    fn retain_traces(&mut self, keep: impl Fn(TraceId) -> bool) {
        for (t, exits) in self.0.iter_mut().enumerate() {
            if !exits.is_empty() && !keep(TraceId(t as u32)) {
                *exits = Vec::new();
            }
        }
    }
}

/// Counters that the JIT log summarises at exit.
#[derive(Default, Debug, Clone)]
pub struct Stats {
    /// Loops compiled.
    pub loops: u32,
    /// Function traces compiled (from a portal's entry to its return).
    pub functions: u32,
    /// Bridges compiled.
    pub bridges: u32,
    /// Traces given up.
    pub aborts: u32,
    /// Entries into compiled code from the interpreter.
    pub entries: u64,
    /// Exits from compiled code (guard failures without a bridge).
    pub guard_failures: u64,
    /// Guard failures resumed in the interpreter (the others traced a bridge).
    pub resumes: u64,
    /// Operations recorded in compiled traces.
    pub trace_ops: u64,
    /// Time spent tracing, in seconds (of the thread's CPU time, as the other times).
    pub tracing_seconds: f64,
    /// Time spent compiling (optimizing and generating machine code), in seconds.
    pub compile_seconds: f64,
    /// The part of `compile_seconds` spent optimizing.
    pub optimize_seconds: f64,
    /// Operations recorded by the tracer in the traces that were compiled (before optimizing).
    pub recorded_ops: u64,
    /// Loops dropped because a quasi-immutable field they relied on changed.
    pub invalidated: u32,
    /// Traces (bridges mostly) that jump to a peeled loop's second label, past its preamble.
    pub peeled_entries: u32,
    /// Runs of compiled code forced while suspended in a call (see [`force_virtualizable`]).
    pub forced: u64,
}

struct State<G> {
    counters: HashMap<G, u32>,
    entries: HashMap<G, Entry>,
    /// Portal entries counted towards a function trace.
    function_counters: HashMap<G, u32>,
    /// Compiled function traces, by the greens their portal is entered at.
    functions: HashMap<G, Entry>,
    exits: Exits<G>,
    aborts: HashMap<G, u32>,
    greens: Vec<G>,
    greens_ids: HashMap<G, i64>,
    /// The compiled function entry last found for each greens id (PyPy's jitcell): the portal
    /// runner's lookup, checked for validity at each use.
    function_cells: Vec<Option<Entry>>,
    notes: HashMap<G, &'static str>,
    /// Functions (by entry greens) that the tracer calls instead of inlining.
    dont_inline: HashSet<G>,
    /// Loops (by header greens) whose trace was too long with no inlined function to blame:
    /// they are traced in segments (see `Tracer::segmented`).
    segmented: HashSet<G>,
    /// Loop headers at which traces stopped inlining a frame (see `Tracer::merge_point`): a
    /// portal call from one of them runs the loop, never a function trace.
    loop_headers: HashSet<G>,
    /// Loop headers where the interpreter traces a new version of the loop rather than enter
    /// the one compiled there (see [`Jit::reenters_own_preamble`]).
    retrace: HashSet<G>,
    /// Every loop compiled at each header, oldest first (the last is the header's entry unless
    /// it was invalidated): its versions.
    versions: HashMap<G, Vec<Entry>>,
    next_target: u32,
    /// The state at the second label of every peeled loop, by the target of its first label.
    peeled: HashMap<u32, Rc<EntryState>>,
    stats: Stats,
    /// The reference constants of each compiled trace, while its machine code exists: the code
    /// holds their addresses.
    constants: HashMap<TraceId, RootSet>,
    /// Per greens id (see [`Jit::greens_id`]), the word that `call_assembler`s of that function
    /// read: the address of the backend's `EntryRecord` of its valid function trace, or 0.
    assembler_cells: Vec<Option<&'static Cell<usize>>>,
    /// Per recursive function (by a position in it, see `Language::same_function`), the
    /// bridges traced from exits inside its unrolled recursion (see `JitParams::unroll_bridges`).
    recursive_bridges: Vec<(G, u32)>,
    /// Invalidated loops to free once no compiled code is running.
    to_free: Vec<TraceId>,
    /// Traces compiled so far: exits' failure counts decay by epochs (see `ExitInfo::heat`).
    epoch: u32,
}

/// The JIT of one interpreter: its parameters and everything it has learnt and compiled.
pub struct Jit<L: Language> {
    params: JitParams,
    state: RefCell<State<L::Greens>>,
    backend: Box<dyn Backend>,
    tracing: Cell<bool>,
    /// How many executions of compiled code are under way (nested through residual calls).
    executing: Cell<u32>,
    log: JitLog,
    /// `METATRACE_PERFMAP`: compiled code named for `perf report`.
    perf_map: PerfMap,
    portal_runner: &'static CallDescr,
    /// The descriptor of `call_assembler`s: [`call_assembler_helper`].
    assembler_helper: &'static CallDescr,
    /// Buffers for the input values and exit values of executions of compiled code, reused:
    /// executions nest (compiled code calls the portal runner, which enters compiled code), and
    /// each level takes two buffers from here and gives them back when it returns.
    buffers: RefCell<Vec<Vec<u64>>>,
    /// Compiled code forced while suspended in a call (see [`Jit::force`]), until its
    /// `guard_not_forced` fails.
    forced: RefCell<Vec<Forced>>,
}

/// Compiled code whose frames were forced during a call: its `force_token`, the exit of the
/// `guard_not_forced` after the call, and the resume values made then (the virtuals keep their
/// identity when the guard resumes).
struct Forced {
    token: usize,
    key: (TraceId, u32),
    values: Vec<u64>,
    _roots: Option<RootSet>,
}

/// Force `frame` if compiled code keeps its state in registers while suspended in a call (its
/// token field is set, see [`crate::domain::Virtualizable::token`]): write the state of every
/// frame of that code's inline stack into the frame objects, and make the code leave through
/// its `guard_not_forced` once the call returns. Native code calls this before it reads the
/// virtualizable fields or items of a frame that is not running in the interpreter.
pub fn force_virtualizable<L: Language>(frame: GcRef) {
    let Some(token_field) = &L::virtualizable().token else { return };
    let token = heap::read_field(frame, token_field) as usize;
    if token != 0 {
        force_token::<L>(token);
    }
}

/// Force the compiled code suspended in a call whose `force_token` is `token` (a frame's token
/// field, a virtual reference's [`crate::vref::TOKEN`]): make its virtuals and frames at the
/// `guard_not_forced` after the call, perform that exit's pending stores (which fill the
/// virtual references it keeps lazy), and make it leave through that guard once the call returns.
pub(crate) fn force_token<L: Language>(token: usize) {
    let jit = CURRENT.with(Cell::get) as *const Jit<L>;
    assert!(!jit.is_null(), "a token is set only while compiled code runs");
    // SAFETY: a token is set only while compiled code is suspended in a call, and compiled code
    // runs only within `Jit::run` or `Jit::as_current`, which set CURRENT to a `Jit<L>` that
    // outlives the run (as in `portal_runner`).
    let jit = unsafe { &*jit };
    jit.force(token);
}

thread_local! {
    /// The JIT whose `run`, compiled code or tracer is active on this thread, for the portal runner.
    static CURRENT: Cell<usize> = const { Cell::new(0) };
}

/// Run a portal call that the tracer left residual (too deep to inline): the residual function
/// behind `Jit::portal_runner`.
extern "C" fn portal_runner<L: Language>(greens_id: u64, frame: u64) -> u64 {
    let jit = CURRENT.with(Cell::get) as *const Jit<L>;
    // SAFETY: CURRENT is set by `Jit::run`, `Jit::as_current` (around every execution of compiled
    // code and every loop or function trace) to a `Jit<L>` that outlives that call, and machine code
    // or the tracer only calls this runner (monomorphised for the same L) within such a call.
    let jit = unsafe { &*jit };
    // SAFETY: the tracer passes the callee frame, a live object, as this argument.
    let frame = unsafe { GcRef::from_addr(frame as usize) };
    let d = &mut Concrete::new(jit);
    let result = match jit.function_cell(greens_id as usize) {
        (_, Some(entry)) => jit.after_portal(d, jit.run_compiled(entry, frame), frame),
        (greens, None) => jit.call_portal(d, greens, frame),
    };
    match result {
        Ok(v) => v.addr() as u64,
        Err(e) => {
            set_exception(e);
            0
        }
    }
}

/// The descriptor of `call_assembler` (PyPy's assembler_helper): with `code` = `NO_EXIT`, run the
/// portal call as [`portal_runner`] does; else finish the run of the callee's function trace
/// that machine code entered directly and that left through the exit `code` without returning
/// (resume the interpreter or trace a bridge there, and run the frame to its end).
extern "C" fn call_assembler_helper<L: Language>(code: u64, greens_id: u64, frame: u64) -> u64 {
    if code == crate::ir::NO_EXIT {
        return portal_runner::<L>(greens_id, frame);
    }
    let jit = CURRENT.with(Cell::get) as *const Jit<L>;
    // SAFETY: as in `portal_runner`: only machine code that the current JIT runs calls this.
    let jit = unsafe { &*jit };
    // SAFETY: the callee frame, a live object, is this argument of every call_assembler.
    let frame = unsafe { GcRef::from_addr(frame as usize) };
    let mut values = jit.buffers.borrow_mut().pop().unwrap_or_default();
    let key = jit.backend.take_exit(code, &mut values);
    let outcome = jit.handle_exit(key, frame, &mut values);
    jit.buffers.borrow_mut().push(values);
    let outcome = match outcome {
        Outcome::Stop(g) => match jit.entry(&g) {
            Some(entry) => jit.run_compiled_from(entry, frame),
            None => outcome,
        },
        other => other,
    };
    let result = jit.after_portal(&mut Concrete::new(jit), outcome, frame);
    // The exit may have been a guard_not_invalidated: look the callee's entry up again.
    jit.refresh_assembler_cell(greens_id as usize);
    match result {
        Ok(v) => v.addr() as u64,
        Err(e) => {
            set_exception(e);
            0
        }
    }
}

/// The backend named by `METATRACE_BACKEND`: `x86` (the default) or `ir` (the IR interpreter).
fn backend_from_env() -> Box<dyn Backend> {
    match std::env::var("METATRACE_BACKEND").as_deref() {
        Ok("ir") => Box::new(IrEngine::default()),
        _ => Box::new(X86Backend::new()),
    }
}

impl<L: Language> Jit<L> {
    /// A JIT with the given parameters; its log goes where `METATRACE_LOG` says.
    pub fn new(params: JitParams) -> Self {
        let portal_runner = Box::leak(Box::new(CallDescr {
            name: "portal_runner",
            func: RawFn::A2(portal_runner::<L>),
            args: &[Kind::Int, Kind::Ref],
            result: Some(Kind::Ref),
            effect: Effect::MayForce,
            can_raise: true,
            oopspec: crate::call::OopSpec::None,
        }));
        let assembler_helper = Box::leak(Box::new(CallDescr {
            name: "assembler_helper",
            func: RawFn::A3(call_assembler_helper::<L>),
            args: &[Kind::Int, Kind::Int, Kind::Ref],
            result: Some(Kind::Ref),
            effect: Effect::MayForce,
            can_raise: true,
            oopspec: crate::call::OopSpec::None,
        }));
        Jit {
            params,
            state: RefCell::new(State {
                counters: HashMap::default(),
                entries: HashMap::default(),
                function_counters: HashMap::default(),
                functions: HashMap::default(),
                exits: Exits(Vec::new()),
                aborts: HashMap::default(),
                greens: Vec::new(),
                greens_ids: HashMap::default(),
                function_cells: Vec::new(),
                notes: HashMap::default(),
                dont_inline: HashSet::default(),
                segmented: HashSet::default(),
                retrace: HashSet::default(),
                versions: HashMap::default(),
                loop_headers: HashSet::default(),
                next_target: 0,
                peeled: HashMap::default(),
                stats: Stats::default(),
                constants: HashMap::default(),
                assembler_cells: Vec::new(),
                recursive_bridges: Vec::new(),
                to_free: Vec::new(),
                epoch: 0,
            }),
            executing: Cell::new(0),
            backend: backend_from_env(),
            tracing: Cell::new(false),
            log: JitLog::from_env(),
            perf_map: PerfMap::from_env(),
            portal_runner,
            assembler_helper,
            buffers: RefCell::new(Vec::new()),
            forced: RefCell::new(Vec::new()),
        }
    }

    /// The parameters.
    pub fn params(&self) -> &JitParams {
        &self.params
    }

    /// A copy of the counters so far.
    pub fn stats(&self) -> Stats {
        self.state.borrow().stats.clone()
    }

    /// Run `frame` from `greens` to completion: `Ok(result)` or `Err(exception)`.
    pub fn run(&self, greens: L::Greens, frame: GcRef) -> Result<GcRef, GcRef> {
        let previous = CURRENT.with(|c| c.replace(self as *const Self as usize));
        let r = run_portal(&mut Concrete::new(self), greens, frame);
        CURRENT.with(|c| c.set(previous));
        self.log.summary(&self.stats());
        if self.log.enabled() {
            self.log_hot_exits();
        }
        r
    }

    /// Write the exits that failed most often to the JIT log: where they resume, their opcode,
    /// and whether they have a bridge.
    fn log_hot_exits(&self) {
        let st = self.state.borrow();
        let mut exits: Vec<_> = st.exits.iter().filter(|(_, info)| info.failures > 0).collect();
        exits.sort_by_key(|(key, info)| (std::cmp::Reverse(info.failures), *key));
        let resumed: Vec<_> = exits.iter().filter(|(_, info)| !info.bridged).map(|(_, info)| info).collect();
        let why = |info: &ExitInfo<L::Greens>| {
            if !info.bridgeable {
                "not bridgeable"
            } else if info.resume.last_call != LastCall::AsLogged {
                "after a call that raised or returned"
            } else if info.bridge_attempts > self.params.max_retrace_attempts {
                "bridge attempts exhausted"
            } else {
                "below trace_eagerness"
            }
        };
        for reason in [
            "not bridgeable",
            "after a call that raised or returned",
            "bridge attempts exhausted",
            "below trace_eagerness",
        ] {
            let (n, failures) = resumed
                .iter()
                .filter(|info| why(info) == reason)
                .fold((0, 0u64), |(n, f), info| (n + 1, f + u64::from(info.failures)));
            if n > 0 {
                self.log.note(&format!("resumed exits, {reason}: {n} exits, {failures} failures"));
            }
        }
        // The same place in the program gets exits in many traces: group them by place and guard.
        let mut sites: HashMap<(String, &'static str), (u32, u32, u64)> = HashMap::default();
        for (_, info) in &exits {
            let at = info.resume.frames.last().map(|f| L::describe(&f.greens)).unwrap_or_default();
            let site = sites.entry((at, info.opcode.name())).or_default();
            site.0 += 1;
            site.1 += u32::from(info.bridged);
            site.2 += u64::from(info.failures);
        }
        let mut sites: Vec<_> = sites.into_iter().collect();
        sites.sort_by(|a, b| b.1 .2.cmp(&a.1 .2).then_with(|| a.0.cmp(&b.0)));
        for ((at, opcode), (n, bridged, failures)) in sites.into_iter().take(30) {
            let exits = format!("{n} exits ({bridged} bridged)");
            self.log.note(&format!("hot exit site: {failures} failures, {exits}, {opcode} at {at}"));
        }
        for ((trace, guard), info) in exits.into_iter().take(20) {
            let at = info.resume.frames.last().map(|f| L::describe(&f.greens)).unwrap_or_default();
            let bridged = if info.bridged { "bridged" } else { "resumed" };
            self.log.note(&format!(
                "hot exit: guard {guard} of trace {}: {} failures, {bridged}, {} {:?} at {at}",
                trace.0,
                info.failures,
                info.opcode.name(),
                info.resume.last_call
            ));
        }
    }

    /// The residual function that runs a portal call the tracer did not inline.
    pub(crate) fn portal_runner(&self) -> &'static CallDescr {
        self.portal_runner
    }

    /// A small number that names `greens` in traces.
    pub(crate) fn greens_id(&self, greens: L::Greens) -> i64 {
        let mut st = self.state.borrow_mut();
        if let Some(id) = st.greens_ids.get(&greens) {
            return *id;
        }
        let id = st.greens.len() as i64;
        st.greens.push(greens);
        st.greens_ids.insert(greens, id);
        id
    }

    /// The description of a position, for `debug_merge_point`.
    pub(crate) fn note(&self, greens: &L::Greens) -> &'static str {
        let mut st = self.state.borrow_mut();
        st.notes.entry(*greens).or_insert_with(|| Box::leak(L::describe(greens).into_boxed_str()))
    }

    /// The greens named by `id` (see [`Jit::greens_id`]) and the valid compiled function entry
    /// there, if any: from the greens' cell when it is still valid, else looked up (and cached).
    fn function_cell(&self, id: usize) -> (L::Greens, Option<Entry>) {
        let (greens, cached) = {
            let st = self.state.borrow();
            (st.greens[id], st.function_cells.get(id).copied().flatten())
        };
        if let Some(entry) = cached.filter(|e| self.backend.is_valid(e.trace)) {
            return (greens, Some(entry));
        }
        let entry = self.valid_entry(&greens, true);
        let mut st = self.state.borrow_mut();
        if st.function_cells.len() <= id {
            st.function_cells.resize(id + 1, None);
        }
        st.function_cells[id] = entry;
        (greens, entry)
    }

    /// The compiled code that a portal call of the greens numbered `id` runs: the loop compiled
    /// there if traces stopped inlining a frame at that loop header (see `Jit::call_portal`),
    /// else the function trace entered there.
    fn portal_entry(&self, id: usize) -> Option<Entry> {
        let greens = self.state.borrow().greens[id];
        if self.state.borrow().loop_headers.contains(&greens) {
            self.entry(&greens)
        } else {
            self.function_cell(id).1
        }
    }

    /// Point the `call_assembler` cell of greens id `id` (if traces use one) at the code a portal
    /// call there runs now (see [`Jit::portal_entry`]); returns that code's entry record.
    fn refresh_assembler_cell(&self, id: usize) -> usize {
        let record = self.portal_entry(id).map_or(0, |e| self.backend.entry_record(e.trace));
        if let Some(cell) = self.state.borrow().assembler_cells.get(id).copied().flatten() {
            cell.set(record);
        }
        record
    }

    /// For a portal call of `greens` that a trace leaves residual: the descriptor and the cell
    /// (see `State::assembler_cells`) of a `call_assembler`. The code that the call runs (see
    /// [`Jit::portal_entry`]) need not be compiled yet: until it is, the cell holds 0 and the call
    /// runs the portal runner (which counts towards tracing the callee); compiling it fills the
    /// cell, and from then on the call enters the code directly (a recursive generator's
    /// resumption is traced before the resumption it makes at the next level is compiled).
    pub(crate) fn assembler_call(&self, greens: L::Greens) -> (&'static CallDescr, usize) {
        let id = self.greens_id(greens) as usize;
        let record = self.refresh_assembler_cell(id);
        let mut st = self.state.borrow_mut();
        if st.assembler_cells.len() <= id {
            st.assembler_cells.resize(id + 1, None);
        }
        let cell = *st.assembler_cells[id].get_or_insert_with(|| Box::leak(Box::new(Cell::new(0))));
        cell.set(record);
        (self.assembler_helper, cell as *const Cell<usize> as usize)
    }

    /// Mark the function entered at `greens` "don't inline": traces call it instead.
    pub(crate) fn dont_inline(&self, greens: L::Greens) {
        self.state.borrow_mut().dont_inline.insert(greens);
    }

    /// Note that traces make portal calls from the loop header at `greens`.
    pub(crate) fn mark_loop_header(&self, greens: L::Greens) {
        self.state.borrow_mut().loop_headers.insert(greens);
    }

    /// Whether the function entered at `greens` is called rather than inlined by traces.
    pub(crate) fn is_dont_inline(&self, greens: &L::Greens) -> bool {
        self.state.borrow().dont_inline.contains(greens)
    }

    /// How many frames running the function of `greens` (see `Language::same_function`) the
    /// inline stack may hold for a portal call at `greens` to be inlined: `max_unroll_recursion`,
    /// or 1 once `unroll_bridges` bridges were traced inside that function's unrolled recursion.
    pub(crate) fn max_unroll_recursion(&self, greens: &L::Greens) -> usize {
        let (limit, bridges) = (self.params.max_unroll_recursion, self.params.unroll_bridges);
        let st = self.state.borrow();
        let stopped = |(g, n): &(L::Greens, u32)| bridges > 0 && *n >= bridges && L::same_function(g, greens);
        if st.recursive_bridges.iter().any(stopped) {
            limit.min(1)
        } else {
            limit
        }
    }

    /// Count a bridge traced from an exit with resume data `resume` against each function that
    /// runs in more than one frame of the exit's inline stack (the exit is inside that function's
    /// unrolled recursion); see `JitParams::unroll_bridges`.
    fn count_recursive_bridge(&self, resume: &ResumeData<L::Greens>) {
        let frames = &resume.frames;
        for (i, frame) in frames.iter().enumerate() {
            let first_of_function = !frames[..i].iter().any(|f| L::same_function(&f.greens, &frame.greens));
            let recursive = frames[i + 1..].iter().any(|f| L::same_function(&f.greens, &frame.greens));
            if !(first_of_function && recursive) {
                continue;
            }
            let mut st = self.state.borrow_mut();
            let known = st.recursive_bridges.iter().position(|(g, _)| L::same_function(g, &frame.greens));
            let at = known.unwrap_or_else(|| {
                st.recursive_bridges.push((frame.greens, 0));
                st.recursive_bridges.len() - 1
            });
            st.recursive_bridges[at].1 += 1;
            if st.recursive_bridges[at].1 == self.params.unroll_bridges {
                drop(st);
                let n = self.params.unroll_bridges;
                let at = L::describe(&frame.greens);
                self.log.note(&format!("traces stop unrolling the recursion at {at}: {n} bridges inside it"));
            }
        }
    }

    /// The label target of the compiled entry at `greens`, if there is one.
    pub(crate) fn entry_target(&self, greens: &L::Greens) -> Option<u32> {
        self.entry(greens).map(|e| e.target)
    }

    /// The compiled loop the interpreter enters at `greens`: none while a new version of it is
    /// due (see [`Jit::reenters_own_preamble`]), which is traced there instead.
    fn loop_to_enter(&self, greens: &L::Greens) -> Option<Entry> {
        if self.state.borrow().retrace.contains(greens) {
            return None;
        }
        self.entry(greens)
    }

    /// The compiled entry at `greens`, if there is one that is still valid. An entry whose code
    /// was invalidated (a quasi-immutable field it relied on changed) is forgotten and its loop
    /// freed (the backend releases the code once nothing runs or reaches it), so the place counts
    /// again towards a new trace.
    fn entry(&self, greens: &L::Greens) -> Option<Entry> {
        self.valid_entry(greens, false)
    }

    /// The compiled entry at `greens` among the function traces (`functions`) or the loops, if
    /// it is still valid (see [`Jit::entry`]).
    fn valid_entry(&self, greens: &L::Greens, functions: bool) -> Option<Entry> {
        fn map<G>(st: &mut State<G>, functions: bool) -> &mut HashMap<G, Entry> {
            if functions {
                &mut st.functions
            } else {
                &mut st.entries
            }
        }
        let entry = map(&mut self.state.borrow_mut(), functions).get(greens).copied()?;
        let valid = self.backend.is_valid(entry.trace);
        if valid {
            return Some(entry);
        }
        let mut st = self.state.borrow_mut();
        map(&mut st, functions).remove(greens);
        st.stats.invalidated += 1;
        // `call_assembler`s of these greens look the entry up again when they next run.
        let cell = st.greens_ids.get(greens).and_then(|&id| st.assembler_cells.get(id as usize).copied().flatten());
        if let Some(cell) = cell {
            cell.set(0);
        }
        // Compiled code may be running further up the stack (it called back into the
        // interpreter): its exits must stay known until it returns.
        st.to_free.push(entry.trace);
        drop(st);
        if self.executing.get() == 0 {
            self.free_invalidated();
        }
        None
    }

    /// Free the loops forgotten while compiled code was running.
    fn free_invalidated(&self) {
        let loops = std::mem::take(&mut self.state.borrow_mut().to_free);
        for id in loops {
            self.backend.free(id);
        }
        let backend = &self.backend;
        let mut st = self.state.borrow_mut();
        // Machine code of a freed tree may live on while another tree's code jumps into it: its
        // exits (at the latest its `guard_not_invalidated`) can still be taken.
        let alive = |t| backend.invalidation(t).is_some() || backend.code_size(t) > 0;
        st.exits.retain_traces(alive);
        st.constants.retain(|&t, _| alive(t));
    }

    /// The `can_enter_jit` hint of the concrete domain.
    pub(crate) fn can_enter_jit(&self, greens: &mut L::Greens, frame: GcRef) -> Result<(), Leave<GcRef>> {
        if !self.params.enabled {
            return Ok(());
        }
        let entry = self.loop_to_enter(greens);
        let outcome = match entry {
            Some(entry) => self.run_compiled(entry, frame),
            None => {
                let due = self.state.borrow().retrace.contains(greens);
                if self.tracing.get() || !(due || self.count(greens, false)) {
                    return Ok(());
                }
                self.trace_at(*greens, frame, false)
            }
        };
        match outcome {
            Outcome::Stop(g) => {
                *greens = g;
                let again = self.loop_to_enter(greens);
                match again {
                    Some(entry) => self.finish(self.run_compiled(entry, frame), greens),
                    None => Ok(()),
                }
            }
            Outcome::Return(v) => Err(Leave::Return(v)),
            Outcome::Raise(e) => Err(Leave::Raise(e)),
        }
    }

    /// A portal call from the concrete domain: run the function trace compiled for `greens` if
    /// there is one (count towards one if not), else interpret. `Ok(result)` or `Err(exception)`.
    /// Inlined, so that with the JIT off the interpreter's portal is called directly.
    #[inline(always)]
    pub(crate) fn call_portal(&self, d: &mut Concrete<'_, L>, greens: L::Greens, frame: GcRef) -> Result<GcRef, GcRef> {
        if !self.params.enabled {
            return run_portal(d, greens, frame);
        }
        self.call_portal_enabled(d, greens, frame)
    }

    /// [`Jit::call_portal`] with the JIT on: out of line.
    #[inline(never)]
    fn call_portal_enabled(&self, d: &mut Concrete<'_, L>, greens: L::Greens, frame: GcRef) -> Result<GcRef, GcRef> {
        let outcome = match self.valid_entry(&greens, true) {
            Some(entry) => self.run_compiled(entry, frame),
            None if self.state.borrow().loop_headers.contains(&greens) => match self.entry(&greens) {
                // The rest of a frame from a loop header (a trace stopped inlining it there): the
                // loop's code, or the interpreter, whose backward jumps count towards tracing it.
                Some(entry) => self.run_compiled(entry, frame),
                None => return run_portal(d, greens, frame),
            },
            None => {
                if self.tracing.get() || !self.count(&greens, true) {
                    return run_portal(d, greens, frame);
                }
                self.trace_at(greens, frame, true)
            }
        };
        self.after_portal(d, outcome, frame)
    }

    /// The result of a portal call whose frame compiled code (or the tracer) left with `outcome`:
    /// a frame stopped at a merge point continues in the loop compiled there or in the interpreter.
    fn after_portal(&self, d: &mut Concrete<'_, L>, outcome: Outcome<L::Greens>, frame: GcRef) -> Result<GcRef, GcRef> {
        match outcome {
            Outcome::Stop(g) => match self.entry(&g) {
                Some(entry) => match self.run_compiled(entry, frame) {
                    Outcome::Stop(g) => run_portal(d, g, frame),
                    Outcome::Return(v) => Ok(v),
                    Outcome::Raise(e) => Err(e),
                },
                None => run_portal(d, g, frame),
            },
            Outcome::Return(v) => Ok(v),
            Outcome::Raise(e) => Err(e),
        }
    }

    fn finish(&self, outcome: Outcome<L::Greens>, greens: &mut L::Greens) -> Result<(), Leave<GcRef>> {
        match outcome {
            Outcome::Stop(g) => {
                *greens = g;
                Ok(())
            }
            Outcome::Return(v) => Err(Leave::Return(v)),
            Outcome::Raise(e) => Err(Leave::Raise(e)),
        }
    }

    /// Count one more backward jump to `greens` (a portal entry at `greens` for a function);
    /// true when it is time to trace.
    fn count(&self, greens: &L::Greens, function: bool) -> bool {
        let mut st = self.state.borrow_mut();
        if st.aborts.get(greens).copied().unwrap_or(0) > self.params.max_retrace_attempts {
            return false;
        }
        let (counters, threshold) = if function {
            (&mut st.function_counters, self.params.function_threshold)
        } else {
            (&mut st.counters, self.params.threshold)
        };
        let c = counters.entry(*greens).or_insert(0);
        *c += 1;
        if *c < threshold {
            return false;
        }
        *c = 0;
        true
    }

    /// The label values of `frame` (the frame, its virtualizable fields, array and items), in
    /// `v` (cleared first).
    fn frame_inputs(frame: GcRef, v: &mut Vec<u64>) {
        let vable = L::virtualizable();
        v.clear();
        v.push(frame.addr() as u64);
        v.extend(vable.fields.iter().map(|f| heap::read_field(frame, f)));
        if let Some(va) = &vable.array {
            let array = heap::read_field_ref(frame, &va.field);
            v.push(array.addr() as u64);
            let n = heap::array_len(array, &va.items) as usize;
            let item = va.items.part.item;
            if item.kind == Kind::Ref {
                v.extend((0..n as i64).map(|i| heap::read_item_ref(array, &va.items, i).addr() as u64));
            } else if item.size == 8 {
                let start = v.len();
                v.resize(start + n, 0);
                heap::read_word_items(array, &va.items, 0, &mut v[start..]);
            } else {
                v.extend((0..n as i64).map(|i| heap::read_item(array, &va.items, i)));
            }
        }
    }

    /// Trace a loop from `greens` in `frame`, or a function from its entry at `greens` (see
    /// [`Tracer::for_function`]), compile it and register it as an entry.
    fn trace_at(&self, greens: L::Greens, frame: GcRef, function: bool) -> Outcome<L::Greens> {
        let target = {
            let mut st = self.state.borrow_mut();
            st.next_target += 1;
            st.next_target - 1
        };
        let started = CpuInstant::now();
        self.tracing.set(true);
        let mut tracer = if function {
            Tracer::for_function(self, greens, frame, target)
        } else {
            Tracer::for_loop(self, greens, frame, target)
        };
        tracer.segmented = !function && self.state.borrow().segmented.contains(&greens);
        let r = self.as_current(|| tracer.run_loop(greens));
        self.tracing.set(false);
        if !function {
            self.state.borrow_mut().retrace.remove(&greens);
        }
        if tracer.wants_segments && !function {
            self.state.borrow_mut().segmented.insert(greens);
        }
        self.state.borrow_mut().stats.tracing_seconds += started.elapsed();
        let what = format!("{} at {}", if function { "function" } else { "loop" }, L::describe(&greens));
        let compiled = self.closed_trace(&mut tracer, &what, Some(&greens)).and_then(|trace| {
            self.install(&trace, std::mem::take(&mut tracer.resume), &tracer.jump_values, None, tracer.segmented)
        });
        if let Some(id) = compiled {
            let mut st = self.state.borrow_mut();
            let entry = Entry { trace: id, target };
            if function {
                st.functions.insert(greens, entry);
                st.stats.functions += 1;
            } else {
                st.entries.insert(greens, entry);
                st.versions.entry(greens).or_default().push(entry);
                st.stats.loops += 1;
            }
            let id = st.greens_ids.get(&greens).copied();
            drop(st);
            if let Some(id) = id {
                self.refresh_assembler_cell(id as usize);
            }
        }
        Outcome::from_portal(r, tracer.stop_greens)
    }

    /// The trace of a tracer that closed (taken from it), or `None` (logged) when it was given up.
    /// A loop or function trace given up counts against its `start` greens (too many aborts stop
    /// tracing there); a bridge has none: its attempts are counted per exit.
    fn closed_trace(&self, tracer: &mut Tracer<'_, L>, what: &str, start: Option<&L::Greens>) -> Option<Trace> {
        if tracer.aborted.is_none() && tracer.quasi_immutable_changed() {
            tracer.aborted = Some("a quasi-immutable field it read changed while tracing".to_string());
        }
        match (&tracer.aborted, &tracer.closing) {
            (None, Closing::Closed) => Some(std::mem::take(&mut tracer.trace)),
            (reason, _) => {
                let reason = reason.as_deref().unwrap_or("not closed");
                self.log.abort(what, reason);
                let mut st = self.state.borrow_mut();
                st.stats.aborts += 1;
                if let Some(greens) = start {
                    *st.aborts.entry(*greens).or_insert(0) += 1;
                }
                None
            }
        }
    }

    /// Compile a trace (a loop, or a bridge from an exit) and register its exits; `None` (logged)
    /// when the backend cannot compile it. The exit that ends a `segmented` trace (see
    /// `Tracer::segmented`) is segmented too: its bridge continues the same long path.
    fn install(
        &self,
        recorded: &Trace,
        resume: Vec<ResumeData<L::Greens>>,
        jump_values: &[Arg],
        from: Option<(TraceId, u32)>,
        segmented: bool,
    ) -> Option<TraceId> {
        let started = CpuInstant::now();
        let mut new_target = || {
            let mut st = self.state.borrow_mut();
            st.next_target += 1;
            st.next_target - 1
        };
        let root_loop = match from {
            Some(key) => self.state.borrow().exits.get(key).and_then(|e| e.root_loop),
            None => match recorded.ops.first().and_then(|op| op.descr) {
                Some(Descr::Target(first)) => Some(first),
                _ => None,
            },
        };
        let lookup = |t: u32| self.may_enter(t, root_loop);
        let entries = Entries { lookup: &lookup, values: jump_values, value_layout: &L::value_layout };
        let (mut optimized, failure) = optimize_for_jit(recorded, resume, from.is_some(), &mut new_target, entries);
        if failure.is_none() {
            crate::optimizeopt::rewrite::hoist_bound_guards(&mut optimized);
            crate::optimizeopt::rewrite::drop_identity_guards_decided_by_class(&mut optimized);
        }
        let Optimized { trace, resume, entry, entered } = optimized;
        let optimized = started.elapsed();
        if let Some(e) = failure {
            self.log.abort("optimizing (compiled as recorded)", &e.to_string());
        }
        let trace = &trace;
        let backend = &self.backend;
        let compiled = match from {
            Some((t, guard)) => backend.compile_bridge(t, guard, trace),
            None => backend.compile_loop(trace),
        };
        let elapsed = started.elapsed();
        {
            let mut st = self.state.borrow_mut();
            st.stats.compile_seconds += elapsed;
            st.stats.optimize_seconds += optimized;
        }
        let id = match compiled {
            Ok(id) => id,
            Err(e) => {
                self.log.abort("compiling", &e.to_string());
                return None;
            }
        };
        let what = match from {
            Some((t, guard)) => format!("bridge {} from guard {guard} of trace {}", id.0, t.0),
            None => format!("loop {}", id.0),
        };
        if let Some(Err(why)) = entered {
            self.log.note(&format!("{what} jumps to a loop's preamble: {why}"));
        }
        self.log.trace(&format!("{what} as recorded"), recorded);
        self.log.trace(&what, trace);
        self.log.machine_code(id.0 as usize, backend.code_size(id), || backend.disassemble(id));
        self.perf_map.code(backend.code_addr(id), backend.code_size(id), &what);
        let mut st = self.state.borrow_mut();
        st.epoch += 1;
        st.stats.peeled_entries += u32::from(entered == Some(Ok(())));
        if let (Some(entry), Some(Descr::Target(first))) = (entry, recorded.ops.first().and_then(|op| op.descr)) {
            st.peeled.insert(first, Rc::new(entry));
        }
        st.stats.trace_ops += trace.ops.len() as u64;
        st.stats.recorded_ops += recorded.ops.len() as u64;
        let constants = st.constants.entry(id).or_default();
        for arg in trace.ops.iter().flat_map(|op| op.args.iter().chain(&op.fail_args)) {
            if let Arg::Ref(r) = arg {
                constants.add(*r);
            }
        }
        let mut resume = resume.into_iter().map(Rc::new);
        let mut last_fail_args: Rc<[Arg]> = Rc::default();
        // The exits before a peeled loop's second label are its preamble's.
        let peeled_at = match from {
            None => trace.ops.iter().enumerate().filter(|(_, op)| op.opcode == Opcode::Label).nth(1).map(|(i, _)| i),
            Some(_) => None,
        };
        // The values the preamble reads through fields from the loop's inputs (a list's storage):
        // properties of the input objects, not of one iteration (as a list item is).
        let inputs: HashSet<Var> =
            trace.ops.first().map(|op| op.args.iter().filter_map(Arg::var).collect()).unwrap_or_default();
        let mut loaded: HashSet<Var> = HashSet::default();
        for op in &trace.ops[..peeled_at.unwrap_or(0)] {
            if let (Opcode::Getfield, Some(obj), Some(result)) =
                (op.opcode, op.args.first().and_then(Arg::var), op.result)
            {
                if inputs.contains(&obj) || loaded.contains(&obj) {
                    loaded.insert(result);
                }
            }
        }
        let checks_load = |op: &Op| op.args.first().and_then(Arg::var).is_some_and(|v| loaded.contains(&v));
        let label = trace.ops.first().map_or(&[][..], |op| &op.args[..]);
        let checks_input_class = |op: &Op| match (op.opcode, &op.args[..]) {
            (Opcode::GuardClass | Opcode::GuardNonnullClass, [obj @ Arg::Var(_), class]) => {
                label.iter().position(|a| a == obj).map(|k| (k, *class))
            }
            _ => None,
        };
        for (i, op) in trace.ops.iter().enumerate().filter(|(_, op)| op.opcode.is_exit()) {
            let guard = op.guard_index().expect("an exit has resume data");
            let data = resume.next().expect("resume data for every exit");
            let bridgeable =
                !matches!(op.opcode, Opcode::GuardNotInvalidated | Opcode::GuardNotForced | Opcode::Finish);
            if *last_fail_args != *op.fail_args {
                last_fail_args = op.fail_args.as_slice().into();
            }
            let info = ExitInfo {
                resume: data,
                fail_args: last_fail_args.clone(),
                failures: 0,
                heat: 0.0,
                epoch: st.epoch,
                bridged: false,
                bridge_attempts: 0,
                bridgeable,
                segmented: segmented && op.opcode == Opcode::GuardTrue && op.args[..] == [Arg::Int(0)],
                opcode: op.opcode,
                preamble_load_check: peeled_at.is_some_and(|at| i < at) && checks_load(op),
                preamble_input_class: peeled_at.filter(|at| i < *at).and_then(|_| checks_input_class(op)),
                retraced: false,
                root_loop,
            };
            st.exits.insert((id, guard), info);
        }
        drop(st);
        let flag = backend.invalidation(id).expect("a trace just compiled is live");
        for op in trace.ops.iter().filter(|op| op.opcode == Opcode::QuasiimmutField) {
            if let (Arg::Ref(obj), Some(Descr::Field(field))) = (op.args[0], op.descr) {
                quasi::watch(obj, &field, &flag);
            }
        }
        Some(id)
    }

    /// Whether compiled code can be forced (see [`Jit::force`]): the tracer leaves frames in
    /// registers across calls only then.
    pub(crate) fn can_force(&self) -> bool {
        self.backend.can_force()
    }

    /// Force the compiled code suspended in a call whose `force_token` is `token`: the backend
    /// gives the fail values of its `guard_not_forced` as they are during the call and marks
    /// the guard to fail; the frames of its resume data get their snapshots (the virtuals they
    /// name made now) and their tokens cleared. The resume values are kept for the guard.
    fn force(&self, token: usize) {
        let mut values = self.buffers.borrow_mut().pop().unwrap_or_default();
        if let Some(key) = self.backend.force(token, &mut values) {
            let _saved = root_slice(&values);
            let resume = self.state.borrow().exits.get(key).expect("every exit is registered").resume.clone();
            let (resume_values, roots) = replay::force_frames::<L>(&resume, &values);
            self.state.borrow_mut().stats.forced += 1;
            self.forced.borrow_mut().push(Forced { token, key, values: resume_values, _roots: roots });
        }
        self.buffers.borrow_mut().push(values);
    }

    /// The resume values of a failed `guard_not_forced` (exit `key`, saved `values`): the saved
    /// values (the call's result among them), then the virtuals made when the code was forced.
    /// Of the forced runs of that exit, the innermost (lowest frame) is the one that returned.
    fn take_forced(&self, key: (TraceId, u32), values: &[u64]) -> Vec<u64> {
        let mut forced = self.forced.borrow_mut();
        let at = forced
            .iter()
            .enumerate()
            .filter(|(_, f)| f.key == key)
            .min_by_key(|(_, f)| f.token)
            .map(|(i, _)| i)
            .expect("a guard_not_forced fails only after its code was forced");
        let record = forced.swap_remove(at);
        let mut resume_values = values.to_vec();
        resume_values.extend_from_slice(&record.values[values.len()..]);
        resume_values
    }

    /// Run compiled code from `entry` until the interpreter must take over.
    fn run_compiled(&self, entry: Entry, frame: GcRef) -> Outcome<L::Greens> {
        self.as_current(|| self.run_compiled_from(entry, frame))
    }

    /// Run `f` with this JIT as the one the portal runner finds: compiled code and the tracer
    /// call the runner also outside [`Jit::run`] (an interpreter may run code through the
    /// concrete domain directly).
    fn as_current<T>(&self, f: impl FnOnce() -> T) -> T {
        let previous = CURRENT.with(|c| c.replace(self as *const Self as usize));
        let r = f();
        CURRENT.with(|c| c.set(previous));
        r
    }

    fn run_compiled_from(&self, mut entry: Entry, frame: GcRef) -> Outcome<L::Greens> {
        loop {
            let mut values = self.buffers.borrow_mut().pop().unwrap_or_default();
            let outcome = self.run_once(entry, frame, &mut values);
            self.buffers.borrow_mut().push(values);
            match outcome {
                Outcome::Stop(g) => match self.entry(&g) {
                    Some(next) => entry = next,
                    None => return outcome,
                },
                other => return other,
            }
        }
    }

    /// Enter compiled code at `entry` once, and handle its exit: return the frame's result,
    /// resume the interpreter, or trace a bridge. `values` is the buffer for the exit's values.
    fn run_once(&self, entry: Entry, frame: GcRef, values: &mut Vec<u64>) -> Outcome<L::Greens> {
        self.state.borrow_mut().stats.entries += 1;
        let mut inputs = self.buffers.borrow_mut().pop().unwrap_or_default();
        Self::frame_inputs(frame, &mut inputs);
        self.executing.set(self.executing.get() + 1);
        let key = self.backend.execute_into(entry.trace, &inputs, values);
        self.executing.set(self.executing.get() - 1);
        self.buffers.borrow_mut().push(inputs);
        self.handle_exit(key, frame, values)
    }

    /// A failure count `heat` after `epochs` more traces were compiled (see `JitParams::decay`).
    fn decayed(&self, heat: f32, epochs: u32) -> f32 {
        match (self.params.decay, epochs) {
            (0, _) | (_, 0) => heat,
            (decay, n) => heat * (1.0 - decay as f32 / 1000.0).powi(n.min(1 << 16) as i32),
        }
    }

    /// Handle exit `key` of compiled code running `frame`, whose values are `values`: return the
    /// frame's result, resume the interpreter, or trace a bridge.
    fn handle_exit(&self, key: (TraceId, u32), frame: GcRef, values: &mut Vec<u64>) -> Outcome<L::Greens> {
        // The exit's values live in a Vec until replay or the bridge tracer has used them.
        let _exit_roots = root_slice(values);
        let (resume, bridge, resume_at_merge_point) = {
            let mut st = self.state.borrow_mut();
            let epoch = st.epoch;
            let info = st.exits.get_mut(key).expect("every exit is registered");
            if info.opcode == Opcode::Finish && info.resume.frames.is_empty() {
                // SAFETY: a finish without frames to resume saves the frame's result, a live
                // reference, as its only value.
                return Outcome::Return(unsafe { GcRef::from_addr(values[0] as usize) });
            }
            info.failures += 1;
            info.heat = self.decayed(info.heat, epoch - info.epoch) + 1.0;
            info.epoch = epoch;
            let bridge = info.bridgeable
                && !info.bridged
                && info.heat >= self.params.trace_eagerness as f32
                && info.bridge_attempts <= self.params.max_retrace_attempts
                && info.resume.last_call == LastCall::AsLogged
                && !self.tracing.get();
            // A finish with a frame to resume ends a trace at a loop header (see
            // `Tracer::leave_at`): the interpreter continues there, or the loop compiled since.
            let at_merge_point = info.opcode == Opcode::Finish;
            let resume = info.resume.clone();
            st.stats.guard_failures += 1;
            (resume, bridge, at_merge_point)
        };
        let bridge = bridge && self.backend.is_valid(key.0);
        if resume_at_merge_point {
            let greens = replay::restore_at_merge_point::<L>(&resume, values);
            if self.entry(&greens).is_none() && !self.tracing.get() && self.count(&greens, false) {
                self.trace_at(greens, frame, false)
            } else {
                Outcome::Stop(greens)
            }
        } else if bridge {
            let fail_args = self.state.borrow().exits.get(key).expect("every exit is registered").fail_args.clone();
            self.trace_bridge(key, &resume, &fail_args, values)
        } else if resume.last_call == LastCall::Forced {
            self.state.borrow_mut().stats.resumes += 1;
            let resume_values = self.take_forced(key, values);
            let _virtuals = root_slice(&resume_values);
            replay::resume_materialized(self, &resume, &resume_values)
        } else {
            self.state.borrow_mut().stats.resumes += 1;
            replay::resume(self, &resume, values)
        }
    }

    /// The loop header that the bridge just traced from exit `key` jumps back to, when the exit
    /// is a class or value guard of a value the preamble of the loop compiled there reads through
    /// fields of its inputs (as the storage of a list the loop iterates over) and the bridge jumps
    /// to that same preamble, which would fail the same guard again (the loop was traced for
    /// objects of another class, such as a list of ints when it now runs on floats), or when the
    /// exit is a class guard of one of the loop's inputs and the bridge jumps to that same
    /// preamble with an object of another class there (unpack_sequence's loop, traced on a tuple,
    /// now run on a list): every iteration would run the preamble and the bridge. The bridge then
    /// jumps to another version of the loop, the newest; when there is none, a second version is
    /// traced there when the interpreter next reaches that header (PyPy's retrace), once per
    /// exit: when that did not help, the exit's next bridge is compiled as traced.
    fn reenters_own_preamble(&self, key: (TraceId, u32), tracer: &Tracer<'_, L>) -> Option<L::Greens> {
        if tracer.aborted.is_some() || !matches!(tracer.closing, Closing::Closed) {
            return None;
        }
        let greens = tracer.stop_greens?;
        let jump = tracer.trace.ops.last().filter(|op| op.opcode == Opcode::Jump)?;
        let Some(Descr::Target(target)) = jump.descr else { return None };
        let st = self.state.borrow();
        let version = st.versions.get(&greens)?.iter().find(|v| v.trace == key.0)?;
        let info = st.exits.get(key)?;
        let type_guard = matches!(info.opcode, Opcode::GuardClass | Opcode::GuardNonnullClass | Opcode::GuardValue);
        let fails_again = info.preamble_input_class.is_some_and(|(k, class)| {
            tracer.jump_values.get(k).is_some_and(|v| match v {
                Arg::Ref(r) => r.is_null() || Arg::Int(r.layout() as *const Layout as i64) != class,
                _ => false,
            })
        });
        (version.target == target && ((info.preamble_load_check && type_guard) || fails_again)).then_some(greens)
    }

    /// The state of the peeled loop whose first label is `target`, which a trace that ends with a
    /// jump to that label may enter (see [`crate::optimizeopt::unroll::enter`]): none for a
    /// bridge of that loop's own tree (`root`, see [`ExitInfo::root_loop`]), which jumps to the
    /// preamble, so that every iteration after a path the loop's trace did not take starts in the
    /// preamble and one tree of bridges covers the loop's paths. Entering from there splits the
    /// iterations between two roots (the preamble, entered from the interpreter after every
    /// resumption, and the peeled loop), each of which grows bridges for the same paths: go (8
    /// iterations) got 716 bridges instead of 636 and 14% more guard failures, most of them where
    /// one player's move differs from the other's (`self.color == BLACK` in `Board.move`).
    /// Traces from elsewhere (an outer loop reaching the header, a bridge of another loop, a
    /// function trace) enter.
    fn may_enter(&self, target: u32, root: Option<u32>) -> Option<Rc<EntryState>> {
        if root == Some(target) {
            return None;
        }
        self.state.borrow().peeled.get(&target).cloned()
    }

    /// The versions of the loop at `greens` whose code is still valid, oldest first (the others
    /// are forgotten).
    fn live_versions(&self, greens: &L::Greens) -> Vec<Entry> {
        let mut st = self.state.borrow_mut();
        let Some(versions) = st.versions.get_mut(greens) else { return Vec::new() };
        versions.retain(|v| self.backend.is_valid(v.trace));
        versions.clone()
    }

    fn trace_bridge(
        &self,
        key: (TraceId, u32),
        resume: &ResumeData<L::Greens>,
        fail_args: &[Arg],
        values: &[u64],
    ) -> Outcome<L::Greens> {
        let started = CpuInstant::now();
        self.tracing.set(true);
        let mut tracer = Tracer::for_bridge(self, resume, fail_args, values);
        tracer.segmented = self.state.borrow().exits.get(key).is_some_and(|info| info.segmented);
        let r = tracer.run_bridge();
        self.tracing.set(false);
        self.state.borrow_mut().stats.tracing_seconds += started.elapsed();
        let what = format!("bridge from guard {} of trace {}", key.1, key.0 .0);
        if let Some(greens) = self.reenters_own_preamble(key, &tracer) {
            let at = L::describe(&greens);
            let versions = self.live_versions(&greens);
            match versions.iter().rev().find(|v| v.trace != key.0) {
                Some(other) => {
                    let jump = tracer.trace.ops.last_mut().expect("a closed bridge ends with its jump");
                    jump.descr = Some(Descr::Target(other.target));
                    self.log.note(&format!(
                        "{what} re-enters the preamble it fails in: it jumps to loop {} at {at}",
                        other.trace.0
                    ));
                }
                None => {
                    let mut st = self.state.borrow_mut();
                    let info = st.exits.get_mut(key).expect("every exit is registered");
                    if !info.retraced {
                        info.retraced = true;
                        info.heat = 0.0;
                        st.retrace.insert(greens);
                        drop(st);
                        self.log.note(&format!(
                            "{what} re-enters the preamble it fails in: a new version of the loop at {at} is traced"
                        ));
                        return Outcome::from_portal(r, tracer.stop_greens);
                    }
                }
            }
        }
        let compiled = self.closed_trace(&mut tracer, &what, None).and_then(|trace| {
            self.install(&trace, std::mem::take(&mut tracer.resume), &tracer.jump_values, Some(key), tracer.segmented)
        });
        match compiled {
            Some(_) => {
                let mut st = self.state.borrow_mut();
                st.stats.bridges += 1;
                if let Some(info) = st.exits.get_mut(key) {
                    info.bridged = true;
                }
                drop(st);
                self.count_recursive_bridge(resume);
            }
            None => {
                if let Some(info) = self.state.borrow_mut().exits.get_mut(key) {
                    info.bridge_attempts += 1;
                    info.heat = 0.0;
                    info.segmented |= tracer.wants_segments;
                }
            }
        }
        Outcome::from_portal(r, tracer.stop_greens)
    }
}

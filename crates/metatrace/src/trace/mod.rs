//! The tracer: the domain that executes the interpreter **and** records what it does.
//!
//! Every value is a [`Tv`]: its concrete 64-bit pattern and its operand in the trace (a variable or
//! a constant). Pure operations on constants fold; `branch` records a guard that the path taken is
//! taken again; `promote_*` records `guard_value` and gives a constant. The frames of the inline stack
//! are *virtualizable*: reads and writes of their virtualizable fields and array items touch only
//! the tracer's shadow copy (no operation is recorded), and a snapshot of the shadow is taken at each
//! merge point. Non-pure events of the current opcode are logged so that guards can carry their
//! results in resume data (see [`crate::resume`]).
//!
//! A loop trace starts at a hot `can_enter_jit` position and closes when the outermost frame reaches
//! a merge point whose greens have a compiled entry (its own start included); a bridge starts at a
//! failing guard, first replaying the events its opcode had already performed, and closes the same
//! way. The tracer never panics on what it cannot trace: it gives up the trace ("aborts"), writes the
//! shadows back to the heap, and keeps executing until the outermost frame reaches a merge point.

mod shadow;

use crate::call::{take_exception, CallDescr, Effect};
use crate::domain::{
    concrete::run_portal, eval, Concrete, Domain, FloatCmp, FloatOp, FloatUnary, IntOp, IntUnary, Language, Leave,
    OvfOp, Val,
};
use crate::ir::{Arg, Descr, Opcode, Trace, Var};
use crate::jit::Jit;
use crate::resume::{EventKind, LastCall, Materializer, ResumeData};
use crate::vref;
use metatrace_gc::{heap, ArrayDescr, FieldDescr, GcRef, Kind, Layout, RootSet};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
pub(crate) use shadow::{FrameShadow, Positions, Replayed};
use std::collections::VecDeque;

/// A traced value: its concrete bits and its operand in the trace.
#[derive(Copy, Clone, PartialEq, Debug)]
pub struct Tv {
    /// The concrete value as a 64-bit pattern.
    pub bits: u64,
    /// The trace operand that computes it.
    pub arg: Arg,
}

impl Tv {
    /// A constant of the given kind.
    pub fn constant(kind: Kind, bits: u64) -> Tv {
        Tv { bits, arg: const_arg(kind, bits) }
    }

    /// The concrete integer.
    pub fn int(&self) -> i64 {
        self.bits as i64
    }

    /// The concrete float.
    pub fn float(&self) -> f64 {
        f64::from_bits(self.bits)
    }

    /// The concrete reference.
    pub fn gcref(&self) -> GcRef {
        // SAFETY: a Tv of kind Ref only ever holds bits obtained from a live GcRef (constants given
        // by the interpreter, heap reads, allocations, call results).
        unsafe { GcRef::from_addr(self.bits as usize) }
    }

    fn is_const(&self) -> bool {
        self.arg.var().is_none()
    }
}

/// The constant operand of a kind and a bit pattern.
pub fn const_arg(kind: Kind, bits: u64) -> Arg {
    match kind {
        Kind::Int => Arg::Int(bits as i64),
        Kind::Float => Arg::Float(bits),
        // SAFETY: see `Tv::gcref`.
        Kind::Ref => Arg::Ref(unsafe { GcRef::from_addr(bits as usize) }),
    }
}

/// What a finished tracing run produced.
pub(crate) enum Closing {
    /// Still tracing, or given up.
    Open,
    /// The trace closed with a jump to this target; it is ready to compile.
    Closed,
}

/// The tracing domain. Created by the JIT driver for one loop or bridge.
pub struct Tracer<'j, L: Language> {
    jit: &'j Jit<L>,
    /// The trace being recorded.
    pub(crate) trace: Trace,
    /// Resume data of the exits recorded so far, by guard index.
    pub(crate) resume: Vec<ResumeData<L::Greens>>,
    /// The inline stack of virtualizable frames, outermost first.
    frames: Vec<FrameShadow<L::Greens>>,
    /// Frames of a bridge's inline stack still to be resumed, outermost first.
    pending: VecDeque<FrameShadow<L::Greens>>,
    /// Where a loop trace started (`None` for a bridge or a function trace).
    start: Option<L::Greens>,
    /// Whether this is a function trace (see [`Tracer::for_function`]).
    function: bool,
    /// The top frame has just jumped backward: its next merge point is a loop header.
    at_loop_header: bool,
    /// An inlined frame stopped at this loop header (see [`Tracer::merge_point`]): the caller
    /// runs the rest of it as a residual call.
    call_rest_at: Option<L::Greens>,
    /// The target of a loop trace's own label.
    own_target: Option<u32>,
    /// The values of the final jump's arguments, as constants, when it jumps to another trace's
    /// loop (the optimizer checks against them what it adds before the jump).
    pub(crate) jump_values: Vec<Arg>,
    /// Why tracing was given up, once it is.
    pub(crate) aborted: Option<String>,
    /// Whether the trace closed.
    pub(crate) closing: Closing,
    /// The greens of the outermost merge point where tracing stopped.
    pub(crate) stop_greens: Option<L::Greens>,
    /// Portal depth while not recording (after an abort).
    passthrough_depth: usize,
    /// Layouts of variables already known (guarded, or allocated in the trace); a variable known
    /// here is also known to be non-null.
    known_layout: HashMap<Var, &'static Layout>,
    /// Variables already guarded non-null.
    known_nonnull: HashSet<Var>,
    /// Every reference the tracer has held while recording (in its shadows, logs and trace), kept
    /// alive until it is dropped: the collector does not see the tracer's Rust memory.
    roots: RootSet,
    /// Inlined calls still running: the callee's entry greens and the trace length at the call.
    inlined: Vec<(L::Greens, usize)>,
    /// The most operations one finished inlined call of each function recorded (its callees'
    /// included), by entry greens.
    inlined_sizes: HashMap<L::Greens, usize>,
    /// Results of the pure operations recorded so far, by opcode and operands: a repeated one is
    /// not recorded again.
    pure_results: HashMap<(Opcode, Arg, Option<Arg>), Tv>,
    /// Conditions already guarded, with the truth the guard requires: a repeated branch on one
    /// records no second guard.
    known_conditions: HashMap<Var, bool>,
    /// What the heap holds at places the trace has read or written since the last recorded
    /// operation that may have changed them (PyPy's heapcache): a repeated read records nothing.
    heap_cache: HashMap<HeapKey, Tv>,
    /// The boxes made so far (see [`Domain::new_int_box`]), by layout, field and boxed value:
    /// boxing a value again records nothing.
    boxes: HashMap<(usize, FieldDescr, Arg), Tv>,
    /// Whether this is a bridge's trace (see [`Tracer::limit`]).
    bridge: bool,
    /// End the trace at the first merge point of the outermost frame past 80% of [`Tracer::limit`],
    /// with an exit that always fails (a later bridge continues from there): the driver asks for
    /// it after this place's trace was too long with no inlined function to blame (PyPy's
    /// segmented traces).
    pub(crate) segmented: bool,
    /// The trace was too long and no inlined function was to blame: the next attempt at this
    /// place should be segmented.
    pub(crate) wants_segments: bool,
    /// How many fail args the last guard got (the next one likely gets as many).
    fail_args_len: usize,
    /// Finds the values already among the fail args of the guard being recorded.
    positions: Positions,
    /// The quasi-immutable fields of constant objects the trace read, with the values it saw:
    /// the optimizer folds such reads into the values the fields hold when it runs, so a trace
    /// during which one of them changed is given up (see [`Tracer::quasi_immutable_changed`]).
    quasi_reads: Vec<(GcRef, FieldDescr, u64)>,
    /// Objects the trace allocated: no compiled code can rely on their quasi-immutable fields,
    /// so storing into those records no invalidation.
    allocated: HashSet<Var>,
    /// The virtual references made and not finished yet: a call that may force gets a
    /// `guard_not_forced` while there are some, so that the optimizer may keep their objects
    /// virtual across it (see [`crate::vref`]).
    live_vrefs: Vec<Arg>,
}

/// A heap place whose value the tracer knows (see `Tracer::heap_cache`).
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
enum HeapKey {
    /// A field of an object.
    Field(Arg, FieldDescr),
    /// An item, at a constant index, of an array.
    Item(Arg, ArrayDescr, i64),
    /// The length of an array (fixed when it is allocated, so never forgotten).
    Len(Arg, ArrayDescr),
}

impl HeapKey {
    /// The place a read (`getfield`, `getarrayitem` at a constant index, `arraylen`) reads.
    fn of_read(opcode: Opcode, obj: Arg, index: Option<Tv>, descr: Descr) -> Option<HeapKey> {
        match (opcode, descr) {
            (Opcode::Getfield, Descr::Field(f)) if !f.quasi_immutable => Some(HeapKey::Field(obj, f)),
            (Opcode::Getarrayitem, Descr::Array(a)) => {
                index.filter(|i| i.is_const()).map(|i| HeapKey::Item(obj, a, i.int()))
            }
            (Opcode::Arraylen, Descr::Array(a)) => Some(HeapKey::Len(obj, a)),
            _ => None,
        }
    }
}

impl<'j, L: Language> Tracer<'j, L> {
    /// A tracer for a loop starting at `greens` in `frame`: the frame's virtualizable state becomes
    /// the loop's input arguments. They are dirty (see `shadow`): they arrive in registers from
    /// the loop's own jump and from bridges, which do not write the frame object.
    pub(crate) fn for_loop(jit: &'j Jit<L>, greens: L::Greens, frame: GcRef, target: u32) -> Self {
        let mut t = Tracer::empty(jit);
        let frame_tv = Tv { bits: frame.addr() as u64, arg: Arg::Var(t.trace.add_input(Kind::Ref)) };
        let shadow = FrameShadow::load(frame_tv, greens, L::virtualizable(), |load| Tv {
            bits: load.bits,
            arg: Arg::Var(t.trace.add_input(load.kind)),
        });
        let label_args = t.trace.inputargs.iter().map(|v| Arg::Var(*v)).collect();
        t.trace.push(Opcode::Label, label_args, None, Some(Descr::Target(target)));
        for v in std::iter::once(frame_tv).chain(shadow.values()) {
            t.keep(v);
        }
        t.frames.push(shadow);
        t.frames[0].mark_all(true);
        t.start = Some(greens);
        t.own_target = Some(target);
        t
    }

    /// A tracer for a bridge from an exit with resume data `data`, the guard's `fail_args` and the
    /// exit's `values`: the fail values become the bridge's input arguments (a fail arg that is a
    /// constant stays one: the bridge's input for it is unused), the exit's virtual objects are
    /// allocated and its pending stores performed (recorded: the optimizer removes what it can
    /// again), and the exit's opcodes are replayed first.
    pub(crate) fn for_bridge(jit: &'j Jit<L>, data: &ResumeData<L::Greens>, fail_args: &[Arg], values: &[u64]) -> Self {
        let mut t = Tracer::empty(jit);
        t.bridge = true;
        let saved: Vec<Tv> = fail_args
            .iter()
            .zip(values)
            .map(|(a, bits)| {
                let input = Arg::Var(t.trace.add_input(a.kind()));
                match a.const_bits() {
                    Some(bits) => Tv { bits, arg: *a },
                    None => Tv { bits: *bits, arg: input },
                }
            })
            .collect();
        for v in &saved {
            t.keep(*v);
        }
        let resume_values = data.materialize(&saved, &mut t);
        let inputs = data.frame_values(&resume_values);
        let vable = L::virtualizable();
        for snap in &data.frames {
            let frame = inputs.at(snap.frame);
            let array = vable.array.as_ref().map(|va| {
                let bits = heap::read_field(frame.gcref(), &va.field);
                t.record_value(Opcode::Getfield, vec![frame.arg], Kind::Ref, Some(Descr::Field(va.field)), bits)
            });
            t.pending.push_back(FrameShadow::resumed(snap, inputs, array));
        }
        t
    }

    /// A tracer for a function trace: `frame` entered at `greens` (a function's start, or a
    /// generator's resume point) is traced until it returns, ending with a `finish` of its result,
    /// or until it reaches a compiled loop, ending with a jump to that loop's label. Only the
    /// interpreter enters a function trace, with the frame object holding the state: its input
    /// arguments are clean.
    pub(crate) fn for_function(jit: &'j Jit<L>, greens: L::Greens, frame: GcRef, target: u32) -> Self {
        let mut t = Tracer::for_loop(jit, greens, frame, target);
        t.frames[0].mark_all(false);
        t.start = None;
        t.own_target = None;
        t.function = true;
        t
    }

    fn empty(jit: &'j Jit<L>) -> Self {
        Tracer {
            jit,
            trace: Trace::default(),
            resume: Vec::new(),
            frames: Vec::new(),
            pending: VecDeque::new(),
            start: None,
            function: false,
            at_loop_header: false,
            call_rest_at: None,
            own_target: None,
            jump_values: Vec::new(),
            aborted: None,
            closing: Closing::Open,
            stop_greens: None,
            passthrough_depth: 0,
            known_layout: HashMap::default(),
            known_nonnull: HashSet::default(),
            roots: RootSet::new(),
            inlined: Vec::new(),
            inlined_sizes: HashMap::default(),
            pure_results: HashMap::default(),
            known_conditions: HashMap::default(),
            heap_cache: HashMap::default(),
            boxes: HashMap::default(),
            bridge: false,
            segmented: false,
            wants_segments: false,
            fail_args_len: 0,
            positions: Positions::default(),
            quasi_reads: Vec::new(),
            allocated: HashSet::default(),
            live_vrefs: Vec::new(),
        }
    }

    /// Whether a quasi-immutable field the trace read has changed since (the trace, run to its
    /// end, changed it, or native code it called did): the trace's folded reads would be stale.
    pub(crate) fn quasi_immutable_changed(&self) -> bool {
        self.quasi_reads.iter().any(|(obj, f, bits)| heap::read_field(*obj, f) != *bits)
    }

    /// Run the bridge's outermost frame (after `for_bridge`).
    pub(crate) fn run_bridge(&mut self) -> Result<GcRef, Leave<GcRef>> {
        let root = self.pending.pop_front().expect("a bridge resumes at least one frame");
        let (greens, frame) = (root.greens, root.frame);
        self.frames.push(root);
        let r = L::portal(self, greens, frame);
        self.finish_portal(r)
    }

    /// Run the loop's portal (after `for_loop`).
    pub(crate) fn run_loop(&mut self, greens: L::Greens) -> Result<GcRef, Leave<GcRef>> {
        let frame = self.frames[0].frame;
        let r = L::portal(self, greens, frame);
        self.finish_portal(r)
    }

    fn finish_portal(&mut self, r: Result<Tv, Leave<Tv>>) -> Result<GcRef, Leave<GcRef>> {
        match r {
            // The trace ends with the frame's return (a generator's loop yields on every
            // iteration; a function trace returns).
            Ok(v) | Err(Leave::Return(v)) if self.recording() => self.finish(v),
            Err(Leave::Raise(_)) => self.abort("the traced frame raised an exception"),
            Ok(_) | Err(Leave::Return(_)) => {}
            Err(Leave::Stop) => {}
        }
        match r {
            Ok(v) | Err(Leave::Return(v)) => Ok(v.gcref()),
            Err(Leave::Raise(e)) => Err(Leave::Raise(e.gcref())),
            Err(Leave::Stop) => Err(Leave::Stop),
        }
    }

    /// Keep the object of `v` alive for the tracer's life if `v` is a reference and the tracer is
    /// recording (it may then hold `v` in its shadows, logs or trace).
    fn keep(&self, v: Tv) -> Tv {
        if v.arg.kind() == Kind::Ref && self.recording() {
            self.roots.add_bits(v.bits);
        }
        v
    }

    fn recording(&self) -> bool {
        self.aborted.is_none() && matches!(self.closing, Closing::Open)
    }

    /// Give up the trace: write the shadows back and keep executing without recording.
    pub(crate) fn abort(&mut self, reason: &str) {
        if self.aborted.is_some() {
            return;
        }
        self.aborted = Some(reason.to_string());
        self.passthrough_depth = self.frames.len().saturating_sub(1);
        let vable = L::virtualizable();
        for mut f in self.frames.drain(..) {
            f.store_back(vable);
        }
    }

    /// Give up a trace that grew past the limit, and mark the function of the longest inlined
    /// call (finished or still running) "don't inline" so that the next attempt calls it instead
    /// (PyPy's `find_biggest_function`). One long call is blamed rather than a short function
    /// called often: calling the latter residually would cost a `call_assembler` per call.
    fn too_long(&mut self) {
        let len = self.trace.ops.len();
        let mut sizes = self.inlined_sizes.clone();
        for (greens, start) in &self.inlined {
            let size = sizes.entry(*greens).or_insert(0);
            *size = (*size).max(len - start);
        }
        match sizes.into_iter().max_by_key(|(_, n)| *n) {
            Some((greens, n)) => {
                self.jit.dont_inline(greens);
                self.abort(&format!("trace too long; {} ({n} operations) will not be inlined", L::describe(&greens)));
            }
            None => {
                self.wants_segments = true;
                self.abort("trace too long")
            }
        }
    }

    /// Operations the trace may record before it is too long: `bridge_trace_limit` for a
    /// bridge, `trace_limit` for a loop or function trace.
    fn limit(&self) -> usize {
        let params = self.jit.params();
        if self.bridge {
            params.bridge_trace_limit
        } else {
            params.trace_limit
        }
    }

    fn record(&mut self, opcode: Opcode, args: Vec<Arg>, kind: Option<Kind>, descr: Option<Descr>) -> Option<Arg> {
        if !self.recording() {
            return None;
        }
        if self.trace.ops.len() >= self.limit() {
            self.too_long();
            return None;
        }
        self.forget_heap(opcode, &args, descr.as_ref());
        self.trace.push(opcode, args, kind, descr).map(Arg::Var)
    }

    /// Forget what the heap cache knows about places that the operation about to be recorded
    /// may change. A store forgets the places at its offset of every object that may be the
    /// stored-to one (another variable may name the same object: only objects of another known
    /// layout surely are not); a call that is not elidable forgets everything but lengths.
    fn forget_heap(&mut self, opcode: Opcode, args: &[Arg], descr: Option<&Descr>) {
        if self.heap_cache.is_empty() {
            return;
        }
        let layout = |known: &HashMap<Var, &'static Layout>, a: &Arg| match a {
            Arg::Var(v) => known.get(v).map(|l| *l as *const Layout),
            Arg::Ref(r) if !r.is_null() => Some(r.layout() as *const Layout),
            _ => None,
        };
        let known = &self.known_layout;
        let target = args.first().and_then(|a| layout(known, a));
        let distinct = |obj: &Arg| target.is_some_and(|t| layout(known, obj).is_some_and(|l| l != t));
        match (opcode, descr) {
            (Opcode::Setfield, Some(Descr::Field(f))) => self
                .heap_cache
                .retain(|k, _| !matches!(k, HeapKey::Field(obj, g) if g.offset == f.offset && !distinct(obj))),
            (Opcode::Setarrayitem, Some(Descr::Array(a))) => {
                let index = args.get(1).and_then(|i| match i {
                    Arg::Int(i) => Some(*i),
                    _ => None,
                });
                self.heap_cache.retain(|k, _| match k {
                    HeapKey::Item(obj, b, j) => distinct(obj) || (b == a && index.is_some_and(|i| i != *j)),
                    _ => true,
                })
            }
            (Opcode::Call | Opcode::CallMayForce | Opcode::CallAssembler, _) => {
                self.heap_cache.retain(|k, _| matches!(k, HeapKey::Len(..)))
            }
            _ => {}
        }
    }

    /// Record an operation with a result, or fold it to a constant when not recording.
    fn record_value(&mut self, opcode: Opcode, args: Vec<Arg>, kind: Kind, descr: Option<Descr>, bits: u64) -> Tv {
        let arg = self.record(opcode, args, Some(kind), descr).unwrap_or_else(|| const_arg(kind, bits));
        self.keep(Tv { bits, arg })
    }

    /// A pure operation: folded when every operand is constant.
    fn pure(&mut self, opcode: Opcode, args: &[Tv], kind: Kind, bits: u64) -> Tv {
        if args.iter().all(Tv::is_const) {
            return Tv::constant(kind, bits);
        }
        let key = (opcode, args[0].arg, args.get(1).map(|a| a.arg));
        if let Some(v) = self.pure_results.get(&key).filter(|v| v.bits == bits) {
            return *v;
        }
        let v = self.record_value(opcode, args.iter().map(|a| a.arg).collect(), kind, None, bits);
        if v.arg.var().is_some() {
            self.pure_results.insert(key, v);
        }
        v
    }

    /// Record a guard with resume data for the current inline stack.
    fn guard(&mut self, opcode: Opcode, args: Vec<Arg>, last_call: LastCall) -> Option<Arg> {
        if !self.recording() {
            return None;
        }
        let index = self.resume.len() as u32;
        let mut positions = self.positions.start(self.fail_args_len);
        let frames = self.frames.iter_mut().map(|f| f.snapshot(&mut positions)).collect();
        let fail_args = positions.args;
        self.fail_args_len = fail_args.len();
        let kind = (opcode == Opcode::GuardException).then_some(Kind::Ref);
        let result = self.trace.push(opcode, args, kind, Some(Descr::Guard(index))).map(Arg::Var);
        self.trace.ops.last_mut().expect("just recorded").fail_args = fail_args;
        self.resume.push(ResumeData::new(frames, last_call));
        Some(result.unwrap_or(Arg::Int(0)))
    }

    /// Log a non-pure event of the current opcode.
    fn log(&mut self, kind: EventKind, value: Option<Arg>, raised: bool, effect: bool) {
        if let Some(top) = self.frames.last_mut() {
            top.log(kind, value, raised, effect);
        }
    }

    /// Answer an event from the replayed prefix of a bridge's opcode, if any is left.
    fn replayed(&mut self, kind: EventKind) -> Option<Replayed> {
        let top = self.frames.last_mut()?;
        let r = top.replay.pop_front()?;
        assert_eq!(r.event.kind, kind, "bridge replay diverged from the trace");
        top.log(
            r.event.kind,
            r.value.map(|v| v.arg),
            r.event.raised,
            r.event.kind != EventKind::Read && r.event.kind != EventKind::Alloc,
        );
        Some(r)
    }

    fn vable_field(&self, obj: Tv, f: &FieldDescr) -> Option<Tv> {
        let top = self.frames.last()?;
        (top.frame.arg == obj.arg).then(|| top.field(L::virtualizable(), f)).flatten()
    }

    /// Write a virtualizable field of the top frame; false when `obj`'s field `f` is not one.
    fn set_vable_field(&mut self, obj: Tv, f: &FieldDescr, v: Tv) -> bool {
        match self.frames.last_mut() {
            Some(top) if top.frame.arg == obj.arg => top.set_field(L::virtualizable(), f, v),
            _ => false,
        }
    }

    /// The index of a virtualizable array item, or `None` when `arr` is not the top frame's
    /// array. A non-constant index aborts the trace.
    fn vable_item(&mut self, arr: Tv, a: &ArrayDescr, i: Tv) -> Option<usize> {
        let top = self.frames.last()?;
        if !top.is_array(L::virtualizable(), arr.arg, a) {
            return None;
        }
        if !i.is_const() {
            self.abort("virtualizable array index is not constant");
            return None;
        }
        usize::try_from(i.int()).ok().filter(|i| *i < top.items.len())
    }

    fn read(
        &mut self,
        opcode: Opcode,
        obj: Tv,
        index: Option<Tv>,
        kind: Kind,
        descr: Descr,
        immutable: bool,
        bits: impl FnOnce() -> u64,
    ) -> Tv {
        if let Some(r) = self.replayed(EventKind::Read) {
            return r.value.expect("a logged read has a value");
        }
        let bits = bits();
        if immutable && obj.is_const() && index.is_none_or(|i| i.is_const()) {
            let v = self.keep(Tv::constant(kind, bits));
            self.log(EventKind::Read, Some(v.arg), false, false);
            return v;
        }
        let key = HeapKey::of_read(opcode, obj.arg, index, descr).filter(|_| self.recording());
        let known = key.and_then(|k| self.heap_cache.get(&k)).filter(|v| v.bits == bits).copied();
        let v = match known {
            Some(v) => v,
            None => {
                let mut args = vec![obj.arg];
                args.extend(index.map(|i| i.arg));
                let v = self.record_value(opcode, args, kind, Some(descr), bits);
                if let (Some(k), true) = (key, self.recording()) {
                    self.heap_cache.insert(k, v);
                }
                v
            }
        };
        self.log(EventKind::Read, Some(v.arg), false, false);
        v
    }

    /// A store: executed, recorded and logged; false when a bridge's replayed prefix answered it
    /// (it was done by the code the bridge leaves).
    fn write(&mut self, opcode: Opcode, args: Vec<Arg>, descr: Descr, store: impl FnOnce()) -> bool {
        if self.replayed(EventKind::Write).is_some() {
            return false;
        }
        store();
        self.record(opcode, args, None, Some(descr));
        self.log(EventKind::Write, None, false, true);
        true
    }

    fn alloc(&mut self, opcode: Opcode, args: Vec<Arg>, layout: &'static Layout, make: impl FnOnce() -> GcRef) -> Tv {
        if let Some(r) = self.replayed(EventKind::Alloc) {
            return r.value.expect("a logged allocation has a value");
        }
        let obj = make();
        // A virtual_ref's layout is implied by its opcode.
        let descr = (opcode != Opcode::VirtualRef).then_some(Descr::Layout(layout));
        let v = self.record_value(opcode, args, Kind::Ref, descr, obj.addr() as u64);
        if let Some(var) = v.arg.var() {
            self.known_layout.insert(var, layout);
            self.allocated.insert(var);
        }
        self.log(EventKind::Alloc, Some(v.arg), false, false);
        v
    }

    /// Write every frame's virtualizable state back to the heap, recording the stores (before a
    /// call that may look at frames).
    fn force_frames(&mut self) {
        let vable = L::virtualizable();
        for i in 0..self.frames.len() {
            // Recording may abort the trace (too long), which writes back and drops the frames.
            let Some(frame) = self.frames.get_mut(i) else { break };
            for (opcode, args, descr) in frame.store_back(vable) {
                self.record(opcode, args, None, Some(descr));
            }
        }
    }

    /// Whether the frames stay in compiled code across the `MayForce` call `call` (PyPy's
    /// virtualizable token): the frames have a token field, the backend can force them, the
    /// call changes no frame's state ([`Language::reload_frames_after`]), and some frame has
    /// values that its frame object does not hold.
    fn leaves_frames(&self, call: &'static CallDescr) -> bool {
        self.recording()
            && L::virtualizable().token.is_some()
            && !L::reload_frames_after(call)
            && !self.jit.params().eager_frames
            && self.jit.can_force()
            && self.frames.iter().any(|f| !f.is_clean())
    }

    /// Whether the `MayForce` call `call`, made with frames written back, gets a
    /// `guard_not_forced` for the live virtual references: there are some, the backend can
    /// force, and the call changes no frame's state (forcing restores the frames as they were
    /// before the call).
    fn keeps_vrefs_across(&self, call: &'static CallDescr) -> bool {
        self.recording() && !self.live_vrefs.is_empty() && self.jit.can_force() && !L::reload_frames_after(call)
    }

    /// Before a call that may force: store the running code's `force_token` into every frame of
    /// the inline stack whose object misses some of its values, instead of writing them back
    /// (native code that reads a frame forces it first: `jit::force_virtualizable`). The
    /// frames' dirty values stay dirty. While tracing, the call runs now with no compiled code
    /// to force: the frame objects get the shadows' values here (not recorded).
    fn leave_frames(&mut self) {
        let vable = L::virtualizable();
        let Some(token_field) = vable.token else { return };
        let Some(token) = self.record(Opcode::ForceToken, vec![], Some(Kind::Int), None) else { return };
        for i in 0..self.frames.len() {
            let Some(frame) = self.frames.get(i) else { break };
            if frame.is_clean() {
                continue;
            }
            frame.write_concrete(vable);
            let args = vec![frame.frame.arg, token];
            self.record(Opcode::Setfield, args, None, Some(Descr::Field(token_field)));
        }
    }

    /// After a call that may force and its `guard_not_forced`: the tokens that
    /// [`Tracer::leave_frames`] stored are 0 again (the call changed no shadow).
    fn clear_tokens(&mut self) {
        let Some(token_field) = L::virtualizable().token else { return };
        for i in 0..self.frames.len() {
            let Some(frame) = self.frames.get(i) else { break };
            if frame.is_clean() {
                continue;
            }
            let args = vec![frame.frame.arg, Arg::Int(0)];
            self.record(Opcode::Setfield, args, None, Some(Descr::Field(token_field)));
        }
    }

    /// Read every frame's virtualizable state again from the heap after `call`, unless the
    /// language says that the call does not change it ([`Language::reload_frames_after`]): the
    /// shadows then still hold what the frames hold.
    fn reload_frames(&mut self, call: &'static CallDescr) {
        if !L::reload_frames_after(call) {
            return;
        }
        for i in 0..self.frames.len() {
            let Some(&FrameShadow { frame, greens, .. }) = self.frames.get(i) else { break };
            let fresh = self.load_recorded(frame, greens);
            if let Some(shadow) = self.frames.get_mut(i) {
                shadow.set_values(fresh.values());
            }
        }
    }

    /// A shadow of `frame` whose values are read from the heap by recorded operations.
    fn load_recorded(&mut self, frame: Tv, greens: L::Greens) -> FrameShadow<L::Greens> {
        FrameShadow::load(frame, greens, L::virtualizable(), |load| {
            self.record_value(load.opcode, load.args, load.kind, Some(load.descr), load.bits)
        })
    }

    /// Close the trace at the outermost frame's merge point with a jump to `target`.
    /// The outermost frame returned `value`: write its state back (it may be a generator's, or
    /// seen by a traceback) unless nothing can read it again ([`Tracer::returns_unreachable`]),
    /// and end the trace with a `finish` of the value.
    fn finish(&mut self, value: Tv) {
        let frame = self.frames.last().expect("the outermost frame").frame;
        let unreachable = self.returns_unreachable(frame);
        // The guard may abort the trace (too long), which writes back and drops the frames.
        let Some(mut root) = self.frames.pop() else { return };
        let stores = root.store_back(L::virtualizable());
        if !unreachable {
            for (opcode, args, descr) in stores {
                self.record(opcode, args, None, Some(descr));
            }
        }
        if !self.recording() {
            return;
        }
        let index = self.resume.len() as u32;
        self.trace.push(Opcode::Finish, vec![value.arg], None, Some(Descr::Guard(index)));
        self.trace.ops.last_mut().expect("just recorded").fail_args = vec![value.arg];
        self.resume.push(ResumeData::new(Vec::new(), LastCall::AsLogged));
        self.closing = Closing::Closed;
    }

    /// Whether the top frame `frame`, which returns, is unreachable once it returned, so that its
    /// virtualizable state need not be written back: the language's escape field
    /// ([`Virtualizable::escaped`]) reads 0, checked by a guard whose exit resumes the return
    /// (and writes the frame back). For an inlined callee's frame that stays virtual, the
    /// optimizer folds the read and the guard. The read is not logged: the interpreter's return
    /// makes no such read, so a replay of the return must not answer one.
    fn returns_unreachable(&mut self, frame: Tv) -> bool {
        let Some(f) = L::virtualizable().escaped else { return false };
        if !self.recording() {
            return false;
        }
        let key = HeapKey::Field(frame.arg, f);
        let bits = heap::read_field(frame.gcref(), &f);
        let escaped = match self.heap_cache.get(&key).filter(|v| v.bits == bits) {
            Some(v) => *v,
            None => {
                let v = self.record_value(Opcode::Getfield, vec![frame.arg], f.ty.kind, Some(Descr::Field(f)), bits);
                self.heap_cache.insert(key, v);
                v
            }
        };
        !self.branch(escaped) && self.recording()
    }

    /// A function trace reached a loop header of its outermost frame that has no compiled loop:
    /// end the trace with an exit that continues there (rather than unroll the loop), as PyPy's
    /// temporary callbacks into the interpreter do. The driver counts the exit towards tracing
    /// that loop, and enters the loop once it is compiled.
    fn leave_at(&mut self, greens: L::Greens) {
        if let Some(top) = self.frames.last_mut() {
            top.enter_opcode(greens);
        }
        let mut positions = self.positions.start(self.fail_args_len);
        let frames = self.frames.iter_mut().map(|f| f.snapshot(&mut positions)).collect();
        let fail_args = positions.args;
        let index = self.resume.len() as u32;
        self.trace.push(Opcode::Finish, vec![], None, Some(Descr::Guard(index)));
        self.trace.ops.last_mut().expect("just recorded").fail_args = fail_args;
        self.resume.push(ResumeData::new(frames, LastCall::AsLogged));
        self.closing = Closing::Closed;
        self.stop_greens = Some(greens);
        let mut root = self.frames.pop().expect("the outermost frame");
        root.store_back(L::virtualizable());
    }

    /// End a segmented trace (see `Tracer::segmented`) at this merge point of the outermost
    /// frame: a guard that always fails, so that its exit resumes here and, once hot, gets a
    /// bridge that traces on from here; then the same exit as a `finish` (never reached) to
    /// close the trace.
    fn end_segment(&mut self, greens: L::Greens) {
        if let Some(top) = self.frames.last_mut() {
            top.enter_opcode(greens);
        }
        self.guard(Opcode::GuardTrue, vec![Arg::Int(0)], LastCall::AsLogged);
        self.leave_at(greens);
    }

    /// A jump to another trace's loop gets the interpreter's state at its header as fail args,
    /// with resume data last in the trace's: the optimizer may add guards before the jump that
    /// resume there (when it jumps past that loop's preamble, see `optimizeopt::unroll::enter`).
    fn close(&mut self, target: u32, greens: L::Greens) {
        let args = self.frames[0].label_args();
        let mut fail_args = Vec::new();
        if Some(target) != self.own_target {
            let root = &self.frames[0];
            self.jump_values =
                std::iter::once(root.frame).chain(root.values()).map(|v| const_arg(v.arg.kind(), v.bits)).collect();
            self.frames[0].enter_opcode(greens);
            let mut positions = self.positions.start(self.fail_args_len);
            let frame = self.frames[0].snapshot(&mut positions);
            fail_args = positions.args;
            self.resume.push(ResumeData::new(vec![frame], LastCall::AsLogged));
        }
        self.trace.push(Opcode::Jump, args, None, Some(Descr::Target(target)));
        self.trace.ops.last_mut().expect("just recorded").fail_args = fail_args;
        self.closing = Closing::Closed;
        self.stop_greens = Some(greens);
        let mut root = self.frames.pop().expect("the outermost frame");
        root.store_back(L::virtualizable());
    }

    fn call_args(args: &[Val<Self>]) -> (Vec<u64>, Vec<Arg>) {
        args.iter()
            .map(|a| match a {
                Val::Int(v) | Val::Float(v) | Val::Ref(v) => (v.bits, v.arg),
            })
            .unzip()
    }
}

/// A bridge's start materializes its exit's virtuals and pending stores by recording them.
impl<'j, L: Language> Materializer<Tv> for Tracer<'j, L> {
    fn alloc(&mut self, layout: &'static Layout, len: Option<usize>) -> Tv {
        let obj = match len {
            Some(n) => heap::alloc_array(layout, n),
            None => heap::alloc(layout),
        };
        let (opcode, args) = match len {
            Some(n) => (Opcode::NewArray, vec![Arg::Int(n as i64)]),
            None => (Opcode::New, vec![]),
        };
        let v = self.record_value(opcode, args, Kind::Ref, Some(Descr::Layout(layout)), obj.addr() as u64);
        if let Some(var) = v.arg.var() {
            self.known_layout.insert(var, layout);
        }
        v
    }

    fn int(&mut self, i: i64) -> Tv {
        Tv::constant(Kind::Int, i as u64)
    }

    fn set_field(&mut self, obj: Tv, field: &FieldDescr, value: Tv) {
        match field.ty.kind {
            Kind::Ref => heap::write_field_ref(obj.gcref(), field, value.gcref()),
            _ => heap::write_field(obj.gcref(), field, value.bits),
        }
        self.record(Opcode::Setfield, vec![obj.arg, value.arg], None, Some(Descr::Field(*field)));
    }

    fn set_item(&mut self, array: Tv, descr: &ArrayDescr, index: Tv, value: Tv) {
        match descr.part.item.kind {
            Kind::Ref => heap::write_item_ref(array.gcref(), descr, index.int(), value.gcref()),
            _ => heap::write_item(array.gcref(), descr, index.int(), value.bits),
        }
        self.record(Opcode::Setarrayitem, vec![array.arg, index.arg, value.arg], None, Some(Descr::Array(*descr)));
    }

    fn call(&mut self, descr: &'static CallDescr, args: &[Tv]) -> Tv {
        let bits: Vec<u64> = args.iter().map(|a| a.bits).collect();
        let r = descr.func.invoke(&bits);
        let kind = descr.result.unwrap_or(Kind::Int);
        self.record_value(Opcode::Call, args.iter().map(|a| a.arg).collect(), kind, Some(Descr::Call(descr)), r)
    }
}

impl<'j, L: Language> Domain for Tracer<'j, L> {
    type Lang = L;
    type Int = Tv;
    type Float = Tv;
    type Ref = Tv;

    fn const_int(&mut self, v: i64) -> Tv {
        Tv::constant(Kind::Int, v as u64)
    }
    fn const_float(&mut self, v: f64) -> Tv {
        Tv::constant(Kind::Float, v.to_bits())
    }
    fn const_ref(&mut self, v: GcRef) -> Tv {
        self.keep(Tv::constant(Kind::Ref, v.addr() as u64))
    }
    fn int_op(&mut self, op: IntOp, a: Tv, b: Tv) -> Tv {
        let r = eval::int_op(op, a.int(), b.int());
        self.pure(eval::int_opcode(op), &[a, b], Kind::Int, r as u64)
    }
    fn int_unary(&mut self, op: IntUnary, a: Tv) -> Tv {
        let r = eval::int_unary(op, a.int());
        self.pure(eval::int_unary_opcode(op), &[a], Kind::Int, r as u64)
    }
    fn int_ovf(&mut self, op: OvfOp, a: Tv, b: Tv) -> Option<Tv> {
        let r = eval::int_ovf(op, a.int(), b.int());
        if a.is_const() && b.is_const() {
            return r.map(|v| Tv::constant(Kind::Int, v as u64));
        }
        let v = self.record_value(eval::ovf_opcode(op), vec![a.arg, b.arg], Kind::Int, None, r.unwrap_or(0) as u64);
        let guard = if r.is_some() { Opcode::GuardNoOverflow } else { Opcode::GuardOverflow };
        self.guard(guard, vec![], LastCall::AsLogged);
        r.map(|_| v)
    }
    fn float_op(&mut self, op: FloatOp, a: Tv, b: Tv) -> Tv {
        let r = eval::float_op(op, a.float(), b.float());
        self.pure(eval::float_opcode(op), &[a, b], Kind::Float, r.to_bits())
    }
    fn float_unary(&mut self, op: FloatUnary, a: Tv) -> Tv {
        let r = eval::float_unary(op, a.float());
        self.pure(eval::float_unary_opcode(op), &[a], Kind::Float, r.to_bits())
    }
    fn float_cmp(&mut self, op: FloatCmp, a: Tv, b: Tv) -> Tv {
        let r = eval::float_cmp(op, a.float(), b.float());
        self.pure(eval::float_cmp_opcode(op), &[a, b], Kind::Int, r as u64)
    }
    fn int_to_float(&mut self, a: Tv) -> Tv {
        self.pure(Opcode::CastIntToFloat, &[a], Kind::Float, (a.int() as f64).to_bits())
    }
    fn float_to_int(&mut self, a: Tv) -> Tv {
        self.pure(Opcode::CastFloatToInt, &[a], Kind::Int, eval::float_to_int(a.float()) as u64)
    }
    fn ptr_eq(&mut self, a: Tv, b: Tv) -> Tv {
        self.pure(Opcode::PtrEq, &[a, b], Kind::Int, (a.bits == b.bits) as u64)
    }
    fn branch(&mut self, c: Tv) -> bool {
        let taken = c.bits != 0;
        if let Some(var) = c.arg.var() {
            if self.known_conditions.get(&var) != Some(&taken) {
                let g = if taken { Opcode::GuardTrue } else { Opcode::GuardFalse };
                if self.guard(g, vec![c.arg], LastCall::AsLogged).is_some() {
                    self.known_conditions.insert(var, taken);
                }
            }
        }
        taken
    }
    fn promote_int(&mut self, v: Tv) -> i64 {
        if !v.is_const() {
            self.guard(Opcode::GuardValue, vec![v.arg, Arg::Int(v.int())], LastCall::AsLogged);
        }
        v.int()
    }
    fn promote_ref(&mut self, v: Tv) -> GcRef {
        if !v.is_const() {
            self.guard(Opcode::GuardValue, vec![v.arg, Arg::Ref(v.gcref())], LastCall::AsLogged);
        }
        v.gcref()
    }
    fn layout_of(&mut self, obj: Tv) -> &'static Layout {
        let layout = obj.gcref().layout();
        if let Some(var) = obj.arg.var() {
            if self.known_layout.get(&var).is_none_or(|l| !std::ptr::eq(*l, layout)) {
                self.guard(
                    Opcode::GuardClass,
                    vec![obj.arg, Arg::Int(layout as *const Layout as i64)],
                    LastCall::AsLogged,
                );
                self.known_layout.insert(var, layout);
            }
        }
        layout
    }
    fn is_null(&mut self, r: Tv) -> bool {
        let null = r.bits == 0;
        let known_nonnull =
            r.arg.var().is_some_and(|v| self.known_layout.contains_key(&v) || self.known_nonnull.contains(&v));
        if !r.is_const() && !known_nonnull {
            let g = if null { Opcode::GuardIsnull } else { Opcode::GuardNonnull };
            self.guard(g, vec![r.arg], LastCall::AsLogged);
            if let (false, Some(var)) = (null, r.arg.var()) {
                self.known_nonnull.insert(var);
            }
        }
        null
    }
    fn get_int(&mut self, obj: Tv, f: &FieldDescr) -> Tv {
        self.get_field(obj, f)
    }
    fn get_float(&mut self, obj: Tv, f: &FieldDescr) -> Tv {
        self.get_field(obj, f)
    }
    fn get_ref(&mut self, obj: Tv, f: &FieldDescr) -> Tv {
        self.get_field(obj, f)
    }
    fn set_int(&mut self, obj: Tv, f: &FieldDescr, v: Tv) {
        self.set_field(obj, f, v)
    }
    fn set_float(&mut self, obj: Tv, f: &FieldDescr, v: Tv) {
        self.set_field(obj, f, v)
    }
    fn set_ref(&mut self, obj: Tv, f: &FieldDescr, v: Tv) {
        self.set_field(obj, f, v)
    }
    fn array_len(&mut self, arr: Tv, a: &ArrayDescr) -> Tv {
        if self.frames.last().is_some_and(|top| top.is_array(L::virtualizable(), arr.arg, a)) {
            let len = self.frames.last().map_or(0, |top| top.items.len());
            return Tv::constant(Kind::Int, len as u64);
        }
        // An array's length never changes: on a constant array it is a constant.
        self.read(Opcode::Arraylen, arr, None, Kind::Int, Descr::Array(*a), true, || {
            heap::array_len(arr.gcref(), a) as u64
        })
    }
    fn get_item_int(&mut self, arr: Tv, a: &ArrayDescr, i: Tv) -> Tv {
        self.get_item(arr, a, i)
    }
    fn get_item_float(&mut self, arr: Tv, a: &ArrayDescr, i: Tv) -> Tv {
        self.get_item(arr, a, i)
    }
    fn get_item_ref(&mut self, arr: Tv, a: &ArrayDescr, i: Tv) -> Tv {
        self.get_item(arr, a, i)
    }
    fn set_item_int(&mut self, arr: Tv, a: &ArrayDescr, i: Tv, v: Tv) {
        self.set_item(arr, a, i, v)
    }
    fn set_item_float(&mut self, arr: Tv, a: &ArrayDescr, i: Tv, v: Tv) {
        self.set_item(arr, a, i, v)
    }
    fn set_item_ref(&mut self, arr: Tv, a: &ArrayDescr, i: Tv, v: Tv) {
        self.set_item(arr, a, i, v)
    }
    fn new(&mut self, layout: &'static Layout) -> Tv {
        self.alloc(Opcode::New, vec![], layout, || heap::alloc(layout))
    }
    fn new_array(&mut self, layout: &'static Layout, len: Tv) -> Tv {
        let n = usize::try_from(len.int()).expect("negative array length");
        self.alloc(Opcode::NewArray, vec![len.arg], layout, || heap::alloc_array(layout, n))
    }
    fn new_int_box(&mut self, layout: &'static Layout, f: &FieldDescr, v: Tv) -> Tv {
        self.new_box(layout, f, v)
    }
    fn new_float_box(&mut self, layout: &'static Layout, f: &FieldDescr, v: Tv) -> Tv {
        self.new_box(layout, f, v)
    }
    fn virtual_ref(&mut self, obj: Tv) -> Tv {
        let r =
            self.alloc(Opcode::VirtualRef, vec![obj.arg], &vref::VIRTUAL_REF, || vref::new_virtual_ref(obj.gcref()));
        self.live_vrefs.push(r.arg);
        r
    }
    fn virtual_ref_finish(&mut self, vref: Tv, obj: Tv) {
        self.live_vrefs.retain(|&r| r != vref.arg);
        self.record(Opcode::VirtualRefFinish, vec![vref.arg, obj.arg], None, None);
    }

    fn call(&mut self, f: &'static CallDescr, args: &[Val<Self>]) -> Result<Option<Val<Self>>, Tv> {
        let r = self.call_tv(f, args)?;
        Ok(r.map(|v| match v.arg.kind() {
            Kind::Int => Val::Int(v),
            Kind::Float => Val::Float(v),
            Kind::Ref => Val::Ref(v),
        }))
    }

    fn portal_call(&mut self, greens: L::Greens, frame: Tv) -> Result<Tv, Tv> {
        if let Some(inner) = self.take_pending_callee() {
            return self.inline_portal(inner, false);
        }
        // The trace may have called the portal runner here (the inline stack was too deep, or
        // the callee was not to be inlined): a bridge answers that call from its log.
        let logged_runner = self
            .frames
            .last()
            .and_then(|f| f.replay.front())
            .is_some_and(|r| matches!(r.event.kind, EventKind::Call(_)));
        if logged_runner {
            return self.call_portal_runner(greens, frame);
        }
        if let Some(r) = self.replayed(EventKind::Portal) {
            let v = r.value.expect("a logged portal call has a value");
            return if r.event.raised { Err(v) } else { Ok(v) };
        }
        if !self.recording() {
            return self.run_concretely(greens, frame);
        }
        // Frames of the inline stack that run the callee's function.
        let recursion = self.frames.iter().filter(|f| L::same_function(&f.greens, &greens)).count();
        if self.frames.len() > self.jit.params().inline_depth
            || recursion >= L::max_unroll_recursion(&greens, self.jit.max_unroll_recursion(&greens))
            || self.jit.is_dont_inline(&greens)
            || (self.bridge && !L::inlines_into_bridges(&greens))
        {
            return self.call_portal_runner(greens, frame);
        }
        self.log(EventKind::Portal, None, false, true);
        let callee = self.load_recorded(frame, greens);
        if !self.recording() {
            // Loading the callee's state made the trace too long.
            return self.run_concretely(greens, frame);
        }
        self.inline_portal(callee, true)
    }

    fn merge_point(&mut self, greens: &L::Greens, _frame: Tv) -> Result<(), Leave<Tv>> {
        if self.aborted.is_some() {
            if self.passthrough_depth == 0 {
                self.stop_greens = Some(*greens);
                return Err(Leave::Stop);
            }
            return Ok(());
        }
        let root = self.frames.len() == 1;
        let started = self.frames.last().is_some_and(|f| f.started);
        let at_loop_header = std::mem::take(&mut self.at_loop_header);
        if root && started {
            let target = if Some(*greens) == self.start { self.own_target } else { self.jit.entry_target(greens) };
            if let Some(target) = target {
                self.close(target, *greens);
                return Err(Leave::Stop);
            }
            if at_loop_header && self.start.is_none() {
                // A function trace or a bridge reached a loop that is not compiled: end here,
                // through an exit that can get a bridge, which jumps into the loop once it is
                // compiled (rather than leave and enter compiled code on every pass).
                self.end_segment(*greens);
                return Err(Leave::Stop);
            }
        }
        if !root
            && at_loop_header
            && self.recording()
            && self.frames.last().is_some_and(|f| f.loops_back_to(greens, self.unrolled_passes(greens)))
        {
            // An inlined frame jumped back to a loop header it already passed in this trace (one
            // whole iteration is inlined; a few for a loop the language unrolls, see
            // `JitParams::unroll_loops`), or a frame a bridge resumed inside its loop did: the
            // rest of its run becomes a residual call from here, which enters the loop's own
            // compiled code, as PyPy makes a `call_assembler` of an inlined callee's loop.
            // Unrolling further would make traces and bridges grow with every path through the
            // callee's loop. A generator resumed inline for each item jumps back to a header it
            // has not passed in this resumption, and stays inlined.
            self.call_rest_at = Some(*greens);
            return Err(Leave::Stop);
        }
        if root && self.segmented && self.trace.ops.len() * 5 >= self.limit() * 4 {
            self.end_segment(*greens);
            return Err(Leave::Stop);
        }
        if self.trace.ops.len() >= self.limit() {
            self.too_long();
            return self.merge_point(greens, _frame);
        }
        let note = self.jit.note(greens);
        if let Some(top) = self.frames.last_mut() {
            top.enter_opcode(*greens);
            if !root {
                top.visited.push(*greens);
            }
        }
        // An opcode that recorded nothing leaves no mark of its own: the next one's note replaces
        // its note, so that the limit counts operations rather than opcodes (unpack_sequence's
        // loop is 4800 opcodes, of which only a few dozen record anything).
        let recording = self.recording();
        if let Some(op) = self.trace.ops.last_mut().filter(|op| recording && op.opcode == Opcode::DebugMergePoint) {
            op.descr = Some(Descr::Note(note));
        } else {
            self.record(Opcode::DebugMergePoint, vec![], None, Some(Descr::Note(note)));
        }
        Ok(())
    }

    fn can_enter_jit(&mut self, _greens: &mut L::Greens, _frame: Tv) -> Result<(), Leave<Tv>> {
        self.at_loop_header = true;
        Ok(())
    }
}

impl<'j, L: Language> Tracer<'j, L> {
    /// How many times an inlined frame passes the loop header `greens` before the rest of its run
    /// becomes a residual call (see `JitParams::unroll_loops`).
    fn unrolled_passes(&self, greens: &L::Greens) -> usize {
        if L::unrolls_loop(greens) {
            self.jit.params().unroll_loops
        } else {
            1
        }
    }

    fn get_field(&mut self, obj: Tv, f: &FieldDescr) -> Tv {
        if let Some(v) = self.vable_field(obj, f) {
            return v;
        }
        if f.quasi_immutable && obj.is_const() {
            // The optimizer folds the read (see `crate::quasi`); the guard makes the code leave
            // here once the field has changed.
            self.guard(Opcode::GuardNotInvalidated, vec![], LastCall::AsLogged);
        }
        let v = self.read(Opcode::Getfield, obj, None, f.ty.kind, Descr::Field(*f), f.immutable, || {
            heap::read_field(obj.gcref(), f)
        });
        if f.quasi_immutable && obj.is_const() && self.recording() {
            self.quasi_reads.push((obj.gcref(), *f, v.bits));
        }
        v
    }

    fn set_field(&mut self, obj: Tv, f: &FieldDescr, v: Tv) {
        if self.set_vable_field(obj, f, v) {
            return;
        }
        let written = self.write(Opcode::Setfield, vec![obj.arg, v.arg], Descr::Field(*f), || match f.ty.kind {
            Kind::Ref => heap::write_field_ref(obj.gcref(), f, v.gcref()),
            _ => heap::write_field(obj.gcref(), f, v.bits),
        });
        let fresh = obj.arg.var().is_some_and(|var| self.allocated.contains(&var));
        if written && f.quasi_immutable && !fresh {
            // The store above invalidated through the heap's accessor; compiled code must too.
            let args = vec![obj.arg, Arg::Int(f.offset as i64)];
            self.record(Opcode::Call, args, None, Some(Descr::Call(&crate::quasi::INVALIDATE)));
        } else if written && f.ty.size == 8 && self.recording() {
            // A narrower field keeps only part of the value: its next read is recorded.
            self.heap_cache.insert(HeapKey::Field(obj.arg, *f), v);
        }
    }

    /// A box of `v` in field `f` of a new `layout` object, or the box of the same trace value
    /// made before (boxes are immutable and their identity is not observable). A reused box logs
    /// the events that the default `new_int_box` performs, with the old box as the allocation's
    /// value, so that replay answers them the same way; a bridge's replayed prefix is answered
    /// event by event.
    fn new_box(&mut self, layout: &'static Layout, f: &FieldDescr, v: Tv) -> Tv {
        let key = (layout as *const Layout as usize, *f, v.arg);
        let replaying = self.frames.last().is_some_and(|top| !top.replay.is_empty());
        if let Some(b) = self.boxes.get(&key).copied().filter(|_| !replaying && self.recording()) {
            self.log(EventKind::Alloc, Some(b.arg), false, false);
            self.log(EventKind::Write, None, false, false);
            return b;
        }
        let b = self.new(layout);
        self.set_field(b, f, v);
        if self.recording() && b.arg.var().is_some() {
            self.boxes.insert(key, b);
        }
        b
    }

    fn get_item(&mut self, arr: Tv, a: &ArrayDescr, i: Tv) -> Tv {
        if let Some(slot) = self.vable_item(arr, a, i) {
            return self.frames.last().map_or(arr, |top| top.items[slot]);
        }
        let kind = a.part.item.kind;
        self.read(Opcode::Getarrayitem, arr, Some(i), kind, Descr::Array(*a), false, || match kind {
            Kind::Ref => heap::read_item_ref(arr.gcref(), a, i.int()).addr() as u64,
            _ => heap::read_item(arr.gcref(), a, i.int()),
        })
    }

    fn set_item(&mut self, arr: Tv, a: &ArrayDescr, i: Tv, v: Tv) {
        if let Some(slot) = self.vable_item(arr, a, i) {
            if let Some(top) = self.frames.last_mut() {
                top.set_item(slot, v);
            }
            return;
        }
        let written = self.write(Opcode::Setarrayitem, vec![arr.arg, i.arg, v.arg], Descr::Array(*a), || {
            match a.part.item.kind {
                Kind::Ref => heap::write_item_ref(arr.gcref(), a, i.int(), v.gcref()),
                _ => heap::write_item(arr.gcref(), a, i.int(), v.bits),
            }
        });
        if written && i.is_const() && a.part.item.size == 8 && self.recording() {
            self.heap_cache.insert(HeapKey::Item(arr.arg, *a, i.int()), v);
        }
    }

    /// A residual call: executed, recorded (unless it folds) and logged, followed by an exception
    /// guard when it can raise.
    fn call_tv(&mut self, f: &'static CallDescr, args: &[Val<Self>]) -> Result<Option<Tv>, Tv> {
        self.call_tv_as(f, args, None)
    }

    /// [`Tracer::call_tv`], recorded as `call_assembler` (with that descriptor and those extra
    /// operands: the cell and the callee's inputs) when `assembler` says so.
    fn call_tv_as(
        &mut self,
        f: &'static CallDescr,
        args: &[Val<Self>],
        assembler: Option<(&'static CallDescr, Vec<Arg>)>,
    ) -> Result<Option<Tv>, Tv> {
        let (bits, mut operands) = Self::call_args(args);

        let kind = f.result;
        let pure = f.effect == Effect::Elidable;
        // Elidable calls are never logged (replays run them again), so only the others answer
        // from a bridge's replayed log.
        if !pure {
            if let Some(r) = self.replayed(EventKind::Call(f)) {
                return match (r.event.raised, r.value) {
                    (true, Some(e)) => Err(e),
                    (_, v) => Ok(v),
                };
            }
        }
        if pure && !f.can_raise && operands.iter().all(|a| a.var().is_none()) {
            let r = f.func.invoke(&bits);
            return Ok(kind.map(|k| self.keep(Tv::constant(k, r))));
        }
        let lazy = f.effect == Effect::MayForce && self.leaves_frames(f);
        let guard_vrefs = !lazy && f.effect == Effect::MayForce && self.keeps_vrefs_across(f);
        if lazy {
            self.leave_frames();
        } else if f.effect == Effect::MayForce {
            self.force_frames();
        }
        let r = f.func.invoke(&bits);
        let exc = if f.can_raise { take_exception() } else { None };
        let opcode = match f.effect {
            Effect::Plain => Opcode::Call,
            Effect::Elidable => Opcode::CallPure,
            Effect::MayForce => Opcode::CallMayForce,
        };
        let (opcode, descr) = match assembler {
            Some((helper, extra)) => {
                operands.extend(extra);
                (Opcode::CallAssembler, helper)
            }
            None => (opcode, f),
        };
        let result =
            self.record(opcode, operands, kind, Some(Descr::Call(descr))).map(|arg| self.keep(Tv { bits: r, arg }));
        let result = result.or_else(|| kind.map(|k| Tv::constant(k, r)));
        if !pure {
            self.log(EventKind::Call(f), result.map(|v| v.arg), false, true);
        }
        if lazy {
            self.guard(Opcode::GuardNotForced, vec![], LastCall::Forced);
            self.clear_tokens();
        } else if f.effect == Effect::MayForce {
            if guard_vrefs {
                self.guard(Opcode::GuardNotForced, vec![], LastCall::Forced);
            }
            self.reload_frames(f);
        }
        if !f.can_raise {
            return Ok(result);
        }
        match exc {
            None => {
                self.guard(Opcode::GuardNoException, vec![], LastCall::Raised);
                Ok(result)
            }
            Some(e) => {
                let bits = e.addr() as u64;
                let arg = self.guard(Opcode::GuardException, vec![], LastCall::Returned);
                let exc = self.keep(Tv { bits, arg: arg.unwrap_or(Arg::Ref(e)) });
                if let Some(top) = self.frames.last_mut() {
                    top.mark_last_raised(exc.arg);
                }
                Err(exc)
            }
        }
    }

    /// Run a portal call in the concrete domain (the tracer no longer records).
    fn run_concretely(&mut self, greens: L::Greens, frame: Tv) -> Result<Tv, Tv> {
        let r = run_portal(&mut Concrete::new(self.jit), greens, frame.gcref());
        r.map(|v| Tv::constant(Kind::Ref, v.addr() as u64)).map_err(|e| Tv::constant(Kind::Ref, e.addr() as u64))
    }

    /// A residual call of the portal runner that runs the callee frame (not inlined), recorded as
    /// a `call_assembler` of the code the runner would run (a function trace, or the loop at the
    /// header where a trace stopped inlining the frame), compiled or not yet (see
    /// [`Jit::assembler_call`]), whose inputs are read from the callee frame here (the heap cache
    /// answers most of them from the stores that just filled it).
    fn call_portal_runner(&mut self, greens: L::Greens, frame: Tv) -> Result<Tv, Tv> {
        let id = self.const_int(self.jit.greens_id(greens));
        let runner = self.jit.portal_runner();
        let replaying = self.frames.last().is_some_and(|f| !f.replay.is_empty());
        let assembler = if self.recording() && !replaying {
            let (helper, cell) = self.jit.assembler_call(greens);
            let callee = self.load_recorded(frame, greens);
            let inputs = std::iter::once(frame).chain(callee.values()).map(|v| v.arg);
            Some((helper, std::iter::once(Arg::Int(cell as i64)).chain(inputs).collect()))
        } else {
            None
        };
        self.call_tv_as(runner, &[Val::Int(id), Val::Ref(frame)], assembler)
            .map(|v| v.expect("the portal runner returns a value"))
    }

    /// In a bridge, the callee frame to resume when the current opcode's replay reaches its
    /// pending portal call.
    fn take_pending_callee(&mut self) -> Option<FrameShadow<L::Greens>> {
        let top = self.frames.last_mut()?;
        if top.replay.len() == 1 && top.replay[0].event.kind == EventKind::Portal && top.replay[0].value.is_none() {
            let r = top.replay.pop_front()?;
            top.log(r.event.kind, None, false, true);
            return self.pending.pop_front();
        }
        None
    }

    /// Run a callee frame inline, then write its state back to the heap unless it returned
    /// and nothing can read it again ([`Tracer::returns_unreachable`]). `at_entry`: the call
    /// starts at the callee's entry (not a frame a bridge resumes mid-function), so its greens
    /// name the function for "don't inline" (see [`Tracer::too_long`]).
    fn inline_portal(&mut self, callee: FrameShadow<L::Greens>, at_entry: bool) -> Result<Tv, Tv> {
        let (greens, frame) = (callee.greens, callee.frame);
        let depth = self.frames.len();
        self.frames.push(callee);
        if at_entry {
            self.inlined.push((greens, self.trace.ops.len()));
        }
        let r = L::portal(self, greens, frame);
        if at_entry {
            if let Some((entry, start)) = self.inlined.pop() {
                let size = self.inlined_sizes.entry(entry).or_insert(0);
                *size = (*size).max(self.trace.ops.len().saturating_sub(start));
            }
        }
        let returned = matches!(r, Ok(_) | Err(Leave::Return(_)));
        let unreachable = returned && self.frames.len() == depth + 1 && self.returns_unreachable(frame);
        if self.recording() && self.frames.len() == depth + 1 {
            let mut callee = self.frames.pop().expect("the callee frame");
            let stores = callee.store_back(L::virtualizable());
            if !unreachable {
                for (opcode, args, descr) in stores {
                    self.record(opcode, args, None, Some(descr));
                }
            }
        } else if self.aborted.is_some() {
            self.passthrough_depth = self.passthrough_depth.saturating_sub(1);
        }
        let r = match r {
            Ok(v) | Err(Leave::Return(v)) => Ok(v),
            Err(Leave::Raise(e)) => Err(e),
            Err(Leave::Stop) => {
                let at = self.call_rest_at.take().expect("an inlined frame stops only at a loop header");
                if let Some(top) = self.frames.last_mut() {
                    top.drop_pending_portal();
                }
                self.jit.mark_loop_header(at);
                self.call_portal_runner(at, frame)
            }
        };
        if let Some(top) = self.frames.last_mut() {
            let (v, raised) = match r {
                Ok(v) => (v, false),
                Err(e) => (e, true),
            };
            top.complete_portal(v.arg, raised);
        }
        r
    }
}

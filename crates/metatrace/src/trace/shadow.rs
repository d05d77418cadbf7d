//! The tracer's shadow of one virtualizable frame: the current values of its virtualizable fields
//! and array items as trace values, what the frame object in the heap holds where the trace
//! knows it, the snapshot taken at its last merge point, and the log of the non-pure events of
//! its current opcode.
//!
//! The trace knows what the frame object holds at a slot once it read the slot from there or
//! wrote it there, until the frame writes the slot: only the frame's own execution changes its
//! virtualizable state while the frame is on the inline stack, but for calls after which the
//! tracer reads every frame again (see [`crate::domain::Language::reload_frames_after`]), and
//! for slots that the frame writes before it reads them again. A value is *dirty* when the frame
//! object may hold another: writing the frame back (before such a call, or when an inlined frame
//! returns and may be reachable, see `Tracer::returns_unreachable`) records stores of the dirty
//! values only. Values that arrive in registers (a loop's
//! label arguments) are dirty; a bridge's are clean where the exit's snapshot says the frame
//! object holds them ([`FrameSnapshot::in_frame`]); a function trace's are clean (whoever enters
//! it, the interpreter or a `call_assembler`, has the frame object hold them).

use super::Tv;
use crate::domain::Virtualizable;
use crate::ir::{Arg, Descr, Opcode};
use crate::resume::{EventKind, EventLog, FrameSnapshot, FrameValues, LoggedEvent};
use metatrace_gc::{heap, ArrayDescr, Kind};
use rustc_hash::FxHashMap as HashMap;
use std::collections::VecDeque;
use std::rc::Rc;

/// One value read from a frame object: how to read it in a trace, its kind and concrete bits.
pub(crate) struct Load {
    pub opcode: Opcode,
    pub args: Vec<Arg>,
    pub descr: Descr,
    pub kind: Kind,
    pub bits: u64,
}

/// A logged event still to be answered while a bridge replays its first opcode.
#[derive(Copy, Clone, Debug)]
pub(crate) struct Replayed {
    pub event: LoggedEvent,
    pub value: Option<Tv>,
}

/// A logged event of the current opcode, as trace operands.
type Event = (EventKind, Option<Arg>, bool);

/// The shadow of one frame of the inline stack.
pub(crate) struct FrameShadow<G> {
    /// The position of the current opcode.
    pub greens: G,
    /// The frame object.
    pub frame: Tv,
    /// The virtualizable scalar fields.
    fields: Vec<Tv>,
    /// The frame's array object, if the frame has one.
    array: Option<Tv>,
    /// The array's items.
    pub items: Vec<Tv>,
    /// For each field, then each item: the operand whose value the frame object holds, if known.
    stored: Vec<Option<Arg>>,
    /// Whether the frame has passed its first merge point in this trace.
    pub started: bool,
    /// Whether the frame was resumed from a snapshot (its first opcode is already under way).
    resumed: bool,
    /// Field and item values at the start of the current opcode.
    snap: Vec<Arg>,
    /// The non-pure events of the current opcode.
    events: Vec<Event>,
    /// Whether one of them was an effect.
    effect: bool,
    /// Logged events a bridge must answer before executing anew.
    pub replay: VecDeque<Replayed>,
    /// The positions of the merge points this frame passed in this trace.
    pub visited: Vec<G>,
    /// The snapshot the last guard got, while it still describes the frame but for the events
    /// logged since (see [`FrameShadow::snapshot`]).
    shared: Option<Shared<G>>,
    /// The log of the last snapshot of the current opcode: the next snapshot's log shares what
    /// it can of it.
    last_log: EventLog,
}

/// The last snapshot of a frame and the fail args it appended.
struct Shared<G> {
    appended: Vec<Arg>,
    snap: Rc<FrameSnapshot<G>>,
}

impl<G: Copy> FrameShadow<G> {
    /// Read the virtualizable state of `frame` from the heap; `value` turns each read into a trace
    /// value (an input argument, or a recorded load), in the order fields, array, items.
    pub fn load(frame: Tv, greens: G, vable: &Virtualizable, mut value: impl FnMut(Load) -> Tv) -> Self {
        let obj = frame.gcref();
        let fields: Vec<Tv> = vable
            .fields
            .iter()
            .map(|f| {
                let bits = heap::read_field(obj, f);
                value(Load {
                    opcode: Opcode::Getfield,
                    args: vec![frame.arg],
                    descr: Descr::Field(*f),
                    kind: f.ty.kind,
                    bits,
                })
            })
            .collect();
        let mut items = Vec::new();
        let array = vable.array.as_ref().map(|va| {
            let bits = heap::read_field(obj, &va.field);
            let array = value(Load {
                opcode: Opcode::Getfield,
                args: vec![frame.arg],
                descr: Descr::Field(va.field),
                kind: Kind::Ref,
                bits,
            });
            let arr = array.gcref();
            for i in 0..heap::array_len(arr, &va.items) {
                let bits = heap::read_item(arr, &va.items, i);
                items.push(value(Load {
                    opcode: Opcode::Getarrayitem,
                    args: vec![array.arg, Arg::Int(i)],
                    descr: Descr::Array(va.items),
                    kind: va.items.part.item.kind,
                    bits,
                }));
            }
            array
        });
        let mut shadow = FrameShadow {
            greens,
            frame,
            fields,
            array,
            stored: Vec::new(),
            items,
            started: false,
            resumed: false,
            snap: Vec::new(),
            events: Vec::new(),
            effect: false,
            replay: VecDeque::new(),
            visited: Vec::new(),
            shared: None,
            last_log: EventLog::default(),
        };
        shadow.snap = shadow.current_args();
        shadow.stored = shadow.snap.iter().map(|a| Some(*a)).collect();
        shadow
    }

    /// The shadow of a frame resumed from a snapshot whose positions hold `inputs` (from a
    /// bridge's input arguments), with its array object `array`.
    /// A value is clean where the snapshot says that the frame object holds it.
    pub fn resumed(snap: &FrameSnapshot<G>, inputs: FrameValues<Tv>, array: Option<Tv>) -> Self {
        let at = |i: &u32| inputs.at(*i);
        let frame = at(&snap.frame);
        let replay = snap.log.iter().map(|e| Replayed { event: *e, value: e.value.as_ref().map(at) }).collect();
        let stored = snap
            .fields
            .iter()
            .chain(&snap.items)
            .enumerate()
            .map(|(n, i)| snap.in_frame.get(n).is_some_and(|b| *b).then(|| at(i).arg))
            .collect();
        let mut shadow = FrameShadow {
            stored,
            greens: snap.greens,
            frame,
            fields: snap.fields.iter().map(at).collect(),
            array,
            items: snap.items.iter().map(at).collect(),
            started: false,
            resumed: true,
            snap: Vec::new(),
            events: Vec::new(),
            effect: false,
            replay,
            visited: Vec::new(),
            shared: None,
            last_log: EventLog::default(),
        };
        shadow.snap = shadow.current_args();
        shadow
    }

    /// Whether a backward jump to `greens` ends this inlined frame's unrolling (see
    /// `Tracer::merge_point`): the frame passed that loop header `passes` times before in this
    /// trace, or it was resumed by a bridge, which starts inside the loop.
    pub fn loops_back_to(&self, greens: &G, passes: usize) -> bool
    where
        G: PartialEq,
    {
        self.resumed || self.visited.iter().filter(|g| *g == greens).count() >= passes
    }

    fn current_args(&self) -> Vec<Arg> {
        self.fields.iter().chain(&self.items).map(|v| v.arg).collect()
    }

    /// The values in load order: fields, array, items.
    pub fn values(&self) -> Vec<Tv> {
        self.fields.iter().chain(&self.array).chain(&self.items).copied().collect()
    }

    /// Replace the field and item values from `values` (in load order), read from the frame
    /// object: they are clean. The array object keeps its trace value: it is never reassigned
    /// during the frame's life, and the interpreter may hold the value it read earlier.
    pub fn set_values(&mut self, values: Vec<Tv>) {
        let nfields = self.fields.len();
        self.fields = values[..nfields].to_vec();
        let items_start = nfields + self.array.is_some() as usize;
        self.items = values[items_start..].to_vec();
        self.stored = self.current_args().into_iter().map(Some).collect();
        self.shared = None;
    }

    /// Mark every value dirty, or every value clean (the frame object holds it).
    pub fn mark_all(&mut self, dirty: bool) {
        self.stored = self.current_args().into_iter().map(|a| (!dirty).then_some(a)).collect();
        self.shared = None;
    }

    /// The arguments of a loop label or jump for this (outermost) frame: frame, fields, array, items.
    pub fn label_args(&self) -> Vec<Arg> {
        std::iter::once(self.frame).chain(self.values()).map(|v| v.arg).collect()
    }

    /// The shadow value of a virtualizable field (the array field gives the array object).
    pub fn field(&self, vable: &Virtualizable, f: &metatrace_gc::FieldDescr) -> Option<Tv> {
        if let Some(i) = vable.fields.iter().position(|g| g == f) {
            return Some(self.fields[i]);
        }
        vable.array.as_ref().filter(|va| va.field == *f).and(self.array)
    }

    /// Write a virtualizable scalar field; false when `f` is not one.
    pub fn set_field(&mut self, vable: &Virtualizable, f: &metatrace_gc::FieldDescr, v: Tv) -> bool {
        let Some(i) = vable.fields.iter().position(|g| g == f) else { return false };
        self.fields[i] = v;
        self.forget_stored(i);
        true
    }

    /// Write array item `i` (in bounds). Even the value the frame object holds makes the item
    /// dirty: native code may have changed a slot that the frame writes before it reads it (see
    /// [`crate::domain::Language::reload_frames_after`]).
    pub fn set_item(&mut self, i: usize, v: Tv) {
        self.items[i] = v;
        self.forget_stored(self.fields.len() + i);
    }

    /// The frame object may no longer hold value `n` (fields, then items).
    fn forget_stored(&mut self, n: usize) {
        if self.stored[n].take().is_some() {
            self.shared = None;
        }
    }

    /// True when `arr` is this frame's virtualizable array accessed through its descriptor.
    pub fn is_array(&self, vable: &Virtualizable, arr: Arg, a: &ArrayDescr) -> bool {
        self.array.is_some_and(|x| x.arg == arr) && vable.array.as_ref().is_some_and(|va| va.items == *a)
    }

    /// Whether the frame object holds every value of the shadow.
    pub fn is_clean(&self) -> bool {
        self.stored.iter().zip(self.fields.iter().chain(&self.items)).all(|(s, v)| *s == Some(v.arg))
    }

    /// Write the shadow values into the frame object without recording anything: the frame
    /// object holds them while a call runs during tracing, and the trace keeps them dirty (the
    /// compiled code leaves them in registers, see `Tracer::leave_frames`).
    pub fn write_concrete(&self, vable: &Virtualizable) {
        let obj = self.frame.gcref();
        for (f, v) in vable.fields.iter().zip(&self.fields) {
            match f.ty.kind {
                Kind::Ref => heap::write_field_ref(obj, f, v.gcref()),
                _ => heap::write_field(obj, f, v.bits),
            }
        }
        if let (Some(va), Some(array)) = (&vable.array, self.array) {
            for (i, v) in self.items.iter().enumerate() {
                match va.items.part.item.kind {
                    Kind::Ref => heap::write_item_ref(array.gcref(), &va.items, i as i64, v.gcref()),
                    _ => heap::write_item(array.gcref(), &va.items, i as i64, v.bits),
                }
            }
        }
    }

    /// Write the shadow values into the frame object; return the stores of the dirty ones as
    /// trace operations (the others are there already), and mark every value clean.
    pub fn store_back(&mut self, vable: &Virtualizable) -> Vec<(Opcode, Vec<Arg>, Descr)> {
        self.write_concrete(vable);
        let mut ops = Vec::new();
        let mut stored = self.stored.iter();
        for (f, v) in vable.fields.iter().zip(&self.fields) {
            if stored.next() != Some(&Some(v.arg)) {
                ops.push((Opcode::Setfield, vec![self.frame.arg, v.arg], Descr::Field(*f)));
            }
        }
        if let (Some(va), Some(array)) = (&vable.array, self.array) {
            for (i, v) in self.items.iter().enumerate() {
                if stored.next() != Some(&Some(v.arg)) {
                    let args = vec![array.arg, Arg::Int(i as i64), v.arg];
                    ops.push((Opcode::Setarrayitem, args, Descr::Array(va.items)));
                }
            }
        }
        self.stored = self.current_args().into_iter().map(Some).collect();
        self.shared = None;
        ops
    }

    /// The frame reaches a merge point: a new opcode starts.
    pub fn enter_opcode(&mut self, greens: G) {
        let first = !self.started;
        self.started = true;
        if first && self.resumed {
            return;
        }
        self.greens = greens;
        self.snap = self.current_args();
        self.events.clear();
        self.effect = false;
        self.shared = None;
        self.last_log = EventLog::default();
    }

    /// Log a non-pure event of the current opcode (the last snapshot stays shared: the next one
    /// extends its log).
    pub fn log(&mut self, kind: EventKind, value: Option<Arg>, raised: bool, effect: bool) {
        self.events.push((kind, value, raised));
        self.effect |= effect;
    }

    /// The last logged call raised `exc`.
    pub fn mark_last_raised(&mut self, exc: Arg) {
        if let Some(last) = self.events.last_mut() {
            last.1 = Some(exc);
            last.2 = true;
        }
        self.shared = None;
    }

    /// The pending portal call of the current opcode returned (or raised) `value`.
    pub fn complete_portal(&mut self, value: Arg, raised: bool) {
        if let Some(e) = self.events.iter_mut().rev().find(|e| e.0 == EventKind::Portal && e.1.is_none()) {
            e.1 = Some(value);
            e.2 = raised;
        }
        self.shared = None;
    }

    /// Forget the pending portal call of the current opcode (the call is made residual: the
    /// residual call logs its own event instead).
    pub fn drop_pending_portal(&mut self) {
        if let Some(i) = self.events.iter().rposition(|e| e.0 == EventKind::Portal && e.1.is_none()) {
            self.events.remove(i);
        }
        self.shared = None;
    }

    /// The frame's snapshot for a guard, whose fail args `fail_args` builds (each distinct value
    /// once). The last guard's snapshot is shared when nothing it describes has changed since
    /// and the snapshots of the frames before it were shared too (so that the fail args before
    /// its values are the same: PyPy's numbering shared by prefix); when only events were logged
    /// since (snapshots carry the log once it has an effect), the new snapshot has the same
    /// positions and extends the last one's log.
    pub fn snapshot(&mut self, fail_args: &mut FailArgs<'_>) -> Rc<FrameSnapshot<G>>
    where
        G: Copy,
    {
        let logged = if self.effect { self.events.len() } else { 0 };
        let reusable = self.shared.as_mut().filter(|s| fail_args.shared && s.snap.log.len() <= logged);
        if let Some(shared) = reusable {
            fail_args.args.extend_from_slice(&shared.appended);
            let had = shared.snap.log.len();
            if had < logged {
                fail_args.shared = false;
                let before = fail_args.args.len();
                let log = shared.snap.log.extended(log_events(&self.events[had..logged], fail_args));
                shared.appended.extend_from_slice(&fail_args.args[before..]);
                self.last_log = log.clone();
                shared.snap = Rc::new(FrameSnapshot { log, ..FrameSnapshot::clone(&shared.snap) });
            }
            return shared.snap.clone();
        }
        fail_args.shared = false;
        let before = fail_args.args.len();
        let frame = fail_args.position(self.frame.arg);
        let (fields, items) = self.snap.split_at(self.fields.len());
        let fields = fields.iter().map(|a| fail_args.position(*a)).collect();
        let items = items.iter().map(|a| fail_args.position(*a)).collect();
        let in_frame = self.snap.iter().zip(&self.stored).map(|(v, s)| *s == Some(*v)).collect();
        let log = self.last_log.sharing(log_events(&self.events[..logged], fail_args));
        self.last_log = log.clone();
        let snap = Rc::new(FrameSnapshot { greens: self.greens, frame, fields, items, log, in_frame });
        self.shared = Some(Shared { appended: fail_args.args[before..].to_vec(), snap: snap.clone() });
        snap
    }
}

/// Logged events with their values as positions of `fail_args`.
fn log_events(events: &[Event], fail_args: &mut FailArgs<'_>) -> Vec<LoggedEvent> {
    events
        .iter()
        .map(|(kind, value, raised)| LoggedEvent {
            kind: *kind,
            value: value.map(|a| fail_args.position(a)),
            raised: *raised,
        })
        .collect()
}

/// The fail args of a guard being recorded: each distinct value once, found by a table of
/// positions kept across guards (no hashing but for constants, no clearing). An entry counts only
/// when the fail arg at its position is that value: a shared snapshot appends the values it
/// added before at the positions they had then, where their entries still point (a value is
/// appended only when its entry does not count, which then points to it).
#[derive(Default)]
pub(crate) struct Positions {
    /// Per variable number: its position (`u32::MAX`: none).
    vars: Vec<u32>,
    /// Per constant: its position.
    consts: HashMap<Arg, u32>,
}

impl Positions {
    /// Start the fail args of a new guard (`capacity`: how many it likely gets).
    pub fn start(&mut self, capacity: usize) -> FailArgs<'_> {
        FailArgs { args: Vec::with_capacity(capacity), table: self, shared: true }
    }
}

/// A guard's fail args being built (see [`Positions`]).
pub(crate) struct FailArgs<'a> {
    /// The values so far.
    pub args: Vec<Arg>,
    table: &'a mut Positions,
    /// Whether every snapshot so far was shared.
    shared: bool,
}

impl FailArgs<'_> {
    /// The position of `a`, appended if it is not there yet.
    fn position(&mut self, a: Arg) -> u32 {
        let next = self.args.len() as u32;
        let entry = match a.var() {
            Some(var) => {
                let vars = &mut self.table.vars;
                let k = var.id as usize;
                if k >= vars.len() {
                    vars.resize(k + 1, u32::MAX);
                }
                &mut vars[k]
            }
            None => self.table.consts.entry(a).or_insert(next),
        };
        if self.args.get(*entry as usize) == Some(&a) {
            return *entry;
        }
        *entry = next;
        self.args.push(a);
        next
    }
}

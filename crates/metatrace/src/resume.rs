//! Resume data: what a guard saves so that the interpreter can continue exactly where the compiled
//! code left off.
//!
//! At every merge point the tracer takes a snapshot of the frame that reached it (its greens and its
//! virtualizable values). A guard's resume data lists, for each frame of the inline stack (outermost
//! first), the snapshot of the opcode that frame is executing, plus the log of the non-pure events
//! that already happened in that opcode before the guard, when an effect is among them. Every value
//! of a snapshot is a *position*: an index into the fail args the tracer gave the guard.
//!
//! # Shared snapshots
//!
//! Snapshots are shared, as PyPy's are: a frame's snapshot is an `Rc` that every guard recorded
//! while that frame's state (and the number of fail args before its own) stays the same points to
//! (the outer frames' snapshots are shared by all the guards of an inlined call, the top frame's by
//! the guards of one opcode), and the optimizer's resume data keeps the tracer's snapshots: it does
//! not renumber them, it maps positions to its own resume values ([`ResumeData::slots`]).
//! The guards of one opcode that differ only by the events logged in between share the prefix of
//! their logs ([`EventLog`]), and an exit shares its slots, virtuals and pending stores with the
//! exit before it when they are the same: an opcode that runs a long loop of its own (a
//! containment test over a list) keeps its resume data linear in its length.
//!
//! Resumption ([`crate::replay`]) writes the snapshot values back into the frames and re-runs each
//! frame's opcode from its start, answering logged events from the log instead of repeating them.
//!
//! # Virtual objects and pending stores
//!
//! The optimizer removes allocations of objects that do not escape ("virtuals") and delays stores
//! past guards ("pending stores"). An exit whose frames or log name such an object cannot save it:
//! it does not exist. Its resume data describes it instead ([`VirtualObject`]: a layout and the
//! values of its fields or items), and lists the stores that the compiled code has not done yet
//! ([`PendingStore`]). The values that virtuals and pending stores index are therefore the *resume
//! values*: the exit's saved values (its fail args, in order) followed by one value per virtual, in
//! order; [`ResumeData::slots`] maps the snapshots' positions to them.
//! [`ResumeData::materialize`] turns saved values into resume values: it allocates every virtual,
//! fills in its fields (which may name other virtuals, cycles included), then performs the pending
//! stores in order, so that the heap is exactly what the unoptimized trace would have left.

use crate::call::CallDescr;
use metatrace_gc::{ArrayDescr, FieldDescr, Layout};
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::rc::Rc;

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

/// One logged event: its kind, its result (a position), and whether it raised.
#[derive(Copy, Clone, PartialEq, Debug)]
pub struct LoggedEvent {
    /// What happened.
    pub kind: EventKind,
    /// The position of the result (or of the exception when `raised`).
    pub value: Option<u32>,
    /// The call raised (its value is the exception).
    pub raised: bool,
}

/// The state of one frame of the inline stack at the start of its current opcode. Its values are
/// positions (see the module documentation).
#[derive(Clone, Debug)]
pub struct FrameSnapshot<G> {
    /// The frame's position.
    pub greens: G,
    /// Position of the frame reference.
    pub frame: u32,
    /// Positions of the virtualizable scalar fields' values.
    pub fields: Vec<u32>,
    /// Positions of the virtualizable array's items' values.
    pub items: Vec<u32>,
    /// The non-pure events of the current opcode before the exit (empty when none was an effect).
    pub log: EventLog,
    /// For each field, then each item: whether the frame object holds that value when the exit
    /// is taken (the tracer knows it; empty when unknown): a bridge need not write it back.
    pub in_frame: Vec<bool>,
}

impl<G> FrameSnapshot<G> {
    /// One more than the largest position the snapshot names.
    pub fn end(&self) -> u32 {
        let largest = self.fields.iter().chain(&self.items).copied().fold(self.frame, u32::max);
        (largest + 1).max(self.log.end())
    }
}

/// The logged events of a snapshot, in order: a chain of chunks shared by the snapshots of the
/// guards of one opcode (each guard's log is the last one's followed by the events logged since).
#[derive(Clone, Default, Debug)]
pub struct EventLog(Option<Rc<LogChunk>>);

/// The last events of an [`EventLog`], after the log it extends.
#[derive(Debug)]
struct LogChunk {
    prev: EventLog,
    events: Box<[LoggedEvent]>,
    /// Events in the whole log.
    len: usize,
    /// One more than the largest position the whole log names (0: none).
    end: u32,
}

impl Drop for LogChunk {
    /// Drop a long chain iteratively rather than by recursion.
    fn drop(&mut self) {
        let mut prev = self.prev.0.take();
        while let Some(chunk) = prev {
            prev = Rc::try_unwrap(chunk).ok().and_then(|mut c| c.prev.0.take());
        }
    }
}

impl EventLog {
    /// This log followed by `events`.
    pub fn extended(&self, events: Vec<LoggedEvent>) -> EventLog {
        if events.is_empty() {
            return self.clone();
        }
        let end = events.iter().filter_map(|e| e.value).map(|v| v + 1).fold(self.end(), u32::max);
        let len = self.len() + events.len();
        EventLog(Some(Rc::new(LogChunk { prev: self.clone(), events: events.into(), len, end })))
    }

    /// A log of `events` that shares with this log its longest prefix of whole chunks holding the
    /// same events.
    pub fn sharing(&self, events: Vec<LoggedEvent>) -> EventLog {
        let mut chunks = Vec::new();
        let mut at = self.0.as_ref();
        while let Some(chunk) = at {
            chunks.push(chunk);
            at = chunk.prev.0.as_ref();
        }
        let (mut base, mut n) = (EventLog::default(), 0);
        for chunk in chunks.into_iter().rev() {
            let end = n + chunk.events.len();
            if events.get(n..end) != Some(&chunk.events[..]) {
                break;
            }
            (base, n) = (EventLog(Some(chunk.clone())), end);
        }
        base.extended(events[n..].to_vec())
    }

    /// The number of events.
    pub fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |c| c.len)
    }

    /// Whether the log has no event.
    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// One more than the largest position the events name (0 when they name none).
    pub fn end(&self) -> u32 {
        self.0.as_ref().map_or(0, |c| c.end)
    }

    /// The events, in order.
    pub fn iter(&self) -> impl Iterator<Item = &LoggedEvent> {
        let mut chunks = Vec::new();
        let mut at = self.0.as_deref();
        while let Some(chunk) = at {
            chunks.push(&chunk.events);
            at = chunk.prev.0.as_deref();
        }
        chunks.into_iter().rev().flat_map(|events| events.iter())
    }
}

impl From<Vec<LoggedEvent>> for EventLog {
    fn from(events: Vec<LoggedEvent>) -> EventLog {
        EventLog::default().extended(events)
    }
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
    /// The call forced the frames (a failed `guard_not_forced`): it raised if an exception is
    /// pending, else it returned its logged result.
    Forced,
}

/// An object that the compiled code did not allocate, described so that resumption can.
#[derive(Clone, PartialEq, Debug)]
pub enum VirtualObject {
    /// A fixed-size object: its layout and the resume-value indexes of its fields' values (fields
    /// not listed are zero, as in a fresh allocation).
    Object {
        /// The object's layout.
        layout: &'static Layout,
        /// Each field (one shared copy of each descriptor, see [`field_descr`]) and the index of
        /// its value.
        fields: Vec<(&'static FieldDescr, u32)>,
    },
    /// An array-like object: its layout, its items' descriptor and one value index per item (the
    /// array's length is the number of items).
    Array {
        /// The array's layout.
        layout: &'static Layout,
        /// How its items are accessed.
        descr: ArrayDescr,
        /// The index of each item's value.
        items: Vec<u32>,
    },
    /// The result of a call that builds a new object and has no other effect (a string the
    /// string pass did not build: [`crate::call::OopSpec`]): made by calling the function on the
    /// resume values at `args`. Its arguments never name it, directly or through other call
    /// virtuals.
    Call {
        /// The function.
        descr: &'static CallDescr,
        /// The index of each argument's value.
        args: Vec<u32>,
    },
}

/// The one shared copy of field descriptor `f`: virtual objects, which every exit inside an
/// inlined call describes again, name their fields by reference (a descriptor is large). Each
/// distinct descriptor is allocated once for the life of the process.
pub fn field_descr(f: &FieldDescr) -> &'static FieldDescr {
    thread_local! {
        static INTERNED: RefCell<FxHashMap<FieldDescr, &'static FieldDescr>> = RefCell::default();
    }
    INTERNED.with(|table| *table.borrow_mut().entry(*f).or_insert_with(|| Box::leak(Box::new(*f))))
}

/// Where a pending store writes.
#[derive(Copy, Clone, PartialEq, Debug)]
pub enum StorePlace {
    /// A field.
    Field(FieldDescr),
    /// An array item, whose index is the resume value at this index.
    Item(ArrayDescr, u32),
}

/// A store that the compiled code delayed past an exit: resumption performs it.
#[derive(Copy, Clone, PartialEq, Debug)]
pub struct PendingStore {
    /// Index of the object written.
    pub target: u32,
    /// The field or item written.
    pub place: StorePlace,
    /// Index of the value written.
    pub value: u32,
}

/// Everything needed to resume at one exit of a trace.
#[derive(Clone, Debug)]
pub struct ResumeData<G> {
    /// The inline stack, outermost frame first (snapshots shared with other exits).
    pub frames: Vec<Rc<FrameSnapshot<G>>>,
    /// The resume value at each position the snapshots name, when the optimizer changed the saved
    /// values; `None`: position `i` is resume value `i` (the tracer's resume data). Shared with
    /// other exits.
    pub slots: Option<Rc<[u32]>>,
    /// The outcome of the last call when the exit is an exception guard.
    pub last_call: LastCall,
    /// The virtual objects, whose resume values follow the saved values (shared with other exits).
    pub virtuals: Rc<[VirtualObject]>,
    /// The stores to perform on resume, in order, after the virtuals are materialized (shared
    /// with other exits).
    pub pending: Rc<[PendingStore]>,
}

/// The values at the snapshots' positions of one exit: its resume values, through its
/// [`ResumeData::slots`].
#[derive(Copy, Clone)]
pub struct FrameValues<'a, V> {
    values: &'a [V],
    slots: Option<&'a [u32]>,
}

impl<V: Copy> FrameValues<'_, V> {
    /// The value at position `i`.
    pub fn at(&self, i: u32) -> V {
        match self.slots {
            None => self.values[i as usize],
            Some(slots) => self.values[slots[i as usize] as usize],
        }
    }
}

/// How resumption creates objects and stores into them: on the heap (replay), or in a trace as
/// well (a bridge's start). `V` is a value: a 64-bit pattern, or a traced value.
pub trait Materializer<V> {
    /// A new object of `layout`, with `len` items when it is an array.
    fn alloc(&mut self, layout: &'static Layout, len: Option<usize>) -> V;
    /// The integer constant `i`.
    fn int(&mut self, i: i64) -> V;
    /// `obj.field = value`.
    fn set_field(&mut self, obj: V, field: &FieldDescr, value: V);
    /// `array[index] = value`.
    fn set_item(&mut self, array: V, descr: &ArrayDescr, index: V, value: V);
    /// The result of calling `descr` (which builds a new object, has no other effect and does
    /// not raise) on `args`.
    fn call(&mut self, descr: &'static CallDescr, args: &[V]) -> V;
}

impl<G> ResumeData<G> {
    /// Resume data without virtuals or pending stores, whose positions are its resume values.
    pub fn new(frames: Vec<Rc<FrameSnapshot<G>>>, last_call: LastCall) -> Self {
        ResumeData { frames, slots: None, last_call, virtuals: Rc::default(), pending: Rc::default() }
    }

    /// The values at the snapshots' positions, given the resume values `values` (as
    /// [`ResumeData::materialize`] gives them).
    pub fn frame_values<'a, V: Copy>(&'a self, values: &'a [V]) -> FrameValues<'a, V> {
        FrameValues { values, slots: self.slots.as_deref() }
    }

    /// One more than the largest position the snapshots name.
    pub fn position_count(&self) -> u32 {
        self.frames.iter().map(|f| f.end()).max().unwrap_or(0)
    }

    /// The resume values of an exit whose saved values are `saved`: allocate the virtuals, fill
    /// them in, perform the pending stores (see the module documentation). A call virtual is made
    /// once the virtuals its arguments name are complete, and before the objects whose fields name
    /// it are filled in.
    pub fn materialize<V: Copy>(&self, saved: &[V], m: &mut impl Materializer<V>) -> Vec<V> {
        let mut values = Vec::with_capacity(saved.len() + self.virtuals.len());
        values.extend_from_slice(saved);
        for v in self.virtuals.iter() {
            let obj = match v {
                VirtualObject::Object { layout, .. } => m.alloc(layout, None),
                VirtualObject::Array { layout, items, .. } => m.alloc(layout, Some(items.len())),
                VirtualObject::Call { .. } => m.int(0),
            };
            values.push(obj);
        }
        let mut complete = vec![false; self.virtuals.len()];
        for k in 0..self.virtuals.len() {
            self.complete(k, saved.len(), &mut complete, &mut values, m);
        }
        let at = |i: &u32| values[*i as usize];
        for p in self.pending.iter() {
            match p.place {
                StorePlace::Field(f) => m.set_field(at(&p.target), &f, at(&p.value)),
                StorePlace::Item(descr, index) => m.set_item(at(&p.target), &descr, at(&index), at(&p.value)),
            }
        }
        values
    }

    /// Complete virtual `k` (once; `n` is the number of saved values): fill in an object's fields
    /// or an array's items, after making the call virtuals they name; or make a call virtual,
    /// after completing every virtual its arguments name, so that the function sees finished
    /// objects. An object counts as complete before its fields are filled, so cycles of objects
    /// end; a call's arguments never lead back to the call.
    fn complete<V: Copy>(
        &self,
        k: usize,
        n: usize,
        complete: &mut [bool],
        values: &mut [V],
        m: &mut impl Materializer<V>,
    ) {
        if std::mem::replace(&mut complete[k], true) {
            return;
        }
        let is_call = |i: u32| {
            let j = (i as usize).checked_sub(n)?;
            matches!(self.virtuals[j], VirtualObject::Call { .. }).then_some(j)
        };
        let obj = values[n + k];
        match &self.virtuals[k] {
            VirtualObject::Object { fields, .. } => {
                for &(_, i) in fields {
                    if let Some(j) = is_call(i) {
                        self.complete(j, n, complete, values, m);
                    }
                }
                fields.iter().for_each(|(f, i)| m.set_field(obj, f, values[*i as usize]));
            }
            VirtualObject::Array { descr, items, .. } => {
                for &i in items {
                    if let Some(j) = is_call(i) {
                        self.complete(j, n, complete, values, m);
                    }
                }
                for (index, i) in items.iter().enumerate() {
                    let index = m.int(index as i64);
                    m.set_item(obj, descr, index, values[*i as usize]);
                }
            }
            VirtualObject::Call { descr, args } => {
                for &i in args {
                    if let Some(j) = (i as usize).checked_sub(n) {
                        self.complete(j, n, complete, values, m);
                    }
                }
                let args: Vec<V> = args.iter().map(|i| values[*i as usize]).collect();
                values[n + k] = m.call(descr, &args);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::{Effect, OopSpec, RawFn};
    use metatrace_gc::{ItemType, Kind};
    use std::collections::HashMap;

    static BOX: Layout = Layout { name: "Box", size: 16, ref_offsets: &[8], array: None };
    const BOX_VALUE: FieldDescr = FieldDescr {
        owner: "Box",
        name: "value",
        offset: 8,
        ty: ItemType::REF,
        immutable: false,
        quasi_immutable: false,
        layout: None,
    };

    extern "C" fn never(_: u64) -> u64 {
        unreachable!("the toy materializer answers calls itself")
    }

    static UNBOX: CallDescr = CallDescr {
        name: "unbox",
        func: RawFn::A1(never),
        args: &[Kind::Ref],
        result: Some(Kind::Ref),
        effect: Effect::Plain,
        can_raise: false,
        oopspec: OopSpec::None,
    };

    /// A heap of boxes: an object is its number; a call of `unbox` reads its argument's field
    /// (so it sees whether the box was filled in) and returns a new object holding that value.
    #[derive(Default)]
    struct Toy {
        fields: HashMap<u64, u64>,
        next: u64,
    }

    impl Materializer<u64> for Toy {
        fn alloc(&mut self, _: &'static Layout, _: Option<usize>) -> u64 {
            self.next += 1;
            1000 + self.next
        }
        fn int(&mut self, i: i64) -> u64 {
            i as u64
        }
        fn set_field(&mut self, obj: u64, _: &FieldDescr, value: u64) {
            self.fields.insert(obj, value);
        }
        fn set_item(&mut self, _: u64, _: &ArrayDescr, _: u64, _: u64) {
            unreachable!("no arrays here")
        }
        fn call(&mut self, _: &'static CallDescr, args: &[u64]) -> u64 {
            let seen = self.fields.get(&args[0]).copied().unwrap_or(0);
            let obj = self.alloc(&BOX, None);
            self.fields.insert(obj, seen);
            obj
        }
    }

    #[test]
    fn extended_logs_share_their_prefix_and_keep_the_order() {
        let event = |value| LoggedEvent { kind: EventKind::Read, value, raised: false };
        let first = EventLog::from(vec![event(Some(4)), event(None)]);
        let second = first.extended(vec![event(Some(2))]);
        let third = second.extended(Vec::new());
        let values = |log: &EventLog| log.iter().map(|e| e.value).collect::<Vec<_>>();
        assert_eq!(values(&first), [Some(4), None]);
        assert_eq!(values(&third), [Some(4), None, Some(2)]);
        assert_eq!((first.len(), third.len(), third.end()), (2, 3, 5));
        assert!(EventLog::default().is_empty() && EventLog::default().end() == 0);
        drop(first);
        assert_eq!(values(&second), [Some(4), None, Some(2)]);
        let changed = second.sharing(vec![event(Some(4)), event(None), event(Some(3)), event(None)]);
        assert_eq!(values(&changed), [Some(4), None, Some(3), None]);
        assert_eq!(changed.end(), 5);
    }

    #[test]
    fn calls_see_complete_arguments_and_objects_hold_call_results() {
        // Saved value 0 is 7. Virtual 1 (resume value 1) is a box holding 7; virtual 2 (value 2)
        // is unbox(value 1); virtual 0 (value 3... listed first) is a box holding value 2.
        let data: ResumeData<()> = ResumeData {
            frames: Vec::new(),
            slots: None,
            last_call: LastCall::AsLogged,
            virtuals: Rc::new([
                VirtualObject::Object { layout: &BOX, fields: vec![(&BOX_VALUE, 3)] },
                VirtualObject::Object { layout: &BOX, fields: vec![(&BOX_VALUE, 0)] },
                VirtualObject::Call { descr: &UNBOX, args: vec![2] },
            ]),
            pending: Rc::default(),
        };
        let mut toy = Toy::default();
        let values = data.materialize(&[7], &mut toy);
        let (outer, inner, unboxed) = (values[1], values[2], values[3]);
        assert_eq!(toy.fields[&inner], 7);
        assert_eq!(toy.fields[&unboxed], 7, "the call ran after its argument was filled in");
        assert_eq!(toy.fields[&outer], unboxed, "the object holds the call's result");
    }
}

//! Resumption: the replay domain, which continues the interpreter after a guard failed.
//!
//! First the exit's virtual objects are allocated and its pending stores performed
//! ([`ResumeData::materialize`]). Then the snapshot values of every frame of the guard's inline stack are written back into the frame
//! objects; then the outermost frame's opcode is re-run from its merge point. Events that the
//! compiled code already performed in that opcode are answered from the guard's log instead of
//! being repeated (stores and calls are skipped; reads, allocations and call results are the logged
//! ones); when the opcode reaches the portal call of an inlined frame that was still running, that
//! frame is resumed the same way, nested. Once a frame's log is used up, execution is concrete. An
//! inner frame runs to its return in the concrete domain; the outermost one stops at its next merge
//! point and hands control back to the driver.
//!
//! In replay-check mode every resumption is replayed twice: a dry run up to the end of the log, then
//! the real one, and the two event streams must agree (a mismatch means domain code broke the
//! determinism contract).

use crate::call::{take_exception, CallDescr, Effect};
use crate::domain::{
    concrete::{bits_to_val, run_portal, val_bits},
    eval, Concrete, Domain, FloatCmp, FloatOp, FloatUnary, IntOp, IntUnary, Language, Leave, OvfOp, Val, Virtualizable,
};
use crate::jit::{Jit, Outcome};
use crate::resume::{EventKind, FrameSnapshot, FrameValues, LastCall, LoggedEvent, Materializer, ResumeData};
use metatrace_gc::{heap, ArrayDescr, FieldDescr, GcRef, Kind, Layout, RootSet};
use std::collections::VecDeque;

/// A logged event with its concrete value.
#[derive(Copy, Clone, Debug)]
struct Answer {
    event: LoggedEvent,
    value: Option<u64>,
}

/// One frame being replayed: the frame, its array, and what is left of its log.
struct ReplayFrame {
    started: bool,
    frame: GcRef,
    array: Option<GcRef>,
    log: VecDeque<Answer>,
}

/// A marker payload that ends a dry run when the log is used up.
struct DryRunDone;

/// The replay domain.
pub struct Replayer<'j, L: Language> {
    jit: &'j Jit<L>,
    frames: Vec<ReplayFrame>,
    pending: VecDeque<(L::Greens, ReplayFrame)>,
    stop_greens: Option<L::Greens>,
    /// A dry run of replay-check: it stops when the log is used up, and records the events it
    /// answers in `stream`.
    dry: bool,
    stream: Vec<String>,
}

/// Write a snapshot's values (`values`: the values at its positions) back into its frame object,
/// but for those the snapshot says the
/// frame object holds already (`FrameSnapshot::in_frame`: the trace read them from there or wrote
/// them there, and the exit's pending stores and virtuals, materialized first, make the heap what
/// the unoptimized trace would have left).
fn restore_frame<G>(
    snap: &FrameSnapshot<G>,
    values: FrameValues<u64>,
    vable: &Virtualizable,
) -> (GcRef, Option<GcRef>) {
    let bits = |i: &u32| values.at(*i);
    let held = |n: usize| snap.in_frame.get(n).is_some_and(|b| *b);
    // SAFETY: fail values of kind Ref are addresses of live objects saved by the compiled code.
    let frame = unsafe { GcRef::from_addr(bits(&snap.frame) as usize) };
    for (n, (f, i)) in vable.fields.iter().zip(&snap.fields).enumerate() {
        if held(n) {
            continue;
        }
        match f.ty.kind {
            Kind::Ref => heap::write_field_ref(frame, f, gcref(bits(i))),
            _ => heap::write_field(frame, f, bits(i)),
        }
    }
    let first_item = snap.fields.len();
    let array = vable.array.as_ref().map(|va| {
        let array = heap::read_field_ref(frame, &va.field);
        let changed = snap.items.iter().enumerate().filter(|(n, _)| !held(first_item + n));
        if va.items.part.item.kind == Kind::Ref {
            let items = heap::ref_items(array, &va.items);
            changed.for_each(|(n, i)| items.set(n, gcref(bits(i))));
        } else {
            changed.for_each(|(n, i)| heap::write_item(array, &va.items, n as i64, bits(i)));
        }
        array
    });
    (frame, array)
}

/// Resumption's materializer: objects on the heap, values as 64-bit patterns. The objects it
/// allocates are rooted while it lives: until replay has used them, they are held only in Vecs.
/// (The root set is made at the first allocation: most exits have no virtuals.)
#[derive(Default)]
struct HeapMaterializer {
    roots: Option<RootSet>,
}

impl Materializer<u64> for HeapMaterializer {
    fn alloc(&mut self, layout: &'static Layout, len: Option<usize>) -> u64 {
        let obj = match len {
            Some(n) => heap::alloc_array(layout, n),
            None => heap::alloc(layout),
        };
        self.roots.get_or_insert_with(RootSet::new).add(obj).addr() as u64
    }

    fn int(&mut self, i: i64) -> u64 {
        i as u64
    }

    fn set_field(&mut self, obj: u64, field: &FieldDescr, value: u64) {
        match field.ty.kind {
            Kind::Ref => heap::write_field_ref(gcref(obj), field, gcref(value)),
            _ => heap::write_field(gcref(obj), field, value),
        }
    }

    fn set_item(&mut self, array: u64, descr: &ArrayDescr, index: u64, value: u64) {
        match descr.part.item.kind {
            Kind::Ref => heap::write_item_ref(gcref(array), descr, index as i64, gcref(value)),
            _ => heap::write_item(gcref(array), descr, index as i64, value),
        }
    }

    fn call(&mut self, descr: &'static CallDescr, args: &[u64]) -> u64 {
        let r = descr.func.invoke(args);
        if descr.result == Some(Kind::Ref) {
            self.roots.get_or_insert_with(RootSet::new).add(gcref(r));
        }
        r
    }
}

/// Write the state of an exit taken at the start of an opcode of the outermost frame (one frame,
/// nothing logged: a trace that ends at a loop header without a compiled loop) back into the
/// frame, and give the greens where the interpreter (or a compiled loop) continues: nothing needs
/// replaying.
pub(crate) fn restore_at_merge_point<L: Language>(data: &ResumeData<L::Greens>, values: &[u64]) -> L::Greens {
    let mut materializer = HeapMaterializer::default();
    let values = &data.materialize(values, &mut materializer);
    let [snap] = &data.frames[..] else { panic!("an exit at a merge point resumes one frame") };
    assert!(snap.log.is_empty(), "an exit at a merge point has no logged events");
    restore_frame(snap, data.frame_values(values), L::virtualizable());
    snap.greens
}

/// Force the frames of compiled code suspended in a call (see `Jit::force`): materialize the
/// virtuals of the `guard_not_forced` after the call from its `values` as they are during the
/// call, write each frame's snapshot into its frame object and clear its token. Returns the
/// resume values and the roots of the objects made here: the guard's resumption uses the same
/// objects once the call returns.
pub(crate) fn force_frames<L: Language>(data: &ResumeData<L::Greens>, values: &[u64]) -> (Vec<u64>, Option<RootSet>) {
    let mut materializer = HeapMaterializer::default();
    let values = data.materialize(values, &mut materializer);
    let vable = L::virtualizable();
    let frame_values = data.frame_values(&values);
    for snap in &data.frames {
        let (frame, _) = restore_frame(snap, frame_values, vable);
        if let Some(token) = &vable.token {
            heap::write_field(frame, token, 0);
        }
    }
    (values, materializer.roots)
}

/// Resume the interpreter at an exit with resume data `data` and the exit's saved `values`.
pub(crate) fn resume<L: Language>(jit: &Jit<L>, data: &ResumeData<L::Greens>, values: &[u64]) -> Outcome<L::Greens> {
    let mut materializer = HeapMaterializer::default();
    let values = &data.materialize(values, &mut materializer);
    resume_materialized(jit, data, values)
}

/// [`resume`] with the resume values made already (`values`: the saved values, then one per
/// virtual).
pub(crate) fn resume_materialized<L: Language>(
    jit: &Jit<L>,
    data: &ResumeData<L::Greens>,
    values: &[u64],
) -> Outcome<L::Greens> {
    let vable = L::virtualizable();
    let values = data.frame_values(values);
    let mut frames: Vec<(L::Greens, ReplayFrame)> = data
        .frames
        .iter()
        .map(|snap| {
            let (frame, array) = restore_frame(snap, values, vable);
            let log = snap.log.iter().map(|e| Answer { event: *e, value: e.value.map(|i| values.at(i)) }).collect();
            (snap.greens, ReplayFrame { started: false, frame, array, log })
        })
        .collect();
    if let Some(last) = frames.last_mut().and_then(|f| f.1.log.back_mut()) {
        match data.last_call {
            LastCall::AsLogged => {}
            LastCall::Raised => {
                let exc = take_exception().expect("a failed guard_no_exception leaves an exception pending");
                last.event.raised = true;
                last.value = Some(exc.addr() as u64);
            }
            LastCall::Returned => last.event.raised = false,
            LastCall::Forced => {
                if let Some(exc) = take_exception() {
                    last.event.raised = true;
                    last.value = Some(exc.addr() as u64);
                }
            }
        }
    }
    if jit.params().replay_check && frames.last().is_some_and(|f| !f.1.log.is_empty()) {
        check_determinism(jit, &frames);
    }
    let mut frames: VecDeque<_> = frames.into();
    let (greens, root) = frames.pop_front().expect("resume data has a frame");
    let frame = root.frame;
    let mut r =
        Replayer { jit, frames: vec![root], pending: frames, stop_greens: None, dry: false, stream: Vec::new() };
    match L::portal(&mut r, greens, frame) {
        Err(Leave::Stop) => Outcome::Stop(r.stop_greens.expect("stopped at a merge point")),
        Ok(v) | Err(Leave::Return(v)) => Outcome::Return(v),
        Err(Leave::Raise(e)) => Outcome::Raise(e),
    }
}

/// Replay-check: a dry run must see the same events as the log describes, twice.
fn check_determinism<L: Language>(jit: &Jit<L>, frames: &[(L::Greens, ReplayFrame)]) {
    let copy = |f: &ReplayFrame| ReplayFrame { started: false, frame: f.frame, array: f.array, log: f.log.clone() };
    let run = || {
        let mut pending: VecDeque<_> = frames.iter().map(|(g, f)| (*g, copy(f))).collect();
        let (greens, root) = pending.pop_front().expect("resume data has a frame");
        let frame = root.frame;
        let mut r = Replayer { jit, frames: vec![root], pending, stop_greens: None, dry: true, stream: Vec::new() };
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _ = L::portal(&mut r, greens, frame);
        }));
        if let Err(payload) = outcome {
            if !payload.is::<DryRunDone>() {
                std::panic::resume_unwind(payload);
            }
        }
        r.stream
    };
    let (first, second) = (run(), run());
    assert_eq!(first, second, "replay-check: two replays of the same guard failure disagree");
}

impl<'j, L: Language> Replayer<'j, L> {
    fn concrete(&self) -> Concrete<'j, L> {
        Concrete::new(self.jit)
    }

    /// Answer a non-pure event from the current frame's log, if any is left.
    fn answer(&mut self, kind: EventKind) -> Option<Answer> {
        let top = self.frames.last_mut()?;
        let a = top.log.pop_front()?;
        let portal_runner = self.jit.portal_runner();
        let matches =
            a.event.kind == kind || (kind == EventKind::Portal && a.event.kind == EventKind::Call(portal_runner));
        assert!(
            matches,
            "replay diverged from the trace: the log has {:?} where the interpreter does {:?}",
            a.event.kind, kind
        );
        if self.dry {
            self.stream.push(format!("{:?}={:?}", a.event.kind, a.value));
            if self.pending.is_empty() && top_is_done(&self.frames) {
                std::panic::resume_unwind(Box::new(DryRunDone));
            }
        }
        Some(a)
    }

    fn is_vable(&self, obj: GcRef, f: &FieldDescr) -> bool {
        let Some(top) = self.frames.last() else { return false };
        let vable = L::virtualizable();
        top.frame == obj && (vable.fields.contains(f) || vable.array.as_ref().is_some_and(|va| va.field == *f))
    }

    fn is_vable_array(&self, arr: GcRef, a: &ArrayDescr) -> bool {
        let Some(top) = self.frames.last() else { return false };
        top.array == Some(arr) && L::virtualizable().array.as_ref().is_some_and(|va| va.items == *a)
    }

    fn read(&mut self, bits: impl FnOnce() -> u64) -> u64 {
        match self.answer(EventKind::Read) {
            Some(a) => a.value.expect("a logged read has a value"),
            None => bits(),
        }
    }

    fn write(&mut self, store: impl FnOnce()) {
        if self.answer(EventKind::Write).is_none() {
            store();
        }
    }

    fn alloc(&mut self, make: impl FnOnce() -> GcRef) -> GcRef {
        match self.answer(EventKind::Alloc) {
            // SAFETY: a logged allocation's value is the address of the object the compiled code
            // allocated, alive because the resumed frame state may reference it.
            Some(a) => unsafe { GcRef::from_addr(a.value.expect("a logged allocation has a value") as usize) },
            None => make(),
        }
    }
}

/// True when the innermost replayed frame has used up its log.
fn top_is_done(frames: &[ReplayFrame]) -> bool {
    frames.last().is_none_or(|f| f.log.is_empty())
}

/// The reference whose address `bits` is: a resume value of kind Ref (a fail value saved by the
/// compiled code, a logged result or an object materialized for the exit).
fn gcref(bits: u64) -> GcRef {
    // SAFETY: resume values of kind Ref are addresses of live objects: the compiled code saved
    // them (they are rooted while the exit is handled) or resumption made them (rooted too).
    unsafe { GcRef::from_addr(bits as usize) }
}

impl<'j, L: Language> Domain for Replayer<'j, L> {
    type Lang = L;
    type Int = i64;
    type Float = f64;
    type Ref = GcRef;

    fn const_int(&mut self, v: i64) -> i64 {
        v
    }
    fn const_float(&mut self, v: f64) -> f64 {
        v
    }
    fn const_ref(&mut self, v: GcRef) -> GcRef {
        v
    }
    fn int_op(&mut self, op: IntOp, a: i64, b: i64) -> i64 {
        eval::int_op(op, a, b)
    }
    fn int_unary(&mut self, op: IntUnary, a: i64) -> i64 {
        eval::int_unary(op, a)
    }
    fn int_ovf(&mut self, op: OvfOp, a: i64, b: i64) -> Option<i64> {
        eval::int_ovf(op, a, b)
    }
    fn float_op(&mut self, op: FloatOp, a: f64, b: f64) -> f64 {
        eval::float_op(op, a, b)
    }
    fn float_unary(&mut self, op: FloatUnary, a: f64) -> f64 {
        eval::float_unary(op, a)
    }
    fn float_cmp(&mut self, op: FloatCmp, a: f64, b: f64) -> i64 {
        eval::float_cmp(op, a, b)
    }
    fn int_to_float(&mut self, a: i64) -> f64 {
        a as f64
    }
    fn float_to_int(&mut self, a: f64) -> i64 {
        eval::float_to_int(a)
    }
    fn ptr_eq(&mut self, a: GcRef, b: GcRef) -> i64 {
        (a == b) as i64
    }
    fn branch(&mut self, c: i64) -> bool {
        c != 0
    }
    fn promote_int(&mut self, v: i64) -> i64 {
        v
    }
    fn promote_ref(&mut self, v: GcRef) -> GcRef {
        v
    }
    fn layout_of(&mut self, obj: GcRef) -> &'static Layout {
        obj.layout()
    }
    fn is_null(&mut self, r: GcRef) -> bool {
        r.is_null()
    }
    fn get_int(&mut self, obj: GcRef, f: &FieldDescr) -> i64 {
        self.get_field(obj, f) as i64
    }
    fn get_float(&mut self, obj: GcRef, f: &FieldDescr) -> f64 {
        f64::from_bits(self.get_field(obj, f))
    }
    fn get_ref(&mut self, obj: GcRef, f: &FieldDescr) -> GcRef {
        gcref(self.get_field(obj, f))
    }
    fn set_int(&mut self, obj: GcRef, f: &FieldDescr, v: i64) {
        self.set_field(obj, f, v as u64)
    }
    fn set_float(&mut self, obj: GcRef, f: &FieldDescr, v: f64) {
        self.set_field(obj, f, v.to_bits())
    }
    fn set_ref(&mut self, obj: GcRef, f: &FieldDescr, v: GcRef) {
        self.set_field(obj, f, v.addr() as u64)
    }
    fn array_len(&mut self, arr: GcRef, a: &ArrayDescr) -> i64 {
        if self.is_vable_array(arr, a) {
            return heap::array_len(arr, a);
        }
        self.read(|| heap::array_len(arr, a) as u64) as i64
    }
    fn get_item_int(&mut self, arr: GcRef, a: &ArrayDescr, i: i64) -> i64 {
        self.get_item(arr, a, i) as i64
    }
    fn get_item_float(&mut self, arr: GcRef, a: &ArrayDescr, i: i64) -> f64 {
        f64::from_bits(self.get_item(arr, a, i))
    }
    fn get_item_ref(&mut self, arr: GcRef, a: &ArrayDescr, i: i64) -> GcRef {
        gcref(self.get_item(arr, a, i))
    }
    fn set_item_int(&mut self, arr: GcRef, a: &ArrayDescr, i: i64, v: i64) {
        self.set_item(arr, a, i, v as u64)
    }
    fn set_item_float(&mut self, arr: GcRef, a: &ArrayDescr, i: i64, v: f64) {
        self.set_item(arr, a, i, v.to_bits())
    }
    fn set_item_ref(&mut self, arr: GcRef, a: &ArrayDescr, i: i64, v: GcRef) {
        self.set_item(arr, a, i, v.addr() as u64)
    }
    fn new(&mut self, layout: &'static Layout) -> GcRef {
        self.alloc(|| heap::alloc(layout))
    }
    fn new_array(&mut self, layout: &'static Layout, len: i64) -> GcRef {
        self.alloc(|| heap::alloc_array(layout, usize::try_from(len).expect("negative array length")))
    }

    fn virtual_ref(&mut self, obj: GcRef) -> GcRef {
        self.alloc(|| crate::vref::new_virtual_ref(obj))
    }
    fn virtual_ref_finish(&mut self, _vref: GcRef, _obj: GcRef) {}
    fn call(&mut self, f: &'static CallDescr, args: &[Val<Self>]) -> Result<Option<Val<Self>>, GcRef> {
        if f.effect != Effect::Elidable {
            if let Some(a) = self.answer(EventKind::Call(f)) {
                return match (a.event.raised, a.value) {
                    (true, Some(e)) => Err(gcref(e)),
                    (_, v) => Ok(f.result.zip(v).map(|(k, bits)| to_replay_val(k, bits))),
                };
            }
        }
        let concrete_args: Vec<Val<Concrete<'j, L>>> = args.iter().map(|a| from_replay_val(*a)).collect();
        let r = self.concrete().call(f, &concrete_args)?;
        Ok(r.map(|v| to_replay_val(f.result.expect("a value has a kind"), val_bits(v))))
    }

    fn portal_call(&mut self, greens: L::Greens, frame: GcRef) -> Result<GcRef, GcRef> {
        let resumes_callee = self.frames.last().is_some_and(|top| {
            top.log.len() == 1 && top.log[0].event.kind == EventKind::Portal && top.log[0].value.is_none()
        });
        if resumes_callee {
            self.answer(EventKind::Portal);
            let (callee_greens, callee) = self.pending.pop_front().expect("a pending callee frame to resume");
            let callee_frame = callee.frame;
            self.frames.push(callee);
            let r = L::portal(self, callee_greens, callee_frame);
            self.frames.pop();
            return match r {
                Ok(v) | Err(Leave::Return(v)) => Ok(v),
                Err(Leave::Raise(e)) => Err(e),
                Err(Leave::Stop) => unreachable!("a resumed callee runs to its end"),
            };
        }
        if let Some(a) = self.answer(EventKind::Portal) {
            let v = gcref(a.value.expect("a completed portal call has a value"));
            return if a.event.raised { Err(v) } else { Ok(v) };
        }
        run_portal(&mut self.concrete(), greens, frame)
    }

    fn merge_point(&mut self, greens: &L::Greens, frame: GcRef) -> Result<(), Leave<GcRef>> {
        if let Some(top) = self.frames.last_mut().filter(|f| !f.started) {
            top.started = true;
            return Ok(());
        }
        if self.dry {
            std::panic::resume_unwind(Box::new(DryRunDone));
        }
        if self.frames.len() == 1 {
            self.stop_greens = Some(*greens);
            return Err(Leave::Stop);
        }
        match run_portal(&mut self.concrete(), *greens, frame) {
            Ok(v) => Err(Leave::Return(v)),
            Err(e) => Err(Leave::Raise(e)),
        }
    }

    fn can_enter_jit(&mut self, _greens: &mut L::Greens, _frame: GcRef) -> Result<(), Leave<GcRef>> {
        Ok(())
    }
}

impl<'j, L: Language> Replayer<'j, L> {
    fn get_field(&mut self, obj: GcRef, f: &FieldDescr) -> u64 {
        if self.is_vable(obj, f) {
            return heap::read_field(obj, f);
        }
        self.read(|| heap::read_field(obj, f))
    }

    fn set_field(&mut self, obj: GcRef, f: &FieldDescr, bits: u64) {
        let store = || match f.ty.kind {
            Kind::Ref => heap::write_field_ref(obj, f, gcref(bits)),
            _ => heap::write_field(obj, f, bits),
        };
        if self.is_vable(obj, f) {
            store();
        } else {
            self.write(store);
        }
    }

    fn get_item(&mut self, arr: GcRef, a: &ArrayDescr, i: i64) -> u64 {
        if self.is_vable_array(arr, a) {
            return heap::read_item(arr, a, i);
        }
        self.read(|| heap::read_item(arr, a, i))
    }

    fn set_item(&mut self, arr: GcRef, a: &ArrayDescr, i: i64, bits: u64) {
        let store = || match a.part.item.kind {
            Kind::Ref => heap::write_item_ref(arr, a, i, gcref(bits)),
            _ => heap::write_item(arr, a, i, bits),
        };
        if self.is_vable_array(arr, a) {
            store();
        } else {
            self.write(store);
        }
    }
}

fn to_replay_val<'j, L: Language>(k: Kind, bits: u64) -> Val<Replayer<'j, L>> {
    match bits_to_val::<L>(k, bits) {
        Val::Int(v) => Val::Int(v),
        Val::Float(v) => Val::Float(v),
        Val::Ref(v) => Val::Ref(v),
    }
}

fn from_replay_val<'j, L: Language>(v: Val<Replayer<'j, L>>) -> Val<Concrete<'j, L>> {
    match v {
        Val::Int(v) => Val::Int(v),
        Val::Float(v) => Val::Float(v),
        Val::Ref(v) => Val::Ref(v),
    }
}

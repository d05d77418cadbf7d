//! The optimizer's shared state: what every pass knows about the values of the trace being
//! optimized, and the end of the pass chain, where operations are written out.
//!
//! * Replacements: a variable found equal to another operand (a constant, an earlier variable)
//!   is replaced by it in every later operation.
//! * Knowledge: integer bounds, facts about references, virtual objects (allocations that the
//!   virtualize pass removed, with their current contents) and virtual strings (strings that the
//!   string pass has not built, with what they are made of).
//! * The output: operations that reach the end of the chain are written out here. A virtual that
//!   an output operation uses is *forced* first: its allocation and the stores of its fields (or,
//!   for a string, the call that builds it) are written out just before. Exits (guards and `finish`) get their resume description here: their
//!   fail args become the saved values, virtuals among them become [`VirtualObject`]s, and the
//!   heap pass's pending stores become [`PendingStore`]s. Consecutive guards mostly have the same
//!   fail args, or the same first fail args (the tracer shares their snapshots, numbered by
//!   prefix): while none of the values the last exit saved has been replaced since and it has no
//!   virtuals, an exit whose fail args and pending stores are the last exit's reuses its
//!   description, and any other exit starts from the saved values of the fail args it shares
//!   with the last exit, describing only the rest. An exit whose slots, virtuals or pending stores
//!   come out the same as the last exit's shares them.
//! * Lazy slices ([`crate::call::SliceSpec`]): a call with [`OopSpec::SeqSlice`] that cannot
//!   raise is not written out where it was traced: its result stays *lazy* until an operation
//!   uses it (it is then written out just before), or until an operation that may write memory
//!   (a store, a call but a pure one), before which every lazy slice is written out: until then
//!   the call gives the same result, so exits describe the result as that call. A slice
//!   assignment ([`OopSpec::SeqAssign`]) whose value is a lazy slice becomes the slice's `stage`
//!   call and the assignment's `assign_staged` call: the slice object is never built. Its result
//!   then stands for the staged items (built by `unstage` when used) until the next call but a
//!   pure one, which may stage other items.
//! * Virtual references ([`crate::vref`]): a virtual reference that escapes into a call followed
//!   by a `guard_not_forced` is allocated *lazily*: `t = force_token`, its allocation and
//!   `setfield(vref, token, t)`, while its object stays virtual. The pair stays live until its
//!   `virtual_ref_finish`, which only clears the token: every exit meanwhile gets the pending
//!   stores `vref.forced = obj` and `vref.token = 0` (so resumption, and forcing the code through
//!   the token, fill the reference). Before any other call (but a pure one) and before a
//!   `finish`, the live pairs are filled in the trace (their objects forced); a pair still live at
//!   a loop's end ends the run. A virtual reference that escapes in any other way (its object
//!   not virtual, no `guard_not_forced` after the call) becomes its object, forced: what the
//!   concrete domain gives, so no reference is allocated.

use super::info::{layout_addr, zero, IntBound, PtrInfo, VStr, Virtual};
use super::{OptError, Produced};
use crate::call::{CallDescr, Effect, OopSpec, SliceSpec};
use crate::ir::varmap::VarMap;
use crate::ir::{Arg, Descr, Op, OpClass, Opcode, Var, VarId};
use crate::resume::{field_descr, PendingStore, StorePlace, VirtualObject};
use metatrace_gc::{ArrayDescr, FieldDescr, Kind, Layout};
use rustc_hash::FxHashMap;
use std::rc::Rc;

/// Where a store writes, as trace operands.
#[derive(Copy, Clone, PartialEq, Debug)]
pub enum Place {
    /// A field.
    Field(FieldDescr),
    /// An item at an index.
    Item(ArrayDescr, Arg),
}

impl Place {
    /// The store operation `target.place = value`.
    pub fn store(&self, target: Arg, value: Arg) -> Op {
        match *self {
            Place::Field(f) => {
                Op { descr: Some(Descr::Field(f)), ..Op::new(Opcode::Setfield, vec![target, value], None) }
            }
            Place::Item(a, index) => {
                Op { descr: Some(Descr::Array(a)), ..Op::new(Opcode::Setarrayitem, vec![target, index, value], None) }
            }
        }
    }
}

/// A store, or what a place is known to hold: `target.place = value`.
#[derive(Copy, Clone, PartialEq, Debug)]
pub struct Store {
    /// The object written.
    pub target: Arg,
    /// The field or item.
    pub place: Place,
    /// The value.
    pub value: Arg,
}

/// How one exit of the output relates to the exit of the input it comes from.
#[derive(Clone, Debug)]
pub struct ExitMap {
    /// The exit's resume index in the input trace.
    pub orig: u32,
    /// For each fail arg of the input exit, the index of its resume value now.
    pub slots: Rc<[u32]>,
    /// The virtuals the exit must materialize.
    pub virtuals: Rc<[VirtualObject]>,
    /// The stores it must perform.
    pub pending: Rc<[PendingStore]>,
}

/// `new`, or `last` when it holds the same items (exits share what is the same).
fn shared<T: PartialEq>(last: Option<&Rc<[T]>>, new: Vec<T>) -> Rc<[T]> {
    match last {
        Some(last) if **last == *new => last.clone(),
        _ => new.into(),
    }
}

/// A resume value while an exit is being described: a saved value or a virtual, by position.
#[derive(Copy, Clone)]
enum Slot {
    Saved(u32),
    Virtual(u32),
}

/// Where a pending store writes, while an exit is being described.
enum SlotPlace {
    Field(FieldDescr),
    Item(ArrayDescr, Slot),
}

/// A slice not built yet (see the module documentation).
#[derive(Clone, Debug)]
enum LazySlice {
    /// The slicing call as traced, on these operands (none of them lazy or virtual).
    Call(&'static SliceSpec, &'static CallDescr, Vec<Arg>),
    /// The items its `stage` call copied.
    Staged(&'static SliceSpec),
}

impl LazySlice {
    /// The call that builds the slice, and its arguments.
    fn call(&self) -> (&'static CallDescr, Vec<Arg>) {
        match self {
            LazySlice::Call(_, descr, args) => (descr, args.clone()),
            LazySlice::Staged(spec) => (spec.unstage, Vec::new()),
        }
    }
}

/// A virtual's description while an exit is being described.
enum VirtualSlots {
    Object(&'static Layout, Vec<(FieldDescr, Slot)>),
    Array(&'static Layout, ArrayDescr, Vec<Slot>),
    Call(&'static CallDescr, Vec<Slot>),
}

/// The position of each value among the saved values of the exit being built, kept across exits:
/// an entry counts only when the saved value at its position is that value, so that exits, which
/// save many of the same values and may start from a prefix of the last exit's saved values, find
/// them without clearing the table or hashing variables. Every value of the saved values has its
/// position here (a value is appended only when its entry does not count, which then points to
/// it), so no value is saved twice.
#[derive(Clone, Default)]
struct SavedPositions {
    /// Per variable number: its position (`u32::MAX`: none).
    vars: Vec<u32>,
    /// Per constant: its position.
    consts: FxHashMap<Arg, u32>,
}

impl SavedPositions {
    /// The position of `a` in `saved`, where it is appended when it is not there yet.
    fn position(&mut self, a: Arg, saved: &mut Vec<Arg>) -> u32 {
        let next = saved.len() as u32;
        let entry = match a.var() {
            Some(var) => {
                let k = var.id as usize;
                if k >= self.vars.len() {
                    self.vars.resize(k + 1, u32::MAX);
                }
                &mut self.vars[k]
            }
            None => self.consts.entry(a).or_insert(next),
        };
        if saved.get(*entry as usize) == Some(&a) {
            return *entry;
        }
        *entry = next;
        saved.push(a);
        next
    }

    /// Whether `saved` (the last saved values this table placed) holds `var`.
    fn holds(&self, saved: &[Arg], var: Var) -> bool {
        self.vars.get(var.id as usize).is_some_and(|&at| saved.get(at as usize) == Some(&Arg::Var(var)))
    }
}

/// Builds the saved values and virtual descriptions of one exit.
#[derive(Default)]
struct ExitBuilder {
    saved: Vec<Arg>,
    /// The position of each value in `saved`.
    positions: SavedPositions,
    virtual_slots: FxHashMap<VarId, u32>,
    virtuals: Vec<Option<VirtualSlots>>,
}

impl ExitBuilder {
    fn index(&self, slot: Slot) -> u32 {
        match slot {
            Slot::Saved(i) => i,
            Slot::Virtual(k) => self.saved.len() as u32 + k,
        }
    }
}

/// The last exit described, while its saved values hold for the next exit: none of them has been
/// replaced since (see [`State::describe_exit`]).
#[derive(Clone)]
struct LastExit {
    /// Its fail args in the input trace.
    fail_args: Vec<Arg>,
    /// The heap pass's pending stores at it.
    pending: Vec<Store>,
    /// Its saved values.
    saved: Vec<Arg>,
    /// Its index in `State::exits`.
    exit: usize,
}

/// The shared state of one optimization run (see the module documentation).
#[derive(Clone)]
pub struct State {
    replacements: VarMap<Arg>,
    bounds: VarMap<IntBound>,
    ptrs: VarMap<PtrInfo>,
    virtuals: VarMap<Virtual>,
    strings: VarMap<VStr>,
    next_var: VarId,
    /// Reused by every exit's description.
    saved_positions: SavedPositions,
    /// The last exit, while the next may reuse its description.
    last_exit: Option<LastExit>,
    /// The operations written out so far.
    pub out: Vec<Op>,
    /// One entry per exit written out, in order.
    pub exits: Vec<ExitMap>,
    /// The opcode of the input operation after the one being optimized.
    pub next_input: Option<Opcode>,
    /// Stores the heap pass delays past the exit it is emitting.
    pub pending: Vec<Store>,
    /// Field and item values of virtuals forced since the heap pass last looked.
    pub forced: Vec<Store>,
    /// The virtual references allocated lazily and not finished yet, with their objects.
    vrefs: Vec<(Arg, Arg)>,
    /// Whether slices are built lazily (with the string pass).
    pub lazy_slices: bool,
    /// The lazy slices, by variable (few are live at once).
    slices: Vec<(VarId, LazySlice)>,
    /// The first problem met, which ends the run.
    pub error: Option<OptError>,
    /// Operations of `out` before this index are not rewritten any more (a [`Checkpoint`] may
    /// truncate `out` back to it).
    kept: usize,
}

/// A state to go back to: everything but the output, which is only appended to after it (see
/// [`State::checkpoint`]).
pub struct Checkpoint {
    /// The state with its output and exits left out.
    rest: State,
    /// How many operations were written out.
    out: usize,
    /// How many exits were described.
    exits: usize,
}

impl State {
    /// A fresh state whose new variables are numbered from `next_var`.
    pub fn new(next_var: VarId) -> State {
        State {
            replacements: VarMap::new(),
            bounds: VarMap::new(),
            ptrs: VarMap::new(),
            virtuals: VarMap::new(),
            strings: VarMap::new(),
            next_var,
            saved_positions: SavedPositions::default(),
            last_exit: None,
            out: Vec::new(),
            exits: Vec::new(),
            next_input: None,
            pending: Vec::new(),
            forced: Vec::new(),
            vrefs: Vec::new(),
            lazy_slices: false,
            slices: Vec::new(),
            error: None,
            kept: 0,
        }
    }

    /// Remember the state, to go back to it with [`State::rollback`]. Cheaper than a clone: the
    /// operations and exits written out so far are not copied (they are only appended to since:
    /// no later guard is merged into an earlier one).
    pub fn checkpoint(&mut self) -> Checkpoint {
        let out = std::mem::take(&mut self.out);
        let exits = std::mem::take(&mut self.exits);
        let rest = self.clone();
        self.out = out;
        self.exits = exits;
        self.kept = self.out.len();
        Checkpoint { rest, out: self.out.len(), exits: self.exits.len() }
    }

    /// Go back to the state of `checkpoint`, dropping what was written out since.
    pub fn rollback(&mut self, checkpoint: Checkpoint) {
        let mut out = std::mem::take(&mut self.out);
        let mut exits = std::mem::take(&mut self.exits);
        out.truncate(checkpoint.out);
        exits.truncate(checkpoint.exits);
        *self = State { out, exits, ..checkpoint.rest };
    }

    /// The number the next new variable gets.
    pub fn next_var_id(&self) -> VarId {
        self.next_var
    }

    /// What was written out.
    pub fn produced(self) -> Produced {
        Produced { ops: self.out, exits: self.exits, next_var: self.next_var, entry: None, entered: None }
    }

    /// A new variable.
    pub fn new_var(&mut self, kind: Kind) -> Var {
        let v = Var { id: self.next_var, kind };
        self.next_var += 1;
        v
    }

    /// The operand that stands for `a` now.
    pub fn get(&self, mut a: Arg) -> Arg {
        while let Some(r) = a.var().and_then(|v| self.replacements.get(v.id)) {
            a = *r;
        }
        a
    }

    /// From now on, `var` is `with`.
    pub fn replace(&mut self, var: Var, with: Arg) {
        let with = self.get(with);
        if with != Arg::Var(var) {
            if self.last_exit.as_ref().is_some_and(|last| self.saved_positions.holds(&last.saved, var)) {
                // The last exit saved `var`: its saved values no longer hold for the next.
                self.last_exit = None;
            }
            self.replacements.insert(var.id, with);
        }
    }

    /// True when the input operation being optimized must be kept as it is: the next one is a
    /// guard that passes only when the operation overflows or raises (`guard_overflow`,
    /// `guard_exception`), so the operation must not be folded or removed.
    pub fn must_keep(&self) -> bool {
        matches!(self.next_input, Some(Opcode::GuardOverflow | Opcode::GuardException))
    }

    /// The bound of an integer operand.
    pub fn bound(&self, a: Arg) -> IntBound {
        match self.get(a) {
            Arg::Int(c) => IntBound::constant(c),
            Arg::Var(v) => self.bounds.get(v.id).copied().unwrap_or(IntBound::FULL),
            _ => IntBound::FULL,
        }
    }

    /// Narrow the bound of an integer operand to `b`; a single value replaces the variable by
    /// that constant. A contradiction (no value left) is ignored: the code is unreachable.
    pub fn narrow(&mut self, a: Arg, b: IntBound) {
        let Some(v) = self.get(a).var() else { return };
        let Some(b) = self.bound(Arg::Var(v)).intersect(&b) else { return };
        match b.as_constant() {
            Some(c) => self.replace(v, Arg::Int(c)),
            None => {
                self.bounds.insert(v.id, b);
            }
        }
    }

    /// Narrow the bound of an integer operand knowing it is not `c`, when `c` is an end of its
    /// interval.
    pub fn exclude(&mut self, a: Arg, c: i64) {
        let b = self.bound(a);
        if b.lo == c && c < i64::MAX {
            self.narrow(a, IntBound::new(c + 1, i64::MAX));
        } else if b.hi == c && c > i64::MIN {
            self.narrow(a, IntBound::new(i64::MIN, c - 1));
        }
    }

    /// What is known about a reference operand.
    pub fn ptr(&self, a: Arg) -> PtrInfo {
        match self.get(a) {
            Arg::Ref(r) if r.is_null() => PtrInfo::default(),
            Arg::Ref(r) => PtrInfo { nonnull: true, layout: Some(layout_addr(r.layout())) },
            Arg::Var(v) => match (self.virtuals.get(v.id), self.strings.get(v.id)) {
                (Some(virt), _) => PtrInfo { nonnull: true, layout: Some(layout_addr(virt.layout())) },
                (_, Some(s)) => PtrInfo { nonnull: true, layout: Some(layout_addr((s.spec.layout)())) },
                _ => self.ptrs.get(v.id).copied().unwrap_or_default(),
            },
            _ => PtrInfo::default(),
        }
    }

    /// Record that a reference operand is not null.
    pub fn set_nonnull(&mut self, a: Arg) {
        if let Some(v) = self.get(a).var() {
            self.ptrs.get_or_insert_with(v.id, PtrInfo::default).nonnull = true;
        }
    }

    /// Record that a reference operand has the layout at address `layout`.
    pub fn set_layout(&mut self, a: Arg, layout: i64) {
        if let Some(v) = self.get(a).var() {
            self.ptrs.insert(v.id, PtrInfo { nonnull: true, layout: Some(layout) });
        }
    }

    /// The virtual object an operand stands for, if it is one.
    pub fn virtual_of(&self, a: Arg) -> Option<&Virtual> {
        self.get(a).var().and_then(|v| self.virtuals.get(v.id))
    }

    /// The virtual object an operand stands for, to change it.
    pub fn virtual_mut(&mut self, a: Arg) -> Option<&mut Virtual> {
        let v = self.get(a).var()?;
        self.virtuals.get_mut(v.id)
    }

    /// `var` is a new virtual object.
    pub fn add_virtual(&mut self, var: Var, virt: Virtual) {
        self.virtuals.insert(var.id, virt);
    }

    /// The virtual string an operand stands for, if it is one.
    pub fn string_of(&self, a: Arg) -> Option<&VStr> {
        self.get(a).var().and_then(|v| self.strings.get(v.id))
    }

    /// `var` is a new virtual string.
    pub fn add_string(&mut self, var: Var, s: VStr) {
        self.strings.insert(var.id, s);
    }

    /// Write out an operation that reached the end of the chain: lower a virtual reference
    /// operation ([`crate::vref::lower`]), force the virtuals it uses, and describe the resume
    /// values of an exit.
    pub fn output(&mut self, mut op: Op) {
        if op.opcode == Opcode::VirtualRefFinish && self.finish_lazy_vref(op.args[0]) {
            return;
        }
        if self.defer_slice(&op) {
            return;
        }
        let staged = self.stage_assigned_slice(&mut op);
        self.build_slices_before(&op);
        self.fill_vrefs_before(op.opcode);
        if let Some(lowered) = crate::vref::lower(&op) {
            lowered.into_iter().for_each(|o| self.output(o));
            return;
        }
        for i in 0..op.args.len() {
            op.args[i] = self.force(op.args[i]);
        }
        if matches!(op.opcode, Opcode::GuardClass | Opcode::GuardValue) && self.merge_into_earlier_guard(&op) {
            return;
        }
        if op.opcode.is_exit() {
            if let Err(e) = self.describe_exit(&mut op) {
                self.error.get_or_insert(e);
            }
        }
        if matches!(op.opcode, Opcode::Label | Opcode::Jump | Opcode::Finish) {
            // Past a label or the end, the lazy slices not used are dead.
            self.slices.clear();
        }
        self.out.push(op);
        if let Some((var, spec)) = staged {
            self.slices.push((var, LazySlice::Staged(spec)));
        }
    }

    /// Keep the result of `op` lazy when it is a slicing call that cannot raise (see the module
    /// documentation); its operands are forced now. True when done.
    fn defer_slice(&mut self, op: &Op) -> bool {
        let (true, Opcode::Call, Some(Descr::Call(call)), Some(r)) = (self.lazy_slices, op.opcode, op.descr, op.result)
        else {
            return false;
        };
        let OopSpec::SeqSlice(spec) = call.oopspec else { return false };
        if call.can_raise || self.must_keep() {
            return false;
        }
        let args = op.args.iter().map(|a| self.force(*a)).collect();
        self.ptrs.insert(r.id, PtrInfo { nonnull: true, layout: Some(layout_addr((spec.layout)())) });
        self.slices.push((r.id, LazySlice::Call(spec, call, args)));
        true
    }

    /// When `op` is a slice assignment whose value is a lazy slice (not staged), write out the
    /// slice's `stage` call and turn `op` into `assign_staged`. Returns the slice's variable,
    /// which stands for the staged items once `op` is written out.
    fn stage_assigned_slice(&mut self, op: &mut Op) -> Option<(VarId, &'static SliceSpec)> {
        let (Opcode::Call, Some(Descr::Call(call))) = (op.opcode, op.descr) else { return None };
        let OopSpec::SeqAssign(spec) = call.oopspec else { return None };
        let (&value, rest) = op.args.split_last()?;
        let value = self.get(value).var()?;
        if rest.iter().any(|a| self.get(*a) == Arg::Var(value)) {
            // `s[i:j] = s`: the target is the slice itself, which must exist.
            return None;
        }
        let k = self
            .slices
            .iter()
            .position(|(v, s)| *v == value.id && matches!(s, LazySlice::Call(of, ..) if *of == spec))?;
        let (var, slice) = self.slices.remove(k);
        let (_, args) = slice.call();
        let stage = Op { descr: Some(Descr::Call(spec.stage)), ..Op::new(Opcode::Call, args, None) };
        self.build_slices_before(&stage);
        self.out.push(stage);
        op.args.pop();
        op.descr = Some(Descr::Call(spec.assign_staged));
        Some((var, spec))
    }

    /// Before `op`, write out the lazy slices that it may change: every one before a call but a
    /// pure one, the slices not staged before a store.
    fn build_slices_before(&mut self, op: &Op) {
        let call = op.opcode.class() == OpClass::Call
            && op.opcode != Opcode::CallPure
            && !matches!(op.descr, Some(Descr::Call(c)) if c.effect == Effect::Elidable);
        if !call && op.opcode.class() != OpClass::Write {
            return;
        }
        let changed: Vec<VarId> =
            self.slices.iter().filter(|(_, s)| call || matches!(s, LazySlice::Call(..))).map(|(v, _)| *v).collect();
        for id in changed {
            self.force(Arg::Var(Var { id, kind: Kind::Ref }));
        }
    }

    /// Guard strengthening: the last guard on `x` since the last label, a `guard_nonnull(x)`,
    /// takes over a later `guard_class(x, L)` as `guard_nonnull_class(x, L)`; and the guard
    /// just before a `guard_value(x, c)` of a non-null constant `c`, when it is a
    /// `guard_nonnull(x)` or a `guard_class`/`guard_nonnull_class` of `x` with the layout of
    /// `c`, takes it over as that `guard_value` (a bool's class check and its truth test become
    /// one comparison; a value guard does not move over other guards, which would make the
    /// exits of the paths it splits earlier). The earlier guard exits with its resume data when
    /// `x` fails the stronger check (checking earlier is harmless: resumption runs the
    /// operations in between). True when merged: `op` is not needed.
    fn merge_into_earlier_guard(&mut self, op: &Op) -> bool {
        use Opcode::{GuardClass, GuardNonnull, GuardNonnullClass, GuardValue, Label};
        let x = op.args[0];
        if x.var().is_none() {
            return false;
        }
        let value_layout = match (op.opcode, op.args[1]) {
            (GuardClass, _) => None,
            (GuardValue, Arg::Ref(c)) if !c.is_null() => Some(Arg::Int(layout_addr(c.layout()))),
            _ => return false,
        };
        let checks_x =
            |o: &Op| matches!(o.opcode, GuardNonnull | GuardClass | GuardNonnullClass) && o.args.first() == Some(&x);
        let stops = |o: &Op| o.opcode == Label || checks_x(o) || (value_layout.is_some() && o.opcode.is_exit());
        let Some(k) = self.out[self.kept..].iter().rposition(stops).map(|k| k + self.kept) else {
            return false;
        };
        if !checks_x(&self.out[k]) {
            return false;
        }
        let earlier = &mut self.out[k];
        let merged = match (earlier.opcode, value_layout) {
            (GuardNonnull, None) => GuardNonnullClass,
            (GuardNonnull, Some(_)) => GuardValue,
            (GuardClass | GuardNonnullClass, Some(layout)) if earlier.args[1] == layout => GuardValue,
            _ => return false,
        };
        earlier.opcode = merged;
        earlier.args = op.args.clone();
        true
    }

    /// The end of the lazy virtual reference `vref`'s pair, if it is one: clear its token. True
    /// when it was one.
    fn finish_lazy_vref(&mut self, vref: Arg) -> bool {
        let vref = self.get(vref);
        let Some(at) = self.vrefs.iter().position(|&(r, _)| r == vref) else { return false };
        self.vrefs.remove(at);
        self.out.push(Place::Field(crate::vref::TOKEN).store(vref, Arg::Int(0)));
        true
    }

    /// Before an operation `opcode` that the live lazy virtual references must not stay lazy
    /// across (see the module documentation): a call (but a pure one) without a
    /// `guard_not_forced` after it, which may read them but cannot force the code, or a
    /// `finish`, fills them; a loop's end with some live ends the run.
    fn fill_vrefs_before(&mut self, opcode: Opcode) {
        if self.vrefs.is_empty() {
            return;
        }
        match opcode {
            Opcode::Label | Opcode::Jump => {
                let e = self.lazy_vrefs_error();
                self.error = self.error.take().or(e);
            }
            Opcode::Finish => self.fill_vrefs(),
            Opcode::Call | Opcode::CallMayForce | Opcode::CallAssembler
                if self.next_input != Some(Opcode::GuardNotForced) =>
            {
                self.fill_vrefs()
            }
            _ => {}
        }
    }

    /// The error that ends the run when a lazy virtual reference is live at a loop's end (see
    /// the module documentation), if one is.
    pub fn lazy_vrefs_error(&self) -> Option<OptError> {
        (!self.vrefs.is_empty()).then(|| OptError::new("a lazy virtual reference is live at a loop's end"))
    }

    /// Fill the live lazy virtual references in the trace: `vref.forced = obj` (forced),
    /// `vref.token = 0`.
    fn fill_vrefs(&mut self) {
        for (vref, obj) in std::mem::take(&mut self.vrefs) {
            let obj = self.force(obj);
            self.out.push(Place::Field(crate::vref::FORCED).store(vref, obj));
            self.out.push(Place::Field(crate::vref::TOKEN).store(vref, Arg::Int(0)));
        }
    }

    /// The object of `vref` when it is a live lazy virtual reference.
    pub fn lazy_vref_object(&self, vref: Arg) -> Option<Arg> {
        let vref = self.get(vref);
        self.vrefs.iter().find(|&&(r, _)| r == vref).map(|&(_, obj)| obj)
    }

    /// The stores that fill the live lazy virtual references on resumption.
    fn vref_stores(&self) -> impl Iterator<Item = Store> + '_ {
        self.vrefs.iter().flat_map(|&(target, obj)| {
            [
                Store { target, place: Place::Field(crate::vref::FORCED), value: obj },
                Store { target, place: Place::Field(crate::vref::TOKEN), value: Arg::Int(0) },
            ]
        })
    }

    /// Force the virtual reference `vref` (a virtual with object `obj`) lazily when it escapes
    /// into a call with a `guard_not_forced` after it and its object is virtual (see the module
    /// documentation). True when done.
    fn force_vref_lazily(&mut self, vref: Var, obj: Arg) -> bool {
        if self.next_input != Some(Opcode::GuardNotForced) || self.virtual_of(obj).is_none() {
            return false;
        }
        let token = self.new_var(Kind::Int);
        self.out.push(Op::new(Opcode::ForceToken, vec![], Some(token)));
        let layout = &crate::vref::VIRTUAL_REF;
        self.out.push(Op { descr: Some(Descr::Layout(layout)), ..Op::new(Opcode::New, vec![], Some(vref)) });
        self.ptrs.insert(vref.id, PtrInfo { nonnull: true, layout: Some(layout_addr(layout)) });
        self.out.push(Place::Field(crate::vref::TOKEN).store(Arg::Var(vref), Arg::Var(token)));
        self.vrefs.push((Arg::Var(vref), obj));
        true
    }

    /// Make sure the object `a` stands for exists: if it is virtual, write out its allocation
    /// and its fields (forcing the virtuals they name). Returns the operand, which is the same
    /// variable: the allocation defines it.
    pub fn force(&mut self, a: Arg) -> Arg {
        let a = self.get(a);
        let Some(var) = a.var() else { return a };
        if let Some(k) = self.slices.iter().position(|(v, _)| *v == var.id) {
            let (_, slice) = self.slices.remove(k);
            let (descr, args) = slice.call();
            self.out.push(Op { descr: Some(Descr::Call(descr)), ..Op::new(Opcode::Call, args, Some(var)) });
            return a;
        }
        if let Some(s) = self.strings.remove(var.id) {
            let (descr, args) = s.call();
            let args = args.into_iter().map(|x| self.force(x)).collect();
            let call = Op { descr: Some(Descr::Call(descr)), ..Op::new(Opcode::Call, args, Some(var)) };
            self.out.push(call);
            self.ptrs.insert(var.id, PtrInfo { nonnull: true, layout: Some(layout_addr((s.spec.layout)())) });
            return a;
        }
        let Some(virt) = self.virtuals.remove(var.id) else { return a };
        if let Virtual::Object { layout, fields } = &virt {
            if std::ptr::eq(*layout, &crate::vref::VIRTUAL_REF) {
                let obj = fields.iter().find(|(f, _)| *f == crate::vref::FORCED).map_or(zero(Kind::Ref), |&(_, v)| v);
                if self.force_vref_lazily(var, obj) {
                    return a;
                }
                // Escaping otherwise, the reference is its object (what the concrete domain
                // hands out): native code reads through `force_virtual_ref`, which passes
                // objects through, and the finish of a reference that is no longer virtual
                // does nothing.
                let obj = self.force(obj);
                self.replace(var, obj);
                return obj;
            }
        }
        let layout = virt.layout();
        let (alloc, stores) = match virt {
            Virtual::Object { fields, .. } => {
                let stores: Vec<_> = fields.into_iter().map(|(f, v)| (Place::Field(f), v)).collect();
                (Op::new(Opcode::New, vec![], Some(var)), stores)
            }
            Virtual::Array { descr, items, .. } => {
                let len = Arg::Int(items.len() as i64);
                let stores =
                    items.into_iter().enumerate().map(|(i, v)| (Place::Item(descr, Arg::Int(i as i64)), v)).collect();
                (Op::new(Opcode::NewArray, vec![len], Some(var)), stores)
            }
        };
        self.out.push(Op { descr: Some(Descr::Layout(layout)), ..alloc });
        self.ptrs.insert(var.id, PtrInfo { nonnull: true, layout: Some(layout_addr(layout)) });
        for (place, value) in stores {
            let value = self.force(value);
            if value != zero(value.kind()) {
                self.out.push(place.store(a, value));
            }
            self.forced.push(Store { target: a, place, value });
        }
        a
    }

    /// Give the exit `op` its saved values and record how its input resume data maps onto them.
    fn describe_exit(&mut self, op: &mut Op) -> Result<(), OptError> {
        let orig = op.guard_index().ok_or_else(|| OptError::new("an exit without resume data"))?;
        let vref_stores: Vec<Store> = self.vref_stores().collect();
        self.pending.extend(vref_stores);
        let reusable =
            self.last_exit.as_ref().filter(|last| last.fail_args == op.fail_args && last.pending == self.pending);
        if let Some(last) = reusable {
            let exit = &self.exits[last.exit];
            let map =
                ExitMap { orig, slots: exit.slots.clone(), virtuals: Rc::default(), pending: exit.pending.clone() };
            op.fail_args = last.saved.clone();
            op.descr = Some(Descr::Guard(self.exits.len() as u32));
            self.exits.push(map);
            self.pending.clear();
            return Ok(());
        }
        let mut b = ExitBuilder {
            saved: Vec::with_capacity(op.fail_args.len()),
            positions: std::mem::take(&mut self.saved_positions),
            ..ExitBuilder::default()
        };
        let mut slots: Vec<Slot> = Vec::with_capacity(op.fail_args.len());
        if let Some(last) = &self.last_exit {
            // The fail args this exit shares with the last one have the same saved values, which
            // come first (saved values are appended in the order of the fail args).
            let shared = last.fail_args.iter().zip(&op.fail_args).take_while(|(x, y)| x == y).count();
            let prefix = &self.exits[last.exit].slots[..shared];
            let kept = prefix.iter().max().map_or(0, |&i| i as usize + 1);
            b.saved.extend_from_slice(&last.saved[..kept]);
            slots.extend(prefix.iter().map(|&i| Slot::Saved(i)));
        }
        let start = slots.len();
        for a in &op.fail_args[start..] {
            let slot = self.slot(*a, &mut b);
            slots.push(slot);
        }
        let pending_in = std::mem::take(&mut self.pending);
        let pending: Vec<(Slot, SlotPlace, Slot)> = pending_in
            .iter()
            .map(|s| {
                let place = match s.place {
                    Place::Field(f) => SlotPlace::Field(f),
                    Place::Item(a, index) => SlotPlace::Item(a, self.slot(index, &mut b)),
                };
                (self.slot(s.target, &mut b), place, self.slot(s.value, &mut b))
            })
            .collect();
        // Every resume value is known now: slots become indexes.
        let pending: Vec<PendingStore> = pending
            .into_iter()
            .map(|(target, place, value)| {
                let place = match place {
                    SlotPlace::Field(f) => StorePlace::Field(f),
                    SlotPlace::Item(a, index) => StorePlace::Item(a, b.index(index)),
                };
                PendingStore { target: b.index(target), place, value: b.index(value) }
            })
            .collect();
        let virtuals: Vec<VirtualObject> = b
            .virtuals
            .iter()
            .map(|v| match v {
                Some(VirtualSlots::Object(layout, fields)) => VirtualObject::Object {
                    layout,
                    fields: fields.iter().map(|(f, s)| (field_descr(f), b.index(*s))).collect(),
                },
                Some(VirtualSlots::Array(layout, descr, items)) => {
                    VirtualObject::Array { layout, descr: *descr, items: items.iter().map(|s| b.index(*s)).collect() }
                }
                Some(VirtualSlots::Call(descr, args)) => {
                    VirtualObject::Call { descr, args: args.iter().map(|s| b.index(*s)).collect() }
                }
                None => unreachable!("a virtual is described as soon as it gets a slot"),
            })
            .collect();
        let slots: Vec<u32> = slots.iter().map(|s| b.index(*s)).collect();
        let last = self.exits.last();
        let slots = shared(last.map(|e| &e.slots), slots);
        let virtuals = shared(last.map(|e| &e.virtuals), virtuals);
        let pending = shared(last.map(|e| &e.pending), pending);
        self.saved_positions = b.positions;
        let fail_args = std::mem::replace(&mut op.fail_args, b.saved);
        self.last_exit = virtuals.is_empty().then(|| LastExit {
            fail_args,
            pending: pending_in,
            saved: op.fail_args.clone(),
            exit: self.exits.len(),
        });
        op.descr = Some(Descr::Guard(self.exits.len() as u32));
        self.exits.push(ExitMap { orig, slots, virtuals, pending });
        Ok(())
    }

    /// The resume value of operand `a` in the exit being built.
    fn slot(&self, a: Arg, b: &mut ExitBuilder) -> Slot {
        let a = self.get(a);
        if let Some(var) = a.var() {
            if let Some(virt) = self.virtuals.get(var.id) {
                if let Some(&k) = b.virtual_slots.get(&var.id) {
                    return Slot::Virtual(k);
                }
                let k = b.virtuals.len() as u32;
                b.virtuals.push(None);
                b.virtual_slots.insert(var.id, k);
                let described = match virt {
                    Virtual::Object { layout, fields } => {
                        VirtualSlots::Object(layout, fields.iter().map(|(f, v)| (*f, self.slot(*v, b))).collect())
                    }
                    Virtual::Array { layout, descr, items } => {
                        VirtualSlots::Array(layout, *descr, items.iter().map(|v| self.slot(*v, b)).collect())
                    }
                };
                b.virtuals[k as usize] = Some(described);
                return Slot::Virtual(k);
            }
            let lazy_slice = || self.slices.iter().find(|(v, _)| *v == var.id).map(|(_, s)| s.call());
            if let Some((descr, args)) = self.strings.get(var.id).map(VStr::call).or_else(lazy_slice) {
                if let Some(&k) = b.virtual_slots.get(&var.id) {
                    return Slot::Virtual(k);
                }
                let k = b.virtuals.len() as u32;
                b.virtuals.push(None);
                b.virtual_slots.insert(var.id, k);
                let described = VirtualSlots::Call(descr, args.iter().map(|x| self.slot(*x, b)).collect());
                b.virtuals[k as usize] = Some(described);
                return Slot::Virtual(k);
            }
        }
        Slot::Saved(b.positions.position(a, &mut b.saved))
    }
}

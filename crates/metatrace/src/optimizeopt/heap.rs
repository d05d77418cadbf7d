//! Heap caching and store sinking (PyPy's `heap.py`).
//!
//! The pass remembers what fields and array items of non-virtual objects hold: the value last
//! read or written. A later read of the same place is answered from that; a store of the value
//! the place already holds disappears. Knowledge is lost where memory may change behind the
//! pass's back: a store to a field (or item) forgets that field of every object that may be the
//! same one (two different constants cannot be, nor objects of different known layouts, nor
//! items at indexes that cannot be equal); a residual call forgets everything except immutable
//! fields (an elidable call forgets nothing). Reads of immutable fields of constant objects are
//! folded, and array lengths never change.
//!
//! Reads of quasi-immutable fields of constant objects fold too, where a `guard_not_invalidated`
//! protects them: the tracer records one before each such read; the pass keeps the first after a
//! label or a call that may write memory, drops the others, replaces the read by the field's
//! current value and leaves a `quasiimmut_field(object, descr=field)` marker, from which the
//! driver learns what the compiled code relies on (see [`crate::quasi`]).
//!
//! Stores are *sunk*: a store is not written out where it was traced but kept pending until
//! something may observe memory: a read of a place it may write, a residual call that is not
//! elidable, the end of the trace or a label. Several stores to one place leave one, and none when
//! the last puts back what memory holds beneath the pending ones (a call depth counted up and
//! down again around an inlined call). A guard
//! does not observe memory: the stores pending there are recorded in its resume data, and
//! resumption performs them ([`crate::resume::PendingStore`]). In particular a virtual stored
//! into an object stays virtual past guards, until the store is really written out.

use super::state::{Place, State, Store};
use super::{Cx, Pass};
use crate::call::Effect;
use crate::ir::{Arg, Descr, Op, Opcode};
use metatrace_gc::{heap, ArrayDescr, FieldDescr, GcHeader, ItemType, Kind};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// The descriptor of a place: only places with the same descriptor may be the same memory.
#[derive(Copy, Clone, PartialEq, Eq, Hash)]
enum DescrKey {
    Field(FieldDescr),
    Item(ArrayDescr),
}

fn key(place: &Place) -> DescrKey {
    match *place {
        Place::Field(f) => DescrKey::Field(f),
        Place::Item(a, _) => DescrKey::Item(a),
    }
}

/// The heap pass.
#[derive(Default)]
pub(crate) struct Heap {
    /// What places hold, as far as known: one list per descriptor, in the order the
    /// descriptors were first seen (so that what the pass exports is deterministic).
    known: Vec<(DescrKey, Vec<Store>)>,
    /// Where each descriptor's list is in `known`.
    buckets: HashMap<DescrKey, usize>,
    /// The stores not written out yet, in trace order.
    lazy: Vec<Store>,
    /// For places with a pending store: what memory holds beneath it, when known.
    beneath: Vec<Store>,
    /// Array lengths: (array, length).
    lengths: Vec<(Arg, Arg)>,
    /// A `guard_not_invalidated` was emitted since the last label or call that may write memory.
    not_invalidated: bool,
    /// The quasi-immutable fields of constants already marked with `quasiimmut_field`.
    marked: HashSet<(Arg, FieldDescr)>,
}

impl Pass for Heap {
    fn propagate(&mut self, op: Op, cx: &mut Cx<'_>) {
        use Opcode::*;
        // Objects forced before this operation reached the pass come before it.
        self.learn_forced(cx);
        let arg = |n: usize| op.args[n];
        match (op.opcode, op.descr, op.result) {
            (Getfield, Some(Descr::Field(f)), Some(r)) => {
                let obj = cx.st.get(arg(0));
                if f.immutable || (f.quasi_immutable && self.not_invalidated) {
                    if let Some(value) = field_of_constant(obj, &f) {
                        if f.quasi_immutable && self.marked.insert((obj, f)) {
                            let marker =
                                Op { descr: Some(Descr::Field(f)), ..Op::new(QuasiimmutField, vec![obj], None) };
                            cx.emit(marker);
                        }
                        return cx.st.replace(r, value);
                    }
                }
                self.read(Store { target: arg(0), place: Place::Field(f), value: Arg::Var(r) }, f.ty, op, cx)
            }
            (Getarrayitem, Some(Descr::Array(a)), Some(r)) => {
                let store = Store { target: arg(0), place: Place::Item(a, arg(1)), value: Arg::Var(r) };
                self.read(store, a.part.item, op, cx)
            }
            (Setfield, Some(Descr::Field(f)), _) => {
                self.write(Store { target: arg(0), place: Place::Field(f), value: arg(1) }, cx)
            }
            (Setarrayitem, Some(Descr::Array(a)), _) => {
                self.write(Store { target: arg(0), place: Place::Item(a, arg(1)), value: arg(2) }, cx)
            }
            (Arraylen, _, Some(r)) => {
                let array = cx.st.get(arg(0));
                if let Some(&(_, len)) = self.lengths.iter().find(|(a, _)| cx.st.get(*a) == array) {
                    return cx.st.replace(r, len);
                }
                self.emit(op, cx);
                self.lengths.push((array, Arg::Var(r)));
            }
            (NewArray, _, Some(r)) => {
                let len = arg(0);
                self.emit(op, cx);
                self.lengths.push((Arg::Var(r), len));
            }
            (Call | CallMayForce | CallAssembler, Some(Descr::Call(c)), _) if c.effect != Effect::Elidable => {
                self.flush(cx);
                self.emit(op, cx);
                self.not_invalidated = false;
                for (k, stores) in &mut self.known {
                    if !matches!(k, DescrKey::Field(f) if f.immutable) {
                        stores.clear();
                    }
                }
            }
            (Jump | Finish | Label, _, _) => {
                self.flush(cx);
                self.emit(op, cx);
                self.not_invalidated = false;
            }
            (GuardNotInvalidated, _, _) if self.not_invalidated => {}
            (GuardNotInvalidated, _, _) => {
                cx.st.pending = self.lazy.clone();
                self.emit(op, cx);
                self.not_invalidated = true;
            }
            _ if op.opcode.class() == crate::ir::OpClass::Guard => {
                cx.st.pending = self.lazy.clone();
                self.emit(op, cx);
            }
            _ => self.emit(op, cx),
        }
    }

    fn flush(&mut self, cx: &mut Cx<'_>) {
        self.beneath.clear();
        for store in std::mem::take(&mut self.lazy) {
            self.emit(store.place.store(store.target, store.value), cx);
        }
    }

    fn known_heap(&self, st: &State) -> Vec<Store> {
        self.known.iter().flat_map(|(_, stores)| stores).map(|s| resolve(s, st)).collect()
    }

    fn assume_heap(&mut self, stores: Vec<Store>) {
        for s in stores {
            self.learn(s);
        }
    }
}

impl Heap {
    /// Emit `op` and learn the contents of the virtuals forced by writing it out.
    fn emit(&mut self, op: Op, cx: &mut Cx<'_>) {
        cx.emit(op);
        self.learn_forced(cx);
    }

    /// Learn the contents of the virtuals forced since the pass last looked.
    fn learn_forced(&mut self, cx: &mut Cx<'_>) {
        for s in std::mem::take(&mut cx.st.forced) {
            self.learn(s);
        }
    }

    /// Remember that a place holds a value.
    fn learn(&mut self, s: Store) {
        let k = key(&s.place);
        let known = &mut self.known;
        let bucket = *self.buckets.entry(k).or_insert_with(|| {
            known.push((k, Vec::new()));
            known.len() - 1
        });
        self.known[bucket].1.push(s);
    }

    /// The known places with the descriptor of `place`.
    fn known_like(&self, place: &Place) -> &[Store] {
        self.buckets.get(&key(place)).map_or(&[], |&b| self.known[b].1.as_slice())
    }

    /// A load of the place `read` describes (its value is the load's result).
    fn read(&mut self, read: Store, ty: ItemType, op: Op, cx: &mut Cx<'_>) {
        let read = resolve(&read, cx.st);
        let Some(result) = read.value.var() else { return };
        if let Some(value) =
            self.known_like(&read.place).iter().find(|s| same_place(&resolve(s, cx.st), &read)).map(|s| s.value)
        {
            let value = cx.loaded(value, ty);
            return cx.st.replace(result, value);
        }
        self.flush_aliases(&read, cx);
        self.emit(op, cx);
        self.learn(read);
    }

    /// A store.
    fn write(&mut self, write: Store, cx: &mut Cx<'_>) {
        let write = resolve(&write, cx.st);
        let st = &*cx.st;
        let known =
            self.known_like(&write.place).iter().find(|s| same_place(&resolve(s, st), &write)).map(|s| st.get(s.value));
        if known == Some(write.value) {
            return;
        }
        let pending = self.lazy.iter().any(|s| same_place(&resolve(s, st), &write));
        let beneath = if pending {
            self.beneath.iter().find(|s| same_place(&resolve(s, st), &write)).map(|s| st.get(s.value))
        } else {
            known
        };
        if let Some(&b) = self.buckets.get(&key(&write.place)) {
            self.known[b].1.retain(|s| !may_alias(&resolve(s, st), &write, st));
        }
        self.lazy.retain(|s| !same_place(&resolve(s, st), &write));
        // A pending store to a place that may be this one is ordered before this store: what is
        // beneath it is no longer known.
        self.beneath.retain(|s| !may_alias(&resolve(s, st), &write, st));
        self.learn(write);
        if beneath == Some(write.value) {
            // Memory still holds this value: the pending stores to the place were all undone.
            return;
        }
        self.lazy.push(write);
        if let Some(value) = beneath {
            self.beneath.push(Store { value, ..write });
        }
    }

    /// Write out the pending stores that may write the place `read` reads, with every store of
    /// the same descriptor pending before them (stores of one descriptor are written out in
    /// trace order: a later store may write the same place as an earlier one). Stores of other
    /// descriptors stay pending: they cannot write the same memory.
    fn flush_aliases(&mut self, read: &Store, cx: &mut Cx<'_>) {
        let Some(last) = self.lazy.iter().rposition(|s| may_alias(&resolve(s, cx.st), read, cx.st)) else { return };
        let k = key(&read.place);
        let mut flushed = Vec::new();
        let mut at = 0;
        self.lazy.retain(|s| {
            at += 1;
            let flush = at <= last + 1 && key(&s.place) == k;
            if flush {
                flushed.push(*s);
            }
            !flush
        });
        let st = &*cx.st;
        let lazy = &self.lazy;
        self.beneath.retain(|b| lazy.iter().any(|s| same_place(&resolve(s, st), &resolve(b, st))));
        for store in flushed {
            self.emit(store.place.store(store.target, store.value), cx);
        }
    }
}

/// `s` with its operands replaced by what they stand for now.
fn resolve(s: &Store, st: &State) -> Store {
    let place = match s.place {
        Place::Item(a, index) => Place::Item(a, st.get(index)),
        field => field,
    };
    Store { target: st.get(s.target), place, value: st.get(s.value) }
}

/// True when two (resolved) stores are about the same place of the same object.
fn same_place(a: &Store, b: &Store) -> bool {
    a.target == b.target && a.place == b.place
}

/// True when two (resolved) places may be the same memory.
fn may_alias(a: &Store, b: &Store, st: &State) -> bool {
    let index_may_be_equal = |i: Arg, j: Arg| st.bound(i).intersect(&st.bound(j)).is_some();
    let same_kind_of_place = match (a.place, b.place) {
        (Place::Field(f), Place::Field(g)) => f == g,
        (Place::Item(x, i), Place::Item(y, j)) => x == y && index_may_be_equal(i, j),
        _ => false,
    };
    same_kind_of_place && !known_different_objects(a.target, b.target, st)
}

/// True when two references cannot be the same object.
fn known_different_objects(a: Arg, b: Arg, st: &State) -> bool {
    if a == b {
        return false;
    }
    let constants = a.var().is_none() && b.var().is_none();
    let layouts = (st.ptr(a).layout, st.ptr(b).layout);
    constants || matches!(layouts, (Some(x), Some(y)) if x != y)
}

/// The value of a field of a constant object, read now (`None` when `obj` is not a constant
/// object that has this field).
fn field_of_constant(obj: Arg, f: &FieldDescr) -> Option<Arg> {
    let Arg::Ref(r) = obj else { return None };
    if r.is_null() {
        return None;
    }
    let layout = r.layout();
    let inside = f.offset >= std::mem::size_of::<GcHeader>() && f.offset + f.ty.size as usize <= layout.size;
    let ref_matches = layout.is_ref_offset(f.offset) == (f.ty.kind == Kind::Ref);
    (inside && ref_matches).then(|| crate::trace::const_arg(f.ty.kind, heap::read_field(r, f)))
}

#[cfg(test)]
mod tests {
    use crate::optimizeopt::tests::check_opt;

    #[test]
    fn reads_after_reads_and_writes() {
        check_opt(
            "heap",
            "
            [r0, r1, i2]
            i3 = getfield_gc_i(r0, descr=<Field Node.value>)
            i4 = getfield_gc_i(r0, descr=<Field Node.value>)
            setfield_gc(r1, i2, descr=<Field Node.value>)
            i5 = getfield_gc_i(r1, descr=<Field Node.value>)
            i6 = getfield_gc_i(r0, descr=<Field Node.value>)
            finish(descr=<Guard 0>) [i3, i4, i5, i6]
            ",
            "
            [r0, r1, i2]
            i3 = getfield_gc_i(r0, descr=<Field Node.value>)
            setfield_gc(r1, i2, descr=<Field Node.value>)
            i6 = getfield_gc_i(r0, descr=<Field Node.value>)
            finish(descr=<Guard 0>) [i3, i2, i6]
            ",
        );
    }

    #[test]
    fn calls_invalidate_by_effect() {
        check_opt(
            "heap",
            "
            [r0, i1]
            i2 = getfield_gc_i(r0, descr=<Field Node.value>)
            i3 = getfield_gc_i(r0, descr=<Field Node.id>)
            i4 = call_pure_i(i2, descr=<Call pure_add1>)
            i5 = getfield_gc_i(r0, descr=<Field Node.value>)
            call_n(r0, descr=<Call touch>)
            i6 = getfield_gc_i(r0, descr=<Field Node.value>)
            i7 = getfield_gc_i(r0, descr=<Field Node.id>)
            finish(descr=<Guard 0>) [i5, i6, i7]
            ",
            "
            [r0, i1]
            i2 = getfield_gc_i(r0, descr=<Field Node.value>)
            i3 = getfield_gc_i(r0, descr=<Field Node.id>)
            i4 = call_pure_i(i2, descr=<Call pure_add1>)
            call_n(r0, descr=<Call touch>)
            i6 = getfield_gc_i(r0, descr=<Field Node.value>)
            finish(descr=<Guard 0>) [i2, i6, i3]
            ",
        );
    }

    #[test]
    fn call_assembler_writes_the_heap() {
        check_opt(
            "heap",
            "
            [r0, r1, i2]
            setfield_gc(r1, i2, descr=<Field Node.value>)
            i3 = getfield_gc_i(r0, descr=<Field Node.value>)
            i4 = getfield_gc_i(r1, descr=<Field Node.value>)
            r5 = call_assembler_r(3, r1, 0, r1, i4, descr=<Call assembler>)
            i6 = getfield_gc_i(r0, descr=<Field Node.value>)
            i7 = getfield_gc_i(r1, descr=<Field Node.value>)
            finish(descr=<Guard 0>) [i3, i6, i7, r5]
            ",
            "
            [r0, r1, i2]
            setfield_gc(r1, i2, descr=<Field Node.value>)
            i3 = getfield_gc_i(r0, descr=<Field Node.value>)
            r5 = call_assembler_r(3, r1, 0, r1, i2, descr=<Call assembler>)
            i6 = getfield_gc_i(r0, descr=<Field Node.value>)
            i7 = getfield_gc_i(r1, descr=<Field Node.value>)
            finish(descr=<Guard 0>) [i3, i6, i7, r5]
            ",
        );
    }

    #[test]
    fn a_store_that_puts_back_what_memory_holds_goes() {
        check_opt(
            "heap",
            "
            [r0, r1, i4]
            i2 = getfield_gc_i(r0, descr=<Field Node.value>)
            i3 = int_add(i2, 1)
            setfield_gc(r0, i3, descr=<Field Node.value>)
            guard_true(i4, descr=<Guard 0>) [i4]
            setfield_gc(r0, i2, descr=<Field Node.value>)
            setfield_gc(r1, 5, descr=<Field Node.value>)
            setfield_gc(r1, 6, descr=<Field Node.value>)
            setfield_gc(r0, i3, descr=<Field Node.value>)
            setfield_gc(r0, i2, descr=<Field Node.value>)
            finish(descr=<Guard 1>) [i4]
            ",
            "
            [r0, r1, i4]
            i2 = getfield_gc_i(r0, descr=<Field Node.value>)
            i3 = int_add(i2, 1)
            guard_true(i4, descr=<Guard 0>) [i4, r0, i3]
            setfield_gc(r1, 6, descr=<Field Node.value>)
            setfield_gc(r0, i2, descr=<Field Node.value>)
            finish(descr=<Guard 1>) [i4]
            ",
        );
    }

    #[test]
    fn a_read_writes_out_only_the_pending_stores_of_its_descriptor() {
        // Reading `r0.value` writes out `r1.value` (they may be the same object), not the store
        // to `r0.id` before it, which a later store then overwrites while still pending.
        check_opt(
            "heap",
            "
            [r0, r1, i2]
            setfield_gc(r0, i2, descr=<Field Node.id>)
            setfield_gc(r1, i2, descr=<Field Node.value>)
            i3 = getfield_gc_i(r0, descr=<Field Node.value>)
            setfield_gc(r0, 7, descr=<Field Node.id>)
            finish(descr=<Guard 0>) [i3]
            ",
            "
            [r0, r1, i2]
            setfield_gc(r1, i2, descr=<Field Node.value>)
            i3 = getfield_gc_i(r0, descr=<Field Node.value>)
            setfield_gc(r0, 7, descr=<Field Node.id>)
            finish(descr=<Guard 0>) [i3]
            ",
        );
    }

    #[test]
    fn stores_sink_past_guards_into_resume_data() {
        let opt = crate::optimizeopt::tests::optimize_text(
            "virtualize:heap",
            "
            [r0, i1]
            setfield_gc(r0, i1, descr=<Field Node.value>)
            r2 = new(descr=<Layout Node>)
            setfield_gc(r2, 7, descr=<Field Node.value>)
            setfield_gc(r0, r2, descr=<Field Node.next>)
            guard_true(i1, descr=<Guard 0>) [i1]
            setfield_gc(r0, 5, descr=<Field Node.value>)
            guard_true(i1, descr=<Guard 1>) [i1]
            finish(descr=<Guard 2>) []
            ",
        );
        crate::optimizeopt::tests::assert_trace(
            &opt.trace,
            "
            [r0, i1]
            guard_true(i1, descr=<Guard 0>) [i1, r0, 7]
            guard_true(i1, descr=<Guard 1>) [i1, r0, 7, 5]
            r2 = new(descr=<Layout Node>)
            setfield_gc(r2, 7, descr=<Field Node.value>)
            setfield_gc(r0, r2, descr=<Field Node.next>)
            setfield_gc(r0, 5, descr=<Field Node.value>)
            finish(descr=<Guard 2>) []
            ",
        );
        let pending = |g: usize| opt.resume[g].pending.iter().map(|p| (p.target, p.value)).collect::<Vec<_>>();
        // Resume values: the saved i0, r0, 7 (and 5), then the virtual r1.
        assert_eq!(pending(0), [(1, 0), (1, 3)]);
        assert_eq!(pending(1), [(1, 4), (1, 3)]);
    }

    #[test]
    fn quasi_immutable_fields_of_constants_fold_under_guard_not_invalidated() {
        // One guard until a call that may write; a read of a non-constant or an unguarded read
        // stays; the first fold of each (object, field) leaves a marker.
        check_opt(
            "heap",
            "
            [r0]
            i5 = getfield_gc_i(ConstPtr(obj), descr=<Field Node.version>)
            guard_not_invalidated(descr=<Guard 0>) [r0]
            i1 = getfield_gc_i(ConstPtr(obj), descr=<Field Node.version>)
            guard_not_invalidated(descr=<Guard 1>) [r0]
            i2 = getfield_gc_i(ConstPtr(obj), descr=<Field Node.version>)
            i3 = getfield_gc_i(r0, descr=<Field Node.version>)
            call_n(r0, descr=<Call touch>)
            guard_not_invalidated(descr=<Guard 2>) [r0]
            i4 = getfield_gc_i(ConstPtr(obj), descr=<Field Node.version>)
            finish(descr=<Guard 3>) [i1, i2, i3, i4, i5]
            ",
            "
            [r0]
            i5 = getfield_gc_i(ConstPtr(obj), descr=<Field Node.version>)
            guard_not_invalidated(descr=<Guard 0>) [r0]
            quasiimmut_field(ConstPtr(obj), descr=<Field Node.version>)
            i3 = getfield_gc_i(r0, descr=<Field Node.version>)
            call_n(r0, descr=<Call touch>)
            guard_not_invalidated(descr=<Guard 1>) [r0]
            finish(descr=<Guard 2>) [42, i3, i5]
            ",
        );
    }

    #[test]
    fn a_peeled_loop_checks_invalidation_once_per_iteration() {
        check_opt(
            "all",
            "
            [i0]
            label(i0, descr=<Target 0>)
            guard_not_invalidated(descr=<Guard 0>) [i0]
            i1 = getfield_gc_i(ConstPtr(obj), descr=<Field Node.version>)
            i2 = int_add(i0, i1)
            guard_not_invalidated(descr=<Guard 1>) [i2]
            i3 = getfield_gc_i(ConstPtr(obj), descr=<Field Node.version>)
            i4 = int_lt(i2, i3)
            guard_true(i4, descr=<Guard 2>) [i2]
            jump(i2, descr=<Target 0>)
            ",
            "
            [i0]
            label(i0, descr=<Target 0>)
            guard_not_invalidated(descr=<Guard 0>) [i0]
            quasiimmut_field(ConstPtr(obj), descr=<Field Node.version>)
            i2 = int_add(i0, 42)
            i4 = int_lt(i2, 42)
            guard_true(i4, descr=<Guard 1>) [i2]
            label(i2, descr=<Target 99>)
            guard_not_invalidated(descr=<Guard 2>) [i2]
            quasiimmut_field(ConstPtr(obj), descr=<Field Node.version>)
            i6 = int_add(i2, 42)
            i8 = int_lt(i6, 42)
            guard_true(i8, descr=<Guard 3>) [i6]
            jump(i6, descr=<Target 99>)
            ",
        );
    }

    #[test]
    fn immutable_fields_of_constants_fold() {
        check_opt(
            "heap",
            "
            [r0]
            i1 = getfield_gc_i(ConstPtr(obj), descr=<Field Node.id>)
            i2 = getfield_gc_i(ConstPtr(obj), descr=<Field Node.value>)
            finish(descr=<Guard 0>) [i1, i2]
            ",
            "
            [r0]
            i2 = getfield_gc_i(ConstPtr(obj), descr=<Field Node.value>)
            finish(descr=<Guard 0>) [42, i2]
            ",
        );
    }
}

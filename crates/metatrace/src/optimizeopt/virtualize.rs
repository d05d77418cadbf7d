//! Allocation removal (PyPy's `virtualize.py`).
//!
//! `new` and `new_array` (of a small constant length) do not allocate: the result becomes a
//! *virtual*, whose contents the optimizer tracks ([`super::info::Virtual`]). Stores into a
//! virtual update its contents, loads from it are answered from them, and `arraylen` of a virtual
//! array is its length. A virtual that escapes, because an operation that is written out uses
//! it (a call, a store into an object that is not virtual, a jump), is *forced* at that point by
//! [`super::state::State::force`]: its allocation and the stores of its non-zero fields are
//! written out just before. An exit that sees a virtual describes it in its resume data, so that
//! resumption allocates exactly that object with exactly those contents.
//!
//! `virtual_ref(obj)` is a virtual of the virtual-reference layout whose `forced` field is `obj`
//! (see [`crate::vref`]), and its `virtual_ref_finish` disappears while it is virtual. Reading
//! `forced` from one allocated lazily (see [`super::state`]) gives its object.

use super::info::{zero, Virtual};
use super::{Cx, Pass};
use crate::ir::{Arg, Descr, Op, Opcode};
use metatrace_gc::ArrayDescr;

/// Arrays longer than this are allocated for real.
const MAX_VIRTUAL_ARRAY: i64 = 128;

/// The virtualize pass (its knowledge is the shared state's virtuals).
pub(crate) struct Virtualize;

impl Pass for Virtualize {
    fn propagate(&mut self, op: Op, cx: &mut Cx<'_>) {
        use Opcode::*;
        let st = &mut *cx.st;
        let arg = |n: usize| op.args[n];
        match (op.opcode, op.descr, op.result) {
            (New, Some(Descr::Layout(layout)), Some(r)) => {
                st.add_virtual(r, Virtual::Object { layout, fields: Vec::new() });
            }
            (VirtualRef, _, Some(r)) => {
                let fields = vec![(crate::vref::FORCED, arg(0))];
                st.add_virtual(r, Virtual::Object { layout: &crate::vref::VIRTUAL_REF, fields });
            }
            (VirtualRefFinish, _, _) if st.virtual_of(arg(0)).is_some() => {}
            (NewArray, Some(Descr::Layout(layout)), Some(r)) => match (st.get(arg(0)), layout.array) {
                (Arg::Int(len @ 0..=MAX_VIRTUAL_ARRAY), Some(part)) => {
                    let descr = ArrayDescr { owner: layout.name, part };
                    let items = vec![zero(part.item.kind); len as usize];
                    st.add_virtual(r, Virtual::Array { layout, descr, items });
                }
                _ => emit(op, cx),
            },
            (Setfield, Some(Descr::Field(f)), _) => match st.virtual_mut(arg(0)) {
                Some(Virtual::Object { fields, .. }) => match fields.iter_mut().find(|(g, _)| *g == f) {
                    Some(slot) => slot.1 = arg(1),
                    None => fields.push((f, arg(1))),
                },
                _ => emit(op, cx),
            },
            (Getfield, Some(Descr::Field(f)), Some(r)) => match st
                .virtual_of(arg(0))
                .and_then(|v| v.field(&f))
                .or_else(|| (f == crate::vref::FORCED).then(|| st.lazy_vref_object(arg(0))).flatten())
            {
                Some(value) => {
                    let value = cx.loaded(value, f.ty);
                    cx.st.replace(r, value);
                }
                None => emit(op, cx),
            },
            (Setarrayitem, Some(Descr::Array(a)), _) => match item_slot(cx, arg(0), arg(1), a) {
                Some(i) => {
                    if let Some(Virtual::Array { items, descr, .. }) = cx.st.virtual_mut(arg(0)) {
                        items[i] = arg(2);
                        *descr = a;
                    }
                }
                None => emit(op, cx),
            },
            (Getarrayitem, Some(Descr::Array(a)), Some(r)) => match item_slot(cx, arg(0), arg(1), a) {
                Some(i) => {
                    let Some(Virtual::Array { items, .. }) = cx.st.virtual_of(arg(0)) else { return };
                    let item = items[i];
                    let value = cx.loaded(item, a.part.item);
                    cx.st.replace(r, value);
                }
                None => emit(op, cx),
            },
            (Arraylen, _, Some(r)) => match st.virtual_of(arg(0)) {
                Some(Virtual::Array { items, .. }) => {
                    let len = Arg::Int(items.len() as i64);
                    st.replace(r, len);
                }
                _ => emit(op, cx),
            },
            _ => emit(op, cx),
        }
    }
}

/// Emit an operation the pass does not absorb. A heap access whose object is a virtual it
/// cannot handle (an item at an index that is not a known constant, a type mismatch) forces the
/// virtual first, here: later stores into the object must not be absorbed by a virtual that the
/// access has already made escape.
fn emit(op: Op, cx: &mut Cx<'_>) {
    use Opcode::*;
    let access = matches!(op.opcode, Getfield | Setfield | Getarrayitem | Setarrayitem | Arraylen);
    if access && cx.st.virtual_of(op.args[0]).is_some() {
        cx.st.force(op.args[0]);
    }
    cx.emit(op);
}

/// The item a virtual array access touches: `array` must be a virtual array of the same item
/// layout and `index` a constant in range.
fn item_slot(cx: &Cx<'_>, array: Arg, index: Arg, a: ArrayDescr) -> Option<usize> {
    let Some(Virtual::Array { items, descr, .. }) = cx.st.virtual_of(array) else { return None };
    let Arg::Int(i) = cx.st.get(index) else { return None };
    (descr.part == a.part && (0..items.len() as i64).contains(&i)).then_some(i as usize)
}

#[cfg(test)]
mod tests {
    use crate::optimizeopt::tests::{check_opt, frame_fields, optimize_text};
    use crate::resume::VirtualObject;

    #[test]
    fn allocations_that_do_not_escape_disappear() {
        check_opt(
            "rewrite:virtualize",
            "
            [i0, f1]
            r2 = new(descr=<Layout Node>)
            setfield_gc(r2, i0, descr=<Field Node.value>)
            guard_class(r2, $Node, descr=<Guard 0>) [i0]
            i3 = getfield_gc_i(r2, descr=<Field Node.value>)
            i4 = int_add(i3, 1)
            setfield_gc(r2, i4, descr=<Field Node.value>)
            i5 = getfield_gc_i(r2, descr=<Field Node.value>)
            f6 = getfield_gc_f(r2, descr=<Field Node.ratio>)
            r7 = new_array(3, descr=<Layout Items>)
            setarrayitem_gc(r7, 1, i5, descr=<Array Items>)
            i8 = getarrayitem_gc_i(r7, 1, descr=<Array Items>)
            i9 = arraylen_gc(r7, descr=<Array Items>)
            i10 = getarrayitem_gc_i(r7, 2, descr=<Array Items>)
            finish(descr=<Guard 1>) [i8, i9, i10, f6]
            ",
            "
            [i0, f1]
            i4 = int_add(i0, 1)
            finish(descr=<Guard 0>) [i4, 3, 0, 0.0]
            ",
        );
    }

    #[test]
    fn narrow_fields_load_what_a_store_would_leave() {
        check_opt(
            "intbounds:rewrite:virtualize",
            "
            [i0]
            r1 = new(descr=<Layout Node>)
            setfield_gc(r1, i0, descr=<Field Node.byte>)
            i2 = getfield_gc_i(r1, descr=<Field Node.byte>)
            setfield_gc(r1, 300, descr=<Field Node.byte>)
            i3 = getfield_gc_i(r1, descr=<Field Node.byte>)
            i4 = int_and(i0, 15)
            setfield_gc(r1, i4, descr=<Field Node.byte>)
            i5 = getfield_gc_i(r1, descr=<Field Node.byte>)
            finish(descr=<Guard 0>) [i2, i3, i5]
            ",
            "
            [i0]
            i6 = int_and(i0, 255)
            i4 = int_and(i0, 15)
            finish(descr=<Guard 0>) [i6, 44, i4]
            ",
        );
    }

    #[test]
    fn escaping_virtuals_are_forced_where_they_escape() {
        check_opt(
            "rewrite:virtualize",
            "
            [r0, i1]
            r2 = new(descr=<Layout Node>)
            setfield_gc(r2, i1, descr=<Field Node.value>)
            r3 = new(descr=<Layout Node>)
            setfield_gc(r3, r2, descr=<Field Node.next>)
            setfield_gc(r2, r3, descr=<Field Node.next>)
            guard_true(i1, descr=<Guard 0>) [r3]
            setfield_gc(r0, r3, descr=<Field Node.next>)
            setfield_gc(r2, 5, descr=<Field Node.value>)
            finish(descr=<Guard 1>) [r2]
            ",
            "
            [r0, i1]
            guard_true(i1, descr=<Guard 0>) [i1]
            r3 = new(descr=<Layout Node>)
            r2 = new(descr=<Layout Node>)
            setfield_gc(r2, i1, descr=<Field Node.value>)
            setfield_gc(r2, r3, descr=<Field Node.next>)
            setfield_gc(r3, r2, descr=<Field Node.next>)
            setfield_gc(r0, r3, descr=<Field Node.next>)
            setfield_gc(r2, 5, descr=<Field Node.value>)
            finish(descr=<Guard 1>) [r2]
            ",
        );
    }

    #[test]
    fn exits_describe_the_virtuals_they_see() {
        let opt = optimize_text(
            "virtualize",
            "
            [i0, f3]
            r1 = new(descr=<Layout Node>)
            setfield_gc(r1, i0, descr=<Field Node.value>)
            r2 = new(descr=<Layout Node>)
            setfield_gc(r2, r1, descr=<Field Node.next>)
            setfield_gc(r1, r2, descr=<Field Node.next>)
            setfield_gc(r2, f3, descr=<Field Node.ratio>)
            guard_true(i0, descr=<Guard 0>) [r2, i0, r1]
            finish(descr=<Guard 1>) []
            ",
        );
        let data = &opt.resume[0];
        // Saved values: i0, f0; virtuals: r2 (resume value 2), r1 (3).
        assert_eq!(opt.trace.ops[0].fail_args.len(), 2);
        assert_eq!(frame_fields(data), [2, 0, 3]);
        let VirtualObject::Object { fields: r2, .. } = &data.virtuals[0] else { panic!("{data:?}") };
        let VirtualObject::Object { fields: r1, .. } = &data.virtuals[1] else { panic!("{data:?}") };
        let values = |fields: &[(&metatrace_gc::FieldDescr, u32)]| fields.iter().map(|f| f.1).collect::<Vec<_>>();
        assert_eq!(values(r2), [3, 1]);
        assert_eq!(values(r1), [0, 2]);
    }
}

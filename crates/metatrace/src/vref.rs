//! Virtual references (PyPy's `virtual_ref`): a reference to an object, typically a frame, that
//! an interpreter stores where native code may look for it (a callee frame's `back`) without
//! making the object escape in compiled code.
//!
//! Interpreter code makes one with [`crate::domain::Domain::virtual_ref`] and ends its use with
//! [`crate::domain::Domain::virtual_ref_finish`] once the object's activation is over; native code
//! reads through one with [`force_virtual_ref`]. The concrete domain hands out the object itself;
//! the tracer records `r = virtual_ref(obj)` and `virtual_ref_finish(r, obj)`.
//!
//! metatrace owns the object layout of a virtual reference, [`VIRTUAL_REF`], whose field
//! [`FORCED`] holds the object referred to. The ops are lowered *eagerly* here: `virtual_ref`
//! becomes `new` of that layout and a store of the object into [`FORCED`], and
//! `virtual_ref_finish` has nothing left to do. The virtualize pass then keeps a reference that
//! does not escape virtual (with its object), and resume data rebuild it with its object on an
//! exit; one that escapes becomes its object (as in the concrete domain: interpreter code never
//! reads a reference's fields, native code resolves it), except that a reference that escapes
//! into a call after which the tracer put a `guard_not_forced` (it does while references are
//! live) while its object is virtual is allocated *lazily* by the optimizer
//! ([`crate::optimizeopt::state`]): its [`TOKEN`] holds the running code's `force_token` and its
//! object stays virtual; the exits meanwhile fill [`FORCED`] on resumption,
//! and [`force_virtual_ref`] forces the suspended code through the token, which fills it too.
//! The finish clears the token: a reference read after its finish, unless resolved before, refers
//! to nothing (null).
use crate::domain::Language;
use crate::ir::{Arg, Descr, Op, Opcode, Trace};
use metatrace_gc::{heap, FieldDescr, GcHeader, GcRef, ItemType, Layout};
use std::mem::offset_of;

#[repr(C)]
struct JitVirtualRef {
    header: GcHeader,
    forced: GcRef,
    token: i64,
}

/// The layout of virtual references.
pub static VIRTUAL_REF: Layout = Layout {
    name: "JitVirtualRef",
    size: size_of::<JitVirtualRef>(),
    ref_offsets: &[offset_of!(JitVirtualRef, forced)],
    array: None,
};

/// The field of a virtual reference that holds the object it refers to.
pub const FORCED: FieldDescr = FieldDescr {
    owner: "JitVirtualRef",
    name: "forced",
    offset: offset_of!(JitVirtualRef, forced),
    ty: ItemType::REF,
    immutable: false,
    quasi_immutable: false,
    layout: Some(&VIRTUAL_REF),
};

/// The field of a virtual reference that the optimizer allocated lazily (see the module
/// documentation): the `force_token` of the compiled code that keeps its object virtual while
/// suspended in a call, 0 once that code no longer does.
pub const TOKEN: FieldDescr = FieldDescr {
    owner: "JitVirtualRef",
    name: "token",
    offset: offset_of!(JitVirtualRef, token),
    ty: ItemType::I64,
    immutable: false,
    quasi_immutable: false,
    layout: Some(&VIRTUAL_REF),
};

/// A virtual reference to `obj`, as executing `virtual_ref(obj)` makes it.
pub fn new_virtual_ref(obj: GcRef) -> GcRef {
    let vref = heap::alloc(&VIRTUAL_REF);
    heap::write_field_ref(vref, &FORCED, obj);
    vref
}

/// What `r` refers to: the object of a virtual reference, else `r` itself (null stays null).
/// Native code that reads a field where an interpreter stores virtual references resolves it
/// through this. A reference whose object compiled code keeps virtual forces that code (see
/// [`crate::jit::force_token`]) and then holds the object; one finished that way refers to
/// nothing any more (null).
pub fn force_virtual_ref<L: Language>(r: GcRef) -> GcRef {
    resolve(r, crate::jit::force_token::<L>)
}

/// What `r` refers to when that needs no forcing ([`force_virtual_ref`] without its forcing):
/// `None` for a reference whose object compiled code suspended in a call still keeps virtual.
pub fn peek_virtual_ref(r: GcRef) -> Option<GcRef> {
    let mut lazy = false;
    let obj = resolve(r, |_| lazy = true);
    (!lazy).then_some(obj)
}

/// [`force_virtual_ref`], forcing compiled code by its token with `force`.
fn resolve(r: GcRef, force: impl FnOnce(usize)) -> GcRef {
    if r.is_null() || !std::ptr::eq(r.layout(), &VIRTUAL_REF) {
        return r;
    }
    let token = heap::read_field(r, &TOKEN);
    if token != 0 && heap::read_field_ref(r, &FORCED).is_null() {
        force(token as usize);
    }
    heap::read_field_ref(r, &FORCED)
}

/// The operations that implement `op` when it is `virtual_ref` or `virtual_ref_finish` (see the
/// module documentation); `None` for any other operation.
pub fn lower(op: &Op) -> Option<Vec<Op>> {
    match op.opcode {
        Opcode::VirtualRef => {
            let vref = op.result.expect("virtual_ref defines its reference");
            let alloc = Op { descr: Some(Descr::Layout(&VIRTUAL_REF)), ..Op::new(Opcode::New, vec![], Some(vref)) };
            let store = Op {
                descr: Some(Descr::Field(FORCED)),
                ..Op::new(Opcode::Setfield, vec![Arg::Var(vref), op.args[0]], None)
            };
            Some(vec![alloc, store])
        }
        Opcode::VirtualRefFinish => Some(Vec::new()),
        _ => None,
    }
}

/// Lower every virtual reference operation of `trace` (a trace compiled as recorded).
pub fn lower_trace(trace: &mut Trace) {
    if trace.ops.iter().any(|op| lower(op).is_some()) {
        trace.ops = std::mem::take(&mut trace.ops).into_iter().flat_map(|op| lower(&op).unwrap_or(vec![op])).collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optimizeopt::tests::{assert_trace, check_opt, descrs, optimize_text, parse, NODE};
    use crate::resume::VirtualObject;

    #[test]
    fn resolving_forces_lazy_references_and_passes_other_objects_through() {
        let obj = heap::alloc(&NODE);
        let vref = new_virtual_ref(obj);
        let never = |_| panic!("nothing to force");
        assert_eq!(resolve(vref, never), obj);
        assert_eq!(resolve(obj, never), obj);
        assert_eq!(resolve(GcRef::NULL, never), GcRef::NULL);
        let lazy = heap::alloc(&VIRTUAL_REF);
        heap::write_field(lazy, &TOKEN, 1234);
        assert_eq!(
            resolve(lazy, |token| {
                assert_eq!(token, 1234);
                heap::write_field_ref(lazy, &FORCED, obj)
            }),
            obj
        );
        assert_eq!(resolve(lazy, never), obj, "a filled reference forces nothing");
        assert_eq!(peek_virtual_ref(lazy), Some(obj));
        assert_eq!(peek_virtual_ref(vref), Some(obj));
        assert_eq!(peek_virtual_ref(obj), Some(obj));
        let pending = heap::alloc(&VIRTUAL_REF);
        heap::write_field(pending, &TOKEN, 1234);
        assert_eq!(peek_virtual_ref(pending), None, "a lazy reference is not peeked through");
        assert_eq!(resolve(heap::alloc(&VIRTUAL_REF), never), GcRef::NULL, "a finished lazy reference");
    }

    /// A caller frame r2, its reference r3 in the callee frame r4's `next`.
    const INLINED_CALL: &str = "
        r2 = new(descr=<Layout Node>)
        setfield_gc(r2, i1, descr=<Field Node.value>)
        r3 = virtual_ref(r2)
        r4 = new(descr=<Layout Node>)
        setfield_gc(r4, r3, descr=<Field Node.next>)
    ";

    /// `INLINED_CALL`, then `virtual_ref_finish(r3, r2)` and a finish of r4.
    fn inlined_call_finished() -> String {
        format!("[r0, i1]\n{INLINED_CALL}\nvirtual_ref_finish(r3, r2)\nfinish(descr=<Guard 0>) [r4]")
    }

    /// `inlined_call_finished()` with its virtual reference operations lowered.
    const LOWERED: &str = "
        [r0, i1]
        r2 = new(descr=<Layout Node>)
        setfield_gc(r2, i1, descr=<Field Node.value>)
        r3 = new(descr=<Layout JitVirtualRef>)
        setfield_gc(r3, r2, descr=<Field JitVirtualRef.forced>)
        r4 = new(descr=<Layout Node>)
        setfield_gc(r4, r3, descr=<Field Node.next>)
        finish(descr=<Guard 0>) [r4]
    ";

    #[test]
    fn without_passes_references_are_allocated_with_their_object() {
        check_opt("none", &inlined_call_finished(), LOWERED);
    }

    #[test]
    fn a_trace_compiled_as_recorded_gets_its_references_lowered() {
        let mut t = parse(&inlined_call_finished(), &descrs());
        lower_trace(&mut t);
        assert_trace(&t, LOWERED);
    }

    #[test]
    fn a_reference_that_does_not_escape_stays_virtual() {
        check_opt(
            "rewrite:virtualize",
            &format!(
                "[r0, i1]\n{INLINED_CALL}
                r5 = getfield_gc_r(r4, descr=<Field Node.next>)
                r6 = getfield_gc_r(r5, descr=<Field JitVirtualRef.forced>)
                i7 = getfield_gc_i(r6, descr=<Field Node.value>)
                virtual_ref_finish(r3, r2)
                finish(descr=<Guard 0>) [i7]"
            ),
            "
            [r0, i1]
            finish(descr=<Guard 0>) [i1]
            ",
        );
    }

    #[test]
    fn a_reference_that_escapes_into_a_call_that_cannot_force_is_its_object() {
        check_opt(
            "rewrite:virtualize",
            &format!(
                "[r0, i1]\n{INLINED_CALL}
                r5 = call_assembler_r(3, r4, 0, descr=<Call assembler>)
                virtual_ref_finish(r3, r2)
                finish(descr=<Guard 0>) [r5]"
            ),
            "
            [r0, i1]
            r4 = new(descr=<Layout Node>)
            r2 = new(descr=<Layout Node>)
            setfield_gc(r2, i1, descr=<Field Node.value>)
            setfield_gc(r4, r2, descr=<Field Node.next>)
            r5 = call_assembler_r(3, r4, 0, descr=<Call assembler>)
            finish(descr=<Guard 0>) [r5]
            ",
        );
    }

    #[test]
    fn an_exit_rebuilds_a_virtual_reference_with_its_object() {
        let opt = optimize_text(
            "virtualize",
            &format!("[r0, i1]\n{INLINED_CALL}\nguard_true(i1, descr=<Guard 0>) [r4]\nfinish(descr=<Guard 1>) []"),
        );
        let data = &opt.resume[0];
        let layouts: Vec<&str> = data
            .virtuals
            .iter()
            .map(|v| match v {
                VirtualObject::Object { layout, .. } => layout.name,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(layouts, ["Node", "JitVirtualRef", "Node"]);
        let VirtualObject::Object { fields, .. } = &data.virtuals[1] else { unreachable!() };
        assert_eq!(fields.iter().map(|(f, _)| f.name).collect::<Vec<_>>(), ["forced"]);
    }

    /// `INLINED_CALL`, then a `call_assembler` of the callee frame r4 with a `guard_not_forced`
    /// (that saves the caller frame r2), `more` (whose exits are numbered from 1) and the finish of
    /// the reference.
    fn escaping_call(more: &str) -> String {
        let last = 1 + more.matches("<Guard").count();
        format!(
            "[r0, i1]\n{INLINED_CALL}
            r5 = call_assembler_r(3, r4, 0, descr=<Call assembler>)
            guard_not_forced(descr=<Guard 0>) [r2, r5]
            {more}
            virtual_ref_finish(r3, r2)
            finish(descr=<Guard {last}>) [r5]"
        )
    }

    #[test]
    fn a_reference_that_escapes_into_a_forcible_call_keeps_its_object_virtual() {
        check_opt(
            "rewrite:virtualize",
            &escaping_call(""),
            "
            [r0, i1]
            r4 = new(descr=<Layout Node>)
            i6 = force_token()
            r3 = new(descr=<Layout JitVirtualRef>)
            setfield_gc(r3, i6, descr=<Field JitVirtualRef.token>)
            setfield_gc(r4, r3, descr=<Field Node.next>)
            r5 = call_assembler_r(3, r4, 0, descr=<Call assembler>)
            guard_not_forced(descr=<Guard 0>) [i1, r5, r3, 0]
            setfield_gc(r3, 0, descr=<Field JitVirtualRef.token>)
            finish(descr=<Guard 1>) [r5]
            ",
        );
    }

    #[test]
    fn a_reference_to_an_object_that_is_not_virtual_is_that_object_when_it_escapes() {
        check_opt(
            "rewrite:virtualize",
            "[r0, i1]
            r3 = virtual_ref(r0)
            r4 = new(descr=<Layout Node>)
            setfield_gc(r4, r3, descr=<Field Node.next>)
            r5 = call_assembler_r(3, r4, 0, descr=<Call assembler>)
            guard_not_forced(descr=<Guard 0>) [r5]
            virtual_ref_finish(r3, r0)
            finish(descr=<Guard 1>) [r5]",
            "
            [r0, i1]
            r4 = new(descr=<Layout Node>)
            setfield_gc(r4, r0, descr=<Field Node.next>)
            r5 = call_assembler_r(3, r4, 0, descr=<Call assembler>)
            guard_not_forced(descr=<Guard 0>) [r5]
            finish(descr=<Guard 1>) [r5]
            ",
        );
    }

    #[test]
    fn exits_of_a_lazy_reference_fill_it_with_their_virtual_object() {
        let opt = optimize_text("rewrite:virtualize", &escaping_call(""));
        let data = &opt.resume[0];
        let [VirtualObject::Object { layout, .. }] = &data.virtuals[..] else { panic!("{:?}", data.virtuals) };
        assert_eq!(layout.name, "Node");
        let stores: Vec<_> = data
            .pending
            .iter()
            .map(|p| match p.place {
                crate::resume::StorePlace::Field(f) => (p.target, f.name, p.value),
                crate::resume::StorePlace::Item(..) => panic!("{p:?}"),
            })
            .collect();
        // Saved values i1 (the caller frame's field), r5, r3, 0, then the virtual caller frame.
        assert_eq!(stores, [(2, "forced", 4), (2, "token", 3)]);
        assert!(opt.resume[1].pending.is_empty(), "the finished reference is not filled again");
    }

    #[test]
    fn reading_a_lazy_reference_in_the_trace_gives_its_object() {
        check_opt(
            "rewrite:virtualize",
            &escaping_call(
                "r7 = getfield_gc_r(r3, descr=<Field JitVirtualRef.forced>)
                i8 = getfield_gc_i(r7, descr=<Field Node.value>)
                guard_true(i8, descr=<Guard 1>) [r2, r5]",
            ),
            "
            [r0, i1]
            r4 = new(descr=<Layout Node>)
            i9 = force_token()
            r3 = new(descr=<Layout JitVirtualRef>)
            setfield_gc(r3, i9, descr=<Field JitVirtualRef.token>)
            setfield_gc(r4, r3, descr=<Field Node.next>)
            r5 = call_assembler_r(3, r4, 0, descr=<Call assembler>)
            guard_not_forced(descr=<Guard 0>) [i1, r5, r3, 0]
            guard_true(i1, descr=<Guard 1>) [i1, r5, r3, 0]
            setfield_gc(r3, 0, descr=<Field JitVirtualRef.token>)
            finish(descr=<Guard 2>) [r5]
            ",
        );
    }

    #[test]
    fn a_call_that_cannot_be_forced_fills_a_lazy_reference_first() {
        check_opt(
            "rewrite:virtualize",
            &escaping_call("r9 = call_assembler_r(3, r0, 0, descr=<Call assembler>)"),
            "
            [r0, i1]
            r4 = new(descr=<Layout Node>)
            i10 = force_token()
            r3 = new(descr=<Layout JitVirtualRef>)
            setfield_gc(r3, i10, descr=<Field JitVirtualRef.token>)
            setfield_gc(r4, r3, descr=<Field Node.next>)
            r5 = call_assembler_r(3, r4, 0, descr=<Call assembler>)
            guard_not_forced(descr=<Guard 0>) [i1, r5, r3, 0]
            r2 = new(descr=<Layout Node>)
            setfield_gc(r2, i1, descr=<Field Node.value>)
            setfield_gc(r3, r2, descr=<Field JitVirtualRef.forced>)
            setfield_gc(r3, 0, descr=<Field JitVirtualRef.token>)
            r9 = call_assembler_r(3, r0, 0, descr=<Call assembler>)
            finish(descr=<Guard 1>) [r5]
            ",
        );
    }

    #[test]
    fn a_plain_call_fills_a_lazy_reference_first() {
        check_opt(
            "rewrite:virtualize",
            &escaping_call("call_n(r4, descr=<Call touch>)"),
            "
            [r0, i1]
            r4 = new(descr=<Layout Node>)
            i6 = force_token()
            r3 = new(descr=<Layout JitVirtualRef>)
            setfield_gc(r3, i6, descr=<Field JitVirtualRef.token>)
            setfield_gc(r4, r3, descr=<Field Node.next>)
            r5 = call_assembler_r(3, r4, 0, descr=<Call assembler>)
            guard_not_forced(descr=<Guard 0>) [i1, r5, r3, 0]
            r2 = new(descr=<Layout Node>)
            setfield_gc(r2, i1, descr=<Field Node.value>)
            setfield_gc(r3, r2, descr=<Field JitVirtualRef.forced>)
            setfield_gc(r3, 0, descr=<Field JitVirtualRef.token>)
            call_n(r4, descr=<Call touch>)
            finish(descr=<Guard 1>) [r5]
            ",
        );
    }

    #[test]
    fn a_finish_fills_a_lazy_reference_still_live() {
        check_opt(
            "rewrite:virtualize",
            &format!(
                "[r0, i1]\n{INLINED_CALL}
                r5 = call_assembler_r(3, r4, 0, descr=<Call assembler>)
                guard_not_forced(descr=<Guard 0>) [r2, r5]
                finish(descr=<Guard 1>) [r5]"
            ),
            "
            [r0, i1]
            r4 = new(descr=<Layout Node>)
            i6 = force_token()
            r3 = new(descr=<Layout JitVirtualRef>)
            setfield_gc(r3, i6, descr=<Field JitVirtualRef.token>)
            setfield_gc(r4, r3, descr=<Field Node.next>)
            r5 = call_assembler_r(3, r4, 0, descr=<Call assembler>)
            guard_not_forced(descr=<Guard 0>) [i1, r5, r3, 0]
            r2 = new(descr=<Layout Node>)
            setfield_gc(r2, i1, descr=<Field Node.value>)
            setfield_gc(r3, r2, descr=<Field JitVirtualRef.forced>)
            setfield_gc(r3, 0, descr=<Field JitVirtualRef.token>)
            finish(descr=<Guard 1>) [r5]
            ",
        );
    }

    #[test]
    fn a_lazy_reference_live_at_a_loop_end_stops_the_optimizer() {
        let t = parse(
            &format!(
                "[r0, i1]\nlabel(r0, i1, descr=<Target 0>)\n{INLINED_CALL}
                r5 = call_assembler_r(3, r4, 0, descr=<Call assembler>)
                guard_not_forced(descr=<Guard 0>) [r2, r5]
                jump(r0, i1, descr=<Target 0>)"
            ),
            &descrs(),
        );
        let passes = crate::optimizeopt::Passes::parse("rewrite:virtualize").expect("pass names");
        let resume = crate::optimizeopt::tests::identity_resume(&t);
        let r = crate::optimizeopt::optimize_loop(&t, &resume, &passes, &mut || 99, crate::optimizeopt::Entries::NONE);
        assert_eq!(r.err().map(|e| e.0), Some("a lazy virtual reference is live at a loop's end".to_string()));
    }
}

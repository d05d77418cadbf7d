//! Virtual strings (PyPy's `vstring.py`).
//!
//! An interpreter tells the optimizer how its strings are built by giving residual functions an
//! [`OopSpec`] that names its [`StrSpec`]: concatenation, slicing, equality, and the length
//! field. A call that builds a string (`concat(a, b)`, `slice(s, start, stop)`) is not written
//! out: its result becomes a *virtual string* ([`VStr`], kept in the shared state), which
//! remembers what it is made of. Then:
//!
//! * the length field of a virtual string is computed from its parts (`len(a) + len(b)`,
//!   `stop - start`), reading the length of a constant string at optimization time;
//! * a slice of a virtual slice is a slice of the original string;
//! * equality with a virtual slice is one call of the interpreter's `eq_slice` on the original
//!   string (no allocation), equality of strings whose lengths are known to differ is false, and
//!   a virtual string compared with itself is equal;
//! * identity (`ptr_eq`, `ptr_ne`) of a virtual string with any other operand is false: the
//!   building functions always return a new object.
//!
//! Any other use makes the string escape: [`super::state::State::force`] writes out the calls
//! that build it (its virtual parts first) just before the operation that uses it. An exit that
//! sees a virtual string describes it in its resume data as a call
//! ([`crate::resume::VirtualObject::Call`]), so that resumption builds exactly that string.

use super::info::{IntBound, VStr, VStrParts};
use super::{Cx, Pass};
use crate::call::{OopSpec, StrSpec};
use crate::ir::{Arg, Descr, Op, Opcode};
use metatrace_gc::{heap, Kind};

/// The string pass (its knowledge is the shared state's virtual strings).
pub(crate) struct VString;

impl Pass for VString {
    fn propagate(&mut self, op: Op, cx: &mut Cx<'_>) {
        use Opcode::*;
        let arg = |n: usize| op.args[n];
        match (op.opcode, op.descr, op.result) {
            (Call | CallPure, Some(Descr::Call(call)), Some(r)) if !cx.st.must_keep() => match call.oopspec {
                OopSpec::StrConcat(spec) => {
                    cx.st.add_string(r, VStr { spec, parts: VStrParts::Concat(arg(0), arg(1)) });
                }
                OopSpec::StrSlice(spec) => {
                    let parts = match cx.st.string_of(arg(0)).map(|s| s.parts) {
                        Some(VStrParts::Slice(s, from, _)) => {
                            let start = add(cx, from, arg(1));
                            let stop = add(cx, from, arg(2));
                            VStrParts::Slice(s, start, stop)
                        }
                        _ => VStrParts::Slice(arg(0), arg(1), arg(2)),
                    };
                    cx.st.add_string(r, VStr { spec, parts });
                }
                OopSpec::StrEqual(spec) => match equal(cx, spec, arg(0), arg(1)) {
                    Some(value) => cx.st.replace(r, value),
                    None => cx.emit(op),
                },
                OopSpec::None | OopSpec::SeqSlice(_) | OopSpec::SeqAssign(_) => cx.emit(op),
            },
            (Getfield, Some(Descr::Field(f)), Some(r)) => match cx.st.string_of(arg(0)).map(|s| s.spec) {
                Some(spec) if spec.length == f => {
                    let len = length(cx, spec, arg(0));
                    cx.st.replace(r, len);
                }
                _ => cx.emit(op),
            },
            (PtrEq | PtrNe, _, Some(r)) => {
                let (a, b) = (cx.st.get(arg(0)), cx.st.get(arg(1)));
                let virtual_string = cx.st.string_of(a).is_some() || cx.st.string_of(b).is_some();
                if a != b && virtual_string {
                    cx.st.replace(r, Arg::Int(i64::from(op.opcode == PtrNe)));
                } else {
                    cx.emit(op);
                }
            }
            _ => cx.emit(op),
        }
    }
}

/// `a + b`, folded when both are constants.
fn add(cx: &mut Cx<'_>, a: Arg, b: Arg) -> Arg {
    match (cx.st.get(a), cx.st.get(b)) {
        (Arg::Int(x), Arg::Int(y)) => Arg::Int(x.wrapping_add(y)),
        (Arg::Int(0), y) | (y, Arg::Int(0)) => y,
        (x, y) => cx.emit_new(Opcode::IntAdd, vec![x, y], Kind::Int),
    }
}

/// The length of string `s`, emitting what computes it.
fn length(cx: &mut Cx<'_>, spec: &'static StrSpec, s: Arg) -> Arg {
    if let Some(n) = known_length(cx, spec, s) {
        return Arg::Int(n);
    }
    match cx.st.string_of(s).map(|v| v.parts) {
        Some(VStrParts::Concat(a, b)) => {
            let (la, lb) = (length(cx, spec, a), length(cx, spec, b));
            let sum = add(cx, la, lb);
            cx.st.narrow(sum, IntBound::new(0, i64::MAX));
            sum
        }
        Some(VStrParts::Slice(_, start, stop)) => {
            let len = cx.emit_new(Opcode::IntSub, vec![stop, start], Kind::Int);
            cx.st.narrow(len, IntBound::new(0, i64::MAX));
            len
        }
        None => {
            let len = cx.st.new_var(Kind::Int);
            cx.emit(Op { descr: Some(Descr::Field(spec.length)), ..Op::new(Opcode::Getfield, vec![s], Some(len)) });
            cx.st.narrow(Arg::Var(len), IntBound::new(0, i64::MAX));
            Arg::Var(len)
        }
    }
}

/// The length of string `s` when it is known without emitting anything.
fn known_length(cx: &Cx<'_>, spec: &'static StrSpec, s: Arg) -> Option<i64> {
    match cx.st.get(s) {
        Arg::Ref(r) if !r.is_null() && std::ptr::eq(r.layout(), (spec.layout)()) => {
            Some(heap::read_field(r, &spec.length) as i64)
        }
        s => match cx.st.string_of(s)?.parts {
            VStrParts::Concat(a, b) => known_length(cx, spec, a)?.checked_add(known_length(cx, spec, b)?),
            VStrParts::Slice(_, start, stop) => match (cx.st.get(start), cx.st.get(stop)) {
                (Arg::Int(a), Arg::Int(b)) => Some(b - a),
                _ => cx.st.bound(stop).sub(&cx.st.bound(start)).and_then(|b| b.as_constant()),
            },
        },
    }
}

/// The result of `equal(a, b)` when one of them is a virtual string and the pass can answer
/// without building it; `None` to write the call out (which builds them).
fn equal(cx: &mut Cx<'_>, spec: &'static StrSpec, a: Arg, b: Arg) -> Option<Arg> {
    let (a, b) = (cx.st.get(a), cx.st.get(b));
    let is_slice = |x: Arg| matches!(cx.st.string_of(x), Some(VStr { parts: VStrParts::Slice(..), .. }));
    let (a, b) = if is_slice(a) || cx.st.string_of(b).is_none() { (a, b) } else { (b, a) };
    let parts = cx.st.string_of(a)?.parts;
    if a == b {
        return Some(Arg::Int(1));
    }
    if let (Some(la), Some(lb)) = (known_length(cx, spec, a), known_length(cx, spec, b)) {
        if la != lb {
            return Some(Arg::Int(0));
        }
    }
    match parts {
        VStrParts::Slice(s, start, stop) => {
            let r = cx.st.new_var(Kind::Int);
            let call = Op::new(Opcode::CallPure, vec![s, start, stop, b], Some(r));
            cx.emit(Op { descr: Some(Descr::Call(spec.eq_slice)), ..call });
            Some(Arg::Var(r))
        }
        _ => None,
    }
}

/// Test strings: the descriptors the text-trace tests use, and the tests.
#[cfg(test)]
pub(crate) mod tests {
    use crate::call::{CallDescr, Effect, OopSpec, RawFn, SliceSpec, StrSpec};
    use crate::ir::text::Descrs;
    use crate::optimizeopt::tests::{check_opt, frame_fields, optimize_text};
    use crate::resume::VirtualObject;
    use metatrace_gc::{FieldDescr, ItemType, Kind, Layout};

    /// A test string: `len: i64` (immutable) and nothing else (the tests never run the calls).
    pub static STR: Layout = Layout { name: "Str", size: 16, ref_offsets: &[], array: None };
    fn str_layout() -> &'static Layout {
        &STR
    }
    /// Its length field.
    pub const STR_LEN: FieldDescr = FieldDescr {
        owner: "Str",
        name: "len",
        offset: 8,
        ty: ItemType::I64,
        immutable: true,
        quasi_immutable: false,
        layout: None,
    };

    extern "C" fn never0() -> u64 {
        unreachable!("the text-trace tests do not run sequence functions")
    }
    extern "C" fn never2(_: u64, _: u64) -> u64 {
        unreachable!("the text-trace tests do not run string functions")
    }
    extern "C" fn never3(_: u64, _: u64, _: u64) -> u64 {
        unreachable!("the text-trace tests do not run string functions")
    }
    extern "C" fn never4(_: u64, _: u64, _: u64, _: u64) -> u64 {
        unreachable!("the text-trace tests do not run string functions")
    }

    const fn descr(
        name: &'static str,
        func: RawFn,
        args: &'static [Kind],
        result: Kind,
        effect: Effect,
        oopspec: OopSpec,
    ) -> CallDescr {
        CallDescr { name, func, args, result: Some(result), effect, can_raise: false, oopspec }
    }

    /// The test strings' functions.
    pub static SPEC: StrSpec = StrSpec {
        layout: str_layout,
        length: STR_LEN,
        concat: &CONCAT,
        slice: &SLICE,
        equal: &EQUAL,
        eq_slice: &EQ_SLICE,
    };
    /// `str_concat(a, b)`.
    pub static CONCAT: CallDescr = descr(
        "str_concat",
        RawFn::A2(never2),
        &[Kind::Ref, Kind::Ref],
        Kind::Ref,
        Effect::Plain,
        OopSpec::StrConcat(&SPEC),
    );
    /// `str_slice(s, start, stop)`.
    pub static SLICE: CallDescr = descr(
        "str_slice",
        RawFn::A3(never3),
        &[Kind::Ref, Kind::Int, Kind::Int],
        Kind::Ref,
        Effect::Plain,
        OopSpec::StrSlice(&SPEC),
    );
    /// `str_equal(a, b)`.
    pub static EQUAL: CallDescr = descr(
        "str_equal",
        RawFn::A2(never2),
        &[Kind::Ref, Kind::Ref],
        Kind::Int,
        Effect::Elidable,
        OopSpec::StrEqual(&SPEC),
    );
    /// `str_eq_slice(s, start, stop, other)`.
    pub static EQ_SLICE: CallDescr = descr(
        "str_eq_slice",
        RawFn::A4(never4),
        &[Kind::Ref, Kind::Int, Kind::Int, Kind::Ref],
        Kind::Int,
        Effect::Elidable,
        OopSpec::None,
    );

    /// A test sequence, sliced lazily (the state's lazy slices, tested here with the strings).
    pub static SEQ: SliceSpec =
        SliceSpec { layout: str_layout, stage: &SEQ_STAGE, unstage: &SEQ_UNSTAGE, assign_staged: &SEQ_ASSIGN_STAGED };
    /// A sequence call: `name(args) -> result`, not raising unless `can_raise`.
    const fn seq_descr(
        name: &'static str,
        func: RawFn,
        args: &'static [Kind],
        result: Option<Kind>,
        can_raise: bool,
        oopspec: OopSpec,
    ) -> CallDescr {
        CallDescr { name, func, args, result, effect: Effect::Plain, can_raise, oopspec }
    }
    /// `seq_slice(s, start, stop)`.
    pub static SEQ_SLICE: CallDescr = seq_descr(
        "seq_slice",
        RawFn::A3(never3),
        &[Kind::Ref, Kind::Int, Kind::Int],
        Some(Kind::Ref),
        false,
        OopSpec::SeqSlice(&SEQ),
    );
    /// `seq_assign(s, start, stop, value)`.
    pub static SEQ_ASSIGN: CallDescr = seq_descr(
        "seq_assign",
        RawFn::A4(never4),
        &[Kind::Ref, Kind::Int, Kind::Int, Kind::Ref],
        None,
        true,
        OopSpec::SeqAssign(&SEQ),
    );
    /// `seq_stage(s, start, stop)`.
    pub static SEQ_STAGE: CallDescr =
        seq_descr("seq_stage", RawFn::A3(never3), &[Kind::Ref, Kind::Int, Kind::Int], None, false, OopSpec::None);
    /// `seq_unstage()`.
    pub static SEQ_UNSTAGE: CallDescr =
        seq_descr("seq_unstage", RawFn::A0(never0), &[], Some(Kind::Ref), false, OopSpec::None);
    /// `seq_assign_staged(s, start, stop)`.
    pub static SEQ_ASSIGN_STAGED: CallDescr = seq_descr(
        "seq_assign_staged",
        RawFn::A3(never3),
        &[Kind::Ref, Kind::Int, Kind::Int],
        None,
        true,
        OopSpec::None,
    );

    /// Register the test strings' and sequences' descriptors.
    pub fn register(d: &mut Descrs) {
        d.add_layout(&STR).add_field(STR_LEN);
        d.add_call(&CONCAT).add_call(&SLICE).add_call(&EQUAL).add_call(&EQ_SLICE);
        for seq in [&SEQ_SLICE, &SEQ_ASSIGN, &SEQ_STAGE, &SEQ_UNSTAGE, &SEQ_ASSIGN_STAGED] {
            d.add_call(seq);
        }
    }

    const PASSES: &str = "all";

    #[test]
    fn the_length_of_a_concatenation_is_the_sum_of_its_parts() {
        check_opt(
            PASSES,
            "
            [r0, r1]
            r2 = call_r(r0, r1, descr=<Call str_concat>)
            r3 = call_r(r2, r0, descr=<Call str_concat>)
            i4 = getfield_gc_i(r3, descr=<Field Str.len>)
            finish(i4, descr=<Guard 0>) []
            ",
            "
            [r0, r1]
            i5 = getfield_gc_i(r0, descr=<Field Str.len>)
            i6 = getfield_gc_i(r1, descr=<Field Str.len>)
            i7 = int_add(i5, i6)
            i9 = int_add(i7, i5)
            finish(i9, descr=<Guard 0>) []
            ",
        );
    }

    #[test]
    fn the_length_of_a_slice_is_its_extent() {
        check_opt(
            PASSES,
            "
            [r0, i1, i2]
            r3 = call_r(r0, i1, i2, descr=<Call str_slice>)
            i4 = getfield_gc_i(r3, descr=<Field Str.len>)
            finish(i4, descr=<Guard 0>) []
            ",
            "
            [r0, i1, i2]
            i5 = int_sub(i2, i1)
            finish(i5, descr=<Guard 0>) []
            ",
        );
    }

    #[test]
    fn a_slice_compared_with_a_string_is_not_built() {
        check_opt(
            PASSES,
            "
            [r0, i1, r9]
            i2 = int_add(i1, 3)
            r3 = call_r(r0, i1, i2, descr=<Call str_slice>)
            i4 = ptr_eq(r3, r9)
            guard_false(i4, descr=<Guard 0>) [r3]
            i5 = call_pure_i(r3, r9, descr=<Call str_equal>)
            guard_true(i5, descr=<Guard 1>) [r3]
            finish(i5, descr=<Guard 2>) []
            ",
            "
            [r0, i1, r9]
            i2 = int_add(i1, 3)
            i10 = call_pure_i(r0, i1, i2, r9, descr=<Call str_eq_slice>)
            guard_true(i10, descr=<Guard 0>) [r0, i1, i2]
            finish(i10, descr=<Guard 1>) []
            ",
        );
    }

    #[test]
    fn a_slice_of_a_slice_slices_the_original() {
        check_opt(
            PASSES,
            "
            [r0, i1, i2]
            r3 = call_r(r0, i1, i2, descr=<Call str_slice>)
            r4 = call_r(r3, 1, 2, descr=<Call str_slice>)
            finish(r4, descr=<Guard 0>) []
            ",
            "
            [r0, i1, i2]
            i5 = int_add(i1, 1)
            i6 = int_add(i1, 2)
            r4 = call_r(r0, i5, i6, descr=<Call str_slice>)
            finish(r4, descr=<Guard 0>) []
            ",
        );
    }

    #[test]
    fn strings_of_different_known_lengths_differ() {
        check_opt(
            PASSES,
            "
            [r0, i1]
            r3 = call_r(r0, 0, 2, descr=<Call str_slice>)
            i4 = call_pure_i(r3, r3, descr=<Call str_equal>)
            r5 = call_r(r3, r3, descr=<Call str_concat>)
            i7 = ptr_ne(r5, r0)
            i8 = ptr_eq(r5, r5)
            i6 = call_pure_i(r5, r3, descr=<Call str_equal>)
            finish(i4, i6, i7, i8, descr=<Guard 0>) []
            ",
            "
            [r0, i1]
            finish(1, 0, 1, 1, descr=<Guard 0>) []
            ",
        );
    }

    #[test]
    fn escaping_strings_are_built_where_they_escape_parts_first() {
        check_opt(
            PASSES,
            "
            [r0, r1, i2]
            r3 = call_r(r0, r1, descr=<Call str_concat>)
            r4 = call_r(r3, r1, descr=<Call str_concat>)
            guard_true(i2, descr=<Guard 0>) [r4]
            r5 = call_r(r4, 0, 1, descr=<Call str_slice>)
            setfield_gc(r0, r4, descr=<Field Node.next>)
            i6 = call_pure_i(r5, r4, descr=<Call str_equal>)
            finish(i6, descr=<Guard 1>) []
            ",
            "
            [r0, r1, i2]
            guard_true(i2, descr=<Guard 0>) [r0, r1]
            r3 = call_r(r0, r1, descr=<Call str_concat>)
            r4 = call_r(r3, r1, descr=<Call str_concat>)
            i7 = call_pure_i(r4, 0, 1, r4, descr=<Call str_eq_slice>)
            setfield_gc(r0, r4, descr=<Field Node.next>)
            finish(i7, descr=<Guard 1>) []
            ",
        );
    }

    #[test]
    fn exits_describe_virtual_strings_as_calls() {
        let opt = optimize_text(
            PASSES,
            "
            [r0, r1, i2]
            r3 = call_r(r0, r1, descr=<Call str_concat>)
            r4 = call_r(r3, 0, i2, descr=<Call str_slice>)
            guard_true(i2, descr=<Guard 0>) [r3, r4, i2]
            finish(descr=<Guard 1>) []
            ",
        );
        let data = &opt.resume[0];
        // Saved values: r0, r1, the constant 0 and i2; virtuals: r3 (resume value 4), r4 (5).
        assert_eq!(opt.trace.ops[0].fail_args.len(), 4);
        assert_eq!(frame_fields(data), [4, 5, 3]);
        assert_eq!(data.virtuals.len(), 2);
        let VirtualObject::Call { descr, args } = &data.virtuals[0] else { panic!("{data:?}") };
        assert!(std::ptr::eq(*descr, &CONCAT));
        assert_eq!(args, &[0, 1]);
        let VirtualObject::Call { descr, args } = &data.virtuals[1] else { panic!("{data:?}") };
        assert!(std::ptr::eq(*descr, &SLICE));
        assert_eq!(args, &[4, 2, 3]);
    }

    #[test]
    fn loop_carried_strings_stay_virtual_across_the_back_edge() {
        // The preamble's string is carried as its parts; each iteration builds the previous
        // iteration's string (the left part of its own) and keeps its own virtual.
        check_opt(
            PASSES,
            "
            [r0, r1]
            label(r0, r1, descr=<Target 0>)
            r2 = call_r(r0, r1, descr=<Call str_concat>)
            jump(r2, r1, descr=<Target 0>)
            ",
            "
            [r0, r1]
            label(r0, r1, descr=<Target 0>)
            r3 = same_as_r(r1)
            label(r0, r1, r3, descr=<Target 99>)
            r4 = call_r(r0, r1, descr=<Call str_concat>)
            jump(r4, r3, r3, descr=<Target 99>)
            ",
        );
    }

    #[test]
    fn a_loop_carried_slice_is_never_built() {
        check_opt(
            PASSES,
            "
            [r0, i1, r2, r9]
            label(r0, i1, r2, r9, descr=<Target 0>)
            i3 = int_add(i1, 1)
            i4 = int_add(i1, 3)
            r5 = call_r(r0, i1, i4, descr=<Call str_slice>)
            i6 = call_pure_i(r5, r9, descr=<Call str_equal>)
            guard_false(i6, descr=<Guard 0>) [r0, i1, r5]
            jump(r0, i3, r5, r9, descr=<Target 0>)
            ",
            "
            [r0, i1, r2, r9]
            label(r0, i1, r2, r9, descr=<Target 0>)
            i3 = int_add(i1, 1)
            i4 = int_add(i1, 3)
            i10 = call_pure_i(r0, i1, i4, r9, descr=<Call str_eq_slice>)
            guard_false(i10, descr=<Guard 0>) [r0, i1, i4]
            r11 = same_as_r(r0)
            label(r0, i3, r11, i1, i4, r9, descr=<Target 99>)
            i13 = int_add(i3, 1)
            i14 = int_add(i3, 3)
            i17 = call_pure_i(r0, i3, i14, r9, descr=<Call str_eq_slice>)
            guard_false(i17, descr=<Guard 1>) [r0, i3, i14]
            jump(r0, i13, r0, i3, i14, r9, descr=<Target 99>)
            ",
        );
    }

    #[test]
    fn a_slice_assigned_from_a_slice_is_staged_not_built() {
        let opt = optimize_text(
            PASSES,
            "
            [r0, i1, i2]
            r3 = call_r(r0, i1, i2, descr=<Call seq_slice>)
            i4 = int_add_ovf(i1, 1)
            guard_no_overflow(descr=<Guard 0>) [r3]
            call_n(r0, 0, i4, r3, descr=<Call seq_assign>)
            guard_no_exception(descr=<Guard 1>) [r3]
            finish(descr=<Guard 2>) []
            ",
        );
        crate::optimizeopt::tests::assert_trace(
            &opt.trace,
            "
            [r0, i1, i2]
            i4 = int_add_ovf(i1, 1)
            guard_no_overflow(descr=<Guard 0>) [r0, i1, i2]
            call_n(r0, i1, i2, descr=<Call seq_stage>)
            call_n(r0, 0, i4, descr=<Call seq_assign_staged>)
            guard_no_exception(descr=<Guard 1>) []
            finish(descr=<Guard 2>) []
            ",
        );
        // Before the assignment the slice is its call; after it, the staged items.
        let VirtualObject::Call { descr, args } = &opt.resume[0].virtuals[0] else { panic!("{:?}", opt.resume[0]) };
        assert!(std::ptr::eq(*descr, &SEQ_SLICE));
        assert_eq!(args, &[0, 1, 2]);
        let VirtualObject::Call { descr, args } = &opt.resume[1].virtuals[0] else { panic!("{:?}", opt.resume[1]) };
        assert!(std::ptr::eq(*descr, &SEQ_UNSTAGE));
        assert!(args.is_empty());
    }

    #[test]
    fn a_lazy_slice_is_built_before_a_store_and_a_staged_one_before_a_call() {
        check_opt(
            PASSES,
            "
            [r0, r1, i2]
            r3 = call_r(r0, 0, i2, descr=<Call seq_slice>)
            r4 = call_r(r0, 1, i2, descr=<Call seq_slice>)
            call_n(r1, 0, 1, r4, descr=<Call seq_assign>)
            guard_no_exception(descr=<Guard 0>) []
            setfield_gc(r0, i2, descr=<Field Node.value>)
            call_n(r0, descr=<Call touch>)
            finish(r3, r4, descr=<Guard 1>) []
            ",
            "
            [r0, r1, i2]
            r3 = call_r(r0, 0, i2, descr=<Call seq_slice>)
            call_n(r0, 1, i2, descr=<Call seq_stage>)
            call_n(r1, 0, 1, descr=<Call seq_assign_staged>)
            guard_no_exception(descr=<Guard 0>) []
            setfield_gc(r0, i2, descr=<Field Node.value>)
            r4 = call_r(descr=<Call seq_unstage>)
            call_n(r0, descr=<Call touch>)
            finish(r3, r4, descr=<Guard 1>) []
            ",
        );
    }
}

//! The domain API: the vocabulary in which interpreters are written so that one body of code can
//! execute ([`Concrete`]), trace (the tracer's domain in `crate::trace`) and replay (the resume
//! domain in `crate::resume`).
//!
//! Interpreter code is generic over `D: Domain<Lang = MyLanguage>`. Values are `D::Int`, `D::Float`
//! and `D::Ref`; every operation on them is a method of the domain. Control flow that depends on a
//! runtime value goes through [`Domain::branch`] (a guard in a trace); values that the interpreter
//! needs as plain Rust values go through `promote_*` (a `guard_value` and a constant in a trace).
//!
//! **Determinism contract.** Every input of domain code that can change over time arrives through a
//! domain operation: no reads of statics, thread-locals, clocks or hash-map iteration order except
//! inside residual functions (see [`crate::call`]). Immutable data reachable from the greens (a code
//! object's bytecode) may be read directly. This is what makes replay exact.
//!
//! **The state at a merge point** is the greens plus the frame's virtualizable fields
//! ([`Virtualizable`]): nothing held in Rust locals of type `D::Int`/`D::Ref` may survive from one
//! opcode to the next.

pub mod concrete;
pub mod eval;

pub use concrete::Concrete;

use crate::call::CallDescr;
use metatrace_gc::{ArrayDescr, FieldDescr, GcRef, Layout};
use std::fmt::Debug;
use std::hash::Hash;

/// Implemented by an interpreter: what identifies a position in the user program, which fields of
/// its frame the JIT keeps in registers, and the portal (the function that runs a frame).
pub trait Language: Sized + 'static {
    /// The green variables: a position in the user program (for example a code object and a pc).
    /// Constant within a trace; loops are keyed by them.
    type Greens: Copy + Eq + Hash + Debug + 'static;

    /// The frame's fields that live in registers in compiled code.
    fn virtualizable() -> &'static Virtualizable;

    /// Run `frame` from position `greens` until it returns or raises. Its dispatch loop calls
    /// [`Domain::merge_point`] at the top of each opcode and [`Domain::can_enter_jit`] after each
    /// backward jump, propagating their `Err` with `?`.
    fn portal<D: Domain<Lang = Self>>(d: &mut D, greens: Self::Greens, frame: D::Ref) -> PortalResult<D>;

    /// Whether the `MayForce` residual call `call` (the portal runner, or one of the
    /// interpreter's) may change the virtualizable state of the running frames, so that the
    /// tracer must read every frame of the inline stack again after it. True by default (the safe
    /// answer). False promises that the call writes no virtualizable field or array item of a
    /// running frame, but for slots that the frame writes before it reads them again; the tracer
    /// then keeps the frames' values in its shadows across the call.
    fn reload_frames_after(call: &'static CallDescr) -> bool {
        let _ = call;
        true
    }

    /// Whether objects of `layout` are values: immutable, and where the language compares
    /// identity it compares them by their contents (ripy's `int` and `float`, as PyPy's). A trace
    /// that enters a peeled loop may then pass such an object, by its fields, where the loop
    /// carries a virtual of that layout; an exit of the loop builds an equal object. None are by
    /// default.
    fn value_layout(layout: &Layout) -> bool {
        let _ = layout;
        false
    }

    /// Whether two positions are in the same function (the tracer's recursion limit,
    /// `max_unroll_recursion`, counts the frames of the inline stack that run the callee's
    /// function). By default only equal positions are.
    fn same_function(a: &Self::Greens, b: &Self::Greens) -> bool {
        a == b
    }

    /// How many frames of the inline stack may already run the function of `greens` (see
    /// [`Language::same_function`]) for a portal call at `greens` to be inlined, given the
    /// `max_unroll_recursion` parameter. By default that parameter; an interpreter may inline
    /// less where unrolling recursion specializes a trace on state that changes on every call
    /// (ripy: the resume points of a recursive generator's chain).
    fn max_unroll_recursion(greens: &Self::Greens, max_unroll_recursion: usize) -> usize {
        let _ = greens;
        max_unroll_recursion
    }

    /// Whether a trace unrolls the loop whose header is `greens`, in an inlined frame, for up to
    /// `unroll_loops` iterations (see [`crate::params::JitParams::unroll_loops`]) rather than
    /// one: loops that usually run a few iterations through few paths, whose frame then stays
    /// virtual. Unrolling other loops (go's loops over a point's neighbours) gives every unrolled
    /// iteration its own data-dependent guards, each of which grows bridges. By default none.
    fn unrolls_loop(greens: &Self::Greens) -> bool {
        let _ = greens;
        false
    }

    /// Whether a bridge inlines a portal call at `greens` (else it calls the portal runner, which
    /// enters the callee's function trace). True by default. A language may say no for callees
    /// that a bridge would unroll item by item, each copy with its own data-dependent guards
    /// that grow more bridges, when one function trace shared by every caller serves them
    /// (ripy: the resumptions of a generator).
    fn inlines_into_bridges(greens: &Self::Greens) -> bool {
        let _ = greens;
        true
    }

    /// A short human-readable description of a position, for the JIT log.
    fn describe(greens: &Self::Greens) -> String {
        format!("{greens:?}")
    }
}

/// Which fields of the frame object are virtualizable: scalar fields, and optionally one array of
/// fixed length per frame (locals and value stack), reached through a reference field of the frame.
#[derive(Debug)]
pub struct Virtualizable {
    /// Scalar fields of the frame kept in registers.
    pub fields: &'static [FieldDescr],
    /// The frame's array of locals and stack slots, if any.
    pub array: Option<VirtualizableArray>,
    /// The frame's token field (PyPy's `vable_token`), an integer field that is 0 except while
    /// compiled code that holds the frame's state in registers is suspended in a residual call
    /// that may force (`call_may_force`, `call_assembler`): it then holds that code's
    /// `force_token`, and the frame object's virtualizable fields and items are stale. Native
    /// code that reads them from a frame that is not running in the interpreter calls
    /// [`crate::jit::force_virtualizable`] first. Without a token field the tracer writes every
    /// frame back before each such call instead.
    pub token: Option<FieldDescr>,
    /// The frame's escape field, an integer field that the language sets to non-zero once
    /// something that may outlive the frame's run can reach the frame (a traceback, a captured
    /// frame object, a generator that resumes it later). While it is 0, nothing reads the
    /// virtualizable state of a frame that returned, so a trace writes none of it back when the
    /// frame returns, behind a guard that the field is still 0 (its exit resumes the return and
    /// writes the frame back). Without an escape field every returning frame is written back.
    pub escaped: Option<FieldDescr>,
}

/// The array part of a virtualizable frame.
#[derive(Debug)]
pub struct VirtualizableArray {
    /// The frame's reference field that points at the array (never reassigned during a frame's life).
    pub field: FieldDescr,
    /// The array's items.
    pub items: ArrayDescr,
}

/// Why a portal stops other than by returning normally.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Leave<R> {
    /// The frame raised this exception.
    Raise(R),
    /// The JIT ran the frame to its end and it returned this value: return it.
    Return(R),
    /// The domain asks the portal to stop at this merge point (the tracer closed or gave up a
    /// trace, or replay reached the end of the resumed opcode). Only a driver sees this.
    Stop,
}

/// What a portal returns: `Ok(value)`, or why it left early.
pub type PortalResult<D> = Result<<D as Domain>::Ref, Leave<<D as Domain>::Ref>>;

/// A domain value of any kind: the arguments and results of residual calls.
pub enum Val<D: Domain> {
    /// An integer.
    Int(D::Int),
    /// A float.
    Float(D::Float),
    /// A reference.
    Ref(D::Ref),
}

impl<D: Domain> Clone for Val<D> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<D: Domain> Copy for Val<D> {}

impl<D: Domain> Debug for Val<D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Val::Int(v) => write!(f, "Int({v:?})"),
            Val::Float(v) => write!(f, "Float({v:?})"),
            Val::Ref(v) => write!(f, "Ref({v:?})"),
        }
    }
}

/// Binary integer operations; comparisons give 0 or 1.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum IntOp {
    /// Wrapping addition.
    Add,
    /// Wrapping subtraction.
    Sub,
    /// Wrapping multiplication.
    Mul,
    /// Division truncating toward zero (C's, as PyPy's `int_floordiv`). The divisor must not be 0,
    /// and the pair must not be (i64::MIN, -1): interpreters check first.
    FloorDiv,
    /// Remainder with the sign of the dividend (C's). Same precondition as `FloorDiv`.
    Mod,
    /// Bitwise and.
    And,
    /// Bitwise or.
    Or,
    /// Bitwise xor.
    Xor,
    /// Left shift; the count must be in 0..64.
    Lshift,
    /// Arithmetic right shift; the count must be in 0..64.
    Rshift,
    /// Logical right shift; the count must be in 0..64.
    UintRshift,
    /// Signed less-than.
    Lt,
    /// Signed less-or-equal.
    Le,
    /// Equality.
    Eq,
    /// Inequality.
    Ne,
    /// Signed greater-than.
    Gt,
    /// Signed greater-or-equal.
    Ge,
    /// Unsigned less-than.
    UintLt,
    /// Unsigned greater-or-equal.
    UintGe,
}

/// Unary integer operations.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum IntUnary {
    /// Wrapping negation.
    Neg,
    /// Bitwise not.
    Invert,
    /// 1 if non-zero, else 0.
    IsTrue,
    /// 1 if zero, else 0.
    IsZero,
}

/// Integer operations that detect overflow.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum OvfOp {
    /// Addition.
    Add,
    /// Subtraction.
    Sub,
    /// Multiplication.
    Mul,
}

/// Binary float operations.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum FloatOp {
    /// Addition.
    Add,
    /// Subtraction.
    Sub,
    /// Multiplication.
    Mul,
    /// IEEE division (by zero gives an infinity or NaN: interpreters check first if they must raise).
    TrueDiv,
}

/// Unary float operations.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum FloatUnary {
    /// Negation.
    Neg,
    /// Absolute value.
    Abs,
    /// Square root (IEEE: correctly rounded, NaN for negative operands but -0.0).
    Sqrt,
}

/// Float comparisons (IEEE: every comparison with NaN is false but `Ne`).
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum FloatCmp {
    /// Less-than.
    Lt,
    /// Less-or-equal.
    Le,
    /// Equal.
    Eq,
    /// Not equal.
    Ne,
    /// Greater-than.
    Gt,
    /// Greater-or-equal.
    Ge,
}

/// The operations interpreter code is written in. See the module documentation.
pub trait Domain: Sized {
    /// The interpreter this domain runs.
    type Lang: Language;
    /// A machine integer.
    type Int: Copy + Debug;
    /// A double.
    type Float: Copy + Debug;
    /// A GC reference (possibly null).
    type Ref: Copy + Debug;
    /// True only for the domain that just executes ([`Concrete`](crate::domain::Concrete)):
    /// interpreter code may then consult caches of its own (known at compile time, so the other
    /// domains compile without them). Such caches must only speed up what the domain code would
    /// compute anyway.
    const CONCRETE: bool = false;

    /// An integer constant.
    fn const_int(&mut self, v: i64) -> Self::Int;
    /// A float constant.
    fn const_float(&mut self, v: f64) -> Self::Float;
    /// A reference constant.
    fn const_ref(&mut self, v: GcRef) -> Self::Ref;

    /// A binary integer operation.
    fn int_op(&mut self, op: IntOp, a: Self::Int, b: Self::Int) -> Self::Int;
    /// A unary integer operation.
    fn int_unary(&mut self, op: IntUnary, a: Self::Int) -> Self::Int;
    /// An integer operation that reports overflow as `None` (a `guard_no_overflow` in a trace).
    fn int_ovf(&mut self, op: OvfOp, a: Self::Int, b: Self::Int) -> Option<Self::Int>;
    /// A binary float operation.
    fn float_op(&mut self, op: FloatOp, a: Self::Float, b: Self::Float) -> Self::Float;
    /// A unary float operation.
    fn float_unary(&mut self, op: FloatUnary, a: Self::Float) -> Self::Float;
    /// A float comparison, giving 0 or 1.
    fn float_cmp(&mut self, op: FloatCmp, a: Self::Float, b: Self::Float) -> Self::Int;
    /// Exact conversion of an integer to the nearest double.
    fn int_to_float(&mut self, a: Self::Int) -> Self::Float;
    /// Truncation of a double toward zero; NaN and out-of-range values give `i64::MIN` (as x86's
    /// `cvttsd2si` does).
    fn float_to_int(&mut self, a: Self::Float) -> Self::Int;
    /// Reference identity, giving 0 or 1.
    fn ptr_eq(&mut self, a: Self::Ref, b: Self::Ref) -> Self::Int;

    /// Control flow on a runtime value: true when `c` is non-zero (a guard in a trace).
    fn branch(&mut self, c: Self::Int) -> bool;
    /// The concrete value of `v`, which becomes a constant (a `guard_value` in a trace).
    fn promote_int(&mut self, v: Self::Int) -> i64;
    /// The concrete reference `v`, which becomes a constant (a `guard_value` in a trace).
    fn promote_ref(&mut self, v: Self::Ref) -> GcRef;
    /// The layout of a non-null object, which becomes a constant (a `guard_class` in a trace).
    fn layout_of(&mut self, obj: Self::Ref) -> &'static Layout;
    /// True when `r` is null (a `guard_isnull` or `guard_nonnull` in a trace).
    fn is_null(&mut self, r: Self::Ref) -> bool;

    /// Read an integer field.
    fn get_int(&mut self, obj: Self::Ref, f: &FieldDescr) -> Self::Int;
    /// Read a float field.
    fn get_float(&mut self, obj: Self::Ref, f: &FieldDescr) -> Self::Float;
    /// Read a reference field.
    fn get_ref(&mut self, obj: Self::Ref, f: &FieldDescr) -> Self::Ref;
    /// Write an integer field.
    fn set_int(&mut self, obj: Self::Ref, f: &FieldDescr, v: Self::Int);
    /// Write a float field.
    fn set_float(&mut self, obj: Self::Ref, f: &FieldDescr, v: Self::Float);
    /// Write a reference field.
    fn set_ref(&mut self, obj: Self::Ref, f: &FieldDescr, v: Self::Ref);
    /// The length of an array-like object.
    fn array_len(&mut self, arr: Self::Ref, a: &ArrayDescr) -> Self::Int;
    /// Read an integer item (the index must be in bounds).
    fn get_item_int(&mut self, arr: Self::Ref, a: &ArrayDescr, i: Self::Int) -> Self::Int;
    /// Read a float item.
    fn get_item_float(&mut self, arr: Self::Ref, a: &ArrayDescr, i: Self::Int) -> Self::Float;
    /// Read a reference item.
    fn get_item_ref(&mut self, arr: Self::Ref, a: &ArrayDescr, i: Self::Int) -> Self::Ref;
    /// Write an integer item.
    fn set_item_int(&mut self, arr: Self::Ref, a: &ArrayDescr, i: Self::Int, v: Self::Int);
    /// Write a float item.
    fn set_item_float(&mut self, arr: Self::Ref, a: &ArrayDescr, i: Self::Int, v: Self::Float);
    /// Write a reference item.
    fn set_item_ref(&mut self, arr: Self::Ref, a: &ArrayDescr, i: Self::Int, v: Self::Ref);
    /// Allocate a zeroed object of a fixed-size layout.
    fn new(&mut self, layout: &'static Layout) -> Self::Ref;
    /// Allocate a zeroed array-like object with `len` items (`len` must not be negative).
    fn new_array(&mut self, layout: &'static Layout, len: Self::Int) -> Self::Ref;
    /// A box: a new object of a fixed-size layout whose immutable integer field `f` holds `v`
    /// (its other fields zero). Interpreter code must not rely on a box's identity: the tracer
    /// gives the box it made before for the same value (a value read again from an unchanged
    /// place is the same trace value), so that a trace records no allocation for it again.
    /// By default `new` and `set_int`, the events that replay answers.
    fn new_int_box(&mut self, layout: &'static Layout, f: &FieldDescr, v: Self::Int) -> Self::Ref {
        let r = self.new(layout);
        self.set_int(r, f, v);
        r
    }
    /// A box of a float, as [`Domain::new_int_box`].
    fn new_float_box(&mut self, layout: &'static Layout, f: &FieldDescr, v: Self::Float) -> Self::Ref {
        let r = self.new(layout);
        self.set_float(r, f, v);
        r
    }

    /// A virtual reference to `obj` (see [`crate::vref`]): what interpreter code stores where
    /// native code may look for `obj` while `obj`'s activation runs (a callee frame's `back`),
    /// without making `obj` escape in compiled code. Native code reads through it with
    /// [`crate::vref::force_virtual_ref`]. The concrete domain gives `obj` itself.
    fn virtual_ref(&mut self, obj: Self::Ref) -> Self::Ref;
    /// The end of the activation of `obj`, whose virtual reference `vref` is. Native code must not
    /// read through `vref` after this unless it resolved it before, while `obj` was running (a
    /// lazy implementation may not find `obj` any more).
    fn virtual_ref_finish(&mut self, vref: Self::Ref, obj: Self::Ref);

    /// Call a residual function. `Err` carries the exception it raised (only if `f.can_raise`).
    /// The result is `None` for functions without a result.
    fn call(&mut self, f: &'static CallDescr, args: &[Val<Self>]) -> Result<Option<Val<Self>>, Self::Ref>;

    /// Run another frame of the interpreter (a call in the user program): `Ok(result)` or
    /// `Err(exception)`. The tracer inlines it.
    fn portal_call(
        &mut self,
        greens: <Self::Lang as Language>::Greens,
        frame: Self::Ref,
    ) -> Result<Self::Ref, Self::Ref>;

    /// The hint at the top of the dispatch loop.
    fn merge_point(
        &mut self,
        greens: &<Self::Lang as Language>::Greens,
        frame: Self::Ref,
    ) -> Result<(), Leave<Self::Ref>>;

    /// The hint after a backward jump, before the next merge point at `greens`. The JIT may run
    /// compiled code here and come back at another position, which it writes into `greens` (the
    /// frame is the same, its fields updated).
    fn can_enter_jit(
        &mut self,
        greens: &mut <Self::Lang as Language>::Greens,
        frame: Self::Ref,
    ) -> Result<(), Leave<Self::Ref>>;
}

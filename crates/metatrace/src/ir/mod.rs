//! The trace IR: a linear SSA list of operations over typed values, as in PyPy's resoperation.
//!
//! A [`Trace`] has input arguments and operations. Each operation may define one [`Var`] (an int, a
//! ref or a float); operands are [`Arg`]s: variables or constants. Guards carry the list of values
//! that are live at their exit (`fail_args`) and a [`Descr::Guard`] naming their resume data. A loop
//! starts with a `label` whose arguments are its loop-carried variables and ends with a `jump` to a
//! label; a bridge starts from a guard's fail args and ends with a `jump` to a loop's label.
//!
//! `call_assembler(id, frame, cell, inputs...)` (descr: a `CallDescr` of three arguments, `(code,
//! id, frame)`) runs the function trace compiled for the greens numbered `id` on `frame`, like a
//! call of that descriptor with `code` = [`NO_EXIT`] (which runs the portal as the driver would).
//! `cell` is the address of a word holding the callee's entry record (see
//! `backend::EntryRecord`, 0 when there is none) and `inputs` are the callee's entry values, read
//! from `frame`: a backend may enter the callee's code directly with them and call the descriptor
//! only with the code of an exit that did not return (PyPy's `call_assembler` and
//! `assembler_helper`).
//!
//! `r = virtual_ref(obj)` makes a virtual reference to `obj` and `virtual_ref_finish(r, obj)` ends
//! its use (see [`crate::vref`]); both are lowered before a trace reaches a backend.
//!
//! The text form (module [`text`]) prints and parses this structure, so traces in logs and tests
//! read like PyPy's: `i3 = int_add(i1, i2)`, `guard_true(i4, descr=<Guard 0>) [i1, r0]`.

pub mod interp;
pub mod text;
pub mod varmap;

use crate::call::CallDescr;
use metatrace_gc::{ArrayDescr, FieldDescr, GcRef, Kind, Layout};

/// The exit code with which a `call_assembler`'s descriptor runs the callee from its start.
pub const NO_EXIT: u64 = u64::MAX;

/// Index of a variable inside one trace.
pub type VarId = u32;

/// A variable: its number and its kind.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub struct Var {
    /// Unique within its trace.
    pub id: VarId,
    /// int, ref or float.
    pub kind: Kind,
}

/// An operand: a variable or a constant.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub enum Arg {
    /// A variable defined by an input argument or an earlier operation.
    Var(Var),
    /// An integer constant.
    Int(i64),
    /// A float constant, kept as its bit pattern so that `Arg` is `Eq` and `Hash`.
    Float(u64),
    /// A reference constant.
    Ref(GcRef),
}

impl Arg {
    /// A float constant.
    pub fn float(v: f64) -> Arg {
        Arg::Float(v.to_bits())
    }

    /// The kind of the value.
    pub fn kind(&self) -> Kind {
        match self {
            Arg::Var(v) => v.kind,
            Arg::Int(_) => Kind::Int,
            Arg::Float(_) => Kind::Float,
            Arg::Ref(_) => Kind::Ref,
        }
    }

    /// The constant's 64-bit pattern (ints as two's complement, floats as bits, refs as addresses),
    /// or `None` for a variable.
    pub fn const_bits(&self) -> Option<u64> {
        match *self {
            Arg::Var(_) => None,
            Arg::Int(v) => Some(v as u64),
            Arg::Float(b) => Some(b),
            Arg::Ref(r) => Some(r.addr() as u64),
        }
    }

    /// The variable, if this operand is one.
    pub fn var(&self) -> Option<Var> {
        match *self {
            Arg::Var(v) => Some(v),
            _ => None,
        }
    }
}

/// Extra information attached to an operation.
#[derive(Copy, Clone, PartialEq, Debug)]
pub enum Descr {
    /// A field of a heap object (getfield, setfield).
    Field(FieldDescr),
    /// The items of an array-like object (getarrayitem, setarrayitem, arraylen).
    Array(ArrayDescr),
    /// A layout (new, new_array). `guard_class` takes the layout's address as an int constant.
    Layout(&'static Layout),
    /// A residual function (the call family).
    Call(&'static CallDescr),
    /// The resume data of a guard or finish, by index in its trace's resume table.
    Guard(u32),
    /// A loop label, by its global target number (label, jump).
    Target(u32),
    /// A free-form note (debug_merge_point: the interpreter position).
    Note(&'static str),
}

macro_rules! opcodes {
    ($($variant:ident = $name:literal : $class:ident,)*) => {
        /// Every operation of the IR. The text name is PyPy's; operations whose result kind varies
        /// (calls, field and item loads) get an `_i`, `_r`, `_f` or `_n` suffix in text.
        #[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
        pub enum Opcode {
            $(#[doc = $name] $variant,)*
        }

        impl Opcode {
            /// All opcodes, in declaration order.
            pub const ALL: &'static [Opcode] = &[$(Opcode::$variant,)*];

            /// The text name, without a kind suffix.
            pub fn name(self) -> &'static str {
                match self { $(Opcode::$variant => $name,)* }
            }

            /// What the operation is, for the passes and the backend.
            pub fn class(self) -> OpClass {
                match self { $(Opcode::$variant => OpClass::$class,)* }
            }
        }
    };
}

/// Broad classes of operations.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum OpClass {
    /// No side effect, result depends only on operands: may be folded, CSE'd or removed.
    Pure,
    /// Reads the heap.
    Read,
    /// Writes the heap.
    Write,
    /// Allocates.
    Alloc,
    /// Calls a residual function (effects from its descriptor).
    Call,
    /// Exits the trace when its condition does not hold.
    Guard,
    /// Control flow and notes: label, jump, finish, debug_merge_point.
    Control,
}

opcodes! {
    IntAdd = "int_add": Pure,
    IntSub = "int_sub": Pure,
    IntMul = "int_mul": Pure,
    IntFloorDiv = "int_floordiv": Pure,
    IntMod = "int_mod": Pure,
    IntAnd = "int_and": Pure,
    IntOr = "int_or": Pure,
    IntXor = "int_xor": Pure,
    IntLshift = "int_lshift": Pure,
    IntRshift = "int_rshift": Pure,
    UintRshift = "uint_rshift": Pure,
    IntNeg = "int_neg": Pure,
    IntInvert = "int_invert": Pure,
    IntLt = "int_lt": Pure,
    IntLe = "int_le": Pure,
    IntEq = "int_eq": Pure,
    IntNe = "int_ne": Pure,
    IntGt = "int_gt": Pure,
    IntGe = "int_ge": Pure,
    UintLt = "uint_lt": Pure,
    UintGe = "uint_ge": Pure,
    IntIsTrue = "int_is_true": Pure,
    IntIsZero = "int_is_zero": Pure,
    IntAddOvf = "int_add_ovf": Pure,
    IntSubOvf = "int_sub_ovf": Pure,
    IntMulOvf = "int_mul_ovf": Pure,
    FloatAdd = "float_add": Pure,
    FloatSub = "float_sub": Pure,
    FloatMul = "float_mul": Pure,
    FloatTrueDiv = "float_truediv": Pure,
    FloatNeg = "float_neg": Pure,
    FloatAbs = "float_abs": Pure,
    FloatSqrt = "float_sqrt": Pure,
    FloatLt = "float_lt": Pure,
    FloatLe = "float_le": Pure,
    FloatEq = "float_eq": Pure,
    FloatNe = "float_ne": Pure,
    FloatGt = "float_gt": Pure,
    FloatGe = "float_ge": Pure,
    CastIntToFloat = "cast_int_to_float": Pure,
    CastFloatToInt = "cast_float_to_int": Pure,
    PtrEq = "ptr_eq": Pure,
    PtrNe = "ptr_ne": Pure,
    SameAs = "same_as": Pure,
    Getfield = "getfield_gc": Read,
    Getarrayitem = "getarrayitem_gc": Read,
    Arraylen = "arraylen_gc": Read,
    Setfield = "setfield_gc": Write,
    Setarrayitem = "setarrayitem_gc": Write,
    New = "new": Alloc,
    NewArray = "new_array": Alloc,
    VirtualRef = "virtual_ref": Alloc,
    Call = "call": Call,
    CallPure = "call_pure": Call,
    CallMayForce = "call_may_force": Call,
    CallAssembler = "call_assembler": Call,
    GuardTrue = "guard_true": Guard,
    GuardFalse = "guard_false": Guard,
    GuardValue = "guard_value": Guard,
    GuardClass = "guard_class": Guard,
    GuardNonnullClass = "guard_nonnull_class": Guard,
    GuardNonnull = "guard_nonnull": Guard,
    GuardIsnull = "guard_isnull": Guard,
    GuardNoException = "guard_no_exception": Guard,
    GuardException = "guard_exception": Guard,
    GuardNoOverflow = "guard_no_overflow": Guard,
    GuardOverflow = "guard_overflow": Guard,
    GuardNotInvalidated = "guard_not_invalidated": Guard,
    GuardNotForced = "guard_not_forced": Guard,
    Label = "label": Control,
    Jump = "jump": Control,
    Finish = "finish": Control,
    DebugMergePoint = "debug_merge_point": Control,
    QuasiimmutField = "quasiimmut_field": Control,
    ForceToken = "force_token": Control,
    VirtualRefFinish = "virtual_ref_finish": Control,
}

impl Opcode {
    /// True for operations whose text name takes a result-kind suffix (`_i`, `_r`, `_f`, `_n`).
    pub fn has_kind_suffix(self) -> bool {
        matches!(
            self,
            Opcode::Getfield
                | Opcode::Getarrayitem
                | Opcode::Call
                | Opcode::CallPure
                | Opcode::CallMayForce
                | Opcode::CallAssembler
                | Opcode::SameAs
        )
    }

    /// True for guards and `finish`: the operations that leave the trace and need resume data.
    pub fn is_exit(self) -> bool {
        self.class() == OpClass::Guard || self == Opcode::Finish
    }

    /// The result kind of operations whose result kind is fixed by the opcode (comparisons give
    /// ints, float arithmetic gives floats, ...). `None` for operations without a result and for
    /// those whose result kind comes from a descriptor or a suffix.
    pub fn fixed_result(self) -> Option<Kind> {
        use Opcode::*;
        match self {
            FloatAdd | FloatSub | FloatMul | FloatTrueDiv | FloatNeg | FloatAbs | FloatSqrt | CastIntToFloat => {
                Some(Kind::Float)
            }
            New | NewArray | VirtualRef => Some(Kind::Ref),
            GuardException => Some(Kind::Ref),
            _ if self.class() == OpClass::Pure && self != SameAs => Some(Kind::Int),
            Arraylen | ForceToken => Some(Kind::Int),
            _ => None,
        }
    }
}

/// One operation.
#[derive(Clone, PartialEq, Debug)]
pub struct Op {
    /// What it does.
    pub opcode: Opcode,
    /// Its operands.
    pub args: Vec<Arg>,
    /// The variable it defines, if any.
    pub result: Option<Var>,
    /// Its descriptor, if any.
    pub descr: Option<Descr>,
    /// For guards and finish: the values to save when the trace exits here.
    pub fail_args: Vec<Arg>,
}

impl Op {
    /// An operation without descriptor or fail args.
    pub fn new(opcode: Opcode, args: Vec<Arg>, result: Option<Var>) -> Op {
        Op { opcode, args, result, descr: None, fail_args: Vec::new() }
    }

    /// The resume-data index of a guard or finish.
    pub fn guard_index(&self) -> Option<u32> {
        match self.descr {
            Some(Descr::Guard(g)) => Some(g),
            _ => None,
        }
    }
}

/// A trace: input arguments and a list of operations.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Trace {
    /// The values the trace starts with (a loop's are also its first label's arguments; a bridge's
    /// are its guard's fail args, in order).
    pub inputargs: Vec<Var>,
    /// The operations, in execution order.
    pub ops: Vec<Op>,
    /// The next unused variable number.
    pub next_var: VarId,
}

impl Trace {
    /// A new variable of the given kind.
    pub fn new_var(&mut self, kind: Kind) -> Var {
        let v = Var { id: self.next_var, kind };
        self.next_var += 1;
        v
    }

    /// Append an input argument of the given kind.
    pub fn add_input(&mut self, kind: Kind) -> Var {
        let v = self.new_var(kind);
        self.inputargs.push(v);
        v
    }

    /// Append an operation that defines a result of `kind` (or none) and return the result.
    pub fn push(&mut self, opcode: Opcode, args: Vec<Arg>, kind: Option<Kind>, descr: Option<Descr>) -> Option<Var> {
        let result = kind.map(|k| self.new_var(k));
        self.ops.push(Op { opcode, args, result, descr, fail_args: Vec::new() });
        result
    }

    /// Number of guards and finishes (the exits) in the trace.
    pub fn exit_count(&self) -> usize {
        self.ops.iter().filter(|op| op.opcode.is_exit()).count()
    }
}

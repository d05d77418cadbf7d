//! Helpers shared by the backend tests: a trace builder, edge values and a small PRNG.

#![allow(dead_code)]

use metatrace::domain::{eval, FloatCmp, FloatOp, FloatUnary, IntOp, IntUnary, OvfOp};
use metatrace::gc::Kind;
use metatrace::ir::{Arg, Descr, Op, Opcode, Trace, Var};
use std::sync::atomic::{AtomicU32, Ordering};

/// A label target number no other test uses.
pub fn fresh_target() -> u32 {
    static NEXT: AtomicU32 = AtomicU32::new(1000);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Builds a trace op by op, numbering exits in order.
#[derive(Default)]
pub struct Builder {
    pub trace: Trace,
    next_guard: u32,
}

/// A variable as an operand.
pub fn v(var: Var) -> Arg {
    Arg::Var(var)
}

impl Builder {
    pub fn new() -> Builder {
        Builder::default()
    }

    pub fn input(&mut self, kind: Kind) -> Var {
        self.trace.add_input(kind)
    }

    pub fn inputs(&mut self, kinds: &[Kind]) -> Vec<Var> {
        kinds.iter().map(|&k| self.input(k)).collect()
    }

    /// An operation with a result of `kind` and an optional descriptor.
    pub fn op_descr(&mut self, opcode: Opcode, args: &[Arg], kind: Option<Kind>, descr: Option<Descr>) -> Option<Var> {
        self.trace.push(opcode, args.to_vec(), kind, descr)
    }

    /// An operation defining an int.
    pub fn int(&mut self, opcode: Opcode, args: &[Arg]) -> Var {
        self.op_descr(opcode, args, Some(Kind::Int), None).unwrap()
    }

    /// An operation defining a float.
    pub fn float(&mut self, opcode: Opcode, args: &[Arg]) -> Var {
        self.op_descr(opcode, args, Some(Kind::Float), None).unwrap()
    }

    /// An operation defining a value of `kind` with a descriptor.
    pub fn with(&mut self, opcode: Opcode, args: &[Arg], kind: Kind, descr: Descr) -> Var {
        self.op_descr(opcode, args, Some(kind), Some(descr)).unwrap()
    }

    /// An operation without result, with a descriptor.
    pub fn effect(&mut self, opcode: Opcode, args: &[Arg], descr: Descr) {
        self.op_descr(opcode, args, None, Some(descr));
    }

    fn exit(&mut self, opcode: Opcode, args: &[Arg], result: Option<Kind>, fail: &[Arg]) -> (u32, Option<Var>) {
        let g = self.next_guard;
        self.next_guard += 1;
        let r = self.trace.push(opcode, args.to_vec(), result, Some(Descr::Guard(g)));
        self.trace.ops.last_mut().unwrap().fail_args = fail.to_vec();
        (g, r)
    }

    /// A guard; returns its resume index.
    pub fn guard(&mut self, opcode: Opcode, args: &[Arg], fail: &[Arg]) -> u32 {
        self.exit(opcode, args, None, fail).0
    }

    /// `r = guard_exception() [fail]`.
    pub fn guard_exception(&mut self, fail: &[Arg]) -> (u32, Var) {
        let (g, r) = self.exit(Opcode::GuardException, &[], Some(Kind::Ref), fail);
        (g, r.unwrap())
    }

    /// `finish() [fail]`; returns its resume index.
    pub fn finish(&mut self, fail: &[Arg]) -> u32 {
        self.exit(Opcode::Finish, &[], None, fail).0
    }

    /// `label(args, descr=Target(t))`.
    pub fn label(&mut self, args: &[Var], t: u32) {
        let args = args.iter().map(|&a| v(a)).collect();
        self.trace.ops.push(Op {
            opcode: Opcode::Label,
            args,
            result: None,
            descr: Some(Descr::Target(t)),
            fail_args: vec![],
        });
    }

    /// The label of all input args, as a loop starts.
    pub fn loop_label(&mut self, t: u32) {
        let inputs = self.trace.inputargs.clone();
        self.label(&inputs, t);
    }

    /// `jump(args, descr=Target(t))`.
    pub fn jump(&mut self, args: &[Arg], t: u32) {
        self.trace.ops.push(Op {
            opcode: Opcode::Jump,
            args: args.to_vec(),
            result: None,
            descr: Some(Descr::Target(t)),
            fail_args: vec![],
        });
    }
}

/// Integers that exercise immediates, signs and overflow.
pub const INT_EDGES: &[i64] = &[
    0,
    1,
    -1,
    2,
    -2,
    3,
    7,
    -7,
    63,
    64,
    100,
    i32::MAX as i64,
    i32::MIN as i64,
    i32::MAX as i64 + 1,
    i32::MIN as i64 - 1,
    u32::MAX as i64,
    0x1234_5678_9abc_def0,
    -0x1234_5678_9abc_def0,
    i64::MAX,
    i64::MIN,
    i64::MAX - 1,
    i64::MIN + 1,
];

/// Floats that exercise signs, infinities, NaN, rounding and conversion limits.
pub const FLOAT_EDGES: &[f64] = &[
    0.0,
    -0.0,
    1.0,
    -1.0,
    1.5,
    -2.5,
    0.1,
    1e300,
    -1e300,
    f64::MIN_POSITIVE,
    5e-324,
    f64::MAX,
    f64::MIN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::NAN,
    i64::MAX as f64,
    i64::MIN as f64,
    9.3e18,
    -9.3e18,
    4503599627370497.0,
    -123456789.987,
];

/// xorshift64*: deterministic pseudo-random numbers for differential tests.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in 0..n.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// An int, often an edge value, sometimes small, else any pattern.
    pub fn int(&mut self) -> i64 {
        match self.below(4) {
            0 => INT_EDGES[self.below(INT_EDGES.len())],
            1 => self.below(200) as i64 - 100,
            _ => self.next() as i64,
        }
    }

    /// A float, often an edge value, else a moderate or arbitrary one.
    pub fn float(&mut self) -> f64 {
        match self.below(4) {
            0 => FLOAT_EDGES[self.below(FLOAT_EDGES.len())],
            1 => (self.next() as i64 % 1_000_000) as f64 / 64.0,
            _ => f64::from_bits(self.next()),
        }
    }
}

/// Float results agree: the same bits, or both NaN.
pub fn same_float(a: u64, b: u64) -> bool {
    a == b || (f64::from_bits(a).is_nan() && f64::from_bits(b).is_nan())
}

/// Binary integer opcodes and their meaning.
pub const INT_OPS: &[(Opcode, IntOp)] = &[
    (Opcode::IntAdd, IntOp::Add),
    (Opcode::IntSub, IntOp::Sub),
    (Opcode::IntMul, IntOp::Mul),
    (Opcode::IntFloorDiv, IntOp::FloorDiv),
    (Opcode::IntMod, IntOp::Mod),
    (Opcode::IntAnd, IntOp::And),
    (Opcode::IntOr, IntOp::Or),
    (Opcode::IntXor, IntOp::Xor),
    (Opcode::IntLshift, IntOp::Lshift),
    (Opcode::IntRshift, IntOp::Rshift),
    (Opcode::UintRshift, IntOp::UintRshift),
    (Opcode::IntLt, IntOp::Lt),
    (Opcode::IntLe, IntOp::Le),
    (Opcode::IntEq, IntOp::Eq),
    (Opcode::IntNe, IntOp::Ne),
    (Opcode::IntGt, IntOp::Gt),
    (Opcode::IntGe, IntOp::Ge),
    (Opcode::UintLt, IntOp::UintLt),
    (Opcode::UintGe, IntOp::UintGe),
];

/// Unary integer opcodes and their meaning.
pub const INT_UNARY_OPS: &[(Opcode, IntUnary)] = &[
    (Opcode::IntNeg, IntUnary::Neg),
    (Opcode::IntInvert, IntUnary::Invert),
    (Opcode::IntIsTrue, IntUnary::IsTrue),
    (Opcode::IntIsZero, IntUnary::IsZero),
];

/// Overflow-checked opcodes and their meaning.
pub const OVF_OPS: &[(Opcode, OvfOp)] =
    &[(Opcode::IntAddOvf, OvfOp::Add), (Opcode::IntSubOvf, OvfOp::Sub), (Opcode::IntMulOvf, OvfOp::Mul)];

/// Binary float opcodes and their meaning.
pub const FLOAT_OPS: &[(Opcode, FloatOp)] = &[
    (Opcode::FloatAdd, FloatOp::Add),
    (Opcode::FloatSub, FloatOp::Sub),
    (Opcode::FloatMul, FloatOp::Mul),
    (Opcode::FloatTrueDiv, FloatOp::TrueDiv),
];

/// Unary float opcodes and their meaning.
pub const FLOAT_UNARY_OPS: &[(Opcode, FloatUnary)] =
    &[(Opcode::FloatNeg, FloatUnary::Neg), (Opcode::FloatAbs, FloatUnary::Abs), (Opcode::FloatSqrt, FloatUnary::Sqrt)];

/// Float comparisons and their meaning.
pub const FLOAT_CMPS: &[(Opcode, FloatCmp)] = &[
    (Opcode::FloatLt, FloatCmp::Lt),
    (Opcode::FloatLe, FloatCmp::Le),
    (Opcode::FloatEq, FloatCmp::Eq),
    (Opcode::FloatNe, FloatCmp::Ne),
    (Opcode::FloatGt, FloatCmp::Gt),
    (Opcode::FloatGe, FloatCmp::Ge),
];

/// Whether `eval::int_op(op, a, b)` is defined (division preconditions, shift counts).
pub fn int_op_defined(op: IntOp, a: i64, b: i64) -> bool {
    match op {
        IntOp::FloorDiv | IntOp::Mod => b != 0 && !(a == i64::MIN && b == -1),
        IntOp::Lshift | IntOp::Rshift | IntOp::UintRshift => (0..64).contains(&b),
        _ => true,
    }
}

/// The value of a pure operation on 64-bit patterns, from `domain::eval`.
pub fn eval_pure(opcode: Opcode, a: &[u64]) -> u64 {
    let i = |n: usize| a[n] as i64;
    let f = |n: usize| f64::from_bits(a[n]);
    if let Some(&(_, op)) = INT_OPS.iter().find(|(o, _)| *o == opcode) {
        return eval::int_op(op, i(0), i(1)) as u64;
    }
    if let Some(&(_, op)) = INT_UNARY_OPS.iter().find(|(o, _)| *o == opcode) {
        return eval::int_unary(op, i(0)) as u64;
    }
    if let Some(&(_, op)) = FLOAT_OPS.iter().find(|(o, _)| *o == opcode) {
        return eval::float_op(op, f(0), f(1)).to_bits();
    }
    if let Some(&(_, op)) = FLOAT_UNARY_OPS.iter().find(|(o, _)| *o == opcode) {
        return eval::float_unary(op, f(0)).to_bits();
    }
    if let Some(&(_, op)) = FLOAT_CMPS.iter().find(|(o, _)| *o == opcode) {
        return eval::float_cmp(op, f(0), f(1)) as u64;
    }
    match opcode {
        Opcode::CastIntToFloat => (i(0) as f64).to_bits(),
        Opcode::CastFloatToInt => eval::float_to_int(f(0)) as u64,
        Opcode::PtrEq => (a[0] == a[1]) as u64,
        Opcode::PtrNe => (a[0] != a[1]) as u64,
        Opcode::SameAs => a[0],
        other => panic!("{other:?} is not pure"),
    }
}

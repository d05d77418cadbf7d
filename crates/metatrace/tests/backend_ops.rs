//! The x86-64 backend computes every pure operation as `domain::eval` does: operands in registers,
//! in spill slots (under register pressure) and as constants (immediates and large constants),
//! comparisons materialized and fused with guards, overflow guards, and random straight-line
//! programs checked against an evaluator.

mod backend_support;

use backend_support::*;
use metatrace::backend::{Exit, X86Backend};
use metatrace::call::{CallDescr, Effect, RawFn};
use metatrace::domain::{eval, OvfOp};
use metatrace::gc::Kind;
use metatrace::ir::{Arg, Descr, Opcode, Trace, Var};
use std::collections::HashMap;

/// How the operands of the operation under test are given.
#[derive(Copy, Clone, Debug)]
enum Form {
    /// Both are input args (in registers).
    Vars,
    /// Both are input args, and 30 other values stay live across the operation (and are
    /// checked), so that operands and results move through spill slots.
    Pressure,
    /// The right operand is this constant.
    ConstRight(u64),
    /// The left operand is this constant.
    ConstLeft(u64),
}

const PRESSURE: i64 = 15;

fn constant(kind: Kind, bits: u64) -> Arg {
    match kind {
        Kind::Float => Arg::Float(bits),
        _ => Arg::Int(bits as i64),
    }
}

/// Compile `r = opcode(operands...)` in `form` and run it on each row of operand values (for a
/// constant form, the rows' values at the constant's position are ignored); returns r for each.
fn run(backend: &X86Backend, opcode: Opcode, kinds: &[Kind], result: Kind, form: Form, rows: &[Vec<u64>]) -> Vec<u64> {
    let mut b = Builder::new();
    let mut args = Vec::new();
    let mut fixed = None;
    for (i, &kind) in kinds.iter().enumerate() {
        let arg = match form {
            Form::ConstRight(c) if i == kinds.len() - 1 => constant(kind, c),
            Form::ConstLeft(c) if i == 0 => constant(kind, c),
            _ => v(b.input(kind)),
        };
        if arg.var().is_none() {
            fixed = Some(i);
        }
        args.push(arg);
    }
    let pressure = matches!(form, Form::Pressure);
    let (z, w) = if pressure { (Some(b.input(Kind::Int)), Some(b.input(Kind::Float))) } else { (None, None) };
    b.loop_label(fresh_target());
    let mut live: Vec<Var> = Vec::new();
    if let (Some(z), Some(w)) = (z, w) {
        for k in 0..PRESSURE {
            live.push(b.int(Opcode::IntAdd, &[v(z), Arg::Int(k)]));
            live.push(b.float(Opcode::FloatAdd, &[v(w), Arg::float(k as f64)]));
        }
    }
    let r = b.op_descr(opcode, &args, Some(result), None).unwrap();
    let mut fail: Vec<Arg> = vec![v(r)];
    if pressure {
        fail.extend(args.iter().copied());
        fail.extend(live.iter().map(|&x| v(x)));
    }
    b.finish(&fail);
    let id = backend.compile_loop(&b.trace).unwrap_or_else(|e| panic!("{opcode:?} {form:?}: {e}"));
    rows.iter()
        .map(|row| {
            let mut inputs: Vec<u64> =
                row.iter().enumerate().filter(|&(i, _)| Some(i) != fixed).map(|(_, &x)| x).collect();
            if pressure {
                inputs.extend([1000, 0.5f64.to_bits()]);
            }
            let Exit { values, .. } = backend.execute(id, &inputs);
            if pressure {
                assert_eq!(&values[1..1 + row.len()], &row[..], "{opcode:?}: operands preserved");
                for (k, pair) in values[1 + row.len()..].chunks(2).enumerate() {
                    assert_eq!(pair[0] as i64, 1000 + k as i64, "{opcode:?}: live int {k} preserved");
                    assert_eq!(f64::from_bits(pair[1]), 0.5 + k as f64, "{opcode:?}: live float {k} preserved");
                }
            }
            values[0]
        })
        .collect()
}

/// Check `opcode` against `expected` on `rows` in every form, with constants taken from the rows.
fn check(opcode: Opcode, kinds: &[Kind], result: Kind, rows: &[Vec<u64>], expected: impl Fn(&[u64]) -> u64) {
    let backend = X86Backend::new();
    let same = |a: u64, b: u64| if result == Kind::Float { same_float(a, b) } else { a == b };
    let mut forms = vec![(Form::Vars, rows.to_vec()), (Form::Pressure, rows.to_vec())];
    if kinds.iter().all(|&k| k != Kind::Ref) {
        for row in rows.iter().step_by(3) {
            let last = *row.last().unwrap();
            let at_right: Vec<Vec<u64>> = rows.iter().filter(|r| *r.last().unwrap() == last).cloned().collect();
            forms.push((Form::ConstRight(last), at_right));
            if kinds.len() > 1 {
                let at_left: Vec<Vec<u64>> = rows.iter().filter(|r| r[0] == row[0]).cloned().collect();
                forms.push((Form::ConstLeft(row[0]), at_left));
            }
        }
    }
    for (form, rows) in forms {
        let got = run(&backend, opcode, kinds, result, form, &rows);
        for (row, got) in rows.iter().zip(got) {
            let want = expected(row);
            assert!(same(got, want), "{opcode:?} {form:?} on {row:x?}: got {got:#x}, want {want:#x}");
        }
    }
}

fn int_rows(defined: impl Fn(i64, i64) -> bool) -> Vec<Vec<u64>> {
    let mut rng = Rng::new(7);
    let mut rows: Vec<Vec<u64>> = Vec::new();
    for &a in INT_EDGES {
        for &b in INT_EDGES {
            rows.push(vec![a as u64, b as u64]);
        }
    }
    rows.extend((0..300).map(|_| vec![rng.int() as u64, rng.int() as u64]));
    rows.extend((0..100).map(|_| vec![rng.int() as u64, rng.below(64) as u64]));
    rows.retain(|r| defined(r[0] as i64, r[1] as i64));
    rows
}

fn float_rows() -> Vec<Vec<u64>> {
    let mut rng = Rng::new(11);
    let mut rows: Vec<Vec<u64>> = Vec::new();
    for &a in FLOAT_EDGES {
        for &b in FLOAT_EDGES {
            rows.push(vec![a.to_bits(), b.to_bits()]);
        }
    }
    rows.extend((0..300).map(|_| vec![rng.float().to_bits(), rng.float().to_bits()]));
    rows
}

#[test]
fn integer_binary_operations_match_eval() {
    for &(opcode, op) in INT_OPS {
        let rows = int_rows(|a, b| int_op_defined(op, a, b));
        check(opcode, &[Kind::Int, Kind::Int], Kind::Int, &rows, |r| eval_pure(opcode, r));
    }
}

#[test]
fn division_by_constant_powers_of_two_matches_eval() {
    let backend = X86Backend::new();
    let mut rng = Rng::new(13);
    let mut dividends: Vec<u64> = INT_EDGES.iter().map(|&a| a as u64).collect();
    dividends.extend((0..200).map(|_| rng.int() as u64));
    for k in 1..63 {
        let divisor = 1u64 << k;
        let rows: Vec<Vec<u64>> = dividends.iter().map(|&a| vec![a, divisor]).collect();
        for opcode in [Opcode::IntFloorDiv, Opcode::IntMod] {
            let got = run(&backend, opcode, &[Kind::Int, Kind::Int], Kind::Int, Form::ConstRight(divisor), &rows);
            for (row, got) in rows.iter().zip(got) {
                assert_eq!(got, eval_pure(opcode, row), "{opcode:?} of {:#x} by 2**{k}", row[0]);
            }
        }
    }
}

#[test]
fn pointer_comparisons_compare_addresses() {
    let rows = int_rows(|_, _| true);
    for opcode in [Opcode::PtrEq, Opcode::PtrNe] {
        check(opcode, &[Kind::Ref, Kind::Ref], Kind::Int, &rows, |r| eval_pure(opcode, r));
    }
}

#[test]
fn integer_unary_operations_match_eval() {
    let rows: Vec<Vec<u64>> = int_rows(|_, _| true).into_iter().map(|r| vec![r[0]]).collect();
    for &(opcode, _) in INT_UNARY_OPS {
        check(opcode, &[Kind::Int], Kind::Int, &rows, |r| eval_pure(opcode, r));
    }
}

#[test]
fn float_operations_match_eval() {
    let rows = float_rows();
    for &(opcode, _) in FLOAT_OPS {
        check(opcode, &[Kind::Float, Kind::Float], Kind::Float, &rows, |r| eval_pure(opcode, r));
    }
    for &(opcode, _) in FLOAT_CMPS {
        check(opcode, &[Kind::Float, Kind::Float], Kind::Int, &rows, |r| eval_pure(opcode, r));
    }
    let singles: Vec<Vec<u64>> = rows.iter().map(|r| vec![r[0]]).collect();
    for &(opcode, _) in FLOAT_UNARY_OPS {
        check(opcode, &[Kind::Float], Kind::Float, &singles, |r| eval_pure(opcode, r));
    }
}

#[test]
fn casts_match_eval() {
    let floats: Vec<Vec<u64>> = float_rows().into_iter().map(|r| vec![r[0]]).collect();
    check(Opcode::CastFloatToInt, &[Kind::Float], Kind::Int, &floats, |r| {
        eval::float_to_int(f64::from_bits(r[0])) as u64
    });
    let ints: Vec<Vec<u64>> = int_rows(|_, _| true).into_iter().map(|r| vec![r[0]]).collect();
    check(Opcode::CastIntToFloat, &[Kind::Int], Kind::Float, &ints, |r| (r[0] as i64 as f64).to_bits());
    check(Opcode::SameAs, &[Kind::Int], Kind::Int, &ints, |r| r[0]);
    check(Opcode::SameAs, &[Kind::Float], Kind::Float, &floats, |r| r[0]);
}

/// `c = cmp(x, y); guard_true(c) [x]` (or guard_false): the comparison's flags feed the guard.
#[test]
fn comparisons_fused_with_guards_exit_exactly_when_false() {
    let backend = X86Backend::new();
    use metatrace::domain::IntOp::*;
    let int_cmps = INT_OPS.iter().filter(|(_, op)| matches!(op, Lt | Le | Eq | Ne | Gt | Ge | UintLt | UintGe));
    let singles: Vec<Vec<u64>> = int_rows(|_, _| true).into_iter().map(|r| vec![r[0]]).collect();
    let cases: Vec<(Opcode, Kind, Vec<Vec<u64>>)> = int_cmps
        .map(|&(o, _)| (o, Kind::Int, int_rows(|_, _| true)))
        .chain(FLOAT_CMPS.iter().map(|&(o, _)| (o, Kind::Float, float_rows())))
        .chain([Opcode::IntIsTrue, Opcode::IntIsZero].map(|o| (o, Kind::Int, singles.clone())))
        .collect();
    for (opcode, kind, rows) in cases {
        for guard in [Opcode::GuardTrue, Opcode::GuardFalse] {
            let mut b = Builder::new();
            let operands: Vec<Arg> = rows[0].iter().map(|_| v(b.input(kind))).collect();
            b.loop_label(fresh_target());
            let c = b.int(opcode, &operands);
            let g = b.guard(guard, &[v(c)], &operands);
            let f = b.finish(&[*operands.last().unwrap()]);
            let id = backend.compile_loop(&b.trace).unwrap();
            for row in &rows {
                let holds = eval_pure(opcode, row) == 1;
                let exit = backend.execute(id, row);
                let passes = holds == (guard == Opcode::GuardTrue);
                let (want_guard, want_values) = if passes { (f, vec![*row.last().unwrap()]) } else { (g, row.clone()) };
                assert_eq!((exit.guard, exit.values), (want_guard, want_values), "{guard:?}({opcode:?}) on {row:x?}");
            }
        }
    }
}

#[test]
fn overflow_guards_test_the_operation_they_follow() {
    let backend = X86Backend::new();
    let rows = int_rows(|_, _| true);
    for &(opcode, op) in OVF_OPS {
        for guard in [Opcode::GuardNoOverflow, Opcode::GuardOverflow] {
            let mut b = Builder::new();
            let (x, y) = (b.input(Kind::Int), b.input(Kind::Int));
            b.loop_label(fresh_target());
            let r = b.int(opcode, &[v(x), v(y)]);
            let g = b.guard(guard, &[], &[v(x), v(y)]);
            let f = b.finish(&[v(r)]);
            let id = backend.compile_loop(&b.trace).unwrap();
            for row in &rows {
                let (a, c) = (row[0] as i64, row[1] as i64);
                let exit = backend.execute(id, row);
                let (want_guard, want_values) = match (eval::int_ovf(op, a, c), guard) {
                    (Some(sum), Opcode::GuardNoOverflow) => (f, vec![sum as u64]),
                    (None, Opcode::GuardOverflow) => (f, vec![wrapping(op, a, c) as u64]),
                    _ => (g, row.clone()),
                };
                assert_eq!((exit.guard, exit.values), (want_guard, want_values), "{opcode:?} {guard:?} on {a}, {c}");
            }
        }
    }
}

fn wrapping(op: OvfOp, a: i64, b: i64) -> i64 {
    match op {
        OvfOp::Add => a.wrapping_add(b),
        OvfOp::Sub => a.wrapping_sub(b),
        OvfOp::Mul => a.wrapping_mul(b),
    }
}

/// Pure opcodes a random program may use, with their operand and result kinds.
const RANDOM_OPS: &[(Opcode, &[Kind], Kind)] = &[
    (Opcode::IntAdd, &[Kind::Int, Kind::Int], Kind::Int),
    (Opcode::IntSub, &[Kind::Int, Kind::Int], Kind::Int),
    (Opcode::IntMul, &[Kind::Int, Kind::Int], Kind::Int),
    (Opcode::IntAnd, &[Kind::Int, Kind::Int], Kind::Int),
    (Opcode::IntOr, &[Kind::Int, Kind::Int], Kind::Int),
    (Opcode::IntXor, &[Kind::Int, Kind::Int], Kind::Int),
    (Opcode::IntLt, &[Kind::Int, Kind::Int], Kind::Int),
    (Opcode::IntGe, &[Kind::Int, Kind::Int], Kind::Int),
    (Opcode::UintLt, &[Kind::Int, Kind::Int], Kind::Int),
    (Opcode::IntEq, &[Kind::Int, Kind::Int], Kind::Int),
    (Opcode::IntNeg, &[Kind::Int], Kind::Int),
    (Opcode::IntInvert, &[Kind::Int], Kind::Int),
    (Opcode::IntIsZero, &[Kind::Int], Kind::Int),
    (Opcode::SameAs, &[Kind::Int], Kind::Int),
    (Opcode::FloatAdd, &[Kind::Float, Kind::Float], Kind::Float),
    (Opcode::FloatSub, &[Kind::Float, Kind::Float], Kind::Float),
    (Opcode::FloatMul, &[Kind::Float, Kind::Float], Kind::Float),
    (Opcode::FloatTrueDiv, &[Kind::Float, Kind::Float], Kind::Float),
    (Opcode::FloatNeg, &[Kind::Float], Kind::Float),
    (Opcode::FloatAbs, &[Kind::Float], Kind::Float),
    (Opcode::FloatSqrt, &[Kind::Float], Kind::Float),
    (Opcode::FloatLt, &[Kind::Float, Kind::Float], Kind::Int),
    (Opcode::FloatEq, &[Kind::Float, Kind::Float], Kind::Int),
    (Opcode::FloatNe, &[Kind::Float, Kind::Float], Kind::Int),
    (Opcode::CastIntToFloat, &[Kind::Int], Kind::Float),
    (Opcode::CastFloatToInt, &[Kind::Float], Kind::Int),
    (Opcode::SameAs, &[Kind::Float], Kind::Float),
];

/// An operand of `kind`: usually a variable defined so far, sometimes a constant.
fn random_operand(rng: &mut Rng, vars: &[Var], kind: Kind) -> Arg {
    let candidates: Vec<&Var> = vars.iter().filter(|x| x.kind == kind).collect();
    if rng.below(5) == 0 || candidates.is_empty() {
        return match kind {
            Kind::Float => Arg::float(rng.float()),
            _ => Arg::Int(rng.int()),
        };
    }
    // Prefer recent variables, as real traces do, but reach back far enough to keep many live.
    let back = rng.below(candidates.len().min(12)) + 1;
    v(*candidates[candidates.len() - back.min(candidates.len())])
}

extern "C" fn mix(a: u64, b: u64, c: u64) -> u64 {
    a.rotate_left(7) ^ b.wrapping_mul(31) ^ c
}
extern "C" fn fsum(a: u64, b: u64) -> u64 {
    (f64::from_bits(a) + 2.0 * f64::from_bits(b)).to_bits()
}
static MIX: CallDescr = CallDescr {
    name: "mix",
    func: RawFn::A3(mix),
    args: &[Kind::Int, Kind::Int, Kind::Int],
    result: Some(Kind::Int),
    effect: Effect::Elidable,
    can_raise: false,
    oopspec: metatrace::call::OopSpec::None,
};
static FSUM: CallDescr = CallDescr {
    name: "fsum",
    func: RawFn::A2(fsum),
    args: &[Kind::Float, Kind::Float],
    result: Some(Kind::Float),
    effect: Effect::Plain,
    can_raise: false,
    oopspec: metatrace::call::OopSpec::None,
};

/// Append one random operation (or the few that give a division or a shift valid operands)
/// using the variables defined so far; returns the new variable.
fn random_op(rng: &mut Rng, b: &mut Builder, vars: &[Var]) -> Var {
    let int = |rng: &mut Rng| random_operand(rng, vars, Kind::Int);
    match rng.below(10) {
        0 => {
            let (a, d) = (int(rng), int(rng));
            let low = b.int(Opcode::IntAnd, &[d, Arg::Int(0xff)]);
            let divisor = b.int(Opcode::IntOr, &[v(low), Arg::Int(1)]);
            let op = if rng.below(2) == 0 { Opcode::IntFloorDiv } else { Opcode::IntMod };
            b.int(op, &[a, v(divisor)])
        }
        1 => {
            let (a, s) = (int(rng), int(rng));
            let count = b.int(Opcode::IntAnd, &[s, Arg::Int(63)]);
            let op = [Opcode::IntLshift, Opcode::IntRshift, Opcode::UintRshift][rng.below(3)];
            b.int(op, &[a, v(count)])
        }
        2 if rng.below(3) == 0 => {
            let args = [int(rng), int(rng), int(rng)];
            b.with(Opcode::CallPure, &args, Kind::Int, Descr::Call(&MIX))
        }
        3 if rng.below(3) == 0 => {
            let args = [random_operand(rng, vars, Kind::Float), random_operand(rng, vars, Kind::Float)];
            b.with(Opcode::Call, &args, Kind::Float, Descr::Call(&FSUM))
        }
        _ => {
            let (opcode, operand_kinds, result) = RANDOM_OPS[rng.below(RANDOM_OPS.len())];
            let args: Vec<Arg> = operand_kinds.iter().map(|&k| random_operand(rng, vars, k)).collect();
            b.op_descr(opcode, &args, Some(result), None).unwrap()
        }
    }
}

/// Append a random guard (fused with a comparison or not) that saves a random subset of `vars`.
fn random_guard(rng: &mut Rng, b: &mut Builder, vars: &mut Vec<Var>) {
    let fail: Vec<Arg> = vars.iter().filter(|_| rng.below(2) == 0).map(|&x| v(x)).collect();
    let x = random_operand(rng, vars, Kind::Int);
    match rng.below(4) {
        0 => {
            let c = b.int(Opcode::IntGt, &[x, Arg::Int(rng.int() / 2)]);
            b.guard(Opcode::GuardTrue, &[v(c)], &fail);
            vars.push(c);
        }
        1 => {
            let c = b.int(
                Opcode::FloatLt,
                &[random_operand(rng, vars, Kind::Float), random_operand(rng, vars, Kind::Float)],
            );
            b.guard(Opcode::GuardFalse, &[v(c)], &fail);
        }
        2 => {
            let bit = b.int(Opcode::IntAnd, &[x, Arg::Int(1)]);
            b.guard(Opcode::GuardValue, &[v(bit), Arg::Int(0)], &fail);
        }
        _ => {
            b.guard(Opcode::GuardNonnull, &[x], &fail);
        }
    }
}

/// Run `trace` (a loop ending in a finish, without jumps) directly: the exit it takes and the
/// kinds and values of its fail args.
fn evaluate(trace: &Trace, inputs: &[u64]) -> (u32, Vec<(Kind, u64)>) {
    let mut env: HashMap<u32, u64> = trace.inputargs.iter().map(|x| x.id).zip(inputs.iter().copied()).collect();
    let value = |env: &HashMap<u32, u64>, a: &Arg| a.const_bits().unwrap_or_else(|| env[&a.var().unwrap().id]);
    for op in &trace.ops[1..] {
        let args: Vec<u64> = op.args.iter().map(|a| value(&env, a)).collect();
        let passes = match (op.opcode, op.descr) {
            (Opcode::GuardTrue | Opcode::GuardNonnull, _) => args[0] != 0,
            (Opcode::GuardFalse, _) => args[0] == 0,
            (Opcode::GuardValue, _) => args[0] == args[1],
            (Opcode::Finish, _) => false,
            (Opcode::Call | Opcode::CallPure, Some(Descr::Call(call))) => {
                env.insert(op.result.unwrap().id, call.func.invoke(&args));
                true
            }
            (opcode, _) => {
                env.insert(op.result.unwrap().id, eval_pure(opcode, &args));
                true
            }
        };
        if !passes {
            let values = op.fail_args.iter().map(|a| (a.kind(), value(&env, a))).collect();
            return (op.guard_index().unwrap(), values);
        }
    }
    unreachable!("a trace ends with a finish")
}

/// Random straight-line programs (many values live at once, so spilling is exercised, and
/// residual calls clobber registers), with shifts and divisions given valid operands, a guard in
/// the middle and a finish that saves a random subset of the values; the backend's exit must
/// agree with a direct evaluation.
#[test]
fn random_programs_match_an_evaluator() {
    let backend = X86Backend::new();
    for seed in 0..400 {
        let mut rng = Rng::new(seed);
        let mut b = Builder::new();
        let kinds: Vec<Kind> =
            (0..2 + rng.below(6)).map(|_| if rng.below(3) == 0 { Kind::Float } else { Kind::Int }).collect();
        let mut vars = b.inputs(&kinds);
        b.loop_label(fresh_target());
        let length = 5 + rng.below(60);
        let guard_at = rng.below(length);
        for i in 0..length {
            if i == guard_at {
                random_guard(&mut rng, &mut b, &mut vars);
            }
            let r = random_op(&mut rng, &mut b, &vars);
            vars.push(r);
        }
        let fail: Vec<Arg> = vars.iter().filter(|_| rng.below(3) != 0).map(|&x| v(x)).collect();
        b.finish(&fail);
        let id = backend.compile_loop(&b.trace).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        for _ in 0..4 {
            let inputs: Vec<u64> = kinds
                .iter()
                .map(|&k| if k == Kind::Float { rng.float().to_bits() } else { rng.int() as u64 })
                .collect();
            let (want_guard, want) = evaluate(&b.trace, &inputs);
            let exit = backend.execute(id, &inputs);
            assert_eq!(exit.guard, want_guard, "seed {seed}, inputs {inputs:x?}");
            assert_eq!(exit.values.len(), want.len());
            for (k, (&got, &(kind, want))) in exit.values.iter().zip(&want).enumerate() {
                let same = if kind == Kind::Float { same_float(got, want) } else { got == want };
                assert!(same, "seed {seed}, value {k}: got {got:#x}, want {want:#x}\n{}", backend.disassemble(id));
            }
        }
        backend.free(id);
    }
}

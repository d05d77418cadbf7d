//! A register-machine test language written against the domain API, small enough that each test
//! can say exactly which guard fails where: guards after an effect in the same opcode, guards inside
//! inlined portal calls, loops closing and bridges attaching. Every program runs with the JIT off
//! and in several JIT modes, and must give the same output and the same final registers.
//!
//! Frames have a virtualizable token: compiled code leaves them in registers across portal calls
//! it does not inline, and an instruction that reads the registers of its callers' frames forces
//! them (`metatrace::jit::force_virtualizable`). A callee frame's `back` is a virtual reference to
//! its caller's frame (`Domain::virtual_ref`), which native readers resolve with
//! `metatrace::vref::force_virtual_ref`.

use metatrace::domain::{Domain, IntOp, Language, Leave, PortalResult, Virtualizable, VirtualizableArray};
use metatrace::gc::{ArrayDescr, ArrayPart, FieldDescr, GcHeader, GcRef, ItemType, Layout};
use metatrace::jit::{Jit, Stats};
use metatrace::params::JitParams;
use std::cell::RefCell;
use std::mem::offset_of;
use std::sync::OnceLock;

#[repr(C)]
struct Frame {
    header: GcHeader,
    regs: GcRef,
    back: GcRef,
    token: i64,
}

#[repr(C)]
struct IntArray {
    header: GcHeader,
    len: i64,
    items: [i64; 0],
}

static FRAME: Layout = Layout {
    name: "Frame",
    size: size_of::<Frame>(),
    ref_offsets: &[offset_of!(Frame, regs), offset_of!(Frame, back)],
    array: None,
};
const REGS_PART: ArrayPart = ArrayPart {
    length_offset: offset_of!(IntArray, len),
    items_offset: offset_of!(IntArray, items),
    item: ItemType::I64,
};
static INT_ARRAY: Layout =
    Layout { name: "IntArray", size: size_of::<IntArray>(), ref_offsets: &[], array: Some(REGS_PART) };
const F_REGS: FieldDescr = FieldDescr {
    owner: "Frame",
    name: "regs",
    offset: offset_of!(Frame, regs),
    ty: ItemType::REF,
    immutable: true,
    quasi_immutable: false,
    layout: None,
};
const F_BACK: FieldDescr = FieldDescr {
    owner: "Frame",
    name: "back",
    offset: offset_of!(Frame, back),
    ty: ItemType::REF,
    immutable: false,
    quasi_immutable: false,
    layout: None,
};
const F_TOKEN: FieldDescr = FieldDescr {
    owner: "Frame",
    name: "token",
    offset: offset_of!(Frame, token),
    ty: ItemType::I64,
    immutable: false,
    quasi_immutable: false,
    layout: None,
};
const A_REGS: ArrayDescr = ArrayDescr { owner: "IntArray", part: REGS_PART };
static VABLE: Virtualizable = Virtualizable {
    fields: &[],
    array: Some(VirtualizableArray { field: F_REGS, items: A_REGS }),
    token: Some(F_TOKEN),
    escaped: None,
};

/// One instruction. Registers are small constants, so every register access has a constant index.
#[derive(Debug, Clone, Copy)]
enum Insn {
    Const(usize, i64),
    Add(usize, usize, usize),
    AddConst(usize, i64),
    Mul(usize, usize, usize),
    /// Jump to the target when reg < reg.
    JumpIfLt(usize, usize, usize),
    /// Print a register (an effect), then jump to the target when it is >= the constant: a guard
    /// after an effect in the same opcode.
    PrintThenJumpIfGe(usize, i64, usize),
    /// Store a register into a heap cell (an effect), then branch on it: dst = (reg > limit).
    StoreThenTest(usize, usize, i64),
    /// Call `code` with reg as its r0; its r0 at return lands in dst.
    Call(&'static Code, usize, usize),
    /// dst = the sum of every register of the `n` frames out along `back` (a residual call
    /// that may force them), then that sum is printed.
    SumBack(usize, i64),
    Jump(usize),
    Ret,
}

struct Code {
    name: &'static str,
    nregs: usize,
    insns: OnceLock<Vec<Insn>>,
}

impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.name)
    }
}

#[derive(Clone, Copy, Debug)]
struct Greens {
    code: &'static Code,
    pc: usize,
}

impl PartialEq for Greens {
    fn eq(&self, o: &Self) -> bool {
        std::ptr::eq(self.code, o.code) && self.pc == o.pc
    }
}
impl Eq for Greens {}
impl std::hash::Hash for Greens {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        (self.code as *const Code as usize, self.pc).hash(h)
    }
}

thread_local! {
    static OUTPUT: RefCell<Vec<i64>> = const { RefCell::new(Vec::new()) };
    static CELL: RefCell<Vec<i64>> = const { RefCell::new(Vec::new()) };
}

fn print_impl(v: i64) {
    OUTPUT.with(|o| o.borrow_mut().push(v));
}

fn store_impl(v: i64) {
    CELL.with(|c| c.borrow_mut().push(v));
}

metatrace::residual! {
    /// Print an integer.
    fn print_int(v: Int) -> Void; effect = Plain; can_raise = false; impl = print_impl;
}

/// The sum of the registers of the `n` frames out from `frame` along `back`, each forced first.
fn sum_back_impl(frame: GcRef, n: i64) -> i64 {
    use metatrace::gc::heap;
    let mut f = frame;
    let mut sum = 0;
    for _ in 0..n {
        f = metatrace::vref::force_virtual_ref::<Regs>(heap::read_field_ref(f, &F_BACK));
        if f.is_null() {
            break;
        }
        metatrace::jit::force_virtualizable::<Regs>(f);
        let regs = heap::read_field_ref(f, &F_REGS);
        sum += (0..heap::array_len(regs, &A_REGS)).map(|i| heap::read_item(regs, &A_REGS, i) as i64).sum::<i64>();
    }
    sum
}

metatrace::residual! {
    /// Sum the registers of the callers' frames.
    fn sum_back(frame: Ref, n: Int) -> Int; effect = MayForce; can_raise = false; impl = sum_back_impl;
}

metatrace::residual! {
    /// Append an integer to a cell.
    fn store_int(v: Int) -> Void; effect = Plain; can_raise = false; impl = store_impl;
}

struct Regs;

fn reg<D: Domain>(d: &mut D, frame: D::Ref, r: usize) -> D::Int {
    let regs = d.get_ref(frame, &F_REGS);
    let i = d.const_int(r as i64);
    d.get_item_int(regs, &A_REGS, i)
}

fn set_reg<D: Domain>(d: &mut D, frame: D::Ref, r: usize, v: D::Int) {
    let regs = d.get_ref(frame, &F_REGS);
    let i = d.const_int(r as i64);
    d.set_item_int(regs, &A_REGS, i, v)
}

fn new_frame<D: Domain>(d: &mut D, code: &Code) -> D::Ref {
    let frame = d.new(&FRAME);
    let n = d.const_int(code.nregs as i64);
    let regs = d.new_array(&INT_ARRAY, n);
    d.set_ref(frame, &F_REGS, regs);
    frame
}

impl Language for Regs {
    type Greens = Greens;

    fn virtualizable() -> &'static Virtualizable {
        &VABLE
    }

    /// No call writes a running frame's registers.
    fn reload_frames_after(_: &'static metatrace::call::CallDescr) -> bool {
        false
    }

    /// The loops of code named `short...` are unrolled (`JitParams::unroll_loops`).
    fn unrolls_loop(g: &Greens) -> bool {
        g.code.name.starts_with("short")
    }

    fn portal<D: Domain<Lang = Self>>(d: &mut D, mut g: Greens, frame: D::Ref) -> PortalResult<D> {
        loop {
            d.merge_point(&g, frame)?;
            let insn = g.code.insns.get().expect("instructions are set before use")[g.pc];
            g.pc += 1;
            match insn {
                Insn::Const(r, v) => {
                    let v = d.const_int(v);
                    set_reg(d, frame, r, v)
                }
                Insn::Add(r, a, b) | Insn::Mul(r, a, b) => {
                    let (x, y) = (reg(d, frame, a), reg(d, frame, b));
                    let op = if matches!(insn, Insn::Add(..)) { IntOp::Add } else { IntOp::Mul };
                    let v = d.int_op(op, x, y);
                    set_reg(d, frame, r, v)
                }
                Insn::AddConst(r, c) => {
                    let x = reg(d, frame, r);
                    let c = d.const_int(c);
                    let v = d.int_op(IntOp::Add, x, c);
                    set_reg(d, frame, r, v)
                }
                Insn::JumpIfLt(a, b, target) => {
                    let (x, y) = (reg(d, frame, a), reg(d, frame, b));
                    let lt = d.int_op(IntOp::Lt, x, y);
                    if d.branch(lt) {
                        let backward = target < g.pc;
                        g.pc = target;
                        if backward {
                            d.can_enter_jit(&mut g, frame)?;
                        }
                    }
                }
                Insn::PrintThenJumpIfGe(r, limit, target) => {
                    let x = reg(d, frame, r);
                    print_int(d, x).map_err(Leave::Raise)?;
                    let l = d.const_int(limit);
                    let ge = d.int_op(IntOp::Ge, x, l);
                    if d.branch(ge) {
                        g.pc = target;
                    }
                }
                Insn::StoreThenTest(dst, r, limit) => {
                    let x = reg(d, frame, r);
                    store_int(d, x).map_err(Leave::Raise)?;
                    let l = d.const_int(limit);
                    let gt = d.int_op(IntOp::Gt, x, l);
                    let v = if d.branch(gt) { d.const_int(1) } else { d.const_int(0) };
                    set_reg(d, frame, dst, v)
                }
                Insn::Call(code, arg, dst) => {
                    let x = reg(d, frame, arg);
                    let callee = new_frame(d, code);
                    let back = d.virtual_ref(frame);
                    d.set_ref(callee, &F_BACK, back);
                    set_reg(d, callee, 0, x);
                    let result = d.portal_call(Greens { code, pc: 0 }, callee).map_err(Leave::Raise)?;
                    d.virtual_ref_finish(back, frame);
                    let v = reg(d, result, 0);
                    set_reg(d, frame, dst, v)
                }
                Insn::SumBack(dst, n) => {
                    let n = d.const_int(n);
                    let sum = sum_back(d, frame, n).map_err(Leave::Raise)?;
                    print_int(d, sum).map_err(Leave::Raise)?;
                    set_reg(d, frame, dst, sum)
                }
                Insn::Jump(target) => {
                    let backward = target < g.pc;
                    g.pc = target;
                    if backward {
                        d.can_enter_jit(&mut g, frame)?;
                    }
                }
                Insn::Ret => return Ok(frame),
            }
        }
    }
}

/// Run `code` with the given parameters; return the printed values, the stored values, the final
/// registers and the JIT's counters.
fn run(code: &'static Code, spec: &str) -> (Vec<i64>, Vec<i64>, Vec<i64>, Stats) {
    OUTPUT.with(|o| o.borrow_mut().clear());
    CELL.with(|c| c.borrow_mut().clear());
    let jit = Jit::<Regs>::new(JitParams::parse(spec).unwrap());
    let frame = new_frame(&mut metatrace::domain::Concrete::new(&jit), code);
    let result = jit.run(Greens { code, pc: 0 }, frame).expect("no exception");
    let regs = metatrace::gc::heap::read_field_ref(result, &F_REGS);
    let values = (0..code.nregs as i64).map(|i| metatrace::gc::heap::read_item(regs, &A_REGS, i) as i64).collect();
    (OUTPUT.with(|o| o.borrow().clone()), CELL.with(|c| c.borrow().clone()), values, jit.stats())
}

const MODES: &[&str] = &[
    "eager",
    "eager,replay_check",
    "threshold=7,trace_eagerness=3",
    "threshold=50,trace_eagerness=1000",
    "eager,inline_depth=1",
    "",
];

/// Run in every mode and check everything agrees with the JIT off; return the stats per mode.
fn check_all_modes(code: &'static Code) -> Vec<Stats> {
    let (out, cell, regs, _) = run(code, "off");
    MODES
        .iter()
        .map(|mode| {
            let (o, c, r, stats) = run(code, mode);
            assert_eq!(o, out, "printed values differ in mode {mode:?}");
            assert_eq!(c, cell, "stored values differ in mode {mode:?}");
            assert_eq!(r, regs, "registers differ in mode {mode:?}");
            stats
        })
        .collect()
}

/// A code object that may call itself: `body` gets the code's own reference.
fn recursive(name: &'static str, nregs: usize, body: impl FnOnce(&'static Code) -> Vec<Insn>) -> &'static Code {
    let code: &'static Code = Box::leak(Box::new(Code { name, nregs, insns: OnceLock::new() }));
    code.insns.set(body(code)).expect("a code object's instructions are set once");
    code
}

/// A code object.
fn code(name: &'static str, nregs: usize, insns: Vec<Insn>) -> &'static Code {
    recursive(name, nregs, |_| insns)
}

/// `main`: for r0 in 0..n { r2 += callee(r0) }, with the sum in r2.
fn summing_main(callee: &'static Code, n: i64) -> &'static Code {
    code(
        "main",
        4,
        vec![
            Insn::Const(0, 0),
            Insn::Const(1, n),
            Insn::Const(2, 0),
            Insn::Call(callee, 0, 3),
            Insn::Add(2, 2, 3),
            Insn::AddConst(0, 1),
            Insn::JumpIfLt(0, 1, 3),
            Insn::Ret,
        ],
    )
}

#[test]
fn counting_loop_compiles_and_gives_the_same_result() {
    // r0 = 0; r1 = 1000; r2 = 0; loop: r2 += r0; r0 += 1; if r0 < r1 goto loop
    let code = code(
        "count",
        3,
        vec![
            Insn::Const(0, 0),
            Insn::Const(1, 1000),
            Insn::Const(2, 0),
            Insn::Add(2, 2, 0),
            Insn::AddConst(0, 1),
            Insn::JumpIfLt(0, 1, 3),
            Insn::Ret,
        ],
    );
    let (_, _, regs, _) = run(code, "off");
    assert_eq!(regs, vec![1000, 1000, 499500]);
    let stats = check_all_modes(code);
    assert!(stats[0].loops >= 1, "eager mode compiles the loop: {:?}", stats[0]);
    assert!(stats[0].entries >= 1);
}

#[test]
fn guard_after_an_effect_in_the_same_opcode_does_not_repeat_the_effect() {
    // loop: print r0; if r0 >= 20 goto out; r0 += 1; goto loop. The exit guard fails after the print
    // of the same opcode: replay must not print again.
    let code = code(
        "print_then_exit",
        1,
        vec![Insn::Const(0, 0), Insn::PrintThenJumpIfGe(0, 20, 4), Insn::AddConst(0, 1), Insn::Jump(1), Insn::Ret],
    );
    let (out, _, _, _) = run(code, "off");
    assert_eq!(out, (0..=20).collect::<Vec<_>>());
    let stats = check_all_modes(code);
    assert!(stats[0].loops >= 1 && stats[0].guard_failures >= 1, "{:?}", stats[0]);
}

#[test]
fn store_then_branch_flip_resumes_mid_opcode() {
    // loop: cell.append(r0); r2 = r0 > 30; r0 += 1; if r0 < r1 goto loop. The branch flips at 31,
    // after the store of the same opcode.
    let code = code(
        "store_then_test",
        3,
        vec![
            Insn::Const(0, 0),
            Insn::Const(1, 60),
            Insn::StoreThenTest(2, 0, 30),
            Insn::AddConst(0, 1),
            Insn::JumpIfLt(0, 1, 2),
            Insn::Ret,
        ],
    );
    let (_, cell, _, _) = run(code, "off");
    assert_eq!(cell, (0..60).collect::<Vec<_>>());
    let stats = check_all_modes(code);
    assert!(stats[0].bridges >= 1, "eager mode attaches a bridge to the flipping guard: {:?}", stats[0]);
}

#[test]
fn guard_inside_an_inlined_call_resumes_the_callee_and_the_caller() {
    // callee(x): print x; if x >= 40 goto big; r0 = x + 1000; ret; big: r0 = x + 2000; ret
    let callee = code(
        "callee",
        1,
        vec![Insn::PrintThenJumpIfGe(0, 40, 3), Insn::AddConst(0, 1000), Insn::Ret, Insn::AddConst(0, 2000), Insn::Ret],
    );
    // main: r0 = 0; r1 = 80; r2 = 0; loop: r3 = callee(r0); r2 += r3; r0 += 1; if r0 < r1 goto loop
    let code = summing_main(callee, 80);
    let (out, _, regs, _) = run(code, "off");
    assert_eq!(out, (0..80).collect::<Vec<_>>());
    assert_eq!(regs[2], (0..80).map(|x| if x >= 40 { x + 2000 } else { x + 1000 }).sum::<i64>());
    let stats = check_all_modes(code);
    assert!(stats[0].loops >= 1, "{:?}", stats[0]);
    assert!(stats[0].bridges >= 1, "{:?}", stats[0]);
}

#[test]
fn nested_loops_jump_between_traces() {
    // for i in 0..30: for j in 0..i: r4 += j * i
    let code = code(
        "nested",
        6,
        vec![
            Insn::Const(0, 0),
            Insn::Const(1, 30),
            Insn::Const(4, 0),
            Insn::Const(2, 0),
            Insn::JumpIfLt(2, 0, 6),
            Insn::Jump(10),
            Insn::Mul(5, 2, 0),
            Insn::Add(4, 4, 5),
            Insn::AddConst(2, 1),
            Insn::Jump(4),
            Insn::AddConst(0, 1),
            Insn::JumpIfLt(0, 1, 3),
            Insn::Ret,
        ],
    );
    let (_, _, regs, _) = run(code, "off");
    assert_eq!(regs[4], (0..30).map(|i: i64| (0..i).map(|j| j * i).sum::<i64>()).sum::<i64>());
    check_all_modes(code);
}

#[test]
fn a_bridge_of_another_loop_enters_the_peeled_loop_and_a_loops_own_bridges_do_not() {
    // for i in 0..40: (for j in 0..i: r4 += j) (for k in 0..3: r5 += k)
    let two = code(
        "two_inner_loops",
        7,
        vec![
            Insn::Const(0, 0),
            Insn::Const(1, 40),
            Insn::Const(6, 3),
            Insn::Const(2, 0),
            Insn::JumpIfLt(2, 0, 7),
            Insn::Const(3, 0),
            Insn::Jump(10),
            Insn::Add(4, 4, 2),
            Insn::AddConst(2, 1),
            Insn::Jump(4),
            Insn::JumpIfLt(3, 6, 14),
            Insn::AddConst(0, 1),
            Insn::JumpIfLt(0, 1, 3),
            Insn::Ret,
            Insn::Add(5, 5, 3),
            Insn::AddConst(3, 1),
            Insn::Jump(10),
        ],
    );
    let (_, _, regs, _) = run(two, "off");
    assert_eq!((regs[4], regs[5]), ((0..40).map(|i: i64| (0..i).sum::<i64>()).sum(), 40 * 3));
    let stats = check_all_modes(two);
    // Eager: the second inner loop's exit bridge reaches the first inner loop's header.
    assert!(stats[0].peeled_entries > 0, "{:?}", stats[0]);
    // One inner loop: its exit bridge comes round to its own header and jumps to its preamble.
    let one = code(
        "one_inner_loop",
        6,
        vec![
            Insn::Const(0, 0),
            Insn::Const(1, 40),
            Insn::Const(2, 0),
            Insn::JumpIfLt(2, 0, 7),
            Insn::AddConst(0, 1),
            Insn::JumpIfLt(0, 1, 2),
            Insn::Ret,
            Insn::Add(4, 4, 2),
            Insn::AddConst(2, 1),
            Insn::Jump(3),
        ],
    );
    let stats = check_all_modes(one);
    assert!(stats.iter().all(|s| s.peeled_entries == 0), "{stats:?}");
}

#[test]
fn deep_recursion_leaves_portal_calls_residual() {
    // f(x): if 0 < x: r1 = x - 1; r1 = f(r1); r0 = r1 + 1 ... computes x by recursion.
    let f = recursive("rec", 3, |f| {
        vec![
            Insn::Const(2, 0),
            Insn::JumpIfLt(2, 0, 3),
            Insn::Ret,
            Insn::Const(1, -1),
            Insn::Add(1, 0, 1),
            Insn::Call(f, 1, 1),
            Insn::AddConst(1, 1),
            Insn::Add(0, 1, 2),
            Insn::Ret,
        ]
    });
    let code = summing_main(f, 20);
    let (_, _, regs, _) = run(code, "off");
    assert_eq!(regs[2], (0..20).sum::<i64>());
    check_all_modes(code);
}

#[test]
fn functions_entered_often_get_function_traces_that_finish_with_their_result() {
    // g(x) = 2x + 1 has no loop: only a function trace compiles it. main sums g(0..300); the
    // loop of main calls g residually (inline_depth=0), so each call enters g's function trace.
    let g =
        code("g", 2, vec![Insn::Add(1, 0, 0), Insn::AddConst(1, 1), Insn::Const(0, 0), Insn::Add(0, 0, 1), Insn::Ret]);
    let code = summing_main(g, 300);
    let (_, _, regs, _) = run(code, "off");
    assert_eq!(regs[2], (0..300).map(|x: i64| 2 * x + 1).sum::<i64>());
    check_all_modes(code);
    let (_, _, r, stats) = run(code, "function_threshold=5,threshold=100000,inline_depth=0");
    assert_eq!(r, regs);
    assert_eq!((stats.loops, stats.functions), (0, 1), "{stats:?}");
    assert!(stats.entries >= 290, "every later call runs the function trace: {stats:?}");
}

#[test]
fn loops_compile_inside_residual_portal_calls_from_running_machine_code() {
    // f(x) = 0 if x == 0 else f(x - 1) + x, where "+ x" is a loop adding 1 x times. With
    // inline_depth=1 the recursion leaves residual portal calls, so loops of deeper frames are
    // traced and compiled while the caller's machine code is suspended in the call.
    let f = recursive("f", 4, |f| {
        vec![
            Insn::Const(2, 0),
            Insn::JumpIfLt(2, 0, 3),
            Insn::Ret,
            Insn::Const(1, -1),
            Insn::Add(1, 0, 1),
            Insn::Call(f, 1, 1),
            Insn::Const(3, 0),
            Insn::AddConst(1, 1),
            Insn::AddConst(3, 1),
            Insn::JumpIfLt(3, 0, 7),
            Insn::Add(0, 1, 2),
            Insn::Ret,
        ]
    });
    let code = summing_main(f, 25);
    let (_, _, regs, _) = run(code, "off");
    assert_eq!(regs[2], (0..25).map(|x: i64| x * (x + 1) / 2).sum::<i64>());
    let stats = check_all_modes(code);
    // The inner loop compiles, as a loop or inside the function trace of `f`.
    let compiled = stats[4].loops + stats[4].functions;
    assert!(compiled >= 2, "the inner loop compiles under inline_depth=1: {:?}", stats[4]);
}

#[test]
fn a_too_long_trace_stops_inlining_the_biggest_callee() {
    // g(x): 400 additions, r0 = x + 400. Inlined into main's loop it makes the trace too long; g
    // is then called instead of inlined, and main's loop compiles.
    let mut body: Vec<Insn> = (0..400).map(|_| Insn::AddConst(0, 1)).collect();
    body.push(Insn::Ret);
    let g = code("g", 1, body);
    let code = summing_main(g, 30);
    let (_, _, regs, _) = run(code, "off");
    assert_eq!(regs[2], (0..30).map(|x| 400 + x).sum::<i64>());
    let (_, _, r, stats) = run(code, "threshold=3,trace_limit=300");
    assert_eq!(r, regs);
    assert!(stats.aborts >= 1, "the first trace of main's loop is too long: {stats:?}");
    assert!(stats.loops >= 1, "main's loop compiles once g is called: {stats:?}");
}

#[test]
fn opcodes_that_record_nothing_do_not_count_toward_the_limit() {
    // A loop whose body is 400 forward jumps (each records no operation) and two additions: 400
    // opcodes, a few operations. Only the last merge point of a run of empty opcodes stays in
    // the trace, so the loop fits a limit of 300 operations and compiles whole.
    let mut insns = vec![Insn::Const(0, 0), Insn::Const(1, 30), Insn::Const(2, 0)];
    insns.extend((4..404).map(Insn::Jump));
    insns.extend([Insn::Add(2, 2, 0), Insn::AddConst(0, 1), Insn::JumpIfLt(0, 1, 3), Insn::Ret]);
    let code = code("empty_opcodes", 3, insns);
    let (_, _, regs, _) = run(code, "off");
    assert_eq!(regs[2], (0..30).sum::<i64>());
    let (_, _, r, stats) = run(code, "threshold=3,trace_limit=300");
    assert_eq!(r, regs);
    assert_eq!((stats.aborts, stats.loops, stats.bridges), (0, 1, 0), "the loop fits: {stats:?}");
}

/// for r0 in 0..40 { if r0 < 15 { r2 += 1000 } else { `long` } }: the loop is traced on the
/// short path, the long one becomes a bridge.
fn long_bridge_loop(long: Vec<Insn>) -> &'static Code {
    let n = long.len();
    let mut insns = vec![Insn::Const(0, 0), Insn::Const(1, 40), Insn::Const(2, 0), Insn::Const(3, 15)];
    insns.push(Insn::JumpIfLt(0, 3, n + 6));
    insns.extend(long);
    insns.extend([Insn::Jump(n + 7), Insn::AddConst(2, 1000), Insn::AddConst(0, 1), Insn::JumpIfLt(0, 1, 4)]);
    insns.push(Insn::Ret);
    code("long_bridge", 4, insns)
}

#[test]
fn bridges_have_their_own_trace_limit() {
    // The long path adds 1 to r2 100 times, inline (200 operations) or in a call of g.
    let inline = long_bridge_loop((0..100).map(|_| Insn::AddConst(2, 1)).collect());
    let g = code("g", 1, (0..100).map(|_| Insn::AddConst(0, 1)).chain([Insn::Ret]).collect());
    let called = long_bridge_loop(vec![Insn::Call(g, 2, 2)]);
    let (_, _, regs, _) = run(inline, "off");
    assert_eq!(regs[2], 15 * 1000 + 25 * 100);
    let base = "threshold=3,trace_eagerness=2,trace_limit=1000";
    for code in [inline, called] {
        let (_, _, r, stats) = run(code, base);
        assert_eq!(r, regs);
        assert_eq!(stats.aborts, 0, "the bridge fits the loops' limit: {stats:?}");
    }
    // Past a bridge limit of 50 (no call to blame), the bridge is traced again in segments.
    let whole = run(inline, base).3;
    let (_, _, r, cut) = run(inline, &format!("{base},bridge_trace_limit=50"));
    assert_eq!(r, regs);
    assert!(cut.aborts >= 1 && cut.bridges > whole.bridges, "segments: {cut:?} vs {whole:?}");
    // Past a bridge limit of 150, the running call of g is to blame: the bridge calls it instead.
    let (_, _, r, stats) = run(called, &format!("{base},bridge_trace_limit=150"));
    assert_eq!(r, regs);
    assert!(stats.aborts == 1 && stats.bridges >= 1, "one abort, then the bridge calling g: {stats:?}");
}

#[test]
fn the_segments_of_a_segmented_bridge_are_segmented() {
    // The long path (200 operations) at a bridge limit of 50: the first bridge is too long, the
    // next one ends at a segment's end, and so does the bridge of each segment's end, without
    // first being traced whole and given up.
    let code = long_bridge_loop((0..100).map(|_| Insn::AddConst(2, 1)).collect());
    let (_, _, regs, _) = run(code, "off");
    let (_, _, r, stats) = run(code, "threshold=3,trace_eagerness=2,trace_limit=1000,bridge_trace_limit=50");
    assert_eq!(r, regs);
    assert!(stats.aborts == 1 && stats.bridges >= 4, "one abort, then a bridge per segment: {stats:?}");
}

#[test]
fn a_callee_loop_runs_from_its_header_instead_of_unrolling() {
    // g(x): 200 iterations of a counting loop, then r0 = 200 + x. Inlined into main's loop, one
    // iteration of g's loop is traced and the rest runs from its header as a call: no trace is
    // too long, and both loops compile.
    let g = code(
        "g",
        3,
        vec![
            Insn::Const(1, 0),
            Insn::Const(2, 200),
            Insn::AddConst(1, 1),
            Insn::JumpIfLt(1, 2, 2),
            Insn::Add(0, 1, 0),
            Insn::Ret,
        ],
    );
    let code = summing_main(g, 30);
    let (_, _, regs, _) = run(code, "off");
    assert_eq!(regs[2], (0..30).map(|x| 200 + x).sum::<i64>());
    for mode in ["threshold=3,trace_limit=300", "eager"] {
        let (_, _, r, stats) = run(code, mode);
        assert_eq!(r, regs, "{mode}");
        assert_eq!(stats.aborts, 0, "{mode}: g's loop is not unrolled into main's: {stats:?}");
        assert!(stats.loops >= 2, "{mode}: main's loop and g's loop compile: {stats:?}");
    }
}

/// `name(x)`: `iterations` passes of a loop that adds x to r1, then r0 = r1 + iterations.
fn adding_loop(name: &'static str, iterations: i64) -> &'static Code {
    code(
        name,
        4,
        vec![
            Insn::Const(1, 0),
            Insn::Const(2, 0),
            Insn::Const(3, iterations),
            Insn::Add(1, 1, 0),
            Insn::AddConst(2, 1),
            Insn::JumpIfLt(2, 3, 3),
            Insn::Add(0, 1, 2),
            Insn::Ret,
        ],
    )
}

#[test]
fn a_loop_the_language_unrolls_is_inlined_whole_when_short() {
    // short3's loop (3 iterations) is unrolled whole into main's trace with `unroll_loops=5`;
    // short9's (9) runs 5 iterations inline and the rest from its header; plain3's loop is
    // never unrolled. Every mode and setting gives the interpreter's result.
    for (name, n) in [("short3", 3), ("short9", 9), ("plain3", 3)] {
        let main = summing_main(adding_loop(name, n), 40);
        let (_, _, regs, _) = run(main, "off");
        assert_eq!(regs[2], (0..40).map(|x| x * n + n).sum::<i64>(), "{name}");
        check_all_modes(main);
        let resumes = |spec: &str| {
            let (_, _, r, stats) = run(main, spec);
            assert_eq!(r, regs, "{name} {spec}");
            assert_eq!(stats.aborts, 0, "{name} {spec}: {stats:?}");
            stats.resumes
        };
        // Cut after one iteration, main's trace leaves compiled code for the rest of the callee's
        // loop on every call.
        let (one, five) = (resumes("threshold=3,unroll_loops=1"), resumes("threshold=3,unroll_loops=5"));
        match name {
            "short3" => assert!(five < 10 && one >= 30, "{name}: unrolled whole ({one} -> {five} resumes)"),
            "short9" => assert!(five >= 30, "{name}: cut after 5 iterations ({five} resumes)"),
            _ => assert_eq!(five, one, "{name}: a loop the language does not unroll"),
        }
    }
}

#[test]
fn frames_left_in_registers_across_calls_are_forced_by_native_readers() {
    // rec(x): if 0 < x { r1 = rec(x - 1) + 1 } else { r1 = sum of the registers of the 12
    // frames out (forced) }; r0 = r1. Recursion past the inline limit keeps portal calls
    // residual, so compiled callers wait in calls with their frames in registers; main's loop
    // changes its registers on every iteration, which the sums see.
    let f = recursive("rec", 3, |f| {
        vec![
            Insn::Const(2, 0),
            Insn::JumpIfLt(2, 0, 5),
            Insn::SumBack(1, 12),
            Insn::Add(0, 1, 2),
            Insn::Ret,
            Insn::Const(1, -1),
            Insn::Add(1, 0, 1),
            Insn::Call(f, 1, 1),
            Insn::AddConst(1, 1),
            Insn::Add(0, 1, 2),
            Insn::Ret,
        ]
    });
    let code = summing_main(f, 40);
    let (out, _, _, _) = run(code, "off");
    assert_eq!(out.len(), 40);
    let stats = check_all_modes(code);
    assert!(stats.iter().any(|s| s.forced > 0), "some mode forced compiled frames: {stats:?}");
}

#[test]
fn callers_read_through_virtual_references_after_a_guard_fails_in_an_inlined_callee() {
    // g(x): r1 = 1 if x < 20 else 1000 (a guard that fails once main's loop is compiled), then
    // r2 = the registers of mid's and main's frames, read along `back`; r0 = r1 + r2.
    // mid(x): r0 = g(x). main sums mid(r0) for r0 in 0..40.
    let g = code(
        "g",
        3,
        vec![
            Insn::Const(2, 20),
            Insn::JumpIfLt(0, 2, 4),
            Insn::Const(1, 1000),
            Insn::Jump(5),
            Insn::Const(1, 1),
            Insn::SumBack(2, 2),
            Insn::Add(0, 1, 2),
            Insn::Ret,
        ],
    );
    let mid = code("mid", 2, vec![Insn::Call(g, 0, 0), Insn::Ret]);
    let code = summing_main(mid, 40);
    let (out, _, _, _) = run(code, "off");
    assert_eq!(out.len(), 40);
    let stats = check_all_modes(code);
    assert!(stats.iter().any(|s| s.loops > 0 && s.guard_failures > 0), "g's guard fails in main's loop: {stats:?}");
}

/// main sums mid(r0) for r0 in 0..40, mid(x) = g(x), with g made by `g_body`: under
/// `inline_depth=1` main's loop inlines mid and calls g through `call_assembler`, whose frame's
/// `back` refers to mid's frame, which stays virtual (a lazy virtual reference).
fn lazy_reference_program(g_body: Vec<Insn>) -> &'static Code {
    let g = code("g", 3, g_body);
    let mid = code("mid", 2, vec![Insn::Const(1, 7), Insn::Call(g, 0, 0), Insn::Add(0, 0, 1), Insn::Ret]);
    summing_main(mid, 40)
}

#[test]
fn a_callee_in_a_call_assembler_reads_its_virtual_caller_through_a_lazy_reference() {
    // g(x): r2 = the registers of mid's and main's frames, read along `back`; r0 = x + r2.
    let code = lazy_reference_program(vec![Insn::SumBack(2, 2), Insn::Add(0, 0, 2), Insn::Ret]);
    let (out, _, _, _) = run(code, "off");
    assert_eq!(out.len(), 40);
    let stats = check_all_modes(code);
    let (_, _, _, lazy) = run(code, "eager,inline_depth=1");
    assert!(lazy.forced > 0, "g forces main's compiled code to read mid's frame: {stats:?}");
}

#[test]
fn a_callee_in_a_call_assembler_that_does_not_read_its_caller_forces_nothing() {
    // g(x): r0 = 2x.
    let code = lazy_reference_program(vec![Insn::Add(0, 0, 0), Insn::Ret]);
    let (_, _, regs, _) = run(code, "off");
    assert_eq!(regs[2], (0..40).map(|x| 2 * x + 7).sum::<i64>());
    check_all_modes(code);
    let (_, _, _, lazy) = run(code, "eager,inline_depth=1");
    assert_eq!(lazy.forced, 0, "{lazy:?}");
}

//! Code generation: one pass over a trace that asks the register allocator for places and emits
//! each operation's instructions, followed by the exit stubs of its guards and the exit block
//! they share (see `guards`).
//!
//! Two rules keep the code correct without further bookkeeping. The scratch registers hold a
//! value only within one operation: an operand helper that leaves a value in `r11` (a large
//! constant, a constant object's address) or `xmm15` (a float constant) runs after every request
//! to the register allocator that could use them (the allocator uses `r11` only to put a float
//! constant into a register, and never `xmm15`). And nothing that changes the flags is emitted
//! between an instruction whose flags a guard tests (an `int_*_ovf`, or a comparison fused with
//! the `guard_true`/`guard_false` that follows it) and that guard's jump.

use super::asm::{imm32, Alu, Asm, Bits, Cond, Gpr, Label, Loc, Mem, Shift, Src, Sse, StoreSrc, Target, Unary};
use super::asm::{Fixup, Value, XSrc, Xmm, FORCED, MAX_SLOTS, SCRATCH, XSCRATCH};
use super::bridges::LabelInfo;
use super::guards::{
    emit_exit_block, emit_finish, emit_stub, exit_code, slots_named, store_to_buffer, store_value, PendingExit, RETURNS,
};
use super::helpers::Helpers;
use super::moves::parallel_move;
use super::regalloc::{Class, RegAlloc};
use super::trampoline::frame_bytes;
use super::validate::{class_of, validate};
use crate::backend::{BackendError, TraceId};
use crate::call::exception_slot_addr;
use crate::ir::{Arg, Descr, Op, Opcode, Trace, Var, VarId};
use metatrace_gc::heap::{alloc_array_for_jit, alloc_for_jit, needs_write_barrier};
use metatrace_gc::inline::{inline_alloc, inline_barrier, InlineAlloc};
use metatrace_gc::inline::{
    BUMP_CURSOR, BUMP_LIMIT, CONTEXT_BUMP, CONTEXT_BYTES, CONTEXT_OBJECTS, CONTEXT_STRESS_LEFT,
};
use metatrace_gc::layout::LAYOUT_OFFSET;
use metatrace_gc::{ArrayDescr, ArrayPart, GcRef, ItemType, Kind, Layout};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::rc::Rc;

/// Integer argument registers of the SysV calling convention, in order.
const ARG_REGS: [Gpr; 6] = [Gpr::RDI, Gpr::RSI, Gpr::RDX, Gpr::RCX, Gpr::R8, Gpr::R9];

/// Where a trace's input args are when its code starts.
pub enum Start<'a> {
    /// A loop: its entry code loads them from the deopt buffer.
    Loop,
    /// A bridge: they are where its guard left its fail args; it leaves through the guard's
    /// exit stub (at this address) when its frame is too small for it.
    Bridge(&'a [Value], usize),
}

/// What code generation needs from the rest of the backend.
pub struct Env<'a> {
    /// The id the trace will have (exit codes name it).
    pub trace: TraceId,
    /// Labels of live traces compiled earlier, by target number.
    pub labels: &'a HashMap<u32, LabelInfo>,
    /// Address of the trampoline's epilogue.
    pub epilogue: usize,
    /// The slow-path helpers.
    pub helpers: Helpers,
    /// The address of the tree's invalidation flag (a `u64`, nonzero once invalidated).
    pub invalidation: usize,
    /// The address of the trampoline (`call_assembler` enters its callee through it).
    pub trampoline: usize,
    /// The address of the word that holds the frame size entries open.
    pub frame_bytes: usize,
}

/// A label defined by the trace.
pub struct NewLabel {
    /// Its target number.
    pub target: u32,
    /// Its offset in the code.
    pub offset: usize,
    /// Where jumps must put its args.
    pub locs: Vec<Loc>,
    /// The args' kinds.
    pub kinds: Vec<Kind>,
}

/// A compiled trace, not yet placed in code memory.
pub struct Output {
    /// The machine code (a loop's entry at offset 0, a bridge's start at offset 0).
    pub code: Vec<u8>,
    /// Jumps to absolute addresses to resolve when placed.
    pub fixups: Vec<Fixup>,
    /// The exits: guards and finishes.
    pub exits: Vec<PendingExit>,
    /// The labels it defines.
    pub labels: Vec<NewLabel>,
    /// Labels of earlier traces it jumps to.
    pub jumps_to: Vec<u32>,
    /// The frame size the trace needs: its spill slots, and those of the labels it jumps to.
    pub frame_bytes: usize,
}

/// Compile `trace`.
pub fn compile(trace: &Trace, start: Start, env: &Env) -> Result<Output, BackendError> {
    validate(trace, matches!(start, Start::Loop))?;
    let mut cg = Codegen {
        trace,
        env,
        asm: Asm::new(),
        ra: RegAlloc::new(trace),
        exits: Vec::new(),
        local_labels: HashMap::default(),
        new_labels: Vec::new(),
        jumps_to: Vec::new(),
        fused: None,
        fresh: HashSet::default(),
        in_block: HashMap::default(),
        slow_paths: Vec::new(),
        force: None,
    };
    // A bridge may be entered from a frame opened before it was compiled, for a smaller tree:
    // it checks the frame's size (patched in below, once known) and leaves through its guard's
    // stub, as if it were not there, when the frame is too small.
    let frame_check = match start {
        Start::Loop => {
            cg.loop_entry();
            None
        }
        Start::Bridge(values, stub) => {
            let at = cg.asm.cmp_frame_word_patchable(Mem::FRAME_BYTES.disp, i32::MAX);
            cg.asm.jcc(Cond::B, Target::Addr(stub));
            cg.ra.place_bridge_inputs(&mut cg.asm, &trace.inputargs, values);
            Some(at)
        }
    };
    for (i, op) in trace.ops.iter().enumerate() {
        cg.ra.begin(i, op);
        cg.op(i, op)?;
        cg.ra.end(op);
    }
    let slots = cg.ra.slots_used();
    if slots > MAX_SLOTS {
        return Err(BackendError::Unsupported(format!("{slots} spill slots (the limit is {MAX_SLOTS})")));
    }
    let targets = cg.jumps_to.iter().filter_map(|t| env.labels.get(t)).map(|l| l.frame_bytes);
    let frame_bytes = targets.fold(frame_bytes(slots), usize::max);
    cg.emit_stubs();
    cg.emit_slow_paths();
    for exit in &mut cg.exits {
        exit.stub_offset = exit.stub.and_then(|(label, _)| cg.asm.label_offset(label));
    }
    let (mut code, fixups) = cg.asm.finish();
    if let Some(at) = frame_check {
        code[at..at + 4].copy_from_slice(&(frame_bytes as i32).to_le_bytes());
    }
    Ok(Output { code, fixups, exits: cg.exits, labels: cg.new_labels, jumps_to: cg.jumps_to, frame_bytes })
}

struct Codegen<'a> {
    trace: &'a Trace,
    env: &'a Env<'a>,
    asm: Asm,
    ra: RegAlloc,
    exits: Vec<PendingExit>,
    local_labels: HashMap<u32, (Label, Vec<Loc>, Vec<Kind>)>,
    new_labels: Vec<NewLabel>,
    jumps_to: Vec<u32>,
    /// A comparison whose result only the next guard uses: its flags are set, the result was not
    /// materialized, and the guard jumps on this condition.
    fused: Option<(VarId, Cond)>,
    /// Objects allocated by the trace since the last operation that can collect: still young, so
    /// stores into them need no write barrier.
    fresh: HashSet<VarId>,
    /// The later allocations of the blocks allocated so far (see [`Codegen::block`]), by operation
    /// index: the block's first object and the offset from it.
    in_block: HashMap<usize, (Var, i32)>,
    /// The out-of-line halves of inlined fast paths, emitted after the exit stubs.
    slow_paths: Vec<SlowPath>,
    /// Where the fail args of the `guard_not_forced` after the call just emitted are during
    /// that call (see [`Codegen::prepare_force`]).
    force: Option<Vec<Value>>,
}

/// The out-of-line half of an inlined fast path: at `entry`, call `helper` with `arg` in r11 (and
/// `helper_arg` in the frame's helper word), move its result from r11 to `result`, and jump back to
/// `back`. Registers are as they were at the branch to `entry`: the helper preserves them.
struct SlowPath {
    entry: Label,
    back: Label,
    helper: usize,
    arg: Value,
    helper_arg: Option<i32>,
    result: Option<Gpr>,
}

/// An object machine code allocates inline, in a block with the objects allocated right after it.
#[derive(Copy, Clone)]
struct BlockObject {
    layout: &'static Layout,
    /// The array length (0 without an array part).
    items: i64,
    /// The object's size in bytes.
    size: usize,
}

fn gpr(loc: Loc) -> Gpr {
    match loc {
        Loc::Gpr(r) => r,
        other => unreachable!("a word in {other:?}"),
    }
}

fn xmm(loc: Loc) -> Xmm {
    match loc {
        Loc::Xmm(r) => r,
        other => unreachable!("a float in {other:?}"),
    }
}

fn layout_arg(layout: &'static Layout) -> Arg {
    Arg::Int(layout as *const Layout as i64)
}

impl Codegen<'_> {
    /// A loop's entry: place the input args and load them from the deopt buffer.
    fn loop_entry(&mut self) {
        let locs = self.ra.place_inputs(&self.trace.inputargs);
        self.asm.load(SCRATCH, Mem::DEOPT_BUFFER);
        for (i, loc) in locs.into_iter().enumerate() {
            let input = Mem { base: SCRATCH, disp: 8 * i as i32 };
            match loc {
                Loc::Gpr(r) => self.asm.load(r, input),
                Loc::Xmm(r) => self.asm.load_xmm(r, input),
                Loc::Slot(_) => {
                    self.asm.load_xmm(XSCRATCH, input);
                    self.asm.mov(loc, Loc::Xmm(XSCRATCH));
                }
            }
        }
    }

    fn op(&mut self, i: usize, op: &Op) -> Result<(), BackendError> {
        use Opcode::*;
        let a = |n: usize| op.args[n];
        match op.opcode {
            IntAdd | IntAddOvf => self.int_binary(op, Alu::Add),
            IntSub | IntSubOvf => self.int_binary(op, Alu::Sub),
            IntMul | IntMulOvf => self.int_binary(op, Alu::Imul),
            IntAnd => self.int_binary(op, Alu::And),
            IntOr => self.int_binary(op, Alu::Or),
            IntXor => self.int_binary(op, Alu::Xor),
            IntFloorDiv => self.division(op, Gpr::RAX),
            IntMod => self.division(op, Gpr::RDX),
            IntLshift => self.shift(op, Shift::Left),
            IntRshift => self.shift(op, Shift::Arith),
            UintRshift => self.shift(op, Shift::Logical),
            IntNeg => self.int_unary(op, Unary::Neg),
            IntInvert => self.int_unary(op, Unary::Not),
            IntLt => self.int_compare(i, op, a(0), a(1), Cond::L),
            IntLe => self.int_compare(i, op, a(0), a(1), Cond::LE),
            IntEq | PtrEq => self.int_compare(i, op, a(0), a(1), Cond::E),
            IntNe | PtrNe => self.int_compare(i, op, a(0), a(1), Cond::NE),
            IntGt => self.int_compare(i, op, a(0), a(1), Cond::G),
            IntGe => self.int_compare(i, op, a(0), a(1), Cond::GE),
            UintLt => self.int_compare(i, op, a(0), a(1), Cond::B),
            UintGe => self.int_compare(i, op, a(0), a(1), Cond::AE),
            IntIsTrue => self.int_compare(i, op, a(0), Arg::Int(0), Cond::NE),
            IntIsZero => self.int_compare(i, op, a(0), Arg::Int(0), Cond::E),
            FloatAdd => self.float_binary(op, Sse::Add),
            FloatSub => self.float_binary(op, Sse::Sub),
            FloatMul => self.float_binary(op, Sse::Mul),
            FloatTrueDiv => self.float_binary(op, Sse::Div),
            FloatNeg => self.float_sign(op, Bits::Xor, 1 << 63),
            FloatAbs => self.float_sign(op, Bits::And, !(1 << 63)),
            FloatSqrt => self.float_sqrt(op),
            FloatGt => self.float_compare(i, op, a(0), a(1), Cond::A),
            FloatGe => self.float_compare(i, op, a(0), a(1), Cond::AE),
            FloatLt => self.float_compare(i, op, a(1), a(0), Cond::A),
            FloatLe => self.float_compare(i, op, a(1), a(0), Cond::AE),
            FloatEq => self.float_equality(op, true),
            FloatNe => self.float_equality(op, false),
            CastIntToFloat => self.int_to_float(op),
            CastFloatToInt => self.float_to_int(op),
            SameAs => {
                let dst = self.ra.result_from(&mut self.asm, a(0));
                self.ra.bind_result(op.result, dst);
            }
            Getfield => self.getfield(op),
            Setfield => self.setfield(op),
            Getarrayitem => return self.getarrayitem(op),
            Setarrayitem => return self.setarrayitem(op),
            Arraylen => self.arraylen(op),
            New | NewArray => {
                match self.in_block.remove(&i) {
                    Some((base, offset)) => self.block_member(op, base, offset),
                    None => {
                        self.new_object(i, op);
                        self.fresh.clear();
                    }
                }
                self.fresh.extend(op.result.map(|v| v.id));
            }
            Call | CallPure | CallMayForce => {
                let Some(Descr::Call(descr)) = op.descr else { unreachable!("validated") };
                self.call(i, op, descr.func.addr(), &op.args);
                self.fresh.clear();
            }
            CallAssembler => {
                let Some(Descr::Call(descr)) = op.descr else { unreachable!("validated") };
                self.call_assembler(i, op, descr.func.addr());
                self.fresh.clear();
            }
            ForceToken => {
                let dst = self.ra.alloc(&mut self.asm, Class::Word);
                self.asm.mov(dst, Loc::Gpr(Gpr::RSP));
                self.ra.bind_result(op.result, dst);
            }
            GuardNotForced => {
                self.asm.cmp_mem(Mem::FORCE_DESCR, Src::Imm(FORCED as i64 as i32));
                self.exit_if(op, Cond::E);
                let exit = self.exits.last_mut().expect("just recorded");
                exit.force = Some(self.force.take().expect("validated: a guard_not_forced follows a call"));
            }
            GuardTrue | GuardNonnull => self.guard_zero(op, true),
            GuardFalse | GuardIsnull => self.guard_zero(op, false),
            GuardValue => self.guard_value(op),
            GuardClass => self.guard_class(op),
            GuardNonnullClass => self.guard_nonnull_class(op),
            GuardNoException => {
                self.asm.mov_imm(SCRATCH, exception_slot_addr() as u64);
                self.asm.cmp_mem(Mem { base: SCRATCH, disp: 0 }, Src::Imm(0));
                self.exit_if(op, Cond::NE);
            }
            GuardException => self.guard_exception(op),
            GuardNotInvalidated => {
                self.asm.mov_imm(SCRATCH, self.env.invalidation as u64);
                self.asm.cmp_mem(Mem { base: SCRATCH, disp: 0 }, Src::Imm(0));
                self.exit_if(op, Cond::NE);
            }
            GuardNoOverflow => self.exit_if(op, Cond::O),
            GuardOverflow => self.exit_if(op, Cond::NO),
            Label => return self.label(i, op),
            Jump => return self.jump(op),
            Finish => self.finish(op),
            DebugMergePoint | QuasiimmutField => {}
            VirtualRef | VirtualRefFinish => unreachable!("validated: lowered before the backend"),
        }
        Ok(())
    }

    /// A word operand for the source position: a register, a slot, an immediate, or r11 loaded
    /// with a large constant.
    fn word_src(&mut self, arg: Arg) -> Src {
        match self.ra.value(arg) {
            Value::Const(bits) if imm32(bits).is_some() => Src::Imm(bits as i32),
            _ => self.word_rm(arg),
        }
    }

    /// A word operand as a register or a slot (constants in r11).
    fn word_rm(&mut self, arg: Arg) -> Src {
        match self.ra.value(arg) {
            Value::At(Loc::Gpr(r)) => Src::Reg(r),
            Value::At(Loc::Slot(k)) => Src::Mem(Mem::slot(k)),
            Value::Const(bits) => {
                self.asm.mov_imm(SCRATCH, bits);
                Src::Reg(SCRATCH)
            }
            Value::At(loc) => unreachable!("a word in {loc:?}"),
        }
    }

    /// A float operand for the source position: a register, a slot, or xmm15 loaded with a
    /// constant (through r11).
    fn float_src(&mut self, arg: Arg) -> XSrc {
        match self.ra.value(arg) {
            Value::At(Loc::Xmm(r)) => XSrc::Reg(r),
            Value::At(Loc::Slot(k)) => XSrc::Mem(Mem::slot(k)),
            Value::Const(bits) => {
                self.asm.mov_const(Loc::Xmm(XSCRATCH), bits);
                XSrc::Reg(XSCRATCH)
            }
            Value::At(loc) => unreachable!("a float in {loc:?}"),
        }
    }

    /// The base register of an object address: its register, or r11 for a constant.
    fn base(&mut self, obj: Arg) -> Gpr {
        match obj.const_bits() {
            Some(bits) => {
                self.asm.mov_imm(SCRATCH, bits);
                SCRATCH
            }
            None => self.ra.gpr(&mut self.asm, obj),
        }
    }

    fn int_binary(&mut self, op: &Op, alu: Alu) {
        let src = self.word_src(op.args[1]);
        let dst = self.ra.result_from(&mut self.asm, op.args[0]);
        self.asm.alu(alu, gpr(dst), src);
        self.ra.bind_result(op.result, dst);
    }

    fn int_unary(&mut self, op: &Op, unary: Unary) {
        let dst = self.ra.result_from(&mut self.asm, op.args[0]);
        self.asm.unary(unary, gpr(dst));
        self.ra.bind_result(op.result, dst);
    }

    /// `int_floordiv` (quotient in rax) or `int_mod` (remainder in rdx) through `idiv`, or
    /// with shifts when the divisor is a constant power of two.
    fn division(&mut self, op: &Op, result: Gpr) {
        let power = op.args[1].const_bits().map(|c| c as i64).filter(|&c| c > 1 && c & (c - 1) == 0);
        if let Some(shift) = power.map(|c| c.trailing_zeros() as u8).filter(|&k| k < 32) {
            return self.division_by_power_of_two(op, shift, result == Gpr::RDX);
        }
        let divisor = self.ra.value(op.args[1]);
        self.asm.mov_value(Loc::Gpr(SCRATCH), divisor);
        self.ra.clobber(&mut self.asm, &[Gpr::RAX, Gpr::RDX]);
        let dividend = self.ra.value(op.args[0]);
        self.asm.mov_value(Loc::Gpr(Gpr::RAX), dividend);
        self.asm.signed_divide(SCRATCH);
        self.ra.bind_result(op.result, Loc::Gpr(result));
    }

    /// `x / 2**k` or `x % 2**k` truncating toward zero (`k` in 1..32) without `idiv`: a negative
    /// `x` is biased by `2**k - 1` first (the bias is the sign mask shifted right logically), so
    /// that the arithmetic shift rounds toward zero; the remainder is `x` minus the biased `x`
    /// rounded down to a multiple of `2**k`.
    fn division_by_power_of_two(&mut self, op: &Op, k: u8, remainder: bool) {
        let dst = gpr(self.ra.result_from(&mut self.asm, op.args[0]));
        self.asm.mov(Loc::Gpr(SCRATCH), Loc::Gpr(dst));
        self.asm.shift(Shift::Arith, SCRATCH, Some(63));
        self.asm.shift(Shift::Logical, SCRATCH, Some(64 - k));
        if remainder {
            self.asm.alu(Alu::Add, SCRATCH, Src::Reg(dst));
            self.asm.alu(Alu::And, SCRATCH, Src::Imm((-1i64 << k) as i32));
            self.asm.alu(Alu::Sub, dst, Src::Reg(SCRATCH));
        } else {
            self.asm.alu(Alu::Add, dst, Src::Reg(SCRATCH));
            self.asm.shift(Shift::Arith, dst, Some(k));
        }
        self.ra.bind_result(op.result, Loc::Gpr(dst));
    }

    fn shift(&mut self, op: &Op, shift: Shift) {
        let count = match op.args[1].const_bits() {
            Some(bits) => Some((bits & 63) as u8),
            None => {
                self.ra.clobber(&mut self.asm, &[Gpr::RCX]);
                let count = self.ra.value(op.args[1]);
                self.asm.mov_value(Loc::Gpr(Gpr::RCX), count);
                None
            }
        };
        let dst = self.ra.result_from(&mut self.asm, op.args[0]);
        self.asm.shift(shift, gpr(dst), count);
        self.ra.bind_result(op.result, dst);
    }

    /// Compare the word `x` with `with` (a register or an immediate).
    fn compare_word(&mut self, x: Arg, with: Src) {
        match self.ra.value(x) {
            Value::At(Loc::Gpr(r)) => self.asm.alu(Alu::Cmp, r, with),
            Value::At(Loc::Slot(k)) => self.asm.cmp_mem(Mem::slot(k), with),
            value => {
                let r = self.ra.alloc(&mut self.asm, Class::Word);
                self.asm.mov_value(r, value);
                self.asm.alu(Alu::Cmp, gpr(r), with);
            }
        }
    }

    fn int_compare(&mut self, i: usize, op: &Op, a: Arg, b: Arg, cond: Cond) {
        let src = self.word_src(b);
        let left = self.ra.gpr(&mut self.asm, a);
        self.asm.alu(Alu::Cmp, left, src);
        self.set_condition(i, op, cond);
    }

    /// The flags hold `op`'s condition: fuse it with the next guard, or materialize it as 0/1.
    fn set_condition(&mut self, i: usize, op: &Op, cond: Cond) {
        let result = op.result.expect("validated: comparisons have results");
        let next = self.trace.ops.get(i + 1);
        let fuses = next.is_some_and(|guard| {
            matches!(guard.opcode, Opcode::GuardTrue | Opcode::GuardFalse)
                && guard.args.first() == Some(&Arg::Var(result))
                && !guard.fail_args.contains(&Arg::Var(result))
                && self.ra.last_use(result.id) == Some(i + 1)
        });
        if fuses {
            self.fused = Some((result.id, cond));
            return;
        }
        let dst = self.ra.reuse_or_alloc(&mut self.asm, &op.args, Class::Word);
        self.asm.setcc(cond, gpr(dst));
        self.asm.zero_extend_byte(gpr(dst));
        self.ra.bind_result(op.result, dst);
    }

    fn float_binary(&mut self, op: &Op, sse: Sse) {
        let src = self.float_src(op.args[1]);
        let dst = self.ra.result_from(&mut self.asm, op.args[0]);
        self.asm.sse(sse, xmm(dst), src);
        self.ra.bind_result(op.result, dst);
    }

    /// `float_neg` / `float_abs`: flip or clear the sign bit with a mask.
    fn float_sign(&mut self, op: &Op, bits: Bits, mask: u64) {
        let dst = self.ra.result_from(&mut self.asm, op.args[0]);
        self.asm.mov_const(Loc::Xmm(XSCRATCH), mask);
        self.asm.bits(bits, xmm(dst), XSCRATCH);
        self.ra.bind_result(op.result, dst);
    }

    /// `float_sqrt`: `sqrtsd` of the operand in place.
    fn float_sqrt(&mut self, op: &Op) {
        let dst = self.ra.result_from(&mut self.asm, op.args[0]);
        self.asm.sqrt(xmm(dst));
        self.ra.bind_result(op.result, dst);
    }

    /// `ucomisd a, b` then `cond` (an unsigned condition false when unordered).
    fn float_compare(&mut self, i: usize, op: &Op, a: Arg, b: Arg, cond: Cond) {
        let src = self.float_src(b);
        let left = self.ra.xmm(&mut self.asm, a);
        self.asm.ucomisd(left, src);
        self.set_condition(i, op, cond);
    }

    /// `float_eq` (ZF and not PF) or `float_ne` (not ZF or PF): two conditions, never fused.
    fn float_equality(&mut self, op: &Op, equal: bool) {
        let src = self.float_src(op.args[1]);
        let left = self.ra.xmm(&mut self.asm, op.args[0]);
        self.asm.ucomisd(left, src);
        let dst = gpr(self.ra.alloc(&mut self.asm, Class::Word));
        let (zero, parity) = if equal { (Cond::E, Cond::NP) } else { (Cond::NE, Cond::P) };
        self.asm.setcc(zero, dst);
        self.asm.setcc(parity, SCRATCH);
        self.asm.combine_bytes(equal, dst, SCRATCH);
        self.asm.zero_extend_byte(dst);
        self.ra.bind_result(op.result, Loc::Gpr(dst));
    }

    fn int_to_float(&mut self, op: &Op) {
        let dst = self.ra.alloc(&mut self.asm, Class::Float);
        let src = self.word_rm(op.args[0]);
        self.asm.zero_xmm(xmm(dst));
        self.asm.int_to_float(xmm(dst), src);
        self.ra.bind_result(op.result, dst);
    }

    fn float_to_int(&mut self, op: &Op) {
        let dst = self.ra.alloc(&mut self.asm, Class::Word);
        let src = self.float_src(op.args[0]);
        self.asm.float_to_int(gpr(dst), src);
        self.ra.bind_result(op.result, dst);
    }

    /// Load from `mem` into a result register of `ty`'s class (possibly a dying operand's).
    fn load(&mut self, op: &Op, mem: Mem, ty: ItemType) {
        let dst = self.ra.reuse_or_alloc(&mut self.asm, &op.args, Class::of(ty.kind));
        self.asm.load_item(dst, mem, ty);
        self.ra.bind_result(op.result, dst);
    }

    /// The value to store: a register, or an immediate when the constant fits the store.
    fn store_src(&mut self, value: Arg, size: u8) -> StoreSrc {
        match value.const_bits() {
            Some(bits) if size < 8 => StoreSrc::Imm(bits as u32 as i32),
            Some(bits) if imm32(bits).is_some() => StoreSrc::Imm(bits as i32),
            Some(bits) => {
                let r = self.ra.alloc(&mut self.asm, Class::Word);
                self.asm.mov_imm(gpr(r), bits);
                StoreSrc::Gpr(gpr(r))
            }
            None => match self.ra.reg(&mut self.asm, value) {
                Loc::Gpr(r) => StoreSrc::Gpr(r),
                Loc::Xmm(r) => StoreSrc::Xmm(r),
                Loc::Slot(_) => unreachable!("reg gives a register"),
            },
        }
    }

    fn getfield(&mut self, op: &Op) {
        let Some(Descr::Field(field)) = op.descr else { unreachable!("validated") };
        let base = self.base(op.args[0]);
        self.load(op, Mem { base, disp: field.offset as i32 }, field.ty);
    }

    fn setfield(&mut self, op: &Op) {
        let Some(Descr::Field(field)) = op.descr else { unreachable!("validated") };
        let src = self.store_src(op.args[1], field.ty.size);
        let base = self.base(op.args[0]);
        self.asm.store_item(Mem { base, disp: field.offset as i32 }, src, field.ty.size);
        if field.ty.kind == Kind::Ref {
            self.write_barrier(op, op.args[1]);
        }
    }

    /// The write barrier after `value` was stored into a reference slot of `op.args[0]`: the
    /// object's unlogged bit is tested inline and the collector's barrier called only when it is
    /// set. Skipped when the collector needs no barrier, when the object was allocated since the
    /// last operation that can collect (it is still young), and when the value is null.
    fn write_barrier(&mut self, op: &Op, value: Arg) {
        let obj = op.args[0];
        let fresh = obj.var().is_some_and(|v| self.fresh.contains(&v.id));
        if !needs_write_barrier() || fresh || value == Arg::Ref(GcRef::NULL) {
            return;
        }
        let base = inline_barrier().expect("a collector that needs the barrier offers its fast path");
        let entry = self.asm.new_label();
        let cond = match obj.const_bits() {
            Some(addr) => {
                let addr = addr as usize;
                self.asm.mov_imm(SCRATCH, (base + (addr >> 6)) as u64);
                self.asm.test_byte(Mem { base: SCRATCH, disp: 0 }, 1 << ((addr >> 3) & 7));
                Cond::NE
            }
            None => {
                let r = self.ra.gpr(&mut self.asm, obj);
                let granule = gpr(self.ra.alloc(&mut self.asm, Class::Word));
                self.asm.mov(Loc::Gpr(granule), Loc::Gpr(r));
                self.asm.shift(Shift::Logical, granule, Some(3));
                self.asm.mov_imm(SCRATCH, base as u64);
                let word = gpr(self.ra.alloc(&mut self.asm, Class::Word));
                self.asm.bit_test(SCRATCH, granule, word, word, false);
                Cond::B
            }
        };
        self.asm.jcc(cond, Target::Label(entry));
        let back = self.asm.new_label();
        self.asm.bind(back);
        let arg = self.ra.value(obj);
        let helper = self.env.helpers.write_barrier;
        self.slow_paths.push(SlowPath { entry, back, helper, arg, helper_arg: None, result: None });
    }

    /// `new` or `new_array` that starts a block: inline bump-pointer allocation of its object and
    /// of the ones the operations after it allocate (see [`Codegen::block`]) when the collector
    /// offers it and the size is known and small, else a call of the allocator.
    fn new_object(&mut self, i: usize, op: &Op) {
        let inline = inline_alloc();
        match inline.and_then(|inline| Some((inline, Self::inline_object(op, inline)?))) {
            Some((inline, first)) => {
                let block = self.block(i, op, first, inline);
                self.inline_block(op, &block, inline)
            }
            None => {
                let Some(Descr::Layout(layout)) = op.descr else { unreachable!("validated") };
                match op.opcode {
                    Opcode::New => self.call(i, op, alloc_for_jit as *const () as usize, &[layout_arg(layout)]),
                    _ => {
                        let args = [layout_arg(layout), op.args[0]];
                        self.call(i, op, alloc_array_for_jit as *const () as usize, &args)
                    }
                }
            }
        }
    }

    /// The object `op` (a `new` or `new_array`) allocates, when machine code may allocate it
    /// inline: its size is known (a constant length) and at most the inline limit.
    fn inline_object(op: &Op, inline: InlineAlloc) -> Option<BlockObject> {
        let Some(Descr::Layout(layout)) = op.descr else { unreachable!("validated") };
        let items = match op.opcode {
            Opcode::New => 0,
            _ => op.args[0].const_bits().map(|bits| bits as i64).filter(|&n| (0..1 << 16).contains(&n))?,
        };
        let size = layout.size_with_items(items as usize);
        (size <= inline.max_size).then_some(BlockObject { layout, items, size })
    }

    /// The objects allocated in one block with `ops[i]`'s (`first`), by operation index: the
    /// inline allocations after it, while the block stays within the inline limit, up to an
    /// operation that can collect or that code may jump to (a call, an allocation that calls, a
    /// label) or the trace's end (PyPy's combined `malloc_nursery`). Guards may come between:
    /// when one fails, the later objects of the block stay zeroed memory without valid-object
    /// bits, free at the next collection. The later objects are addressed from the first, so it
    /// must have a result.
    fn block(&mut self, i: usize, op: &Op, first: BlockObject, inline: InlineAlloc) -> Vec<(usize, BlockObject)> {
        let mut block = vec![(i, first)];
        let Some(base) = op.result else { return block };
        let mut offset = first.size;
        for (j, next) in self.trace.ops.iter().enumerate().skip(i + 1) {
            use Opcode::*;
            match next.opcode {
                New | NewArray => match Self::inline_object(next, inline) {
                    Some(object) if next.result.is_some() && offset + object.size <= inline.max_size => {
                        self.in_block.insert(j, (base, offset as i32));
                        self.ra.extend_life(base.id, j);
                        block.push((j, object));
                        offset += object.size;
                    }
                    _ => break,
                },
                Call | CallPure | CallMayForce | CallAssembler | Label | Jump | Finish => break,
                _ => {}
            }
        }
        block
    }

    /// Allocate the objects of `block` (see [`Codegen::block`]) from the thread's bump pointer;
    /// when it is exhausted, the helper allocates the block (and may collect). Each object gets its
    /// header, its length (for arrays) and its valid-object bit; the memory is zeroed already.
    /// `op`'s result is the first object.
    fn inline_block(&mut self, op: &Op, block: &[(usize, BlockObject)], inline: InlineAlloc) {
        let total: usize = block.iter().map(|(_, object)| object.size).sum();
        let (total32, count) = (total as i32, block.len() as i32);
        let base = gpr(self.ra.alloc(&mut self.asm, Class::Word));
        let tmp = gpr(self.ra.alloc(&mut self.asm, Class::Word));
        let context = SCRATCH;
        let entry = self.asm.new_label();
        self.asm.load(context, Mem::ALLOC_CONTEXT);
        if inline.stress {
            let countdown = Mem { base: context, disp: CONTEXT_STRESS_LEFT };
            self.asm.cmp_mem(countdown, Src::Imm(count));
            self.asm.jcc(Cond::BE, Target::Label(entry));
            self.asm.add_mem(countdown, -count);
        }
        self.asm.load(tmp, Mem { base: context, disp: CONTEXT_BUMP });
        self.asm.load(base, Mem { base: tmp, disp: BUMP_CURSOR });
        self.asm.alu(Alu::Add, base, Src::Imm(total32));
        self.asm.alu(Alu::Cmp, base, Src::Mem(Mem { base: tmp, disp: BUMP_LIMIT }));
        self.asm.jcc(Cond::A, Target::Label(entry));
        self.asm.store(Mem { base: tmp, disp: BUMP_CURSOR }, base);
        self.asm.alu(Alu::Sub, base, Src::Imm(total32));
        self.asm.add_mem(Mem { base: context, disp: CONTEXT_BYTES }, total32);
        self.asm.add_mem(Mem { base: context, disp: CONTEXT_OBJECTS }, count);
        let back = self.asm.new_label();
        self.asm.bind(back);
        let mut offset = 0;
        let mut layout_in_scratch = None;
        for (_, object) in block {
            let layout = object.layout as *const Layout;
            if layout_in_scratch != Some(layout) {
                self.asm.mov_imm(SCRATCH, layout as u64);
                layout_in_scratch = Some(layout);
            }
            self.asm.store(Mem { base, disp: (offset + LAYOUT_OFFSET) as i32 }, SCRATCH);
            if let Some(part) = object.layout.array {
                let length = Mem { base, disp: (offset + part.length_offset) as i32 };
                self.asm.store_item(length, StoreSrc::Imm(object.items as i32), 8);
            }
            offset += object.size;
        }
        let word = gpr(self.ra.alloc(&mut self.asm, Class::Word));
        let at = gpr(self.ra.alloc(&mut self.asm, Class::Word));
        self.asm.mov(Loc::Gpr(tmp), Loc::Gpr(base));
        self.asm.shift(Shift::Logical, tmp, Some(3));
        self.asm.mov_imm(SCRATCH, inline.vo_bit_base as u64);
        self.asm.bit_test(SCRATCH, tmp, word, at, true);
        for pair in block.windows(2) {
            self.asm.alu(Alu::Add, tmp, Src::Imm((pair[0].1.size / 8) as i32));
            self.asm.bit_test(SCRATCH, tmp, word, at, true);
        }
        let helper = self.env.helpers.alloc_block;
        let arg = Value::Const(total as u64);
        self.slow_paths.push(SlowPath { entry, back, helper, arg, helper_arg: Some(count), result: Some(base) });
        self.ra.bind_result(op.result, Loc::Gpr(base));
    }

    /// A later object of a block (see [`Codegen::block`]): its address, `offset` bytes after the
    /// block's first object `base`.
    fn block_member(&mut self, op: &Op, base: Var, offset: i32) {
        let first = self.ra.gpr(&mut self.asm, Arg::Var(base));
        let dst = gpr(self.ra.alloc(&mut self.asm, Class::Word));
        self.asm.lea(dst, Mem { base: first, disp: offset });
        self.ra.release_if_dead(base.id);
        self.ra.bind_result(op.result, Loc::Gpr(dst));
    }

    /// The address of item `index` of `array` (r11 holds it when the index is a variable).
    fn item_mem(&mut self, array: Arg, index: Arg, part: ArrayPart) -> Result<Mem, BackendError> {
        let size = part.item.size;
        match index.const_bits() {
            Some(bits) => {
                let disp = (bits as i64)
                    .checked_mul(i64::from(size))
                    .and_then(|d| d.checked_add(part.items_offset as i64))
                    .and_then(|d| i32::try_from(d).ok())
                    .ok_or_else(|| BackendError::Unsupported(format!("constant array index {}", bits as i64)))?;
                Ok(Mem { base: self.base(array), disp })
            }
            None => {
                let index = self.ra.gpr(&mut self.asm, index);
                let base = self.base(array);
                self.asm.lea_index(SCRATCH, base, index, size);
                Ok(Mem { base: SCRATCH, disp: part.items_offset as i32 })
            }
        }
    }

    fn array_descr(op: &Op) -> ArrayDescr {
        match op.descr {
            Some(Descr::Array(a)) => a,
            _ => unreachable!("validated"),
        }
    }

    fn getarrayitem(&mut self, op: &Op) -> Result<(), BackendError> {
        let part = Self::array_descr(op).part;
        let mem = self.item_mem(op.args[0], op.args[1], part)?;
        self.load(op, mem, part.item);
        Ok(())
    }

    fn setarrayitem(&mut self, op: &Op) -> Result<(), BackendError> {
        let part = Self::array_descr(op).part;
        let src = self.store_src(op.args[2], part.item.size);
        let mem = self.item_mem(op.args[0], op.args[1], part)?;
        self.asm.store_item(mem, src, part.item.size);
        if part.item.kind == Kind::Ref {
            self.write_barrier(op, op.args[2]);
        }
        Ok(())
    }

    fn arraylen(&mut self, op: &Op) {
        let part = Self::array_descr(op).part;
        let base = self.base(op.args[0]);
        self.load(op, Mem { base, disp: part.length_offset as i32 }, ItemType::I64);
    }

    /// Call the function at `addr` with `args` (SysV, floats as bits in integer registers); the
    /// result comes back in rax.
    fn call(&mut self, i: usize, op: &Op, addr: usize, args: &[Arg]) {
        self.ra.save_for_call(&mut self.asm);
        self.prepare_force(i);
        let moves: Vec<(Loc, Value)> =
            args.iter().zip(ARG_REGS).map(|(&arg, reg)| (Loc::Gpr(reg), self.ra.value(arg))).collect();
        parallel_move(&mut self.asm, &moves);
        self.asm.call(addr);
        self.ra.forget_caller_saved();
        match op.result {
            Some(v) if v.kind == Kind::Float => {
                let dst = Loc::Xmm(Xmm(0));
                self.asm.mov(dst, Loc::Gpr(Gpr::RAX));
                self.ra.bind_result(op.result, dst);
            }
            result => self.ra.bind_result(result, Loc::Gpr(Gpr::RAX)),
        }
    }

    /// `call_assembler(id, frame, cell, inputs...)` (see `ir`): when `cell` names an entry record
    /// of the callee for as many inputs, store the inputs into the deopt buffer and enter the
    /// callee's code through the trampoline in a new frame; a return leaves the result in the
    /// buffer, any other exit is handed to `helper(code, id, frame)` (PyPy's assembler_helper),
    /// and without an entry `helper(NO_EXIT, id, frame)` runs the call.
    fn call_assembler(&mut self, i: usize, op: &Op, helper: usize) {
        use crate::backend::EntryRecord;
        self.ra.save_for_call(&mut self.asm);
        self.prepare_force(i);
        let id = op.args[0].const_bits().expect("validated: a constant id");
        let cell = op.args[2].const_bits().expect("validated: a constant cell");
        let frame = self.ra.value(op.args[1]);
        store_value(&mut self.asm, Mem::HELPER_ARG, frame);
        let inputs: Vec<Value> = op.args[3..].iter().map(|&a| self.ra.value(a)).collect();
        store_to_buffer(&mut self.asm, &inputs);
        let (run_helper, call_helper, done) = (self.asm.new_label(), self.asm.new_label(), self.asm.new_label());
        let record = Gpr::RAX;
        self.asm.mov_imm(record, cell);
        self.asm.load(record, Mem { base: record, disp: 0 });
        self.asm.alu(Alu::Cmp, record, Src::Imm(0));
        self.asm.jcc(Cond::E, Target::Label(run_helper));
        let count = Mem { base: record, disp: EntryRecord::INPUTS };
        self.asm.cmp_mem(count, Src::Imm(inputs.len() as i32));
        self.asm.jcc(Cond::NE, Target::Label(run_helper));
        self.asm.mov(Loc::Gpr(Gpr::RDI), Loc::Gpr(SCRATCH));
        self.asm.mov_imm(Gpr::RSI, self.env.frame_bytes as u64);
        self.asm.load(Gpr::RSI, Mem { base: Gpr::RSI, disp: 0 });
        self.asm.load(Gpr::RDX, Mem { base: record, disp: EntryRecord::ENTRY });
        self.asm.load(Gpr::RCX, Mem::ALLOC_CONTEXT);
        self.asm.call_target(Target::Addr(self.env.trampoline));
        self.asm.mov(Loc::Gpr(SCRATCH), Loc::Gpr(Gpr::RAX));
        self.asm.alu(Alu::And, SCRATCH, Src::Imm(RETURNS as i32));
        self.asm.mov(Loc::Gpr(Gpr::RDI), Loc::Gpr(Gpr::RAX));
        self.asm.jcc(Cond::E, Target::Label(call_helper));
        self.asm.load(SCRATCH, Mem::DEOPT_BUFFER);
        self.asm.load(Gpr::RAX, Mem { base: SCRATCH, disp: 0 });
        self.asm.jmp(Target::Label(done));
        self.asm.bind(run_helper);
        self.asm.mov_imm(Gpr::RDI, crate::ir::NO_EXIT);
        self.asm.bind(call_helper);
        self.asm.mov_imm(Gpr::RSI, id);
        self.asm.load(Gpr::RDX, Mem::HELPER_ARG);
        self.asm.call(helper);
        self.asm.bind(done);
        self.ra.forget_caller_saved();
        self.ra.bind_result(op.result, Loc::Gpr(Gpr::RAX));
    }

    /// Before the call at op `i`, when a `guard_not_forced` follows it: give every fail arg of
    /// the guard a spill slot (the call may force the frames, which reads them from there:
    /// `Backend::force`), remember where they are for the guard's exit, and name the guard in
    /// the frame's [`Mem::FORCE_DESCR`] word. The call's own result reads as 0.
    fn prepare_force(&mut self, i: usize) {
        let Some(guard) = self.trace.ops.get(i + 1).filter(|g| g.opcode == Opcode::GuardNotForced) else { return };
        let result = self.trace.ops[i].result;
        let values = guard
            .fail_args
            .iter()
            .map(|&a| match a {
                Arg::Var(v) if Some(v) == result => Value::Const(0),
                a => self.ra.in_slot(&mut self.asm, a),
            })
            .collect();
        self.force = Some(values);
        let index = guard.guard_index().expect("validated: exits have resume indices");
        self.asm.mov_imm(SCRATCH, exit_code(self.env.trace, index, false));
        self.asm.store(Mem::FORCE_DESCR, SCRATCH);
    }

    /// Jump to a new exit stub when `cond` holds; the fail args are where they are now.
    fn exit_if(&mut self, op: &Op, cond: Cond) {
        let stub = self.asm.new_label();
        let at = self.asm.jcc(cond, Target::Label(stub));
        self.record_exit(op, Some((stub, at)));
    }

    fn record_exit(&mut self, op: &Op, stub: Option<(Label, usize)>) -> (Rc<[Value]>, u64) {
        let guard = op.guard_index().expect("validated: exits have resume indices");
        let values: Vec<Value> = op.fail_args.iter().map(|&a| self.ra.value(a)).collect();
        let kinds: Vec<Kind> = op.fail_args.iter().map(Arg::kind).collect();
        // Consecutive exits mostly save the same values in the same places: they share them.
        let (values, kinds): (Rc<[Value]>, Rc<[Kind]>) = match self.exits.last() {
            Some(last) if *last.values == *values && *last.kinds == *kinds => (last.values.clone(), last.kinds.clone()),
            _ => (values.into(), kinds.into()),
        };
        self.exits.push(PendingExit { guard, values: values.clone(), kinds, stub, stub_offset: None, force: None });
        let returns = op.opcode == Opcode::Finish && op.args.len() == 1 && op.fail_args.len() == 1;
        (values, exit_code(self.env.trace, guard, returns))
    }

    /// `guard_true`/`guard_nonnull` (`exit_on_zero`) or `guard_false`/`guard_isnull`.
    fn guard_zero(&mut self, op: &Op, exit_on_zero: bool) {
        let x = op.args[0];
        let cond = match self.fused.take() {
            Some((v, cond)) if x.var().is_some_and(|x| x.id == v) => cond,
            _ => {
                self.compare_word(x, Src::Imm(0));
                Cond::NE
            }
        };
        self.exit_if(op, if exit_on_zero { cond.negate() } else { cond });
    }

    /// `guard_value(x, constant)`: compares bit patterns (so a float guard tells -0.0 from 0.0).
    fn guard_value(&mut self, op: &Op) {
        let constant = self.word_src(op.args[1]);
        self.compare_word(op.args[0], constant);
        self.exit_if(op, Cond::NE);
    }

    /// `guard_class(obj, layout address)`: compares the object's header word.
    fn guard_class(&mut self, op: &Op) {
        let base = self.ra.gpr(&mut self.asm, op.args[0]);
        let layout = self.word_src(op.args[1]);
        self.asm.cmp_mem(Mem { base, disp: LAYOUT_OFFSET as i32 }, layout);
        self.exit_if(op, Cond::NE);
    }

    /// `guard_nonnull_class(obj, layout address)`: one exit for a null object or another layout.
    /// The header compared is the object's, or a zero word when the object is null.
    fn guard_nonnull_class(&mut self, op: &Op) {
        static NO_HEADER: u64 = 0;
        let obj = self.ra.gpr(&mut self.asm, op.args[0]);
        let header = gpr(self.ra.alloc(&mut self.asm, Class::Word));
        let layout = self.word_src(op.args[1]);
        self.asm.mov_imm(header, &NO_HEADER as *const u64 as u64);
        self.asm.alu(Alu::Cmp, obj, Src::Imm(0));
        self.asm.cmov(Cond::NE, header, obj);
        self.asm.cmp_mem(Mem { base: header, disp: LAYOUT_OFFSET as i32 }, layout);
        self.exit_if(op, Cond::NE);
    }

    /// `r = guard_exception()`: exits when no exception is pending, else takes it.
    fn guard_exception(&mut self, op: &Op) {
        let dst = gpr(self.ra.alloc(&mut self.asm, Class::Word));
        let slot = Mem { base: SCRATCH, disp: 0 };
        self.asm.mov_imm(SCRATCH, exception_slot_addr() as u64);
        self.asm.load(dst, slot);
        self.asm.alu(Alu::Cmp, dst, Src::Imm(0));
        self.exit_if(op, Cond::E);
        self.asm.store_item(slot, StoreSrc::Imm(0), 8);
        self.ra.bind_result(op.result, Loc::Gpr(dst));
    }

    fn finish(&mut self, op: &Op) {
        let (values, code) = self.record_exit(op, None);
        emit_finish(&mut self.asm, &values, code, self.env.epilogue);
    }

    fn label(&mut self, i: usize, op: &Op) -> Result<(), BackendError> {
        let Some(Descr::Target(target)) = op.descr else { unreachable!("validated") };
        // Jumps from anywhere arrive here: nothing is known to be fresh.
        self.fresh.clear();
        if self.local_labels.contains_key(&target) || self.env.labels.contains_key(&target) {
            return Err(BackendError::Invalid(format!("target {target} defined twice")));
        }
        let vars: Vec<Var> = op.args.iter().filter_map(Arg::var).collect();
        if let Some(v) = self.ra.placed().into_iter().find(|&v| !self.ra.dies_now(v) && !vars.iter().any(|l| l.id == v))
        {
            return Err(BackendError::Unsupported(format!(
                "variable {v} is used after label {i} without being its arg"
            )));
        }
        let cold: Vec<bool> = vars.iter().map(|v| !self.used_as_operand(i, v.id)).collect();
        let locs = self.ra.settle_label(&mut self.asm, &vars, &cold);
        let kinds: Vec<Kind> = vars.iter().map(|v| v.kind).collect();
        let label = self.asm.new_label();
        self.asm.bind(label);
        let offset = self.asm.label_offset(label).expect("just bound");
        self.new_labels.push(NewLabel { target, offset, locs: locs.clone(), kinds: kinds.clone() });
        self.local_labels.insert(target, (label, locs, kinds));
        Ok(())
    }

    /// Whether an operation after the label at `i` and before the next label or jump reads `v`
    /// as an operand (not only as a fail arg).
    fn used_as_operand(&self, i: usize, v: VarId) -> bool {
        self.trace.ops[i + 1..]
            .iter()
            .take_while(|op| !matches!(op.opcode, Opcode::Label | Opcode::Jump))
            .any(|op| op.args.iter().any(|a| a.var().is_some_and(|a| a.id == v)))
    }

    fn jump(&mut self, op: &Op) -> Result<(), BackendError> {
        let Some(Descr::Target(target)) = op.descr else { unreachable!("validated") };
        let (to, locs, kinds) = match (self.local_labels.get(&target), self.env.labels.get(&target)) {
            (Some((label, locs, kinds)), _) => (Target::Label(*label), locs.clone(), kinds.clone()),
            (None, Some(info)) => {
                self.jumps_to.push(target);
                (Target::Addr(info.addr), info.locs.clone(), info.kinds.clone())
            }
            (None, None) => return Err(BackendError::UnknownTarget(target)),
        };
        let matches =
            op.args.len() == kinds.len() && op.args.iter().zip(&kinds).all(|(&a, &k)| class_of(a) == Class::of(k));
        if !matches {
            return Err(BackendError::Invalid(format!(
                "jump args {:?} do not match label {target} of kinds {kinds:?}",
                op.args
            )));
        }
        let moves: Vec<(Loc, Value)> =
            locs.into_iter().zip(&op.args).map(|(loc, &a)| (loc, self.ra.value_for_move(a, loc))).collect();
        parallel_move(&mut self.asm, &moves);
        self.asm.jmp(to);
        Ok(())
    }

    fn emit_slow_paths(&mut self) {
        for path in std::mem::take(&mut self.slow_paths) {
            self.asm.bind(path.entry);
            self.asm.mov_value(Loc::Gpr(SCRATCH), path.arg);
            if let Some(arg) = path.helper_arg {
                self.asm.store_item(Mem::HELPER_ARG, StoreSrc::Imm(arg), 8);
            }
            self.asm.call_target(Target::Addr(path.helper));
            if let Some(result) = path.result {
                self.asm.mov(Loc::Gpr(result), Loc::Gpr(SCRATCH));
            }
            self.asm.jmp(Target::Label(path.back));
        }
    }

    /// The guards' exit stubs and the trace's exit block they jump to (see `guards`).
    fn emit_stubs(&mut self) {
        let exit_block = self.asm.new_label();
        let mut slots = None;
        for exit in &self.exits {
            if let Some((stub, _)) = exit.stub {
                self.asm.bind(stub);
                emit_stub(&mut self.asm, exit.guard, exit_block);
                slots = Some(slots.unwrap_or(0).max(slots_named(&exit.values)));
            }
        }
        if let Some(slots) = slots {
            self.asm.bind(exit_block);
            emit_exit_block(&mut self.asm, self.env.trace, slots, self.env.epilogue);
        }
    }
}

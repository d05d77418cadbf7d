//! Register allocation: linear scan over the straight-line trace, interleaved with code
//! generation.
//!
//! Each variable has a home: a register, a spill slot, both (values never change, so a slot copy
//! never goes stale), or a constant (a bridge input whose guard saved a constant). A variable's
//! liveness ends at the last operation that uses it (as operand or fail arg), after which its
//! places are released. When an operation needs a register and none is free, the variable whose
//! last use is furthest away is spilled. The registers an operation reads or allocates are locked
//! for that operation, so that its later requests neither evict nor reuse them. `r11` and `xmm15`
//! are never allocated: they are the emitter's scratch registers.

use super::asm::{Asm, Gpr, Loc, Value, Xmm};
use crate::ir::{Arg, Op, Trace, Var, VarId};
use metatrace_gc::Kind;

/// Register classes.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Class {
    /// Ints and references: general-purpose registers.
    Word,
    /// Floats: SSE registers.
    Float,
}

impl Class {
    /// The class of a kind.
    pub fn of(kind: Kind) -> Class {
        match kind {
            Kind::Float => Class::Float,
            Kind::Int | Kind::Ref => Class::Word,
        }
    }

    fn registers(self) -> &'static [Loc] {
        match self {
            Class::Word => &GPRS,
            Class::Float => &XMMS,
        }
    }
}

/// Allocatable general-purpose registers in order of preference: callee-saved first (values
/// there survive calls), then those no instruction needs in particular, then rcx, rdx, rax
/// (shift counts, division, call results).
const GPRS: [Loc; 13] = [
    Loc::Gpr(Gpr::RBX),
    Loc::Gpr(Gpr::R12),
    Loc::Gpr(Gpr::R13),
    Loc::Gpr(Gpr::R14),
    Loc::Gpr(Gpr::R15),
    Loc::Gpr(Gpr::RSI),
    Loc::Gpr(Gpr::RDI),
    Loc::Gpr(Gpr::R8),
    Loc::Gpr(Gpr::R9),
    Loc::Gpr(Gpr::R10),
    Loc::Gpr(Gpr::RCX),
    Loc::Gpr(Gpr::RDX),
    Loc::Gpr(Gpr::RAX),
];

/// The allocatable registers that calls preserve (a prefix of [`GPRS`]).
const CALLEE_SAVED: &[Loc] = GPRS.split_at(5).0;

/// Allocatable SSE registers: all but the scratch xmm15. Calls preserve none.
const XMMS: [Loc; 15] = {
    let mut regs = [Loc::Xmm(Xmm(0)); 15];
    let mut i = 0;
    while i < 15 {
        regs[i] = Loc::Xmm(Xmm(i as u8));
        i += 1;
    }
    regs
};

#[derive(Copy, Clone, Default, Debug)]
struct Home {
    reg: Option<Loc>,
    slot: Option<u32>,
    constant: Option<u64>,
}

/// The allocator's state while one trace is compiled.
pub struct RegAlloc {
    homes: Vec<Home>,
    last_use: Vec<Option<usize>>,
    gpr_owner: [Option<VarId>; 16],
    xmm_owner: [Option<VarId>; 16],
    slot_owner: Vec<Option<VarId>>,
    locked: Vec<Loc>,
    now: usize,
}

impl RegAlloc {
    /// An allocator for `trace`, with its liveness computed and nothing placed yet.
    pub fn new(trace: &Trace) -> RegAlloc {
        let vars = || {
            let used = trace.ops.iter().flat_map(|op| op.args.iter().chain(&op.fail_args)).filter_map(Arg::var);
            trace.inputargs.iter().copied().chain(trace.ops.iter().filter_map(|op| op.result)).chain(used)
        };
        let count = vars().map(|v| v.id as usize + 1).max().unwrap_or(0);
        let mut last_use = vec![None; count];
        for (i, op) in trace.ops.iter().enumerate() {
            for v in op.args.iter().chain(&op.fail_args).filter_map(Arg::var) {
                last_use[v.id as usize] = Some(i);
            }
        }
        RegAlloc {
            homes: vec![Home::default(); count],
            last_use,
            gpr_owner: [None; 16],
            xmm_owner: [None; 16],
            slot_owner: Vec::new(),
            locked: Vec::new(),
            now: 0,
        }
    }

    /// Start operation `i`: unlock everything, then lock the registers of its operands.
    pub fn begin(&mut self, i: usize, op: &Op) {
        self.now = i;
        self.locked.clear();
        for v in op.args.iter().filter_map(Arg::var) {
            if let Some(reg) = self.homes[v.id as usize].reg {
                self.locked.push(reg);
            }
        }
    }

    /// End the current operation: release the variables it used for the last time, and its
    /// result if nothing uses it.
    pub fn end(&mut self, op: &Op) {
        for v in op.args.iter().chain(&op.fail_args).filter_map(Arg::var).chain(op.result) {
            if self.dies_now(v.id) {
                self.release(v.id);
            }
        }
    }

    /// The index of the last operation that uses `v`.
    pub fn last_use(&self, v: VarId) -> Option<usize> {
        self.last_use[v as usize]
    }

    /// Keep `v` alive at least until operation `until`, which does not name it (code generation
    /// uses it there, and then calls [`Self::release_if_dead`]).
    pub fn extend_life(&mut self, v: VarId, until: usize) {
        let last = &mut self.last_use[v as usize];
        *last = Some(last.map_or(until, |u| u.max(until)));
    }

    /// Release `v`'s places if it is not used after the current operation.
    pub fn release_if_dead(&mut self, v: VarId) {
        if self.dies_now(v) {
            self.release(v);
        }
    }

    /// True when `v` is not used after the current operation.
    pub fn dies_now(&self, v: VarId) -> bool {
        self.last_use[v as usize].is_none_or(|u| u <= self.now)
    }

    /// Number of spill slots used so far.
    pub fn slots_used(&self) -> u32 {
        self.slot_owner.len() as u32
    }

    /// The variables that have a home.
    pub fn placed(&self) -> Vec<VarId> {
        (0..self.homes.len() as VarId).filter(|&v| self.has_home(v)).collect()
    }

    fn has_home(&self, v: VarId) -> bool {
        let home = self.homes[v as usize];
        home.reg.is_some() || home.slot.is_some() || home.constant.is_some()
    }

    /// Where `arg`'s value is now: its register if it has one, else its slot, else its constant.
    pub fn value(&self, arg: Arg) -> Value {
        match arg {
            Arg::Var(v) => {
                let home = self.homes[v.id as usize];
                match (home.reg, home.slot, home.constant) {
                    (Some(reg), _, _) => Value::At(reg),
                    (None, Some(k), _) => Value::At(Loc::Slot(k)),
                    (None, None, Some(bits)) => Value::Const(bits),
                    (None, None, None) => {
                        unreachable!("variable {} has no home (validated traces define before use)", v.id)
                    }
                }
            }
            constant => Value::Const(constant.const_bits().expect("a constant")),
        }
    }

    /// Where `arg`'s value is for a move to `dst`: `dst` itself when the variable already has
    /// that slot (a loop-invariant value the loop loaded into a register is not stored back).
    pub fn value_for_move(&self, arg: Arg, dst: Loc) -> Value {
        match (arg.var(), dst) {
            (Some(v), Loc::Slot(k)) if self.homes[v.id as usize].slot == Some(k) => Value::At(dst),
            _ => self.value(arg),
        }
    }

    /// Lock `loc` for the current operation.
    fn lock(&mut self, loc: Loc) {
        self.locked.push(loc);
    }

    fn owner(&self, loc: Loc) -> Option<VarId> {
        match loc {
            Loc::Gpr(r) => self.gpr_owner[r.0 as usize],
            Loc::Xmm(r) => self.xmm_owner[r.0 as usize],
            Loc::Slot(k) => self.slot_owner.get(k as usize).copied().flatten(),
        }
    }

    fn set_owner(&mut self, loc: Loc, v: Option<VarId>) {
        match loc {
            Loc::Gpr(r) => self.gpr_owner[r.0 as usize] = v,
            Loc::Xmm(r) => self.xmm_owner[r.0 as usize] = v,
            Loc::Slot(k) => {
                let k = k as usize;
                if self.slot_owner.len() <= k {
                    self.slot_owner.resize(k + 1, None);
                }
                self.slot_owner[k] = v;
            }
        }
    }

    /// Make `loc` (which must be free) a home of `v`.
    fn bind(&mut self, v: VarId, loc: Loc) {
        debug_assert!(self.owner(loc).is_none(), "{loc:?} is taken");
        let home = &mut self.homes[v as usize];
        match loc {
            Loc::Slot(k) => home.slot = Some(k),
            reg => home.reg = Some(reg),
        }
        self.set_owner(loc, Some(v));
    }

    /// Make register `reg` the home of an operation's result, if it has one.
    pub fn bind_result(&mut self, result: Option<Var>, reg: Loc) {
        if let Some(v) = result {
            self.bind(v.id, reg);
        }
    }

    fn release(&mut self, v: VarId) {
        let home = std::mem::take(&mut self.homes[v as usize]);
        if let Some(reg) = home.reg {
            self.set_owner(reg, None);
        }
        if let Some(k) = home.slot {
            self.set_owner(Loc::Slot(k), None);
        }
    }

    fn unbind_reg(&mut self, reg: Loc) {
        if let Some(v) = self.owner(reg) {
            self.homes[v as usize].reg = None;
            self.set_owner(reg, None);
        }
    }

    fn free_reg(&self, regs: &[Loc]) -> Option<Loc> {
        regs.iter().copied().find(|&r| self.owner(r).is_none() && !self.locked.contains(&r))
    }

    /// The first free slot (it stays free until bound).
    fn new_slot(&self) -> Loc {
        let k = self.slot_owner.iter().position(Option::is_none).unwrap_or(self.slot_owner.len());
        Loc::Slot(k as u32)
    }

    /// A free register of `class`, else a free slot.
    fn free_place(&self, class: Class) -> Loc {
        self.free_reg(class.registers()).unwrap_or_else(|| self.new_slot())
    }

    /// Move the variable in register `reg` to its slot (storing it if it has none yet).
    fn spill(&mut self, asm: &mut Asm, reg: Loc) {
        let Some(v) = self.owner(reg) else { return };
        if self.homes[v as usize].slot.is_none() {
            let slot = self.new_slot();
            asm.mov(slot, reg);
            self.bind(v, slot);
        }
        self.unbind_reg(reg);
    }

    /// Move the variable in `reg` to a free register of its class outside the locked ones, or
    /// spill it when there is none.
    fn relocate(&mut self, asm: &mut Asm, reg: Loc, to: &[Loc]) {
        let Some(v) = self.owner(reg) else { return };
        match self.free_reg(to) {
            Some(free) => {
                asm.mov(free, reg);
                self.unbind_reg(reg);
                self.bind(v, free);
            }
            None => self.spill(asm, reg),
        }
    }

    /// A register of `class` for the current operation: a free one, or one emptied by spilling
    /// the variable used furthest in the future. It is locked.
    pub fn alloc(&mut self, asm: &mut Asm, class: Class) -> Loc {
        let reg = match self.free_reg(class.registers()) {
            Some(reg) => reg,
            None => {
                let victim = class
                    .registers()
                    .iter()
                    .copied()
                    .filter(|r| !self.locked.contains(r))
                    .max_by_key(|&r| self.owner(r).map(|v| self.last_use[v as usize]))
                    .expect("an operation locks fewer registers than the machine has");
                self.spill(asm, victim);
                victim
            }
        };
        self.lock(reg);
        reg
    }

    /// A register holding `arg`'s value for the current operation, locked. A variable found only
    /// in its slot is loaded and keeps the register as a second home.
    pub fn reg(&mut self, asm: &mut Asm, arg: Arg) -> Loc {
        if let Some(v) = arg.var() {
            if let Some(reg) = self.homes[v.id as usize].reg {
                self.lock(reg);
                return reg;
            }
        }
        let value = self.value(arg);
        let reg = self.alloc(asm, Class::of(arg.kind()));
        asm.mov_value(reg, value);
        if let (Some(v), Value::At(Loc::Slot(_))) = (arg.var(), value) {
            self.bind(v.id, reg);
        }
        reg
    }

    /// [`Self::reg`] for a word.
    pub fn gpr(&mut self, asm: &mut Asm, arg: Arg) -> Gpr {
        match self.reg(asm, arg) {
            Loc::Gpr(r) => r,
            other => unreachable!("a word in {other:?}"),
        }
    }

    /// [`Self::reg`] for a float.
    pub fn xmm(&mut self, asm: &mut Asm, arg: Arg) -> Xmm {
        match self.reg(asm, arg) {
            Loc::Xmm(r) => r,
            other => unreachable!("a float in {other:?}"),
        }
    }

    /// The register of `arg` if it is a variable of `class` in a register and the current
    /// operation is its last use: the register leaves the variable and stays locked for the
    /// caller, who may overwrite it.
    fn take_over(&mut self, arg: Arg, class: Class) -> Option<Loc> {
        let v = arg.var()?;
        let reg = self.homes[v.id as usize].reg?;
        if Class::of(v.kind) != class || !self.dies_now(v.id) {
            return None;
        }
        self.unbind_reg(reg);
        self.lock(reg);
        Some(reg)
    }

    /// A register of `class` for a result written after all operands are read: the register of
    /// a dying operand among `candidates`, or a fresh one.
    pub fn reuse_or_alloc(&mut self, asm: &mut Asm, candidates: &[Arg], class: Class) -> Loc {
        match candidates.iter().find_map(|&a| self.take_over(a, class)) {
            Some(reg) => reg,
            None => self.alloc(asm, class),
        }
    }

    /// A register holding a copy of `arg` that the current operation may overwrite (the first
    /// operand of a two-address instruction): `arg`'s own register when it dies here.
    pub fn result_from(&mut self, asm: &mut Asm, arg: Arg) -> Loc {
        let class = Class::of(arg.kind());
        if let Some(reg) = self.take_over(arg, class) {
            return reg;
        }
        let value = self.value(arg);
        let reg = self.alloc(asm, class);
        asm.mov_value(reg, value);
        reg
    }

    /// Reserve `regs` for the current operation (which overwrites them): their variables move to
    /// other registers or to their slots.
    pub fn clobber(&mut self, asm: &mut Asm, regs: &[Gpr]) {
        self.locked.extend(regs.iter().map(|&r| Loc::Gpr(r)));
        for &r in regs {
            self.relocate(asm, Loc::Gpr(r), &GPRS);
        }
    }

    /// Before a call: variables used after it leave the registers the call clobbers, for free
    /// callee-saved registers or their slots. Variables that die at the call stay where they are
    /// (they may be its arguments).
    pub fn save_for_call(&mut self, asm: &mut Asm) {
        for reg in GPRS.iter().chain(&XMMS).copied().filter(|r| !CALLEE_SAVED.contains(r)) {
            if self.owner(reg).is_some_and(|v| !self.dies_now(v)) {
                match reg {
                    Loc::Gpr(_) => self.relocate(asm, reg, CALLEE_SAVED),
                    _ => self.spill(asm, reg),
                }
            }
        }
    }

    /// Where `arg`'s value is in memory: its slot (stored there now if it has none; it keeps its
    /// register), or its constant.
    pub fn in_slot(&mut self, asm: &mut Asm, arg: Arg) -> Value {
        let Arg::Var(v) = arg else { return self.value(arg) };
        let home = self.homes[v.id as usize];
        match (home.slot, home.reg, home.constant) {
            (Some(k), _, _) => Value::At(Loc::Slot(k)),
            (None, Some(reg), _) => {
                let slot = self.new_slot();
                asm.mov(slot, reg);
                self.bind(v.id, slot);
                Value::At(slot)
            }
            (None, None, _) => self.value(arg),
        }
    }

    /// After a call: the registers it clobbers hold nothing any more.
    pub fn forget_caller_saved(&mut self) {
        for reg in GPRS.iter().chain(&XMMS).copied().filter(|r| !CALLEE_SAVED.contains(r)) {
            self.unbind_reg(reg);
        }
    }

    /// Place the input args of a loop: in free registers of their class in order of preference,
    /// then in slots. Returns their locations.
    pub fn place_inputs(&mut self, vars: &[Var]) -> Vec<Loc> {
        vars.iter()
            .map(|&v| {
                let loc = self.free_place(Class::of(v.kind));
                self.bind(v.id, loc);
                loc
            })
            .collect()
    }

    /// Place the input args of a bridge where its guard left the values. A place holding an
    /// earlier input too (a variable repeated in the fail args) is copied to a new place.
    pub fn place_bridge_inputs(&mut self, asm: &mut Asm, vars: &[Var], values: &[Value]) {
        let mut shared = Vec::new();
        for (&v, &value) in vars.iter().zip(values) {
            match value {
                Value::Const(bits) => self.homes[v.id as usize].constant = Some(bits),
                Value::At(loc) if self.owner(loc).is_none() => self.bind(v.id, loc),
                Value::At(loc) => shared.push((v, loc)),
            }
        }
        for (v, from) in shared {
            let to = self.free_place(Class::of(v.kind));
            asm.mov(to, from);
            self.bind(v.id, to);
        }
        for v in vars {
            if self.last_use[v.id as usize].is_none() {
                self.release(v.id);
            }
        }
    }

    /// Give each label arg exactly one place (its register if it has one, else its slot; a
    /// constant is loaded into a new place) and forget every other variable. Returns the places.
    /// A `cold` arg (one the loop reads only as a fail arg or passes on to the jump) goes to its
    /// slot, so that it takes no register the loop's operations need: spilled in the middle of
    /// the loop, it would be stored and loaded again on every iteration. A hot arg found only in
    /// its slot is loaded into a free register, if there is one.
    pub fn settle_label(&mut self, asm: &mut Asm, vars: &[Var], cold: &[bool]) -> Vec<Loc> {
        for v in self.placed() {
            if !vars.iter().any(|l| l.id == v) {
                self.release(v);
            }
        }
        for (v, _) in vars.iter().zip(cold).filter(|(_, &cold)| cold) {
            if let Some(reg) = self.homes[v.id as usize].reg {
                self.spill(asm, reg);
            }
        }
        for (v, _) in vars.iter().zip(cold).filter(|(_, &cold)| !cold) {
            let home = self.homes[v.id as usize];
            if let (None, Some(k), Some(reg)) = (home.reg, home.slot, self.free_reg(Class::of(v.kind).registers())) {
                asm.mov(reg, Loc::Slot(k));
                self.bind(v.id, reg);
            }
        }
        vars.iter()
            .map(|&v| {
                let home = self.homes[v.id as usize];
                match (home.reg, home.slot, home.constant) {
                    (Some(reg), slot, _) => {
                        if let Some(k) = slot {
                            self.set_owner(Loc::Slot(k), None);
                            self.homes[v.id as usize].slot = None;
                        }
                        reg
                    }
                    (None, Some(k), _) => Loc::Slot(k),
                    (None, None, constant) => {
                        let loc = self.free_place(Class::of(v.kind));
                        asm.mov_const(loc, constant.expect("a label arg has a home"));
                        self.homes[v.id as usize].constant = None;
                        self.bind(v.id, loc);
                        loc
                    }
                }
            })
            .collect()
    }
}

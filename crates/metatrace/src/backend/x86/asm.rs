//! Instruction emission: registers, locations and the frame layout, and the instruction shapes
//! the code generator uses, over registers and memory operands chosen at compile time of the
//! trace, emitted with dynasm-rs. Also local labels, and jump fixups that are resolved once the
//! code's final address is known.
//!
//! `jcc`, `jmp` and `setcc` are encoded by hand because their condition is data (a [`Cond`]),
//! which dynasm's mnemonic syntax cannot take, and because their 32-bit displacements are patched
//! later; everything else goes through `dynasm!`.

// `dynasm!` converts the register numbers of dynamic registers with `.into()`, even from `u8`.
#![allow(clippy::useless_conversion)]

use dynasmrt::{dynasm, DynasmApi, SimpleAssembler};
use metatrace_gc::ItemType;

macro_rules! x64 {
    ($ops:expr; $($t:tt)*) => { dynasm!($ops ; .arch x64 ; $($t)*) };
}

/// A general-purpose register, by its hardware number (0 = rax, ..., 15 = r15).
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub struct Gpr(pub u8);

/// Named constants of a register-like type, documented with their names.
macro_rules! named {
    ($ty:ident { $($name:ident = $n:literal),* $(,)? }) => {
        impl $ty {
            $(#[doc = concat!("`", stringify!($name), "`")] pub const $name: $ty = $ty($n);)*
        }
    };
}

named!(Gpr {
    RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4, RBP = 5, RSI = 6, RDI = 7,
    R8 = 8, R9 = 9, R10 = 10, R11 = 11, R12 = 12, R13 = 13, R14 = 14, R15 = 15,
});

/// An SSE register, by number.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub struct Xmm(pub u8);

/// The integer scratch register: never allocated, used inside single instruction sequences
/// (large immediates, memory-to-memory moves, addresses of runtime words, exit stubs).
pub const SCRATCH: Gpr = Gpr::R11;

/// The float scratch register: never allocated, used for float constants and to break cycles of
/// parallel moves.
pub const XSCRATCH: Xmm = Xmm(15);

/// A place holding a value while compiled code runs.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub enum Loc {
    /// A general-purpose register (ints and references).
    Gpr(Gpr),
    /// An SSE register (floats).
    Xmm(Xmm),
    /// A spill slot of the frame.
    Slot(u32),
}

/// Where a value is: a location, or a constant that is materialized where it is needed.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub enum Value {
    /// In a location.
    At(Loc),
    /// A constant 64-bit pattern.
    Const(u64),
}

/// A memory operand `[base + disp]`.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct Mem {
    /// The base register.
    pub base: Gpr,
    /// The displacement.
    pub disp: i32,
}

impl Mem {
    /// The frame word that holds the deopt buffer's address. The frame is addressed from `rsp`,
    /// which stays 16-byte aligned and fixed while compiled code runs: `[rsp]` is this word,
    /// `[rsp + 8]` is [`Mem::ALLOC_CONTEXT`], `[rsp + 16]` is [`Mem::HELPER_ARG`], `[rsp + 24]`
    /// is [`Mem::FRAME_BYTES`], `[rsp + 32]` is [`Mem::FORCE_DESCR`] and spill slot `k` is
    /// `[rsp + 40 + 8k]`.
    pub const DEOPT_BUFFER: Mem = Mem { base: Gpr::RSP, disp: 0 };

    /// The frame word that holds the address of the running thread's allocation context
    /// (`metatrace_gc::inline::AllocContext`), or 0 when allocation is never inlined.
    pub const ALLOC_CONTEXT: Mem = Mem { base: Gpr::RSP, disp: 8 };

    /// The frame word through which code passes a helper its second argument (see `helpers`).
    pub const HELPER_ARG: Mem = Mem { base: Gpr::RSP, disp: 16 };

    /// The frame word that holds the frame's size in bytes (the trampoline's `frame_bytes`): a
    /// bridge checks it on entry (see `codegen::compile`).
    pub const FRAME_BYTES: Mem = Mem { base: Gpr::RSP, disp: 24 };

    /// The frame word that names the `guard_not_forced` after the call under way (its exit
    /// code, stored before the call), or [`FORCED`] once the call's frames were forced: the
    /// guard fails then. The frame's address (`rsp`) is its `force_token`.
    pub const FORCE_DESCR: Mem = Mem { base: Gpr::RSP, disp: 32 };

    /// The frame words before the spill slots.
    pub const HEADER_WORDS: u32 = 5;

    /// Spill slot `k` of the frame.
    pub fn slot(k: u32) -> Mem {
        Mem { base: Gpr::RSP, disp: 8 * (Mem::HEADER_WORDS + k) as i32 }
    }
}

/// The value of [`Mem::FORCE_DESCR`] in a forced frame (no exit code has all bits set: resume
/// indices stay below `guards::RETURNS`).
pub const FORCED: u64 = u64::MAX;

/// The most spill slots a trace may use, so that slot displacements fit and frames stay small
/// (16 KiB). An entry opens a frame of the size its loop tree needs, not of this size.
pub const MAX_SLOTS: u32 = 1 << 11;

/// An x86 condition code (the low nibble of `jcc` and `setcc`).
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct Cond(u8);

named!(Cond {
    O = 0x0, NO = 0x1, B = 0x2, AE = 0x3, E = 0x4, NE = 0x5, BE = 0x6, A = 0x7,
    P = 0xA, NP = 0xB, L = 0xC, GE = 0xD, LE = 0xE, G = 0xF,
});

impl Cond {
    /// The opposite condition.
    pub fn negate(self) -> Cond {
        Cond(self.0 ^ 1)
    }
}

/// The source operand of an integer instruction.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Src {
    /// A register.
    Reg(Gpr),
    /// A 64-bit memory word.
    Mem(Mem),
    /// A sign-extended 32-bit immediate.
    Imm(i32),
}

/// The source operand of an SSE instruction.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum XSrc {
    /// A register.
    Reg(Xmm),
    /// A 64-bit memory word.
    Mem(Mem),
}

/// A value to store into memory.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum StoreSrc {
    /// From a general-purpose register.
    Gpr(Gpr),
    /// From an SSE register (8 bytes).
    Xmm(Xmm),
    /// An immediate, truncated to the store's size (sign-extended to 8 bytes for 8-byte stores).
    Imm(i32),
}

/// Two-operand integer instructions `op dst, src`.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Alu {
    /// add
    Add,
    /// sub
    Sub,
    /// imul (signed, sets OF on overflow)
    Imul,
    /// and
    And,
    /// or
    Or,
    /// xor
    Xor,
    /// cmp
    Cmp,
}

/// One-operand integer instructions.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Unary {
    /// neg
    Neg,
    /// not
    Not,
}

/// Shifts.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Shift {
    /// shl
    Left,
    /// sar
    Arith,
    /// shr
    Logical,
}

/// Scalar double arithmetic.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Sse {
    /// addsd
    Add,
    /// subsd
    Sub,
    /// mulsd
    Mul,
    /// divsd
    Div,
}

/// Bitwise operations on a whole SSE register, for sign manipulation.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Bits {
    /// xorpd
    Xor,
    /// andpd
    And,
}

/// A position in the code being assembled, bound once.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct Label(usize);

/// Where a jump goes.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Target {
    /// A label of this code.
    Label(Label),
    /// An absolute address in code memory (another trace, the trampoline).
    Addr(usize),
}

/// A 32-bit displacement that must point at an absolute address once the code is placed.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct Fixup {
    /// Offset of the displacement in the code.
    pub at: usize,
    /// The absolute target.
    pub target: usize,
}

/// Machine code in the making.
pub struct Asm {
    ops: SimpleAssembler,
    labels: Vec<Option<usize>>,
    jumps: Vec<(usize, Target)>,
}

impl Asm {
    /// An empty buffer.
    pub fn new() -> Asm {
        Asm { ops: SimpleAssembler::new(), labels: Vec::new(), jumps: Vec::new() }
    }

    /// Current offset.
    pub fn offset(&self) -> usize {
        self.ops.offset().0
    }

    /// A new unbound label.
    pub fn new_label(&mut self) -> Label {
        self.labels.push(None);
        Label(self.labels.len() - 1)
    }

    /// Bind `label` here.
    pub fn bind(&mut self, label: Label) {
        debug_assert!(self.labels[label.0].is_none(), "label bound twice");
        self.labels[label.0] = Some(self.offset());
    }

    /// The offset of a bound label.
    pub fn label_offset(&self, label: Label) -> Option<usize> {
        self.labels[label.0]
    }

    /// The code and the fixups still to apply at its final address. Local jumps are resolved here
    /// (every label jumped to must be bound).
    pub fn finish(self) -> (Vec<u8>, Vec<Fixup>) {
        let mut code = self.ops.finalize();
        let mut fixups = Vec::new();
        for (at, target) in self.jumps {
            match target {
                Target::Label(l) => {
                    let to = self.labels[l.0].expect("a jump to an unbound label");
                    let rel = to as i64 - (at as i64 + 4);
                    code[at..at + 4].copy_from_slice(&(rel as i32).to_le_bytes());
                }
                Target::Addr(target) => fixups.push(Fixup { at, target }),
            }
        }
        (code, fixups)
    }

    fn rel32(&mut self, target: Target) -> usize {
        let at = self.offset();
        self.ops.push_i32(0);
        self.jumps.push((at, target));
        at
    }

    /// `jcc target`; returns the offset of its 32-bit displacement (for patching).
    pub fn jcc(&mut self, cond: Cond, target: Target) -> usize {
        self.ops.extend([0x0F, 0x80 | cond.0]);
        self.rel32(target)
    }

    /// `call target` (relative: the target lies in the same code memory).
    pub fn call_target(&mut self, target: Target) {
        self.ops.push(0xE8);
        self.rel32(target);
    }

    /// `jmp target`.
    pub fn jmp(&mut self, target: Target) {
        self.ops.push(0xE9);
        self.rel32(target);
    }

    /// `setcc r8` (always with a REX prefix, so that 4..7 name spl..dil).
    pub fn setcc(&mut self, cond: Cond, dst: Gpr) {
        self.ops.extend([0x40 | (dst.0 >> 3), 0x0F, 0x90 | cond.0, 0xC0 | (dst.0 & 7)]);
    }

    /// `movzx r32, r8` of one register: widen the low byte to the whole register.
    pub fn zero_extend_byte(&mut self, r: Gpr) {
        x64!(self.ops; movzx Rd(r.0), Rb(r.0));
    }

    /// `and r8, r8` (`and == true`) or `or r8, r8` of low bytes.
    pub fn combine_bytes(&mut self, and: bool, dst: Gpr, src: Gpr) {
        if and {
            x64!(self.ops; and Rb(dst.0), Rb(src.0));
        } else {
            x64!(self.ops; or Rb(dst.0), Rb(src.0));
        }
    }

    /// Copy between any two locations of 64-bit values (`r11` carries memory-to-memory moves).
    pub fn mov(&mut self, dst: Loc, src: Loc) {
        match (dst, src) {
            _ if dst == src => {}
            (Loc::Gpr(d), Loc::Gpr(s)) => x64!(self.ops; mov Rq(d.0), Rq(s.0)),
            (Loc::Gpr(d), Loc::Xmm(s)) => x64!(self.ops; movq Rq(d.0), Rx(s.0)),
            (Loc::Gpr(d), Loc::Slot(k)) => self.load(d, Mem::slot(k)),
            (Loc::Xmm(d), Loc::Gpr(s)) => x64!(self.ops; movq Rx(d.0), Rq(s.0)),
            (Loc::Xmm(d), Loc::Xmm(s)) => x64!(self.ops; movaps Rx(d.0), Rx(s.0)),
            (Loc::Xmm(d), Loc::Slot(k)) => self.load_xmm(d, Mem::slot(k)),
            (Loc::Slot(k), Loc::Gpr(s)) => self.store(Mem::slot(k), s),
            (Loc::Slot(k), Loc::Xmm(s)) => self.store_xmm(Mem::slot(k), s),
            (Loc::Slot(k), Loc::Slot(j)) => {
                self.load(SCRATCH, Mem::slot(j));
                self.store(Mem::slot(k), SCRATCH);
            }
        }
    }

    /// Put a value (a location or a constant) into `dst`. Never changes the flags.
    pub fn mov_value(&mut self, dst: Loc, src: Value) {
        match src {
            Value::At(loc) => self.mov(dst, loc),
            Value::Const(bits) => self.mov_const(dst, bits),
        }
    }

    /// Load a 64-bit constant into any location (through `r11` for SSE registers and for slots
    /// when it does not fit a sign-extended 32-bit immediate). Never changes the flags.
    pub fn mov_const(&mut self, dst: Loc, bits: u64) {
        match dst {
            Loc::Gpr(d) => self.mov_imm(d, bits),
            Loc::Xmm(d) => {
                self.mov_imm(SCRATCH, bits);
                x64!(self.ops; movq Rx(d.0), Rq(SCRATCH.0));
            }
            Loc::Slot(k) => match imm32(bits) {
                Some(imm) => self.store_item(Mem::slot(k), StoreSrc::Imm(imm), 8),
                None => {
                    self.mov_imm(SCRATCH, bits);
                    self.store(Mem::slot(k), SCRATCH);
                }
            },
        }
    }

    /// `mov r64, imm` in its shortest form.
    pub fn mov_imm(&mut self, dst: Gpr, bits: u64) {
        let d = dst.0;
        if let Ok(imm) = u32::try_from(bits) {
            let imm = imm as i32;
            x64!(self.ops; mov Rd(d), DWORD imm);
        } else if let Some(imm) = imm32(bits) {
            x64!(self.ops; mov Rq(d), DWORD imm);
        } else {
            let imm = bits as i64;
            x64!(self.ops; mov Rq(d), QWORD imm);
        }
    }

    /// `mov r64, [m]`.
    pub fn load(&mut self, dst: Gpr, m: Mem) {
        x64!(self.ops; mov Rq(dst.0), QWORD [Rq(m.base.0) + m.disp]);
    }

    /// `mov [m], r64`.
    pub fn store(&mut self, m: Mem, src: Gpr) {
        x64!(self.ops; mov QWORD [Rq(m.base.0) + m.disp], Rq(src.0));
    }

    /// `movsd xmm, [m]`.
    pub fn load_xmm(&mut self, dst: Xmm, m: Mem) {
        x64!(self.ops; movsd Rx(dst.0), QWORD [Rq(m.base.0) + m.disp]);
    }

    /// `movsd [m], xmm`.
    pub fn store_xmm(&mut self, m: Mem, src: Xmm) {
        x64!(self.ops; movsd QWORD [Rq(m.base.0) + m.disp], Rx(src.0));
    }

    /// Load a field or item of type `ty` into `dst` (an SSE register for floats, else a
    /// general-purpose register), sign- or zero-extending narrow integers.
    pub fn load_item(&mut self, dst: Loc, m: Mem, ty: ItemType) {
        let (b, disp) = (m.base.0, m.disp);
        match dst {
            Loc::Xmm(x) => self.load_xmm(x, m),
            Loc::Gpr(Gpr(d)) => match (ty.size, ty.signed) {
                (1, true) => x64!(self.ops; movsx Rq(d), BYTE [Rq(b) + disp]),
                (1, false) => x64!(self.ops; movzx Rd(d), BYTE [Rq(b) + disp]),
                (2, true) => x64!(self.ops; movsx Rq(d), WORD [Rq(b) + disp]),
                (2, false) => x64!(self.ops; movzx Rd(d), WORD [Rq(b) + disp]),
                (4, true) => x64!(self.ops; movsxd Rq(d), DWORD [Rq(b) + disp]),
                (4, false) => x64!(self.ops; mov Rd(d), DWORD [Rq(b) + disp]),
                _ => self.load(Gpr(d), m),
            },
            Loc::Slot(_) => unreachable!("items are loaded into registers"),
        }
    }

    /// Store the low `size` bytes (1, 2, 4 or 8) of `src` at `m`.
    pub fn store_item(&mut self, m: Mem, src: StoreSrc, size: u8) {
        let (b, disp) = (m.base.0, m.disp);
        match (src, size) {
            (StoreSrc::Xmm(x), _) => self.store_xmm(m, x),
            (StoreSrc::Gpr(Gpr(s)), 1) => x64!(self.ops; mov BYTE [Rq(b) + disp], Rb(s)),
            (StoreSrc::Gpr(Gpr(s)), 2) => x64!(self.ops; mov WORD [Rq(b) + disp], Rw(s)),
            (StoreSrc::Gpr(Gpr(s)), 4) => x64!(self.ops; mov DWORD [Rq(b) + disp], Rd(s)),
            (StoreSrc::Gpr(s), _) => self.store(m, s),
            (StoreSrc::Imm(i), 1) => x64!(self.ops; mov BYTE [Rq(b) + disp], BYTE i as i8),
            (StoreSrc::Imm(i), 2) => x64!(self.ops; mov WORD [Rq(b) + disp], WORD i as i16),
            (StoreSrc::Imm(i), 4) => x64!(self.ops; mov DWORD [Rq(b) + disp], DWORD i),
            (StoreSrc::Imm(i), _) => x64!(self.ops; mov QWORD [Rq(b) + disp], DWORD i),
        }
    }

    /// `lea dst, [m]`: the address `m` names.
    pub fn lea(&mut self, dst: Gpr, m: Mem) {
        let (d, b, disp) = (dst.0, m.base.0, m.disp);
        x64!(self.ops; lea Rq(d), [Rq(b) + disp]);
    }

    /// `lea dst, [base + index * scale]` for a scale of 1, 2, 4 or 8.
    pub fn lea_index(&mut self, dst: Gpr, base: Gpr, index: Gpr, scale: u8) {
        let (d, b, i) = (dst.0, base.0, index.0);
        match scale {
            1 => x64!(self.ops; lea Rq(d), [Rq(b) + Rq(i)]),
            2 => x64!(self.ops; lea Rq(d), [Rq(b) + Rq(i) * 2]),
            4 => x64!(self.ops; lea Rq(d), [Rq(b) + Rq(i) * 4]),
            _ => x64!(self.ops; lea Rq(d), [Rq(b) + Rq(i) * 8]),
        }
    }

    /// `op dst, src` on 64-bit integers.
    pub fn alu(&mut self, op: Alu, dst: Gpr, src: Src) {
        let d = dst.0;
        macro_rules! forms {
            ($($variant:ident => $mnemonic:ident),*) => {
                match (op, src) {
                    $(
                        (Alu::$variant, Src::Reg(Gpr(s))) => x64!(self.ops; $mnemonic Rq(d), Rq(s)),
                        (Alu::$variant, Src::Mem(Mem { base: Gpr(b), disp })) =>
                            x64!(self.ops; $mnemonic Rq(d), QWORD [Rq(b) + disp]),
                        (Alu::$variant, Src::Imm(i)) => x64!(self.ops; $mnemonic Rq(d), DWORD i),
                    )*
                    (Alu::Imul, Src::Reg(Gpr(s))) => x64!(self.ops; imul Rq(d), Rq(s)),
                    (Alu::Imul, Src::Mem(Mem { base: Gpr(b), disp })) => x64!(self.ops; imul Rq(d), QWORD [Rq(b) + disp]),
                    (Alu::Imul, Src::Imm(i)) => x64!(self.ops; imul Rq(d), Rq(d), DWORD i),
                }
            };
        }
        forms!(Add => add, Sub => sub, And => and, Or => or, Xor => xor, Cmp => cmp)
    }

    /// `cmp QWORD [m], src` (a register or an immediate).
    pub fn cmp_mem(&mut self, m: Mem, src: Src) {
        let (b, disp) = (m.base.0, m.disp);
        match src {
            Src::Reg(Gpr(s)) => x64!(self.ops; cmp QWORD [Rq(b) + disp], Rq(s)),
            Src::Imm(i) => x64!(self.ops; cmp QWORD [Rq(b) + disp], DWORD i),
            Src::Mem(_) => unreachable!("cmp has at most one memory operand"),
        }
    }

    /// `cmp QWORD [rsp + disp], imm32` with a 32-bit immediate always (`disp` < 128), so that
    /// the immediate can be patched; returns the offset of the immediate.
    pub fn cmp_frame_word_patchable(&mut self, disp: i32, imm: i32) -> usize {
        debug_assert!((0..128).contains(&disp));
        self.ops.extend([0x48, 0x81, 0x7C, 0x24, disp as u8]);
        let at = self.offset();
        self.ops.extend(imm.to_le_bytes());
        at
    }

    /// `cmovcc dst, src` on 64-bit registers.
    pub fn cmov(&mut self, cond: Cond, dst: Gpr, src: Gpr) {
        self.ops.extend([
            0x48 | ((dst.0 >> 3) << 2) | (src.0 >> 3),
            0x0F,
            0x40 | cond.0,
            0xC0 | ((dst.0 & 7) << 3) | (src.0 & 7),
        ]);
    }

    /// `add QWORD [m], imm`.
    pub fn add_mem(&mut self, m: Mem, imm: i32) {
        x64!(self.ops; add QWORD [Rq(m.base.0) + m.disp], DWORD imm);
    }

    /// Test (`set`: and set) bit `index` of the bit string at `base` (8-byte aligned); the carry
    /// flag gets its old value. The 64-bit word that holds the bit is loaded into `word` and tested
    /// there (`bt`/`bts` on a register take the index modulo 64), and stored back when setting;
    /// `at` gets the word's number (`index >> 6`; it may be `word` when not setting). The memory
    /// forms of `bt`/`bts` with a register index address the whole bit string, so they are
    /// microcoded (about ten µops each, a chain of them through one word serialized); the
    /// register forms are one µop (chaos, whose hottest loop allocates five objects per
    /// iteration: about 3% less CPU time).
    pub fn bit_test(&mut self, base: Gpr, index: Gpr, word: Gpr, at: Gpr, set: bool) {
        let (b, i, w, a) = (base.0, index.0, word.0, at.0);
        x64!(self.ops; mov Rq(a), Rq(i); shr Rq(a), 6; mov Rq(w), QWORD [Rq(b) + Rq(a) * 8]);
        if set {
            x64!(self.ops; bts Rq(w), Rq(i); mov QWORD [Rq(b) + Rq(a) * 8], Rq(w));
        } else {
            x64!(self.ops; bt Rq(w), Rq(i));
        }
    }

    /// `test BYTE [m], mask`.
    pub fn test_byte(&mut self, m: Mem, mask: u8) {
        x64!(self.ops; test BYTE [Rq(m.base.0) + m.disp], BYTE mask as i8);
    }

    /// `sub rsp, n` (`n` < 0: `add rsp, -n`).
    pub fn grow_stack(&mut self, n: i32) {
        if n >= 0 {
            x64!(self.ops; sub rsp, DWORD n);
        } else {
            x64!(self.ops; add rsp, DWORD -n);
        }
    }

    /// `neg r` or `not r`.
    pub fn unary(&mut self, op: Unary, r: Gpr) {
        match op {
            Unary::Neg => x64!(self.ops; neg Rq(r.0)),
            Unary::Not => x64!(self.ops; not Rq(r.0)),
        }
    }

    /// Shift `r` by a constant count, or by `cl` when `count` is `None`.
    pub fn shift(&mut self, op: Shift, r: Gpr, count: Option<u8>) {
        let r = r.0;
        match (op, count) {
            (Shift::Left, None) => x64!(self.ops; shl Rq(r), cl),
            (Shift::Left, Some(n)) => x64!(self.ops; shl Rq(r), BYTE n as i8),
            (Shift::Arith, None) => x64!(self.ops; sar Rq(r), cl),
            (Shift::Arith, Some(n)) => x64!(self.ops; sar Rq(r), BYTE n as i8),
            (Shift::Logical, None) => x64!(self.ops; shr Rq(r), cl),
            (Shift::Logical, Some(n)) => x64!(self.ops; shr Rq(r), BYTE n as i8),
        }
    }

    /// `cqo; idiv r`: divide rdx:rax by `r`, quotient in rax, remainder in rdx.
    pub fn signed_divide(&mut self, r: Gpr) {
        x64!(self.ops; cqo; idiv Rq(r.0));
    }

    /// `op dst, src` on doubles.
    pub fn sse(&mut self, op: Sse, dst: Xmm, src: XSrc) {
        let d = dst.0;
        macro_rules! forms {
            ($($variant:ident => $mnemonic:ident),*) => {
                match (op, src) {
                    $(
                        (Sse::$variant, XSrc::Reg(Xmm(s))) => x64!(self.ops; $mnemonic Rx(d), Rx(s)),
                        (Sse::$variant, XSrc::Mem(Mem { base: Gpr(b), disp })) =>
                            x64!(self.ops; $mnemonic Rx(d), QWORD [Rq(b) + disp]),
                    )*
                }
            };
        }
        forms!(Add => addsd, Sub => subsd, Mul => mulsd, Div => divsd)
    }

    /// `sqrtsd r, r`: the square root of a double in place.
    pub fn sqrt(&mut self, r: Xmm) {
        x64!(self.ops; sqrtsd Rx(r.0), Rx(r.0));
    }

    /// `xorpd dst, src` or `andpd dst, src`.
    pub fn bits(&mut self, op: Bits, dst: Xmm, src: Xmm) {
        match op {
            Bits::Xor => x64!(self.ops; xorpd Rx(dst.0), Rx(src.0)),
            Bits::And => x64!(self.ops; andpd Rx(dst.0), Rx(src.0)),
        }
    }

    /// `xorps r, r`: zero an SSE register (without touching the flags).
    pub fn zero_xmm(&mut self, r: Xmm) {
        x64!(self.ops; xorps Rx(r.0), Rx(r.0));
    }

    /// `ucomisd a, b`.
    pub fn ucomisd(&mut self, a: Xmm, b: XSrc) {
        match b {
            XSrc::Reg(Xmm(s)) => x64!(self.ops; ucomisd Rx(a.0), Rx(s)),
            XSrc::Mem(Mem { base: Gpr(b), disp }) => x64!(self.ops; ucomisd Rx(a.0), QWORD [Rq(b) + disp]),
        }
    }

    /// `cvtsi2sd dst, src` (a register or a memory word).
    pub fn int_to_float(&mut self, dst: Xmm, src: Src) {
        match src {
            Src::Reg(Gpr(s)) => x64!(self.ops; cvtsi2sd Rx(dst.0), Rq(s)),
            Src::Mem(Mem { base: Gpr(b), disp }) => x64!(self.ops; cvtsi2sd Rx(dst.0), QWORD [Rq(b) + disp]),
            Src::Imm(_) => unreachable!("cvtsi2sd takes no immediate"),
        }
    }

    /// `cvttsd2si dst, src`.
    pub fn float_to_int(&mut self, dst: Gpr, src: XSrc) {
        match src {
            XSrc::Reg(Xmm(s)) => x64!(self.ops; cvttsd2si Rq(dst.0), Rx(s)),
            XSrc::Mem(Mem { base: Gpr(b), disp }) => x64!(self.ops; cvttsd2si Rq(dst.0), QWORD [Rq(b) + disp]),
        }
    }

    /// Call the function at `addr` through `r11`.
    pub fn call(&mut self, addr: usize) {
        self.mov_imm(SCRATCH, addr as u64);
        x64!(self.ops; call Rq(SCRATCH.0));
    }

    /// `push r`.
    pub fn push(&mut self, r: Gpr) {
        x64!(self.ops; push Rq(r.0));
    }

    /// `pop r`.
    pub fn pop(&mut self, r: Gpr) {
        x64!(self.ops; pop Rq(r.0));
    }

    /// `mov rbp, rsp`.
    pub fn set_frame_pointer(&mut self) {
        x64!(self.ops; mov rbp, rsp);
    }

    /// `lea rsp, [rbp + disp]`.
    pub fn reset_stack(&mut self, disp: i32) {
        x64!(self.ops; lea rsp, [rbp + disp]);
    }

    /// `jmp r`.
    pub fn jmp_reg(&mut self, r: Gpr) {
        x64!(self.ops; jmp Rq(r.0));
    }

    /// `ret`.
    pub fn ret(&mut self) {
        x64!(self.ops; ret);
    }
}

/// `bits` as a sign-extended 32-bit immediate, if it is one.
pub fn imm32(bits: u64) -> Option<i32> {
    i32::try_from(bits as i64).ok()
}

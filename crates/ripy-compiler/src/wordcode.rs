//! CPython 3.11's encoding of a code object's instructions: the `co_code` bytes and the
//! `co_exceptiontable` bytes that tools written for CPython read (the `dis` module, `inspect`,
//! `traceback`'s positions, tests that measure `len(co_code)`).
//!
//! ripy runs its own instruction array ([`crate::bytecode`]), whose instructions have the
//! semantics of CPython's of the same names. Each one is written here as CPython 3.11 writes it:
//! its opcode number and a one-byte oparg, `EXTENDED_ARG` prefixes for larger opargs, `PRECALL`
//! (and `KW_NAMES`) before `CALL`, zeroed inline `CACHE` entries after the instructions that have
//! them, relative jumps (`JUMP_FORWARD`, `POP_JUMP_BACKWARD_IF_TRUE`, ...) in code units. A
//! deref operand is numbered after the fast locals (CPython's "localsplus" index).
//!
//! [`Wordcode`] also maps each instruction index (`pc`) to its code units: the *main* unit (the
//! instruction itself, whose byte offset is what `f_lasti` and `tb_lasti` report) and the range
//! of units it occupies (what `co_positions()` and `co_lines()` describe).

use std::ops::Range;

use crate::bytecode::{CodeObject, Instr};

/// CPython 3.11's opcode numbers (`opcode.opmap`), for the instructions ripy has and the prefixes
/// it writes.
mod op {
    pub const CACHE: u8 = 0;
    pub const POP_TOP: u8 = 1;
    pub const PUSH_NULL: u8 = 2;
    pub const NOP: u8 = 9;
    pub const UNARY_POSITIVE: u8 = 10;
    pub const UNARY_NEGATIVE: u8 = 11;
    pub const UNARY_NOT: u8 = 12;
    pub const UNARY_INVERT: u8 = 15;
    pub const BINARY_SUBSCR: u8 = 25;
    pub const GET_LEN: u8 = 30;
    pub const MATCH_MAPPING: u8 = 31;
    pub const MATCH_SEQUENCE: u8 = 32;
    pub const MATCH_KEYS: u8 = 33;
    pub const PUSH_EXC_INFO: u8 = 35;
    pub const CHECK_EXC_MATCH: u8 = 36;
    pub const CHECK_EG_MATCH: u8 = 37;
    pub const WITH_EXCEPT_START: u8 = 49;
    pub const GET_AITER: u8 = 50;
    pub const GET_ANEXT: u8 = 51;
    pub const BEFORE_ASYNC_WITH: u8 = 52;
    pub const BEFORE_WITH: u8 = 53;
    pub const END_ASYNC_FOR: u8 = 54;
    pub const STORE_SUBSCR: u8 = 60;
    pub const DELETE_SUBSCR: u8 = 61;
    pub const GET_ITER: u8 = 68;
    pub const GET_YIELD_FROM_ITER: u8 = 69;
    pub const PRINT_EXPR: u8 = 70;
    pub const LOAD_BUILD_CLASS: u8 = 71;
    pub const LOAD_ASSERTION_ERROR: u8 = 74;
    pub const RETURN_GENERATOR: u8 = 75;
    pub const LIST_TO_TUPLE: u8 = 82;
    pub const RETURN_VALUE: u8 = 83;
    pub const IMPORT_STAR: u8 = 84;
    pub const SETUP_ANNOTATIONS: u8 = 85;
    pub const YIELD_VALUE: u8 = 86;
    pub const ASYNC_GEN_WRAP: u8 = 87;
    pub const PREP_RERAISE_STAR: u8 = 88;
    pub const POP_EXCEPT: u8 = 89;
    pub const STORE_NAME: u8 = 90;
    pub const DELETE_NAME: u8 = 91;
    pub const UNPACK_SEQUENCE: u8 = 92;
    pub const FOR_ITER: u8 = 93;
    pub const UNPACK_EX: u8 = 94;
    pub const STORE_ATTR: u8 = 95;
    pub const DELETE_ATTR: u8 = 96;
    pub const STORE_GLOBAL: u8 = 97;
    pub const DELETE_GLOBAL: u8 = 98;
    pub const SWAP: u8 = 99;
    pub const LOAD_CONST: u8 = 100;
    pub const LOAD_NAME: u8 = 101;
    pub const BUILD_TUPLE: u8 = 102;
    pub const BUILD_LIST: u8 = 103;
    pub const BUILD_SET: u8 = 104;
    pub const BUILD_MAP: u8 = 105;
    pub const LOAD_ATTR: u8 = 106;
    pub const COMPARE_OP: u8 = 107;
    pub const IMPORT_NAME: u8 = 108;
    pub const IMPORT_FROM: u8 = 109;
    pub const JUMP_FORWARD: u8 = 110;
    pub const JUMP_IF_FALSE_OR_POP: u8 = 111;
    pub const JUMP_IF_TRUE_OR_POP: u8 = 112;
    pub const POP_JUMP_FORWARD_IF_FALSE: u8 = 114;
    pub const POP_JUMP_FORWARD_IF_TRUE: u8 = 115;
    pub const LOAD_GLOBAL: u8 = 116;
    pub const IS_OP: u8 = 117;
    pub const CONTAINS_OP: u8 = 118;
    pub const RERAISE: u8 = 119;
    pub const COPY: u8 = 120;
    pub const BINARY_OP: u8 = 122;
    pub const SEND: u8 = 123;
    pub const LOAD_FAST: u8 = 124;
    pub const STORE_FAST: u8 = 125;
    pub const DELETE_FAST: u8 = 126;
    pub const POP_JUMP_FORWARD_IF_NOT_NONE: u8 = 128;
    pub const POP_JUMP_FORWARD_IF_NONE: u8 = 129;
    pub const RAISE_VARARGS: u8 = 130;
    pub const GET_AWAITABLE: u8 = 131;
    pub const MAKE_FUNCTION: u8 = 132;
    pub const BUILD_SLICE: u8 = 133;
    pub const JUMP_BACKWARD_NO_INTERRUPT: u8 = 134;
    pub const MAKE_CELL: u8 = 135;
    pub const LOAD_CLOSURE: u8 = 136;
    pub const LOAD_DEREF: u8 = 137;
    pub const STORE_DEREF: u8 = 138;
    pub const DELETE_DEREF: u8 = 139;
    pub const JUMP_BACKWARD: u8 = 140;
    pub const CALL_FUNCTION_EX: u8 = 142;
    pub const EXTENDED_ARG: u8 = 144;
    pub const LIST_APPEND: u8 = 145;
    pub const SET_ADD: u8 = 146;
    pub const MAP_ADD: u8 = 147;
    pub const LOAD_CLASSDEREF: u8 = 148;
    pub const COPY_FREE_VARS: u8 = 149;
    pub const RESUME: u8 = 151;
    pub const MATCH_CLASS: u8 = 152;
    pub const FORMAT_VALUE: u8 = 155;
    pub const BUILD_CONST_KEY_MAP: u8 = 156;
    pub const BUILD_STRING: u8 = 157;
    pub const LOAD_METHOD: u8 = 160;
    pub const LIST_EXTEND: u8 = 162;
    pub const SET_UPDATE: u8 = 163;
    pub const DICT_MERGE: u8 = 164;
    pub const DICT_UPDATE: u8 = 165;
    pub const PRECALL: u8 = 166;
    pub const CALL: u8 = 171;
    pub const KW_NAMES: u8 = 172;
    pub const POP_JUMP_BACKWARD_IF_NOT_NONE: u8 = 173;
    pub const POP_JUMP_BACKWARD_IF_NONE: u8 = 174;
    pub const POP_JUMP_BACKWARD_IF_FALSE: u8 = 175;
    pub const POP_JUMP_BACKWARD_IF_TRUE: u8 = 176;

    /// The inline cache entries (code units) that follow an instruction
    /// (`opcode._inline_cache_entries`).
    pub fn cache_entries(opcode: u8) -> u32 {
        match opcode {
            BINARY_SUBSCR | STORE_ATTR | LOAD_ATTR | CALL => 4,
            STORE_SUBSCR | UNPACK_SEQUENCE | BINARY_OP | PRECALL => 1,
            COMPARE_OP => 2,
            LOAD_GLOBAL => 5,
            LOAD_METHOD => 10,
            _ => 0,
        }
    }
}

/// The oparg of a unit: a plain number, or a jump to an instruction index, encoded relative to
/// the unit after the jump (forward or backward by its opcode).
#[derive(Clone, Copy)]
enum Oparg {
    Plain(u32),
    Forward(u32),
    Backward(u32),
}

/// One CPython instruction (with its `EXTENDED_ARG`s and caches when written).
#[derive(Clone, Copy)]
struct Unit {
    opcode: u8,
    oparg: Oparg,
}

/// A prefix instruction (`KW_NAMES`, `PRECALL`): its opcode and plain oparg.
type Prefix = (u8, u32);

/// How an instruction is written: up to two prefix instructions, then the instruction itself.
type Parts = ([Option<Prefix>; 2], Unit);

/// How ripy's instruction `instr` is written.
fn units(code: &CodeObject, instr: &Instr, pc: u32) -> Parts {
    let plain = |opcode: u8, arg: u32| Unit { opcode, oparg: Oparg::Plain(arg) };
    let deref = |opcode: u8, index: u32| plain(opcode, code.varnames.len() as u32 + index);
    let jump = |forward: u8, backward: u8, target: u32| {
        if target > pc {
            Unit { opcode: forward, oparg: Oparg::Forward(target) }
        } else {
            Unit { opcode: backward, oparg: Oparg::Backward(target) }
        }
    };
    let forward = |opcode: u8, target: u32| Unit { opcode, oparg: Oparg::Forward(target) };
    let main = match *instr {
        Instr::Call(argc) => return ([None, Some((op::PRECALL, argc))], plain(op::CALL, argc)),
        Instr::CallKw { argc, kwnames } => {
            let argc = u32::from(argc);
            let prefixes = [Some((op::KW_NAMES, u32::from(kwnames))), Some((op::PRECALL, argc))];
            return (prefixes, plain(op::CALL, argc));
        }
        Instr::Nop => plain(op::NOP, 0),
        Instr::PopTop => plain(op::POP_TOP, 0),
        Instr::PushNull => plain(op::PUSH_NULL, 0),
        Instr::Copy(n) => plain(op::COPY, n),
        Instr::Swap(n) => plain(op::SWAP, n),
        Instr::LoadConst(i) => plain(op::LOAD_CONST, i),
        Instr::LoadFast(i) => plain(op::LOAD_FAST, i),
        Instr::StoreFast(i) => plain(op::STORE_FAST, i),
        Instr::DeleteFast(i) => plain(op::DELETE_FAST, i),
        // Only in the interpreter's dispatch table; as CPython's code shows them: the first half.
        Instr::LoadFastLoadFast(i)
        | Instr::LoadFastLoadConst(i)
        | Instr::LoadFastLoadAttr(i)
        | Instr::LoadFastLoadMethod(i) => plain(op::LOAD_FAST, i),
        Instr::LoadConstLoadFast(i) => plain(op::LOAD_CONST, i),
        Instr::StoreFastLoadFast(i) | Instr::StoreFastStoreFast(i) => plain(op::STORE_FAST, i),
        Instr::ForIterStoreFast(t) => forward(op::FOR_ITER, t),
        Instr::PopTopJumpBackward => plain(op::POP_TOP, 0),
        Instr::LoadDeref(i) => deref(op::LOAD_DEREF, i),
        Instr::LoadClassDeref(i) => deref(op::LOAD_CLASSDEREF, i),
        Instr::StoreDeref(i) => deref(op::STORE_DEREF, i),
        Instr::DeleteDeref(i) => deref(op::DELETE_DEREF, i),
        Instr::LoadClosure(i) => deref(op::LOAD_CLOSURE, i),
        Instr::MakeCell(i) => deref(op::MAKE_CELL, i),
        Instr::CopyFreeVars(n) => plain(op::COPY_FREE_VARS, n),
        Instr::LoadName(i) => plain(op::LOAD_NAME, i),
        Instr::StoreName(i) => plain(op::STORE_NAME, i),
        Instr::DeleteName(i) => plain(op::DELETE_NAME, i),
        Instr::LoadGlobal { name, push_null } => plain(op::LOAD_GLOBAL, name << 1 | u32::from(push_null)),
        Instr::StoreGlobal(i) => plain(op::STORE_GLOBAL, i),
        Instr::DeleteGlobal(i) => plain(op::DELETE_GLOBAL, i),
        Instr::LoadAttr(i) => plain(op::LOAD_ATTR, i),
        Instr::StoreAttr(i) => plain(op::STORE_ATTR, i),
        Instr::DeleteAttr(i) => plain(op::DELETE_ATTR, i),
        Instr::LoadMethod(i) => plain(op::LOAD_METHOD, i),
        Instr::BinarySubscr => plain(op::BINARY_SUBSCR, 0),
        Instr::StoreSubscr => plain(op::STORE_SUBSCR, 0),
        Instr::DeleteSubscr => plain(op::DELETE_SUBSCR, 0),
        Instr::BuildSlice(n) => plain(op::BUILD_SLICE, n),
        Instr::UnaryPositive => plain(op::UNARY_POSITIVE, 0),
        Instr::UnaryNegative => plain(op::UNARY_NEGATIVE, 0),
        Instr::UnaryNot => plain(op::UNARY_NOT, 0),
        Instr::UnaryInvert => plain(op::UNARY_INVERT, 0),
        Instr::BinaryOp(operator) => plain(op::BINARY_OP, operator as u32),
        Instr::CompareOp(operator) => plain(op::COMPARE_OP, operator as u32),
        Instr::IsOp(invert) => plain(op::IS_OP, u32::from(invert)),
        Instr::ContainsOp(invert) => plain(op::CONTAINS_OP, u32::from(invert)),
        Instr::Jump(t) => jump(op::JUMP_FORWARD, op::JUMP_BACKWARD, t),
        Instr::JumpBackward(t) => Unit { opcode: op::JUMP_BACKWARD, oparg: Oparg::Backward(t) },
        Instr::JumpBackwardNoInterrupt(t) => Unit { opcode: op::JUMP_BACKWARD_NO_INTERRUPT, oparg: Oparg::Backward(t) },
        Instr::PopJumpIfFalse(t) => jump(op::POP_JUMP_FORWARD_IF_FALSE, op::POP_JUMP_BACKWARD_IF_FALSE, t),
        Instr::PopJumpIfTrue(t) => jump(op::POP_JUMP_FORWARD_IF_TRUE, op::POP_JUMP_BACKWARD_IF_TRUE, t),
        Instr::PopJumpIfNone(t) => jump(op::POP_JUMP_FORWARD_IF_NONE, op::POP_JUMP_BACKWARD_IF_NONE, t),
        Instr::PopJumpIfNotNone(t) => jump(op::POP_JUMP_FORWARD_IF_NOT_NONE, op::POP_JUMP_BACKWARD_IF_NOT_NONE, t),
        Instr::JumpIfFalseOrPop(t) => forward(op::JUMP_IF_FALSE_OR_POP, t),
        Instr::JumpIfTrueOrPop(t) => forward(op::JUMP_IF_TRUE_OR_POP, t),
        Instr::GetIter => plain(op::GET_ITER, 0),
        Instr::ForIter(t) => forward(op::FOR_ITER, t),
        Instr::CallFunctionEx(has_kwargs) => plain(op::CALL_FUNCTION_EX, u32::from(has_kwargs)),
        Instr::MakeFunction(flags) => plain(op::MAKE_FUNCTION, u32::from(flags.0)),
        Instr::LoadBuildClass => plain(op::LOAD_BUILD_CLASS, 0),
        Instr::ReturnValue => plain(op::RETURN_VALUE, 0),
        Instr::ReturnGenerator => plain(op::RETURN_GENERATOR, 0),
        Instr::YieldValue => plain(op::YIELD_VALUE, 0),
        Instr::Resume(kind) => plain(op::RESUME, kind as u32),
        Instr::Send(t) => forward(op::SEND, t),
        Instr::GetYieldFromIter => plain(op::GET_YIELD_FROM_ITER, 0),
        Instr::GetAwaitable(kind) => plain(op::GET_AWAITABLE, kind as u32),
        Instr::GetAiter => plain(op::GET_AITER, 0),
        Instr::GetAnext => plain(op::GET_ANEXT, 0),
        Instr::EndAsyncFor => plain(op::END_ASYNC_FOR, 0),
        Instr::BeforeAsyncWith => plain(op::BEFORE_ASYNC_WITH, 0),
        Instr::AsyncGenWrap => plain(op::ASYNC_GEN_WRAP, 0),
        Instr::RaiseVarargs(n) => plain(op::RAISE_VARARGS, n),
        Instr::Reraise(n) => plain(op::RERAISE, u32::from(n)),
        Instr::PushExcInfo => plain(op::PUSH_EXC_INFO, 0),
        Instr::PopExcept => plain(op::POP_EXCEPT, 0),
        Instr::CheckExcMatch => plain(op::CHECK_EXC_MATCH, 0),
        Instr::CheckEgMatch => plain(op::CHECK_EG_MATCH, 0),
        Instr::PrepReraiseStar => plain(op::PREP_RERAISE_STAR, 0),
        Instr::WithExceptStart => plain(op::WITH_EXCEPT_START, 0),
        Instr::BeforeWith => plain(op::BEFORE_WITH, 0),
        Instr::LoadAssertionError => plain(op::LOAD_ASSERTION_ERROR, 0),
        Instr::BuildTuple(n) => plain(op::BUILD_TUPLE, n),
        Instr::BuildList(n) => plain(op::BUILD_LIST, n),
        Instr::BuildSet(n) => plain(op::BUILD_SET, n),
        Instr::BuildMap(n) => plain(op::BUILD_MAP, n),
        Instr::BuildConstKeyMap(n) => plain(op::BUILD_CONST_KEY_MAP, n),
        Instr::BuildString(n) => plain(op::BUILD_STRING, n),
        Instr::ListAppend(i) => plain(op::LIST_APPEND, i),
        Instr::SetAdd(i) => plain(op::SET_ADD, i),
        Instr::MapAdd(i) => plain(op::MAP_ADD, i),
        Instr::ListExtend(i) => plain(op::LIST_EXTEND, i),
        Instr::SetUpdate(i) => plain(op::SET_UPDATE, i),
        Instr::DictUpdate(i) => plain(op::DICT_UPDATE, i),
        Instr::DictMerge(i) => plain(op::DICT_MERGE, i),
        Instr::ListToTuple => plain(op::LIST_TO_TUPLE, 0),
        Instr::UnpackSequence(n) => plain(op::UNPACK_SEQUENCE, n),
        Instr::UnpackEx { before, after } => plain(op::UNPACK_EX, u32::from(before) | u32::from(after) << 8),
        Instr::FormatValue { conversion, has_spec } => {
            plain(op::FORMAT_VALUE, conversion as u32 | u32::from(has_spec) << 2)
        }
        Instr::ImportName(i) => plain(op::IMPORT_NAME, i),
        Instr::ImportFrom(i) => plain(op::IMPORT_FROM, i),
        Instr::ImportStar => plain(op::IMPORT_STAR, 0),
        Instr::SetupAnnotations => plain(op::SETUP_ANNOTATIONS, 0),
        Instr::PrintExpr => plain(op::PRINT_EXPR, 0),
        Instr::MatchClass(n) => plain(op::MATCH_CLASS, n),
        Instr::MatchMapping => plain(op::MATCH_MAPPING, 0),
        Instr::MatchSequence => plain(op::MATCH_SEQUENCE, 0),
        Instr::MatchKeys => plain(op::MATCH_KEYS, 0),
        Instr::GetLen => plain(op::GET_LEN, 0),
    };
    ([None, None], main)
}

/// How many `EXTENDED_ARG` prefixes an oparg needs.
fn extended_args(oparg: u32) -> u32 {
    match oparg {
        0..=0xff => 0,
        0x100..=0xffff => 1,
        0x1_0000..=0xff_ffff => 2,
        _ => 3,
    }
}

/// A code object's instructions in CPython 3.11's encoding, with the map from ripy's instruction
/// indices to code units (two bytes each).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Wordcode {
    /// The `co_code` bytes.
    pub bytes: Vec<u8>,
    /// For each instruction, the code unit of the instruction itself (after its prefixes).
    main: Vec<u32>,
    /// For each instruction, its first code unit; one more entry: the total number of units.
    first: Vec<u32>,
}

impl Wordcode {
    /// Encodes `code`'s instructions.
    pub fn new(code: &CodeObject) -> Wordcode {
        let count = code.instructions.len();
        let parts: Vec<_> = code.instructions.iter().enumerate().map(|(pc, i)| units(code, i, pc as u32)).collect();
        // The width of a relative jump's oparg depends on the layout, which depends on the widths:
        // start from no `EXTENDED_ARG` on jumps and widen until the layout is stable (widths only
        // grow, so this ends).
        let mut jump_widths = vec![0u32; count];
        loop {
            let (first, main) = Self::layout(&parts, &jump_widths);
            let mut changed = false;
            for (pc, (_, unit)) in parts.iter().enumerate() {
                let width = extended_args(Self::oparg(unit, main[pc], &first));
                if matches!(unit.oparg, Oparg::Forward(_) | Oparg::Backward(_)) && width > jump_widths[pc] {
                    jump_widths[pc] = width;
                    changed = true;
                }
            }
            if !changed {
                let bytes = Self::encode(&parts, &first, &main);
                return Wordcode { bytes, main, first };
            }
        }
    }

    /// The first unit and the main unit of every instruction, for the given jump oparg widths.
    fn layout(parts: &[Parts], jump_widths: &[u32]) -> (Vec<u32>, Vec<u32>) {
        let mut first = Vec::with_capacity(parts.len() + 1);
        let mut main = Vec::with_capacity(parts.len());
        let mut unit = 0u32;
        for (pc, (prefixes, instr)) in parts.iter().enumerate() {
            first.push(unit);
            for &(opcode, arg) in prefixes.iter().flatten() {
                unit += extended_args(arg) + 1 + op::cache_entries(opcode);
            }
            unit += match instr.oparg {
                Oparg::Plain(arg) => extended_args(arg),
                Oparg::Forward(_) | Oparg::Backward(_) => jump_widths[pc],
            };
            main.push(unit);
            unit += 1 + op::cache_entries(instr.opcode);
        }
        first.push(unit);
        (first, main)
    }

    /// The oparg of `unit` written at code unit `at`.
    fn oparg(unit: &Unit, at: u32, first: &[u32]) -> u32 {
        let next = at + 1 + op::cache_entries(unit.opcode);
        match unit.oparg {
            Oparg::Plain(arg) => arg,
            Oparg::Forward(target) => first[target as usize].saturating_sub(next),
            Oparg::Backward(target) => next.saturating_sub(first[target as usize]),
        }
    }

    /// The bytes of the layout.
    fn encode(parts: &[Parts], first: &[u32], main: &[u32]) -> Vec<u8> {
        let total = *first.last().unwrap_or(&0) as usize;
        let mut bytes = Vec::with_capacity(2 * total);
        for (pc, (prefixes, instr)) in parts.iter().enumerate() {
            for &(opcode, arg) in prefixes.iter().flatten() {
                Self::write(&mut bytes, opcode, arg, extended_args(arg));
            }
            let width = main[pc] - (bytes.len() / 2) as u32;
            Self::write(&mut bytes, instr.opcode, Self::oparg(instr, main[pc], first), width);
        }
        bytes
    }

    /// Appends one instruction: `width` `EXTENDED_ARG`s, the opcode and the low byte of its
    /// oparg, then its zeroed caches.
    fn write(bytes: &mut Vec<u8>, opcode: u8, oparg: u32, width: u32) {
        for shift in (1..=width).rev() {
            bytes.extend([op::EXTENDED_ARG, (oparg >> (8 * shift)) as u8]);
        }
        bytes.extend([opcode, oparg as u8]);
        for _ in 0..op::cache_entries(opcode) {
            bytes.extend([op::CACHE, 0]);
        }
    }

    /// The byte offset of instruction `pc` itself (CPython's `f_lasti` while it runs).
    pub fn offset(&self, pc: u32) -> u32 {
        2 * self.main.get(pc as usize).copied().unwrap_or_else(|| self.units())
    }

    /// The code units instruction `pc` occupies (prefixes, the instruction and its caches).
    pub fn units_of(&self, pc: u32) -> Range<u32> {
        let pc = pc as usize;
        self.first[pc]..self.first[pc + 1]
    }

    /// The number of code units.
    pub fn units(&self) -> u32 {
        *self.first.last().unwrap_or(&0)
    }

    /// The instruction that occupies byte `offset` (`None` past the end).
    pub fn pc_at(&self, offset: u32) -> Option<u32> {
        let unit = offset / 2;
        (unit < self.units()).then(|| self.first.partition_point(|&f| f <= unit) as u32 - 1)
    }

    /// `co_linetable`: the positions of `code`'s instructions in CPython 3.11's encoding
    /// ([`crate::locations`]), one entry per instruction (prefixes and caches included).
    pub fn location_table(&self, code: &CodeObject) -> Vec<u8> {
        let instructions = (0..code.instructions.len() as u32)
            .map(|pc| (self.units_of(pc).len() as u32, code.line_table.location(pc)));
        crate::locations::encode(code.first_line, instructions)
    }

    /// `co_exceptiontable`: CPython 3.11's encoding of `code`'s handlers, in code units. Each
    /// entry is start, length, target and `depth << 1 | lasti`, each a big-endian varint of 6-bit
    /// groups (bit 6: more groups follow); bit 7 marks the first byte of an entry.
    pub fn exception_table(&self, code: &CodeObject) -> Vec<u8> {
        let mut bytes = Vec::new();
        for entry in code.exception_table.entries() {
            let start = self.first[entry.start as usize];
            let end = self.first[entry.end as usize];
            let fields =
                [start, end - start, self.first[entry.target as usize], entry.depth << 1 | u32::from(entry.lasti)];
            for (i, value) in fields.into_iter().enumerate() {
                let mut groups = vec![value & 63];
                let mut rest = value >> 6;
                while rest != 0 {
                    groups.push(rest & 63);
                    rest >>= 6;
                }
                let last = groups.len() - 1;
                for (j, group) in groups.iter().rev().enumerate() {
                    let more = if j < last { 64 } else { 0 };
                    let entry_start = if i == 0 && j == 0 { 128 } else { 0 };
                    bytes.push((group | more | entry_start) as u8);
                }
            }
        }
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{compile, Mode};

    fn wordcode(source: &str) -> (std::sync::Arc<CodeObject>, Wordcode) {
        let code = compile(source.as_bytes(), "<test>", Mode::Exec).unwrap();
        let words = Wordcode::new(&code);
        (code, words)
    }

    #[test]
    fn calls_get_precall_and_caches() {
        let (code, words) = wordcode("f(1)\n");
        let ops: Vec<u8> = words.bytes.chunks(2).map(|c| c[0]).collect();
        let call = ops.iter().position(|&o| o == op::CALL).expect("a CALL");
        assert_eq!(ops[call - 2], op::PRECALL, "{ops:?}");
        assert_eq!(ops[call - 1], op::CACHE, "PRECALL has one cache: {ops:?}");
        assert!(ops[call + 1..call + 5].iter().all(|&o| o == op::CACHE), "{ops:?}");
        let call_pc = code.instructions.iter().position(|i| matches!(i, Instr::Call(_))).unwrap() as u32;
        assert_eq!(words.offset(call_pc), 2 * call as u32);
        assert_eq!(words.pc_at(2 * call as u32 - 2), Some(call_pc));
    }

    #[test]
    fn jumps_are_relative_to_the_next_unit() {
        let (code, words) = wordcode("while x:\n    y = 1\n");
        for (pc, instr) in code.instructions.iter().enumerate() {
            let Some(target) = instr.jump_target() else { continue };
            let at = words.offset(pc as u32) as usize;
            let (opcode, arg) = (words.bytes[at], u32::from(words.bytes[at + 1]));
            let next = at as u32 / 2 + 1;
            let landed = if [op::JUMP_BACKWARD, op::POP_JUMP_BACKWARD_IF_TRUE, op::POP_JUMP_BACKWARD_IF_FALSE]
                .contains(&opcode)
            {
                next - arg
            } else {
                next + arg
            };
            assert_eq!(landed, words.units_of(target).start, "{instr:?} at {pc}");
        }
    }

    #[test]
    fn large_opargs_get_extended_args() {
        let names: String = (0..300).map(|i| format!("v{i} = {i}\n")).collect();
        let (code, words) = wordcode(&names);
        let last_store = code.instructions.iter().rposition(|i| matches!(i, Instr::StoreName(_))).unwrap() as u32;
        let at = words.offset(last_store) as usize;
        assert_eq!(words.bytes[at - 2], op::EXTENDED_ARG);
        assert_eq!(u32::from(words.bytes[at - 1]) << 8 | u32::from(words.bytes[at + 1]), 299);
        assert_eq!(words.units_of(last_store).len(), 2);
    }

    #[test]
    fn exception_table_entries_decode() {
        let (code, words) = wordcode("try:\n    f()\nexcept E:\n    pass\n");
        let table = words.exception_table(&code);
        assert!(!table.is_empty() && table[0] & 128 != 0);
        let entry = code.exception_table.entries()[0];
        let mut bytes = table.iter();
        let mut varint = || {
            let mut b = *bytes.next().unwrap();
            let mut value = u32::from(b & 63);
            while b & 64 != 0 {
                b = *bytes.next().unwrap();
                value = value << 6 | u32::from(b & 63);
            }
            value
        };
        let (start, length, target) = (varint(), varint(), varint());
        assert_eq!(start, words.units_of(entry.start).start);
        assert_eq!(start + length, words.units_of(entry.end - 1).end);
        assert_eq!(target, words.units_of(entry.target).start);
        assert_eq!(varint(), entry.depth << 1 | u32::from(entry.lasti));
    }
}

//! The bytecode: the instruction set ([`Instr`]), its operand enums, and the immutable
//! [`CodeObject`] the compiler produces and the interpreter runs.
//!
//! The semantics follow CPython 3.11's instructions of the same names; the encoding is our own: a
//! code object holds a `Vec<Instr>` of 8-byte instructions with their operands inline, addressed by
//! instruction index (`pc`). Jump operands are absolute instruction indices. There are no inline
//! caches, no `EXTENDED_ARG`, no `PRECALL`, and keyword names travel in [`Instr::CallKw`]; Python sees
//! CPython's encoding of the same instructions ([`crate::wordcode`]).
//!
//! Frame layout the code object is designed for: `varnames.len()` fast-local slots, then
//! `cellvars.len() + freevars.len()` cell slots (deref index `i` names `cellvars[i]`, or
//! `freevars[i - cellvars.len()]`), then a value stack of `max_stack_depth` slots. The stack depth
//! before each instruction is known statically ([`CodeObject::stack_depths`]), so stack slots can
//! be addressed by constant indices.

use serde::{Deserialize, Serialize};

use std::fmt;

use crate::constants::{Constant, PyStr};
use crate::exceptiontable::ExceptionTable;
use crate::linetable::LineTable;

/// Binary operators of [`Instr::BinaryOp`], numbered as CPython's `NB_*` constants (in-place
/// forms are `+ 13`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[repr(u8)]
pub enum BinaryOperator {
    /// `+`
    Add = 0,
    /// `&`
    And = 1,
    /// `//`
    FloorDivide = 2,
    /// `<<`
    Lshift = 3,
    /// `@`
    MatrixMultiply = 4,
    /// `*`
    Multiply = 5,
    /// `%`
    Remainder = 6,
    /// `|`
    Or = 7,
    /// `**`
    Power = 8,
    /// `>>`
    Rshift = 9,
    /// `-`
    Subtract = 10,
    /// `/`
    TrueDivide = 11,
    /// `^`
    Xor = 12,
    /// `+=`
    InplaceAdd = 13,
    /// `&=`
    InplaceAnd = 14,
    /// `//=`
    InplaceFloorDivide = 15,
    /// `<<=`
    InplaceLshift = 16,
    /// `@=`
    InplaceMatrixMultiply = 17,
    /// `*=`
    InplaceMultiply = 18,
    /// `%=`
    InplaceRemainder = 19,
    /// `|=`
    InplaceOr = 20,
    /// `**=`
    InplacePower = 21,
    /// `>>=`
    InplaceRshift = 22,
    /// `-=`
    InplaceSubtract = 23,
    /// `/=`
    InplaceTrueDivide = 24,
    /// `^=`
    InplaceXor = 25,
}

impl BinaryOperator {
    const ALL: [BinaryOperator; 26] = [
        BinaryOperator::Add,
        BinaryOperator::And,
        BinaryOperator::FloorDivide,
        BinaryOperator::Lshift,
        BinaryOperator::MatrixMultiply,
        BinaryOperator::Multiply,
        BinaryOperator::Remainder,
        BinaryOperator::Or,
        BinaryOperator::Power,
        BinaryOperator::Rshift,
        BinaryOperator::Subtract,
        BinaryOperator::TrueDivide,
        BinaryOperator::Xor,
        BinaryOperator::InplaceAdd,
        BinaryOperator::InplaceAnd,
        BinaryOperator::InplaceFloorDivide,
        BinaryOperator::InplaceLshift,
        BinaryOperator::InplaceMatrixMultiply,
        BinaryOperator::InplaceMultiply,
        BinaryOperator::InplaceRemainder,
        BinaryOperator::InplaceOr,
        BinaryOperator::InplacePower,
        BinaryOperator::InplaceRshift,
        BinaryOperator::InplaceSubtract,
        BinaryOperator::InplaceTrueDivide,
        BinaryOperator::InplaceXor,
    ];

    /// The operator's symbol, e.g. `"+="`.
    pub fn symbol(self) -> &'static str {
        [
            "+", "&", "//", "<<", "@", "*", "%", "|", "**", ">>", "-", "/", "^", "+=", "&=", "//=", "<<=", "@=", "*=",
            "%=", "|=", "**=", ">>=", "-=", "/=", "^=",
        ][self as usize]
    }

    /// Whether this is an in-place (augmented assignment) operator.
    pub fn is_inplace(self) -> bool {
        self as u8 >= BinaryOperator::InplaceAdd as u8
    }

    /// The in-place form of a plain operator (in-place operators map to themselves).
    pub fn to_inplace(self) -> BinaryOperator {
        if self.is_inplace() {
            self
        } else {
            BinaryOperator::ALL[self as usize + 13]
        }
    }

    /// The plain form of an operator (`+=` gives `+`).
    pub fn to_plain(self) -> BinaryOperator {
        if self.is_inplace() {
            BinaryOperator::ALL[self as usize - 13]
        } else {
            self
        }
    }
}

/// Rich comparisons of [`Instr::CompareOp`], numbered as CPython's `Py_LT`...`Py_GE`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[repr(u8)]
pub enum ComparisonOperator {
    /// `<`
    Less = 0,
    /// `<=`
    LessEqual = 1,
    /// `==`
    Equal = 2,
    /// `!=`
    NotEqual = 3,
    /// `>`
    Greater = 4,
    /// `>=`
    GreaterEqual = 5,
}

impl ComparisonOperator {
    /// The operator's symbol.
    pub fn symbol(self) -> &'static str {
        ["<", "<=", "==", "!=", ">", ">="][self as usize]
    }
}

/// What an [`Instr::Resume`] follows, as CPython's `RESUME` oparg.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[repr(u8)]
pub enum ResumeKind {
    /// The start of the code object (after the generator prologue, if any).
    Start = 0,
    /// After a `yield`.
    AfterYield = 1,
    /// After a `yield from` step (the delegate iterator is the item below the top of the stack).
    AfterYieldFrom = 2,
    /// After an `await` step (the awaitable is the item below the top of the stack).
    AfterAwait = 3,
}

/// Where an [`Instr::GetAwaitable`] is, for CPython's error messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[repr(u8)]
pub enum AwaitableKind {
    /// An `await` expression.
    Await = 0,
    /// The `__aenter__` of `async with`.
    AsyncWithEnter = 1,
    /// The `__aexit__` of `async with`.
    AsyncWithExit = 2,
}

/// The conversion of an f-string replacement field ([`Instr::FormatValue`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[repr(u8)]
pub enum Conversion {
    /// No conversion.
    None = 0,
    /// `!s`
    Str = 1,
    /// `!r`
    Repr = 2,
    /// `!a`
    Ascii = 3,
}

/// Which optional parts [`Instr::MakeFunction`] pops (CPython's `MAKE_FUNCTION` flag bits).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct MakeFunctionFlags(pub u8);

impl MakeFunctionFlags {
    /// A tuple of positional defaults.
    pub const DEFAULTS: u8 = 0x01;
    /// A dict of keyword-only defaults.
    pub const KW_DEFAULTS: u8 = 0x02;
    /// A flat tuple of (name, annotation) pairs.
    pub const ANNOTATIONS: u8 = 0x04;
    /// A tuple of cells for the free variables.
    pub const CLOSURE: u8 = 0x08;

    /// Whether `bit` is set.
    pub fn has(self, bit: u8) -> bool {
        self.0 & bit != 0
    }

    /// How many values (besides the code object) the instruction pops.
    pub fn operand_count(self) -> u32 {
        self.0.count_ones()
    }
}

/// One instruction. `u32` operands index the code object's tables as the variant says; jump
/// operands are absolute instruction indices.
///
/// Stack notation in the docs: `[a, b] -> [c]` means `b` is the top of the stack before and `c`
/// after. `NULL` is an empty slot (CPython's `NULL` on the stack).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Instr {
    /// Does nothing.
    Nop,
    /// `[a] -> []`
    PopTop,
    /// `[] -> [NULL]`
    PushNull,
    /// Pushes a copy of the `n`th item from the top (`Copy(1)` duplicates the top).
    Copy(u32),
    /// Swaps the top with the `n`th item from the top (`n >= 2`).
    Swap(u32),
    /// `[] -> [constants[i]]`
    LoadConst(u32),
    /// `[] -> [fast local i]`; raises `UnboundLocalError` if unbound.
    LoadFast(u32),
    /// `[v] -> []`, stores fast local `i`.
    StoreFast(u32),
    /// Unbinds fast local `i` (raising `UnboundLocalError` if unbound).
    DeleteFast(u32),
    /// Superinstructions, CPython 3.11's `LOAD_FAST__LOAD_FAST` and its kin: an instruction and
    /// the next one run as one dispatch. The compiler never emits them: the interpreter's
    /// dispatch table puts one in place of the first of two instructions ([`Instr::fused`]),
    /// whose operand it keeps, and holds the second's operand beside it.
    /// `LOAD_FAST i; LOAD_FAST j`.
    LoadFastLoadFast(u32),
    /// `LOAD_FAST i; LOAD_CONST j`.
    LoadFastLoadConst(u32),
    /// `LOAD_CONST i; LOAD_FAST j`.
    LoadConstLoadFast(u32),
    /// `STORE_FAST i; LOAD_FAST j`.
    StoreFastLoadFast(u32),
    /// `STORE_FAST i; STORE_FAST j`.
    StoreFastStoreFast(u32),
    /// `FOR_ITER target; STORE_FAST j`: the next item goes into local `j`.
    ForIterStoreFast(u32),
    /// `LOAD_FAST i; LOAD_ATTR j` (not CPython's: `self.x`). Fused in the concrete domain only:
    /// other domains run the first half and go on to the second as it stands in the table.
    LoadFastLoadAttr(u32),
    /// `LOAD_FAST i; LOAD_METHOD j` (not CPython's: `self.m(...)`), fused as
    /// [`Instr::LoadFastLoadAttr`].
    LoadFastLoadMethod(u32),
    /// `POP_TOP; JUMP_BACKWARD target` (the target is the second operand).
    PopTopJumpBackward,
    /// `[] -> [contents of cell i]`; raises `NameError`/`UnboundLocalError` if empty.
    LoadDeref(u32),
    /// Class bodies: `[] -> [locals()[name of cell i]]` if present, else the contents of cell `i`.
    LoadClassDeref(u32),
    /// `[v] -> []`, stores into cell `i`.
    StoreDeref(u32),
    /// Empties cell `i`.
    DeleteDeref(u32),
    /// `[] -> [cell i]` (the cell object itself, for building closures).
    LoadClosure(u32),
    /// Creates a fresh empty cell in cell slot `i` (emitted at the start of the code).
    MakeCell(u32),
    /// Copies the function's closure cells into the last `n` cell slots (the free variables).
    CopyFreeVars(u32),
    /// `[] -> [v]`: locals, then globals, then builtins lookup of `names[i]`.
    LoadName(u32),
    /// `[v] -> []`: `locals()[names[i]] = v`.
    StoreName(u32),
    /// `del locals()[names[i]]`.
    DeleteName(u32),
    /// `[] -> [v]`, or `[] -> [NULL, v]` with `push_null` (a call's callable: CPython 3.11's
    /// `LOAD_GLOBAL (NULL + name)`): globals, then builtins lookup of `names[name]`.
    LoadGlobal {
        /// The index of the name in `names`.
        name: u32,
        /// Whether a `NULL` goes below the value (in place of a `PUSH_NULL` before it).
        push_null: bool,
    },
    /// `[v] -> []`: `globals()[names[i]] = v`.
    StoreGlobal(u32),
    /// `del globals()[names[i]]`.
    DeleteGlobal(u32),
    /// `[obj] -> [obj.names[i]]`
    LoadAttr(u32),
    /// `[v, obj] -> []`: `obj.names[i] = v`.
    StoreAttr(u32),
    /// `[obj] -> []`: `del obj.names[i]`.
    DeleteAttr(u32),
    /// `[obj] -> [meth, obj]` when `names[i]` is a plain method found on the type, else
    /// `[obj] -> [NULL, obj.names[i]]`. Followed by a call.
    LoadMethod(u32),
    /// `[container, key] -> [container[key]]`
    BinarySubscr,
    /// `[v, container, key] -> []`: `container[key] = v`.
    StoreSubscr,
    /// `[container, key] -> []`: `del container[key]`.
    DeleteSubscr,
    /// `[start, stop] -> [slice]` (n = 2) or `[start, stop, step] -> [slice]` (n = 3).
    BuildSlice(u32),
    /// `[a] -> [+a]`
    UnaryPositive,
    /// `[a] -> [-a]`
    UnaryNegative,
    /// `[a] -> [not a]`
    UnaryNot,
    /// `[a] -> [~a]`
    UnaryInvert,
    /// `[a, b] -> [a op b]`
    BinaryOp(BinaryOperator),
    /// `[a, b] -> [a op b]` (rich comparison).
    CompareOp(ComparisonOperator),
    /// `[a, b] -> [a is b]`, or `a is not b` when the flag is set.
    IsOp(bool),
    /// `[a, b] -> [a in b]`, or `a not in b` when the flag is set.
    ContainsOp(bool),
    /// Jumps forward to the target.
    Jump(u32),
    /// Jumps backward to the target (a loop edge: where the JIT's `can_enter_jit` goes; checks
    /// for interrupts).
    JumpBackward(u32),
    /// Jumps backward without an interrupt check (the `yield from` / `await` loop).
    JumpBackwardNoInterrupt(u32),
    /// `[v] -> []`, jumps if `v` is false.
    PopJumpIfFalse(u32),
    /// `[v] -> []`, jumps if `v` is true.
    PopJumpIfTrue(u32),
    /// `[v] -> []`, jumps if `v` is `None`.
    PopJumpIfNone(u32),
    /// `[v] -> []`, jumps if `v` is not `None`.
    PopJumpIfNotNone(u32),
    /// If the top is false, jumps keeping it; otherwise pops it.
    JumpIfFalseOrPop(u32),
    /// If the top is true, jumps keeping it; otherwise pops it.
    JumpIfTrueOrPop(u32),
    /// `[obj] -> [iter(obj)]`
    GetIter,
    /// `[it] -> [it, next(it)]`; when exhausted pops `it` and jumps to the target.
    ForIter(u32),
    /// `[callable_or_NULL_slot...]`: `[A, B, arg1..argN] -> [result]`. If `A` is `NULL` calls
    /// `B(arg1..argN)`, otherwise calls `A(B, arg1..argN)` (a method call).
    Call(u32),
    /// Like [`Instr::Call`] with `argc` arguments of which the last `len(kwnames)` are keyword
    /// arguments named by the tuple constant `constants[kwnames]`.
    CallKw {
        /// Total number of argument values on the stack (positional + keyword).
        argc: u16,
        /// Index of the tuple of keyword names in the constants.
        kwnames: u16,
    },
    /// `[NULL, callable, args_tuple] -> [result]`, or with the flag
    /// `[NULL, callable, args_tuple, kwargs_dict] -> [result]`.
    CallFunctionEx(bool),
    /// `[defaults?, kwdefaults?, annotations?, closure?, code] -> [function]`; the optional parts
    /// are present as the flags say, in that order.
    MakeFunction(MakeFunctionFlags),
    /// `[] -> [builtins.__build_class__]`
    LoadBuildClass,
    /// `[v] -> []`, returns `v` from the frame.
    ReturnValue,
    /// Creates the generator/coroutine object for the frame and returns it to the caller; when
    /// the generator is first resumed, execution continues after it with the sent value (`None`)
    /// pushed: `[] -> [None]`.
    ReturnGenerator,
    /// `[v] -> [sent]`: suspends the generator yielding `v`; resumes with the value sent in.
    YieldValue,
    /// Marks the start of the code and each point after a yield. No effect on the stack.
    Resume(ResumeKind),
    /// `[receiver, v] -> [receiver, yielded]` while the delegate yields (falls through to a
    /// yield); when it returns, `[receiver, v] -> [result]` and jumps to the target.
    Send(u32),
    /// `[obj] -> [iter]` for `yield from` (coroutines pass through).
    GetYieldFromIter,
    /// `[obj] -> [awaitable iterator]`.
    GetAwaitable(AwaitableKind),
    /// `[obj] -> [obj.__aiter__()]`
    GetAiter,
    /// `[aiter] -> [aiter, awaitable of aiter.__anext__()]`
    GetAnext,
    /// `[aiter, exc] -> []` if `exc` is `StopAsyncIteration`, else re-raises `exc`.
    EndAsyncFor,
    /// `[mgr] -> [bound __aexit__, mgr.__aenter__()]`
    BeforeAsyncWith,
    /// `[v] -> [wrapped v]` marks a value yielded by an async generator.
    AsyncGenWrap,
    /// `raise` with 0, 1 (`[exc]`) or 2 (`[exc, cause]`) operands.
    RaiseVarargs(u32),
    /// `[exc] -> (raises)`: re-raises `exc`. With an operand `n` > 0, the `n`th item from the
    /// top once `exc` is popped (the last instruction the handler's entry pushed, because its
    /// exception table entry had `lasti`) restores the frame's last instruction (CPython's oparg).
    Reraise(u8),
    /// `[exc] -> [previous exc_info, exc]` and makes `exc` the handled exception.
    PushExcInfo,
    /// `[previous exc_info] -> []` and restores it as the handled exception.
    PopExcept,
    /// `[exc, type] -> [exc, isinstance-match]`
    CheckExcMatch,
    /// `[exc, type] -> [rest, match]` for `except*` (`match` is `None` when nothing matched).
    CheckEgMatch,
    /// `[orig, list of raised] -> [exception to reraise or None]` at the end of `except*`.
    PrepReraiseStar,
    /// `[exit, lasti, prev_exc, exc] -> [exit, lasti, prev_exc, exc, exit(type, exc, tb)]`
    WithExceptStart,
    /// `[mgr] -> [bound __exit__, mgr.__enter__()]`
    BeforeWith,
    /// `[] -> [AssertionError]`
    LoadAssertionError,
    /// `[a1..an] -> [(a1, .., an)]`
    BuildTuple(u32),
    /// `[a1..an] -> [[a1, .., an]]`
    BuildList(u32),
    /// `[a1..an] -> [{a1, .., an}]`
    BuildSet(u32),
    /// `[k1, v1, .., kn, vn] -> [{k1: v1, ..}]`
    BuildMap(u32),
    /// `[v1..vn, keys_tuple] -> [dict]`
    BuildConstKeyMap(u32),
    /// `[s1..sn] -> [s1 + .. + sn]` (strings).
    BuildString(u32),
    /// Pops `v` and appends it to the list that is then the `n`th item from the top:
    /// `[list, <n-1 items>, v] -> [list, <n-1 items>]`.
    ListAppend(u32),
    /// As [`Instr::ListAppend`] for a set.
    SetAdd(u32),
    /// `[dict, <n-1 items>, k, v] -> [dict, <n-1 items>]`: `dict[k] = v`.
    MapAdd(u32),
    /// `[list, <n-1 items>, iterable] -> [list, <n-1 items>]`: `list.extend(iterable)`.
    ListExtend(u32),
    /// `[set, <n-1 items>, iterable] -> [set, <n-1 items>]`: `set.update(iterable)`.
    SetUpdate(u32),
    /// `[dict, <n-1 items>, mapping] -> [dict, <n-1 items>]`: `dict.update(mapping)`.
    DictUpdate(u32),
    /// Like [`Instr::DictUpdate`] but raises on duplicate keys (for `f(**a, **b)`).
    DictMerge(u32),
    /// `[list] -> [tuple(list)]`
    ListToTuple,
    /// `[seq] -> [vn, .., v1]` (the first item ends on top).
    UnpackSequence(u32),
    /// Starred unpacking: `[seq] -> [after items reversed.., list, before items reversed..]`.
    UnpackEx {
        /// Number of targets before the starred one.
        before: u16,
        /// Number of targets after the starred one.
        after: u16,
    },
    /// `[v] -> [format(v)]` or `[v, spec] -> [format(v, spec)]` with a conversion first.
    FormatValue {
        /// The `!s` / `!r` / `!a` conversion.
        conversion: Conversion,
        /// Whether a format spec is on the stack.
        has_spec: bool,
    },
    /// `[level, fromlist] -> [module]`: `__import__(names[i], globals, locals, fromlist, level)`.
    ImportName(u32),
    /// `[module] -> [module, module.names[i]]` (with the import fallback for submodules).
    ImportFrom(u32),
    /// `[module] -> []`: `from module import *` into the locals.
    ImportStar,
    /// Creates `__annotations__` in the locals if missing.
    SetupAnnotations,
    /// `[v] -> []`: the interactive display hook (`single` mode).
    PrintExpr,
    /// `[subject, cls, attr_names_tuple] -> [tuple of attributes or None]` with `n` positional
    /// sub-patterns.
    MatchClass(u32),
    /// `[subject] -> [subject, is a mapping]`
    MatchMapping,
    /// `[subject] -> [subject, is a sequence]`
    MatchSequence,
    /// `[subject, keys] -> [subject, keys, tuple of values or None]`
    MatchKeys,
    /// `[obj] -> [obj, len(obj)]`
    GetLen,
}

impl Instr {
    /// The superinstruction that runs `self` and then `next` as one, and `next`'s operand (which
    /// the superinstruction does not hold); `None` for pairs that have none.
    pub fn fused(self, next: Instr) -> Option<(Instr, u32)> {
        Some(match (self, next) {
            (Instr::LoadFast(i), Instr::LoadFast(j)) => (Instr::LoadFastLoadFast(i), j),
            (Instr::LoadFast(i), Instr::LoadConst(j)) => (Instr::LoadFastLoadConst(i), j),
            (Instr::LoadConst(i), Instr::LoadFast(j)) => (Instr::LoadConstLoadFast(i), j),
            (Instr::StoreFast(i), Instr::LoadFast(j)) => (Instr::StoreFastLoadFast(i), j),
            (Instr::StoreFast(i), Instr::StoreFast(j)) => (Instr::StoreFastStoreFast(i), j),
            (Instr::ForIter(target), Instr::StoreFast(j)) => (Instr::ForIterStoreFast(target), j),
            (Instr::LoadFast(i), Instr::LoadAttr(j)) => (Instr::LoadFastLoadAttr(i), j),
            (Instr::LoadFast(i), Instr::LoadMethod(j)) => (Instr::LoadFastLoadMethod(i), j),
            (Instr::PopTop, Instr::JumpBackward(target)) => (Instr::PopTopJumpBackward, target),
            _ => return None,
        })
    }

    /// The jump target, for instructions that can jump (not counting exceptions).
    pub fn jump_target(&self) -> Option<u32> {
        match *self {
            Instr::Jump(t)
            | Instr::JumpBackward(t)
            | Instr::JumpBackwardNoInterrupt(t)
            | Instr::PopJumpIfFalse(t)
            | Instr::PopJumpIfTrue(t)
            | Instr::PopJumpIfNone(t)
            | Instr::PopJumpIfNotNone(t)
            | Instr::JumpIfFalseOrPop(t)
            | Instr::JumpIfTrueOrPop(t)
            | Instr::ForIter(t)
            | Instr::Send(t) => Some(t),
            _ => None,
        }
    }

    /// The same instruction with its jump target replaced (unchanged for non-jumps).
    pub fn with_jump_target(self, target: u32) -> Instr {
        match self {
            Instr::Jump(_) => Instr::Jump(target),
            Instr::JumpBackward(_) => Instr::JumpBackward(target),
            Instr::JumpBackwardNoInterrupt(_) => Instr::JumpBackwardNoInterrupt(target),
            Instr::PopJumpIfFalse(_) => Instr::PopJumpIfFalse(target),
            Instr::PopJumpIfTrue(_) => Instr::PopJumpIfTrue(target),
            Instr::PopJumpIfNone(_) => Instr::PopJumpIfNone(target),
            Instr::PopJumpIfNotNone(_) => Instr::PopJumpIfNotNone(target),
            Instr::JumpIfFalseOrPop(_) => Instr::JumpIfFalseOrPop(target),
            Instr::JumpIfTrueOrPop(_) => Instr::JumpIfTrueOrPop(target),
            Instr::ForIter(_) => Instr::ForIter(target),
            Instr::Send(_) => Instr::Send(target),
            other => other,
        }
    }

    /// Whether control never falls through to the next instruction.
    pub fn is_terminator(&self) -> bool {
        matches!(
            self,
            Instr::Jump(_)
                | Instr::JumpBackward(_)
                | Instr::JumpBackwardNoInterrupt(_)
                | Instr::ReturnValue
                | Instr::RaiseVarargs(_)
                | Instr::Reraise(_)
        )
    }

    /// The change in stack depth: when the jump is taken (`jump = true`) or on fall-through.
    pub fn stack_effect(&self, jump: bool) -> i32 {
        let n = |v: u32| v as i32;
        match *self {
            Instr::Nop
            | Instr::Swap(_)
            | Instr::DeleteFast(_)
            | Instr::DeleteDeref(_)
            | Instr::MakeCell(_)
            | Instr::CopyFreeVars(_)
            | Instr::DeleteName(_)
            | Instr::DeleteGlobal(_)
            | Instr::LoadAttr(_)
            | Instr::UnaryPositive
            | Instr::UnaryNegative
            | Instr::UnaryNot
            | Instr::UnaryInvert
            | Instr::Jump(_)
            | Instr::JumpBackward(_)
            | Instr::JumpBackwardNoInterrupt(_)
            | Instr::GetIter
            | Instr::YieldValue
            | Instr::Resume(_)
            | Instr::GetYieldFromIter
            | Instr::GetAwaitable(_)
            | Instr::GetAiter
            | Instr::AsyncGenWrap
            | Instr::CheckExcMatch
            | Instr::CheckEgMatch
            | Instr::ListToTuple
            | Instr::SetupAnnotations => 0,
            Instr::PopTop
            | Instr::StoreFast(_)
            | Instr::StoreDeref(_)
            | Instr::StoreName(_)
            | Instr::StoreGlobal(_)
            | Instr::DeleteAttr(_)
            | Instr::BinarySubscr
            | Instr::BinaryOp(_)
            | Instr::CompareOp(_)
            | Instr::IsOp(_)
            | Instr::ContainsOp(_)
            | Instr::PopJumpIfFalse(_)
            | Instr::PopJumpIfTrue(_)
            | Instr::PopJumpIfNone(_)
            | Instr::PopJumpIfNotNone(_)
            | Instr::ReturnValue
            | Instr::Reraise(_)
            | Instr::PopExcept
            | Instr::PrepReraiseStar
            | Instr::ListAppend(_)
            | Instr::SetAdd(_)
            | Instr::ListExtend(_)
            | Instr::SetUpdate(_)
            | Instr::DictUpdate(_)
            | Instr::DictMerge(_)
            | Instr::ImportName(_)
            | Instr::ImportStar
            | Instr::PrintExpr => -1,
            Instr::PushNull
            | Instr::Copy(_)
            | Instr::LoadConst(_)
            | Instr::LoadFast(_)
            | Instr::LoadDeref(_)
            | Instr::LoadClassDeref(_)
            | Instr::LoadClosure(_)
            | Instr::LoadName(_)
            | Instr::LoadGlobal { push_null: false, .. }
            | Instr::LoadMethod(_)
            | Instr::LoadBuildClass
            | Instr::ReturnGenerator
            | Instr::GetAnext
            | Instr::BeforeAsyncWith
            | Instr::PushExcInfo
            | Instr::WithExceptStart
            | Instr::BeforeWith
            | Instr::LoadAssertionError
            | Instr::ImportFrom(_)
            | Instr::MatchMapping
            | Instr::MatchSequence
            | Instr::MatchKeys
            | Instr::GetLen => 1,
            Instr::LoadGlobal { push_null: true, .. } => 2,
            Instr::LoadFastLoadFast(_)
            | Instr::LoadFastLoadConst(_)
            | Instr::LoadConstLoadFast(_)
            | Instr::LoadFastLoadMethod(_) => 2,
            Instr::LoadFastLoadAttr(_) => 1,
            Instr::StoreFastLoadFast(_) => 0,
            Instr::StoreFastStoreFast(_) => -2,
            Instr::ForIterStoreFast(_) => {
                if jump {
                    -1
                } else {
                    0
                }
            }
            Instr::PopTopJumpBackward => -1,
            Instr::StoreAttr(_) | Instr::DeleteSubscr | Instr::MapAdd(_) | Instr::EndAsyncFor => -2,
            Instr::MatchClass(_) => -2,
            Instr::StoreSubscr => -3,
            Instr::BuildSlice(k) => 1 - n(k),
            Instr::JumpIfFalseOrPop(_) | Instr::JumpIfTrueOrPop(_) => {
                if jump {
                    0
                } else {
                    -1
                }
            }
            Instr::ForIter(_) => {
                if jump {
                    -1
                } else {
                    1
                }
            }
            Instr::Send(_) => {
                if jump {
                    -1
                } else {
                    0
                }
            }
            Instr::Call(argc) => -n(argc) - 1,
            Instr::CallKw { argc, .. } => -i32::from(argc) - 1,
            Instr::CallFunctionEx(has_kwargs) => -2 - i32::from(has_kwargs),
            Instr::MakeFunction(flags) => -n(flags.operand_count()),
            Instr::RaiseVarargs(k) => -n(k),
            Instr::BuildTuple(k) | Instr::BuildList(k) | Instr::BuildSet(k) | Instr::BuildString(k) => 1 - n(k),
            Instr::BuildMap(k) => 1 - 2 * n(k),
            Instr::BuildConstKeyMap(k) => -n(k),
            Instr::UnpackSequence(k) => n(k) - 1,
            Instr::UnpackEx { before, after } => i32::from(before) + i32::from(after),
            Instr::FormatValue { has_spec, .. } => -i32::from(has_spec),
        }
    }

    /// The instruction's name in CPython's spelling, e.g. `"LOAD_FAST"`.
    pub fn name(&self) -> &'static str {
        match self {
            Instr::Nop => "NOP",
            Instr::PopTop => "POP_TOP",
            Instr::PushNull => "PUSH_NULL",
            Instr::Copy(_) => "COPY",
            Instr::Swap(_) => "SWAP",
            Instr::LoadConst(_) => "LOAD_CONST",
            Instr::LoadFast(_) => "LOAD_FAST",
            Instr::StoreFast(_) => "STORE_FAST",
            Instr::DeleteFast(_) => "DELETE_FAST",
            Instr::LoadFastLoadFast(_) => "LOAD_FAST__LOAD_FAST",
            Instr::LoadFastLoadConst(_) => "LOAD_FAST__LOAD_CONST",
            Instr::LoadConstLoadFast(_) => "LOAD_CONST__LOAD_FAST",
            Instr::StoreFastLoadFast(_) => "STORE_FAST__LOAD_FAST",
            Instr::StoreFastStoreFast(_) => "STORE_FAST__STORE_FAST",
            Instr::ForIterStoreFast(_) => "FOR_ITER__STORE_FAST",
            Instr::LoadFastLoadAttr(_) => "LOAD_FAST__LOAD_ATTR",
            Instr::LoadFastLoadMethod(_) => "LOAD_FAST__LOAD_METHOD",
            Instr::PopTopJumpBackward => "POP_TOP__JUMP_BACKWARD",
            Instr::LoadDeref(_) => "LOAD_DEREF",
            Instr::LoadClassDeref(_) => "LOAD_CLASSDEREF",
            Instr::StoreDeref(_) => "STORE_DEREF",
            Instr::DeleteDeref(_) => "DELETE_DEREF",
            Instr::LoadClosure(_) => "LOAD_CLOSURE",
            Instr::MakeCell(_) => "MAKE_CELL",
            Instr::CopyFreeVars(_) => "COPY_FREE_VARS",
            Instr::LoadName(_) => "LOAD_NAME",
            Instr::StoreName(_) => "STORE_NAME",
            Instr::DeleteName(_) => "DELETE_NAME",
            Instr::LoadGlobal { .. } => "LOAD_GLOBAL",
            Instr::StoreGlobal(_) => "STORE_GLOBAL",
            Instr::DeleteGlobal(_) => "DELETE_GLOBAL",
            Instr::LoadAttr(_) => "LOAD_ATTR",
            Instr::StoreAttr(_) => "STORE_ATTR",
            Instr::DeleteAttr(_) => "DELETE_ATTR",
            Instr::LoadMethod(_) => "LOAD_METHOD",
            Instr::BinarySubscr => "BINARY_SUBSCR",
            Instr::StoreSubscr => "STORE_SUBSCR",
            Instr::DeleteSubscr => "DELETE_SUBSCR",
            Instr::BuildSlice(_) => "BUILD_SLICE",
            Instr::UnaryPositive => "UNARY_POSITIVE",
            Instr::UnaryNegative => "UNARY_NEGATIVE",
            Instr::UnaryNot => "UNARY_NOT",
            Instr::UnaryInvert => "UNARY_INVERT",
            Instr::BinaryOp(_) => "BINARY_OP",
            Instr::CompareOp(_) => "COMPARE_OP",
            Instr::IsOp(_) => "IS_OP",
            Instr::ContainsOp(_) => "CONTAINS_OP",
            Instr::Jump(_) => "JUMP_FORWARD",
            Instr::JumpBackward(_) => "JUMP_BACKWARD",
            Instr::JumpBackwardNoInterrupt(_) => "JUMP_BACKWARD_NO_INTERRUPT",
            Instr::PopJumpIfFalse(_) => "POP_JUMP_IF_FALSE",
            Instr::PopJumpIfTrue(_) => "POP_JUMP_IF_TRUE",
            Instr::PopJumpIfNone(_) => "POP_JUMP_IF_NONE",
            Instr::PopJumpIfNotNone(_) => "POP_JUMP_IF_NOT_NONE",
            Instr::JumpIfFalseOrPop(_) => "JUMP_IF_FALSE_OR_POP",
            Instr::JumpIfTrueOrPop(_) => "JUMP_IF_TRUE_OR_POP",
            Instr::GetIter => "GET_ITER",
            Instr::ForIter(_) => "FOR_ITER",
            Instr::Call(_) => "CALL",
            Instr::CallKw { .. } => "CALL_KW",
            Instr::CallFunctionEx(_) => "CALL_FUNCTION_EX",
            Instr::MakeFunction(_) => "MAKE_FUNCTION",
            Instr::LoadBuildClass => "LOAD_BUILD_CLASS",
            Instr::ReturnValue => "RETURN_VALUE",
            Instr::ReturnGenerator => "RETURN_GENERATOR",
            Instr::YieldValue => "YIELD_VALUE",
            Instr::Resume(_) => "RESUME",
            Instr::Send(_) => "SEND",
            Instr::GetYieldFromIter => "GET_YIELD_FROM_ITER",
            Instr::GetAwaitable(_) => "GET_AWAITABLE",
            Instr::GetAiter => "GET_AITER",
            Instr::GetAnext => "GET_ANEXT",
            Instr::EndAsyncFor => "END_ASYNC_FOR",
            Instr::BeforeAsyncWith => "BEFORE_ASYNC_WITH",
            Instr::AsyncGenWrap => "ASYNC_GEN_WRAP",
            Instr::RaiseVarargs(_) => "RAISE_VARARGS",
            Instr::Reraise(_) => "RERAISE",
            Instr::PushExcInfo => "PUSH_EXC_INFO",
            Instr::PopExcept => "POP_EXCEPT",
            Instr::CheckExcMatch => "CHECK_EXC_MATCH",
            Instr::CheckEgMatch => "CHECK_EG_MATCH",
            Instr::PrepReraiseStar => "PREP_RERAISE_STAR",
            Instr::WithExceptStart => "WITH_EXCEPT_START",
            Instr::BeforeWith => "BEFORE_WITH",
            Instr::LoadAssertionError => "LOAD_ASSERTION_ERROR",
            Instr::BuildTuple(_) => "BUILD_TUPLE",
            Instr::BuildList(_) => "BUILD_LIST",
            Instr::BuildSet(_) => "BUILD_SET",
            Instr::BuildMap(_) => "BUILD_MAP",
            Instr::BuildConstKeyMap(_) => "BUILD_CONST_KEY_MAP",
            Instr::BuildString(_) => "BUILD_STRING",
            Instr::ListAppend(_) => "LIST_APPEND",
            Instr::SetAdd(_) => "SET_ADD",
            Instr::MapAdd(_) => "MAP_ADD",
            Instr::ListExtend(_) => "LIST_EXTEND",
            Instr::SetUpdate(_) => "SET_UPDATE",
            Instr::DictUpdate(_) => "DICT_UPDATE",
            Instr::DictMerge(_) => "DICT_MERGE",
            Instr::ListToTuple => "LIST_TO_TUPLE",
            Instr::UnpackSequence(_) => "UNPACK_SEQUENCE",
            Instr::UnpackEx { .. } => "UNPACK_EX",
            Instr::FormatValue { .. } => "FORMAT_VALUE",
            Instr::ImportName(_) => "IMPORT_NAME",
            Instr::ImportFrom(_) => "IMPORT_FROM",
            Instr::ImportStar => "IMPORT_STAR",
            Instr::SetupAnnotations => "SETUP_ANNOTATIONS",
            Instr::PrintExpr => "PRINT_EXPR",
            Instr::MatchClass(_) => "MATCH_CLASS",
            Instr::MatchMapping => "MATCH_MAPPING",
            Instr::MatchSequence => "MATCH_SEQUENCE",
            Instr::MatchKeys => "MATCH_KEYS",
            Instr::GetLen => "GET_LEN",
        }
    }
}

/// Flags of a code object, with CPython's `CO_*` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct CodeFlags(pub u32);

impl CodeFlags {
    /// Locals are fast locals (functions, lambdas, comprehensions).
    pub const OPTIMIZED: u32 = 0x0001;
    /// A new locals dict is made for each frame (functions).
    pub const NEWLOCALS: u32 = 0x0002;
    /// Has a `*args` parameter.
    pub const VARARGS: u32 = 0x0004;
    /// Has a `**kwargs` parameter.
    pub const VARKEYWORDS: u32 = 0x0008;
    /// Defined inside another function.
    pub const NESTED: u32 = 0x0010;
    /// A generator function.
    pub const GENERATOR: u32 = 0x0020;
    /// An `async def` function.
    pub const COROUTINE: u32 = 0x0080;
    /// A generator function made awaitable by `types.coroutine`.
    pub const ITERABLE_COROUTINE: u32 = 0x0100;
    /// An async generator function.
    pub const ASYNC_GENERATOR: u32 = 0x0200;
    /// `from __future__ import annotations` is in effect.
    pub const FUTURE_ANNOTATIONS: u32 = 0x0100_0000;

    /// Whether `bit` is set.
    pub fn has(self, bit: u32) -> bool {
        self.0 & bit != 0
    }
}

/// An immutable compiled code object (CPython's `PyCodeObject`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CodeObject {
    /// `co_name`: the function/class name, `<module>`, `<lambda>`, `<listcomp>`, ...
    pub name: String,
    /// `co_qualname`, e.g. `C.method.<locals>.inner`.
    pub qualname: String,
    /// `co_filename`.
    pub filename: String,
    /// `co_firstlineno` (a decorated definition's first line is its first decorator's).
    pub first_line: u32,
    /// Number of positional parameters, including positional-only ones.
    pub arg_count: u32,
    /// Number of positional-only parameters.
    pub posonly_arg_count: u32,
    /// Number of keyword-only parameters.
    pub kwonly_arg_count: u32,
    /// `co_flags`.
    pub flags: CodeFlags,
    /// Fast local names: parameters first (positional, keyword-only, `*args`, `**kwargs`), then
    /// other locals.
    pub varnames: Vec<String>,
    /// Names of cells created by this code (a parameter that is a cell appears here too; the code
    /// copies it into its cell at the start).
    pub cellvars: Vec<String>,
    /// Names of free variables, received from the closure.
    pub freevars: Vec<String>,
    /// Names used by name, global and attribute instructions and imports.
    pub names: Vec<String>,
    /// `co_consts`.
    pub constants: Vec<Constant>,
    /// The docstring, when the body starts with a string literal (functions, classes, modules).
    pub docstring: Option<PyStr>,
    /// The instructions.
    pub instructions: Vec<Instr>,
    /// The stack depth before each instruction (same length as `instructions`).
    pub stack_depths: Vec<u32>,
    /// The largest stack depth reached.
    pub max_stack_depth: u32,
    /// Source positions of the instructions.
    pub line_table: LineTable,
    /// Exception handlers.
    pub exception_table: ExceptionTable,
    /// `co_linetable` as `code.replace(co_linetable=...)` gave it, which then describes the
    /// positions to `co_positions()` and `co_lines()`; `None`: encoded from `line_table`.
    #[serde(default)]
    pub replaced_location_table: Option<Vec<u8>>,
}

impl CodeObject {
    /// Python's `==` between code objects (CPython's `code_richcompare`): the same name, argument
    /// counts, flags, first line, instructions, constants ([`Constant::same_value`]), names,
    /// variable names, positions and handlers. The file name does not count.
    pub fn same_code(&self, other: &CodeObject) -> bool {
        self.name == other.name
            && (self.arg_count, self.posonly_arg_count, self.kwonly_arg_count)
                == (other.arg_count, other.posonly_arg_count, other.kwonly_arg_count)
            && self.flags == other.flags
            && self.first_line == other.first_line
            && self.instructions == other.instructions
            && self.constants.len() == other.constants.len()
            && self.constants.iter().zip(&other.constants).all(|(a, b)| a.same_value(b))
            && self.names == other.names
            && (&self.varnames, &self.cellvars, &self.freevars) == (&other.varnames, &other.cellvars, &other.freevars)
            && self.line_table == other.line_table
            && self.replaced_location_table == other.replaced_location_table
            && self.exception_table == other.exception_table
    }

    /// A hash of what [`same_code`](Self::same_code) compares (part of it: equal code objects
    /// hash the same).
    pub fn code_hash(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (&self.name, self.arg_count, self.first_line, self.flags.0).hash(&mut hasher);
        (&self.instructions, &self.names, &self.varnames, self.constants.len()).hash(&mut hasher);
        hasher.finish()
    }

    /// The name of the variable a deref (cell) index refers to.
    pub fn deref_name(&self, index: u32) -> Option<&str> {
        let index = index as usize;
        self.cellvars
            .get(index)
            .or_else(|| self.freevars.get(index - self.cellvars.len().min(index)))
            .map(String::as_str)
    }

    /// Nested code objects among the constants.
    pub fn nested_code(&self) -> impl Iterator<Item = &std::sync::Arc<CodeObject>> {
        self.constants.iter().filter_map(|c| match c {
            Constant::Code(code) => Some(code),
            _ => None,
        })
    }

    /// Checks the static stack-depth invariant: following every edge (fall-through, jump,
    /// exception handler) from every instruction gives the depth recorded for its target, no depth
    /// is negative or above `max_stack_depth`, and no jump goes backward except
    /// `JUMP_BACKWARD*`. Returns a description of the first violation.
    pub fn verify_stack_depths(&self) -> Result<(), String> {
        let len = self.instructions.len();
        if self.stack_depths.len() != len {
            return Err("stack_depths and instructions differ in length".into());
        }
        let expect = |from: usize, to: usize, depth: i32| -> Result<(), String> {
            match self.stack_depths.get(to) {
                None => Err(format!("edge from {from} to {to} leaves the code")),
                Some(&d) if d as i32 != depth => {
                    Err(format!("edge from {from} to {to} arrives with depth {depth}, recorded {d}"))
                }
                Some(_) => Ok(()),
            }
        };
        for (pc, instr) in self.instructions.iter().enumerate() {
            let depth = self.stack_depths[pc] as i32;
            if depth as u32 > self.max_stack_depth {
                return Err(format!("depth {depth} at {pc} exceeds max_stack_depth"));
            }
            if let Some(target) = instr.jump_target() {
                let backward = target as usize <= pc;
                let is_backward_jump = matches!(instr, Instr::JumpBackward(_) | Instr::JumpBackwardNoInterrupt(_));
                if backward != is_backward_jump {
                    return Err(format!("{} at {pc} jumps to {target}", instr.name()));
                }
                let after = depth + instr.stack_effect(true);
                if after < 0 {
                    return Err(format!("negative depth jumping from {pc}"));
                }
                expect(pc, target as usize, after)?;
            }
            let after = depth + instr.stack_effect(false);
            if after < 0 || after as u32 > self.max_stack_depth {
                return Err(format!("depth {after} after {} at {pc}", instr.name()));
            }
            if !instr.is_terminator() {
                expect(pc, pc + 1, after)?;
            }
            if let Some(entry) = self.exception_table.handler_for(pc as u32) {
                let handler_depth = entry.depth as i32 + 1 + i32::from(entry.lasti);
                if entry.depth as i32 > depth {
                    return Err(format!("handler depth above the stack at {pc}"));
                }
                expect(pc, entry.target as usize, handler_depth)?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for CodeObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<code object {} at \"{}\", line {}>", self.name, self.filename, self.first_line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instructions_are_eight_bytes() {
        assert_eq!(std::mem::size_of::<Instr>(), 8);
    }

    #[test]
    fn operators_round_trip_between_plain_and_inplace() {
        assert_eq!(BinaryOperator::Add.to_inplace(), BinaryOperator::InplaceAdd);
        assert_eq!(BinaryOperator::InplaceXor.to_plain(), BinaryOperator::Xor);
        assert_eq!(BinaryOperator::InplacePower.symbol(), "**=");
        assert!(!BinaryOperator::Subtract.is_inplace());
    }
}

//! The compiled form of a program: one [`Code`] object of stack bytecode per function, gathered in
//! a [`Program`] that is leaked so that positions in it can be green variables. Loading the program
//! ([`crate::run::load`]) makes its [`Prebuilt`] objects, which the interpreter uses as constants.
//!
//! Each code object's frame has `nslots` value slots: its locals (parameters first), then its value
//! stack. The compiler knows the stack depth before every instruction ([`Code::depths`]), so the
//! interpreter addresses stack slots by constant indices rather than through a stack pointer.

use crate::ast::{BinOp, UnaryOp};
use crate::objects::Prebuilt;
use std::fmt;

/// One instruction. Operands that name things are indices: locals into the frame's slots, globals
/// into the module's globals, constants into [`Program::constants`], strings into
/// [`Program::strings`], fields into [`Program::fields`], functions into [`Program::functions`].
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Instr {
    /// Push an int or float literal.
    Const(u32),
    /// Push a string constant.
    Str(u32),
    /// Push `nil`.
    Nil,
    /// Push a boolean.
    Bool(bool),
    /// Push a top-level function that the program never reassigns (a global that always holds it).
    Function(u32),
    /// Push a local that every path to this instruction has assigned.
    LoadLocal(u32),
    /// Push a local that may be unassigned (an error if it is).
    LoadLocalChecked(u32),
    /// Pop into a local.
    StoreLocal(u32),
    /// Push a global (an error if it is unassigned).
    LoadGlobal(u32),
    /// Pop into a global.
    StoreGlobal(u32),
    /// Replace the top with the result of a unary operator.
    Unary(UnaryOp),
    /// Pop `b`, pop `a`, push `a op b`.
    Binary(BinOp),
    /// Replace an object on top with its field.
    GetField(u32),
    /// Pop a value, pop an object, set the object's field.
    SetField(u32),
    /// Pop a value and store it in a field of the new object below it, which stays.
    InitField(u32),
    /// Pop an index, pop a container, push the item.
    GetItem,
    /// Pop a value, an index and a list, and store the item.
    SetItem,
    /// Pop this many values and push a list of them (the deepest first).
    NewList(u32),
    /// Push a new object with no fields set.
    NewObject,
    /// Continue at the target.
    Jump(u32),
    /// Pop a value; continue at the target if it is falsy.
    JumpIfFalse(u32),
    /// If the top is falsy, continue at the target keeping it; else pop it.
    And(u32),
    /// If the top is truthy, continue at the target keeping it; else pop it.
    Or(u32),
    /// Pop this many arguments and a callee below them, call it, push its result.
    Call(u32),
    /// Pop this many arguments, call the builtin, push its result.
    Builtin(Builtin, u32),
    /// Pop a value and return it.
    Return,
    /// Drop the top.
    Pop,
}

impl Instr {
    /// How the instruction changes the stack depth (when it does not jump).
    pub fn stack_effect(self) -> i64 {
        match self {
            Instr::Const(_)
            | Instr::Str(_)
            | Instr::Nil
            | Instr::Bool(_)
            | Instr::Function(_)
            | Instr::LoadLocal(_)
            | Instr::LoadLocalChecked(_)
            | Instr::LoadGlobal(_)
            | Instr::NewObject => 1,
            Instr::Unary(_) | Instr::GetField(_) | Instr::Jump(_) => 0,
            Instr::StoreLocal(_)
            | Instr::StoreGlobal(_)
            | Instr::Binary(_)
            | Instr::InitField(_)
            | Instr::GetItem
            | Instr::JumpIfFalse(_)
            | Instr::And(_)
            | Instr::Or(_)
            | Instr::Return
            | Instr::Pop => -1,
            Instr::SetField(_) => -2,
            Instr::SetItem => -3,
            Instr::NewList(n) | Instr::Builtin(_, n) => 1 - i64::from(n),
            Instr::Call(n) => -i64::from(n),
        }
    }

    /// Where the instruction may jump to, besides the next instruction.
    pub fn jump_target(self) -> Option<u32> {
        match self {
            Instr::Jump(t) | Instr::JumpIfFalse(t) | Instr::And(t) | Instr::Or(t) => Some(t),
            _ => None,
        }
    }
}

/// The builtin functions. They are not values: a call to one is compiled to [`Instr::Builtin`].
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Builtin {
    /// `print(v)`: write `v` and a newline to standard output.
    Print,
    /// `len(v)`: the length of a list or a string.
    Len,
    /// `str(v)`: `v` as a string.
    Str,
    /// `push(list, v)`: append to a list.
    Push,
    /// `pop(list)`: remove and return the last item of a list.
    Pop,
    /// `int(v)`: an int from an int, a float (truncating) or a string.
    Int,
    /// `float(v)`: a float from an int, a float or a string.
    Float,
}

impl Builtin {
    /// Every builtin.
    pub const ALL: [Builtin; 7] =
        [Builtin::Print, Builtin::Len, Builtin::Str, Builtin::Push, Builtin::Pop, Builtin::Int, Builtin::Float];

    /// The builtin's name in programs.
    pub fn name(self) -> &'static str {
        match self {
            Builtin::Print => "print",
            Builtin::Len => "len",
            Builtin::Str => "str",
            Builtin::Push => "push",
            Builtin::Pop => "pop",
            Builtin::Int => "int",
            Builtin::Float => "float",
        }
    }

    /// How many arguments it takes.
    pub fn arity(self) -> usize {
        match self {
            Builtin::Push => 2,
            _ => 1,
        }
    }

    /// The builtin called `name`, if any.
    pub fn from_name(name: &str) -> Option<Builtin> {
        Builtin::ALL.into_iter().find(|b| b.name() == name)
    }
}

/// The bytecode of one function (or of the top level of the program).
pub struct Code {
    /// The function's name (`<main>` for the top level).
    pub name: String,
    /// How many parameters it takes; they are its first locals.
    pub nparams: usize,
    /// How many locals it has.
    pub nlocals: usize,
    /// Slots in its frame: locals, then the deepest stack it needs.
    pub nslots: usize,
    /// The instructions.
    pub instrs: Vec<Instr>,
    /// The source line of each instruction.
    pub lines: Vec<u32>,
    /// The stack depth before each instruction.
    pub depths: Vec<u32>,
    /// The name of each local, as an index into [`Program::strings`].
    pub local_names: Vec<u32>,
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "code {} ({} params, {} locals, {} slots):", self.name, self.nparams, self.nlocals, self.nslots)?;
        for (pc, instr) in self.instrs.iter().enumerate() {
            writeln!(f, "  {pc:4} line {:3} depth {:2}  {instr:?}", self.lines[pc], self.depths[pc])?;
        }
        Ok(())
    }
}

/// A top-level function: which global holds it and which code it runs.
#[derive(Copy, Clone, Debug)]
pub struct FunctionDef {
    /// The global slot the function is stored in before the program starts.
    pub global: u32,
    /// Its code, an index into [`Program::codes`].
    pub code: u32,
}

/// An int or float literal of a program.
#[derive(Copy, Clone, PartialEq, Debug)]
pub enum Constant {
    /// An int.
    Int(i64),
    /// A float.
    Float(f64),
}

/// A compiled program.
pub struct Program {
    /// Every code object; the top level is `codes[0]`.
    pub codes: Vec<Code>,
    /// The top-level functions, defined before the program starts.
    pub functions: Vec<FunctionDef>,
    /// String constants: literals, and the names of variables and fields for error messages.
    pub strings: Vec<Vec<u8>>,
    /// The name of each global, as an index into `strings`.
    pub globals: Vec<u32>,
    /// The name of each field, as an index into `strings`. Every object has a slot for each.
    pub fields: Vec<u32>,
    /// The int and float literals, one per occurrence in the source.
    pub constants: Vec<Constant>,
    /// The objects the program runs with, made when it is loaded; [`Prebuilt::unloaded`] until then.
    pub prebuilt: Prebuilt,
}

impl fmt::Debug for Program {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.codes.iter().try_for_each(|code| write!(f, "{code:?}"))
    }
}

/// The index of the top-level code in [`Program::codes`].
pub const MAIN: u32 = 0;

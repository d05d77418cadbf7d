//! The interpreter: tiny as a metatrace [`Language`], its dispatch loop written once against the
//! [`Domain`] API.
//!
//! The green variables are a position [`Pos`] (program, code, pc); the red variable is the
//! [`Frame`]. Between two opcodes the whole state is in the frame's slots array, which is the
//! virtualizable: each opcode reads its operands from constant slot indices (known from the
//! compiler's stack depths) and writes its results back before the next merge point. Popped slots
//! are cleared so that dead values do not stay reachable from the frame.
//!
//! The program's [`Prebuilt`] objects (the module, literals, string constants, functions, `nil`,
//! `true` and `false`) are reached through the greens, so they are constants in traces.

use crate::builtins::{self, raise, Fault, MAX_DEPTH};
use crate::bytecode::{Code, Instr, Program};
use crate::objects::{
    get_field, new_object, set_field, Array, Frame, Function, GlobalCell, List, Module, Prebuilt, Type,
};
use crate::ops;
use metatrace::domain::{Domain, IntOp, Language, Leave, PortalResult, Virtualizable, VirtualizableArray};
use metatrace_gc::{root_slice, GcObject, GcRef};
use std::fmt;
use std::hash::{Hash, Hasher};

/// The tiny language.
pub struct Tiny;

/// A position in a program: the green variables.
#[derive(Copy, Clone)]
pub struct Pos {
    /// The program.
    pub program: &'static Program,
    /// The code object, an index into the program's codes.
    pub code: u32,
    /// The instruction.
    pub pc: u32,
}

impl Pos {
    /// The start of code object `code`.
    pub fn start(program: &'static Program, code: u32) -> Pos {
        Pos { program, code, pc: 0 }
    }

    /// The code object.
    pub fn code(&self) -> &'static Code {
        &self.program.codes[self.code as usize]
    }

    /// The program's prebuilt objects.
    pub fn prebuilt(&self) -> &'static Prebuilt {
        &self.program.prebuilt
    }
}

/// Positions are equal when they are in the same program (by identity), code and instruction.
impl PartialEq for Pos {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.program, other.program) && self.code == other.code && self.pc == other.pc
    }
}

impl Eq for Pos {}

impl Hash for Pos {
    fn hash<H: Hasher>(&self, state: &mut H) {
        std::ptr::hash(self.program, state);
        (self.code, self.pc).hash(state);
    }
}

impl fmt::Debug for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.code().name, self.pc)
    }
}

/// The frame's slots array is virtualizable; the frame has no virtualizable scalar fields (the
/// stack depth is static, the pc is green).
static VIRTUALIZABLE: Virtualizable = Virtualizable {
    fields: &[],
    array: Some(VirtualizableArray { field: Frame::LOCALS_STACK, items: Array::ITEMS }),
    token: None,
    escaped: None,
};

impl Language for Tiny {
    type Greens = Pos;

    fn virtualizable() -> &'static Virtualizable {
        &VIRTUALIZABLE
    }

    fn portal<D: Domain<Lang = Self>>(d: &mut D, greens: Pos, frame: D::Ref) -> PortalResult<D> {
        let mut pos = greens;
        loop {
            d.merge_point(&pos, frame)?;
            match Exec::new(d, pos, frame).step().map_err(Leave::Raise)? {
                Next::To(pc) => pos.pc = pc,
                Next::Loop(pc) => {
                    pos.pc = pc;
                    d.can_enter_jit(&mut pos, frame)?;
                }
                Next::Return(value) => return Ok(value),
            }
        }
    }

    fn describe(greens: &Pos) -> String {
        let code = greens.code();
        let pc = greens.pc as usize;
        let instr = code.instrs[pc];
        let value = match instr {
            Instr::Const(c) => format!(" = {:?}", greens.program.constants[c as usize]),
            _ => String::new(),
        };
        format!("{greens:?} line {}: {instr:?}{value}", code.lines[pc])
    }
}

/// A new frame to run `code` at call depth `depth`: its first locals are `args`, the other slots
/// are unassigned.
pub fn new_frame<D: Domain>(d: &mut D, code: &Code, module: D::Ref, depth: D::Int, args: &[D::Ref]) -> D::Ref {
    let nslots = d.const_int(code.nslots as i64);
    let slots = d.new_array(Array::layout(), nslots);
    for (k, &arg) in args.iter().enumerate() {
        let i = d.const_int(k as i64);
        d.set_item_ref(slots, &Array::ITEMS, i, arg);
    }
    let frame = d.new(Frame::layout());
    d.set_ref(frame, &Frame::LOCALS_STACK, slots);
    d.set_ref(frame, &Frame::MODULE, module);
    d.set_int(frame, &Frame::DEPTH, depth);
    frame
}

/// Where execution goes after an opcode.
enum Next<R> {
    /// On to this instruction.
    To(u32),
    /// Back to this instruction: the end of a loop iteration, where the JIT may take over.
    Loop(u32),
    /// The frame returns this value.
    Return(R),
}

/// The execution of one opcode. It holds domain values for the duration of the opcode only.
struct Exec<'d, D: Domain<Lang = Tiny>> {
    d: &'d mut D,
    pos: Pos,
    code: &'static Code,
    frame: D::Ref,
    slots: D::Ref,
    /// The index of the first free stack slot.
    sp: usize,
    /// The source line of the opcode.
    line: i64,
}

impl<'d, D: Domain<Lang = Tiny>> Exec<'d, D> {
    fn new(d: &'d mut D, pos: Pos, frame: D::Ref) -> Self {
        let code = pos.code();
        let pc = pos.pc as usize;
        let slots = d.get_ref(frame, &Frame::LOCALS_STACK);
        let sp = code.nlocals + code.depths[pc] as usize;
        Exec { d, pos, code, frame, slots, sp, line: i64::from(code.lines[pc]) }
    }

    fn slot_index(&mut self, slot: usize) -> D::Int {
        self.d.const_int(slot as i64)
    }

    fn load(&mut self, slot: usize) -> D::Ref {
        let i = self.slot_index(slot);
        self.d.get_item_ref(self.slots, &Array::ITEMS, i)
    }

    fn store(&mut self, slot: usize, v: D::Ref) {
        let i = self.slot_index(slot);
        self.d.set_item_ref(self.slots, &Array::ITEMS, i, v);
    }

    fn push(&mut self, v: D::Ref) {
        self.store(self.sp, v);
        self.sp += 1;
    }

    /// Clear the top `n` slots.
    fn discard(&mut self, n: usize) {
        for _ in 0..n {
            self.sp -= 1;
            let null = self.d.const_ref(GcRef::NULL);
            self.store(self.sp, null);
        }
    }

    fn pop(&mut self) -> D::Ref {
        let v = self.peek();
        self.discard(1);
        v
    }

    /// Pop the top `n` values, the deepest first.
    fn take(&mut self, n: usize) -> Vec<D::Ref> {
        let values = (self.sp - n..self.sp).map(|slot| self.load(slot)).collect();
        self.discard(n);
        values
    }

    fn peek(&mut self) -> D::Ref {
        self.load(self.sp - 1)
    }

    fn prebuilt(&self) -> &'static Prebuilt {
        self.pos.prebuilt()
    }

    /// The cell of global `global`, a constant (cells are never replaced: promoting the one read
    /// lets the JIT fold the reads of its quasi-immutable value).
    fn global_cell(&mut self, global: u32) -> D::Ref {
        let module = self.prebuilt().module(self.d);
        let globals = self.d.get_ref(module, &Module::GLOBALS);
        let i = self.d.const_int(global.into());
        let cell = self.d.get_item_ref(globals, &Array::ITEMS, i);
        let cell = self.d.promote_ref(cell);
        self.d.const_ref(cell)
    }

    /// String constant `index`.
    fn string(&mut self, index: u32) -> D::Ref {
        self.d.const_ref(self.prebuilt().strings[index as usize])
    }

    fn raise(&mut self, fault: Fault<D::Ref>) -> D::Ref {
        raise(self.d, self.line, fault)
    }

    /// `v`, or the error "undefined variable" naming string `name` if `v` is unassigned.
    fn defined(&mut self, v: D::Ref, name: u32) -> Result<D::Ref, D::Ref> {
        if self.d.is_null(v) {
            let name = self.string(name);
            return Err(self.raise(Fault::Undefined(name)));
        }
        Ok(v)
    }

    /// Where a jump to `target` goes: backward jumps end a loop iteration.
    fn jump(&self, target: u32) -> Next<D::Ref> {
        if target <= self.pos.pc {
            Next::Loop(target)
        } else {
            Next::To(target)
        }
    }

    /// Run the opcode at `pos`; `Err` carries a raised exception.
    fn step(mut self) -> Result<Next<D::Ref>, D::Ref> {
        let next = self.pos.pc + 1;
        match self.code.instrs[self.pos.pc as usize] {
            Instr::Const(index) => {
                let v = self.d.const_ref(self.prebuilt().constants[index as usize]);
                self.push(v);
            }
            Instr::Bool(b) => {
                let v = self.d.const_ref(self.prebuilt().bools[usize::from(b)]);
                self.push(v);
            }
            Instr::Nil => {
                let nil = self.prebuilt().nil(self.d);
                self.push(nil);
            }
            Instr::Str(index) => {
                let s = self.string(index);
                self.push(s);
            }
            Instr::Function(index) => {
                let f = self.d.const_ref(self.prebuilt().functions[index as usize]);
                self.push(f);
            }
            Instr::LoadLocal(local) => {
                let v = self.load(local as usize);
                self.push(v);
            }
            Instr::LoadLocalChecked(local) => {
                let v = self.load(local as usize);
                let v = self.defined(v, self.code.local_names[local as usize])?;
                self.push(v);
            }
            Instr::StoreLocal(local) => {
                let v = self.pop();
                self.store(local as usize, v);
            }
            Instr::LoadGlobal(global) => {
                let cell = self.global_cell(global);
                let v = self.d.get_ref(cell, &GlobalCell::VALUE);
                let v = self.defined(v, self.pos.program.globals[global as usize])?;
                self.push(v);
            }
            Instr::StoreGlobal(global) => {
                let v = self.pop();
                let cell = self.global_cell(global);
                self.d.set_ref(cell, &GlobalCell::VALUE, v);
            }
            Instr::Unary(op) => {
                let v = self.pop();
                let result = ops::unary(self.d, self.prebuilt(), op, v, self.line)?;
                self.push(result);
            }
            Instr::Binary(op) => {
                let b = self.pop();
                let a = self.pop();
                let result = ops::binary(self.d, self.prebuilt(), op, a, b, self.line)?;
                self.push(result);
            }
            Instr::GetField(field) => {
                let obj = self.pop();
                let i = self.field_slot(obj, field)?;
                let v = get_field(self.d, self.prebuilt(), obj, i);
                if self.d.is_null(v) {
                    return Err(self.no_field(obj, field));
                }
                self.push(v);
            }
            Instr::SetField(field) => {
                let v = self.pop();
                let obj = self.pop();
                let i = self.field_slot(obj, field)?;
                set_field(self.d, self.prebuilt(), obj, i, v);
            }
            Instr::InitField(field) => {
                let v = self.pop();
                let obj = self.peek();
                let i = self.d.const_int(field.into());
                set_field(self.d, self.prebuilt(), obj, i, v);
            }
            Instr::GetItem => {
                let index = self.pop();
                let container = self.pop();
                let item = ops::get_item(self.d, container, index, self.line)?;
                self.push(item);
            }
            Instr::SetItem => {
                let v = self.pop();
                let index = self.pop();
                let list = self.pop();
                ops::set_item(self.d, list, index, v, self.line)?;
            }
            Instr::NewList(n) => self.new_list(n as usize),
            Instr::NewObject => {
                let obj = new_object(self.d, self.pos.program.fields.len());
                self.push(obj);
            }
            Instr::Jump(target) => return Ok(self.jump(target)),
            Instr::JumpIfFalse(target) => {
                let v = self.pop();
                let t = ops::truthy(self.d, v);
                if !self.d.branch(t) {
                    return Ok(self.jump(target));
                }
            }
            Instr::And(target) => return Ok(self.short_circuit(target, false)),
            Instr::Or(target) => return Ok(self.short_circuit(target, true)),
            Instr::Call(argc) => self.call(argc)?,
            Instr::Builtin(b, argc) => {
                let args = self.take(argc as usize);
                let _args_root = root_slice(&args);
                let result = builtins::call(self.d, self.prebuilt(), b, &args, self.line)?;
                self.push(result);
            }
            Instr::Return => {
                let v = self.pop();
                return Ok(Next::Return(v));
            }
            Instr::Pop => self.discard(1),
        }
        Ok(Next::To(next))
    }

    /// Jump to `target` keeping the value on top if its truthiness is `when`, else drop it.
    fn short_circuit(&mut self, target: u32, when: bool) -> Next<D::Ref> {
        let v = self.peek();
        let t = ops::truthy(self.d, v);
        if self.d.branch(t) == when {
            self.jump(target)
        } else {
            self.discard(1);
            Next::To(self.pos.pc + 1)
        }
    }

    /// The constant slot index of `field` in `obj`, checking that `obj` is an object.
    fn field_slot(&mut self, obj: D::Ref, field: u32) -> Result<D::Int, D::Ref> {
        if Type::of_value(self.d, obj) != Type::Object {
            return Err(self.no_field(obj, field));
        }
        Ok(self.d.const_int(field.into()))
    }

    fn no_field(&mut self, obj: D::Ref, field: u32) -> D::Ref {
        let name = self.string(self.pos.program.fields[field as usize]);
        self.raise(Fault::NoField(obj, name))
    }

    /// Pop `n` values into a new list (the deepest first).
    fn new_list(&mut self, n: usize) {
        let len = self.d.const_int(n as i64);
        let storage = self.d.new_array(Array::layout(), len);
        for (k, v) in self.take(n).into_iter().enumerate() {
            let i = self.d.const_int(k as i64);
            self.d.set_item_ref(storage, &Array::ITEMS, i, v);
        }
        let list = self.d.new(List::layout());
        self.d.set_int(list, &List::LEN, len);
        self.d.set_ref(list, &List::STORAGE, storage);
        self.push(list);
    }

    /// Call the function below the `argc` arguments on top of the stack, in a new frame.
    fn call(&mut self, argc: u32) -> Result<(), D::Ref> {
        let args = self.take(argc as usize);
        let _args_root = root_slice(&args);
        let callee = self.pop();
        if Type::of_value(self.d, callee) != Type::Function {
            return Err(self.raise(Fault::NotCallable(callee)));
        }
        let code_index = self.d.get_int(callee, &Function::CODE);
        let code_index = self.d.promote_int(code_index) as u32;
        let target = Pos::start(self.pos.program, code_index);
        let code = target.code();
        if code.nparams != argc as usize {
            let expected = code.nparams as u32;
            return Err(self.raise(Fault::ArgCount { function: callee, expected, given: argc }));
        }
        let depth = self.d.get_int(self.frame, &Frame::DEPTH);
        let max = self.d.const_int(MAX_DEPTH);
        let too_deep = self.d.int_op(IntOp::Ge, depth, max);
        if self.d.branch(too_deep) {
            return Err(self.raise(Fault::Recursion));
        }
        let one = self.d.const_int(1);
        let depth = self.d.int_op(IntOp::Add, depth, one);
        let module = self.prebuilt().module(self.d);
        let frame = new_frame(self.d, code, module, depth, &args);
        let result = self.d.portal_call(target, frame)?;
        self.push(result);
        Ok(())
    }
}

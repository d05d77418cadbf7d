//! Code objects at run time: the compiler's immutable [`CodeObject`] together with the objects
//! its instructions use (constants, interned names), loaded once and never freed.
//!
//! A loaded [`Code`] is leaked, so that `&'static Code` can be a green variable of the JIT: the
//! interpreter reads its instructions, stack depths, exception table and prebuilt constants
//! directly (immutable data reachable from the greens, which the determinism contract allows).
//! Python sees a code object as a [`W_Code`], a GC object whose `id` names the `Code` in this
//! thread's registry. The registry only grows and an id always names the same `Code`, so looking
//! one up from domain code is deterministic.
//!
//! Every reference a `Code` holds in Rust memory (its constants and names) is also held by its
//! `W_Code` (in [`RefArray`]s), and every `W_Code` is a GC root for the life of the process.
//!
//! A `Code` also carries the side tables of the interpreter's per-instruction caches
//! ([`crate::inline_cache`]).

use crate::bigint;
use crate::bytes;
use crate::float::heap_float;
use crate::gc::{self, RootedVec};
use crate::int::heap_int;
use crate::set;
use crate::space::Space;
use crate::storage::RefArray;
use crate::tuple::W_Tuple;
use crate::unicode;
use metatrace_gc::{GcHeader, GcObject, GcRef, Root};
use metatrace_macros::GcObject;
use ripy_compiler::wordcode::Wordcode;
use ripy_compiler::{CodeObject, Constant, Instr, PyStr};
use std::cell::RefCell;
use std::fmt;
use std::sync::{Arc, OnceLock};

/// A code object as Python sees it.
#[derive(GcObject)]
#[repr(C)]
pub struct W_Code {
    /// The object header.
    pub header: GcHeader,
    /// The index of its [`Code`] in the registry.
    #[gc(immutable)]
    pub id: i64,
    /// The address of its (leaked) [`Code`].
    #[gc(immutable)]
    pub address: i64,
    /// `co_name` (a str).
    #[gc(immutable)]
    pub name: GcRef,
    /// `co_qualname` (a str), shared by the functions made from the code.
    #[gc(immutable)]
    pub qualname: GcRef,
    /// The constants as objects ([`RefArray`]).
    #[gc(immutable)]
    pub consts: GcRef,
    /// The interned names of `co_names` ([`RefArray`]).
    #[gc(immutable)]
    pub names: GcRef,
    /// The interned local variable names, then cell and free variable names ([`RefArray`]).
    #[gc(immutable)]
    pub varnames: GcRef,
}

/// A loaded code object. See the module documentation.
pub struct Code {
    /// The compiler's code object.
    pub object: Arc<CodeObject>,
    /// The index in the registry.
    pub id: u32,
    /// The Python object.
    pub w_code: GcRef,
    /// The constants as objects (nested code objects as [`W_Code`]s).
    pub consts: Vec<GcRef>,
    /// The interned names of `co_names`.
    pub names: Vec<GcRef>,
    /// The interned names of the fast locals, then of the cell and free variables.
    pub varnames: Vec<GcRef>,
    /// The number of fast locals.
    pub nlocals: usize,
    /// The number of cells the code creates.
    pub ncells: usize,
    /// The number of free variables.
    pub nfree: usize,
    /// The first slot of the value stack: `nlocals + ncells + nfree`.
    stack_base: usize,
    /// Per instruction: the instruction and the first free slot of the value stack before it
    /// (`stack_base` plus the stack depth there), which the interpreter's dispatch reads together.
    pub dispatch: Box<[Dispatch]>,
    /// The object space.
    pub space: &'static Space,
    /// The concrete domain's per-instruction caches.
    pub caches: crate::inline_cache::Caches,
    /// Frames of this code ready for reuse ([`crate::frame::FramePool`]).
    pub frames: crate::frame::FramePool,
    /// Whether the code has exception handlers (a `PUSH_EXC_INFO`): a generator running code
    /// without any never handles an exception of its own (see `generator::run_at`).
    pub handles_exceptions: bool,
    /// Whether the code is one loop with no other branch, call or exception handler (a generator
    /// expression such as `(v[i] + i for i in r)`): every item takes the same path through it.
    pub straight_loop: bool,
    /// Whether the code delegates (has a `SEND`: a `yield from` or an `await`): a generator
    /// running code without one never passes a resumption on to another
    /// (`generator::resume_delegate`).
    pub delegates: bool,
    /// The instructions in CPython 3.11's encoding, made when first asked for.
    wordcode: OnceLock<Wordcode>,
}

/// An entry of [`Code::dispatch`]: an instruction, the first free stack slot before it, and for
/// a superinstruction the operand of its second half (0 otherwise). Aligned to 16 bytes, so that
/// the dispatch finds an entry with one shift of the pc.
#[derive(Copy, Clone, Debug)]
#[repr(C, align(16))]
pub struct Dispatch(pub Instr, pub u32, pub u32);

/// The dispatch table of `object` whose stack starts at slot `stack_base`: its instructions,
/// each fused with the next one where the two make a superinstruction ([`Instr::fused`]) and
/// nothing enters the second one but the first (no jump and no exception handler goes there).
/// The second stays in the table as it was, and the superinstruction goes on after it.
fn dispatch_table(object: &CodeObject, stack_base: usize) -> Box<[Dispatch]> {
    let instructions = &object.instructions;
    let mut entered = vec![false; instructions.len() + 1];
    let targets = instructions.iter().filter_map(Instr::jump_target);
    for target in targets.chain(object.exception_table.entries().iter().map(|e| e.target)) {
        entered[target as usize] = true;
    }
    (0..instructions.len())
        .map(|pc| {
            let depth = (stack_base + object.stack_depths[pc] as usize) as u32;
            let fused =
                instructions.get(pc + 1).filter(|_| !entered[pc + 1]).and_then(|&next| instructions[pc].fused(next));
            match fused {
                Some((instr, second)) => Dispatch(instr, depth, second),
                None => Dispatch(instructions[pc], depth, 0),
            }
        })
        .collect()
}

crate::interp_local! {
    static CODES: RefCell<Vec<&'static Code>> = const { RefCell::new(Vec::new()) };
}

impl Code {
    /// Load `object` and the code objects nested in it.
    pub fn load(space: &'static Space, object: Arc<CodeObject>) -> &'static Code {
        let consts: RootedVec = object.constants.iter().map(|c| constant(space, c)).collect();
        let names: RootedVec = object.names.iter().map(|n| space.intern(n)).collect();
        let varnames: RootedVec =
            object.varnames.iter().chain(&object.cellvars).chain(&object.freevars).map(|n| space.intern(n)).collect();
        let w_code = metatrace_gc::alloc(W_Code::layout());
        Root::new(w_code).leak();
        gc::set_ref(w_code, &W_Code::NAME, unicode::new_str(&object.name));
        gc::set_ref(w_code, &W_Code::QUALNAME, unicode::new_str(&object.qualname));
        gc::set_ref(w_code, &W_Code::CONSTS, RefArray::from_slice(&consts));
        gc::set_ref(w_code, &W_Code::NAMES, RefArray::from_slice(&names));
        gc::set_ref(w_code, &W_Code::VARNAMES, RefArray::from_slice(&varnames));
        let (consts, names, varnames) = (consts.to_vec(), names.to_vec(), varnames.to_vec());
        let (names_count, instructions) = (names.len(), object.instructions.len());
        CODES.with(|codes| {
            let mut codes = codes.borrow_mut();
            let id = codes.len() as u32;
            gc::set_i64(w_code, &W_Code::ID, i64::from(id));
            let stack_base = object.varnames.len() + object.cellvars.len() + object.freevars.len();
            let dispatch = dispatch_table(&object, stack_base);
            let frames = crate::frame::FramePool::new(&object);
            let handles_exceptions = object.instructions.iter().any(|i| matches!(i, Instr::PushExcInfo));
            let straight_loop = is_straight_loop(&object.instructions);
            let delegates = object.instructions.iter().any(|i| matches!(i, Instr::Send(_)));
            let code: &'static Code = Box::leak(Box::new(Code {
                nlocals: object.varnames.len(),
                ncells: object.cellvars.len(),
                nfree: object.freevars.len(),
                stack_base,
                dispatch,
                object,
                id,
                w_code,
                consts,
                names,
                varnames,
                space,
                caches: crate::inline_cache::Caches::new(names_count, instructions),
                frames,
                handles_exceptions,
                straight_loop,
                delegates,
                wordcode: OnceLock::new(),
            }));
            gc::set_i64(w_code, &W_Code::ADDRESS, code as *const Code as i64);
            codes.push(code);
            code
        })
    }

    /// The code of a [`W_Code`].
    pub fn of(w_code: GcRef) -> &'static Code {
        // Read through the known layout, which folds the check of the access.
        let address = metatrace_gc::heap::read_field_expecting(w_code, W_Code::layout(), &W_Code::ADDRESS) as usize
            as *const Code;
        // SAFETY: `load` makes the only `W_Code` of each `Code`, and stores there the address of
        // that `Code`, which it leaked (never freed), before the object escapes; the field is
        // never written again.
        unsafe { &*address }
    }

    /// The instructions in CPython 3.11's encoding (`co_code`, offsets of `f_lasti`).
    pub fn wordcode(&self) -> &Wordcode {
        self.wordcode.get_or_init(|| Wordcode::new(&self.object))
    }

    /// `co_linetable`: the one `code.replace()` gave, or the line table's in CPython 3.11's
    /// encoding.
    pub fn location_table(&self) -> Vec<u8> {
        match &self.object.replaced_location_table {
            Some(table) => table.clone(),
            None => self.wordcode().location_table(&self.object),
        }
    }

    /// The entries of `co_linetable`, what `co_positions()` and `co_lines()` read.
    pub fn locations(&self) -> Vec<ripy_compiler::locations::Entry> {
        ripy_compiler::locations::decode(self.object.first_line, &self.location_table())
    }

    /// The byte offset of instruction `pc` in `co_code` (what `f_lasti` and `tb_lasti` say); -1
    /// for a negative `pc` (a frame that has not started).
    pub fn lasti(&self, pc: i64) -> i64 {
        u32::try_from(pc).map_or(-1, |pc| i64::from(self.wordcode().offset(pc)))
    }

    /// The first slot of the value stack in a frame.
    #[inline]
    pub fn stack_base(&self) -> usize {
        self.stack_base
    }

    /// The number of slots of a frame: locals, cells, free variables and the value stack.
    pub fn frame_size(&self) -> usize {
        self.stack_base() + self.object.max_stack_depth as usize
    }

    /// Whether `flag` (a [`ripy_compiler::CodeFlags`] bit) is set.
    pub fn has_flag(&self, flag: u32) -> bool {
        self.object.flags.has(flag)
    }

    /// The source line of instruction `pc`, if it has one.
    pub fn line(&self, pc: u32) -> Option<u32> {
        self.object.line_table.line(pc)
    }
}

/// Whether `instructions` are one loop (one `FOR_ITER`) with no other branch, no call and no
/// exception handler (see [`Code::straight_loop`]).
fn is_straight_loop(instructions: &[Instr]) -> bool {
    let mut loops = 0;
    for instr in instructions {
        match instr {
            Instr::ForIter(_) => loops += 1,
            Instr::PopJumpIfFalse(_)
            | Instr::PopJumpIfTrue(_)
            | Instr::PopJumpIfNone(_)
            | Instr::PopJumpIfNotNone(_)
            | Instr::JumpIfFalseOrPop(_)
            | Instr::JumpIfTrueOrPop(_)
            | Instr::Send(_)
            | Instr::Call(_)
            | Instr::CallKw { .. }
            | Instr::CallFunctionEx(_)
            | Instr::PushExcInfo => return false,
            _ => {}
        }
    }
    loops == 1
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.object.qualname)
    }
}

/// The object of a constant.
pub fn constant(space: &'static Space, c: &Constant) -> GcRef {
    match c {
        Constant::None => space.none,
        Constant::Ellipsis => space.ellipsis,
        Constant::Bool(b) => space.w_bool(*b),
        Constant::Int(v) => heap_int(*v),
        Constant::BigInt(v) => bigint::parse_int(&v.0, 10, space.empty_str).unwrap_or(space.none),
        Constant::Float(v) => heap_float(*v),
        Constant::Complex { real, imag } => crate::complex::new_complex(*real, *imag),
        Constant::Str(s) => str_constant(space, s),
        Constant::Bytes(b) => bytes::new_bytes(b),
        Constant::Tuple(items) => {
            let items: RootedVec = items.iter().map(|c| constant(space, c)).collect();
            W_Tuple::from_slice(&items)
        }
        Constant::FrozenSet(items) => {
            let items: RootedVec = items.iter().map(|c| constant(space, c)).collect();
            set::constant_frozenset(&items).unwrap_or_else(|_| unreachable!("constants hash"))
        }
        Constant::Code(code) => Code::load(space, code.clone()).w_code,
    }
}

/// A string constant: interned when it looks like an identifier, as CPython does.
fn str_constant(space: &Space, s: &PyStr) -> GcRef {
    let obj = unicode::from_wtf8(s.as_bytes());
    let identifier = s.as_str().is_some_and(|t| t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
    if identifier {
        space.intern_str(obj)
    } else {
        obj
    }
}

/// The attribute `name` of code object `w_code` (`co_name`, `co_varnames`, ...), `None` when
/// code objects have no such attribute.
pub fn attribute(space: &'static Space, w_code: GcRef, name: &str) -> Option<GcRef> {
    let code = Code::of(w_code);
    let object = &code.object;
    let int = |v: u32| heap_int(i64::from(v));
    let names = |list: &[String]| {
        let items: RootedVec = list.iter().map(|n| space.intern(n)).collect();
        W_Tuple::from_slice(&items)
    };
    Some(match name {
        "co_name" => gc::get_ref(w_code, &W_Code::NAME),
        "co_qualname" => gc::get_ref(w_code, &W_Code::QUALNAME),
        "co_filename" => unicode::new_str(&object.filename),
        "co_firstlineno" => int(object.first_line),
        "co_flags" => int(object.flags.0),
        "co_argcount" => int(object.arg_count),
        "co_posonlyargcount" => int(object.posonly_arg_count),
        "co_kwonlyargcount" => int(object.kwonly_arg_count),
        "co_nlocals" => heap_int(code.nlocals as i64),
        "co_stacksize" => int(object.max_stack_depth),
        "co_varnames" => names(&object.varnames),
        "co_cellvars" => names(&object.cellvars),
        "co_freevars" => names(&object.freevars),
        "co_names" => names(&object.names),
        "co_consts" => W_Tuple::from_slice(&code.consts),
        "co_code" | "_co_code_adaptive" => bytes::new_bytes(&code.wordcode().bytes),
        "co_exceptiontable" => bytes::new_bytes(&code.wordcode().exception_table(object)),
        "co_linetable" => bytes::new_bytes(&code.location_table()),
        _ => return None,
    })
}

//! Running a program: compile the source, load it (make its prebuilt objects: the module with its
//! globals and string constants, the top-level functions, the literals, `nil`, `true` and
//! `false`), and run its top level under a JIT.

use crate::ast::SyntaxError;
use crate::builtins::exception_info;
use crate::bytecode::{Constant, Program, MAIN};
use crate::compiler::compile;
use crate::interp::{new_frame, Pos, Tiny};
use crate::objects::{
    heap_array, heap_bool, heap_float, heap_int, heap_str, Function, GlobalCell, Module, Nil, Prebuilt, Unboxed,
};
use crate::parser::parse;
use metatrace::domain::Concrete;
use metatrace::jit::Jit;
use metatrace_gc::{heap, GcObject, GcRef, Root, RootSet};

/// Why a program failed.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Error {
    /// It did not compile.
    Syntax(SyntaxError),
    /// It raised a runtime error at this line with this message.
    Runtime {
        /// The source line.
        line: i64,
        /// The message.
        message: String,
    },
}

impl Error {
    /// The error as reported to the user, naming the program's file.
    pub fn report(&self, file: &str) -> String {
        match self {
            Error::Syntax(e) => e.report(file),
            Error::Runtime { line, message } => format!("{file}:{line}: error: {message}"),
        }
    }
}

/// Parse, compile and [`load`] `source`.
pub fn compile_source(source: &str) -> Result<&'static Program, SyntaxError> {
    Ok(load(compile(&parse(source)?)?))
}

/// Make the program's [`Prebuilt`] objects, with its functions defined in the module's globals, and
/// leak it: positions in it are green variables, and its objects live as long as it does. A
/// program runs once: its module is part of it.
pub fn load(mut program: Program) -> &'static Program {
    // The objects are held in Vecs until the module holds them all: keep them alive meanwhile.
    let roots = RootSet::new();
    let strings: Vec<GcRef> = program.strings.iter().map(|s| roots.add(heap_str(s))).collect();
    let field_names: Vec<GcRef> = program.fields.iter().map(|&i| strings[i as usize]).collect();
    let constants: Vec<GcRef> = program
        .constants
        .iter()
        .map(|c| match *c {
            Constant::Int(v) => roots.add(heap_int(v)),
            Constant::Float(v) => roots.add(heap_float(v)),
        })
        .collect();
    let cells: Vec<GcRef> =
        program.globals.iter().map(|_| roots.add(metatrace_gc::alloc(GlobalCell::layout()))).collect();
    let globals = heap_array(&cells);
    let functions: Vec<GcRef> = program
        .functions
        .iter()
        .map(|def| {
            let function = metatrace_gc::alloc(Function::layout());
            heap::write_field(function, &Function::CODE, u64::from(def.code));
            let name = heap_str(program.codes[def.code as usize].name.as_bytes());
            heap::write_field_ref(function, &Function::NAME, name);
            heap::write_field_ref(cells[def.global as usize], &GlobalCell::VALUE, function);
            function
        })
        .collect();
    let nil = metatrace_gc::alloc(Nil::layout());
    let bools = [heap_bool(false), heap_bool(true)];
    let unboxed = metatrace_gc::alloc(Unboxed::layout());
    let held: Vec<GcRef> = [nil, unboxed].iter().chain(&bools).chain(&constants).chain(&functions).copied().collect();
    let module = metatrace_gc::alloc(Module::layout());
    heap::write_field_ref(module, &Module::GLOBALS, globals);
    heap::write_field_ref(module, &Module::STRINGS, heap_array(&strings));
    heap::write_field_ref(module, &Module::FIELD_NAMES, heap_array(&field_names));
    heap::write_field_ref(module, &Module::PREBUILT, heap_array(&held));
    // The module reaches every prebuilt object; the program lives as long as the process.
    Root::new(module).leak();
    program.prebuilt = Prebuilt { module, nil, bools, unboxed, constants, strings, functions };
    Box::leak(Box::new(program))
}

/// Run the top level of a loaded program.
pub fn run(jit: &Jit<Tiny>, program: &'static Program) -> Result<(), Error> {
    let frame = new_frame(&mut Concrete::new(jit), &program.codes[MAIN as usize], program.prebuilt.module, 0, &[]);
    match jit.run(Pos::start(program, MAIN), frame) {
        Ok(_) => Ok(()),
        Err(exception) => {
            let (line, message) = exception_info(exception);
            Err(Error::Runtime { line, message })
        }
    }
}

/// Compile and run `source`.
pub fn run_source(jit: &Jit<Tiny>, source: &str) -> Result<(), Error> {
    run(jit, compile_source(source).map_err(Error::Syntax)?)
}

//! Running a program: compile the source, set up its module (globals, string constants and the
//! top-level functions), and run its top level under a JIT.

use crate::ast::SyntaxError;
use crate::builtins::exception_info;
use crate::bytecode::{Program, MAIN};
use crate::compiler::compile;
use crate::interp::{new_frame, Pos, Tiny};
use crate::objects::{heap_array, heap_str, Array, Function, Module};
use crate::parser::parse;
use metatrace::domain::Concrete;
use metatrace::jit::Jit;
use metatrace_gc::{heap, GcObject, GcRef};

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

/// Parse and compile `source`. The program is leaked: positions in it are green variables.
pub fn compile_source(source: &str) -> Result<&'static Program, SyntaxError> {
    let program = compile(&parse(source)?)?;
    Ok(Box::leak(Box::new(program)))
}

/// A new [`Module`] for `program`, its functions defined.
pub fn new_module(program: &Program) -> GcRef {
    let strings: Vec<GcRef> = program.strings.iter().map(|s| heap_str(s)).collect();
    let field_names: Vec<GcRef> = program.fields.iter().map(|&i| strings[i as usize]).collect();
    let globals = heap_array(&vec![GcRef::NULL; program.globals.len()]);
    for def in &program.functions {
        let function = metatrace_gc::alloc(Function::layout());
        heap::write_field(function, &Function::CODE, u64::from(def.code));
        heap::write_field_ref(function, &Function::NAME, heap_str(program.codes[def.code as usize].name.as_bytes()));
        heap::write_item_ref(globals, &Array::ITEMS, def.global.into(), function);
    }
    let module = metatrace_gc::alloc(Module::layout());
    heap::write_field_ref(module, &Module::GLOBALS, globals);
    heap::write_field_ref(module, &Module::STRINGS, heap_array(&strings));
    heap::write_field_ref(module, &Module::FIELD_NAMES, heap_array(&field_names));
    module
}

/// Run the top level of `program` in a fresh module.
pub fn run(jit: &Jit<Tiny>, program: &'static Program) -> Result<(), Error> {
    let module = new_module(program);
    let frame = new_frame(&mut Concrete::new(jit), &program.codes[MAIN as usize], module, 0, &[]);
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

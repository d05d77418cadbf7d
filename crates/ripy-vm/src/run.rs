//! Running a program: compile a module's source, make its globals, and run its code under this
//! thread's JIT.

use crate::code::Code;
use crate::dict;
use crate::frame::{new_frame, FrameEnv, W_ExecState};
use crate::gc;
use crate::interp::{install_jit, Pos};
use crate::space::Space;
use crate::traceback;
use metatrace::domain::Concrete;
use metatrace::params::JitParams;
use metatrace_gc::GcRef;
use ripy_compiler::{CompileError, Mode};

/// Why a program failed.
#[derive(Debug)]
pub enum Failure {
    /// It did not compile.
    Compile(CompileError),
    /// It raised this exception, uncaught.
    Uncaught(GcRef),
}

/// Compile `source` as module `__main__` from `filename` and run it with the JIT configured by
/// `params`.
pub fn run_main(source: &[u8], filename: &str, params: JitParams) -> Result<(), Failure> {
    let object = ripy_compiler::compile(source, filename, Mode::Exec).map_err(Failure::Compile)?;
    traceback::register_source(filename, &String::from_utf8_lossy(source));
    let space = Space::get();
    let jit = install_jit(params);
    let code = Code::load(space, object);
    let globals = dict::new();
    dict::set_str(globals, space.intern("__name__"), space.intern("__main__"));
    dict::set_str(globals, space.intern("__builtins__"), space.builtins);
    dict::set_str(globals, space.intern("__doc__"), space.none);
    let env = FrameEnv { globals, builtins: space.builtins, locals: globals, closure: GcRef::NULL };
    let frame = new_frame(&mut Concrete::new(jit), code, env);
    gc::set_i64(space.exec_state, &W_ExecState::DEPTH, 1);
    let result = jit.run(Pos { code, pc: 0 }, frame);
    gc::set_i64(space.exec_state, &W_ExecState::DEPTH, 0);
    result.map(|_| ()).map_err(Failure::Uncaught)
}

//! Running a program: compile a module's source, make its globals, and run its code under this
//! thread's JIT.

use crate::code::Code;
use crate::exceptions::{ExcKind, W_Exception};
use crate::frame::{new_frame, FrameEnv, W_ExecState};
use crate::gc;
use crate::interp::{install_jit, Pos};
use crate::space::Space;
use crate::traceback;
use crate::tuple::W_Tuple;
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
/// `params`. `package` is the package of a module run with `-m` (its `__package__`); a script
/// (no package) that is not UTF-8 and declares no encoding fails as CPython's file tokenizer does.
pub fn run_main(source: &[u8], filename: &str, package: Option<&str>, params: JitParams) -> Result<(), Failure> {
    let object = ripy_compiler::compile(source, filename, Mode::Exec).map_err(|error| {
        let script_error = package.is_none().then(|| ripy_compiler::source::script_decoding_error(source, filename));
        Failure::Compile(script_error.flatten().unwrap_or(error))
    })?;
    if !filename.starts_with('<') {
        traceback::register_source(filename, &String::from_utf8_lossy(source));
    }
    let space = Space::get();
    let jit = install_jit(params);
    let code = Code::load(space, object);
    let main = crate::import::new_main_module(space);
    if !filename.starts_with('<') {
        crate::module::set(main, "__file__", crate::unicode::new_str(filename));
        crate::module::set(main, "__cached__", space.none);
    }
    if let Some(package) = package {
        crate::module::set(main, "__package__", crate::unicode::new_str(package));
    }
    let globals = crate::module::dict_of(main);
    let env = FrameEnv { globals, builtins: space.builtins, locals: globals, closure: GcRef::NULL, back: GcRef::NULL };
    let frame = new_frame(&mut Concrete::new(jit), code, env);
    gc::set_i64(space.exec_state, &W_ExecState::DEPTH, 1);
    let result = jit.run(Pos { code, pc: 0 }, frame);
    gc::set_i64(space.exec_state, &W_ExecState::DEPTH, 0);
    result.map(|_| ()).map_err(Failure::Uncaught)
}

/// The exit status of an uncaught `SystemExit` (its message, if not an int, goes to standard
/// error); `None` for other exceptions.
pub fn system_exit_code(exc: GcRef) -> Option<u8> {
    if !traceback::is_instance_of(exc, ExcKind::SystemExit) {
        return None;
    }
    let space = Space::get();
    let args = W_Tuple::items(gc::get_ref(exc, &W_Exception::ARGS));
    Some(match args.as_slice() {
        [] => 0,
        [code] if *code == space.none => 0,
        [code] => match crate::objspace::int_value(*code) {
            Some(v) => v as u8,
            None => {
                let text = crate::objspace::str_obj(*code).unwrap_or_else(|_| crate::unicode::new_str(""));
                crate::modules::sys::print_to_stderr(text);
                1
            }
        },
        _ => {
            eprintln!("{}", crate::repr::repr(gc::get_ref(exc, &W_Exception::ARGS)).unwrap_or_default());
            1
        }
    })
}

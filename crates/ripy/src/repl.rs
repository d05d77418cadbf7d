//! The interactive interpreter: `ripy` with no program on a terminal.
//!
//! As CPython's: a banner, then `>>> ` for a new statement and `... ` for its continuation lines
//! (both on standard error, as CPython writes them without readline). A statement is complete
//! when it compiles, or, for a compound statement (its first line opens a block, or it has more
//! than one line), at an empty line. An expression is evaluated and its value, unless `None`,
//! printed with `repr` and stored in `builtins._`; other statements run in `__main__`'s
//! namespace. Exceptions print their traceback and the loop goes on; `SystemExit` and the end of
//! input end it.

use metatrace::domain::Concrete;
use metatrace::gc::GcRef;
use metatrace::params::JitParams;
use ripy_compiler::{CompileError, Mode};
use ripy_vm::frame::{new_frame, FrameEnv, W_ExecState};
use ripy_vm::interp::{install_jit, Pos};
use ripy_vm::Space;
use std::io::{BufRead, Write};

/// The file name of interactive input.
const FILENAME: &str = "<stdin>";

/// What the loop does with a statement's text.
enum Input {
    /// Run it.
    Complete(String),
    /// The input ended.
    Eof,
}

/// Whether compiling `source` failed only because the input stopped early (more lines may
/// complete it).
fn incomplete(e: &CompileError) -> bool {
    let msg = e.msg.as_str();
    ["was never closed", "unexpected EOF", "unterminated triple-quoted", "expected an indented block"]
        .iter()
        .any(|m| msg.contains(m))
}

/// Whether `line`, the first of a statement, starts a compound statement: its code ends with
/// `:`, or it is a decorator.
fn opens_block(line: &str) -> bool {
    let code = line.split('#').next().unwrap_or("").trim();
    code.ends_with(':') || code.starts_with('@')
}

/// Write `prompt` to standard error.
fn prompt(prompt: &str) {
    let _ = std::io::stdout().flush();
    eprint!("{prompt}");
    let _ = std::io::stderr().flush();
}

/// Read one statement (its lines, up to where it is complete).
fn read_statement(stdin: &mut impl BufRead) -> Input {
    let mut buffer = String::new();
    let mut block = false;
    loop {
        prompt(if buffer.is_empty() { ">>> " } else { "... " });
        let mut line = String::new();
        match stdin.read_line(&mut line) {
            Ok(0) | Err(_) => {
                eprintln!();
                return if buffer.is_empty() { Input::Eof } else { Input::Complete(buffer) };
            }
            Ok(_) => {}
        }
        if buffer.is_empty() && line.trim().is_empty() {
            continue;
        }
        let blank = line.trim().is_empty();
        if buffer.is_empty() {
            block = opens_block(&line);
        }
        buffer.push_str(&line);
        if block {
            if blank {
                return Input::Complete(buffer);
            }
            continue;
        }
        if line.trim_end().ends_with('\\') {
            continue;
        }
        match ripy_compiler::compile(buffer.as_bytes(), FILENAME, Mode::Exec) {
            Err(e) if incomplete(&e) => continue,
            _ => return Input::Complete(buffer),
        }
    }
}

/// Run `code` in `globals`: its result (the value of an expression).
fn run_code(
    space: &'static Space,
    jit: &'static metatrace::jit::Jit<ripy_vm::interp::Ripy>,
    object: std::sync::Arc<ripy_compiler::CodeObject>,
    globals: GcRef,
) -> Result<GcRef, GcRef> {
    let code = ripy_vm::code::Code::load(space, object);
    let env = FrameEnv { globals, builtins: space.builtins, locals: globals, closure: GcRef::NULL, back: GcRef::NULL };
    let frame = new_frame(&mut Concrete::new(jit), code, env);
    ripy_vm::gc::set_i64(space.exec_state, &W_ExecState::DEPTH, 1);
    let result = jit.run(Pos { code, pc: 0 }, frame);
    ripy_vm::gc::set_i64(space.exec_state, &W_ExecState::DEPTH, 0);
    result
}

/// Run one statement; `Some(status)` when it raised `SystemExit`.
fn run_statement(
    space: &'static Space,
    jit: &'static metatrace::jit::Jit<ripy_vm::interp::Ripy>,
    source: &str,
    globals: GcRef,
) -> Option<u8> {
    let outcome = match ripy_compiler::compile(source.as_bytes(), FILENAME, Mode::Eval) {
        Ok(object) => {
            run_code(space, jit, object, globals).and_then(|value| ripy_vm::modules::sys::display(space, value))
        }
        Err(_) => match ripy_compiler::compile(source.as_bytes(), FILENAME, Mode::Exec) {
            Ok(object) => run_code(space, jit, object, globals).map(drop),
            Err(e) => {
                eprint!("{}", crate::report_syntax_error(&e));
                return None;
            }
        },
    };
    let _ = std::io::stdout().flush();
    match outcome {
        Ok(()) => None,
        Err(exc) => {
            if let Some(code) = ripy_vm::run::system_exit_code(exc) {
                return Some(code);
            }
            ripy_vm::modules::sys::report_uncaught(exc);
            None
        }
    }
}

/// Run the interactive loop: the exit status.
pub fn run(params: JitParams) -> u8 {
    let config =
        ripy_vm::modules::sys::Config { argv: vec![String::new()], path0: Some(String::new()), ..Default::default() };
    ripy_vm::modules::sys::configure(config);
    let space = Space::get();
    let jit = install_jit(params);
    let main = ripy_vm::import::new_main_module(space);
    let globals = ripy_vm::module::dict_of(main);
    eprintln!("Python 3.11.0 (ripy on metatrace) on linux");
    eprintln!("Type \"help\", \"copyright\", \"credits\" or \"license\" for more information.");
    let mut stdin = std::io::stdin().lock();
    loop {
        let source = match read_statement(&mut stdin) {
            Input::Eof => return 0,
            Input::Complete(source) => source,
        };
        if let Err(exc) = ripy_vm::modules::signal::check_signals(space) {
            ripy_vm::modules::sys::report_uncaught(exc);
            continue;
        }
        if let Some(code) = run_statement(space, jit, &source, globals) {
            return code;
        }
    }
}

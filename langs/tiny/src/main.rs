//! The `tiny` command: `tiny FILE.tl` runs a program.
//!
//! The JIT is configured by `METATRACE_JIT` (see `metatrace::params`). Exit status: 0 on success,
//! 1 when the program has a syntax or runtime error (reported on standard error as
//! `file:line[:col]: error: message`), 2 for a usage error, an unreadable file or a bad
//! `METATRACE_JIT`.

use metatrace::jit::Jit;
use metatrace::params::JitParams;
use std::process::ExitCode;

/// The interpreter recurses on the native stack (one portal per tiny call), so it runs on a thread
/// with room for `builtins::MAX_DEPTH` nested calls.
const STACK_SIZE: usize = 1 << 30;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [file] = args.as_slice() else {
        eprintln!("usage: tiny FILE.tl");
        return ExitCode::from(2);
    };
    let params = match JitParams::from_env() {
        Ok(params) => params,
        Err(e) => {
            eprintln!("tiny: {e}");
            return ExitCode::from(2);
        }
    };
    let source = match std::fs::read_to_string(file) {
        Ok(source) => source,
        Err(e) => {
            eprintln!("tiny: cannot read {file}: {e}");
            return ExitCode::from(2);
        }
    };
    let interpreter = std::thread::Builder::new()
        .name("tiny".into())
        .stack_size(STACK_SIZE)
        .spawn(move || tiny::run_source(&Jit::new(params), &source));
    match interpreter.map(|thread| thread.join()) {
        Ok(Ok(Ok(()))) => ExitCode::SUCCESS,
        Ok(Ok(Err(error))) => {
            eprintln!("{}", error.report(file));
            ExitCode::from(1)
        }
        Ok(Err(_)) => {
            eprintln!("tiny: internal error (the interpreter panicked)");
            ExitCode::from(101)
        }
        Err(e) => {
            eprintln!("tiny: cannot start the interpreter thread: {e}");
            ExitCode::from(2)
        }
    }
}

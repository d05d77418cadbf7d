//! The `ripy` command: Python 3.11 on metatrace.
//!
//! ```text
//! ripy [--jit OPTIONS] FILE.py [args]   run a program
//! ripy [--jit OPTIONS] -c CODE [args]   run a program given as text
//! ripy [--jit OPTIONS] -m MODULE [args] run a module of sys.path as __main__
//! ripy --dis FILE.py                    print the disassembly of a program
//! ripy [--jit OPTIONS] [-]               the interactive interpreter on a terminal; else run
//!                                       the program read from standard input
//! ripy [--jit OPTIONS] -i                the interactive interpreter, whatever the input
//! ```
//!
//! JIT options have the syntax of `METATRACE_JIT` (see `metatrace::params`); `--jit` is applied
//! after the variable. The interpreter runs on a thread with a large stack, so that Python's
//! recursion limit (1000, as CPython's) stops deep recursion with `RecursionError` long before the
//! native stack overflows. An uncaught exception is reported as CPython reports it (traceback on
//! standard error, exit status 1), and so is a syntax error. A panic (a bug in ripy) is reported as
//! an internal error with exit status 70. An uncaught `KeyboardInterrupt` ends the process with
//! `SIGINT` after its traceback, as CPython's does (a shell reports status 130).

use metatrace::params::JitParams;
use ripy_compiler::{CompileError, Mode};
use ripy_vm::modules::sys::{Config, Options};
use ripy_vm::run::{run_main, Failure};
use ripy_vm::traceback;
use std::io::{IsTerminal, Read, Write};

mod repl;
use std::process::ExitCode;

/// The interpreter's native stack: room for the recursion limit's worth of Python calls, traced
/// or not, with a wide margin.
const STACK_SIZE: usize = 1 << 30;

/// Exit status for an internal error (BSD's `EX_SOFTWARE`).
const INTERNAL_ERROR: u8 = 70;

/// What the command line asks for.
enum Command {
    /// Run a program: its source and file name, and what `sys` reports.
    Run { source: Vec<u8>, filename: String, config: Config },
    /// Run module `name` of `sys.path` as `__main__` with `args` after it in `sys.argv`.
    Module { name: String, args: Vec<String>, options: Options },
    /// Print the disassembly of a program.
    Dis { source: Vec<u8>, filename: String },
    /// Run the interactive interpreter.
    Repl,
}

const USAGE: &str =
    "usage: ripy [--jit OPTIONS] [-EIOPsSuBbdqv] [-W ARG] [-X OPT] [FILE.py | -c CODE | -m MODULE | - | -i] \
[args]\n       ripy --dis FILE.py";

/// The program read from standard input (`ripy` or `ripy -` with input that is not a terminal).
fn stdin_program(tail: &[String], options: Options) -> Result<Command, String> {
    let mut source = Vec::new();
    std::io::stdin().read_to_end(&mut source).map_err(|e| format!("ripy: can't read standard input: {e}"))?;
    let argv = std::iter::once(String::new()).chain(tail.iter().cloned()).collect();
    let config = Config { argv, path0: Some(String::new()), options };
    Ok(Command::Run { source, filename: "<stdin>".to_owned(), config })
}

/// Apply a cluster of CPython's interpreter options (`-E`, `-Is`, `-Wd`, `-X dev`, ...) to
/// `options`: how many arguments of `tail` it took as its value, or `None` when `flag` is not
/// such a cluster. Options whose value is missing are a usage error.
fn interpreter_options(flag: &str, tail: &[String], options: &mut Options) -> Result<Option<usize>, String> {
    let Some(letters) = flag.strip_prefix('-') else { return Ok(None) };
    let valid = |c: char| "EIOPsSuBbdqvWX".contains(c);
    if letters.is_empty() || !valid(letters.chars().next().unwrap_or('-')) {
        return Ok(None);
    }
    let count = |options: &Options, name: &str| options.flag(name).unwrap_or(0) + 1;
    for (at, letter) in letters.char_indices() {
        let set: &[&'static str] = match letter {
            'E' => &["ignore_environment"],
            'I' => &["isolated", "ignore_environment", "no_user_site", "safe_path"],
            'P' => &["safe_path"],
            's' => &["no_user_site"],
            'S' => &["no_site"],
            'B' => &["dont_write_bytecode"],
            'd' => &["debug"],
            'q' => &["quiet"],
            'u' => &[],
            'b' | 'v' | 'O' => {
                let name = match letter {
                    'b' => "bytes_warning",
                    'v' => "verbose",
                    _ => "optimize",
                };
                let value = count(options, name);
                options.flags.push((name, value));
                continue;
            }
            'W' | 'X' => {
                let inline = &letters[at + 1..];
                let (value, taken) = match (inline.is_empty(), tail.first()) {
                    (false, _) => (inline.to_owned(), 0),
                    (true, Some(next)) => (next.clone(), 1),
                    (true, None) => return Err(format!("Argument expected for the -{letter} option\n{USAGE}")),
                };
                if letter == 'W' {
                    options.warnoptions.push(value);
                } else {
                    if value == "dev" {
                        options.flags.push(("dev_mode", 1));
                    }
                    options.xoptions.push(value);
                }
                return Ok(Some(taken));
            }
            _ => return Err(format!("Unknown option: -{letter}\n{USAGE}")),
        };
        options.flags.extend(set.iter().map(|&name| (name, 1)));
    }
    Ok(Some(0))
}

/// The command and the JIT settings given on the command line, or a message for a usage error.
fn parse_args(args: &[String]) -> Result<(Command, Option<String>), String> {
    let mut jit = None;
    let mut dis = false;
    let mut rest = args;
    let mut options =
        Options { orig_argv: std::env::args().take(1).chain(args.iter().cloned()).collect(), ..Options::default() };
    loop {
        if let [flag, tail @ ..] = rest {
            if let Some(taken) = interpreter_options(flag, tail, &mut options)? {
                rest = &tail[taken..];
                continue;
            }
        }
        // `-c CODE` and `-m MODULE`, also with the value attached (`-cCODE`, `-mMODULE`) as CPython.
        let command_option = match rest {
            [flag, tail @ ..] if flag.len() > 2 && (flag.starts_with("-c") || flag.starts_with("-m")) => {
                Some((&flag[..2], flag[2..].to_owned(), tail))
            }
            [flag, value, tail @ ..] if flag == "-c" || flag == "-m" => Some((flag.as_str(), value.clone(), tail)),
            _ => None,
        };
        match command_option {
            Some(("-c", code, tail)) => {
                let source = code.into_bytes();
                let filename = "<string>".to_owned();
                let argv = std::iter::once("-c".to_owned()).chain(tail.iter().cloned()).collect();
                let config = Config { argv, path0: Some(String::new()), options };
                let command =
                    if dis { Command::Dis { source, filename } } else { Command::Run { source, filename, config } };
                return Ok((command, jit));
            }
            Some((_, name, tail)) if !dis => {
                return Ok((Command::Module { name, args: tail.to_vec(), options }, jit));
            }
            _ => {}
        }
        match rest {
            [flag, value, tail @ ..] if flag == "--jit" => {
                jit = Some(value.clone());
                rest = tail;
            }
            [flag, tail @ ..] if flag == "--dis" => {
                dis = true;
                rest = tail;
            }
            [file, tail @ ..] if !file.starts_with('-') => {
                let source = std::fs::read(file).map_err(|e| {
                    format!(
                        "ripy: can't open file '{file}': [Errno {}] {}",
                        e.raw_os_error().unwrap_or(0),
                        describe(&e)
                    )
                })?;
                let path = std::path::absolute(file).unwrap_or_else(|_| file.into());
                let filename = path.display().to_string();
                let path0 = path.parent().map(|d| d.display().to_string());
                let argv = std::iter::once(file.clone()).chain(tail.iter().cloned()).collect();
                let config = Config { argv, path0, options };
                let command =
                    if dis { Command::Dis { source, filename } } else { Command::Run { source, filename, config } };
                return Ok((command, jit));
            }
            [] if !dis && std::io::stdin().is_terminal() => return Ok((Command::Repl, jit)),
            [flag] if flag == "-i" && !dis => return Ok((Command::Repl, jit)),
            [] if !dis => return Ok((stdin_program(&[], options)?, jit)),
            [dash, tail @ ..] if dash == "-" && !dis => return Ok((stdin_program(tail, options)?, jit)),
            _ => return Err(USAGE.to_owned()),
        }
    }
}

/// CPython's optimization level: the number of `-O` options, or `$PYTHONOPTIMIZE` when larger
/// (a number, or 1 for other non-empty text; ignored under `-E`). It becomes `sys.flags.optimize`
/// and the level of every compilation that does not give its own.
fn set_optimization_level(command: &mut Command) {
    let options = match command {
        Command::Run { config, .. } => &mut config.options,
        Command::Module { options, .. } => options,
        Command::Dis { .. } | Command::Repl => return,
    };
    let mut level = options.flag("optimize").unwrap_or(0);
    if options.flag("ignore_environment").unwrap_or(0) == 0 {
        if let Some(text) = std::env::var("PYTHONOPTIMIZE").ok().filter(|t| !t.is_empty()) {
            level = level.max(text.trim().parse::<i64>().unwrap_or(1));
        }
    }
    options.flags.push(("optimize", level));
    ripy_compiler::set_default_optimize(level.clamp(0, 2) as u8);
}

/// An I/O error as CPython words it (`No such file or directory`).
fn describe(e: &std::io::Error) -> String {
    let text = e.to_string();
    text.split(" (os error").next().unwrap_or(&text).to_owned()
}

/// CPython's report of a syntax error.
pub(crate) fn report_syntax_error(e: &CompileError) -> String {
    if !e.kind.is_syntax_error() {
        return format!("{}: {}\n", e.kind.type_name(), e.msg);
    }
    // An error without a position (the source file could not be decoded) shows none.
    let mut out = if e.line == 0 { String::new() } else { format!("  File \"{}\", line {}\n", e.filename, e.line) };
    if let Some(text) = &e.text {
        let stripped = text.trim_start_matches([' ', '\t', '\x0c']);
        let indent = text.chars().count() - stripped.chars().count();
        let line = stripped.trim_end_matches(['\n', '\r']);
        out.push_str(&format!("    {line}\n"));
        let offset = (e.offset as usize).saturating_sub(1);
        if offset >= indent || e.offset == 0 {
            let column = offset.saturating_sub(indent).min(line.chars().count());
            let carets =
                if e.end_line == e.line && e.end_offset > e.offset { (e.end_offset - e.offset) as usize } else { 1 };
            out.push_str(&format!("    {}{}\n", " ".repeat(column), "^".repeat(carets)));
        }
    }
    out.push_str(&format!("{}: {}\n", e.kind.type_name(), e.msg));
    out
}

/// Run the interpreter on this thread: the exit status.
fn interpret(command: Command, params: JitParams) -> u8 {
    ripy_vm::modules::signal::install_startup_handlers();
    match command {
        Command::Repl => finish(Ok(repl::run(params))),
        Command::Dis { source, filename } => match ripy_compiler::compile(&source, &filename, Mode::Exec) {
            Ok(code) => {
                print!("{}", ripy_compiler::disassemble(&code));
                0
            }
            Err(e) => {
                eprint!("{}", report_syntax_error(&e));
                1
            }
        },
        Command::Run { source, filename, config } => {
            ripy_vm::modules::sys::configure(config);
            finish(run_main(&source, &filename, None, params).map(|()| 0))
        }
        Command::Module { name, args, options } => {
            let cwd = std::env::current_dir().map(|d| d.display().to_string()).unwrap_or_default();
            let config = Config {
                argv: std::iter::once("-m".to_owned()).chain(args.clone()).collect(),
                path0: Some(cwd),
                options,
            };
            ripy_vm::modules::sys::configure(config);
            let space = ripy_vm::Space::get();
            let (file, module_name) = match ripy_vm::import::find_main_module(space, &name) {
                Ok(found) => found,
                Err(message) => {
                    eprintln!("{}: {message}", program_name());
                    return 1;
                }
            };
            let filename = file.display().to_string();
            let argv: Vec<String> = std::iter::once(filename.clone()).chain(args).collect();
            ripy_vm::modules::sys::set_argv(&argv);
            let source = match std::fs::read(&file) {
                Ok(source) => source,
                Err(e) => {
                    eprintln!("{}: can't open file '{filename}': {}", program_name(), describe(&e));
                    return 1;
                }
            };
            let package = module_name.rsplit_once('.').map(|(p, _)| p.to_owned()).unwrap_or_default();
            finish(run_main(&source, &filename, Some(&package), params).map(|()| 0))
        }
    }
}

/// The name the command was run as (for messages).
fn program_name() -> String {
    std::env::args().next().unwrap_or_else(|| "ripy".to_owned())
}

/// The exit status of a program's run (reporting its failure).
fn finish(result: Result<u8, Failure>) -> u8 {
    let interrupted = matches!(result, Err(Failure::Uncaught(exc))
        if traceback::is_instance_of(exc, ripy_vm::exceptions::ExcKind::KeyboardInterrupt));
    let status = match result {
        Ok(status) => status,
        Err(Failure::Compile(e)) => {
            eprint!("{}", report_syntax_error(&e));
            1
        }
        Err(Failure::Uncaught(exc)) => exit_status(exc),
    };
    ripy_vm::threadstate::shutdown();
    ripy_vm::modules::atexit::run_exit_functions();
    ripy_vm::modules::gc::finalize_at_exit(ripy_vm::Space::get());
    let flushed = ripy_vm::modules::sys::flush_std_streams();
    let _ = std::io::stdout().flush();
    if interrupted {
        ripy_vm::modules::signal::exit_by_sigint();
    }
    match flushed {
        Err(e) if status == 0 => {
            eprint!("Exception ignored on flushing sys.stdout:\n{}", traceback::format_exception(e));
            120
        }
        _ => status,
    }
}

/// The exit status of an uncaught exception: `SystemExit`'s code, else 1 after the traceback.
fn exit_status(exc: metatrace::gc::GcRef) -> u8 {
    if let Some(code) = ripy_vm::run::system_exit_code(exc) {
        return code;
    }
    ripy_vm::modules::sys::report_uncaught(exc);
    1
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mut command, jit_flag) = match parse_args(&args) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    set_optimization_level(&mut command);
    let spec = [std::env::var("METATRACE_JIT").unwrap_or_default(), jit_flag.unwrap_or_default()].join(",");
    let params = match JitParams::parse(&spec) {
        Ok(params) => params,
        Err(e) => {
            eprintln!("ripy: {e}");
            return ExitCode::from(2);
        }
    };
    std::panic::set_hook(Box::new(|info| {
        let _ = std::io::stdout().flush();
        eprintln!("ripy: internal error (a bug in ripy, not in the program): {info}");
        if std::env::var_os("RUST_BACKTRACE").is_some() {
            eprintln!("{}", std::backtrace::Backtrace::force_capture());
        }
    }));
    let interpreter = std::thread::Builder::new()
        .name("ripy".into())
        .stack_size(STACK_SIZE)
        .spawn(move || interpret(command, params));
    match interpreter.map(|thread| thread.join()) {
        Ok(Ok(status)) => ExitCode::from(status),
        Ok(Err(_)) => ExitCode::from(INTERNAL_ERROR),
        Err(e) => {
            eprintln!("ripy: cannot start the interpreter thread: {e}");
            ExitCode::from(2)
        }
    }
}

//! The JIT log: with `METATRACE_LOG=FILE` every compiled trace (in the IR's text form), every
//! aborted trace with its reason, and a summary at exit are written to FILE (`-` for stderr).
//! `METATRACE_LOG_TRACES=0` leaves the traces out (a short log: aborts, notes and the summary).

use crate::ir::{text, Trace};
use crate::jit::Stats;
use std::cell::RefCell;
use std::fs::File;
use std::io::Write;

/// Where log lines go, if anywhere.
pub struct JitLog {
    out: RefCell<Option<Box<dyn Write>>>,
    /// Whether traces and their machine-code sizes are written (`METATRACE_LOG_TRACES`).
    traces: bool,
}

impl JitLog {
    /// The log named by `METATRACE_LOG`, or a log that writes nothing. A file that cannot be created
    /// is reported once on stderr and logging is off.
    pub fn from_env() -> Self {
        let out: Option<Box<dyn Write>> = match std::env::var("METATRACE_LOG") {
            Ok(path) if path == "-" => Some(Box::new(std::io::stderr())),
            Ok(path) if !path.is_empty() => match File::create(&path) {
                Ok(f) => Some(Box::new(std::io::BufWriter::new(f))),
                Err(e) => {
                    eprintln!("metatrace: cannot write the JIT log {path}: {e}");
                    None
                }
            },
            _ => None,
        };
        let traces = std::env::var("METATRACE_LOG_TRACES").map_or(true, |v| v != "0");
        JitLog { out: RefCell::new(out), traces }
    }

    /// True when the log writes somewhere.
    pub fn enabled(&self) -> bool {
        self.out.borrow().is_some()
    }

    fn write(&self, s: &str) {
        if let Some(out) = self.out.borrow_mut().as_mut() {
            let _ = out.write_all(s.as_bytes());
            let _ = out.flush();
        }
    }

    /// A compiled trace (`what` names it: `loop 3`, `bridge 4 from guard 2 of trace 3`).
    pub fn trace(&self, what: &str, trace: &Trace) {
        if self.traces && self.enabled() {
            self.write(&format!("# {what}: {} operations\n{}\n", trace.ops.len(), text::print_trace(trace)));
        }
    }

    /// A compiled trace's machine code: its size, and its disassembly when `METATRACE_LOG_ASM` is
    /// set.
    pub fn machine_code(&self, id: usize, size: usize, disassemble: impl FnOnce() -> String) {
        if self.traces && self.enabled() {
            self.write(&format!("# machine code of trace {id}: {size} bytes\n"));
            if std::env::var_os("METATRACE_LOG_ASM").is_some() {
                self.write(&disassemble());
            }
        }
    }

    /// A trace given up.
    pub fn abort(&self, what: &str, reason: &str) {
        self.write(&format!("# abort {what}: {reason}\n"));
    }

    /// A free-form line (prefixed with `# `).
    pub fn note(&self, line: &str) {
        self.write(&format!("# {line}\n"));
    }

    /// The summary at exit.
    pub fn summary(&self, s: &Stats) {
        self.write(&format!(
            "# summary: loops {} functions {} bridges {} aborts {} entries {} guard-failures {} resumes {} trace-ops {} tracing {:.6}s compiling {:.6}s invalidated {} recorded-ops {} optimizing {:.6}s peeled-entries {} forced {}\n",
            s.loops, s.functions, s.bridges, s.aborts, s.entries, s.guard_failures, s.resumes, s.trace_ops, s.tracing_seconds, s.compile_seconds, s.invalidated, s.recorded_ops, s.optimize_seconds, s.peeled_entries, s.forced
        ));
    }
}

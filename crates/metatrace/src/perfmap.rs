//! The perf map: with `METATRACE_PERFMAP=1` each compiled trace's machine code is announced in
//! `/tmp/perf-PID.map`, one line per trace (start address and size in hex, then its name, as in
//! the JIT log: `metatrace loop 3`, `metatrace bridge 4 from guard 2 of trace 3`). `perf report`
//! reads that file to name samples in code that no ELF file describes, as it does for the JVM's
//! and V8's perf agents; traces are never moved, and a freed trace's addresses may be named
//! again by a later line (perf takes the latest).

use std::cell::RefCell;
use std::fs::File;
use std::io::Write;

/// Where machine-code ranges are announced, if anywhere.
pub struct PerfMap {
    out: RefCell<Option<File>>,
}

impl PerfMap {
    /// The map `METATRACE_PERFMAP=1` asks for, or a map that writes nothing. A file that cannot be
    /// created is reported once on stderr and the map is off.
    pub fn from_env() -> Self {
        let wanted = std::env::var("METATRACE_PERFMAP").is_ok_and(|v| !v.is_empty() && v != "0");
        let out = wanted.then(|| {
            let path = format!("/tmp/perf-{}.map", std::process::id());
            File::create(&path).map_err(|e| eprintln!("metatrace: cannot write the perf map {path}: {e}")).ok()
        });
        PerfMap { out: RefCell::new(out.flatten()) }
    }

    /// Announce `size` bytes of machine code at `addr` named `what` (nothing for empty code).
    pub fn code(&self, addr: usize, size: usize, what: &str) {
        if size == 0 {
            return;
        }
        if let Some(out) = self.out.borrow_mut().as_mut() {
            let _ = writeln!(out, "{addr:x} {size:x} metatrace {what}");
        }
    }
}

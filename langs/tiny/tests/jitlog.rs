//! The JIT really compiles and runs tiny's loops and bridges: proven from the JIT log's summary
//! and trace headers, not from timing.

use std::process::Command;

/// Run `program` with the given JIT settings and a JIT log; return stdout and the log.
fn run_logged(program: &str, jit: &str) -> (String, String) {
    let dir = std::env::temp_dir().join(format!("tiny-jitlog-{}-{}", std::process::id(), program.replace('/', "_")));
    let out = Command::new(env!("CARGO_BIN_EXE_tiny"))
        .arg(format!("{}/tests/programs/{program}", env!("CARGO_MANIFEST_DIR")))
        .env("METATRACE_JIT", jit)
        .env("METATRACE_LOG", &dir)
        .output()
        .expect("tiny runs");
    assert!(out.status.success(), "{program} failed: {}", String::from_utf8_lossy(&out.stderr));
    let log = std::fs::read_to_string(&dir).expect("the JIT log was written");
    std::fs::remove_file(&dir).ok();
    (String::from_utf8(out.stdout).expect("utf-8 output"), log)
}

/// The number after `key` in the log's summary line.
fn summary(log: &str, key: &str) -> u64 {
    let line = log.lines().find(|l| l.starts_with("# summary:")).expect("a summary line");
    let mut words = line.split_whitespace();
    words.find(|w| *w == key).unwrap_or_else(|| panic!("no {key} in {line}"));
    words.next().and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("no number after {key} in {line}"))
}

#[test]
fn a_hot_loop_is_compiled_and_entered() {
    let (out, log) = run_logged("counting_loop.tl", "");
    assert_eq!(out, "100000\n4999950000\n");
    assert!(summary(&log, "loops") >= 2, "{log}");
    assert!(summary(&log, "entries") >= 2, "{log}");
    assert!(log.contains("# loop 0: "), "the log prints the trace: {log}");
    assert!(log.contains("int_add_ovf"), "the trace contains the loop's arithmetic: {log}");
}

#[test]
fn a_flipping_branch_gets_a_bridge_that_is_then_executed() {
    let (out, log) = run_logged("branch_flip.tl", "threshold=50,trace_eagerness=20");
    assert_eq!(out, "15000\n10000\n1999\n");
    assert!(summary(&log, "bridges") >= 1, "{log}");
    assert!(log.contains("# bridge "), "{log}");
    // Once the bridge is attached, the guard's failures go straight into it instead of back to the
    // interpreter: there are far fewer guard failures than the 5000 iterations on the new path.
    assert!(summary(&log, "guard-failures") < 1000, "{log}");
}

#[test]
fn eager_mode_traces_at_once_and_replay_check_passes() {
    let (out, log) = run_logged("loop_calls.tl", "eager,replay_check");
    let (expected, _) = run_logged("loop_calls.tl", "off");
    assert_eq!(out, expected);
    assert!(summary(&log, "loops") >= 1, "{log}");
}

#[test]
fn changing_a_global_invalidates_the_loops_that_folded_it() {
    let (out, log) = run_logged("quasi_global.tl", "");
    assert_eq!(out, "380000\n20\n");
    // Each optimized loop reads the global as a constant under a guard_not_invalidated.
    assert!(log.contains("guard_not_invalidated"), "{log}");
    assert!(log.contains("quasiimmut_field(ConstPtr("), "{log}");
    // Assignments invalidate the compiled loops, which are freed and traced again.
    let (loops, invalidated) = (summary(&log, "loops"), summary(&log, "invalidated"));
    assert!(invalidated >= 2 && loops > invalidated / 2, "{log}");
}

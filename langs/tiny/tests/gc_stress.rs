//! The garbage collector under tiny: every program of `tests/programs` run by the `tiny` binary
//! with the MMTk collector in stress mode (`METATRACE_GC_STRESS`: a collection every few
//! allocations, nursery and full-heap ones) in each JIT mode must give its expected output; a long
//! allocation loop runs in bounded memory; running out of heap is a clean error.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Collect every this many allocations: often enough that every opcode, trace and resumption of
/// the test programs meets collections, rarely enough to keep the suite fast.
const STRESS: &str = "97";

fn programs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs")
}

fn program_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(programs_dir())
        .expect("tests/programs exists")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok()?.strip_suffix(".tl").map(str::to_owned))
        .collect();
    names.sort();
    names
}

/// How one program's run under stress differs from its expected files, if it does.
fn check(name: &str, mode: &str, plan: &str, stress: &str) -> Option<String> {
    let dir = programs_dir();
    let expected_out = std::fs::read_to_string(dir.join(format!("{name}.out"))).expect("an .out file");
    let expected_err = std::fs::read_to_string(dir.join(format!("{name}.err"))).unwrap_or_default();
    let expected_code = if expected_err.is_empty() { 0 } else { 1 };
    let output = Command::new(env!("CARGO_BIN_EXE_tiny"))
        .arg(format!("{name}.tl"))
        .current_dir(&dir)
        .env("METATRACE_JIT", mode)
        .env("METATRACE_GC", "mmtk")
        .env("METATRACE_GC_PLAN", plan)
        .env("METATRACE_GC_STRESS", stress)
        .output()
        .expect("the tiny binary runs");
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    let ok = stdout == expected_out && stderr == expected_err && output.status.code() == Some(expected_code);
    (!ok).then(|| {
        format!("--- {name}.tl (METATRACE_JIT={mode:?} METATRACE_GC_PLAN={plan} METATRACE_GC_STRESS={stress}): status {:?}\nstdout:\n{stdout}\nstderr:\n{stderr}", output.status.code())
    })
}

fn run_all(mode: &str, plan: &str) {
    let names = program_names();
    let failures: Vec<String> = names.iter().filter_map(|name| check(name, mode, plan, STRESS)).collect();
    assert!(
        failures.is_empty(),
        "{} of {} programs failed under GC stress:\n{}",
        failures.len(),
        names.len(),
        failures.join("\n")
    );
}

#[test]
fn stress_jit_off() {
    run_all("off", "StickyImmix");
}

#[test]
fn stress_jit_default() {
    run_all("", "StickyImmix");
}

#[test]
fn stress_jit_eager() {
    run_all("eager", "StickyImmix");
}

#[test]
fn stress_jit_eager_replay_check() {
    run_all("eager,replay_check", "StickyImmix");
}

#[test]
fn stress_full_heap_plans() {
    run_all("eager", "Immix");
    run_all("", "MarkSweep");
}

/// Programs whose traces have bridges, virtuals, exceptions and deep inlining, quick enough to
/// collect at every single allocation.
const EVERY_ALLOCATION: [&str; 12] = [
    "ackermann",
    "branch_flip",
    "error_in_hot_loop",
    "exits",
    "linked_list",
    "lists",
    "loop_calls",
    "nested_loops",
    "objects",
    "prebuilt",
    "strings",
    "type_change",
];

#[test]
fn collecting_at_every_allocation() {
    let failures: Vec<String> =
        EVERY_ALLOCATION.iter().filter_map(|name| check(name, "eager,replay_check", "StickyImmix", "1")).collect();
    assert!(failures.is_empty(), "{} programs failed:\n{}", failures.len(), failures.join("\n"));
}

/// Programs whose objects are, at times, held only by compiled code's registers and spill slots
/// (the locals of a virtualizable frame) or only by resume data (virtuals a failing guard
/// materializes): collecting at every allocation and every third one, in every JIT mode.
#[test]
fn objects_only_in_jit_frames_or_resume_data_survive_collections() {
    let mut failures = Vec::new();
    for name in ["gc_frame_roots", "gc_resume_roots"] {
        for mode in ["off", "", "eager", "eager,replay_check"] {
            for stress in ["1", "3"] {
                failures.extend(check(name, mode, "StickyImmix", stress));
            }
        }
    }
    assert!(failures.is_empty(), "{} runs failed:\n{}", failures.len(), failures.join("\n"));
}

/// A program that allocates about `n` boxes and lists in a loop, keeping only the last.
fn alloc_loop(n: u32) -> String {
    format!("i = 0;\nlast = nil;\nwhile i < {n} {{\n    last = [i, i + 1];\n    i = i + 1;\n}}\nprint(last);\n")
}

/// Run `source` with the MMTk collector; its output, and its peak resident memory in KiB (polled
/// from /proc while it runs).
fn run_measured(source: &str, jit: &str, envs: &[(&str, &str)]) -> (std::process::Output, u64) {
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let run = RUNS.fetch_add(1, Ordering::Relaxed);
    let file = std::env::temp_dir().join(format!("tiny_gc_{}_{run}.tl", std::process::id()));
    std::fs::write(&file, source).expect("a temporary program");
    let mut child = Command::new(env!("CARGO_BIN_EXE_tiny"))
        .arg(&file)
        .env("METATRACE_JIT", jit)
        .env("METATRACE_GC", "mmtk")
        .envs(envs.iter().copied())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the tiny binary runs");
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0;
    while child.try_wait().expect("waiting for tiny").is_none() {
        let status = std::fs::read_to_string(&status_file).unwrap_or_default();
        let hwm = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok());
        peak_kib = peak_kib.max(hwm.unwrap_or(0));
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let output = child.wait_with_output().expect("tiny's output");
    std::fs::remove_file(&file).ok();
    (output, peak_kib)
}

#[test]
fn a_long_allocation_loop_runs_in_bounded_memory() {
    for jit in ["off", ""] {
        let (output, peak_kib) = run_measured(&alloc_loop(5_000_000), jit, &[]);
        assert_eq!(String::from_utf8_lossy(&output.stdout), "[4999999, 5000000]\n", "METATRACE_JIT={jit:?}");
        assert!(output.status.success(), "METATRACE_JIT={jit:?}: {}", String::from_utf8_lossy(&output.stderr));
        // About a gigabyte is allocated; the heap stays near its 32 MiB minimum.
        assert!(peak_kib < 150 << 10, "METATRACE_JIT={jit:?}: peak RSS {} MiB", peak_kib >> 10);
    }
}

#[test]
fn running_out_of_heap_is_a_clean_error() {
    let keeps_everything = "i = 0;\nall = [];\nwhile i < 10000000 {\n    push(all, [i]);\n    i = i + 1;\n}\n";
    let (output, _) = run_measured(keeps_everything, "off", &[("METATRACE_HEAP_SIZE", "16M")]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(metatrace_gc::heap::OUT_OF_MEMORY_EXIT_STATUS), "{stderr}");
    assert!(stderr.starts_with("metatrace-gc: out of memory: cannot allocate"), "{stderr}");
}

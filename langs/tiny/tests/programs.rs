//! Runs every program in `tests/programs` through the `tiny` binary under several JIT modes and
//! compares its standard output, standard error and exit status with the expected ones:
//! `NAME.out` (standard output, required), `NAME.err` (standard error; when present the expected
//! exit status is 1, else 0). Every mode must give the same results, with machine code and with the
//! IR interpreter as the engine (a differential check of the backend on real traces).

use std::path::{Path, PathBuf};
use std::process::Command;

fn programs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs")
}

/// The names of the test programs, without the `.tl` extension.
fn program_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(programs_dir())
        .expect("tests/programs exists")
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".tl").map(str::to_owned)
        })
        .collect();
    names.sort();
    names
}

/// How one program's run differs from its expected files, if it does, under JIT settings `mode`
/// and the execution engine `backend` (`METATRACE_BACKEND`).
fn check(name: &str, mode: &str, backend: &str) -> Option<String> {
    let dir = programs_dir();
    let expected_out = std::fs::read_to_string(dir.join(format!("{name}.out"))).unwrap_or_else(|_| {
        panic!("{name}.tl has no {name}.out");
    });
    let expected_err = std::fs::read_to_string(dir.join(format!("{name}.err"))).unwrap_or_default();
    let expected_code = if expected_err.is_empty() { 0 } else { 1 };
    let output = Command::new(env!("CARGO_BIN_EXE_tiny"))
        .arg(format!("{name}.tl"))
        .current_dir(&dir)
        .env("METATRACE_JIT", mode)
        .env("METATRACE_BACKEND", backend)
        .output()
        .expect("the tiny binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut problems = Vec::new();
    if stdout != expected_out {
        problems.push(format!("stdout:\n{stdout}\nexpected:\n{expected_out}"));
    }
    if stderr != expected_err {
        problems.push(format!("stderr:\n{stderr}\nexpected:\n{expected_err}"));
    }
    if output.status.code() != Some(expected_code) {
        problems.push(format!("exit status {:?}, expected {expected_code}", output.status.code()));
    }
    let settings = format!("METATRACE_JIT={mode:?} METATRACE_BACKEND={backend:?}");
    (!problems.is_empty()).then(|| format!("--- {name}.tl ({settings})\n{}", problems.join("\n")))
}

fn run_all_with(mode: &str, backend: &str) {
    let names = program_names();
    assert!(names.len() >= 30, "only {} test programs", names.len());
    let failures: Vec<String> = names.iter().filter_map(|name| check(name, mode, backend)).collect();
    assert!(failures.is_empty(), "{} of {} programs failed:\n{}", failures.len(), names.len(), failures.join("\n"));
}

fn run_all(mode: &str) {
    run_all_with(mode, "x86");
}

#[test]
fn jit_off() {
    run_all("off");
}

#[test]
fn jit_default() {
    run_all("");
}

#[test]
fn jit_eager() {
    run_all("eager");
}

#[test]
fn jit_eager_replay_check() {
    run_all("eager,replay_check");
}

#[test]
fn jit_eager_on_the_ir_interpreter() {
    run_all_with("eager", "ir");
}

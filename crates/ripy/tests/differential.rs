//! Differential tests: every program in `tests/python/` at the repository root runs under ripy and
//! under CPython 3.11 (the oracle), and standard output, standard error and the exit status must
//! be identical, in each JIT mode: off, default, eager (traces and bridges from the first
//! iteration), and eager with replay checking. Both run with `PYTHONHASHSEED=0`, from the
//! programs' directory, so that file names in tracebacks agree. Without `python3.11` on the
//! `PATH` the test says so and passes. Every run is limited to [`TIME_LIMIT`] seconds (coreutils
//! `timeout`; a stopped run exits with status 124 and so differs).
//!
//! Another runs every program with the JIT eager and the bridges that enter the peeled loop
//! switched off (`METATRACE_OPT=-enter`: every other optimization on).
//!
//! A third test runs every program again under GC stress (`METATRACE_GC_STRESS`: a collection
//! every [`STRESS_EVERY`] allocations, or `RIPY_TEST_GC_STRESS` when set) with the JIT off and
//! eager: an object that native code keeps only where the collector cannot see it is reclaimed
//! early there, and the run crashes or differs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The JIT modes every program runs in (`METATRACE_JIT` values).
const MODES: [&str; 4] = ["off", "", "eager", "eager,replay_check"];

/// The JIT modes of the GC stress pass.
const STRESS_MODES: [&str; 2] = ["off", "eager"];

/// The default number of allocations between two collections in the GC stress pass.
const STRESS_EVERY: &str = "200";

/// What a run produced.
#[derive(PartialEq, Eq, Debug)]
struct Outcome {
    stdout: String,
    stderr: String,
    status: Option<i32>,
}

impl From<Output> for Outcome {
    fn from(o: Output) -> Self {
        Outcome {
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
            status: o.status.code(),
        }
    }
}

fn programs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/python")
}

fn programs() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(programs_dir())
        .expect("tests/python exists")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".py"))
        .collect();
    names.sort();
    names
}

/// Seconds a program may run before `timeout` stops it (exit status 124, a difference).
const TIME_LIMIT: &str = "300";

/// Run `name` with `program`, with the environment variables `env` set.
fn run(program: &str, name: &str, env: &[(&str, &str)]) -> Outcome {
    let mut command = Command::new("timeout");
    command
        .args([TIME_LIMIT, program, name])
        .current_dir(programs_dir())
        .env("PYTHONHASHSEED", "0")
        .env_remove("METATRACE_LOG")
        .env_remove("METATRACE_OPT")
        .env_remove("METATRACE_GC_STRESS");
    command.envs(env.iter().copied());
    command.output().unwrap_or_else(|e| panic!("cannot run {program}: {e}")).into()
}

fn cpython_present() -> bool {
    Command::new("python3.11").arg("--version").output().is_ok_and(|o| o.status.success())
}

/// The first line where two texts differ, for the failure report.
fn first_difference(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let i = e.iter().zip(&a).position(|(x, y)| x != y).unwrap_or(e.len().min(a.len()));
    format!("line {}:\n  cpython: {:?}\n  ripy:    {:?}", i + 1, e.get(i), a.get(i))
}

/// Run every program under CPython, then under ripy once per environment of `runs`, and fail
/// with a report of every difference.
fn compare_all(runs: &[Vec<(&str, &str)>]) {
    if !cpython_present() {
        eprintln!("SKIPPED: python3.11 is not on the PATH; the differential tests need it as the oracle");
        return;
    }
    let ripy = env!("CARGO_BIN_EXE_ripy");
    let mut failures = Vec::new();
    let names = programs();
    for name in &names {
        let expected = run("python3.11", name, &[]);
        for env in runs {
            let actual = run(ripy, name, env);
            if actual != expected {
                let settings: Vec<String> = env.iter().map(|(k, v)| format!("{k}={v:?}")).collect();
                let mut report = format!("{name} [{}]", settings.join(" "));
                if actual.status != expected.status {
                    report += &format!("\n exit status: cpython {:?}, ripy {:?}", expected.status, actual.status);
                }
                if actual.stdout != expected.stdout {
                    report += &format!("\n stdout differs at {}", first_difference(&expected.stdout, &actual.stdout));
                }
                if actual.stderr != expected.stderr {
                    report += &format!("\n stderr differs at {}", first_difference(&expected.stderr, &actual.stderr));
                }
                failures.push(report);
            }
        }
    }
    eprintln!("{} programs x {} runs, {} failures", names.len(), runs.len(), failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn programs_agree_with_cpython_in_every_jit_mode() {
    let runs: Vec<Vec<(&str, &str)>> = MODES.iter().map(|&mode| vec![("METATRACE_JIT", mode)]).collect();
    compare_all(&runs);
}

#[test]
fn programs_agree_with_cpython_without_entering_the_peeled_loop() {
    compare_all(&[vec![("METATRACE_JIT", "eager"), ("METATRACE_OPT", "-enter")]]);
}

#[test]
fn programs_agree_with_cpython_under_gc_stress() {
    let every = std::env::var("RIPY_TEST_GC_STRESS").unwrap_or_else(|_| STRESS_EVERY.to_owned());
    let runs: Vec<Vec<(&str, &str)>> = STRESS_MODES
        .iter()
        .map(|&mode| vec![("METATRACE_JIT", mode), ("METATRACE_GC_STRESS", every.as_str())])
        .collect();
    compare_all(&runs);
}

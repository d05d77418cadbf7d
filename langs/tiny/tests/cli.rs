//! The `tiny` command's handling of its arguments and environment.

use std::process::{Command, Output};

fn tiny(args: &[&str], jit: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tiny"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/programs"))
        .env("METATRACE_JIT", jit)
        .output()
        .expect("the tiny binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let output = tiny(&["no_such_file.tl"], "");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).starts_with("tiny: cannot read no_such_file.tl: "), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
}

#[test]
fn a_bad_jit_setting_is_reported() {
    let output = tiny(&["fib.tl"], "threshold=lots");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("threshold wants a whole number"), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
}

#[test]
fn usage_is_one_file() {
    for args in [&[][..], &["fib.tl", "fib.tl"][..]] {
        let output = tiny(args, "");
        assert_eq!(output.status.code(), Some(2));
        assert_eq!(stderr(&output), "usage: tiny FILE.tl\n");
    }
}

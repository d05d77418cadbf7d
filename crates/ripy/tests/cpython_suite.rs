//! CPython's regression suite, fast subset: every test module listed in
//! `tests/cpython/expected_pass.txt` must pass completely under ripy (run through
//! `tests/cpython/run.py --check`, one process per module, with a timeout). The full table of the
//! tracked modules is made by `python3 tests/cpython/run.py --write`. Without CPython's test suite
//! (Debian's libpython3.11-testsuite, which .ci/run installs) the test says so and passes.

use std::path::Path;
use std::process::Command;

#[test]
fn expected_modules_pass() {
    if !Path::new("/usr/lib/python3.11/test/test_grammar.py").is_file() {
        eprintln!("skipped: no CPython test suite (apt-get install libpython3.11-testsuite)");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let output = Command::new("python3")
        .arg(root.join("tests/cpython/run.py"))
        .args(["--check", "--timeout", "600", "--ripy", env!("CARGO_BIN_EXE_ripy")])
        .output()
        .expect("python3 runs the suite runner");
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

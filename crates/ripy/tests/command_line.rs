//! The command line's import-related behaviour that the differential programs cannot show:
//! `-m MODULE`, `sys.argv` for `-c` and `-m`, and the message when no standard library is found.
//! Each case runs the `ripy` binary from `tests/python/` (where the `imp_pkgs` test packages are).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn programs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/python")
}

/// Run ripy with `args` (and extra environment variables) from the programs' directory.
fn ripy(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ripy"));
    command.args(args).current_dir(programs_dir());
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("ripy runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn dash_m_runs_a_module_as_main() {
    let out = ripy(&["-m", "imp_pkgs.guard"], &[]);
    assert_eq!(text(&out.stdout), "guard module name: __main__\nguard runs as main\n");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn argv_and_package_for_dash_c_and_dash_m() {
    let code = "import sys; print(sys.argv, __name__, __package__)";
    let out = ripy(&["-c", code, "x", "y"], &[]);
    assert_eq!(text(&out.stdout), "['-c', 'x', 'y'] __main__ None\n", "{}", text(&out.stderr));
    let out = ripy(&["-m", "imp_pkgs.show_argv", "a", "b"], &[]);
    assert_eq!(text(&out.stdout), "['a', 'b'] __main__ imp_pkgs show_argv.py True\n", "{}", text(&out.stderr));
}

#[test]
fn dash_m_reports_missing_modules_and_packages() {
    let out = ripy(&["-m", "imp_no_such_module"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).ends_with("No module named imp_no_such_module\n"), "{}", text(&out.stderr));
    let out = ripy(&["-m", "imp_pkgs.pkg"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).ends_with(
            "No module named imp_pkgs.pkg.__main__; 'imp_pkgs.pkg' is a package and cannot be directly executed\n"
        ),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn without_a_standard_library_imports_say_what_to_install() {
    let env = [("RIPY_STDLIB", "/nonexistent-stdlib")];
    let out = ripy(&["-c", "import sys, math; print(math.floor(2.5), len(sys.path))"], &env);
    assert_eq!(text(&out.stdout), "2 1\n", "{}", text(&out.stderr));
    let out = ripy(&["-c", "import os"], &env);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("No module named 'os' (ripy found no Python 3.11 standard library"), "{stderr}");
    assert!(stderr.contains("RIPY_STDLIB"), "{stderr}");
}

#[test]
fn pythonpath_entries_come_after_the_script_directory() {
    let out = ripy(&["-c", "import sys; print(sys.path[:3])"], &[("PYTHONPATH", "/tmp/a:/tmp/b")]);
    assert_eq!(text(&out.stdout), "['', '/tmp/a', '/tmp/b']\n", "{}", text(&out.stderr));
}

//! The command line's behaviour that the differential programs cannot show: `-m MODULE`,
//! `sys.argv` for `-c` and `-m`, the message when no standard library is found, the interactive
//! mode (`-i`, input piped), a program read from standard input, and the exit of an uncaught
//! `KeyboardInterrupt`. Each case runs the `ripy` binary from `tests/python/` (where the
//! `imp_pkgs` test packages are).

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

/// Run ripy with `args`, `input` on its standard input.
fn ripy_with_input(args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_ripy"))
        .args(args)
        .current_dir(programs_dir())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("ripy starts");
    child.stdin.take().expect("a piped stdin").write_all(input.as_bytes()).expect("input written");
    child.wait_with_output().expect("ripy runs")
}

#[test]
fn interactive_mode_echoes_values_and_survives_errors() {
    let input = "1 + 2\nx = 10\nx * 3\n_\ndef f(n):\n    return n * 2\n\nf(21)\nNone\nprint('hi')\n1/0\n\
                 'after error'\n[1, 2] + [3]\n(1,\n 2)\nif x:\n    print('block')\n\n1 +\n";
    let out = ripy_with_input(&["-i"], input);
    let stderr = text(&out.stderr);
    assert_eq!(text(&out.stdout), "3\n30\n30\n42\nhi\n'after error'\n[1, 2, 3]\n(1, 2)\nblock\n", "{stderr}");
    assert!(stderr.starts_with("Python 3.11"), "{stderr}");
    assert!(stderr.contains(">>> ") && stderr.contains("... "), "{stderr}");
    assert!(
        stderr.contains("Traceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\n"),
        "{stderr}"
    );
    assert!(stderr.contains("ZeroDivisionError: division by zero\n"), "{stderr}");
    assert!(stderr.contains("SyntaxError: invalid syntax\n"), "{stderr}");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn interactive_mode_ends_with_system_exit() {
    let out = ripy_with_input(&["-i"], "print('before')\nraise SystemExit(3)\nprint('after')\n");
    assert_eq!(text(&out.stdout), "before\n");
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn standard_input_that_is_not_a_terminal_runs_as_a_script() {
    let program = "import sys\nprint(sys.argv, __name__)\nfor i in range(2):\n    i\nprint('done')\n";
    let out = ripy_with_input(&[], program);
    assert_eq!(text(&out.stdout), "[''] __main__\ndone\n", "{}", text(&out.stderr));
    let out = ripy_with_input(&["-", "a"], program);
    assert_eq!(text(&out.stdout), "['', 'a'] __main__\ndone\n", "{}", text(&out.stderr));
    let out = ripy_with_input(&[], "1/0\n");
    assert!(text(&out.stderr).contains("  File \"<stdin>\", line 1, in <module>\n"), "{}", text(&out.stderr));
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn uncaught_keyboard_interrupt_ends_the_process_by_sigint() {
    use std::os::unix::process::ExitStatusExt;
    let out = ripy(&["-c", "import posix\nprint('start')\nposix.kill(posix.getpid(), 2)\nprint('not reached')"], &[]);
    assert_eq!(text(&out.stdout), "start\n");
    assert!(text(&out.stderr).ends_with("KeyboardInterrupt\n"), "{}", text(&out.stderr));
    assert_eq!(out.status.signal(), Some(2));
}

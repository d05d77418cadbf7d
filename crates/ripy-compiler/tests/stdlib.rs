//! Compiles every `.py` file of CPython 3.11's standard library found on the machine, checking
//! that compilation never panics, that the stack-depth invariant holds in every code object, and
//! that the files CPython accepts compile here too (and the ones it rejects are rejected).

use std::path::{Path, PathBuf};
use std::process::Command;

use ripy_compiler::{compile, CodeObject, Mode};

/// The Debian location of CPython 3.11's library.
const SYSTEM_STDLIB: &str = "/usr/lib/python3.11";

/// The library directories to compile: the system one and that of the `python3.11` on PATH
/// (which may include the regression test suite).
fn library_roots() -> Vec<PathBuf> {
    let mut roots = vec![PathBuf::from(SYSTEM_STDLIB)];
    let reported =
        Command::new("python3.11").args(["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"]).output();
    if let Ok(output) = reported {
        let path = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
        if output.status.success() && !roots.contains(&path) {
            roots.push(path);
        }
    }
    roots
}

/// The `.py` files under `dir`, not counting installed third-party packages.
fn python_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let third_party = path.file_name().is_some_and(|n| n == "site-packages");
        if path.is_dir() && !path.is_symlink() && !third_party {
            python_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "py") {
            out.push(path);
        }
    }
}

fn verify_all(code: &CodeObject) -> Result<(), String> {
    code.verify_stack_depths().map_err(|e| format!("{}: {e}", code.qualname))?;
    code.nested_code().try_for_each(|c| verify_all(c))
}

/// The files among `files` that CPython 3.11 fails to compile, or `None` without python3.11.
fn cpython_rejects(files: &[PathBuf]) -> Option<std::collections::HashSet<PathBuf>> {
    let script = "import sys\nfor p in sys.stdin.read().splitlines():\n    try:\n        compile(open(p, 'rb').read(), p, 'exec')\n    except Exception:\n        print(p)\n";
    let mut child = Command::new("python3.11")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    let input: String = files.iter().map(|p| format!("{}\n", p.display())).collect();
    use std::io::Write;
    child.stdin.take()?.write_all(input.as_bytes()).ok()?;
    let output = child.wait_with_output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).lines().map(PathBuf::from).collect())
}

#[test]
fn stdlib_compiles_with_consistent_stack_depths() {
    let mut files = Vec::new();
    for root in library_roots() {
        python_files(&root, &mut files);
    }
    if files.is_empty() {
        eprintln!("skipped: no Python 3.11 library found");
        return;
    }
    files.sort();
    let rejected = cpython_rejects(&files);
    let mut failures = Vec::new();
    let mut unsupported_encodings = Vec::new();
    for path in &files {
        let bytes = std::fs::read(path).unwrap_or_default();
        let result = std::panic::catch_unwind(|| compile(&bytes, &path.display().to_string(), Mode::Exec));
        let Ok(result) = result else {
            failures.push(format!("{}: panicked", path.display()));
            continue;
        };
        let cpython_rejects = rejected.as_ref().map(|r| r.contains(path));
        match (result, cpython_rejects) {
            (Ok(_), Some(true)) => failures.push(format!("{}: CPython rejects it, we accept", path.display())),
            (Ok(code), _) => {
                if let Err(e) = verify_all(&code) {
                    failures.push(format!("{}: {e}", path.display()));
                }
            }
            (Err(e), _) if e.msg.starts_with("unknown encoding:") => {
                // Only UTF-8, Latin-1, ASCII and cp1252 sources are decoded.
                unsupported_encodings.push(path.display().to_string());
            }
            (Err(e), Some(false) | None) => failures.push(format!("{}: {e}", path.display())),
            (Err(_), Some(true)) => {}
        }
    }
    eprintln!(
        "compiled {} files, {} failures, {} in unsupported encodings",
        files.len(),
        failures.len(),
        unsupported_encodings.len()
    );
    for failure in failures.iter().take(60) {
        eprintln!("{failure}");
    }
    assert!(failures.is_empty(), "{} of {} files failed", failures.len(), files.len());
}

/// Cutting source files at arbitrary points gives errors, never panics.
#[test]
fn truncated_sources_never_panic() {
    let mut files = Vec::new();
    python_files(Path::new(SYSTEM_STDLIB), &mut files);
    files.sort();
    for path in files.iter().step_by(25) {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let cuts = (0..text.len()).step_by(text.len() / 40 + 1).filter(|&i| text.is_char_boundary(i));
        for cut in cuts {
            let source = &text[..cut];
            let result = std::panic::catch_unwind(|| compile(source.as_bytes(), "cut.py", Mode::Exec));
            assert!(result.is_ok(), "{} cut at {cut} panicked", path.display());
        }
    }
}

/// One code object's signature: what the interpreter relies on from the symbol table and the
/// code generator, comparable with CPython's `co_*` attributes.
fn signature(code: &CodeObject, out: &mut Vec<String>) {
    const FLAG_MASK: u32 = 0x02ff;
    let sorted = |names: &[String]| {
        let mut names = names.to_vec();
        names.sort();
        names.join(",")
    };
    let params = code.arg_count
        + code.kwonly_arg_count
        + u32::from(code.flags.has(ripy_compiler::CodeFlags::VARARGS))
        + u32::from(code.flags.has(ripy_compiler::CodeFlags::VARKEYWORDS));
    out.push(format!(
        "{}|{}|{}/{}/{}|{:#x}|{}|{}|{}|{}",
        code.qualname,
        code.first_line,
        code.arg_count,
        code.posonly_arg_count,
        code.kwonly_arg_count,
        code.flags.0 & FLAG_MASK,
        code.varnames[..params as usize].join(","),
        sorted(&code.varnames),
        sorted(&code.cellvars),
        sorted(&code.freevars),
    ));
    for nested in code.nested_code() {
        signature(nested, out);
    }
}

/// CPython's signatures of the code objects of each file, in the format of [`signature`].
fn cpython_signatures(files: &[PathBuf]) -> Option<Vec<Vec<String>>> {
    let script = r#"
import sys
def sig(co, out):
    params = co.co_argcount + co.co_kwonlyargcount + bool(co.co_flags & 4) + bool(co.co_flags & 8)
    out.append('%s|%d|%d/%d/%d|%#x|%s|%s|%s|%s' % (co.co_qualname, co.co_firstlineno, co.co_argcount,
        co.co_posonlyargcount, co.co_kwonlyargcount, co.co_flags & 0x2ff, ','.join(co.co_varnames[:params]),
        ','.join(sorted(co.co_varnames)), ','.join(sorted(co.co_cellvars)), ','.join(sorted(co.co_freevars))))
    for c in co.co_consts:
        if hasattr(c, 'co_code'):
            sig(c, out)
for p in sys.stdin.read().splitlines():
    out = []
    sig(compile(open(p, 'rb').read(), p, 'exec'), out)
    print('\t'.join(out))
"#;
    let mut child = Command::new("python3.11")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    let input: String = files.iter().map(|p| format!("{}\n", p.display())).collect();
    use std::io::Write;
    child.stdin.take()?.write_all(input.as_bytes()).ok()?;
    let output = child.wait_with_output().ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    Some(text.lines().map(|l| l.split('\t').map(String::from).collect()).collect())
}

/// Every code object CPython makes for the standard library has the same name, first line,
/// parameters, flags, locals, cells and free variables here.
#[test]
fn code_objects_match_cpython() {
    let mut files = Vec::new();
    for root in library_roots() {
        python_files(&root, &mut files);
    }
    files.sort();
    let files: Vec<PathBuf> =
        files.into_iter().filter(|p| compile(&std::fs::read(p).unwrap_or_default(), "f", Mode::Exec).is_ok()).collect();
    let Some(expected) = cpython_signatures(&files) else {
        eprintln!("skipped: python3.11 not available");
        return;
    };
    assert_eq!(expected.len(), files.len());
    let mut mismatches = Vec::new();
    for (path, expected) in files.iter().zip(expected) {
        let code = compile(&std::fs::read(path).unwrap_or_default(), "f", Mode::Exec).unwrap();
        let mut ours = Vec::new();
        signature(&code, &mut ours);
        // CPython drops code objects in dead code (`if 0: def f(): ...`); we keep their constants.
        for missing in expected.iter().filter(|e| !ours.contains(e)) {
            mismatches.push(format!("{}: CPython {missing}", path.display()));
        }
    }
    for m in mismatches.iter().take(40) {
        eprintln!("{m}");
    }
    assert!(mismatches.is_empty(), "{} code objects differ", mismatches.len());
}

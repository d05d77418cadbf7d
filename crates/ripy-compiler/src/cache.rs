//! The code cache: compiled modules kept on disk, so that importing a module whose source did not
//! change does not parse and compile it again (CPython's `__pycache__/*.pyc`).
//!
//! An entry is named by a hash of the file name, the source bytes and the compiler's fingerprint
//! (a hash of the compiler's own sources, computed by `build.rs`), so an entry is only ever read
//! by the build of the compiler that wrote it, for the same source. Inside, a header repeats the
//! fingerprint, the source length and a second hash of the source; a mismatch, a truncated or
//! unreadable file is a miss. Entries are written to a temporary file and renamed into place, so
//! concurrent processes see whole entries or none. The directory is `RIPY_CACHE_DIR`, else
//! `$XDG_CACHE_HOME/ripy`, else `$HOME/.cache/ripy`; an empty `RIPY_CACHE_DIR` turns the cache
//! off. Failing to write an entry is not an error: the module was compiled anyway.

use crate::bytecode::CodeObject;
use crate::error::{CompileError, CompileWarning};
use crate::Mode;
use serde::{Deserialize, Serialize};
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The compiler's fingerprint (see the module doc).
const FINGERPRINT: &str = env!("RIPY_COMPILER_FINGERPRINT");

/// The header of an entry.
#[derive(Serialize, Deserialize, PartialEq, Eq, Debug)]
struct Header {
    fingerprint: String,
    source_len: u64,
    source_check: u64,
}

/// The cache directory, or None when caching is off.
pub fn cache_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("RIPY_CACHE_DIR") {
        return (!dir.is_empty()).then(|| PathBuf::from(dir));
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").filter(|d| !d.is_empty()).map(|home| Path::new(&home).join(".cache")))?;
    Some(base.join("ripy"))
}

/// A 64-bit hash of `parts`, seeded with `seed`.
fn hash_of(seed: u64, parts: &[&[u8]]) -> u64 {
    let mut hasher = DefaultHasher::new();
    seed.hash(&mut hasher);
    for part in parts {
        part.hash(&mut hasher);
    }
    hasher.finish()
}

/// The header an entry for `source` must have.
fn header(source: &[u8]) -> Header {
    Header { fingerprint: FINGERPRINT.to_owned(), source_len: source.len() as u64, source_check: hash_of(2, &[source]) }
}

/// The path of the entry for module source `source` from file `filename` in `dir`.
fn entry_path(dir: &Path, source: &[u8], filename: &str) -> PathBuf {
    let key = hash_of(1, &[FINGERPRINT.as_bytes(), filename.as_bytes(), source]);
    dir.join(format!("{key:016x}.rpyc"))
}

/// The code object cached in `path` for `source`, if there is a valid entry.
fn load(path: &Path, source: &[u8]) -> Option<Arc<CodeObject>> {
    let bytes = std::fs::read(path).ok()?;
    let mut reader = bytes.as_slice();
    let found: Header = bincode::deserialize_from(&mut reader).ok()?;
    if found != header(source) {
        return None;
    }
    bincode::deserialize(reader).ok()
}

/// Writes the entry for `source` to `path` (errors ignored: the cache is an optimization).
fn store(dir: &Path, path: &Path, source: &[u8], code: &CodeObject) {
    let Ok(mut bytes) = bincode::serialize(&header(source)) else { return };
    let Ok(body) = bincode::serialize(code) else { return };
    bytes.extend(body);
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let temporary = path.with_extension(format!("{}.tmp", std::process::id()));
    if std::fs::write(&temporary, &bytes).is_ok() && std::fs::rename(&temporary, path).is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
}

/// Compiles module source `source` from file `filename` like [`crate::compile_with_warnings`]
/// in exec mode, answering from the cache in `dir` when it holds the code (then without
/// warnings, as CPython reports none for a module loaded from its `.pyc`), and filling it
/// otherwise.
pub fn compile_module_cached(
    source: &[u8],
    filename: &str,
    dir: Option<&Path>,
) -> Result<(Arc<CodeObject>, Vec<CompileWarning>), CompileError> {
    let Some(dir) = dir else { return crate::compile_with_warnings(source, filename, Mode::Exec) };
    let path = entry_path(dir, source, filename);
    if let Some(code) = load(&path, source) {
        return Ok((code, Vec::new()));
    }
    let (code, warnings) = crate::compile_with_warnings(source, filename, Mode::Exec)?;
    store(dir, &path, source, &code);
    Ok((code, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::disassemble;

    fn temporary_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("ripy-cache-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    const SOURCE: &[u8] = b"def f(x, *a, k=1, **kw):\n    try:\n        return [i * x for i in a]\n    except ValueError as e:\n        raise KeyError(k) from e\nclass C:\n    y = 2 ** 100 + 0.5j\n    z = (1, 'two', b'3', None, ...)\n";

    #[test]
    fn a_cached_module_loads_as_the_same_code() {
        let dir = temporary_dir("same");
        let (compiled, _) = compile_module_cached(SOURCE, "m.py", Some(&dir)).unwrap();
        let path = entry_path(&dir, SOURCE, "m.py");
        assert!(path.exists(), "the first compilation writes an entry");
        let loaded = load(&path, SOURCE).expect("the entry loads");
        assert_eq!(disassemble(&loaded), disassemble(&compiled));
        assert_eq!(format!("{loaded:?}"), format!("{compiled:?}"));
        let (again, _) = compile_module_cached(SOURCE, "m.py", Some(&dir)).unwrap();
        assert_eq!(format!("{again:?}"), format!("{compiled:?}"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn entries_depend_on_source_and_file_name() {
        let dir = Path::new("/nonexistent");
        assert_ne!(entry_path(dir, SOURCE, "m.py"), entry_path(dir, SOURCE, "n.py"));
        assert_ne!(entry_path(dir, SOURCE, "m.py"), entry_path(dir, b"x = 1\n", "m.py"));
    }

    #[test]
    fn a_damaged_or_foreign_entry_is_a_miss() {
        let dir = temporary_dir("damaged");
        compile_module_cached(SOURCE, "m.py", Some(&dir)).unwrap();
        let path = entry_path(&dir, SOURCE, "m.py");
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        assert!(load(&path, SOURCE).is_none(), "a truncated entry");
        assert!(load(&path, b"other source").is_none(), "another source's entry");
        let (code, _) = compile_module_cached(SOURCE, "m.py", Some(&dir)).unwrap();
        assert_eq!(format!("{:?}", load(&path, SOURCE).unwrap()), format!("{code:?}"), "the entry is rewritten");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn syntax_errors_are_not_cached() {
        let dir = temporary_dir("errors");
        assert!(compile_module_cached(b"def (:\n", "bad.py", Some(&dir)).is_err());
        assert!(!entry_path(&dir, b"def (:\n", "bad.py").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}

//! Compiling Python source for the interpreter (`compile()`, `eval()`, `exec()`, imports of
//! source files): what the compiler cannot do without the running interpreter. A source file
//! declaring an encoding the compiler does not know (`# coding: latin9`) is decoded by the codec
//! registry, as CPython's tokenizer does; the compiler's warnings (invalid escape sequences) are
//! issued through the `warnings` module, and one that its filters turn into an exception of its
//! category becomes the `SyntaxError` CPython's parser raises instead. The main script's
//! warnings are not issued (Python code cannot run before the JIT's run of the script starts;
//! CPython's default filters hide them, as they come from a module other than `__main__`).

use std::sync::Arc;

use metatrace_gc::{GcObject, GcRef, Root};
use ripy_compiler::{CodeObject, CompileError, CompileWarning, ErrorKind, Mode};

use crate::exceptions::ExcKind;
use crate::import;
use crate::objspace;
use crate::space::{PyResult, Space};
use crate::unicode;

/// `source` (bytes, per PEP 263) from `filename` compiled in `mode` at optimization level
/// `optimize` (see [`ripy_compiler::default_optimize`]), its warnings issued.
pub fn compile(
    space: &'static Space,
    source: &[u8],
    filename: &str,
    mode: Mode,
    optimize: u8,
) -> PyResult<Arc<CodeObject>> {
    let (code, warnings) = match ripy_compiler::compile_optimized(source, filename, mode, optimize) {
        Ok(done) => done,
        Err(e) => {
            let text = decode_foreign(space, source, &e)?.ok_or_else(|| import::compile_error(&e))?;
            ripy_compiler::compile_str_optimized(&text, filename, mode, optimize)
                .map_err(|e| import::compile_error(&e))?
        }
    };
    issue_warnings(space, &warnings)?;
    Ok(code)
}

/// The text of `source` when compiling it failed (`error`) only because it declares an encoding
/// the compiler does not know but the codec registry does; `None` otherwise. A decoding error
/// is a `SyntaxError` with the codec's message.
pub fn decode_foreign(space: &'static Space, source: &[u8], error: &CompileError) -> PyResult<Option<String>> {
    let Some(name) = ripy_compiler::source::foreign_encoding(source) else { return Ok(None) };
    if error.msg != format!("unknown encoding: {name}") {
        return Ok(None);
    }
    let codecs = import::import_absolute(space, "codecs")?;
    let _codecs = Root::new(codecs);
    let encoding = unicode::new_str(&name);
    let _encoding = Root::new(encoding);
    if let Err(e) = objspace::call(objspace::getattr(codecs, space.intern("lookup"))?, &[encoding]) {
        return match objspace::exception_matches(e, space.exception_type(ExcKind::LookupError))? {
            true => Ok(None),
            false => Err(e),
        };
    }
    let data = crate::bytes::new_bytes(source);
    let _data = Root::new(data);
    match objspace::call(objspace::getattr(codecs, space.intern("decode"))?, &[data, encoding]) {
        Ok(text) if text.layout() == unicode::W_Str::layout() => Ok(Some(unicode::to_string_lossy(text))),
        Ok(_) => Ok(None),
        Err(e) if objspace::exception_matches(e, space.exception_type(ExcKind::UnicodeError))? => {
            let message = unicode::to_string_lossy(objspace::str_obj(e)?);
            Err(import::compile_error(&CompileError::new(ErrorKind::SyntaxError, message, &error.filename)))
        }
        Err(e) => Err(e),
    }
}

/// Issue the compiler's warnings with `warnings.warn_explicit` at their file and line; a
/// warning raised as an exception of its own category becomes its `SyntaxError`.
pub fn issue_warnings(space: &'static Space, warnings: &[CompileWarning]) -> PyResult<()> {
    if warnings.is_empty() {
        return Ok(());
    }
    let module = import::import_absolute(space, "warnings")?;
    let _module = Root::new(module);
    let warn_explicit = objspace::getattr(module, space.intern("warn_explicit"))?;
    let _warn_explicit = Root::new(warn_explicit);
    for warning in warnings {
        let category = match warning.category {
            ripy_compiler::WarningCategory::DeprecationWarning => space.exception_type(ExcKind::DeprecationWarning),
            ripy_compiler::WarningCategory::SyntaxWarning => space.exception_type(ExcKind::SyntaxWarning),
        };
        let message = unicode::new_str(&warning.error.msg);
        let _message = Root::new(message);
        let filename = unicode::new_str(&warning.error.filename);
        let _filename = Root::new(filename);
        let line = crate::int::heap_int(i64::from(warning.error.line));
        if let Err(e) = objspace::call(warn_explicit, &[message, category, filename, line]) {
            let as_error: GcRef =
                if objspace::exception_matches(e, category)? { import::compile_error(&warning.error) } else { e };
            return Err(as_error);
        }
    }
    Ok(())
}

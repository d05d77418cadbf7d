//! ripy's compiler front end: Python 3.11 source to bytecode code objects.
//!
//! The pipeline: [`source`] decodes the bytes (PEP 263, BOM), `parse` runs
//! `ruff_python_parser` and maps its diagnostics to CPython's `SyntaxError`s, [`symtable`]
//! resolves the scope of every name, `codegen` emits CPython-3.11-like instructions with block
//! pseudo-instructions, `assemble` lays them out with per-instruction stack depths, an exception
//! table ([`exceptiontable`]) and a line table ([`linetable`]), giving an immutable
//! [`CodeObject`] ([`bytecode`], constants in [`constants`]). [`dis`] disassembles it; [`wordcode`]
//! writes it in CPython 3.11's encoding (`co_code`);
//! [`cache`] keeps compiled modules on disk.
//!
//! ```
//! let code = ripy_compiler::compile(b"x = 1 + 2\n", "<example>", ripy_compiler::Mode::Exec).unwrap();
//! assert!(ripy_compiler::disassemble(&code).contains("LOAD_CONST"));
//! ```

mod assemble;
pub mod bytecode;
pub mod cache;
mod codegen;
pub mod constants;
pub mod dis;
pub mod error;
pub mod exceptiontable;
mod fstring311;
pub mod linetable;
pub mod locations;
mod parse;
pub mod pyast;
pub mod source;
pub mod symtable;
mod warnings;
pub mod wordcode;

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;

pub use bytecode::{CodeFlags, CodeObject, Instr};
pub use constants::{Constant, PyStr};
pub use dis::disassemble;
pub use error::{CompileError, CompileWarning, ErrorKind, WarningCategory};

use codegen::{Compiler, ModuleBody};
use parse::Program;
use source::SourceMap;

/// What the source is compiled as (the `mode` argument of Python's `compile()`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// A module: a sequence of statements.
    Exec,
    /// A single expression, whose value the code returns.
    Eval,
    /// One interactive statement: expression statements print their value.
    Single,
}

/// The optimization level of compilations that do not give one (CPython's `-O`, `-OO` and
/// `PYTHONOPTIMIZE`): 1 drops `assert` statements and makes `__debug__` false, 2 also drops
/// docstrings.
static DEFAULT_OPTIMIZE: AtomicU8 = AtomicU8::new(0);

/// Sets the optimization level of compilations that do not give one (see [`default_optimize`]).
pub fn set_default_optimize(level: u8) {
    DEFAULT_OPTIMIZE.store(level, Ordering::Relaxed);
}

/// The optimization level of compilations that do not give one: 0 unless
/// [`set_default_optimize`] changed it.
pub fn default_optimize() -> u8 {
    DEFAULT_OPTIMIZE.load(Ordering::Relaxed)
}

/// Compiles Python source bytes (decoded per PEP 263) to the module's code object.
pub fn compile(source: &[u8], filename: &str, mode: Mode) -> Result<Arc<CodeObject>, CompileError> {
    compile_with_warnings(source, filename, mode).map(|(code, _)| code)
}

/// [`compile`], also giving the warnings the compilation reports, in source order, for the
/// caller to issue through Python's `warnings` module.
pub fn compile_with_warnings(
    source: &[u8],
    filename: &str,
    mode: Mode,
) -> Result<(Arc<CodeObject>, Vec<CompileWarning>), CompileError> {
    compile_optimized(source, filename, mode, default_optimize())
}

/// [`compile_with_warnings`] at optimization level `optimize` (0, 1 or 2: see
/// [`default_optimize`]).
pub fn compile_optimized(
    source: &[u8],
    filename: &str,
    mode: Mode,
    optimize: u8,
) -> Result<(Arc<CodeObject>, Vec<CompileWarning>), CompileError> {
    let text = source::decode_source(source, filename)?;
    compile_str_optimized(&text, filename, mode, optimize)
}

/// Stack for one compilation: the passes recurse over the tree (up to the nesting limit, beyond
/// which they raise `RecursionError`), and dropping a deeply nested tree recurses too, so the
/// work runs on a stack of its own rather than the caller's. It is reserved, not committed.
const COMPILE_STACK_SIZE: usize = 256 << 20;

/// Compiles Python source text to the module's code object.
pub fn compile_str(source: &str, filename: &str, mode: Mode) -> Result<Arc<CodeObject>, CompileError> {
    compile_str_with_warnings(source, filename, mode).map(|(code, _)| code)
}

/// [`compile_str`], also giving the compilation's warnings (see [`compile_with_warnings`]).
pub fn compile_str_with_warnings(
    source: &str,
    filename: &str,
    mode: Mode,
) -> Result<(Arc<CodeObject>, Vec<CompileWarning>), CompileError> {
    compile_str_optimized(source, filename, mode, default_optimize())
}

/// [`compile_str_with_warnings`] at optimization level `optimize` (see [`default_optimize`]).
pub fn compile_str_optimized(
    source: &str,
    filename: &str,
    mode: Mode,
    optimize: u8,
) -> Result<(Arc<CodeObject>, Vec<CompileWarning>), CompileError> {
    stacker::grow(COMPILE_STACK_SIZE, || compile_on_stack(source, filename, mode, optimize))
}

/// Checks that `body`, compiled in `single` mode, is one statement: one compound statement, or
/// simple statements on one line separated by `;` (CPython's `statement_newline`).
fn single_statement(map: &SourceMap, body: &[ruff_python_ast::Stmt]) -> Result<(), CompileError> {
    use ruff_text_size::Ranged;
    let one_line = body.windows(2).all(|pair| {
        let between = map.source().get(pair[0].end().to_usize()..pair[1].start().to_usize()).unwrap_or("\n");
        between.trim() == ";" && !between.contains('\n')
    });
    let simple = body.iter().all(|s| {
        use ruff_python_ast::Stmt;
        !matches!(
            s,
            Stmt::FunctionDef(_)
                | Stmt::ClassDef(_)
                | Stmt::If(_)
                | Stmt::While(_)
                | Stmt::For(_)
                | Stmt::With(_)
                | Stmt::Try(_)
                | Stmt::Match(_)
        )
    });
    if body.len() > 1 && !(one_line && simple) {
        let end = ruff_text_size::TextRange::empty(body[0].end());
        return Err(map.syntax_error("multiple statements found while compiling a single statement", end));
    }
    Ok(())
}

fn compile_on_stack(
    source: &str,
    filename: &str,
    mode: Mode,
    optimize: u8,
) -> Result<(Arc<CodeObject>, Vec<CompileWarning>), CompileError> {
    let map = SourceMap::new(source, filename);
    let (program, mut warnings) = parse::parse(&map, mode == Mode::Eval)?;
    let (code, compiler_warnings) = match &program {
        Program::Module(module) => {
            if mode == Mode::Single {
                single_statement(&map, &module.body)?;
            }
            let future = symtable::future_features(&module.body, &map)?;
            let table = symtable::build(&module.body, None, future, &map)?;
            let body = ModuleBody::Statements { body: &module.body, interactive: mode == Mode::Single };
            Compiler::compile_module(&map, &table, body, optimize)
        }
        Program::Expression(expression) => {
            let table = symtable::build(&[], Some(&expression.body), symtable::FutureFeatures::default(), &map)?;
            Compiler::compile_module(&map, &table, ModuleBody::Expression(&expression.body), optimize)
        }
    }?;
    warnings.extend(compiler_warnings);
    Ok((code, warnings))
}

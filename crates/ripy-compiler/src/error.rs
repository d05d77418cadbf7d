//! Compile errors: the Python exception a failed compilation raises (`SyntaxError`,
//! `IndentationError`, `TabError`, and the few non-syntax errors `compile()` can raise), with
//! CPython's attributes: message, filename, line, 1-based character offset, end position and the
//! text of the offending line; and the warnings a successful compilation reports
//! ([`CompileWarning`]).

use std::fmt;

/// The Python exception type a [`CompileError`] stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// `SyntaxError`.
    SyntaxError,
    /// `IndentationError` (a subclass of `SyntaxError`).
    IndentationError,
    /// `TabError` (a subclass of `IndentationError`).
    TabError,
    /// `ValueError`, e.g. "source code string cannot contain null bytes".
    ValueError,
    /// `RecursionError`: the program nests too deeply for the compiler.
    RecursionError,
    /// `SystemError`: a bug in the compiler, reported instead of a panic.
    SystemError,
}

impl ErrorKind {
    /// The Python exception type's name, e.g. `"IndentationError"`.
    pub fn type_name(self) -> &'static str {
        match self {
            ErrorKind::SyntaxError => "SyntaxError",
            ErrorKind::IndentationError => "IndentationError",
            ErrorKind::TabError => "TabError",
            ErrorKind::ValueError => "ValueError",
            ErrorKind::RecursionError => "RecursionError",
            ErrorKind::SystemError => "SystemError",
        }
    }

    /// Whether the exception is `SyntaxError` or one of its subclasses (and so carries a location).
    pub fn is_syntax_error(self) -> bool {
        matches!(self, ErrorKind::SyntaxError | ErrorKind::IndentationError | ErrorKind::TabError)
    }
}

/// A failed compilation, carrying what CPython stores on the `SyntaxError` instance.
///
/// Positions follow CPython: `line` is 1-based, `offset` is the 1-based *character* offset in the
/// line, `end_line`/`end_offset` delimit the offending range (0 when unknown). For non-syntax
/// errors the position fields are 0 and `text` is `None`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    /// The exception type.
    pub kind: ErrorKind,
    /// The message, e.g. `"expected ':'"`.
    pub msg: String,
    /// The filename passed to [`crate::compile`].
    pub filename: String,
    /// 1-based line number.
    pub line: u32,
    /// 1-based character offset within the line.
    pub offset: u32,
    /// 1-based line number of the end of the offending range.
    pub end_line: u32,
    /// 1-based character offset of the end of the offending range.
    pub end_offset: u32,
    /// The source line (without its line terminator), when available.
    pub text: Option<String>,
}

impl CompileError {
    /// An error of `kind` with `msg` and no location.
    pub fn new(kind: ErrorKind, msg: impl Into<String>, filename: &str) -> CompileError {
        CompileError {
            kind,
            msg: msg.into(),
            filename: filename.to_string(),
            line: 0,
            offset: 0,
            end_line: 0,
            end_offset: 0,
            text: None,
        }
    }

    /// A compiler bug, reported as `SystemError`.
    pub fn internal(msg: impl Into<String>, filename: &str) -> CompileError {
        CompileError::new(ErrorKind::SystemError, msg, filename)
    }
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.kind.is_syntax_error() {
            write!(f, "{}: {} ({}, line {})", self.kind.type_name(), self.msg, self.filename, self.line)
        } else {
            write!(f, "{}: {}", self.kind.type_name(), self.msg)
        }
    }
}

impl std::error::Error for CompileError {}

/// The Python warning category of a [`CompileWarning`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WarningCategory {
    /// `DeprecationWarning`, e.g. an invalid escape sequence in a string literal.
    DeprecationWarning,
    /// `SyntaxWarning`, e.g. `x is 1` or `[(1, 2) (3, 4)]`.
    SyntaxWarning,
}

impl WarningCategory {
    /// The Python warning class's name, e.g. `"DeprecationWarning"`.
    pub fn type_name(self) -> &'static str {
        match self {
            WarningCategory::DeprecationWarning => "DeprecationWarning",
            WarningCategory::SyntaxWarning => "SyntaxWarning",
        }
    }
}

/// A warning found while compiling, which the caller reports through Python's `warnings`
/// module (CPython's `PyErr_WarnExplicitObject` in the parser), at `error`'s file and line.
/// When the warnings filter turns it into an exception of its category, CPython raises
/// `error` instead: a `SyntaxError` with the same message at the offending token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileWarning {
    /// The warning's category.
    pub category: WarningCategory,
    /// The `SyntaxError` that stands for the warning turned into an error; its message is the
    /// warning's message and its position the warning's.
    pub error: CompileError,
}

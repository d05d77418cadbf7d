//! The `_io` module: file objects. Its classes are written in Python (`_io.py`, embedded in the
//! binary and run as the module's body, as PyPy runs app-level code) on top of `posix`'s file
//! descriptors; the builtin `open` is `_io.open`.

use crate::function::Args;
use crate::objspace;
use crate::space::{PyResult, Space};
use metatrace_gc::GcRef;

/// The module.
pub const MODULE: super::BuiltinModule = super::BuiltinModule { name: "_io", init };

/// The module's source.
const SOURCE: &str = include_str!("_io.py");

fn init(space: &'static Space, m: GcRef) -> PyResult<()> {
    super::exec_source(space, m, "<frozen _io>", SOURCE)
}

/// The builtin `open(...)`: `_io.open(...)`.
pub fn open(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let io = crate::import::import_absolute(space, "_io")?;
    let open = objspace::getattr(io, space.intern("open"))?;
    objspace::call_args(open, args)
}

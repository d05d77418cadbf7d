//! The builtins that read their caller's frame (see [`crate::frame`]): `locals()`, `globals()`
//! and `frame.clear()`; [`caller`] also serves `vars()` and `dir()` without arguments, the default
//! namespaces of `eval`/`exec` and `sys._getframe`.

use super::*;
use crate::frame::{self, W_Frame};

/// The builtins defined here.
pub(super) static DEFS: &[BuiltinDef] = &[
    module("locals", locals).with_frame(),
    module("globals", globals).with_frame(),
    method("frame", "clear", frame::clear).with_frame(),
];

/// The frame that called the running builtin (one whose definition asks for its caller's
/// frame); `SystemError` when native code called it without one.
pub fn caller(space: &'static Space) -> PyResult<GcRef> {
    let frame = frame::native_caller();
    if frame.is_null() {
        return Err(space.new_exception(ExcKind::SystemError, "no current frame"));
    }
    Ok(frame)
}

/// The locals of the caller, as `locals()` gives them.
pub fn caller_locals(space: &'static Space) -> PyResult<GcRef> {
    Ok(frame::locals_of(caller(space)?))
}

/// The globals of the caller.
pub fn caller_globals(space: &'static Space) -> PyResult<GcRef> {
    Ok(gc::get_ref(caller(space)?, &W_Frame::GLOBALS))
}

/// Check that a builtin got no arguments (`locals() takes no arguments (1 given)`).
fn no_arguments(space: &'static Space, name: &str, args: &Args) -> PyResult<()> {
    no_keywords(space, name, args)?;
    match args.positional.len() {
        0 => Ok(()),
        n => Err(type_error(space, format!("{name}() takes no arguments ({n} given)"))),
    }
}

fn locals(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    no_arguments(space, "locals", args)?;
    caller_locals(space)
}

fn globals(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    no_arguments(space, "globals", args)?;
    caller_globals(space)
}

//! The remaining functions of the builtins module: `input`, `breakpoint`, `aiter`, `anext`.

use super::*;
use std::io::BufRead;

/// The builtins defined here.
pub(super) static DEFS: &[BuiltinDef] =
    &[module("input", input), module("breakpoint", breakpoint), module("aiter", aiter), module("anext", anext)];

/// `input(prompt='')`: the prompt written to standard output, then one line of standard input
/// without its newline; `EOFError` at the end of the input.
fn input(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "input", args, 0, 1)?;
    if let Some(&prompt) = a.first() {
        crate::modules::sys::print(space, &[prompt], "", "", GcRef::NULL, true)?;
    } else {
        crate::modules::sys::print(space, &[], "", "", GcRef::NULL, true)?;
    }
    let mut line = String::new();
    let read = std::io::stdin().lock().read_line(&mut line).map_err(|e| {
        space.new_exception(ExcKind::OSError, &format!("[Errno {}] {e}", e.raw_os_error().unwrap_or(0)))
    })?;
    if read == 0 {
        return Err(space.new_exception(ExcKind::EOFError, "EOF when reading a line"));
    }
    if line.ends_with('\n') {
        line.pop();
        if line.ends_with('\r') {
            line.pop();
        }
    }
    Ok(new_str(&line))
}

/// `breakpoint(*args, **kws)`: calls `sys.breakpointhook(*args, **kws)` (whose default, in
/// modules/sys.py, reads `$PYTHONBREAKPOINT` as CPython's does).
fn breakpoint(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    match crate::module::get(crate::import::sys_module(), "breakpointhook") {
        Some(hook) => objspace::call_args(hook, args),
        None => Err(space.new_exception(ExcKind::RuntimeError, "lost sys.breakpointhook")),
    }
}

/// Call the special method `name` of `obj`, or raise `TypeError` with `message`.
fn call_special(space: &'static Space, obj: GcRef, name: &str, message: String) -> PyResult<GcRef> {
    match objspace::lookup_user(obj, name) {
        Some(f) => objspace::call_bound(f, obj, &Args::default()),
        None => Err(type_error(space, message)),
    }
}

/// `aiter(async_iterable)`.
fn aiter(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let obj = one(space, "aiter", args)?;
    let message = format!("'{}' object is not an async iterable", space.type_name(obj));
    let it = call_special(space, obj, "__aiter__", message)?;
    if objspace::lookup_user(it, "__anext__").is_none() {
        let message = format!("aiter() returned not an async iterator of type '{}'", space.type_name(it));
        return Err(type_error(space, message));
    }
    Ok(it)
}

/// `anext(async_iterator)`: the awaitable of its next item. (The two-argument form, with a
/// default for the end of the iteration, is not supported yet.)
fn anext(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "anext", args, 1, 1)?;
    let message = format!("'{}' object is not an async iterator", space.type_name(a[0]));
    call_special(space, a[0], "__anext__", message)
}

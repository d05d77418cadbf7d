//! The remaining functions of the builtins module: `input`, `breakpoint`, `aiter`, `anext`.

use super::*;

/// The builtins defined here.
pub(super) static DEFS: &[BuiltinDef] =
    &[module("input", input), module("breakpoint", breakpoint), module("aiter", aiter), module("anext", anext)];

/// `input(prompt='')`: the prompt written to `sys.stdout` (flushed, a failing flush ignored, as
/// CPython's), then one line of `sys.stdin` without its newline; `EOFError` at the end of the
/// input.
fn input(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "input", args, 0, 1)?;
    let stream = |name: &str| match crate::module::get(crate::import::sys_module(), name) {
        Some(v) if v != space.none => Ok(v),
        _ => Err(space.new_exception(ExcKind::RuntimeError, &format!("input(): lost sys.{name}"))),
    };
    let stdin = stream("stdin")?;
    let _stdin = metatrace_gc::Root::new(stdin);
    let stdout = stream("stdout")?;
    let flush = |file: GcRef| {
        let _ = objspace::getattr(file, space.intern("flush")).and_then(|f| objspace::call(f, &[]));
    };
    if let Ok(stderr) = stream("stderr") {
        flush(stderr);
    }
    if let Some(&prompt) = a.first() {
        crate::modules::sys::print(space, &[prompt], "", "", stdout, false)?;
    }
    flush(stdout);
    let line = objspace::call(objspace::getattr(stdin, space.intern("readline"))?, &[])?;
    if line.layout() != W_Str::layout() {
        return Err(type_error(space, "object.readline() returned non-string".to_owned()));
    }
    let mut text = unicode::to_string_lossy(line);
    if text.is_empty() {
        return Err(space.new_exception(ExcKind::EOFError, "EOF when reading a line"));
    }
    if text.ends_with('\n') {
        text.pop();
        return Ok(new_str(&text));
    }
    Ok(line)
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

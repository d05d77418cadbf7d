//! The builtins that read their caller's frame (see [`crate::frame`]): `locals()`, `globals()`
//! and `frame.clear()`, and the code-object methods `co_positions()`/`co_lines()`/`_varname_from_oparg()`/`replace()`; [`caller`] also serves `vars()` and `dir()` without arguments, the default
//! namespaces of `eval`/`exec` and `sys._getframe`.

use super::*;
use crate::frame::{self, W_Frame};
use crate::objspace::RootedVec;

/// The builtins defined here.
pub(super) static DEFS: &[BuiltinDef] = &[
    module("locals", locals).with_frame(),
    module("globals", globals).with_frame(),
    method("frame", "clear", frame::clear).with_frame(),
    method("code", "co_positions", code_positions),
    method("code", "co_lines", code_lines),
    method("code", "_varname_from_oparg", code_varname_from_oparg),
    method("code", "replace", code_replace),
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

/// `code.co_positions()`: an iterator of `(line, end_line, column, end_column)` per code unit
/// of `co_code`, read from `co_linetable` (None for what its entry does not give): an
/// instruction's prefixes and inline caches have its position, as in CPython.
fn code_positions(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (w_code, _) = method_args(space, "co_positions", args, 0, 0)?;
    let code = crate::code::Code::of(w_code);
    let optional = |v: Option<i64>| v.map_or(space.none, heap_int);
    let mut positions = RootedVec::new();
    for entry in code.locations() {
        let p = entry.position;
        let fields = [optional(p.line), optional(p.end_line), optional(p.col), optional(p.end_col)];
        let _fields = metatrace_gc::root_slice(&fields);
        let position = W_Tuple::from_slice(&fields);
        for _ in 0..entry.units {
            positions.push(position);
        }
    }
    objspace::iter(list::new_list(&positions))
}

/// `code.co_lines()`: an iterator of `(start, end, line)` byte-offset ranges of `co_code`, one
/// per entry of `co_linetable` (line None for none), as CPython 3.11 gives them.
fn code_lines(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (w_code, _) = method_args(space, "co_lines", args, 0, 0)?;
    let code = crate::code::Code::of(w_code);
    let mut start = 0;
    let mut items = RootedVec::new();
    for entry in code.locations() {
        let end = start + 2 * i64::from(entry.units);
        let fields = [heap_int(start), heap_int(end), entry.position.line.map_or(space.none, heap_int)];
        let _fields = metatrace_gc::root_slice(&fields);
        items.push(W_Tuple::from_slice(&fields));
        start = end;
    }
    objspace::iter(list::new_list(&items))
}

/// `code._varname_from_oparg(i)`: the name of fast local, cell or free variable `i`, numbered
/// as `co_code` numbers them (fast locals, then cells, then free variables); what `dis` shows
/// for `LOAD_FAST`, `LOAD_DEREF` and their kin.
fn code_varname_from_oparg(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (w_code, rest) = method_args(space, "_varname_from_oparg", args, 1, 1)?;
    let w_index = rest[0];
    let code = crate::code::Code::of(w_code);
    let index = objspace::index_value(w_index, "an integer is required")?;
    usize::try_from(index)
        .ok()
        .and_then(|i| code.varnames.get(i).copied())
        .ok_or_else(|| space.new_exception(ExcKind::IndexError, "tuple index out of range"))
}

/// `code.replace(**changes)`: a copy of the code object with the attributes named by the
/// keywords changed. ripy's instructions are not CPython's bytes, so only the attributes that do
/// not change what the instructions mean can take new values (`co_flags`, `co_name`,
/// `co_qualname`, `co_filename`, `co_firstlineno`, `co_linetable`); another one given its current value is kept,
/// a new value for it is a `ValueError`.
fn code_replace(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [w_code] = args.positional[..] else {
        return Err(type_error(space, "replace() takes no positional arguments".to_owned()));
    };
    let mut object = (*Code::of(w_code).object).clone();
    for &(name, value) in &args.keywords {
        let key = unicode::to_string_lossy(name);
        let int = |what: &str| -> PyResult<u32> {
            let v = objspace::index_value(value, &format!("replace() argument '{what}' must be int"))?;
            u32::try_from(v)
                .map_err(|_| space.new_exception(ExcKind::OverflowError, "Python int too large to convert to C int"))
        };
        let text = |what: &str| -> PyResult<String> {
            crate::modules::str_arg(space, value, &format!("replace() argument '{what}'"))
        };
        match key.as_str() {
            "co_flags" => object.flags = ripy_compiler::CodeFlags(int("co_flags")?),
            "co_firstlineno" => object.first_line = int("co_firstlineno")?,
            "co_name" => object.name = text("co_name")?,
            "co_qualname" => object.qualname = text("co_qualname")?,
            "co_filename" => object.filename = text("co_filename")?,
            "co_linetable" if value.layout() == crate::bytes::W_Bytes::layout() => {
                object.replaced_location_table = Some(crate::bytes::data(value));
            }
            "co_linetable" => {
                let message =
                    format!("replace() argument 'co_linetable' must be bytes, not {}", space.type_name(value));
                return Err(type_error(space, message));
            }
            other => match crate::code::attribute(space, w_code, other) {
                Some(current) if objspace::eq(current, value)? => {}
                Some(_) => {
                    let message = format!("code.replace() cannot change {other} in ripy");
                    return Err(space.new_exception(ExcKind::ValueError, &message));
                }
                None => {
                    let message = format!("replace() got an unexpected keyword argument '{other}'");
                    return Err(type_error(space, message));
                }
            },
        }
    }
    Ok(Code::load(space, std::sync::Arc::new(object)).w_code)
}

//! `compile`, `eval` and `exec`: source compiled by ripy-compiler, run in a new frame with the
//! given globals and locals.
//!
//! Without `globals`, the code runs in the caller's globals and locals (a function's locals are
//! the snapshot `locals()` gives).

use super::params::bind;
use super::*;
use crate::code::W_Code;
use crate::module;
use ripy_compiler::Mode;

/// The builtins defined here.
pub(super) static DEFS: &[BuiltinDef] = &[
    module("compile", compile_builtin),
    module("eval", eval_builtin).with_frame(),
    module("exec", exec_builtin).with_frame(),
];

/// The bytes of a source argument (str or bytes-like); `None` for other objects.
fn source_bytes(v: GcRef) -> PyResult<Option<Vec<u8>>> {
    let bytes = if v.layout() == W_Str::layout() {
        Some(unicode::to_string_lossy(v).into_bytes())
    } else {
        crate::buffer::buffer_data(v)?
    };
    if bytes.as_ref().is_some_and(|b| b.contains(&0)) {
        // CPython 3.11.2's `source_as_string` (later 3.11 releases raise SyntaxError).
        return Err(value_error(Space::get(), "source code string cannot contain null bytes"));
    }
    Ok(bytes)
}

/// Compile `source` in `mode`. Its text is not kept for tracebacks: as in CPython, they show
/// the lines of compiled strings only when `filename` names a file that has them.
fn compile_source(space: &'static Space, source: &[u8], filename: &str, mode: Mode) -> PyResult<&'static Code> {
    compile_source_optimized(space, source, filename, mode, ripy_compiler::default_optimize())
}

/// [`compile_source`] at optimization level `optimize`.
fn compile_source_optimized(
    space: &'static Space,
    source: &[u8],
    filename: &str,
    mode: Mode,
    optimize: u8,
) -> PyResult<&'static Code> {
    let object = crate::source_compile::compile(space, source, filename, mode, optimize)?;
    Ok(Code::load(space, object))
}

/// CPython's message for a value that is not an index.
fn not_an_integer(space: &Space, v: GcRef) -> String {
    format!("'{}' object cannot be interpreted as an integer", space.type_name(v))
}

/// `ast.PyCF_ONLY_AST`: `compile` returns the AST instead of code.
const PYCF_ONLY_AST: i64 = 0x400;

fn compile_builtin(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let names = ["source", "filename", "mode", "flags", "dont_inherit", "optimize", "_feature_version"];
    let values = bind(space, "compile", &args.positional, &args.keywords, &names, 3)?;
    let mut source = values[0].unwrap_or(space.none);
    let only_ast = values[3].and_then(crate::objspace::int_value).is_some_and(|f| f & PYCF_ONLY_AST != 0);
    if crate::modules::ast::is_node(space, source) {
        if only_ast {
            return Ok(source);
        }
        source = crate::modules::ast::unparse(space, source)?;
    }
    let Some(bytes) = source_bytes(source)? else {
        return Err(type_error(space, "compile() arg 1 must be a string, bytes or AST object".to_owned()));
    };
    let filename = values[1].unwrap_or(space.none);
    // A path-like object gives its path (`PyUnicode_FSDecoder`).
    let filename = match crate::objspace::lookup_user(filename, "__fspath__") {
        Some(fspath) => crate::objspace::call_bound(fspath, filename, &Args::default())?,
        None => filename,
    };
    let filename = match crate::buffer::buffer_data(filename)? {
        Some(b) => String::from_utf8_lossy(&b).into_owned(),
        None => text_arg(space, filename, "compile() argument 'filename'")?,
    };
    // CPython's PyCF_MASK, PyCF_MASK_OBSOLETE and PyCF_COMPILE_MASK.
    const KNOWN_FLAGS: i64 = 0x1fe_0000 | 0x10 | 0x400 | 0x2000 | 0x1000 | 0x200 | 0x4000;
    let flags = match values[3] {
        Some(f) => crate::objspace::index_value(f, &not_an_integer(space, f))?,
        None => 0,
    };
    if flags & !KNOWN_FLAGS != 0 {
        return Err(value_error(space, "compile(): unrecognised flags"));
    }
    let optimize = match values[5] {
        Some(o) => crate::objspace::index_value(o, &not_an_integer(space, o))?,
        None => -1,
    };
    if !(-1..=2).contains(&optimize) {
        return Err(value_error(space, "compile(): invalid optimize value"));
    }
    let mode = match text_arg(space, values[2].unwrap_or(space.none), "compile() argument 'mode'")?.as_str() {
        "exec" => Mode::Exec,
        "eval" => Mode::Eval,
        "single" => Mode::Single,
        _ => return Err(value_error(space, "compile() mode must be 'exec', 'eval' or 'single'")),
    };
    if only_ast {
        return crate::modules::ast::parse(space, &bytes, &filename, mode);
    }
    let optimize = if optimize < 0 { ripy_compiler::default_optimize() } else { optimize as u8 };
    Ok(compile_source_optimized(space, &bytes, &filename, mode, optimize)?.w_code)
}

/// The globals and locals of `eval`/`exec`, checked, with `__builtins__` added to the globals.
/// Globals may be a dict subclass: the frame reads and writes its dict directly (as CPython's
/// `LOAD_GLOBAL`/`STORE_GLOBAL` do), while the locals, when not given, are the object itself (so
/// `STORE_NAME`/`LOAD_NAME` go through its `__setitem__`/`__getitem__`).
fn namespaces(
    space: &'static Space,
    name: &str,
    globals: Option<GcRef>,
    locals: Option<GcRef>,
) -> PyResult<(GcRef, GcRef)> {
    let (globals, namespace) = match globals {
        Some(g) if g != space.none => {
            let Some(dict) = Some(crate::subclass::unwrap(g)).filter(|d| d.layout() == W_Dict::layout()) else {
                let message = if name == "exec" {
                    format!("exec() globals must be a dict, not {}", space.type_name(g))
                } else {
                    "globals must be a dict".to_owned()
                };
                return Err(type_error(space, message));
            };
            (dict, g)
        }
        _ if locals.map_or(true, |l| l == space.none) => {
            return namespaces(
                space,
                name,
                Some(frame_functions::caller_globals(space)?),
                Some(frame_functions::caller_locals(space)?),
            )
        }
        _ => {
            let g = frame_functions::caller_globals(space)?;
            (g, g)
        }
    };
    let locals = match locals {
        Some(l) if l != space.none => {
            let mapping = l.layout() == W_Dict::layout() || objspace::lookup_user(l, "__getitem__").is_some();
            if !mapping {
                let message = if name == "exec" {
                    format!("locals must be a mapping or None, not {}", space.type_name(l))
                } else {
                    "locals must be a mapping".to_owned()
                };
                return Err(type_error(space, message));
            }
            l
        }
        _ => namespace,
    };
    let key = space.intern("__builtins__");
    if dict::get_str(globals, key).is_none() {
        dict::set_str(globals, key, space.builtins);
    }
    Ok((globals, locals))
}

/// Run `code` with these namespaces and `closure` (a tuple of cells for its free variables, or
/// null).
fn run(space: &'static Space, code: &'static Code, globals: GcRef, locals: GcRef, closure: GcRef) -> PyResult<GcRef> {
    let builtins = match dict::get_str(globals, space.intern("__builtins__")) {
        Some(b) if module::is_module(b) => module::dict_of(b),
        Some(b) => b,
        None => space.builtins,
    };
    crate::frame::from_native(|back| {
        with_concrete(|d| {
            let env = FrameEnv { globals, builtins, locals, closure, back };
            let frame = new_frame(d, code, env);
            crate::protocol::run_frame_at(d, space, Pos { code, pc: 0 }, frame)
        })
    })
}

/// The code of the first argument of `eval`/`exec`: a code object, or source compiled in `mode`.
fn code_of(space: &'static Space, name: &str, source: GcRef, mode: Mode) -> PyResult<&'static Code> {
    if source.layout() == W_Code::layout() {
        return Ok(Code::of(source));
    }
    let Some(mut bytes) = source_bytes(source)? else {
        let message = if name == "exec" {
            format!("exec() arg 1 must be a string, bytes or code object, not {}", space.type_name(source))
        } else {
            "eval() arg 1 must be a string, bytes or code object".to_owned()
        };
        return Err(type_error(space, message));
    };
    if mode == Mode::Eval {
        let skip = bytes.iter().take_while(|&&b| b == b' ' || b == b'\t').count();
        bytes.drain(..skip);
    }
    compile_source(space, &bytes, "<string>", mode)
}

fn eval_builtin(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    no_keywords(space, "eval", args)?;
    let values = bind(space, "eval", &args.positional, &[], &["source", "globals", "locals"], 1)?;
    let (globals, locals) = namespaces(space, "eval", values[1], values[2])?;
    let code = code_of(space, "eval", values[0].unwrap_or(space.none), Mode::Eval)?;
    if code.nfree > 0 {
        return Err(type_error(space, "code object passed to eval() may not contain free variables".to_owned()));
    }
    run(space, code, globals, locals, GcRef::NULL)
}

/// The `closure` argument of `exec` checked against the free variables of `code`, as CPython
/// 3.11: a tuple of exactly that many cells, or null when the code has none.
fn exec_closure(space: &'static Space, code: &'static Code, closure: Option<GcRef>) -> PyResult<GcRef> {
    let closure = closure.filter(|&c| c != space.none);
    if code.nfree == 0 {
        return match closure {
            Some(_) => Err(type_error(space, "cannot use a closure with this code object".to_owned())),
            None => Ok(GcRef::NULL),
        };
    }
    match closure {
        Some(c)
            if c.layout() == W_Tuple::layout()
                && W_Tuple::items(c).len() == code.nfree
                && W_Tuple::items(c).iter().all(|cell| cell.layout() == crate::function::W_Cell::layout()) =>
        {
            Ok(c)
        }
        _ => Err(type_error(space, format!("code object requires a closure of exactly length {}", code.nfree))),
    }
}

fn exec_builtin(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let values = bind(space, "exec", &args.positional, &args.keywords, &["source", "globals", "locals", "closure"], 1)?;
    let (globals, locals) = namespaces(space, "exec", values[1], values[2])?;
    let source = values[0].unwrap_or(space.none);
    if values[3].is_some_and(|c| c != space.none) && source.layout() != W_Code::layout() {
        return Err(type_error(space, "closure can only be used when source is a code object".to_owned()));
    }
    let code = code_of(space, "exec", source, Mode::Exec)?;
    let closure = exec_closure(space, code, values[3])?;
    run(space, code, globals, locals, closure)?;
    Ok(space.none)
}

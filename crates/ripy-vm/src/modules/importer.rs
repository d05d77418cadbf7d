//! How Python code reaches ripy's import system (which is written in Rust, [`crate::import`]):
//! the `_imp` module that importlib's bootstrap needs, and `_ripy_import`, ripy's finder and
//! loader.
//!
//! `_ripy_import` is the one entry of `sys.meta_path` at start-up. A module object can serve as
//! a finder and a loader because importlib only calls their methods: `find_spec(name, path,
//! target)` answers a `ModuleSpec` whose loader is this module; `create_module(spec)` gives the
//! builtin module for builtin specs (None otherwise: importlib makes a plain module);
//! `exec_module(module)` compiles the module's source file (through the code cache) and runs it
//! in the module's namespace; `get_code`, `get_source`, `get_filename`, `is_package` and
//! `get_data` are what `runpy`, `linecache`, `inspect` and `pkgutil` ask loaders. The import
//! statement does not go through these functions when `_ripy_import` answers: it loads natively.
//!
//! `_imp` answers for ripy's builtin modules (every module of [`super::MODULES`], whether written
//! in Rust or embedded Python); ripy has no frozen modules in CPython's sense and no extension
//! modules. `source_hash` is not CPython's keyed SipHash-1-3 (hash-based pycs are never used).

use super::{arg_range, one_arg, MODULES};
use crate::builtins::BuiltinDef;
use crate::bytes::new_bytes;
use crate::exceptions::ExcKind;
use crate::function::Args;
use crate::import;
use crate::int::heap_int;
use crate::list;
use crate::objspace;
use crate::space::{PyResult, Space};
use crate::unicode::{self, W_Str};
use metatrace_gc::{GcObject, GcRef};

/// The `_imp` module.
pub const IMP: super::BuiltinModule = super::BuiltinModule { name: "_imp", init: init_imp };

/// The `_ripy_import` module.
pub const RIPY_IMPORT: super::BuiltinModule = super::BuiltinModule { name: "_ripy_import", init: init_ripy_import };

const fn imp(name: &'static str, func: crate::builtins::NativeFn) -> BuiltinDef {
    super::native("_imp", name, func)
}

const fn finder(name: &'static str, func: crate::builtins::NativeFn) -> BuiltinDef {
    super::native("_ripy_import", name, func)
}

/// The functions of both modules.
pub static DEFS: &[BuiltinDef] = &[
    imp("is_builtin", is_builtin),
    imp("create_builtin", create_builtin),
    imp("exec_builtin", |_, _| Ok(heap_int(0))),
    imp("is_frozen", |space, args| {
        one_arg(space, "is_frozen", args)?;
        Ok(space.w_bool(false))
    }),
    imp("is_frozen_package", no_frozen_object),
    imp("get_frozen_object", no_frozen_object),
    imp("init_frozen", no_frozen_object),
    imp("find_frozen", |space, _| Ok(space.none)),
    imp("acquire_lock", |space, _| Ok(space.none)),
    imp("release_lock", |space, _| Ok(space.none)),
    imp("lock_held", |space, _| Ok(space.w_bool(false))),
    imp("extension_suffixes", |_, _| Ok(list::new_list(&[]))),
    imp("_fix_co_filename", |space, _| Ok(space.none)),
    imp("_override_frozen_modules_for_tests", |space, _| Ok(space.none)),
    imp("_frozen_module_names", |_, _| Ok(crate::tuple::W_Tuple::from_slice(&[]))),
    imp("source_hash", source_hash),
    finder("find_spec", find_spec),
    finder("create_module", create_module),
    finder("exec_module", exec_module),
    finder("get_code", get_code),
    finder("get_source", get_source),
    finder("get_filename", get_filename),
    finder("is_package", is_package),
    finder("get_data", get_data),
    finder("invalidate_caches", |space, _| Ok(space.none)),
];

fn init_imp(space: &'static Space, m: GcRef) -> PyResult<()> {
    super::add_functions(space, super::namespace(m), "_imp");
    crate::module::set(m, "check_hash_based_pycs", space.intern("never"));
    Ok(())
}

fn init_ripy_import(space: &'static Space, m: GcRef) -> PyResult<()> {
    super::add_functions(space, super::namespace(m), "_ripy_import");
    Ok(())
}

/// A str argument's text; `TypeError` naming the function otherwise.
fn text_arg(space: &Space, function: &str, v: GcRef) -> PyResult<String> {
    if v.layout() == W_Str::layout() {
        return Ok(unicode::to_string_lossy(v));
    }
    let message = format!("{function}() argument must be str, not {}", space.type_name(v));
    Err(space.new_exception(ExcKind::TypeError, &message))
}

fn is_builtin(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let name = text_arg(space, "is_builtin", one_arg(space, "is_builtin", args)?)?;
    Ok(heap_int(i64::from(MODULES.iter().any(|m| m.name == name))))
}

/// The name of a spec (`spec.name`).
fn spec_name(space: &'static Space, function: &str, spec: GcRef) -> PyResult<String> {
    text_arg(space, function, objspace::getattr(spec, space.intern("name"))?)
}

fn create_builtin(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let name = spec_name(space, "create_builtin", one_arg(space, "create_builtin", args)?)?;
    if !MODULES.iter().any(|m| m.name == name) {
        let message = format!("no built-in module named {name}");
        return Err(import::import_error(ExcKind::ImportError, &message, Some(&name), None));
    }
    import::import_absolute(space, &name)
}

fn no_frozen_object(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let name = one_arg(space, "frozen", args)?;
    let message = format!("No such frozen object named {}", crate::repr::repr(name)?);
    Err(import::import_error(ExcKind::ImportError, &message, Some(&unicode::to_string_lossy(name)), None))
}

fn source_hash(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [key, source] = super::exact_args::<2>(space, "source_hash", args)?;
    let key =
        objspace::int_value(key).ok_or_else(|| space.new_exception(ExcKind::TypeError, "an integer is required"))?;
    let data = crate::buffer::buffer_data(source)?
        .ok_or_else(|| space.new_exception(ExcKind::TypeError, "a bytes-like object is required"))?;
    // FNV-1a, seeded with the key: stable across runs, as a source hash must be.
    let mut hash = 0xcbf2_9ce4_8422_2325u64 ^ key as u64;
    for byte in data {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    Ok(new_bytes(&hash.to_le_bytes()))
}

// ----- the finder and loader -----

/// `find_spec(fullname, path=None, target=None)`.
fn find_spec(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let values = arg_range(space, "find_spec", args, 1, 3)?;
    let name = text_arg(space, "find_spec", values[0])?;
    let path = values.get(1).copied().filter(|&p| p != space.none);
    Ok(import::find_module_spec(space, &name, path)?.unwrap_or(space.none))
}

/// `create_module(spec)`: the builtin module for a builtin spec, else None.
fn create_module(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let spec = one_arg(space, "create_module", args)?;
    let origin = objspace::getattr(spec, space.intern("origin"))?;
    if origin == space.intern("built-in") {
        return create_builtin(space, args);
    }
    Ok(space.none)
}

/// `exec_module(module)`: run the module's source file in its namespace.
fn exec_module(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let module = one_arg(space, "exec_module", args)?;
    let spec = objspace::getattr(module, space.intern("__spec__"))?;
    if let Some(file) = source_file(space, spec)? {
        import::exec_file_in(space, &file, module)?;
    }
    Ok(space.none)
}

/// The source file a spec names (`spec.origin` when the spec has a location).
fn source_file(space: &'static Space, spec: GcRef) -> PyResult<Option<std::path::PathBuf>> {
    if !objspace::truthy(objspace::getattr(spec, space.intern("has_location"))?)? {
        return Ok(None);
    }
    let origin = objspace::getattr(spec, space.intern("origin"))?;
    Ok((origin.layout() == W_Str::layout()).then(|| unicode::to_string_lossy(origin).into()))
}

/// The spec of module `fullname` (the one loaded, else the one ripy's finder finds), or
/// `ImportError`.
fn spec_of(space: &'static Space, function: &str, args: &Args) -> PyResult<GcRef> {
    let name = text_arg(space, function, one_arg(space, function, args)?)?;
    let loaded = import::loaded_module(space, &name).map(|m| objspace::getattr(m, space.intern("__spec__")));
    match loaded {
        Some(Ok(spec)) if spec != space.none => return Ok(spec),
        _ => {}
    }
    let spec = match name.rsplit_once('.') {
        Some((parent, _)) => {
            let parent = import::import_absolute(space, parent)?;
            let path = objspace::getattr(parent, space.intern("__path__"))?;
            import::find_module_spec(space, &name, Some(path))?
        }
        None => import::find_module_spec(space, &name, None)?,
    };
    spec.ok_or_else(|| {
        let message = format!("cannot find module {name}");
        import::import_error(ExcKind::ImportError, &message, Some(&name), None)
    })
}

/// The source file of module `fullname`, or `ImportError`.
fn file_of(space: &'static Space, function: &str, args: &Args) -> PyResult<Option<std::path::PathBuf>> {
    let spec = spec_of(space, function, args)?;
    source_file(space, spec)
}

fn get_code(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    match file_of(space, "get_code", args)? {
        Some(file) => Ok(import::compile_file(space, &file)?.w_code),
        None => Ok(space.none),
    }
}

fn get_source(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let Some(file) = file_of(space, "get_source", args)? else { return Ok(space.none) };
    let bytes = import::read_source(space, &file)?;
    let filename = file.to_string_lossy();
    let text = ripy_compiler::source::decode_source(&bytes, &filename).map_err(|e| import::compile_error(&e))?;
    Ok(unicode::new_str(&text.replace("\r\n", "\n").replace('\r', "\n")))
}

fn get_filename(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let spec = spec_of(space, "get_filename", args)?;
    objspace::getattr(spec, space.intern("origin"))
}

fn is_package(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let spec = spec_of(space, "is_package", args)?;
    let locations = objspace::getattr(spec, space.intern("submodule_search_locations"))?;
    Ok(space.w_bool(locations != space.none))
}

fn get_data(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let path = text_arg(space, "get_data", one_arg(space, "get_data", args)?)?;
    Ok(new_bytes(&import::read_source(space, std::path::Path::new(&path))?))
}

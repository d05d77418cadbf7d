//! The import system, in Rust: `sys.modules`, finders for builtin modules and for source files
//! on a search path (modules, packages with `__init__.py`, namespace packages), loading, and the
//! semantics of `IMPORT_NAME` / `IMPORT_FROM` / `IMPORT_STAR` and `__import__`.
//!
//! It follows CPython 3.11's `importlib._bootstrap` (`_find_and_load`, `_load_unlocked`,
//! `_handle_fromlist`, `_calc___package__`, `_resolve_name`) and `ceval.c`'s `import_from` and
//! `import_all_from`, with their error messages; it does not bootstrap importlib, so start-up
//! costs nothing until a program imports. Every module gets a `__spec__` (a `ModuleSpec` with
//! `name`, `origin`, `submodule_search_locations`, `parent`, `has_location` and `_initializing`,
//! which is true while its code runs: circular imports see a partially initialized module and
//! `from m import x` says so, as CPython does).
//!
//! Finding the standard library: `RIPY_STDLIB`, else the first of the usual places holding
//! `os.py` (see [`stdlib_dir`]); `sys.path` is the script's directory, `PYTHONPATH`, then that.

use crate::code::Code;
use crate::dict;
use crate::exceptions::ExcKind;
use crate::frame::{new_frame, FrameEnv};
use crate::function::{Args, W_Builtin};
use crate::interp::{with_concrete, Pos};
use crate::list;
use crate::mapdict;
use crate::module;
use crate::modules;
use crate::objspace;
use crate::protocol;
use crate::repr;
use crate::space::{PyResult, Space};
use crate::tuple::W_Tuple;
use crate::unicode::{self, W_Str};
use metatrace::call::set_exception;
use metatrace_gc::{GcObject, GcRef};
use ripy_compiler::{CompileError, Mode};
use std::cell::Cell;
use std::path::{Path, PathBuf};

crate::interp_local! {
    /// `sys.modules` (the dict the import system uses, as CPython's `interp->modules`).
    static MODULES: Cell<GcRef> = const { Cell::new(GcRef::NULL) };
    /// The `ModuleSpec` class.
    static SPEC_CLASS: Cell<GcRef> = const { Cell::new(GcRef::NULL) };
    /// The `_ripy_import` module, ripy's finder and loader (null while it is being made).
    static IMPORTER: Cell<GcRef> = const { Cell::new(GcRef::NULL) };
}

/// The dict of loaded modules (`sys.modules`), made on first use with `builtins` and `sys` in it.
pub fn modules_dict() -> GcRef {
    let existing = MODULES.with(Cell::get);
    if !existing.is_null() {
        return existing;
    }
    let space = Space::get();
    let modules = dict::new();
    metatrace_gc::Root::new(modules).leak();
    MODULES.with(|m| m.set(modules));
    let builtins = module::with_dict(space.builtins);
    dict::set_str(modules, space.intern("builtins"), builtins);
    dict::set_str(space.builtins, space.intern("__spec__"), new_spec(space, "builtins", &Origin::BuiltIn));
    for key in ["__doc__", "__package__", "__loader__"] {
        if dict::get_str(space.builtins, space.intern(key)).is_none() {
            dict::set_str(space.builtins, space.intern(key), space.none);
        }
    }
    let sys = modules::find("sys").expect("sys is a builtin module");
    let importer = modules::find("_ripy_import").expect("_ripy_import is a builtin module");
    let importer = load_builtin(space, sys).and_then(|_| load_builtin(space, importer));
    let importer =
        importer.unwrap_or_else(|e| panic!("sys failed to initialize: {}", repr::str(e).unwrap_or_default()));
    IMPORTER.with(|i| i.set(importer));
    // The modules made before the importer get it as their loader now.
    for name in ["builtins", "sys", "_ripy_import"] {
        let m = dict::get_str(modules, space.intern(name)).expect("registered above");
        module::set(m, "__loader__", importer);
        if let Some(spec) = module::get(m, "__spec__") {
            mapdict::set_attr(spec, space.intern("loader"), importer);
        }
    }
    if let Some(meta_path) = module::get(sys_module(), "meta_path") {
        list::append(meta_path, importer);
    }
    if let Err(e) = modules::sys::finish_init(space) {
        panic!("sys failed to initialize: {}", repr::str(e).unwrap_or_default());
    }
    modules
}

/// The `_ripy_import` module: ripy's finder and loader ([`crate::modules::importer`]), or None
/// while it is being made.
fn importer(space: &Space) -> GcRef {
    let importer = IMPORTER.with(Cell::get);
    if importer.is_null() {
        space.none
    } else {
        importer
    }
}

/// The `sys` module.
pub fn sys_module() -> GcRef {
    let space = Space::get();
    dict::get_str(modules_dict(), space.intern("sys")).expect("sys is always in sys.modules")
}

/// The module `__main__` with its standard attributes, registered in `sys.modules`: the
/// namespace a program runs in.
pub fn new_main_module(space: &'static Space) -> GcRef {
    let name = space.intern("__main__");
    let m = module::new_module(space, name);
    module::set(m, "__builtins__", dict::get_str(modules_dict(), space.intern("builtins")).unwrap_or(space.builtins));
    dict::set_str(modules_dict(), name, m);
    m
}

/// Where a module comes from.
enum Origin {
    /// A builtin module.
    BuiltIn,
    /// A source file (a package's `__init__.py`, with the package's directory).
    Source { file: PathBuf, package: Option<PathBuf> },
    /// A namespace package: its portions.
    Namespace(Vec<PathBuf>),
}

/// The `ModuleSpec` class (instances with attributes, as importlib's).
fn spec_class(space: &Space) -> GcRef {
    let existing = SPEC_CLASS.with(Cell::get);
    if !existing.is_null() {
        return existing;
    }
    let cls = modules::new_class(space, "_frozen_importlib", "ModuleSpec");
    SPEC_CLASS.with(|c| c.set(cls));
    cls
}

fn path_str(p: &Path) -> GcRef {
    unicode::new_str(&p.to_string_lossy())
}

/// A `ModuleSpec` for module `name` found at `origin`.
fn new_spec(space: &Space, name: &str, origin: &Origin) -> GcRef {
    let none = space.none;
    let (origin_obj, locations, has_location) = match origin {
        Origin::BuiltIn => (space.intern("built-in"), none, false),
        Origin::Source { file, package } => {
            let locations = match package {
                Some(dir) => list::new_list(&[path_str(dir)]),
                None => none,
            };
            (path_str(file), locations, true)
        }
        Origin::Namespace(portions) => {
            let texts: Vec<String> = portions.iter().map(|p| p.to_string_lossy().into_owned()).collect();
            (none, modules::str_list(&texts), false)
        }
    };
    let held = [origin_obj, locations];
    let _rooted = metatrace_gc::root_slice(&held);
    let is_package = locations != none;
    let parent = if is_package { name } else { name.rsplit_once('.').map_or("", |(p, _)| p) };
    let attrs = [
        ("name", unicode::new_str(name)),
        ("loader", importer(space)),
        ("origin", origin_obj),
        ("loader_state", none),
        ("submodule_search_locations", locations),
        ("cached", none),
        ("parent", unicode::new_str(parent)),
        ("has_location", space.w_bool(has_location)),
        ("_initializing", space.w_bool(false)),
        ("_uninitialized_submodules", list::new_list(&[])),
    ];
    modules::new_instance(space, spec_class(space), &attrs)
}

/// CPython's `ImportError`/`ModuleNotFoundError` with its `name` and `path` attributes.
pub fn import_error(kind: ExcKind, message: &str, name: Option<&str>, path: Option<GcRef>) -> GcRef {
    let space = Space::get();
    let e = space.new_exception(kind, message);
    let _rooted = metatrace_gc::Root::new(e);
    let name = name.map_or(space.none, unicode::new_str);
    mapdict::set_attr(e, space.intern("name"), name);
    mapdict::set_attr(e, space.intern("path"), path.unwrap_or(space.none));
    mapdict::set_attr(e, space.intern("msg"), unicode::new_str(message));
    e
}

/// `'No module named ...'` as `ModuleNotFoundError`.
fn not_found(name: &str, extra: &str) -> GcRef {
    let message = format!("No module named {}{extra}", str_repr(name));
    import_error(ExcKind::ModuleNotFoundError, &message, Some(name), None)
}

/// The repr of a str.
fn str_repr(text: &str) -> String {
    repr::repr(unicode::new_str(text)).unwrap_or_else(|_| format!("'{text}'"))
}

/// A compile error as the Python exception CPython raises (`SyntaxError` and its subclasses,
/// with `msg`, `filename`, `lineno`, `offset`, `text`, `end_lineno`, `end_offset`).
pub fn compile_error(e: &CompileError) -> GcRef {
    let space = Space::get();
    let kind = ExcKind::ALL.iter().copied().find(|k| k.name() == e.kind.type_name()).unwrap_or(ExcKind::SyntaxError);
    let text = e.text.as_deref().map_or(space.none, unicode::new_str);
    let fields = [
        ("filename", unicode::new_str(&e.filename)),
        ("lineno", crate::int::heap_int(i64::from(e.line))),
        ("offset", crate::int::heap_int(i64::from(e.offset))),
        ("text", text),
        ("end_lineno", crate::int::heap_int(i64::from(e.end_line))),
        ("end_offset", crate::int::heap_int(i64::from(e.end_offset))),
    ];
    let values: Vec<GcRef> = fields.iter().map(|&(_, v)| v).collect();
    let _rooted = metatrace_gc::root_slice(&values);
    let msg = unicode::new_str(&e.msg);
    let details = W_Tuple::from_slice(&values);
    let exc = space.new_exception_args(kind, &[msg, details]);
    let _exc = metatrace_gc::Root::new(exc);
    if !kind.name().is_empty() {
        mapdict::set_attr(exc, space.intern("msg"), msg);
        for (key, value) in fields {
            mapdict::set_attr(exc, space.intern(key), value);
        }
        mapdict::set_attr(exc, space.intern("print_file_and_line"), space.none);
    }
    exc
}

/// Run `code`'s module-level code in `globals` (a dict), which is also its locals; the frame that
/// runs the import, if any ([`crate::frame::native_caller`]), is the module frame's `f_back`.
pub fn run_code(space: &'static Space, code: &'static Code, globals: GcRef) -> PyResult<GcRef> {
    crate::frame::from_native(|back| {
        with_concrete(|d| {
            let env = FrameEnv { globals, builtins: space.builtins, locals: globals, closure: GcRef::NULL, back };
            let frame = new_frame(d, code, env);
            protocol::run_frame_at(d, space, Pos { code, pc: 0 }, frame)
        })
    })
}

/// The bytes of file `file`; CPython's `OSError` if it cannot be read.
pub fn read_source(space: &'static Space, file: &Path) -> PyResult<Vec<u8>> {
    std::fs::read(file).map_err(|e| {
        let filename = file.to_string_lossy();
        let message = format!("[Errno {}] {}: {}", e.raw_os_error().unwrap_or(0), describe(&e), str_repr(&filename));
        space.new_exception(ExcKind::OSError, &message)
    })
}

/// Run the source file `file` in the namespace of module `m` (a loader's `exec_module`).
pub fn exec_file_in(space: &'static Space, file: &Path, m: GcRef) -> PyResult<()> {
    let code = compile_file(space, file)?;
    module::set(m, "__builtins__", space.builtins);
    run_code(space, code, module::dict_of(m)).map(|_| ())
}

/// Compile the source file `file` (registering its text for tracebacks).
pub fn compile_file(space: &'static Space, file: &Path) -> PyResult<&'static Code> {
    let filename = file.to_string_lossy().into_owned();
    let source = read_source(space, file)?;
    let cache = ripy_compiler::cache::cache_dir();
    let (object, warnings) = match ripy_compiler::cache::compile_module_cached(&source, &filename, cache.as_deref()) {
        Ok(compiled) => compiled,
        // An encoding the compiler does not know: decoded by the codec registry (not cached).
        Err(e) => match crate::source_compile::decode_foreign(space, &source, &e)? {
            Some(text) => {
                ripy_compiler::compile_str_with_warnings(&text, &filename, Mode::Exec).map_err(|e| compile_error(&e))?
            }
            None => return Err(compile_error(&e)),
        },
    };
    crate::source_compile::issue_warnings(space, &warnings)?;
    crate::traceback::register_source(&filename, &String::from_utf8_lossy(&source));
    Ok(Code::load(space, object))
}

/// An I/O error as CPython words it (`No such file or directory`).
pub fn describe(e: &std::io::Error) -> String {
    let text = e.to_string();
    text.split(" (os error").next().unwrap_or(&text).to_owned()
}

/// The entries of a search path (a list of str; other items are skipped, as CPython's
/// `PathFinder` does).
fn search_path(path: GcRef) -> PyResult<Vec<PathBuf>> {
    let items = objspace::to_vec(path)?;
    Ok(items
        .iter()
        .filter(|v| v.layout() == W_Str::layout())
        .map(|&v| {
            let text = unicode::to_string_lossy(v);
            PathBuf::from(if text.is_empty() { ".".to_owned() } else { text })
        })
        .collect())
}

/// Find module `name` (whose last component is `tail`) on `path` (`None`: a top-level module,
/// searched among the builtin modules, then on `sys.path`).
fn find_spec(space: &'static Space, name: &str, tail: &str, path: Option<GcRef>) -> PyResult<Option<Origin>> {
    let path = match path {
        Some(p) => p,
        None => {
            if modules::find(name).is_some() {
                return Ok(Some(Origin::BuiltIn));
            }
            module::get(sys_module(), "path").unwrap_or(space.none)
        }
    };
    if path == space.none {
        return Ok(None);
    }
    let mut portions = Vec::new();
    for dir in search_path(path)? {
        let package = dir.join(tail);
        if package.is_dir() {
            let init = package.join("__init__.py");
            if init.is_file() {
                return Ok(Some(Origin::Source { file: init, package: Some(package) }));
            }
        }
        let file = dir.join(format!("{tail}.py"));
        if file.is_file() {
            return Ok(Some(Origin::Source { file, package: None }));
        }
        if package.is_dir() {
            portions.push(std::path::absolute(&package).unwrap_or(package));
        }
    }
    Ok(if portions.is_empty() { None } else { Some(Origin::Namespace(portions)) })
}

/// ripy's finder: the spec of module `name` (absolute) on `path` (a package's `__path__`; None
/// for a top-level module), or None.
pub fn find_module_spec(space: &'static Space, name: &str, path: Option<GcRef>) -> PyResult<Option<GcRef>> {
    let tail = name.rsplit_once('.').map_or(name, |(_, tail)| tail);
    Ok(find_spec(space, name, tail, path)?.map(|origin| new_spec(space, name, &origin)))
}

/// The module `name` if it is in `sys.modules` (and not None there).
pub fn loaded_module(space: &Space, name: &str) -> Option<GcRef> {
    dict::get_str(modules_dict(), space.intern(name)).filter(|&m| m != space.none)
}

/// Make and initialize the builtin module `def`, registered in `sys.modules`.
fn load_builtin(space: &'static Space, def: &'static modules::BuiltinModule) -> PyResult<GcRef> {
    let m = module::new_module(space, space.intern(def.name));
    let _rooted = metatrace_gc::Root::new(m);
    module::set(m, "__spec__", new_spec(space, def.name, &Origin::BuiltIn));
    module::set(m, "__loader__", importer(space));
    module::set(m, "__package__", space.empty_str);
    dict::set_str(modules_dict(), space.intern(def.name), m);
    if let Err(e) = (def.init)(space, m) {
        dict::del_str(modules_dict(), space.intern(def.name));
        return Err(e);
    }
    Ok(m)
}

/// importlib's `_load_unlocked`: make the module, register it, run its code; on failure the
/// module leaves `sys.modules`. The result is what `sys.modules` holds at the end.
fn load(space: &'static Space, name: &str, origin: Origin) -> PyResult<GcRef> {
    if let Origin::BuiltIn = origin {
        return load_builtin(space, modules::find(name).expect("found as builtin"));
    }
    let key = space.intern(name);
    let spec = new_spec(space, name, &origin);
    let _spec = metatrace_gc::Root::new(spec);
    let m = module::new_module(space, key);
    let _m = metatrace_gc::Root::new(m);
    module::set(m, "__spec__", spec);
    module::set(m, "__loader__", importer(space));
    let parent = modules::attr(space, spec, "parent").unwrap_or(space.none);
    module::set(m, "__package__", parent);
    if let Some(locations) = modules::attr(space, spec, "submodule_search_locations").filter(|l| *l != space.none) {
        module::set(m, "__path__", locations);
    }
    let file = match &origin {
        Origin::Source { file, .. } => Some(file.clone()),
        _ => None,
    };
    match &file {
        Some(f) => {
            module::set(m, "__file__", path_str(f));
            module::set(m, "__cached__", space.none);
        }
        None => module::set(m, "__file__", space.none),
    }
    let initializing = space.intern("_initializing");
    mapdict::set_attr(spec, initializing, space.w_bool(true));
    dict::set_str(modules_dict(), key, m);
    let result = match &file {
        Some(f) => compile_file(space, f).and_then(|code| {
            module::set(m, "__builtins__", space.builtins);
            run_code(space, code, module::dict_of(m))
        }),
        None => Ok(space.none),
    };
    mapdict::set_attr(spec, initializing, space.w_bool(false));
    if let Err(e) = result {
        dict::del_str(modules_dict(), key);
        return Err(e);
    }
    dict::get_str(modules_dict(), key).ok_or_else(|| {
        let message = format!("{} not in sys.modules as expected", str_repr(name));
        space.new_exception(ExcKind::KeyError, &message)
    })
}

/// importlib's `_find_and_load` (and `_gcd_import`): the module `name` (absolute), imported if
/// not yet in `sys.modules`.
pub fn import_absolute(space: &'static Space, name: &str) -> PyResult<GcRef> {
    let key = space.intern(name);
    match dict::get_str(modules_dict(), key) {
        Some(m) if m == space.none => {
            let message = format!("import of {name} halted; None in sys.modules");
            return Err(import_error(ExcKind::ModuleNotFoundError, &message, Some(name), None));
        }
        Some(m) => return Ok(m),
        None => {}
    }
    let (parent, tail) = match name.rsplit_once('.') {
        Some((parent, tail)) => (Some(parent), tail),
        None => (None, name),
    };
    let mut path = None;
    if let Some(parent) = parent {
        let parent_key = space.intern(parent);
        if dict::get_str(modules_dict(), parent_key).is_none() {
            import_absolute(space, parent)?;
        }
        if let Some(m) = dict::get_str(modules_dict(), key) {
            return Ok(m);
        }
        let parent_module = dict::get_str(modules_dict(), parent_key)
            .ok_or_else(|| space.new_exception(ExcKind::KeyError, &str_repr(parent)))?;
        match objspace::getattr(parent_module, space.intern("__path__")) {
            Ok(p) => path = Some(p),
            Err(e) if crate::traceback::is_instance_of(e, ExcKind::AttributeError) => {
                return Err(not_found(name, &format!("; {} is not a package", str_repr(parent))));
            }
            Err(e) => return Err(e),
        }
    }
    let m = find_and_load(space, name, tail, path)?.ok_or_else(|| match (parent, stdlib_dir()) {
        (None, None) => not_found(name, &format!(" ({NO_STDLIB})")),
        _ => not_found(name, ""),
    })?;
    if let Some(parent) = parent {
        let _rooted = metatrace_gc::Root::new(m);
        if let Some(parent_module) = dict::get_str(modules_dict(), space.intern(parent)) {
            objspace::setattr(parent_module, space.intern(tail), m)?;
        }
    }
    Ok(m)
}

/// importlib's `_find_spec` and `_load`: ask the finders of `sys.meta_path` in turn for module
/// `name`. ripy's own finder (`_ripy_import`) answers natively and its module is loaded
/// natively; another finder's spec is loaded by importlib's own `_bootstrap._load`, so that
/// loaders written for CPython see CPython's protocol. None when no finder knows the module.
fn find_and_load(space: &'static Space, name: &str, tail: &str, path: Option<GcRef>) -> PyResult<Option<GcRef>> {
    let meta_path = module::get(sys_module(), "meta_path").unwrap_or(space.none);
    if meta_path == space.none {
        let message = "sys.meta_path is None, Python is likely shutting down";
        return Err(import_error(ExcKind::ImportError, message, None, None));
    }
    let finders = objspace::to_vec(meta_path)?;
    let _rooted = metatrace_gc::root_slice(&finders);
    for &finder in &finders {
        if finder == importer(space) {
            if let Some(origin) = find_spec(space, name, tail, path)? {
                return load(space, name, origin).map(Some);
            }
            continue;
        }
        let Ok(find) = objspace::getattr(finder, space.intern("find_spec")) else { continue };
        let args = [unicode::new_str(name), path.unwrap_or(space.none)];
        let _args = metatrace_gc::root_slice(&args);
        let spec = objspace::call(find, &args)?;
        if spec != space.none {
            let _spec = metatrace_gc::Root::new(spec);
            let bootstrap = import_absolute(space, "importlib._bootstrap")?;
            let load = objspace::getattr(bootstrap, space.intern("_load"))?;
            return objspace::call(load, &[spec]).map(Some);
        }
    }
    Ok(None)
}

/// importlib's `_calc___package__`: the package a relative import is relative to.
fn calc_package(space: &'static Space, globals: GcRef) -> PyResult<GcRef> {
    let get = |key: &str| -> PyResult<Option<GcRef>> { dict::get(globals, space.intern(key)) };
    if let Some(package) = get("__package__")?.filter(|p| *p != space.none) {
        return Ok(package);
    }
    if let Some(spec) = get("__spec__")?.filter(|s| *s != space.none) {
        return objspace::getattr(spec, space.intern("parent"));
    }
    let name = get("__name__")?.ok_or_else(|| space.new_exception(ExcKind::KeyError, "'__name__' not in globals"))?;
    if name.layout() != W_Str::layout() {
        return Err(space.new_exception(ExcKind::TypeError, "module __name__ must be a string"));
    }
    if get("__path__")?.is_some() {
        return Ok(name);
    }
    let text = unicode::to_string_lossy(name);
    Ok(unicode::new_str(text.rsplit_once('.').map_or("", |(p, _)| p)))
}

/// The absolute name of `name` imported at `level` from a module with `globals`.
fn resolve_name(space: &'static Space, name: &str, globals: GcRef, level: i64) -> PyResult<String> {
    if globals.is_null() || globals == space.none || globals.layout() != crate::dict::W_Dict::layout() {
        return Err(space.new_exception(ExcKind::KeyError, "'__name__' not in globals"));
    }
    let package = calc_package(space, globals)?;
    if package.layout() != W_Str::layout() {
        return Err(space.new_exception(ExcKind::TypeError, "package must be a string"));
    }
    let package = unicode::to_string_lossy(package);
    if package.is_empty() {
        return Err(import_error(
            ExcKind::ImportError,
            "attempted relative import with no known parent package",
            None,
            None,
        ));
    }
    let bits: Vec<&str> = package.rsplitn(level as usize, '.').collect();
    if (bits.len() as i64) < level {
        return Err(import_error(
            ExcKind::ImportError,
            "attempted relative import beyond top-level package",
            None,
            None,
        ));
    }
    let base = bits[bits.len() - 1];
    Ok(if name.is_empty() { base.to_owned() } else { format!("{base}.{name}") })
}

/// `__import__(name, globals, locals, fromlist, level)`: CPython's
/// `PyImport_ImportModuleLevelObject`.
pub fn import_module_level(
    space: &'static Space,
    name: GcRef,
    globals: GcRef,
    fromlist: GcRef,
    level: i64,
) -> PyResult<GcRef> {
    if name.layout() != W_Str::layout() {
        return Err(space.new_exception(ExcKind::TypeError, "module name must be a string"));
    }
    if level < 0 {
        return Err(space.new_exception(ExcKind::ValueError, "level must be >= 0"));
    }
    let text = unicode::to_string_lossy(name);
    let abs_name = if level > 0 {
        resolve_name(space, &text, globals, level)?
    } else {
        if text.is_empty() {
            return Err(space.new_exception(ExcKind::ValueError, "Empty module name"));
        }
        text.clone()
    };
    let m = import_absolute(space, &abs_name)?;
    let _rooted = metatrace_gc::Root::new(m);
    let has_from = !fromlist.is_null() && fromlist != space.none && objspace::truthy(fromlist)?;
    if !has_from {
        if level == 0 || !text.is_empty() {
            match text.find('.') {
                None => return Ok(m),
                Some(dot) if level == 0 => return import_absolute(space, &text[..dot]),
                Some(dot) => {
                    let cut_off = text.len() - dot;
                    let to_return = &abs_name[..abs_name.len() - cut_off];
                    return dict::get_str(modules_dict(), space.intern(to_return)).ok_or_else(|| {
                        let message = format!("{} not in sys.modules as expected", str_repr(to_return));
                        space.new_exception(ExcKind::KeyError, &message)
                    });
                }
            }
        }
        return Ok(m);
    }
    if is_package(space, m)? {
        handle_fromlist(space, m, fromlist, false)?;
    }
    Ok(m)
}

/// Whether `m` has a `__path__`.
fn is_package(space: &Space, m: GcRef) -> PyResult<bool> {
    match objspace::getattr(m, space.intern("__path__")) {
        Ok(_) => Ok(true),
        Err(e) if crate::traceback::is_instance_of(e, ExcKind::AttributeError) => Ok(false),
        Err(e) => Err(e),
    }
}

/// importlib's `_handle_fromlist`: import the submodules named in `fromlist` that are not
/// attributes of package `m` yet.
fn handle_fromlist(space: &'static Space, m: GcRef, fromlist: GcRef, recursive: bool) -> PyResult<()> {
    let names = objspace::to_vec(fromlist)?;
    for &x in names.iter() {
        if x.layout() != W_Str::layout() {
            let what = if recursive {
                let module_name = objspace::getattr(m, space.intern("__name__")).map(repr::str)??;
                format!("{module_name}.__all__")
            } else {
                "``from list''".to_owned()
            };
            let message = format!("Item in {what} must be str, not {}", space.type_name(x));
            return Err(space.new_exception(ExcKind::TypeError, &message));
        }
        if unicode::eq_text(x, "*") {
            if !recursive {
                if let Some(all) = module_attr(space, m, "__all__")? {
                    handle_fromlist(space, m, all, true)?;
                }
            }
            continue;
        }
        if module_attr(space, m, &unicode::to_string_lossy(x))?.is_some() {
            continue;
        }
        let package = objspace::getattr(m, space.intern("__name__")).map(repr::str)??;
        let from_name = format!("{package}.{}", unicode::to_string_lossy(x));
        if let Err(e) = import_absolute(space, &from_name) {
            let missing = crate::traceback::is_instance_of(e, ExcKind::ModuleNotFoundError)
                && modules::attr(space, e, "name").is_some_and(|n| unicode::eq_text(n, &from_name))
                && dict::get_str(modules_dict(), space.intern(&from_name)) != Some(space.none);
            if !missing {
                return Err(e);
            }
        }
    }
    Ok(())
}

/// `getattr(m, name, None)` distinguishing a missing attribute (`None`) from other errors.
fn module_attr(space: &Space, m: GcRef, name: &str) -> PyResult<Option<GcRef>> {
    match objspace::getattr(m, space.intern(name)) {
        Ok(v) => Ok(Some(v)),
        Err(e) if crate::traceback::is_instance_of(e, ExcKind::AttributeError) => Ok(None),
        Err(e) => Err(e),
    }
}

/// `IMPORT_NAME`: `__import__(name, globals, None, fromlist, level)`, through the builtins'
/// `__import__` when a program replaced it.
fn import_name_full(name: GcRef, fromlist: GcRef, level: GcRef, globals: GcRef, builtins: GcRef) -> PyResult<GcRef> {
    let space = Space::get();
    let hook = crate::subclass::mapping_get(builtins, space.intern("__import__"))?
        .ok_or_else(|| space.new_exception(ExcKind::ImportError, "__import__ not found"))?;
    let is_ours = hook.layout() == W_Builtin::layout()
        && crate::builtins::defs()[crate::gc::get_i64(hook, &W_Builtin::INDEX) as usize].name == "__import__";
    if !is_ours {
        return objspace::call(hook, &[name, globals, space.none, fromlist, level]);
    }
    let level = objspace::int_value(level).unwrap_or(0);
    import_module_level(space, name, globals, fromlist, level)
}

fn import_name_impl(
    name: GcRef,
    fromlist: GcRef,
    level: GcRef,
    globals: GcRef,
    builtins: GcRef,
    frame: GcRef,
) -> GcRef {
    let result = crate::frame::with_native_caller(frame, || import_name_full(name, fromlist, level, globals, builtins));
    crate::gc::keep_alive(&[frame]);
    result.unwrap_or_else(|e| {
        set_exception(e);
        GcRef::NULL
    })
}

metatrace::residual! {
    /// `IMPORT_NAME` in `frame`: the module `import name` binds (see [`import_module_level`]).
    /// `frame` escapes: it is the `f_back` of the module bodies the import runs.
    pub fn import_name(name: Ref, fromlist: Ref, level: Ref, globals: Ref, builtins: Ref, frame: Ref) -> Ref;
    effect = MayForce; can_raise = true; impl = import_name_impl;
}

/// `IMPORT_FROM`: `module.name`, else the submodule `module.__name__ + '.' + name` from
/// `sys.modules`, else CPython's `ImportError`.
pub fn import_from_full(v: GcRef, name: GcRef) -> PyResult<GcRef> {
    let space = Space::get();
    match objspace::getattr(v, name) {
        Ok(x) => return Ok(x),
        Err(e) if crate::traceback::is_instance_of(e, ExcKind::AttributeError) => {}
        Err(e) => return Err(e),
    }
    let pkgname = module_attr(space, v, "__name__")?.filter(|n| n.layout() == W_Str::layout());
    if let Some(pkg) = pkgname {
        let full = format!("{}.{}", unicode::to_string_lossy(pkg), unicode::to_string_lossy(name));
        if let Some(x) = dict::get_str(modules_dict(), space.intern(&full)) {
            return Ok(x);
        }
    }
    let name_repr = repr::repr(name)?;
    let pkg_repr = match pkgname {
        Some(p) => repr::repr(p)?,
        None => "'<unknown module name>'".to_owned(),
    };
    let pkg_text = pkgname.map(unicode::to_string_lossy);
    let file =
        if module::is_module(v) { module::get(v, "__file__").filter(|f| f.layout() == W_Str::layout()) } else { None };
    let Some(file) = file else {
        let message = format!("cannot import name {name_repr} from {pkg_repr} (unknown location)");
        return Err(import_error(ExcKind::ImportError, &message, pkg_text.as_deref(), None));
    };
    let initializing = module::get(v, "__spec__")
        .filter(|s| *s != space.none)
        .and_then(|s| objspace::getattr(s, space.intern("_initializing")).ok())
        .map(objspace::truthy)
        .transpose()?
        .unwrap_or(false);
    let path = unicode::to_string_lossy(file);
    let message = if initializing {
        format!(
            "cannot import name {name_repr} from partially initialized module {pkg_repr} (most likely due to a circular import) ({path})"
        )
    } else {
        format!("cannot import name {name_repr} from {pkg_repr} ({path})")
    };
    Err(import_error(ExcKind::ImportError, &message, pkg_text.as_deref(), Some(file)))
}

fn import_from_impl(module: GcRef, name: GcRef) -> GcRef {
    import_from_full(module, name).unwrap_or_else(|e| {
        set_exception(e);
        GcRef::NULL
    })
}

metatrace::residual! {
    /// `IMPORT_FROM`: see [`import_from_full`].
    pub fn import_from(module: Ref, name: Ref) -> Ref;
    effect = Plain; can_raise = true; impl = import_from_impl;
}

/// `IMPORT_STAR`: bind the public names of `v` (its `__all__`, else its names not starting with
/// `_`) in `locals`.
pub fn import_star_full(v: GcRef, locals: GcRef) -> PyResult<()> {
    let space = Space::get();
    let (names, from_dict) = match module_attr(space, v, "__all__")? {
        Some(all) => (objspace::to_vec(all)?, false),
        None => {
            let namespace = module_attr(space, v, "__dict__")?.ok_or_else(|| {
                space.new_exception(ExcKind::ImportError, "from-import-* object has no __dict__ and no __all__")
            })?;
            (objspace::to_vec(namespace)?, true)
        }
    };
    for &name in names.iter() {
        if name.layout() != W_Str::layout() {
            let module_name = module_attr(space, v, "__name__")?.map(repr::str).transpose()?.unwrap_or_default();
            let message = if from_dict {
                format!("Key in {module_name}.__dict__ must be str, not {}", space.type_name(name))
            } else {
                format!("Item in {module_name}.__all__ must be str, not {}", space.type_name(name))
            };
            return Err(space.new_exception(ExcKind::TypeError, &message));
        }
        if from_dict && unicode::to_string_lossy(name).starts_with('_') {
            continue;
        }
        let value = objspace::getattr(v, name)?;
        if locals.layout() == crate::dict::W_Dict::layout() {
            dict::set(locals, name, value)?;
        } else {
            crate::objspace::setitem(locals, name, value)?;
        }
    }
    Ok(())
}

fn import_star_impl(module: GcRef, locals: GcRef) {
    if let Err(e) = import_star_full(module, locals) {
        set_exception(e);
    }
}

metatrace::residual! {
    /// `IMPORT_STAR`: see [`import_star_full`].
    pub fn import_star(module: Ref, locals: Ref) -> Void;
    effect = Plain; can_raise = true; impl = import_star_impl;
}

/// The builtin `__import__(name, globals=None, locals=None, fromlist=(), level=0)`.
pub fn builtin_import(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let params = ["name", "globals", "locals", "fromlist", "level"];
    let mut values = [GcRef::NULL; 5];
    if args.positional.len() > params.len() {
        let message = format!("__import__() takes at most 5 arguments ({} given)", args.positional.len());
        return Err(space.new_exception(ExcKind::TypeError, &message));
    }
    values[..args.positional.len()].copy_from_slice(&args.positional);
    for &(key, value) in &args.keywords {
        let text = unicode::to_string_lossy(key);
        let Some(i) = params.iter().position(|p| *p == text) else {
            let message = format!("__import__() got an unexpected keyword argument '{text}'");
            return Err(space.new_exception(ExcKind::TypeError, &message));
        };
        if !values[i].is_null() {
            let message = format!("argument for __import__() given by name ('{text}') and position ({})", i + 1);
            return Err(space.new_exception(ExcKind::TypeError, &message));
        }
        values[i] = value;
    }
    let [name, globals, _locals, fromlist, level] = values;
    if name.is_null() {
        return Err(space.new_exception(ExcKind::TypeError, "__import__() missing required argument 'name' (pos 1)"));
    }
    let level = if level.is_null() {
        0
    } else {
        objspace::index_value(
            level,
            &format!("'{}' object cannot be interpreted as an integer", space.type_name(level)),
        )?
    };
    import_module_level(space, name, globals, fromlist, level)
}

/// How `-m name` runs a module: the source file of module `name` (a package runs its
/// `__main__` submodule) and the full name of the module that file holds, after importing its
/// parent packages. `Err` holds CPython's message.
pub fn find_main_module(space: &'static Space, name: &str) -> Result<(PathBuf, String), String> {
    let fail = |e: GcRef| crate::traceback::exception_line(e);
    let (parent, tail) = match name.rsplit_once('.') {
        Some((parent, tail)) => (Some(parent), tail),
        None => (None, name),
    };
    let path = match parent {
        Some(p) => {
            let m = import_absolute(space, p).map_err(fail)?;
            Some(objspace::getattr(m, space.intern("__path__")).map_err(|_| {
                format!("Error while finding module specification for {} (ModuleNotFoundError: __path__ attribute not found on {} while trying to find {})", str_repr(name), str_repr(p), str_repr(name))
            })?)
        }
        None => None,
    };
    match find_spec(space, name, tail, path).map_err(fail)? {
        Some(Origin::Source { file, package: None }) => Ok((file, name.to_owned())),
        Some(Origin::Source { package: Some(_), .. }) | Some(Origin::Namespace(_)) => {
            let main = format!("{name}.__main__");
            import_absolute(space, name).map_err(fail)?;
            find_main_module(space, &main).map_err(|_| {
                format!("No module named {main}; {} is a package and cannot be directly executed", str_repr(name))
            })
        }
        Some(Origin::BuiltIn) => Err(format!("No code object available for {name}")),
        None => Err(format!("No module named {name}")),
    }
}

/// What a failed import says when no standard library was found.
const NO_STDLIB: &str = "ripy found no Python 3.11 standard library: install CPython 3.11's library \
(e.g. `apt-get install libpython3.11-stdlib`) or set RIPY_STDLIB to its directory";

/// The directory of CPython 3.11's standard library (looked for once): `RIPY_STDLIB` (if it holds
/// `os.py`), else the first of the usual places that holds `os.py`.
pub fn stdlib_dir() -> Option<PathBuf> {
    static DIR: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    DIR.get_or_init(find_stdlib_dir).clone()
}

fn find_stdlib_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("RIPY_STDLIB") {
        return Some(PathBuf::from(dir)).filter(|dir| dir.join("os.py").is_file());
    }
    let mut candidates = vec![PathBuf::from("/usr/lib/python3.11"), PathBuf::from("/usr/local/lib/python3.11")];
    if let Some(home) = std::env::var_os("HOME") {
        let versions = Path::new(&home).join(".pyenv/versions");
        if let Ok(entries) = std::fs::read_dir(&versions) {
            let mut found: Vec<PathBuf> = entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("3.11")))
                .map(|p| p.join("lib/python3.11"))
                .collect();
            found.sort();
            candidates.extend(found);
        }
    }
    candidates.into_iter().find(|dir| dir.join("os.py").is_file())
}

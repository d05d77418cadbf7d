//! The builtin modules written in Rust (the part of the standard library with no pure-Python
//! fallback), and their registry.
//!
//! Each submodule is one module: a [`BuiltinModule`] (its name and the function that fills a
//! fresh module object) and, for its functions, a `DEFS` table of [`BuiltinDef`]s with owner
//! [`Owner::Native`]. The tables are numbered together with the builtins' (see
//! [`crate::builtins::defs`]), so a module's functions are ordinary [`W_Builtin`]s; an `init`
//! puts them in the module with [`add_functions`]. The import system
//! ([`crate::import`]) finds builtin modules here before it looks at `sys.path`.

use crate::builtins::{defs, BuiltinDef, NativeFn, Owner};
use crate::dict;
use crate::exceptions::ExcKind;
use crate::function::{self, Args};
use crate::mapdict;
use crate::mapdict::W_Instance;
use crate::module;
use crate::space::{PyResult, Space};
use crate::typeobject::{self, InstanceLayout};
use crate::unicode::{self, W_Str};
use metatrace_gc::{GcObject, GcRef};

pub mod array;
pub mod ast;
pub mod atexit;
pub mod errno;
pub mod frozen;
pub mod functools;
pub mod gc;
pub mod importer;
pub mod io;
pub mod json;
pub mod libm;
pub mod math;
pub mod namespace;
pub mod operator;
pub mod oscall;
pub mod posix;
pub mod posixsubprocess;
pub mod pymods;
pub mod random;
pub mod ripybin;
pub mod select;
pub mod signal;
pub mod sockcall;
pub mod socket;
pub mod sre;
pub mod sre_engine;
pub mod structmod;
pub mod sys;
pub mod thread;
pub mod time;
pub mod unicodedata;
pub mod weakref;

/// A builtin module: its name and how to fill it.
pub struct BuiltinModule {
    /// The module's name (`sys`, `math`, ...).
    pub name: &'static str,
    /// Fills the fresh module object (its `__name__` is already set).
    pub init: fn(&'static Space, GcRef) -> PyResult<()>,
}

/// Every builtin module, by name.
pub static MODULES: &[BuiltinModule] = &[
    sys::MODULE,
    importer::IMP,
    importer::RIPY_IMPORT,
    frozen::WARNINGS,
    frozen::MARSHAL,
    frozen::LONGRANGE,
    errno::MODULE,
    io::MODULE,
    math::MODULE,
    posix::MODULE,
    time::MODULE,
    frozen::ITERTOOLS,
    frozen::STRING,
    weakref::MODULE,
    gc::MODULE,
    thread::MODULE,
    frozen::COLLECTIONS,
    atexit::MODULE,
    random::MODULE,
    frozen::GENERIC,
    structmod::MODULE,
    ripybin::MODULE,
    frozen::MD5,
    frozen::SHA1,
    frozen::SHA256,
    frozen::SHA512,
    frozen::SHA3,
    frozen::BLAKE2,
    frozen::BINASCII,
    frozen::BISECT,
    frozen::ZLIB,
    signal::MODULE,
    select::MODULE,
    posixsubprocess::MODULE,
    pymods::ABC,
    pymods::CONTEXTVARS,
    pymods::FAULTHANDLER,
    pymods::CODECS,
    pymods::PWD,
    pymods::GRP,
    pymods::TESTINTERNALCAPI,
    json::MODULE,
    functools::MODULE,
    sre::MODULE,
    sre::SRE,
    unicodedata::MODULE,
    unicodedata::UNICODEDATA,
    ast::MODULE,
    socket::MODULE,
    array::MODULE,
    operator::MODULE,
];

/// The function tables of the builtin modules, numbered after the builtins' own.
pub static TABLES: &[&[BuiltinDef]] = &[
    IMPORT_BUILTINS,
    importer::DEFS,
    sys::DEFS,
    sys::STREAM_METHODS,
    math::DEFS,
    time::DEFS,
    posix::DEFS,
    weakref::DEFS,
    gc::DEFS,
    thread::DEFS,
    atexit::DEFS,
    structmod::DEFS,
    ripybin::DEFS,
    signal::DEFS,
    select::DEFS,
    posixsubprocess::DEFS,
    sre::DEFS,
    unicodedata::DEFS,
    crate::codec::DEFS,
    socket::DEFS,
    namespace::DEFS,
    json::DEFS,
    functools::DEFS,
    operator::DEFS,
    random::DEFS,
];

/// The builtins that belong to the import system and to files.
static IMPORT_BUILTINS: &[BuiltinDef] = &[
    BuiltinDef { name: "__import__", owner: Owner::Module, func: crate::import::builtin_import, frame: true },
    BuiltinDef { name: "open", owner: Owner::Module, func: io::open, frame: false },
];

/// Run Python `source` (embedded in the binary) as the body of module `m`.
pub fn exec_source(space: &'static Space, m: GcRef, filename: &str, source: &str) -> PyResult<()> {
    let object = ripy_compiler::compile(source.as_bytes(), filename, ripy_compiler::Mode::Exec)
        .map_err(|e| crate::import::compile_error(&e))?;
    crate::traceback::register_source(filename, source);
    let code = crate::code::Code::load(space, object);
    module::set(m, "__builtins__", space.builtins);
    crate::import::run_code(space, code, module::dict_of(m)).map(|_| ())
}

/// The builtin module named `name`.
pub fn find(name: &str) -> Option<&'static BuiltinModule> {
    MODULES.iter().find(|m| m.name == name)
}

/// A function of module (or class) `owner`, installed by its module's `init`.
pub const fn native(owner: &'static str, name: &'static str, func: NativeFn) -> BuiltinDef {
    BuiltinDef { name, owner: Owner::Native(owner), func, frame: false }
}

/// Put a function object for every definition owned by `owner` (see [`native`]) into
/// `namespace` (a dict).
pub fn add_functions(space: &Space, namespace: GcRef, owner: &str) {
    for (index, def) in defs().iter().enumerate() {
        if matches!(def.owner, Owner::Native(o) if o == owner) {
            dict::set_str(namespace, space.intern(def.name), function::new_builtin(index, GcRef::NULL));
        }
    }
}

/// A new class named `name` in module `module_name` whose instances are plain objects with
/// attributes; its methods are the definitions owned by `module_name.name`.
pub fn new_class(space: &Space, module_name: &str, name: &str) -> GcRef {
    let namespace = dict::new();
    let _rooted = metatrace_gc::Root::new(namespace);
    add_functions(space, namespace, &format!("{module_name}.{name}"));
    dict::set_str(namespace, space.intern("__module__"), space.intern(module_name));
    let ty = typeobject::alloc_type(
        space.type_type,
        unicode::new_str(name),
        &[space.object_type],
        space.object_type,
        namespace,
        typeobject::flags::HEAPTYPE,
        InstanceLayout::Instance,
    )
    .unwrap_or_else(|_| unreachable!("a class with the single base object linearizes"));
    metatrace_gc::Root::new(ty).leak();
    ty
}

/// A new instance of `cls` (made by [`new_class`]) with the attributes `attrs`.
pub fn new_instance(space: &Space, cls: GcRef, attrs: &[(&str, GcRef)]) -> GcRef {
    let values: Vec<GcRef> = attrs.iter().map(|&(_, v)| v).collect();
    let _rooted = metatrace_gc::root_slice(&values);
    let obj = mapdict::new_object(W_Instance::layout(), cls);
    let _obj = metatrace_gc::Root::new(obj);
    for &(key, value) in attrs {
        mapdict::set_attr(obj, space.intern(key), value);
    }
    obj
}

/// A list of strs of `items`.
pub fn str_list(items: &[String]) -> GcRef {
    let keep = metatrace_gc::RootSet::new();
    let values: Vec<GcRef> = items.iter().map(|t| keep.add(unicode::new_str(t))).collect();
    crate::list::new_list(&values)
}

/// The `types.SimpleNamespace`-like class of the records builtin modules expose
/// (`sys.implementation`, `sys.flags`, ...).
pub fn namespace_class(space: &Space) -> GcRef {
    crate::interp_local! {
        static CLASS: std::cell::Cell<GcRef> = const { std::cell::Cell::new(GcRef::NULL) };
    }
    CLASS.with(|c| {
        if c.get().is_null() {
            let class = new_class(space, "types", "SimpleNamespace");
            let flags = crate::gc::get_i64(class, &typeobject::W_Type::FLAGS) | typeobject::flags::BASETYPE;
            crate::gc::set_i64(class, &typeobject::W_Type::FLAGS, flags);
            c.set(class);
        }
        c.get()
    })
}

/// A record with the attributes `attrs` (see [`namespace_class`]).
pub fn record(space: &Space, attrs: &[(&str, GcRef)]) -> GcRef {
    new_instance(space, namespace_class(space), attrs)
}

/// The value of instance attribute `name` of `obj`.
pub fn attr(space: &Space, obj: GcRef, name: &str) -> Option<GcRef> {
    mapdict::instance_fields(obj.layout())?;
    mapdict::get_attr(obj, space.intern(name))
}

/// The one argument of a module function `name` taking exactly one.
pub fn one_arg(space: &Space, name: &str, args: &Args) -> PyResult<GcRef> {
    let [v] = exact_args::<1>(space, name, args)?;
    Ok(v)
}

/// The `N` positional arguments of a module function that takes exactly `N` and no keywords.
pub fn exact_args<const N: usize>(space: &Space, name: &str, args: &Args) -> PyResult<[GcRef; N]> {
    no_keywords(space, name, args)?;
    <[GcRef; N]>::try_from(args.positional.as_slice()).map_err(|_| {
        let n = args.positional.len();
        let message = match N {
            0 => format!("{name}() takes no arguments ({n} given)"),
            1 => format!("{name}() takes exactly one argument ({n} given)"),
            _ => format!("{name} expected {N} arguments, got {n}"),
        };
        space.new_exception(ExcKind::TypeError, &message)
    })
}

/// Between `min` and `max` positional arguments and no keywords.
pub fn arg_range<'a>(space: &Space, name: &str, args: &'a Args, min: usize, max: usize) -> PyResult<&'a [GcRef]> {
    no_keywords(space, name, args)?;
    let n = args.positional.len();
    if n < min {
        let s = if min == 1 { "" } else { "s" };
        return Err(
            space.new_exception(ExcKind::TypeError, &format!("{name} expected at least {min} argument{s}, got {n}"))
        );
    }
    if n > max {
        let s = if max == 1 { "" } else { "s" };
        return Err(
            space.new_exception(ExcKind::TypeError, &format!("{name} expected at most {max} argument{s}, got {n}"))
        );
    }
    Ok(&args.positional)
}

/// `TypeError` when keywords were given.
pub fn no_keywords(space: &Space, name: &str, args: &Args) -> PyResult<()> {
    if args.keywords.is_empty() {
        Ok(())
    } else {
        Err(space.new_exception(ExcKind::TypeError, &format!("{name}() takes no keyword arguments")))
    }
}

/// The text of a str argument, or CPython's `TypeError` (`what must be str, not int`).
pub fn str_arg(space: &Space, v: GcRef, what: &str) -> PyResult<String> {
    if v.layout() == W_Str::layout() || typeobject::is_subtype(space.type_of(v), space.str_type) {
        Ok(unicode::to_string_lossy(v))
    } else {
        Err(space.new_exception(ExcKind::TypeError, &format!("{what} must be str, not {}", space.type_name(v))))
    }
}

/// The module object `m`'s namespace, for `init` functions.
pub fn namespace(m: GcRef) -> GcRef {
    module::dict_of(m)
}

/// The `OSError` subclass CPython raises for error number `errno`.
fn os_error_kind(errno: i64) -> ExcKind {
    match errno {
        2 => ExcKind::FileNotFoundError,
        17 => ExcKind::FileExistsError,
        21 => ExcKind::IsADirectoryError,
        20 => ExcKind::NotADirectoryError,
        1 | 13 => ExcKind::PermissionError,
        11 | 114 | 115 => ExcKind::BlockingIOError,
        10 => ExcKind::ChildProcessError,
        32 | 108 => ExcKind::BrokenPipeError,
        103 => ExcKind::ConnectionAbortedError,
        111 => ExcKind::ConnectionRefusedError,
        104 => ExcKind::ConnectionResetError,
        4 => ExcKind::InterruptedError,
        3 => ExcKind::ProcessLookupError,
        110 => ExcKind::TimeoutError,
        _ => ExcKind::OSError,
    }
}

/// `cls(*args)` for `OSError` and its subclasses, as CPython's `OSError.__new__`: with 2 to 5
/// arguments, `errno`, `strerror`, `filename` and `filename2` are set from them (and `args` is
/// `(errno, strerror)` when there is a file name); `OSError` itself becomes the subclass for the
/// error number.
pub fn new_os_error(space: &Space, cls: GcRef, args: &[GcRef]) -> GcRef {
    // The file names are stored after allocations; the caller may hold them only on the heap.
    let _rooted = metatrace_gc::root_slice(args);
    let os_error = space.exception_type(ExcKind::OSError);
    let with_fields = (2..=5).contains(&args.len());
    let cls = match (with_fields, crate::objspace::int_value(args.first().copied().unwrap_or(space.none))) {
        (true, Some(errno)) if cls == os_error => space.exception_type(os_error_kind(errno)),
        _ => cls,
    };
    let at = |i: usize| if with_fields { args.get(i).copied().unwrap_or(space.none) } else { space.none };
    // A `BlockingIOError`'s third argument may be the number of characters written instead of
    // a file name; only a file name is dropped from `args`.
    let written = cls == space.exception_type(ExcKind::BlockingIOError) && crate::bigint::to_ibig(at(2)).is_some();
    let filename = if written { space.none } else { at(2) };
    let filename2 = if filename == space.none { space.none } else { at(4) };
    let exc = space.new_exception_of_type(cls, if filename != space.none { &args[..2] } else { args });
    let _exc = metatrace_gc::Root::new(exc);
    for (key, value) in [("errno", at(0)), ("strerror", at(1)), ("filename", filename), ("filename2", filename2)] {
        mapdict::set_attr(exc, space.intern(key), value);
    }
    if written {
        mapdict::set_attr(exc, space.intern("characters_written"), at(2));
    }
    exc
}

/// CPython's `OSError` (or the subclass for its error number) for an I/O error, with `errno`,
/// `strerror` and `filename` (null: none) set: `[Errno 2] No such file or directory: 'x'`.
pub fn os_error(space: &Space, e: &std::io::Error, filename: GcRef) -> GcRef {
    let errno = i64::from(e.raw_os_error().unwrap_or(0));
    let strerror = unicode::new_str(&crate::import::describe(e));
    let _strerror = metatrace_gc::Root::new(strerror);
    let code = crate::int::heap_int(errno);
    let _code = metatrace_gc::Root::new(code);
    let exc = space.new_exception_args(os_error_kind(errno), &[code, strerror]);
    let _exc = metatrace_gc::Root::new(exc);
    let filename = if filename.is_null() { space.none } else { filename };
    for (key, value) in [("errno", code), ("strerror", strerror), ("filename", filename), ("filename2", space.none)] {
        mapdict::set_attr(exc, space.intern(key), value);
    }
    exc
}

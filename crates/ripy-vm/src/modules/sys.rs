//! The `sys` module: the interpreter's configuration (`argv`, `path`, `version`, limits, ...),
//! `sys.modules`, the standard streams, and `print`'s output path.
//!
//! The standard streams are instances of a small text-file class (`_io.TextIOWrapper` by name)
//! writing to file descriptors 1 and 2 and reading from 0; `print` writes to them directly and
//! calls `write` on any other file object, one call per piece as CPython does. A stream is a
//! context manager (leaving the block closes it: it is marked closed, its descriptor stays open)
//! and an iterator over its lines; after `close()` its methods and `print` raise CPython's
//! `ValueError: I/O operation on closed file.`. The command
//! line sets `argv` and the script's directory with [`configure`] before the first import.

use super::{arg_range, exact_args, new_class, new_instance, no_keywords, one_arg, record};
use crate::builtins::BuiltinDef;
use crate::dict;
use crate::exceptions::ExcKind;
use crate::float::heap_float;
use crate::frame::W_ExecState;
use crate::function::Args;
use crate::gc;
use crate::import;
use crate::int::heap_int;
use crate::list;
use crate::mapdict;
use crate::module;
use crate::objspace;
use crate::space::{PyResult, Space};
use crate::tuple::W_Tuple;
use crate::unicode::{self, W_Str};
use metatrace_gc::{GcObject, GcRef};
use std::cell::{Cell, RefCell};
use std::io::{BufRead, Read, Write};

/// The module.
pub const MODULE: super::BuiltinModule = super::BuiltinModule { name: "sys", init };

/// What the command line tells `sys`.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// `sys.argv`.
    pub argv: Vec<String>,
    /// `sys.path[0]`: the script's directory, `''` for `-c` and `-m` (then the current directory).
    pub path0: Option<String>,
    /// The interpreter options given before the program.
    pub options: Options,
}

/// The interpreter options of the command line (CPython's `-E`, `-I`, `-W`, `-X`, ...).
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `sys.flags` fields set by options (by name), over their defaults.
    pub flags: Vec<(&'static str, i64)>,
    /// `sys.warnoptions`: the `-W` options, in order.
    pub warnoptions: Vec<String>,
    /// The `-X` options (`name` or `name=value`), in order: `sys._xoptions`.
    pub xoptions: Vec<String>,
    /// `sys.orig_argv`: the whole command line (empty: the same as `argv`).
    pub orig_argv: Vec<String>,
}

impl Options {
    /// The value an option gave flag `name`, if any.
    pub fn flag(&self, name: &str) -> Option<i64> {
        self.flags.iter().rev().find(|(n, _)| *n == name).map(|&(_, v)| v)
    }
}

crate::interp_local! {
    static CONFIG: RefCell<Config> = RefCell::new(Config::default());
    /// The class of the standard streams.
    static STREAM_CLASS: Cell<GcRef> = const { Cell::new(GcRef::NULL) };
}

/// Whether the interpreter runs in development mode (`-X dev`: `sys.flags.dev_mode`).
pub fn dev_mode() -> bool {
    CONFIG.with(|c| c.borrow().options.flag("dev_mode").unwrap_or(0) != 0)
}

/// Set what `sys` reports about the command line (before the first import on this thread).
pub fn configure(config: Config) {
    CONFIG.with(|c| *c.borrow_mut() = config);
}

/// The functions of `sys`.
pub static DEFS: &[BuiltinDef] = &[
    super::native("sys", "exit", exit),
    super::native("sys", "getrecursionlimit", getrecursionlimit),
    super::native("sys", "setrecursionlimit", setrecursionlimit),
    super::native("sys", "gettrace", gettrace),
    super::native("sys", "settrace", settrace),
    super::native("sys", "getprofile", getprofile),
    super::native("sys", "setprofile", setprofile),
    super::native("sys", "exc_info", exc_info),
    super::native("sys", "exception", exception),
    super::native("sys", "intern", intern),
    super::native("sys", "getsizeof", getsizeof),
    super::native("sys", "getdefaultencoding", getdefaultencoding),
    super::native("sys", "getfilesystemencoding", getfilesystemencoding),
    super::native("sys", "getfilesystemencodeerrors", getfilesystemencodeerrors),
    super::native("sys", "get_int_max_str_digits", get_int_max_str_digits),
    super::native("sys", "set_int_max_str_digits", set_int_max_str_digits),
    super::native("sys", "getrefcount", getrefcount),
    super::native("sys", "_getframe", crate::frame::getframe).with_frame(),
    super::native("sys", "_current_frames", current_frames).with_frame(),
    super::native("sys", "_current_exceptions", current_exceptions),
    super::native("sys", "is_finalizing", is_finalizing),
    super::native("sys", "excepthook", excepthook),
    super::native("sys", "displayhook", displayhook),
    super::native("sys", "unraisablehook", unraisablehook),
    super::native("sys", "audit", audit),
    super::native("sys", "getswitchinterval", getswitchinterval),
    super::native("sys", "setswitchinterval", setswitchinterval),
    super::native("sys", "addaudithook", addaudithook),
];

/// The methods of the standard streams' class.
pub static STREAM_METHODS: &[BuiltinDef] = &[
    super::native("_io.TextIOWrapper", "write", stream_write),
    super::native("_io.TextIOWrapper", "flush", stream_flush),
    super::native("_io.TextIOWrapper", "fileno", stream_fileno),
    super::native("_io.TextIOWrapper", "isatty", stream_isatty),
    super::native("_io.TextIOWrapper", "readable", stream_readable),
    super::native("_io.TextIOWrapper", "writable", stream_writable),
    super::native("_io.TextIOWrapper", "seekable", stream_false),
    super::native("_io.TextIOWrapper", "readline", stream_readline),
    super::native("_io.TextIOWrapper", "read", stream_read),
    super::native("_io.TextIOWrapper", "close", stream_close),
    super::native("_io.TextIOWrapper", "__enter__", stream_enter),
    super::native("_io.TextIOWrapper", "__exit__", stream_exit),
    super::native("_io.TextIOWrapper", "__iter__", stream_enter),
    super::native("_io.TextIOWrapper", "__next__", stream_next),
    super::native("_io.TextIOWrapper", "__getattr__", stream_getattr),
];

/// The version CPython's `sys.version_info` would report.
const VERSION: (i64, i64, i64) = (3, 11, 0);

fn init(space: &'static Space, m: GcRef) -> PyResult<()> {
    let ns = super::namespace(m);
    super::add_functions(space, ns, "sys");
    for hook in ["excepthook", "displayhook", "unraisablehook"] {
        if let Some(f) = dict::get_str(ns, space.intern(hook)) {
            dict::set_str(ns, space.intern(&format!("__{hook}__")), f);
        }
    }
    let set = |key: &str, value: GcRef| dict::set_str(ns, space.intern(key), value);
    let s = unicode::new_str;
    let config = CONFIG.with(|c| c.borrow().clone());

    let argv = if config.argv.is_empty() { vec![String::new()] } else { config.argv.clone() };
    set("argv", super::str_list(&argv));
    let orig_argv = if config.options.orig_argv.is_empty() { &argv } else { &config.options.orig_argv };
    set("orig_argv", super::str_list(orig_argv));

    let options = &config.options;
    let mut path: Vec<String> = Vec::new();
    if options.flag("safe_path").unwrap_or(0) == 0 {
        path.push(config.path0.clone().unwrap_or_default());
    }
    let pythonpath =
        if options.flag("ignore_environment").unwrap_or(0) != 0 { None } else { std::env::var_os("PYTHONPATH") };
    if let Some(extra) = pythonpath {
        path.extend(std::env::split_paths(&extra).map(|p| p.to_string_lossy().into_owned()).filter(|p| !p.is_empty()));
    }
    if let Some(stdlib) = import::stdlib_dir() {
        path.push(stdlib.to_string_lossy().into_owned());
    }
    set("path", super::str_list(&path));
    set("modules", import::modules_dict());
    set("meta_path", list::new_list(&[]));
    set("path_hooks", list::new_list(&[]));
    set("path_importer_cache", dict::new());
    set("builtin_module_names", builtin_module_names(space));
    set("stdlib_module_names", stdlib_module_names(space)?);

    for (fd, name) in [(0, "stdin"), (1, "stdout"), (2, "stderr")] {
        let stream = new_stream(space, fd, name, options);
        set(name, stream);
        set(&format!("__{name}__"), stream);
    }

    set("maxsize", heap_int(i64::MAX));
    set("maxunicode", heap_int(0x10FFFF));
    set("byteorder", s(if cfg!(target_endian = "little") { "little" } else { "big" }));
    let (major, minor, micro) = VERSION;
    set("version", s(&format!("{major}.{minor}.{micro} (ripy, metatrace JIT) [rustc]")));
    set("hexversion", heap_int((major << 24) | (minor << 16) | (micro << 8) | 0xF0));
    set("api_version", heap_int(1013));
    let version_info =
        W_Tuple::from_slice(&[heap_int(major), heap_int(minor), heap_int(micro), s("final"), heap_int(0)]);
    set("version_info", version_info);
    let cache_tag = s("ripy-311");
    let implementation = record(
        space,
        &[
            ("name", s("ripy")),
            ("cache_tag", cache_tag),
            ("version", version_info),
            ("hexversion", heap_int((major << 24) | (minor << 16) | (micro << 8) | 0xF0)),
            ("_multiarch", s("x86_64-linux-gnu")),
        ],
    );
    set("implementation", implementation);
    set("platform", s(std::env::consts::OS));
    let executable = std::env::current_exe().map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
    set("executable", s(&executable));
    set("_base_executable", s(&executable));
    for key in ["prefix", "base_prefix", "exec_prefix", "base_exec_prefix"] {
        set(key, s("/usr"));
    }
    set("platlibdir", s("lib"));
    set("abiflags", s(""));
    let stdlib = import::stdlib_dir().map_or(space.none, |dir| s(&dir.to_string_lossy()));
    set("_stdlib_dir", stdlib);
    set("pycache_prefix", space.none);
    set("dont_write_bytecode", space.w_bool(true));
    let dev_mode = options.flag("dev_mode").unwrap_or(0) != 0;
    let bytes_warning = match options.flag("bytes_warning").unwrap_or(0) {
        0 => None,
        1 => Some("default::BytesWarning".to_owned()),
        _ => Some("error::BytesWarning".to_owned()),
    };
    let warnoptions: Vec<String> = dev_mode
        .then(|| "default".to_owned())
        .into_iter()
        .chain(options.warnoptions.iter().cloned())
        .chain(bytes_warning)
        .collect();
    set("warnoptions", super::str_list(&warnoptions));
    let xoptions = dict::new();
    set("_xoptions", xoptions);
    for option in &options.xoptions {
        let (key, value) = match option.split_once('=') {
            Some((key, value)) => (key, s(value)),
            None => (option.as_str(), space.w_bool(true)),
        };
        dict::set_str(xoptions, space.intern(key), value);
    }
    set("float_repr_style", s("short"));
    set("copyright", s("Copyright (c) the ripy authors; Python is Copyright (c) Python Software Foundation."));
    let flag_names = [
        "debug",
        "inspect",
        "interactive",
        "optimize",
        "dont_write_bytecode",
        "no_user_site",
        "no_site",
        "ignore_environment",
        "verbose",
        "bytes_warning",
        "quiet",
        "hash_randomization",
        "isolated",
        "dev_mode",
        "utf8_mode",
        "warn_default_encoding",
        "safe_path",
        "int_max_str_digits",
    ];
    let keep = metatrace_gc::RootSet::new();
    let flag_values: Vec<(&str, GcRef)> = flag_names
        .iter()
        .map(|&n| {
            let v = match (n, options.flag(n)) {
                ("dev_mode" | "safe_path", given) => space.w_bool(given.unwrap_or(0) != 0),
                (_, Some(given)) => heap_int(given),
                ("dont_write_bytecode" | "no_site" | "hash_randomization", None) => heap_int(1),
                ("int_max_str_digits", None) => heap_int(-1),
                _ => heap_int(0),
            };
            (n, keep.add(v))
        })
        .collect();
    set("flags", record(space, &flag_values));
    set(
        "float_info",
        record(
            space,
            &[
                ("max", heap_float(f64::MAX)),
                ("max_exp", heap_int(f64::MAX_EXP as i64)),
                ("max_10_exp", heap_int(f64::MAX_10_EXP as i64)),
                ("min", heap_float(f64::MIN_POSITIVE)),
                ("min_exp", heap_int(f64::MIN_EXP as i64)),
                ("min_10_exp", heap_int(f64::MIN_10_EXP as i64)),
                ("dig", heap_int(f64::DIGITS as i64)),
                ("mant_dig", heap_int(f64::MANTISSA_DIGITS as i64)),
                ("epsilon", heap_float(f64::EPSILON)),
                ("radix", heap_int(2)),
                ("rounds", heap_int(1)),
            ],
        ),
    );
    set(
        "int_info",
        record(
            space,
            &[
                ("bits_per_digit", heap_int(30)),
                ("sizeof_digit", heap_int(4)),
                ("default_max_str_digits", heap_int(4300)),
                ("str_digits_check_threshold", heap_int(640)),
            ],
        ),
    );
    set(
        "hash_info",
        record(
            space,
            &[
                ("width", heap_int(64)),
                ("modulus", heap_int((1 << 61) - 1)),
                ("inf", heap_int(314159)),
                ("nan", heap_int(0)),
                ("imag", heap_int(1000003)),
                ("algorithm", s("siphash13")),
                ("hash_bits", heap_int(64)),
                ("seed_bits", heap_int(128)),
                ("cutoff", heap_int(0)),
            ],
        ),
    );
    Ok(())
}

/// The part of `sys`'s initialization that imports other modules (`sys.py`: the struct
/// sequences), run once the import system works.
pub fn finish_init(space: &'static Space) -> PyResult<()> {
    super::exec_source(space, import::sys_module(), "<frozen sys>", include_str!("sys.py"))
}

/// `sys.builtin_module_names`: a sorted tuple.
fn builtin_module_names(space: &Space) -> GcRef {
    let mut names: Vec<&str> = super::MODULES.iter().map(|m| m.name).chain(["builtins"]).collect();
    names.sort_unstable();
    let items: Vec<GcRef> = names.iter().map(|n| space.intern(n)).collect();
    W_Tuple::from_slice(&items)
}

/// `sys.stdlib_module_names`: the builtin modules and the top-level modules and packages of the
/// standard library's directory (its extension modules included).
fn stdlib_module_names(space: &Space) -> PyResult<GcRef> {
    let mut names: Vec<String> =
        super::MODULES.iter().map(|m| m.name.to_owned()).chain(["builtins".to_owned()]).collect();
    if let Some(dir) = import::stdlib_dir() {
        let listing = |dir: &std::path::Path| -> Vec<std::path::PathBuf> {
            std::fs::read_dir(dir).map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default()
        };
        for path in listing(&dir).into_iter().chain(listing(&dir.join("lib-dynload"))) {
            let Some(file) = path.file_name().and_then(|f| f.to_str()) else { continue };
            let name = if path.join("__init__.py").is_file() {
                Some(file)
            } else if let Some(stem) = file.strip_suffix(".py") {
                Some(stem)
            } else if file.ends_with(".so") {
                file.split('.').next()
            } else {
                None
            };
            if let Some(name) = name.filter(|n| !n.is_empty() && n.chars().all(|c| c.is_alphanumeric() || c == '_')) {
                names.push(name.to_owned());
            }
        }
    }
    names.sort_unstable();
    names.dedup();
    let items: Vec<GcRef> = names.iter().map(|n| space.intern(n)).collect();
    crate::set::new_frozenset(&items)
}

/// `sys.getswitchinterval()`: the GIL's switch interval in seconds.
fn getswitchinterval(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "sys.getswitchinterval", args)?;
    Ok(heap_float(crate::threadstate::switch_interval().as_secs_f64()))
}

/// `sys.setswitchinterval(interval)`: set the GIL's switch interval, a positive number of seconds.
fn setswitchinterval(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let interval = super::math::float_arg(space, one_arg(space, "sys.setswitchinterval", args)?)?;
    if !(interval > 0.0) {
        return Err(space.new_exception(ExcKind::ValueError, "switch interval must be strictly positive"));
    }
    let interval = std::time::Duration::try_from_secs_f64(interval).unwrap_or(std::time::Duration::MAX);
    crate::threadstate::set_switch_interval(interval);
    Ok(space.none)
}

/// The class of the standard streams.
fn stream_class(space: &Space) -> GcRef {
    STREAM_CLASS.with(|c| {
        if c.get().is_null() {
            c.set(new_class(space, "_io", "TextIOWrapper"));
        }
        c.get()
    })
}

/// A standard stream on file descriptor `fd`.
fn new_stream(space: &Space, fd: i64, name: &str, options: &Options) -> GcRef {
    let s = unicode::new_str;
    let (encoding, errors) = stdio_encoding(options);
    let attrs = [
        ("name", s(&format!("<{name}>"))),
        ("mode", s(if fd == 0 { "r" } else { "w" })),
        ("encoding", s(&encoding)),
        ("errors", s(if fd == 2 { "backslashreplace" } else { &errors })),
        ("line_buffering", space.w_bool(false)),
        ("closed", space.w_bool(false)),
        ("_fd", heap_int(fd)),
    ];
    new_instance(space, stream_class(space), &attrs)
}

/// The encoding of the standard streams and the error handler of standard input and output
/// (standard error's is always `backslashreplace`), as CPython's `config_init_stdio_encoding`
/// chooses them: `PYTHONIOENCODING` (`encoding[:errors]`, unless `-E`), else UTF-8, and
/// `surrogateescape` in UTF-8 mode and in the C and POSIX locales and their UTF-8 variants.
fn stdio_encoding(options: &Options) -> (String, String) {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let locale = env("LC_ALL").or_else(|| env("LC_CTYPE")).or_else(|| env("LANG")).unwrap_or_else(|| "C".to_owned());
    let legacy = ["C", "POSIX", "C.UTF-8", "C.utf8", "UTF-8"].contains(&locale.as_str());
    let default_errors =
        if legacy || options.flag("utf8_mode").unwrap_or(0) > 0 { "surrogateescape" } else { "strict" };
    let (mut encoding, mut errors) = ("utf-8".to_owned(), default_errors.to_owned());
    let io_encoding = if options.flag("ignore_environment").unwrap_or(0) != 0 { None } else { env("PYTHONIOENCODING") };
    if let Some(setting) = io_encoding {
        let (enc, errs) = setting.split_once(':').unwrap_or((&setting, ""));
        if !enc.is_empty() {
            encoding = enc.to_owned();
        }
        if !errs.is_empty() {
            errors = errs.to_owned();
        } else if !enc.is_empty() {
            errors = "strict".to_owned();
        }
    }
    (encoding, errors)
}

/// The bytes a standard stream writes for the text whose WTF-8 form is `wtf8`: that form when
/// the stream's encoding is UTF-8 and the text has no lone surrogates, else
/// `text.encode(encoding, errors)` with the stream's `encoding` and `errors` (a
/// `UnicodeEncodeError` as CPython's).
fn stream_bytes(space: &Space, stream: GcRef, wtf8: Vec<u8>) -> PyResult<Vec<u8>> {
    let attr = |name: &str| mapdict::get_attr(stream, space.intern(name)).unwrap_or(space.none);
    let (encoding, errors) = (attr("encoding"), attr("errors"));
    let utf8 = encoding.layout() == W_Str::layout()
        && matches!(
            unicode::to_string_lossy(encoding).to_ascii_lowercase().replace('_', "-").as_str(),
            "utf-8" | "utf8"
        );
    if utf8 && std::str::from_utf8(&wtf8).is_ok() {
        return Ok(wtf8);
    }
    let encode = objspace::getattr(unicode::from_wtf8(&wtf8), space.intern("encode"))?;
    let encoded = objspace::call(encode, &[encoding, errors])?;
    if encoded.layout() != crate::bytes::W_Bytes::layout() {
        let message = format!(
            "'{}' encoder returned '{}' instead of 'bytes'",
            unicode::to_string_lossy(encoding),
            space.type_name(encoded)
        );
        return Err(space.new_exception(ExcKind::TypeError, &message));
    }
    Ok(crate::bytes::data(encoded))
}

/// The file descriptor of a standard stream object (`None` for other objects).
fn stream_fd(space: &Space, obj: GcRef) -> Option<i64> {
    if mapdict::instance_fields(obj.layout()).is_none() || space.type_of(obj) != stream_class(space) {
        return None;
    }
    mapdict::get_attr(obj, space.intern("_fd")).and_then(objspace::int_value)
}

/// Whether the standard stream `obj` was closed (`close()`, or leaving a `with` block).
fn stream_closed(space: &Space, obj: GcRef) -> bool {
    mapdict::get_attr(obj, space.intern("closed")).is_some_and(|v| v == space.w_bool(true))
}

/// The error of an operation on a closed stream.
fn closed_error(space: &Space) -> GcRef {
    space.new_exception(ExcKind::ValueError, "I/O operation on closed file.")
}

/// The stream and descriptor a stream method was called on (`ValueError` when the stream is
/// closed, except for `close` itself).
fn stream_self(space: &Space, name: &str, args: &Args) -> PyResult<(i64, Vec<GcRef>)> {
    no_keywords(space, name, args)?;
    let (&obj, rest) = args.positional.split_first().ok_or_else(|| {
        space.new_exception(
            ExcKind::TypeError,
            &format!("descriptor '{name}' of '_io.TextIOWrapper' object needs an argument"),
        )
    })?;
    let fd = stream_fd(space, obj).ok_or_else(|| {
        let message = format!(
            "descriptor '{name}' requires a '_io.TextIOWrapper' object but received a '{}'",
            space.type_name(obj)
        );
        space.new_exception(ExcKind::TypeError, &message)
    })?;
    if name != "close" && stream_closed(space, obj) {
        return Err(closed_error(space));
    }
    Ok((fd, rest.to_vec()))
}

/// The `OSError` (subclass for its error number: `BrokenPipeError`...) of a failed stream call.
fn os_error(space: &Space, e: &std::io::Error) -> GcRef {
    super::os_error(space, e, GcRef::NULL)
}

/// Write `text` to descriptor `fd` (1: standard output, else standard error).
fn write_fd(space: &Space, fd: i64, text: &[u8]) -> PyResult<()> {
    let written = match fd {
        1 => std::io::stdout().write_all(text),
        2 => std::io::stderr().write_all(text),
        _ => return Err(space.new_exception(ExcKind::OSError, "not writable")),
    };
    written.map_err(|e| os_error(space, &e))
}

fn flush_fd(space: &Space, fd: i64) -> PyResult<()> {
    let flushed = match fd {
        1 => std::io::stdout().flush(),
        2 => std::io::stderr().flush(),
        _ => Ok(()),
    };
    flushed.map_err(|e| os_error(space, &e))
}

fn stream_write(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (fd, rest) = stream_self(space, "write", args)?;
    let [text] = rest[..] else {
        let message = format!("TextIOWrapper.write() takes exactly one argument ({} given)", rest.len());
        return Err(space.new_exception(ExcKind::TypeError, &message));
    };
    if text.layout() != W_Str::layout() {
        let message = format!("write() argument must be str, not {}", space.type_name(text));
        return Err(space.new_exception(ExcKind::TypeError, &message));
    }
    if fd == 0 {
        return Err(space.new_exception(ExcKind::OSError, "not writable"));
    }
    write_fd(space, fd, &stream_bytes(space, args.positional[0], unicode::wtf8(text))?)?;
    Ok(heap_int(unicode::char_len(text) as i64))
}

fn stream_flush(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (fd, _) = stream_self(space, "flush", args)?;
    flush_fd(space, fd)?;
    Ok(space.none)
}

fn stream_fileno(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (fd, _) = stream_self(space, "fileno", args)?;
    Ok(heap_int(fd))
}

fn stream_isatty(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    use std::io::IsTerminal;
    let (fd, _) = stream_self(space, "isatty", args)?;
    let tty = match fd {
        0 => std::io::stdin().is_terminal(),
        1 => std::io::stdout().is_terminal(),
        _ => std::io::stderr().is_terminal(),
    };
    Ok(space.w_bool(tty))
}

fn stream_readable(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (fd, _) = stream_self(space, "readable", args)?;
    Ok(space.w_bool(fd == 0))
}

fn stream_writable(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (fd, _) = stream_self(space, "writable", args)?;
    Ok(space.w_bool(fd != 0))
}

fn stream_false(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    stream_self(space, "seekable", args)?;
    Ok(space.w_bool(false))
}

/// `close()`: flushes an output stream and marks the stream closed (its descriptor stays open,
/// as CPython's standard streams do not own theirs).
fn stream_close(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (fd, _) = stream_self(space, "close", args)?;
    let obj = args.positional[0];
    if !stream_closed(space, obj) {
        mapdict::set_attr(obj, space.intern("closed"), space.w_bool(true));
        flush_fd(space, fd)?;
    }
    Ok(space.none)
}

/// `__enter__()` and `__iter__()`: the stream itself.
fn stream_enter(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    stream_self(space, "__enter__", args)?;
    Ok(args.positional[0])
}

/// `__exit__(*exc_info)`: closes the stream.
fn stream_exit(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let obj = args.positional.first().copied().unwrap_or(space.none);
    stream_close(space, &Args::positional(&[obj]))
}

/// `__next__()`: the next line of standard input; `StopIteration` at its end.
fn stream_next(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let line = stream_readline(space, args)?;
    if unicode::char_len(line) == 0 {
        return Err(space.new_exception_args(ExcKind::StopIteration, &[]));
    }
    Ok(line)
}

/// `__getattr__(name)`: `buffer`, the binary stream under the text stream, made on first use
/// (`_io.open(fd, 'rb' or 'wb', closefd=False)`) and kept as an attribute; `AttributeError`
/// for other names.
fn stream_getattr(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [obj, name] = exact_args(space, "__getattr__", args)?;
    let Some(fd) = stream_fd(space, obj).filter(|_| unicode::eq_text(name, "buffer")) else {
        let message = format!("'_io.TextIOWrapper' object has no attribute '{}'", unicode::to_string_lossy(name));
        return Err(space.new_exception(ExcKind::AttributeError, &message));
    };
    let io = import::import_absolute(space, "_io")?;
    let open = objspace::getattr(io, space.intern("open"))?;
    let mode = unicode::new_str(if fd == 0 { "rb" } else { "wb" });
    let none = space.none;
    let buffer = objspace::call(open, &[heap_int(fd), mode, heap_int(-1), none, none, none, space.w_bool(false)])?;
    mapdict::set_attr(obj, space.intern("buffer"), buffer);
    Ok(buffer)
}

fn not_readable(space: &Space) -> GcRef {
    space.new_exception(ExcKind::OSError, "not readable")
}

fn stream_readline(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (fd, _) = stream_self(space, "readline", args)?;
    if fd != 0 {
        return Err(not_readable(space));
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|e| os_error(space, &e))?;
    Ok(unicode::new_str(&line))
}

fn stream_read(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (fd, _) = stream_self(space, "read", args)?;
    if fd != 0 {
        return Err(not_readable(space));
    }
    let mut text = String::new();
    std::io::stdin().lock().read_to_string(&mut text).map_err(|e| os_error(space, &e))?;
    Ok(unicode::new_str(&text))
}

/// Write `text` (a str) and a newline to `sys.stderr`, as CPython reports the message of an
/// uncaught `SystemExit` (to Rust's standard error when `sys.stderr` is missing or fails).
pub fn print_to_stderr(text: GcRef) {
    let space = Space::get();
    if let Ok(Some(stderr)) = std_stream(space, true) {
        let written = objspace::getattr(stderr, space.intern("write")).and_then(|write| {
            objspace::call(write, &[text])?;
            objspace::call(write, &[unicode::new_str("\n")])
        });
        if written.is_ok() {
            if let Ok(flush) = objspace::getattr(stderr, space.intern("flush")) {
                let _ = objspace::call(flush, &[]);
            }
            return;
        }
    }
    eprintln!("{}", unicode::to_string_lossy(text));
}

/// `sys.stdout` (or `sys.stderr` when `err`): `None` when it was set to None, `RuntimeError`
/// when deleted.
pub fn std_stream(space: &Space, err: bool) -> PyResult<Option<GcRef>> {
    let name = if err { "stderr" } else { "stdout" };
    match module::get(import::sys_module(), name) {
        Some(v) if v == space.none => Ok(None),
        Some(v) => Ok(Some(v)),
        None => Err(space.new_exception(ExcKind::RuntimeError, &format!("lost sys.{name}"))),
    }
}

/// `print(*values, sep=sep, end=end, file=file, flush=flush)` once the separators are known:
/// `file` null or None means `sys.stdout`.
pub fn print(space: &'static Space, values: &[GcRef], sep: &str, end: &str, file: GcRef, flush: bool) -> PyResult<()> {
    let file = if file.is_null() || file == space.none {
        match std_stream(space, false)? {
            Some(f) => f,
            None => return Ok(()),
        }
    } else {
        file
    };
    let _rooted = metatrace_gc::Root::new(file);
    if let Some(fd) = stream_fd(space, file).filter(|&fd| fd != 0) {
        if stream_closed(space, file) {
            return Err(closed_error(space));
        }
        let mut out = Vec::new();
        for (i, &v) in values.iter().enumerate() {
            if i > 0 {
                out.extend_from_slice(sep.as_bytes());
            }
            out.extend_from_slice(&unicode::wtf8(objspace::str_obj(v)?));
        }
        out.extend_from_slice(end.as_bytes());
        write_fd(space, fd, &stream_bytes(space, file, out)?)?;
        if flush {
            flush_fd(space, fd)?;
        }
        return Ok(());
    }
    let write = objspace::getattr(file, space.intern("write"))?;
    let _write = metatrace_gc::Root::new(write);
    for (i, &v) in values.iter().enumerate() {
        if i > 0 {
            objspace::call(write, &[unicode::new_str(sep)])?;
        }
        let text = objspace::str_obj(v)?;
        objspace::call(write, &[text])?;
    }
    objspace::call(write, &[unicode::new_str(end)])?;
    if flush {
        let f = objspace::getattr(file, space.intern("flush"))?;
        objspace::call(f, &[])?;
    }
    Ok(())
}

/// Flush `sys.stdout` and `sys.stderr` (at exit), ignoring errors as CPython's shutdown does
/// not report them for missing streams.
pub fn flush_std_streams() -> PyResult<()> {
    let space = Space::get();
    for err in [false, true] {
        if let Some(stream) = std_stream(space, err).ok().flatten() {
            match stream_fd(space, stream) {
                Some(_) if stream_closed(space, stream) => {}
                Some(fd) => flush_fd(space, fd)?,
                None => {
                    let flush = objspace::getattr(stream, space.intern("flush"))?;
                    objspace::call(flush, &[])?;
                }
            }
        }
    }
    Ok(())
}

fn exit(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let values = arg_range(space, "exit", args, 0, 1)?;
    // As CPython raises `SystemExit` with the status as its exception value: None means no
    // arguments, a tuple is the arguments.
    let values: Vec<GcRef> = match values {
        [status] if *status == space.none => Vec::new(),
        [status] if status.layout() == W_Tuple::layout() => W_Tuple::items(*status).to_vec(),
        _ => values.to_vec(),
    };
    Err(space.new_exception_args(ExcKind::SystemExit, &values))
}

fn getrecursionlimit(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "sys.getrecursionlimit", args)?;
    Ok(heap_int(gc::get_i64(space.exec_state, &W_ExecState::LIMIT)))
}

/// `sys.gettrace()`: ripy runs no trace functions, so `None`.
fn gettrace(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "sys.gettrace", args)?;
    Ok(space.none)
}

/// `sys.getprofile()`: ripy runs no profile functions, so `None`.
fn getprofile(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "sys.getprofile", args)?;
    Ok(space.none)
}

/// `sys.settrace(None)` keeps tracing off; a trace function is refused, since ripy cannot call it.
fn settrace(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    set_hook(space, "settrace", args)
}

/// `sys.setprofile`, as `settrace`.
fn setprofile(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    set_hook(space, "setprofile", args)
}

fn set_hook(space: &'static Space, name: &str, args: &Args) -> PyResult<GcRef> {
    let hook = one_arg(space, &format!("sys.{name}"), args)?;
    if hook != space.none {
        let message = format!("sys.{name}: ripy does not run trace or profile functions");
        return Err(space.new_exception(ExcKind::NotImplementedError, &message));
    }
    Ok(space.none)
}

fn setrecursionlimit(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let v = one_arg(space, "sys.setrecursionlimit", args)?;
    if v.layout() == crate::float::W_Float::layout() {
        return Err(space.new_exception(ExcKind::TypeError, "'float' object cannot be interpreted as an integer"));
    }
    let limit =
        objspace::index_value(v, &format!("'{}' object cannot be interpreted as an integer", space.type_name(v)))?;
    if limit < 1 {
        return Err(space.new_exception(ExcKind::ValueError, "recursion limit must be greater or equal than 1"));
    }
    let depth = gc::get_i64(space.exec_state, &W_ExecState::DEPTH);
    if limit <= depth {
        let message =
            format!("cannot set the recursion limit to {limit} at the recursion depth {depth}: the limit is too low");
        return Err(space.new_exception(ExcKind::RecursionError, &message));
    }
    gc::set_i64(space.exec_state, &W_ExecState::LIMIT, limit);
    Ok(space.none)
}

/// The exception being handled, or None.
fn handled(space: &Space) -> GcRef {
    let exc = gc::get_ref(space.exec_state, &W_ExecState::HANDLED);
    if exc.is_null() {
        space.none
    } else {
        exc
    }
}

fn exc_info(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "sys.exc_info", args)?;
    exc_info_of(space, handled(space))
}

/// The `(type, value, traceback)` triple of `exc` (None: three Nones).
fn exc_info_of(space: &Space, exc: GcRef) -> PyResult<GcRef> {
    if exc == space.none {
        return Ok(W_Tuple::from_slice(&[space.none, space.none, space.none]));
    }
    let tb = objspace::getattr(exc, space.intern("__traceback__"))?;
    Ok(W_Tuple::from_slice(&[space.type_of(exc), exc, tb]))
}

/// `sys.is_finalizing()`: true while the `__del__` methods of the interpreter's finalization run.
fn is_finalizing(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "sys.is_finalizing", args)?;
    Ok(space.w_bool(super::gc::is_finalizing()))
}

/// `sys._current_frames()`: each thread's identifier and its innermost frame known: the caller's
/// for this thread, the frame of the builtin call it waits in for a thread waiting without the
/// GIL (a lock's `acquire`).
fn current_frames(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "sys._current_frames", args)?;
    let frames = dict::new();
    let _rooted = metatrace_gc::Root::new(frames);
    let caller = crate::frame::native_caller();
    crate::frame::mark_escaped(caller);
    dict::set(frames, heap_int(super::thread::ident()), caller)?;
    for thread in crate::threadstate::waiting_threads() {
        if !thread.frame.is_null() {
            dict::set(frames, heap_int(thread.ident), thread.frame)?;
        }
    }
    Ok(frames)
}

/// `sys._current_exceptions()`: each thread's identifier and the `sys.exc_info()` of the
/// exception it handles (this thread and the threads waiting without the GIL).
fn current_exceptions(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "sys._current_exceptions", args)?;
    let exceptions = dict::new();
    let _rooted = metatrace_gc::Root::new(exceptions);
    dict::set(exceptions, heap_int(super::thread::ident()), exc_info_of(space, handled(space))?)?;
    for thread in crate::threadstate::waiting_threads() {
        let exc = if thread.handled.is_null() { space.none } else { thread.handled };
        dict::set(exceptions, heap_int(thread.ident), exc_info_of(space, exc)?)?;
    }
    Ok(exceptions)
}

fn exception(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "sys.exception", args)?;
    Ok(handled(space))
}

fn intern(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let v = one_arg(space, "sys.intern", args)?;
    if v.layout() != W_Str::layout() {
        let message = format!("intern() argument must be str, not {}", space.type_name(v));
        return Err(space.new_exception(ExcKind::TypeError, &message));
    }
    Ok(space.intern_str(v))
}

/// `sys.getsizeof`: CPython's sizes for the common builtin objects (64-bit), an estimate from
/// the layout otherwise.
fn getsizeof(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let v = arg_range(space, "getsizeof", args, 1, 2)?[0];
    let layout = v.layout();
    let size = if layout == W_Str::layout() {
        let chars = unicode::chars(v);
        let max = chars.iter().copied().max().unwrap_or(0);
        // CPython's compact strings: the struct (48 bytes for ASCII text, 72 otherwise), then
        // the code units and a terminating one.
        let (header, width) = match max {
            0..=0x7F => (48, 1),
            0x80..=0xFF => (72, 1),
            0x100..=0xFFFF => (72, 2),
            _ => (72, 4),
        };
        header + width * (chars.len() as i64 + 1)
    } else if layout == W_Tuple::layout() {
        40 + 8 * W_Tuple::items(v).len() as i64
    } else if layout == crate::list::W_List::layout() {
        56 + 8 * crate::list::items(v).len() as i64
    } else if layout == crate::int::W_Int::layout() {
        let n = objspace::int_value(v).unwrap_or(0).unsigned_abs();
        let digits = (64 - i64::from(n.leading_zeros()) + 29) / 30;
        24 + 4 * digits.max(1)
    } else if layout == crate::float::W_Float::layout() {
        24
    } else if layout == crate::int::W_Bool::layout() {
        28
    } else if layout == crate::dict::W_Dict::layout() {
        64 + if dict::len(v) == 0 { 0 } else { 168 }
    } else {
        16 + 8 * (layout.size as i64 / 8)
    };
    Ok(heap_int(size))
}

fn getdefaultencoding(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "sys.getdefaultencoding", args)?;
    Ok(space.intern("utf-8"))
}

fn getfilesystemencoding(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "sys.getfilesystemencoding", args)?;
    Ok(space.intern("utf-8"))
}

fn getfilesystemencodeerrors(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "sys.getfilesystemencodeerrors", args)?;
    Ok(space.intern("surrogateescape"))
}

fn get_int_max_str_digits(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "sys.get_int_max_str_digits", args)?;
    Ok(heap_int(space.int_max_str_digits.get()))
}

fn set_int_max_str_digits(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let v = match (&args.positional[..], &args.keywords[..]) {
        ([v], []) => *v,
        ([], [(k, v)]) if unicode::eq_text(*k, "maxdigits") => *v,
        _ => {
            return Err(space
                .new_exception(ExcKind::TypeError, "set_int_max_str_digits() takes exactly one argument (maxdigits)"))
        }
    };
    let n = objspace::index_value(v, &format!("'{}' object cannot be interpreted as an integer", space.type_name(v)))?;
    if n != 0 && n < 640 {
        return Err(space.new_exception(ExcKind::ValueError, "maxdigits must be 0 or larger than 640"));
    }
    space.int_max_str_digits.set(n);
    ripy_compiler::constants::set_int_literal_digit_limit(n as usize);
    Ok(space.none)
}

fn getrefcount(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    one_arg(space, "sys.getrefcount", args)?;
    Ok(heap_int(2))
}

/// Replace `sys.argv` (the command line's `-m` sets `argv[0]` once it has found the module).
pub fn set_argv(argv: &[String]) {
    module::set(import::sys_module(), "argv", super::str_list(argv));
}

/// `sys.excepthook(type, value, traceback)`: CPython's report of an uncaught exception.
fn excepthook(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [_, value, _] = exact_args::<3>(space, "excepthook", args)?;
    let text = if value.layout() == crate::exceptions::W_Exception::layout() {
        crate::traceback::format_exception(value)
    } else {
        format!("TypeError: print_exception(): Exception expected for value, {} found\n", space.type_name(value))
    };
    match std_stream(space, true) {
        Ok(Some(stderr)) => {
            let write = objspace::getattr(stderr, space.intern("write"))?;
            objspace::call(write, &[unicode::new_str(&text)])?;
            if let Ok(flush) = objspace::getattr(stderr, space.intern("flush")) {
                let _ = objspace::call(flush, &[]);
            }
        }
        _ => {
            let _ = std::io::stdout().flush();
            eprint!("{text}");
        }
    }
    Ok(space.none)
}

fn displayhook(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let value = one_arg(space, "displayhook", args)?;
    display(space, value)?;
    Ok(space.none)
}

/// CPython's `sys.displayhook(value)`: unless `value` is None, write its repr and a newline to
/// `sys.stdout` and keep it in `builtins._`.
pub fn display(space: &'static Space, value: GcRef) -> PyResult<()> {
    if value == space.none {
        return Ok(());
    }
    let underscore = space.intern("_");
    dict::set_str(space.builtins, underscore, space.none);
    let Some(stdout) = std_stream(space, false)? else {
        return Err(space.new_exception(ExcKind::RuntimeError, "lost sys.stdout"));
    };
    let text = objspace::repr(value)?;
    print(space, &[unicode::new_str(&text)], "", "\n", stdout, false)?;
    dict::set_str(space.builtins, underscore, value);
    Ok(())
}

/// Show the value of an expression statement of interactive code (`PRINT_EXPR`) by calling
/// `sys.displayhook`.
pub fn print_expr(space: &'static Space, value: GcRef) -> PyResult<()> {
    let Some(hook) = module::get(import::sys_module(), "displayhook") else {
        return Err(space.new_exception(ExcKind::RuntimeError, "lost sys.displayhook"));
    };
    objspace::call(hook, &[value]).map(drop)
}

/// Report an uncaught exception through `sys.excepthook` (CPython's own report when the hook is
/// the original or is missing; if the hook fails, both reports as CPython gives them).
pub fn report_uncaught(exc: GcRef) {
    let space = Space::get();
    let hook = module::get(import::sys_module(), "excepthook");
    let original = module::get(import::sys_module(), "__excepthook__");
    match hook {
        Some(hook) if Some(hook) != original => {
            let tb = objspace::getattr(exc, space.intern("__traceback__")).unwrap_or(space.none);
            if let Err(e) = objspace::call(hook, &[space.type_of(exc), exc, tb]) {
                eprint!("Error in sys.excepthook:\n{}", crate::traceback::format_exception(e));
                eprint!("\nOriginal exception was:\n{}", crate::traceback::format_exception(exc));
            }
        }
        _ => eprint!("{}", crate::traceback::format_exception(exc)),
    }
}

crate::interp_local! {
    /// The class of the argument of `sys.unraisablehook` (made on first use).
    static UNRAISABLE_ARGS: Cell<GcRef> = const { Cell::new(GcRef::NULL) };
}

/// CPython's `UnraisableHookArgs`: the class of what `sys.unraisablehook` is called with.
fn unraisable_args_class(space: &Space) -> GcRef {
    UNRAISABLE_ARGS.with(|c| {
        if c.get().is_null() {
            c.set(new_class(space, "builtins", "UnraisableHookArgs"));
        }
        c.get()
    })
}

/// Report `exc`, an exception that cannot propagate (raised by a `__del__` method, a weak
/// reference callback, an exit function...), as CPython's `_PyErr_WriteUnraisableMsg`: call
/// `sys.unraisablehook` with an `UnraisableHookArgs` naming `err_msg` (None for the default
/// "Exception ignored in") and `obj` (the object concerned, or null); when the hook is missing or
/// None, or fails, write the report itself (the hook's own error in place of `exc`).
pub fn report_unraisable(exc: GcRef, err_msg: Option<&str>, obj: GcRef) {
    let space = Space::get();
    let make = |exc: GcRef, err_msg: Option<&str>, obj: GcRef| {
        let keep = metatrace_gc::RootSet::new();
        let tb = objspace::getattr(exc, space.intern("__traceback__")).unwrap_or(space.none);
        let attrs = [
            ("exc_type", space.type_of(exc)),
            ("exc_value", exc),
            ("exc_traceback", keep.add(tb)),
            ("err_msg", keep.add(err_msg.map_or(space.none, unicode::new_str))),
            ("object", if obj.is_null() { space.none } else { obj }),
        ];
        new_instance(space, unraisable_args_class(space), &attrs)
    };
    let mut args = make(exc, err_msg, obj);
    let _args = metatrace_gc::Root::new(args);
    if let Some(hook) = module::get(import::sys_module(), "unraisablehook").filter(|&h| h != space.none) {
        match objspace::call(hook, &[args]) {
            Ok(_) => return,
            Err(e) => args = make(e, Some("Exception ignored in sys.unraisablehook"), hook),
        }
    }
    let _args = metatrace_gc::Root::new(args);
    if write_unraisable(space, args).is_err() {
        let _ = std::io::stdout().flush();
        eprint!("{}", unraisable_text(space, args));
    }
}

/// `sys.unraisablehook(unraisable)`: CPython's default report of an exception that could not
/// be raised, written to `sys.stderr`.
fn unraisablehook(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let arg = one_arg(space, "unraisablehook", args)?;
    if space.type_of(arg) != unraisable_args_class(space) {
        let message = "sys.unraisablehook argument type must be UnraisableHookArgs";
        return Err(space.new_exception(ExcKind::TypeError, message));
    }
    write_unraisable(space, arg)?;
    Ok(space.none)
}

/// Write the report of `UnraisableHookArgs` `args` to `sys.stderr` (nothing when it is None).
fn write_unraisable(space: &'static Space, args: GcRef) -> PyResult<()> {
    let Some(stderr) = std_stream(space, true)? else { return Ok(()) };
    let _stderr = metatrace_gc::Root::new(stderr);
    let text = unicode::new_str(&unraisable_text(space, args));
    let write = objspace::getattr(stderr, space.intern("write"))?;
    objspace::call(write, &[text])?;
    if let Ok(flush) = objspace::getattr(stderr, space.intern("flush")) {
        objspace::call(flush, &[])?;
    }
    Ok(())
}

/// The text of the report of `UnraisableHookArgs` `args` (CPython's
/// `write_unraisable_exc_file`): `err_msg: repr(object)` (or `Exception ignored in: ...`), the
/// traceback, `Type: str(exc_value)`.
fn unraisable_text(space: &Space, args: GcRef) -> String {
    let field = |name: &str| super::attr(space, args, name).unwrap_or(space.none);
    let (exc_type, exc_value, tb, err_msg, obj) =
        (field("exc_type"), field("exc_value"), field("exc_traceback"), field("err_msg"), field("object"));
    let err_msg = (err_msg != space.none).then(|| objspace::str_obj(err_msg).map(unicode::to_string_lossy));
    let mut out = String::new();
    if obj != space.none {
        match err_msg {
            Some(Ok(m)) => out.push_str(&format!("{m}: ")),
            _ => out.push_str("Exception ignored in: "),
        }
        out.push_str(&objspace::repr(obj).unwrap_or_else(|_| "<object repr() failed>".to_owned()));
        out.push('\n');
    } else if let Some(Ok(m)) = err_msg {
        out.push_str(&format!("{m}:\n"));
    }
    if tb.layout() == crate::traceback::W_Traceback::layout() {
        out.push_str(&crate::traceback::format_tb(tb));
    }
    if exc_type == space.none {
        return out;
    }
    if exc_type.layout() == crate::typeobject::W_Type::layout() {
        out.push_str(&crate::traceback::type_display_name(exc_type));
    } else {
        out.push_str("<unknown>");
    }
    if exc_value != space.none {
        out.push_str(": ");
        match objspace::str_obj(exc_value) {
            Ok(text) => out.push_str(&unicode::to_string_lossy(text)),
            Err(_) => out.push_str("<exception str() failed>"),
        }
    }
    out.push('\n');
    out
}

crate::interp_local! {
    /// The hooks `sys.addaudithook` added (a list, made on first use and rooted for good).
    static AUDIT_HOOKS: std::cell::Cell<GcRef> = const { std::cell::Cell::new(GcRef::NULL) };
}

/// The list of audit hooks.
fn audit_hooks() -> GcRef {
    AUDIT_HOOKS.with(|h| {
        if h.get().is_null() {
            let list = crate::list::new_list(&[]);
            metatrace_gc::Root::new(list).leak();
            h.set(list);
        }
        h.get()
    })
}

/// `sys.audit(event, *args)`: call every audit hook with `(event, args)`.
fn audit(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    super::no_keywords(space, "audit", args)?;
    let Some((&event, rest)) = args.positional.split_first() else {
        return Err(space.new_exception(ExcKind::TypeError, "audit() missing 1 required positional argument: 'event'"));
    };
    if event.layout() != W_Str::layout() {
        let message = format!("expected str for argument 'event', not {}", space.type_name(event));
        return Err(space.new_exception(ExcKind::TypeError, &message));
    }
    let hooks = crate::list::items(audit_hooks());
    if hooks.is_empty() {
        return Ok(space.none);
    }
    let rest = crate::tuple::W_Tuple::from_slice(rest);
    let _rest = metatrace_gc::Root::new(rest);
    for &hook in hooks.iter() {
        objspace::call(hook, &[event, rest])?;
    }
    Ok(space.none)
}

/// `sys.addaudithook(hook)`.
fn addaudithook(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let hook = super::one_arg(space, "addaudithook", args)?;
    crate::list::append(audit_hooks(), hook);
    Ok(space.none)
}

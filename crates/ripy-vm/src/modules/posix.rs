//! The `posix` module (what `os` is built on): the environment, the current directory, paths
//! (`stat`, `listdir`, `mkdir`, `unlink`, `rename`, ...), file descriptors (`open`, `read`,
//! `write`, `close`, `lseek`, `isatty`), the process (`getpid`, `_exit`, `urandom`, ...), and the
//! constants `os` expects.
//!
//! File descriptors are real descriptors: `open` keeps the opened `std::fs::File` in a table
//! by its descriptor (0, 1 and 2 are the standard streams), so no `unsafe` is needed to use them.
//! Errors are CPython's `OSError` subclasses with `errno`, `strerror` and `filename`.

use super::{arg_range, exact_args, one_arg, os_error, record};
use crate::builtins::BuiltinDef;
use crate::bytes::{self, W_Bytes};
use crate::dict;
use crate::exceptions::ExcKind;
use crate::float::heap_float;
use crate::function::Args;
use crate::int::heap_int;
use crate::objspace;
use crate::space::{PyResult, Space};
use crate::unicode::{self, W_Str};
use metatrace_gc::{GcObject, GcRef};
use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::OsString;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::os::unix::io::AsRawFd;
use std::path::PathBuf;

/// The module.
pub const MODULE: super::BuiltinModule = super::BuiltinModule { name: "posix", init };

const fn def(name: &'static str, func: crate::builtins::NativeFn) -> BuiltinDef {
    super::native("posix", name, func)
}

/// The functions of `posix`.
pub static DEFS: &[BuiltinDef] = &[
    def("getcwd", getcwd),
    def("getcwdb", getcwdb),
    def("chdir", chdir),
    def("fspath", fspath),
    def("listdir", listdir),
    def("stat", stat),
    def("lstat", lstat),
    def("fstat", fstat),
    def("mkdir", mkdir),
    def("rmdir", rmdir),
    def("unlink", unlink),
    def("remove", unlink),
    def("rename", rename),
    def("replace", rename),
    def("access", access),
    def("chmod", chmod),
    def("readlink", readlink),
    def("symlink", symlink),
    def("open", open),
    def("read", read),
    def("write", write),
    def("close", close),
    def("lseek", lseek),
    def("isatty", isatty),
    def("getpid", getpid),
    def("getppid", getppid),
    def("getuid", getuid),
    def("geteuid", getuid),
    def("getgid", getgid),
    def("getegid", getgid),
    def("strerror", strerror),
    def("_exit", exit),
    def("urandom", urandom),
    def("cpu_count", cpu_count),
    def("umask", umask),
    def("get_terminal_size", get_terminal_size),
    def("putenv", putenv),
    def("unsetenv", unsetenv),
];

/// Integer constants of `posix` (Linux values).
const CONSTANTS: &[(&str, i64)] = &[
    ("F_OK", 0),
    ("R_OK", 4),
    ("W_OK", 2),
    ("X_OK", 1),
    ("O_RDONLY", 0),
    ("O_WRONLY", 1),
    ("O_RDWR", 2),
    ("O_CREAT", 0o100),
    ("O_EXCL", 0o200),
    ("O_NOCTTY", 0o400),
    ("O_TRUNC", 0o1000),
    ("O_APPEND", 0o2000),
    ("O_NONBLOCK", 0o4000),
    ("O_DIRECTORY", 0o200000),
    ("O_NOFOLLOW", 0o400000),
    ("O_CLOEXEC", 0o2000000),
    ("O_ACCMODE", 3),
    ("SEEK_SET", 0),
    ("SEEK_CUR", 1),
    ("SEEK_END", 2),
    ("EX_OK", 0),
    ("WNOHANG", 1),
];

thread_local! {
    /// The files opened by `posix.open`, by descriptor.
    static FILES: RefCell<HashMap<i64, File>> = RefCell::new(HashMap::new());
}

fn init(space: &'static Space, m: GcRef) -> PyResult<()> {
    let ns = super::namespace(m);
    super::add_functions(space, ns, "posix");
    for &(name, value) in CONSTANTS {
        dict::set_str(ns, space.intern(name), heap_int(value));
    }
    let environ = dict::new();
    dict::set_str(ns, space.intern("environ"), environ);
    for (key, value) in std::env::vars_os() {
        let k = bytes::new_bytes(key.as_bytes());
        let _k = metatrace_gc::Root::new(k);
        dict::set(environ, k, bytes::new_bytes(value.as_bytes()))?;
    }
    let have = ["HAVE_FSTATAT", "HAVE_MKDIRAT", "HAVE_OPENAT", "HAVE_UNLINKAT", "HAVE_RENAMEAT"];
    dict::set_str(ns, space.intern("_have_functions"), super::str_list(&have.map(String::from)));
    let mut all: Vec<String> = DEFS.iter().map(|d| d.name.to_owned()).filter(|n| !n.starts_with('_')).collect();
    all.extend(CONSTANTS.iter().map(|&(n, _)| n.to_owned()));
    all.extend(["environ".to_owned(), "stat_result".to_owned(), "terminal_size".to_owned()]);
    dict::set_str(ns, space.intern("__all__"), super::str_list(&all));
    Ok(())
}

/// A path argument: a str, bytes, or an object with `__fspath__`; with whether it was bytes.
fn path_arg(space: &Space, v: GcRef, what: &str) -> PyResult<(PathBuf, bool)> {
    let v = fspath_of(space, v, what)?;
    if v.layout() == W_Bytes::layout() {
        return Ok((PathBuf::from(OsString::from_vec(bytes::data(v))), true));
    }
    let text = unicode::wtf8(v);
    if text.contains(&0) {
        return Err(space.new_exception(ExcKind::ValueError, &format!("{what}: embedded null character in path")));
    }
    Ok((PathBuf::from(OsString::from_vec(text)), false))
}

/// `os.fspath(v)`: a str or bytes, from `__fspath__` for other objects.
fn fspath_of(space: &Space, v: GcRef, what: &str) -> PyResult<GcRef> {
    let ok = |v: GcRef| {
        v.layout() == W_Str::layout()
            || v.layout() == W_Bytes::layout()
            || space.is_subtype(space.type_of(v), space.str_type)
            || space.is_subtype(space.type_of(v), space.bytes_type)
    };
    if ok(v) {
        return Ok(v);
    }
    if let Some(hook) = objspace::lookup_user(v, "__fspath__") {
        let r = objspace::call_bound(hook, v, &Args::default())?;
        if ok(r) {
            return Ok(r);
        }
        let message =
            format!("expected {}.__fspath__() to return str or bytes, not {}", space.type_name(v), space.type_name(r));
        return Err(space.new_exception(ExcKind::TypeError, &message));
    }
    let message = if what.is_empty() {
        format!("expected str, bytes or os.PathLike object, not {}", space.type_name(v))
    } else {
        format!("{what}: path should be string, bytes or os.PathLike, not {}", space.type_name(v))
    };
    Err(space.new_exception(ExcKind::TypeError, &message))
}

/// A path as Python sees it: str, or bytes when the argument was bytes.
fn path_obj(path: &std::path::Path, as_bytes: bool) -> GcRef {
    if as_bytes {
        bytes::new_bytes(path.as_os_str().as_bytes())
    } else {
        unicode::new_str(&path.to_string_lossy())
    }
}

/// An I/O error about `path` (the argument object, for `filename`).
fn path_error(space: &Space, e: &std::io::Error, path: GcRef) -> GcRef {
    os_error(space, e, path)
}

fn getcwd(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "posix.getcwd", args)?;
    let dir = std::env::current_dir().map_err(|e| os_error(space, &e, GcRef::NULL))?;
    Ok(path_obj(&dir, false))
}

fn getcwdb(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "posix.getcwdb", args)?;
    let dir = std::env::current_dir().map_err(|e| os_error(space, &e, GcRef::NULL))?;
    Ok(path_obj(&dir, true))
}

fn chdir(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let v = one_arg(space, "posix.chdir", args)?;
    let (path, _) = path_arg(space, v, "chdir")?;
    std::env::set_current_dir(&path).map_err(|e| path_error(space, &e, v))?;
    Ok(space.none)
}

fn fspath(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    fspath_of(space, one_arg(space, "posix.fspath", args)?, "")
}

fn listdir(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = arg_range(space, "listdir", args, 0, 1)?;
    let v = a.first().copied().filter(|v| *v != space.none);
    let (path, as_bytes) = match v {
        Some(v) => path_arg(space, v, "listdir")?,
        None => (PathBuf::from("."), false),
    };
    let entries =
        std::fs::read_dir(&path).map_err(|e| path_error(space, &e, v.unwrap_or_else(|| unicode::new_str("."))))?;
    let keep = metatrace_gc::RootSet::new();
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| os_error(space, &e, GcRef::NULL))?;
        names.push(keep.add(path_obj(std::path::Path::new(&entry.file_name()), as_bytes)));
    }
    Ok(crate::list::new_list(&names))
}

/// The `stat_result` of a file's metadata: a record with CPython's attribute names.
fn stat_result(space: &Space, m: &std::fs::Metadata) -> GcRef {
    let ns = |secs: i64, nsec: i64| i128::from(secs) * 1_000_000_000 + i128::from(nsec);
    let float_time = |secs: i64, nsec: i64| heap_float(secs as f64 + nsec as f64 * 1e-9);
    let int_ns = |v: i128| crate::bigint::from_ibig(&dashu_int::IBig::from(v));
    let attrs = [
        ("st_mode", heap_int(i64::from(m.mode()))),
        ("st_ino", heap_int(m.ino() as i64)),
        ("st_dev", heap_int(m.dev() as i64)),
        ("st_nlink", heap_int(m.nlink() as i64)),
        ("st_uid", heap_int(i64::from(m.uid()))),
        ("st_gid", heap_int(i64::from(m.gid()))),
        ("st_size", heap_int(m.size() as i64)),
        ("st_atime", float_time(m.atime(), m.atime_nsec())),
        ("st_mtime", float_time(m.mtime(), m.mtime_nsec())),
        ("st_ctime", float_time(m.ctime(), m.ctime_nsec())),
        ("st_atime_ns", int_ns(ns(m.atime(), m.atime_nsec()))),
        ("st_mtime_ns", int_ns(ns(m.mtime(), m.mtime_nsec()))),
        ("st_ctime_ns", int_ns(ns(m.ctime(), m.ctime_nsec()))),
        ("st_blksize", heap_int(m.blksize() as i64)),
        ("st_blocks", heap_int(m.blocks() as i64)),
        ("st_rdev", heap_int(m.rdev() as i64)),
    ];
    record(space, &attrs)
}

/// `stat` and `lstat`: a path or a file descriptor.
fn stat_impl(space: &Space, name: &str, args: &Args, follow: bool) -> PyResult<GcRef> {
    let v = args
        .positional
        .first()
        .copied()
        .or_else(|| args.keywords.iter().find(|(k, _)| unicode::eq_text(*k, "path")).map(|&(_, v)| v));
    let Some(v) = v else {
        let message = format!("{name}() missing required argument 'path' (pos 1)");
        return Err(space.new_exception(ExcKind::TypeError, &message));
    };
    if let Some(fd) = objspace::int_value(v).filter(|_| v.layout() != W_Str::layout()) {
        return with_file(space, fd, |f| f.metadata()).map(|m| stat_result(space, &m));
    }
    let (path, _) = path_arg(space, v, name)?;
    let meta = if follow { std::fs::metadata(&path) } else { std::fs::symlink_metadata(&path) };
    meta.map(|m| stat_result(space, &m)).map_err(|e| path_error(space, &e, v))
}

fn stat(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    stat_impl(space, "stat", args, true)
}

fn lstat(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    stat_impl(space, "lstat", args, false)
}

fn fstat(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let fd = fd_arg(space, one_arg(space, "posix.fstat", args)?)?;
    with_file(space, fd, |f| f.metadata()).map(|m| stat_result(space, &m))
}

/// A one-path operation.
fn path_op(space: &Space, name: &str, args: &Args, op: fn(&std::path::Path) -> std::io::Result<()>) -> PyResult<GcRef> {
    let v = arg_range(space, name, args, 1, 2)?[0];
    let (path, _) = path_arg(space, v, name)?;
    op(&path).map_err(|e| path_error(space, &e, v))?;
    Ok(space.none)
}

fn mkdir(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = arg_range(space, "mkdir", args, 1, 2)?;
    let (path, _) = path_arg(space, a[0], "mkdir")?;
    let mode = match a.get(1) {
        Some(&m) => objspace::index_value(m, "mode must be an integer")? as u32,
        None => 0o777,
    };
    let mut builder = std::fs::DirBuilder::new();
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, mode);
    builder.create(&path).map_err(|e| path_error(space, &e, a[0]))?;
    Ok(space.none)
}

fn rmdir(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    path_op(space, "rmdir", args, |p| std::fs::remove_dir(p))
}

fn unlink(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    path_op(space, "unlink", args, |p| std::fs::remove_file(p))
}

fn rename(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [src, dst] = exact_args::<2>(space, "rename", args)?;
    let (from, _) = path_arg(space, src, "rename")?;
    let (to, _) = path_arg(space, dst, "rename")?;
    std::fs::rename(&from, &to).map_err(|e| {
        let exc = path_error(space, &e, src);
        crate::mapdict::set_attr(exc, space.intern("filename2"), dst);
        exc
    })?;
    Ok(space.none)
}

fn access(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [v, mode] = exact_args::<2>(space, "access", args)?;
    let (path, _) = path_arg(space, v, "access")?;
    let mode = objspace::index_value(mode, "mode must be an integer")?;
    let Ok(meta) = std::fs::metadata(&path) else { return Ok(space.w_bool(false)) };
    let bits = meta.permissions().mode();
    let allowed = (mode & 4 == 0 || bits & 0o444 != 0)
        && (mode & 2 == 0 || (bits & 0o222 != 0 && !meta.permissions().readonly()))
        && (mode & 1 == 0 || bits & 0o111 != 0);
    Ok(space.w_bool(allowed))
}

fn chmod(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [v, mode] = exact_args::<2>(space, "chmod", args)?;
    let (path, _) = path_arg(space, v, "chmod")?;
    let mode = objspace::index_value(mode, "mode must be an integer")? as u32;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).map_err(|e| path_error(space, &e, v))?;
    Ok(space.none)
}

fn readlink(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let v = arg_range(space, "readlink", args, 1, 1)?[0];
    let (path, as_bytes) = path_arg(space, v, "readlink")?;
    let target = std::fs::read_link(&path).map_err(|e| path_error(space, &e, v))?;
    Ok(path_obj(&target, as_bytes))
}

fn symlink(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = arg_range(space, "symlink", args, 2, 3)?;
    let (src, _) = path_arg(space, a[0], "symlink")?;
    let (dst, _) = path_arg(space, a[1], "symlink")?;
    std::os::unix::fs::symlink(&src, &dst).map_err(|e| path_error(space, &e, a[0]))?;
    Ok(space.none)
}

/// A file descriptor argument.
fn fd_arg(space: &Space, v: GcRef) -> PyResult<i64> {
    objspace::index_value(v, &format!("'{}' object cannot be interpreted as an integer", space.type_name(v)))
}

/// `EBADF` as CPython raises it.
fn bad_fd(space: &Space) -> GcRef {
    os_error(space, &std::io::Error::from_raw_os_error(9), GcRef::NULL)
}

/// Run `f` on the file of descriptor `fd` (opened by `posix.open`).
fn with_file<T>(space: &Space, fd: i64, f: impl FnOnce(&mut File) -> std::io::Result<T>) -> PyResult<T> {
    FILES.with(|files| {
        let mut files = files.borrow_mut();
        let file = files.get_mut(&fd).ok_or_else(|| bad_fd(space))?;
        f(file).map_err(|e| os_error(space, &e, GcRef::NULL))
    })
}

fn open(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let mut values = args.positional.clone();
    for &(k, v) in &args.keywords {
        let index = match unicode::to_string_lossy(k).as_str() {
            "path" => 0,
            "flags" => 1,
            "mode" => 2,
            "dir_fd" => continue,
            other => {
                let message = format!("open() got an unexpected keyword argument '{other}'");
                return Err(space.new_exception(ExcKind::TypeError, &message));
            }
        };
        values.resize(values.len().max(index + 1), GcRef::NULL);
        values[index] = v;
    }
    if values.len() < 2 || values[..2].iter().any(|v| v.is_null()) {
        return Err(space.new_exception(ExcKind::TypeError, "open() missing required argument 'flags' (pos 2)"));
    }
    let (path, _) = path_arg(space, values[0], "open")?;
    let flags = objspace::index_value(values[1], "flags must be an integer")?;
    let mode = match values.get(2) {
        Some(&m) if !m.is_null() => objspace::index_value(m, "mode must be an integer")? as u32,
        _ => 0o777,
    };
    let access = flags & 3;
    let mut options = std::fs::OpenOptions::new();
    options
        .read(access == 0 || access == 2)
        .write(access == 1 || access == 2)
        .append(flags & 0o2000 != 0)
        .truncate(flags & 0o1000 != 0)
        .mode(mode)
        .custom_flags((flags & !(0o100 | 0o200 | 0o1000 | 0o2000 | 3)) as i32);
    if flags & 0o100 != 0 {
        if flags & 0o200 != 0 {
            options.create_new(true);
        } else {
            options.create(true);
        }
    }
    let file = options.open(&path).map_err(|e| path_error(space, &e, values[0]))?;
    let fd = i64::from(file.as_raw_fd());
    FILES.with(|files| files.borrow_mut().insert(fd, file));
    Ok(heap_int(fd))
}

fn read(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [fd, n] = exact_args::<2>(space, "read", args)?;
    let fd = fd_arg(space, fd)?;
    let n = fd_arg(space, n)?;
    if n < 0 {
        return Err(os_error(space, &std::io::Error::from_raw_os_error(22), GcRef::NULL));
    }
    let mut buf = vec![0u8; n as usize];
    let got = if fd == 0 {
        std::io::stdin().read(&mut buf).map_err(|e| os_error(space, &e, GcRef::NULL))?
    } else {
        with_file(space, fd, |f| f.read(&mut buf))?
    };
    Ok(bytes::new_bytes(&buf[..got]))
}

/// The bytes of a bytes-like argument.
fn bytes_arg(space: &Space, v: GcRef) -> PyResult<Vec<u8>> {
    if v.layout() == W_Bytes::layout() {
        return Ok(bytes::data(v));
    }
    if v.layout() == crate::buffer::W_ByteArray::layout() {
        return Ok(crate::buffer::bytearray_data(v));
    }
    let message = format!("a bytes-like object is required, not '{}'", space.type_name(v));
    Err(space.new_exception(ExcKind::TypeError, &message))
}

fn write(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [fd, data] = exact_args::<2>(space, "write", args)?;
    let fd = fd_arg(space, fd)?;
    let data = bytes_arg(space, data)?;
    let n = match fd {
        1 => std::io::stdout().write(&data).and_then(|n| std::io::stdout().flush().map(|_| n)),
        2 => std::io::stderr().write(&data),
        _ => return with_file(space, fd, |f| f.write(&data)).map(|n| heap_int(n as i64)),
    };
    let n = n.map_err(|e| os_error(space, &e, GcRef::NULL))?;
    Ok(heap_int(n as i64))
}

fn close(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let fd = fd_arg(space, one_arg(space, "posix.close", args)?)?;
    if (0..=2).contains(&fd) {
        return Ok(space.none);
    }
    match FILES.with(|files| files.borrow_mut().remove(&fd)) {
        Some(file) => {
            drop(file);
            Ok(space.none)
        }
        None => Err(bad_fd(space)),
    }
}

fn lseek(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [fd, pos, how] = exact_args::<3>(space, "lseek", args)?;
    let fd = fd_arg(space, fd)?;
    let pos = fd_arg(space, pos)?;
    let whence = match fd_arg(space, how)? {
        0 => SeekFrom::Start(pos.max(0) as u64),
        1 => SeekFrom::Current(pos),
        2 => SeekFrom::End(pos),
        _ => return Err(os_error(space, &std::io::Error::from_raw_os_error(22), GcRef::NULL)),
    };
    let at = with_file(space, fd, |f| f.seek(whence))?;
    Ok(heap_int(at as i64))
}

fn isatty(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    use std::io::IsTerminal;
    let fd = fd_arg(space, one_arg(space, "posix.isatty", args)?)?;
    let tty = match fd {
        0 => std::io::stdin().is_terminal(),
        1 => std::io::stdout().is_terminal(),
        2 => std::io::stderr().is_terminal(),
        _ => FILES.with(|files| files.borrow().get(&fd).is_some_and(|f| f.is_terminal())),
    };
    Ok(space.w_bool(tty))
}

fn getpid(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "posix.getpid", args)?;
    Ok(heap_int(i64::from(std::process::id())))
}

fn getppid(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "posix.getppid", args)?;
    Ok(heap_int(i64::from(std::os::unix::process::parent_id())))
}

/// A field of this process's `/proc/self/status` line `key` (`Uid:`, `Gid:`): the real id.
fn status_id(key: &str) -> i64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn getuid(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "posix.getuid", args)?;
    Ok(heap_int(status_id("Uid:")))
}

fn getgid(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "posix.getgid", args)?;
    Ok(heap_int(status_id("Gid:")))
}

fn strerror(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let code = fd_arg(space, one_arg(space, "posix.strerror", args)?)?;
    let text = crate::import::describe(&std::io::Error::from_raw_os_error(code as i32));
    Ok(unicode::new_str(&text))
}

fn exit(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let code = fd_arg(space, one_arg(space, "posix._exit", args)?)?;
    let _ = std::io::stdout().flush();
    std::process::exit(code as i32)
}

fn urandom(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let n = fd_arg(space, one_arg(space, "posix.urandom", args)?)?;
    if n < 0 {
        return Err(space.new_exception(ExcKind::ValueError, "negative argument not allowed"));
    }
    let mut buf = vec![0u8; n as usize];
    File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut buf))
        .map_err(|e| os_error(space, &e, GcRef::NULL))?;
    Ok(bytes::new_bytes(&buf))
}

fn cpu_count(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "posix.cpu_count", args)?;
    Ok(std::thread::available_parallelism().map_or(space.none, |n| heap_int(n.get() as i64)))
}

fn umask(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    fd_arg(space, one_arg(space, "posix.umask", args)?)?;
    Ok(heap_int(0o022))
}

fn get_terminal_size(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    arg_range(space, "get_terminal_size", args, 0, 1)?;
    Err(os_error(space, &std::io::Error::from_raw_os_error(25), GcRef::NULL))
}

fn putenv(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [key, value] = exact_args::<2>(space, "putenv", args)?;
    let (key, _) = path_arg(space, key, "putenv")?;
    let (value, _) = path_arg(space, value, "putenv")?;
    std::env::set_var(key, value);
    Ok(space.none)
}

fn unsetenv(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let key = one_arg(space, "posix.unsetenv", args)?;
    let (key, _) = path_arg(space, key, "unsetenv")?;
    std::env::remove_var(key);
    Ok(space.none)
}

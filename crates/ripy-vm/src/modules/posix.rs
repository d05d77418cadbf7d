//! The `posix` module (what `os` is built on): the environment, the current directory, paths
//! (`stat`, `listdir`, `mkdir`, `unlink`, `rename`, ...), file descriptors (`open`, `read`,
//! `write`, `close`, `lseek`, `dup`, `pipe`, ...), processes (`getpid`, `kill`, `waitpid`,
//! `execv`, `_exit`, ...), and the constants `os` expects.
//!
//! File descriptors are the OS's own (through [`super::oscall`]). The native functions are the
//! core; `posix.py` (run as the rest of the module's body) adds what is easier in Python: the
//! struct sequences (`stat_result`, `terminal_size`, `times_result`, `uname_result`), `scandir`
//! and `DirEntry`, the wait-status macros, and keyword arguments such as `follow_symlinks`.
//! Errors are CPython's `OSError` subclasses with `errno`, `strerror` and `filename`.

use super::oscall;
use super::{arg_range, exact_args, one_arg, os_error};
use crate::builtins::BuiltinDef;
use crate::bytes::{self, W_Bytes};
use crate::dict;
use crate::exceptions::ExcKind;
use crate::float::heap_float;
use crate::function::Args;
use crate::int::heap_int;
use crate::objspace;
use crate::space::{PyResult, Space};
use crate::tuple::W_Tuple;
use crate::unicode::{self, W_Str};
use metatrace_gc::{GcObject, GcRef};
use std::ffi::{CString, OsString};
use std::io::{Read, Write};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::os::unix::io::IntoRawFd;
use std::path::PathBuf;

/// The module.
pub const MODULE: super::BuiltinModule = super::BuiltinModule { name: "posix", init };

const fn def(name: &'static str, func: crate::builtins::NativeFn) -> BuiltinDef {
    super::native("posix", name, func)
}

/// The functions of `posix` (those starting with `_` are wrapped by `posix.py`).
pub static DEFS: &[BuiltinDef] = &[
    def("getcwd", getcwd),
    def("getcwdb", getcwdb),
    def("chdir", chdir),
    def("fspath", fspath),
    def("listdir", listdir),
    def("_stat", stat),
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
    def("_utime", utime),
    def("open", open),
    def("read", read),
    def("write", write),
    def("close", close),
    def("closerange", closerange),
    def("lseek", lseek),
    def("isatty", isatty),
    def("dup", dup),
    def("dup2", dup2),
    def("pipe", pipe),
    def("get_inheritable", get_inheritable),
    def("set_inheritable", set_inheritable),
    def("get_blocking", get_blocking),
    def("set_blocking", set_blocking),
    def("getpid", getpid),
    def("getppid", getppid),
    def("getuid", getuid),
    def("geteuid", geteuid),
    def("getgid", getgid),
    def("getegid", getegid),
    def("getpgrp", getpgrp),
    def("kill", kill),
    def("waitpid", waitpid),
    def("execv", execv),
    def("strerror", strerror),
    def("_exit", exit),
    def("urandom", urandom),
    def("cpu_count", cpu_count),
    def("umask", umask),
    def("_terminal_size", terminal_size),
    def("_times", times),
    def("_uname", uname),
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
    ("O_NDELAY", 0o4000),
    ("O_DSYNC", 0o10000),
    ("O_SYNC", 0o4010000),
    ("O_DIRECTORY", 0o200000),
    ("O_NOFOLLOW", 0o400000),
    ("O_CLOEXEC", 0o2000000),
    ("O_ACCMODE", 3),
    ("O_PATH", 0o10000000),
    ("O_TMPFILE", 0o20200000),
    ("SEEK_DATA", 3),
    ("SEEK_HOLE", 4),
    ("EX_OK", 0),
    ("EX_USAGE", 64),
    ("EX_DATAERR", 65),
    ("EX_NOINPUT", 66),
    ("EX_SOFTWARE", 70),
    ("EX_OSERR", 71),
    ("EX_IOERR", 74),
    ("EX_TEMPFAIL", 75),
    ("EX_NOPERM", 77),
    ("EX_CONFIG", 78),
    ("WNOHANG", 1),
    ("WUNTRACED", 2),
    ("WCONTINUED", 8),
    ("WEXITED", 4),
    ("WSTOPPED", 2),
    ("WNOWAIT", 0x1000000),
    ("P_PID", 1),
    ("P_PGID", 2),
    ("P_ALL", 0),
    ("F_LOCK", 1),
    ("F_TLOCK", 2),
    ("F_ULOCK", 0),
    ("F_TEST", 3),
    ("NGROUPS_MAX", 65536),
    ("TMP_MAX", 238328),
];

/// What `posix.py` needs of the platform: `(name, value)` of `_have_functions`.
const HAVE_FUNCTIONS: &[&str] = &["HAVE_FSTATAT", "HAVE_LSTAT", "HAVE_UTIMENSAT"];

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
    let have: Vec<String> = HAVE_FUNCTIONS.iter().map(|&h| h.to_owned()).collect();
    dict::set_str(ns, space.intern("_have_functions"), super::str_list(&have));
    super::exec_source(space, m, "<frozen posix>", include_str!("posix.py"))
}

/// The functions whose path argument may also be a file descriptor (for their messages).
const FD_PATHS: &[&str] = &["stat", "listdir", "chdir", "chmod", "utime", "scandir"];

/// A path argument: a str, bytes, or an object with `__fspath__`; with whether it was bytes.
fn path_arg(space: &Space, v: GcRef, what: &str) -> PyResult<(PathBuf, bool)> {
    let v = fspath_of(space, v, what)?;
    let is_bytes = v.layout() == W_Bytes::layout();
    let data = if is_bytes { bytes::data(v) } else { unicode::wtf8(v) };
    if data.contains(&0) {
        return Err(space.new_exception(ExcKind::ValueError, "embedded null byte"));
    }
    Ok((PathBuf::from(OsString::from_vec(data)), is_bytes))
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
    } else if FD_PATHS.contains(&what) {
        format!("{what}: path should be string, bytes, os.PathLike or integer, not {}", space.type_name(v))
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

/// The fields of a `stat_result`, in its order: the seven ints, the three times as ints, as
/// floats and in nanoseconds, then `st_blksize`, `st_blocks`, `st_rdev`.
struct StatFields {
    ints: [i64; 7],
    /// (seconds, nanoseconds) of the access, modification and change times.
    times: [(i64, i64); 3],
    tail: [i64; 3],
}

impl StatFields {
    fn of_metadata(m: &std::fs::Metadata) -> Self {
        StatFields {
            ints: [
                i64::from(m.mode()),
                m.ino() as i64,
                m.dev() as i64,
                m.nlink() as i64,
                i64::from(m.uid()),
                i64::from(m.gid()),
                m.size() as i64,
            ],
            times: [(m.atime(), m.atime_nsec()), (m.mtime(), m.mtime_nsec()), (m.ctime(), m.ctime_nsec())],
            tail: [m.blksize() as i64, m.blocks() as i64, m.rdev() as i64],
        }
    }

    fn of_stat(st: &libc::stat) -> Self {
        StatFields {
            ints: [
                i64::from(st.st_mode),
                st.st_ino as i64,
                st.st_dev as i64,
                st.st_nlink as i64,
                i64::from(st.st_uid),
                i64::from(st.st_gid),
                st.st_size,
            ],
            times: [(st.st_atime, st.st_atime_nsec), (st.st_mtime, st.st_mtime_nsec), (st.st_ctime, st.st_ctime_nsec)],
            tail: [st.st_blksize, st.st_blocks, st.st_rdev as i64],
        }
    }

    /// The tuple `posix.py` makes a `stat_result` of.
    fn to_tuple(&self) -> GcRef {
        let keep = metatrace_gc::RootSet::new();
        let mut items: Vec<GcRef> = self.ints.iter().map(|&v| keep.add(heap_int(v))).collect();
        items.extend(self.times.iter().map(|&(s, _)| keep.add(heap_int(s))));
        items.extend(self.times.iter().map(|&(s, ns)| keep.add(heap_float(s as f64 + ns as f64 * 1e-9))));
        items.extend(self.times.iter().map(|&(s, ns)| {
            keep.add(crate::bigint::from_ibig(&dashu_int::IBig::from(i128::from(s) * 1_000_000_000 + i128::from(ns))))
        }));
        items.extend(self.tail.iter().map(|&v| keep.add(heap_int(v))));
        W_Tuple::from_slice(&items)
    }
}

/// `_stat(path_or_fd, follow_symlinks)`: the fields of a `stat_result`, as a tuple.
fn stat(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [v, follow] = exact_args::<2>(space, "_stat", args)?;
    let follow = objspace::truthy(follow)?;
    if v.layout() != W_Str::layout() && v.layout() != W_Bytes::layout() {
        if let Some(fd) = objspace::int_value(v) {
            let st = oscall::fstat(fd as i32).map_err(|e| os_error(space, &e, GcRef::NULL))?;
            return Ok(StatFields::of_stat(&st).to_tuple());
        }
    }
    let (path, _) = path_arg(space, v, "stat")?;
    let meta = if follow { std::fs::metadata(&path) } else { std::fs::symlink_metadata(&path) };
    meta.map(|m| StatFields::of_metadata(&m).to_tuple()).map_err(|e| path_error(space, &e, v))
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
fn fd_arg(space: &Space, v: GcRef) -> PyResult<i32> {
    let n = objspace::index_value(v, &format!("'{}' object cannot be interpreted as an integer", space.type_name(v)))?;
    i32::try_from(n).map_err(|_| {
        let message = if n < 0 { "fd is less than minimum" } else { "fd is greater than maximum" };
        space.new_exception(ExcKind::OverflowError, message)
    })
}

/// An integer argument.
fn int_arg(space: &Space, v: GcRef) -> PyResult<i64> {
    objspace::index_value(v, &format!("'{}' object cannot be interpreted as an integer", space.type_name(v)))
}

/// An OS error without a file name.
fn sys_error(space: &Space, e: std::io::Error) -> GcRef {
    os_error(space, &e, GcRef::NULL)
}

/// Run a system call again while a signal interrupts it (PEP 475), running the Python signal
/// handlers in between (an exception they raise ends the call).
fn retry<T>(space: &Space, mut call: impl FnMut() -> std::io::Result<T>) -> PyResult<T> {
    loop {
        match call() {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => super::signal::check_signals(space)?,
            other => return other.map_err(|e| sys_error(space, e)),
        }
    }
}

fn open(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let mut values = args.positional.clone();
    for &(k, v) in &args.keywords {
        let index = match unicode::to_string_lossy(k).as_str() {
            "path" => 0,
            "flags" => 1,
            "mode" => 2,
            "dir_fd" if v == space.none => continue,
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
    let flags = int_arg(space, values[1])?;
    let mode = match values.get(2) {
        Some(&m) if !m.is_null() => int_arg(space, m)? as u32,
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
        .custom_flags((flags & !(0o100 | 0o200 | 0o1000 | 0o2000 | 3)) as i32 | libc::O_CLOEXEC);
    if flags & 0o100 != 0 {
        if flags & 0o200 != 0 {
            options.create_new(true);
        } else {
            options.create(true);
        }
    }
    let file = options.open(&path).map_err(|e| path_error(space, &e, values[0]))?;
    Ok(heap_int(i64::from(file.into_raw_fd())))
}

fn read(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [fd, n] = exact_args::<2>(space, "read", args)?;
    let fd = fd_arg(space, fd)?;
    let n = int_arg(space, n)?;
    if n < 0 {
        return Err(sys_error(space, std::io::Error::from_raw_os_error(libc::EINVAL)));
    }
    if fd == 0 {
        // Standard input goes through Rust's buffer, which `sys.stdin` reads through too.
        let mut buf = vec![0u8; n as usize];
        let got = retry(space, || crate::threadstate::allow_threads(|| std::io::stdin().read(&mut buf)))?;
        return Ok(bytes::new_bytes(&buf[..got]));
    }
    let data = retry(space, || crate::threadstate::allow_threads(|| oscall::read(fd, n as usize)))?;
    Ok(bytes::new_bytes(&data))
}

/// The bytes of a bytes-like argument.
fn bytes_arg(space: &Space, v: GcRef) -> PyResult<Vec<u8>> {
    if let Some(data) = crate::buffer::buffer_data(v)? {
        return Ok(data);
    }
    let message = format!("a bytes-like object is required, not '{}'", space.type_name(v));
    Err(space.new_exception(ExcKind::TypeError, &message))
}

/// Write out what Rust's buffers hold for standard output and error (before writing to their
/// descriptors directly, or starting a process that inherits them).
pub fn flush_std() {
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
}

fn write(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [fd, data] = exact_args::<2>(space, "write", args)?;
    let fd = fd_arg(space, fd)?;
    let data = bytes_arg(space, data)?;
    if fd == 1 || fd == 2 {
        flush_std();
    }
    let n = retry(space, || oscall::write(fd, &data))?;
    Ok(heap_int(n as i64))
}

fn close(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let fd = fd_arg(space, one_arg(space, "posix.close", args)?)?;
    if (0..=2).contains(&fd) {
        // The standard streams stay open: Rust's own handles write to them.
        return Ok(space.none);
    }
    oscall::close(fd).map_err(|e| sys_error(space, e))?;
    Ok(space.none)
}

fn closerange(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [low, high] = exact_args::<2>(space, "closerange", args)?;
    let (low, high) = (fd_arg(space, low)?.max(3), fd_arg(space, high)?);
    for fd in low..high {
        let _ = oscall::close(fd);
    }
    Ok(space.none)
}

fn lseek(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [fd, pos, how] = exact_args::<3>(space, "lseek", args)?;
    let fd = fd_arg(space, fd)?;
    let pos = int_arg(space, pos)?;
    let how = fd_arg(space, how)?;
    let at = oscall::lseek(fd, pos, how).map_err(|e| sys_error(space, e))?;
    Ok(heap_int(at))
}

fn isatty(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let fd = fd_arg(space, one_arg(space, "posix.isatty", args)?)?;
    Ok(space.w_bool(oscall::isatty(fd)))
}

fn dup(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let fd = fd_arg(space, one_arg(space, "posix.dup", args)?)?;
    Ok(heap_int(i64::from(oscall::dup(fd).map_err(|e| sys_error(space, e))?)))
}

fn dup2(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let mut inheritable = true;
    for &(k, v) in &args.keywords {
        if !unicode::eq_text(k, "inheritable") {
            let message = format!("dup2() got an unexpected keyword argument '{}'", unicode::to_string_lossy(k));
            return Err(space.new_exception(ExcKind::TypeError, &message));
        }
        inheritable = objspace::truthy(v)?;
    }
    let a = &args.positional;
    if a.len() < 2 || a.len() > 3 {
        let message = format!("dup2() takes from 2 to 3 positional arguments but {} were given", a.len());
        return Err(space.new_exception(ExcKind::TypeError, &message));
    }
    if let Some(&v) = a.get(2) {
        inheritable = objspace::truthy(v)?;
    }
    let (fd, fd2) = (fd_arg(space, a[0])?, fd_arg(space, a[1])?);
    if (0..=2).contains(&fd2) {
        flush_std();
    }
    Ok(heap_int(i64::from(oscall::dup2(fd, fd2, inheritable).map_err(|e| sys_error(space, e))?)))
}

fn pipe(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "posix.pipe", args)?;
    let (r, w) = oscall::pipe().map_err(|e| sys_error(space, e))?;
    let keep = metatrace_gc::RootSet::new();
    Ok(W_Tuple::from_slice(&[keep.add(heap_int(i64::from(r))), keep.add(heap_int(i64::from(w)))]))
}

fn get_inheritable(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let fd = fd_arg(space, one_arg(space, "posix.get_inheritable", args)?)?;
    let flags = oscall::get_flags(fd, libc::F_GETFD).map_err(|e| sys_error(space, e))?;
    Ok(space.w_bool(flags & libc::FD_CLOEXEC == 0))
}

fn set_inheritable(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [fd, on] = exact_args::<2>(space, "set_inheritable", args)?;
    let fd = fd_arg(space, fd)?;
    let on = objspace::truthy(on)?;
    let flags = oscall::get_flags(fd, libc::F_GETFD).map_err(|e| sys_error(space, e))?;
    let flags = if on { flags & !libc::FD_CLOEXEC } else { flags | libc::FD_CLOEXEC };
    oscall::set_flags(fd, libc::F_SETFD, flags).map_err(|e| sys_error(space, e))?;
    Ok(space.none)
}

fn get_blocking(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let fd = fd_arg(space, one_arg(space, "posix.get_blocking", args)?)?;
    let flags = oscall::get_flags(fd, libc::F_GETFL).map_err(|e| sys_error(space, e))?;
    Ok(space.w_bool(flags & libc::O_NONBLOCK == 0))
}

fn set_blocking(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [fd, on] = exact_args::<2>(space, "set_blocking", args)?;
    let fd = fd_arg(space, fd)?;
    let on = objspace::truthy(on)?;
    let flags = oscall::get_flags(fd, libc::F_GETFL).map_err(|e| sys_error(space, e))?;
    let flags = if on { flags & !libc::O_NONBLOCK } else { flags | libc::O_NONBLOCK };
    oscall::set_flags(fd, libc::F_SETFL, flags).map_err(|e| sys_error(space, e))?;
    Ok(space.none)
}

fn getpid(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "posix.getpid", args)?;
    Ok(heap_int(i64::from(std::process::id())))
}

fn getppid(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "posix.getppid", args)?;
    Ok(heap_int(i64::from(std::os::unix::process::parent_id())))
}

/// An id of this process ([`oscall::ids`]), selected by `pick`.
fn id_of(space: &Space, name: &str, args: &Args, pick: fn((u32, u32, u32, u32, i32)) -> i64) -> PyResult<GcRef> {
    exact_args::<0>(space, name, args)?;
    Ok(heap_int(pick(oscall::ids())))
}

fn getuid(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    id_of(space, "posix.getuid", args, |ids| i64::from(ids.0))
}

fn geteuid(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    id_of(space, "posix.geteuid", args, |ids| i64::from(ids.1))
}

fn getgid(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    id_of(space, "posix.getgid", args, |ids| i64::from(ids.2))
}

fn getegid(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    id_of(space, "posix.getegid", args, |ids| i64::from(ids.3))
}

fn getpgrp(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    id_of(space, "posix.getpgrp", args, |ids| i64::from(ids.4))
}

fn kill(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [pid, sig] = exact_args::<2>(space, "kill", args)?;
    let pid = fd_arg(space, pid)?;
    let sig = fd_arg(space, sig)?;
    // A signal this process sends itself goes through the calling thread, so that it arrives
    // before `kill` returns (another thread of ripy's could take it later); its handler runs
    // now, as in CPython.
    let sent = if pid == std::process::id() as i32 { oscall::raise(sig) } else { oscall::kill(pid, sig) };
    sent.map_err(|e| sys_error(space, e))?;
    super::signal::check_signals(space)?;
    Ok(space.none)
}

fn waitpid(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [pid, options] = exact_args::<2>(space, "waitpid", args)?;
    let pid = fd_arg(space, pid)?;
    let options = fd_arg(space, options)?;
    let (got, status) = retry(space, || crate::threadstate::allow_threads(|| oscall::waitpid(pid, options)))?;
    let keep = metatrace_gc::RootSet::new();
    Ok(W_Tuple::from_slice(&[keep.add(heap_int(i64::from(got))), keep.add(heap_int(i64::from(status)))]))
}

/// A path or argument as a C string (`ValueError` on an embedded NUL).
pub fn c_string(space: &Space, v: GcRef, what: &str) -> PyResult<CString> {
    let (path, _) = path_arg(space, v, what)?;
    CString::new(path.into_os_string().into_vec())
        .map_err(|_| space.new_exception(ExcKind::ValueError, &format!("{what}: embedded null byte")))
}

fn execv(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [path, argv] = exact_args::<2>(space, "execv", args)?;
    let path = c_string(space, path, "execv")?;
    if !(argv.layout() == W_Tuple::layout() || argv.layout() == crate::list::W_List::layout()) {
        return Err(space.new_exception(ExcKind::TypeError, "execv() arg 2 must be a tuple or list"));
    }
    let items = objspace::to_vec(argv)?;
    if items.is_empty() {
        return Err(space.new_exception(ExcKind::ValueError, "execv() arg 2 must not be empty"));
    }
    let argv = items.iter().map(|&a| c_string(space, a, "execv")).collect::<PyResult<Vec<_>>>()?;
    if argv[0].as_bytes().is_empty() {
        return Err(space.new_exception(ExcKind::ValueError, "execv() arg 2 first element cannot be empty"));
    }
    flush_std();
    Err(sys_error(space, oscall::execv(&path, &argv)))
}

fn strerror(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let code = fd_arg(space, one_arg(space, "posix.strerror", args)?)?;
    let text = crate::import::describe(&std::io::Error::from_raw_os_error(code));
    Ok(unicode::new_str(&text))
}

fn exit(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let code = fd_arg(space, one_arg(space, "posix._exit", args)?)?;
    flush_std();
    std::process::exit(code)
}

fn urandom(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let n = int_arg(space, one_arg(space, "posix.urandom", args)?)?;
    if n < 0 {
        return Err(space.new_exception(ExcKind::ValueError, "negative argument not allowed"));
    }
    let mut buf = vec![0u8; n as usize];
    std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut buf)).map_err(|e| sys_error(space, e))?;
    Ok(bytes::new_bytes(&buf))
}

fn cpu_count(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "posix.cpu_count", args)?;
    Ok(std::thread::available_parallelism().map_or(space.none, |n| heap_int(n.get() as i64)))
}

fn umask(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let mask = int_arg(space, one_arg(space, "posix.umask", args)?)?;
    Ok(heap_int(i64::from(oscall::umask(mask as u32))))
}

/// `_terminal_size(fd)`: (columns, lines).
fn terminal_size(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let fd = fd_arg(space, one_arg(space, "posix._terminal_size", args)?)?;
    let (columns, lines) = oscall::terminal_size(fd).map_err(|e| sys_error(space, e))?;
    let keep = metatrace_gc::RootSet::new();
    Ok(W_Tuple::from_slice(&[keep.add(heap_int(i64::from(columns))), keep.add(heap_int(i64::from(lines)))]))
}

/// `_times()`: the five fields of `times_result`.
fn times(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "posix._times", args)?;
    let t = oscall::times().map_err(|e| sys_error(space, e))?;
    let keep = metatrace_gc::RootSet::new();
    let items: Vec<GcRef> = t.iter().map(|&v| keep.add(heap_float(v))).collect();
    Ok(W_Tuple::from_slice(&items))
}

/// `_uname()`: the five fields of `uname_result`.
fn uname(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "posix._uname", args)?;
    let u = oscall::uname().map_err(|e| sys_error(space, e))?;
    let keep = metatrace_gc::RootSet::new();
    let items: Vec<GcRef> = u.iter().map(|v| keep.add(unicode::new_str(v))).collect();
    Ok(W_Tuple::from_slice(&items))
}

/// `_utime(path, times_ns, follow_symlinks)`: `times_ns` is None (now) or
/// `(atime_ns, mtime_ns)`.
fn utime(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [v, times, follow] = exact_args::<3>(space, "_utime", args)?;
    let path = c_string(space, v, "utime")?;
    let times = if times == space.none {
        None
    } else {
        let t = objspace::to_vec(times)?;
        let split = |ns: GcRef| -> PyResult<(i64, i64)> {
            let ns = crate::bigint::to_ibig(ns)
                .ok_or_else(|| space.new_exception(ExcKind::TypeError, "utime: 'ns' must be a tuple of two ints"))?;
            let ns =
                i128::try_from(ns).map_err(|_| space.new_exception(ExcKind::OverflowError, "timestamp too large"))?;
            Ok((ns.div_euclid(1_000_000_000) as i64, ns.rem_euclid(1_000_000_000) as i64))
        };
        Some([split(t[0])?, split(t[1])?])
    };
    oscall::utime(&path, times, objspace::truthy(follow)?).map_err(|e| path_error(space, &e, v))?;
    Ok(space.none)
}

/// An environment variable name that `setenv`/`unsetenv` refuse (empty, or with `=`) is their
/// `OSError` `EINVAL`, checked first: `std::env` panics on them.
fn check_env_name(space: &Space, key: &std::path::Path) -> PyResult<()> {
    let name = key.as_os_str().as_bytes();
    if name.is_empty() || name.contains(&b'=') {
        return Err(sys_error(space, std::io::Error::from_raw_os_error(libc::EINVAL)));
    }
    Ok(())
}

fn putenv(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [key, value] = exact_args::<2>(space, "putenv", args)?;
    let (key, _) = path_arg(space, key, "putenv")?;
    let (value, _) = path_arg(space, value, "putenv")?;
    if key.as_os_str().as_bytes().contains(&b'=') {
        return Err(space.new_exception(ExcKind::ValueError, "illegal environment variable name"));
    }
    check_env_name(space, &key)?;
    std::env::set_var(key, value);
    Ok(space.none)
}

fn unsetenv(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let key = one_arg(space, "posix.unsetenv", args)?;
    let (key, _) = path_arg(space, key, "unsetenv")?;
    check_env_name(space, &key)?;
    std::env::remove_var(key);
    Ok(space.none)
}

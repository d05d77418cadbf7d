//! Safe wrappers of the operating-system calls `posix`, `_posixsubprocess`, `select` and
//! `_signal` make that the Rust standard library does not offer: raw file descriptors, processes,
//! signals, terminal size, polling. This is the only module of those that uses `unsafe`; every
//! wrapper returns `std::io::Result` with the OS error of a failed call.

use std::ffi::CString;
use std::io::{Error, Result};

/// `Ok(v)` when a call returned `v >= 0`, else the OS error.
fn check<T: Copy + PartialOrd + Default>(v: T) -> Result<T> {
    if v < T::default() {
        Err(Error::last_os_error())
    } else {
        Ok(v)
    }
}

/// Read up to `n` bytes from descriptor `fd`.
pub fn read(fd: i32, n: usize) -> Result<Vec<u8>> {
    let mut buf = vec![0u8; n];
    // SAFETY: `buf` is a writable buffer of `n` bytes that outlives the call.
    let got = check(unsafe { libc::read(fd, buf.as_mut_ptr().cast(), n) })?;
    buf.truncate(got as usize);
    Ok(buf)
}

/// Write `data` to descriptor `fd`: the number of bytes written.
pub fn write(fd: i32, data: &[u8]) -> Result<usize> {
    // SAFETY: `data` is a readable buffer of `data.len()` bytes that outlives the call.
    check(unsafe { libc::write(fd, data.as_ptr().cast(), data.len()) }).map(|n| n as usize)
}

/// Close descriptor `fd`.
pub fn close(fd: i32) -> Result<()> {
    // SAFETY: closing a descriptor touches no memory; the program owns its descriptors.
    check(unsafe { libc::close(fd) }).map(drop)
}

/// Move the offset of descriptor `fd`: the new offset.
pub fn lseek(fd: i32, pos: i64, whence: i32) -> Result<i64> {
    // SAFETY: no memory is passed.
    check(unsafe { libc::lseek(fd, pos, whence) })
}

/// A new descriptor for the file of `fd` (close-on-exec).
pub fn dup(fd: i32) -> Result<i32> {
    // SAFETY: no memory is passed.
    check(unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) })
}

/// Make `fd2` a copy of `fd`, close-on-exec unless `inheritable`.
pub fn dup2(fd: i32, fd2: i32, inheritable: bool) -> Result<i32> {
    let flags = if inheritable { 0 } else { libc::O_CLOEXEC };
    if fd == fd2 {
        // SAFETY: no memory is passed.
        return check(unsafe { libc::dup2(fd, fd2) });
    }
    // SAFETY: no memory is passed.
    check(unsafe { libc::dup3(fd, fd2, flags) })
}

/// A pipe (read end, write end), both close-on-exec.
pub fn pipe() -> Result<(i32, i32)> {
    let mut fds = [0i32; 2];
    // SAFETY: `fds` has room for the two descriptors `pipe2` writes.
    check(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) })?;
    Ok((fds[0], fds[1]))
}

/// Whether descriptor `fd` is a terminal.
pub fn isatty(fd: i32) -> bool {
    // SAFETY: no memory is passed.
    unsafe { libc::isatty(fd) == 1 }
}

/// The `stat` of descriptor `fd`.
pub fn fstat(fd: i32) -> Result<libc::stat> {
    // SAFETY: an all-zero `stat` is a valid value of the plain-data struct.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: `st` is a writable `stat` for the call to fill.
    check(unsafe { libc::fstat(fd, &mut st) })?;
    Ok(st)
}

/// The descriptor flag or status flag word of `fd` (`F_GETFD` or `F_GETFL`).
pub fn get_flags(fd: i32, cmd: i32) -> Result<i32> {
    // SAFETY: the get commands take no argument memory.
    check(unsafe { libc::fcntl(fd, cmd) })
}

/// Set the descriptor flag or status flag word of `fd` (`F_SETFD` or `F_SETFL`).
pub fn set_flags(fd: i32, cmd: i32, flags: i32) -> Result<()> {
    // SAFETY: the set commands take an integer argument.
    check(unsafe { libc::fcntl(fd, cmd, flags) }).map(drop)
}

/// Send signal `sig` to process `pid`.
pub fn kill(pid: i32, sig: i32) -> Result<()> {
    // SAFETY: no memory is passed.
    check(unsafe { libc::kill(pid, sig) }).map(drop)
}

/// Wait for child `pid` (`waitpid` semantics): its pid (0 with `WNOHANG` and no change) and
/// status.
pub fn waitpid(pid: i32, options: i32) -> Result<(i32, i32)> {
    let mut status = 0;
    // SAFETY: `status` is a writable int for the call to fill.
    let got = check(unsafe { libc::waitpid(pid, &mut status, options) })?;
    Ok((got, status))
}

/// Set the file-mode creation mask: the previous mask.
pub fn umask(mask: u32) -> u32 {
    // SAFETY: no memory is passed.
    unsafe { libc::umask(mask as libc::mode_t) }
}

/// The real and effective user and group ids and the process group id:
/// `(uid, euid, gid, egid, pgrp)`.
pub fn ids() -> (u32, u32, u32, u32, i32) {
    // SAFETY: these calls take no arguments and cannot fail.
    unsafe { (libc::getuid(), libc::geteuid(), libc::getgid(), libc::getegid(), libc::getpgrp()) }
}

/// `uname()`: sysname, nodename, release, version, machine.
pub fn uname() -> Result<[String; 5]> {
    // SAFETY: an all-zero `utsname` is a valid value of the plain-data struct.
    let mut u: libc::utsname = unsafe { std::mem::zeroed() };
    // SAFETY: `u` is a writable `utsname` for the call to fill.
    check(unsafe { libc::uname(&mut u) })?;
    let field = |f: &[libc::c_char]| {
        let bytes: Vec<u8> = f.iter().take_while(|&&c| c != 0).map(|&c| c as u8).collect();
        String::from_utf8_lossy(&bytes).into_owned()
    };
    Ok([field(&u.sysname), field(&u.nodename), field(&u.release), field(&u.version), field(&u.machine)])
}

/// `times()`: user, system, children's user, children's system and elapsed time in seconds.
pub fn times() -> Result<[f64; 5]> {
    // SAFETY: an all-zero `tms` is a valid value of the plain-data struct.
    let mut t: libc::tms = unsafe { std::mem::zeroed() };
    // SAFETY: `t` is a writable `tms` for the call to fill.
    let elapsed = unsafe { libc::times(&mut t) };
    if elapsed == !0 {
        return Err(Error::last_os_error());
    }
    // SAFETY: `sysconf` takes no memory.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    Ok([t.tms_utime, t.tms_stime, t.tms_cutime, t.tms_cstime, elapsed].map(|v| v as f64 / ticks))
}

/// The size of the terminal on descriptor `fd`: (columns, lines).
pub fn terminal_size(fd: i32) -> Result<(u16, u16)> {
    // SAFETY: an all-zero `winsize` is a valid value of the plain-data struct.
    let mut w: libc::winsize = unsafe { std::mem::zeroed() };
    // SAFETY: `TIOCGWINSZ` fills the `winsize` passed.
    check(unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut w) })?;
    Ok((w.ws_col, w.ws_row))
}

/// Set the access and modification times (seconds, nanoseconds) of `path`; `None`: now.
pub fn utime(path: &CString, times: Option<[(i64, i64); 2]>, follow: bool) -> Result<()> {
    let spec = times.map(|t| t.map(|(s, ns)| libc::timespec { tv_sec: s, tv_nsec: ns }));
    let ptr = spec.as_ref().map_or(std::ptr::null(), |s| s.as_ptr());
    let flags = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
    // SAFETY: `path` is NUL-terminated and `ptr` is null or points to two `timespec`s, all
    // alive during the call.
    check(unsafe { libc::utimensat(libc::AT_FDCWD, path.as_ptr(), ptr, flags) }).map(drop)
}

/// A NUL-terminated array of pointers to `strings` (which must outlive its use).
fn pointers(strings: &[CString]) -> Vec<*const libc::c_char> {
    strings.iter().map(|s| s.as_ptr()).chain(std::iter::once(std::ptr::null())).collect()
}

/// Replace the process by program `path` with arguments `args`: returns only on failure.
pub fn execv(path: &CString, args: &[CString]) -> Error {
    let argv = pointers(args);
    // SAFETY: `path` and every argument are NUL-terminated strings and `argv` is a
    // NUL-terminated array of pointers to them, all alive during the call.
    unsafe { libc::execv(path.as_ptr(), argv.as_ptr()) };
    Error::last_os_error()
}

/// Wait for events on descriptors: `(fd, requested events)` in, the returned events out (in the
/// same order); `timeout_ms` negative: no timeout.
pub fn poll(fds: &[(i32, i16)], timeout_ms: i32) -> Result<Vec<i16>> {
    let mut polled: Vec<libc::pollfd> =
        fds.iter().map(|&(fd, events)| libc::pollfd { fd, events, revents: 0 }).collect();
    // SAFETY: `polled` is a writable array of `polled.len()` `pollfd`s.
    check(unsafe { libc::poll(polled.as_mut_ptr(), polled.len() as libc::nfds_t, timeout_ms) })?;
    Ok(polled.iter().map(|p| p.revents).collect())
}

/// What a child made by [`fork_exec`] does before `exec`.
pub struct ChildSetup {
    /// The program's arguments.
    pub args: Vec<CString>,
    /// The programs to try, in order (the first that exists is run).
    pub executables: Vec<CString>,
    /// The environment (`None`: inherit).
    pub env: Option<Vec<CString>>,
    /// The directory to change to.
    pub cwd: Option<CString>,
    /// Descriptors to make the child's standard input, output and error (-1: keep).
    pub stdio: [i32; 3],
    /// Descriptors to close in the child (the parent's ends of the pipes), -1: none.
    pub close: [i32; 3],
    /// Whether to close every descriptor above 2 except `keep` and `errpipe_write`.
    pub close_fds: bool,
    /// The descriptors to keep open (and make inheritable).
    pub keep: Vec<i32>,
    /// The pipe to report a failure on (the child writes `OSError:<hex errno>:<where>`).
    pub errpipe_write: i32,
    /// Whether to call `setsid`.
    pub new_session: bool,
    /// The umask to set (negative: keep).
    pub umask: i32,
    /// Whether to restore the default handlers of the signals Python ignores (SIGPIPE, SIGXFSZ).
    pub restore_signals: bool,
}

/// Write a failure report to the error pipe (only async-signal-safe calls) and exit.
fn child_fail(errpipe: i32, errno: i32, place: &[u8]) -> ! {
    let mut msg = [0u8; 64];
    let mut n = 0;
    let mut push = |b: u8| {
        if n < msg.len() {
            msg[n] = b;
            n += 1;
        }
    };
    b"OSError:".iter().for_each(|&b| push(b));
    let mut digits = [0u8; 8];
    let mut k = 0;
    let mut v = errno as u32;
    loop {
        digits[k] = b"0123456789abcdef"[(v % 16) as usize];
        k += 1;
        v /= 16;
        if v == 0 {
            break;
        }
    }
    digits[..k].iter().rev().for_each(|&b| push(b));
    push(b':');
    place.iter().for_each(|&b| push(b));
    // SAFETY: `msg` holds `n` initialized bytes; `write` and `_exit` are async-signal-safe.
    unsafe {
        libc::write(errpipe, msg.as_ptr().cast(), n);
        libc::_exit(255)
    }
}

/// The errno of the last failed call.
fn errno() -> i32 {
    Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// The child's side of [`fork_exec`]: set up and exec; never returns.
fn child(setup: &ChildSetup, argv: &[*const libc::c_char], envp: Option<&[*const libc::c_char]>) -> ! {
    let fail = |place: &[u8]| child_fail(setup.errpipe_write, errno(), place);
    // SAFETY: after `fork` the child only makes async-signal-safe calls (dup2, close, chdir,
    // umask, setsid, signal, fcntl, execv/execve, write, _exit) on memory prepared before the
    // fork.
    unsafe {
        for &fd in &setup.close {
            if fd >= 0 {
                libc::close(fd);
            }
        }
        // A descriptor below 3 that must move elsewhere would be overwritten by an earlier dup2.
        let mut stdio = setup.stdio;
        for i in 0..3 {
            if stdio[i] >= 0 && stdio[i] < 3 && stdio[i] != i as i32 {
                let moved = libc::fcntl(stdio[i], libc::F_DUPFD_CLOEXEC, 3);
                if moved < 0 {
                    fail(b"noexec");
                }
                stdio[i] = moved;
            }
        }
        for (i, &fd) in stdio.iter().enumerate() {
            if fd < 0 {
                continue;
            }
            if fd == i as i32 {
                let flags = libc::fcntl(fd, libc::F_GETFD);
                if flags < 0 || libc::fcntl(fd, libc::F_SETFD, flags & !libc::FD_CLOEXEC) < 0 {
                    fail(b"noexec");
                }
            } else if libc::dup2(fd, i as i32) < 0 {
                fail(b"noexec");
            }
        }
        // The error pipe stays close-on-exec: its closing tells the parent that `exec` worked.
        for &fd in setup.keep.iter().filter(|&&fd| fd != setup.errpipe_write) {
            let flags = libc::fcntl(fd, libc::F_GETFD);
            if flags >= 0 {
                libc::fcntl(fd, libc::F_SETFD, flags & !libc::FD_CLOEXEC);
            }
        }
        if setup.close_fds {
            let max = libc::sysconf(libc::_SC_OPEN_MAX).clamp(256, 65536) as i32;
            for fd in 3..max {
                if fd != setup.errpipe_write && !setup.keep.contains(&fd) {
                    libc::close(fd);
                }
            }
        }
        if let Some(cwd) = &setup.cwd {
            if libc::chdir(cwd.as_ptr()) < 0 {
                fail(b"noexec");
            }
        }
        if setup.umask >= 0 {
            libc::umask(setup.umask as libc::mode_t);
        }
        if setup.restore_signals {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
            libc::signal(libc::SIGXFSZ, libc::SIG_DFL);
        }
        if setup.new_session && libc::setsid() < 0 {
            fail(b"noexec");
        }
        let mut last = 0;
        for exe in &setup.executables {
            match envp {
                Some(envp) => libc::execve(exe.as_ptr(), argv.as_ptr(), envp.as_ptr()),
                None => libc::execv(exe.as_ptr(), argv.as_ptr()),
            };
            let e = errno();
            if e != libc::ENOENT && e != libc::ENOTDIR || last == 0 {
                last = e;
            }
        }
        child_fail(setup.errpipe_write, last, b"")
    }
}

/// Start a child process as `_posixsubprocess.fork_exec` does: `fork`, then in the child only
/// async-signal-safe calls until `exec` (everything it needs is prepared here, before the fork, so
/// forking a process with several threads is safe). The child's pid.
pub fn fork_exec(setup: &ChildSetup) -> Result<i32> {
    let argv = pointers(&setup.args);
    let envp = setup.env.as_ref().map(|env| pointers(env));
    // SAFETY: the child branch calls only async-signal-safe functions (see `child`) and never
    // returns; the parent goes on as usual.
    let pid = check(unsafe { libc::fork() })?;
    if pid == 0 {
        child(setup, &argv, envp.as_deref());
    }
    Ok(pid)
}

/// The signal handler every Python-handled signal gets: it records the signal (see
/// [`super::signal::note_signal`]), which is all an asynchronous handler may do.
extern "C" fn on_signal(sig: libc::c_int) {
    super::signal::note_signal(sig);
}

/// What the OS does on a signal.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Disposition {
    /// The default action.
    Default,
    /// Ignore it.
    Ignore,
    /// Record it for the interpreter (see [`on_signal`]).
    Record,
}

/// Set what the OS does on signal `sig`.
pub fn set_disposition(sig: i32, what: Disposition) -> Result<()> {
    let handler = match what {
        Disposition::Default => libc::SIG_DFL,
        Disposition::Ignore => libc::SIG_IGN,
        Disposition::Record => on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t,
    };
    // SAFETY: an all-zero `sigaction` is a valid value of the plain-data struct.
    let mut action: libc::sigaction = unsafe { std::mem::zeroed() };
    action.sa_sigaction = handler;
    action.sa_flags = libc::SA_ONSTACK;
    // SAFETY: `action` is a valid `sigaction` and the handler only touches atomics.
    check(unsafe { libc::sigaction(sig, &action, std::ptr::null_mut()) }).map(drop)
}

/// What the OS does on signal `sig` now.
pub fn disposition(sig: i32) -> Result<Disposition> {
    // SAFETY: an all-zero `sigaction` is a valid value of the plain-data struct.
    let mut old: libc::sigaction = unsafe { std::mem::zeroed() };
    // SAFETY: a null new action only reads the current one into `old`.
    check(unsafe { libc::sigaction(sig, std::ptr::null(), &mut old) })?;
    Ok(match old.sa_sigaction {
        libc::SIG_DFL => Disposition::Default,
        libc::SIG_IGN => Disposition::Ignore,
        _ => Disposition::Record,
    })
}

/// Schedule `SIGALRM` in `seconds` (0: cancel): the seconds left of the previous alarm.
pub fn alarm(seconds: u32) -> u32 {
    // SAFETY: no memory is passed.
    unsafe { libc::alarm(seconds) }
}

/// Send signal `sig` to this process through the calling thread (`raise`): it is delivered
/// before the call returns.
pub fn raise(sig: i32) -> Result<()> {
    // SAFETY: no memory is passed.
    if unsafe { libc::raise(sig) } != 0 {
        return Err(Error::last_os_error());
    }
    Ok(())
}

/// Write one byte to `fd` from a signal handler (async-signal-safe).
pub fn signal_safe_write_byte(fd: i32, byte: u8) {
    // SAFETY: `byte` is one readable byte; `write` is async-signal-safe.
    unsafe {
        libc::write(fd, (&byte as *const u8).cast(), 1);
    }
}

/// The description of signal `sig` (`strsignal`), if it has one.
pub fn strsignal(sig: i32) -> Option<String> {
    // SAFETY: `strsignal` returns a NUL-terminated string (or null) that stays valid until the
    // next call on this thread; it is copied at once.
    unsafe {
        let p = libc::strsignal(sig);
        (!p.is_null()).then(|| std::ffi::CStr::from_ptr(p).to_string_lossy().into_owned())
    }
}

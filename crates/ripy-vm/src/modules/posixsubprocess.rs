//! The `_posixsubprocess` module: `fork_exec`, how `subprocess.Popen` starts a program. The
//! arguments are converted to C strings before the fork; the child runs only async-signal-safe
//! calls until `exec` ([`oscall::fork_exec`]) and reports a failure on the error pipe as
//! `OSError:<hex errno>:<where>`, which `subprocess` reads. `preexec_fn` and the user, group and
//! process-group changes are not supported (`RuntimeError`).

use super::oscall::{self, ChildSetup};
use super::posix::{c_string, flush_std};
use crate::builtins::BuiltinDef;
use crate::exceptions::ExcKind;
use crate::function::Args;
use crate::int::heap_int;
use crate::objspace;
use crate::space::{PyResult, Space};
use metatrace_gc::GcRef;
use std::ffi::CString;

/// The module.
pub const MODULE: super::BuiltinModule = super::BuiltinModule { name: "_posixsubprocess", init };

/// The functions of `_posixsubprocess`.
pub static DEFS: &[BuiltinDef] = &[super::native("_posixsubprocess", "fork_exec", fork_exec)];

fn init(space: &'static Space, m: GcRef) -> PyResult<()> {
    super::add_functions(space, super::namespace(m), "_posixsubprocess");
    Ok(())
}

/// The C strings of a sequence of str/bytes/path-like objects.
fn strings(space: &Space, seq: GcRef, what: &str) -> PyResult<Vec<CString>> {
    objspace::to_vec(seq)?.iter().map(|&v| c_string(space, v, what)).collect()
}

/// A descriptor argument (-1: none).
fn fd(v: GcRef) -> PyResult<i32> {
    Ok(objspace::index_value(v, "an integer is required")? as i32)
}

fn fork_exec(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = super::exact_args::<23>(space, "fork_exec", args)?;
    let [argv, executables, close_fds, keep, cwd, env, p2cread, p2cwrite, c2pread, c2pwrite, errread, errwrite, _errpipe_read, errpipe_write, restore_signals, new_session, pgid, gid, groups, uid, umask, preexec_fn, _vfork] =
        a;
    let unsupported = [(pgid, "process_group"), (gid, "group"), (groups, "extra_groups"), (uid, "user")];
    for (v, name) in unsupported {
        if v != space.none && objspace::int_value(v) != Some(-1) {
            let message = format!("ripy: subprocess with {name}= is not supported");
            return Err(space.new_exception(ExcKind::RuntimeError, &message));
        }
    }
    if preexec_fn != space.none {
        return Err(space.new_exception(ExcKind::RuntimeError, "ripy: subprocess with preexec_fn is not supported"));
    }
    let mut keep_fds = Vec::new();
    for v in objspace::to_vec(keep)?.iter() {
        let n = fd(*v)?;
        if n < 0 || keep_fds.last().is_some_and(|&last| last >= n) {
            return Err(space.new_exception(ExcKind::ValueError, "bad value(s) in fds_to_keep"));
        }
        keep_fds.push(n);
    }
    let setup = ChildSetup {
        args: if argv == space.none { Vec::new() } else { strings(space, argv, "fork_exec")? },
        executables: strings(space, executables, "fork_exec")?,
        env: if env == space.none { None } else { Some(strings(space, env, "fork_exec")?) },
        cwd: if cwd == space.none { None } else { Some(c_string(space, cwd, "fork_exec")?) },
        stdio: [fd(p2cread)?, fd(c2pwrite)?, fd(errwrite)?],
        close: [fd(p2cwrite)?, fd(c2pread)?, fd(errread)?],
        close_fds: objspace::truthy(close_fds)?,
        keep: keep_fds,
        errpipe_write: fd(errpipe_write)?,
        new_session: objspace::truthy(new_session)?,
        umask: fd(umask)?,
        restore_signals: objspace::truthy(restore_signals)?,
    };
    flush_std();
    let pid = oscall::fork_exec(&setup).map_err(|e| super::os_error(space, &e, GcRef::NULL))?;
    Ok(heap_int(i64::from(pid)))
}

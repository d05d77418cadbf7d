//! The `_thread` module: thread identity, locks, `interrupt_main` and the thread excepthook.
//! ripy runs one interpreter thread, so `start_new_thread` raises `RuntimeError` (threads under
//! a GIL are not built yet); the lock classes, `_excepthook` and `_ExceptHookArgs` are Python
//! (`_thread.py`, run as the module's body) over the native `get_ident`, `get_native_id` and
//! `interrupt_main` (which records a signal as if it had arrived, see `signal.rs`).

use super::exact_args;
use crate::builtins::BuiltinDef;
use crate::function::Args;
use crate::int::heap_int;
use crate::space::{PyResult, Space};
use metatrace_gc::GcRef;
use std::sync::atomic::{AtomicI64, Ordering};

/// The module.
pub const MODULE: super::BuiltinModule = super::BuiltinModule { name: "_thread", init };

const fn def(name: &'static str, func: crate::builtins::NativeFn) -> BuiltinDef {
    super::native("_thread", name, func)
}

/// The native functions of `_thread`.
pub static DEFS: &[BuiltinDef] =
    &[def("get_ident", get_ident), def("get_native_id", get_native_id), def("interrupt_main", interrupt_main)];

fn init(space: &'static Space, m: GcRef) -> PyResult<()> {
    super::add_functions(space, super::namespace(m), "_thread");
    super::exec_source(space, m, "<frozen _thread>", include_str!("_thread.py"))
}

thread_local! {
    /// This thread's identifier (given on first use).
    static IDENT: i64 = {
        static NEXT: AtomicI64 = AtomicI64::new(1);
        NEXT.fetch_add(1, Ordering::Relaxed)
    };
}

fn get_ident(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "_thread.get_ident", args)?;
    Ok(heap_int(IDENT.with(|i| *i)))
}

/// The kernel's id of this thread (the first field of `/proc/thread-self/stat`).
fn get_native_id(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "_thread.get_native_id", args)?;
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    let id =
        stat.split_whitespace().next().and_then(|f| f.parse().ok()).unwrap_or_else(|| i64::from(std::process::id()));
    Ok(heap_int(id))
}

/// `interrupt_main(signum=SIGINT)`: act as if signal `signum` arrived (its Python handler runs at
/// the interpreter's next check).
fn interrupt_main(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = super::arg_range(space, "interrupt_main", args, 0, 1)?;
    let sig = match a.first() {
        Some(&v) => crate::objspace::index_value(v, "an integer is required")?,
        None => 2,
    };
    if !(1..65).contains(&sig) {
        return Err(space.new_exception(crate::exceptions::ExcKind::ValueError, "signal number out of range"));
    }
    super::signal::note_signal(sig as i32);
    Ok(space.none)
}

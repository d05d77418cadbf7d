//! The `gc` module: `collect()` runs a full collection of metatrace-gc's heap (and the
//! finalizers it makes due). `disable()`/`enable()` record the state `isenabled()` reports; as
//! in PyPy, the collector keeps collecting while "disabled" (a tracing collector is also the
//! only thing that frees memory), so only programs that test the flag see it.
//!
//! It also owns `__del__`: an instance of a class that defines `__del__` gets a collector
//! finalizer when it is made ([`track_del`]); the finalizer (run at an allocation, where no
//! Python code may run) only roots the object in a queue, and the interpreter calls the queued
//! `__del__` methods, once per object, at its safe points ([`run_due`]: the periodic action of
//! backward jumps and `gc.collect()`), after the due weak reference callbacks.

use super::{arg_range, exact_args};
use crate::builtins::BuiltinDef;
use crate::function::Args;
use crate::int::heap_int;
use crate::space::{PyResult, Space};
use metatrace_gc::GcRef;
use std::cell::Cell;
use std::sync::Mutex;

/// The module.
pub const MODULE: super::BuiltinModule = super::BuiltinModule { name: "gc", init };

const fn def(name: &'static str, func: crate::builtins::NativeFn) -> BuiltinDef {
    super::native("gc", name, func)
}

/// The functions of `gc`.
pub static DEFS: &[BuiltinDef] =
    &[def("collect", collect), def("enable", enable), def("disable", disable), def("isenabled", isenabled)];

/// Objects found unreachable whose `__del__` is still to run, rooted until it runs.
static DUE_DEL: Mutex<Vec<metatrace_gc::Root>> = Mutex::new(Vec::new());

/// `obj`, a new instance of `cls`: when `cls` defines `__del__`, the collector queues it once it
/// finds `obj` unreachable.
pub fn track_del(cls: GcRef, obj: GcRef) -> GcRef {
    if crate::objspace::user_lookup_on(cls, "__del__").is_some() {
        metatrace_gc::add_finalizer(obj, |obj| {
            if let Ok(mut due) = DUE_DEL.lock() {
                due.push(metatrace_gc::Root::new(obj));
            }
        });
    }
    obj
}

/// Run what collections found due: the weak reference callbacks, then the `__del__` methods.
/// Their exceptions are reported on standard error ("Exception ignored in: ..."), as CPython
/// reports unraisable exceptions.
pub fn run_due(space: &'static Space) {
    super::weakref::run_callbacks(space);
    loop {
        let Some(root) = DUE_DEL.lock().ok().and_then(|mut due| due.pop()) else { return };
        let obj = root.get();
        let Some(del) = crate::objspace::user_lookup_on(space.type_of(obj), "__del__") else { continue };
        if let Err(exc) = crate::objspace::call_bound(del, obj, &Args::default()) {
            let what = crate::repr::repr(del).unwrap_or_default();
            let _ = std::io::Write::flush(&mut std::io::stdout());
            eprint!("Exception ignored in: {what}\n{}", crate::traceback::format_exception(exc));
        }
        drop(root);
    }
}

crate::interp_local! {
    static ENABLED: Cell<bool> = const { Cell::new(true) };
}

fn init(space: &'static Space, m: GcRef) -> PyResult<()> {
    let ns = super::namespace(m);
    super::add_functions(space, ns, "gc");
    crate::dict::set_str(ns, space.intern("garbage"), crate::list::new_list(&[]));
    crate::dict::set_str(ns, space.intern("callbacks"), crate::list::new_list(&[]));
    Ok(())
}

/// `gc.collect(generation=2)`: the number of unreachable objects is not counted by the
/// collector, so it returns 0.
fn collect(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    arg_range(space, "collect", args, 0, 1)?;
    metatrace_gc::heap::collect();
    metatrace_gc::weak::run_finalizers();
    run_due(space);
    Ok(heap_int(0))
}

fn enable(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "gc.enable", args)?;
    ENABLED.with(|e| e.set(true));
    Ok(space.none)
}

fn disable(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "gc.disable", args)?;
    ENABLED.with(|e| e.set(false));
    Ok(space.none)
}

fn isenabled(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "gc.isenabled", args)?;
    Ok(space.w_bool(ENABLED.with(Cell::get)))
}

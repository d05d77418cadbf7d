//! The `gc` module: `collect()` runs a full collection of metatrace-gc's heap (and the
//! finalizers it makes due). `disable()`/`enable()` record the state `isenabled()` reports; as
//! in PyPy, the collector keeps collecting while "disabled" (a tracing collector is also the
//! only thing that frees memory), so only programs that test the flag see it.

use super::{arg_range, exact_args};
use crate::builtins::BuiltinDef;
use crate::function::Args;
use crate::int::heap_int;
use crate::space::{PyResult, Space};
use metatrace_gc::GcRef;
use std::cell::Cell;

/// The module.
pub const MODULE: super::BuiltinModule = super::BuiltinModule { name: "gc", init };

const fn def(name: &'static str, func: crate::builtins::NativeFn) -> BuiltinDef {
    super::native("gc", name, func)
}

/// The functions of `gc`.
pub static DEFS: &[BuiltinDef] =
    &[def("collect", collect), def("enable", enable), def("disable", disable), def("isenabled", isenabled)];

thread_local! {
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

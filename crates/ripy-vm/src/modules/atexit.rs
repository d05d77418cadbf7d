//! The `atexit` module: its registry is Python (`_atexit.py`, run as the module's body); the
//! command runs it at exit ([`run_exit_functions`]) and a failing function is reported as
//! CPython reports it, through `sys.unraisablehook` (`Exception ignored in atexit callback: ...`
//! and the traceback).

use super::exact_args;
use crate::builtins::BuiltinDef;
use crate::function::Args;
use crate::space::{PyResult, Space};
use metatrace_gc::{GcObject, GcRef};

/// The module.
pub const MODULE: super::BuiltinModule = super::BuiltinModule { name: "atexit", init };

/// The native part of `atexit`.
pub static DEFS: &[BuiltinDef] = &[super::native("atexit", "_report", report)];

fn init(space: &'static Space, m: GcRef) -> PyResult<()> {
    super::add_functions(space, super::namespace(m), "atexit");
    super::exec_source(space, m, "<frozen atexit>", include_str!("_atexit.py"))
}

/// `_report(func, exc)`: CPython's report of an exception raised by an exit function.
fn report(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [func, exc] = exact_args::<2>(space, "_report", args)?;
    // The first entry is `_run_exitfuncs`'s own frame, which CPython's report does not show.
    if exc.layout() == crate::exceptions::W_Exception::layout() {
        let tb = crate::gc::get_ref(exc, &crate::exceptions::W_Exception::TRACEBACK);
        if !tb.is_null() {
            let inner = crate::gc::get_ref(tb, &crate::traceback::W_Traceback::NEXT);
            crate::gc::set_ref(exc, &crate::exceptions::W_Exception::TRACEBACK, inner);
        }
    }
    super::sys::report_unraisable(exc, Some("Exception ignored in atexit callback"), func);
    Ok(space.none)
}

/// Run the registered exit functions, if the program imported `atexit`.
pub fn run_exit_functions() {
    let space = Space::get();
    let Some(m) = crate::dict::get_str(crate::import::modules_dict(), space.intern("atexit")) else { return };
    if let Ok(run) = crate::objspace::getattr(m, space.intern("_run_exitfuncs")) {
        if let Err(e) = crate::objspace::call(run, &[]) {
            eprint!("{}", crate::traceback::format_exception(e));
        }
    }
}

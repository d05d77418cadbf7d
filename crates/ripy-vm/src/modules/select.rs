//! The `select` module: `select()` and `poll` objects (Python, `select.py`) over the native
//! `_poll(pairs, timeout_ms)`, which waits with the OS's `poll` and returns the events of each
//! `(fd, events)` pair. A signal that interrupts the wait runs the Python handlers, then the wait
//! goes on for the time left (PEP 475).

use super::oscall;
use crate::builtins::BuiltinDef;
use crate::function::Args;
use crate::int::heap_int;
use crate::objspace;
use crate::space::{PyResult, Space};
use metatrace_gc::GcRef;
use std::time::{Duration, Instant};

/// The module.
pub const MODULE: super::BuiltinModule = super::BuiltinModule { name: "select", init };

/// The native functions of `select`.
pub static DEFS: &[BuiltinDef] = &[super::native("select", "_poll", poll)];

fn init(space: &'static Space, m: GcRef) -> PyResult<()> {
    super::add_functions(space, super::namespace(m), "select");
    super::exec_source(space, m, "<frozen select>", include_str!("select.py"))
}

/// `_poll([(fd, events), ...], timeout_ms)`: the returned events of each pair, in order.
fn poll(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [pairs, timeout] = super::exact_args::<2>(space, "_poll", args)?;
    let message = "an integer is required";
    let mut fds = Vec::new();
    for pair in objspace::to_vec(pairs)?.iter() {
        let items = objspace::to_vec(*pair)?;
        let fd = objspace::index_value(items[0], message)?;
        let events = objspace::index_value(items[1], message)?;
        fds.push((fd as i32, events as i16));
    }
    let timeout = objspace::index_value(timeout, message)?;
    let deadline = (timeout >= 0).then(|| Instant::now() + Duration::from_millis(timeout as u64));
    let events = loop {
        let left = deadline.map_or(-1, |d| d.saturating_duration_since(Instant::now()).as_millis() as i32);
        match crate::threadstate::allow_threads(|| oscall::poll(&fds, left)) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => super::signal::check_signals(space)?,
            other => break other.map_err(|e| super::os_error(space, &e, GcRef::NULL))?,
        }
    };
    let keep = metatrace_gc::RootSet::new();
    let items: Vec<GcRef> = events.iter().map(|&e| keep.add(heap_int(i64::from(e)))).collect();
    Ok(crate::list::new_list(&items))
}

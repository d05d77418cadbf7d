//! The `time` module: the clocks (`time`, `monotonic`, `perf_counter`, `process_time` and their
//! `_ns` variants), `sleep`, and `get_clock_info`.

use super::{exact_args, one_arg, record};
use crate::builtins::BuiltinDef;
use crate::exceptions::ExcKind;
use crate::float::heap_float;
use crate::function::Args;
use crate::space::{PyResult, Space};
use metatrace_gc::GcRef;
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The module.
pub const MODULE: super::BuiltinModule = super::BuiltinModule { name: "time", init };

const fn def(name: &'static str, func: crate::builtins::NativeFn) -> BuiltinDef {
    super::native("time", name, func)
}

/// The functions of `time`.
pub static DEFS: &[BuiltinDef] = &[
    def("time", time),
    def("time_ns", time_ns),
    def("monotonic", monotonic),
    def("monotonic_ns", monotonic_ns),
    def("perf_counter", monotonic),
    def("perf_counter_ns", monotonic_ns),
    def("process_time", process_time),
    def("process_time_ns", process_time_ns),
    def("thread_time", process_time),
    def("thread_time_ns", process_time_ns),
    def("sleep", sleep),
    def("get_clock_info", get_clock_info),
];

fn init(space: &'static Space, m: GcRef) -> PyResult<()> {
    super::add_functions(space, super::namespace(m), "time");
    Ok(())
}

/// Nanoseconds since the Unix epoch.
fn now_ns() -> i128 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    }
}

/// Nanoseconds of the monotonic clock (from the first use in this process).
fn monotonic_now_ns() -> i128 {
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_nanos() as i128
}

/// CPU time of the process, in nanoseconds: user and system time from `/proc/self/stat`, else
/// the monotonic clock.
fn cpu_ns() -> i128 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> =
        stat.rsplit_once(')').map(|(_, rest)| rest.split_whitespace().collect()).unwrap_or_default();
    match (fields.get(11).and_then(|f| f.parse::<i128>().ok()), fields.get(12).and_then(|f| f.parse::<i128>().ok())) {
        (Some(user), Some(system)) => (user + system) * 10_000_000,
        _ => monotonic_now_ns(),
    }
}

fn ns_int(ns: i128) -> GcRef {
    crate::bigint::from_ibig(&dashu_int::IBig::from(ns))
}

fn seconds(ns: i128) -> GcRef {
    heap_float(ns as f64 / 1e9)
}

fn time(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "time.time", args)?;
    Ok(seconds(now_ns()))
}

fn time_ns(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "time.time_ns", args)?;
    Ok(ns_int(now_ns()))
}

fn monotonic(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "time.monotonic", args)?;
    Ok(seconds(monotonic_now_ns()))
}

fn monotonic_ns(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "time.monotonic_ns", args)?;
    Ok(ns_int(monotonic_now_ns()))
}

fn process_time(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "time.process_time", args)?;
    Ok(seconds(cpu_ns()))
}

fn process_time_ns(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "time.process_time_ns", args)?;
    Ok(ns_int(cpu_ns()))
}

fn sleep(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let v = one_arg(space, "time.sleep", args)?;
    let secs = super::math::float_arg(space, v).map_err(|_| {
        let message = format!("'{}' object cannot be interpreted as an integer", space.type_name(v));
        space.new_exception(ExcKind::TypeError, &message)
    })?;
    if secs.is_nan() {
        return Err(space.new_exception(ExcKind::ValueError, "Invalid value NaN (not a number)"));
    }
    if secs < 0.0 {
        return Err(space.new_exception(ExcKind::ValueError, "sleep length must be non-negative"));
    }
    if !secs.is_finite() || secs > 1e12 {
        return Err(space.new_exception(ExcKind::OverflowError, "timestamp too large to convert to C _PyTime_t"));
    }
    std::thread::sleep(Duration::from_secs_f64(secs));
    Ok(space.none)
}

fn get_clock_info(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let name = super::str_arg(space, one_arg(space, "time.get_clock_info", args)?, "get_clock_info() argument")?;
    let (implementation, monotonic, adjustable) = match name.as_str() {
        "time" => ("clock_gettime(CLOCK_REALTIME)", false, true),
        "monotonic" | "perf_counter" => ("clock_gettime(CLOCK_MONOTONIC)", true, false),
        "process_time" | "thread_time" => ("clock_gettime(CLOCK_PROCESS_CPUTIME_ID)", true, false),
        _ => return Err(space.new_exception(ExcKind::ValueError, "unknown clock")),
    };
    let attrs = [
        ("implementation", crate::unicode::new_str(implementation)),
        ("monotonic", space.w_bool(monotonic)),
        ("adjustable", space.w_bool(adjustable)),
        ("resolution", heap_float(1e-9)),
    ];
    Ok(record(space, &attrs))
}

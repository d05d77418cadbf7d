//! The `time` module: the clocks (`time`, `monotonic`, `perf_counter`, `process_time` and their
//! `_ns` variants), `sleep`, and `get_clock_info` natively; calendar time (`struct_time`,
//! `localtime`, `gmtime`, `mktime`, `strftime`, `asctime`, `ctime`, the time zone) in Python
//! (`time.py`, run as the module's body) over the C library's `localtime_r`, `gmtime_r`,
//! `mktime` and `strftime`, reached through the native `_broken_down`, `_mktime`, `_strftime`.

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
    def("thread_time", thread_time),
    def("thread_time_ns", thread_time_ns),
    def("sleep", sleep),
    def("get_clock_info", get_clock_info),
    def("_broken_down", broken_down),
    def("_mktime", mktime),
    def("_strftime", strftime),
];

fn init(space: &'static Space, m: GcRef) -> PyResult<()> {
    super::add_functions(space, super::namespace(m), "time");
    super::exec_source(space, m, "<frozen time>", include_str!("time.py"))
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

/// Nanoseconds of CPU time on `clock` (`CLOCK_PROCESS_CPUTIME_ID` for the process,
/// `CLOCK_THREAD_CPUTIME_ID` for the calling thread), else the monotonic clock.
fn cpu_ns(clock: libc::clockid_t) -> i128 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec; the call writes only into it.
    if unsafe { libc::clock_gettime(clock, &mut ts) } != 0 {
        return monotonic_now_ns();
    }
    i128::from(ts.tv_sec) * 1_000_000_000 + i128::from(ts.tv_nsec)
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
    Ok(seconds(cpu_ns(libc::CLOCK_PROCESS_CPUTIME_ID)))
}

fn process_time_ns(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "time.process_time_ns", args)?;
    Ok(ns_int(cpu_ns(libc::CLOCK_PROCESS_CPUTIME_ID)))
}

fn thread_time(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "time.thread_time", args)?;
    Ok(seconds(cpu_ns(libc::CLOCK_THREAD_CPUTIME_ID)))
}

fn thread_time_ns(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "time.thread_time_ns", args)?;
    Ok(ns_int(cpu_ns(libc::CLOCK_THREAD_CPUTIME_ID)))
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
    crate::threadstate::allow_threads(|| std::thread::sleep(Duration::from_secs_f64(secs)));
    Ok(space.none)
}

fn get_clock_info(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let name = super::str_arg(space, one_arg(space, "time.get_clock_info", args)?, "get_clock_info() argument")?;
    let (implementation, monotonic, adjustable) = match name.as_str() {
        "time" => ("clock_gettime(CLOCK_REALTIME)", false, true),
        "monotonic" | "perf_counter" => ("clock_gettime(CLOCK_MONOTONIC)", true, false),
        "process_time" => ("clock_gettime(CLOCK_PROCESS_CPUTIME_ID)", true, false),
        "thread_time" => ("clock_gettime(CLOCK_THREAD_CPUTIME_ID)", true, false),
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

/// `_broken_down(seconds, local)`: the fields of `localtime_r` (or `gmtime_r`) of whole
/// `seconds`: year, month, day, hour, minute, second, weekday (Monday 0), day of the year (from
/// 1), DST flag, zone name, UTC offset.
fn broken_down(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [seconds, local] = exact_args::<2>(space, "_broken_down", args)?;
    let seconds = crate::objspace::int_value(seconds)
        .ok_or_else(|| space.new_exception(ExcKind::OverflowError, "timestamp out of range for platform time_t"))?;
    let local = crate::objspace::truthy(local)?;
    let t: libc::time_t = seconds;
    // SAFETY: `tm` is a plain C struct for which all-zero bytes are a valid value.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: both pointers are valid for the call; the `_r` variants write only into `tm`.
    let ok = unsafe {
        if local {
            !libc::localtime_r(&t, &mut tm).is_null()
        } else {
            !libc::gmtime_r(&t, &mut tm).is_null()
        }
    };
    if !ok {
        return Err(space.new_exception(ExcKind::OverflowError, "timestamp out of range for platform time_t"));
    }
    let zone = if tm.tm_zone.is_null() {
        String::new()
    } else {
        // SAFETY: the C library points `tm_zone` at a NUL-terminated static string.
        unsafe { std::ffi::CStr::from_ptr(tm.tm_zone) }.to_string_lossy().into_owned()
    };
    let ints = [
        i64::from(tm.tm_year) + 1900,
        i64::from(tm.tm_mon) + 1,
        i64::from(tm.tm_mday),
        i64::from(tm.tm_hour),
        i64::from(tm.tm_min),
        i64::from(tm.tm_sec),
        (i64::from(tm.tm_wday) + 6) % 7,
        i64::from(tm.tm_yday) + 1,
        i64::from(tm.tm_isdst),
    ];
    let mut items: crate::objspace::RootedVec = ints.iter().map(|&v| crate::int::heap_int(v)).collect();
    items.push(crate::unicode::new_str(&zone));
    items.push(crate::int::heap_int(tm.tm_gmtoff));
    Ok(crate::tuple::W_Tuple::from_slice(&items))
}

/// A C `tm` from the nine fields of a `struct_time` (ints: the Python side checked them).
fn c_tm(space: &'static Space, fields: GcRef) -> PyResult<libc::tm> {
    let values: Vec<i64> =
        crate::tuple::W_Tuple::items(fields).iter().map(|&v| crate::objspace::int_value(v).unwrap_or(0)).collect();
    let [year, mon, mday, hour, min, sec, wday, yday, isdst, ..] = values[..] else {
        return Err(space.new_exception(ExcKind::TypeError, "function takes a 9-sequence"));
    };
    // SAFETY: `tm` is a plain C struct for which all-zero bytes are a valid value.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    tm.tm_year = (year - 1900) as i32;
    tm.tm_mon = (mon - 1) as i32;
    tm.tm_mday = mday as i32;
    tm.tm_hour = hour as i32;
    tm.tm_min = min as i32;
    tm.tm_sec = sec as i32;
    tm.tm_wday = ((wday + 1) % 7) as i32;
    tm.tm_yday = (yday - 1) as i32;
    tm.tm_isdst = isdst as i32;
    Ok(tm)
}

/// `_mktime(fields)`: seconds since the epoch of local time `fields`, or None when the C
/// library cannot represent it.
fn mktime(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let mut tm = c_tm(space, one_arg(space, "_mktime", args)?)?;
    tm.tm_wday = -1;
    // SAFETY: `tm` is a valid, initialized struct; mktime only normalizes it in place.
    let t = unsafe { libc::mktime(&mut tm) };
    if t == -1 && tm.tm_wday == -1 {
        return Ok(space.none);
    }
    Ok(heap_float(t as f64))
}

/// `_strftime(format, fields)`: the C library's `strftime` of the nine `fields` (the format is
/// free of NUL characters: the Python side checked).
fn strftime(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [format, fields] = exact_args::<2>(space, "_strftime", args)?;
    let tm = c_tm(space, fields)?;
    let format = std::ffi::CString::new(crate::unicode::to_string_lossy(format))
        .map_err(|_| space.new_exception(ExcKind::ValueError, "embedded null character"))?;
    let mut size = 256;
    loop {
        let mut buffer = vec![0u8; size];
        // SAFETY: the buffer holds `size` bytes, the format is NUL-terminated, `tm` is valid.
        let written = unsafe { libc::strftime(buffer.as_mut_ptr().cast(), size, format.as_ptr(), &tm) };
        if written > 0 || size > 1 << 16 {
            buffer.truncate(written);
            return Ok(crate::unicode::new_str(&String::from_utf8_lossy(&buffer)));
        }
        size *= 16;
    }
}

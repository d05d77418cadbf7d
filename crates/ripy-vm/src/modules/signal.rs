//! The `_signal` module and the interpreter's handling of signals.
//!
//! As in CPython and PyPy, the OS-level handler ([`note_signal`], installed through
//! [`oscall::set_disposition`]) only records the signal in atomics (and writes the wakeup byte);
//! the Python handlers run later, on the interpreter thread, at a safe point. The safe points are
//! the periodic actions of PyPy's action flag: a *ticker* (an int field of one GC object,
//! [`W_Ticker`]) that every backward jump decrements; when it goes negative the interpreter makes
//! the residual call [`periodic`], which runs the handlers of the recorded signals and resets the
//! ticker. In machine code this is a field read, a subtraction, a write and a guard per loop
//! iteration. The countdown is long ([`TICKS`]), so that the guard almost never fails in compiled
//! code (each failure leaves it for the interpreter, and the bridge of a guard inside unrolled
//! loops is long); what needs the action sooner makes it due at once, as CPython's eval breaker:
//! the OS-level handler, a thread that waited a switch interval for the GIL, and the collector
//! when it queues `__del__` methods or weak reference callbacks ([`request_periodic`]). Blocking
//! calls (`os.kill`, `select`, ...) run the handlers directly with [`check_signals`] when a
//! signal interrupted them.
//!
//! `SIGINT`'s handler is `default_int_handler` from the start (it raises `KeyboardInterrupt`);
//! `SIGPIPE` and `SIGXFSZ` are ignored, as in CPython.

use super::oscall::{self, Disposition};
use super::{arg_range, exact_args, one_arg};
use crate::builtins::BuiltinDef;
use crate::dict;
use crate::exceptions::ExcKind;
use crate::function::Args;
use crate::int::heap_int;
use crate::objspace;
use crate::space::{PyResult, Space};
use metatrace::call::set_exception;
use metatrace_gc::{GcHeader, GcObject, GcRef};
use metatrace_macros::GcObject;
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicI64, AtomicUsize, Ordering};
use std::sync::Mutex;

/// The module.
pub const MODULE: super::BuiltinModule = super::BuiltinModule { name: "_signal", init };

/// The number of signal numbers (`NSIG`): valid signals are 1 to `NSIG - 1`.
const NSIG: usize = 65;

/// How many backward jumps run between two periodic actions that nothing requested (see the
/// module documentation): about a millisecond of a small compiled loop.
const TICKS: i64 = 100_000;

/// The countdown after a periodic action that left signals pending for another thread (the
/// main thread runs their handlers): short, so that it gets to them soon once it runs.
const TICKS_SIGNALS_PENDING: i64 = 1000;

const fn def(name: &'static str, func: crate::builtins::NativeFn) -> BuiltinDef {
    super::native("_signal", name, func)
}

/// The functions of `_signal`.
pub static DEFS: &[BuiltinDef] = &[
    def("signal", signal),
    def("getsignal", getsignal),
    def("default_int_handler", default_int_handler),
    def("alarm", alarm),
    def("raise_signal", raise_signal),
    def("set_wakeup_fd", set_wakeup_fd),
    def("valid_signals", valid_signals),
    def("strsignal", strsignal),
    def("siginterrupt", siginterrupt),
];

/// The signal numbers of Linux.
const SIGNALS: &[(&str, i64)] = &[
    ("SIGHUP", 1),
    ("SIGINT", 2),
    ("SIGQUIT", 3),
    ("SIGILL", 4),
    ("SIGTRAP", 5),
    ("SIGABRT", 6),
    ("SIGIOT", 6),
    ("SIGBUS", 7),
    ("SIGFPE", 8),
    ("SIGKILL", 9),
    ("SIGUSR1", 10),
    ("SIGSEGV", 11),
    ("SIGUSR2", 12),
    ("SIGPIPE", 13),
    ("SIGALRM", 14),
    ("SIGTERM", 15),
    ("SIGSTKFLT", 16),
    ("SIGCHLD", 17),
    ("SIGCONT", 18),
    ("SIGSTOP", 19),
    ("SIGTSTP", 20),
    ("SIGTTIN", 21),
    ("SIGTTOU", 22),
    ("SIGURG", 23),
    ("SIGXCPU", 24),
    ("SIGXFSZ", 25),
    ("SIGVTALRM", 26),
    ("SIGPROF", 27),
    ("SIGWINCH", 28),
    ("SIGIO", 29),
    ("SIGPOLL", 29),
    ("SIGPWR", 30),
    ("SIGSYS", 31),
    ("SIGRTMIN", 34),
    ("SIGRTMAX", 64),
    ("NSIG", NSIG as i64),
    ("SIG_DFL", 0),
    ("SIG_IGN", 1),
    ("SIG_BLOCK", 0),
    ("SIG_UNBLOCK", 1),
    ("SIG_SETMASK", 2),
    ("ITIMER_REAL", 0),
    ("ITIMER_VIRTUAL", 1),
    ("ITIMER_PROF", 2),
];

const SIGINT: i32 = 2;

/// Whether each signal arrived since its handler last ran.
static TRIPPED: [AtomicBool; NSIG] = [const { AtomicBool::new(false) }; NSIG];
/// Whether any signal arrived since the handlers last ran.
static ANY_TRIPPED: AtomicBool = AtomicBool::new(false);
/// The descriptor `set_wakeup_fd` chose (-1: none).
static WAKEUP_FD: AtomicI32 = AtomicI32::new(-1);

/// Record that signal `sig` arrived and make the periodic action of the signal ticker's
/// interpreter due: all an asynchronous signal handler does.
pub fn note_signal(sig: i32) {
    if let Some(flag) = TRIPPED.get(sig as usize) {
        flag.store(true, Ordering::SeqCst);
        ANY_TRIPPED.store(true, Ordering::SeqCst);
        make_due(SIGNAL_TICKER.load(Ordering::SeqCst));
    }
    let fd = WAKEUP_FD.load(Ordering::SeqCst);
    if fd >= 0 {
        oscall::signal_safe_write_byte(fd, sig as u8);
    }
}

/// The countdown to the next periodic action. See the module documentation.
#[derive(GcObject)]
#[repr(C)]
pub struct W_Ticker {
    /// The object header.
    pub header: GcHeader,
    /// Backward jumps left before the next periodic action.
    pub ticks: i64,
}

crate::interp_local! {
    /// The interpreter's ticker (rooted for the life of the process).
    static TICKER: Cell<GcRef> = const { Cell::new(GcRef::NULL) };
    /// The Python handler of each signal (a list; `None` where Python set none), once `_signal`
    /// is imported or a handler is set.
    static HANDLERS: Cell<GcRef> = const { Cell::new(GcRef::NULL) };
}

/// The address of the ticker that signals make due: the first one made by an interpreter's main
/// thread (the process's interpreter; 0 before it made its ticker).
static SIGNAL_TICKER: AtomicUsize = AtomicUsize::new(0);

/// The addresses of the tickers of all interpreters (each lives as long as the process).
static TICKERS: Mutex<Vec<usize>> = Mutex::new(Vec::new());

thread_local! {
    /// This thread's interpreter's ticker once [`ticker`] has looked it up (a thread runs one
    /// interpreter for life): every backward jump reads it, without the interpreter-local lookup.
    static THREAD_TICKER: Cell<GcRef> = const { Cell::new(GcRef::NULL) };
}

/// The ticker the interpreter decrements at backward jumps.
#[inline]
pub fn ticker() -> GcRef {
    let cached = THREAD_TICKER.with(Cell::get);
    if !cached.is_null() {
        return cached;
    }
    let ticker = interp_ticker();
    THREAD_TICKER.with(|t| t.set(ticker));
    ticker
}

/// The interpreter's ticker, made on first use.
#[cold]
fn interp_ticker() -> GcRef {
    TICKER.with(|t| {
        if t.get().is_null() {
            let obj = metatrace_gc::alloc(W_Ticker::layout());
            crate::gc::set_i64(obj, &W_Ticker::TICKS, TICKS);
            metatrace_gc::Root::new(obj).leak();
            t.set(obj);
            TICKERS.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(obj.addr());
            if crate::threadstate::is_main_thread() {
                let _ = SIGNAL_TICKER.compare_exchange(0, obj.addr(), Ordering::SeqCst, Ordering::SeqCst);
            }
        }
        t.get()
    })
}

/// Make the periodic action of the ticker at `addr` (0: none) due at the next backward jump.
/// Callable from any thread and from an asynchronous signal handler.
fn make_due(addr: usize) {
    if addr == 0 {
        return;
    }
    // SAFETY: `addr` is a ticker's address (`TICKERS`): the object is rooted for the life of the
    // process and the collector never moves objects, so its `ticks` field is a valid, aligned
    // i64 for as long as anyone can call this. Its interpreter's thread reads and writes it with
    // plain accesses (compiled code too), so a store from here may be overwritten by that
    // thread's next countdown store: the request is then lost and the countdown makes the action
    // due later, which delays it and harms nothing else.
    let ticks = unsafe { AtomicI64::from_ptr((addr + W_Ticker::TICKS.offset) as *mut i64) };
    ticks.store(-1, Ordering::SeqCst);
}

/// Make the periodic action of every interpreter due at its next backward jump: for a thread that
/// waited a switch interval for the GIL, and for the `__del__` methods and weak reference
/// callbacks that the collector queued (see [`periodic`]). Needs no GIL.
pub fn request_periodic() {
    for &addr in TICKERS.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).iter() {
        make_due(addr);
    }
}

/// Install the handlers every Python process starts with (`SIGINT`: `KeyboardInterrupt`;
/// `SIGPIPE`, `SIGXFSZ`: ignored), unless the parent made the process ignore `SIGINT`.
pub fn install_startup_handlers() {
    if matches!(oscall::disposition(SIGINT), Ok(Disposition::Default)) {
        let _ = oscall::set_disposition(SIGINT, Disposition::Record);
    }
    let _ = oscall::set_disposition(libc::SIGPIPE, Disposition::Ignore);
    let _ = oscall::set_disposition(libc::SIGXFSZ, Disposition::Ignore);
}

/// End the process by `SIGINT` with the OS's default action, as CPython does after an uncaught
/// `KeyboardInterrupt` (the parent sees a death by the signal; a shell reports 130). If the
/// signal does not end it, exit with status 130.
pub fn exit_by_sigint() -> ! {
    let _ = oscall::set_disposition(SIGINT, Disposition::Default);
    let _ = oscall::raise(SIGINT);
    std::thread::sleep(std::time::Duration::from_millis(100));
    std::process::exit(130)
}

fn periodic_impl() {
    crate::gc::set_i64(ticker(), &W_Ticker::TICKS, TICKS);
    crate::threadstate::periodic();
    super::gc::run_due(Space::get());
    if crate::threadstate::is_main_thread() {
        if let Err(e) = check_signals(Space::get()) {
            set_exception(e);
        }
    }
    if signals_pending() {
        // Handlers still to run: at the next backward jump on the main thread (one raised, the
        // others wait for it), soon after the main thread runs again on another thread.
        let ticks = if crate::threadstate::is_main_thread() { 0 } else { TICKS_SIGNALS_PENDING };
        crate::gc::set_i64(ticker(), &W_Ticker::TICKS, ticks);
    }
}

/// Whether a signal arrived whose handlers have not run yet.
pub fn signals_pending() -> bool {
    ANY_TRIPPED.load(Ordering::SeqCst)
}

metatrace::residual! {
    /// The periodic action of the ticker: let another thread run (see [`crate::threadstate`]), and
    /// on the main thread run the handlers of the signals that arrived.
    pub fn periodic() -> Void;
    effect = Plain; can_raise = true; impl = periodic_impl;
}

/// The handlers table (made on first use, with `SIGINT`'s `default_int_handler`).
fn handlers(space: &Space) -> GcRef {
    HANDLERS.with(|h| {
        if h.get().is_null() {
            let list = crate::list::new_list(&vec![space.none; NSIG]);
            metatrace_gc::Root::new(list).leak();
            h.set(list);
            for sig in 1..NSIG as i32 {
                let handler = match oscall::disposition(sig) {
                    Ok(Disposition::Default) => heap_int(0),
                    Ok(Disposition::Ignore) => heap_int(1),
                    Ok(Disposition::Record) if sig == SIGINT => default_int_handler_object(),
                    _ => space.none,
                };
                set_handler(list, sig, handler);
            }
        }
        h.get()
    })
}

/// Set item `sig` of the handlers list.
fn set_handler(list: GcRef, sig: i32, handler: GcRef) {
    let _ = objspace::setitem(list, heap_int(i64::from(sig)), handler);
}

/// The function object `_signal.default_int_handler` (one, rooted for the life of the process).
fn default_int_handler_object() -> GcRef {
    crate::interp_local! {
        static OBJECT: Cell<GcRef> = const { Cell::new(GcRef::NULL) };
    }
    OBJECT.with(|o| {
        if o.get().is_null() {
            let index = crate::builtins::defs()
                .iter()
                .position(|d| {
                    d.name == "default_int_handler" && matches!(d.owner, crate::builtins::Owner::Native("_signal"))
                })
                .unwrap_or_else(|| unreachable!("_signal.default_int_handler is in the tables"));
            let f = crate::function::new_builtin(index, GcRef::NULL);
            metatrace_gc::Root::new(f).leak();
            o.set(f);
        }
        o.get()
    })
}

/// Run the Python handlers of the signals that arrived (the first exception a handler raises
/// stops the rest, which run at the next check).
pub fn check_signals(space: &Space) -> PyResult<()> {
    if !ANY_TRIPPED.swap(false, Ordering::SeqCst) {
        return Ok(());
    }
    for sig in 1..NSIG {
        if !TRIPPED[sig].swap(false, Ordering::SeqCst) {
            continue;
        }
        let handler = objspace::getitem(handlers(space), heap_int(sig as i64))?;
        if handler == space.none || objspace::int_value(handler).is_some() {
            continue;
        }
        if let Err(e) = objspace::call(handler, &[heap_int(sig as i64), space.none]) {
            ANY_TRIPPED.store(true, Ordering::SeqCst);
            return Err(e);
        }
    }
    Ok(())
}

fn init(space: &'static Space, m: GcRef) -> PyResult<()> {
    let ns = super::namespace(m);
    super::add_functions(space, ns, "_signal");
    for &(name, value) in SIGNALS {
        dict::set_str(ns, space.intern(name), heap_int(value));
    }
    dict::set_str(ns, space.intern("default_int_handler"), default_int_handler_object());
    handlers(space);
    Ok(())
}

/// A signal number argument in the valid range.
fn signal_number(space: &Space, v: GcRef) -> PyResult<i32> {
    let n = objspace::index_value(v, &format!("'{}' object cannot be interpreted as an integer", space.type_name(v)))?;
    if n < 1 || n >= NSIG as i64 {
        return Err(space.new_exception(ExcKind::ValueError, "signal number out of range"));
    }
    Ok(n as i32)
}

fn signal(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [sig, handler] = exact_args::<2>(space, "signal", args)?;
    let sig = signal_number(space, sig)?;
    let what = match objspace::int_value(handler) {
        Some(0) if handler.layout() != crate::int::W_Bool::layout() => Disposition::Default,
        Some(1) if handler.layout() != crate::int::W_Bool::layout() => Disposition::Ignore,
        _ if crate::builtins::is_callable(handler) => Disposition::Record,
        _ => {
            let message = "signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object";
            return Err(space.new_exception(ExcKind::TypeError, message));
        }
    };
    if sig == libc::SIGKILL || sig == libc::SIGSTOP {
        return Err(super::os_error(space, &std::io::Error::from_raw_os_error(libc::EINVAL), GcRef::NULL));
    }
    let list = handlers(space);
    let old = objspace::getitem(list, heap_int(i64::from(sig)))?;
    let _old = metatrace_gc::Root::new(old);
    oscall::set_disposition(sig, what).map_err(|e| super::os_error(space, &e, GcRef::NULL))?;
    set_handler(list, sig, handler);
    Ok(old)
}

fn getsignal(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let sig = signal_number(space, one_arg(space, "getsignal", args)?)?;
    objspace::getitem(handlers(space), heap_int(i64::from(sig)))
}

fn default_int_handler(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let _ = args;
    Err(space.new_exception_args(ExcKind::KeyboardInterrupt, &[]))
}

fn alarm(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let v = one_arg(space, "alarm", args)?;
    let seconds = objspace::index_value(v, "an integer is required")?;
    Ok(heap_int(i64::from(oscall::alarm(seconds.clamp(0, i64::from(u32::MAX)) as u32))))
}

fn raise_signal(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let sig = signal_number(space, one_arg(space, "raise_signal", args)?)?;
    oscall::raise(sig).map_err(|e| super::os_error(space, &e, GcRef::NULL))?;
    check_signals(space)?;
    Ok(space.none)
}

fn set_wakeup_fd(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [fd] = args.positional[..] else {
        let message = format!("set_wakeup_fd() takes exactly 1 positional argument ({} given)", args.positional.len());
        return Err(space.new_exception(ExcKind::TypeError, &message));
    };
    let fd = objspace::index_value(fd, "an integer is required")?;
    if fd != -1 {
        oscall::fstat(fd as i32).map_err(|e| super::os_error(space, &e, GcRef::NULL))?;
    }
    Ok(heap_int(i64::from(WAKEUP_FD.swap(fd as i32, Ordering::SeqCst))))
}

fn valid_signals(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "valid_signals", args)?;
    let s = crate::set::new_set();
    let _s = metatrace_gc::Root::new(s);
    for sig in (1..NSIG as i64).filter(|s| !(32..34).contains(s)) {
        crate::set::add(s, heap_int(sig))?;
    }
    Ok(s)
}

fn strsignal(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let sig = signal_number(space, one_arg(space, "strsignal", args)?)?;
    Ok(oscall::strsignal(sig).map_or(space.none, |s| crate::unicode::new_str(&s)))
}

fn siginterrupt(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = arg_range(space, "siginterrupt", args, 2, 2)?;
    signal_number(space, a[0])?;
    Ok(space.none)
}

//! The `_thread` module: real OS threads running Python code under the interpreter's global
//! interpreter lock (see [`crate::threadstate`]), locks, thread identity, `interrupt_main` and
//! the thread excepthook.
//!
//! The native part is here: `start_new_thread`, the lock primitive behind `LockType` (a table
//! of Rust locks named by integer handles, each freed by a finalizer of the Python lock that owns
//! it), `get_ident`, `get_native_id`, `_count`, `stack_size`, `interrupt_main` (which records a
//! signal as if it had arrived, see `signal.rs`) and the sentinel locks `threading` joins on. The
//! Python part (`_thread.py`, run as the module's body) builds `LockType`, `RLock`, `_local`,
//! `_excepthook` and `_ExceptHookArgs` on them.

use super::{arg_range, exact_args, one_arg};
use crate::builtins::BuiltinDef;
use crate::dict::W_Dict;
use crate::exceptions::ExcKind;
use crate::function::Args;
use crate::int::heap_int;
use crate::objspace;
use crate::space::{PyResult, Space};
use crate::threadstate;
use crate::tuple::W_Tuple;
use metatrace_gc::{GcObject, GcRef, Root};
use std::cell::RefCell;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// The module.
pub const MODULE: super::BuiltinModule = super::BuiltinModule { name: "_thread", init };

const fn def(name: &'static str, func: crate::builtins::NativeFn) -> BuiltinDef {
    super::native("_thread", name, func)
}

/// The native functions of `_thread`.
pub static DEFS: &[BuiltinDef] = &[
    def("get_ident", get_ident),
    def("get_native_id", get_native_id),
    def("interrupt_main", interrupt_main),
    def("start_new_thread", start_new_thread),
    def("_count", count),
    def("stack_size", stack_size),
    def("_lock_new", lock_new),
    // With its caller's frame: the frame a thread waiting for a lock shows in
    // `sys._current_frames()`.
    def("_lock_acquire", lock_acquire).with_frame(),
    def("_lock_release", lock_release),
    def("_lock_locked", lock_locked),
    def("_register_sentinel", register_sentinel),
];

fn init(space: &'static Space, m: GcRef) -> PyResult<()> {
    super::add_functions(space, super::namespace(m), "_thread");
    super::exec_source(space, m, "<frozen _thread>", include_str!("_thread.py"))
}

/// The largest timeout a lock wait takes, in seconds (`TIMEOUT_MAX`, as `_thread.py` says).
const TIMEOUT_MAX: f64 = 9223372036.0;

/// The stack of a new thread when `stack_size()` was not set.
const DEFAULT_STACK_SIZE: usize = 256 << 20;

/// How often a wait of the main thread looks for signals that arrived.
const SIGNAL_POLL: Duration = Duration::from_millis(20);

thread_local! {
    /// This thread's identifier (given on first use).
    static IDENT: i64 = {
        static NEXT: AtomicI64 = AtomicI64::new(1);
        NEXT.fetch_add(1, Ordering::Relaxed)
    };
    /// The sentinel locks of this thread (`_set_sentinel`), released when the thread ends.
    static SENTINELS: RefCell<Vec<Root>> = const { RefCell::new(Vec::new()) };
}

fn get_ident(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "_thread.get_ident", args)?;
    Ok(heap_int(ident()))
}

/// This thread's identifier (`_thread.get_ident()`).
pub fn ident() -> i64 {
    IDENT.with(|i| *i)
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
    let a = arg_range(space, "interrupt_main", args, 0, 1)?;
    let sig = match a.first() {
        Some(&v) => objspace::index_value(v, "an integer is required")?,
        None => 2,
    };
    if !(1..65).contains(&sig) {
        return Err(space.new_exception(ExcKind::ValueError, "signal number out of range"));
    }
    super::signal::note_signal(sig as i32);
    Ok(space.none)
}

/// `_count()`: the threads `start_new_thread` started that are still running.
fn count(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "_count", args)?;
    Ok(heap_int(threadstate::current().running_threads()))
}

/// `stack_size([size])`: the stack size of new threads (0: the default), setting it to `size`.
fn stack_size(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = arg_range(space, "stack_size", args, 0, 1)?;
    let interp = threadstate::current();
    let Some(&v) = a.first() else { return Ok(heap_int(interp.stack_size() as i64)) };
    let size = objspace::index_value(v, "an integer is required")?;
    if size != 0 && size < 32768 {
        return Err(space.new_exception(ExcKind::ValueError, &format!("size not valid: {size} bytes")));
    }
    let size = usize::try_from(size)
        .map_err(|_| space.new_exception(ExcKind::ValueError, "size must be 0 or a positive value"))?;
    Ok(heap_int(interp.set_stack_size(size) as i64))
}

/// `start_new_thread(function, args, kwargs=None)`: run `function(*args, **kwargs)` in a new
/// thread; its identifier is the result.
fn start_new_thread(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = arg_range(space, "start_new_thread", args, 2, 3)?;
    let (function, call_args) = (a[0], a[1]);
    let kwargs = a.get(2).copied().unwrap_or(GcRef::NULL);
    if !crate::builtins::is_callable(function) {
        return Err(space.new_exception(ExcKind::TypeError, "first arg must be callable"));
    }
    if call_args.layout() != W_Tuple::layout() {
        return Err(space.new_exception(ExcKind::TypeError, "2nd arg must be a tuple"));
    }
    if !kwargs.is_null() && kwargs.layout() != W_Dict::layout() {
        return Err(space.new_exception(ExcKind::TypeError, "optional 3rd arg must be a dictionary"));
    }
    let job =
        Root::new(W_Tuple::from_slice(&[function, call_args, if kwargs.is_null() { space.none } else { kwargs }]));
    let start = threadstate::prepare_start();
    let stack = match start.stack_size() {
        0 => DEFAULT_STACK_SIZE,
        n => n,
    };
    let (ident_sender, ident_receiver) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new().stack_size(stack).spawn(move || {
        let _ = ident_sender.send(IDENT.with(|i| *i));
        start.run(|| run_thread(job));
    });
    match spawned {
        Ok(_) => {
            let ident = threadstate::allow_threads(|| ident_receiver.recv().unwrap_or(0));
            Ok(heap_int(ident))
        }
        Err(e) => {
            threadstate::current().start_failed();
            Err(space.new_exception(ExcKind::RuntimeError, &format!("can't start new thread ({e})")))
        }
    }
}

/// The body of a thread `start_new_thread` started (it holds the GIL): make the call, report an
/// exception other than `SystemExit` as CPython does, release the thread's sentinel locks.
fn run_thread(job: Root) {
    let space = Space::get();
    let items = W_Tuple::items(job.get());
    let (function, call_args, kwargs) = (items[0], items[1], items[2]);
    let mut call = Args::positional(&W_Tuple::items(call_args));
    if kwargs != space.none {
        call.keywords = crate::dict::items(kwargs);
    }
    if let Err(exc) = objspace::call_args(function, &call) {
        if !crate::traceback::is_instance_of(exc, ExcKind::SystemExit) {
            super::sys::report_unraisable(exc, Some("Exception ignored in thread started by"), function);
        }
    }
    drop(job);
    if let Some(end) = crate::dict::get_str(crate::import::modules_dict(), space.intern("_thread"))
        .and_then(|m| objspace::getattr(m, space.intern("_end_thread")).ok())
    {
        let _ = objspace::call(end, &[]);
    }
    for sentinel in SENTINELS.with(|s| std::mem::take(&mut *s.borrow_mut())) {
        let lock = sentinel.get();
        if let Ok(release) = objspace::getattr(lock, space.intern("_release_sentinel")) {
            let _ = objspace::call(release, &[]);
        }
    }
}

/// `_register_sentinel(lock)`: release `lock` (held) when the current thread ends.
fn register_sentinel(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let lock = one_arg(space, "_register_sentinel", args)?;
    SENTINELS.with(|s| s.borrow_mut().push(Root::new(lock)));
    Ok(space.none)
}

/// A lock of the lock table: taken by one thread at a time, released by any.
#[derive(Default)]
struct RawLock {
    locked: Mutex<bool>,
    released: Condvar,
}

/// How a wait for a lock ended.
enum Wait {
    Acquired,
    TimedOut,
    /// A signal arrived (waits of the main thread only): its handlers must run.
    Interrupted,
}

impl RawLock {
    fn state(&self) -> MutexGuard<'_, bool> {
        self.locked.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn try_acquire(&self) -> bool {
        let mut locked = self.state();
        !std::mem::replace(&mut *locked, true)
    }

    /// Wait until the lock is taken, `deadline` passes, or (when `interruptible`) a signal arrives.
    fn acquire(&self, deadline: Option<Instant>, interruptible: bool) -> Wait {
        let mut locked = self.state();
        loop {
            if !*locked {
                *locked = true;
                return Wait::Acquired;
            }
            if interruptible && super::signal::signals_pending() {
                return Wait::Interrupted;
            }
            let mut slice = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            if slice == Some(Duration::ZERO) {
                return Wait::TimedOut;
            }
            if interruptible {
                slice = Some(slice.map_or(SIGNAL_POLL, |s| s.min(SIGNAL_POLL)));
            }
            locked = match slice {
                Some(s) => self.released.wait_timeout(locked, s).unwrap_or_else(|p| p.into_inner()).0,
                None => self.released.wait(locked).unwrap_or_else(|p| p.into_inner()),
            };
        }
    }

    /// Release the lock; false if it was not locked.
    fn release(&self) -> bool {
        let mut locked = self.state();
        if !*locked {
            return false;
        }
        *locked = false;
        drop(locked);
        self.released.notify_one();
        true
    }
}

/// The lock table: the locks by handle, and the free handles.
#[derive(Default)]
struct Table {
    locks: Vec<Option<Arc<RawLock>>>,
    free: Vec<usize>,
}

static LOCKS: Mutex<Table> = Mutex::new(Table { locks: Vec::new(), free: Vec::new() });

fn table() -> MutexGuard<'static, Table> {
    LOCKS.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// `_lock_new(owner)`: a new unlocked lock's handle, freed when `owner` is collected.
fn lock_new(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let owner = one_arg(space, "_lock_new", args)?;
    let mut t = table();
    let lock = Some(Arc::new(RawLock::default()));
    let handle = match t.free.pop() {
        Some(free) => {
            t.locks[free] = lock;
            free
        }
        None => {
            t.locks.push(lock);
            t.locks.len() - 1
        }
    };
    drop(t);
    metatrace_gc::add_finalizer(owner, move |_| {
        let mut t = table();
        t.locks[handle] = None;
        t.free.push(handle);
    });
    Ok(heap_int(handle as i64))
}

/// The lock of a handle argument.
fn lock_of(space: &Space, handle: GcRef) -> PyResult<Arc<RawLock>> {
    let index = objspace::index_value(handle, "an integer is required")?;
    let t = table();
    usize::try_from(index)
        .ok()
        .and_then(|i| t.locks.get(i).cloned().flatten())
        .ok_or_else(|| space.new_exception(ExcKind::ValueError, "invalid lock handle"))
}

/// `_lock_acquire(handle, blocking, timeout)`: take the lock, waiting (with the GIL released) if
/// `blocking`, at most `timeout` seconds unless it is -1. Whether it was taken.
fn lock_acquire(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [handle, blocking, timeout] = exact_args::<3>(space, "_lock_acquire", args)?;
    let lock = lock_of(space, handle)?;
    let blocking = objspace::truthy(blocking)?;
    let timeout = super::math::float_arg(space, timeout)?;
    if !blocking && timeout != -1.0 {
        return Err(space.new_exception(ExcKind::ValueError, "can't specify a timeout for a non-blocking call"));
    }
    if timeout < 0.0 && timeout != -1.0 {
        return Err(space.new_exception(ExcKind::ValueError, "timeout value must be positive"));
    }
    if timeout > TIMEOUT_MAX {
        return Err(space.new_exception(ExcKind::OverflowError, "timestamp out of range for platform time_t"));
    }
    if lock.try_acquire() {
        return Ok(space.bools[1]);
    }
    if !blocking {
        return Ok(space.bools[0]);
    }
    let deadline = (timeout >= 0.0).then(|| Instant::now() + Duration::from_secs_f64(timeout));
    let interruptible = threadstate::is_main_thread();
    loop {
        match threadstate::allow_threads(|| lock.acquire(deadline, interruptible)) {
            Wait::Acquired => return Ok(space.bools[1]),
            Wait::TimedOut => return Ok(space.bools[0]),
            Wait::Interrupted => super::signal::check_signals(space)?,
        }
    }
}

/// `_lock_release(handle)`: release the lock (`RuntimeError` if it is not locked).
fn lock_release(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let handle = one_arg(space, "_lock_release", args)?;
    if !lock_of(space, handle)?.release() {
        return Err(space.new_exception(ExcKind::RuntimeError, "release unlocked lock"));
    }
    Ok(space.none)
}

/// `_lock_locked(handle)`: whether the lock is taken.
fn lock_locked(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let handle = one_arg(space, "_lock_locked", args)?;
    let locked = *lock_of(space, handle)?.state();
    Ok(space.bools[usize::from(locked)])
}

//! Threads of one interpreter: what they share, what each owns, and the global interpreter lock.
//!
//! An *interpreter* ([`Interp`]) is one object space and the state that goes with it: the values
//! declared with [`interp_local!`] (`sys.modules`, the code table, the signal handlers, ...). A
//! thread that first touches the VM gets an interpreter of its own (unit tests run one per test
//! thread); a Python thread started by `_thread.start_new_thread` [`adopt`]s its parent's.
//!
//! Python code of one interpreter runs one thread at a time, under the interpreter's global
//! interpreter lock (GIL), as in CPython. While only one thread exists the GIL is not used at
//! all (the single-threaded paths pay nothing); the first `start_new_thread` makes the calling
//! thread its holder. A thread gives the GIL up:
//! * around blocking calls ([`allow_threads`]: lock waits, `time.sleep`, `select`, reads, ...);
//! * at the periodic action of the interpreter's ticker (see [`crate::modules::signal`] and
//!   [`periodic`]; a thread that waited a switch interval makes it due) when another thread waits
//!   and this one held the GIL for at least the switch interval ([`switch_interval`]): it hands
//!   the GIL over and queues again.
//!
//! Switches happen only inside residual calls, so compiled code and the tracer see them as calls
//! that may write anything (no heap knowledge survives them). Each thread has its own JIT
//! ([`crate::interp::install_jit`] with the parameters of its parent's), since the framework's
//! JIT state and compiled code belong to one thread.
//!
//! The per-thread execution state that lives in the shared [`Space::exec_state`] object (the
//! depth of Python frames and the exception being handled) is saved when a thread gives up the
//! GIL and restored when it gets it back. A thread without the GIL is inside
//! [`metatrace_gc::heap::blocking`]: collections run without waiting for it and scan its stack
//! (where its saved state is) as it was when it stopped.

use crate::frame::W_ExecState;
use crate::gc;
use crate::space::Space;
use metatrace_gc::GcRef;
use std::any::Any;
use std::cell::{Cell, RefCell, UnsafeCell};
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How long, in microseconds, a thread keeps the GIL, when others wait, before the periodic
/// action hands it over (`sys.setswitchinterval`; CPython's default, 5 ms).
static SWITCH_INTERVAL_US: AtomicU64 = AtomicU64::new(5000);

/// The switch interval ([`SWITCH_INTERVAL_US`]).
pub fn switch_interval() -> Duration {
    Duration::from_micros(SWITCH_INTERVAL_US.load(Ordering::Relaxed))
}

/// Set the switch interval (at least one microsecond, as CPython's).
pub fn set_switch_interval(interval: Duration) {
    SWITCH_INTERVAL_US.store((interval.as_micros() as u64).max(1), Ordering::Relaxed);
}

/// One interpreter: the state its threads share. See the module documentation.
pub struct Interp {
    /// The values of [`InterpLocal`]s, by their index (leaked: they live as long as the process).
    slots: UnsafeCell<Vec<Option<&'static dyn Any>>>,
    /// The global interpreter lock.
    gil: Gil,
    /// Set by the first `start_new_thread`: from then on the GIL is held by the running thread.
    threaded: AtomicBool,
    /// The threads `start_new_thread` started that are still running (`_thread._count()`).
    running: AtomicI64,
    /// The stack size for new threads (`_thread.stack_size()`; 0: the default).
    stack_size: AtomicUsize,
}

// SAFETY: `slots` is only read and written by the thread that runs Python code of the
// interpreter: the only thread before `threaded` is set, the holder of the GIL after; the values
// in it are reached only the same way. The other fields are atomics and locks.
unsafe impl Sync for Interp {}

thread_local! {
    /// The interpreter of this thread (made on first use, or adopted from the parent thread).
    static CURRENT: Cell<Option<&'static Interp>> = const { Cell::new(None) };
    /// Whether this thread is its interpreter's main thread (the one that made it).
    static MAIN: Cell<bool> = const { Cell::new(false) };
}

/// The interpreter of this thread.
pub fn current() -> &'static Interp {
    CURRENT.with(Cell::get).unwrap_or_else(|| {
        let interp: &'static Interp = Box::leak(Box::new(Interp {
            slots: UnsafeCell::new(Vec::new()),
            gil: Gil::new(),
            threaded: AtomicBool::new(false),
            running: AtomicI64::new(0),
            stack_size: AtomicUsize::new(0),
        }));
        CURRENT.with(|c| c.set(Some(interp)));
        MAIN.with(|m| m.set(true));
        interp
    })
}

/// Make `interp` the interpreter of this (new) thread, which is not its main thread.
pub fn adopt(interp: &'static Interp) {
    CURRENT.with(|c| c.set(Some(interp)));
    MAIN.with(|m| m.set(false));
}

/// Whether this thread is the main thread of its interpreter (the one signal handlers run on).
pub fn is_main_thread() -> bool {
    current();
    MAIN.with(Cell::get)
}

impl Interp {
    /// The value of slot `index`, made by `init` on first use.
    fn slot<T: 'static>(&self, index: usize, init: fn() -> T) -> &'static T {
        // SAFETY: see `unsafe impl Sync for Interp`: only the running thread is here, and no
        // reference into the vector outlives this block (`init` below may use other slots).
        let existing = unsafe { (&*self.slots.get()).get(index).copied().flatten() };
        let value = match existing {
            Some(value) => value,
            None => {
                let made: &'static dyn Any = Box::leak(Box::new(init()));
                // SAFETY: as above; `init` has returned, so nothing else borrows the vector.
                let slots = unsafe { &mut *self.slots.get() };
                if slots.len() <= index {
                    slots.resize(index + 1, None);
                }
                *slots[index].get_or_insert(made)
            }
        };
        value.downcast_ref::<T>().unwrap_or_else(|| unreachable!("a slot holds the type its InterpLocal declares"))
    }

    /// The number of threads started by `start_new_thread` still running.
    pub fn running_threads(&self) -> i64 {
        self.running.load(Ordering::SeqCst)
    }

    /// A thread [`prepare_start`] counted could not be started.
    pub fn start_failed(&self) {
        self.running.fetch_sub(1, Ordering::SeqCst);
    }

    /// The stack size `_thread.stack_size` set (0: the default).
    pub fn stack_size(&self) -> usize {
        self.stack_size.load(Ordering::SeqCst)
    }

    /// Set the stack size of new threads, returning the previous setting.
    pub fn set_stack_size(&self, size: usize) -> usize {
        self.stack_size.swap(size, Ordering::SeqCst)
    }
}

/// A value shared by the threads of an interpreter, one per interpreter (the interpreter-wide
/// counterpart of `thread_local!`; declare with [`interp_local!`]). Only the thread running
/// Python code of the interpreter reads it, so `T` needs no synchronization of its own.
pub struct InterpLocal<T: 'static> {
    init: fn() -> T,
    /// The slot index plus one (0: not assigned yet).
    index: AtomicUsize,
}

/// The next slot index to assign.
static NEXT_SLOT: AtomicUsize = AtomicUsize::new(0);

impl<T: 'static> InterpLocal<T> {
    /// A value made by `init` the first time each interpreter uses it.
    pub const fn new(init: fn() -> T) -> InterpLocal<T> {
        InterpLocal { init, index: AtomicUsize::new(0) }
    }

    /// Run `f` with the current interpreter's value.
    #[inline]
    pub fn with<R>(&'static self, f: impl FnOnce(&T) -> R) -> R {
        let mut index = self.index.load(Ordering::Acquire);
        if index == 0 {
            let fresh = NEXT_SLOT.fetch_add(1, Ordering::SeqCst) + 1;
            index = match self.index.compare_exchange(0, fresh, Ordering::AcqRel, Ordering::Acquire) {
                Ok(_) => fresh,
                Err(assigned) => assigned,
            };
        }
        f(current().slot(index - 1, self.init))
    }
}

/// Declare statics shared by the threads of an interpreter: `thread_local!`'s syntax, with
/// [`InterpLocal`] values.
#[macro_export]
macro_rules! interp_local {
    ($(#[$attr:meta])* $vis:vis static $name:ident: $t:ty = const { $init:expr }; $($rest:tt)*) => {
        $crate::interp_local!($(#[$attr])* $vis static $name: $t = $init; $($rest)*);
    };
    ($(#[$attr:meta])* $vis:vis static $name:ident: $t:ty = $init:expr; $($rest:tt)*) => {
        $(#[$attr])* $vis static $name: $crate::threadstate::InterpLocal<$t> =
            $crate::threadstate::InterpLocal::new(|| $init);
        $crate::interp_local!($($rest)*);
    };
    () => {};
}

/// The global interpreter lock.
struct Gil {
    state: Mutex<GilState>,
    /// Signalled when the GIL is released and when it changes hands.
    changed: Condvar,
}

struct GilState {
    /// Some thread holds the GIL.
    held: bool,
    /// Threads waiting in [`Gil::acquire`].
    waiting: usize,
    /// How many times the GIL was taken.
    taken: u64,
    /// When the holder took it.
    since: Instant,
}

impl Gil {
    fn new() -> Gil {
        Gil {
            state: Mutex::new(GilState { held: false, waiting: 0, taken: 0, since: Instant::now() }),
            changed: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, GilState> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn wait<'a>(&self, state: MutexGuard<'a, GilState>) -> MutexGuard<'a, GilState> {
        self.changed.wait(state).unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Take the GIL, waiting for its holder to release it.
    fn acquire(&self) {
        drop(self.take(self.lock()));
    }

    /// Wait until the GIL is free and take it (telling the threads that wait for it to change
    /// hands). After each switch interval of waiting, make the holder's periodic action due, in
    /// which it hands the GIL over.
    fn take<'a>(&self, mut state: MutexGuard<'a, GilState>) -> MutexGuard<'a, GilState> {
        state.waiting += 1;
        while state.held {
            let (next, waited) =
                self.changed.wait_timeout(state, switch_interval()).unwrap_or_else(|poisoned| poisoned.into_inner());
            state = next;
            if waited.timed_out() && state.held {
                crate::modules::signal::request_periodic();
            }
        }
        state.waiting -= 1;
        state.held = true;
        state.taken += 1;
        state.since = Instant::now();
        self.changed.notify_all();
        state
    }

    /// Release the GIL (held by the current thread).
    fn release(&self) {
        self.lock().held = false;
        self.changed.notify_all();
    }

    /// Whether another thread waits and the holder had the GIL for a switch interval.
    fn switch_due(&self) -> bool {
        let state = self.lock();
        state.waiting > 0 && state.since.elapsed() >= switch_interval()
    }

    /// Release the GIL, wait until another thread took it, and take it again.
    fn hand_over(&self) {
        let mut state = self.lock();
        if state.waiting == 0 {
            return;
        }
        let taken = state.taken;
        state.held = false;
        self.changed.notify_all();
        while state.taken == taken {
            state = self.wait(state);
        }
        drop(self.take(state));
    }
}

/// The execution state of a thread while it does not hold the GIL. Its `handled` reference is
/// kept alive by the conservative scan of the thread's stack.
#[derive(Copy, Clone)]
struct Saved {
    depth: i64,
    handled: GcRef,
}

fn save(space: &Space) -> Saved {
    Saved {
        depth: gc::get_i64(space.exec_state, &W_ExecState::DEPTH),
        handled: gc::get_ref(space.exec_state, &W_ExecState::HANDLED),
    }
}

fn restore(space: &Space, saved: Saved) {
    gc::set_i64(space.exec_state, &W_ExecState::DEPTH, saved.depth);
    gc::set_ref(space.exec_state, &W_ExecState::HANDLED, saved.handled);
}

/// A thread of the interpreter that waits without the GIL, as `sys._current_frames()` and
/// `sys._current_exceptions()` report it.
#[derive(Copy, Clone)]
pub struct Waiting {
    /// Its identifier (`_thread.get_ident()`).
    pub ident: i64,
    /// The frame of the builtin call it waits in ([`crate::frame::native_caller`]), or null.
    pub frame: GcRef,
    /// The exception it handles, or null.
    pub handled: GcRef,
}

crate::interp_local! {
    /// The threads waiting without the GIL (read and written only by the GIL's holder; their
    /// objects are alive on the waiting threads' stacks).
    static WAITING: RefCell<Vec<Waiting>> = RefCell::new(Vec::new());
}

/// The threads of the interpreter that wait without the GIL.
pub fn waiting_threads() -> Vec<Waiting> {
    WAITING.with(|w| w.borrow().clone())
}

/// Run `wait` (which gives the GIL up and takes it back) with this thread's execution state
/// saved and the thread listed as waiting.
fn without_gil<R>(space: &Space, wait: impl FnOnce() -> R) -> R {
    let saved = std::hint::black_box(save(space));
    let ident = crate::modules::thread::ident();
    // Another thread may read the frame's chain meanwhile (`sys._current_frames()`).
    let frame = crate::frame::native_caller();
    crate::frame::mark_escaped_resolved(frame);
    WAITING.with(|w| w.borrow_mut().push(Waiting { ident, frame, handled: saved.handled }));
    let result = metatrace_gc::heap::blocking(wait);
    WAITING.with(|w| w.borrow_mut().retain(|t| t.ident != ident));
    restore(space, std::hint::black_box(saved));
    result
}

/// Run `f` (a blocking call that touches no heap object) with the GIL released, so that other
/// threads run meanwhile. Just runs `f` while the interpreter has a single thread.
pub fn allow_threads<R>(f: impl FnOnce() -> R) -> R {
    let interp = current();
    if !interp.threaded.load(Ordering::Relaxed) {
        return f();
    }
    without_gil(Space::get(), || {
        interp.gil.release();
        let result = f();
        interp.gil.acquire();
        result
    })
}

/// The periodic action's part: hand the GIL over if another thread waits and this one had it
/// for a switch interval.
pub fn periodic() {
    let interp = current();
    if !interp.threaded.load(Ordering::Relaxed) || !interp.gil.switch_due() {
        return;
    }
    without_gil(Space::get(), || interp.gil.hand_over());
}

/// What a new thread needs to start: its interpreter, the space, the JIT parameters, and the
/// call to make.
pub struct Start {
    interp: &'static Interp,
    space: &'static Space,
    params: metatrace::params::JitParams,
}

/// Prepare to start a thread of the current interpreter: from now on the interpreter has several
/// threads and the calling thread holds the GIL. The thread is counted as running.
pub fn prepare_start() -> Start {
    let interp = current();
    if !interp.threaded.swap(true, Ordering::SeqCst) {
        let mut state = interp.gil.lock();
        state.held = true;
        state.since = Instant::now();
    }
    interp.running.fetch_add(1, Ordering::SeqCst);
    Start { interp, space: Space::get(), params: crate::interp::jit().params().clone() }
}

// SAFETY: `Start` carries references to the interpreter (Sync) and to the space, which the new
// thread uses only while it holds the GIL; the JIT parameters are plain data.
unsafe impl Send for Start {}

impl Start {
    /// On the new thread: join the interpreter, take the GIL, run `body`, and leave (releasing
    /// the GIL; the thread is no longer counted as running).
    pub fn run(self, body: impl FnOnce()) {
        adopt(self.interp);
        crate::space::adopt(self.space);
        metatrace_gc::heap::blocking(|| self.interp.gil.acquire());
        crate::interp::install_jit(self.params);
        restore(self.space, Saved { depth: 0, handled: GcRef::NULL });
        body();
        self.interp.running.fetch_sub(1, Ordering::SeqCst);
        self.interp.gil.release();
    }

    /// The stack size the new thread should get (0: the default).
    pub fn stack_size(&self) -> usize {
        self.interp.stack_size()
    }
}

/// Wait for the threads that must end before the interpreter does, as CPython's finalization
/// does: call `threading._shutdown()` if `threading` was imported.
pub fn shutdown() {
    let space = Space::get();
    let Some(threading) = crate::dict::get_str(crate::import::modules_dict(), space.intern("threading")) else {
        return;
    };
    let Ok(wait) = crate::objspace::getattr(threading, space.intern("_shutdown")) else { return };
    if let Err(e) = crate::objspace::call(wait, &[]) {
        crate::modules::sys::report_unraisable(e, None, threading);
    }
}

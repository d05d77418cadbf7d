//! Mutator threads: one MMTk mutator per thread that allocates, safepoints, and stopping the world.
//!
//! A thread becomes a mutator the first time it allocates (or writes a reference), and stops being
//! one when it exits. Collections are stop-the-world: a GC worker asks every mutator to stop and
//! waits until all have parked. Threads park only at safepoints, which are the allocation paths:
//! a thread that triggers a collection parks in `block_for_gc`; the others notice the request
//! (an atomic flag, polled on every allocation) and park. Before parking, a thread spills its
//! registers to its stack, records where its stack ends, and snapshots the roots it registered in
//! Rust memory ([`crate::roots`]); the collector then scans that stack range and those roots
//! conservatively (see [`super::conservative`]) while the thread waits for the collection to end.
//!
//! A mutator thread that is about to block for long without allocating (waiting on another mutator
//! thread, sleeping, reading a pipe) runs the blocking call in [`blocking`]: for its duration the
//! thread counts as parked (its registers spilled, its stack range and roots recorded as for a
//! park), so that collections proceed without it; when the call returns the thread waits for a
//! collection under way to end before it touches the heap again.

use super::{conservative, stats};
use super::{instance, Metatrace};
use crate::inline::AllocContext;
use mmtk::util::alloc::AllocationError;
use mmtk::util::opaque_pointer::{OpaquePointer, VMMutatorThread, VMThread, VMWorkerThread};
use mmtk::util::Address;
use mmtk::vm::{ActivePlan, Collection, GCThreadContext};
use mmtk::{memory_manager, Mutator};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// A registered mutator thread, allocated once and freed when the thread exits.
struct Record {
    /// The thread's MMTk mutator (set right after the record is allocated).
    mutator: Option<Box<Mutator<Metatrace>>>,
    /// The highest address of the thread's stack.
    stack_top: usize,
    /// What machine code running on this thread allocates through inline.
    context: AllocContext,
}

/// What a parked thread left for the collector: where its stack is, and its registered roots.
#[derive(Clone, Default)]
pub(super) struct Parked {
    /// Its stack in use, `(lowest, highest)` addresses (registers spilled at or above the lowest).
    pub stack: (usize, usize),
    /// The ranges of that stack not to scan ([`crate::hidden`]): sorted, disjoint, inside it.
    pub hidden: Vec<(usize, usize)>,
    /// Words of its root sets and rooted slices.
    pub words: Vec<usize>,
}

struct Entry {
    record: *mut Record,
    parked: Option<Parked>,
    /// Set while the thread runs a blocking call ([`blocking`]): what it left for the collector.
    blocked: Option<Parked>,
}

struct State {
    threads: Vec<Entry>,
    /// A GC worker has asked the mutators to stop (and not yet resumed them).
    stopping: bool,
    /// How many threads are parked (for the collection under way or about to start).
    parked: usize,
    /// Collections completed so far.
    completed: u64,
    /// When the current pause started.
    pause_started: Option<Instant>,
    /// Total time the world was stopped.
    paused: Duration,
}

// SAFETY: the raw record pointers are only dereferenced under the protocol described on `World`:
// by their owning thread while it is not parked, and by GC workers while it is parked.
unsafe impl Send for State {}

/// The registry of mutator threads and the stop-the-world handshake. A record's mutator is used by
/// its own thread while that thread runs, and by GC workers only between `stop_all_mutators`
/// (which returns once every registered thread is parked) and `resume_mutators`.
struct World {
    state: Mutex<State>,
    changed: Condvar,
}

static WORLD: World = World {
    state: Mutex::new(State {
        threads: Vec::new(),
        stopping: false,
        parked: 0,
        completed: 0,
        pause_started: None,
        paused: Duration::ZERO,
    }),
    changed: Condvar::new(),
};

/// Polled by mutators on every allocation: a GC worker wants the world stopped.
static STOPPING: AtomicBool = AtomicBool::new(false);

/// Collections completed so far (a copy of `State::completed` readable without the lock).
static COMPLETED: AtomicU64 = AtomicU64::new(0);

fn lock() -> MutexGuard<'static, State> {
    WORLD.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn wait(state: MutexGuard<'static, State>) -> MutexGuard<'static, State> {
    WORLD.changed.wait(state).unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The current thread's registration; dropping it (at thread exit) unregisters the thread.
struct Registration {
    record: *mut Record,
}

thread_local! {
    static CURRENT: Registration = Registration::new();
    /// A heap-size out-of-memory error was reported for this thread's last allocation.
    static OUT_OF_MEMORY: Cell<bool> = const { Cell::new(false) };
    /// The fast path of Rust allocations on this thread (see [`fast_alloc`]): `None` until the
    /// thread is registered, after it is unregistered, and when every allocation must take the
    /// slow path (stress mode, a plan without a bump pointer).
    static FAST: Cell<Option<FastAlloc>> = const { Cell::new(None) };
}

/// What the allocation fast path of Rust code needs (the bump pointer machine code uses too).
#[derive(Copy, Clone)]
struct FastAlloc {
    /// The thread's allocation context (its bump pointer and its counters).
    context: *const AllocContext,
    /// The largest object the default space takes.
    max_size: usize,
    /// The base of the valid-object bit table.
    vo_bit_base: usize,
}

impl Registration {
    fn new() -> Registration {
        let mmtk = super::mmtk();
        let record = Box::into_raw(Box::new(Record {
            mutator: None,
            stack_top: conservative::stack_top(),
            context: AllocContext::new(crate::config::config().stress.unwrap_or(0)),
        }));
        let tls = VMMutatorThread(VMThread(OpaquePointer::from_address(Address::from_mut_ptr(record))));
        let mut state = lock();
        // Mutators are not created during a pause.
        while state.stopping {
            state = wait(state);
        }
        // SAFETY: `record` was just allocated and is not shared yet.
        unsafe {
            let mutator = memory_manager::bind_mutator(mmtk, tls);
            // The mutator is boxed: its bump pointer stays where it is until the thread exits.
            (*record).context.bump =
                super::bump_pointer_offset().map_or(0, |offset| &*mutator as *const _ as usize + offset);
            (*record).mutator = Some(mutator);
        }
        state.threads.push(Entry { record, parked: None, blocked: None });
        if let (Some(inline), 0) = (crate::inline::inline_alloc(), crate::config::config().stress.unwrap_or(0)) {
            // SAFETY: the record lives until `Registration::drop`, which clears `FAST` first.
            let context = unsafe { &raw const (*record).context };
            let (max_size, _) = super::inline_alloc_limits();
            FAST.set(Some(FastAlloc { context, max_size, vo_bit_base: inline.vo_bit_base }));
        }
        Registration { record }
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        FAST.set(None);
        let mut state = lock();
        while state.stopping {
            // The thread no longer touches the heap, but the collector counts on it: park with
            // nothing to scan until the collection is over.
            state = park_locked(state, self.record, Parked::default());
        }
        let index = state.threads.iter().position(|e| e.record == self.record).expect("a registered thread");
        state.threads.swap_remove(index);
        WORLD.changed.notify_all();
        // SAFETY: the record is no longer registered, so no GC worker can reach it, and no pause is
        // under way (mutators are not destroyed during one); this thread owns it.
        let mut record = unsafe { Box::from_raw(self.record) };
        crate::heap::count_exited_thread_allocations(&record.context);
        if let Some(mutator) = record.mutator.as_mut() {
            memory_manager::destroy_mutator(mutator);
        }
        drop(state);
    }
}

/// Run `f` with the current thread's mutator (registering the thread on first use).
pub(super) fn with_mutator<R>(f: impl FnOnce(&mut Mutator<Metatrace>) -> R) -> R {
    let record = CURRENT.with(|r| r.record);
    // SAFETY: the record belongs to this thread, which is running (not parked), so no GC worker
    // uses its mutator now; if `f` parks this thread (an allocation that collects), MMTk uses the
    // mutator during the pause by design, and `f` does not touch it again until the pause is over.
    let mutator = unsafe { (*record).mutator.as_mut().expect("a bound mutator") };
    f(mutator)
}

/// The current thread's allocation context for machine code (registering the thread on first use).
pub(super) fn alloc_context() -> *const AllocContext {
    let record = CURRENT.with(|r| r.record);
    // SAFETY: the record belongs to this thread and lives until the thread exits; the context is
    // only written by machine code running on this thread.
    unsafe { &raw const (*record).context }
}

/// Allocate `size` bytes (a multiple of 8, at least 8) by bumping the current thread's bump
/// pointer, as machine code does (see [`crate::inline`]): the bytes are zero already, the
/// object's valid-object bit is set and the context's counters are advanced; the
/// caller writes the header. `None` when the fast path does not apply: the thread is not
/// registered yet, a collection wants the world stopped, the buffer is exhausted, the object is
/// too large for the default space, or the configuration allows no fast path.
#[inline(always)]
pub(super) fn fast_alloc(size: usize) -> Option<usize> {
    let fast = FAST.get()?;
    if size > fast.max_size || STOPPING.load(Ordering::Relaxed) {
        return None;
    }
    // SAFETY: the context belongs to this running thread (FAST is cleared before its record is
    // freed), and its bump pointer is the thread's mutator's cursor and limit, which only this
    // thread changes while it runs. The bytes between cursor and limit are a buffer MMTk handed
    // to this thread's allocator, so the object is owned by no one else; the valid-object bit's
    // byte covers 64 bytes of one line of that buffer, so no other thread writes it while this
    // thread runs (collectors change it only while the world is stopped).
    unsafe {
        let context = &*fast.context;
        let bump = context.bump as *mut usize;
        let cursor = bump.read();
        let limit = bump.add(1).read();
        if cursor == 0 || size > limit.wrapping_sub(cursor) {
            return None;
        }
        bump.write(cursor + size);
        // The buffer is zeroed already: only bump-pointer plans have a fast path, and MMTk
        // zeroes what they hand out (see `super::hands_out_zeroed_memory`).
        debug_assert!(super::hands_out_zeroed_memory() && super::is_zeroed(cursor, size));
        set_own_vo_bit(fast.vo_bit_base, cursor);
        context.count(size as u64, 1);
        Some(cursor)
    }
}

/// Set the valid-object bit of the object at `addr` (the bit table at `vo_bit_base`) with a plain
/// store, where MMTk's `post_alloc` uses an atomic read-modify-write, which stalls on the table's
/// line (rarely cached: the block was swept or acquired long ago).
///
/// # Safety
///
/// `addr` is an object the current thread, which is running, just allocated in one of its
/// allocator's buffers: the bit's byte covers 64 bytes of that buffer (MMTk hands a bump allocator
/// whole 256-byte Immix lines, whole blocks for objects larger than a line, or whole pages), so no
/// other thread writes it meanwhile (collectors change it only while the world is stopped).
#[inline(always)]
pub(super) unsafe fn set_own_vo_bit(vo_bit_base: usize, addr: usize) {
    let vo_byte = (vo_bit_base + (addr >> 6)) as *mut u8;
    // SAFETY: the byte is in the bit table, which MMTk maps for every address of its spaces, and
    // only this thread writes it now (see above).
    unsafe { vo_byte.write(vo_byte.read() | (1 << ((addr >> 3) & 7))) };
}

/// Objects and bytes allocated on the threads registered now.
pub(super) fn live_thread_allocations() -> (u64, u64) {
    let state = lock();
    state.threads.iter().fold((0, 0), |(objects, bytes), e| {
        // SAFETY: registered records are alive (a thread unregisters under this lock before its
        // record is freed); the counters are atomics.
        let context = unsafe { &(*e.record).context };
        (objects + context.objects.load(Ordering::Relaxed), bytes + context.bytes.load(Ordering::Relaxed))
    })
}

/// The current thread's MMTk thread handle.
pub(super) fn current_tls() -> VMMutatorThread {
    with_mutator(|m| m.mutator_tls)
}

/// A safepoint: park if a collection is waiting for this thread.
pub(super) fn poll() {
    if STOPPING.load(Ordering::Acquire) {
        let record = CURRENT.with(|r| r.record);
        park(record, false);
    }
}

/// Park the current thread for a collection: `own` when this thread triggered it (MMTk's
/// `block_for_gc`), else only if the world is being stopped.
fn park(record: *mut Record, own: bool) {
    // SAFETY: the record belongs to the current thread.
    let stack_top = unsafe { (*record).stack_top };
    conservative::with_registers_spilled(|sp| {
        let parked = conservative::parked(sp, stack_top);
        let state = lock();
        if own || state.stopping {
            drop(park_locked(state, record, parked));
        }
    });
}

/// Mark `record` parked with `parked` and wait until the next collection completes (the GC worker
/// that resumes the world unparks every thread at once, so that a thread still waking up from one
/// pause is never counted as parked for the next).
fn park_locked(
    mut state: MutexGuard<'static, State>,
    record: *mut Record,
    parked: Parked,
) -> MutexGuard<'static, State> {
    let start = state.completed;
    state.threads.iter_mut().find(|e| e.record == record).expect("a registered thread").parked = Some(parked);
    state.parked += 1;
    WORLD.changed.notify_all();
    while state.completed == start {
        state = wait(state);
    }
    state
}

/// What the parked thread of `mutator` left for the collector.
pub(super) fn parked_state(mutator: &Mutator<Metatrace>) -> Parked {
    let record = mutator.mutator_tls.0 .0.to_address().to_mut_ptr::<Record>();
    let state = lock();
    let entry = state.threads.iter().find(|e| e.record == record).expect("a registered mutator");
    entry.parked.clone().or_else(|| entry.blocked.clone()).expect("the world is stopped")
}

/// Run `f`, a call that may block for long and touches no heap object, with the current thread
/// counted as parked (see the module documentation); then wait until no collection is under way.
pub(super) fn blocking<R>(f: impl FnOnce() -> R) -> R {
    let record = CURRENT.with(|r| r.record);
    // SAFETY: the record belongs to the current thread.
    let stack_top = unsafe { (*record).stack_top };
    let mut result = None;
    conservative::with_registers_spilled(|sp| {
        let parked = conservative::parked(sp, stack_top);
        let mut state = lock();
        state.threads.iter_mut().find(|e| e.record == record).expect("a registered thread").blocked = Some(parked);
        WORLD.changed.notify_all();
        drop(state);
        result = Some(f());
        let mut state = lock();
        while state.stopping {
            state = wait(state);
        }
        state.threads.iter_mut().find(|e| e.record == record).expect("a registered thread").blocked = None;
    });
    result.unwrap_or_else(|| unreachable!("the blocking call ran"))
}

/// Collections completed so far.
pub(super) fn completed() -> u64 {
    COMPLETED.load(Ordering::Acquire)
}

/// Collections completed so far, and the total time the world was stopped for them.
pub(super) fn collections() -> (u64, Duration) {
    let state = lock();
    (state.completed, state.paused)
}

/// Take the out-of-memory flag of the current thread's last allocation.
pub(super) fn take_out_of_memory() -> bool {
    OUT_OF_MEMORY.with(|f| f.replace(false))
}

/// MMTk's view of the mutator threads.
pub(crate) struct Threads;

impl ActivePlan<Metatrace> for Threads {
    fn is_mutator(tls: VMThread) -> bool {
        let record = tls.0.to_address().to_mut_ptr::<Record>();
        lock().threads.iter().any(|e| e.record == record)
    }

    fn mutator(tls: VMMutatorThread) -> &'static mut Mutator<Metatrace> {
        let record = tls.0 .0.to_address().to_mut_ptr::<Record>();
        // SAFETY: MMTk asks for a mutator by the handle it was bound with, on that thread (while
        // it runs) or on a GC worker during a pause; the record lives until the thread exits, which
        // waits for pauses to end.
        unsafe { (*record).mutator.as_deref_mut().expect("a bound mutator") }
    }

    fn mutators<'a>() -> Box<dyn Iterator<Item = &'a mut Mutator<Metatrace>> + 'a> {
        let records: Vec<*mut Record> = lock().threads.iter().map(|e| e.record).collect();
        // SAFETY: MMTk calls this during a pause, when every registered thread is parked and no
        // thread can register or unregister.
        Box::new(records.into_iter().map(|r| unsafe { (*r).mutator.as_deref_mut().expect("a bound mutator") }))
    }

    fn number_of_mutators() -> usize {
        lock().threads.len()
    }
}

impl Collection<Metatrace> for Threads {
    fn stop_all_mutators<F>(_tls: VMWorkerThread, mut mutator_visitor: F)
    where
        F: FnMut(&'static mut Mutator<Metatrace>),
    {
        let mut state = lock();
        state.stopping = true;
        STOPPING.store(true, Ordering::Release);
        while state.parked + state.threads.iter().filter(|e| e.blocked.is_some()).count() < state.threads.len() {
            state = wait(state);
        }
        state.pause_started = Some(Instant::now());
        stats::pause_started();
        for entry in &state.threads {
            // SAFETY: every registered thread is parked until `resume_mutators`.
            mutator_visitor(unsafe { (*entry.record).mutator.as_deref_mut().expect("a bound mutator") });
        }
    }

    fn resume_mutators(_tls: VMWorkerThread) {
        stats::pause_ended();
        let mut state = lock();
        if let Some(started) = state.pause_started.take() {
            state.paused += started.elapsed();
        }
        state.stopping = false;
        STOPPING.store(false, Ordering::Release);
        for entry in &mut state.threads {
            entry.parked = None;
        }
        state.parked = 0;
        state.completed += 1;
        COMPLETED.store(state.completed, Ordering::Release);
        WORLD.changed.notify_all();
    }

    fn block_for_gc(tls: VMMutatorThread) {
        park(tls.0 .0.to_address().to_mut_ptr::<Record>(), true);
    }

    fn spawn_gc_thread(_tls: VMThread, ctx: GCThreadContext<Metatrace>) {
        let GCThreadContext::Worker(worker) = ctx;
        std::thread::Builder::new()
            .name("mmtk-worker".into())
            .spawn(move || {
                let tls = VMWorkerThread(VMThread(OpaquePointer::UNINITIALIZED));
                memory_manager::start_worker(instance(), tls, worker);
            })
            .expect("cannot start a GC worker thread");
    }

    fn out_of_memory(_tls: VMThread, err_kind: AllocationError) {
        match err_kind {
            AllocationError::HeapOutOfMemory => OUT_OF_MEMORY.with(|f| f.set(true)),
            AllocationError::MmapOutOfMemory => {
                eprintln!("metatrace-gc: the operating system refused memory for the heap");
                std::process::abort();
            }
        }
    }
}

/// Collect now (a full-heap collection when `full`), parking the current thread meanwhile.
pub(super) fn collect(full: bool) {
    let tls = current_tls();
    instance().handle_user_collection_request(tls, true, full);
}

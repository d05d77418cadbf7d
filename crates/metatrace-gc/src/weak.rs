//! Weak references and finalizers.
//!
//! A [`WeakRef`] names an object without keeping it alive: once a collection finds the object
//! unreachable, the weak reference is cleared (before any finalizer of the object runs).
//!
//! A finalizer ([`add_finalizer`]) is a Rust closure attached to an object. When a collection
//! finds the object unreachable, the collector keeps it alive (with everything it reaches) for one
//! more cycle and queues the finalizer; queued finalizers run once each, on the thread that
//! allocates next, after the collection is over and outside the collector (they may allocate).
//! [`run_finalizers`] runs the queue at a moment of the caller's choosing. An interpreter whose
//! language finalizers (`__del__`) must run at a safe point of its own should make the closure
//! enqueue the object for the interpreter rather than run interpreter code.
//!
//! With the stand-in collector, which never frees, weak references are never cleared and
//! finalizers never run.

use crate::heap::GcRef;
use crate::roots::Slab;
use std::cell::Cell;
use std::sync::Mutex;

/// The targets of all weak references.
static WEAK: Mutex<Slab> = Mutex::new(Slab::new());

/// A finalizer closure.
type Finalizer = Box<dyn FnOnce(GcRef) + Send>;

/// Objects with finalizers, and the finalizers due to run.
struct Finalizers {
    /// Registered, not yet due.
    registered: Vec<(usize, Finalizer)>,
    /// Due: their objects were found unreachable (and kept alive until they run).
    ready: Vec<(usize, Finalizer)>,
}

static FINALIZERS: Mutex<Finalizers> = Mutex::new(Finalizers { registered: Vec::new(), ready: Vec::new() });

/// A reference that does not keep its object alive.
#[derive(Debug)]
pub struct WeakRef {
    index: usize,
}

impl WeakRef {
    /// A weak reference to `obj`.
    pub fn new(obj: GcRef) -> WeakRef {
        WeakRef { index: WEAK.lock().expect("weak table").insert(obj.addr()) }
    }

    /// The object, or `None` once a collection has found it unreachable (or if it was null).
    pub fn get(&self) -> Option<GcRef> {
        let addr = WEAK.lock().expect("weak table").get(self.index);
        (addr != 0).then_some(GcRef(addr))
    }
}

impl Drop for WeakRef {
    fn drop(&mut self) {
        WEAK.lock().expect("weak table").remove(self.index);
    }
}

/// Run `finalizer` once, after a collection finds `obj` unreachable.
pub fn add_finalizer(obj: GcRef, finalizer: impl FnOnce(GcRef) + Send + 'static) {
    assert!(!obj.is_null(), "a finalizer on the null reference");
    FINALIZERS.lock().expect("finalizer table").registered.push((obj.addr(), Box::new(finalizer)));
}

thread_local! {
    static RUNNING: Cell<bool> = const { Cell::new(false) };
}

/// Run the finalizers that are due, on the current thread; returns how many ran. Finalizers that
/// become due while they run (they may allocate, and so collect) run too. Does nothing when called
/// from a finalizer.
pub fn run_finalizers() -> usize {
    if RUNNING.with(|r| r.replace(true)) {
        return 0;
    }
    /// Clears `RUNNING` however the finalizers end.
    struct Running;
    impl Drop for Running {
        fn drop(&mut self) {
            RUNNING.with(|r| r.set(false));
        }
    }
    let _running = Running;
    let mut count = 0;
    loop {
        // One at a time, without holding the lock while it runs: the object stays rooted (in
        // `ready`) until it is taken, and from then on the local `obj` on this stack keeps it
        // alive while its finalizer runs.
        let next = FINALIZERS.lock().expect("finalizer table").ready.pop();
        let Some((addr, finalizer)) = next else { break };
        let obj = GcRef(addr);
        finalizer(obj);
        std::hint::black_box(obj);
        count += 1;
    }
    count
}

/// Make the finalizers of the objects that `select` picks due now, whether or not the objects
/// are still reachable, in the order they were registered (an interpreter's exit finalizing what
/// is left); [`run_finalizers`] runs them. `select` runs without the table's lock (it may
/// allocate, and so collect).
pub fn finalize_now(select: impl Fn(GcRef) -> bool) {
    let registered: Vec<usize> =
        FINALIZERS.lock().expect("finalizer table").registered.iter().map(|(addr, _)| *addr).collect();
    let chosen: std::collections::HashSet<usize> = registered.into_iter().filter(|&addr| select(GcRef(addr))).collect();
    let mut table = FINALIZERS.lock().expect("finalizer table");
    let (now, later): (Vec<_>, Vec<_>) =
        std::mem::take(&mut table.registered).into_iter().partition(|(addr, _)| chosen.contains(addr));
    table.registered = later;
    // `run_finalizers` takes them from the end.
    table.ready.extend(now.into_iter().rev());
}

/// True when finalizers are due.
pub(crate) fn finalizers_due() -> bool {
    !FINALIZERS.lock().expect("finalizer table").ready.is_empty()
}

/// During a collection: clear every weak reference whose object is not live.
pub(crate) fn clear_dead_weak_refs(is_live: impl Fn(usize) -> bool) {
    for word in WEAK.lock().expect("weak table").iter_mut() {
        if !is_live(*word) {
            *word = 0;
        }
    }
}

/// During a collection: queue the finalizers of objects that are not live; returns those objects,
/// which the collector must keep alive.
pub(crate) fn queue_dead_finalizables(is_live: impl Fn(usize) -> bool) -> Vec<usize> {
    let mut table = FINALIZERS.lock().expect("finalizer table");
    let (live, dead): (Vec<_>, Vec<_>) =
        std::mem::take(&mut table.registered).into_iter().partition(|(addr, _)| is_live(*addr));
    table.registered = live;
    let objects = dead.iter().map(|(addr, _)| *addr).collect();
    table.ready.extend(dead);
    objects
}

/// The objects of finalizers that are due: roots until their finalizers run.
pub(crate) fn ready_roots(words: &mut Vec<usize>) {
    words.extend(FINALIZERS.lock().expect("finalizer table").ready.iter().map(|(addr, _)| *addr));
}

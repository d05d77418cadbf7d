//! Per-collection statistics (`METATRACE_GC_STATS`): what each pause cost and what it traced.
//!
//! The scanning code always counts the bytes of the objects it scans (the young survivors of a
//! nursery collection, everything alive after a full one; the adaptive nursery weighs them);
//! while statistics are on, it also counts the objects and their non-null references, the root scan counts the objects the conservative roots name; each
//! pause records its kind (nursery or full heap), its wall time and the CPU time the process spent
//! during it (the mutators are parked, so that is the collector's work, and it does not grow when
//! the machine is loaded as wall time does). `METATRACE_GC_STATS=2` prints one line per
//! collection as it ends; the totals are printed at exit.

use super::instance;
use crate::config::config;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Statistics are collected (set once, before the first collection).
static ENABLED: AtomicBool = AtomicBool::new(false);
/// Objects named by the conservative roots of the current collection.
static ROOTS: AtomicU64 = AtomicU64::new(0);

/// What one GC worker thread scanned in the current collection. Only that thread writes its
/// counters (a load and a store, not a locked read-modify-write, which would stop the loads of the
/// next objects from overlapping with it); they are reset when a pause starts and summed when it
/// ends, while no worker scans (the work-packet scheduler orders those accesses).
#[derive(Default)]
struct Scanned {
    /// Objects scanned.
    objects: AtomicU64,
    /// Non-null references traced.
    slots: AtomicU64,
    /// Bytes of the objects scanned (counted whether statistics are on or not).
    bytes: AtomicU64,
}

impl Scanned {
    /// The counters of all worker threads that ever scanned, each allocated once and never freed.
    fn all() -> std::sync::MutexGuard<'static, Vec<&'static Scanned>> {
        static ALL: Mutex<Vec<&'static Scanned>> = Mutex::new(Vec::new());
        ALL.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The sum over all worker threads: objects, slots and bytes.
    fn total() -> (u64, u64, u64) {
        Scanned::all().iter().fold((0, 0, 0), |(o, s, b), c| {
            let load = |n: &AtomicU64| n.load(Ordering::Relaxed);
            (o + load(&c.objects), s + load(&c.slots), b + load(&c.bytes))
        })
    }
}

thread_local! {
    /// The current worker thread's counters (registered on its first scan).
    static SCANNED: &'static Scanned = {
        let scanned: &'static Scanned = Box::leak(Box::default());
        Scanned::all().push(scanned);
        scanned
    };
}

/// Add `n` to a counter only the current thread writes.
#[inline(always)]
fn bump(counter: &AtomicU64, n: u64) {
    counter.store(counter.load(Ordering::Relaxed) + n, Ordering::Relaxed);
}

/// Bytes of the objects found alive by all collections so far: kept whether statistics are on or
/// not (the adaptive nursery weighs the young survivors against the nursery size).
static ALIVE: AtomicU64 = AtomicU64::new(0);

/// What the collections so far cost, by kind.
#[derive(Clone, Copy, Default, Debug)]
pub(crate) struct Totals {
    /// Nursery collections.
    pub nursery: u64,
    /// Full-heap collections.
    pub full: u64,
    /// CPU time of the process during pauses.
    pub cpu: Duration,
    /// Objects scanned.
    pub objects: u64,
    /// Non-null references traced.
    pub slots: u64,
    /// Objects named by conservative roots.
    pub roots: u64,
    /// Bytes of the objects found alive (summed over collections).
    pub live_bytes: u64,
}

struct Pause {
    started: Instant,
}

/// The process's CPU time when the current pause began, in nanoseconds.
static PAUSE_CPU_STARTED: AtomicU64 = AtomicU64::new(0);
/// The process's CPU time during all pauses so far, in nanoseconds: kept whether statistics are
/// on or not (the adaptive nursery weighs it against the process's CPU time).
static PAUSE_CPU: AtomicU64 = AtomicU64::new(0);

static PAUSE: Mutex<Option<Pause>> = Mutex::new(None);
static TOTALS: Mutex<Totals> =
    Mutex::new(Totals { nursery: 0, full: 0, cpu: Duration::ZERO, objects: 0, slots: 0, roots: 0, live_bytes: 0 });

/// Turn statistics on (when the configuration asks for them); called before MMTk is built.
pub(super) fn init() {
    ENABLED.store(config().report.is_some(), Ordering::Relaxed);
}

/// True when statistics are collected.
#[inline(always)]
pub(super) fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// Count one scanned object of `bytes` bytes holding `slots` non-null references.
#[inline(always)]
pub(super) fn count_object(bytes: usize, slots: u64) {
    SCANNED.with(|scanned| {
        bump(&scanned.bytes, bytes as u64);
        if enabled() {
            bump(&scanned.objects, 1);
            bump(&scanned.slots, slots);
        }
    });
}

/// Count `n` objects named by conservative roots.
pub(super) fn count_roots(n: usize) {
    if enabled() {
        ROOTS.fetch_add(n as u64, Ordering::Relaxed);
    }
}

/// The CPU time the process has used so far.
pub(super) fn process_cpu() -> Duration {
    let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `t` is a valid out-pointer for the duration of the call.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) } == 0;
    if ok {
        Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
    } else {
        Duration::ZERO
    }
}

/// The world has just stopped for a collection.
pub(super) fn pause_started() {
    PAUSE_CPU_STARTED.store(process_cpu().as_nanos() as u64, Ordering::Relaxed);
    for scanned in Scanned::all().iter() {
        for counter in [&scanned.objects, &scanned.slots, &scanned.bytes] {
            counter.store(0, Ordering::Relaxed);
        }
    }
    if enabled() {
        ROOTS.store(0, Ordering::Relaxed);
        *PAUSE.lock().unwrap_or_else(|p| p.into_inner()) = Some(Pause { started: Instant::now() });
    }
}

/// The collection is over and the world about to resume: add it to the totals (and print it).
pub(super) fn pause_ended() {
    let cpu_nanos = (process_cpu().as_nanos() as u64).saturating_sub(PAUSE_CPU_STARTED.load(Ordering::Relaxed));
    PAUSE_CPU.fetch_add(cpu_nanos, Ordering::Relaxed);
    let (objects, slots, live) = Scanned::total();
    ALIVE.fetch_add(live, Ordering::Relaxed);
    if !enabled() {
        return;
    }
    let Some(pause) = PAUSE.lock().unwrap_or_else(|p| p.into_inner()).take() else {
        return;
    };
    let (wall, cpu) = (pause.started.elapsed(), Duration::from_nanos(cpu_nanos));
    let mmtk = instance();
    let full = mmtk.get_plan().generational().is_none_or(|g| g.last_collection_full_heap());
    let roots = ROOTS.load(Ordering::Relaxed);
    let mut totals = TOTALS.lock().unwrap_or_else(|p| p.into_inner());
    if full {
        totals.full += 1;
    } else {
        totals.nursery += 1;
    }
    totals.cpu += cpu;
    totals.objects += objects;
    totals.slots += slots;
    totals.roots += roots;
    totals.live_bytes += live;
    if config().report == Some(crate::config::Report::EachCollection) {
        eprintln!(
            "metatrace-gc: collection {}: {}, {:.1} ms wall, {:.1} ms CPU, {objects} objects scanned ({slots} references, {:.1} ns/object), {roots} root objects, {:.1} MB alive, heap {:.1} of {:.1} MB used",
            totals.nursery + totals.full,
            if full { "full heap" } else { "nursery" },
            wall.as_secs_f64() * 1e3,
            cpu.as_secs_f64() * 1e3,
            cpu.as_nanos() as f64 / objects.max(1) as f64,
            live as f64 / 1e6,
            mmtk::memory_manager::used_bytes(mmtk) as f64 / 1e6,
            mmtk::memory_manager::total_bytes(mmtk) as f64 / 1e6,
        );
    }
}

/// The process's CPU time during all pauses so far.
pub(super) fn pause_cpu() -> Duration {
    Duration::from_nanos(PAUSE_CPU.load(Ordering::Relaxed))
}

/// Bytes of the objects found alive by all collections so far.
pub(super) fn alive_bytes() -> u64 {
    ALIVE.load(Ordering::Relaxed)
}

/// The totals so far.
pub(crate) fn totals() -> Totals {
    *TOTALS.lock().unwrap_or_else(|p| p.into_inner())
}

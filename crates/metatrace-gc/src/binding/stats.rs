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
/// Objects scanned by the current collection.
static OBJECTS: AtomicU64 = AtomicU64::new(0);
/// Non-null references traced by the current collection.
static SLOTS: AtomicU64 = AtomicU64::new(0);
/// Objects named by the conservative roots of the current collection.
static ROOTS: AtomicU64 = AtomicU64::new(0);
/// Bytes of the objects scanned by the current collection (counted whether statistics are on or
/// not).
static BYTES: AtomicU64 = AtomicU64::new(0);
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
    BYTES.fetch_add(bytes as u64, Ordering::Relaxed);
    if enabled() {
        OBJECTS.fetch_add(1, Ordering::Relaxed);
        SLOTS.fetch_add(slots, Ordering::Relaxed);
    }
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
    BYTES.store(0, Ordering::Relaxed);
    if enabled() {
        OBJECTS.store(0, Ordering::Relaxed);
        SLOTS.store(0, Ordering::Relaxed);
        ROOTS.store(0, Ordering::Relaxed);
        *PAUSE.lock().unwrap_or_else(|p| p.into_inner()) = Some(Pause { started: Instant::now() });
    }
}

/// The collection is over and the world about to resume: add it to the totals (and print it).
pub(super) fn pause_ended() {
    let cpu_nanos = (process_cpu().as_nanos() as u64).saturating_sub(PAUSE_CPU_STARTED.load(Ordering::Relaxed));
    PAUSE_CPU.fetch_add(cpu_nanos, Ordering::Relaxed);
    ALIVE.fetch_add(BYTES.load(Ordering::Relaxed), Ordering::Relaxed);
    if !enabled() {
        return;
    }
    let Some(pause) = PAUSE.lock().unwrap_or_else(|p| p.into_inner()).take() else {
        return;
    };
    let (wall, cpu) = (pause.started.elapsed(), Duration::from_nanos(cpu_nanos));
    let mmtk = instance();
    let full = mmtk.get_plan().generational().is_none_or(|g| g.last_collection_full_heap());
    let live = BYTES.load(Ordering::Relaxed);
    let (objects, slots, roots) =
        (OBJECTS.load(Ordering::Relaxed), SLOTS.load(Ordering::Relaxed), ROOTS.load(Ordering::Relaxed));
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
            "metatrace-gc: collection {}: {}, {:.1} ms wall, {:.1} ms CPU, {objects} objects scanned ({slots} references, {:.1} ns/object), {roots} root objects, {:.1} MB alive",
            totals.nursery + totals.full,
            if full { "full heap" } else { "nursery" },
            wall.as_secs_f64() * 1e3,
            cpu.as_secs_f64() * 1e3,
            cpu.as_nanos() as f64 / objects.max(1) as f64,
            live as f64 / 1e6,
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

//! The adaptive nursery of StickyImmix (`METATRACE_NURSERY_SIZE=adaptive`): when a nursery
//! collection is due.
//!
//! MMTk's own trigger (the default) collects when the heap is full, so a
//! program touches the whole heap (128 MiB at least) before its first collection, however little
//! it keeps alive. Here a thread asks for a nursery collection after allocating [`size`] bytes
//! since the last collection it saw end: [`MIN`] (32 MiB) at first, which halves the resident
//! memory of programs whose young objects die young at a cost of a few milliseconds of
//! collection. Programs whose young objects live longer (a tree built and then traversed) pay for
//! every collection by the objects it finds alive, so the size follows what the collections cost:
//! when the pauses took more than [`GROW_ABOVE`] of the process's CPU time since the previous
//! look, the size doubles (up to [`MAX`], beyond which MMTk's heap-full trigger comes first);
//! below [`SHRINK_BELOW`] it halves again. CPU time, not wall time: a loaded machine stretches
//! pauses and the time between them unevenly.
//!
//! A thread counts its own allocation (its bump-pointer counters and its calls to MMTk), so with
//! several allocating threads the nursery is larger; MMTk's heap-full trigger still bounds it.

use super::stats::{pause_cpu, process_cpu};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// The smallest (and first) nursery size.
const MIN: usize = 32 << 20;
/// The largest nursery size.
const MAX: usize = 1 << 30;
/// Pauses above this fraction of the process's CPU time double the nursery.
const GROW_ABOVE: f64 = 0.10;
/// Pauses below this fraction of the process's CPU time halve the nursery.
const SHRINK_BELOW: f64 = 0.02;

/// The current nursery size in bytes.
static SIZE: AtomicUsize = AtomicUsize::new(MIN);

/// What the current thread saw of the collections.
struct Seen {
    /// Collections completed when the thread last looked.
    collections: u64,
    /// The process's CPU time during pauses then.
    paused: Duration,
    /// The process's CPU time then (`None` before the thread first looked).
    cpu: Option<Duration>,
    /// The thread's allocated bytes then (the nursery starts there).
    allocated: u64,
}

thread_local! {
    static SEEN: Cell<Seen> = const {
        Cell::new(Seen { collections: 0, paused: Duration::ZERO, cpu: None, allocated: 0 })
    };
}

/// The current nursery size in bytes.
fn size() -> usize {
    SIZE.load(Ordering::Relaxed)
}

/// Whether the current thread, having allocated `allocated` bytes in its life, should ask for a
/// nursery collection now; `completed` is the number of collections completed so far.
pub(super) fn due(allocated: u64, completed: u64) -> bool {
    let mut seen = SEEN.with(|s| s.replace(Seen { collections: 0, paused: Duration::ZERO, cpu: None, allocated: 0 }));
    if seen.collections != completed || seen.cpu.is_none() {
        let (paused, cpu) = (pause_cpu(), process_cpu());
        if let Some(before) = seen.cpu.filter(|_| seen.collections != completed) {
            let ratio =
                paused.saturating_sub(seen.paused).as_secs_f64() / cpu.saturating_sub(before).as_secs_f64().max(1e-9);
            adjust(ratio);
        }
        let allocated = if seen.collections != completed { allocated } else { seen.allocated };
        seen = Seen { collections: completed, paused, cpu: Some(cpu), allocated };
    }
    let due = allocated.saturating_sub(seen.allocated) >= size() as u64;
    SEEN.with(|s| s.set(seen));
    due
}

/// Grow or shrink the nursery after collections that took `ratio` of the time since the ones
/// before.
fn adjust(ratio: f64) {
    SIZE.store(next_size(size(), ratio), Ordering::Relaxed);
}

/// The nursery size after `size` when collections took `ratio` of the process's CPU time.
fn next_size(size: usize, ratio: f64) -> usize {
    if ratio > GROW_ABOVE {
        (size * 2).min(MAX)
    } else if ratio < SHRINK_BELOW {
        (size / 2).max(MIN)
    } else {
        size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_follows_the_cost_of_collections() {
        assert_eq!(next_size(MIN, 0.5), 2 * MIN);
        assert_eq!(next_size(MAX, 0.5), MAX);
        assert_eq!(next_size(4 * MIN, 0.05), 4 * MIN);
        assert_eq!(next_size(4 * MIN, 0.001), 2 * MIN);
        assert_eq!(next_size(MIN, 0.0), MIN);
    }
}

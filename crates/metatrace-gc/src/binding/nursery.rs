//! The adaptive nursery of StickyImmix (the default, `METATRACE_NURSERY_SIZE=adaptive[:SIZE]`):
//! when a nursery collection is due.
//!
//! MMTk's own trigger (`METATRACE_NURSERY_SIZE=heap`) collects when the heap is full, so a
//! program touches the whole heap (256 MiB at least) before its first collection, however little
//! it keeps alive: every fresh page costs a page fault, and the memory MMTk zeroes and the
//! program then fills is never in the cache. Here a thread asks for a nursery collection after
//! allocating [`size`] bytes since the last collection it saw end: the configured smallest size at
//! first (4 MiB by default), so programs whose young objects die young keep reusing the same
//! memory, which stays in the cache. Programs whose young objects live longer (a tree built and
//! then traversed) pay for every collection by the objects it finds alive, so the size follows
//! what the collections cost: a collection that finds more than [`MOSTLY_ALIVE`] of the nursery
//! alive grows it to [`SURVIVORS_SIZE`] at least, at once; otherwise
//! when the pauses took more than [`GROW_ABOVE`] of the process's CPU time since the previous
//! look and found more than [`GROW_SURVIVAL`] of the nursery alive (a larger nursery gives those
//! objects time to die; with few survivors, a collection's cost is mostly its share of sweeping,
//! which a larger nursery does not save), the size doubles (up to [`MAX`], beyond which MMTk's
//! heap-full trigger comes first);
//! below [`SHRINK_BELOW`] it halves again, down to the smallest size. CPU time, not wall time: a
//! loaded machine stretches pauses and the time between them unevenly.
//!
//! A thread counts its own allocation (its bump-pointer counters and its calls to MMTk), so with
//! several allocating threads the nursery is larger; MMTk's heap-full trigger still bounds it.

use super::stats::{alive_bytes, pause_cpu, process_cpu};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// The largest nursery size.
const MAX: usize = 1 << 30;
/// Pauses above this fraction of the process's CPU time double the nursery.
const GROW_ABOVE: f64 = 0.10;
/// Collections that find more than this fraction of the nursery alive may double it.
const GROW_SURVIVAL: f64 = 0.10;
/// Pauses below this fraction of the process's CPU time halve the nursery.
const SHRINK_BELOW: f64 = 0.02;
/// Collections that find more than this fraction of the nursery alive (a young structure being
/// built) grow it to at least [`SURVIVORS_SIZE`] at once, whatever their pauses cost.
const MOSTLY_ALIVE: f64 = 0.5;
/// The nursery size after a collection found it [`MOSTLY_ALIVE`]: a small nursery collected
/// while a program builds a large young structure traces and keeps what a larger one would
/// have found dead (pyperformance's float: its points, built and dropped per iteration).
const SURVIVORS_SIZE: usize = 32 << 20;

/// The current nursery size in bytes (a size below the smallest one, such as the initial 0, counts
/// as the smallest).
static SIZE: AtomicUsize = AtomicUsize::new(0);

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
    /// The bytes all collections had found alive then.
    alive: u64,
}

thread_local! {
    static SEEN: Cell<Seen> = const {
        Cell::new(Seen { collections: 0, paused: Duration::ZERO, cpu: None, allocated: 0, alive: 0 })
    };
}

/// The current nursery size in bytes, when the smallest is `min`.
fn size(min: usize) -> usize {
    SIZE.load(Ordering::Relaxed).max(min)
}

/// Whether the current thread, having allocated `allocated` bytes in its life, should ask for a
/// nursery collection now; `completed` is the number of collections completed so far and `min`
/// the smallest nursery size.
pub(super) fn due(allocated: u64, completed: u64, min: usize) -> bool {
    let mut seen =
        SEEN.with(|s| s.replace(Seen { collections: 0, paused: Duration::ZERO, cpu: None, allocated: 0, alive: 0 }));
    if seen.collections != completed || seen.cpu.is_none() {
        let (paused, cpu, alive) = (pause_cpu(), process_cpu(), alive_bytes());
        if let Some(before) = seen.cpu.filter(|_| seen.collections != completed) {
            let ratio =
                paused.saturating_sub(seen.paused).as_secs_f64() / cpu.saturating_sub(before).as_secs_f64().max(1e-9);
            let nurseries = size(min) as f64 * completed.saturating_sub(seen.collections) as f64;
            let survival = alive.saturating_sub(seen.alive) as f64 / nurseries;
            SIZE.store(next_size(size(min), ratio, survival, min), Ordering::Relaxed);
        }
        let allocated = if seen.collections != completed { allocated } else { seen.allocated };
        seen = Seen { collections: completed, paused, cpu: Some(cpu), allocated, alive };
    }
    let due = allocated.saturating_sub(seen.allocated) >= size(min) as u64;
    SEEN.with(|s| s.set(seen));
    due
}

/// The nursery size after `size` when collections took `ratio` of the process's CPU time and found
/// `survival` of their nurseries alive, and the smallest size is `min`.
fn next_size(size: usize, ratio: f64, survival: f64, min: usize) -> usize {
    if survival > MOSTLY_ALIVE {
        (size * 2).max(SURVIVORS_SIZE).min(MAX)
    } else if ratio > GROW_ABOVE && survival > GROW_SURVIVAL {
        (size * 2).min(MAX)
    } else if ratio < SHRINK_BELOW {
        (size / 2).max(min)
    } else {
        size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_follows_the_cost_of_collections() {
        const MIN: usize = 16 << 20;
        assert_eq!(next_size(MIN, 0.5, 0.4, MIN), 2 * MIN);
        assert_eq!(next_size(MIN, 0.5, 0.01, MIN), MIN);
        assert_eq!(next_size(MAX, 0.5, 0.5, MIN), MAX);
        assert_eq!(next_size(4 * MIN, 0.05, 0.5, MIN), 4 * MIN);
        assert_eq!(next_size(4 * MIN, 0.001, 0.5, MIN), 2 * MIN);
        assert_eq!(next_size(MIN, 0.0, 0.0, MIN), MIN);
        assert_eq!(next_size(MIN, 0.0, 0.0, MIN / 4), MIN / 2);
    }

    #[test]
    fn a_mostly_alive_nursery_grows_at_once() {
        const MIN: usize = 4 << 20;
        assert_eq!(next_size(MIN, 0.0, 0.9, MIN), SURVIVORS_SIZE);
        assert_eq!(next_size(SURVIVORS_SIZE, 0.0, 0.9, MIN), 2 * SURVIVORS_SIZE);
        assert_eq!(next_size(MAX, 0.0, 0.9, MIN), MAX);
        assert_eq!(next_size(MIN, 0.5, 0.3, MIN), 2 * MIN);
    }
}

//! Memory outside the heap that heap objects own (a big integer's digits in Rust's allocator).
//!
//! An owner registers such memory with [`attach`]: how many bytes it is and the function that
//! releases it. The first collection that finds the owner unreachable calls that function (on a
//! collector thread, while the world is stopped, with the owner's memory still intact) and
//! forgets the entry. Owners kept alive for a finalizer count as reachable. A release function
//! may only read the owner's own non-reference fields and free (or keep for reuse) what they
//! name: it must not allocate on the heap, touch other objects, or run interpreter code.
//!
//! Attached bytes drive collections as heap allocation does, so that garbage owners (small heap
//! objects) cannot pile up unbounded memory outside the heap: once [`pressure`] bytes (or as
//! many as were alive at the last collection, when more) have been attached since the last
//! collection, the attaching thread collects: the whole heap when the attached bytes that
//! survived have grown by more than their amount after the last full-heap collection plus
//! [`pressure`] (a nursery collection never frees old owners), else the young objects.
//!
//! With the stand-in collector, which never frees, nothing is recorded.

use crate::config::{config, Collector, HeapSize};
use crate::heap::GcRef;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// Bytes attached between collections that make the attaching thread collect: half the
/// smallest size of a growing heap (64 MiB by default), a quarter of a fixed one.
pub fn pressure() -> usize {
    match config().heap {
        HeapSize::Dynamic(min, _) => min / 2,
        HeapSize::Fixed(size) => size / 4,
    }
}

/// One owner and its memory.
struct Entry {
    owner: usize,
    bytes: usize,
    release: fn(GcRef),
}

/// The owners of memory outside the heap and the byte counts that drive collections.
struct Table {
    entries: Vec<Entry>,
    /// Attached since the last collection.
    since: usize,
    /// Alive after the last collection.
    live: usize,
    /// Alive after the last full-heap collection.
    live_after_full: usize,
}

static TABLE: Mutex<Table> = Mutex::new(Table { entries: Vec::new(), since: 0, live: 0, live_after_full: 0 });

/// The number of collections so far that looked for dead owners.
static ROUNDS: AtomicU64 = AtomicU64::new(0);

/// The number of collections so far that looked for dead owners (a release function can tell
/// from it which releases belong to the same collection).
pub fn rounds() -> u64 {
    ROUNDS.load(Ordering::Acquire)
}

/// Register `bytes` of memory outside the heap owned by `owner`, released by `release(owner)`
/// once a collection finds `owner` unreachable. May collect (as an allocation may).
pub fn attach(owner: GcRef, bytes: usize, release: fn(GcRef)) {
    assert!(!owner.is_null(), "external memory attached to the null reference");
    if config().collector != Collector::Mmtk {
        return;
    }
    let collect = {
        let mut table = TABLE.lock().unwrap_or_else(|p| p.into_inner());
        table.entries.push(Entry { owner: owner.addr(), bytes, release });
        table.since += bytes;
        let pressure = pressure();
        if table.since > pressure.max(table.live) {
            table.since = 0;
            Some(table.live > 2 * table.live_after_full + pressure)
        } else {
            None
        }
    };
    match collect {
        Some(true) => crate::heap::collect(),
        Some(false) => crate::heap::collect_young(),
        None => {}
    }
    std::hint::black_box(owner);
}

/// During a collection, after the transitive closure (finalizable objects retained): release
/// the memory of owners that are not live. `full` says whether the collection is a full-heap one.
pub(crate) fn release_dead(is_live: impl Fn(usize) -> bool, full: bool) {
    ROUNDS.fetch_add(1, Ordering::AcqRel);
    let mut table = TABLE.lock().unwrap_or_else(|p| p.into_inner());
    let mut live = 0;
    table.entries.retain(|entry| {
        if is_live(entry.owner) {
            live += entry.bytes;
            true
        } else {
            (entry.release)(GcRef(entry.owner));
            false
        }
    });
    table.live = live;
    table.since = 0;
    if full {
        table.live_after_full = live;
    }
}

/// The bytes attached to owners alive after the last collection (for statistics and tests).
pub fn live_bytes() -> usize {
    TABLE.lock().unwrap_or_else(|p| p.into_inner()).live
}

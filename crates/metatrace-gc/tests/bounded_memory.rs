//! A long allocation loop keeps memory bounded: the peak resident set of this test process (it
//! has no other test) stays far below what the loop allocates.

mod common;

use common::*;
use metatrace_gc::{heap, GcObject, GcRef};

/// The peak resident set of this process, in KiB.
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let line = status.lines().find_map(|l| l.strip_prefix("VmHWM:")).expect("a VmHWM line");
    line.trim().trim_end_matches("kB").trim().parse().expect("a number of kB")
}

#[test]
fn a_long_allocation_loop_stays_in_bounded_memory() {
    use_mmtk(&[]);
    let before = peak_rss_kib();
    // 20 million cells of 32 bytes (640 MB) plus arrays; a window of the last 1000 stays live.
    // Almost everything dies young, so the adaptive nursery stays at its smallest size and the
    // process grows by about that much, not by 640 MB.
    let window = heap::alloc_array(Refs::layout(), 1000);
    for i in 0..20_000_000i64 {
        let c = cell(i, GcRef::NULL, GcRef::NULL);
        heap::write_item_ref(window, &Refs::ITEMS, i % 1000, c);
        if i % 100 == 0 {
            std::hint::black_box(heap::alloc_array(Bytes::layout(), 200));
        }
    }
    for k in 0..1000 {
        let c = heap::read_item_ref(window, &Refs::ITEMS, k);
        assert_eq!(heap::read_field(c, &Cell::VALUE) as i64 % 1000, k, "a live cell was reclaimed");
    }
    let stats = heap::stats();
    let grown_mib = (peak_rss_kib() - before) >> 10;
    assert!(stats.allocated_bytes > 640 << 20, "allocated {} bytes", stats.allocated_bytes);
    assert!(stats.collections > 0);
    assert!(grown_mib < 256, "the peak resident set grew by {grown_mib} MiB");
}

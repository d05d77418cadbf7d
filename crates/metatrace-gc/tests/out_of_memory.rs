//! Running out of heap is an error the caller can handle, not a crash: a 16 MiB heap that is
//! filled with live objects refuses the next allocation, and frees up again once they die.

mod common;

use common::*;
use metatrace_gc::heap::{self, OutOfMemory};
use metatrace_gc::{GcObject, GcRef, RootSet};

#[test]
fn a_full_heap_refuses_allocations_cleanly() {
    use_mmtk(&[("METATRACE_HEAP_SIZE", "16M"), ("METATRACE_GC_PLAN", "Immix")]);
    let kept = RootSet::new();
    let error: OutOfMemory = loop {
        match heap::try_alloc_array(Refs::layout(), 1000) {
            Ok(array) => {
                kept.add(array);
            }
            Err(e) => break e,
        }
    };
    assert_eq!(error.requested, Refs::layout().size_with_items(1000));
    assert!(error.to_string().contains("out of memory"), "{error}");
    assert!(kept.len() > 1000, "only {} arrays of 8 KB fit in 16 MiB", kept.len());
    drop(kept);
    heap::collect();
    let again = heap::try_alloc(Cell::layout()).expect("room again once the arrays are dead");
    assert_ne!(again, GcRef::NULL);
}

//! Stress mode checks every reference a collection traces: a reference kept where the collector
//! does not look (here, disguised in Rust heap memory) while its object is freed, and stored into
//! a live object afterwards, stops the process at the next collection with the holder's layout
//! and slot, instead of crashing a GC worker later.

mod common;

use common::*;
use metatrace_gc::{heap, GcObject, GcRef, RootSet};
use std::process::Command;

/// Set in the child process that runs [`hide_free_and_store`].
const CHILD: &str = "METATRACE_GC_TEST_DANGLING_CHILD";

/// Disguises an address so that no word on the stack or in registered memory looks like it.
const MASK: usize = 0x5a5a_5a5a_5a5a_5a5a;

/// A new cell whose only trace is its disguised address, in a heap buffer.
#[inline(never)]
fn hidden_cell() -> Box<usize> {
    Box::new(cell(7, GcRef::NULL, GcRef::NULL).addr() ^ MASK)
}

/// Free a cell while its address is hidden, then store the address into a live array.
fn hide_free_and_store() {
    use_mmtk(&[("METATRACE_GC_STRESS", "1000000000"), ("METATRACE_GC_PLAN", "Immix")]);
    let roots = RootSet::new();
    let holder = roots.add(heap::alloc_array(Refs::layout(), 2));
    let hidden = hidden_cell();
    clear_stack();
    heap::collect();
    // SAFETY: none: this breaks `from_addr`'s contract on purpose (the cell is dead), which is
    // what the check under test must catch; the process stops at the next collection, before
    // anything reads through the reference, and the test only looks at how it stopped.
    let dangling = unsafe { GcRef::from_addr(*hidden ^ MASK) };
    heap::write_item_ref(holder, &Refs::ITEMS, 1, dangling);
    heap::collect();
}

#[test]
fn a_reference_that_outlived_its_object_is_reported_by_its_holder() {
    if std::env::var_os(CHILD).is_some() {
        hide_free_and_store();
        return;
    }
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "a_reference_that_outlived_its_object_is_reported_by_its_holder", "--nocapture"])
        .env(CHILD, "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "the child survived a dangling reference: {stderr}");
    assert!(stderr.contains("metatrace-gc: a Refs at 0x"), "{stderr}");
    assert!(stderr.contains("in its item 1, which is not an object"), "{stderr}");
}

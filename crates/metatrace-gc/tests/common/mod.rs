//! Shared by the collector tests: object types, selecting the MMTk collector, and helpers that keep
//! stale copies of references off the stack.

#![allow(dead_code)]

use metatrace_gc::{heap, GcHeader, GcObject, GcRef};
use metatrace_macros::GcObject;
use std::sync::Once;

/// A cons cell: a number and two references.
#[derive(GcObject)]
#[repr(C)]
pub struct Cell {
    pub header: GcHeader,
    pub value: i64,
    pub head: GcRef,
    pub tail: GcRef,
}

/// An array of references.
#[derive(GcObject)]
#[repr(C)]
pub struct Refs {
    pub header: GcHeader,
    pub len: i64,
    pub items: [GcRef; 0],
}

/// An array of bytes.
#[derive(GcObject)]
#[repr(C)]
pub struct Bytes {
    pub header: GcHeader,
    pub len: i64,
    pub items: [u8; 0],
}

/// An array of 8-byte integers.
#[derive(GcObject)]
#[repr(C)]
pub struct Words {
    pub header: GcHeader,
    pub len: i64,
    pub items: [i64; 0],
}

/// Select the MMTk collector (and any other settings) before the first allocation of the process.
pub fn use_mmtk(extra: &[(&str, &str)]) {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        std::env::set_var("METATRACE_GC", "mmtk");
        for (name, value) in extra {
            std::env::set_var(name, value);
        }
    });
}

/// A new cell.
pub fn cell(value: i64, head: GcRef, tail: GcRef) -> GcRef {
    let c = heap::alloc(Cell::layout());
    heap::write_field(c, &Cell::VALUE, value as u64);
    heap::write_field_ref(c, &Cell::HEAD, head);
    heap::write_field_ref(c, &Cell::TAIL, tail);
    c
}

/// A list of `n` cells holding `n-1, ..., 0` (the head holds `n-1`).
pub fn list(n: i64) -> GcRef {
    (0..n).fold(GcRef::NULL, |tail, i| cell(i, GcRef::NULL, tail))
}

/// The values of a list, from its head.
pub fn values(mut list: GcRef) -> Vec<i64> {
    let mut out = Vec::new();
    while !list.is_null() {
        out.push(heap::read_field(list, &Cell::VALUE) as i64);
        list = heap::read_field_ref(list, &Cell::TAIL);
    }
    out
}

/// Allocate `n` unreachable lists of `len` cells (garbage that collections must reclaim).
#[inline(never)]
pub fn churn(n: usize, len: i64) {
    for _ in 0..n {
        std::hint::black_box(list(len));
    }
}

/// Overwrite a stretch of the stack below the caller, so that stale copies of references left
/// there by earlier calls do not keep objects alive.
#[inline(never)]
pub fn clear_stack() {
    let mut buffer = [0u64; 4096];
    std::hint::black_box(&mut buffer);
}

//! Shorthands for native code (residual functions, object construction, tests): typed reads and
//! writes over metatrace-gc's checked heap access, and conversions between GC arrays and Rust
//! slices. Domain code never uses these: it goes through the domain's operations.

use metatrace_gc::{heap, ArrayDescr, FieldDescr, GcRef, Layout};

/// Read an integer field.
pub fn get_i64(obj: GcRef, f: &FieldDescr) -> i64 {
    heap::read_field(obj, f) as i64
}

/// Read a float field.
pub fn get_f64(obj: GcRef, f: &FieldDescr) -> f64 {
    f64::from_bits(heap::read_field(obj, f))
}

/// Read a reference field.
pub fn get_ref(obj: GcRef, f: &FieldDescr) -> GcRef {
    heap::read_field_ref(obj, f)
}

/// Write an integer field.
pub fn set_i64(obj: GcRef, f: &FieldDescr, v: i64) {
    heap::write_field(obj, f, v as u64)
}

/// Write a float field.
pub fn set_f64(obj: GcRef, f: &FieldDescr, v: f64) {
    heap::write_field(obj, f, v.to_bits())
}

/// Write a reference field.
pub fn set_ref(obj: GcRef, f: &FieldDescr, v: GcRef) {
    heap::write_field_ref(obj, f, v)
}

/// The number of items of an array-like object.
pub fn len(arr: GcRef, a: &ArrayDescr) -> usize {
    heap::array_len(arr, a) as usize
}

/// Read an integer item.
pub fn item_i64(arr: GcRef, a: &ArrayDescr, i: usize) -> i64 {
    heap::read_item(arr, a, i as i64) as i64
}

/// Read a float item.
pub fn item_f64(arr: GcRef, a: &ArrayDescr, i: usize) -> f64 {
    f64::from_bits(heap::read_item(arr, a, i as i64))
}

/// Read a reference item.
pub fn item_ref(arr: GcRef, a: &ArrayDescr, i: usize) -> GcRef {
    heap::read_item_ref(arr, a, i as i64)
}

/// Write an integer item.
pub fn set_item_i64(arr: GcRef, a: &ArrayDescr, i: usize, v: i64) {
    heap::write_item(arr, a, i as i64, v as u64)
}

/// Write a float item.
pub fn set_item_f64(arr: GcRef, a: &ArrayDescr, i: usize, v: f64) {
    heap::write_item(arr, a, i as i64, v.to_bits())
}

/// Write a reference item.
pub fn set_item_ref(arr: GcRef, a: &ArrayDescr, i: usize, v: GcRef) {
    heap::write_item_ref(arr, a, i as i64, v)
}

/// The first `n` reference items.
pub fn refs_prefix(arr: GcRef, a: &ArrayDescr, n: usize) -> Vec<GcRef> {
    (0..n).map(|i| item_ref(arr, a, i)).collect()
}

/// All reference items.
pub fn refs(arr: GcRef, a: &ArrayDescr) -> Vec<GcRef> {
    refs_prefix(arr, a, len(arr, a))
}

/// The first `n` integer items.
pub fn i64s_prefix(arr: GcRef, a: &ArrayDescr, n: usize) -> Vec<i64> {
    (0..n).map(|i| item_i64(arr, a, i)).collect()
}

/// The first `n` float items.
pub fn f64s_prefix(arr: GcRef, a: &ArrayDescr, n: usize) -> Vec<f64> {
    (0..n).map(|i| item_f64(arr, a, i)).collect()
}

/// All items of a byte array.
pub fn bytes(arr: GcRef, a: &ArrayDescr) -> Vec<u8> {
    (0..len(arr, a)).map(|i| heap::read_item(arr, a, i as i64) as u8).collect()
}

/// A new array-like object of `layout` holding `items`.
pub fn new_refs(layout: &'static Layout, a: &ArrayDescr, items: &[GcRef]) -> GcRef {
    let _rooted = metatrace_gc::root_slice(items);
    let arr = metatrace_gc::alloc_array(layout, items.len());
    for (i, &item) in items.iter().enumerate() {
        set_item_ref(arr, a, i, item);
    }
    arr
}

/// A new array-like object of `layout` whose integer (or float, as bits) items are `bits`.
pub fn new_bits(layout: &'static Layout, a: &ArrayDescr, bits: &[u64]) -> GcRef {
    let arr = metatrace_gc::alloc_array(layout, bits.len());
    for (i, &b) in bits.iter().enumerate() {
        heap::write_item(arr, a, i as i64, b);
    }
    arr
}

/// A new byte array-like object of `layout` holding `bytes`.
pub fn new_bytes(layout: &'static Layout, a: &ArrayDescr, bytes: &[u8]) -> GcRef {
    let arr = metatrace_gc::alloc_array(layout, bytes.len());
    for (i, &b) in bytes.iter().enumerate() {
        heap::write_item(arr, a, i as i64, u64::from(b));
    }
    arr
}

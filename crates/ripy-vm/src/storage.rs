//! Plain GC arrays: the storage behind lists, dicts, tuples' builders, instance slots and the
//! space's root set. They are internal objects, never seen by Python programs.

use crate::gc;
use metatrace_gc::{GcHeader, GcObject, GcRef};
use metatrace_macros::GcObject;

/// An array of references (null where unset).
#[derive(GcObject)]
#[repr(C)]
pub struct RefArray {
    /// The object header.
    pub header: GcHeader,
    /// The number of items.
    pub len: i64,
    /// The items.
    pub items: [GcRef; 0],
}

/// An array of machine integers.
#[derive(GcObject)]
#[repr(C)]
pub struct IntArray {
    /// The object header.
    pub header: GcHeader,
    /// The number of items.
    pub len: i64,
    /// The items.
    pub items: [i64; 0],
}

/// An array of doubles.
#[derive(GcObject)]
#[repr(C)]
pub struct FloatArray {
    /// The object header.
    pub header: GcHeader,
    /// The number of items.
    pub len: i64,
    /// The items.
    pub items: [f64; 0],
}

impl RefArray {
    /// A new array holding `items`.
    pub fn from_slice(items: &[GcRef]) -> GcRef {
        gc::new_refs(Self::layout(), &Self::ITEMS, items)
    }

    /// A new array of `len` null references.
    pub fn nulls(len: usize) -> GcRef {
        metatrace_gc::alloc_array(Self::layout(), len)
    }

    /// The items of an array.
    pub fn to_vec(arr: GcRef) -> Vec<GcRef> {
        gc::refs(arr, &Self::ITEMS)
    }
}

impl IntArray {
    /// A new array holding `items`.
    pub fn from_slice(items: &[i64]) -> GcRef {
        let bits: Vec<u64> = items.iter().map(|&v| v as u64).collect();
        gc::new_bits(Self::layout(), &Self::ITEMS, &bits)
    }
}

impl FloatArray {
    /// A new array holding `items`.
    pub fn from_slice(items: &[f64]) -> GcRef {
        let bits: Vec<u64> = items.iter().map(|v| v.to_bits()).collect();
        gc::new_bits(Self::layout(), &Self::ITEMS, &bits)
    }
}

//! The types with one instance each: `NoneType`, `NotImplementedType` and `ellipsis`. Their
//! layouts are empty: the object's layout is its identity.

use metatrace_gc::GcHeader;
use metatrace_macros::GcObject;

/// `None`.
#[derive(GcObject)]
#[repr(C)]
pub struct W_None {
    /// The object header.
    pub header: GcHeader,
}

/// `NotImplemented`.
#[derive(GcObject)]
#[repr(C)]
pub struct W_NotImplemented {
    /// The object header.
    pub header: GcHeader,
}

/// `Ellipsis` (`...`).
#[derive(GcObject)]
#[repr(C)]
pub struct W_Ellipsis {
    /// The object header.
    pub header: GcHeader,
}

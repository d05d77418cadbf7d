//! The heap layouts shared by the tests of machine code and the collector: a linked-list node
//! (`value: i64`, `next: ref`) and an array of references, with the conversion of the raw
//! words that compiled code hands back into references.

#![allow(dead_code)]

use metatrace::gc::{ArrayDescr, ArrayPart, FieldDescr, GcRef, ItemType, Layout};

/// A node: `value: i64`, `next: ref`.
pub static NODE: Layout = Layout { name: "Node", size: 24, ref_offsets: &[16], array: None };
/// The node's integer field.
pub const VALUE: FieldDescr = FieldDescr {
    owner: "Node",
    name: "value",
    offset: 8,
    ty: ItemType::I64,
    immutable: false,
    quasi_immutable: false,
    layout: None,
};
/// The node's reference field.
pub const NEXT: FieldDescr = FieldDescr {
    owner: "Node",
    name: "next",
    offset: 16,
    ty: ItemType::REF,
    immutable: false,
    quasi_immutable: false,
    layout: None,
};

/// The item part of an array of references.
pub const REFS_PART: ArrayPart = ArrayPart { length_offset: 8, items_offset: 16, item: ItemType::REF };
/// An array of references.
pub static REFS: Layout = Layout { name: "Refs", size: 16, ref_offsets: &[], array: Some(REFS_PART) };
/// The descriptor of the items of [`REFS`].
pub const REFS_DESCR: ArrayDescr = ArrayDescr { owner: "Refs", part: REFS_PART };

/// The reference whose address is `bits` (a value that compiled code returned).
pub fn gcref(bits: u64) -> GcRef {
    // SAFETY: the tests only pass addresses of live objects (or 0) around.
    unsafe { GcRef::from_addr(bits as usize) }
}

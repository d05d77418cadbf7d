//! metatrace-gc: the object model shared by interpreters, the tracer and the backend.
//!
//! It owns three things:
//! - [`layout`]: what a heap object looks like. Every object starts with a [`GcHeader`] that points at
//!   its [`Layout`] (size, where the references are, an optional variable-size array part). Typed
//!   [`FieldDescr`]s and [`ArrayDescr`]s name the places inside objects; the derive macro in
//!   `metatrace-macros` generates them from `#[repr(C)]` structs.
//! - [`GcRef`]: a reference to a heap object (or null), the only way interpreter code names objects.
//! - [`heap`]: allocation and checked reads and writes through descriptors. The collector behind it is
//!   a stand-in (a bump allocator that never frees) until the MMTk collector lands behind the same API.

pub mod heap;
pub mod layout;

pub use heap::{alloc, alloc_array, GcRef};
pub use layout::{ArrayDescr, ArrayPart, FieldDescr, GcHeader, GcObject, ItemType, Kind, Layout};

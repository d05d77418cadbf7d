//! metatrace-gc: the object model and the garbage collector shared by interpreters, the tracer and
//! the backend.
//!
//! - [`layout`]: what a heap object looks like. Every object starts with a [`GcHeader`] that points at
//!   its [`Layout`] (size, where the references are, an optional variable-size array part). Typed
//!   [`FieldDescr`]s and [`ArrayDescr`]s name the places inside objects; the derive macro in
//!   `metatrace-macros` generates them from `#[repr(C)]` structs.
//! - [`GcRef`]: a reference to a heap object (or null), the only way interpreter code names objects.
//! - [`heap`]: allocation, checked reads and writes through descriptors (references written through
//!   the write barrier), explicit collection and statistics.
//! - [`inline`]: the allocation and write-barrier fast paths that machine code inlines.
//! - [`roots`]: references held in Rust memory, registered so that the collector keeps their objects.
//! - [`rooted_items`]: arrays whose items are roots while a closure runs (an interpreter's running
//!   frame), stored into without the write barrier.
//! - [`hidden`]: native stack ranges the conservative scan skips (an interpreter loop's frame while
//!   it is suspended in a call), with a root object scanned instead.
//! - [`weak`]: weak references and finalizers.
//! - [`external`]: memory outside the heap owned by heap objects, released when they die.
//! - [`config`]: the collector, plan, heap size and stress mode, from the environment.
//!
//! The collector is MMTk (module `binding`) with a plan that never moves objects (StickyImmix by
//! default): the heap is traced precisely from layouts, while the native stacks and registers of
//! the threads that allocate are scanned conservatively, together with the registered roots. The
//! stand-in bump allocator that never frees stays selectable with `METATRACE_GC=standin`.

mod binding;
pub mod config;
pub mod external;
pub mod heap;
pub mod hidden;
pub mod inline;
pub mod layout;
pub mod rooted_items;
pub mod roots;
mod standin;
pub mod weak;

pub use heap::{alloc, alloc_array, GcRef};
pub use layout::{ArrayDescr, ArrayPart, FieldDescr, GcHeader, GcObject, ItemType, Kind, Layout};
pub use roots::{root_slice, Root, RootSet, StaticRoot};
pub use weak::{add_finalizer, WeakRef};

//! Tests of the object model: the domain-generic fast paths run in the Concrete domain, and
//! results compared with CPython 3.11's where it matters.

mod cpython;
mod gc_roots;
mod jit;
mod objects;

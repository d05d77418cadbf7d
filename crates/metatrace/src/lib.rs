//! metatrace: a meta-tracing JIT framework for interpreters written in Rust.
//!
//! An interpreter is written once, generic over a [`domain::Domain`], and marked with two hints
//! (`merge_point` at the top of its dispatch loop, `can_enter_jit` at backward jumps). metatrace runs
//! it concretely, traces it when a loop gets hot, compiles the trace to x86-64, and resumes the
//! interpreter exactly when a guard fails. Nothing here knows about any particular language.

pub mod backend;
pub mod call;
pub mod cputime;
pub mod domain;
pub mod ir;
pub mod jit;
pub mod jitlog;
pub mod optimizeopt;
pub mod params;
pub mod perfmap;
pub mod quasi;
pub mod replay;
pub mod resume;
pub mod trace;
pub mod vref;

pub use metatrace_gc as gc;

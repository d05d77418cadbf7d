//! tiny: a small dynamically typed language, and a worked example of writing an interpreter with
//! metatrace.
//!
//! The phases, one module each: [`lexer`] and [`parser`] build the [`ast`]; [`compiler`] turns it
//! into [`bytecode`]; [`interp`] runs the bytecode (its dispatch loop is written once against
//! metatrace's `Domain` API, so the same code interprets, traces and replays); [`objects`] defines
//! the heap layout of values, [`ops`] the operators, [`builtins`] the builtin functions and the
//! residual functions that compiled code calls; [`mod@run`] ties them together. See README.md for the
//! language.

pub mod ast;
pub mod builtins;
pub mod bytecode;
pub mod compiler;
pub mod interp;
pub mod lexer;
pub mod objects;
pub mod ops;
pub mod parser;
pub mod run;

pub use interp::{Pos, Tiny};
pub use run::{compile_source, run, run_source, Error};

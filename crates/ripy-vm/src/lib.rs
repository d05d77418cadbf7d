//! ripy-vm: the Python 3.11 object model of ripy, on metatrace.
//!
//! Every Python object is a GC object: a `#[repr(C)]` struct starting with a `GcHeader`, with a
//! layout derived by `#[derive(GcObject)]`. Exact instances of builtin types have layouts of their
//! own and **no type field**: the layout is the type, so after one `layout_of` (a class guard in a
//! trace) the type is a constant.
//!
//! | Python | layout | contents |
//! |---|---|---|
//! | `int` (64-bit) | [`int::W_Int`] | `value: i64` |
//! | `int` (big) | [`bigint::W_Long`] | a `dashu` `IBig` (limbs in Rust's allocator, freed by the collector) |
//! | `bool` | [`int::W_Bool`] | `value`: 0 or 1 (two objects) |
//! | `float` | [`float::W_Float`] | `value: f64` |
//! | `str` | [`unicode::W_Str`] | code point count, ASCII flag, cached hash, lazy index, generalized UTF-8 bytes |
//! | `bytes` | [`bytes::W_Bytes`] | cached hash, bytes |
//! | `tuple` | [`tuple::W_Tuple`] | items |
//! | `list` | [`list::W_List`] | length, storage whose layout is the strategy (empty, int, float, object) |
//! | `dict` | [`dict::W_Dict`] | ordered compact hash table |
//! | `set`, `frozenset` | [`set::W_Set`], [`set::W_FrozenSet`] | CPython's set table (same iteration order) |
//! | `type` | [`typeobject::W_Type`] | name, bases, MRO, namespace, version tag, method cache, ... |
//! | `None`, `NotImplemented`, `...` | [`singletons`] | nothing |
//! | instances of user classes | [`mapdict::W_Instance`] | type, map (hidden class), slots |
//! | exceptions | [`exceptions::W_Exception`] | as instances, plus `args`, traceback, cause, context |
//! | instances of subclasses of builtin types | [`subclass::W_Subclass`] | as instances, plus the builtin value |
//!
//! Code the JIT must see through (arithmetic, indexing, attribute lookup, the list and dict fast
//! paths) is written against metatrace's `Domain` API: `fn f<D: Domain>(d: &mut D, ...)`. Code
//! that loops or formats runs natively, as residual functions declared with
//! `metatrace::residual!`; it takes and returns `GcRef`s and reports Python exceptions as
//! `Err(exception)` ([`space::PyResult`]). No Python-level error panics.
//!
//! The global state (types, constants, interned strings) is the [`space::Space`]. Layout names
//! follow PyPy's `W_` convention (they also name the layouts in traces).
//!
//! **Collector.** Everything here is written for metatrace-gc's non-moving collector, which scans
//! the native stack conservatively. References that live in Rust heap memory are rooted: the
//! space's objects through [`space::Space::roots`], code constants through their code objects,
//! and temporaries of native code through [`gc::RootedVec`] and `metatrace_gc::root_slice` (see
//! the rooting rule in [`gc`]).

#![allow(non_camel_case_types)]

pub mod bigint;
pub mod buffer;
pub mod builtins;
pub mod bytes;
pub mod code;
pub mod codec;
pub mod compare;
pub mod complex;
pub mod consume;
pub mod descriptors;
pub mod dict;
pub mod exceptions;
pub mod float;
pub mod floatrepr;
pub mod format;
pub mod frame;
pub mod function;
pub mod gc;
pub mod generator;
pub mod generic;
pub mod hash;
pub mod import;
pub mod inline_cache;
pub mod int;
pub mod interp;
pub mod iter;
pub mod known;
pub mod list;
pub mod lookup_cache;
pub mod mapdict;
pub mod matching;
pub mod module;
pub mod modules;
pub mod mro;
pub mod objspace;
pub mod ops;
pub mod protocol;
pub mod repr;
pub mod run;
pub mod runtime;
pub mod sequence;
pub mod set;
pub mod singletons;
pub mod source_compile;
pub mod space;
pub mod storage;
pub mod subclass;
pub mod suggestions;
pub mod threadstate;
pub mod traceback;
pub mod tuple;
pub mod typeobject;
pub mod unicode;

#[cfg(test)]
mod testing;
#[cfg(test)]
mod tests;

pub use space::{PyResult, Space};

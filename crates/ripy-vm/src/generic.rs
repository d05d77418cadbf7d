//! `types.GenericAlias` (`list[int]`), `types.UnionType` (`int | str`) and
//! `types.MappingProxyType` (a class's `__dict__`).
//!
//! Both classes are written in Python, in the embedded module `_ripy_generic`
//! (`modules/_ripy_generic.py`, after CPython 3.11's `genericaliasobject.c`, `unionobject.c`
//! and `mappingproxy`), imported on first use. The interpreter reaches them here: subscripting
//! a builtin generic type ([`class_getitem`]), `|` between types ([`type_or`]) and a class's
//! `__dict__` ([`mappingproxy`]).

use crate::exceptions::ExcKind;
use crate::objspace;
use crate::space::{PyResult, Space};
use crate::typeobject;
use metatrace_gc::GcRef;

/// The builtin types that are generic (CPython gives them `__class_getitem__`).
const GENERIC_TYPES: &[&str] = &["list", "dict", "tuple", "set", "frozenset", "type", "enumerate"];

/// A function or class of `_ripy_generic`.
fn helper(space: &'static Space, name: &str) -> PyResult<GcRef> {
    let module = crate::import::import_module_level(space, space.intern("_ripy_generic"), space.none, space.none, 0)?;
    objspace::getattr(module, space.intern(name))
}

/// `ty[key]` for a type `ty` without a Python-level `__class_getitem__`: a `GenericAlias` for
/// the builtin generic types and their subclasses (which inherit CPython's
/// `__class_getitem__`), `TypeError` for the others.
pub fn class_getitem(space: &'static Space, ty: GcRef, key: GcRef) -> PyResult<GcRef> {
    let name = typeobject::name(ty);
    // (`runtime_type` answers `object` for names it does not know.)
    let is_generic = |t: GcRef| {
        t != space.object_type
            && GENERIC_TYPES.iter().any(|g| space.runtime_type(g) == t || builtin_named(space, g) == Some(t))
    };
    if !typeobject::mro(ty).into_iter().any(is_generic) {
        let message = format!("type '{name}' is not subscriptable");
        return Err(space.new_exception(ExcKind::TypeError, &message));
    }
    generic_alias(space, ty, key)
}

/// `types.GenericAlias(origin, args)`.
pub fn generic_alias(space: &'static Space, origin: GcRef, args: GcRef) -> PyResult<GcRef> {
    objspace::call(helper(space, "GenericAlias")?, &[origin, args])
}

/// The builtin types that have fields in the space.
fn builtin_named(space: &Space, name: &str) -> Option<GcRef> {
    Some(match name {
        "list" => space.list_type,
        "dict" => space.dict_type,
        "tuple" => space.tuple_type,
        "set" => space.set_type,
        "frozenset" => space.frozenset_type,
        "type" => space.type_type,
        _ => return None,
    })
}

/// A read-only live view of `mapping` (`types.MappingProxyType`: what a class's `__dict__` is).
pub fn mappingproxy(space: &'static Space, mapping: GcRef) -> PyResult<GcRef> {
    objspace::call(helper(space, "mappingproxy")?, &[mapping])
}

/// `a | b` where `a` or `b` is a type: a `UnionType` (or the one type of a union of one), or
/// `None` when the other operand cannot be in a union.
pub fn type_or(space: &'static Space, a: GcRef, b: GcRef) -> PyResult<Option<GcRef>> {
    let result = objspace::call(helper(space, "type_or")?, &[a, b])?;
    Ok((result != space.not_implemented).then_some(result))
}

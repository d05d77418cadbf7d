//! The instructions of `match` statements that inspect the subject (`MATCH_SEQUENCE`,
//! `MATCH_MAPPING`, `MATCH_KEYS`, `MATCH_CLASS`), as residual functions with CPython 3.11's
//! semantics and error messages (its `match_keys` and `match_class`).
//!
//! Which objects are sequences and mappings follows CPython's type flags (`Py_TPFLAGS_SEQUENCE`,
//! `Py_TPFLAGS_MAPPING`), which a class takes from the first class of its MRO that has one:
//! `list`, `tuple`, `range` and `memoryview` are sequences (never `str`, `bytes` or `bytearray`),
//! `dict` is a mapping, and a class whose own namespace has `__abc_tpflags__` (as
//! `collections.abc.Sequence` and `Mapping`, and `array.array`) has those flags.

use crate::exceptions::{ExcKind, W_Exception};
use crate::iter::W_Range;
use crate::list::W_List;
use crate::objspace;
use crate::space::{PyResult, Space};
use crate::tuple::W_Tuple;
use crate::typeobject::{self, W_Type};
use crate::unicode::{self, W_Str};
use metatrace::call::set_exception;
use metatrace_gc::{GcObject, GcRef};

/// The builtin types whose instances match a class pattern's single positional sub-pattern
/// themselves (CPython's `_Py_TPFLAGS_MATCH_SELF`).
const MATCH_SELF: &[&str] =
    &["bool", "bytearray", "bytes", "dict", "float", "frozenset", "int", "list", "set", "str", "tuple"];

/// The builtin type named `name` (as the builtins module has it), if any.
fn builtin_type(space: &Space, name: &str) -> Option<GcRef> {
    crate::dict::get_str(space.builtins, space.intern(name)).filter(|t| t.layout() == W_Type::layout())
}

/// CPython's `Py_TPFLAGS_SEQUENCE`, as `__abc_tpflags__` gives it.
const SEQUENCE: i64 = 1 << 5;
/// CPython's `Py_TPFLAGS_MAPPING`.
const MAPPING: i64 = 1 << 6;

/// The collection flag ([`SEQUENCE`], [`MAPPING`] or 0) of the type of `subject`.
fn collection_flag(subject: GcRef) -> i64 {
    type_collection_flag(Space::get().type_of(subject))
}

/// The collection flag ([`SEQUENCE`], [`MAPPING`] or 0) of type `ty`: that of the first class
/// along its MRO that has one.
pub fn type_collection_flag(ty: GcRef) -> i64 {
    let space = Space::get();
    let tpflags = space.intern("__abc_tpflags__");
    let kinds: [(&[&str], i64); 2] = [(&["list", "tuple", "range", "memoryview"], SEQUENCE), (&["dict"], MAPPING)];
    for class in typeobject::mro(ty) {
        for (names, flag) in kinds {
            if names.iter().filter_map(|n| builtin_type(space, n)).any(|t| t == class) {
                return flag;
            }
        }
        let namespace = crate::gc::get_ref(class, &W_Type::DICT);
        let declared = crate::dict::get_str(namespace, tpflags).and_then(objspace::int_value).unwrap_or(0);
        if declared & (SEQUENCE | MAPPING) != 0 {
            return declared & (SEQUENCE | MAPPING);
        }
    }
    0
}

fn match_sequence_impl(subject: GcRef) -> i64 {
    let layout = subject.layout();
    let builtin = layout == W_List::layout() || layout == W_Tuple::layout() || layout == W_Range::layout();
    i64::from(builtin || collection_flag(subject) == SEQUENCE)
}

metatrace::residual! {
    /// Whether the subject of a sequence pattern is a sequence: 1 or 0.
    pub fn match_sequence(subject: Ref) -> Int;
    effect = Plain; can_raise = false; impl = match_sequence_impl;
}

fn match_mapping_impl(subject: GcRef) -> i64 {
    i64::from(collection_flag(subject) == MAPPING)
}

metatrace::residual! {
    /// Whether the subject of a mapping pattern is a mapping: 1 or 0.
    pub fn match_mapping(subject: Ref) -> Int;
    effect = Plain; can_raise = false; impl = match_mapping_impl;
}

/// The values of `keys` (a tuple) in mapping `subject`, looked up with its `get` method, or
/// `None` when one is missing.
fn match_keys(subject: GcRef, keys: GcRef) -> PyResult<GcRef> {
    let space = Space::get();
    let keys = W_Tuple::items(keys);
    if keys.is_empty() {
        return Ok(W_Tuple::from_slice(&[]));
    }
    let get = objspace::getattr(subject, space.intern("get"))?;
    let missing = crate::mapdict::new_object(crate::mapdict::W_Instance::layout(), space.object_type);
    let mut seen: Vec<GcRef> = Vec::new();
    let mut values = objspace::RootedVec::new();
    for key in keys {
        for &s in &seen {
            if objspace::eq(s, key)? {
                let message = format!("mapping pattern checks duplicate key ({})", objspace::repr(key)?);
                return Err(space.new_exception(ExcKind::ValueError, &message));
            }
        }
        seen.push(key);
        let value = objspace::call(get, &[key, missing])?;
        if value == missing {
            return Ok(space.none);
        }
        values.push(value);
    }
    Ok(W_Tuple::from_slice(&values))
}

fn match_keys_impl(subject: GcRef, keys: GcRef) -> GcRef {
    match_keys(subject, keys).unwrap_or_else(|e| {
        set_exception(e);
        GcRef::NULL
    })
}

metatrace::residual! {
    /// The values of a mapping pattern's keys in the subject (a tuple), or `None`.
    pub fn match_keys_values(subject: Ref, keys: Ref) -> Ref;
    effect = Plain; can_raise = true; impl = match_keys_impl;
}

/// Attribute `name` of the subject for a class pattern; `None` when it has none. A name met twice
/// is an error.
fn class_attr(subject: GcRef, cls: GcRef, name: GcRef, seen: &mut Vec<GcRef>) -> PyResult<Option<GcRef>> {
    let space = Space::get();
    if seen.iter().any(|&s| unicode::eq_text(s, &unicode::to_string_lossy(name))) {
        let message =
            format!("{}() got multiple sub-patterns for attribute {}", typeobject::name(cls), objspace::repr(name)?);
        return Err(space.new_exception(ExcKind::TypeError, &message));
    }
    seen.push(name);
    match objspace::getattr(subject, name) {
        Ok(v) => Ok(Some(v)),
        Err(e) if is_attribute_error(space, e) => Ok(None),
        Err(e) => Err(e),
    }
}

fn is_attribute_error(space: &Space, exc: GcRef) -> bool {
    exc.layout() == W_Exception::layout()
        && typeobject::is_subtype(space.type_of(exc), space.exception_type(ExcKind::AttributeError))
}

/// The attributes a class pattern `cls(<count> positional, **names)` extracts from `subject` (a
/// tuple), or `None` when the subject is not an instance of `cls` or lacks one of them.
fn match_class(subject: GcRef, cls: GcRef, count: usize, names: GcRef) -> PyResult<GcRef> {
    let space = Space::get();
    let type_error = |message: String| space.new_exception(ExcKind::TypeError, &message);
    if cls.layout() != W_Type::layout() {
        return Err(type_error("called match pattern must be a type".to_owned()));
    }
    if !typeobject::is_subtype(space.type_of(subject), cls) {
        return Ok(space.none);
    }
    let mut seen = Vec::new();
    let mut attrs = objspace::RootedVec::new();
    if count > 0 {
        let match_args = match objspace::getattr(cls, space.intern("__match_args__")) {
            Ok(m) => Some(m),
            Err(e) if is_attribute_error(space, e) => None,
            Err(e) => return Err(e),
        };
        let match_self = match_args.is_none() && MATCH_SELF.iter().any(|n| builtin_type(space, n) == Some(cls));
        let match_args = match match_args {
            Some(m) if m.layout() != W_Tuple::layout() => {
                return Err(type_error(format!(
                    "{}.__match_args__ must be a tuple (got {})",
                    typeobject::name(cls),
                    space.type_name(m)
                )))
            }
            // Rooted: a `__match_args__` property may give a new tuple, dropped after this.
            Some(m) => objspace::RootedVec::from_slice(&W_Tuple::items(m)),
            None => objspace::RootedVec::new(),
        };
        let allowed = if match_self { 1 } else { match_args.len() };
        if allowed < count {
            return Err(type_error(format!(
                "{}() accepts {} positional sub-pattern{} ({} given)",
                typeobject::name(cls),
                allowed,
                if allowed == 1 { "" } else { "s" },
                count
            )));
        }
        if match_self {
            attrs.push(subject);
        } else {
            for &name in &match_args[..count] {
                if name.layout() != W_Str::layout() {
                    return Err(type_error(format!(
                        "__match_args__ elements must be strings (got {})",
                        space.type_name(name)
                    )));
                }
                match class_attr(subject, cls, name, &mut seen)? {
                    Some(v) => attrs.push(v),
                    None => return Ok(space.none),
                }
            }
        }
    }
    for name in W_Tuple::items(names) {
        match class_attr(subject, cls, name, &mut seen)? {
            Some(v) => attrs.push(v),
            None => return Ok(space.none),
        }
    }
    Ok(W_Tuple::from_slice(&attrs))
}

fn match_class_impl(subject: GcRef, cls: GcRef, count: i64, names: GcRef) -> GcRef {
    match_class(subject, cls, count as usize, names).unwrap_or_else(|e| {
        set_exception(e);
        GcRef::NULL
    })
}

metatrace::residual! {
    /// The attributes a class pattern extracts from the subject (a tuple), or `None`.
    pub fn match_class_attrs(subject: Ref, cls: Ref, count: Int, names: Ref) -> Ref;
    effect = Plain; can_raise = true; impl = match_class_impl;
}

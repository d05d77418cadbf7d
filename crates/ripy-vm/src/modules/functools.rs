//! The `_functools` module: the native `reduce` and `cmp_to_key` that `functools` takes in place
//! of its Python versions, as CPython's `Modules/_functoolsmodule.c` provides them. Being builtin
//! functions, they do not bind when stored as class attributes.
//!
//! `cmp_to_key(mycmp)` returns a `functools.KeyWrapper` (a class made by [`super::new_class`]
//! with native methods): calling it wraps an object, and two wrappers compare by the sign of
//! `mycmp` on their objects. A wrapper keeps `mycmp` and its object under hidden keys, so it has
//! no visible attributes but CPython's read-only `obj`.

use super::{arg_range, native};
use crate::builtins::params::bind;
use crate::builtins::BuiltinDef;
use crate::exceptions::ExcKind;
use crate::function::Args;
use crate::int::heap_int;
use crate::mapdict;
use crate::objspace;
use crate::ops::CmpOp;
use crate::space::{PyResult, Space};
use crate::unicode;
use metatrace_gc::{GcObject, GcRef};
use std::cell::Cell;

/// The module.
pub const MODULE: super::BuiltinModule = super::BuiltinModule { name: "_functools", init };

/// The functions of `_functools` and the methods of `functools.KeyWrapper`.
pub static DEFS: &[BuiltinDef] = &[
    native("_functools", "reduce", reduce).with_frame(),
    native("_functools", "cmp_to_key", cmp_to_key),
    native("functools.KeyWrapper", "__call__", key_call),
    native("functools.KeyWrapper", "__getattr__", key_getattr),
    native("functools.KeyWrapper", "__lt__", key_lt),
    native("functools.KeyWrapper", "__le__", key_le),
    native("functools.KeyWrapper", "__eq__", key_eq),
    native("functools.KeyWrapper", "__ne__", key_ne),
    native("functools.KeyWrapper", "__gt__", key_gt),
    native("functools.KeyWrapper", "__ge__", key_ge),
];

/// The hidden instance attribute holding a wrapper's comparison function.
const CMP: &str = " cmp";
/// The hidden instance attribute holding a wrapper's object (absent for the factory).
const OBJ: &str = " obj";

crate::interp_local! {
    /// `functools.KeyWrapper` (made on first use).
    static KEY_WRAPPER: Cell<GcRef> = const { Cell::new(GcRef::NULL) };
}

fn init(space: &'static Space, m: GcRef) -> PyResult<()> {
    super::add_functions(space, super::namespace(m), "_functools");
    Ok(())
}

fn type_error(space: &Space, message: &str) -> GcRef {
    space.new_exception(ExcKind::TypeError, message)
}

/// `reduce(function, iterable[, initial])`: `function` folded over the items from the left.
fn reduce(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    if !args.keywords.is_empty() {
        return Err(type_error(space, "reduce() takes no keyword arguments"));
    }
    let given = arg_range(space, "reduce", args, 2, 3)?;
    let (function, iterable) = (given[0], given[1]);
    let it = objspace::iter(iterable).map_err(|e| {
        if crate::traceback::is_instance_of(e, ExcKind::TypeError) {
            type_error(space, "reduce() arg 2 must support iteration")
        } else {
            e
        }
    })?;
    let mut acc = given.get(2).copied();
    while let Some(item) = objspace::next(it)? {
        acc = Some(match acc {
            None => item,
            Some(value) => objspace::call(function, &[value, item])?,
        });
    }
    acc.ok_or_else(|| type_error(space, "reduce() of empty iterable with no initial value"))
}

/// `functools.KeyWrapper`, made on first use.
fn key_wrapper_class(space: &Space) -> GcRef {
    KEY_WRAPPER.with(|c| {
        if c.get().is_null() {
            let class = super::new_class(space, "functools", "KeyWrapper");
            let namespace = crate::gc::get_ref(class, &crate::typeobject::W_Type::DICT);
            crate::dict::set_str(namespace, space.intern("__hash__"), space.none);
            c.set(class);
        }
        c.get()
    })
}

/// A new wrapper of `obj` (null for the factory) compared with `cmp`.
fn new_wrapper(space: &Space, cmp: GcRef, obj: GcRef) -> GcRef {
    let wrapper = mapdict::new_object(mapdict::W_Instance::layout(), key_wrapper_class(space));
    mapdict::set_attr(wrapper, space.intern_static(CMP), cmp);
    if !obj.is_null() {
        mapdict::set_attr(wrapper, space.intern_static(OBJ), obj);
    }
    wrapper
}

/// `cmp_to_key(mycmp)`: the factory of wrappers compared with `mycmp`.
fn cmp_to_key(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let values = bind(space, "cmp_to_key", &args.positional, &args.keywords, &["mycmp"], 1)?;
    Ok(new_wrapper(space, values[0].unwrap_or(space.none), GcRef::NULL))
}

/// A hidden attribute of `obj` if it is a `functools.KeyWrapper`.
fn wrapper_field(space: &Space, obj: GcRef, key: &'static str) -> Option<GcRef> {
    if space.type_of(obj) != key_wrapper_class(space) {
        return None;
    }
    mapdict::get_attr(obj, space.intern_static(key))
}

/// The receiver of a `KeyWrapper` method and its comparison function.
fn receiver(space: &Space, method: &str, args: &Args) -> PyResult<(GcRef, GcRef)> {
    let obj = args.positional.first().copied().unwrap_or(space.none);
    match wrapper_field(space, obj, CMP) {
        Some(cmp) => Ok((obj, cmp)),
        None => {
            let message = format!(
                "descriptor '{method}' requires a 'functools.KeyWrapper' object but received a '{}'",
                space.type_name(obj)
            );
            Err(type_error(space, &message))
        }
    }
}

/// `key(obj)`: a wrapper of `obj`.
fn key_call(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (_, cmp) = receiver(space, "__call__", args)?;
    let values = bind(space, "K", &args.positional[1..], &args.keywords, &["obj"], 1)?;
    Ok(new_wrapper(space, cmp, values[0].unwrap_or(space.none)))
}

/// `wrapper.obj` (None for the factory); other names are missing.
fn key_getattr(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, _) = receiver(space, "__getattr__", args)?;
    let name = args.positional.get(1).copied().unwrap_or(space.none);
    if unicode::eq_text(name, "obj") {
        return Ok(wrapper_field(space, obj, OBJ).unwrap_or(space.none));
    }
    let message = format!("'functools.KeyWrapper' object has no attribute '{}'", unicode::to_string_lossy(name));
    Err(space.new_exception(ExcKind::AttributeError, &message))
}

/// `wrapper op other`: `mycmp(wrapper.obj, other.obj) op 0`.
fn key_compare(space: &'static Space, op: CmpOp, name: &str, args: &Args) -> PyResult<GcRef> {
    let (obj, cmp) = receiver(space, name, args)?;
    let other = args.positional.get(1).copied().unwrap_or(space.none);
    let Some(other_obj) = wrapper_field(space, other, OBJ) else {
        return Err(type_error(space, "other argument must be K instance"));
    };
    let own = wrapper_field(space, obj, OBJ).unwrap_or(space.none);
    let order = objspace::call(cmp, &[own, other_obj])?;
    objspace::compare_op(op, order, heap_int(0))
}

fn key_lt(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    key_compare(space, CmpOp::Lt, "__lt__", args)
}

fn key_le(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    key_compare(space, CmpOp::Le, "__le__", args)
}

fn key_eq(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    key_compare(space, CmpOp::Eq, "__eq__", args)
}

fn key_ne(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    key_compare(space, CmpOp::Ne, "__ne__", args)
}

fn key_gt(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    key_compare(space, CmpOp::Gt, "__gt__", args)
}

fn key_ge(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    key_compare(space, CmpOp::Ge, "__ge__", args)
}

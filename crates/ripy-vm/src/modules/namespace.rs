//! The methods of `types.SimpleNamespace` (the class of `sys.implementation` and `sys.flags`,
//! made by [`super::namespace_class`]): keyword construction, `namespace(a=1, b=2)` reprs,
//! equality by attributes and pickling, as CPython's `Objects/namespaceobject.c`.

use super::{exact_args, no_keywords};
use crate::builtins::BuiltinDef;
use crate::exceptions::ExcKind;
use crate::function::Args;
use crate::space::{PyResult, Space};
use crate::tuple::W_Tuple;
use crate::unicode::{self, W_Str};
use crate::{mapdict, objspace, typeobject};
use metatrace_gc::{GcObject, GcRef};
use std::cell::RefCell;

const fn method(name: &'static str, func: crate::builtins::NativeFn) -> BuiltinDef {
    super::native("types.SimpleNamespace", name, func)
}

/// The methods of `types.SimpleNamespace`.
pub static DEFS: &[BuiltinDef] =
    &[method("__init__", init), method("__repr__", repr), method("__eq__", eq), method("__reduce__", reduce)];

/// The receiver of a method and the arguments after it.
fn receiver<'a>(space: &Space, name: &str, args: &'a Args) -> PyResult<(GcRef, &'a [GcRef])> {
    match args.positional.split_first() {
        Some((&obj, rest)) if typeobject::is_subtype(space.type_of(obj), super::namespace_class(space)) => {
            Ok((obj, rest))
        }
        Some((&obj, _)) => {
            let message = format!(
                "descriptor '{name}' requires a 'types.SimpleNamespace' object but received '{}'",
                space.type_name(obj)
            );
            Err(space.new_exception(ExcKind::TypeError, &message))
        }
        None => {
            let message = format!("descriptor '{name}' of 'types.SimpleNamespace' object needs an argument");
            Err(space.new_exception(ExcKind::TypeError, &message))
        }
    }
}

/// `SimpleNamespace(**kwargs)`: one attribute per keyword.
fn init(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, rest) = receiver(space, "__init__", args)?;
    if !rest.is_empty() {
        return Err(space.new_exception(ExcKind::TypeError, "no positional arguments expected"));
    }
    for &(key, value) in &args.keywords {
        if key.layout() != W_Str::layout() {
            return Err(space.new_exception(ExcKind::TypeError, "keywords must be strings"));
        }
        objspace::setattr(obj, key, value)?;
    }
    Ok(space.none)
}

thread_local! {
    /// The namespaces whose repr is being made (a namespace inside itself shows as `...`).
    static IN_REPR: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

/// `repr(ns)`: `namespace(a=1, b=2)` (the class name for subclasses), `namespace(...)` for a
/// namespace met again inside its own repr.
fn repr(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, _) = receiver(space, "__repr__", args)?;
    no_keywords(space, "__repr__", args)?;
    let ty = space.type_of(obj);
    let name = if ty == super::namespace_class(space) { "namespace".to_owned() } else { typeobject::name(ty) };
    if IN_REPR.with(|r| r.borrow().contains(&obj.addr())) {
        return Ok(unicode::new_str(&format!("{name}(...)")));
    }
    IN_REPR.with(|r| r.borrow_mut().push(obj.addr()));
    let parts: PyResult<Vec<String>> = mapdict::attributes(obj)
        .iter()
        .filter(|&(name, _)| name.layout() == W_Str::layout())
        .map(|(name, value)| Ok(format!("{}={}", unicode::to_string_lossy(name), objspace::repr(value)?)))
        .collect();
    IN_REPR.with(|r| r.borrow_mut().retain(|&a| a != obj.addr()));
    Ok(unicode::new_str(&format!("{name}({})", parts?.join(", "))))
}

/// `ns == other`: equal attribute dicts when both are namespaces, `NotImplemented` otherwise.
fn eq(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, rest) = receiver(space, "__eq__", args)?;
    let [other] = exact_args::<1>(space, "__eq__", &Args::positional(rest))?;
    if !typeobject::is_subtype(space.type_of(other), super::namespace_class(space)) {
        return Ok(space.not_implemented);
    }
    let dict = space.intern("__dict__");
    let mine = objspace::getattr(obj, dict)?;
    let theirs = objspace::getattr(other, dict)?;
    Ok(space.w_bool(objspace::eq(mine, theirs)?))
}

/// `ns.__reduce__()`: `(type(ns), (), ns.__dict__)`.
fn reduce(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, _) = receiver(space, "__reduce__", args)?;
    let dict = objspace::getattr(obj, space.intern("__dict__"))?;
    let empty = W_Tuple::from_slice(&[]);
    Ok(W_Tuple::from_slice(&[space.type_of(obj), empty, dict]))
}

//! Module objects: a [`W_Module`] is a namespace dict with a name, as CPython's `module` type.
//!
//! Attribute access on a module reads and writes its dict (`__dict__`); a missing attribute asks
//! the module's own `__getattr__` (PEP 562) before raising CPython's
//! `AttributeError: module 'm' has no attribute 'x'`. `repr` follows importlib's
//! `_module_repr`: `<module 'm' from '/path/m.py'>`, `<module 'sys' (built-in)>`,
//! `<module 'ns' (namespace) from [...]>`, `<module 'm'>`, or for a module without a spec what
//! its `__loader__`'s `module_repr` gives, else `<module 'm' (repr(loader))>`.

use crate::dict;
use crate::exceptions::ExcKind;
use crate::gc;
use crate::objspace;
use crate::repr;
use crate::space::{PyResult, Space};
use crate::unicode::{self, W_Str};
use metatrace_gc::{GcHeader, GcObject, GcRef};
use metatrace_macros::GcObject;

/// A module.
#[derive(GcObject)]
#[repr(C)]
pub struct W_Module {
    /// The object header.
    pub header: GcHeader,
    /// The namespace (a dict): the module's globals.
    #[gc(immutable)]
    pub dict: GcRef,
}

/// A new module named `name` (a str) with the standard attributes (`__name__`, `__doc__`, and
/// `__package__`, `__loader__`, `__spec__` set to None).
pub fn new_module(space: &Space, name: GcRef) -> GcRef {
    let namespace = dict::new();
    let _rooted = metatrace_gc::Root::new(namespace);
    dict::set_str(namespace, space.intern("__name__"), name);
    for key in ["__doc__", "__package__", "__loader__", "__spec__"] {
        dict::set_str(namespace, space.intern(key), space.none);
    }
    with_dict(namespace)
}

/// A module object whose namespace is `namespace` (a dict), as it is.
pub fn with_dict(namespace: GcRef) -> GcRef {
    let _rooted = metatrace_gc::Root::new(namespace);
    let m = metatrace_gc::alloc(W_Module::layout());
    gc::set_ref(m, &W_Module::DICT, namespace);
    m
}

/// Whether `obj` is a module.
pub fn is_module(obj: GcRef) -> bool {
    !obj.is_null() && obj.layout() == W_Module::layout()
}

/// The namespace of module `m`.
pub fn dict_of(m: GcRef) -> GcRef {
    gc::get_ref(m, &W_Module::DICT)
}

/// The entry `key` of module `m`'s namespace.
pub fn get(m: GcRef, key: &str) -> Option<GcRef> {
    dict::get_str(dict_of(m), Space::get().intern(key))
}

/// Set the entry `key` of module `m`'s namespace.
pub fn set(m: GcRef, key: &str, value: GcRef) {
    dict::set_str(dict_of(m), Space::get().intern(key), value);
}

/// The module's `__name__` if it is a str.
pub fn name(m: GcRef) -> Option<String> {
    get(m, "__name__").filter(|n| n.layout() == W_Str::layout()).map(unicode::to_string_lossy)
}

/// `m.name`: the namespace, then the `module` type (with `__annotations__`, made empty on
/// first use), then the module's `__getattr__`.
pub fn getattr(m: GcRef, name: GcRef) -> PyResult<GcRef> {
    let space = Space::get();
    if let Some(v) = dict::get(dict_of(m), name)? {
        return Ok(v);
    }
    let text = unicode::to_string_lossy(name);
    match text.as_str() {
        "__dict__" => return Ok(dict_of(m)),
        "__class__" => return Ok(space.type_of(m)),
        "__annotations__" => {
            // CPython's module getter: a module without annotations gets an empty dict, kept.
            let annotations = dict::new();
            dict::set(dict_of(m), name, annotations)?;
            return Ok(annotations);
        }
        _ => {}
    }
    if let Some(v) = crate::typeobject::lookup_where(space.type_of(m), name).map(|(_, v)| v) {
        return Ok(if v.layout() == crate::function::W_Builtin::layout() {
            crate::function::new_builtin(gc::get_i64(v, &crate::function::W_Builtin::INDEX) as usize, m)
        } else {
            v
        });
    }
    if let Some(hook) = get(m, "__getattr__") {
        return objspace::call(hook, &[name]);
    }
    let message = match self::name(m) {
        Some(module) => format!("module '{module}' has no attribute '{text}'"),
        None => format!("module has no attribute '{text}'"),
    };
    Err(space.new_exception(ExcKind::AttributeError, &message))
}

/// `m.name = value`.
pub fn setattr(m: GcRef, name: GcRef, value: GcRef) -> PyResult<()> {
    if unicode::eq_text(name, "__dict__") || unicode::eq_text(name, "__class__") {
        let message = format!("readonly attribute '{}'", unicode::to_string_lossy(name));
        return Err(Space::get().new_exception(ExcKind::AttributeError, &message));
    }
    dict::set(dict_of(m), name, value)
}

/// `del m.name`.
pub fn delattr(m: GcRef, name: GcRef) -> PyResult<()> {
    if dict::del(dict_of(m), name)? {
        return Ok(());
    }
    let message = format!("'module' object has no attribute '{}'", unicode::to_string_lossy(name));
    Err(Space::get().new_exception(ExcKind::AttributeError, &message))
}

/// What `loader.module_repr(m)` gives, for a module without a spec: `None` when the loader has
/// no such method or it raises an `Exception` (which `_module_repr` ignores).
fn loader_module_repr(space: &Space, loader: GcRef, m: GcRef) -> PyResult<Option<String>> {
    let Ok(method) = objspace::getattr(loader, space.intern("module_repr")) else {
        return Ok(None);
    };
    match objspace::call(method, &[m]) {
        Ok(r) if r.layout() == W_Str::layout() => Ok(Some(unicode::to_string_lossy(r))),
        Ok(r) => {
            let message = format!("__repr__ returned non-string (type {})", space.type_name(r));
            Err(space.new_exception(ExcKind::TypeError, &message))
        }
        Err(e) if crate::exceptions::is_instance_of(space, e, ExcKind::Exception) => Ok(None),
        Err(e) => Err(e),
    }
}

/// `repr(m)`, as importlib's `_module_repr` writes it.
pub fn module_repr(m: GcRef) -> PyResult<String> {
    let space = Space::get();
    let spec = get(m, "__spec__").filter(|s| *s != space.none);
    let loader = get(m, "__loader__").filter(|l| *l != space.none && spec.is_none());
    if let Some(r) = loader.map(|loader| loader_module_repr(space, loader, m)).transpose()?.flatten() {
        return Ok(r);
    }
    let name = match get(m, "__name__") {
        Some(n) => repr::repr(n)?,
        None => "'?'".to_owned(),
    };
    if let Some(file) = get(m, "__file__").filter(|f| *f != space.none) {
        return Ok(format!("<module {name} from {}>", repr::repr(file)?));
    }
    if let Some(loader) = loader {
        return Ok(format!("<module {name} ({})>", repr::repr(loader)?));
    }
    if let Some(spec) = spec {
        let origin = objspace::getattr(spec, space.intern("origin")).ok().filter(|o| *o != space.none);
        match origin {
            Some(o) if unicode::eq_text(o, "built-in") => return Ok(format!("<module {name} (built-in)>")),
            Some(o) => return Ok(format!("<module {name} from {}>", repr::repr(o)?)),
            None => {
                if let Some(path) = get(m, "__path__") {
                    return Ok(format!("<module {name} (namespace) from {}>", repr::repr(path)?));
                }
            }
        }
    }
    Ok(format!("<module {name}>"))
}

//! `repr()` and `str()` of builtin objects, in native code (residual functions, error messages,
//! tests). A list or dict inside itself is written `[...]` or `{...}`, as CPython does. Instances
//! of user classes with a `__repr__` of their own get it called through the interpreter
//! ([`crate::objspace::repr_user`]); others get the default `<module.Class object at 0x...>`.

use crate::bigint::{self, W_Long};
use crate::bytes::{self, W_Bytes};
use crate::dict::{self, W_Dict};
use crate::exceptions::W_Exception;
use crate::float::W_Float;
use crate::floatrepr::float_repr;
use crate::function::{W_ClassMethod, W_StaticMethod};
use crate::gc;
use crate::int::{W_Bool, W_Int};
use crate::list::{self, W_List};
use crate::mapdict::W_Instance;
use crate::set::{self, W_Set};
use crate::singletons::{W_Ellipsis, W_None, W_NotImplemented};
use crate::space::{PyResult, Space};
use crate::tuple::W_Tuple;
use crate::typeobject::{self, flags, W_Type};
use crate::unicode::{self, W_Str};
use metatrace_gc::{GcObject, GcRef};

thread_local! {
    /// The containers whose repr is being written on this thread, outermost first (CPython's
    /// `Py_ReprEnter` list): a `repr()` that a user `__repr__` starts inside another sees them.
    /// They are alive: the reprs in progress hold them.
    static REPR_ACTIVE: std::cell::RefCell<Vec<GcRef>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// `repr(obj)`.
pub fn repr(obj: GcRef) -> PyResult<String> {
    let mut enclosing = REPR_ACTIVE.with(|a| a.borrow().clone());
    write_repr(obj, &mut enclosing)
}

/// The repr of a container that may contain itself: `marker` when it is already being written,
/// else `body`, with `obj` among the enclosing containers meanwhile.
fn guarded(
    obj: GcRef,
    enclosing: &mut Vec<GcRef>,
    marker: impl FnOnce() -> String,
    body: impl FnOnce(&mut Vec<GcRef>) -> PyResult<String>,
) -> PyResult<String> {
    if enclosing.contains(&obj) {
        return Ok(marker());
    }
    enclosing.push(obj);
    REPR_ACTIVE.with(|a| a.borrow_mut().push(obj));
    let text = crate::objspace::recursive_call(" while getting the repr of an object", || body(enclosing));
    REPR_ACTIVE.with(|a| a.borrow_mut().pop());
    enclosing.pop();
    text
}

/// `str(obj)`: a string's own text (lossy for lone surrogates), an exception's message, else the
/// repr.
pub fn str(obj: GcRef) -> PyResult<String> {
    let layout = obj.layout();
    if layout == W_Str::layout() {
        Ok(unicode::to_string_lossy(obj))
    } else if layout == W_Exception::layout() {
        Space::get().exception_str(obj)
    } else {
        match crate::subclass::inner(obj) {
            Some(value) if value.layout() == W_Str::layout() => Ok(unicode::to_string_lossy(value)),
            _ => repr(obj),
        }
    }
}

/// The items' reprs joined with ", ".
fn join(items: &[GcRef], enclosing: &mut Vec<GcRef>) -> PyResult<String> {
    Ok(items.iter().map(|&i| write_repr(i, enclosing)).collect::<PyResult<Vec<_>>>()?.join(", "))
}

/// `module.qualname` of a type (the module omitted for builtins).
fn qualified_name(ty: GcRef) -> String {
    let qualname = unicode::to_string_lossy(gc::get_ref(ty, &W_Type::QUALNAME));
    if gc::get_i64(ty, &W_Type::FLAGS) & flags::HEAPTYPE == 0 {
        return qualname;
    }
    let module = Space::get().intern("__module__");
    match dict::get_str(gc::get_ref(ty, &W_Type::DICT), module) {
        Some(m) if m.layout() == W_Str::layout() && !unicode::eq_text(m, "builtins") => {
            format!("{}.{qualname}", unicode::to_string_lossy(m))
        }
        _ => qualname,
    }
}

/// The repr of a list, tuple, dict or dict view.
fn container_repr(obj: GcRef, enclosing: &mut Vec<GcRef>) -> PyResult<String> {
    let layout = obj.layout();
    let is_view = crate::iter::is_view(obj);
    Ok(if layout == W_List::layout() {
        format!("[{}]", join(&list::items(obj), enclosing)?)
    } else if layout == W_Tuple::layout() {
        let items = W_Tuple::items(obj);
        match items.as_slice() {
            [one] => format!("({},)", write_repr(*one, enclosing)?),
            _ => format!("({})", join(&items, enclosing)?),
        }
    } else if is_view {
        let items = crate::iter::view_items(obj);
        format!("{}([{}])", Space::get().type_name(obj), join(&items, enclosing)?)
    } else {
        let mut parts = Vec::new();
        for (k, v) in dict::rooted_items(obj).iter() {
            parts.push(format!("{}: {}", write_repr(k, enclosing)?, write_repr(v, enclosing)?));
        }
        format!("{{{}}}", parts.join(", "))
    })
}

/// What the builtin `__repr__` of a set, frozenset or bytearray gives subclass instance `obj`,
/// whatever `__repr__` its class defines (`set.__repr__(s)`): the base's repr, named after the
/// instance's type, as CPython's `set_repr` and `bytearray_repr`; `None` for other bases.
pub fn named_base_repr(obj: GcRef) -> PyResult<Option<String>> {
    if !crate::subclass::inner(obj).is_some_and(set::is_set) {
        return crate::subclass::repr_with_type_name(obj);
    }
    let mut enclosing = REPR_ACTIVE.with(|a| a.borrow().clone());
    let name = Space::get().type_name(obj);
    guarded(obj, &mut enclosing, || format!("{name}(...)"), |enclosing| set_repr(obj, &name, enclosing)).map(Some)
}

/// The repr of a set or frozenset (or an instance of a subclass, named `name`): `{1, 2}` for an
/// exact set, `name({1, 2})` otherwise, `name()` when empty.
fn set_repr(obj: GcRef, name: &str, enclosing: &mut Vec<GcRef>) -> PyResult<String> {
    let items = set::items(crate::subclass::unwrap(obj));
    Ok(if items.is_empty() {
        format!("{name}()")
    } else if obj.layout() == W_Set::layout() {
        format!("{{{}}}", join(&items, enclosing)?)
    } else {
        format!("{name}({{{}}})", join(&items, enclosing)?)
    })
}

fn write_repr(obj: GcRef, enclosing: &mut Vec<GcRef>) -> PyResult<String> {
    let layout = obj.layout();
    let is_view = crate::iter::is_view(obj);
    if layout == W_List::layout() || layout == W_Dict::layout() || layout == W_Tuple::layout() || is_view {
        // Containers that may contain themselves: CPython's `Py_ReprEnter` markers.
        let marker = || {
            match layout.name {
                "W_List" => "[...]",
                "W_Dict" => "{...}",
                "W_Tuple" => "(...)",
                _ => "...",
            }
            .to_owned()
        };
        return guarded(obj, enclosing, marker, |enclosing| container_repr(obj, enclosing));
    }
    let set_subclass = crate::subclass::inner(obj).is_some_and(set::is_set);
    if set::is_set(obj) || (set_subclass && crate::objspace::lookup_user(obj, "__repr__").is_none()) {
        let name = Space::get().type_name(obj);
        return guarded(obj, enclosing, || format!("{name}(...)"), |enclosing| set_repr(obj, &name, enclosing));
    }
    Ok(if layout == W_Int::layout() {
        gc::get_i64(obj, &W_Int::VALUE).to_string()
    } else if layout == W_Bool::layout() {
        if gc::get_i64(obj, &W_Bool::VALUE) != 0 { "True" } else { "False" }.to_owned()
    } else if layout == W_Long::layout() {
        bigint::to_decimal(&bigint::to_ibig(obj).expect("a big int"))?
    } else if layout == W_Float::layout() {
        float_repr(gc::get_f64(obj, &W_Float::VALUE))
    } else if let Some((re, im)) = crate::complex::value(obj) {
        crate::complex::repr(re, im)
    } else if layout == W_Str::layout() {
        unicode::repr(obj)
    } else if layout == W_Bytes::layout() {
        bytes::repr(obj)
    } else if let Some(text) = crate::buffer::repr(obj) {
        text
    } else if layout == W_None::layout() {
        "None".to_owned()
    } else if layout == W_NotImplemented::layout() {
        "NotImplemented".to_owned()
    } else if layout == W_Ellipsis::layout() {
        "Ellipsis".to_owned()
    } else if layout == W_Type::layout() && crate::objspace::lookup_user(obj, "__repr__").is_some() {
        // A metaclass's `__repr__`.
        crate::objspace::repr_user(obj).unwrap_or_else(|| Ok(String::new()))?
    } else if layout == W_Type::layout() {
        format!("<class '{}'>", qualified_name(obj))
    } else if let Some(user) = crate::objspace::repr_user(obj) {
        user?
    } else if let Some(value) = crate::subclass::inner(obj) {
        match crate::subclass::repr_with_type_name(obj)? {
            Some(text) => text,
            None => write_repr(value, enclosing)?,
        }
    } else if layout == W_Exception::layout() {
        let name = typeobject::name(gc::get_ref(obj, &W_Exception::TYPE_));
        // Rooted: an argument's `__repr__` may replace the exception's `args`.
        let args = crate::gc::RootedVec::from_slice(&W_Tuple::items(gc::get_ref(obj, &W_Exception::ARGS)));
        format!("{name}({})", join(&args, enclosing)?)
    } else if layout == W_Instance::layout() {
        let ty = gc::get_ref(obj, &W_Instance::TYPE_);
        format!("<{} object at {:#x}>", qualified_name(ty), obj.addr())
    } else if layout == W_ClassMethod::layout() {
        format!("<classmethod({})>", write_repr(gc::get_ref(obj, &W_ClassMethod::FUNC), enclosing)?)
    } else if layout == W_StaticMethod::layout() {
        format!("<staticmethod({})>", write_repr(gc::get_ref(obj, &W_StaticMethod::FUNC), enclosing)?)
    } else {
        crate::builtins::runtime_repr(obj).unwrap_or_else(|| format!("<{}>", layout.name))
    })
}

//! The methods of `object`, `type`, functions and `BaseException`, and the builtins that
//! inspect objects' attributes (`vars`, `dir`).

use super::*;
use functions::attribute_name;

/// The builtins defined here.
pub(super) static DEFS: &[BuiltinDef] = &[
    method("object", "__init__", object_init),
    method("object", "__new__", object_new),
    method("object", "__repr__", object_repr),
    method("object", "__str__", object_str),
    method("object", "__eq__", object_eq),
    method("object", "__ne__", object_ne),
    method("object", "__lt__", |space, args| object_order(space, args, "__lt__", CmpOp::Lt)),
    method("object", "__le__", |space, args| object_order(space, args, "__le__", CmpOp::Le)),
    method("object", "__gt__", |space, args| object_order(space, args, "__gt__", CmpOp::Gt)),
    method("object", "__ge__", |space, args| object_order(space, args, "__ge__", CmpOp::Ge)),
    method("object", "__hash__", object_hash),
    method("object", "__setattr__", object_setattr),
    method("object", "__getattribute__", object_getattribute),
    method("object", "__delattr__", object_delattr),
    class_method("object", "__init_subclass__", object_init_subclass),
    method("object", "__dir__", object_dir),
    method("function", "__get__", function_get),
    method("staticmethod", "__get__", staticmethod_get),
    method("classmethod", "__get__", classmethod_get),
    method("builtin_function_or_method", "__reduce__", builtin_reduce),
    method("method", "__reduce__", method_reduce),
    method("ellipsis", "__reduce__", |space, args| singleton_reduce(space, args, "Ellipsis")),
    method("NotImplementedType", "__reduce__", |space, args| singleton_reduce(space, args, "NotImplemented")),
    method("function", "__call__", call_self),
    method("builtin_function_or_method", "__call__", call_self),
    method("method", "__call__", call_self),
    module("vars", vars).with_frame(),
    module("dir", dir).with_frame(),
    method("type", "__new__", type_new),
    method("type", "__init__", type_init),
    method("type", "__call__", type_call),
    class_method("type", "__prepare__", type_prepare),
    method("type", "mro", type_mro),
    method("type", "__subclasses__", type_subclasses),
    method("BaseException", "__init__", exception_init),
    method("BaseException", "__str__", exception_str),
    method("BaseException", "with_traceback", exception_with_traceback),
    method("BaseException", "add_note", exception_add_note),
    method("BaseException", "__reduce__", exception_reduce),
    method("BaseException", "__setstate__", exception_setstate),
    method("BaseExceptionGroup", "derive", group_derive),
    method("BaseExceptionGroup", "split", group_split),
    method("BaseExceptionGroup", "subgroup", group_subgroup),
    class_method("BaseExceptionGroup", "__class_getitem__", generic_class_getitem),
];

/// Whether `cls` finds `name` somewhere before `object` along its MRO (CPython's
/// `type->tp_new != object_new`, `type->tp_init != object_init`).
fn overrides_object(space: &'static Space, cls: GcRef, name: &str) -> bool {
    let name = space.intern(name);
    let own = dict::get_str(gc::get_ref(space.object_type, &W_Type::DICT), name);
    typeobject::lookup_where(cls, name).map(|(_, v)| v) != own
}

fn object_init(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    if args.positional.len() > 1 || !args.keywords.is_empty() {
        let cls = args.positional.first().map_or(space.object_type, |&obj| space.type_of(obj));
        if overrides_object(space, cls, "__init__") {
            let message = "object.__init__() takes exactly one argument (the instance to initialize)".to_owned();
            return Err(type_error(space, message));
        }
        if !overrides_object(space, cls, "__new__") {
            let name = typeobject::name(cls);
            return Err(type_error(
                space,
                format!("{name}.__init__() takes exactly one argument (the instance to initialize)"),
            ));
        }
    }
    Ok(space.none)
}

fn object_new(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let Some(&cls) = args.positional.first() else {
        return Err(type_error(space, "object.__new__(): not enough arguments".to_owned()));
    };
    if cls.layout() != W_Type::layout() {
        return Err(type_error(space, format!("object.__new__(X): X is not a type object ({})", space.type_name(cls))));
    }
    Ok(match typeobject::instance_layout(cls) {
        typeobject::InstanceLayout::Exception => crate::modules::gc::track_del(
            cls,
            crate::exceptions::instantiate(space, cls, &args.positional[1..], &args.keywords, false)?,
        ),
        typeobject::InstanceLayout::Subclass | typeobject::InstanceLayout::Builtin => {
            let name = typeobject::name(cls);
            let safe = typeobject::name(crate::subclass::static_base(cls));
            return Err(type_error(space, format!("object.__new__({name}) is not safe, use {safe}.__new__()")));
        }
        _ => {
            if args.positional.len() > 1 || !args.keywords.is_empty() {
                if overrides_object(space, cls, "__new__") {
                    let message = "object.__new__() takes exactly one argument (the type to instantiate)";
                    return Err(type_error(space, message.to_owned()));
                }
                if !overrides_object(space, cls, "__init__") {
                    return Err(type_error(space, format!("{}() takes no arguments", typeobject::name(cls))));
                }
            }
            typeobject::check_not_abstract(space, cls)?;
            crate::modules::gc::track_del(cls, mapdict::new_object(W_Instance::layout(), cls))
        }
    })
}

/// `<module.Class object at 0x...>`.
pub fn default_repr(obj: GcRef) -> String {
    let space = Space::get();
    let ty = space.type_of(obj);
    let qualname = unicode::to_string_lossy(gc::get_ref(ty, &W_Type::QUALNAME));
    let module = dict::get_str(gc::get_ref(ty, &W_Type::DICT), space.intern("__module__"))
        .filter(|m| m.layout() == W_Str::layout())
        .map(unicode::to_string_lossy)
        .filter(|m| m != "builtins");
    match module {
        Some(m) => format!("<{m}.{qualname} object at {:#x}>", obj.addr()),
        None => format!("<{qualname} object at {:#x}>", obj.addr()),
    }
}

fn object_repr(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, _) = method_args(space, "__repr__", args, 0, 0)?;
    if obj.layout() == W_Exception::layout() {
        return objspace::repr_obj(obj);
    }
    Ok(new_str(&default_repr(obj)))
}

fn object_str(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, _) = method_args(space, "__str__", args, 0, 0)?;
    objspace::repr_obj(obj)
}

fn object_eq(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, rest) = method_args(space, "__eq__", args, 1, 1)?;
    Ok(if obj == rest[0] { space.w_bool(true) } else { space.not_implemented })
}

fn object_ne(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, rest) = method_args(space, "__ne__", args, 1, 1)?;
    let eq = objspace::compare_op(CmpOp::Eq, obj, rest[0])?;
    if eq == space.not_implemented {
        return Ok(eq);
    }
    Ok(space.w_bool(!objspace::truthy(eq)?))
}

/// `object.__lt__(a, b)` and the other orders, which builtin types without their own inherit
/// (as CPython's slot wrappers of `tp_richcompare`): the builtin order of builtin values
/// (`'a'.__lt__('b')`, also of a subclass instance's value), `NotImplemented` when they have
/// none and for instances of Python classes.
fn object_order(space: &'static Space, args: &Args, name: &str, op: CmpOp) -> PyResult<GcRef> {
    let (obj, rest) = method_args(space, name, args, 1, 1)?;
    let (a, b) = (crate::subclass::unwrap(obj), crate::subclass::unwrap(rest[0]));
    if objspace::is_instance_like(a) || objspace::is_instance_like(b) {
        return Ok(space.not_implemented);
    }
    Ok(crate::compare::builtin_compare(op, a, b)?.map_or(space.not_implemented, |r| space.w_bool(r)))
}

fn object_hash(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, _) = method_args(space, "__hash__", args, 0, 0)?;
    Ok(heap_int(hash::hash_pointer(obj)))
}

fn object_setattr(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, rest) = method_args(space, "__setattr__", args, 2, 2)?;
    let name = attribute_name(space, rest[0])?;
    if objspace::is_instance_like(obj) {
        objspace::generic_setattr(obj, space.intern_str(name), rest[1])?;
    } else {
        objspace::setattr(obj, name, rest[1])?;
    }
    Ok(space.none)
}

fn exception_init(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let Some((&exc, rest)) = args.positional.split_first() else {
        return Err(type_error(space, "BaseException.__init__ needs an argument".to_owned()));
    };
    if exc.layout() == W_Exception::layout() {
        crate::exceptions::init_attributes(space, exc, rest, &args.keywords, true)?;
        gc::set_ref(exc, &W_Exception::ARGS, W_Tuple::from_slice(rest));
    }
    Ok(space.none)
}

fn exception_str(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (exc, _) = method_args(space, "__str__", args, 0, 0)?;
    Ok(new_str(&space.exception_str(exc)?))
}

fn exception_with_traceback(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (exc, rest) = method_args(space, "with_traceback", args, 1, 1)?;
    let tb = if rest[0] == space.none { GcRef::NULL } else { rest[0] };
    gc::set_ref(exc, &W_Exception::TRACEBACK, tb);
    Ok(exc)
}

fn object_getattribute(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, rest) = method_args(space, "__getattribute__", args, 1, 1)?;
    let name = attribute_name(space, rest[0])?;
    objspace::generic_getattr(obj, space.intern_str(name))
}

fn object_delattr(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, rest) = method_args(space, "__delattr__", args, 1, 1)?;
    let name = attribute_name(space, rest[0])?;
    objspace::generic_delattr(obj, space.intern_str(name))?;
    Ok(space.none)
}

fn object_init_subclass(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let Some(&cls) = args.positional.first() else {
        return Err(type_error(space, "__init_subclass__() needs a class".to_owned()));
    };
    if !args.keywords.is_empty() {
        let message = format!("{}.__init_subclass__() takes no keyword arguments", typeobject::name(cls));
        return Err(type_error(space, message));
    }
    if args.positional.len() > 1 {
        let message = format!(
            "{}.__init_subclass__() takes no arguments ({} given)",
            typeobject::name(cls),
            args.positional.len() - 1
        );
        return Err(type_error(space, message));
    }
    Ok(space.none)
}

/// The type a `type` method is called on.
fn type_self(space: &'static Space, name: &str, args: &Args) -> PyResult<(GcRef, Args)> {
    let Some((&ty, rest)) = args.positional.split_first() else {
        return Err(type_error(space, format!("type.{name}(): not enough arguments")));
    };
    if !space.is_type(ty) {
        return Err(type_error(space, format!("type.{name}(X): X is not a type object ({})", space.type_name(ty))));
    }
    Ok((ty, Args { positional: rest.iter().copied().collect(), keywords: args.keywords.clone() }))
}

fn type_new(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (metatype, rest) = type_self(space, "__new__", args)?;
    if !typeobject::is_subtype(metatype, space.type_type) {
        let message = format!(
            "type.__new__({}): {} is not a subtype of type",
            typeobject::name(metatype),
            typeobject::name(metatype)
        );
        return Err(type_error(space, message));
    }
    typeobject::type_new_args(space, metatype, &rest)
}

fn type_init(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (_, rest) = type_self(space, "__init__", args)?;
    if rest.positional.len() != 1 && rest.positional.len() != 3 {
        return Err(type_error(space, "type.__init__() takes 1 or 3 arguments".to_owned()));
    }
    Ok(space.none)
}

fn type_call(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (cls, rest) = type_self(space, "__call__", args)?;
    if cls == space.type_type && rest.positional.len() == 1 && rest.keywords.is_empty() {
        return Ok(space.type_of(rest.positional[0]));
    }
    objspace::type_call(space, cls, &rest)
}

fn type_prepare(_space: &'static Space, _args: &Args) -> PyResult<GcRef> {
    Ok(dict::new())
}

fn type_mro(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (ty, _) = type_self(space, "mro", args)?;
    Ok(list::new_list(&typeobject::linearize(space, ty)?))
}

fn type_subclasses(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (ty, _) = type_self(space, "__subclasses__", args)?;
    Ok(list::new_list(&typeobject::subclasses(ty)))
}

/// `func.__get__(obj, type=None)`: a bound method, or the function itself for `None`.
fn function_get(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (func, rest) = method_args(space, "__get__", args, 1, 2)?;
    if rest[0] == space.none {
        return Ok(func);
    }
    Ok(function::new_method(func, rest[0]))
}

/// `f.__call__(*args, **kwargs)` of functions and methods: the call `f(*args, **kwargs)`.
fn call_self(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let Some((&callee, rest)) = args.positional.split_first() else {
        return Err(type_error(space, "descriptor '__call__' needs an argument".to_owned()));
    };
    let call = Args { positional: rest.iter().copied().collect(), keywords: args.keywords.clone() };
    objspace::call_object(callee, &call)
}

/// The function wrapped by a `staticmethod`/`classmethod` (`kind`) descriptor `d`, or
/// CPython's `TypeError` for another receiver.
fn wrapped_function(space: &'static Space, d: GcRef, kind: &str) -> PyResult<GcRef> {
    let (layout, field) = match kind {
        "staticmethod" => (W_StaticMethod::layout(), &W_StaticMethod::FUNC),
        _ => (W_ClassMethod::layout(), &W_ClassMethod::FUNC),
    };
    let d = crate::subclass::unwrap(d);
    if d.layout() != layout {
        let message = format!("descriptor '__get__' requires a '{kind}' object but received '{}'", space.type_name(d));
        return Err(type_error(space, message));
    }
    Ok(gc::get_ref(d, field))
}

/// `staticmethod.__get__(obj, type=None)`: the wrapped function.
fn staticmethod_get(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (d, _) = method_args(space, "__get__", args, 1, 2)?;
    wrapped_function(space, d, "staticmethod")
}

/// `classmethod.__get__(obj, type=None)`: the wrapped function bound to `type` (the type of
/// `obj` when not given).
fn classmethod_get(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (d, rest) = method_args(space, "__get__", args, 1, 2)?;
    wrapped_function(space, d, "classmethod")?;
    let owner = match rest.get(1) {
        Some(&ty) if ty != space.none => ty,
        _ if rest[0] == space.none => {
            return Err(type_error(space, "__get__(None, None) is invalid".to_owned()));
        }
        _ => space.type_of(rest[0]),
    };
    objspace::classmethod_bind(crate::subclass::unwrap(d), owner)
}

/// `builtin_function_or_method.__reduce__()`: a module's function pickles as its qualified
/// name (found again in its module), a bound method as `getattr(self, name)`.
fn builtin_reduce(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (func, _) = method_args(space, "__reduce__", args, 0, 0)?;
    if func.layout() != W_Builtin::layout() {
        let received = space.type_name(func);
        return Err(type_error(
            space,
            format!("descriptor '__reduce__' requires a 'builtin_function_or_method' object but received '{received}'"),
        ));
    }
    let bound = gc::get_ref(func, &W_Builtin::SELF_);
    let name = objspace::getattr(func, space.intern("__name__"))?;
    if bound.is_null() || bound.layout() == crate::module::W_Module::layout() {
        return objspace::getattr(func, space.intern("__qualname__"));
    }
    let getattr = dict::get_str(space.builtins, space.intern("getattr")).unwrap_or(space.none);
    Ok(W_Tuple::from_slice(&[getattr, W_Tuple::from_slice(&[bound, name])]))
}

/// `method.__reduce__()`: `(getattr, (self, name))`, so that unpickling finds the method again
/// on its object (CPython's `method_reduce`).
fn method_reduce(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (method, _) = method_args(space, "__reduce__", args, 0, 0)?;
    if method.layout() != function::W_Method::layout() {
        let received = space.type_name(method);
        return Err(type_error(
            space,
            format!("descriptor '__reduce__' requires a 'method' object but received '{received}'"),
        ));
    }
    let bound = gc::get_ref(method, &function::W_Method::SELF_);
    let name = objspace::getattr(gc::get_ref(method, &function::W_Method::FUNC), space.intern("__name__"))?;
    let getattr = dict::get_str(space.builtins, space.intern("getattr")).unwrap_or(space.none);
    Ok(W_Tuple::from_slice(&[getattr, W_Tuple::from_slice(&[bound, name])]))
}

/// `__reduce__` of `Ellipsis` and `NotImplemented`: the name pickle saves them by.
fn singleton_reduce(space: &'static Space, args: &Args, name: &str) -> PyResult<GcRef> {
    method_args(space, "__reduce__", args, 0, 0)?;
    Ok(space.intern(name))
}

/// `vars(obj)`: its `__dict__`; `vars()`: the caller's locals.
fn vars(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "vars", args, 0, 1)?;
    if a.is_empty() {
        return super::frame_functions::caller_locals(space);
    }
    objspace::getattr(a[0], space.intern("__dict__")).map_err(|e| {
        if space.is_subtype(space.type_of(e), space.exception_type(ExcKind::AttributeError)) {
            type_error(space, "vars() argument must have __dict__ attribute".to_owned())
        } else {
            e
        }
    })
}

/// The names in the namespaces of `ty`'s MRO.
fn class_names(ty: GcRef, names: &mut Vec<GcRef>) {
    for c in typeobject::mro(ty) {
        names.extend(dict::items(gc::get_ref(c, &W_Type::DICT)).into_iter().map(|(k, _)| k));
    }
}

/// `object.__dir__(obj)`: the object's attributes (an instance's, or the keys of its `__dict__`)
/// and those of its class and bases (for a class, those of it and its bases; for a module, its
/// namespace's names).
fn object_dir(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (obj, _) = method_args(space, "__dir__", args, 0, 0)?;
    let mut names = Vec::new();
    if crate::module::is_module(crate::subclass::unwrap(obj)) {
        // CPython's module_dir: the module's own `__dir__` (PEP 562), else its namespace's keys.
        let namespace = objspace::getattr(obj, space.intern("__dict__"))?;
        if namespace.layout() != W_Dict::layout() {
            return Err(type_error(space, "<module>.__dict__ is not a dictionary".to_owned()));
        }
        if let Some(hook) = dict::get_str(namespace, space.intern("__dir__")) {
            return objspace::call(hook, &[]);
        }
        names.extend(dict::items(namespace).into_iter().map(|(k, _)| k));
    } else if space.is_type(obj) {
        class_names(obj, &mut names);
    } else {
        if objspace::is_instance_like(obj) {
            names.extend(mapdict::attributes(obj).iter().map(|(name, _)| name));
        } else if let Ok(namespace) = objspace::getattr(obj, space.intern("__dict__")) {
            // A function's attributes (a bound method's are its function's); as CPython, any
            // error getting `__dict__` means none.
            if namespace.layout() == W_Dict::layout() {
                names.extend(dict::items(namespace).into_iter().map(|(k, _)| k));
            }
        }
        class_names(space.type_of(obj), &mut names);
    }
    Ok(list::new_list(&names))
}

/// `dir(obj)`: the sorted, deduplicated names `obj.__dir__()` gives; `dir()`: the sorted names
/// of the caller's locals.
fn dir(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "dir", args, 0, 1)?;
    match a.first() {
        None => {
            // CPython's `PyMapping_Keys` of the caller's locals.
            let locals = super::frame_functions::caller_locals(space)?;
            let keys = if locals.layout() == W_Dict::layout() {
                locals
            } else {
                objspace::call(objspace::getattr(locals, space.intern("keys"))?, &[])?
            };
            sorted_names(space, &objspace::to_vec(keys)?)
        }
        Some(&obj) => dir_of(space, obj),
    }
}

/// `dir(obj)` (CPython's `PyObject_Dir`): the sorted, deduplicated names `obj.__dir__()` gives.
pub(crate) fn dir_of(space: &'static Space, obj: GcRef) -> PyResult<GcRef> {
    // Kept rooted: `__dir__` may give new strs, held nowhere else.
    let names = match objspace::lookup_user(obj, "__dir__") {
        Some(hook) => objspace::to_vec(objspace::call_bound(hook, obj, &Args::default())?)?,
        None => list::items(object_dir(space, &Args::positional(&[obj]))?),
    };
    sorted_names(space, &names)
}

/// A new list of `names` (strs) sorted and without duplicates.
fn sorted_names(space: &'static Space, names: &[GcRef]) -> PyResult<GcRef> {
    let mut texts: Vec<(String, GcRef)> = Vec::with_capacity(names.len());
    for &n in names {
        if n.layout() != W_Str::layout() {
            return Err(type_error(
                space,
                format!("'<' not supported between instances of '{}' and 'str'", space.type_name(n)),
            ));
        }
        texts.push((unicode::to_string_lossy(n), n));
    }
    texts.sort_by(|a, b| a.0.chars().cmp(b.0.chars()));
    texts.dedup_by(|a, b| a.0 == b.0);
    Ok(list::new_list(&texts.into_iter().map(|(_, n)| n).collect::<Vec<_>>()))
}

/// `BaseException.__reduce__()`: `(type(self), self.args)`, with `self.__dict__` as the state
/// when it is not empty. An `OSError` with a file name gives CPython's argument tuple
/// `(errno, strerror, filename[, None, filename2])` so that the copy has the file names too.
fn exception_reduce(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (exc, _) = method_args(space, "__reduce__", args, 0, 0)?;
    let mut arguments = objspace::getattr(exc, space.intern("args"))?;
    if crate::exceptions::is_instance_of(space, exc, ExcKind::OSError) {
        let attr = |name: &str| objspace::getattr(exc, space.intern(name));
        let filename = attr("filename")?;
        if filename != space.none {
            let filename2 = attr("filename2")?;
            // Read into locals (on the stack) before they are gathered: each read may allocate.
            let errno = attr("errno")?;
            let strerror = attr("strerror")?;
            let all = [errno, strerror, filename, space.none, filename2];
            arguments = W_Tuple::from_slice(if filename2 != space.none { &all } else { &all[..3] });
        }
    }
    let mut dict = objspace::getattr(exc, space.intern("__dict__"))?;
    if dict.layout() == W_Dict::layout() && crate::exceptions::is_instance_of(space, exc, ExcKind::ImportError) {
        // `msg` is a member in CPython, and `name`/`path` are in the state only when set.
        let state = dict::new();
        for (key, value) in dict::items(dict) {
            let member = unicode::eq_text(key, "msg");
            let unset = (unicode::eq_text(key, "name") || unicode::eq_text(key, "path")) && value == space.none;
            if !member && !unset {
                dict::set(state, key, value)?;
            }
        }
        dict = state;
    }
    let ty = space.type_of(exc);
    if dict.layout() == W_Dict::layout() && dict::len(dict) > 0 {
        return Ok(W_Tuple::from_slice(&[ty, arguments, dict]));
    }
    Ok(W_Tuple::from_slice(&[ty, arguments]))
}

/// `BaseException.__setstate__(state)`: the items of the state dict set as attributes.
fn exception_setstate(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (exc, rest) = method_args(space, "__setstate__", args, 1, 1)?;
    let state = rest[0];
    if state == space.none {
        return Ok(space.none);
    }
    if state.layout() != W_Dict::layout() {
        return Err(type_error(space, "state is not a dictionary".to_owned()));
    }
    for (key, value) in dict::rooted_items(state).iter() {
        objspace::setattr(exc, key, value)?;
    }
    Ok(space.none)
}

fn exception_add_note(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (exc, rest) = method_args(space, "add_note", args, 1, 1)?;
    if rest[0].layout() != W_Str::layout() {
        return Err(type_error(space, format!("note must be a str, not '{}'", space.type_name(rest[0]))));
    }
    let key = space.intern("__notes__");
    let notes = match objspace::getattr(exc, key) {
        Ok(n) => n,
        Err(e) if space.is_subtype(space.type_of(e), space.exception_type(ExcKind::AttributeError)) => {
            let n = list::new_list(&[]);
            objspace::setattr(exc, key, n)?;
            n
        }
        Err(e) => return Err(e),
    };
    if notes.layout() != W_List::layout() {
        return Err(type_error(space, "Cannot add note: __notes__ is not a list".to_owned()));
    }
    list::append(notes, rest[0]);
    Ok(space.none)
}

/// The exception group a group method is called on.
fn group_self<'a>(space: &'static Space, name: &str, args: &'a Args) -> PyResult<(GcRef, &'a [GcRef])> {
    let (g, rest) = method_args(space, name, args, 1, 1)?;
    if !crate::exceptions::is_group(space, g) {
        return Err(type_error(space, format!("descriptor '{name}' requires a 'BaseExceptionGroup' object")));
    }
    Ok((g, rest))
}

/// `cls[key]` of a generic builtin class (`ExceptionGroup[ValueError]`): a `GenericAlias`.
fn generic_class_getitem(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (cls, rest) = method_args(space, "__class_getitem__", args, 1, 1)?;
    crate::generic::generic_alias(space, cls, rest[0])
}

fn group_derive(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (g, rest) = group_self(space, "derive", args)?;
    let message = gc::get_ref(g, &W_Exception::GROUP_MESSAGE);
    crate::exceptions::instantiate(
        space,
        space.exception_type(ExcKind::BaseExceptionGroup),
        &[message, rest[0]],
        &[],
        true,
    )
}

fn group_split(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (g, rest) = group_self(space, "split", args)?;
    let matcher = crate::exceptions::Matcher::of_condition(space, rest[0])?;
    let (matched, others) = crate::exceptions::split(space, g, &matcher, true)?;
    let none_or = |v: GcRef| if v.is_null() { space.none } else { v };
    Ok(W_Tuple::from_slice(&[none_or(matched), none_or(others)]))
}

fn group_subgroup(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (g, rest) = group_self(space, "subgroup", args)?;
    let matcher = crate::exceptions::Matcher::of_condition(space, rest[0])?;
    let (matched, _) = crate::exceptions::split(space, g, &matcher, false)?;
    Ok(if matched.is_null() { space.none } else { matched })
}

//! The methods of `object` and `BaseException`.

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
    method("object", "__hash__", object_hash),
    method("object", "__setattr__", object_setattr),
    method("BaseException", "__init__", exception_init),
    method("BaseException", "__str__", exception_str),
    method("BaseException", "with_traceback", exception_with_traceback),
];

fn object_init(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    if args.positional.len() > 1 || !args.keywords.is_empty() {
        let message = "object.__init__() takes exactly one argument (the instance to initialize)".to_owned();
        return Err(type_error(space, message));
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
        typeobject::InstanceLayout::Exception => space.new_exception_of_type(cls, &args.positional[1..]),
        _ => mapdict::new_object(W_Instance::layout(), cls),
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

//! The methods of `property` and `super`, and of generators, coroutines, async generators and the
//! awaitables of async generator steps.

use super::*;

/// The builtins defined here.
pub(super) static DEFS: &[BuiltinDef] = &[
    method("property", "setter", property_setter),
    method("property", "getter", property_getter),
    method("property", "deleter", property_deleter),
    method("property", "__get__", property_get),
    method("property", "__set__", property_set),
    method("property", "__delete__", property_delete),
    method("property", "__set_name__", property_set_name),
    method("super", "__init__", super_init),
    method("super", "__get__", super_get),
    method("generator", "send", generator_send),
    method("generator", "throw", generator_throw),
    method("generator", "close", generator_close),
    method("generator", "__next__", generator_next),
    method("generator", "__iter__", generator_iter),
    method("coroutine", "send", generator_send),
    method("coroutine", "throw", generator_throw),
    method("coroutine", "close", generator_close),
    method("coroutine", "__await__", coroutine_await),
    method("coroutine_wrapper", "send", step_send),
    method("coroutine_wrapper", "throw", wrapper_throw),
    method("coroutine_wrapper", "close", wrapper_close),
    method("coroutine_wrapper", "__next__", step_next),
    method("coroutine_wrapper", "__iter__", generator_iter),
    method("async_generator", "__aiter__", generator_iter),
    method("async_generator", "__anext__", async_gen_anext),
    method("async_generator", "asend", async_gen_asend),
    method("async_generator", "athrow", async_gen_athrow),
    method("async_generator", "aclose", async_gen_aclose),
    method("async_generator_asend", "send", step_send),
    method("async_generator_asend", "throw", step_throw),
    method("async_generator_asend", "close", step_close),
    method("async_generator_asend", "__next__", step_next),
    method("async_generator_asend", "__iter__", generator_iter),
    method("async_generator_asend", "__await__", generator_iter),
];

/// `property.__get__(obj, type=None)`: the property itself for `obj` None.
fn property_get(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (p, rest) = method_args(space, "__get__", args, 1, 2)?;
    if rest[0] == space.none {
        return Ok(p);
    }
    let fget = gc::get_ref(p, &W_Property::FGET);
    if fget.is_null() {
        return Err(objspace::property_missing(p, rest[0], "getter"));
    }
    objspace::call(fget, &[rest[0]])
}

/// `property.__set__(obj, value)`.
fn property_set(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    call_accessor(space, args, "__set__", 2, &W_Property::FSET, "setter")
}

/// `property.__delete__(obj)`.
fn property_delete(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    call_accessor(space, args, "__delete__", 1, &W_Property::FDEL, "deleter")
}

/// Method `method` of a property taking `arity` arguments: call its accessor in `field` (named
/// `what` in the error when it has none) with them; None.
fn call_accessor(
    space: &'static Space,
    args: &Args,
    method: &str,
    arity: usize,
    field: &metatrace_gc::FieldDescr,
    what: &str,
) -> PyResult<GcRef> {
    let (p, rest) = method_args(space, method, args, arity, arity)?;
    let accessor = gc::get_ref(p, field);
    if accessor.is_null() {
        return Err(objspace::property_missing(p, rest[0], what));
    }
    objspace::call(accessor, rest).map(|_| space.none)
}

/// `property.__set_name__(owner, name)`: remembers `name` for error messages.
fn property_set_name(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (p, rest) = split_self(space, "__set_name__", args)?;
    if rest.len() != 2 || !args.keywords.is_empty() {
        let message = format!("__set_name__() takes 2 positional arguments but {} were given", rest.len());
        return Err(type_error(space, message));
    }
    gc::set_ref(p, &W_Property::NAME, rest[1]);
    Ok(space.none)
}

fn super_init(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let Some((&s, rest)) = args.positional.split_first() else {
        return Err(type_error(space, "descriptor '__init__' of 'super' object needs an argument".to_owned()));
    };
    let s = crate::subclass::unwrap(s);
    if s.layout() != W_Super::layout() {
        let message =
            format!("descriptor '__init__' requires a 'super' object but received a '{}'", space.type_name(s));
        return Err(type_error(space, message));
    }
    constructors::init_super(
        space,
        s,
        &Args { positional: rest.iter().copied().collect(), keywords: args.keywords.clone() },
    )?;
    Ok(space.none)
}

/// `super.__get__(self, obj, type=None)`: an unbound super bound to `obj` (`type(self)(self.__thisclass__,
/// obj)`, with `super()`'s checks); itself for `obj` None or when already bound.
fn super_get(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = method_args(space, "__get__", args, 1, 2)?;
    let value = crate::subclass::unwrap(s);
    if value.layout() != W_Super::layout() || rest[0] == space.none || !gc::get_ref(value, &W_Super::OBJ).is_null() {
        return Ok(s);
    }
    objspace::call(space.type_of(s), &[gc::get_ref(value, &W_Super::TYPE_), rest[0]])
}

fn property_with(space: &'static Space, args: &Args, name: &str, field: &metatrace_gc::FieldDescr) -> PyResult<GcRef> {
    let (p, rest) = method_args(space, name, args, 1, 1)?;
    let copy = metatrace_gc::alloc(W_Property::layout());
    for f in [&W_Property::FGET, &W_Property::FSET, &W_Property::FDEL, &W_Property::DOC, &W_Property::NAME] {
        gc::set_ref(copy, f, gc::get_ref(p, f));
    }
    gc::set_ref(copy, field, rest[0]);
    Ok(copy)
}

fn property_setter(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    property_with(space, args, "setter", &W_Property::FSET)
}

fn property_getter(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    property_with(space, args, "getter", &W_Property::FGET)
}

fn property_deleter(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    property_with(space, args, "deleter", &W_Property::FDEL)
}

/// The generator (or coroutine, or async generator, or step) a method is called on, and its
/// arguments.
fn generator_args<'a>(
    space: &'static Space,
    args: &'a Args,
    name: &str,
    layout: &'static metatrace_gc::Layout,
    min: usize,
    max: usize,
) -> PyResult<(GcRef, &'a [GcRef])> {
    let (g, rest) = method_args(space, name, args, min, max)?;
    if g.layout() != layout {
        let message =
            format!("descriptor '{name}' requires a generator object but received a '{}'", space.type_name(g));
        return Err(type_error(space, message));
    }
    Ok((g, rest))
}

fn generator_send(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (g, rest) = generator_args(space, args, "send", W_Generator::layout(), 1, 1)?;
    generator::send(g, rest[0])
}

/// The exception of `throw(typ[, value[, tb]])`.
fn throw_argument(space: &'static Space, rest: &[GcRef]) -> PyResult<GcRef> {
    if rest.len() == 3 && rest[2] != space.none && rest[2].layout() != crate::traceback::W_Traceback::layout() {
        return Err(type_error(space, "throw() third argument must be a traceback object".to_owned()));
    }
    generator::thrown_exception(space, rest[0], rest.get(1).copied())
}

fn generator_throw(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (g, rest) = generator_args(space, args, "throw", W_Generator::layout(), 1, 3)?;
    let exc = throw_argument(space, rest)?;
    generator::throw(g, exc)
}

fn generator_close(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (g, _) = generator_args(space, args, "close", W_Generator::layout(), 0, 0)?;
    generator::close(g)?;
    Ok(space.none)
}

fn generator_next(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (g, _) = generator_args(space, args, "__next__", W_Generator::layout(), 0, 0)?;
    generator::send(g, space.none)
}

fn generator_iter(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (g, _) = method_args(space, "__iter__", args, 0, 0)?;
    Ok(g)
}

fn coroutine_await(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (g, _) = generator_args(space, args, "__await__", W_Generator::layout(), 0, 0)?;
    Ok(generator::new_wrapper(g))
}

/// The coroutine of a `coroutine_wrapper` method's receiver, and the method's arguments.
fn wrapped_coroutine<'a>(
    space: &'static Space,
    args: &'a Args,
    name: &str,
    min: usize,
    max: usize,
) -> PyResult<(GcRef, &'a [GcRef])> {
    let (w, rest) = generator_args(space, args, name, generator::W_CoroWrapper::layout(), min, max)?;
    Ok((gc::get_ref(w, &generator::W_CoroWrapper::CORO), rest))
}

fn wrapper_throw(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (coro, rest) = wrapped_coroutine(space, args, "throw", 1, 3)?;
    let exc = throw_argument(space, rest)?;
    generator::throw(coro, exc)
}

fn wrapper_close(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (coro, _) = wrapped_coroutine(space, args, "close", 0, 0)?;
    generator::close(coro)?;
    Ok(space.none)
}

fn async_gen_anext(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (g, _) = generator_args(space, args, "__anext__", W_Generator::layout(), 0, 0)?;
    Ok(generator::new_step(g, generator::step::SEND, space.none))
}

fn async_gen_asend(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (g, rest) = generator_args(space, args, "asend", W_Generator::layout(), 1, 1)?;
    Ok(generator::new_step(g, generator::step::SEND, rest[0]))
}

fn async_gen_athrow(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (g, rest) = generator_args(space, args, "athrow", W_Generator::layout(), 1, 3)?;
    let exc = throw_argument(space, rest)?;
    Ok(generator::new_step(g, generator::step::THROW, exc))
}

fn async_gen_aclose(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (g, _) = generator_args(space, args, "aclose", W_Generator::layout(), 0, 0)?;
    let exit = space.new_exception_args(ExcKind::GeneratorExit, &[]);
    Ok(generator::new_step(g, generator::step::CLOSE, exit))
}

/// The await step iterator (a coroutine wrapper or an async generator step) a method is called
/// on, and its arguments.
fn step_iter_args<'a>(
    space: &'static Space,
    args: &'a Args,
    name: &str,
    min: usize,
    max: usize,
) -> PyResult<(GcRef, &'a [GcRef])> {
    let (s, rest) = method_args(space, name, args, min, max)?;
    if !generator::is_step_iter(s) {
        let message =
            format!("descriptor '{name}' requires an awaitable's iterator but received a '{}'", space.type_name(s));
        return Err(type_error(space, message));
    }
    Ok((s, rest))
}

fn step_send(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = step_iter_args(space, args, "send", 1, 1)?;
    generator::step_iter_send(s, rest[0])
}

fn step_next(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, _) = step_iter_args(space, args, "__next__", 0, 0)?;
    generator::step_iter_send(s, space.none)
}

fn step_throw(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, rest) = generator_args(space, args, "throw", generator::W_AsyncGenStep::layout(), 1, 3)?;
    let exc = throw_argument(space, rest)?;
    generator::step_throw(s, exc)
}

fn step_close(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (s, _) = generator_args(space, args, "close", generator::W_AsyncGenStep::layout(), 0, 0)?;
    gc::set_i64(s, &generator::W_AsyncGenStep::STATE, 2);
    Ok(space.none)
}

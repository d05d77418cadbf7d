//! The methods of `property` and generators.

use super::*;

/// The builtins defined here.
pub(super) static DEFS: &[BuiltinDef] = &[
    method("property", "setter", property_setter),
    method("property", "getter", property_getter),
    method("property", "deleter", property_deleter),
    method("generator", "send", generator_send),
];

fn property_with(space: &'static Space, args: &Args, name: &str, field: &metatrace_gc::FieldDescr) -> PyResult<GcRef> {
    let (p, rest) = method_args(space, name, args, 1, 1)?;
    let copy = metatrace_gc::alloc(W_Property::layout());
    for f in [&W_Property::FGET, &W_Property::FSET, &W_Property::FDEL, &W_Property::DOC] {
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

fn generator_send(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (g, rest) = method_args(space, "send", args, 1, 1)?;
    if g.layout() != W_Generator::layout() {
        return Err(type_error(space, "send() of a non-generator".to_owned()));
    }
    let fresh = gc::get_i64(g, &W_Generator::PC) >= 0
        && Code::of(gc::get_ref(gc::get_ref(g, &W_Generator::FRAME), &crate::frame::W_Frame::CODE))
            .object
            .instructions
            .get(gc::get_i64(g, &W_Generator::PC) as usize - 1)
            .is_some_and(|i| matches!(i, ripy_compiler::Instr::ReturnGenerator));
    if fresh && rest[0] != space.none {
        return Err(type_error(space, "can't send non-None value to a just-started generator".to_owned()));
    }
    generator::resume(g, rest[0])?.ok_or_else(|| space.new_exception_args(ExcKind::StopIteration, &[]))
}

//! The object protocol in domain code: calls, attribute access, operators, truth, subscripts and
//! iteration on any object, written once against the domain API.
//!
//! Each operation sees through the cases the JIT should inline (Python functions, instances with
//! maps, methods found through version-tagged type lookups, the builtin fast paths of
//! [`crate::ops`], lists, tuples, dicts, ranges) and leaves everything else to one residual
//! function of [`crate::objspace`], which implements the operation completely in native code,
//! calling Python-level dunder methods through the interpreter when it meets them. Native code
//! that needs an operation runs the domain version in a `Concrete` domain
//! ([`crate::interp::with_concrete`]), so each operation has one definition.

use crate::code::Code;
use crate::dict::{self, W_Dict};
use crate::exceptions::W_Exception;
use crate::float::W_Float;
use crate::frame::{new_frame, Caller, FrameArray, FrameEnv, W_ExecState, W_Frame};
use crate::function::{Shortcut, W_Builtin, W_ClassMethod, W_Function, W_Member, W_Method, W_StaticMethod, W_Super};
use crate::int::{new_int, W_Bool, W_Int};
use crate::interp::{Pos, Ripy};
use crate::iter::{W_Enumerate, W_ListIter, W_Range, W_RangeIter, W_Slice, W_TupleIter, W_Zip};
use crate::known;
use crate::list::{self, W_List};
use crate::mapdict::{self, W_Instance};
use crate::objspace;
use crate::ops::{self, BinOp, CmpOp};
use crate::space::Space;
use crate::storage::RefArray;
use crate::tuple::{self, new_tuple, W_Tuple};
use crate::typeobject::{self, W_Type};
use crate::unicode::{self, W_Str};
use metatrace::domain::{Domain, IntOp, IntUnary};
use metatrace_gc::heap::Known;
use metatrace_gc::{FieldDescr, GcObject, GcRef, Layout};
use ripy_compiler::CodeFlags;

/// The null reference.
fn null<D: Domain>(d: &mut D) -> D::Ref {
    d.const_ref(GcRef::NULL)
}

/// The tuple of `items`, or null for none (the residual calls' encoding of "no arguments").
fn tuple_or_null<D: Domain>(d: &mut D, items: &[D::Ref]) -> D::Ref {
    if items.is_empty() {
        null(d)
    } else {
        new_tuple(d, items)
    }
}

// ----- calls -----

/// `callable(*args)` made by `caller`, with `kwnames` (a constant tuple of strs, or null) naming
/// the last `len(kwnames)` arguments. The calls of Python functions and methods are decided
/// here, inlined into the caller, so that they reach [`call_function`] without a native call
/// level of their own; [`call_other`] makes the others.
#[inline(always)]
pub fn call<D: Domain<Lang = Ripy>>(
    d: &mut D,
    space: &'static Space,
    caller: Caller<D::Ref>,
    callable: D::Ref,
    args: &[D::Ref],
    kwnames: GcRef,
) -> Result<D::Ref, D::Ref> {
    let layout = d.layout_of(callable);
    if layout == W_Function::layout() {
        return call_function(d, space, caller, callable, None, args, kwnames);
    }
    if layout == W_Method::layout() {
        let func = d.get_ref(callable, &W_Method::FUNC);
        if d.layout_of(func) == W_Function::layout() {
            let self_ = d.get_ref(callable, &W_Method::SELF_);
            return call_function(d, space, caller, func, Some(self_), args, kwnames);
        }
    }
    call_other(d, space, caller, callable, layout, args, kwnames)
}

/// [`call`] of a callable (of layout `layout`) that is not a Python function or method.
fn call_other<D: Domain<Lang = Ripy>>(
    d: &mut D,
    space: &'static Space,
    caller: Caller<D::Ref>,
    callable: D::Ref,
    layout: &'static Layout,
    args: &[D::Ref],
    kwnames: GcRef,
) -> Result<D::Ref, D::Ref> {
    if layout == W_Builtin::layout() && kwnames.is_null() {
        // `len`, `ord`, `list.append`...: a builtin with a shortcut tries it first, on the
        // arguments' types; what it leaves goes on to the general checks below.
        let r = match crate::function::shortcut(d, callable) {
            Shortcut::Math(which) => crate::float::call_math(d, which, args)?,
            shortcut => crate::function::call_builtin(d, space, callable, shortcut, args)?,
        };
        if let Some(r) = r {
            return Ok(r);
        }
    }
    if steps_lazy_caller(d, callable, args) {
        // `list(map(f, xs))`: the builtin runs `f`, whose `f_back` is this caller.
        caller.record_pc(d);
        let args = tuple_or_null(d, args);
        let kwnames = d.const_ref(kwnames);
        return objspace::call_with_frame(d, callable, args, kwnames, caller.frame);
    }
    if kwnames.is_null() {
        if let Some(r) = crate::consume::call(d, space, caller, callable, args)? {
            return Ok(r);
        }
    }
    if layout == W_Builtin::layout() && kwnames.is_null() {
        if D::CONCRETE && !builtin_needs_frame(d, callable) {
            return call_builtin_directly(d, callable, args);
        }
    }
    if layout == W_Type::layout() {
        // `type(name, bases, dict)` takes `__module__` from its caller's globals, and
        // `FunctionType(code, globals, ...)` its builtins when the globals have none.
        let frame_types = [(space.type_type, args.len() == 3), (space.function_type, true)];
        for (ty, applies) in frame_types {
            if !applies {
                continue;
            }
            let ty = d.const_ref(ty);
            let same = d.ptr_eq(callable, ty);
            if d.branch(same) {
                caller.record_pc(d);
                let args = tuple_or_null(d, args);
                let kwnames = d.const_ref(kwnames);
                return objspace::call_with_frame(d, callable, args, kwnames, caller.frame);
            }
        }
    }
    if layout == W_Type::layout() && kwnames.is_null() {
        if let Some(r) = new_super(d, space, callable, args) {
            return Ok(r);
        }
        if let Some(r) = crate::builtins::construct_in(d, space, callable, args)? {
            return Ok(r);
        }
        if let Some(r) = instantiate(d, space, caller, callable, args)? {
            return Ok(r);
        }
    }
    if layout == W_Instance::layout() {
        let ty = typeobject::type_of(d, space, callable);
        let name = d.const_ref(space.intern_static("__call__"));
        let method = typeobject::lookup(d, ty, name);
        if !d.is_null(method) && d.layout_of(method) == W_Function::layout() {
            return call_function(d, space, caller, method, Some(callable), args, kwnames);
        }
        if kwnames.is_null() {
            if let Some(r) = crate::modules::json::call_in(d, callable, method, args) {
                return r;
            }
        }
    }
    let needs_frame = layout == W_Builtin::layout() && builtin_needs_frame(d, callable);
    let args = tuple_or_null(d, args);
    let kwnames = d.const_ref(kwnames);
    if needs_frame {
        caller.record_pc(d);
        return objspace::call_with_frame(d, callable, args, kwnames, caller.frame);
    }
    objspace::call_slow(d, callable, args, kwnames)
}

/// In the concrete domain, a builtin that does not take its caller's frame called with
/// positional `args` as they are: what `objspace::call_slow` does, without packing them in a
/// tuple first.
fn call_builtin_directly<D: Domain>(d: &mut D, builtin: D::Ref, args: &[D::Ref]) -> Result<D::Ref, D::Ref> {
    let builtin = d.promote_ref(builtin);
    let positional = crate::function::positional_of(args.iter().map(|&arg| d.promote_ref(arg)));
    match objspace::call_object(builtin, &crate::function::Args { positional, keywords: Vec::new() }) {
        Ok(result) => Ok(d.const_ref(result)),
        Err(exc) => Err(d.const_ref(exc)),
    }
}

/// Whether the call of `callable` (a builtin or a builtin type) with `args` steps an iterator
/// that calls a Python function of its own (`list(map(f, xs))`, `sum(filter(p, xs))`), so must
/// pass the calling frame: its one argument is such an iterator
/// ([`crate::iter::calls_python_on_step`]).
fn steps_lazy_caller<D: Domain<Lang = Ripy>>(d: &mut D, callable: D::Ref, args: &[D::Ref]) -> bool {
    let &[arg] = args else { return false };
    let layout = d.layout_of(callable);
    (layout == W_Builtin::layout() || layout == W_Type::layout()) && crate::iter::calls_python_on_step(d, arg)
}

/// Whether `callable` is a Python function or a method of one.
pub fn is_python_callable<D: Domain>(d: &mut D, callable: D::Ref) -> bool {
    let layout = d.layout_of(callable);
    if layout == W_Function::layout() {
        return true;
    }
    if layout != W_Method::layout() {
        return false;
    }
    let func = d.get_ref(callable, &W_Method::FUNC);
    d.layout_of(func) == W_Function::layout()
}

/// Whether `CALL_FUNCTION_EX` of `callable` passes the calling frame (`runtime::call_ex_with_frame`):
/// for a builtin that needs it, and for a Python function or method, whose frame gets it as
/// `f_back`.
pub fn call_ex_needs_frame<D: Domain>(d: &mut D, callable: D::Ref) -> bool {
    if d.layout_of(callable) == W_Builtin::layout() {
        return builtin_needs_frame(d, callable);
    }
    is_python_callable(d, callable)
}

/// Whether `builtin` (a `W_Builtin`) reads its caller's frame, so must be called through
/// `objspace::call_with_frame`.
pub fn builtin_needs_frame<D: Domain>(d: &mut D, builtin: D::Ref) -> bool {
    let flag = d.get_int(builtin, &W_Builtin::NEEDS_FRAME);
    let flag = d.int_unary(IntUnary::IsTrue, flag);
    d.branch(flag)
}

/// Call Python function `func` (a `W_Function`) with `self_` (a bound method's object) before
/// `args`, from `caller`.
pub fn call_function<D: Domain<Lang = Ripy>>(
    d: &mut D,
    space: &'static Space,
    caller: Caller<D::Ref>,
    func: D::Ref,
    self_: Option<D::Ref>,
    args: &[D::Ref],
    kwnames: GcRef,
) -> Result<D::Ref, D::Ref> {
    // The new frame's `back` is a virtual reference to the caller's frame, which compiled code
    // then keeps virtual while the callee does not look at it (`crate::frame::back_of`); its use
    // ends when the call does, on every path.
    let back = d.virtual_ref(caller.frame);
    // The function's layout checked once for its four fields (in the concrete domain).
    let function = known::Checked::new(d, func, W_Function::layout());
    let w_code = function.get_ref(d, &W_Function::CODE);
    let w_code = d.promote_ref(w_code);
    let env = FrameEnv {
        globals: function.get_ref(d, &W_Function::GLOBALS),
        builtins: function.get_ref(d, &W_Function::BUILTINS),
        locals: null(d),
        closure: function.get_ref(d, &W_Function::CLOSURE),
        back,
    };
    let code = Code::of(w_code);
    let frame = new_frame(d, code, env);
    caller.record_pc(d);
    let array = known::get_ref(d, frame, W_Frame::layout(), &W_Frame::ARRAY);
    let bound = if bind_in_domain(d, code, func, array, self_, args, kwnames) {
        Ok(())
    } else {
        bind_in_native(d, func, array, self_, args, kwnames)
    };
    let result = bound.and_then(|()| run_frame_at(d, space, Pos { code, pc: 0 }, frame));
    if let (true, Ok(gen)) = (crate::generator::is_generator_code(code), &result) {
        crate::generator::take_names(d, *gen, func);
    }
    if !D::CONCRETE {
        crate::frame::keep_back_if_escaped(d, frame);
    }
    d.virtual_ref_finish(back, caller.frame);
    if D::CONCRETE && result.is_ok() {
        crate::frame::recycle(code, d.promote_ref(frame));
    }
    result
}

/// The general binding of [`call_function`], which raises the errors: out of line, so that its
/// buffers do not enlarge the native frame of every call.
#[inline(never)]
fn bind_in_native<D: Domain<Lang = Ripy>>(
    d: &mut D,
    func: D::Ref,
    array: D::Ref,
    self_: Option<D::Ref>,
    args: &[D::Ref],
    kwnames: GcRef,
) -> Result<(), D::Ref> {
    let all: smallvec::SmallVec<[D::Ref; 8]> = self_.into_iter().chain(args.iter().copied()).collect();
    let args = tuple_or_null(d, &all);
    let kwnames = d.const_ref(kwnames);
    objspace::bind_into(d, func, array, args, kwnames)
}

/// Bind `self_` (if any) and `args` (the last `len(kwnames)` of them passed by keyword) to the
/// parameters in domain code, when the call's shape alone decides the binding: each keyword
/// naming a parameter that no positional argument filled (so that a `**kwargs` parameter gets a
/// new empty dict), and a default for every parameter left. False when the general binding must
/// run instead (it raises the errors); nothing is stored then.
fn bind_in_domain<D: Domain>(
    d: &mut D,
    code: &Code,
    func: D::Ref,
    array: D::Ref,
    self_: Option<D::Ref>,
    args: &[D::Ref],
    kwnames: GcRef,
) -> bool {
    let co = &code.object;
    let positional_only_shape =
        co.kwonly_arg_count == 0 && !code.has_flag(CodeFlags::VARARGS) && !code.has_flag(CodeFlags::VARKEYWORDS);
    let argcount = co.arg_count as usize;
    if kwnames.is_null() && positional_only_shape && args.len() + usize::from(self_.is_some()) == argcount {
        // The usual call: exactly the positional parameters, stored as they come.
        if D::CONCRETE {
            // Into the array's items, checked once.
            let items =
                metatrace_gc::heap::ref_items_expecting(d.promote_ref(array), FrameArray::layout(), &FrameArray::ITEMS);
            for (i, value) in self_.into_iter().chain(args.iter().copied()).enumerate() {
                items.set(i, d.promote_ref(value));
            }
            return true;
        }
        for (i, value) in self_.into_iter().chain(args.iter().copied()).enumerate() {
            let i = d.const_int(i as i64);
            known::set_item_ref(d, array, FrameArray::layout(), &FrameArray::ITEMS, i, value);
        }
        return true;
    }
    bind_with_keywords_or_defaults(d, code, func, array, self_, args, kwnames)
}

/// [`bind_in_domain`] beyond the usual call: keywords, defaults, `*args` and `**kwargs`. Out of
/// line, so that its buffers do not enlarge the native frame of every call.
#[inline(never)]
fn bind_with_keywords_or_defaults<D: Domain>(
    d: &mut D,
    code: &Code,
    func: D::Ref,
    array: D::Ref,
    self_: Option<D::Ref>,
    args: &[D::Ref],
    kwnames: GcRef,
) -> bool {
    let co = &code.object;
    let varkw = code.has_flag(CodeFlags::VARKEYWORDS);
    let argcount = co.arg_count as usize;
    let posonly = co.posonly_arg_count as usize;
    let total = argcount + co.kwonly_arg_count as usize;
    let varargs = code.has_flag(CodeFlags::VARARGS);
    let keywords = if kwnames.is_null() { 0 } else { crate::gc::len(kwnames, &W_Tuple::ITEMS) };
    let (positional, by_keyword) = args.split_at(args.len() - keywords);
    let positional: smallvec::SmallVec<[D::Ref; 8]> = self_.into_iter().chain(positional.iter().copied()).collect();
    if positional.len() > argcount && !varargs {
        return false;
    }
    let mut slots: smallvec::SmallVec<[Option<D::Ref>; 8]> = smallvec::smallvec![None; total];
    for (slot, &value) in slots[..argcount].iter_mut().zip(&positional) {
        *slot = Some(value);
    }
    for (k, &value) in by_keyword.iter().enumerate() {
        let key = crate::gc::item_ref(kwnames, &W_Tuple::ITEMS, k);
        match (posonly..total).find(|&i| unicode::eq(code.varnames[i], key)) {
            Some(i) if slots[i].is_none() => slots[i] = Some(value),
            _ => return false,
        }
    }
    if slots[..argcount].iter().any(Option::is_none) {
        let tuple = d.get_ref(func, &W_Function::DEFAULTS);
        if d.is_null(tuple) {
            return false;
        }
        let n = known::array_len(d, tuple, W_Tuple::layout(), &W_Tuple::ITEMS);
        let n = d.promote_int(n) as usize;
        for (i, slot) in slots[..argcount].iter_mut().enumerate() {
            if slot.is_some() {
                continue;
            }
            let Some(k) = (i + n).checked_sub(argcount) else { return false };
            let k = d.const_int(k as i64);
            *slot = Some(known::get_item_ref(d, tuple, W_Tuple::layout(), &W_Tuple::ITEMS, k));
        }
    }
    if slots[argcount..].iter().any(Option::is_none) {
        let kwdefaults = d.get_ref(func, &W_Function::KWDEFAULTS);
        if d.is_null(kwdefaults) {
            return false;
        }
        for (i, slot) in slots.iter_mut().enumerate().skip(argcount) {
            if slot.is_none() {
                let Some(Some(value)) = dict::get_str_versioned(d, kwdefaults, code.varnames[i]) else { return false };
                *slot = Some(value);
            }
        }
    }
    let extra = varargs.then(|| new_tuple(d, positional.get(argcount..).unwrap_or(&[])));
    let kwargs = match varkw.then(|| crate::runtime::new_dict(d)).transpose() {
        Ok(kwargs) => kwargs,
        Err(_) => return false,
    };
    for (i, value) in slots.into_iter().flatten().chain(extra).chain(kwargs).enumerate() {
        let i = d.const_int(i as i64);
        known::set_item_ref(d, array, FrameArray::layout(), &FrameArray::ITEMS, i, value);
    }
    true
}

/// Run `frame` from `pos` until it returns (a Python-level call, or the resumption of a
/// generator), counting it against the recursion limit, with its `running` flag set (not for a
/// generator's frame, which is running while its generator is: two stores less per resumption).
/// Inlined into its callers, so that a Python call costs one native call level less.
#[inline(always)]
pub fn run_frame_at<D: Domain<Lang = Ripy>>(
    d: &mut D,
    space: &'static Space,
    pos: Pos,
    frame: D::Ref,
) -> Result<D::Ref, D::Ref> {
    if D::CONCRETE {
        return run_frame_concrete(d, space, pos, frame);
    }
    let ec = d.const_ref(space.exec_state);
    let depth = d.get_int(ec, &W_ExecState::DEPTH);
    let limit = d.get_int(ec, &W_ExecState::LIMIT);
    let too_deep = d.int_op(IntOp::Ge, depth, limit);
    if d.branch(too_deep) {
        return Err(objspace::recursion_error(d)?);
    }
    let one = d.const_int(1);
    let deeper = d.int_op(IntOp::Add, depth, one);
    d.set_int(ec, &W_ExecState::DEPTH, deeper);
    let flagged = !crate::generator::is_generator_code(pos.code);
    if flagged {
        d.set_int(frame, &crate::frame::W_Frame::RUNNING, one);
    }
    let result = d.portal_call(pos, frame);
    if flagged {
        let zero = d.const_int(0);
        d.set_int(frame, &crate::frame::W_Frame::RUNNING, zero);
    }
    d.set_int(ec, &W_ExecState::DEPTH, depth);
    result
}

/// [`run_frame_at`] in the concrete domain: the layouts of the execution state and of the frame
/// are checked once (the checks of the field accesses fold).
#[inline(always)]
fn run_frame_concrete<D: Domain<Lang = Ripy>>(
    d: &mut D,
    space: &'static Space,
    pos: Pos,
    frame: D::Ref,
) -> Result<D::Ref, D::Ref> {
    let ec = Known::expect(space.exec_state, W_ExecState::layout());
    let depth = ec.read(&W_ExecState::DEPTH) as i64;
    if depth >= ec.read(&W_ExecState::LIMIT) as i64 {
        return Err(objspace::recursion_error(d)?);
    }
    ec.write(&W_ExecState::DEPTH, (depth + 1) as u64);
    let flagged = !crate::generator::is_generator_code(pos.code);
    let f = Known::expect(d.promote_ref(frame), W_Frame::layout());
    if flagged {
        f.write(&W_Frame::RUNNING, 1);
    }
    let result = d.portal_call(pos, frame);
    if flagged {
        f.write(&W_Frame::RUNNING, 0);
    }
    ec.write(&W_ExecState::DEPTH, depth as u64);
    result
}

/// `cls(*args)` for a plain user class (whose instances have maps, without a `__new__` of its
/// own): a new instance and a call of its `__init__`. `None` when the class needs the general
/// path.
fn instantiate<D: Domain<Lang = Ripy>>(
    d: &mut D,
    space: &'static Space,
    caller: Caller<D::Ref>,
    cls: D::Ref,
    args: &[D::Ref],
) -> Result<Option<D::Ref>, D::Ref> {
    let cls = d.promote_ref(cls);
    if typeobject::instance_layout(cls) != typeobject::InstanceLayout::Instance
        || crate::gc::get_i64(cls, &W_Type::FLAGS) & typeobject::flags::IS_ABSTRACT != 0
        || cls == space.object_type
        || crate::gc::get_ref(cls, &W_Type::METATYPE) != space.type_type
    {
        return Ok(None);
    }
    let cls_c = d.const_ref(cls);
    let cached = if D::CONCRETE { typeobject::cached_instance_init(cls) } else { None };
    let init = match cached {
        Some(init) => d.const_ref(init),
        None => {
            let new_name = d.const_ref(space.intern_static("__new__"));
            let new = typeobject::lookup(d, cls_c, new_name);
            if d.is_null(new) || d.layout_of(new) != W_Builtin::layout() {
                return Ok(None);
            }
            let init_name = d.const_ref(space.intern_static("__init__"));
            let init = typeobject::lookup(d, cls_c, init_name);
            let init_is_function = !d.is_null(init) && d.layout_of(init) == W_Function::layout();
            if !init_is_function {
                return Ok(None);
            }
            let del_name = d.const_ref(space.intern_static("__del__"));
            let del = typeobject::lookup(d, cls_c, del_name);
            if !d.is_null(del) {
                return Ok(None);
            }
            if D::CONCRETE {
                typeobject::remember_instance_init(cls, d.promote_ref(init));
            }
            init
        }
    };
    let obj = d.new(W_Instance::layout());
    d.set_ref(obj, &W_Instance::TYPE_, cls_c);
    let terminator = crate::gc::get_ref(cls, &W_Type::TERMINATOR);
    let size = d.const_int(mapdict::initial_slots(terminator) as i64);
    let terminator = d.const_ref(terminator);
    d.set_ref(obj, &W_Instance::MAP, terminator);
    let slots = d.new_array(RefArray::layout(), size);
    d.set_ref(obj, &W_Instance::SLOTS, slots);
    let result = call_function(d, space, caller, init, Some(obj), args, GcRef::NULL)?;
    let none = d.const_ref(space.none);
    let is_none = d.ptr_eq(result, none);
    if !d.branch(is_none) {
        return Err(objspace::init_not_none(d, result)?);
    }
    Ok(Some(obj))
}

// ----- attributes -----

/// What a method lookup found: a function to call with the object first, or a plain value.
pub enum Method<R> {
    /// An unbound function found on the type: call it with the object as first argument.
    Unbound(R),
    /// Any other attribute value.
    Value(R),
}

/// What [`find`] found for an attribute name.
struct Found<R> {
    /// The object's type.
    ty: R,
    /// The attribute on the type (null if none).
    attr: R,
    /// The instance's own attribute, if any.
    own: Option<R>,
}

/// Look up `name` on the type of `obj` when `obj` is an instance with a map or an object of a
/// builtin type (and, for instances, in the instance's map). `None` when the object is of another
/// kind (types, `super` objects), or when a property needs the slow path.
fn find<D: Domain<Lang = Ripy>>(
    d: &mut D,
    space: &'static Space,
    obj: D::Ref,
    name_text: GcRef,
) -> Option<Found<D::Ref>> {
    let name = d.const_ref(name_text);
    let layout = d.layout_of(obj);
    if let Some(fields) = mapdict::instance_fields(layout) {
        let ty = mapdict::promoted_type(d, obj, fields);
        let getattribute = d.const_ref(space.intern_static("__getattribute__"));
        let hook = typeobject::lookup(d, ty, getattribute);
        if !crate::function::is_builtin_hook(d, hook, "__getattribute__") {
            return None;
        }
        let attr = typeobject::lookup(d, ty, name);
        if let Some(key) = slot_key(d, attr) {
            return match mapdict::getattr(d, obj, fields, key) {
                mapdict::Own::Found(v) => Some(Found { ty, attr, own: Some(v) }),
                mapdict::Own::Absent | mapdict::Own::InDict => None,
            };
        }
        if !d.is_null(attr) && may_be_descriptor(d.layout_of(attr)) {
            return None;
        }
        let own = match mapdict::getattr(d, obj, fields, name) {
            mapdict::Own::Found(v) => Some(v),
            mapdict::Own::Absent => None,
            mapdict::Own::InDict => return None,
        };
        return Some(Found { ty, attr, own });
    }
    if layout == W_Type::layout()
        || layout == crate::function::W_Super::layout()
        || layout == crate::module::W_Module::layout()
    {
        return None;
    }
    // The dunder attributes of functions, methods, generators, ... (`__name__`, `__module__`,
    // `__doc__`) are the object's own, not its type's.
    if is_dunder(name_text) && !is_core(layout) && layout != W_List::layout() {
        return None;
    }
    let ty = typeobject::type_of(d, space, obj);
    let attr = typeobject::lookup(d, ty, name);
    Some(Found { ty, attr, own: None })
}

/// Whether dunder `name` looked up on a class whose metaclass is `type` is what the class's MRO
/// holds: not one of the attributes `type`'s data descriptors answer first (see
/// `objspace::generic_getattr`), and no data descriptor on `type` itself.
fn plain_class_dunder(space: &Space, name: GcRef) -> bool {
    const TYPE_DATA: [&str; 10] = [
        "__name__",
        "__qualname__",
        "__mro__",
        "__bases__",
        "__base__",
        "__dict__",
        "__doc__",
        "__module__",
        "__annotations__",
        "__class__",
    ];
    !TYPE_DATA.iter().any(|t| unicode::eq_text(name, t))
        && typeobject::lookup_where(space.type_type, name).is_none_or(|(_, v)| v.layout() == W_Builtin::layout())
}

/// Whether `name` (a str) starts with two underscores and is longer than that.
fn is_dunder(name: GcRef) -> bool {
    let underscore = u32::from(b'_');
    unicode::char_len(name) > 2 && unicode::char_at(name, 0) == underscore && unicode::char_at(name, 1) == underscore
}

/// `cls.name` for a class whose metaclass is `type` (or keeps `type.__getattribute__` and has no
/// attribute `name` of its own, as `enum.EnumType`: its `__getattr__` only answers names the
/// class lacks), when `name` is found in the class's MRO and
/// is a function, a classmethod or staticmethod of a function, or a value of a core builtin type
/// (`Direction.FORWARD`, `cls.weaker`): the class is promoted, so the lookup folds in a trace. A
/// classmethod's function is `Method::Unbound` (to be called with the class first). `None` for
/// dunder names (`type`'s own data descriptors: `__name__`, `__dict__`, ...), metaclasses and
/// descriptors, which the slow path handles.
pub fn class_attribute<D: Domain>(
    d: &mut D,
    space: &'static Space,
    cls: D::Ref,
    name: GcRef,
) -> Option<Method<D::Ref>> {
    let dunder = is_dunder(name);
    if dunder && !plain_class_dunder(space, name) {
        return None;
    }
    let cls = d.promote_ref(cls);
    let name_c = d.const_ref(name);
    let meta = crate::gc::get_ref(cls, &W_Type::METATYPE);
    if dunder {
        // A builtin method or a function found in the MRO, through `type` itself only.
        if meta != space.type_type {
            return None;
        }
        let cls = d.const_ref(cls);
        let attr = typeobject::lookup(d, cls, name_c);
        if d.is_null(attr) {
            return None;
        }
        let layout = d.layout_of(attr);
        return (layout == W_Function::layout() || layout == W_Builtin::layout()).then_some(Method::Value(attr));
    }
    let name = name_c;
    if meta != space.type_type {
        let meta = d.const_ref(meta);
        let getattribute = d.const_ref(space.intern_static("__getattribute__"));
        let found = typeobject::lookup(d, meta, getattribute);
        let type_type = d.const_ref(space.type_type);
        let types = typeobject::lookup(d, type_type, getattribute);
        let same = d.ptr_eq(found, types);
        let own = typeobject::lookup(d, meta, name);
        if !d.branch(same) || !d.is_null(own) {
            return None;
        }
    }
    let cls = d.const_ref(cls);
    let attr = typeobject::lookup(d, cls, name);
    if d.is_null(attr) {
        return None;
    }
    let layout = d.layout_of(attr);
    if layout == W_ClassMethod::layout() {
        let func = d.get_ref(attr, &W_ClassMethod::FUNC);
        return (d.layout_of(func) == W_Function::layout()).then_some(Method::Unbound(func));
    }
    if layout == W_StaticMethod::layout() {
        return Some(Method::Value(d.get_ref(attr, &W_StaticMethod::FUNC)));
    }
    if layout == W_Instance::layout() {
        // An instance as a class attribute (`Strength.WEAKEST`): itself unless its class
        // has `__get__`.
        let ty = typeobject::type_of(d, space, attr);
        let get = d.const_ref(space.intern_static("__get__"));
        let getter = typeobject::lookup(d, ty, get);
        return d.is_null(getter).then_some(Method::Value(attr));
    }
    (layout == W_Function::layout() || is_core(layout)).then_some(Method::Value(attr))
}

/// `module.name` when `name` is in the module's namespace and the namespace has only str keys:
/// folded in a trace like a global (a guard on the module and one on its namespace's keys
/// version). `None` for the slow path (`__getattr__`, the module type's attributes).
fn module_attribute<D: Domain>(d: &mut D, module: D::Ref, name: GcRef) -> Option<D::Ref> {
    let module = d.promote_ref(module);
    let module = d.const_ref(module);
    let namespace = d.get_ref(module, &crate::module::W_Module::DICT);
    dict::get_str_versioned(d, namespace, name).flatten()
}

/// `super(start, obj).name` for an instance `obj`: `name` looked up along the MRO of `obj`'s
/// type after `start` (folded in a trace), bound to `obj` as [`bind`] binds. `None` for the
/// super object's own attributes, descriptors and class-level supers, which the slow path
/// handles.
fn super_attribute<D: Domain>(d: &mut D, sup: D::Ref, name: GcRef) -> Option<D::Ref> {
    if ["__thisclass__", "__self__", "__self_class__", "__class__"].iter().any(|n| unicode::eq_text(name, n)) {
        return None;
    }
    let target = d.get_ref(sup, &W_Super::OBJ);
    if d.is_null(target) || d.layout_of(target) != W_Instance::layout() {
        return None;
    }
    let start = d.get_ref(sup, &W_Super::TYPE_);
    let start = d.promote_ref(start);
    let start = d.const_ref(start);
    let ty = d.get_ref(sup, &W_Super::OBJ_TYPE);
    let ty = d.promote_ref(ty);
    let ty = d.const_ref(ty);
    let version = d.get_ref(ty, &W_Type::VERSION);
    let version = d.promote_ref(version);
    let version = d.const_ref(version);
    let name = d.const_ref(name);
    let attr = typeobject::lookup_after(d, ty, version, start, name).unwrap_or_else(|_| unreachable!("cannot raise"));
    if d.is_null(attr) || may_be_descriptor(d.layout_of(attr)) {
        return None;
    }
    bind(d, attr, target, ty)
}

/// `super(cls, obj)` for an instance `obj` of a subclass of class `cls` (what a zero-argument
/// `super()` in a method becomes), in domain code, so that a trace can keep the super object
/// virtual. `None` for every other call of `callable`.
fn new_super<D: Domain>(d: &mut D, space: &'static Space, callable: D::Ref, args: &[D::Ref]) -> Option<D::Ref> {
    let &[cls, obj] = args else { return None };
    let sup = d.const_ref(space.runtime_type("super"));
    let same = d.ptr_eq(callable, sup);
    if !d.branch(same) || d.layout_of(cls) != W_Type::layout() || d.layout_of(obj) != W_Instance::layout() {
        return None;
    }
    let ty = typeobject::type_of(d, space, obj);
    let (ty, cls) = (d.promote_ref(ty), d.promote_ref(cls));
    if !typeobject::is_subtype(ty, cls) {
        return None;
    }
    let s = d.new(W_Super::layout());
    let (ty, cls) = (d.const_ref(ty), d.const_ref(cls));
    d.set_ref(s, &W_Super::TYPE_, cls);
    d.set_ref(s, &W_Super::OBJ, obj);
    d.set_ref(s, &W_Super::OBJ_TYPE, ty);
    Some(s)
}

/// The map key of the value of a `__slots__` slot when `attr` (a class attribute, or null) is
/// the slot's member descriptor: reading and writing the slot are then map accesses under that
/// key, which the tracer sees through (the descriptor is a constant after the type's guard).
fn slot_key<D: Domain>(d: &mut D, attr: D::Ref) -> Option<D::Ref> {
    if d.is_null(attr) || d.layout_of(attr) != W_Member::layout() {
        return None;
    }
    let key = d.get_ref(attr, &W_Member::KEY);
    (!d.is_null(key)).then_some(key)
}

/// Whether a class attribute of this layout may be a descriptor that the slow path must handle
/// (a property, or an instance of a user class, which may define `__get__`/`__set__`).
fn may_be_descriptor(layout: &'static Layout) -> bool {
    layout == crate::function::W_Property::layout()
        || layout == crate::function::W_Member::layout()
        || layout == crate::descriptors::W_GetSet::layout()
        || mapdict::instance_fields(layout).is_some()
}

/// `obj.name` (`name` an interned str).
pub fn getattr<D: Domain<Lang = Ripy>>(
    d: &mut D,
    space: &'static Space,
    obj: D::Ref,
    name: GcRef,
) -> Result<D::Ref, D::Ref> {
    let name_c = d.const_ref(name);
    let layout = d.layout_of(obj);
    if layout == crate::module::W_Module::layout() || layout == W_Super::layout() {
        let found =
            if layout == W_Super::layout() { super_attribute(d, obj, name) } else { module_attribute(d, obj, name) };
        return match found {
            Some(v) => Ok(v),
            None => objspace::getattr_slow(d, obj, name_c),
        };
    }
    if layout == W_Type::layout() {
        return match class_attribute(d, space, obj, name) {
            Some(Method::Value(v)) => Ok(v),
            Some(Method::Unbound(func)) => {
                let m = d.new(W_Method::layout());
                d.set_ref(m, &W_Method::FUNC, func);
                d.set_ref(m, &W_Method::SELF_, obj);
                Ok(m)
            }
            None => objspace::getattr_slow(d, obj, name_c),
        };
    }
    if let Some(Found { ty, attr, own }) = find(d, space, obj, name) {
        if let Some(v) = own {
            return Ok(v);
        }
        if !d.is_null(attr) {
            if let Some(v) = bind(d, attr, obj, ty) {
                return Ok(v);
            }
        }
    }
    objspace::getattr_slow(d, obj, name_c)
}

/// `attr` found on type `ty` as an attribute of `obj`: bound for functions and methods. `None`
/// for descriptors left to the slow path.
fn bind<D: Domain>(d: &mut D, attr: D::Ref, obj: D::Ref, ty: D::Ref) -> Option<D::Ref> {
    let layout = d.layout_of(attr);
    if layout == W_Function::layout() {
        let m = d.new(W_Method::layout());
        d.set_ref(m, &W_Method::FUNC, attr);
        d.set_ref(m, &W_Method::SELF_, obj);
        return Some(m);
    }
    if layout == W_Builtin::layout() {
        let bound = d.get_ref(attr, &W_Builtin::SELF_);
        if !d.is_null(bound) {
            return Some(attr);
        }
        let index = d.get_int(attr, &W_Builtin::INDEX);
        if !crate::builtins::is_method(d.promote_int(index) as usize) {
            // A module's function stored in a class: not bound, as CPython's.
            return Some(attr);
        }
        let b = d.new(W_Builtin::layout());
        d.set_int(b, &W_Builtin::INDEX, index);
        d.set_ref(b, &W_Builtin::SELF_, obj);
        let needs_frame = d.get_int(attr, &W_Builtin::NEEDS_FRAME);
        d.set_int(b, &W_Builtin::NEEDS_FRAME, needs_frame);
        return Some(b);
    }
    if layout == W_ClassMethod::layout() {
        let func = d.get_ref(attr, &W_ClassMethod::FUNC);
        if d.layout_of(func) != W_Function::layout() {
            // A descriptor inside: `objspace::classmethod_bind`.
            return None;
        }
        let m = d.new(W_Method::layout());
        d.set_ref(m, &W_Method::FUNC, func);
        d.set_ref(m, &W_Method::SELF_, ty);
        return Some(m);
    }
    if layout == W_StaticMethod::layout() {
        return Some(d.get_ref(attr, &W_StaticMethod::FUNC));
    }
    if layout == crate::function::W_Property::layout()
        || layout == crate::function::W_Member::layout()
        || layout == crate::descriptors::W_GetSet::layout()
        || layout == crate::function::W_Super::layout()
    {
        return None;
    }
    Some(attr)
}

/// `obj.name` for a call (CPython's `LOAD_METHOD`): a function found on the type is not bound.
pub fn load_method<D: Domain<Lang = Ripy>>(
    d: &mut D,
    space: &'static Space,
    obj: D::Ref,
    name: GcRef,
) -> Result<Method<D::Ref>, D::Ref> {
    let layout = d.layout_of(obj);
    if layout == crate::module::W_Module::layout() || layout == W_Super::layout() {
        return getattr(d, space, obj, name).map(Method::Value);
    }
    if layout == W_Type::layout() {
        if let Some(found) = class_attribute(d, space, obj, name) {
            return Ok(found);
        }
        let name_c = d.const_ref(name);
        return objspace::getattr_slow(d, obj, name_c).map(Method::Value);
    }
    if let Some(Found { attr, own: None, .. }) = find(d, space, obj, name) {
        if !d.is_null(attr) {
            let layout = d.layout_of(attr);
            if layout == W_Function::layout() {
                return Ok(Method::Unbound(attr));
            }
            if layout == W_Builtin::layout() {
                // A method of a class, not a module's function stored in a class (never bound).
                let bound = d.get_ref(attr, &W_Builtin::SELF_);
                let index = d.get_int(attr, &W_Builtin::INDEX);
                if d.is_null(bound) && crate::builtins::is_method(d.promote_int(index) as usize) {
                    return Ok(Method::Unbound(attr));
                }
            }
        }
    }
    getattr(d, space, obj, name).map(Method::Value)
}

/// `obj.name = value`.
pub fn setattr<D: Domain<Lang = Ripy>>(
    d: &mut D,
    space: &'static Space,
    obj: D::Ref,
    name: GcRef,
    value: D::Ref,
) -> Result<(), D::Ref> {
    let name_c = d.const_ref(name);
    let layout = d.layout_of(obj);
    if let Some(fields) = mapdict::instance_fields(layout) {
        let ty = mapdict::promoted_type(d, obj, fields);
        let attr = typeobject::lookup(d, ty, name_c);
        let setattr_name = d.const_ref(space.intern_static("__setattr__"));
        let hook = typeobject::lookup(d, ty, setattr_name);
        let plain_hook = crate::function::is_builtin_hook(d, hook, "__setattr__");
        if plain_hook {
            if let Some(key) = slot_key(d, attr) {
                if !mapdict::in_dict(d, obj, fields) {
                    mapdict::setattr(d, obj, fields, key, value);
                    return Ok(());
                }
            }
        }
        let descriptor = !d.is_null(attr) && may_be_descriptor(d.layout_of(attr));
        if plain_hook
            && typeobject::has_dict(d, ty)
            && !descriptor
            && !objspace::is_special_exception_attribute(layout, name)
            && !mapdict::in_dict(d, obj, fields)
        {
            mapdict::setattr(d, obj, fields, name_c, value);
            return Ok(());
        }
    }
    objspace::setattr_slow(d, obj, name_c, value)
}

// ----- operators -----

/// Whether `layout` is one that [`ops`] handles completely (compared one by one, the most
/// frequent first, so that an int or a float is recognised by the first tests).
#[inline(always)]
fn is_core(layout: &'static Layout) -> bool {
    layout == W_Int::layout()
        || layout == crate::float::W_Float::layout()
        || layout == W_Bool::layout()
        || layout == W_Str::layout()
        || layout == crate::singletons::W_None::layout()
        || layout == W_Tuple::layout()
        || layout == crate::bigint::W_Long::layout()
        || layout == crate::bytes::W_Bytes::layout()
        || layout == crate::set::W_Set::layout()
        || layout == crate::set::W_FrozenSet::layout()
}

/// `a op b` made by `caller`; `inplace` for augmented assignment.
pub fn binary<D: Domain<Lang = Ripy>>(
    d: &mut D,
    space: &'static Space,
    caller: Caller<D::Ref>,
    op: BinOp,
    inplace: bool,
    a: D::Ref,
    b: D::Ref,
) -> Result<D::Ref, D::Ref> {
    let (la, lb) = (d.layout_of(a), d.layout_of(b));
    let str_format = op == BinOp::Mod && (la == W_Str::layout() || la == crate::bytes::W_Bytes::layout());
    let set_inplace = inplace && la == crate::set::W_Set::layout();
    let list_add = la == W_List::layout() && lb == W_List::layout() && op == BinOp::Add && !inplace;
    if (is_core(la) && is_core(lb) && !str_format && !set_inplace) || list_add {
        let result = ops::binary_op(d, space, op, a, b);
        return match result {
            Err(e) if inplace => {
                let op = d.const_int(op as i64);
                Err(objspace::inplace_error(d, op, e, a, b)?)
            }
            other => other,
        };
    }
    let mut code = op as i64 | if inplace { 0x100 } else { 0 };
    if let Some(r) = user_binary(d, space, caller, op, inplace, a, b)? {
        let not_implemented = d.const_ref(space.not_implemented);
        let declined = d.ptr_eq(r, not_implemented);
        if !d.branch(declined) {
            return Ok(r);
        }
        code |= objspace::BINARY_AFTER_FORWARD;
    }
    let code = d.const_int(code);
    objspace::binary_slow(d, code, a, b)
}

/// `a op b` through `a`'s forward method when that is a Python function on a plain user class
/// and nothing comes before it in CPython's order (no in-place method; `b` of a builtin type that
/// cannot subclass `a`'s, or an instance of a class that is not a proper subclass of `a`'s):
/// the method's result (maybe `NotImplemented`),
/// called in domain code so that traces inline it. `None` when the slow path must decide.
fn user_binary<D: Domain<Lang = Ripy>>(
    d: &mut D,
    space: &'static Space,
    caller: Caller<D::Ref>,
    op: BinOp,
    inplace: bool,
    a: D::Ref,
    b: D::Ref,
) -> Result<Option<D::Ref>, D::Ref> {
    let la = d.layout_of(a);
    if la != W_Instance::layout() {
        return Ok(None);
    }
    let ty = typeobject::type_of(d, space, a);
    let lb = d.layout_of(b);
    if lb == W_Instance::layout() {
        // `b`'s reflected method comes first only when its class is a proper subclass of `a`'s.
        let tb = typeobject::type_of(d, space, b);
        let same = d.ptr_eq(ty, tb);
        if !d.branch(same) {
            let (ta, tb) = (d.promote_ref(ty), d.promote_ref(tb));
            if typeobject::is_subtype(tb, ta) {
                return Ok(None);
            }
        }
    } else if !is_core(lb) {
        return Ok(None);
    }
    let (name, _, iname) = objspace::binop_names(op);
    if inplace {
        let iname = d.const_ref(space.intern_static(iname));
        let imethod = typeobject::lookup(d, ty, iname);
        if !d.is_null(imethod) {
            return Ok(None);
        }
    }
    let name = d.const_ref(space.intern_static(name));
    let method = typeobject::lookup(d, ty, name);
    if d.is_null(method) || d.layout_of(method) != W_Function::layout() {
        return Ok(None);
    }
    call_function(d, space, caller, method, Some(a), &[b], GcRef::NULL).map(Some)
}

/// `a op b` as a bool object.
pub fn compare<D: Domain<Lang = Ripy>>(
    d: &mut D,
    space: &'static Space,
    op: CmpOp,
    a: D::Ref,
    b: D::Ref,
) -> Result<D::Ref, D::Ref> {
    let (la, lb) = (d.layout_of(a), d.layout_of(b));
    if (is_core(la) && is_core(lb)) || (la == W_List::layout() && lb == W_List::layout()) {
        let r = ops::compare(d, op, a, b)?;
        return Ok(ops::bool_obj(d, space, r));
    }
    if matches!(op, CmpOp::Eq | CmpOp::Ne) && identity_equality(d, op, a) && identity_equality(d, op, b) {
        let same = d.ptr_eq(a, b);
        let r = if op == CmpOp::Eq { same } else { d.int_unary(IntUnary::IsZero, same) };
        return Ok(ops::bool_obj(d, space, r));
    }
    let op = d.const_int(op as i64);
    objspace::compare_slow(d, op, a, b)
}

/// Whether `==` (or `!=`, by `op`) with `obj` on either side is identity as far as `obj` is
/// concerned: `obj` is None, or an instance whose class inherits `object.__eq__` (and
/// `object.__ne__` for `!=`). When both operands are, CPython's rich comparison ends in the
/// identity fallback.
fn identity_equality<D: Domain>(d: &mut D, op: CmpOp, obj: D::Ref) -> bool {
    let layout = d.layout_of(obj);
    if layout == crate::singletons::W_None::layout() {
        return true;
    }
    if layout != W_Instance::layout() {
        return false;
    }
    let ty = mapdict::promoted_type(d, obj, &mapdict::INSTANCE_FIELDS);
    crate::function::inherits_builtin(d, ty, "__eq__", "object")
        && (op == CmpOp::Eq || crate::function::inherits_builtin(d, ty, "__ne__", "object"))
}

/// The truth value of `obj`: 1 or 0.
pub fn truthy<D: Domain<Lang = Ripy>>(d: &mut D, obj: D::Ref) -> Result<D::Int, D::Ref> {
    let layout = d.layout_of(obj);
    if is_core(layout) || layout == W_List::layout() || layout == W_Dict::layout() {
        return Ok(ops::truthy(d, obj));
    }
    if layout == W_Instance::layout() {
        // An instance whose class defines neither `__bool__` nor `__len__` is true.
        let space = Space::get();
        let ty = typeobject::type_of(d, space, obj);
        let bool_name = d.const_ref(space.intern_static("__bool__"));
        let len_name = d.const_ref(space.intern_static("__len__"));
        let (to_bool, to_len) = (typeobject::lookup(d, ty, bool_name), typeobject::lookup(d, ty, len_name));
        if d.is_null(to_bool) && d.is_null(to_len) {
            return Ok(d.const_int(1));
        }
    }
    objspace::truthy_slow(d, obj)
}

/// `a is b`: identity, except that ints compare by value and floats by bits (list strategies box
/// them afresh).
pub fn is<D: Domain>(d: &mut D, a: D::Ref, b: D::Ref) -> D::Int {
    let same = d.ptr_eq(a, b);
    if d.branch(same) {
        return same;
    }
    if d.layout_of(a) == W_Int::layout() && d.layout_of(b) == W_Int::layout() {
        let x = d.get_int(a, &W_Int::VALUE);
        let y = d.get_int(b, &W_Int::VALUE);
        return d.int_op(IntOp::Eq, x, y);
    }
    if d.layout_of(a) == W_Float::layout() && d.layout_of(b) == W_Float::layout() {
        let x = d.get_float(a, &W_Float::VALUE);
        let y = d.get_float(b, &W_Float::VALUE);
        return same_float_bits(d, x, y).unwrap_or_else(|_| unreachable!("same_float_bits cannot raise"));
    }
    d.const_int(0)
}

fn same_float_bits_impl(x: f64, y: f64) -> i64 {
    (x.to_bits() == y.to_bits()) as i64
}

metatrace::residual! {
    /// Whether two float values have the same bits: `is` of floats, which the unboxed list
    /// strategies box afresh on each read (as PyPy, `x is y` for floats compares their bits).
    pub fn same_float_bits(x: Float, y: Float) -> Int;
    effect = Elidable; can_raise = false; impl = same_float_bits_impl;
}

// ----- subscripts -----

/// The machine integer of an int or bool `key`, if it is one.
fn small_index<D: Domain>(d: &mut D, key: D::Ref) -> Option<D::Int> {
    let layout = d.layout_of(key);
    if layout == W_Int::layout() {
        Some(d.get_int(key, &W_Int::VALUE))
    } else if layout == W_Bool::layout() {
        Some(d.get_int(key, &W_Bool::VALUE))
    } else {
        None
    }
}

/// `container[key]`.
pub fn getitem<D: Domain<Lang = Ripy>>(
    d: &mut D,
    space: &'static Space,
    container: D::Ref,
    key: D::Ref,
) -> Result<D::Ref, D::Ref> {
    let layout = d.layout_of(container);
    if layout == W_Dict::layout() {
        return dict::getitem(d, container, key);
    }
    if let Some(i) = small_index(d, key) {
        if layout == W_List::layout() {
            return list::getitem(d, container, i);
        }
        if layout == W_Tuple::layout() {
            return tuple::getitem(d, container, i);
        }
        if layout == W_Str::layout() {
            return unicode::getitem(d, space, container, i);
        }
        if layout == crate::bytes::W_Bytes::layout() {
            return crate::bytes::getitem(d, container, i);
        }
        if layout == crate::buffer::W_ByteArray::layout() {
            if let Some(r) = crate::buffer::getitem_in(d, container, i) {
                return Ok(r);
            }
        }
        if layout == W_Range::layout() {
            if let Some(r) = crate::iter::range_getitem(d, container, i) {
                return Ok(r);
            }
        }
    }
    if layout == W_List::layout() && d.layout_of(key) == W_Slice::layout() {
        if let Some(r) = list::getslice(d, container, key)? {
            return Ok(r);
        }
    }
    if layout == crate::bytes::W_Bytes::layout() && d.layout_of(key) == W_Slice::layout() {
        if let Some(r) = crate::bytes::getslice(d, container, key)? {
            return Ok(r);
        }
    }
    if layout == W_Str::layout() && d.layout_of(key) == W_Slice::layout() {
        if let Some(r) = unicode::getslice(d, container, key)? {
            return Ok(r);
        }
    }
    if layout == W_Range::layout() && d.layout_of(key) == W_Slice::layout() {
        if let Some(r) = crate::iter::range_getslice(d, container, key) {
            return Ok(r);
        }
    }
    objspace::getitem_slow(d, container, key)
}

/// `container[key]` made by `caller` (`BINARY_SUBSCR`): the `__getitem__` of a plain user class,
/// when it is a Python function, is called in domain code so that traces inline it (CPython looks
/// it up on the type, as here); everything else as [`getitem`].
pub fn subscript<D: Domain<Lang = Ripy>>(
    d: &mut D,
    space: &'static Space,
    caller: Caller<D::Ref>,
    container: D::Ref,
    key: D::Ref,
) -> Result<D::Ref, D::Ref> {
    if d.layout_of(container) == W_Instance::layout() {
        let ty = typeobject::type_of(d, space, container);
        let name = d.const_ref(space.intern_static("__getitem__"));
        let method = typeobject::lookup(d, ty, name);
        if !d.is_null(method) && d.layout_of(method) == W_Function::layout() {
            return call_function(d, space, caller, method, Some(container), &[key], GcRef::NULL);
        }
    }
    getitem(d, space, container, key)
}

/// `container[key] = value` made by `caller` (`STORE_SUBSCR`): the `__setitem__` of a plain user
/// class, when it is a Python function, is called in domain code (its result ignored, as
/// CPython's), as [`subscript`] does for `__getitem__`; everything else as [`setitem`].
pub fn store_subscript<D: Domain<Lang = Ripy>>(
    d: &mut D,
    space: &'static Space,
    caller: Caller<D::Ref>,
    container: D::Ref,
    key: D::Ref,
    value: D::Ref,
) -> Result<(), D::Ref> {
    if d.layout_of(container) == W_Instance::layout() {
        let ty = typeobject::type_of(d, space, container);
        let name = d.const_ref(space.intern_static("__setitem__"));
        let method = typeobject::lookup(d, ty, name);
        if !d.is_null(method) && d.layout_of(method) == W_Function::layout() {
            call_function(d, space, caller, method, Some(container), &[key, value], GcRef::NULL)?;
            return Ok(());
        }
    }
    setitem(d, container, key, value)
}

/// `container[key] = value`.
pub fn setitem<D: Domain<Lang = Ripy>>(d: &mut D, container: D::Ref, key: D::Ref, value: D::Ref) -> Result<(), D::Ref> {
    let layout = d.layout_of(container);
    if layout == W_Dict::layout() {
        return dict::setitem(d, container, key, value);
    }
    if layout == W_List::layout() {
        if let Some(i) = small_index(d, key) {
            return list::setitem(d, container, i, value);
        }
        if d.layout_of(key) == W_Slice::layout() && list::setslice(d, container, key, value)? {
            return Ok(());
        }
    }
    if layout == crate::buffer::W_ByteArray::layout() {
        if let Some(i) = small_index(d, key) {
            if crate::buffer::setitem_in(d, container, i, value) {
                return Ok(());
            }
        }
    }
    objspace::setitem_slow(d, container, key, value)
}

// ----- iteration -----

/// `iter(obj)`.
pub fn iter<D: Domain<Lang = Ripy>>(d: &mut D, obj: D::Ref) -> Result<D::Ref, D::Ref> {
    let layout = d.layout_of(obj);
    if layout == W_List::layout() {
        let it = d.new(W_ListIter::layout());
        d.set_ref(it, &W_ListIter::LIST, obj);
        return Ok(it);
    }
    if layout == W_Tuple::layout() {
        let it = d.new(W_TupleIter::layout());
        d.set_ref(it, &W_TupleIter::TUPLE, obj);
        return Ok(it);
    }
    if layout == crate::subclass::W_Subclass::layout() {
        // A list subclass that keeps `list.__iter__`: a list iterator over its value.
        let value = d.get_ref(obj, &crate::subclass::W_Subclass::VALUE);
        if d.layout_of(value) == W_List::layout() {
            let ty = mapdict::promoted_type(d, obj, &crate::subclass::FIELDS);
            if crate::function::inherits_builtin(d, ty, "__iter__", "list") {
                let it = d.new(W_ListIter::layout());
                d.set_ref(it, &W_ListIter::LIST, value);
                return Ok(it);
            }
        }
    }
    if layout == W_RangeIter::layout() || layout == W_ListIter::layout() || layout == W_TupleIter::layout() {
        // An iterator is its own iterator (`for i in reversed(range(n))`).
        return Ok(obj);
    }
    if layout == W_Range::layout() {
        let it = d.new(W_RangeIter::layout());
        let start = d.get_int(obj, &W_Range::START);
        let step = d.get_int(obj, &W_Range::STEP);
        let length = d.get_int(obj, &W_Range::LENGTH);
        d.set_int(it, &W_RangeIter::NEXT, start);
        d.set_int(it, &W_RangeIter::STEP, step);
        d.set_int(it, &W_RangeIter::REMAINING, length);
        d.set_int(it, &W_RangeIter::LENGTH, length);
        return Ok(it);
    }
    objspace::iter_slow(d, obj)
}

/// `iter(obj)` made by `caller` (`GET_ITER`, `GET_YIELD_FROM_ITER`): an instance whose class
/// defines `__iter__` as a Python function (often a generator function) has it called in domain
/// code, so that a trace inlines the call (or calls its compiled code) rather than leaving it to
/// a residual call that enters the JIT again.
pub fn iter_from<D: Domain<Lang = Ripy>>(
    d: &mut D,
    space: &'static Space,
    caller: Caller<D::Ref>,
    obj: D::Ref,
) -> Result<D::Ref, D::Ref> {
    if d.layout_of(obj) == W_Instance::layout() {
        let ty = typeobject::type_of(d, space, obj);
        let name = d.const_ref(space.intern_static("__iter__"));
        let method = typeobject::lookup(d, ty, name);
        if !d.is_null(method) && d.layout_of(method) == W_Function::layout() {
            let it = call_function(d, space, caller, method, Some(obj), &[], GcRef::NULL)?;
            if d.layout_of(it) == crate::generator::W_Generator::layout() {
                return Ok(it);
            }
            return objspace::checked_iterator(d, it);
        }
    }
    iter(d, obj)
}

/// One step of a range, list or tuple iterator (`Some` of the item, or of `None` when exhausted;
/// such a step never raises), or `None` when `it` is another iterator. Inlined into the
/// interpreter's `FOR_ITER`, so that the most frequent loops step without a native call.
#[inline(always)]
pub fn step_sequence_iter<D: Domain<Lang = Ripy>>(d: &mut D, it: D::Ref) -> Option<Option<D::Ref>> {
    let layout = d.layout_of(it);
    if layout == W_RangeIter::layout() {
        let it = known::Checked::new(d, it, W_RangeIter::layout());
        let remaining = it.get_int(d, &W_RangeIter::REMAINING);
        let zero = d.const_int(0);
        let more = d.int_op(IntOp::Gt, remaining, zero);
        if !d.branch(more) {
            return Some(None);
        }
        let value = it.get_int(d, &W_RangeIter::NEXT);
        let step = it.get_int(d, &W_RangeIter::STEP);
        let following = d.int_op(IntOp::Add, value, step);
        it.set_int(d, &W_RangeIter::NEXT, following);
        let one = d.const_int(1);
        let left = d.int_op(IntOp::Sub, remaining, one);
        it.set_int(d, &W_RangeIter::REMAINING, left);
        return Some(Some(new_int(d, value)));
    }
    if layout == W_ListIter::layout() {
        return Some(step_indexed_iter(d, it, W_ListIter::layout(), &W_ListIter::LIST, &W_ListIter::INDEX));
    }
    if layout == W_TupleIter::layout() {
        return Some(step_indexed_iter(d, it, W_TupleIter::layout(), &W_TupleIter::TUPLE, &W_TupleIter::INDEX));
    }
    None
}

/// One step of a list or tuple iterator `it` (of `layout`, whose sequence and index are
/// `seq_field` and `index_field`), for [`step_sequence_iter`]: one copy per layout, so that in the
/// concrete domain every field access is checked against a constant layout (which folds).
#[inline(always)]
fn step_indexed_iter<D: Domain<Lang = Ripy>>(
    d: &mut D,
    it: D::Ref,
    layout: &'static Layout,
    seq_field: &FieldDescr,
    index_field: &FieldDescr,
) -> Option<D::Ref> {
    let is_list = layout == W_ListIter::layout();
    let it = known::Checked::new(d, it, layout);
    let seq = it.get_ref(d, seq_field);
    if d.is_null(seq) {
        return None;
    }
    let index = it.get_int(d, index_field);
    let len = if is_list { list::length(d, seq) } else { tuple::length(d, seq) };
    let more = d.int_op(IntOp::Lt, index, len);
    if !d.branch(more) {
        let null = null(d);
        it.set_ref(d, seq_field, null);
        return None;
    }
    let one = d.const_int(1);
    let following = d.int_op(IntOp::Add, index, one);
    it.set_int(d, index_field, following);
    // The index is never negative (it starts at 0, `__setstate__` clamps it), so `index < len`
    // is the whole bounds check: no normalization or second check as in `list[i]`.
    Some(if is_list {
        let (strategy, storage) = list::strategy_of(d, seq);
        list::item_at(d, strategy, storage, index)
    } else {
        known::get_item_ref(d, seq, W_Tuple::layout(), &W_Tuple::ITEMS, index)
    })
}

/// `next(it)`, or `None` when the iterator is exhausted.
pub fn next<D: Domain<Lang = Ripy>>(d: &mut D, it: D::Ref) -> Result<Option<D::Ref>, D::Ref> {
    if let Some(step) = step_sequence_iter(d, it) {
        return Ok(step);
    }
    let layout = d.layout_of(it);
    if layout == W_Enumerate::layout() {
        return crate::iter::enumerate_next(d, it);
    }
    if layout == W_Zip::layout() {
        return crate::iter::zip_next(d, it);
    }
    if layout == crate::iter::W_DictIter::layout() {
        return crate::iter::dict_iter_step(d, it);
    }
    if layout == crate::iter::W_StrIter::layout() {
        return crate::iter::str_iter_step(d, it);
    }
    let item = if layout == crate::set::W_SetIter::layout() {
        crate::set::set_iter_step(d, it)?
    } else {
        objspace::next_slow(d, it)?
    };
    Ok(if d.is_null(item) { None } else { Some(item) })
}

/// `len(obj)` as a machine integer.
pub fn len<D: Domain<Lang = Ripy>>(d: &mut D, obj: D::Ref) -> Result<D::Int, D::Ref> {
    let layout = d.layout_of(obj);
    if layout == W_List::layout() {
        Ok(list::length(d, obj))
    } else if layout == W_Tuple::layout() {
        Ok(tuple::length(d, obj))
    } else if layout == W_Str::layout() {
        Ok(unicode::len(d, obj))
    } else if layout == W_Dict::layout() {
        Ok(dict::length(d, obj))
    } else if layout == crate::bytes::W_Bytes::layout() {
        Ok(d.get_int(obj, &crate::bytes::W_Bytes::LEN))
    } else if layout == crate::set::W_Set::layout() || layout == crate::set::W_FrozenSet::layout() {
        Ok(crate::set::length(d, obj))
    } else if layout == crate::buffer::W_ByteArray::layout() {
        Ok(crate::buffer::length_in(d, obj))
    } else if layout == W_Range::layout() {
        Ok(d.get_int(obj, &W_Range::LENGTH))
    } else {
        objspace::len_slow(d, obj)
    }
}

/// The most items of a tuple of classes that `isinstance` tests one by one in domain code.
const ISINSTANCE_TUPLE_MAX: i64 = 8;

/// Whether `obj` is an instance of `cls` (a type, or a short tuple of types), through the MRO
/// of its type: 1 or 0.
pub fn isinstance<D: Domain<Lang = Ripy>>(
    d: &mut D,
    space: &'static Space,
    obj: D::Ref,
    cls: D::Ref,
) -> Result<D::Int, D::Ref> {
    if d.layout_of(cls) == W_Tuple::layout() {
        let n = known::array_len(d, cls, W_Tuple::layout(), &W_Tuple::ITEMS);
        let n = d.promote_int(n);
        if n <= ISINSTANCE_TUPLE_MAX {
            let items: smallvec::SmallVec<[D::Ref; 8]> = (0..n)
                .map(|i| {
                    let i = d.const_int(i);
                    known::get_item_ref(d, cls, W_Tuple::layout(), &W_Tuple::ITEMS, i)
                })
                .collect();
            if items.iter().all(|&item| d.layout_of(item) == W_Type::layout()) {
                for item in items {
                    let found = isinstance(d, space, obj, item)?;
                    let found = d.int_unary(IntUnary::IsTrue, found);
                    if d.branch(found) {
                        return Ok(d.const_int(1));
                    }
                }
                return Ok(d.const_int(0));
            }
        }
    }
    if d.layout_of(cls) != W_Type::layout() {
        return objspace::isinstance_slow(d, obj, cls);
    }
    let ty = typeobject::type_of(d, space, obj);
    let same = d.ptr_eq(ty, cls);
    if d.branch(same) {
        return Ok(same);
    }
    let ty = d.promote_ref(ty);
    let cls_c = d.promote_ref(cls);
    if objspace::metaclass_hook(cls_c, "__instancecheck__").is_some() {
        return objspace::isinstance_slow(d, obj, cls);
    }
    typeobject::depend_on_mro(d, ty);
    let subtype = typeobject::is_subtype(ty, cls_c);
    if !subtype && claims_other_class(space, ty) {
        return objspace::isinstance_slow(d, obj, cls);
    }
    Ok(d.const_int(i64::from(subtype)))
}

/// Whether instances of `ty` may claim another class through a `__class__` of their own (a
/// property, as proxies and `_longrange.longrange` have), which `isinstance` honours.
fn claims_other_class(space: &Space, ty: GcRef) -> bool {
    let name = space.intern_static("__class__");
    let cached = |t: GcRef| typeobject::lookup_cached(t, crate::gc::get_ref(t, &W_Type::VERSION), name);
    cached(ty) != cached(space.object_type)
}

/// The exception type check of `except T:`: whether exception `exc` matches `T` (a class or a
/// tuple of classes), 1 or 0.
pub fn exception_matches<D: Domain<Lang = Ripy>>(
    d: &mut D,
    space: &'static Space,
    exc: D::Ref,
    cls: D::Ref,
) -> Result<D::Int, D::Ref> {
    let is_exc_class = d.layout_of(cls) == W_Type::layout() && d.layout_of(exc) == W_Exception::layout();
    if is_exc_class {
        let ty = typeobject::type_of(d, space, exc);
        let ty = d.promote_ref(ty);
        let cls = d.promote_ref(cls);
        if typeobject::is_subtype(cls, space.exception_type(crate::exceptions::ExcKind::BaseException)) {
            typeobject::depend_on_mro(d, ty);
            return Ok(d.const_int(i64::from(typeobject::is_subtype(ty, cls))));
        }
    }
    objspace::exception_matches_slow(d, exc, cls)
}

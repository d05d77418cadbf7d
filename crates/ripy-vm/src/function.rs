//! Callables and descriptors: Python functions ([`W_Function`]), the cells of closures
//! ([`W_Cell`]), bound methods ([`W_Method`]), functions written in Rust ([`W_Builtin`]), and the
//! descriptors `property`, `classmethod`, `staticmethod` and the slots of `__slots__`.
//!
//! Calling a Python function binds its arguments to the first slots of a new frame, as CPython's
//! `initialize_locals` does, with its error messages ([`bind_arguments`]); the interpreter does the
//! common case (exactly the positional parameters, or defaults for the missing ones) in domain
//! code and calls [`bind_arguments`] for the rest. A builtin function is an index into the table of
//! [`crate::builtins`], and a call to it is a residual call, except for the few hot ones that
//! [`call_builtin`] runs in domain code (`len`, `isinstance`, `min`, `max`, `abs`, `ord`, `chr`,
//! `int.bit_length`, `int.__index__` and its like (`operator.index` too), `dict.get`, `set.add`,
//! `list.append`, `list.pop`, `list.remove`, `list.insert`, `object.__init__`,
//! `_random._genrand32`), which it recognizes by [`Shortcut`].

use crate::builtins::{defs, BuiltinDef, Owner};
use crate::code::Code;
use crate::dict;
use crate::exceptions::ExcKind;
use crate::gc;
use crate::generator;
use crate::int::{new_int, W_Int};
use crate::interp::Ripy;
use crate::list::W_List;
use crate::ops::{bool_obj, CmpOp};
use crate::protocol;
use crate::space::{PyResult, Space};
use crate::subclass::W_Subclass;
use crate::tuple::W_Tuple;
use crate::typeobject;
use crate::unicode;
use metatrace::domain::Domain;
use metatrace_gc::{GcHeader, GcObject, GcRef};
use metatrace_macros::GcObject;
use ripy_compiler::CodeFlags;

/// A Python function.
#[derive(GcObject)]
#[repr(C)]
pub struct W_Function {
    /// The object header.
    pub header: GcHeader,
    /// `__code__` ([`crate::code::W_Code`]): quasi-immutable (reassigning `__code__` is rare), so
    /// a call of a constant function costs traces a shared `guard_not_invalidated`.
    #[gc(quasi_immutable)]
    pub code: GcRef,
    /// `__globals__` (a dict).
    #[gc(immutable)]
    pub globals: GcRef,
    /// The builtins its frames use (a dict).
    #[gc(immutable)]
    pub builtins: GcRef,
    /// `__name__` (a str).
    pub name: GcRef,
    /// `__qualname__` (a str).
    pub qualname: GcRef,
    /// `__defaults__`: a tuple, or null.
    pub defaults: GcRef,
    /// `__kwdefaults__`: a dict, or null.
    pub kwdefaults: GcRef,
    /// `__closure__`: a tuple of cells, or null.
    #[gc(immutable)]
    pub closure: GcRef,
    /// `__annotations__`: a dict, or null.
    pub annotations: GcRef,
    /// `__doc__`, or null for None.
    pub doc: GcRef,
    /// `__module__`, or null for None.
    pub module: GcRef,
    /// `__dict__`: a dict, or null until an attribute is set.
    pub dict: GcRef,
}

/// A cell: a variable shared by a function and the functions nested in it.
#[derive(GcObject)]
#[repr(C)]
pub struct W_Cell {
    /// The object header.
    pub header: GcHeader,
    /// The contents, or null when empty.
    pub contents: GcRef,
}

/// A bound method: a function and the object it was looked up on.
#[derive(GcObject)]
#[repr(C)]
pub struct W_Method {
    /// The object header.
    pub header: GcHeader,
    /// `__func__`.
    #[gc(immutable)]
    pub func: GcRef,
    /// `__self__`.
    #[gc(immutable)]
    pub self_: GcRef,
}

/// A function written in Rust, possibly bound to an object (a method of a builtin type).
#[derive(GcObject)]
#[repr(C)]
pub struct W_Builtin {
    /// The object header.
    pub header: GcHeader,
    /// The index of its definition in [`crate::builtins::defs`].
    #[gc(immutable)]
    pub index: i64,
    /// The object it is bound to, or null.
    #[gc(immutable)]
    pub self_: GcRef,
    /// 1 when it needs its caller's frame (`BuiltinDef::frame`), else 0.
    #[gc(immutable)]
    pub needs_frame: i64,
}

/// `property(fget, fset, fdel, doc)`.
#[derive(GcObject)]
#[repr(C)]
pub struct W_Property {
    /// The object header.
    pub header: GcHeader,
    /// The getter, or null.
    pub fget: GcRef,
    /// The setter, or null.
    pub fset: GcRef,
    /// The deleter, or null.
    pub fdel: GcRef,
    /// The docstring, or null.
    pub doc: GcRef,
    /// The attribute name `__set_name__` gave it (for error messages), or null.
    pub name: GcRef,
}

/// A slot of a class with `__slots__` (CPython's `member_descriptor`). The slot's value lives in
/// the instance's map under a hidden key ([`crate::mapdict::hidden_key`]: not an identifier, so
/// not in `__dict__`); the descriptor makes reading an unset slot an `AttributeError`.
#[derive(GcObject)]
#[repr(C)]
pub struct W_Member {
    /// The object header.
    pub header: GcHeader,
    /// The slot's name (a str).
    #[gc(immutable)]
    pub name: GcRef,
    /// The key of its value in instances' maps (an interned str); null for the members of
    /// builtin types ([`crate::descriptors`]).
    #[gc(immutable)]
    pub key: GcRef,
    /// The class that declared it.
    #[gc(immutable)]
    pub owner: GcRef,
}

/// `classmethod(func)`.
#[derive(GcObject)]
#[repr(C)]
pub struct W_ClassMethod {
    /// The object header.
    pub header: GcHeader,
    /// The function.
    #[gc(immutable)]
    pub func: GcRef,
    /// `__dict__`: a dict, or null until needed (the constructor copies the function's
    /// `__module__`, `__name__`, `__qualname__`, `__doc__` and `__annotations__` into it).
    pub dict: GcRef,
}

/// `staticmethod(func)`.
#[derive(GcObject)]
#[repr(C)]
pub struct W_StaticMethod {
    /// The object header.
    pub header: GcHeader,
    /// The function.
    #[gc(immutable)]
    pub func: GcRef,
    /// `__dict__`: a dict, or null until needed (the constructor copies the function's
    /// `__module__`, `__name__`, `__qualname__`, `__doc__` and `__annotations__` into it).
    pub dict: GcRef,
}

/// `classmethod(func)` or `staticmethod(func)` (`layout` says which): the wrapper with the
/// function's `__module__`, `__name__`, `__qualname__`, `__doc__` and `__annotations__` copied
/// into its `__dict__`, those it has (CPython's `functools_wraps`).
pub fn new_method_wrapper(layout: &'static metatrace_gc::Layout, func: GcRef) -> PyResult<GcRef> {
    let space = Space::get();
    let (func_field, dict_field) = wrapper_fields(layout);
    let wrapper = metatrace_gc::alloc(layout);
    gc::set_ref(wrapper, func_field, func);
    let attributes = dict::new();
    gc::set_ref(wrapper, dict_field, attributes);
    for name in ["__module__", "__name__", "__qualname__", "__doc__", "__annotations__"] {
        let key = space.intern(name);
        match crate::objspace::getattr(func, key) {
            Ok(value) => dict::set(attributes, key, value)?,
            Err(e) if crate::objspace::is_attribute_error(e) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(wrapper)
}

/// The `func` and `dict` fields of a classmethod (`layout` [`W_ClassMethod`]) or staticmethod.
pub fn wrapper_fields(
    layout: &metatrace_gc::Layout,
) -> (&'static metatrace_gc::FieldDescr, &'static metatrace_gc::FieldDescr) {
    if layout == W_ClassMethod::layout() {
        (&W_ClassMethod::FUNC, &W_ClassMethod::DICT)
    } else {
        (&W_StaticMethod::FUNC, &W_StaticMethod::DICT)
    }
}

/// `super(type, obj)`.
#[derive(GcObject)]
#[repr(C)]
pub struct W_Super {
    /// The object header.
    pub header: GcHeader,
    /// The class whose successor in the MRO of `obj` starts the lookup (set again by
    /// `super.__init__`, as the other fields).
    pub type_: GcRef,
    /// The object (or class) the lookup binds to, or null for an unbound `super(type)`.
    pub obj: GcRef,
    /// The type whose MRO is searched: `type(obj)`, or `obj` when it is a class; null when
    /// `obj` is.
    pub obj_type: GcRef,
}

/// `MAKE_FUNCTION` of constant code `code` (a [`crate::code::W_Code`]) in `frame`, in domain code
/// (so that a function made and called in a trace, a generator expression's, stays virtual). A
/// residual call when there are annotations or the globals have keys other than strs (the
/// `__module__` lookup may run Python code).
pub fn make_function_in<D: metatrace::domain::Domain>(
    d: &mut D,
    space: &Space,
    code: D::Ref,
    frame: D::Ref,
    defaults: D::Ref,
    kwdefaults: D::Ref,
    annotations: D::Ref,
    closure: D::Ref,
) -> Result<D::Ref, D::Ref> {
    use crate::frame::W_Frame;
    let globals = d.get_ref(frame, &W_Frame::GLOBALS);
    let module = match dict::get_str_versioned(d, globals, space.intern_static("__name__")) {
        Some(module) if d.is_null(annotations) => module,
        _ => return crate::runtime::make_function(d, code, frame, defaults, kwdefaults, annotations, closure),
    };
    let module = module.unwrap_or_else(|| d.const_ref(GcRef::NULL));
    let builtins = d.get_ref(frame, &W_Frame::BUILTINS);
    let parts = FunctionParts { globals, builtins, module, defaults, kwdefaults, closure };
    Ok(new_function(d, code, parts))
}

/// The fields of a new function that do not come from its code object.
pub struct FunctionParts<R> {
    /// The globals dict.
    pub globals: R,
    /// The builtins dict.
    pub builtins: R,
    /// `__module__`: the globals' `__name__`, or null.
    pub module: R,
    /// The positional defaults tuple, or null.
    pub defaults: R,
    /// The keyword-only defaults dict, or null.
    pub kwdefaults: R,
    /// The closure tuple of cells, or null.
    pub closure: R,
}

/// A new function of `code` (a [`crate::code::W_Code`], promoted: its name, qualified name and
/// docstring are constants of the trace) with `parts`.
pub fn new_function<D: metatrace::domain::Domain>(d: &mut D, code: D::Ref, parts: FunctionParts<D::Ref>) -> D::Ref {
    use crate::code::W_Code;
    let w_code = d.promote_ref(code);
    let c = Code::of(w_code);
    let f = d.new(W_Function::layout());
    let constants = [
        (&W_Function::CODE, w_code),
        (&W_Function::NAME, gc::get_ref(w_code, &W_Code::NAME)),
        (&W_Function::QUALNAME, gc::get_ref(w_code, &W_Code::QUALNAME)),
        (&W_Function::DOC, if c.object.docstring.is_some() { c.consts[0] } else { GcRef::NULL }),
    ];
    for (field, value) in constants {
        let value = d.const_ref(value);
        d.set_ref(f, field, value);
    }
    let fields = [
        (&W_Function::GLOBALS, parts.globals),
        (&W_Function::BUILTINS, parts.builtins),
        (&W_Function::DEFAULTS, parts.defaults),
        (&W_Function::KWDEFAULTS, parts.kwdefaults),
        (&W_Function::CLOSURE, parts.closure),
        (&W_Function::MODULE, parts.module),
    ];
    for (field, value) in fields {
        d.set_ref(f, field, value);
    }
    f
}

/// A new empty cell, or one holding `contents`.
pub fn new_cell(contents: GcRef) -> GcRef {
    let cell = metatrace_gc::alloc(W_Cell::layout());
    gc::set_ref(cell, &W_Cell::CONTENTS, contents);
    cell
}

/// A new bound method.
pub fn new_method(func: GcRef, self_: GcRef) -> GcRef {
    let m = metatrace_gc::alloc(W_Method::layout());
    gc::set_ref(m, &W_Method::FUNC, func);
    gc::set_ref(m, &W_Method::SELF_, self_);
    m
}

/// A new builtin function object for table entry `index`, bound to `self_` (or null).
pub fn new_builtin(index: usize, self_: GcRef) -> GcRef {
    let b = metatrace_gc::alloc(W_Builtin::layout());
    gc::set_i64(b, &W_Builtin::INDEX, index as i64);
    gc::set_ref(b, &W_Builtin::SELF_, self_);
    gc::set_i64(b, &W_Builtin::NEEDS_FRAME, i64::from(crate::builtins::defs()[index].frame));
    b
}

/// The `__qualname__` of a function, as Rust text.
pub fn qualname(func: GcRef) -> String {
    unicode::to_string_lossy(gc::get_ref(func, &W_Function::QUALNAME))
}

/// The positional arguments of a call: a few inline (on the stack, where the collector's
/// conservative scan sees them), more on the heap.
pub type Positional = smallvec::SmallVec<[GcRef; 6]>;

/// An empty [`Positional`] whose inline slots are nulls rather than whatever the stack held: the
/// collector scans those slots conservatively, and a stale reference there would keep a dead
/// object alive for as long as the call runs.
pub fn cleared_positional() -> Positional {
    positional_of(std::iter::empty())
}

/// A [`Positional`] of `values`, its unused inline slots nulls (see [`cleared_positional`]):
/// filled in place when they fit inline (a `SmallVec`'s pushes test its capacity each time).
#[inline(always)]
pub fn positional_of(values: impl ExactSizeIterator<Item = GcRef>) -> Positional {
    let len = values.len();
    let mut inline = [GcRef::NULL; 6];
    if len > inline.len() {
        return values.collect();
    }
    for (slot, value) in inline.iter_mut().zip(values) {
        *slot = value;
    }
    Positional::from_buf_and_len(inline, len)
}

/// Arguments of a call: positional values, then keyword names and values.
#[derive(Debug, Default)]
pub struct Args {
    /// The positional arguments.
    pub positional: Positional,
    /// The keyword arguments: (name, value), names are strs.
    pub keywords: Vec<(GcRef, GcRef)>,
}

/// A copy whose unused inline slots are nulls (see [`cleared_positional`]).
impl Clone for Args {
    fn clone(&self) -> Args {
        let mut positional = cleared_positional();
        positional.extend_from_slice(&self.positional);
        Args { positional, keywords: self.keywords.clone() }
    }
}

impl Args {
    /// Positional arguments only.
    pub fn positional(values: &[GcRef]) -> Args {
        let mut positional = cleared_positional();
        positional.extend_from_slice(values);
        Args { positional, keywords: Vec::new() }
    }

    /// Every reference the arguments hold, for rooting.
    pub fn refs(&self) -> Vec<GcRef> {
        self.positional.iter().copied().chain(self.keywords.iter().flat_map(|&(k, v)| [k, v])).collect()
    }
}

/// CPython's list of names in messages: `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'`.
fn name_list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [rest @ .., a, b] => format!("{}, {a}, and {b}", rest.join(", ")),
    }
}

fn type_error(space: &Space, message: String) -> GcRef {
    space.new_exception(ExcKind::TypeError, &message)
}

/// The values of the parameters of `func` for a call with `args`: one per parameter (positional,
/// keyword-only, then `*args` and `**kwargs` when the code has them), with CPython's errors.
pub fn bind_arguments(space: &Space, func: GcRef, args: &Args) -> PyResult<gc::RootedVec> {
    let code = Code::of(gc::get_ref(func, &W_Function::CODE));
    let co = &code.object;
    let name = QualName(func);
    let argcount = co.arg_count as usize;
    let kwonly = co.kwonly_arg_count as usize;
    let posonly = co.posonly_arg_count as usize;
    let varargs = co.flags.has(CodeFlags::VARARGS);
    let varkw = co.flags.has(CodeFlags::VARKEYWORDS);
    let total = argcount + kwonly;
    let mut slots: gc::RootedVec =
        std::iter::repeat_n(GcRef::NULL, total + usize::from(varargs) + usize::from(varkw)).collect();

    let given = args.positional.len();
    let n = given.min(argcount);
    slots[..n].copy_from_slice(&args.positional[..n]);
    if varargs {
        slots[total] = W_Tuple::from_slice(args.positional.get(n..).unwrap_or(&[]));
    }
    let kwdict = varkw.then(dict::new);
    if let Some(kw) = kwdict {
        slots[total + usize::from(varargs)] = kw;
    }
    let mut posonly_as_keyword = Vec::new();
    for &(key, value) in &args.keywords {
        let position = (posonly..total).find(|&i| unicode::eq(code.varnames[i], key));
        match position {
            Some(i) if !slots[i].is_null() => {
                let message = format!("{name}() got multiple values for argument '{}'", unicode::to_string_lossy(key));
                return Err(type_error(space, message));
            }
            Some(i) => slots[i] = value,
            None => match kwdict {
                Some(kw) => dict::set(kw, key, value)?,
                None if (0..posonly).any(|i| unicode::eq(code.varnames[i], key)) => {
                    posonly_as_keyword.push(unicode::to_string_lossy(key));
                }
                None => {
                    let message =
                        format!("{name}() got an unexpected keyword argument '{}'", unicode::to_string_lossy(key));
                    return Err(type_error(space, message));
                }
            },
        }
    }
    if !posonly_as_keyword.is_empty() {
        let message = format!(
            "{name}() got some positional-only arguments passed as keyword arguments: '{}'",
            posonly_as_keyword.join(", ")
        );
        return Err(type_error(space, message));
    }
    let defaults = gc::get_ref(func, &W_Function::DEFAULTS);
    let defaults = if defaults.is_null() { Vec::new() } else { W_Tuple::items(defaults) };
    if given > argcount && !varargs {
        let kwonly_given = slots[argcount..total].iter().filter(|s| !s.is_null()).count();
        let (sig, plural) = if defaults.is_empty() {
            (argcount.to_string(), argcount != 1)
        } else {
            (format!("from {} to {argcount}", argcount - defaults.len()), true)
        };
        let kwonly_sig = if kwonly_given > 0 {
            format!(
                " positional argument{} (and {kwonly_given} keyword-only argument{})",
                if given != 1 { "s" } else { "" },
                if kwonly_given != 1 { "s" } else { "" }
            )
        } else {
            String::new()
        };
        let message = format!(
            "{name}() takes {sig} positional argument{} but {given}{kwonly_sig} {} given",
            if plural { "s" } else { "" },
            if given == 1 && kwonly_given == 0 { "was" } else { "were" }
        );
        return Err(type_error(space, message));
    }
    let required = argcount - defaults.len().min(argcount);
    let missing: Vec<String> = (given.min(required)..required)
        .filter(|&i| slots[i].is_null())
        .map(|i| format!("'{}'", co.varnames[i]))
        .collect();
    if !missing.is_empty() {
        return Err(missing_error(space, &name, "positional", &missing));
    }
    for i in required..argcount {
        if slots[i].is_null() {
            slots[i] = defaults[i - required];
        }
    }
    let kwdefaults = gc::get_ref(func, &W_Function::KWDEFAULTS);
    let mut missing = Vec::new();
    for (i, slot) in slots.iter_mut().enumerate().take(total).skip(argcount) {
        if slot.is_null() {
            let default = if kwdefaults.is_null() { None } else { dict::get_str(kwdefaults, code.varnames[i]) };
            match default {
                Some(v) => *slot = v,
                None => missing.push(format!("'{}'", co.varnames[i])),
            }
        }
    }
    if !missing.is_empty() {
        return Err(missing_error(space, &name, "keyword-only", &missing));
    }
    Ok(slots)
}

/// A function's `__qualname__` for an error message, read only when a message is written.
struct QualName(GcRef);

impl std::fmt::Display for QualName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&qualname(self.0))
    }
}

fn missing_error(space: &Space, name: &QualName, kind: &str, missing: &[String]) -> GcRef {
    let message = format!(
        "{name}() missing {} required {kind} argument{}: {}",
        missing.len(),
        if missing.len() == 1 { "" } else { "s" },
        name_list(missing)
    );
    type_error(space, message)
}

/// The list that `obj` is as the receiver of a method of `list`: a list, or the value of an
/// instance of a subclass of list. `None` for anything else.
fn list_receiver<D: Domain>(d: &mut D, obj: D::Ref) -> Option<D::Ref> {
    let layout = d.layout_of(obj);
    if layout == W_List::layout() {
        return Some(obj);
    }
    if layout != W_Subclass::layout() {
        return None;
    }
    let value = d.get_ref(obj, &W_Subclass::VALUE);
    (d.layout_of(value) == W_List::layout()).then_some(value)
}

/// Whether `name` looked up on type `ty` is the builtin method `base.name` itself (not
/// overridden by a subclass): the lookup folds in a trace, so this costs no guard there.
pub(crate) fn inherits_builtin<D: Domain>(d: &mut D, ty: D::Ref, name: &'static str, base: &'static str) -> bool {
    let key = d.const_ref(Space::get().intern_static(name));
    let found = typeobject::lookup(d, ty, key);
    if d.is_null(found) || d.layout_of(found) != W_Builtin::layout() {
        return false;
    }
    let index = d.get_int(found, &W_Builtin::INDEX);
    let def = defs()[d.promote_int(index) as usize];
    def.name == name && matches!(def.owner, Owner::Type(owner) if owner == base)
}

/// `list.pop(list, i)` for an index other than the last.
fn list_pop_at_impl(list: GcRef, i: i64) -> GcRef {
    crate::runtime::raising(crate::list::pop(list, i), GcRef::NULL)
}

metatrace::residual! {
    /// `list.pop(i)` of a list and an int index.
    pub fn list_pop_at(list: Ref, i: Int) -> Ref;
    effect = Plain; can_raise = true; impl = list_pop_at_impl;
}

/// `list.remove(item)` of a list.
fn list_remove_impl(list: GcRef, item: GcRef) {
    crate::runtime::raising(crate::builtins::list_methods::remove(Space::get(), list, item), ())
}

metatrace::residual! {
    /// `list.remove(item)` of a list.
    pub fn list_remove(list: Ref, item: Ref) -> Void;
    effect = Plain; can_raise = true; impl = list_remove_impl;
}

metatrace::residual! {
    /// `list.insert(i, item)` of a list and a machine int index.
    pub fn list_insert(list: Ref, i: Int, item: Ref) -> Void;
    effect = Plain; can_raise = false; impl = crate::list::insert;
}

/// The number of bits of the absolute value of a machine int (`int.bit_length`).
fn bit_length_impl(v: i64) -> i64 {
    i64::from(64 - v.unsigned_abs().leading_zeros())
}

metatrace::residual! {
    /// `int.bit_length()` of a machine int.
    pub fn int_bit_length(v: Int) -> Int;
    effect = Elidable; can_raise = false; impl = bit_length_impl;
}

/// Whether objects of `layout` are exactly of one builtin type (the one the space maps the
/// layout to), so that `isinstance` can take their type from the layout.
fn names_one_type(layout: &'static metatrace_gc::Layout) -> bool {
    [
        W_Int::layout(),
        crate::int::W_Bool::layout(),
        crate::float::W_Float::layout(),
        crate::unicode::W_Str::layout(),
        W_List::layout(),
        W_Tuple::layout(),
        crate::dict::W_Dict::layout(),
    ]
    .contains(&layout)
}

/// `abs(x)` of an exact int (`x` itself when not negative, as CPython) or float, in domain
/// code; `None` for other objects.
fn abs<D: Domain>(d: &mut D, x: D::Ref) -> Result<Option<D::Ref>, D::Ref> {
    use metatrace::domain::{FloatUnary, IntOp};
    let layout = d.layout_of(x);
    if layout == W_Int::layout() {
        let v = d.get_int(x, &W_Int::VALUE);
        let zero = d.const_int(0);
        let negative = d.int_op(IntOp::Lt, v, zero);
        if !d.branch(negative) {
            return Ok(Some(x));
        }
        return crate::int::neg(d, v).map(Some);
    }
    if layout == crate::float::W_Float::layout() {
        let v = d.get_float(x, &crate::float::W_Float::VALUE);
        let v = d.float_unary(FloatUnary::Abs, v);
        return Ok(Some(crate::float::new_float(d, v)));
    }
    Ok(None)
}

/// What a call of a builtin definition does before (or instead of) its native code: one of the
/// hot builtins run in domain code ([`call_builtin`], [`crate::float::call_math`]) or nothing.
/// Classified once per definition ([`shortcut`]), so that a call compares no names.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Shortcut {
    /// None: the builtin's native code runs.
    Native,
    /// The unary function of `math` at this index of [`crate::modules::math::UNARY_FNS`].
    Math(u8),
    /// `len` (unbound functions of the builtins module from here to `Chr`).
    Len,
    /// `isinstance`.
    IsInstance,
    /// `min` of several arguments.
    Min,
    /// `max` of several arguments.
    Max,
    /// `abs`.
    Abs,
    /// `ord`.
    Ord,
    /// `chr`.
    Chr,
    /// `object.__init__`.
    ObjectInit,
    /// `int.bit_length`.
    IntBitLength,
    /// `int.__index__`, `__int__`, `__trunc__`, `__floor__`, `__ceil__` and `conjugate`, and
    /// `operator.index` (its argument is the receiver).
    IntIdentity,
    /// `dict.get`.
    DictGet,
    /// `set.add`.
    SetAdd,
    /// `list.append`.
    ListAppend,
    /// `list.remove`.
    ListRemove,
    /// `list.insert`.
    ListInsert,
    /// `list.pop`.
    ListPop,
    /// `generator.send`.
    GeneratorSend,
    /// The `add_pair` of the consumers' loops ([`crate::consume`]).
    AddPair,
    /// `_random._genrand32`.
    Genrand32,
}

impl Shortcut {
    /// The shortcut of `def`.
    fn of(def: &BuiltinDef) -> Shortcut {
        if let Owner::Native("math") = def.owner {
            let which = crate::modules::math::UNARY_FNS.iter().position(|f| f.name == def.name);
            return which.map_or(Shortcut::Native, |i| Shortcut::Math(i as u8));
        }
        match (def.owner, def.name) {
            (Owner::Module, "len") => Shortcut::Len,
            (Owner::Module, "isinstance") => Shortcut::IsInstance,
            (Owner::Module, "min") => Shortcut::Min,
            (Owner::Module, "max") => Shortcut::Max,
            (Owner::Module, "abs") => Shortcut::Abs,
            (Owner::Module, "ord") => Shortcut::Ord,
            (Owner::Module, "chr") => Shortcut::Chr,
            (Owner::Type("object"), "__init__") => Shortcut::ObjectInit,
            (Owner::Type("int"), "bit_length") => Shortcut::IntBitLength,
            (Owner::Type("int"), "__index__" | "__int__" | "__trunc__" | "__floor__" | "__ceil__" | "conjugate")
            | (Owner::Native("_operator"), "index") => Shortcut::IntIdentity,
            (Owner::Type("dict"), "get") => Shortcut::DictGet,
            (Owner::Type("set"), "add") => Shortcut::SetAdd,
            (Owner::Type("list"), "append") => Shortcut::ListAppend,
            (Owner::Type("list"), "remove") => Shortcut::ListRemove,
            (Owner::Type("list"), "insert") => Shortcut::ListInsert,
            (Owner::Type("list"), "pop") => Shortcut::ListPop,
            (Owner::Type("generator"), "send") => Shortcut::GeneratorSend,
            (Owner::Native("_consume_loops"), "add_pair") => Shortcut::AddPair,
            (Owner::Native("_random"), "_genrand32") => Shortcut::Genrand32,
            _ => Shortcut::Native,
        }
    }

    /// Whether this is a shortcut of an unbound function of the builtins module.
    fn of_module(self) -> bool {
        matches!(
            self,
            Shortcut::Len
                | Shortcut::IsInstance
                | Shortcut::Min
                | Shortcut::Max
                | Shortcut::Abs
                | Shortcut::Ord
                | Shortcut::Chr
        )
    }
}

/// The shortcut of builtin `callable` (a `W_Builtin`), in domain code (the definition is a
/// constant of a trace).
pub fn shortcut<D: Domain>(d: &mut D, callable: D::Ref) -> Shortcut {
    static ALL: std::sync::OnceLock<Vec<Shortcut>> = std::sync::OnceLock::new();
    let index = d.get_int(callable, &W_Builtin::INDEX);
    let index = d.promote_int(index) as usize;
    ALL.get_or_init(|| defs().iter().map(|def| Shortcut::of(def)).collect())[index]
}

/// Whether `hook`, the attribute `name` (`__getattribute__`, `__setattr__`) of a type, is the
/// builtin of that name (`object.__setattr__`) rather than another builtin a class assigned
/// under it (`__setattr__ = dict.__setitem__`): the hooks the generic fast paths stand for.
pub fn is_builtin_hook<D: Domain>(d: &mut D, hook: D::Ref, name: &str) -> bool {
    if d.layout_of(hook) != W_Builtin::layout() {
        return false;
    }
    let index = d.get_int(hook, &W_Builtin::INDEX);
    defs()[d.promote_int(index) as usize].name == name
}

/// `callable(*args)` for the builtins that traces should see through, in domain code: `len`
/// and `isinstance` of the common cases, `min`/`max` of two to four arguments, `abs` of an int
/// or float, `ord`, `chr`, `int.bit_length`, `int.__index__`, `operator.index` and the other
/// identities of an exact int, `dict.get` of a dict, `set.add` of a set, and
/// `list.append`, `list.pop`, `list.remove`, `list.insert` of a list or a list subclass's value,
/// `generator.send` of a generator or coroutine suspended at a resume point, and
/// `_random._genrand32` (`args` start with the receiver of an unbound method, or the argument of
/// `operator.index` and `_genrand32`; `list.remove`, `list.insert` and `_genrand32` are one
/// residual call each), `shortcut` being `callable`'s. `None` when the general call must run.
pub fn call_builtin<D: Domain<Lang = Ripy>>(
    d: &mut D,
    space: &'static Space,
    callable: D::Ref,
    shortcut: Shortcut,
    args: &[D::Ref],
) -> Result<Option<D::Ref>, D::Ref> {
    // (`Math` never comes here: `protocol::call_other` gives it to `float::call_math`.)
    if matches!(shortcut, Shortcut::Native | Shortcut::AddPair) {
        return Ok(None);
    }
    let bound = d.get_ref(callable, &W_Builtin::SELF_);
    let bound = (!d.is_null(bound)).then_some(bound);
    if shortcut.of_module() {
        if bound.is_some() {
            return Ok(None);
        }
        return match (shortcut, args) {
            (Shortcut::Len, &[obj]) => {
                let mut target = obj;
                if d.layout_of(obj) == W_Subclass::layout() {
                    let Some(list) = list_receiver(d, obj) else { return Ok(None) };
                    let ty = crate::mapdict::promoted_type(d, obj, &crate::subclass::FIELDS);
                    if !inherits_builtin(d, ty, "__len__", "list") {
                        return Ok(None);
                    }
                    target = list;
                }
                let n = protocol::len(d, target)?;
                Ok(Some(new_int(d, n)))
            }
            (Shortcut::IsInstance, &[obj, cls]) => {
                // Only for instances of user classes, whose type is their `type_` field, and
                // objects of the exact builtin layouts that name one type (the layouts of other
                // builtin objects do not all name their type).
                let layout = d.layout_of(obj);
                if crate::mapdict::instance_fields(layout).is_none() && !names_one_type(layout) {
                    return Ok(None);
                }
                let r = protocol::isinstance(d, space, obj, cls)?;
                Ok(Some(bool_obj(d, space, r)))
            }
            (Shortcut::Min | Shortcut::Max, [first, rest @ ..]) if (1..=3).contains(&rest.len()) => {
                // CPython's `min_max` over its arguments: an item replaces the best so far when
                // `item < best` (`>` for max) is true.
                let op = if shortcut == Shortcut::Min { CmpOp::Lt } else { CmpOp::Gt };
                let mut best = *first;
                for &item in rest {
                    let better = protocol::compare(d, space, op, item, best)?;
                    let better = protocol::truthy(d, better)?;
                    if d.branch(better) {
                        best = item;
                    }
                }
                Ok(Some(best))
            }
            (Shortcut::Abs, &[x]) => abs(d, x),
            (Shortcut::Ord, &[obj]) => Ok(crate::bytes::ord(d, obj).or_else(|| unicode::ord(d, obj))),
            (Shortcut::Chr, &[i]) => Ok(unicode::chr(d, space, i)),
            _ => Ok(None),
        };
    }
    let (receiver, rest) = match (bound, args) {
        (Some(receiver), rest) => (receiver, rest),
        (None, [receiver, rest @ ..]) => (*receiver, rest),
        (None, []) => return Ok(None),
    };
    match (shortcut, rest) {
        // `object.__init__(self)` (a `super().__init__()` reaching `object`) does nothing.
        (Shortcut::ObjectInit, []) => Ok(Some(d.const_ref(space.none))),
        // An exact int is its own value (CPython's `long_long`); other receivers run the native code.
        (Shortcut::IntIdentity, []) => Ok((d.layout_of(receiver) == W_Int::layout()).then_some(receiver)),
        (Shortcut::IntBitLength, []) => {
            if d.layout_of(receiver) != W_Int::layout() {
                return Ok(None);
            }
            let v = d.get_int(receiver, &W_Int::VALUE);
            let n = int_bit_length(d, v).unwrap_or_else(|_| unreachable!("int_bit_length cannot raise"));
            Ok(Some(new_int(d, n)))
        }
        (Shortcut::DictGet, [key, default @ ..]) => {
            if default.len() > 1 || d.layout_of(receiver) != crate::dict::W_Dict::layout() {
                return Ok(None);
            }
            Ok(Some(match crate::dict::get_item(d, receiver, *key)? {
                Some(value) => value,
                None => default.first().copied().unwrap_or_else(|| d.const_ref(space.none)),
            }))
        }
        (Shortcut::SetAdd, &[item]) => {
            if d.layout_of(receiver) != crate::set::W_Set::layout() {
                return Ok(None);
            }
            let add = d.const_int(0);
            crate::runtime::collection_update(d, add, receiver, item)?;
            Ok(Some(d.const_ref(space.none)))
        }
        (Shortcut::ListAppend | Shortcut::ListRemove | Shortcut::ListInsert | Shortcut::ListPop, _) => {
            let Some(list) = list_receiver(d, receiver) else { return Ok(None) };
            list_method(d, space, shortcut, list, rest)
        }
        (Shortcut::GeneratorSend, &[value]) => {
            if d.layout_of(receiver) != generator::W_Generator::layout() {
                return Ok(None);
            }
            generator::send_in(d, space, receiver, value)
        }
        (Shortcut::Genrand32, []) => {
            let v = crate::modules::random::genrand32_call(d, receiver)?;
            Ok(Some(new_int(d, v)))
        }
        _ => Ok(None),
    }
}

/// The `list` method of `shortcut` called on `list` (a `W_List`) with `rest`, in domain code, or
/// `None` when the general call must run.
fn list_method<D: Domain<Lang = Ripy>>(
    d: &mut D,
    space: &'static Space,
    shortcut: Shortcut,
    list: D::Ref,
    rest: &[D::Ref],
) -> Result<Option<D::Ref>, D::Ref> {
    match (shortcut, rest) {
        (Shortcut::ListAppend, &[item]) => {
            crate::list::append_item(d, list, item)?;
            Ok(Some(d.const_ref(space.none)))
        }
        (Shortcut::ListRemove, &[item]) => {
            list_remove(d, list, item)?;
            Ok(Some(d.const_ref(space.none)))
        }
        (Shortcut::ListInsert, &[i, item]) if d.layout_of(i) == W_Int::layout() => {
            let i = d.get_int(i, &W_Int::VALUE);
            list_insert(d, list, i, item).unwrap_or_else(|_| unreachable!("list_insert cannot raise"));
            Ok(Some(d.const_ref(space.none)))
        }
        (Shortcut::ListPop, []) => crate::list::pop_last(d, list).map(Some),
        (Shortcut::ListPop, &[i]) if d.layout_of(i) == W_Int::layout() => {
            let i = d.get_int(i, &W_Int::VALUE);
            list_pop_at(d, list, i).map(Some)
        }
        _ => Ok(None),
    }
}

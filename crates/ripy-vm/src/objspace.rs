//! The object protocol in native code: the complete implementations behind the residual slow
//! paths of [`crate::protocol`], and the operations native code (builtins, `repr` of containers,
//! dict lookups with user keys) needs on any object.
//!
//! A Python-level dunder method (a function defined in a class) is called through the
//! interpreter ([`call`], which runs [`crate::protocol::call`] in a `Concrete` domain), so user
//! `__add__`, `__eq__`, `__hash__`, `__repr__`, `__len__`, `__iter__`, `__getitem__`, ... work
//! wherever the builtin behaviour would apply. Every function here reports Python errors as
//! `Err(exception)`; the residual wrappers hand them to the JIT's pending-exception slot.

use crate::bigint::{self, W_Long};
use crate::builtins;
use crate::bytes::W_Bytes;
use crate::code::{Code, W_Code};
use crate::compare;
use crate::dict::{self, W_Dict};
use crate::exceptions::{ExcKind, Fault, W_Exception};
use crate::float::{heap_float, W_Float};
use crate::format;
use crate::frame::{from_native, Caller};
use crate::function::{
    self, Args, W_Builtin, W_ClassMethod, W_Function, W_Method, W_Property, W_StaticMethod, W_Super,
};
use crate::gc;
use crate::generator;
use crate::hash;
use crate::int::{heap_int, W_Bool, W_Int};
use crate::interp::with_concrete;
use crate::iter::{self, W_DictKeys, W_Range, W_Slice};
use crate::list::{self, W_List};
use crate::mapdict::{self, W_Instance};
use crate::ops::{BinOp, CmpOp};
use crate::protocol;
use crate::repr;
use crate::runtime::raising;
use crate::set;
use crate::space::{PyResult, Space};
use crate::storage::RefArray;
use crate::tuple::W_Tuple;
use crate::typeobject::{self, W_Type};
use crate::unicode::{self, W_Str};
use metatrace_gc::{GcObject, GcRef, Layout};

/// A residual function's reference result (null when it raised).
fn raising_ref(r: PyResult<GcRef>) -> GcRef {
    raising(r, GcRef::NULL)
}

fn type_error(message: String) -> GcRef {
    Space::get().new_exception(ExcKind::TypeError, &message)
}

/// Whether `obj` is an instance with a map (of a user class, or an exception).
pub fn is_instance_like(obj: GcRef) -> bool {
    mapdict::instance_fields(obj.layout()).is_some()
}

/// Whether class `ty` was made by a class statement or `type(...)`.
fn is_heap_type(ty: GcRef) -> bool {
    gc::get_i64(ty, &W_Type::FLAGS) & typeobject::flags::HEAPTYPE != 0
}

/// The type name of `obj`.
fn tname(obj: GcRef) -> String {
    Space::get().type_name(obj)
}

// ----- calls -----

/// `callable(*args)`.
pub fn call(callable: GcRef, args: &[GcRef]) -> PyResult<GcRef> {
    let space = Space::get();
    let _rooted = metatrace_gc::root_slice(args);
    call_from_native(space, callable, args, GcRef::NULL)
}

/// `callable(*args)` with `kwnames` naming the last arguments, from native code: a Python
/// function's frame gets the frame of the builtin running it, if that builtin needs its
/// caller's frame, as `f_back` (see [`crate::frame`]).
fn call_from_native(space: &'static Space, callable: GcRef, args: &[GcRef], kwnames: GcRef) -> PyResult<GcRef> {
    let function = |f: GcRef| f.layout() == W_Function::layout();
    let python = function(callable)
        || (callable.layout() == W_Method::layout() && function(gc::get_ref(callable, &W_Method::FUNC)));
    let run = |back: GcRef| {
        with_concrete(|d| protocol::call(d, space, Caller { frame: back, pc: None }, callable, args, kwnames))
    };
    if python {
        from_native(run)
    } else {
        run(crate::frame::native_caller())
    }
}

/// `callable(*args.positional, **args.keywords)`.
pub fn call_args(callable: GcRef, args: &Args) -> PyResult<GcRef> {
    if args.keywords.is_empty() {
        return call(callable, &args.positional);
    }
    let space = Space::get();
    // The arguments may be held only in `args`' heap buffers (the keywords, and the positional
    // arguments beyond the inline ones): rooted while the names' tuple is made.
    let held = args.refs();
    let _rooted_args = metatrace_gc::root_slice(&held);
    let names: Vec<GcRef> = args.keywords.iter().map(|&(k, _)| k).collect();
    let kwnames = W_Tuple::from_slice(&names);
    let values: Vec<GcRef> = args.positional.iter().copied().chain(args.keywords.iter().map(|&(_, v)| v)).collect();
    let _rooted = metatrace_gc::root_slice(&values);
    call_from_native(space, callable, &values, kwnames)
}

/// The arguments of a residual call: a tuple (or null for none) whose last `len(kwnames)` items
/// are keyword arguments.
fn unpack_args(args: GcRef, kwnames: GcRef) -> Args {
    let count = |t: GcRef| if t.is_null() { 0 } else { gc::len(t, &W_Tuple::ITEMS) };
    let split = count(args) - count(kwnames);
    let mut positional = function::cleared_positional();
    // The nulls that `resize` writes are overwritten at once, checked once for the whole range.
    positional.resize(split, GcRef::NULL);
    if split > 0 {
        metatrace_gc::heap::read_ref_items(args, &W_Tuple::ITEMS, 0, &mut positional);
    }
    let keywords = if kwnames.is_null() {
        Vec::new()
    } else {
        let value = |i: usize| gc::item_ref(args, &W_Tuple::ITEMS, i);
        (0..count(kwnames)).map(|k| (gc::item_ref(kwnames, &W_Tuple::ITEMS, k), value(split + k))).collect()
    };
    Args { positional, keywords }
}

/// A call of anything but a Python function (which [`crate::protocol::call`] handles).
pub fn call_object(callable: GcRef, args: &Args) -> PyResult<GcRef> {
    let space = Space::get();
    let layout = callable.layout();
    if layout == W_Function::layout() {
        return call_args(callable, args);
    }
    if layout == W_Method::layout() {
        let mut bound = args.clone();
        bound.positional.insert(0, gc::get_ref(callable, &W_Method::SELF_));
        return call_args(gc::get_ref(callable, &W_Method::FUNC), &bound);
    }
    if layout == W_Builtin::layout() {
        let self_ = gc::get_ref(callable, &W_Builtin::SELF_);
        let index = gc::get_i64(callable, &W_Builtin::INDEX) as usize;
        if self_.is_null() {
            return builtins::call(space, index, args);
        }
        let mut bound = args.clone();
        bound.positional.insert(0, self_);
        return builtins::call(space, index, &bound);
    }
    if layout == W_Type::layout() {
        return call_type(space, callable, args);
    }
    if layout == W_StaticMethod::layout() {
        return call_args(gc::get_ref(callable, &W_StaticMethod::FUNC), args);
    }
    if let Some(f) = lookup_user_interned(callable, Space::get().intern_static("__call__")) {
        return recursive_call(" while calling a Python object", || call_bound(f, callable, args));
    }
    Err(type_error(format!("'{}' object is not callable", tname(callable))))
}

/// `cls(*args)`.
fn call_type(space: &'static Space, cls: GcRef, args: &Args) -> PyResult<GcRef> {
    if cls == space.type_type && args.positional.len() == 1 && args.keywords.is_empty() {
        return Ok(space.type_of(args.positional[0]));
    }
    let meta = space.type_of(cls);
    if meta != space.type_type {
        if let Some(call) = user_lookup_on(meta, "__call__") {
            return call_bound(call, cls, args);
        }
    }
    type_call(space, cls, args)
}

/// `type.__call__(cls, *args, **kwargs)`: `cls.__new__`, then, on an instance of `cls` (or of
/// a subclass), the `__init__` of the instance's type.
pub fn type_call(space: &'static Space, cls: GcRef, args: &Args) -> PyResult<GcRef> {
    if let Some(result) = builtins::construct(space, cls, args) {
        return result;
    }
    let obj = match user_lookup_interned(cls, space.intern_static("__new__")) {
        Some(new) => {
            let mut with_cls = args.clone();
            with_cls.positional.insert(0, cls);
            // As CPython's `slot_tp_new`, `__new__` as the class gives it (a classmethod binds).
            let new = class_access(new, cls)?;
            let obj = call_args(new, &with_cls)?;
            if !typeobject::is_subtype(space.type_of(obj), cls) {
                return Ok(obj);
            }
            obj
        }
        None => match typeobject::instance_layout(cls) {
            typeobject::InstanceLayout::Exception => crate::modules::gc::track_del(
                cls,
                crate::exceptions::instantiate(space, cls, &args.positional, &args.keywords, true)?,
            ),
            typeobject::InstanceLayout::Instance => {
                typeobject::check_not_abstract(space, cls)?;
                crate::modules::gc::track_del(cls, mapdict::new_object(W_Instance::layout(), cls))
            }
            typeobject::InstanceLayout::Type => typeobject::type_new_args(space, cls, args)?,
            typeobject::InstanceLayout::Subclass => {
                crate::subclass::new(space, crate::subclass::builtin_base(cls), cls, args)?
            }
            typeobject::InstanceLayout::Builtin => {
                return Err(type_error(format!("cannot create '{}' instances", typeobject::name(cls))))
            }
        },
    };
    // `__new__` may return an instance of a subclass: its type's `__init__` runs (CPython's
    // `type_call` calls `Py_TYPE(obj)->tp_init`).
    let cls = space.type_of(obj);
    let init = user_lookup_interned(cls, space.intern_static("__init__")).or_else(|| {
        // Exceptions other than OSErrors run BaseException.__init__ (which sets `args`) after a
        // user `__new__`; subclasses of builtin types their base's `__init__` (`list.__init__`
        // fills the list).
        let layout = typeobject::instance_layout(cls);
        let exception = layout == typeobject::InstanceLayout::Exception;
        let user_new = user_lookup_on(cls, "__new__").is_some();
        let builtin_init = typeobject::lookup_where(cls, space.intern("__init__")).map(|(_, v)| v);
        match layout {
            typeobject::InstanceLayout::Subclass => builtin_init.filter(|&v| {
                let object_init =
                    dict::get_str(gc::get_ref(space.object_type, &W_Type::DICT), space.intern("__init__"));
                Some(v) != object_init
            }),
            // `OSError.__init__` does nothing when `__new__` is overridden (CPython's
            // `oserror_use_init`): that `__new__` gave `OSError.__new__` its arguments.
            _ if exception && user_new && !typeobject::is_subtype(cls, space.exception_type(ExcKind::OSError)) => {
                builtin_init
            }
            _ => None,
        }
    });
    match init {
        Some(init) => {
            let result = call_bound(init, obj, args)?;
            if result != space.none {
                return Err(init_not_none_impl(result));
            }
        }
        None => {
            let takes_no_arguments = typeobject::instance_layout(cls) == typeobject::InstanceLayout::Instance
                && user_lookup_on(cls, "__new__").is_none();
            if takes_no_arguments && (!args.positional.is_empty() || !args.keywords.is_empty()) {
                return Err(type_error(format!("{}() takes no arguments", typeobject::name(cls))));
            }
        }
    }
    Ok(obj)
}

fn call_slow_impl(callable: GcRef, args: GcRef, kwnames: GcRef) -> GcRef {
    let result = call_object(callable, &unpack_args(args, kwnames));
    gc::keep_alive(&[callable, args, kwnames]);
    raising_ref(result)
}

metatrace::residual! {
    /// A call of anything but a Python function: `args` a tuple or null, `kwnames` a tuple or null.
    pub fn call_slow(callable: Ref, args: Ref, kwnames: Ref) -> Ref;
    effect = Plain; can_raise = true; impl = call_slow_impl;
}

fn call_with_frame_impl(callable: GcRef, args: GcRef, kwnames: GcRef, frame: GcRef) -> GcRef {
    let result = crate::frame::with_native_caller(frame, || call_object(callable, &unpack_args(args, kwnames)));
    gc::keep_alive(&[callable, args, kwnames, frame]);
    raising_ref(result)
}

metatrace::residual! {
    /// A call of a builtin that needs its caller's frame (`locals()`, `sys._getframe()`, ...),
    /// made by `frame`: the frames are written back first, and `frame` escapes.
    pub fn call_with_frame(callable: Ref, args: Ref, kwnames: Ref, frame: Ref) -> Ref;
    effect = MayForce; can_raise = true; impl = call_with_frame_impl;
}

fn bind_into_impl(func: GcRef, array: GcRef, args: GcRef, kwnames: GcRef) {
    let slots = function::bind_arguments(Space::get(), func, &unpack_args(args, kwnames));
    gc::keep_alive(&[func, args, kwnames]);
    let slots = raising(slots.map(Some), None);
    for (i, v) in slots.into_iter().flatten().enumerate() {
        gc::set_item_ref(array, &RefArray::ITEMS, i, v);
    }
}

metatrace::residual! {
    /// Bind the arguments of a call of Python function `func` into the first slots of `array`.
    pub fn bind_into(func: Ref, array: Ref, args: Ref, kwnames: Ref) -> Void;
    effect = Plain; can_raise = true; impl = bind_into_impl;
}

/// The native stack a thread keeps in reserve: below it, native recursion (calls of objects
/// through `__call__`, reprs of nested containers) raises `RecursionError` instead of overflowing.
/// Small enough for threads with Rust's default 2 MiB stack (tests, `_thread` threads); ripy's
/// main interpreter thread has a large stack.
const NATIVE_STACK_RESERVE: usize = 512 << 10;

/// Run `f` one level deeper in the count of the recursion limit, as CPython's
/// `Py_EnterRecursiveCall(context)`: `RecursionError: maximum recursion depth exceeded` followed
/// by `context` when the limit is reached or the native stack is nearly exhausted.
pub fn recursive_call<T>(context: &str, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    let space = Space::get();
    let ec = space.exec_state;
    let depth = gc::get_i64(ec, &crate::frame::W_ExecState::DEPTH);
    let low_stack = stacker::remaining_stack().is_some_and(|left| left < NATIVE_STACK_RESERVE);
    if low_stack || depth >= gc::get_i64(ec, &crate::frame::W_ExecState::LIMIT) {
        let message = format!("maximum recursion depth exceeded{context}");
        return Err(space.new_exception(ExcKind::RecursionError, &message));
    }
    gc::set_i64(ec, &crate::frame::W_ExecState::DEPTH, depth + 1);
    let result = f();
    gc::set_i64(ec, &crate::frame::W_ExecState::DEPTH, depth);
    result
}

fn recursion_error_impl() -> GcRef {
    Space::get().new_exception(ExcKind::RecursionError, "maximum recursion depth exceeded")
}

metatrace::residual! {
    /// `RecursionError: maximum recursion depth exceeded`.
    pub fn recursion_error() -> Ref;
    effect = Plain; can_raise = false; impl = recursion_error_impl;
}

fn init_not_none_impl(result: GcRef) -> GcRef {
    type_error(format!("__init__() should return None, not '{}'", tname(result)))
}

metatrace::residual! {
    /// `TypeError: __init__() should return None, not 'int'`.
    pub fn init_not_none(result: Ref) -> Ref;
    effect = Plain; can_raise = false; impl = init_not_none_impl;
}

/// `name` looked up on type `ty` when a Python-level definition provides it: not a builtin type's
/// own builtin (a builtin function stored in a class, as `__str__ = int.__repr__`, counts).
/// The answer is cached by (version tag, name) (see [`crate::lookup_cache::USER_LOOKUPS`]).
pub fn user_lookup_on(ty: GcRef, name: &str) -> Option<GcRef> {
    user_lookup_interned(ty, Space::get().intern(name))
}

/// [`user_lookup_on`] with the name already an interned str (callers on hot paths intern it
/// once, with `Space::intern_static`).
pub fn user_lookup_interned(ty: GcRef, name: GcRef) -> Option<GcRef> {
    let version = gc::get_ref(ty, &W_Type::VERSION);
    let lookup = || {
        let user = |(owner, found): &(GcRef, GcRef)| {
            found.layout() != W_Builtin::layout()
                || gc::get_i64(*owner, &W_Type::FLAGS) & typeobject::flags::HEAPTYPE != 0
        };
        typeobject::lookup_where(ty, name).filter(user).map_or(GcRef::NULL, |(_, found)| found)
    };
    let found = if version.is_null() {
        lookup()
    } else {
        crate::lookup_cache::USER_LOOKUPS.with(|cache| cache.get_or_insert_with(version, name, lookup))
    };
    (!found.is_null()).then_some(found)
}

/// `name` looked up on the type of `obj` when a Python-level definition provides it.
pub fn lookup_user(obj: GcRef, name: &str) -> Option<GcRef> {
    if !is_instance_like(obj) && obj.layout() != W_Type::layout() {
        return None;
    }
    user_lookup_on(Space::get().type_of(obj), name)
}

/// [`lookup_user`] with the name already an interned str.
pub fn lookup_user_interned(obj: GcRef, name: GcRef) -> Option<GcRef> {
    if !is_instance_like(obj) && obj.layout() != W_Type::layout() {
        return None;
    }
    user_lookup_interned(Space::get().type_of(obj), name)
}

/// Call `attr`, found on the type of `obj`, as a method of `obj`.
pub fn call_bound(attr: GcRef, obj: GcRef, args: &Args) -> PyResult<GcRef> {
    let layout = attr.layout();
    let mut bound = args.clone();
    if layout == W_StaticMethod::layout() {
        return call_args(gc::get_ref(attr, &W_StaticMethod::FUNC), args);
    }
    if layout == W_ClassMethod::layout() {
        let cls = Space::get().type_of(obj);
        let func = gc::get_ref(attr, &W_ClassMethod::FUNC);
        if func.layout() != W_Function::layout() {
            return call_args(classmethod_bind(attr, cls)?, args);
        }
        bound.positional.insert(0, cls);
        return call_args(func, &bound);
    }
    if layout == W_Builtin::layout() {
        // Only an unbound method of a class takes `obj`: a module's function is never bound.
        let index = gc::get_i64(attr, &W_Builtin::INDEX) as usize;
        let unbound = gc::get_ref(attr, &W_Builtin::SELF_).is_null() && crate::builtins::is_method(index);
        if unbound {
            bound.positional.insert(0, obj);
            if !args.positional.is_empty() && gc::get_i64(attr, &W_Builtin::NEEDS_FRAME) == 0 {
                // A native method (a class's `__init__` or `__call__` written in Rust) that takes
                // no frame, with arguments after `obj` (so not an iterator it would step, see
                // `protocol::call_other`): called as it is, without a domain to run it in.
                return builtins::call(Space::get(), index, &bound);
            }
        }
        return call_args(attr, &bound);
    }
    if layout == W_Function::layout() {
        bound.positional.insert(0, obj);
        return call_args(attr, &bound);
    }
    call_args(bind_special(attr, obj)?, args)
}

/// `attr`, found on the type of `obj` and neither a function nor a static or class method,
/// bound to `obj` as special method lookup does: a property gives its getter's value, any other
/// descriptor (a class defining `__get__`) what its `__get__` returns.
fn bind_special(attr: GcRef, obj: GcRef) -> PyResult<GcRef> {
    if attr.layout() == W_Property::layout() {
        return instance_access(attr, obj);
    }
    match lookup_user(attr, "__get__") {
        Some(get) => call_bound(get, attr, &Args::positional(&[obj, Space::get().type_of(obj)])),
        None => Ok(attr),
    }
}

/// Call the method `name` of `obj` with `args` if its type defines it in Python.
fn call_user(obj: GcRef, name: &str, args: &[GcRef]) -> Option<PyResult<GcRef>> {
    lookup_user(obj, name).map(|f| call_bound(f, obj, &Args::positional(args)))
}

// ----- attributes -----

/// `obj.name`.
pub fn getattr(obj: GcRef, name: GcRef) -> PyResult<GcRef> {
    let space = Space::get();
    let name = space.intern_str(name);
    with_concrete(|d| protocol::getattr(d, space, obj, name))
}

/// `obj.name = value`.
pub fn setattr(obj: GcRef, name: GcRef, value: GcRef) -> PyResult<()> {
    let space = Space::get();
    let name = space.intern_str(name);
    with_concrete(|d| protocol::setattr(d, space, obj, name, value))
}

/// The value of `attr` found on a type, accessed through the class `cls` itself.
fn class_access(attr: GcRef, cls: GcRef) -> PyResult<GcRef> {
    let layout = attr.layout();
    if layout == W_ClassMethod::layout() {
        classmethod_bind(attr, cls)
    } else if layout == W_StaticMethod::layout() {
        Ok(gc::get_ref(attr, &W_StaticMethod::FUNC))
    } else {
        Ok(attr)
    }
}

/// Classmethod `cm` accessed through class `cls`: its callable bound to `cls`, or, when the
/// callable is itself a descriptor (a user object with `__get__`, a classmethod, a
/// staticmethod), what its `__get__(cls, cls)` gives, as CPython 3.9 to 3.12 chain them.
pub fn classmethod_bind(cm: GcRef, cls: GcRef) -> PyResult<GcRef> {
    let func = gc::get_ref(cm, &W_ClassMethod::FUNC);
    let layout = func.layout();
    if layout == W_ClassMethod::layout() {
        return classmethod_bind(func, cls);
    }
    if layout == W_StaticMethod::layout() {
        return Ok(gc::get_ref(func, &W_StaticMethod::FUNC));
    }
    if crate::subclass::descriptor(func).layout() == W_Property::layout() {
        return instance_access(crate::subclass::descriptor(func), cls);
    }
    match user_getter(func) {
        Some(get) => call_bound(get, func, &Args::positional(&[cls, cls])),
        None => Ok(function::new_method(func, cls)),
    }
}

/// The value of `attr` found on the type of `obj`, accessed through `obj`.
fn instance_access(attr: GcRef, obj: GcRef) -> PyResult<GcRef> {
    let layout = attr.layout();
    Ok(if layout == W_Function::layout() {
        function::new_method(attr, obj)
    } else if layout == W_Builtin::layout()
        && gc::get_ref(attr, &W_Builtin::SELF_).is_null()
        && builtins::is_method(gc::get_i64(attr, &W_Builtin::INDEX) as usize)
    {
        function::new_builtin(gc::get_i64(attr, &W_Builtin::INDEX) as usize, obj)
    } else if layout == W_ClassMethod::layout() {
        classmethod_bind(attr, Space::get().type_of(obj))?
    } else if layout == W_StaticMethod::layout() {
        gc::get_ref(attr, &W_StaticMethod::FUNC)
    } else if layout == W_Super::layout() && gc::get_ref(attr, &W_Super::OBJ).is_null() {
        // An unbound `super(C)` found on a class binds to the instance (`super.__get__`).
        call(Space::get().runtime_type("super"), &[gc::get_ref(attr, &W_Super::TYPE_), obj])?
    } else if layout == W_Property::layout() {
        let fget = gc::get_ref(attr, &W_Property::FGET);
        if fget.is_null() {
            return Err(property_missing(attr, obj, "getter"));
        }
        call(fget, &[obj])?
    } else {
        attr
    })
}

/// The `AttributeError` of using the missing `accessor` ("getter", "setter", "deleter") of the
/// property `prop` (or an instance of a subclass) on `obj`, in CPython's words: "property 'x' of
/// 'C' object has no setter", with the name `__set_name__` gave and the class's qualified name.
pub fn property_missing(prop: GcRef, obj: GcRef, accessor: &str) -> GcRef {
    let space = Space::get();
    let prop = crate::subclass::descriptor(prop);
    let qualname = repr(gc::get_ref(space.type_of(obj), &W_Type::QUALNAME)).unwrap_or_default();
    let name = gc::get_ref(prop, &W_Property::NAME);
    let message = if name.is_null() {
        format!("property of {qualname} object has no {accessor}")
    } else {
        format!("property {} of {qualname} object has no {accessor}", repr(name).unwrap_or_default())
    };
    space.new_exception(ExcKind::AttributeError, &message)
}

/// Null as None.
fn or_none(v: GcRef) -> GcRef {
    if v.is_null() {
        Space::get().none
    } else {
        v
    }
}

/// Whether `f` has a true `__isabstractmethod__` (what descriptors wrapping it report).
fn is_abstract(f: GcRef) -> PyResult<bool> {
    match getattr(f, Space::get().intern("__isabstractmethod__")) {
        Ok(v) => truthy(v),
        Err(e) if is_attribute_error(e) => Ok(false),
        Err(e) => Err(e),
    }
}

/// The attributes objects have without a type lookup (`__class__`, a function's `__name__`,
/// an exception's `args`, ...).
pub fn special_attribute(obj: GcRef, name: &str) -> PyResult<Option<GcRef>> {
    let space = Space::get();
    let layout = obj.layout();
    if name == "__class__" {
        return Ok(Some(space.type_of(obj)));
    }
    let field = |f: &metatrace_gc::FieldDescr| Ok(Some(or_none(gc::get_ref(obj, f))));
    if layout == W_Type::layout() {
        return match name {
            "__name__" => field(&W_Type::NAME),
            "__qualname__" => field(&W_Type::QUALNAME),
            "__mro__" => field(&W_Type::MRO),
            "__bases__" => field(&W_Type::BASES),
            "__base__" => field(&W_Type::BASE),
            "__itemsize__" => Ok(Some(heap_int(typeobject::item_size(obj)))),
            "__flags__" => Ok(Some(heap_int(typeobject::cpython_flags(obj)))),
            "__dict__" => crate::generic::mappingproxy(space, gc::get_ref(obj, &W_Type::DICT)).map(Some),
            "__doc__" => {
                Ok(Some(dict::get_str(gc::get_ref(obj, &W_Type::DICT), space.intern("__doc__")).unwrap_or(space.none)))
            }
            "__module__" => Ok(Some(space.intern("builtins"))),
            // What `inspect.signature` reads of a class without `__init__`/`__new__` of its own.
            "__text_signature__" if obj == space.object_type => Ok(Some(space.intern("()"))),
            "__text_signature__" => Ok(Some(space.none)),
            _ => Ok(None),
        };
    }
    if name == "mapping" && iter::is_view(obj) {
        return crate::generic::mappingproxy(space, iter::view_dict(obj)).map(Some);
    }
    if mapdict::instance_fields(layout).is_some() {
        if name == "__dict__" {
            let ty = space.type_of(obj);
            if gc::get_i64(ty, &W_Type::FLAGS) & typeobject::flags::NO_DICT != 0 {
                return Ok(None);
            }
            return Ok(Some(mapdict::devolve(obj)));
        }
        if layout == W_Exception::layout() {
            return match name {
                "args" => field(&W_Exception::ARGS),
                "__traceback__" => field(&W_Exception::TRACEBACK),
                "__cause__" => field(&W_Exception::CAUSE),
                "__context__" => field(&W_Exception::CONTEXT),
                "__suppress_context__" => Ok(Some(space.w_bool(gc::get_i64(obj, &W_Exception::SUPPRESS_CONTEXT) != 0))),
                "message" if !gc::get_ref(obj, &W_Exception::GROUP_MESSAGE).is_null() => {
                    field(&W_Exception::GROUP_MESSAGE)
                }
                "exceptions" if !gc::get_ref(obj, &W_Exception::GROUP_EXCEPTIONS).is_null() => {
                    field(&W_Exception::GROUP_EXCEPTIONS)
                }
                "value" if typeobject::is_subtype(space.type_of(obj), space.exception_type(ExcKind::StopIteration)) => {
                    Ok(Some(
                        W_Tuple::items(gc::get_ref(obj, &W_Exception::ARGS)).first().copied().unwrap_or(space.none),
                    ))
                }
                "code" if typeobject::is_subtype(space.type_of(obj), space.exception_type(ExcKind::SystemExit)) => {
                    let args = gc::get_ref(obj, &W_Exception::ARGS);
                    Ok(Some(match W_Tuple::items(args).as_slice() {
                        [] => space.none,
                        [code] => *code,
                        _ => args,
                    }))
                }
                _ => Ok(None),
            };
        }
        return Ok(None);
    }
    if layout == W_Function::layout() {
        return match name {
            "__name__" => field(&W_Function::NAME),
            "__qualname__" => field(&W_Function::QUALNAME),
            "__defaults__" => field(&W_Function::DEFAULTS),
            "__kwdefaults__" => field(&W_Function::KWDEFAULTS),
            "__closure__" => field(&W_Function::CLOSURE),
            "__doc__" => field(&W_Function::DOC),
            "__module__" => field(&W_Function::MODULE),
            "__globals__" => field(&W_Function::GLOBALS),
            "__builtins__" => field(&W_Function::BUILTINS),
            "__code__" => field(&W_Function::CODE),
            "__annotations__" => {
                let mut a = gc::get_ref(obj, &W_Function::ANNOTATIONS);
                if a.is_null() {
                    a = dict::new();
                    gc::set_ref(obj, &W_Function::ANNOTATIONS, a);
                }
                Ok(Some(a))
            }
            "__dict__" => Ok(Some(function_dict(obj))),
            _ => Ok(dict::get_str(function_dict(obj), space.intern(name))),
        };
    }
    if layout == W_Method::layout() {
        return match name {
            "__func__" => field(&W_Method::FUNC),
            "__self__" => field(&W_Method::SELF_),
            // The method type's own `__call__` and pickling, not the function's.
            "__call__" | "__reduce__" | "__reduce_ex__" => Ok(None),
            _ => getattr(gc::get_ref(obj, &W_Method::FUNC), space.intern(name)).map(Some),
        };
    }
    if layout == W_Builtin::layout() {
        let def = &builtins::defs()[gc::get_i64(obj, &W_Builtin::INDEX) as usize];
        let (module, class) = builtins::owner_names(def.owner);
        return match name {
            "__name__" => Ok(Some(unicode::new_str(def.name))),
            "__qualname__" => Ok(Some(unicode::new_str(&match class {
                Some(class) => format!("{class}.{}", def.name),
                None => def.name.to_owned(),
            }))),
            "__module__" => Ok(Some(module.map_or(space.none, |m| space.intern(m)))),
            "__self__" => field(&W_Builtin::SELF_),
            "__objclass__" => Ok(builtins::owner_type(space, def.owner)),
            _ => Ok(None),
        };
    }
    if layout == function::W_Cell::layout() && name == "cell_contents" {
        let contents = gc::get_ref(obj, &function::W_Cell::CONTENTS);
        if contents.is_null() {
            return Err(space.new_exception(ExcKind::ValueError, "Cell is empty"));
        }
        return Ok(Some(contents));
    }
    if let Some(v) = crate::descriptors::attribute(obj, name) {
        return Ok(Some(v));
    }
    if layout == function::W_Member::layout() {
        return match name {
            "__name__" => field(&function::W_Member::NAME),
            "__objclass__" => field(&function::W_Member::OWNER),
            _ => Ok(None),
        };
    }
    if layout == W_Property::layout() {
        return match name {
            "fget" => field(&W_Property::FGET),
            "fset" => field(&W_Property::FSET),
            "fdel" => field(&W_Property::FDEL),
            "__isabstractmethod__" => {
                let mut abstract_ = false;
                for f in [&W_Property::FGET, &W_Property::FSET, &W_Property::FDEL] {
                    let accessor = gc::get_ref(obj, f);
                    abstract_ = abstract_ || (!accessor.is_null() && is_abstract(accessor)?);
                }
                Ok(Some(space.w_bool(abstract_)))
            }
            "__doc__" => {
                let doc = gc::get_ref(obj, &W_Property::DOC);
                let fget = gc::get_ref(obj, &W_Property::FGET);
                if doc.is_null() && !fget.is_null() {
                    return getattr(fget, space.intern("__doc__")).map(Some);
                }
                field(&W_Property::DOC)
            }
            _ => Ok(None),
        };
    }
    if layout == W_ClassMethod::layout() || layout == W_StaticMethod::layout() {
        let (func, _) = function::wrapper_fields(layout);
        return match name {
            "__func__" | "__wrapped__" => field(func),
            "__isabstractmethod__" => Ok(Some(space.w_bool(is_abstract(gc::get_ref(obj, func))?))),
            "__dict__" => Ok(Some(wrapper_dict(obj))),
            _ => match dict::get_str(wrapper_dict(obj), space.intern(name)) {
                Some(v) => Ok(Some(v)),
                // The wrappers made without `__init__` (a class body's `__init_subclass__`, the
                // static methods of builtin types) answer for their function.
                None if matches!(name, "__name__" | "__qualname__" | "__doc__") => {
                    getattr(gc::get_ref(obj, func), space.intern(name)).map(Some)
                }
                None => Ok(None),
            },
        };
    }
    if layout == W_Range::layout() || layout == W_Slice::layout() {
        let ints = |f| Ok(Some(heap_int(gc::get_i64(obj, f))));
        return match (layout == W_Range::layout(), name) {
            (true, "start") => ints(&W_Range::START),
            (true, "stop") => ints(&W_Range::STOP),
            (true, "step") => ints(&W_Range::STEP),
            (false, "start") => field(&W_Slice::START),
            (false, "stop") => field(&W_Slice::STOP),
            (false, "step") => field(&W_Slice::STEP),
            _ => Ok(None),
        };
    }
    if layout == generator::W_Generator::layout() {
        let pc = gc::get_i64(obj, &generator::W_Generator::PC);
        let prefix = match generator::Kind::of(obj) {
            generator::Kind::Generator => "gi_",
            generator::Kind::Coroutine => "cr_",
            generator::Kind::AsyncGenerator => "ag_",
        };
        return match name {
            "__name__" => Ok(Some(generator::name(obj, false))),
            "__qualname__" => Ok(Some(generator::name(obj, true))),
            _ => match name.strip_prefix(prefix).unwrap_or_default() {
                "running" => Ok(Some(space.w_bool(pc == generator::RUNNING))),
                "suspended" if prefix != "ag_" => Ok(Some(space.w_bool(pc >= 0 && !generator::is_fresh(obj)))),
                "origin" if prefix == "cr_" => Ok(Some(space.none)),
                "frame" if pc == generator::FINISHED => Ok(Some(space.none)),
                "frame" => field(&generator::W_Generator::FRAME),
                "code" => Ok(Some(generator::code_of(obj).w_code)),
                "yieldfrom" | "await" => Ok(Some(generator::delegate(obj).unwrap_or(space.none))),
                _ => Ok(None),
            },
        };
    }
    if layout == crate::traceback::W_Traceback::layout() {
        use crate::traceback::W_Traceback;
        let code = Code::of(gc::get_ref(obj, &W_Traceback::CODE));
        let pc = gc::get_i64(obj, &W_Traceback::PC);
        let given = gc::get_ref(obj, &W_Traceback::GIVEN);
        return match name {
            "tb_next" => field(&W_Traceback::NEXT),
            "tb_frame" => field(&W_Traceback::FRAME),
            "tb_lineno" | "tb_lasti" if !given.is_null() => {
                Ok(Some(W_Tuple::items(given)[usize::from(name == "tb_lineno")]))
            }
            "tb_lineno" => Ok(Some(code.line(pc as u32).map_or(space.none, |l| heap_int(i64::from(l))))),
            "tb_lasti" => Ok(Some(heap_int(code.lasti(pc)))),
            _ => Ok(None),
        };
    }
    if layout == crate::frame::W_Frame::layout() {
        return Ok(crate::frame::attribute(space, obj, name));
    }
    if layout == W_Code::layout() {
        return Ok(crate::code::attribute(space, obj, name));
    }
    if layout == W_Super::layout() {
        let start = gc::get_ref(obj, &W_Super::TYPE_);
        let target = gc::get_ref(obj, &W_Super::OBJ);
        match name {
            "__thisclass__" => return Ok(Some(start)),
            "__self__" => return Ok(Some(or_none(target))),
            "__self_class__" => return Ok(Some(or_none(gc::get_ref(obj, &W_Super::OBJ_TYPE)))),
            _ if target.is_null() => return Ok(None),
            _ => {}
        }
        let mro = typeobject::mro(gc::get_ref(obj, &W_Super::OBJ_TYPE));
        let key = space.intern(name);
        let after = mro.iter().position(|&c| c == start).map_or(mro.len(), |p| p + 1);
        for &c in &mro[after..] {
            if let Some(v) = dict::get_str(gc::get_ref(c, &W_Type::DICT), key) {
                // As CPython's super: class access when the object is its own starting type
                // (`super()` in a class method), instance access otherwise.
                let obj_type = gc::get_ref(obj, &W_Super::OBJ_TYPE);
                return if target == obj_type {
                    descriptor_get(v, space.none, target).map(Some)
                } else {
                    descriptor_get(v, target, obj_type).map(Some)
                };
            }
        }
        return Ok(None);
    }
    if layout == W_Int::layout() || layout == W_Bool::layout() || layout == W_Long::layout() {
        let value = if layout == W_Bool::layout() { heap_int(gc::get_i64(obj, &W_Bool::VALUE)) } else { obj };
        return match name {
            "real" | "numerator" => Ok(Some(value)),
            "imag" => Ok(Some(heap_int(0))),
            "denominator" => Ok(Some(heap_int(1))),
            _ => Ok(None),
        };
    }
    if let Some(v) = crate::buffer::attribute(obj, name)? {
        return Ok(Some(v));
    }
    if let Some((re, im)) = crate::complex::value(obj) {
        return match name {
            "real" => Ok(Some(heap_float(re))),
            "imag" => Ok(Some(heap_float(im))),
            _ => Ok(None),
        };
    }
    if layout == W_Float::layout() {
        return match name {
            "real" => Ok(Some(obj)),
            "imag" => Ok(Some(heap_float(0.0))),
            _ => Ok(None),
        };
    }
    Ok(None)
}

/// The `__dict__` of a function (made on first use).
fn function_dict(f: GcRef) -> GcRef {
    let mut d = gc::get_ref(f, &W_Function::DICT);
    if d.is_null() {
        d = dict::new();
        gc::set_ref(f, &W_Function::DICT, d);
    }
    d
}

/// The `__dict__` of a classmethod or staticmethod (made on first use).
fn wrapper_dict(wrapper: GcRef) -> GcRef {
    let (_, field) = function::wrapper_fields(wrapper.layout());
    let mut d = gc::get_ref(wrapper, field);
    if d.is_null() {
        d = dict::new();
        gc::set_ref(wrapper, field, d);
    }
    d
}

/// Whether `attr` (found on a type) is a user-defined descriptor with `__get__`.
fn user_getter(attr: GcRef) -> Option<GcRef> {
    if is_instance_like(attr) {
        lookup_user(attr, "__get__")
    } else {
        None
    }
}

/// Whether `attr` (found on a type) is a data descriptor: a property, or a user-defined object
/// whose type has `__set__` or `__delete__`.
fn is_data_descriptor(attr: GcRef) -> bool {
    crate::subclass::descriptor(attr).layout() == W_Property::layout()
        || attr.layout() == function::W_Member::layout()
        || attr.layout() == crate::descriptors::W_GetSet::layout()
        || (is_instance_like(attr)
            && (lookup_user(attr, "__set__").is_some() || lookup_user(attr, "__delete__").is_some()))
}

/// `attr.__get__(obj, owner)` for a descriptor found on `owner` (`obj` None for class access).
fn descriptor_get(attr: GcRef, obj: GcRef, owner: GcRef) -> PyResult<GcRef> {
    let space = Space::get();
    if crate::descriptors::builtin_descriptor(attr).is_some() {
        return if obj == space.none { Ok(attr) } else { crate::descriptors::get(attr, obj) };
    }
    if attr.layout() == function::W_Member::layout() && obj != space.none {
        let name = gc::get_ref(attr, &function::W_Member::NAME);
        let key = gc::get_ref(attr, &function::W_Member::KEY);
        return mapdict::get_attr(obj, key).ok_or_else(|| space.fault(Fault::NoAttribute(obj, name)));
    }
    if let Some(unbound) = crate::subclass::inner(attr).filter(|&v| v.layout() == W_Super::layout()) {
        if obj != space.none && gc::get_ref(unbound, &W_Super::OBJ).is_null() && user_getter(attr).is_none() {
            // `super.__get__` of an unbound instance of a subclass of `super`: `type(attr)(type, obj)`.
            return call(space.type_of(attr), &[gc::get_ref(unbound, &W_Super::TYPE_), obj]);
        }
    }
    match user_getter(attr) {
        Some(get) => call_bound(get, attr, &Args::positional(&[obj, owner])),
        // A property read through its class is itself (an instance of a subclass included).
        None if obj == space.none && crate::subclass::descriptor(attr).layout() == W_Property::layout() => Ok(attr),
        None if obj == space.none => class_access(crate::subclass::descriptor(attr), owner),
        None => instance_access(crate::subclass::descriptor(attr), obj),
    }
}

/// `object.__getattribute__(obj, name)` (and `type.__getattribute__` for types): data
/// descriptors of the type, then the object's own attributes, then the type's other attributes.
pub fn generic_getattr(obj: GcRef, name: GcRef) -> PyResult<GcRef> {
    let space = Space::get();
    let layout = obj.layout();
    if layout == crate::module::W_Module::layout() {
        return crate::module::getattr(obj, name);
    }
    if layout == W_Type::layout() {
        let text = unicode::to_string_lossy(name);
        let meta = space.type_of(obj);
        let meta_attr = typeobject::lookup_where(meta, name).map(|(_, v)| v);
        // A data descriptor of the metaclass without `__get__` does not take precedence.
        let meta_getter = |a: GcRef| {
            !is_instance_like(a)
                || crate::subclass::descriptor(a).layout() == W_Property::layout()
                || user_getter(a).is_some()
        };
        if let Some(a) = meta_attr.filter(|&a| is_data_descriptor(a) && meta_getter(a)) {
            return descriptor_get(a, obj, meta);
        }
        // What CPython's data descriptors on `type` give: a type's own name, bases, MRO and
        // namespace, and the `__doc__`/`__module__` of builtin types, before the attributes in
        // its namespace (a function's `__name__` descriptor does not hide `FunctionType.__name__`).
        let heap = gc::get_i64(obj, &W_Type::FLAGS) & typeobject::flags::HEAPTYPE != 0;
        let type_data =
            matches!(text.as_str(), "__name__" | "__qualname__" | "__mro__" | "__bases__" | "__base__" | "__dict__")
                || (!heap && matches!(text.as_str(), "__doc__" | "__module__"));
        if type_data {
            if let Some(v) = special_attribute(obj, &text)? {
                return Ok(v);
            }
        }
        if heap && text == "__annotations__" {
            return class_annotations(obj, name);
        }
        if let Some((_, v)) = typeobject::lookup_where(obj, name) {
            return descriptor_get(v, space.none, obj);
        }
        if let Some(v) = special_attribute(obj, &text)? {
            return Ok(v);
        }
        if let Some(a) = meta_attr {
            return descriptor_get(a, obj, meta);
        }
        return Err(space.fault(Fault::NoAttribute(obj, name)));
    }
    let ty = space.type_of(obj);
    let found = typeobject::lookup_where(ty, name);
    let attr = found.map(|(_, v)| v);
    if let Some(a) = attr.filter(|&a| is_data_descriptor(a)) {
        let property = crate::subclass::descriptor(a);
        if property.layout() == W_Property::layout() && gc::get_ref(property, &W_Property::FGET).is_null() {
            return Err(property_missing(property, obj, "getter"));
        }
        // A data descriptor without `__get__` leaves reads to the instance's own attribute.
        if is_instance_like(a) && user_getter(a).is_none() {
            if let Some(own) = mapdict::get_attr(obj, name) {
                return Ok(own);
            }
        }
        return descriptor_get(a, obj, ty);
    }
    if let Some(v) = mapdict::get_attr(obj, name) {
        return Ok(v);
    }
    let text = unicode::to_string_lossy(name);
    if let Some(v) = special_attribute(obj, &text)? {
        return Ok(v);
    }
    // The attributes of the builtin value (a classmethod's `__func__`, a property's `fget`),
    // unless a class statement along the MRO, before the builtin base, defines the name
    // (`abstractproperty.__isabstractmethod__`). Not for `__doc__`, which every class has: the
    // instances of CPython's property subclasses keep the getter's in their own `__dict__`.
    let subclass_defines = text != "__doc__" && found.is_some_and(|(owner, _)| is_heap_type(owner));
    if let Some(value) = crate::subclass::inner(obj).filter(|_| !subclass_defines) {
        if let Some(v) = special_attribute(value, &text)? {
            return Ok(v);
        }
    }
    if let Some(a) = attr {
        return descriptor_get(a, obj, ty);
    }
    Err(space.fault(Fault::NoAttribute(obj, name)))
}

/// `C.__annotations__` of a class made by a class statement (CPython's `type.__annotations__`):
/// the entry of its own namespace (not inherited), created empty on first access.
fn class_annotations(cls: GcRef, name: GcRef) -> PyResult<GcRef> {
    let namespace = gc::get_ref(cls, &W_Type::DICT);
    match dict::get_str(namespace, name) {
        Some(v) => match user_getter(v) {
            Some(get) => call_bound(get, v, &Args::positional(&[Space::get().none, cls])),
            None => Ok(v),
        },
        None => {
            let annotations = dict::new();
            typeobject::set_attr(Space::get(), cls, name, annotations)?;
            Ok(annotations)
        }
    }
}

/// Whether `e` is an `AttributeError`.
pub fn is_attribute_error(e: GcRef) -> bool {
    let space = Space::get();
    e.layout() == W_Exception::layout()
        && typeobject::is_subtype(space.type_of(e), space.exception_type(ExcKind::AttributeError))
}

fn getattr_full(obj: GcRef, name: GcRef) -> PyResult<GcRef> {
    // An instance's class's `__getattribute__`, or a class's metaclass's.
    let hook = lookup_user(obj, "__getattribute__");
    let result = match hook {
        Some(hook) => call_bound(hook, obj, &Args::positional(&[name])),
        None => generic_getattr(obj, name),
    };
    let result = match result {
        Err(e) if is_attribute_error(e) => match lookup_user(obj, "__getattr__") {
            Some(fallback) => call_bound(fallback, obj, &Args::positional(&[name])),
            None => Err(e),
        },
        r => r,
    };
    result.inspect_err(|&e| crate::exceptions::add_attribute_error_context(Space::get(), e, obj, name))
}

fn getattr_slow_impl(obj: GcRef, name: GcRef) -> GcRef {
    raising_ref(getattr_full(obj, name))
}

metatrace::residual! {
    /// `obj.name` in every case.
    pub fn getattr_slow(obj: Ref, name: Ref) -> Ref;
    effect = Plain; can_raise = true; impl = getattr_slow_impl;
}

/// `obj.__class__ = value` for an instance: `value` must be a class whose instances have the same
/// layout (CPython's `compatible_for_assignment`, for the layouts ripy has).
fn set_class(obj: GcRef, value: GcRef) -> PyResult<()> {
    let space = Space::get();
    if !space.is_type(value) {
        let message = format!("__class__ must be set to a class, not '{}' object", tname(value));
        return Err(type_error(message));
    }
    let ty = space.type_of(obj);
    let heap = |t: GcRef| gc::get_i64(t, &W_Type::FLAGS) & typeobject::flags::HEAPTYPE != 0;
    if !heap(value) || !heap(ty) {
        return Err(type_error(
            "__class__ assignment only supported for mutable types or ModuleType subclasses".to_owned(),
        ));
    }
    if !crate::subclass::compatible_layouts(ty, value) {
        let message = format!(
            "__class__ assignment: '{}' object layout differs from '{}'",
            typeobject::name(value),
            typeobject::name(ty)
        );
        return Err(type_error(message));
    }
    mapdict::set_class(obj, value);
    Ok(())
}

/// Whether setting attribute `name` of objects of `layout` must go to the slow path (`__class__`,
/// and the exception fields that are not map attributes).
pub fn is_special_exception_attribute(layout: &Layout, name: GcRef) -> bool {
    unicode::eq_text(name, "__class__")
        || layout == W_Exception::layout()
            && ["args", "__traceback__", "__cause__", "__context__", "__suppress_context__", "message", "exceptions"]
                .iter()
                .any(|n| unicode::eq_text(name, n))
}

fn setattr_full(obj: GcRef, name: GcRef, value: GcRef) -> PyResult<()> {
    let space = Space::get();
    let layout = obj.layout();
    if layout == crate::module::W_Module::layout() {
        return crate::module::setattr(obj, name, value);
    }
    if layout == W_Type::layout() {
        // A data descriptor of the metaclass (a property, one with `__set__`) takes the store.
        let meta_attr = typeobject::lookup_where(space.type_of(obj), name).map(|(_, v)| v);
        if let Some(done) = meta_attr.and_then(|a| descriptor_set(a, obj, value)) {
            return done;
        }
        return typeobject::set_attr(space, obj, name, value);
    }
    if mapdict::instance_fields(layout).is_some() {
        if let Some(hook) = lookup_user(obj, "__setattr__") {
            return call_bound(hook, obj, &Args::positional(&[name, value])).map(|_| ());
        }
        return generic_setattr(obj, name, value);
    }
    if let Some(done) = crate::descriptors::setattr(obj, name, value) {
        return done;
    }
    if layout == W_Function::layout() {
        dict::set(function_dict(obj), name, value)?;
        return Ok(());
    }
    if (layout == W_ClassMethod::layout() || layout == W_StaticMethod::layout())
        && !matches!(
            unicode::to_string_lossy(name).as_str(),
            "__func__" | "__wrapped__" | "__isabstractmethod__" | "__class__"
        )
    {
        dict::set(wrapper_dict(obj), name, value)?;
        return Ok(());
    }
    if layout == W_Property::layout() && unicode::eq_text(name, "__doc__") {
        gc::set_ref(obj, &W_Property::DOC, value);
        return Ok(());
    }
    if unicode::eq_text(name, "__class__") {
        // Objects of builtin types: `set_class` gives CPython's TypeError.
        return set_class(obj, value);
    }
    let message = format!("'{}' object has no attribute '{}'", tname(obj), unicode::to_string_lossy(name));
    Err(space.new_exception(ExcKind::AttributeError, &message))
}

/// `obj.name = value` through `attr`, what the type of `obj` has for `name`, when it is a
/// property or a Python data descriptor (`None` otherwise).
fn descriptor_set(attr: GcRef, obj: GcRef, value: GcRef) -> Option<PyResult<()>> {
    if is_instance_like(attr) {
        if let Some(set) = lookup_user(attr, "__set__") {
            return Some(call_bound(set, attr, &Args::positional(&[obj, value])).map(|_| ()));
        }
        if lookup_user(attr, "__delete__").is_some() {
            return Some(Err(Space::get().new_exception(ExcKind::AttributeError, "__set__")));
        }
    }
    let attr = crate::subclass::descriptor(attr);
    if attr.layout() != W_Property::layout() {
        return None;
    }
    let fset = gc::get_ref(attr, &W_Property::FSET);
    if fset.is_null() {
        return Some(Err(property_missing(attr, obj, "setter")));
    }
    Some(call(fset, &[obj, value]).map(|_| ()))
}

/// `object.__setattr__(obj, name, value)` for an instance: properties, the exception fields,
/// then the map.
pub fn generic_setattr(obj: GcRef, name: GcRef, value: GcRef) -> PyResult<()> {
    let space = Space::get();
    let ty = space.type_of(obj);
    if unicode::eq_text(name, "__class__") {
        return set_class(obj, value);
    }
    let attr = typeobject::lookup_where(ty, name).map(|(_, v)| v);
    if let Some(builtin) = attr.filter(|&a| crate::descriptors::builtin_descriptor(a).is_some()) {
        return crate::descriptors::set(builtin, obj, value);
    }
    if let Some(member) = attr.filter(|a| a.layout() == function::W_Member::layout()) {
        mapdict::set_attr(obj, gc::get_ref(member, &function::W_Member::KEY), value);
        return Ok(());
    }
    if let Some(done) = attr.and_then(|a| descriptor_set(a, obj, value)) {
        return done;
    }
    if obj.layout() == W_Exception::layout() {
        if is_group_field(obj, name) {
            return Err(space.new_exception(ExcKind::AttributeError, "readonly attribute"));
        }
        let none_or = |v: GcRef| if v == space.none { GcRef::NULL } else { v };
        let text = unicode::to_string_lossy(name);
        let field = match text.as_str() {
            "args" => {
                let items = to_vec(value)?;
                gc::set_ref(obj, &W_Exception::ARGS, W_Tuple::from_slice(&items));
                return Ok(());
            }
            "__suppress_context__" => {
                gc::set_i64(obj, &W_Exception::SUPPRESS_CONTEXT, i64::from(truthy(value)?));
                return Ok(());
            }
            "__traceback__" => Some(&W_Exception::TRACEBACK),
            "__context__" => Some(&W_Exception::CONTEXT),
            "__cause__" => Some(&W_Exception::CAUSE),
            _ => None,
        };
        if let Some(field) = field {
            let value = none_or(value);
            let valid = if text == "__traceback__" {
                value.is_null() || value.layout() == crate::traceback::W_Traceback::layout()
            } else {
                value.is_null() || crate::exceptions::is_instance_of(space, value, ExcKind::BaseException)
            };
            if !valid {
                let message = match text.as_str() {
                    "__traceback__" => "__traceback__ must be a traceback or None",
                    "__cause__" => "exception cause must be None or derive from BaseException",
                    _ => "exception context must be None or derive from BaseException",
                };
                return Err(space.new_exception(ExcKind::TypeError, message));
            }
            if text == "__cause__" {
                gc::set_i64(obj, &W_Exception::SUPPRESS_CONTEXT, 1);
            }
            gc::set_ref(obj, field, value);
            return Ok(());
        }
    }
    if gc::get_i64(ty, &W_Type::FLAGS) & typeobject::flags::NO_DICT != 0 {
        return Err(no_dict_error(obj, name, attr.is_some()));
    }
    mapdict::set_attr(obj, name, value);
    Ok(())
}

fn setattr_slow_impl(obj: GcRef, name: GcRef, value: GcRef) {
    raising(setattr_full(obj, name, value), ())
}

metatrace::residual! {
    /// `obj.name = value` in every case.
    pub fn setattr_slow(obj: Ref, name: Ref, value: Ref) -> Void;
    effect = Plain; can_raise = true; impl = setattr_slow_impl;
}

/// `del obj.name`.
pub fn delattr(obj: GcRef, name: GcRef) -> PyResult<()> {
    if obj.layout() == crate::module::W_Module::layout() {
        return crate::module::delattr(obj, name);
    }
    if is_instance_like(obj) {
        if let Some(hook) = lookup_user(obj, "__delattr__") {
            return call_bound(hook, obj, &Args::positional(&[name])).map(|_| ());
        }
    }
    generic_delattr(obj, name)
}

/// `object.__delattr__(obj, name)`: a data descriptor's deleter, or the object's own attribute.
pub fn generic_delattr(obj: GcRef, name: GcRef) -> PyResult<()> {
    let space = Space::get();
    if unicode::eq_text(name, "__class__") {
        return Err(type_error("can't delete __class__ attribute".to_owned()));
    }
    if obj.layout() == W_Type::layout() {
        return typeobject::del_attr(space, obj, name);
    }
    if is_instance_like(obj) {
        let ty = space.type_of(obj);
        if let Some((_, attr)) = typeobject::lookup_where(ty, name) {
            if attr.layout() == crate::descriptors::W_GetSet::layout() {
                return crate::descriptors::delete(attr, obj);
            }
            if attr.layout() == function::W_Member::layout() && crate::descriptors::builtin_descriptor(attr).is_none() {
                if mapdict::del_attr(obj, gc::get_ref(attr, &function::W_Member::KEY)) {
                    return Ok(());
                }
                return Err(space.new_exception_args(ExcKind::AttributeError, &[name]));
            }
            let property = crate::subclass::descriptor(attr);
            if property.layout() == W_Property::layout() {
                let fdel = gc::get_ref(property, &W_Property::FDEL);
                if fdel.is_null() {
                    return Err(property_missing(property, obj, "deleter"));
                }
                return call(fdel, &[obj]).map(|_| ());
            }
            if is_instance_like(attr) {
                if let Some(delete) = lookup_user(attr, "__delete__") {
                    return call_bound(delete, attr, &Args::positional(&[obj])).map(|_| ());
                }
                if lookup_user(attr, "__set__").is_some() {
                    return Err(space.new_exception(ExcKind::AttributeError, "__delete__"));
                }
            }
        }
        if gc::get_i64(ty, &W_Type::FLAGS) & typeobject::flags::NO_DICT != 0 {
            return Err(no_dict_error(obj, name, typeobject::lookup_where(ty, name).is_some()));
        }
        if is_group_field(obj, name) {
            return Err(space.new_exception(ExcKind::AttributeError, "readonly attribute"));
        }
        if let Some(message) = exception_field_deletion_error(obj, name) {
            return Err(space.new_exception(ExcKind::TypeError, &message));
        }
        if mapdict::del_attr(obj, name) {
            return Ok(());
        }
    } else if let Some(done) = crate::descriptors::delattr(obj, name) {
        return done;
    } else if obj.layout() == W_Function::layout() {
        if dict::del_str(function_dict(obj), name) {
            return Ok(());
        }
    } else if obj.layout() == W_ClassMethod::layout() || obj.layout() == W_StaticMethod::layout() {
        if dict::del_str(wrapper_dict(obj), name) {
            return Ok(());
        }
    }
    Err(space.fault(Fault::NoAttribute(obj, name)))
}

/// Whether `name` is one of the read-only fields of an exception group (`message`,
/// `exceptions`) and `obj` a group.
fn is_group_field(obj: GcRef, name: GcRef) -> bool {
    obj.layout() == W_Exception::layout()
        && !gc::get_ref(obj, &W_Exception::GROUP_MESSAGE).is_null()
        && (unicode::eq_text(name, "message") || unicode::eq_text(name, "exceptions"))
}

/// The message of the `TypeError` that deleting `name` from exception `obj` raises when `name` is
/// one of its fixed fields (CPython's getset descriptors refuse; `__suppress_context__` is a
/// boolean member); None for any other object or name.
fn exception_field_deletion_error(obj: GcRef, name: GcRef) -> Option<String> {
    if obj.layout() != W_Exception::layout() {
        return None;
    }
    let text = unicode::to_string_lossy(name);
    match text.as_str() {
        "args" | "__traceback__" | "__cause__" | "__context__" => Some(format!("{text} may not be deleted")),
        "__suppress_context__" => Some("can't delete numeric/char attribute".to_owned()),
        _ => None,
    }
}

/// The error of setting or deleting `name` on an instance without a `__dict__`: read-only when
/// its class has the attribute (`on_type`), missing otherwise.
fn no_dict_error(obj: GcRef, name: GcRef, on_type: bool) -> GcRef {
    let space = Space::get();
    if on_type {
        let message = format!("'{}' object attribute '{}' is read-only", tname(obj), unicode::to_string_lossy(name));
        return space.new_exception(ExcKind::AttributeError, &message);
    }
    space.fault(Fault::NoAttribute(obj, name))
}

// ----- operators -----

/// The dunder names of a binary operator: (`__add__`, `__radd__`, `__iadd__`).
pub fn binop_names(op: BinOp) -> (&'static str, &'static str, &'static str) {
    match op {
        BinOp::Add => ("__add__", "__radd__", "__iadd__"),
        BinOp::Sub => ("__sub__", "__rsub__", "__isub__"),
        BinOp::Mul => ("__mul__", "__rmul__", "__imul__"),
        BinOp::MatMul => ("__matmul__", "__rmatmul__", "__imatmul__"),
        BinOp::TrueDiv => ("__truediv__", "__rtruediv__", "__itruediv__"),
        BinOp::FloorDiv => ("__floordiv__", "__rfloordiv__", "__ifloordiv__"),
        BinOp::Mod => ("__mod__", "__rmod__", "__imod__"),
        BinOp::Pow => ("__pow__", "__rpow__", "__ipow__"),
        BinOp::LShift => ("__lshift__", "__rlshift__", "__ilshift__"),
        BinOp::RShift => ("__rshift__", "__rrshift__", "__irshift__"),
        BinOp::And => ("__and__", "__rand__", "__iand__"),
        BinOp::Or => ("__or__", "__ror__", "__ior__"),
        BinOp::Xor => ("__xor__", "__rxor__", "__ixor__"),
    }
}

/// A result other than `NotImplemented`.
fn implemented(r: GcRef) -> Option<GcRef> {
    (r != Space::get().not_implemented).then_some(r)
}

/// `a op b` (or `a op= b`) in every case.
pub fn binary_op(op: BinOp, inplace: bool, a: GcRef, b: GcRef) -> PyResult<GcRef> {
    binary_op_from(op, inplace, a, b, false)
}

/// The flag of `binary_slow`'s code saying that `a`'s forward method (and nothing before it in
/// CPython's order) was already called and returned `NotImplemented`.
pub const BINARY_AFTER_FORWARD: i64 = 0x200;

/// `a op b` (or `a op= b`), continuing after `a`'s forward method when `after_forward`.
fn binary_op_from(op: BinOp, inplace: bool, a: GcRef, b: GcRef, after_forward: bool) -> PyResult<GcRef> {
    let space = Space::get();
    let (name, rname, iname) = binop_names(op);
    if inplace {
        if a.layout() == W_List::layout() && op == BinOp::Add {
            let n = list::len(a) as i64;
            if b.layout() == W_List::layout() && list::assign_slice_same_strategy(a, b, n, n, 1, 0) {
                return Ok(a);
            }
            let items = to_vec(b)?;
            list::extend(a, &items);
            return Ok(a);
        }
        if a.layout() == W_Dict::layout() && op == BinOp::Or {
            builtins::dict_merge_from(space, a, b)?;
            return Ok(a);
        }
        if crate::buffer::is_bytearray(a) {
            if let Some(r) = crate::buffer::binop(op, true, a, b)? {
                return Ok(r);
            }
        }
        if a.layout() == set::W_Set::layout()
            && set::is_set(b)
            && matches!(op, BinOp::And | BinOp::Or | BinOp::Xor | BinOp::Sub)
        {
            set::inplace(op, a, b)?;
            return Ok(a);
        }
        if a.layout() == W_List::layout() && op == BinOp::Mul {
            let n = index_value(b, "can't multiply sequence by non-int")?;
            let repeated = crate::sequence::repeat(a, n)?;
            let items = list::items(repeated);
            list::replace_items(a, &items);
            return Ok(a);
        }
        if let Some(r) = call_user(a, iname, &[b]) {
            if let Some(r) = implemented(r?) {
                return Ok(r);
            }
        }
    }
    // `str % x` and `bytes % x` format whatever `x` is (CPython's `unicode_mod`/`bytes_mod`
    // never return NotImplemented): `x.__rmod__` is not tried first unless `x`'s type is a
    // subclass of the template's.
    let formats_first = op == BinOp::Mod
        && (a.layout() == W_Str::layout() || a.layout() == crate::bytes::W_Bytes::layout())
        && !typeobject::is_subtype(space.type_of(b), space.type_of(a));
    if !formats_first {
        if let Some(r) = user_binary_dunders(a, b, name, rname, after_forward)? {
            return Ok(r);
        }
    }
    if op == BinOp::Mod && crate::subclass::unwrap(a).layout() == W_Str::layout() {
        // The right operand of `str % args` is the arguments, used as they are (a tuple
        // subclass as a tuple).
        let args = crate::subclass::inner(b).filter(|v| v.layout() == W_Tuple::layout()).unwrap_or(b);
        return format::percent(crate::subclass::unwrap(a), args);
    }
    if op == BinOp::Mod && (a.layout() == crate::bytes::W_Bytes::layout() || crate::buffer::is_bytearray(a)) {
        // `bytes % args` whatever the arguments are (an instance is one argument).
        if let Some(r) = crate::buffer::binop(op, false, a, b)? {
            return Ok(r);
        }
    }
    if op == BinOp::Or && (a.layout() == W_Type::layout() || b.layout() == W_Type::layout()) {
        if let Some(union) = crate::generic::type_or(space, a, b)? {
            return Ok(union);
        }
    }
    if !is_instance_like(a) && crate::buffer::exports(b) {
        // `bytes + array`: the right operand's buffer.
        if let Some(r) = crate::buffer::binop(op, false, a, b)? {
            return Ok(r);
        }
    }
    if !is_instance_like(a) && !is_instance_like(b) {
        if let Some(r) = crate::iter::view_binop(op, a, b)? {
            return Ok(r);
        }
        if let Some(r) = crate::buffer::binop(op, false, a, b)? {
            return Ok(r);
        }
        if op == BinOp::Or && a.layout() == W_Dict::layout() && b.layout() == W_Dict::layout() {
            let merged = dict::copy(a);
            // A key's `__hash__` or `__eq__` may remove items from `b`.
            for (k, v) in dict::rooted_items(b).iter() {
                dict::set(merged, k, v)?;
            }
            return Ok(merged);
        }
        let builtin = with_concrete(|d| crate::ops::binary_op(d, space, op, a, b));
        if inplace {
            return builtin.map_err(|e| inplace_message(e, op, a, b));
        }
        return builtin;
    }
    // The builtin operation is CPython's slot of an operand whose class statements define
    // neither dunder of the operator (the other operand's only when its type differs).
    let inherits_slot = |v: GcRef| {
        let ty = space.type_of(v);
        ![name, rname]
            .iter()
            .any(|n| typeobject::lookup_where(ty, space.intern(n)).is_some_and(|(o, _)| is_heap_type(o)))
    };
    let builtin_slot = || inherits_slot(a) || (space.type_of(a) != space.type_of(b) && inherits_slot(b));
    if (crate::subclass::inner(a).is_some() || crate::subclass::inner(b).is_some()) && builtin_slot() {
        // Subclasses of builtin types without the operator's dunder: the builtin operation on
        // their values (a list subclass's `+=` extends its value and gives the instance back).
        let (va, vb) = (crate::subclass::unwrap(a), crate::subclass::unwrap(b));
        let r = binary_op(op, inplace, va, vb).map_err(|e| unsupported_message(e, op, inplace, a, b))?;
        return Ok(if inplace && r == va && va != a { a } else { r });
    }
    if op == BinOp::Mul {
        // A sequence times an object with `__index__` (CPython's `sq_repeat`; other objects are
        // its TypeError).
        let is_seq = |v: GcRef| {
            [W_List::layout(), W_Tuple::layout(), W_Str::layout(), W_Bytes::layout()].contains(&v.layout())
                || crate::buffer::is_bytearray(v)
        };
        let (seq, count) = if is_seq(a) { (a, b) } else { (b, a) };
        if is_seq(seq) {
            let message = format!("can't multiply sequence by non-int of type '{}'", tname(count));
            if lookup_user(count, "__index__").is_none() {
                return Err(type_error(message));
            }
            if let Some(r) = crate::buffer::binop(op, false, a, b)? {
                return Ok(r);
            }
            let n = index_value(count, &message)?;
            return crate::sequence::repeat(seq, n);
        }
    }
    let symbol =
        if inplace { format!("{}=", op.symbol().trim_end_matches(" or pow()")) } else { op.symbol().to_owned() };
    let hint = if inplace { "" } else { binop_hint(op, a) };
    Err(type_error(format!("unsupported operand type(s) for {symbol}: '{}' and '{}'{hint}", tname(a), tname(b))))
}

/// The Python-level dunders `name` of `a` and `rname` of `b` in CPython's order (the reflected
/// one first when `b`'s type is a proper subclass of `a`'s with another `rname` than `a`'s
/// type; `a`'s skipped when `after_forward`): the first result other than `NotImplemented`, or
/// `None`.
pub fn user_binary_dunders(
    a: GcRef,
    b: GcRef,
    name: &str,
    rname: &str,
    after_forward: bool,
) -> PyResult<Option<GcRef>> {
    // Neither has Python-level dunders (see `lookup_user`): skip finding their types.
    let builtin = |v: GcRef| !is_instance_like(v) && v.layout() != W_Type::layout();
    if builtin(a) && builtin(b) {
        return Ok(None);
    }
    let space = Space::get();
    let (ta, tb) = (space.type_of(a), space.type_of(b));
    let reflected_first = ta != tb
        && typeobject::is_subtype(tb, ta)
        && lookup_user(b, rname).is_some_and(|f| Some(f) != lookup_user(a, rname));
    if reflected_first {
        if let Some(r) = call_user(b, rname, &[a]) {
            if let Some(r) = implemented(r?) {
                return Ok(Some(r));
            }
        }
    }
    if !after_forward {
        if let Some(r) = call_user(a, name, &[b]) {
            if let Some(r) = implemented(r?) {
                return Ok(Some(r));
            }
        }
    }
    if ta != tb && !reflected_first {
        if let Some(r) = call_user(b, rname, &[a]) {
            if let Some(r) = implemented(r?) {
                return Ok(Some(r));
            }
        }
    }
    Ok(None)
}

/// What CPython adds to the "unsupported operand" error of `a op b`: a hint for Python 2's
/// `print >> stream`.
pub fn binop_hint(op: BinOp, a: GcRef) -> &'static str {
    let is_print = a.layout() == W_Builtin::layout()
        && gc::get_ref(a, &W_Builtin::SELF_).is_null()
        && builtins::defs()[gc::get_i64(a, &W_Builtin::INDEX) as usize].name == "print";
    if op == BinOp::RShift && is_print {
        ". Did you mean \"print(<message>, file=<output_stream>)\"?"
    } else {
        ""
    }
}

/// CPython names the in-place operator in the "unsupported operand" message of `a op= b`.
fn inplace_error_impl(op: i64, e: GcRef, a: GcRef, b: GcRef) -> GcRef {
    inplace_message(e, BinOp::ALL[op as usize], a, b)
}

metatrace::residual! {
    /// The error of `a op= b` given the error `e` of `a op b` (the operator's message names
    /// the in-place form).
    pub fn inplace_error(op: Int, e: Ref, a: Ref, b: Ref) -> Ref;
    effect = Plain; can_raise = false; impl = inplace_error_impl;
}

fn inplace_message(e: GcRef, op: BinOp, a: GcRef, b: GcRef) -> GcRef {
    let plain = format!("unsupported operand type(s) for {}:", op.symbol());
    let is_plain = Space::get().exception_str(e).is_ok_and(|m| m.starts_with(&plain));
    if !is_plain {
        return e;
    }
    let symbol = format!("{}=", op.symbol().trim_end_matches(" or pow()"));
    type_error(format!("unsupported operand type(s) for {symbol}: '{}' and '{}'", tname(a), tname(b)))
}

/// The "unsupported operand" error `e` of an operation retried on other operands, reworded
/// with the types of the original operands `a` and `b`.
fn unsupported_message(e: GcRef, op: BinOp, inplace: bool, a: GcRef, b: GcRef) -> GcRef {
    let unsupported = Space::get().exception_str(e).is_ok_and(|m| m.starts_with("unsupported operand type(s)"));
    if !unsupported {
        return e;
    }
    let symbol =
        if inplace { format!("{}=", op.symbol().trim_end_matches(" or pow()")) } else { op.symbol().to_owned() };
    type_error(format!("unsupported operand type(s) for {symbol}: '{}' and '{}'", tname(a), tname(b)))
}

fn binary_slow_impl(code: i64, a: GcRef, b: GcRef) -> GcRef {
    let after_forward = code & BINARY_AFTER_FORWARD != 0;
    raising_ref(binary_op_from(BinOp::ALL[(code & 0xff) as usize], code & 0x100 != 0, a, b, after_forward))
}

metatrace::residual! {
    /// `a op b` in every case; `code` is the operator, plus 0x100 for the in-place form, plus
    /// [`BINARY_AFTER_FORWARD`] when `a`'s forward method already declined.
    pub fn binary_slow(code: Int, a: Ref, b: Ref) -> Ref;
    effect = Plain; can_raise = true; impl = binary_slow_impl;
}

/// The dunder name of a comparison.
fn cmp_name(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Lt => "__lt__",
        CmpOp::Le => "__le__",
        CmpOp::Eq => "__eq__",
        CmpOp::Ne => "__ne__",
        CmpOp::Gt => "__gt__",
        CmpOp::Ge => "__ge__",
    }
}

/// `a op b` in every case, as the object the comparison returns.
pub fn compare_op(op: CmpOp, a: GcRef, b: GcRef) -> PyResult<GcRef> {
    let space = Space::get();
    // Classes compare with their metaclass's dunders, when it is a Python class.
    let has_user_type =
        |x: GcRef| is_instance_like(x) || (x.layout() == W_Type::layout() && is_heap_type(space.type_of(x)));
    if !has_user_type(a) && !has_user_type(b) {
        return compare::richcompare(op, a, b).map(|r| space.w_bool(r));
    }
    let (ta, tb) = (space.type_of(a), space.type_of(b));
    let reflected_first = ta != tb && typeobject::is_subtype(tb, ta);
    if reflected_first {
        if let Some(r) = compare_method(op.swapped(), b, a)? {
            return Ok(r);
        }
    }
    if let Some(r) = compare_method(op, a, b)? {
        return Ok(r);
    }
    if !reflected_first {
        if let Some(r) = compare_method(op.swapped(), b, a)? {
            return Ok(r);
        }
    }
    if crate::subclass::inner(a).is_some() || crate::subclass::inner(b).is_some() {
        let (va, vb) = (crate::subclass::unwrap(a), crate::subclass::unwrap(b));
        return compare_op(op, va, vb).map_err(|e| {
            let unorderable = space.exception_str(e).is_ok_and(|m| m.contains("not supported between instances"));
            if unorderable {
                space.fault(Fault::Unorderable(op, a, b))
            } else {
                e
            }
        });
    }
    if crate::buffer::is_memoryview(a) || crate::buffer::is_memoryview(b) {
        // A memoryview and an object exporting a buffer (`array`) compare by values.
        if let Some(r) = crate::buffer::compare(op, a, b)? {
            return Ok(space.w_bool(r));
        }
    }
    match op {
        CmpOp::Eq => Ok(space.w_bool(a == b)),
        CmpOp::Ne => Ok(space.w_bool(a != b)),
        _ => Err(space.fault(Fault::Unorderable(op, a, b))),
    }
}

/// What `x`'s comparison method for `op` answers (`None` for `NotImplemented`): the dunder its
/// class defines (None there makes the call fail, as CPython), else `object`'s: `__eq__` is
/// identity, `__ne__` inverts `__eq__`. An instance of a subclass of a builtin type without the
/// dunder leaves the comparison to its value.
fn compare_method(op: CmpOp, x: GcRef, y: GcRef) -> PyResult<Option<GcRef>> {
    let space = Space::get();
    if let Some(f) = lookup_user(x, cmp_name(op)) {
        let layout = f.layout();
        let plain = [W_Function::layout(), W_Builtin::layout(), W_StaticMethod::layout(), W_ClassMethod::layout()];
        if plain.contains(&layout) {
            return Ok(implemented(call_bound(f, x, &Args::positional(&[y]))?));
        }
        // As CPython's `slot_tp_richcompare`, an error while binding the method means
        // `NotImplemented`.
        let Ok(method) = bind_special(f, x) else { return Ok(None) };
        return Ok(implemented(call_args(method, &Args::positional(&[y]))?));
    }
    if crate::subclass::inner(x).is_some() {
        return Ok(None);
    }
    match op {
        CmpOp::Eq => Ok((x == y).then(|| space.w_bool(true))),
        CmpOp::Ne => match compare_method(CmpOp::Eq, x, y)? {
            Some(r) => Ok(Some(space.w_bool(!truthy(r)?))),
            None => Ok(None),
        },
        _ => Ok(None),
    }
}

/// `a op b` as a truth value, for native code (containers comparing their items).
pub fn richcompare_user(op: CmpOp, a: GcRef, b: GcRef) -> PyResult<bool> {
    truthy(compare_op(op, a, b)?)
}

fn compare_slow_impl(op: i64, a: GcRef, b: GcRef) -> GcRef {
    raising_ref(compare_op(CmpOp::ALL[op as usize], a, b))
}

metatrace::residual! {
    /// `a op b` in every case.
    pub fn compare_slow(op: Int, a: Ref, b: Ref) -> Ref;
    effect = Plain; can_raise = true; impl = compare_slow_impl;
}

/// `a == b`.
pub fn eq(a: GcRef, b: GcRef) -> PyResult<bool> {
    Ok(crate::compare::identical(a, b) || richcompare_user(CmpOp::Eq, a, b)?)
}

/// `warnings.warn(message, category)`: an error when the warning filters turn it into one.
pub fn warn(category: ExcKind, message: &str) -> PyResult<()> {
    let space = Space::get();
    let warn = getattr(crate::import::import_absolute(space, "warnings")?, space.intern("warn"))?;
    call(warn, &[crate::unicode::new_str(message), space.exception_type(category)])?;
    Ok(())
}

/// The truth value of `obj`.
pub fn truthy(obj: GcRef) -> PyResult<bool> {
    let space = Space::get();
    if obj == space.not_implemented {
        warn(ExcKind::DeprecationWarning, "NotImplemented should not be used in a boolean context")?;
        return Ok(true);
    }
    if is_instance_like(obj) {
        if let Some(r) = call_user(obj, "__bool__", &[]) {
            let r = r?;
            if r.layout() != W_Bool::layout() {
                return Err(type_error(format!("__bool__ should return bool, returned {}", tname(r))));
            }
            return Ok(r == space.w_bool(true));
        }
        if lookup_user(obj, "__len__").is_some() {
            return Ok(len(obj)? != 0);
        }
        if let Some(value) = crate::subclass::inner(obj) {
            return truthy(value);
        }
        return Ok(true);
    }
    let layout = obj.layout();
    if layout == W_Range::layout()
        || iter::is_view(obj)
        || layout == crate::buffer::W_ByteArray::layout()
        || layout == crate::buffer::W_MemoryView::layout()
    {
        return Ok(len(obj)? != 0);
    }
    Ok(with_concrete(|d| crate::ops::truthy(d, obj)) != 0)
}

fn truthy_slow_impl(obj: GcRef) -> i64 {
    raising(truthy(obj).map(i64::from), 0)
}

metatrace::residual! {
    /// The truth value of any object: 1 or 0.
    pub fn truthy_slow(obj: Ref) -> Int;
    effect = Plain; can_raise = true; impl = truthy_slow_impl;
}

/// `hash(obj)`.
pub fn hash(obj: GcRef) -> PyResult<i64> {
    hash::hash_object(obj)
}

/// `hash(obj)` for an instance: its type's `__hash__`, or its identity; `None` when the class
/// defines `__eq__` without `__hash__` (unhashable).
pub fn hash_user(obj: GcRef) -> PyResult<i64> {
    let space = Space::get();
    let ty = space.type_of(obj);
    let hash_attr = typeobject::lookup_where(ty, space.intern("__hash__"));
    match hash_attr {
        Some((_, v)) if v == space.none => Err(space.fault(Fault::Unhashable(obj))),
        Some((_, v)) if v.layout() != W_Builtin::layout() => {
            let r = call_bound(v, obj, &Args::default())?;
            match (int_value(r), bigint::to_ibig(r)) {
                (Some(h), _) => Ok(if h == -1 { -2 } else { h }),
                (None, Some(big)) => Ok(hash::hash_ibig(&big)),
                _ => Err(type_error("__hash__ method should return an integer".to_owned())),
            }
        }
        _ => match crate::subclass::inner(obj) {
            // A NaN hashes by identity: the instance's, not its value's.
            Some(value) if format::float_of(value).is_some_and(f64::is_nan) => Ok(hash::hash_pointer(obj)),
            Some(value) if crate::subclass::is_hashable_value(value) => hash::hash_object(value),
            Some(_) => Err(space.fault(Fault::Unhashable(obj))),
            None => Ok(hash::hash_pointer(obj)),
        },
    }
}

/// The value of an int or bool object (or an instance of a subclass of int) that fits in 64 bits.
pub fn int_value(obj: GcRef) -> Option<i64> {
    let layout = obj.layout();
    if layout == W_Int::layout() {
        Some(gc::get_i64(obj, &W_Int::VALUE))
    } else if layout == W_Bool::layout() {
        Some(gc::get_i64(obj, &W_Bool::VALUE))
    } else {
        crate::subclass::inner(obj).and_then(int_value)
    }
}

/// The machine integer of an index object (`__index__` included); `TypeError` with `message`
/// when it is not one, `IndexError`/`OverflowError` when it does not fit.
pub fn index_value(obj: GcRef, message: &str) -> PyResult<i64> {
    if let Some(v) = int_value(obj) {
        return Ok(v);
    }
    if let Some(value) = crate::subclass::inner(obj).filter(|&v| bigint::to_ibig(v).is_some()) {
        return index_value(value, message);
    }
    if obj.layout() == W_Long::layout() {
        return Err(Space::get().new_exception(ExcKind::IndexError, "cannot fit 'int' into an index-sized integer"));
    }
    if let Some(r) = call_user(obj, "__index__", &[]) {
        let r = r?;
        if int_value(r).is_none() && r.layout() != W_Long::layout() {
            return Err(type_error(format!("__index__ returned non-int (type {})", tname(r))));
        }
        return index_value(r, message);
    }
    Err(type_error(message.to_owned()))
}

/// The machine integer of an index object, an int beyond i64 clamped to `i64::MIN` or
/// `i64::MAX` (CPython's `PyNumber_AsSsize_t(obj, NULL)`, for slice bounds); `TypeError` with
/// `message` when it is not one.
pub fn index_value_clamped(obj: GcRef, message: &str) -> PyResult<i64> {
    let mut value = crate::subclass::inner(obj).filter(|&v| bigint::to_ibig(v).is_some()).unwrap_or(obj);
    if int_value(value).is_none() && value.layout() != W_Long::layout() {
        if let Some(r) = call_user(obj, "__index__", &[]) {
            value = r?;
            if int_value(value).is_none() && value.layout() != W_Long::layout() {
                return Err(type_error(format!("__index__ returned non-int (type {})", tname(value))));
            }
        }
    }
    if value.layout() == W_Long::layout() {
        let negative = bigint::to_ibig(value).is_some_and(|v| v < dashu_int::IBig::from(0));
        return Ok(if negative { i64::MIN } else { i64::MAX });
    }
    index_value(value, message)
}

/// `repr(obj)` as text.
pub fn repr(obj: GcRef) -> PyResult<String> {
    repr::repr(obj)
}

/// `repr(obj)` for an instance with a Python `__repr__`; `None` for the default.
pub fn repr_user(obj: GcRef) -> Option<PyResult<String>> {
    let f = lookup_user(obj, "__repr__")?;
    let r = recursive_call(" while getting the repr of an object", || call_bound(f, obj, &Args::default()));
    Some(r.and_then(|s| {
        if s.layout() != W_Str::layout() {
            return Err(type_error(format!("__repr__ returned non-string (type {})", tname(s))));
        }
        Ok(unicode::to_string_lossy(s))
    }))
}

/// `str(obj)` as a str object.
pub fn str_obj(obj: GcRef) -> PyResult<GcRef> {
    Ok(crate::subclass::unwrap(str_instance(obj)?))
}

/// `str(obj)` as CPython's `PyObject_Str`: a str, or the instance of a str subclass that the
/// object's `__str__` returned.
pub fn str_instance(obj: GcRef) -> PyResult<GcRef> {
    if obj.layout() == W_Str::layout() {
        return Ok(obj);
    }
    if let Some(f) = lookup_user(obj, "__str__") {
        let s = recursive_call(" while getting the str of an object", || call_bound(f, obj, &Args::default()))?;
        if crate::subclass::unwrap(s).layout() != W_Str::layout() {
            return Err(type_error(format!("__str__ returned non-string (type {})", tname(s))));
        }
        return Ok(s);
    }
    if let Some(value) = crate::subclass::inner(obj).filter(|v| v.layout() == W_Str::layout()) {
        return Ok(value);
    }
    Ok(unicode::new_str(&repr::str(obj)?))
}

/// `repr(obj)` as a str object.
pub fn repr_obj(obj: GcRef) -> PyResult<GcRef> {
    Ok(unicode::new_str(&repr::repr(obj)?))
}

// ----- containers -----

/// `len(obj)`.
pub fn len(obj: GcRef) -> PyResult<usize> {
    let layout = obj.layout();
    let n = if layout == W_List::layout() {
        list::len(obj)
    } else if layout == W_Tuple::layout() {
        gc::len(obj, &W_Tuple::ITEMS)
    } else if layout == W_Str::layout() {
        unicode::char_len(obj)
    } else if layout == W_Dict::layout() {
        dict::len(obj)
    } else if set::is_set(obj) {
        set::len(obj)
    } else if layout == W_Bytes::layout() {
        gc::len(obj, &W_Bytes::BYTES)
    } else if layout == W_Range::layout() {
        gc::get_i64(obj, &W_Range::LENGTH) as usize
    } else if iter::is_view(obj) {
        iter::view_items(obj).len()
    } else if let Some(n) = crate::buffer::len(obj)? {
        n
    } else if let Some(r) = call_user(obj, "__len__", &[]) {
        let r = r?;
        let message = format!("'{}' object cannot be interpreted as an integer", tname(r));
        let n = match index_value(r, &message) {
            Err(e) if crate::exceptions::is_instance_of(Space::get(), e, ExcKind::IndexError) => {
                let negative = index_value_clamped(r, &message)? < 0;
                let (kind, message) = if negative {
                    (ExcKind::ValueError, "__len__() should return >= 0")
                } else {
                    (ExcKind::OverflowError, "cannot fit 'int' into an index-sized integer")
                };
                return Err(Space::get().new_exception(kind, message));
            }
            n => n?,
        };
        if n < 0 {
            return Err(Space::get().new_exception(ExcKind::ValueError, "__len__() should return >= 0"));
        }
        n as usize
    } else if let Some(value) = crate::subclass::inner(obj) {
        len(value)?
    } else {
        return Err(type_error(format!("object of type '{}' has no len()", tname(obj))));
    };
    Ok(n)
}

fn len_slow_impl(obj: GcRef) -> i64 {
    raising(len(obj).map(|n| n as i64), 0)
}

metatrace::residual! {
    /// `len(obj)` in every case.
    pub fn len_slow(obj: Ref) -> Int;
    effect = Plain; can_raise = true; impl = len_slow_impl;
}

/// `container[key]`.
pub fn getitem(container: GcRef, key: GcRef) -> PyResult<GcRef> {
    let space = Space::get();
    with_concrete(|d| protocol::getitem(d, space, container, key))
}

fn getitem_full(container: GcRef, key: GcRef) -> PyResult<GcRef> {
    let space = Space::get();
    let layout = container.layout();
    if let Some(r) = crate::buffer::getitem(container, key)? {
        return Ok(r);
    }
    if key.layout() == W_Slice::layout() {
        if let Some(r) = iter::get_slice(container, key)? {
            return Ok(r);
        }
    }
    if let Some(r) = call_user(container, "__getitem__", &[key]) {
        return r;
    }
    if let Some(value) = crate::subclass::inner(container) {
        if value.layout() == W_Dict::layout() {
            return match dict::get(value, key)? {
                Some(v) => Ok(v),
                None => crate::subclass::missing(container, key).unwrap_or_else(|| Err(space.fault(Fault::Key(key)))),
            };
        }
        return getitem(value, key);
    }
    if layout == W_Type::layout() {
        match typeobject::lookup_where(container, space.intern("__class_getitem__")) {
            // `__class_getitem__ = None` blocks the builtin base's.
            Some((_, hook)) if hook == space.none => {
                let message = format!("type '{}' is not subscriptable", typeobject::name(container));
                return Err(space.new_exception(ExcKind::TypeError, &message));
            }
            Some((_, hook)) => return call(class_access(hook, container)?, &[key]),
            None => {}
        }
        return crate::generic::class_getitem(space, container, key);
    }
    let sequence = [W_List::layout(), W_Tuple::layout(), W_Str::layout(), W_Range::layout(), W_Bytes::layout()];
    if sequence.contains(&layout) {
        let index = match int_value(key) {
            Some(i) => i,
            None if key.layout() == W_Long::layout() || is_instance_like(key) => {
                index_value(key, &index_message(container, key))?
            }
            None => return Err(space.fault(Fault::Indices(container, key))),
        };
        let n = len(container)? as i64;
        let i = if index < 0 { index + n } else { index };
        if !(0..n).contains(&i) {
            let what = match layout.name {
                "W_List" => "list",
                "W_Tuple" => "tuple",
                "W_Str" => "string",
                "W_Range" => "range object",
                _ => "index",
            };
            let message =
                if what == "index" { "index out of range".to_owned() } else { format!("{what} index out of range") };
            return Err(space.new_exception(ExcKind::IndexError, &message));
        }
        if layout == W_Range::layout() {
            return Ok(heap_int(gc::get_i64(container, &W_Range::START) + i * gc::get_i64(container, &W_Range::STEP)));
        }
        if layout == W_Bytes::layout() {
            return Ok(heap_int(i64::from(gc::byte_at(container, &W_Bytes::BYTES, i as usize))));
        }
        return getitem(container, heap_int(i));
    }
    Err(space.fault(Fault::NotSubscriptable(container)))
}

fn index_message(container: GcRef, key: GcRef) -> String {
    if container.layout() == W_Str::layout() {
        return format!("string indices must be integers, not '{}'", tname(key));
    }
    format!("{} indices must be integers or slices, not {}", tname(container), tname(key))
}

fn getitem_slow_impl(container: GcRef, key: GcRef) -> GcRef {
    raising_ref(getitem_full(container, key))
}

metatrace::residual! {
    /// `container[key]` in every case.
    pub fn getitem_slow(container: Ref, key: Ref) -> Ref;
    effect = Plain; can_raise = true; impl = getitem_slow_impl;
}

/// `container[key] = value` in every case.
pub fn setitem(container: GcRef, key: GcRef, value: GcRef) -> PyResult<()> {
    setitem_full(container, key, value)
}

fn setitem_full(container: GcRef, key: GcRef, value: GcRef) -> PyResult<()> {
    let space = Space::get();
    let layout = container.layout();
    if crate::buffer::setitem(container, key, value)? {
        return Ok(());
    }
    if layout == W_List::layout() {
        let n = list::len(container);
        if key.layout() == W_Slice::layout() {
            let mut indices = None;
            if value.layout() == W_List::layout() {
                let (start, stop, step, count) = iter::slice_indices_of(key, || list::len(container) as i64)?;
                if list::assign_slice_same_strategy(container, value, start, stop, step, count) {
                    return Ok(());
                }
                indices = Some((start, stop, step, count));
            }
            let mut items = list::items(container);
            if iter(value).is_err() {
                return Err(type_error("can only assign an iterable".to_owned()));
            }
            let new_items = to_vec(value)?;
            let (start, stop, step, count) = match indices {
                Some(indices) => indices,
                None => iter::slice_indices(key, n as i64)?,
            };
            if step == 1 {
                let stop = stop.max(start);
                items.splice(start as usize..stop as usize, new_items.iter().copied());
            } else {
                if new_items.len() as i64 != count {
                    let message = format!(
                        "attempt to assign sequence of size {} to extended slice of size {count}",
                        new_items.len()
                    );
                    return Err(space.new_exception(ExcKind::ValueError, &message));
                }
                for (k, &v) in new_items.iter().enumerate() {
                    items[(start + k as i64 * step) as usize] = v;
                }
            }
            list::replace_items(container, &items);
            return Ok(());
        }
        let i = index_value(key, &index_message(container, key))?;
        let i = if i < 0 { i + n as i64 } else { i };
        if !(0..n as i64).contains(&i) {
            return Err(space.new_exception(ExcKind::IndexError, "list assignment index out of range"));
        }
        list::set(container, i as usize, value);
        return Ok(());
    }
    if layout == W_Dict::layout() {
        return dict::set(container, key, value);
    }
    if let Some(r) = call_user(container, "__setitem__", &[key, value]) {
        return r.map(|_| ());
    }
    if let Some(inner) = crate::subclass::inner(container) {
        return setitem(inner, key, value);
    }
    Err(type_error(format!("'{}' object does not support item assignment", tname(container))))
}

fn setitem_slow_impl(container: GcRef, key: GcRef, value: GcRef) {
    raising(setitem_full(container, key, value), ())
}

metatrace::residual! {
    /// `container[key] = value` in every case.
    pub fn setitem_slow(container: Ref, key: Ref, value: Ref) -> Void;
    effect = Plain; can_raise = true; impl = setitem_slow_impl;
}

/// `del container[key]`.
pub fn delitem(container: GcRef, key: GcRef) -> PyResult<()> {
    let space = Space::get();
    let layout = container.layout();
    if crate::buffer::delitem(container, key)? {
        return Ok(());
    }
    if layout == W_Dict::layout() {
        return if dict::del(container, key)? { Ok(()) } else { Err(space.fault(Fault::Key(key))) };
    }
    if layout == W_List::layout() {
        let mut items = list::items(container);
        if key.layout() == W_Slice::layout() {
            let positions = iter::slice_positions(key, items.len())?;
            let mut k = 0;
            items.retain(|_| {
                k += 1;
                !positions.contains(&(k - 1))
            });
        } else {
            let i = index_value(key, &index_message(container, key))?;
            let n = items.len() as i64;
            let i = if i < 0 { i + n } else { i };
            if !(0..n).contains(&i) {
                return Err(space.new_exception(ExcKind::IndexError, "list assignment index out of range"));
            }
            items.remove(i as usize);
        }
        list::replace_items(container, &items);
        return Ok(());
    }
    if let Some(r) = call_user(container, "__delitem__", &[key]) {
        return r.map(|_| ());
    }
    if let Some(inner) = crate::subclass::inner(container) {
        return delitem(inner, key);
    }
    Err(type_error(format!("'{}' object doesn't support item deletion", tname(container))))
}

/// `item in container`.
pub fn contains(container: GcRef, item: GcRef) -> PyResult<bool> {
    let layout = container.layout();
    if layout == W_Dict::layout() {
        return Ok(dict::get(container, item)?.is_some());
    }
    if set::is_set(container) {
        return set::contains(container, item);
    }
    if let Some(found) = crate::buffer::contains(container, item)? {
        return Ok(found);
    }
    if let Some(found) = iter::items_view_contains(container, item)? {
        return Ok(found);
    }
    if layout == W_Str::layout() {
        if item.layout() != W_Str::layout() {
            return Err(type_error(format!("'in <string>' requires string as left operand, not {}", tname(item))));
        }
        return Ok(unicode::contains(container, item));
    }
    if layout == W_DictKeys::layout() {
        return Ok(dict::get(gc::get_ref(container, &W_DictKeys::DICT), item)?.is_some());
    }
    if layout == W_Range::layout() {
        if let Some(found) = iter::range_position(container, item) {
            return Ok(found.is_some());
        }
    }
    if layout == W_List::layout() {
        if let Some(found) = list::contains_int(container, item) {
            return Ok(found);
        }
        // CPython's `list_contains`: the length is read again after each comparison, which
        // may change the list.
        let mut i = 0;
        while i < list::len(container) {
            if eq(list::get(container, i), item)? {
                return Ok(true);
            }
            i += 1;
        }
        return Ok(false);
    }
    if layout == W_Tuple::layout() {
        let n = metatrace_gc::heap::array_len(container, &W_Tuple::ITEMS) as usize;
        for i in 0..n {
            if eq(gc::item_ref(container, &W_Tuple::ITEMS, i), item)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    if let Some(r) = call_user(container, "__contains__", &[item]) {
        return truthy(r?);
    }
    if let Some(value) = crate::subclass::inner(container) {
        return contains(value, item);
    }
    let it = iter(container).map_err(|e| {
        if lookup_user(container, "__iter__").is_none() && !is_instance_like(container) {
            type_error(format!("argument of type '{}' is not iterable", tname(container)))
        } else {
            e
        }
    })?;
    while let Some(x) = next(it)? {
        if eq(x, item)? {
            return Ok(true);
        }
    }
    Ok(false)
}

fn contains_impl(container: GcRef, item: GcRef) -> i64 {
    raising(contains(container, item).map(i64::from), 0)
}

metatrace::residual! {
    /// `item in container`: 1 or 0.
    pub fn contains_slow(container: Ref, item: Ref) -> Int;
    effect = Plain; can_raise = true; impl = contains_impl;
}

// ----- iteration -----

/// `iter(obj)`.
pub fn iter(obj: GcRef) -> PyResult<GcRef> {
    with_concrete(|d| protocol::iter(d, obj))
}

fn iter_full(obj: GcRef) -> PyResult<GcRef> {
    if let Some(it) = iter::builtin_iter(obj) {
        return Ok(it);
    }
    if let Some(r) = call_user(obj, "__iter__", &[]) {
        return check_iterator(r?);
    }
    if let Some(value) = crate::subclass::inner(obj) {
        // An iterator's `__iter__` returns the object itself: here the subclass instance.
        let it = iter(value)?;
        return Ok(if it == value { obj } else { it });
    }
    if lookup_user(obj, "__getitem__").is_some() {
        return Ok(iter::new_seq_iter(obj));
    }
    Err(type_error(format!("'{}' object is not iterable", tname(obj))))
}

/// `it`, the result of an `__iter__`, if it is an iterator; else CPython's `TypeError`.
fn check_iterator(it: GcRef) -> PyResult<GcRef> {
    if !iter::is_iterator(it) && lookup_user(it, "__next__").is_none() {
        return Err(type_error(format!("iter() returned non-iterator of type '{}'", tname(it))));
    }
    Ok(it)
}

fn checked_iterator_impl(it: GcRef) -> GcRef {
    raising_ref(check_iterator(it))
}

metatrace::residual! {
    /// `it` (what an `__iter__` returned) if it is an iterator, else a `TypeError`.
    pub fn checked_iterator(it: Ref) -> Ref;
    effect = Plain; can_raise = true; impl = checked_iterator_impl;
}

fn iter_slow_impl(obj: GcRef) -> GcRef {
    raising_ref(iter_full(obj))
}

metatrace::residual! {
    /// `iter(obj)` in every case.
    pub fn iter_slow(obj: Ref) -> Ref;
    effect = Plain; can_raise = true; impl = iter_slow_impl;
}

/// `next(it)`, `None` when exhausted.
pub fn next(it: GcRef) -> PyResult<Option<GcRef>> {
    if iter::is_iterator(it) {
        return iter::next(it);
    }
    let space = Space::get();
    match call_user(it, "__next__", &[]) {
        Some(Ok(v)) => Ok(Some(v)),
        Some(Err(e)) if typeobject::is_subtype(space.type_of(e), space.exception_type(ExcKind::StopIteration)) => {
            Ok(None)
        }
        Some(Err(e)) => Err(e),
        None => match crate::subclass::inner(it).filter(|&v| iter::is_iterator(v)) {
            Some(value) => next(value),
            None => Err(type_error(format!("'{}' object is not an iterator", tname(it)))),
        },
    }
}

/// `it.__next__()` of an iterator whose class defines `__next__` in Python, its
/// `StopIteration` left raised (a `yield from` takes its delegate's result from it); `None` for
/// other objects.
pub fn user_next(it: GcRef) -> Option<PyResult<GcRef>> {
    if iter::is_iterator(it) {
        return None;
    }
    call_user(it, "__next__", &[])
}

fn next_slow_impl(it: GcRef) -> GcRef {
    raising(next(it).map(|v| v.unwrap_or(GcRef::NULL)), GcRef::NULL)
}

metatrace::residual! {
    /// `next(it)` in every case; null when exhausted.
    pub fn next_slow(it: Ref) -> Ref;
    effect = Plain; can_raise = true; impl = next_slow_impl;
}

fn next_from_frame_impl(it: GcRef, frame: GcRef) -> GcRef {
    let result = crate::frame::with_native_caller(frame, || next(it));
    gc::keep_alive(&[it, frame]);
    raising(result.map(|v| v.unwrap_or(GcRef::NULL)), GcRef::NULL)
}

metatrace::residual! {
    /// `next(it)` of a generator resumed by `frame` (a `for` loop), which becomes the `f_back`
    /// of the generator's frame: the frames are written back first; null when exhausted.
    pub fn next_from_frame(it: Ref, frame: Ref) -> Ref;
    effect = MayForce; can_raise = true; impl = next_from_frame_impl;
}

pub use crate::gc::RootedVec;

/// The items of an iterable, kept alive while the result lives.
pub fn to_vec(iterable: GcRef) -> PyResult<RootedVec> {
    let layout = iterable.layout();
    if layout == W_Tuple::layout() || layout == W_List::layout() {
        return Ok(if layout == W_Tuple::layout() {
            RootedVec::from_slice(&W_Tuple::items(iterable))
        } else {
            list::items(iterable)
        });
    }
    if layout == crate::set::W_Set::layout() || layout == crate::set::W_FrozenSet::layout() {
        // Iteration order; no user code runs while the items are read.
        return Ok(crate::set::items(iterable));
    }
    let it = iter(iterable)?;
    let mut items = RootedVec::new();
    while let Some(item) = next(it)? {
        items.push(item);
    }
    Ok(items)
}

/// The items of an iterable as `list()`, `tuple()` and `list.extend` take them (CPython's
/// `list_extend`): a user object's length hint is asked first, and its errors propagate.
pub fn sequence_items(iterable: GcRef) -> PyResult<RootedVec> {
    if is_instance_like(iterable) {
        length_hint(iterable, 0)?;
    }
    to_vec(iterable)
}

/// CPython's `PyObject_LengthHint`: the length of `obj` if it has one, else what its
/// `__length_hint__` says, else `default` (a `TypeError` from either, or `NotImplemented`,
/// counts as no answer).
pub fn length_hint(obj: GcRef, default: usize) -> PyResult<usize> {
    let space = Space::get();
    let type_error_raised = |e: GcRef| crate::exceptions::is_instance_of(space, e, ExcKind::TypeError);
    if lookup_user(obj, "__len__").is_some() {
        match len(obj) {
            Ok(n) => return Ok(n),
            Err(e) if type_error_raised(e) => {}
            Err(e) => return Err(e),
        }
    }
    let Some(hint) = lookup_user(obj, "__length_hint__") else { return Ok(default) };
    let result = match call_bound(hint, obj, &Args::default()) {
        Ok(r) => r,
        Err(e) if type_error_raised(e) => return Ok(default),
        Err(e) => return Err(e),
    };
    if result == space.not_implemented {
        return Ok(default);
    }
    if bigint::to_ibig(crate::subclass::unwrap(result)).is_none() {
        return Err(type_error(format!("__length_hint__ must be an integer, not {}", tname(result))));
    }
    let n = index_value(result, "")
        .map_err(|_| space.new_exception(ExcKind::OverflowError, "Python int too large to convert to C ssize_t"))?;
    usize::try_from(n).map_err(|_| space.new_exception(ExcKind::ValueError, "__length_hint__() should return >= 0"))
}

// ----- types and exceptions -----

/// A method `name` that the metaclass of class `cls` defines in Python (`__instancecheck__`, ...).
pub fn metaclass_hook(cls: GcRef, name: &str) -> Option<GcRef> {
    let space = Space::get();
    if cls.layout() != W_Type::layout() || space.type_of(cls) == space.type_type {
        return None;
    }
    user_lookup_on(space.type_of(cls), name)
}

/// `isinstance(obj, cls)`.
pub fn isinstance(obj: GcRef, cls: GcRef) -> PyResult<bool> {
    let space = Space::get();
    if let Some(hook) = metaclass_hook(cls, "__instancecheck__") {
        return truthy(call_bound(hook, cls, &Args::positional(&[obj]))?);
    }
    if cls.layout() == W_Tuple::layout() {
        return recursive_call(" in __instancecheck__", || {
            for c in W_Tuple::items(cls) {
                if isinstance(obj, c)? {
                    return Ok(true);
                }
            }
            Ok(false)
        });
    }
    if cls.layout() != W_Type::layout() {
        if let Some(check) = lookup_user(cls, "__instancecheck__") {
            // A union, a parameterized generic, or any object whose type says how (CPython
            // looks `__instancecheck__` up on the type of any second argument).
            return truthy(call_bound(check, cls, &Args::positional(&[obj]))?);
        }
        // CPython's `object_isinstance` for a class-like object (one with a tuple `__bases__`):
        // the `__bases__` of the instance's `__class__` lead to it.
        check_class(cls, "isinstance() arg 2 must be a type, a tuple of types, or a union")?;
        return match getattr(obj, space.intern("__class__")) {
            Ok(claimed) => abstract_issubclass(claimed, cls),
            Err(e) if crate::traceback::is_instance_of(e, ExcKind::AttributeError) => Ok(false),
            Err(e) => Err(e),
        };
    }
    let ty = space.type_of(obj);
    if typeobject::is_subtype(ty, cls) || mapdict::instance_fields(obj.layout()).is_none() {
        return Ok(typeobject::is_subtype(ty, cls));
    }
    // CPython's object_isinstance: an instance may claim another class through `__class__`
    // (a property, as proxies and `_longrange.longrange` do).
    match getattr(obj, space.intern("__class__")) {
        Ok(claimed) if claimed != ty && claimed.layout() == W_Type::layout() => {
            Ok(typeobject::is_subtype(claimed, cls))
        }
        Ok(_) => Ok(false),
        Err(e) if crate::traceback::is_instance_of(e, ExcKind::AttributeError) => Ok(false),
        Err(e) => Err(e),
    }
}

/// `issubclass(derived, cls)`, CPython's `object_issubclass`: a `__subclasscheck__` of `cls`'s
/// metaclass (or type, for an object that is no class) decides; a tuple is searched, nested
/// tuples too; otherwise both must be classes, or class-like objects (with a tuple `__bases__`).
pub fn issubclass(derived: GcRef, cls: GcRef) -> PyResult<bool> {
    let hook = if cls.layout() == W_Type::layout() {
        metaclass_hook(cls, "__subclasscheck__")
    } else {
        lookup_user(cls, "__subclasscheck__")
    };
    if let Some(hook) = hook {
        return truthy(call_bound(hook, cls, &Args::positional(&[derived]))?);
    }
    if cls.layout() == W_Tuple::layout() {
        return recursive_call(" in __subclasscheck__", || {
            for c in W_Tuple::items(cls) {
                if issubclass(derived, c)? {
                    return Ok(true);
                }
            }
            Ok(false)
        });
    }
    if derived.layout() == W_Type::layout() && cls.layout() == W_Type::layout() {
        return Ok(typeobject::is_subtype(derived, cls));
    }
    check_class(derived, "issubclass() arg 1 must be a class")?;
    check_class(cls, "issubclass() arg 2 must be a class, a tuple of classes, or a union")?;
    abstract_issubclass(derived, cls)
}

/// The `__bases__` of a class-like object when it is a tuple (CPython's `abstract_get_bases`);
/// `None` when it has none (an `AttributeError`) or it is no tuple.
fn abstract_bases(cls: GcRef) -> PyResult<Option<GcRef>> {
    match getattr(cls, Space::get().intern("__bases__")) {
        Ok(bases) => Ok((bases.layout() == W_Tuple::layout()).then_some(bases)),
        Err(e) if crate::traceback::is_instance_of(e, ExcKind::AttributeError) => Ok(None),
        Err(e) => Err(e),
    }
}

/// `TypeError(message)` unless `cls` is class-like (CPython's `check_class`).
fn check_class(cls: GcRef, message: &str) -> PyResult<()> {
    match abstract_bases(cls)? {
        Some(_) => Ok(()),
        None => Err(type_error(message.to_owned())),
    }
}

/// Whether `cls` is `derived` or found along the `__bases__` of `derived` (CPython's
/// `abstract_issubclass`): single inheritance is followed in a loop, several bases
/// recursively, within the recursion limit.
fn abstract_issubclass(mut derived: GcRef, cls: GcRef) -> PyResult<bool> {
    loop {
        if derived == cls {
            return Ok(true);
        }
        let Some(bases) = abstract_bases(derived)? else { return Ok(false) };
        // The items are read from the tuple as they are needed: it holds them.
        match gc::len(bases, &W_Tuple::ITEMS) {
            0 => return Ok(false),
            1 => derived = gc::item_ref(bases, &W_Tuple::ITEMS, 0),
            n => {
                return recursive_call("", || {
                    for i in 0..n {
                        if abstract_issubclass(gc::item_ref(bases, &W_Tuple::ITEMS, i), cls)? {
                            return Ok(true);
                        }
                    }
                    Ok(false)
                });
            }
        }
    }
}

fn isinstance_slow_impl(obj: GcRef, cls: GcRef) -> i64 {
    raising(isinstance(obj, cls).map(i64::from), 0)
}

metatrace::residual! {
    /// `isinstance(obj, cls)` in every case: 1 or 0.
    pub fn isinstance_slow(obj: Ref, cls: Ref) -> Int;
    effect = Plain; can_raise = true; impl = isinstance_slow_impl;
}

/// Whether exception `exc` matches the class or tuple of classes `cls` of an `except` clause.
pub fn exception_matches(exc: GcRef, cls: GcRef) -> PyResult<bool> {
    let space = Space::get();
    let base = space.exception_type(ExcKind::BaseException);
    let classes = if cls.layout() == W_Tuple::layout() { W_Tuple::items(cls) } else { vec![cls] };
    for &c in &classes {
        if c.layout() != W_Type::layout() || !typeobject::is_subtype(c, base) {
            return Err(type_error(
                "catching classes that do not inherit from BaseException is not allowed".to_owned(),
            ));
        }
    }
    Ok(classes.iter().any(|&c| typeobject::is_subtype(space.type_of(exc), c)))
}

fn exception_matches_impl(exc: GcRef, cls: GcRef) -> i64 {
    raising(exception_matches(exc, cls).map(i64::from), 0)
}

metatrace::residual! {
    /// Whether an exception matches an `except` clause's classes: 1 or 0.
    pub fn exception_matches_slow(exc: Ref, cls: Ref) -> Int;
    effect = Plain; can_raise = true; impl = exception_matches_impl;
}

/// The exception that `raise value` raises: an instance of the class `value`, or `value` itself.
pub fn exception_instance(value: GcRef) -> PyResult<GcRef> {
    let space = Space::get();
    let base = space.exception_type(ExcKind::BaseException);
    if value.layout() == W_Type::layout() && typeobject::is_subtype(value, base) {
        let exc = call(value, &[])?;
        if exc.layout() != W_Exception::layout() {
            let message = format!(
                "calling {} should have returned an instance of BaseException, not {}",
                repr::repr(value)?,
                tname(exc)
            );
            return Err(type_error(message));
        }
        return Ok(exc);
    }
    if value.layout() == W_Exception::layout() {
        return Ok(value);
    }
    Err(type_error("exceptions must derive from BaseException".to_owned()))
}

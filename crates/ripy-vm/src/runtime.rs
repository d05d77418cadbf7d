//! Residual functions of the interpreter's instructions that have no fast path worth tracing:
//! building functions and collections, unpacking, `with`, `raise`, formatting, and the errors
//! of unbound names.

use crate::dict::{self, W_Dict};
use crate::exceptions::{ExcKind, Fault, W_Exception};
use crate::format;
use crate::frame::W_Frame;
use crate::function::{self, Args, W_Function};
use crate::gc;
use crate::list::{self, W_List};
use crate::objspace;
use crate::ops::UnaryOp;
use crate::set;
use crate::space::{PyResult, Space};
use crate::traceback;
use crate::tuple::W_Tuple;
use crate::typeobject::{self, W_Type};
use crate::unicode;
use metatrace::call::set_exception;
use metatrace::domain::Domain;
use metatrace_gc::{GcObject, GcRef};

/// The value of `r` for a residual function: on an error, the exception is set and `fallback`
/// returned.
pub(crate) fn raising<T>(r: PyResult<T>, fallback: T) -> T {
    r.unwrap_or_else(|e| {
        set_exception(e);
        fallback
    })
}

fn raising_ref(r: PyResult<GcRef>) -> GcRef {
    raising(r, GcRef::NULL)
}

fn unbound_impl(kind: i64, w_name: GcRef) -> GcRef {
    let space = Space::get();
    let name = unicode::to_string_lossy(w_name);
    match kind {
        0 => space.new_exception(
            ExcKind::UnboundLocalError,
            &format!("cannot access local variable '{name}' where it is not associated with a value"),
        ),
        1 => named_name_error(space, &format!("name '{name}' is not defined"), w_name),
        _ => named_name_error(
            space,
            &format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope"),
            w_name,
        ),
    }
}

/// A `NameError` with `message` whose `name` attribute is `name` (for the "Did you mean"
/// suggestion of its report).
fn named_name_error(space: &Space, message: &str, name: GcRef) -> GcRef {
    let exc = space.new_exception(ExcKind::NameError, message);
    crate::mapdict::set_attr(exc, space.intern("name"), name);
    exc
}

metatrace::residual! {
    /// The error for an unbound variable: kind 0 a local, 1 a global or name, 2 a free variable.
    pub fn unbound(kind: Int, name: Ref) -> Ref;
    effect = Plain; can_raise = false; impl = unbound_impl;
}

fn delete_attr_impl(obj: GcRef, name: GcRef) {
    raising(objspace::delattr(obj, name), ())
}

metatrace::residual! {
    /// `del obj.name`.
    pub fn delete_attr(obj: Ref, name: Ref) -> Void;
    effect = Plain; can_raise = true; impl = delete_attr_impl;
}

fn delete_item_impl(container: GcRef, key: GcRef) {
    raising(objspace::delitem(container, key), ())
}

metatrace::residual! {
    /// `del container[key]`.
    pub fn delete_item(container: Ref, key: Ref) -> Void;
    effect = Plain; can_raise = true; impl = delete_item_impl;
}

/// `item in container`, 1 or 0: dicts in domain code, the rest natively.
pub fn contains<D: Domain>(d: &mut D, container: D::Ref, item: D::Ref) -> Result<D::Int, D::Ref> {
    if d.layout_of(container) == W_Dict::layout() {
        return dict::contains(d, container, item);
    }
    objspace::contains_slow(d, container, item)
}

fn call_ex_impl(callable: GcRef, args: GcRef, kwargs: GcRef) -> GcRef {
    let call = || -> PyResult<GcRef> {
        let rooted = if args.layout() == W_Tuple::layout() {
            objspace::RootedVec::from_slice(&W_Tuple::items(args))
        } else {
            objspace::to_vec(args)
                .map_err(|e| not_iterable_error(e, args, &format!("{} argument after *", callable_name(callable))))?
        };
        let keywords = if kwargs.is_null() { Vec::new() } else { keyword_pairs(callable, kwargs)? };
        objspace::call_object(callable, &Args { positional: rooted.iter().copied().collect(), keywords })
    };
    raising_ref(call())
}

/// The error of unpacking `*value`: a `TypeError` from an object that is neither iterable nor
/// a sequence becomes "`what` must be an iterable, not T"; any other error (one raised while
/// iterating) is kept, as CPython's `check_args_iterable`.
fn not_iterable_error(e: GcRef, value: GcRef, what: &str) -> GcRef {
    let space = Space::get();
    let iterable = objspace::lookup_user(value, "__iter__").is_some()
        || objspace::lookup_user(value, "__getitem__").is_some()
        || crate::iter::builtin_iter(value).is_some();
    if iterable || !typeobject::is_subtype(space.type_of(e), space.exception_type(ExcKind::TypeError)) {
        return e;
    }
    let message = format!("{what} must be an iterable, not {}", space.type_name(value));
    space.new_exception(ExcKind::TypeError, &message)
}

/// The (name, value) pairs of a `**kwargs` mapping.
fn keyword_pairs(callable: GcRef, kwargs: GcRef) -> PyResult<Vec<(GcRef, GcRef)>> {
    let space = Space::get();
    if kwargs.layout() != W_Dict::layout() {
        let message =
            format!("{} argument after ** must be a mapping, not {}", callable_name(callable), space.type_name(kwargs));
        return Err(space.new_exception(ExcKind::TypeError, &message));
    }
    let mut pairs = dict::items(kwargs);
    for (k, _) in pairs.iter_mut() {
        *k = crate::subclass::unwrap(*k);
        if k.layout() != unicode::W_Str::layout() {
            return Err(space.new_exception(ExcKind::TypeError, "keywords must be strings"));
        }
    }
    Ok(pairs)
}

/// How CPython names a callable in argument errors (its `_PyObject_FunctionStr`):
/// `module.qualname()`, just `qualname()` for builtins, else `str(callable)`.
fn callable_name(callable: GcRef) -> String {
    let space = Space::get();
    let text = |name: &str| {
        objspace::getattr(callable, space.intern(name))
            .ok()
            .filter(|v| v.layout() == unicode::W_Str::layout())
            .map(unicode::to_string_lossy)
    };
    match (text("__qualname__"), text("__module__")) {
        (Some(q), Some(m)) if m != "builtins" => format!("{m}.{q}()"),
        (Some(q), _) => format!("{q}()"),
        _ => objspace::str_obj(callable)
            .map_or_else(|_| format!("{} object", space.type_name(callable)), unicode::to_string_lossy),
    }
}

/// `DICT_MERGE`: add the `**` mapping `value` to the keyword arguments `target` of a call of
/// `callable`, with CPython's errors.
fn dict_merge_impl(callable: GcRef, target: GcRef, value: GcRef) {
    let space = Space::get();
    let merge = || -> PyResult<()> {
        // Flattened (key, value) pairs, rooted: a mapping's `__getitem__` may return new objects.
        let pairs = if value.layout() == W_Dict::layout() {
            dict::rooted_items(value)
        } else if let Some(keys) = objspace::lookup_user(value, "keys") {
            let keys = objspace::to_vec(objspace::call_bound(keys, value, &Args::default())?)?;
            let mut pairs = crate::gc::RootedPairs::with_capacity(keys.len());
            for &k in keys.iter() {
                let v = objspace::getitem(value, k)?;
                pairs.push(k, v);
            }
            pairs
        } else {
            let message = format!(
                "{} argument after ** must be a mapping, not {}",
                callable_name(callable),
                space.type_name(value)
            );
            return Err(space.new_exception(ExcKind::TypeError, &message));
        };
        for (k, v) in pairs.iter() {
            if dict::get(target, k)?.is_some() {
                let message = format!(
                    "{} got multiple values for keyword argument '{}'",
                    callable_name(callable),
                    unicode::to_string_lossy(objspace::str_obj(k)?)
                );
                return Err(space.new_exception(ExcKind::TypeError, &message));
            }
            dict::set(target, k, v)?;
        }
        Ok(())
    };
    raising(merge(), ())
}

metatrace::residual! {
    /// `DICT_MERGE`: merge a `**` argument into the keyword arguments of a call of `callable`.
    pub fn dict_merge(callable: Ref, target: Ref, value: Ref) -> Void;
    effect = Plain; can_raise = true; impl = dict_merge_impl;
}

metatrace::residual! {
    /// `callable(*args, **kwargs)` (`kwargs` null when absent).
    pub fn call_ex(callable: Ref, args: Ref, kwargs: Ref) -> Ref;
    effect = Plain; can_raise = true; impl = call_ex_impl;
}

fn call_ex_with_frame_impl(callable: GcRef, args: GcRef, kwargs: GcRef, frame: GcRef) -> GcRef {
    crate::frame::with_native_caller(frame, || call_ex_impl(callable, args, kwargs))
}

metatrace::residual! {
    /// `callable(*args, **kwargs)` of a builtin that needs its caller's frame (`exec(*args)`),
    /// made by `frame`, which escapes (see `objspace::call_with_frame`).
    pub fn call_ex_with_frame(callable: Ref, args: Ref, kwargs: Ref, frame: Ref) -> Ref;
    effect = MayForce; can_raise = true; impl = call_ex_with_frame_impl;
}

fn make_function_impl(
    code: GcRef,
    frame: GcRef,
    defaults: GcRef,
    kwdefaults: GcRef,
    annotations: GcRef,
    closure: GcRef,
) -> GcRef {
    let globals = gc::get_ref(frame, &W_Frame::GLOBALS);
    let builtins = gc::get_ref(frame, &W_Frame::BUILTINS);
    let module = dict::get_str(globals, Space::get().intern_static("__name__")).unwrap_or(GcRef::NULL);
    let parts = function::FunctionParts { globals, builtins, module, defaults, kwdefaults, closure };
    let f = crate::interp::with_concrete(|d| function::new_function(d, code, parts));
    if !annotations.is_null() {
        let d = dict::new();
        let items = W_Tuple::items(annotations);
        for pair in items.chunks(2) {
            raising(dict::set(d, pair[0], pair[1]), ());
        }
        gc::set_ref(f, &W_Function::ANNOTATIONS, d);
    }
    f
}

metatrace::residual! {
    /// A new function of `code` in the globals of `frame` (the other arguments null when absent).
    pub fn make_function(code: Ref, frame: Ref, defaults: Ref, kwdefaults: Ref, annotations: Ref, closure: Ref) -> Ref;
    effect = Plain; can_raise = false; impl = make_function_impl;
}

fn unary_slow_impl(op: i64, v: GcRef) -> GcRef {
    let op = UnaryOp::ALL[op as usize];
    let name = match op {
        UnaryOp::Neg => "__neg__",
        UnaryOp::Pos => "__pos__",
        UnaryOp::Invert => "__invert__",
    };
    match objspace::lookup_user(v, name) {
        Some(f) => raising_ref(objspace::call_bound(f, v, &Args::default())),
        None if crate::subclass::inner(v).is_some() => {
            let value = crate::subclass::unwrap(v);
            let result = crate::interp::with_concrete(|d| crate::ops::unary_op(d, op, value));
            raising_ref(result.map_err(|_| Space::get().fault(Fault::UnaryType(op, v))))
        }
        None => {
            set_exception(Space::get().fault(Fault::UnaryType(op, v)));
            GcRef::NULL
        }
    }
}

metatrace::residual! {
    /// A unary operator on an instance.
    pub fn unary_slow(op: Int, v: Ref) -> Ref;
    effect = Plain; can_raise = true; impl = unary_slow_impl;
}

/// The messages of the `RuntimeError`s of a zero-argument `super()` that cannot find its
/// arguments (CPython's `super_init_without_args`), indexed by [`super_error`]'s argument.
pub const SUPER_ERRORS: [&str; 4] = [
    "super(): no arguments",
    "super(): arg[0] deleted",
    "super(): __class__ cell not found",
    "super(): empty __class__ cell",
];

fn super_error_impl(which: i64) -> GcRef {
    Space::get().new_exception(ExcKind::RuntimeError, SUPER_ERRORS[which as usize])
}

metatrace::residual! {
    /// The `RuntimeError` of a zero-argument `super()`: message `SUPER_ERRORS[which]`.
    pub fn super_error(which: Int) -> Ref;
    effect = Plain; can_raise = false; impl = super_error_impl;
}

fn with_exit_impl(exit: GcRef, exc: GcRef) -> GcRef {
    let space = Space::get();
    let tb =
        if exc.layout() == W_Exception::layout() { gc::get_ref(exc, &W_Exception::TRACEBACK) } else { GcRef::NULL };
    let tb = if tb.is_null() { space.none } else { tb };
    raising_ref(objspace::call(exit, &[space.type_of(exc), exc, tb]))
}

metatrace::residual! {
    /// `exit(type(exc), exc, tb)` for a `with` block left by an exception.
    pub fn with_exit(exit: Ref, exc: Ref) -> Ref;
    effect = Plain; can_raise = true; impl = with_exit_impl;
}

fn before_with_impl(manager: GcRef, frame: GcRef) -> GcRef {
    let space = Space::get();
    let ty = space.type_of(manager);
    let find = |name: &str| crate::typeobject::lookup_where(ty, space.intern(name)).map(|(_, v)| v);
    let (Some(enter), Some(_)) = (find("__enter__"), find("__exit__")) else {
        let missing = if find("__enter__").is_none() { "" } else { " (missed __exit__ method)" };
        let message =
            format!("'{}' object does not support the context manager protocol{missing}", space.type_name(manager));
        set_exception(space.new_exception(ExcKind::TypeError, &message));
        return GcRef::NULL;
    };
    let exit = objspace::getattr(manager, space.intern("__exit__"));
    let result = exit.and_then(|exit| {
        let entered =
            crate::frame::with_native_caller(frame, || objspace::call_bound(enter, manager, &Args::default()))?;
        Ok(W_Tuple::from_slice(&[exit, entered]))
    });
    gc::keep_alive(&[manager, frame]);
    raising_ref(result)
}

metatrace::residual! {
    /// `with manager:` in `frame`: the pair (bound `__exit__`, result of `__enter__`). `frame`
    /// is the `f_back` of `__enter__`'s frame, so the frames are written back first.
    pub fn before_with(manager: Ref, frame: Ref) -> Ref;
    effect = MayForce; can_raise = true; impl = before_with_impl;
}

fn build_collection_impl(kind: i64, items: GcRef) -> GcRef {
    let items = W_Tuple::items(items);
    // Rooted: the tuple may be dead once its items are copied out (the new set allocates).
    let _rooted = metatrace_gc::root_slice(&items);
    if kind == 0 {
        return list::new_list(&items);
    }
    raising(set::new_set_of(&items), GcRef::NULL)
}

metatrace::residual! {
    /// A new list (kind 0) or set (kind 1) of the items of a tuple.
    pub fn build_collection(kind: Int, items: Ref) -> Ref;
    effect = Plain; can_raise = true; impl = build_collection_impl;
}

metatrace::residual! {
    /// A new empty dict.
    pub fn new_dict() -> Ref;
    effect = Plain; can_raise = false; impl = dict::new;
}

fn join_strings_impl(parts: GcRef) -> GcRef {
    let mut bytes = Vec::new();
    for p in W_Tuple::items(parts) {
        bytes.extend(unicode::wtf8(p));
    }
    unicode::from_wtf8(&bytes)
}

metatrace::residual! {
    /// The concatenation of a tuple of strs.
    pub fn join_strings(parts: Ref) -> Ref;
    effect = Plain; can_raise = false; impl = join_strings_impl;
}

fn collection_update_impl(kind: i64, target: GcRef, value: GcRef) {
    let space = Space::get();
    let update = || -> PyResult<()> {
        match kind {
            0 => set::add(target, value),
            1 => {
                let items = objspace::to_vec(value).map_err(|e| not_iterable_error(e, value, "Value after *"))?;
                list::extend(target, &items);
                Ok(())
            }
            2 => set::update_from_iterable(target, value),
            _ => {
                let value = if value.layout() != W_Dict::layout() && objspace::lookup_user(value, "keys").is_some()
                    || crate::subclass::inner(value).is_some_and(|v| v.layout() == W_Dict::layout())
                {
                    let copy = dict::new();
                    crate::builtins::dict_merge_from(space, copy, value)?;
                    copy
                } else {
                    value
                };
                if value.layout() != W_Dict::layout() {
                    let message = format!("'{}' object is not a mapping", space.type_name(value));
                    return Err(space.new_exception(ExcKind::TypeError, &message));
                }
                // Rooted: `value` may be the copy made above, dead once its items are read, whose
                // keys and values (a mapping's `__getitem__` results) nothing else holds.
                for (k, v) in dict::rooted_items(value).iter() {
                    if kind == 4 && dict::get(target, k)?.is_some() {
                        let message =
                            format!("got multiple values for keyword argument '{}'", unicode::to_string_lossy(k));
                        return Err(space.new_exception(ExcKind::TypeError, &message));
                    }
                    dict::set(target, k, v)?;
                }
                Ok(())
            }
        }
    };
    raising(update(), ())
}

metatrace::residual! {
    /// Add to a collection: 0 set add, 1 list extend, 2 set update, 3 dict update, 4 dict merge.
    pub fn collection_update(kind: Int, target: Ref, value: Ref) -> Void;
    effect = Plain; can_raise = true; impl = collection_update_impl;
}

fn to_tuple_impl(l: GcRef) -> GcRef {
    W_Tuple::from_slice(&list::items(l))
}

metatrace::residual! {
    /// `tuple(list)`.
    pub fn to_tuple(l: Ref) -> Ref;
    effect = Plain; can_raise = false; impl = to_tuple_impl;
}

fn unpack_impl(seq: GcRef, n: i64, before: i64) -> GcRef {
    let space = Space::get();
    let unpack = || -> PyResult<GcRef> {
        let value = crate::subclass::builtin_value(seq, "__iter__");
        let iterable = value.layout() == W_Tuple::layout()
            || value.layout() == W_List::layout()
            || value.layout() == crate::iter::W_Range::layout()
            || crate::iter::builtin_iter(value).is_some()
            || objspace::lookup_user(seq, "__iter__").is_some()
            || objspace::lookup_user(seq, "__getitem__").is_some();
        if !iterable {
            let message = format!("cannot unpack non-iterable {} object", space.type_name(seq));
            return Err(space.new_exception(ExcKind::TypeError, &message));
        }
        let items = objspace::to_vec(seq)?;
        let n = n as usize;
        if before < 0 {
            if items.len() < n {
                let message = format!("not enough values to unpack (expected {n}, got {})", items.len());
                return Err(space.new_exception(ExcKind::ValueError, &message));
            }
            if items.len() > n {
                let message = format!("too many values to unpack (expected {n})");
                return Err(space.new_exception(ExcKind::ValueError, &message));
            }
            return Ok(W_Tuple::from_slice(&items));
        }
        if items.len() < n {
            let message = format!("not enough values to unpack (expected at least {n}, got {})", items.len());
            return Err(space.new_exception(ExcKind::ValueError, &message));
        }
        let before = before as usize;
        let after = n - before;
        let mut out = items[..before].to_vec();
        out.push(list::new_list(&items[before..items.len() - after]));
        out.extend_from_slice(&items[items.len() - after..]);
        Ok(W_Tuple::from_slice(&out))
    };
    raising_ref(unpack())
}

metatrace::residual! {
    /// The `n` values of `seq` as a tuple (with a list of the rest after `before` of them when
    /// `before` is not -1).
    pub fn unpack(seq: Ref, n: Int, before: Int) -> Ref;
    effect = Plain; can_raise = true; impl = unpack_impl;
}

fn format_value_impl(v: GcRef, conversion: i64, spec: GcRef) -> GcRef {
    let run = || -> PyResult<GcRef> {
        let converted = match conversion {
            1 => objspace::str_obj(v)?,
            2 => objspace::repr_obj(v)?,
            3 => unicode::new_str(&format::ascii(&objspace::repr(v)?)),
            _ => v,
        };
        let spec = if spec.is_null() { String::new() } else { unicode::to_string_lossy(spec) };
        format::format(converted, &spec)
    };
    raising_ref(run())
}

metatrace::residual! {
    /// `format(v, spec)` after an f-string conversion (0 none, 1 `!s`, 2 `!r`, 3 `!a`).
    pub fn format_value(v: Ref, conversion: Int, spec: Ref) -> Ref;
    effect = Plain; can_raise = true; impl = format_value_impl;
}

fn setup_annotations_impl(locals: GcRef) {
    let key = Space::get().intern("__annotations__");
    if locals.layout() == W_Dict::layout() {
        if dict::get_str(locals, key).is_none() {
            dict::set_str(locals, key, dict::new());
        }
        return;
    }
    // A mapping that is not a dict (exec's locals, a metaclass's `__prepare__`): its own
    // `__getitem__` and `__setitem__`, as CPython's SETUP_ANNOTATIONS.
    let result = match objspace::getitem(locals, key) {
        Err(e) if crate::subclass::is_key_error(e) => objspace::setitem(locals, key, dict::new()),
        other => other.map(|_| ()),
    };
    raising(result, ())
}

metatrace::residual! {
    /// Create `__annotations__` in a module or class namespace.
    pub fn setup_annotations(locals: Ref) -> Void;
    effect = Plain; can_raise = true; impl = setup_annotations_impl;
}

fn print_expr_impl(value: GcRef) {
    raising(crate::modules::sys::print_expr(Space::get(), value), ())
}

metatrace::residual! {
    /// `PRINT_EXPR`: pass the value of an interactive expression statement to `sys.displayhook`.
    pub fn print_expr(value: Ref) -> Void;
    effect = Plain; can_raise = true; impl = print_expr_impl;
}

fn no_active_exception_impl() -> GcRef {
    Space::get().new_exception(ExcKind::RuntimeError, "No active exception to reraise")
}

metatrace::residual! {
    /// `RuntimeError: No active exception to reraise`.
    pub fn no_active_exception() -> Ref;
    effect = Plain; can_raise = false; impl = no_active_exception_impl;
}

fn prepare_raise_impl(value: GcRef, cause: GcRef) -> GcRef {
    let space = Space::get();
    let prepare = || -> PyResult<GcRef> {
        let exc = objspace::exception_instance(value)?;
        if !cause.is_null() {
            let cause = if cause == space.none {
                GcRef::NULL
            } else {
                let base = space.exception_type(ExcKind::BaseException);
                let class = cause.layout() == W_Type::layout() && typeobject::is_subtype(cause, base);
                if !class && cause.layout() != W_Exception::layout() {
                    let message = "exception causes must derive from BaseException";
                    return Err(space.new_exception(ExcKind::TypeError, message));
                }
                // A cause class is called, its errors propagate and its result is not checked.
                if class {
                    objspace::call(cause, &[])?
                } else {
                    cause
                }
            };
            gc::set_ref(exc, &W_Exception::CAUSE, cause);
            gc::set_i64(exc, &W_Exception::SUPPRESS_CONTEXT, 1);
        }
        traceback::set_context(exc);
        Ok(exc)
    };
    prepare().unwrap_or_else(|e| e)
}

metatrace::residual! {
    /// The exception `raise value from cause` raises (`cause` null without `from`); errors in the
    /// operands give the exception to raise instead.
    pub fn prepare_raise(value: Ref, cause: Ref) -> Ref;
    effect = Plain; can_raise = false; impl = prepare_raise_impl;
}

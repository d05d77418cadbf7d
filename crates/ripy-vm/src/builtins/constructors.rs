//! Calls of builtin types (`int(x)`, `range(n)`, `list(it)`, ...) and `repr()` of runtime objects.

use super::*;
use dict_methods::dict_merge_from;

/// `cls(*args)` for a builtin type; `None` when `cls` is not one with a constructor here.
pub fn construct(space: &'static Space, cls: GcRef, args: &Args) -> Option<PyResult<GcRef>> {
    let builtin_type = gc::get_i64(cls, &W_Type::FLAGS) & typeobject::flags::HEAPTYPE == 0;
    if !builtin_type || typeobject::instance_layout(cls) == typeobject::InstanceLayout::Exception {
        return None;
    }
    let mut buffer = [0u8; NAME_BUFFER];
    let Some(name) = short_name(cls, &mut buffer) else {
        return Some(Err(type_error(space, format!("cannot create '{}' instances", typeobject::name(cls)))));
    };
    Some(match name {
        "object" => {
            if !args.positional.is_empty() || !args.keywords.is_empty() {
                Err(type_error(space, "object() takes no arguments".to_owned()))
            } else {
                Ok(mapdict::new_object(W_Instance::layout(), cls))
            }
        }
        "type" => new_type(space, args),
        "int" => new_int(space, args),
        "float" => new_float(space, args),
        "str" => new_str_obj(space, args),
        "bool" => expect(space, "bool", args, 0, 1)
            .and_then(|a| a.first().map_or(Ok(false), |&v| objspace::truthy(v)))
            .map(|b| space.w_bool(b)),
        "list" => expect(space, "list", args, 0, 1)
            .and_then(|a| a.first().map_or_else(|| Ok(objspace::RootedVec::new()), |&v| objspace::sequence_items(v)))
            .map(|items| list::new_list(&items)),
        "tuple"
            if args.keywords.is_empty()
                && matches!(args.positional.as_slice(), [t] if t.layout() == W_Tuple::layout()) =>
        {
            Ok(args.positional[0])
        }
        "tuple" => expect(space, "tuple", args, 0, 1)
            .and_then(|a| a.first().map_or_else(|| Ok(objspace::RootedVec::new()), |&v| objspace::sequence_items(v)))
            .map(|items| W_Tuple::from_slice(&items)),
        "set" => expect(space, "set", args, 0, 1)
            .and_then(|a| a.first().map_or_else(|| Ok(set::new_set()), |&v| set::from_iterable(false, v))),
        "frozenset"
            if args.keywords.is_empty()
                && matches!(args.positional.as_slice(), [s] if s.layout() == set::W_FrozenSet::layout()) =>
        {
            Ok(args.positional[0])
        }
        "frozenset" => expect(space, "frozenset", args, 0, 1)
            .and_then(|a| a.first().map_or_else(|| set::new_frozenset(&[]), |&v| set::from_iterable(true, v))),
        "dict" => new_dict(space, args),
        "range" => new_range(space, args),
        "enumerate" => new_enumerate(space, args),
        "zip" => super::params::only_keywords(space, "zip", args, &["strict"])
            .and_then(|_| keyword(space, "zip", args, &["strict"], "strict"))
            .and_then(|strict| {
                let strict = strict.map_or(Ok(false), objspace::truthy)?;
                let iters: objspace::RootedVec =
                    args.positional.iter().map(|&a| objspace::iter(a)).collect::<PyResult<_>>()?;
                let z = iter::wrap(W_Zip::layout(), &W_Zip::ITERS, W_Tuple::from_slice(&iters));
                gc::set_i64(z, &W_Zip::STRICT, i64::from(strict));
                Ok(z)
            }),
        "reversed" => new_reversed(space, args),
        "map" => {
            if args.positional.len() < 2 {
                Err(type_error(space, "map() must have at least two arguments.".to_owned()))
            } else {
                let iters = args.positional[1..].iter().map(|&a| objspace::iter(a));
                iters.collect::<PyResult<objspace::RootedVec>>().map(|iters| {
                    let m = iter::wrap(W_MapIter::layout(), &W_MapIter::FUNC, args.positional[0]);
                    gc::set_ref(m, &W_MapIter::ITERS, W_Tuple::from_slice(&iters));
                    m
                })
            }
        }
        "filter" => expect(space, "filter", args, 2, 2).and_then(|a| {
            let f = iter::wrap(W_FilterIter::layout(), &W_FilterIter::FUNC, a[0]);
            gc::set_ref(f, &W_FilterIter::ITER, objspace::iter(a[1])?);
            Ok(f)
        }),
        "property" => {
            let allowed = ["fget", "fset", "fdel", "doc"];
            let p = metatrace_gc::alloc(W_Property::layout());
            let fields = [&W_Property::FGET, &W_Property::FSET, &W_Property::FDEL, &W_Property::DOC];
            let mut result = Ok(p);
            for (k, (field, key)) in fields.iter().zip(allowed).enumerate() {
                let v = match args.positional.get(k).copied().map(Ok).unwrap_or_else(|| {
                    keyword(space, "property", args, &allowed, key).map(|v| v.unwrap_or(GcRef::NULL))
                }) {
                    Ok(v) => v,
                    Err(e) => {
                        result = Err(e);
                        break;
                    }
                };
                gc::set_ref(p, field, if v == space.none { GcRef::NULL } else { v });
            }
            result
        }
        "classmethod" => {
            one(space, "classmethod", args).and_then(|f| function::new_method_wrapper(W_ClassMethod::layout(), f))
        }
        "staticmethod" => {
            one(space, "staticmethod", args).and_then(|f| function::new_method_wrapper(W_StaticMethod::layout(), f))
        }
        "super" => new_super(space, args),
        "complex" => complex_methods::new_complex(space, args),
        "NoneType" | "ellipsis" | "NotImplementedType" => {
            if !args.positional.is_empty() || !args.keywords.is_empty() {
                Err(type_error(space, format!("{name} takes no arguments")))
            } else {
                Ok(match name {
                    "NoneType" => space.none,
                    "ellipsis" => space.ellipsis,
                    _ => space.not_implemented,
                })
            }
        }
        "bytes" => bytes_methods::new_bytes_obj(space, args),
        "bytearray" => bytes_methods::new_bytearray_obj(space, args),
        "memoryview" => bytes_methods::new_memoryview_obj(space, args),
        "module" => super::params::bind(space, "module", &args.positional, &args.keywords, &["name", "doc"], 1)
            .and_then(|values| {
                let name = values[0].map(crate::subclass::unwrap).unwrap_or(space.none);
                if name.layout() != W_Str::layout() {
                    let message = format!("module() argument 'name' must be str, not {}", space.type_name(name));
                    return Err(type_error(space, message));
                }
                let m = crate::module::new_module(space, name);
                if let Some(doc) = values[1] {
                    dict::set_str(gc::get_ref(m, &crate::module::W_Module::DICT), space.intern("__doc__"), doc);
                }
                Ok(m)
            }),
        "method" => expect(space, "method", args, 2, 2).and_then(|a| {
            if !is_callable(a[0]) {
                Err(type_error(space, "first argument must be callable".to_owned()))
            } else if a[1] == space.none {
                Err(type_error(space, "instance must not be None".to_owned()))
            } else {
                Ok(function::new_method(a[0], a[1]))
            }
        }),
        "function" => new_function(space, args),
        "slice" => expect(space, "slice", args, 1, 3).map(|a| match a {
            [stop] => iter::new_slice(space.none, *stop, space.none),
            [start, stop] => iter::new_slice(*start, *stop, space.none),
            _ => iter::new_slice(a[0], a[1], a[2]),
        }),
        "cell" => no_keywords(space, "cell", args).and_then(|()| match args.positional.as_slice() {
            [] => Ok(function::new_cell(GcRef::NULL)),
            [contents] => Ok(function::new_cell(*contents)),
            more => Err(type_error(space, format!("cell expected at most 1 argument, got {}", more.len()))),
        }),
        "traceback" => {
            let names = ["tb_next", "tb_frame", "tb_lasti", "tb_lineno"];
            super::params::bind(space, "TracebackType", &args.positional, &args.keywords, &names, 4).and_then(|v| {
                let [next, frame, lasti, lineno] = [v[0], v[1], v[2], v[3]].map(|a| a.unwrap_or(space.none));
                crate::traceback::new_traceback(space, next, frame, lasti, lineno)
            })
        }
        _ => Err(type_error(space, format!("cannot create '{name}' instances"))),
    })
}

/// `FunctionType(code, globals, name=None, argdefs=None, closure=None)` (CPython's `func_new`):
/// the builtins are those of the globals' `__builtins__`, else the caller's (the interpreter
/// calls the type with its frame), else the builtins module's.
fn new_function(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let names = ["code", "globals", "name", "argdefs", "closure"];
    let values = super::params::bind(space, "function", &args.positional, &args.keywords, &names, 2)?;
    let [code, globals, name, defaults, closure] = [0, 1, 2, 3, 4].map(|i| values[i].unwrap_or(space.none));
    let argument_error = |name: &str, expected: &str, value: GcRef| {
        let message = format!("function() argument '{name}' must be {expected}, not {}", space.type_name(value));
        Err(type_error(space, message))
    };
    if code.layout() != crate::code::W_Code::layout() {
        return argument_error("code", "code", code);
    }
    if globals.layout() != W_Dict::layout() {
        return argument_error("globals", "dict", globals);
    }
    if name != space.none && name.layout() != W_Str::layout() {
        return Err(type_error(space, "arg 3 (name) must be None or string".to_owned()));
    }
    if defaults != space.none && defaults.layout() != W_Tuple::layout() {
        return Err(type_error(space, "arg 4 (defaults) must be None or tuple".to_owned()));
    }
    let object = &Code::of(code).object;
    let nfree = object.freevars.len();
    let cells = if closure == space.none && nfree > 0 {
        return Err(type_error(space, "arg 5 (closure) must be tuple".to_owned()));
    } else if closure == space.none {
        Vec::new()
    } else if closure.layout() == W_Tuple::layout() {
        W_Tuple::items(closure)
    } else {
        return Err(type_error(space, "arg 5 (closure) must be None or tuple".to_owned()));
    };
    if cells.len() != nfree {
        let message = format!("{} requires closure of length {nfree}, not {}", object.name, cells.len());
        return Err(space.new_exception(ExcKind::ValueError, &message));
    }
    if let Some(&cell) = cells.iter().find(|c| c.layout() != W_Cell::layout()) {
        let message = format!("arg 5 (closure) expected cell, found {}", space.type_name(cell));
        return Err(type_error(space, message));
    }
    let builtins = match dict::get_str(globals, space.intern("__builtins__")) {
        Some(b) if crate::module::is_module(b) => crate::module::dict_of(b),
        Some(b) => b,
        None => match crate::frame::native_caller() {
            caller if caller.is_null() => space.builtins,
            caller => gc::get_ref(caller, &crate::frame::W_Frame::BUILTINS),
        },
    };
    let module = dict::get_str(globals, space.intern("__name__")).unwrap_or(GcRef::NULL);
    let or_null = |v: GcRef| if v == space.none { GcRef::NULL } else { v };
    let parts = function::FunctionParts {
        globals,
        builtins,
        module,
        defaults: or_null(defaults),
        kwdefaults: GcRef::NULL,
        closure: or_null(closure),
    };
    let f = with_concrete(|d| function::new_function(d, code, parts));
    if name != space.none {
        gc::set_ref(f, &W_Function::NAME, name);
    }
    Ok(f)
}

/// The room for the name of a builtin type that [`construct`] knows (the longest is
/// `NotImplementedType`).
const NAME_BUFFER: usize = 24;

/// The name of type `cls` read into `buffer` (no allocation: [`construct`] runs for every call
/// of a builtin type from native code); `None` when it is longer than any name `construct`
/// knows (or not UTF-8).
fn short_name(cls: GcRef, buffer: &mut [u8; NAME_BUFFER]) -> Option<&str> {
    let name = gc::get_ref(cls, &W_Type::NAME);
    let n = gc::len(name, &W_Str::BYTES);
    let bytes = buffer.get_mut(..n)?;
    metatrace_gc::heap::read_byte_items(name, &W_Str::BYTES, 0, bytes);
    std::str::from_utf8(bytes).ok()
}

fn new_type(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    typeobject::type_new_args(space, space.type_type, args)
}

fn new_int(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    if let Some(&(k, _)) = args.keywords.iter().find(|(k, _)| !unicode::eq_text(*k, "base")) {
        let message = format!("'{}' is an invalid keyword argument for int()", unicode::to_string_lossy(k));
        return Err(type_error(space, message));
    }
    let base_kw = keyword(space, "int", args, &["base"], "base")?;
    let (value, base) = match (args.positional.as_slice(), base_kw) {
        ([], None) => return Ok(heap_int(0)),
        ([v], b) => (crate::subclass::builtin_value(*v, "__int__"), b),
        ([v, b], None) => (crate::subclass::unwrap(*v), Some(*b)),
        _ => {
            return Err(type_error(space, format!("int() takes at most 2 arguments ({} given)", args.positional.len())))
        }
    };
    if let Some(b) = base {
        // A base beyond the machine range is as invalid as any other out of 2..=36.
        let b = match bigint::to_ibig(crate::subclass::unwrap(b)) {
            Some(big) => i64::try_from(&big).unwrap_or(-1),
            None => int_arg(space, b)?,
        };
        if b != 0 && !(2..=36).contains(&b) {
            return Err(value_error(space, "int() base must be >= 2 and <= 36, or 0"));
        }
        // With a base, only str, bytes and bytearray (not other buffers).
        let bytes_like =
            [crate::bytes::W_Bytes::layout(), crate::buffer::W_ByteArray::layout()].contains(&value.layout());
        if let Some(data) = crate::buffer::buffer_data(value)?.filter(|_| bytes_like) {
            let text: String = data.iter().map(|&c| char::from(c)).collect();
            return bigint::parse_int(&text, b, value);
        }
        if value.layout() != W_Str::layout() {
            return Err(type_error(space, "int() can't convert non-string with explicit base".to_owned()));
        }
        return bigint::parse_int_str(value, b);
    }
    let layout = value.layout();
    if layout == W_Int::layout() || layout == W_Long::layout() {
        return Ok(value);
    }
    if layout == W_Bool::layout() {
        return Ok(heap_int(gc::get_i64(value, &W_Bool::VALUE)));
    }
    if layout == W_Float::layout() {
        return bigint::from_float(gc::get_f64(value, &W_Float::VALUE));
    }
    if layout == W_Str::layout() {
        return bigint::parse_int_str(value, 10);
    }
    if let Some(data) = crate::buffer::buffer_data(value)? {
        let text: String = data.iter().map(|&b| char::from(b)).collect();
        return bigint::parse_int(&text, 10, value);
    }
    for name in ["__int__", "__index__"] {
        if let Some(f) = objspace::lookup_user(value, name) {
            let result = objspace::call_bound(f, value, &Args::default())?;
            return exact_int_result(space, name, result);
        }
    }
    if let Some(f) = objspace::lookup_user(value, "__trunc__") {
        return int_from_trunc(space, value, f);
    }
    let message = format!(
        "int() argument must be a string, a bytes-like object or a real number, not '{}'",
        space.type_name(value)
    );
    Err(type_error(space, message))
}

/// The result of a conversion hook `name` (`__int__`, `__index__`) as an exact int: an
/// instance of a strict subclass of int is converted with a `DeprecationWarning`, anything else
/// is a `TypeError`.
pub(crate) fn exact_int_result(space: &'static Space, name: &str, result: GcRef) -> PyResult<GcRef> {
    let layout = result.layout();
    if layout == W_Int::layout() || layout == W_Long::layout() {
        return Ok(result);
    }
    let type_name = space.type_name(result);
    let Some(n) = bigint::to_ibig(crate::subclass::unwrap(result)) else {
        return Err(type_error(space, format!("{name} returned non-int (type {type_name})")));
    };
    let message = format!(
        "{name} returned non-int (type {type_name}).  The ability to return an instance of a strict subclass of \
         int is deprecated, and may be removed in a future version of Python."
    );
    objspace::warn(ExcKind::DeprecationWarning, &message)?;
    Ok(bigint::from_ibig(&n))
}

/// The result of `value.__float__()` as an exact float: an instance of a strict subclass of
/// float is converted with a `DeprecationWarning`, anything else is a `TypeError`.
fn exact_float_result(space: &'static Space, value: GcRef, result: GcRef) -> PyResult<GcRef> {
    if result.layout() == W_Float::layout() {
        return Ok(result);
    }
    let owner = space.type_name(value);
    let type_name = space.type_name(result);
    let inner = crate::subclass::unwrap(result);
    if inner.layout() != W_Float::layout() {
        return Err(type_error(space, format!("{owner}.__float__ returned non-float (type {type_name})")));
    }
    let message = format!(
        "{owner}.__float__ returned non-float (type {type_name}).  The ability to return an instance of a strict \
         subclass of float is deprecated, and may be removed in a future version of Python."
    );
    objspace::warn(ExcKind::DeprecationWarning, &message)?;
    Ok(heap_float(gc::get_f64(inner, &W_Float::VALUE)))
}

/// `int(value)` through its `__trunc__` (`trunc`), deprecated in 3.11: the result must be an
/// int or have `__index__`.
fn int_from_trunc(space: &'static Space, value: GcRef, trunc: GcRef) -> PyResult<GcRef> {
    objspace::warn(ExcKind::DeprecationWarning, "The delegation of int() to __trunc__ is deprecated.")?;
    let result = objspace::call_bound(trunc, value, &Args::default())?;
    if let Some(n) = bigint::to_ibig(crate::subclass::unwrap(result)) {
        return Ok(bigint::from_ibig(&n));
    }
    if let Some(f) = objspace::lookup_user(result, "__index__") {
        let index = objspace::call_bound(f, result, &Args::default())?;
        return exact_int_result(space, "__index__", index);
    }
    Err(type_error(space, format!("__trunc__ returned non-Integral (type {})", space.type_name(result))))
}

fn new_float(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "float", args, 0, 1)?;
    let Some(&v) = a.first() else { return Ok(heap_float(0.0)) };
    let v = crate::subclass::builtin_value(v, "__float__");
    if v.layout() == W_Float::layout() {
        return Ok(v);
    }
    if v.layout() == W_Str::layout() {
        return float::parse(v).map(heap_float);
    }
    if let Some(data) = crate::buffer::buffer_data(v)? {
        let invalid = || {
            let shown = objspace::repr(v).unwrap_or_default();
            value_error(space, &format!("could not convert string to float: {shown}"))
        };
        // Bytes are parsed as ASCII: a non-ASCII byte is never part of a number or white space.
        if !data.is_ascii() {
            return Err(invalid());
        }
        let text = unicode::from_chars(data.iter().map(|&b| u32::from(b)));
        return float::parse(text).map(heap_float).map_err(|_| invalid());
    }
    if let Some(f) = format::float_of(v) {
        return Ok(heap_float(f));
    }
    if let Some(i) = bigint::to_ibig(v) {
        return bigint::to_f64(&i).map(heap_float);
    }
    if let Some(f) = objspace::lookup_user(v, "__float__") {
        let result = objspace::call_bound(f, v, &Args::default())?;
        return exact_float_result(space, v, result);
    }
    if let Some(f) = objspace::lookup_user(v, "__index__") {
        let index = exact_int_result(space, "__index__", objspace::call_bound(f, v, &Args::default())?)?;
        return bigint::to_f64(&bigint::to_ibig(index).unwrap_or_default()).map(heap_float);
    }
    let message = format!("float() argument must be a string or a real number, not '{}'", space.type_name(v));
    Err(type_error(space, message))
}

fn new_str_obj(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    str_methods::new_str_obj(space, args)
}

fn new_dict(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let d = dict::new();
    match args.positional.as_slice() {
        [] => {}
        [source] => dict_merge_from(space, d, *source)?,
        more => return Err(type_error(space, format!("dict expected at most 1 argument, got {}", more.len()))),
    }
    for &(k, v) in &args.keywords {
        dict::set(d, k, v)?;
    }
    Ok(d)
}

fn new_range(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    no_keywords(space, "range", args)?;
    let ints = args.positional.iter().map(|&v| int_arg(space, v)).collect::<PyResult<Vec<i64>>>();
    let ints = match ints {
        Err(e) if crate::traceback::is_instance_of(e, ExcKind::IndexError) => return new_long_range(space, args),
        other => other?,
    };
    let (start, stop, step) = match ints.as_slice() {
        [stop] => (0, *stop, 1),
        [start, stop] => (*start, *stop, 1),
        [start, stop, step] => (*start, *stop, *step),
        [] => return Err(type_error(space, "range expected at least 1 argument, got 0".to_owned())),
        more => return Err(type_error(space, format!("range expected at most 3 arguments, got {}", more.len()))),
    };
    if step == 0 {
        return Err(value_error(space, "range() arg 3 must not be zero"));
    }
    if step == i64::MIN || iter::range_length_wide(start, stop, step) > i128::from(i64::MAX) {
        // Too long for a machine-sized length (or a step whose negation overflows).
        return new_long_range(space, args);
    }
    Ok(iter::new_range(start, stop, step))
}

/// `range(...)` with an argument beyond i64: a `_longrange.longrange` (the arguments are ints or
/// have `__index__`, which the fast path checked; one of them was too large).
fn new_long_range(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let one = heap_int(1);
    let zero = heap_int(0);
    let ints = args
        .positional
        .iter()
        .map(|&v| objspace::call(space.int_type, &[v]))
        .collect::<PyResult<objspace::RootedVec>>()?;
    let (start, stop, step) = match ints.to_vec().as_slice() {
        [stop] => (zero, *stop, one),
        [start, stop] => (*start, *stop, one),
        [start, stop, step] => (*start, *stop, *step),
        _ => unreachable!("the fast path checked the number of arguments"),
    };
    if objspace::int_value(step) == Some(0) {
        return Err(value_error(space, "range() arg 3 must not be zero"));
    }
    let module = crate::import::import_absolute(space, "_longrange")?;
    let class = objspace::getattr(module, space.intern("longrange"))?;
    objspace::call(class, &[start, stop, step])
}

fn new_enumerate(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let allowed = ["iterable", "start"];
    let iterable = args.positional.first().copied().or(keyword(space, "enumerate", args, &allowed, "iterable")?);
    let Some(iterable) = iterable else {
        return Err(type_error(space, "enumerate() missing required argument 'iterable'".to_owned()));
    };
    let start = match args.positional.get(1).copied().or(keyword(space, "enumerate", args, &allowed, "start")?) {
        Some(s) => int_arg(space, s)?,
        None => 0,
    };
    let e = iter::wrap(W_Enumerate::layout(), &W_Enumerate::ITER, objspace::iter(iterable)?);
    gc::set_i64(e, &W_Enumerate::COUNT, start);
    Ok(e)
}

fn new_reversed(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "reversed", args, 1, 1)?;
    let seq = crate::subclass::builtin_value(a[0], "__reversed__");
    if let Some(f) = objspace::lookup_user(seq, "__reversed__") {
        return objspace::call_bound(f, seq, &Args::default());
    }
    if let Some(it) = iter::reversed_builtin(seq) {
        return Ok(it);
    }
    if seq.layout() == W_Range::layout() {
        let (start, step, n) =
            (gc::get_i64(seq, &W_Range::START), gc::get_i64(seq, &W_Range::STEP), gc::get_i64(seq, &W_Range::LENGTH));
        return Ok(iter::new_range_iter(start + (n - 1) * step, -step, n));
    }
    let sequence = [W_List::layout(), W_Tuple::layout(), W_Str::layout(), crate::bytes::W_Bytes::layout()]
        .contains(&seq.layout())
        || crate::buffer::is_bytearray(seq)
        || crate::buffer::is_memoryview(seq)
        || objspace::lookup_user(seq, "__getitem__").is_some();
    if !sequence {
        return Err(type_error(space, format!("'{}' object is not reversible", space.type_name(seq))));
    }
    let r = iter::wrap(W_Reversed::layout(), &W_Reversed::SEQ, seq);
    gc::set_i64(r, &W_Reversed::INDEX, objspace::len(seq)? as i64 - 1);
    Ok(r)
}

fn new_super(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let s = metatrace_gc::alloc(W_Super::layout());
    init_super(space, s, args)?;
    Ok(s)
}

/// `super.__init__(s, type, obj)`: (re)binds the super object `s` (`super(type)` leaves it
/// unbound), with CPython's argument checks.
pub(super) fn init_super(space: &'static Space, s: GcRef, args: &Args) -> PyResult<()> {
    if !args.keywords.is_empty() {
        return Err(type_error(space, "super() takes no keyword arguments".to_owned()));
    }
    let (ty, obj) = match args.positional.as_slice() {
        [] => return Err(space.new_exception(ExcKind::RuntimeError, "super(): no arguments")),
        [ty] => (*ty, space.none),
        [ty, obj] => (*ty, *obj),
        more => {
            return Err(type_error(space, format!("super() expected at most 2 arguments, got {}", more.len())));
        }
    };
    if ty.layout() != W_Type::layout() {
        return Err(type_error(space, format!("super() argument 1 must be a type, not {}", space.type_name(ty))));
    }
    let (obj, obj_type) = if obj == space.none {
        (GcRef::NULL, GcRef::NULL)
    } else if obj.layout() == W_Type::layout() && typeobject::is_subtype(obj, ty) {
        (obj, obj)
    } else if typeobject::is_subtype(space.type_of(obj), ty) {
        (obj, space.type_of(obj))
    } else {
        // As CPython's `supercheck`: a proxy whose `__class__` claims a subclass of `ty`.
        let claimed = objspace::getattr(obj, space.intern("__class__")).ok();
        match claimed.filter(|&c| c.layout() == W_Type::layout() && typeobject::is_subtype(c, ty)) {
            Some(class) => (obj, class),
            None => {
                let message = "super(type, obj): obj must be an instance or subtype of type";
                return Err(type_error(space, message.to_owned()));
            }
        }
    };
    gc::set_ref(s, &W_Super::TYPE_, ty);
    gc::set_ref(s, &W_Super::OBJ, obj);
    gc::set_ref(s, &W_Super::OBJ_TYPE, obj_type);
    Ok(())
}

/// `repr()` of the objects [`crate::repr`] does not know (functions, ranges, iterators, ...).
pub fn runtime_repr(obj: GcRef) -> Option<String> {
    let space = Space::get();
    let layout = obj.layout();
    Some(if layout == crate::module::W_Module::layout() {
        crate::module::module_repr(obj).unwrap_or_default()
    } else if layout == W_Function::layout() {
        format!("<function {} at {:#x}>", function::qualname(obj), obj.addr())
    } else if layout == W_Builtin::layout() {
        let def = defs()[gc::get_i64(obj, &W_Builtin::INDEX) as usize];
        let bound = gc::get_ref(obj, &W_Builtin::SELF_);
        if let (true, Owner::Type(owner)) = (bound.is_null(), def.owner) {
            // A method of a builtin type read through the type (CPython's method descriptor).
            format!("<method '{}' of '{owner}' objects>", def.name)
        } else if bound.is_null() {
            format!("<built-in function {}>", def.name)
        } else {
            format!("<built-in method {} of {} object at {:#x}>", def.name, space.type_name(bound), bound.addr())
        }
    } else if layout == crate::function::W_Method::layout() {
        let func = gc::get_ref(obj, &crate::function::W_Method::FUNC);
        let self_ = gc::get_ref(obj, &crate::function::W_Method::SELF_);
        let name = if func.layout() == W_Function::layout() {
            function::qualname(func)
        } else {
            // As CPython: the callable's `__qualname__`, else its `__name__`, else "?".
            ["__qualname__", "__name__"]
                .iter()
                .find_map(|attr| {
                    objspace::getattr(func, space.intern(attr))
                        .ok()
                        .filter(|n| n.layout() == W_Str::layout())
                        .map(unicode::to_string_lossy)
                })
                .unwrap_or_else(|| "?".to_owned())
        };
        let self_repr = repr::repr(self_).unwrap_or_default();
        format!("<bound method {name} of {self_repr}>")
    } else if layout == W_Range::layout() {
        let (start, stop, step) =
            (gc::get_i64(obj, &W_Range::START), gc::get_i64(obj, &W_Range::STOP), gc::get_i64(obj, &W_Range::STEP));
        if step == 1 {
            format!("range({start}, {stop})")
        } else {
            format!("range({start}, {stop}, {step})")
        }
    } else if layout == iter::W_Slice::layout() {
        let part = |f| repr::repr(gc::get_ref(obj, f)).unwrap_or_default();
        format!(
            "slice({}, {}, {})",
            part(&iter::W_Slice::START),
            part(&iter::W_Slice::STOP),
            part(&iter::W_Slice::STEP)
        )
    } else if layout == W_Generator::layout() {
        let frame = gc::get_ref(obj, &W_Generator::FRAME);
        let code = Code::of(gc::get_ref(frame, &crate::frame::W_Frame::CODE));
        format!("<{} object {} at {:#x}>", space.type_name(obj), code.object.qualname, obj.addr())
    } else if let Some(text) = crate::descriptors::repr(obj) {
        text
    } else if layout == W_Cell::layout() {
        match gc::get_ref(obj, &W_Cell::CONTENTS) {
            contents if contents.is_null() => format!("<cell at {:#x}: empty>", obj.addr()),
            contents => {
                format!("<cell at {:#x}: {} object at {:#x}>", obj.addr(), space.type_name(contents), contents.addr())
            }
        }
    } else if layout == W_Super::layout() {
        let this = typeobject::name(gc::get_ref(obj, &W_Super::TYPE_));
        match gc::get_ref(obj, &W_Super::OBJ_TYPE) {
            t if t.is_null() => format!("<super: <class '{this}'>, NULL>"),
            t => format!("<super: <class '{this}'>, <{} object>>", typeobject::name(t)),
        }
    } else if layout == crate::frame::W_Frame::layout() {
        crate::frame::repr(obj)
    } else if layout == crate::code::W_Code::layout() {
        let code = &Code::of(obj).object;
        format!(
            "<code object {} at {:#x}, file \"{}\", line {}>",
            code.name,
            obj.addr(),
            code.filename,
            code.first_line
        )
    } else {
        format!("<{} object at {:#x}>", space.type_name(obj), obj.addr())
    })
}

/// `cls(*args)` in domain code for the calls of builtin types that traces should see through:
/// `type(x)` (the type of any object), `int(x)` of an exact int or of a float within the machine range, `range(stop)` and
/// `range(start, stop)` of exact ints, `reversed(r)` of a range, `C()` of a subclass of list that keeps list's
/// `__new__` and `__init__` (its instance and empty value stay virtual in a trace) and
/// `_json.Encoder(...)` (`json`'s `c_make_encoder`). `None` when the general call must run.
pub fn construct_in<D: metatrace::domain::Domain<Lang = crate::interp::Ripy>>(
    d: &mut D,
    space: &'static Space,
    cls: D::Ref,
    args: &[D::Ref],
) -> Result<Option<D::Ref>, D::Ref> {
    let cls = d.promote_ref(cls);
    if cls == space.type_type {
        return Ok(match args {
            &[x] => Some(typeobject::type_of(d, space, x)),
            _ => None,
        });
    }
    if cls == space.int_type {
        return Ok(match args {
            &[x] => int_in(d, x),
            _ => None,
        });
    }
    if gc::get_i64(cls, &W_Type::FLAGS) & typeobject::flags::HEAPTYPE == 0 {
        if cls == space.builtin_type_of_layout(W_Range::layout()) {
            return Ok(range_in(d, args));
        }
        if cls == space.builtin_type_of_layout(W_Reversed::layout()) {
            return Ok(reversed_range_in(d, args));
        }
        return Ok(None);
    }
    if args.is_empty() && typeobject::instance_layout(cls) == typeobject::InstanceLayout::Subclass {
        return Ok(empty_list_subclass(d, space, cls));
    }
    if let Some(encoder) = crate::modules::json::construct_in(d, space, cls, args) {
        return encoder.map(Some);
    }
    Ok(None)
}

/// `int(x)` of an exact int (`x` itself) or of a float whose truncation fits a machine int.
fn int_in<D: metatrace::domain::Domain>(d: &mut D, x: D::Ref) -> Option<D::Ref> {
    use metatrace::domain::FloatCmp;
    let layout = d.layout_of(x);
    if layout == W_Int::layout() {
        return Some(x);
    }
    if layout != W_Float::layout() {
        return None;
    }
    let v = d.get_float(x, &W_Float::VALUE);
    // -2**63 and 2**63: every float in [low, high) truncates to an i64 (NaN is in no range).
    let low = d.const_float(-9.223372036854775808e18);
    let high = d.const_float(9.223372036854775808e18);
    let above = d.float_cmp(FloatCmp::Ge, v, low);
    if !d.branch(above) {
        return None;
    }
    let below = d.float_cmp(FloatCmp::Lt, v, high);
    if !d.branch(below) {
        return None;
    }
    let i = d.float_to_int(v);
    Some(crate::int::new_int(d, i))
}

/// `range(stop)` or `range(start, stop)` of exact ints whose difference fits a machine int.
fn range_in<D: metatrace::domain::Domain>(d: &mut D, args: &[D::Ref]) -> Option<D::Ref> {
    use metatrace::domain::{IntOp, OvfOp};
    if args.iter().any(|&a| d.layout_of(a) != W_Int::layout()) {
        return None;
    }
    let (start, stop) = match args {
        &[stop] => (d.const_int(0), d.get_int(stop, &W_Int::VALUE)),
        &[start, stop] => (d.get_int(start, &W_Int::VALUE), d.get_int(stop, &W_Int::VALUE)),
        _ => return None,
    };
    let span = d.int_ovf(OvfOp::Sub, stop, start)?;
    let zero = d.const_int(0);
    let positive = d.int_op(IntOp::Gt, span, zero);
    let length = if d.branch(positive) { span } else { zero };
    let r = d.new(W_Range::layout());
    let one = d.const_int(1);
    d.set_int(r, &W_Range::START, start);
    d.set_int(r, &W_Range::STOP, stop);
    d.set_int(r, &W_Range::STEP, one);
    d.set_int(r, &W_Range::LENGTH, length);
    Some(r)
}

/// `reversed(r)` of a range `r` (its iterator from the last item down, as [`new_reversed`] makes
/// it) whose negated step fits a machine int.
fn reversed_range_in<D: metatrace::domain::Domain>(d: &mut D, args: &[D::Ref]) -> Option<D::Ref> {
    use metatrace::domain::{IntOp, OvfOp};
    let &[r] = args else { return None };
    if d.layout_of(r) != W_Range::layout() {
        return None;
    }
    let start = d.get_int(r, &W_Range::START);
    let step = d.get_int(r, &W_Range::STEP);
    let length = d.get_int(r, &W_Range::LENGTH);
    let zero = d.const_int(0);
    let back = d.int_ovf(OvfOp::Sub, zero, step)?;
    // The last item lies in the range, so the wrapping arithmetic computes it exactly.
    let one = d.const_int(1);
    let steps = d.int_op(IntOp::Sub, length, one);
    let offset = d.int_op(IntOp::Mul, steps, step);
    let last = d.int_op(IntOp::Add, start, offset);
    let it = d.new(iter::W_RangeIter::layout());
    d.set_int(it, &iter::W_RangeIter::NEXT, last);
    d.set_int(it, &iter::W_RangeIter::STEP, back);
    d.set_int(it, &iter::W_RangeIter::REMAINING, length);
    d.set_int(it, &iter::W_RangeIter::LENGTH, length);
    Some(it)
}

/// `cls()` of a user subclass of list (`cls` promoted, of the subclass layout) whose `__new__`
/// and `__init__` are list's, whose metaclass is `type` and which has no `__del__`: a new
/// instance holding an empty list, as `list.__new__` makes it (`list.__init__()` leaves it
/// empty).
fn empty_list_subclass<D: metatrace::domain::Domain>(d: &mut D, space: &'static Space, cls: GcRef) -> Option<D::Ref> {
    if gc::get_ref(cls, &W_Type::METATYPE) != space.type_type
        || gc::get_i64(cls, &W_Type::FLAGS) & typeobject::flags::IS_ABSTRACT != 0
    {
        return None;
    }
    let cls_c = d.const_ref(cls);
    let list_c = d.const_ref(space.list_type);
    for name in ["__new__", "__init__"] {
        let key = d.const_ref(space.intern_static(name));
        let own = typeobject::lookup(d, cls_c, key);
        let lists = typeobject::lookup(d, list_c, key);
        let same = d.ptr_eq(own, lists);
        if !d.branch(same) {
            return None;
        }
    }
    let del = d.const_ref(space.intern_static("__del__"));
    let del = typeobject::lookup(d, cls_c, del);
    if !d.is_null(del) {
        return None;
    }
    let value = d.new(W_List::layout());
    let obj = d.new(crate::subclass::W_Subclass::layout());
    d.set_ref(obj, &crate::subclass::W_Subclass::TYPE_, cls_c);
    let terminator = gc::get_ref(cls, &W_Type::TERMINATOR);
    let size = d.const_int(mapdict::initial_slots(terminator) as i64);
    let terminator = d.const_ref(terminator);
    d.set_ref(obj, &crate::subclass::W_Subclass::MAP, terminator);
    let slots = d.new_array(crate::storage::RefArray::layout(), size);
    d.set_ref(obj, &crate::subclass::W_Subclass::SLOTS, slots);
    d.set_ref(obj, &crate::subclass::W_Subclass::VALUE, value);
    Some(obj)
}

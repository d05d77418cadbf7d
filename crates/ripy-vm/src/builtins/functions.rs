//! The functions of the builtins module (`print`, `len`, `sorted`, `__build_class__`, ...).

use super::*;

/// The builtins defined here.
pub(super) static DEFS: &[BuiltinDef] = &[
    module("print", print),
    module("len", len),
    module("repr", repr_builtin),
    module("ascii", ascii),
    module("abs", abs),
    module("min", min),
    module("max", max),
    module("sum", sum),
    module("isinstance", isinstance),
    module("issubclass", issubclass),
    module("hasattr", hasattr),
    module("getattr", getattr),
    module("setattr", setattr),
    module("delattr", delattr),
    module("callable", callable),
    module("ord", ord),
    module("chr", chr),
    module("divmod", divmod),
    module("pow", pow),
    module("round", round),
    module("hash", hash_builtin),
    module("id", id),
    module("iter", iter_builtin),
    module("next", next_builtin),
    module("sorted", sorted),
    module("any", any),
    module("all", all),
    module("hex", hex),
    module("oct", oct),
    module("bin", bin),
    module("format", format_builtin),
    module("__build_class__", build_class),
];

fn print(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let allowed = ["sep", "end", "file", "flush"];
    let text_or = |key: &str, default: &str| -> PyResult<String> {
        match keyword(space, "print", args, &allowed, key)? {
            Some(v) if v == space.none => Ok(default.to_owned()),
            Some(v) if v.layout() == W_Str::layout() => Ok(unicode::to_string_lossy(v)),
            Some(v) => Err(type_error(space, format!("{key} must be None or a string, not {}", space.type_name(v)))),
            None => Ok(default.to_owned()),
        }
    };
    let sep = text_or("sep", " ")?;
    let end = text_or("end", "\n")?;
    let mut out = String::new();
    for (i, &v) in args.positional.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        out.push_str(&unicode::to_string_lossy(objspace::str_obj(v)?));
    }
    out.push_str(&end);
    if keyword(space, "print", args, &allowed, "file")?.is_some_and(|f| f != space.none) {
        return Err(type_error(space, "print(): ripy has no file objects yet; file must be None".to_owned()));
    }
    let written = std::io::stdout().write_all(out.as_bytes());
    written.map_err(|e| space.new_exception(ExcKind::OSError, &e.to_string()))?;
    Ok(space.none)
}

fn len(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let v = one(space, "len", args)?;
    Ok(heap_int(objspace::len(v)? as i64))
}

fn repr_builtin(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    objspace::repr_obj(one(space, "repr", args)?)
}

fn ascii(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    Ok(new_str(&format::ascii(&objspace::repr(one(space, "ascii", args)?)?)))
}

fn abs(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let v = one(space, "abs", args)?;
    if let Some(i) = bigint::to_ibig(v) {
        return Ok(bigint::from_ibig(&if i < IBig::ZERO { -i } else { i }));
    }
    if v.layout() == W_Float::layout() {
        return Ok(heap_float(gc::get_f64(v, &W_Float::VALUE).abs()));
    }
    if let Some(f) = objspace::lookup_user(v, "__abs__") {
        return objspace::call_bound(f, v, &Args::default());
    }
    Err(type_error(space, format!("bad operand type for abs(): '{}'", space.type_name(v))))
}

/// `a < b`.
fn less(a: GcRef, b: GcRef) -> PyResult<bool> {
    if let (Some(x), Some(y)) = (int_value(a), int_value(b)) {
        return Ok(x < y);
    }
    objspace::richcompare_user(CmpOp::Lt, a, b)
}

fn min_max(space: &'static Space, args: &Args, name: &str, want_max: bool) -> PyResult<GcRef> {
    let key = keyword(space, name, args, &["key", "default"], "key")?.filter(|&k| k != space.none);
    let default = keyword(space, name, args, &["key", "default"], "default")?;
    let items = match args.positional.as_slice() {
        [] => return Err(type_error(space, format!("{name} expected at least 1 argument, got 0"))),
        [iterable] => objspace::to_vec(*iterable)?,
        many => {
            if default.is_some() {
                let message = format!("Cannot specify a default for {name}() with multiple positional arguments");
                return Err(type_error(space, message));
            }
            objspace::RootedVec::from_slice(many)
        }
    };
    let _rooted = metatrace_gc::root_slice(&items);
    let mut best: Option<(GcRef, GcRef)> = None;
    for &item in items.iter() {
        let k = match key {
            Some(f) => objspace::call(f, &[item])?,
            None => item,
        };
        best = match best {
            None => Some((item, k)),
            Some((b, bk)) => {
                let better = if want_max { less(bk, k)? } else { less(k, bk)? };
                Some(if better { (item, k) } else { (b, bk) })
            }
        };
    }
    match (best, default) {
        (Some((b, _)), _) => Ok(b),
        (None, Some(d)) => Ok(d),
        (None, None) => Err(value_error(space, &format!("{name}() arg is an empty sequence"))),
    }
}

fn min(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    min_max(space, args, "min", false)
}

fn max(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    min_max(space, args, "max", true)
}

fn sum(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let start_kw = keyword(space, "sum", args, &["start"], "start")?;
    let (iterable, start) = match args.positional.as_slice() {
        [it] => (*it, start_kw.unwrap_or_else(|| heap_int(0))),
        [it, s] => (*it, *s),
        other => return Err(type_error(space, format!("sum() takes at most 2 arguments ({} given)", other.len()))),
    };
    if start.layout() == W_Str::layout() {
        return Err(type_error(space, "sum() can't sum strings [use ''.join(seq) instead]".to_owned()));
    }
    let mut total = start;
    let it = objspace::iter(iterable)?;
    while let Some(item) = objspace::next(it)? {
        total = objspace::binary_op(crate::ops::BinOp::Add, false, total, item)?;
    }
    Ok(total)
}

fn isinstance(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "isinstance", args, 2, 2)?;
    Ok(space.w_bool(objspace::isinstance(a[0], a[1])?))
}

fn issubclass(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "issubclass", args, 2, 2)?;
    if a[0].layout() != W_Type::layout() {
        return Err(type_error(space, "issubclass() arg 1 must be a class".to_owned()));
    }
    let classes = if a[1].layout() == W_Tuple::layout() { W_Tuple::items(a[1]) } else { vec![a[1]] };
    for c in classes {
        if c.layout() != W_Type::layout() {
            let message = "issubclass() arg 2 must be a class, a tuple of classes, or a union".to_owned();
            return Err(type_error(space, message));
        }
        if typeobject::is_subtype(a[0], c) {
            return Ok(space.w_bool(true));
        }
    }
    Ok(space.w_bool(false))
}

pub(super) fn attribute_name(space: &Space, name: GcRef) -> PyResult<GcRef> {
    if name.layout() != W_Str::layout() {
        return Err(type_error(space, format!("attribute name must be string, not '{}'", space.type_name(name))));
    }
    Ok(name)
}

fn is_attribute_error(space: &Space, e: GcRef) -> bool {
    typeobject::is_subtype(space.type_of(e), space.exception_type(ExcKind::AttributeError))
}

fn hasattr(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "hasattr", args, 2, 2)?;
    match objspace::getattr(a[0], attribute_name(space, a[1])?) {
        Ok(_) => Ok(space.w_bool(true)),
        Err(e) if is_attribute_error(space, e) => Ok(space.w_bool(false)),
        Err(e) => Err(e),
    }
}

fn getattr(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "getattr", args, 2, 3)?;
    match objspace::getattr(a[0], attribute_name(space, a[1])?) {
        Err(e) if a.len() == 3 && is_attribute_error(space, e) => Ok(a[2]),
        other => other,
    }
}

fn setattr(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "setattr", args, 3, 3)?;
    objspace::setattr(a[0], attribute_name(space, a[1])?, a[2])?;
    Ok(space.none)
}

fn delattr(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "delattr", args, 2, 2)?;
    objspace::delattr(a[0], attribute_name(space, a[1])?)?;
    Ok(space.none)
}

fn callable(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let v = one(space, "callable", args)?;
    let layout = v.layout();
    let is_callable =
        [W_Function::layout(), W_Builtin::layout(), crate::function::W_Method::layout(), W_Type::layout()]
            .contains(&layout)
            || objspace::lookup_user(v, "__call__").is_some();
    Ok(space.w_bool(is_callable))
}

fn ord(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let v = one(space, "ord", args)?;
    if v.layout() != W_Str::layout() {
        return Err(type_error(space, format!("ord() expected string of length 1, but {} found", space.type_name(v))));
    }
    let chars = unicode::chars(v);
    match chars.as_slice() {
        [c] => Ok(heap_int(i64::from(*c))),
        other => {
            let message = format!("ord() expected a character, but string of length {} found", other.len());
            Err(type_error(space, message))
        }
    }
}

fn chr(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let v = one(space, "chr", args)?;
    let i = int_arg(space, v)?;
    if !(0..=0x10ffff).contains(&i) {
        return Err(value_error(space, "chr() arg not in range(0x110000)"));
    }
    Ok(unicode::char_str(i as u32))
}

fn divmod(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "divmod", args, 2, 2)?;
    let q = objspace::binary_op(crate::ops::BinOp::FloorDiv, false, a[0], a[1])
        .map_err(|e| rename_op(space, e, "divmod()"))?;
    let r = objspace::binary_op(crate::ops::BinOp::Mod, false, a[0], a[1])?;
    Ok(W_Tuple::from_slice(&[q, r]))
}

/// The "unsupported operand" message of an operator, as the builtin `name` spells it.
fn rename_op(space: &Space, e: GcRef, name: &str) -> GcRef {
    match space.exception_str(e) {
        Ok(m) if m.starts_with("unsupported operand type(s) for //:") => {
            type_error(space, m.replace("for //:", &format!("for {name}:")))
        }
        _ => e,
    }
}

fn pow(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "pow", args, 2, 3)?;
    if a.len() == 3 && a[2] != space.none {
        let (Some(b), Some(e), Some(m)) = (bigint::to_ibig(a[0]), bigint::to_ibig(a[1]), bigint::to_ibig(a[2])) else {
            return Err(type_error(
                space,
                "pow() 3rd argument not allowed unless all arguments are integers".to_owned(),
            ));
        };
        if m == IBig::ZERO {
            return Err(value_error(space, "pow() 3rd argument cannot be 0"));
        }
        if e < IBig::ZERO {
            return Err(value_error(space, "base is not invertible for the given modulus"));
        }
        let modulus = if m < IBig::ZERO { -m.clone() } else { m.clone() };
        let mut result = IBig::ONE;
        let mut base = ((b % &modulus) + &modulus) % &modulus;
        let mut exp = e;
        let two = IBig::from(2);
        while exp > IBig::ZERO {
            if &exp % &two == IBig::ONE {
                result = (result * &base) % &modulus;
            }
            base = (&base * &base) % &modulus;
            exp /= &two;
        }
        if m < IBig::ZERO && result != IBig::ZERO {
            result += m;
        }
        return Ok(bigint::from_ibig(&result));
    }
    objspace::binary_op(crate::ops::BinOp::Pow, false, a[0], a[1])
}

/// `x` rounded to the nearest integer, ties to even.
fn round_half_even(x: f64) -> f64 {
    let r = x.round();
    if (x - x.trunc()).abs() == 0.5 {
        2.0 * (x / 2.0).round()
    } else {
        r
    }
}

fn round(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let number = args.positional.first().copied();
    let ndigits = args.positional.get(1).copied().or(keyword(space, "round", args, &["number", "ndigits"], "ndigits")?);
    let Some(x) = number else {
        return Err(type_error(space, "round() missing required argument 'number' (pos 1)".to_owned()));
    };
    let ndigits = ndigits.filter(|&n| n != space.none);
    if let Some(f) = objspace::lookup_user(x, "__round__") {
        let extra: Vec<GcRef> = ndigits.into_iter().collect();
        return objspace::call_bound(f, x, &Args::positional(&extra));
    }
    if let Some(i) = bigint::to_ibig(x) {
        let Some(n) = ndigits else { return Ok(bigint::from_ibig(&i)) };
        let n = int_arg(space, n)?;
        if n >= 0 {
            return Ok(bigint::from_ibig(&i));
        }
        let unit = IBig::from(10).pow((-n) as usize);
        let (q, r) = (&i / &unit, &i % &unit);
        let (q, r) = if r < IBig::ZERO { (q - 1, r + &unit) } else { (q, r) };
        let twice = &r * 2;
        let q = if twice > unit || (twice == unit && &q % IBig::from(2) != IBig::ZERO) { q + 1 } else { q };
        return Ok(bigint::from_ibig(&(q * unit)));
    }
    if x.layout() != W_Float::layout() {
        return Err(type_error(space, format!("type {} doesn't define __round__ method", space.type_name(x))));
    }
    let f = gc::get_f64(x, &W_Float::VALUE);
    match ndigits {
        None => {
            if f.is_nan() {
                return Err(value_error(space, "cannot convert float NaN to integer"));
            }
            if f.is_infinite() {
                return Err(space.new_exception(ExcKind::OverflowError, "cannot convert float infinity to integer"));
            }
            bigint::from_float(round_half_even(f))
        }
        Some(n) => {
            let n = int_arg(space, n)?;
            if !f.is_finite() || n > 300 {
                return Ok(heap_float(f));
            }
            if n >= 0 {
                let text = format!("{f:.*}", n as usize);
                return Ok(heap_float(text.parse().unwrap_or(f)));
            }
            let unit = 10f64.powi((-n) as i32);
            Ok(heap_float(round_half_even(f / unit) * unit))
        }
    }
}

fn hash_builtin(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    Ok(heap_int(objspace::hash(one(space, "hash", args)?)?))
}

fn id(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    Ok(heap_int(one(space, "id", args)?.addr() as i64))
}

fn iter_builtin(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "iter", args, 1, 1)?;
    objspace::iter(a[0])
}

fn next_builtin(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "next", args, 1, 2)?;
    let is_iterator = iter::is_iterator(a[0]) || objspace::lookup_user(a[0], "__next__").is_some();
    if !is_iterator {
        return Err(type_error(space, format!("'{}' object is not an iterator", space.type_name(a[0]))));
    }
    match (objspace::next(a[0])?, a.get(1)) {
        (Some(v), _) => Ok(v),
        (None, Some(&default)) => Ok(default),
        (None, None) => Err(space.new_exception_args(ExcKind::StopIteration, &[])),
    }
}

/// Sort `items` stably by `key` (or by the items), reversed if asked, with Python's `<`.
pub(super) fn sort_items(items: &mut Vec<GcRef>, key: Option<GcRef>, reverse: bool) -> PyResult<()> {
    let keys: Vec<GcRef> = match key {
        Some(f) => items.iter().map(|&i| objspace::call(f, &[i])).collect::<PyResult<_>>()?,
        None => items.clone(),
    };
    let _rooted = metatrace_gc::root_slice(&keys);
    let mut order: Vec<usize> = (0..items.len()).collect();
    if reverse {
        order.reverse();
    }
    let mut failure = None;
    order.sort_by(|&i, &j| {
        if failure.is_some() {
            return std::cmp::Ordering::Equal;
        }
        let (a, b) = if reverse { (keys[j], keys[i]) } else { (keys[i], keys[j]) };
        match less(a, b) {
            Ok(true) => std::cmp::Ordering::Less,
            Ok(false) => std::cmp::Ordering::Equal.then_with(|| match less(b, a) {
                Ok(true) => std::cmp::Ordering::Greater,
                Ok(false) => std::cmp::Ordering::Equal,
                Err(e) => {
                    failure = Some(e);
                    std::cmp::Ordering::Equal
                }
            }),
            Err(e) => {
                failure = Some(e);
                std::cmp::Ordering::Equal
            }
        }
    });
    if let Some(e) = failure {
        return Err(e);
    }
    if reverse {
        order.reverse();
        let sorted: Vec<GcRef> = order.iter().map(|&i| items[i]).collect();
        *items = sorted;
        items.reverse();
    } else {
        *items = order.iter().map(|&i| items[i]).collect();
    }
    Ok(())
}

pub(super) fn sort_options(space: &'static Space, name: &str, args: &Args) -> PyResult<(Option<GcRef>, bool)> {
    let key = keyword(space, name, args, &["key", "reverse"], "key")?.filter(|&k| k != space.none);
    let reverse = match keyword(space, name, args, &["key", "reverse"], "reverse")? {
        Some(r) => objspace::truthy(r)?,
        None => false,
    };
    Ok((key, reverse))
}

fn sorted(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [iterable] = args.positional.as_slice() else {
        let n = args.positional.len();
        return Err(type_error(space, format!("sorted expected 1 argument, got {n}")));
    };
    let (key, reverse) = sort_options(space, "sorted", args)?;
    let mut items = objspace::to_vec(*iterable)?;
    sort_items(&mut items, key, reverse)?;
    Ok(list::new_list(&items))
}

fn any(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let it = objspace::iter(one(space, "any", args)?)?;
    while let Some(v) = objspace::next(it)? {
        if objspace::truthy(v)? {
            return Ok(space.w_bool(true));
        }
    }
    Ok(space.w_bool(false))
}

fn all(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let it = objspace::iter(one(space, "all", args)?)?;
    while let Some(v) = objspace::next(it)? {
        if !objspace::truthy(v)? {
            return Ok(space.w_bool(false));
        }
    }
    Ok(space.w_bool(true))
}

fn radix(space: &'static Space, args: &Args, name: &str, spec: &str) -> PyResult<GcRef> {
    let v = one(space, name, args)?;
    let i = bigint::to_ibig(v).ok_or_else(|| {
        type_error(space, format!("'{}' object cannot be interpreted as an integer", space.type_name(v)))
    })?;
    format::format(bigint::from_ibig(&i), spec)
}

fn hex(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    radix(space, args, "hex", "#x")
}

fn oct(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    radix(space, args, "oct", "#o")
}

fn bin(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    radix(space, args, "bin", "#b")
}

fn format_builtin(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = expect(space, "format", args, 1, 2)?;
    let spec = match a.get(1) {
        Some(&s) => text_arg(space, s, "format() argument 2")?,
        None => String::new(),
    };
    format::format(a[0], &spec)
}

/// `__build_class__(func, name, *bases)`: run the class body in a new namespace, make the class.
fn build_class(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [func, name, bases @ ..] = args.positional.as_slice() else {
        return Err(type_error(space, "__build_class__: not enough arguments".to_owned()));
    };
    if func.layout() != W_Function::layout() {
        return Err(type_error(space, "__build_class__: func must be a function".to_owned()));
    }
    let namespace = dict::new();
    let code = Code::of(gc::get_ref(*func, &W_Function::CODE));
    let env = FrameEnv {
        globals: gc::get_ref(*func, &W_Function::GLOBALS),
        builtins: gc::get_ref(*func, &W_Function::BUILTINS),
        locals: namespace,
        closure: gc::get_ref(*func, &W_Function::CLOSURE),
    };
    let cell = with_concrete(|d| {
        let frame = new_frame(d, code, env);
        protocol::run_frame_at(d, space, Pos { code, pc: 0 }, frame)
    })?;
    let metaclass = keyword(space, "__build_class__", args, &["metaclass"], "metaclass")?;
    let cls = match metaclass {
        Some(meta) if meta != space.type_type => {
            let base_tuple = W_Tuple::from_slice(bases);
            objspace::call(meta, &[*name, base_tuple, namespace])?
        }
        _ => {
            let meta = bases.first().map_or(space.type_type, |&b| space.type_of(b));
            let meta = if meta.layout() == W_Type::layout() { meta } else { space.type_type };
            typeobject::new_type(space, meta, *name, bases, namespace)?
        }
    };
    if cell.layout() == W_Cell::layout() {
        gc::set_ref(cell, &W_Cell::CONTENTS, cls);
    }
    Ok(cls)
}

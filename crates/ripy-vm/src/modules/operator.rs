//! The `_operator` module: the part of CPython's C accelerator of `operator` whose behaviour
//! the pure-Python `operator.py` does not have. `index` is `PyNumber_Index` (its `TypeError` for
//! a non-integer, an exact int result), `_compare_digest` the timing-independent comparison
//! `hmac` and `secrets` use. `operator.py` imports them over its own definitions
//! (`from _operator import *`) and keeps the rest.

use super::exact_args;
use crate::bigint::{self, W_Long};
use crate::builtins::BuiltinDef;
use crate::exceptions::ExcKind;
use crate::function::Args;
use crate::int::W_Int;
use crate::objspace;
use crate::space::{PyResult, Space};
use crate::unicode::{self, W_Str};
use metatrace_gc::{GcObject, GcRef};

/// The module.
pub const MODULE: super::BuiltinModule = super::BuiltinModule { name: "_operator", init };

/// The functions of `_operator`.
pub static DEFS: &[BuiltinDef] =
    &[super::native("_operator", "index", index), super::native("_operator", "_compare_digest", compare_digest)];

/// CPython's docstring of the module (`operator.py` takes it as its own).
const DOC: &str = "Operator interface.\n\nThis module exports a set of functions implemented in C corresponding\n\
to the intrinsic operators of Python.  For example, operator.add(x, y)\nis equivalent to the expression x+y.  \
The function names are those\nused for special methods; variants without leading and trailing\n\
'__' are also provided for convenience.";

fn init(space: &'static Space, m: GcRef) -> PyResult<()> {
    let ns = super::namespace(m);
    super::add_functions(space, ns, "_operator");
    crate::dict::set_str(ns, space.intern("__doc__"), unicode::new_str(DOC));
    Ok(())
}

/// `index(a)`: `a` as an exact int, through its type's `__index__` unless it is an int.
fn index(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [v] = exact_args::<1>(space, "_operator.index", args)?;
    if v.layout() == W_Int::layout() || v.layout() == W_Long::layout() {
        return Ok(v);
    }
    if let Some(i) = bigint::to_ibig(crate::subclass::unwrap(v)) {
        return Ok(bigint::from_ibig(&i));
    }
    match objspace::lookup_user(v, "__index__") {
        Some(f) => {
            let result = objspace::call_bound(f, v, &Args::default())?;
            crate::builtins::exact_int_result(space, "__index__", result)
        }
        None => {
            let message = format!("'{}' object cannot be interpreted as an integer", space.type_name(v));
            Err(space.new_exception(ExcKind::TypeError, &message))
        }
    }
}

/// `_compare_digest(a, b)`: `a == b` for two ASCII strs or two bytes-like objects, in a time
/// that depends on the lengths only (CPython's `_tscmp`).
fn compare_digest(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [a, b] = exact_args::<2>(space, "_compare_digest", args)?;
    let (a_value, b_value) = (crate::subclass::unwrap(a), crate::subclass::unwrap(b));
    let (left, right) = if a_value.layout() == W_Str::layout() && b_value.layout() == W_Str::layout() {
        if !unicode::is_ascii(a_value) || !unicode::is_ascii(b_value) {
            let message = "comparing strings with non-ASCII characters is not supported";
            return Err(space.new_exception(ExcKind::TypeError, message));
        }
        (unicode::to_string_lossy(a_value).into_bytes(), unicode::to_string_lossy(b_value).into_bytes())
    } else {
        let (a_data, b_data) = (crate::buffer::buffer_data(a)?, crate::buffer::buffer_data(b)?);
        if a_data.is_none() && b_data.is_none() {
            let message = format!(
                "unsupported operand types(s) or combination of types: '{}' and '{}'",
                space.type_name(a),
                space.type_name(b)
            );
            return Err(space.new_exception(ExcKind::TypeError, &message));
        }
        let required = |data: Option<Vec<u8>>, v: GcRef| {
            data.ok_or_else(|| {
                let message = format!("a bytes-like object is required, not '{}'", space.type_name(v));
                space.new_exception(ExcKind::TypeError, &message)
            })
        };
        (required(a_data, a)?, required(b_data, b)?)
    };
    // The loop runs over `right` whatever `left` is; different lengths compare `right` with
    // itself and fail.
    let (left, mut differ) = if left.len() == right.len() { (&left, 0u8) } else { (&right, 1u8) };
    for (x, y) in left.iter().zip(&right) {
        differ |= x ^ y;
    }
    Ok(space.w_bool(differ == 0))
}

//! The methods of `int` and `float`.

use super::*;

/// The builtins defined here.
pub(super) static DEFS: &[BuiltinDef] =
    &[method("int", "bit_length", int_bit_length), method("float", "is_integer", float_is_integer)];

fn int_bit_length(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (v, _) = method_args(space, "bit_length", args, 0, 0)?;
    let i = bigint::to_ibig(v).unwrap_or_default();
    let magnitude = if i < IBig::ZERO { -i } else { i };
    Ok(heap_int(dashu_int::UBig::try_from(magnitude).map_or(0, |u| u.bit_len()) as i64))
}

fn float_is_integer(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (v, _) = method_args(space, "is_integer", args, 0, 0)?;
    let f = gc::get_f64(v, &W_Float::VALUE);
    Ok(space.w_bool(f.is_finite() && f.fract() == 0.0))
}

//! The constructor and methods of `complex`.

use super::params::bind;
use super::*;
use crate::complex;

/// The builtins defined here.
pub(super) static DEFS: &[BuiltinDef] = &[
    method("complex", "conjugate", complex_conjugate),
    method("complex", "__complex__", complex_self),
    method("complex", "__getnewargs__", complex_getnewargs),
];

/// `complex(real=0, imag=0)`.
pub(super) fn new_complex(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let values = bind(space, "complex", &args.positional, &args.keywords, &["real", "imag"], 0)?;
    complex::construct(values[0], values[1])
}

fn complex_conjugate(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (z, _) = method_args(space, "complex.conjugate", args, 0, 0)?;
    let (re, im) = complex::value(z).unwrap_or_default();
    Ok(complex::new_complex(re, -im))
}

fn complex_self(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (z, _) = method_args(space, "complex.__complex__", args, 0, 0)?;
    let (re, im) = complex::value(z).unwrap_or_default();
    Ok(complex::new_complex(re, im))
}

/// `complex.__getnewargs__()`: `(real, imag)`.
fn complex_getnewargs(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (z, _) = method_args(space, "complex.__getnewargs__", args, 0, 0)?;
    let (re, im) = complex::value(z).unwrap_or_default();
    Ok(W_Tuple::from_slice(&[heap_float(re), heap_float(im)]))
}

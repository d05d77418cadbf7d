//! The C library's special functions that Rust's `f64` lacks (`erf`, `erfc`, `tgamma`,
//! `lgamma_r`) or computes less accurately (the inverse hyperbolic functions), for the `math`
//! module: safe wrappers around the platform's libm, which CPython uses too.

mod ffi {
    extern "C" {
        pub fn erf(x: f64) -> f64;
        pub fn erfc(x: f64) -> f64;
        pub fn tgamma(x: f64) -> f64;
        pub fn lgamma_r(x: f64, sign: *mut i32) -> f64;
        pub fn asinh(x: f64) -> f64;
        pub fn acosh(x: f64) -> f64;
        pub fn atanh(x: f64) -> f64;
    }
}

/// The error function.
pub fn erf(x: f64) -> f64 {
    // SAFETY: `erf` is a pure function of its argument, defined for every double.
    unsafe { ffi::erf(x) }
}

/// The complementary error function, `1 - erf(x)` without cancellation.
pub fn erfc(x: f64) -> f64 {
    // SAFETY: `erfc` is a pure function of its argument, defined for every double.
    unsafe { ffi::erfc(x) }
}

/// The inverse hyperbolic sine.
pub fn asinh(x: f64) -> f64 {
    // SAFETY: `asinh` is a pure function of its argument, defined for every double.
    unsafe { ffi::asinh(x) }
}

/// The inverse hyperbolic cosine (NaN below 1).
pub fn acosh(x: f64) -> f64 {
    // SAFETY: `acosh` is a pure function of its argument, defined for every double.
    unsafe { ffi::acosh(x) }
}

/// The inverse hyperbolic tangent (NaN beyond [-1, 1], infinite at -1 and 1).
pub fn atanh(x: f64) -> f64 {
    // SAFETY: `atanh` is a pure function of its argument, defined for every double.
    unsafe { ffi::atanh(x) }
}

/// The gamma function.
pub fn tgamma(x: f64) -> f64 {
    // SAFETY: `tgamma` is a pure function of its argument, defined for every double (it may set
    // errno, which nothing here reads).
    unsafe { ffi::tgamma(x) }
}

/// The natural logarithm of the absolute value of the gamma function.
pub fn lgamma(x: f64) -> f64 {
    let mut sign = 0i32;
    // SAFETY: `lgamma_r` writes the sign of gamma(x) to the valid, exclusively borrowed `sign`
    // and keeps no pointer to it; the reentrant variant touches no global state.
    unsafe { ffi::lgamma_r(x, &mut sign) }
}

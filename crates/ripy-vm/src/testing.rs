//! Test support: a language with a trivial portal, so that tests can make a JIT (switched off)
//! and run domain code in the `Concrete` domain.

use metatrace::domain::{Concrete, Domain, Language, PortalResult, Virtualizable};
use metatrace::jit::Jit;
use metatrace::params::JitParams;

/// A language whose portal returns its frame: object-model tests never run frames.
pub struct NoLang;

static VIRTUALIZABLE: Virtualizable = Virtualizable { fields: &[], array: None, token: None, escaped: None };

impl Language for NoLang {
    type Greens = ();

    fn virtualizable() -> &'static Virtualizable {
        &VIRTUALIZABLE
    }

    fn portal<D: Domain<Lang = Self>>(_d: &mut D, _greens: (), frame: D::Ref) -> PortalResult<D> {
        Ok(frame)
    }
}

/// Run `f` with a Concrete domain.
pub fn concrete<R>(f: impl FnOnce(&mut Concrete<'_, NoLang>) -> R) -> R {
    let jit = Jit::new(JitParams::parse("off").expect("the `off` setting parses"));
    f(&mut Concrete::new(&jit))
}

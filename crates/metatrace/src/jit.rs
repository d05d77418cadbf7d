//! The JIT driver: warm-up counters, and the decisions at `can_enter_jit` (count, trace, run
//! compiled code, resume).

use crate::domain::{concrete::run_portal, Concrete, Language, Leave};
use crate::params::JitParams;
use metatrace_gc::GcRef;

/// The JIT of one interpreter: its parameters and everything it has learnt and compiled.
pub struct Jit<L: Language> {
    params: JitParams,
    _lang: std::marker::PhantomData<L>,
}

impl<L: Language> Jit<L> {
    /// A JIT with the given parameters.
    pub fn new(params: JitParams) -> Self {
        Jit { params, _lang: std::marker::PhantomData }
    }

    /// The parameters.
    pub fn params(&self) -> &JitParams {
        &self.params
    }

    /// Run `frame` from `greens` to completion: `Ok(result)` or `Err(exception)`.
    pub fn run(&self, greens: L::Greens, frame: GcRef) -> Result<GcRef, GcRef> {
        run_portal(&mut Concrete::new(self), greens, frame)
    }

    /// The `can_enter_jit` hint of the concrete domain.
    pub(crate) fn can_enter_jit(&self, _greens: &mut L::Greens, _frame: GcRef) -> Result<(), Leave<GcRef>> {
        Ok(())
    }
}

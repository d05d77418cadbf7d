//! The concrete domain: plain execution. Values are `i64`, `f64` and `GcRef`, and every method
//! inlines to what hand-written Rust would do; only `can_enter_jit` reaches into the JIT.

use super::eval;
use super::{Domain, FloatCmp, FloatOp, FloatUnary, IntOp, IntUnary, Language, Leave, OvfOp, Val};
use crate::call::{take_exception, CallDescr};
use crate::jit::Jit;
use metatrace_gc::{heap, ArrayDescr, FieldDescr, GcRef, Layout};

/// The domain that executes. It borrows the JIT so that `can_enter_jit` can count, trace and run
/// compiled code.
pub struct Concrete<'j, L: Language> {
    jit: &'j Jit<L>,
}

impl<'j, L: Language> Concrete<'j, L> {
    /// A concrete domain driven by `jit`.
    pub fn new(jit: &'j Jit<L>) -> Self {
        Concrete { jit }
    }
}

/// The 64-bit pattern of a concrete value, as residual functions receive it.
pub fn val_bits<L: Language>(v: Val<Concrete<'_, L>>) -> u64 {
    match v {
        Val::Int(i) => i as u64,
        Val::Float(f) => f.to_bits(),
        Val::Ref(r) => r.addr() as u64,
    }
}

/// Run a portal to completion in the concrete domain: `Ok(result)` or `Err(exception)`. The end
/// of its native frame is recorded first ([`metatrace_gc::hidden::enter_portal`]), so that it may
/// hide that frame from the collector while it is suspended in a call.
#[inline(always)]
pub fn run_portal<L: Language>(d: &mut Concrete<'_, L>, greens: L::Greens, frame: GcRef) -> Result<GcRef, GcRef> {
    metatrace_gc::hidden::enter_portal();
    match L::portal(d, greens, frame) {
        Ok(v) | Err(Leave::Return(v)) => Ok(v),
        Err(Leave::Raise(e)) => Err(e),
        Err(Leave::Stop) => unreachable!("a concrete portal never stops at a merge point"),
    }
}

impl<'j, L: Language> Domain for Concrete<'j, L> {
    type Lang = L;
    type Int = i64;
    type Float = f64;
    type Ref = GcRef;
    const CONCRETE: bool = true;

    #[inline(always)]
    fn const_int(&mut self, v: i64) -> i64 {
        v
    }
    #[inline(always)]
    fn const_float(&mut self, v: f64) -> f64 {
        v
    }
    #[inline(always)]
    fn const_ref(&mut self, v: GcRef) -> GcRef {
        v
    }
    #[inline(always)]
    fn int_op(&mut self, op: IntOp, a: i64, b: i64) -> i64 {
        eval::int_op(op, a, b)
    }
    #[inline(always)]
    fn int_unary(&mut self, op: IntUnary, a: i64) -> i64 {
        eval::int_unary(op, a)
    }
    #[inline(always)]
    fn int_ovf(&mut self, op: OvfOp, a: i64, b: i64) -> Option<i64> {
        eval::int_ovf(op, a, b)
    }
    #[inline(always)]
    fn float_op(&mut self, op: FloatOp, a: f64, b: f64) -> f64 {
        eval::float_op(op, a, b)
    }
    #[inline(always)]
    fn float_unary(&mut self, op: FloatUnary, a: f64) -> f64 {
        eval::float_unary(op, a)
    }
    #[inline(always)]
    fn float_cmp(&mut self, op: FloatCmp, a: f64, b: f64) -> i64 {
        eval::float_cmp(op, a, b)
    }
    #[inline(always)]
    fn int_to_float(&mut self, a: i64) -> f64 {
        a as f64
    }
    #[inline(always)]
    fn float_to_int(&mut self, a: f64) -> i64 {
        eval::float_to_int(a)
    }
    #[inline(always)]
    fn ptr_eq(&mut self, a: GcRef, b: GcRef) -> i64 {
        (a == b) as i64
    }
    #[inline(always)]
    fn branch(&mut self, c: i64) -> bool {
        c != 0
    }
    #[inline(always)]
    fn promote_int(&mut self, v: i64) -> i64 {
        v
    }
    #[inline(always)]
    fn promote_ref(&mut self, v: GcRef) -> GcRef {
        v
    }
    #[inline(always)]
    fn layout_of(&mut self, obj: GcRef) -> &'static Layout {
        obj.layout()
    }
    #[inline(always)]
    fn is_null(&mut self, r: GcRef) -> bool {
        r.is_null()
    }
    #[inline(always)]
    fn get_int(&mut self, obj: GcRef, f: &FieldDescr) -> i64 {
        heap::read_field(obj, f) as i64
    }
    #[inline(always)]
    fn get_float(&mut self, obj: GcRef, f: &FieldDescr) -> f64 {
        f64::from_bits(heap::read_field(obj, f))
    }
    #[inline(always)]
    fn get_ref(&mut self, obj: GcRef, f: &FieldDescr) -> GcRef {
        heap::read_field_ref(obj, f)
    }
    #[inline(always)]
    fn set_int(&mut self, obj: GcRef, f: &FieldDescr, v: i64) {
        heap::write_field(obj, f, v as u64)
    }
    #[inline(always)]
    fn set_float(&mut self, obj: GcRef, f: &FieldDescr, v: f64) {
        heap::write_field(obj, f, v.to_bits())
    }
    #[inline(always)]
    fn set_ref(&mut self, obj: GcRef, f: &FieldDescr, v: GcRef) {
        heap::write_field_ref(obj, f, v)
    }
    #[inline(always)]
    fn array_len(&mut self, arr: GcRef, a: &ArrayDescr) -> i64 {
        heap::array_len(arr, a)
    }
    #[inline(always)]
    fn get_item_int(&mut self, arr: GcRef, a: &ArrayDescr, i: i64) -> i64 {
        heap::read_item(arr, a, i) as i64
    }
    #[inline(always)]
    fn get_item_float(&mut self, arr: GcRef, a: &ArrayDescr, i: i64) -> f64 {
        f64::from_bits(heap::read_item(arr, a, i))
    }
    #[inline(always)]
    fn get_item_ref(&mut self, arr: GcRef, a: &ArrayDescr, i: i64) -> GcRef {
        heap::read_item_ref(arr, a, i)
    }
    #[inline(always)]
    fn set_item_int(&mut self, arr: GcRef, a: &ArrayDescr, i: i64, v: i64) {
        heap::write_item(arr, a, i, v as u64)
    }
    #[inline(always)]
    fn set_item_float(&mut self, arr: GcRef, a: &ArrayDescr, i: i64, v: f64) {
        heap::write_item(arr, a, i, v.to_bits())
    }
    #[inline(always)]
    fn set_item_ref(&mut self, arr: GcRef, a: &ArrayDescr, i: i64, v: GcRef) {
        heap::write_item_ref(arr, a, i, v)
    }
    #[inline(always)]
    fn new(&mut self, layout: &'static Layout) -> GcRef {
        heap::alloc(layout)
    }
    /// Inlined with the allocation's fast path (boxes are the most frequent allocation of an
    /// interpreter: every int or float result).
    #[inline(always)]
    fn new_int_box(&mut self, layout: &'static Layout, f: &FieldDescr, v: i64) -> GcRef {
        let known = heap::alloc_known(layout);
        known.write(f, v as u64);
        known.get()
    }
    /// Inlined as [`Domain::new_int_box`].
    #[inline(always)]
    fn new_float_box(&mut self, layout: &'static Layout, f: &FieldDescr, v: f64) -> GcRef {
        let known = heap::alloc_known(layout);
        known.write(f, v.to_bits());
        known.get()
    }
    #[inline(always)]
    fn new_array(&mut self, layout: &'static Layout, len: i64) -> GcRef {
        heap::alloc_array(layout, usize::try_from(len).expect("negative array length"))
    }

    #[inline(always)]
    fn virtual_ref(&mut self, obj: GcRef) -> GcRef {
        obj
    }
    #[inline(always)]
    fn virtual_ref_finish(&mut self, _vref: GcRef, _obj: GcRef) {}

    #[inline(always)]
    fn call(&mut self, f: &'static CallDescr, args: &[Val<Self>]) -> Result<Option<Val<Self>>, GcRef> {
        let mut bits = [0u64; 6];
        for (slot, a) in bits.iter_mut().zip(args) {
            *slot = val_bits(*a);
        }
        let r = f.func.invoke(&bits[..args.len()]);
        if f.can_raise {
            if let Some(e) = take_exception() {
                return Err(e);
            }
        }
        Ok(f.result.map(|k| bits_to_val(k, r)))
    }

    #[inline(always)]
    fn portal_call(&mut self, greens: L::Greens, frame: GcRef) -> Result<GcRef, GcRef> {
        let jit = self.jit;
        jit.call_portal(self, greens, frame)
    }

    #[inline(always)]
    fn merge_point(&mut self, _greens: &L::Greens, _frame: GcRef) -> Result<(), Leave<GcRef>> {
        Ok(())
    }

    fn can_enter_jit(&mut self, greens: &mut L::Greens, frame: GcRef) -> Result<(), Leave<GcRef>> {
        self.jit.can_enter_jit(greens, frame)
    }
}

/// A concrete value of kind `k` from its 64-bit pattern.
pub fn bits_to_val<'j, L: Language>(k: metatrace_gc::Kind, bits: u64) -> Val<Concrete<'j, L>> {
    match k {
        metatrace_gc::Kind::Int => Val::Int(bits as i64),
        metatrace_gc::Kind::Float => Val::Float(f64::from_bits(bits)),
        // SAFETY: a residual function returns references only to live objects it was given or
        // allocated.
        metatrace_gc::Kind::Ref => Val::Ref(unsafe { GcRef::from_addr(bits as usize) }),
    }
}

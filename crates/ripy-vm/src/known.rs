//! Domain access to the fields of an object whose layout the caller knows (a generator, a frame,
//! a cell): the concrete domain checks each access against that layout, which folds for a
//! constant layout and field and leaves one comparison of the object's header (an object of
//! another layout takes the fully checked path), where the domain's own access checks the field
//! against whatever layout the object has. Other domains access the field as usual, so traces
//! record the same operations as through the domain directly.

use metatrace::domain::Domain;
use metatrace_gc::{heap, FieldDescr, Layout};

/// Reference field `f` of `obj`, which has layout `layout`.
#[inline(always)]
pub fn get_ref<D: Domain>(d: &mut D, obj: D::Ref, layout: &'static Layout, f: &FieldDescr) -> D::Ref {
    if D::CONCRETE {
        let obj = d.promote_ref(obj);
        return d.const_ref(heap::read_field_ref_expecting(obj, layout, f));
    }
    d.get_ref(obj, f)
}

/// Integer field `f` of `obj`, which has layout `layout`.
#[inline(always)]
pub fn get_int<D: Domain>(d: &mut D, obj: D::Ref, layout: &'static Layout, f: &FieldDescr) -> D::Int {
    if D::CONCRETE {
        let obj = d.promote_ref(obj);
        return d.const_int(heap::read_field_expecting(obj, layout, f) as i64);
    }
    d.get_int(obj, f)
}

/// Float field `f` of `obj`, which has layout `layout`.
#[inline(always)]
pub fn get_float<D: Domain>(d: &mut D, obj: D::Ref, layout: &'static Layout, f: &FieldDescr) -> D::Float {
    if D::CONCRETE {
        let obj = d.promote_ref(obj);
        return d.const_float(f64::from_bits(heap::read_field_expecting(obj, layout, f)));
    }
    d.get_float(obj, f)
}

/// Store `v` into reference field `f` of `obj`, which has layout `layout`.
#[inline(always)]
pub fn set_ref<D: Domain>(d: &mut D, obj: D::Ref, layout: &'static Layout, f: &FieldDescr, v: D::Ref) {
    if D::CONCRETE {
        let (obj, v) = (d.promote_ref(obj), d.promote_ref(v));
        heap::write_field_ref_expecting(obj, layout, f, v);
        return;
    }
    d.set_ref(obj, f, v)
}

/// Store `v` into integer field `f` of `obj`, which has layout `layout`.
#[inline(always)]
pub fn set_int<D: Domain>(d: &mut D, obj: D::Ref, layout: &'static Layout, f: &FieldDescr, v: D::Int) {
    if D::CONCRETE {
        let (obj, v) = (d.promote_ref(obj), d.promote_int(v));
        heap::write_field_expecting(obj, layout, f, v as u64);
        return;
    }
    d.set_int(obj, f, v)
}

//! Domain access to the fields of an object whose layout the caller knows (a generator, a frame,
//! a cell), and to the items of an array whose layout it knows (a list's storage): the concrete
//! domain checks each access against that layout, which folds for a constant layout and field
//! and leaves one comparison of the object's header (an object of another layout takes the fully
//! checked path), where the domain's own access checks the field against whatever layout the
//! object has. Other domains access the field as usual, so traces record the same operations as
//! through the domain directly.

use metatrace::domain::Domain;
use metatrace_gc::{heap, ArrayDescr, FieldDescr, Layout};

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

/// Integer item `i` of array `arr`, which has layout `layout`.
#[inline(always)]
pub fn get_item_int<D: Domain>(d: &mut D, arr: D::Ref, layout: &'static Layout, a: &ArrayDescr, i: D::Int) -> D::Int {
    if D::CONCRETE {
        let (arr, i) = (d.promote_ref(arr), d.promote_int(i));
        return d.const_int(heap::read_item_expecting(arr, layout, a, i as usize) as i64);
    }
    d.get_item_int(arr, a, i)
}

/// Float item `i` of array `arr`, which has layout `layout`.
#[inline(always)]
pub fn get_item_float<D: Domain>(
    d: &mut D,
    arr: D::Ref,
    layout: &'static Layout,
    a: &ArrayDescr,
    i: D::Int,
) -> D::Float {
    if D::CONCRETE {
        let (arr, i) = (d.promote_ref(arr), d.promote_int(i));
        return d.const_float(f64::from_bits(heap::read_item_expecting(arr, layout, a, i as usize)));
    }
    d.get_item_float(arr, a, i)
}

/// Reference item `i` of array `arr`, which has layout `layout`.
#[inline(always)]
pub fn get_item_ref<D: Domain>(d: &mut D, arr: D::Ref, layout: &'static Layout, a: &ArrayDescr, i: D::Int) -> D::Ref {
    if D::CONCRETE {
        let (arr, i) = (d.promote_ref(arr), d.promote_int(i));
        return d.const_ref(heap::read_item_ref_expecting(arr, layout, a, i as usize));
    }
    d.get_item_ref(arr, a, i)
}

/// Store `v` into integer item `i` of array `arr`, which has layout `layout`.
#[inline(always)]
pub fn set_item_int<D: Domain>(d: &mut D, arr: D::Ref, layout: &'static Layout, a: &ArrayDescr, i: D::Int, v: D::Int) {
    if D::CONCRETE {
        let (arr, i, v) = (d.promote_ref(arr), d.promote_int(i), d.promote_int(v));
        heap::write_item_expecting(arr, layout, a, i as usize, v as u64);
        return;
    }
    d.set_item_int(arr, a, i, v)
}

/// Store `v` into reference item `i` of array `arr`, which has layout `layout`.
#[inline(always)]
pub fn set_item_ref<D: Domain>(d: &mut D, arr: D::Ref, layout: &'static Layout, a: &ArrayDescr, i: D::Int, v: D::Ref) {
    if D::CONCRETE {
        let (arr, i, v) = (d.promote_ref(arr), d.promote_int(i), d.promote_ref(v));
        heap::write_item_ref_expecting(arr, layout, a, i as usize, v);
        return;
    }
    d.set_item_ref(arr, a, i, v)
}

/// The length of array `arr`, which has layout `layout`.
#[inline(always)]
pub fn array_len<D: Domain>(d: &mut D, arr: D::Ref, layout: &'static Layout, a: &ArrayDescr) -> D::Int {
    if D::CONCRETE {
        let arr = d.promote_ref(arr);
        return d.const_int(heap::array_len_expecting(arr, layout, a));
    }
    d.array_len(arr, a)
}

/// An object of a layout the caller knows, for code that accesses several of its fields: the
/// concrete domain checks the object's header against the layout once, here, and its accesses
/// then check nothing at run time (a [`heap::Known`]); other domains access the fields as usual.
pub struct Checked<D: Domain> {
    obj: D::Ref,
    known: Option<heap::Known>,
}

impl<D: Domain> Checked<D> {
    /// `obj`, which has layout `layout` (in the concrete domain, another layout is a panic, as a
    /// failed access check is).
    #[inline(always)]
    pub fn new(d: &mut D, obj: D::Ref, layout: &'static Layout) -> Self {
        let known = D::CONCRETE.then(|| heap::Known::expect(d.promote_ref(obj), layout));
        Checked { obj, known }
    }

    /// Reference field `f`.
    #[inline(always)]
    pub fn get_ref(&self, d: &mut D, f: &FieldDescr) -> D::Ref {
        match self.known {
            Some(known) => d.const_ref(known.read_ref(f)),
            None => d.get_ref(self.obj, f),
        }
    }

    /// Integer field `f`.
    #[inline(always)]
    pub fn get_int(&self, d: &mut D, f: &FieldDescr) -> D::Int {
        match self.known {
            Some(known) => d.const_int(known.read(f) as i64),
            None => d.get_int(self.obj, f),
        }
    }

    /// Store `v` into reference field `f`.
    #[inline(always)]
    pub fn set_ref(&self, d: &mut D, f: &FieldDescr, v: D::Ref) {
        match self.known {
            Some(known) => known.write_ref(f, d.promote_ref(v)),
            None => d.set_ref(self.obj, f, v),
        }
    }

    /// Store `v` into integer field `f`.
    #[inline(always)]
    pub fn set_int(&self, d: &mut D, f: &FieldDescr, v: D::Int) {
        match self.known {
            Some(known) => known.write(f, d.promote_int(v) as u64),
            None => d.set_int(self.obj, f, v),
        }
    }
}

//! `tuple`: an immutable array of references, allocated at its final length.

use crate::exceptions::{self, Fault, Msg};
use crate::gc;
use crate::known;
use crate::sequence;
use crate::space::Space;
use metatrace::domain::Domain;
use metatrace_gc::{GcHeader, GcObject, GcRef};
use metatrace_macros::GcObject;

/// A `tuple` object.
#[derive(GcObject)]
#[repr(C)]
pub struct W_Tuple {
    /// The object header.
    pub header: GcHeader,
    /// The number of items.
    pub len: i64,
    /// The items.
    pub items: [GcRef; 0],
}

impl W_Tuple {
    /// A tuple of `items`: a new one, or the space's empty tuple for no items (one object, as in
    /// CPython: `tuple([]) is ()`) once the space is made.
    pub fn from_slice(items: &[GcRef]) -> GcRef {
        if items.is_empty() {
            if let Some(space) = Space::get_if_made() {
                return space.empty_tuple;
            }
        }
        gc::new_refs(Self::layout(), &Self::ITEMS, items)
    }

    /// The items of a tuple.
    pub fn items(t: GcRef) -> Vec<GcRef> {
        gc::refs(t, &Self::ITEMS)
    }
}

/// A tuple of `items`, in domain code: a new one, or the space's empty tuple for no items.
pub fn new_tuple<D: Domain>(d: &mut D, items: &[D::Ref]) -> D::Ref {
    if items.is_empty() {
        return d.const_ref(Space::get().empty_tuple);
    }
    let n = d.const_int(items.len() as i64);
    let t = d.new_array(W_Tuple::layout(), n);
    for (k, &item) in items.iter().enumerate() {
        let i = d.const_int(k as i64);
        known::set_item_ref(d, t, W_Tuple::layout(), &W_Tuple::ITEMS, i, item);
    }
    t
}

/// The number of items, in domain code.
pub fn length<D: Domain>(d: &mut D, t: D::Ref) -> D::Int {
    crate::known::array_len(d, t, W_Tuple::layout(), &W_Tuple::ITEMS)
}

/// `t[i]` for an int index, in domain code.
pub fn getitem<D: Domain>(d: &mut D, t: D::Ref, i: D::Int) -> Result<D::Ref, D::Ref> {
    let n = length(d, t);
    match sequence::normalize_index(d, i, n) {
        Some(i) => Ok(known::get_item_ref(d, t, W_Tuple::layout(), &W_Tuple::ITEMS, i)),
        None => Err(exceptions::raise(d, Fault::Message(Msg::TupleIndex))),
    }
}

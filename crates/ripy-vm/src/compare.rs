//! Equality and ordering of builtin objects, in native code: what containers, dict lookups and the
//! residual comparison paths use. Numbers compare exactly across int, bool, big int and float
//! (`2**53 + 1 != 2.0**53`); sequences compare lexicographically, items by identity first, as
//! CPython does. Instances of user classes compare by identity here: dispatching `__eq__` and
//! friends is the interpreter's.

use crate::bigint::{self, W_Long};
use crate::bytes::{self, W_Bytes};
use crate::dict::{self, W_Dict};
use crate::exceptions::Fault;
use crate::float::W_Float;
use crate::function::W_Cell;
use crate::gc;
use crate::int::{W_Bool, W_Int, EXACT_FLOAT_LIMIT};
use crate::list::{self, W_List};
use crate::ops::CmpOp;
use crate::set;
use crate::space::{PyResult, Space};
use crate::tuple::W_Tuple;
use crate::unicode::{self, W_Str};
use dashu_int::IBig;
use metatrace::call::set_exception;
use metatrace_gc::{GcObject, GcRef};
use std::cmp::Ordering;

/// A number's value.
#[derive(Clone, Debug, PartialEq)]
pub enum Num {
    /// An int or bool that fits in an i64.
    Small(i64),
    /// A big int.
    Big(IBig),
    /// A float.
    Float(f64),
}

/// The value of a number object (int, bool, big int or float).
pub fn num_of(obj: GcRef) -> Option<Num> {
    let layout = obj.layout();
    if layout == W_Int::layout() {
        Some(Num::Small(gc::get_i64(obj, &W_Int::VALUE)))
    } else if layout == W_Bool::layout() {
        Some(Num::Small(gc::get_i64(obj, &W_Bool::VALUE)))
    } else if layout == W_Float::layout() {
        Some(Num::Float(gc::get_f64(obj, &W_Float::VALUE)))
    } else if layout == W_Long::layout() {
        bigint::to_ibig(obj).map(Num::Big)
    } else {
        None
    }
}

/// The exact order of an integer and a float; `None` when the float is a NaN.
fn int_float_order(i: &IBig, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 { Ordering::Less } else { Ordering::Greater });
    }
    let floor = f.floor();
    Some(match i.cmp(&bigint::from_integral_f64(floor)) {
        Ordering::Equal if f > floor => Ordering::Less,
        order => order,
    })
}

/// The exact order of two numbers; `None` when a NaN is involved.
pub fn num_order(a: &Num, b: &Num) -> Option<Ordering> {
    let exact = |i: i64| (-EXACT_FLOAT_LIMIT..=EXACT_FLOAT_LIMIT).contains(&i);
    match (a, b) {
        (Num::Small(x), Num::Small(y)) => Some(x.cmp(y)),
        (Num::Float(x), Num::Float(y)) => x.partial_cmp(y),
        (Num::Small(x), Num::Float(y)) if exact(*x) => (*x as f64).partial_cmp(y),
        (Num::Float(x), Num::Small(y)) if exact(*y) => x.partial_cmp(&(*y as f64)),
        (Num::Small(x), Num::Float(y)) => int_float_order(&IBig::from(*x), *y),
        (Num::Big(x), Num::Float(y)) => int_float_order(x, *y),
        (Num::Float(_), Num::Small(_) | Num::Big(_)) => num_order(b, a).map(Ordering::reverse),
        (Num::Small(x), Num::Big(y)) => Some(IBig::from(*x).cmp(y)),
        (Num::Big(x), Num::Small(y)) => Some(x.cmp(&IBig::from(*y))),
        (Num::Big(x), Num::Big(y)) => Some(x.cmp(y)),
    }
}

/// Whether an order satisfies `op` (no order, from a NaN, satisfies only `!=`).
pub fn order_satisfies(op: CmpOp, order: Option<Ordering>) -> bool {
    match order {
        None => op == CmpOp::Ne,
        Some(o) => match op {
            CmpOp::Lt => o == Ordering::Less,
            CmpOp::Le => o != Ordering::Greater,
            CmpOp::Eq => o == Ordering::Equal,
            CmpOp::Ne => o != Ordering::Equal,
            CmpOp::Gt => o == Ordering::Greater,
            CmpOp::Ge => o != Ordering::Less,
        },
    }
}

/// `a == b`.
pub fn eq(a: GcRef, b: GcRef) -> PyResult<bool> {
    match exact_eq(a, b) {
        Some(same) => Ok(same),
        None => richcompare(CmpOp::Eq, a, b),
    }
}

/// How deep [`exact_eq`] follows tuples in tuples; deeper nests take [`richcompare`], which
/// counts its levels against the recursion limit.
const EXACT_TUPLE_DEPTH: u32 = 8;

/// `a == b` without [`richcompare`]'s dispatch when both are exact ints, exact strs, or tuples
/// of the same length of such items (as dict keys often are, nested up to [`EXACT_TUPLE_DEPTH`]
/// levels), whose comparison runs no Python code; None for anything else.
fn exact_eq(a: GcRef, b: GcRef) -> Option<bool> {
    exact_eq_within(a, b, EXACT_TUPLE_DEPTH)
}

/// [`exact_eq`] following at most `depth` more levels of tuples.
fn exact_eq_within(a: GcRef, b: GcRef, depth: u32) -> Option<bool> {
    let layout = a.layout();
    if layout != b.layout() {
        return None;
    }
    if layout == W_Int::layout() {
        return Some(gc::get_i64(a, &W_Int::VALUE) == gc::get_i64(b, &W_Int::VALUE));
    }
    if layout == W_Str::layout() {
        return Some(unicode::eq(a, b));
    }
    if layout != W_Tuple::layout() || depth == 0 {
        return None;
    }
    let n = gc::len(a, &W_Tuple::ITEMS);
    if n != gc::len(b, &W_Tuple::ITEMS) {
        return None;
    }
    for k in 0..n {
        let (x, y) = (gc::item_ref(a, &W_Tuple::ITEMS, k), gc::item_ref(b, &W_Tuple::ITEMS, k));
        if x != y && !exact_eq_within(x, y, depth - 1)? {
            return Some(false);
        }
    }
    Some(true)
}

/// Items compare equal: identical, or `==`.
fn item_eq(a: GcRef, b: GcRef) -> PyResult<bool> {
    Ok(identical(a, b) || eq(a, b)?)
}

/// Whether `a` and `b` are the same object for the identity shortcut of container comparisons
/// (`x in [x]` is true even for a NaN). The unboxed list strategies box floats afresh on each
/// read, so, as PyPy does, two floats with the same bits count as the same object.
pub fn identical(a: GcRef, b: GcRef) -> bool {
    a == b
        || (a.layout() == W_Float::layout()
            && b.layout() == W_Float::layout()
            && gc::get_f64(a, &W_Float::VALUE).to_bits() == gc::get_f64(b, &W_Float::VALUE).to_bits())
}

/// Lexicographic comparison of two sequences of items.
fn sequence_compare(op: CmpOp, a: &[GcRef], b: &[GcRef]) -> PyResult<bool> {
    for (&x, &y) in a.iter().zip(b) {
        if !item_eq(x, y)? {
            return match op {
                CmpOp::Eq => Ok(false),
                CmpOp::Ne => Ok(true),
                _ => richcompare(op, x, y),
            };
        }
    }
    Ok(order_satisfies(op, Some(a.len().cmp(&b.len()))))
}

/// Lexicographic comparison of two lists, reading their items live as CPython does: an item's
/// `__eq__` may change either list, and the lengths after the items compared decide. Lists of
/// different lengths are unequal without comparing items (tuples compare their items first).
fn list_compare(op: CmpOp, a: GcRef, b: GcRef) -> PyResult<bool> {
    if matches!(op, CmpOp::Eq | CmpOp::Ne) && list::len(a) != list::len(b) {
        return Ok(op == CmpOp::Ne);
    }
    let mut i = 0;
    while i < list::len(a) && i < list::len(b) {
        let (x, y) = (list::get(a, i), list::get(b, i));
        if !item_eq(x, y)? {
            if i >= list::len(a) || i >= list::len(b) {
                break;
            }
            return match op {
                CmpOp::Eq => Ok(false),
                CmpOp::Ne => Ok(true),
                _ => richcompare(op, x, y),
            };
        }
        i += 1;
    }
    Ok(order_satisfies(op, Some(list::len(a).cmp(&list::len(b)))))
}

/// Equality of two dicts: the same keys, with equal values.
fn dict_eq(a: GcRef, b: GcRef) -> PyResult<bool> {
    if dict::len(a) != dict::len(b) {
        return Ok(false);
    }
    for (k, v) in dict::rooted_items(a).iter() {
        match dict::get(b, k)? {
            Some(w) if item_eq(v, w)? => {}
            _ => return Ok(false),
        }
    }
    Ok(true)
}

/// Comparison of two sets (of either kind): equality, and the subset and superset orders.
fn set_compare(op: CmpOp, a: GcRef, b: GcRef) -> PyResult<bool> {
    let (la, lb) = (set::len(a), set::len(b));
    Ok(match op {
        CmpOp::Eq => set::eq(a, b)?,
        CmpOp::Ne => !set::eq(a, b)?,
        CmpOp::Le => set::is_subset(a, b)?,
        CmpOp::Lt => la < lb && set::is_subset(a, b)?,
        CmpOp::Ge => set::is_subset(b, a)?,
        CmpOp::Gt => lb < la && set::is_subset(b, a)?,
    })
}

/// `a op b` for builtin objects. Ordering objects that have none raises CPython's `TypeError`.
pub fn richcompare(op: CmpOp, a: GcRef, b: GcRef) -> PyResult<bool> {
    if crate::objspace::is_instance_like(a) || crate::objspace::is_instance_like(b) {
        return crate::objspace::richcompare_user(op, a, b);
    }
    builtin_compare(op, a, b)?.ok_or_else(|| Space::get().fault(Fault::Unorderable(op, a, b)))
}

/// `a op b` for two builtin values (neither an instance of a Python class): `None` when their
/// types do not order them (an order of objects compared by identity only).
pub fn builtin_compare(op: CmpOp, a: GcRef, b: GcRef) -> PyResult<Option<bool>> {
    if set::is_set(a) && set::is_set(b) {
        return set_compare(op, a, b).map(Some);
    }
    if let (Some(x), Some(y)) = (num_of(a), num_of(b)) {
        return Ok(Some(order_satisfies(op, num_order(&x, &y))));
    }
    if let Some(r) = crate::buffer::compare(op, a, b)? {
        return Ok(Some(r));
    }
    if let Some(r) = crate::iter::range_slice_compare(op, a, b)? {
        return Ok(Some(r));
    }
    if crate::complex::value(a).is_some() || crate::complex::value(b).is_some() {
        if let Some(r) = crate::complex::compare(op, a, b)? {
            return Ok(Some(r));
        }
    }
    let (la, lb) = (a.layout(), b.layout());
    if la == lb {
        if la == W_Str::layout() {
            return Ok(Some(order_satisfies(op, Some(unicode::compare(a, b)))));
        }
        if la == W_Bytes::layout() {
            return Ok(Some(order_satisfies(op, Some(bytes::data(a).cmp(&bytes::data(b))))));
        }
        if la == W_Tuple::layout() {
            return nested(|| sequence_compare(op, &W_Tuple::items(a), &W_Tuple::items(b))).map(Some);
        }
        if la == W_List::layout() {
            return nested(|| list_compare(op, a, b)).map(Some);
        }
        if la == W_Dict::layout() && matches!(op, CmpOp::Eq | CmpOp::Ne) {
            return Ok(Some(nested(|| dict_eq(a, b))? == (op == CmpOp::Eq)));
        }
        if la == W_Cell::layout() {
            // CPython's `cell_richcompare`: by contents, an empty cell before any other.
            let (x, y) = (gc::get_ref(a, &W_Cell::CONTENTS), gc::get_ref(b, &W_Cell::CONTENTS));
            if x.is_null() || y.is_null() {
                return Ok(Some(order_satisfies(op, Some((!x.is_null()).cmp(&!y.is_null())))));
            }
            return nested(|| richcompare(op, x, y)).map(Some);
        }
        if la == crate::code::W_Code::layout() && matches!(op, CmpOp::Eq | CmpOp::Ne) {
            let (x, y) = (crate::code::Code::of(a), crate::code::Code::of(b));
            return Ok(Some((a == b || x.object.same_code(&y.object)) == (op == CmpOp::Eq)));
        }
    }
    if let Some(r) = crate::iter::view_compare(op, a, b)? {
        return Ok(Some(r));
    }
    let eq = match bound_method_eq(a, b)? {
        Some(eq) => eq,
        None => a == b,
    };
    Ok(match op {
        CmpOp::Eq => Some(eq),
        CmpOp::Ne => Some(!eq),
        _ => None,
    })
}

/// A comparison of containers, which compares their items: one level deeper in the count of the
/// recursion limit (CPython's `Py_EnterRecursiveCall(" in comparison")`), so that a container
/// that holds itself (`d['k'] = d; d == copy`) or a very deep nest raises `RecursionError`
/// instead of exhausting the native stack.
fn nested<T>(compare_items: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    crate::objspace::recursive_call(" in comparison", compare_items)
}

/// Equality of two bound methods, `None` when `a` and `b` are not both methods (or both
/// builtins): as CPython, methods are equal when bound to the very same object and their
/// functions are equal (the same definition, for builtins).
fn bound_method_eq(a: GcRef, b: GcRef) -> PyResult<Option<bool>> {
    use crate::function::{W_Builtin, W_Method};
    let layout = a.layout();
    if layout != b.layout() {
        return Ok(None);
    }
    if layout == W_Method::layout() {
        if gc::get_ref(a, &W_Method::SELF_) != gc::get_ref(b, &W_Method::SELF_) {
            return Ok(Some(false));
        }
        let (fa, fb) = (gc::get_ref(a, &W_Method::FUNC), gc::get_ref(b, &W_Method::FUNC));
        return Ok(Some(fa == fb || richcompare(CmpOp::Eq, fa, fb)?));
    }
    if layout == W_Builtin::layout() {
        let same_self = gc::get_ref(a, &W_Builtin::SELF_) == gc::get_ref(b, &W_Builtin::SELF_);
        return Ok(Some(same_self && gc::get_i64(a, &W_Builtin::INDEX) == gc::get_i64(b, &W_Builtin::INDEX)));
    }
    Ok(None)
}

fn num_compare_impl(op: i64, a: GcRef, b: GcRef) -> i64 {
    let (x, y) = (num_of(a).expect("a number"), num_of(b).expect("a number"));
    i64::from(order_satisfies(CmpOp::ALL[op as usize], num_order(&x, &y)))
}

metatrace::residual! {
    /// `a op b` for two numbers, exactly: 1 or 0.
    pub fn num_compare(op: Int, a: Ref, b: Ref) -> Int;
    effect = Elidable; can_raise = false; impl = num_compare_impl;
}

fn objects_compare_impl(op: i64, a: GcRef, b: GcRef) -> i64 {
    richcompare(CmpOp::ALL[op as usize], a, b).map(i64::from).unwrap_or_else(|e| {
        set_exception(e);
        0
    })
}

metatrace::residual! {
    /// `a op b` for any builtin objects: 1 or 0.
    pub fn objects_compare(op: Int, a: Ref, b: Ref) -> Int;
    effect = Plain; can_raise = true; impl = objects_compare_impl;
}

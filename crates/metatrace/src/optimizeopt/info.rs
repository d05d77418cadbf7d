//! What the optimizer knows about values: integer bounds, facts about references (non-null, known
//! layout), and the contents of virtual objects (allocations it removed).

use crate::call::{CallDescr, StrSpec};
use crate::ir::Arg;
use metatrace_gc::{ArrayDescr, FieldDescr, ItemType, Kind, Layout};

/// A closed interval of `i64` that contains an integer value.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct IntBound {
    /// The smallest possible value.
    pub lo: i64,
    /// The largest possible value.
    pub hi: i64,
}

impl IntBound {
    /// Every `i64`.
    pub const FULL: IntBound = IntBound { lo: i64::MIN, hi: i64::MAX };
    /// A boolean: 0 or 1.
    pub const BOOL: IntBound = IntBound { lo: 0, hi: 1 };
    /// The non-negative values.
    pub const NONNEG: IntBound = IntBound { lo: 0, hi: i64::MAX };

    /// `[lo, hi]`.
    pub fn new(lo: i64, hi: i64) -> IntBound {
        IntBound { lo, hi }
    }

    /// Exactly `v`.
    pub fn constant(v: i64) -> IntBound {
        IntBound { lo: v, hi: v }
    }

    /// The values an integer field or item of type `ty` can load.
    pub fn of_item(ty: ItemType) -> IntBound {
        let bits = 8 * ty.size as u32;
        match (bits, ty.signed) {
            (64, _) => IntBound::FULL,
            (_, true) => IntBound::new(-(1 << (bits - 1)), (1 << (bits - 1)) - 1),
            (_, false) => IntBound::new(0, (1 << bits) - 1),
        }
    }

    /// The single value, when there is only one.
    pub fn as_constant(&self) -> Option<i64> {
        (self.lo == self.hi).then_some(self.lo)
    }

    /// True when `v` is in the interval.
    pub fn contains(&self, v: i64) -> bool {
        self.lo <= v && v <= self.hi
    }

    /// True when every value of `other` is in `self`.
    pub fn contains_bound(&self, other: &IntBound) -> bool {
        self.lo <= other.lo && other.hi <= self.hi
    }

    /// True when every value is `>= 0`.
    pub fn is_nonneg(&self) -> bool {
        self.lo >= 0
    }

    /// The values in both, or `None` when none is.
    pub fn intersect(&self, other: &IntBound) -> Option<IntBound> {
        let b = IntBound::new(self.lo.max(other.lo), self.hi.min(other.hi));
        (b.lo <= b.hi).then_some(b)
    }

    /// The bound of `a + b` when it cannot overflow, `None` when it may.
    pub fn add(&self, other: &IntBound) -> Option<IntBound> {
        Some(IntBound::new(self.lo.checked_add(other.lo)?, self.hi.checked_add(other.hi)?))
    }

    /// The bound of `a - b` when it cannot overflow, `None` when it may.
    pub fn sub(&self, other: &IntBound) -> Option<IntBound> {
        Some(IntBound::new(self.lo.checked_sub(other.hi)?, self.hi.checked_sub(other.lo)?))
    }

    /// The bound of `a * b` when it cannot overflow, `None` when it may.
    pub fn mul(&self, other: &IntBound) -> Option<IntBound> {
        let products = [
            self.lo.checked_mul(other.lo)?,
            self.lo.checked_mul(other.hi)?,
            self.hi.checked_mul(other.lo)?,
            self.hi.checked_mul(other.hi)?,
        ];
        Some(IntBound::new(*products.iter().min()?, *products.iter().max()?))
    }

    /// The bound of `a + b` (`a - b` when `negate`) knowing that it did not overflow: the exact
    /// interval clamped to `i64`.
    pub fn add_no_overflow(&self, other: &IntBound, negate: bool) -> IntBound {
        if negate {
            IntBound::new(self.lo.saturating_sub(other.hi), self.hi.saturating_sub(other.lo))
        } else {
            IntBound::new(self.lo.saturating_add(other.lo), self.hi.saturating_add(other.hi))
        }
    }

    /// The bound of `a * b` knowing that it did not overflow.
    pub fn mul_no_overflow(&self, other: &IntBound) -> IntBound {
        let products = [
            self.lo.saturating_mul(other.lo),
            self.lo.saturating_mul(other.hi),
            self.hi.saturating_mul(other.lo),
            self.hi.saturating_mul(other.hi),
        ];
        IntBound::new(products.into_iter().min().unwrap_or(i64::MIN), products.into_iter().max().unwrap_or(i64::MAX))
    }

    /// The bound of Rust's `a % b` (the sign of the dividend) when `b` is the constant `c != 0`.
    pub fn rem_by(&self, c: i64) -> IntBound {
        let m = c.unsigned_abs().saturating_sub(1).min(i64::MAX as u64) as i64;
        match (self.lo >= 0, self.hi <= 0) {
            (true, _) => IntBound::new(0, self.hi.min(m)),
            (_, true) => IntBound::new(self.lo.max(-m), 0),
            _ => IntBound::new(-m, m),
        }
    }

    /// The bound of `a & b`.
    pub fn and(&self, other: &IntBound) -> IntBound {
        match (self.is_nonneg(), other.is_nonneg()) {
            (true, true) => IntBound::new(0, self.hi.min(other.hi)),
            (true, false) => IntBound::new(0, self.hi),
            (false, true) => IntBound::new(0, other.hi),
            (false, false) => IntBound::FULL,
        }
    }

    /// The bound of `a | b` and of `a ^ b`.
    pub fn or_xor(&self, other: &IntBound) -> IntBound {
        if self.is_nonneg() && other.is_nonneg() {
            let top = self.hi.max(other.hi) as u64;
            let mask = u64::MAX >> top.leading_zeros();
            IntBound::new(0, mask as i64)
        } else {
            IntBound::FULL
        }
    }

    /// The bound of `a >> c` (arithmetic) for a constant shift count.
    pub fn rshift_by(&self, c: i64) -> IntBound {
        let c = (c & 63) as u32;
        IntBound::new(self.lo >> c, self.hi >> c)
    }

    /// The bound of `a << c` for a constant shift count, when it cannot overflow.
    pub fn lshift_by(&self, c: i64) -> Option<IntBound> {
        let c = (c & 63) as u32;
        let shift = |v: i64| v.checked_mul(1i64.checked_shl(c).filter(|m| *m > 0)?);
        Some(IntBound::new(shift(self.lo)?, shift(self.hi)?))
    }

    /// The bound of `-a`.
    pub fn neg(&self) -> IntBound {
        match (self.lo.checked_neg(), self.hi.checked_neg()) {
            (Some(lo), Some(hi)) => IntBound::new(hi, lo),
            _ => IntBound::FULL,
        }
    }

    /// The bound of `!a`.
    pub fn invert(&self) -> IntBound {
        IntBound::new(!self.hi, !self.lo)
    }

    /// Whether `a < b` is decided: `Some(true)` when always, `Some(false)` when never.
    pub fn known_lt(&self, other: &IntBound) -> Option<bool> {
        if self.hi < other.lo {
            Some(true)
        } else if self.lo >= other.hi {
            Some(false)
        } else {
            None
        }
    }

    /// Whether `a == b` is decided.
    pub fn known_eq(&self, other: &IntBound) -> Option<bool> {
        match (self.as_constant(), other.as_constant()) {
            (Some(a), Some(b)) => Some(a == b),
            _ if self.intersect(other).is_none() => Some(false),
            _ => None,
        }
    }
}

/// What is known about a reference.
#[derive(Copy, Clone, PartialEq, Eq, Default, Debug)]
pub struct PtrInfo {
    /// It is not null.
    pub nonnull: bool,
    /// The address of its layout (as `guard_class` compares it), when known; implies non-null.
    pub layout: Option<i64>,
}

/// The address of a layout, as `guard_class` takes it.
pub fn layout_addr(layout: &'static Layout) -> i64 {
    layout as *const Layout as i64
}

/// The zero value of a kind: what fields of a fresh allocation hold.
pub fn zero(kind: Kind) -> Arg {
    match kind {
        Kind::Int => Arg::Int(0),
        Kind::Float => Arg::float(0.0),
        Kind::Ref => Arg::Ref(metatrace_gc::GcRef::NULL),
    }
}

/// The value that loading a field or item of type `ty` gives after storing the constant `bits`:
/// narrow integers are truncated and sign- or zero-extended.
pub fn load_after_store(ty: ItemType, bits: u64) -> u64 {
    let width = 8 * ty.size as u32;
    if ty.kind != Kind::Int || width == 64 {
        return bits;
    }
    let shift = 64 - width;
    if ty.signed {
        (((bits << shift) as i64) >> shift) as u64
    } else {
        (bits << shift) >> shift
    }
}

/// An allocation the optimizer removed: the object's contents as trace operands.
#[derive(Clone, PartialEq, Debug)]
pub enum Virtual {
    /// A fixed-size object.
    Object {
        /// Its layout.
        layout: &'static Layout,
        /// The fields written so far, in the order first written; the others are zero.
        fields: Vec<(FieldDescr, Arg)>,
    },
    /// An array of constant length.
    Array {
        /// Its layout.
        layout: &'static Layout,
        /// Its items' descriptor.
        descr: ArrayDescr,
        /// Every item.
        items: Vec<Arg>,
    },
}

impl Virtual {
    /// The object's layout.
    pub fn layout(&self) -> &'static Layout {
        match self {
            Virtual::Object { layout, .. } | Virtual::Array { layout, .. } => layout,
        }
    }

    /// The value of field `f` (zero when never written).
    pub fn field(&self, f: &FieldDescr) -> Option<Arg> {
        match self {
            Virtual::Object { fields, .. } => {
                Some(fields.iter().find(|(g, _)| g == f).map_or_else(|| zero(f.ty.kind), |(_, v)| *v))
            }
            Virtual::Array { .. } => None,
        }
    }

    /// Every operand it holds (field values or items).
    pub fn values(&self) -> Vec<Arg> {
        match self {
            Virtual::Object { fields, .. } => fields.iter().map(|(_, v)| *v).collect(),
            Virtual::Array { items, .. } => items.clone(),
        }
    }
}

/// A string the string pass has not built ([`super::vstring`]): how it would be built, from
/// operands that may themselves be virtual strings.
#[derive(Clone, PartialEq, Debug)]
pub struct VStr {
    /// The interpreter's strings.
    pub spec: &'static StrSpec,
    /// What it is made of.
    pub parts: VStrParts,
}

/// What a virtual string is made of.
#[derive(Copy, Clone, PartialEq, Debug)]
pub enum VStrParts {
    /// `left` followed by `right`.
    Concat(Arg, Arg),
    /// The characters `start..stop` of a string (in bounds).
    Slice(Arg, Arg, Arg),
}

impl VStr {
    /// The call that builds the string, and its arguments.
    pub fn call(&self) -> (&'static CallDescr, Vec<Arg>) {
        match self.parts {
            VStrParts::Concat(..) => (self.spec.concat, self.parts.args()),
            VStrParts::Slice(..) => (self.spec.slice, self.parts.args()),
        }
    }
}

impl VStrParts {
    /// The operands, in order.
    pub fn args(&self) -> Vec<Arg> {
        match *self {
            VStrParts::Concat(a, b) => vec![a, b],
            VStrParts::Slice(s, start, stop) => vec![s, start, stop],
        }
    }

    /// The same construction from other operands (as many as [`VStrParts::args`] gives).
    pub fn with_args(&self, args: &[Arg]) -> VStrParts {
        match self {
            VStrParts::Concat(..) => VStrParts::Concat(args[0], args[1]),
            VStrParts::Slice(..) => VStrParts::Slice(args[0], args[1], args[2]),
        }
    }

    /// True when `other` is the same construction (whatever its operands).
    pub fn same_kind(&self, other: &VStrParts) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_bounds() {
        let a = IntBound::new(0, 10);
        let b = IntBound::new(-5, 5);
        assert_eq!(a.add(&b), Some(IntBound::new(-5, 15)));
        assert_eq!(a.sub(&b), Some(IntBound::new(-5, 15)));
        assert_eq!(a.mul(&b), Some(IntBound::new(-50, 50)));
        assert_eq!(IntBound::FULL.add(&a), None);
        assert_eq!(IntBound::FULL.add_no_overflow(&a, false), IntBound::FULL);
        assert_eq!(IntBound::new(i64::MAX - 1, i64::MAX).add_no_overflow(&IntBound::constant(1), false).lo, i64::MAX);
        assert_eq!(IntBound::FULL.rem_by(7), IntBound::new(-6, 6));
        assert_eq!(a.rem_by(-3), IntBound::new(0, 2));
        assert_eq!(IntBound::FULL.rem_by(i64::MIN), IntBound::new(-i64::MAX, i64::MAX));
        assert_eq!(a.or_xor(&IntBound::new(0, 3)), IntBound::new(0, 15));
        assert_eq!(IntBound::FULL.and(&IntBound::new(0, 255)), IntBound::new(0, 255));
        assert_eq!(IntBound::new(i64::MIN, 0).neg(), IntBound::FULL);
        assert_eq!(a.lshift_by(2), Some(IntBound::new(0, 40)));
        assert_eq!(a.lshift_by(63), None);
        assert_eq!(IntBound::of_item(ItemType::U8), IntBound::new(0, 255));
        assert_eq!(IntBound::of_item(ItemType::I32), IntBound::new(i32::MIN as i64, i32::MAX as i64));
    }

    #[test]
    fn decided_comparisons() {
        let a = IntBound::new(0, 10);
        assert_eq!(a.known_lt(&IntBound::constant(11)), Some(true));
        assert_eq!(a.known_lt(&IntBound::constant(0)), Some(false));
        assert_eq!(a.known_lt(&IntBound::constant(5)), None);
        assert_eq!(a.known_eq(&IntBound::constant(11)), Some(false));
        assert_eq!(IntBound::constant(3).known_eq(&IntBound::constant(3)), Some(true));
    }

    #[test]
    fn narrow_loads() {
        assert_eq!(load_after_store(ItemType::U8, 300), 44);
        assert_eq!(load_after_store(ItemType::I32, u32::MAX as u64) as i64, -1);
        assert_eq!(load_after_store(ItemType::I64, 300), 300);
    }
}

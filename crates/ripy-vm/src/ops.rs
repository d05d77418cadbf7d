//! Operators on builtin objects, in domain code: the fast paths the tracer sees through.
//!
//! Each operator dispatches on its operands' layouts (class guards in a trace), then works on
//! unboxed values: machine ints with overflow checks (bools count as ints), floats, and int ⇄
//! float mixes; big ints, and everything that loops, go to residual functions. `+` and `*` also
//! concatenate and repeat sequences. Failures raise CPython's exceptions with CPython's messages.
//!
//! These functions cover operands of builtin types only: for an instance of a user class the
//! interpreter tries its dunder methods first (and its reflected ones), and comes here only for
//! the builtin fallback.

use crate::bigint::{self, W_Long};
use crate::bytes::W_Bytes;
use crate::compare;
use crate::complex::W_Complex;
use crate::dict::W_Dict;
use crate::exceptions::{self, Fault, Msg};
use crate::float::{self, new_float, W_Float};
use crate::int::{self, new_int, W_Bool, W_Int};
use crate::known;
use crate::list::{self, W_List};
use crate::sequence;
use crate::set::{W_FrozenSet, W_Set};
use crate::singletons::W_None;
use crate::space::Space;
use crate::tuple::W_Tuple;
use crate::unicode::{self, W_Str};
use metatrace::domain::{Domain, FloatCmp, FloatOp, FloatUnary, IntOp, IntUnary, OvfOp};
use metatrace_gc::{GcObject, GcRef, Layout};

/// Binary operators.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `@`
    MatMul,
    /// `/`
    TrueDiv,
    /// `//`
    FloorDiv,
    /// `%`
    Mod,
    /// `**`
    Pow,
    /// `<<`
    LShift,
    /// `>>`
    RShift,
    /// `&`
    And,
    /// `|`
    Or,
    /// `^`
    Xor,
}

impl BinOp {
    /// Every operator, in the order of the enum.
    pub const ALL: [BinOp; 13] = [
        BinOp::Add,
        BinOp::Sub,
        BinOp::Mul,
        BinOp::MatMul,
        BinOp::TrueDiv,
        BinOp::FloorDiv,
        BinOp::Mod,
        BinOp::Pow,
        BinOp::LShift,
        BinOp::RShift,
        BinOp::And,
        BinOp::Or,
        BinOp::Xor,
    ];

    /// The operator as CPython's messages write it.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::MatMul => "@",
            BinOp::TrueDiv => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "** or pow()",
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
            BinOp::And => "&",
            BinOp::Or => "|",
            BinOp::Xor => "^",
        }
    }

    /// Whether ints alone support it (floats do not).
    fn is_bitwise(self) -> bool {
        matches!(self, BinOp::LShift | BinOp::RShift | BinOp::And | BinOp::Or | BinOp::Xor)
    }
}

/// Unary operators.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub enum UnaryOp {
    /// `-`
    Neg,
    /// `+`
    Pos,
    /// `~`
    Invert,
}

impl UnaryOp {
    /// Every operator, in the order of the enum.
    pub const ALL: [UnaryOp; 3] = [UnaryOp::Neg, UnaryOp::Pos, UnaryOp::Invert];

    /// The operator as CPython's messages write it.
    pub fn symbol(self) -> &'static str {
        match self {
            UnaryOp::Neg => "-",
            UnaryOp::Pos => "+",
            UnaryOp::Invert => "~",
        }
    }
}

/// Comparison operators.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub enum CmpOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// Every operator, in the order of the enum.
    pub const ALL: [CmpOp; 6] = [CmpOp::Lt, CmpOp::Le, CmpOp::Eq, CmpOp::Ne, CmpOp::Gt, CmpOp::Ge];

    /// The operator with its operands swapped (`a < b` is `b > a`).
    pub fn swapped(self) -> CmpOp {
        match self {
            CmpOp::Lt => CmpOp::Gt,
            CmpOp::Le => CmpOp::Ge,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::Ge => CmpOp::Le,
            op => op,
        }
    }

    /// The operator as CPython's messages write it.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    fn int_op(self) -> IntOp {
        match self {
            CmpOp::Lt => IntOp::Lt,
            CmpOp::Le => IntOp::Le,
            CmpOp::Eq => IntOp::Eq,
            CmpOp::Ne => IntOp::Ne,
            CmpOp::Gt => IntOp::Gt,
            CmpOp::Ge => IntOp::Ge,
        }
    }

    fn float_cmp(self) -> FloatCmp {
        match self {
            CmpOp::Lt => FloatCmp::Lt,
            CmpOp::Le => FloatCmp::Le,
            CmpOp::Eq => FloatCmp::Eq,
            CmpOp::Ne => FloatCmp::Ne,
            CmpOp::Gt => FloatCmp::Gt,
            CmpOp::Ge => FloatCmp::Ge,
        }
    }
}

/// What kind of number an object is, from its layout.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum NumKind {
    /// An int that fits in 64 bits.
    Int,
    /// A bool.
    Bool,
    /// A big int.
    Big,
    /// A float.
    Float,
}

fn num_kind(layout: &Layout) -> Option<NumKind> {
    if layout == W_Int::layout() {
        Some(NumKind::Int)
    } else if layout == W_Bool::layout() {
        Some(NumKind::Bool)
    } else if layout == W_Float::layout() {
        Some(NumKind::Float)
    } else if layout == W_Long::layout() {
        Some(NumKind::Big)
    } else {
        None
    }
}

/// The machine value of an int or bool.
fn small_value<D: Domain>(d: &mut D, obj: D::Ref, kind: NumKind) -> D::Int {
    if kind == NumKind::Bool {
        d.get_int(obj, &W_Bool::VALUE)
    } else {
        d.get_int(obj, &W_Int::VALUE)
    }
}

/// The float value of a number (an int converted, correctly rounded).
fn float_value<D: Domain>(d: &mut D, obj: D::Ref, kind: NumKind) -> Result<D::Float, D::Ref> {
    match kind {
        NumKind::Float => Ok(d.get_float(obj, &W_Float::VALUE)),
        NumKind::Big => bigint::long_to_float(d, obj),
        _ => {
            let v = small_value(d, obj, kind);
            Ok(d.int_to_float(v))
        }
    }
}

/// The space's `True` if `v` is non-zero, else `False` (a guard on `v` in a trace).
pub fn bool_obj<D: Domain>(d: &mut D, space: &Space, v: D::Int) -> D::Ref {
    let b = d.branch(v);
    d.const_ref(space.bools[usize::from(b)])
}

/// `a op b`.
pub fn binary_op<D: Domain>(d: &mut D, space: &Space, op: BinOp, a: D::Ref, b: D::Ref) -> Result<D::Ref, D::Ref> {
    let (la, lb) = (d.layout_of(a), d.layout_of(b));
    if la == W_Complex::layout() || lb == W_Complex::layout() {
        let op = d.const_int(op as i64);
        return crate::complex::complex_binop(d, op, a, b);
    }
    match (num_kind(la), num_kind(lb)) {
        (Some(ka), Some(kb)) => number_binop(d, space, op, a, ka, b, kb),
        _ => sequence_binop(d, op, a, la, b, lb),
    }
}

/// `a op b` when `a` and `b` are exact ints or floats (any mix): what [`binary_op`] computes,
/// without its dispatch (the interpreter's shortcut); `None` otherwise, and for the operators
/// that raise a `TypeError` on them (`@`, and the bitwise ones on a float), whose message an
/// in-place operator rewords.
#[inline(always)]
pub fn exact_arith<D: Domain>(d: &mut D, op: BinOp, a: D::Ref, b: D::Ref) -> Option<Result<D::Ref, D::Ref>> {
    if op == BinOp::MatMul {
        return None;
    }
    let (la, lb) = (d.layout_of(a), d.layout_of(b));
    let (a_int, b_int) = (la == W_Int::layout(), lb == W_Int::layout());
    if a_int && b_int {
        let x = known::get_int(d, a, W_Int::layout(), &W_Int::VALUE);
        let y = known::get_int(d, b, W_Int::layout(), &W_Int::VALUE);
        let ovf = match op {
            BinOp::Add => Some(OvfOp::Add),
            BinOp::Sub => Some(OvfOp::Sub),
            BinOp::Mul => Some(OvfOp::Mul),
            _ => None,
        };
        // `+`, `-` and `*` without overflow inline; the rest (and overflows) in `int::binop`.
        if let Some(r) = ovf.and_then(|o| d.int_ovf(o, x, y)) {
            return Some(Ok(new_int(d, r)));
        }
        return Some(int::binop(d, op, x, y));
    }
    let (a_float, b_float) = (la == W_Float::layout(), lb == W_Float::layout());
    if op.is_bitwise() || !(a_float || a_int) || !(b_float || b_int) {
        return None;
    }
    let x = if a_float { known::get_float(d, a, W_Float::layout(), &W_Float::VALUE) } else { exact_int_to_float(d, a) };
    let y = if b_float { known::get_float(d, b, W_Float::layout(), &W_Float::VALUE) } else { exact_int_to_float(d, b) };
    // `+`, `-`, `*` and `/` by a non-zero inline; the rest (and division by zero) in `float::binop`.
    let inline_op = match op {
        BinOp::Add => Some(FloatOp::Add),
        BinOp::Sub => Some(FloatOp::Sub),
        BinOp::Mul => Some(FloatOp::Mul),
        BinOp::TrueDiv => {
            let zero = d.const_float(0.0);
            let nonzero = d.float_cmp(FloatCmp::Ne, y, zero);
            d.branch(nonzero).then_some(FloatOp::TrueDiv)
        }
        _ => None,
    };
    if let Some(float_op) = inline_op {
        let r = d.float_op(float_op, x, y);
        return Some(Ok(new_float(d, r)));
    }
    Some(float::binop(d, op, x, y))
}

/// [`exact_arith`] with `op` a constant in each copy for the operators of numeric loops (`+`, `-`,
/// `*`, `/`): one dispatch on the operator, then straight code for the operands' layouts, where
/// the general copy tests the operator again on each path.
#[inline(always)]
pub fn exact_arith_by_operator<D: Domain>(
    d: &mut D,
    op: BinOp,
    a: D::Ref,
    b: D::Ref,
) -> Option<Result<D::Ref, D::Ref>> {
    match op {
        BinOp::Add => exact_arith(d, BinOp::Add, a, b),
        BinOp::Sub => exact_arith(d, BinOp::Sub, a, b),
        BinOp::Mul => exact_arith(d, BinOp::Mul, a, b),
        BinOp::TrueDiv => exact_arith(d, BinOp::TrueDiv, a, b),
        _ => exact_arith(d, op, a, b),
    }
}

/// `-a` when `a` is an exact float, or an exact int whose negation does not overflow: what
/// [`unary_op`] computes, without its dispatch (the interpreter's shortcut); `None` otherwise.
#[inline(always)]
pub fn exact_negation<D: Domain>(d: &mut D, a: D::Ref) -> Option<D::Ref> {
    let layout = d.layout_of(a);
    if layout == W_Float::layout() {
        let x = known::get_float(d, a, W_Float::layout(), &W_Float::VALUE);
        let r = d.float_unary(FloatUnary::Neg, x);
        return Some(new_float(d, r));
    }
    if layout != W_Int::layout() {
        return None;
    }
    let x = known::get_int(d, a, W_Int::layout(), &W_Int::VALUE);
    let zero = d.const_int(0);
    d.int_ovf(OvfOp::Sub, zero, x).map(|r| new_int(d, r))
}

/// The float of exact int `v` (as [`binary_op`] converts an int operand of a float operation).
#[inline(always)]
fn exact_int_to_float<D: Domain>(d: &mut D, v: D::Ref) -> D::Float {
    let i = known::get_int(d, v, W_Int::layout(), &W_Int::VALUE);
    d.int_to_float(i)
}

/// `a op b` (1 or 0) when `a` and `b` are both exact ints, floats or strs: what [`compare`]
/// computes, without its dispatch (the interpreter's shortcut); `None` otherwise.
#[inline(always)]
pub fn exact_compare<D: Domain>(d: &mut D, op: CmpOp, a: D::Ref, b: D::Ref) -> Option<D::Int> {
    let (la, lb) = (d.layout_of(a), d.layout_of(b));
    if la == W_Str::layout() && lb == W_Str::layout() {
        return Some(str_compare(d, op, a, b));
    }
    if la == W_Int::layout() && lb == W_Int::layout() {
        let x = known::get_int(d, a, W_Int::layout(), &W_Int::VALUE);
        let y = known::get_int(d, b, W_Int::layout(), &W_Int::VALUE);
        return Some(d.int_op(op.int_op(), x, y));
    }
    if la == W_Float::layout() && lb == W_Float::layout() {
        let x = known::get_float(d, a, W_Float::layout(), &W_Float::VALUE);
        let y = known::get_float(d, b, W_Float::layout(), &W_Float::VALUE);
        return Some(d.float_cmp(op.float_cmp(), x, y));
    }
    None
}

fn number_binop<D: Domain>(
    d: &mut D,
    space: &Space,
    op: BinOp,
    a: D::Ref,
    ka: NumKind,
    b: D::Ref,
    kb: NumKind,
) -> Result<D::Ref, D::Ref> {
    let small = |k| matches!(k, NumKind::Int | NumKind::Bool);
    if op == BinOp::MatMul || ((ka == NumKind::Float || kb == NumKind::Float) && op.is_bitwise()) {
        return Err(exceptions::raise(d, Fault::BinaryTypes(op, a, b)));
    }
    if small(ka) && small(kb) {
        let x = small_value(d, a, ka);
        let y = small_value(d, b, kb);
        if ka == NumKind::Bool && kb == NumKind::Bool && matches!(op, BinOp::And | BinOp::Or | BinOp::Xor) {
            let r = match op {
                BinOp::And => d.int_op(IntOp::And, x, y),
                BinOp::Or => d.int_op(IntOp::Or, x, y),
                _ => d.int_op(IntOp::Xor, x, y),
            };
            return Ok(bool_obj(d, space, r));
        }
        return int::binop(d, op, x, y);
    }
    if ka == NumKind::Float || kb == NumKind::Float {
        let x = float_value(d, a, ka)?;
        let y = float_value(d, b, kb)?;
        return float::binop(d, op, x, y);
    }
    let op = d.const_int(op as i64);
    bigint::long_binop(d, op, a, b)
}

/// Whether a layout is `set` or `frozenset`.
fn is_set(layout: &Layout) -> bool {
    layout == W_Set::layout() || layout == W_FrozenSet::layout()
}

/// Whether a layout is one of the builtin sequences that `+` concatenates.
fn is_sequence(layout: &Layout) -> bool {
    layout == W_Str::layout()
        || layout == W_List::layout()
        || layout == W_Tuple::layout()
        || layout == W_Bytes::layout()
}

fn sequence_binop<D: Domain>(
    d: &mut D,
    op: BinOp,
    a: D::Ref,
    la: &'static Layout,
    b: D::Ref,
    lb: &'static Layout,
) -> Result<D::Ref, D::Ref> {
    match op {
        BinOp::Add if is_sequence(la) => {
            if la != lb {
                return Err(exceptions::raise(d, Fault::Concat(a, b)));
            }
            if la == W_Str::layout() {
                return unicode::str_concat(d, a, b);
            }
            sequence::seq_concat(d, a, b)
        }
        BinOp::Mul if is_sequence(la) => repeat(d, a, b),
        BinOp::Or | BinOp::And | BinOp::Sub | BinOp::Xor if is_set(la) && is_set(lb) => {
            let op = d.const_int(op as i64);
            crate::set::set_binop(d, op, a, b)
        }
        BinOp::Mul if is_sequence(lb) => repeat(d, b, a),
        _ => Err(exceptions::raise(d, Fault::BinaryTypes(op, a, b))),
    }
}

/// `seq * count`.
fn repeat<D: Domain>(d: &mut D, seq: D::Ref, count: D::Ref) -> Result<D::Ref, D::Ref> {
    let n = match num_kind(d.layout_of(count)) {
        Some(k @ (NumKind::Int | NumKind::Bool)) => small_value(d, count, k),
        Some(NumKind::Big) => return Err(exceptions::raise(d, Fault::Message(Msg::RepeatSized))),
        _ => return Err(exceptions::raise(d, Fault::SeqMulType(count))),
    };
    sequence::seq_repeat(d, seq, n)
}

/// `op a`.
pub fn unary_op<D: Domain>(d: &mut D, op: UnaryOp, a: D::Ref) -> Result<D::Ref, D::Ref> {
    if d.layout_of(a) == W_Complex::layout() {
        let op = d.const_int(op as i64);
        return crate::complex::complex_unary(d, op, a);
    }
    match num_kind(d.layout_of(a)) {
        Some(k @ (NumKind::Int | NumKind::Bool)) => {
            let x = small_value(d, a, k);
            match op {
                UnaryOp::Neg => int::neg(d, x),
                // `+True` is the int 1; `+n` is `n` itself.
                UnaryOp::Pos if k == NumKind::Bool => Ok(new_int(d, x)),
                UnaryOp::Pos => Ok(a),
                UnaryOp::Invert => Ok(int::invert(d, x)),
            }
        }
        Some(NumKind::Float) => match op {
            UnaryOp::Neg => {
                let x = d.get_float(a, &W_Float::VALUE);
                let r = d.float_unary(FloatUnary::Neg, x);
                Ok(new_float(d, r))
            }
            UnaryOp::Pos => Ok(a),
            UnaryOp::Invert => Err(exceptions::raise(d, Fault::UnaryType(op, a))),
        },
        Some(NumKind::Big) => {
            let op = d.const_int(op as i64);
            Ok(bigint::long_unary(d, op, a).unwrap_or_else(|_| unreachable!("long_unary cannot raise")))
        }
        None => Err(exceptions::raise(d, Fault::UnaryType(op, a))),
    }
}

/// `a op b` as a machine truth value (1 or 0), for conditional jumps; use [`bool_obj`] for the
/// object.
pub fn compare<D: Domain>(d: &mut D, op: CmpOp, a: D::Ref, b: D::Ref) -> Result<D::Int, D::Ref> {
    let (la, lb) = (d.layout_of(a), d.layout_of(b));
    let opc = d.const_int(op as i64);
    if la == W_Complex::layout() || lb == W_Complex::layout() {
        return crate::complex::complex_compare(d, opc, a, b);
    }
    if let (Some(ka), Some(kb)) = (num_kind(la), num_kind(lb)) {
        let small = |k| matches!(k, NumKind::Int | NumKind::Bool);
        if small(ka) && small(kb) {
            let x = small_value(d, a, ka);
            let y = small_value(d, b, kb);
            return Ok(d.int_op(op.int_op(), x, y));
        }
        let exact = |d: &mut D, obj: D::Ref, k: NumKind| -> Option<D::Float> {
            if k == NumKind::Float {
                return Some(d.get_float(obj, &W_Float::VALUE));
            }
            if !small(k) {
                return None;
            }
            let v = small_value(d, obj, k);
            let fits = int::converts_exactly(d, v);
            d.branch(fits).then(|| d.int_to_float(v))
        };
        if let (Some(x), Some(y)) = (exact(d, a, ka), exact(d, b, kb)) {
            return Ok(d.float_cmp(op.float_cmp(), x, y));
        }
        return Ok(compare::num_compare(d, opc, a, b).unwrap_or_else(|_| unreachable!("num_compare cannot raise")));
    }
    if la == W_Str::layout() && lb == W_Str::layout() {
        return Ok(str_compare(d, op, a, b));
    }
    compare::objects_compare(d, opc, a, b)
}

/// `a op b` (1 or 0) for two exact strs.
#[inline(always)]
fn str_compare<D: Domain>(d: &mut D, op: CmpOp, a: D::Ref, b: D::Ref) -> D::Int {
    if matches!(op, CmpOp::Eq | CmpOp::Ne) {
        let eq = unicode::equal(d, a, b);
        return if op == CmpOp::Ne { d.int_unary(IntUnary::IsZero, eq) } else { eq };
    }
    let order = unicode::order(d, a, b);
    let zero = d.const_int(0);
    d.int_op(op.int_op(), order, zero)
}

/// The truth of `v` when it is a bool, `None` or an exact int, read against their known layouts
/// (the interpreter's shortcut in the concrete domain, where objects are at hand); `None` for
/// other objects.
#[inline(always)]
pub fn exact_truth(space: &Space, v: GcRef) -> Option<bool> {
    if v == space.bools[1] {
        Some(true)
    } else if v == space.bools[0] || v == space.none {
        Some(false)
    } else if v.layout() == W_Int::layout() {
        Some(crate::gc::get_i64(v, &W_Int::VALUE) != 0)
    } else {
        None
    }
}

/// The truth value of a builtin object (1 or 0): `None`, zero, and empty containers are false.
/// (An instance of a user class is true here: `__bool__` and `__len__` are the interpreter's.)
pub fn truthy<D: Domain>(d: &mut D, obj: D::Ref) -> D::Int {
    let layout = d.layout_of(obj);
    if layout == W_Bool::layout() {
        d.get_int(obj, &W_Bool::VALUE)
    } else if layout == W_None::layout() {
        d.const_int(0)
    } else if layout == W_Int::layout() {
        let v = d.get_int(obj, &W_Int::VALUE);
        d.int_unary(IntUnary::IsTrue, v)
    } else if layout == W_Float::layout() {
        let v = d.get_float(obj, &W_Float::VALUE);
        let zero = d.const_float(0.0);
        d.float_cmp(FloatCmp::Ne, v, zero)
    } else if layout == W_Complex::layout() {
        let zero = d.const_float(0.0);
        let re = d.get_float(obj, &W_Complex::REAL);
        let im = d.get_float(obj, &W_Complex::IMAG);
        let re_true = d.float_cmp(FloatCmp::Ne, re, zero);
        let im_true = d.float_cmp(FloatCmp::Ne, im, zero);
        d.int_op(IntOp::Or, re_true, im_true)
    } else {
        let len = if layout == W_Str::layout() {
            unicode::len(d, obj)
        } else if layout == W_List::layout() {
            list::length(d, obj)
        } else if layout == W_Tuple::layout() {
            known::array_len(d, obj, W_Tuple::layout(), &W_Tuple::ITEMS)
        } else if layout == W_Bytes::layout() {
            known::array_len(d, obj, W_Bytes::layout(), &W_Bytes::BYTES)
        } else if layout == W_Dict::layout() {
            crate::dict::length(d, obj)
        } else if is_set(layout) {
            crate::set::length(d, obj)
        } else {
            // Big ints are never zero; other objects are true.
            d.const_int(1)
        };
        d.int_unary(IntUnary::IsTrue, len)
    }
}

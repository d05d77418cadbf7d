//! Builtin functions, runtime errors, and the residual functions that the JIT calls instead of
//! tracing into them.
//!
//! Residual (native, opaque to the tracer): `print` and `str` (formatting), string concatenation,
//! comparison and parsing, growing a list's storage, and building an error's message. Everything
//! else (`len`, `push` when there is room, `pop`, numeric `int` and `float`) is domain code that the
//! tracer sees through.

use crate::ast::{BinOp, UnaryOp};
use crate::bytecode::Builtin;
use crate::objects::{
    heap_array, heap_array_items, heap_field, heap_float, heap_int, heap_list_items, heap_str, heap_str_bytes,
    new_float, new_int, Array, Bool, Exception, Float, Function, Int, List, Module, Object, Prebuilt, Str, Type,
};
use metatrace::call::set_exception;
use metatrace::domain::{Domain, FloatCmp, IntOp};
use metatrace_gc::{heap, GcObject, GcRef};
use std::cell::RefCell;
use std::io::Write;

/// A runtime error, with the values its message mentions.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Fault<R> {
    /// An operator applied to operands of the wrong types.
    BinaryTypes(BinOp, R, R),
    /// A unary operator applied to an operand of the wrong type.
    UnaryType(UnaryOp, R),
    /// Division or remainder by zero.
    DivisionByZero,
    /// An int result that does not fit in 64 bits.
    Overflow,
    /// An index (an int) out of the range of a list or a string.
    IndexRange(R, R),
    /// An index that is not an int.
    IndexType(R),
    /// Indexing a value that is neither a list nor a string.
    NotIndexable(R),
    /// Assigning an item of a value that is not a list.
    NotAssignable(R),
    /// Reading a variable (named by a string) before it is assigned.
    Undefined(R),
    /// Reading a field (named by a string) that a value does not have.
    NoField(R, R),
    /// Calling a value that is not a function.
    NotCallable(R),
    /// Calling a function with the wrong number of arguments.
    ArgCount {
        /// The function.
        function: R,
        /// How many it takes.
        expected: u32,
        /// How many it was given.
        given: u32,
    },
    /// Too many nested calls.
    Recursion,
    /// A builtin given a value of the wrong type.
    BadArgument(Builtin, R),
    /// `pop` of an empty list.
    EmptyPop,
    /// `int` of a float that is infinite, NaN or too large.
    FloatToInt(R),
}

/// A fault encoded as the arguments of [`make_error`]: kind, two integers, two references.
type Encoded<R> = (i64, i64, i64, Option<R>, Option<R>);

impl<R> Fault<R> {
    fn encode(self) -> Encoded<R> {
        match self {
            Fault::BinaryTypes(op, a, b) => (0, op as i64, 0, Some(a), Some(b)),
            Fault::UnaryType(op, a) => (1, op as i64, 0, Some(a), None),
            Fault::DivisionByZero => (2, 0, 0, None, None),
            Fault::Overflow => (3, 0, 0, None, None),
            Fault::IndexRange(index, container) => (4, 0, 0, Some(index), Some(container)),
            Fault::IndexType(index) => (5, 0, 0, Some(index), None),
            Fault::NotIndexable(a) => (6, 0, 0, Some(a), None),
            Fault::NotAssignable(a) => (7, 0, 0, Some(a), None),
            Fault::Undefined(name) => (8, 0, 0, Some(name), None),
            Fault::NoField(value, name) => (9, 0, 0, Some(value), Some(name)),
            Fault::NotCallable(a) => (10, 0, 0, Some(a), None),
            Fault::ArgCount { function, expected, given } => (11, expected.into(), given.into(), Some(function), None),
            Fault::Recursion => (12, 0, 0, None, None),
            Fault::BadArgument(b, a) => (13, b as i64, 0, Some(a), None),
            Fault::EmptyPop => (14, 0, 0, None, None),
            Fault::FloatToInt(a) => (15, 0, 0, Some(a), None),
        }
    }
}

impl Fault<GcRef> {
    fn decode((kind, x, y, a, b): Encoded<GcRef>) -> Option<Self> {
        let (a, b) = (a.unwrap_or(GcRef::NULL), b.unwrap_or(GcRef::NULL));
        let index = |n: i64| usize::try_from(n).ok();
        Some(match kind {
            0 => Fault::BinaryTypes(*BinOp::ALL.get(index(x)?)?, a, b),
            1 => Fault::UnaryType(*[UnaryOp::Neg, UnaryOp::Not].get(index(x)?)?, a),
            2 => Fault::DivisionByZero,
            3 => Fault::Overflow,
            4 => Fault::IndexRange(a, b),
            5 => Fault::IndexType(a),
            6 => Fault::NotIndexable(a),
            7 => Fault::NotAssignable(a),
            8 => Fault::Undefined(a),
            9 => Fault::NoField(a, b),
            10 => Fault::NotCallable(a),
            11 => Fault::ArgCount { function: a, expected: x.try_into().ok()?, given: y.try_into().ok()? },
            12 => Fault::Recursion,
            13 => Fault::BadArgument(*Builtin::ALL.get(index(x)?)?, a),
            14 => Fault::EmptyPop,
            15 => Fault::FloatToInt(a),
            _ => return None,
        })
    }

    /// The error message.
    fn message(self) -> String {
        let type_name = |v: GcRef| Type::of(v.layout()).name();
        let text = |s: GcRef| String::from_utf8_lossy(&heap_str_bytes(s)).into_owned();
        match self {
            Fault::BinaryTypes(op, a, b) => {
                format!("unsupported operand types for {}: {} and {}", op.symbol(), type_name(a), type_name(b))
            }
            Fault::UnaryType(op, a) => {
                let symbol = if op == UnaryOp::Neg { "-" } else { "not" };
                format!("bad operand type for unary {symbol}: {}", type_name(a))
            }
            Fault::DivisionByZero => "division by zero".to_owned(),
            Fault::Overflow => "integer overflow".to_owned(),
            Fault::IndexRange(index, container) => {
                let len = match Type::of(container.layout()) {
                    Type::List => heap::read_field(container, &List::LEN) as i64,
                    _ => heap::array_len(container, &Str::BYTES),
                };
                let i = heap::read_field(index, &Int::VALUE) as i64;
                format!("index {i} out of range for {} of length {len}", type_name(container))
            }
            Fault::IndexType(index) => format!("index must be an int, not {}", type_name(index)),
            Fault::NotIndexable(a) => format!("{} is not indexable", type_name(a)),
            Fault::NotAssignable(a) => format!("{} does not support item assignment", type_name(a)),
            Fault::Undefined(name) => format!("undefined variable '{}'", text(name)),
            Fault::NoField(value, name) => format!("{} has no field '{}'", type_name(value), text(name)),
            Fault::NotCallable(a) => format!("{} is not callable", type_name(a)),
            Fault::ArgCount { function, expected, given } => {
                let name = text(heap::read_field_ref(function, &Function::NAME));
                let plural = if expected == 1 { "" } else { "s" };
                format!("{name}() takes {expected} argument{plural}, got {given}")
            }
            Fault::Recursion => format!("maximum recursion depth ({MAX_DEPTH}) exceeded"),
            Fault::BadArgument(b, a) => format!("bad argument type for {}(): {}", b.name(), type_name(a)),
            Fault::EmptyPop => "pop from an empty list".to_owned(),
            Fault::FloatToInt(a) => {
                format!("cannot convert {} to int", display(a, GcRef::NULL))
            }
        }
    }
}

/// How many calls deep a program may go.
pub const MAX_DEPTH: i64 = 5000;

/// Build the exception for a fault raised at `line`: the error path of domain code.
pub fn raise<D: Domain>(d: &mut D, line: i64, fault: Fault<D::Ref>) -> D::Ref {
    let (kind, x, y, a, b) = fault.encode();
    let [kind, line, x, y] = [kind, line, x, y].map(|v| d.const_int(v));
    let null = d.const_ref(GcRef::NULL);
    make_error(d, kind, line, x, y, a.unwrap_or(null), b.unwrap_or(null)).unwrap_or_else(|e| e)
}

/// A new exception on the heap.
pub fn heap_exception(line: i64, message: &str) -> GcRef {
    let e = metatrace_gc::alloc(Exception::layout());
    heap::write_field_ref(e, &Exception::MESSAGE, heap_str(message.as_bytes()));
    heap::write_field(e, &Exception::LINE, line as u64);
    e
}

/// The line and message of an exception.
pub fn exception_info(e: GcRef) -> (i64, String) {
    let message = heap_str_bytes(heap::read_field_ref(e, &Exception::MESSAGE));
    (heap::read_field(e, &Exception::LINE) as i64, String::from_utf8_lossy(&message).into_owned())
}

fn make_error_impl(kind: i64, line: i64, x: i64, y: i64, a: GcRef, b: GcRef) -> GcRef {
    let message = match Fault::decode((kind, x, y, Some(a), Some(b))) {
        Some(fault) => fault.message(),
        None => format!("internal error: unknown fault {kind}"),
    };
    heap_exception(line, &message)
}

metatrace::residual! {
    /// Build the exception of an encoded [`Fault`].
    pub fn make_error(kind: Int, line: Int, x: Int, y: Int, a: Ref, b: Ref) -> Ref;
    effect = Plain; can_raise = false; impl = make_error_impl;
}

thread_local! {
    /// Where `print` writes when output is being captured.
    static CAPTURED: RefCell<Option<Vec<u8>>> = const { RefCell::new(None) };
}

/// Run `f`, collecting what it prints instead of writing it to standard output.
pub fn capture_output<R>(f: impl FnOnce() -> R) -> (R, String) {
    let outer = CAPTURED.with(|c| c.replace(Some(Vec::new())));
    let result = f();
    let captured = CAPTURED.with(|c| c.replace(outer)).unwrap_or_default();
    (result, String::from_utf8_lossy(&captured).into_owned())
}

fn print_impl(v: GcRef, module: GcRef) {
    let mut line = display(v, field_names(module)).into_bytes();
    line.push(b'\n');
    let captured = CAPTURED.with(|c| c.borrow_mut().as_mut().map(|out| out.extend_from_slice(&line)).is_some());
    if !captured {
        // A closed standard output is not the program's error: the rest of the output is dropped.
        let _ = std::io::stdout().lock().write_all(&line);
    }
}

metatrace::residual! {
    /// `print(v)`: write `v` and a newline.
    pub fn print_value(v: Ref, module: Ref) -> Void;
    effect = Plain; can_raise = false; impl = print_impl;
}

fn to_str_impl(v: GcRef, module: GcRef) -> GcRef {
    match Type::of(v.layout()) {
        Type::Str => v,
        _ => heap_str(display(v, field_names(module)).as_bytes()),
    }
}

metatrace::residual! {
    /// `str(v)`: `v` as a string.
    pub fn to_str(v: Ref, module: Ref) -> Ref;
    effect = Plain; can_raise = false; impl = to_str_impl;
}

fn concat_impl(a: GcRef, b: GcRef) -> GcRef {
    let mut bytes = heap_str_bytes(a);
    bytes.extend(heap_str_bytes(b));
    heap_str(&bytes)
}

metatrace::residual! {
    /// The concatenation of two strings.
    pub fn concat(a: Ref, b: Ref) -> Ref;
    effect = Plain; can_raise = false; impl = concat_impl;
}

fn str_compare_impl(a: GcRef, b: GcRef) -> i64 {
    heap_str_bytes(a).cmp(&heap_str_bytes(b)) as i64
}

metatrace::residual! {
    /// Compare two strings bytewise: -1, 0 or 1.
    pub fn str_compare(a: Ref, b: Ref) -> Int;
    effect = Elidable; can_raise = false; impl = str_compare_impl;
}

fn list_grow_impl(list: GcRef) {
    let mut items = heap_array_items(heap::read_field_ref(list, &List::STORAGE));
    let capacity = (items.len() * 2).max(4);
    items.resize(capacity, GcRef::NULL);
    heap::write_field_ref(list, &List::STORAGE, heap_array(&items));
}

metatrace::residual! {
    /// Replace a full list's storage with a larger copy.
    pub fn list_grow(list: Ref) -> Void;
    effect = Plain; can_raise = false; impl = list_grow_impl;
}

/// Parse a string with `parse`, raising an error that names `what` if it fails.
fn parse_or_raise<T>(s: GcRef, line: i64, what: &str, parse: impl Fn(&str) -> Option<T>) -> Option<T> {
    let text = String::from_utf8_lossy(&heap_str_bytes(s)).into_owned();
    let parsed = parse(text.trim());
    if parsed.is_none() {
        set_exception(heap_exception(line, &format!("invalid {what} literal: {text:?}")));
    }
    parsed
}

fn parse_int_impl(s: GcRef, line: i64) -> GcRef {
    parse_or_raise(s, line, "int", |t| t.parse().ok()).map_or(GcRef::NULL, heap_int)
}

fn parse_float_impl(s: GcRef, line: i64) -> GcRef {
    // Rust also parses "inf" and "NaN"; tiny wants digits.
    let parse = |t: &str| t.parse().ok().filter(|_| t.bytes().any(|c| c.is_ascii_digit()));
    parse_or_raise(s, line, "float", parse).map_or(GcRef::NULL, heap_float)
}

metatrace::residual! {
    /// `int(s)` of a string; raises if it is not an integer literal.
    pub fn parse_int(s: Ref, line: Int) -> Ref;
    effect = Plain; can_raise = true; impl = parse_int_impl;
}

metatrace::residual! {
    /// `float(s)` of a string; raises if it is not a number.
    pub fn parse_float(s: Ref, line: Int) -> Ref;
    effect = Plain; can_raise = true; impl = parse_float_impl;
}

/// The field names of a module (an [`Array`] of strings).
fn field_names(module: GcRef) -> GcRef {
    heap::read_field_ref(module, &Module::FIELD_NAMES)
}

/// How deeply `display` descends into lists and objects before writing `...`.
const MAX_DISPLAY_DEPTH: usize = 100;

/// A value as `print` writes it. `field_names` (an [`Array`] of strings, or null) names the
/// fields of objects. A list or object inside itself is written `[...]` or `{...}`.
pub fn display(v: GcRef, field_names: GcRef) -> String {
    let mut out = String::new();
    write_value(&mut out, v, field_names, false, &mut Vec::new());
    out
}

/// Write `v`; `enclosing` holds the lists and objects being written around it.
fn write_value(out: &mut String, v: GcRef, field_names: GcRef, quoted: bool, enclosing: &mut Vec<GcRef>) {
    let t = Type::of(v.layout());
    if matches!(t, Type::List | Type::Object) {
        if enclosing.contains(&v) || enclosing.len() >= MAX_DISPLAY_DEPTH {
            out.push_str(if t == Type::List { "[...]" } else { "{...}" });
            return;
        }
        enclosing.push(v);
    }
    match t {
        Type::Int => out.push_str(&(heap::read_field(v, &Int::VALUE) as i64).to_string()),
        Type::Float => out.push_str(&format_float(f64::from_bits(heap::read_field(v, &Float::VALUE)))),
        Type::Bool => out.push_str(if heap::read_field(v, &Bool::VALUE) != 0 { "true" } else { "false" }),
        Type::Nil => out.push_str("nil"),
        Type::Str => {
            let text = String::from_utf8_lossy(&heap_str_bytes(v)).into_owned();
            if quoted {
                out.push_str(&format!("{text:?}"));
            } else {
                out.push_str(&text);
            }
        }
        Type::List => {
            out.push('[');
            for (i, item) in heap_list_items(v).into_iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(out, item, field_names, true, enclosing);
            }
            out.push(']');
        }
        Type::Object => {
            out.push('{');
            let names = if field_names.is_null() { Vec::new() } else { heap_array_items(field_names) };
            let fields = (0..heap::array_len(v, &Object::SLOTS)).map(|i| heap_field(v, i));
            let set = names.into_iter().zip(fields).filter(|(_, value)| !value.is_null());
            for (i, (name, value)) in set.enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&String::from_utf8_lossy(&heap_str_bytes(name)));
                out.push_str(": ");
                write_value(out, value, field_names, true, enclosing);
            }
            out.push('}');
        }
        Type::Function => {
            let name = heap_str_bytes(heap::read_field_ref(v, &Function::NAME));
            out.push_str(&format!("<function {}>", String::from_utf8_lossy(&name)));
        }
        Type::Internal => out.push_str(&format!("<{}>", v.layout().name)),
    }
    if matches!(t, Type::List | Type::Object) {
        enclosing.pop();
    }
}

/// A float as tiny writes it: the shortest text that reads back as the same float, always with a
/// `.` or an exponent so that it cannot be mistaken for an int (`1.0`, `0.1`, `1e100`, `inf`, `nan`).
pub fn format_float(f: f64) -> String {
    if f.is_nan() {
        "nan".to_owned()
    } else {
        format!("{f:?}")
    }
}

/// Call a builtin with its arguments (as many as its arity), in domain code.
pub fn call<D: Domain>(
    d: &mut D,
    prebuilt: &Prebuilt,
    b: Builtin,
    args: &[D::Ref],
    line: i64,
) -> Result<D::Ref, D::Ref> {
    let v = args[0];
    let bad_argument = |d: &mut D| Err(raise(d, line, Fault::BadArgument(b, v)));
    match b {
        Builtin::Print => {
            let module = prebuilt.module(d);
            print_value(d, v, module)?;
            Ok(prebuilt.nil(d))
        }
        Builtin::Str => {
            let module = prebuilt.module(d);
            to_str(d, v, module)
        }
        Builtin::Len => {
            let len = match Type::of_value(d, v) {
                Type::List => d.get_int(v, &List::LEN),
                Type::Str => d.array_len(v, &Str::BYTES),
                _ => return bad_argument(d),
            };
            Ok(new_int(d, len))
        }
        Builtin::Push => {
            if Type::of_value(d, v) != Type::List {
                return bad_argument(d);
            }
            push(d, v, args[1])?;
            Ok(prebuilt.nil(d))
        }
        Builtin::Pop => {
            if Type::of_value(d, v) != Type::List {
                return bad_argument(d);
            }
            pop(d, v, line)
        }
        Builtin::Int => match Type::of_value(d, v) {
            Type::Int => Ok(v),
            Type::Float => {
                let f = d.get_float(v, &Float::VALUE);
                // Truncation is exact for floats in [-2^63, 2^63); NaN fails both comparisons.
                let low = d.const_float(-(2f64.powi(63)));
                let high = d.const_float(2f64.powi(63));
                let above_low = d.float_cmp(FloatCmp::Ge, f, low);
                let below_high = d.float_cmp(FloatCmp::Lt, f, high);
                let in_range = d.int_op(IntOp::And, above_low, below_high);
                if !d.branch(in_range) {
                    return Err(raise(d, line, Fault::FloatToInt(v)));
                }
                let i = d.float_to_int(f);
                Ok(new_int(d, i))
            }
            Type::Str => {
                let line = d.const_int(line);
                parse_int(d, v, line)
            }
            _ => bad_argument(d),
        },
        Builtin::Float => match Type::of_value(d, v) {
            Type::Float => Ok(v),
            Type::Int => {
                let i = d.get_int(v, &Int::VALUE);
                let f = d.int_to_float(i);
                Ok(new_float(d, f))
            }
            Type::Str => {
                let line = d.const_int(line);
                parse_float(d, v, line)
            }
            _ => bad_argument(d),
        },
    }
}

/// Append `v` to `list`, growing its storage (residually) when it is full.
fn push<D: Domain>(d: &mut D, list: D::Ref, v: D::Ref) -> Result<(), D::Ref> {
    let len = d.get_int(list, &List::LEN);
    let storage = d.get_ref(list, &List::STORAGE);
    let capacity = d.array_len(storage, &Array::ITEMS);
    let full = d.int_op(IntOp::Ge, len, capacity);
    let storage = if d.branch(full) {
        list_grow(d, list)?;
        d.get_ref(list, &List::STORAGE)
    } else {
        storage
    };
    d.set_item_ref(storage, &Array::ITEMS, len, v);
    let one = d.const_int(1);
    let new_len = d.int_op(IntOp::Add, len, one);
    d.set_int(list, &List::LEN, new_len);
    Ok(())
}

/// Remove and return the last item of `list`.
fn pop<D: Domain>(d: &mut D, list: D::Ref, line: i64) -> Result<D::Ref, D::Ref> {
    let len = d.get_int(list, &List::LEN);
    let zero = d.const_int(0);
    let empty = d.int_op(IntOp::Le, len, zero);
    if d.branch(empty) {
        return Err(raise(d, line, Fault::EmptyPop));
    }
    let one = d.const_int(1);
    let last = d.int_op(IntOp::Sub, len, one);
    let storage = d.get_ref(list, &List::STORAGE);
    let v = d.get_item_ref(storage, &Array::ITEMS, last);
    let null = d.const_ref(GcRef::NULL);
    d.set_item_ref(storage, &Array::ITEMS, last, null);
    d.set_int(list, &List::LEN, last);
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_survive_encoding() {
        let (a, b) = (heap_str(b"a"), heap_str(b"b"));
        let faults = [
            Fault::BinaryTypes(BinOp::Ge, a, b),
            Fault::UnaryType(UnaryOp::Not, a),
            Fault::DivisionByZero,
            Fault::Overflow,
            Fault::IndexRange(a, b),
            Fault::IndexType(a),
            Fault::NotIndexable(a),
            Fault::NotAssignable(a),
            Fault::Undefined(a),
            Fault::NoField(a, b),
            Fault::NotCallable(a),
            Fault::ArgCount { function: a, expected: 2, given: 3 },
            Fault::Recursion,
            Fault::BadArgument(Builtin::Float, a),
            Fault::EmptyPop,
            Fault::FloatToInt(a),
        ];
        for fault in faults {
            let (kind, x, y, ra, rb) = fault.encode();
            let nonnull = |r: Option<GcRef>| r.or(Some(GcRef::NULL));
            assert_eq!(Fault::decode((kind, x, y, nonnull(ra), nonnull(rb))), Some(fault));
        }
        assert_eq!(Fault::decode((99, 0, 0, None, None)), None);
    }

    #[test]
    fn formats_values() {
        assert_eq!(format_float(1.0), "1.0");
        assert_eq!(format_float(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(format_float(f64::NAN), "nan");
        assert_eq!(format_float(-f64::INFINITY), "-inf");
        let list = metatrace_gc::alloc(List::layout());
        heap::write_field_ref(list, &List::STORAGE, heap_array(&[heap_str(b"x\"y"), list, list, GcRef::NULL]));
        heap::write_field(list, &List::LEN, 3);
        assert_eq!(display(list, GcRef::NULL), r#"["x\"y", [...], [...]]"#);
        let mut deep = heap_int(7);
        for _ in 0..1000 {
            let outer = metatrace_gc::alloc(List::layout());
            heap::write_field_ref(outer, &List::STORAGE, heap_array(&[deep]));
            heap::write_field(outer, &List::LEN, 1);
            deep = outer;
        }
        assert!(display(deep, GcRef::NULL).len() < 1000);
    }
}

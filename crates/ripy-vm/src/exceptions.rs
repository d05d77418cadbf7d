//! Exceptions: CPython 3.11's builtin exception hierarchy as type objects, the layout of exception
//! instances, and how Rust code builds them.
//!
//! Every Python-level failure is an exception object, never a panic. Native code builds one with
//! [`Space::new_exception`] (a kind and a message) or [`Space::fault`] (a [`Fault`]: a failure whose
//! message CPython formats from the operands, such as `unsupported operand type(s) for +: 'int' and
//! 'str'`). Domain code calls [`raise`], which encodes the fault into the arguments of one residual
//! function, so that a trace that raises records one call and no formatting.

use crate::gc;
use crate::mapdict;
use crate::ops::{BinOp, CmpOp, UnaryOp};
use crate::repr;
use crate::space::{PyResult, Space};
use crate::tuple::W_Tuple;
use crate::typeobject;
use crate::unicode;
use metatrace::domain::Domain;
use metatrace_gc::{GcHeader, GcObject, GcRef};
use metatrace_macros::GcObject;

/// An exception instance: an instance of `BaseException` or a subclass (builtin or user-defined).
/// The first fields are those of [`crate::mapdict::W_Instance`]: attributes live in map slots.
#[derive(GcObject)]
#[repr(C)]
pub struct W_Exception {
    /// The object header.
    pub header: GcHeader,
    /// The exception's type.
    pub type_: GcRef,
    /// The map (hidden class) of its attributes.
    pub map: GcRef,
    /// The attribute values ([`crate::storage::RefArray`]), indexed through the map.
    pub slots: GcRef,
    /// `args`: a tuple.
    pub args: GcRef,
    /// `__traceback__`, or null for None.
    pub traceback: GcRef,
    /// `__cause__`, or null for None.
    pub cause: GcRef,
    /// `__context__`, or null for None.
    pub context: GcRef,
    /// `__suppress_context__`: 0 or 1.
    pub suppress_context: i64,
}

macro_rules! exception_kinds {
    ($($name:ident($($base:ident),*);)*) => {
        /// The builtin exception types, bases before subclasses.
        #[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
        pub enum ExcKind {
            $(
                #[doc = concat!("`", stringify!($name), "`.")]
                $name,
            )*
        }

        impl ExcKind {
            /// Every kind, in the order of the enum (bases first).
            pub const ALL: &'static [ExcKind] = &[$(ExcKind::$name),*];

            /// The type's name.
            pub fn name(self) -> &'static str {
                match self {
                    $(ExcKind::$name => stringify!($name),)*
                }
            }

            /// The type's bases (none for `BaseException`, whose base is `object`).
            pub fn bases(self) -> &'static [ExcKind] {
                match self {
                    $(ExcKind::$name => &[$(ExcKind::$base),*],)*
                }
            }
        }
    };
}

exception_kinds! {
    BaseException();
    BaseExceptionGroup(BaseException);
    GeneratorExit(BaseException);
    KeyboardInterrupt(BaseException);
    SystemExit(BaseException);
    Exception(BaseException);
    ArithmeticError(Exception);
    FloatingPointError(ArithmeticError);
    OverflowError(ArithmeticError);
    ZeroDivisionError(ArithmeticError);
    AssertionError(Exception);
    AttributeError(Exception);
    BufferError(Exception);
    EOFError(Exception);
    ExceptionGroup(BaseExceptionGroup, Exception);
    ImportError(Exception);
    ModuleNotFoundError(ImportError);
    LookupError(Exception);
    IndexError(LookupError);
    KeyError(LookupError);
    MemoryError(Exception);
    NameError(Exception);
    UnboundLocalError(NameError);
    OSError(Exception);
    BlockingIOError(OSError);
    ChildProcessError(OSError);
    ConnectionError(OSError);
    BrokenPipeError(ConnectionError);
    ConnectionAbortedError(ConnectionError);
    ConnectionRefusedError(ConnectionError);
    ConnectionResetError(ConnectionError);
    FileExistsError(OSError);
    FileNotFoundError(OSError);
    InterruptedError(OSError);
    IsADirectoryError(OSError);
    NotADirectoryError(OSError);
    PermissionError(OSError);
    ProcessLookupError(OSError);
    TimeoutError(OSError);
    ReferenceError(Exception);
    RuntimeError(Exception);
    NotImplementedError(RuntimeError);
    RecursionError(RuntimeError);
    StopAsyncIteration(Exception);
    StopIteration(Exception);
    SyntaxError(Exception);
    IndentationError(SyntaxError);
    TabError(IndentationError);
    SystemError(Exception);
    TypeError(Exception);
    ValueError(Exception);
    UnicodeError(ValueError);
    UnicodeDecodeError(UnicodeError);
    UnicodeEncodeError(UnicodeError);
    UnicodeTranslateError(UnicodeError);
    Warning(Exception);
    BytesWarning(Warning);
    DeprecationWarning(Warning);
    EncodingWarning(Warning);
    FutureWarning(Warning);
    ImportWarning(Warning);
    PendingDeprecationWarning(Warning);
    ResourceWarning(Warning);
    RuntimeWarning(Warning);
    SyntaxWarning(Warning);
    UnicodeWarning(Warning);
    UserWarning(Warning);
}

macro_rules! messages {
    ($($name:ident: $kind:ident, $text:literal;)*) => {
        /// Failures with a fixed message.
        #[derive(Copy, Clone, PartialEq, Eq, Debug)]
        pub enum Msg {
            $(
                #[doc = concat!("`", stringify!($kind), ": ", $text, "`")]
                $name,
            )*
        }

        impl Msg {
            /// Every message, in the order of the enum.
            pub const ALL: &'static [Msg] = &[$(Msg::$name),*];

            /// The exception type.
            pub fn kind(self) -> ExcKind {
                match self {
                    $(Msg::$name => ExcKind::$kind,)*
                }
            }

            /// The message.
            pub fn text(self) -> &'static str {
                match self {
                    $(Msg::$name => $text,)*
                }
            }
        }
    };
}

messages! {
    DivisionByZero: ZeroDivisionError, "division by zero";
    IntDivisionByZero: ZeroDivisionError, "integer division or modulo by zero";
    IntModuloByZero: ZeroDivisionError, "integer modulo by zero";
    FloatDivisionByZero: ZeroDivisionError, "float division by zero";
    FloatFloorDivisionByZero: ZeroDivisionError, "float floor division by zero";
    FloatModuloByZero: ZeroDivisionError, "float modulo";
    FloatDivmodByZero: ZeroDivisionError, "float divmod()";
    ZeroToNegativePower: ZeroDivisionError, "0.0 cannot be raised to a negative power";
    NegativeShift: ValueError, "negative shift count";
    IntTooLargeForFloat: OverflowError, "int too large to convert to float";
    QuotientTooLargeForFloat: OverflowError, "integer division result too large for a float";
    TooManyDigits: OverflowError, "too many digits in integer";
    IndexSized: IndexError, "cannot fit 'int' into an index-sized integer";
    RepeatSized: OverflowError, "cannot fit 'int' into an index-sized integer";
    FloatInfinityToInt: OverflowError, "cannot convert float infinity to integer";
    FloatNanToInt: ValueError, "cannot convert float NaN to integer";
    FractionalPower: ValueError, "negative number cannot be raised to a fractional power";
    ListIndex: IndexError, "list index out of range";
    ListAssignIndex: IndexError, "list assignment index out of range";
    TupleIndex: IndexError, "tuple index out of range";
    StrIndex: IndexError, "string index out of range";
    BytesIndex: IndexError, "index out of range";
    PopEmptyList: IndexError, "pop from empty list";
    PopIndex: IndexError, "pop index out of range";
    StrRepeatTooLong: OverflowError, "repeated string is too long";
    BytesRepeatTooLong: OverflowError, "repeated bytes are too long";
    NoMemory: MemoryError, "";
}

/// A failure whose message CPython formats from its operands, or a fixed [`Msg`].
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Fault<R> {
    /// A fixed message.
    Message(Msg),
    /// `TypeError: unsupported operand type(s) for +: 'int' and 'str'`.
    BinaryTypes(BinOp, R, R),
    /// `TypeError: bad operand type for unary -: 'str'`.
    UnaryType(UnaryOp, R),
    /// `TypeError: '<' not supported between instances of 'int' and 'str'`.
    Unorderable(CmpOp, R, R),
    /// `TypeError: can only concatenate str (not "int") to str` (and bytes' `can't concat int to
    /// bytes`), for the left and right operands.
    Concat(R, R),
    /// `TypeError: can't multiply sequence by non-int of type 'str'`, for the non-int.
    SeqMulType(R),
    /// `TypeError: list indices must be integers or slices, not str`, for the container and index.
    Indices(R, R),
    /// `TypeError: 'int' object is not subscriptable`.
    NotSubscriptable(R),
    /// `TypeError: unhashable type: 'list'`.
    Unhashable(R),
    /// `KeyError(key)`.
    Key(R),
    /// `AttributeError: 'int' object has no attribute 'x'`, for the object and the name (a str).
    NoAttribute(R, R),
}

/// A fault as the arguments of [`make_fault`]: a tag (variant and operator or message index) and
/// two references (null when unused).
type Encoded<R> = (i64, Option<R>, Option<R>);

impl<R> Fault<R> {
    fn encode(self) -> Encoded<R> {
        let tag = |variant: i64, sub: usize| variant << 8 | sub as i64;
        match self {
            Fault::Message(m) => (tag(0, m as usize), None, None),
            Fault::BinaryTypes(op, a, b) => (tag(1, op as usize), Some(a), Some(b)),
            Fault::UnaryType(op, a) => (tag(2, op as usize), Some(a), None),
            Fault::Unorderable(op, a, b) => (tag(3, op as usize), Some(a), Some(b)),
            Fault::Concat(a, b) => (tag(4, 0), Some(a), Some(b)),
            Fault::SeqMulType(a) => (tag(5, 0), Some(a), None),
            Fault::Indices(a, b) => (tag(6, 0), Some(a), Some(b)),
            Fault::NotSubscriptable(a) => (tag(7, 0), Some(a), None),
            Fault::Unhashable(a) => (tag(8, 0), Some(a), None),
            Fault::Key(a) => (tag(9, 0), Some(a), None),
            Fault::NoAttribute(a, b) => (tag(10, 0), Some(a), Some(b)),
        }
    }
}

impl Fault<GcRef> {
    fn decode(tag: i64, a: GcRef, b: GcRef) -> Option<Self> {
        let sub = (tag & 0xff) as usize;
        Some(match tag >> 8 {
            0 => Fault::Message(*Msg::ALL.get(sub)?),
            1 => Fault::BinaryTypes(*BinOp::ALL.get(sub)?, a, b),
            2 => Fault::UnaryType(*UnaryOp::ALL.get(sub)?, a),
            3 => Fault::Unorderable(*CmpOp::ALL.get(sub)?, a, b),
            4 => Fault::Concat(a, b),
            5 => Fault::SeqMulType(a),
            6 => Fault::Indices(a, b),
            7 => Fault::NotSubscriptable(a),
            8 => Fault::Unhashable(a),
            9 => Fault::Key(a),
            10 => Fault::NoAttribute(a, b),
            _ => return None,
        })
    }
}

impl Space {
    /// The type object of a builtin exception.
    pub fn exception_type(&self, kind: ExcKind) -> GcRef {
        self.exception_types[kind as usize]
    }

    /// A new exception of type `ty` with these `args`.
    pub fn new_exception_of_type(&self, ty: GcRef, args: &[GcRef]) -> GcRef {
        let e = mapdict::new_object(W_Exception::layout(), ty);
        gc::set_ref(e, &W_Exception::ARGS, W_Tuple::from_slice(args));
        e
    }

    /// A new exception of a builtin type with these `args`.
    pub fn new_exception_args(&self, kind: ExcKind, args: &[GcRef]) -> GcRef {
        self.new_exception_of_type(self.exception_type(kind), args)
    }

    /// A new exception of a builtin type whose only argument is `message` (none if it is empty, as
    /// CPython's `MemoryError()`).
    pub fn new_exception(&self, kind: ExcKind, message: &str) -> GcRef {
        if message.is_empty() {
            self.new_exception_args(kind, &[])
        } else {
            self.new_exception_args(kind, &[unicode::new_str(message)])
        }
    }

    /// The exception of a fault.
    pub fn fault(&self, fault: Fault<GcRef>) -> GcRef {
        let type_name = |v: GcRef| self.type_name(v);
        let (kind, message) = match fault {
            Fault::Message(m) => return self.new_exception(m.kind(), m.text()),
            Fault::Key(key) => return self.new_exception_args(ExcKind::KeyError, &[key]),
            Fault::BinaryTypes(op, a, b) => (
                ExcKind::TypeError,
                format!("unsupported operand type(s) for {}: '{}' and '{}'", op.symbol(), type_name(a), type_name(b)),
            ),
            Fault::UnaryType(op, a) => {
                (ExcKind::TypeError, format!("bad operand type for unary {}: '{}'", op.symbol(), type_name(a)))
            }
            Fault::Unorderable(op, a, b) => (
                ExcKind::TypeError,
                format!(
                    "'{}' not supported between instances of '{}' and '{}'",
                    op.symbol(),
                    type_name(a),
                    type_name(b)
                ),
            ),
            Fault::Concat(a, b) => {
                let (left, right) = (type_name(a), type_name(b));
                let message = if left == "bytes" {
                    format!("can't concat {right} to bytes")
                } else {
                    format!("can only concatenate {left} (not \"{right}\") to {left}")
                };
                (ExcKind::TypeError, message)
            }
            Fault::SeqMulType(a) => {
                (ExcKind::TypeError, format!("can't multiply sequence by non-int of type '{}'", type_name(a)))
            }
            Fault::Indices(container, index) => {
                let message = match type_name(container).as_str() {
                    "str" => format!("string indices must be integers, not '{}'", type_name(index)),
                    "bytes" => format!("byte indices must be integers or slices, not {}", type_name(index)),
                    name => format!("{name} indices must be integers or slices, not {}", type_name(index)),
                };
                (ExcKind::TypeError, message)
            }
            Fault::NotSubscriptable(a) => {
                (ExcKind::TypeError, format!("'{}' object is not subscriptable", type_name(a)))
            }
            Fault::Unhashable(a) => (ExcKind::TypeError, format!("unhashable type: '{}'", type_name(a))),
            Fault::NoAttribute(obj, name) => {
                let name = unicode::to_string_lossy(name);
                let message = if self.is_type(obj) {
                    format!("type object '{}' has no attribute '{name}'", typeobject::name(obj))
                } else {
                    format!("'{}' object has no attribute '{name}'", type_name(obj))
                };
                (ExcKind::AttributeError, message)
            }
        };
        self.new_exception(kind, &message)
    }

    /// `str(exc)`, as `BaseException.__str__` (and `KeyError.__str__`) give it.
    pub fn exception_str(&self, exc: GcRef) -> PyResult<String> {
        let args = W_Tuple::items(gc::get_ref(exc, &W_Exception::ARGS));
        match args.as_slice() {
            [] => Ok(String::new()),
            [key] if self.is_subtype(gc::get_ref(exc, &W_Exception::TYPE_), self.exception_type(ExcKind::KeyError)) => {
                repr::repr(*key)
            }
            [arg] => repr::str(*arg),
            _ => repr::repr(gc::get_ref(exc, &W_Exception::ARGS)),
        }
    }
}

fn make_fault_impl(tag: i64, a: GcRef, b: GcRef) -> GcRef {
    let space = Space::get();
    match Fault::decode(tag, a, b) {
        Some(fault) => space.fault(fault),
        None => space.new_exception(ExcKind::SystemError, &format!("ripy: unknown fault {tag}")),
    }
}

metatrace::residual! {
    /// The exception of an encoded [`Fault`].
    pub fn make_fault(tag: Int, a: Ref, b: Ref) -> Ref;
    effect = Plain; can_raise = false; impl = make_fault_impl;
}

/// The exception of `fault`, in domain code (one residual call).
pub fn raise<D: Domain>(d: &mut D, fault: Fault<D::Ref>) -> D::Ref {
    let (tag, a, b) = fault.encode();
    let tag = d.const_int(tag);
    let null = d.const_ref(GcRef::NULL);
    // make_fault cannot raise; were it to, its exception would do as well.
    make_fault(d, tag, a.unwrap_or(null), b.unwrap_or(null)).unwrap_or_else(|e| e)
}

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
    /// An exception group's `message` (a str); null for other exceptions.
    pub group_message: GcRef,
    /// An exception group's `exceptions` (a tuple); null for other exceptions.
    pub group_exceptions: GcRef,
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
    BuildClassNotFound: NameError, "__build_class__ not found";
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
        // The arguments may be held only in the caller's heap buffer.
        let _rooted = metatrace_gc::root_slice(args);
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
                format!(
                    "unsupported operand type(s) for {}: '{}' and '{}'{}",
                    op.symbol(),
                    type_name(a),
                    type_name(b),
                    crate::objspace::binop_hint(op, a)
                ),
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
                let text = unicode::to_string_lossy(name);
                let message = if self.is_type(obj) {
                    format!("type object '{}' has no attribute '{text}'", typeobject::name(obj))
                } else {
                    format!("'{}' object has no attribute '{text}'", type_name(obj))
                };
                let exc = self.new_exception(ExcKind::AttributeError, &message);
                add_attribute_error_context(self, exc, obj, name);
                return exc;
            }
        };
        self.new_exception(kind, &message)
    }

    /// `str(exc)`, as `BaseException.__str__` (and `KeyError.__str__`) give it.
    pub fn exception_str(&self, exc: GcRef) -> PyResult<String> {
        if !gc::get_ref(exc, &W_Exception::GROUP_MESSAGE).is_null() {
            return Ok(group_str(exc));
        }
        if let Some(text) = special_str(self, exc)? {
            return Ok(text);
        }
        if let Some(text) = self.os_error_str(exc)? {
            return Ok(text);
        }
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

impl Space {
    /// `str()` of an `OSError` with `errno` and `strerror` attributes:
    /// `[Errno 2] No such file or directory: 'name'` (`None` for other exceptions).
    fn os_error_str(&self, exc: GcRef) -> PyResult<Option<String>> {
        if !self.is_subtype(gc::get_ref(exc, &W_Exception::TYPE_), self.exception_type(ExcKind::OSError)) {
            return Ok(None);
        }
        let attr = |name: &str| mapdict::get_attr(exc, self.intern(name)).filter(|v| *v != self.none);
        let (Some(errno), Some(strerror)) = (attr("errno"), attr("strerror")) else { return Ok(None) };
        let mut text = format!("[Errno {}] {}", repr::str(errno)?, repr::str(strerror)?);
        if let Some(filename) = attr("filename") {
            text.push_str(&format!(": {}", repr::repr(filename)?));
            if let Some(filename2) = attr("filename2") {
                text.push_str(&format!(" -> {}", repr::repr(filename2)?));
            }
        }
        Ok(Some(text))
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

// ----- exception groups -----

/// Whether `obj` is an exception instance of builtin kind `kind` (or a subclass).
pub fn is_instance_of(space: &Space, obj: GcRef, kind: ExcKind) -> bool {
    obj.layout() == W_Exception::layout() && typeobject::is_subtype(space.type_of(obj), space.exception_type(kind))
}

/// Whether `exc` is an exception group.
pub fn is_group(space: &Space, exc: GcRef) -> bool {
    is_instance_of(space, exc, ExcKind::BaseExceptionGroup)
}

/// The sub-exceptions of a group.
pub fn group_exceptions(exc: GcRef) -> Vec<GcRef> {
    let t = gc::get_ref(exc, &W_Exception::GROUP_EXCEPTIONS);
    if t.is_null() {
        Vec::new()
    } else {
        W_Tuple::items(t)
    }
}

/// A new exception of type `cls` (an exception class) made from `args`, as `cls.__new__` does:
/// exception groups check and keep their message and exceptions. `called`: the class is being
/// called, and has no `__init__` of its own, so its builtin `__init__`'s checks apply too (not
/// for `cls.__new__(cls, ...)` alone).
pub fn instantiate(
    space: &Space,
    cls: GcRef,
    args: &[GcRef],
    keywords: &[(GcRef, GcRef)],
    called: bool,
) -> PyResult<GcRef> {
    if typeobject::is_subtype(cls, space.exception_type(ExcKind::OSError)) {
        return Ok(crate::modules::new_os_error(space, cls, args));
    }
    if !typeobject::is_subtype(cls, space.exception_type(ExcKind::BaseExceptionGroup)) {
        let exc = space.new_exception_of_type(cls, args);
        let _rooted = metatrace_gc::Root::new(exc);
        let own_init = crate::objspace::user_lookup_on(cls, "__init__").is_some();
        // As CPython's `BaseException.__new__`, leave the keywords to a class's own `__init__`.
        let keywords = if own_init { &[][..] } else { keywords };
        init_attributes(space, exc, args, keywords, called && !own_init)?;
        return Ok(exc);
    }
    let type_error = |m: String| space.new_exception(ExcKind::TypeError, &m);
    let value_error = |m: &str| space.new_exception(ExcKind::ValueError, m);
    let [message, exceptions] = args else {
        return Err(type_error(format!(
            "BaseExceptionGroup.__new__() takes exactly 2 arguments ({} given)",
            args.len()
        )));
    };
    if message.layout() != unicode::W_Str::layout() {
        return Err(type_error(format!(
            "BaseExceptionGroup.__new__() argument 1 must be str, not {}",
            space.type_name(*message)
        )));
    }
    let layout = exceptions.layout();
    if layout != W_Tuple::layout() && layout != crate::list::W_List::layout() {
        return Err(type_error("second argument (exceptions) must be a sequence".to_owned()));
    }
    let items = crate::objspace::to_vec(*exceptions)?;
    if items.is_empty() {
        return Err(value_error("second argument (exceptions) must be a non-empty sequence"));
    }
    let mut all_exceptions = true;
    for (i, &e) in items.iter().enumerate() {
        if !is_instance_of(space, e, ExcKind::BaseException) {
            return Err(value_error(&format!("Item {i} of second argument (exceptions) is not an exception")));
        }
        all_exceptions &= is_instance_of(space, e, ExcKind::Exception);
    }
    let base_group = space.exception_type(ExcKind::BaseExceptionGroup);
    let mut cls = cls;
    if cls == base_group && all_exceptions {
        cls = space.exception_type(ExcKind::ExceptionGroup);
    } else if typeobject::is_subtype(cls, space.exception_type(ExcKind::Exception)) && !all_exceptions {
        if cls == space.exception_type(ExcKind::ExceptionGroup) {
            return Err(type_error("Cannot nest BaseExceptions in an ExceptionGroup".to_owned()));
        }
        return Err(type_error(format!("Cannot nest BaseExceptions in '{}'", typeobject::name(cls))));
    }
    let e = space.new_exception_of_type(cls, args);
    gc::set_ref(e, &W_Exception::GROUP_MESSAGE, *message);
    gc::set_ref(e, &W_Exception::GROUP_EXCEPTIONS, W_Tuple::from_slice(&items));
    Ok(e)
}

/// `str()` of an exception group: `message (N sub-exceptions)`.
pub fn group_str(exc: GcRef) -> String {
    let n = group_exceptions(exc).len();
    let message = unicode::to_string_lossy(gc::get_ref(exc, &W_Exception::GROUP_MESSAGE));
    format!("{message} ({n} sub-exception{})", if n == 1 { "" } else { "s" })
}

/// What `split()` and `except*` match leaves against.
pub enum Matcher {
    /// Instances of these classes.
    Types(Vec<GcRef>),
    /// Exceptions for which this predicate is true.
    Predicate(GcRef),
    /// These very exceptions (by identity).
    Identities(Vec<GcRef>),
}

impl Matcher {
    /// The matcher of a `split()`/`subgroup()` condition.
    pub fn of_condition(space: &Space, condition: GcRef) -> PyResult<Matcher> {
        let base = space.exception_type(ExcKind::BaseException);
        let is_class = |c: GcRef| space.is_type(c) && typeobject::is_subtype(c, base);
        if is_class(condition) {
            return Ok(Matcher::Types(vec![condition]));
        }
        if condition.layout() == W_Tuple::layout() {
            let items = W_Tuple::items(condition);
            if items.iter().all(|&c| is_class(c)) {
                return Ok(Matcher::Types(items));
            }
        } else if crate::builtins::is_callable(condition) {
            return Ok(Matcher::Predicate(condition));
        }
        Err(space.new_exception(ExcKind::TypeError, "expected a function, exception type or tuple of exception types"))
    }

    fn matches(&self, space: &Space, exc: GcRef) -> PyResult<bool> {
        match self {
            Matcher::Types(types) => Ok(types.iter().any(|&t| typeobject::is_subtype(space.type_of(exc), t))),
            Matcher::Predicate(f) => crate::objspace::truthy(crate::objspace::call(*f, &[exc])?),
            Matcher::Identities(ids) => Ok(ids.contains(&exc)),
        }
    }
}

/// Copy what a derived group keeps of the original: cause, context, traceback, and a list copy
/// of its notes when they are a sequence (so that the parts' notes are independent).
fn copy_metadata(space: &Space, from: GcRef, to: GcRef) -> PyResult<()> {
    for field in [&W_Exception::CAUSE, &W_Exception::CONTEXT, &W_Exception::TRACEBACK] {
        gc::set_ref(to, field, gc::get_ref(from, field));
    }
    gc::set_i64(to, &W_Exception::SUPPRESS_CONTEXT, gc::get_i64(from, &W_Exception::SUPPRESS_CONTEXT));
    let key = space.intern("__notes__");
    if let Some(notes) = mapdict::get_attr(from, key) {
        let layout = notes.layout();
        let sequence = [crate::list::W_List::layout(), W_Tuple::layout(), unicode::W_Str::layout()].contains(&layout)
            || (crate::objspace::lookup_user(notes, "__getitem__").is_some()
                && !typeobject::is_subtype(space.type_of(notes), space.dict_type));
        if sequence {
            let copy = crate::list::new_list(&crate::objspace::to_vec(notes)?);
            crate::objspace::setattr(to, key, copy)?;
        }
    }
    Ok(())
}

/// `group.derive(exceptions)` through the group's (possibly overridden) `derive` method.
fn derive(space: &Space, group: GcRef, exceptions: &[GcRef]) -> PyResult<GcRef> {
    let derive = crate::objspace::getattr(group, space.intern("derive"))?;
    let derived = crate::objspace::call(derive, &[crate::list::new_list(exceptions)])?;
    if !is_group(space, derived) {
        return Err(space.new_exception(ExcKind::TypeError, "derive must return an instance of BaseExceptionGroup"));
    }
    copy_metadata(space, group, derived)?;
    Ok(derived)
}

/// `exc.split(matcher)` for any exception: (match, rest), each an exception or `None` (null).
pub fn split(space: &Space, exc: GcRef, matcher: &Matcher, want_rest: bool) -> PyResult<(GcRef, GcRef)> {
    if matcher.matches(space, exc)? {
        return Ok((exc, GcRef::NULL));
    }
    if !is_group(space, exc) {
        return Ok((GcRef::NULL, exc));
    }
    let mut matched = crate::objspace::RootedVec::new();
    let mut rest = crate::objspace::RootedVec::new();
    for e in group_exceptions(exc) {
        let (m, r) = crate::objspace::recursive_call(" in exceptiongroup_split_recursive", || {
            split(space, e, matcher, want_rest)
        })?;
        if !m.is_null() {
            matched.push(m);
        }
        if want_rest && !r.is_null() {
            rest.push(r);
        }
    }
    let matched = if matched.is_empty() { GcRef::NULL } else { derive(space, exc, &matched)? };
    let held = [matched];
    let _rooted = metatrace_gc::root_slice(&held);
    let rest = if rest.is_empty() { GcRef::NULL } else { derive(space, exc, &rest)? };
    Ok((matched, rest))
}

/// The leaves of an exception (itself, or the leaves of a group's exceptions).
fn leaves(space: &Space, exc: GcRef, out: &mut Vec<GcRef>) {
    if is_group(space, exc) {
        group_exceptions(exc).into_iter().for_each(|e| leaves(space, e, out));
    } else {
        out.push(exc);
    }
}

/// `CHECK_EG_MATCH`: (rest, match) of exception `exc` against the classes of an `except*`
/// clause (None as null); a naked exception that matches is wrapped in an `ExceptionGroup`.
pub fn except_star_match(space: &Space, exc: GcRef, classes: GcRef) -> PyResult<(GcRef, GcRef)> {
    let base = space.exception_type(ExcKind::BaseException);
    let group = space.exception_type(ExcKind::BaseExceptionGroup);
    let types = if classes.layout() == W_Tuple::layout() { W_Tuple::items(classes) } else { vec![classes] };
    for &t in &types {
        if !space.is_type(t) || !typeobject::is_subtype(t, base) {
            return Err(space.new_exception(
                ExcKind::TypeError,
                "catching classes that do not inherit from BaseException is not allowed",
            ));
        }
        if typeobject::is_subtype(t, group) {
            return Err(space.new_exception(
                ExcKind::TypeError,
                "catching ExceptionGroup with except* is not allowed. Use except instead.",
            ));
        }
    }
    let matcher = Matcher::Types(types);
    if matcher.matches(space, exc)? {
        if is_group(space, exc) {
            return Ok((GcRef::NULL, exc));
        }
        let wrapped = instantiate(
            space,
            space.exception_type(ExcKind::BaseExceptionGroup),
            &[space.empty_str, W_Tuple::from_slice(&[exc])],
            &[],
            true,
        )?;
        gc::set_ref(wrapped, &W_Exception::TRACEBACK, gc::get_ref(exc, &W_Exception::TRACEBACK));
        return Ok((GcRef::NULL, wrapped));
    }
    if is_group(space, exc) {
        let (matched, rest) = split(space, exc, &matcher, true)?;
        return Ok((rest, matched));
    }
    Ok((exc, GcRef::NULL))
}

/// Whether `a` carries the same cause, context, traceback and notes as `b` (it is `b` or a part
/// of `b` re-raised).
fn same_metadata(space: &Space, a: GcRef, b: GcRef) -> bool {
    let notes = space.intern("__notes__");
    [&W_Exception::CAUSE, &W_Exception::CONTEXT, &W_Exception::TRACEBACK]
        .iter()
        .all(|f| gc::get_ref(a, f) == gc::get_ref(b, f))
        && mapdict::get_attr(a, notes) == mapdict::get_attr(b, notes)
}

/// `PREP_RERAISE_STAR`: what an `except*` statement raises at its end, given the original
/// exception and what its clauses raised or left unhandled (`None` entries skipped): null for
/// nothing.
pub fn prep_reraise_star(space: &Space, original: GcRef, raised: &[GcRef]) -> PyResult<GcRef> {
    let raised: Vec<GcRef> = raised.iter().copied().filter(|&e| e != space.none).collect();
    if raised.is_empty() {
        return Ok(GcRef::NULL);
    }
    if !is_group(space, original) {
        return Ok(raised[0]);
    }
    let (reraised, new): (Vec<GcRef>, Vec<GcRef>) = raised.iter().partition(|&&e| same_metadata(space, e, original));
    let reraised_group = if reraised.is_empty() {
        GcRef::NULL
    } else {
        let mut ids = Vec::new();
        reraised.iter().for_each(|&e| leaves(space, e, &mut ids));
        split(space, original, &Matcher::Identities(ids), false)?.0
    };
    if new.is_empty() {
        return Ok(reraised_group);
    }
    let mut all = new;
    if !reraised_group.is_null() {
        all.push(reraised_group);
    }
    if all.len() == 1 {
        return Ok(all[0]);
    }
    let group = space.exception_type(ExcKind::BaseExceptionGroup);
    instantiate(space, group, &[space.empty_str, crate::list::new_list(&all)], &[], true)
}

fn check_eg_match_impl(exc: GcRef, classes: GcRef) -> GcRef {
    let space = Space::get();
    match except_star_match(space, exc, classes) {
        Ok((rest, matched)) => {
            let none_or = |v: GcRef| if v.is_null() { space.none } else { v };
            if !matched.is_null() {
                gc::set_ref(space.exec_state, &crate::frame::W_ExecState::HANDLED, matched);
            }
            W_Tuple::from_slice(&[none_or(rest), none_or(matched)])
        }
        Err(e) => {
            metatrace::call::set_exception(e);
            GcRef::NULL
        }
    }
}

metatrace::residual! {
    /// `CHECK_EG_MATCH`: the pair (rest, match) of an exception against an `except*` clause.
    pub fn check_eg_match(exc: Ref, classes: Ref) -> Ref;
    effect = Plain; can_raise = true; impl = check_eg_match_impl;
}

fn prep_reraise_star_impl(original: GcRef, raised: GcRef) -> GcRef {
    let space = Space::get();
    let items = crate::list::items(raised);
    match prep_reraise_star(space, original, &items) {
        Ok(e) if e.is_null() => space.none,
        Ok(e) => e,
        Err(e) => {
            metatrace::call::set_exception(e);
            GcRef::NULL
        }
    }
}

metatrace::residual! {
    /// `PREP_RERAISE_STAR`: the exception an `except*` statement raises at its end, or `None`.
    pub fn prep_reraise(original: Ref, raised: Ref) -> Ref;
    effect = Plain; can_raise = true; impl = prep_reraise_star_impl;
}

/// CPython's `set_attribute_error_context`: an `AttributeError` leaving the lookup of attribute
/// `name` of `obj` records both (for the "Did you mean" suggestion of its report) unless it
/// already has a name or an object.
pub fn add_attribute_error_context(space: &Space, exc: GcRef, obj: GcRef, name: GcRef) {
    if !is_instance_of(space, exc, ExcKind::AttributeError) {
        return;
    }
    let unset = |field: &str| mapdict::get_attr(exc, space.intern(field)).is_none_or(|v| v == space.none);
    if unset("name") && unset("obj") {
        mapdict::set_attr(exc, space.intern("name"), name);
        mapdict::set_attr(exc, space.intern("obj"), obj);
    }
}

/// The keyword arguments builtin exception types accept (`NameError(name=...)`, ...).
fn allowed_keywords(space: &Space, exc: GcRef) -> &'static [&'static str] {
    let is = |kind| is_instance_of(space, exc, kind);
    if is(ExcKind::ImportError) {
        &["name", "path"]
    } else if is(ExcKind::AttributeError) {
        &["name", "obj"]
    } else if is(ExcKind::NameError) {
        &["name"]
    } else {
        &[]
    }
}

/// Set the attributes builtin exception types derive from their arguments, as their
/// `__init__` does: `SystemExit.code`, `SyntaxError.msg` and location, the `UnicodeError`
/// fields, `ImportError.msg`, and the `name`/`path`/`obj` keywords. `checked`: the arguments
/// are the ones `__init__` gets, so a `UnicodeError`'s are checked as CPython's `__init__` does
/// (false when a class's own `__init__` takes them: they are then kept only when they fit).
pub fn init_attributes(
    space: &Space,
    exc: GcRef,
    args: &[GcRef],
    keywords: &[(GcRef, GcRef)],
    checked: bool,
) -> PyResult<()> {
    let type_name = space.type_name(exc);
    let allowed = allowed_keywords(space, exc);
    for &(k, _) in keywords {
        let key = unicode::to_string_lossy(k);
        if !allowed.contains(&key.as_str()) {
            let message = if allowed.is_empty() {
                format!("{type_name}() takes no keyword arguments")
            } else {
                format!("'{key}' is an invalid keyword argument for {type_name}()")
            };
            return Err(space.new_exception(ExcKind::TypeError, &message));
        }
    }
    let set = |name: &str, value: GcRef| mapdict::set_attr(exc, space.intern(name), value);
    for &name in allowed {
        let value = keywords.iter().find(|(k, _)| unicode::eq_text(*k, name)).map_or(space.none, |&(_, v)| v);
        set(name, value);
    }
    let is = |kind| is_instance_of(space, exc, kind);
    if is(ExcKind::SystemExit) {
        set(
            "code",
            match args {
                [] => space.none,
                [one] => *one,
                _ => W_Tuple::from_slice(args),
            },
        );
    } else if is(ExcKind::ImportError) {
        set("msg", if args.len() == 1 { args[0] } else { space.none });
    } else if is(ExcKind::SyntaxError) {
        let fields = ["filename", "lineno", "offset", "text", "end_lineno", "end_offset", "print_file_and_line"];
        for f in fields {
            set(f, space.none);
        }
        set("msg", args.first().copied().unwrap_or(space.none));
        if let [_, details] = args {
            let info = crate::objspace::to_vec(*details)?;
            let count_error = match info.len() {
                0..=3 => Some(format!("function takes at least 4 arguments ({} given)", info.len())),
                5 => Some("end_offset must be provided when end_lineno is provided".to_owned()),
                7.. => Some(format!("function takes at most 6 arguments ({} given)", info.len())),
                _ => None,
            };
            if let Some(message) = count_error {
                return Err(space.new_exception(ExcKind::TypeError, &message));
            }
            for (f, &v) in fields.iter().zip(info.iter()) {
                set(f, v);
            }
        }
    } else if let Some(kind) = unicode_error_kind(space, exc) {
        if !checked {
            if let [encoding, object, start, end, reason] = args {
                for (f, v) in [
                    ("encoding", *encoding),
                    ("object", *object),
                    ("start", *start),
                    ("end", *end),
                    ("reason", *reason),
                ] {
                    set(f, v);
                }
            }
            return Ok(());
        }
        let fields = unicode_error_fields(space, kind, args)?;
        for (f, v) in ["encoding", "object", "start", "end", "reason"].into_iter().zip(fields) {
            set(f, v);
        }
    }
    Ok(())
}

/// Which of `UnicodeEncodeError`, `UnicodeDecodeError` and `UnicodeTranslateError` `exc` is an
/// instance of, if any.
fn unicode_error_kind(space: &Space, exc: GcRef) -> Option<ExcKind> {
    [ExcKind::UnicodeEncodeError, ExcKind::UnicodeDecodeError, ExcKind::UnicodeTranslateError]
        .into_iter()
        .find(|&kind| is_instance_of(space, exc, kind))
}

/// The `encoding`, `object`, `start`, `end` and `reason` of a `UnicodeError` of `kind` made from
/// `args`, checked as CPython's `__init__` checks them: `(encoding, object, start, end, reason)`
/// (a decode error's object any bytes-like object, kept as bytes) or, for a translate error,
/// `(object, start, end, reason)` with no encoding.
fn unicode_error_fields(space: &Space, kind: ExcKind, args: &[GcRef]) -> PyResult<[GcRef; 5]> {
    let type_error = |message: String| space.new_exception(ExcKind::TypeError, &message);
    let translate = kind == ExcKind::UnicodeTranslateError;
    let wanted = if translate { 4 } else { 5 };
    if args.len() != wanted {
        return Err(type_error(format!("function takes exactly {wanted} arguments ({} given)", args.len())));
    }
    let text = |position: usize| {
        let value = args[position];
        if typeobject::is_subtype(space.type_of(value), space.str_type) {
            Ok(value)
        } else {
            Err(type_error(format!("argument {} must be str, not {}", position + 1, space.type_name(value))))
        }
    };
    let index = |position: usize| -> PyResult<GcRef> {
        let value = args[position];
        let message = format!("'{}' object cannot be interpreted as an integer", space.type_name(value));
        crate::objspace::index_value(value, &message)?;
        Ok(value)
    };
    if translate {
        return Ok([space.none, text(0)?, index(1)?, index(2)?, text(3)?]);
    }
    let object = if kind == ExcKind::UnicodeDecodeError {
        let Some(data) = crate::buffer::buffer_data(args[1])? else {
            return Err(type_error(format!("a bytes-like object is required, not '{}'", space.type_name(args[1]))));
        };
        crate::bytes::new_bytes(&data)
    } else {
        text(1)?
    };
    Ok([text(0)?, object, index(2)?, index(3)?, text(4)?])
}

/// `str()` of the builtin exceptions whose text is not their arguments': `SyntaxError`
/// (`msg (file, line N)`), the `UnicodeError`s with their fields, `ImportError` (its `msg`);
/// `None` for others.
pub fn special_str(space: &Space, exc: GcRef) -> PyResult<Option<String>> {
    let attr = |name: &str| mapdict::get_attr(exc, space.intern(name)).filter(|&v| v != space.none);
    let is = |kind| is_instance_of(space, exc, kind);
    if is(ExcKind::SyntaxError) {
        let Some(msg) = mapdict::get_attr(exc, space.intern("msg")) else { return Ok(None) };
        let msg = repr::str(msg)?;
        let filename = attr("filename").filter(|f| f.layout() == unicode::W_Str::layout()).map(|f| {
            let text = unicode::to_string_lossy(f);
            text.rsplit('/').next().unwrap_or_default().to_owned()
        });
        let lineno = attr("lineno").and_then(crate::objspace::int_value);
        return Ok(Some(match (filename, lineno) {
            (Some(f), Some(l)) => format!("{msg} ({f}, line {l})"),
            (Some(f), None) => format!("{msg} ({f})"),
            (None, Some(l)) => format!("{msg} (line {l})"),
            (None, None) => msg,
        }));
    }
    if is(ExcKind::ImportError) {
        return Ok(attr("msg").map(repr::str).transpose()?);
    }
    let Some(kind) = unicode_error_kind(space, exc) else { return Ok(None) };
    let field = |name: &str| mapdict::get_attr(exc, space.intern(name));
    let (Some(object), Some(start), Some(end), Some(reason)) =
        (field("object"), field("start"), field("end"), field("reason"))
    else {
        return Ok(None);
    };
    let (Some(start), Some(end)) = (crate::objspace::int_value(start), crate::objspace::int_value(end)) else {
        return Ok(None);
    };
    let reason = repr::str(reason)?;
    let (codec, what) = match kind {
        ExcKind::UnicodeTranslateError => (String::new(), "translate"),
        _ => {
            let encoding = repr::str(field("encoding").unwrap_or(space.none))?;
            (format!("'{encoding}' codec "), if kind == ExcKind::UnicodeDecodeError { "decode" } else { "encode" })
        }
    };
    let decode = kind == ExcKind::UnicodeDecodeError;
    if end == start + 1 {
        let item = if decode {
            let bytes = crate::buffer::buffer_data(object).ok().flatten().unwrap_or_default();
            usize::try_from(start).ok().and_then(|i| bytes.get(i)).map(|b| format!("byte 0x{b:02x}"))
        } else {
            let chars = if object.layout() == unicode::W_Str::layout() { unicode::chars(object) } else { Vec::new() };
            usize::try_from(start).ok().and_then(|i| chars.get(i)).map(|&c| {
                let escaped = if c < 0x100 {
                    format!("\\x{c:02x}")
                } else if c < 0x10000 {
                    format!("\\u{c:04x}")
                } else {
                    format!("\\U{c:08x}")
                };
                format!("character '{escaped}'")
            })
        };
        if let Some(item) = item {
            return Ok(Some(format!("{codec}can't {what} {item} in position {start}: {reason}")));
        }
    }
    let items = if decode { "bytes" } else { "characters" };
    Ok(Some(format!("{codec}can't {what} {items} in position {start}-{}: {reason}", end - 1)))
}

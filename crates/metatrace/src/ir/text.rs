//! The text form of traces: a printer and a parser, so that JIT logs read like PyPy's and optimizer
//! tests can be written as "input trace -> expected trace" text.
//!
//! ```text
//! [i0, r1, f2]
//! label(i0, r1, f2, descr=<Target 0>)
//! debug_merge_point(descr=<Note "loop.tl:3">)
//! i3 = int_add(i0, 1)
//! i4 = int_lt(i3, 100)
//! guard_true(i4, descr=<Guard 0>) [i3, r1, f2]
//! f5 = float_add(f2, 1.5)
//! i6 = getfield_gc_i(r1, descr=<Field Point.x>)
//! setfield_gc(r1, i3, descr=<Field Point.x>)
//! r7 = new(descr=<Layout Point>)
//! i8 = call_i(i3, f5, descr=<Call my_func>)   # a comment
//! jump(i3, r1, f5, descr=<Target 0>)
//! ```
//!
//! # Format
//!
//! - The first line lists the input arguments in brackets; every other line is one operation.
//!   Blank lines are ignored and `#` starts a comment that runs to the end of the line (outside
//!   string literals). Spaces and tabs between tokens are free.
//! - A variable is its kind letter ([`Kind::letter`]: `i`, `r`, `f`) followed by its decimal number:
//!   `i3` is `Var { id: 3, kind: Kind::Int }`. Numbers are printed as they are, so a round trip
//!   keeps the numbering, and the parsed trace's `next_var` is one more than the largest number.
//! - An operation is `result = name(operands, descr=<...>) [fail args]`. The result is absent for
//!   operations that define none; `descr=` comes last and only when there is a descriptor. The fail
//!   args are printed for guards and `finish` (always, even when empty) and are optional when
//!   parsing them; other operations have none.
//! - Operations whose result kind varies ([`Opcode::has_kind_suffix`]) carry it in their name:
//!   `getfield_gc_i`, `call_r`, `same_as_f`, and `_n` when there is no result (`call_n`).
//! - Constants:
//!   - integers in decimal, possibly negative: `42`, `-1`;
//!   - floats in Rust's shortest round-trip notation, which always has a `.` or an exponent
//!     (`1.0`, `-0.0`, `1e300`, `5e-324`), or `inf`, `-inf`, `nan`. `nan` is exactly
//!     [`f64::NAN`]; any other NaN is written with its bit pattern, `nan(0x7ff8000000000001)`, so
//!     every float constant round-trips bit for bit;
//!   - references: `null`, or `ConstPtr(0x7f12a4c0)` by address. The parser accepts only
//!     references registered in its [`Descrs`] (text cannot forge a reference), by address or by
//!     the name they were registered under: `ConstPtr(obj)`.
//! - Descriptors: `<Field Owner.name>`, `<Array Owner>`, `<Layout Name>`, `<Call name>` (looked
//!   up by name in a [`Descrs`] registry when parsing), `<Guard 3>`, `<Target 0>` (numbers) and
//!   `<Note "text">` (a string with Rust's escapes: `\"`, `\\`, `\n`, `\r`, `\t`, `\0`, `\'`,
//!   `\u{...}`).
//!
//! The parser checks that every variable is defined once (as an input argument or a result) before
//! it is used and always with the same kind letter, that operation names exist, that the result
//! matches what the operation defines, that operations with a fixed number of operands get that
//! many (calls: as many as their descriptor's arguments), and that only guards, `finish` and
//! `jump` (the state at the loop header it jumps to) have fail args. It does not check operand kinds or which descriptor class an operation takes. It
//! never panics: malformed text gives a [`ParseError`] with a line, a column and a message.

use super::{Arg, Descr, Op, Opcode, Trace, Var, VarId};
use crate::call::CallDescr;
use metatrace_gc::{ArrayDescr, FieldDescr, GcRef, Kind, Layout};
use std::collections::hash_map::{Entry, HashMap};
use std::collections::BTreeSet;
use std::fmt;
use std::sync::{Mutex, PoisonError};

/// The text of a trace: input arguments on the first line, then one operation a line.
pub fn print_trace(t: &Trace) -> String {
    t.to_string()
}

/// The text of one operation, without a newline.
pub fn print_op(op: &Op) -> String {
    op.to_string()
}

/// Parse the text form of a trace; `descrs` resolves the named descriptors and reference constants.
pub fn parse_trace(text: &str, descrs: &Descrs) -> Result<Trace, ParseError> {
    let mut p = Parser { descrs, defined: HashMap::new(), next_var: 0, line_no: 1, line: "", pos: 0 };
    let mut trace: Option<Trace> = None;
    for (index, line) in text.lines().enumerate() {
        p.line_no = index + 1;
        p.line = line;
        p.pos = 0;
        if p.at_end() {
            continue;
        }
        match &mut trace {
            None => trace = Some(Trace { inputargs: p.inputargs()?, ..Trace::default() }),
            Some(t) => t.ops.push(p.op()?),
        }
        if !p.at_end() {
            return Err(p.expected("the end of the line"));
        }
    }
    let mut trace = trace.ok_or_else(|| ParseError {
        line: 1,
        column: 1,
        message: "expected the input arguments, like `[i0, r1]`, found an empty trace".to_string(),
    })?;
    trace.next_var = p.next_var;
    Ok(trace)
}

/// A syntax or consistency error in trace text, at a 1-based line and column (in characters).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ParseError {
    /// Line number, from 1.
    pub line: usize,
    /// Column number in characters, from 1.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for ParseError {}

/// The descriptors and reference constants that trace text may name, for [`parse_trace`].
///
/// Descriptors are Rust statics, so the parser cannot make them from text; it finds them here by
/// the name they print with (`<Field Point.x>` is found under class `Field`, name `Point.x`).
#[derive(Default, Debug)]
pub struct Descrs {
    /// Field, array, layout and call descriptors, by their text form (`<Field Point.x>`).
    named: HashMap<String, Descr>,
    /// Reference constants, by name.
    refs: HashMap<String, GcRef>,
}

impl Descrs {
    /// An empty registry.
    pub fn new() -> Descrs {
        Descrs::default()
    }

    /// Register a field, written `<Field Owner.name>`.
    ///
    /// # Panics
    /// When a different descriptor is already registered under the same text.
    pub fn add_field(&mut self, field: FieldDescr) -> &mut Descrs {
        self.add(Descr::Field(field))
    }

    /// Register an array descriptor, written `<Array Owner>`.
    ///
    /// # Panics
    /// When a different descriptor is already registered under the same text.
    pub fn add_array(&mut self, array: ArrayDescr) -> &mut Descrs {
        self.add(Descr::Array(array))
    }

    /// Register a layout, written `<Layout Name>`.
    ///
    /// # Panics
    /// When a different descriptor is already registered under the same text.
    pub fn add_layout(&mut self, layout: &'static Layout) -> &mut Descrs {
        self.add(Descr::Layout(layout))
    }

    /// Register a residual function, written `<Call name>`.
    ///
    /// # Panics
    /// When a different descriptor is already registered under the same text.
    pub fn add_call(&mut self, call: &'static CallDescr) -> &mut Descrs {
        self.add(Descr::Call(call))
    }

    /// Register a reference constant, which text may write `ConstPtr(name)` or, as printed,
    /// `ConstPtr(0x...)` with its address.
    ///
    /// # Panics
    /// When `name` is not an identifier (letters, digits and `_`, not starting with a digit) or is
    /// already registered for another reference.
    pub fn add_ref(&mut self, name: &str, obj: GcRef) -> &mut Descrs {
        let is_identifier = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        assert!(is_identifier, "reference constant name `{name}` is not an identifier");
        let old = self.refs.insert(name.to_string(), obj);
        assert!(old.is_none_or(|old| old == obj), "reference constant `{name}` registered twice");
        self
    }

    /// The descriptor of class `Field`, `Array`, `Layout` or `Call` printed with `name`
    /// (`lookup("Field", "Point.x")`), if registered.
    pub fn lookup(&self, class: &str, name: &str) -> Option<Descr> {
        self.named.get(&format!("<{class} {name}>")).copied()
    }

    /// The reference constant registered under `name`.
    pub fn lookup_ref(&self, name: &str) -> Option<GcRef> {
        self.refs.get(name).copied()
    }

    fn add(&mut self, descr: Descr) -> &mut Descrs {
        match self.named.entry(descr.to_string()) {
            Entry::Vacant(e) => {
                e.insert(descr);
            }
            Entry::Occupied(e) => {
                assert!(*e.get() == descr, "two different descriptors are written {}", e.key())
            }
        }
        self
    }

    /// The registered reference constant at `addr`.
    fn ref_at(&self, addr: u64) -> Option<GcRef> {
        self.refs.values().copied().find(|r| r.addr() as u64 == addr)
    }
}

impl fmt::Display for Var {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.kind.letter(), self.id)
    }
}

impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Arg::Var(v) => write!(f, "{v}"),
            Arg::Int(i) => write!(f, "{i}"),
            Arg::Float(bits) => {
                let v = f64::from_bits(bits);
                if bits == f64::NAN.to_bits() {
                    f.write_str("nan")
                } else if v.is_nan() {
                    write!(f, "nan({bits:#018x})")
                } else {
                    // Debug is the shortest text that parses back to the same bits, and always has
                    // a `.` or an exponent (or is `inf`/`-inf`), so it does not read as an integer.
                    write!(f, "{v:?}")
                }
            }
            Arg::Ref(r) if r.is_null() => f.write_str("null"),
            Arg::Ref(r) => write!(f, "ConstPtr({:#x})", r.addr()),
        }
    }
}

impl fmt::Display for Descr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Descr::Field(d) => write!(f, "<Field {}.{}>", d.owner, d.name),
            Descr::Array(d) => write!(f, "<Array {}>", d.owner),
            Descr::Layout(l) => write!(f, "<Layout {}>", l.name),
            Descr::Call(c) => write!(f, "<Call {}>", c.name),
            Descr::Guard(n) => write!(f, "<Guard {n}>"),
            Descr::Target(n) => write!(f, "<Target {n}>"),
            Descr::Note(s) => write!(f, "<Note {s:?}>"),
        }
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(v) = self.result {
            write!(f, "{v} = ")?;
        }
        f.write_str(self.opcode.name())?;
        if self.opcode.has_kind_suffix() {
            write!(f, "_{}", self.result.map_or('n', |v| v.kind.letter()))?;
        }
        f.write_str("(")?;
        write_list(f, &self.args)?;
        if let Some(d) = &self.descr {
            let separator = if self.args.is_empty() { "" } else { ", " };
            write!(f, "{separator}descr={d}")?;
        }
        f.write_str(")")?;
        if self.opcode.is_exit() || !self.fail_args.is_empty() {
            f.write_str(" [")?;
            write_list(f, &self.fail_args)?;
            f.write_str("]")?;
        }
        Ok(())
    }
}

impl fmt::Display for Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[")?;
        write_list(f, &self.inputargs)?;
        f.write_str("]\n")?;
        self.ops.iter().try_for_each(|op| writeln!(f, "{op}"))
    }
}

/// Write `items` separated by commas.
fn write_list<T: fmt::Display>(f: &mut fmt::Formatter<'_>, items: &[T]) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{item}")?;
    }
    Ok(())
}

/// The number of operands of operations that always take the same number; `None` for the
/// variadic ones (calls take as many as their descriptor says).
fn arity(opcode: Opcode) -> Option<usize> {
    use Opcode::*;
    match opcode {
        Label | Jump | Finish | DebugMergePoint | Call | CallPure | CallMayForce | CallAssembler => None,
        New | GuardNoException | GuardNoOverflow | GuardOverflow | GuardNotInvalidated | GuardNotForced
        | ForceToken => Some(0),
        IntNeg | IntInvert | IntIsTrue | IntIsZero | FloatNeg | FloatAbs | FloatSqrt | CastIntToFloat
        | CastFloatToInt | SameAs | Getfield | Arraylen | NewArray | GuardTrue | GuardFalse | GuardNonnull
        | GuardIsnull | GuardException | QuasiimmutField | VirtualRef => Some(1),
        IntAdd | IntSub | IntMul | IntFloorDiv | IntMod | IntAnd | IntOr | IntXor | IntLshift | IntRshift
        | UintRshift | IntLt | IntLe | IntEq | IntNe | IntGt | IntGe | UintLt | UintGe | IntAddOvf | IntSubOvf
        | IntMulOvf | FloatAdd | FloatSub | FloatMul | FloatTrueDiv | FloatLt | FloatLe | FloatEq | FloatNe
        | FloatGt | FloatGe | PtrEq | PtrNe | Getarrayitem | Setfield | GuardValue | GuardClass | GuardNonnullClass
        | VirtualRefFinish => Some(2),
        Setarrayitem => Some(3),
    }
}

/// The opcode written `name`, and the kind of result it defines (`None`: no result).
fn opcode_by_name(name: &str) -> Result<(Opcode, Option<Kind>), String> {
    for &opcode in Opcode::ALL {
        if !opcode.has_kind_suffix() {
            if name == opcode.name() {
                return Ok((opcode, opcode.fixed_result()));
            }
        } else if name == opcode.name() {
            let n = opcode.name();
            return Err(format!("`{n}` needs a result-kind suffix: `{n}_i`, `{n}_r`, `{n}_f` or `{n}_n`"));
        } else if let Some(suffix) = name.strip_prefix(opcode.name()).and_then(|s| s.strip_prefix('_')) {
            if suffix == "n" {
                return Ok((opcode, None));
            }
            if let Some(kind) = kind_of_letter(suffix) {
                return Ok((opcode, Some(kind)));
            }
        }
    }
    Err(format!("unknown operation `{name}`"))
}

/// The kind whose letter is `s`.
fn kind_of_letter(s: &str) -> Option<Kind> {
    [Kind::Int, Kind::Ref, Kind::Float].into_iter().find(|k| s.len() == 1 && s.starts_with(k.letter()))
}

/// The variable named `word` (`i3`), if it is a kind letter followed by decimal digits. The number
/// may still be out of range.
fn var_name(word: &str) -> Option<(Kind, &str)> {
    let (letter, digits) = word.split_at_checked(1)?;
    let kind = kind_of_letter(letter)?;
    is_decimal(digits).then_some((kind, digits))
}

fn is_decimal(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// The value of `0x`-prefixed hexadecimal text.
fn hex(word: &str) -> Option<u64> {
    let digits = word.strip_prefix("0x")?;
    let valid = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_hexdigit());
    valid.then(|| u64::from_str_radix(digits, 16).ok()).flatten()
}

/// A copy of `s` that lives forever, shared with every earlier copy of the same text
/// (`Descr::Note` holds a `&'static str`).
fn intern(s: String) -> &'static str {
    static NOTES: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    let mut notes = NOTES.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(&note) = notes.get(s.as_str()) {
        return note;
    }
    let note: &'static str = Box::leak(s.into_boxed_str());
    notes.insert(note);
    note
}

/// The parser's state: the variables defined so far and the position in the current line.
struct Parser<'a> {
    descrs: &'a Descrs,
    /// The kind of every variable defined so far, by number.
    defined: HashMap<VarId, Kind>,
    /// One more than the largest variable number seen.
    next_var: VarId,
    /// The current line and its number (from 1).
    line_no: usize,
    line: &'a str,
    /// Byte offset in `line`.
    pos: usize,
}

impl<'a> Parser<'a> {
    /// `[v0, v1, ...]`: the input arguments, defining each.
    fn inputargs(&mut self) -> Result<Vec<Var>, ParseError> {
        if !self.eat('[') {
            return Err(self.expected("the input arguments, like `[i0, r1]`"));
        }
        self.list(']', |p| {
            let (word, pos) = p.word("a variable")?;
            let var = p.var(word, pos)?;
            p.define(var, pos)?;
            Ok(var)
        })
    }

    /// `[result =] name(operands[, descr=<...>]) [[fail args]]`.
    fn op(&mut self) -> Result<Op, ParseError> {
        let (first, first_pos) = self.word("an operation")?;
        let (result, (name, name_pos)) = if self.eat('=') {
            (Some((self.var(first, first_pos)?, first_pos)), self.word("an operation name")?)
        } else {
            (None, (first, first_pos))
        };
        let (opcode, defines) = opcode_by_name(name).map_err(|message| self.error(name_pos, message))?;

        self.expect('(')?;
        let mut descr = None;
        let operands = self.list(')', |p| {
            let (word, pos) = p.word("an operand")?;
            if descr.is_some() {
                return Err(p.error(pos, "`descr=` must come after the other operands"));
            }
            if word != "descr" {
                return p.arg(word, pos).map(Some);
            }
            p.expect('=')?;
            descr = Some(p.descr()?);
            Ok(None)
        })?;
        let args: Vec<Arg> = operands.into_iter().flatten().collect();

        self.skip_blanks();
        let fail_args_pos = self.pos;
        let fail_args = if self.eat('[') {
            if !opcode.is_exit() && opcode != Opcode::Jump {
                return Err(self.error(fail_args_pos, "only guards, `finish` and `jump` have fail args"));
            }
            self.list(']', |p| {
                let (word, pos) = p.word("a fail arg")?;
                p.arg(word, pos)
            })?
        } else {
            Vec::new()
        };

        // A call_assembler's operands are the callee's inputs after its own three.
        let expected_arity = arity(opcode).or(match descr {
            Some(Descr::Call(call)) if opcode != Opcode::CallAssembler => Some(call.args.len()),
            _ => None,
        });
        if let Some(n) = expected_arity.filter(|&n| n != args.len()) {
            let plural = if n == 1 { "" } else { "s" };
            return Err(self.error(name_pos, format!("`{name}` takes {n} operand{plural}, found {}", args.len())));
        }
        match (defines, result) {
            (None, Some((_, pos))) => return Err(self.error(pos, format!("`{name}` has no result"))),
            (Some(kind), None) => {
                let message = format!("`{name}` defines a result: write `{}N = {name}(...)`", kind.letter());
                return Err(self.error(name_pos, message));
            }
            (Some(kind), Some((var, pos))) if var.kind != kind => {
                let message = format!("`{name}` defines {} `{}` variable, not `{var}`", article(kind), kind.letter());
                return Err(self.error(pos, message));
            }
            (Some(_), Some((var, pos))) => self.define(var, pos)?,
            (None, None) => {}
        }
        Ok(Op { opcode, args, result: result.map(|(var, _)| var), descr, fail_args })
    }

    /// The operand written `word` (at byte `pos`), reading the rest of `nan(...)` and
    /// `ConstPtr(...)` from the line.
    fn arg(&mut self, word: &str, pos: usize) -> Result<Arg, ParseError> {
        match word {
            "null" => Ok(Arg::Ref(GcRef::NULL)),
            "inf" => Ok(Arg::float(f64::INFINITY)),
            "-inf" => Ok(Arg::float(f64::NEG_INFINITY)),
            "nan" => self.nan(),
            "ConstPtr" => self.const_ptr(),
            _ if var_name(word).is_some() => {
                let var = self.var(word, pos)?;
                self.use_var(var, pos)?;
                Ok(Arg::Var(var))
            }
            _ => self.number(word, pos),
        }
    }

    /// After `nan`: the canonical NaN, or `(0x...)` with the bits of another NaN.
    fn nan(&mut self) -> Result<Arg, ParseError> {
        if !self.eat('(') {
            return Ok(Arg::float(f64::NAN));
        }
        let (word, pos) = self.word("the bits of a NaN")?;
        let bits = hex(word).filter(|&bits| f64::from_bits(bits).is_nan());
        let bits = bits.ok_or_else(|| self.error(pos, "expected the bits of a NaN, like `0x7ff8000000000001`"))?;
        self.expect(')')?;
        Ok(Arg::Float(bits))
    }

    /// After `ConstPtr`: `(0x...)` or `(name)`, a registered reference.
    fn const_ptr(&mut self) -> Result<Arg, ParseError> {
        self.expect('(')?;
        let (key, pos) = self.word("an address or a name")?;
        let obj = match hex(key) {
            Some(addr) => self.descrs.ref_at(addr),
            None => self.descrs.lookup_ref(key),
        };
        let obj = obj.ok_or_else(|| self.error(pos, format!("unknown reference constant `{key}`")))?;
        self.expect(')')?;
        Ok(Arg::Ref(obj))
    }

    /// An integer or float constant (other than the named floats).
    fn number(&self, word: &str, pos: usize) -> Result<Arg, ParseError> {
        let unsigned = word.strip_prefix('-').unwrap_or(word);
        if !unsigned.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(self.error(pos, format!("expected an operand, found `{word}`")));
        }
        if is_decimal(unsigned) {
            return word
                .parse()
                .map(Arg::Int)
                .map_err(|_| self.error(pos, format!("integer `{word}` is out of range")));
        }
        let float = word.contains(['.', 'e', 'E']).then(|| word.parse().ok()).flatten();
        float.map(Arg::float).ok_or_else(|| self.error(pos, format!("malformed number `{word}`")))
    }

    /// `<Class ...>`: a descriptor, after `descr=`.
    fn descr(&mut self) -> Result<Descr, ParseError> {
        self.expect('<')?;
        let (class, class_pos) = self.word("a descriptor class")?;
        let descr = match class {
            "Guard" => Descr::Guard(self.index()?),
            "Target" => Descr::Target(self.index()?),
            "Note" => Descr::Note(intern(self.string()?)),
            "Field" | "Array" | "Layout" | "Call" => {
                let (name, name_pos) = self.descr_name()?;
                self.descrs
                    .lookup(class, name)
                    .ok_or_else(|| self.error(name_pos, format!("unknown descriptor `<{class} {name}>`")))?
            }
            _ => {
                let message = format!(
                    "unknown descriptor class `{class}` (expected Field, Array, Layout, Call, Guard, Target or Note)"
                );
                return Err(self.error(class_pos, message));
            }
        };
        self.expect('>')?;
        Ok(descr)
    }

    /// The name in a named descriptor: everything up to its closing `>` (not included), where `<`
    /// and `>` may nest as in `Vec<T>`.
    fn descr_name(&mut self) -> Result<(&'a str, usize), ParseError> {
        self.skip_blanks();
        let start = self.pos;
        let mut depth = 0usize;
        while let Some(c) = self.peek() {
            match c {
                '<' => depth += 1,
                '>' if depth == 0 => break,
                '>' => depth -= 1,
                _ => {}
            }
            self.pos += c.len_utf8();
        }
        let name = self.line[start..self.pos].trim_end();
        if name.is_empty() {
            return Err(self.expected("a descriptor name"));
        }
        if self.peek().is_none() {
            return Err(self.expected("`>`"));
        }
        Ok((name, start))
    }

    /// A `u32` in decimal: the number of a guard or target.
    fn index(&mut self) -> Result<u32, ParseError> {
        let (word, pos) = self.word("a number")?;
        let n = is_decimal(word).then(|| word.parse().ok()).flatten();
        n.ok_or_else(|| self.error(pos, format!("expected a number up to {}, found `{word}`", u32::MAX)))
    }

    /// A double-quoted string with Rust's escapes.
    fn string(&mut self) -> Result<String, ParseError> {
        self.skip_blanks();
        let start = self.pos;
        self.expect('"')?;
        let mut s = String::new();
        loop {
            let pos = self.pos;
            match self.bump() {
                None => return Err(self.error(start, "unterminated string")),
                Some('"') => return Ok(s),
                Some('\\') => s.push(self.escape(pos)?),
                Some(c) => s.push(c),
            }
        }
    }

    /// The character of the escape sequence that started with the `\` at `start`.
    fn escape(&mut self, start: usize) -> Result<char, ParseError> {
        let c = match self.bump() {
            Some('n') => '\n',
            Some('r') => '\r',
            Some('t') => '\t',
            Some('0') => '\0',
            Some(c @ ('\\' | '"' | '\'')) => c,
            Some('u') if self.peek() == Some('{') => {
                let rest = &self.line[self.pos + 1..];
                let digits = rest.find('}').map(|end| &rest[..end]).unwrap_or("");
                let valid = (1..=6).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_hexdigit());
                let c = valid.then(|| u32::from_str_radix(digits, 16).ok().and_then(char::from_u32)).flatten();
                let c = c.ok_or_else(|| self.error(start, "invalid `\\u{...}` escape"))?;
                self.pos += digits.len() + 2;
                c
            }
            _ => return Err(self.error(start, "unknown escape sequence")),
        };
        Ok(c)
    }

    /// `item, item, ...` up to and including `close`; the opening bracket is already read.
    fn list<T>(
        &mut self,
        close: char,
        mut item: impl FnMut(&mut Self) -> Result<T, ParseError>,
    ) -> Result<Vec<T>, ParseError> {
        let mut items = Vec::new();
        if self.eat(close) {
            return Ok(items);
        }
        loop {
            items.push(item(self)?);
            if self.eat(close) {
                return Ok(items);
            }
            if !self.eat(',') {
                return Err(self.expected(&format!("`,` or `{close}`")));
            }
        }
    }

    /// The variable named `word` (at byte `pos`), checking only its spelling.
    fn var(&self, word: &str, pos: usize) -> Result<Var, ParseError> {
        let (kind, digits) = var_name(word)
            .ok_or_else(|| self.error(pos, format!("expected a variable, like `i0`, `r1` or `f2`, found `{word}`")))?;
        let id = digits.parse().map_err(|_| self.error(pos, format!("variable number `{digits}` is too large")))?;
        Ok(Var { id, kind })
    }

    /// Record the definition of `var` (at byte `pos`).
    fn define(&mut self, var: Var, pos: usize) -> Result<(), ParseError> {
        if let Some(&kind) = self.defined.get(&var.id) {
            let earlier = Var { id: var.id, kind };
            let message = if kind == var.kind {
                format!("`{var}` is already defined")
            } else {
                format!("`{var}` reuses the number of `{earlier}`")
            };
            return Err(self.error(pos, message));
        }
        let next =
            var.id.checked_add(1).ok_or_else(|| self.error(pos, format!("variable number {} is too large", var.id)))?;
        self.defined.insert(var.id, var.kind);
        self.next_var = self.next_var.max(next);
        Ok(())
    }

    /// Check that `var` (used at byte `pos`) is defined, with its kind.
    fn use_var(&self, var: Var, pos: usize) -> Result<(), ParseError> {
        match self.defined.get(&var.id) {
            None => Err(self.error(pos, format!("`{var}` is used before it is defined"))),
            Some(&kind) if kind != var.kind => {
                Err(self.error(pos, format!("`{var}` was defined as `{}`", Var { id: var.id, kind })))
            }
            Some(_) => Ok(()),
        }
    }

    /// A word: a maximal run of letters, digits and `_ . + -` (names, variables and numbers).
    fn word(&mut self, what: &str) -> Result<(&'a str, usize), ParseError> {
        self.skip_blanks();
        let start = self.pos;
        while let Some(c) = self.peek().filter(|&c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '+' | '-')) {
            self.pos += c.len_utf8();
        }
        if self.pos == start {
            return Err(self.expected(what));
        }
        Ok((&self.line[start..self.pos], start))
    }

    /// Skip blanks; then read `c`, which must come next.
    fn expect(&mut self, c: char) -> Result<(), ParseError> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(self.expected(&format!("`{c}`")))
        }
    }

    /// Skip blanks; then read `c` if it comes next.
    fn eat(&mut self, c: char) -> bool {
        self.skip_blanks();
        let found = self.peek() == Some(c);
        if found {
            self.pos += c.len_utf8();
        }
        found
    }

    /// Skip blanks; then true when nothing is left on the line.
    fn at_end(&mut self) -> bool {
        self.skip_blanks();
        self.pos == self.line.len()
    }

    /// Skip whitespace and a comment.
    fn skip_blanks(&mut self) {
        while let Some(c) = self.peek() {
            if c == '#' {
                self.pos = self.line.len();
            } else if c.is_whitespace() {
                self.pos += c.len_utf8();
            } else {
                break;
            }
        }
    }

    fn peek(&self) -> Option<char> {
        self.line[self.pos..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    /// "expected `what`, found ..." at the next non-blank character.
    fn expected(&mut self, what: &str) -> ParseError {
        self.skip_blanks();
        let found = self.peek().map_or_else(|| "the end of the line".to_string(), |c| format!("`{c}`"));
        self.error(self.pos, format!("expected {what}, found {found}"))
    }

    /// An error at byte `pos` of the current line.
    fn error(&self, pos: usize, message: impl Into<String>) -> ParseError {
        let column = self.line[..pos].chars().count() + 1;
        ParseError { line: self.line_no, column, message: message.into() }
    }
}

/// "an" or "a", before a kind letter.
fn article(kind: Kind) -> &'static str {
    match kind {
        Kind::Int => "an",
        Kind::Ref | Kind::Float => "a",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::{Effect, RawFn};
    use metatrace_gc::{ArrayPart, ItemType};

    static POINT: Layout = Layout { name: "Point", size: 32, ref_offsets: &[24], array: None };
    const POINT_X: FieldDescr = FieldDescr {
        owner: "Point",
        name: "x",
        offset: 8,
        ty: ItemType::I64,
        immutable: false,
        quasi_immutable: false,
        layout: None,
    };
    const POINT_NEXT: FieldDescr = FieldDescr {
        owner: "Point",
        name: "next",
        offset: 24,
        ty: ItemType::REF,
        immutable: true,
        quasi_immutable: false,
        layout: None,
    };
    const ITEMS_PART: ArrayPart = ArrayPart { length_offset: 8, items_offset: 16, item: ItemType::F64 };
    static FLOATS: Layout = Layout { name: "Floats", size: 16, ref_offsets: &[], array: Some(ITEMS_PART) };
    const FLOAT_ITEMS: ArrayDescr = ArrayDescr { owner: "Floats", part: ITEMS_PART };

    extern "C" fn add_bits(a: u64, b: u64) -> u64 {
        a.wrapping_add(b)
    }

    static MY_FUNC: CallDescr = CallDescr {
        name: "my_func",
        func: RawFn::A2(add_bits),
        args: &[Kind::Int, Kind::Float],
        result: Some(Kind::Int),
        effect: Effect::Plain,
        can_raise: false,
        oopspec: crate::call::OopSpec::None,
    };

    /// The registry of the tests' descriptors, with one allocated object named `obj`.
    fn descrs() -> (Descrs, GcRef) {
        let obj = metatrace_gc::alloc(&POINT);
        let mut descrs = Descrs::new();
        descrs
            .add_field(POINT_X)
            .add_field(POINT_NEXT)
            .add_array(FLOAT_ITEMS)
            .add_layout(&POINT)
            .add_layout(&FLOATS)
            .add_call(&MY_FUNC)
            .add_ref("obj", obj);
        (descrs, obj)
    }

    fn op(opcode: Opcode, args: Vec<Arg>, result: Option<Var>, descr: Option<Descr>, fail_args: Vec<Arg>) -> Op {
        Op { opcode, args, result, descr, fail_args }
    }

    fn var(kind: Kind, id: VarId) -> Var {
        Var { id, kind }
    }

    const EXAMPLE: &str = "\
[i0, r1, f2]
label(i0, r1, f2, descr=<Target 0>)
debug_merge_point(descr=<Note \"loop.tl:3\">)
i3 = int_add(i0, 1)
i4 = int_lt(i3, 100)
guard_true(i4, descr=<Guard 0>) [i3, r1, f2]
f5 = float_add(f2, 1.5)
i6 = getfield_gc_i(r1, descr=<Field Point.x>)
setfield_gc(r1, i3, descr=<Field Point.x>)
r7 = new(descr=<Layout Point>)
i8 = call_i(i3, f5, descr=<Call my_func>)
jump(i3, r1, f5, descr=<Target 0>)
";

    /// The trace of `EXAMPLE`, built directly.
    fn example() -> Trace {
        use Kind::{Float, Int, Ref};
        let (i0, r1, f2) = (var(Int, 0), var(Ref, 1), var(Float, 2));
        let (i3, i4, f5) = (var(Int, 3), var(Int, 4), var(Float, 5));
        let v = Arg::Var;
        Trace {
            inputargs: vec![i0, r1, f2],
            ops: vec![
                op(Opcode::Label, vec![v(i0), v(r1), v(f2)], None, Some(Descr::Target(0)), vec![]),
                op(Opcode::DebugMergePoint, vec![], None, Some(Descr::Note("loop.tl:3")), vec![]),
                op(Opcode::IntAdd, vec![v(i0), Arg::Int(1)], Some(i3), None, vec![]),
                op(Opcode::IntLt, vec![v(i3), Arg::Int(100)], Some(i4), None, vec![]),
                op(Opcode::GuardTrue, vec![v(i4)], None, Some(Descr::Guard(0)), vec![v(i3), v(r1), v(f2)]),
                op(Opcode::FloatAdd, vec![v(f2), Arg::float(1.5)], Some(f5), None, vec![]),
                op(Opcode::Getfield, vec![v(r1)], Some(var(Int, 6)), Some(Descr::Field(POINT_X)), vec![]),
                op(Opcode::Setfield, vec![v(r1), v(i3)], None, Some(Descr::Field(POINT_X)), vec![]),
                op(Opcode::New, vec![], Some(var(Ref, 7)), Some(Descr::Layout(&POINT)), vec![]),
                op(Opcode::Call, vec![v(i3), v(f5)], Some(var(Int, 8)), Some(Descr::Call(&MY_FUNC)), vec![]),
                op(Opcode::Jump, vec![v(i3), v(r1), v(f5)], None, Some(Descr::Target(0)), vec![]),
            ],
            next_var: 9,
        }
    }

    fn round_trip(t: &Trace, descrs: &Descrs) {
        let text = print_trace(t);
        let parsed = parse_trace(&text, descrs).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(&parsed, t, "\n{text}");
    }

    #[test]
    fn prints_the_example() {
        assert_eq!(print_trace(&example()), EXAMPLE);
        assert_eq!(print_op(&example().ops[4]), "guard_true(i4, descr=<Guard 0>) [i3, r1, f2]");
    }

    #[test]
    fn parses_the_example() {
        assert_eq!(parse_trace(EXAMPLE, &descrs().0), Ok(example()));
    }

    /// The operands of an operation of `opcode` in a trace whose inputs are `inputs`: the right
    /// number, mixing variables and constants.
    fn operands(opcode: Opcode, inputs: &[Arg]) -> Vec<Arg> {
        let n = arity(opcode).unwrap_or(MY_FUNC.args.len());
        inputs.iter().cycle().skip(opcode as usize).take(n).copied().collect()
    }

    fn descr_for(opcode: Opcode, guards: &mut u32) -> Option<Descr> {
        use Opcode::*;
        match opcode {
            Getfield | Setfield | QuasiimmutField => Some(Descr::Field(POINT_NEXT)),
            Getarrayitem | Setarrayitem | Arraylen => Some(Descr::Array(FLOAT_ITEMS)),
            New => Some(Descr::Layout(&POINT)),
            NewArray => Some(Descr::Layout(&FLOATS)),
            Call | CallPure | CallMayForce | CallAssembler => Some(Descr::Call(&MY_FUNC)),
            Label | Jump => Some(Descr::Target(u32::MAX)),
            DebugMergePoint => Some(Descr::Note("loop \"main\" # at\n\t\\ \u{e9}\u{301} \u{1b} <>")),
            _ if opcode.is_exit() => {
                *guards += 1;
                Some(Descr::Guard(*guards - 1))
            }
            _ => None,
        }
    }

    #[test]
    fn every_opcode_round_trips() {
        let (descrs, obj) = descrs();
        let mut t = Trace::default();
        let i = Arg::Var(t.add_input(Kind::Int));
        let r = Arg::Var(t.add_input(Kind::Ref));
        let f = Arg::Var(t.add_input(Kind::Float));
        let inputs = [i, r, f, Arg::Int(-7), Arg::float(2.5), Arg::Ref(obj), Arg::Ref(GcRef::NULL)];
        let mut guards = 0;
        for &opcode in Opcode::ALL {
            let results = if opcode.has_kind_suffix() {
                vec![None, Some(Kind::Int), Some(Kind::Ref), Some(Kind::Float)]
            } else {
                vec![opcode.fixed_result()]
            };
            for kind in results {
                let descr = descr_for(opcode, &mut guards);
                let result = t.push(opcode, operands(opcode, &inputs), kind, descr);
                if opcode.is_exit() {
                    t.ops.last_mut().unwrap().fail_args = vec![i, Arg::Int(0), r, f];
                }
                if let Some(result) = result {
                    assert_eq!(print_op(t.ops.last().unwrap()).split_once(" = ").unwrap().0, result.to_string());
                }
            }
        }
        // Every variable is used (after its definition), and an exit has no fail args.
        let results: Vec<Arg> = t.ops.iter().filter_map(|op| op.result).map(Arg::Var).collect();
        t.push(Opcode::Finish, results, None, Some(Descr::Guard(guards)));
        round_trip(&t, &descrs);
    }

    #[test]
    fn constants_round_trip_bit_for_bit() {
        let (descrs, obj) = descrs();
        let ints = [0, 1, -1, 42, i64::MIN, i64::MAX];
        let floats = [
            0.0,
            -0.0,
            1.0,
            -1.5,
            0.1,
            1e300,
            1e16,
            1e-7,
            f64::MIN_POSITIVE,
            5e-324,
            f64::MAX,
            f64::MIN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            -f64::NAN,
            f64::from_bits(0x7ff0_0000_0000_0001),
            f64::from_bits(0xfff8_0000_dead_beef),
        ];
        let mut args: Vec<Arg> = ints.into_iter().map(Arg::Int).collect();
        args.extend(floats.into_iter().map(Arg::float));
        args.extend([Arg::Ref(GcRef::NULL), Arg::Ref(obj)]);
        let mut t = Trace::default();
        t.push(Opcode::Finish, args, None, Some(Descr::Guard(0)));
        round_trip(&t, &descrs);

        let text = print_trace(&t);
        assert!(text.contains(" -9223372036854775808, "), "{text}");
        assert!(text.contains(" 0.0, -0.0, 1.0, -1.5, 0.1, 1e300, 1e16, 1e-7, "), "{text}");
        assert!(text.contains(" inf, -inf, nan, nan(0xfff8000000000000), nan(0x7ff0000000000001), "), "{text}");
        assert!(text.contains(&format!(" null, ConstPtr({:#x}), descr=<Guard 0>) []\n", obj.addr())), "{text}");
    }

    #[test]
    fn parses_hand_written_text() {
        let (descrs, obj) = descrs();
        let text = "
            # a bridge
            [r10, i2]

            f12 = getarrayitem_gc_f(r10, i2, descr=<Array Floats>)  # a comment
            r4 = getfield_gc_r( ConstPtr(obj) , descr=<Field Point.next>)
            guard_class(r4, ConstPtr(obj), descr=<Guard 5>)
            guard_value(i2,-3,descr=<Guard 6>)
            call_n(i2, -2.5e-3, descr=<Call my_func>)
            finish(r4, nan(0x7ff8000000000002), descr=<Guard 7>) []
        ";
        let t = parse_trace(text, &descrs).unwrap();
        assert_eq!(t.inputargs, [var(Kind::Ref, 10), var(Kind::Int, 2)]);
        assert_eq!(t.next_var, 13);
        assert_eq!(t.ops.len(), 6);

        let load = &t.ops[0];
        assert_eq!(load.opcode, Opcode::Getarrayitem);
        assert_eq!(load.result, Some(var(Kind::Float, 12)));
        assert_eq!(load.args, [Arg::Var(var(Kind::Ref, 10)), Arg::Var(var(Kind::Int, 2))]);
        assert_eq!(load.descr, Some(Descr::Array(FLOAT_ITEMS)));
        assert!(load.fail_args.is_empty());

        assert_eq!(t.ops[1].args, [Arg::Ref(obj)]);
        assert_eq!(t.ops[1].descr, Some(Descr::Field(POINT_NEXT)));

        let guard = &t.ops[3];
        assert_eq!(guard.opcode, Opcode::GuardValue);
        assert_eq!(guard.args, [Arg::Var(var(Kind::Int, 2)), Arg::Int(-3)]);
        assert_eq!(guard.guard_index(), Some(6));
        assert_eq!(guard.result, None);
        assert!(guard.fail_args.is_empty());

        let call = &t.ops[4];
        assert_eq!((call.opcode, call.result), (Opcode::Call, None));
        assert_eq!(call.args[1], Arg::float(-2.5e-3));
        assert!(matches!(call.descr, Some(Descr::Call(c)) if std::ptr::eq(c, &MY_FUNC)));

        let finish = &t.ops[5];
        assert_eq!(finish.args[1], Arg::Float(0x7ff8_0000_0000_0002));
        assert_eq!(finish.descr, Some(Descr::Guard(7)));
    }

    #[test]
    fn notes_are_interned() {
        let text = "[]\ndebug_merge_point(descr=<Note \"a\\u{2603}\\\"b\">)\n";
        let first = parse_trace(text, &Descrs::new()).unwrap();
        let second = parse_trace(text, &Descrs::new()).unwrap();
        let (Some(Descr::Note(a)), Some(Descr::Note(b))) = (first.ops[0].descr, second.ops[0].descr) else {
            panic!("not notes: {first:?} {second:?}")
        };
        assert_eq!(a, "a\u{2603}\"b");
        assert!(std::ptr::eq(a, b));
    }

    #[test]
    fn registry_lookup() {
        let (descrs, obj) = descrs();
        assert_eq!(descrs.lookup("Field", "Point.x"), Some(Descr::Field(POINT_X)));
        assert_eq!(descrs.lookup("Layout", "Floats"), Some(Descr::Layout(&FLOATS)));
        assert_eq!(descrs.lookup("Array", "Point"), None);
        assert_eq!(descrs.lookup("Guard", "0"), None);
        assert_eq!(descrs.lookup_ref("obj"), Some(obj));
        assert_eq!(descrs.lookup_ref("other"), None);
    }

    #[test]
    #[should_panic(expected = "two different descriptors are written <Field Point.x>")]
    fn registry_rejects_ambiguous_names() {
        Descrs::new().add_field(POINT_X).add_field(FieldDescr { offset: 16, ..POINT_X });
    }

    #[test]
    fn errors_have_positions_and_messages() {
        let (descrs, _) = descrs();
        let cases: &[(&str, usize, usize, &str)] = &[
            ("", 1, 1, "expected the input arguments, like `[i0, r1]`, found an empty trace"),
            ("# only a comment\n\n", 1, 1, "found an empty trace"),
            ("i0 = int_add(1, 2)", 1, 1, "expected the input arguments, like `[i0, r1]`, found `i`"),
            ("[i0 r1]", 1, 5, "expected `,` or `]`, found `r`"),
            ("[i0, i0]", 1, 6, "`i0` is already defined"),
            ("[i0, f0]", 1, 6, "`f0` reuses the number of `i0`"),
            ("[i0, x1]", 1, 6, "expected a variable, like `i0`, `r1` or `f2`, found `x1`"),
            ("[i4294967295]", 1, 2, "variable number 4294967295 is too large"),
            ("[i99999999999]", 1, 2, "variable number `99999999999` is too large"),
            ("[i0] i1", 1, 6, "expected the end of the line, found `i`"),
            ("[i0]\ni1 = int_add(i0, i2)", 2, 18, "`i2` is used before it is defined"),
            ("[i0]\ni1 = int_add(f0, 1)", 2, 14, "`f0` was defined as `i0`"),
            ("[i0]\nf1 = int_add(i0, 1)", 2, 1, "`int_add` defines an `i` variable, not `f1`"),
            ("[i0]\nint_add(i0, 1)", 2, 1, "`int_add` defines a result: write `iN = int_add(...)`"),
            ("[i0]\ni1 = guard_true(i0, descr=<Guard 0>)", 2, 1, "`guard_true` has no result"),
            ("[i0]\ni0 = int_neg(i0)", 2, 1, "`i0` is already defined"),
            ("[i0]\n  i1 = int_frob(i0)", 2, 8, "unknown operation `int_frob`"),
            ("[i0]\ni1 = int_add(i0)", 2, 6, "`int_add` takes 2 operands, found 1"),
            ("[r0]\nr1 = call(r0, descr=<Call my_func>)", 2, 6, "`call` needs a result-kind suffix"),
            ("[r0]\nr1 = call_r(r0, descr=<Call my_func>)", 2, 6, "`call_r` takes 2 operands, found 1"),
            ("[r0]\nr1 = call_x(r0, descr=<Call my_func>)", 2, 6, "unknown operation `call_x`"),
            ("[r0]\nf1 = getfield_gc_i(r0, descr=<Field Point.x>)", 2, 1, "`getfield_gc_i` defines an `i` variable"),
            ("[r0]\ni1 = getfield_gc_i(r0, descr=<Field Point.z>)", 2, 37, "unknown descriptor `<Field Point.z>`"),
            ("[r0]\ni1 = getfield_gc_i(r0, descr=<Flield Point.x>)", 2, 31, "unknown descriptor class `Flield`"),
            ("[r0]\ni1 = getfield_gc_i(r0, descr=<Field Point.x)", 2, 45, "expected `>`, found the end of the line"),
            ("[r0]\ni1 = getfield_gc_i(r0, descr=<Field >)", 2, 37, "expected a descriptor name, found `>`"),
            ("[i0]\nguard_true(i0, descr=<Guard 0>) [i9]", 2, 34, "`i9` is used before it is defined"),
            ("[i0]\nguard_true(i0, descr=<Guard -1>)", 2, 29, "expected a number up to 4294967295, found `-1`"),
            ("[i0]\ni1 = int_neg(i0) [i0]", 2, 18, "only guards, `finish` and `jump` have fail args"),
            ("[i0]\njump(descr=<Target 1>, i0)", 2, 24, "`descr=` must come after the other operands"),
            ("[i0]\ni1 = int_add(i0, 99999999999999999999)", 2, 18, "integer `99999999999999999999` is out of range"),
            ("[i0]\ni1 = int_add(i0, 1.2.3)", 2, 18, "malformed number `1.2.3`"),
            ("[i0]\ni1 = int_add(i0, 12abc)", 2, 18, "malformed number `12abc`"),
            ("[i0]\ni1 = int_add(i0, inff)", 2, 18, "expected an operand, found `inff`"),
            ("[i0]\ni1 = int_add(i0, )", 2, 18, "expected an operand, found `)`"),
            ("[i0]\ni1 = int_add(i0, 1", 2, 19, "expected `,` or `)`, found the end of the line"),
            ("[i0]\ni1 = int_add i0", 2, 14, "expected `(`, found `i`"),
            ("[f0]\nf1 = float_neg(nan(0x1))", 2, 20, "expected the bits of a NaN"),
            ("[r0]\ni1 = ptr_eq(r0, ConstPtr(0x1234))", 2, 26, "unknown reference constant `0x1234`"),
            ("[r0]\ni1 = ptr_eq(r0, ConstPtr(nobody))", 2, 26, "unknown reference constant `nobody`"),
            ("[]\ndebug_merge_point(descr=<Note \"abc>)", 2, 31, "unterminated string"),
            ("[]\ndebug_merge_point(descr=<Note \"a\\qc\">)", 2, 33, "unknown escape sequence"),
            ("[]\ndebug_merge_point(descr=<Note \"\\u{110000}\">)", 2, 32, "invalid `\\u{...}` escape"),
            ("[]\ndebug_merge_point(descr=<Note abc>)", 2, 31, "expected `\"`, found `a`"),
        ];
        let wrong: Vec<String> = cases
            .iter()
            .filter_map(|&(text, line, column, message)| match parse_trace(text, &descrs) {
                Err(e) if e.line == line && e.column == column && e.message.contains(message) => None,
                got => Some(format!("{text:?}: expected line {line}, column {column}: {message}; got {got:?}")),
            })
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        let error = parse_trace("[i0]\n\n  i1 = int_add(i0, i2)", &descrs).unwrap_err();
        assert_eq!(error.to_string(), "line 3, column 20: `i2` is used before it is defined");
    }

    /// A small deterministic generator (xorshift64*), so failures reproduce.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
        }
    }

    /// Random bytes and random edits of a valid trace never make the parser panic, and whatever
    /// it accepts prints back to text that parses to the same trace.
    #[test]
    fn fuzz_never_panics() {
        let (descrs, _) = descrs();
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let check = |text: &str| {
            if let Ok(t) = parse_trace(text, &descrs) {
                round_trip(&t, &descrs);
            }
        };
        for _ in 0..2000 {
            let bytes: Vec<u8> = (0..rng.below(64)).map(|_| rng.below(256) as u8).collect();
            check(&String::from_utf8_lossy(&bytes));
        }
        let valid: Vec<char> = EXAMPLE.chars().collect();
        let alphabet: Vec<char> = "()[]<>,=#\"\\ -+.0123456789abefinrx_\n\u{e9}".chars().collect();
        for _ in 0..5000 {
            let mut text = valid.clone();
            for _ in 0..1 + rng.below(4) {
                let at = rng.below(text.len());
                match rng.below(3) {
                    0 => drop(text.remove(at)),
                    1 => text[at] = alphabet[rng.below(alphabet.len())],
                    _ => text.insert(at, alphabet[rng.below(alphabet.len())]),
                }
            }
            check(&text.into_iter().collect::<String>());
        }
    }
}

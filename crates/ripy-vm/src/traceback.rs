//! Tracebacks: the record of the frames an exception passed through, and CPython's report of an
//! uncaught exception.
//!
//! When an instruction raises, the interpreter adds a [`W_Traceback`] entry (frame, code and
//! instruction) in front of the exception's `__traceback__` ([`add_traceback`], a residual call);
//! re-raising (`raise` without operand, the implicit re-raise at the end of a handler) adds none,
//! as in CPython. A fresh exception (one without a traceback yet) also gets the handled
//! exception as its `__context__`.
//!
//! [`format_exception`] writes what CPython 3.11's `PyErr_Print` writes: the chain of causes and
//! contexts, each traceback entry with its source line and the carets under the failing
//! expression (with `~` and `^` anchors for binary operators and subscripts), runs of more than
//! three identical entries folded into `[Previous line repeated N more times]`.

use crate::code::Code;
use crate::dict;
use crate::exceptions::ExcKind;
use crate::exceptions::W_Exception;
use crate::frame::W_ExecState;
use crate::gc;
use crate::space::{PyResult, Space};
use crate::typeobject::{self, W_Type};
use crate::unicode;
use metatrace_gc::{GcHeader, GcObject, GcRef};
use metatrace_macros::GcObject;
use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;
use std::cell::RefCell;
use std::collections::HashMap;

/// One traceback entry.
#[derive(GcObject)]
#[repr(C)]
pub struct W_Traceback {
    /// The object header.
    pub header: GcHeader,
    /// The next entry (the frame called from this one), or null; assignable (`tb_next`).
    pub next: GcRef,
    /// The code of the frame ([`W_Code`]).
    #[gc(immutable)]
    pub code: GcRef,
    /// The instruction that raised.
    #[gc(immutable)]
    pub pc: i64,
    /// The frame ([`crate::frame::W_Frame`]).
    #[gc(immutable)]
    pub frame: GcRef,
    /// For an entry made by `TracebackType(tb_next, tb_frame, tb_lasti, tb_lineno)`: the tuple
    /// `(tb_lasti, tb_lineno)` it was given; null for the entries of raised exceptions (whose
    /// `tb_lasti` and `tb_lineno` follow from `pc`).
    #[gc(immutable)]
    pub given: GcRef,
}

/// `TracebackType(tb_next, tb_frame, tb_lasti, tb_lineno)`: an entry for `tb_frame`, checked
/// as CPython checks it.
pub fn new_traceback(space: &'static Space, next: GcRef, frame: GcRef, lasti: GcRef, lineno: GcRef) -> PyResult<GcRef> {
    let type_error = |message: String| Err(space.new_exception(ExcKind::TypeError, &message));
    if next != space.none && next.layout() != W_Traceback::layout() {
        return type_error(format!("expected traceback object or None, got '{}'", space.type_name(next)));
    }
    if frame.layout() != crate::frame::W_Frame::layout() {
        return type_error(format!(
            "TracebackType() argument 'tb_frame' must be frame, not {}",
            space.type_name(frame)
        ));
    }
    let mut ints = [0i64; 2];
    for (slot, value) in ints.iter_mut().zip([lasti, lineno]) {
        let message = format!("'{}' object cannot be interpreted as an integer", space.type_name(value));
        let v = crate::objspace::index_value(value, &message)?;
        *slot =
            i64::from(i32::try_from(v).map_err(|_| {
                space.new_exception(ExcKind::OverflowError, "Python int too large to convert to C int")
            })?);
    }
    let given = crate::tuple::W_Tuple::from_slice(&[crate::int::heap_int(ints[0]), crate::int::heap_int(ints[1])]);
    let _given = metatrace_gc::Root::new(given);
    crate::frame::mark_escaped(frame);
    let w_code = gc::get_ref(frame, &crate::frame::W_Frame::CODE);
    let offset = u32::try_from(ints[0]).unwrap_or(0);
    let pc = crate::code::Code::of(w_code).wordcode().pc_at(offset).unwrap_or(0);
    let tb = metatrace_gc::alloc(W_Traceback::layout());
    gc::set_ref(tb, &W_Traceback::NEXT, if next == space.none { GcRef::NULL } else { next });
    gc::set_ref(tb, &W_Traceback::CODE, w_code);
    gc::set_i64(tb, &W_Traceback::PC, i64::from(pc));
    gc::set_ref(tb, &W_Traceback::FRAME, frame);
    gc::set_ref(tb, &W_Traceback::GIVEN, given);
    Ok(tb)
}

fn add_traceback_impl(exc: GcRef, frame: GcRef, code: GcRef, pc: i64) {
    if exc.layout() != W_Exception::layout() {
        return;
    }
    let previous = gc::get_ref(exc, &W_Exception::TRACEBACK);
    if previous.is_null() {
        set_context(exc);
    }
    crate::frame::mark_escaped(frame);
    let tb = metatrace_gc::alloc(W_Traceback::layout());
    gc::set_ref(tb, &W_Traceback::NEXT, previous);
    gc::set_ref(tb, &W_Traceback::CODE, code);
    gc::set_i64(tb, &W_Traceback::PC, pc);
    gc::set_ref(tb, &W_Traceback::FRAME, frame);
    gc::set_ref(exc, &W_Exception::TRACEBACK, tb);
}

metatrace::residual! {
    /// Record that exception `exc` passes through `frame` (running `code`) at instruction `pc`.
    pub fn add_traceback(exc: Ref, frame: Ref, code: Ref, pc: Int) -> Void;
    effect = Plain; can_raise = false; impl = add_traceback_impl;
}

/// Make the exception being handled the `__context__` of `exc`, cutting the chain where it
/// reaches `exc` (which would make a cycle). A cycle already in the chain ends the walk (Floyd's
/// cycle detection, as CPython's `_PyErr_SetObject`).
pub fn set_context(exc: GcRef) {
    let handled = gc::get_ref(Space::get().exec_state, &W_ExecState::HANDLED);
    if handled.is_null() || handled == exc || handled.layout() != W_Exception::layout() {
        return;
    }
    let (mut link, mut slow, mut move_slow) = (handled, handled, false);
    loop {
        let next = gc::get_ref(link, &W_Exception::CONTEXT);
        if next.is_null() {
            break;
        }
        if next == exc {
            gc::set_ref(link, &W_Exception::CONTEXT, GcRef::NULL);
            break;
        }
        link = next;
        if link == slow {
            break;
        }
        if move_slow {
            slow = gc::get_ref(slow, &W_Exception::CONTEXT);
        }
        move_slow = !move_slow;
    }
    gc::set_ref(exc, &W_Exception::CONTEXT, handled);
}

crate::interp_local! {
    /// Source lines by file name (`None` when the file cannot be read).
    static SOURCES: RefCell<HashMap<String, Option<Vec<String>>>> = RefCell::new(HashMap::new());
}

/// Remember the source of `filename`, for the source lines of tracebacks.
pub fn register_source(filename: &str, text: &str) {
    let lines = text.lines().map(str::to_owned).collect();
    SOURCES.with(|s| s.borrow_mut().insert(filename.to_owned(), Some(lines)));
}

crate::interp_local! {
    /// Set once the interpreter is finalizing: reports show no source lines then.
    static NO_SOURCES: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// From now on, show no source lines in reports, as CPython's finalization (which can no longer
/// import what reads source files) shows none in the reports of the `__del__` methods it runs.
pub fn forget_sources() {
    NO_SOURCES.with(|n| n.set(true));
}

/// Line `line` (1-based) of `filename`, without its line terminator.
pub fn source_line(filename: &str, line: u32) -> Option<String> {
    if NO_SOURCES.with(std::cell::Cell::get) {
        return None;
    }
    SOURCES.with(|s| {
        let mut sources = s.borrow_mut();
        let lines = sources.entry(filename.to_owned()).or_insert_with(|| {
            let bytes = std::fs::read(filename).ok()?;
            Some(String::from_utf8_lossy(&bytes).lines().map(str::to_owned).collect())
        });
        lines.as_ref()?.get(line.checked_sub(1)? as usize).cloned()
    })
}

/// The entries of a traceback, outermost first: (code, instruction).
pub fn entries(tb: GcRef) -> Vec<(&'static Code, u32)> {
    let mut out = Vec::new();
    let mut t = tb;
    while !t.is_null() {
        out.push((Code::of(gc::get_ref(t, &W_Traceback::CODE)), gc::get_i64(t, &W_Traceback::PC) as u32));
        t = gc::get_ref(t, &W_Traceback::NEXT);
    }
    out
}

/// The character offset of byte offset `byte` in `text` (CPython's
/// `_PyPegen_byte_offset_to_character_offset`).
fn char_offset(text: &str, byte: usize) -> usize {
    String::from_utf8_lossy(&text.as_bytes()[..byte.min(text.len())]).chars().count()
}

/// The anchors of a segment that is a binary operation or a subscript: the character offsets
/// within the segment of the operator (or brackets), start and end.
fn anchors(segment: &str) -> Option<(usize, usize)> {
    let parsed = ruff_python_parser::parse_module(segment).ok()?;
    let body = &parsed.syntax().body;
    let [Stmt::Expr(statement)] = body.as_slice() else { return None };
    let bytes = segment.as_bytes();
    let (left, right) = match &*statement.value {
        Expr::BinOp(b) => {
            let (from, to) = (b.left.range().end().to_usize(), b.right.range().start().to_usize());
            let mut anchor = None;
            for i in from..to {
                if bytes[i].is_ascii_whitespace() {
                    continue;
                }
                let two = i + 1 < to && !bytes[i + 1].is_ascii_whitespace();
                anchor = Some((i, if two { i + 2 } else { i + 1 }));
                if i + 1 < to && bytes[i] == b')' {
                    continue;
                }
                break;
            }
            anchor?
        }
        Expr::Subscript(s) => {
            let mut left = s.value.range().end().to_usize();
            let mut right = s.slice.range().end().to_usize() + 1;
            while left < bytes.len() && bytes[left] != b'[' {
                left += 1;
            }
            while right < bytes.len() && bytes[right] != b']' {
                right += 1;
            }
            if right < bytes.len() {
                right += 1;
            }
            (left, right)
        }
        _ => return None,
    };
    Some((char_offset(segment, left), char_offset(segment, right)))
}

/// The source line and caret lines of one entry.
fn format_location(out: &mut String, code: &Code, pc: u32) {
    let location = code.object.line_table.location(pc);
    let Some(line) = source_line(&code.object.filename, location.line) else { return };
    let stripped = line.trim_start();
    if stripped.trim_end().is_empty() {
        return;
    }
    let truncation = line.chars().count() - stripped.chars().count();
    let text = stripped.trim_end();
    out.push_str("    ");
    out.push_str(text);
    out.push('\n');
    if location.end_line == 0 {
        return;
    }
    let start = char_offset(&line, location.col as usize);
    let mut end = char_offset(&line, location.end_col as usize);
    let mut special = None;
    if location.line == location.end_line {
        let segment: String = line.chars().skip(start).take(end.saturating_sub(start)).collect();
        special = anchors(&segment).map(|(l, r)| (l + start, r + start));
    } else {
        end = line.trim_end().chars().count();
    }
    if end - start.min(end) == text.chars().count() && special.is_none() {
        return;
    }
    out.push_str("    ");
    for position in truncation + 1..=end {
        let c = if position <= start {
            ' '
        } else if special.is_some_and(|(l, r)| l < position && position <= r) {
            '^'
        } else if special.is_some() {
            '~'
        } else {
            '^'
        };
        out.push(c);
    }
    out.push('\n');
}

/// Entries repeated more than this many times in a row are folded.
const RECURSIVE_CUTOFF: usize = 3;

fn repeated(out: &mut String, count: usize) {
    let more = count - RECURSIVE_CUTOFF;
    out.push_str(&format!("  [Previous line repeated {more} more time{}]\n", if more > 1 { "s" } else { "" }));
}

/// The entries of a traceback, as a report lists them under its header.
fn format_traceback(out: &mut String, tb: GcRef) {
    if tb.is_null() {
        return;
    }
    let mut last: Option<(String, u32, String)> = None;
    let mut count = 0;
    let all = entries(tb);
    let shown = traceback_limit().map_or(all.len(), |limit| all.len().min(limit.max(0) as usize));
    for &(code, pc) in &all[all.len() - shown..] {
        let line = code.line(pc).unwrap_or(0);
        let key = (code.object.filename.clone(), line, code.object.name.clone());
        if last.as_ref() != Some(&key) {
            if count > RECURSIVE_CUTOFF {
                repeated(out, count);
            }
            last = Some(key);
            count = 0;
        }
        count += 1;
        if count <= RECURSIVE_CUTOFF {
            out.push_str(&format!("  File \"{}\", line {line}, in {}\n", code.object.filename, code.object.name));
            format_location(out, code, pc);
        }
    }
    if count > RECURSIVE_CUTOFF {
        repeated(out, count);
    }
}

/// `sys.tracebacklimit` as CPython's `PyTraceBack_Print` reads it: how many entries (the last
/// ones) a report shows, if it is an int (clamped to the `i64` range).
fn traceback_limit() -> Option<i64> {
    let limit = crate::module::get(crate::import::sys_module(), "tracebacklimit")?;
    let value = crate::bigint::to_ibig(limit)?;
    Some(i64::try_from(&value).unwrap_or(if value > dashu_int::IBig::ZERO { i64::MAX } else { 0 }))
}

/// Whether a report shows the traceback part of an exception with traceback `tb`: it has one,
/// and `sys.tracebacklimit` is not zero or negative.
fn shows_traceback(tb: GcRef) -> bool {
    !tb.is_null() && traceback_limit().is_none_or(|limit| limit > 0)
}

/// The traceback part of a report without chained exceptions (CPython's `PyTraceBack_Print`):
/// the header and the entries of `tb`; empty for a null `tb`.
pub fn format_tb(tb: GcRef) -> String {
    let mut out = String::new();
    if shows_traceback(tb) {
        out.push_str("Traceback (most recent call last):\n");
        format_traceback(&mut out, tb);
    }
    out
}

/// The name of exception type `ty` in a report: `module.QualName`, without the module for
/// `builtins` and `__main__`.
pub fn type_display_name(ty: GcRef) -> String {
    let space = Space::get();
    let qualname = unicode::to_string_lossy(gc::get_ref(ty, &W_Type::QUALNAME));
    let module = dict::get_str(gc::get_ref(ty, &W_Type::DICT), space.intern("__module__"))
        .filter(|m| m.layout() == unicode::W_Str::layout())
        .map(unicode::to_string_lossy);
    match module.as_deref() {
        Some("builtins" | "__main__") | None => qualname,
        Some(m) => format!("{m}.{qualname}"),
    }
}

/// The last line of a report: `module.TypeName: message`.
pub fn exception_line(exc: GcRef) -> String {
    let name = type_display_name(Space::get().type_of(exc));
    let message = match crate::objspace::str_obj(exc) {
        Ok(s) => unicode::to_string_lossy(s),
        Err(_) => return format!("{name}: <exception str() failed>"),
    };
    if message.is_empty() {
        name
    } else {
        format!("{name}: {message}")
    }
}

/// CPython's report of an uncaught exception, with its causes, contexts, notes and the
/// sub-exceptions of exception groups (in nested boxes, as 3.11's `print_exception_group`).
pub fn format_exception(exc: GcRef) -> String {
    let mut printer = Printer { out: String::new(), depth: 0, need_close: false, seen: Vec::new() };
    printer.recursive(exc);
    printer.out
}

/// The most sub-exceptions of a group a report shows.
const MAX_GROUP_WIDTH: usize = 15;
/// The deepest nesting of groups a report shows.
const MAX_GROUP_DEPTH: usize = 10;

/// The state of a report being written (CPython's `exception_print_context`).
struct Printer {
    out: String,
    /// The nesting of exception groups: each level indents by two and draws a margin.
    depth: usize,
    /// Whether the current group's box must be closed after the current sub-exception.
    need_close: bool,
    /// The exceptions already reported (a chain may loop).
    seen: Vec<GcRef>,
}

impl Printer {
    fn indent(&self) -> String {
        " ".repeat(2 * self.depth)
    }

    fn margin(&self) -> String {
        if self.depth > 0 {
            format!("{}| ", self.indent())
        } else {
            String::new()
        }
    }

    /// Write `text` with the margin in front of each of its lines.
    fn write_lines(&mut self, text: &str) {
        let margin = self.margin();
        if text.is_empty() {
            self.out.push_str(&margin);
            self.out.push('\n');
        }
        for line in text.lines() {
            self.out.push_str(&margin);
            self.out.push_str(line);
            self.out.push('\n');
        }
    }

    fn recursive(&mut self, exc: GcRef) {
        self.seen.push(exc);
        if exc.layout() == W_Exception::layout() {
            let cause = gc::get_ref(exc, &W_Exception::CAUSE);
            let context = gc::get_ref(exc, &W_Exception::CONTEXT);
            let suppress = gc::get_i64(exc, &W_Exception::SUPPRESS_CONTEXT) != 0;
            if !cause.is_null() && !self.seen.contains(&cause) {
                self.chained(cause, "The above exception was the direct cause of the following exception:");
            } else if !context.is_null() && !suppress && !self.seen.contains(&context) {
                self.chained(context, "During handling of the above exception, another exception occurred:");
            }
        }
        if crate::exceptions::is_group(Space::get(), exc) {
            self.group(exc);
        } else {
            self.single(exc);
        }
    }

    fn chained(&mut self, exc: GcRef, message: &str) {
        let need_close = self.need_close;
        self.recursive(exc);
        self.need_close = need_close;
        let margin = self.margin();
        self.out.push_str(&format!("{margin}\n{margin}{message}\n{margin}\n"));
    }

    /// One exception: its traceback, its line and its notes.
    fn single(&mut self, exc: GcRef) {
        let group = crate::exceptions::is_group(Space::get(), exc);
        if exc.layout() == W_Exception::layout() {
            let tb = gc::get_ref(exc, &W_Exception::TRACEBACK);
            if shows_traceback(tb) {
                let header = if group {
                    "Exception Group Traceback (most recent call last):"
                } else {
                    "Traceback (most recent call last):"
                };
                let header_margin =
                    if group && self.depth == 1 { format!("{}+ ", self.indent()) } else { self.margin() };
                self.out.push_str(&format!("{header_margin}{header}\n"));
                let mut entries = String::new();
                format_traceback(&mut entries, tb);
                self.write_lines(&entries);
            }
        }
        let line = match syntax_error_location(exc) {
            Some((location, message)) => {
                self.write_lines(&location);
                let text = crate::objspace::str_obj(message).map(|s| unicode::to_string_lossy(s));
                let name = type_display_name(Space::get().type_of(exc));
                match text.as_deref() {
                    Ok("") => name,
                    Ok(text) => format!("{name}: {text}"),
                    Err(_) => format!("{name}: <exception str() failed>"),
                }
            }
            None => exception_line(exc),
        };
        let line = match crate::suggestions::offer(exc).and_then(|s| crate::repr::repr(s).ok()) {
            Some(suggestion) => format!("{line}. Did you mean: {suggestion}?"),
            None => line,
        };
        let margin = self.margin();
        self.out.push_str(&format!("{margin}{line}\n"));
        for note in notes(exc) {
            self.write_lines(&note);
        }
    }

    /// An exception group: itself, then each sub-exception in a box.
    fn group(&mut self, exc: GcRef) {
        if self.depth > MAX_GROUP_DEPTH {
            let margin = self.margin();
            self.out.push_str(&format!("{margin}... (max_group_depth is {MAX_GROUP_DEPTH})\n"));
            return;
        }
        let top = self.depth == 0;
        if top {
            self.depth = 1;
        }
        self.single(exc);
        let excs = crate::exceptions::group_exceptions(exc);
        let shown = if excs.len() <= MAX_GROUP_WIDTH { excs.len() } else { MAX_GROUP_WIDTH + 1 };
        self.need_close = false;
        for i in 0..shown {
            if i == shown - 1 {
                self.need_close = true;
            }
            let lead = if i == 0 { "+-" } else { "  " };
            let label = if i < MAX_GROUP_WIDTH { (i + 1).to_string() } else { "...".to_owned() };
            let indent = self.indent();
            self.out.push_str(&format!("{indent}{lead}+---------------- {label} ----------------\n"));
            self.depth += 1;
            if i < MAX_GROUP_WIDTH {
                self.recursive(excs[i]);
            } else {
                let remaining = excs.len() - MAX_GROUP_WIDTH;
                let margin = self.margin();
                let s = if remaining > 1 { "s" } else { "" };
                self.out.push_str(&format!("{margin}and {remaining} more exception{s}\n"));
            }
            if self.need_close {
                let indent = self.indent();
                self.out.push_str(&format!("{indent}+------------------------------------\n"));
                self.need_close = false;
            }
            self.depth -= 1;
        }
        if top {
            self.depth = 0;
        }
    }
}

/// For an exception with a `print_file_and_line` attribute (a `SyntaxError`) whose attributes
/// parse as CPython's `parse_syntax_error` wants them: the lines a report shows before the
/// exception's line (file and line number, then the source text with carets under the error, as
/// CPython's `print_error_text`), and the `msg` that replaces the exception in that line.
fn syntax_error_location(exc: GcRef) -> Option<(String, GcRef)> {
    let space = Space::get();
    let attr = |name: &str| crate::objspace::getattr(exc, space.intern(name)).ok();
    attr("print_file_and_line")?;
    let message = attr("msg")?;
    let filename = attr("filename")?;
    let filename = if filename == space.none {
        "<string>".to_owned()
    } else {
        unicode::to_string_lossy(crate::objspace::str_obj(filename).ok()?)
    };
    let int_or = |value: GcRef, default: i64| {
        if value == space.none {
            Some(default)
        } else {
            crate::objspace::int_value(value)
        }
    };
    let lineno = crate::objspace::int_value(attr("lineno")?)?;
    let offset = int_or(attr("offset")?, -1)?;
    let (end_lineno, end_offset) = if space.type_of(exc) == space.exception_type(ExcKind::SyntaxError) {
        (
            int_or(attr("end_lineno").unwrap_or(space.none), lineno)?,
            int_or(attr("end_offset").unwrap_or(space.none), -1)?,
        )
    } else {
        (lineno, -1)
    };
    let text = attr("text")?;
    let mut out = format!("  File \"{filename}\", line {lineno}\n");
    if text != space.none && text.layout() == unicode::W_Str::layout() {
        let text = unicode::to_string_lossy(text);
        let size = text.len() as i64;
        let mut end_offset = if end_lineno > lineno { size } else { end_offset };
        if end_offset > size + 1 {
            end_offset = size + 1;
        }
        error_text(&mut out, offset, end_offset, &text);
    }
    Some((out, message))
}

/// The source line of a syntax error and its carets (CPython's `print_error_text`, which counts
/// in UTF-8 bytes): `offset` and `end_offset` are 1-based, -1 when unknown.
fn error_text(out: &mut String, offset: i64, end_offset: i64, text: &str) {
    let carets = if end_offset > 0 && end_offset > offset { (end_offset - offset) as usize } else { 1 };
    let mut offset = offset - 1;
    let mut text = text.as_bytes();
    while let [b' ' | b'\t' | b'\x0c', rest @ ..] = text {
        text = rest;
        offset -= 1;
    }
    let mut len = text.len() as i64;
    if text.last() == Some(&b'\n') {
        len -= 1;
    }
    offset = offset.min(len);
    while let Some(newline) = text.iter().position(|&b| b == b'\n') {
        if newline as i64 >= offset {
            break;
        }
        text = &text[newline + 1..];
        len -= newline as i64 + 1;
        offset -= newline as i64 + 1;
    }
    out.push_str("    ");
    out.push_str(&String::from_utf8_lossy(text));
    if text.get(len.max(0) as usize) != Some(&b'\n') {
        out.push('\n');
    }
    if offset < 0 {
        return;
    }
    out.push_str("    ");
    out.push_str(&" ".repeat(offset as usize));
    out.push_str(&"^".repeat(carets));
    out.push('\n');
}

/// The notes of an exception (`__notes__`), as a report prints them.
fn notes(exc: GcRef) -> Vec<String> {
    let space = Space::get();
    if exc.layout() != W_Exception::layout() {
        return Vec::new();
    }
    let Some(notes) = crate::mapdict::get_attr(exc, space.intern("__notes__")) else {
        return Vec::new();
    };
    let Ok(items) = crate::objspace::to_vec(notes) else {
        return vec![crate::objspace::repr(notes).unwrap_or_else(|_| "<__notes__ repr() failed>".to_owned())];
    };
    items
        .iter()
        .map(|&n| {
            if n.layout() == unicode::W_Str::layout() {
                unicode::to_string_lossy(n)
            } else {
                crate::objspace::str_obj(n)
                    .map(unicode::to_string_lossy)
                    .unwrap_or_else(|_| "<note str() failed>".to_owned())
            }
        })
        .collect()
}

/// Whether `exc` is an instance of the builtin exception `kind`.
pub fn is_instance_of(exc: GcRef, kind: crate::exceptions::ExcKind) -> bool {
    let space = Space::get();
    typeobject::is_subtype(space.type_of(exc), space.exception_type(kind))
}

//! `_ripysre`: the matching primitives under ripy's `_sre` module (`_sre.py`, embedded), on the
//! `rustpython-sre_engine` crate, which runs the code lists that CPython 3.11's `re._compiler`
//! produces.
//!
//! A compiled pattern's code is kept by `_sre.py` as a bytes object (`pack`: one little-endian
//! 32-bit word per code). A match is returned as a tuple `(lastindex, start0, end0, start1,
//! end1, ...)` of code-point (or byte) positions, -1 for a group that did not take part; the
//! Python side builds `re.Match` objects from it. Subjects are `str` (matched by code point) or
//! bytes-like objects (matched by byte).
//!
//! The code words of the last few patterns and the text of the last few str subjects are kept
//! (see [`Derived`]), so that the usual loop (many searches with one pattern, or many patterns
//! over one text) converts each once.

use super::exact_args;
use crate::builtins::BuiltinDef;
use crate::exceptions::ExcKind;
use crate::function::Args;
use crate::space::{PyResult, Space};
use crate::tuple::W_Tuple;
use crate::unicode::{self, W_Str};
use metatrace_gc::{GcObject, GcRef};
use rustpython_sre_engine::{Request, State, StrDrive};
use rustpython_wtf8::{CodePoint, Wtf8, Wtf8Buf};
use std::cell::RefCell;
use std::rc::Rc;

/// The module.
pub const MODULE: super::BuiltinModule = super::BuiltinModule { name: "_ripysre", init };

/// `_sre`, written in Python (`_sre.py`) over this module.
pub const SRE: super::BuiltinModule = super::BuiltinModule { name: "_sre", init: init_sre };

fn init_sre(space: &'static Space, m: GcRef) -> PyResult<()> {
    super::exec_source(space, m, "<frozen _sre>", include_str!("_sre.py"))
}

const fn def(name: &'static str, func: crate::builtins::NativeFn) -> BuiltinDef {
    super::native("_ripysre", name, func)
}

/// The functions of `_ripysre`.
pub static DEFS: &[BuiltinDef] =
    &[def("pack", pack), def("run", run), def("scan", scan), def("lower", lower), def("upper", upper)];

fn init(space: &'static Space, m: GcRef) -> PyResult<()> {
    super::add_functions(space, super::namespace(m), "_ripysre");
    Ok(())
}

/// An int argument that fits in an `i64`, or `TypeError`.
fn int_arg(space: &Space, v: GcRef) -> PyResult<i64> {
    crate::objspace::int_value(v).ok_or_else(|| {
        let message = format!("'{}' object cannot be interpreted as an integer", space.type_name(v));
        space.new_exception(ExcKind::TypeError, &message)
    })
}

/// `pack(code, groups)`: the list of ints `code` as bytes, one little-endian 32-bit word per
/// item; `OverflowError` for an item out of range and `RuntimeError` for code that is not well
/// formed (see [`validate`]), as CPython's `_sre.compile`.
fn pack(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [code, groups] = exact_args::<2>(space, "pack", args)?;
    let groups = u32::try_from(int_arg(space, groups)?).unwrap_or(u32::MAX);
    let n = crate::objspace::len(code)?;
    let mut words = Vec::with_capacity(n);
    for i in 0..n {
        let item = crate::objspace::getitem(code, crate::int::heap_int(i as i64))?;
        let value = int_arg(space, item)?;
        words.push(
            u32::try_from(value).map_err(|_| {
                space.new_exception(ExcKind::OverflowError, "regular expression code size limit exceeded")
            })?,
        );
    }
    if !validate(&words, groups) {
        return Err(space.new_exception(ExcKind::RuntimeError, "invalid SRE code"));
    }
    let out: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    Ok(crate::bytes::new_bytes(&out))
}

/// Opcodes (CPython 3.11's `re._constants.OPCODES`) that [`validate`] tells apart.
mod op {
    pub const FAILURE: u32 = 0;
    pub const SUCCESS: u32 = 1;
    pub const ANY: u32 = 2;
    pub const ANY_ALL: u32 = 3;
    pub const ASSERT: u32 = 4;
    pub const ASSERT_NOT: u32 = 5;
    pub const AT: u32 = 6;
    pub const BRANCH: u32 = 7;
    pub const CATEGORY: u32 = 8;
    pub const CHARSET: u32 = 9;
    pub const BIGCHARSET: u32 = 10;
    pub const GROUPREF: u32 = 11;
    pub const GROUPREF_EXISTS: u32 = 12;
    pub const IN: u32 = 13;
    pub const INFO: u32 = 14;
    pub const JUMP: u32 = 15;
    pub const LITERAL: u32 = 16;
    pub const MARK: u32 = 17;
    pub const MAX_UNTIL: u32 = 18;
    pub const MIN_UNTIL: u32 = 19;
    pub const NOT_LITERAL: u32 = 20;
    pub const NEGATE: u32 = 21;
    pub const RANGE: u32 = 22;
    pub const REPEAT: u32 = 23;
    pub const REPEAT_ONE: u32 = 24;
    pub const MIN_REPEAT_ONE: u32 = 26;
    pub const ATOMIC_GROUP: u32 = 27;
    pub const POSSESSIVE_REPEAT: u32 = 28;
    pub const POSSESSIVE_REPEAT_ONE: u32 = 29;
    pub const GROUPREF_IGNORE: u32 = 30;
    pub const IN_IGNORE: u32 = 31;
    pub const LITERAL_IGNORE: u32 = 32;
    pub const NOT_LITERAL_IGNORE: u32 = 33;
    pub const GROUPREF_LOC_IGNORE: u32 = 34;
    pub const IN_LOC_IGNORE: u32 = 35;
    pub const LITERAL_LOC_IGNORE: u32 = 36;
    pub const NOT_LITERAL_LOC_IGNORE: u32 = 37;
    pub const GROUPREF_UNI_IGNORE: u32 = 38;
    pub const IN_UNI_IGNORE: u32 = 39;
    pub const LITERAL_UNI_IGNORE: u32 = 40;
    pub const NOT_LITERAL_UNI_IGNORE: u32 = 41;
    pub const RANGE_UNI_IGNORE: u32 = 42;
}

/// Whether `code` is well formed for a pattern with `groups` groups, so that the engine never
/// reads outside it nor meets an unknown opcode (a structural form of CPython's `_validate`):
/// every opcode known, every argument present, every skip inside its region, group numbers in
/// range, repeat bodies followed by their `*_UNTIL`, the whole ending in `SUCCESS`.
fn validate(code: &[u32], groups: u32) -> bool {
    code.last() == Some(&op::SUCCESS) && validate_block(code, 0, code.len(), groups)
}

/// The end of the region that the skip at `at` covers (`at + skip`), when inside `end`.
fn skip_end(code: &[u32], at: usize, end: usize) -> Option<usize> {
    let skip = *code.get(at)? as usize;
    (skip > 0 && at + skip <= end).then_some(at + skip)
}

/// The operations from `i` up to `end`.
fn validate_block(code: &[u32], mut i: usize, end: usize, groups: u32) -> bool {
    use op::*;
    let arg = |at: usize| if at < end { code.get(at).copied() } else { None };
    let body = |at: usize, min: usize, from: usize| {
        skip_end(code, at, end).filter(|&e| e >= min && validate_block(code, from, e, groups))
    };
    while i < end {
        let next = match code[i] {
            FAILURE | SUCCESS | ANY | ANY_ALL => Some(i + 1),
            AT => arg(i + 1).filter(|&a| a <= 11).map(|_| i + 2),
            CATEGORY => arg(i + 1).filter(|&a| a <= 17).map(|_| i + 2),
            LITERAL
            | NOT_LITERAL
            | LITERAL_IGNORE
            | NOT_LITERAL_IGNORE
            | LITERAL_LOC_IGNORE
            | NOT_LITERAL_LOC_IGNORE
            | LITERAL_UNI_IGNORE
            | NOT_LITERAL_UNI_IGNORE => arg(i + 1).map(|_| i + 2),
            JUMP => skip_end(code, i + 1, end).map(|_| i + 2),
            MARK => arg(i + 1).filter(|&a| a < 2 * groups.saturating_add(1)).map(|_| i + 2),
            GROUPREF | GROUPREF_IGNORE | GROUPREF_LOC_IGNORE | GROUPREF_UNI_IGNORE => {
                arg(i + 1).filter(|&g| g < groups).map(|_| i + 2)
            }
            GROUPREF_EXISTS => {
                arg(i + 1).filter(|&g| g < groups).and_then(|_| skip_end(code, i + 2, end)).map(|_| i + 3)
            }
            IN | IN_IGNORE | IN_LOC_IGNORE | IN_UNI_IGNORE => {
                skip_end(code, i + 1, end).filter(|&e| validate_charset(code, i + 2, e))
            }
            INFO => skip_end(code, i + 1, end).filter(|&e| validate_info(code, i, e)),
            BRANCH => validate_branch(code, i + 1, end, groups),
            REPEAT_ONE | MIN_REPEAT_ONE | POSSESSIVE_REPEAT_ONE => {
                body(i + 1, i + 4, i + 4).filter(|_| code[i + 2] <= code[i + 3])
            }
            REPEAT | POSSESSIVE_REPEAT => {
                body(i + 1, i + 4, i + 4).filter(|_| code[i + 2] <= code[i + 3]).and_then(|e| {
                    let until = arg(e)?;
                    let ok =
                        if code[i] == REPEAT { until == MAX_UNTIL || until == MIN_UNTIL } else { until == SUCCESS };
                    ok.then_some(e + 1)
                })
            }
            ASSERT | ASSERT_NOT => body(i + 1, i + 3, i + 3),
            ATOMIC_GROUP => body(i + 1, i + 2, i + 2),
            _ => None,
        };
        match next {
            Some(n) if n > i => i = n,
            _ => return false,
        }
    }
    true
}

/// A `BRANCH`'s alternatives from the skip at `at`: each a region ending in a `JUMP` past the
/// branch, the list ending with a zero skip. The position after the branch, when well formed.
fn validate_branch(code: &[u32], mut at: usize, end: usize, groups: u32) -> Option<usize> {
    loop {
        if *code.get(at)? == 0 {
            return Some(at + 1);
        }
        let e = skip_end(code, at, end)?;
        let jump_ok = e >= at + 3 && code[e - 2] == op::JUMP && skip_end(code, e - 1, end).is_some();
        if !jump_ok || !validate_block(code, at + 1, e - 2, groups) {
            return None;
        }
        at = e;
    }
}

/// An `INFO` block `[INFO, skip, flags, min, max, ...]` ending before `end`: a literal prefix
/// (length, skip, characters, overlap table) or a charset.
fn validate_info(code: &[u32], at: usize, end: usize) -> bool {
    if at + 5 > end {
        return false;
    }
    let flags = code[at + 2];
    if flags & 1 != 0 {
        let (Some(&len), Some(&skip)) = (code.get(at + 5), code.get(at + 6)) else { return false };
        at + 7 + 2 * len as usize <= end && skip <= len
    } else if flags & 4 != 0 {
        validate_charset(code, at + 5, end)
    } else {
        true
    }
}

/// A character set from `i` up to `end`, ending with `FAILURE`.
fn validate_charset(code: &[u32], mut i: usize, end: usize) -> bool {
    use op::*;
    while i < end {
        let width = match code[i] {
            FAILURE => return i + 1 == end,
            NEGATE => 1,
            LITERAL => 2,
            CATEGORY if code.get(i + 1).is_some_and(|&c| c <= 17) => 2,
            RANGE | RANGE_UNI_IGNORE if matches!((code.get(i + 1), code.get(i + 2)), (Some(lo), Some(hi)) if lo <= hi) => {
                3
            }
            CHARSET => 1 + 256 / 32,
            BIGCHARSET => {
                // The count of 256-bit blocks, 256 block numbers (one byte each), the blocks.
                let Some(&blocks) = code.get(i + 1) else { return false };
                let Some(numbers) = code.get(i + 2..i + 2 + 256 / 4) else { return false };
                if numbers.iter().flat_map(|w| w.to_le_bytes()).any(|b| u32::from(b) >= blocks) {
                    return false;
                }
                2 + 256 / 4 + blocks as usize * (256 / 32)
            }
            _ => return false,
        };
        i += width;
    }
    false
}

/// Values derived from immutable objects (a pattern's code words, a str subject's text), the
/// most recently used first. A cached object is rooted, so that its address names it (no other
/// object can get that address) until it leaves the cache.
struct Derived<T> {
    entries: Vec<(GcRef, metatrace_gc::Root, Rc<T>)>,
}

impl<T> Derived<T> {
    /// How many values are kept.
    const CAPACITY: usize = 8;

    const fn new() -> Derived<T> {
        Derived { entries: Vec::new() }
    }

    /// The value derived from `obj`, if cached (it becomes the most recent).
    fn lookup(&mut self, obj: GcRef) -> Option<Rc<T>> {
        let k = self.entries.iter().position(|(cached, _, _)| *cached == obj)?;
        let entry = self.entries.remove(k);
        let value = Rc::clone(&entry.2);
        self.entries.insert(0, entry);
        Some(value)
    }

    /// Cache `value`, derived from `obj`, as the most recent (dropping the least recent).
    fn insert(&mut self, obj: GcRef, value: &Rc<T>) {
        self.entries.truncate(Self::CAPACITY - 1);
        self.entries.insert(0, (obj, metatrace_gc::Root::new(obj), Rc::clone(value)));
    }
}

thread_local! {
    static CODES: RefCell<Derived<Vec<u32>>> = const { RefCell::new(Derived::new()) };
    static SUBJECTS: RefCell<Derived<Subject>> = const { RefCell::new(Derived::new()) };
}

/// `make(obj)` through `cache` when `obj` is immutable (`cacheable`), else computed afresh.
fn derived<T>(
    cache: &'static std::thread::LocalKey<RefCell<Derived<T>>>,
    obj: GcRef,
    cacheable: bool,
    make: impl FnOnce() -> PyResult<T>,
) -> PyResult<Rc<T>> {
    if !cacheable {
        return make().map(Rc::new);
    }
    if let Some(value) = cache.with(|c| c.borrow_mut().lookup(obj)) {
        return Ok(value);
    }
    let value = Rc::new(make()?);
    cache.with(|c| c.borrow_mut().insert(obj, &value));
    Ok(value)
}

/// The code words packed in bytes object `code`.
fn unpack(space: &Space, code: GcRef) -> PyResult<Vec<u32>> {
    let data = crate::buffer::buffer_data(code)?
        .ok_or_else(|| space.new_exception(ExcKind::TypeError, "pattern code must be bytes"))?;
    Ok(data.chunks_exact(4).map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]])).collect())
}

/// A subject's text in the form the engine drives over.
enum Subject {
    /// Bytes, or a str whose code points are all ASCII (byte `i` is code point `i`).
    Bytes(Vec<u8>),
    /// A str with code points beyond ASCII.
    Text(Wtf8Buf),
}

/// The subject `v`: a str or a bytes-like object.
fn subject(space: &Space, v: GcRef) -> PyResult<Subject> {
    if v.layout() == W_Str::layout() {
        let bytes = unicode::wtf8(v);
        if unicode::is_ascii(v) {
            return Ok(Subject::Bytes(bytes));
        }
        if let Some(text) = Wtf8::from_bytes(&bytes) {
            return Ok(Subject::Text(text.to_wtf8_buf()));
        }
        // A lead surrogate followed by a trail one: keep them two code points.
        let mut text = Wtf8Buf::new();
        for cp in unicode::decode(&bytes) {
            let cp = CodePoint::from_u32(cp).unwrap_or_else(|| CodePoint::from_char('\u{fffd}'));
            text.push(cp);
        }
        return Ok(Subject::Text(text));
    }
    crate::buffer::buffer_data(v)?.map(Subject::Bytes).ok_or_else(|| {
        let message = format!("expected string or bytes-like object, got '{}'", space.type_name(v));
        space.new_exception(ExcKind::TypeError, &message)
    })
}

/// What one run of the engine looks for.
#[derive(Clone, Copy)]
enum Mode {
    /// A match starting at `pos`.
    Match,
    /// A match of the whole of `pos..endpos`.
    FullMatch,
    /// The first match at or after `pos`.
    Search,
}

/// One match: `lastindex` and the start and end of each of `groups + 1` groups (-1: unset).
struct Found {
    lastindex: isize,
    marks: Vec<i64>,
}

/// The positions of a finished match in `state`.
fn found(state: &State, groups: usize) -> Found {
    let mut marks = Vec::with_capacity(2 * (groups + 1));
    marks.push(state.start as i64);
    marks.push(state.cursor.position as i64);
    for g in 0..groups {
        let (start, end) = state.marks.get(g);
        match (start.into_option(), end.into_option()) {
            (Some(s), Some(e)) if s <= e => {
                marks.push(s as i64);
                marks.push(e as i64);
            }
            _ => marks.extend([-1, -1]),
        }
    }
    Found { lastindex: state.marks.last_index(), marks }
}

/// Clamp `pos` and `endpos` as CPython does: negative counts from nothing, past the end is the end.
fn window(pos: i64, endpos: i64, len: usize) -> (usize, usize) {
    let clamp = |v: i64| usize::try_from(v.max(0)).unwrap_or(0).min(len);
    (clamp(pos), clamp(endpos))
}

/// Run the engine once over `string` (one of the drive types).
fn run_once<S: StrDrive>(
    string: S,
    code: &[u32],
    (pos, endpos): (usize, usize),
    mode: Mode,
    must_advance: bool,
    groups: usize,
) -> Option<Found> {
    let mut req = Request::new(string, pos, endpos, code, matches!(mode, Mode::FullMatch));
    req.must_advance = must_advance;
    let mut state = State::default();
    let matched = match mode {
        Mode::Match | Mode::FullMatch => state.py_match(&req),
        Mode::Search => state.search(req),
    };
    matched.then(|| found(&state, groups))
}

/// Every successive match of a search over `string`, as `finditer` finds them: after an empty
/// match the next one must advance (the first one too when `must_advance`); at most `limit` of
/// them (0: no limit).
fn scan_all<S: StrDrive>(
    string: S,
    code: &[u32],
    (pos, endpos): (usize, usize),
    groups: usize,
    limit: usize,
    mut must_advance: bool,
) -> Vec<Found> {
    let mut out = Vec::new();
    let mut start = pos;
    while start <= endpos && (limit == 0 || out.len() < limit) {
        let Some(m) = run_once(string, code, (start, endpos), Mode::Search, must_advance, groups) else {
            break;
        };
        let (s, e) = (m.marks[0] as usize, m.marks[1] as usize);
        must_advance = s == e;
        start = e;
        out.push(m);
    }
    out
}

/// A match as the tuple `(lastindex, start0, end0, ...)`.
fn match_tuple(m: &Found) -> GcRef {
    let keep = metatrace_gc::RootSet::new();
    let mut items = Vec::with_capacity(m.marks.len() + 1);
    items.push(keep.add(crate::int::heap_int(m.lastindex as i64)));
    for &v in &m.marks {
        items.push(keep.add(crate::int::heap_int(v)));
    }
    W_Tuple::from_slice(&items)
}

/// The arguments common to `run` and `scan`: code, subject, window, group count.
struct Job {
    code: Rc<Vec<u32>>,
    subject: Rc<Subject>,
    pos: i64,
    endpos: i64,
    groups: usize,
}

impl Job {
    fn new(space: &Space, code: GcRef, string: GcRef, pos: GcRef, endpos: GcRef, groups: GcRef) -> PyResult<Job> {
        Ok(Job {
            code: derived(&CODES, code, code.layout() == crate::bytes::W_Bytes::layout(), || unpack(space, code))?,
            subject: derived(&SUBJECTS, string, string.layout() == W_Str::layout(), || subject(space, string))?,
            pos: int_arg(space, pos)?,
            endpos: int_arg(space, endpos)?,
            groups: usize::try_from(int_arg(space, groups)?).unwrap_or(0),
        })
    }

    /// Run `f` with the subject as an engine drive and the clamped window.
    fn drive<T>(
        &self,
        f: impl FnOnce(&dyn Fn(Mode, bool) -> Option<Found>, &dyn Fn(usize, bool) -> Vec<Found>) -> T,
    ) -> T {
        match &*self.subject {
            Subject::Bytes(b) => {
                let s: &[u8] = b;
                let w = window(self.pos, self.endpos, b.len());
                f(&|mode, adv| run_once(s, &self.code, w, mode, adv, self.groups), &|limit, adv| {
                    scan_all(s, &self.code, w, self.groups, limit, adv)
                })
            }
            Subject::Text(t) => {
                let s: &Wtf8 = t;
                let w = window(self.pos, self.endpos, s.count());
                f(&|mode, adv| run_once(s, &self.code, w, mode, adv, self.groups), &|limit, adv| {
                    scan_all(s, &self.code, w, self.groups, limit, adv)
                })
            }
        }
    }
}

/// `run(code, string, pos, endpos, groups, mode, must_advance)`: one match (`mode` 0: match,
/// 1: fullmatch, 2: search) as a tuple, or None.
fn run(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [code, string, pos, endpos, groups, mode, must_advance] = exact_args::<7>(space, "run", args)?;
    let job = Job::new(space, code, string, pos, endpos, groups)?;
    let mode = match int_arg(space, mode)? {
        0 => Mode::Match,
        1 => Mode::FullMatch,
        _ => Mode::Search,
    };
    let must_advance = crate::objspace::truthy(must_advance)?;
    Ok(job.drive(|once, _| once(mode, must_advance)).map_or(space.none, |m| match_tuple(&m)))
}

/// `scan(code, string, pos, endpos, groups, limit, must_advance)`: the list of successive search
/// matches (as tuples), at most `limit` of them (0: all).
fn scan(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [code, string, pos, endpos, groups, limit, must_advance] = exact_args::<7>(space, "scan", args)?;
    let job = Job::new(space, code, string, pos, endpos, groups)?;
    let limit = usize::try_from(int_arg(space, limit)?).unwrap_or(0);
    let must_advance = crate::objspace::truthy(must_advance)?;
    let found = job.drive(|_, all| all(limit, must_advance));
    let keep = metatrace_gc::RootSet::new();
    let items: Vec<GcRef> = found.iter().map(|m| keep.add(match_tuple(m))).collect();
    Ok(crate::list::new_list(&items))
}

/// The code point argument of the case functions.
fn char_arg(space: &Space, args: &Args, name: &str) -> PyResult<(u32, bool)> {
    let [ch, unicode] = exact_args::<2>(space, name, args)?;
    let ch = int_arg(space, ch)?;
    let ch = u32::try_from(ch).map_err(|_| space.new_exception(ExcKind::OverflowError, "character out of range"))?;
    Ok((ch, crate::objspace::truthy(unicode)?))
}

/// `lower(ch, unicode)`: the engine's lower case of code point `ch` (ASCII or Unicode rules).
fn lower(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (ch, unicode) = char_arg(space, args, "lower")?;
    let low = if unicode {
        rustpython_sre_engine::string::lower_unicode(ch)
    } else {
        rustpython_sre_engine::string::lower_ascii(ch)
    };
    Ok(crate::int::heap_int(i64::from(low)))
}

/// `upper(ch, unicode)`: the upper case of code point `ch` (ASCII or Unicode rules).
fn upper(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (ch, unicode) = char_arg(space, args, "upper")?;
    let up = if unicode {
        rustpython_sre_engine::string::upper_unicode(ch)
    } else {
        u8::try_from(ch).map_or(ch, |b| u32::from(b.to_ascii_uppercase()))
    };
    Ok(crate::int::heap_int(i64::from(up)))
}

//! `_ripysre`: the matching primitives under ripy's `_sre` module (`_sre.py`, embedded), on the
//! `rustpython-sre_engine` crate, which runs the code lists that CPython 3.11's `re._compiler`
//! produces.
//!
//! A compiled pattern's code is kept by `_sre.py` as a bytes object (`pack`: one little-endian
//! 32-bit word per code). A match's marks are the tuple `(lastindex, start0, end0, start1,
//! end1, ...)` of code-point (or byte) positions, -1 for a group that did not take part.
//! `Pattern.match`/`fullmatch`/`search` (`exec`), `findall`, `split` and `subn` with a literal
//! replacement are whole here: arguments checked and converted with CPython's errors, results
//! built (a `re.Match` gets its `__slots__` set in its instance map, see `setup`). The scanner
//! and the other replacements get the marks of matches (`run`, `scan`) and work in Python.
//! Subjects are `str` (matched by code point) or objects with a buffer (matched by byte).
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
pub static DEFS: &[BuiltinDef] = &[
    def("pack", pack),
    def("setup", setup),
    def("exec", exec),
    def("subn", subn),
    def("findall", findall),
    def("split", split),
    def("run", run),
    def("scan", scan),
    def("lower", lower),
    def("upper", upper),
];

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
    /// A str with code points beyond ASCII, and its length in code points.
    Text(Wtf8Buf, usize),
}

impl Subject {
    /// The length in code points (or bytes).
    fn len(&self) -> usize {
        match self {
            Subject::Bytes(b) => b.len(),
            Subject::Text(_, n) => *n,
        }
    }
}

/// The subject `v`: a str or a bytes-like object.
fn subject(space: &Space, v: GcRef) -> PyResult<Subject> {
    if v.layout() == W_Str::layout() {
        let bytes = unicode::wtf8(v);
        if unicode::is_ascii(v) {
            return Ok(Subject::Bytes(bytes));
        }
        let len = unicode::char_len(v);
        if let Some(text) = Wtf8::from_bytes(&bytes) {
            return Ok(Subject::Text(text.to_wtf8_buf(), len));
        }
        // A lead surrogate followed by a trail one: keep them two code points.
        let mut text = Wtf8Buf::new();
        for cp in unicode::decode(&bytes) {
            let cp = CodePoint::from_u32(cp).unwrap_or_else(|| CodePoint::from_char('\u{fffd}'));
            text.push(cp);
        }
        return Ok(Subject::Text(text, len));
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
    let req = Request {
        string,
        start: pos.min(endpos),
        end: endpos,
        pattern_codes: code,
        match_all: matches!(mode, Mode::FullMatch),
        must_advance,
    };
    let mut state = State::default();
    let matched = match mode {
        Mode::Match | Mode::FullMatch => state.py_match(&req),
        Mode::Search => state.search(req),
    };
    matched.then(|| found(&state, groups))
}

/// Every successive match of a search over `string`, as `finditer` finds them: after an empty
/// match the next one must advance (the first one too when `must_advance`); at most `limit` of
/// them (0: no limit). One engine state serves every search.
fn scan_all<S: StrDrive>(
    string: S,
    code: &[u32],
    (pos, endpos): (usize, usize),
    groups: usize,
    limit: usize,
    must_advance: bool,
) -> Vec<Found> {
    let mut req =
        Request { string, start: pos.min(endpos), end: endpos, pattern_codes: code, match_all: false, must_advance };
    let mut state = State::default();
    let mut out = Vec::new();
    while req.start <= req.end && (limit == 0 || out.len() < limit) {
        state.reset(&req, req.start);
        if !state.search(req) {
            break;
        }
        out.push(found(&state, groups));
        req.must_advance = state.cursor.position == state.start;
        req.start = state.cursor.position;
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
            Subject::Text(t, n) => {
                let s: &Wtf8 = t;
                let w = window(self.pos, self.endpos, *n);
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

thread_local! {
    /// What `setup` registered: the `re.Match` class and `_sre.py`'s `_ssize`.
    static CLASSES: RefCell<Option<[metatrace_gc::Root; 2]>> = const { RefCell::new(None) };
}

/// `setup(match_class, ssize)`: register the class of match objects and the function that
/// converts a `pos`/`endpos` that is not a small int (CPython's `Py_ssize_t` conversion).
fn setup(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [match_class, ssize] = exact_args::<2>(space, "setup", args)?;
    CLASSES.with(|c| *c.borrow_mut() = Some([metatrace_gc::Root::new(match_class), metatrace_gc::Root::new(ssize)]));
    Ok(space.none)
}

/// The registered object `k` (0: the match class, 1: `_ssize`).
fn registered(space: &Space, k: usize) -> PyResult<GcRef> {
    CLASSES
        .with(|c| c.borrow().as_ref().map(|r| r[k].get()))
        .ok_or_else(|| space.new_exception(ExcKind::RuntimeError, "_ripysre.setup was not called"))
}

thread_local! {
    /// The instance-map keys of the `__slots__` members read and written here, by name.
    static SLOT_KEYS: RefCell<Vec<(&'static str, metatrace_gc::Root)>> = const { RefCell::new(Vec::new()) };
}

/// The instance-map key of `__slots__` member `name` (see `mapdict::hidden_key`).
fn slot_key(space: &Space, name: &'static str) -> GcRef {
    SLOT_KEYS.with(|keys| {
        let mut keys = keys.borrow_mut();
        if let Some((_, key)) = keys.iter().find(|(n, _)| *n == name) {
            return key.get();
        }
        let key = crate::mapdict::hidden_key(space, space.intern(name));
        keys.push((name, metatrace_gc::Root::new(key)));
        key
    })
}

/// The value of `__slots__` member `name` of an instance of `_sre.py`'s classes.
fn slot(space: &Space, obj: GcRef, name: &'static str) -> PyResult<GcRef> {
    crate::mapdict::get_attr(obj, slot_key(space, name)).ok_or_else(|| {
        let message = format!("'{}' object has no attribute '{name}'", space.type_name(obj));
        space.new_exception(ExcKind::AttributeError, &message)
    })
}

/// Set `__slots__` member `name` of an instance of `_sre.py`'s classes.
fn set_slot(space: &Space, obj: GcRef, name: &'static str, value: GcRef) {
    crate::mapdict::set_attr(obj, slot_key(space, name), value);
}

/// A `pos`/`endpos` argument as CPython's `Py_ssize_t` (through `_ssize` unless a small int).
fn ssize(space: &Space, v: GcRef) -> PyResult<i64> {
    if let Some(i) = crate::objspace::int_value(v) {
        return Ok(i);
    }
    let converted = crate::objspace::call(registered(space, 1)?, &[v])?;
    int_arg(space, converted)
}

/// A pattern's compiled form, read from its slots.
struct Compiled {
    code: GcRef,
    groups: GcRef,
    is_bytes: bool,
}

impl Compiled {
    fn of(space: &Space, pattern: GcRef) -> PyResult<Compiled> {
        Ok(Compiled {
            code: slot(space, pattern, "_code")?,
            groups: slot(space, pattern, "groups")?,
            is_bytes: crate::objspace::truthy(slot(space, pattern, "_isbytes")?)?,
        })
    }
}

/// The text a pattern matches for subject `string`: the str itself (the value of a str
/// subclass instance), or the bytes of a bytes-like object (the object itself when bytes);
/// `TypeError` as CPython for anything else or a str/bytes mismatch.
fn subject_text(space: &Space, compiled: &Compiled, string: GcRef) -> PyResult<GcRef> {
    let value = crate::subclass::unwrap(string);
    if value.layout() == W_Str::layout() {
        if compiled.is_bytes {
            return Err(space.new_exception(ExcKind::TypeError, "cannot use a bytes pattern on a string-like object"));
        }
        return Ok(value);
    }
    let Some(data) = crate::buffer::buffer_data(value)? else {
        let message = format!("expected string or bytes-like object, got '{}'", space.type_name(string));
        return Err(space.new_exception(ExcKind::TypeError, &message));
    };
    if !compiled.is_bytes {
        return Err(space.new_exception(ExcKind::TypeError, "cannot use a string pattern on a bytes-like object"));
    }
    Ok(if value.layout() == crate::bytes::W_Bytes::layout() { value } else { crate::bytes::new_bytes(&data) })
}

/// A new `re.Match` of `pattern` over `string` (whose text is `text`) with window `pos..endpos`.
fn new_match(
    space: &Space,
    pattern: GcRef,
    string: GcRef,
    text: GcRef,
    (pos, endpos): (usize, usize),
    m: &Found,
) -> PyResult<GcRef> {
    let class = registered(space, 0)?;
    let keep = metatrace_gc::RootSet::new();
    let marks = keep.add(match_tuple(m));
    let pos = keep.add(crate::int::heap_int(pos as i64));
    let endpos = keep.add(crate::int::heap_int(endpos as i64));
    let obj = keep.add(crate::mapdict::new_object(crate::mapdict::W_Instance::layout(), class));
    for (name, value) in
        [("re", pattern), ("string", string), ("_text", text), ("pos", pos), ("endpos", endpos), ("_marks", marks)]
    {
        set_slot(space, obj, name, value);
    }
    Ok(obj)
}

/// A pattern, its subject and window, ready to run.
struct Prepared {
    job: Job,
    text: GcRef,
    window: (usize, usize),
}

/// Check and convert the arguments `pattern, string, pos, endpos` as CPython's methods do
/// (`pos`/`endpos` first, then the subject).
fn prepare(space: &Space, pattern: GcRef, string: GcRef, pos: GcRef, endpos: GcRef) -> PyResult<Prepared> {
    let (pos, endpos) = (ssize(space, pos)?, ssize(space, endpos)?);
    let compiled = Compiled::of(space, pattern)?;
    let text = subject_text(space, &compiled, string)?;
    let code = compiled.code;
    let job = Job {
        code: derived(&CODES, code, code.layout() == crate::bytes::W_Bytes::layout(), || unpack(space, code))?,
        subject: derived(&SUBJECTS, text, text.layout() == W_Str::layout(), || subject(space, text))?,
        pos,
        endpos,
        groups: usize::try_from(int_arg(space, compiled.groups)?).unwrap_or(0),
    };
    let window = window(pos, endpos, job.subject.len());
    Ok(Prepared { job, text, window })
}

/// `exec(pattern, string, pos, endpos, mode)`: `Pattern.match` (`mode` 0), `fullmatch` (1) or
/// `search` (2): a new `re.Match`, or None.
fn exec(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [pattern, string, pos, endpos, mode] = exact_args::<5>(space, "exec", args)?;
    let p = prepare(space, pattern, string, pos, endpos)?;
    let mode = match int_arg(space, mode)? {
        0 => Mode::Match,
        1 => Mode::FullMatch,
        _ => Mode::Search,
    };
    if p.window.0 > p.window.1 && !matches!(mode, Mode::Match) {
        return Ok(space.none);
    }
    match p.job.drive(|once, _| once(mode, false)) {
        Some(m) => new_match(space, pattern, string, p.text, p.window, &m),
        None => Ok(space.none),
    }
}

/// Piece `start..end` (code point or byte positions) of a subject, as the bytes of its text.
fn piece(subject: &Subject, offsets: &mut Offsets, start: usize, end: usize) -> Vec<u8> {
    match subject {
        Subject::Bytes(b) => b[start..end].to_vec(),
        Subject::Text(t, _) => {
            let bytes = t.as_bytes();
            let (s, e) = (offsets.at(bytes, start), offsets.at(bytes, end));
            bytes[s..e].to_vec()
        }
    }
}

/// Byte offsets of code point positions in a WTF-8 text, found by walking from the last
/// position asked for (positions mostly come in increasing order).
#[derive(Default)]
struct Offsets {
    chars: usize,
    byte: usize,
}

impl Offsets {
    /// The byte offset of code point `pos` (at most the text's length) in `bytes`.
    fn at(&mut self, bytes: &[u8], pos: usize) -> usize {
        if pos < self.chars {
            *self = Offsets::default();
        }
        while self.chars < pos {
            self.byte += 1;
            while self.byte < bytes.len() && bytes[self.byte] & 0xc0 == 0x80 {
                self.byte += 1;
            }
            self.chars += 1;
        }
        self.byte
    }
}

/// A new object of the subject's kind (str, or bytes) holding `bytes` (WTF-8 for a str).
fn same_kind(is_bytes: bool, bytes: &[u8]) -> GcRef {
    if is_bytes {
        crate::bytes::new_bytes(bytes)
    } else {
        unicode::from_wtf8(bytes)
    }
}

/// `subn(pattern, repl, string, count)`: `Pattern.subn` for a replacement that is a literal
/// (a str, or bytes, of the pattern's kind without a backslash) and a small int count:
/// `(new_string, number_of_subs)`; None when `repl` or `count` is not such (the caller then
/// takes the general way).
fn subn(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [pattern, repl, string, count] = exact_args::<4>(space, "subn", args)?;
    let compiled = Compiled::of(space, pattern)?;
    let literal = if compiled.is_bytes {
        (repl.layout() == crate::bytes::W_Bytes::layout()).then(|| crate::bytes::data(repl))
    } else {
        (repl.layout() == W_Str::layout()).then(|| unicode::wtf8(repl))
    };
    let (Some(literal), Some(count)) = (literal.filter(|r| !r.contains(&b'\\')), crate::objspace::int_value(count))
    else {
        return Ok(space.none);
    };
    let p = prepare(space, pattern, string, crate::int::heap_int(0), crate::int::heap_int(i64::MAX))?;
    let found = if count < 0 || p.window.0 > p.window.1 {
        Vec::new()
    } else {
        p.job.drive(|_, all| all(usize::try_from(count).unwrap_or(0), false))
    };
    let n = crate::int::heap_int(found.len() as i64);
    if found.is_empty() {
        return Ok(W_Tuple::from_slice(&[p.text, n]));
    }
    let subject = &*p.job.subject;
    let mut offsets = Offsets::default();
    let mut out = Vec::with_capacity(subject.len() + literal.len() * found.len());
    let mut last = 0;
    for m in &found {
        let (b, e) = (m.marks[0] as usize, m.marks[1] as usize);
        out.extend(piece(subject, &mut offsets, last, b));
        out.extend_from_slice(&literal);
        last = e;
    }
    out.extend(piece(subject, &mut offsets, last, subject.len()));
    let result = same_kind(compiled.is_bytes, &out);
    Ok(W_Tuple::from_slice(&[result, n]))
}

/// `findall(pattern, string, pos, endpos)`: `Pattern.findall`: the list of the whole matches
/// (no groups), of group 1 (one group) or of tuples of the groups, an unset group as an empty
/// string.
fn findall(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [pattern, string, pos, endpos] = exact_args::<4>(space, "findall", args)?;
    let p = prepare(space, pattern, string, pos, endpos)?;
    let found = if p.window.0 > p.window.1 { Vec::new() } else { p.job.drive(|_, all| all(0, false)) };
    let is_bytes = p.text.layout() != W_Str::layout();
    let subject = &*p.job.subject;
    let mut offsets = Offsets::default();
    let mut group = |m: &Found, g: usize| {
        let (s, e) = (m.marks[2 * g], m.marks[2 * g + 1]);
        let bytes = if s < 0 { Vec::new() } else { piece(subject, &mut offsets, s as usize, e as usize) };
        same_kind(is_bytes, &bytes)
    };
    let keep = metatrace_gc::RootSet::new();
    let groups = p.job.groups;
    let items: Vec<GcRef> = found
        .iter()
        .map(|m| {
            keep.add(match groups {
                0 => group(m, 0),
                1 => group(m, 1),
                _ => {
                    let inner = metatrace_gc::RootSet::new();
                    let values: Vec<GcRef> = (1..=groups).map(|g| inner.add(group(m, g))).collect();
                    W_Tuple::from_slice(&values)
                }
            })
        })
        .collect();
    Ok(crate::list::new_list(&items))
}

/// `split(pattern, string, maxsplit)`: `Pattern.split` for a small int `maxsplit`: the pieces
/// between at most `maxsplit` matches (0: all; none when negative), each match's groups between
/// them (None for an unset group); None when `maxsplit` is not a small int.
fn split(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [pattern, string, maxsplit] = exact_args::<3>(space, "split", args)?;
    let Some(maxsplit) = crate::objspace::int_value(maxsplit) else {
        return Ok(space.none);
    };
    let p = prepare(space, pattern, string, crate::int::heap_int(0), crate::int::heap_int(i64::MAX))?;
    let found = if maxsplit < 0 { Vec::new() } else { p.job.drive(|_, all| all(maxsplit as usize, false)) };
    let is_bytes = p.text.layout() != W_Str::layout();
    let subject = &*p.job.subject;
    let mut offsets = Offsets::default();
    let keep = metatrace_gc::RootSet::new();
    let mut items = Vec::new();
    let mut last = 0;
    for m in &found {
        items.push(keep.add(same_kind(is_bytes, &piece(subject, &mut offsets, last, m.marks[0] as usize))));
        for g in 1..=p.job.groups {
            let (s, e) = (m.marks[2 * g], m.marks[2 * g + 1]);
            items.push(if s < 0 {
                space.none
            } else {
                keep.add(same_kind(is_bytes, &piece(subject, &mut offsets, s as usize, e as usize)))
            });
        }
        last = m.marks[1] as usize;
    }
    items.push(keep.add(same_kind(is_bytes, &piece(subject, &mut offsets, last, subject.len()))));
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

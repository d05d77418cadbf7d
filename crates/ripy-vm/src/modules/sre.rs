//! `_ripysre`: the matching primitives under ripy's `_sre` module (`_sre.py`, embedded), on our
//! engine (`sre_engine.rs`), which runs the code lists that CPython 3.11's `re._compiler`
//! produces.
//!
//! A compiled pattern's code is kept by `_sre.py` as a bytes object (`pack`: one little-endian
//! 32-bit word per code). A match's marks are one bytes object holding `lastindex, start0, end0,
//! start1, end1, ...` (code-point or byte positions, -1 for a group that did not take part; see
//! [`marks_object`]). `Pattern.match`/`fullmatch`/`search` (`exec`), `findall`, `split` and
//! `subn` with a literal or template replacement are whole here: arguments checked and converted
//! with CPython's errors, results built (a `re.Match` is made with its final instance map and
//! its slots at once, see [`new_match`]). `Match.group`/`[]`/`groups`/`span`/`start`/`end` are
//! native methods. The scanner gets batches of `re.Match` objects (`matches`); callable
//! replacements and the general `split` get the marks of matches (`scan`) and work in Python.
//! Subjects are `str` (matched by code point) or objects with a buffer (matched by byte).
//!
//! An ASCII str subject is matched where its text lies in the heap (see [`Subject`]); the
//! programs of the patterns in use (code words and character-set tables) and the code points of
//! the last few non-ASCII str subjects are kept (see [`Derived`]), so that the usual loop (many
//! searches with one pattern, or many patterns over one text) converts each once.

use super::exact_args;
use crate::builtins::BuiltinDef;
use crate::exceptions::ExcKind;
use crate::function::Args;
use crate::space::WordHash;
use crate::space::{PyResult, Space};
use crate::tuple::W_Tuple;
use crate::unicode::{self, W_Str};
use metatrace_gc::{GcObject, GcRef};
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
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
    def("matches", matches),
    def("scan", scan),
    def("lower", lower),
    def("upper", upper),
    def("mark", mark),
    super::native("_ripysre.Match", "group", match_group),
    super::native("_ripysre.Match", "__getitem__", match_getitem),
    super::native("_ripysre.Match", "groups", match_groups),
    super::native("_ripysre.Match", "span", match_span),
    super::native("_ripysre.Match", "start", match_start),
    super::native("_ripysre.Match", "end", match_end),
];

fn init(space: &'static Space, m: GcRef) -> PyResult<()> {
    super::add_functions(space, super::namespace(m), "_ripysre");
    // The methods of `re.Match` as `Match_<name>`, for `_sre.py`'s class body.
    let methods = crate::dict::new();
    let _rooted = metatrace_gc::Root::new(methods);
    super::add_functions(space, methods, "_ripysre.Match");
    for (name, method) in crate::dict::items(methods) {
        let name = format!("Match_{}", unicode::to_string_lossy(name));
        crate::dict::set_str(super::namespace(m), space.intern(&name), method);
    }
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
        let value = match crate::objspace::int_value(item) {
            Some(v) => v,
            None if crate::objspace::isinstance(item, space.int_type)? => -1,
            None => int_arg(space, item)?,
        };
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

use super::sre_engine::{op, Char, Engine, Program};

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

/// Values derived from immutable objects (a pattern's code words, a str subject's text), by
/// object; when `capacity` are kept, the next one clears them all. A cached object is rooted,
/// so that its address names it (no other object can get that address) until it leaves the
/// cache.
struct Derived<T> {
    entries: Option<HashMap<GcRef, (metatrace_gc::Root, Rc<T>), BuildHasherDefault<WordHash>>>,
    capacity: usize,
}

impl<T> Derived<T> {
    const fn new(capacity: usize) -> Derived<T> {
        Derived { entries: None, capacity }
    }

    /// The value derived from `obj`, if cached.
    fn lookup(&self, obj: GcRef) -> Option<Rc<T>> {
        self.entries.as_ref()?.get(&obj).map(|(_, value)| Rc::clone(value))
    }

    /// Cache `value`, derived from `obj`.
    fn insert(&mut self, obj: GcRef, value: &Rc<T>) {
        let entries = self.entries.get_or_insert_with(HashMap::default);
        if entries.len() >= self.capacity {
            entries.clear();
        }
        entries.insert(obj, (metatrace_gc::Root::new(obj), Rc::clone(value)));
    }
}

thread_local! {
    /// The programs of the patterns in use (`re` keeps up to 512 compiled patterns).
    static CODES: RefCell<Derived<Program>> = const { RefCell::new(Derived::new(1024)) };
    /// The code points of the last non-ASCII str subjects.
    static SUBJECTS: RefCell<Derived<Owned>> = const { RefCell::new(Derived::new(8)) };
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
    if let Some(value) = cache.with(|c| c.borrow().lookup(obj)) {
        return Ok(value);
    }
    let value = Rc::new(make()?);
    cache.with(|c| c.borrow_mut().insert(obj, &value));
    Ok(value)
}

/// The program of the code words packed in bytes object `code`.
fn unpack(space: &Space, code: GcRef) -> PyResult<Program> {
    let data = crate::buffer::buffer_data(code)?
        .ok_or_else(|| space.new_exception(ExcKind::TypeError, "pattern code must be bytes"))?;
    Ok(Program::new(data.chunks_exact(4).map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]])).collect()))
}

/// A subject's text as the engine drives over it.
#[derive(Clone, Copy)]
enum Text<'a> {
    /// Bytes, or a str whose code points are all ASCII (byte `i` is code point `i`).
    Bytes(&'a [u8]),
    /// A str with code points beyond ASCII, one item per code point.
    Wide(&'a [u32]),
}

impl Text<'_> {
    /// The length in code points (or bytes).
    fn len(self) -> usize {
        match self {
            Text::Bytes(b) => b.len(),
            Text::Wide(w) => w.len(),
        }
    }

    /// Append piece `start..end` as the bytes of its text (WTF-8 for a str) to `out`.
    fn append(self, start: usize, end: usize, out: &mut Vec<u8>) {
        match self {
            Text::Bytes(b) => out.extend_from_slice(&b[start..end]),
            Text::Wide(w) => w[start..end].iter().for_each(|&cp| unicode::encode_char(cp, out)),
        }
    }

    /// Piece `start..end` as a new object of the subject's kind (bytes, or str).
    fn piece(self, is_bytes: bool, start: usize, end: usize) -> GcRef {
        match self {
            Text::Bytes(b) if is_bytes => crate::bytes::new_bytes(&b[start..end]),
            Text::Bytes(b) => unicode::from_wtf8_counted(&b[start..end], end - start),
            Text::Wide(w) => unicode::from_chars(w[start..end].iter().copied()),
        }
    }
}

/// A subject's text kept in Rust memory.
enum Owned {
    /// The bytes of a bytes-like object.
    Bytes(Vec<u8>),
    /// The code points of a str with some beyond ASCII.
    Wide(Vec<u32>),
}

/// Where a subject's text is.
enum Subject {
    /// An ASCII str: its text is read where it lies (see `unicode::with_wtf8`).
    Ascii(GcRef),
    /// A copy (a non-ASCII str's is cached, see [`Derived`]).
    Owned(Rc<Owned>),
}

impl Subject {
    /// The subject `v`: a str or a bytes-like object.
    fn of(space: &Space, v: GcRef) -> PyResult<Subject> {
        if v.layout() == W_Str::layout() {
            if unicode::is_ascii(v) {
                return Ok(Subject::Ascii(v));
            }
            let wide = derived(&SUBJECTS, v, true, || Ok(Owned::Wide(unicode::chars(v))))?;
            return Ok(Subject::Owned(wide));
        }
        let data = crate::buffer::buffer_data(v)?.ok_or_else(|| {
            let message = format!("expected string or bytes-like object, got '{}'", space.type_name(v));
            space.new_exception(ExcKind::TypeError, &message)
        })?;
        Ok(Subject::Owned(Rc::new(Owned::Bytes(data))))
    }

    /// Run `f` over the text.
    fn with<R>(&self, f: impl FnOnce(Text<'_>) -> R) -> R {
        match self {
            Subject::Ascii(s) => unicode::with_wtf8(*s, |b| f(Text::Bytes(b))),
            Subject::Owned(owned) => match &**owned {
                Owned::Bytes(b) => f(Text::Bytes(b)),
                Owned::Wide(w) => f(Text::Wide(w)),
            },
        }
    }

    /// The length in code points (or bytes).
    fn len(&self) -> usize {
        match self {
            Subject::Ascii(s) => unicode::char_len(*s),
            Subject::Owned(_) => self.with(|text| text.len()),
        }
    }
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
    marks: smallvec::SmallVec<[i64; 12]>,
}

/// The positions of the match `engine` found.
fn found(engine: &Engine, groups: usize) -> Found {
    let mut marks = smallvec::SmallVec::with_capacity(2 * (groups + 1));
    marks.push(engine.start as i64);
    marks.push(engine.ptr as i64);
    for g in 1..=groups {
        match engine.group(g) {
            Some((s, e)) => marks.extend([s as i64, e as i64]),
            None => marks.extend([-1, -1]),
        }
    }
    Found { lastindex: engine.lastindex(), marks }
}

/// Clamp `pos` and `endpos` as CPython does: negative counts from nothing, past the end is the end.
fn window(pos: i64, endpos: i64, len: usize) -> (usize, usize) {
    let clamp = |v: i64| usize::try_from(v.max(0)).unwrap_or(0).min(len);
    (clamp(pos), clamp(endpos))
}

thread_local! {
    /// The engine, with its stacks kept from run to run.
    static ENGINE: RefCell<Engine> = const { RefCell::new(Engine::new()) };
}

/// Run `f` with the thread's engine (a fresh one if that is in use).
fn with_engine<R>(f: impl FnOnce(&mut Engine) -> R) -> R {
    ENGINE.with(|e| match e.try_borrow_mut() {
        Ok(mut engine) => f(&mut engine),
        Err(_) => f(&mut Engine::new()),
    })
}

/// Run the engine once over `string`.
fn run_once<T: Char>(
    string: &[T],
    code: &Program,
    (pos, endpos): (usize, usize),
    mode: Mode,
    must_advance: bool,
    groups: usize,
) -> Option<Found> {
    with_engine(|engine| {
        let window = (pos.min(endpos), endpos);
        let matched = match mode {
            Mode::Match | Mode::FullMatch => {
                engine.matches(string, code, groups, window, matches!(mode, Mode::FullMatch), must_advance)
            }
            Mode::Search => engine.search(string, code, groups, window, must_advance),
        };
        matched.then(|| found(engine, groups))
    })
}

/// Every successive match of a search over `string`, as `finditer` finds them: after an empty
/// match the next one must advance (the first one too when `must_advance`); at most `limit` of
/// them (0: no limit). `each` sees the engine after each match; the count of matches.
fn scan_each<T: Char>(
    string: &[T],
    code: &Program,
    (pos, endpos): (usize, usize),
    groups: usize,
    limit: usize,
    mut must_advance: bool,
    mut each: impl FnMut(&Engine),
) -> usize {
    with_engine(|engine| {
        let mut n = 0;
        let mut start = pos.min(endpos);
        while start <= endpos && (limit == 0 || n < limit) {
            if !engine.search(string, code, groups, (start, endpos), must_advance) {
                break;
            }
            each(engine);
            n += 1;
            must_advance = engine.ptr == engine.start;
            start = engine.ptr;
        }
        n
    })
}

/// A match's marks as one bytes object: `lastindex, start0, end0, start1, end1, ...`, each a
/// little-endian 64-bit int (-1: unset). One allocation, however many groups.
fn marks_object(m: &Found) -> GcRef {
    use crate::bytes::W_Bytes;
    let words = std::iter::once(m.lastindex as i64).chain(m.marks.iter().copied());
    let obj = metatrace_gc::alloc_array(W_Bytes::layout(), 8 * (m.marks.len() + 1));
    crate::gc::set_i64(obj, &W_Bytes::HASH, -1);
    for (k, v) in words.enumerate() {
        metatrace_gc::heap::write_byte_items(obj, &W_Bytes::BYTES, 8 * k, &v.to_le_bytes());
    }
    obj
}

/// Item `k` of a marks object (-1 past its end).
fn mark_at(marks: GcRef, k: usize) -> i64 {
    let a = &crate::bytes::W_Bytes::BYTES;
    if marks.layout() != crate::bytes::W_Bytes::layout() || 8 * (k + 1) > crate::gc::len(marks, a) {
        return -1;
    }
    let mut word = [0; 8];
    metatrace_gc::heap::read_byte_items(marks, a, 8 * k, &mut word);
    i64::from_le_bytes(word)
}

/// `mark(marks, k)`: item `k` of a marks object, for `_sre.py`.
fn mark(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [marks, k] = exact_args::<2>(space, "mark", args)?;
    let k = usize::try_from(int_arg(space, k)?).unwrap_or(usize::MAX / 16);
    Ok(small_int(mark_at(marks, k)))
}

/// How many int objects [`small_int`] shares (0 up to one less).
const SMALL_INTS: usize = 512;

thread_local! {
    /// The shared int objects of [`small_int`]: one rooted array, made on first use.
    static SMALL: RefCell<Option<(metatrace_gc::Root, GcRef)>> = const { RefCell::new(None) };
}

/// The int `v` (a position, a count): a shared object when small, as the positions of the
/// matches of short subjects are (ints are immutable).
fn small_int(v: i64) -> GcRef {
    let Some(k) = usize::try_from(v).ok().filter(|&k| k < SMALL_INTS) else {
        return crate::int::heap_int(v);
    };
    SMALL.with(|cell| {
        let mut small = cell.borrow_mut();
        let (_, ints) = small.get_or_insert_with(|| {
            let keep = metatrace_gc::RootSet::new();
            let items: Vec<GcRef> = (0..SMALL_INTS as i64).map(|i| keep.add(crate::int::heap_int(i))).collect();
            let ints = crate::storage::RefArray::from_slice(&items);
            (metatrace_gc::Root::new(ints), ints)
        });
        crate::gc::item_ref(*ints, &crate::storage::RefArray::ITEMS, k)
    })
}

/// The arguments common to `run` and `scan`: code, subject, window, group count.
struct Job {
    code: Rc<Program>,
    subject: Subject,
    pos: i64,
    endpos: i64,
    groups: usize,
}

impl Job {
    fn new(space: &Space, code: GcRef, string: GcRef, pos: GcRef, endpos: GcRef, groups: GcRef) -> PyResult<Job> {
        Ok(Job {
            code: derived(&CODES, code, code.layout() == crate::bytes::W_Bytes::layout(), || unpack(space, code))?,
            subject: Subject::of(space, crate::subclass::unwrap(string))?,
            pos: int_arg(space, pos)?,
            endpos: int_arg(space, endpos)?,
            groups: usize::try_from(int_arg(space, groups)?).unwrap_or(0),
        })
    }

    /// One run in `mode` over the clamped window.
    fn once(&self, mode: Mode, must_advance: bool) -> Option<Found> {
        self.subject.with(|text| {
            let w = window(self.pos, self.endpos, text.len());
            match text {
                Text::Bytes(s) => run_once(s, &self.code, w, mode, must_advance, self.groups),
                Text::Wide(s) => run_once(s, &self.code, w, mode, must_advance, self.groups),
            }
        })
    }

    /// Up to `limit` (0: no limit) successive search matches over the clamped window.
    fn all(&self, limit: usize, must_advance: bool) -> Vec<Found> {
        let mut out = Vec::new();
        self.each(limit, must_advance, |_, engine| out.push(found(engine, self.groups)));
        out
    }

    /// Run `f` over the text and the engine after each of up to `limit` (0: no limit)
    /// successive search matches over the clamped window; the count of matches.
    fn each(&self, limit: usize, must_advance: bool, mut f: impl FnMut(Text<'_>, &Engine)) -> usize {
        self.subject.with(|text| {
            let w = window(self.pos, self.endpos, text.len());
            let (code, groups) = (&self.code, self.groups);
            match text {
                Text::Bytes(s) => scan_each(s, code, w, groups, limit, must_advance, |e| f(text, e)),
                Text::Wide(s) => scan_each(s, code, w, groups, limit, must_advance, |e| f(text, e)),
            }
        })
    }
}

/// `matches(pattern, string, text, pos, endpos, start, limit, must_advance, mode)`: the
/// scanner's next matches as `re.Match` objects over `string` (whose text is `text`) with the
/// window `pos..endpos` (clamped): from `start`, one match (`mode` 0) or up to `limit`
/// successive search matches (`mode` 2).
fn matches(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [pattern, string, text, pos, endpos, start, limit, must_advance, mode] =
        exact_args::<9>(space, "matches", args)?;
    let compiled = Compiled::of(space, pattern)?;
    let job = Job::new(space, compiled.code, text, start, endpos, compiled.groups)?;
    let limit = usize::try_from(int_arg(space, limit)?).unwrap_or(0);
    let must_advance = crate::objspace::truthy(must_advance)?;
    let found = if int_arg(space, mode)? == 0 {
        job.once(Mode::Match, must_advance).into_iter().collect()
    } else {
        job.all(limit, must_advance)
    };
    let window =
        (usize::try_from(int_arg(space, pos)?).unwrap_or(0), usize::try_from(int_arg(space, endpos)?).unwrap_or(0));
    let mut items = crate::gc::RootedVec::with_capacity(found.len());
    for m in &found {
        items.push(new_match(space, pattern, string, text, window, m)?);
    }
    Ok(crate::list::new_list(&items))
}

/// `scan(code, string, pos, endpos, groups, limit, must_advance)`: the list of successive search
/// matches (as tuples), at most `limit` of them (0: all).
fn scan(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [code, string, pos, endpos, groups, limit, must_advance] = exact_args::<7>(space, "scan", args)?;
    let job = Job::new(space, code, string, pos, endpos, groups)?;
    let limit = usize::try_from(int_arg(space, limit)?).unwrap_or(0);
    let must_advance = crate::objspace::truthy(must_advance)?;
    let found = job.all(limit, must_advance);
    let mut items = crate::gc::RootedVec::with_capacity(found.len());
    for m in &found {
        items.push(marks_object(m));
    }
    Ok(crate::list::new_list(&items))
}

thread_local! {
    /// What `setup` registered: the `re.Match` class and `_sre.py`'s `_ssize` (rooted), and
    /// the same two for reading without the root table's lock.
    static CLASSES: RefCell<Option<[metatrace_gc::Root; 2]>> = const { RefCell::new(None) };
    static CLASS_REFS: std::cell::Cell<[GcRef; 2]> = const { std::cell::Cell::new([GcRef::NULL; 2]) };
}

/// `setup(match_class, ssize)`: register the class of match objects and the function that
/// converts a `pos`/`endpos` that is not a small int (CPython's `Py_ssize_t` conversion).
fn setup(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [match_class, ssize] = exact_args::<2>(space, "setup", args)?;
    CLASSES.with(|c| *c.borrow_mut() = Some([metatrace_gc::Root::new(match_class), metatrace_gc::Root::new(ssize)]));
    CLASS_REFS.with(|c| c.set([match_class, ssize]));
    Ok(space.none)
}

/// The registered object `k` (0: the match class, 1: `_ssize`).
fn registered(space: &Space, k: usize) -> PyResult<GcRef> {
    let found = CLASS_REFS.with(|c| c.get()[k]);
    if found.is_null() {
        return Err(space.new_exception(ExcKind::RuntimeError, "_ripysre.setup was not called"));
    }
    Ok(found)
}

/// The `__slots__` members of `_sre.py`'s classes read and written here.
#[derive(Clone, Copy)]
enum Slot {
    Re,
    String,
    Text,
    Pos,
    Endpos,
    Marks,
    Code,
    Groups,
    IsBytes,
    GroupIndex,
}

impl Slot {
    /// How many there are.
    const COUNT: usize = 10;

    /// The member's name.
    fn name(self) -> &'static str {
        match self {
            Slot::Re => "re",
            Slot::String => "string",
            Slot::Text => "_text",
            Slot::Pos => "pos",
            Slot::Endpos => "endpos",
            Slot::Marks => "_marks",
            Slot::Code => "_code",
            Slot::Groups => "groups",
            Slot::IsBytes => "_isbytes",
            Slot::GroupIndex => "_groupindex",
        }
    }
}

thread_local! {
    /// The instance-map keys of the slots (interned strings, which live as long as the space).
    static SLOT_KEYS: std::cell::Cell<[GcRef; Slot::COUNT]> = const { std::cell::Cell::new([GcRef::NULL; Slot::COUNT]) };
}

/// The instance-map key of slot `s` (see `mapdict::hidden_key`).
fn slot_key(space: &Space, s: Slot) -> GcRef {
    SLOT_KEYS.with(|keys| {
        let mut all = keys.get();
        if all[s as usize].is_null() {
            all[s as usize] = crate::mapdict::hidden_key(space, space.intern(s.name()));
            keys.set(all);
        }
        all[s as usize]
    })
}

/// The value of slot `s` of an instance of `_sre.py`'s classes.
fn slot(space: &Space, obj: GcRef, s: Slot) -> PyResult<GcRef> {
    crate::mapdict::get_attr(obj, slot_key(space, s)).ok_or_else(|| {
        let message = format!("'{}' object has no attribute '{}'", space.type_name(obj), s.name());
        space.new_exception(ExcKind::AttributeError, &message)
    })
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

/// The slots a [`Compiled`] is read from.
const COMPILED_SLOTS: [Slot; 3] = [Slot::Code, Slot::Groups, Slot::IsBytes];

thread_local! {
    /// The map of the pattern last read and where it keeps [`COMPILED_SLOTS`] (maps live as long
    /// as their class, so the address names the map).
    static PATTERN_MAP: std::cell::Cell<(GcRef, [usize; 3])> = const { std::cell::Cell::new((GcRef::NULL, [0; 3])) };
}

impl Compiled {
    fn of(space: &Space, pattern: GcRef) -> PyResult<Compiled> {
        let [code, groups, is_bytes] = Compiled::slots(space, pattern)?;
        Ok(Compiled { code, groups, is_bytes: is_bytes == space.bools[1] })
    }

    /// The values of [`COMPILED_SLOTS`]: read where the pattern's map says they are when it is
    /// the map of the pattern read last, else looked up by name.
    fn slots(space: &Space, pattern: GcRef) -> PyResult<[GcRef; 3]> {
        use crate::mapdict::W_Instance;
        let by_name = || -> PyResult<[GcRef; 3]> {
            let [a, b, c] = COMPILED_SLOTS;
            Ok([slot(space, pattern, a)?, slot(space, pattern, b)?, slot(space, pattern, c)?])
        };
        if pattern.layout() != W_Instance::layout() {
            return by_name();
        }
        let map = crate::gc::get_ref(pattern, &W_Instance::MAP);
        let (cached, mut at) = PATTERN_MAP.with(|c| c.get());
        if map != cached {
            for (k, s) in COMPILED_SLOTS.into_iter().enumerate() {
                let index = crate::mapdict::map_index(map, slot_key(space, s));
                if index < 0 {
                    return by_name();
                }
                at[k] = index as usize;
            }
            PATTERN_MAP.with(|c| c.set((map, at)));
        }
        let slots = crate::gc::get_ref(pattern, &W_Instance::SLOTS);
        Ok(at.map(|i| crate::mapdict::slot_value(crate::gc::item_ref(slots, &crate::storage::RefArray::ITEMS, i))))
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

/// The slots of a `re.Match`, in the order of its map.
const MATCH_SLOTS: [Slot; 6] = [Slot::Re, Slot::String, Slot::Text, Slot::Pos, Slot::Endpos, Slot::Marks];

thread_local! {
    /// The match class and the map of its instances with all of [`MATCH_SLOTS`] set (the map
    /// is kept alive by the class's transitions; the class by [`CLASSES`]).
    static MATCH_MAP: std::cell::Cell<(GcRef, GcRef)> = const { std::cell::Cell::new((GcRef::NULL, GcRef::NULL)) };
}

/// The map of a `re.Match` of `class` holding [`MATCH_SLOTS`] (the same one that setting them in
/// order gives), computed once per class.
fn match_map(space: &Space, class: GcRef) -> GcRef {
    let (cached_class, map) = MATCH_MAP.with(|c| c.get());
    if cached_class == class {
        return map;
    }
    let terminator = crate::gc::get_ref(class, &crate::typeobject::W_Type::TERMINATOR);
    let map = MATCH_SLOTS.iter().fold(terminator, |map, &s| crate::mapdict::map_child(map, slot_key(space, s)));
    MATCH_MAP.with(|c| c.set((class, map)));
    map
}

/// A new `re.Match` of `pattern` over `string` (whose text is `text`) with window `pos..endpos`:
/// made with its final map and its slots at once (objects never move, and the values are on
/// this stack, which the collector scans).
fn new_match(
    space: &Space,
    pattern: GcRef,
    string: GcRef,
    text: GcRef,
    (pos, endpos): (usize, usize),
    m: &Found,
) -> PyResult<GcRef> {
    use crate::mapdict::W_Instance;
    let class = registered(space, 0)?;
    let map = match_map(space, class);
    let values = [pattern, string, text, small_int(pos as i64), small_int(endpos as i64), marks_object(m)];
    let slots = crate::storage::RefArray::from_slice(&values);
    let obj = metatrace_gc::alloc(W_Instance::layout());
    crate::gc::set_ref(obj, &W_Instance::TYPE_, class);
    crate::gc::set_ref(obj, &W_Instance::MAP, map);
    crate::gc::set_ref(obj, &W_Instance::SLOTS, slots);
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
    prepare_window(space, pattern, string, (pos, endpos))
}

/// [`prepare`] with `pos` and `endpos` converted.
fn prepare_window(space: &Space, pattern: GcRef, string: GcRef, (pos, endpos): (i64, i64)) -> PyResult<Prepared> {
    let compiled = Compiled::of(space, pattern)?;
    let text = subject_text(space, &compiled, string)?;
    let code = compiled.code;
    let job = Job {
        code: derived(&CODES, code, code.layout() == crate::bytes::W_Bytes::layout(), || unpack(space, code))?,
        subject: Subject::of(space, text)?,
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
    let text = if p.text.layout() == W_Str::layout() { p.text } else { crate::subclass::unwrap(string) };
    match p.job.once(mode, false) {
        Some(m) => new_match(space, pattern, string, text, p.window, &m),
        None => Ok(space.none),
    }
}

/// A part of a replacement: text (the bytes of a str's WTF-8, or bytes) or a group's text.
enum Part {
    Text(Vec<u8>),
    Group(usize),
}

/// The text of `v` when it is of the pattern's kind (exactly str, or exactly bytes).
fn text_of_kind(is_bytes: bool, v: GcRef) -> Option<Vec<u8>> {
    if is_bytes {
        (v.layout() == crate::bytes::W_Bytes::layout()).then(|| crate::bytes::data(v))
    } else {
        (v.layout() == W_Str::layout()).then(|| unicode::wtf8(v))
    }
}

/// The parts of replacement `repl`: a literal (of the pattern's kind, without a backslash), or
/// a template as `re._compile_repl` makes it (`(groups, literals)`: `literals` with None where
/// group `g` of each `(index, g)` in `groups` goes); None for anything else.
fn replacement(is_bytes: bool, groups: usize, repl: GcRef) -> Option<smallvec::SmallVec<[Part; 2]>> {
    if let Some(text) = text_of_kind(is_bytes, crate::subclass::unwrap(repl)) {
        return (!text.contains(&b'\\')).then(|| smallvec::smallvec![Part::Text(text)]);
    }
    if repl.layout() != W_Tuple::layout() || crate::gc::len(repl, &W_Tuple::ITEMS) != 2 {
        return None;
    }
    let [refs, literals] = [0, 1].map(|k| crate::gc::item_ref(repl, &W_Tuple::ITEMS, k));
    if refs.layout() != crate::list::W_List::layout() || literals.layout() != crate::list::W_List::layout() {
        return None;
    }
    let mut parts = smallvec::SmallVec::new();
    for &item in crate::list::items(literals).iter() {
        parts.push(if item == Space::get().none {
            Part::Group(usize::MAX)
        } else {
            Part::Text(text_of_kind(is_bytes, item)?)
        });
    }
    for &pair in crate::list::items(refs).iter() {
        if pair.layout() != W_Tuple::layout() || crate::gc::len(pair, &W_Tuple::ITEMS) != 2 {
            return None;
        }
        let [index, g] = [0, 1].map(|k| crate::objspace::int_value(crate::gc::item_ref(pair, &W_Tuple::ITEMS, k)));
        let (index, g) = (usize::try_from(index?).ok()?, usize::try_from(g?).ok()?);
        match parts.get_mut(index) {
            Some(part @ Part::Group(usize::MAX)) if g <= groups => *part = Part::Group(g),
            _ => return None,
        }
    }
    parts.iter().all(|p| !matches!(p, Part::Group(usize::MAX))).then_some(parts)
}

/// `subn(pattern, repl, string, count)`: `Pattern.subn` for a replacement that is a literal or a
/// template (see [`replacement`]) and a small int count: `(new_string, number_of_subs)`; None
/// when `repl` or `count` is not such (the caller then takes the general way).
fn subn(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [pattern, repl, string, count] = exact_args::<4>(space, "subn", args)?;
    let compiled = Compiled::of(space, pattern)?;
    let groups = usize::try_from(int_arg(space, compiled.groups)?).unwrap_or(0);
    let (Some(parts), Some(count)) = (replacement(compiled.is_bytes, groups, repl), crate::objspace::int_value(count))
    else {
        return Ok(space.none);
    };
    let p = prepare_window(space, pattern, string, (0, i64::MAX))?;
    // The new text is built as the matches are found: the text before each, its replacement.
    let mut out = Vec::new();
    let mut last = 0;
    let n = if count < 0 || p.window.0 > p.window.1 {
        0
    } else {
        p.job.each(usize::try_from(count).unwrap_or(0), false, |subject, engine| {
            if out.is_empty() {
                out.reserve(subject.len() + 16);
            }
            subject.append(last, engine.start, &mut out);
            for part in &parts {
                let span = match *part {
                    Part::Text(ref text) => {
                        out.extend_from_slice(text);
                        None
                    }
                    Part::Group(0) => Some((engine.start, engine.ptr)),
                    Part::Group(g) => engine.group(g),
                };
                if let Some((s, e)) = span {
                    subject.append(s, e, &mut out);
                }
            }
            last = engine.ptr;
        })
    };
    if n == 0 {
        return Ok(W_Tuple::from_slice(&[p.text, small_int(0)]));
    }
    p.job.subject.with(|subject| subject.append(last, subject.len(), &mut out));
    let result = if compiled.is_bytes { crate::bytes::new_bytes(&out) } else { unicode::from_wtf8(&out) };
    Ok(W_Tuple::from_slice(&[result, small_int(n as i64)]))
}

/// `findall(pattern, string, pos, endpos)`: `Pattern.findall`: the list of the whole matches
/// (no groups), of group 1 (one group) or of tuples of the groups, an unset group as an empty
/// string.
fn findall(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [pattern, string, pos, endpos] = exact_args::<4>(space, "findall", args)?;
    let p = prepare(space, pattern, string, pos, endpos)?;
    let found = if p.window.0 > p.window.1 { Vec::new() } else { p.job.all(0, false) };
    let is_bytes = p.text.layout() != W_Str::layout();
    p.job.subject.with(|subject| {
        let group = |m: &Found, g: usize| {
            let (s, e) = (m.marks[2 * g], m.marks[2 * g + 1]);
            if s < 0 {
                subject.piece(is_bytes, 0, 0)
            } else {
                subject.piece(is_bytes, s as usize, e as usize)
            }
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
    })
}

/// `split(pattern, string, maxsplit)`: `Pattern.split` for a small int `maxsplit`: the pieces
/// between at most `maxsplit` matches (0: all; none when negative), each match's groups between
/// them (None for an unset group); None when `maxsplit` is not a small int.
fn split(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [pattern, string, maxsplit] = exact_args::<3>(space, "split", args)?;
    let Some(maxsplit) = crate::objspace::int_value(maxsplit) else {
        return Ok(space.none);
    };
    let p = prepare_window(space, pattern, string, (0, i64::MAX))?;
    let found = if maxsplit < 0 { Vec::new() } else { p.job.all(maxsplit as usize, false) };
    let is_bytes = p.text.layout() != W_Str::layout();
    p.job.subject.with(|subject| {
        let keep = metatrace_gc::RootSet::new();
        let mut items = Vec::new();
        let mut last = 0;
        for m in &found {
            items.push(keep.add(subject.piece(is_bytes, last, m.marks[0] as usize)));
            for g in 1..=p.job.groups {
                let (s, e) = (m.marks[2 * g], m.marks[2 * g + 1]);
                items.push(if s < 0 { space.none } else { keep.add(subject.piece(is_bytes, s as usize, e as usize)) });
            }
            last = m.marks[1] as usize;
        }
        // The whole text when nothing matched: the str or bytes itself, as CPython's slice of all.
        let whole =
            last == 0 && (p.text.layout() == W_Str::layout() || p.text.layout() == crate::bytes::W_Bytes::layout());
        items.push(if whole { p.text } else { keep.add(subject.piece(is_bytes, last, subject.len())) });
        Ok(crate::list::new_list(&items))
    })
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
    let low = if unicode { super::sre_engine::lower_unicode(ch) } else { super::sre_engine::lower_ascii(ch) };
    Ok(crate::int::heap_int(i64::from(low)))
}

/// `upper(ch, unicode)`: the upper case of code point `ch` (ASCII or Unicode rules).
fn upper(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (ch, unicode) = char_arg(space, args, "upper")?;
    let up = if unicode {
        super::sre_engine::upper_unicode(ch)
    } else {
        u8::try_from(ch).map_or(ch, |b| u32::from(b.to_ascii_uppercase()))
    };
    Ok(crate::int::heap_int(i64::from(up)))
}

/// A match object's marks (see [`marks_object`]) and its group count.
fn match_marks(space: &Space, m: GcRef) -> PyResult<(GcRef, usize)> {
    let marks = slot(space, m, Slot::Marks)?;
    let n = if marks.layout() == crate::bytes::W_Bytes::layout() {
        crate::gc::len(marks, &crate::bytes::W_Bytes::BYTES) / 8
    } else {
        0
    };
    Ok((marks, (n.max(3) - 1) / 2 - 1))
}

/// The group number that `group` names in match `m` (an int, an index object or a group name),
/// or `IndexError` as CPython's `match_getindex`.
fn group_index(space: &Space, m: GcRef, groups: usize, group: GcRef) -> PyResult<usize> {
    let i = if let Some(v) = crate::objspace::int_value(group) {
        v
    } else if group.layout() == W_Str::layout() {
        let index = slot(space, slot(space, m, Slot::Re)?, Slot::GroupIndex)?;
        let found =
            if index.layout() == crate::dict::W_Dict::layout() { crate::dict::get(index, group)? } else { None };
        found.and_then(crate::objspace::int_value).unwrap_or(-1)
    } else {
        let index = crate::objspace::getattr(m, space.intern("_index"))?;
        int_arg(space, crate::objspace::call(index, &[group])?)?
    };
    usize::try_from(i)
        .ok()
        .filter(|&i| i <= groups)
        .ok_or_else(|| space.new_exception(ExcKind::IndexError, "no such group"))
}

/// The text of group `i` of match `m` (with marks `marks`), or `default` when it did not take
/// part.
fn group_value(space: &Space, m: GcRef, marks: GcRef, i: usize, default: GcRef) -> PyResult<GcRef> {
    let (s, e) = (mark_at(marks, 2 * i + 1), mark_at(marks, 2 * i + 2));
    if s < 0 || e < s {
        return Ok(default);
    }
    let text = slot(space, m, Slot::Text)?;
    let (s, e) = (s as usize, e as usize);
    if text.layout() == W_Str::layout() {
        return Ok(unicode::substring(text, s, e.min(unicode::char_len(text))));
    }
    if text.layout() == crate::bytes::W_Bytes::layout() {
        let len = crate::gc::len(text, &crate::bytes::W_Bytes::BYTES);
        let (s, e) = (s.min(len), e.min(len));
        let mut piece = vec![0; e - s];
        metatrace_gc::heap::read_byte_items(text, &crate::bytes::W_Bytes::BYTES, s, &mut piece);
        return Ok(crate::bytes::new_bytes(&piece));
    }
    // Another bytes-like object: its bytes now, as CPython reads the buffer again.
    let data = crate::buffer::buffer_data(text)?.unwrap_or_default();
    let (s, e) = (s.min(data.len()), e.min(data.len()));
    Ok(crate::bytes::new_bytes(&data[s..e]))
}

/// `TypeError` for keyword arguments to `Match.<name>`.
fn no_keywords(space: &Space, name: &str, args: &Args) -> PyResult<()> {
    if args.keywords.is_empty() {
        return Ok(());
    }
    Err(space.new_exception(ExcKind::TypeError, &format!("Match.{name}() takes no keyword arguments")))
}

/// `Match.group(*groups)`: group 0 without arguments, one group's text, or a tuple of them.
fn match_group(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    no_keywords(space, "group", args)?;
    let m = args.positional[0];
    let (marks, groups) = match_marks(space, m)?;
    let wanted = &args.positional[1..];
    if wanted.len() <= 1 {
        let i = match wanted.first() {
            Some(&g) => group_index(space, m, groups, g)?,
            None => 0,
        };
        return group_value(space, m, marks, i, space.none);
    }
    let mut items = crate::gc::RootedVec::with_capacity(wanted.len());
    for &g in wanted {
        let i = group_index(space, m, groups, g)?;
        items.push(group_value(space, m, marks, i, space.none)?);
    }
    Ok(W_Tuple::from_slice(&items))
}

/// `Match.__getitem__(group)`.
fn match_getitem(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [m, g] = exact_args::<2>(space, "__getitem__", args)?;
    let (marks, groups) = match_marks(space, m)?;
    let i = group_index(space, m, groups, g)?;
    group_value(space, m, marks, i, space.none)
}

/// `Match.groups(default=None)`: the tuple of groups 1 and up.
fn match_groups(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let m = args.positional[0];
    let mut default = space.none;
    let given = args.positional.len() - 1 + args.keywords.len();
    if given > 1 {
        let message = format!("groups() takes at most 1 argument ({given} given)");
        return Err(space.new_exception(ExcKind::TypeError, &message));
    }
    if let Some(&d) = args.positional.get(1) {
        default = d;
    }
    if let Some(&(name, value)) = args.keywords.first() {
        if !unicode::eq_text(name, "default") {
            let message = format!("'{}' is an invalid keyword argument for groups()", unicode::to_string_lossy(name));
            return Err(space.new_exception(ExcKind::TypeError, &message));
        }
        default = value;
    }
    let (marks, groups) = match_marks(space, m)?;
    let mut items = crate::gc::RootedVec::with_capacity(groups);
    for i in 1..=groups {
        items.push(group_value(space, m, marks, i, default)?);
    }
    Ok(W_Tuple::from_slice(&items))
}

/// The group number of the one optional argument of `span`/`start`/`end` (0 by default).
fn span_arg(space: &Space, name: &str, args: &Args) -> PyResult<(GcRef, usize)> {
    no_keywords(space, name, args)?;
    let m = args.positional[0];
    let (marks, groups) = match_marks(space, m)?;
    let i = match args.positional.len() {
        1 => 0,
        2 => group_index(space, m, groups, args.positional[1])?,
        n => {
            let message = format!("{name} expected at most 1 argument, got {}", n - 1);
            return Err(space.new_exception(ExcKind::TypeError, &message));
        }
    };
    Ok((marks, i))
}

/// `Match.span(group=0)`.
fn match_span(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (marks, i) = span_arg(space, "span", args)?;
    let mut items = crate::gc::RootedVec::with_capacity(2);
    items.push(small_int(mark_at(marks, 2 * i + 1)));
    items.push(small_int(mark_at(marks, 2 * i + 2)));
    Ok(W_Tuple::from_slice(&items))
}

/// `Match.start(group=0)`.
fn match_start(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (marks, i) = span_arg(space, "start", args)?;
    Ok(small_int(mark_at(marks, 2 * i + 1)))
}

/// `Match.end(group=0)`.
fn match_end(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let (marks, i) = span_arg(space, "end", args)?;
    Ok(small_int(mark_at(marks, 2 * i + 2)))
}

//! The regular-expression matching engine under `_ripysre` (see `sre.rs`): our port of CPython
//! 3.11's `Modules/_sre/sre_lib.h`, running the code words that `re._compiler` produces over a
//! subject of code points (`&[u32]`) or bytes (`&[u8]`, also ASCII str).
//!
//! `SRE(match)` is a loop over an explicit stack of contexts ([`Ctx`]): where CPython's code
//! "calls" a sub-match (`DO_JUMP`), we push a context and run its code, and when that context
//! returns we resume the caller at the point its [`Jump`] names. Saved marks and repeat
//! positions live on one data stack, repeat contexts in a stack-ordered arena. An [`Engine`]
//! keeps all of these between runs, so that a search allocates nothing once warm.
//! `SRE(search)` uses the pattern's `INFO` block: a literal prefix (scanned with its overlap
//! table), or a charset that the first character must belong to. Beyond CPython, a pattern whose
//! code before a run of literals consumes a bounded width ([`inner_literal`]) is only tried at
//! the positions that the occurrences of those literals leave possible.

use crate::unicode;
use std::cell::Cell;

/// Opcodes (CPython 3.11's `re._constants.OPCODES`).
pub mod op {
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

/// The repeat count meaning "no upper bound".
const MAXREPEAT: u32 = u32::MAX;
/// `INFO` flags.
const INFO_PREFIX: u32 = 1;
const INFO_LITERAL: u32 = 2;
const INFO_CHARSET: u32 = 4;
/// A position that no subject has (CPython's NULL pointer).
const NOWHERE: usize = usize::MAX;

/// A character of a subject: a byte or a code point.
pub trait Char: Copy {
    /// The code point (or byte value).
    fn cp(self) -> u32;

    /// The first position of `c` in `hay`.
    fn find(hay: &[Self], c: u32) -> Option<usize>;
}

impl Char for u8 {
    #[inline(always)]
    fn cp(self) -> u32 {
        u32::from(self)
    }

    fn find(hay: &[u8], c: u32) -> Option<usize> {
        memchr::memchr(u8::try_from(c).ok()?, hay)
    }
}

impl Char for u32 {
    #[inline(always)]
    fn cp(self) -> u32 {
        self
    }

    fn find(hay: &[u32], c: u32) -> Option<usize> {
        hay.iter().position(|&x| x == c)
    }
}

/// Where the one-character item that every match must start with is, if the code at `pc`
/// starts with one (after marks and position tests, which consume nothing): a single-character
/// opcode, or a repeat of one at least once.
fn first_item(code: &[u32], mut pc: usize) -> Option<usize> {
    while matches!(code.get(pc), Some(&op::MARK) | Some(&op::AT)) {
        pc += 2;
    }
    match *code.get(pc)? {
        op::ANY
        | op::LITERAL
        | op::NOT_LITERAL
        | op::CATEGORY
        | op::IN
        | op::IN_IGNORE
        | op::IN_UNI_IGNORE
        | op::IN_LOC_IGNORE
        | op::LITERAL_IGNORE
        | op::LITERAL_UNI_IGNORE
        | op::LITERAL_LOC_IGNORE
        | op::NOT_LITERAL_IGNORE
        | op::NOT_LITERAL_UNI_IGNORE
        | op::NOT_LITERAL_LOC_IGNORE => Some(pc),
        op::REPEAT_ONE | op::MIN_REPEAT_ONE | op::POSSESSIVE_REPEAT_ONE if code[pc + 2] >= 1 => {
            first_item(code, pc + 4).filter(|&item| item == pc + 4)
        }
        _ => None,
    }
}

/// A run of literals that every match has at a bounded distance from its start: the code before
/// it consumes between `min` and `max` characters; its `len` `LITERAL` opcodes start at `at`.
#[derive(Clone, Copy)]
struct InnerLiteral {
    min: usize,
    max: usize,
    at: usize,
    len: usize,
}

/// The most characters the code before an inner literal may consume for the search to use it.
const INNER_LITERAL_REACH: usize = 64;

/// The inner literal of the code at `pc` (after `INFO`), if the code before its first `LITERAL`
/// consumes a bounded, non-zero width (a literal at the start is the `INFO` prefix's business).
fn inner_literal(code: &[u32], mut pc: usize) -> Option<InnerLiteral> {
    let (mut min, mut max) = (0, 0);
    while *code.get(pc)? != op::LITERAL {
        let (lo, hi, next) = op_width(code, pc)?;
        (min, max, pc) = (min + lo, max + hi, next);
        if max > INNER_LITERAL_REACH {
            return None;
        }
    }
    let len = (0..).take_while(|&i| code.get(pc + 2 * i) == Some(&op::LITERAL) && pc + 2 * i + 1 < code.len()).count();
    (max > 0).then_some(InnerLiteral { min, max, at: pc, len })
}

/// The least and most characters the opcode at `pc` consumes, and where the next one is; None
/// for the opcodes [`inner_literal`] does not look through.
fn op_width(code: &[u32], pc: usize) -> Option<(usize, usize, usize)> {
    let arg = |k: usize| code.get(pc + k).map(|&v| v as usize);
    Some(match *code.get(pc)? {
        op::MARK | op::AT => (0, 0, pc + 2),
        op::ANY | op::ANY_ALL => (1, 1, pc + 1),
        op::LITERAL
        | op::NOT_LITERAL
        | op::CATEGORY
        | op::LITERAL_IGNORE
        | op::NOT_LITERAL_IGNORE
        | op::LITERAL_UNI_IGNORE
        | op::NOT_LITERAL_UNI_IGNORE
        | op::LITERAL_LOC_IGNORE
        | op::NOT_LITERAL_LOC_IGNORE => (1, 1, pc + 2),
        op::IN | op::IN_IGNORE | op::IN_UNI_IGNORE | op::IN_LOC_IGNORE => (1, 1, pc + 1 + arg(1)?),
        op::ASSERT | op::ASSERT_NOT => (0, 0, pc + 1 + arg(1)?),
        op::REPEAT_ONE | op::MIN_REPEAT_ONE | op::POSSESSIVE_REPEAT_ONE => {
            let (min, max) = (arg(2)?, arg(3)?);
            if max > INNER_LITERAL_REACH {
                return None;
            }
            (min, max, pc + 1 + arg(1)?)
        }
        op::BRANCH => {
            // Alternatives: a skip to the next one, the body, `JUMP` past the branch; 0 ends them.
            let (mut min, mut max) = (usize::MAX, 0);
            let mut at = pc + 1;
            while arg(at - pc)? != 0 {
                let next = at + arg(at - pc)?;
                let (lo, hi) = seq_width(code, at + 1, next.checked_sub(2)?)?;
                (min, max) = (min.min(lo), max.max(hi));
                at = next;
            }
            if min > max {
                return None;
            }
            (min, max, at + 1)
        }
        _ => return None,
    })
}

/// The least and most characters the code `from..to` consumes (None as [`op_width`]).
fn seq_width(code: &[u32], mut from: usize, to: usize) -> Option<(usize, usize)> {
    let (mut min, mut max) = (0, 0);
    while from < to {
        let (lo, hi, next) = op_width(code, from)?;
        (min, max, from) = (min + lo, max + hi, next);
        if max > INNER_LITERAL_REACH {
            return None;
        }
    }
    (from == to && code.get(to) == Some(&op::JUMP)).then_some((min, max))
}

/// ASCII lower case (the engine's case folding without `re.UNICODE` or `re.LOCALE`).
pub fn lower_ascii(ch: u32) -> u32 {
    if (65..=90).contains(&ch) {
        ch + 32
    } else {
        ch
    }
}

/// ASCII upper case.
fn upper_ascii(ch: u32) -> u32 {
    if (97..=122).contains(&ch) {
        ch - 32
    } else {
        ch
    }
}

/// Unicode lower case as `Py_UNICODE_TOLOWER`: the first character of the full mapping.
pub fn lower_unicode(ch: u32) -> u32 {
    if ch < 128 {
        return lower_ascii(ch);
    }
    char::from_u32(ch).and_then(|c| c.to_lowercase().next()).map_or(ch, u32::from)
}

/// Unicode upper case as `Py_UNICODE_TOUPPER`: the first character of the full mapping.
pub fn upper_unicode(ch: u32) -> u32 {
    if ch < 128 {
        return upper_ascii(ch);
    }
    char::from_u32(ch).and_then(|c| c.to_uppercase().next()).map_or(ch, u32::from)
}

/// `\w` without `re.UNICODE`: ASCII letters, digits and `_`.
fn is_ascii_word(ch: u32) -> bool {
    ch < 128 && (ch as u8 == b'_' || (ch as u8).is_ascii_alphanumeric())
}

/// `\w` under `re.UNICODE`: alphanumeric characters (`str.isalnum`) and `_`.
fn is_uni_word(ch: u32) -> bool {
    if ch < 128 {
        return is_ascii_word(ch);
    }
    unicode::is_alnum(ch)
}

/// Whether `ch` belongs to category `code` (`CHCODES`).
fn category(code: u32, ch: u32) -> bool {
    match code {
        0 => ch < 128 && (ch as u8).is_ascii_digit(),
        1 => !(ch < 128 && (ch as u8).is_ascii_digit()),
        2 => matches!(ch, 9..=13 | 32),
        3 => !matches!(ch, 9..=13 | 32),
        4 | 8 => is_ascii_word(ch),
        5 | 9 => !is_ascii_word(ch),
        6 => ch == 10,
        7 => ch != 10,
        10 => unicode::decimal_value(ch).is_some(),
        11 => unicode::decimal_value(ch).is_none(),
        12 => unicode::is_space_cp(ch),
        13 => !unicode::is_space_cp(ch),
        14 => is_uni_word(ch),
        15 => !is_uni_word(ch),
        16 => unicode::is_linebreak(ch),
        17 => !unicode::is_linebreak(ch),
        _ => false,
    }
}

/// A pattern's code words, with the membership of the ASCII characters below 127 in each of its
/// character sets, computed the first time the set is tested (a set is named by the position
/// of its first word; bit 127 of an entry says whether it is known).
pub struct Program {
    words: Vec<u32>,
    ascii: Vec<Cell<u128>>,
    /// What a search looks for where the pattern's code starts (after `INFO`): its
    /// [`inner_literal`] and its [`first_item`], found once.
    inner: Option<InnerLiteral>,
    first: Option<usize>,
}

/// Bit 127 of a [`Program`]'s set entry: the other bits are known.
const SET_KNOWN: u128 = 1 << 127;

impl Program {
    /// The program of code words `words`.
    pub fn new(words: Vec<u32>) -> Program {
        let ascii = (0..words.len()).map(|_| Cell::new(0)).collect();
        let body = match words.as_slice() {
            [op::INFO, skip, ..] => 1 + *skip as usize,
            _ => 0,
        };
        let (inner, first) = (inner_literal(&words, body), first_item(&words, body));
        Program { words, ascii, inner, first }
    }

    /// The code words.
    pub fn words(&self) -> &[u32] {
        &self.words
    }
}

impl std::ops::Deref for Program {
    type Target = [u32];

    fn deref(&self) -> &[u32] {
        &self.words
    }
}

/// Whether `ch` is in the set whose code starts at `code[at]` (CPython's `SRE(charset)`); the
/// answers for ASCII characters come from the program's table.
#[inline(always)]
fn charset(code: &Program, at: usize, ch: u32) -> bool {
    if ch >= 127 {
        return charset_slow(code, at, ch);
    }
    let Some(entry) = code.ascii.get(at) else { return false };
    let mut bits = entry.get();
    if bits & SET_KNOWN == 0 {
        bits = (0..127u32).fold(SET_KNOWN, |acc, c| acc | (u128::from(charset_slow(code, at, c)) << c));
        entry.set(bits);
    }
    bits & (1 << ch) != 0
}

/// Whether `ch` is in the set whose code starts at `code[at]` (CPython's `SRE(charset)`).
fn charset_slow(code: &[u32], mut at: usize, ch: u32) -> bool {
    let mut ok = true;
    loop {
        let Some(&o) = code.get(at) else { return false };
        at += 1;
        match o {
            op::FAILURE => return !ok,
            op::LITERAL => {
                if ch == code[at] {
                    return ok;
                }
                at += 1;
            }
            op::CATEGORY => {
                if category(code[at], ch) {
                    return ok;
                }
                at += 1;
            }
            op::CHARSET => {
                if ch < 256 && code[at + (ch as usize >> 5)] & (1 << (ch & 31)) != 0 {
                    return ok;
                }
                at += 8;
            }
            op::RANGE => {
                if code[at] <= ch && ch <= code[at + 1] {
                    return ok;
                }
                at += 2;
            }
            op::RANGE_UNI_IGNORE => {
                if code[at] <= ch && ch <= code[at + 1] {
                    return ok;
                }
                let up = upper_unicode(ch);
                if code[at] <= up && up <= code[at + 1] {
                    return ok;
                }
                at += 2;
            }
            op::NEGATE => ok = !ok,
            op::BIGCHARSET => {
                let count = code[at] as usize;
                at += 1;
                if ch < 0x10000 {
                    let k = (ch >> 8) as usize;
                    let block = (code[at + k / 4] >> (8 * (k % 4))) as usize & 0xff;
                    let bit = block * 256 + (ch as usize & 255);
                    if code[at + 64 + bit / 32] & (1 << (bit % 32)) != 0 {
                        return ok;
                    }
                }
                at += 64 + count * 8;
            }
            _ => return false,
        }
    }
}

/// `charset` under `re.LOCALE` case folding (the C locale: ASCII).
fn charset_loc_ignore(code: &Program, at: usize, ch: u32) -> bool {
    let lo = lower_ascii(ch);
    if charset(code, at, lo) {
        return true;
    }
    let up = upper_ascii(ch);
    up != lo && charset(code, at, up)
}

/// Whether `ch` equals `pattern` under `re.LOCALE` case folding.
fn char_loc_ignore(pattern: u32, ch: u32) -> bool {
    ch == pattern || lower_ascii(ch) == pattern || upper_ascii(ch) == pattern
}

/// Whether the one-character item at `code[at]` (opcode first) matches `ch`.
#[inline(always)]
fn item_matches(code: &Program, at: usize, ch: u32) -> bool {
    let arg = code.get(at + 1).copied().unwrap_or(0);
    match code[at] {
        op::ANY => ch != 10,
        op::ANY_ALL => true,
        op::LITERAL => ch == arg,
        op::NOT_LITERAL => ch != arg,
        op::LITERAL_IGNORE => lower_ascii(ch) == arg,
        op::NOT_LITERAL_IGNORE => lower_ascii(ch) != arg,
        op::LITERAL_UNI_IGNORE => lower_unicode(ch) == arg,
        op::NOT_LITERAL_UNI_IGNORE => lower_unicode(ch) != arg,
        op::LITERAL_LOC_IGNORE => char_loc_ignore(arg, ch),
        op::NOT_LITERAL_LOC_IGNORE => !char_loc_ignore(arg, ch),
        op::IN => charset(code, at + 2, ch),
        op::IN_IGNORE => charset(code, at + 2, lower_ascii(ch)),
        op::IN_UNI_IGNORE => charset(code, at + 2, lower_unicode(ch)),
        op::IN_LOC_IGNORE => charset_loc_ignore(code, at + 2, ch),
        op::CATEGORY => category(arg, ch),
        _ => false,
    }
}

/// Where a context resumes its caller when it returns (CPython's `JUMP_*`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Jump {
    None,
    MaxUntil1,
    MaxUntil2,
    MaxUntil3,
    MinUntil1,
    MinUntil2,
    MinUntil3,
    Repeat,
    RepeatOne1,
    RepeatOne2,
    MinRepeatOne,
    Branch,
    Assert,
    AssertNot,
    PossRepeat1,
    PossRepeat2,
    AtomicGroup,
}

/// One context of `SRE(match)`: where the code and the subject were when it called another
/// context, and its loop state.
#[derive(Clone, Copy)]
struct Ctx {
    pc: usize,
    ptr: usize,
    count: isize,
    /// The literal a `REPEAT_ONE` tail starts with, or the index of the repeat in the arena.
    arg: usize,
    lastmark: isize,
    lastindex: isize,
    toplevel: bool,
    jump: Jump,
}

/// A repeat context (`SRE_REPEAT`): the count so far, the `REPEAT`'s code, the enclosing repeat.
#[derive(Clone, Copy)]
struct Repeat {
    count: isize,
    pc: usize,
    prev: Option<usize>,
    last_ptr: usize,
}

/// Where `SRE(match)`'s loop goes next: CPython's labels.
enum Next {
    /// `entrance`: a new context starts at `pc`, at the subject position `state.ptr`.
    Enter,
    /// `dispatch`: the next opcode.
    Op,
    /// `exit`: the context returns.
    Ret(bool),
    /// The loop of `BRANCH` over its alternatives.
    Branch,
    /// The loop of `REPEAT_ONE` backing off to a literal that starts the tail.
    RepeatOneLiteral,
    /// The loop of `REPEAT_ONE` backing off one character at a time.
    RepeatOne,
    /// The loop of `MIN_REPEAT_ONE` trying the tail after each count.
    MinRepeatOne,
    /// `MIN_REPEAT_ONE` after a failed tail: one more character.
    MinRepeatOneStep,
    /// `MAX_UNTIL` after the attempt at one more item: the tail.
    MaxUntilTail,
    /// The loop of `POSSESSIVE_REPEAT` over its minimum count.
    PossMin,
    /// The loop of `POSSESSIVE_REPEAT` beyond its minimum.
    PossMore,
}

/// The matching state (CPython's `SRE_STATE`) and the stacks, kept between runs.
pub struct Engine {
    marks: Vec<usize>,
    lastmark: isize,
    lastindex: isize,
    repeats: Vec<Repeat>,
    repeat: Option<usize>,
    stack: Vec<Ctx>,
    data: Vec<usize>,
    /// Where the match starts (`state->start`).
    pub start: usize,
    /// Where the match ends once found (`state->ptr`).
    pub ptr: usize,
    end: usize,
    match_all: bool,
    must_advance: bool,
}

impl Default for Engine {
    fn default() -> Engine {
        Engine::new()
    }
}

impl Engine {
    /// A fresh engine.
    pub const fn new() -> Engine {
        Engine {
            marks: Vec::new(),
            lastmark: -1,
            lastindex: -1,
            repeats: Vec::new(),
            repeat: None,
            stack: Vec::new(),
            data: Vec::new(),
            start: 0,
            ptr: 0,
            end: 0,
            match_all: false,
            must_advance: false,
        }
    }

    /// Prepare a run over `start..end` for a pattern of `groups` groups (`state_reset`).
    fn reset(&mut self, groups: usize, start: usize, end: usize, match_all: bool, must_advance: bool) {
        let need = 2 * groups + 2;
        if self.marks.len() < need {
            self.marks.resize(need, NOWHERE);
        }
        self.lastmark = -1;
        self.lastindex = -1;
        self.repeats.clear();
        self.repeat = None;
        self.stack.clear();
        self.data.clear();
        self.start = start;
        self.ptr = start;
        self.end = end;
        self.match_all = match_all;
        self.must_advance = must_advance;
    }

    /// The `lastindex` of the match found (-1: none).
    pub fn lastindex(&self) -> isize {
        self.lastindex
    }

    /// The span of group `g` (from 1) of the match found, if it took part.
    pub fn group(&self, g: usize) -> Option<(usize, usize)> {
        let j = 2 * (g - 1);
        if (j + 1) as isize > self.lastmark {
            return None;
        }
        let (s, e) = (self.marks[j], self.marks[j + 1]);
        (s != NOWHERE && e != NOWHERE && s <= e).then_some((s, e))
    }

    /// `Pattern.match` (or `fullmatch` when `match_all`) over `s[..end]` from `start`: whether
    /// it matches; the match is then `self.start..self.ptr` and the groups.
    #[allow(clippy::too_many_arguments)]
    pub fn matches<T: Char>(
        &mut self,
        s: &[T],
        code: &Program,
        groups: usize,
        (start, end): (usize, usize),
        match_all: bool,
        must_advance: bool,
    ) -> bool {
        self.reset(groups, start, end, match_all, must_advance);
        self.run(s, code, 0, true)
    }

    /// `Pattern.search` over `s[..end]` from `start` (CPython's `SRE(search)`).
    pub fn search<T: Char>(
        &mut self,
        s: &[T],
        code: &Program,
        groups: usize,
        (start, end): (usize, usize),
        must_advance: bool,
    ) -> bool {
        self.reset(groups, start, end, false, must_advance);
        let mut ptr = start;
        let mut end = end;
        if ptr > end {
            return false;
        }
        let mut pc = 0;
        let (mut flags, mut prefix, mut set) = (0, None, None);
        if code[0] == op::INFO {
            flags = code[2];
            let min = code[3] as usize;
            if min > 0 && end - ptr < min {
                return false;
            }
            if min > 1 {
                end = end.saturating_sub(min - 1).max(ptr);
            }
            if flags & INFO_PREFIX != 0 {
                prefix = Some((code[5] as usize, code[6] as usize, 7));
            } else if flags & INFO_CHARSET != 0 {
                set = Some(5);
            }
            pc = 1 + code[1] as usize;
        }
        if let Some((len, skip, at)) = prefix {
            return self.search_prefix(s, code, pc, (len, skip, at), flags & INFO_LITERAL != 0, ptr);
        }
        if let Some(set) = set {
            let end = self.end;
            self.must_advance = false;
            loop {
                while ptr < end && !charset(code, set, s[ptr].cp()) {
                    ptr += 1;
                }
                if ptr >= end {
                    return false;
                }
                self.start = ptr;
                self.ptr = ptr;
                if self.run(s, code, pc, false) {
                    return true;
                }
                ptr += 1;
                self.lastmark = -1;
                self.lastindex = -1;
            }
        }
        let anchored = code[pc] == op::AT && (code[pc + 1] == 0 || code[pc + 1] == 2);
        if !anchored {
            if let Some(inner) = code.inner {
                return self.search_inner(s, code, pc, inner, (ptr, end));
            }
        }
        self.start = ptr;
        self.ptr = ptr;
        let mut found = self.run(s, code, pc, true);
        self.must_advance = false;
        if !found && anchored {
            self.start = end;
            self.ptr = end;
            return false;
        }
        let first = code.first;
        while !found && ptr < end {
            ptr += 1;
            if let Some(item) = first {
                // Positions where the first character cannot match fail at once: skip them.
                if code[item] == op::LITERAL {
                    ptr += T::find(&s[ptr..end], code[item + 1]).unwrap_or(end - ptr);
                } else {
                    while ptr < end && !item_matches(code, item, s[ptr].cp()) {
                        ptr += 1;
                    }
                }
            }
            self.lastmark = -1;
            self.lastindex = -1;
            self.start = ptr;
            self.ptr = ptr;
            found = self.run(s, code, pc, false);
        }
        found
    }

    /// The search for a pattern with an inner literal (see [`inner_literal`]) from `start`, for
    /// matches starting at `last` at the latest: only the positions that the literal's
    /// occurrences (found with `memchr`) leave possible are tried, in order.
    fn search_inner<T: Char>(
        &mut self,
        s: &[T],
        code: &Program,
        pc: usize,
        inner: InnerLiteral,
        (start, last): (usize, usize),
    ) -> bool {
        let end = self.end;
        let must_advance = self.must_advance;
        let literal = |i: usize| code[inner.at + 2 * i + 1];
        // Every position before `next` has been tried or ruled out.
        let mut next = start;
        while next <= last {
            let mut q = next + inner.min;
            loop {
                if q + inner.len > end {
                    return false;
                }
                let Some(k) = T::find(&s[q..end + 1 - inner.len], literal(0)) else { return false };
                q += k;
                if (1..inner.len).all(|i| s[q + i].cp() == literal(i)) {
                    break;
                }
                q += 1;
            }
            let from = next.max(q.saturating_sub(inner.max));
            let to = (q - inner.min).min(last);
            for p in from..=to {
                self.lastmark = -1;
                self.lastindex = -1;
                self.start = p;
                self.ptr = p;
                self.must_advance = must_advance && p == start;
                if self.run(s, code, pc, p == start) {
                    return true;
                }
            }
            next = q - inner.min + 1;
        }
        false
    }

    /// The search for a pattern starting with a literal prefix of `len` characters at
    /// `code[at..]` (followed by its overlap table), of which the first `skip` are the
    /// pattern's first literals; `literal`: the prefix is the whole pattern.
    fn search_prefix<T: Char>(
        &mut self,
        s: &[T],
        code: &Program,
        pc: usize,
        (len, skip, at): (usize, usize, usize),
        literal: bool,
        mut ptr: usize,
    ) -> bool {
        let end = self.end;
        let prefix = &code[at..at + len];
        let body = pc + 2 * skip;
        if len == 1 {
            let c = prefix[0];
            self.must_advance = false;
            while ptr < end {
                let Some(k) = T::find(&s[ptr..end], c) else { return false };
                ptr += k;
                self.start = ptr;
                self.ptr = ptr + skip;
                if literal || self.run(s, code, body, false) {
                    return true;
                }
                ptr += 1;
                self.lastmark = -1;
                self.lastindex = -1;
            }
            return false;
        }
        if len > end - ptr {
            return false;
        }
        // Every occurrence of the prefix in turn (as the overlap table's scan finds them).
        self.must_advance = false;
        while ptr + len <= end {
            let Some(k) = T::find(&s[ptr..end + 1 - len], prefix[0]) else { return false };
            let at = ptr + k;
            if (1..len).all(|i| s[at + i].cp() == prefix[i]) {
                self.start = at;
                self.ptr = at + skip;
                if literal || self.run(s, code, body, false) {
                    return true;
                }
                self.lastmark = -1;
                self.lastindex = -1;
            }
            ptr = at + 1;
        }
        false
    }

    /// How many times (at most `max`) the one-character item at `code[at]` matches from
    /// `self.ptr` (CPython's `SRE(count)`).
    fn count<T: Char>(&self, s: &[T], code: &Program, at: usize, max: u32) -> usize {
        let ptr = self.ptr;
        let mut end = self.end;
        if max != MAXREPEAT && (max as usize) < end - ptr {
            end = ptr + max as usize;
        }
        let text = &s[ptr..end];
        let arg = code.get(at + 1).copied().unwrap_or(0);
        match code[at] {
            op::ANY_ALL => text.len(),
            op::ANY => text.iter().position(|c| c.cp() == 10).unwrap_or(text.len()),
            op::LITERAL => text.iter().position(|c| c.cp() != arg).unwrap_or(text.len()),
            op::NOT_LITERAL => text.iter().position(|c| c.cp() == arg).unwrap_or(text.len()),
            op::IN => text.iter().position(|c| !charset(code, at + 2, c.cp())).unwrap_or(text.len()),
            _ => text.iter().position(|c| !item_matches(code, at, c.cp())).unwrap_or(text.len()),
        }
    }

    /// What `REPEAT_ONE`, `MIN_REPEAT_ONE` and `POSSESSIVE_REPEAT_ONE` (opcode `o`, its
    /// arguments at `pc`) first do at `ptr`: count the item's least number of matches (the
    /// minimum for `MIN_REPEAT_ONE`, else as many as allowed), and end the context when that
    /// fails or when the tail is `SUCCESS` and the match is then done. Otherwise the count is
    /// kept in the context (with the marks, saved, except for the possessive repeat, which never
    /// backtracks) and the position after it is returned.
    fn repeat_one_start<T: Char>(
        &mut self,
        s: &[T],
        code: &Program,
        pc: usize,
        ptr: usize,
        o: u32,
    ) -> Result<usize, bool> {
        let min = code[pc + 1] as usize;
        if min > self.end - ptr {
            return Err(false);
        }
        self.ptr = ptr;
        let lazy = o == op::MIN_REPEAT_ONE;
        let count = match (lazy, min) {
            (true, 0) => 0,
            (true, _) => self.count(s, code, pc + 3, code[pc + 1]),
            (false, _) => self.count(s, code, pc + 3, code[pc + 2]),
        };
        if count < min {
            return Err(false);
        }
        let ptr = ptr + count;
        let toplevel = self.stack.last().expect("a context").toplevel;
        let empty_at_start = toplevel && self.must_advance && ptr == self.start;
        let done = if lazy {
            !(empty_at_start || (toplevel && self.match_all && ptr != self.end))
        } else {
            ptr == self.end && !empty_at_start
        };
        if code[pc + code[pc] as usize] == op::SUCCESS && done {
            self.ptr = ptr;
            return Err(true);
        }
        if o != op::POSSESSIVE_REPEAT_ONE {
            let (lastmark, lastindex) = (self.lastmark, self.lastindex);
            let c = self.stack.last_mut().expect("a context");
            (c.count, c.lastmark, c.lastindex) = (count as isize, lastmark, lastindex);
            if self.repeat.is_some() {
                self.mark_push(lastmark);
            }
        }
        Ok(ptr)
    }

    /// Save marks `0..=lastmark` on the data stack (`MARK_PUSH`).
    fn mark_push(&mut self, lastmark: isize) {
        if lastmark >= 0 {
            self.data.extend_from_slice(&self.marks[..=lastmark as usize]);
        }
    }

    /// Restore marks `0..=lastmark` from the data stack, dropping them there when `discard`
    /// (`MARK_POP`, `MARK_POP_KEEP`).
    fn mark_pop(&mut self, lastmark: isize, discard: bool) {
        if lastmark >= 0 {
            let n = lastmark as usize + 1;
            let from = self.data.len() - n;
            self.marks[..n].copy_from_slice(&self.data[from..]);
            if discard {
                self.data.truncate(from);
            }
        }
    }

    /// Drop saved marks `0..=lastmark` from the data stack (`MARK_POP_DISCARD`).
    fn mark_discard(&mut self, lastmark: isize) {
        if lastmark >= 0 {
            let n = self.data.len() - (lastmark as usize + 1);
            self.data.truncate(n);
        }
    }

    /// Whether position `ptr` is at `AT` code `at`.
    fn at<T: Char>(&self, s: &[T], ptr: usize, at: u32) -> bool {
        let end = self.end;
        let word = |is: fn(u32) -> bool| {
            let before = ptr > 0 && is(s[ptr - 1].cp());
            let here = ptr < end && is(s[ptr].cp());
            (before, here)
        };
        match at {
            0 | 2 => ptr == 0,
            1 => ptr == 0 || s[ptr - 1].cp() == 10,
            5 => (end - ptr == 1 && s[ptr].cp() == 10) || ptr == end,
            6 => ptr == end || s[ptr].cp() == 10,
            7 => ptr == end,
            3 | 4 | 8 | 9 => {
                if end == 0 {
                    return false;
                }
                let (before, here) = word(is_ascii_word);
                (before != here) == (at == 3 || at == 8)
            }
            10 | 11 => {
                if end == 0 {
                    return false;
                }
                let (before, here) = word(is_uni_word);
                (before != here) == (at == 10)
            }
            _ => false,
        }
    }

    /// The span of group reference `g` (from 0) if set.
    fn groupref(&self, g: u32) -> Option<(usize, usize)> {
        let j = 2 * g as usize;
        if j as isize >= self.lastmark {
            return None;
        }
        let (p, e) = (self.marks[j], self.marks[j + 1]);
        (p != NOWHERE && e != NOWHERE && p <= e).then_some((p, e))
    }

    /// CPython's `SRE(match)` from code position `pc0` and subject position `self.ptr`.
    fn run<T: Char>(&mut self, s: &[T], code: &Program, pc0: usize, toplevel: bool) -> bool {
        let end = self.end;
        let base = self.stack.len();
        self.stack.push(Ctx {
            pc: pc0,
            ptr: 0,
            count: 0,
            arg: 0,
            lastmark: -1,
            lastindex: -1,
            toplevel,
            jump: Jump::None,
        });
        let mut pc = pc0;
        let mut ptr = self.ptr;
        let mut next = Next::Enter;
        macro_rules! ctx {
            () => {
                self.stack.last_mut().expect("a context")
            };
        }
        // Call the context at `$to` (returning to `$jump`); `$top`: it is top level.
        macro_rules! call {
            ($jump:expr, $to:expr, $top:expr) => {{
                self.call($jump, $top, pc, ptr);
                pc = $to;
                Next::Enter
            }};
        }
        macro_rules! save_lastmark {
            () => {{
                let (lm, li) = (self.lastmark, self.lastindex);
                let c = ctx!();
                c.lastmark = lm;
                c.lastindex = li;
            }};
        }
        loop {
            next = match next {
                Next::Enter => {
                    ptr = self.ptr;
                    if code[pc] == op::INFO {
                        let min = code[pc + 3] as usize;
                        if min > 0 && end - ptr < min {
                            next = Next::Ret(false);
                            continue;
                        }
                        pc += code[pc + 1] as usize + 1;
                    }
                    Next::Op
                }
                Next::Op => loop {
                    let o = code[pc];
                    pc += 1;
                    match o {
                        op::MARK => {
                            let i = code[pc] as usize;
                            if i & 1 == 1 {
                                self.lastindex = (i / 2 + 1) as isize;
                            }
                            if i as isize > self.lastmark {
                                for j in (self.lastmark + 1) as usize..i {
                                    self.marks[j] = NOWHERE;
                                }
                                self.lastmark = i as isize;
                            }
                            self.marks[i] = ptr;
                            pc += 1;
                        }
                        op::LITERAL => {
                            if ptr >= end || s[ptr].cp() != code[pc] {
                                break Next::Ret(false);
                            }
                            pc += 1;
                            ptr += 1;
                        }
                        op::NOT_LITERAL => {
                            if ptr >= end || s[ptr].cp() == code[pc] {
                                break Next::Ret(false);
                            }
                            pc += 1;
                            ptr += 1;
                        }
                        op::SUCCESS => {
                            let c = ctx!();
                            if c.toplevel
                                && ((self.match_all && ptr != end) || (self.must_advance && ptr == self.start))
                            {
                                break Next::Ret(false);
                            }
                            self.ptr = ptr;
                            break Next::Ret(true);
                        }
                        op::AT => {
                            if !self.at(s, ptr, code[pc]) {
                                break Next::Ret(false);
                            }
                            pc += 1;
                        }
                        op::ANY
                        | op::ANY_ALL
                        | op::CATEGORY
                        | op::LITERAL_IGNORE
                        | op::LITERAL_UNI_IGNORE
                        | op::LITERAL_LOC_IGNORE
                        | op::NOT_LITERAL_IGNORE
                        | op::NOT_LITERAL_UNI_IGNORE
                        | op::NOT_LITERAL_LOC_IGNORE => {
                            if ptr >= end || !item_matches(code, pc - 1, s[ptr].cp()) {
                                break Next::Ret(false);
                            }
                            if o != op::ANY && o != op::ANY_ALL {
                                pc += 1;
                            }
                            ptr += 1;
                        }
                        op::IN | op::IN_IGNORE | op::IN_UNI_IGNORE | op::IN_LOC_IGNORE => {
                            if ptr >= end || !item_matches(code, pc - 1, s[ptr].cp()) {
                                break Next::Ret(false);
                            }
                            pc += code[pc] as usize;
                            ptr += 1;
                        }
                        op::JUMP | op::INFO => pc += code[pc] as usize,
                        op::BRANCH => {
                            save_lastmark!();
                            if self.repeat.is_some() {
                                self.mark_push(self.lastmark);
                            }
                            break Next::Branch;
                        }
                        op::REPEAT_ONE | op::MIN_REPEAT_ONE | op::POSSESSIVE_REPEAT_ONE => {
                            match self.repeat_one_start(s, code, pc, ptr, o) {
                                Ok(counted) => ptr = counted,
                                Err(ret) => break Next::Ret(ret),
                            }
                            let tail = pc + code[pc] as usize;
                            match o {
                                op::POSSESSIVE_REPEAT_ONE => pc = tail,
                                op::MIN_REPEAT_ONE => break Next::MinRepeatOne,
                                _ if code[tail] == op::LITERAL => {
                                    ctx!().arg = code[tail + 1] as usize;
                                    break Next::RepeatOneLiteral;
                                }
                                _ => break Next::RepeatOne,
                            }
                        }
                        op::REPEAT => {
                            let index = self.repeats.len();
                            self.repeats.push(Repeat { count: -1, pc, prev: self.repeat, last_ptr: NOWHERE });
                            self.repeat = Some(index);
                            ctx!().arg = index;
                            self.ptr = ptr;
                            let to = pc + code[pc] as usize;
                            let top = ctx!().toplevel;
                            break call!(Jump::Repeat, to, top);
                        }
                        op::MAX_UNTIL | op::MIN_UNTIL => {
                            let Some(index) = self.repeat else { break Next::Ret(false) };
                            self.ptr = ptr;
                            let rep = self.repeats[index];
                            let count = rep.count + 1;
                            let c = ctx!();
                            c.arg = index;
                            c.count = count;
                            let top = c.toplevel;
                            if count < code[rep.pc + 1] as isize {
                                self.repeats[index].count = count;
                                let jump = if o == op::MAX_UNTIL { Jump::MaxUntil1 } else { Jump::MinUntil1 };
                                break call!(jump, rep.pc + 3, top);
                            }
                            if o == op::MIN_UNTIL {
                                self.repeat = rep.prev;
                                save_lastmark!();
                                if self.repeat.is_some() {
                                    self.mark_push(self.lastmark);
                                }
                                break call!(Jump::MinUntil2, pc, top);
                            }
                            let max = code[rep.pc + 2];
                            if (count < max as isize || max == MAXREPEAT) && self.ptr != rep.last_ptr {
                                self.repeats[index].count = count;
                                save_lastmark!();
                                self.mark_push(self.lastmark);
                                self.data.push(rep.last_ptr);
                                self.repeats[index].last_ptr = self.ptr;
                                break call!(Jump::MaxUntil2, rep.pc + 3, top);
                            }
                            break Next::MaxUntilTail;
                        }
                        op::POSSESSIVE_REPEAT => {
                            self.ptr = ptr;
                            ctx!().count = 0;
                            break Next::PossMin;
                        }
                        op::ATOMIC_GROUP => {
                            self.ptr = ptr;
                            break call!(Jump::AtomicGroup, pc + 1, false);
                        }
                        op::GROUPREF | op::GROUPREF_IGNORE | op::GROUPREF_UNI_IGNORE | op::GROUPREF_LOC_IGNORE => {
                            let Some((mut p, e)) = self.groupref(code[pc]) else { break Next::Ret(false) };
                            let fold: fn(u32) -> u32 = match o {
                                op::GROUPREF => |c| c,
                                op::GROUPREF_IGNORE | op::GROUPREF_LOC_IGNORE => lower_ascii,
                                _ => lower_unicode,
                            };
                            let mut ok = true;
                            while p < e {
                                if ptr >= end || fold(s[ptr].cp()) != fold(s[p].cp()) {
                                    ok = false;
                                    break;
                                }
                                p += 1;
                                ptr += 1;
                            }
                            if !ok {
                                break Next::Ret(false);
                            }
                            pc += 1;
                        }
                        op::GROUPREF_EXISTS => {
                            if self.groupref(code[pc]).is_none() {
                                pc += code[pc + 1] as usize;
                            } else {
                                pc += 2;
                            }
                        }
                        op::ASSERT => {
                            let back = code[pc + 1] as usize;
                            if ptr < back {
                                break Next::Ret(false);
                            }
                            self.ptr = ptr - back;
                            break call!(Jump::Assert, pc + 2, false);
                        }
                        op::ASSERT_NOT => {
                            let back = code[pc + 1] as usize;
                            if ptr >= back {
                                self.ptr = ptr - back;
                                save_lastmark!();
                                if self.repeat.is_some() {
                                    self.mark_push(self.lastmark);
                                }
                                break call!(Jump::AssertNot, pc + 2, false);
                            }
                            pc += code[pc] as usize;
                        }
                        _ => break Next::Ret(false),
                    }
                },
                Next::Ret(ret) => {
                    let done = self.stack.pop().expect("a context");
                    if self.stack.len() == base {
                        return ret;
                    }
                    let c = *ctx!();
                    pc = c.pc;
                    ptr = c.ptr;
                    self.resume(done.jump, ret, c, code, &mut pc, &mut ptr)
                }
                Next::Branch => {
                    let mut n = Next::Ret(false);
                    let mut called = false;
                    while code[pc] != 0 {
                        let first = code[pc + 1];
                        if (first == op::LITERAL && (ptr >= end || s[ptr].cp() != code[pc + 2]))
                            || (first == op::IN && (ptr >= end || !charset(code, pc + 3, s[ptr].cp())))
                        {
                            pc += code[pc] as usize;
                            continue;
                        }
                        self.ptr = ptr;
                        let top = ctx!().toplevel;
                        n = call!(Jump::Branch, pc + 1, top);
                        called = true;
                        break;
                    }
                    if !called && self.repeat.is_some() {
                        let lm = ctx!().lastmark;
                        self.mark_discard(lm);
                    }
                    n
                }
                Next::RepeatOneLiteral => {
                    let c = *ctx!();
                    let min = code[pc + 1] as isize;
                    let chr = c.arg as u32;
                    let mut count = c.count;
                    while count >= min && (ptr >= end || s[ptr].cp() != chr) {
                        ptr = ptr.wrapping_sub(1);
                        count -= 1;
                    }
                    ctx!().count = count;
                    if count < min {
                        if self.repeat.is_some() {
                            self.mark_discard(c.lastmark);
                        }
                        Next::Ret(false)
                    } else {
                        self.ptr = ptr;
                        call!(Jump::RepeatOne1, pc + code[pc] as usize, c.toplevel)
                    }
                }
                Next::RepeatOne => {
                    let c = *ctx!();
                    if c.count >= code[pc + 1] as isize {
                        self.ptr = ptr;
                        call!(Jump::RepeatOne2, pc + code[pc] as usize, c.toplevel)
                    } else {
                        if self.repeat.is_some() {
                            self.mark_discard(c.lastmark);
                        }
                        Next::Ret(false)
                    }
                }
                Next::MinRepeatOne => {
                    let c = *ctx!();
                    let max = code[pc + 2];
                    if max == MAXREPEAT || c.count <= max as isize {
                        self.ptr = ptr;
                        call!(Jump::MinRepeatOne, pc + code[pc] as usize, c.toplevel)
                    } else {
                        if self.repeat.is_some() {
                            self.mark_discard(c.lastmark);
                        }
                        Next::Ret(false)
                    }
                }
                Next::MinRepeatOneStep => {
                    self.ptr = ptr;
                    if self.count(s, code, pc + 3, 1) == 0 {
                        if self.repeat.is_some() {
                            let lm = ctx!().lastmark;
                            self.mark_discard(lm);
                        }
                        Next::Ret(false)
                    } else {
                        ptr += 1;
                        ctx!().count += 1;
                        Next::MinRepeatOne
                    }
                }
                Next::MaxUntilTail => {
                    let c = *ctx!();
                    self.repeat = self.repeats[c.arg].prev;
                    call!(Jump::MaxUntil3, pc, c.toplevel)
                }
                Next::PossMin => {
                    let c = *ctx!();
                    if c.count < code[pc + 1] as isize {
                        call!(Jump::PossRepeat1, pc + 3, false)
                    } else {
                        ptr = NOWHERE;
                        Next::PossMore
                    }
                }
                Next::PossMore => {
                    let c = *ctx!();
                    let max = code[pc + 2];
                    if (c.count < max as isize || max == MAXREPEAT) && self.ptr != ptr {
                        save_lastmark!();
                        self.mark_push(self.lastmark);
                        ptr = self.ptr;
                        call!(Jump::PossRepeat2, pc + 3, false)
                    } else {
                        pc += code[pc] as usize + 1;
                        ptr = self.ptr;
                        Next::Op
                    }
                }
            };
        }
    }

    /// After a BRANCH alternative or an ASSERT_NOT body returned `ret`: on success, drop the
    /// marks saved for it (inside a repeat) and answer true; on failure, restore the marks
    /// (`discard`: as `mark_pop` takes it) and the last mark and index, move `pc` past the item,
    /// and answer false.
    fn after_attempt(
        &mut self,
        ret: bool,
        in_repeat: bool,
        discard: bool,
        c: Ctx,
        code: &Program,
        pc: &mut usize,
    ) -> bool {
        if ret {
            if in_repeat {
                self.mark_discard(c.lastmark);
            }
            return true;
        }
        if in_repeat {
            self.mark_pop(c.lastmark, discard);
        }
        self.lastmark = c.lastmark;
        self.lastindex = c.lastindex;
        *pc += code[*pc] as usize;
        false
    }

    /// Resume the context `c` (now the top one, at `pc` and `ptr`) after the context it called
    /// for `jump` returned `ret`.
    fn resume(&mut self, jump: Jump, ret: bool, c: Ctx, code: &Program, pc: &mut usize, ptr: &mut usize) -> Next {
        let in_repeat = self.repeat.is_some();
        match jump {
            Jump::None => Next::Ret(ret),
            Jump::Branch => match self.after_attempt(ret, in_repeat, false, c, code, pc) {
                true => Next::Ret(true),
                false => Next::Branch,
            },
            Jump::RepeatOne1 | Jump::RepeatOne2 | Jump::MinRepeatOne => {
                if ret {
                    if in_repeat {
                        self.mark_discard(c.lastmark);
                    }
                    return Next::Ret(true);
                }
                if in_repeat {
                    self.mark_pop(c.lastmark, false);
                }
                self.lastmark = c.lastmark;
                self.lastindex = c.lastindex;
                if jump == Jump::MinRepeatOne {
                    return Next::MinRepeatOneStep;
                }
                *ptr = ptr.wrapping_sub(1);
                self.stack.last_mut().expect("a context").count -= 1;
                if jump == Jump::RepeatOne1 {
                    Next::RepeatOneLiteral
                } else {
                    Next::RepeatOne
                }
            }
            Jump::Repeat => {
                self.repeat = self.repeats[c.arg].prev;
                self.repeats.truncate(c.arg);
                Next::Ret(ret)
            }
            Jump::MaxUntil1 | Jump::MinUntil1 => {
                if ret {
                    return Next::Ret(true);
                }
                self.repeats[c.arg].count = c.count - 1;
                self.ptr = *ptr;
                Next::Ret(false)
            }
            Jump::MaxUntil2 => {
                self.repeats[c.arg].last_ptr = self.data.pop().expect("a saved position");
                if ret {
                    self.mark_discard(c.lastmark);
                    return Next::Ret(true);
                }
                self.mark_pop(c.lastmark, true);
                self.lastmark = c.lastmark;
                self.lastindex = c.lastindex;
                self.repeats[c.arg].count = c.count - 1;
                self.ptr = *ptr;
                Next::MaxUntilTail
            }
            Jump::MaxUntil3 => {
                self.repeat = Some(c.arg);
                if ret {
                    return Next::Ret(true);
                }
                self.ptr = *ptr;
                Next::Ret(false)
            }
            Jump::MinUntil2 => {
                let tail_in_repeat = self.repeat.is_some();
                self.repeat = Some(c.arg);
                if ret {
                    if tail_in_repeat {
                        self.mark_discard(c.lastmark);
                    }
                    return Next::Ret(true);
                }
                if tail_in_repeat {
                    self.mark_pop(c.lastmark, true);
                }
                self.lastmark = c.lastmark;
                self.lastindex = c.lastindex;
                self.ptr = *ptr;
                let rep = self.repeats[c.arg];
                let max = code[rep.pc + 2];
                if (c.count >= max as isize && max != MAXREPEAT) || self.ptr == rep.last_ptr {
                    return Next::Ret(false);
                }
                self.repeats[c.arg].count = c.count;
                self.data.push(rep.last_ptr);
                self.repeats[c.arg].last_ptr = self.ptr;
                self.call(Jump::MinUntil3, c.toplevel, *pc, *ptr);
                *pc = rep.pc + 3;
                Next::Enter
            }
            Jump::MinUntil3 => {
                self.repeats[c.arg].last_ptr = self.data.pop().expect("a saved position");
                if ret {
                    return Next::Ret(true);
                }
                self.repeats[c.arg].count = c.count - 1;
                self.ptr = *ptr;
                Next::Ret(false)
            }
            Jump::PossRepeat1 => {
                if ret {
                    self.stack.last_mut().expect("a context").count += 1;
                    return Next::PossMin;
                }
                self.ptr = *ptr;
                Next::Ret(false)
            }
            Jump::PossRepeat2 => {
                if ret {
                    self.mark_discard(c.lastmark);
                    self.stack.last_mut().expect("a context").count += 1;
                    return Next::PossMore;
                }
                self.mark_pop(c.lastmark, true);
                self.lastmark = c.lastmark;
                self.lastindex = c.lastindex;
                self.ptr = *ptr;
                *pc += code[*pc] as usize + 1;
                *ptr = self.ptr;
                Next::Op
            }
            Jump::AtomicGroup => {
                if !ret {
                    self.ptr = *ptr;
                    return Next::Ret(false);
                }
                *pc += code[*pc] as usize;
                *ptr = self.ptr;
                Next::Op
            }
            Jump::Assert => {
                if !ret {
                    return Next::Ret(false);
                }
                *pc += code[*pc] as usize;
                Next::Op
            }
            Jump::AssertNot => match self.after_attempt(ret, in_repeat, true, c, code, pc) {
                true => Next::Ret(false),
                false => Next::Op,
            },
        }
    }

    /// Save `pc` and `ptr` in the top context and push a new one returning to `jump`.
    fn call(&mut self, jump: Jump, toplevel: bool, pc: usize, ptr: usize) {
        let c = self.stack.last_mut().expect("a context");
        c.pc = pc;
        c.ptr = ptr;
        self.stack.push(Ctx { pc: 0, ptr: 0, count: 0, arg: 0, lastmark: -1, lastindex: -1, toplevel, jump });
    }
}

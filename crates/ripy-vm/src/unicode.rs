//! `str`: immutable sequences of code points.
//!
//! A [`W_Str`] holds its text inline as *generalized UTF-8*: UTF-8 that may also encode the
//! surrogate code points U+D800..U+DFFF, each as its own 3-byte sequence (so a lone surrogate, or a
//! high surrogate followed by a low one, stays what it is: two code points, as in Python). Byte
//! order is code-point order, so comparisons are bytewise.
//!
//! Next to the bytes it keeps the number of code points, an "ascii" flag (every code point below
//! 128, so that code point `i` is byte `i`), the cached hash (-1 until computed) and, for non-ASCII
//! strings, a lazily built index: the byte offset of every 64th code point, so that indexing costs
//! one lookup and at most 63 decoding steps.
//!
//! Domain code sees through the common cases (length, ASCII indexing, identity equality, a cached
//! hash, the bounds of a slice); everything that loops over the text is a residual function.
//! Concatenation, slicing and equality are residual functions that the optimizer knows
//! ([`STR_SPEC`]): its string pass removes the strings they build in a trace when these do not
//! escape (a slice compared with a literal, the length of a concatenation).

use crate::exceptions::{Fault, Msg};
use crate::gc;
use crate::hash;
use crate::known;
use crate::sequence;
use crate::space::Space;
use crate::storage::{IntArray, RefArray};
use metatrace::call::{OopSpec, StrSpec};
use metatrace::domain::{Domain, IntOp};
use metatrace_gc::{heap, GcHeader, GcObject, GcRef};
use metatrace_macros::GcObject;
use std::cmp::Ordering;

mod case_tables;

/// A `str` object.
#[derive(GcObject)]
#[repr(C)]
pub struct W_Str {
    /// The object header.
    pub header: GcHeader,
    /// The number of code points.
    #[gc(immutable)]
    pub chars: i64,
    /// 1 when every code point is below 128, else 0.
    #[gc(immutable)]
    pub ascii: i64,
    /// The hash, or -1 until computed.
    pub hash: i64,
    /// For a non-ASCII string, null or an [`IntArray`] of the byte offsets of code points 0, 64,
    /// 128, ...
    pub index: GcRef,
    /// The number of bytes.
    pub len: i64,
    /// The generalized UTF-8 bytes.
    pub bytes: [u8; 0],
}

/// Code points between two entries of a string's index.
const INDEX_STRIDE: usize = 64;

/// Append code point `cp` (at most 0x10FFFF; surrogates allowed) in generalized UTF-8.
pub fn encode_char(cp: u32, out: &mut Vec<u8>) {
    match cp {
        0..=0x7f => out.push(cp as u8),
        0x80..=0x7ff => out.extend([0xc0 | (cp >> 6) as u8, 0x80 | (cp & 0x3f) as u8]),
        0x800..=0xffff => {
            out.extend([0xe0 | (cp >> 12) as u8, 0x80 | ((cp >> 6) & 0x3f) as u8, 0x80 | (cp & 0x3f) as u8])
        }
        _ => out.extend([
            0xf0 | (cp >> 18) as u8,
            0x80 | ((cp >> 12) & 0x3f) as u8,
            0x80 | ((cp >> 6) & 0x3f) as u8,
            0x80 | (cp & 0x3f) as u8,
        ]),
    }
}

/// The length in bytes of the sequence that starts with `lead`.
fn sequence_len(lead: u8) -> usize {
    match lead {
        0..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

/// Decode the code point whose bytes are `seq` (a whole sequence).
fn decode_sequence(seq: &[u8]) -> u32 {
    let lead = u32::from(seq[0]);
    let tail = |init: u32| seq[1..].iter().fold(init, |acc, &b| (acc << 6) | u32::from(b & 0x3f));
    match seq.len() {
        1 => lead,
        2 => tail(lead & 0x1f),
        3 => tail(lead & 0x0f),
        _ => tail(lead & 0x07),
    }
}

/// The code points of generalized UTF-8 text (which must be well formed: strings only hold such).
pub fn decode(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        let lead = *bytes.get(i)?;
        let n = sequence_len(lead);
        let cp = decode_sequence(&bytes[i..i + n]);
        i += n;
        Some(cp)
    })
}

/// The generalized UTF-8 encoding of `chars`.
pub fn encode(chars: impl IntoIterator<Item = u32>) -> Vec<u8> {
    let chars = chars.into_iter();
    let mut out = Vec::with_capacity(chars.size_hint().0);
    for cp in chars {
        if cp < 0x80 {
            out.push(cp as u8);
        } else {
            encode_char(cp, &mut out);
        }
    }
    out
}

/// A new string from generalized UTF-8 bytes (which must be well formed).
pub fn from_wtf8(bytes: &[u8]) -> GcRef {
    let chars = if bytes.is_ascii() { bytes.len() } else { bytes.iter().filter(|&&b| b & 0xc0 != 0x80).count() };
    from_wtf8_counted(bytes, chars)
}

/// A new string from generalized UTF-8 bytes (well formed) that hold `chars` code points, which
/// the caller knows (ASCII text: as many as bytes).
pub fn from_wtf8_counted(bytes: &[u8], chars: usize) -> GcRef {
    counted(gc::new_bytes(W_Str::layout(), &W_Str::BYTES, bytes), chars)
}

/// A string of `len` bytes to be filled (by [`counted`]'s caller) before anything else sees it.
fn unfilled(len: usize) -> GcRef {
    metatrace_gc::alloc_array(W_Str::layout(), len)
}

/// String `s`, made with its bytes, given its count of `chars` code points: the count, the ASCII
/// flag and the hash (not computed yet) set.
fn counted(s: GcRef, chars: usize) -> GcRef {
    let bytes = heap::array_len_expecting(s, W_Str::layout(), &W_Str::BYTES) as usize;
    let known = heap::Known::expect(s, W_Str::layout());
    known.write(&W_Str::CHARS, chars as u64);
    known.write(&W_Str::ASCII, u64::from(chars == bytes));
    known.write(&W_Str::HASH, -1i64 as u64);
    s
}

/// A new string holding `text`.
pub fn new_str(text: &str) -> GcRef {
    from_wtf8(text.as_bytes())
}

/// A new string of these code points.
pub fn from_chars(chars: impl IntoIterator<Item = u32>) -> GcRef {
    from_wtf8(&encode(chars))
}

/// The generalized UTF-8 bytes of a string.
pub fn wtf8(s: GcRef) -> Vec<u8> {
    gc::bytes(s, &W_Str::BYTES)
}

/// Run `f` over the generalized UTF-8 bytes of a string where they lie, without copying them.
pub fn with_wtf8<R>(s: GcRef, f: impl FnOnce(&[u8]) -> R) -> R {
    // SAFETY: a string's bytes are written only while it is made, before any other code sees it.
    unsafe { metatrace_gc::heap::with_byte_items(s, &W_Str::BYTES, f) }
}

/// The code points of a string.
pub fn chars(s: GcRef) -> Vec<u32> {
    if gc::get_i64(s, &W_Str::ASCII) != 0 {
        return with_wtf8(s, |bytes| bytes.iter().map(|&b| u32::from(b)).collect());
    }
    with_wtf8(s, |bytes| decode(bytes).collect())
}

/// The number of code points of a string.
pub fn char_len(s: GcRef) -> usize {
    gc::get_i64(s, &W_Str::CHARS) as usize
}

/// A string as Rust text, with each lone surrogate replaced by U+FFFD.
pub fn to_string_lossy(s: GcRef) -> String {
    decode(&wtf8(s)).map(|cp| char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER)).collect()
}

/// The hash of a string (computed once, then cached in the object).
pub fn hash(s: GcRef) -> i64 {
    let cached = gc::get_i64(s, &W_Str::HASH);
    if cached != -1 {
        return cached;
    }
    // CPython hashes its compact representation: 1, 2 or 4 bytes per code point, little-endian,
    // as narrow as the largest code point allows (for ASCII, the bytes themselves).
    if is_ascii(s) {
        let h = with_wtf8(s, hash::hash_bytes);
        gc::set_i64(s, &W_Str::HASH, h);
        return h;
    }
    let cps = chars(s);
    let width = match cps.iter().max() {
        Some(&m) if m > 0xffff => 4,
        Some(&m) if m > 0xff => 2,
        _ => 1,
    };
    let units: Vec<u8> = cps.iter().flat_map(|&cp| cp.to_le_bytes().into_iter().take(width)).collect();
    let h = hash::hash_bytes(&units);
    gc::set_i64(s, &W_Str::HASH, h);
    h
}

/// Equality of two strings.
pub fn eq(a: GcRef, b: GcRef) -> bool {
    // Equal bytes are equal code points: the numbers of code points need no comparison.
    a == b || (gc::len(a, &W_Str::BYTES) == gc::len(b, &W_Str::BYTES) && with_wtf8(a, |x| with_wtf8(b, |y| x == y)))
}

/// Equality of a string with Rust text.
pub fn eq_text(s: GcRef, text: &str) -> bool {
    gc::len(s, &W_Str::BYTES) == text.len() && with_wtf8(s, |bytes| bytes == text.as_bytes())
}

/// The order of two strings (by code points).
pub fn compare(a: GcRef, b: GcRef) -> Ordering {
    with_wtf8(a, |x| with_wtf8(b, |y| x.cmp(y)))
}

/// The concatenation of two strings.
pub fn concat(a: GcRef, b: GcRef) -> GcRef {
    // Each surrogate is its own sequence, so the code points of the whole are those of the parts.
    let at = gc::len(a, &W_Str::BYTES);
    let s = unfilled(at + gc::len(b, &W_Str::BYTES));
    with_wtf8(a, |x| heap::write_byte_items(s, &W_Str::BYTES, 0, x));
    with_wtf8(b, |y| heap::write_byte_items(s, &W_Str::BYTES, at, y));
    counted(s, char_len(a) + char_len(b))
}

/// Byte `i` of a string's text.
fn byte_at(s: GcRef, i: usize) -> u8 {
    heap::read_item(s, &W_Str::BYTES, i as i64) as u8
}

/// The byte offset of code point `i` (at most the length) of a non-ASCII string, through its
/// index (built on first use).
fn byte_offset(s: GcRef, i: usize) -> usize {
    let mut index = gc::get_ref(s, &W_Str::INDEX);
    if index.is_null() {
        let bytes = wtf8(s);
        let mut offsets = Vec::new();
        let mut pos = 0;
        for k in 0.. {
            if pos >= bytes.len() {
                break;
            }
            if k % INDEX_STRIDE == 0 {
                offsets.push(pos as i64);
            }
            pos += sequence_len(bytes[pos]);
        }
        index = IntArray::from_slice(&offsets);
        gc::set_ref(s, &W_Str::INDEX, index);
    }
    let k = i / INDEX_STRIDE;
    if k >= gc::len(index, &IntArray::ITEMS) {
        return gc::len(s, &W_Str::BYTES);
    }
    let mut pos = gc::item_i64(index, &IntArray::ITEMS, k) as usize;
    for _ in 0..i % INDEX_STRIDE {
        pos += sequence_len(byte_at(s, pos));
    }
    pos
}

/// Code point `i` (in bounds) of a string.
pub fn char_at(s: GcRef, i: usize) -> u32 {
    if gc::get_i64(s, &W_Str::ASCII) != 0 {
        return u32::from(byte_at(s, i));
    }
    let pos = byte_offset(s, i);
    let n = sequence_len(byte_at(s, pos));
    let seq: Vec<u8> = (pos..pos + n).map(|k| byte_at(s, k)).collect();
    decode_sequence(&seq)
}

/// The byte offsets of code points `start` and `stop` (in bounds, `start <= stop`).
fn byte_range(s: GcRef, start: usize, stop: usize) -> (usize, usize) {
    if gc::get_i64(s, &W_Str::ASCII) != 0 {
        (start, stop)
    } else {
        (byte_offset(s, start), byte_offset(s, stop))
    }
}

/// The bytes of code points `start..stop` (in bounds, `start <= stop`).
fn range_bytes(s: GcRef, start: usize, stop: usize) -> Vec<u8> {
    let (from, to) = byte_range(s, start, stop);
    let mut bytes = vec![0; to - from];
    heap::read_byte_items(s, &W_Str::BYTES, from, &mut bytes);
    bytes
}

/// The substring of code points `start..stop` (in bounds, `start <= stop`).
pub fn substring(s: GcRef, start: usize, stop: usize) -> GcRef {
    let (from, to) = byte_range(s, start, stop);
    let out = unfilled(to - from);
    with_wtf8(s, |bytes| heap::write_byte_items(out, &W_Str::BYTES, 0, &bytes[from..to]));
    counted(out, stop - start)
}

/// The first position at or after `start` where `needle` (ASCII bytes) occurs in the ASCII
/// string `s`, ending at most at `stop` (`start <= stop <= len`).
pub fn find_ascii(s: GcRef, needle: &[u8], start: usize, stop: usize) -> Option<usize> {
    debug_assert!(gc::get_i64(s, &W_Str::ASCII) != 0);
    with_wtf8(s, |bytes| memchr::memmem::find(&bytes[start..stop], needle).map(|i| start + i))
}

/// Whether every code point of a string is below 128.
pub fn is_ascii(s: GcRef) -> bool {
    gc::get_i64(s, &W_Str::ASCII) != 0
}

/// The code points `start..stop` (in bounds, `start <= stop`) of a string.
pub fn chars_range(s: GcRef, start: usize, stop: usize) -> Vec<u32> {
    decode(&range_bytes(s, start, stop)).collect()
}

/// The string of the one code point `cp`: for ASCII, the space's shared one.
pub fn char_str(cp: u32) -> GcRef {
    if cp < 128 {
        gc::item_ref(Space::get().ascii_chars, &RefArray::ITEMS, cp as usize)
    } else {
        from_chars([cp])
    }
}

/// `s * n` (`n` at least 0; the caller checked the size).
pub fn repeat(s: GcRef, n: usize) -> GcRef {
    from_wtf8_counted(&wtf8(s).repeat(n), char_len(s) * n)
}

/// `needle in haystack`: a search of the bytes, whose hits are whole code points (every code
/// point's sequence starts with a byte that never continues one).
pub fn contains(haystack: GcRef, needle: GcRef) -> bool {
    with_wtf8(haystack, |h| with_wtf8(needle, |n| memchr::memmem::find(h, n).is_some()))
}

/// The code points of the digit zero of each run of ten decimal digits (Unicode category Nd) in
/// Unicode 14.0, the version of CPython 3.11's database: every Nd digit is one of these plus 0..9.
const DECIMAL_ZEROS: [u32; 66] = [
    0x30, 0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6, 0xe50, 0xed0,
    0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620,
    0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10, 0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0,
    0x112f0, 0x11450, 0x114d0, 0x11650, 0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60,
    0x16ac0, 0x16b50, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
];

/// The value of a decimal digit of any script (Python's `unicodedata.decimal`).
pub fn decimal_value(cp: u32) -> Option<u32> {
    let i = DECIMAL_ZEROS.partition_point(|&zero| zero <= cp).checked_sub(1)?;
    let value = cp - DECIMAL_ZEROS[i];
    (value < 10).then_some(value)
}

/// Python's `str.isspace`.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// Text for the number parsers, as CPython's `_PyUnicode_TransformDecimalAndSpaceToASCII`: white
/// space becomes ' ', decimal digits of any script become ASCII digits, and any other non-ASCII
/// character becomes '?' (which no number syntax accepts).
pub fn to_ascii_number(s: GcRef) -> String {
    decode(&wtf8(s))
        .map(|cp| match char::from_u32(cp) {
            Some(c) if c.is_ascii() => c,
            Some(c) if is_space(c) => ' ',
            _ => decimal_value(cp).and_then(|v| char::from_digit(v, 10)).unwrap_or('?'),
        })
        .collect()
}

/// Whether `repr` writes code point `cp` as itself (`str.isprintable` of one character): all
/// but the categories Other (Cc, Cf, Cs, Co, Cn) and Separator (Zl, Zp, Zs), except the space.
pub fn is_printable(cp: u32) -> bool {
    if cp < 0x7f {
        return cp >= 0x20;
    }
    !matches!(crate::modules::unicodedata::category(cp), "Cc" | "Cf" | "Cs" | "Co" | "Cn" | "Zl" | "Zp" | "Zs")
}

/// The character of `cp`, or `None` for a surrogate.
fn ch(cp: u32) -> Option<char> {
    char::from_u32(cp)
}

/// [`is_space_cp`] for an ASCII code point: `\t` to `\r`, the separators `\x1c` to `\x1f`
/// and the space.
#[inline]
pub fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | 0x1c..=0x1f | b' ')
}

/// Python's `str.isspace` for one code point.
pub fn is_space_cp(cp: u32) -> bool {
    ch(cp).is_some_and(is_space)
}

/// Python's `str.isalpha` for one code point: the letters (categories L*). Unicode's Alphabetic
/// property also has the letter numbers (Nl) and combining marks; the marks are not identifier
/// starts, and the letter numbers are listed here.
pub fn is_alpha(cp: u32) -> bool {
    let letter_number = matches!(cp, 0x16ee..=0x16f0 | 0x2160..=0x2182 | 0x2185..=0x2188 | 0x3007 | 0x3021..=0x3029
        | 0x3038..=0x303a | 0xa6e6..=0xa6ef | 0x10140..=0x10174 | 0x10341 | 0x1034a | 0x103d1..=0x103d5
        | 0x12400..=0x1246e);
    ch(cp).is_some_and(|c| c.is_alphabetic() && unicode_ident::is_xid_start(c)) && !letter_number
}

/// Python's `str.isdigit` for one code point: decimal digits and the other digits (superscripts,
/// subscripts, circled digits, ...).
pub fn is_digit(cp: u32) -> bool {
    decimal_value(cp).is_some()
        || matches!(cp, 0xb2 | 0xb3 | 0xb9 | 0x2070 | 0x2074..=0x2079 | 0x2080..=0x2089 | 0x2460..=0x2468
            | 0x2474..=0x247c | 0x2488..=0x2490 | 0x24ea | 0x24f5..=0x24fd | 0x24ff | 0x2776..=0x277e
            | 0x2780..=0x2788 | 0x278a..=0x2792 | 0x1369..=0x1371 | 0x19da | 0x10a40..=0x10a43
            | 0x1f100..=0x1f10a)
}

/// Python's `str.isnumeric` for one code point: digits, and characters with a numeric value
/// (fractions, Roman numerals, CJK numerals, ...).
pub fn is_numeric(cp: u32) -> bool {
    is_digit(cp)
        || ch(cp).is_some_and(char::is_numeric)
        || matches!(
            cp,
            0x3007
                | 0x4e00
                | 0x4e03
                | 0x4e07
                | 0x4e09
                | 0x4e5d
                | 0x4e8c
                | 0x4e94
                | 0x516b
                | 0x516d
                | 0x5341
                | 0x5343
                | 0x56db
                | 0x5104
                | 0x5146
                | 0x767e
                | 0x842c
                | 0x96f6
                | 0x5eff
                | 0x5345
                | 0x58f1
                | 0x58f9
                | 0x5f0c
                | 0x8cae
                | 0x53c1
                | 0x53c3
                | 0x8086
                | 0x4f0d
                | 0x9678
                | 0x67d2
                | 0x634c
                | 0x7396
                | 0x62fe
                | 0x4f70
                | 0x4edf
        )
}

/// Python's `str.isalnum` for one code point.
pub fn is_alnum(cp: u32) -> bool {
    is_alpha(cp) || is_numeric(cp)
}

/// Whether `cp` is a titlecase letter (category Lt).
pub fn is_title_char(cp: u32) -> bool {
    matches!(cp, 0x1c5 | 0x1c8 | 0x1cb | 0x1f2 | 0x1f88..=0x1f8f | 0x1f98..=0x1f9f | 0x1fa8..=0x1faf | 0x1fbc
        | 0x1fcc | 0x1ffc)
}

/// The Unicode 14 Uppercase (bit 0) and Lowercase (bit 1) properties of `cp` when it is one
/// whose case differs in the newer Unicode of Rust's `char` functions (see
/// [`case_tables::UNCASED_IN_14`]): it has no case mapping in CPython 3.11's Unicode.
fn uncased_in_14(cp: u32) -> Option<u8> {
    let table = case_tables::UNCASED_IN_14;
    table.binary_search_by_key(&cp, |&(c, _)| c).ok().map(|i| table[i].1)
}

/// Whether `cp` is uppercase (Unicode's Uppercase property).
pub fn is_upper_char(cp: u32) -> bool {
    match uncased_in_14(cp) {
        Some(properties) => properties & 1 != 0,
        None => ch(cp).is_some_and(char::is_uppercase),
    }
}

/// Whether `cp` is lowercase (Unicode's Lowercase property).
pub fn is_lower_char(cp: u32) -> bool {
    match uncased_in_14(cp) {
        Some(properties) => properties & 2 != 0,
        None => ch(cp).is_some_and(char::is_lowercase),
    }
}

/// Whether `cp` is cased: an uppercase, lowercase or titlecase letter.
pub fn is_cased(cp: u32) -> bool {
    if cp < 0x80 {
        return (cp as u8).is_ascii_alphabetic();
    }
    is_upper_char(cp) || is_lower_char(cp) || is_title_char(cp)
}

/// Whether `cp` is case-ignorable (for the final sigma rule): marks, format characters,
/// modifier letters and the apostrophe-like punctuation.
fn is_case_ignorable(cp: u32) -> bool {
    matches!(cp, 0x27 | 0x2e | 0x3a | 0x5e | 0x60 | 0xa8 | 0xad | 0xaf | 0xb4 | 0xb7 | 0xb8 | 0x2b0..=0x36f
        | 0x2018 | 0x2019 | 0x2024 | 0x2027 | 0x200b..=0x200f)
}

/// The code points that `cp` maps to under `f` (a char case mapping); surrogates, and the code
/// points without case mappings in Unicode 14, map to themselves.
fn map_case<I: Iterator<Item = char>>(cp: u32, f: impl Fn(char) -> I, out: &mut Vec<u32>) {
    match ch(cp).filter(|_| uncased_in_14(cp).is_none()) {
        Some(c) => out.extend(f(c).map(u32::from)),
        None => out.push(cp),
    }
}

/// Full uppercase mapping of `cp`, appended to `out`.
pub fn push_upper(cp: u32, out: &mut Vec<u32>) {
    if cp < 0x80 {
        out.push(u32::from((cp as u8).to_ascii_uppercase()));
    } else {
        map_case(cp, char::to_uppercase, out)
    }
}

/// Full lowercase mapping of code point `i` of `cps`, appended to `out` (with the final sigma rule).
pub fn push_lower(cps: &[u32], i: usize, out: &mut Vec<u32>) {
    if cps[i] < 0x80 {
        out.push(u32::from((cps[i] as u8).to_ascii_lowercase()));
    } else if cps[i] == 0x3a3 && is_final_sigma(cps, i) {
        out.push(0x3c2);
    } else {
        map_case(cps[i], char::to_lowercase, out)
    }
}

/// Whether the capital sigma at `i` ends a word: a cased letter before it, none after it
/// (case-ignorable characters skipped).
fn is_final_sigma(cps: &[u32], i: usize) -> bool {
    let before = cps[..i].iter().rev().copied().find(|&c| !is_case_ignorable(c));
    let after = cps[i + 1..].iter().copied().find(|&c| !is_case_ignorable(c));
    before.is_some_and(is_cased) && !after.is_some_and(is_cased)
}

/// The mapping of `cp` in a sorted table of special case mappings, if it has one.
fn special_case(table: &'static [(u32, &'static [u32])], cp: u32) -> Option<&'static [u32]> {
    table.binary_search_by_key(&cp, |&(c, _)| c).ok().map(|i| table[i].1)
}

/// Full titlecase mapping of `cp`, appended to `out`.
pub fn push_title(cp: u32, out: &mut Vec<u32>) {
    match special_case(case_tables::TITLE, cp) {
        Some(mapped) => out.extend_from_slice(mapped),
        None => push_upper(cp, out),
    }
}

/// Full case folding of `cp` (what `str.casefold` does), appended to `out`.
pub fn push_casefold(cp: u32, out: &mut Vec<u32>) {
    match special_case(case_tables::CASEFOLD, cp) {
        Some(mapped) => out.extend_from_slice(mapped),
        None => map_case(cp, char::to_lowercase, out),
    }
}

/// Whether `cp` ends a line for `str.splitlines`.
pub fn is_linebreak(cp: u32) -> bool {
    matches!(cp, 0x0a..=0x0d | 0x1c..=0x1e | 0x85 | 0x2028 | 0x2029)
}

/// Whether `cps` is a Python identifier (`str.isidentifier`: XID_Start or '_', then XID_Continue).
pub fn is_identifier(cps: &[u32]) -> bool {
    let Some((&first, rest)) = cps.split_first() else { return false };
    let start = first == u32::from(b'_') || ch(first).is_some_and(unicode_ident::is_xid_start);
    start && rest.iter().all(|&c| ch(c).is_some_and(unicode_ident::is_xid_continue))
}

/// `repr(s)`: the text in quotes, with CPython's escapes.
pub fn repr(s: GcRef) -> String {
    let cps = chars(s);
    let quote = if cps.contains(&u32::from(b'\'')) && !cps.contains(&u32::from(b'"')) { '"' } else { '\'' };
    let mut out = String::with_capacity(cps.len() + 2);
    out.push(quote);
    for cp in cps {
        match char::from_u32(cp) {
            Some(c) if c == quote || c == '\\' => {
                out.push('\\');
                out.push(c);
            }
            Some('\n') => out.push_str("\\n"),
            Some('\r') => out.push_str("\\r"),
            Some('\t') => out.push_str("\\t"),
            Some(c) if is_printable(cp) => out.push(c),
            _ if cp < 0x100 => out.push_str(&format!("\\x{cp:02x}")),
            _ if cp < 0x10000 => out.push_str(&format!("\\u{cp:04x}")),
            _ => out.push_str(&format!("\\U{cp:08x}")),
        }
    }
    out.push(quote);
    out
}

fn equal_impl(a: GcRef, b: GcRef) -> i64 {
    i64::from(eq(a, b))
}

metatrace::residual! {
    /// 1 if two strings are equal, else 0.
    pub fn str_equal(a: Ref, b: Ref) -> Int;
    effect = Elidable; can_raise = false; impl = equal_impl; oopspec = OopSpec::StrEqual(&STR_SPEC);
}

/// How the optimizer's string pass sees `str`: concatenation and slicing always build a new
/// object (never return an argument), as [`StrSpec`] requires.
pub static STR_SPEC: StrSpec = StrSpec {
    layout: <W_Str as GcObject>::layout,
    length: W_Str::CHARS,
    concat: &str_concat::DESCR,
    slice: &str_slice::DESCR,
    equal: &str_equal::DESCR,
    eq_slice: &str_eq_slice::DESCR,
};

fn slice_impl(s: GcRef, start: i64, stop: i64) -> GcRef {
    substring(s, start as usize, stop as usize)
}

metatrace::residual! {
    /// The new string of code points `start..stop` (`0 <= start <= stop <= len`) of a string.
    pub fn str_slice(s: Ref, start: Int, stop: Int) -> Ref;
    effect = Plain; can_raise = false; impl = slice_impl; oopspec = OopSpec::StrSlice(&STR_SPEC);
}

fn eq_slice_impl(s: GcRef, start: i64, stop: i64, other: GcRef) -> i64 {
    const CHUNK: usize = 64;
    let (start, stop) = (start as usize, stop as usize);
    if char_len(other) != stop - start {
        return 0;
    }
    let (from, to) = byte_range(s, start, stop);
    let n = to - from;
    if gc::len(other, &W_Str::BYTES) != n {
        return 0;
    }
    let (mut x, mut y) = ([0u8; CHUNK], [0u8; CHUNK]);
    let same = (0..n).step_by(CHUNK).all(|at| {
        let k = CHUNK.min(n - at);
        heap::read_byte_items(s, &W_Str::BYTES, from + at, &mut x[..k]);
        heap::read_byte_items(other, &W_Str::BYTES, at, &mut y[..k]);
        x[..k] == y[..k]
    });
    i64::from(same)
}

metatrace::residual! {
    /// 1 if code points `start..stop` (`0 <= start <= stop <= len`) of a string equal another
    /// string, else 0: `s[start:stop] == other` without building the slice.
    pub fn str_eq_slice(s: Ref, start: Int, stop: Int, other: Ref) -> Int;
    effect = Elidable; can_raise = false; impl = eq_slice_impl;
}

fn compare_impl(a: GcRef, b: GcRef) -> i64 {
    compare(a, b) as i64
}

metatrace::residual! {
    /// -1, 0 or 1 as one string orders before, like or after another.
    pub fn str_compare(a: Ref, b: Ref) -> Int;
    effect = Elidable; can_raise = false; impl = compare_impl;
}

metatrace::residual! {
    /// The concatenation of two strings (a new string).
    pub fn str_concat(a: Ref, b: Ref) -> Ref;
    effect = Plain; can_raise = false; impl = concat; oopspec = OopSpec::StrConcat(&STR_SPEC);
}

fn char_at_impl(s: GcRef, i: i64) -> GcRef {
    char_str(char_at(s, i as usize))
}

metatrace::residual! {
    /// The one-character string at code point `i` (in bounds) of a string.
    pub fn str_char_at(s: Ref, i: Int) -> Ref;
    effect = Plain; can_raise = false; impl = char_at_impl;
}

/// The number of code points of a string, in domain code.
pub fn len<D: Domain>(d: &mut D, s: D::Ref) -> D::Int {
    d.get_int(s, &W_Str::CHARS)
}

/// 1 if two strings are equal, else 0, in domain code: identical strings are equal without a call.
pub fn equal<D: Domain>(d: &mut D, a: D::Ref, b: D::Ref) -> D::Int {
    let same = d.ptr_eq(a, b);
    if d.branch(same) {
        return same;
    }
    str_equal(d, a, b).unwrap_or_else(|_| unreachable!("str_equal cannot raise"))
}

/// `s[i]` for an int index, in domain code: the space's shared one-character strings for ASCII
/// text, a residual call otherwise.
pub fn getitem<D: Domain>(d: &mut D, space: &Space, s: D::Ref, i: D::Int) -> Result<D::Ref, D::Ref> {
    let n = len(d, s);
    let Some(i) = sequence::normalize_index(d, i, n) else {
        return Err(crate::exceptions::raise(d, Fault::Message(Msg::StrIndex)));
    };
    let ascii = d.get_int(s, &W_Str::ASCII);
    if d.branch(ascii) {
        let byte = known::get_item_int(d, s, W_Str::layout(), &W_Str::BYTES, i);
        let chars = d.const_ref(space.ascii_chars);
        return Ok(d.get_item_ref(chars, &RefArray::ITEMS, byte));
    }
    str_char_at(d, s, i)
}

/// The order of two strings in domain code: an int below, at or above 0 as `a` orders before,
/// like or after `b`; two one-byte strings (ASCII characters) compare their bytes without a call.
pub fn order<D: Domain>(d: &mut D, a: D::Ref, b: D::Ref) -> D::Int {
    let one = d.const_int(1);
    let na = known::array_len(d, a, W_Str::layout(), &W_Str::BYTES);
    let a_single = d.int_op(IntOp::Eq, na, one);
    if d.branch(a_single) {
        let nb = known::array_len(d, b, W_Str::layout(), &W_Str::BYTES);
        let b_single = d.int_op(IntOp::Eq, nb, one);
        if d.branch(b_single) {
            let zero = d.const_int(0);
            let x = known::get_item_int(d, a, W_Str::layout(), &W_Str::BYTES, zero);
            let y = known::get_item_int(d, b, W_Str::layout(), &W_Str::BYTES, zero);
            return d.int_op(IntOp::Sub, x, y);
        }
    }
    str_compare(d, a, b).unwrap_or_else(|_| unreachable!("str_compare cannot raise"))
}

/// `ord(s)` in domain code when `s` is a str of one byte (one ASCII character): a length guard
/// and a byte read; None for other arguments (the builtin's own code handles them and its errors).
pub fn ord<D: Domain>(d: &mut D, s: D::Ref) -> Option<D::Ref> {
    if d.layout_of(s) != W_Str::layout() {
        return None;
    }
    let n = known::array_len(d, s, W_Str::layout(), &W_Str::BYTES);
    let one = d.const_int(1);
    let single = d.int_op(IntOp::Eq, n, one);
    if !d.branch(single) {
        return None;
    }
    let zero = d.const_int(0);
    let byte = known::get_item_int(d, s, W_Str::layout(), &W_Str::BYTES, zero);
    Some(crate::int::new_int(d, byte))
}

/// `chr(i)` in domain code when `i` is an int below 128: the space's shared one-character
/// string; None for other arguments.
pub fn chr<D: Domain>(d: &mut D, space: &Space, i: D::Ref) -> Option<D::Ref> {
    if d.layout_of(i) != crate::int::W_Int::layout() {
        return None;
    }
    let v = d.get_int(i, &crate::int::W_Int::VALUE);
    let limit = d.const_int(128);
    let ascii = d.int_op(IntOp::UintLt, v, limit);
    if !d.branch(ascii) {
        return None;
    }
    let chars = d.const_ref(space.ascii_chars);
    Some(d.get_item_ref(chars, &RefArray::ITEMS, v))
}

/// `s[key]` for a slice `key` of step 1 (or None) whose bounds are ints or None, in domain code:
/// the bounds are clamped as CPython's `PySlice_AdjustIndices` does, then one residual call
/// builds the substring (a call the string pass removes when the result does not escape).
/// `None` for other slices.
pub fn getslice<D: Domain>(d: &mut D, s: D::Ref, key: D::Ref) -> Result<Option<D::Ref>, D::Ref> {
    let n = len(d, s);
    let Some((start, stop)) = crate::sequence::unit_slice_bounds(d, key, n) else { return Ok(None) };
    let backwards = d.int_op(IntOp::Lt, stop, start);
    let stop = if d.branch(backwards) { start } else { stop };
    str_slice(d, s, start, stop).map(Some)
}

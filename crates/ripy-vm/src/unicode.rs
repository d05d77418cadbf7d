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
//! hash); everything that loops over the text is a residual function.

use crate::exceptions::{Fault, Msg};
use crate::gc;
use crate::hash;
use crate::sequence;
use crate::space::Space;
use crate::storage::{IntArray, RefArray};
use metatrace::domain::Domain;
use metatrace_gc::{heap, GcHeader, GcObject, GcRef};
use metatrace_macros::GcObject;
use std::cmp::Ordering;

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
    let mut out = Vec::new();
    for cp in chars {
        encode_char(cp, &mut out);
    }
    out
}

/// A new string from generalized UTF-8 bytes (which must be well formed).
pub fn from_wtf8(bytes: &[u8]) -> GcRef {
    let chars = bytes.iter().filter(|&&b| b & 0xc0 != 0x80).count();
    let s = gc::new_bytes(W_Str::layout(), &W_Str::BYTES, bytes);
    gc::set_i64(s, &W_Str::CHARS, chars as i64);
    gc::set_i64(s, &W_Str::ASCII, i64::from(chars == bytes.len()));
    gc::set_i64(s, &W_Str::HASH, -1);
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

/// The code points of a string.
pub fn chars(s: GcRef) -> Vec<u32> {
    decode(&wtf8(s)).collect()
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
    // as narrow as the largest code point allows.
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
    a == b
        || (gc::len(a, &W_Str::BYTES) == gc::len(b, &W_Str::BYTES)
            && gc::get_i64(a, &W_Str::CHARS) == gc::get_i64(b, &W_Str::CHARS)
            && wtf8(a) == wtf8(b))
}

/// Equality of a string with Rust text.
pub fn eq_text(s: GcRef, text: &str) -> bool {
    gc::len(s, &W_Str::BYTES) == text.len() && wtf8(s) == text.as_bytes()
}

/// The order of two strings (by code points).
pub fn compare(a: GcRef, b: GcRef) -> Ordering {
    wtf8(a).cmp(&wtf8(b))
}

/// The concatenation of two strings.
pub fn concat(a: GcRef, b: GcRef) -> GcRef {
    let mut bytes = wtf8(a);
    bytes.extend(wtf8(b));
    from_wtf8(&bytes)
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

/// The substring of code points `start..stop` (in bounds, `start <= stop`).
pub fn substring(s: GcRef, start: usize, stop: usize) -> GcRef {
    let (from, to) =
        if gc::get_i64(s, &W_Str::ASCII) != 0 { (start, stop) } else { (byte_offset(s, start), byte_offset(s, stop)) };
    let bytes: Vec<u8> = (from..to).map(|k| byte_at(s, k)).collect();
    from_wtf8(&bytes)
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
    from_wtf8(&wtf8(s).repeat(n))
}

/// `needle in haystack`.
pub fn contains(haystack: GcRef, needle: GcRef) -> bool {
    let (h, n) = (wtf8(haystack), wtf8(needle));
    n.is_empty() || h.windows(n.len()).any(|w| w == n)
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

/// Whether `repr` writes code point `cp` as itself. An approximation of Unicode's printable
/// classes without the character database: controls, separators other than the space, surrogates,
/// private use, the common format characters and non-characters are not printable.
fn is_printable(cp: u32) -> bool {
    !matches!(cp,
        0..=0x1f | 0x7f..=0xa0 | 0xad | 0x600..=0x605 | 0x61c | 0x6dd | 0x70f | 0x1680 | 0x180e
        | 0x2000..=0x200f | 0x2028..=0x202f | 0x205f..=0x2064 | 0x2066..=0x206f | 0x3000
        | 0xd800..=0xf8ff | 0xfeff | 0xfff0..=0xfffb | 0xfffe | 0xffff | 0xe0001 | 0xe0020..=0xe007f
        | 0xf0000..)
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
    effect = Elidable; can_raise = false; impl = equal_impl;
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
    /// The concatenation of two strings.
    pub fn str_concat(a: Ref, b: Ref) -> Ref;
    effect = Plain; can_raise = false; impl = concat;
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
        let byte = d.get_item_int(s, &W_Str::BYTES, i);
        let chars = d.const_ref(space.ascii_chars);
        return Ok(d.get_item_ref(chars, &RefArray::ITEMS, byte));
    }
    str_char_at(d, s, i)
}

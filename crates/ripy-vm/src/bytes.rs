//! `bytes`: an immutable byte string, its bytes inline, with a cached hash.

use crate::exceptions::{self, Fault, Msg};
use crate::gc;
use crate::hash;
use crate::int::new_int;
use crate::known;
use crate::sequence;
use metatrace::domain::{Domain, IntOp};
use metatrace_gc::{GcHeader, GcObject, GcRef};
use metatrace_macros::GcObject;

/// A `bytes` object.
#[derive(GcObject)]
#[repr(C)]
pub struct W_Bytes {
    /// The object header.
    pub header: GcHeader,
    /// The hash, or -1 until computed.
    pub hash: i64,
    /// The number of bytes.
    pub len: i64,
    /// The bytes.
    pub bytes: [u8; 0],
}

/// A new bytes object.
pub fn new_bytes(data: &[u8]) -> GcRef {
    let b = gc::new_bytes(W_Bytes::layout(), &W_Bytes::BYTES, data);
    gc::set_i64(b, &W_Bytes::HASH, -1);
    b
}

/// The bytes of a bytes object.
pub fn data(b: GcRef) -> Vec<u8> {
    gc::bytes(b, &W_Bytes::BYTES)
}

/// Append the bytes of a bytes object to `out` (read where they lie, no copy in between).
pub fn append_data(out: &mut Vec<u8>, b: GcRef) {
    let start = out.len();
    out.resize(start + gc::len(b, &W_Bytes::BYTES), 0);
    metatrace_gc::heap::read_byte_items(b, &W_Bytes::BYTES, 0, &mut out[start..]);
}

/// The hash of a bytes object (cached).
pub fn hash(b: GcRef) -> i64 {
    let cached = gc::get_i64(b, &W_Bytes::HASH);
    if cached != -1 {
        return cached;
    }
    let h = hash::hash_bytes(&data(b));
    gc::set_i64(b, &W_Bytes::HASH, h);
    h
}

/// `repr(b)`: `b'...'` with CPython's escapes.
pub fn repr(b: GcRef) -> String {
    repr_of(&data(b))
}

/// The repr of a bytes object holding `data`.
pub fn repr_of(data: &[u8]) -> String {
    let quote = if data.contains(&b'\'') && !data.contains(&b'"') { b'"' } else { b'\'' };
    let mut out = String::from("b");
    out.push(quote as char);
    for &c in data {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            _ => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push(quote as char);
    out
}

/// The shared bytes object of one byte `byte` (allocated and rooted for the rest of the process
/// on first use), as CPython shares them: slicing one byte out allocates nothing.
fn single_byte(byte: u8) -> GcRef {
    static CACHE: std::sync::OnceLock<Vec<GcRef>> = std::sync::OnceLock::new();
    let cache = CACHE.get_or_init(|| {
        (0..=255u8)
            .map(|b| {
                let r = new_bytes(&[b]);
                metatrace_gc::Root::new(r).leak();
                r
            })
            .collect()
    });
    cache[usize::from(byte)]
}

/// The bytes of the `count` bytes of `b` from `start` by `step` (bounds already adjusted, as
/// `iter::adjust_slice` gives them): a new object, or a shared one for a single byte.
pub fn slice(b: GcRef, start: i64, step: i64, count: i64) -> GcRef {
    if count == 1 {
        return single_byte(gc::byte_at(b, &W_Bytes::BYTES, start as usize));
    }
    let mut picked = vec![0; count as usize];
    if step == 1 {
        metatrace_gc::heap::read_byte_items(b, &W_Bytes::BYTES, start as usize, &mut picked);
    } else if count > 0 {
        let last = start + (count - 1) * step;
        let lo = start.min(last);
        let mut data = vec![0; (start.max(last) - lo + 1) as usize];
        metatrace_gc::heap::read_byte_items(b, &W_Bytes::BYTES, lo as usize, &mut data);
        for (k, byte) in picked.iter_mut().enumerate() {
            *byte = data[(start + k as i64 * step - lo) as usize];
        }
    }
    new_bytes(&picked)
}

fn getslice_impl(b: GcRef, start: i64, stop: i64, step: i64, omitted: i64) -> GcRef {
    let [start, stop, step] = crate::list::decode_bounds(start, stop, step, omitted);
    let r = crate::iter::adjust_slice(start, stop, step, gc::len(b, &W_Bytes::BYTES) as i64)
        .map(|(start, _, step, count)| slice(b, start, step, count));
    crate::runtime::raising(r, GcRef::NULL)
}

metatrace::residual! {
    /// `b[start:stop:step]` with the bounds of `list::slice_bounds`.
    pub fn bytes_getslice(b: Ref, start: Int, stop: Int, step: Int, omitted: Int) -> Ref;
    effect = Plain; can_raise = true; impl = getslice_impl;
}

/// `b[s]` for a slice `s` of ints and Nones, in domain code: one residual call on the unboxed
/// bounds (the slice object stays virtual in a trace). `None` for other slices.
pub fn getslice<D: Domain>(d: &mut D, b: D::Ref, s: D::Ref) -> Result<Option<D::Ref>, D::Ref> {
    let Some([start, stop, step, omitted]) = crate::list::slice_bounds(d, s) else { return Ok(None) };
    bytes_getslice(d, b, start, stop, step, omitted).map(Some)
}

/// `ord(b)` in domain code when `b` is a bytes object of one byte (a length guard and a byte
/// read); `None` for other arguments (the builtin's own code handles them and its errors).
pub fn ord<D: Domain>(d: &mut D, b: D::Ref) -> Option<D::Ref> {
    if d.layout_of(b) != W_Bytes::layout() {
        return None;
    }
    let n = known::array_len(d, b, W_Bytes::layout(), &W_Bytes::BYTES);
    let one = d.const_int(1);
    let single = d.int_op(IntOp::Eq, n, one);
    if !d.branch(single) {
        return None;
    }
    let zero = d.const_int(0);
    let byte = d.get_item_int(b, &W_Bytes::BYTES, zero);
    Some(new_int(d, byte))
}

/// `b[i]` for an int index, in domain code: an int.
pub fn getitem<D: Domain>(d: &mut D, b: D::Ref, i: D::Int) -> Result<D::Ref, D::Ref> {
    let n = known::array_len(d, b, W_Bytes::layout(), &W_Bytes::BYTES);
    match sequence::normalize_index(d, i, n) {
        Some(i) => {
            let byte = d.get_item_int(b, &W_Bytes::BYTES, i);
            Ok(new_int(d, byte))
        }
        None => Err(exceptions::raise(d, Fault::Message(Msg::BytesIndex))),
    }
}

//! `bytes`: an immutable byte string, its bytes inline, with a cached hash.

use crate::exceptions::{self, Fault, Msg};
use crate::gc;
use crate::hash;
use crate::int::new_int;
use crate::sequence;
use metatrace::domain::Domain;
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

/// `b[i]` for an int index, in domain code: an int.
pub fn getitem<D: Domain>(d: &mut D, b: D::Ref, i: D::Int) -> Result<D::Ref, D::Ref> {
    let n = d.array_len(b, &W_Bytes::BYTES);
    match sequence::normalize_index(d, i, n) {
        Some(i) => {
            let byte = d.get_item_int(b, &W_Bytes::BYTES, i);
            Ok(new_int(d, byte))
        }
        None => Err(exceptions::raise(d, Fault::Message(Msg::BytesIndex))),
    }
}

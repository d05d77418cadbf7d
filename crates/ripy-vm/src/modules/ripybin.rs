//! `_ripybin`: ripy's private module of byte-crunching primitives that the embedded Python
//! modules `_md5`, `_sha1`, `_sha256`, `_sha512`, `_sha3`, `_blake2`, `binascii` and `zlib`
//! (see `_hashbase.py`, `binascii.py`, `zlib.py`) are built on. Its functions take positional
//! arguments already checked by those modules; a failure that the caller turns into its own
//! exception (`binascii.Error`, `zlib.error`) is returned as a str message instead of raised.
//!
//! The streams of `zlib.compressobj` and `zlib.decompressobj` live in a table here, named by
//! an int handle; the Python object that owns one frees it with a GC finalizer.

use super::exact_args;
use crate::builtins::BuiltinDef;
use crate::bytes::new_bytes;
use crate::exceptions::ExcKind;
use crate::function::Args;
use crate::space::{PyResult, Space};
use crate::tuple::W_Tuple;
use crate::unicode;
use metatrace_gc::GcRef;

/// The module.
pub const MODULE: super::BuiltinModule = super::BuiltinModule { name: "_ripybin", init };

const fn def(name: &'static str, func: crate::builtins::NativeFn) -> BuiltinDef {
    super::native("_ripybin", name, func)
}

/// The functions of `_ripybin`.
pub static DEFS: &[BuiltinDef] = &[
    def("digest", digest),
    def("crc32", crc32),
    def("adler32", adler32),
    def("crc_hqx", crc_hqx),
    def("b2a_base64", b2a_base64),
    def("a2b_base64", a2b_base64),
    def("deflate", deflate),
    def("inflate", inflate),
    def("gzip_header_len", gzip_header_len_fn),
    def("stream_new", stream_new),
    def("stream_compress", stream_compress),
    def("stream_decompress", stream_decompress),
];

fn init(space: &'static Space, m: GcRef) -> PyResult<()> {
    super::add_functions(space, super::namespace(m), "_ripybin");
    Ok(())
}

/// The bytes of a bytes-like argument, or `TypeError`.
fn data_arg(space: &Space, v: GcRef) -> PyResult<Vec<u8>> {
    crate::buffer::buffer_data(v)?.ok_or_else(|| {
        let message = format!("a bytes-like object is required, not '{}'", space.type_name(v));
        space.new_exception(ExcKind::TypeError, &message)
    })
}

/// An int argument that fits in an `i64`, or `TypeError`.
fn int_arg(space: &Space, v: GcRef) -> PyResult<i64> {
    crate::objspace::int_value(v).ok_or_else(|| {
        let message = format!("'{}' object cannot be interpreted as an integer", space.type_name(v));
        space.new_exception(ExcKind::TypeError, &message)
    })
}

/// `digest(algorithm, data, length)`: the digest of `data`; `length` is the output size in
/// bytes of the variable-size algorithms (`shake_*`, `blake2*`).
fn digest(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    use sha2::Digest;
    let [name, data, length] = exact_args::<3>(space, "digest", args)?;
    let name = super::str_arg(space, name, "algorithm")?;
    let data = data_arg(space, data)?;
    let length = usize::try_from(int_arg(space, length)?)
        .map_err(|_| space.new_exception(ExcKind::ValueError, "negative digest length"))?;
    fn fixed<D: Digest>(data: &[u8]) -> Vec<u8> {
        D::digest(data).to_vec()
    }
    fn xof<X: Default + sha3::digest::Update + sha3::digest::ExtendableOutput>(data: &[u8], n: usize) -> Vec<u8> {
        let mut x = X::default();
        x.update(data);
        let mut out = vec![0; n];
        x.finalize_xof_into(&mut out);
        out
    }
    fn var<V: sha3::digest::VariableOutput + sha3::digest::Update>(data: &[u8], n: usize) -> Option<Vec<u8>> {
        let mut v = V::new(n).ok()?;
        v.update(data);
        let mut out = vec![0; n];
        v.finalize_variable(&mut out).ok()?;
        Some(out)
    }
    let out = match name.as_str() {
        "md5" => fixed::<md5::Md5>(&data),
        "sha1" => fixed::<sha1::Sha1>(&data),
        "sha224" => fixed::<sha2::Sha224>(&data),
        "sha256" => fixed::<sha2::Sha256>(&data),
        "sha384" => fixed::<sha2::Sha384>(&data),
        "sha512" => fixed::<sha2::Sha512>(&data),
        "sha3_224" => fixed::<sha3::Sha3_224>(&data),
        "sha3_256" => fixed::<sha3::Sha3_256>(&data),
        "sha3_384" => fixed::<sha3::Sha3_384>(&data),
        "sha3_512" => fixed::<sha3::Sha3_512>(&data),
        "shake_128" => xof::<sha3::Shake128>(&data, length),
        "shake_256" => xof::<sha3::Shake256>(&data, length),
        "blake2b" | "blake2s" => {
            let out = if name == "blake2b" {
                var::<blake2::Blake2bVar>(&data, length)
            } else {
                var::<blake2::Blake2sVar>(&data, length)
            };
            out.ok_or_else(|| space.new_exception(ExcKind::ValueError, "digest_size is out of range"))?
        }
        _ => return Err(space.new_exception(ExcKind::ValueError, &format!("unsupported hash type {name}"))),
    };
    Ok(new_bytes(&out))
}

/// `crc32(data, value)`: CRC-32 (as zlib's) of `data` continuing from `value`.
fn crc32(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [data, value] = exact_args::<2>(space, "crc32", args)?;
    let data = data_arg(space, data)?;
    let mut h = crc32fast::Hasher::new_with_initial(int_arg(space, value)? as u32);
    h.update(&data);
    Ok(crate::int::heap_int(i64::from(h.finalize())))
}

/// `adler32(data, value)`: Adler-32 of `data` continuing from `value`.
fn adler32(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [data, value] = exact_args::<2>(space, "adler32", args)?;
    let data = data_arg(space, data)?;
    let value = int_arg(space, value)? as u32;
    let (mut a, mut b) = (value & 0xffff, value >> 16);
    for chunk in data.chunks(5552) {
        for &byte in chunk {
            a += u32::from(byte);
            b += a;
        }
        a %= 65521;
        b %= 65521;
    }
    Ok(crate::int::heap_int(i64::from((b << 16) | a)))
}

/// `crc_hqx(data, value)`: the CRC-CCITT (XMODEM) of `data` continuing from `value`.
fn crc_hqx(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [data, value] = exact_args::<2>(space, "crc_hqx", args)?;
    let data = data_arg(space, data)?;
    let mut crc = (int_arg(space, value)? & 0xffff) as u16;
    for &byte in &data {
        crc ^= u16::from(byte) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 { (crc << 1) ^ 0x1021 } else { crc << 1 };
        }
    }
    Ok(crate::int::heap_int(i64::from(crc)))
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// `b2a_base64(data)`: the base64 text of `data` (no newline).
fn b2a_base64(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [data] = exact_args::<1>(space, "b2a_base64", args)?;
    let data = data_arg(space, data)?;
    let mut out = Vec::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            out.push(if i <= chunk.len() { BASE64[(n >> (18 - 6 * i)) as usize & 63] } else { b'=' });
        }
    }
    Ok(new_bytes(&out))
}

/// `a2b_base64(data, strict)`: the bytes of base64 text `data`, or a str message naming what is
/// wrong with it, as CPython's binascii: in non-strict mode characters outside the alphabet are
/// skipped and decoding stops at the padding that completes a quantum.
fn a2b_base64(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [data, strict] = exact_args::<2>(space, "a2b_base64", args)?;
    let data = data_arg(space, data)?;
    let strict = crate::objspace::truthy(strict)?;
    match decode_base64(&data, strict) {
        Ok(out) => Ok(new_bytes(&out)),
        Err(message) => Ok(unicode::new_str(&message)),
    }
}

fn decode_base64(data: &[u8], strict: bool) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(data.len() / 4 * 3);
    let (mut acc, mut quad, mut pads, mut count) = (0u32, 0usize, 0usize, 0usize);
    if strict && data.first() == Some(&b'=') {
        return Err("Leading padding not allowed".into());
    }
    for (i, &c) in data.iter().enumerate() {
        if c == b'=' {
            if quad >= 2 && quad + pads + 1 >= 4 {
                if strict && i + 1 < data.len() {
                    return Err("Excess data after padding".into());
                }
                let bytes = [(acc << (6 * (4 - quad) as u32) >> 16) as u8, (acc << 6 >> 8) as u8];
                out.extend_from_slice(&bytes[..quad - 1]);
                return Ok(out);
            }
            pads += 1;
            continue;
        }
        let Some(v) = BASE64.iter().position(|&b| b == c) else {
            if strict {
                return Err("Only base64 data is allowed".into());
            }
            continue;
        };
        if strict && pads > 0 {
            return Err("Discontinuous padding not allowed".into());
        }
        pads = 0;
        count += 1;
        acc = (acc << 6) | v as u32;
        quad += 1;
        if quad == 4 {
            out.extend_from_slice(&[(acc >> 16) as u8, (acc >> 8) as u8, acc as u8]);
            acc = 0;
            quad = 0;
        }
    }
    match quad {
        0 => Ok(out),
        1 => Err(format!(
            "Invalid base64-encoded string: number of data characters ({count}) cannot be 1 more than a multiple of 4"
        )),
        _ => Err("Incorrect padding".into()),
    }
}

/// The container of a deflate stream, from zlib's `wbits`: 0 raw, 1 zlib, 2 gzip.
fn container(space: &Space, kind: GcRef) -> PyResult<u8> {
    match int_arg(space, kind)? {
        k @ 0..=2 => Ok(k as u8),
        _ => Err(space.new_exception(ExcKind::ValueError, "invalid container")),
    }
}

/// `deflate(data, level, kind)`: `data` compressed at `level` (0-9) in container `kind`.
fn deflate(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    use std::io::Write;
    let [data, level, kind] = exact_args::<3>(space, "deflate", args)?;
    let data = data_arg(space, data)?;
    let level = flate2::Compression::new(int_arg(space, level)?.clamp(0, 9) as u32);
    let result = match container(space, kind)? {
        0 => {
            let mut e = flate2::write::DeflateEncoder::new(Vec::new(), level);
            e.write_all(&data).and_then(|()| e.finish())
        }
        1 => {
            let mut e = flate2::write::ZlibEncoder::new(Vec::new(), level);
            e.write_all(&data).and_then(|()| e.finish())
        }
        _ => {
            let mut e = flate2::GzBuilder::new().operating_system(3).write(Vec::new(), level);
            e.write_all(&data).and_then(|()| e.finish())
        }
    };
    let out = result.map_err(|e| space.new_exception(ExcKind::ValueError, &e.to_string()))?;
    Ok(new_bytes(&out))
}

/// The length of the gzip header at the start of `data` (`Ok(None)`: incomplete).
fn gzip_header_len(data: &[u8]) -> Result<Option<usize>, &'static str> {
    if data.len() < 10 {
        return Ok(None);
    }
    if data[0] != 0x1f || data[1] != 0x8b {
        return Err("incorrect header check");
    }
    if data[2] != 8 {
        return Err("unknown compression method");
    }
    let flags = data[3];
    let mut at = 10;
    if flags & 4 != 0 {
        let Some(extra) = data.get(at..at + 2) else { return Ok(None) };
        at += 2 + usize::from(u16::from_le_bytes([extra[0], extra[1]]));
    }
    for bit in [8, 16] {
        if flags & bit != 0 {
            let Some(end) = data.get(at..).and_then(|rest| rest.iter().position(|&b| b == 0)) else {
                return Ok(None);
            };
            at += end + 1;
        }
    }
    if flags & 2 != 0 {
        at += 2;
    }
    Ok((at <= data.len()).then_some(at))
}

/// `inflate(data, kind)`: decompress the stream of container `kind` at the start of `data`:
/// `(output, bytes consumed, reached the end of the stream)`, or a str message (zlib's) when
/// the data is invalid.
fn inflate(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [data, kind] = exact_args::<2>(space, "inflate", args)?;
    let data = data_arg(space, data)?;
    let kind = container(space, kind)?;
    let result = match kind {
        2 => match gzip_header_len(&data) {
            Ok(Some(start)) => inflate_raw(&data[start..], false).map(|(out, used, eof)| {
                let total = start + used + if eof { 8 } else { 0 };
                let complete = eof && total <= data.len();
                (out, total.min(data.len()), complete)
            }),
            Ok(None) => Ok((Vec::new(), 0, false)),
            Err(message) => Err(message.to_string()),
        },
        _ => {
            if kind == 1
                && data.len() >= 2
                && ((u16::from(data[0]) << 8 | u16::from(data[1])) % 31 != 0 || data[0] & 15 != 8)
            {
                return Ok(unicode::new_str("incorrect header check"));
            }
            inflate_raw(&data, kind == 1)
        }
    };
    match result {
        Ok((out, used, eof)) => {
            let keep = metatrace_gc::RootSet::new();
            let items = [keep.add(new_bytes(&out)), keep.add(crate::int::heap_int(used as i64)), space.w_bool(eof)];
            Ok(W_Tuple::from_slice(&items))
        }
        Err(message) => Ok(unicode::new_str(&message)),
    }
}

fn inflate_raw(data: &[u8], zlib_header: bool) -> Result<(Vec<u8>, usize, bool), String> {
    let mut d = flate2::Decompress::new(zlib_header);
    let mut out = Vec::with_capacity(data.len() * 3 + 64);
    loop {
        let consumed = d.total_in() as usize;
        let status = d
            .decompress_vec(&data[consumed..], &mut out, flate2::FlushDecompress::None)
            .map_err(|e| e.message().unwrap_or("invalid data").to_string())?;
        match status {
            flate2::Status::StreamEnd => return Ok((out, d.total_in() as usize, true)),
            _ if out.len() == out.capacity() => out.reserve(out.len() + 1024),
            _ => return Ok((out, d.total_in() as usize, false)),
        }
    }
}

/// `gzip_header_len(data)`: the length of the gzip header at the start of `data`, `None` when
/// incomplete, or a str message when it is not a gzip header.
fn gzip_header_len_fn(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [data] = exact_args::<1>(space, "gzip_header_len", args)?;
    Ok(match gzip_header_len(&data_arg(space, data)?) {
        Ok(Some(n)) => crate::int::heap_int(n as i64),
        Ok(None) => space.none,
        Err(message) => unicode::new_str(message),
    })
}

/// A streaming compressor or decompressor.
enum Stream {
    Compress(flate2::Compress),
    Decompress(flate2::Decompress),
}

/// The live streams, by handle (a freed slot is `None`).
static STREAMS: std::sync::Mutex<Vec<Option<Stream>>> = std::sync::Mutex::new(Vec::new());

fn streams() -> std::sync::MutexGuard<'static, Vec<Option<Stream>>> {
    STREAMS.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `stream_new(owner, decompress, zlib_header, level)`: a new stream (a handle), freed when
/// `owner` dies.
fn stream_new(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [owner, decompress, zlib_header, level] = exact_args::<4>(space, "stream_new", args)?;
    let zlib_header = crate::objspace::truthy(zlib_header)?;
    let stream = if crate::objspace::truthy(decompress)? {
        Stream::Decompress(flate2::Decompress::new(zlib_header))
    } else {
        let level = flate2::Compression::new(int_arg(space, level)?.clamp(0, 9) as u32);
        Stream::Compress(flate2::Compress::new(level, zlib_header))
    };
    let mut table = streams();
    let handle = match table.iter().position(Option::is_none) {
        Some(free) => {
            table[free] = Some(stream);
            free
        }
        None => {
            table.push(Some(stream));
            table.len() - 1
        }
    };
    drop(table);
    metatrace_gc::add_finalizer(owner, move |_| {
        if let Some(slot) = streams().get_mut(handle) {
            *slot = None;
        }
    });
    Ok(crate::int::heap_int(handle as i64))
}

/// Run `f` on the stream named by `handle`.
fn with_stream<T>(space: &Space, handle: GcRef, f: impl FnOnce(&mut Stream) -> T) -> PyResult<T> {
    let index = int_arg(space, handle)?;
    let mut table = streams();
    match usize::try_from(index).ok().and_then(|i| table.get_mut(i)).and_then(Option::as_mut) {
        Some(stream) => Ok(f(stream)),
        None => Err(space.new_exception(ExcKind::ValueError, "no such stream")),
    }
}

/// `stream_compress(handle, data, flush)`: feed `data` to a compressor and return the output
/// it produces; `flush` is zlib's mode (`Z_NO_FLUSH`, `Z_SYNC_FLUSH`, `Z_FULL_FLUSH`,
/// `Z_FINISH`, others act as `Z_SYNC_FLUSH`).
fn stream_compress(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [handle, data, flush] = exact_args::<3>(space, "stream_compress", args)?;
    let data = data_arg(space, data)?;
    let flush = match int_arg(space, flush)? {
        0 => flate2::FlushCompress::None,
        3 => flate2::FlushCompress::Full,
        4 => flate2::FlushCompress::Finish,
        _ => flate2::FlushCompress::Sync,
    };
    let result = with_stream(space, handle, |stream| {
        let Stream::Compress(c) = stream else { return Err("inconsistent stream state".to_string()) };
        let start = c.total_in();
        let mut out = Vec::with_capacity(data.len() / 2 + 64);
        loop {
            let (before_in, before_out) = (c.total_in(), c.total_out());
            let consumed = (before_in - start) as usize;
            let status = c.compress_vec(&data[consumed..], &mut out, flush).map_err(|e| e.to_string())?;
            let all_in = (c.total_in() - start) as usize == data.len();
            let stuck = c.total_in() == before_in && c.total_out() == before_out;
            let full = out.len() == out.capacity();
            match status {
                flate2::Status::StreamEnd => return Ok(out),
                _ if full => out.reserve(out.capacity().max(1024)),
                _ if (all_in && flush != flate2::FlushCompress::Finish) || stuck => return Ok(out),
                _ => {}
            }
        }
    })?;
    match result {
        Ok(out) => Ok(new_bytes(&out)),
        Err(message) => Ok(unicode::new_str(&message)),
    }
}

/// `stream_decompress(handle, data, max_length)`: feed `data` to a decompressor: `(output,
/// bytes consumed, reached the end of the stream)` with at most `max_length` bytes of output
/// (0: no limit), or a str message when the data is invalid.
fn stream_decompress(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [handle, data, max_length] = exact_args::<3>(space, "stream_decompress", args)?;
    let data = data_arg(space, data)?;
    let max_length = usize::try_from(int_arg(space, max_length)?).unwrap_or(0);
    let result = with_stream(space, handle, |stream| {
        let Stream::Decompress(d) = stream else { return Err("inconsistent stream state".to_string()) };
        let start = d.total_in();
        let mut out = Vec::with_capacity(if max_length > 0 { max_length } else { data.len() * 3 + 64 });
        loop {
            let consumed = (d.total_in() - start) as usize;
            let status = d
                .decompress_vec(&data[consumed..], &mut out, flate2::FlushDecompress::None)
                .map_err(|e| e.message().unwrap_or("invalid data").to_string())?;
            let consumed = (d.total_in() - start) as usize;
            match status {
                flate2::Status::StreamEnd => return Ok((out, consumed, true)),
                _ if out.len() == out.capacity() && max_length == 0 => out.reserve(out.capacity().max(1024)),
                _ => return Ok((out, consumed, false)),
            }
        }
    })?;
    match result {
        Ok((out, used, eof)) => {
            let keep = metatrace_gc::RootSet::new();
            let items = [keep.add(new_bytes(&out)), keep.add(crate::int::heap_int(used as i64)), space.w_bool(eof)];
            Ok(W_Tuple::from_slice(&items))
        }
        Err(message) => Ok(unicode::new_str(&message)),
    }
}

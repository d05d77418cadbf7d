//! The `_struct` module: packing values into bytes and back by format strings (`<hI2s`), with
//! CPython's sizes, alignment and messages. The functions are native; `Struct` and `error` are
//! Python (`_struct.py`, run as the module's body).

use super::arg_range;
use crate::builtins::BuiltinDef;
use crate::bytes::{self, W_Bytes};
use crate::exceptions::ExcKind;
use crate::float::{heap_float, W_Float};
use crate::function::Args;
use crate::int::heap_int;
use crate::objspace;
use crate::space::{PyResult, Space};
use crate::unicode::{self, W_Str};
use dashu_int::IBig;
use metatrace_gc::{GcObject, GcRef};

/// The module.
pub const MODULE: super::BuiltinModule = super::BuiltinModule { name: "_struct", init };

const fn def(name: &'static str, func: crate::builtins::NativeFn) -> BuiltinDef {
    super::native("_struct", name, func)
}

/// The functions of `_struct`.
pub static DEFS: &[BuiltinDef] = &[
    def("pack", pack),
    def("unpack", unpack),
    def("unpack_from", unpack_from),
    def("pack_into", pack_into),
    def("calcsize", calcsize),
    def("_clearcache", clearcache),
];

fn init(space: &'static Space, m: GcRef) -> PyResult<()> {
    super::add_functions(space, super::namespace(m), "_struct");
    super::exec_source(space, m, "<frozen _struct>", include_str!("_struct.py"))
}

/// `struct.error(message)`.
fn error(space: &'static Space, message: &str) -> GcRef {
    let class = crate::import::import_absolute(space, "_struct")
        .and_then(|m| objspace::getattr(m, space.intern("error")))
        .unwrap_or_else(|_| space.exception_type(ExcKind::Exception));
    objspace::call(class, &[unicode::new_str(message)]).unwrap_or_else(|e| e)
}

/// One item of a format: its code, its size, and where it goes; with `repeat`, that many
/// consecutive items of the same code (`5h`).
#[derive(Clone, Copy)]
struct Item {
    code: u8,
    size: usize,
    offset: usize,
    /// For `s` and `p`: the byte count.
    count: usize,
    /// How many items of this code follow each other from `offset`.
    repeat: usize,
}

/// A parsed format.
struct Format {
    little: bool,
    native: bool,
    items: Vec<Item>,
    size: usize,
}

impl Format {
    /// The number of values the format packs.
    fn len(&self) -> usize {
        self.items.iter().map(|item| item.repeat).sum()
    }

    /// Each single item, in order.
    fn each(&self) -> impl Iterator<Item = Item> + '_ {
        self.items.iter().flat_map(|item| {
            (0..item.repeat).map(move |k| Item { offset: item.offset + k * item.size, repeat: 1, ..*item })
        })
    }
}

/// The size of `code` (native sizes when `native`), or `None` for a bad code.
fn code_size(code: u8, native: bool) -> Option<usize> {
    Some(match code {
        b'x' | b'c' | b'b' | b'B' | b'?' | b's' | b'p' => 1,
        b'h' | b'H' | b'e' => 2,
        b'i' | b'I' | b'f' => 4,
        b'l' | b'L' => {
            if native {
                8
            } else {
                4
            }
        }
        b'q' | b'Q' | b'd' => 8,
        b'n' | b'N' | b'P' if native => 8,
        _ => return None,
    })
}

fn parse(space: &'static Space, fmt: GcRef) -> PyResult<Format> {
    let text = if fmt.layout() == W_Bytes::layout() {
        bytes::data(fmt)
    } else if fmt.layout() == W_Str::layout() {
        unicode::to_string_lossy(fmt).into_bytes()
    } else {
        let message = format!("Struct() argument 1 must be a str or bytes object, not {}", space.type_name(fmt));
        return Err(space.new_exception(ExcKind::TypeError, &message));
    };
    if text.contains(&0) {
        return Err(error(space, "embedded null character"));
    }
    let (little, native, body) = match text.first() {
        Some(b'<') => (true, false, &text[1..]),
        Some(b'>') | Some(b'!') => (false, false, &text[1..]),
        Some(b'=') => (cfg!(target_endian = "little"), false, &text[1..]),
        Some(b'@') => (cfg!(target_endian = "little"), true, &text[1..]),
        _ => (cfg!(target_endian = "little"), true, &text[..]),
    };
    let mut items = Vec::new();
    let mut offset = 0usize;
    let mut i = 0;
    while i < body.len() {
        let c = body[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let mut count: Option<usize> = None;
        while i < body.len() && body[i].is_ascii_digit() {
            let digit = (body[i] - b'0') as usize;
            count = Some(
                count
                    .unwrap_or(0)
                    .checked_mul(10)
                    .and_then(|n| n.checked_add(digit))
                    .ok_or_else(|| error(space, "total struct size too long"))?,
            );
            i += 1;
        }
        let Some(&code) = body.get(i) else {
            return Err(error(space, "repeat count given without format specifier"));
        };
        i += 1;
        let size = code_size(code, native).ok_or_else(|| error(space, "bad char in struct format"))?;
        if native && size > 1 {
            offset = offset.div_ceil(size) * size;
        }
        let n = count.unwrap_or(1);
        let total = if code == b's' || code == b'p' || code == b'x' { Some(n) } else { n.checked_mul(size) };
        let end = total.and_then(|t| t.checked_add(offset)).filter(|&end| end <= isize::MAX as usize);
        let Some(end) = end else { return Err(error(space, "total struct size too long")) };
        if code == b's' || code == b'p' {
            items.push(Item { code, size: n, offset, count: n, repeat: 1 });
        } else if code != b'x' && n > 0 {
            items.push(Item { code, size, offset, count: 1, repeat: n });
        }
        offset = end;
    }
    Ok(Format { little, native, items, size: offset })
}

/// The integer value of an argument for an integer code (`__index__` included).
fn int_value(space: &'static Space, v: GcRef) -> PyResult<IBig> {
    if v.layout() == W_Float::layout() || v.layout() == W_Str::layout() || v.layout() == W_Bytes::layout() {
        return Err(error(space, "required argument is not an integer"));
    }
    if let Some(b) = crate::bigint::to_ibig(v) {
        return Ok(b);
    }
    objspace::index_value(v, "required argument is not an integer")
        .map(IBig::from)
        .map_err(|_| error(space, "required argument is not an integer"))
}

/// CPython's range error for an integer code.
fn range_error(space: &'static Space, item: &Item, native: bool, min: &IBig, max: &IBig) -> GcRef {
    let code = item.code as char;
    let message = match (native, item.code) {
        (true, b'b') => "byte format requires -128 <= number <= 127".to_owned(),
        (true, b'B') => "ubyte format requires 0 <= number <= 255".to_owned(),
        (true, b'h') => "short format requires -32768 <= number <= 32767".to_owned(),
        (true, b'H') => "ushort format requires 0 <= number <= 65535".to_owned(),
        (true, b'i') => format!("'{code}' format requires {min} <= number <= {max}"),
        (true, _) => "argument out of range".to_owned(),
        (false, b'q' | b'Q') => "argument out of range".to_owned(),
        (false, _) => format!("'{code}' format requires {min} <= number <= {max}"),
    };
    error(space, &message)
}

fn pack_item(space: &'static Space, f: &Format, item: &Item, v: GcRef, out: &mut [u8]) -> PyResult<()> {
    let slot = &mut out[item.offset..item.offset + item.size];
    let put = |slot: &mut [u8], bytes_le: &[u8]| {
        if f.little {
            slot.copy_from_slice(bytes_le);
        } else {
            for (dst, src) in slot.iter_mut().zip(bytes_le.iter().rev()) {
                *dst = *src;
            }
        }
    };
    match item.code {
        b'c' => {
            if v.layout() != W_Bytes::layout() || bytes::data(v).len() != 1 {
                return Err(error(space, "char format requires a bytes object of length 1"));
            }
            slot[0] = bytes::data(v)[0];
        }
        b's' | b'p' => {
            if v.layout() != W_Bytes::layout() && !crate::buffer::is_bytearray(v) {
                return Err(error(space, &format!("argument for '{}' must be a bytes object", item.code as char)));
            }
            let data = if v.layout() == W_Bytes::layout() { bytes::data(v) } else { crate::buffer::bytearray_data(v) };
            if item.code == b's' {
                let n = data.len().min(item.count);
                slot[..n].copy_from_slice(&data[..n]);
            } else if item.count > 0 {
                let n = data.len().min(item.count - 1);
                slot[0] = n.min(255) as u8;
                slot[1..=n].copy_from_slice(&data[..n]);
            }
        }
        b'?' => slot[0] = u8::from(objspace::truthy(v)?),
        b'e' | b'f' | b'd' => {
            let x = super::math::float_arg(space, v).map_err(|_| error(space, "required argument is not a float"))?;
            match item.code {
                b'd' => put(slot, &x.to_le_bytes()),
                b'f' => {
                    let y = x as f32;
                    if y.is_infinite() && x.is_finite() {
                        return Err(
                            space.new_exception(ExcKind::OverflowError, "float too large to pack with f format")
                        );
                    }
                    put(slot, &y.to_le_bytes());
                }
                _ => {
                    let h = f64_to_half(x).ok_or_else(|| {
                        space.new_exception(ExcKind::OverflowError, "float too large to pack with e format")
                    })?;
                    put(slot, &h.to_le_bytes());
                }
            }
        }
        code => {
            let value = int_value(space, v)?;
            let bits = item.size * 8;
            let signed = code.is_ascii_lowercase();
            let (min, max) = if signed {
                (-(IBig::ONE << (bits - 1)), (IBig::ONE << (bits - 1)) - IBig::ONE)
            } else {
                (IBig::ZERO, (IBig::ONE << bits) - IBig::ONE)
            };
            if value < min || value > max {
                return Err(range_error(space, item, f.native, &min, &max));
            }
            let wrapped = if value < IBig::ZERO { value + (IBig::ONE << bits) } else { value };
            let le = u128::try_from(&wrapped).unwrap_or(0).to_le_bytes();
            put(slot, &le[..item.size]);
        }
    }
    Ok(())
}

/// IEEE 754 half precision of `x` (round half to even), `None` when it overflows.
fn f64_to_half(x: f64) -> Option<u16> {
    let sign: u16 = if x.is_sign_negative() { 0x8000 } else { 0 };
    if x.is_nan() {
        return Some(sign | 0x7e00);
    }
    let a = x.abs();
    if a.is_infinite() {
        return Some(sign | 0x7c00);
    }
    if a >= 65520.0 {
        return None;
    }
    if a < 2f64.powi(-14) {
        let m = (a / 2f64.powi(-24)).round_ties_even() as u16;
        return Some(sign | m);
    }
    let e = a.log2().floor() as i32;
    let mut m = (a / 2f64.powi(e) - 1.0) * 1024.0;
    m = m.round_ties_even();
    let (mut e, mut m) = (e, m as u32);
    if m == 1024 {
        m = 0;
        e += 1;
    }
    if e > 15 {
        return None;
    }
    Some(sign | (((e + 15) as u16) << 10) | m as u16)
}

fn half_to_f64(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let e = i32::from((h >> 10) & 0x1f);
    let m = f64::from(h & 0x3ff);
    sign * match e {
        0 => m * 2f64.powi(-24),
        31 => {
            if m == 0.0 {
                f64::INFINITY
            } else {
                f64::NAN
            }
        }
        _ => (1.0 + m / 1024.0) * 2f64.powi(e - 15),
    }
}

fn unpack_item(space: &'static Space, f: &Format, item: &Item, data: &[u8]) -> PyResult<GcRef> {
    let slot = &data[item.offset..item.offset + item.size];
    let mut le = [0u8; 16];
    if item.code == b's' || item.code == b'p' {
        // Byte strings: no number to assemble.
    } else if f.little {
        le[..item.size].copy_from_slice(slot);
    } else {
        for (dst, src) in le.iter_mut().zip(slot.iter().rev()) {
            *dst = *src;
        }
    }
    Ok(match item.code {
        b'c' => bytes::new_bytes(slot),
        b's' => bytes::new_bytes(slot),
        b'p' => {
            let n = usize::from(slot.first().copied().unwrap_or(0)).min(item.count.saturating_sub(1));
            bytes::new_bytes(&slot[1.min(slot.len())..1.min(slot.len()) + n])
        }
        b'?' => space.w_bool(slot[0] != 0),
        b'd' => heap_float(f64::from_le_bytes(le[..8].try_into().expect("8 bytes"))),
        b'f' => heap_float(f64::from(f32::from_le_bytes(le[..4].try_into().expect("4 bytes")))),
        b'e' => heap_float(half_to_f64(u16::from_le_bytes(le[..2].try_into().expect("2 bytes")))),
        code => {
            let bits = item.size * 8;
            let raw = u128::from_le_bytes(le);
            let mut value = IBig::from(raw);
            if code.is_ascii_lowercase() && raw >> (bits - 1) & 1 == 1 {
                value -= IBig::ONE << bits;
            }
            crate::bigint::from_ibig(&value)
        }
    })
}

/// The bytes of a buffer argument.
fn buffer_data(space: &'static Space, v: GcRef) -> PyResult<Vec<u8>> {
    if let Some(data) = crate::buffer::buffer_data(v)? {
        return Ok(data);
    }
    let message = format!("a bytes-like object is required, not '{}'", space.type_name(v));
    Err(space.new_exception(ExcKind::TypeError, &message))
}

fn pack_values(space: &'static Space, f: &Format, values: &[GcRef], out: &mut [u8]) -> PyResult<()> {
    if values.len() != f.len() {
        let message = format!("pack expected {} items for packing (got {})", f.len(), values.len());
        return Err(error(space, &message));
    }
    for (item, &v) in f.each().zip(values) {
        pack_item(space, f, &item, v, out)?;
    }
    Ok(())
}

fn unpack_values(space: &'static Space, f: &Format, data: &[u8]) -> PyResult<GcRef> {
    let keep = metatrace_gc::RootSet::new();
    let mut values = Vec::with_capacity(f.len());
    for item in f.each() {
        values.push(keep.add(unpack_item(space, f, &item, data)?));
    }
    Ok(crate::tuple::W_Tuple::from_slice(&values))
}

fn pack(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    super::no_keywords(space, "pack", args)?;
    let (&fmt, values) = args
        .positional
        .split_first()
        .ok_or_else(|| space.new_exception(ExcKind::TypeError, "pack expected at least 1 argument, got 0"))?;
    let f = parse(space, fmt)?;
    let mut out = vec![0u8; f.size];
    pack_values(space, &f, values, &mut out)?;
    Ok(bytes::new_bytes(&out))
}

fn unpack(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let a = arg_range(space, "unpack", args, 2, 2)?;
    let f = parse(space, a[0])?;
    let data = buffer_data(space, a[1])?;
    if data.len() != f.size {
        return Err(error(space, &format!("unpack requires a buffer of {} bytes", f.size)));
    }
    unpack_values(space, &f, &data)
}

fn unpack_from(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let mut a: Vec<GcRef> = args.positional.to_vec();
    for &(k, v) in &args.keywords {
        match unicode::to_string_lossy(k).as_str() {
            "buffer" if a.len() == 1 => a.push(v),
            "offset" if a.len() == 2 => a.push(v),
            other => {
                let message = format!("unpack_from() got an unexpected keyword argument '{other}'");
                return Err(space.new_exception(ExcKind::TypeError, &message));
            }
        }
    }
    if !(2..=3).contains(&a.len()) {
        return Err(space.new_exception(ExcKind::TypeError, "unpack_from() missing required argument 'buffer' (pos 2)"));
    }
    let f = parse(space, a[0])?;
    let data = buffer_data(space, a[1])?;
    let mut offset = match a.get(2) {
        Some(&o) => objspace::index_value(o, "offset must be an integer")?,
        None => 0,
    };
    if offset < 0 {
        if offset + f.size as i64 > 0 {
            return Err(error(space, &format!("not enough data to unpack {} bytes at offset {offset}", f.size)));
        }
        if offset + (data.len() as i64) < 0 {
            return Err(error(space, &format!("offset {offset} out of range for {}-byte buffer", data.len())));
        }
        offset += data.len() as i64;
    }
    let offset = offset as usize;
    if data.len() < offset || data.len() - offset < f.size {
        let message = format!(
            "unpack_from requires a buffer of at least {} bytes for unpacking {} bytes at offset {} (actual buffer size is {})",
            f.size + offset,
            f.size,
            offset,
            data.len()
        );
        return Err(error(space, &message));
    }
    unpack_values(space, &f, &data[offset..offset + f.size])
}

fn pack_into(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    super::no_keywords(space, "pack_into", args)?;
    let [fmt, buffer, offset, values @ ..] = args.positional.as_slice() else {
        let message = format!("pack_into expected at least 3 arguments, got {}", args.positional.len());
        return Err(space.new_exception(ExcKind::TypeError, &message));
    };
    let f = parse(space, *fmt)?;
    let buffer = &match crate::buffer::exported_buffer(*buffer)? {
        Some((storage, _)) => storage,
        None => *buffer,
    };
    if !crate::buffer::is_bytearray(*buffer) {
        let message = format!("argument must be read-write bytes-like object, not {}", space.type_name(*buffer));
        return Err(space.new_exception(ExcKind::TypeError, &message));
    }
    let n = crate::buffer::bytearray_len(*buffer);
    let mut at = objspace::index_value(*offset, "offset must be an integer")?;
    if at < 0 {
        if at + f.size as i64 > 0 {
            return Err(error(space, &format!("no space to pack {} bytes at offset {at}", f.size)));
        }
        if at + (n as i64) < 0 {
            return Err(error(space, &format!("offset {at} out of range for {n}-byte buffer")));
        }
        at += n as i64;
    }
    if n < at as usize + f.size {
        let message = format!(
            "pack_into requires a buffer of at least {} bytes for packing {} bytes at offset {} (actual buffer size is {})",
            f.size + at.max(0) as usize,
            f.size,
            at,
            n
        );
        return Err(error(space, &message));
    }
    let at = at as usize;
    let mut out = vec![0u8; f.size];
    pack_values(space, &f, values, &mut out)?;
    // Packing may run Python code (`__index__`) that resized the bytearray (CPython forbids it
    // while the buffer is exported).
    if crate::buffer::bytearray_len(*buffer) < at + f.size {
        return Err(space.new_exception(ExcKind::BufferError, "buffer resized while packing into it"));
    }
    crate::buffer::splice_bytearray(*buffer, at, at + f.size, &out);
    Ok(space.none)
}

fn calcsize(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let fmt = super::one_arg(space, "_struct.calcsize", args)?;
    Ok(heap_int(parse(space, fmt)?.size as i64))
}

fn clearcache(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    super::exact_args::<0>(space, "_struct._clearcache", args)?;
    Ok(space.none)
}

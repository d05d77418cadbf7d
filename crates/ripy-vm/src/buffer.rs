//! `bytearray` (a mutable byte string) and `memoryview` (a view of the bytes of a `bytes`,
//! `bytearray` or another view): their objects, indexing, slicing, item assignment and deletion.
//!
//! A bytearray holds its current contents as an immutable [`W_Bytes`] that each mutation
//! replaces, so that a view or an iterator never sees half of a change. A memoryview names the
//! object it views and a window on it (start, length, step), read through the object each time,
//! so it sees later changes of a bytearray.

use crate::bytes::{self, W_Bytes};
use crate::exceptions::ExcKind;
use crate::gc;
use crate::int::heap_int;
use crate::iter::{self, W_Slice};
use crate::objspace;
use crate::space::{PyResult, Space};
use metatrace_gc::{GcHeader, GcObject, GcRef};
use metatrace_macros::GcObject;

/// A `bytearray`.
#[derive(GcObject)]
#[repr(C)]
pub struct W_ByteArray {
    /// The object header.
    pub header: GcHeader,
    /// The contents: a [`W_Bytes`], replaced by each mutation.
    pub data: GcRef,
}

/// A `memoryview`.
#[derive(GcObject)]
#[repr(C)]
pub struct W_MemoryView {
    /// The object header.
    pub header: GcHeader,
    /// The viewed object (a bytes or a bytearray).
    #[gc(immutable)]
    pub obj: GcRef,
    /// The first byte viewed.
    #[gc(immutable)]
    pub start: i64,
    /// The number of bytes viewed.
    #[gc(immutable)]
    pub length: i64,
    /// The distance between viewed bytes.
    #[gc(immutable)]
    pub step: i64,
    /// 1 once `release()`d.
    pub released: i64,
    /// The item format (`struct` character, as a byte, plus [`AT_PREFIX`] when written with `@`)
    /// set by `cast`; 0 for bytes (`'B'`).
    #[gc(immutable)]
    pub format: i64,
}

fn error(kind: ExcKind, message: &str) -> GcRef {
    Space::get().new_exception(kind, message)
}

/// A new bytearray holding `data`.
pub fn new_bytearray(data: &[u8]) -> GcRef {
    let contents = bytes::new_bytes(data);
    let _rooted = metatrace_gc::Root::new(contents);
    let b = metatrace_gc::alloc(W_ByteArray::layout());
    gc::set_ref(b, &W_ByteArray::DATA, contents);
    b
}

/// Whether `obj` is a bytearray.
pub fn is_bytearray(obj: GcRef) -> bool {
    obj.layout() == W_ByteArray::layout()
}

/// Whether `obj` is a memoryview.
pub fn is_memoryview(obj: GcRef) -> bool {
    obj.layout() == W_MemoryView::layout()
}

/// The bytes of a bytearray.
pub fn bytearray_data(b: GcRef) -> Vec<u8> {
    bytes::data(gc::get_ref(b, &W_ByteArray::DATA))
}

/// Replace the contents of a bytearray.
pub fn set_bytearray_data(b: GcRef, data: &[u8]) {
    gc::set_ref(b, &W_ByteArray::DATA, bytes::new_bytes(data));
}

/// A new memoryview of a bytes, bytearray or memoryview; `TypeError` for other objects.
pub fn new_memoryview(obj: GcRef) -> PyResult<GcRef> {
    if is_memoryview(obj) {
        let (target, start, length, step) = window(obj)?;
        let view = view_of(target, start, length, step);
        gc::set_i64(view, &W_MemoryView::FORMAT, gc::get_i64(obj, &W_MemoryView::FORMAT));
        return Ok(view);
    }
    let length = if obj.layout() == W_Bytes::layout() {
        gc::len(obj, &W_Bytes::BYTES)
    } else if is_bytearray(obj) {
        bytearray_data(obj).len()
    } else {
        let message = format!("memoryview: a bytes-like object is required, not '{}'", Space::get().type_name(obj));
        return Err(error(ExcKind::TypeError, &message));
    };
    Ok(view_of(obj, 0, length as i64, 1))
}

fn view_of(target: GcRef, start: i64, length: i64, step: i64) -> GcRef {
    let _rooted = metatrace_gc::Root::new(target);
    let v = metatrace_gc::alloc(W_MemoryView::layout());
    gc::set_ref(v, &W_MemoryView::OBJ, target);
    gc::set_i64(v, &W_MemoryView::START, start);
    gc::set_i64(v, &W_MemoryView::LENGTH, length);
    gc::set_i64(v, &W_MemoryView::STEP, step);
    v
}

/// The object, start, length and step of a memoryview; `ValueError` once released.
fn window(v: GcRef) -> PyResult<(GcRef, i64, i64, i64)> {
    if gc::get_i64(v, &W_MemoryView::RELEASED) != 0 {
        return Err(error(ExcKind::ValueError, "operation forbidden on released memoryview object"));
    }
    Ok((
        gc::get_ref(v, &W_MemoryView::OBJ),
        gc::get_i64(v, &W_MemoryView::START),
        gc::get_i64(v, &W_MemoryView::LENGTH),
        gc::get_i64(v, &W_MemoryView::STEP),
    ))
}

/// Release a memoryview.
pub fn release(v: GcRef) {
    gc::set_i64(v, &W_MemoryView::RELEASED, 1);
}

/// Whether a memoryview is released.
pub fn is_released(v: GcRef) -> bool {
    gc::get_i64(v, &W_MemoryView::RELEASED) != 0
}

/// Whether a memoryview's object is read-only (a bytes).
pub fn is_readonly(v: GcRef) -> bool {
    gc::get_ref(v, &W_MemoryView::OBJ).layout() == W_Bytes::layout()
}

/// The bytes a memoryview shows.
pub fn view_data(v: GcRef) -> PyResult<Vec<u8>> {
    let (target, start, length, step) = window(v)?;
    let all = if is_bytearray(target) { bytearray_data(target) } else { bytes::data(target) };
    Ok((0..length).filter_map(|k| all.get((start + k * step) as usize).copied()).collect())
}

/// The bytes of a bytes-like object (bytes, bytearray, memoryview); `None` for other objects.
pub fn buffer_data(obj: GcRef) -> PyResult<Option<Vec<u8>>> {
    if obj.layout() == W_Bytes::layout() {
        Ok(Some(bytes::data(obj)))
    } else if is_bytearray(obj) {
        Ok(Some(bytearray_data(obj)))
    } else if is_memoryview(obj) {
        view_data(obj).map(Some)
    } else {
        Ok(None)
    }
}

/// `len(obj)` of a bytearray or memoryview.
pub fn len(obj: GcRef) -> PyResult<Option<usize>> {
    if is_bytearray(obj) {
        return Ok(Some(bytearray_data(obj).len()));
    }
    if is_memoryview(obj) {
        return Ok(Some(window(obj)?.2 as usize / item_format(obj).1));
    }
    Ok(None)
}

/// The index of `key` (an int) in a sequence of `n` items; `IndexError` naming `what`.
fn index_in(key: GcRef, n: usize, what: &str) -> PyResult<usize> {
    let space = Space::get();
    let message = format!("{what} indices must be integers or slices, not {}", space.type_name(key));
    let i = objspace::index_value(key, &message)?;
    let i = if i < 0 { i + n as i64 } else { i };
    if !(0..n as i64).contains(&i) {
        return Err(error(ExcKind::IndexError, &format!("{what} index out of range")));
    }
    Ok(i as usize)
}

/// The index of `key` in a memoryview of `n` bytes.
fn view_index(key: GcRef, n: usize) -> PyResult<usize> {
    let message = "memoryview: invalid slice key";
    let i = objspace::index_value(key, message)?;
    let i = if i < 0 { i + n as i64 } else { i };
    if !(0..n as i64).contains(&i) {
        return Err(error(ExcKind::IndexError, "index out of bounds on dimension 1"));
    }
    Ok(i as usize)
}

/// The bit of [`W_MemoryView::format`] that says the format was given as `@X`.
const AT_PREFIX: i64 = 0x100;

/// The item format of a memoryview (`b'B'` unless cast) and its item size.
fn item_format(v: GcRef) -> (u8, usize) {
    let format = match gc::get_i64(v, &W_MemoryView::FORMAT) & 0xff {
        0 => b'B',
        f => f as u8,
    };
    (format, format_size(format).unwrap_or(1))
}

/// The size of a native single-character `struct` format, if it is one memoryview supports.
fn format_size(format: u8) -> Option<usize> {
    match format {
        b'B' | b'b' | b'c' | b'?' => Some(1),
        b'H' | b'h' => Some(2),
        b'I' | b'i' | b'f' => Some(4),
        b'L' | b'l' | b'Q' | b'q' | b'N' | b'n' | b'P' | b'd' => Some(8),
        _ => None,
    }
}

/// The Python value of one item (`bytes` of native-order data of its format's size).
fn item_value(format: u8, bytes: &[u8]) -> GcRef {
    let space = Space::get();
    let mut word = [0u8; 8];
    word[..bytes.len()].copy_from_slice(bytes);
    let unsigned = u64::from_le_bytes(word);
    let shift = 64 - 8 * bytes.len() as u32;
    let signed = ((unsigned << shift) as i64) >> shift;
    match format {
        b'c' => bytes::new_bytes(bytes),
        b'?' => space.w_bool(unsigned != 0),
        b'f' => crate::float::heap_float(f64::from(f32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))),
        b'd' => crate::float::heap_float(f64::from_le_bytes(word)),
        b'b' | b'h' | b'i' | b'l' | b'q' | b'n' => heap_int(signed),
        _ => match i64::try_from(unsigned) {
            Ok(n) => heap_int(n),
            Err(_) => crate::bigint::from_ibig(&dashu_int::IBig::from(unsigned)),
        },
    }
}

/// The items of a memoryview as Python values (ints for bytes; per its format once cast).
pub fn view_items(v: GcRef) -> PyResult<crate::gc::RootedVec> {
    let (format, size) = item_format(v);
    let data = view_data(v)?;
    Ok(data.chunks_exact(size).map(|item| item_value(format, item)).collect())
}

/// `memoryview.cast(format)`: a view of the same bytes with items of another native format.
pub fn cast(v: GcRef, format: &str) -> PyResult<GcRef> {
    let (target, start, length, step) = window(v)?;
    let prefix = if format.starts_with('@') { AT_PREFIX } else { 0 };
    let format_byte = match format.strip_prefix('@').unwrap_or(format).as_bytes() {
        [f] if format_size(*f).is_some() => *f,
        _ => {
            let message = "memoryview: destination format must be a native single character format prefixed with an optional '@'";
            return Err(error(ExcKind::ValueError, message));
        }
    };
    let (current, _) = item_format(v);
    let is_byte_format = |f: u8| matches!(f, b'B' | b'b' | b'c');
    if !is_byte_format(current) && !is_byte_format(format_byte) {
        return Err(error(ExcKind::TypeError, "memoryview: cannot cast between two non-byte formats"));
    }
    if step != 1 {
        return Err(error(ExcKind::TypeError, "memoryview: casts are restricted to C-contiguous views"));
    }
    if length as usize % format_size(format_byte).unwrap_or(1) != 0 {
        return Err(error(ExcKind::TypeError, "memoryview: length is not a multiple of itemsize"));
    }
    let view = view_of(target, start, length, step);
    gc::set_i64(view, &W_MemoryView::FORMAT, i64::from(format_byte) | prefix);
    Ok(view)
}

/// `container[key]` for a bytearray or memoryview; `None` for other containers.
pub fn getitem(container: GcRef, key: GcRef) -> PyResult<Option<GcRef>> {
    if is_bytearray(container) {
        let data = bytearray_data(container);
        if key.layout() == W_Slice::layout() {
            let picked: Vec<u8> = iter::slice_positions(key, data.len())?.into_iter().map(|i| data[i]).collect();
            return Ok(Some(new_bytearray(&picked)));
        }
        let i = index_in(key, data.len(), "bytearray")?;
        return Ok(Some(heap_int(i64::from(data[i]))));
    }
    if is_memoryview(container) {
        let (target, start, length, step) = window(container)?;
        let (format, size) = item_format(container);
        let items = length / size as i64;
        if key.layout() == W_Slice::layout() {
            let (first, _, k, count) = iter::slice_indices(key, items)?;
            if size > 1 && k != 1 {
                return Err(error(ExcKind::NotImplementedError, "memoryview: strided slices of cast views"));
            }
            let view = view_of(target, start + first * size as i64 * step, count * size as i64, step * k);
            gc::set_i64(view, &W_MemoryView::FORMAT, gc::get_i64(container, &W_MemoryView::FORMAT));
            return Ok(Some(view));
        }
        let data = view_data(container)?;
        let i = view_index(key, items as usize)?;
        return Ok(Some(item_value(format, &data[i * size..(i + 1) * size])));
    }
    Ok(None)
}

/// A byte value for item assignment.
fn byte_value(v: GcRef) -> PyResult<u8> {
    let space = Space::get();
    let message = format!("'{}' object cannot be interpreted as an integer", space.type_name(v));
    let n = objspace::index_value(v, &message)?;
    u8::try_from(n).map_err(|_| error(ExcKind::ValueError, "byte must be in range(0, 256)"))
}

/// The bytes of the value of a slice assignment to a bytearray.
fn assigned_bytes(v: GcRef) -> PyResult<Vec<u8>> {
    if let Some(data) = buffer_data(v)? {
        return Ok(data);
    }
    if v.layout() == crate::unicode::W_Str::layout() || crate::bigint::to_ibig(v).is_some() {
        let message = "can assign only bytes, buffers, or iterables of ints in range(0, 256)";
        return Err(error(ExcKind::TypeError, message));
    }
    objspace::to_vec(v)?.iter().map(|&item| byte_value(item)).collect()
}

/// `container[key] = value` for a bytearray or memoryview: whether `container` was one.
pub fn setitem(container: GcRef, key: GcRef, value: GcRef) -> PyResult<bool> {
    if is_bytearray(container) {
        let mut data = bytearray_data(container);
        if key.layout() == W_Slice::layout() {
            let new = assigned_bytes(value)?;
            let (start, stop, step, count) = iter::slice_indices(key, data.len() as i64)?;
            if step == 1 {
                let stop = stop.max(start);
                data.splice(start as usize..stop as usize, new);
            } else {
                if new.len() as i64 != count {
                    let message =
                        format!("attempt to assign bytes of size {} to extended slice of size {count}", new.len());
                    return Err(error(ExcKind::ValueError, &message));
                }
                for (k, b) in new.into_iter().enumerate() {
                    data[(start + k as i64 * step) as usize] = b;
                }
            }
        } else {
            let i = index_in(key, data.len(), "bytearray")?;
            data[i] = byte_value(value)?;
        }
        set_bytearray_data(container, &data);
        return Ok(true);
    }
    if is_memoryview(container) {
        let (target, start, length, step) = window(container)?;
        if !is_bytearray(target) {
            return Err(error(ExcKind::TypeError, "cannot modify read-only memory"));
        }
        let mut data = bytearray_data(target);
        if key.layout() == W_Slice::layout() {
            let new = assigned_bytes(value)?;
            let (first, _, k, count) = iter::slice_indices(key, length)?;
            if new.len() as i64 != count {
                let message = "memoryview assignment: lvalue and rvalue have different structures";
                return Err(error(ExcKind::ValueError, message));
            }
            for (j, b) in new.into_iter().enumerate() {
                data[(start + (first + j as i64 * k) * step) as usize] = b;
            }
        } else {
            let i = view_index(key, length as usize)?;
            data[(start + i as i64 * step) as usize] = byte_value(value)?;
        }
        set_bytearray_data(target, &data);
        return Ok(true);
    }
    Ok(false)
}

/// `del container[key]` for a bytearray: whether `container` was one.
pub fn delitem(container: GcRef, key: GcRef) -> PyResult<bool> {
    if is_memoryview(container) {
        return Err(error(ExcKind::TypeError, "cannot delete memory"));
    }
    if !is_bytearray(container) {
        return Ok(false);
    }
    let mut data = bytearray_data(container);
    if key.layout() == W_Slice::layout() {
        let mut doomed = iter::slice_positions(key, data.len())?;
        doomed.sort_unstable();
        let mut k = 0;
        let mut i = 0;
        data.retain(|_| {
            let keep = doomed.get(k) != Some(&i);
            if !keep {
                k += 1;
            }
            i += 1;
            keep
        });
    } else {
        let i = index_in(key, data.len(), "bytearray")?;
        data.remove(i);
    }
    set_bytearray_data(container, &data);
    Ok(true)
}

/// `repr` of a bytearray or memoryview; `None` for other objects.
pub fn repr(obj: GcRef) -> Option<String> {
    if is_bytearray(obj) {
        // Like a bytes' repr, but a single quote is escaped whatever the quotes are.
        let shown = bytes::repr(gc::get_ref(obj, &W_ByteArray::DATA));
        let shown = if shown.starts_with("b\"") {
            let inner = &shown[2..shown.len() - 1];
            format!("b\"{}\"", inner.replace('\'', "\\'"))
        } else {
            shown
        };
        return Some(format!("bytearray({shown})"));
    }
    if is_memoryview(obj) {
        let what = if is_released(obj) { "released memory" } else { "memory" };
        return Some(format!("<{what} at {:#x}>", obj.addr()));
    }
    None
}

/// `item in container` for a bytes or bytearray: a byte value, or a bytes-like subsequence;
/// `None` for other containers.
pub fn contains(container: GcRef, item: GcRef) -> PyResult<Option<bool>> {
    let hay = if container.layout() == W_Bytes::layout() {
        bytes::data(container)
    } else if is_bytearray(container) {
        bytearray_data(container)
    } else {
        return Ok(None);
    };
    if let Some(n) = crate::bigint::to_ibig(item) {
        let b = u8::try_from(&n).map_err(|_| error(ExcKind::ValueError, "byte must be in range(0, 256)"))?;
        return Ok(Some(hay.contains(&b)));
    }
    let Some(needle) = buffer_data(item)? else {
        let message = format!("a bytes-like object is required, not '{}'", Space::get().type_name(item));
        return Err(error(ExcKind::TypeError, &message));
    };
    Ok(Some(needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle)))
}

/// A new bytes or bytearray, the kind of `like`.
pub fn new_like(like: GcRef, data: &[u8]) -> GcRef {
    if is_bytearray(like) {
        new_bytearray(data)
    } else {
        bytes::new_bytes(data)
    }
}

/// `a op b` (or `a op= b`) for the operators of bytes-likes that the domain code leaves here:
/// `+` with a bytearray or memoryview operand, `*` of a bytearray, `%` of bytes and bytearrays.
/// A bytearray's in-place `+=` and `*=` change it. `None` when not such an operation.
pub fn binop(op: crate::ops::BinOp, inplace: bool, a: GcRef, b: GcRef) -> PyResult<Option<GcRef>> {
    use crate::ops::BinOp;
    let is_bytes = |v: GcRef| v.layout() == W_Bytes::layout() || is_bytearray(v);
    match op {
        BinOp::Add if is_bytes(a) && (is_bytearray(a) || is_bytearray(b) || is_memoryview(b)) => {
            let Some(tail) = buffer_data(b)? else {
                let message = format!("can't concat {} to {}", Space::get().type_name(b), Space::get().type_name(a));
                return Err(error(ExcKind::TypeError, &message));
            };
            let mut data = buffer_data(a)?.unwrap_or_default();
            data.extend(tail);
            if inplace && is_bytearray(a) {
                set_bytearray_data(a, &data);
                return Ok(Some(a));
            }
            Ok(Some(new_like(a, &data)))
        }
        BinOp::Mul if is_bytearray(a) || is_bytearray(b) => {
            let (seq, count) = if is_bytearray(a) { (a, b) } else { (b, a) };
            let Some(n) = crate::bigint::to_ibig(count) else {
                let message = format!("can't multiply sequence by non-int of type '{}'", Space::get().type_name(count));
                return Err(error(ExcKind::TypeError, &message));
            };
            let n = usize::try_from(&n).unwrap_or(0);
            let data = bytearray_data(seq).repeat(n);
            if inplace && seq == a {
                set_bytearray_data(a, &data);
                return Ok(Some(a));
            }
            Ok(Some(new_bytearray(&data)))
        }
        BinOp::Mod if is_bytes(a) => {
            let data = buffer_data(a)?.unwrap_or_default();
            let out = crate::format::percent_bytes(&data, b)?;
            Ok(Some(new_like(a, &out)))
        }
        _ => Ok(None),
    }
}

/// `a op b` comparing two bytes-likes (bytes, bytearray; memoryviews only for equality);
/// `None` when they are not both bytes-like.
pub fn compare(op: crate::ops::CmpOp, a: GcRef, b: GcRef) -> PyResult<Option<bool>> {
    use crate::ops::CmpOp;
    if !(is_bytearray(a) || is_bytearray(b) || is_memoryview(a) || is_memoryview(b)) {
        return Ok(None);
    }
    let (Some(x), Some(y)) = (buffer_data(a)?, buffer_data(b)?) else { return Ok(None) };
    if (is_memoryview(a) || is_memoryview(b)) && !matches!(op, CmpOp::Eq | CmpOp::Ne) {
        return Ok(None);
    }
    Ok(Some(crate::compare::order_satisfies(op, Some(x.cmp(&y)))))
}

/// The data attributes of a memoryview (`nbytes`, `readonly`, `obj`, ...); `None` for other
/// objects and names.
pub fn attribute(obj: GcRef, name: &str) -> PyResult<Option<GcRef>> {
    if !is_memoryview(obj) {
        return Ok(None);
    }
    let space = Space::get();
    let (target, _, length, step) = match name {
        "nbytes" | "readonly" | "obj" | "format" | "itemsize" | "ndim" | "shape" | "strides" | "contiguous"
        | "c_contiguous" | "f_contiguous" => window(obj)?,
        _ => return Ok(None),
    };
    let int_tuple = |v: i64| crate::tuple::W_Tuple::from_slice(&[heap_int(v)]);
    Ok(Some(match name {
        "nbytes" => heap_int(length),
        "readonly" => space.w_bool(target.layout() == W_Bytes::layout()),
        "obj" => target,
        "format" => {
            let prefix = if gc::get_i64(obj, &W_MemoryView::FORMAT) & AT_PREFIX != 0 { "@" } else { "" };
            crate::unicode::new_str(&format!("{prefix}{}", char::from(item_format(obj).0)))
        }
        "itemsize" => heap_int(item_format(obj).1 as i64),
        "ndim" => heap_int(1),
        "shape" => int_tuple(length / item_format(obj).1 as i64),
        "strides" => int_tuple(step * item_format(obj).1 as i64),
        _ => space.w_bool(step == 1),
    }))
}

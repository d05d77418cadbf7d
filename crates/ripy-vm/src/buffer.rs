//! `bytearray` (a mutable byte string) and `memoryview` (a view of the bytes of a `bytes`,
//! `bytearray` or another view): their objects, indexing, slicing, item assignment and deletion.
//!
//! A bytearray keeps its bytes in a [`ByteStore`] with room to grow, changed in place: item
//! stores are O(1) and appends amortized O(1), as CPython's. A memoryview names the object it
//! views and a window on it (start, length, step), read through the object each time, so it sees
//! later changes of a bytearray.
//!
//! Objects of Python classes export a buffer by a `__ripy_buffer__` method returning their
//! storage (a bytearray) and its item format (`array.array`): their bytes are that bytearray's,
//! and their memoryviews view it with that format, naming the object as their `obj`.

use crate::bytes::{self, W_Bytes};
use crate::exceptions::ExcKind;
use crate::gc;
use crate::int::{heap_int, new_int, W_Int};
use crate::iter::{self, W_Slice};
use crate::objspace;
use crate::sequence;
use crate::space::{PyResult, Space};
use metatrace::domain::{Domain, IntOp};
use metatrace_gc::{heap, GcHeader, GcObject, GcRef};
use metatrace_macros::GcObject;

/// A `bytearray`.
#[derive(GcObject)]
#[repr(C)]
pub struct W_ByteArray {
    /// The object header.
    pub header: GcHeader,
    /// The number of bytes.
    pub length: i64,
    /// The bytes: a [`ByteStore`] at least `length` long (the bytes beyond are unused).
    pub storage: GcRef,
}

/// The storage of a bytearray: its bytes, then room to grow.
#[derive(GcObject)]
#[repr(C)]
pub struct ByteStore {
    /// The object header.
    pub header: GcHeader,
    /// The capacity in bytes.
    pub len: i64,
    /// The bytes.
    pub bytes: [u8; 0],
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
    /// The object whose buffer this is (`memoryview.obj`): `obj`, or the object that exported
    /// `obj` as its storage.
    #[gc(immutable)]
    pub exporter: GcRef,
    /// The hash once computed (kept after `release()`, as CPython); 0 before.
    pub hash: i64,
}

fn error(kind: ExcKind, message: &str) -> GcRef {
    Space::get().new_exception(kind, message)
}

/// A new bytearray holding `data`.
pub fn new_bytearray(data: &[u8]) -> GcRef {
    let b = metatrace_gc::alloc(W_ByteArray::layout());
    let storage = gc::new_bytes(ByteStore::layout(), &ByteStore::BYTES, data);
    gc::set_ref(b, &W_ByteArray::STORAGE, storage);
    gc::set_i64(b, &W_ByteArray::LENGTH, data.len() as i64);
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

/// The number of bytes of a bytearray.
pub fn bytearray_len(b: GcRef) -> usize {
    gc::get_i64(b, &W_ByteArray::LENGTH) as usize
}

/// The bytes a bytearray has room for, with CPython's trailing null byte (`__alloc__`).
pub fn bytearray_allocated(b: GcRef) -> usize {
    gc::len(gc::get_ref(b, &W_ByteArray::STORAGE), &ByteStore::BYTES) + 1
}

/// The bytes of a bytearray.
pub fn bytearray_data(b: GcRef) -> Vec<u8> {
    let mut out = vec![0; bytearray_len(b)];
    heap::read_byte_items(gc::get_ref(b, &W_ByteArray::STORAGE), &ByteStore::BYTES, 0, &mut out);
    out
}

/// Byte `i` (in bounds) of a bytearray.
pub fn bytearray_byte(b: GcRef, i: usize) -> u8 {
    assert!(i < bytearray_len(b), "bytearray index {i} out of range");
    gc::item_i64(gc::get_ref(b, &W_ByteArray::STORAGE), &ByteStore::BYTES, i) as u8
}

/// Set byte `i` (in bounds) of a bytearray.
pub fn set_bytearray_byte(b: GcRef, i: usize, value: u8) {
    assert!(i < bytearray_len(b), "bytearray index {i} out of range");
    gc::set_item_i64(gc::get_ref(b, &W_ByteArray::STORAGE), &ByteStore::BYTES, i, i64::from(value));
}

/// The number of bytes of a bytearray, in domain code.
pub fn length_in<D: Domain>(d: &mut D, b: D::Ref) -> D::Int {
    d.get_int(b, &W_ByteArray::LENGTH)
}

/// `b[i]` of a bytearray for an in-range (possibly negative) index, in domain code; `None` when
/// the general lookup must run (it raises the `IndexError`).
pub fn getitem_in<D: Domain>(d: &mut D, b: D::Ref, i: D::Int) -> Option<D::Ref> {
    let n = length_in(d, b);
    let i = sequence::normalize_index(d, i, n)?;
    let storage = d.get_ref(b, &W_ByteArray::STORAGE);
    let byte = d.get_item_int(storage, &ByteStore::BYTES, i);
    Some(new_int(d, byte))
}

/// `b[i] = value` of a bytearray for an in-range (possibly negative) index and an exact int
/// `value` in `0..=255`, in domain code: one store into the storage. `false` (nothing stored) when
/// the general store must run (it raises CPython's errors and converts other values).
pub fn setitem_in<D: Domain>(d: &mut D, b: D::Ref, i: D::Int, value: D::Ref) -> bool {
    if d.layout_of(value) != W_Int::layout() {
        return false;
    }
    let v = d.get_int(value, &W_Int::VALUE);
    let limit = d.const_int(256);
    let is_byte = d.int_op(IntOp::UintLt, v, limit);
    if !d.branch(is_byte) {
        return false;
    }
    let n = length_in(d, b);
    let Some(i) = sequence::normalize_index(d, i, n) else { return false };
    let storage = d.get_ref(b, &W_ByteArray::STORAGE);
    d.set_item_int(storage, &ByteStore::BYTES, i, v);
    true
}

/// Replace the contents of a bytearray.
pub fn set_bytearray_data(b: GcRef, data: &[u8]) {
    splice_bytearray(b, 0, bytearray_len(b), data);
}

/// Replace bytes `start .. stop` of a bytearray with `new`, in place when the storage has room
/// (and is not more than twice too big), else in a new storage with room to grow (about 1/8
/// more, as CPython's). The range is clamped to the bytearray's current length (Python code run
/// since the caller computed it may have shrunk it).
pub fn splice_bytearray(b: GcRef, start: usize, stop: usize, new: &[u8]) {
    let n = bytearray_len(b);
    let stop = stop.min(n);
    let start = start.min(stop);
    let old = gc::get_ref(b, &W_ByteArray::STORAGE);
    let capacity = gc::len(old, &ByteStore::BYTES);
    let new_len = n - (stop - start) + new.len();
    let storage = if new_len > capacity || new_len < capacity / 2 {
        let spare = if new_len <= capacity { 0 } else { (new_len >> 3) + if new_len < 9 { 3 } else { 6 } };
        let room = new_len + spare;
        let fresh = metatrace_gc::alloc_array(ByteStore::layout(), room);
        heap::copy_items(old, &ByteStore::BYTES, 0, fresh, &ByteStore::BYTES, 0, start);
        gc::set_ref(b, &W_ByteArray::STORAGE, fresh);
        fresh
    } else {
        old
    };
    heap::copy_items(old, &ByteStore::BYTES, stop, storage, &ByteStore::BYTES, start + new.len(), n - stop);
    heap::write_byte_items(storage, &ByteStore::BYTES, start, new);
    gc::set_i64(b, &W_ByteArray::LENGTH, new_len as i64);
}

/// The storage (a bytearray) and item format of an object of a Python class that exports a
/// buffer through `__ripy_buffer__`; `None` for other objects.
pub fn exported_buffer(obj: GcRef) -> PyResult<Option<(GcRef, u8)>> {
    let Some(hook) = objspace::lookup_user(obj, "__ripy_buffer__") else { return Ok(None) };
    let result = objspace::call_bound(hook, obj, &crate::function::Args::default())?;
    let bad = || error(ExcKind::TypeError, "__ripy_buffer__ must return (bytearray, format)");
    if result.layout() != crate::tuple::W_Tuple::layout() {
        return Err(bad());
    }
    match crate::tuple::W_Tuple::items(result).as_slice() {
        [storage, format] if is_bytearray(*storage) && format.layout() == crate::unicode::W_Str::layout() => {
            match crate::unicode::to_string_lossy(*format).as_bytes() {
                [f] if format_size(*f).is_some() => Ok(Some((*storage, *f))),
                _ => Err(bad()),
            }
        }
        _ => Err(bad()),
    }
}

/// Whether `obj` is an object of a Python class that exports a buffer (`__ripy_buffer__`).
pub fn exports(obj: GcRef) -> bool {
    objspace::lookup_user(obj, "__ripy_buffer__").is_some()
}

/// A new memoryview of a bytes, bytearray, memoryview or exporting object; `TypeError` for
/// other objects.
pub fn new_memoryview(obj: GcRef) -> PyResult<GcRef> {
    if is_memoryview(obj) {
        let (target, start, length, step) = window(obj)?;
        let view = view_of(target, start, length, step);
        gc::set_i64(view, &W_MemoryView::FORMAT, gc::get_i64(obj, &W_MemoryView::FORMAT));
        gc::set_ref(view, &W_MemoryView::EXPORTER, gc::get_ref(obj, &W_MemoryView::EXPORTER));
        return Ok(view);
    }
    if let Some((storage, format)) = exported_buffer(obj)? {
        let _rooted = metatrace_gc::Root::new(storage);
        let view = view_of(storage, 0, bytearray_len(storage) as i64, 1);
        gc::set_i64(view, &W_MemoryView::FORMAT, i64::from(format));
        gc::set_ref(view, &W_MemoryView::EXPORTER, obj);
        return Ok(view);
    }
    let length = if obj.layout() == W_Bytes::layout() {
        gc::len(obj, &W_Bytes::BYTES)
    } else if is_bytearray(obj) {
        bytearray_len(obj)
    } else if let Some(value) =
        crate::subclass::inner(obj).filter(|v| v.layout() == W_Bytes::layout() || is_bytearray(*v))
    {
        // An instance of a bytes or bytearray subclass exports its value's buffer.
        let view = new_memoryview(value)?;
        gc::set_ref(view, &W_MemoryView::EXPORTER, obj);
        return Ok(view);
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
    gc::set_ref(v, &W_MemoryView::EXPORTER, target);
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

/// Whether a memoryview is read-only (a view of a bytes, or made by `toreadonly()`).
pub fn is_readonly(v: GcRef) -> bool {
    gc::get_ref(v, &W_MemoryView::OBJ).layout() == W_Bytes::layout()
        || gc::get_i64(v, &W_MemoryView::FORMAT) & READONLY != 0
}

/// Byte `pos` of a memoryview's target (a bytes or bytearray), `None` beyond its end.
fn target_byte(target: GcRef, pos: i64) -> Option<u8> {
    let pos = usize::try_from(pos).ok()?;
    if is_bytearray(target) {
        (pos < bytearray_len(target)).then(|| bytearray_byte(target, pos))
    } else {
        (pos < gc::len(target, &W_Bytes::BYTES)).then(|| gc::item_i64(target, &W_Bytes::BYTES, pos) as u8)
    }
}

/// The bytes a memoryview shows.
pub fn view_data(v: GcRef) -> PyResult<Vec<u8>> {
    let (target, start, length, step) = window(v)?;
    if length <= 0 {
        return Ok(Vec::new());
    }
    // Read only the bytes the window spans (those of a bytearray that shrank under the view,
    // which CPython forbids, are left out).
    let (storage, items, n) = if is_bytearray(target) {
        (gc::get_ref(target, &W_ByteArray::STORAGE), &ByteStore::BYTES, bytearray_len(target) as i64)
    } else {
        (target, &W_Bytes::BYTES, gc::len(target, &W_Bytes::BYTES) as i64)
    };
    let last = start + (length - 1) * step;
    let (lo, hi) = (start.min(last).max(0), (start.max(last) + 1).min(n));
    let mut span = vec![0; (hi - lo).max(0) as usize];
    heap::read_byte_items(storage, items, lo.min(n) as usize, &mut span);
    Ok((0..length).filter_map(|k| span.get(usize::try_from(start + k * step - lo).ok()?).copied()).collect())
}

/// The bytes of a bytes-like object (bytes, bytearray, memoryview, instances of their
/// subclasses, whose buffer is their value's); `None` for other objects.
pub fn buffer_data(obj: GcRef) -> PyResult<Option<Vec<u8>>> {
    if obj.layout() == W_Bytes::layout() {
        Ok(Some(bytes::data(obj)))
    } else if is_bytearray(obj) {
        Ok(Some(bytearray_data(obj)))
    } else if is_memoryview(obj) {
        view_data(obj).map(Some)
    } else if let Some(value) = crate::subclass::inner(obj) {
        buffer_data(value)
    } else {
        Ok(exported_buffer(obj)?.map(|(storage, _)| bytearray_data(storage)))
    }
}

/// The items of a bytes, bytearray (ints) or memoryview (per its format); `None` for other
/// objects.
pub fn items(obj: GcRef) -> PyResult<Option<crate::gc::RootedVec>> {
    if is_memoryview(obj) {
        return view_items(obj).map(Some);
    }
    let data = if obj.layout() == W_Bytes::layout() {
        bytes::data(obj)
    } else if is_bytearray(obj) {
        bytearray_data(obj)
    } else {
        return Ok(None);
    };
    Ok(Some(data.into_iter().map(|b| heap_int(i64::from(b))).collect()))
}

/// `len(obj)` of a bytearray or memoryview.
pub fn len(obj: GcRef) -> PyResult<Option<usize>> {
    if is_bytearray(obj) {
        return Ok(Some(bytearray_len(obj)));
    }
    if is_memoryview(obj) {
        return Ok(Some(window(obj)?.2 as usize / item_format(obj).1));
    }
    Ok(None)
}

/// The integer value of index `key` of a sequence named `what` (`__index__` may run Python code,
/// so callers take the sequence's length after it).
fn key_index(key: GcRef, what: &str) -> PyResult<i64> {
    match objspace::int_value(key) {
        Some(i) => Ok(i),
        None => {
            let message = format!("{what} indices must be integers or slices, not {}", Space::get().type_name(key));
            objspace::index_value(key, &message)
        }
    }
}

/// Index `i` (negative from the end) in a sequence of `n` items; `IndexError` naming `what`.
fn index_in(i: i64, n: usize, what: &str) -> PyResult<usize> {
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

/// The bit of [`W_MemoryView::format`] of a view made read-only by `toreadonly()`.
const READONLY: i64 = 0x200;

/// `hash(v)` of a memoryview: the hash of its bytes, for read-only views of byte formats.
pub fn hash(v: GcRef) -> PyResult<i64> {
    let cached = gc::get_i64(v, &W_MemoryView::HASH);
    if cached != 0 {
        return Ok(cached);
    }
    if !is_readonly(v) {
        return Err(error(ExcKind::ValueError, "cannot hash writable memoryview object"));
    }
    let data = view_data(v)?;
    // The viewed object must be hashable itself (a read-only view of a bytearray is not).
    objspace::hash(gc::get_ref(v, &W_MemoryView::EXPORTER))?;
    if !matches!(item_format(v).0, b'B' | b'b' | b'c') {
        return Err(error(ExcKind::ValueError, "memoryview: hashing is restricted to formats 'B', 'b' or 'c'"));
    }
    let h = bytes::hash(bytes::new_bytes(&data));
    gc::set_i64(v, &W_MemoryView::HASH, h);
    Ok(h)
}

/// `memoryview.toreadonly()`: a read-only view of the same memory.
pub fn to_readonly(v: GcRef) -> PyResult<GcRef> {
    let view = new_memoryview(v)?;
    gc::set_i64(view, &W_MemoryView::FORMAT, gc::get_i64(v, &W_MemoryView::FORMAT) | READONLY);
    Ok(view)
}

/// The item format of a memoryview (`b'B'` unless cast) and its item size.
fn item_format(v: GcRef) -> (u8, usize) {
    let format = match gc::get_i64(v, &W_MemoryView::FORMAT) & 0xff {
        0 => b'B',
        f => f as u8,
    };
    (format, format_size(format).unwrap_or(1))
}

/// The size of a native single-character `struct` format, if it is one memoryview supports
/// (and `w`, the format of `array('u')`'s wide characters, which only an export gives).
fn format_size(format: u8) -> Option<usize> {
    match format {
        b'B' | b'b' | b'c' | b'?' => Some(1),
        b'H' | b'h' => Some(2),
        b'I' | b'i' | b'f' | b'w' => Some(4),
        b'L' | b'l' | b'Q' | b'q' | b'N' | b'n' | b'P' | b'd' => Some(8),
        _ => None,
    }
}

/// The Python value of one item (`bytes` of native-order data of its format's size).
fn item_value(format: u8, bytes: &[u8]) -> PyResult<GcRef> {
    let space = Space::get();
    let mut word = [0u8; 8];
    word[..bytes.len()].copy_from_slice(bytes);
    let unsigned = u64::from_le_bytes(word);
    let shift = 64 - 8 * bytes.len() as u32;
    let signed = ((unsigned << shift) as i64) >> shift;
    Ok(match format {
        b'w' => return Err(error(ExcKind::NotImplementedError, "memoryview: format w not supported")),
        b'c' => bytes::new_bytes(bytes),
        b'?' => space.w_bool(unsigned != 0),
        b'f' => crate::float::heap_float(f64::from(f32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))),
        b'd' => crate::float::heap_float(f64::from_le_bytes(word)),
        b'b' | b'h' | b'i' | b'l' | b'q' | b'n' => heap_int(signed),
        _ => match i64::try_from(unsigned) {
            Ok(n) => heap_int(n),
            Err(_) => crate::bigint::from_ibig(&dashu_int::IBig::from(unsigned)),
        },
    })
}

/// The native-order bytes of `value` stored as one item of `format` (of `size` bytes), with
/// memoryview's errors.
fn item_bytes(format: u8, size: usize, value: GcRef) -> PyResult<Vec<u8>> {
    let space = Space::get();
    let shown = char::from(format);
    let invalid_type = || error(ExcKind::TypeError, &format!("memoryview: invalid type for format '{shown}'"));
    let invalid_value = || error(ExcKind::ValueError, &format!("memoryview: invalid value for format '{shown}'"));
    match format {
        b'w' => Err(error(ExcKind::NotImplementedError, "memoryview: format w not supported")),
        b'c' => match buffer_data(value)? {
            Some(data) if value.layout() == W_Bytes::layout() => {
                if data.len() == 1 {
                    Ok(data)
                } else {
                    Err(invalid_value())
                }
            }
            _ => Err(invalid_type()),
        },
        b'?' => Ok(vec![u8::from(objspace::truthy(value)?)]),
        b'f' | b'd' => {
            let is_number = crate::bigint::to_ibig(value).is_some()
                || value.layout() == crate::float::W_Float::layout()
                || objspace::lookup_user(value, "__float__").is_some()
                || objspace::lookup_user(value, "__index__").is_some();
            if !is_number {
                return Err(invalid_type());
            }
            let x = crate::modules::math::float_arg(space, value)?;
            Ok(if format == b'f' { (x as f32).to_le_bytes().to_vec() } else { x.to_le_bytes().to_vec() })
        }
        _ => {
            let n = match crate::bigint::to_ibig(value) {
                Some(n) => n,
                None if value.layout() != crate::float::W_Float::layout()
                    && objspace::lookup_user(value, "__index__").is_some() =>
                {
                    let message = format!("'{}' object cannot be interpreted as an integer", space.type_name(value));
                    dashu_int::IBig::from(objspace::index_value(value, &message)?)
                }
                None => return Err(invalid_type()),
            };
            let bits = 8 * size as u32;
            let signed = matches!(format, b'b' | b'h' | b'i' | b'l' | b'q' | b'n');
            let n = i128::try_from(&n).map_err(|_| invalid_value())?;
            let fits = if signed {
                let half = 1i128 << (bits - 1);
                (-half..half).contains(&n)
            } else {
                (0..1i128 << bits).contains(&n)
            };
            if !fits {
                return Err(invalid_value());
            }
            Ok(n.to_le_bytes()[..size].to_vec())
        }
    }
}

/// The bytes and item format of a buffer assigned to a memoryview slice: a memoryview's, an
/// exporting object's, or a bytes or bytearray's (`B`).
fn buffer_with_format(v: GcRef) -> PyResult<Option<(Vec<u8>, u8)>> {
    if is_memoryview(v) {
        return Ok(Some((view_data(v)?, item_format(v).0)));
    }
    if let Some((storage, format)) = exported_buffer(v)? {
        return Ok(Some((bytearray_data(storage), format)));
    }
    Ok(buffer_data(v)?.map(|data| (data, b'B')))
}

/// The items of a memoryview as Python values (ints for bytes; per its format once cast).
pub fn view_items(v: GcRef) -> PyResult<crate::gc::RootedVec> {
    let (format, size) = item_format(v);
    let data = view_data(v)?;
    let mut items = crate::gc::RootedVec::new();
    for item in data.chunks_exact(size) {
        items.push(item_value(format, item)?);
    }
    Ok(items)
}

/// `memoryview.cast(format)`: a view of the same bytes with items of another native format.
pub fn cast(v: GcRef, format: &str) -> PyResult<GcRef> {
    let (target, start, length, step) = window(v)?;
    let prefix = if format.starts_with('@') { AT_PREFIX } else { 0 };
    let format_byte = match format.strip_prefix('@').unwrap_or(format).as_bytes() {
        [f] if *f != b'w' && format_size(*f).is_some() => *f,
        _ => {
            let message =
                "memoryview: destination format must be a native single character format prefixed with an optional '@'";
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
    gc::set_ref(view, &W_MemoryView::EXPORTER, gc::get_ref(v, &W_MemoryView::EXPORTER));
    Ok(view)
}

/// `container[key]` for a bytearray or memoryview; `None` for other containers.
pub fn getitem(container: GcRef, key: GcRef) -> PyResult<Option<GcRef>> {
    if is_bytearray(container) {
        if key.layout() == W_Slice::layout() {
            let (start, _, step, count) = iter::slice_indices_of(key, || bytearray_len(container) as i64)?;
            let data = bytearray_data(container);
            let picked: Vec<u8> = (0..count).map(|k| data[(start + k * step) as usize]).collect();
            return Ok(Some(new_bytearray(&picked)));
        }
        let i = key_index(key, "bytearray")?;
        let i = index_in(i, bytearray_len(container), "bytearray")?;
        return Ok(Some(heap_int(i64::from(bytearray_byte(container, i)))));
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
            gc::set_ref(view, &W_MemoryView::EXPORTER, gc::get_ref(container, &W_MemoryView::EXPORTER));
            return Ok(Some(view));
        }
        let i = view_index(key, items as usize)? as i64;
        let item: Vec<u8> =
            (0..size as i64).filter_map(|b| target_byte(target, start + (i * size as i64 + b) * step)).collect();
        if item.len() != size {
            // The viewed bytearray shrank under the view (CPython forbids it).
            return Err(error(ExcKind::IndexError, "index out of bounds on dimension 1"));
        }
        return item_value(format, &item).map(Some);
    }
    Ok(None)
}

/// A byte value for item assignment: ints out of range, big ones too, are CPython's `ValueError`.
fn byte_value(v: GcRef) -> PyResult<u8> {
    if let Some(n) = crate::bigint::to_ibig(v) {
        return u8::try_from(&n).map_err(|_| error(ExcKind::ValueError, "byte must be in range(0, 256)"));
    }
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
        if key.layout() == W_Slice::layout() {
            let new = assigned_bytes(value)?;
            let (start, stop, step, count) = iter::slice_indices_of(key, || bytearray_len(container) as i64)?;
            if step == 1 {
                splice_bytearray(container, start as usize, stop.max(start) as usize, &new);
            } else {
                if new.len() as i64 != count {
                    let message =
                        format!("attempt to assign bytes of size {} to extended slice of size {count}", new.len());
                    return Err(error(ExcKind::ValueError, &message));
                }
                let last = start + (count - 1) * step;
                if count > 0 && start.max(last) as usize >= bytearray_len(container) {
                    // `__index__` of a slice bound shrank the bytearray.
                    return Err(error(ExcKind::BufferError, "bytearray changed size during assignment"));
                }
                for (k, b) in new.into_iter().enumerate() {
                    set_bytearray_byte(container, (start + k as i64 * step) as usize, b);
                }
            }
        } else {
            // As CPython: the index, then the value, then the bounds (both may run Python code).
            let i = key_index(key, "bytearray")?;
            let byte = byte_value(value)?;
            set_bytearray_byte(container, index_in(i, bytearray_len(container), "bytearray")?, byte);
        }
        return Ok(true);
    }
    if is_memoryview(container) {
        let (target, start, length, step) = window(container)?;
        if is_readonly(container) {
            return Err(error(ExcKind::TypeError, "cannot modify read-only memory"));
        }
        if key.layout() == crate::tuple::W_Tuple::layout()
            && crate::tuple::W_Tuple::items(key).iter().all(|k| k.layout() == W_Slice::layout())
        {
            let message = "memoryview slice assignments are currently restricted to ndim = 1";
            return Err(error(ExcKind::NotImplementedError, message));
        }
        let (format, size) = item_format(container);
        let items = length / size as i64;
        // Byte `b` of item `i` of the view.
        let at = |i: i64, b: usize| (start + (i * size as i64 + b as i64) * step) as usize;
        // The viewed bytearray may have shrunk since (CPython forbids it): bytes beyond its end
        // are not written, as `view_data` does not read them.
        let put = |pos: usize, byte: u8| {
            if pos < bytearray_len(target) {
                set_bytearray_byte(target, pos, byte);
            }
        };
        if key.layout() == W_Slice::layout() {
            let (first, _, k, count) = iter::slice_indices(key, items)?;
            let Some((new, new_format)) = buffer_with_format(value)? else {
                let message = format!("a bytes-like object is required, not '{}'", Space::get().type_name(value));
                return Err(error(ExcKind::TypeError, &message));
            };
            if new_format != format || new.len() as i64 != count * size as i64 {
                let message = "memoryview assignment: lvalue and rvalue have different structures";
                return Err(error(ExcKind::ValueError, message));
            }
            for (j, item) in new.chunks_exact(size).enumerate() {
                for (b, &byte) in item.iter().enumerate() {
                    put(at(first + j as i64 * k, b), byte);
                }
            }
        } else {
            let i = view_index(key, items as usize)?;
            for (b, byte) in item_bytes(format, size, value)?.into_iter().enumerate() {
                put(at(i as i64, b), byte);
            }
        }
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
    if key.layout() == W_Slice::layout() {
        let (start, stop, step, count) = iter::slice_indices_of(key, || bytearray_len(container) as i64)?;
        if step == 1 {
            splice_bytearray(container, start as usize, stop.max(start) as usize, &[]);
            return Ok(true);
        }
        let mut data = bytearray_data(container);
        let mut doomed: Vec<usize> = (0..count).map(|k| (start + k * step) as usize).collect();
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
        set_bytearray_data(container, &data);
    } else {
        let i = key_index(key, "bytearray")?;
        let i = index_in(i, bytearray_len(container), "bytearray")?;
        splice_bytearray(container, i, i + 1, &[]);
    }
    Ok(true)
}

/// `repr` of a bytearray or memoryview; `None` for other objects.
pub fn repr(obj: GcRef) -> Option<String> {
    if is_bytearray(obj) {
        // Like a bytes' repr, but a single quote is escaped whatever the quotes are.
        let shown = bytes::repr_of(&bytearray_data(obj));
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
        BinOp::Add if is_bytes(a) && (is_bytearray(a) || is_bytearray(b) || is_memoryview(b) || exports(b)) => {
            let Some(tail) = buffer_data(b)? else {
                let message = format!("can't concat {} to {}", Space::get().type_name(b), Space::get().type_name(a));
                return Err(error(ExcKind::TypeError, &message));
            };
            if inplace && is_bytearray(a) {
                let n = bytearray_len(a);
                splice_bytearray(a, n, n, &tail);
                return Ok(Some(a));
            }
            let mut data = buffer_data(a)?.unwrap_or_default();
            data.extend(tail);
            Ok(Some(new_like(a, &data)))
        }
        BinOp::Mul if is_bytearray(a) || is_bytearray(b) => {
            let (seq, count) = if is_bytearray(a) { (a, b) } else { (b, a) };
            let message = format!("can't multiply sequence by non-int of type '{}'", Space::get().type_name(count));
            let n = match crate::bigint::to_ibig(count) {
                Some(n) => i64::try_from(&n)
                    .map_err(|_| error(ExcKind::OverflowError, "cannot fit 'int' into an index-sized integer"))?,
                None if objspace::lookup_user(count, "__index__").is_some() => {
                    objspace::index_value_clamped(count, &message)?
                }
                None => return Err(error(ExcKind::TypeError, &message)),
            };
            let data = bytearray_data(seq);
            let too_long = Some(crate::exceptions::Msg::BytesRepeatTooLong);
            let data = data.repeat(crate::sequence::repeat_count(data.len(), 1, n, too_long)?);
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
    if is_memoryview(a) || is_memoryview(b) {
        if !matches!(op, CmpOp::Eq | CmpOp::Ne) {
            return Ok(None);
        }
        return Ok(view_equal(a, b)?.map(|equal| equal == (op == CmpOp::Eq)));
    }
    let (Some(x), Some(y)) = (buffer_data(a)?, buffer_data(b)?) else { return Ok(None) };
    Ok(Some(crate::compare::order_satisfies(op, Some(x.cmp(&y)))))
}

/// Whether a memoryview equals another buffer: the same number of items, equal as values of
/// their formats (a released view equals only itself); `None` when the other is no buffer.
fn view_equal(a: GcRef, b: GcRef) -> PyResult<Option<bool>> {
    if (is_memoryview(a) && is_released(a)) || (is_memoryview(b) && is_released(b)) {
        return Ok(Some(a == b));
    }
    let values = |v: GcRef| -> PyResult<Option<crate::gc::RootedVec>> {
        if let Some(items) = items(v)? {
            return Ok(Some(items));
        }
        if exports(v) {
            return view_items(new_memoryview(v)?).map(Some);
        }
        Ok(None)
    };
    let (Some(x), Some(y)) = (values(a)?, values(b)?) else { return Ok(None) };
    if x.len() != y.len() {
        return Ok(Some(false));
    }
    for (&p, &q) in x.iter().zip(y.iter()) {
        // Item values compare with `==` itself (NaN differs from NaN), no identity shortcut.
        if !objspace::truthy(objspace::compare_op(crate::ops::CmpOp::Eq, p, q)?)? {
            return Ok(Some(false));
        }
    }
    Ok(Some(true))
}

/// The data attributes of a memoryview (`nbytes`, `readonly`, `obj`, ...); `None` for other
/// objects and names.
pub fn attribute(obj: GcRef, name: &str) -> PyResult<Option<GcRef>> {
    if !is_memoryview(obj) {
        return Ok(None);
    }
    let space = Space::get();
    let (_, _, length, step) = match name {
        "nbytes" | "readonly" | "obj" | "format" | "itemsize" | "ndim" | "shape" | "strides" | "suboffsets"
        | "contiguous" | "c_contiguous" | "f_contiguous" => window(obj)?,
        _ => return Ok(None),
    };
    let int_tuple = |v: i64| crate::tuple::W_Tuple::from_slice(&[heap_int(v)]);
    Ok(Some(match name {
        "nbytes" => heap_int(length),
        "readonly" => space.w_bool(is_readonly(obj)),
        "suboffsets" => crate::tuple::W_Tuple::from_slice(&[]),
        "obj" => gc::get_ref(obj, &W_MemoryView::EXPORTER),
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

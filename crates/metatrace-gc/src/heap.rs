//! References, allocation, and checked access to heap objects.
//!
//! The collector here is a stand-in: objects are bump-allocated from chunks obtained from the system
//! allocator and never freed. The GC issue replaces what is behind [`alloc`] and [`alloc_array`]
//! (and adds roots, barriers and collection) without changing this API.
//!
//! Every read and write is checked against the object's layout so that a wrong descriptor can give a
//! wrong value or a panic, but never an out-of-bounds access or a forged reference: loads and stores
//! stay inside the object, and reference slots are only written with references.

use crate::layout::{ArrayDescr, FieldDescr, GcHeader, ItemType, Kind, Layout};
use std::cell::Cell;

/// A reference to a heap object, or null. Interpreter code never dereferences it directly; it goes
/// through descriptors, which are checked.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(transparent)]
pub struct GcRef(usize);

impl GcRef {
    /// The null reference.
    pub const NULL: GcRef = GcRef(0);

    /// True for the null reference.
    pub fn is_null(self) -> bool {
        self.0 == 0
    }

    /// The object's address (stable: the stand-in collector never moves objects).
    pub fn addr(self) -> usize {
        self.0
    }

    /// Rebuild a reference from an address previously obtained from [`GcRef::addr`] of a live object
    /// (or 0 for null).
    ///
    /// # Safety
    /// `addr` must be 0 or the address of an object allocated by this heap that is still alive.
    pub unsafe fn from_addr(addr: usize) -> GcRef {
        GcRef(addr)
    }

    /// The layout of a non-null object.
    pub fn layout(self) -> &'static Layout {
        assert!(!self.is_null(), "layout of a null reference");
        // SAFETY: a non-null GcRef always points at an object allocated by `alloc_raw`, whose first
        // word is a GcHeader written before the reference was handed out; headers are never changed.
        unsafe { (*(self.0 as *const GcHeader)).layout }
    }
}

impl std::fmt::Debug for GcRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_null() {
            write!(f, "null")
        } else {
            write!(f, "{}@{:#x}", self.layout().name, self.0)
        }
    }
}

const CHUNK: usize = 1 << 20;

thread_local! {
    static BUMP: Cell<(usize, usize)> = const { Cell::new((0, 0)) };
}

fn alloc_raw(layout: &'static Layout, size: usize) -> GcRef {
    debug_assert!(size >= std::mem::size_of::<GcHeader>() && size % 8 == 0);
    let addr = if size > CHUNK / 4 {
        fresh_zeroed(size)
    } else {
        BUMP.with(|bump| {
            let (mut cursor, mut limit) = bump.get();
            if cursor + size > limit {
                cursor = fresh_zeroed(CHUNK);
                limit = cursor + CHUNK;
            }
            bump.set((cursor + size, limit));
            cursor
        })
    };
    // SAFETY: `addr` is the start of at least `size` fresh, zeroed, 8-aligned bytes owned by no one
    // else (chunks are never reused), and `size` covers the header.
    unsafe { (addr as *mut GcHeader).write(GcHeader { layout }) };
    GcRef(addr)
}

fn fresh_zeroed(size: usize) -> usize {
    let l = std::alloc::Layout::from_size_align(size, 16).expect("object size overflows");
    // SAFETY: `l` has a non-zero size (at least one header word).
    let p = unsafe { std::alloc::alloc_zeroed(l) };
    if p.is_null() {
        std::alloc::handle_alloc_error(l);
    }
    p as usize
}

/// Allocate a zeroed object of a fixed-size layout.
pub fn alloc(layout: &'static Layout) -> GcRef {
    assert!(layout.array.is_none(), "{} is an array layout: use alloc_array", layout.name);
    alloc_raw(layout, layout.size_with_items(0))
}

/// Allocate a zeroed array-like object with `len` items; its length field is set to `len`.
pub fn alloc_array(layout: &'static Layout, len: usize) -> GcRef {
    let part = layout.array.unwrap_or_else(|| panic!("{} has no array part", layout.name));
    let obj = alloc_raw(layout, layout.size_with_items(len));
    // SAFETY: the length field lies inside the fixed part of the freshly allocated object.
    unsafe { ((obj.0 + part.length_offset) as *mut i64).write(len as i64) };
    obj
}

/// Entry point for machine code: `alloc` with the layout passed as an address.
pub extern "C" fn alloc_for_jit(layout: &'static Layout) -> GcRef {
    alloc(layout)
}

/// Entry point for machine code: `alloc_array` with the layout passed as an address.
pub extern "C" fn alloc_array_for_jit(layout: &'static Layout, len: i64) -> GcRef {
    alloc_array(layout, usize::try_from(len).expect("negative array length"))
}

/// Load a raw 64-bit pattern: integers widened to i64, doubles as bits, references as addresses.
///
/// # Safety
/// `addr .. addr + ty.size` must be inside a live object.
unsafe fn load(addr: usize, ty: ItemType) -> u64 {
    match (ty.size, ty.signed) {
        (8, _) => (addr as *const u64).read_unaligned(),
        (4, true) => (addr as *const i32).read_unaligned() as i64 as u64,
        (4, false) => (addr as *const u32).read_unaligned() as u64,
        (2, true) => (addr as *const i16).read_unaligned() as i64 as u64,
        (2, false) => (addr as *const u16).read_unaligned() as u64,
        (1, true) => (addr as *const i8).read() as i64 as u64,
        (1, false) => (addr as *const u8).read() as u64,
        _ => unreachable!("item size {}", ty.size),
    }
}

/// Store the low `ty.size` bytes of `bits`.
///
/// # Safety
/// `addr .. addr + ty.size` must be inside a live object.
unsafe fn store(addr: usize, ty: ItemType, bits: u64) {
    match ty.size {
        8 => (addr as *mut u64).write_unaligned(bits),
        4 => (addr as *mut u32).write_unaligned(bits as u32),
        2 => (addr as *mut u16).write_unaligned(bits as u16),
        1 => (addr as *mut u8).write(bits as u8),
        _ => unreachable!("item size {}", ty.size),
    }
}

fn check_field(obj: GcRef, f: &FieldDescr, kind: Kind, write: bool) -> usize {
    assert_eq!(f.ty.kind, kind, "{}.{} accessed as {:?}", f.owner, f.name, kind);
    let layout = obj.layout();
    assert!(
        f.offset >= std::mem::size_of::<GcHeader>() && f.offset + f.ty.size as usize <= layout.size,
        "{}.{} is outside {}",
        f.owner,
        f.name,
        layout.name
    );
    let is_ref = layout.is_ref_offset(f.offset);
    if kind == Kind::Ref || write {
        assert_eq!(is_ref, kind == Kind::Ref, "{}.{} does not match {}'s reference map", f.owner, f.name, layout.name);
    }
    obj.0 + f.offset
}

/// Read a field as a raw 64-bit pattern (see [`ItemType`]): the access is checked against the layout.
pub fn read_field(obj: GcRef, f: &FieldDescr) -> u64 {
    let addr = check_field(obj, f, f.ty.kind, false);
    // SAFETY: check_field proved the field lies inside the object's fixed part.
    unsafe { load(addr, f.ty) }
}

/// Write a field of integer or float kind from a raw 64-bit pattern.
pub fn write_field(obj: GcRef, f: &FieldDescr, bits: u64) {
    assert_ne!(f.ty.kind, Kind::Ref, "{}.{}: write references with write_field_ref", f.owner, f.name);
    let addr = check_field(obj, f, f.ty.kind, true);
    // SAFETY: check_field proved the field lies inside the object and is not a reference slot.
    unsafe { store(addr, f.ty, bits) }
}

/// Write a reference field.
pub fn write_field_ref(obj: GcRef, f: &FieldDescr, value: GcRef) {
    let addr = check_field(obj, f, Kind::Ref, true);
    // SAFETY: check_field proved the field is a reference slot inside the object.
    unsafe { store(addr, f.ty, value.0 as u64) }
}

/// Read a reference field.
pub fn read_field_ref(obj: GcRef, f: &FieldDescr) -> GcRef {
    GcRef(read_field(obj, f) as usize)
}

fn check_item(arr: GcRef, a: &ArrayDescr, index: i64, kind: Kind) -> usize {
    assert_eq!(a.part.item.kind, kind, "{} items accessed as {:?}", a.owner, kind);
    let layout = arr.layout();
    assert_eq!(layout.array, Some(a.part), "{} items accessed on a {}", a.owner, layout.name);
    let len = array_len(arr, a);
    assert!(0 <= index && index < len, "index {index} out of range for {} of length {len}", a.owner);
    arr.0 + a.part.items_offset + index as usize * a.part.item.size as usize
}

/// The length of an array-like object.
pub fn array_len(arr: GcRef, a: &ArrayDescr) -> i64 {
    let layout = arr.layout();
    assert_eq!(layout.array, Some(a.part), "{} length read on a {}", a.owner, layout.name);
    // SAFETY: the layout has this array part, so its length field lies inside the fixed part.
    unsafe { ((arr.0 + a.part.length_offset) as *const i64).read() }
}

/// Read an item as a raw 64-bit pattern; the index is bounds-checked.
pub fn read_item(arr: GcRef, a: &ArrayDescr, index: i64) -> u64 {
    let addr = check_item(arr, a, index, a.part.item.kind);
    // SAFETY: check_item proved the item lies inside the object.
    unsafe { load(addr, a.part.item) }
}

/// Read a reference item.
pub fn read_item_ref(arr: GcRef, a: &ArrayDescr, index: i64) -> GcRef {
    let addr = check_item(arr, a, index, Kind::Ref);
    // SAFETY: check_item proved the item is a reference slot inside the object.
    GcRef(unsafe { load(addr, a.part.item) } as usize)
}

/// Write an integer or float item from a raw 64-bit pattern; the index is bounds-checked.
pub fn write_item(arr: GcRef, a: &ArrayDescr, index: i64, bits: u64) {
    assert_ne!(a.part.item.kind, Kind::Ref, "{}: write references with write_item_ref", a.owner);
    let addr = check_item(arr, a, index, a.part.item.kind);
    // SAFETY: check_item proved the item lies inside the object and is not a reference.
    unsafe { store(addr, a.part.item, bits) }
}

/// Write a reference item.
pub fn write_item_ref(arr: GcRef, a: &ArrayDescr, index: i64, value: GcRef) {
    let addr = check_item(arr, a, index, Kind::Ref);
    // SAFETY: check_item proved the item is a reference slot inside the object.
    unsafe { store(addr, a.part.item, value.0 as u64) }
}

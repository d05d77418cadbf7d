//! References, allocation, and checked access to heap objects.
//!
//! Allocation goes to the collector chosen by [`crate::config`]: MMTk ([`crate::binding`]) or the
//! stand-in bump allocator that never frees. Writes of references go through the write barrier of
//! generational plans.
//!
//! Every read and write is checked against the object's layout so that a wrong descriptor can give a
//! wrong value or a panic, but never an out-of-bounds access or a forged reference: loads and stores
//! stay inside the object, and reference slots are only written with references.

use crate::binding;
use crate::config::{config, Collector, Plan};
use crate::layout::{ArrayDescr, FieldDescr, GcHeader, ItemType, Kind, Layout};
use crate::standin;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

/// A reference to a heap object, or null. Interpreter code never dereferences it directly; it goes
/// through descriptors, which are checked.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(transparent)]
pub struct GcRef(pub(crate) usize);

impl GcRef {
    /// The null reference.
    pub const NULL: GcRef = GcRef(0);

    /// True for the null reference.
    pub fn is_null(self) -> bool {
        self.0 == 0
    }

    /// The object's address. Objects never move (see the crate documentation), so the address is
    /// the object's identity for its whole life: `id()` and identity hashes may use it. Once the
    /// object is reclaimed, a new object may get the same address.
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

/// The size in bytes of the object `obj` (fixed part and items).
pub(crate) fn object_size(obj: GcRef) -> usize {
    let layout = obj.layout();
    let len = layout.array.map_or(0, |part| {
        // SAFETY: the layout has this array part, so its length field lies inside the fixed part.
        unsafe { ((obj.0 + part.length_offset) as *const i64).read() as usize }
    });
    layout.size_with_items(len)
}

/// Call `visit` with the address of every reference slot of `obj` (fields, then items).
pub(crate) fn for_each_ref_slot(obj: GcRef, mut visit: impl FnMut(usize)) {
    let layout = obj.layout();
    for offset in layout.ref_offsets {
        visit(obj.0 + offset);
    }
    if let Some(part) = layout.array.filter(|part| part.item.kind == Kind::Ref) {
        // SAFETY: the layout has this array part, so its length field lies inside the fixed part.
        let len = unsafe { ((obj.0 + part.length_offset) as *const i64).read() as usize };
        for i in 0..len {
            visit(obj.0 + part.items_offset + 8 * i);
        }
    }
}

/// The heap could not satisfy an allocation, even after collecting.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct OutOfMemory {
    /// The size of the object asked for, in bytes.
    pub requested: usize,
    /// The heap's size limit when it happened, in bytes.
    pub heap_limit: usize,
}

impl fmt::Display for OutOfMemory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "out of memory: cannot allocate {} bytes in a heap of {} MiB (METATRACE_HEAP_SIZE sets the heap size)",
            self.requested,
            self.heap_limit >> 20
        )
    }
}

impl std::error::Error for OutOfMemory {}

/// Allocate a zeroed object of `size` bytes with `layout` in its header and, for an array-like
/// layout, `len` in its length field.
fn alloc_raw(layout: &'static Layout, size: usize, len: usize) -> Result<GcRef, OutOfMemory> {
    debug_assert!(size >= std::mem::size_of::<GcHeader>() && size.is_multiple_of(8));
    let init = |addr: usize| {
        // SAFETY: `addr` is the start of `size` fresh, zeroed, 8-aligned bytes owned by no one
        // else, and `size` covers the header and, for an array layout, its length field.
        unsafe {
            (addr as *mut GcHeader).write(GcHeader { layout });
            if let Some(part) = layout.array {
                ((addr + part.length_offset) as *mut i64).write(len as i64);
            }
        }
    };
    let addr = match config().collector {
        Collector::Mmtk => binding::alloc(size, init),
        Collector::Standin => Some(standin::alloc(size, init)),
    };
    match addr {
        Some(addr) => {
            ALLOCATED.fetch_add(size as u64, Ordering::Relaxed);
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            Ok(GcRef(addr))
        }
        None => Err(OutOfMemory { requested: size, heap_limit: stats().heap_limit }),
    }
}

static ALLOCATED: AtomicU64 = AtomicU64::new(0);
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

/// The exit status of a process whose heap is exhausted in [`alloc`] or [`alloc_array`].
pub const OUT_OF_MEMORY_EXIT_STATUS: i32 = 3;

/// Report `e` and end the process: an allocation that cannot fail has no way back (unwinding
/// cannot cross the residual calls and machine code that allocate).
fn exit_out_of_memory(e: OutOfMemory) -> ! {
    eprintln!("metatrace-gc: {e}");
    std::process::exit(OUT_OF_MEMORY_EXIT_STATUS)
}

/// Allocate a zeroed object of a fixed-size layout. When the heap is exhausted, reports it and
/// exits the process with [`OUT_OF_MEMORY_EXIT_STATUS`] (see [`try_alloc`] to handle it instead).
pub fn alloc(layout: &'static Layout) -> GcRef {
    try_alloc(layout).unwrap_or_else(|e| exit_out_of_memory(e))
}

/// Allocate a zeroed object of a fixed-size layout, or report that the heap is exhausted.
pub fn try_alloc(layout: &'static Layout) -> Result<GcRef, OutOfMemory> {
    assert!(layout.array.is_none(), "{} is an array layout: use alloc_array", layout.name);
    alloc_raw(layout, layout.size_with_items(0), 0)
}

/// Allocate a zeroed array-like object with `len` items; its length field is set to `len`. When
/// the heap is exhausted, reports it and exits like [`alloc`] (see [`try_alloc_array`]).
pub fn alloc_array(layout: &'static Layout, len: usize) -> GcRef {
    try_alloc_array(layout, len).unwrap_or_else(|e| exit_out_of_memory(e))
}

/// Allocate a zeroed array-like object with `len` items, or report that the heap is exhausted.
pub fn try_alloc_array(layout: &'static Layout, len: usize) -> Result<GcRef, OutOfMemory> {
    assert!(layout.array.is_some(), "{} has no array part", layout.name);
    alloc_raw(layout, layout.size_with_items(len), len)
}

/// Entry point for machine code: `alloc` with the layout passed as an address.
pub extern "C" fn alloc_for_jit(layout: &'static Layout) -> GcRef {
    alloc(layout)
}

/// Entry point for machine code: `alloc_array` with the layout passed as an address.
pub extern "C" fn alloc_array_for_jit(layout: &'static Layout, len: i64) -> GcRef {
    alloc_array(layout, usize::try_from(len).expect("negative array length"))
}

/// True when stores of references must be followed by the write barrier ([`write_barrier_for_jit`]
/// for machine code): the collector is generational.
pub fn needs_write_barrier() -> bool {
    config().collector == Collector::Mmtk && config().plan == Plan::StickyImmix
}

/// Entry point for machine code: the write barrier, after a reference was stored into `obj`.
pub extern "C" fn write_barrier_for_jit(obj: GcRef) {
    binding::write_barrier(obj.0, obj.0, 0);
}

/// Collect the whole heap now, then run the finalizers that became due (nothing happens with the
/// stand-in collector).
pub fn collect() {
    if config().collector == Collector::Mmtk {
        binding::collect();
    }
}

/// What the heap has done so far.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct HeapStats {
    /// Objects allocated.
    pub allocations: u64,
    /// Bytes allocated.
    pub allocated_bytes: u64,
    /// Collections completed.
    pub collections: u64,
    /// Time the world was stopped for collections, in seconds.
    pub gc_seconds: f64,
    /// Bytes of heap in use (by pages).
    pub used_bytes: usize,
    /// The heap's current size limit in bytes (0 for the stand-in, which has none).
    pub heap_limit: usize,
}

/// What the heap has done so far.
pub fn stats() -> HeapStats {
    let allocations = ALLOCATIONS.load(Ordering::Relaxed);
    let allocated_bytes = ALLOCATED.load(Ordering::Relaxed);
    match config().collector {
        Collector::Mmtk => {
            let (collections, paused, used_bytes, heap_limit) = binding::stats();
            HeapStats {
                allocations,
                allocated_bytes,
                collections,
                gc_seconds: paused.as_secs_f64(),
                used_bytes,
                heap_limit,
            }
        }
        Collector::Standin => {
            HeapStats { allocations, allocated_bytes, used_bytes: allocated_bytes as usize, ..HeapStats::default() }
        }
    }
}

/// Tell the collector that `value` was stored into the reference slot at `slot` of `obj`.
fn write_barrier(obj: GcRef, slot: usize, value: GcRef) {
    if needs_write_barrier() {
        binding::write_barrier(obj.0, slot, value.0);
    }
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
    unsafe { store(addr, f.ty, value.0 as u64) };
    write_barrier(obj, addr, value);
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
    unsafe { store(addr, a.part.item, value.0 as u64) };
    write_barrier(arr, addr, value);
}

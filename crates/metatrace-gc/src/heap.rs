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
use crate::layout::{ArrayDescr, ArrayPart, FieldDescr, GcHeader, ItemType, Kind, Layout};
use crate::standin;
use std::fmt;
use std::sync::atomic::{AtomicU64, AtomicU8, AtomicUsize, Ordering};
use std::sync::OnceLock;

/// A reference to a heap object, or null. Interpreter code never dereferences it directly; it goes
/// through descriptors, which are checked.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(transparent)]
pub struct GcRef(pub(crate) usize);

impl GcRef {
    /// The null reference.
    pub const NULL: GcRef = GcRef(0);

    /// True for the null reference.
    #[inline]
    pub fn is_null(self) -> bool {
        self.0 == 0
    }

    /// The object's address. Objects never move (see the crate documentation), so the address is
    /// the object's identity for its whole life: `id()` and identity hashes may use it. Once the
    /// object is reclaimed, a new object may get the same address.
    #[inline]
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
    #[inline]
    pub fn layout(self) -> &'static Layout {
        if self.is_null() {
            null_layout()
        }
        // SAFETY: a non-null GcRef always points at an object allocated by `alloc_raw`, whose first
        // word is a GcHeader written before the reference was handed out; headers are never changed.
        unsafe { (*(self.0 as *const GcHeader)).layout }
    }
}

#[cold]
#[inline(never)]
fn null_layout() -> ! {
    panic!("layout of a null reference")
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

/// Call `visit` with every non-null reference `obj` holds (fields, then items), read while the
/// object's first cache lines are fresh from reading its layout: the collector's tracing loop.
#[inline(always)]
pub(crate) fn for_each_ref(obj: GcRef, mut visit: impl FnMut(usize)) {
    let layout = obj.layout();
    let read = |addr: usize| {
        // SAFETY: `addr` is a reference slot of the live object `obj` (from its layout), which
        // nothing writes during a collection.
        unsafe { (addr as *const usize).read_unaligned() }
    };
    for offset in layout.ref_offsets {
        let value = read(obj.0 + offset);
        if value != 0 {
            visit(value);
        }
    }
    if let Some(part) = layout.array.filter(|part| part.item.kind == Kind::Ref) {
        // SAFETY: the layout has this array part, so its length field lies inside the fixed part.
        let len = unsafe { ((obj.0 + part.length_offset) as *const i64).read() as usize };
        for i in 0..len {
            let value = read(obj.0 + part.items_offset + 8 * i);
            if value != 0 {
                visit(value);
            }
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
#[inline(always)]
fn alloc_raw(layout: &'static Layout, size: usize, len: usize) -> Result<GcRef, OutOfMemory> {
    debug_assert!(size >= std::mem::size_of::<GcHeader>() && size.is_multiple_of(8));
    let init = |addr: usize| {
        // SAFETY: `addr` is the start of `size` fresh, 8-aligned bytes owned by no one else,
        // zeroed after the header, and `size` covers the header and, for an array layout, its
        // length field.
        unsafe {
            (addr as *mut GcHeader).write(GcHeader { layout });
            if let Some(part) = layout.array {
                ((addr + part.length_offset) as *mut i64).write(len as i64);
            }
        }
    };
    if let Some(addr) = binding::fast_alloc(size) {
        init(addr);
        return Ok(GcRef(addr));
    }
    alloc_slow(size, 1, init)
}

/// Allocate through the collector: MMTk's allocator (which may collect) or the stand-in; the
/// `size` bytes count as `objects` allocations.
#[inline(never)]
fn alloc_slow(size: usize, objects: u64, init: impl FnOnce(usize)) -> Result<GcRef, OutOfMemory> {
    let addr = match config().collector {
        // Counted in the thread's allocation context.
        Collector::Mmtk => binding::alloc(size, objects, init),
        Collector::Standin => {
            ALLOCATED.fetch_add(size as u64, Ordering::Relaxed);
            ALLOCATIONS.fetch_add(objects, Ordering::Relaxed);
            Some(standin::alloc(size, init))
        }
    };
    addr.map(GcRef).ok_or_else(|| OutOfMemory { requested: size, heap_limit: stats().heap_limit })
}

/// Bytes allocated by the stand-in collector, and by the MMTk threads that have exited (the live
/// threads' counts are in their allocation contexts).
static ALLOCATED: AtomicU64 = AtomicU64::new(0);
/// Objects allocated, counted as [`ALLOCATED`].
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

/// The exit status of a process whose heap is exhausted in [`alloc`] or [`alloc_array`].
pub const OUT_OF_MEMORY_EXIT_STATUS: i32 = 3;

/// Report `e` and end the process: an allocation that cannot fail has no way back (unwinding
/// cannot cross the residual calls and machine code that allocate).
#[cold]
#[inline(never)]
fn exit_out_of_memory(e: OutOfMemory) -> ! {
    eprintln!("metatrace-gc: {e}");
    std::process::exit(OUT_OF_MEMORY_EXIT_STATUS)
}

/// Allocate a zeroed object of a fixed-size layout. When the heap is exhausted, reports it and
/// exits the process with [`OUT_OF_MEMORY_EXIT_STATUS`] (see [`try_alloc`] to handle it instead).
#[inline(always)]
pub fn alloc(layout: &'static Layout) -> GcRef {
    try_alloc(layout).unwrap_or_else(|e| exit_out_of_memory(e))
}

/// Allocate a zeroed object of a fixed-size layout, or report that the heap is exhausted.
/// Inlined: the bump-pointer fast path is a few instructions.
#[inline(always)]
pub fn try_alloc(layout: &'static Layout) -> Result<GcRef, OutOfMemory> {
    if layout.array.is_some() {
        wrong_layout_kind(layout, true)
    }
    alloc_raw(layout, layout.size_with_items(0), 0)
}

/// [`alloc`] as a [`Known`] object of `layout`: its fields are written without reading its header
/// back (the checks fold when `layout` and the field descriptors are constants).
#[inline(always)]
pub fn alloc_known(layout: &'static Layout) -> Known {
    Known { obj: alloc(layout), layout }
}

/// Allocate a zeroed array-like object with `len` items; its length field is set to `len`. When
/// the heap is exhausted, reports it and exits like [`alloc`] (see [`try_alloc_array`]).
#[inline(always)]
pub fn alloc_array(layout: &'static Layout, len: usize) -> GcRef {
    try_alloc_array(layout, len).unwrap_or_else(|e| exit_out_of_memory(e))
}

/// Allocate a zeroed array-like object with `len` items, or report that the heap is exhausted.
#[inline(always)]
pub fn try_alloc_array(layout: &'static Layout, len: usize) -> Result<GcRef, OutOfMemory> {
    if layout.array.is_none() {
        wrong_layout_kind(layout, false)
    }
    alloc_raw(layout, layout.size_with_items(len), len)
}

/// Report an allocation through the function of the other kind of layout (`array`: the layout
/// has an array part, but a fixed-size object was asked for).
#[cold]
#[inline(never)]
fn wrong_layout_kind(layout: &Layout, array: bool) -> ! {
    if array {
        panic!("{} is an array layout: use alloc_array", layout.name)
    }
    panic!("{} has no array part", layout.name)
}

/// Entry point for machine code: `alloc` with the layout passed as an address.
pub extern "C" fn alloc_for_jit(layout: &'static Layout) -> GcRef {
    alloc(layout)
}

/// Entry point for machine code: `alloc_array` with the layout passed as an address.
pub extern "C" fn alloc_array_for_jit(layout: &'static Layout, len: i64) -> GcRef {
    alloc_array(layout, usize::try_from(len).expect("negative array length"))
}

/// Entry point for machine code that allocates `objects` objects at once (see [`crate::inline`]):
/// `size` zeroed bytes (a multiple of 8, at most [`crate::inline::InlineAlloc::max_size`]) in the
/// default space, counted as `objects` allocations. The caller cuts them into its objects, writing
/// each one's header (and length) and setting its valid-object bit before anything can collect.
/// Exits like [`alloc`] when the heap is exhausted.
pub extern "C" fn alloc_block_for_jit(size: usize, objects: u64) -> usize {
    alloc_slow(size, objects, |_| {}).unwrap_or_else(|e| exit_out_of_memory(e)).0
}

/// True when stores of references must be followed by the write barrier ([`write_barrier_for_jit`]
/// for machine code): the collector is generational.
#[inline]
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
        binding::collect(true);
    }
}

/// Collect the young objects now (a nursery collection; the whole heap with a plan that is not
/// generational), then run the finalizers that became due (nothing happens with the stand-in).
pub fn collect_young() {
    if config().collector == Collector::Mmtk {
        binding::collect(false);
    }
}

/// Run `f`, a call that may block for long (waiting for another thread, sleeping, reading a pipe)
/// and that touches no heap object, so that other threads can collect meanwhile: for its duration
/// the current thread counts as stopped for collections (its stack and registered roots are
/// scanned as they were when `f` started), and afterwards it waits for a collection under way to
/// end. Threads that wait for each other must wait inside `blocking`, or a collection that one of
/// them starts waits forever for the other.
pub fn blocking<R>(f: impl FnOnce() -> R) -> R {
    if config().collector == Collector::Mmtk {
        binding::blocking(f)
    } else {
        f()
    }
}

/// True when `addr` is the address of a live object of the MMTk heap (its valid-object bit is set):
/// for tests and assertions. Always false with the stand-in collector.
pub fn is_object(addr: usize) -> bool {
    config().collector == Collector::Mmtk && binding::is_object(addr)
}

/// Add what was allocated on the thread of `context` (it is ending) to the totals.
pub(crate) fn count_exited_thread_allocations(context: &crate::inline::AllocContext) {
    ALLOCATED.fetch_add(context.bytes.load(Ordering::Relaxed), Ordering::Relaxed);
    ALLOCATIONS.fetch_add(context.objects.load(Ordering::Relaxed), Ordering::Relaxed);
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
            let (live_objects, live_bytes) = binding::live_thread_allocations();
            let (allocations, allocated_bytes) = (allocations + live_objects, allocated_bytes + live_bytes);
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

/// What to do after a write of a quasi-immutable field (set by the JIT: invalidate the code that
/// assumed the field's old value).
static QUASI_IMMUTABLE_HOOK: OnceLock<fn(GcRef, &FieldDescr)> = OnceLock::new();

/// Set the function called after every write of a quasi-immutable field by [`write_field`] or
/// [`write_field_ref`], with the object and the field. Only the first call has an effect.
pub fn set_quasi_immutable_hook(hook: fn(GcRef, &FieldDescr)) {
    QUASI_IMMUTABLE_HOOK.get_or_init(|| hook);
}

fn quasi_immutable_written(obj: GcRef, f: &FieldDescr) {
    if let Some(hook) = QUASI_IMMUTABLE_HOOK.get() {
        hook(obj, f);
    }
}

/// Tell the collector that `value` was stored into the reference slot at `slot` of `obj`.
///
/// The fast path is the one machine code inlines (see [`crate::inline`]): nothing for a null
/// value (it makes no reference to a young object), nothing for a plan without a barrier, and
/// nothing unless `obj`'s unlogged bit is set (it is set for old objects not yet remembered since
/// the last collection).
#[inline(always)]
fn write_barrier(obj: GcRef, slot: usize, value: GcRef) {
    if value.is_null() {
        return;
    }
    let mut base = UNLOGGED_BITS.load(Ordering::Relaxed);
    if base == UNLOGGED_BITS_UNKNOWN {
        base = unlogged_bits_init();
    }
    if base == NO_BARRIER {
        return;
    }
    let granule = obj.0 >> 3;
    // SAFETY: the unlogged-bit table has one bit per 8 bytes of the heap and `obj` is a live heap
    // object, so its byte of the table is mapped; the collector and the barrier's slow path
    // change it, so it is read atomically.
    let bits = unsafe { &*((base + (granule >> 3)) as *const std::sync::atomic::AtomicU8) };
    if bits.load(Ordering::Relaxed) & (1 << (granule & 7)) != 0 {
        write_barrier_slow(obj, slot, value);
    }
}

/// The base of the unlogged-bit table as [`crate::inline::inline_barrier`] gives it,
/// [`NO_BARRIER`] when the plan needs no barrier, or [`UNLOGGED_BITS_UNKNOWN`] before the first
/// barrier asked: one relaxed load on the barrier's fast path (it never changes once known).
static UNLOGGED_BITS: AtomicUsize = AtomicUsize::new(UNLOGGED_BITS_UNKNOWN);
/// [`UNLOGGED_BITS`] of a plan without a write barrier.
const NO_BARRIER: usize = 0;
/// [`UNLOGGED_BITS`] before it is known.
const UNLOGGED_BITS_UNKNOWN: usize = usize::MAX;

/// Find [`UNLOGGED_BITS`] (the first barrier of the process), out of line.
#[cold]
#[inline(never)]
fn unlogged_bits_init() -> usize {
    let base = crate::inline::inline_barrier().unwrap_or(NO_BARRIER);
    UNLOGGED_BITS.store(base, Ordering::Relaxed);
    base
}

/// Remember `obj` as a store of a reference into it would: when its unlogged bit is set (it is
/// old and not remembered since the last collection), the next nursery collection scans it.
#[inline(always)]
pub(crate) fn remember(obj: GcRef) {
    write_barrier(obj, obj.0, obj);
}

/// The slow path of [`write_barrier`], out of line: `obj` must be remembered.
#[cold]
#[inline(never)]
fn write_barrier_slow(obj: GcRef, slot: usize, value: GcRef) {
    binding::write_barrier(obj.0, slot, value.0);
}

/// Load a raw 64-bit pattern: integers widened to i64, doubles as bits, references as addresses.
///
/// # Safety
/// `addr .. addr + ty.size` must be inside a live object.
#[inline(always)]
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
#[inline(always)]
unsafe fn store(addr: usize, ty: ItemType, bits: u64) {
    match ty.size {
        8 => (addr as *mut u64).write_unaligned(bits),
        4 => (addr as *mut u32).write_unaligned(bits as u32),
        2 => (addr as *mut u16).write_unaligned(bits as u16),
        1 => (addr as *mut u8).write(bits as u8),
        _ => unreachable!("item size {}", ty.size),
    }
}

/// The address of field `f` of `obj`, after checking that the field lies inside the object and,
/// for a reference access or any write, that the layout's reference map agrees with `kind`.
/// Failures panic in [`field_violation`], out of line.
#[inline(always)]
fn check_field(obj: GcRef, f: &FieldDescr, kind: Kind, write: bool) -> usize {
    let layout = obj.layout();
    match f.layout {
        // The check against the descriptor's own layout folds for a constant descriptor.
        Some(owner) if std::ptr::eq(layout, owner) => check_field_in(obj, owner, f, kind, write),
        _ => check_field_in_out_of_line(obj, layout, f, kind, write),
    }
}

/// [`check_field_in`] of an object whose layout is not its descriptor's own (descriptors made by
/// hand, fields of a layout shared with others): the unusual case of [`check_field`].
#[inline(never)]
fn check_field_in_out_of_line(obj: GcRef, layout: &'static Layout, f: &FieldDescr, kind: Kind, write: bool) -> usize {
    check_field_in(obj, layout, f, kind, write)
}

/// Report a field access that [`check_field`] refused.
#[cold]
#[inline(never)]
fn field_violation(obj: GcRef, f: &FieldDescr, kind: Kind, write: bool) -> ! {
    assert_eq!(f.ty.kind, kind, "{}.{} accessed as {:?}", f.owner, f.name, kind);
    let layout = obj.layout();
    assert!(
        f.offset >= std::mem::size_of::<GcHeader>() && f.offset + f.ty.size as usize <= layout.size,
        "{}.{} is outside {}",
        f.owner,
        f.name,
        layout.name
    );
    let access = if write { "written" } else { "read" };
    panic!("{}.{} {access} as {kind:?} does not match {}'s reference map", f.owner, f.name, layout.name)
}

/// Read a field as a raw 64-bit pattern (see [`ItemType`]): the access is checked against the layout.
#[inline(always)]
pub fn read_field(obj: GcRef, f: &FieldDescr) -> u64 {
    let addr = check_field(obj, f, f.ty.kind, false);
    // SAFETY: check_field proved the field lies inside the object's fixed part.
    unsafe { load(addr, f.ty) }
}

/// Write a field of integer or float kind from a raw 64-bit pattern.
#[inline(always)]
pub fn write_field(obj: GcRef, f: &FieldDescr, bits: u64) {
    assert_ne!(f.ty.kind, Kind::Ref, "{}.{}: write references with write_field_ref", f.owner, f.name);
    let addr = check_field(obj, f, f.ty.kind, true);
    // SAFETY: check_field proved the field lies inside the object and is not a reference slot.
    unsafe { store(addr, f.ty, bits) }
    if f.quasi_immutable {
        quasi_immutable_written(obj, f);
    }
}

/// Write a reference field.
#[inline(always)]
pub fn write_field_ref(obj: GcRef, f: &FieldDescr, value: GcRef) {
    let addr = check_field(obj, f, Kind::Ref, true);
    // SAFETY: check_field proved the field is a reference slot inside the object.
    unsafe { store(addr, f.ty, value.0 as u64) };
    write_barrier(obj, addr, value);
    if f.quasi_immutable {
        quasi_immutable_written(obj, f);
    }
}

/// Read a reference field.
#[inline(always)]
pub fn read_field_ref(obj: GcRef, f: &FieldDescr) -> GcRef {
    GcRef(read_field(obj, f) as usize)
}

/// The address of field `f` of `obj`, whose layout is `layout`, after checking the access against
/// `layout` (see [`check_field`]; with a constant `layout` and `f` the check folds away at
/// compile time).
#[inline(always)]
fn check_field_in(obj: GcRef, layout: &'static Layout, f: &FieldDescr, kind: Kind, write: bool) -> usize {
    let inside = f.ty.kind == kind
        && f.offset >= std::mem::size_of::<GcHeader>()
        && f.offset + f.ty.size as usize <= layout.size;
    if !inside || ((kind == Kind::Ref || write) && layout.is_ref_offset(f.offset) != (kind == Kind::Ref)) {
        field_violation(obj, f, kind, write)
    }
    obj.0 + f.offset
}

/// A non-null object whose layout was checked once: its field accesses check the field against
/// that layout (which folds when the layout and the field descriptor are constants) and read no
/// header again. Sound because an object's layout is written once, when it is allocated, and
/// objects never move; the handle holds the reference, which keeps the object alive as any
/// reference in native code does. For code that accesses several fields of one object between
/// calls that the compiler cannot see through (after each of which it would read the header
/// again).
#[derive(Copy, Clone, Debug)]
pub struct Known {
    obj: GcRef,
    layout: &'static Layout,
}

impl Known {
    /// `obj` when its layout is `expected` (`obj` must not be null: [`GcRef::layout`] panics).
    #[inline(always)]
    pub fn of(obj: GcRef, expected: &'static Layout) -> Option<Known> {
        std::ptr::eq(obj.layout(), expected).then_some(Known { obj, layout: expected })
    }

    /// `obj`, which must have layout `expected` (a panic otherwise, as for a failed access check).
    #[inline(always)]
    pub fn expect(obj: GcRef, expected: &'static Layout) -> Known {
        match Known::of(obj, expected) {
            Some(known) => known,
            None => layout_violation(obj, expected),
        }
    }

    /// The object.
    #[inline(always)]
    pub fn get(self) -> GcRef {
        self.obj
    }

    /// [`read_field`] of the object.
    #[inline(always)]
    pub fn read(self, f: &FieldDescr) -> u64 {
        let addr = check_field_in(self.obj, self.layout, f, f.ty.kind, false);
        // SAFETY: the check proved the field lies inside the object's fixed part.
        unsafe { load(addr, f.ty) }
    }

    /// [`read_field_ref`] of the object.
    #[inline(always)]
    pub fn read_ref(self, f: &FieldDescr) -> GcRef {
        let addr = check_field_in(self.obj, self.layout, f, Kind::Ref, false);
        // SAFETY: the check proved the field is a reference slot inside the object.
        GcRef(unsafe { load(addr, f.ty) } as usize)
    }

    /// [`write_field`] of the object (references and quasi-immutable fields out of line).
    #[inline(always)]
    pub fn write(self, f: &FieldDescr, bits: u64) {
        if f.ty.kind == Kind::Ref || f.quasi_immutable {
            return write_field_out_of_line(self.obj, f, bits);
        }
        let addr = check_field_in(self.obj, self.layout, f, f.ty.kind, true);
        // SAFETY: the check proved the field lies inside the object and is not a reference slot.
        unsafe { store(addr, f.ty, bits) }
    }

    /// [`write_field_ref`] of the object (quasi-immutable fields out of line).
    #[inline(always)]
    pub fn write_ref(self, f: &FieldDescr, value: GcRef) {
        if f.quasi_immutable {
            return write_field_ref_out_of_line(self.obj, f, value);
        }
        let addr = check_field_in(self.obj, self.layout, f, Kind::Ref, true);
        // SAFETY: the check proved the field is a reference slot inside the object.
        unsafe { store(addr, f.ty, value.0 as u64) };
        write_barrier(self.obj, addr, value);
    }

    /// [`Known::write_ref`] into an object allocated after the last allocation or collection (so
    /// no collection ran since): without the write barrier, which a young object never needs
    /// (machine code skips it for such objects too).
    #[inline(always)]
    pub fn init_ref(self, f: &FieldDescr, value: GcRef) {
        if f.quasi_immutable {
            return write_field_ref_out_of_line(self.obj, f, value);
        }
        let addr = check_field_in(self.obj, self.layout, f, Kind::Ref, true);
        // SAFETY: the check proved the field is a reference slot inside the object.
        unsafe { store(addr, f.ty, value.0 as u64) };
    }
}

/// Report an object that [`Known::expect`] refused.
#[cold]
#[inline(never)]
fn layout_violation(obj: GcRef, expected: &Layout) -> ! {
    panic!("a {} where a {} was expected", obj.layout().name, expected.name)
}

/// Read a reference field of an object that usually has layout `expected`: for objects of that
/// layout the check folds when `expected` and `f` are constants (see [`Known`]); others are
/// checked out of line, as [`read_field_ref`] does.
#[inline(always)]
pub fn read_field_ref_expecting(obj: GcRef, expected: &'static Layout, f: &FieldDescr) -> GcRef {
    match Known::of(obj, expected) {
        Some(known) => known.read_ref(f),
        None => read_field_ref_out_of_line(obj, f),
    }
}

/// [`read_field`] of an object that usually has layout `expected` (see
/// [`read_field_ref_expecting`]).
#[inline(always)]
pub fn read_field_expecting(obj: GcRef, expected: &'static Layout, f: &FieldDescr) -> u64 {
    match Known::of(obj, expected) {
        Some(known) => known.read(f),
        None => read_field_out_of_line(obj, f),
    }
}

/// [`write_field`] for an object that usually has layout `expected` (see
/// [`read_field_ref_expecting`]).
#[inline(always)]
pub fn write_field_expecting(obj: GcRef, expected: &'static Layout, f: &FieldDescr, bits: u64) {
    match Known::of(obj, expected) {
        Some(known) => known.write(f, bits),
        None => write_field_out_of_line(obj, f, bits),
    }
}

/// [`write_field_ref`] for an object that usually has layout `expected` (see
/// [`read_field_ref_expecting`]).
#[inline(always)]
pub fn write_field_ref_expecting(obj: GcRef, expected: &'static Layout, f: &FieldDescr, value: GcRef) {
    match Known::of(obj, expected) {
        Some(known) => known.write_ref(f, value),
        None => write_field_ref_out_of_line(obj, f, value),
    }
}

/// [`write_field_ref_expecting`] into an object allocated after the last allocation or
/// collection (see [`Known::init_ref`]).
#[inline(always)]
pub fn init_field_ref_expecting(obj: GcRef, expected: &'static Layout, f: &FieldDescr, value: GcRef) {
    match Known::of(obj, expected) {
        Some(known) => known.init_ref(f, value),
        None => write_field_ref_out_of_line(obj, f, value),
    }
}

/// [`read_field_ref`], not inlined (the unusual case of [`read_field_ref_expecting`]).
#[inline(never)]
fn read_field_ref_out_of_line(obj: GcRef, f: &FieldDescr) -> GcRef {
    read_field_ref(obj, f)
}

/// [`read_field`], not inlined (the unusual case of [`read_field_expecting`]).
#[inline(never)]
fn read_field_out_of_line(obj: GcRef, f: &FieldDescr) -> u64 {
    read_field(obj, f)
}

/// [`write_field`], not inlined (the unusual case of [`write_field_expecting`]).
#[inline(never)]
fn write_field_out_of_line(obj: GcRef, f: &FieldDescr, bits: u64) {
    write_field(obj, f, bits)
}

/// [`write_field_ref`], not inlined (the unusual case of [`write_field_ref_expecting`]).
#[inline(never)]
fn write_field_ref_out_of_line(obj: GcRef, f: &FieldDescr, value: GcRef) {
    write_field_ref(obj, f, value)
}

/// The address of item `index` of `arr`, after checking that `arr` has the array part `a`
/// describes, that its items are of `kind` and that the index is in bounds. Failures panic in
/// [`item_violation`], out of line.
#[inline(always)]
fn check_item(arr: GcRef, a: &ArrayDescr, index: i64, kind: Kind) -> usize {
    let len = array_len(arr, a);
    // References are always 8 bytes, so the reference accessors store and load them directly.
    let typed = if kind == Kind::Ref { a.part.item == ItemType::REF } else { a.part.item.kind == kind };
    if !typed || !(0 <= index && index < len) {
        item_violation(a, index, len, kind)
    }
    arr.0 + a.part.items_offset + index as usize * a.part.item.size as usize
}

/// Report an item access that [`check_item`] refused.
#[cold]
#[inline(never)]
fn item_violation(a: &ArrayDescr, index: i64, len: i64, kind: Kind) -> ! {
    assert_eq!(a.part.item.kind, kind, "{} items accessed as {:?}", a.owner, kind);
    assert!(kind != Kind::Ref || a.part.item == ItemType::REF, "{} items are references of a bad size", a.owner);
    panic!("index {index} out of range for {} of length {len}", a.owner)
}

/// The length of an array-like object.
#[inline(always)]
pub fn array_len(arr: GcRef, a: &ArrayDescr) -> i64 {
    let layout = arr.layout();
    if !same_array_part(layout.array.as_ref(), &a.part) {
        array_part_violation(a, layout)
    }
    // SAFETY: the layout has this array part, so its length field lies inside the fixed part.
    unsafe { ((arr.0 + a.part.length_offset) as *const i64).read() }
}

/// [`array_len`] of an object that usually has layout `expected`: for objects of that layout the
/// check of the array part folds when `expected` and `a` are constants (one comparison of the
/// layout remains); others are checked in full, out of line.
#[inline(always)]
pub fn array_len_expecting(arr: GcRef, expected: &'static Layout, a: &ArrayDescr) -> i64 {
    if std::ptr::eq(arr.layout(), expected) && same_array_part(expected.array.as_ref(), &a.part) {
        // SAFETY: the object's layout has this array part, so its length field lies inside the
        // fixed part.
        return unsafe { ((arr.0 + a.part.length_offset) as *const i64).read() };
    }
    array_len_out_of_line(arr, a)
}

/// [`array_len`], not inlined (the unusual case of [`array_len_expecting`]).
#[inline(never)]
fn array_len_out_of_line(arr: GcRef, a: &ArrayDescr) -> i64 {
    array_len(arr, a)
}

/// Whether `part` (a layout's array part, if any) is `want`: every field compared without
/// short-circuiting, so that the check is one branch.
#[inline(always)]
fn same_array_part(part: Option<&ArrayPart>, want: &ArrayPart) -> bool {
    match part {
        Some(p) => {
            (p.length_offset == want.length_offset)
                & (p.items_offset == want.items_offset)
                & (p.item.kind == want.item.kind)
                & (p.item.size == want.item.size)
                & (p.item.signed == want.item.signed)
        }
        None => false,
    }
}

/// Report an access to the items of an object whose layout has no such array part.
#[cold]
#[inline(never)]
fn array_part_violation(a: &ArrayDescr, layout: &Layout) -> ! {
    panic!("{} items accessed on a {}", a.owner, layout.name)
}

/// Copy the byte items `start .. start + out.len()` of `arr` (whose items are 1-byte integers)
/// into `out`, checked once for the whole range.
#[inline]
pub fn read_byte_items(arr: GcRef, a: &ArrayDescr, start: usize, out: &mut [u8]) {
    let addr = check_byte_range(arr, a, start, out.len());
    // SAFETY: check_byte_range proved the range lies inside the object's items; `out` is a
    // distinct Rust buffer.
    unsafe { std::ptr::copy_nonoverlapping(addr as *const u8, out.as_mut_ptr(), out.len()) }
}

/// Run `f` over the byte items of `arr` (whose items are 1-byte integers) where they lie, without
/// copying them: objects never move, and `arr` stays alive until `f` returns.
///
/// # Safety
///
/// Nothing may write the items of `arr` while `f` runs (as for the items of objects that are
/// never written once made, such as immutable strings).
pub unsafe fn with_byte_items<R>(arr: GcRef, a: &ArrayDescr, f: impl FnOnce(&[u8]) -> R) -> R {
    let len = array_len(arr, a) as usize;
    let addr = check_byte_range(arr, a, 0, len);
    // SAFETY: check_byte_range proved that the `len` bytes at `addr` are the object's items; the
    // object neither moves nor dies while `arr` is held (below), and the caller guarantees that
    // nothing writes them while `f` runs.
    let items = unsafe { std::slice::from_raw_parts(addr as *const u8, len) };
    let result = f(items);
    std::hint::black_box(arr);
    result
}

/// Copy the reference items `start .. start + out.len()` of `arr` into `out`, checked once for the
/// whole range.
#[inline]
pub fn read_ref_items(arr: GcRef, a: &ArrayDescr, start: usize, out: &mut [GcRef]) {
    let len = array_len(arr, a) as usize;
    if a.part.item != ItemType::REF || start > len || out.len() > len - start {
        ref_range_violation(a, start, out.len(), len)
    }
    for (k, slot) in out.iter_mut().enumerate() {
        // SAFETY: the check above proved that items `start .. start + out.len()` are 8-byte
        // reference slots inside the object.
        *slot = GcRef(unsafe { ((arr.0 + a.part.items_offset + 8 * (start + k)) as *const usize).read_unaligned() });
    }
}

/// Report a range of reference items that [`read_ref_items`] refused.
#[cold]
#[inline(never)]
fn ref_range_violation(a: &ArrayDescr, start: usize, count: usize, len: usize) -> ! {
    assert!(a.part.item == ItemType::REF, "{} items are not references", a.owner);
    panic!("items {start}..{} out of range for {} of length {len}", start + count, a.owner)
}

/// Copy `bytes` into the byte items `start .. start + bytes.len()` of `arr` (whose items are
/// 1-byte integers, never references), checked once for the whole range.
#[inline]
pub fn write_byte_items(arr: GcRef, a: &ArrayDescr, start: usize, bytes: &[u8]) {
    let addr = check_byte_range(arr, a, start, bytes.len());
    // SAFETY: check_byte_range proved the range lies inside the object's items, which are plain
    // bytes (not references); `bytes` is a distinct Rust buffer.
    unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), addr as *mut u8, bytes.len()) }
}

/// The address of byte item `start` after checking that `arr` has the array part `a`, of 1-byte
/// integer items, and that `start .. start + count` is in bounds.
#[inline(always)]
fn check_byte_range(arr: GcRef, a: &ArrayDescr, start: usize, count: usize) -> usize {
    let len = array_len(arr, a) as usize;
    let bytes = a.part.item.kind == Kind::Int && a.part.item.size == 1;
    if !bytes || start > len || count > len - start {
        byte_range_violation(a, start, count, len)
    }
    arr.0 + a.part.items_offset + start
}

/// Report a byte range that [`check_byte_range`] refused.
#[cold]
#[inline(never)]
fn byte_range_violation(a: &ArrayDescr, start: usize, count: usize, len: usize) -> ! {
    assert!(a.part.item.kind == Kind::Int && a.part.item.size == 1, "{} items are not bytes", a.owner);
    panic!("bytes {start}..{} out of range for {} of length {len}", start + count, a.owner)
}

/// The address of item `start` after checking that `arr` has the array part `a`, of 8-byte
/// integer or float items (not references), and that `start .. start + count` is in bounds.
#[inline(always)]
fn check_word_range(arr: GcRef, a: &ArrayDescr, start: usize, count: usize) -> usize {
    let len = array_len(arr, a) as usize;
    let words = a.part.item.kind != Kind::Ref && a.part.item.size == 8;
    if !words || start > len || count > len - start {
        word_range_violation(a, start, count, len)
    }
    arr.0 + a.part.items_offset + 8 * start
}

/// Report a range of 8-byte items that [`check_word_range`] refused.
#[cold]
#[inline(never)]
fn word_range_violation(a: &ArrayDescr, start: usize, count: usize, len: usize) -> ! {
    assert!(a.part.item.kind != Kind::Ref && a.part.item.size == 8, "{} items are not 8-byte values", a.owner);
    panic!("items {start}..{} out of range for {} of length {len}", start + count, a.owner)
}

/// Copy the 8-byte integer or float items `start .. start + out.len()` of `arr` into `out` as
/// raw 64-bit patterns, checked once for the whole range.
#[inline]
pub fn read_word_items(arr: GcRef, a: &ArrayDescr, start: usize, out: &mut [u64]) {
    let addr = check_word_range(arr, a, start, out.len());
    // SAFETY: check_word_range proved the range lies inside the object's items, which are 8-byte
    // plain values; `out` is a distinct Rust buffer. Items may be unaligned for u64 in principle
    // (the layout only promises 8-byte multiples), so the copy is bytewise.
    unsafe { std::ptr::copy_nonoverlapping(addr as *const u8, out.as_mut_ptr() as *mut u8, 8 * out.len()) }
}

/// Copy `words` (raw 64-bit patterns) into the 8-byte integer or float items `start .. start +
/// words.len()` of `arr` (never references), checked once for the whole range.
#[inline]
pub fn write_word_items(arr: GcRef, a: &ArrayDescr, start: usize, words: &[u64]) {
    let addr = check_word_range(arr, a, start, words.len());
    // SAFETY: check_word_range proved the range lies inside the object's items, which are 8-byte
    // plain values (not references); `words` is a distinct Rust buffer.
    unsafe { std::ptr::copy_nonoverlapping(words.as_ptr() as *const u8, addr as *mut u8, 8 * words.len()) }
}

/// Write `refs` into the reference items `start .. start + refs.len()` of `arr`, checked once for
/// the whole range, with one write barrier for the object (the barrier remembers objects, not
/// slots).
#[inline]
pub fn write_ref_items(arr: GcRef, a: &ArrayDescr, start: usize, refs: &[GcRef]) {
    let len = array_len(arr, a) as usize;
    if a.part.item != ItemType::REF || start > len || refs.len() > len - start {
        ref_range_violation(a, start, refs.len(), len)
    }
    let addr = arr.0 + a.part.items_offset + 8 * start;
    // SAFETY: the check above proved that items `start .. start + refs.len()` are 8-byte
    // reference slots inside the object; `refs` is a distinct Rust buffer of references.
    unsafe { std::ptr::copy_nonoverlapping(refs.as_ptr() as *const u8, addr as *mut u8, 8 * refs.len()) }
    if let Some(&value) = refs.iter().find(|r| !r.is_null()) {
        write_barrier(arr, addr, value);
    }
}

/// Copy items `src_start .. src_start + count` of `src` (array part `a`) to items `dst_start ..
/// dst_start + count` of `dst` (array part `b`, of the same item type), checked once for both
/// ranges. `src` and `dst` may be the same object and the ranges may overlap (a `memmove`).
/// Copied references get `dst`'s write barrier.
#[inline]
pub fn copy_items(
    src: GcRef,
    a: &ArrayDescr,
    src_start: usize,
    dst: GcRef,
    b: &ArrayDescr,
    dst_start: usize,
    count: usize,
) {
    let (src_len, dst_len) = (array_len(src, a) as usize, array_len(dst, b) as usize);
    let fits = |start: usize, len: usize| start <= len && count <= len - start;
    if a.part.item != b.part.item || !fits(src_start, src_len) || !fits(dst_start, dst_len) {
        copy_violation(a, b, src_start, dst_start, count, src_len, dst_len)
    }
    let size = a.part.item.size as usize;
    let from = src.0 + a.part.items_offset + size * src_start;
    let to = dst.0 + b.part.items_offset + size * dst_start;
    // SAFETY: the checks above proved that both ranges lie inside their objects' items and that
    // the items are of the same type (so references are only copied into reference slots);
    // `ptr::copy` allows the ranges to overlap.
    unsafe { std::ptr::copy(from as *const u8, to as *mut u8, size * count) }
    if a.part.item.kind == Kind::Ref {
        // SAFETY: the items `dst_start .. dst_start + count` of `dst` are reference slots (checked
        // above), now holding copies of references from `src`.
        let mut copied = (0..count).map(|k| GcRef(unsafe { ((to + 8 * k) as *const usize).read_unaligned() }));
        if let Some(value) = copied.find(|r| !r.is_null()) {
            // One barrier for the object: it remembers objects, not slots.
            write_barrier(dst, to, value);
        }
    }
}

/// Report a copy that [`copy_items`] refused.
#[cold]
#[inline(never)]
fn copy_violation(
    a: &ArrayDescr,
    b: &ArrayDescr,
    src_start: usize,
    dst_start: usize,
    count: usize,
    src_len: usize,
    dst_len: usize,
) -> ! {
    assert!(a.part.item == b.part.item, "items of {} copied into items of {}", a.owner, b.owner);
    panic!(
        "copy of {count} items from {src_start} of {} (length {src_len}) to {dst_start} of {} (length {dst_len})",
        a.owner, b.owner
    )
}

/// Read an item as a raw 64-bit pattern; the index is bounds-checked.
#[inline(always)]
pub fn read_item(arr: GcRef, a: &ArrayDescr, index: i64) -> u64 {
    let addr = check_item(arr, a, index, a.part.item.kind);
    // SAFETY: check_item proved the item lies inside the object.
    unsafe { load(addr, a.part.item) }
}

/// Read a reference item.
#[inline(always)]
pub fn read_item_ref(arr: GcRef, a: &ArrayDescr, index: i64) -> GcRef {
    let addr = check_item(arr, a, index, Kind::Ref);
    // SAFETY: check_item proved the item is an 8-byte reference slot inside the object.
    GcRef(unsafe { (addr as *const usize).read_unaligned() })
}

/// [`read_item_ref`] of an array that usually has layout `expected` (see [`array_len_expecting`]).
#[inline(always)]
pub fn read_item_ref_expecting(arr: GcRef, expected: &'static Layout, a: &ArrayDescr, index: usize) -> GcRef {
    let addr = check_item_expecting(arr, expected, a, index, Kind::Ref);
    // SAFETY: the check proved the item is an 8-byte reference slot inside the object.
    GcRef(unsafe { (addr as *const usize).read_unaligned() })
}

/// [`read_item`] of an array that usually has layout `expected` (see [`array_len_expecting`]).
#[inline(always)]
pub fn read_item_expecting(arr: GcRef, expected: &'static Layout, a: &ArrayDescr, index: usize) -> u64 {
    let addr = check_item_expecting(arr, expected, a, index, a.part.item.kind);
    // SAFETY: the check proved the item lies inside the object.
    unsafe { load(addr, a.part.item) }
}

/// [`write_item`] into an array that usually has layout `expected` (see [`array_len_expecting`]).
#[inline(always)]
pub fn write_item_expecting(arr: GcRef, expected: &'static Layout, a: &ArrayDescr, index: usize, bits: u64) {
    assert_ne!(a.part.item.kind, Kind::Ref, "{}: write references with write_item_ref", a.owner);
    let addr = check_item_expecting(arr, expected, a, index, a.part.item.kind);
    // SAFETY: the check proved the item lies inside the object and is not a reference.
    unsafe { store(addr, a.part.item, bits) }
}

/// [`write_item_ref`] into an array that usually has layout `expected` (see
/// [`array_len_expecting`]).
#[inline(always)]
pub fn write_item_ref_expecting(arr: GcRef, expected: &'static Layout, a: &ArrayDescr, index: usize, value: GcRef) {
    let addr = check_item_expecting(arr, expected, a, index, Kind::Ref);
    // SAFETY: the check proved the item is an 8-byte reference slot inside the object.
    unsafe { (addr as *mut usize).write_unaligned(value.0) };
    write_barrier(arr, addr, value);
}

/// The address of item `index` of `arr`, read or written as `kind`, checked as [`check_item`]
/// does, with the array part's check folded for layout `expected` (see [`array_len_expecting`]).
#[inline(always)]
fn check_item_expecting(arr: GcRef, expected: &'static Layout, a: &ArrayDescr, index: usize, kind: Kind) -> usize {
    let len = array_len_expecting(arr, expected, a);
    // References are always 8 bytes, so the reference accessors store and load them directly.
    let typed = if kind == Kind::Ref { a.part.item == ItemType::REF } else { a.part.item.kind == kind };
    // `len` is never negative, so the unsigned comparison is the bounds check.
    if !typed || index >= len as usize {
        item_violation(a, index as i64, len, kind)
    }
    arr.0 + a.part.items_offset + index * a.part.item.size as usize
}

/// Write an integer or float item from a raw 64-bit pattern; the index is bounds-checked.
#[inline(always)]
pub fn write_item(arr: GcRef, a: &ArrayDescr, index: i64, bits: u64) {
    assert_ne!(a.part.item.kind, Kind::Ref, "{}: write references with write_item_ref", a.owner);
    let addr = check_item(arr, a, index, a.part.item.kind);
    // SAFETY: check_item proved the item lies inside the object and is not a reference.
    unsafe { store(addr, a.part.item, bits) }
}

/// Write a reference item.
#[inline(always)]
pub fn write_item_ref(arr: GcRef, a: &ArrayDescr, index: i64, value: GcRef) {
    let addr = check_item(arr, a, index, Kind::Ref);
    // SAFETY: check_item proved the item is an 8-byte reference slot inside the object.
    unsafe { (addr as *mut usize).write_unaligned(value.0) };
    write_barrier(arr, addr, value);
}

/// The reference items of one array, checked once: [`ref_items`] verifies the array part, and
/// each access only compares the index with the length read then. Arrays never change length
/// and objects never move, so the item addresses stay valid while the array lives (the view
/// holds it, and conservative stack scanning keeps it alive). The view also locates the array's
/// unlogged bit once, so that the write barrier of a store is one test of that bit.
#[derive(Copy, Clone, Debug)]
pub struct RefItems {
    arr: GcRef,
    items: usize,
    len: usize,
    /// The byte of the unlogged-bit table that holds the array's bit ([`NEVER_UNLOGGED`] for a
    /// plan without a barrier).
    unlogged_byte: &'static AtomicU8,
    /// The array's bit in that byte (0 for a plan without a barrier).
    unlogged_mask: u8,
}

/// The unlogged byte of [`RefItems`] that have no barrier to run: always 0.
static NEVER_UNLOGGED: AtomicU8 = AtomicU8::new(0);

/// A [`RefItems`] view of `arr`, after checking that `a` describes its array part and that its
/// items are references.
#[inline(always)]
pub fn ref_items(arr: GcRef, a: &ArrayDescr) -> RefItems {
    ref_items_of_len(arr, a, array_len(arr, a))
}

/// [`ref_items`] of an array that usually has layout `expected` (see [`array_len_expecting`]).
#[inline(always)]
pub fn ref_items_expecting(arr: GcRef, expected: &'static Layout, a: &ArrayDescr) -> RefItems {
    ref_items_of_len(arr, a, array_len_expecting(arr, expected, a))
}

/// [`ref_items_expecting`] for [`crate::rooted_items`], whose stores skip the barrier: the
/// array's unlogged bit is not located (the view's barrier never runs).
#[inline(always)]
pub(crate) fn rooted_ref_items_expecting(arr: GcRef, expected: &'static Layout, a: &ArrayDescr) -> RefItems {
    ref_items_unbarriered(arr, a, array_len_expecting(arr, expected, a))
}

/// The [`RefItems`] of `arr`, whose array part `a` (checked) has `len` items.
#[inline(always)]
fn ref_items_of_len(arr: GcRef, a: &ArrayDescr, len: i64) -> RefItems {
    let (unlogged_byte, unlogged_mask) = unlogged_bit(arr);
    RefItems { unlogged_byte, unlogged_mask, ..ref_items_unbarriered(arr, a, len) }
}

/// The [`RefItems`] of `arr`, whose array part `a` (checked) has `len` items, with a barrier
/// that never runs ([`ref_items_of_len`] locates the array's unlogged bit on top).
#[inline(always)]
fn ref_items_unbarriered(arr: GcRef, a: &ArrayDescr, len: i64) -> RefItems {
    if a.part.item != ItemType::REF {
        item_violation(a, 0, len, Kind::Ref)
    }
    RefItems {
        arr,
        items: arr.0 + a.part.items_offset,
        len: len as usize,
        unlogged_byte: &NEVER_UNLOGGED,
        unlogged_mask: 0,
    }
}

/// Where [`write_barrier`] finds `obj`'s unlogged bit: its byte of the table and its mask
/// ([`NEVER_UNLOGGED`] and 0 for a plan without a barrier).
#[inline(always)]
fn unlogged_bit(obj: GcRef) -> (&'static AtomicU8, u8) {
    let mut base = UNLOGGED_BITS.load(Ordering::Relaxed);
    if base == UNLOGGED_BITS_UNKNOWN {
        base = unlogged_bits_init();
    }
    if base == NO_BARRIER {
        return (&NEVER_UNLOGGED, 0);
    }
    let granule = obj.0 >> 3;
    // SAFETY: as in `write_barrier`: the table has one bit per 8 bytes of the heap, so the byte
    // of a live heap object's bit is mapped, and the table lives as long as the process.
    (unsafe { &*((base + (granule >> 3)) as *const AtomicU8) }, 1 << (granule & 7))
}

/// The panic of an access to item `index` of [`RefItems`] or [`WordItems`] of length `len`. It
/// takes the values, not the view: a view kept in a caller's local (an interpreter's frame
/// items) would otherwise have its address taken on this cold path, which keeps it, and what
/// holds it, out of registers on the hot ones.
#[cold]
#[inline(never)]
fn items_out_of_range(index: usize, len: usize) -> ! {
    panic!("index {index} out of range for items of length {len}")
}

impl RefItems {
    /// A view of no array: every access is out of range (for code paths that have no array).
    pub const EMPTY: RefItems =
        RefItems { arr: GcRef::NULL, items: 0, len: 0, unlogged_byte: &NEVER_UNLOGGED, unlogged_mask: 0 };

    /// The array.
    #[inline(always)]
    pub fn array(&self) -> GcRef {
        self.arr
    }

    /// The number of items.
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no items.
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Item `index` (bounds-checked).
    #[inline(always)]
    pub fn get(&self, index: usize) -> GcRef {
        if index >= self.len {
            items_out_of_range(index, self.len)
        }
        // SAFETY: `ref_items` checked that the items are 8-byte references, and `index` is
        // below the array's (fixed) length.
        GcRef(unsafe { ((self.items + 8 * index) as *const usize).read_unaligned() })
    }

    /// Store `value` as item `index` (bounds-checked), with the write barrier (its fast path is
    /// [`write_barrier`]'s, with the array's bit located in advance).
    #[inline(always)]
    pub fn set(&self, index: usize, value: GcRef) {
        if index >= self.len {
            items_out_of_range(index, self.len)
        }
        let addr = self.items + 8 * index;
        // SAFETY: as in `get`.
        unsafe { (addr as *mut usize).write_unaligned(value.0) };
        if !value.is_null() && self.unlogged_byte.load(Ordering::Relaxed) & self.unlogged_mask != 0 {
            write_barrier_slow(self.arr, addr, value);
        }
    }

    /// Store `value` as item `index` (bounds-checked) without the write barrier: only for the
    /// items of an array that are roots while they are stored into
    /// ([`crate::rooted_items`], which remembers the array afterwards).
    #[inline(always)]
    pub(crate) fn set_rooted(&self, index: usize, value: GcRef) {
        if index >= self.len {
            items_out_of_range(index, self.len)
        }
        // SAFETY: as in `get`.
        unsafe { ((self.items + 8 * index) as *mut usize).write_unaligned(value.0) };
    }

    /// Items `lo..hi`, bounds-checked once (a caller that reads several neighbouring items
    /// pays one comparison).
    #[inline(always)]
    pub fn range(&self, lo: usize, hi: usize) -> impl Iterator<Item = GcRef> + '_ {
        if lo > hi || hi > self.len {
            items_out_of_range(hi, self.len)
        }
        // SAFETY: as in `get`, for every index below `hi`, which is at most the length.
        (lo..hi).map(|i| GcRef(unsafe { ((self.items + 8 * i) as *const usize).read_unaligned() }))
    }

    /// The item words (for the collector to read as roots, on the thread that holds the view).
    pub(crate) fn words(&self) -> impl Iterator<Item = usize> + '_ {
        // SAFETY: as in `get`, for every index below the length.
        (0..self.len).map(|i| unsafe { ((self.items + 8 * i) as *const usize).read_unaligned() })
    }

    /// Store null as every item: nulls need no write barrier (as in `set`).
    #[inline(always)]
    pub fn clear(&self) {
        // SAFETY: as in `get`: the `len` items from `items` are the array's 8-byte reference
        // slots, and null is a valid reference.
        unsafe { std::ptr::write_bytes(self.items as *mut u8, 0, 8 * self.len) }
    }
}

/// The 8-byte integer or float items of one array (as raw bits), checked once, as [`RefItems`]
/// are: [`word_items`] verifies the array part, and each access only compares the index with
/// the length read then.
#[derive(Copy, Clone, Debug)]
pub struct WordItems {
    items: usize,
    len: usize,
}

/// A [`WordItems`] view of `arr`, after checking that `a` describes its array part and that its
/// items are 8-byte integers or floats.
#[inline(always)]
pub fn word_items(arr: GcRef, a: &ArrayDescr) -> WordItems {
    let len = array_len(arr, a);
    if a.part.item.kind == Kind::Ref || a.part.item.size != 8 {
        item_violation(a, 0, len, Kind::Int)
    }
    WordItems { items: arr.0 + a.part.items_offset, len: len as usize }
}

impl WordItems {
    /// The number of items.
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no items.
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The bits of item `index` (bounds-checked).
    #[inline(always)]
    pub fn get(&self, index: usize) -> u64 {
        if index >= self.len {
            items_out_of_range(index, self.len)
        }
        // SAFETY: `word_items` checked that the items are 8 bytes wide and hold no references,
        // and `index` is below the array's (fixed) length.
        unsafe { ((self.items + 8 * index) as *const u64).read_unaligned() }
    }

    /// Store `bits` as item `index` (bounds-checked; no barrier: the items are not references).
    #[inline(always)]
    pub fn set(&self, index: usize, bits: u64) {
        if index >= self.len {
            items_out_of_range(index, self.len)
        }
        // SAFETY: as in `get`.
        unsafe { ((self.items + 8 * index) as *mut u64).write_unaligned(bits) }
    }

    /// Copy `count` items of `source` from `from` on, every `step`-th (a step of `-1` reverses),
    /// to items `to .. to + count` of `self`, checked once for both ranges. `source` may be
    /// `self`: with `step == 1` the ranges may overlap (a `memmove`); with other steps each item
    /// is read just before the one written in its place, so overlapping ranges give items of
    /// both (callers copy strided runs between different arrays).
    pub fn copy_strided_from(&self, source: &WordItems, from: usize, step: i64, to: usize, count: usize) {
        if count == 0 {
            return;
        }
        let last = from as i64 + (count as i64 - 1) * step;
        let source_fits = from < source.len && 0 <= last && (last as usize) < source.len;
        if !source_fits || to > self.len || count > self.len - to {
            strided_copy_out_of_range(from, step, count, source.len, to, self.len)
        }
        if step == 1 {
            // SAFETY: both ranges lie inside their arrays' 8-byte non-reference items (checked
            // above); `ptr::copy` allows them to overlap.
            unsafe { std::ptr::copy((source.items + 8 * from) as *const u64, (self.items + 8 * to) as *mut u64, count) }
            return;
        }
        for k in 0..count {
            let at = (from as i64 + k as i64 * step) as usize;
            // SAFETY: `at` lies between `from` and `last`, both checked to be below the source's
            // length, and `to + k` below this array's; both are 8-byte non-reference items.
            unsafe {
                let bits = ((source.items + 8 * at) as *const u64).read_unaligned();
                ((self.items + 8 * (to + k)) as *mut u64).write_unaligned(bits);
            }
        }
    }
}

/// Report a strided copy that [`WordItems::copy_strided_from`] refused.
#[cold]
#[inline(never)]
fn strided_copy_out_of_range(from: usize, step: i64, count: usize, source_len: usize, to: usize, len: usize) -> ! {
    panic!(
        "copy of {count} items from {from} by {step} (of {source_len}) to {to}.. out of range for an array of length {len}"
    )
}

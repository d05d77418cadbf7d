//! The MMTk binding: metatrace objects on an MMTk heap.
//!
//! - [`object_model`]: objects as MMTk sees them (size from the layout, metadata in side tables).
//! - [`scanning`]: precise scanning of objects, conservative roots, weak references and
//!   finalizers.
//! - [`threads`]: one mutator per allocating thread, safepoints, stopping the world.
//! - [`conservative`]: reading stacks, registers and registered roots as candidate references.
//! - [`stats`]: per-collection statistics (`METATRACE_GC_STATS`).
//! - [`nursery`]: when StickyImmix's nursery collections are due (an adaptive nursery size).
//!
//! The plan comes from [`crate::config`]; only plans that never move objects are offered, so an
//! object's address is its identity for its whole life, every root may be conservative, and Rust
//! code and machine code may hold references anywhere without updating them.

mod conservative;
mod nursery;
mod object_model;
mod scanning;
mod stats;
mod threads;

use crate::config::{config, HeapSize, Nursery, Plan};
use mmtk::util::alloc::AllocatorInfo;
use mmtk::util::metadata::vo_bit;
use mmtk::util::opaque_pointer::VMThread;
use mmtk::util::{Address, ObjectReference};
use mmtk::vm::slot::{SimpleSlot, UnimplementedMemorySlice};
use mmtk::vm::{ObjectModel, VMBinding};
use mmtk::AllocationSemantics;
use mmtk::{memory_manager, MMTKBuilder, MMTK};
use object_model::Objects;
use std::cell::Cell;
use std::sync::atomic::Ordering;
use std::sync::{Once, OnceLock};
use std::time::{Duration, Instant};

/// The binding type: metatrace's implementation of MMTk's VM interface.
#[derive(Default)]
pub(crate) struct Metatrace;

impl VMBinding for Metatrace {
    type VMObjectModel = object_model::Objects;
    type VMScanning = scanning::Scan;
    type VMCollection = threads::Threads;
    type VMActivePlan = threads::Threads;
    type VMReferenceGlue = scanning::NoReferenceGlue;
    type VMSlot = SimpleSlot;
    type VMMemorySlice = UnimplementedMemorySlice;

    const MIN_ALIGNMENT: usize = 8;
    const MAX_ALIGNMENT: usize = 8;
    const USE_ALLOCATION_OFFSET: bool = false;
}

static INSTANCE: OnceLock<&'static MMTK<Metatrace>> = OnceLock::new();
static COLLECTION: Once = Once::new();

/// The MMTk instance, once created (GC workers run only after that).
fn instance() -> &'static MMTK<Metatrace> {
    INSTANCE.get().expect("the MMTk instance exists before its GC workers")
}

/// The MMTk instance, created on first use with collection enabled.
fn mmtk() -> &'static MMTK<Metatrace> {
    let mmtk = *INSTANCE.get_or_init(build);
    COLLECTION.call_once(|| memory_manager::initialize_collection(mmtk, VMThread::UNINITIALIZED));
    mmtk
}

fn build() -> &'static MMTK<Metatrace> {
    let config = config();
    let mut builder = MMTKBuilder::new_no_env_vars();
    let trigger = match config.heap {
        HeapSize::Fixed(size) => format!("FixedHeapSize:{size}"),
        HeapSize::Dynamic(min, max) => format!("DynamicHeapSize:{min},{max}"),
    };
    // A bounded nursery: a nursery collection after `size` bytes of allocation, a full-heap one
    // when less than that (at most a quarter of the smallest heap) is free. MMTk's default is
    // the heap's free space, with a full-heap collection when less than a quarter of it is free.
    let nursery = match config.nursery {
        Nursery::Fixed(size) => Some(size),
        Nursery::HeapFree | Nursery::Adaptive(_) => None,
    }
    .map(|size| {
        let smallest_heap = match config.heap {
            HeapSize::Fixed(size) | HeapSize::Dynamic(size, _) => size,
        };
        ("nursery", format!("Bounded:{},{size}", size.min(smallest_heap / 4)))
    });
    let options = [
        ("plan", config.plan.name().to_string()),
        ("gc_trigger", trigger),
        // Weak references and finalizers are processed by the binding (`Scan::process_weak_refs`).
        ("threads", config.threads.to_string()),
        ("transparent_hugepages", config.huge_pages.to_string()),
        ("no_finalizer", "true".to_string()),
        ("no_reference_types", "true".to_string()),
    ];
    stats::init();
    for (name, value) in options.into_iter().chain(nursery) {
        assert!(builder.set_option(name, &value), "MMTk rejected the option {name}={value}");
    }
    Box::leak(memory_manager::mmtk_init::<Metatrace>(&builder))
}

thread_local! {
    /// Stress collections this thread triggered.
    static STRESS_COLLECTIONS: Cell<u64> = const { Cell::new(0) };
}

/// The smallest nursery size when nursery collections are requested by [`nursery`]
/// (StickyImmix with an adaptive `METATRACE_NURSERY_SIZE`, not in stress mode).
fn adaptive_nursery() -> Option<usize> {
    let config = config();
    match config.nursery {
        Nursery::Adaptive(min) if config.plan == Plan::StickyImmix && config.stress.is_none() => Some(min),
        _ => None,
    }
}

/// In stress mode, every this many stress collections is a full-heap one (the others are
/// nursery collections in generational plans).
const FULL_EVERY: u64 = 4;

/// Allocate `size` zeroed bytes (a multiple of 8), let `init` write the object's header (and
/// array length) and make the object known to the collector; `None` when the heap is full even
/// after collecting. The bytes count as `objects` allocations towards stress collections (machine
/// code allocates several objects in one block, see `crate::inline`) and in the thread's
/// allocation context.
pub(crate) fn alloc(size: usize, objects: u64, init: impl FnOnce(usize)) -> Option<usize> {
    let mmtk = mmtk();
    threads::poll();
    if let Some(every) = config().stress {
        // The countdown is shared with machine code, which allocates `n` objects inline while it
        // is above `n` and calls here for the allocations among which one must collect.
        // SAFETY: the context belongs to this thread, which is running.
        let left = unsafe { &(*threads::alloc_context()).stress_left };
        if left.load(Ordering::Relaxed) <= objects {
            left.store(every, Ordering::Relaxed);
            let n = STRESS_COLLECTIONS.with(|c| {
                c.set(c.get() + 1);
                c.get()
            });
            threads::collect(n.is_multiple_of(FULL_EVERY));
        } else {
            left.fetch_sub(objects, Ordering::Relaxed);
        }
    } else if let Some(min) = adaptive_nursery() {
        // SAFETY: the context belongs to this thread, which is running.
        let allocated = unsafe { (*threads::alloc_context()).bytes.load(Ordering::Relaxed) };
        if nursery::due(allocated, threads::completed(), min) {
            threads::collect(false);
        }
    }
    let collections = threads::completed();
    let semantics = if size > mmtk.get_plan().constraints().max_non_los_default_alloc_bytes {
        AllocationSemantics::Los
    } else {
        AllocationSemantics::Default
    };
    let addr = threads::with_mutator(|mutator| {
        let addr = memory_manager::alloc(mutator, size, 8, 0, semantics);
        if addr.is_zero() {
            return None;
        }
        if !hands_out_zeroed_memory() {
            // SAFETY: MMTk handed out `size` bytes at `addr`, owned by no one else yet.
            unsafe { std::ptr::write_bytes(addr.to_mut_ptr::<u8>(), 0, size) };
        }
        debug_assert!(is_zeroed(addr.as_usize(), size), "MMTk handed out memory that is not zeroed");
        init(addr.as_usize());
        if semantics == AllocationSemantics::Default && matches!(config().plan, Plan::Immix | Plan::StickyImmix) {
            // An Immix space's `post_alloc` only sets the valid-object bit, atomically.
            // SAFETY: MMTk just handed out `addr` in this thread's buffer in the Immix space.
            unsafe { threads::set_own_vo_bit(vo_bit::vo_bit_side_metadata_addr().as_usize(), addr.as_usize()) };
        } else {
            let object = ObjectReference::from_raw_address(addr).expect("a non-zero address");
            memory_manager::post_alloc(mutator, object, size, semantics);
        }
        // SAFETY: the context belongs to this thread, which is running.
        unsafe { (*threads::alloc_context()).count(size as u64, objects) };
        Some(addr.as_usize())
    });
    if addr.is_none() && !threads::take_out_of_memory() {
        unreachable!("MMTk returned no memory without reporting an out-of-memory error");
    }
    if threads::completed() != collections && crate::weak::finalizers_due() {
        crate::weak::run_finalizers();
    }
    addr
}

/// Whether the plan's spaces hand out memory that is already zeroed: MMTk zeroes the pages a
/// space acquires (fresh Immix blocks, large objects, the NoGC space) and the free lines of the
/// Immix blocks it reuses, so that no object needs zeroing again; MarkSweep's free lists hand
/// out cells that held dead objects.
pub(crate) fn hands_out_zeroed_memory() -> bool {
    config().plan != Plan::MarkSweep
}

/// Whether the `size` bytes at `addr` are all zero (for debug assertions).
pub(crate) fn is_zeroed(addr: usize, size: usize) -> bool {
    // SAFETY: the callers pass memory MMTk just handed out, owned by no one else yet.
    unsafe { std::slice::from_raw_parts(addr as *const u8, size) }.iter().all(|&b| b == 0)
}

/// Allocate `size` zeroed bytes (a multiple of 8) on the current thread's bump pointer without
/// calling MMTk, when that is possible (see [`threads::fast_alloc`]); the caller writes the
/// object's header (the first word, which is not zeroed) before the next allocation.
#[inline(always)]
pub(crate) fn fast_alloc(size: usize) -> Option<usize> {
    threads::fast_alloc(size)
}

/// The write barrier, after `target` was stored into the slot at `slot` of the object at `obj`.
pub(crate) fn write_barrier(obj: usize, slot: usize, target: usize) {
    // SAFETY: `obj` is the address of a live object and `slot` an address inside it (both
    // non-zero); `target` is 0 or the address of a live object.
    let (obj, slot, target) =
        unsafe { (Address::from_usize(obj), Address::from_usize(slot), Address::from_usize(target)) };
    let src = ObjectReference::from_raw_address(obj).expect("a non-null object");
    // The fast path: only an object not remembered since the last collection needs the slow path.
    if !<Objects as ObjectModel<Metatrace>>::GLOBAL_LOG_BIT_SPEC.is_unlogged::<Metatrace>(src, Ordering::Relaxed) {
        return;
    }
    threads::with_mutator(|mutator| {
        memory_manager::object_reference_write_post(
            mutator,
            src,
            SimpleSlot::from_address(slot),
            ObjectReference::from_raw_address(target),
        )
    });
}

/// The offset in a mutator of the bump pointer of its default allocator, when that allocator is a
/// bump pointer whose fast path machine code may inline (Immix, StickyImmix, NoGC).
pub(crate) fn bump_pointer_offset() -> Option<usize> {
    static OFFSET: OnceLock<Option<usize>> = OnceLock::new();
    *OFFSET.get_or_init(|| {
        let selector = memory_manager::get_allocator_mapping(mmtk(), AllocationSemantics::Default);
        match AllocatorInfo::new::<Metatrace>(selector) {
            AllocatorInfo::BumpPointer { bump_pointer_offset } => Some(bump_pointer_offset),
            _ => None,
        }
    })
}

/// The largest object the default space takes (larger ones go to the large-object space), and the
/// base of the valid-object bit table (one bit per 8 bytes, least significant bit first).
pub(crate) fn inline_alloc_limits() -> (usize, usize) {
    let max = mmtk().get_plan().constraints().max_non_los_default_alloc_bytes;
    (max, vo_bit::vo_bit_side_metadata_addr().as_usize())
}

/// The base of the unlogged-bit table (one bit per 8 bytes, least significant bit first).
pub(crate) fn unlogged_bit_base() -> usize {
    let spec = *<Objects as ObjectModel<Metatrace>>::GLOBAL_LOG_BIT_SPEC.as_spec();
    let side = spec.extract_side_spec();
    assert!(side.log_num_of_bits == 0 && side.log_bytes_in_region == 3, "the unlogged bit is one bit per 8 bytes");
    side.get_starting_address().as_usize()
}

/// The current thread's allocation context for machine code.
pub(crate) fn alloc_context() -> *const crate::inline::AllocContext {
    mmtk();
    threads::alloc_context()
}

/// Objects and bytes allocated on the threads alive now.
pub(crate) fn live_thread_allocations() -> (u64, u64) {
    threads::live_thread_allocations()
}

/// True when `addr` is the address of an object (its valid-object bit is set).
pub(crate) fn is_object(addr: usize) -> bool {
    // SAFETY: any address may be asked about; MMTk answers false outside its spaces.
    let addr = unsafe { Address::from_usize(addr) };
    !addr.is_zero() && addr.is_aligned_to(8) && memory_manager::is_mmtk_object(addr).is_some()
}

/// Collect now: the whole heap when `full`, else (with a generational plan) only the young objects.
pub(crate) fn collect(full: bool) {
    mmtk();
    threads::collect(full);
    if crate::weak::finalizers_due() {
        crate::weak::run_finalizers();
    }
}

/// Run `f` (a long blocking call that touches no heap object) with the current thread counted as
/// parked: see [`threads::blocking`].
pub(crate) fn blocking<R>(f: impl FnOnce() -> R) -> R {
    mmtk();
    threads::blocking(f)
}

/// Collections so far, time the world was stopped for them, bytes of heap in use and the heap's
/// current size limit.
pub(crate) fn stats() -> (u64, Duration, usize, usize) {
    let mmtk = mmtk();
    let (collections, paused) = threads::collections();
    (collections, paused, memory_manager::used_bytes(mmtk), memory_manager::total_bytes(mmtk))
}

static STARTED: OnceLock<Instant> = OnceLock::new();

/// Print the heap's statistics to standard error when the process exits.
pub(crate) fn report_at_exit() {
    extern "C" fn report() {
        let elapsed = STARTED.get().map_or(0.0, |t| t.elapsed().as_secs_f64()).max(1e-9);
        let s = crate::heap::stats();
        let collector = match config().collector {
            crate::config::Collector::Mmtk => format!("MMTk {}", config().plan.name()),
            crate::config::Collector::Standin => "stand-in".to_string(),
        };
        eprintln!(
            "metatrace-gc: {collector}, {} collections, {:.3} s paused ({:.1}% of {:.3} s), {} allocations, {:.1} MB allocated ({:.1} MB/s)",
            s.collections,
            s.gc_seconds,
            100.0 * s.gc_seconds / elapsed,
            elapsed,
            s.allocations,
            s.allocated_bytes as f64 / 1e6,
            s.allocated_bytes as f64 / 1e6 / elapsed,
        );
        if config().collector == crate::config::Collector::Mmtk {
            let t = stats::totals();
            eprintln!(
                "metatrace-gc: {} nursery and {} full-heap collections, {:.3} s CPU, {} objects scanned ({} references, {:.1} ns/object), {} root objects, {:.1} MB alive in total",
                t.nursery,
                t.full,
                t.cpu.as_secs_f64(),
                t.objects,
                t.slots,
                t.cpu.as_nanos() as f64 / t.objects.max(1) as f64,
                t.roots,
                t.live_bytes as f64 / 1e6,
            );
        }
    }
    STARTED.get_or_init(Instant::now);
    // SAFETY: `report` is an `extern "C" fn()` (a panic in it aborts instead of unwinding into
    // libc), and it only uses statics, which live until the process ends.
    unsafe { libc::atexit(report) };
}

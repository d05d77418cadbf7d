//! Tracing for MMTk: the reference slots of an object (precise, from its layout), the roots
//! (conservative, see [`super::conservative`]), and the processing of weak references and
//! finalizers after the transitive closure.

use super::object_model::gcref;
use super::{conservative, stats, threads, Metatrace};
use crate::heap::{for_each_ref, object_size};
use crate::GcRef;
use crate::{external, roots, weak};
use mmtk::scheduler::GCWorker;
use mmtk::util::opaque_pointer::VMWorkerThread;
use mmtk::util::{Address, ObjectReference};
use mmtk::vm::slot::SimpleSlot;
use mmtk::vm::{ObjectTracer, ObjectTracerContext, ReferenceGlue, RootsWorkFactory, Scanning, SlotVisitor};
use mmtk::Mutator;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};

/// How MMTk scans metatrace objects and roots.
pub(crate) struct Scan;

/// Set between the call of [`Scan::process_weak_refs`] that retained the objects of due
/// finalizers and the call after their transitive closure.
static RETAINED: AtomicBool = AtomicBool::new(false);

/// True when the object at `addr` survived the current collection's transitive closure so far.
fn is_live(addr: usize) -> bool {
    // SAFETY: `addr` is the non-zero address of an object registered with a weak reference or a
    // finalizer, and objects are only reclaimed after this processing.
    ObjectReference::from_raw_address(unsafe { Address::from_usize(addr) }).is_some_and(|o| o.is_reachable())
}

/// Start loading the first cache line of the object at `addr` into the cache.
///
/// Young survivors were allocated long before the collection, between much garbage, so reading
/// their headers missed the cache one object at a time (about 200 ns per object on
/// pyperformance's generators).
#[inline(always)]
fn prefetch(addr: usize) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint: it never faults and changes no memory, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(addr as *const i8)
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = addr;
}

/// How many objects of a work packet ahead of the one being scanned the first cache line is
/// prefetched: enough for the misses of several objects to overlap, few enough that the lines are
/// still in the L1 cache when their objects are scanned. Prefetching a whole packet (up to 4096
/// objects) at once, before scanning it, left most headers to miss again (pyperformance's
/// generators: 167 ns per object that way, 147 with this distance).
const PREFETCH_DISTANCE: usize = 8;

thread_local! {
    /// The objects of the work packet this GC worker scans, from the next one to scan on (see
    /// [`Scan::support_slot_enqueuing`]).
    static PENDING: RefCell<VecDeque<usize>> = const { RefCell::new(VecDeque::new()) };
}

impl Scanning<Metatrace> for Scan {
    /// Objects are traced by node enqueuing ([`Self::scan_object_and_trace_edges`]): each
    /// reference is read and traced as the object is scanned, while its cache lines are fresh,
    /// instead of queueing the addresses of its slots for a later pass that reads them again.
    ///
    /// MMTk asks this of every object of a work packet (up to 4096) in one pass before it scans
    /// them in the same order, so the answer records the object in [`PENDING`]: the scan of each
    /// object then prefetches the one [`PREFETCH_DISTANCE`] places after it (and this prefetches
    /// the first ones).
    fn support_slot_enqueuing(_tls: VMWorkerThread, object: ObjectReference) -> bool {
        let addr = object.to_raw_address().as_usize();
        PENDING.with_borrow_mut(|pending| {
            if pending.len() < PREFETCH_DISTANCE {
                prefetch(addr);
            }
            pending.push_back(addr);
        });
        false
    }

    fn scan_object_and_trace_edges<OT: ObjectTracer>(
        _tls: VMWorkerThread,
        object: ObjectReference,
        object_tracer: &mut OT,
    ) {
        let addr = object.to_raw_address().as_usize();
        PENDING.with_borrow_mut(|pending| {
            if pending.front() == Some(&addr) {
                pending.pop_front();
                if let Some(&ahead) = pending.get(PREFETCH_DISTANCE - 1) {
                    prefetch(ahead);
                }
            } else {
                // Not the packet MMTk announced (nothing is lost but the prefetches).
                pending.clear();
            }
        });
        let mut slots = 0;
        let verify = crate::config::config().stress.is_some();
        for_each_ref(gcref(object), |value| {
            slots += 1;
            if verify && !super::is_object(value) {
                dangling_reference(gcref(object), value);
            }
            // SAFETY: `value` is a non-null reference read from a reference slot of a live
            // object: the address of a heap object.
            let child = unsafe { ObjectReference::from_raw_address_unchecked(Address::from_usize(value)) };
            // Objects never move, so the slot keeps its value.
            object_tracer.trace_object(child);
        });
        stats::count_object(object_size(gcref(object)), slots);
    }

    fn scan_object<SV: SlotVisitor<SimpleSlot>>(_tls: VMWorkerThread, _object: ObjectReference, _visitor: &mut SV) {
        unreachable!("MMTk scans metatrace objects with scan_object_and_trace_edges (no slot enqueuing)")
    }

    fn notify_initial_thread_scan_complete(_partial_scan: bool, _tls: VMWorkerThread) {}

    fn scan_roots_in_mutator_thread(
        _tls: VMWorkerThread,
        mutator: &'static mut Mutator<Metatrace>,
        mut factory: impl RootsWorkFactory<SimpleSlot>,
    ) {
        let objects = conservative::thread_roots(&threads::parked_state(mutator));
        stats::count_roots(objects.len());
        factory.create_process_pinning_roots_work(objects);
    }

    fn scan_vm_specific_roots(_tls: VMWorkerThread, mut factory: impl RootsWorkFactory<SimpleSlot>) {
        let mut words = Vec::new();
        roots::global_roots(&mut words);
        weak::ready_roots(&mut words);
        let objects = conservative::objects_of(words);
        stats::count_roots(objects.len());
        factory.create_process_pinning_roots_work(objects);
    }

    fn supports_return_barrier() -> bool {
        false
    }

    fn prepare_for_roots_re_scanning() {}

    fn process_weak_refs(
        worker: &mut GCWorker<Metatrace>,
        tracer_context: impl ObjectTracerContext<Metatrace>,
    ) -> bool {
        // The first call of a collection clears weak references and retains the objects of due
        // finalizers; when it retained any, MMTk calls again after their closure, and only then
        // is the memory outside the heap of owners still unreachable released.
        if !RETAINED.swap(false, Ordering::Relaxed) {
            weak::clear_dead_weak_refs(is_live);
            let dead = weak::queue_dead_finalizables(is_live);
            if !dead.is_empty() {
                tracer_context.with_tracer(worker, |tracer| {
                    for addr in dead {
                        // SAFETY: as in `is_live`.
                        let object =
                            ObjectReference::from_raw_address(unsafe { Address::from_usize(addr) }).expect("non-null");
                        tracer.trace_object(object);
                    }
                });
                RETAINED.store(true, Ordering::Relaxed);
                return true;
            }
        }
        let full = super::instance().get_plan().generational().is_none_or(|g| !g.is_current_gc_nursery());
        external::release_dead(is_live, full);
        false
    }
}

/// Stop the process: the object at `holder` holds `value`, which is not the address of an object.
///
/// Checked in stress mode (`METATRACE_GC_STRESS`) for every reference traced: a reference that
/// outlived its object (kept where the collector did not see it while the object was freed) is
/// reported at the next collection that scans its holder, by the holder's layout and slot, instead
/// of crashing a GC worker later, when the freed memory holds another object or nothing.
#[cold]
fn dangling_reference(holder: GcRef, value: usize) -> ! {
    let layout = holder.layout();
    // SAFETY: the offsets come from the holder's layout, as in `for_each_ref`.
    let read = |offset: usize| unsafe { ((holder.0 + offset) as *const usize).read_unaligned() };
    let field = layout
        .ref_offsets
        .iter()
        .find(|&&offset| read(offset) == value)
        .map(|offset| format!("field at offset {offset}"));
    let item = || {
        let part = layout.array?;
        let len = read(part.length_offset);
        (0..len).find(|i| read(part.items_offset + 8 * i) == value).map(|i| format!("item {i}"))
    };
    eprintln!(
        "metatrace-gc: a {} at {:#x} holds {value:#x} in its {}, which is not an object: \
         a reference was kept where the collector does not see it while its object was freed",
        layout.name,
        holder.0,
        field.or_else(item).unwrap_or_default()
    );
    std::process::abort()
}

/// MMTk's reference processor is not used: weak references and finalizers are processed in
/// [`Scan::process_weak_refs`].
pub(crate) struct NoReferenceGlue;

const NO_REFERENCE_PROCESSOR: &str = "metatrace does not use MMTk's reference processor";

impl ReferenceGlue<Metatrace> for NoReferenceGlue {
    type FinalizableType = ObjectReference;

    fn clear_referent(_new_reference: ObjectReference) {
        unreachable!("{NO_REFERENCE_PROCESSOR}")
    }

    fn get_referent(_object: ObjectReference) -> Option<ObjectReference> {
        unreachable!("{NO_REFERENCE_PROCESSOR}")
    }

    fn set_referent(_reff: ObjectReference, _referent: ObjectReference) {
        unreachable!("{NO_REFERENCE_PROCESSOR}")
    }

    fn enqueue_references(_references: &[ObjectReference], _tls: VMWorkerThread) {
        unreachable!("{NO_REFERENCE_PROCESSOR}")
    }
}

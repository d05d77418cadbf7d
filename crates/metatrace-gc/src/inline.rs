//! The fast paths machine code inlines: bump-pointer allocation and the write barrier's
//! unlogged-bit test, with what a code generator needs to emit them.
//!
//! **Allocation.** Each mutator thread has an [`AllocContext`] at a fixed address (see
//! [`alloc_context`]) that names the thread's bump pointer (MMTk's allocation buffer: a cursor and a
//! limit) and counts what the thread allocated. Objects allocated one after another with
//! nothing that can collect between them (PyPy's combined `malloc_nursery`) share one block of
//! `size` bytes (their sizes summed, at most [`InlineAlloc::max_size`]), allocated by
//! `cursor += size` when the new cursor does not pass the limit; machine code then writes each
//! object's header (and array length), sets its valid-object bit (see [`InlineAlloc::vo_bit_base`])
//! and adds the block to the counters. It zeroes nothing: the buffer is zeroed already (MMTk zeroes
//! what bump-pointer plans hand out). When the buffer is full it calls
//! [`crate::heap::alloc_block_for_jit`], which returns a zeroed block (and may collect, and refills
//! the buffer), and goes on writing the headers. Allocation has no other safepoint on the fast
//! path: a thread that allocates only inline parks for another thread's collection when its buffer
//! runs out.
//!
//! **Barrier.** With a generational plan, after storing a reference into an object that may be old,
//! machine code tests the object's unlogged bit (see [`inline_barrier`]) and calls
//! [`crate::heap::write_barrier_for_jit`] only when it is set (the first store into an old object
//! since the last collection).
//!
//! In stress mode the context also holds the countdown to the next stress collection, which machine
//! code decrements and, when it runs out, leaves to the call. Inline allocation is not offered
//! under the stand-in collector or with plans whose allocator is not a bump pointer (MarkSweep):
//! machine code then calls the functions above for every allocation.

use crate::binding;
use crate::config::{config, Collector};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// A thread's allocation state as machine code sees it; its address is fixed for the thread's life.
#[repr(C)]
#[derive(Default, Debug)]
pub struct AllocContext {
    /// The address of the thread's bump pointer: the cursor at [`BUMP_CURSOR`], the limit at
    /// [`BUMP_LIMIT`] (0 when the plan allocates otherwise).
    pub(crate) bump: usize,
    /// Bytes allocated on this thread: by machine code inline (it adds to this word), by Rust
    /// code's fast path and by MMTk's allocator for either (see [`AllocContext::count`]).
    pub(crate) bytes: AtomicU64,
    /// Objects allocated on this thread, counted as [`AllocContext::bytes`].
    pub(crate) objects: AtomicU64,
    /// In stress mode, allocations left before the one that collects (machine code allocates
    /// inline only while it is above 1, decrementing it).
    pub(crate) stress_left: AtomicU64,
}

impl AllocContext {
    /// A context with no bump pointer yet, `stress_left` allocations before a stress collection.
    pub(crate) fn new(stress_left: u64) -> AllocContext {
        AllocContext { stress_left: AtomicU64::new(stress_left), ..AllocContext::default() }
    }

    /// Count `objects` allocations of `bytes` in all, on the context's own thread. A plain load
    /// and store, not a locked addition: only this thread writes the counters (others only read
    /// them), and a locked instruction would wait for the stores before it, such as MMTk's zeroing
    /// of the buffer just handed out (a global atomic counter cost 3% of pyperformance's chaos).
    #[inline(always)]
    pub(crate) fn count(&self, bytes: u64, objects: u64) {
        self.bytes.store(self.bytes.load(Ordering::Relaxed) + bytes, Ordering::Relaxed);
        self.objects.store(self.objects.load(Ordering::Relaxed) + objects, Ordering::Relaxed);
    }
}

/// Offset of the bump pointer's address in an [`AllocContext`].
pub const CONTEXT_BUMP: i32 = 0;
/// Offset of the inline byte counter in an [`AllocContext`] (a `u64` machine code adds to).
pub const CONTEXT_BYTES: i32 = 8;
/// Offset of the inline object counter in an [`AllocContext`] (a `u64` machine code adds to).
pub const CONTEXT_OBJECTS: i32 = 16;
/// Offset of the stress countdown in an [`AllocContext`] (see [`InlineAlloc::stress`]).
pub const CONTEXT_STRESS_LEFT: i32 = 24;
/// Offset of the cursor (the next free byte) in a bump pointer.
pub const BUMP_CURSOR: i32 = 0;
/// Offset of the limit (the end of the buffer) in a bump pointer.
pub const BUMP_LIMIT: i32 = 8;

/// How machine code allocates inline.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct InlineAlloc {
    /// The largest block, in bytes, that may be allocated inline (one object, or several allocated
    /// at once); larger objects go through the call.
    pub max_size: usize,
    /// The base of the valid-object bit table: the bit of the object at address `a` is bit
    /// `(a >> 3) & 7` of the byte at `vo_bit_base + (a >> 6)` (so `bts [vo_bit_base], a >> 3`
    /// sets it).
    pub vo_bit_base: usize,
    /// Stress mode (`METATRACE_GC_STRESS`): before allocating a block of `n` objects, machine code
    /// must check the context's countdown at [`CONTEXT_STRESS_LEFT`]: when it is `n` or less, take
    /// the slow path (which collects), else subtract `n` from it.
    pub stress: bool,
}

/// The largest block allocated inline: a block longer than an Immix line (256 bytes) may leave the
/// rest of a line unused when the buffer runs out, so blocks stay a few lines long.
const MAX_BLOCK_SIZE: usize = 1024;

/// How machine code may allocate inline, or `None` when every allocation must call
/// [`crate::heap::alloc_for_jit`] (the collector is the stand-in, or its allocator is not a bump
/// pointer over zeroed memory). The answer is fixed for the process.
pub fn inline_alloc() -> Option<InlineAlloc> {
    static INLINE: OnceLock<Option<InlineAlloc>> = OnceLock::new();
    *INLINE.get_or_init(|| {
        if config().collector != Collector::Mmtk {
            return None;
        }
        binding::bump_pointer_offset()?;
        if !binding::hands_out_zeroed_memory() {
            return None;
        }
        let (max_non_los, vo_bit_base) = binding::inline_alloc_limits();
        let stress = config().stress.is_some();
        Some(InlineAlloc { max_size: MAX_BLOCK_SIZE.min(max_non_los), vo_bit_base, stress })
    })
}

/// The address of the current thread's [`AllocContext`] (registering the thread with the collector
/// on first use), or 0 when [`inline_alloc`] is `None`. Machine code must use the context of the
/// thread it runs on.
pub fn alloc_context() -> usize {
    if inline_alloc().is_none() {
        return 0;
    }
    binding::alloc_context() as usize
}

/// The base of the unlogged-bit table when stores of references need the write barrier (the plan
/// is generational): the bit of the object at address `a` is bit `(a >> 3) & 7` of the byte at
/// `base + (a >> 6)`; when it is set, machine code must call
/// [`crate::heap::write_barrier_for_jit`]. `None` when no barrier is needed.
pub fn inline_barrier() -> Option<usize> {
    crate::heap::needs_write_barrier().then(binding::unlogged_bit_base)
}

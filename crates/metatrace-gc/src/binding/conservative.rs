//! Conservative roots: the native stacks and registers of mutator threads, and the words
//! registered through [`crate::roots`].
//!
//! A word is taken for a reference when it is the address of an object the heap allocated and has
//! not reclaimed (its valid-object bit is set), or points inside such an object within
//! [`INTERIOR_WINDOW`] bytes of its start (the compiler may keep a derived pointer instead of the
//! object's address). Every object found this way is kept alive and pinned for the collection;
//! since the supported plans never move objects, it stays where it is.
//!
//! Registers are covered by spilling the callee-saved ones to the stack before a thread parks
//! (the caller-saved ones hold nothing live across the call that parks it, by the calling
//! convention; machine code saves its live caller-saved registers around calls too).

use super::threads::Parked;
use mmtk::memory_manager;
use mmtk::util::{Address, ObjectReference};

/// How far before a word an object may start for the word to count as a pointer into it.
const INTERIOR_WINDOW: usize = 256;

/// The highest address of the current thread's stack.
pub(super) fn stack_top() -> usize {
    // SAFETY: `attr` is initialised by pthread_getattr_np before it is read and destroyed once;
    // the out-pointers are valid locals.
    unsafe {
        let mut attr: libc::pthread_attr_t = std::mem::zeroed();
        assert_eq!(libc::pthread_getattr_np(libc::pthread_self(), &mut attr), 0, "pthread_getattr_np failed");
        let mut base: *mut libc::c_void = std::ptr::null_mut();
        let mut size: libc::size_t = 0;
        assert_eq!(libc::pthread_attr_getstack(&attr, &mut base, &mut size), 0, "pthread_attr_getstack failed");
        libc::pthread_attr_destroy(&mut attr);
        base as usize + size
    }
}

/// Call `f` with the current stack pointer after storing the callee-saved registers in the frame
/// this is inlined into, above that stack pointer, so that a scan of the stack from it sees their
/// values (and those of the callers, which that frame's prologue saved above it).
#[inline(always)]
pub(crate) fn with_registers_spilled<R>(f: impl FnOnce(usize) -> R) -> R {
    let mut saved = [0usize; 6];
    let sp: usize;
    // SAFETY: the asm stores six registers into `saved` (six writable words) and reads rsp; it
    // changes no register and no flag, and touches no other memory.
    unsafe {
        std::arch::asm!(
            "mov [{saved}], rbx",
            "mov [{saved} + 8], rbp",
            "mov [{saved} + 16], r12",
            "mov [{saved} + 24], r13",
            "mov [{saved} + 32], r14",
            "mov [{saved} + 40], r15",
            "mov {sp}, rsp",
            saved = in(reg) saved.as_mut_ptr(),
            sp = out(reg) sp,
            options(nostack, preserves_flags),
        );
    }
    let result = f(sp);
    std::hint::black_box(&saved);
    result
}

/// What the current thread leaves for the collector when it parks with its stack in use from `sp`
/// (below the frame that spilled its registers) to `top`: that range without the ranges hidden
/// from the scan ([`crate::hidden`]), the words of its root sets, rooted slices and rooted items
/// ([`crate::rooted_items`]), and the roots of the hidden ranges (read now, on the thread that
/// borrows those slices, items and ranges).
pub(super) fn parked(sp: usize, top: usize) -> Parked {
    let mut words = local_root_words();
    crate::rooted_items::rooted_words(&mut words);
    let hidden = crate::hidden::hidden_ranges(sp, top, &mut words);
    Parked { stack: (sp, top), hidden, words }
}

/// The words of the current thread's root sets and rooted slices.
fn local_root_words() -> Vec<usize> {
    let (mut words, mut slices) = (Vec::new(), Vec::new());
    crate::roots::local_roots(&mut words, &mut slices);
    for (addr, len) in slices {
        // SAFETY: a rooted slice is borrowed by its guard for as long as it is registered, and the
        // guard lives on this thread, which is running this code: the range is live memory.
        unsafe { read_words(addr, addr + len, &mut words) };
    }
    words
}

/// Append the aligned words of `[lo, hi)` to `out`.
///
/// # Safety
/// `[lo, hi)` must be readable memory that nothing writes while it is read.
unsafe fn read_words(lo: usize, hi: usize, out: &mut Vec<usize>) {
    let mut at = (lo + 7) & !7;
    while at + 8 <= hi {
        // SAFETY: `at` is aligned and inside the range, which the caller guarantees is readable.
        // The word may be padding or stale stack: any value is acceptable, it is only compared.
        out.push(unsafe { std::ptr::read_volatile(at as *const usize) });
        at += 8;
    }
}

/// The object a word refers to, if it is the address of (or points just inside) an object.
fn object_of(word: usize) -> Option<ObjectReference> {
    let heap = memory_manager::starting_heap_address().as_usize()..memory_manager::last_heap_address().as_usize();
    if !word.is_multiple_of(8) || !heap.contains(&word) {
        return None;
    }
    // SAFETY: `word` is non-zero (the heap does not start at 0) and word-aligned.
    let addr = unsafe { Address::from_usize(word) };
    memory_manager::is_mmtk_object(addr)
        .or_else(|| memory_manager::find_object_from_internal_pointer(addr, INTERIOR_WINDOW))
}

/// The objects that `words` refer to, without duplicates.
pub(super) fn objects_of(words: impl IntoIterator<Item = usize>) -> Vec<ObjectReference> {
    let mut objects: Vec<ObjectReference> = words.into_iter().filter_map(object_of).collect();
    objects.sort_unstable();
    objects.dedup();
    objects
}

/// The objects referred to by a parked thread's stack and registered roots.
pub(super) fn thread_roots(parked: &Parked) -> Vec<ObjectReference> {
    let mut words = parked.words.clone();
    let (mut lo, hi) = parked.stack;
    for &(skip_lo, skip_hi) in parked.hidden.iter().chain(&[(hi, hi)]) {
        // SAFETY: the thread is parked until the collection ends, and `[lo, skip_lo)` is part of
        // its stack in use below the frame that spilled its registers (the hidden ranges are
        // sorted, disjoint and inside it): mapped, and unchanged meanwhile.
        unsafe { read_words(lo, skip_lo, &mut words) };
        lo = skip_hi;
    }
    objects_of(words)
}

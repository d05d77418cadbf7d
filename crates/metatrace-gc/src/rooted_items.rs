//! Arrays whose reference items are roots of the current thread while a closure runs
//! ([`with_rooted_items`]): an interpreter's running frame, whose slots it writes at almost every
//! instruction, stores into them without a write barrier.
//!
//! The write barrier exists for one case: an old object (one that survived a collection and has
//! not been remembered since) that is made to refer to a young one, which the next nursery
//! collection must find without tracing the old objects. The items of a rooted array are read
//! as roots at every collection while they are rooted (the thread's list is read when it parks,
//! with its other local roots), so whatever they refer to is kept whatever the array's age. When
//! the rooting ends, the array is remembered if it is old and not remembered yet, as one barrier
//! for all the stores of the run: the next nursery collection then scans it, and finds the young
//! objects that those stores made it refer to.
//!
//! A rooted array is found like any other object too (its items are traced when it is); the
//! roots only add what a nursery collection would otherwise miss. Each rooting is a node in the
//! native frame of [`with_rooted_items`], linked from a thread-local head (as
//! [`crate::hidden`]'s ranges are): two stores to root, two to unroot, no allocation.

use crate::heap::{self, GcRef};
use crate::layout::{ArrayDescr, Layout};
use std::cell::Cell;
use std::marker::PhantomData;

/// The reference items of an array rooted by [`with_rooted_items`]: reads and stores checked
/// against the length only; stores need no write barrier. Only borrowed, for the duration of
/// the closure that the rooting runs (it is neither `Copy` nor `Clone`, and not `Send`).
#[derive(Debug)]
pub struct RootedItems {
    arr: GcRef,
    items: usize,
    len: usize,
    _thread_bound: PhantomData<*const ()>,
}

/// One rooted item range, linked from the current thread's list head; lives in the frame of
/// [`with_rooted_items`].
struct Rooted {
    /// The address of the first item.
    items: usize,
    /// The number of items.
    len: usize,
    /// The range rooted before this one, or null.
    prev: *const Rooted,
}

thread_local! {
    /// The innermost rooted item range of this thread, or null.
    static HEAD: Cell<*const Rooted> = const { Cell::new(std::ptr::null()) };
}

/// Restores the list head when [`with_rooted_items`] ends, also by unwinding, and remembers the
/// array (see the module documentation).
struct Unroot {
    prev: *const Rooted,
    arr: GcRef,
}

impl Drop for Unroot {
    #[inline(always)]
    fn drop(&mut self) {
        HEAD.with(|head| head.set(self.prev));
        heap::remember(self.arr);
    }
}

/// Run `f` with the reference items of `arr` (array part `a`, checked; usually of layout
/// `expected`, for which the check folds) as roots of the current thread, so that `f` stores
/// into them without the write barrier ([`RootedItems::set`]).
#[inline(always)]
pub fn with_rooted_items<R>(
    arr: GcRef,
    expected: &'static Layout,
    a: &ArrayDescr,
    f: impl FnOnce(&RootedItems) -> R,
) -> R {
    let view = heap::ref_items_expecting(arr, expected, a);
    let (items, len) = (view.items_address(), view.len());
    let node = Rooted { items, len, prev: HEAD.with(Cell::get) };
    HEAD.with(|head| head.set(&node));
    let _unroot = Unroot { prev: node.prev, arr };
    f(&RootedItems { arr, items, len, _thread_bound: PhantomData })
}

/// The panic of an access to item `index` of [`RootedItems`] of length `len` (out of line, with
/// the values rather than the view, as `heap`'s views do).
#[cold]
#[inline(never)]
fn out_of_range(index: usize, len: usize) -> ! {
    panic!("index {index} out of range for rooted items of length {len}")
}

impl RootedItems {
    /// A view of no array, rooted nowhere: every access is out of range (for code paths that
    /// have no array).
    pub const EMPTY: RootedItems = RootedItems { arr: GcRef::NULL, items: 0, len: 0, _thread_bound: PhantomData };

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
            out_of_range(index, self.len)
        }
        // SAFETY: `with_rooted_items` checked that the items are 8-byte references, `index` is
        // below the array's (fixed) length, and the array lives while it is rooted (the caller
        // holds it, and objects never move).
        GcRef(unsafe { ((self.items + 8 * index) as *const usize).read_unaligned() })
    }

    /// Store `value` as item `index` (bounds-checked), without a write barrier: the items are
    /// roots while this view can be used.
    #[inline(always)]
    pub fn set(&self, index: usize, value: GcRef) {
        if index >= self.len {
            out_of_range(index, self.len)
        }
        // SAFETY: as in `get`; a reference stored here is seen by every collection while the
        // items are rooted, and the array is remembered when they stop being.
        unsafe { ((self.items + 8 * index) as *mut usize).write_unaligned(value.0) };
    }
}

/// The words of the current thread's rooted items (appended to `words`), read on the thread
/// itself while it parks for a collection.
pub(crate) fn rooted_words(words: &mut Vec<usize>) {
    let mut at = HEAD.with(Cell::get);
    while !at.is_null() {
        // SAFETY: a linked node lives in the frame of a `with_rooted_items` call still running
        // on this thread (it unlinks itself before it returns or unwinds), and this runs on that
        // thread; its items belong to an array that the call keeps alive.
        let node = unsafe { &*at };
        words.extend((0..node.len).map(|i| unsafe { ((node.items + 8 * i) as *const usize).read_unaligned() }));
        at = node.prev;
    }
}

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

use crate::heap::{self, GcRef, RefItems};
use crate::layout::{ArrayDescr, Layout};
use std::cell::Cell;
use std::marker::PhantomData;

/// The reference items of an array rooted by [`with_rooted_items`]: a [`RefItems`] view whose
/// stores skip the write barrier. Only borrowed, for the duration of the closure that the
/// rooting runs (it is neither `Copy` nor `Clone`, and not `Send`).
#[derive(Debug)]
pub struct RootedItems {
    view: RefItems,
    _thread_bound: PhantomData<*const ()>,
}

/// One rooted item range, linked from the current thread's list head; lives in the frame of
/// [`with_rooted_items`].
struct Rooted {
    /// The items.
    view: RefItems,
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
    let view = heap::rooted_ref_items_expecting(arr, expected, a);
    let node = Rooted { view, prev: HEAD.with(Cell::get) };
    HEAD.with(|head| head.set(&node));
    let _unroot = Unroot { prev: node.prev, arr };
    f(&RootedItems { view, _thread_bound: PhantomData })
}

impl RootedItems {
    /// A view of no array, rooted nowhere: every access is out of range (for code paths that
    /// have no array).
    pub const EMPTY: RootedItems = RootedItems { view: RefItems::EMPTY, _thread_bound: PhantomData };

    /// The array.
    #[inline(always)]
    pub fn array(&self) -> GcRef {
        self.view.array()
    }

    /// The number of items.
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.view.len()
    }

    /// Whether there are no items.
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.view.is_empty()
    }

    /// Item `index` (bounds-checked).
    #[inline(always)]
    pub fn get(&self, index: usize) -> GcRef {
        self.view.get(index)
    }

    /// Items `lo..hi`, bounds-checked once.
    #[inline(always)]
    pub fn range(&self, lo: usize, hi: usize) -> impl Iterator<Item = GcRef> + '_ {
        self.view.range(lo, hi)
    }

    /// Store `value` as item `index` (bounds-checked), without a write barrier: the items are
    /// roots while this view can be used.
    #[inline(always)]
    pub fn set(&self, index: usize, value: GcRef) {
        self.view.set_rooted(index, value);
    }
}

/// The words of the current thread's rooted items (appended to `words`), read on the thread
/// itself while it parks for a collection.
pub(crate) fn rooted_words(words: &mut Vec<usize>) {
    let mut at = HEAD.with(Cell::get);
    while !at.is_null() {
        // SAFETY: a linked node lives in the frame of a `with_rooted_items` call still running
        // on this thread (it unlinks itself before it returns or unwinds), and this runs on that
        // thread; its array is kept alive by that call's caller.
        let node = unsafe { &*at };
        words.extend(node.view.words());
        at = node.prev;
    }
}

//! Explicit roots: references held where the collector cannot see them.
//!
//! The collector finds by itself every reference held on the native stack or in registers of a
//! thread that allocates (it scans them conservatively). A reference held only in Rust heap memory
//! (a `Vec`, a `HashMap`, a field of a boxed struct, a `static`) is invisible to it and must be
//! registered here, or its object may be reclaimed:
//!
//! - [`Root`]: one reference, process-wide, for as long as the handle lives (or forever:
//!   [`Root::leak`]).
//! - [`RootSet`]: any number of references (or raw 64-bit words that may be references) kept by the
//!   current thread, for as long as the set lives. A set only grows; drop it to release.
//! - [`StaticRoot`]: a word in a `static` that holds a reference (or 0), readable and writable by
//!   machine code at a fixed address.
//! - [`root_slice`]: a borrowed slice of plain values (references, or structs that contain them)
//!   scanned conservatively while the guard lives.
//!
//! Every word registered here is treated conservatively: if it is the address of a live object,
//! that object and everything it reaches stays alive (and, since objects never move, in place);
//! any other word is ignored. With the stand-in collector, which never frees, registering is
//! harmless and has no effect.

use crate::heap::GcRef;
use std::cell::RefCell;
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::marker::PhantomData;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

/// Process-wide roots: slots that never move, so that a [`Root`] reads and writes its own slot
/// without the lock, which only guards handing slots out and taking them back.
static GLOBAL: Mutex<Slots> = Mutex::new(Slots { chunks: Vec::new(), free: Vec::new() });

/// The number of slots allocated at once for [`Root`]s.
const SLOT_CHUNK: usize = 256;

/// The slots of the [`Root`]s: chunks allocated for the rest of the process, and the free ones
/// (holding 0).
struct Slots {
    chunks: Vec<&'static [AtomicUsize; SLOT_CHUNK]>,
    free: Vec<&'static AtomicUsize>,
}

impl Slots {
    /// A free slot, allocating a chunk when there is none.
    fn take(&mut self) -> &'static AtomicUsize {
        if let Some(slot) = self.free.pop() {
            return slot;
        }
        let chunk: &'static [AtomicUsize; SLOT_CHUNK] =
            Box::leak(Box::new(std::array::from_fn(|_| AtomicUsize::new(0))));
        self.chunks.push(chunk);
        self.free.extend(chunk[1..].iter().rev());
        &chunk[0]
    }
}

/// The statics registered by [`StaticRoot::set`].
static STATICS: Mutex<Vec<&'static StaticRoot>> = Mutex::new(Vec::new());

/// Words in numbered slots, with a free list.
pub(crate) struct Slab {
    words: Vec<usize>,
    free: Vec<usize>,
}

impl Slab {
    pub(crate) const fn new() -> Slab {
        Slab { words: Vec::new(), free: Vec::new() }
    }

    pub(crate) fn insert(&mut self, word: usize) -> usize {
        match self.free.pop() {
            Some(index) => {
                self.words[index] = word;
                index
            }
            None => {
                self.words.push(word);
                self.words.len() - 1
            }
        }
    }

    pub(crate) fn remove(&mut self, index: usize) {
        self.words[index] = 0;
        self.free.push(index);
    }

    pub(crate) fn get(&self, index: usize) -> usize {
        self.words[index]
    }

    /// The non-zero words, mutably (to clear them).
    pub(crate) fn iter_mut(&mut self) -> impl Iterator<Item = &mut usize> {
        self.words.iter_mut().filter(|w| **w != 0)
    }
}

/// One process-wide root: the object it holds stays alive while the handle lives.
#[derive(Debug)]
pub struct Root {
    slot: &'static AtomicUsize,
}

impl Root {
    /// Root `obj` (null is allowed).
    pub fn new(obj: GcRef) -> Root {
        let slot = GLOBAL.lock().expect("root table").take();
        slot.store(obj.addr(), Ordering::Release);
        Root { slot }
    }

    /// The rooted object.
    #[inline]
    pub fn get(&self) -> GcRef {
        GcRef(self.slot.load(Ordering::Acquire))
    }

    /// Root `obj` instead.
    #[inline]
    pub fn set(&self, obj: GcRef) {
        self.slot.store(obj.addr(), Ordering::Release);
    }

    /// Keep the object alive for the rest of the process.
    pub fn leak(self) {
        std::mem::forget(self);
    }
}

impl Drop for Root {
    fn drop(&mut self) {
        self.slot.store(0, Ordering::Release);
        GLOBAL.lock().expect("root table").free.push(self.slot);
    }
}

/// A word in a `static` that holds a reference or 0, rooted once it has been set.
///
/// Machine code may read and write the word at [`StaticRoot::addr`] (a `usize`).
#[derive(Debug)]
pub struct StaticRoot {
    word: AtomicUsize,
    registered: AtomicBool,
}

impl StaticRoot {
    /// An empty slot.
    pub const fn new() -> StaticRoot {
        StaticRoot { word: AtomicUsize::new(0), registered: AtomicBool::new(false) }
    }

    /// Store `obj` (registering the slot as a root the first time).
    pub fn set(&'static self, obj: GcRef) {
        if !self.registered.swap(true, Ordering::AcqRel) {
            STATICS.lock().expect("static roots").push(self);
        }
        self.word.store(obj.addr(), Ordering::Release);
    }

    /// The stored object, if any, clearing the slot.
    pub fn take(&self) -> Option<GcRef> {
        let addr = self.word.swap(0, Ordering::AcqRel);
        (addr != 0).then_some(GcRef(addr))
    }

    /// The address of the word, for machine code.
    pub fn addr(&self) -> usize {
        self.word.as_ptr() as usize
    }
}

impl Default for StaticRoot {
    fn default() -> Self {
        StaticRoot::new()
    }
}

/// A hash of machine words (object addresses) with one multiplication: the words of a
/// [`RootSet`] need no protection against chosen keys, and SipHash costs more than the insert.
#[derive(Default)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, word: u64) {
        let h = (self.0 ^ word).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = h ^ (h >> 32);
    }

    fn write_usize(&mut self, word: usize) {
        self.write_u64(word as u64);
    }
}

/// The words of a [`RootSet`].
type WordSet = HashSet<usize, BuildHasherDefault<WordHasher>>;

/// What one thread has registered.
#[derive(Default)]
struct LocalRoots {
    sets: Vec<Rc<RefCell<WordSet>>>,
    slices: Vec<(u64, usize, usize)>,
    next_slice: u64,
}

thread_local! {
    static LOCAL: RefCell<LocalRoots> = RefCell::new(LocalRoots::default());
}

/// References (or words that may be references) kept alive by the current thread while the set
/// lives.
///
/// A set is tied to its thread (it is neither `Send` nor `Sync`). Adding is cheap and idempotent.
#[derive(Debug)]
pub struct RootSet {
    words: Rc<RefCell<WordSet>>,
}

impl RootSet {
    /// An empty set, registered on the current thread.
    pub fn new() -> RootSet {
        let words = Rc::new(RefCell::new(WordSet::default()));
        LOCAL.with(|local| local.borrow_mut().sets.push(words.clone()));
        RootSet { words }
    }

    /// Keep `obj` alive; returns it.
    pub fn add(&self, obj: GcRef) -> GcRef {
        self.add_bits(obj.addr() as u64);
        obj
    }

    /// Keep alive the object whose address `bits` is, if it is one (any other word is ignored).
    pub fn add_bits(&self, bits: u64) {
        if bits != 0 {
            self.words.borrow_mut().insert(bits as usize);
        }
    }

    /// How many distinct words the set holds.
    pub fn len(&self) -> usize {
        self.words.borrow().len()
    }

    /// True when the set holds nothing.
    pub fn is_empty(&self) -> bool {
        self.words.borrow().is_empty()
    }
}

impl Default for RootSet {
    fn default() -> Self {
        RootSet::new()
    }
}

impl Drop for RootSet {
    fn drop(&mut self) {
        // The registry may already be gone when a thread-local value holding a set is destroyed.
        // Sets mostly die in the reverse order of their making (short-lived sets next to the
        // long-lived ones of compiled traces): search from the newest.
        let _ = LOCAL.try_with(|local| {
            let sets = &mut local.borrow_mut().sets;
            if let Some(at) = sets.iter().rposition(|s| Rc::ptr_eq(s, &self.words)) {
                sets.remove(at);
            }
        });
    }
}

/// A slice scanned conservatively while this guard lives (see [`root_slice`]).
#[derive(Debug)]
pub struct RootedSlice<'a> {
    id: u64,
    _slice: PhantomData<&'a [u8]>,
    _thread_bound: PhantomData<*const ()>,
}

/// Keep alive every object whose address is a word of `values` while the guard lives: for a
/// temporary buffer of references (`Vec<GcRef>`, or values of a domain that contain them) that
/// code holding it allocates. The slice is borrowed, so it cannot change while it is rooted.
pub fn root_slice<T: Copy>(values: &[T]) -> RootedSlice<'_> {
    let id = LOCAL.with(|local| {
        let mut local = local.borrow_mut();
        local.next_slice += 1;
        let id = local.next_slice;
        local.slices.push((id, values.as_ptr() as usize, std::mem::size_of_val(values)));
        id
    });
    RootedSlice { id, _slice: PhantomData, _thread_bound: PhantomData }
}

impl Drop for RootedSlice<'_> {
    fn drop(&mut self) {
        let _ = LOCAL.try_with(|local| local.borrow_mut().slices.retain(|s| s.0 != self.id));
    }
}

/// The current thread's registered roots: the words of its sets, and the `(address, byte length)`
/// of its rooted slices (to be read by the caller while those slices are still borrowed).
pub(crate) fn local_roots(words: &mut Vec<usize>, slices: &mut Vec<(usize, usize)>) {
    let _ = LOCAL.try_with(|local| {
        let local = local.borrow();
        for set in &local.sets {
            words.extend(set.borrow().iter().copied());
        }
        slices.extend(local.slices.iter().map(|&(_, addr, len)| (addr, len)));
    });
}

/// The process-wide roots: every [`Root`] and every set [`StaticRoot`].
pub(crate) fn global_roots(words: &mut Vec<usize>) {
    let slots = GLOBAL.lock().expect("root table");
    words.extend(slots.chunks.iter().flat_map(|c| c.iter()).map(|s| s.load(Ordering::Acquire)).filter(|&w| w != 0));
    drop(slots);
    words.extend(
        STATICS.lock().expect("static roots").iter().map(|s| s.word.load(Ordering::Acquire)).filter(|&w| w != 0),
    );
}

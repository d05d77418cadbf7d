//! Quasi-immutable fields (PyPy's `quasiimmut`): fields that may change but rarely do, such as a
//! type's version tag or a global variable's cell. A field is declared quasi-immutable with
//! `#[gc(quasi_immutable)]` (its descriptor's `quasi_immutable` flag).
//!
//! The tracer records a `guard_not_invalidated` before every read of such a field on a constant
//! object; the optimizer folds the read into the field's current value and reports the
//! dependency (object, field); the driver makes the compiled loop's tree [`watch`] it. Every write
//! of a quasi-immutable field, through the heap's accessors (any domain, native code) or compiled
//! code (the tracer records a call of [`invalidate_for_jit`] after the store), calls
//! [`invalidate`], which sets the [`Invalidation`] flag of every tree that watched the field of
//! that object. A tree's `guard_not_invalidated`s test its flag, so invalidated code leaves at the
//! next one (there is one after the loop's label and after every call that may write); the driver
//! no longer enters an invalidated loop and frees it.
//!
//! Watched objects are kept alive by the compiled code that watches them (its constants are
//! roots), so an address names one object for as long as a live watcher exists. The registry is
//! process-wide: a write on any thread invalidates the code of every thread.

use metatrace_gc::{heap, FieldDescr, GcRef};
use rustc_hash::FxHashMap as HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, Weak};

/// The invalidation flag of a tree of compiled code: 0 while valid, 1 once a field it relied on
/// changed, or once a tree it jumps into was invalidated ([`Invalidation::follow`]). Machine code
/// reads the word at [`Invalidation::addr`].
#[derive(Clone, Debug, Default)]
pub struct Invalidation(Arc<Flag>);

/// The state behind an [`Invalidation`].
#[derive(Debug, Default)]
struct Flag {
    /// 0 while valid, 1 once invalidated.
    word: AtomicU64,
    /// The flags of the trees whose code jumps into this one's: set with it.
    followers: Mutex<Vec<Weak<Flag>>>,
}

impl Flag {
    /// Set the flag and, the first time, those of its followers.
    fn set(&self) {
        if self.word.swap(1, Ordering::AcqRel) != 0 {
            return;
        }
        let followers = std::mem::take(&mut *self.followers.lock().unwrap_or_else(PoisonError::into_inner));
        for follower in followers.iter().filter_map(Weak::upgrade) {
            follower.set();
        }
    }
}

impl Invalidation {
    /// A new, valid flag.
    pub fn new() -> Invalidation {
        Invalidation::default()
    }

    /// True once invalidated.
    pub fn is_set(&self) -> bool {
        self.0.word.load(Ordering::Acquire) != 0
    }

    /// Invalidate (and every flag that follows this one).
    pub fn set(&self) {
        self.0.set();
    }

    /// Make this flag follow `leader`: set when it is (at once if it already is). A tree whose
    /// code jumps into another tree follows that tree's flag, so that the driver stops entering
    /// code that leads into obsolete code (it would leave at the target's first
    /// `guard_not_invalidated`, every time) and traces it again.
    pub fn follow(&self, leader: &Invalidation) {
        if Arc::ptr_eq(&self.0, &leader.0) {
            return;
        }
        let mut followers = leader.0.followers.lock().unwrap_or_else(PoisonError::into_inner);
        followers.retain(|w| w.strong_count() > 0);
        followers.push(Arc::downgrade(&self.0));
        drop(followers);
        if leader.is_set() {
            self.set();
        }
    }

    /// The address of the flag word (a `u64`, nonzero once invalidated); it stays valid as long as
    /// a clone of this flag exists.
    pub fn addr(&self) -> usize {
        &self.0.word as *const AtomicU64 as usize
    }
}

/// Watchers by (object address, field offset). Dead watchers (freed code) are pruned as the
/// registry grows.
struct Registry {
    watchers: HashMap<(usize, usize), Vec<Weak<Flag>>>,
    /// The number of keys after the last pruning.
    pruned_at: usize,
}

static REGISTRY: Mutex<Option<Registry>> = Mutex::new(None);

fn with_registry<R>(f: impl FnOnce(&mut Registry) -> R) -> R {
    let mut guard = REGISTRY.lock().unwrap_or_else(PoisonError::into_inner);
    let registry = guard.get_or_insert_with(|| {
        heap::set_quasi_immutable_hook(written);
        Registry { watchers: HashMap::default(), pruned_at: 0 }
    });
    f(registry)
}

/// Make `flag` depend on the value of `field` of `obj`: the next write of it sets the flag.
pub fn watch(obj: GcRef, field: &FieldDescr, flag: &Invalidation) {
    with_registry(|r| {
        r.watchers.entry((obj.addr(), field.offset)).or_default().push(Arc::downgrade(&flag.0));
        if r.watchers.len() > 2 * r.pruned_at + 64 {
            r.watchers.retain(|_, list| {
                list.retain(|w| w.strong_count() > 0);
                !list.is_empty()
            });
            r.pruned_at = r.watchers.len();
        }
    });
}

/// `field` of `obj` was written: invalidate every tree that relied on its value.
pub fn invalidate(obj: GcRef, field_offset: usize) {
    let watchers = with_registry(|r| r.watchers.remove(&(obj.addr(), field_offset)));
    for flag in watchers.into_iter().flatten().filter_map(|w| w.upgrade()) {
        flag.set();
    }
}

fn written(obj: GcRef, field: &FieldDescr) {
    invalidate(obj, field.offset);
}

/// The residual function compiled code calls after storing into a quasi-immutable field:
/// `invalidate(obj, field_offset)`.
pub extern "C" fn invalidate_for_jit(obj: u64, field_offset: u64) -> u64 {
    // SAFETY: compiled code passes the object it just stored into, a live object.
    invalidate(unsafe { GcRef::from_addr(obj as usize) }, field_offset as usize);
    0
}

/// The descriptor of [`invalidate_for_jit`] (a plain call: it writes no heap object, but the
/// optimizer must not move reads of quasi-immutable fields across it).
pub static INVALIDATE: crate::call::CallDescr = crate::call::CallDescr {
    name: "quasi_immutable_invalidate",
    func: crate::call::RawFn::A2(invalidate_for_jit),
    args: &[metatrace_gc::Kind::Ref, metatrace_gc::Kind::Int],
    result: None,
    effect: crate::call::Effect::Plain,
    can_raise: false,
    oopspec: crate::call::OopSpec::None,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn followers_are_invalidated_with_their_leader() {
        let (leader, follower, second) = (Invalidation::new(), Invalidation::new(), Invalidation::new());
        follower.follow(&leader);
        second.follow(&follower);
        leader.follow(&second);
        follower.follow(&follower);
        assert!(!leader.is_set() && !follower.is_set() && !second.is_set());
        leader.set();
        assert!(follower.is_set() && second.is_set(), "followers of followers, through a cycle");
        let late = Invalidation::new();
        late.follow(&leader);
        assert!(late.is_set(), "following an invalidated flag invalidates at once");
    }

    #[test]
    fn a_leader_does_not_follow_its_followers() {
        let (leader, follower) = (Invalidation::new(), Invalidation::new());
        follower.follow(&leader);
        follower.set();
        assert!(!leader.is_set());
        drop(follower);
        let other = Invalidation::new();
        other.follow(&leader);
        leader.set();
        assert!(other.is_set(), "dead followers are skipped");
    }
}

//! The MMTk collector behind the heap API: what survives collections, what is reclaimed, weak
//! references, finalizers, and several threads allocating at once.

mod common;

use common::*;
use metatrace_gc::{heap, root_slice, GcObject, GcRef, Root, RootSet, StaticRoot, WeakRef};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

#[test]
fn objects_held_by_rust_locals_survive() {
    use_mmtk(&[]);
    let kept = list(1000);
    let array = heap::alloc_array(Refs::layout(), 3);
    heap::write_item_ref(array, &Refs::ITEMS, 1, list(10));
    for _ in 0..3 {
        churn(200, 100);
        heap::collect();
    }
    assert_eq!(values(kept), (0..1000).rev().collect::<Vec<_>>());
    assert_eq!(values(heap::read_item_ref(array, &Refs::ITEMS, 1)), (0..10).rev().collect::<Vec<_>>());
    assert!(heap::read_item_ref(array, &Refs::ITEMS, 0).is_null());
    assert!(heap::stats().collections >= 3);
}

#[inline(never)]
fn rooted_in_rust_memory() -> (Root, RootSet, Vec<GcRef>) {
    let root = Root::new(list(50));
    let set = RootSet::new();
    set.add(list(60));
    set.add_bits(list(70).addr() as u64);
    set.add_bits(12345);
    let vec: Vec<GcRef> = (0..100).map(|i| cell(i, GcRef::NULL, GcRef::NULL)).collect();
    (root, set, vec)
}

#[test]
fn objects_held_in_registered_roots_survive() {
    use_mmtk(&[]);
    let (root, set, vec) = rooted_in_rust_memory();
    let vec_guard = root_slice(&vec);
    assert_eq!(set.len(), 3);
    clear_stack();
    for _ in 0..3 {
        churn(200, 100);
        heap::collect();
    }
    assert_eq!(values(root.get()).len(), 50);
    for (i, c) in vec.iter().enumerate() {
        assert_eq!(heap::read_field(*c, &Cell::VALUE), i as u64);
    }
    drop(vec_guard);
    root.set(list(5));
    heap::collect();
    assert_eq!(values(root.get()), vec![4, 3, 2, 1, 0]);
}

static EXCEPTION: StaticRoot = StaticRoot::new();

#[test]
fn static_roots_keep_their_object() {
    use_mmtk(&[]);
    EXCEPTION.set(list(3));
    clear_stack();
    churn(100, 100);
    heap::collect();
    let taken = EXCEPTION.take().expect("set");
    assert_eq!(values(taken), vec![2, 1, 0]);
    assert!(EXCEPTION.take().is_none());
}

#[inline(never)]
fn weak_garbage(n: usize) -> Vec<WeakRef> {
    (0..n).map(|i| WeakRef::new(cell(i as i64, GcRef::NULL, GcRef::NULL))).collect()
}

#[test]
fn unreachable_objects_are_reclaimed_and_weak_refs_cleared() {
    use_mmtk(&[]);
    let live = list(10);
    let live_weak = WeakRef::new(live);
    let weak = weak_garbage(1000);
    clear_stack();
    heap::collect();
    heap::collect();
    let cleared = weak.iter().filter(|w| w.get().is_none()).count();
    // Conservative stack scanning may keep a few stale copies alive, never most of them.
    assert!(cleared >= 990, "only {cleared} of 1000 unreachable objects were reclaimed");
    assert_eq!(live_weak.get(), Some(live));
    assert_eq!(values(live).len(), 10);
}

#[inline(never)]
fn finalizable_garbage(n: usize, count: &Arc<AtomicUsize>) {
    for i in 0..n {
        let obj = cell(i as i64, GcRef::NULL, GcRef::NULL);
        let count = count.clone();
        metatrace_gc::add_finalizer(obj, move |o| {
            assert_eq!(heap::read_field(o, &Cell::VALUE), i as u64, "a finalizer sees its object intact");
            count.fetch_add(1, Ordering::SeqCst);
        });
    }
}

#[test]
fn finalizers_run_once_after_collection() {
    use_mmtk(&[]);
    let count = Arc::new(AtomicUsize::new(0));
    finalizable_garbage(500, &count);
    let kept = cell(-1, GcRef::NULL, GcRef::NULL);
    let kept_count = Arc::new(AtomicUsize::new(0));
    let k = kept_count.clone();
    metatrace_gc::add_finalizer(kept, move |_| {
        k.fetch_add(1, Ordering::SeqCst);
    });
    clear_stack();
    heap::collect();
    let first = count.load(Ordering::SeqCst);
    assert!(first >= 490, "only {first} of 500 finalizers ran");
    for _ in 0..3 {
        churn(50, 50);
        heap::collect();
    }
    let later = count.load(Ordering::SeqCst);
    assert!(later <= 500, "a finalizer ran twice");
    assert_eq!(kept_count.load(Ordering::SeqCst), 0, "the finalizer of a live object ran");
    assert_eq!(heap::read_field(kept, &Cell::VALUE) as i64, -1);
    assert_eq!(metatrace_gc::weak::run_finalizers(), 0);
}

#[test]
fn large_arrays_and_byte_arrays() {
    use_mmtk(&[]);
    let big = heap::alloc_array(Refs::layout(), 100_000);
    for i in (0..100_000).step_by(997) {
        heap::write_item_ref(big, &Refs::ITEMS, i, cell(i, GcRef::NULL, GcRef::NULL));
    }
    let bytes = heap::alloc_array(Bytes::layout(), 13);
    heap::write_item(bytes, &Bytes::ITEMS, 12, 0xab);
    for _ in 0..2 {
        churn(100, 100);
        heap::collect();
    }
    for i in (0..100_000).step_by(997) {
        assert_eq!(heap::read_field(heap::read_item_ref(big, &Refs::ITEMS, i), &Cell::VALUE), i as u64);
    }
    assert_eq!(heap::read_item(bytes, &Bytes::ITEMS, 12), 0xab);
}

/// Store young cells into the old arrays `old` and `staging` with the bulk writes only.
#[inline(never)]
fn bulk_store_young_cells(old: GcRef, staging: GcRef) {
    // On the stack, where the conservative scan sees the cells made so far when a collection
    // (another test's, on another thread) comes between two of these allocations; a `Vec`'s
    // buffer is not a root.
    let young: [GcRef; 4] = std::array::from_fn(|i| cell(i as i64, GcRef::NULL, GcRef::NULL));
    heap::write_ref_items(staging, &Refs::ITEMS, 0, &young);
    heap::copy_items(staging, &Refs::ITEMS, 1, old, &Refs::ITEMS, 1, 3);
    heap::copy_items(old, &Refs::ITEMS, 1, old, &Refs::ITEMS, 4, 3);
    heap::write_ref_items(staging, &Refs::ITEMS, 0, &[GcRef::NULL; 4]);
}

/// Young cells stored into old arrays by the bulk writes (`write_ref_items`, `copy_items`)
/// survive a nursery collection: each bulk write runs the write barrier for its array.
#[test]
fn bulk_reference_writes_into_old_arrays_survive_nursery_collections() {
    use_mmtk(&[]);
    for round in 0..10 {
        let old = heap::alloc_array(Refs::layout(), 8);
        let staging = heap::alloc_array(Refs::layout(), 4);
        let _rooted = Root::new(old);
        heap::collect();
        bulk_store_young_cells(old, staging);
        clear_stack();
        heap::collect_young();
        churn(500, 100);
        let value = |i: i64| {
            let c = heap::read_item_ref(old, &Refs::ITEMS, i);
            assert!(c.is_null() || heap::is_object(c.addr()), "round {round}: item {i} was reclaimed");
            (!c.is_null()).then(|| heap::read_field(c, &Cell::VALUE) as i64)
        };
        let values: Vec<Option<i64>> = (0..8).map(value).collect();
        assert_eq!(values, [None, Some(1), Some(2), Some(3), Some(1), Some(2), Some(3), None], "round {round}");
    }
}

#[test]
fn bulk_word_and_byte_copies_are_checked_and_exact() {
    use_mmtk(&[]);
    let words = heap::alloc_array(Words::layout(), 6);
    heap::write_word_items(words, &Words::ITEMS, 1, &[7, u64::MAX, 1 << 63]);
    let mut out = [0u64; 6];
    heap::read_word_items(words, &Words::ITEMS, 0, &mut out);
    assert_eq!(out, [0, 7, u64::MAX, 1 << 63, 0, 0]);
    heap::copy_items(words, &Words::ITEMS, 1, words, &Words::ITEMS, 3, 3);
    heap::read_word_items(words, &Words::ITEMS, 0, &mut out);
    assert_eq!(out, [0, 7, u64::MAX, 7, u64::MAX, 1 << 63]);
    let bytes = heap::alloc_array(Bytes::layout(), 5);
    heap::write_byte_items(bytes, &Bytes::ITEMS, 0, b"hello");
    heap::copy_items(bytes, &Bytes::ITEMS, 0, bytes, &Bytes::ITEMS, 1, 4);
    let mut text = [0u8; 5];
    heap::read_byte_items(bytes, &Bytes::ITEMS, 0, &mut text);
    assert_eq!(&text, b"hhell");
    let outside = std::panic::catch_unwind(|| heap::write_word_items(words, &Words::ITEMS, 4, &[1, 2, 3]));
    assert!(outside.is_err(), "a write past the end must be refused");
    let mixed = std::panic::catch_unwind(|| heap::copy_items(words, &Words::ITEMS, 0, bytes, &Bytes::ITEMS, 0, 1));
    assert!(mixed.is_err(), "a copy between different item types must be refused");
}

#[test]
fn threads_allocate_and_collect_together() {
    use_mmtk(&[]);
    let workers: Vec<_> = (0..3)
        .map(|t| {
            std::thread::spawn(move || {
                let mut kept = GcRef::NULL;
                for round in 0..20 {
                    kept = cell(round, list(100), kept);
                    churn(20, 50);
                    if round % 5 == t {
                        heap::collect();
                    }
                }
                let mut seen = 0;
                while !kept.is_null() {
                    assert_eq!(values(heap::read_field_ref(kept, &Cell::HEAD)).len(), 100);
                    kept = heap::read_field_ref(kept, &Cell::TAIL);
                    seen += 1;
                }
                seen
            })
        })
        .collect();
    for w in workers {
        assert_eq!(w.join().expect("worker"), 20);
    }
}

#[test]
fn rust_allocations_on_the_bump_pointer_are_valid_zeroed_and_counted() {
    use_mmtk(&[]);
    std::thread::spawn(|| {
        // Garbage first, so that later objects reuse memory that held other objects.
        for _ in 0..3 {
            churn(200, 100);
            heap::collect();
        }
        let before = heap::stats().allocations;
        // Rooted as they are made: a collection may start during any of these allocations.
        let roots = RootSet::new();
        let cells: Vec<GcRef> = (0..5000).map(|_| roots.add(heap::alloc(Cell::layout()))).collect();
        let arrays: Vec<GcRef> = (0..500).map(|i| roots.add(heap::alloc_array(Refs::layout(), i % 40))).collect();
        assert!(heap::stats().allocations >= before + 5500);
        for &c in &cells {
            assert!(heap::is_object(c.addr()), "a fresh object has its valid-object bit");
            assert_eq!(heap::read_field(c, &Cell::VALUE), 0);
            assert!(heap::read_field_ref(c, &Cell::HEAD).is_null() && heap::read_field_ref(c, &Cell::TAIL).is_null());
        }
        for (i, &a) in arrays.iter().enumerate() {
            assert!(heap::is_object(a.addr()));
            assert_eq!(heap::array_len(a, &Refs::ITEMS), (i % 40) as i64);
            assert!((0..(i % 40) as i64).all(|j| heap::read_item_ref(a, &Refs::ITEMS, j).is_null()));
        }
        heap::collect();
        assert!(cells.iter().all(|c| heap::is_object(c.addr())), "objects survive a collection");
    })
    .join()
    .unwrap();
}

#[test]
fn a_thread_blocked_in_a_blocking_call_lets_others_collect_and_keeps_its_objects() {
    use_mmtk(&[]);
    let (to_waiter, waiter_inbox) = std::sync::mpsc::channel::<()>();
    let (to_main, main_inbox) = std::sync::mpsc::channel::<()>();
    let waiter = std::thread::spawn(move || {
        let kept = list(300);
        to_main.send(()).expect("main is listening");
        // Without `blocking`, the collections below would wait for this thread forever.
        heap::blocking(|| waiter_inbox.recv().expect("main sends"));
        values(kept).len()
    });
    // This thread waits inside `blocking` too: collections that other tests start meanwhile must
    // not wait for it while it waits for the waiter.
    heap::blocking(|| main_inbox.recv().expect("the waiter starts"));
    for _ in 0..3 {
        churn(200, 100);
        heap::collect();
    }
    to_waiter.send(()).expect("the waiter is listening");
    assert_eq!(heap::blocking(|| waiter.join()).expect("waiter"), 300);
}

#[test]
fn ref_items_view_reads_writes_and_keeps_young_values_of_old_arrays() {
    use_mmtk(&[]);
    let array = heap::alloc_array(Refs::layout(), 4);
    let _root = Root::new(array);
    // The array is old after a full collection: a young value stored through the view must be
    // remembered by its write barrier, or the next nursery collection reclaims it.
    heap::collect();
    let items = heap::ref_items(array, &Refs::ITEMS);
    assert_eq!(items.array(), array);
    items.set(2, list(20));
    clear_stack();
    churn(200, 100);
    heap::collect_young();
    assert_eq!(values(items.get(2)), (0..20).rev().collect::<Vec<_>>());
    assert_eq!(values(heap::read_item_ref(array, &Refs::ITEMS, 2)), (0..20).rev().collect::<Vec<_>>());
    assert!(items.get(0).is_null() && items.get(3).is_null());
}

#[test]
#[should_panic(expected = "index 4 out of range")]
fn ref_items_view_checks_bounds() {
    use_mmtk(&[]);
    let array = heap::alloc_array(Refs::layout(), 4);
    heap::ref_items(array, &Refs::ITEMS).get(4);
}

/// Owners of external memory released so far (by [`count_release`]).
static RELEASED: AtomicUsize = AtomicUsize::new(0);

fn count_release(obj: GcRef) {
    assert!(heap::read_field(obj, &Cell::VALUE) < 1000, "a released owner is intact");
    RELEASED.fetch_add(1, Ordering::SeqCst);
}

#[inline(never)]
fn external_garbage(n: usize) {
    for i in 0..n {
        metatrace_gc::external::attach(cell(i as i64, GcRef::NULL, GcRef::NULL), 100, count_release);
    }
}

#[test]
fn external_memory_is_released_with_its_owner_only() {
    use_mmtk(&[]);
    let kept = cell(7, GcRef::NULL, GcRef::NULL);
    metatrace_gc::external::attach(kept, 100, count_release);
    external_garbage(500);
    clear_stack();
    heap::collect();
    heap::collect();
    let released = RELEASED.load(Ordering::SeqCst);
    // Conservative stack scanning may keep a few stale copies alive; the kept owner stays.
    assert!((490..=500).contains(&released), "{released} of 500 unreachable owners were released");
    assert_eq!(heap::read_field(kept, &Cell::VALUE), 7);
    assert!(metatrace_gc::external::live_bytes() >= 100);
    std::hint::black_box(kept);
}

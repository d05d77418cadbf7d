//! Rooted items: young objects stored without the write barrier into the items of an old array
//! survive nursery collections while the items are rooted (they are roots) and after (the array
//! is remembered when the rooting ends).

mod common;

use common::*;
use metatrace_gc::rooted_items::{with_rooted_items, RootedItems};
use metatrace_gc::{heap, GcObject, GcRef, Root};

/// Store new young cells numbered from `first` into every item, with the barrier-free stores.
#[inline(never)]
fn store_young_cells(items: &RootedItems, first: i64) {
    for i in 0..items.len() {
        items.set(i, cell(first + i as i64, GcRef::NULL, GcRef::NULL));
    }
}

/// The numbers of the cells in `array`'s items, each checked to be a live object.
fn numbers(array: GcRef, when: &str) -> Vec<i64> {
    (0..4)
        .map(|i| {
            let c = heap::read_item_ref(array, &Refs::ITEMS, i);
            assert!(heap::is_object(c.addr()), "{when}: item {i} was reclaimed");
            heap::read_field(c, &Cell::VALUE) as i64
        })
        .collect()
}

/// Nursery collections after the stale copies of the cells are gone from the stack.
fn collect_young_with_garbage() {
    clear_stack();
    heap::collect_young();
    churn(500, 100);
    heap::collect_young();
}

#[test]
fn young_objects_in_rooted_items_of_an_old_array_survive_nursery_collections() {
    use_mmtk(&[]);
    for round in 0..10 {
        let old = heap::alloc_array(Refs::layout(), 4);
        let _kept = Root::new(old);
        heap::collect();
        with_rooted_items(old, Refs::layout(), &Refs::ITEMS, |items| {
            store_young_cells(items, 10);
            collect_young_with_garbage();
            assert_eq!(numbers(old, "while rooted"), [10, 11, 12, 13], "round {round}");
            // Collected once while rooted, the array is old and not remembered: these stores
            // are found after the rooting ends only because the array is remembered then.
            store_young_cells(items, 20);
        });
        collect_young_with_garbage();
        assert_eq!(numbers(old, "after the rooting"), [20, 21, 22, 23], "round {round}");
    }
}

#[test]
fn rooted_items_read_back_what_was_stored_and_check_the_index() {
    use_mmtk(&[]);
    let array = heap::alloc_array(Refs::layout(), 2);
    let c = cell(7, GcRef::NULL, GcRef::NULL);
    with_rooted_items(array, Refs::layout(), &Refs::ITEMS, |items| {
        assert_eq!((items.len(), items.array()), (2, array));
        items.set(1, c);
        assert_eq!(items.get(1), c);
        assert!(items.get(0).is_null());
        let outside = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| items.set(2, c)));
        assert!(outside.is_err(), "a store past the end must be refused");
    });
    assert_eq!(heap::read_item_ref(array, &Refs::ITEMS, 1), c);
    assert!(RootedItems::EMPTY.is_empty());
}

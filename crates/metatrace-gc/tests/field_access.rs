//! Field access through derived descriptors: each names the layout it was derived with, an
//! object of that layout is accessed through it, and an object of any other layout is still
//! checked in full. And clearing the items of a reference array through its view.

mod common;

use common::{use_mmtk, Cell, Refs, Words};
use metatrace_gc::{heap, FieldDescr, GcObject, ItemType};

#[test]
fn derived_descriptors_name_their_layout() {
    for f in [Cell::VALUE, Cell::HEAD, Cell::TAIL] {
        assert!(std::ptr::eq(f.layout.expect("derived"), Cell::layout()), "{}.{}", f.owner, f.name);
    }
    assert!(std::ptr::eq(Refs::LEN.layout.expect("derived"), Refs::layout()));
}

#[test]
fn derived_and_hand_made_descriptors_access_the_same_field() {
    use_mmtk(&[]);
    let head = heap::alloc(Cell::layout());
    let cell = heap::alloc(Cell::layout());
    heap::write_field(cell, &Cell::VALUE, 41);
    heap::write_field_ref(cell, &Cell::HEAD, head);
    let by_hand = FieldDescr { layout: None, ..Cell::VALUE };
    assert_eq!(heap::read_field(cell, &by_hand), 41);
    heap::write_field(cell, &by_hand, 42);
    assert_eq!(heap::read_field(cell, &Cell::VALUE), 42);
    let head_by_hand = FieldDescr { layout: None, ..Cell::HEAD };
    assert_eq!(heap::read_field_ref(cell, &head_by_hand), head);
    assert_eq!(heap::read_field_ref(cell, &Cell::HEAD), head);
}

#[test]
#[should_panic(expected = "Cell.tail is outside Words")]
fn a_derived_descriptor_on_another_layout_is_checked() {
    use_mmtk(&[]);
    let words = heap::alloc_array(Words::layout(), 2);
    heap::read_field_ref(words, &Cell::TAIL);
}

#[test]
#[should_panic(expected = "does not match Cell's reference map")]
fn a_descriptor_of_the_wrong_kind_is_refused_on_its_own_layout() {
    use_mmtk(&[]);
    let cell = heap::alloc(Cell::layout());
    // The head's slot holds a reference: writing an integer there through a descriptor that
    // claims this layout must not pass the check that the layout's reference map makes.
    let value_at_head = FieldDescr { offset: Cell::HEAD.offset, ty: ItemType::I64, ..Cell::VALUE };
    heap::write_field(cell, &value_at_head, 7);
}

#[test]
fn clearing_a_view_nulls_every_item_and_only_those() {
    use_mmtk(&[]);
    let array = heap::alloc_array(Refs::layout(), 5);
    let next = heap::alloc_array(Refs::layout(), 1);
    heap::write_item_ref(next, &Refs::ITEMS, 0, array);
    let items = heap::ref_items(array, &Refs::ITEMS);
    for i in 0..5 {
        items.set(i, heap::alloc(Cell::layout()));
    }
    items.clear();
    assert!((0..5).all(|i| items.get(i).is_null()));
    assert_eq!(heap::read_field(array, &Refs::LEN), 5, "the length is not an item");
    assert_eq!(heap::read_item_ref(next, &Refs::ITEMS, 0), array, "an array holding it is untouched");
    let cell = heap::alloc(Cell::layout());
    items.set(4, cell);
    assert_eq!(items.get(4), cell);
}

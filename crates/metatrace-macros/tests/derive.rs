//! The derived layouts and descriptors, checked against offsets computed by hand for `#[repr(C)]`.

use metatrace_gc::{ArrayPart, GcHeader, GcObject, GcRef, ItemType, Kind};
use metatrace_macros::GcObject;

/// A fixed-size object mixing every supported kind, with padding after the narrow fields.
#[derive(GcObject)]
#[repr(C)]
#[allow(dead_code)]
struct Mixed {
    header: GcHeader,
    count: i64,
    #[gc(immutable)]
    first: GcRef,
    flag: u8,
    small: i32,
    ratio: f64,
    second: metatrace_gc::GcRef,
}

/// An array-like object of references.
#[derive(GcObject)]
#[repr(C)]
#[allow(dead_code)]
struct Refs {
    header: GcHeader,
    #[gc(immutable)]
    owner: GcRef,
    len: i64,
    items: [GcRef; 0],
}

/// An array-like object of bytes.
#[derive(GcObject)]
#[repr(C)]
#[allow(dead_code)]
struct Bytes {
    header: GcHeader,
    len: i64,
    bytes: [u8; 0],
}

/// An object with nothing but a header.
#[derive(GcObject)]
#[repr(C)]
#[allow(dead_code)]
struct Marker {
    header: GcHeader,
}

#[test]
fn fixed_fields_have_repr_c_offsets_and_kinds() {
    // header 0..8, count 8..16, first 16..24, flag 24, small 28..32 (aligned to 4),
    // ratio 32..40, second 40..48.
    assert_eq!(Mixed::COUNT.offset, 8);
    assert_eq!(Mixed::FIRST.offset, 16);
    assert_eq!(Mixed::FLAG.offset, 24);
    assert_eq!(Mixed::SMALL.offset, 28);
    assert_eq!(Mixed::RATIO.offset, 32);
    assert_eq!(Mixed::SECOND.offset, 40);

    assert_eq!(Mixed::COUNT.ty, ItemType::I64);
    assert_eq!(Mixed::FIRST.ty, ItemType::REF);
    assert_eq!(Mixed::FLAG.ty, ItemType::U8);
    assert_eq!(Mixed::SMALL.ty, ItemType::I32);
    assert_eq!(Mixed::RATIO.ty, ItemType::F64);
    assert_eq!(Mixed::SECOND.ty.kind, Kind::Ref);

    assert_eq!((Mixed::COUNT.owner, Mixed::COUNT.name), ("Mixed", "count"));
    let immutable = [Mixed::COUNT, Mixed::FIRST, Mixed::SECOND].map(|f| f.immutable);
    assert_eq!(immutable, [false, true, false]);
}

#[test]
fn fixed_layout_lists_size_and_references() {
    let layout = Mixed::layout();
    assert_eq!(layout.name, "Mixed");
    assert_eq!(layout.size, 48);
    assert_eq!(layout.ref_offsets, &[16, 40]);
    assert!(layout.array.is_none());
    assert!(std::ptr::eq(layout, Mixed::layout()), "the layout is one static");

    let marker = Marker::layout();
    assert_eq!((marker.size, marker.ref_offsets.len()), (8, 0));
}

#[test]
fn array_layouts_describe_the_variable_part() {
    let refs = Refs::layout();
    assert_eq!(refs.size, 24);
    assert_eq!(refs.ref_offsets, &[8]);
    let part = ArrayPart { length_offset: 16, items_offset: 24, item: ItemType::REF };
    assert_eq!(refs.array, Some(part));
    assert_eq!(Refs::ITEMS.part, part);
    assert_eq!(Refs::ITEMS.owner, "Refs");
    assert_eq!(Refs::LEN.offset, 16);

    let bytes = Bytes::layout();
    assert_eq!(bytes.size, 16);
    assert_eq!(Bytes::BYTES.part, ArrayPart { length_offset: 8, items_offset: 16, item: ItemType::U8 });
    assert_eq!(bytes.size_with_items(3), 24);
}

#[test]
fn derived_layouts_work_with_the_heap() {
    use metatrace_gc::heap;
    let obj = metatrace_gc::alloc(Mixed::layout());
    heap::write_field(obj, &Mixed::SMALL, (-5i64) as u64);
    heap::write_field(obj, &Mixed::FLAG, 200);
    heap::write_field_ref(obj, &Mixed::SECOND, obj);
    assert_eq!(heap::read_field(obj, &Mixed::SMALL) as i64, -5);
    assert_eq!(heap::read_field(obj, &Mixed::FLAG), 200);
    assert_eq!(heap::read_field_ref(obj, &Mixed::SECOND), obj);

    let arr = metatrace_gc::alloc_array(Refs::layout(), 3);
    assert_eq!(heap::array_len(arr, &Refs::ITEMS), 3);
    heap::write_item_ref(arr, &Refs::ITEMS, 2, obj);
    assert_eq!(heap::read_item_ref(arr, &Refs::ITEMS, 2), obj);
    assert_eq!(heap::read_item_ref(arr, &Refs::ITEMS, 0), GcRef::NULL);
}

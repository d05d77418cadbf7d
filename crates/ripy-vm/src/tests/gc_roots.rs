//! Rooting of native code's temporaries ([`crate::gc::RootedVec`]) across collections, and the
//! lookup caches ([`crate::lookup_cache::RefCache`]).

use crate::gc::{self, RootedVec};
use crate::int::{heap_int, W_Int};
use crate::lookup_cache::RefCache;
use metatrace_gc::{heap, GcRef};

/// Objects reachable only from the returned vector (made in a frame of their own, so that few
/// stale copies stay on the stack).
#[inline(never)]
fn fresh_ints(n: i64) -> RootedVec {
    (0..n).map(|i| heap_int(i * 7 + 1_000_003)).collect()
}

/// Allocate and drop enough objects to reuse freed memory, collecting around them.
#[inline(never)]
fn churn() {
    heap::collect();
    for i in 0..50_000 {
        std::hint::black_box(heap_int(i));
    }
    heap::collect();
}

#[test]
fn rooted_vec_keeps_its_items_alive_across_collections() {
    let items = fresh_ints(3000);
    churn();
    for (i, &item) in items.iter().enumerate() {
        assert_eq!(gc::get_i64(item, &W_Int::VALUE), i as i64 * 7 + 1_000_003, "item {i} was overwritten");
    }
}

#[test]
fn rooted_vec_keeps_items_pushed_while_growing() {
    let mut items = RootedVec::new();
    for i in 0..2000 {
        items.push(heap_int(-i));
        if i % 500 == 0 {
            churn();
        }
    }
    churn();
    assert!(items.iter().enumerate().all(|(i, &v)| gc::get_i64(v, &W_Int::VALUE) == -(i as i64)));
}

#[test]
fn rooted_vec_edits_like_a_vec() {
    let objs: Vec<GcRef> = (0..10).map(heap_int).collect();
    let _rooted = metatrace_gc::root_slice(&objs);
    let mut v = RootedVec::from_slice(&objs[..5]);
    let mut model = objs[..5].to_vec();
    v.insert(2, objs[9]);
    model.insert(2, objs[9]);
    assert_eq!(v.remove(0), model.remove(0));
    v.splice(1..3, [objs[7], objs[8], objs[6]]);
    model.splice(1..3, [objs[7], objs[8], objs[6]]);
    v.retain(|o| o != objs[8]);
    model.retain(|&o| o != objs[8]);
    assert_eq!(v.pop(), model.pop());
    v.extend_from_slice(&objs[..2]);
    model.extend_from_slice(&objs[..2]);
    assert_eq!(&v[..], &model[..]);
    assert_eq!(v.iter().rev().collect::<Vec<_>>(), model.iter().rev().collect::<Vec<_>>());
    v.truncate(1);
    assert_eq!(v.len(), 1);
    v.clear();
    assert!(v.is_empty() && v.pop().is_none());
}

#[test]
fn ref_cache_answers_for_its_keys_only() {
    let cache = RefCache::new();
    let (a, b, c) = (heap_int(1), heap_int(2), heap_int(3));
    assert_eq!(cache.get(a, b), None);
    cache.put(a, b, c);
    assert_eq!(cache.get(a, b), Some(c));
    assert_eq!(cache.get(b, a), None);
    let mut computed = 0;
    let v = cache.get_or_insert_with(b, a, || {
        computed += 1;
        GcRef::NULL
    });
    assert_eq!((v, computed), (GcRef::NULL, 1));
    assert_eq!(cache.get_or_insert_with(b, a, || unreachable!("cached")), GcRef::NULL);
}

//! Machine code that allocates several objects in one block (one bump of the pointer, one limit
//! check), under the collector's stress mode (a collection every few allocations, so that blocks
//! often take the slow path that collects): the objects of a block are distinct valid objects
//! (none overlaps another: each keeps its own values), fields that compiled code never stores read
//! as zero, and all of them survive the collections that later blocks trigger.

mod backend_support;
mod gc_fixture;

use backend_support::{fresh_target, v, Builder};
use gc_fixture::{gcref, NEXT, NODE, REFS, REFS_DESCR, VALUE};
use metatrace::backend::X86Backend;
use metatrace::gc::{heap, GcRef, Kind, RootSet};
use metatrace::ir::{Arg, Descr, Opcode, Var};
use std::sync::Once;

/// Collect every 7 allocations (blocks of 3 objects straddle the countdown), before the first
/// allocation of the process.
fn stress() {
    static INIT: Once = Once::new();
    INIT.call_once(|| std::env::set_var("METATRACE_GC_STRESS", "7"));
}

/// Allocate `n` unreachable nodes that point at each other: garbage whose memory, reclaimed,
/// holds references again unless it is zeroed before reuse.
#[inline(never)]
fn churn(n: usize) {
    let mut list = GcRef::NULL;
    for i in 0..n {
        let node = heap::alloc(&NODE);
        heap::write_field(node, &VALUE, u64::MAX);
        heap::write_field_ref(node, &NEXT, if i % 64 == 0 { GcRef::NULL } else { list });
        list = node;
    }
    std::hint::black_box(list);
}

/// The loop: `n, list -> a = Node(n); guard n > 0; r = Refs[2]; b = Node(-n); r[0] = a;
/// r[1] = list; a.next = b` and again with `n - 1, r`: one block of three objects per iteration,
/// with a guard inside it (its exit leaves the block's last two objects unused); `b.next` is
/// never stored. The exit carries the list of arrays.
fn run_blocks(count: i64) -> GcRef {
    let mut b = Builder::new();
    let [n, list]: [Var; 2] = b.inputs(&[Kind::Int, Kind::Ref]).try_into().unwrap();
    let t = fresh_target();
    b.loop_label(t);
    let first = b.with(Opcode::New, &[], Kind::Ref, Descr::Layout(&NODE));
    b.effect(Opcode::Setfield, &[v(first), v(n)], Descr::Field(VALUE));
    let more = b.int(Opcode::IntGt, &[v(n), Arg::Int(0)]);
    b.guard(Opcode::GuardTrue, &[v(more)], &[v(list)]);
    let refs = b.with(Opcode::NewArray, &[Arg::Int(2)], Kind::Ref, Descr::Layout(&REFS));
    let second = b.with(Opcode::New, &[], Kind::Ref, Descr::Layout(&NODE));
    let minus = b.int(Opcode::IntNeg, &[v(n)]);
    b.effect(Opcode::Setfield, &[v(second), v(minus)], Descr::Field(VALUE));
    b.effect(Opcode::Setarrayitem, &[v(refs), Arg::Int(0), v(first)], Descr::Array(REFS_DESCR));
    b.effect(Opcode::Setarrayitem, &[v(refs), Arg::Int(1), v(list)], Descr::Array(REFS_DESCR));
    b.effect(Opcode::Setfield, &[v(first), v(second)], Descr::Field(NEXT));
    let n1 = b.int(Opcode::IntSub, &[v(n), Arg::Int(1)]);
    b.jump(&[v(n1), v(refs)], t);
    let backend = X86Backend::new();
    let id = backend.compile_loop(&b.trace).expect("compiles");
    let exit = backend.execute(id, &[count as u64, 0]);
    assert_eq!(exit.guard, 0, "the loop ends at its only guard");
    gcref(exit.values[0])
}

/// Check the list of arrays `run_blocks(count)` built: the `k`th array from the head (made when
/// the counter was `k`) holds the node holding `k`, whose `next` is the node holding `-k`, whose
/// `next` is null.
fn check_blocks(list: GcRef, count: i64) {
    let mut refs = list;
    for expected in 1..=count {
        assert!(heap::is_object(refs.addr()), "array {expected} is not a live object");
        assert_eq!(heap::array_len(refs, &REFS_DESCR), 2, "array {expected}'s length");
        let first = heap::read_item_ref(refs, &REFS_DESCR, 0);
        assert!(heap::is_object(first.addr()), "node {expected} is not a live object");
        assert_eq!(heap::read_field(first, &VALUE) as i64, expected, "node {expected}'s value");
        let second = heap::read_field_ref(first, &NEXT);
        assert!(heap::is_object(second.addr()), "node -{expected} is not a live object");
        assert_eq!(heap::read_field(second, &VALUE) as i64, -expected, "node -{expected}'s value");
        assert!(heap::read_field_ref(second, &NEXT).is_null(), "node -{expected}'s unstored next is null");
        refs = heap::read_item_ref(refs, &REFS_DESCR, 1);
    }
    assert!(refs.is_null(), "the list has {count} arrays");
}

#[test]
fn objects_of_one_block_are_distinct_zeroed_and_survive_stress_collections() {
    stress();
    churn(20_000);
    heap::collect();
    let count = 3000;
    let before = heap::stats();
    let roots = RootSet::new();
    let list = roots.add(run_blocks(count));
    let after = heap::stats();
    assert!(after.collections > before.collections + 100, "stress mode collects every 7 allocations");
    assert!(after.allocations - before.allocations >= 3 * count as u64, "every object of a block is counted");
    check_blocks(list, count);
    heap::collect();
    churn(20_000);
    check_blocks(list, count);
}

//! Machine code and the collector (MMTk StickyImmix, the default): objects allocated inline are
//! valid objects that survive collections; a young object stored by compiled code into an old one
//! survives a nursery collection (the inline write barrier); objects held only in machine-code
//! registers and spill slots survive collections that happen during a residual call.

mod backend_support;
mod gc_fixture;

use backend_support::{fresh_target, v, Builder};
use gc_fixture::{gcref, NEXT, NODE, REFS, REFS_DESCR, VALUE};
use metatrace::backend::X86Backend;
use metatrace::call::{CallDescr, Effect, RawFn};
use metatrace::gc::{heap, GcRef, Kind, RootSet};
use metatrace::ir::{Arg, Descr, Opcode, Var};

fn node(value: i64, next: GcRef) -> GcRef {
    let n = heap::alloc(&NODE);
    heap::write_field(n, &VALUE, value as u64);
    heap::write_field_ref(n, &NEXT, next);
    n
}

/// Allocate `n` unreachable nodes holding -1: garbage that overwrites reclaimed memory.
#[inline(never)]
fn churn(n: usize) {
    let mut list = GcRef::NULL;
    for i in 0..n {
        list = node(-1, if i % 64 == 0 { GcRef::NULL } else { list });
    }
    std::hint::black_box(list);
}

/// Overwrite a stretch of the stack below the caller, so that stale copies of references left
/// there by earlier calls do not keep objects alive.
#[inline(never)]
fn clear_stack() {
    let mut buffer = [0u64; 4096];
    std::hint::black_box(&mut buffer);
}

/// The values of a list of nodes, checking that every node is a live object.
fn values(mut list: GcRef) -> Vec<i64> {
    let mut out = Vec::new();
    while !list.is_null() {
        assert!(heap::is_object(list.addr()), "node {} of the list is not a live object", out.len());
        out.push(heap::read_field(list, &VALUE) as i64);
        list = heap::read_field_ref(list, &NEXT);
    }
    out
}

#[test]
fn objects_allocated_inline_are_valid_and_survive_collections() {
    // loop: n -> a node (value n, next the list so far) and an array of 3 refs holding it, until
    // n reaches 0; the list leaves through the exit.
    let mut b = Builder::new();
    let [n, list]: [Var; 2] = b.inputs(&[Kind::Int, Kind::Ref]).try_into().unwrap();
    let t = fresh_target();
    b.loop_label(t);
    let cell = b.with(Opcode::New, &[], Kind::Ref, Descr::Layout(&NODE));
    b.effect(Opcode::Setfield, &[v(cell), v(n)], Descr::Field(VALUE));
    b.effect(Opcode::Setfield, &[v(cell), v(list)], Descr::Field(NEXT));
    let refs = b.with(Opcode::NewArray, &[Arg::Int(3)], Kind::Ref, Descr::Layout(&REFS));
    b.effect(Opcode::Setarrayitem, &[v(refs), Arg::Int(1), v(cell)], Descr::Array(REFS_DESCR));
    let len = b.with(Opcode::Arraylen, &[v(refs)], Kind::Int, Descr::Array(REFS_DESCR));
    let first = b.with(Opcode::Getarrayitem, &[v(refs), Arg::Int(0)], Kind::Ref, Descr::Array(REFS_DESCR));
    let is_null = b.int(Opcode::PtrEq, &[v(first), Arg::Ref(GcRef::NULL)]);
    b.guard(Opcode::GuardTrue, &[v(is_null)], &[v(cell)]);
    let n1 = b.int(Opcode::IntSub, &[v(n), v(len)]);
    let n2 = b.int(Opcode::IntAdd, &[v(n1), Arg::Int(2)]);
    let more = b.int(Opcode::IntGt, &[v(n2), Arg::Int(0)]);
    b.guard(Opcode::GuardTrue, &[v(more)], &[v(cell)]);
    b.jump(&[v(n2), v(cell)], t);

    let backend = X86Backend::new();
    let id = backend.compile_loop(&b.trace).expect("compiles");
    let before = heap::stats();
    // Over 32 MiB of nodes and arrays, more than the first nursery holds: at least one collection.
    let count = 1_000_000;
    let exit = backend.execute(id, &[count as u64, 0]);
    assert_eq!(exit.guard, 1, "the loop ends at the counter's guard: the arrays were zeroed");
    let roots = RootSet::new();
    let list = roots.add(gcref(exit.values[0]));
    let after = heap::stats();
    assert!(after.allocations - before.allocations >= 2 * count, "inline allocations are counted");
    assert!(after.collections > before.collections, "the loop allocated enough to collect");
    clear_stack();
    heap::collect();
    churn(100_000);
    let values = values(list);
    assert_eq!(values.len(), count as usize);
    assert!(values.iter().copied().eq(1..=count as i64), "node values survive");
}

/// `old.next = new Node(value)` in compiled code, where `old` is an old object: an input (a
/// register) or a constant of the trace.
fn store_young_into_old(old: GcRef, as_constant: bool, value: i64) {
    let mut b = Builder::new();
    let input = b.input(Kind::Ref);
    b.loop_label(fresh_target());
    let target = if as_constant { Arg::Ref(old) } else { v(input) };
    let young = b.with(Opcode::New, &[], Kind::Ref, Descr::Layout(&NODE));
    b.effect(Opcode::Setfield, &[v(young), Arg::Int(value)], Descr::Field(VALUE));
    b.effect(Opcode::Setfield, &[target, v(young)], Descr::Field(NEXT));
    b.finish(&[]);
    let backend = X86Backend::new();
    let id = backend.compile_loop(&b.trace).expect("compiles");
    backend.execute(id, &[old.addr() as u64]);
}

#[test]
fn young_objects_stored_into_old_ones_by_compiled_code_survive_nursery_collections() {
    for round in 0..20 {
        let roots = RootSet::new();
        let old = roots.add(node(-2, GcRef::NULL));
        heap::collect();
        let as_constant = round % 2 == 1;
        store_young_into_old(old, as_constant, round);
        clear_stack();
        heap::collect_young();
        churn(50_000);
        let next = heap::read_field_ref(old, &NEXT);
        assert!(heap::is_object(next.addr()), "round {round}: the young object was reclaimed");
        assert_eq!(values(old), vec![-2, round], "round {round}");
    }
}

extern "C" fn collect_and_churn() -> u64 {
    clear_stack();
    heap::collect();
    churn(100_000);
    heap::collect_young();
    0
}

static COLLECT: CallDescr = CallDescr {
    name: "collect_and_churn",
    func: RawFn::A0(collect_and_churn),
    args: &[],
    result: None,
    effect: Effect::Plain,
    can_raise: false,
    oopspec: metatrace::call::OopSpec::None,
};

#[test]
fn objects_only_in_registers_and_spill_slots_survive_collections_during_calls() {
    // 40 nodes, more than the registers hold, live across a call that collects; then their
    // values are summed and the first and last leave through the finish.
    let count = 40;
    let mut b = Builder::new();
    let base = b.input(Kind::Int);
    b.loop_label(fresh_target());
    let nodes: Vec<Var> = (0..count)
        .map(|k| {
            let n = b.with(Opcode::New, &[], Kind::Ref, Descr::Layout(&NODE));
            let value = b.int(Opcode::IntAdd, &[v(base), Arg::Int(k)]);
            b.effect(Opcode::Setfield, &[v(n), v(value)], Descr::Field(VALUE));
            n
        })
        .collect();
    b.op_descr(Opcode::Call, &[], None, Some(Descr::Call(&COLLECT)));
    let mut sum = b.int(Opcode::SameAs, &[Arg::Int(0)]);
    for &n in &nodes {
        let value = b.with(Opcode::Getfield, &[v(n)], Kind::Int, Descr::Field(VALUE));
        sum = b.int(Opcode::IntAdd, &[v(sum), v(value)]);
    }
    b.finish(&[v(sum), v(nodes[0]), v(nodes[count as usize - 1])]);
    let backend = X86Backend::new();
    let id = backend.compile_loop(&b.trace).expect("compiles");
    for round in 0..3 {
        let base = 1000 * round;
        let exit = backend.execute(id, &[base as u64]);
        let expected: i64 = (0..count).map(|k| base + k).sum();
        assert_eq!(exit.values[0] as i64, expected, "round {round}: a node was reclaimed during the call");
        for (bits, value) in [(exit.values[1], base), (exit.values[2], base + count - 1)] {
            assert!(heap::is_object(bits as usize));
            assert_eq!(heap::read_field(gcref(bits), &VALUE) as i64, value);
        }
    }
}

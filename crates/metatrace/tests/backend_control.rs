//! The x86-64 backend's loops, guards, heap access, allocation, residual calls, exceptions,
//! bridges, labels, freeing and errors.

mod backend_support;

use backend_support::*;
use metatrace::backend::{Backend, BackendError, TraceId, X86Backend};
use metatrace::call::{self, CallDescr, Effect, RawFn};
use metatrace::gc::heap::{read_field, read_item};
use metatrace::gc::{alloc, ArrayDescr, ArrayPart, FieldDescr, GcHeader, GcRef, ItemType, Kind, Layout};
use metatrace::ir::{Arg, Descr, Opcode, Trace};
use std::mem::offset_of;
use std::sync::Mutex;

#[repr(C)]
struct Obj {
    header: GcHeader,
    i8f: i8,
    u8f: u8,
    i16f: i16,
    u16f: u16,
    i32f: i32,
    u32f: u32,
    i64f: i64,
    f64f: f64,
    r: GcRef,
}

static OBJ: Layout = Layout { name: "Obj", size: size_of::<Obj>(), ref_offsets: &[offset_of!(Obj, r)], array: None };
static OTHER: Layout =
    Layout { name: "Other", size: size_of::<Obj>(), ref_offsets: &[offset_of!(Obj, r)], array: None };

const fn int_type(size: u8, signed: bool) -> ItemType {
    ItemType { kind: Kind::Int, size, signed }
}

const fn field(name: &'static str, offset: usize, ty: ItemType) -> FieldDescr {
    FieldDescr { owner: "Obj", name, offset, ty, immutable: false, quasi_immutable: false, layout: None }
}

const FIELDS: [FieldDescr; 9] = [
    field("i8f", offset_of!(Obj, i8f), int_type(1, true)),
    field("u8f", offset_of!(Obj, u8f), int_type(1, false)),
    field("i16f", offset_of!(Obj, i16f), int_type(2, true)),
    field("u16f", offset_of!(Obj, u16f), int_type(2, false)),
    field("i32f", offset_of!(Obj, i32f), int_type(4, true)),
    field("u32f", offset_of!(Obj, u32f), int_type(4, false)),
    field("i64f", offset_of!(Obj, i64f), ItemType::I64),
    field("f64f", offset_of!(Obj, f64f), ItemType::F64),
    field("r", offset_of!(Obj, r), ItemType::REF),
];
const I64F: FieldDescr = FIELDS[6];

#[repr(C)]
struct Arr {
    header: GcHeader,
    len: i64,
    items: [u64; 0],
}

const fn part(item: ItemType) -> ArrayPart {
    ArrayPart { length_offset: offset_of!(Arr, len), items_offset: offset_of!(Arr, items), item }
}

const fn array_layout(item: ItemType) -> Layout {
    Layout { name: "Arr", size: size_of::<Arr>(), ref_offsets: &[], array: Some(part(item)) }
}

static ARRAYS: [Layout; 9] = [
    array_layout(int_type(1, true)),
    array_layout(int_type(1, false)),
    array_layout(int_type(2, true)),
    array_layout(int_type(2, false)),
    array_layout(int_type(4, true)),
    array_layout(int_type(4, false)),
    array_layout(ItemType::I64),
    array_layout(ItemType::F64),
    array_layout(ItemType::REF),
];

fn array_descr(layout: &Layout) -> ArrayDescr {
    ArrayDescr { owner: "Arr", part: layout.array.unwrap() }
}

/// The value a field or item of type `ty` holds after storing `bits` into it, as loaded.
fn stored(ty: ItemType, bits: u64) -> u64 {
    match (ty.size, ty.signed) {
        (1, true) => bits as i8 as i64 as u64,
        (1, false) => bits as u8 as u64,
        (2, true) => bits as i16 as i64 as u64,
        (2, false) => bits as u16 as u64,
        (4, true) => bits as i32 as i64 as u64,
        (4, false) => bits as u32 as u64,
        _ => bits,
    }
}

fn addr(r: GcRef) -> u64 {
    r.addr() as u64
}

fn gcref(bits: u64) -> GcRef {
    // SAFETY: only called on references that compiled code returned, which are live objects
    // allocated by the heap (objects are never freed by the stand-in collector).
    unsafe { GcRef::from_addr(bits as usize) }
}

fn layout_arg(layout: &'static Layout) -> Arg {
    Arg::Int(layout as *const Layout as i64)
}

/// A loop `i = 0..n` that exits through its guard when `i + 1 == n`.
fn counting_loop(t: u32) -> (Trace, u32) {
    let mut b = Builder::new();
    let (i, n) = (b.input(Kind::Int), b.input(Kind::Int));
    b.loop_label(t);
    let i2 = b.int(Opcode::IntAdd, &[v(i), Arg::Int(1)]);
    let c = b.int(Opcode::IntLt, &[v(i2), v(n)]);
    let g = b.guard(Opcode::GuardTrue, &[v(c)], &[v(i2), v(n)]);
    b.jump(&[v(i2), v(n)], t);
    (b.trace, g)
}

#[test]
fn a_counting_loop_exits_through_its_guard() {
    let backend = X86Backend::new();
    let (trace, g) = counting_loop(fresh_target());
    let id = backend.compile_loop(&trace).unwrap();
    for n in [1, 2, 1000, 1_000_000] {
        let exit = backend.execute(id, &[0, n]);
        assert_eq!((exit.trace, exit.guard, exit.values), (id, g, vec![n, n]));
    }
    assert!(backend.code_size(id) > 20);
    let text = backend.disassemble(id);
    assert!(text.contains("jmp") && text.contains("cmp") && text.contains("add"), "{text}");
    assert!(text.lines().all(|l| l.starts_with(|c: char| c.is_ascii_hexdigit())), "{text}");
}

#[test]
fn the_backend_trait_drives_the_x86_backend() {
    let backend: Box<dyn Backend> = Box::new(X86Backend::new());
    let (trace, g) = counting_loop(fresh_target());
    let id = backend.compile_loop(&trace).unwrap();
    assert_eq!(backend.execute(id, &[5, 50]).values, vec![50, 50]);
    assert_eq!(backend.execute(id, &[5, 50]).guard, g);
    assert!(backend.code_size(id) > 0);
    assert!(!backend.disassemble(id).is_empty());
    backend.free(id);
    assert_eq!(backend.code_size(id), 0);
}

/// Twenty ints and ten floats rotate through the label args every iteration, more than the
/// registers hold, so the jump's parallel move has cycles through registers and slots.
#[test]
fn loop_carried_values_rotate_through_registers_and_slots() {
    let backend = X86Backend::new();
    let t = fresh_target();
    let mut b = Builder::new();
    let ints = b.inputs(&[Kind::Int; 20]);
    let floats = b.inputs(&[Kind::Float; 10]);
    let (i, n) = (b.input(Kind::Int), b.input(Kind::Int));
    b.loop_label(t);
    let i2 = b.int(Opcode::IntAdd, &[v(i), Arg::Int(1)]);
    let c = b.int(Opcode::IntLt, &[v(i2), v(n)]);
    let all: Vec<Arg> = b.trace.inputargs.iter().map(|&x| v(x)).collect();
    let g = b.guard(Opcode::GuardTrue, &[v(c)], &all);
    let mut next: Vec<Arg> = ints[1..].iter().chain(&ints[..1]).map(|&x| v(x)).collect();
    next.extend(floats[1..].iter().chain(&floats[..1]).map(|&x| v(x)));
    next.extend([v(i2), v(n)]);
    b.jump(&next, t);
    let id = backend.compile_loop(&b.trace).unwrap();

    let start: Vec<u64> = (0..20).map(|k| k * 1_000_003).chain((0..10).map(|k| (k as f64 + 0.25).to_bits())).collect();
    for n in [1u64, 2, 3, 37] {
        let mut want = start.clone();
        for _ in 1..n {
            want[..20].rotate_left(1);
            want[20..].rotate_left(1);
        }
        want.extend([n - 1, n]);
        let mut inputs = start.clone();
        inputs.extend([0, n]);
        let exit = backend.execute(id, &inputs);
        assert_eq!(exit.guard, g);
        assert_eq!(exit.values, want, "n = {n}");
    }
}

/// 800 values live at once: most live in spill slots, and the frame spans several pages.
#[test]
fn many_live_values_spill_and_come_back() {
    let backend = X86Backend::new();
    let mut b = Builder::new();
    let (x, y) = (b.input(Kind::Int), b.input(Kind::Float));
    b.loop_label(fresh_target());
    let mut fail = Vec::new();
    for k in 0..400 {
        fail.push(v(b.int(Opcode::IntMul, &[v(x), Arg::Int(k)])));
        fail.push(v(b.float(Opcode::FloatMul, &[v(y), Arg::float(k as f64)])));
    }
    let sum = fail.iter().step_by(2).fold(v(x), |acc, &a| v(b.int(Opcode::IntAdd, &[acc, a])));
    fail.push(sum);
    b.finish(&fail);
    let id = backend.compile_loop(&b.trace).unwrap();
    let exit = backend.execute(id, &[3, 0.5f64.to_bits()]);
    for k in 0..400 {
        assert_eq!(exit.values[2 * k] as i64, 3 * k as i64);
        assert_eq!(f64::from_bits(exit.values[2 * k + 1]), 0.5 * k as f64);
    }
    assert_eq!(exit.values[800] as i64, 3 + 3 * (0..400).sum::<i64>());
}

/// A guard's exit with 800 values, most in spill slots, and constants and repeated values among
/// its fail args: the exit block saves the registers and the slots, and each fail arg is read
/// back from where the guard's record says it was.
#[test]
fn a_guard_exit_reads_fail_args_from_registers_slots_and_constants() {
    let backend = X86Backend::new();
    let mut b = Builder::new();
    let (x, y, n) = (b.input(Kind::Int), b.input(Kind::Float), b.input(Kind::Int));
    b.loop_label(fresh_target());
    let mut fail = Vec::new();
    for k in 0..400 {
        fail.push(v(b.int(Opcode::IntMul, &[v(x), Arg::Int(k)])));
        fail.push(v(b.float(Opcode::FloatMul, &[v(y), Arg::float(k as f64)])));
    }
    fail.extend([Arg::Int(-7), Arg::float(2.5), fail[3], v(x)]);
    let c = b.int(Opcode::IntLt, &[v(x), v(n)]);
    let g = b.guard(Opcode::GuardTrue, &[v(c)], &fail);
    b.finish(&[v(x)]);
    let id = backend.compile_loop(&b.trace).unwrap();
    let exit = backend.execute(id, &[3, 0.5f64.to_bits(), 2]);
    assert_eq!(exit.guard, g);
    for k in 0..400 {
        assert_eq!(exit.values[2 * k] as i64, 3 * k as i64);
        assert_eq!(f64::from_bits(exit.values[2 * k + 1]), 0.5 * k as f64);
    }
    assert_eq!(exit.values[800] as i64, -7);
    assert_eq!(f64::from_bits(exit.values[801]), 2.5);
    assert_eq!(f64::from_bits(exit.values[802]), 0.5);
    assert_eq!(exit.values[803], 3);
}

#[test]
fn fields_of_every_size_and_kind_round_trip() {
    let backend = X86Backend::new();
    let obj = alloc(&OBJ);
    let target = alloc(&OTHER);
    for f in FIELDS {
        let values: Vec<u64> = match f.ty.kind {
            Kind::Int => INT_EDGES.iter().map(|&x| x as u64).collect(),
            Kind::Float => FLOAT_EDGES.iter().map(|x| x.to_bits()).collect(),
            Kind::Ref => vec![addr(target), 0, addr(obj)],
        };
        // setfield(obj, x); y = getfield(obj): both through variables.
        let mut b = Builder::new();
        let (o, x) = (b.input(Kind::Ref), b.input(f.ty.kind));
        b.loop_label(fresh_target());
        b.effect(Opcode::Setfield, &[v(o), v(x)], Descr::Field(f));
        let y = b.with(Opcode::Getfield, &[v(o)], f.ty.kind, Descr::Field(f));
        b.finish(&[v(y)]);
        let id = backend.compile_loop(&b.trace).unwrap();
        for &bits in &values {
            let exit = backend.execute(id, &[addr(obj), bits]);
            assert_eq!(exit.values, vec![stored(f.ty, bits)], "{} <- {bits:#x}", f.name);
            assert_eq!(read_field(obj, &f), stored(f.ty, bits), "{} in memory", f.name);
        }
        // The object and the value as constants.
        for &bits in values.iter().filter(|_| f.ty.kind != Kind::Ref) {
            let mut b = Builder::new();
            b.loop_label(fresh_target());
            let value = if f.ty.kind == Kind::Float { Arg::Float(bits) } else { Arg::Int(bits as i64) };
            b.effect(Opcode::Setfield, &[Arg::Ref(obj), value], Descr::Field(f));
            let y = b.with(Opcode::Getfield, &[Arg::Ref(obj)], f.ty.kind, Descr::Field(f));
            b.finish(&[v(y)]);
            let id = backend.compile_loop(&b.trace).unwrap();
            assert_eq!(backend.execute(id, &[]).values, vec![stored(f.ty, bits)], "{} <- const {bits:#x}", f.name);
            backend.free(id);
        }
    }
}

#[test]
fn array_items_of_every_size_round_trip_in_new_arrays() {
    let backend = X86Backend::new();
    for layout in &ARRAYS {
        let a = array_descr(layout);
        let ty = a.part.item;
        let kind = ty.kind;
        // a = new_array(len); a[i] = x; a[len - 1] via a constant index; read both back.
        let mut b = Builder::new();
        let (len, i, x) = (b.input(Kind::Int), b.input(Kind::Int), b.input(kind));
        b.loop_label(fresh_target());
        let arr = b.with(Opcode::NewArray, &[v(len)], Kind::Ref, Descr::Layout(layout));
        b.effect(Opcode::Setarrayitem, &[v(arr), v(i), v(x)], Descr::Array(a));
        let constant =
            if kind == Kind::Float { Arg::float(-3.25) } else { Arg::Int(if kind == Kind::Ref { 0 } else { -77 }) };
        b.effect(Opcode::Setarrayitem, &[v(arr), Arg::Int(9), constant], Descr::Array(a));
        let y = b.with(Opcode::Getarrayitem, &[v(arr), v(i)], kind, Descr::Array(a));
        let z = b.with(Opcode::Getarrayitem, &[v(arr), Arg::Int(9)], kind, Descr::Array(a));
        let n = b.with(Opcode::Arraylen, &[v(arr)], Kind::Int, Descr::Array(a));
        b.finish(&[v(arr), v(y), v(z), v(n)]);
        let id = backend.compile_loop(&b.trace).unwrap();
        let other = alloc(&OBJ);
        let values: Vec<u64> = match kind {
            Kind::Int => INT_EDGES.iter().map(|&x| x as u64).collect(),
            Kind::Float => FLOAT_EDGES.iter().map(|x| x.to_bits()).collect(),
            Kind::Ref => vec![addr(other), 0],
        };
        for (k, &bits) in values.iter().enumerate() {
            let index = (k % 9) as u64;
            let exit = backend.execute(id, &[10, index, bits]);
            let arr = gcref(exit.values[0]);
            assert!(std::ptr::eq(arr.layout(), layout));
            let want_z = stored(ty, constant.const_bits().unwrap());
            assert_eq!(exit.values[1..], [stored(ty, bits), want_z, 10], "{ty:?} <- {bits:#x}");
            assert_eq!(read_item(arr, &a, index as i64), stored(ty, bits), "{ty:?} in memory");
            assert_eq!(read_item(arr, &a, 9), want_z);
            let untouched = (0..10).filter(|&j| j != index as i64 && j != 9);
            assert!(untouched.into_iter().all(|j| read_item(arr, &a, j) == 0), "{ty:?}: neighbours untouched");
        }
    }
}

#[test]
fn new_allocates_an_object_of_its_layout() {
    let backend = X86Backend::new();
    let mut b = Builder::new();
    let x = b.input(Kind::Int);
    b.loop_label(fresh_target());
    let o = b.with(Opcode::New, &[], Kind::Ref, Descr::Layout(&OBJ));
    let p = b.with(Opcode::New, &[], Kind::Ref, Descr::Layout(&OTHER));
    b.effect(Opcode::Setfield, &[v(o), v(x)], Descr::Field(I64F));
    b.effect(Opcode::Setfield, &[v(o), v(p)], Descr::Field(FIELDS[8]));
    b.finish(&[v(o), v(x)]);
    let id = backend.compile_loop(&b.trace).unwrap();
    let exit = backend.execute(id, &[77]);
    let o = gcref(exit.values[0]);
    assert_eq!(o.layout().name, "Obj");
    assert_eq!(read_field(o, &I64F), 77);
    assert_eq!(gcref(read_field(o, &FIELDS[8])).layout().name, "Other");
    assert_eq!(exit.values[1], 77);
    assert_ne!(backend.execute(id, &[1]).values[0], addr(o), "a fresh object each time");
}

extern "C" fn f0() -> u64 {
    42
}
extern "C" fn f1(a: u64) -> u64 {
    a.wrapping_mul(3)
}
extern "C" fn f2(a: u64, b: u64) -> u64 {
    a.wrapping_sub(b)
}
extern "C" fn f3(a: u64, b: u64, c: u64) -> u64 {
    a.wrapping_mul(100).wrapping_add(b.wrapping_mul(10)).wrapping_add(c)
}
extern "C" fn f4(a: u64, b: u64, c: u64, d: u64) -> u64 {
    f3(a, b, c).wrapping_mul(10).wrapping_add(d)
}
extern "C" fn f5(a: u64, b: u64, c: u64, d: u64, e: u64) -> u64 {
    f4(a, b, c, d).wrapping_mul(10).wrapping_add(e)
}
extern "C" fn f6(a: u64, b: u64, c: u64, d: u64, e: u64, f: u64) -> u64 {
    f5(a, b, c, d, e).wrapping_mul(10).wrapping_add(f)
}
/// `a * b + c` on floats, with an int in the middle: floats travel as bits in integer registers.
extern "C" fn fmix(a: u64, b: u64, c: u64) -> u64 {
    (f64::from_bits(a) * b as i64 as f64 + f64::from_bits(c)).to_bits()
}

const fn descr(
    name: &'static str,
    func: RawFn,
    args: &'static [Kind],
    result: Option<Kind>,
    can_raise: bool,
) -> CallDescr {
    CallDescr { name, func, args, result, effect: Effect::Plain, can_raise, oopspec: metatrace::call::OopSpec::None }
}

const INTS: &[Kind] = &[Kind::Int; 6];
static CALLS: [CallDescr; 7] = [
    descr("f0", RawFn::A0(f0), &[], Some(Kind::Int), false),
    descr("f1", RawFn::A1(f1), INTS.split_at(1).0, Some(Kind::Int), false),
    descr("f2", RawFn::A2(f2), INTS.split_at(2).0, Some(Kind::Int), false),
    descr("f3", RawFn::A3(f3), INTS.split_at(3).0, Some(Kind::Int), false),
    descr("f4", RawFn::A4(f4), INTS.split_at(4).0, Some(Kind::Int), false),
    descr("f5", RawFn::A5(f5), INTS.split_at(5).0, Some(Kind::Int), false),
    descr("f6", RawFn::A6(f6), INTS, Some(Kind::Int), false),
];
static FMIX: CallDescr =
    descr("fmix", RawFn::A3(fmix), &[Kind::Float, Kind::Int, Kind::Float], Some(Kind::Float), false);

/// Calls with 0 to 6 arguments (variables and constants), with ints and floats live across them.
#[test]
fn residual_calls_pass_arguments_and_preserve_live_values() {
    let backend = X86Backend::new();
    for (arity, descr) in CALLS.iter().enumerate() {
        for constant_at in [None, Some(arity / 2)] {
            if constant_at.is_some() && arity == 0 {
                continue;
            }
            let mut b = Builder::new();
            let xs = b.inputs(&vec![Kind::Int; arity]);
            let (z, w) = (b.input(Kind::Int), b.input(Kind::Float));
            b.loop_label(fresh_target());
            let mut live: Vec<Arg> = (0..14).map(|k| v(b.int(Opcode::IntAdd, &[v(z), Arg::Int(k)]))).collect();
            live.extend((0..4).map(|k| v(b.float(Opcode::FloatAdd, &[v(w), Arg::float(k as f64)]))));
            let args: Vec<Arg> =
                xs.iter().enumerate().map(|(k, &x)| if Some(k) == constant_at { Arg::Int(7) } else { v(x) }).collect();
            let r = b.with(Opcode::Call, &args, Kind::Int, Descr::Call(descr));
            let mut fail = vec![v(r)];
            fail.extend(live);
            b.finish(&fail);
            let id = backend.compile_loop(&b.trace).unwrap();
            let inputs: Vec<u64> = (1..=arity as u64).chain([1000, 1.5f64.to_bits()]).collect();
            let exit = backend.execute(id, &inputs);
            let call_args: Vec<u64> = (0..arity).map(|k| if Some(k) == constant_at { 7 } else { inputs[k] }).collect();
            assert_eq!(exit.values[0], descr.func.invoke(&call_args), "{} {constant_at:?}", descr.name);
            for k in 0..14 {
                assert_eq!(exit.values[1 + k], 1000 + k as u64, "{}: live int {k}", descr.name);
            }
            for k in 0..4 {
                assert_eq!(f64::from_bits(exit.values[15 + k]), 1.5 + k as f64, "{}: live float {k}", descr.name);
            }
        }
    }
    let mut b = Builder::new();
    let (a, n, c) = (b.input(Kind::Float), b.input(Kind::Int), b.input(Kind::Float));
    b.loop_label(fresh_target());
    let r = b.with(Opcode::CallPure, &[v(a), v(n), v(c)], Kind::Float, Descr::Call(&FMIX));
    let s = b.float(Opcode::FloatAdd, &[v(r), v(a)]);
    let r2 = b.with(Opcode::Call, &[Arg::float(2.0), Arg::Int(-3), v(s)], Kind::Float, Descr::Call(&FMIX));
    b.finish(&[v(r), v(r2), v(a), v(c)]);
    let id = backend.compile_loop(&b.trace).unwrap();
    let exit = backend.execute(id, &[1.5f64.to_bits(), 4, 0.25f64.to_bits()]);
    let floats: Vec<f64> = exit.values.iter().map(|&x| f64::from_bits(x)).collect();
    assert_eq!(floats, vec![6.25, -6.0 + 7.75, 1.5, 0.25]);
}

static EXCEPTION: Layout = Layout { name: "Exception", size: 8, ref_offsets: &[], array: None };

/// Returns `a + 1`, raising when `a` is negative.
extern "C" fn may_raise(a: u64) -> u64 {
    if (a as i64) < 0 {
        call::set_exception(alloc(&EXCEPTION));
    }
    a.wrapping_add(1)
}
static MAY_RAISE: CallDescr = descr("may_raise", RawFn::A1(may_raise), &[Kind::Int], Some(Kind::Int), true);

/// The pending exception is one word for the whole process: tests that raise take turns.
static EXCEPTION_SLOT: Mutex<()> = Mutex::new(());

#[test]
fn guard_no_exception_exits_when_a_call_raised_and_leaves_it_pending() {
    let _turn = EXCEPTION_SLOT.lock().unwrap();
    let backend = X86Backend::new();
    let mut b = Builder::new();
    let x = b.input(Kind::Int);
    b.loop_label(fresh_target());
    let r = b.with(Opcode::CallMayForce, &[v(x)], Kind::Int, Descr::Call(&MAY_RAISE));
    let g = b.guard(Opcode::GuardNoException, &[], &[v(x), v(r)]);
    let f = b.finish(&[v(r)]);
    let id = backend.compile_loop(&b.trace).unwrap();
    let exit = backend.execute(id, &[5]);
    assert_eq!((exit.guard, exit.values), (f, vec![6]));
    let exit = backend.execute(id, &[-4i64 as u64]);
    assert_eq!((exit.guard, exit.values), (g, vec![-4i64 as u64, -3i64 as u64]));
    assert_eq!(call::take_exception().map(|e| e.layout().name), Some("Exception"));
    assert_eq!(call::take_exception(), None);
}

#[test]
fn guard_exception_takes_the_pending_exception() {
    let _turn = EXCEPTION_SLOT.lock().unwrap();
    let backend = X86Backend::new();
    let mut b = Builder::new();
    let x = b.input(Kind::Int);
    b.loop_label(fresh_target());
    let r = b.with(Opcode::Call, &[v(x)], Kind::Int, Descr::Call(&MAY_RAISE));
    let (g, e) = b.guard_exception(&[v(x)]);
    let f = b.finish(&[v(e), v(r)]);
    let id = backend.compile_loop(&b.trace).unwrap();
    let exit = backend.execute(id, &[5]);
    assert_eq!((exit.guard, exit.values), (g, vec![5]));
    let exit = backend.execute(id, &[-1i64 as u64]);
    assert_eq!(exit.guard, f);
    assert_eq!(gcref(exit.values[0]).layout().name, "Exception");
    assert_eq!(exit.values[1], 0);
    assert_eq!(call::take_exception(), None, "guard_exception cleared the slot");
}

#[test]
fn guard_class_compares_the_header_with_the_layout() {
    let backend = X86Backend::new();
    let mut b = Builder::new();
    let o = b.input(Kind::Ref);
    b.loop_label(fresh_target());
    let g = b.guard(Opcode::GuardClass, &[v(o), layout_arg(&OBJ)], &[v(o)]);
    let x = b.with(Opcode::Getfield, &[v(o)], Kind::Int, Descr::Field(I64F));
    let f = b.finish(&[v(x)]);
    let id = backend.compile_loop(&b.trace).unwrap();
    let (obj, other) = (alloc(&OBJ), alloc(&OTHER));
    metatrace::gc::heap::write_field(obj, &I64F, 99);
    assert_eq!(backend.execute(id, &[addr(obj)]).guard, f);
    assert_eq!(backend.execute(id, &[addr(obj)]).values, vec![99]);
    let exit = backend.execute(id, &[addr(other)]);
    assert_eq!((exit.guard, exit.values), (g, vec![addr(other)]));
}

#[test]
fn guard_nonnull_class_exits_for_null_and_for_other_layouts() {
    let backend = X86Backend::new();
    let mut b = Builder::new();
    let o = b.input(Kind::Ref);
    b.loop_label(fresh_target());
    let g = b.guard(Opcode::GuardNonnullClass, &[v(o), layout_arg(&OBJ)], &[v(o)]);
    let x = b.with(Opcode::Getfield, &[v(o)], Kind::Int, Descr::Field(I64F));
    let f = b.finish(&[v(x)]);
    let id = backend.compile_loop(&b.trace).unwrap();
    let (obj, other) = (alloc(&OBJ), alloc(&OTHER));
    metatrace::gc::heap::write_field(obj, &I64F, 7);
    let exit = backend.execute(id, &[addr(obj)]);
    assert_eq!((exit.guard, exit.values), (f, vec![7]));
    for bad in [addr(other), 0] {
        let exit = backend.execute(id, &[bad]);
        assert_eq!((exit.guard, exit.values), (g, vec![bad]));
    }
}

#[test]
fn guard_value_nonnull_and_isnull() {
    let backend = X86Backend::new();
    let obj = alloc(&OBJ);
    // (kind, the constant, runs as (input, whether the guard passes))
    type Case = (Kind, Arg, Vec<(u64, bool)>);
    let cases: Vec<Case> = vec![
        (Kind::Int, Arg::Int(5), vec![(5, true), (6, false), (5 + (1 << 32), false)]),
        (Kind::Int, Arg::Int(-1 << 40), vec![((-1i64 << 40) as u64, true), (0, false)]),
        (Kind::Ref, Arg::Ref(obj), vec![(addr(obj), true), (0, false)]),
        (
            Kind::Float,
            Arg::float(0.0),
            vec![(0.0f64.to_bits(), true), ((-0.0f64).to_bits(), false), (f64::NAN.to_bits(), false)],
        ),
        (Kind::Float, Arg::float(-2.5), vec![((-2.5f64).to_bits(), true), (2.5f64.to_bits(), false)]),
    ];
    for (kind, constant, runs) in cases {
        let mut b = Builder::new();
        let x = b.input(kind);
        b.loop_label(fresh_target());
        let g = b.guard(Opcode::GuardValue, &[v(x), constant], &[v(x)]);
        let f = b.finish(&[]);
        let id = backend.compile_loop(&b.trace).unwrap();
        for (bits, passes) in runs {
            assert_eq!(backend.execute(id, &[bits]).guard, if passes { f } else { g }, "{constant:?} vs {bits:#x}");
        }
    }
    for (opcode, passes_on_null) in [(Opcode::GuardNonnull, false), (Opcode::GuardIsnull, true)] {
        let mut b = Builder::new();
        let x = b.input(Kind::Ref);
        b.loop_label(fresh_target());
        let g = b.guard(opcode, &[v(x)], &[v(x)]);
        let f = b.finish(&[]);
        let id = backend.compile_loop(&b.trace).unwrap();
        assert_eq!(backend.execute(id, &[0]).guard, if passes_on_null { f } else { g });
        assert_eq!(backend.execute(id, &[addr(obj)]).guard, if passes_on_null { g } else { f });
    }
}

/// A bridge patched into a failing guard: the second run leaves through the bridge's finish.
#[test]
fn a_bridge_takes_over_its_guard() {
    let backend = X86Backend::new();
    let (trace, g) = counting_loop(fresh_target());
    let id = backend.compile_loop(&trace).unwrap();
    assert_eq!(backend.execute(id, &[0, 10]).guard, g);

    let mut b = Builder::new();
    let (i, n) = (b.input(Kind::Int), b.input(Kind::Int));
    let p = b.int(Opcode::IntMul, &[v(i), v(n)]);
    let f = b.finish(&[v(p), Arg::Int(-1)]);
    let bridge = backend.compile_bridge(id, g, &b.trace).unwrap();
    let exit = backend.execute(id, &[0, 10]);
    assert_eq!((exit.trace, exit.guard, exit.values), (bridge, f, vec![100, -1i64 as u64]));
    assert_eq!(backend.compile_bridge(id, g, &b.trace), Err(BackendError::GuardHasBridge(id, g)));
}

/// loop: i += 1; if i % 3 == 0 the guard fails into a bridge that adds 100 to acc and jumps
/// back to the loop's label; the loop ends when i reaches n.
#[test]
fn a_bridge_jumps_back_into_its_loop() {
    let backend = X86Backend::new();
    let t = fresh_target();
    let mut b = Builder::new();
    let (i, acc, n) = (b.input(Kind::Int), b.input(Kind::Int), b.input(Kind::Int));
    b.loop_label(t);
    let i2 = b.int(Opcode::IntAdd, &[v(i), Arg::Int(1)]);
    let acc2 = b.int(Opcode::IntAdd, &[v(acc), v(i2)]);
    let m = b.int(Opcode::IntMod, &[v(i2), Arg::Int(3)]);
    let rare = b.guard(Opcode::GuardTrue, &[v(m)], &[v(n), v(acc2), v(i2)]);
    let c = b.int(Opcode::IntLt, &[v(i2), v(n)]);
    let end = b.guard(Opcode::GuardTrue, &[v(c)], &[v(i2), v(acc2)]);
    b.jump(&[v(i2), v(acc2), v(n)], t);
    let id = backend.compile_loop(&b.trace).unwrap();

    let exit = backend.execute(id, &[0, 0, 100]);
    assert_eq!((exit.guard, exit.values), (rare, vec![100, 1 + 2 + 3, 3]));

    // The fail args come in another order than the label's args: the jump must shuffle them.
    let mut bb = Builder::new();
    let (n_, acc_, i_) = (bb.input(Kind::Int), bb.input(Kind::Int), bb.input(Kind::Int));
    let acc3 = bb.int(Opcode::IntAdd, &[v(acc_), Arg::Int(100)]);
    let c = bb.int(Opcode::IntLt, &[v(i_), v(n_)]);
    let bridge_end = bb.guard(Opcode::GuardTrue, &[v(c)], &[v(i_), v(acc3)]);
    bb.jump(&[v(i_), v(acc3), v(n_)], t);
    let bridge = backend.compile_bridge(id, rare, &bb.trace).unwrap();

    for n in [100i64, 101, 1000] {
        let mut acc = 0;
        for i in 1..=n {
            acc += i + if i % 3 == 0 { 100 } else { 0 };
        }
        let exit = backend.execute(id, &[0, 0, n as u64]);
        let want_trace = if n % 3 == 0 { (bridge, bridge_end) } else { (id, end) };
        assert_eq!((exit.trace, exit.guard), want_trace, "n = {n}");
        assert_eq!(exit.values, vec![n as u64, acc as u64], "n = {n}");
    }
}

/// A loop with a preamble and a second label; a bridge that jumps to the second label and has a
/// guard of its own, which gets a bridge too.
#[test]
fn bridges_of_bridges_and_a_second_label() {
    let backend = X86Backend::new();
    let (t1, t2) = (fresh_target(), fresh_target());
    let mut b = Builder::new();
    let (i, n) = (b.input(Kind::Int), b.input(Kind::Int));
    b.loop_label(t1);
    let i1 = b.int(Opcode::IntAdd, &[v(i), Arg::Int(1)]);
    b.label(&[i1, n], t2);
    let i2 = b.int(Opcode::IntAdd, &[v(i1), Arg::Int(1)]);
    let c = b.int(Opcode::IntLt, &[v(i2), v(n)]);
    let g = b.guard(Opcode::GuardTrue, &[v(c)], &[v(i2), v(n)]);
    b.jump(&[v(i2), v(n)], t2);
    let id = backend.compile_loop(&b.trace).unwrap();
    assert_eq!(backend.execute(id, &[0, 10]).values, vec![10, 10]);

    // Raise n by 10 while it stays below 35, jumping back into the peeled loop.
    let mut bb = Builder::new();
    let (i_, n_) = (bb.input(Kind::Int), bb.input(Kind::Int));
    let n2 = bb.int(Opcode::IntAdd, &[v(n_), Arg::Int(10)]);
    let c = bb.int(Opcode::IntLt, &[v(n2), Arg::Int(35)]);
    let g2 = bb.guard(Opcode::GuardTrue, &[v(c)], &[v(i_), v(n2), Arg::Int(7), v(i_), Arg::float(0.5)]);
    bb.jump(&[v(i_), v(n2)], t2);
    let bridge = backend.compile_bridge(id, g, &bb.trace).unwrap();
    let exit = backend.execute(id, &[0, 10]);
    assert_eq!((exit.trace, exit.guard), (bridge, g2));
    assert_eq!(exit.values, vec![30, 40, 7, 30, 0.5f64.to_bits()]);

    // Its inputs include a constant, a repeated variable and a float.
    let mut bbb = Builder::new();
    let ins = bbb.inputs(&[Kind::Int, Kind::Int, Kind::Int, Kind::Int, Kind::Float]);
    let s = bbb.int(Opcode::IntAdd, &[v(ins[0]), v(ins[1])]);
    let s = bbb.int(Opcode::IntMul, &[v(s), v(ins[2])]);
    let s = bbb.int(Opcode::IntSub, &[v(s), v(ins[3])]);
    let h = bbb.float(Opcode::FloatAdd, &[v(ins[4]), Arg::float(1.0)]);
    let f = bbb.finish(&[v(s), v(h), v(ins[2])]);
    let bridge2 = backend.compile_bridge(bridge, g2, &bbb.trace).unwrap();
    let exit = backend.execute(id, &[0, 10]);
    assert_eq!((exit.trace, exit.guard), (bridge2, f));
    assert_eq!(exit.values, vec![(30 + 40) * 7 - 30, 1.5f64.to_bits(), 7]);
}

/// A bridge from a guard whose fail args sit in spill slots.
#[test]
fn a_bridge_starts_from_spilled_fail_args() {
    let backend = X86Backend::new();
    let mut b = Builder::new();
    let (x, y) = (b.input(Kind::Int), b.input(Kind::Float));
    b.loop_label(fresh_target());
    let mut fail = Vec::new();
    for k in 0..40 {
        fail.push(v(b.int(Opcode::IntAdd, &[v(x), Arg::Int(k)])));
        fail.push(v(b.float(Opcode::FloatAdd, &[v(y), Arg::float(k as f64)])));
    }
    let c = b.int(Opcode::IntGt, &[v(x), Arg::Int(0)]);
    let g = b.guard(Opcode::GuardTrue, &[v(c)], &fail);
    b.finish(&[]);
    let id = backend.compile_loop(&b.trace).unwrap();

    let mut bb = Builder::new();
    let ins = bb.inputs(&fail.iter().map(Arg::kind).collect::<Vec<_>>());
    let ints: Vec<_> = ins.iter().filter(|x| x.kind == Kind::Int).collect();
    let floats: Vec<_> = ins.iter().filter(|x| x.kind == Kind::Float).collect();
    let isum = ints.iter().skip(1).fold(v(*ints[0]), |acc, &&x| v(bb.int(Opcode::IntAdd, &[acc, v(x)])));
    let fsum = floats.iter().skip(1).fold(v(*floats[0]), |acc, &&x| v(bb.float(Opcode::FloatAdd, &[acc, v(x)])));
    let f = bb.finish(&[isum, fsum]);
    let bridge = backend.compile_bridge(id, g, &bb.trace).unwrap();
    let exit = backend.execute(id, &[-5i64 as u64, 0.5f64.to_bits()]);
    assert_eq!((exit.trace, exit.guard), (bridge, f));
    assert_eq!(
        exit.values,
        vec![(0..40).map(|k| k - 5).sum::<i64>() as u64, (0..40).map(|k| k as f64 + 0.5).sum::<f64>().to_bits()]
    );
}

/// Loop B jumps into loop A's label. Freeing A keeps its code while B can reach it; freeing B
/// then reclaims both.
#[test]
fn freeing_waits_for_loops_that_jump_in() {
    let backend = X86Backend::new();
    let baseline = backend.code_memory_used();
    let ta = fresh_target();
    let (trace, g) = counting_loop(ta);
    let a = backend.compile_loop(&trace).unwrap();
    let mut b = Builder::new();
    let x = b.input(Kind::Int);
    b.loop_label(fresh_target());
    let y = b.int(Opcode::IntMul, &[v(x), Arg::Int(2)]);
    b.jump(&[v(y), Arg::Int(100)], ta);
    let bl = backend.compile_loop(&b.trace).unwrap();
    let exit = backend.execute(bl, &[3]);
    assert_eq!((exit.trace, exit.guard, exit.values), (a, g, vec![100, 100]));

    let used = backend.code_memory_used();
    backend.free(a);
    assert_eq!(backend.code_memory_used(), used, "a is still reachable from b");
    assert_eq!(backend.execute(bl, &[3]).values, vec![100, 100]);
    let (again, _) = counting_loop(fresh_target());
    let mut jumper = again.clone();
    jumper.ops.last_mut().unwrap().descr = Some(Descr::Target(ta));
    assert_eq!(backend.compile_loop(&jumper), Err(BackendError::UnknownTarget(ta)), "a's label is gone");
    backend.free(bl);
    assert_eq!(backend.code_memory_used(), baseline);
    assert_eq!(backend.code_size(a), 0);
}

#[test]
fn freeing_a_loop_frees_its_bridges_and_memory_is_reused() {
    let backend = X86Backend::with_code_limit(64 << 10);
    let baseline = backend.code_memory_used();
    let (trace, g) = counting_loop(fresh_target());
    let id = backend.compile_loop(&trace).unwrap();
    let mut b = Builder::new();
    let (i, n) = (b.input(Kind::Int), b.input(Kind::Int));
    b.finish(&[v(n), v(i)]);
    let bridge = backend.compile_bridge(id, g, &b.trace).unwrap();
    assert!(backend.code_size(bridge) > 0);
    backend.free(id);
    assert_eq!((backend.code_size(id), backend.code_size(bridge)), (0, 0));
    assert_eq!(backend.code_memory_used(), baseline);
    assert_eq!(backend.compile_bridge(id, g, &b.trace), Err(BackendError::UnknownTrace(id)));

    // 64 KiB hold a few hundred of these loops; thousands fit one after another.
    for _ in 0..3000 {
        let (trace, g) = counting_loop(fresh_target());
        let id = backend.compile_loop(&trace).unwrap();
        assert_eq!(backend.execute(id, &[0, 3]).guard, g);
        backend.free(id);
    }
    let mut kept = Vec::new();
    let error = loop {
        match backend.compile_loop(&counting_loop(fresh_target()).0) {
            Ok(id) => kept.push(id),
            Err(e) => break e,
        }
    };
    assert_eq!(error, BackendError::OutOfCodeMemory);
    assert!(kept.len() > 100);
    assert_eq!(backend.execute(kept[0], &[0, 5]).values, vec![5, 5]);
}

#[test]
fn traces_the_backend_cannot_compile_are_errors() {
    let backend = X86Backend::new();
    let float_to_int_add = {
        let mut b = Builder::new();
        let x = b.input(Kind::Float);
        b.loop_label(fresh_target());
        let r = b.int(Opcode::IntAdd, &[v(x), Arg::Int(1)]);
        b.finish(&[v(r)]);
        b.trace
    };
    assert!(matches!(backend.compile_loop(&float_to_int_add), Err(BackendError::Invalid(_))));

    let undefined = {
        let mut b = Builder::new();
        let x = b.input(Kind::Int);
        b.loop_label(fresh_target());
        let ghost = b.trace.new_var(Kind::Int);
        let r = b.int(Opcode::IntAdd, &[v(x), v(ghost)]);
        b.finish(&[v(r)]);
        b.trace
    };
    assert!(matches!(backend.compile_loop(&undefined), Err(BackendError::Invalid(_))));

    let no_end = {
        let mut b = Builder::new();
        let x = b.input(Kind::Int);
        b.loop_label(fresh_target());
        b.int(Opcode::IntAdd, &[v(x), Arg::Int(1)]);
        b.trace
    };
    assert!(matches!(backend.compile_loop(&no_end), Err(BackendError::Invalid(_))));

    let unknown_target = {
        let mut b = Builder::new();
        let x = b.input(Kind::Int);
        b.loop_label(fresh_target());
        b.jump(&[v(x)], 999_999);
        b.trace
    };
    assert_eq!(backend.compile_loop(&unknown_target), Err(BackendError::UnknownTarget(999_999)));

    let crossing_label = {
        let mut b = Builder::new();
        let (x, y) = (b.input(Kind::Int), b.input(Kind::Int));
        b.loop_label(fresh_target());
        let t = fresh_target();
        b.label(&[x], t);
        let r = b.int(Opcode::IntAdd, &[v(x), v(y)]);
        b.jump(&[v(r)], t);
        b.trace
    };
    assert!(matches!(backend.compile_loop(&crossing_label), Err(BackendError::Unsupported(_))));

    let (trace, g) = counting_loop(fresh_target());
    let id = backend.compile_loop(&trace).unwrap();
    let mut wrong_kinds = Builder::new();
    let f = wrong_kinds.input(Kind::Float);
    wrong_kinds.input(Kind::Int);
    wrong_kinds.finish(&[v(f)]);
    assert!(matches!(backend.compile_bridge(id, g, &wrong_kinds.trace), Err(BackendError::Invalid(_))));
    assert_eq!(backend.compile_bridge(id, 77, &trace), Err(BackendError::UnknownGuard(id, 77)));
    assert_eq!(backend.compile_bridge(TraceId(12345), 0, &trace), Err(BackendError::UnknownTrace(TraceId(12345))));
    assert_eq!(backend.execute(id, &[0, 4]).values, vec![4, 4], "failed compilations leave the backend usable");
}

thread_local! {
    /// The backend whose `call_assembler` test is running, for `assembler_helper`.
    static ASSEMBLING: std::cell::RefCell<Option<std::rc::Rc<X86Backend>>> = const { std::cell::RefCell::new(None) };
    /// Each call of `assembler_helper`: the exit it was given (`None` for `NO_EXIT`) with that
    /// exit's values, the id and the frame.
    static HELPED: std::cell::RefCell<Vec<(Option<(TraceId, u32, Vec<u64>)>, u64, u64)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

extern "C" fn assembler_helper(code: u64, id: u64, frame: u64) -> u64 {
    let exit = (code != metatrace::ir::NO_EXIT).then(|| {
        let mut values = Vec::new();
        let (t, g) = ASSEMBLING.with(|b| b.borrow().as_ref().expect("a backend").take_exit(code, &mut values));
        (t, g, values)
    });
    HELPED.with(|h| h.borrow_mut().push((exit, id, frame)));
    frame
}

static ASSEMBLER: CallDescr = CallDescr {
    name: "assembler_helper",
    func: RawFn::A3(assembler_helper),
    args: &[Kind::Int, Kind::Int, Kind::Ref],
    result: Some(Kind::Ref),
    effect: Effect::MayForce,
    can_raise: true,
    oopspec: metatrace::call::OopSpec::None,
};

#[test]
fn call_assembler_enters_its_callee_directly_and_hands_other_exits_to_its_helper() {
    let backend = std::rc::Rc::new(X86Backend::new());
    ASSEMBLING.with(|b| *b.borrow_mut() = Some(backend.clone()));
    // The callee returns its frame while its int input is below 10, and exits otherwise.
    let mut b = Builder::new();
    let (frame, x) = (b.input(Kind::Ref), b.input(Kind::Int));
    b.loop_label(fresh_target());
    let small = b.int(Opcode::IntLt, &[v(x), Arg::Int(10)]);
    let exit = b.guard(Opcode::GuardTrue, &[v(small)], &[v(x), v(frame)]);
    b.trace.push(Opcode::Finish, vec![v(frame)], None, Some(Descr::Guard(exit + 1)));
    b.trace.ops.last_mut().unwrap().fail_args = vec![v(frame)];
    let callee = backend.compile_loop(&b.trace).unwrap();
    let record = backend.entry_record(callee);
    assert_ne!(record, 0);
    let cell = Box::new(std::cell::Cell::new(record));
    let cell_arg = Arg::Int(&*cell as *const std::cell::Cell<usize> as i64);
    // Callers: one passes the callee's two inputs, one passes three (no match: the helper runs
    // the call).
    let caller = |extra: bool| {
        let mut b = Builder::new();
        let (frame, x) = (b.input(Kind::Ref), b.input(Kind::Int));
        b.loop_label(fresh_target());
        let y = b.int(Opcode::IntAdd, &[v(x), Arg::Int(1)]);
        let mut args = vec![Arg::Int(7), v(frame), cell_arg, v(frame), v(y)];
        if extra {
            args.push(v(x));
        }
        let r = b.with(Opcode::CallAssembler, &args, Kind::Ref, Descr::Call(&ASSEMBLER));
        b.finish(&[v(r), v(y), v(x)]);
        backend.compile_loop(&b.trace).unwrap()
    };
    let (direct, mismatched) = (caller(false), caller(true));
    let obj = alloc(&OBJ).addr() as u64;
    let helped = || HELPED.with(|h| std::mem::take(&mut *h.borrow_mut()));
    assert_eq!(backend.execute(direct, &[obj, 3]).values, vec![obj, 4, 3]);
    assert_eq!(helped(), vec![]);
    assert_eq!(backend.execute(direct, &[obj, 9]).values, vec![obj, 10, 9]);
    assert_eq!(helped(), vec![(Some((callee, exit, vec![10, obj])), 7, obj)]);
    assert_eq!(backend.execute(mismatched, &[obj, 3]).values, vec![obj, 4, 3]);
    assert_eq!(helped(), vec![(None, 7, obj)]);
    cell.set(0);
    assert_eq!(backend.execute(direct, &[obj, 3]).values, vec![obj, 4, 3]);
    assert_eq!(helped(), vec![(None, 7, obj)]);
    cell.set(record);
    backend.free(callee);
    assert_eq!(backend.entry_record(callee), 0);
    assert_eq!(backend.execute(direct, &[obj, 3]).values, vec![obj, 4, 3]);
    assert_eq!(helped(), vec![(None, 7, obj)]);
    ASSEMBLING.with(|b| *b.borrow_mut() = None);
}

thread_local! {
    /// A bridge that `compile_pending_bridge` compiles while the loop that calls it runs.
    static PENDING_BRIDGE: std::cell::RefCell<Option<(std::rc::Rc<X86Backend>, TraceId, u32, Trace)>> =
        const { std::cell::RefCell::new(None) };
}

extern "C" fn compile_pending_bridge(_x: u64) -> u64 {
    if let Some((backend, from, guard, bridge)) = PENDING_BRIDGE.with(|p| p.borrow_mut().take()) {
        backend.compile_bridge(from, guard, &bridge).unwrap();
    }
    0
}

static COMPILE_PENDING_BRIDGE: CallDescr =
    descr("compile_pending_bridge", RawFn::A1(compile_pending_bridge), &[Kind::Int], None, false);

#[test]
fn a_bridge_entered_from_a_frame_opened_before_it_needed_more_leaves_through_its_guard() {
    let backend = std::rc::Rc::new(X86Backend::new());
    let mut b = Builder::new();
    let x = b.input(Kind::Int);
    b.loop_label(fresh_target());
    b.effect(Opcode::Call, &[v(x)], Descr::Call(&COMPILE_PENDING_BRIDGE));
    let negative = b.int(Opcode::IntLt, &[v(x), Arg::Int(0)]);
    let g = b.guard(Opcode::GuardTrue, &[v(negative)], &[v(x)]);
    b.finish(&[v(x)]);
    let loop_ = backend.compile_loop(&b.trace).unwrap();
    // The bridge keeps 200 values live at once: far more spill slots than the loop's frame has.
    let mut bridge = Builder::new();
    let x = bridge.input(Kind::Int);
    let sums: Vec<Arg> = (0..200).map(|k| v(bridge.int(Opcode::IntAdd, &[v(x), Arg::Int(k)]))).collect();
    bridge.finish(&sums);
    PENDING_BRIDGE.with(|p| *p.borrow_mut() = Some((backend.clone(), loop_, g, bridge.trace)));
    // The bridge is compiled during this run, in a frame too small for it: the guard's exit.
    let exit = backend.execute(loop_, &[5]);
    assert_eq!((exit.trace, exit.guard, exit.values), (loop_, g, vec![5]));
    // Later entries open frames that hold it.
    let exit = backend.execute(loop_, &[5]);
    assert_ne!(exit.trace, loop_);
    assert_eq!(exit.values, (0..200).map(|k| 5 + k).collect::<Vec<u64>>());
}

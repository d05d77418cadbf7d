//! The optimizer against random traces, in the spirit of PyPy's `test_random`: generate a valid
//! loop (integer and float arithmetic, overflow checks, guards, fields and items of test objects,
//! allocations, residual calls, strings built by concatenation and slicing), run it unoptimized and optimized on the IR interpreter and on
//! the x86 backend, each time on a fresh copy of the same heap, and compare where it exits, the
//! values at the exit (after resuming virtuals into real objects and performing pending stores)
//! and the whole heap. A bridge is then attached at the exit taken and run the same way; the
//! optimized bridge enters the peeled loop past its preamble when its values fit the loop's
//! entry state (`unroll::enter`), and the checks it adds for that resume at the loop header,
//! where the run goes on from the loop's start (as the interpreter would run the iteration and
//! enter the loop again).

mod backend_support;

use backend_support::{
    eval_pure, fresh_target, int_op_defined, v, Builder, Rng, FLOAT_CMPS, FLOAT_OPS, FLOAT_UNARY_OPS, INT_OPS,
    INT_UNARY_OPS, OVF_OPS,
};
use metatrace::backend::{Backend, BackendError, Exit, TraceId, X86Backend};
use metatrace::call::{CallDescr, Effect, OopSpec, RawFn, StrSpec};
use metatrace::domain::{eval, IntOp};
use metatrace::gc::{heap, ArrayDescr, ArrayPart, FieldDescr, GcRef, ItemType, Kind, Layout};
use metatrace::ir::interp::IrEngine;
use metatrace::ir::{Arg, Descr, Opcode, Trace};
use metatrace::optimizeopt::{optimize_bridge, optimize_loop, Entries, Passes};
use metatrace::resume::{FrameSnapshot, LastCall, Materializer, ResumeData};
use std::collections::HashMap;
use std::rc::Rc;

/// A node: `value: i64`, `next: ref`, `ratio: f64`, `small: i32`.
static NODE: Layout = Layout { name: "Node", size: 40, ref_offsets: &[16], array: None };
const fn node_field(name: &'static str, offset: usize, ty: ItemType) -> FieldDescr {
    FieldDescr { owner: "Node", name, offset, ty, immutable: false, quasi_immutable: false, layout: None }
}
const VALUE: FieldDescr = node_field("value", 8, ItemType::I64);
const NEXT: FieldDescr = node_field("next", 16, ItemType::REF);
const RATIO: FieldDescr = node_field("ratio", 24, ItemType::F64);
const SMALL: FieldDescr = node_field("small", 32, ItemType::I32);
const NODE_FIELDS: [FieldDescr; 4] = [VALUE, NEXT, RATIO, SMALL];

/// An array of four ints.
const ITEMS_PART: ArrayPart = ArrayPart { length_offset: 8, items_offset: 16, item: ItemType::I64 };
static ITEMS: Layout = Layout { name: "Items", size: 16, ref_offsets: &[], array: Some(ITEMS_PART) };
const ITEMS_DESCR: ArrayDescr = ArrayDescr { owner: "Items", part: ITEMS_PART };
const ARRAY_LEN: i64 = 4;

fn gcref(bits: u64) -> GcRef {
    // SAFETY: the tests only pass addresses of live objects (or 0) around.
    unsafe { GcRef::from_addr(bits as usize) }
}

extern "C" fn mix(x: u64) -> u64 {
    (x as i64).wrapping_mul(31).wrapping_add(7) as u64
}
extern "C" fn read_value(node: u64) -> u64 {
    heap::read_field(gcref(node), &VALUE)
}
extern "C" fn write_value(node: u64, x: u64) -> u64 {
    heap::write_field(gcref(node), &VALUE, x);
    0
}
static MIX: CallDescr = CallDescr {
    name: "mix",
    func: RawFn::A1(mix),
    args: &[Kind::Int],
    result: Some(Kind::Int),
    effect: Effect::Elidable,
    can_raise: false,
    oopspec: metatrace::call::OopSpec::None,
};
static READ_VALUE: CallDescr = CallDescr {
    name: "read_value",
    func: RawFn::A1(read_value),
    args: &[Kind::Ref],
    result: Some(Kind::Int),
    effect: Effect::Plain,
    can_raise: false,
    oopspec: metatrace::call::OopSpec::None,
};
static WRITE_VALUE: CallDescr = CallDescr {
    name: "write_value",
    func: RawFn::A2(write_value),
    args: &[Kind::Ref, Kind::Int],
    result: None,
    effect: Effect::Plain,
    can_raise: false,
    oopspec: metatrace::call::OopSpec::None,
};

/// A test string: an array of characters (ints), whose length word is also its `len` field.
const STR_PART: ArrayPart = ArrayPart { length_offset: 8, items_offset: 16, item: ItemType::I64 };
static STR: Layout = Layout { name: "Str", size: 16, ref_offsets: &[], array: Some(STR_PART) };
const STR_CHARS: ArrayDescr = ArrayDescr { owner: "Str", part: STR_PART };
const STR_LEN: FieldDescr = FieldDescr {
    owner: "Str",
    name: "len",
    offset: 8,
    ty: ItemType::I64,
    immutable: true,
    quasi_immutable: false,
    layout: None,
};

fn str_layout() -> &'static Layout {
    &STR
}

/// The characters of a test string.
fn chars(s: u64) -> Vec<u64> {
    let s = gcref(s);
    (0..heap::array_len(s, &STR_CHARS)).map(|i| heap::read_item(s, &STR_CHARS, i)).collect()
}

/// A new test string.
fn new_str(chars: &[u64]) -> u64 {
    let s = heap::alloc_array(&STR, chars.len());
    for (i, c) in chars.iter().enumerate() {
        heap::write_item(s, &STR_CHARS, i as i64, *c);
    }
    s.addr() as u64
}

extern "C" fn str_concat(a: u64, b: u64) -> u64 {
    new_str(&[chars(a), chars(b)].concat())
}
extern "C" fn str_slice(s: u64, start: u64, stop: u64) -> u64 {
    new_str(&chars(s)[start as usize..stop as usize])
}
extern "C" fn str_equal(a: u64, b: u64) -> u64 {
    (chars(a) == chars(b)) as u64
}
extern "C" fn str_eq_slice(s: u64, start: u64, stop: u64, other: u64) -> u64 {
    (chars(s)[start as usize..stop as usize] == chars(other)[..]) as u64
}

static STR_SPEC: StrSpec = StrSpec {
    layout: str_layout,
    length: STR_LEN,
    concat: &STR_CONCAT,
    slice: &STR_SLICE,
    equal: &STR_EQUAL,
    eq_slice: &STR_EQ_SLICE,
};
static STR_CONCAT: CallDescr = CallDescr {
    name: "str_concat",
    func: RawFn::A2(str_concat),
    args: &[Kind::Ref, Kind::Ref],
    result: Some(Kind::Ref),
    effect: Effect::Plain,
    can_raise: false,
    oopspec: OopSpec::StrConcat(&STR_SPEC),
};
static STR_SLICE: CallDescr = CallDescr {
    name: "str_slice",
    func: RawFn::A3(str_slice),
    args: &[Kind::Ref, Kind::Int, Kind::Int],
    result: Some(Kind::Ref),
    effect: Effect::Plain,
    can_raise: false,
    oopspec: OopSpec::StrSlice(&STR_SPEC),
};
static STR_EQUAL: CallDescr = CallDescr {
    name: "str_equal",
    func: RawFn::A2(str_equal),
    args: &[Kind::Ref, Kind::Ref],
    result: Some(Kind::Int),
    effect: Effect::Elidable,
    can_raise: false,
    oopspec: OopSpec::StrEqual(&STR_SPEC),
};
static STR_EQ_SLICE: CallDescr = CallDescr {
    name: "str_eq_slice",
    func: RawFn::A4(str_eq_slice),
    args: &[Kind::Ref, Kind::Int, Kind::Int, Kind::Ref],
    result: Some(Kind::Int),
    effect: Effect::Elidable,
    can_raise: false,
    oopspec: OopSpec::None,
};

/// The constant strings the random traces start from (strings are immutable: every run shares
/// them).
fn constant_strings() -> Vec<GcRef> {
    static STRINGS: std::sync::OnceLock<Vec<usize>> = std::sync::OnceLock::new();
    let addrs = STRINGS.get_or_init(|| {
        [&[][..], &[1], &[1, 2], &[2, 1, 2], &[1, 2, 2, 1, 3]].iter().map(|c| new_str(c) as usize).collect()
    });
    addrs.iter().map(|a| gcref(*a as u64)).collect()
}

/// The initial heap, as data, so that every run gets an identical fresh copy.
#[derive(Clone)]
struct WorldSpec {
    /// Per node: value, index of `next` (or none), ratio, small.
    nodes: Vec<(i64, Option<usize>, f64, i64)>,
    arrays: Vec<[i64; ARRAY_LEN as usize]>,
}

/// A copy of the initial heap.
struct World {
    nodes: Vec<GcRef>,
    arrays: Vec<GcRef>,
}

impl WorldSpec {
    fn random(rng: &mut Rng) -> WorldSpec {
        let n = 4;
        let nodes = (0..n)
            .map(|_| {
                let next = if rng.below(3) == 0 { None } else { Some(rng.below(n)) };
                (rng.int(), next, rng.float(), rng.below(2000) as i64 - 1000)
            })
            .collect();
        let arrays = (0..2).map(|_| [rng.int(), rng.int(), rng.int(), rng.int()]).collect();
        WorldSpec { nodes, arrays }
    }

    fn build(&self) -> World {
        let nodes: Vec<GcRef> = self.nodes.iter().map(|_| heap::alloc(&NODE)).collect();
        for (obj, (value, next, ratio, small)) in nodes.iter().zip(&self.nodes) {
            heap::write_field(*obj, &VALUE, *value as u64);
            heap::write_field_ref(*obj, &NEXT, next.map_or(GcRef::NULL, |i| nodes[i]));
            heap::write_field(*obj, &RATIO, ratio.to_bits());
            heap::write_field(*obj, &SMALL, *small as u64);
        }
        let arrays = self
            .arrays
            .iter()
            .map(|items| {
                let a = heap::alloc_array(&ITEMS, items.len());
                for (i, x) in items.iter().enumerate() {
                    heap::write_item(a, &ITEMS_DESCR, i as i64, *x as u64);
                }
                a
            })
            .collect();
        World { nodes, arrays }
    }

    fn index(world: &World, r: GcRef) -> Option<usize> {
        world.nodes.iter().chain(&world.arrays).position(|x| *x == r)
    }
}

/// Generates one random loop, simulating its first iteration to choose guards that pass then.
struct Gen {
    rng: Rng,
    b: Builder,
    /// Concrete values of the variables in the first iteration.
    sim: HashMap<u32, u64>,
    ints: Vec<Arg>,
    floats: Vec<Arg>,
    /// Non-null nodes.
    nodes: Vec<Arg>,
    /// References read from `next` fields, not checked yet.
    unchecked: Vec<Arg>,
    arrays: Vec<Arg>,
    /// Strings.
    strings: Vec<Arg>,
    /// The loop-carried values, by label position.
    positions: Vec<Arg>,
}

/// The label positions: a counter, three ints, two floats, three nodes, an array.
const POSITIONS: [Kind; 10] =
    [Kind::Int, Kind::Int, Kind::Int, Kind::Int, Kind::Float, Kind::Float, Kind::Ref, Kind::Ref, Kind::Ref, Kind::Ref];

impl Gen {
    fn bits(&self, a: Arg) -> u64 {
        a.const_bits().unwrap_or_else(|| self.sim[&a.var().expect("a variable").id])
    }

    fn pick(&mut self, pool: &[Arg]) -> Arg {
        pool[self.rng.below(pool.len())]
    }

    fn int_arg(&mut self) -> Arg {
        if self.rng.below(5) == 0 {
            Arg::Int(self.rng.int())
        } else {
            let pool = self.ints.clone();
            self.pick(&pool)
        }
    }

    fn float_arg(&mut self) -> Arg {
        if self.rng.below(6) == 0 {
            Arg::float(self.rng.float())
        } else {
            let pool = self.floats.clone();
            self.pick(&pool)
        }
    }

    fn node(&mut self) -> Arg {
        let pool = self.nodes.clone();
        self.pick(&pool)
    }

    /// Record `result = opcode(args)` whose concrete result is `bits`.
    fn op(&mut self, opcode: Opcode, args: &[Arg], kind: Option<Kind>, descr: Option<Descr>, bits: u64) -> Option<Arg> {
        let r = self.b.op_descr(opcode, args, kind, descr);
        r.map(|var| {
            self.sim.insert(var.id, bits);
            v(var)
        })
    }

    /// The fail args of a guard: every loop-carried value and a few others.
    fn fail_args(&mut self) -> Vec<Arg> {
        let mut fail = self.positions.clone();
        for _ in 0..self.rng.below(4) {
            let pool = match self.rng.below(5) {
                0 => self.ints.clone(),
                1 => self.floats.clone(),
                2 => self.nodes.clone(),
                3 => self.strings.clone(),
                _ => self.arrays.clone(),
            };
            if !pool.is_empty() {
                fail.push(self.pick(&pool));
            }
        }
        fail
    }

    fn guard(&mut self, opcode: Opcode, args: &[Arg]) {
        let fail = self.fail_args();
        self.b.guard(opcode, args, &fail);
    }

    /// A guard that holds now on an integer.
    fn guard_on(&mut self, x: Arg) {
        let opcode = if self.bits(x) != 0 { Opcode::GuardTrue } else { Opcode::GuardFalse };
        self.guard(opcode, &[x]);
    }

    /// `result = opcode(args)` for a pure operation, evaluated with `domain::eval`.
    fn pure(&mut self, opcode: Opcode, args: &[Arg], kind: Kind) -> Arg {
        let bits: Vec<u64> = args.iter().map(|a| self.bits(*a)).collect();
        self.op(opcode, args, Some(kind), None, eval_pure(opcode, &bits)).expect("a result")
    }

    fn int_binary(&mut self) {
        let (opcode, op) = INT_OPS[self.rng.below(INT_OPS.len())];
        // Later iterations must stay defined too: divisors are constants, and so are shift
        // counts that are out of range now.
        let (a, mut b) = (self.int_arg(), self.int_arg());
        if matches!(op, IntOp::FloorDiv | IntOp::Mod) {
            b = Arg::Int([2, 3, 7, -5, 16, 1000][self.rng.below(6)]);
        } else if !int_op_defined(op, self.bits(a) as i64, self.bits(b) as i64) {
            b = Arg::Int(self.rng.below(64) as i64);
        }
        let r = self.pure(opcode, &[a, b], Kind::Int);
        self.ints.push(r);
    }

    fn int_unary(&mut self) {
        let (opcode, _) = INT_UNARY_OPS[self.rng.below(INT_UNARY_OPS.len())];
        let a = self.int_arg();
        let r = self.pure(opcode, &[a], Kind::Int);
        self.ints.push(r);
    }

    fn int_overflow(&mut self) {
        let (opcode, op) = OVF_OPS[self.rng.below(OVF_OPS.len())];
        let (a, b) = (self.int_arg(), self.int_arg());
        let r = eval::int_ovf(op, self.bits(a) as i64, self.bits(b) as i64);
        let result = self.op(opcode, &[a, b], Some(Kind::Int), None, r.unwrap_or(0) as u64).expect("a result");
        match r {
            Some(_) => {
                self.guard(Opcode::GuardNoOverflow, &[]);
                self.ints.push(result);
            }
            None => self.guard(Opcode::GuardOverflow, &[]),
        }
    }

    fn float_op(&mut self) {
        let (a, b) = (self.float_arg(), self.float_arg());
        match self.rng.below(5) {
            0 => {
                let (opcode, _) = FLOAT_OPS[self.rng.below(FLOAT_OPS.len())];
                let r = self.pure(opcode, &[a, b], Kind::Float);
                self.floats.push(r);
            }
            1 => {
                let (opcode, _) = FLOAT_UNARY_OPS[self.rng.below(FLOAT_UNARY_OPS.len())];
                let r = self.pure(opcode, &[a], Kind::Float);
                self.floats.push(r);
            }
            2 => {
                let (opcode, _) = FLOAT_CMPS[self.rng.below(FLOAT_CMPS.len())];
                let r = self.pure(opcode, &[a, b], Kind::Int);
                self.ints.push(r);
            }
            3 => {
                let i = self.int_arg();
                let r = self.pure(Opcode::CastIntToFloat, &[i], Kind::Float);
                self.floats.push(r);
            }
            _ => {
                let r = self.pure(Opcode::CastFloatToInt, &[a], Kind::Int);
                self.ints.push(r);
            }
        }
    }

    fn getfield(&mut self) {
        let node = self.node();
        let f = NODE_FIELDS[self.rng.below(4)];
        let bits = heap::read_field(gcref(self.bits(node)), &f);
        let r = self.op(Opcode::Getfield, &[node], Some(f.ty.kind), Some(Descr::Field(f)), bits).expect("a result");
        match f.ty.kind {
            Kind::Int => self.ints.push(r),
            Kind::Float => self.floats.push(r),
            Kind::Ref => self.unchecked.push(r),
        }
    }

    fn setfield(&mut self, node: Arg) {
        let f = NODE_FIELDS[self.rng.below(4)];
        let value = match f.ty.kind {
            Kind::Int => self.int_arg(),
            Kind::Float => self.float_arg(),
            Kind::Ref if self.rng.below(4) == 0 => Arg::Ref(GcRef::NULL),
            Kind::Ref => self.node(),
        };
        let obj = gcref(self.bits(node));
        match f.ty.kind {
            Kind::Ref => heap::write_field_ref(obj, &f, gcref(self.bits(value))),
            _ => heap::write_field(obj, &f, self.bits(value)),
        }
        self.op(Opcode::Setfield, &[node, value], None, Some(Descr::Field(f)), 0);
    }

    fn new_node(&mut self) {
        let obj = heap::alloc(&NODE);
        let r = self
            .op(Opcode::New, &[], Some(Kind::Ref), Some(Descr::Layout(&NODE)), obj.addr() as u64)
            .expect("a result");
        self.nodes.push(r);
        for _ in 0..self.rng.below(4) {
            self.setfield(r);
        }
    }

    fn check_unchecked(&mut self) {
        let Some(r) = self.unchecked.pop() else { return };
        if self.bits(r) == 0 {
            self.guard(Opcode::GuardIsnull, &[r]);
        } else {
            self.guard(Opcode::GuardNonnull, &[r]);
            if self.rng.below(2) == 0 {
                self.guard(Opcode::GuardClass, &[r, Arg::Int(&NODE as *const Layout as i64)]);
            }
            self.nodes.push(r);
        }
    }

    /// An item index: a constant, or any int masked into range.
    fn index(&mut self) -> Arg {
        if self.rng.below(3) == 0 {
            let x = self.int_arg();
            let i = self.bits(x) & (ARRAY_LEN as u64 - 1);
            self.op(Opcode::IntAnd, &[x, Arg::Int(ARRAY_LEN - 1)], Some(Kind::Int), None, i).expect("a result")
        } else {
            Arg::Int(self.rng.below(ARRAY_LEN as usize) as i64)
        }
    }

    fn array_op(&mut self) {
        match self.rng.below(4) {
            0 => {
                let a = heap::alloc_array(&ITEMS, ARRAY_LEN as usize);
                let len = Arg::Int(ARRAY_LEN);
                let r = self
                    .op(Opcode::NewArray, &[len], Some(Kind::Ref), Some(Descr::Layout(&ITEMS)), a.addr() as u64)
                    .expect("a result");
                self.arrays.push(r);
            }
            1 => {
                let (a, i, x) = (self.pick(&self.arrays.clone()), self.index(), self.int_arg());
                heap::write_item(gcref(self.bits(a)), &ITEMS_DESCR, self.bits(i) as i64, self.bits(x));
                self.op(Opcode::Setarrayitem, &[a, i, x], None, Some(Descr::Array(ITEMS_DESCR)), 0);
            }
            2 => {
                let (a, i) = (self.pick(&self.arrays.clone()), self.index());
                let bits = heap::read_item(gcref(self.bits(a)), &ITEMS_DESCR, self.bits(i) as i64);
                let r = self
                    .op(Opcode::Getarrayitem, &[a, i], Some(Kind::Int), Some(Descr::Array(ITEMS_DESCR)), bits)
                    .expect("a result");
                self.ints.push(r);
            }
            _ => {
                let a = self.pick(&self.arrays.clone());
                let r = self
                    .op(Opcode::Arraylen, &[a], Some(Kind::Int), Some(Descr::Array(ITEMS_DESCR)), ARRAY_LEN as u64)
                    .expect("a result");
                self.ints.push(r);
            }
        }
    }

    fn call(&mut self) {
        match self.rng.below(3) {
            0 => {
                let x = self.int_arg();
                let r = self
                    .op(Opcode::CallPure, &[x], Some(Kind::Int), Some(Descr::Call(&MIX)), mix(self.bits(x)))
                    .expect("a result");
                self.ints.push(r);
            }
            1 => {
                let n = self.node();
                let bits = read_value(self.bits(n));
                let r = self
                    .op(Opcode::Call, &[n], Some(Kind::Int), Some(Descr::Call(&READ_VALUE)), bits)
                    .expect("a result");
                self.ints.push(r);
            }
            _ => {
                let (n, x) = (self.node(), self.int_arg());
                write_value(self.bits(n), self.bits(x));
                self.op(Opcode::Call, &[n, x], None, Some(Descr::Call(&WRITE_VALUE)), 0);
            }
        }
    }

    fn string(&mut self) -> Arg {
        if self.strings.is_empty() || self.rng.below(3) == 0 {
            let all = constant_strings();
            Arg::Ref(all[self.rng.below(all.len())])
        } else {
            let pool = self.strings.clone();
            self.pick(&pool)
        }
    }

    /// A string operation: concatenation, slice (of constant bounds in range: strings are the
    /// same in every iteration), length, equality, identity.
    fn string_op(&mut self) {
        let s = self.string();
        let len = chars(self.bits(s)).len() as u64;
        match self.rng.below(5) {
            0 => {
                let t = self.string();
                let bits = str_concat(self.bits(s), self.bits(t));
                let r = self.op(Opcode::Call, &[s, t], Some(Kind::Ref), Some(Descr::Call(&STR_CONCAT)), bits);
                self.strings.push(r.expect("a result"));
            }
            1 => {
                let start = self.rng.below(len as usize + 1) as u64;
                let stop = start + self.rng.below((len - start) as usize + 1) as u64;
                let args = [s, Arg::Int(start as i64), Arg::Int(stop as i64)];
                let bits = str_slice(self.bits(s), start, stop);
                let r = self.op(Opcode::Call, &args, Some(Kind::Ref), Some(Descr::Call(&STR_SLICE)), bits);
                self.strings.push(r.expect("a result"));
            }
            2 => {
                let r = self.op(Opcode::Getfield, &[s], Some(Kind::Int), Some(Descr::Field(STR_LEN)), len);
                self.ints.push(r.expect("a result"));
            }
            3 => {
                let t = self.string();
                let bits = str_equal(self.bits(s), self.bits(t));
                let r = self.op(Opcode::CallPure, &[s, t], Some(Kind::Int), Some(Descr::Call(&STR_EQUAL)), bits);
                self.ints.push(r.expect("a result"));
            }
            _ => {
                let t = self.string();
                let r = self.pure(Opcode::PtrEq, &[s, t], Kind::Int);
                self.ints.push(r);
            }
        }
    }

    /// Maybe make a new value loop-carried.
    fn carry(&mut self) {
        let k = self.rng.below(POSITIONS.len() - 1) + 1;
        let pool = match POSITIONS[k] {
            Kind::Int => self.ints.clone(),
            Kind::Float => self.floats.clone(),
            Kind::Ref if k == POSITIONS.len() - 1 => self.arrays.clone(),
            Kind::Ref => self.nodes.clone(),
        };
        self.positions[k] = self.pick(&pool);
    }
}

impl Gen {
    fn new(rng: Rng) -> Gen {
        Gen {
            rng,
            b: Builder::new(),
            sim: HashMap::new(),
            ints: Vec::new(),
            floats: Vec::new(),
            nodes: Vec::new(),
            unchecked: Vec::new(),
            arrays: Vec::new(),
            strings: Vec::new(),
            positions: Vec::new(),
        }
    }

    /// A new input of `kind` whose value in the simulated run is `bits`, added to the pool its
    /// kind (and for a reference, its layout) says (`counter`: to none).
    fn input(&mut self, kind: Kind, bits: u64, counter: bool) -> Arg {
        let var = self.b.input(kind);
        self.sim.insert(var.id, bits);
        let a = v(var);
        match kind {
            _ if counter => {}
            Kind::Int => self.ints.push(a),
            Kind::Float => self.floats.push(a),
            Kind::Ref if bits == 0 => {}
            Kind::Ref if std::ptr::eq(gcref(bits).layout(), &ITEMS) => self.arrays.push(a),
            Kind::Ref if std::ptr::eq(gcref(bits).layout(), &STR) => self.strings.push(a),
            Kind::Ref => self.nodes.push(a),
        }
        a
    }

    /// `n` random operations.
    fn random_ops(&mut self, n: usize) {
        for _ in 0..n {
            match self.rng.below(17) {
                0..=3 => self.int_binary(),
                4 => self.int_unary(),
                5 => self.int_overflow(),
                6 | 7 => self.float_op(),
                8 => self.getfield(),
                9 => {
                    let n = self.node();
                    self.setfield(n);
                }
                10 => self.new_node(),
                11 => self.check_unchecked(),
                12 => self.array_op(),
                13 => self.call(),
                14 => {
                    let x = self.pick(&self.ints.clone());
                    self.guard_on(x);
                }
                15 => self.string_op(),
                _ => self.carry(),
            }
        }
    }

    /// Advance the counter and jump to `target` with the loop-carried values.
    fn jump(&mut self, target: u32) {
        let counter = self.positions[0];
        let n = self.bits(counter) as i64 + 1;
        self.positions[0] =
            self.op(Opcode::IntAdd, &[counter, Arg::Int(1)], Some(Kind::Int), None, n as u64).expect("a result");
        let positions = self.positions.clone();
        self.b.jump(&positions, target);
    }
}

/// A random loop over the world `world` (generation runs its first iteration on it), and its
/// input values there. Its last guard stops it after a few iterations.
fn random_loop(rng: Rng, world: &World) -> (Trace, Vec<u64>) {
    let mut g = Gen::new(rng);
    let mut inputs = Vec::new();
    for (k, &kind) in POSITIONS.iter().enumerate() {
        let bits = match kind {
            _ if k == 0 => 0,
            Kind::Int => g.rng.int() as u64,
            Kind::Float => g.rng.float().to_bits(),
            Kind::Ref if k == POSITIONS.len() - 1 => world.arrays[0].addr() as u64,
            Kind::Ref => world.nodes[k % world.nodes.len()].addr() as u64,
        };
        inputs.push(bits);
        let a = g.input(kind, bits, k == 0);
        g.positions.push(a);
    }
    let target = fresh_target();
    g.b.loop_label(target);
    let n = 10 + g.rng.below(30);
    g.random_ops(n);
    let limit = 2 + g.rng.below(12) as i64;
    let counter = g.positions[0];
    let next = g.bits(counter) as i64 + 1;
    let more = g
        .op(Opcode::IntLt, &[counter, Arg::Int(limit - 1)], Some(Kind::Int), None, (next < limit) as u64)
        .expect("a result");
    g.guard(Opcode::GuardTrue, &[more]);
    g.jump(target);
    (g.b.trace, inputs)
}

/// A random bridge from an exit whose fail args (which start with the loop-carried values) have
/// these kinds and, in the simulated run, these values: random operations, then a jump to the
/// loop's label `target` with the counter advanced. Also the jump's values in the simulated run.
fn random_bridge(rng: Rng, fail_args: &[(Kind, u64)], target: u32) -> (Trace, Vec<Arg>) {
    let mut g = Gen::new(rng);
    for (i, &(kind, bits)) in fail_args.iter().enumerate() {
        let a = g.input(kind, bits, i == 0);
        if i < POSITIONS.len() {
            g.positions.push(a);
        }
    }
    let n = 3 + g.rng.below(15);
    g.random_ops(n);
    // Loops stop after at most 14 iterations; rounds through the bridge count too.
    let counter = g.positions[0];
    let more = g
        .op(Opcode::IntLt, &[counter, Arg::Int(20)], Some(Kind::Int), None, (g.bits(counter) < 20) as u64)
        .expect("a result");
    g.guard_on(more);
    g.jump(target);
    let values = g
        .positions
        .iter()
        .map(|a| match a.kind() {
            Kind::Int => Arg::Int(g.bits(*a) as i64),
            Kind::Float => Arg::Float(g.bits(*a)),
            Kind::Ref => Arg::Ref(gcref(g.bits(*a))),
        })
        .collect();
    (g.b.trace, values)
}

/// Bridge exits are named `BRIDGE_EXIT + index` in the greens of their resume data.
const BRIDGE_EXIT: u32 = 1 << 20;

/// The greens of the resume data at the loop header (the checks a bridge adds before entering
/// the peeled loop resume there): its fields are the loop's input values.
const HEADER: u32 = u32::MAX;

/// A bridge's jump to the loop with fail args (the state at the loop header: the loop's input
/// values), and `resume` with the header's resume data appended, as the tracer gives them.
fn with_header(bridge: &Trace, resume: &[ResumeData<u32>]) -> (Trace, Vec<ResumeData<u32>>) {
    let mut t = bridge.clone();
    let jump = t.ops.last_mut().expect("a bridge ends with a jump");
    jump.fail_args = jump.args.clone();
    let fields = (0..jump.args.len() as u32).collect();
    let frame =
        FrameSnapshot { greens: HEADER, frame: 0, fields, items: vec![], log: Default::default(), in_frame: vec![] };
    let mut resume = resume.to_vec();
    resume.push(ResumeData::new(vec![Rc::new(frame)], LastCall::AsLogged));
    (t, resume)
}

/// Resume data for every exit: one frame whose fields are the exit's fail args, and whose greens
/// are `tag` plus the exit's index in the unoptimized trace.
fn identity_resume(t: &Trace, tag: u32) -> Vec<ResumeData<u32>> {
    t.ops
        .iter()
        .filter(|op| op.opcode.is_exit())
        .map(|op| {
            let fields = (0..op.fail_args.len() as u32).collect();
            let greens = tag + op.guard_index().expect("an exit");
            let frame =
                FrameSnapshot { greens, frame: 0, fields, items: vec![], log: Default::default(), in_frame: vec![] };
            ResumeData::new(vec![Rc::new(frame)], LastCall::AsLogged)
        })
        .collect()
}

/// Resumption for the test: virtuals allocated on the heap.
struct HeapMaterializer;

impl Materializer<u64> for HeapMaterializer {
    fn alloc(&mut self, layout: &'static Layout, len: Option<usize>) -> u64 {
        let obj = match len {
            Some(n) => heap::alloc_array(layout, n),
            None => heap::alloc(layout),
        };
        obj.addr() as u64
    }
    fn int(&mut self, i: i64) -> u64 {
        i as u64
    }
    fn set_field(&mut self, obj: u64, field: &FieldDescr, value: u64) {
        match field.ty.kind {
            Kind::Ref => heap::write_field_ref(gcref(obj), field, gcref(value)),
            _ => heap::write_field(gcref(obj), field, value),
        }
    }
    fn set_item(&mut self, array: u64, descr: &ArrayDescr, index: u64, value: u64) {
        heap::write_item(gcref(array), descr, index as i64, value);
    }
    fn call(&mut self, descr: &'static CallDescr, args: &[u64]) -> u64 {
        descr.func.invoke(args)
    }
}

/// A bridge's start: virtuals allocated and pending stores performed by recorded operations.
struct TraceMaterializer<'a>(&'a mut Trace);

impl Materializer<Arg> for TraceMaterializer<'_> {
    fn alloc(&mut self, layout: &'static Layout, len: Option<usize>) -> Arg {
        let (opcode, args) = match len {
            Some(n) => (Opcode::NewArray, vec![Arg::Int(n as i64)]),
            None => (Opcode::New, vec![]),
        };
        v(self.0.push(opcode, args, Some(Kind::Ref), Some(Descr::Layout(layout))).expect("a result"))
    }
    fn int(&mut self, i: i64) -> Arg {
        Arg::Int(i)
    }
    fn set_field(&mut self, obj: Arg, field: &FieldDescr, value: Arg) {
        self.0.push(Opcode::Setfield, vec![obj, value], None, Some(Descr::Field(*field)));
    }
    fn set_item(&mut self, array: Arg, descr: &ArrayDescr, index: Arg, value: Arg) {
        self.0.push(Opcode::Setarrayitem, vec![array, index, value], None, Some(Descr::Array(*descr)));
    }
    fn call(&mut self, descr: &'static CallDescr, args: &[Arg]) -> Arg {
        let kind = descr.result.unwrap_or(Kind::Int);
        v(self.0.push(Opcode::Call, args.to_vec(), Some(kind), Some(Descr::Call(descr))).expect("a result"))
    }
}

/// The bridge `body` (whose input args are an exit's fail args in the unoptimized trace) for an
/// exit with resume data `data` of a trace where it saves values of `kinds`: it starts by
/// materializing the exit's virtuals and pending stores, as the bridge tracer does.
fn bridge_from(body: &Trace, kinds: &[Kind], data: &ResumeData<u32>) -> Trace {
    let mut t = Trace::default();
    let saved: Vec<Arg> = kinds.iter().map(|k| v(t.add_input(*k))).collect();
    t.next_var = t.next_var.max(body.next_var);
    let resume_values = data.materialize(&saved, &mut TraceMaterializer(&mut t));
    let values = data.frame_values(&resume_values);
    let mut rename: HashMap<u32, Arg> =
        body.inputargs.iter().zip(&data.frames[0].fields).map(|(input, i)| (input.id, values.at(*i))).collect();
    for op in &body.ops {
        let mut op = op.clone();
        for a in op.args.iter_mut().chain(&mut op.fail_args) {
            if let Some(var) = a.var() {
                *a = rename[&var.id];
            }
        }
        if let Some(r) = op.result {
            let fresh = t.new_var(r.kind);
            rename.insert(r.id, v(fresh));
            op.result = Some(fresh);
        }
        t.ops.push(op);
    }
    t
}

/// Where a run exited (its exit index in the unoptimized trace) and the values of that exit's
/// fail args, resumed.
fn resumed(exit: &Exit, resume: &[ResumeData<u32>]) -> (u32, Vec<u64>) {
    let data = &resume[exit.guard as usize];
    let resume_values = data.materialize(&exit.values, &mut HeapMaterializer);
    let values = data.frame_values(&resume_values);
    let frame = &data.frames[0];
    (frame.greens, frame.fields.iter().map(|i| values.at(*i)).collect())
}

/// Compares values of two runs, each on its own copy of the world: world objects must be the
/// same one, objects created by the runs must have the same contents.
struct Compare<'a> {
    worlds: (&'a World, &'a World),
    seen: HashMap<u64, u64>,
}

impl Compare<'_> {
    fn same(&mut self, kind: Kind, a: u64, b: u64, what: &str) -> Result<(), String> {
        if kind != Kind::Ref || a == 0 || b == 0 {
            return if a == b { Ok(()) } else { Err(format!("{what}: {a:#x} vs {b:#x}")) };
        }
        let (ra, rb) = (gcref(a), gcref(b));
        let (ia, ib) = (WorldSpec::index(self.worlds.0, ra), WorldSpec::index(self.worlds.1, rb));
        if ia != ib {
            return Err(format!("{what}: world object {ia:?} vs {ib:?}"));
        }
        if let Some(&seen) = self.seen.get(&a) {
            return if seen == b { Ok(()) } else { Err(format!("{what}: one object stands for two")) };
        }
        self.seen.insert(a, b);
        if !std::ptr::eq(ra.layout(), rb.layout()) {
            return Err(format!("{what}: layouts {} vs {}", ra.layout().name, rb.layout().name));
        }
        if std::ptr::eq(ra.layout(), &STR) {
            let (ca, cb) = (chars(a), chars(b));
            if ca != cb {
                return Err(format!("{what}: strings {ca:?} vs {cb:?}"));
            }
        } else if std::ptr::eq(ra.layout(), &NODE) {
            for f in NODE_FIELDS {
                let what = format!("{what}.{}", f.name);
                self.same(f.ty.kind, heap::read_field(ra, &f), heap::read_field(rb, &f), &what)?;
            }
        } else {
            let len = heap::array_len(ra, &ITEMS_DESCR);
            self.same(Kind::Int, len as u64, heap::array_len(rb, &ITEMS_DESCR) as u64, &format!("{what}.len"))?;
            for i in 0..len {
                let what = format!("{what}[{i}]");
                self.same(
                    Kind::Int,
                    heap::read_item(ra, &ITEMS_DESCR, i),
                    heap::read_item(rb, &ITEMS_DESCR, i),
                    &what,
                )?;
            }
        }
        Ok(())
    }
}

/// Run `trace` (a loop) on `backend` over a fresh copy of `spec`'s world.
/// A loop and the bridges attached to its exits, with their resume data.
struct Program<'a> {
    trace: &'a Trace,
    resume: &'a [ResumeData<u32>],
    /// (exit index in `trace`, bridge, its resume data).
    bridges: Vec<(u32, Trace, Vec<ResumeData<u32>>)>,
}

/// How a run ended: the world after it, the resume data of the exit taken, the exit's name (its
/// index in the unoptimized trace, see [`BRIDGE_EXIT`]) and its resumed values; how often it left
/// at the loop header (and went on from the loop's start).
struct Run<'p> {
    world: World,
    taken: &'p ResumeData<u32>,
    exit: u32,
    values: Vec<u64>,
    header_exits: usize,
}

/// Run `program` on `backend` over a fresh copy of `spec`'s world.
fn run<'p>(
    backend: &dyn Backend,
    program: &'p Program<'_>,
    spec: &WorldSpec,
    inputs: &dyn Fn(&World) -> Vec<u64>,
) -> Run<'p> {
    let world = spec.build();
    let mut header_exits = 0;
    let mut targets = HashMap::new();
    let compile = |r: Result<TraceId, BackendError>, t: &Trace| r.unwrap_or_else(|e| panic!("{e}\n{t}"));
    let id = compile(backend.compile_loop(&retarget(program.trace, &mut targets)), program.trace);
    let mut resumes: HashMap<TraceId, &[ResumeData<u32>]> = HashMap::from([(id, program.resume)]);
    for (guard, bridge, resume) in &program.bridges {
        let b = compile(backend.compile_bridge(id, *guard, &retarget(bridge, &mut targets)), bridge);
        resumes.insert(b, resume);
    }
    let mut values = inputs(&world);
    // An exit at the loop header goes on from the loop's start with the header's values.
    for _ in 0..100 {
        let exit = backend.execute(id, &values);
        let taken = &resumes[&exit.trace][exit.guard as usize];
        let (exit, resumed_values) = resumed(&exit, resumes[&exit.trace]);
        if exit != HEADER {
            return Run { world, taken, exit, values: resumed_values, header_exits };
        }
        header_exits += 1;
        values = resumed_values;
    }
    panic!("the loop keeps leaving at its header");
}

/// A trace with its label targets renamed through `targets` (fresh numbers: a backend keeps
/// targets unique).
fn retarget(trace: &Trace, targets: &mut HashMap<u32, u32>) -> Trace {
    let mut t = trace.clone();
    for op in &mut t.ops {
        if let Some(Descr::Target(n)) = op.descr {
            op.descr = Some(Descr::Target(*targets.entry(n).or_insert_with(fresh_target)));
        }
    }
    t
}

/// What the seeds exercised, to make sure the test tests something.
#[derive(Default, Debug)]
struct Coverage {
    /// Operations per iteration, before and after optimization.
    ops_before: usize,
    ops_after: usize,
    /// Loops that were peeled.
    peeled: usize,
    /// Bridges optimized, and runs that left through one of their exits.
    bridges: usize,
    bridge_exits: usize,
    /// Bridges that jump to the peeled loop's second label, and runs that left at the loop
    /// header through a check such a bridge added.
    entering_bridges: usize,
    header_exits: usize,
    /// Exits taken whose resume data has virtuals, and pending stores.
    exits_with_virtuals: usize,
    /// Exits taken whose resume data builds a string.
    exits_with_strings: usize,
    exits_with_pending_stores: usize,
}

/// Run the unoptimized and optimized programs on both backends and compare the runs.
fn compare_runs(
    unoptimized: &Program<'_>,
    optimized: &Program<'_>,
    spec: &WorldSpec,
    inputs: &dyn Fn(&World) -> Vec<u64>,
    kinds_of_exit: &dyn Fn(u32) -> Vec<Kind>,
    coverage: &mut Coverage,
) -> Result<(u32, Vec<u64>), String> {
    let backends: [(&str, Box<dyn Backend>); 2] =
        [("ir", Box::new(IrEngine::default())), ("x86", Box::new(X86Backend::new()))];
    let mut first = None;
    for (name, backend) in &backends {
        let a = run(backend.as_ref(), unoptimized, spec, inputs);
        let b = run(backend.as_ref(), optimized, spec, inputs);
        coverage.exits_with_virtuals += !b.taken.virtuals.is_empty() as usize;
        coverage.exits_with_strings +=
            b.taken.virtuals.iter().any(|v| matches!(v, metatrace::resume::VirtualObject::Call { .. })) as usize;
        coverage.exits_with_pending_stores += !b.taken.pending.is_empty() as usize;
        coverage.bridge_exits += (b.exit >= BRIDGE_EXIT) as usize;
        coverage.header_exits += a.header_exits + b.header_exits;
        let on = |e: String| format!("on {name}: {e}");
        if a.exit != b.exit {
            return Err(on(format!("exit {} vs {}", a.exit, b.exit)));
        }
        let mut cmp = Compare { worlds: (&a.world, &b.world), seen: HashMap::new() };
        for (i, kind) in kinds_of_exit(a.exit).iter().enumerate() {
            cmp.same(*kind, a.values[i], b.values[i], &format!("fail arg {i}")).map_err(on)?;
        }
        let objects = |w: &World| w.nodes.iter().chain(&w.arrays).map(|r| r.addr() as u64).collect::<Vec<_>>();
        for (i, (x, y)) in objects(&a.world).into_iter().zip(objects(&b.world)).enumerate() {
            cmp.same(Kind::Ref, x, y, &format!("world object {i}")).map_err(on)?;
        }
        first.get_or_insert((a.exit, a.values));
    }
    Ok(first.expect("two backends ran"))
}

fn check_seed(seed: u64, coverage: &mut Coverage) -> Result<(), String> {
    let mut rng = Rng::new(seed);
    let spec = WorldSpec::random(&mut rng);
    let generation_world = spec.build();
    let (trace, gen_inputs) = random_loop(Rng::new(seed ^ 0x5eed), &generation_world);
    // Inputs name world objects by their index in the generation world.
    let input_kinds: Vec<Kind> = trace.inputargs.iter().map(|v| v.kind).collect();
    let inputs = |world: &World| -> Vec<u64> {
        gen_inputs
            .iter()
            .zip(&input_kinds)
            .map(|(bits, kind)| match kind {
                Kind::Ref => {
                    let i = WorldSpec::index(&generation_world, gcref(*bits)).expect("inputs are world objects");
                    world.nodes.iter().chain(&world.arrays).nth(i).expect("the same world").addr() as u64
                }
                _ => *bits,
            })
            .collect()
    };
    let resume = identity_resume(&trace, 0);
    let passes = if rng.below(4) == 0 {
        let mut p = Passes::ALL;
        for flag in [&mut p.intbounds, &mut p.rewrite, &mut p.virtualize, &mut p.pure, &mut p.heap, &mut p.unroll] {
            *flag = rng.below(2) == 0;
        }
        p
    } else {
        Passes::ALL
    };
    let context = |what: &str, unoptimized: &Trace, optimized: &Trace| {
        format!("seed {seed} with {passes:?}: {what}\n--- unoptimized:\n{unoptimized}\n--- optimized:\n{optimized}")
    };
    let optimized = optimize_loop(&trace, &resume, &passes, &mut fresh_target, Entries::NONE)
        .map_err(|e| format!("optimizer: {e}\n{trace}"))?;
    // The operations run per iteration: those after the last label.
    let per_iteration = |t: &Trace| t.ops.len() - t.ops.iter().rposition(|op| op.opcode == Opcode::Label).unwrap_or(0);
    coverage.ops_before += per_iteration(&trace);
    coverage.ops_after += per_iteration(&optimized.trace);
    coverage.peeled += (optimized.trace.ops.iter().filter(|op| op.opcode == Opcode::Label).count() > 1) as usize;
    let exit_kinds = |t: &Trace, index: u32| -> Vec<Kind> {
        t.ops
            .iter()
            .find(|op| op.guard_index() == Some(index))
            .map(|op| op.fail_args.iter().map(Arg::kind).collect())
            .unwrap_or_default()
    };

    let unoptimized_loop = Program { trace: &trace, resume: &resume, bridges: Vec::new() };
    let optimized_loop = Program { trace: &optimized.trace, resume: &optimized.resume, bridges: Vec::new() };
    let loop_kinds = |exit: u32| exit_kinds(&trace, exit);
    let (exit, values) = compare_runs(&unoptimized_loop, &optimized_loop, &spec, &inputs, &loop_kinds, coverage)
        .map_err(|e| context(&e, &trace, &optimized.trace))?;

    // A bridge at the exit taken (unless it is the last guard, which ends the loop): on the
    // optimized side, one for every copy of that exit (preamble and peeled loop).
    if exit + 1 == resume.len() as u32 {
        return Ok(());
    }
    let Some(Descr::Target(target)) = trace.ops[0].descr else { unreachable!("a loop starts with its label") };
    let fail_args: Vec<(Kind, u64)> = exit_kinds(&trace, exit).into_iter().zip(values).collect();
    let (body, jump_values) = random_bridge(Rng::new(seed ^ 0xb1d9e), &fail_args, target);
    let body_resume = identity_resume(&body, BRIDGE_EXIT);
    // The peeled loop's entry state, for bridges that jump to the loop's first label.
    let entry = optimized.entry.clone().map(Rc::new);
    let lookup = |t: u32| entry.clone().filter(|_| t == target);
    let entries = Entries { lookup: &lookup, values: &jump_values, value_layout: &|_| false };
    let mut optimized_bridges = Vec::new();
    for (k, data) in optimized.resume.iter().enumerate().filter(|(_, d)| d.frames[0].greens == exit) {
        let bridge = bridge_from(&body, &exit_kinds(&optimized.trace, k as u32), data);
        let (bridge, resume) = with_header(&bridge, &body_resume);
        let opt =
            optimize_bridge(&bridge, &resume, &passes, entries).map_err(|e| format!("optimizer: {e}\n{bridge}"))?;
        coverage.entering_bridges += (opt.entered == Some(Ok(()))) as usize;
        optimized_bridges.push((k as u32, opt.trace, opt.resume));
        coverage.bridges += 1;
    }
    let bridge_context = || {
        let bridges: Vec<String> =
            optimized_bridges.iter().map(|(k, t, _)| format!("--- bridge at {k}:\n{t}")).collect();
        format!("--- bridge:\n{body}\n{}", bridges.join("\n"))
    };
    let unoptimized =
        Program { trace: &trace, resume: &resume, bridges: vec![(exit, body.clone(), body_resume.clone())] };
    let optimized_program =
        Program { trace: &optimized.trace, resume: &optimized.resume, bridges: optimized_bridges.clone() };
    let kinds =
        |exit: u32| if exit >= BRIDGE_EXIT { exit_kinds(&body, exit - BRIDGE_EXIT) } else { exit_kinds(&trace, exit) };
    compare_runs(&unoptimized, &optimized_program, &spec, &inputs, &kinds, coverage)
        .map_err(|e| format!("{}\n{}", context(&e, &trace, &optimized.trace), bridge_context()))?;
    Ok(())
}

#[test]
fn random_loops_behave_the_same_optimized() {
    // The test holds objects where a collector cannot see them (its worlds and simulated values
    // live in Rust memory): it runs on the stand-in allocator, which never frees.
    if std::env::var_os("METATRACE_GC").is_none() {
        std::env::set_var("METATRACE_GC", "standin");
    }
    // OPT_RANDOM_SEEDS=N runs seeds 0..N; OPT_RANDOM_FROM=K starts at K instead.
    let var = |name: &str| std::env::var(name).ok().and_then(|s| s.parse::<u64>().ok());
    let (from, seeds) = (var("OPT_RANDOM_FROM").unwrap_or(0), var("OPT_RANDOM_SEEDS").unwrap_or(400));
    let mut coverage = Coverage::default();
    let failures: Vec<String> = (from..from + seeds).filter_map(|seed| check_seed(seed, &mut coverage).err()).collect();
    assert!(failures.is_empty(), "{} of {seeds} seeds failed; the first:\n{}", failures.len(), failures[0]);
    eprintln!("{coverage:?}");
    if seeds >= 100 {
        assert!(coverage.ops_after < coverage.ops_before * 9 / 10, "{coverage:?}");
        assert!(coverage.exits_with_virtuals > 0 && coverage.exits_with_pending_stores > 0, "{coverage:?}");
        assert!(coverage.exits_with_strings > 0, "{coverage:?}");
        assert!(coverage.peeled > seeds as usize / 2, "{coverage:?}");
        assert!(coverage.bridges > 0 && coverage.bridge_exits > 0, "{coverage:?}");
        assert!(coverage.entering_bridges > 0 && coverage.header_exits > 0, "{coverage:?}");
    }
}

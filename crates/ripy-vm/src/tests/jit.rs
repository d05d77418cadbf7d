//! The fast paths under the JIT: a small loop language whose opcodes are ripy-vm's domain
//! functions runs the same programs with the JIT off, eager (traces, compiled loops and bridges
//! from the first iteration) and eager with replay checking; the results must agree, and the
//! eager runs must have compiled loops. This exercises the tracer, the backend and resumption on
//! the object model's code: overflow into big ints, int/float mixes, list strategy switches,
//! attribute maps, type lookups, dict stores and exceptions.

use crate::bigint;
use crate::dict;
use crate::float::heap_float;
use crate::int::heap_int;
use crate::list;
use crate::mapdict::{self, W_Instance};
use crate::ops::{self, BinOp, CmpOp};
use crate::repr;
use crate::space::Space;
use crate::storage::RefArray;
use crate::typeobject;
use crate::unicode;
use metatrace::domain::{Domain, Language, Leave, PortalResult, Virtualizable, VirtualizableArray};
use metatrace::jit::Jit;
use metatrace::params::JitParams;
use metatrace_gc::{GcHeader, GcObject, GcRef};
use metatrace_macros::GcObject;
use std::hash::{Hash, Hasher};

/// A frame: registers, all virtualizable.
#[derive(GcObject)]
#[repr(C)]
struct TestFrame {
    header: GcHeader,
    #[gc(immutable)]
    regs: GcRef,
}

/// An instruction; operands are register numbers.
#[derive(Copy, Clone, Debug)]
enum Instr {
    /// `r[dst] = r[a] op r[b]`
    Bin(BinOp, usize, usize, usize),
    /// Jump back to `target` while `r[a] < r[b]`.
    LoopWhileLess(usize, usize, u32),
    /// `r[list].append(r[item])`
    Append(usize, usize),
    /// `r[dst] = r[list][r[index]]`
    Index(usize, usize, usize),
    /// `r[obj].<name> = r[value]` (a constant name)
    SetAttr(usize, usize, usize),
    /// `r[dst] = r[obj].<name>`
    GetAttr(usize, usize, usize),
    /// `r[dst] = <name>` looked up on type `r[ty]`
    Lookup(usize, usize, usize),
    /// `r[dict][r[key]] = r[value]`
    DictStore(usize, usize, usize),
    /// Return `r[src]`.
    Return(usize),
}

/// A program: its code, the attribute names it uses, the space.
struct Program {
    code: Vec<Instr>,
    names: Vec<GcRef>,
    space: &'static Space,
}

/// A position: the green variables.
#[derive(Copy, Clone, Debug)]
struct Pos {
    program: &'static Program,
    pc: u32,
}

impl PartialEq for Pos {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.program, other.program) && self.pc == other.pc
    }
}

impl Eq for Pos {}

impl Hash for Pos {
    fn hash<H: Hasher>(&self, state: &mut H) {
        std::ptr::hash(self.program, state);
        self.pc.hash(state);
    }
}

impl std::fmt::Debug for Program {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "program of {} instructions", self.code.len())
    }
}

struct LoopLang;

static VIRTUALIZABLE: Virtualizable = Virtualizable {
    fields: &[],
    array: Some(VirtualizableArray { field: TestFrame::REGS, items: RefArray::ITEMS }),
    token: None,
    escaped: None,
};

impl Language for LoopLang {
    type Greens = Pos;

    fn virtualizable() -> &'static Virtualizable {
        &VIRTUALIZABLE
    }

    fn portal<D: Domain<Lang = Self>>(d: &mut D, greens: Pos, frame: D::Ref) -> PortalResult<D> {
        let mut pos = greens;
        let program = pos.program;
        let space = program.space;
        loop {
            d.merge_point(&pos, frame)?;
            let regs = d.get_ref(frame, &TestFrame::REGS);
            let load = |d: &mut D, r: usize| {
                let i = d.const_int(r as i64);
                d.get_item_ref(regs, &RefArray::ITEMS, i)
            };
            let store = |d: &mut D, r: usize, v: D::Ref| {
                let i = d.const_int(r as i64);
                d.set_item_ref(regs, &RefArray::ITEMS, i, v);
            };
            let name = |d: &mut D, n: usize| d.const_ref(program.names[n]);
            let fields = mapdict::instance_fields(W_Instance::layout()).expect("instance fields");
            pos.pc += 1;
            match program.code[pos.pc as usize - 1] {
                Instr::Bin(op, dst, a, b) => {
                    let (x, y) = (load(d, a), load(d, b));
                    let r = ops::binary_op(d, space, op, x, y).map_err(Leave::Raise)?;
                    store(d, dst, r);
                }
                Instr::LoopWhileLess(a, b, target) => {
                    let (x, y) = (load(d, a), load(d, b));
                    let less = ops::compare(d, CmpOp::Lt, x, y).map_err(Leave::Raise)?;
                    if d.branch(less) {
                        pos.pc = target;
                        d.can_enter_jit(&mut pos, frame)?;
                    }
                }
                Instr::Append(l, item) => {
                    let (l, item) = (load(d, l), load(d, item));
                    list::append_item(d, l, item).map_err(Leave::Raise)?;
                }
                Instr::Index(dst, l, index) => {
                    let (l, index) = (load(d, l), load(d, index));
                    let i = crate::sequence::index_value(d, l, index).map_err(Leave::Raise)?;
                    let v = list::getitem(d, l, i).map_err(Leave::Raise)?;
                    store(d, dst, v);
                }
                Instr::SetAttr(obj, n, value) => {
                    let (obj, value, n) = (load(d, obj), load(d, value), name(d, n));
                    mapdict::setattr(d, obj, fields, n, value);
                }
                Instr::GetAttr(dst, obj, n) => {
                    let (obj, n) = (load(d, obj), name(d, n));
                    let mapdict::Own::Found(v) = mapdict::getattr(d, obj, fields, n) else {
                        panic!("the attribute is set")
                    };
                    store(d, dst, v);
                }
                Instr::Lookup(dst, ty, n) => {
                    let (ty, n) = (load(d, ty), name(d, n));
                    let v = typeobject::lookup(d, ty, n);
                    store(d, dst, v);
                }
                Instr::DictStore(dict, key, value) => {
                    let (dict, key, value) = (load(d, dict), load(d, key), load(d, value));
                    dict::setitem(d, dict, key, value).map_err(Leave::Raise)?;
                }
                Instr::Return(r) => return Ok(load(d, r)),
            }
        }
    }
}

/// Run `code` on fresh registers made by `regs` under JIT setting `jit`: the repr of the result (or
/// of the exception) and the number of compiled loops.
fn run(code: &[Instr], names: &[&str], regs: &dyn Fn() -> Vec<GcRef>, jit: &str) -> (String, u32) {
    let space = Space::get();
    let names = names.iter().map(|n| space.intern(n)).collect();
    let program: &'static Program = Box::leak(Box::new(Program { code: code.to_vec(), names, space }));
    let jit = Jit::<LoopLang>::new(JitParams::parse(jit).expect("a valid setting"));
    let frame = metatrace_gc::alloc(TestFrame::layout());
    let regs = regs();
    let _rooted = metatrace_gc::root_slice(&regs);
    crate::gc::set_ref(frame, &TestFrame::REGS, RefArray::from_slice(&regs));
    let shown = match jit.run(Pos { program, pc: 0 }, frame) {
        Ok(v) => repr::repr(v).expect("a repr"),
        Err(e) => format!("{}: {}", space.type_name(e), space.exception_str(e).expect("a message")),
    };
    (shown, jit.stats().loops)
}

/// Run under every setting; the results agree and the eager runs compile loops.
fn agree(code: &[Instr], names: &[&str], regs: &dyn Fn() -> Vec<GcRef>) -> String {
    let (expected, _) = run(code, names, regs, "off");
    for setting in ["eager", "eager,replay_check", "threshold=7,trace_eagerness=3"] {
        let (got, loops) = run(code, names, regs, setting);
        assert_eq!(got, expected, "JIT setting {setting}");
        assert!(loops > 0, "{setting}: no loop was compiled");
    }
    expected
}

#[test]
fn int_sums_overflow_into_big_ints() {
    use Instr::*;
    // acc += i * i * k, with k large enough that acc leaves the i64 range halfway.
    let code = [
        Bin(BinOp::Mul, 5, 1, 1),
        Bin(BinOp::Mul, 5, 5, 4),
        Bin(BinOp::Add, 0, 0, 5),
        Bin(BinOp::Add, 1, 1, 3),
        LoopWhileLess(1, 2, 0),
        Return(0),
    ];
    let n = 300i64;
    let k = 1i64 << 40;
    let regs = || vec![heap_int(0), heap_int(0), heap_int(n), heap_int(1), heap_int(k), heap_int(0)];
    let sum: i128 = (0..n as i128).map(|i| i * i * k as i128).sum();
    assert_eq!(agree(&code, &[], &regs), sum.to_string());
}

#[test]
fn int_and_float_mixes_and_floor_division() {
    use Instr::*;
    // acc += i / 3 + (-i) // 7 + i % -5 + 0.25 * i
    let code = [
        Bin(BinOp::TrueDiv, 5, 1, 6),
        Bin(BinOp::Add, 0, 0, 5),
        Bin(BinOp::Sub, 5, 7, 1),
        Bin(BinOp::FloorDiv, 5, 5, 8),
        Bin(BinOp::Add, 0, 0, 5),
        Bin(BinOp::Mod, 5, 1, 9),
        Bin(BinOp::Add, 0, 0, 5),
        Bin(BinOp::Mul, 5, 10, 1),
        Bin(BinOp::Add, 0, 0, 5),
        Bin(BinOp::Add, 1, 1, 3),
        LoopWhileLess(1, 2, 0),
        Return(0),
    ];
    let regs = || {
        [0, 0, 500, 1]
            .map(heap_int)
            .into_iter()
            .chain([heap_int(0), heap_int(0), heap_int(3), heap_int(0), heap_int(7), heap_int(-5), heap_float(0.25)])
            .collect()
    };
    let mut acc = 0.0f64;
    for i in 0..500i64 {
        acc += i as f64 / 3.0;
        acc += (-i).div_euclid(7) as f64;
        acc += (i.rem_euclid(5) - if i % 5 != 0 { 5 } else { 0 }) as f64;
        acc += 0.25 * i as f64;
    }
    assert_eq!(agree(&code, &[], &regs), crate::floatrepr::float_repr(acc));
}

#[test]
fn list_strategies_switch_inside_loops() {
    use Instr::*;
    // Append ints, then floats, then sum the list by index.
    let code = [
        Append(0, 1),
        Bin(BinOp::Add, 1, 1, 3),
        LoopWhileLess(1, 6, 0),
        Bin(BinOp::Add, 5, 1, 4),
        Append(0, 5),
        Bin(BinOp::Add, 1, 1, 3),
        LoopWhileLess(1, 2, 3),
        Bin(BinOp::Sub, 1, 1, 1),
        Index(5, 0, 1),
        Bin(BinOp::Add, 7, 7, 5),
        Bin(BinOp::Add, 1, 1, 3),
        LoopWhileLess(1, 2, 8),
        Return(7),
    ];
    let regs = || {
        vec![
            list::new_list(&[]),
            heap_int(0),
            heap_int(200),
            heap_int(1),
            heap_float(0.5),
            heap_int(0),
            heap_int(120),
            heap_int(0),
        ]
    };
    let sum: f64 = (0..120).map(f64::from).sum::<f64>() + (120..200).map(|i| f64::from(i) + 0.5).sum::<f64>();
    assert_eq!(agree(&code, &[], &regs), crate::floatrepr::float_repr(sum));
}

#[test]
fn attributes_lookups_and_dict_stores_in_loops() {
    use Instr::*;
    let space = Space::get();
    let class =
        typeobject::new_type(space, space.type_type, unicode::new_str("Counter"), &[], dict::new()).expect("a class");
    typeobject::set_attr(space, class, space.intern("step"), heap_int(3)).expect("a class attribute");
    // obj.count = obj.count + Counter.step; d[i % 4] = obj.count
    let code = [
        GetAttr(5, 0, 0),
        Lookup(6, 7, 1),
        Bin(BinOp::Add, 5, 5, 6),
        SetAttr(0, 0, 5),
        Bin(BinOp::Mod, 6, 1, 9),
        DictStore(8, 6, 5),
        Bin(BinOp::Add, 1, 1, 3),
        LoopWhileLess(1, 2, 0),
        Return(8),
    ];
    let regs = || {
        let obj = mapdict::new_object(W_Instance::layout(), class);
        mapdict::set_attr(obj, space.intern("count"), heap_int(0));
        vec![
            obj,
            heap_int(0),
            heap_int(100),
            heap_int(1),
            heap_int(0),
            heap_int(0),
            heap_int(0),
            class,
            dict::new(),
            heap_int(4),
        ]
    };
    assert_eq!(agree(&code, &["count", "step"], &regs), "{0: 291, 1: 294, 2: 297, 3: 300}");
}

#[test]
fn exceptions_leave_compiled_loops() {
    use Instr::*;
    // acc += 1000 // (n - i): the divisor reaches zero.
    let code = [
        Bin(BinOp::Sub, 5, 2, 1),
        Bin(BinOp::FloorDiv, 5, 4, 5),
        Bin(BinOp::Add, 0, 0, 5),
        Bin(BinOp::Add, 1, 1, 3),
        LoopWhileLess(1, 6, 0),
        Return(0),
    ];
    let regs = || vec![heap_int(0), heap_int(0), heap_int(50), heap_int(1), heap_int(1000), heap_int(0), heap_int(60)];
    assert_eq!(agree(&code, &[], &regs), "ZeroDivisionError: integer division or modulo by zero");
    // And big ints in a loop's operands from the start.
    let big = || bigint::parse_int_str(unicode::new_str("123456789012345678901234567890"), 10).expect("an int");
    let code = [
        Bin(BinOp::Mul, 0, 0, 4),
        Bin(BinOp::FloorDiv, 0, 0, 4),
        Bin(BinOp::Add, 1, 1, 3),
        LoopWhileLess(1, 2, 0),
        Return(0),
    ];
    let regs = || vec![big(), heap_int(0), heap_int(40), heap_int(1), heap_int(-7)];
    assert_eq!(agree(&code, &[], &regs), "123456789012345678901234567890");
}

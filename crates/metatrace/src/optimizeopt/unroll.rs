//! Loop peeling (PyPy's `unroll.py`).
//!
//! A loop `label(L0, inputs) body jump(L0, values)` becomes
//!
//! ```text
//! label(L0, inputs)  preamble: the body optimized once, from nothing
//! label(L1, leaves)  peeled loop: the body optimized again, knowing what the preamble established
//! jump(L1, leaves')
//! ```
//!
//! What the preamble establishes at its end is *exported* as the loop's state:
//!
//! * the shape of every loop-carried value: a virtual stays virtual across the back edge (a boxed
//!   integer is carried as its integer; a virtual string as its parts), and the non-virtual values inside the shapes, the
//!   *leaves*, are the arguments of `L1`;
//! * facts about the leaves: constants, integer bounds, non-null and known layouts (so guards that
//!   check them do not run again in the loop);
//! * heap facts: fields and items of leaves whose values the preamble knows (so loop-invariant
//!   loads run once); their values become extra leaves;
//! * pure facts (PyPy's short preamble): pure operations the preamble computed from leaves and
//!   constants; their results become extra leaves, so the loop does not compute them again (a
//!   loop-invariant `float_neg` runs once, in the preamble). Only those the loop uses are kept.
//!
//! The peeled loop is optimized assuming that state at `L1`, and its end must re-establish it for
//! its `jump` to `L1`: the same shapes, the facts holding for its values, the heap facts known.
//! When it does not, the state is weakened where it failed (a virtual is forced at the end of the
//! preamble instead, a fact or heap fact is not assumed) and the loop is optimized again. After a
//! few attempts the loop is not peeled at all.
//!
//! The exported state is kept with the compiled loop ([`EntryState`]). A bridge (or another trace)
//! that ends with a jump to `L0` jumps to `L1` instead when its values fit that state ([`enter`],
//! PyPy's `jump_to_existing_trace`): the loop's virtuals are virtuals of the same shape in the
//! bridge, the facts it assumes hold or are checked by guards that resume at the loop header
//! (added only when the values the jump had while it was traced pass them), the heap facts are
//! known or loaded again and the pure facts computed again (the short preamble, replayed).
//! Otherwise the bridge jumps to `L0`, whose arguments are the ones the trace was recorded with.

use super::info::{layout_addr, IntBound, PtrInfo, VStr, Virtual};
use super::state::{Place, State, Store};
use super::{Entries, OptError, Optimizer, Passes, Produced};
use crate::ir::{Arg, Descr, Op, Opcode, Trace, Var, VarId};
use metatrace_gc::{heap, ArrayDescr, FieldDescr, Kind, Layout};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeSet;

/// How many times the loop is optimized again with a weaker state before peeling is given up.
const MAX_ATTEMPTS: usize = 8;

/// Where a loop-carried value comes from in the exported state.
#[derive(Copy, Clone, Debug)]
pub(crate) enum Shape {
    /// A non-virtual value: a leaf, by index.
    Leaf(usize),
    /// A virtual object, by node index.
    Node(usize),
}

/// A virtual object of the exported state.
#[derive(Clone)]
pub(crate) struct Node {
    /// Its variable in the preamble.
    var: VarId,
    layout: &'static Layout,
    contents: Contents,
}

/// The contents of a virtual of the exported state.
#[derive(Clone)]
enum Contents {
    Object(Vec<(FieldDescr, Shape)>),
    Array(ArrayDescr, Vec<Shape>),
    /// A virtual string: how it is built (its operands as they were in the preamble) and the
    /// shapes of its operands.
    Str(VStr, Vec<Shape>),
}

/// What names a leaf across attempts: the path to it from the loop-carried values (position,
/// then field or item numbers), `[u32::MAX, n]` for the value of heap fact `n`, or
/// `[PURE_KEY, n]` for the result of pure fact `n`.
type LeafKey = Vec<u32>;

/// The first number of a pure fact's [`LeafKey`].
const PURE_KEY: u32 = u32::MAX - 1;

/// A non-virtual value of the exported state and what is assumed about it.
#[derive(Clone)]
pub(crate) struct Leaf {
    key: LeafKey,
    kind: Kind,
    /// Its operand at the end of the preamble.
    value: Arg,
    /// It is the constant `value` in the loop too (else it is an argument of `L1`).
    constant: bool,
    bound: Option<IntBound>,
    ptr: PtrInfo,
}

/// Where a heap fact is.
#[derive(Copy, Clone)]
enum FactTarget {
    Leaf(usize),
    Constant(Arg),
}

/// A field or item (at a constant index) of a leaf or constant, with its value's leaf.
#[derive(Clone)]
pub(crate) struct HeapFact {
    /// Its index in the preamble's heap knowledge (names it across attempts).
    index: usize,
    target: FactTarget,
    place: Place,
    value: usize,
}

/// A pure operation of the preamble over leaves and constants, whose result is a leaf.
#[derive(Clone)]
pub(crate) struct PureFact {
    /// Its index in the preamble's pure knowledge (names it across attempts).
    index: usize,
    /// The operation as the preamble computed it (its result is replaced by a new variable
    /// wherever it is computed again).
    op: Op,
    /// Its operands: leaves (of the loop-carried values and heap facts only), or constants.
    args: Vec<FactArg>,
    /// The leaf of its result.
    value: usize,
}

/// An operand of a pure fact.
#[derive(Copy, Clone)]
enum FactArg {
    Leaf(usize),
    Constant(Arg),
}

/// What a failed attempt learned not to assume.
#[derive(Default)]
struct Weakening {
    /// Virtuals of the preamble to force at its end (their positions become leaves).
    force: BTreeSet<VarId>,
    /// Leaves about which nothing is assumed.
    plain: BTreeSet<LeafKey>,
    /// Heap facts not imported.
    dropped: BTreeSet<usize>,
    /// Pure facts not imported (the loop does not use them, or cannot compute them at its end).
    unused: BTreeSet<usize>,
}

impl Weakening {
    /// How many things it weakens.
    fn len(&self) -> usize {
        self.force.len() + self.plain.len() + self.dropped.len() + self.unused.len()
    }

    /// True when nothing is to be weakened.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Add `more`; false when it adds nothing (the attempt would fail again).
    fn absorb(&mut self, more: Weakening) -> bool {
        let before = self.len();
        self.force.extend(more.force);
        self.plain.extend(more.plain);
        self.dropped.extend(more.dropped);
        self.unused.extend(more.unused);
        self.len() > before
    }
}

/// Peel a loop that jumps to its own label; `None` when its state cannot be carried across the
/// back edge (the caller then optimizes it without peeling).
pub(crate) fn peel(
    trace: &Trace,
    passes: &Passes,
    new_target: &mut dyn FnMut() -> u32,
) -> Result<Option<Produced>, OptError> {
    let (jump, ops) = trace.ops.split_last().ok_or_else(|| OptError::new("an empty loop"))?;
    let mut pre = Optimizer::new(passes, trace.next_var);
    pre.run(ops.iter().cloned())?;
    pre.flush()?;
    if let Some(e) = pre.st.lazy_vrefs_error() {
        return Err(e);
    }
    let heap = pre.known_heap();
    let pure = pre.known_pure();
    let target = new_target();
    let mut weakening = Weakening::default();
    for _ in 0..MAX_ATTEMPTS {
        let peeling = Peeling { pre: pre.st.clone(), x: Exported::default() };
        match peeling.attempt(trace, jump, passes, (&heap, &pure), &weakening, target)? {
            Ok(produced) => return Ok(Some(produced)),
            Err(more) => {
                if !weakening.absorb(*more) {
                    break;
                }
            }
        }
    }
    Ok(None)
}

/// Whether `op` is a guard whose operands are constants that fail it.
fn always_fails(op: &Op) -> bool {
    match (op.opcode, op.args.as_slice()) {
        (Opcode::GuardValue, [x, c]) => x.var().is_none() && c.var().is_none() && x != c,
        (Opcode::GuardTrue, [Arg::Int(c)]) => *c == 0,
        (Opcode::GuardFalse, [Arg::Int(c)]) => *c != 0,
        (Opcode::GuardNonnull, [Arg::Ref(r)]) => r.is_null(),
        (Opcode::GuardIsnull, [Arg::Ref(r)]) => !r.is_null(),
        _ => false,
    }
}

/// The state the preamble exports to the peeled loop: the virtuals, the leaves, the heap facts,
/// the pure facts.
#[derive(Clone, Default)]
pub(crate) struct Exported {
    nodes: Vec<Node>,
    leaves: Vec<Leaf>,
    facts: Vec<HeapFact>,
    pure: Vec<PureFact>,
}

/// What a peeled loop expects at its second label, kept with the compiled loop (PyPy's target
/// token's virtual state and short preamble): a trace that jumps to the loop's first label can
/// jump to the second one instead when its values fit (see [`enter`]).
#[derive(Clone)]
pub struct EntryState {
    /// The second label's target.
    pub target: u32,
    /// The shape of every argument of the first label.
    positions: Vec<Shape>,
    x: Exported,
}

impl std::fmt::Debug for EntryState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EntryState")
            .field("target", &self.target)
            .field("positions", &self.positions.len())
            .field("leaves", &self.x.leaves.len())
            .field("virtuals", &self.x.nodes.len())
            .field("heap_facts", &self.x.facts.len())
            .field("pure_facts", &self.x.pure.len())
            .finish()
    }
}

/// One attempt at peeling: the preamble's end state and the exported state.
struct Peeling {
    pre: State,
    x: Exported,
}

impl Peeling {
    /// Export the preamble's state (weakened by `w`; `known`: what its passes know of the heap
    /// and of pure operations), optimize the loop under it, and check its end: the trace, or
    /// what to weaken.
    fn attempt(
        mut self,
        trace: &Trace,
        jump: &Op,
        passes: &Passes,
        known: (&[Store], &[Op]),
        w: &Weakening,
        target: u32,
    ) -> Result<Result<Produced, Box<Weakening>>, OptError> {
        for var in &w.force {
            self.pre.force(Arg::Var(Var { id: *var, kind: Kind::Ref }));
        }
        self.pre.forced.clear();
        let mut memo = HashMap::default();
        let positions: Vec<Shape> =
            jump.args.iter().enumerate().map(|(p, a)| self.export(*a, vec![p as u32], w, &mut memo)).collect();
        self.export_heap(known.0, w);
        self.export_pure(known.1, w);
        let label_vars = self.label(target);

        let mut lp = Optimizer::new(passes, self.pre.next_var_id());
        let loop_args = self.import(&mut lp, &label_vars);
        let mut rename: HashMap<VarId, Arg> = HashMap::default();
        for (input, shape) in trace.inputargs.iter().zip(&positions) {
            rename.insert(input.id, self.loop_arg(*shape, &loop_args));
        }
        let body = &trace.ops[1..trace.ops.len() - 1];
        let renamed = body.iter().map(|op| rename_op(op, &mut rename, &mut lp.st)).collect::<Result<Vec<_>, _>>()?;
        lp.run(renamed)?;
        lp.flush()?;

        let end_args: Vec<Arg> =
            jump.args.iter().map(|a| rename_arg(*a, &rename).map(|a| lp.st.get(a))).collect::<Result<_, _>>()?;
        let end = match self.check_end(&positions, &end_args, &mut lp, &label_vars) {
            Ok(end) => end,
            Err(more) => return Ok(Err(more)),
        };
        if lp.st.out.iter().any(always_fails) {
            // The loop's end fits, but what the preamble established contradicts what the loop
            // checks (an object carried around the loop has another map each time): the peeled
            // loop could never complete an iteration, and is better not peeled (PyPy's
            // `InvalidLoop`).
            return Ok(Err(Box::default()));
        }
        let args = self.x.leaves.iter().zip(&end).filter(|(l, _)| !l.constant).map(|(_, e)| *e).collect();
        lp.st.output(Op { descr: Some(Descr::Target(target)), ..Op::new(Opcode::Jump, args, None) });
        if let Some(e) = lp.st.error.take() {
            return Err(e);
        }
        let pre = self.pre.produced();
        let peeled = lp.st.produced();
        let shift = pre.exits.len() as u32;
        let mut ops = pre.ops;
        ops.extend(peeled.ops.into_iter().map(|mut op| {
            if let Some(Descr::Guard(g)) = op.descr {
                op.descr = Some(Descr::Guard(g + shift));
            }
            op
        }));
        let mut exits = pre.exits;
        exits.extend(peeled.exits);
        let entry = EntryState { target, positions, x: self.x };
        Ok(Ok(Produced { ops, exits, next_var: peeled.next_var, entry: Some(entry), entered: None }))
    }

    /// The shape of the preamble's value `a` at path `path`.
    fn export(&mut self, a: Arg, path: LeafKey, w: &Weakening, memo: &mut HashMap<VarId, usize>) -> Shape {
        let a = self.pre.get(a);
        if let Some(s) = self.pre.string_of(a).cloned() {
            return self.export_string(a, s, path, w, memo);
        }
        let Some(virt) = self.pre.virtual_of(a).cloned() else { return Shape::Leaf(self.leaf(a, path, w)) };
        let var = a.var().expect("a virtual is a variable").id;
        if let Some(&n) = memo.get(&var) {
            return Shape::Node(n);
        }
        let n = self.x.nodes.len();
        memo.insert(var, n);
        self.x.nodes.push(Node { var, layout: virt.layout(), contents: Contents::Object(Vec::new()) });
        let at = |i: usize| [path.as_slice(), &[i as u32]].concat();
        let contents = match virt {
            Virtual::Object { fields, .. } => Contents::Object(
                fields.iter().enumerate().map(|(i, (f, v))| (*f, self.export(*v, at(i), w, memo))).collect(),
            ),
            Virtual::Array { descr, items, .. } => {
                Contents::Array(descr, items.iter().enumerate().map(|(i, v)| self.export(*v, at(i), w, memo)).collect())
            }
        };
        self.x.nodes[n].contents = contents;
        Shape::Node(n)
    }

    /// The shape of the preamble's virtual string `a`, which is `s`: a node whose operands are
    /// exported as shapes.
    fn export_string(
        &mut self,
        a: Arg,
        s: VStr,
        path: LeafKey,
        w: &Weakening,
        memo: &mut HashMap<VarId, usize>,
    ) -> Shape {
        let var = a.var().expect("a virtual string is a variable").id;
        if let Some(&n) = memo.get(&var) {
            return Shape::Node(n);
        }
        let n = self.x.nodes.len();
        memo.insert(var, n);
        let layout = (s.spec.layout)();
        self.x.nodes.push(Node { var, layout, contents: Contents::Object(Vec::new()) });
        let shapes = s
            .parts
            .args()
            .iter()
            .enumerate()
            .map(|(i, x)| self.export(*x, [path.as_slice(), &[i as u32]].concat(), w, memo))
            .collect();
        self.x.nodes[n].contents = Contents::Str(s, shapes);
        Shape::Node(n)
    }

    /// A new leaf for the (non-virtual) preamble value `a`, with the facts known about it.
    fn leaf(&mut self, a: Arg, key: LeafKey, w: &Weakening) -> usize {
        // A virtual string is built at the end of the preamble: only objects stay virtual.
        let a = self.pre.force(a);
        let plain = w.plain.contains(&key);
        let kind = a.kind();
        let leaf = Leaf {
            constant: !plain && a.var().is_none(),
            bound: (!plain && kind == Kind::Int).then(|| self.pre.bound(a)),
            ptr: if plain || kind != Kind::Ref { PtrInfo::default() } else { self.pre.ptr(a) },
            key,
            kind,
            value: a,
        };
        self.x.leaves.push(leaf);
        self.x.leaves.len() - 1
    }

    /// The heap facts to import: known places of leaves and constants, with their values. A
    /// fact's value becomes a leaf, whose own places may then be facts too (a field of an object
    /// that a field of a loop-carried object holds).
    fn export_heap(&mut self, heap: &[Store], w: &Weakening) {
        let mut remaining: Vec<(usize, &Store)> = heap
            .iter()
            .enumerate()
            .filter(|(index, s)| {
                let constant_index = !matches!(s.place, Place::Item(_, index) if index.var().is_some());
                !w.dropped.contains(index) && self.pre.virtual_of(s.value).is_none() && constant_index
            })
            .collect();
        loop {
            let before = remaining.len();
            remaining.retain(|&(index, s)| {
                let target = match s.target {
                    Arg::Ref(_) => FactTarget::Constant(s.target),
                    t => match self.x.leaves.iter().position(|l| !l.constant && l.value == t) {
                        Some(l) => FactTarget::Leaf(l),
                        None => return true,
                    },
                };
                let existing =
                    self.x.leaves.iter().position(|l| !l.constant && s.value.var().is_some() && l.value == s.value);
                let value = existing.unwrap_or_else(|| self.leaf(s.value, vec![u32::MAX, index as u32], w));
                self.x.facts.push(HeapFact { index, target, place: s.place, value });
                false
            });
            if remaining.len() == before {
                return;
            }
        }
    }

    /// The pure facts to import: pure operations of the preamble whose operands are leaves (of
    /// the loop-carried values or heap facts) or constants, and whose result is a variable that
    /// is no leaf yet. Not operations that may trap (division) or need a guard after them
    /// (overflow checks, calls): a bridge entering the loop computes them again, and so does the
    /// loop's end, for values no guard of the preamble has checked.
    fn export_pure(&mut self, ops: &[Op], w: &Weakening) {
        use Opcode::*;
        for (index, op) in ops.iter().enumerate() {
            let excluded = matches!(op.opcode, IntFloorDiv | IntMod | IntAddOvf | IntSubOvf | IntMulOvf | CallPure);
            let Some(result) = op.result else { continue };
            let value = self.pre.get(Arg::Var(result));
            if excluded || w.unused.contains(&index) {
                continue;
            }
            if self.pre.virtual_of(value).is_some() || self.pre.string_of(value).is_some() {
                continue;
            }
            let leaf_of = |a: Arg| self.x.leaves.iter().position(|l| !l.constant && l.value == a);
            if value.var().is_some() && leaf_of(value).is_some() {
                continue;
            }
            let args: Option<Vec<FactArg>> = op
                .args
                .iter()
                .map(|a| match self.pre.get(*a) {
                    c if c.var().is_none() => Some(FactArg::Constant(c)),
                    v => leaf_of(v).map(FactArg::Leaf),
                })
                .collect();
            let Some(args) = args else { continue };
            if args.iter().all(|a| matches!(a, FactArg::Constant(_))) {
                continue;
            }
            let leaf = self.leaf(value, vec![PURE_KEY, index as u32], w);
            self.x.pure.push(PureFact { index, op: op.clone(), args, value: leaf });
        }
    }

    /// Emit `L1` after the preamble: one distinct variable per leaf that is not a constant (a
    /// constant or repeated value gets a `same_as` first). Returns them, by leaf.
    fn label(&mut self, target: u32) -> Vec<Option<Arg>> {
        let mut used = HashSet::default();
        let mut vars = Vec::new();
        for leaf in &self.x.leaves {
            if leaf.constant {
                vars.push(None);
                continue;
            }
            let var = match leaf.value.var() {
                Some(v) if used.insert(v.id) => v,
                _ => {
                    let v = self.pre.new_var(leaf.kind);
                    self.pre.out.push(Op::new(Opcode::SameAs, vec![leaf.value], Some(v)));
                    used.insert(v.id);
                    v
                }
            };
            vars.push(Some(Arg::Var(var)));
        }
        let args = vars.iter().flatten().copied().collect();
        self.pre.out.push(Op { descr: Some(Descr::Target(target)), ..Op::new(Opcode::Label, args, None) });
        vars
    }

    /// Give the loop's optimizer the exported state: the leaves' operands and facts, the
    /// virtuals, the heap facts. Returns the loop's operand of every leaf.
    fn import(&self, lp: &mut Optimizer, label_vars: &[Option<Arg>]) -> Vec<Arg> {
        let leaf_args: Vec<Arg> = self.x.leaves.iter().zip(label_vars).map(|(l, v)| v.unwrap_or(l.value)).collect();
        for (leaf, arg) in self.x.leaves.iter().zip(&leaf_args) {
            if let Some(b) = leaf.bound {
                lp.st.narrow(*arg, b);
            }
            match leaf.ptr {
                PtrInfo { layout: Some(l), .. } => lp.st.set_layout(*arg, l),
                PtrInfo { nonnull: true, .. } => lp.st.set_nonnull(*arg),
                _ => {}
            }
        }
        let node_vars: Vec<Arg> = self.x.nodes.iter().map(|_| Arg::Var(lp.st.new_var(Kind::Ref))).collect();
        let arg = |s: &Shape| match *s {
            Shape::Leaf(l) => leaf_args[l],
            Shape::Node(n) => node_vars[n],
        };
        for (node, var) in self.x.nodes.iter().zip(&node_vars) {
            let var = var.var().expect("a variable");
            let virt = match &node.contents {
                Contents::Str(s, shapes) => {
                    let args: Vec<Arg> = shapes.iter().map(arg).collect();
                    lp.st.add_string(var, VStr { spec: s.spec, parts: s.parts.with_args(&args) });
                    continue;
                }
                Contents::Object(fields) => {
                    Virtual::Object { layout: node.layout, fields: fields.iter().map(|(f, s)| (*f, arg(s))).collect() }
                }
                Contents::Array(descr, items) => {
                    Virtual::Array { layout: node.layout, descr: *descr, items: items.iter().map(arg).collect() }
                }
            };
            lp.st.add_virtual(var, virt);
        }
        let stores: Vec<Store> = self
            .x
            .facts
            .iter()
            .map(|f| Store {
                target: match f.target {
                    FactTarget::Leaf(l) => leaf_args[l],
                    FactTarget::Constant(c) => c,
                },
                place: f.place,
                value: leaf_args[f.value],
            })
            .collect();
        lp.assume_heap(&stores);
        let pure: Vec<(Op, Arg)> =
            self.x.pure.iter().map(|f| (pure_op(f, &leaf_args, leaf_args[f.value]), leaf_args[f.value])).collect();
        lp.assume_pure(&pure);
        let mut all = leaf_args;
        all.extend(node_vars);
        all
    }

    /// The loop's operand for a shape (`loop_args`: the leaves', then the nodes').
    fn loop_arg(&self, shape: Shape, loop_args: &[Arg]) -> Arg {
        match shape {
            Shape::Leaf(l) => loop_args[l],
            Shape::Node(n) => loop_args[self.x.leaves.len() + n],
        }
    }

    /// Which facts the loop needs: whether each pure fact is, and the heap facts that are not
    /// (by index in `x.facts`). A fact whose leaf is its own is needed when the loop uses the
    /// leaf's variable (`label_vars`) or a needed fact uses the leaf; a pure fact with a constant
    /// result has no variable and costs nothing when it holds; a heap fact whose value the loop
    /// also carries elsewhere costs no label argument. Facts that are not needed cost a label
    /// argument each, and a load or an operation in every trace that enters the loop.
    fn needed(&self, lp: &Optimizer, label_vars: &[Option<Arg>]) -> (Vec<bool>, BTreeSet<usize>) {
        let mut used = HashSet::default();
        for op in &lp.st.out {
            used.extend(op.args.iter().chain(&op.fail_args).filter_map(|a| a.var()).map(|v| v.id));
        }
        let used_leaf = |l: usize| label_vars[l].and_then(|a| a.var()).is_none_or(|v| used.contains(&v.id));
        let mut needed_leaves = HashSet::default();
        let mut pure = vec![false; self.x.pure.len()];
        for (i, fact) in self.x.pure.iter().enumerate().rev() {
            pure[i] = used_leaf(fact.value) || needed_leaves.contains(&fact.value);
            if pure[i] {
                needed_leaves.extend(fact.args.iter().filter_map(|a| match a {
                    FactArg::Leaf(l) => Some(*l),
                    FactArg::Constant(_) => None,
                }));
            }
        }
        let mut heap = BTreeSet::new();
        for (f, fact) in self.x.facts.iter().enumerate().rev() {
            let own = self.x.leaves[fact.value].key == [u32::MAX, fact.index as u32];
            if !own || used_leaf(fact.value) || needed_leaves.contains(&fact.value) {
                if let FactTarget::Leaf(l) = fact.target {
                    needed_leaves.insert(l);
                }
            } else {
                heap.insert(f);
            }
        }
        (pure, heap)
    }

    /// Check that the loop's end re-establishes the exported state: its operand for every leaf,
    /// or what to weaken. The pure facts the loop uses are computed at its end (usually found
    /// computed already); those it does not use are dropped (`label_vars`: the loop's variable
    /// of each leaf).
    fn check_end(
        &self,
        positions: &[Shape],
        end_args: &[Arg],
        lp: &mut Optimizer,
        label_vars: &[Option<Arg>],
    ) -> Result<Vec<Arg>, Box<Weakening>> {
        let (pure_needed, heap_unneeded) = self.needed(lp, label_vars);
        let mut m = EndMatch {
            st: &lp.st,
            end: vec![None; self.x.leaves.len()],
            nodes: HashMap::default(),
            objects: HashSet::default(),
            failed: Weakening::default(),
            value_layout: None,
            reads: Vec::new(),
        };
        for (shape, arg) in positions.iter().zip(end_args) {
            m.matches(&self.x, *shape, *arg);
        }
        m.failed.dropped.extend(heap_unneeded.iter().map(|&f| self.x.facts[f].index));
        let heap: Vec<Store> = lp.known_heap();
        for (f, fact) in self.x.facts.iter().enumerate() {
            if heap_unneeded.contains(&f) {
                continue;
            }
            let target = match fact.target {
                FactTarget::Leaf(l) => m.end[l],
                FactTarget::Constant(c) => Some(c),
            };
            let value =
                target.and_then(|t| heap.iter().find(|s| s.target == t && s.place == fact.place)).map(|s| s.value);
            match value {
                Some(v) if m.assign(fact.value, v) => {}
                _ => {
                    m.failed.dropped.insert(fact.index);
                }
            }
        }
        let (mut end, mut failed) = (m.end, m.failed);
        for (fact, needed) in self.x.pure.iter().zip(pure_needed) {
            let args: Option<Vec<Arg>> = fact
                .args
                .iter()
                .map(|a| match *a {
                    FactArg::Leaf(l) => end[l],
                    FactArg::Constant(c) => Some(c),
                })
                .collect();
            end[fact.value] = args.filter(|_| needed).and_then(|args| compute(lp, &fact.op, args).ok());
            let leaf = &self.x.leaves[fact.value];
            if !end[fact.value].is_some_and(|e| holds(leaf, e, &lp.st)) {
                failed.unused.insert(fact.index);
            }
        }
        for (leaf, end) in self.x.leaves.iter().zip(&end) {
            let Some(e) = *end else { continue };
            if leaf.key[0] != PURE_KEY && !holds(leaf, e, &lp.st) {
                failed.plain.insert(leaf.key.clone());
            }
        }
        if !failed.is_empty() {
            return Err(Box::new(failed));
        }
        // Every leaf has an end operand when everything matched; if one had not, peeling stops.
        end.into_iter().collect::<Option<Vec<Arg>>>().ok_or_else(Box::default)
    }
}

/// Whether what the loop assumes about `leaf` holds for the end operand `e`.
fn holds(leaf: &Leaf, e: Arg, st: &State) -> bool {
    (!leaf.constant || e == leaf.value)
        && leaf.bound.is_none_or(|b| b.contains_bound(&st.bound(e)))
        && (!leaf.ptr.nonnull || st.ptr(e).nonnull)
        && (leaf.ptr.layout.is_none() || st.ptr(e).layout == leaf.ptr.layout)
}

/// Matching the loop's end against the exported state.
struct EndMatch<'a> {
    st: &'a State,
    /// The end operand of every leaf.
    end: Vec<Option<Arg>>,
    /// The end virtual of every node.
    nodes: HashMap<usize, VarId>,
    /// End virtuals already matched to a node.
    objects: HashSet<VarId>,
    failed: Weakening,
    /// Whether objects of a layout are values (see [`Entries::value_layout`]);
    /// `None` at a loop's own end, where every node needs a virtual.
    value_layout: Option<&'a dyn Fn(&Layout) -> bool>,
    /// The nodes matched to objects that are not virtual (values), whose fields are read.
    reads: Vec<(usize, Arg)>,
}

impl EndMatch<'_> {
    /// Leaf `l` is `a` at the end; false when it was already something else.
    fn assign(&mut self, l: usize, a: Arg) -> bool {
        let a = self.st.get(a);
        match self.end[l] {
            Some(e) => e == a,
            None => {
                self.end[l] = Some(a);
                true
            }
        }
    }

    /// Match the end operand `a` against `shape`, recording the leaves' end operands and what
    /// does not match.
    fn matches(&mut self, p: &Exported, shape: Shape, a: Arg) {
        let a = self.st.get(a);
        match shape {
            Shape::Leaf(l) => {
                if !self.assign(l, a) {
                    self.failed.plain.insert(p.leaves[l].key.clone());
                }
            }
            Shape::Node(n) => {
                if !self.node_matches(p, n, a) {
                    self.failed.force.insert(p.nodes[n].var);
                }
            }
        }
    }

    /// True when `a` is a virtual that can stand for node `n` (its contents are then matched).
    fn node_matches(&mut self, p: &Exported, n: usize, a: Arg) -> bool {
        let Some(var) = a.var() else { return false };
        if let Contents::Str(s, shapes) = &p.nodes[n].contents {
            return self.string_matches(p, n, var.id, s, shapes, a);
        }
        let Some(virt) = self.st.virtual_of(a) else { return self.value_matches(p, n, var.id, a) };
        if let Some(&matched) = self.nodes.get(&n) {
            return matched == var.id;
        }
        if !self.objects.insert(var.id) || !std::ptr::eq(virt.layout(), p.nodes[n].layout) {
            return false;
        }
        self.nodes.insert(n, var.id);
        let pairs: Vec<(Shape, Arg)> = match (&p.nodes[n].contents, virt) {
            (Contents::Object(fields), Virtual::Object { fields: end_fields, .. }) => {
                if end_fields.iter().any(|(f, _)| !fields.iter().any(|(g, _)| g == f)) {
                    return false;
                }
                fields.iter().map(|(f, s)| (*s, virt.field(f).unwrap_or(Arg::Int(0)))).collect()
            }
            (Contents::Array(_, items), Virtual::Array { items: end_items, .. }) if items.len() == end_items.len() => {
                items.iter().copied().zip(end_items.iter().copied()).collect()
            }
            _ => return false,
        };
        for (shape, value) in pairs {
            self.matches(p, shape, value);
        }
        true
    }
}

impl EndMatch<'_> {
    /// True when `a` (variable `var`), not a virtual, is an object whose fields can stand for
    /// node `n`: objects of the node's layout are values, and the node's fields, leaves of
    /// immutable fields, fill the object. Its fields are read after the match (`reads`).
    fn value_matches(&mut self, p: &Exported, n: usize, var: VarId, a: Arg) -> bool {
        let node = &p.nodes[n];
        let Contents::Object(fields) = &node.contents else { return false };
        let filled: usize = fields.iter().map(|(f, _)| f.ty.size as usize).sum();
        let value = self.value_layout.is_some_and(|is_value| is_value(node.layout))
            && filled + std::mem::size_of::<metatrace_gc::GcHeader>() == node.layout.size
            && fields.iter().all(|(f, s)| f.immutable && matches!(s, Shape::Leaf(_)));
        if !value {
            return false;
        }
        if let Some(&matched) = self.nodes.get(&n) {
            return matched == var;
        }
        if !self.objects.insert(var) {
            return false;
        }
        self.nodes.insert(n, var);
        self.reads.push((n, a));
        true
    }

    /// True when `a` (variable `var`) is a virtual string built as node `n`'s string `s`, whose
    /// operands have `shapes` (they are then matched).
    fn string_matches(&mut self, p: &Exported, n: usize, var: VarId, s: &VStr, shapes: &[Shape], a: Arg) -> bool {
        let Some(end) = self.st.string_of(a).cloned() else { return false };
        if let Some(&matched) = self.nodes.get(&n) {
            return matched == var;
        }
        if !self.objects.insert(var) || end.spec != s.spec || !end.parts.same_kind(&s.parts) {
            return false;
        }
        self.nodes.insert(n, var);
        for (shape, value) in shapes.iter().zip(end.parts.args()) {
            self.matches(p, *shape, value);
        }
        true
    }
}

/// End a linear trace (a bridge, or a trace from elsewhere) whose last operation `jump` jumps to
/// the first label of a peeled loop whose state is `entry` with a jump to its second label
/// instead, when the trace's values fit (PyPy's `jump_to_existing_trace`), so that the preamble
/// does not run again:
///
/// * every value the loop carries as a virtual is a virtual of the same shape (its leaves are
///   passed, nothing is allocated); a value it carries as a leaf is forced if it is virtual;
/// * a fact the loop assumes about a leaf (a constant, integer bounds, non-null, a layout) that
///   the trace does not know is checked by a guard, which resumes at the loop header with
///   `jump`'s fail args, the interpreter's state there (resume index `resume`);
/// * a heap fact the trace does not know is loaded (PyPy's short preamble).
///
/// When the values do not fit, nothing is emitted and the reason is returned: the caller then
/// emits `jump` to the first label.
pub(crate) fn enter(
    opt: &mut Optimizer,
    jump: &Op,
    entry: &EntryState,
    resume: Option<u32>,
    entries: &Entries<'_>,
) -> Result<(), &'static str> {
    let values = entries.values;
    let saved = opt.st.checkpoint();
    let mut runtime = vec![None; entry.x.leaves.len()];
    if values.len() == entry.positions.len() {
        let mut seen = HashSet::default();
        for (shape, value) in entry.positions.iter().zip(values) {
            runtime_of(&entry.x, *shape, Some(*value), &mut runtime, &mut seen);
        }
    }
    let entered = Entering { opt: &mut *opt, jump, resume, runtime, value_layout: entries.value_layout }.run(entry);
    if entered.is_err() {
        opt.st.rollback(saved);
    }
    entered
}

/// Record in `runtime` the values that the leaves of `shape` had when the jump was recorded, if
/// it had `value` there (a virtual of the trace exists concretely while it is traced: its fields
/// are read).
fn runtime_of(x: &Exported, shape: Shape, value: Option<Arg>, runtime: &mut [Option<Arg>], seen: &mut HashSet<usize>) {
    match shape {
        Shape::Leaf(l) => runtime[l] = value,
        Shape::Node(n) => {
            if !seen.insert(n) {
                return;
            }
            // The trace may hold another object there (it then does not fit the shape).
            let value = value
                .filter(|v| matches!(v, Arg::Ref(r) if !r.is_null() && std::ptr::eq(r.layout(), x.nodes[n].layout)));
            match &x.nodes[n].contents {
                Contents::Object(fields) => {
                    for (f, s) in fields {
                        let v = value.and_then(|v| read_now(v, Place::Field(*f)));
                        runtime_of(x, *s, v, runtime, seen);
                    }
                }
                Contents::Array(descr, items) => {
                    for (i, s) in items.iter().enumerate() {
                        let v = value.and_then(|v| read_now(v, Place::Item(*descr, Arg::Int(i as i64))));
                        runtime_of(x, *s, v, runtime, seen);
                    }
                }
                Contents::Str(_, shapes) => {
                    for s in shapes {
                        runtime_of(x, *s, None, runtime, seen);
                    }
                }
            }
        }
    }
}

/// What `place` of the object `obj` (a constant) holds now; `None` for null, an object of a
/// layout without that place, or an index out of the array's bounds.
fn read_now(obj: Arg, place: Place) -> Option<Arg> {
    let Arg::Ref(r) = obj else { return None };
    if r.is_null() || !has_place(r.layout(), place) {
        return None;
    }
    let (kind, bits, reference) = match place {
        Place::Field(f) if f.ty.kind == Kind::Ref => (Kind::Ref, 0, Some(heap::read_field_ref(r, &f))),
        Place::Field(f) => (f.ty.kind, heap::read_field(r, &f), None),
        Place::Item(a, Arg::Int(i)) if (0..heap::array_len(r, &a)).contains(&i) => match a.part.item.kind {
            Kind::Ref => (Kind::Ref, 0, Some(heap::read_item_ref(r, &a, i))),
            k => (k, heap::read_item(r, &a, i), None),
        },
        Place::Item(..) => return None,
    };
    Some(match (kind, reference) {
        (_, Some(r)) => Arg::Ref(r),
        (Kind::Float, _) => Arg::Float(bits),
        _ => Arg::Int(bits as i64),
    })
}

/// Whether objects of `layout` have `place` (a field inside the fixed part, a reference exactly
/// where the layout has one; items of the same array part).
fn has_place(layout: &Layout, place: Place) -> bool {
    match place {
        Place::Field(f) => {
            f.offset >= std::mem::size_of::<metatrace_gc::GcHeader>()
                && f.offset + f.ty.size as usize <= layout.size
                && layout.is_ref_offset(f.offset) == (f.ty.kind == Kind::Ref)
        }
        Place::Item(a, _) => layout.array == Some(a.part),
    }
}

/// Emitting the end of a trace that enters a peeled loop (see [`enter`]).
struct Entering<'a> {
    opt: &'a mut Optimizer,
    jump: &'a Op,
    resume: Option<u32>,
    /// The value of every leaf when the jump was recorded, where known: a check is added only
    /// when it passes for these values (else the jump goes to the preamble, as PyPy does).
    runtime: Vec<Option<Arg>>,
    /// Whether objects of a layout are values (see [`Entries::value_layout`]).
    value_layout: &'a dyn Fn(&Layout) -> bool,
}

impl Entering<'_> {
    /// Emit the checks, loads and the jump to the second label, or say why the values do not fit.
    fn run(&mut self, entry: &EntryState) -> Result<(), &'static str> {
        let x = &entry.x;
        if self.jump.args.len() != entry.positions.len() {
            return Err("the jump has other arguments");
        }
        let mut m = EndMatch {
            st: &self.opt.st,
            end: vec![None; x.leaves.len()],
            nodes: HashMap::default(),
            objects: HashSet::default(),
            failed: Weakening::default(),
            value_layout: Some(self.value_layout),
            reads: Vec::new(),
        };
        for (shape, arg) in entry.positions.iter().zip(&self.jump.args) {
            m.matches(x, *shape, *arg);
        }
        if !m.failed.is_empty() {
            return Err("a virtual the loop carries is not one here");
        }
        let (mut end, reads) = (m.end, m.reads);
        for (n, obj) in reads {
            self.read_value(x, n, obj, &mut end)?;
        }
        for (l, leaf) in x.leaves.iter().enumerate() {
            if let Some(value) = end[l] {
                end[l] = Some(self.establish(l, leaf, value)?);
            }
        }
        let mut heap = self.opt.known_heap();
        for fact in &x.facts {
            let (target, target_now) = match fact.target {
                FactTarget::Leaf(l) => (end[l].ok_or("a heap fact of an unknown leaf")?, self.runtime[l]),
                FactTarget::Constant(c) => (c, Some(c)),
            };
            let now = target_now.and_then(|t| read_now(t, fact.place));
            if self.runtime[fact.value].is_none() {
                self.runtime[fact.value] = now;
            }
            let known = heap.iter().find(|s| s.target == target && s.place == fact.place).map(|s| s.value);
            let value = match known {
                Some(v) => self.opt.st.get(v),
                None => {
                    let r = self.opt.st.new_var(x.leaves[fact.value].kind);
                    let load = match fact.place {
                        Place::Field(f) => {
                            Op { descr: Some(Descr::Field(f)), ..Op::new(Opcode::Getfield, vec![target], Some(r)) }
                        }
                        Place::Item(a, index) => {
                            // The array may be another one, shorter: the index is checked.
                            if now.is_none() {
                                return Err("an item out of bounds");
                            }
                            let len = self.opt.st.new_var(Kind::Int);
                            let arraylen = Op::new(Opcode::Arraylen, vec![target], Some(len));
                            self.opt.st.output(Op { descr: Some(Descr::Array(a)), ..arraylen });
                            let inside = self.opt.st.new_var(Kind::Int);
                            self.opt.st.output(Op::new(Opcode::UintLt, vec![index, Arg::Var(len)], Some(inside)));
                            self.guard(Opcode::GuardTrue, vec![Arg::Var(inside)])?;
                            Op {
                                descr: Some(Descr::Array(a)),
                                ..Op::new(Opcode::Getarrayitem, vec![target, index], Some(r))
                            }
                        }
                    };
                    self.opt.st.output(load);
                    heap.push(Store { target, place: fact.place, value: Arg::Var(r) });
                    Arg::Var(r)
                }
            };
            let value = self.opt.st.force(value);
            match end[fact.value] {
                Some(e) if e == value => {}
                Some(e) => {
                    // The loop expects the place to hold a value it also carries elsewhere.
                    if now.is_none() || now != self.runtime[fact.value] {
                        return Err("a heap fact holds another leaf here");
                    }
                    let eq = match e.kind() {
                        Kind::Int => Opcode::IntEq,
                        Kind::Ref => Opcode::PtrEq,
                        Kind::Float => return Err("a heap fact holds another float here"),
                    };
                    let same = self.opt.st.new_var(Kind::Int);
                    self.opt.st.output(Op::new(eq, vec![value, e], Some(same)));
                    self.guard(Opcode::GuardTrue, vec![Arg::Var(same)])?;
                }
                None => end[fact.value] = Some(self.establish(fact.value, &x.leaves[fact.value], value)?),
            }
        }
        for fact in &x.pure {
            let leaves: Vec<Arg> = end.iter().map(|e| e.unwrap_or(Arg::Int(0))).collect();
            if fact.args.iter().any(|a| matches!(a, FactArg::Leaf(l) if end[*l].is_none())) {
                return Err("a pure fact of an unknown leaf");
            }
            let op = pure_op(fact, &leaves, Arg::Int(0));
            let runtime: Option<Vec<u64>> = fact
                .args
                .iter()
                .map(|a| match *a {
                    FactArg::Leaf(l) => self.runtime[l].and_then(|v| v.const_bits()),
                    FactArg::Constant(c) => c.const_bits(),
                })
                .collect();
            self.runtime[fact.value] = runtime.and_then(|bits| evaluate(&fact.op, &bits));
            let value = compute(self.opt, &fact.op, op.args).map_err(|_| "a pure fact cannot be computed")?;
            end[fact.value] = Some(self.establish(fact.value, &x.leaves[fact.value], value)?);
        }
        let mut args = Vec::new();
        for (leaf, e) in x.leaves.iter().zip(end) {
            let e = e.ok_or("a leaf is unknown here")?;
            if !leaf.constant {
                args.push(e);
            }
        }
        let jump = Op::new(Opcode::Jump, args, None);
        self.opt.st.output(Op { descr: Some(Descr::Target(entry.target)), ..jump });
        Ok(())
    }

    /// Load the fields of `obj`, a value object where the loop carries the virtual node `n` (see
    /// [`EndMatch::value_matches`]), as the node's leaves, after checking its layout when the
    /// trace does not know it (only when the object the jump had while it was traced passes).
    fn read_value(&mut self, x: &Exported, n: usize, obj: Arg, end: &mut [Option<Arg>]) -> Result<(), &'static str> {
        let node = &x.nodes[n];
        let Contents::Object(fields) = &node.contents else { return Err("a virtual the loop carries is not one here") };
        let layout = layout_addr(node.layout);
        let have = self.opt.st.ptr(obj);
        if have.layout.is_some_and(|l| l != layout) {
            return Err("another layout");
        }
        if have.layout.is_none() {
            // `runtime_of` read the leaves from the recorded object only if it has the layout.
            if !fields.iter().all(|(_, s)| matches!(s, Shape::Leaf(l) if self.runtime[*l].is_some())) {
                return Err("a virtual the loop carries is not one here");
            }
            self.guard(Opcode::GuardNonnullClass, vec![obj, Arg::Int(layout)])?;
            self.opt.st.set_layout(obj, layout);
        }
        for (f, shape) in fields {
            let Shape::Leaf(l) = *shape else { return Err("a virtual the loop carries is not one here") };
            if end[l].is_some() {
                return Err("a field of a value is also elsewhere");
            }
            let r = self.opt.st.new_var(f.ty.kind);
            let load = Op::new(Opcode::Getfield, vec![obj], Some(r));
            self.opt.st.output(Op { descr: Some(Descr::Field(*f)), ..load });
            end[l] = Some(Arg::Var(r));
        }
        Ok(())
    }

    /// Make the trace's value `e` fit `leaf`: forced if virtual, and guarded for what the loop
    /// assumes about it and the trace does not know. Returns the operand, or why it cannot fit.
    fn establish(&mut self, l: usize, leaf: &Leaf, e: Arg) -> Result<Arg, &'static str> {
        let e = self.opt.st.force(e);
        let now = self.runtime[l];
        if e.kind() != leaf.kind {
            return Err("a leaf of another kind");
        }
        if leaf.constant {
            if e == leaf.value {
                return Ok(e);
            }
            if e.var().is_none() || leaf.kind == Kind::Float || now != Some(leaf.value) {
                return Err("another constant");
            }
            self.guard(Opcode::GuardValue, vec![e, leaf.value])?;
            return Ok(e);
        }
        if let Some(b) = leaf.bound {
            let have = self.opt.st.bound(e);
            if !b.contains_bound(&have) {
                if e.var().is_none() || !matches!(now, Some(Arg::Int(v)) if b.contains(v)) {
                    return Err("a value out of bounds");
                }
                for (needed, opcode, limit) in
                    [(b.lo > have.lo, Opcode::IntGe, b.lo), (b.hi < have.hi, Opcode::IntLe, b.hi)]
                {
                    if needed {
                        let c = self.opt.st.new_var(Kind::Int);
                        self.opt.st.output(Op::new(opcode, vec![e, Arg::Int(limit)], Some(c)));
                        self.guard(Opcode::GuardTrue, vec![Arg::Var(c)])?;
                    }
                }
                self.opt.st.narrow(e, b);
            }
        }
        let have = self.opt.st.ptr(e);
        match leaf.ptr {
            PtrInfo { layout: Some(l), .. } if have.layout != Some(l) => {
                let same = matches!(now, Some(Arg::Ref(r)) if !r.is_null() && layout_addr(r.layout()) == l);
                if have.layout.is_some() || !same {
                    return Err("another layout");
                }
                self.guard(Opcode::GuardNonnullClass, vec![e, Arg::Int(l)])?;
                self.opt.st.set_layout(e, l);
            }
            PtrInfo { nonnull: true, .. } if !have.nonnull => {
                if !matches!(now, Some(Arg::Ref(r)) if !r.is_null()) {
                    return Err("a null");
                }
                self.guard(Opcode::GuardNonnull, vec![e])?;
                self.opt.st.set_nonnull(e);
            }
            _ => {}
        }
        Ok(e)
    }

    /// Emit a guard that resumes at the loop header (an error when there is no resume data there).
    fn guard(&mut self, opcode: Opcode, args: Vec<Arg>) -> Result<(), &'static str> {
        let resume = self.resume.ok_or("a guard is needed and the jump has no resume data")?;
        let guard = Op {
            descr: Some(Descr::Guard(resume)),
            fail_args: self.jump.fail_args.clone(),
            ..Op::new(opcode, args, None)
        };
        self.opt.st.output(guard);
        Ok(())
    }
}

/// Pure fact `f`'s operation over the operands `leaves` (one per leaf), with result `result`.
fn pure_op(f: &PureFact, leaves: &[Arg], result: Arg) -> Op {
    let args = f
        .args
        .iter()
        .map(|a| match *a {
            FactArg::Leaf(l) => leaves[l],
            FactArg::Constant(c) => c,
        })
        .collect();
    Op { args, result: result.var(), ..f.op.clone() }
}

/// The value of the pure operation `op` for operands whose bit patterns are `bits`, as a
/// constant (`None` when it is undefined for them).
fn evaluate(op: &Op, bits: &[u64]) -> Option<Arg> {
    let kind = op.result?.kind;
    match crate::domain::eval::pure(op.opcode, bits)? {
        crate::domain::eval::PureOutcome::Value(v) if kind == Kind::Float => Some(Arg::Float(v)),
        crate::domain::eval::PureOutcome::Value(v) if kind == Kind::Int => Some(Arg::Int(v as i64)),
        _ => None,
    }
}

/// Compute `op` again over `args` through `opt`'s passes (which find it when it was computed
/// already, or fold it): its result operand.
fn compute(opt: &mut Optimizer, op: &Op, args: Vec<Arg>) -> Result<Arg, OptError> {
    let kind = op.result.map_or(Kind::Int, |r| r.kind);
    let result = opt.st.new_var(kind);
    opt.run([Op { args, result: Some(result), ..op.clone() }])?;
    Ok(opt.st.get(Arg::Var(result)))
}

/// `op` of the loop's copy of the body: operands renamed, a new result variable.
fn rename_op(op: &Op, rename: &mut HashMap<VarId, Arg>, st: &mut State) -> Result<Op, OptError> {
    let mut op = op.clone();
    for a in op.args.iter_mut().chain(&mut op.fail_args) {
        *a = rename_arg(*a, rename)?;
    }
    if let Some(r) = op.result {
        let fresh = st.new_var(r.kind);
        rename.insert(r.id, Arg::Var(fresh));
        op.result = Some(fresh);
    }
    Ok(op)
}

fn rename_arg(a: Arg, rename: &HashMap<VarId, Arg>) -> Result<Arg, OptError> {
    match a.var() {
        Some(v) => {
            rename.get(&v.id).copied().ok_or_else(|| OptError::new(format!("{v} is used before its definition")))
        }
        None => Ok(a),
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::Arg;
    use crate::optimizeopt::tests::{assert_trace, check_opt, descrs, identity_resume, parse, BOX, BOX_VALUE, ITEMS};
    use crate::optimizeopt::{optimize_bridge, optimize_loop, Entries, Passes};
    use metatrace_gc::{heap, Layout};
    use std::rc::Rc;

    /// Peel `lp` (a loop at target 0, its second label gets target 99), then optimize `bridge`,
    /// which jumps to target 0 with the values `values` (`obj` is the test node, `items` an
    /// array of 3 items, `box` a `Box` of 7, else an integer), and check it against `expected`.
    /// No layout is a value layout.
    fn check_bridge(lp: &str, bridge: &str, values: &[&str], expected: &str) {
        check_bridge_with(&|_| false, lp, bridge, values, expected);
    }

    /// [`check_bridge`], where `value_layout` says which layouts are value layouts.
    fn check_bridge_with(
        value_layout: &dyn Fn(&Layout) -> bool,
        lp: &str,
        bridge: &str,
        values: &[&str],
        expected: &str,
    ) {
        let d = descrs();
        let l = parse(lp, &d);
        let peeled =
            optimize_loop(&l, &identity_resume(&l), &Passes::ALL, &mut || 99, Entries::NONE).expect("optimized");
        let entry = Rc::new(peeled.entry.expect("the loop is peeled"));
        let b = parse(bridge, &d);
        let values: Vec<Arg> = values
            .iter()
            .map(|v| match *v {
                "obj" => Arg::Ref(d.lookup_ref("obj").expect("registered")),
                "items" => Arg::Ref(heap::alloc_array(&ITEMS, 3)),
                "box" => {
                    let b = heap::alloc(&BOX);
                    heap::write_field(b, &BOX_VALUE, 7);
                    Arg::Ref(b)
                }
                n if n.contains('.') => Arg::float(n.parse().expect("a float")),
                n => Arg::Int(n.parse().expect("an integer")),
            })
            .collect();
        let lookup = |t: u32| (t == 0).then(|| entry.clone());
        let entries = Entries { lookup: &lookup, values: &values, value_layout };
        let optimized = optimize_bridge(&b, &identity_resume(&b), &Passes::ALL, entries).expect("optimized");
        eprintln!("entered: {:?}", optimized.entered);
        assert_trace(&optimized.trace, expected);
    }

    const INVARIANT_LOOP: &str = "
        [r0, i1]
        label(r0, i1, descr=<Target 0>)
        guard_nonnull(r0, descr=<Guard 0>) [r0, i1]
        guard_class(r0, $Node, descr=<Guard 1>) [r0, i1]
        i2 = getfield_gc_i(r0, descr=<Field Node.value>)
        i5 = int_add(i1, i2)
        i7 = int_lt(i5, 1000)
        guard_true(i7, descr=<Guard 2>) [r0, i5]
        jump(r0, i5, descr=<Target 0>)
    ";

    #[test]
    fn a_bridge_enters_the_peeled_loop_with_the_short_preamble() {
        // The loop expects r0 to be a Node, i1 to be below 1000 and i2 to be r0.value: the
        // bridge checks what it does not know, loads r0.value and jumps past the preamble.
        check_bridge(
            INVARIANT_LOOP,
            "
            [r0, i1]
            i3 = int_sub(i1, 1)
            jump(r0, i3, descr=<Target 0>) [r0, i3]
            ",
            &["obj", "5"],
            "
            [r0, i1]
            i3 = int_sub(i1, 1)
            guard_nonnull_class(r0, $Node, descr=<Guard 0>) [r0, i3]
            i4 = int_le(i3, 999)
            guard_true(i4, descr=<Guard 1>) [r0, i3]
            i5 = getfield_gc_i(r0, descr=<Field Node.value>)
            jump(r0, i3, i5, descr=<Target 99>)
            ",
        );
    }

    #[test]
    fn what_the_bridge_knows_is_not_checked_again() {
        check_bridge(
            INVARIANT_LOOP,
            "
            [r0, i1]
            guard_class(r0, $Node, descr=<Guard 0>) [r0, i1]
            i2 = getfield_gc_i(r0, descr=<Field Node.value>)
            i3 = int_lt(i1, 10)
            guard_true(i3, descr=<Guard 1>) [r0, i1]
            i4 = int_add(i1, 1)
            jump(r0, i4, descr=<Target 0>) [r0, i4]
            ",
            &["obj", "5"],
            "
            [r0, i1]
            guard_class(r0, $Node, descr=<Guard 0>) [r0, i1]
            i2 = getfield_gc_i(r0, descr=<Field Node.value>)
            i3 = int_lt(i1, 10)
            guard_true(i3, descr=<Guard 1>) [r0, i1]
            i4 = int_add(i1, 1)
            jump(r0, i4, i2, descr=<Target 99>)
            ",
        );
    }

    #[test]
    fn an_item_the_loop_knows_is_loaded_after_a_bounds_check() {
        check_bridge(
            "
            [r0, i1]
            label(r0, i1, descr=<Target 0>)
            i2 = getarrayitem_gc_i(r0, 1, descr=<Array Items>)
            i3 = int_add(i1, i2)
            jump(r0, i3, descr=<Target 0>)
            ",
            "
            [r0, i1]
            jump(r0, i1, descr=<Target 0>) [r0, i1]
            ",
            &["items", "0"],
            "
            [r0, i1]
            i3 = arraylen_gc(r0, descr=<Array Items>)
            i4 = uint_lt(1, i3)
            guard_true(i4, descr=<Guard 0>) [r0, i1]
            i2 = getarrayitem_gc_i(r0, 1, descr=<Array Items>)
            jump(r0, i1, i2, descr=<Target 99>)
            ",
        );
    }

    #[test]
    fn a_bridge_without_resume_data_at_the_header_jumps_to_the_preamble() {
        let bridge = "
            [r0, i1]
            jump(r0, i1, descr=<Target 0>)
        ";
        check_bridge(INVARIANT_LOOP, bridge, &["obj", "5"], bridge);
    }

    const BOXED_LOOP: &str = "
        [i0, r1]
        label(i0, r1, descr=<Target 0>)
        guard_class(r1, $Node, descr=<Guard 0>) [i0, r1]
        i2 = getfield_gc_i(r1, descr=<Field Node.value>)
        i3 = int_add(i2, i0)
        r4 = new(descr=<Layout Node>)
        setfield_gc(r4, i3, descr=<Field Node.value>)
        jump(i0, r4, descr=<Target 0>)
    ";

    #[test]
    fn a_virtual_the_loop_carries_stays_virtual_in_the_bridge() {
        check_bridge(
            BOXED_LOOP,
            "
            [i0, i1]
            r2 = new(descr=<Layout Node>)
            setfield_gc(r2, i1, descr=<Field Node.value>)
            jump(i0, r2, descr=<Target 0>) [i0, r2]
            ",
            &["0", "obj"],
            "
            [i0, i1]
            jump(i0, i1, descr=<Target 99>)
            ",
        );
    }

    #[test]
    fn an_object_where_the_loop_carries_a_virtual_jumps_to_the_preamble() {
        let bridge = "
            [i0, r1]
            jump(i0, r1, descr=<Target 0>) [i0, r1]
        ";
        check_bridge(
            BOXED_LOOP,
            bridge,
            &["0", "obj"],
            "
            [i0, r1]
            jump(i0, r1, descr=<Target 0>)
        ",
        );
    }

    const VALUE_LOOP: &str = "
        [i0, r1]
        label(i0, r1, descr=<Target 0>)
        guard_class(r1, $Box, descr=<Guard 0>) [i0, r1]
        i2 = getfield_gc_i(r1, descr=<Field Box.value>)
        i3 = int_add(i2, i0)
        r4 = new(descr=<Layout Box>)
        setfield_gc(r4, i3, descr=<Field Box.value>)
        jump(i0, r4, descr=<Target 0>)
    ";

    fn is_box(layout: &Layout) -> bool {
        std::ptr::eq(layout, &BOX)
    }

    #[test]
    fn a_value_object_where_the_loop_carries_a_virtual_enters_by_its_fields() {
        // The loop carries a virtual Box, a value layout: the bridge's Box, not virtual, is
        // checked for its layout and passes its field.
        check_bridge_with(
            &is_box,
            VALUE_LOOP,
            "
            [i0, r1]
            jump(i0, r1, descr=<Target 0>) [i0, r1]
            ",
            &["0", "box"],
            "
            [i0, r1]
            guard_nonnull_class(r1, $Box, descr=<Guard 0>) [i0, r1]
            i2 = getfield_gc_i(r1, descr=<Field Box.value>)
            jump(i0, i2, descr=<Target 99>)
            ",
        );
    }

    #[test]
    fn a_value_object_of_another_layout_or_not_a_value_layout_jumps_to_the_preamble() {
        let bridge = "
            [i0, r1]
            jump(i0, r1, descr=<Target 0>) [i0, r1]
        ";
        let preamble = "
            [i0, r1]
            jump(i0, r1, descr=<Target 0>)
        ";
        // The object the jump had while it was traced is a Node: the layout check would fail.
        check_bridge_with(&is_box, VALUE_LOOP, bridge, &["0", "obj"], preamble);
        // Box is not a value layout.
        check_bridge(VALUE_LOOP, bridge, &["0", "box"], preamble);
    }

    #[test]
    fn an_object_of_another_layout_where_the_loop_carries_a_virtual_is_not_read() {
        // The recorded value is an array where the loop carries a virtual Node: its fields are
        // not read (they are not there), and the bridge jumps to the preamble.
        let bridge = "
            [i0, r1]
            jump(i0, r1, descr=<Target 0>) [i0, r1]
        ";
        check_bridge(
            BOXED_LOOP,
            bridge,
            &["0", "items"],
            "
            [i0, r1]
            jump(i0, r1, descr=<Target 0>)
        ",
        );
    }

    #[test]
    fn a_check_that_fails_for_the_recorded_values_is_not_added() {
        // The loop expects i0 to be 5; it was 6 when the bridge was traced: the bridge jumps to
        // the preamble (with its virtual forced) rather than add a guard that fails.
        check_bridge(
            "
            [i0, r1]
            label(i0, r1, descr=<Target 0>)
            i3 = int_add(i0, 1)
            jump(5, r1, descr=<Target 0>)
            ",
            "
            [i0, i1]
            r2 = new(descr=<Layout Node>)
            setfield_gc(r2, i1, descr=<Field Node.value>)
            jump(i0, r2, descr=<Target 0>) [i0, r2]
            ",
            &["6", "obj"],
            "
            [i0, i1]
            r2 = new(descr=<Layout Node>)
            setfield_gc(r2, i1, descr=<Field Node.value>)
            jump(i0, r2, descr=<Target 0>)
            ",
        );
    }

    #[test]
    fn checks_written_before_a_value_is_found_not_to_fit_are_dropped() {
        // r0's layout check is written out before i3 (2000 when traced) is found above the
        // loop's bound: the bridge jumps to the preamble without it.
        check_bridge(
            INVARIANT_LOOP,
            "
            [r0, i1]
            i3 = int_sub(i1, 1)
            jump(r0, i3, descr=<Target 0>) [r0, i3]
            ",
            &["obj", "2000"],
            "
            [r0, i1]
            i3 = int_sub(i1, 1)
            jump(r0, i3, descr=<Target 0>)
            ",
        );
    }

    #[test]
    fn a_heap_fact_that_holds_a_carried_value_is_compared() {
        check_bridge(
            "
            [r0, i1]
            label(r0, i1, descr=<Target 0>)
            guard_class(r0, $Node, descr=<Guard 0>) [r0, i1]
            i2 = getfield_gc_i(r0, descr=<Field Node.value>)
            jump(r0, i2, descr=<Target 0>)
            ",
            "
            [r0, i1]
            guard_class(r0, $Node, descr=<Guard 0>) [r0, i1]
            jump(r0, i1, descr=<Target 0>) [r0, i1]
            ",
            &["obj", "0"],
            "
            [r0, i1]
            guard_class(r0, $Node, descr=<Guard 0>) [r0, i1]
            i2 = getfield_gc_i(r0, descr=<Field Node.value>)
            i3 = int_eq(i2, i1)
            guard_true(i3, descr=<Guard 1>) [r0, i1]
            jump(r0, i1, descr=<Target 99>)
            ",
        );
    }

    #[test]
    fn a_guard_of_the_bridge_describes_its_virtuals() {
        // The loop expects i0 to be a constant: the bridge's guard_value resumes at the loop
        // header with the virtual it passes described.
        check_bridge(
            "
            [i0, r1]
            label(i0, r1, descr=<Target 0>)
            guard_class(r1, $Node, descr=<Guard 0>) [i0, r1]
            i2 = getfield_gc_i(r1, descr=<Field Node.value>)
            i3 = int_add(i2, 1)
            r4 = new(descr=<Layout Node>)
            setfield_gc(r4, i3, descr=<Field Node.value>)
            jump(5, r4, descr=<Target 0>)
            ",
            "
            [i0, i1]
            r2 = new(descr=<Layout Node>)
            setfield_gc(r2, i1, descr=<Field Node.value>)
            jump(i0, r2, descr=<Target 0>) [i0, r2]
            ",
            &["5", "obj"],
            "
            [i0, i1]
            guard_value(i0, 5, descr=<Guard 0>) [i0, i1]
            jump(i1, descr=<Target 99>)
            ",
        );
    }

    #[test]
    fn a_boxed_integer_is_carried_unboxed() {
        check_opt(
            "all",
            "
            [i0, r1]
            label(i0, r1, descr=<Target 0>)
            guard_class(r1, $Node, descr=<Guard 0>) [i0, r1]
            i2 = getfield_gc_i(r1, descr=<Field Node.value>)
            i3 = int_add(i2, i0)
            r4 = new(descr=<Layout Node>)
            setfield_gc(r4, i3, descr=<Field Node.value>)
            i5 = int_lt(i3, 100)
            guard_true(i5, descr=<Guard 1>) [i0, r4]
            jump(i0, r4, descr=<Target 0>)
            ",
            "
            [i0, r1]
            label(i0, r1, descr=<Target 0>)
            guard_class(r1, $Node, descr=<Guard 0>) [i0, r1]
            i2 = getfield_gc_i(r1, descr=<Field Node.value>)
            i3 = int_add(i2, i0)
            i5 = int_lt(i3, 100)
            guard_true(i5, descr=<Guard 1>) [i0, i3]
            label(i0, i3, descr=<Target 99>)
            i8 = int_add(i3, i0)
            i10 = int_lt(i8, 100)
            guard_true(i10, descr=<Guard 2>) [i0, i8]
            jump(i0, i8, descr=<Target 99>)
            ",
        );
    }

    #[test]
    fn loop_invariant_guards_and_loads_run_once() {
        check_opt(
            "all",
            "
            [r0, i1]
            label(r0, i1, descr=<Target 0>)
            guard_nonnull(r0, descr=<Guard 0>) [r0, i1]
            guard_class(r0, $Node, descr=<Guard 1>) [r0, i1]
            i2 = getfield_gc_i(r0, descr=<Field Node.value>)
            r3 = getfield_gc_r(r0, descr=<Field Node.next>)
            guard_value(r3, ConstPtr(obj), descr=<Guard 2>) [r0, i1]
            i4 = getfield_gc_i(r3, descr=<Field Node.id>)
            i5 = int_add(i1, i2)
            i6 = int_add(i5, i4)
            i7 = int_lt(i6, 1000)
            guard_true(i7, descr=<Guard 3>) [r0, i6]
            jump(r0, i6, descr=<Target 0>)
            ",
            "
            [r0, i1]
            label(r0, i1, descr=<Target 0>)
            guard_nonnull_class(r0, $Node, descr=<Guard 0>) [r0, i1]
            i2 = getfield_gc_i(r0, descr=<Field Node.value>)
            r3 = getfield_gc_r(r0, descr=<Field Node.next>)
            guard_value(r3, ConstPtr(obj), descr=<Guard 1>) [r0, i1]
            i5 = int_add(i1, i2)
            i6 = int_add(i5, 42)
            i7 = int_lt(i6, 1000)
            guard_true(i7, descr=<Guard 2>) [r0, i6]
            label(r0, i6, i2, descr=<Target 99>)
            i11 = int_add(i6, i2)
            i12 = int_add(i11, 42)
            i13 = int_lt(i12, 1000)
            guard_true(i13, descr=<Guard 3>) [r0, i12]
            jump(r0, i12, i2, descr=<Target 99>)
            ",
        );
    }

    #[test]
    fn a_carried_virtual_is_allocated_where_it_escapes() {
        // r0.next is known at the label, but the loop never reads it: it is not passed.
        check_opt(
            "all",
            "
            [r0, r1]
            label(r0, r1, descr=<Target 0>)
            setfield_gc(r0, r1, descr=<Field Node.next>)
            i2 = getfield_gc_i(r0, descr=<Field Node.value>)
            r3 = new(descr=<Layout Node>)
            setfield_gc(r3, i2, descr=<Field Node.value>)
            guard_true(i2, descr=<Guard 0>) [r0, r3]
            jump(r0, r3, descr=<Target 0>)
            ",
            "
            [r0, r1]
            label(r0, r1, descr=<Target 0>)
            i2 = getfield_gc_i(r0, descr=<Field Node.value>)
            guard_true(i2, descr=<Guard 0>) [r0, i2, r1]
            setfield_gc(r0, r1, descr=<Field Node.next>)
            label(r0, i2, descr=<Target 99>)
            guard_true(i2, descr=<Guard 1>) [r0, i2]
            r4 = new(descr=<Layout Node>)
            setfield_gc(r4, i2, descr=<Field Node.value>)
            setfield_gc(r0, r4, descr=<Field Node.next>)
            jump(r0, i2, descr=<Target 99>)
            ",
        );
    }

    #[test]
    fn constants_carried_around_stay_constants() {
        check_opt(
            "all",
            "
            [i0, r1, i2]
            label(i0, r1, i2, descr=<Target 0>)
            i3 = int_add(i0, i2)
            i4 = int_lt(i3, 50)
            guard_true(i4, descr=<Guard 0>) [i3, r1]
            jump(i3, null, 7, descr=<Target 0>)
            ",
            "
            [i0, r1, i2]
            label(i0, r1, i2, descr=<Target 0>)
            i3 = int_add(i0, i2)
            i4 = int_lt(i3, 50)
            guard_true(i4, descr=<Guard 0>) [i3, r1]
            label(i3, descr=<Target 99>)
            i5 = int_add(i3, 7)
            i6 = int_lt(i5, 50)
            guard_true(i6, descr=<Guard 1>) [i5, null]
            jump(i5, descr=<Target 99>)
            ",
        );
    }

    #[test]
    fn a_loop_whose_carried_constant_fails_its_guard_is_not_peeled() {
        let text = "
            [i0, r1]
            label(i0, r1, descr=<Target 0>)
            guard_value(r1, ConstPtr(obj), descr=<Guard 0>) [i0, r1]
            i2 = int_add(i0, 1)
            jump(i2, null, descr=<Target 0>)
        ";
        check_opt(
            "all",
            text,
            "
            [i0, r1]
            label(i0, r1, descr=<Target 0>)
            guard_value(r1, ConstPtr(obj), descr=<Guard 0>) [i0, r1]
            i2 = int_add(i0, 1)
            jump(i2, null, descr=<Target 0>)
            ",
        );
    }

    /// A loop whose `float_neg(f1)` and comparison with `r0.ratio` are loop-invariant.
    const NEG_LOOP: &str = "
        [r0, f1, i2]
        label(r0, f1, i2, descr=<Target 0>)
        f3 = float_neg(f1)
        f4 = getfield_gc_f(r0, descr=<Field Node.ratio>)
        i5 = float_gt(f4, f3)
        guard_false(i5, descr=<Guard 0>) [r0, f1, i2]
        f6 = float_mul(f3, 2.0)
        i7 = cast_float_to_int(f6)
        i8 = int_add(i2, i7)
        i9 = int_lt(i8, 100)
        guard_true(i9, descr=<Guard 1>) [r0, f1, i8]
        jump(r0, f1, i8, descr=<Target 0>)
    ";

    #[test]
    fn pure_operations_of_the_preamble_are_passed_to_the_loop() {
        // The short preamble: float_neg(f1), f3 * 2.0 and its cast are loop-invariant and become
        // label arguments; the comparison's result is known to be 0 and its guard disappears.
        // int_lt(i8, 100) is not invariant: the loop computes it (its fact is dropped).
        check_opt(
            "all",
            NEG_LOOP,
            "
            [r0, f1, i2]
            label(r0, f1, i2, descr=<Target 0>)
            f3 = float_neg(f1)
            f4 = getfield_gc_f(r0, descr=<Field Node.ratio>)
            i5 = float_gt(f4, f3)
            guard_false(i5, descr=<Guard 0>) [r0, f1, i2]
            f6 = float_mul(f3, 2.0)
            i7 = cast_float_to_int(f6)
            i8 = int_add(i2, i7)
            i9 = int_lt(i8, 100)
            guard_true(i9, descr=<Guard 1>) [r0, f1, i8]
            label(r0, f1, i8, f4, f3, f6, i7, descr=<Target 99>)
            i15 = int_add(i8, i7)
            i16 = int_lt(i15, 100)
            guard_true(i16, descr=<Guard 2>) [r0, f1, i15]
            jump(r0, f1, i15, f4, f3, f6, i7, descr=<Target 99>)
            ",
        );
    }

    #[test]
    fn a_bridge_entering_the_loop_computes_its_pure_facts() {
        // The bridge replays the short preamble: it loads r0.ratio, computes float_neg(f1) and
        // what follows, and checks the comparison the loop no longer makes (it resumes at the
        // loop header when it fails); what it computed already is not computed again.
        check_bridge(
            NEG_LOOP,
            "
            [r0, f1, i2]
            f3 = float_neg(f1)
            i4 = int_add(i2, 1)
            jump(r0, f1, i4, descr=<Target 0>) [r0, f1, i4]
            ",
            &["obj", "-2.5", "3"],
            "
            [r0, f1, i2]
            f3 = float_neg(f1)
            i4 = int_add(i2, 1)
            i5 = int_le(i4, 99)
            guard_true(i5, descr=<Guard 0>) [r0, f1, i4]
            f6 = getfield_gc_f(r0, descr=<Field Node.ratio>)
            i8 = float_gt(f6, f3)
            guard_value(i8, 0, descr=<Guard 1>) [r0, f1, i4]
            f9 = float_mul(f3, 2.0)
            i10 = cast_float_to_int(f9)
            jump(r0, f1, i4, f6, f3, f9, i10, descr=<Target 99>)
            ",
        );
    }

    #[test]
    fn facts_that_the_loop_does_not_keep_are_not_assumed() {
        // The preamble ends with 101 <= i3 <= 109, but the loop's i3 is 100 more than that: the
        // bound is not carried, and the loop keeps its guards.
        check_opt(
            "all",
            "
            [i0]
            label(i0, descr=<Target 0>)
            i1 = int_lt(i0, 10)
            guard_true(i1, descr=<Guard 0>) [i0]
            i2 = int_gt(i0, 0)
            guard_true(i2, descr=<Guard 1>) [i0]
            i3 = int_add(i0, 100)
            jump(i3, descr=<Target 0>)
            ",
            "
            [i0]
            label(i0, descr=<Target 0>)
            i1 = int_lt(i0, 10)
            guard_true(i1, descr=<Guard 0>) [i0]
            i2 = int_gt(i0, 0)
            guard_true(i2, descr=<Guard 1>) [i0]
            i3 = int_add(i0, 100)
            label(i3, descr=<Target 99>)
            i4 = int_lt(i3, 10)
            guard_true(i4, descr=<Guard 2>) [i3]
            i5 = int_gt(i3, 0)
            guard_true(i5, descr=<Guard 3>) [i3]
            i6 = int_add(i3, 100)
            jump(i6, descr=<Target 99>)
            ",
        );
    }
}

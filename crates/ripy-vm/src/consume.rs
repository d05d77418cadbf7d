//! Builtins that consume a generator (`list(gen)`, `tuple(gen)`, `set(gen)`, `dict(gen)`,
//! `sum(gen)`, `any(gen)`, `all(gen)`, `min(gen)`, `max(gen)`, `sorted(gen)`,
//! `sep.join(gen)`), run in domain code so that a trace inlines the generator's frame at each
//! item, as it does for `for x in gen`.
//!
//! The first [`UNROLLED`] items are consumed in domain code: a trace records one inlined
//! resumption and one accumulation step per item, and the generator object, when it does not
//! escape, stays virtual. The remaining items, if any, are consumed by the consumer's loop
//! written in Python (`consume_loops.py`), called with the generator and the accumulator: the
//! JIT traces that loop as a loop of its own, inlining the generator's resumption (PyPy gives
//! these builtins jitdrivers of their own), so a long generator runs in one compiled loop
//! instead of entering compiled code once per item (with the JIT off, the rest is consumed in
//! domain code too: [`consume_rest`]). Each generator code gets its own copy of the loop function
//! (its own code object, so its own greens and its own trace: [`loop_function`]); the loop's
//! frame is hidden from tracebacks ([`drop_loop_traceback_entry`]) and from the generator, whose
//! frame's `f_back` is the consumer's caller, as in CPython ([`is_loop_code`]). Each item is accumulated as it arrives,
//! as CPython's builtins do: an error in the generator or in the step (an unhashable item for
//! `set`, an unsupported `+` for `sum`, an unorderable item for `min`, an element of `dict(gen)`
//! that is not a pair) stops the consumption there, and `any`/`all` stop at the first item that
//! decides (`set` batches exact ints and strs, which cannot fail or run code, into one residual
//! call: [`Pending`]). `tuple` keeps its first items in [`Pending`] too: a generator that ends within
//! them makes the tuple at once (virtual until it escapes), without a list to grow and convert.
//! `sorted` and `join` collect a list first, as CPython's do, then call the builtin on it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use metatrace::domain::{Domain, IntOp};
use metatrace_gc::{GcObject, GcRef, Root};
use ripy_compiler::{CodeObject, Constant};

use crate::builtins::{defs, BuiltinDef, Owner};
use crate::code::Code;
use crate::exceptions::W_Exception;
use crate::frame::Caller;
use crate::function::{self, Args, FunctionParts, W_Builtin};
use crate::generator::{self, W_Generator};
use crate::interp::{with_concrete, Ripy};
use crate::known::{self, Checked};
use crate::list::{self, W_List};
use crate::ops::{BinOp, CmpOp};
use crate::space::{PyResult, Space};
use crate::traceback::W_Traceback;
use crate::tuple::W_Tuple;
use crate::typeobject::W_Type;
use crate::{dict, gc, int, objspace, ops, protocol, runtime, tuple};

/// How many items a trace consumes inline before it hands the rest to the consumer's loop
/// function.
const UNROLLED: usize = 16;

/// A builtin that consumes its iterable argument.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum Consumer {
    List,
    Tuple,
    Set,
    Sum,
    Any,
    All,
    Min,
    Max,
    /// `sorted(gen)` and `sep.join(gen)`: a list of the items, then the builtin called on it.
    Collect,
    /// `dict(gen)` of key-value pairs.
    Dict,
}

impl Consumer {
    /// The consumer that a call of `callable` with `nargs` positional arguments is, with the
    /// index of the argument it consumes, if any.
    fn of<D: Domain<Lang = Ripy>>(
        d: &mut D,
        space: &'static Space,
        callable: D::Ref,
        nargs: usize,
    ) -> Option<(Consumer, usize)> {
        let layout = d.layout_of(callable);
        if layout == W_Builtin::layout() {
            // The definition, not the object: a bound method is a new object at each call.
            let index = d.get_int(callable, &W_Builtin::INDEX);
            let def = defs()[d.promote_int(index) as usize];
            let self_ = d.get_ref(callable, &W_Builtin::SELF_);
            let bound = !d.is_null(self_);
            let consumer = match (def.owner, def.name, bound, nargs) {
                // Functions of the builtins module are the only unbound builtins owned by a
                // module, and their names are unique.
                (Owner::Module, "sum", false, 1) => Consumer::Sum,
                (Owner::Module, "any", false, 1) => Consumer::Any,
                (Owner::Module, "all", false, 1) => Consumer::All,
                (Owner::Module, "min", false, 1) => Consumer::Min,
                (Owner::Module, "max", false, 1) => Consumer::Max,
                (Owner::Module, "sorted", false, 1) => Consumer::Collect,
                (Owner::Type("str" | "bytes"), "join", true, 1) => Consumer::Collect,
                (Owner::Type("str" | "bytes"), "join", false, 2) => return Some((Consumer::Collect, 1)),
                _ => return None,
            };
            return Some((consumer, 0));
        }
        if layout == W_Type::layout() && nargs == 1 {
            let callable = d.promote_ref(callable);
            let consumer = [
                (space.list_type, Consumer::List),
                (space.tuple_type, Consumer::Tuple),
                (space.set_type, Consumer::Set),
                (space.dict_type, Consumer::Dict),
            ]
            .into_iter()
            .find(|(ty, _)| *ty == callable)?;
            return Some((consumer.1, 0));
        }
        None
    }

    /// The name of the function of `consume_loops.py` that runs this consumer's loop.
    fn loop_name(self) -> &'static str {
        match self {
            Consumer::List | Consumer::Tuple | Consumer::Collect => "append",
            Consumer::Set => "add",
            Consumer::Sum => "sum",
            Consumer::Any => "any",
            Consumer::All => "all",
            Consumer::Min => "min",
            Consumer::Max => "max",
            Consumer::Dict => "pairs",
        }
    }

    /// The accumulator before the first item (null for `min` and `max`: no item yet).
    fn start<D: Domain<Lang = Ripy>>(self, d: &mut D, space: &'static Space) -> Result<D::Ref, D::Ref> {
        match self {
            Consumer::List | Consumer::Collect => Ok(d.new(W_List::layout())),
            // The set, or the list of a long generator's items for `tuple`, is made when the first
            // items are added (see [`Pending`]).
            Consumer::Set | Consumer::Tuple => Ok(d.const_ref(GcRef::NULL)),
            Consumer::Sum => {
                let zero = d.const_int(0);
                Ok(int::new_int(d, zero))
            }
            Consumer::Any | Consumer::All => {
                let v = d.const_int(i64::from(self == Consumer::All));
                Ok(ops::bool_obj(d, space, v))
            }
            Consumer::Min | Consumer::Max => Ok(d.const_ref(GcRef::NULL)),
            Consumer::Dict => runtime::new_dict(d),
        }
    }

    /// Accumulate `item`, the item numbered `index`: the new accumulator, or the result when the
    /// item decides it.
    fn step<D: Domain<Lang = Ripy>>(
        self,
        d: &mut D,
        space: &'static Space,
        caller: Caller<D::Ref>,
        acc: D::Ref,
        item: D::Ref,
        index: usize,
    ) -> Result<Step<D::Ref>, D::Ref> {
        if D::CONCRETE {
            // The concrete domain's shortcuts for exact values, as the interpreter's `BINARY_OP`
            // and `COMPARE_OP` have (traces keep the generic code's shape).
            if let Some(step) = self.pure_step(d, space, acc, item) {
                return step;
            }
        }
        match self {
            Consumer::List | Consumer::Tuple | Consumer::Collect => {
                list::append_item(d, acc, item)?;
                Ok(Step::More(acc))
            }
            Consumer::Set => {
                let set = Pending::new().flush(d, acc)?;
                let add = d.const_int(0);
                runtime::collection_update(d, add, set, item)?;
                Ok(Step::More(set))
            }
            Consumer::Sum => Ok(Step::More(protocol::binary(d, space, caller, BinOp::Add, false, acc, item)?)),
            Consumer::Any | Consumer::All => {
                let truth = protocol::truthy(d, item)?;
                let truth = d.branch(truth);
                Ok(self.truth_step(d, space, acc, truth))
            }
            Consumer::Min | Consumer::Max => {
                if d.is_null(acc) {
                    return Ok(Step::More(item));
                }
                let better = protocol::compare(d, space, self.better_op(), item, acc)?;
                let better = protocol::truthy(d, better)?;
                Ok(Step::More(if d.branch(better) { item } else { acc }))
            }
            Consumer::Dict => {
                let index = d.const_int(index as i64);
                add_pair_in(d, acc, item, index)?;
                Ok(Step::More(acc))
            }
        }
    }

    /// The step for `item` when the concrete domain takes it without running Python code or
    /// raising: an append to a list, an exact int or str added to a set, exact ints or floats
    /// summed, exact values compared by `min`/`max` or tested by `any`/`all`. `None` when the
    /// generic step must take it (nothing is done then).
    fn pure_step<D: Domain<Lang = Ripy>>(
        self,
        d: &mut D,
        space: &'static Space,
        acc: D::Ref,
        item: D::Ref,
    ) -> Option<Result<Step<D::Ref>, D::Ref>> {
        match self {
            Consumer::List | Consumer::Tuple | Consumer::Collect => {
                Some(list::append_item(d, acc, item).map(|()| Step::More(acc)))
            }
            Consumer::Set => {
                if d.is_null(acc) || !Pending::admits(d, Consumer::Set, item) {
                    return None;
                }
                let add = d.const_int(0);
                Some(runtime::collection_update(d, add, acc, item).map(|()| Step::More(acc)))
            }
            Consumer::Sum => ops::exact_arith(d, BinOp::Add, acc, item).map(|sum| sum.map(Step::More)),
            Consumer::Any | Consumer::All => {
                let truth = ops::exact_truth(space, d.promote_ref(item))?;
                Some(Ok(self.truth_step(d, space, acc, truth)))
            }
            Consumer::Min | Consumer::Max => {
                if d.is_null(acc) {
                    return Some(Ok(Step::More(item)));
                }
                let better = ops::exact_compare(d, self.better_op(), item, acc)?;
                Some(Ok(Step::More(if d.branch(better) { item } else { acc })))
            }
            Consumer::Dict => None,
        }
    }

    /// `any`/`all`'s step for an item of truth `truth`: done when it decides.
    fn truth_step<D: Domain<Lang = Ripy>>(
        self,
        d: &mut D,
        space: &'static Space,
        acc: D::Ref,
        truth: bool,
    ) -> Step<D::Ref> {
        if truth == (self == Consumer::Any) {
            let v = d.const_int(i64::from(self == Consumer::Any));
            return Step::Done(ops::bool_obj(d, space, v));
        }
        Step::More(acc)
    }

    /// The comparison by which an item replaces `min`'s or `max`'s accumulator.
    fn better_op(self) -> CmpOp {
        if self == Consumer::Min {
            CmpOp::Lt
        } else {
            CmpOp::Gt
        }
    }

    /// The consumers, numbered from 1 in [`W_Generator::sink`] (0: none).
    const ALL: [Consumer; 10] = [
        Consumer::List,
        Consumer::Tuple,
        Consumer::Set,
        Consumer::Sum,
        Consumer::Any,
        Consumer::All,
        Consumer::Min,
        Consumer::Max,
        Consumer::Collect,
        Consumer::Dict,
    ];

    /// This consumer's number in [`W_Generator::sink`].
    fn sink_number(self) -> i64 {
        Consumer::ALL.iter().position(|&c| c == self).map_or(0, |i| i as i64 + 1)
    }

    /// The result of `callable(*args)` once the consumed argument is exhausted (or an item
    /// decided it) with `acc` accumulated.
    fn finish<D: Domain<Lang = Ripy>>(
        self,
        d: &mut D,
        callable: D::Ref,
        args: &[D::Ref],
        consumed: usize,
        acc: D::Ref,
    ) -> Result<D::Ref, D::Ref> {
        let call_with = |d: &mut D, arg: D::Ref| {
            // The tuple is made first and `arg` (the accumulated list, say) stored after: held
            // in a copy of `args` on the heap, it would be seen by no one while the tuple is
            // allocated.
            let args = tuple::new_tuple(d, args);
            let at = d.const_int(consumed as i64);
            known::set_item_ref(d, args, W_Tuple::layout(), &W_Tuple::ITEMS, at, arg);
            let no_keywords = d.const_ref(GcRef::NULL);
            objspace::call_slow(d, callable, args, no_keywords)
        };
        match self {
            Consumer::Tuple => runtime::to_tuple(d, acc),
            Consumer::Set => Pending::new().flush(d, acc),
            Consumer::Collect => call_with(d, acc),
            Consumer::Min | Consumer::Max if d.is_null(acc) => {
                // The builtin raises its own "empty sequence" error.
                let empty = tuple::new_tuple(d, &[]);
                call_with(d, empty)
            }
            _ => Ok(acc),
        }
    }
}

/// Items of a `set(gen)` not yet added to the set: exact ints and strs, whose hashing and
/// comparison run no Python code and cannot fail, so adding them later, together, is not
/// observable (the set is not reachable from Python code before the consumption ends). A trace
/// then makes one residual call per batch instead of one per item. For `tuple(gen)`: every item
/// so far (storing an item runs no code either).
struct Pending<R> {
    items: smallvec::SmallVec<[R; UNROLLED]>,
}

impl<R: Copy> Pending<R> {
    fn new() -> Self {
        Pending { items: smallvec::SmallVec::new() }
    }

    /// Whether `item` may wait in the batch of `consumer` (`set` or `tuple`).
    fn admits<D: Domain<Ref = R>>(d: &mut D, consumer: Consumer, item: R) -> bool {
        if consumer == Consumer::Tuple {
            return true;
        }
        let layout = d.layout_of(item);
        layout == int::W_Int::layout() || layout == crate::unicode::W_Str::layout()
    }

    /// The tuple of the waiting items, when the generator ended within them (`tuple(gen)`).
    fn into_tuple<D: Domain<Ref = R, Lang = Ripy>>(self, d: &mut D) -> R {
        tuple::new_tuple(d, &self.items)
    }

    /// The list of the waiting items, when the generator goes on past them (`tuple(gen)`, whose
    /// loop function appends the rest).
    fn into_list<D: Domain<Ref = R, Lang = Ripy>>(self, d: &mut D) -> Result<R, R> {
        let list = d.new(W_List::layout());
        for &item in &self.items {
            list::append_item(d, list, item)?;
        }
        Ok(list)
    }

    /// Add the waiting items to `set` (null: no set yet, then one is made): the set.
    fn flush<D: Domain<Ref = R, Lang = Ripy>>(&mut self, d: &mut D, set: R) -> Result<R, D::Ref> {
        let no_set = d.is_null(set);
        if !no_set && self.items.is_empty() {
            return Ok(set);
        }
        let batch = tuple::new_tuple(d, &self.items);
        self.items.clear();
        if no_set {
            let kind = d.const_int(1);
            return runtime::build_collection(d, kind, batch);
        }
        let update = d.const_int(2);
        runtime::collection_update(d, update, set, batch)?;
        Ok(set)
    }
}

/// What one item did to a consumer.
enum Step<R> {
    /// Go on with this accumulator.
    More(R),
    /// The consumer's result, decided before the generator is exhausted.
    Done(R),
}

/// `add_pair(dict, item, index)` in domain code: add `item`, element `index` of the iterable
/// `dict(gen)` consumes, to `dict`. An exact tuple of two is added here (a pair made by the
/// generator stays virtual); anything else goes to [`dict_merge_pair`](crate::builtins::dict_merge_pair).
fn add_pair_in<D: Domain<Lang = Ripy>>(d: &mut D, dict: D::Ref, item: D::Ref, index: D::Int) -> Result<(), D::Ref> {
    if d.layout_of(item) == W_Tuple::layout() {
        let length = tuple::length(d, item);
        let two = d.const_int(2);
        let is_pair = d.int_op(IntOp::Eq, length, two);
        if d.branch(is_pair) {
            let (first, second) = (d.const_int(0), d.const_int(1));
            let key = tuple::getitem(d, item, first)?;
            let value = tuple::getitem(d, item, second)?;
            return dict::setitem(d, dict, key, value);
        }
    }
    add_pair(d, dict, item, index)
}

/// Whether `callable` is the builtin `add_pair` of `consume_loops.py`.
fn is_add_pair<D: Domain>(d: &mut D, callable: D::Ref) -> bool {
    if d.layout_of(callable) != W_Builtin::layout() {
        return false;
    }
    function::shortcut(d, callable) == function::Shortcut::AddPair
}

/// `callable(*args)` when `callable` is one of the consuming builtins and the argument it
/// consumes a generator (not a coroutine or an async generator): its result, consumed in domain
/// code; also the `add_pair` of `dict(gen)`'s loop ([`add_pair_in`]). `None` when the call is not
/// such a call (the caller makes it as usual).
pub fn call<D: Domain<Lang = Ripy>>(
    d: &mut D,
    space: &'static Space,
    caller: Caller<D::Ref>,
    callable: D::Ref,
    args: &[D::Ref],
) -> Result<Option<D::Ref>, D::Ref> {
    if let &[dict, item, index] = args {
        if !is_add_pair(d, callable) || d.layout_of(index) != int::W_Int::layout() {
            return Ok(None);
        }
        let index = d.get_int(index, &int::W_Int::VALUE);
        add_pair_in(d, dict, item, index)?;
        return Ok(Some(d.const_ref(space.none)));
    }
    let Some(&last) = args.last() else {
        return Ok(None);
    };
    if args.len() > 2 || d.layout_of(last) != W_Generator::layout() {
        return Ok(None);
    }
    let Some((consumer, consumed)) = Consumer::of(d, space, callable, args.len()) else {
        return Ok(None);
    };
    let gen = args[consumed];
    if !generator::is_plain_generator(d, gen) {
        return Ok(None);
    }
    let acc = consumer.start(d, space)?;
    match consume(d, space, caller, consumer, gen, acc)? {
        Step::More(acc) => consumer.finish(d, callable, args, consumed, acc).map(Some),
        Step::Done(result) => Ok(Some(result)),
    }
}

/// Consume `gen` into `acc`, the first [`UNROLLED`] items in this domain, the rest by the
/// consumer's loop function: the final accumulator, or the result (an item decided it, or
/// `tuple`'s generator ended within the first items).
fn consume<D: Domain<Lang = Ripy>>(
    d: &mut D,
    space: &'static Space,
    caller: Caller<D::Ref>,
    consumer: Consumer,
    gen: D::Ref,
    mut acc: D::Ref,
) -> Result<Step<D::Ref>, D::Ref> {
    let mut pending = Pending::new();
    let batches = matches!(consumer, Consumer::Set | Consumer::Tuple);
    for index in 0..UNROLLED {
        let Some(item) = generator::next_in(d, space, caller, gen)? else {
            return Ok(match consumer {
                Consumer::Set => Step::More(pending.flush(d, acc)?),
                Consumer::Tuple => Step::Done(pending.into_tuple(d)),
                _ => Step::More(acc),
            });
        };
        if batches {
            if Pending::admits(d, consumer, item) {
                pending.items.push(item);
                continue;
            }
            acc = pending.flush(d, acc)?;
        }
        match consumer.step(d, space, caller, acc, item, index)? {
            Step::More(next) => acc = next,
            Step::Done(result) => return Ok(Step::Done(result)),
        }
    }
    acc = match consumer {
        Consumer::Set => pending.flush(d, acc)?,
        Consumer::Tuple => pending.into_list(d)?,
        _ => acc,
    };
    if D::CONCRETE && !crate::interp::jit().params().enabled {
        return consume_rest(d, space, caller, consumer, gen, acc);
    }
    let function = loop_function(consumer.loop_name(), generator::code_in(d, gen));
    let function = d.const_ref(function);
    let next_index = d.const_int(UNROLLED as i64);
    let next_index = int::new_int(d, next_index);
    let args: &[D::Ref] = if consumer == Consumer::Dict { &[gen, acc, next_index] } else { &[gen, acc] };
    let no_keywords = GcRef::NULL;
    match protocol::call_function(d, space, caller, function, None, args, no_keywords) {
        Ok(result) => Ok(Step::More(result)),
        Err(exc) => {
            drop_loop_traceback_entry(d, exc)?;
            Err(exc)
        }
    }
}

/// With the JIT off, the items of `gen` after the first [`UNROLLED`] consumed into `acc` here, one
/// step each, as CPython's C loops do: there is no loop to trace, so the consumer's loop function
/// would only add its bytecodes and a frame to every item.
///
/// While this loop resumes the generator, the generator has the consumer as its sink
/// ([`W_Generator::sink`]): its `yield` of an item that the consumer takes without running Python
/// code or raising ([`Consumer::pure_step`]) hands the item over and goes on at once, as if
/// resumed with `None` ([`push_item`]), so that a generator of exact values runs to its end in
/// one resumption instead of leaving and re-entering its frame at every item. Other items come
/// back here as usual. Only while this loop resumes it: a `next(gen)` from Python code that a
/// step runs gets its item, as in CPython. (`index`, which only `dict(gen)` reads, counts the
/// items stepped here; `dict` takes no pushed items.)
fn consume_rest<D: Domain<Lang = Ripy>>(
    d: &mut D,
    space: &'static Space,
    caller: Caller<D::Ref>,
    consumer: Consumer,
    gen: D::Ref,
    mut acc: D::Ref,
) -> Result<Step<D::Ref>, D::Ref> {
    let sink = d.const_int(consumer.sink_number());
    let no_sink = d.const_int(0);
    let null = d.const_ref(GcRef::NULL);
    let pushes = consumer != Consumer::Dict;
    let g = Checked::new(d, gen, W_Generator::layout());
    let mut index = UNROLLED;
    loop {
        if pushes {
            g.set_int(d, &W_Generator::SINK, sink);
            g.set_ref(d, &W_Generator::SINK_ACC, acc);
        }
        let next = generator::next_in(d, space, caller, gen);
        if pushes {
            acc = g.get_ref(d, &W_Generator::SINK_ACC);
            g.set_int(d, &W_Generator::SINK, no_sink);
            g.set_ref(d, &W_Generator::SINK_ACC, null);
        }
        let Some(item) = next? else { return Ok(Step::More(acc)) };
        match consumer.step(d, space, caller, acc, item, index)? {
            Step::More(next) => acc = next,
            Step::Done(result) => return Ok(Step::Done(result)),
        }
        index += 1;
    }
}

/// `YIELD_VALUE` of `item` by generator object `gen` in the concrete domain: when a
/// consumer is its sink (see [`consume_rest`]) and takes `item` without running Python code or
/// raising, the step is taken and true returned: the generator goes on as if resumed with
/// `None`. False, with nothing done, otherwise: the generator suspends as usual. Out of line, so
/// that the interpreter's loop does not grow (inlined, it cost programs without generators 2% of
/// their instructions in the loop's register allocation).
#[inline(never)]
pub fn push_item<D: Domain<Lang = Ripy>>(d: &mut D, space: &'static Space, gen: D::Ref, item: D::Ref) -> bool {
    let g = Checked::new(d, gen, W_Generator::layout());
    let sink = g.get_int(d, &W_Generator::SINK);
    let number = d.promote_int(sink);
    let Some(&consumer) = usize::try_from(number - 1).ok().and_then(|i| Consumer::ALL.get(i)) else {
        return false;
    };
    let acc = g.get_ref(d, &W_Generator::SINK_ACC);
    match consumer.pure_step(d, space, acc, item) {
        Some(Ok(Step::More(next))) => {
            g.set_ref(d, &W_Generator::SINK_ACC, next);
            true
        }
        _ => false,
    }
}

/// The file name of the consumers' loop functions (`consume_loops.py`).
const LOOPS_FILE: &str = "<consume_loops>";

/// Whether `code` is one of the consumers' loop functions.
pub fn is_loop_code(code: &Code) -> bool {
    code.object.filename == LOOPS_FILE
}

crate::interp_local! {
    /// The consumers' loop functions: the compiled `consume_loops.py` (compiled on first use),
    /// and each loop function made so far, by loop name and generator code id.
    static LOOPS: RefCell<Loops> = RefCell::new(Loops::default());
}

/// See [`LOOPS`].
#[derive(Default)]
struct Loops {
    module: Option<Arc<CodeObject>>,
    functions: HashMap<(&'static str, u32), GcRef>,
}

/// The loop function named `name` in `consume_loops.py` for generators of `code`: a function of
/// its own copy of the loop's code object, made on first use and kept for the process.
fn loop_function(name: &'static str, code: &'static Code) -> GcRef {
    if let Some(function) = LOOPS.with(|loops| loops.borrow().functions.get(&(name, code.id)).copied()) {
        return function;
    }
    let space = Space::get();
    let module = LOOPS.with(|loops| {
        loops
            .borrow_mut()
            .module
            .get_or_insert_with(|| {
                crate::traceback::register_source(LOOPS_FILE, LOOPS_SOURCE);
                ripy_compiler::compile(LOOPS_SOURCE.as_bytes(), LOOPS_FILE, ripy_compiler::Mode::Exec)
                    .expect("consume_loops.py compiles")
            })
            .clone()
    });
    let object = module
        .constants
        .iter()
        .find_map(|c| match c {
            Constant::Code(object) if object.name == name => Some(object),
            _ => None,
        })
        .expect("consume_loops.py defines every consumer's loop");
    let loop_code = Code::load(space, Arc::new(CodeObject::clone(object)));
    let globals = dict::new();
    dict::set_str(globals, space.intern("add_pair"), add_pair_builtin());
    let parts = FunctionParts {
        globals,
        builtins: space.builtins,
        module: GcRef::NULL,
        defaults: GcRef::NULL,
        kwdefaults: GcRef::NULL,
        closure: GcRef::NULL,
    };
    let function = with_concrete(|d| function::new_function(d, loop_code.w_code, parts));
    Root::new(function).leak();
    LOOPS.with(|loops| loops.borrow_mut().functions.insert((name, code.id), function));
    function
}

/// The builtin `add_pair(dict, item, index)` that the loop of `dict(gen)` calls.
fn add_pair_builtin() -> GcRef {
    let index = defs()
        .iter()
        .position(|def| matches!(def.owner, Owner::Native("_consume_loops")) && def.name == "add_pair")
        .expect("add_pair is a builtin");
    function::new_builtin(index, GcRef::NULL)
}

/// The builtins of `consume_loops.py`.
pub static DEFS: &[BuiltinDef] =
    &[BuiltinDef { name: "add_pair", owner: Owner::Native("_consume_loops"), func: add_pair_native, frame: false }];

/// `add_pair(dict, item, index)`: add `item`, element `index` of the iterable, to `dict`.
fn add_pair_native(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    // The loop function passes an exact int.
    let index = gc::get_i64(args.positional[2], &int::W_Int::VALUE) as usize;
    crate::builtins::dict_merge_pair(space, args.positional[0], args.positional[1], index)?;
    Ok(space.none)
}

fn add_pair_impl(dict: GcRef, item: GcRef, index: i64) {
    runtime::raising(crate::builtins::dict_merge_pair(Space::get(), dict, item, index as usize), ());
}

metatrace::residual! {
    /// Add `item`, element `index` of the iterable `dict(gen)` consumes, to `dict`.
    fn add_pair(dict: Ref, item: Ref, index: Int) -> Void;
    effect = MayForce; can_raise = true; impl = add_pair_impl;
}

/// The text of `consume_loops.py`.
const LOOPS_SOURCE: &str = include_str!("consume_loops.py");

fn drop_loop_traceback_entry_impl(exc: GcRef) {
    if exc.layout() != W_Exception::layout() {
        return;
    }
    let tb = gc::get_ref(exc, &W_Exception::TRACEBACK);
    if !tb.is_null() && Code::of(gc::get_ref(tb, &W_Traceback::CODE)).object.filename == LOOPS_FILE {
        gc::set_ref(exc, &W_Exception::TRACEBACK, gc::get_ref(tb, &W_Traceback::NEXT));
    }
}

metatrace::residual! {
    /// Drop the first traceback entry of exception `exc` when it is a consumer loop function's
    /// (the exception left that function): as in CPython, only the consumer's caller and the
    /// generator's frames show.
    pub fn drop_loop_traceback_entry(exc: Ref) -> Void;
    effect = Plain; can_raise = false; impl = drop_loop_traceback_entry_impl;
}

//! Builtins that consume a generator (`list(gen)`, `tuple(gen)`, `set(gen)`, `sum(gen)`,
//! `any(gen)`, `all(gen)`, `min(gen)`, `max(gen)`, `sorted(gen)`, `sep.join(gen)`), run in
//! domain code so that a trace inlines the generator's frame at each item, as it does for
//! `for x in gen` (PyPy gives these loops jitdrivers of their own; here the consumer's loop is
//! unrolled into the caller's trace instead).
//!
//! The first [`UNROLLED`] items are consumed in domain code: a trace records one inlined
//! resumption and one accumulation step per item, and the generator object, when it does not
//! escape, stays virtual. The remaining items, if any, are consumed by a residual call that runs
//! the same loop natively, so a long generator does not make a trace too long. Each item is
//! accumulated as it arrives, as CPython's builtins do: an error in the generator or in the step
//! (an unhashable item for `set`, an unsupported `+` for `sum`, an unorderable item for `min`)
//! stops the consumption there, and `any`/`all` stop at the first item that decides (`set`
//! batches exact ints and strs, which cannot fail or run code, into one residual call:
//! [`Pending`]). `sorted`
//! and `join` collect a list first, as CPython's do, then call the builtin on it.

use metatrace::domain::Domain;
use metatrace_gc::{GcObject, GcRef};

use crate::builtins::{defs, Owner};
use crate::frame::Caller;
use crate::function::W_Builtin;
use crate::generator::{self, W_Generator};
use crate::interp::{with_concrete, Ripy};
use crate::list::{self, W_List};
use crate::ops::{BinOp, CmpOp};
use crate::space::Space;
use crate::typeobject::W_Type;
use crate::{gc, int, objspace, ops, protocol, runtime, tuple};

/// How many items a trace consumes inline before it hands the rest to native code.
const UNROLLED: usize = 16;

/// A builtin that consumes its iterable argument (numbered in [`Consumer::ALL`]'s order).
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
}

impl Consumer {
    const ALL: [Consumer; 9] = [
        Consumer::List,
        Consumer::Tuple,
        Consumer::Set,
        Consumer::Sum,
        Consumer::Any,
        Consumer::All,
        Consumer::Min,
        Consumer::Max,
        Consumer::Collect,
    ];

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
            ]
            .into_iter()
            .find(|(ty, _)| *ty == callable)?;
            return Some((consumer.1, 0));
        }
        None
    }

    /// The accumulator before the first item (null for `min` and `max`: no item yet).
    fn start<D: Domain<Lang = Ripy>>(self, d: &mut D, space: &'static Space) -> Result<D::Ref, D::Ref> {
        match self {
            Consumer::List | Consumer::Tuple | Consumer::Collect => Ok(d.new(W_List::layout())),
            // The set is made when the first items are added (see [`Pending`]).
            Consumer::Set => Ok(d.const_ref(GcRef::NULL)),
            Consumer::Sum => {
                let zero = d.const_int(0);
                Ok(int::new_int(d, zero))
            }
            Consumer::Any | Consumer::All => {
                let v = d.const_int(i64::from(self == Consumer::All));
                Ok(ops::bool_obj(d, space, v))
            }
            Consumer::Min | Consumer::Max => Ok(d.const_ref(GcRef::NULL)),
        }
    }

    /// Accumulate `item`: the new accumulator, or the result when the item decides it.
    fn step<D: Domain<Lang = Ripy>>(
        self,
        d: &mut D,
        space: &'static Space,
        caller: Caller<D::Ref>,
        acc: D::Ref,
        item: D::Ref,
    ) -> Result<Step<D::Ref>, D::Ref> {
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
                if d.branch(truth) == (self == Consumer::Any) {
                    let v = d.const_int(i64::from(self == Consumer::Any));
                    return Ok(Step::Done(ops::bool_obj(d, space, v)));
                }
                Ok(Step::More(acc))
            }
            Consumer::Min | Consumer::Max => {
                if d.is_null(acc) {
                    return Ok(Step::More(item));
                }
                let op = if self == Consumer::Min { CmpOp::Lt } else { CmpOp::Gt };
                let better = protocol::compare(d, space, op, item, acc)?;
                let better = protocol::truthy(d, better)?;
                Ok(Step::More(if d.branch(better) { item } else { acc }))
            }
        }
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
            let mut args = args.to_vec();
            args[consumed] = arg;
            let args = tuple::new_tuple(d, &args);
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
/// then makes one residual call per batch instead of one per item.
struct Pending<R> {
    items: smallvec::SmallVec<[R; UNROLLED]>,
}

impl<R: Copy> Pending<R> {
    fn new() -> Self {
        Pending { items: smallvec::SmallVec::new() }
    }

    /// Whether `item` may wait in the batch.
    fn admits<D: Domain<Ref = R>>(d: &mut D, item: R) -> bool {
        let layout = d.layout_of(item);
        layout == int::W_Int::layout() || layout == crate::unicode::W_Str::layout()
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

/// `callable(*args)` when `callable` is one of the consuming builtins and the argument it
/// consumes a generator (not a coroutine or an async generator): its result, consumed in domain
/// code. `None` when the call is not such a call (the caller makes it as usual).
pub fn call<D: Domain<Lang = Ripy>>(
    d: &mut D,
    space: &'static Space,
    caller: Caller<D::Ref>,
    callable: D::Ref,
    args: &[D::Ref],
) -> Result<Option<D::Ref>, D::Ref> {
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
    let acc = consume(d, space, caller, consumer, gen, acc, Some(UNROLLED))?;
    consumer.finish(d, callable, args, consumed, acc).map(Some)
}

/// Consume `gen` into `acc`, at most `limit` items in this domain before handing the rest to
/// [`consume_rest`]: the final accumulator, or the result an item decided.
fn consume<D: Domain<Lang = Ripy>>(
    d: &mut D,
    space: &'static Space,
    caller: Caller<D::Ref>,
    consumer: Consumer,
    gen: D::Ref,
    mut acc: D::Ref,
    limit: Option<usize>,
) -> Result<D::Ref, D::Ref> {
    let mut taken = 0;
    let mut pending = Pending::new();
    while limit.is_none_or(|limit| taken < limit) {
        let Some(item) = generator::next_in(d, space, caller, gen)? else {
            return if consumer == Consumer::Set { pending.flush(d, acc) } else { Ok(acc) };
        };
        taken += 1;
        if consumer == Consumer::Set {
            if Pending::admits(d, item) {
                pending.items.push(item);
                // Native code keeps the batch on its stack, where the collector sees it.
                if pending.items.len() == UNROLLED {
                    acc = pending.flush(d, acc)?;
                }
                continue;
            }
            acc = pending.flush(d, acc)?;
        }
        match consumer.step(d, space, caller, acc, item)? {
            Step::More(next) => acc = next,
            Step::Done(result) => return Ok(result),
        }
    }
    if consumer == Consumer::Set {
        acc = pending.flush(d, acc)?;
    }
    let code = d.const_int(consumer as i64);
    consume_rest(d, code, gen, acc, caller.frame)
}

fn consume_rest_impl(consumer: i64, gen: GcRef, acc: GcRef, frame: GcRef) -> GcRef {
    let consumer = Consumer::ALL[consumer as usize];
    let space = Space::get();
    let result = with_concrete(|d| consume(d, space, Caller { frame, pc: None }, consumer, gen, acc, None));
    gc::keep_alive(&[gen, acc, frame]);
    runtime::raising(result, GcRef::NULL)
}

metatrace::residual! {
    /// The rest of a consumption of generator `gen` into `acc` (the accumulator of the
    /// [`Consumer`] numbered `consumer`, null for none yet), resumed by `frame` (native code when
    /// null): the final accumulator, or the result an item decided.
    pub fn consume_rest(consumer: Int, gen: Ref, acc: Ref, frame: Ref) -> Ref;
    effect = MayForce; can_raise = true; impl = consume_rest_impl;
}

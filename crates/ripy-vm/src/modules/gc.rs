//! The `gc` module: `collect()` runs a full collection of metatrace-gc's heap (and the
//! finalizers it makes due), after clearing the dead value-stack slots of the running frames
//! (it is a builtin that gets its caller's frame). `disable()`/`enable()` record the state
//! `isenabled()` reports; as in PyPy, the collector keeps collecting while "disabled" (a tracing
//! collector is also the only thing that frees memory), so only programs that test the flag see
//! it. `is_tracked()` answers as CPython's cycle collector would; `set_threshold()` is recorded
//! for `get_threshold()` only.
//!
//! It also owns `__del__`: an instance of a class that defines `__del__` gets a collector
//! finalizer when it is made ([`track_del`]); the finalizer (run at an allocation, where no
//! Python code may run) only roots the object in a queue, and the interpreter calls the queued
//! `__del__` methods, once per object, at its safe points ([`run_due`]: the periodic action of
//! backward jumps and `gc.collect()`), after the due weak reference callbacks.

use super::{arg_range, exact_args};
use crate::builtins::BuiltinDef;
use crate::function::Args;
use crate::int::heap_int;
use crate::space::{PyResult, Space};
use metatrace_gc::{GcObject, GcRef};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// The module.
pub const MODULE: super::BuiltinModule = super::BuiltinModule { name: "gc", init };

const fn def(name: &'static str, func: crate::builtins::NativeFn) -> BuiltinDef {
    super::native("gc", name, func)
}

/// The functions of `gc`.
pub static DEFS: &[BuiltinDef] = &[
    def("collect", collect).with_frame(),
    def("enable", enable),
    def("disable", disable),
    def("isenabled", isenabled),
    def("is_tracked", is_tracked),
    def("get_threshold", get_threshold),
    def("set_threshold", set_threshold),
];

/// Objects found unreachable whose `__del__` is still to run, rooted until it runs.
static DUE_DEL: Mutex<Vec<metatrace_gc::Root>> = Mutex::new(Vec::new());

/// `obj`, a new instance of `cls`: when `cls` defines `__del__`, the collector queues it once it
/// finds `obj` unreachable.
pub fn track_del(cls: GcRef, obj: GcRef) -> GcRef {
    let name = Space::get().intern_static("__del__");
    if crate::objspace::user_lookup_interned(cls, name).is_some() {
        observe_collections();
        metatrace_gc::add_finalizer(obj, |obj| {
            if let Ok(mut due) = DUE_DEL.lock() {
                due.push(metatrace_gc::Root::new(obj));
            }
            super::signal::request_periodic();
        });
    }
    obj
}

/// Run what collections found due: the weak reference callbacks, then the `__del__` methods.
/// Their exceptions are reported on standard error ("Exception ignored in: ..."), as CPython
/// reports unraisable exceptions.
pub fn run_due(space: &'static Space) {
    super::weakref::run_callbacks(space);
    loop {
        let Some(root) = DUE_DEL.lock().ok().and_then(|mut due| due.pop()) else { return };
        let obj = root.get();
        let Some(del) = crate::objspace::user_lookup_on(space.type_of(obj), "__del__") else { continue };
        if let Err(exc) = crate::objspace::call_bound(del, obj, &Args::default()) {
            super::sys::report_unraisable(exc, None, del);
        }
        drop(root);
    }
}

/// At exit, after the exit functions: run the `__del__` methods still to run of every object,
/// reachable or not, oldest first, as CPython's finalization does when it clears the modules.
pub fn finalize_at_exit(space: &'static Space) {
    FINALIZING.with(|f| f.set(true));
    crate::traceback::forget_sources();
    metatrace_gc::weak::finalize_now(|obj| crate::objspace::user_lookup_on(space.type_of(obj), "__del__").is_some());
    metatrace_gc::weak::run_finalizers();
    if let Ok(mut due) = DUE_DEL.lock() {
        due.reverse();
    }
    run_due(space);
}

crate::interp_local! {
    static ENABLED: Cell<bool> = const { Cell::new(true) };
    /// The thresholds of `set_threshold()` (CPython's defaults until set).
    static THRESHOLDS: Cell<[i64; 3]> = const { Cell::new([700, 10, 10]) };
    /// Set when the interpreter's finalization starts ([`finalize_at_exit`]).
    static FINALIZING: Cell<bool> = const { Cell::new(false) };
}

/// Whether the interpreter is shutting down (`sys.is_finalizing()`): it runs the last `__del__`
/// methods.
pub fn is_finalizing() -> bool {
    FINALIZING.with(Cell::get)
}

fn init(space: &'static Space, m: GcRef) -> PyResult<()> {
    let ns = super::namespace(m);
    super::add_functions(space, ns, "gc");
    crate::dict::set_str(ns, space.intern("garbage"), crate::list::new_list(&[]));
    crate::dict::set_str(ns, space.intern("callbacks"), crate::list::new_list(&[]));
    Ok(())
}

/// `gc.collect(generation=2)`: the number of unreachable objects is not counted by the
/// collector, so it returns 0.
fn collect(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    arg_range(space, "collect", args, 0, 1)?;
    crate::frame::clear_dead_stack_slots(crate::frame::native_caller());
    scrub_stack::<8192>();
    metatrace_gc::heap::collect();
    metatrace_gc::weak::run_finalizers();
    run_due(space);
    Ok(heap_int(0))
}

/// Zero `WORDS` words of native stack below the caller's frame. The collector scans the stack
/// conservatively, and frames pushed later occupy memory that earlier, deeper calls left
/// references in: their slots that are never written would keep dead objects alive. An explicit
/// `gc.collect()` clears 64 KiB before it collects (the frames of the collection itself), and,
/// once collections are observable ([`calls_scrub`]), each interpreted call instruction one
/// level of calls ([`scrub_for_call`]), so that a collection frees what the program no longer
/// reaches.
#[inline(never)]
pub fn scrub_stack<const WORDS: usize>() {
    let mut stale = [0u64; WORDS];
    std::hint::black_box(&mut stale);
}

/// Whether a program can observe what a collection frees: set (for the rest of the process)
/// when the first object with a `__del__` or the first weak reference is made. Until then a
/// stale stack word that keeps a dead object alive changes nothing the program sees, and call
/// instructions skip [`scrub_for_call`] (words left in the frames running when it is set may
/// still keep objects made before then alive, as they would without any scrubbing).
static COLLECTIONS_OBSERVED: AtomicBool = AtomicBool::new(false);

/// Record that collections are observable from now on (see [`COLLECTIONS_OBSERVED`]).
pub fn observe_collections() {
    COLLECTIONS_OBSERVED.store(true, Ordering::Relaxed);
}

/// Whether call instructions must scrub the stack ([`scrub_for_call`]): once collections are
/// observable.
#[inline(always)]
pub fn calls_scrub() -> bool {
    COLLECTIONS_OBSERVED.load(Ordering::Relaxed)
}

/// The most stack a call instruction zeroes, in words (4 KiB).
const CALL_SCRUB_WORDS: usize = 512;

/// What a call instruction calls, for [`scrub_for_call`]: the native frames between the call
/// and the callee's interpreter loop differ in size by kind (a builtin calling back has frames of
/// its own), so each kind has its own measured level.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum CallKind {
    /// A Python function (the most frequent: its call chain is short and always the same).
    Function,
    /// Anything else: a type, a builtin that takes its caller's frame, a callable object.
    Other,
}

/// Where the last [`scrub_for_call`] ran and how much one level of calls was seen to take.
#[derive(Clone, Copy)]
struct CallScrub {
    /// The Python call depth of its caller.
    depth: i64,
    /// The top of the memory it zeroed (just below its caller's frame).
    top: usize,
    /// The kind of callee it zeroed for.
    kind: CallKind,
    /// Per kind (indexed by `CallKind as usize`), the most native stack seen between a call
    /// instruction and its callee's interpreter loop, in bytes (0 until a call was seen).
    levels: [usize; 2],
}

thread_local! {
    static CALL_SCRUB: Cell<CallScrub> = const {
        Cell::new(CallScrub { depth: i64::MIN, top: 0, kind: CallKind::Other, levels: [0; 2] })
    };
}

/// Zero the native stack below a call instruction of a frame at Python call depth `depth`,
/// whose interpreter loop's frame ends at `frame_top` (0 when not known), calling a callee of
/// `kind`: as much as the native frames from a call instruction to its callee's interpreter
/// loop take (the call chain), so that those frames start over zeroed memory. The callee's loop
/// frame itself needs none: while it is suspended in a call, and so during every `gc.collect()`,
/// it is hidden from the conservative scan (see [`crate::interp`]'s `hiding_frame`); the
/// callee's own calls zero the levels below. The chain is measured from one scrub to the next,
/// one depth apart (from the first's top to where the second's loop frame ends; to the second's
/// top when that end is not known), the most seen per kind plus a margin, at most 4 KiB, which
/// is also what is zeroed before the first measurement of a kind.
#[inline(never)]
pub fn scrub_for_call(depth: i64, frame_top: usize, kind: CallKind) {
    let mut stale = [std::mem::MaybeUninit::<u64>::uninit(); CALL_SCRUB_WORDS];
    let top = stale.as_ptr_range().end as usize;
    let mut last = CALL_SCRUB.get();
    if depth == last.depth.wrapping_add(1) && top < last.top {
        let end = if top < frame_top && frame_top < last.top { frame_top } else { top };
        let level = &mut last.levels[last.kind as usize];
        *level = (*level).max((last.top - end + 64).min(CALL_SCRUB_WORDS * 8));
    }
    let level = last.levels[kind as usize];
    let words = if level == 0 { CALL_SCRUB_WORDS } else { level.div_ceil(8) };
    for word in &mut stale[CALL_SCRUB_WORDS - words..] {
        word.write(0);
    }
    std::hint::black_box(&mut stale);
    CALL_SCRUB.set(CallScrub { depth, top, kind, levels: last.levels });
}

/// `gc.is_tracked(obj)`: whether CPython's cycle collector would track `obj`. Atomic objects
/// (numbers, strings, bytes, None) never are; tuples and dicts only when they hold an object
/// that is (CPython untracks the others); everything else is.
fn is_tracked(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [obj] = exact_args::<1>(space, "gc.is_tracked", args)?;
    Ok(space.w_bool(maybe_tracked(space, obj)))
}

/// Whether `obj` counts as tracked for [`is_tracked`].
fn maybe_tracked(space: &'static Space, obj: GcRef) -> bool {
    use crate::tuple::W_Tuple;
    let layout = obj.layout();
    let atomic = [
        crate::int::W_Int::layout(),
        crate::int::W_Bool::layout(),
        crate::bigint::W_Long::layout(),
        crate::float::W_Float::layout(),
        crate::complex::W_Complex::layout(),
        crate::unicode::W_Str::layout(),
        crate::bytes::W_Bytes::layout(),
    ];
    if atomic.contains(&layout) || obj == space.none || obj == space.ellipsis || obj == space.not_implemented {
        false
    } else if layout == W_Tuple::layout() {
        W_Tuple::items(obj).into_iter().any(|item| maybe_tracked(space, item))
    } else if layout == crate::dict::W_Dict::layout() {
        crate::dict::items(obj).into_iter().any(|(k, v)| maybe_tracked(space, k) || maybe_tracked(space, v))
    } else {
        true
    }
}

fn enable(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "gc.enable", args)?;
    ENABLED.with(|e| e.set(true));
    Ok(space.none)
}

fn disable(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "gc.disable", args)?;
    ENABLED.with(|e| e.set(false));
    Ok(space.none)
}

fn get_threshold(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "gc.get_threshold", args)?;
    let thresholds = THRESHOLDS.with(Cell::get).map(heap_int);
    Ok(crate::tuple::W_Tuple::from_slice(&thresholds))
}

/// `set_threshold(threshold0[, threshold1[, threshold2]])`: recorded for `get_threshold()`; the
/// collector's own policy decides when it collects.
fn set_threshold(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    super::no_keywords(space, "set_threshold", args)?;
    let given = args.positional.len();
    if !(1..=3).contains(&given) {
        let message = if given == 0 {
            "set_threshold() takes at least 1 argument (0 given)".to_owned()
        } else {
            format!("set_threshold() takes at most 3 arguments ({given} given)")
        };
        return Err(space.new_exception(crate::exceptions::ExcKind::TypeError, &message));
    }
    let mut thresholds = THRESHOLDS.with(Cell::get);
    for (slot, &value) in thresholds.iter_mut().zip(&args.positional) {
        let message = format!("'{}' object cannot be interpreted as an integer", space.type_name(value));
        *slot = crate::objspace::index_value(value, &message)?;
    }
    THRESHOLDS.with(|t| t.set(thresholds));
    Ok(space.none)
}

fn isenabled(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    exact_args::<0>(space, "gc.isenabled", args)?;
    Ok(space.w_bool(ENABLED.with(Cell::get)))
}

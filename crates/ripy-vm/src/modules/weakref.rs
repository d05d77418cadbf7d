//! The `_weakref` module: weak references on metatrace-gc's [`WeakRef`]s. The reference types
//! are Python classes (`_weakref.py`, run as the module's body) over a small native core kept in
//! this module's namespace as `_new`, `_get`, `_refs`, `_count` and `_basic`.
//!
//! Each weak reference object owns a slot of a process-wide table holding two [`WeakRef`]s: to
//! the referent and to the weak reference object itself (for `getweakrefs`). A finalizer on the
//! weak reference object frees its slot (onto the table's free list, which new references take
//! first). A weak reference with a callback also puts a finalizer
//! on its referent: the collector runs it (at an allocation, where no Python code may run) once
//! the referent is found dead, and it only queues the slot's id; the interpreter calls the
//! queued callbacks at its safe points ([`run_callbacks`]: the periodic action of backward
//! jumps, and `gc.collect()`), newest reference first, reporting their exceptions as
//! unraisable, as CPython does.

use super::{exact_args, one_arg};
use crate::builtins::BuiltinDef;
use crate::exceptions::ExcKind;
use crate::function::Args;
use crate::gc;
use crate::int::heap_int;
use crate::objspace;
use crate::space::{PyResult, Space};
use crate::typeobject::{self, W_Type};
use metatrace_gc::weak::{add_finalizer, WeakRef};
use metatrace_gc::GcRef;
use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasherDefault, DefaultHasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// The module.
pub const MODULE: super::BuiltinModule = super::BuiltinModule { name: "_weakref", init };

const fn def(name: &'static str, func: crate::builtins::NativeFn) -> BuiltinDef {
    super::native("_weakref", name, func)
}

/// The native core of `_weakref`.
pub static DEFS: &[BuiltinDef] =
    &[def("_new", new), def("_get", get), def("_refs", refs), def("_count", count), def("_basic", basic)];

/// One weak reference: its referent and the weak reference object, and the id that tells it
/// from earlier users of the same slot.
struct Slot {
    target: WeakRef,
    owner: WeakRef,
    id: u64,
    /// Its key in [`Table::basic`] when it is a basic reference.
    basic: Option<(usize, i64)>,
}

/// Every live weak reference, by slot, and the free slots (so that making and freeing one
/// takes constant time however many live).
struct Table {
    slots: Vec<Option<Slot>>,
    free: Vec<usize>,
    /// The slot of the basic reference (kind 0: a plain `ref` without callback, 1: a proxy
    /// without callback) of a referent, by the referent's address (objects do not move), which
    /// CPython shares instead of making another.
    basic: HashMap<(usize, i64), usize, BuildHasherDefault<DefaultHasher>>,
}

/// The weak reference table.
static SLOTS: Mutex<Table> =
    Mutex::new(Table { slots: Vec::new(), free: Vec::new(), basic: HashMap::with_hasher(BuildHasherDefault::new()) });

/// The id of the next slot made.
static NEXT_ID: AtomicU64 = AtomicU64::new(0);

/// The slots and ids of the weak references whose referents died, whose callbacks are still to
/// call, in the order the referents were found dead.
static DUE: Mutex<VecDeque<(usize, u64)>> = Mutex::new(VecDeque::new());

fn init(space: &'static Space, m: GcRef) -> PyResult<()> {
    super::add_functions(space, super::namespace(m), "_weakref");
    super::exec_source(space, m, "<frozen _weakref>", include_str!("_weakref.py"))
}

/// Whether objects of `obj`'s kind can be weakly referenced (as in CPython, not ints, strs,
/// tuples, None and the like).
fn weakrefable(space: &Space, obj: GcRef) -> bool {
    let ty = space.type_of(obj);
    if gc::get_i64(ty, &W_Type::FLAGS) & typeobject::flags::NO_WEAKREF != 0 {
        return false;
    }
    let exact_builtin = [
        space.int_type,
        space.bool_type,
        space.float_type,
        space.str_type,
        space.bytes_type,
        space.tuple_type,
        space.list_type,
        space.dict_type,
        space.none_type,
    ];
    !exact_builtin.contains(&ty)
}

/// `_new(obj, owner, has_callback, basic)`: a slot for a weak reference `owner` to `obj`; when it
/// has a callback, the referent's death queues it. `basic` is the kind of basic reference it is
/// (see [`Table::basic`]), or -1.
fn new(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [obj, owner, has_callback, basic] = exact_args::<4>(space, "_new", args)?;
    let basic = objspace::int_value(basic).unwrap_or(-1);
    if !weakrefable(space, obj) {
        let message = format!("cannot create weak reference to '{}' object", space.type_name(obj));
        return Err(space.new_exception(ExcKind::TypeError, &message));
    }
    let has_callback = objspace::truthy(has_callback)?;
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    super::gc::observe_collections();
    let key = (basic >= 0).then_some((obj.addr(), basic));
    let slot = Slot { target: WeakRef::new(obj), owner: WeakRef::new(owner), id, basic: key };
    let index = {
        let mut table = SLOTS.lock().expect("weak reference slots");
        let index = match table.free.pop() {
            Some(free) => {
                table.slots[free] = Some(slot);
                free
            }
            None => {
                table.slots.push(Some(slot));
                table.slots.len() - 1
            }
        };
        if let Some(key) = key {
            table.basic.insert(key, index);
        }
        index
    };
    if has_callback {
        add_finalizer(obj, move |_| {
            if let Ok(mut due) = DUE.lock() {
                due.push_back((index, id));
            }
            super::signal::request_periodic();
        });
    }
    add_finalizer(owner, move |_| {
        if let Ok(mut table) = SLOTS.lock() {
            if let Some(key) = table.slots[index].take().and_then(|s| s.basic) {
                if table.basic.get(&key) == Some(&index) {
                    table.basic.remove(&key);
                }
            }
            table.free.push(index);
        }
    });
    Ok(heap_int(index as i64))
}

/// Call the callbacks of the weak references whose referents died (each with its weak reference),
/// if the weak references still live; an exception a callback raises is reported on standard
/// error and does not stop the others.
pub fn run_callbacks(space: &'static Space) {
    loop {
        let Some((index, id)) = DUE.lock().ok().and_then(|mut due| due.pop_front()) else {
            return;
        };
        let owner = {
            let table = SLOTS.lock().expect("weak reference slots");
            table.slots[index].as_ref().filter(|s| s.id == id).and_then(|s| s.owner.get())
        };
        let Some(owner) = owner else { continue };
        let _rooted = metatrace_gc::Root::new(owner);
        let Ok(callback) = objspace::getattr(owner, space.intern("_callback")) else { continue };
        if callback == space.none {
            continue;
        }
        if let Err(exc) = objspace::call(callback, &[owner]) {
            super::sys::report_unraisable(exc, None, callback);
        }
    }
}

/// `_get(slot)`: the referent, or None once it is gone.
fn get(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let index = objspace::int_value(one_arg(space, "_get", args)?).unwrap_or(-1);
    let table = SLOTS.lock().expect("weak reference slots");
    let found = usize::try_from(index).ok().and_then(|i| table.slots.get(i)).and_then(Option::as_ref);
    Ok(found.and_then(|s| s.target.get()).unwrap_or(space.none))
}

/// `_basic(obj, kind)`: the live basic reference of `kind` to `obj` (see [`Table::basic`]), or
/// None.
fn basic(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let [obj, kind] = exact_args::<2>(space, "_basic", args)?;
    let key = (obj.addr(), objspace::int_value(kind).unwrap_or(-1));
    let table = SLOTS.lock().expect("weak reference slots");
    let found = table.basic.get(&key).and_then(|&i| table.slots[i].as_ref());
    let live = found.filter(|s| s.target.get() == Some(obj)).and_then(|s| s.owner.get());
    Ok(live.unwrap_or(space.none))
}

/// The live weak reference objects to `obj`.
fn owners_of(obj: GcRef) -> Vec<GcRef> {
    let table = SLOTS.lock().expect("weak reference slots");
    table.slots.iter().flatten().filter(|s| s.target.get() == Some(obj)).filter_map(|s| s.owner.get()).collect()
}

/// The oldest live weak reference object to `obj` (what `obj.__weakref__` gives).
pub fn first_reference(obj: GcRef) -> Option<GcRef> {
    owners_of(obj).first().copied()
}

/// `_refs(obj)`: the weak reference objects to `obj`, oldest first.
fn refs(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    let owners = owners_of(one_arg(space, "_refs", args)?);
    let _rooted = metatrace_gc::root_slice(&owners);
    Ok(crate::list::new_list(&owners))
}

/// `_count(obj)`: how many weak references to `obj` exist.
fn count(space: &'static Space, args: &Args) -> PyResult<GcRef> {
    Ok(heap_int(owners_of(one_arg(space, "_count", args)?).len() as i64))
}

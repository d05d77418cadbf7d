//! The object space: the VM's global state, made once per interpreter and leaked (the threads of
//! an interpreter share it, see [`crate::threadstate`]).
//!
//! The [`Space`] holds the builtin type objects (the whole exception hierarchy included), the
//! objects of which there is one (`None`, `True`, `False`, `NotImplemented`, `Ellipsis`, the empty
//! tuple and string, the 128 one-character ASCII strings) and the table of interned strings. It
//! is reached as `&'static Space` from the JIT's greens (a code object will point to it), so
//! domain code uses its references as constants (`d.const_ref(space.int_type)`); native code
//! (residual functions) reaches it with [`Space::get`].
//!
//! A collector finds objects from roots, and these references live in Rust memory: every one of
//! them is also in [`Space::roots`], one GC array, so that a collector needs a single root for the
//! space. (metatrace-gc is getting an explicit root API; when it lands, `roots` is registered
//! with it. A moving collector would also have to update the Rust copies.)

use crate::bigint::W_Long;
use crate::bytes::W_Bytes;
use crate::dict::{self, W_Dict};
use crate::exceptions::{ExcKind, W_Exception};
use crate::float::W_Float;
use crate::gc;
use crate::int::{W_Bool, W_Int};
use crate::list::W_List;
use crate::mapdict::W_Instance;
use crate::set::{W_FrozenSet, W_Set};
use crate::singletons::{W_Ellipsis, W_None, W_NotImplemented};
use crate::storage::RefArray;
use crate::tuple::W_Tuple;
use crate::typeobject::{alloc_type, flags, InstanceLayout, W_Type};
use crate::unicode::{self, W_Str};
use metatrace_gc::{GcObject, GcRef, Layout};
use std::cell::{Cell, OnceCell, RefCell};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The result of native code that can raise: `Err` holds the exception object.
pub type PyResult<T> = Result<T, GcRef>;

/// The number of sets of [`Space::intern_static`]'s cache (a power of two), of two slots each.
const STATIC_INTERN_SETS: usize = 32;

/// The set of [`Space::intern_static`]'s cache for `text`: a hash of its length and a few of its
/// bytes (dunder names differ after their first two), not of its address, so that for a literal
/// (the usual call, inlined) it folds to a constant when compiled. A hash of the address is
/// computed at run time, and the compiler hoists it to where the interpreter's loop starts: every
/// Python call paid for the names its instructions might look up.
#[inline(always)]
fn static_intern_set(text: &str) -> usize {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let at = |i: usize| u64::from(bytes.get(i).copied().unwrap_or(0));
    let mixed = n as u64
        ^ (at(2) << 8)
        ^ (at(3) << 16)
        ^ (at(4) << 24)
        ^ (at(5) << 32)
        ^ (at(n.wrapping_sub(3)) << 40)
        ^ (at(n.wrapping_sub(4)) << 48);
    (mixed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - STATIC_INTERN_SETS.trailing_zeros())) as usize
}

/// The VM's global state. See the module documentation.
pub struct Space {
    /// `object`.
    pub object_type: GcRef,
    /// `type`.
    pub type_type: GcRef,
    /// `int`.
    pub int_type: GcRef,
    /// `bool`.
    pub bool_type: GcRef,
    /// `float`.
    pub float_type: GcRef,
    /// `str`.
    pub str_type: GcRef,
    /// `bytes`.
    pub bytes_type: GcRef,
    /// `tuple`.
    pub tuple_type: GcRef,
    /// `list`.
    pub list_type: GcRef,
    /// `dict`.
    pub dict_type: GcRef,
    /// `set`.
    pub set_type: GcRef,
    /// `frozenset`.
    pub frozenset_type: GcRef,
    /// `NoneType`.
    pub none_type: GcRef,
    /// `NotImplementedType`.
    pub not_implemented_type: GcRef,
    /// `ellipsis`.
    pub ellipsis_type: GcRef,
    /// `function` (the type of Python functions), read on every call of a type.
    pub function_type: GcRef,
    /// The builtin exception types, indexed by [`ExcKind`].
    pub exception_types: Vec<GcRef>,
    /// `None`.
    pub none: GcRef,
    /// `NotImplemented`.
    pub not_implemented: GcRef,
    /// `Ellipsis`.
    pub ellipsis: GcRef,
    /// `False` and `True`, indexed by their value.
    pub bools: [GcRef; 2],
    /// `()`.
    pub empty_tuple: GcRef,
    /// `''`.
    pub empty_str: GcRef,
    /// The one-character strings of code points 0..128 (a [`RefArray`]).
    pub ascii_chars: GcRef,
    /// The interned strings: a dict from each to itself.
    pub interned: GcRef,
    /// The builtins module's namespace (a dict), filled by [`crate::builtins::install`].
    pub builtins: GcRef,
    /// The thread's execution state ([`crate::frame::W_ExecState`]).
    pub exec_state: GcRef,
    /// Every reference above, in one [`RefArray`]: the space's single GC root.
    pub roots: GcRef,
    /// `sys.get_int_max_str_digits()`: the most decimal digits int ⇄ str converts (0: no limit).
    pub int_max_str_digits: Cell<i64>,
    /// The interned string of each Rust text [`Space::intern`] was asked for (the strings stay
    /// alive in `interned`).
    intern_cache: RefCell<HashMap<Box<str>, GcRef, BuildHasherDefault<WordHash>>>,
    /// A two-way set-associative cache in front of `intern_cache` for [`Space::intern_static`]:
    /// (address and length of a static text, its interned string). Two ways, so that two hot
    /// texts whose addresses fall in the same set (which depends on how the binary is laid out)
    /// do not evict each other on every lookup.
    static_intern_cache: [Cell<(usize, usize, GcRef)>; 2 * STATIC_INTERN_SETS],
    /// The type of the objects of each builtin layout, by layout address.
    layout_types: HashMap<usize, GcRef, BuildHasherDefault<WordHash>>,
    /// The types of the interpreter's objects (functions, iterators, ...), by name.
    runtime_types: HashMap<&'static str, GcRef, BuildHasherDefault<WordHash>>,
    /// The type that owns each builtin of [`crate::builtins::defs`] (`object` for the functions
    /// of modules), by index: made on first use (see [`crate::builtins::owner_of`]).
    pub builtin_owners: OnceCell<Box<[GcRef]>>,
}

thread_local! {
    /// The space of this thread: made on first use, or adopted from the thread that started it.
    static SPACE: Cell<Option<&'static Space>> = const { Cell::new(None) };
}

/// Make `space` the space of this (new) thread: a thread of the interpreter that owns it (see
/// [`crate::threadstate`]).
pub fn adopt(space: &'static Space) {
    SPACE.with(|s| s.set(Some(space)));
}

/// The layouts of the interpreter's objects and the names of their types.
fn runtime_layouts() -> [(&'static Layout, &'static str); 41] {
    use crate::function::*;
    use crate::iter::*;
    [
        (W_Function::layout(), "function"),
        (W_Cell::layout(), "cell"),
        (W_Method::layout(), "method"),
        (W_Builtin::layout(), "builtin_function_or_method"),
        (W_Property::layout(), "property"),
        (W_Member::layout(), "member_descriptor"),
        (crate::descriptors::W_GetSet::layout(), "getset_descriptor"),
        (W_ClassMethod::layout(), "classmethod"),
        (W_StaticMethod::layout(), "staticmethod"),
        (W_Super::layout(), "super"),
        (crate::code::W_Code::layout(), "code"),
        (crate::frame::W_Frame::layout(), "frame"),
        (crate::frame::W_ExecState::layout(), "execution_state"),
        (crate::traceback::W_Traceback::layout(), "traceback"),
        (W_Range::layout(), "range"),
        (W_Slice::layout(), "slice"),
        (W_RangeIter::layout(), "range_iterator"),
        (W_ListIter::layout(), "list_iterator"),
        (W_TupleIter::layout(), "tuple_iterator"),
        (W_StrIter::layout(), "str_iterator"),
        (W_SnapshotIter::layout(), "iterator"),
        (crate::set::W_SetIter::layout(), "set_iterator"),
        (W_DictIter::layout(), "dict_iterator"),
        (W_SeqIter::layout(), "iterator"),
        (W_Enumerate::layout(), "enumerate"),
        (W_Zip::layout(), "zip"),
        (W_Reversed::layout(), "reversed"),
        (W_MapIter::layout(), "map"),
        (W_FilterIter::layout(), "filter"),
        (W_CallableIter::layout(), "callable_iterator"),
        (W_DictKeys::layout(), "dict_keys"),
        (W_DictValues::layout(), "dict_values"),
        (W_DictItems::layout(), "dict_items"),
        (crate::generator::W_Generator::layout(), "generator"),
        (crate::complex::W_Complex::layout(), "complex"),
        (crate::buffer::W_ByteArray::layout(), "bytearray"),
        (crate::buffer::W_MemoryView::layout(), "memoryview"),
        (crate::generator::W_AsyncGenStep::layout(), "async_generator_asend"),
        (crate::generator::W_CoroWrapper::layout(), "coroutine_wrapper"),
        (crate::generator::W_AsyncGenValue::layout(), "async_generator_wrapped_value"),
        (crate::module::W_Module::layout(), "module"),
    ]
}

/// A fast hash for the short keys of the space's tables (names, layout addresses): much faster
/// than SipHash on them. Text is mixed eight bytes at a time, a machine word (a layout's
/// address) with one multiplication.
#[derive(Default)]
pub struct WordHash(u64);

impl WordHash {
    fn mix(&mut self, word: u64) {
        let h = (self.0 ^ word).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = h ^ (h >> 32);
    }
}

impl Hasher for WordHash {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.mix(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
        }
        let mut last = [0u8; 8];
        let rest = chunks.remainder();
        last[..rest.len()].copy_from_slice(rest);
        self.mix(u64::from_le_bytes(last) ^ ((rest.len() as u64) << 59));
    }

    fn write_usize(&mut self, word: usize) {
        self.mix(word as u64);
    }
}

/// CPython 3.11's default for `sys.set_int_max_str_digits`.
const DEFAULT_MAX_STR_DIGITS: i64 = 4300;

impl Space {
    /// The space of this thread (made on first use).
    #[inline]
    pub fn get() -> &'static Space {
        SPACE.with(Cell::get).unwrap_or_else(Space::make)
    }

    /// This thread's space, if it is made (`None` while it is being built, or before).
    pub fn get_if_made() -> Option<&'static Space> {
        SPACE.with(Cell::get)
    }

    /// Make this thread's space (its first use).
    #[cold]
    fn make() -> &'static Space {
        let space: &'static Space = Box::leak(Box::new(Space::build()));
        adopt(space);
        crate::builtins::install(space);
        space
    }

    fn build() -> Space {
        // Objects held only in the Vecs below are invisible to the collector until `roots` holds
        // them all: keep them alive meanwhile.
        let keep = metatrace_gc::RootSet::new();
        let name = unicode::new_str;
        let conflict = |_| unreachable!("the builtin hierarchy linearizes");
        let object = alloc_type(
            GcRef::NULL,
            name("object"),
            &[],
            GcRef::NULL,
            dict::new(),
            // `object()` instances have no `__dict__` (its subclasses' do).
            flags::BASETYPE | flags::NO_DICT,
            InstanceLayout::Instance,
        )
        .unwrap_or_else(conflict);
        let type_type = alloc_type(
            GcRef::NULL,
            name("type"),
            &[object],
            object,
            dict::new(),
            flags::BASETYPE,
            InstanceLayout::Type,
        )
        .unwrap_or_else(conflict);
        gc::set_ref(object, &W_Type::METATYPE, type_type);
        gc::set_ref(type_type, &W_Type::METATYPE, type_type);
        let builtin = |text: &str, base: GcRef, flags: i64| {
            alloc_type(type_type, name(text), &[base], base, dict::new(), flags, InstanceLayout::Builtin)
                .unwrap_or_else(conflict)
        };
        let int_type = builtin("int", object, flags::BASETYPE);
        let bool_type = builtin("bool", int_type, 0);
        let float_type = builtin("float", object, flags::BASETYPE);
        let str_type = builtin("str", object, flags::BASETYPE);
        let bytes_type = builtin("bytes", object, flags::BASETYPE);
        let tuple_type = builtin("tuple", object, flags::BASETYPE);
        let list_type = builtin("list", object, flags::BASETYPE);
        let dict_type = builtin("dict", object, flags::BASETYPE);
        let set_type = builtin("set", object, flags::BASETYPE);
        let frozenset_type = builtin("frozenset", object, flags::BASETYPE);
        let none_type = builtin("NoneType", object, 0);
        let not_implemented_type = builtin("NotImplementedType", object, 0);
        let ellipsis_type = builtin("ellipsis", object, 0);

        let mut exception_types: Vec<GcRef> = Vec::with_capacity(ExcKind::ALL.len());
        for &kind in ExcKind::ALL {
            let bases: Vec<GcRef> = match kind.bases() {
                [] => vec![object],
                bases => bases.iter().map(|&b| exception_types[b as usize]).collect(),
            };
            let ty = alloc_type(
                type_type,
                name(kind.name()),
                &bases,
                bases[0],
                dict::new(),
                flags::BASETYPE,
                InstanceLayout::Exception,
            )
            .unwrap_or_else(conflict);
            exception_types.push(keep.add(ty));
        }

        let none = metatrace_gc::alloc(W_None::layout());
        let not_implemented = metatrace_gc::alloc(W_NotImplemented::layout());
        let ellipsis = metatrace_gc::alloc(W_Ellipsis::layout());
        let bools = [0, 1].map(|v| {
            let b = metatrace_gc::alloc(W_Bool::layout());
            gc::set_i64(b, &W_Bool::VALUE, v);
            b
        });
        let empty_tuple = W_Tuple::from_slice(&[]);
        let empty_str = name("");
        let chars: Vec<GcRef> = (0..128u32).map(|c| keep.add(unicode::from_chars([c]))).collect();
        let ascii_chars = RefArray::from_slice(&chars);
        let interned = dict::new();
        let builtins = dict::new();
        let exec_state = crate::frame::new_exec_state();
        let mut runtime_types = HashMap::default();
        let mut runtime = Vec::new();
        // The runtime types that CPython lets programs subclass (`Py_TPFLAGS_BASETYPE`).
        let subclassable = [
            "complex",
            "bytearray",
            "property",
            "classmethod",
            "staticmethod",
            "enumerate",
            "zip",
            "map",
            "filter",
            "reversed",
            "module",
            "super",
        ];
        for (layout, text) in runtime_layouts() {
            // Layouts listed under one name (the kinds of `iterator`) share its type.
            let ty = match runtime_types.get(text) {
                Some(&ty) => ty,
                None => builtin(text, object, if subclassable.contains(&text) { flags::BASETYPE } else { 0 }),
            };
            runtime_types.insert(text, keep.add(ty));
            runtime.push((layout, ty));
        }
        // Types whose objects share a layout with another type's (and say so in a field).
        for text in ["coroutine", "async_generator"] {
            runtime_types.insert(text, keep.add(builtin(text, object, 0)));
        }

        let types = [
            object,
            type_type,
            int_type,
            bool_type,
            float_type,
            str_type,
            bytes_type,
            tuple_type,
            list_type,
            dict_type,
            set_type,
            frozenset_type,
            none_type,
            not_implemented_type,
            ellipsis_type,
        ];
        let mut held: Vec<GcRef> = types.to_vec();
        held.extend(&exception_types);
        held.extend([
            none,
            not_implemented,
            ellipsis,
            bools[0],
            bools[1],
            empty_tuple,
            empty_str,
            ascii_chars,
            interned,
            builtins,
            exec_state,
        ]);
        held.extend(runtime_types.values().copied());
        let roots = RefArray::from_slice(&held);
        metatrace_gc::Root::new(roots).leak();

        let layouts: [(&'static Layout, GcRef); 14] = [
            (W_Int::layout(), int_type),
            (W_Long::layout(), int_type),
            (W_Bool::layout(), bool_type),
            (W_Float::layout(), float_type),
            (W_Str::layout(), str_type),
            (W_Bytes::layout(), bytes_type),
            (W_Tuple::layout(), tuple_type),
            (W_List::layout(), list_type),
            (W_Dict::layout(), dict_type),
            (W_Set::layout(), set_type),
            (W_FrozenSet::layout(), frozenset_type),
            (W_None::layout(), none_type),
            (W_NotImplemented::layout(), not_implemented_type),
            (W_Ellipsis::layout(), ellipsis_type),
        ];
        let layout_types = layouts.into_iter().chain(runtime).map(|(l, t)| (l as *const Layout as usize, t)).collect();

        Space {
            object_type: object,
            type_type,
            int_type,
            bool_type,
            float_type,
            str_type,
            bytes_type,
            tuple_type,
            list_type,
            dict_type,
            set_type,
            frozenset_type,
            none_type,
            not_implemented_type,
            ellipsis_type,
            exception_types,
            none,
            not_implemented,
            ellipsis,
            bools,
            empty_tuple,
            empty_str,
            ascii_chars,
            interned,
            builtins,
            exec_state,
            roots,
            int_max_str_digits: Cell::new(DEFAULT_MAX_STR_DIGITS),
            intern_cache: RefCell::new(HashMap::default()),
            static_intern_cache: std::array::from_fn(|_| Cell::new((0, 0, GcRef::NULL))),
            layout_types,
            function_type: runtime_types["function"],
            runtime_types,
            builtin_owners: OnceCell::new(),
        }
    }

    /// Every builtin type whose objects have a layout of their own (exceptions excluded).
    pub fn builtin_types(&self) -> Vec<GcRef> {
        let mut types: Vec<GcRef> =
            self.layout_types.values().copied().chain(self.runtime_types.values().copied()).collect();
        types.sort_by_key(|t| t.addr());
        types.dedup();
        types
    }

    /// The type of the interpreter's objects named `name` (see `runtime_layouts`).
    pub fn runtime_type(&self, name: &str) -> GcRef {
        self.runtime_types.get(name).copied().unwrap_or(self.object_type)
    }

    /// The type of the objects of a builtin layout (exact instances of builtin types); internal
    /// objects, which programs never see, count as `object`. Out of line: its callers are
    /// inlined into the interpreter's loop in many places.
    #[inline(never)]
    pub fn builtin_type_of_layout(&self, layout: &'static Layout) -> GcRef {
        debug_assert!(layout != W_Instance::layout() && layout != W_Exception::layout() && layout != W_Type::layout());
        if let Some(ty) = self.common_type_of_layout(layout) {
            return ty;
        }
        self.layout_types.get(&(layout as *const Layout as usize)).copied().unwrap_or(self.object_type)
    }

    /// The type of the objects of `layout` when it is the layout of one of the common builtin
    /// types (str, list, dict, tuple, int, float, set, bytes), whose objects have a layout of
    /// their own and whose types are immutable: a few comparisons, no table lookup.
    #[inline(always)]
    pub fn common_type_of_layout(&self, layout: &'static Layout) -> Option<GcRef> {
        // One comparison after the other (an array of pairs searched in a loop is built on the
        // stack first).
        let is = |other: &'static Layout| std::ptr::eq(layout, other);
        Some(if is(W_Str::layout()) {
            self.str_type
        } else if is(W_List::layout()) {
            self.list_type
        } else if is(W_Dict::layout()) {
            self.dict_type
        } else if is(W_Tuple::layout()) {
            self.tuple_type
        } else if is(W_Int::layout()) {
            self.int_type
        } else if is(W_Float::layout()) {
            self.float_type
        } else if is(W_Set::layout()) {
            self.set_type
        } else if is(W_Bytes::layout()) {
            self.bytes_type
        } else {
            return None;
        })
    }

    /// The interned string equal to `s` (a str): `s` itself the first time.
    pub fn intern_str(&self, s: GcRef) -> GcRef {
        match dict::get_str(self.interned, s) {
            Some(found) => found,
            None => {
                dict::set_str(self.interned, s, s);
                s
            }
        }
    }

    /// The interned string of `text`.
    pub fn intern(&self, text: &str) -> GcRef {
        if let Some(&s) = self.intern_cache.borrow().get(text) {
            return s;
        }
        let s = self.intern_str(unicode::new_str(text));
        self.intern_cache.borrow_mut().insert(text.into(), s);
        s
    }

    /// The interned string of a static text (the names the interpreter's fast paths look up on
    /// every operation): answered by the text's address from a small cache, without hashing it.
    #[inline]
    pub fn intern_static(&self, text: &'static str) -> GcRef {
        let key = text.as_ptr() as usize;
        let set = static_intern_set(text);
        let [first, second] = [0, 1].map(|way| &self.static_intern_cache[2 * set + way]);
        for slot in [first, second] {
            let (cached, len, s) = slot.get();
            if cached == key && len == text.len() {
                return s;
            }
        }
        let s = self.intern(text);
        second.set(first.get());
        first.set((key, text.len(), s));
        s
    }

    /// The bool object of `b`.
    pub fn w_bool(&self, b: bool) -> GcRef {
        self.bools[usize::from(b)]
    }
}

//! The object model: every tiny value is a GC object, told apart by its layout.
//!
//! | value | layout | contents |
//! |---|---|---|
//! | int | [`Int`] | an immutable `i64` |
//! | float | [`Float`] | an immutable `f64` |
//! | `true`, `false` | [`Bool`] | an immutable `i64`, 0 or 1 (one object each) |
//! | `nil` | [`Nil`] | nothing (one object) |
//! | string | [`Str`] | immutable bytes |
//! | list | [`List`] | a length and an [`Array`] of items with room to grow |
//! | object | [`Object`] | one slot per field name of the program, null while unset, and the raw values of its int fields ([`Words`]) |
//! | function | [`Function`] | the index of its code and its name |
//!
//! Ints and floats computed at run time are boxed afresh by each operation. The values a program
//! names in its source are [`Prebuilt`] when it is loaded: its literals, its string constants and
//! its top-level functions, and `nil`, `true` and `false` (the only objects of their types). A null
//! reference is never a value: in a slot it means "unassigned".
//!
//! An object's int fields are stored unboxed (as PyPy's maps store them): the slot holds the
//! [`Prebuilt::unboxed`] marker and the value lives in the object's [`Words`] at the same index,
//! so a loop that updates an int field allocates no box once the JIT has removed the box a read
//! makes.
//!
//! The internal objects are a frame's [`Frame`], the [`Module`] (globals and what keeps the prebuilt
//! objects reachable), the [`GlobalCell`]s of the globals and runtime errors ([`Exception`]).
//!
//! The `new_*` functions are domain code for the interpreter; the `heap_*` functions work on the
//! heap directly, for residual functions and for setting up a program.

use metatrace::domain::Domain;
use metatrace_gc::{heap, GcHeader, GcObject, GcRef, Layout};
use metatrace_macros::GcObject;

/// A boxed integer.
#[derive(GcObject)]
#[repr(C)]
pub struct Int {
    /// The object header.
    pub header: GcHeader,
    /// The value.
    #[gc(immutable)]
    pub value: i64,
}

/// A boxed float.
#[derive(GcObject)]
#[repr(C)]
pub struct Float {
    /// The object header.
    pub header: GcHeader,
    /// The value.
    #[gc(immutable)]
    pub value: f64,
}

/// A boolean.
#[derive(GcObject)]
#[repr(C)]
pub struct Bool {
    /// The object header.
    pub header: GcHeader,
    /// 1 for true, 0 for false.
    #[gc(immutable)]
    pub value: i64,
}

/// `nil`.
#[derive(GcObject)]
#[repr(C)]
pub struct Nil {
    /// The object header.
    pub header: GcHeader,
}

/// An immutable string of bytes (UTF-8 when it comes from source text).
#[derive(GcObject)]
#[repr(C)]
pub struct Str {
    /// The object header.
    pub header: GcHeader,
    /// The number of bytes.
    pub len: i64,
    /// The bytes.
    pub bytes: [u8; 0],
}

/// A fixed-length array of references: a list's storage, a frame's slots, the module's tables.
#[derive(GcObject)]
#[repr(C)]
pub struct Array {
    /// The object header.
    pub header: GcHeader,
    /// The number of items.
    pub len: i64,
    /// The items (null when unset).
    pub items: [GcRef; 0],
}

/// A growable list.
#[derive(GcObject)]
#[repr(C)]
pub struct List {
    /// The object header.
    pub header: GcHeader,
    /// The number of items in use.
    pub len: i64,
    /// The items: an [`Array`] at least `len` long.
    pub storage: GcRef,
}

/// An object with fields: one slot per field name used anywhere in the program.
#[derive(GcObject)]
#[repr(C)]
pub struct Object {
    /// The object header.
    pub header: GcHeader,
    /// The raw values of the int fields: [`Words`] as long as the slots.
    pub words: GcRef,
    /// The number of slots (the program's number of field names).
    pub len: i64,
    /// The fields, indexed by field number (null when unset, [`Prebuilt::unboxed`] for an int
    /// field whose value is in `words`).
    pub slots: [GcRef; 0],
}

/// A fixed-length array of raw integers: the unboxed int fields of an [`Object`].
#[derive(GcObject)]
#[repr(C)]
pub struct Words {
    /// The object header.
    pub header: GcHeader,
    /// The number of items.
    pub len: i64,
    /// The items.
    pub items: [i64; 0],
}

/// The marker in an [`Object`] slot whose int value is stored unboxed (one object, never a value).
#[derive(GcObject)]
#[repr(C)]
pub struct Unboxed {
    /// The object header.
    pub header: GcHeader,
}

/// A function value.
#[derive(GcObject)]
#[repr(C)]
pub struct Function {
    /// The object header.
    pub header: GcHeader,
    /// Its code, an index into the program's codes.
    #[gc(immutable)]
    pub code: i64,
    /// Its name, a [`Str`].
    #[gc(immutable)]
    pub name: GcRef,
}

/// A program's global state, shared by all its frames. It is [`Prebuilt::module`]: the interpreter
/// reaches it as a constant, not through the frame.
#[derive(GcObject)]
#[repr(C)]
pub struct Module {
    /// The object header.
    pub header: GcHeader,
    /// An [`Array`] of the globals' [`GlobalCell`]s, one per global, never replaced.
    #[gc(immutable)]
    pub globals: GcRef,
    /// An [`Array`] of the program's string constants ([`Prebuilt::strings`]).
    #[gc(immutable)]
    pub strings: GcRef,
    /// An [`Array`] of the names of the fields (strings), in field order.
    #[gc(immutable)]
    pub field_names: GcRef,
    /// An [`Array`] of the other prebuilt objects: `nil`, `false`, `true`, the literals and the
    /// functions. Nothing reads it: it makes them reachable from every frame, for a collector.
    #[gc(immutable)]
    pub prebuilt: GcRef,
}

/// The cell of a global variable. Globals change rarely (functions cannot assign them; the top
/// level usually sets them once), so the value is quasi-immutable: compiled code that reads a
/// global uses the value it had when compiled, and assigning the global invalidates that code.
#[derive(GcObject)]
#[repr(C)]
pub struct GlobalCell {
    /// The object header.
    pub header: GcHeader,
    /// The global's value (null while unassigned).
    #[gc(quasi_immutable)]
    pub value: GcRef,
}

/// The state of one running function: the only red variable of the interpreter.
#[derive(GcObject)]
#[repr(C)]
pub struct Frame {
    /// The object header.
    pub header: GcHeader,
    /// An [`Array`] of the code's `nslots` slots: locals, then the value stack. Virtualizable.
    #[gc(immutable)]
    pub locals_stack: GcRef,
    /// The [`Module`]. The interpreter does not read it (the module is a constant of the program);
    /// it keeps the module, and through it the prebuilt objects, reachable from every frame.
    #[gc(immutable)]
    pub module: GcRef,
    /// How many calls deep this frame is (the top level is 0).
    #[gc(immutable)]
    pub depth: i64,
}

/// A runtime error, propagated as an exception out of every frame.
#[derive(GcObject)]
#[repr(C)]
pub struct Exception {
    /// The object header.
    pub header: GcHeader,
    /// The message, a [`Str`].
    #[gc(immutable)]
    pub message: GcRef,
    /// The source line where it was raised.
    #[gc(immutable)]
    pub line: i64,
}

/// The objects a program is loaded with ([`crate::run::load`]), made once before it runs and kept
/// in the [`Program`](crate::bytecode::Program). The program is reachable from the green variables,
/// so domain code may read these references directly and use them as constants (`d.const_ref`): a
/// read of an immutable field of one folds in a trace, and pushing one allocates nothing.
///
/// The heap never frees them today. A collector would not see references held by Rust, so
/// [`Module::prebuilt`] and [`Module::strings`] also hold them, and every frame holds the module;
/// a moving collector would in addition have to update these copies, and the constants that
/// compiled code embeds.
pub struct Prebuilt {
    /// The [`Module`].
    pub module: GcRef,
    /// `nil`.
    pub nil: GcRef,
    /// `false` and `true`, indexed by their value.
    pub bools: [GcRef; 2],
    /// The [`Unboxed`] marker.
    pub unboxed: GcRef,
    /// The boxed literals, indexed like [`Program::constants`](crate::bytecode::Program::constants).
    pub constants: Vec<GcRef>,
    /// The string constants, indexed like [`Program::strings`](crate::bytecode::Program::strings).
    pub strings: Vec<GcRef>,
    /// The top-level functions, indexed like
    /// [`Program::functions`](crate::bytecode::Program::functions).
    pub functions: Vec<GcRef>,
}

impl Prebuilt {
    /// The state of a program compiled but not yet loaded: no objects.
    pub fn unloaded() -> Prebuilt {
        Prebuilt {
            module: GcRef::NULL,
            nil: GcRef::NULL,
            bools: [GcRef::NULL; 2],
            unboxed: GcRef::NULL,
            constants: Vec::new(),
            strings: Vec::new(),
            functions: Vec::new(),
        }
    }

    /// `nil`.
    pub fn nil<D: Domain>(&self, d: &mut D) -> D::Ref {
        d.const_ref(self.nil)
    }

    /// `true` if `v` is non-zero, else `false`. A trace guards `v` (a comparison feeding a
    /// conditional jump then costs one guard and no boolean object).
    pub fn bool<D: Domain>(&self, d: &mut D, v: D::Int) -> D::Ref {
        let b = d.branch(v);
        d.const_ref(self.bools[usize::from(b)])
    }

    /// The module.
    pub fn module<D: Domain>(&self, d: &mut D) -> D::Ref {
        d.const_ref(self.module)
    }
}

/// The type of a value, as dispatched on by the interpreter and named in error messages.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Type {
    /// An int.
    Int,
    /// A float.
    Float,
    /// A boolean.
    Bool,
    /// `nil`.
    Nil,
    /// A string.
    Str,
    /// A list.
    List,
    /// An object.
    Object,
    /// A function.
    Function,
    /// An object that is not a value (never seen by programs).
    Internal,
}

impl Type {
    /// The type of objects with this layout.
    pub fn of(layout: &'static Layout) -> Type {
        let types = [
            (Int::layout(), Type::Int),
            (Float::layout(), Type::Float),
            (Bool::layout(), Type::Bool),
            (Nil::layout(), Type::Nil),
            (Str::layout(), Type::Str),
            (List::layout(), Type::List),
            (Object::layout(), Type::Object),
            (Function::layout(), Type::Function),
        ];
        types.into_iter().find(|(l, _)| std::ptr::eq(*l, layout)).map_or(Type::Internal, |(_, t)| t)
    }

    /// The type of a non-null value in domain code (a class guard in a trace).
    pub fn of_value<D: Domain>(d: &mut D, v: D::Ref) -> Type {
        Type::of(d.layout_of(v))
    }

    /// The name of the type in messages.
    pub fn name(self) -> &'static str {
        match self {
            Type::Int => "int",
            Type::Float => "float",
            Type::Bool => "bool",
            Type::Nil => "nil",
            Type::Str => "str",
            Type::List => "list",
            Type::Object => "object",
            Type::Function => "function",
            Type::Internal => "internal object",
        }
    }

    /// Whether it is int or float.
    pub fn is_number(self) -> bool {
        matches!(self, Type::Int | Type::Float)
    }
}

/// A new int.
pub fn new_int<D: Domain>(d: &mut D, v: D::Int) -> D::Ref {
    let r = d.new(Int::layout());
    d.set_int(r, &Int::VALUE, v);
    r
}

/// A new float.
pub fn new_float<D: Domain>(d: &mut D, v: D::Float) -> D::Ref {
    let r = d.new(Float::layout());
    d.set_float(r, &Float::VALUE, v);
    r
}

/// A new object with every field unset.
pub fn new_object<D: Domain>(d: &mut D, nfields: usize) -> D::Ref {
    let n = d.const_int(nfields as i64);
    let words = d.new_array(Words::layout(), n);
    let obj = d.new_array(Object::layout(), n);
    d.set_ref(obj, &Object::WORDS, words);
    obj
}

/// Field `i` of `obj` (null when unset); a read of an unboxed int field boxes it.
pub fn get_field<D: Domain>(d: &mut D, prebuilt: &Prebuilt, obj: D::Ref, i: D::Int) -> D::Ref {
    let v = d.get_item_ref(obj, &Object::SLOTS, i);
    let unboxed = d.const_ref(prebuilt.unboxed);
    let is_unboxed = d.ptr_eq(v, unboxed);
    if !d.branch(is_unboxed) {
        return v;
    }
    let words = d.get_ref(obj, &Object::WORDS);
    let raw = d.get_item_int(words, &Words::ITEMS, i);
    new_int(d, raw)
}

/// Set field `i` of `obj` to `v`: an int is stored unboxed.
pub fn set_field<D: Domain>(d: &mut D, prebuilt: &Prebuilt, obj: D::Ref, i: D::Int, v: D::Ref) {
    if Type::of_value(d, v) != Type::Int {
        d.set_item_ref(obj, &Object::SLOTS, i, v);
        return;
    }
    let raw = d.get_int(v, &Int::VALUE);
    let words = d.get_ref(obj, &Object::WORDS);
    d.set_item_int(words, &Words::ITEMS, i, raw);
    let unboxed = d.const_ref(prebuilt.unboxed);
    d.set_item_ref(obj, &Object::SLOTS, i, unboxed);
}

/// Field `i` of `obj` on the heap (null when unset), boxing an unboxed int field.
pub fn heap_field(obj: GcRef, i: i64) -> GcRef {
    let v = heap::read_item_ref(obj, &Object::SLOTS, i);
    if v.is_null() || !std::ptr::eq(v.layout(), Unboxed::layout()) {
        return v;
    }
    let words = heap::read_field_ref(obj, &Object::WORDS);
    heap_int(heap::read_item(words, &Words::ITEMS, i) as i64)
}

/// A number as a float (the value must be an int or a float, of type `t`).
pub fn number_as_float<D: Domain>(d: &mut D, v: D::Ref, t: Type) -> D::Float {
    match t {
        Type::Int => {
            let i = d.get_int(v, &Int::VALUE);
            d.int_to_float(i)
        }
        _ => d.get_float(v, &Float::VALUE),
    }
}

/// A new int on the heap.
pub fn heap_int(v: i64) -> GcRef {
    let r = metatrace_gc::alloc(Int::layout());
    heap::write_field(r, &Int::VALUE, v as u64);
    r
}

/// A new boolean on the heap.
pub fn heap_bool(v: bool) -> GcRef {
    let r = metatrace_gc::alloc(Bool::layout());
    heap::write_field(r, &Bool::VALUE, u64::from(v));
    r
}

/// A new float on the heap.
pub fn heap_float(v: f64) -> GcRef {
    let r = metatrace_gc::alloc(Float::layout());
    heap::write_field(r, &Float::VALUE, v.to_bits());
    r
}

/// A new string on the heap.
pub fn heap_str(bytes: &[u8]) -> GcRef {
    let s = metatrace_gc::alloc_array(Str::layout(), bytes.len());
    for (i, &b) in bytes.iter().enumerate() {
        heap::write_item(s, &Str::BYTES, i as i64, u64::from(b));
    }
    s
}

/// The bytes of a string on the heap.
pub fn heap_str_bytes(s: GcRef) -> Vec<u8> {
    (0..heap::array_len(s, &Str::BYTES)).map(|i| heap::read_item(s, &Str::BYTES, i) as u8).collect()
}

/// A new [`Array`] on the heap holding `items`.
pub fn heap_array(items: &[GcRef]) -> GcRef {
    let a = metatrace_gc::alloc_array(Array::layout(), items.len());
    for (i, &item) in items.iter().enumerate() {
        heap::write_item_ref(a, &Array::ITEMS, i as i64, item);
    }
    a
}

/// The items of an [`Array`] on the heap.
pub fn heap_array_items(a: GcRef) -> Vec<GcRef> {
    (0..heap::array_len(a, &Array::ITEMS)).map(|i| heap::read_item_ref(a, &Array::ITEMS, i)).collect()
}

/// The items in use of a [`List`] on the heap.
pub fn heap_list_items(list: GcRef) -> Vec<GcRef> {
    let len = heap::read_field(list, &List::LEN) as usize;
    let mut items = heap_array_items(heap::read_field_ref(list, &List::STORAGE));
    items.truncate(len);
    items
}

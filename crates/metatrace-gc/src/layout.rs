//! Object layouts and typed descriptors of fields and array items.
//!
//! A [`Layout`] is the type descriptor of a heap object: what the collector needs to trace it and
//! what the JIT needs to allocate it. Descriptors are plain data compared by value, so a `const`
//! descriptor may be duplicated by the compiler without changing its meaning; layouts are compared by
//! address (an object's header points at its layout), so each layout must be a `static`.

use std::fmt;

/// The kind of a value as the JIT sees it: machine integer, GC reference, or double.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub enum Kind {
    /// A signed or unsigned integer of 1, 2, 4 or 8 bytes, widened to `i64`.
    Int,
    /// A [`crate::GcRef`] (8 bytes), possibly null.
    Ref,
    /// An IEEE-754 double (8 bytes).
    Float,
}

impl Kind {
    /// The one-letter prefix used in the trace text form (`i`, `r`, `f`).
    pub fn letter(self) -> char {
        match self {
            Kind::Int => 'i',
            Kind::Ref => 'r',
            Kind::Float => 'f',
        }
    }
}

/// How a field or an array item is stored: its kind, its size in bytes and, for integers, whether
/// it is sign-extended when loaded.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub struct ItemType {
    /// The kind of the loaded value.
    pub kind: Kind,
    /// Size in memory: 1, 2, 4 or 8 (always 8 for `Ref` and `Float`).
    pub size: u8,
    /// For `Int` items narrower than 8 bytes: sign-extend (true) or zero-extend (false).
    pub signed: bool,
}

impl ItemType {
    /// A 64-bit signed integer.
    pub const I64: ItemType = ItemType { kind: Kind::Int, size: 8, signed: true };
    /// An unsigned byte.
    pub const U8: ItemType = ItemType { kind: Kind::Int, size: 1, signed: false };
    /// A 32-bit signed integer.
    pub const I32: ItemType = ItemType { kind: Kind::Int, size: 4, signed: true };
    /// A GC reference.
    pub const REF: ItemType = ItemType { kind: Kind::Ref, size: 8, signed: false };
    /// A double.
    pub const F64: ItemType = ItemType { kind: Kind::Float, size: 8, signed: false };
}

/// The variable-size part of an array-like object: a length word and the items after it.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub struct ArrayPart {
    /// Byte offset of the `i64` length field.
    pub length_offset: usize,
    /// Byte offset of item 0.
    pub items_offset: usize,
    /// How each item is stored.
    pub item: ItemType,
}

/// The type descriptor of a heap object.
pub struct Layout {
    /// The Rust type name, for logs and the trace text form.
    pub name: &'static str,
    /// Size of the fixed part in bytes, header included (a multiple of 8).
    pub size: usize,
    /// Byte offsets of the reference fields in the fixed part, in ascending order (the derive's
    /// order for a `#[repr(C)]` struct).
    pub ref_offsets: &'static [usize],
    /// The variable-size part, for array-like objects.
    pub array: Option<ArrayPart>,
}

impl Layout {
    /// Total size in bytes of an object of this layout with `len` array items (rounded up to 8).
    #[inline]
    pub fn size_with_items(&self, len: usize) -> usize {
        let total = match &self.array {
            Some(a) => a.items_offset.max(self.size) + len * a.item.size as usize,
            None => self.size,
        };
        (total + 7) & !7
    }

    /// True when the 8 bytes at `offset` of the fixed part hold a reference. Reference fields
    /// are usually consecutive words listed in order (a `#[repr(C)]` struct's leading
    /// references): then the answer is a range test (which folds for a constant layout and
    /// offset, whatever the field), else the entry where `offset` would be in that case is tested
    /// first, with one comparison, and the scan only runs when it is not there.
    #[inline(always)]
    pub fn is_ref_offset(&self, offset: usize) -> bool {
        let (Some(&first), Some(&last)) = (self.ref_offsets.first(), self.ref_offsets.last()) else { return false };
        if last.wrapping_sub(first) == 8 * (self.ref_offsets.len() - 1) {
            return first <= offset && offset <= last && (offset - first) % 8 == 0;
        }
        let guess = offset.wrapping_sub(first) / 8;
        self.ref_offsets.get(guess) == Some(&offset) || self.ref_offsets.contains(&offset)
    }
}

/// Layouts are identities: two layouts are equal only when they are the same static.
impl PartialEq for Layout {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Eq for Layout {}

/// Hashed by identity, as compared.
impl std::hash::Hash for Layout {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::ptr::hash(self, state)
    }
}

impl fmt::Debug for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Layout({})", self.name)
    }
}

/// The header word at offset 0 of every heap object.
#[repr(C)]
pub struct GcHeader {
    /// The object's layout; guard_class compares this word.
    pub layout: &'static Layout,
}

/// Byte offset of the layout pointer inside every object.
pub const LAYOUT_OFFSET: usize = 0;

/// A named field of a heap object: where it is and how it is stored.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub struct FieldDescr {
    /// Name of the owning type (for the trace text form: `Owner.field`).
    pub owner: &'static str,
    /// Name of the field.
    pub name: &'static str,
    /// Byte offset from the start of the object.
    pub offset: usize,
    /// How the field is stored.
    pub ty: ItemType,
    /// Never written after the object is initialised: reads of it on a constant object fold.
    pub immutable: bool,
    /// Rarely written: reads of it on a constant object fold in compiled code, guarded by
    /// `guard_not_invalidated`, and every write through [`crate::heap::write_field`] or
    /// [`crate::heap::write_field_ref`] reports the object to the quasi-immutable hook (see
    /// [`crate::heap::set_quasi_immutable_hook`]), which invalidates that code.
    pub quasi_immutable: bool,
    /// The layout of the type the descriptor was derived with (`#[derive(GcObject)]`), if any: an
    /// access to an object of that layout is checked against it, which folds for a constant
    /// descriptor (one comparison of the object's header remains).
    pub layout: Option<&'static Layout>,
}

/// The items of an array-like object.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub struct ArrayDescr {
    /// Name of the owning type.
    pub owner: &'static str,
    /// Where the length and the items are, and how items are stored.
    pub part: ArrayPart,
}

/// Implemented (by `#[derive(GcObject)]`) for `#[repr(C)]` structs that live on the GC heap.
pub trait GcObject {
    /// The layout of objects of this type.
    fn layout() -> &'static Layout;
}

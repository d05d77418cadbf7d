//! The `array` module: `array.array`, typed arrays of machine values. The module is Python
//! (`array.py`, run as the module's body): an array keeps its items packed in a bytearray and
//! packs and unpacks them with `_struct`; the buffer protocol reaches that bytearray through
//! `__ripy_buffer__` (see `crate::buffer::exported_buffer`).

use crate::space::{PyResult, Space};
use metatrace_gc::GcRef;

/// The module.
pub const MODULE: super::BuiltinModule = super::BuiltinModule { name: "array", init };

fn init(space: &'static Space, m: GcRef) -> PyResult<()> {
    super::exec_source(space, m, "<frozen array>", include_str!("array.py"))
}

//! Builtin modules written in Python (embedded in the binary and run as the module's body when
//! first imported, as PyPy's app-level modules): `itertools`, `_string`, `_collections`,
//! the hashing modules, `binascii`, `zlib` and `_bisect`. They keep CPython's
//! names, results and error messages; a Rust version can replace one when it is hot.

use crate::space::{PyResult, Space};
use metatrace_gc::GcRef;

/// `itertools`.
pub const ITERTOOLS: super::BuiltinModule = super::BuiltinModule { name: "itertools", init: init_itertools };

/// `_string`.
pub const STRING: super::BuiltinModule = super::BuiltinModule { name: "_string", init: init_string };

/// `_collections`.
pub const COLLECTIONS: super::BuiltinModule = super::BuiltinModule { name: "_collections", init: init_collections };

fn init_collections(space: &'static Space, m: GcRef) -> PyResult<()> {
    super::exec_source(space, m, "<frozen _collections>", include_str!("_collections.py"))
}

fn init_itertools(space: &'static Space, m: GcRef) -> PyResult<()> {
    super::exec_source(space, m, "<frozen itertools>", include_str!("itertools.py"))
}

fn init_string(space: &'static Space, m: GcRef) -> PyResult<()> {
    super::exec_source(space, m, "<frozen _string>", include_str!("_string.py"))
}

/// A builtin module whose body is the concatenation of embedded Python sources.
macro_rules! frozen_module {
    ($(#[$doc:meta])* $id:ident, $name:literal, $($file:literal),+) => {
        $(#[$doc])*
        pub const $id: super::BuiltinModule = super::BuiltinModule {
            name: $name,
            init: {
                fn init(space: &'static Space, m: GcRef) -> PyResult<()> {
                    super::exec_source(space, m, concat!("<frozen ", $name, ">"), concat!($(include_str!($file)),+))
                }
                init
            },
        };
    };
}

frozen_module!(
    /// `_md5`.
    MD5, "_md5", "_hashbase.py", "_md5.py"
);
frozen_module!(
    /// `_sha1`.
    SHA1, "_sha1", "_hashbase.py", "_sha1.py"
);
frozen_module!(
    /// `_sha256` (sha224 and sha256).
    SHA256, "_sha256", "_hashbase.py", "_sha256.py"
);
frozen_module!(
    /// `_sha512` (sha384 and sha512).
    SHA512, "_sha512", "_hashbase.py", "_sha512.py"
);
frozen_module!(
    /// `_sha3` (SHA-3 and SHAKE).
    SHA3, "_sha3", "_hashbase.py", "_sha3.py"
);
frozen_module!(
    /// `_blake2`.
    BLAKE2, "_blake2", "_hashbase.py", "_blake2.py"
);
frozen_module!(
    /// `binascii`.
    BINASCII, "binascii", "binascii.py"
);
frozen_module!(
    /// `_bisect`.
    BISECT, "_bisect", "_bisect.py"
);
frozen_module!(
    /// `zlib`.
    ZLIB, "zlib", "zlib.py"
);
frozen_module!(
    /// `_ripy_generic`: `types.GenericAlias` and `types.UnionType` (see [`crate::generic`]).
    GENERIC, "_ripy_generic", "_ripy_generic.py"
);
frozen_module!(
    /// `_warnings` (only `warn`; warnings.py keeps its pure-Python filters).
    WARNINGS, "_warnings", "_warnings.py"
);
frozen_module!(
    /// `marshal` (no code objects).
    MARSHAL, "marshal", "marshal.py"
);
frozen_module!(
    /// `_longrange`: ranges with bounds beyond i64 (see `builtins/constructors.rs`).
    LONGRANGE, "_longrange", "_longrange.py"
);

//! Small builtin modules written in Python (embedded in the binary, run as the module's body on
//! first import): `_abc` (the machinery of `abc.ABCMeta`, as CPython's C module, with the
//! `match` flags of `__abc_tpflags__`), `_contextvars` (context variables for one interpreter thread),
//! `faulthandler` (records its settings; ripy reports its own crashes), `_codecs` (the codec
//! registry, the error handlers and the builtin codecs' functions, over `str.encode`/`bytes.decode`
//! and the native stateful decoder `_codecs._decode` of `codec.rs`), and `pwd` and
//! `grp` (the user and group databases, read from `/etc/passwd` and `/etc/group`), and
//! `_testinternalcapi` (the interpreter's configuration and recursion depth, and the locale
//! codec, as the regression suite's support code asks CPython for them).

use crate::space::{PyResult, Space};
use metatrace_gc::GcRef;

/// `_contextvars`.
pub const CONTEXTVARS: super::BuiltinModule = super::BuiltinModule { name: "_contextvars", init: init_contextvars };

fn init_contextvars(space: &'static Space, m: GcRef) -> PyResult<()> {
    super::exec_source(space, m, "<frozen _contextvars>", include_str!("_contextvars.py"))
}

/// `_abc` (the machinery of `abc.ABCMeta`).
pub const ABC: super::BuiltinModule = super::BuiltinModule { name: "_abc", init: init_abc };

fn init_abc(space: &'static Space, m: GcRef) -> PyResult<()> {
    super::exec_source(space, m, "<frozen _abc>", include_str!("_abc.py"))
}

/// `faulthandler`.
pub const FAULTHANDLER: super::BuiltinModule = super::BuiltinModule { name: "faulthandler", init: init_faulthandler };

fn init_faulthandler(space: &'static Space, m: GcRef) -> PyResult<()> {
    super::exec_source(space, m, "<frozen faulthandler>", include_str!("faulthandler.py"))
}

/// `_codecs`.
pub const CODECS: super::BuiltinModule = super::BuiltinModule { name: "_codecs", init: init_codecs };

fn init_codecs(space: &'static Space, m: GcRef) -> PyResult<()> {
    super::add_functions(space, super::namespace(m), "_codecs");
    super::exec_source(space, m, "<frozen _codecs>", include_str!("_codecs.py"))
}

/// `pwd`.
pub const PWD: super::BuiltinModule = super::BuiltinModule { name: "pwd", init: init_pwd };

fn init_pwd(space: &'static Space, m: GcRef) -> PyResult<()> {
    super::exec_source(space, m, "<frozen pwd>", include_str!("pwd.py"))
}

/// `grp`.
pub const GRP: super::BuiltinModule = super::BuiltinModule { name: "grp", init: init_grp };

fn init_grp(space: &'static Space, m: GcRef) -> PyResult<()> {
    super::exec_source(space, m, "<frozen grp>", include_str!("grp.py"))
}

/// `_testinternalcapi`.
pub const TESTINTERNALCAPI: super::BuiltinModule =
    super::BuiltinModule { name: "_testinternalcapi", init: init_testinternalcapi };

fn init_testinternalcapi(space: &'static Space, m: GcRef) -> PyResult<()> {
    super::exec_source(space, m, "<frozen _testinternalcapi>", include_str!("_testinternalcapi.py"))
}

//! `_ast`: CPython 3.11's AST node classes (Python, `_ast.py`, embedded) and the conversion of
//! ripy-compiler's `ast` view of a parse ([`ripy_compiler::pyast`]) into instances of them, for
//! `compile(source, filename, mode, ast.PyCF_ONLY_AST)`.
//!
//! Nodes are built as CPython builds them, without calling their `__init__`: each field and
//! location attribute is set on a fresh instance of the node's class.

use crate::code;
use crate::dict;
use crate::mapdict::{self, W_Instance};
use crate::space::{PyResult, Space};
use metatrace_gc::{GcObject, GcRef, RootSet};
use ripy_compiler::pyast::{self, Value};
use ripy_compiler::Mode;

/// `_ast`.
pub const MODULE: super::BuiltinModule = super::BuiltinModule { name: "_ast", init };

fn init(space: &'static Space, m: GcRef) -> PyResult<()> {
    super::exec_source(space, m, "<frozen _ast>", include_str!("_ast.py"))
}

/// `compile(source, filename, mode, PyCF_ONLY_AST)`: the AST of `source` as `_ast` objects, or
/// the `SyntaxError` compiling it would raise.
pub fn parse(space: &'static Space, source: &[u8], filename: &str, mode: Mode) -> PyResult<GcRef> {
    let tree = pyast::parse(source, filename, mode).map_err(|e| crate::import::compile_error(&e))?;
    crate::traceback::register_source(filename, &String::from_utf8_lossy(source));
    let module = crate::import::import_absolute(space, "_ast")?;
    let classes = super::namespace(module);
    let keep = RootSet::new();
    to_object(space, classes, &tree, &keep)
}

/// The object of `value`, node classes looked up by name in `classes` (`SystemError` when a
/// program deleted one); every object made is kept alive by `keep` until the whole tree is built.
fn to_object(space: &'static Space, classes: GcRef, value: &Value, keep: &RootSet) -> PyResult<GcRef> {
    Ok(match value {
        Value::Const(c) => keep.add(code::constant(space, c)),
        Value::List(items) => {
            let items = items.iter().map(|v| to_object(space, classes, v, keep)).collect::<PyResult<Vec<_>>>()?;
            keep.add(crate::list::new_list(&items))
        }
        Value::Node(node) => {
            let cls = dict::get_str(classes, space.intern(node.kind)).ok_or_else(|| {
                let message = format!("_ast has no node class {}", node.kind);
                space.new_exception(crate::exceptions::ExcKind::SystemError, &message)
            })?;
            let fields = node
                .fields
                .iter()
                .map(|(name, v)| Ok((*name, to_object(space, classes, v, keep)?)))
                .collect::<PyResult<Vec<(&str, GcRef)>>>()?;
            let obj = keep.add(mapdict::new_object(W_Instance::layout(), cls));
            for (name, v) in fields {
                mapdict::set_attr(obj, space.intern(name), v);
            }
            if let Some(location) = node.location {
                for (name, v) in ["lineno", "col_offset", "end_lineno", "end_col_offset"].into_iter().zip(location) {
                    mapdict::set_attr(obj, space.intern(name), keep.add(crate::int::heap_int(i64::from(v))));
                }
            }
            obj
        }
    })
}

/// Whether `obj` is an `_ast.AST` node (false while `_ast` was never imported: no node exists).
pub fn is_node(space: &'static Space, obj: GcRef) -> bool {
    let Some(module) = dict::get_str(crate::import::modules_dict(), space.intern("_ast")) else {
        return false;
    };
    let Some(base) = dict::get_str(super::namespace(module), space.intern("AST")) else {
        return false;
    };
    crate::typeobject::is_subtype(space.type_of(obj), base)
}

/// The source text of AST node `node`, as `ast.unparse` writes it: how ripy compiles an AST
/// object (CPython compiles the tree itself; the code is the same for the trees `ast.parse`
/// makes).
pub fn unparse(space: &'static Space, node: GcRef) -> PyResult<GcRef> {
    let module = crate::import::import_absolute(space, "ast")?;
    let unparse = crate::objspace::getattr(module, space.intern("unparse"))?;
    crate::objspace::call(unparse, &[node])
}

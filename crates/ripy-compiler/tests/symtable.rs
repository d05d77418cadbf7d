//! Symbol tables: the scope of names in closures, `global`/`nonlocal`, class bodies and
//! comprehensions, checked through the code objects' variable tables and name instructions.

use ripy_compiler::{compile, CodeObject, Mode};
use std::sync::Arc;

fn code(source: &str, path: &[&str]) -> Arc<CodeObject> {
    let mut code = compile(source.as_bytes(), "s.py", Mode::Exec).unwrap_or_else(|e| panic!("{e}"));
    for name in path {
        let next = code.nested_code().find(|c| c.name == *name).unwrap_or_else(|| panic!("no {name}")).clone();
        code = next;
    }
    code
}

/// The instruction names used on each variable, e.g. `x:LOAD_DEREF`.
fn accesses(code: &CodeObject) -> Vec<String> {
    code.instructions
        .iter()
        .filter_map(|instr| {
            let (_, meaning) = ripy_compiler::dis::operand(code, instr);
            let is_variable = instr.name().contains("FAST")
                || instr.name().contains("DEREF")
                || instr.name().contains("GLOBAL")
                || instr.name().ends_with("_NAME");
            is_variable.then(|| format!("{meaning}:{}", instr.name()))
        })
        .collect()
}

fn error(source: &str) -> String {
    compile(source.as_bytes(), "s.py", Mode::Exec).unwrap_err().msg
}

#[test]
fn closures_make_cells_and_free_variables() {
    let source = "def f():\n    x = 1\n    y = 2\n    def g():\n        return x\n    return g, y\n";
    let f = code(source, &["f"]);
    assert_eq!(f.cellvars, ["x"]);
    assert_eq!(accesses(&f), ["x:STORE_DEREF", "y:STORE_FAST", "g:STORE_FAST", "g:LOAD_FAST", "y:LOAD_FAST"]);
    let g = code(source, &["f", "g"]);
    assert_eq!(g.freevars, ["x"]);
    assert_eq!(accesses(&g), ["x:LOAD_DEREF"]);
}

#[test]
fn free_variables_pass_through_intermediate_scopes() {
    let source =
        "def a():\n    v = 1\n    def b():\n        def c():\n            return v\n        return c\n    return b\n";
    assert_eq!(code(source, &["a", "b"]).freevars, ["v"]);
    assert_eq!(code(source, &["a", "b", "c"]).freevars, ["v"]);
    assert_eq!(code(source, &["a"]).cellvars, ["v"]);
}

#[test]
fn nonlocal_and_global_declarations() {
    let source =
        "g = 0\ndef f():\n    global g\n    n = 0\n    def h():\n        nonlocal n\n        n = g\n    g = 1\n";
    assert_eq!(accesses(&code(source, &["f"])), ["n:STORE_DEREF", "h:STORE_FAST", "g:STORE_GLOBAL"]);
    assert_eq!(accesses(&code(source, &["f", "h"])), ["g:LOAD_GLOBAL", "n:STORE_DEREF"]);
}

#[test]
fn implicit_globals_and_module_names() {
    assert_eq!(accesses(&code("x = y\n", &[])), ["y:LOAD_NAME", "x:STORE_NAME"]);
    assert_eq!(accesses(&code("def f():\n    return len\n", &["f"])), ["len:LOAD_GLOBAL"]);
}

#[test]
fn class_scopes() {
    let source = "def f():\n    x = 1\n    class C:\n        y = x\n        x = 2\n        def m(self):\n            return x, __class__\n    return C\n";
    let class = code(source, &["f", "C"]);
    // The class body binds x itself but its method needs the function's x: the cell passes
    // through the class (LOAD_CLASSDEREF would be used for a load of a free name).
    assert_eq!(class.freevars, ["x"]);
    assert_eq!(class.cellvars, ["__class__"]);
    assert!(accesses(&class).contains(&"x:LOAD_NAME".to_string()));
    let method = code(source, &["f", "C", "m"]);
    assert_eq!(method.freevars, ["__class__", "x"]);
    let reads_free = "def f():\n    x = 1\n    class C:\n        y = x\n    return C\n";
    assert!(accesses(&code(reads_free, &["f", "C"])).contains(&"x:LOAD_CLASSDEREF".to_string()));
}

#[test]
fn super_creates_class_cell() {
    let source = "class C:\n    def m(self):\n        return super().m()\n";
    assert_eq!(code(source, &["C"]).cellvars, ["__class__"]);
    assert_eq!(code(source, &["C", "m"]).freevars, ["__class__"]);
}

#[test]
fn private_names_are_mangled_in_classes() {
    let source = "class C:\n    __x = 1\n    def m(self):\n        return self.__y\n";
    assert_eq!(accesses(&code(source, &["C"]))[3..], ["_C__x:STORE_NAME".to_string(), "m:STORE_NAME".to_string()]);
    assert!(code(source, &["C", "m"]).names.contains(&"_C__y".to_string()));
}

#[test]
fn comprehensions_are_function_scopes() {
    let source = "def f(n):\n    return [i * n for i in range(n)]\n";
    let f = code(source, &["f"]);
    assert_eq!(f.cellvars, ["n"]);
    let comp = code(source, &["f", "<listcomp>"]);
    assert_eq!(comp.varnames, [".0", "i"]);
    assert_eq!(comp.freevars, ["n"]);
    assert_eq!(comp.qualname, "f.<locals>.<listcomp>");
}

#[test]
fn walrus_in_comprehension_binds_in_enclosing_function() {
    let source = "def f(xs):\n    [last := x for x in xs]\n    return last\n";
    assert_eq!(code(source, &["f"]).cellvars, ["last"]);
    assert_eq!(code(source, &["f", "<listcomp>"]).freevars, ["last"]);
    let module_level = "[last := x for x in xs]\n";
    assert!(accesses(&code(module_level, &["<listcomp>"])).contains(&"last:STORE_GLOBAL".to_string()));
}

#[test]
fn declaration_errors() {
    assert_eq!(error("def f():\n    x = 1\n    global x\n"), "name 'x' is assigned to before global declaration");
    assert_eq!(error("def f():\n    print(x)\n    global x\n"), "name 'x' is used prior to global declaration");
    assert_eq!(error("def f(a):\n    global a\n"), "name 'a' is parameter and global");
    assert_eq!(error("def f():\n    x: int\n    global x\n"), "annotated name 'x' can't be global");
    assert_eq!(error("nonlocal x\n"), "nonlocal declaration not allowed at module level");
    assert_eq!(error("def f():\n    nonlocal x\n"), "no binding for nonlocal 'x' found");
    assert_eq!(
        error("def f():\n    x = 1\n    def g():\n        global x\n        nonlocal x\n"),
        "name 'x' is nonlocal and global"
    );
    assert_eq!(error("def f(a, a):\n    pass\n"), "duplicate argument 'a' in function definition");
    assert_eq!(
        error("class C:\n    [y := 1 for x in z]\n"),
        "assignment expression within a comprehension cannot be used in a class body"
    );
    assert_eq!(
        error("[x := 1 for x in y]\n"),
        "assignment expression cannot rebind comprehension iteration variable 'x'"
    );
    assert_eq!(
        error("[x for x in (y := z)]\n"),
        "assignment expression cannot be used in a comprehension iterable expression"
    );
    assert_eq!(error("def f():\n    from os import *\n"), "import * only allowed at module level");
    assert_eq!(error("async def f():\n    yield 1\n    return 2\n"), "'return' with value in async generator");
}

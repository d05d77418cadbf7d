//! Bytecode of representative constructs, checked through a compact disassembly: one line per
//! instruction, `NAME argument`, where the argument is shown resolved (names, constants, jump
//! targets) as the disassembler prints it.

use ripy_compiler::{compile, dis, CodeObject, Mode};

/// The compact listing of a code object.
fn listing(code: &CodeObject) -> String {
    code.instructions
        .iter()
        .map(|instr| {
            let (operand, meaning) = dis::operand(code, instr);
            let argument = if meaning.is_empty() { operand } else { meaning };
            format!("{} {argument}", instr.name()).trim_end().to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Compiles `source` and returns the code object reached by following `path` (names of nested
/// code objects) from the module.
fn code_at(source: &str, path: &[&str]) -> std::sync::Arc<CodeObject> {
    let mut code = compile(source.as_bytes(), "t.py", Mode::Exec).unwrap_or_else(|e| panic!("{e}"));
    for name in path {
        let next =
            code.nested_code().find(|c| c.name == *name).unwrap_or_else(|| panic!("no code object {name}")).clone();
        code = next;
    }
    code.verify_stack_depths().unwrap();
    code
}

fn check(source: &str, path: &[&str], expected: &str) {
    let code = code_at(source, path);
    let actual = listing(&code);
    let expected = expected.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n");
    assert_eq!(actual, expected, "\nactual listing:\n{actual}\n");
}

#[test]
fn fold() {
    check(
        "x = 1 + 2 * 3\ny = -1\nz = 2 ** 10\ns = 'a' 'b'\nt = (1, 2, (3, 'x'))\nu = 'ab' * 2\n",
        &[],
        r#"
        RESUME 0
        LOAD_CONST 7
        STORE_NAME x
        LOAD_CONST -1
        STORE_NAME y
        LOAD_CONST 1024
        STORE_NAME z
        LOAD_CONST 'ab'
        STORE_NAME s
        LOAD_CONST (1, 2, (3, 'x'))
        STORE_NAME t
        LOAD_CONST 'abab'
        STORE_NAME u
        LOAD_CONST None
        RETURN_VALUE
        "#,
    );
}

#[test]
fn locals() {
    check(
        "def f(a, *args, k=1, **kw):\n    b = a + g\n    del b\n    return b\n",
        &["f"],
        r#"
        RESUME 0
        LOAD_FAST a
        LOAD_GLOBAL g
        BINARY_OP +
        STORE_FAST b
        DELETE_FAST b
        LOAD_FAST b
        RETURN_VALUE
        "#,
    );
}

#[test]
fn closure_outer() {
    check(
        "def outer(x):\n    y = 1\n    def inner():\n        nonlocal y\n        y += x\n        return y\n    return inner\n",
        &["outer"],
        r#"
        MAKE_CELL x
        MAKE_CELL y
        LOAD_FAST x
        STORE_DEREF x
        RESUME 0
        LOAD_CONST 1
        STORE_DEREF y
        LOAD_CLOSURE x
        LOAD_CLOSURE y
        BUILD_TUPLE 2
        LOAD_CONST <code object inner>
        MAKE_FUNCTION closure
        STORE_FAST inner
        LOAD_FAST inner
        RETURN_VALUE
        "#,
    );
}

#[test]
fn closure_inner() {
    check(
        "def outer(x):\n    y = 1\n    def inner():\n        nonlocal y\n        y += x\n        return y\n    return inner\n",
        &["outer", "inner"],
        r#"
        COPY_FREE_VARS 2
        RESUME 0
        LOAD_DEREF y
        LOAD_DEREF x
        BINARY_OP +=
        STORE_DEREF y
        LOAD_DEREF y
        RETURN_VALUE
        "#,
    );
}

#[test]
fn while_loop_with_break_and_else() {
    check(
        "i = 0\nwhile i < 10:\n    if i == 5:\n        break\n    i += 1\nelse:\n    i = -1\n",
        &[],
        r#"
        RESUME 0
        LOAD_CONST 0
        STORE_NAME i
        LOAD_NAME i
        LOAD_CONST 10
        COMPARE_OP <
        POP_JUMP_IF_FALSE to 18
        LOAD_NAME i
        LOAD_CONST 5
        COMPARE_OP ==
        POP_JUMP_IF_FALSE to 13
        LOAD_CONST None
        RETURN_VALUE
        LOAD_NAME i
        LOAD_CONST 1
        BINARY_OP +=
        STORE_NAME i
        JUMP_BACKWARD to 3
        LOAD_CONST -1
        STORE_NAME i
        LOAD_CONST None
        RETURN_VALUE
        "#,
    );
}

#[test]
fn for_loop_over_constant_list() {
    check(
        "for x in [1, 2, 3]:\n    if x:\n        continue\n    print(x)\n",
        &[],
        r#"
        RESUME 0
        LOAD_CONST (1, 2, 3)
        GET_ITER
        FOR_ITER to 14
        STORE_NAME x
        LOAD_NAME x
        POP_JUMP_IF_FALSE to 8
        JUMP_BACKWARD to 3
        PUSH_NULL
        LOAD_NAME print
        LOAD_NAME x
        CALL 1
        POP_TOP
        JUMP_BACKWARD to 3
        LOAD_CONST None
        RETURN_VALUE
        "#,
    );
}

#[test]
fn try_except_finally() {
    check(
        "try:\n    f()\nexcept ValueError as e:\n    g(e)\nfinally:\n    h()\n",
        &[],
        r#"
        RESUME 0
        NOP
        PUSH_NULL
        LOAD_NAME f
        CALL 0
        POP_TOP
        JUMP_FORWARD to 30
        PUSH_EXC_INFO
        LOAD_NAME ValueError
        CHECK_EXC_MATCH
        POP_JUMP_IF_FALSE to 26
        STORE_NAME e
        PUSH_NULL
        LOAD_NAME g
        LOAD_NAME e
        CALL 1
        POP_TOP
        POP_EXCEPT
        LOAD_CONST None
        STORE_NAME e
        DELETE_NAME e
        JUMP_FORWARD to 30
        LOAD_CONST None
        STORE_NAME e
        DELETE_NAME e
        RERAISE 1
        RERAISE 0
        COPY 3
        POP_EXCEPT
        RERAISE 1
        PUSH_NULL
        LOAD_NAME h
        CALL 0
        POP_TOP
        LOAD_CONST None
        RETURN_VALUE
        PUSH_EXC_INFO
        PUSH_NULL
        LOAD_NAME h
        CALL 0
        POP_TOP
        RERAISE 0
        COPY 3
        POP_EXCEPT
        RERAISE 1
        "#,
    );
}

#[test]
fn with() {
    check(
        "with open(p) as f:\n    f.read()\n",
        &[],
        r#"
        RESUME 0
        PUSH_NULL
        LOAD_NAME open
        LOAD_NAME p
        CALL 1
        BEFORE_WITH
        STORE_NAME f
        LOAD_NAME f
        LOAD_METHOD read
        CALL 0
        POP_TOP
        LOAD_CONST None
        LOAD_CONST None
        LOAD_CONST None
        CALL 2
        POP_TOP
        LOAD_CONST None
        RETURN_VALUE
        PUSH_EXC_INFO
        WITH_EXCEPT_START
        POP_JUMP_IF_TRUE to 25
        RERAISE 2
        COPY 3
        POP_EXCEPT
        RERAISE 1
        POP_TOP
        POP_EXCEPT
        POP_TOP
        POP_TOP
        LOAD_CONST None
        RETURN_VALUE
        "#,
    );
}

#[test]
fn listcomp() {
    check(
        "r = [x * y for x in a if x for y in b]\n",
        &["<listcomp>"],
        r#"
        RESUME 0
        BUILD_LIST 0
        LOAD_FAST .0
        FOR_ITER to 17
        STORE_FAST x
        LOAD_FAST x
        POP_JUMP_IF_FALSE to 16
        LOAD_GLOBAL b
        GET_ITER
        FOR_ITER to 16
        STORE_FAST y
        LOAD_FAST x
        LOAD_FAST y
        BINARY_OP *
        LIST_APPEND 3
        JUMP_BACKWARD to 9
        JUMP_BACKWARD to 3
        RETURN_VALUE
        "#,
    );
}

#[test]
fn call() {
    check(
        "o.m(1, k=2)\nf(*a, **k)\nf(a, b=1)\n",
        &[],
        r#"
        RESUME 0
        LOAD_NAME o
        LOAD_METHOD m
        LOAD_CONST 1
        LOAD_CONST 2
        CALL_KW kwnames ('k',)
        POP_TOP
        PUSH_NULL
        LOAD_NAME f
        LOAD_NAME a
        BUILD_MAP 0
        LOAD_NAME k
        DICT_MERGE 1
        CALL_FUNCTION_EX 1
        POP_TOP
        PUSH_NULL
        LOAD_NAME f
        LOAD_NAME a
        LOAD_CONST 1
        CALL_KW kwnames ('b',)
        POP_TOP
        LOAD_CONST None
        RETURN_VALUE
        "#,
    );
}

#[test]
fn fstring() {
    check(
        "s = f'{a!r:>{w}} {b=}'\n",
        &[],
        r#"
        RESUME 0
        LOAD_NAME a
        LOAD_CONST '>'
        LOAD_NAME w
        FORMAT_VALUE 0
        BUILD_STRING 2
        FORMAT_VALUE repr, with format
        LOAD_CONST ' b='
        LOAD_NAME b
        FORMAT_VALUE repr
        BUILD_STRING 3
        STORE_NAME s
        LOAD_CONST None
        RETURN_VALUE
        "#,
    );
}

#[test]
fn class() {
    check(
        "class C(B):\n    x: int = 1\n    def m(self):\n        return super().m()\n",
        &["C"],
        r#"
        MAKE_CELL __class__
        RESUME 0
        LOAD_NAME __name__
        STORE_NAME __module__
        LOAD_CONST 'C'
        STORE_NAME __qualname__
        SETUP_ANNOTATIONS
        LOAD_CONST 1
        STORE_NAME x
        LOAD_NAME int
        LOAD_NAME __annotations__
        LOAD_CONST 'x'
        STORE_SUBSCR
        LOAD_CLOSURE __class__
        BUILD_TUPLE 1
        LOAD_CONST <code object m>
        MAKE_FUNCTION closure
        STORE_NAME m
        LOAD_CLOSURE __class__
        COPY 1
        STORE_NAME __classcell__
        RETURN_VALUE
        "#,
    );
}

#[test]
fn method() {
    check(
        "class C(B):\n    x: int = 1\n    def m(self):\n        return super().m()\n",
        &["C", "m"],
        r#"
        COPY_FREE_VARS 1
        RESUME 0
        LOAD_GLOBAL NULL + super
        CALL 0
        LOAD_METHOD m
        CALL 0
        RETURN_VALUE
        "#,
    );
}

#[test]
fn generator() {
    check(
        "def g(n):\n    yield n\n    yield from range(n)\n",
        &["g"],
        r#"
        RETURN_GENERATOR
        POP_TOP
        RESUME 0
        LOAD_FAST n
        YIELD_VALUE
        RESUME 1
        POP_TOP
        LOAD_GLOBAL NULL + range
        LOAD_FAST n
        CALL 1
        GET_YIELD_FROM_ITER
        LOAD_CONST None
        SEND to 16
        YIELD_VALUE
        RESUME 2
        JUMP_BACKWARD_NO_INTERRUPT to 12
        POP_TOP
        LOAD_CONST None
        RETURN_VALUE
        "#,
    );
}

#[test]
fn coroutine() {
    check(
        "async def c(x):\n    async with x as y:\n        return await y\n",
        &["c"],
        r#"
        RETURN_GENERATOR
        POP_TOP
        RESUME 0
        LOAD_FAST x
        BEFORE_ASYNC_WITH
        GET_AWAITABLE 1
        LOAD_CONST None
        SEND to 11
        YIELD_VALUE
        RESUME 3
        JUMP_BACKWARD_NO_INTERRUPT to 7
        STORE_FAST y
        LOAD_FAST y
        GET_AWAITABLE 0
        LOAD_CONST None
        SEND to 19
        YIELD_VALUE
        RESUME 3
        JUMP_BACKWARD_NO_INTERRUPT to 15
        SWAP 2
        LOAD_CONST None
        LOAD_CONST None
        LOAD_CONST None
        CALL 2
        GET_AWAITABLE 2
        LOAD_CONST None
        SEND to 30
        YIELD_VALUE
        RESUME 3
        JUMP_BACKWARD_NO_INTERRUPT to 26
        POP_TOP
        RETURN_VALUE
        PUSH_EXC_INFO
        WITH_EXCEPT_START
        GET_AWAITABLE 2
        LOAD_CONST None
        SEND to 40
        YIELD_VALUE
        RESUME 3
        JUMP_BACKWARD_NO_INTERRUPT to 36
        POP_JUMP_IF_TRUE to 45
        RERAISE 2
        COPY 3
        POP_EXCEPT
        RERAISE 1
        POP_TOP
        POP_EXCEPT
        POP_TOP
        POP_TOP
        LOAD_CONST None
        RETURN_VALUE
        "#,
    );
}

#[test]
fn match_statement() {
    check(
        "match p:\n    case (0, y):\n        pass\n    case {'k': v} if v:\n        pass\n    case str() | bytes():\n        pass\n    case _:\n        pass\n",
        &[],
        r#"
        RESUME 0
        LOAD_NAME p
        COPY 1
        MATCH_SEQUENCE
        POP_JUMP_IF_FALSE to 18
        GET_LEN
        LOAD_CONST 2
        COMPARE_OP ==
        POP_JUMP_IF_FALSE to 18
        UNPACK_SEQUENCE 2
        LOAD_CONST 0
        COMPARE_OP ==
        POP_JUMP_IF_FALSE to 18
        STORE_NAME y
        POP_TOP
        NOP
        LOAD_CONST None
        RETURN_VALUE
        POP_TOP
        COPY 1
        MATCH_MAPPING
        POP_JUMP_IF_FALSE to 47
        GET_LEN
        LOAD_CONST 1
        COMPARE_OP >=
        POP_JUMP_IF_FALSE to 47
        LOAD_CONST 'k'
        BUILD_TUPLE 1
        MATCH_KEYS
        COPY 1
        LOAD_CONST None
        IS_OP 1
        POP_JUMP_IF_FALSE to 45
        UNPACK_SEQUENCE 1
        SWAP 3
        SWAP 2
        POP_TOP
        POP_TOP
        STORE_NAME v
        LOAD_NAME v
        POP_JUMP_IF_FALSE to 48
        POP_TOP
        NOP
        LOAD_CONST None
        RETURN_VALUE
        POP_TOP
        POP_TOP
        POP_TOP
        COPY 1
        LOAD_NAME str
        LOAD_CONST ()
        MATCH_CLASS 0
        COPY 1
        LOAD_CONST None
        IS_OP 1
        POP_JUMP_IF_FALSE to 58
        UNPACK_SEQUENCE 0
        JUMP_FORWARD to 72
        POP_TOP
        COPY 1
        LOAD_NAME bytes
        LOAD_CONST ()
        MATCH_CLASS 0
        COPY 1
        LOAD_CONST None
        IS_OP 1
        POP_JUMP_IF_FALSE to 69
        UNPACK_SEQUENCE 0
        JUMP_FORWARD to 72
        POP_TOP
        POP_TOP
        JUMP_FORWARD to 76
        POP_TOP
        NOP
        LOAD_CONST None
        RETURN_VALUE
        NOP
        LOAD_CONST None
        RETURN_VALUE
        "#,
    );
}

#[test]
fn compare() {
    check(
        "a < b < c\nif x is None and not y:\n    pass\nx in [1, 2]\n",
        &[],
        r#"
        RESUME 0
        LOAD_NAME a
        LOAD_NAME b
        SWAP 2
        COPY 2
        COMPARE_OP <
        JUMP_IF_FALSE_OR_POP to 10
        LOAD_NAME c
        COMPARE_OP <
        JUMP_FORWARD to 12
        SWAP 2
        POP_TOP
        POP_TOP
        LOAD_NAME x
        POP_JUMP_IF_NOT_NONE to 18
        LOAD_NAME y
        POP_JUMP_IF_TRUE to 18
        NOP
        LOAD_NAME x
        LOAD_CONST (1, 2)
        CONTAINS_OP 0
        POP_TOP
        LOAD_CONST None
        RETURN_VALUE
        "#,
    );
}

#[test]
fn unpack() {
    check(
        "a, *b, c = d\nx.y, z[0] = 1, 2\n",
        &[],
        r#"
        RESUME 0
        LOAD_NAME d
        UNPACK_EX 1+1
        STORE_NAME a
        STORE_NAME b
        STORE_NAME c
        LOAD_CONST (1, 2)
        UNPACK_SEQUENCE 2
        LOAD_NAME x
        STORE_ATTR y
        LOAD_NAME z
        LOAD_CONST 0
        STORE_SUBSCR
        LOAD_CONST None
        RETURN_VALUE
        "#,
    );
}

#[test]
fn except_star() {
    check(
        "try:\n    f()\nexcept* E as e:\n    g()\n",
        &[],
        r#"
        RESUME 0
        NOP
        PUSH_NULL
        LOAD_NAME f
        CALL 0
        POP_TOP
        LOAD_CONST None
        RETURN_VALUE
        PUSH_EXC_INFO
        COPY 1
        BUILD_LIST 0
        SWAP 2
        LOAD_NAME E
        CHECK_EG_MATCH
        COPY 1
        POP_JUMP_IF_NONE to 32
        STORE_NAME e
        PUSH_NULL
        LOAD_NAME g
        CALL 0
        POP_TOP
        LOAD_CONST None
        STORE_NAME e
        DELETE_NAME e
        JUMP_FORWARD to 31
        LOAD_CONST None
        STORE_NAME e
        DELETE_NAME e
        LIST_APPEND 3
        POP_TOP
        JUMP_FORWARD to 33
        JUMP_FORWARD to 33
        POP_TOP
        LIST_APPEND 1
        JUMP_FORWARD to 35
        PREP_RERAISE_STAR
        COPY 1
        POP_JUMP_IF_NOT_NONE to 42
        POP_TOP
        POP_EXCEPT
        LOAD_CONST None
        RETURN_VALUE
        SWAP 2
        POP_EXCEPT
        RERAISE 0
        COPY 3
        POP_EXCEPT
        RERAISE 1
        "#,
    );
}

#[test]
fn lambda_defaults() {
    check(
        "f = lambda x, y=2, *, z=3: x\n",
        &[],
        r#"
        RESUME 0
        LOAD_CONST (2,)
        LOAD_CONST 'z'
        LOAD_CONST 3
        BUILD_MAP 1
        LOAD_CONST <code object <lambda>>
        MAKE_FUNCTION defaults, kwdefaults
        STORE_NAME f
        LOAD_CONST None
        RETURN_VALUE
        "#,
    );
}

#[test]
fn decorated() {
    check(
        "@d1\n@d2(1)\ndef f():\n    pass\n",
        &[],
        r#"
        RESUME 0
        LOAD_NAME d1
        PUSH_NULL
        LOAD_NAME d2
        LOAD_CONST 1
        CALL 1
        LOAD_CONST <code object f>
        MAKE_FUNCTION 0
        CALL 0
        CALL 0
        STORE_NAME f
        LOAD_CONST None
        RETURN_VALUE
        "#,
    );
}

#[test]
fn exception_table_entries() {
    let code = code_at("try:\n    f()\nexcept E:\n    g()\n", &[]);
    let entries: Vec<String> = code
        .exception_table
        .entries()
        .iter()
        .map(|e| format!("{}..{} -> {} [{}]{}", e.start, e.end, e.target, e.depth, if e.lasti { " lasti" } else { "" }))
        .collect();
    // The body goes to PUSH_EXC_INFO with nothing kept; the handler's own instructions (up to the
    // POP_EXCEPT, and the final RERAISE) go to the COPY 3 / POP_EXCEPT / RERAISE 1 cleanup. The
    // body's and the handler's `return None` (copies of the exit block) are covered by neither.
    assert_eq!(entries, ["2..6 -> 8 [0]", "8..17 -> 21 [1] lasti", "20..21 -> 21 [1] lasti"]);
}

#[test]
fn line_numbers_follow_cpython() {
    let source = "x = 1\n\n@dec\ndef f(\n    a,\n):\n    return a\n";
    let code = code_at(source, &[]);
    let lines: Vec<Option<u32>> = (0..code.instructions.len() as u32).map(|pc| code.line_table.line(pc)).collect();
    // The module's RESUME has no line; then x = 1, the decorator on line 3, and the function
    // stored on the `def` line.
    assert_eq!(&lines[..4], &[None, Some(1), Some(1), Some(3)]);
    let store = code
        .instructions
        .iter()
        .position(|i| matches!(i, ripy_compiler::Instr::StoreName(n) if code.names[*n as usize] == "f"))
        .unwrap();
    assert_eq!(code.line_table.line(store as u32), Some(4));
    let function = code_at(source, &["f"]);
    assert_eq!(function.first_line, 3);
    assert_eq!(function.line_table.line(function.instructions.len() as u32 - 1), Some(7));
}

#[test]
fn string_constants_keep_lone_surrogates() {
    let code = code_at("s = '\\ud800' + 'x'\nb = b'\\xff'\nn = 0x1_0000_0000_0000_0000\n", &[]);
    let reprs: Vec<String> = code.constants.iter().map(|c| c.repr()).collect();
    assert!(reprs.contains(&"'\\ud800x'".to_string()), "{reprs:?}");
    assert!(reprs.contains(&"b'\\xff'".to_string()), "{reprs:?}");
    assert!(reprs.contains(&"18446744073709551616".to_string()), "{reprs:?}");
}

#[test]
fn code_object_metadata() {
    let source = "def f(a, /, b, *args, c, **kw):\n    'doc'\n    def g():\n        return a\n    yield g\n";
    let f = code_at(source, &["f"]);
    assert_eq!((f.arg_count, f.posonly_arg_count, f.kwonly_arg_count), (2, 1, 1));
    assert_eq!(&f.varnames[..5], ["a", "b", "c", "args", "kw"]);
    assert_eq!(f.cellvars, ["a"]);
    assert_eq!(f.docstring.as_ref().and_then(|d| d.as_str()), Some("doc"));
    use ripy_compiler::CodeFlags;
    for bit in
        [CodeFlags::OPTIMIZED, CodeFlags::NEWLOCALS, CodeFlags::VARARGS, CodeFlags::VARKEYWORDS, CodeFlags::GENERATOR]
    {
        assert!(f.flags.has(bit), "flag {bit:#x}");
    }
    let g = code_at(source, &["f", "g"]);
    assert_eq!(g.freevars, ["a"]);
    assert_eq!(g.qualname, "f.<locals>.g");
    assert!(g.flags.has(CodeFlags::NESTED));
}

#[test]
fn eval_and_single_modes() {
    let eval = compile(b"a + 1", "e", Mode::Eval).unwrap();
    assert_eq!(listing(&eval), "RESUME 0\nLOAD_NAME a\nLOAD_CONST 1\nBINARY_OP +\nRETURN_VALUE");
    let single = compile(b"a\n", "s", Mode::Single).unwrap();
    assert_eq!(listing(&single), "RESUME 0\nLOAD_NAME a\nPRINT_EXPR\nLOAD_CONST None\nRETURN_VALUE");
    let error = compile(b"a\nb\n", "s", Mode::Single).unwrap_err();
    assert_eq!(error.msg, "multiple statements found while compiling a single statement");
}

#[test]
fn disassembler_output() {
    let code = compile(b"for i in x:\n    pass\n", "d.py", Mode::Exec).unwrap();
    let text = dis::disassemble(&code);
    let expected = "\
Disassembly of <code object <module> at \"d.py\", line 1>:
             0 RESUME                         0

   1         1 LOAD_NAME                      0 (x)
             2 GET_ITER                        
      >>     3 FOR_ITER                       6 (to 6)
             4 STORE_NAME                     1 (i)

   2         5 JUMP_BACKWARD                  3 (to 3)

   1  >>     6 LOAD_CONST                     0 (None)
             7 RETURN_VALUE                    
";
    assert_eq!(text, expected, "\n{text}");
}

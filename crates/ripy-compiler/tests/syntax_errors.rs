//! Syntax errors compared with CPython 3.11: for each broken snippet, the exception type,
//! message, line and offset must be what `python3.11 -c "compile(src, 'f', 'exec')"` reports.
//! Skipped when python3.11 is not on PATH.

use std::io::Write;
use std::process::{Command, Stdio};

use ripy_compiler::{compile, Mode};

/// Broken programs, each with CPython 3.11's verdict computed at test time.
const SNIPPETS: &[&str] = &[
    "x = (1,\n",
    "x = [1, 2\ny = 3\n",
    "foo(\n",
    "x = )\n",
    "x = ]\n",
    "x = (1, 2]\n",
    "if x\n    pass\n",
    "def f()\n    pass\n",
    "while True print(1)\n",
    "for x in y\n    pass\n",
    "class A\n    pass\n",
    "if x:\npass\n",
    "def f():\nreturn 1\n",
    "for x in y:\n\n",
    "  x = 1\n",
    "if x:\n        a = 1\n    b = 2\n",
    "if x:\n\ta = 1\n        b = 2\n",
    "x = 'abc\n",
    "x = \"\"\"abc\n",
    "return 1\n",
    "break\n",
    "continue\n",
    "yield 1\n",
    "def f():\n    x = 1\n    global x\n",
    "def f():\n    print(x)\n    global x\n",
    "nonlocal x\n",
    "def f():\n    nonlocal x\n",
    "def f(a):\n    global a\n",
    "def f(a):\n    nonlocal a\n",
    "def f(a, a):\n    pass\n",
    "f(a=1, a=2)\n",
    "1 = x\n",
    "f() = 1\n",
    "a + 1 = 2\n",
    "del f()\n",
    "f() += 1\n",
    "x = 1 +\n",
    "print 'hello'\n",
    "a b\n",
    "f(a b)\n",
    "if x = 1:\n    pass\n",
    "x = 1 $ 2\n",
    "x = 0777\n",
    "x = 1abc\n",
    "x = 0b2\n",
    "type X = int\n",
    "def f[T](x): pass\n",
    "class A[T]: pass\n",
    "async def f():\n    yield from x\n",
    "def f():\n    await x\n",
    "await x\n",
    "async def f():\n    x = [y async for y in z]\n    return\n    yield 1\n",
    "[(yield x) for x in y]\n",
    "def f():\n    from os import *\n",
    "from __future__ import braces\n",
    "import os\nfrom __future__ import annotations\n",
    "a, *b, *c = d\n",
    "*a = b\n",
    "match x:\n    case a:\n        pass\n    case b:\n        pass\n",
    "match x:\n    case [a, a]:\n        pass\n",
    "match x:\n    case a | [b]:\n        pass\n",
    "[x := 1 for x in y]\n",
    "class A:\n    [y := 1 for x in z]\n",
    "x = f'{'\n",
    "x = f'{a!z}'\n",
    "def f(*):\n    pass\n",
    "def f(a=1, b):\n    pass\n",
    "f(**a, *b)\n",
    "f(a=1, b)\n",
    "lambda: (yield)\n",
    "x = {1: 2, 3}\n",
    "x = 'a' 'b\n",
    "x = \\ 1\n",
    "x = b'\u{e9}'\n",
    "def f():\n    x = 1\n    def g():\n        nonlocal y\n",
    "with a as f(): pass\n",
    "for f() in x: pass\n",
    "(a, b) += 1\n",
    "x = yield = 1\n",
    "x = (a for a in b, c)\n",
    "f(x for x in y, 1)\n",
    "True = 1\n",
    "__debug__ = 1\n",
    "del (a, f())\n",
    "try:\n    pass\n",
    "try:\n    pass\nfinally:\n    pass\nexcept:\n    pass\n",
    "else:\n    pass\n",
    "x = [1, 2, 3\n",
    "def f(x):\n    return\n  x\n",
    "def f(**k, a): pass\n",
    "def f(*a=1): pass\n",
    "x = 1 if 2\n",
    "f(**)\n",
    "a = 1 = 2\n",
    "import\n",
    "from x import\n",
    "from x import (a, b\n",
    "class A(: pass\n",
    "x = [i for i in]\n",
    "lambda x=1, y: x\n",
    "def f():\n    x = yield = 3\n",
    "with (a as b, c as d: pass\n",
    "x = {**a for a in b}\n",
    "x = [*a for a in b]\n",
    "del x + 1\n",
    "for x in 1, *a:\n    pass\n",
    "(x for x in y) = 1\n",
    "None = 1\n",
    "x.y += 1 = 2\n",
    "if x:\n    pass\n  else:\n    pass\n",
    "while x:\npass\n",
    "try:\n    pass\nexcept:\n    pass\nexcept ValueError:\n    pass\n",
    "x = 5e\n",
    "x = 0x\n",
    "x = 1__0\n",
    "x = '\\N{foo}'\n",
    "x = '\\x4'\n",
    "x = b'\\x4'\n",
    "async = 1\n",
    "def f():\n  return\n    x = 1\n",
    "x = ((1)\n",
    "print(f'{x!}')\n",
    "a[1:2:3:4]\n",
    "f(a for a in b for)\n",
    "x = not\n",
    "def f(a, *, b, **c, d): pass\n",
    "@\ndef f(): pass\n",
    "class C:\n    return 1\n",
    "def f():\n    class C:\n        yield 1\n",
    "x = yield\n",
    "def f():\n    nonlocal f\n",
    "def g():\n    def f(x):\n        nonlocal x\n",
    "global x\nx: int = 1\n",
    "def f():\n    global x\n    x: int = 1\n",
    "f(x=1, *y, **z, w)\n",
    "assert(x, 'msg')\n",
    "x = 1\n\t  y = 2\n",
    "elif x:\n    pass\n",
    "x = 10 $\n",
    "\u{20ac} = 1\n",
    "x = '\u{a0}'\nx\u{a0}= 1\n",
    "x = [1, 2 3]\n",
    "x = {1 2}\n",
];

/// What compiling a snippet gives: `None` for success, else (type, message, line, offset).
type Verdict = Option<(String, String, u32, u32)>;

fn cpython_verdicts(snippets: &[&str]) -> Option<Vec<Verdict>> {
    let script = r#"
import sys
for line in sys.stdin.read().split():
    src = bytes.fromhex(line).decode()
    try:
        compile(src, 'f', 'exec')
        print('OK')
    except SyntaxError as e:
        print(type(e).__name__, e.lineno, e.offset, e.msg.encode().hex(), sep='|')
"#;
    let mut child =
        Command::new("python3.11").args(["-c", script]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().ok()?;
    let input: String =
        snippets.iter().map(|s| s.bytes().map(|b| format!("{b:02x}")).collect::<String>() + "\n").collect();
    child.stdin.take()?.write_all(input.as_bytes()).ok()?;
    let output = child.wait_with_output().ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    text.lines()
        .map(|line| {
            if line == "OK" {
                return Some(None);
            }
            let parts: Vec<&str> = line.split('|').collect();
            let msg_bytes: Vec<u8> = (0..parts.get(3)?.len())
                .step_by(2)
                .filter_map(|i| u8::from_str_radix(&parts[3][i..i + 2], 16).ok())
                .collect();
            Some(Some((
                parts[0].to_string(),
                String::from_utf8(msg_bytes).ok()?,
                parts[1].parse().unwrap_or(0),
                parts[2].parse().unwrap_or(0),
            )))
        })
        .collect()
}

fn our_verdict(snippet: &str) -> Verdict {
    match compile(snippet.as_bytes(), "f", Mode::Exec) {
        Ok(_) => None,
        Err(e) => Some((e.kind.type_name().to_string(), e.msg, e.line, e.offset)),
    }
}

#[test]
fn syntax_errors_match_cpython() {
    let Some(expected) = cpython_verdicts(SNIPPETS) else {
        eprintln!("skipped: python3.11 not available");
        return;
    };
    assert_eq!(expected.len(), SNIPPETS.len());
    let mut mismatches = Vec::new();
    for (snippet, expected) in SNIPPETS.iter().zip(&expected) {
        let ours = our_verdict(snippet);
        if &ours != expected {
            mismatches.push(format!("{snippet:?}\n    CPython: {expected:?}\n    ours:    {ours:?}"));
        }
    }
    for m in &mismatches {
        eprintln!("{m}");
    }
    assert!(mismatches.is_empty(), "{} of {} snippets differ from CPython", mismatches.len(), SNIPPETS.len());
}

/// Programs nested beyond the compiler's limits fail with CPython's errors, not a stack overflow
/// (the test threads have small stacks).
#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let cases = [
        (
            format!("x = {}1\n", "-".repeat(100_000)),
            "RecursionError",
            "maximum recursion depth exceeded during compilation",
        ),
        (format!("x = {}1{}\n", "(".repeat(1000), ")".repeat(1000)), "SyntaxError", "too many nested parentheses"),
        (
            format!("x = a{}\n", ".b".repeat(100_000)),
            "RecursionError",
            "maximum recursion depth exceeded during compilation",
        ),
        (
            format!("x = a{}\n", "+a".repeat(100_000)),
            "RecursionError",
            "maximum recursion depth exceeded during compilation",
        ),
        (
            (0..100).map(|i| format!("{}if x:\n", " ".repeat(i))).collect::<String>() + &" ".repeat(100) + "pass\n",
            "IndentationError",
            "too many levels of indentation",
        ),
    ];
    for (source, kind, msg) in cases {
        let error = compile(source.as_bytes(), "deep", Mode::Exec).unwrap_err();
        assert_eq!((error.kind.type_name(), error.msg.as_str()), (kind, msg));
    }
    let nested_ok = format!("x = {}1{}\n", "[".repeat(150), "]".repeat(150));
    assert!(compile(nested_ok.as_bytes(), "deep", Mode::Exec).is_ok());
}

//! Differential tests against CPython 3.11: the same operations on the same values, evaluated by
//! ripy-vm (domain code in the Concrete domain) and by `python3.11 -c` (with `PYTHONHASHSEED=0`,
//! the fixed hash key ripy uses); every output line must agree. Skipped when `python3.11` is not
//! on the PATH.

use crate::bigint;
use crate::bytes::new_bytes;
use crate::exceptions::W_Exception;
use crate::float::{self, heap_float};
use crate::floatrepr::float_repr;
use crate::hash;
use crate::int::heap_int;
use crate::list::new_list;
use crate::ops::{self, BinOp, CmpOp, UnaryOp};
use crate::repr;
use crate::space::{PyResult, Space};
use crate::testing::concrete;
use crate::tuple::W_Tuple;
use crate::unicode;
use metatrace_gc::{GcObject, GcRef, RootSet};
use std::process::Command;

/// Run a Python script under CPython 3.11 and give its output lines, or `None` without python3.11.
fn cpython(script: &str) -> Option<Vec<String>> {
    let output = Command::new("python3.11").arg("-c").arg(script).env("PYTHONHASHSEED", "0").output().ok()?;
    assert!(output.status.success(), "python3.11 failed: {}", String::from_utf8_lossy(&output.stderr));
    Some(String::from_utf8(output.stdout).expect("utf-8 output").lines().map(str::to_owned).collect())
}

/// The Python helper that writes a result as the Rust side does.
const SHOW: &str = r#"
def show(f):
    try:
        return repr(f())
    except Exception as e:
        return type(e).__name__ + ': ' + str(e)
"#;

/// A result as `SHOW` writes it.
fn show(r: PyResult<GcRef>) -> String {
    let space = Space::get();
    match r {
        Ok(v) => repr::repr(v).unwrap_or_else(|e| show(Err(e))),
        Err(e) => {
            assert_eq!(e.layout(), W_Exception::layout(), "an exception");
            format!("{}: {}", space.type_name(e), space.exception_str(e).expect("a printable message"))
        }
    }
}

/// Compare our lines with CPython's, reporting every difference with its input.
fn check(labels: &[String], ours: &[String], script: &str) {
    let Some(theirs) = cpython(script) else {
        eprintln!("python3.11 not found: skipped");
        return;
    };
    assert_eq!(theirs.len(), ours.len(), "line counts");
    let diffs: Vec<String> = labels
        .iter()
        .zip(ours.iter().zip(&theirs))
        .filter(|(_, (o, t))| o != t)
        .map(|(l, (o, t))| format!("{l}: ripy {o:?}, cpython {t:?}"))
        .collect();
    assert!(diffs.is_empty(), "{} differences:\n{}", diffs.len(), diffs[..diffs.len().min(40)].join("\n"));
}

/// A Python string literal of `text`, with everything outside printable ASCII escaped.
fn py_literal(text: &str) -> String {
    let mut out = String::from("'");
    for c in text.chars() {
        match c {
            '\'' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            _ if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            _ if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            _ => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('\'');
    out
}

/// An int from decimal text.
fn int(text: &str) -> GcRef {
    bigint::parse_int_str(unicode::new_str(text), 10).expect("a valid int literal")
}

/// A new set of `items`, added in order.
fn set_of(items: &[GcRef]) -> GcRef {
    let s = crate::set::new_set();
    crate::set::update(s, items).expect("hashable items");
    s
}

/// The operands of the operator tables: Python literals and the same objects built natively.
fn operands(roots: &RootSet) -> Vec<(&'static str, GcRef)> {
    let space = Space::get();
    vec![
        ("0", roots.add(heap_int(0))),
        ("1", roots.add(heap_int(1))),
        ("-1", roots.add(heap_int(-1))),
        ("7", roots.add(heap_int(7))),
        ("-7", roots.add(heap_int(-7))),
        ("3", roots.add(heap_int(3))),
        ("-2", roots.add(heap_int(-2))),
        ("9223372036854775807", roots.add(heap_int(i64::MAX))),
        ("-9223372036854775808", roots.add(heap_int(i64::MIN))),
        ("4611686018427387904", roots.add(heap_int(1 << 62))),
        ("9007199254740993", roots.add(heap_int((1 << 53) + 1))),
        ("10**20", roots.add(int("100000000000000000000"))),
        ("-10**20", roots.add(int("-100000000000000000000"))),
        ("2**64", roots.add(int("18446744073709551616"))),
        ("True", roots.add(space.w_bool(true))),
        ("False", roots.add(space.w_bool(false))),
        ("0.0", roots.add(heap_float(0.0))),
        ("-0.0", roots.add(heap_float(-0.0))),
        ("1.5", roots.add(heap_float(1.5))),
        ("-2.5", roots.add(heap_float(-2.5))),
        ("3.0", roots.add(heap_float(3.0))),
        ("9007199254740992.0", roots.add(heap_float(9007199254740992.0))),
        ("1e300", roots.add(heap_float(1e300))),
        ("float('inf')", roots.add(heap_float(f64::INFINITY))),
        ("float('-inf')", roots.add(heap_float(f64::NEG_INFINITY))),
        ("float('nan')", roots.add(heap_float(f64::NAN))),
        ("'ab'", roots.add(unicode::new_str("ab"))),
        ("''", roots.add(unicode::new_str(""))),
        ("'é\\U0001f600'", roots.add(unicode::new_str("é\u{1f600}"))),
        ("[1, 2]", roots.add(new_list(&[heap_int(1), heap_int(2)]))),
        ("[1.5, 'x']", roots.add(new_list(&[heap_float(1.5), unicode::new_str("x")]))),
        ("(1,)", roots.add(W_Tuple::from_slice(&[heap_int(1)]))),
        ("()", roots.add(W_Tuple::from_slice(&[]))),
        ("b'xy'", roots.add(new_bytes(b"xy"))),
        ("None", roots.add(space.none)),
        ("{1, 'a', 2.5}", roots.add(set_of(&[heap_int(1), unicode::new_str("a"), heap_float(2.5)]))),
        (
            "frozenset({2, 'a'})",
            roots.add(crate::set::new_frozenset(&[heap_int(2), unicode::new_str("a")]).expect("a frozenset")),
        ),
    ]
}

/// Whether an operand is a number that is small enough to be a power or a shift count.
fn small_exponent(literal: &str) -> bool {
    matches!(literal, "0" | "1" | "-1" | "7" | "-7" | "3" | "-2" | "True" | "False" | "0.0" | "1.5" | "-2.5" | "3.0")
}

/// Whether `a op b` is in the table: skip what would take CPython forever, and `%` on strings and
/// bytes (formatting is not written yet).
fn in_table(op: BinOp, a: &str, b: &str) -> bool {
    match op {
        BinOp::Pow | BinOp::LShift => small_exponent(b),
        BinOp::Mod => !(a.starts_with('\'') || a.starts_with("b'")),
        _ => true,
    }
}

#[test]
fn binary_operators_agree() {
    let space = Space::get();
    let roots = RootSet::new();
    let values = operands(&roots);
    let (mut labels, mut ours, mut python) = (Vec::new(), Vec::new(), Vec::new());
    for op in BinOp::ALL {
        let symbol = if op == BinOp::Pow { "**" } else { op.symbol() };
        for &(la, a) in &values {
            for &(lb, b) in &values {
                if !in_table(op, la, lb) {
                    continue;
                }
                let expr = format!("({la}) {symbol} ({lb})");
                python.push(format!("print(show(lambda: {expr}))"));
                ours.push(show(concrete(|d| ops::binary_op(d, space, op, a, b))));
                labels.push(expr);
            }
        }
    }
    check(&labels, &ours, &format!("{SHOW}\n{}", python.join("\n")));
}

#[test]
fn divmod_agrees() {
    let space = Space::get();
    let roots = RootSet::new();
    let numbers: Vec<_> = operands(&roots).into_iter().take(26).collect();
    let (mut labels, mut ours, mut python) = (Vec::new(), Vec::new(), Vec::new());
    for &(la, a) in &numbers {
        for &(lb, b) in &numbers {
            let expr = format!("divmod({la}, {lb})");
            python.push(format!("print(show(lambda: {expr}))"));
            let r = concrete(|d| {
                let q = ops::binary_op(d, space, BinOp::FloorDiv, a, b)?;
                let m = ops::binary_op(d, space, BinOp::Mod, a, b)?;
                Ok(W_Tuple::from_slice(&[q, m]))
            });
            // divmod has its own message for floats; `//` and `%` each have theirs.
            let shown = show(r)
                .replace("float floor division by zero", "float divmod()")
                .replace("integer modulo by zero", "integer division or modulo by zero");
            ours.push(shown);
            labels.push(expr);
        }
    }
    check(&labels, &ours, &format!("{SHOW}\n{}", python.join("\n")));
}

#[test]
fn unary_operators_comparisons_and_truth_agree() {
    let space = Space::get();
    let roots = RootSet::new();
    let values = operands(&roots);
    let (mut labels, mut ours, mut python) = (Vec::new(), Vec::new(), Vec::new());
    for &(la, a) in &values {
        for op in UnaryOp::ALL {
            let expr = format!("{}({la})", op.symbol());
            python.push(format!("print(show(lambda: {expr}))"));
            ours.push(show(concrete(|d| ops::unary_op(d, op, a))));
            labels.push(expr);
        }
        let expr = format!("bool({la})");
        python.push(format!("print(show(lambda: {expr}))"));
        ours.push(show(Ok(space.w_bool(concrete(|d| ops::truthy(d, a)) != 0))));
        labels.push(expr);
        for &(lb, b) in &values {
            for op in CmpOp::ALL {
                let expr = format!("({la}) {} ({lb})", op.symbol());
                python.push(format!("print(show(lambda: {expr}))"));
                ours.push(show(concrete(|d| ops::compare(d, op, a, b)).map(|v| space.w_bool(v != 0))));
                labels.push(expr);
            }
        }
    }
    check(&labels, &ours, &format!("{SHOW}\n{}", python.join("\n")));
}

#[test]
fn hashes_agree() {
    let roots = RootSet::new();
    let mut values: Vec<(String, GcRef)> = operands(&roots)
        .into_iter()
        .filter(|(l, _)| !l.contains("nan") && !l.starts_with('[') && *l != "None")
        .map(|(l, v)| (l.to_owned(), v))
        .collect();
    let texts = [
        "a",
        "abc",
        "hello world",
        "é",
        "日本語",
        "\u{1f600}x",
        "a\u{0}b",
        "longer text that spans several siphash blocks",
    ];
    values.extend(texts.iter().map(|t| (py_literal(t), roots.add(unicode::new_str(t)))));
    values.push(("'\\ud800x'".to_owned(), roots.add(unicode::from_chars([0xd800, u32::from(b'x')]))));
    values.push(("b'hello'".to_owned(), roots.add(new_bytes(b"hello"))));
    values.push(("(1, 'a', 2.5, (-1, True))".to_owned(), {
        let inner = W_Tuple::from_slice(&[heap_int(-1), Space::get().w_bool(true)]);
        roots.add(W_Tuple::from_slice(&[heap_int(1), unicode::new_str("a"), heap_float(2.5), inner]))
    }));
    for v in [1e-310, 0.1, 123456.789, -1e200, 2f64.powi(61), 2f64.powi(62) + 2048.0] {
        values.push((format!("{:?}", v), roots.add(heap_float(v))));
    }
    for text in ["2305843009213693951", "2305843009213693952", "-2305843009213693953", "123456789012345678901234567890"]
    {
        values.push((text.to_owned(), roots.add(int(text))));
    }
    let (mut labels, mut ours, mut python) = (Vec::new(), Vec::new(), Vec::new());
    for (l, v) in &values {
        let expr = format!("hash({l})");
        python.push(format!("print(show(lambda: {expr}))"));
        let h = concrete(|d| hash::hash(d, *v));
        ours.push(show(h.map(heap_int)));
        labels.push(expr);
    }
    check(&labels, &ours, &format!("{SHOW}\n{}", python.join("\n")));
}

/// A deterministic stream of 64-bit patterns (xorshift).
fn patterns(n: usize) -> Vec<u64> {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        })
        .collect()
}

#[test]
fn float_reprs_agree() {
    let mut bits = patterns(3000);
    // Decimal-looking values, powers of ten and the edges of positional notation.
    for k in 0..400 {
        bits.push((k as f64 / 7.0 * 10f64.powi(k % 40 - 20)).to_bits());
    }
    for e in -330..310 {
        bits.push(10f64.powi(e).to_bits());
        bits.push((1.5 * 10f64.powi(e)).to_bits());
    }
    bits.extend(
        [0.0f64, -0.0, 1e16, 1e15, 9999999999999998.0, 0.0001, 0.00001, f64::MIN_POSITIVE, 5e-324].map(f64::to_bits),
    );
    let ours: Vec<String> = bits.iter().map(|&b| float_repr(f64::from_bits(b))).collect();
    let labels: Vec<String> = bits.iter().map(|b| format!("bits {b:#x}")).collect();
    let list = bits.iter().map(u64::to_string).collect::<Vec<_>>().join(",");
    let script =
        format!("import struct\nfor b in [{list}]:\n    print(repr(struct.unpack('<d', struct.pack('<Q', b))[0]))");
    check(&labels, &ours, &script);
}

#[test]
fn int_and_float_conversions_agree() {
    let int_texts = [
        "0",
        "-0",
        "+17",
        "  42  ",
        "1_000_000",
        "1__0",
        "_1",
        "1_",
        "0x_ff",
        "0b101",
        "0o17",
        "010",
        "000",
        "0_0",
        "12a",
        "",
        " ",
        "-",
        "99999999999999999999999999999",
        "-18446744073709551616",
        "\t\n7\x0c",
        "1 2",
        "٣",
    ];
    let bases = [10, 0, 16, 2, 8, 36, 37, 1];
    let (mut labels, mut ours, mut python) = (Vec::new(), Vec::new(), Vec::new());
    for t in int_texts {
        for base in bases {
            let expr = format!("int({}, {base})", py_literal(t));
            python.push(format!("print(show(lambda: {expr}))"));
            ours.push(show(bigint::parse_int_str(unicode::new_str(t), base)));
            labels.push(expr);
        }
    }
    let float_texts = [
        "١٫٥",
        "١5",
        "\u{2003}2\u{3000}",
        "1.5",
        " -2.5e-3 ",
        "1_000.5",
        "1__0.5",
        "inf",
        "-Infinity",
        "nan",
        "1e",
        ".5",
        "5.",
        "+-1",
        "abc",
        "1e400",
        "0x10",
        "1_e5",
    ];
    for t in float_texts {
        let expr = format!("float({})", py_literal(t));
        python.push(format!("print(show(lambda: {expr}))"));
        let s = unicode::new_str(t);
        ours.push(show(float::parse(s).map(heap_float)));
        labels.push(expr);
    }
    // str() of big ints around the digit limit, and the limit on parsing.
    for digits in [19, 20, 100, 4300, 4301] {
        let expr = format!("str(10**{})", digits - 1);
        python.push(format!("print(show(lambda: {expr}))"));
        let shown = match bigint::to_decimal(&dashu_int::IBig::from(10u8).pow(digits - 1)) {
            Ok(s) => format!("{s:?}").replace('"', "'"),
            Err(e) => show(Err(e)),
        };
        ours.push(shown);
        labels.push(expr);
    }
    let expr = "int('1' * 5000)".to_owned();
    python.push(format!("print(show(lambda: {expr}))"));
    ours.push(show(bigint::parse_int_str(unicode::new_str(&"1".repeat(5000)), 10)));
    labels.push(expr);
    for f in [1e300, -2.5, 0.99, f64::INFINITY, f64::NAN, 9.007199254740993e15] {
        let expr = format!("int(float({:?}))", float_repr(f));
        python.push(format!("print(show(lambda: {expr}))"));
        ours.push(show(bigint::from_float(f)));
        labels.push(expr);
    }
    check(&labels, &ours, &format!("{SHOW}\n{}", python.join("\n")));
}

#[test]
fn reprs_agree() {
    let space = Space::get();
    let roots = RootSet::new();
    let mut values: Vec<(String, GcRef)> = operands(&roots).into_iter().map(|(l, v)| (l.to_owned(), v)).collect();
    let strings = ["it's", "say \"hi\"", "both ' and \"", "tab\there\n", "\u{7f}\u{80}\u{a0}é\u{ad}\u{2028}", "\\"];
    values.extend(strings.iter().map(|t| (py_literal(t), roots.add(unicode::new_str(t)))));
    values.push(("'\\ud83d\\ude00'".to_owned(), roots.add(unicode::from_chars([0xd83d, 0xde00]))));
    values.push(("b'\\x00\\'\\\\\\xff'".to_owned(), roots.add(new_bytes(b"\0'\\\xff"))));
    let nested = new_list(&[heap_int(1)]);
    crate::list::append(nested, nested);
    values.push(("(lambda l: (l.append(l), l)[1])([1])".to_owned(), roots.add(nested)));
    let d = crate::dict::new();
    crate::dict::set(d, unicode::new_str("k"), W_Tuple::from_slice(&[space.none])).unwrap();
    crate::dict::set(d, heap_int(2), space.ellipsis).unwrap();
    values.push(("{'k': (None,), 2: ...}".to_owned(), roots.add(d)));
    values.push(("NotImplemented".to_owned(), roots.add(space.not_implemented)));
    values.push(("int".to_owned(), roots.add(space.int_type)));
    values.push((
        "ZeroDivisionError".to_owned(),
        roots.add(space.exception_type(crate::exceptions::ExcKind::ZeroDivisionError)),
    ));
    values.push((
        "KeyError('k', 2)".to_owned(),
        roots
            .add(space.new_exception_args(crate::exceptions::ExcKind::KeyError, &[unicode::new_str("k"), heap_int(2)])),
    ));
    let (mut labels, mut ours, mut python) = (Vec::new(), Vec::new(), Vec::new());
    for (l, v) in &values {
        python.push(format!("print(show(lambda: {l}))"));
        ours.push(show(Ok(*v)));
        labels.push(l.clone());
    }
    check(&labels, &ours, &format!("{SHOW}\n{}", python.join("\n")));
}

#[test]
fn exception_hierarchy_agrees() {
    let space = Space::get();
    let ours: Vec<String> = crate::exceptions::ExcKind::ALL
        .iter()
        .map(|&k| {
            let mro = crate::typeobject::mro(space.exception_type(k));
            let names: Vec<String> = mro.iter().map(|&t| crate::typeobject::name(t)).collect();
            names.join(" ")
        })
        .collect();
    let names: Vec<&str> = crate::exceptions::ExcKind::ALL.iter().map(|k| k.name()).collect();
    let labels: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    let script =
        format!("for n in {names:?}:\n    print(' '.join(c.__name__ for c in getattr(__builtins__, n).__mro__))");
    check(&labels, &ours, &script);
    // And no builtin exception type is missing.
    let script = "import builtins\nprint(sorted(n for n, v in vars(builtins).items() if isinstance(v, type) and issubclass(v, BaseException) and v.__name__ == n))";
    if let Some(all) = cpython(script) {
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(all[0], format!("{sorted:?}").replace('"', "'"));
    }
}

/// A key of the set tests: its Python literal and the object.
fn set_key(n: u64) -> (String, GcRef) {
    match n % 5 {
        0 | 1 => {
            let v = (n / 5) as i64 % 300 - 60;
            (v.to_string(), heap_int(v))
        }
        2 => {
            let text = format!("k{}", n / 5 % 97);
            (py_literal(&text), unicode::new_str(&text))
        }
        3 => {
            let v = (n / 5 % 50) as i64;
            (format!("({v}, 'x')"), W_Tuple::from_slice(&[heap_int(v), unicode::new_str("x")]))
        }
        _ => {
            let v = (n / 5 % 40) as f64 + 0.5;
            (float_repr(v), heap_float(v))
        }
    }
}

#[test]
fn sets_iterate_in_cpython_order() {
    let (mut labels, mut ours, mut python) = (Vec::new(), Vec::new(), Vec::new());
    for (round, chunk) in patterns(2400).chunks(300).enumerate() {
        let s = crate::set::new_set();
        python.push("s = set()".to_owned());
        for (k, &p) in chunk.iter().enumerate() {
            let (literal, key) = set_key(p >> 8);
            if p % 4 == 0 {
                python.push(format!("s.discard({literal})"));
                crate::set::discard(s, key).expect("a hashable key");
            } else {
                python.push(format!("s.add({literal})"));
                crate::set::add(s, key).expect("a hashable key");
            }
            if k % 25 == 24 {
                python.push("print(repr(s))".to_owned());
                ours.push(repr::repr(s).expect("a repr"));
                labels.push(format!("round {round}, step {k}"));
            }
        }
        // Merging into an empty set, and into a non-empty one; a frozenset of the items and its hash.
        python.push("t = set(); t.update(s); print(repr(t)); t.update({1, 2, 'k1'}); print(repr(t))".to_owned());
        let t = crate::set::new_set();
        crate::set::update_from_set(t, s).expect("merge");
        ours.push(repr::repr(t).expect("a repr"));
        let small = crate::set::new_set();
        crate::set::update(small, &[heap_int(1), heap_int(2), unicode::new_str("k1")]).expect("update");
        crate::set::update_from_set(t, small).expect("merge");
        ours.push(repr::repr(t).expect("a repr"));
        python.push("f = frozenset(list(s)); print(repr(f)); print(hash(f)); print(f == s, f <= t, f < s)".to_owned());
        let f = crate::set::new_frozenset(&crate::set::items(s)).expect("a frozenset");
        ours.push(repr::repr(f).expect("a repr"));
        ours.push(hash::hash_object(f).expect("a hash").to_string());
        let cmp = |op, a, b| if crate::compare::richcompare(op, a, b).expect("comparable") { "True" } else { "False" };
        ours.push(format!("{} {} {}", cmp(CmpOp::Eq, f, s), cmp(CmpOp::Le, f, t), cmp(CmpOp::Lt, f, s)));
        labels.extend(
            ["merged", "merged twice", "frozenset", "frozenset hash", "comparisons"]
                .map(|l| format!("round {round}, {l}")),
        );
        // Set algebra between the sets of this round and a small one of the same keys.
        let keys: Vec<GcRef> = crate::set::items(s).into_iter().step_by(3).take(12).collect();
        let literals: Vec<String> = keys.iter().map(|&k| repr::repr(k).expect("a repr")).collect();
        python.push(format!("u = set([{}])", literals.join(", ")));
        let u = set_of(&keys);
        for (name, op) in [("|", BinOp::Or), ("&", BinOp::And), ("-", BinOp::Sub), ("^", BinOp::Xor)] {
            for (left, right, l, r) in
                [("s", "u", s, u), ("u", "s", u, s), ("f", "u", f, u), ("u", "f", u, f), ("s", "s", s, s)]
            {
                python.push(format!("print(repr({left} {name} {right}))"));
                ours.push(show(crate::set::binop(op, l, r)));
                labels.push(format!("round {round}: {left} {name} {right}"));
            }
        }
    }
    check(&labels, &ours, &python.join("\n"));
}

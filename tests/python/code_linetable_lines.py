# co_linetable / co_lines / co_positions in CPython 3.11's encoding, positions of artificial
# instructions (implicit returns, generator prefixes), code equality, late-folded default tuples,
# long int literals and `single` mode statements.
import sys


def lines(code):
    out = []
    for _, _, line in code.co_lines():
        if not out or out[-1] != line:
            out.append(line)
    return [None if l is None else l - code.co_firstlineno for l in out]


def positions(code):
    out = []
    for p in code.co_positions():
        p = tuple(None if v is None else v for v in p)
        if not out or out[-1] != p:
            out.append(p)
    return out


def simple(x):
    y = x + 1
    return y


def implicit_return(x):
    if x:
        x = 2


def loop_break(n):
    for i in range(n):
        if i == 3:
            break


def try_body(f):
    try:
        f()
    except ValueError:
        pass


def gen():
    yield 1


async def agen(aseq):
    async for i in aseq:
        body


for f in (simple, implicit_return, loop_break, try_body, gen, agen):
    print(f.__name__, lines(f.__code__))
    if f is not loop_break:
        print("  positions", positions(f.__code__)[:4], positions(f.__code__)[-2:])
    print("  table is bytes", type(f.__code__.co_linetable).__name__, len(f.__code__.co_linetable) > 0)

module = compile("\n\nx = 1\n", "m", "exec")
print("module", list(module.co_lines())[0], list(module.co_positions())[0], module.co_linetable[:5])

# A replaced table describes the positions.
code = simple.__code__
replaced = code.replace(co_linetable=implicit_return.__code__.co_linetable)
print("replaced", replaced.co_linetable == implicit_return.__code__.co_linetable)
empty = code.replace(co_linetable=b"")
print("empty table", list(empty.co_lines()), list(empty.co_positions())[:2])
none_entry = code.replace(co_linetable=b"\xf8")
print("no-position entry", list(none_entry.co_lines()), list(none_entry.co_positions()))
try:
    code.replace(co_linetable="x")
except TypeError as e:
    print("TypeError", e)

# Code objects compare by value, not by file name.
a = compile("def f(a=1, b=(2, 3)):\n    return a\n", "one", "exec")
b = compile("def f(a=1, b=(2, 3)):\n    return a\n", "two", "exec")
c = compile("def f(a=1, b=(2, 3)):\n    return 1.0\n", "one", "exec")
print("equal", a == b, hash(a) == hash(b), a != b, a == c, a.co_consts[0] == b.co_consts[0])
print("floats by bits", compile("x = 0.0", "a", "exec") == compile("x = -0.0", "a", "exec"))


def outer(a=1, b=2):
    def f(c=3, d=4):
        return c
    print(a, b, "", 1, [], {}, "Hello")
    return f


print("consts", outer.__code__.co_consts[:2], outer.__code__.co_consts[-1])

# Int literals longer than the digit limit are a SyntaxError at compile time.
source = "a = 1\nb = 2\nc = " + "3" * 700 + "\n"
sys.set_int_max_str_digits(700)
ns = {}
exec(compile(source, "<ok>", "exec"), ns)
print("at the limit", len(str(ns["c"])))
sys.set_int_max_str_digits(699)
try:
    compile(source, "<long>", "exec")
except SyntaxError as e:
    print("SyntaxError", e.lineno, "Exceeds the limit " in e.msg, " Consider hexadecimal " in e.msg)
sys.set_int_max_str_digits(0)
print("no limit", len(str(eval("3" * 5000))))
print("hex is fine", eval("0x" + "f" * 800) > 0)
sys.set_int_max_str_digits(4300)

# `single` mode: simple statements on one line are one statement.
exec(compile("1; 2", "<single>", "single"))
exec(compile("x = 5; x", "<single>", "single"))
for src in ["1\n2", "a = 13\nb = 187", "f()\n# blah\nblah()"]:
    try:
        compile(src, "<single>", "single")
        print(repr(src), "compiled")
    except SyntaxError as e:
        print(repr(src), "SyntaxError", e.msg)

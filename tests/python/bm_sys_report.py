# What sys.excepthook writes for syntax errors (file and line, source text, carets, msg) and
# under sys.tracebacklimit; sys.setswitchinterval/getswitchinterval; sys.stdlib_module_names.
import sys


class Sub(SyntaxError):
    pass


cases = [
    ("msg", ("fname.py", 3, 2, "  x = 1 +\n")),
    ("msg", (b"bytes_filename", 123, 0, "text")),
    ("msg", ("f", 2, 5, "abc def ghi", 2, 8)),
    ("multi", ("f", 2, 3, "first line\nsecond\n", 4, 2)),
    ("far", ("f", 7, 40, "short", 7, 60)),
    ("left", ("f", 7, -3, "   indented", 7, 2)),
    ("none", (None, 1, None, None)),
    ("m2",),
    ("m3", (None, None, None, None)),
    ("", ("empty.py", 1, 1, "x")),
]
for args in cases:
    for cls in (SyntaxError, Sub, IndentationError):
        try:
            raise cls(*args)
        except SyntaxError:
            sys.__excepthook__(*sys.exc_info())

e = SyntaxError("changed", ("a.py", 1, 1, "abc"))
e.msg = 42
e.lineno = "x"
sys.__excepthook__(type(e), e, None)
e.lineno = 5
sys.__excepthook__(type(e), e, None)


def f1():
    1 / 0


def f2():
    f1()


for limit in (10, 3, 2, 1, 0, -1, 1 << 100, -(1 << 100), None, "x", True):
    sys.tracebacklimit = limit
    try:
        f2()
    except ZeroDivisionError:
        sys.__excepthook__(*sys.exc_info())
    try:
        try:
            f2()
        except ZeroDivisionError as e:
            raise KeyError("k") from e
    except KeyError:
        sys.__excepthook__(*sys.exc_info())
del sys.tracebacklimit
print("limit done")

for value in (0.00001, 0.05, 3.0, 1):
    sys.setswitchinterval(value)
    print(round(sys.getswitchinterval(), 6))
for bad in ((), ("a",), (-1.0,), (0.0,), (0,), (1, 2)):
    try:
        sys.setswitchinterval(*bad)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
sys.setswitchinterval(0.005)
try:
    sys.getswitchinterval(1)
except TypeError as e:
    print(type(e).__name__, e)

names = sys.stdlib_module_names
print(type(names).__name__, all(isinstance(n, str) for n in names))
print(sorted(n for n in names if n in ("os", "sys", "asyncio", "json", "re", "collections", "_socket")))

# The standard streams' error handlers: stderr always escapes lone surrogates.
print(sys.stderr.errors, sys.stdout.encoding, sys.stderr.encoding)
sys.stderr.write("lone \udcff surrogate\n")
sys.stderr.flush()

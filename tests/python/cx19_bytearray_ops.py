# bytearray's sequence dunders (__add__, __iadd__, __mul__, __rmul__, __imul__) and repetition
# by objects with __index__.


class N:
    def __init__(self, n):
        self.n = n

    def __index__(self):
        return self.n


class Bad:
    def __index__(self):
        return "x"


b = bytearray(b"ab")
cases = [
    lambda: b * N(2),
    lambda: N(3) * b,
    lambda: b.__mul__(N(2)),
    lambda: b.__rmul__(N(2)),
    lambda: b.__mul__(2),
    lambda: b.__mul__(-1),
    lambda: b.__mul__("x"),
    lambda: b.__mul__(2**70),
    lambda: b.__mul__(Bad()),
    lambda: b * object(),
    lambda: object() * b,
    lambda: b.__add__(b"cd"),
    lambda: b.__add__(memoryview(b"cd")),
    lambda: b.__add__(5),
    lambda: b.__add__("s"),
    lambda: bytearray(b"xy").__iadd__(b"z"),
    lambda: bytearray(b"xy").__imul__(N(2)),
    lambda: bytearray(b"xy").__imul__(0),
    lambda: bytearray(b"xy").__imul__(1.5),
]
for case in cases:
    try:
        print(repr(case()))
    except Exception as e:
        print(type(e).__name__, e)

c = bytearray(b"q")
d = c
c *= N(3)
print(c, d is c)
c += b"r"
print(c, d is c)
r = c.__iadd__(bytearray(b"s"))
print(r is c, c)
r = c.__imul__(2)
print(r is c, c)
print(b, b"-" * N(2), N(2) * [1], (0,) * N(2), "ab" * N(2))
print(sorted(n for n in dir(bytearray) if n in ("__add__", "__iadd__", "__mul__", "__rmul__", "__imul__")))


class BA(bytearray):
    pass


x = BA(b"k")
print(repr(x * N(2)), repr(N(2) * x), repr(x.__mul__(3)), type(x + b"z").__name__)

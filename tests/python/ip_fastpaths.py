# The interpreter's fast paths with the JIT off and on: binary operators and comparisons on every
# builtin kind the object protocol handles directly (and the slow path next to them), truth
# values, zero-argument calls (`super()` and classes), and the binding of positional arguments
# with a bound `self`, defaults, and too few or too many arguments.

values = [3, -7, 2.5, True, False, "ab", None, (1, 2), 2**70, b"xy", {1, 2}, frozenset({2, 3}), [4], {"k": 1}]


def show(label, f):
    try:
        r = f()
        print(label, type(r).__name__, repr(r))
    except Exception as e:
        print(label, type(e).__name__, e)


for a in values:
    for b in values:
        show(f"{a!r} + {b!r}", lambda: a + b)
        show(f"{a!r} - {b!r}", lambda: a - b)
        show(f"{a!r} * {b!r}", lambda: a * b)
        show(f"{a!r} & {b!r}", lambda: a & b)
        show(f"{a!r} < {b!r}", lambda: a < b)
        show(f"{a!r} == {b!r}", lambda: a == b)
    print(repr(a), "truth", bool(a), "not", not a)

total = 0
f = 0.0
for i in range(3000):
    total += i * 3 - (i >> 2)
    f = f * 0.5 + i / 7
    if i % 1000 == 0 and total:
        print("loop", i, total, f)
print("loop end", total, f)


class Base:
    def __init__(self, x=10, y=20):
        self.x = x
        self.y = y

    def get(self):
        return self.x + self.y

    def three(self, a, b=2, c=3):
        return (self.x, a, b, c)


class Child(Base):
    def __init__(self):
        super().__init__()
        self.z = 1

    def get(self):
        return super().get() * 2


c = Child()
print("child", c.get(), c.x, c.y, c.z)
print("base", Base().get(), Base(1).get(), Base(1, 2).get())
for k in range(300):
    r = c.three(k)
    if k % 100 == 0:
        print("three", r, c.three(k, 5), c.three(k, 5, 6))
show("three none", lambda: c.three())
show("three many", lambda: c.three(1, 2, 3, 4))
show("base many", lambda: Base(1, 2, 3))
show("unbound self", lambda: Base.get())
show("plain call", lambda: Base.three(c, 9))


def noargs():
    return "noargs"


def defaults(a, b=1, *, c=2):
    return (a, b, c)


print(noargs(), defaults(0), defaults(0, 5), defaults(0, c=7))
show("defaults none", lambda: defaults())
show("noargs extra", lambda: noargs(1))
five = 5
show("call int", lambda: five())
show("call type no args", lambda: (type(None)(), int(), str(), tuple(), list()))

# The interpreter's shortcuts (exact int/float arithmetic and comparisons, True/False tests,
# per-instruction attribute caches, unwinding from the middle of an instruction) must give
# exactly what the generic paths give.
import sys


def arith():
    big = sys.maxsize
    cases = [(3, 4), (-7, 2), (big, 1), (-big - 1, -1), (big, big), (2**62, 4), (0, -0),
             (1.5, 2.25), (-0.0, 0.0), (1e308, 1e308), (float("inf"), -1.0), (True, 3), (3, True),
             (False, False), (2**70, 3), (3, 2**70), (1, 2.5), (2.5, 1)]
    for a, b in cases:
        r = [a + b, a - b, a * b]
        print(repr(a), repr(b), [(type(x).__name__, x) for x in r])
        x = a
        x += b
        y = a
        y -= b
        z = a
        z *= b
        print(" inplace", repr(x), repr(y), repr(z))
    nan = float("nan")
    print(nan + 1.0 != nan + 1.0, (nan * 0.0) == (nan * 0.0))


def compare():
    values = [0, 1, -1, 2**63 - 1, -2**63, 2**64, 0.0, -0.0, 1.0, float("nan"), float("inf"), True, False]
    for a in values:
        row = []
        for b in values:
            row.append("".join(str(int(f(a, b))) for f in (
                lambda p, q: p < q, lambda p, q: p <= q, lambda p, q: p == q,
                lambda p, q: p != q, lambda p, q: p > q, lambda p, q: p >= q)))
        print(repr(a), " ".join(row))


class Truthy:
    def __init__(self, v):
        self.v = v

    def __bool__(self):
        print("  __bool__", self.v)
        return self.v


def truth():
    for v in [True, False, 0, 1, 0.0, "", "x", [], [0], None, Truthy(True), Truthy(False)]:
        if v:
            print(repr(v) if not isinstance(v, Truthy) else "Truthy", "true")
        else:
            print(repr(v) if not isinstance(v, Truthy) else "Truthy", "false")
        print(" not:", not v, "and/or:", repr(v and 1) if not isinstance(v, Truthy) else "-")
    n = 0
    flag = True
    while flag:
        n += 1
        flag = n < 5
    print("loops", n)

    class BadBool:
        def __bool__(self):
            return 2

    try:
        if BadBool():
            pass
    except TypeError as e:
        print(type(e).__name__, e)


class A:
    kind = "A"

    def __init__(self, x):
        self.x = x

    def get(self):
        return self.x


class B(A):
    def get(self):
        return -self.x


class C(A):
    kind = "C"


class D(B):
    pass


class E(A):
    def __init__(self, x):
        self.y = 0
        self.x = x


class F(A):
    pass


def attrs():
    objs = [A(1), B(2), C(3), D(4), E(5), F(6), A(7), E(8)]
    total = 0
    for rnd in range(3):
        for o in objs:
            total += o.x + o.get()
            o.x = o.x + 1
            print(type(o).__name__, o.x, o.get(), o.kind)
        if rnd == 1:
            # Change classes under the caches: a method replaced, an attribute added on the class.
            A.get = lambda self: self.x * 100
            C.x_default = 0
            objs[0].extra = "new"
            del objs[6].x
            objs[6].x = 70
    print("total", total)
    o = A(1)
    o.__class__ = B
    print(o.get())
    try:
        A(1).missing
    except AttributeError as e:
        print(type(e).__name__, e)
    s = A(2)
    for i in range(4):
        setattr(s, "a%d" % i, i)
        s.x = i
    print(sorted(vars(s).items()))


def unwind():
    def boom(v):
        raise ValueError(v)

    results = []
    for i in range(6):
        try:
            results.append([1, 2, (3, boom(i) if i % 2 else i, 4)])
        except ValueError as e:
            results.append(("caught", e.args))
    print(results)
    try:
        x = [1, 2, 3]
        y = x[0] + x[1] * {"k": 2}["missing"]
    except KeyError as e:
        print("KeyError", e, [v for v in x])
    for i in range(3):
        try:
            try:
                print(1 + (2 * (3 - (i // (i - 1)))))
            finally:
                print("finally", i)
        except ZeroDivisionError as e:
            print(type(e).__name__, e)
    def gen():
        for k in range(3):
            try:
                yield k / (k - 1)
            except ZeroDivisionError:
                yield "zero"
    print(list(gen()))


def nested_code():
    def outer(n):
        def inner(m):
            return n * m
        return inner
    print([outer(i)(i + 1) for i in range(5)])
    print(outer.__code__.co_name, outer(1).__code__.co_name, outer(1).__code__.co_freevars)
    f = lambda: 1
    print(f.__code__.co_argcount, (lambda a, b=2: a).__code__.co_varnames)


arith()
compare()
truth()
attrs()
unwind()
nested_code()

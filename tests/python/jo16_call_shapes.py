# Python-to-Python calls of every argument shape, in hot loops (so that the JIT modes trace
# them): defaults, keywords, *args, **kwargs, keyword-only parameters, closures, bound
# methods, recursion, and the errors of bad calls and of the recursion limit.
import sys


def defaults(a, b=2, c=3):
    return a * 100 + b * 10 + c


def kwonly(a, *, k=5, m):
    return a + k * m


def star(a, *rest):
    return a + len(rest) * 1000 + sum(rest)


def starstar(a, **kw):
    return a + sum(kw.values()) + len(kw) * 1000


def everything(a, b=1, *args, c, d=4, **kw):
    return (a, b, args, c, d, sorted(kw.items()))


def make_counter(step):
    count = 0

    def bump(times=1):
        nonlocal count
        count += step * times
        return count

    return bump


class P:
    def __init__(self, x, y=0):
        self.x = x
        self.y = y

    def dist(self, other, scale=1):
        return (abs(self.x - other.x) + abs(self.y - other.y)) * scale


def loop(n):
    total = 0
    bump = make_counter(3)
    p, q = P(1, 2), P(4)
    for i in range(n):
        total += defaults(i)
        total += defaults(i, 7)
        total += defaults(i, c=9)
        total += defaults(c=1, b=2, a=i)
        total += kwonly(i, m=2)
        total += kwonly(i, k=1, m=3)
        total += star(i)
        total += star(i, 1, 2, 3)
        args = (i, 4)
        total += star(*args)
        total += starstar(i)
        total += starstar(i, x=1, y=2)
        kw = {"z": i}
        total += starstar(1, **kw)
        total += bump()
        total += bump(times=2)
        total += p.dist(q)
        total += p.dist(q, scale=i % 3)
        total += P.dist(q, p, 2)
    return total, bump()


print(loop(2500))
print(everything(1, c=3))
print(everything(1, 2, 3, 4, c=5, d=6, e=7, f=8))


def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fact(30), fib(20))


def bad_calls():
    cases = [
        lambda: defaults(),
        lambda: defaults(1, 2, 3, 4),
        lambda: defaults(1, a=2),
        lambda: defaults(1, zz=2),
        lambda: kwonly(1),
        lambda: kwonly(1, 2, m=3),
        lambda: star(),
        lambda: starstar(1, 2),
        lambda: everything(1),
        lambda: P(),
        lambda: P(1).dist(),
    ]
    for i in range(300):
        for case in cases:
            try:
                case()
            except TypeError as e:
                if i == 0:
                    print("TypeError", e)


bad_calls()


def recurse(n):
    return recurse(n + 1)


old = sys.getrecursionlimit()
for limit in (200, 1000):
    sys.setrecursionlimit(limit)
    for _ in range(3):
        try:
            recurse(0)
        except RecursionError as e:
            print("RecursionError", e)
sys.setrecursionlimit(old)


def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)


print(depth(500), sum(depth(i) for i in range(200)))

# Generators consumed by builtins (list, tuple, set, dict, sum, min, max, sorted, any, all,
# str.join) and by for loops, raising at item k (inside the inline items, at their end, in the
# loop function, past a list's growth by half), returning values, and closed, thrown into
# and resumed after partial consumption.
import sys


def gen(n, fail_at=None, exc=ValueError, text=False):
    try:
        for i in range(n):
            if i == fail_at:
                raise exc("boom at %d" % i)
            yield str(i) if text else i
    finally:
        log.append(("finally", n, fail_at))


log = []
consumers = [
    ("list", list, False),
    ("tuple", tuple, False),
    ("set", set, False),
    ("sum", sum, False),
    ("min", min, False),
    ("max", max, False),
    ("sorted", sorted, False),
    ("any", lambda g: any(x < 0 for x in g), False),
    ("all", lambda g: all(x >= 0 for x in g), False),
    ("join", ",".join, True),
    ("dict", lambda g: dict((x, i) for i, x in enumerate(g)), False),
]

for name, consume, text in consumers:
    for n in [1, 5, 16, 17, 40, 300]:
        for fail_at in [0, n // 2, n - 1, None]:
            log.clear()
            g = gen(n, fail_at, text=text)
            try:
                r = consume(g)
                if isinstance(r, (list, tuple, set, dict)):
                    r = (len(r), sorted(r)[:3] if not isinstance(r, dict) else list(r.items())[-2:])
                elif isinstance(r, str):
                    r = (len(r), r[-8:])
                print(name, n, fail_at, "->", r, log)
            except ValueError as e:
                tb = e.__traceback__
                depth = 0
                while tb is not None:
                    depth += 1
                    tb = tb.tb_next
                print(name, n, fail_at, "ValueError", e, log, depth)
            print("  after:", next(g, "exhausted"), g.gi_frame is None)

# A StopIteration raised in the body becomes RuntimeError (PEP 479), at any item.
for n in [3, 20, 300]:
    for name, consume, text in consumers:
        try:
            consume(gen(n, n - 2, StopIteration, text))
            print(name, n, "no error")
        except RuntimeError as e:
            print(name, n, "RuntimeError", e, type(e.__cause__).__name__, e.__cause__)


# Return values: StopIteration.value seen by yield from and by next().
def returning(n):
    total = 0
    for i in range(n):
        total += yield i
    return ("total", total)


def delegate(n):
    result = yield from returning(n)
    yield result


for n in [0, 1, 20, 300]:
    g = returning(n)
    try:
        next(g)
        for i in range(n - 1):
            g.send(i)
        g.send(100)
    except StopIteration as e:
        print("returned", n, e.value)
    print(n, list(delegate(n))[-1] if n == 0 else None)
    d = delegate(n)
    items = [next(d)]
    try:
        while True:
            items.append(d.send(2))
    except StopIteration as e:
        print(n, items[-2:], e.value)

# Partial consumption, then close, throw and further consumption.
for n in [10, 30, 400]:
    g = gen(n)
    first = list(x for _, x in zip(range(n // 2), g))
    rest = sum(g)
    print(n, len(first), first[-2:], rest, next(g, "done"))
    g = gen(n)
    s = 0
    for x in g:
        s += x
        if x == n // 3:
            break
    print(n, s, g.gi_frame.f_lineno if g.gi_frame else None, tuple(g)[-2:])
    g = gen(n)
    print(n, max(zip(range(17), g)))
    log.clear()
    g.close()
    print(n, "closed", log, next(g, "after close"))
    g = gen(n)
    it = iter(g)
    print(n, sorted(set(x % 5 for x in zip(range(20), it)))[:3] if False else next(it))
    try:
        g.throw(KeyError("thrown"))
    except KeyError as e:
        print(n, "KeyError", e, log[-1])
    print(n, list(g))


# A generator whose consumer raises mid-way (an unhashable item for set, an unorderable one
# for min, a bad pair for dict) is left suspended where it was.
def mixed(n, bad_at, bad):
    for i in range(n):
        yield bad if i == bad_at else i


for n, bad_at in [(5, 2), (20, 17), (300, 260)]:
    for name, consume, bad in [("set", set, []), ("min", min, "s"), ("sum", sum, "s"),
                               ("dict", dict, 7), ("sorted", sorted, None), ("join", "".join, 1)]:
        g = mixed(n, bad_at, bad)
        if name == "dict":
            g = ((x, x) if x != 7 else x for x in mixed(n, bad_at, bad))
        if name == "join":
            g = (str(x) if x != 1 or i != bad_at else 1 for i, x in enumerate(mixed(n, bad_at, bad)))
        try:
            consume(g)
            print(name, n, "no error")
        except (TypeError, ValueError) as e:
            print(name, n, type(e).__name__, e)
        print("  next:", next(g, "exhausted"))
print(sys.getrecursionlimit() > 0)

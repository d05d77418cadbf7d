# Builtins consuming a generator past its first 16 items (the part run by the consumer's own
# loop): results, errors raised in the generator or by the step mid-way (with their tracebacks),
# StopIteration inside the generator, any/all stopping early, many generator codes per consumer,
# dict(gen) of pairs (its errors name the element's index), in hot loops too.
import traceback


def g(n):
    for i in range(n):
        yield i


def tb_names(e):
    return [f.name for f in traceback.extract_tb(e.__traceback__)]


def fails_at(n, exc):
    for i in range(n):
        yield i
    raise exc


def check(label, thunk):
    try:
        print(label, thunk())
    except Exception as e:
        print(label, type(e).__name__, e, tb_names(e))


for n in (15, 16, 17, 40, 300):
    print(n, list(g(n))[-3:], len(tuple(g(n))), len(set(x % 50 for x in g(n))), sum(x * x for x in g(n)),
          any(x == n - 1 for x in g(n)), all(x < n - 1 for x in g(n)), min(x % 37 - x for x in g(n)),
          max((x * 7) % 41 for x in g(n)), sorted(x % 13 for x in g(n))[-4:], len(",".join(str(x) for x in g(n))),
          b"".join(bytes([65 + x % 26]) for x in g(n))[-5:])

for consumer in (list, tuple, set, sum, any, all, min, max, sorted):
    check(consumer.__name__, lambda: consumer(x + 1 for x in fails_at(30, KeyError("mid"))))
check("join", lambda: "".join(str(x) for x in fails_at(30, ValueError("join"))))
check("stop", lambda: sum(x for x in fails_at(25, StopIteration(7))))
check("stop-list", lambda: list(fails_at(40, StopIteration)))
check("sum-type", lambda: sum(x if x != 20 else "s" for x in g(40)))
check("min-type", lambda: min(x if x != 33 else "s" for x in g(40)))
check("max-type", lambda: max(x if x != 17 else None for x in g(40)))
check("set-hash", lambda: set(x if x != 21 else [x] for x in g(40)))
check("join-type", lambda: "-".join(str(x) if x != 30 else x for x in g(40)))
check("any-bool", lambda: any(x if x != 25 else Bad() for x in g(40)))


class Bad:
    def __bool__(self):
        raise ArithmeticError("no truth")


check("any-bool", lambda: any(0 if x != 25 else Bad() for x in g(40)))
check("all-bool", lambda: all(1 if x != 25 else Bad() for x in g(40)))


def deep():
    def inner(x):
        if x == 35:
            raise IndexError("deep")
        return x
    return sum(inner(x) for x in range(50))


check("deep", deep)
try:
    deep()
except IndexError:
    lines = traceback.format_exc().splitlines()
    print(len(lines), [l.strip().split(", ", 1)[-1] for l in lines if l.strip().startswith(("File", "IndexError"))])


def noisy(n, log):
    try:
        for i in range(n):
            log.append(i)
            yield i
    finally:
        log.append("closed")


log = []
gen = noisy(100, log)
print(any(x > 30 for x in gen), log[-2:])
print(next(gen), log[-2:])
gen.close()
print(log[-2:])
log = []
gen = noisy(100, log)
print(all(x < 40 for x in gen), log[-2:], list(gen)[:3], log[-1])
log = []
print(sum(noisy(50, log)), log[-2:])

# A generator read by two consumers in turn, and one consumed while suspended elsewhere.
gen = g(100)
print(sum(x for x, _ in zip(gen, range(20))), sum(gen))
gen = g(60)
print(next(gen), list(gen)[:3], list(gen))

# Many generator codes per consumer in a hot loop, and generator functions.
total = 0
for k in range(600):
    n = 17 + k % 50
    total += sum(x for x in range(n)) + sum(x * 2 for x in range(n)) + sum(g(n))
    total += max(x - k for x in range(n)) + min(-x for x in g(n)) + len(list(x for x in g(n) if x & 1))
    total += any(x > n for x in range(n)) + all(x >= 0 for x in g(n)) + len(set(x // 3 for x in range(n)))
    total += len("".join(chr(65 + x % 26) for x in range(n))) + sorted(-x for x in g(n))[0]
print(total)

# dict(gen): pairs added as they come, CPython's errors for other elements.
for n in (3, 16, 17, 40):
    print(n, dict((x, x * x) for x in g(n)) == {x: x * x for x in range(n)}, len(dict([x, -x] for x in g(n))),
          list(dict(((x % 7, x) for x in g(n))).items())[:4], dict(("ab" for x in g(n))))
for bad, at in ((5, 30), ((1, 2, 3), 30), ([1], 3), ("abc", 20), (7, 0)):
    try:
        dict((x, x) if x != at else bad for x in g(40))
    except Exception as e:
        print(type(e).__name__, e, [f.name for f in traceback.extract_tb(e.__traceback__)])
def raising():
    for i in range(30):
        yield (i, i)
    raise KeyError("late")
try:
    dict(raising())
except KeyError as e:
    print(repr(e), [f.name for f in traceback.extract_tb(e.__traceback__)])
class H:
    def __init__(self, v): self.v = v
    def __hash__(self): return hash(self.v)
    def __eq__(self, o): print("eq", self.v, o.v); return self.v == o.v
print(len(dict((H(x % 20), x) for x in g(25))))
t = 0
for k in range(500):
    t += len(dict((x, k) for x in range(k % 50))) + sum(dict((x % 9, x) for x in g(40)).values())
print(t)

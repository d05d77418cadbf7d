# Short generators (fewer items than the consumers' unrolled prefix, and around it) consumed by
# builtins: results, types, errors raised inside the generator, generator state seen from inside,
# generators left suspended by any/all, and the same calls made often enough to be compiled.
import sys


def gen(n):
    for i in range(n):
        yield i


def results(n):
    t = tuple(gen(n))
    return (type(t).__name__, len(t), t[:3], t[-2:], list(gen(n)) == list(t), sum(gen(n)),
            len(set(i % 5 for i in gen(n))), any(i > 10 for i in gen(n)), all(i < 12 for i in gen(n)))


for n in (0, 1, 2, 7, 8, 15, 16, 17, 33):
    print(n, results(n))


def boom(n, exc):
    for i in range(n):
        yield i * 3
    raise exc


for consumer in (tuple, list, set, sum, any, min, max, sorted):
    for n in (0, 3, 16, 20):
        try:
            consumer(boom(n, ValueError("boom %d" % n)))
        except ValueError as e:
            print(consumer.__name__, n, "ValueError", e)


def tb_names(exc):
    names = []
    tb = exc.__traceback__
    while tb is not None:
        names.append(tb.tb_frame.f_code.co_name)
        tb = tb.tb_next
    return names


def raises_inside():
    return tuple(1 // (3 - i) for i in range(5))


try:
    raises_inside()
except ZeroDivisionError as e:
    print("ZeroDivisionError", e, tb_names(e))


# The generator's own view while a builtin consumes it.
def watched(log):
    me = yield_from_here[0]
    for i in range(4):
        log.append((me.gi_running, sys._getframe().f_back.f_code.co_name))
        yield i


def consume_watched():
    log = []
    g = watched(log)
    yield_from_here[0] = g
    t = tuple(g)
    return t, log, g.gi_running, g.gi_frame


yield_from_here = [None]
print(consume_watched())


# any/all stop at the deciding item and leave the generator suspended after it.
g = gen(10)
print(any(x == 3 for x in [0, 3, 5]), any(i == 4 for i in g), next(g), list(g))
g = (i for i in range(10))
print(all(i < 2 for i in g), next(g), tuple(g))


# Items that are not ints or strs, mutation of the source while it is consumed, nested genexps.
class Key:
    def __init__(self, k):
        self.k = k

    def __hash__(self):
        return hash(self.k % 3)

    def __eq__(self, other):
        return isinstance(other, Key) and self.k % 3 == other.k % 3


print(len(set(Key(i) for i in range(7))), sorted(k.k % 3 for k in set(Key(i) for i in range(7))))
src = [1, 2, 3]
print(tuple(src.append(x) or x for x in src if len(src) < 8), src)
print(tuple(tuple(j for j in range(i)) for i in range(4)))
print(sum(len(tuple(str(i) for i in range(k))) for k in range(20)))
print(set(s + "!" for s in ("a", "b", "a")) == {"a!", "b!"}, tuple("xy"[i % 2] for i in range(5)))


# The same consumers in loops: compiled traces, exits and bridges.
def hot(rounds):
    total = 0
    rows = []
    cols = range(8)
    vec = (3, 1, 4, 1, 5, 9, 2, 6)
    for r in range(rounds):
        total += len(set(vec[i] + i for i in cols)) + sum(vec[i] * r for i in cols)
        t = tuple(vec[i] for i in cols if (i + r) % 3)
        total += len(t) + any(x > 8 for x in t) + all(x > 0 for x in t)
        if r % 97 == 0:
            rows.append(t)
        total += len(tuple(i for i in range(r % 20)))
        if r == 1500:
            vec = (3, 1, 4, 1, 5, 9, 2, 6.5)
    return total, rows[:3], rows[-1]


print(hot(3000))

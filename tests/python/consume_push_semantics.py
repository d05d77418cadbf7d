# Builtins consuming long generators whose items are handed over at the `yield` (with the JIT
# off, a generator of exact values runs on through its items without suspending): Python code
# that a step runs (a __hash__, __add__, __lt__, __bool__) and that resumes the same generator
# gets its items; the generator's state seen from inside it while it runs (gi_running, its
# frame's f_back, the exception being handled); exact and other items mixed; yield from;
# exceptions raised by the generator or caught around its yield; early exits of any/all.
import sys

gen_ref = []


class Grabber:
    """Hashes by taking the generator's next item (CPython hands it to this __hash__)."""

    def __init__(self, tag):
        self.tag = tag

    def __hash__(self):
        taken = next(gen_ref[0], "end")
        print("  hash of", self.tag, "took", taken)
        return hash(self.tag)

    def __eq__(self, other):
        return isinstance(other, Grabber) and other.tag == self.tag

    def __repr__(self):
        return "G(%s)" % self.tag


def items_with_grabbers(n, at):
    for i in range(n):
        yield Grabber(i) if i in at else i


for at in ({3}, {20}, {20, 30}, {39}):
    g = items_with_grabbers(40, at)
    gen_ref[:] = [g]
    s = set(g)
    print("set", sorted(x if isinstance(x, int) else 1000 + x.tag for x in s)[-8:], len(s))


class Adder:
    def __init__(self, v):
        self.v = v

    def __radd__(self, other):
        taken = next(gen_ref[0], "end")
        print("  radd", other, self.v, "took", taken if isinstance(taken, (int, str)) else "Adder(%d)" % taken.v)
        return other + self.v


def with_adders(n, at):
    for i in range(n):
        yield Adder(i) if i in at else i


for at in ({2}, {18}, {25, 26}):
    g = with_adders(40, at)
    gen_ref[:] = [g]
    print("sum", sum(g))


class Key:
    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        return self.v < (other.v if isinstance(other, Key) else other)

    def __gt__(self, other):
        return self.v > (other.v if isinstance(other, Key) else other)

    def __repr__(self):
        return "K(%s)" % self.v


def mixed_keys(n):
    for i in range(n):
        yield Key(i * 3 % 50) if i % 9 == 0 else i * 7 % 50


print("min", min(mixed_keys(60)), "max", max(mixed_keys(60)))


class Truth:
    calls = 0

    def __bool__(self):
        Truth.calls += 1
        return False


def truths(n, at):
    for i in range(n):
        yield Truth() if i in at else 1


print("all", all(truths(50, {30})), "any", any(t for t in (0,) * 20 + (Truth(),) * 3 + (5,)), Truth.calls)


# The generator's own view while it runs through its items.
def watcher(n):
    me = watcher_ref[0]
    caller = sys._getframe(1).f_code.co_name
    for i in range(n):
        if i % 17 == 0:
            print("  inside at", i, "running", me.gi_running, "f_back", sys._getframe(1).f_code.co_name, caller)
        yield i


watcher_ref = []


def consume_watched():
    g = watcher(50)
    watcher_ref[:] = [g]
    return sum(g), g.gi_running, g.gi_frame


print("watched", consume_watched())


# Exceptions handled around the yield, and the one being handled seen inside.
def guarded(n):
    for i in range(n):
        try:
            if i % 10 == 5:
                raise KeyError(i)
            yield i
        except KeyError as e:
            yield ("caught", e.args[0], repr(sys.exc_info()[1]))


try:
    raise RuntimeError("outer")
except RuntimeError:
    print("guarded", list(guarded(40))[-6:], repr(sys.exc_info()[1]))


def raises_late(n, at):
    for i in range(n):
        if i == at:
            raise ValueError("late %d" % i)
        yield i


for consumer in (list, tuple, set, sum, min, max, sorted):
    try:
        consumer(raises_late(50, 37))
    except ValueError as e:
        tb = e.__traceback__
        names = []
        while tb:
            names.append(tb.tb_frame.f_code.co_name)
            tb = tb.tb_next
        print(consumer.__name__, "raised", e, names)


# yield from inside a consumed generator, with exact and other items.
def inner(k):
    yield from range(k, k + 10)
    yield str(k)


def outer():
    for k in range(0, 40, 10):
        yield from inner(k)


print("yield from", len(list(outer())), sorted(set(x for x in outer() if isinstance(x, int)))[-3:])
print("join", "|".join(str(x) for x in outer())[-30:])


# An early exit leaves the generator suspended at the deciding item.
g = (x for x in range(100))
print("any stop", any(x == 40 for x in g), next(g), next(g))
g = (x for x in range(100))
print("all stop", all(x < 33 for x in g), next(g))

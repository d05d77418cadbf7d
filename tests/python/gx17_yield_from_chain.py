# Chains of generators delegating with `yield from` (recursive tree walks, values sent
# through the chain, return values, exceptions raised and thrown at every depth, frames
# and generator attributes seen from inside the innermost generator).
import sys
import traceback


class Tree:
    def __init__(self, left, value, right):
        self.left = left
        self.value = value
        self.right = right

    def __iter__(self):
        if self.left:
            yield from self.left
        yield self.value
        if self.right:
            yield from self.right


def tree(input):
    n = len(input)
    if n == 0:
        return None
    i = n // 2
    return Tree(tree(input[:i]), input[i], tree(input[i + 1:]))


t = tree(range(300))
for rnd in range(3):
    items = list(t)
    print(rnd, len(items), items[:5], items[-3:], items == list(range(300)), sum(t))
it = iter(t)
print([next(it) for _ in range(7)], sum(1 for _ in it))


def chain(depth, n):
    """Yields n values from the bottom of a chain of `depth` delegating generators; each level
    returns its depth plus what the level below returned."""
    if depth == 0:
        total = 0
        for i in range(n):
            got = yield i
            if got is not None:
                total += got
        return total
    r = yield from chain(depth - 1, n)
    return r + depth * 1000


def drive(gen, sends):
    out = []
    try:
        v = next(gen)
        out.append(v)
        for s in sends:
            v = gen.send(s)
            out.append(v)
        while True:
            out.append(next(gen))
    except StopIteration as e:
        out.append(("ret", e.value))
    return out


for depth in (0, 1, 2, 5, 30):
    print("chain", depth, drive(chain(depth, 6), [10, None, 20]))


def returning_chain(depth):
    if depth == 0:
        return "bottom"
        yield
    r = yield from returning_chain(depth - 1)
    yield (depth, r)
    return r + str(depth)


for depth in (1, 3, 8):
    print("returning", depth, drive(returning_chain(depth), []))


def raising(depth, at):
    if depth == 0:
        for i in range(5):
            if i == at:
                raise ValueError("bottom %d" % i)
            yield i
        return "done"
    try:
        r = yield from raising(depth - 1, at)
    finally:
        print("  finally", depth)
    return r


for at in (0, 2, 9):
    g = raising(3, at)
    try:
        print("raising", at, list(g))
    except ValueError as e:
        tb = traceback.extract_tb(e.__traceback__)
        print("raising", at, repr(e), [(f.name, f.lineno) for f in tb])


def catching(depth):
    if depth == 0:
        yield 1
        raise KeyError("k")
    try:
        yield from catching(depth - 1)
    except KeyError as e:
        yield ("caught at", depth, repr(e), sys.exc_info()[0].__name__)
        raise
    yield "not reached"


g = catching(4)
try:
    for _ in range(8):
        print(next(g))
except KeyError as e:
    print("escaped", repr(e), [(f.name, f.lineno) for f in traceback.extract_tb(e.__traceback__)])


def stop_iter(depth):
    if depth == 0:
        yield 0
        raise StopIteration("pep479")
    yield from stop_iter(depth - 1)


try:
    print(list(stop_iter(3)))
except RuntimeError as e:
    print("RuntimeError", e, repr(e.__cause__))


def echo(depth, log):
    if depth == 0:
        try:
            while True:
                try:
                    v = yield "ready"
                    log.append(("got", v))
                except TypeError as e:
                    log.append(("thrown", str(e)))
        finally:
            log.append("bottom closed")
    try:
        yield from echo(depth - 1, log)
    finally:
        log.append(("closed", depth))


log = []
g = echo(3, log)
print(next(g), g.send(1), g.throw(TypeError("t1")), g.send(2))
g.close()
print(log)
log = []
g = echo(2, log)
next(g)
try:
    g.throw(ValueError("not caught"))
except ValueError as e:
    print("throw escaped", e, log)
print(g.gi_frame, g.gi_running)


def inspect_chain(depth):
    if depth == 0:
        f = sys._getframe(1)
        names = []
        while f is not None and len(names) < 8:
            names.append((f.f_code.co_name, f.f_lineno))
            f = f.f_back
        yield names
        yield [g.gi_running for g in gens]
        yield [type(g.gi_yieldfrom).__name__ for g in gens]
        return
    yield from build(depth - 1)


gens = []


def build(depth):
    g = inspect_chain(depth)
    gens.append(g)
    return g


def consumer():
    g = inspect_chain(3)
    gens.append(g)
    out = []
    for v in g:
        out.append(v)
    return out


for rnd in range(3):
    gens.clear()
    res = consumer()
    print("inspect", res[0][:5], res[1], res[2])

# Suspended frames of a chain: line numbers, locals, gi_yieldfrom.
def level(n, tag):
    local_tag = tag * 2
    yield from (level(n - 1, tag + "x") if n else iter([1, 2]))


g = level(3, "a")
print(next(g))
x = g
while x is not None and hasattr(x, "gi_frame"):
    fr = x.gi_frame
    print(x.gi_code.co_name, fr.f_lineno, sorted(fr.f_locals), x.gi_running, type(x.gi_yieldfrom).__name__)
    x = x.gi_yieldfrom
print(list(g))
print(g.gi_frame, g.gi_yieldfrom)

# A middle level that is not a generator (an iterator) and finished delegates.
def mid(n):
    yield from iter(list(range(n)))
    yield from bottom(n)


def bottom(n):
    for i in range(n):
        yield -i
    return n


def top(n):
    r = yield from mid(n)
    yield ("mid returned", r)


for rnd in range(3):
    print(list(top(4)))

# Deep chains against the recursion limit.
def deep(n):
    if n == 0:
        yield "deep"
        return
    yield from deep(n - 1)


old = sys.getrecursionlimit()
for n in (50, 400):
    g = deep(n)
    print(n, next(g), list(g))
sys.setrecursionlimit(200)
try:
    g = deep(500)
    next(g)
    print("no error")
except RecursionError as e:
    print("RecursionError")
g = deep(150)
try:
    print(next(g))
    print(list(g))
except RecursionError:
    print("RecursionError 150")
sys.setrecursionlimit(old)

# A generator running in the chain cannot be resumed from inside.
def selfish(depth, holder):
    if depth == 0:
        yield 1
        try:
            holder[0].send(None)
        except ValueError as e:
            yield str(e)
        return
    yield from selfish(depth - 1, holder)


holder = [None]
holder[0] = selfish(3, holder)
print(list(holder[0]))

# Exception state seen at the bottom of a chain whose middle handles an exception, and
# the formatted traceback of an exception raised at the bottom.
def bottom2():
    yield sys.exc_info()[0].__name__
    yield sys.exc_info()[0].__name__
    raise IndexError("x")


def middle2():
    try:
        raise KeyError("m")
    except KeyError:
        yield from bottom2()


def top2():
    try:
        yield from middle2()
    except IndexError as e:
        yield repr(e.__context__)
    yield sys.exc_info()


for rnd in range(3):
    print(list(top2()))


def fmt(depth):
    if depth == 0:
        yield 1
        1 / 0
    yield from fmt(depth - 1)


for rnd in range(2):
    try:
        for _ in fmt(3):
            pass
    except ZeroDivisionError as e:
        lines = traceback.format_exception(type(e), e, e.__traceback__)
        print("".join(lines).replace(__file__, "FILE"))

# Recursive generators (yield from chains deeper than the JIT inlines), resumed many times from
# hot loops: tree walks of several shapes, sends and throws through the chain, early close,
# exceptions raised deep inside, StopIteration values returned up the chain.


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


def tree(r):
    n = len(r)
    if n == 0:
        return None
    i = n // 2
    return Tree(tree(r[:i]), r[i], tree(r[i + 1:]))


def chain(t):
    # A degenerate (list-like) tree: every level delegates to the next.
    node = None
    for v in reversed(range(t)):
        node = Tree(None, v, node)
    return node


def walk_sum(t, rounds):
    total = 0
    count = 0
    for _ in range(rounds):
        for v in t:
            total += v
            count += 1
    return total, count


print("balanced", walk_sum(tree(range(3000)), 5))
print("chain", walk_sum(chain(60), 200))
print("small", list(tree(range(10))))
print("empty", list(tree(range(0)) or ()))


def depth_gen(n):
    # Returns a value through every level: the StopIteration value of each yield from.
    if n == 0:
        yield "leaf"
        return 0
    got = yield from depth_gen(n - 1)
    yield n
    return got + n


def collect_returns(n):
    out = []
    g = depth_gen(n)
    while True:
        try:
            out.append(next(g))
        except StopIteration as e:
            out.append(("ret", e.value))
            break
    return out


for k in range(0, 40, 3):
    r = collect_returns(k)
    print("ret", k, len(r), r[0], r[-1])


def echo(n):
    # Sends travel down the chain to the innermost generator and results come back up.
    if n == 0:
        received = None
        while True:
            received = yield ("echo", received)
            if received == "stop":
                return "stopped"
    else:
        r = yield from echo(n - 1)
        return (n, r)


for depth in (1, 5, 12, 30):
    g = echo(depth)
    first = next(g)
    acc = []
    for i in range(500):
        acc.append(g.send(i)[1])
    try:
        g.send("stop")
    except StopIteration as e:
        ret = e.value
    s = 0
    while isinstance(ret, tuple):
        s += ret[0]
        ret = ret[1]
    print("echo", depth, first, sum(acc), acc[-1], s, ret)


def thrower(n):
    if n == 0:
        i = 0
        while True:
            try:
                yield i
            except ValueError as e:
                yield ("caught", str(e))
            i += 1
    else:
        yield from thrower(n - 1)


for depth in (0, 3, 20):
    g = thrower(depth)
    out = []
    for i in range(300):
        if i % 7 == 3:
            out.append(g.throw(ValueError("v%d" % i)))
        else:
            out.append(next(g))
    print("throw", depth, out[:6], out[-3:], len(out))
    g.close()
    try:
        next(g)
    except StopIteration:
        print("closed", depth)


def failing(n, at):
    if n == 0:
        for i in range(at):
            yield i
        raise KeyError("deep %d" % at)
    yield from failing(n - 1, at)


for depth in (2, 9, 25):
    for at in (0, 1, 50):
        got = 0
        try:
            for v in failing(depth, at):
                got += 1
        except KeyError as e:
            print("deep error", depth, at, got, type(e).__name__, e)


def cleanup(n, log):
    try:
        if n == 0:
            yield from range(1000)
        else:
            yield from cleanup(n - 1, log)
    finally:
        log.append(n)


for depth in (1, 15):
    log = []
    g = cleanup(depth, log)
    s = 0
    for i in range(400):
        s += next(g)
    g.close()
    print("cleanup", depth, s, log[:3], len(log))


def leaky(n):
    # StopIteration raised inside a generator becomes RuntimeError (PEP 479) at that level.
    if n == 0:
        yield 1
        raise StopIteration("inner")
    yield from leaky(n - 1)


for depth in (0, 4, 11):
    try:
        print("leaky", depth, list(leaky(depth)))
    except RuntimeError as e:
        print("leaky", depth, type(e).__name__, e, type(e.__cause__).__name__, e.__cause__)


# The same recursive generators resumed from two different hot loops, interleaved.
t1 = tree(range(200))
t2 = tree(range(1000, 1300))
for rnd in range(30):
    a = iter(t1)
    b = iter(t2)
    s = 0
    while True:
        x = next(a, None)
        y = next(b, None)
        if x is None and y is None:
            break
        s += (x or 0) - (y or 0)
    if rnd % 10 == 0:
        print("interleaved", rnd, s)

# Generator expressions over recursive generators, consumed by builtins.
t = tree(range(500))
for rnd in range(20):
    r = (sum(x for x in t), max(t), min(x * 2 for x in t), any(x > 498 for x in t), all(x >= 0 for x in t))
    if rnd % 5 == 0:
        print("consumers", rnd, r, len(list(t)), tuple(t)[-3:], ",".join(str(x) for x in t)[-12:])

# gen.send(value) called as a method in hot loops (traced): values in and out, the return
# value in StopIteration, exceptions raised inside, errors of just-started, running and
# finished generators, bound and unbound forms, delegation and coroutines.
import traceback


def accumulate():
    total = 0
    count = 0
    while True:
        v = yield total
        if v is None:
            return (total, count)
        if v == "boom":
            raise ValueError("boom at %d" % count)
        total += v
        count += 1


def run_sends(n, stop_at=None, boom_at=None):
    g = accumulate()
    out = [g.send(None)]
    try:
        for i in range(n):
            if i == stop_at:
                g.send(None)
            elif i == boom_at:
                g.send("boom")
            else:
                out.append(g.send(i))
    except StopIteration as e:
        out.append(("stop", e.value, e.args))
    except ValueError as e:
        tb = [(f.name, f.lineno) for f in traceback.extract_tb(e.__traceback__)]
        out.append(("error", str(e), tb))
    out.append((g.gi_running, g.gi_frame is None))
    return out[-4:], len(out)


for rnd in range(3):
    print(run_sends(500))
    print(run_sends(500, stop_at=300))
    print(run_sends(500, boom_at=450))
    print(run_sends(3, stop_at=0))


def errors():
    out = []
    g = accumulate()
    try:
        g.send(5)
    except TypeError as e:
        out.append(str(e))
    g.send(None)
    out.append(g.send(1))
    try:
        g.send(None)
    except StopIteration as e:
        out.append(("stop", e.value))
    try:
        g.send(3)
    except StopIteration as e:
        out.append(("again", e.value, e.args))

    def selfsend():
        yield me.send(1)

    me = selfsend()
    try:
        next(me)
    except ValueError as e:
        out.append(str(e))
    return out


for rnd in range(200):
    r = errors()
print(r)


def forms(n):
    g = accumulate()
    s = g.send
    s(None)
    for i in range(n):
        s(i)
    unbound = type(g).send
    for i in range(n):
        unbound(g, 1)
    return g.send(0)


for rnd in range(3):
    print(forms(400))
try:
    type(accumulate()).send(42, 1)
except TypeError as e:
    print("TypeError", e)


def delegating():
    r = yield from accumulate()
    yield ("returned", r)
    return "outer done"


for rnd in range(3):
    g = delegating()
    g.send(None)
    vals = [g.send(i) for i in range(300)]
    last = g.send(None)
    try:
        g.send(None)
    except StopIteration as e:
        print(vals[-1], last, e.value)


async def coro(n):
    return n * 2


for rnd in range(200):
    c = coro(rnd)
    try:
        c.send(None)
    except StopIteration as e:
        res = e.value
print(res)


def lines():
    x = 1
    x = yield x
    x = yield x + 1
    return x


for rnd in range(100):
    g = lines()
    a = g.send(None)
    ln = g.gi_frame.f_lineno
    b = g.send(10)
    ln2 = g.gi_frame.f_lineno
print(a, b, ln, ln2, sorted(g.gi_frame.f_locals.items()))

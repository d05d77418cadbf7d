# Generator frames, closures and cells, class bodies and exec in hot loops around calls that may
# look at frames (sys._getframe, locals(), exec, gc.collect).
import gc
import sys


def counter():
    total = 0
    while True:
        got = yield total
        if got is None:
            got = 1
        total += got
        if total % 1000 == 0:
            f = sys._getframe()
            yield ("frame", f.f_locals["total"], f.f_locals["got"])


def drive(n):
    g = counter()
    next(g)
    out = []
    for i in range(n):
        r = g.send(i % 3)
        if isinstance(r, tuple):
            out.append(r)
            next(g)
    try:
        g.send(None)
        g.gi_frame.f_locals["total"]
        out.append(("state", g.gi_frame.f_locals["total"]))
    except ValueError as e:
        out.append((type(e).__name__, str(e)))
    return out[:5], len(out)


def reentrant(n):
    def gen():
        for k in range(n):
            try:
                me.send(None)
            except ValueError as e:
                yield (k, type(e).__name__, str(e))
    me = gen()
    last = None
    count = 0
    for item in me:
        count += 1
        last = item
    return count, last


def cells(n):
    acc = 0
    shared = [0]

    def bump(k):
        nonlocal acc
        acc += k
        shared[0] += 1
        return sys._getframe(1).f_locals["acc"]

    seen = []
    for i in range(n):
        before = acc
        r = bump(i)
        if r != acc or acc != before + i:
            seen.append((i, r, acc, before))
    return acc, shared[0], seen[:3]


def class_bodies(n):
    out = []
    for i in range(n):
        class C:
            x = i
            y = x * 2
            names = sorted(k for k in locals() if not k.startswith("__"))
            del x
        if i % 700 == 0:
            out.append((C.y, C.names, hasattr(C, "x")))
    return out


def exec_in_loop(n):
    out = []
    v = 0
    for i in range(n):
        v = i
        ns = {}
        exec("w = v * 3", {"v": v}, ns)
        loc = locals()
        if ns["w"] != 3 * v or loc["v"] != v or loc["i"] != i:
            out.append((i, ns, loc["v"]))
    return out, v


def deletes(n):
    out = []
    for i in range(n):
        a = i
        b = a + 1
        del a
        try:
            a
        except UnboundLocalError as e:
            if i % 900 == 0:
                out.append((type(e).__name__, str(e)))
        loc = sys._getframe().f_locals
        if "a" in loc or loc["b"] != i + 1:
            out.append(("bad", i, sorted(loc)))
    return out


def sub(k):
    for j in range(k):
        yield j


def touch(x):
    # gc.collect() clears the dead value-stack slots of the calling frames.
    if touch.calls % 50 == 0:
        gc.collect()
    touch.calls += 1
    return x


touch.calls = 0


def outer_gen(n):
    a = b = 1
    for i in range(n):
        s = sub(3)
        touch(s)
        t = (a, b, (yield from s))
        touch(s)
        yield t


def consume(n):
    total = 0
    count = 0
    for t in outer_gen(n):
        if type(t) is tuple:
            count += 1
        else:
            total += t
    return total, count


print(consume(2000))
print(drive(3000))
print(reentrant(2000))
print(cells(3000))
print(class_bodies(3000))
print(exec_in_loop(2000))
print(deletes(3000))

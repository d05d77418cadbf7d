# Frames that compiled code keeps in registers across calls (metatrace's virtualizable token):
# callees that are not inlined (deep recursion, big functions) read and mutate their callers'
# frames through sys._getframe, f_back, f_locals, tracebacks and generators.
import sys


class Box:
    def __init__(self, v):
        self.v = v

    def __repr__(self):
        return "Box(%r)" % (self.v,)


def peek(depth, names):
    """The named locals of the frame `depth` levels out, as a sorted list of (name, repr)."""
    f = sys._getframe(depth + 1)
    loc = f.f_locals
    return [(n, repr(loc[n])) for n in names if n in loc]


def deep(n, names, depth):
    # Recursion keeps the callers' calls residual, so their frames stay in compiled code.
    if n == 0:
        return peek(depth + 11, names)
    return deep(n - 1, names, depth)


def loop_locals(n):
    out = []
    acc = 0
    box = Box(0)
    for i in range(n):
        acc += i
        box = Box(i)  # a fresh object each iteration: virtual in compiled code
        t = (i, acc)
        if i % 97 == 3:
            seen = deep(10, ["i", "acc", "box", "t", "missing"], 0)
            out.append(seen)
    return out, acc, box


res, acc, box = loop_locals(2000)
print(len(res), acc, box)
for r in res[:3] + res[-3:]:
    print(r)


def mutate_caller_box(n):
    if n:
        return mutate_caller_box(n - 1)
    f = sys._getframe(11)
    b = f.f_locals["b"]
    b.v += 1000
    return b


def identity_loop(n):
    same = 0
    total = 0
    for i in range(n):
        b = Box(i)
        if i % 50 == 7:
            got = mutate_caller_box(10)
            if got is b:
                same += 1
            total += b.v
        else:
            total += b.v
    return same, total


print(identity_loop(3000))


def writer(n):
    if n:
        return writer(n - 1)
    f = sys._getframe(11)
    f.f_locals["x"] = "changed"  # a snapshot in 3.11: the local keeps its value
    return f.f_locals["x"]


def write_through(n):
    out = []
    for i in range(n):
        x = i * 2
        if i % 111 == 5:
            w = writer(10)
            out.append((x, w))
    return out


print(write_through(1500)[:4])


def deleted(n):
    out = []
    for i in range(n):
        y = i
        if i % 3 == 0:
            del y
        if i % 89 == 1:
            out.append(deep(10, ["y", "i"], 0))
    return out


print(deleted(2000)[:6])


def cells(n):
    c = 0
    out = []

    def bump():
        nonlocal c
        c += 1
        return c

    for i in range(n):
        bump()
        if i % 101 == 9:
            out.append(deep(10, ["c", "i", "bump"][:2], 0))
    return out


print(cells(2000)[:4])


class Boom(Exception):
    pass


def raiser(n, i):
    if n:
        return raiser(n - 1, i)
    raise Boom("at %d" % i)


def catch_loop(n):
    caught = []
    for i in range(n):
        k = i * 3
        try:
            if i % 77 == 2:
                raiser(10, i)
            k += 1
        except Boom as e:
            tb = e.__traceback__
            frames = []
            while tb is not None:
                fr = tb.tb_frame
                frames.append((fr.f_code.co_name, tb.tb_lineno, sorted(k for k in fr.f_locals if k in ("i", "k", "n"))))
                tb = tb.tb_next
            caught.append((type(e).__name__, str(e), k, frames[0], frames[-1], len(frames)))
    return caught


for c in catch_loop(1000)[:4]:
    print(c)


def gen_peek(n):
    g = None

    def gen():
        for j in range(n):
            v = j * j
            if j % 61 == 4:
                yield ("peek", deep(10, ["j", "v"], 0), g.gi_frame.f_locals.get("v"))
            else:
                yield v

    g = gen()
    out = [x for x in g if isinstance(x, tuple)]
    return out


for x in gen_peek(1000)[:3]:
    print(x)


def rec(n, acc):
    if n == 0:
        names = []
        f = sys._getframe(0)
        while f is not None and f.f_code.co_name == "rec":
            names.append((f.f_locals["n"], f.f_locals["acc"]))
            f = f.f_back
        return names
    return rec(n - 1, acc + n)


def rec_loop(m):
    out = None
    for i in range(m):
        r = rec(15, i)
        out = r
    return out[:3], out[-3:], len(out)


print(rec_loop(300))


def lineno_loop(n):
    lines = []
    for i in range(n):
        if i % 120 == 1:
            f = deep_frame(10)
            lines.append((f.f_code.co_name, sorted(f.f_locals)))
    return lines


def deep_frame(n):
    if n:
        return deep_frame(n - 1)
    return sys._getframe(11)


print(lineno_loop(1000)[:3])

# Tracebacks through hot loops: the line numbers and the locals of every frame on the way.
import sys
import traceback


def fail(i):
    if i % 3 == 0:
        raise ValueError("bad %d" % i)
    return i


def middle(i, scale):
    k = i * scale
    return fail(k) + k


def describe(tb):
    # The first entry is the running frame: its locals are read through sys._getframe.
    out = [(tb.tb_frame.f_code.co_name, tb.tb_lineno)]
    tb = tb.tb_next
    while tb is not None:
        f = tb.tb_frame
        names = sorted(n for n in f.f_locals if not n.startswith("__"))
        vals = []
        for n in names:
            v = f.f_locals[n]
            if isinstance(v, (int, str)):
                vals.append((n, v))
        out.append((f.f_code.co_name, tb.tb_lineno, tuple(vals)))
        tb = tb.tb_next
    return out


def hot(n):
    caught = 0
    last = None
    total = 0
    for i in range(n):
        step = i + 1
        try:
            total += middle(i, 2)
        except ValueError as e:
            caught += 1
            total -= step
            if caught % 400 == 1:
                last = describe(e.__traceback__)
                mine = sys._getframe()
                own = mine.f_locals
                same = e.__traceback__.tb_frame is mine
                print(caught, last, same, own["caught"], own["step"], own["total"], own["i"])
    return caught, total


def hot_exc_info(n):
    acc = []
    for i in range(n):
        marker = "m%d" % i
        try:
            fail(i)
        except ValueError:
            t, v, tb = sys.exc_info()
            own = sys._getframe().f_locals
            if i % 900 == 0:
                acc.append((t.__name__, str(v), own["marker"], tb.tb_lineno, tb.tb_next.tb_frame.f_locals["i"]))
            if own["marker"] != marker or tb.tb_next.tb_frame.f_locals["i"] != i:
                acc.append(("stale", i))
    return acc


def formatted(n):
    lines = None
    for i in range(n):
        try:
            middle(i, 3)
        except ValueError:
            if i == n - 1 or i % 1000 == 0:
                lines = traceback.format_exc().splitlines()
                lines = [l for l in lines if not l.startswith("  File") or "vb_tracebacks" in l]
                print([l.split(",")[-1].strip() if l.startswith("  File") else l.strip() for l in lines])
    return lines is not None


def gen_frames(n):
    def g(k):
        state = 0
        for j in range(k):
            state += j
            yield state
    out = []
    for i in range(n):
        it = g(5)
        next(it)
        next(it)
        f = it.gi_frame
        out.append((f.f_locals["state"], f.f_locals["j"]))
        it.close()
    return out[:3], out[-3:], len(out)


print(hot(3000))
print(hot_exc_info(3000))
print(formatted(3000))
print(gen_frames(2000))

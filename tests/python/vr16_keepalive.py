# Frames kept alive after their call returned: `f = sys._getframe(); return f` from callees run
# by compiled code (inlined and through call_assembler), their f_back chains read later, after
# the callers returned too.
import sys


def grab():
    return sys._getframe()


def grab_in_loop(k):
    s = 0
    for j in range(k):
        s += j
    return sys._getframe(), s


def middle(i):
    x = i + 1000
    if i % 3 == 0:
        return grab(), x
    return grab_in_loop(5)[0], x


def outer(n):
    kept = []
    for i in range(n):
        f, x = middle(i)
        if i % 29 == 0:
            kept.append(f)
    return kept


def describe(f):
    # The names out along f_back, and the lines of the first two frames (those returned at the
    # line of their last call; ripy gives a finished frame the line of its last call).
    lines = [f.f_lineno - f.f_code.co_firstlineno, f.f_back.f_lineno - f.f_back.f_code.co_firstlineno]
    out = []
    while f is not None and len(out) < 4:
        out.append(f.f_code.co_name)
        f = f.f_back
    return out, lines


kept = outer(300)
print(len(kept))
for f in kept:
    print(describe(f), f.f_back.f_locals.get("x"), f.f_back.f_locals.get("i"))


def make_frames(n):
    frames = []
    for i in range(n):
        frames.append(level2(i))
    return frames


def level2(i):
    y = i * 7
    return level3(i)


def level3(i):
    z = 0
    for j in range(3):
        z += j
    if i % 50 == 49:
        return sys._getframe()
    return None


fs = [f for f in make_frames(400) if f is not None]
for f in fs:
    b = f.f_back
    print(describe(f), b.f_locals["y"], b.f_back.f_code.co_name, b.f_back.f_back is not None)

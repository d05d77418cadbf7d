# sys._getframe(n) and f_back chains read by a callee that compiled code calls through
# call_assembler (a function with a loop of its own, and deep recursion), while its callers are
# virtual frames of the calling trace: their names, lines and locals must be those of the
# interpreter.
import sys


def names(f, n):
    out = []
    while f is not None and len(out) < n:
        out.append((f.f_code.co_name, f.f_lineno - f.f_code.co_firstlineno))
        f = f.f_back
    return out


def work(i, k):
    # A loop: called from another trace, it runs as its own compiled loop.
    total = 0
    for j in range(k):
        total += j * i
    if i % 37 == 36:
        caller = sys._getframe(1)
        return total, names(sys._getframe(), 5), dict(sorted(caller.f_locals.items()))
    return total, None, None


def mid(i):
    tag = i * 3
    label = "m%d" % (i % 5)
    r = work(i, 20)
    return r, tag, label


def outer(n):
    seen = []
    acc = 0
    for i in range(n):
        (total, chain, loc), tag, label = mid(i)
        acc += total + tag
        if chain is not None:
            seen.append((i, chain, loc))
    return acc, seen


acc, seen = outer(400)
print(acc)
for s in seen:
    print(s)


def deep(n, probe):
    if n == 0:
        if probe:
            return names(sys._getframe(1), 12)
        return 0
    local = n * 2
    r = deep(n - 1, probe)
    if probe and n == 3:
        return r, local, sys._getframe(2).f_locals["local"]
    return r


def run_deep(n):
    out = []
    for i in range(n):
        r = deep(11, i % 50 == 49)
        if r:
            out.append(r)
    return out


for r in run_deep(300):
    print(r)


def level_of(depth):
    # sys._getframe(depth) past the outermost frame raises ValueError.
    try:
        sys._getframe(depth)
        return "ok"
    except ValueError as e:
        return str(e)


def probe_levels(n):
    out = []
    for i in range(n):
        if i % 40 == 39:
            out.append(level_of(i // 40) + ":" + level_of(1000))
    return out


print(probe_levels(200))

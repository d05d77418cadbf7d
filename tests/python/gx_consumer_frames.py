# The frames a generator sees while a builtin (list, tuple, set, sum, min, max, any, all, sorted,
# str.join, dict) consumes it, before and after its 16th item: sys._getframe(1) (f_back) is the
# frame that called the builtin, with that call's line, and the stack above it is the
# program's own; also through `yield from` and for generators resumed by a for loop. In hot
# loops, so that the JIT compiles the consumers.
import sys


def stack(depth):
    names = []
    f = sys._getframe(depth)
    while f is not None:
        names.append((f.f_code.co_name, f.f_lineno))
        f = f.f_back
    return names


def g(n, seen):
    for i in range(n):
        if i in (0, 15, 16, 17, n - 1):
            seen.append((i, stack(1)))
        yield i


def inner(n, seen):
    yield from g(n, seen)


def consumers(n):
    out = []
    for name, consume in (("list", list), ("tuple", tuple), ("set", set), ("sum", sum),
                          ("min", min), ("max", max), ("sorted", sorted),
                          ("any", lambda it: any(x < 0 for x in it)),
                          ("all", lambda it: all(x >= 0 for x in it)),
                          ("join", lambda it: ",".join(str(x) for x in it)),
                          ("dict", lambda it: dict((x, x) for x in it))):
        seen = []
        consume(g(n, seen))
        out.append((name, seen))
        seen = []
        consume(inner(n, seen))
        out.append((name + " yield from", seen))
    seen = []
    total = 0
    for x in g(n, seen):
        total += x
    out.append(("for", total, seen))
    return out


for rep in range(40):
    for n in (3, 16, 17, 40):
        r = consumers(n)
        if rep in (0, 39):
            print(rep, n, r)

# f_lineno and f_lasti of a generator's frame: not started, suspended at each yield (also
# inside `yield from`, a loop, a try block), while running, and after consumption by builtins
# and for loops stopped part way.
import sys


def simple():
    yield 1
    x = 5
    yield x
    yield from inner(2)
    for i in range(3):
        yield i
    try:
        yield "in try"
    finally:
        yield "in finally"


def inner(n):
    for i in range(n):
        yield ("inner", i)


def where(g):
    f = g.gi_frame
    if f is None:
        return None
    return (f.f_lineno - simple.__code__.co_firstlineno, f.f_lasti >= -1, g.gi_suspended, g.gi_running)


g = simple()
print("fresh", where(g))
for v in g:
    print(v, where(g), where(g.gi_yieldfrom) if g.gi_yieldfrom else None)
print("done", where(g))


def running():
    yield sys._getframe().f_lineno
    yield sys._getframe(0).f_lineno


print(list(running()))


def counter(n):
    i = 0
    while i < n:
        yield i
        i += 1


for n in [5, 20, 300]:
    g = counter(n)
    print(n, sum(x for _, x in zip(range(n // 2), g)), g.gi_frame.f_lineno - counter.__code__.co_firstlineno)
    for x in g:
        if x == n - 2:
            break
    print(n, g.gi_frame.f_lineno - counter.__code__.co_firstlineno, next(g), next(g, None), g.gi_frame)

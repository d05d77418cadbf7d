# locals(), globals(), vars(), dir() without arguments; eval/exec defaults
import sys

g_value = 1


def f(a, b=2, *args, **kw):
    c = a + b
    print(sorted(locals()))
    print(locals()["c"])
    d = locals()
    e = 5
    locals()
    print("e" in d, d is locals())
    print(dir())
    print(vars() is locals())
    print(globals()["g_value"])
    print(eval("a + c"))
    exec("print('exec sees', a, c)")
    exec("zz = 3")
    print("zz" in locals())
    del c
    print("c" in locals())
    return d


r = f(1)
print(sorted(r))


class K:
    x = 1
    y = locals()
    print(sorted(y))
    print(dir())
    names = sorted(vars())

print(K.names)
print("g_value" in globals(), "f" in dir())
print(globals() is sys.modules[__name__].__dict__)
print(locals() is globals())


def cells():
    a = 1
    b = 2

    def g():
        return a

    print(sorted(locals()))
    return g


cells()


def cellarg(x, y):
    def g():
        return x

    return list(locals())


print(cellarg(1, 2))

for bad in [lambda: locals(1), lambda: globals(1, 2), lambda: vars(1, 2), lambda: dir(1, 2)]:
    try:
        bad()
    except TypeError as e:
        print(type(e).__name__, e)


def hot():
    total = 0
    for i in range(2000):
        x = i * 2
        total += locals()["x"]
        total += len(dir())
    return total


print(hot())


def hot_eval():
    total = 0
    for i in range(500):
        total += eval("i + 1")
    return total


print(hot_eval())
ns = {}
exec("q = 7", ns)
print(ns["q"])
print(eval("g_value + 1"))

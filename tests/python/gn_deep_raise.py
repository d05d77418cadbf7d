# Exceptions raised deep in recursion that the JIT does not inline (plain functions and generator
# chains), caught by a hot loop: the raise must come out of the compiled callee and reach the
# handler at once, not later.


def f(n, at, i):
    if n == 0:
        if i == at:
            raise KeyError("deep %d" % at)
        return i
    return f(n - 1, at, i)


for depth in (2, 9, 25):
    for at in (0, 1, 50, 1000):
        got = 0
        try:
            for i in range(300):
                got += f(depth, at, i)
        except KeyError as e:
            print("call error", depth, at, got, type(e).__name__, e)
        else:
            print("call done", depth, at, got)


def failing(n, at):
    if n == 0:
        for i in range(at):
            yield i
        raise KeyError("deep %d" % at)
    yield from failing(n - 1, at)


for depth in (2, 9, 25):
    for at in (0, 1, 50, 300):
        got = 0
        try:
            for v in failing(depth, at):
                got += 1
        except KeyError as e:
            print("gen error", depth, at, got, type(e).__name__, e)


def g(n, i):
    if n == 0:
        return 10 // (i % 7)
    try:
        return g(n - 1, i) + 1
    except ZeroDivisionError as e:
        if n % 5 == 0:
            return -n
        raise


out = []
for i in range(400):
    try:
        out.append(g(12, i))
    except ZeroDivisionError as e:
        out.append(str(e))
print("handled", len(out), out[:9], out[-3:])
print("end")

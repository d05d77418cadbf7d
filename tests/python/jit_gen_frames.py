# Generators resumed from hot loops: the caller frame seen from inside the generator (f_back,
# f_lineno, function name), re-entrant resumption (ValueError), send() of a non-None value to a
# fresh generator, throw() at different yield points, and coroutines awaited in a hot loop.
import sys


def who_calls():
    while True:
        f = sys._getframe(1)
        yield (f.f_code.co_name, f.f_lineno)


def consumer_a(g, n):
    out = []
    for _ in range(n):
        out.append(next(g))
    return out


def consumer_b(g, n):
    out = []
    for x in g:
        out.append(x)
        if len(out) == n:
            break
    return out


def reentrant():
    g = None

    def gen():
        try:
            next(g)
        except ValueError as e:
            yield ("inner", type(e).__name__, str(e))
        yield "after"

    g = gen()
    return list(g)


def throw_target(log):
    i = 0
    while True:
        try:
            yield i
        except KeyError as e:
            log.append(("key", i, str(e)))
        except IndexError:
            log.append(("index", i))
            return "stopped at %d" % i
        i += 1


async def leaf(x):
    return x * 3


async def middle(x):
    a = await leaf(x)
    b = await leaf(a)
    return a + b


class Suspend:
    def __await__(self):
        got = yield "suspended"
        return got


async def with_suspend(x):
    v = await Suspend()
    return (x, v, await middle(x))


def drive(coro, value):
    try:
        y = coro.send(None)
        while True:
            y = coro.send((y, value))
    except StopIteration as e:
        return e.value


def main():
    g = who_calls()
    seen = set()
    for k in range(300):
        seen.update(consumer_a(g, 2))
        seen.update(consumer_b(g, 2))
    print(sorted(seen))

    for k in range(3):
        print(reentrant())

    errors = []
    for k in range(200):
        def fresh():
            yield 1
        try:
            fresh().send(k + 1)
        except TypeError as e:
            errors.append(str(e))
    print(len(errors), errors[0])

    log = []
    results = []
    for k in range(300):
        t = throw_target(log)
        next(t)
        for j in range(k % 4):
            if j % 2:
                results.append(t.throw(KeyError(j)))
            else:
                results.append(t.send(None))
        try:
            t.throw(IndexError)
        except StopIteration as e:
            results.append(e.value)
    print(len(log), log[:5], len(results), results[:8])

    total = 0
    outs = []
    for k in range(400):
        c = middle(k)
        try:
            c.send(None)
        except StopIteration as e:
            total += e.value
        outs.append(drive(with_suspend(k % 5), k))
    print(total, outs[:4], outs[-1])

    c = middle(2)
    try:
        c.send(None)
    except StopIteration as e:
        print("value", e.value)
    try:
        c.send(None)
    except RuntimeError as e:
        print(type(e).__name__, e)


main()

# Generators resumed by `for` loops, next() and send() in hot loops: the JIT inlines the
# generator's frame into the consumer's trace. Covers several yield points, return values,
# exceptions raised inside, try/finally, early close, and `yield from`.
import sys


def count(n):
    i = 0
    while i < n:
        yield i
        i += 1


def two_points(n):
    for i in range(n):
        yield i
        if i % 3 == 0:
            yield -i
        yield i * 10


def returns(n):
    for i in range(n):
        yield i
    return n * 100


def raises_at(n, at):
    for i in range(n):
        if i == at:
            raise ValueError("boom at %d" % i)
        yield i


def with_finally(n, log):
    try:
        for i in range(n):
            yield i
    finally:
        log.append(n)


def inner(n):
    for i in range(n):
        yield i
    return "inner-done-%d" % n


def outer(n):
    r = yield from inner(n)
    yield r
    r2 = yield from inner(n + 1)
    yield r2


def stop_inside(n):
    for i in range(n):
        if i == n - 1:
            raise StopIteration("escaped")
        yield i


def handled_inside(n):
    try:
        raise KeyError(n)
    except KeyError:
        for i in range(n):
            yield (i, repr(sys.exc_info()[1]))


def main():
    total = 0
    for k in range(400):
        for x in count(k % 17):
            total += x
    print("count", total)

    seq = []
    for k in range(300):
        s = 0
        for x in two_points(k % 7):
            s += x
        seq.append(s)
    print("two_points", sum(seq), seq[:12])

    results = []
    for k in range(300):
        g = returns(k % 5)
        acc = 0
        while True:
            try:
                acc += next(g)
            except StopIteration as e:
                results.append((acc, e.value))
                break
    print("returns", results[:6], len(results))

    errors = 0
    got = 0
    for k in range(300):
        try:
            for x in raises_at(10, k % 12):
                got += x
        except ValueError as e:
            errors += 1
            last = str(e)
    print("raises", errors, got, last)

    log = []
    early = 0
    for k in range(300):
        g = with_finally(8, log)
        for x in g:
            if x == k % 10:
                early += 1
                break
        g.close()
    print("finally", early, len(log), sum(log))

    gens = []
    for k in range(200):
        g = with_finally(5, log)
        next(g)
        if k % 2:
            next(g)
        g.close()
        gens.append(g)
    print("closed", len(log), [type(next(g, None)).__name__ for g in gens[:3]])

    out = []
    for k in range(250):
        for x in outer(k % 4):
            out.append(x)
    print("yield from", len(out), out[:14])

    caught = []
    for k in range(200):
        try:
            for x in stop_inside(k % 6 + 1):
                pass
        except RuntimeError as e:
            caught.append((type(e).__name__, str(e), repr(e.__cause__)))
    print("pep479", len(caught), caught[0])

    pairs = []
    for k in range(200):
        for p in handled_inside(k % 3 + 1):
            pairs.append(p)
    print("handled", len(pairs), pairs[:3], sys.exc_info())

    sent = []
    for k in range(300):
        def echo():
            got = yield "start"
            while got is not None:
                got = yield got * 2
            return "end"
        g = echo()
        sent.append(g.send(None))
        for v in range(k % 4):
            sent.append(g.send(v))
        try:
            g.send(None)
        except StopIteration as e:
            sent.append(e.value)
    print("send", len(sent), sent[:12])

    g = count(3)
    print(next(g), list(g), list(g), next(g, "exhausted"))


main()

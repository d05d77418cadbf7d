# Generators consumed by builtins (list, tuple, set, sum, min, max, any, all, sorted, str.join,
# dict) around the generator protocol: close() and send() before and after a builtin consumed
# part of a generator, one generator shared by several consumers in turn, a generator that
# consumes itself, StopIteration and other exceptions raised mid-way (their tracebacks through
# the consumer), finally blocks, empty, short and long (> 10000 items) generators; each in a
# hot loop so that the JIT compiles the consumers.
import traceback


def tb_lines(e):
    return [(f.name, f.lineno) for f in traceback.extract_tb(e.__traceback__)]


def attempt(thunk):
    try:
        return thunk()
    except Exception as e:
        return (type(e).__name__, str(e), tb_lines(e))


def count(n, log=None):
    try:
        for i in range(n):
            yield i
    finally:
        if log is not None:
            log.append(("finally", n))


def stop_at(n, exc):
    for i in range(n):
        yield i
    raise exc


def echo(n):
    got = []
    for i in range(n):
        sent = yield i
        got.append(sent)
    return got


def shared_consumers(n):
    # One generator read by several consumers in turn: each takes what the previous left.
    g = count(n)
    first = next(g, None)
    part = list(x for _, x in zip(range(20), g))
    small = min(g, default=None) if n < 30 else min(x for _, x in zip(range(5), g))
    rest = sum(g)
    return first, len(part), part[-1:] if part else part, small, rest, list(g)


def close_and_send(n):
    log = []
    g = count(n, log)
    head = [next(g) for _ in range(min(n, 3))]
    if n == 0:
        return head, list(g), g.close(), log
    taken = sorted(x for x in g if x < 25)  # exhausts g
    after_close = g.close()
    e = echo(n)
    first = next(e, None)
    sent = [e.send(k * 10) for k in range(1, min(n, 4))]
    rest = tuple(e)  # the remaining items are sent None
    return head, taken[:5], len(taken), after_close, log, first, sent, rest[:3], len(rest)


def partial_close(n):
    log = []
    g = count(n, log)
    found = any(x == 18 for x in g)
    g.close()
    g2 = count(n, log)
    none_bad = all(x < 40 for x in g2)
    g2.close()
    return found, none_bad, log


def self_consuming():
    def gen():
        yield 1
        yield sum(g)

    g = gen()
    next(g)
    return attempt(lambda: next(g))


def raising_consumers(n):
    out = []
    for name, consumer in (("list", list), ("tuple", tuple), ("set", set), ("sum", sum),
                           ("min", min), ("max", max), ("sorted", sorted),
                           ("any", lambda g: any(x < 0 for x in g)),
                           ("all", lambda g: all(x >= 0 for x in g)),
                           ("join", lambda g: "-".join(str(x) for x in g)),
                           ("dict", lambda g: dict((x, x) for x in g))):
        out.append((name, attempt(lambda: consumer(stop_at(n, KeyError(name))))))
        out.append((name, attempt(lambda: consumer(stop_at(n, StopIteration(name))))))
    return out


def step_errors(n):
    def mixed(n):
        for i in range(n):
            yield i
        yield "x"

    def pairs(n):
        for i in range(n):
            yield (i, i)
        yield (1, 2, 3)

    return [
        attempt(lambda: sum(mixed(n))),
        attempt(lambda: min(mixed(n))),
        attempt(lambda: set([i] if i == n else i for i in range(n + 1))),
        attempt(lambda: ",".join(str(i) if i < n else i for i in range(n + 1))),
        attempt(lambda: dict(pairs(n))),
        attempt(lambda: sorted(mixed(n))),
    ]


def sizes(n):
    g = (i * 3 % 7 for i in range(n))
    return (sum(i for i in range(n)), len(list(i for i in range(n))),
            len(tuple(i for i in range(n) if i % 2)), len(set(i % 1000 for i in range(n))),
            max((i * 7919) % n for i in range(n)) if n else max((), default=-1),
            min((i for i in range(n)), default="empty"), any(i < 0 for i in range(n)),
            all(i >= 0 for i in range(n)), len(sorted(g)), list(g))


for rep in range(60):
    for n in (0, 1, 15, 16, 17, 33):
        r = (shared_consumers(n), close_and_send(n), partial_close(n), raising_consumers(n),
             step_errors(n), sizes(n))
        if rep in (0, 59):
            print(rep, n, r)
print(self_consuming())
for n in (10000, 12345):
    for rep in range(3):
        r = (sizes(n), shared_consumers(n)[1:5], close_and_send(n)[2:], partial_close(n))
    print(n, r[0][:8], r[1:])

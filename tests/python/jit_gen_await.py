# Coroutines awaited in hot code: `await f()` makes the coroutine and runs it inline (the trace
# keeps it virtual); recursion, exceptions crossing awaits, awaiting an awaited coroutine,
# coroutines that escape (kept in a list, inspected), and generators made in a loop and stored.


async def fib(n):
    if n <= 1:
        return n
    return await fib(n - 1) + await fib(n - 2)


async def fails(n):
    if n % 5 == 0:
        raise ValueError("bad %d" % n)
    return n


async def catches(n):
    try:
        return await fails(n)
    except ValueError as e:
        return str(e)


async def reuse(c):
    first = await c
    try:
        await c
    except RuntimeError as e:
        return (first, type(e).__name__, str(e))


async def keep(n, store):
    async def inner(k):
        return k + 1
    c = inner(n)
    store.append(c)
    return await c


async def self_await(box):
    try:
        await box[0]
    except RuntimeError as e:
        return (type(e).__name__, str(e))
    except ValueError as e:
        return (type(e).__name__, str(e))


def run(coro):
    try:
        coro.send(None)
    except StopIteration as e:
        return e.value
    raise AssertionError("suspended")


def squares(n):
    for i in range(n):
        yield i * i


def main():
    print([run(fib(k)) for k in range(12)])
    print(run(fib(18)))
    print([run(catches(k)) for k in range(12)])
    total = 0
    for k in range(500):
        r = run(catches(k))
        if isinstance(r, int):
            total += r
    print(total)

    async def make(x):
        return x * 2

    print(run(reuse(make(21))))
    store = []
    print(sum(run(keep(k, store)) for k in range(300)))
    print(len(store), type(store[0]).__name__, store[0].cr_frame, store[0].cr_running)
    box = [None]
    c = self_await(box)
    box[0] = c
    print(run(c))

    gens = []
    for k in range(300):
        gens.append(squares(k % 6))
    print(sum(sum(g) for g in gens), [list(g) for g in gens[:2]])
    print(type(gens[0]).__name__, gens[0].gi_frame, gens[0].gi_running)


main()

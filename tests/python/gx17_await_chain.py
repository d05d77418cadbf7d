# Chains of coroutines awaiting each other and generators delegating through async
# generators, driven by hand: values sent down the chain, exceptions thrown into it and
# raised from its bottom, return values passed up, and what the frames show meanwhile.
import sys
import types


@types.coroutine
def suspend(v):
    got = yield ("suspended", v)
    return got


async def leaf(n):
    total = 0
    for i in range(n):
        got = await suspend(i)
        if isinstance(got, int):
            total += got
    return total


async def node(depth, n):
    if depth == 0:
        return await leaf(n)
    r = await node(depth - 1, n)
    return r + depth * 100


def drive(coro, sends):
    out = []
    try:
        out.append(coro.send(None))
        for s in sends:
            if isinstance(s, BaseException):
                out.append(coro.throw(s))
            else:
                out.append(coro.send(s))
        while True:
            out.append(coro.send(1))
    except StopIteration as e:
        out.append(("returned", e.value))
    except Exception as e:
        out.append(("raised", type(e).__name__, str(e)))
    return out


for depth in (0, 1, 4, 20):
    print(depth, drive(node(depth, 4), [5, 6]))
    print(depth, drive(node(depth, 4), [5, KeyError("thrown")]))


async def guarded(depth):
    if depth == 0:
        try:
            await suspend("bottom")
        except ValueError as e:
            await suspend(("handled", str(e), sys.exc_info()[0].__name__))
            raise KeyError("from bottom") from e
        return "bottom ok"
    try:
        return await guarded(depth - 1)
    except KeyError as e:
        return "caught %r at %d, cause %r" % (e, depth, e.__cause__)


for rnd in range(3):
    print(drive(guarded(3), [ValueError("v"), None]))


async def agen(depth):
    for i in range(3):
        x = await node(depth, 2)
        yield (i, x)


def drive_agen(ag):
    out = []
    while True:
        step = ag.__anext__()
        try:
            v = step.send(None)
            while True:
                out.append(v)
                v = step.send(7)
        except StopIteration as e:
            out.append(("item", e.value))
        except StopAsyncIteration:
            out.append("end")
            return out


for depth in (0, 3):
    print(drive_agen(agen(depth)))


async def frames(depth):
    if depth == 0:
        f = sys._getframe()
        chain = []
        while f is not None and len(chain) < 4:
            chain.append(f.f_code.co_name)
            f = f.f_back
        await suspend(chain)
        return len(chain)
    return await frames(depth - 1)


c = frames(3)
print(c.send(None))
print(c.cr_running, type(c.cr_await).__name__, c.cr_frame.f_lineno)
try:
    c.send(None)
except StopIteration as e:
    print("frames returned", e.value)
print(c.cr_frame, c.cr_await)
c = node(2, 3)
c.send(None)
try:
    c.send(None)
    c.close()
    print("closed", c.cr_frame)
    c.send(None)
except RuntimeError as e:
    print("RuntimeError", e)

# coroutine.__await__() iterators, awaiting finished coroutines, types.coroutine generators
# delegating to coroutines, and invalid __anext__ results.
import types


def show(thunk):
    try:
        print("ok", thunk())
    except BaseException as e:
        print(type(e).__name__, e, repr(e.__cause__))


async def answer():
    return "spam"


coro = answer()
aw = coro.__await__()
print(type(aw).__name__, iter(aw) is aw, "__iter__" in dir(aw), "__next__" in dir(aw))
show(lambda: next(aw))
show(lambda: aw.send(None))
show(lambda: next(aw))
show(lambda: aw.throw(Exception("wat")))
show(lambda: coro.send(None))
show(lambda: coro.throw(Exception("wat")))
print(coro.close(), coro.close())


class FutureLike:
    def __await__(self):
        return (yield "suspended")


async def inner():
    return await FutureLike()


class Wrapper:
    def __init__(self, coro):
        self.coro = coro

    def __await__(self):
        return self.coro.__await__()


async def outer():
    return await Wrapper(inner())


c = outer()
print(c.send(None))
show(lambda: c.send("result"))

c = outer()
c.send(None)
show(lambda: c.throw(ZeroDivisionError("thrown")))


@types.coroutine
def legacy():
    return (yield from answer())


def drive(coro):
    values = []
    try:
        while True:
            values.append(coro.send(None))
    except StopIteration as e:
        return values, e.value


print(drive(legacy()))


pending = answer()


def plain():
    yield from pending


show(lambda: next(plain()))
pending.close()


class BadNext:
    def __aiter__(self):
        return self

    def __anext__(self):
        return self

    def __await__(self):
        1 / 0


async def loop():
    async for _ in BadNext():
        pass


show(lambda: loop().send(None))


async def awaits_wrapper():
    await pending.__await__()


pending = answer()
show(lambda: awaits_wrapper().send(None))
pending.close()

async def agen():
    yield 1
    yield 2


step = agen().__anext__()
print(iter(step) is step)
show(lambda: next(step))


# throw() into a delegate sees the delegating frames and exception state.
import sys


def stack_names():
    f = sys._getframe(1)
    names = []
    while f is not None and f.f_code.co_name != "<module>":
        names.append(f.f_code.co_name)
        f = f.f_back
    return names


async def outer_a():
    return await outer_b()


async def outer_b():
    return await leaf_c()


@types.coroutine
def leaf_c():
    try:
        yield stack_names()
    except ZeroDivisionError:
        yield stack_names()


co = outer_a()
print(co.send(None), co.throw(ZeroDivisionError))
co.close()


def sub():
    yield


def delegating():
    try:
        raise KeyError("a")
    except Exception:
        yield from sub()


g = delegating()
g.send(None)
try:
    g.throw(ValueError)
except ValueError as e:
    print(type(e.__context__).__name__, e.__context__.args)

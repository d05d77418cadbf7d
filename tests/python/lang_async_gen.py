# async generators, async for, async with, driven by a hand-written loop
class Tick:
    def __init__(self, n):
        self.n = n
    def __await__(self):
        yield ("tick", self.n)
        return self.n

def run(coro):
    value = None
    while True:
        try:
            request = coro.send(value)
        except StopIteration as e:
            return e.value
        print("loop:", request)
        value = None

async def counter(n):
    for i in range(n):
        await Tick(i)
        yield i * 10
    print("counter exhausted")

async def consume():
    out = []
    async for v in counter(3):
        out.append(v)
    return out
print(run(consume()))

ag = counter(2)
print(type(ag).__name__, ag.__name__, ag.__aiter__() is ag)

# async comprehension
async def comp():
    return [v + 1 async for v in counter(2)]
print(run(comp()))

# manual __anext__ / asend / athrow / aclose
async def echo():
    received = None
    try:
        while True:
            try:
                received = yield f"echo {received}"
            except ValueError as e:
                received = f"caught {e}"
    finally:
        print("echo finally")

async def drive():
    e = echo()
    print(await e.__anext__())
    print(await e.asend("a"))
    print(await e.athrow(ValueError("boom")))
    print(await e.asend("b"))
    await e.aclose()
    try:
        await e.__anext__()
    except StopAsyncIteration:
        print("StopAsyncIteration after aclose")
print(run(drive()))

# an exception inside an async generator propagates through async for
async def broken():
    yield 1
    raise KeyError("broken")
async def use_broken():
    try:
        async for v in broken():
            print("got", v)
    except KeyError as e:
        return "caught " + repr(e)
print(run(use_broken()))

# a user async iterator
class AsyncRange:
    def __init__(self, n):
        self.i = 0
        self.n = n
    def __aiter__(self):
        return self
    async def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        await Tick(self.i)
        return self.i
async def use_range():
    total = 0
    async for v in AsyncRange(3):
        total += v
    return total
print(run(use_range()))

# async with
class Resource:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress
    async def __aenter__(self):
        print("enter", self.name)
        await Tick("enter " + self.name)
        return self
    async def __aexit__(self, exc_type, exc, tb):
        print("exit", self.name, exc_type.__name__ if exc_type else None, exc)
        return self.suppress

async def use_resources():
    async with Resource("a") as a, Resource("b") as b:
        print("inside", a.name, b.name)
    async with Resource("c", suppress=True):
        raise ValueError("suppressed")
    try:
        async with Resource("d"):
            raise ValueError("not suppressed")
    except ValueError as e:
        print("propagated", e)
    return "resources done"
print(run(use_resources()))

# protocol errors
async def errors():
    for obj in [5, object()]:
        try:
            async for x in obj:
                pass
        except TypeError as e:
            print(type(e).__name__, e)
    class NoAnext:
        def __aiter__(self):
            return 1
    try:
        async for x in NoAnext():
            pass
    except TypeError as e:
        print(type(e).__name__, e)
    class BadAnext:
        def __aiter__(self):
            return self
        def __anext__(self):
            return 1
    try:
        async for x in BadAnext():
            pass
    except TypeError as e:
        print(type(e).__name__, e)
    try:
        async with 5:
            pass
    except TypeError as e:
        print(type(e).__name__, e)
    class OnlyEnter:
        async def __aenter__(self):
            return 1
    try:
        async with OnlyEnter():
            pass
    except TypeError as e:
        print(type(e).__name__, e)
    return "errors done"
print(run(errors()))

# StopAsyncIteration raised inside an async generator body becomes RuntimeError
async def leaky():
    yield 1
    raise StopAsyncIteration
async def use_leaky():
    try:
        async for v in leaky():
            pass
    except RuntimeError as e:
        return f"{type(e).__name__}: {e}"
print(run(use_leaky()))

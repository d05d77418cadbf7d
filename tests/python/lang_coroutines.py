# coroutines: async def, await, __await__, a hand-written event loop driving them with send()
class Sleep:
    """An awaitable that suspends once, yielding a request to the loop."""
    def __init__(self, label):
        self.label = label
    def __await__(self):
        reply = yield ("sleep", self.label)
        return f"woke {self.label} with {reply}"

async def leaf(n):
    r = await Sleep(f"leaf{n}")
    return (n, r)

async def middle():
    a = await leaf(1)
    b = await leaf(2)
    return [a, b]

def run(coro):
    """Drive a coroutine to completion, answering each request with a counter."""
    step = 0
    value = None
    while True:
        try:
            request = coro.send(value)
        except StopIteration as e:
            return e.value
        step += 1
        print("loop got", request)
        value = step

print(run(middle()))

c = leaf(5)
print(type(c).__name__, c.__name__, c.__qualname__)
print(run(c))
try:
    c.send(None)
except RuntimeError as e:
    print(type(e).__name__, e)

# awaiting a coroutine that raises
async def failing():
    await Sleep("before failing")
    raise ValueError("failed inside coroutine")

async def catcher():
    try:
        await failing()
    except ValueError as e:
        return "caught: " + str(e)
print(run(catcher()))

# throw() into a suspended coroutine passes through await to the innermost awaitable
async def guarded():
    try:
        await Sleep("guarded")
    except KeyError as e:
        print("guarded caught", repr(e))
        return "recovered"
g = guarded()
print(g.send(None))
try:
    g.throw(KeyError("k"))
except StopIteration as e:
    print("result", e.value)

# close() on a suspended coroutine
async def closing():
    try:
        await Sleep("closing")
    finally:
        print("closing finally")
cl = closing()
cl.send(None)
cl.close()
print(cl.cr_frame)

# cr_running, cr_await, cr_frame
async def introspect():
    await Sleep("x")
i = introspect()
print(i.cr_running, i.cr_await, i.cr_frame is not None)
i.send(None)
print(i.cr_await is not None, type(i.cr_await).__name__)
i.close()

# await on non-awaitables
async def bad_await(x):
    return await x
for x in [5, "s", None]:
    try:
        bad_await(x).send(None)
    except TypeError as e:
        print(type(e).__name__, e)

class BadAwait:
    def __await__(self):
        return 5
try:
    bad_await(BadAwait()).send(None)
except TypeError as e:
    print(type(e).__name__, e)

# coroutines are not iterable and cannot be used with yield from in plain generators
async def simple():
    return 1
s = simple()
try:
    iter(s)
except TypeError as e:
    print(type(e).__name__, e)
try:
    next(s)
except TypeError as e:
    print(type(e).__name__, e)
def gen():
    yield from s
try:
    next(gen())
except TypeError as e:
    print(type(e).__name__, e)
s.close()

# a task scheduler: round-robin over several coroutines
async def worker(name, n):
    total = 0
    for i in range(n):
        total += await Sleep(f"{name}:{i}") is not None
    return f"{name} done after {n}"

def scheduler(coros):
    queue = list(coros)
    results = []
    while queue:
        coro = queue.pop(0)
        try:
            request = coro.send(None)
            print("scheduled", request)
            queue.append(coro)
        except StopIteration as e:
            results.append(e.value)
    return results
print(scheduler([worker("a", 2), worker("b", 3), worker("c", 1)]))

# send a non-None value to a just-started coroutine
s2 = simple()
try:
    s2.send(1)
except TypeError as e:
    print(type(e).__name__, e)
s2.close()

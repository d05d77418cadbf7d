# generators: yield from delegation (values, send, return values), StopIteration.value
def inner(n):
    total = 0
    for i in range(n):
        got = yield i
        print("inner got", got)
        if got is not None:
            total += got
    return total * 10

def outer():
    r1 = yield from inner(3)
    print("first inner returned", r1)
    r2 = yield from inner(2)
    print("second inner returned", r2)
    return r1 + r2

g = outer()
print(next(g))
print(g.send(5))
print(g.send(6))
print(g.send(7))
print(g.send(None))
try:
    g.send(8)
except StopIteration as e:
    print("StopIteration value", e.value, e.args)

# yield from a list, a range, a string, a generator expression
def flat():
    yield from [1, 2]
    yield from range(3, 5)
    yield from "ab"
    yield from (x * x for x in range(3))
    yield from ()
print(list(flat()))

# return value of a plain generator
def ret():
    yield 1
    return "done"
it = ret()
print(next(it))
try:
    next(it)
except StopIteration as e:
    print(type(e).__name__, repr(e.value), e.args)
try:
    next(it)
except StopIteration as e:
    print("again", repr(e.value), e.args)

def ret_none():
    return
    yield
try:
    next(ret_none())
except StopIteration as e:
    print("none", e.value, e.args)

# a tuple return value
def ret_tuple():
    yield 0
    return (1, 2)
t = ret_tuple()
next(t)
try:
    next(t)
except StopIteration as e:
    print("tuple", e.value, e.args)

# deep delegation chain
def chain(n):
    if n == 0:
        x = yield "leaf"
        return x
    r = yield from chain(n - 1)
    return r + 1
c = chain(5)
print(next(c))
try:
    c.send(100)
except StopIteration as e:
    print("chain result", e.value)

# yield from an iterator class with send
class Echo:
    def __init__(self):
        self.n = 0
    def __iter__(self):
        return self
    def __next__(self):
        self.n += 1
        if self.n > 3:
            raise StopIteration(self.n * 100)
        return self.n
    def send(self, v):
        print("Echo.send", v)
        return self.__next__()

def use_echo():
    r = yield from Echo()
    print("echo returned", r)
e = use_echo()
print(next(e), e.send("x"), e.send("y"))
try:
    e.send("z")
except StopIteration:
    print("finished")

# yield from a non-iterable
def bad():
    yield from 5
try:
    next(bad())
except TypeError as e:
    print(type(e).__name__, e)

# PEP 479: StopIteration inside a generator becomes RuntimeError
def leaky():
    yield 1
    raise StopIteration("oops")
l = leaky()
next(l)
try:
    next(l)
except RuntimeError as e:
    print(type(e).__name__, e, "| cause:", type(e.__cause__).__name__, e.__cause__)

# send to a just-started generator
try:
    inner(1).send(5)
except TypeError as e:
    print(type(e).__name__, e)

# generator running itself
def selfish():
    yield next(me)
me = selfish()
try:
    next(me)
except ValueError as e:
    print(type(e).__name__, e)

# gi_running / gi_frame / names
def watch():
    print("running inside:", w.gi_running)
    yield 1
w = watch()
print(w.gi_running, w.gi_frame is not None, w.__name__, w.__qualname__)
next(w)
print(w.gi_running)
for _ in w:
    pass
print(w.gi_frame)
print(type(w).__name__)

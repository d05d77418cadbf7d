# `yield from` chains: values, send/throw/close passed down a chain, return values, exceptions
# crossing levels, the handled exception seen inside a chain, gi_yieldfrom / gi_running, and a
# recursive tree iterator resumed many times (so that its levels are compiled).
import sys
import traceback


class Tree:
    def __init__(self, left, value, right):
        self.left = left
        self.value = value
        self.right = right

    def __iter__(self):
        if self.left:
            yield from self.left
        yield self.value
        if self.right:
            yield from self.right


def tree(values):
    if not values:
        return None
    i = len(values) // 2
    return Tree(tree(values[:i]), values[i], tree(values[i + 1:]))


root = tree(list(range(300)))
total = 0
for round_ in range(30):
    items = list(root)
    assert items == list(range(300)), items[:10]
    total += sum(items)
print("tree", total)


def leaf(n):
    received = []
    for i in range(n):
        got = yield i
        received.append(got)
    return ("leaf done", received)


def middle(n):
    result = yield from leaf(n)
    got = yield ("middle", result)
    return ("middle done", got)


def outer(n):
    result = yield from middle(n)
    yield ("outer", result)


g = outer(3)
print(next(g))
print(g.send("a"))
print(g.send("b"))
print(g.send("c"))
print(g.send("d"))
try:
    g.send("e")
except StopIteration as e:
    print("stop", e.value)

# Sending through a chain many times (compiled levels).
for rounds in range(3):
    g = outer(500)
    out = [next(g)]
    for i in range(499):
        out.append(g.send(i))
    tag, (done, received) = g.send("x")
    print(len(out), out[-1], tag, done, len(received), received[-2:])


# Exceptions crossing levels: caught in the middle, in the outer, or escaping with a traceback
# of every level.
class Boom(Exception):
    pass


def raising(n):
    for i in range(n):
        yield i
    raise Boom("at %d" % n)


def catching_middle(n):
    try:
        yield from raising(n)
    except Boom as e:
        yield ("caught in middle", str(e))
    yield "middle after"


def plain_middle(n):
    yield from raising(n)


def catching_outer(n):
    try:
        yield from plain_middle(n)
    except Boom as e:
        yield ("caught in outer", str(e), type(e.__context__).__name__)


for n in (0, 1, 40):
    print(list(catching_middle(n))[-2:])
    print(list(catching_outer(n))[-1])

try:
    for x in plain_middle(5):
        pass
except Boom as e:
    names = [frame.name for frame in traceback.extract_tb(e.__traceback__)]
    print("escaped", e, names)


# A StopIteration raised inside a delegate becomes a RuntimeError there (PEP 479).
def stopping():
    yield 1
    raise StopIteration("inner")


def over_stopping():
    try:
        yield from stopping()
    except RuntimeError as e:
        yield ("runtime", str(e), type(e.__cause__).__name__)


print(list(over_stopping()))


# throw() and close() passed down the chain.
def catcher():
    while True:
        try:
            yield "ready"
        except ValueError as e:
            yield ("caught", str(e))


def chain3():
    yield from catcher()


def chain2():
    yield from chain3()


g = chain2()
print(next(g))
print(g.throw(ValueError("v1")))
print(next(g))
print(g.throw(ValueError, "v2"))
try:
    g.throw(KeyError("k"))
except KeyError as e:
    print("keyerror escaped", e)
print(g.gi_frame is None, g.gi_running)


def closing_leaf(log):
    try:
        yield 1
        yield 2
    finally:
        log.append("leaf closed")


def closing_middle(log):
    try:
        yield from closing_leaf(log)
    finally:
        log.append("middle closed")


log = []
g = closing_middle(log)
next(g)
g.close()
print(log)


# The handled exception inside a chain: each generator keeps its own (sys.exc_info()).
def report():
    yield sys.exc_info()[0]
    try:
        raise KeyError("inner")
    except KeyError:
        yield sys.exc_info()[0]
    yield sys.exc_info()[0]


def handling_middle():
    try:
        raise ValueError("middle")
    except ValueError:
        yield from report()
        yield ("middle", sys.exc_info()[0])
    yield ("middle after", sys.exc_info()[0])


def names(it):
    out = []
    for v in it:
        if isinstance(v, tuple):
            out.append((v[0], v[1] and v[1].__name__))
        else:
            out.append(v and v.__name__)
    return out


for i in range(3):
    print(names(handling_middle()))
try:
    raise IndexError("consumer")
except IndexError:
    print(names(handling_middle()), sys.exc_info()[0].__name__)


# gi_yieldfrom and gi_running through the chain, seen from the innermost generator.
def inspecting(outer_ref):
    yield (outer_ref[0].gi_running, outer_ref[0].gi_yieldfrom is not None)
    yield "second"


def holder(outer_ref):
    yield from inspecting(outer_ref)


ref = []
g = holder(ref)
ref.append(g)
print(g.gi_yieldfrom, g.gi_running)
print(next(g))
print(type(g.gi_yieldfrom).__name__, g.gi_yieldfrom.gi_running, g.gi_running)
print(next(g))
print(list(g), g.gi_yieldfrom)


# Re-entering a running chain from its innermost generator.
def reentering(ref):
    try:
        next(ref[0])
    except ValueError as e:
        yield ("reenter", str(e))


ref = []
g = (lambda r: (yield from reentering(r)))(ref)
ref.append(g)
print(list(g))


# A delegate that is not a generator, and one that finishes early.
def over_list():
    r = yield from [1, 2, 3]
    yield ("list result", r)


print(list(over_list()))


def finished_inner():
    return "early"
    yield


def over_finished():
    r = yield from finished_inner()
    yield r
    r = yield from finished_inner()
    yield r


print(list(over_finished()))


# Frames: f_back of the innermost frame walks through every level while it runs.
def where():
    frame = sys._getframe()
    chain = []
    while frame is not None and len(chain) < 5:
        chain.append(frame.f_code.co_name)
        frame = frame.f_back
    yield chain


def where_middle():
    yield from where()


def where_outer():
    yield from where_middle()


for i in range(3):
    print(next(where_outer()))
g = where_outer()
next(g)
print(g.gi_frame.f_back, g.gi_yieldfrom.gi_frame.f_back)

# generators: throw() and close(), GeneratorExit, finally blocks, delegation of throw/close
def worker():
    try:
        while True:
            try:
                x = yield "ready"
                print("got", x)
            except ValueError as e:
                print("worker caught", type(e).__name__, e)
                yield "recovered"
    finally:
        print("worker cleanup")

w = worker()
print(next(w))
print(w.send(1))
print(w.throw(ValueError("bad value")))
print(next(w))
print(w.throw(ValueError))
print(next(w))
try:
    w.throw(KeyError("k"))
except KeyError as e:
    print("propagated", type(e).__name__, e)
print("after finish:", list(w))
try:
    w.throw(IndexError("late"))
except IndexError as e:
    print("finished generator re-raises", e)

# close runs finally and GeneratorExit handlers
def closable():
    try:
        yield 1
        yield 2
    except GeneratorExit:
        print("GeneratorExit seen")
        raise
    finally:
        print("closable finally")

c = closable()
next(c)
print(c.close())
print(c.close())

# closing a fresh generator does nothing
fresh = closable()
fresh.close()
print(list(fresh))

# a generator that ignores GeneratorExit
def stubborn():
    for i in range(2):
        try:
            yield i
        except GeneratorExit:
            print("ignoring")
s = stubborn()
next(s)
try:
    s.close()
except RuntimeError as e:
    print(type(e).__name__, e)
print("rest", list(s))

# a generator that returns on GeneratorExit is fine
def quitter():
    try:
        yield 1
    except GeneratorExit:
        return "bye"
q = quitter()
next(q)
print("quitter close:", q.close())

# an exception raised while closing propagates
def angry():
    try:
        yield 1
    finally:
        raise TypeError("angry close")
a = angry()
next(a)
try:
    a.close()
except TypeError as e:
    print(type(e).__name__, e, type(e.__context__).__name__)

# throw delegates through yield from
def sub():
    try:
        yield "sub1"
        yield "sub2"
    except ZeroDivisionError as e:
        print("sub caught", e)
        yield "sub handled"
        return "sub result"
    finally:
        print("sub finally")

def delegator():
    r = yield from sub()
    print("delegator got", r)
    yield "after"

d = delegator()
print(next(d))
print(d.throw(ZeroDivisionError("zd")))
print(next(d))
print(list(d))

# close delegates through yield from
d2 = delegator()
next(d2)
d2.close()
print("closed delegator")

# throw with an exception the sub-generator does not handle goes to the outer one
def outer_catches():
    try:
        yield from sub()
    except KeyError as e:
        print("outer caught", repr(e))
        yield "outer handled"
o = outer_catches()
next(o)
print(o.throw(KeyError("x")))

# the 3-argument throw signature and bad arguments
def simple():
    yield 1
g = simple()
next(g)
try:
    g.throw(ValueError, "message")
except ValueError as e:
    print("two-arg", e)
g = simple()
next(g)
try:
    g.throw(ValueError, ("a", "b"))
except ValueError as e:
    print("tuple value", e.args)
g = simple()
next(g)
try:
    g.throw(ValueError("x"), "y")
except TypeError as e:
    print(type(e).__name__, e)
try:
    g.throw(42)
except TypeError as e:
    print(type(e).__name__, e)

# throw into a fresh generator raises immediately
g = simple()
try:
    g.throw(RuntimeError("early"))
except RuntimeError as e:
    print("early:", e)
print(list(g))

# exceptions inside generator see their own context
def ctx():
    try:
        raise KeyError("inner")
    except KeyError:
        yield "in handler"
        raise ValueError("from handler")
cg = ctx()
print(next(cg))
try:
    next(cg)
except ValueError as e:
    print(type(e).__name__, e, "context:", repr(e.__context__))

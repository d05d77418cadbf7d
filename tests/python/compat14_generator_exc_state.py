# The exception a generator handles is its own: after its except block ends, sys.exc_info()
# inside it is its resumer's again, not what the resumer handled when the block began.
import sys


def show(label):
    print(label, sys.exc_info()[0])


def g():
    show("g start")
    try:
        raise ValueError
    except ValueError:
        show("g in except")
        yield 1
        show("g in except, resumed")
    show("g after except")
    yield 2
    show("g end")
    yield 3


gen = g()
try:
    raise IndexError
except IndexError:
    print(next(gen))
print(next(gen))
try:
    raise KeyError
except KeyError:
    print(next(gen))
    show("caller")
show("caller after")


def nested():
    try:
        raise TypeError
    except TypeError:
        try:
            raise OSError
        except OSError:
            yield "inner"
        show("nested back in outer handler")
        yield "outer"
    show("nested done")
    yield "done"


for i in range(3):
    n = nested()
    try:
        raise ZeroDivisionError
    except ZeroDivisionError:
        print(next(n))
    print(next(n))
    try:
        raise LookupError
    except LookupError:
        print(next(n))


def thrower():
    while True:
        try:
            yield
        except RuntimeError:
            show("thrower caught")
        show("thrower after")


t = thrower()
next(t)
try:
    raise NameError
except NameError:
    t.throw(RuntimeError)
t.send(None)


def looping(n):
    total = 0
    for i in range(n):
        try:
            if i % 3 == 0:
                raise ValueError(i)
        except ValueError as e:
            total += e.args[0]
            yield sys.exc_info()[0] is ValueError
        yield sys.exc_info()[0]


print(sum(1 for x in looping(3000) if x is True), set(x for x in looping(300) if x is not True))

# A generator takes __name__ and __qualname__ from the function that made it (renamed or not).


def func():
    yield 1


async def coro():
    pass


async def agen():
    yield 1


def show(g):
    print(type(g).__name__, g.__name__, g.__qualname__)


show(func())
func.__name__ = "renamed"
func.__qualname__ = "Outer.renamed"
g = func()
show(g)
g.__name__ = "assigned"
show(g)
show(func())
print(next(func()))

coro.__name__ = "coro2"
c = coro()
show(c)
c.close()

agen.__qualname__ = "q.agen"
show(agen())


class C:
    def method(self):
        yield self

    def make(self):
        return (x for x in range(2))


show(C().method())
C.method.__name__ = "meth"
show(C().method())
show(C().make())
print(func().__name__ is func.__name__)
try:
    g.__name__ = 5
except TypeError as e:
    print("TypeError", e)

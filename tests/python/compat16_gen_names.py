# Generator, coroutine and async generator __name__/__qualname__: the code's name objects,
# writable with a str, not deletable.


def func():
    yield 1


gen = func()
print(gen.__name__, gen.__qualname__, gen.__name__ is func.__code__.co_name)
gen.__name__ = "name"
gen.__qualname__ = "qualname"
print(gen.__name__, gen.__qualname__, next(gen))
for attr, value in [("__name__", 123), ("__qualname__", None)]:
    try:
        setattr(gen, attr, value)
    except TypeError as e:
        print("TypeError", e)
for attr in ["__name__", "__qualname__"]:
    try:
        delattr(gen, attr)
    except TypeError as e:
        print("TypeError", e)
print(gen.__name__, gen.__qualname__)
g2 = (x for x in range(3))
print(g2.__name__, g2.__qualname__, list(g2))


async def coro():
    return 1


c = coro()
c.__name__ = "renamed"
print(c.__name__, c.__qualname__)
c.close()


async def agen():
    yield 1


a = agen()
a.__qualname__ = "aq"
print(a.__name__, a.__qualname__)

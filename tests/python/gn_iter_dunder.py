# `for x in obj` and `yield from obj` where obj's class defines `__iter__` in Python, in hot loops:
# generator functions, returning other iterators, bad results, raising, changed at run time.


class Gen:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        for i in range(self.n):
            yield i * i


class Lst:
    def __init__(self, items):
        self.items = items

    def __iter__(self):
        return iter(self.items)


class Own:
    def __init__(self, n):
        self.i = 0
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.i >= self.n:
            raise StopIteration
        self.i += 1
        return self.i


class Bad:
    def __iter__(self):
        return 42


class BadObj:
    def __iter__(self):
        return object()


class Raises:
    def __iter__(self):
        raise ValueError("no iterating")


class NotIterable:
    pass


class Sub(Gen):
    pass


def delegate(obj):
    r = yield from obj
    return r


total = 0
for k in range(300):
    for x in Gen(k % 13):
        total += x
    for x in Lst([k, k + 1]):
        total += x
    for x in Own(k % 5):
        total += x
    for x in Sub(3):
        total += x
    for x in delegate(Gen(k % 4)):
        total += x
    for x in delegate(Lst((1, 2, 3))):
        total += x
    for x in delegate(Own(2)):
        total += x
print("total", total)

for obj in (Bad(), BadObj(), Raises(), NotIterable()):
    for how in ("for", "yield from", "iter"):
        for rep in range(3):
            try:
                if how == "for":
                    for x in obj:
                        pass
                elif how == "yield from":
                    list(delegate(obj))
                else:
                    iter(obj)
            except (TypeError, ValueError) as e:
                if rep == 0:
                    print(how, type(obj).__name__, type(e).__name__, e)

# `__iter__` set on an instance is not used; changing the class's is.
g = Gen(3)
g.__iter__ = lambda: iter([100])
print("instance attr", list(g))
acc = []
for k in range(200):
    if k == 150:
        Gen.__iter__ = lambda self: iter(["patched", self.n])
    for x in Gen(2):
        acc.append(x)
print("patched", acc[:4], acc[-4:], len(acc))

# Exceptions from inside the generator `__iter__` returned, after some items.
class Fails:
    def __iter__(self):
        yield 1
        yield 2
        raise KeyError("inside")


for rep in range(100):
    got = []
    try:
        for x in Fails():
            got.append(x)
    except KeyError as e:
        if rep % 50 == 0:
            print("fails", rep, got, type(e).__name__, e)

# The result of `yield from` an iterator whose `__next__` (a Python method) raises
# StopIteration with a value, and of builtin iterators (None).
class MyIter:
    def __iter__(self):
        return self

    def __next__(self):
        raise StopIteration(42)


class Counting:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.n == 0:
            e = StopIteration()
            e.value = "done"
            raise e
        self.n -= 1
        return self.n


def gen(it):
    r = yield from it
    print("result", repr(r))
    return r


print(list(gen(MyIter())))
print(list(gen(Counting(3))))
print(list(gen(iter([1, 2]))))
print(list(gen(range(3))))
g = gen(Counting(2))
print(next(g), next(g))
try:
    next(g)
except StopIteration as e:
    print("StopIteration", repr(e.value))

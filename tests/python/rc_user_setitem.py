# obj[key] = value on instances of classes with a Python __setitem__ (called in a trace like
# __getitem__): the return value is ignored, exceptions propagate, and array.array items are
# checked as CPython checks them.
import array


class Grid:
    def __init__(self, n):
        self.cells = [0] * n
        self.writes = 0

    def __setitem__(self, i, v):
        if v < 0:
            raise ValueError("negative value %d" % v)
        self.cells[i % len(self.cells)] = v
        self.writes += 1
        return "ignored"

    def __getitem__(self, i):
        return self.cells[i % len(self.cells)]


class Logged(dict):
    def __setitem__(self, k, v):
        super().__setitem__(k, v * 2)


class BadArity:
    def __setitem__(self, k):
        pass


def fill(n):
    g = Grid(7)
    errors = 0
    for i in range(n):
        try:
            g[i] = i - n // 2 if i % 5 == 0 else i
        except ValueError as e:
            errors += 1
            last = str(e)
        g[i * 3] = g[i] + 1
    return g.cells, g.writes, errors, last if errors else None


def bytes_canvas(n):
    a = array.array("B", [0] * 16)
    for i in range(n):
        a[i % 16] = max(0, min(255, int(i * 1.7) % 300 - 20))
    return list(a)


for n in (3, 400, 2500):
    print(n, fill(n), bytes_canvas(n))
d = Logged()
d["a"] = 3
print(d)
try:
    BadArity()[1] = 2
except TypeError as e:
    print(type(e).__name__, e)
a = array.array("B", [1])
for bad in (256, -1, 1.5, "x"):
    try:
        a[0] = bad
    except (OverflowError, TypeError) as e:
        print(type(e).__name__, e)

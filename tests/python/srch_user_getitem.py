# obj[key] on instances of user classes: __getitem__ found on the type (not the instance),
# inherited, replaced at run time, raising, receiving slices; in loops hot enough to be traced.
import traceback


class Grid:
    def __init__(self, n):
        self.cells = [[i, i * 2] for i in range(n)]

    def __getitem__(self, i):
        return self.cells[i]


class Sub(Grid):
    pass


class Logged(Grid):
    def __getitem__(self, i):
        if isinstance(i, slice):
            return ("slice", i.start, i.stop, i.step)
        if i < 0:
            raise KeyError(i)
        return super().__getitem__(i)


class NoItems:
    pass


class Callable:
    def __call__(self, key):
        return ("callable", key)


class WithCallable:
    __getitem__ = Callable()


class WithStatic:
    @staticmethod
    def __getitem__(key):
        return ("static", key)


g = Grid(10)
s = Sub(10)
total = 0
for n in range(3000):
    total += g[n % 10][0] + s[n % 7][1]
    if 3 in g[n % 10]:
        total += 1
print(total)

lg = Logged(5)
print(lg[1:4], lg[::2], lg[2])
for k in (-1, 9):
    try:
        lg[k]
    except (KeyError, IndexError) as e:
        print(type(e).__name__, e)

try:
    NoItems()[0]
except TypeError as e:
    print(type(e).__name__, e)

# an instance attribute named __getitem__ is not used by obj[key]
o = Grid(3)
o.__getitem__ = lambda i: "instance"
print(o[1], o.__getitem__(1))

print(WithCallable()[5])
try:
    print(WithStatic()[6])
except TypeError as e:
    print(type(e).__name__, e)

# replacing the method on the class after the loop was traced
acc = []
for n in range(2000):
    if n == 1500:
        Grid.__getitem__ = lambda self, i: ("new", i)
    acc.append(g[n % 3])
print(acc[0], acc[1499], acc[1500], acc[-1], len(acc))
print(s[2], Sub.__mro__[1].__name__)

# a raising __getitem__ inside a hot loop, with the traceback's lines
class Flaky:
    def __getitem__(self, i):
        if i == 2500:
            raise ValueError("bad index %d" % i)
        return i


f = Flaky()
try:
    t = 0
    for n in range(3000):
        t += f[n]
except ValueError as e:
    print(type(e).__name__, e, t)
    print("".join(traceback.format_exception_only(type(e), e)).strip())
    print([fr.name for fr in traceback.extract_tb(e.__traceback__)])

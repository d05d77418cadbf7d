# itertools details from CPython's regression suite: a tee iterator cannot be re-entered (from
# the iterator it advances, or from another thread while one is advancing it), count() wants
# numbers, and pairwise() takes one positional argument.
import itertools
import threading
from decimal import Decimal
from fractions import Fraction


class Reenter:
    first = True

    def __iter__(self):
        return self

    def __next__(self):
        first = self.first
        self.first = False
        if first:
            return next(b)
        return 7


a, b = itertools.tee(Reenter())
try:
    next(a)
except RuntimeError as e:
    print("reenter", e)
print("after", next(a), next(b))

start = threading.Event()
finish = threading.Event()


class Blocking:
    def __iter__(self):
        return self

    def __next__(self):
        start.set()
        finish.wait()
        return "done"


c, d = itertools.tee(Blocking())
results = []
thread = threading.Thread(target=lambda: results.append(next(c)))
thread.start()
try:
    start.wait()
    try:
        next(d)
    except RuntimeError as e:
        print("concurrent", e)
finally:
    finish.set()
    thread.join()
print(results, next(d))

x, y = itertools.tee(range(5))
print(list(x), list(y))
for value in ("a", None, [1]):
    try:
        itertools.count(value)
    except TypeError as e:
        print("count", repr(value), e)
try:
    itertools.count(1, "b")
except TypeError as e:
    print("count step", e)
print([next(itertools.count(v)) for v in (3, 2.5, 1 + 2j, Decimal("1.5"), Fraction(1, 3))])
print(list(itertools.pairwise("abcd")))
for args, kwargs in (((), {}), (("ab", 1), {}), ((), {"iterable": "ab"})):
    try:
        itertools.pairwise(*args, **kwargs)
    except TypeError:
        print("pairwise TypeError", args, kwargs)

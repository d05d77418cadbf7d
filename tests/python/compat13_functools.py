# The native _functools: reduce and cmp_to_key are builtin functions (they do not bind as class
# attributes), with CPython's argument checking and errors; cmp_to_key's wrappers compare by
# the sign of the comparison function.
import functools
import operator


def attempt(label, action):
    try:
        print(label, action())
    except (TypeError, AttributeError, ZeroDivisionError, RuntimeError, ValueError) as e:
        print(label, type(e).__name__, e)


class Holder:
    reduce = functools.reduce
    cmp_to_key = functools.cmp_to_key


h = Holder()
print(h.reduce(operator.add, [1, 2, 3]), h.reduce(operator.add, ["a", "b"], "z"))
print(type(functools.reduce).__name__, type(functools.cmp_to_key).__name__)
attempt("reduce()", lambda: functools.reduce())
attempt("reduce 4", lambda: functools.reduce(operator.add, [], 1, 2))
attempt("reduce kw", lambda: functools.reduce(function=operator.add, iterable=[1]))
attempt("reduce empty", lambda: functools.reduce(operator.add, []))
attempt("reduce not iterable", lambda: functools.reduce(operator.add, 5))
attempt("reduce one", lambda: functools.reduce(42, "1"))
attempt("reduce initial", lambda: functools.reduce(operator.add, [], None))


class Squares:
    def __getitem__(self, i):
        if i >= 5:
            raise IndexError
        return i * i


class FailingIter:
    def __iter__(self):
        raise RuntimeError("no iteration")


attempt("reduce sequence", lambda: functools.reduce(operator.add, Squares()))
attempt("reduce failing iter", lambda: functools.reduce(operator.add, FailingIter()))
total = 0
for i in range(300):
    total += functools.reduce(lambda a, b: a * 2 + b, range(i % 7 + 1))
print("loop", total)


def cmp(x, y):
    return (x > y) - (x < y)


key = h.cmp_to_key(cmp)
print(key(3) == key(3), key(3) > key(1), key(2) <= key(1), key(1) != key(2), key(4) >= key(4), key(0) < key(9))
print(key(50).obj, key(obj=7).obj, key.obj)
print(sorted([5, 3, 9, 1], key=functools.cmp_to_key(lambda a, b: b - a)))
print(sorted(["10", 9, "8", 11], key=functools.cmp_to_key(lambda a, b: int(a) - int(b))))
attempt("cmp_to_key()", lambda: functools.cmp_to_key())
attempt("cmp_to_key 2", lambda: functools.cmp_to_key(cmp, None))
attempt("cmp_to_key kw", lambda: functools.cmp_to_key(mycmp=cmp)(1) < key(2))
attempt("K()", lambda: key())
attempt("K 2", lambda: key(1, 2))
attempt("lhs not K", lambda: key(3) > 1)
attempt("rhs not K", lambda: 1 < key(3))
try:
    hash(key(1))
except TypeError as e:
    print("hash", type(e).__name__)


def bad(x, y):
    raise ZeroDivisionError("bad cmp")


attempt("bad cmp", lambda: functools.cmp_to_key(bad)(1) < functools.cmp_to_key(bad)(2))
try:
    key(1).missing
except AttributeError as e:
    print("no attribute", type(e).__name__)

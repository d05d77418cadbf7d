# object.__lt__/__le__/__gt__/__ge__ exist (as in CPython) and builtin types without their own
# order methods answer through them: 'a'.__lt__('b'), (1, 2).__ge__((1,)); NotImplemented for
# pairs without an order and for instances of Python classes.
print(sorted(n for n in dir(object) if n in ("__lt__", "__le__", "__gt__", "__ge__")))
print("a".__lt__("b"), "b".__le__("a"), (1, 2).__ge__((1,)), [1, 2].__gt__([1, 3]), b"x".__lt__(b"y"))
print("a".__lt__(1), [1].__gt__(1), (1,).__le__([1]), object.__lt__(object(), object()))
print(frozenset({1}).__lt__(frozenset({1, 2})), {1, 2}.__ge__({1}))


class S(str):
    pass


print(S("a").__lt__("b"), str.__lt__(S("b"), "a"), S("a").__ge__(S("a")))


class Plain:
    pass


p = Plain()
print(p.__lt__(p), p.__ge__(1), Plain.__lt__ is object.__lt__)


class Ordered:
    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        return self.v.__lt__(other.v)


items = [Ordered(s) for s in ["pear", "apple", "fig"]]
print([o.v for o in sorted(items)])
try:
    Plain() < Plain()
except TypeError as e:
    print("TypeError", e)
try:
    [object()] < [object()]
except TypeError as e:
    print("TypeError", e)
import functools


@functools.total_ordering
class Version:
    def __init__(self, n):
        self.n = n

    def __eq__(self, other):
        return self.n == other.n

    def __lt__(self, other):
        return self.n < other.n


print(Version(1) <= Version(2), Version(3) > Version(2), Version(2) >= Version(2))


class Meta(type):
    @property
    def p(cls):
        return "meta-p"


class K(metaclass=Meta):
    pass


print(K.p)
try:
    K.p = 1
except AttributeError as e:
    print("AttributeError", e)

# int | str unions with user classes and metaclasses; GenericAlias of user generics
import types


class A:
    pass


class B(A):
    pass


class OrMeta(type):
    def __or__(cls, other):
        return ("custom or", cls.__name__)


class WithOr(metaclass=OrMeta):
    pass


u = A | int
print(u, u.__args__, isinstance(B(), u), isinstance("s", u), issubclass(B, u), issubclass(str, u))
print(WithOr | int, int | WithOr)
print(A | None == None | A, (A | B) | A, A | B | A == A | B, len({A | int, int | A}))
print(type(None) | int, (int | None).__args__)
try:
    int | 3
except TypeError as e:
    print(type(e).__name__, e)
try:
    "a" | int
except TypeError as e:
    print(type(e).__name__, e)
try:
    isinstance("x", int | list[int])
except TypeError as e:
    print(type(e).__name__, e)
print(isinstance(1, (str, int | bytes)), isinstance(1.0, (str, int | bytes)))


class Checker:
    def __instancecheck__(self, obj):
        return obj == 42


print(isinstance(42, Checker()), isinstance(41, Checker()))
try:
    isinstance(1, 5)
except TypeError as e:
    print(type(e).__name__, e)
alias = types.GenericAlias(A, (int, str))
print(alias, alias.__origin__ is A, alias.__args__)
print(list[A], dict[str, A | None], tuple[int, ...] == tuple[int, ...])


def hot():
    count = 0
    checks = [int | str, float | None, A | B]
    values = [1, "a", 2.5, None, A(), B(), b"x"]
    for i in range(3000):
        v = values[i % len(values)]
        for c in checks:
            count += isinstance(v, c)
    return count


print(hot())

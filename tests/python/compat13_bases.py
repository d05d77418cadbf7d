# Assigning a class's __bases__: the MRO of the class and of its subclasses is recomputed,
# instances see the new attributes, __subclasses__ follows, and bad assignments raise
# CPython's errors (leaving the class as it was).


def attempt(label, action):
    try:
        action()
        print(label, "ok")
    except (TypeError, AttributeError) as e:
        print(label, type(e).__name__, e)


def names(cls):
    return [c.__name__ for c in cls.__mro__]


class C:
    def meth(self):
        return "C.meth"


class C2:
    def meth(self):
        return "C2.meth"

    def other(self):
        return "C2.other"


class D(C):
    pass


class E(D):
    pass


d, e = D(), E()
for i in range(3):
    print(i, d.meth(), e.meth())
D.__bases__ = (C2,)
for i in range(3):
    print(i, d.meth(), e.meth(), e.other(), isinstance(e, C), isinstance(e, C2))
print(names(D), names(E), D.__base__.__name__)
print([c.__name__ for c in C2.__subclasses__()], [c.__name__ for c in C.__subclasses__()])


def assign(cls, bases):
    def run():
        cls.__bases__ = bases
    return run


def delete(cls):
    def run():
        del cls.__bases__
    return run


attempt("empty", assign(D, ()))
attempt("self", assign(D, (D,)))
attempt("cycle", assign(D, (E,)))
attempt("repeat", assign(D, (C, C)))
attempt("list", assign(D, [C]))
attempt("non-class", assign(D, (1,)))
attempt("final", assign(D, (bool,)))
attempt("layout", assign(D, (list,)))
attempt("builtin", assign(list, (dict,)))
attempt("delete", delete(D))
attempt("delete builtin", delete(list))
print(names(D), names(E))


class L(list):
    pass


attempt("list subclass", assign(L, (dict,)))


class X:
    pass


class Y:
    pass


class Z(X, Y):
    pass


class W(Y, X):
    pass


class Q(Z):
    pass


attempt("conflict", assign(Q, (Z, W)))
print(names(Q))


class Meta(type):
    calls = []

    def mro(cls):
        Meta.calls.append(cls.__name__)
        return type.mro(cls)


class A(metaclass=Meta):
    pass


class B(A):
    pass


class B2(metaclass=Meta):
    value = "B2"


Meta.calls.clear()
B.__bases__ = (B2,)
print(Meta.calls, names(B), B.value)


class Slots1:
    __slots__ = ("a",)


class Slots2:
    __slots__ = ("b",)


class S(Slots1):
    __slots__ = ()


attempt("slots", assign(S, (Slots2,)))


# Subclass tests that compiled loops fold are redone after the bases change.
class P:
    pass


class P2:
    pass


class R(P):
    pass


def count_instances(objs):
    return sum(isinstance(o, P) for o in objs), sum(isinstance(o, P2) for o in objs)


objs = [R() for _ in range(40)]
for i in range(60):
    counts = count_instances(objs)
print(counts)
R.__bases__ = (P2,)
for i in range(60):
    counts = count_instances(objs)
print(counts)


class MyError(ValueError):
    pass


def catch(n):
    caught = 0
    for i in range(n):
        try:
            raise MyError(i)
        except KeyError:
            caught += 1
        except ValueError:
            pass
    return caught


print(catch(200))
MyError.__bases__ = (KeyError,)
print(catch(200), [c.__name__ for c in MyError.__mro__])

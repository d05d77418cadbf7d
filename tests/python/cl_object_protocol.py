# object.__new__/__init__ argument errors, conversion hooks returning the wrong type,
# read-only attributes of slotted instances, special methods that are properties, method
# equality and hashing, and divmod's own dunders.


def show(thunk):
    try:
        print("ok", repr(thunk()))
    except Exception as e:
        print(type(e).__name__, e)


class Bad:
    def __int__(self):
        return None

    __float__ = __int__
    __complex__ = __int__
    __str__ = __int__
    __repr__ = __int__
    __bytes__ = __int__
    __bool__ = __int__
    __index__ = __int__


for f in [float, complex, str, repr, bytes, bin, oct, hex, bool, int]:
    show(lambda: f(Bad()))
show(lambda: [][Bad()])


class FloatSub(float):
    pass


class GivesSub:
    def __float__(self):
        return FloatSub(2.5)


class OnlyIndex:
    def __index__(self):
        return 7


import warnings

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    r = float(GivesSub())
    print(type(r).__name__, r, [str(w.message)[:60] for w in caught])
show(lambda: float(OnlyIndex()))


class C:
    pass


class D:
    def __new__(cls, *args, **kwargs):
        return super().__new__(cls, *args, **kwargs)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)


class E:
    def __init__(self):
        pass


class F:
    def __new__(cls, *args):
        return object.__new__(cls)


show(lambda: C(42))
show(lambda: C.__new__(C, 42))
show(lambda: C().__init__(42))
show(lambda: object.__new__(C, 42))
show(lambda: object.__init__(C(), 42))
show(lambda: type(D(42)).__name__)
show(lambda: D.__new__(D, 42))
show(lambda: object.__new__(D, 42))
show(lambda: E(42))
show(lambda: type(object.__new__(E, 42)).__name__)
show(lambda: type(F(42)).__name__)
show(lambda: object.__init__(F(), 42))
show(lambda: F().__init__(42))
show(lambda: C(x=1))


class Slotted:
    y = 0
    __slots__ = ("z",)


def setter(code):
    def run():
        exec(code, {"Slotted": Slotted})

    return run


for code in ["Slotted().y = 0", "del Slotted().y", "Slotted().z", "del Slotted().z", "Slotted().x = 0",
             "del Slotted().x"]:
    print(code, end=": ")
    show(setter(code))


def booh(self):
    raise AttributeError("booh")


class PropEq:
    __eq__ = property(booh)


class PropInit:
    __init__ = property(booh)


class PropLen:
    __len__ = property(lambda self: lambda: 3)


show(lambda: PropEq() == PropEq())
show(lambda: PropEq() != PropEq())
show(lambda: PropInit())
show(lambda: len(PropLen()))


class M:
    def __init__(self, x):
        self.x = x

    def f(self):
        pass

    def g(self):
        pass

    def __eq__(self, other):
        return True

    def __hash__(self):
        raise TypeError("no hash")


class N(M):
    pass


a1, a2 = M(1), M(2)
print(a1.f == a1.f, a1.f != a1.f, a1.f == a2.f, a1.f != a2.f, a1.f == a1.g)
print(hash(a1.f) == hash(a1.f), M.f == a1.f, N.f == M.f, hash(N.f) == hash(M.f))
show(lambda: a1.f < a1.f)
lst = []
print(lst.append == lst.append, lst.append == [].append, len({lst.append, lst.append}))
print(hash(len) == hash(len), len == len)


class DM:
    def __divmod__(self, other):
        return ("divmod", other)

    def __rdivmod__(self, other):
        return ("rdivmod", other)

    def __floordiv__(self, other):
        return "floordiv"


class OnlyFloor:
    def __floordiv__(self, other):
        return 1

    def __mod__(self, other):
        return 2


class DMSub(DM):
    def __rdivmod__(self, other):
        return ("sub rdivmod", type(other).__name__)


print(divmod(DM(), 1), divmod(1, DM()), divmod(DM(), DMSub()))
show(lambda: divmod(OnlyFloor(), 1))
show(lambda: divmod(1, OnlyFloor()))
print(divmod(7, 2), divmod(-7.5, 2), divmod(True, 3))

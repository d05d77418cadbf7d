# Container odds and ends: set operator dunders, dict/view __reversed__, the reflected operator
# of a subclass that does not override it, private __slots__ names, type __flags__ bits,
# function __builtins__.
import collections.abc


def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


a, b = {1, 2, 3}, frozenset({3, 4})
for name in ("__sub__", "__rsub__", "__and__", "__rand__", "__or__", "__ror__", "__xor__", "__rxor__"):
    print(name, sorted(getattr(set, name)(a, b)), type(getattr(frozenset, name)(b, a)).__name__)
print(set.__sub__(a, [1]), frozenset.__or__(b, 3))
s = {1, 2}
print(set.__ior__(s, {5}) is s, sorted(s), set.__isub__(s, frozenset({1})), set.__iand__(s, {2, 9}), set.__ixor__(s, {7}))
print(set.__ior__(s, [1]))
show("set.__sub__ receiver", lambda: set.__sub__([1], {1}))
print(collections.abc.Reversible in type({}).__mro__, isinstance({}, collections.abc.Reversible))
print(isinstance(collections.Counter(), collections.abc.Reversible), isinstance({}.keys(), collections.abc.Reversible))
d = {"a": 1, "b": 2}
print(list(d.__reversed__()), list(d.keys().__reversed__()), list(d.values().__reversed__()), list(d.items().__reversed__()))


class Base:
    def __or__(self, other):
        return ("Base.__or__", type(self).__name__, type(other).__name__)

    def __ror__(self, other):
        return ("Base.__ror__", type(self).__name__, type(other).__name__)


class Same(Base):
    pass


class Own(Base):
    def __ror__(self, other):
        return ("Own.__ror__", type(self).__name__, type(other).__name__)


print(Base() | Same())
print(Base() | Own())
print(Same() | Base())


class MySet:
    __slots__ = ["__s", "_x", "__d__"]

    def __init__(self, items):
        self.__s = set(items)
        self._x = 1

    def get(self):
        return self.__s


m = MySet([1, 2])
print(sorted(m.get()), hasattr(m, "_MySet__s"), "_MySet__s" in MySet.__dict__, "__d__" in MySet.__dict__, MySet.__slots__)


class __Under:
    __slots__ = ("__p",)


print("__p" in __Under.__dict__)

HEAPTYPE, BASETYPE, SEQUENCE, MAPPING, ABSTRACT = 1 << 9, 1 << 10, 1 << 5, 1 << 6, 1 << 20
for t in (int, list, tuple, dict, str, bytes, type, object, bool, MySet, collections.abc.Sequence, collections.abc.Mapping, ValueError):
    f = t.__flags__
    print(t.__name__, bool(f & HEAPTYPE), bool(f & BASETYPE), bool(f & SEQUENCE), bool(f & MAPPING), bool(f & ABSTRACT),
          [bit for bit in range(24, 32) if f & (1 << bit)])

ns = {"__builtins__": {}}
exec("def f(): pass", ns)
print(ns["f"].__builtins__, len(show.__builtins__) > 100, type(show.__builtins__).__name__)

# Subclasses of the builtin generic types are generic too; other classes are not.
import collections

Group = collections.namedtuple("Group", "key group")
print(Group[int, list[int]], Group[int, list[int]].__origin__ is Group)


class MyList(list):
    pass


print(MyList[int], type(MyList[int]).__name__)


class C_plain:
    pass


show("plain class subscript", lambda: C_plain[int])

# abc through _abc: abstract methods, registration, caches, and the match flags.
import abc
import _abc


class Base(abc.ABC):
    @abc.abstractmethod
    def f(self):
        pass


show("abstract", lambda: Base())


class Impl(Base):
    def f(self):
        return 1


print(Impl().f(), sorted(Base.__abstractmethods__), Impl.__abstractmethods__, isinstance(Impl(), Base))
token = abc.get_cache_token()
print(Base.register(C_plain) is C_plain, abc.get_cache_token() != token, issubclass(C_plain, Base), isinstance(C_plain(), Base))
show("register non-class", lambda: Base.register(3))
show("register cycle", lambda: C_plain.register(Base) if hasattr(C_plain, "register") else Impl.register(Base))
show("issubclass non-class", lambda: issubclass(3, Base))
registry, cache, negative, version = _abc._get_dump(Base)
print(sorted(r().__name__ for r in registry), version == abc.get_cache_token() or version)


class Seq(collections.abc.Sequence):
    def __init__(self, items):
        self.items = items

    def __getitem__(self, i):
        return self.items[i]

    def __len__(self):
        return len(self.items)


match Seq([1, 2, 3]):
    case [a, *rest]:
        print("sequence", a, rest)


class Registered:
    def __init__(self, items):
        self.items = items

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i]


collections.abc.Sequence.register(Registered)
match Registered(["x", "y"]):
    case [a, b]:
        print("registered sequence", a, b)
    case _:
        print("not a sequence")
try:
    class Both(collections.abc.Collection):
        __abc_tpflags__ = collections.abc.Sequence.__flags__ | collections.abc.Mapping.__flags__
except TypeError as e:
    print(type(e).__name__, e)


# Reprs of containers reached again through a user __repr__ (CPython's Py_ReprEnter list).
class ReprWrapper:
    def __repr__(self):
        return repr(self.value)


class SetSub(set):
    pass


class FrozenSub(frozenset):
    pass


for kind in (set, frozenset, SetSub, FrozenSub, list, tuple):
    w = ReprWrapper()
    s = kind([w])
    w.value = s
    print(kind.__name__, repr(s))
d = {}
w = ReprWrapper()
w.value = d
d[1] = w
print(repr(d), repr(SetSub()), repr(FrozenSub([1])), repr(set()), repr(frozenset()))
print(frozenset(b) is b, frozenset(FrozenSub([1])) is not None, type(frozenset(FrozenSub([1]))).__name__)
s = {frozenset([1, 2]), 3}
print(SetSub([1, 2]) in s, SetSub([5]) in s, s.discard(SetSub([2, 1])), s)
show("remove missing sub", lambda: s.remove(SetSub([9])))

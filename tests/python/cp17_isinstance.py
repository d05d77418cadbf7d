# isinstance/issubclass with class-like objects (a tuple __bases__), nested tuples, and the
# errors, as CPython's abstract protocol.
import sys


class AbstractClass:
    def __init__(self, bases):
        self.bases = bases

    def getbases(self):
        return self.bases

    __bases__ = property(getbases)


class AbstractInstance:
    def __init__(self, klass):
        self.klass = klass

    def getclass(self):
        return self.klass

    __class__ = property(getclass)


AbstractSuper = AbstractClass(bases=())
AbstractChild = AbstractClass(bases=(AbstractSuper,))
Other = AbstractClass(bases=())
Multi = AbstractClass(bases=(Other, AbstractChild))

print(isinstance(AbstractInstance(AbstractChild), AbstractSuper))
print(isinstance(AbstractInstance(AbstractSuper), AbstractChild))
print(isinstance(AbstractInstance(Multi), AbstractSuper), isinstance(AbstractInstance(Multi), Other))
print(issubclass(AbstractChild, AbstractSuper), issubclass(AbstractSuper, AbstractChild))
print(issubclass(Multi, AbstractSuper), issubclass(Multi, (int, Other)))
print(issubclass(AbstractChild, AbstractChild), issubclass(AbstractChild, (AbstractSuper,)))
print(issubclass(str, (int, (float, (str,)))), isinstance("", (int, (float, (str,)))))
print(issubclass(bool, int | str), isinstance(1, int | None))


class NoBases:
    pass


for call in (
    lambda: isinstance(1, NoBases()),
    lambda: issubclass(NoBases(), int),
    lambda: issubclass(int, NoBases()),
    lambda: issubclass(1, int),
    lambda: isinstance(1, (int, NoBases())) and isinstance("", (int, NoBases())),
):
    try:
        print(call())
    except TypeError as e:
        print("TypeError", e)


class RaisingBases:
    @property
    def __bases__(self):
        raise RuntimeError("bases")


try:
    issubclass(RaisingBases(), int)
except RuntimeError as e:
    print("RuntimeError", e)


class ClassNone:
    __class__ = property(lambda self: None)


print(isinstance(ClassNone(), AbstractSuper))


def nested(depth, leaf):
    t = (leaf,)
    for _ in range(depth):
        t = (t,)
    return t


print(isinstance("", nested(50, str)), issubclass(str, nested(50, str)))
for f, arg in ((isinstance, ""), (issubclass, str)):
    try:
        f(arg, nested(sys.getrecursionlimit() + 5, str))
        print("no error")
    except RecursionError:
        print("RecursionError")


class Cycle:
    @property
    def __bases__(self):
        return (self, self, self)


try:
    issubclass(Cycle(), int)
except RecursionError:
    print("RecursionError cycle")

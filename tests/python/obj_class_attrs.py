# Class attribute access (`C.x`, `cls.method`) in hot loops: constants, functions,
# classmethods, staticmethods, descriptors, metaclasses, and classes mutated while looping.


class Direction:
    NONE = 0
    FORWARD = 1
    BACKWARD = -1
    NAME = "dir"
    PAIR = (1, 2)
    RATIO = 0.5


class Strength:
    def __init__(self, strength, name):
        self.strength = strength
        self.name = name

    @classmethod
    def weaker(cls, s1, s2):
        return s1.strength > s2.strength

    @classmethod
    def weakest_of(cls, s1, s2):
        if cls.weaker(s1, s2):
            return s1
        return s2

    @staticmethod
    def total(a, b):
        return a.strength + b.strength

    def describe(self):
        return "%s(%d)" % (self.name, self.strength)


class Sub(Strength):
    @classmethod
    def weaker(cls, s1, s2):
        return s1.strength < s2.strength


class Getter:
    def __get__(self, obj, owner):
        return ("got", owner.__name__, obj is None)


class WithDescr:
    g = Getter()
    p = property(lambda self: 42)
    n = None


class Meta(type):
    meta_only = "from meta"

    @property
    def computed(cls):
        return cls.__name__ + "!"


class M(metaclass=Meta):
    x = 7


class Counter:
    count = 0


def run(n):
    a = Strength(3, "a")
    b = Strength(5, "b")
    total = 0
    seen = []
    for i in range(n):
        total += Direction.FORWARD - Direction.BACKWARD + Direction.NONE
        w = Strength.weakest_of(a, b)
        w2 = Sub.weakest_of(a, b)
        total += w.strength * 10 + w2.strength
        total += Strength.total(a, b)
        f = Strength.weaker
        total += f(b, a)
        g = Strength.describe
        if i % 1000 == 0:
            seen.append((g(a), Direction.NAME, Direction.PAIR, Direction.RATIO, f.__self__.__name__))
            seen.append((WithDescr.g, type(WithDescr.p).__name__, WithDescr.n))
            seen.append((M.x, M.meta_only, M.computed, M.__name__, Direction.__name__))
        Counter.count += 1
        if i == n // 2:
            Direction.FORWARD = 100
            Strength.total = staticmethod(lambda a, b: -1)
    return total, seen


total, seen = run(3000)
print(total)
for s in seen:
    print(s)
print(Counter.count, Direction.FORWARD)
for name in ["missing", "__missing__"]:
    try:
        getattr(Direction, name)
    except AttributeError as e:
        print(type(e).__name__, e)
try:
    for i in range(2000):
        Direction.absent_attr
except AttributeError as e:
    print(type(e).__name__, e, i)


def late(n):
    out = 0
    for i in range(n):
        if i == n - 5:
            del Direction.NONE
        try:
            out += Direction.NONE
        except AttributeError as e:
            print(type(e).__name__, e)
    return out


print(late(2000))

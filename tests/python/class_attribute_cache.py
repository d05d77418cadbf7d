# Attribute loads on classes (`Cls.CONST`, `Cls.static()`, `Cls.cls_method()`) through the
# interpreter's per-instruction caches: several classes at one instruction, class attributes
# changed, deleted, shadowed and inherited after the instruction cached them, instances of the
# class as class attributes whose class gains `__get__`, metaclasses, and `__bases__` assignment.


class Base:
    A = 1
    B = "base"

    @staticmethod
    def s(x):
        return ("s", x)

    @classmethod
    def c(cls, x):
        return (cls.__name__, x)


class Sub(Base):
    B = "sub"


class Other:
    A = 100
    B = "other"


def read(classes, rounds):
    out = []
    for _ in range(rounds):
        for k in classes:
            out.append((k.A, k.B, k.s(1), k.c(2)))
    return out[-len(classes):]


print(read([Base, Sub], 300))

# Changed, added, deleted after caching.
Sub.A = 2
print(read([Base, Sub], 3))
Base.A = 10
print(read([Base, Sub], 3))
del Sub.A
print(read([Base, Sub], 3))
Base.s = staticmethod(lambda x: ("new s", x))
Sub.c = classmethod(lambda cls, x: ("new c", cls.__name__, x))
print(read([Base, Sub], 3))


def read_a(k):
    try:
        return k.A
    except AttributeError as e:
        return "AttributeError: " + str(e)


for k in [Base, Sub, Other, Base, Sub]:
    print(read_a(k), end=" ")
print()
del Base.A
print([read_a(k) for k in [Base, Sub, Other]])
Base.A = 5

# Instances of a class as its class attributes (deltablue's Strength.REQUIRED): the instance,
# until their class gets a `__get__`.
class Strength:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return "Strength(%s)" % self.name


Strength.REQUIRED = Strength("required")
Strength.WEAK = Strength("weak")


def strengths():
    return [Strength.REQUIRED, Strength.WEAK]


for _ in range(100):
    strengths()
print(strengths())
Strength.__get__ = lambda self, obj, owner: "got " + self.name
print(strengths())
del Strength.__get__
print(strengths())


# An instance of an unrelated class as a class attribute: its class gains `__get__` later.
class Marker:
    pass


class Holder:
    M = Marker()


def marker():
    return Holder.M.__class__.__name__ if not isinstance(Holder.M, str) else Holder.M


for _ in range(100):
    marker()
print(marker())
Marker.__get__ = lambda self, obj, owner: "described"
print(marker())
del Marker.__get__


# A metaclass with a property of the attribute's name, and one with __getattribute__.
class Meta(type):
    @property
    def A(cls):
        return "meta property"


class WithMeta(metaclass=Meta):
    A = "class value"


class Meta2(type):
    def __getattribute__(cls, name):
        if name == "A":
            return "meta getattribute"
        return super().__getattribute__(name)


class WithMeta2(metaclass=Meta2):
    A = "class value"


print([read_a(k) for k in [Base, WithMeta, WithMeta2, Sub, WithMeta, WithMeta2]])


# __bases__ assignment changes what the MRO holds.
class Left:
    A = "left"


class Right:
    A = "right"


class Child(Left):
    pass


for _ in range(50):
    read_a(Child)
print(read_a(Child))
Child.__bases__ = (Right,)
print(read_a(Child))

# Dunders and functions on classes.
def dunders(k):
    return k.__name__, k.__qualname__, k.__init__ is object.__init__, k.s.__name__


print([dunders(k) for k in [Base, Sub, Base]])

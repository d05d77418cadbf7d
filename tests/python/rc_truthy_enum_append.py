# Truth of instances (classes with and without __bool__/__len__), class attributes of classes
# whose metaclass defines __getattr__ (enum members), dict.get, and lists built from empty by
# appends of ints, floats and objects, in loops hot enough to be compiled.
from enum import Enum


class Kind(Enum):
    BIG = 1
    SMALL = 2


class Plain:
    pass


class WithBool:
    def __init__(self, v):
        self.v = v

    def __bool__(self):
        return self.v % 2 == 0


class WithLen:
    def __init__(self, v):
        self.v = v

    def __len__(self):
        return self.v % 3


class Meta(type):
    def __getattr__(cls, name):
        return "meta:" + name


class UsesMeta(metaclass=Meta):
    x = 5


class MetaAttr(type):
    y = "from meta"


class UsesMetaAttr(metaclass=MetaAttr):
    y = "from class"


def loop(n):
    objs = [Plain(), WithBool(1), WithBool(2), WithLen(3), WithLen(4), None, 0, "x"]
    truth = [0] * len(objs)
    kinds = 0
    gets = []
    d = {1: "one", 2: "two", "k": None}
    built = []
    for i in range(n):
        for j, o in enumerate(objs):
            if o:
                truth[j] += 1
        k = Kind.BIG if i % 3 else Kind.SMALL
        if k == Kind.BIG:
            kinds += 1
        gets.append((d.get(i % 4), d.get("k", 7), d.get(i % 3, "dflt")))
        a = []
        a.append(i)
        b = []
        b.append(i * 0.5)
        c = []
        c.append(str(i))
        c.append(i)
        e = []
        e.append(i)
        e.append(1.5)
        built.append((a, b, c, e))
        if i % 100 == 7:
            UsesMeta.z_seen = i
    return truth, kinds, gets[-3:], built[-2:], UsesMeta.x, UsesMeta.missing, UsesMeta.z_seen, UsesMetaAttr.y


for n in (3, 500, 3000):
    print(n, loop(n))
print(Kind.BIG, Kind.SMALL.value, Kind["BIG"], Kind(2))
try:
    {}.get([])
except TypeError as e:
    print(type(e).__name__, e)
try:
    {}.get()
except TypeError as e:
    print(type(e).__name__, e)
try:
    {}.get(1, 2, 3)
except TypeError as e:
    print(type(e).__name__, e)

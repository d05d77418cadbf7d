# super() calls and module attribute access in hot loops: chains of __init__ through super,
# explicit two-argument super, classmethods and properties through super, object.__init__,
# module functions and constants, and modules changed while the loops run.
import math
import types


class Base:
    def __init__(self, v):
        super().__init__()
        self.v = v

    def value(self):
        return self.v

    @classmethod
    def kind(cls):
        return cls.__name__

    @property
    def prop(self):
        return self.v * 2

    tag = "base"


class Mid(Base):
    def __init__(self, v):
        super(Mid, self).__init__(v + 1)

    def value(self):
        return super().value() * 10


class Leaf(Mid):
    def __init__(self, v):
        super().__init__(v)
        self.extra = super().kind() + ":" + super().tag + ":" + str(super().prop)

    def value(self):
        return super(Leaf, self).value() + 1


def build(n):
    total = 0
    extra = None
    for i in range(n):
        o = Leaf(i)
        total += o.value() + o.v
        extra = o.extra
        if i == n - 3:
            Base.tag = "changed"
    return total, extra


print(build(3000))

errors = []
for i in range(1500):
    try:
        super(Leaf, Base(1)).value()
    except TypeError as e:
        if i == 0:
            errors.append(str(e))
    try:
        super(Base, Leaf(1)).nothing
    except AttributeError as e:
        if i == 0:
            errors.append(str(e))
    s = super(Mid, Leaf(2))
    if i == 0:
        errors.append((s.__thisclass__.__name__, s.__self_class__.__name__, type(s.__self__).__name__))
print(errors)

mod = types.ModuleType("mod")
mod.f = lambda x: x + 1
mod.K = 5


def use_modules(n):
    acc = 0.0
    k = 0
    for i in range(n):
        acc += math.sqrt(i) + math.pi
        k += mod.f(i) + mod.K
        if i == n // 2:
            mod.K = 100
            mod.f = lambda x: -x
        if i == n - 10:
            del mod.K
            mod.K = 1
    try:
        mod.missing
    except AttributeError as e:
        print(type(e).__name__, e)
    return round(acc, 6), k, math.floor(2.5), mod.__name__


print(use_modules(3000))

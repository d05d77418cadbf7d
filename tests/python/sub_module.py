# types.ModuleType and its subclasses.
import sys
ModuleType = type(sys)

m = ModuleType("plain", "The doc.")
m.x = 1
print(m, m.__name__, m.__doc__, m.x, m.__dict__["x"], sorted(k for k in vars(m) if k != "x"))
try:
    ModuleType(1)
except TypeError as e:
    print(type(e).__name__, e)

class Lazy(ModuleType):
    def __init__(self, name, loader):
        super().__init__(name)
        self._loader = loader
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        value = self._loader(name)
        setattr(self, name, value)
        return value

lz = Lazy("lazy", lambda n: n.upper())
print(lz.abc, lz.__dict__["abc"], lz.__name__, isinstance(lz, ModuleType), type(lz).__name__)
print(repr(lz), "_loader" in lz.__dict__)

class Counting(ModuleType):
    count = 0
    def touch(self):
        type(self).count += 1
        return self.count

c = Counting("c")
print(c.touch(), c.touch(), c.__name__, vars(c)["__name__"])
sys.modules["counting_mod"] = c
import counting_mod
print(counting_mod is c, counting_mod.touch())
c.value = 5
from counting_mod import value
print(value)

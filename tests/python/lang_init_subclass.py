# __init_subclass__ (with class keyword arguments), __set_name__, __class_getitem__, __mro_entries__
registry = {}

class Plugin:
    def __init_subclass__(cls, /, name=None, **kwargs):
        super().__init_subclass__(**kwargs)
        key = name or cls.__name__.lower()
        registry[key] = cls
        print("registered", key, "for", cls.__qualname__)

class Alpha(Plugin):
    pass

class Beta(Plugin, name="bee"):
    pass

class Gamma(Beta):
    pass

print(sorted(registry))
print(registry["bee"] is Beta)

try:
    class Bad(Plugin, unknown=1):
        pass
except TypeError as e:
    print(type(e).__name__, e)

# __init_subclass__ is implicitly a classmethod
class Counter:
    count = 0
    def __init_subclass__(cls):
        Counter.count += 1
        cls.index = Counter.count
class One(Counter): pass
class Two(Counter): pass
print(One.index, Two.index, Counter.count)
print(type(Counter.__dict__["__init_subclass__"]).__name__)

# __set_name__ is called for every descriptor at class creation
class Field:
    def __init__(self, default):
        self.default = default
    def __set_name__(self, owner, name):
        print("set_name", owner.__name__, name)
        self.name = name
        self.private = "_" + name
    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return getattr(obj, self.private, self.default)
    def __set__(self, obj, value):
        setattr(obj, self.private, value)

class Record:
    x = Field(1)
    y = Field(2)
    plain = 3

r = Record()
print(r.x, r.y)
r.x = 10
print(r.x, r._x, Record.x.name, Record.y.private)

# __set_name__ errors are wrapped in RuntimeError
class Broken:
    def __set_name__(self, owner, name):
        raise ValueError("cannot name " + name)
try:
    class Holder:
        attr = Broken()
except RuntimeError as e:
    print(type(e).__name__, e)
    print("cause:", type(e.__cause__).__name__, e.__cause__)

# __set_name__ on a later assignment is not called
class Late:
    pass
Late.f = Field(0)
print(hasattr(Late.f, "name"))

# __class_getitem__
class Box:
    def __class_getitem__(cls, item):
        return f"{cls.__name__}[{item!r}]"
print(Box[int], Box["x"], Box[1, 2])
print(type(Box.__dict__["__class_getitem__"]).__name__)

class NoGetitem:
    pass
try:
    NoGetitem[0]
except TypeError as e:
    print(type(e).__name__, e)

# __mro_entries__
class Proxy:
    def __init__(self, target):
        self.target = target
    def __mro_entries__(self, bases):
        print("mro_entries", len(bases))
        return (self.target,)

class Real:
    def hi(self):
        return "hi from Real"

class UsesProxy(Proxy(Real)):
    pass
print(UsesProxy().hi(), [c.__name__ for c in UsesProxy.__mro__], len(UsesProxy.__orig_bases__))

# __qualname__, __module__, __doc__, __name__ of classes
class Outer:
    """Outer docstring."""
    class Inner:
        class Deepest:
            pass
    def method(self):
        class Local:
            pass
        return Local
print(Outer.__qualname__, Outer.Inner.__qualname__, Outer.Inner.Deepest.__qualname__)
print(Outer().method().__qualname__, Outer.__module__, Outer.__doc__, Outer.Inner.__doc__)
Outer.__name__ = "Renamed"
print(Outer.__name__, Outer.__qualname__)
Outer.__qualname__ = "Q.R"
print(Outer.__qualname__)
try:
    Outer.__qualname__ = 5
except TypeError as e:
    print(type(e).__name__, e)
try:
    Outer.__name__ = 5
except TypeError as e:
    print(type(e).__name__, e)

# metaclass hooks: __instancecheck__, __subclasscheck__, __repr__ of classes, properties and
# __getattr__ on metaclasses, class-level __call__ and __len__/__iter__/__getitem__ on classes
class Duck(type):
    def __instancecheck__(cls, obj):
        return hasattr(obj, "quack")
    def __subclasscheck__(cls, sub):
        return hasattr(sub, "quack")

class Quacker(metaclass=Duck):
    pass

class RealDuck:
    def quack(self):
        return "quack"

print(isinstance(RealDuck(), Quacker), isinstance(3, Quacker), issubclass(RealDuck, Quacker), issubclass(int, Quacker))

class Pretty(type):
    def __repr__(cls):
        return f"<pretty class {cls.__name__}>"
    def __len__(cls):
        return len(cls.members)
    def __iter__(cls):
        return iter(cls.members)
    def __getitem__(cls, i):
        return cls.members[i]
    def __getattr__(cls, name):
        return f"meta-getattr {name}"
    @property
    def upper_name(cls):
        return cls.__name__.upper()

class Enumish(metaclass=Pretty):
    members = ["red", "green", "blue"]

print(repr(Enumish), str(Enumish), len(Enumish), list(Enumish), Enumish[1], Enumish.missing, Enumish.upper_name)
print([Enumish], f"{Enumish!r}")

# a registry metaclass
class Registry(type):
    classes = []
    def __init__(cls, name, bases, ns):
        super().__init__(name, bases, ns)
        Registry.classes.append(name)

class R1(metaclass=Registry): pass
class R2(R1): pass
class R3(R2): pass
print(Registry.classes)

# instance of a metaclass created directly
Made = Registry("Made", (R1,), {"x": 1})
print(Made.__name__, Made.x, type(Made).__name__, Registry.classes[-1], isinstance(Made(), R1))

# metaclasses: class C(metaclass=M), type subclasses with __new__/__init__/__call__, __prepare__
log = []

class Meta(type):
    def __new__(mcs, name, bases, ns, **kwargs):
        log.append(("new", mcs.__name__, name, tuple(b.__name__ for b in bases), sorted(k for k in ns if not k.startswith("__")), kwargs))
        ns["added_by_meta"] = name.lower()
        cls = super().__new__(mcs, name, bases, ns)
        return cls

    def __init__(cls, name, bases, ns, **kwargs):
        log.append(("init", name, kwargs))
        super().__init__(name, bases, ns)

    def __call__(cls, *args, **kwargs):
        log.append(("call", cls.__name__, args, kwargs))
        instance = super().__call__(*args, **kwargs)
        instance.created_by = "Meta"
        return instance

    def describe(cls):
        return f"<class {cls.__name__} via {type(cls).__name__}>"

class Base(metaclass=Meta, flavor="vanilla"):
    def __init__(self, x=0):
        self.x = x
    def method(self):
        return 1

class Derived(Base):
    extra = 5

for entry in log:
    print(entry)
log.clear()

print(type(Base).__name__, type(Derived).__name__, type(Meta).__name__)
print(Base.added_by_meta, Derived.added_by_meta)
print(Base.describe(), Derived.describe())
d = Derived(7)
print(log, d.x, d.created_by, d.method())
print(isinstance(Base, Meta), isinstance(Base, type), issubclass(Meta, type))
print([c.__name__ for c in Meta.__mro__])
print([c.__name__ for c in Derived.__mro__])

# __prepare__ returns the namespace the body runs in
class OrderedMeta(type):
    @classmethod
    def __prepare__(mcs, name, bases, **kwargs):
        print("prepare", name, [b.__name__ for b in bases], kwargs)
        ns = {"injected": 42}
        return ns
    def __new__(mcs, name, bases, ns, **kwargs):
        ns["order"] = [k for k in ns if not k.startswith("__")]
        return super().__new__(mcs, name, bases, ns)
    def __init__(cls, name, bases, ns, **kwargs):
        super().__init__(name, bases, ns)

class Ordered(metaclass=OrderedMeta, option=True):
    z = injected + 1
    a = 2
    def m(self):
        pass
print(Ordered.order, Ordered.z)

# type(name, bases, dict)
def hello(self):
    return "hello from " + type(self).__name__
Dyn = type("Dyn", (Base,), {"hello": hello, "value": 3})
print(type(Dyn).__name__, Dyn.__name__, Dyn.value, Dyn().hello(), Dyn.__mro__[1].__name__)
Plain = type("Plain", (), {})
print(Plain.__name__, Plain.__bases__, Plain.__module__, Plain.__qualname__)
print(type(Plain()) is Plain, type(3), type("s"), type(type))

# a metaclass that counts instances through __call__ and caches (singleton)
class Singleton(type):
    _instances = {}
    def __call__(cls, *args):
        if cls not in Singleton._instances:
            Singleton._instances[cls] = super().__call__(*args)
        return Singleton._instances[cls]

class Config(metaclass=Singleton):
    def __init__(self, name):
        print("Config init", name)
        self.name = name

a = Config("first")
b = Config("second")
print(a is b, a.name)

# a metaclass __new__ returning something that is not a class
class Weird(type):
    def __new__(mcs, name, bases, ns):
        return 12345
class NotAClass(metaclass=Weird):
    pass
print(NotAClass)

# metaclass given as a plain function
def func_meta(name, bases, ns):
    print("func_meta", name, sorted(k for k in ns if not k.startswith("__")))
    return type(name, bases, ns)
class FromFunc(metaclass=func_meta):
    q = 1
print(type(FromFunc).__name__, FromFunc.q)

# methods of metaclass are visible on classes, not on instances
class WithMeta(metaclass=Meta):
    pass
try:
    WithMeta().describe()
except AttributeError as e:
    print(type(e).__name__, e)

# metaclass attribute lookup vs class attribute
class M2(type):
    shared = "from metaclass"
class C2(metaclass=M2):
    pass
class C3(metaclass=M2):
    shared = "from class"
print(C2.shared, C3.shared)

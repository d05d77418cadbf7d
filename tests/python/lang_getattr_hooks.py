# __getattribute__, __getattr__, __setattr__, __delattr__ overrides
class Tracing:
    def __init__(self):
        object.__setattr__(self, "log", [])
    def __getattribute__(self, name):
        if name != "log":
            object.__getattribute__(self, "log").append(("get", name))
        return object.__getattribute__(self, name)
    def __getattr__(self, name):
        self.log.append(("missing", name))
        if name.startswith("auto_"):
            return name[5:].upper()
        raise AttributeError(f"{type(self).__name__!r} has no {name!r}")
    def __setattr__(self, name, value):
        self.log.append(("set", name, value))
        object.__setattr__(self, name, value)
    def __delattr__(self, name):
        self.log.append(("del", name))
        object.__delattr__(self, name)
    def method(self):
        return "method result"

t = Tracing()
t.a = 1
print(t.a)
print(t.auto_hello)
print(t.method())
try:
    t.nothing
except AttributeError as e:
    print(type(e).__name__, e)
del t.a
try:
    del t.a
except AttributeError as e:
    print(type(e).__name__, e)
for entry in t.log:
    print(entry)

# __getattr__ is called when a property raises AttributeError
class Fallback:
    @property
    def broken(self):
        raise AttributeError("property failed")
    def __getattr__(self, name):
        return f"fallback for {name}"
f = Fallback()
print(f.broken, f.other)

# __getattribute__ that always raises, with and without __getattr__
class Opaque:
    def __getattribute__(self, name):
        raise AttributeError("opaque: " + name)
try:
    Opaque().x
except AttributeError as e:
    print(type(e).__name__, e)

class Rescued(Opaque):
    def __getattr__(self, name):
        return "rescued " + name
print(Rescued().x)

# __getattribute__ raising something else propagates
class Strict:
    def __getattribute__(self, name):
        raise KeyError(name)
    def __getattr__(self, name):
        return "never"
try:
    Strict().y
except KeyError as e:
    print(type(e).__name__, e)

# __setattr__ that refuses
class Frozen:
    def __init__(self, x):
        object.__setattr__(self, "x", x)
    def __setattr__(self, name, value):
        raise AttributeError(f"cannot set {name}: frozen")
    def __delattr__(self, name):
        raise AttributeError(f"cannot delete {name}: frozen")
fr = Frozen(3)
print(fr.x)
for action in ("set", "del"):
    try:
        if action == "set":
            fr.x = 4
        else:
            del fr.x
    except AttributeError as e:
        print(type(e).__name__, e)
print(fr.x)

# getattr/setattr/delattr/hasattr builtins go through the hooks
class Dyn:
    def __getattr__(self, name):
        if name == "secret":
            return 42
        raise AttributeError(name)
d = Dyn()
print(getattr(d, "secret"), getattr(d, "missing", "default"), hasattr(d, "secret"), hasattr(d, "missing"))
setattr(d, "k", 5)
print(d.k, vars(d))
delattr(d, "k")
print(vars(d))

# super().__setattr__ in a subclass
class Validated:
    def __setattr__(self, name, value):
        if not isinstance(value, int):
            raise TypeError(f"{name} must be int, got {type(value).__name__}")
        super().__setattr__(name, value)
v = Validated()
v.n = 3
try:
    v.m = "x"
except TypeError as e:
    print(type(e).__name__, e)
print(vars(v))

# attribute errors on builtins and classes
for obj, name in [(1, "foo"), ("s", "bar"), ([], "baz"), (Dyn, "qux"), (None, "x")]:
    try:
        getattr(obj, name)
    except AttributeError as e:
        print(type(e).__name__, e)

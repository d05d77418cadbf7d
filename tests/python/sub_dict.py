# Subclasses of dict: __missing__, overrides that dict's own methods bypass, namespaces.

class Counts(dict):
    def __missing__(self, key):
        return 0

c = Counts()
c["a"] += 1
c["a"] += 1
c["b"] += 1
print(c, repr(c), type(c).__name__, c["zzz"], "zzz" in c, c.get("zzz"), len(c), isinstance(c, dict))
print(sorted(c.items()), list(c), list(c.keys()), list(c.values()), c == {"a": 2, "b": 1})

class Upper(dict):
    def __getitem__(self, key):
        return dict.__getitem__(self, key.upper())
    def __setitem__(self, key, value):
        dict.__setitem__(self, key.upper(), value)

u = Upper()
u["x"] = 1
print(u, u["x"], u.get("x"), u.get("X"), dict(u), {**u})
u.update(y=2)
print(u, Upper(a=1), Upper({"q": 1}))

class Attr(dict):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.created = True
    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

a = Attr(x=1, y=2)
print(a.x, a.y, a, a.created, a.copy(), type(a.copy()).__name__)
try:
    a.nothing
except AttributeError as e:
    print(type(e).__name__, e)
try:
    Attr()["k"]
except KeyError as e:
    print(type(e).__name__, e)
d = Counts(a=1)
d |= {"b": 2}
print(d, type(d).__name__, d | {"c": 3}, type(d | {"c": 3}).__name__)
print(Counts.fromkeys("ab", 0), dict.fromkeys("xy"))
try:
    hash(Counts())
except TypeError as e:
    print(type(e).__name__, e)

class Recording(dict):
    def __init__(self):
        super().__init__()
        self.order = []
    def __setitem__(self, key, value):
        self.order.append(key)
        super().__setitem__(key, value)

class Meta(type):
    @classmethod
    def __prepare__(mcls, name, bases):
        return Recording()
    def __new__(mcls, name, bases, ns):
        cls = super().__new__(mcls, name, bases, dict(ns))
        cls.order = [k for k in ns.order if not k.startswith("__")]
        return cls

class Ordered(metaclass=Meta):
    b = 1
    a = 2
    def method(self):
        return self.a
    b = 3

print(Ordered.order, Ordered.b, Ordered().method())
print(dict.__new__(Counts), type(dict.__new__(Counts)).__name__)
for k in Counts(z=1, y=2):
    print(k)
print(sorted(Counts(z=1, y=2)), max(Counts(z=1, y=2)))

# The interpreter's per-instruction caches (globals, attribute loads and stores) must follow
# every change of what they remember: rebinding and deleting globals, shadowing builtins,
# changing classes, descriptors added later, __class__ assignment, several types at one site.
import builtins


def use_len(x):
    return len(x)


def get_g():
    return G


G = 1
results = []
for round_ in range(6):
    results.append(get_g())
    if round_ == 1:
        G = "two"
    if round_ == 2:
        del G
        try:
            get_g()
        except NameError as e:
            results.append(("NameError", str(e)))
        G = 3.5
    if round_ == 3:
        globals()["G"] = [4]
print(results)

# A global that shadows a builtin, then goes away again; a builtin replaced in the module.
out = []
for round_ in range(5):
    out.append(use_len("abc"))
    if round_ == 1:
        len = lambda x: -1
    if round_ == 2:
        del len
    if round_ == 3:
        saved = builtins.len
        builtins.len = lambda x: 99
out.append(use_len("abc"))
builtins.len = saved
out.append(use_len("abc"))
print(out)

# One code object run with different globals.
code = compile("r = x * 2", "<int>", "exec")
for k in range(4):
    ns = {"x": k}
    exec(code, ns)
    print(ns["r"], end=" ")
print()
ns1, ns2 = {"x": 1}, {"x": "s"}
for ns in (ns1, ns2, ns1, ns2):
    exec(code, ns)
    print(repr(ns["r"]), end=" ")
print()


# Attribute loads: own attributes, methods, several classes at one instruction.
class Base:
    def __init__(self, v):
        self.v = v

    def kind(self):
        return "base"

    def describe(self):
        return (self.kind(), self.v)


def make_classes(n):
    classes = []
    for i in range(n):
        def kind(self, i=i):
            return "k%d" % i
        cls = type("C%d" % i, (Base,), {"kind": kind})
        classes.append(cls)
    return classes


objs = [cls(i) for i, cls in enumerate(make_classes(7))] + [Base("b")]
for _ in range(3):
    print([o.describe() for o in objs])


class A:
    x = "class x"

    def m(self):
        return "A.m"


def read(o):
    return o.x


def call_m(o):
    return o.m()


def bound(o):
    return o.m


a = A()
log = []
for round_ in range(8):
    log.append((read(a), call_m(a), bound(a)()))
    if round_ == 0:
        a.x = "own x"
    elif round_ == 1:
        A.m = lambda self: "new m"
    elif round_ == 2:
        a.m = lambda: "instance m"
    elif round_ == 3:
        del a.m
        del a.x
    elif round_ == 4:
        A.x = property(lambda self: "property x")
        a.__dict__["x"] = "shadowed by the property"
    elif round_ == 5:
        del A.x
    elif round_ == 6:
        class B(A):
            def m(self):
                return "B.m"
        a.__class__ = B
print(log)


# A data descriptor added to the class after the site cached an own attribute.
class D:
    pass


d = D()
d.y = 1
seen = []
for round_ in range(4):
    seen.append(d.y)
    if round_ == 1:
        D.y = property(lambda self: "prop", lambda self, v: seen.append(("set", v)))
    d.y = round_ + 10
print(seen, d.__dict__)


# __getattribute__ and __setattr__ added later.
class E:
    pass


e = E()
e.z = 0
trace = []
for round_ in range(4):
    e.z = round_
    trace.append(e.z)
    if round_ == 1:
        E.__getattribute__ = lambda self, name: "intercepted " + name
    if round_ == 2:
        E.__setattr__ = lambda self, name, v: trace.append(("setattr", name, v))
print(trace)
del E.__getattribute__
print(e.z)


# Stores that add attributes (map transitions, slot growth) from one site.
class Bag:
    pass


def fill(bag, names):
    for name in names:
        setattr(bag, name, len(name))
    return bag


def init(bag, k):
    bag.a = k
    bag.b = k + 1
    bag.c = k + 2
    bag.d = k + 3
    bag.e = k + 4
    bag.f = k + 5
    return bag


bags = [init(Bag(), k) for k in range(5)]
print([sorted(vars(b).items()) for b in bags[:2]])
odd = fill(Bag(), ["f", "e", "d"])
print(sorted(vars(init(odd, 100)).items()))


# __slots__, exceptions and subclasses of builtins at attribute sites.
class S:
    __slots__ = ("p", "q")

    def __init__(self):
        self.p = 1


class Err(Exception):
    pass


class L(list):
    pass


def touch(o):
    o.p = getattr(o, "p", 0) + 1
    return o.p


for o in (S(), Err("x"), L([1]), S(), Err("y")):
    print(type(o).__name__, touch(o), touch(o))
try:
    S().r = 1
except AttributeError as ex:
    print("AttributeError", ex)
try:
    print(S().q)
except AttributeError as ex:
    print("AttributeError", ex)
err = Err("msg")
err.args = ("changed",)
print(err.args, str(err))


# Module attributes: rebound, deleted, re-added after many other names (a new table), and a
# module-level __getattr__ for missing names.
mod = type(builtins)("cachemod")
mod.f = lambda: "f1"


def call_f(m):
    return m.f()


def read_f(m):
    return m.f


got = []
for round_ in range(7):
    try:
        got.append((call_f(mod), read_f(mod)()))
    except AttributeError as ex:
        got.append(("AttributeError", str(ex)))
    if round_ == 0:
        mod.f = lambda: "f2"
    elif round_ == 1:
        del mod.f
    elif round_ == 2:
        for k in range(50):
            setattr(mod, "filler%d" % k, k)
        mod.f = lambda: "f3"
    elif round_ == 3:
        mod.__getattr__ = lambda name: (lambda: "from __getattr__ " + name)
        del mod.f
    elif round_ == 4:
        mod.__dict__.clear()
    elif round_ == 5:
        mod.__dict__["f"] = lambda: "f4"
print(got)
other = type(builtins)("other")
other.f = lambda: "other f"
print([call_f(m) for m in (mod, other, mod, other)])

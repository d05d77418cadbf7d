# _weakref: references, proxies, counts.
import _weakref


class Thing:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return "Thing(%s)" % self.name

    def hello(self):
        return "hello from " + self.name


a = Thing("a")
r = _weakref.ref(a)
print(r() is a, r(), type(r).__name__, isinstance(r, _weakref.ref), r.__callback__)
r2 = _weakref.ref(a, print)
print(r2.__callback__ is print, r == r2, hash(r) == hash(a), _weakref.getweakrefcount(a))
print([w() for w in _weakref.getweakrefs(a)])
for bad in [1, "s", (1,), None, [1], {}]:
    try:
        _weakref.ref(bad)
    except TypeError as e:
        print("TypeError", e)

p = _weakref.proxy(a)
print(p.name, p.hello(), str(p))
p.name = "renamed"
print(a.name, type(p).__name__)
cp = _weakref.proxy(Thing("x").hello if False else len)
print(cp([1, 2, 3]), type(cp).__name__)


def f():
    return 1


print(_weakref.ref(f)() is f, _weakref.ref(Thing)() is Thing)

d = {"k": _weakref.ref(a)}
_weakref._remove_dead_weakref(d, "k")
_weakref._remove_dead_weakref(d, "missing")
print(list(d))

import gc


def make():
    return _weakref.ref(Thing("temporary"))


refs = [make() for i in range(100)]
for i in range(3):
    gc.collect()
print(sum(1 for w in refs if w() is None) >= 90, gc.isenabled())
gc.disable()
print(gc.isenabled())
gc.enable()
kept = Thing("kept")
w = _weakref.ref(kept)
gc.collect()
print(w() is kept, repr(w().name))

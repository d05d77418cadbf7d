# Weak proxies forward the number, comparison, item and iterator protocols to their referent;
# weakref.ref rejects keywords (its subclasses' __init__ may take them); many weak references
# are made and freed quickly.
import gc
import weakref


class Num:
    def __init__(self, v):
        self.v = v

    def __add__(self, o):
        return Num(self.v + (o.v if isinstance(o, Num) else o))

    __radd__ = __add__

    def __iadd__(self, o):
        self.v += o
        return self

    def __neg__(self):
        return Num(-self.v)

    def __lt__(self, o):
        return self.v < (o.v if isinstance(o, Num) else o)

    def __index__(self):
        return self.v

    def __repr__(self):
        return "Num(%r)" % self.v


class Box(list):
    pass


n = Num(5)
p = weakref.proxy(n)
print(p + 1, 1 + p, -p, p < 7, p < Num(3), [10, 20, 30, 40, 50, 60][p], hex(p))
q = p
q += 2
print(q is n, n.v)
b = Box([3, 1, 2])
pb = weakref.proxy(b)
del pb[0]
print(b, list(reversed(pb)), pb + [9], [0] + pb, pb * 2, 2 in pb, len(pb))
def numbers():
    yield from (1, 2, 3)


it = numbers()
pit = weakref.proxy(it)
print(next(pit), list(pit))


class A:
    def __iter__(self):
        return weakref.proxy(not_an_iterator)


def not_an_iterator():
    return 0


try:
    list(A())
except TypeError as e:
    print("TypeError", e)


class F:
    def __init__(self, x):
        self.x = x

    def __float__(self):
        return float(self.x)

    def __int__(self):
        return int(self.x)

    def __bytes__(self):
        return b"F%d" % self.x

    def __mod__(self, o):
        return self.x % o

    def __rpow__(self, o):
        return o ** self.x

    def __divmod__(self, o):
        return divmod(self.x, o)

    def __matmul__(self, o):
        return ("matmul", self.x, o)

    def __rfloordiv__(self, o):
        return o // self.x


f = F(7)
pf = weakref.proxy(f)
print(float(pf), int(pf), bytes(pf), pf % 4, 2 ** pf, divmod(pf, 2), pf @ 3, 100 // pf)
for name in ("__add__", "__radd__", "__iadd__", "__next__", "__reversed__", "__bytes__", "__divmod__",
             "__rdivmod__", "__matmul__", "__imatmul__", "__index__", "__delitem__"):
    print(name, hasattr(type(pf), name))
print(hasattr(type(pf), "__idivmod__"))

try:
    weakref.ref(f, callback=None)
except TypeError as e:
    print("TypeError", e)


class MyRef(weakref.ref):
    def __init__(self, ob, callback=None, value=42):
        self.value = value
        super().__init__(ob, callback)


r = MyRef(f, value=24)
print(r() is f, r.value)


class SlotRef(weakref.ref):
    __slots__ = "slot1", "slot2"

    def __new__(cls, ob, callback, a, b):
        return super().__new__(cls, ob, callback)

    def __init__(self, ob, callback, a, b):
        super().__init__(ob, callback)
        self.slot1, self.slot2 = a, b


sr = SlotRef(f, None, "x", "y")
print(sr.slot1, sr.slot2, hasattr(sr, "__dict__"), sr() is f)


class K:
    pass


keys = [K() for i in range(3000)]
d = weakref.WeakKeyDictionary()
for i, k in enumerate(keys):
    d[k] = i
print(len(d), sum(d.values()))
called = []
refs = [weakref.ref(k, called.append) for k in keys[:1000]]
del k
keys = keys[:10]
gc.collect()
# How many the collection frees depends on the collector (stale words on the stack); the
# callbacks that ran got their own references.
print(10 <= len(d) <= 3000, len(called) <= 1000, all(r in refs for r in called))


class Obj:
    def __call__(self):
        return "called"


o = Obj()
r1 = weakref.ref(o)
p1 = weakref.proxy(o)
print(weakref.ref(o) is r1, weakref.proxy(o) is p1, p1(), type(p1).__name__)
print(weakref.ref(o, lambda r: None) is r1, weakref.proxy(o, lambda r: None) is p1)
m = MyRef(o)
print(m is r1, weakref.ref(o) is r1)
del r1
gc.collect()
r2 = weakref.ref(o)
print(r2() is o, weakref.ref(o) is r2)

# Objects that exist only as temporaries inside the runtime while it allocates more: boxed items
# of float and int lists (map, *args, star-unpacking), values a mapping's __getitem__ makes for
# ** and {**m}, sorted(genexp), dir() with __dir__, str.partition, % formatting, OSError
# reduce, __mro_entries__, generator __slots__, __match_args__, dict subclasses from generators,
# exception reprs, dict == and | while user code mutates a dict. The differential test runs this
# under GC stress, where a temporary the collector cannot see is reported as a dangling reference.
# map with float lists (boxing on read)
a = [i + 0.5 for i in range(300)]
b = [i * 1.5 for i in range(300)]
c = [float(i) for i in range(300)]
def f(x, y, z): return x + y + z
s = 0.0
for _ in range(20):
    s += sum(map(f, a, b, c))
print(s)
# star-unpack list of floats (extend_in / to_tuple_in)
def g(*args): return sum(args)
t = 0.0
for _ in range(200):
    l = [1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5, 12.5]
    t += g(*l)
    t += sum((*l,))
    t += g(1.0, *l)
    m = [100000 + i for i in range(14)]
    t += g(*m)
    tt = (*m, *l)
    t += len(tt)
print(t)
# ** merge from a mapping returning new objects
class M:
    def keys(self): return ['k%d' % i for i in range(30)]
    def __getitem__(self, k): return [float(k[1:]) + 0.25]
def kw(**k): return sum(v[0] for v in k.values())
tot = 0.0
for _ in range(50):
    tot += kw(**M())
print(tot)
# sorted generator (consume Collect)
for _ in range(50):
    r = sorted(x * 1.5 for x in range(40))
print(r[:3])
# dir with __dir__ generator of new strs
class D:
    def __dir__(self):
        return ('n' + str(i) for i in range(100))
for _ in range(20):
    d = dir(D())
print(d[:3])
# partition
for _ in range(200):
    p = "abc=def=ghi".partition("=")
    q = "abc=def=ghi".rpartition("=")
print(p, q)
# dict repr that mutates / dict eq that mutates
class E:
    def __eq__(self, o):
        a2.clear()
        return True
    __hash__ = object.__hash__
for _ in range(50):
    e = E()
    a2 = {0: e}
    b2 = {0: e}
    for i in range(1, 30):
        a2[i] = [object()]
        b2[i] = a2[i]
    r = (a2 == b2)
print(r)
# % formatting
for _ in range(200):
    s = "%s %s %r %d %f" % ("a", [1.5], (2.5,), 10**30, 1.25)
print(s)
# OSError reduce
e = OSError(2, 'nf', 'file.txt', None, 'f2')
for _ in range(100):
    r = e.__reduce__()
print(r[1])
# class with __mro_entries__ and __slots__ generator
class B0: pass
class Ent:
    def __mro_entries__(self, bases):
        return (type('X' + str(len(bases)), (B0,), {}),)
for _ in range(30):
    class C(Ent()):
        __slots__ = (s for s in ['a' + str(i) for i in range(10)])
print(C.__mro__[1].__name__)
# match class with property __match_args__
class P:
    @property
    def __match_args__(self): return ()
class Q:
    __match_args__ = ('x', 'y')
    def __init__(self): self.x = 1.5; self.y = [2.5]
for _ in range(100):
    match Q():
        case Q(a, b): res = (a, b)
print(res)
class M:
    def keys(self): return ['k%d' % i for i in range(30)]
    def __getitem__(self, k): return [float(k[1:]) + 0.25]
tot = 0.0
for _ in range(50):
    d = {**M()}
    d2 = {'a': 1, **M()}
    tot += sum(v[0] for v in d.values()) + len(d2)
print(tot)
class DS(dict): pass
for _ in range(50):
    ds = DS((('k%d' % i), i * 1.5) for i in range(40))
    ds2 = DS(M())
print(sum(ds.values()), len(ds2))
class A:
    def __init__(self, e): self.e = e
    def __repr__(self):
        self.e.args = (1,)
        return 'A'
for _ in range(50):
    e = ValueError(A(None), [None], [1.5], *[[float(i)] for i in range(10)])
    e.args[0].e = e
    r = repr(e)
print(len(r))
for _ in range(100):
    s = {1.5 * i for i in range(3)} | {2.5, 3.5, 10**20, 'a' + str(_), 7.5, 8.5, 9.5, 11.5, 12.5}
print(len(s))
class K:
    def __init__(self, i): self.i = i
    def __hash__(self):
        if armed: bb.clear()
        return self.i
    def __eq__(self, o): return self is o
for _ in range(30):
    armed = False
    bb = {K(i): [float(i)] for i in range(20)}
    aa = {'x': 1}
    armed = True
    m = aa | bb
print(len(m))

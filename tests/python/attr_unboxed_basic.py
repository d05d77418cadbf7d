# Instance attributes holding ints and floats (stored unboxed by ripy): values, kinds changing,
# bool/int/float subclasses, NaN and -0.0, __dict__, vars(), __class__, deletion, copy, pickle.
import copy
import math
import pickle


class P:
    def __init__(self, x, y):
        self.x = x
        self.y = y


class Q(P):
    pass


class MyInt(int):
    pass


class MyFloat(float):
    pass


def show(label, obj):
    print(label, sorted((k, type(v).__name__, repr(v)) for k, v in vars(obj).items()))


p = P(1, 2.5)
show("p", p)
p.x = p.x + 1
p.y = p.y * 2
show("p2", p)
p.x = 2 ** 70
show("big", p)
p.x = 3
show("back", p)
p.y = "s"
show("str", p)
p.y = 4.25
show("float again", p)

# kinds changing on one attribute: int, float, str, int
q = P(0, 0)
for v in [5, 1.5, "x", 7, None, -3.0, True, 2 ** 65, 9]:
    q.x = v
    print("kind", type(q.x).__name__, repr(q.x), q.x == v, type(q.x) is type(v))

# bool stays bool, subclasses stay themselves
b = P(True, False)
print("bool", type(b.x).__name__, type(b.y).__name__, b.x is True, b.y is False)
s = P(MyInt(4), MyFloat(2.5))
print("subclasses", type(s.x).__name__, type(s.y).__name__, s.x + 1, s.y * 2)
s.x = 4
s.y = 2.5
print("after", type(s.x).__name__, type(s.y).__name__)

# NaN and -0.0
n = P(float("nan"), -0.0)
print("nan", math.isnan(n.x), math.copysign(1.0, n.y), n.y == 0.0, repr(n.y))
print("nan in", n.x in [n.x], n.x is n.x, n.y is n.y)
n.x = float("inf")
print("inf", n.x, -n.x)

# identity of values read twice
i = P(10 ** 3, 1.0 / 3)
print("is", i.x is i.x, i.y is i.y, i.x == 1000, i.y == 1.0 / 3)

# __dict__ after unboxed stores, and writes through it
d = P(1, 2.0)
dd = d.__dict__
print("dict", dd)
dd["x"] = 5.5
d.y = d.y + 1
print("dict2", d.x, d.y, dd)
d.z = 3
print("dict3", sorted(dd.items()))

# __class__ assignment keeps the values
c = P(7, 8.5)
c.__class__ = Q
show("class", c)
c.x += 1
c.y += 1
print("class2", type(c).__name__, c.x, c.y)

# deletion
e = P(1, 2.0)
e.z = 3.5
del e.x
show("del", e)
e.x = 4
show("del2", e)
try:
    del e.x
    print(e.x)
except AttributeError as exc:
    print("AttributeError", exc)

# copy and pickle
f = P(3, 4.5)
f.w = [1, 2]
g = copy.copy(f)
h = copy.deepcopy(f)
g.x += 10
h.y += 10
show("f", f)
show("g", g)
show("h", h)
k = pickle.loads(pickle.dumps(f))
show("k", k)
print("state", sorted(f.__reduce_ex__(2)[2].items()) if f.__reduce_ex__(2)[2] else None)
print("getstate", f.__getstate__())

# two instances do not share a value
a1 = P(1, 1.0)
a2 = P(1, 1.0)
a1.x += 1
a1.y += 1
print("separate", a1.x, a1.y, a2.x, a2.y)

# getattr/setattr/hasattr builtins
setattr(a2, "x", 2.75)
print("builtins", getattr(a2, "x"), hasattr(a2, "y"), getattr(a2, "nope", 0))


class S:
    __slots__ = ("x", "y")

    def __init__(self):
        self.x = 1
        self.y = 2.0


t = S()
t.x += 1
t.y *= 3
print("slots", t.x, t.y, type(t.x).__name__, type(t.y).__name__)

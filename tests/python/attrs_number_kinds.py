# Instance attributes whose first value is an exact int or float (strict number kinds) and then
# take values of other types: floats, big ints, bools, strs, None, int subclasses. Loops run long
# enough for the JIT; old and new instances of a class after the change, subclasses, __slots__,
# del, vars() and __dict__.


class P:
    def __init__(self, x, y):
        self.x = x
        self.y = y


def walk(n, step):
    p = P(0, 0)
    total = 0
    for i in range(n):
        p.x = p.x + step
        p.y += 1
        total += p.y
    return p.x, p.y, total, type(p.x).__name__, type(p.y).__name__


print(walk(3000, 1))
print(walk(3000, 0.5))
print(walk(3000, 1))
print(walk(3000, 2**62))


class Q:
    def __init__(self, v):
        self.v = v


# Old instances (made while `v` was int-only) and new ones after a float store.
old = [Q(i) for i in range(50)]
for i in range(3000):
    old[i % 50].v += 1
print(sum(q.v for q in old))
old[7].v = 1.5
new = [Q(i) for i in range(50)]
for i in range(3000):
    old[i % 50].v += 2
    new[i % 50].v += 3
print(sum(q.v for q in old), sum(q.v for q in new), [type(q.v).__name__ for q in old[5:10]])
print(vars(old[7]), old[8].__dict__, new[0].__dict__)

# Values of other types than the first.
values = [True, False, 2**70, -2**63, 2**63 - 1, "s", None, 1.0, 3, (1,), float("inf"), -0.0]
for start in (0, 0.0):
    out = []
    for k in range(len(values) * 300):
        q = Q(start)
        for j in range(3):
            q.v = q.v + 1 if type(q.v) in (int, float) else q.v
        value = values[k // 300]
        q.v = value
        if k % 300 == 299:
            out.append((type(q.v).__name__, repr(q.v), q.v is value or q.v == value, vars(q)))
    print(start, out)


class B:
    pass


# bool must stay bool (an int subclass), as must int subclasses.
class MyInt(int):
    pass


res = []
for i in range(2000):
    b = B()
    b.flag = i
    b.flag = i % 3 == 0
    b.other = i
    if i % 2:
        b.other = MyInt(i)
    if i % 400 == 1:
        res.append((type(b.flag).__name__, b.flag, type(b.other).__name__, b.other))
print(res)


# Subclasses: their own maps.
class Base:
    def __init__(self, a):
        self.a = a
        self.b = a * 2


class Sub(Base):
    pass


acc = []
for i in range(3000):
    o = Sub(i) if i % 2 else Base(i)
    if i % 1000 == 999:
        o.a = str(i)
    o.b += 1
    if i % 500 == 499:
        acc.append((type(o).__name__, o.a, o.b))
print(acc)
print(vars(Sub(4)), vars(Base(2.5)))


# Exceptions and subclasses of builtins have maps too.
class E(Exception):
    pass


class L(list):
    pass


e, lst = E(), L()
for i in range(2000):
    e.n = i
    lst.n = i * 0.5
    if i == 1500:
        e.n = None
        lst.n = "x"
print(e.n, lst.n, vars(e), vars(lst))


# __slots__ together with a dict.
class S:
    __slots__ = ("s", "__dict__")

    def __init__(self):
        self.s = 1
        self.d = 2


ss = [S() for _ in range(10)]
for i in range(3000):
    o = ss[i % 10]
    o.s += 1
    o.d = o.d + 1 if type(o.d) is int else o.d + "d"
    if i == 2000:
        o.s = 0.25
        o.d = "d"
print([(o.s, o.d) for o in ss], ss[0].__dict__)


# del of a number attribute and of others, then re-adding with another type.
class D:
    pass


log = []
for i in range(2000):
    d = D()
    d.a = i
    d.b = 1.5
    d.c = i
    del d.a
    d.a = "again" if i % 2 else i * 1.0
    if i % 3 == 0:
        del d.b
    try:
        d.b += 1
    except AttributeError as exc:
        d.b = -1
    if i % 499 == 0:
        log.append(sorted(vars(d).items()))
print(log)

# Writes through __dict__ and setattr().
w = Q(1)
for i in range(2000):
    w.v += 1
    if i == 1000:
        w.__dict__["v"] = 2.5
    if i == 1500:
        setattr(w, "v", 10**20)
print(w.v, vars(w))


# Class attribute assignment (__class__) of instances with number attributes.
class C1:
    pass


class C2:
    pass


moved = []
for i in range(2000):
    o = C1()
    o.n = i
    o.f = i / 2
    if i % 2:
        o.__class__ = C2
        o.n = str(i)
    if i % 500 == 1:
        moved.append((type(o).__name__, vars(o)))
print(moved)


# Identity and equality of values read from number attributes.
z = Q(10**5)
same = 0
for i in range(2000):
    a = z.v
    same += a == z.v
print(same, z.v is z.v or z.v == z.v, -0.0 == Q(-0.0).v, repr(Q(-0.0).v), repr(Q(float("nan")).v))

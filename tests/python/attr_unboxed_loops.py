# Traced loops over instance attributes holding ints and floats (stored unboxed by ripy), with the
# kind of an attribute changing inside a hot loop (guard failures, generalized attributes).


class Vec:
    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

    def add(self, other):
        return Vec(self.x + other.x, self.y + other.y, self.z + other.z)

    def scale(self, k):
        self.x *= k
        self.y *= k
        self.z *= k


class Counter:
    def __init__(self):
        self.n = 0
        self.total = 0.0


def accumulate(n):
    c = Counter()
    for i in range(n):
        c.n += 1
        c.total += i * 0.5
    return c.n, c.total


print("accumulate", accumulate(5000))

v = Vec(0.0, 1.0, 2.0)
w = Vec(1, 2, 3)
for i in range(3000):
    v = v.add(Vec(0.25, -0.5, 1.0))
    w.scale(1)
print("vec", v.x, v.y, v.z, w.x, w.y, w.z, type(w.x).__name__)


def change_kind(n, switch_at, new_value):
    c = Counter()
    for i in range(n):
        if i == switch_at:
            c.n = new_value
        c.n = c.n + 1
        c.total = c.total + 1
    return c.n, type(c.n).__name__, c.total, type(c.total).__name__


print("to float", change_kind(4000, 2500, 0.5))
print("to big", change_kind(4000, 2500, 2 ** 64))
print("to bool", change_kind(4000, 2500, True))
print("late", change_kind(4000, 3999, -1.5))
# new instances after the attribute was generalized
print("after", change_kind(3000, -1, 0))


class Acc:
    pass


def mixed(n):
    objs = []
    for i in range(n):
        a = Acc()
        a.v = i if i % 3 else i * 1.5
        a.w = a.v * 2
        objs.append(a)
    s = 0
    for a in objs:
        s += a.v + a.w
        a.v = -a.v
    return s, sum(a.v for a in objs), [type(a.v).__name__ for a in objs[:4]]


print("mixed", mixed(3000))


def overflow(n):
    c = Counter()
    c.n = 2 ** 62
    for i in range(n):
        c.n = c.n + 2 ** 50
    return c.n


print("overflow", overflow(3000))


def nan_loop(n):
    c = Counter()
    c.total = float("nan")
    hits = 0
    for i in range(n):
        if c.total != c.total:
            hits += 1
        c.total = c.total * -0.0 if i == n - 2 else c.total
    return hits, repr(c.total)


print("nan", nan_loop(3000))

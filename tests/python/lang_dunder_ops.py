# the dunder protocol on user classes: reflected and in-place operators, comparisons, hashing,
# __index__, __bool__, __len__, __contains__, __format__, __call__
class V:
    def __init__(self, *xs):
        self.xs = list(xs)
    def __repr__(self):
        return f"V{tuple(self.xs)}"
    def __add__(self, other):
        if isinstance(other, V):
            return V(*[a + b for a, b in zip(self.xs, other.xs)])
        if isinstance(other, int):
            return V(*[a + other for a in self.xs])
        return NotImplemented
    def __radd__(self, other):
        print("radd with", other)
        return self + other
    def __iadd__(self, other):
        print("iadd")
        self.xs = (self + other).xs
        return self
    def __mul__(self, k):
        return V(*[a * k for a in self.xs])
    __rmul__ = __mul__
    def __neg__(self):
        return V(*[-a for a in self.xs])
    def __abs__(self):
        return sum(a * a for a in self.xs)
    def __eq__(self, other):
        return isinstance(other, V) and self.xs == other.xs
    def __hash__(self):
        return hash(tuple(self.xs))
    def __lt__(self, other):
        return abs(self) < abs(other)
    def __len__(self):
        return len(self.xs)
    def __bool__(self):
        return any(self.xs)
    def __contains__(self, item):
        return item in self.xs
    def __getitem__(self, i):
        return self.xs[i]
    def __format__(self, spec):
        return "<" + ",".join(format(a, spec) for a in self.xs) + ">"
    def __call__(self, k):
        return self.xs[k]

a, b = V(1, 2), V(3, 4)
print(a + b, a + 1, 1 + a, a * 2, 3 * a, -a, abs(b))
c = a
c += b
print(c, a is c)
c += 5
print(c)
print(a == V(4, 6, ), a != b, a < b, sorted([b, V(0, 1), a]), max(a, b))
print(len(a), bool(V(0, 0)), bool(a), 3 in b, 9 in b, a[1], a[-1], a(0))
print(f"{V(1.5, 2.25):.2f}", format(V(3, 4), "03d"))
print({a: "a", V(4, 6): "again"}, len({V(1), V(1), V(2)}))
try:
    a + "s"
except TypeError as e:
    print(type(e).__name__, e)
try:
    "s" + a
except TypeError as e:
    print(type(e).__name__, e)
try:
    a < 3
except TypeError as e:
    print(type(e).__name__, e)

class Index:
    def __init__(self, n):
        self.n = n
    def __index__(self):
        return self.n
seq = [10, 20, 30, 40]
print(seq[Index(2)], seq[Index(1):Index(3)], hex(Index(255)), bin(Index(5)), range(Index(3)))
try:
    seq[Index("x")]
except TypeError as e:
    print(type(e).__name__, e)

class BadBool:
    def __bool__(self):
        return 1
try:
    bool(BadBool())
except TypeError as e:
    print(type(e).__name__, e)
class BadLen:
    def __len__(self):
        return -1
try:
    len(BadLen())
except ValueError as e:
    print(type(e).__name__, e)

class Unhashable:
    __hash__ = None
try:
    hash(Unhashable())
except TypeError as e:
    print(type(e).__name__, e)

class EqOnly:
    def __eq__(self, other):
        return True
try:
    hash(EqOnly())
except TypeError as e:
    print(type(e).__name__, e)

# comparison fallbacks: reflected __gt__ when __lt__ is missing
class Only_gt:
    def __init__(self, v):
        self.v = v
    def __gt__(self, other):
        print("gt called")
        return self.v > other.v
print(Only_gt(1) < Only_gt(2))

# Subclasses of tuple, set and frozenset.

class Pair(tuple):
    def __new__(cls, a, b):
        return super().__new__(cls, (a, b))
    @property
    def first(self):
        return self[0]

p = Pair(1, 2)
print(p, repr(p), type(p).__name__, p.first, p[1], len(p), p + (3,), type(p + (3,)).__name__)
print(p == (1, 2), hash(p) == hash((1, 2)), {p: "pair"}[(1, 2)], list(p), tuple(p), type(tuple(p)).__name__)
a, b = p
print(a, b, p.count(1), p.index(2), p * 2, sorted(Pair(3, 1)), max(p), 2 in p)
print(tuple.__new__(Pair, [5, 6]), isinstance(p, tuple), p[::-1])

class Point(tuple):
    __slots__ = ()
    def __eq__(self, other):
        return isinstance(other, Point) and tuple(self) == tuple(other)
    __hash__ = tuple.__hash__

print(Point((1, 2)) == Point((1, 2)), Point((1, 2)) == (1, 2), len({Point((1, 2)), Point((1, 2))}))
try:
    Point((1,)).x = 1
except AttributeError as e:
    print(type(e).__name__, e)

class Tags(set):
    def add_all(self, *items):
        for i in items:
            self.add(i)

t = Tags([3])
t.add_all(1, 2)
print(sorted(t), type(t).__name__, len(t), 2 in t, Tags(), repr(Tags([1])))
t |= {9}
print(sorted(t), type(t).__name__, sorted(t | {10}), type(t | {10}).__name__, sorted(t & {1, 9}))
print(t == {1, 2, 3, 9}, t.issubset({1, 2, 3, 9, 10}), sorted(t.copy()), type(t.copy()).__name__)

class Frozen(frozenset):
    pass

f = Frozen([1, 2])
print(repr(f), repr(Frozen()), hash(f) == hash(frozenset([1, 2])), {f: 1}[frozenset([1, 2])], f | {3})
print(type(f | {3}).__name__, sorted(f), frozenset(f), type(frozenset(f)).__name__)
try:
    hash(Tags())
except TypeError as e:
    print(type(e).__name__, e)

class E(enumerate):
    def __next__(self):
        i, v = super().__next__()
        return i * 10, v

print(list(E("ab")), type(E("ab")).__name__)

class Z(zip):
    pass
print(list(Z([1, 2], "ab")))

class M(map):
    pass
print(list(M(str, [1, 2])))

class F(filter):
    pass
print(list(F(None, [0, 1, 2])))

class R(reversed):
    pass
print(list(R([1, 2, 3])))

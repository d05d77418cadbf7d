# collections: namedtuple, OrderedDict, Counter, defaultdict, ChainMap, UserDict.
import collections
from collections import namedtuple, OrderedDict, Counter, defaultdict, ChainMap, deque

Point = namedtuple("Point", "x y")
p = Point(1, 2)
print(p, p.x, p.y, p[0], len(p), p == (1, 2), hash(p) == hash((1, 2)), isinstance(p, tuple))
print(p._replace(x=5), p._asdict(), Point._make([3, 4]), Point._fields, p + (3,))
x, y = p
print(x, y, list(p), sorted(Point(2, 1)), {p: 1}[Point(1, 2)], repr(Point(x=0, y=-1)))
P3 = namedtuple("P3", ["a", "b", "c"], defaults=[0, 1])
print(P3(5), P3(1, 2, 3), P3._field_defaults)
try:
    Point(1)
except TypeError as e:
    print(type(e).__name__, e)

class Named(namedtuple("Base", "a b")):
    __slots__ = ()
    def total(self):
        return self.a + self.b
print(Named(2, 3).total(), Named(2, 3))

od = OrderedDict()
od["b"] = 1
od["a"] = 2
od["c"] = 3
od.move_to_end("b")
print(od, list(od), od.popitem(), od.popitem(last=False), od)
print(OrderedDict(a=1) == OrderedDict(a=1), OrderedDict([(1, 2)]))

c = Counter("abracadabra")
print(c.most_common(3), c["a"], c["z"], sorted(c.elements())[:5], c.total())
c.update("aaz")
print(c["a"], c["z"], c - Counter("aaaa"), +Counter(a=-1, b=2), Counter(a=3) & Counter(a=1, b=2))
print(sorted(Counter([1, 1, 2]).items()), Counter(a=1) == Counter(a=1))

d = defaultdict(list)
d["x"].append(1)
d["x"].append(2)
d["y"]
print(d, dict(d), d["x"], "y" in d, len(d), d.default_factory)
dd = defaultdict(int, {"a": 1})
dd["b"] += 5
print(dd, dd.copy(), type(dd.copy()).__name__, repr(defaultdict()))
try:
    defaultdict()["missing"]
except KeyError as e:
    print(type(e).__name__, e)
print(dd | {"z": 0}, type(dd | {"z": 0}).__name__)
nested = defaultdict(lambda: defaultdict(int))
nested["a"]["b"] += 1
print(nested["a"]["b"], isinstance(nested, dict))

cm = ChainMap({"a": 1}, {"a": 2, "b": 3})
print(cm["a"], cm["b"], len(cm), sorted(cm), cm.new_child({"c": 4})["c"], dict(cm))

class Registry(collections.UserDict):
    def __setitem__(self, key, value):
        super().__setitem__(key.lower(), value)
r = Registry()
r["KEY"] = 1
print(r, r["key"], dict(r))

class Stack(collections.UserList):
    pass
s = Stack([1, 2])
s.append(3)
print(s, len(s), s[-1])
dq = deque([1, 2, 3], maxlen=3)
dq.append(4)
print(dq, dq.popleft())

# Dict iterators read the dict live (CPython's RuntimeErrors for changes during iteration),
# dict.update from a dict that changes, setdefault hashing once, view comparisons and
# view.mapping.
import pickle


def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


def delete_reinsert(view):
    d = {0: 0}
    out = []
    for x in view(d):
        out.append(x)
        del d[0]
        d[0] = 0
    return out


for name, view in [("keys", lambda d: d), ("values", dict.values), ("items", dict.items)]:
    show("delete+reinsert " + name, lambda: delete_reinsert(view))


def grow():
    d = {1: 1}
    for i in d:
        d[i + 1] = 1


show("grow", grow)


def sticky():
    d = {1: 1, 2: 2}
    it = iter(d)
    next(it)
    d[3] = 3
    out = []
    for _ in range(2):
        try:
            next(it)
        except RuntimeError as e:
            out.append(str(e))
    del d[3]
    try:
        next(it)
    except RuntimeError as e:
        out.append(str(e))
    return out


show("sticky", sticky)

d = {"a": 1, "b": 2, "c": 3}
it = iter(d.items())
print(it.__length_hint__(), next(it), it.__length_hint__())
d["z"] = 0
print("hint after change", it.__length_hint__())
del d["z"]
print(list(reversed(d)), list(reversed(d.values())), list(reversed(d.items())))
r = reversed(d)
print(next(r))
d["q"] = 9
show("reversed after change", lambda: next(r))

# Replacing values while iterating is fine.
d = dict.fromkeys(range(5), 0)
for k in d:
    d[k] = k * k
print(d)

# Pickling dict iterators gives the remaining items.
d = {1: "a", 2: "b", 3: "c"}
for make in (iter, lambda x: iter(x.values()), lambda x: iter(x.items()), reversed):
    it = make(d)
    next(it)
    print(list(pickle.loads(pickle.dumps(it))), list(it))


class X:
    def __hash__(self):
        return 0

    def __eq__(self, o):
        other.clear()
        return False


other = dict((i, 0) for i in range(1, 100))
other[X()] = 0
target = {X(): 0, 1: 1}
show("update mutated", lambda: target.update(other))


class Hashed:
    def __init__(self):
        self.hash_count = 0
        self.eq_count = 0

    def __hash__(self):
        self.hash_count += 1
        return 42

    def __eq__(self, other):
        self.eq_count += 1
        return self is other


h1 = Hashed()
y = {h1: 5}
h2 = Hashed()
print(y.setdefault(h2, []), h1.hash_count, h2.hash_count, h1.eq_count + h2.eq_count)
print(y.setdefault(h1, "x"), h1.hash_count)


class C:
    def __eq__(self, other):
        raise RuntimeError("eq called")


d1 = {1: C()}
d2 = {1: C()}
show("items ==", lambda: d1.items() == d2.items())
show("items !=", lambda: d1.items() != d2.items())
show("items <=", lambda: d1.items() <= d2.items())
show("items >", lambda: d1.items() > d2.items())
d3 = {1: C(), 2: C()}
show("items < bigger", lambda: d1.items() < d3.items())
show("keys == set", lambda: {1: 2}.keys() == {1})
show("set == keys", lambda: {1, 2} == {2: 0, 1: 0}.keys())
show("keys < set", lambda: {1: 2}.keys() < {1, 2})
show("set >= items", lambda: {(1, 2), 3} >= {1: 2}.items())
show("keys == list", lambda: {1: 2}.keys() == [1])
show("values == values", lambda: {1: 2}.values() == {1: 2}.values())
show("keys < list", lambda: {1: 2}.keys() < [1])

dd = {"x": 1}
m = dd.keys().mapping
print(type(m).__name__, m == dd, dd.items().mapping["x"], dd.values().mapping is not dd)
dd["y"] = 2
print(sorted(m), len(dd.values().mapping))
show("mapping readonly", lambda: m.__setitem__("z", 1))

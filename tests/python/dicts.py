# Dicts and sets.
d = {"a": 1, "b": 2}
d["c"] = 3
print(d, len(d), d["a"], d.get("z"), d.get("z", 0), "a" in d, "z" not in d)
del d["b"]
print(d, list(d.keys()), list(d.values()), list(d.items()))
for k in d:
    print(k, d[k])
d.update({"x": 10}, y=20)
print(d, d.pop("x"), d.setdefault("q", 5), d)
sq = {i: i * i for i in range(5)}
print(sq, sq[4], sorted(sq, reverse=True))
counts = {}
for w in "a b a c b a".split():
    counts[w] = counts.get(w, 0) + 1
print(counts)
nested = {"k": [1, 2], 1: {"z": None}, (1, 2): "tuple key"}
print(nested, nested[(1, 2)])
s = {3, 1, 2}
s.add(4)
s.discard(1)
print(sorted(s), len(s), 2 in s, {1, 2} | {3}, {1, 2} & {2, 3}, {1, 2} - {2}, {1, 2} ^ {2, 3})
print(set(), {x % 3 for x in range(10)}, frozenset([1, 2]) == {1, 2})
print(dict(a=1, b=2), dict([("x", 1)]), dict(zip("ab", [1, 2])), {**d, "new": 0})
print(d.keys(), d.values(), d.items())
e = dict(d)
e.clear()
print(e, d == dict(d))

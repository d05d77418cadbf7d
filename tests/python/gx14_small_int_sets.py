# Frozensets of small ints (0..62): `&`, `-`, min/max and what is built from their results must
# iterate in CPython's order (the tables CPython's algorithms leave, dummies included).

def lcg(seed):
    while True:
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        yield seed

def pick(rng, n, top):
    return [next(rng) % top for _ in range(n)]

rng = lcg(7)
cases = []
for n in (0, 1, 3, 4, 5, 8, 12, 18, 19, 20, 30, 45, 50, 60):
    for top in (63, 40, 20):
        cases.append(frozenset(pick(rng, n, top)))
cases.append(frozenset(range(50)))
cases.append(frozenset(range(63)))
cases.append(frozenset([1, 33, 9, 41, 17]))
cases.append(frozenset([0, 32, 16, 48, 8, 40, 24, 56]))

def show(tag, s):
    print(tag, type(s).__name__, len(s), list(s))

checksum = 0
for i, a in enumerate(cases):
    for j, b in enumerate(cases):
        d = a - b
        x = a & b
        for r, tag in ((d, "sub"), (x, "and")):
            items = list(r)
            checksum = (checksum * 31 + sum((k + 1) * (p + 1) for p, k in enumerate(items))) % 1000000007
            # What is built from the result: copies, unions, sets, further differences.
            checksum = (checksum * 31 + sum(k * (p + 3) for p, k in enumerate(set(r) | {61, 62}))) % 1000000007
            checksum = (checksum * 31 + sum(k * (p + 5) for p, k in enumerate(r - {1, 2, 3}))) % 1000000007
            if r:
                checksum = (checksum * 31 + min(r) * 7 + max(r)) % 1000000007
        if (i * 7 + j) % 37 == 0:
            show("sub%d-%d" % (i, j), d)
            show("and%d-%d" % (i, j), x)
            show("sub-of-sub", d - frozenset([5, 6, 7]))
            show("union", d | x)
            s = set(d)
            s.add(100)
            s.discard(5)
            show("set", s)
            print("hash-eq", hash(d) == hash(frozenset(list(d))), d == frozenset(list(d)))
print("checksum", checksum)

# The meteor pattern: a board shrinking by footprints, tested with <=, &, min.
free = frozenset(range(50))
fps = [frozenset([k, k + 1, k + 5, k + 6, k + 10]) for k in range(0, 39, 3)]
seen = []
for fp in fps:
    if fp <= free:
        free = free - fp
        seen.append((min(free), max(free), len(free & frozenset([min(free) + 1, min(free) + 5, 49])), list(free)[:8]))
for row in seen:
    print(row)
print(sorted(free), list(free))

# Empty and edge results.
e = frozenset([1, 2]) - frozenset([1, 2])
print(type(e).__name__, len(e), list(e), e == frozenset(), min([0] + list(e)))
try:
    min(e)
except ValueError as exc:
    print("ValueError", exc)
print(min(frozenset([62, 3, 40])), max(frozenset([62, 3, 40])), min(frozenset([0])), max(frozenset([0, 62])))
print(list(frozenset([63, 1, 2]) - frozenset([2])), list(frozenset([-1, 1, 2]) & frozenset([-1, 2])))
print(list(frozenset([1, True, 2.0]) - frozenset([1])), list(frozenset(range(40)) - frozenset([True])))
class F(frozenset):
    pass
print(type(F([1, 2, 3]) - frozenset([1])).__name__, list(F([1, 2, 3]) & frozenset([1, 3])))
print(type(frozenset([1, 2, 3]) - F([1])).__name__, list(frozenset(range(30)) & F([1, 3, 33])))
print(list(frozenset(range(40)) - set(range(5))), list(set(range(40)) - frozenset(range(5))))

# Results that go on changing: the method forms with several arguments, in-place operators.
a = frozenset(range(40))
print(list(a.difference(frozenset([1, 2]), frozenset([3, 33]), [5])), list(a.difference(frozenset(range(0, 40, 2)))))
print(list(a.intersection(frozenset(range(0, 40, 3)), frozenset(range(0, 40, 2)))), list(a.symmetric_difference(frozenset([1, 45]))))
s = set(range(40))
s &= frozenset(range(0, 40, 3))
s -= frozenset([3, 6])
s.add(33)
s.add(63)
print(list(s))
s = set(range(30))
s.intersection_update(frozenset(range(5, 25)), frozenset(range(0, 20, 2)))
s.update([1, 3, 41])
print(list(s))
try:
    set.intersection_update(frozenset([1]), frozenset([1]))
except TypeError as exc:
    print("TypeError", exc)
f = frozenset(range(50)) - frozenset([1, 2, 3])
g = set(f)
g.difference_update(range(10, 30))
g.update(range(100, 110))
print(list(g), hash(f) == hash(frozenset(sorted(f))), f.isdisjoint(frozenset([1, 2])), f > frozenset([4]))
print(list(f.copy()) == list(f), f.copy() is f, list(frozenset(f)), list(set(f) | {99, 1}))

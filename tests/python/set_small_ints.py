# Frozensets of small ints (0..62) against keys that equal ints without being exact ints, ints at
# the edges of that range, and frozensets built by every operation (their results are compared,
# subset-checked and intersected afterwards).

class MyInt(int):
    pass

base = frozenset(range(50))
edge = frozenset([0, 1, 61, 62])
wide = frozenset([0, 1, 62, 63])
neg = frozenset([-1, 0, 1])
big = frozenset([2**70, 5])
fl = frozenset([1.0, 2.0])
bools = frozenset([True, False])
mixed = frozenset([1, "a", (2,)])
subs = frozenset([MyInt(3), MyInt(4)])
everything = [base, edge, wide, neg, big, fl, bools, mixed, subs, frozenset(), frozenset([7])]

for a in everything:
    row = []
    for b in everything:
        row.append("%d%d%d%d%d" % (a <= b, a < b, a == b, a.isdisjoint(b), len(a & b)))
    print(" ".join(row))

for a in everything:
    for b in everything:
        d = a - b
        i = a & b
        print(sorted(map(repr, d)), list(i) == list(b & a) or sorted(map(repr, i)), len(a | b), len(a ^ b))

print(1 in base, True in base, 1.0 in base, MyInt(3) in base, 62 in edge, 63 in edge, 63 in wide)
print(True in bools, 1 in bools, 0.0 in bools, 1 in fl, True in fl)
print(frozenset([1, 2]) <= frozenset([1.0, 2.0]), frozenset([True]) <= frozenset([1]))
print(frozenset([MyInt(3)]) <= frozenset(range(5)), frozenset(range(5)) >= frozenset([MyInt(4)]))

# The results of each operation, then checked again (their bitmaps come from the new tables).
free = frozenset(range(50))
steps = [frozenset([i, i + 1, i + 5, i + 6, i + 10]) for i in range(0, 40, 3)]
for fp in steps:
    if fp <= free:
        free = free - fp
        print(min(free), len(free), list(free)[:6], fp <= free, fp.isdisjoint(free), len(free & fp))
    else:
        print("skip", sorted(fp - free))
print(hash(free) == hash(frozenset(sorted(free))), free == frozenset(list(free)))
print(list(free), list(free | {100, 3}), list(free ^ frozenset(range(20))))

# Frozensets made by copies, unions, symmetric differences and methods, then compared.
a = frozenset(range(10))
for b in [a.union([60, 61]), a.difference([1, 2]), a.intersection(range(5, 70)),
          a.symmetric_difference([9, 10, 62]), a.copy(), frozenset(set(a) | {63}),
          frozenset(x for x in a if x % 2)]:
    print(list(b), b <= a, a <= b, a.isdisjoint(b), len(a & b), sorted(a - b), b <= frozenset(range(64)))

# Sets (mutable) against frozensets: subsets seen after each change.
s = set(range(5))
f = frozenset(range(8))
for k in [7, 9, 2, 63]:
    s.add(k)
    print(sorted(s), s <= f, f >= s, len(f & s), sorted(f - s), s.isdisjoint(f))
    s.discard(2)
print(frozenset(range(5)) <= s, s >= frozenset([0, 1]))

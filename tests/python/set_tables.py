# Set algebra, in-place operations and methods on mixed sets: the results print in table order,
# which must be CPython's (same table sizes, probes, dummies and resizes).

def show(label, s):
    print(label, type(s).__name__, list(s))


ints = set(range(0, 200, 7))
strs = {"a", "bb", "ccc", "dddd", "e" * 5, "zz"}
tups = {(1, 2), (3, "x"), (0,), ()}
mixed = ints | strs | tups | {2.5, -1, True}
show("mixed", mixed)
show("or", ints | {1000, 1001, 3, 5})
show("and", mixed & (ints | {"a", (0,)}))
show("sub", mixed - ints)
show("sub big", mixed - {7, 14})
show("xor", ints ^ set(range(0, 100, 3)))
show("frozen or", frozenset(ints) | strs)
show("frozen xor", frozenset(strs) ^ {"a", "q"})

# Colliding keys: ints that share low bits in small tables.
coll = {8, 16, 24, 32, 40, 1, 9, 17}
show("coll", coll)
show("coll and", coll & {16, 40, 9, 64, 72})
show("coll sub", coll - {8, 24})
show("coll xor", coll ^ {64, 8, 72, 16})

# In-place operations keep CPython's tables (dummies, no rebuild).
for op in ("|=", "&=", "-=", "^="):
    s = set(range(40))
    for k in range(0, 40, 3):
        s.discard(k)
    s.add(100)
    t = {1, 2, 64, 128, 41, 4, 5}
    if op == "|=":
        s |= t
    elif op == "&=":
        s &= t
    elif op == "-=":
        s -= t
    else:
        s ^= t
    show(op, s)
    s.add(3)
    s.add(72)
    show(op + " then add", s)

s = set(range(20))
s -= set(range(5, 18))
show("sub resize", s)
s.add(999)
show("sub resize add", s)

# Methods with several arguments and with non-set iterables.
base = set(range(0, 60, 4)) | {"x", "y"}
show("union", base.union([1, 2], (3, "x"), {"w"}))
show("intersection", base.intersection([8, 4, "y", 1000, 0], range(100)))
show("intersection none", base.intersection())
show("difference", base.difference([0, 4], {"x"}, range(10, 30)))
show("difference dict", base.difference({8: 1, "y": 2}))
show("symmetric_difference", base.symmetric_difference([1, 3, 5, 0, 4, 9, 11]))
show("frozen symmetric_difference", frozenset(base).symmetric_difference(["x", 1, 2, 3, 4, 5]))
for name in ("intersection_update", "difference_update", "symmetric_difference_update"):
    s = set(base)
    getattr(s, name)([0, 4, 8, 99, "x", 77, 13])
    show(name, s)
    s.update([5, 6, 7, 500])
    show(name + " update", s)
print(base.isdisjoint({1, 2, 3}), base.isdisjoint([1, 4]), base.isdisjoint(set()), base.isdisjoint(frozenset({"y"})))
print(base.issubset(range(100)), {0, 4}.issubset(base), base.issuperset([0, 4, "x"]), base >= {0, 4}, base > base)

# pop continues from where the last pop stopped (CPython's finger).
s = set(range(30))
popped = [s.pop() for _ in range(5)]
s.add(0)
s.add(1)
popped += [s.pop() for _ in range(5)]
print("pops", popped, sorted(s))
try:
    set().pop()
except KeyError as e:
    print("KeyError", e)

# Mutation during iteration.
s = set(range(10))
try:
    for x in s:
        s.add(x + 100)
except RuntimeError as e:
    print("RuntimeError", e)
s = {1, 2, 3}
try:
    for x in s:
        s.discard(x)
except RuntimeError as e:
    print("RuntimeError", e)
s = {1, 2, 3}
for x in s:
    s.discard(x)
    s.add(x + 10)
    break
show("after", s)

# Big sets: growth past many resizes, removals, copies and comparisons.
big = set()
for i in range(30000):
    big.add((i * 7919) % 100003)
print(len(big), sum(big), list(big)[:10], list(big)[-10:])
for i in range(0, 30000, 3):
    big.discard((i * 7919) % 100003)
print(len(big), list(big)[:10])
big2 = set(big)
print(big2 == big, list(big2)[:10], len(big ^ set(range(1000))), len(big & set(range(50000))))
words = {str(i) * 2 for i in range(3000)}
print(len(words), list(words)[:8], len(words - {"11", "22"}))
fs = frozenset(words)
print(hash(fs) == hash(frozenset(words)), fs == words, len({fs, frozenset(words)}))

# Sets as keys stand for frozensets in lookups.
print(frozenset({1, 2}) in {frozenset({1, 2})}, {1, 2} in {frozenset({1, 2})})
try:
    {1}.isdisjoint([{1}])
except TypeError as e:
    print("TypeError", e)

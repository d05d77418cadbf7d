# Set iterators read the set's table as they go (CPython's setiterobject): size changes raise
# RuntimeError (sticky), same-size changes are seen, exhaustion is final.

def show(label, f):
    try:
        print(label, f())
    except Exception as e:
        print(label, type(e).__name__, e)

s = {1, 2, 3}
it = iter(s)
print(type(it).__name__, it.__length_hint__())
print(next(it))
s.add(4)
show("after add", lambda: next(it))
show("sticky", lambda: next(it))
s.discard(4)
show("sticky after size restored", lambda: next(it))
print("hint after change", it.__length_hint__())

# Same-size change: remove one key, add another; iteration continues in the table.
s = set(range(8))
out = []
for x in s:
    out.append(x)
    if x == 2:
        s.discard(7)
        s.add(100)
print(out, sorted(s))

# Clear and refill to the same size: a new, smaller table.
s = set(range(40))
it = iter(s)
first = [next(it) for _ in range(3)]
s.clear()
s.update(range(100, 140))
print(first, list(it))

# Exhausted iterators stay exhausted even after the set changes size.
s = {5, 6}
it = iter(s)
print(list(it))
s.add(7)
show("exhausted", lambda: next(it))
print(list(it))

# Length hints and reduce.
s = frozenset([3, 1, 4, 1, 5, 9, 2, 6])
it = iter(s)
print(it.__length_hint__(), next(it), it.__length_hint__())
fn, args = it.__reduce__()
print(fn is iter, args, it.__length_hint__(), list(it))
print(it.__reduce__(), it.__length_hint__())
s2 = {1, 2}
it = iter(s2)
s2.add(3)
show("reduce after change", lambda: it.__reduce__())
print(it.__length_hint__())

# Iteration order after removals (dummies are skipped, the order is the table's).
s = set(range(20))
for k in range(0, 20, 3):
    s.discard(k)
print(list(s))
s.update([40, 41, 3, 0])
print(list(s))
print(list(iter(s)), len(s), [x for x in s if x % 2])

# Popping all while iterating a copy; iterators over frozensets, empty sets.
s = set("abcdef")
for c in sorted(s.copy()):
    s.discard(c)
print(s, list(iter(set())), list(iter(frozenset())))
it = iter(set())
show("empty next", lambda: next(it))

# min, max, sorted, sum, tuple over sets and frozensets after removals.
s = set(range(100)) - set(range(0, 100, 7))
print(min(s), max(s), sum(s), sorted(s)[:5], tuple(s)[:5])
f = frozenset(s) - {1, 2, 3}
print(min(f), max(f), len(f), list(f)[:8])

# Mutation during iteration through a method raises.
s = {1, 2, 3}
try:
    for x in s:
        s.add(x + 10)
except RuntimeError as e:
    print("RuntimeError", e)
try:
    for x in s:
        s.pop()
except RuntimeError as e:
    print("RuntimeError", e)
print(sorted(s))

# Iterating a set of mixed keys; strs.
s = {"x", "y", 1, 2.5, (1, 2), None is None}
print(sorted(map(repr, s)))

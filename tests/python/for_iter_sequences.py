# `for` over ranges, lists and tuples: the interpreter steps these iterators inline, so the
# cases where the sequence changes under the loop, the list's storage changes kind, or the
# iterator is exhausted and reused must behave as CPython's.

def collect(it):
    out = []
    for x in it:
        out.append(x)
    return out

print(collect(range(5)), collect(range(10, 0, -3)), collect(range(0)), collect(range(-2, 3)))
print(collect(range(2**62, 2**62 + 3)), collect(range(-(2**63), -(2**63) + 2)))
print(collect((1, "a", None, 2.5)), collect(()), collect([]))

# A list that grows while it is walked: the loop sees the new items.
grow = [1, 2, 3]
seen = []
for x in grow:
    seen.append(x)
    if x < 6:
        grow.append(x + 3)
print(seen, grow)

# A list cleared while walked: the loop ends.
shrink = [1, 2, 3, 4]
seen = []
for x in shrink:
    seen.append(x)
    if x == 2:
        shrink.clear()
print(seen, shrink)

# An int list that becomes a float list, then an object list, while walked.
mixed = [1, 2, 3, 4, 5]
seen = []
for i, x in enumerate(mixed):
    seen.append(x)
    if i == 1:
        mixed[3] = 4.5
    if i == 3:
        mixed[4] = "five"
print(seen, [type(x).__name__ for x in seen])

floats = [0.5, -0.0, float("inf"), 1e308]
print(collect(floats), [str(x) for x in floats])

# Exhausted iterators stay exhausted, even when the list grows again.
lst = [1, 2]
it = iter(lst)
print(collect(it), collect(it))
lst.append(3)
print(collect(it), next(it, "done"))

tit = iter((1, 2, 3))
print(next(tit), collect(tit), collect(tit))

rit = iter(range(3))
print(next(rit), collect(rit), next(rit, "end"))

# __setstate__ and __length_hint__ of list and tuple iterators.
it = iter([10, 20, 30, 40])
it.__setstate__(2)
print(it.__length_hint__(), collect(it))
it = iter((10, 20, 30))
it.__setstate__(-5)
print(collect(it))
it = iter([10, 20, 30])
it.__setstate__(99)
print(collect(it))

# Nested loops over the same list, and loops in a function called from a loop.
grid = [[r * 3 + c for c in range(3)] for r in range(3)]
total = 0
for row in grid:
    for v in row:
        for w in (v, -v):
            total += w * w
print(total)

def count_pairs(xs):
    n = 0
    for a in xs:
        for b in xs:
            if a < b:
                n += 1
    return n

print([count_pairs(list(range(k))) for k in range(8)])

# A big loop, long enough for the JIT in its default mode.
acc = 0
items = list(range(3000)) + [0.5] * 10
for round_ in range(4):
    for x in items:
        acc += x
    for x in tuple(items[:100]):
        acc -= x
print(acc)

# Sorting by int and bool keys (the sort's machine-int path): stability for equal keys, with
# and without reverse and key functions, big ints and floats falling back to the general path,
# and sorted() of a bytes object.
import random

rng = random.Random(5)
values = [rng.randrange(-50, 50) for _ in range(2000)]
print(sorted(values)[:10], sorted(values)[-10:], sorted(values, reverse=True)[:5])

pairs = [(rng.randrange(10), i) for i in range(500)]
by_first = sorted(pairs, key=lambda p: p[0])
print(by_first[:8], all(a[1] < b[1] for a, b in zip(by_first, by_first[1:]) if a[0] == b[0]))
rev = sorted(pairs, key=lambda p: p[0], reverse=True)
print(rev[:8], all(a[1] < b[1] for a, b in zip(rev, rev[1:]) if a[0] == b[0]))

mixed = [True, 0, 1, False, -1, True, 2, 0]
out = sorted(mixed)
print(out, [type(x).__name__ for x in out])
print(sorted([3, 2**70, -2**65, 1]), sorted([3, 1.5, 2, -0.5]), sorted([5, 4.0, 4, 3]))
lst = [9, 8, 7, 7, 1]
lst.sort(key=lambda v: -v)
print(lst)
print(bytes(sorted(b"the quick brown fox")))
print(sorted(range(10), key=lambda v: v % 3), sorted([5, 10**6, -7, 3, -(2**62), 2**62]))
print(sorted([], key=int), sorted([1]))
try:
    sorted([1, "a", 2])
except TypeError as e:
    print("TypeError", e)

# range[i] and range[a:b] (computed in domain code for ints and unit slices): values, bounds,
# clamping, errors, and the same in hot loops and in a recursive split (bm_generators' tree).
import sys

BIG = sys.maxsize
ranges = [range(10), range(3, 17), range(-5, 5), range(0), range(5, 3), range(-3, 20, 4),
          range(20, -3, -3), range(BIG - 5, BIG), range(-BIG - 1, -BIG + 4),
          range(-BIG, BIG, BIG // 2), range(7, 8)]
bounds = [None, 0, 1, 2, -1, -2, 5, -7, 100, -100, BIG, -BIG - 1, True, False]


def show(r):
    return "%r len=%d first=%r last=%r" % (r, len(r), r[0] if r else None, r[-1] if r else None)


for r in ranges:
    print(show(r))
    for i in [0, 1, -1, 2, -2, len(r), -len(r), -len(r) - 1, BIG, -BIG - 1, True]:
        try:
            print(" ", i, r[i])
        except IndexError as e:
            print(" ", i, "IndexError", e)
    for a in bounds:
        for b in bounds:
            s = r[a:b]
            print("  [%r:%r] %r %s" % (a, b, s, list(s) == list(r)[a:b]))
    for step in [1, 2, -1, None]:
        s = r[2:-1:step]
        print("  step", step, s, list(s) == list(r)[2:-1:step])

for bad in ["1", 1.0, None, [1]]:
    try:
        range(5)[bad]
    except TypeError as e:
        print("TypeError", e)
try:
    range(5)[::0]
except ValueError as e:
    print("ValueError", e)
try:
    range(5)["a":]
except TypeError as e:
    print("TypeError", e)


class Index:
    def __init__(self, v):
        self.v = v

    def __index__(self):
        return self.v


print(range(10)[Index(3)], range(10)[Index(2):Index(-2)])


def hot(n):
    total = 0
    r = range(-50, 50)
    out = []
    for k in range(n):
        i = k % 120 - 60
        try:
            total += r[i]
        except IndexError:
            total -= 1
        s = r[i:k % 90]
        total += len(s) + (s[0] if s else 0) + (s[-1] if s else 0)
        if k % 97 == 0:
            out.append((i, s, r[:i], r[i:]))
    return total, out


print(hot(3000))


def split(r):
    n = len(r)
    if n == 0:
        return []
    i = n // 2
    return split(r[:i]) + [r[i]] + split(r[i + 1:])


for n in [0, 1, 7, 2000]:
    got = split(range(n))
    print(n, got == list(range(n)), got[:5])
r = range(100, 300)
print(split(r)[-3:], r[5:][3:][:4], r[-1:][0], r[10:-10][::1])
print(range(3)[1:] == range(1, 3), hash(range(4)[:2]) == hash(range(2)), range(10)[4:2], range(10)[4:2] == range(0))

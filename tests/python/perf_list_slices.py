# List slicing and slice assignment across storage strategies (int, float, object, empty,
# mixed), extended slices, self-assignment, errors and __index__ calls.


class Idx:
    calls = 0

    def __init__(self, v):
        self.v = v

    def __index__(self):
        Idx.calls += 1
        return self.v


def show(label, x):
    print(label, repr(x), type(x).__name__, len(x))


ints = list(range(10))
floats = [i / 4 for i in range(10)]
objs = ["a", "b", "c", "d", "e"]
mixed = [1, 2.5, "x", None, (1, 2)]
for name, seq in (("ints", ints), ("floats", floats), ("objs", objs), ("mixed", mixed), ("empty", [])):
    show(name + "[:]", seq[:])
    show(name + "[::-1]", seq[::-1])
    show(name + "[1:4]", seq[1:4])
    show(name + "[::2]", seq[::2])
    show(name + "[-3:]", seq[-3:])
    show(name + "[5:2]", seq[5:2])
    show(name + "[3::-2]", seq[3::-2])
    copy = seq[:]
    copy.append(99)
    print(name, "copy independent", len(seq), len(copy))

# Items of unboxed slices are ordinary ints and floats.
s = ints[2:5]
print(s[0] + 1, s[-1] * 2, sum(s), max(floats[3:]), 3 in s, 2.75 in floats[::3])
s[0] = "str"
print(s, ints[:4])

# Slice assignment within one strategy.
a = list(range(8))
a[:3] = [7, 8, 9]
print(a)
a[2:5] = [1]
print(a)
a[1:1] = [100, 200, 300]
print(a)
a[:] = a[::-1]
print(a)
a[::2] = [0] * len(a[::2])
print(a)
a[5:2] = [55]
print(a)
a[:] = a
print(a)
a[1:3] = []
print(a)
f = [1.5, 2.5, 3.5, 4.5]
f[1:3] = [9.25]
print(f)
f[::-1] = [1.0, 2.0, 3.0]
print(f)

# Fannkuch's flip.
perm = [3, 1, 4, 0, 2]
k = perm[0]
while k:
    perm[:k + 1] = perm[k::-1]
    k = perm[0]
    print(perm)

# Mixed strategies switch to objects.
b = [1, 2, 3]
b[1:2] = [2.5, 2.75]
print(b)
c = [1.5, 2.5]
c[:1] = [1]
print(c)
d = [1, 2, 3]
d[1:] = ["x", "y"]
print(d)
e = []
e[:] = [1, 2]
print(e, e[0] + e[1])
g = [1, 2, 3]
g[:0] = []
print(g)
h = [1, 2, 3]
h[1:2] = (5, 6)
print(h)
h[::2] = range(2)
print(h)

# Errors.
for target, key, value in (
    (list(range(6)), slice(None, None, 2), [1, 2]),
    (list(range(6)), slice(None, None, -1), [1.5]),
    ([1.5, 2.5], slice(None, None, 2), [1.0, 2.0]),
    ([1, 2, 3], slice(0, 2), 5),
    ([1, 2, 3], slice(None, None, 0), [1]),
    ([1, 2, 3], slice("a", None), [1]),
):
    try:
        target[key] = value
        print("ok", target)
    except (ValueError, TypeError) as exc:
        print(type(exc).__name__, exc, target)

# __index__ of slice bounds is called once per bound.
Idx.calls = 0
m = list(range(10))
m[Idx(2):Idx(5)] = [20, 30]
print(m, Idx.calls)
Idx.calls = 0
m[Idx(1):Idx(8):Idx(3)] = [7.5, 8.5, 9.5]
print(m, Idx.calls)
Idx.calls = 0
print(m[Idx(0):Idx(3)], Idx.calls)

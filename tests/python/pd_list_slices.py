# List slices in every strategy (ints, floats, objects, empty): reads, assignment of every shape
# (growing, shrinking, extended, self-assignment), insert and pop in the middle, as fannkuch does.

def attempt(label, f):
    try:
        r = f()
        print(label, "->", r)
    except Exception as e:
        print(label, "raises", type(e).__name__, e)

samples = {
    "ints": list(range(10)),
    "floats": [i / 2 for i in range(10)],
    "objects": ["s%d" % i for i in range(10)],
    "mixed": [0, 1.5, "two", None, (4,), 5, 6.0, [7], 8, "nine"],
}
keys = [slice(None), slice(2, 5), slice(5, 2), slice(-3, None), slice(None, None, 2), slice(None, None, -1),
        slice(7, 1, -2), slice(100, 200), slice(-100, 3), slice(1, None, 4), slice(None, None, -4)]
for name, base in samples.items():
    for key in keys:
        print(name, key, base[key])

values = {
    "ints": [100, 101, 102], "floats": [0.25, 0.75], "objects": ["x", "y", "z", "w"], "empty": [],
    "mixed": [1, "a", 2.5], "tuple": (9, 8), "range": range(3), "gen": None,
}
assign_keys = [slice(2, 5), slice(0, 0), slice(10, 10), slice(None), slice(5, 2), slice(-2, None),
               slice(None, None, 3), slice(None, None, -3), slice(8, 1, -3), slice(1, 9, 2)]
for name, base in samples.items():
    for vname, value in values.items():
        for key in assign_keys:
            a = list(base)
            v = (x for x in range(4)) if vname == "gen" else value
            try:
                a[key] = v
                print(name, vname, key, a)
            except Exception as e:
                print(name, vname, key, "raises", type(e).__name__, e)

# Self-assignment and overlapping moves.
for name, base in samples.items():
    a = list(base)
    a[:] = a
    print("a[:] = a", name, a)
    a[2:4] = a
    print("a[2:4] = a", name, a)
    a[::-1] = a
    print("a[::-1] = a", name, a)
    a[1:] = a[:-1]
    print("a[1:] = a[:-1]", name, a)
    a[:3] = a[-3:]
    print("a[:3] = a[-3:]", name, a)
    attempt("a[::2] = a " + name, lambda: a.__setitem__(slice(None, None, 2), a))

# Strategy changes through slice assignment.
a = list(range(5))
a[1:3] = [1.5, 2.5]
print(a, [type(x).__name__ for x in a])
a = [0.5, 1.5, 2.5]
a[::2] = [7, 8]
print(a, [type(x).__name__ for x in a])
a = []
a[:] = [1, 2, 3]
a[3:] = [4.0]
print(a)
a = [1, 2, 3]
a[1:2] = []
print(a)
a[:] = []
print(a, len(a))
a.append(5)
print(a)

# insert and pop in the middle, every strategy.
for name, base in samples.items():
    a = list(base)
    a.insert(3, a.pop(0))
    a.insert(-2, a.pop(-3))
    a.insert(100, a.pop(4))
    a.insert(-100, a.pop())
    print("insert/pop", name, a)
a = list(range(6))
a.insert(2, "obj")
a.insert(0, 0.5)
print(a)
e = []
e.insert(0, 1)
e.insert(0, 2.0)
print(e)
attempt("pop empty", lambda: [].pop(0))
attempt("pop out", lambda: [1].pop(5))

# A fannkuch-like permutation loop.
def fannkuch(n):
    count = list(range(1, n + 1))
    max_flips = 0
    m = n - 1
    r = n
    perm1 = list(range(n))
    checksum = 0
    while 1:
        while r != 1:
            count[r - 1] = r
            r -= 1
        if perm1[0] != 0 and perm1[m] != m:
            perm = perm1[:]
            flips = 0
            k = perm[0]
            while k:
                perm[:k + 1] = perm[k::-1]
                flips += 1
                k = perm[0]
            max_flips = max(max_flips, flips)
            checksum += flips
        while r != n:
            perm1.insert(r, perm1.pop(0))
            count[r] -= 1
            if count[r] > 0:
                break
            r += 1
        else:
            return max_flips, checksum

print(fannkuch(6), fannkuch(7))
big = list(range(100000))
big[10:99990] = []
print(len(big), big)
big = [str(i) for i in range(1000)]
del big[::3]
big[5:995] = big[:3]
print(len(big), big)

# Loops whose preamble computes loop-invariant values (negations, products, comparisons,
# attribute loads) that the peeled loop reuses, and bridges that enter the peeled loop with
# values that fit or not (other types, other constants, None, changed attributes).


class Box:
    def __init__(self, v):
        self.v = v
        self.scale = 2.0


def first_hit(items, limit):
    # -limit is loop-invariant; the comparison with it decides the branch.
    hits = []
    for i, x in items:
        if x is not None and x > -limit:
            hits.append((i, x))
    return hits


def invariant_math(n, a, b):
    total = 0.0
    count = 0
    for i in range(n):
        c = -a * 2.0          # invariant float work
        d = b + 1             # invariant int work
        if i % 7 == 3:        # a bridge that re-enters the loop
            total += c
        else:
            total += d * 0.5
        count += d > 3
    return total, count


def attr_loop(box, n):
    acc = 0.0
    for i in range(n):
        acc += box.v * box.scale
        if i == n // 2:
            box.scale = 3.0   # the heap fact changes mid-loop
        if i == (3 * n) // 4:
            box.v = 1.5       # and its type
    return acc


def mixed_types(n):
    out = []
    v = 1
    for i in range(n):
        neg = -v
        if i == n // 3:
            v = 2.5           # an int becomes a float
        elif i == (2 * n) // 3:
            v = True          # and a bool
        out.append(neg)
    return out[:3], out[n // 3: n // 3 + 3], out[-3:], sum(out)


def nested(n):
    s = 0
    for i in range(n):
        k = -(i % 5)
        for j in range(4):
            if j > -k:
                s += j * k
            else:
                s -= 1
    return s


def maybe_none(n):
    seen = 0
    x = None
    for i in range(n):
        if x is None:
            seen += 1
        else:
            seen += x.v
        if i % 50 == 49:
            x = Box(i) if x is None else None
    return seen


def shifts(n):
    r = 0
    sh = 3
    for i in range(n):
        m = (1 << sh) - 1
        r = (r + (i & m) + (i >> sh)) % 1000003
        if i == n // 2:
            sh = 5
    return r


items = [(i, float(i % 13) - 6.5) for i in range(3000)]
items[100] = (100, None)
h = first_hit(items, 2.0)
print(len(h), h[:5], h[-3:])
h = first_hit(items, 7)
print(len(h), h[:2])
print(invariant_math(5000, 1.25, 3))
print(invariant_math(5000, -0.5, 2))
print(attr_loop(Box(2), 4000))
print(attr_loop(Box(0.25), 4000))
print(mixed_types(3000))
print(nested(3000))
print(maybe_none(5000))
print(shifts(6000))
try:
    print(invariant_math(10, "x", 1))
except TypeError as e:
    print(type(e).__name__, e)
try:
    print(first_hit([(0, 1.0)] * 2000 + [(1, "s")], 1.0))
except TypeError as e:
    print(type(e).__name__, e)

# Items of unboxed lists (ints, floats) read again and again in one loop body: a trace boxes an
# item it already boxed once (the same value from an unchanged list) with the same box, so
# identity, equality and arithmetic on the boxes, a list changed between the reads, and items
# that escape into containers must all behave as in CPython. A loop traced on a tuple and then
# run on a list (and back) gets a version of its own per kind.


def unpack_many(seq, n):
    same = 0
    total = 0
    kept = []
    for i in range(n):
        a, b, c = seq
        x, y, z = seq
        same += (a is x) + (b is y) + (c is z) + (a == x)
        a, b, c = seq
        total += a + b * c
        x, y, z = seq
        if i % 50 == 0:
            kept.append((x, y, z))
    return same, total, kept[-1], len(kept)


def mutated(lst, n):
    out = []
    for i in range(n):
        a, b = lst
        lst[0] = a + 1
        c, d = lst
        lst[1] = d * 2 % 1000
        e, f = lst
        out.append(a + c + e + b + d + f)
    return out[-3:], lst


def indexed(lst, n):
    total = 0
    for i in range(n):
        p = lst[i % 4]
        q = lst[i % 4]
        r = lst[2]
        s = lst[2]
        total += (p is q) + (r is s) + p + r
    return total


def floats(lst, n):
    acc = 0.0
    for _ in range(n):
        u, v = lst
        w, x = lst
        acc += u * w - v / x
        acc += (u is w) + (v is x)
    return acc


def versions(seqs, n):
    results = []
    for seq in seqs:
        t = 0
        for _ in range(n):
            a, b, c, d = seq
            a, b, c, d = seq
            t += a - d
        results.append((t, a, b, c, d))
    return results


print(unpack_many([3, 4, 5], 3000))
print(unpack_many((3, 4, 5), 3000))
print(unpack_many([1 << 40, -7, 1 << 62], 3000))
print(unpack_many([2.5, -0.0, float("inf")], 2000))
print(mutated([1, 3], 2000))
print(indexed([10, 20, 30, 40], 4000))
print(floats([1.5, 2.0], 3000))
print(versions([(1, 2, 3, 4), [5, 6, 7, 8], (9, 10, 11, 12), [1.5, 2.5, 3.5, 4.5], [13, 14, 15, 16]] * 2, 1500))

# Sets built from ints at once (set(gen) of a generator, set(list), {a, b, ...} displays,
# frozenset(...), s.update on an empty set): the iteration order must be CPython's one-by-one
# insertion's, through the table's growth, with duplicates (True and 1: the first one stays),
# colliding keys (multiples of the table size, -1 and -2 with the same hash, 2**61 - 1 and 0),
# negative and large ints, and mixtures with other keys; in hot loops for the JIT.
def orders(n, k):
    vals = [(i * k) % (n + 3) - (n // 3) for i in range(n)]
    out = []
    out.append(list(set(v for v in vals)))
    out.append(list(set(vals)))
    out.append(list(frozenset(vals)))
    s = set()
    s.update(vals)
    out.append(list(s))
    out.append(list(set(v * 32 for v in vals)))
    out.append(list(set(v * 8 + (v & 1) for v in vals)))
    out.append(list(set([True, 1, 2, 3, 4, False, 0, 5, 6])))
    out.append([type(x).__name__ for x in set([True, 1, 2, 3, 4, False, 0, 5, 6])])
    out.append(list({-1, -2, 3, 4, 5, 6, 2**61 - 1, 0, 2**61, 1}))
    out.append(list(set([2**63 - 1, -2**63, 7, 8, 9, 10, 11, 12])))
    out.append(list(set([1, 2, 3, 4, 5, "a", 6, 7, 8])))
    out.append(list(set(v for v in vals if v % 2) | {100, 200}))
    out.append(len(set(v % 7 for v in vals)))
    out.append(list(set(i for i in range(n) for _ in range(2))))
    s = {1, 2, 3}
    s.clear()
    s.update(vals)
    out.append(list(s))
    return out


for rep in range(50):
    for n in (0, 4, 5, 6, 8, 16, 18, 19, 20, 40, 77, 100, 300):
        for k in (1, 3, 7, 32):
            r = orders(n, k)
            if rep in (0, 49):
                print(rep, n, k, r)

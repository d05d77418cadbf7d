# Generator expressions without branches (straight loops), consumed by tuple(), set(), sum()
# and for loops in paths that become bridges: their items, their exceptions part-way, partial
# consumption, and sets of ints built at once (hash collisions, duplicates, mixed keys).


def permutations(iterable):
    pool = tuple(iterable)
    n = len(pool)
    indices = list(range(n))
    cycles = list(range(1, n + 1))[::-1]
    yield tuple(pool[i] for i in indices)
    while n:
        for i in reversed(range(n)):
            cycles[i] -= 1
            if cycles[i] == 0:
                indices[i:] = indices[i + 1:] + indices[i:i + 1]
                cycles[i] = n - i
            else:
                j = cycles[i]
                indices[i], indices[-j] = indices[-j], indices[i]
                yield tuple(pool[i] for i in indices)
                break
        else:
            return


def queens(n):
    cols = range(n)
    found = []
    for vec in permutations(cols):
        if n == len(set(vec[i] + i for i in cols)) == len(set(vec[i] - i for i in cols)):
            found.append(vec)
    return found


for n in (4, 5, 6, 7):
    sols = queens(n)
    print(n, len(sols), sols[:2], sols[-1:])


def sums(rows):
    out = []
    for k, row in enumerate(rows):
        if k % 3 == 0:
            out.append(sum(v * 2 for v in row))
        elif k % 3 == 1:
            out.append(tuple(v - k for v in row))
        else:
            out.append(len(set(v % 7 for v in row)))
    return out


rows = [list(range(k % 11, k % 11 + 9)) for k in range(300)]
res = sums(rows)
print(len(res), res[:6], res[-3:])


def divide_all(rows):
    # The body raises at a zero part-way through the items.
    out = []
    for k, row in enumerate(rows):
        if k % 2:
            try:
                out.append(tuple(100 // v for v in row))
            except ZeroDivisionError as e:
                out.append(("zero", k, str(e)))
        else:
            out.append(k)
    return out


rows = [[(j + k) % 9 + (1 if k < 150 else 0) for j in range(8)] for k in range(300)]
res = divide_all(rows)
print(len(res), res[1:4], res[-4:], sum(1 for r in res if isinstance(r, tuple) and r[0] == "zero"))


def partial(rows):
    # A generator consumed in part: what is left is still there afterwards.
    out = []
    for k, row in enumerate(rows):
        if k % 2:
            g = (v + 1 for v in row)
            first = next(g)
            second = next(g)
            out.append((first, second, list(g)))
        else:
            out.append(None)
    return out


rows = [list(range(k, k + 6)) for k in range(200)]
res = partial(rows)
print(res[1], res[-1], sum(len(r[2]) for r in res if r))


def int_sets(n):
    # Sets of ints whose home slots collide (k and k + 32 in a table of 32 slots), duplicates,
    # negative ints, -1 (whose hash is -2), big ints and mixed keys.
    out = []
    for k in range(n):
        if k % 4 == 0:
            s = set(v for v in (k, k + 32, k + 64, k + 1, k + 2, k + 3))
        elif k % 4 == 1:
            s = set(v % 5 for v in range(k, k + 12))
        elif k % 4 == 2:
            s = set(-v for v in range(-2, 6))
        else:
            s = set(v for v in (2**70, k, 1.5, "a", k, -1, -2))
        out.append((len(s), sorted(s, key=repr)))
    return out


res = int_sets(200)
print(res[:4])
print(res[-4:])
print(sum(r[0] for r in res))
print({1, 2, 3, 4, 5, 6, 7, 8} == set(range(1, 9)), {-1, -2, 0, 1, 2} == set(v for v in range(-2, 3)))

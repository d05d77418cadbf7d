# list.sort / sorted of tuple keys of ints and bools (sorted without Python comparisons), in hot
# loops: mixed lengths, empty tuples, bools among ints, stability of equal keys, reverse, and
# keys that need Python's comparison (big ints, floats, mixed kinds, subclasses).
import random

rng = random.Random(19)


class Tag:
    def __init__(self, key, n):
        self.key = key
        self.n = n

    def __repr__(self):
        return 'T%d' % self.n


class MyInt(int):
    def __lt__(self, other):
        return int(self) > int(other)


def keys_of(kind, i):
    r = rng.randrange
    if kind == 0:
        return (r(2) == 0, r(3) == 0, r(5), r(-3, 3))
    if kind == 1:
        return tuple(r(3) for _ in range(r(4)))
    if kind == 2:
        return (r(2), True, r(2) == 1)
    if kind == 3:
        return (r(3), 2 ** 70 + r(3))
    if kind == 4:
        return (r(3), r(3) + 0.5)
    if kind == 5:
        return (r(2), MyInt(r(4)))
    return (-2 ** 63 + r(3), 2 ** 63 - 1 - r(3))


def run(n):
    out = []
    for i in range(n):
        kind = i % 7
        tags = [Tag(keys_of(kind, i), j) for j in range(rng.randrange(0, 25))]
        pairs = [(t.key, t.n) for t in tags]
        keys = [t.key for t in tags]
        keys.sort()
        by_key = sorted(tags, key=lambda t: t.key)
        rev = sorted(tags, key=lambda t: t.key, reverse=True)
        pairs.sort(reverse=i % 2 == 0)
        out.append((kind, keys[:3], [t.n for t in by_key], [t.n for t in rev], pairs[:2]))
    return out


res = run(350)
for line in res[:14]:
    print(line)
print(len(repr(res)), sum(len(r[2]) for r in res))
print(repr(res)[-400:])

# list.sort and sorted: inconsistent comparisons, mutation during the sort, errors mid-sort.
import random
from functools import cmp_to_key

random.seed(1234)


class Loud:
    """Records every comparison (CPython's order for lists shorter than 64)."""
    log = []

    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        Loud.log.append((self.v, other.v))
        return self.v < other.v

    def __repr__(self):
        return "L%d" % self.v


for data in ([3, 1, 2], [5, 4, 3, 2, 1], [1, 2, 3, 4], [2, 2, 1, 1, 3, 3, 0], list(range(20, 0, -3)) + [7, 7, 1]):
    Loud.log = []
    items = [Loud(v) for v in data]
    items.sort()
    print(items, len(Loud.log), Loud.log[:12])
    Loud.log = []
    print(sorted([Loud(v) for v in data], reverse=True), len(Loud.log))

# An insane comparison never crashes and leaves a permutation.
for n in (2, 5, 31, 64, 65, 200, 1000):
    s = list(range(n))
    s.sort(key=cmp_to_key(lambda a, b: random.randrange(3) - 1))
    print(n, sorted(s) == list(range(n)))
    s = list(range(n))
    s.sort(key=cmp_to_key(lambda a, b: 1))
    print(n, sorted(s) == list(range(n)), s[:3])


class Boom:
    def __init__(self, v, fail_at):
        self.v = v
        self.fail_at = fail_at

    def __lt__(self, other):
        Boom.count += 1
        if Boom.count == self.fail_at:
            raise RuntimeError("boom at %d" % Boom.count)
        return self.v < other.v


for n, fail_at in ((10, 5), (100, 300), (300, 1000)):
    random.seed(n)
    Boom.count = 0
    values = list(range(n))
    random.shuffle(values)
    items = [Boom(v, fail_at) for v in values]
    try:
        items.sort()
    except RuntimeError as e:
        print(type(e).__name__, e, len(items), sorted(b.v for b in items) == list(range(n)))


# Mutation during a sort: the list looks empty, and the change raises ValueError.
class Mutator:
    def __init__(self, target, how):
        self.target = target
        self.how = how

    def __lt__(self, other):
        print("len during sort:", len(self.target[0]))
        if self.how == "append":
            self.target[0].append(1)
        elif self.how == "append-pop":
            self.target[0].append(1)
            self.target[0].pop()
        return False


for how in ("append", "append-pop", "none"):
    holder = [None]
    data = [Mutator(holder, how) for _ in range(2)]
    holder[0] = data
    try:
        data.sort()
        print(how, "no error", len(data))
    except ValueError as e:
        print(how, type(e).__name__, e, len(data), all(isinstance(x, Mutator) for x in data))

data = list(range(10))


def key(x):
    del data[:]
    data[:] = range(20)
    return x


try:
    data.sort(key=key)
except ValueError as e:
    print(type(e).__name__, e, data)

# An error in the key function leaves the list as it was.
data = list(range(-2, 2))
try:
    data.sort(key=lambda x: 1 / x)
except ZeroDivisionError as e:
    print(type(e).__name__, e, data)

# Stability, reverse stability, heterogeneous lists.
random.seed(99)
pairs = [(random.randrange(10), i) for i in range(100)]
print(sorted(pairs, key=lambda p: p[0]) == sorted(pairs))
print(sorted(pairs, key=lambda p: p[0], reverse=True)[:8])
for bad in ([0, "a"], [(1, "a"), ("a", 1)], [1.5, None]):
    try:
        bad.sort()
    except TypeError as e:
        print(type(e).__name__, e)

# Floats read from a float list keep their identity for `is`.
floats = [float(x) for x in range(5)] + [float("nan")]
print([a is b for a, b in zip(sorted(floats[:5]), floats[:5])], floats[5] is floats[5])
print(sorted([1, 1.1]), sorted([1 << 70, 1.1]), sorted([float("nan")] * 3))

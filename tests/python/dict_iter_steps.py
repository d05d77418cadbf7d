# Dict iteration steps (keys, values, items unpacked in loops) around deleted entries, changes of
# size and keys during iteration, reversed iteration; int, str and mixed keys looked up and stored
# in hot loops; set iteration in loops.


def items_sum(d):
    total = 0
    for (a, b), v in d.items():
        total += a * 3 + b * 5 + v
    return total


def keys_values(d):
    ks = 0
    for k in d:
        ks += k
    vs = 0
    for v in d.values():
        vs += v
    return ks, vs


grid = {(x, y): x ^ y for x in range(40) for y in range(40)}
for _ in range(30):
    s = items_sum(grid)
print(s)

d = {i: i * i for i in range(2000)}
for i in range(0, 2000, 3):
    del d[i]
for _ in range(20):
    r = keys_values(d)
print(r, len(d), list(d)[:5], list(d.items())[-3:], list(reversed(d.values()))[:3])


def grow_during(d):
    try:
        for k in d:
            d[k + 100000] = k
    except RuntimeError as e:
        return str(e)


def swap_keys(d):
    seen = []
    try:
        for k in d:
            seen.append(k)
            del d[k]
            d[k + 10] = k
    except RuntimeError as e:
        return str(e), seen
    return "no error", seen


for _ in range(30):
    a = grow_during({i: i for i in range(50)})
    b = swap_keys({i: i for i in range(5)})
print(a, b)

# An exhausted iterator stays exhausted; a second loop over the same items iterator gives nothing.
it = iter({1: 2, 3: 4}.items())
print(list(it), list(it), next(it, "end"))

# Iterating a dict while values (not keys) change is allowed.
vals = {k: 0 for k in "abcdefgh"}
for _ in range(40):
    for k, v in vals.items():
        vals[k] = v + len(k)
print(vals)

# Lookups: str keys built at run time (not identical objects), ints, bools, floats, mixed.
words = ["w" + str(i % 37) for i in range(3000)]
counts = {}
for w in words:
    counts[w] = counts.get(w, 0) + 1
print(len(counts), counts["w5"], sorted(counts.items())[:3])

nums = {}
for i in range(3000):
    k = (i * 7919) % 211
    nums[k] = nums.get(k, 0) + 1
print(len(nums), nums[0], nums.get(True), nums.get(1.0), 1.0 in nums, True in nums)
mixed = {1: "int", "1": "str", (1,): "tuple", 2.5: "float"}
print([mixed.get(k) for k in (1, True, 1.0, "1", (1,), 2.5, 2)])
big = 2 ** 70
mixed[big] = "big"
print(mixed[2 ** 70], mixed.get(2 ** 70 + 1))


class Key:
    def __init__(self, v):
        self.v = v

    def __hash__(self):
        return hash(self.v)

    def __eq__(self, other):
        return isinstance(other, (Key, int)) and (other.v if isinstance(other, Key) else other) == self.v


ud = {Key(1): "one", 2: "two"}
print(ud.get(1), ud.get(Key(2)), ud[Key(1)])

# Set iteration in a hot loop, with its size-change error.
s = set(range(0, 300, 7))
tot = 0
for _ in range(50):
    for x in s:
        tot += x
print(tot)
try:
    for x in s:
        s.add(x + 1000)
except RuntimeError as e:
    print(e)

# dict() and copy of a dict with deletions keep order.
src = {i: str(i) for i in range(20)}
for i in range(0, 20, 2):
    del src[i]
cp = dict(src)
cp2 = src.copy()
cp[100] = "x"
print(list(cp.items())[:4], list(cp2)[-3:], len(cp), len(cp2))

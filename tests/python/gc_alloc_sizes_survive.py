# Objects of many sizes (within one Immix line, spanning lines, larger than a block's usual hole,
# large objects) allocated between bursts of garbage that fill and recycle the allocation buffer;
# the survivors are held in locals, lists, dicts and closures and checked after many collections.


def churn(n):
    """Garbage of mixed sizes: fills allocation buffers so that later objects land in new holes."""
    total = 0
    for i in range(n):
        t = (i, i + 1, i + 2)
        s = [i] * (i % 40)
        total += len(s) + t[2]
    return total


def make(size, seed):
    """A tuple, a list, a str, a bytes and a dict whose sizes grow with `size`."""
    return (
        tuple(range(seed, seed + size)),
        [seed * 2] * size,
        "x%d" % seed * (size // 3 + 1),
        bytes((seed + k) % 256 for k in range(size)),
        {k: k * seed for k in range(size // 8 + 1)},
    )


def summary(obj):
    t, l, s, b, d = obj
    return (len(t), sum(t), len(l), sum(l), len(s), s[:6], len(b), sum(b), len(d), sum(d.values()))


sizes = [0, 1, 2, 7, 31, 32, 33, 63, 64, 65, 255, 256, 257, 1000, 1024, 4095, 4096, 9000, 20000]
kept = []
expected = []
for round_ in range(3):
    for size in sizes:
        obj = make(size, round_ * 100 + size % 97)
        kept.append(obj)
        expected.append(summary(obj))
        churn(500 + size % 300)

ids = [id(o) for o in kept]
for _ in range(5):
    churn(4000)
ok = all(summary(o) == e for o, e in zip(kept, expected))
print("survivors intact:", ok, len(kept))
print("ids stable:", ids == [id(o) for o in kept])
for size, obj in zip(sizes, kept):
    print(size, summary(obj))


def closures(n):
    """Closures over objects of growing size, called after the garbage they were made among died."""
    fs = []
    for i in range(n):
        payload = list(range(i * 37 % 300))
        fs.append(lambda p=payload, k=i: (k, len(p), sum(p)))
        churn(100)
    return fs


fs = closures(60)
churn(6000)
print([f() for f in fs[::7]])

# Identity of objects only reachable from a dict's values and a set, across collections.
table = {i: [i] * (i % 70) for i in range(500)}
members = {("m", i, "y" * (i % 50)) for i in range(300)}
before = sum(id(v) % 9973 for v in table.values())
churn(8000)
print(sum(id(v) % 9973 for v in table.values()) == before, sum(len(v) for v in table.values()))
print(len(members), sorted(members)[:2], sorted(members)[-1])

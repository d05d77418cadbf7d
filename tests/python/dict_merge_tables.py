# dict(d), d.update(other) and {**d}: clean and dirty sources (deleted entries), non-empty
# targets, str/int/tuple/mixed keys, order, -1 hashes, NaN keys, colliding hashes, keys whose
# __eq__ mutates the source, str subclass keys, merges in traced loops.


class Key:
    def __init__(self, v, h, log=None, mutate=None):
        self.v, self.h, self.log, self.mutate = v, h, log, mutate

    def __hash__(self):
        return self.h

    def __eq__(self, other):
        if self.log is not None:
            self.log.append((self.v, getattr(other, "v", other)))
        if self.mutate is not None:
            target, self.mutate = self.mutate, None
            target[object()] = 1
        return isinstance(other, Key) and self.v == other.v

    def __repr__(self):
        return "K%s" % self.v


class S(str):
    pass


def show(d):
    return list(d.items())


d = {i: i * i for i in range(50)}
for i in range(0, 50, 3):
    del d[i]
c = dict(d)
print(show(c) == show(d), len(c), list(c)[:5])
c[1000] = 1
print(len(c), len(d), 1000 in d)
e = {"x": 1, 5: 2}
e.update(d)
print(list(e)[:6], len(e))
f = {**d, "z": 0, **{-1: -1, -2: -2}}
print(list(f)[-4:], len(f))
g = {3: "three", 99: "nn"}
g.update(d)
print(list(g)[:4], g[3], g[99])
print(dict({}), dict({1: 2}), {**{}}, dict(d) is not d)

nan = float("nan")
h = {nan: 1, -1: "m1", -2: "m2", (1, 2): "t", "s": "str", 2.0: "two"}
h2 = dict(h)
print(h2[nan], h2[-1], h2[-2], h2[(1, 2)], h2[2], len(h2), float("nan") in h2)
h.update(h)
print(len(h), list(h.values()))

log = []
a = {Key(i, 7, log): i for i in range(4)}
del a[Key(0, 7)]
log.clear()
b = dict(a)
print(sorted(log), show(b))
log.clear()
t = {Key(2, 7, log): "old"}
t.update(a)
print(log, show(t))

for clean in (True, False):
    src = {Key(1, 5): 1, Key(2, 5): 2, Key(3, 5): 3}
    if not clean:
        del src[Key(1, 5)]
    dst = {Key(9, 5, mutate=src): 0}
    try:
        dst.update(src)
        print("no error", len(dst))
    except RuntimeError as err:
        print("RuntimeError", err, len(dst), len(src))

sk = {S("a"): 1, "b": 2}
m = {"a": 0}
m.update(sk)
print(show(m), type(list(m)[0]).__name__, type(list(dict(sk))[0]).__name__)

nested = {"k%d" % i: i for i in range(100)}
for i in range(0, 100, 7):
    del nested["k%d" % i]
big = {}
for _ in range(3):
    big.update(nested)
print(len(big), list(big)[:3], sum(big.values()))


def loop(n):
    total = 0
    base = {(i, i + 1): i for i in range(20)}
    del base[(3, 4)]
    for i in range(n):
        copy = dict(base)
        copy[(i, i)] = i
        merged = {**copy, i: i}
        merged.update(base)
        total += len(copy) + len(merged) + merged[(i, i)]
    return total


print(loop(2500))

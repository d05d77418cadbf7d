# set(generator) batches exact ints and strs into one residual call per batch: what the
# generator sees and raises, and the set's contents and order, must be CPython's.


class Key:
    def __init__(self, v):
        self.v = v

    def __hash__(self):
        print("hash", self.v)
        return hash(self.v)

    def __eq__(self, other):
        return isinstance(other, Key) and self.v == other.v

    def __repr__(self):
        return "Key(%r)" % self.v


def gen(items, log):
    for x in items:
        log.append(x)
        yield x


def build(items):
    log = []
    try:
        s = set(gen(items, log))
        return sorted(s, key=repr), len(s), len(log)
    except Exception as e:
        return type(e).__name__, str(e), len(log)


def queens_like(n):
    cols = range(n)
    total = 0
    for k in range(200):
        vec = [(k * 7 + i * 3) % n for i in cols]
        total += len(set(vec[i] + i for i in cols)) + len(set(vec[i] - i for i in cols))
    return total


print(queens_like(8), queens_like(5), queens_like(20))
print(build([]))
print(build([1, 2, 3, 2, 1]))
print(build(["a", "b", "a"]))
print(build(list(range(40)) + list(range(10))))
print(build([1, [2], 3]))
print(build([1, 2, Key(1), 3, Key(1)]))
print(build([Key(5)] + list(range(20))))
print(build([1.0, 1, True, 2, 2.0]))
print(build(["x"] * 17 + [{}]))
for k in range(300):
    r = build([k % 7, k % 5, "s%d" % (k % 3), k % 11])
print(r)
print(list(set(i * 37 % 101 for i in range(30))))
print(list(set(str(i) for i in range(20))) == list(set([str(i) for i in range(20)])))

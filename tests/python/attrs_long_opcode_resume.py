# Opcodes that run long loops of their own (containment tests, index, count, min/max with a key,
# sorted) calling Python methods: their guards carry growing event logs, and exits taken at
# different points of the loop must resume with the right log.


class K:
    calls = 0

    def __init__(self, v):
        self.v = v

    def __eq__(self, other):
        K.calls += 1
        if isinstance(other, K) and other.v == -1:
            raise ValueError("bad key %d" % self.v)
        return isinstance(other, K) and self.v == other.v

    def __hash__(self):
        return self.v % 7

    def __lt__(self, other):
        K.calls += 1
        return self.v < other.v


def contains_loop(n):
    items = [K(i) for i in range(30)]
    hits = 0
    for i in range(n):
        k = K((i * 7) % 41)
        if k in items:
            hits += 1
        if i % 97 == 0:
            items.append(K(100 + i))
    return hits, len(items)


def index_count_loop(n):
    items = [K(i % 13) for i in range(40)]
    total = 0
    for i in range(n):
        k = K(i % 17)
        try:
            total += items.index(k)
        except ValueError:
            total -= 1
        total += items.count(k) * 3
    return total


def key_loop(n):
    rows = [(i * 37) % 101 for i in range(25)]
    acc = 0
    for i in range(n):
        acc += max(rows, key=lambda r: (r * (i + 1)) % 53)
        acc += min(rows, key=lambda r: (r + i) % 29)
        if i % 50 == 0:
            acc += sorted(rows, key=lambda r: -((r + i) % 31))[0]
    return acc


def dict_loop(n):
    d = {}
    for i in range(40):
        d[K(i)] = i
    total = 0
    for i in range(n):
        total += d.get(K(i % 45), -1)
    return total


def raising_loop(n):
    items = [K(i) for i in range(20)]
    caught = 0
    for i in range(n):
        probe = [K(-1)] if i % 11 == 0 else []
        try:
            if K(i % 25) in items + probe:
                caught += 0
            if probe and probe[0] in items:
                caught += 100
        except ValueError as e:
            caught += 1
            last = str(e)
    return caught, last


print(contains_loop(1500))
print(index_count_loop(1200))
print(key_loop(800))
print(dict_loop(1500))
print(raising_loop(900))
print(K.calls)

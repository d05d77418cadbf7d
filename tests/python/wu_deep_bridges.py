# Guards that fail deep inside inlined calls (recursive union-find with path compression, as in
# pyperformance's go), bridges that must finish several inlined frames, and traces that grow too
# long and stop inlining a function: the results must not depend on how the JIT compiled them.


class Node:
    def __init__(self, pos):
        self.pos = pos
        self.parent = self
        self.rank = 0
        self.members = [pos]

    def find(self, compress):
        if self.parent is not self:
            root = self.parent.find(compress)
            if compress:
                self.parent = root
            return root
        return self

    def union(self, other):
        a, b = self.find(True), other.find(True)
        if a is b:
            return False
        if a.rank < b.rank:
            a, b = b, a
        b.parent = a
        a.members.extend(b.members)
        if a.rank == b.rank:
            a.rank += 1
        return True


def lcg(seed):
    while True:
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        yield seed


def components(n, edges, seed, compress_every):
    nodes = [Node(i) for i in range(n)]
    rnd = lcg(seed)
    merged = 0
    for k in range(edges):
        i = (next(rnd) >> 8) % n
        j = (next(rnd) >> 8) % n
        if k % compress_every == 0:
            # a walk without compression: the deep frames see other values
            depth = 0
            node = nodes[i]
            while node.parent is not node:
                node = node.parent
                depth += 1
            merged += depth
        if nodes[i].union(nodes[j]):
            merged += 1
    roots = {}
    for node in nodes:
        r = node.find(False).pos
        roots[r] = roots.get(r, 0) + 1
    return merged, sorted(roots.values())[-5:], len(roots)


def mixed(value, depth):
    # The types change with depth and with the value, so guards fail in inlined frames.
    if depth == 0:
        if value % 7 == 0:
            return str(value)
        if value % 5 == 0:
            return float(value) / 2
        return value
    inner = mixed(value + depth, depth - 1)
    if isinstance(inner, str):
        return inner + "!"
    if isinstance(inner, float):
        return inner * 3
    return inner + 1


def long_body(x):
    # Many operations per iteration, through several helper calls.
    total = 0
    for k in range(30):
        total += helper_a(x + k) - helper_b(x - k)
        total ^= (total << 1) & 0xFFFF
    return total


def helper_a(v):
    s = 0
    for ch in str(v):
        s = s * 10 + (ord(ch) - 48)
    return s + (v & 3)


def helper_b(v):
    return (v * v) % 97 if v > 0 else -v


for seed in (1, 7, 42):
    print("components", seed, components(300, 260, seed, 13))

acc = []
for v in range(400):
    r = mixed(v, 6)
    if v % 37 == 0:
        acc.append(repr(r))
print("mixed", acc)
print("mixed total", sum(len(repr(mixed(v, 4))) for v in range(1500)))

print("long", [long_body(x) for x in range(0, 200, 9)])
try:
    Node(1).find(True).parent.missing
except AttributeError as e:
    print(type(e).__name__, e)

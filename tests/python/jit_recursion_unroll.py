# Union-find whose recursion depth depends on the data (as pyperformance's go): traces that
# unroll find() carry a copy of its comparison at every level, and the bridges that grow from
# those copies make the JIT stop unrolling find()'s recursion (METATRACE_JIT=unroll_bridges):
# the traces and bridges compiled after that call find()'s own compiled code instead.


class Node:
    def __init__(self, pos):
        self.pos = pos
        self.parent = self
        self.size = 1

    def find(self, compress):
        parent = self.parent
        if parent.pos != self.pos:
            parent = parent.find(compress)
            if compress:
                self.parent = parent
        return parent


def union(a, b):
    ra, rb = a.find(a.pos % 4 == 0), b.find(False)
    if ra is rb:
        return 0
    rb.parent = ra
    ra.size += rb.size
    return 1


def run(n, rounds, seed):
    nodes = [Node(i) for i in range(n)]
    state = seed
    merged = checks = 0
    for _ in range(rounds):
        state = (state * 1103515245 + 12345) % 2147483648
        i = state % n
        state = (state * 1103515245 + 12345) % 2147483648
        j = state % n
        merged += union(nodes[i], nodes[j])
        if nodes[i].find(False) is nodes[j].find(False):
            checks += 1
    roots = {node.find(False).pos for node in nodes}
    return merged, checks, len(roots)


for seed in range(30):
    print(seed, run(60, 400, seed))

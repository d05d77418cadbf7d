# Guards that fail at very different rates (every iteration, now and then, rarely, in bursts),
# in loops, inlined recursive calls and polymorphic call sites: the exits that do and do not
# get bridges must all resume to the same results.


class Node:
    def __init__(self, pos):
        self.pos = pos
        self.ref = self
        self.weight = pos % 3

    def find(self, update=False):
        ref = self.ref
        if ref.pos != self.pos:
            ref = ref.find(update)
            if update:
                self.ref = ref
        return ref


class Other:
    pos = -1

    def find(self, update=False):
        return self


def chains(n):
    nodes = [Node(i) for i in range(n)]
    for i in range(1, n):
        if i % 7:
            nodes[i].ref = nodes[i - 1]
    return nodes


def walk(nodes, rounds):
    total = 0
    hist = {}
    for r in range(rounds):
        node = nodes[(r * 31) % len(nodes)]
        root = node.find(update=(r % 97 == 0))
        total += root.pos
        depth = node.pos - root.pos
        hist[depth] = hist.get(depth, 0) + 1
        if r % 1000 == 999:
            nodes[(r // 1000) % len(nodes)].ref = nodes[0]
    return total, sorted(hist.items())


def rates(n):
    counts = [0, 0, 0, 0, 0]
    acc = 0
    for i in range(n):
        if i % 2:
            counts[0] += 1
        if i % 50 == 0:
            counts[1] += 1
            acc += i // 50
        if i % 997 == 0:
            counts[2] += 1
            acc -= 3
        if 3000 <= i < 3300:
            counts[3] += 1
            acc ^= i
        if i == n - 1:
            counts[4] += 1
    return counts, acc


def poly(n):
    objs = [Node(3), Other(), Node(5), 7, "s", 2.5, None, [1]]
    out = []
    for i in range(n):
        o = objs[(i * i) % len(objs)] if i % 13 else objs[i % 3]
        try:
            out.append(o.find().pos)
        except (AttributeError, TypeError) as e:
            out.append(type(e).__name__ + ":" + str(e)[:30])
    return out[-20:], len(out)


def rare_raise(n):
    caught = []
    s = 0
    for i in range(n):
        try:
            if i % 1999 == 1998:
                raise ValueError("rare %d" % i)
            if i % 501 == 0:
                s += 10 // (i % 3 - 0 if i % 3 else 1)
            s += i & 5
        except ValueError as e:
            caught.append(str(e))
    return s, caught


nodes = chains(200)
print(walk(nodes, 30000))
print(rates(40000))
print(poly(5000))
print(rare_raise(20000))
for phase in range(3):
    print(phase, walk(chains(50 + phase * 40), 4000 + phase * 3000)[0], rates(5000 * (phase + 1))[1])

# Object graphs that only the collector's tracing keeps alive: every kind of reference slot
# (instance attributes, __slots__, list/tuple/dict/set items, closures, generator frames, bound
# methods, exception tracebacks) holding young objects from old ones and old from young, across
# automatic and explicit collections, with weak references and __del__ observing what died.
import gc
import weakref


class Node:
    def __init__(self, left, value, right):
        self.left = left
        self.value = value
        self.right = right

    def walk(self):
        if self.left:
            yield from self.left.walk()
        yield self.value
        if self.right:
            yield from self.right.walk()


class Slotted:
    __slots__ = ("a", "b", "c")

    def __init__(self, a, b, c):
        self.a, self.b, self.c = a, b, c


def build(values):
    if not values:
        return None
    mid = len(values) // 2
    return Node(build(values[:mid]), values[mid], build(values[mid + 1:]))


def churn(n):
    # Garbage between the graphs, so that stress-mode collections run while they are being built.
    total = 0
    for i in range(n):
        junk = [str(i), (i, i + 1.5), {"k": [i]}]
        total += len(junk[0]) + len(junk[2]["k"])
    return total


old_tree = build(list(range(500)))
gc.collect()
old_list = [None] * 50
for round_no in range(6):
    young = build([f"v{round_no}-{i}" for i in range(200)])
    old_list[round_no] = young  # young stored into an old list
    old_tree.value = Slotted(young, [round_no] * 3, {"r": round_no})  # and into an old node
    churn(500)
    got = list(old_list[round_no].walk())
    print(round_no, len(got), got[:2], got[-1], old_tree.value.b, old_tree.value.c)

# Deep and wide structures mixing item arrays with null slots and nested containers.
wide = [[j if j % 3 else None for j in range(i % 17)] for i in range(1000)]
nested = {i: (i, [i] * (i % 5), {"s": {i, i + 1}}, frozenset([str(i)])) for i in range(1000)}
chain = None
for i in range(5000):
    chain = (i, chain)
churn(2000)
gc.collect()
depth, node = 0, chain
while node is not None:
    depth, node = depth + 1, node[1]
print(depth, sum(len(x) for x in wide), sum(x is None for row in wide for x in row))
print(sum(v[0] + len(v[1]) + len(v[2]["s"]) for v in nested.values()), sorted(nested[999][3]))

# Closures, generators suspended mid-way, bound methods and tracebacks as the only holders.
def make_counter(start):
    box = [start]

    def step():
        box[0] += 1
        return box[0]
    return step


counters = [make_counter(i * 100) for i in range(100)]
gens = [Node(None, i, None).walk() for i in range(100)]
methods = [Slotted(i, i, i).__init__ for i in range(100)]
tbs = []
for i in range(100):
    try:
        raise ValueError(f"err{i}")
    except ValueError as e:
        tbs.append(e)
churn(2000)
gc.collect()
print(sum(c() for c in counters), sum(next(g) for g in gens), len(methods), methods[7].__self__.a)
print([str(e) for e in tbs[-3:]], all(e.__traceback__ is not None for e in tbs))

# Weak references and finalizers: what dies is reported, what lives stays reachable.
died = []


class Mortal:
    def __init__(self, name):
        self.name = name
        self.payload = [name] * 10

    def __del__(self):
        died.append(self.name)


keep = [Mortal(f"keep{i}") for i in range(5)]
refs = [weakref.ref(Mortal(f"drop{i}")) for i in range(5)]
callbacks = []
target = Mortal("cb")
wr = weakref.ref(target, lambda r: callbacks.append("called"))
del target
churn(2000)
gc.collect()
gc.collect()
print(sorted(died), [r() for r in refs], callbacks, wr())
print([k.payload[0] for k in keep], [len(k.payload) for k in keep])
def fill(d, strong):
    for i in range(200):
        obj = Mortal(f"w{i}")
        d[i] = obj
        if i % 4 == 0:
            strong[i] = obj


d = weakref.WeakValueDictionary()
strong = {}
fill(d, strong)
churn(2000)
gc.collect()
print(len(d), sorted(d.keys())[:5], sorted(strong) == sorted(d.keys()))

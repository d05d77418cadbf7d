# Sets whose keys are referenced only by the set while the set code allocates or runs user code:
# a table resize, and the snapshots of entries that binary operations, comparisons and updates
# iterate while a key's __eq__ clears the set the snapshot came from.


class Key:
    """A key whose equality may clear a victim set and drop the last reference to its items."""

    victim = None

    def __init__(self, n, h):
        self.n = n
        self.h = h
        self.payload = [n] * 3

    def __hash__(self):
        return self.h

    def __eq__(self, other):
        if Key.victim is not None:
            Key.victim.clear()
            Key.victim = None
        return isinstance(other, Key) and self.n == other.n

    def __repr__(self):
        return f"K{self.n}:{sum(self.payload)}"


def fresh(count, h=None):
    return {Key(i, i % 7 if h is None else h) for i in range(count)}


# Growth: every key lives only in the table being resized.
for size in (5, 50, 500, 3000):
    s = set()
    for i in range(size):
        s.add(Key(i, i))
        s.add(str(i) * 3)
    print(size, len(s), sum(k.n for k in s if isinstance(k, Key)), sorted(k for k in s if isinstance(k, str))[:3])


def report(label, make):
    try:
        result = make()
    except RuntimeError as e:
        print(label, type(e).__name__, e)
        return
    if isinstance(result, (set, frozenset)):
        print(label, type(result).__name__, sorted(repr(k) for k in result))
    else:
        print(label, result)


for rnd in range(3):
    for op in ("&", "|", "-", "^", "==", "<=", ">=", "update", "in", "isdisjoint", "issubset"):
        a = fresh(40)
        b = fresh(25)
        Key.victim = a if rnd % 2 == 0 else b
        if op == "&":
            report(op, lambda: a & b)
        elif op == "|":
            report(op, lambda: a | b)
        elif op == "-":
            report(op, lambda: a - b)
        elif op == "^":
            report(op, lambda: a ^ b)
        elif op == "==":
            report(op, lambda: a == b)
        elif op == "<=":
            report(op, lambda: b <= a)
        elif op == ">=":
            report(op, lambda: a >= b)
        elif op == "update":
            c = fresh(10)
            Key.victim = b
            report(op, lambda: (c.update(b), c)[1])
        elif op == "in":
            report(op, lambda: [k in a for k in list(b)].count(True))
        elif op == "isdisjoint":
            report(op, lambda: a.isdisjoint(b))
        else:
            report(op, lambda: b.issubset(a))
        junk = [[i] * 4 for i in range(300)]
        print("after", op, len(a), len(b), sorted(repr(k) for k in a)[:2], len(junk))

# A mutated set stays usable, and keys pulled out of it stay intact.
s = fresh(60, 3)
Key.victim = s
print(Key(5, 3) in s, len(s))
s |= fresh(30)
print(len(s), sorted(repr(k) for k in s)[:4])

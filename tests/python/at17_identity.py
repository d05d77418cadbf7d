# `is None` / `is not None` tests of objects whose class the trace checks, identity with other
# singletons and instances, and truth tests of ints (including zero) in hot loops.


class Link:
    def __init__(self, v, nxt):
        self.v = v
        self.nxt = nxt


class Weird:
    # Equal to everything: `==` and `is` differ.
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


def walk(head, n):
    total = 0
    ends = 0
    for k in range(n):
        t = head
        while t is not None:
            nxt = t.nxt
            if nxt is not None:
                total += 1000
            else:
                ends += 1
            if t.v is not None and t.v is not Ellipsis:
                total += t.v
            t = nxt
    return total, ends


head = None
for i in range(6):
    head = Link(i, head)
print(walk(head, 2000))
head.nxt.nxt.v = None
print(walk(head, 2000))
head.nxt.nxt.nxt = Link(Ellipsis, None)
print(walk(head, 2000))


def ident(objs, n):
    counts = [0, 0, 0, 0, 0]
    w = objs[-1]
    for k in range(n):
        o = objs[k % len(objs)]
        if o is None:
            counts[0] += 1
        if o is not w:
            counts[1] += 1
        if o == w:
            counts[2] += 1
        if o is NotImplemented:
            counts[3] += 1
        if o is True:
            counts[4] += 1
    return counts


objs = [None, Link(1, None), 3, "s", NotImplemented, True, 0, Weird()]
print(ident(objs, 4000))
print(ident([Link(2, None), Link(3, None), Weird()], 4000))


def ints(n):
    s = 0
    z = 0
    for k in range(n):
        r = k % 5
        if r:
            s += r
        if not (k & 3):
            z += 1
        m = r - 2
        if m:
            s -= 1
        while m:
            m -= 1 if m > 0 else -1
            s += 1
    return s, z


print(ints(5000))


class Frame:
    def __init__(self, depth):
        self.depth = depth


def rec(f, d):
    # A call that the JIT may run as a separate trace (call_assembler), returning None or not.
    if d == 0:
        return None
    r = rec(Frame(d), d - 1)
    return f if r is None else r


def calls(n):
    hits = 0
    for k in range(n):
        r = rec(Frame(k), k % 4)
        if r is not None:
            hits += r.depth
    return hits


print(calls(3000))

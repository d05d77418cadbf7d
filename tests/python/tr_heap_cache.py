# The tracer remembers heap reads (fields, list/tuple items, lengths) within a trace and forgets
# them on stores and calls: reads through aliases, stores through aliases, mutation by calls.

class Box:
    def __init__(self, v):
        self.v = v
        self.w = 0


class Slotted:
    __slots__ = ("v", "w")

    def __init__(self, v):
        self.v = v
        self.w = 0


def alias_fields(a, b, n):
    total = []
    for i in range(n):
        x = a.v
        b.v = i * 3
        y = a.v
        a.w = y - x
        z = b.w
        total.append((x, y, z))
    return total[-3:], a.v, b.v, a.w


for cls in (Box, Slotted):
    p = cls(1)
    print(cls.__name__, "same", alias_fields(p, p, 3000))
    p, q = cls(1), cls(2)
    print(cls.__name__, "distinct", alias_fields(p, q, 3000))
    # Alternate aliasing inside one run of the loop's compiled code.
    r = cls(5)
    out = []
    for k in range(2000):
        out.append(alias_fields(r, r if k % 3 else cls(k), 2))
    print(cls.__name__, "mixed", out[-1], len(out))


def alias_items(l1, l2, n):
    acc = 0
    for i in range(n):
        a = l1[0]
        l2[0] = i
        b = l1[0]
        c, d, e = l1
        l2[2] = c + d
        f, g, h = l1
        acc += a + b + c + d + e + f + g + h
    return acc, l1, l2


lst = [1, 2, 3]
print("items same", alias_items(lst, lst, 3000))
print("items distinct", alias_items([1, 2, 3], [4, 5, 6], 3000))
print("items float", alias_items([1.5, 2.5, 3.5], [1.5, 2.5, 3.5], 2000))



def lengths(n):
    l = []
    seen = []
    for i in range(n):
        before = len(l)
        l.append(i)
        after = len(l)
        if i % 7 == 0:
            l.pop()
        seen.append(after - before + len(l) % 5)
    return sum(seen), len(l), seen[-10:]


print("lengths", lengths(5000))


def narrow(n):
    ba = bytearray(4)
    out = 0
    for i in range(n):
        ba[1] = (i * 37) & 0xFF
        x = ba[1]
        ba[2] = (x + 200) & 0xFF
        y = ba[2]
        out += x * 1000 + y
    return out, bytes(ba)


print("narrow", narrow(4000))


def unpack_mutating(n):
    t = [0, 1, 2, 3]
    acc = []
    for i in range(n):
        a, b, c, d = t
        t[i % 4] = (a + d) % 1000
        e, f, g, h = t
        if i % 11 == 0:
            t.append(9)
            try:
                e, f, g, h = t
            except ValueError as exc:
                acc.append(str(exc))
            t.pop()
        acc.append(a + b + c + d + e + f + g + h)
    return acc[-6:], t


print("unpack", unpack_mutating(3000))


def conditions(xs):
    hits = 0
    for x in xs:
        if x > 10 and x > 10 and x % 2 == 0:
            hits += 1
        if x % 2 == 0 and x > 10:
            hits += 100
    return hits


print("conditions", conditions(list(range(4000)) + list(range(4000, 0, -1))))

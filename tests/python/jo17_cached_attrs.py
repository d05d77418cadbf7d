# The interpreter's cached attribute loads and stores (JIT off: per-instruction caches) on
# instances whose number attributes live unboxed in cells: a slot's content changes kind
# (int -> float -> str -> int), attributes are added in different orders (several maps at one
# instruction), instances of subclasses share a method's instruction, slots are deleted and
# re-added, and class attributes are shadowed and unshadowed mid-loop.


class P:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def bump(self, v):
        self.x = self.x + v
        return self.x

    def swap(self):
        self.x, self.y = self.y, self.x
        return self.x, self.y


class Q(P):
    pass


class R(P):
    def __init__(self, x, y):
        self.y = y
        self.x = x
        self.z = x


def kinds():
    p = P(1, 2.5)
    out = []
    values = [3, 2.25, "s", -7, 1 << 70, 0.5, None, 10, True, 1.0e300, -0.0]
    for i in range(60):
        v = values[i % len(values)]
        p.x = v
        p.y = p.x
        out.append((type(p.x).__name__, repr(p.x), repr(p.y)))
    return out


def arithmetic():
    pts = [P(i, i / 4) for i in range(50)]
    total = 0
    for k in range(30):
        for p in pts:
            total += p.bump(k)
            p.y = p.y * 1.5 - k
            if k % 7 == 3:
                p.x = float(p.x)
            elif k % 7 == 5:
                p.x = int(p.x)
    return total, sum(p.y for p in pts), sorted({type(p.x).__name__ for p in pts})


def many_maps():
    objs = [P(1, 2), Q(3, 4.0), R(5, 6), Q("a", "b"), R(7.5, 8.5), P(None, [1])]
    seen = []
    for round_ in range(20):
        for o in objs:
            seen.append(o.swap())
            o.x = round_ if round_ % 2 else o.x
    return seen[-12:], len(seen)


def delete_and_readd():
    p = P(1, 2)
    out = []
    for i in range(40):
        if i % 5 == 2:
            del p.x
        try:
            out.append(p.x)
        except AttributeError as e:
            out.append(str(e))
            p.x = i * 0.5
        p.y = i
    return out


class Shadow:
    value = "class"

    def get(self):
        return self.value


def shadowing():
    s = Shadow()
    out = []
    for i in range(30):
        if i == 10:
            s.value = 1.5
        if i == 20:
            del s.value
        if i == 25:
            Shadow.value = "changed"
        out.append(s.get())
    return out


def added_in_loop():
    out = []
    for i in range(40):
        o = Q(i, -i)
        if i % 3 == 0:
            o.extra = i * 2.5
        if i % 4 == 0:
            o.more = str(i)
        out.append(sorted(vars(o).items()))
    return out[-5:]


print(kinds()[:12])
print(kinds()[-5:])
print(arithmetic())
print(many_maps())
print(delete_and_readd())
print(shadowing())
print(added_in_loop())

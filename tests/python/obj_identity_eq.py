# `==`/`!=` between instances (identity unless a class defines __eq__/__ne__) and iteration
# over list subclasses, in hot loops, with classes changed while the loops run.


class Plain:
    pass


class WithEq:
    def __init__(self, v):
        self.v = v

    def __eq__(self, other):
        return isinstance(other, WithEq) and self.v == other.v


class WithNe:
    def __ne__(self, other):
        return "ne-result"


class InheritsEq(WithEq):
    pass


class Later:
    pass


def compare(n):
    p, q = Plain(), Plain()
    e1, e2 = WithEq(1), WithEq(1)
    ne = WithNe()
    ie = InheritsEq(1)
    later1, later2 = Later(), Later()
    counts = [0] * 12
    for i in range(n):
        counts[0] += p == p
        counts[1] += p != q
        counts[2] += p == None
        counts[3] += None != q
        counts[4] += e1 == e2
        counts[5] += e1 != e2
        counts[6] += (ne != p) == "ne-result"
        counts[7] += ne == ne
        counts[8] += ie == e1
        counts[9] += later1 == later2
        counts[10] += p == 3
        if i == n // 2:
            Later.__eq__ = lambda self, other: True
        counts[11] += (later1 != later2)
    return counts


print(compare(3000))


class Coll(list):
    pass


class Rev(list):
    def __iter__(self):
        return reversed(self)


def iterate(n):
    c = Coll(range(5))
    r = Rev(range(5))
    out = 0
    last = None
    for i in range(n):
        for x in c:
            out += x
        for x in r:
            last = x
        if i == n - 10:
            c.append(100)
    grow = Coll([1])
    seen = []
    for x in grow:
        seen.append(x)
        if x < 5:
            grow.append(x + 1)
    return out, last, seen


print(iterate(3000))

# Builtins that traces see through (min, max, abs, int(), range(), int.bit_length, list.remove,
# list.insert, list subclass construction, isinstance of builtin objects), in loops hot enough
# to be compiled, with the exceptions they raise.


class OC(list):
    pass


class OD(list):
    def __init__(self):
        super().__init__([1, 2])


class ON(list):
    def __new__(cls):
        print("ON.__new__")
        return super().__new__(cls)


class Big:
    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        return self.v < other.v

    def __gt__(self, other):
        return self.v > other.v

    def __repr__(self):
        return "Big(%r)" % self.v


def show(label, f):
    try:
        print(label, f())
    except Exception as e:
        print(label, type(e).__name__, e)


def loop_min_max(n):
    acc = []
    for i in range(n):
        x = i * 7 % 13
        acc.append((min(x, 6), max(x, 6), min(x, 3, 9), max(i, x, 5, 2), min(x * 0.5, 4), max(2.5, x)))
    return acc[-3:], sum(a for a, *_ in acc)


def loop_abs_int(n):
    total = 0
    out = []
    for i in range(n):
        v = (i - n // 2) * 3
        f = v / 4.0
        total += abs(v) + int(f) + abs(int(-f))
        out.append(abs(f))
    return total, out[-2:]


def loop_range(n):
    total = 0
    for i in range(n):
        for j in range(i % 5, i % 7):
            total += j
        for k in range(i % 4):
            total += k * 2
        r = range(i - 3, i)
        total += len(r) + r[0]
    return total


def loop_bits(n):
    return sum((i * 12345).bit_length() + (-i).bit_length() for i in range(n))


def loop_remove_insert(n):
    l = [0, 1, 2, 3, 4, 5, 6, 7]
    log = []
    for i in range(n):
        v = i % 8
        if v in l:
            l.remove(v)
        else:
            l.insert(i % 3 - 1, v)
        log.append(len(l))
    return l, log[-5:]


def loop_subclass(n):
    total = 0
    for i in range(n):
        todo = OC()
        todo.append(i)
        todo.append(i + 1)
        d = todo.pop(0)
        total += d + len(todo) + todo[0]
        if i % 50 == 0:
            todo.tag = i
            total += todo.tag
    return total, type(todo).__name__, isinstance(todo, list), todo


def loop_isinstance(n):
    things = [1, 2.5, "s", [1], (1,), {1: 2}, True, None, OC(), Big(1)]
    counts = [0] * 6
    for i in range(n):
        t = things[i % len(things)]
        counts[0] += isinstance(t, int)
        counts[1] += isinstance(t, (float, str))
        counts[2] += isinstance(t, list)
        counts[3] += isinstance(t, object)
        counts[4] += isinstance(t, dict)
        counts[5] += isinstance(t, bool)
    return counts


for n in (5, 300, 2000):
    print(n, loop_min_max(n))
    print(n, loop_abs_int(n))
    print(n, loop_range(n))
    print(n, loop_bits(n))
    print(n, loop_remove_insert(n))
    print(n, loop_subclass(n))
    print(n, loop_isinstance(n))

show("min mixed", lambda: min(1, "a"))
show("max mixed", lambda: max("a", 1, 2))
show("min user", lambda: min(Big(3), Big(1), Big(2)))
show("max user", lambda: max(Big(3), Big(1), Big(5)))
show("min equal", lambda: [min(x, y) is x for x, y in [(1.0, 1), (1, 1.0)]])
show("max nan", lambda: (max(float("nan"), 1), max(1, float("nan"))))
show("abs", lambda: (abs(-3), abs(3), abs(-2.5), abs(-(2**63)), abs(True), abs(-0.0)))
show("abs str", lambda: abs("x"))
show("int", lambda: (int(3.9), int(-3.9), int(7), int(1e300), int(True), int(-0.5), int(2.0**62)))
show("int big", lambda: (int(9.223372036854775807e18), int(-9.223372036854775808e18)))
for v in [float("nan"), float("inf"), -float("inf")]:
    show("int bad", lambda: int(v))
show("range", lambda: (list(range(5)), list(range(2, 6)), list(range(6, 2)), range(-2**63, 2**63 - 1)))
show("range big", lambda: len(range(-2**63, 2**63 - 1)))
show("range bool", lambda: list(range(True, 3)))
show("range float", lambda: range(1.5))
show("bit_length", lambda: ((255).bit_length(), (-256).bit_length(), (0).bit_length(),
                            (-2**63).bit_length(), True.bit_length(), (2**100).bit_length()))
l = [1, 2, 3, 2, "a", 2.0]
l.remove(2)
l.remove(2.0)
l.remove("a")
print(l)
show("remove missing", lambda: l.remove(9))
fl = [1.0, 2.0]
fl.remove(1)
print(fl)
l.insert(0, 7)
l.insert(-1, 8)
l.insert(100, 9)
l.insert(-100, 10)
print(l)
show("insert bad", lambda: l.insert("x", 1))
o = OC()
o.append(1)
o.x = 5
print(o, o.x, OD(), ON(), OC([1, 2]), type(ON()).__name__)


class Shrinker:
    def __init__(self, target):
        self.target = target

    def __eq__(self, other):
        self.target.clear()
        return True


victim = [1, 2, 3]
victim.remove(Shrinker(victim))
print("victim", victim)

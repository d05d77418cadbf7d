# Loops whose traces allocate several objects one after another (boxed floats, tuples, small
# lists, instances), with branches that leave a trace between two of the allocations, while the
# collector runs: every object keeps its own values and unset fields read as their defaults.
import gc


class Vec:
    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z


class Slots:
    __slots__ = ("a", "b", "c")

    def __init__(self, a):
        self.a = a


def boxed_floats(n):
    # Several floats escape per iteration (stored in a list), with a guard between them that
    # fails every seventh iteration.
    out = []
    x, y = 0.5, 1.25
    for i in range(n):
        a = x * i
        b = y + i
        if i % 7 == 3:
            c = a - b
        else:
            c = a + b
        out.append((a, b, c, [a, c], Vec(a, b, c)))
    return out


def checksum_floats(items):
    total = 0.0
    for a, b, c, pair, v in items:
        assert pair[0] == a and pair[1] == c
        assert v.x == a and v.y == b and v.z == c
        total += a + 2 * b + 3 * c + pair[1] + v.z
    return total


def slots_defaults(n):
    # Instances whose later slots are never set in the loop: they must read as unset.
    made = []
    for i in range(n):
        s = Slots(i)
        if i % 5 == 0:
            s.b = (i, -i)
        made.append((s, [i] * 3))
    unset = 0
    for s, lst in made:
        try:
            s.c
        except AttributeError:
            unset += 1
        assert lst == [s.a] * 3
    has_b = sum(1 for s, _ in made if hasattr(s, "b"))
    return unset, has_b, sum(s.b[0] - s.b[1] for s, _ in made if hasattr(s, "b"))


def churn_and_check(rounds):
    kept = []
    for r in range(rounds):
        kept.append(boxed_floats(300))
        garbage = [[float(j), (j, j + 1)] for j in range(2000)]
        del garbage
        if r % 3 == 0:
            gc.collect()
    return [round(checksum_floats(items), 6) for items in kept]


print(churn_and_check(12))
print(slots_defaults(5000))
print(round(checksum_floats(boxed_floats(20000)), 3))

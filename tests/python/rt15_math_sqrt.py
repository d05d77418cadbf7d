# math.sqrt in hot loops: floats and ints (the machine square root), -0.0, infinities, NaN,
# negative arguments (ValueError), big ints and other types; results printed exactly (repr, hex).
import math

values = [0.0, -0.0, 1.0, 2.0, 0.5, 1e-310, 5e-324, 1e308, 1.7976931348623157e308, float("inf"),
          float("nan"), 3, 0, 10**15 + 7, 2.0000000000000004, 123456.789, 1 / 3]


def roots(xs):
    out = []
    for x in xs:
        r = math.sqrt(x)
        out.append((r.hex(), math.copysign(1.0, r)))
    return out


for _ in range(60):
    r = roots(values)
print(r)


def safe(xs):
    out = []
    for x in xs:
        try:
            out.append(repr(math.sqrt(x)))
        except (ValueError, TypeError, OverflowError) as e:
            out.append(type(e).__name__ + ": " + str(e))
    return out


odd = [4.0, -1.0, -1e-300, -0.0, float("-inf"), -4, True, 10**400, -(10**400), "x", None, 2.25]
for _ in range(60):
    s = safe(odd)
print(s)


def norms(n):
    total = 0.0
    for i in range(n):
        x = i * 0.37 - 11.0
        y = i * 0.11 + 0.5
        total += math.sqrt(x * x + y * y) - math.sqrt(abs(x - y))
    return total


for _ in range(5):
    t = norms(2000)
print(t.hex(), repr(t))

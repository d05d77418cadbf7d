# Float `**` in hot loops: positive bases (C's pow fast path), overflow, infinities, NaN,
# zeros, negative bases, and exceptions raised after the loop was compiled.
import math

def show(v):
    if isinstance(v, complex):
        return "complex(%r, %r)" % (v.real, v.imag)
    if isinstance(v, float) and math.isnan(v):
        return "nan"
    return repr(v)

def power(x, y):
    try:
        return show(x ** y)
    except (OverflowError, ZeroDivisionError) as e:
        return "%s: %s" % (type(e).__name__, e)

inf = float("inf")
nan = float("nan")
bases = [2.0, 0.5, 1.0, 3.7, 1e-300, 1e300, inf, -inf, nan, 0.0, -0.0, -2.0, -0.5, -1.0, -1e300]
exponents = [0.0, -0.0, 1.0, 2.0, 3.0, -1.0, -1.5, 0.5, 1.5, 2.5, 1e10, -1e10, inf, -inf, nan, 1000.0, -1000.0]

# Every combination, each in a loop that runs long enough to be compiled.
for x in bases:
    for y in exponents:
        seen = set()
        for i in range(300):
            seen.add(power(x, y))
        print(show(x), show(y), sorted(seen))

# A loop compiled on positive bases that then meets a base whose power overflows, zero,
# a negative base and NaN.
def accumulate(values, y):
    total = 0.0
    out = []
    for v in values:
        try:
            r = v ** y
            if math.isnan(r) or math.isinf(r):
                out.append("special at %r: %s" % (v, show(r)))
            else:
                total += r
        except OverflowError as e:
            out.append("overflow at %r: %s" % (v, e))
        except ZeroDivisionError as e:
            out.append("zero at %r: %s" % (v, e))
        except TypeError as e:
            out.append("type at %r: %s" % (v, e))
    return total, out

values = [1.0 + (i % 97) / 10.0 for i in range(5000)]
values[3000] = 1e200
values[3500] = 0.0
values[4000] = -0.0
values[4200] = inf
values[4300] = nan
for y in (2.0, -1.5, 0.5, 3.0):
    total, out = accumulate(values, y)
    print(y, show(total), out)

# Negative bases inside a loop compiled on positive ones: floats for integral exponents,
# complex numbers otherwise.
def mixed(y):
    results = []
    for i in range(4000):
        x = (i % 50) / 7.0 + 0.25
        if i >= 3990:
            x = -x
        results.append(x ** y)
    return [show(r) for r in results[-12:]]

for y in (2.0, 3.0, -1.5, 0.5):
    print(y, mixed(y))

# The nbody pattern: a distance to the power -1.5.
def energy(points):
    e = 0.0
    for i in range(len(points)):
        for j in range(i + 1, len(points)):
            dx = points[i] - points[j]
            e += (dx * dx) ** -1.5
    return e

pts = [1.0 + k * 0.37 for k in range(60)]
print(show(energy(pts)))
pts[30] = pts[29]
try:
    energy(pts)
except ZeroDivisionError as e:
    print("ZeroDivisionError", e)

# math: remainder, nextafter, ulp, dist, hypot (correctly rounded), cbrt, exp2, erf, erfc,
# gamma, lgamma, the inverse hyperbolic functions, logs of big ints, comb/perm limits, prod's
# keyword-only start, isclose as a class attribute, and float.as_integer_ratio of zero.
import math


def show(label, f, *args):
    try:
        r = f(*args)
        # libm's and CPython's own approximations may differ in the last bits.
        print(label, args, "%.12g" % r if label in ("cbrt", "gamma", "lgamma") else repr(r))
    except Exception as e:
        print(label, args, type(e).__name__, e)


inf, nan = math.inf, math.nan
for x, y in [(-4.0, 1.0), (-3.8, 1.0), (-2.5, 1.0), (2.5, 1.0), (3.5, 1.0), (6.5, 2.0), (1e300, 3.0),
             (5.0, 0.0), (inf, 1.0), (1.0, inf), (nan, 1.0), (1.0, nan), (-0.0, 1.0), (7, 3)]:
    show("remainder", math.remainder, x, y)
for x, y in [(1.0, 2.0), (1.0, 0.0), (0.0, 1.0), (0.0, -1.0), (-1.0, -2.0), (-1.0, 0.0), (5e-324, 0.0),
             (1.7976931348623157e308, inf), (inf, 0.0), (2.0, 2.0), (nan, 1.0)]:
    show("nextafter", math.nextafter, x, y)
for x in [1.0, 0.0, -0.0, 5e-324, 1e300, 1.7976931348623157e308, inf, -inf, nan, 2**52, -3]:
    show("ulp", math.ulp, x)
for p, q in [((1, 2), (4, 6)), ([1.0, 2.0, 3.0], [4.0, 2.0, -1.0]), ((), ()), ((1,), (1, 2)),
             (5, (1,)), (("a",), ("b",)), ((1e308, 1e308), (-1e308, -1e308))]:
    show("dist", math.dist, p, q)
for args in [(3, 4), (1025906489.6997133, 1451494456.3886702), (1, 1, 1, 1), (), (-5,), (inf, nan),
             (nan, 1), (1e-320, 1e-320), (1e308, 1e308), ("a",)]:
    show("hypot", math.hypot, *args)
for x in [27.0, -8.0, 2.0, 0.0, -0.0, inf, 1e300]:
    show("cbrt", math.cbrt, x)
for x in [3.0, -1.0, 0.5, 1024.0, 1e5, -inf]:
    show("exp2", math.exp2, x)
for x in [0.0, 0.5, -1.5, 3.0, 30.0, inf, -inf]:
    show("erf", math.erf, x)
    show("erfc", math.erfc, x)
for x in [1.0, 5.0, 0.5, -0.5, 0.0, -0.0, -2.0, 171.0, 172.0, -inf, inf, 1e-310]:
    show("gamma", math.gamma, x)
    show("lgamma", math.lgamma, x)
for f in (math.asinh, math.acosh, math.atanh):
    for x in [1.0000000000000002, 1.001, 0.5, -0.9999999999999999, 1.3e308, -1.2e308, 1.0, 0.0, -1.0]:
        show(f.__name__, f, x)
for x in [2**1023, 2**1024, 10**400, 2**10000 + 1, 0, -5, 8, 2**63]:
    show("log2", math.log2, x)
    show("log10", math.log10, x)
    show("log", math.log, x)
show("log base", math.log, 2**2000, 2**1000)
show("log base1", math.log, 10, 1)
show("frexp", lambda: [math.frexp(x) for x in (1.0, 0.3, -5e-324, 1e308, 0.0, 2**-1030)])
print("dist iter", math.dist(iter([3]), (0,)))
show("comb n n", math.comb, 2**100, 2**100)
show("comb n n-1", math.comb, 2**100, 2**100 - 1)
show("comb big", math.comb, 2**100, 2**64)
show("perm big", math.perm, 2**100, 2**64)
show("prod start", math.prod, [2, 3], start="ab")
show("prod two", math.prod, [10, 20], 1)
show("prod dict", math.prod, [{2: 3}])


class C:
    isclose = math.isclose
    sqrt = math.sqrt


c = C()
show("isclose attr", c.isclose, 1.0, 1.0 + 1e-10, rel_tol=1e-9)
show("isclose pos", c.isclose, 1.0, 1.1, 0.5)
show("sqrt attr", c.sqrt, 4)
print((0.0).as_integer_ratio(), (-0.0).as_integer_ratio(), (0.5).as_integer_ratio())

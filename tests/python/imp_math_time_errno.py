# The builtin modules math, time and errno.
import math
import time
import errno

print(math.pi, math.e, math.tau, math.inf, -math.inf, math.nan != math.nan)
for name in ["sqrt", "exp", "log", "log2", "log10", "log1p", "expm1", "sin", "cos", "tan", "asin", "acos", "atan",
             "sinh", "cosh", "tanh", "asinh", "atanh", "fabs", "degrees", "radians"]:
    f = getattr(math, name)
    for x in [0.5, 0, -0.5, 2, 100, -3]:
        try:
            print(name, x, repr(f(x)))
        except (ValueError, OverflowError) as e:
            print(name, x, type(e).__name__, e)
print(math.acosh(2), math.log(8, 2), math.log(100, 10), math.log(2**2000) > 1386)
for bad in [0, -1, 0.0]:
    try:
        math.log(bad)
    except ValueError as e:
        print("log", bad, e)
try:
    math.exp(1000)
except OverflowError as e:
    print("exp", e)
print(math.floor(2.5), math.floor(-2.5), math.ceil(2.1), math.ceil(-2.1), math.trunc(-7.9), math.floor(10**30))
print(type(math.floor(2.0)).__name__, math.floor(True), math.ceil(1e20))
for bad in [math.inf, math.nan]:
    try:
        math.floor(bad)
    except (ValueError, OverflowError) as e:
        print(type(e).__name__, e)
print(math.isnan(math.nan), math.isinf(-math.inf), math.isfinite(1e308), math.isfinite(math.inf))
print(math.isclose(1.0, 1.0 + 1e-10), math.isclose(1.0, 1.1), math.isclose(0, 1e-10, abs_tol=1e-9))
print(math.pow(2, 10), math.pow(2, 0.5), math.atan2(1, 1), math.copysign(3, -0.0), math.fmod(7, -3), math.hypot(3, 4))
print(math.modf(3.25), math.modf(-2.5), math.frexp(8.0), math.frexp(0.1), math.ldexp(0.5, 4))
print(math.fsum([0.1] * 10), sum([0.1] * 10), math.fsum([1e100, 1.0, -1e100, 1e-100]))
print(math.gcd(12, 18), math.gcd(0, 0), math.gcd(-4, 6, 10), math.lcm(4, 6), math.lcm(3, 5, 7), math.gcd())
print(math.factorial(0), math.factorial(10), math.factorial(30))
print(math.isqrt(0), math.isqrt(15), math.isqrt(16), math.isqrt(10**40))
print(math.comb(10, 3), math.comb(5, 7), math.perm(5, 2), math.perm(4), math.prod([1, 2, 3, 4]), math.prod([2.5, 2], start=2))
for call in [lambda: math.factorial(-1), lambda: math.factorial(2.5), lambda: math.sqrt("x"), lambda: math.isqrt(-1),
             lambda: math.comb(-1, 2), lambda: math.sqrt(), lambda: math.gcd(1.5)]:
    try:
        call()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)

t0 = time.time()
m0 = time.monotonic()
p0 = time.perf_counter()
time.sleep(0.01)
print(time.time() >= t0, time.monotonic() - m0 >= 0.009, time.perf_counter() > p0, t0 > 1.6e9)
print(type(time.time_ns()).__name__, type(time.monotonic_ns()).__name__, time.process_time() >= 0)
print(time.get_clock_info("monotonic").monotonic, time.get_clock_info("time").adjustable)
for bad in [-1, "x"]:
    try:
        time.sleep(bad)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)

print(errno.ENOENT, errno.EEXIST, errno.EAGAIN, errno.EWOULDBLOCK, errno.errorcode[2], errno.errorcode[errno.EAGAIN])
print(errno.errorcode[errno.EDEADLK], errno.errorcode[95], len(errno.errorcode) > 100)

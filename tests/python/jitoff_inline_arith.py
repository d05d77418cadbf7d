# The interpreter's inline paths for exact int and float arithmetic (`+`, `-`, `*` on ints without
# overflow, `+`, `-`, `*`, `/` on floats and int/float mixes) and their fallbacks: overflow into
# big ints, division by zero (int and float, signed zeros), nan and inf, in-place operators, and
# boxes that the next operation reads back (results must be fresh values, not shared storage).
import math
import sys

BIG = sys.maxsize


def show(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "raises", type(e).__name__, e)
    else:
        print(label, type(r).__name__, repr(r))


ints = [0, 1, -1, 2, -7, 255, 256, 257, -5, -6, 2**31, -(2**31), 2**62, BIG, -BIG, -BIG - 1]
for a in ints:
    for b in ints:
        show(f"{a} + {b}", lambda: a + b)
        show(f"{a} - {b}", lambda: a - b)
        show(f"{a} * {b}", lambda: a * b)
        show(f"{a} / {b}", lambda: a / b)

floats = [0.0, -0.0, 1.5, -2.25, 1e308, -1e308, 5e-324, float("inf"), float("-inf"), float("nan")]
mixed = floats + [0, 3, -4, 2**53 + 1, BIG]
for a in mixed:
    for b in mixed:
        show(f"{a!r} + {b!r}", lambda: a + b)
        show(f"{a!r} - {b!r}", lambda: a - b)
        show(f"{a!r} * {b!r}", lambda: a * b)
        show(f"{a!r} / {b!r}", lambda: a / b)

# Signs of zero results.
for a, b in [(0.0, -0.0), (-0.0, -0.0), (-0.0, 0.0), (1.0, -1.0)]:
    print(math.copysign(1.0, a + b), math.copysign(1.0, a - b), math.copysign(1.0, a * b))
print(math.copysign(1.0, -0.0 / 5.0), math.copysign(1.0, 0.0 / -5.0), math.copysign(1.0, 3 / -1e400))

# In-place forms and loops that feed results back.
x = 0
f = 0.0
for i in range(2000):
    x += i * i - 3
    x -= i
    f += i / 7
    f *= 1.0001
    f -= 0.5
print(x, f)
acc = 1
for i in range(80):
    acc *= 3
    acc -= 1
print(acc, acc.bit_length())
n = BIG
n += 1
print(n, type(n).__name__)
m = -BIG
m -= 2
print(m)
p = 2**32
p *= 2**32
print(p)

# Results are fresh objects equal to what they should be; identity of small ints is CPython's.
vals = [i + 0.5 for i in range(5)]
sums = [v + v for v in vals]
print(sums, [s - 1.0 for s in sums])
two_hundred, fifty = int("200"), int("50")
print((two_hundred + 56) is (fifty + 206), (two_hundred - 198) is (fifty - 48))

# Division by zero messages.
for a, b in [(1, 0), (1.0, 0), (1, 0.0), (0.0, -0.0), (-1.5, 0.0), (0, 0)]:
    show(f"{a!r} / {b!r}", lambda: a / b)
y = 5.0
try:
    y /= 0
except ZeroDivisionError as e:
    print("in-place", e)
print(y)

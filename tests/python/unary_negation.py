# Unary minus on exact ints and floats (the interpreter's shortcut) and on everything else (the
# generic dispatch): signed zeros, nan and infinities, the int that overflows a machine word,
# bools, subclasses, user classes and the error for an operand without __neg__.
import math


class MyInt(int):
    def __neg__(self):
        return "MyInt.__neg__"


class MyFloat(float):
    pass


class Vector:
    def __init__(self, x):
        self.x = x

    def __neg__(self):
        return Vector(-self.x)

    def __repr__(self):
        return f"Vector({self.x})"


def negate_all(values):
    out = []
    for v in values:
        out.append(-v)
    return out


values = [0, 1, -1, 2**62, -(2**63), 2**63 - 1, 0.0, -0.0, 1.5, math.inf, -math.inf, True, False]
for v, n in zip(values, negate_all(values)):
    print(repr(v), repr(n), type(n).__name__, math.copysign(1, n) if isinstance(n, float) else "")
print(math.isnan(-math.nan))
print(negate_all([MyInt(3), MyFloat(2.5), Vector(4), 10**30, 3 + 4j]))
print(type(-MyFloat(2.5)).__name__)
total = 0.0
x = 0.5
for k in range(1, 200):
    x = -x * 0.999
    total += x
print(round(total, 12))
i = 7
for _ in range(100):
    i = -i
print(i, +i, ~i, +2.5, ~True)
try:
    -"text"
except TypeError as e:
    print("TypeError:", e)

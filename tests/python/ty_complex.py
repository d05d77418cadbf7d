# complex(): subclass instances as arguments (signed zeros kept), __complex__ returning a
# subclass (DeprecationWarning), underscores in strings, __getnewargs__, 3-argument pow.
import math
import warnings


class C2(complex):
    pass


class F2(float):
    pass


class I2(int):
    pass


class Ret:
    def __init__(self, v):
        self.v = v

    def __complex__(self):
        return self.v


def show(label, f):
    try:
        r = f()
        print(label, type(r).__name__, repr(r), math.copysign(1, r.real), math.copysign(1, r.imag))
    except Exception as e:
        print(label, type(e).__name__, e)


for x in (0.0, -0.0, math.inf, -math.inf):
    for y in (0.0, -0.0, math.inf):
        show("c2", lambda: complex(C2(x, y)))
        show("c2 pair", lambda: complex(C2(x, y), C2(y, x)))
        show("sub", lambda: C2(complex(x, y)))
show("f2", lambda: complex(F2(1.5), I2(2)))
show("i2", lambda: complex(I2(3)))
show("ret none", lambda: complex(Ret(None)))
show("ret c", lambda: complex(Ret(3j)))
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    complex(Ret(C2(1, 2)))
    print([(w.category.__name__, str(w.message)) for w in caught])
for text in ["1_0j", "1_0.5", "1__0", "_1", "1_", "1_.5", "1._5j", "1e_1", "1_e1", "1.4_j", "(1+1.5_j)",
             "1_000+2_000j", "-1_2.3_4e-5_6j", "in_f"]:
    show(repr(text), lambda: complex(text))
print((1 + 2j).__getnewargs__(), C2(3, -0.0).__getnewargs__())
for args in [(1 + 1j, 1 + 1j, 1 + 1j), (1 + 1j, 2, 3), (2, 1j, 3), (1.5, 2, 3), ("a", 2, 3), (2, "a", 3),
             (I2(2), I2(10), 7), (2, 10, I2(7)), (2, 1.5, 3), (2, 3, 4.5)]:
    try:
        print(pow(*args))
    except Exception as e:
        print(args, type(e).__name__, e)

# Subclasses of int, float and complex: values, arithmetic, conversions, overrides.

class MyInt(int):
    pass

class Celsius(float):
    def __repr__(self):
        return f"Celsius({float(self)})"

class Pos(int):
    def __new__(cls, v):
        if v < 0:
            raise ValueError("negative")
        return super().__new__(cls, v)

    def double(self):
        return Pos(self * 2)

a = MyInt(5)
print(a, repr(a), type(a).__name__, isinstance(a, int), type(a) is int)
print(a + 1, type(a + 1).__name__, 1 + a, type(1 + a).__name__)
print(a * a, a - 2, a // 2, a % 3, a ** 2, -a, abs(MyInt(-3)), ~a)
print(a == 5, a != 5, a < 6, 5 == a, hash(a) == hash(5), bool(MyInt(0)), bool(a))
print(int(a), type(int(a)).__name__, float(a), str(a), type(str(a)).__name__)
print([10, 20, 30, 40, 50, 60][a], "abcdefg"[MyInt(2)], list(range(MyInt(3))))
print({a: "five"}[5], {5: "x"}[a])
print(format(a, "04d"), f"{a:>6}", "%d" % a, "%s" % a, a.bit_length(), a.to_bytes(2, "big"))
print(MyInt("12"), MyInt("ff", 16), MyInt(3.9))
p = Pos(4)
print(p, p.double(), type(p.double()).__name__)
try:
    Pos(-1)
except ValueError as e:
    print(type(e).__name__, e)
c = Celsius(21.5)
print(c, repr(c), str(c), c + 1, type(c + 1).__name__, c.is_integer(), round(c))
print(int(c), type(float(c)).__name__, c > 20, max(c, 30))

class Money(int):
    def __add__(self, other):
        return Money(int(self) + int(other))
    def __str__(self):
        return f"${int(self)}"

m = Money(3) + 4
print(m, type(m).__name__, 4 + Money(3), type(4 + Money(3)).__name__)
print(sum([Money(1), Money(2)]), type(sum([Money(1), Money(2)])).__name__)

class Tagged(int):
    def __new__(cls, value, tag="none"):
        obj = super().__new__(cls, value)
        obj.tag = tag
        return obj

t = Tagged(7, tag="seven")
print(t, t.tag, t.__dict__, t + 0)
try:
    MyInt(1) + "x"
except TypeError as e:
    print(type(e).__name__, e)
try:
    MyInt(1) < "x"
except TypeError as e:
    print(type(e).__name__, e)
try:
    object.__new__(MyInt)
except TypeError as e:
    print(type(e).__name__, e)
try:
    int.__new__(str)
except TypeError as e:
    print(type(e).__name__, e)
try:
    class B(bool):
        pass
except TypeError as e:
    print(type(e).__name__, e)

class Z(complex):
    pass
z = Z(1, 2)
print(z, z + 1, type(z + 1).__name__, z.real, z.imag, abs(Z(3, 4)))
print(int.__new__(MyInt, 9), type(int.__new__(MyInt, 9)).__name__)
print(MyInt.__mro__)
print(sorted([MyInt(3), 1, MyInt(2)]))

# classmethod and staticmethod wrapping, calls through instances and classes, alternate constructors
class Date:
    count = 0
    def __init__(self, y, m, d):
        self.y, self.m, self.d = y, m, d
        Date.count += 1
    @classmethod
    def from_string(cls, s):
        y, m, d = (int(p) for p in s.split("-"))
        return cls(y, m, d)
    @staticmethod
    def is_leap(y):
        return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    def __repr__(self):
        return f"{type(self).__name__}({self.y}, {self.m}, {self.d})"

class MyDate(Date):
    pass

print(Date.from_string("2024-02-29"), MyDate.from_string("2023-1-2"))
print(Date.is_leap(2000), Date(1, 1, 1).is_leap(1900), MyDate.is_leap(2024))
print(Date.count)
d = Date(2020, 1, 1)
print(d.from_string("1999-12-31"))

cm = Date.__dict__["from_string"]
sm = Date.__dict__["is_leap"]
print(type(cm).__name__, type(sm).__name__, cm.__func__.__name__, sm.__func__.__name__)
print(type(Date.from_string).__name__, Date.from_string.__self__ is Date, type(Date.is_leap).__name__)

# wrapping manually
def plain(*args):
    return args
class Holder:
    c = classmethod(plain)
    s = staticmethod(plain)
    p = plain
h = Holder()
print(h.c(1), Holder.c(2), h.s(3), Holder.s(4), h.p(5)[1:], Holder.p(6))

# staticmethod objects are callable in 3.10+
print(staticmethod(plain)(7))

# classmethod on a metaclass-created class
class Meta(type):
    @classmethod
    def meta_cm(mcs):
        return mcs.__name__
class WithMeta(metaclass=Meta):
    pass
print(WithMeta.meta_cm())

# calling with wrong arguments
try:
    Date.from_string()
except TypeError as e:
    print(type(e).__name__, e)
try:
    Date.is_leap(1, 2)
except TypeError as e:
    print(type(e).__name__, e)

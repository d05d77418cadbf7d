# Float powers with a negative base (an integral exponent gives a float, computed in a trace
# from the absolute value; others a complex), and instances whose classes grow many attributes
# (new instances start with as many slots as earlier ones needed).


def powers(n):
    out = []
    for i in range(n):
        x = (i % 7) - 3.5
        out.append((x ** 2, x ** 3, x ** -1, x ** 0, x ** 2.0, (-1.0) ** i))
    return out[-4:]


def odd_cases():
    cases = []
    for x in (-2.0, -0.0, 0.0, -1.0, -float("inf"), float("nan"), -1e200, -0.5):
        for y in (2, 3, -2, -3, 0.5, 1e20, 2.0 ** 63, -(2.0 ** 63), float("inf"), float("nan"), 1e300, 101):
            try:
                cases.append(repr(x ** y))
            except Exception as e:
                cases.append(type(e).__name__ + ": " + str(e))
    return cases


class Many:
    def __init__(self, i):
        self.a = i
        self.b = i + 1
        self.c = i + 2
        self.d = i + 3
        self.e = i + 4
        self.f = i + 5
        if i % 3 == 0:
            self.g = i + 6
            self.h = i + 7
            self.i = i + 8
            self.j = i + 9


class Few:
    def __init__(self, i):
        self.x = i


class ManyList(list):
    def fill(self, i):
        for name in "pqrstuvw":
            setattr(self, name, i)
        return self


def objects(n):
    total = 0
    keep = []
    for i in range(n):
        m = Many(i)
        f = Few(i)
        total += m.a + m.f + f.x + getattr(m, "j", 0)
        ml = ManyList().fill(i)
        ml.append(i)
        total += ml.w + ml[0]
        if i % 97 == 0:
            keep.append(m)
    return total, [sorted(vars(k).items()) for k in keep[-2:]], sorted(vars(ml))


for n in (3, 400, 3000):
    print(n, powers(n))
    print(n, objects(n))
print(odd_cases())

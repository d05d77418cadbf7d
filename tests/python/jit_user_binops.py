# User-class binary operators and __call__ seen through by the JIT: forward methods, methods that
# return NotImplemented (the reflected method then runs), in-place operators with and without
# __iadd__, operands of the same class and of builtin types, errors raised inside operators.


class Vec:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, other):
        if isinstance(other, Vec):
            return Vec(self.x + other.x, self.y + other.y)
        return NotImplemented

    def __radd__(self, other):
        return Vec(self.x + other, self.y + other)

    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)

    __rmul__ = __mul__

    def __sub__(self, other):
        if other == 13:
            raise ValueError("thirteen")
        return Vec(self.x - other, self.y - other)

    def __repr__(self):
        return "Vec(%r, %r)" % (self.x, self.y)


class Acc:
    def __init__(self):
        self.total = 0

    def __iadd__(self, n):
        self.total += n
        return self

    def __add__(self, n):
        return "plain add %r" % (n,)


class Scale:
    def __init__(self, k):
        self.k = k

    def __call__(self, v, extra=0):
        return v * self.k + extra


class Refuses:
    def __add__(self, other):
        return NotImplemented

    def __repr__(self):
        return "Refuses()"


def run():
    v = Vec(0, 0)
    one = Vec(1, 2)
    for i in range(300):
        v = v + one
        v = v * 1
        if i % 50 == 0:
            print(i, v, 2 * one, 5 + one)
    print("final", v)
    a = Acc()
    for i in range(200):
        a += i
    print("acc", a.total, a + 1)
    s = Scale(3)
    total = 0
    for i in range(400):
        total += s(i) + s(i, extra=1)
    print("scaled", total)
    errors = 0
    for i in range(300):
        try:
            v = Vec(i, i) - (i % 20)
        except ValueError as e:
            errors += 1
            last = (type(e).__name__, str(e), i)
    print("errors", errors, last, v)
    r = Refuses()
    for i in range(120):
        try:
            r + i
        except TypeError as e:
            msg = str(e)
    print(msg)
    for i in range(120):
        try:
            r + r
        except TypeError as e:
            msg = str(e)
    print(msg)
    try:
        one + "x"
    except TypeError as e:
        print(type(e).__name__, e)
    try:
        Scale(2)()
    except TypeError as e:
        print(type(e).__name__, e)


run()

# Binary operators between instances of different classes in hot loops: the left operand's
# forward method, NotImplemented falling back to the right operand's reflected method, and a
# subclass on the right whose reflected method must come first.


class Vec:
    def __init__(self, x):
        self.x = x

    def __add__(self, other):
        if isinstance(other, (Vec, Pt)):
            return Vec(self.x + other.x)
        return NotImplemented

    def __radd__(self, other):
        return ("Vec.radd", other.x)

    def __mul__(self, other):
        return NotImplemented


class Pt:
    def __init__(self, x):
        self.x = x

    def __add__(self, other):
        return Pt(self.x + other.x * 10)

    def __rmul__(self, other):
        return ("Pt.rmul", other.x)


class SubVec(Vec):
    def __radd__(self, other):
        return ("SubVec.radd", other.x)


class Other:
    def __init__(self, x):
        self.x = x


def run(n):
    total = 0
    notes = []
    v, p, s, o = Vec(1), Pt(2), SubVec(3), Other(4)
    for i in range(n):
        total += (p + v).x + (v + p).x
        r = v + s
        m = v * p
        q = o + v
        if i % 1000 == 0:
            notes.append((r, m, q))
        try:
            v + o
        except TypeError as e:
            if i % 1000 == 0:
                notes.append(str(e))
        try:
            p * o
        except TypeError as e:
            if i % 1000 == 0:
                notes.append(str(e))
    return total, notes


total, notes = run(3000)
print(total)
for n in notes:
    print(n)

# int.__index__, __int__, __trunc__, __floor__, __ceil__ and conjugate in hot loops: an exact int
# gives itself, bools and int subclasses give a plain int, and wrong receivers or arguments keep
# their errors; operator.index as random.py uses it.
import operator


class MyInt(int):
    pass


big = 10**20 + 7
values = [0, 5, -3, 2**40, big, True, False, MyInt(9)]


def identities(xs):
    out = []
    for x in xs:
        for r in (x.__index__(), x.__int__(), x.__trunc__(), x.__floor__(), x.__ceil__(), x.conjugate()):
            out.append((r, type(r).__name__))
        out.append(operator.index(x))
    return out


for _ in range(50):
    r = identities(values)
print(r)

n = 123456789012
print(n.__index__() is n, big.__index__() == big, int.__index__(n) is n, operator.index(n) is n)


def errors():
    out = []
    for f, args in [(int.__index__, ("x",)), (int.__int__, (1.5,)), (int.conjugate, ())]:
        try:
            out.append(f(*args))
        except TypeError as e:
            out.append(str(e))
    return out


for _ in range(30):
    e = errors()
print(e)


def mixed_sum(n):
    total = 0
    for i in range(n):
        total += operator.index(i) + (i * 3).__index__() - (-i).__int__()
    return total


for _ in range(5):
    s = mixed_sum(3000)
print(s)

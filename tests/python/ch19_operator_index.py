# operator.index in a hot loop (traced as the identity of an exact int) and of other objects
# (int subclasses, bools, __index__, errors), as random.randrange calls it.
import operator


class Sub(int):
    pass


class Idx:
    def __init__(self, v):
        self.v = v

    def __index__(self):
        return self.v


def run(values):
    total = 0
    kinds = []
    for v in values:
        try:
            r = operator.index(v)
        except TypeError as e:
            kinds.append(str(e))
            continue
        total += r
        kinds.append(type(r).__name__)
    return total, kinds


big = [i * 3 - 7 for i in range(3000)] + [2 ** 70, -(2 ** 65)]
print(run(big)[0])
odd = [5, Sub(7), True, Idx(11), 2.5, "x", None, 2 ** 80]
for i in range(200):
    res = run(odd)
print(res)
x = 2 ** 40
print(operator.index(x) is x, operator.index(True) is True)
try:
    operator.index()
except TypeError as e:
    print(e)

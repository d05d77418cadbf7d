# sum() fast paths (exact int in an i64, then float): overflow, bools, subclasses with
# __add__/__radd__, mixed int/float/Fraction/Decimal, errors and iterators that raise.
class I(int):
    def __add__(self, o): return "I.add"
    def __radd__(self, o): return "I.radd"
class F(float):
    def __radd__(self, o): return "F.radd"
print(sum([1, 2, 3]), sum([1, True, 2**62, 2**62, 5]), sum([2**63 - 1, 1, -5]))
print(sum([1, 2.5, 3, True]), sum([0.1] * 10), sum([1.5, 2**60 + 1, 3]))
print(sum([], 0.0), sum([-0.0]), sum([-0.0], -0.0), sum([1e308, 1e308]), sum([float('nan'), 1]))
print(sum([1, I(5)]), sum([1.5, I(5)]), sum([1, F(2.5)]), sum([1.0, F(2.5)]))
print(sum([[1], [2]], []), sum(((1,), (2,)), ()), sum([1, 2], start=10), sum(range(10**6)))
print(sum([1, 2**70, 3]), sum([2**70, 1.5]), type(sum([True, True])), sum([True], True))
import fractions, decimal
print(sum([fractions.Fraction(1, 3), 1, 2.0]), sum([1, decimal.Decimal("1.1")]))
print(sum({i: i * i for i in range(1000)}.values()), sum({1: 2, 3: 4}), sum(x / 3 for x in range(100)))
try:
    sum([1, "a"])
except TypeError as e:
    print(e)
try:
    sum([1.5, "a"])
except TypeError as e:
    print(e)
def gen():
    yield 1
    yield 2.5
    raise ValueError("boom")
try:
    sum(gen())
except ValueError as e:
    print(e)


def traced_sums(n):
    total = 0
    for i in range(n):
        total += sum([i, i * 0.5, True]) + sum((i, 2**62, 2**62))
    return total


print(traced_sums(3000))

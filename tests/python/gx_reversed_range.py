# reversed(range(...)) (made in a trace's domain code): items, length hints, exhaustion,
# pickling state and iterator type for ranges with positive, negative and large steps, empty
# ranges, extreme bounds, and reversed of other objects next to it; in hot loops for the JIT.
import sys


def items(r):
    it = reversed(r)
    first = list(it)
    return first, list(it), type(it).__name__


def hint(r):
    it = reversed(r)
    next(it, None)
    return it.__length_hint__(), it.__reduce__()[1:]


ranges = [range(8), range(0), range(3, 9), range(9, 3), range(-5, 5, 3), range(10, -10, -4),
          range(0, 100, 7), range(sys.maxsize - 3, sys.maxsize),
          range(0, -1, -sys.maxsize - 1), range(0, 1, sys.maxsize), range(-3, 3)]

for rep in range(300):
    out = []
    for r in ranges:
        out.append((items(r), hint(r)))
    total = 0
    for n in range(6):
        for i in reversed(range(n)):
            total = total * 3 + i
    out.append(total)
    out.append(list(reversed([1, 2, 3])) + list(reversed((4, 5))) + list(reversed("ab")))
    if rep in (0, 299):
        print(rep, out)
print(list(reversed(range(2**70, 2**70 + 3))))
try:
    reversed(range(3), 1)
except TypeError as e:
    print("TypeError", e)

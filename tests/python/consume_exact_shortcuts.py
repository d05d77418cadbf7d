# The consumers' shortcuts for exact ints, floats, strs, bools and None (sum, any, all, min,
# max over a generator) against the general protocol: overflow into big ints, mixed kinds,
# NaN, bool and int subclasses, and truth of ints, None and other objects.


class MyInt(int):
    def __add__(self, other):
        return MyInt(int(self) + int(other) + 1000)

    def __bool__(self):
        return False


big = 2 ** 62
print(sum(x for x in [big, big, big]))
print(sum(x for x in [big, -big, 1]))
print(sum(x for x in [1, 2.5, 3]))
print(sum(x for x in [0.1] * 10))
print(sum(x for x in [True, True, 3]))
print(sum((x for x in [1, 2]), 0.5))
print(sum(x for x in [MyInt(1), 2]))
print(sum((x for x in [1, MyInt(2)]), 0))
try:
    sum(x for x in [1, "a"])
except TypeError as e:
    print("TypeError", e)

print(any(x for x in [0, 0, 5]), any(x for x in [0, None, False]))
print(all(x for x in [1, -1, big]), all(x for x in [1, 0, 2]))
print(any(x for x in [MyInt(3)]), all(x for x in [MyInt(3)]))
print(any(x for x in [2 ** 100]), all(x for x in [[], 1]), any(x for x in ["", (), [0]]))
print(all(x for x in [None]), any(x for x in [0.0, 0j]), any(x for x in [-0.0, 1e-300]))

nan = float("nan")
print(min(x for x in [3, 1, 2]), max(x for x in [3, 1, 2]))
print(min(x for x in [2.5, 1, 1.0]), max(x for x in [1, 1.0, True]))
print(min(x for x in [nan, 1.0, 2.0]), max(x for x in [1.0, nan, 0.5]))
print(min(x for x in ["b", "a", "c"]), max(x for x in ["b", "ab", "a"]))
print(min(x for x in [big * 4, big * 2]), max(x for x in [-big * 4, 3]))
print(min(x for x in [MyInt(5), 2, MyInt(1)]), type(min(x for x in [MyInt(1), 2])).__name__)
try:
    max(x for x in [1, "a"])
except TypeError as e:
    print("TypeError", e)

n = 0
for k in range(300):
    if k & 3:
        n += 1
    if k % 7 and k:
        n += 2
    while None:
        n += 100
print(n)

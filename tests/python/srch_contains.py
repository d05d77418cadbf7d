# list/tuple `in` with every strategy, mutation during comparison, and errors
class Eq:
    def __init__(self, v, log):
        self.v = v; self.log = log
    def __eq__(self, other):
        self.log.append(("eq", self.v, repr(other)))
        return self.v == other
    def __hash__(self):
        return 0

ints = [1, 2, 3, -5, 2**40]
print(3 in ints, 4 in ints, 2**40 in ints, 2**70 in ints, True in ints, 1.0 in ints, 2.5 in ints, "x" in ints)
print(False in [0, 5], 0 in [False], 1 in [1.0, 2.0], 2.0 in [1.0, 2.0])
nan = float("nan")
print(nan in [nan], nan in (nan,), nan in [1, nan])
print(None in [], None in (), None in [None], "a" in ["b", "a"], "a" in ("b",))
log = []
objs = [Eq(1, log), Eq(2, log)]
print(2 in objs, 5 in objs, log)
log.clear()
print(Eq(3, log) in [1, 2, 3, 4], log)
log.clear()
print(Eq(7, log) in (1, 2, 3), log)
# a comparison that shrinks the list: the loop sees the new length
class Shrink:
    def __init__(self, lst):
        self.lst = lst
    def __eq__(self, other):
        self.lst.clear()
        return False
lst = [1, 2, 3, 4]
print(Shrink(lst) in lst, lst)
class Bad:
    def __eq__(self, other):
        raise ValueError("no compare")
try:
    Bad() in [1, 2]
except ValueError as e:
    print(type(e).__name__, e)
try:
    1 in [Bad()]
except ValueError as e:
    print(type(e).__name__, e)
class L(list):
    pass
print(2 in L([1, 2]), 9 in L([1, 2]))
class T(tuple):
    def __contains__(self, x):
        return x == "magic"
print("magic" in T((1,)), 1 in T((1,)))
total = 0
cells = [[0, 1, 2, 3, 4, 5, 6, 7] for i in range(10)]
for n in range(3000):
    c = cells[n % 10]
    if n % 7 in c:
        total += 1
    if n % 13 == 0:
        c.remove(n % 8) if n % 8 in c else None
    if (n % 9) in (1, 4, 7):
        total += 2
print(total, cells)

# bisect's functions (ripy's _bisect): results, keys, bounds, errors, insort into lists and
# other sequences.
import bisect
from collections import UserList

data = [1, 2, 2, 2, 3, 5, 8]
for x in (0, 1, 2, 4, 8, 9):
    print(x, bisect.bisect_left(data, x), bisect.bisect_right(data, x), bisect.bisect(data, x),
          bisect.bisect_left(data, x, 2), bisect.bisect_right(data, x, 1, 4), bisect.bisect_left(data, x, hi=-1))
print(bisect.bisect_left(a=data, x=2, lo=1, hi=5), bisect.bisect_right(data, 2, hi=None))
keyed = [("a", 1), ("b", 3), ("c", 5)]
print(bisect.bisect_left(keyed, 3, key=lambda p: p[1]), bisect.bisect_right(keyed, 3, key=lambda p: p[1]))
lst = []
for v in (5, 1, 4, 1, 3):
    bisect.insort(lst, v)
    bisect.insort_left(lst, v * 10)
print(lst)
ul = UserList([1, 3])
bisect.insort_right(ul, 2)
bisect.insort_left(ul, 0)
print(ul)
kl = [("a", 1), ("c", 5)]
bisect.insort(kl, ("b", 3), key=lambda p: p[1])
print(kl)
for call in (
    lambda: bisect.bisect_left(data, 1, -1),
    lambda: bisect.insort(data, 1, -3),
    lambda: bisect.bisect_right(data, 1, 1.5),
    lambda: bisect.bisect_right(data, 1, 0, "x"),
    lambda: bisect.bisect_left(10, 1),
):
    try:
        print(call())
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
print(bisect.bisect_right(data, 3, True))

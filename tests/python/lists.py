# Lists: building, indexing, mutation, sorting, strategies.
a = [3, 1, 2]
a.append(5)
a.insert(0, 9)
a.extend([7, 8])
print(a, len(a), a[0], a[-1], a[1:3])
a.sort()
print(a, a.pop(), a.pop(0), a)
a.reverse()
print(a, a.index(3), a.count(2), 3 in a, 10 in a)
a[0] = "x"
print(a)
a[1:3] = [10, 20, 30]
print(a)
del a[0]
del a[-1:]
print(a)
b = a.copy()
b.remove(10)
print(a, b, a == b, a + b, [0] * 3)
m = [[i * j for j in range(3)] for i in range(3)]
print(m, m[2][1])
f = [1.5, 2.5]
f.append(3)
print(f, [x * 2 for x in f])
nums = list(range(10))
print(nums[::3], nums[-3:], sum(nums), max(nums), min(nums), sorted(nums, reverse=True)[:3])
total = 0
for x in nums:
    if x % 2:
        continue
    total += x
print(total)
l = []
for i in range(1000):
    l.append(i * i)
print(len(l), l[999], l[-1] == 999 * 999)
print(list("abc"), list((1, 2)), [1, 2] < [1, 3], [] == [], [1, [2, 3]])
c = [5, 3, 8]
c += [1]
c *= 2
print(c, c.clear(), c)
print(list(reversed([1, 2, 3])), list(enumerate("ab")), list(zip([1, 2], "xy")))

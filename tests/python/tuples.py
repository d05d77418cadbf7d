# Tuples, unpacking, and star expressions.
t = (1, 2, 3)
print(t, t[0], t[-1], t[1:], len(t), t + (4,), t * 2, (1,), ())
a, b, c = t
print(a, b, c)
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = "abcd"
print(init, last)
x, (y, z) = 1, (2, 3)
print(x, y, z)
a, b = b, a
print(a, b)
print(t.index(2), t.count(3), 2 in t, (1, 2) < (1, 3), (1, 2) == (1, 2), hash((1, 2)) == hash((1, 2)))
def pair():
    return 1, "one"
n, s = pair()
print(n, s, tuple([4, 5]), tuple("ab"))
for i, (p, q) in enumerate([(1, 2), (3, 4)]):
    print(i, p, q)
print([*t, *"ab"], (*t,), max((1, "b"), (1, "a")))
try:
    a, b = [1, 2, 3]
except ValueError as e:
    print("ValueError:", e)
try:
    a, b, c = [1, 2]
except ValueError as e:
    print("ValueError:", e)

# star-unpacking in assignments, for targets and displays; walrus; chained comparisons
a, *b, c = range(6)
print(a, b, c)
*head, tail = "hello"
print(head, tail)
first, *rest = [1]
print(first, rest)
(x, y), *z = [(1, 2), 3, 4]
print(x, y, z)
[p, [q, *r]] = [1, [2, 3, 4]]
print(p, q, r)
for i, (j, *k) in enumerate([(1, 2, 3), (4,)]):
    print(i, j, k)

for bad in [[1], [], [1, 2, 3, 4]]:
    try:
        m, n = bad
    except ValueError as e:
        print(type(e).__name__, e)
try:
    u, v, *w = [1]
except ValueError as e:
    print(type(e).__name__, e)
try:
    s, t = 5
except TypeError as e:
    print(type(e).__name__, e)
try:
    s, t = None
except TypeError as e:
    print(type(e).__name__, e)

# unpacking an iterator and a generator, and a dict (keys)
it = iter([10, 20, 30])
a1, *a2 = it
print(a1, a2)
g1, g2 = (i * i for i in range(2))
print(g1, g2)
k1, k2 = {"one": 1, "two": 2}
print(k1, k2)

# star in displays
print([*range(3), *"ab", 9], (*[1, 2],), {*[1, 1, 2]} == {1, 2}, {**{"a": 1}, "b": 2, **{"a": 3}})
print([*[], *()], (*"x",))

# swap and chained assignment
m = n = [1]
m.append(2)
print(n, m is n)
x1, y1 = 1, 2
x1, y1 = y1, x1
print(x1, y1)
i = 0
lst = [0, 0, 0]
i, lst[i] = 1, 5
print(i, lst)

# walrus
data = [1, 5, 2, 8, 3]
if (n := len(data)) > 3:
    print("long list", n)
print([y for x in data if (y := x * 2) > 4], y)
values = iter([3, 2, 1, 0, 5])
while (v := next(values)) != 0:
    print("value", v)
def walrus_in_comprehension():
    total = 0
    sums = [total := total + x for x in range(5)]
    return sums, total
print(walrus_in_comprehension())

# chained comparisons evaluate middle operands once
calls = []
def val(v):
    calls.append(v)
    return v
print(val(1) < val(2) < val(3), calls)
calls.clear()
print(val(3) < val(2) < val(1), calls)
calls.clear()
print(1 < 2 > 0 != 5 == 5 >= 5 <= 6, 1 < 3 < 2, "a" < "b" < "c")
two = 2
print(1 in [1, 2] in [[1, 2]], two is not None is not False)
try:
    1 < "a" < 3
except TypeError as e:
    print(type(e).__name__, e)

# augmented assignment on subscripts and attributes evaluates the target once
class Box:
    def __init__(self):
        self.items = {"k": 1}
        self.n = 0
box = Box()
def get_box():
    calls.append("get_box")
    return box
calls.clear()
get_box().items["k"] += 10
get_box().n += 1
print(box.items, box.n, calls)

# conditional expressions and boolean operators return operands
print(0 or "default", "" and "never", None or 0 or [], 3 and 4, not 0, 1 if 0 else 2)

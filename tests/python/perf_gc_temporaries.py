# Native code that builds fresh objects while it allocates more: under GC stress
# (METATRACE_GC_STRESS) every such temporary must stay alive. Each line prints values that a
# reclaimed object would corrupt.

ints = list(range(200))
floats = [i * 0.5 for i in range(200)]
print(sum(ints), sum(floats), ints[::37], floats[-3:])

# list.sort / sorted with key functions that allocate
words = ["w%d" % (i * 7919 % 211) for i in range(150)]
print(sorted(words, key=lambda w: (len(w), w))[:8])
nums = [i * 7919 % 1000 for i in range(300)]
nums.sort(key=lambda n: -n)
print(nums[:10], sorted(nums, reverse=True)[-5:])
print(sorted(range(50), key=lambda i: str(i))[:12])

# zip, map, enumerate, reversed over fresh iterators
print(list(zip(range(5), map(str, range(5)), (x * 1.5 for x in range(5)))))
print(list(map(lambda a, b: a * b, range(10), [2.5] * 10)))
print(list(enumerate("abc", 10)), list(reversed(range(7))), min(ints[3:], key=lambda i: -i))
print(max([[i, str(i)] for i in range(30)]), min((str(i) for i in range(30))))

# int-strategy lists boxed into fresh objects by slicing, copying, concatenation, unpacking
grid = [[x * y for x in range(20)] for y in range(20)]
flat = [v for row in grid for v in row]
print(len(flat), flat[-20:], sum(flat[::3]))
a, *rest = flat[:10]
print(a, rest, (flat[:5] + flat[-5:]) * 2)
print(list(map(sum, grid))[:6], [row[::-1][:3] for row in grid[:3]])
pairs = dict(zip(map(str, range(40)), range(40)))
print(sorted(pairs.items())[:5], list(pairs.values())[-3:])

# calls that bind *args and **kwargs with fresh tuples and dicts
def f(a, b=2, *args, c, d=4, **kw):
    return (a, b, args, c, d, sorted(kw.items()))

for i in range(30):
    r = f(i, i + 1, *[i * 1.5, str(i)], c=[i], e=(i,), g=str(i) * 2)
print(r)
print(f(*range(6), c=1), f(1, c=2, **{"x": 1.25, "y": [3]}))

# constants: tuples, frozensets and big ints built at load time
def consts():
    return ((1, 2.5, "three", (4, 5.5)), frozenset({1, 2, 3}), 123456789012345678901234567890, -0.25)

print(consts(), consts()[0][3][1] * 2)

# classes with many methods and attributes; instances with many attributes
class Big:
    x0 = 0.5
    def m0(self): return "m0"
    def m1(self): return "m1"
    def __init__(self, n):
        for i in range(n):
            setattr(self, "a%d" % i, i * 0.25)

objs = [Big(12) for _ in range(20)]
print(objs[-1].a11, objs[3].m1(), sorted(vars(objs[0]).items())[:3], Big.x0)

# string building and formatting
parts = []
for i in range(100):
    parts.append("%d:%s:%.2f" % (i, hex(i), i / 7))
print(",".join(parts)[-60:], len("".join(parts)))
print("{0}-{1!r}-{2:>6}".format(*["x", "y", 3.25]), f"{[i for i in range(5)]!r:>20}")
text = " ".join(str(i * 31) for i in range(300))
print(text.split()[-4:], text.count("3"), text.find("961"), text.replace("0", "o")[:40])

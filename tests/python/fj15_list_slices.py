# List slicing and slice assignment on int, float and object lists: steps, reversals,
# lengths that change the list, strategy changes, overlapping moves (insert/pop).

def show(label, x):
    print(label, x)

def fannkuch(n):
    count = list(range(1, n + 1))
    max_flips = 0
    checksum = 0
    m = n - 1
    r = n
    perm1 = list(range(n))
    perm1_ins = perm1.insert
    perm1_pop = perm1.pop
    sign = 1
    while 1:
        while r != 1:
            count[r - 1] = r
            r -= 1
        if perm1[0] != 0 and perm1[m] != m:
            perm = perm1[:]
            flips_count = 0
            k = perm[0]
            while k:
                perm[:k + 1] = perm[k::-1]
                flips_count += 1
                k = perm[0]
            checksum += sign * flips_count
            if flips_count > max_flips:
                max_flips = flips_count
        sign = -sign
        while r != n:
            perm1_ins(r, perm1_pop(0))
            count[r] -= 1
            if count[r] > 0:
                break
            r += 1
        else:
            return max_flips, checksum

for n in range(3, 8):
    show("fannkuch", (n, fannkuch(n)))

def slices_of(base):
    out = []
    n = len(base)
    for start in (None, 0, 1, -1, -3, n, n + 2):
        for stop in (None, 0, 2, -1, -2, n, n + 5):
            for step in (None, 1, 2, 3, -1, -2, -5):
                out.append(base[start:stop:step])
    return out

for base in (list(range(20)), [float(i) / 2 for i in range(20)], [str(i) for i in range(20)],
             list(range(5)), [], [1.5], list(range(40))):
    r = slices_of(base)
    show("slices", (len(r), sum(len(x) for x in r), r[::37]))

# step-1 assignment of every length, growing and shrinking, in all strategies
for make in (lambda k: list(range(100, 100 + k)), lambda k: [0.25 * i for i in range(k)],
             lambda k: ["s%d" % i for i in range(k)], lambda k: [None] * k):
    for n in (0, 1, 5, 17, 30):
        for a, b in ((0, 0), (0, n), (1, 3), (2, 2), (n // 2, n), (-3, None), (None, 4)):
            for m in (0, 1, 3, 18):
                l = list(range(n))
                l[a:b] = make(m)
                show("assign", (n, a, b, m, len(l), l[:3], l[-3:]))

# reversal in place of a prefix, the whole list, longer than a block
for n in (1, 2, 9, 16, 17, 33):
    l = list(range(n))
    for k in range(n):
        l[:k + 1] = l[k::-1]
    show("prefix-reversals", (n, l))
    f = [x * 0.5 for x in range(n)]
    f[:] = f[::-1]
    show("float-reverse", f)
    o = [str(x) for x in range(n)]
    o[:n // 2 + 1] = o[n // 2::-1]
    show("obj-reverse", o)

# extended slices: assignment needs the same length
l = list(range(12))
l[::2] = [-x for x in range(6)]
show("ext", l)
l[1::3] = [1.5, 2.5, 3.5, 4.5]
show("ext-float-into-int", l)
l[::-4] = ["a", "b", "c"]
show("ext-obj", l)
try:
    l[::2] = [1, 2]
except ValueError as e:
    show("ext-error", str(e))
try:
    l[::0] = []
except ValueError as e:
    show("zero-step", str(e))
try:
    l[1:2:0]
except ValueError as e:
    show("zero-step-get", str(e))

# strategy changes mid-slice: int list gets floats, objects; float list gets ints
l = list(range(10))
l[2:5] = [1.5, 2.5]
show("int<-float", l)
l = [0.5] * 6
l[1:3] = [1, 2, 3]
show("float<-int", l)
l = list(range(6))
l[3:] = ["x", None, 2]
show("int<-obj", l)
l = list(range(6))
l[1:4] = (9, 8)
show("tuple-source", l)
l[::-1] = range(len(l))
show("range-source", l)
l[:] = l
show("self", l)
l[2:4] = l
show("self-inner", l)
l = list(range(8))
l[1:7:2] = l[0:3]
show("self-ext", l)

# insert/pop move items within one storage, in both directions
for n in (1, 3, 16, 17, 40):
    l = list(range(n))
    for i in range(n):
        l.insert(i % 3, l.pop(0))
    l.insert(-2, 99)
    l.insert(1000, 98)
    l.insert(-1000, 97)
    show("insert-pop", (n, l))
    f = [i * 0.5 for i in range(n)]
    for i in range(n):
        f.insert(n - 1, f.pop(0))
    show("float-insert-pop", f)

# big and negative ints stay exact through slices
l = [2 ** 62, -2 ** 63, 3, -1, 2 ** 70]
show("big", (l[::-1], l[1:4], l[::2]))

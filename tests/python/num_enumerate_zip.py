# enumerate and zip advanced in hot loops (the JIT steps them in domain code): starts, big
# counts, lists changing while iterated, generators and other iterators inside, errors from
# the inner iterators, strict zips, zips of many iterables, and subclasses.
def show(f):
    try:
        return repr(f())
    except Exception as e:
        return type(e).__name__ + ': ' + str(e)

def weighted(u):
    s = 0
    for j, u_j in enumerate(u):
        s += j * u_j
    return s

u = [1] * 130
for k in range(30):
    u = [x * 0.5 + k for x in u] if k % 3 else u
    print(k, repr(weighted(u)))

def starts():
    out = []
    for start in (0, 5, -3, 2 ** 62):
        acc = []
        for i, c in enumerate('abcdef' * 200, start):
            acc.append(i)
        out.append((acc[:3], acc[-1], len(acc)))
    return out

print(starts())

def mutate():
    a = list(range(10))
    seen = []
    for i, x in enumerate(a):
        seen.append((i, x))
        if i < 5:
            a.append(x * 10)
        if len(a) > 3000:
            break
    return seen[:12], len(seen), len(a)

print(mutate())

def gen(n):
    for i in range(n):
        if i == 1500:
            raise KeyError('gen stop')
        yield i * i

def over_gen():
    tot = 0
    try:
        for i, v in enumerate(gen(2000)):
            tot += i + v
    except KeyError as e:
        return 'KeyError', e, tot
    return tot

print(over_gen())
print(show(lambda: list(enumerate(3))))
print(show(lambda: list(enumerate([1, 2], start='x'))))
print(show(lambda: enumerate()))

def dot(a, b):
    s = 0.0
    for x, y in zip(a, b):
        s += x * y
    return s

a = [i * 0.25 for i in range(2000)]
b = [1.0 / (i + 1) for i in range(2000)]
print(repr(dot(a, b)), repr(dot(a, b[:1000])), repr(dot(a[:10], b)))

def zip3(n):
    s = 0
    for x, y, z in zip(range(n), 'abc' * n, [1, 2] * n):
        s += x * z + len(y)
    return s

print(zip3(3000))

def zip_many(n):
    cols = [list(range(k, k + n)) for k in range(6)]
    s = 0
    for row in zip(*cols):
        s += sum(row)
    return s

print(zip_many(2000))

def zip_strict(n, m):
    s = 0
    try:
        for x, y in zip(range(n), range(m), strict=True):
            s += x + y
    except ValueError as e:
        return 'ValueError', str(e), s
    return s

print(zip_strict(2000, 2000), zip_strict(2000, 1999), zip_strict(1999, 2000))

def zip_gen():
    s = 0
    try:
        for x, y in zip(gen(3000), range(3000)):
            s += x - y
    except KeyError as e:
        return 'KeyError', e, s
    return s

print(zip_gen())
print(list(zip()), list(zip([1, 2])), show(lambda: zip(1, 2)))

def zip_mut():
    a = [1, 2, 3]
    b = [10, 20, 30, 40, 50]
    out = []
    for x, y in zip(a, b):
        out.append(x + y)
        if len(a) < 2000:
            a.append(x)
    return len(out), out[:8]

print(zip_mut())

class E(enumerate):
    def __next__(self):
        i, v = super().__next__()
        return i * 100, v

class Z(zip):
    pass

def subclassed():
    s = 0
    for i, v in E('abcd' * 400):
        s += i
    t = 0
    for x, y in Z(range(1500), range(1500)):
        t += x * y
    return s, t

print(subclassed())
it = enumerate([5, 6, 7])
print(next(it), list(it), show(lambda: next(it)))
z = zip([1, 2], 'ab')
print(next(z), list(z), show(lambda: next(z)))

def nested():
    m = 0
    for i, (x, (y, z)) in enumerate(zip(range(3000), zip('ab' * 3000, range(0, 9000, 3)))):
        m += i + x + z + len(y)
    return m

print(nested())

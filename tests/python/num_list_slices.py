# List slicing and slice assignment in hot loops (the JIT passes unboxed bounds to one call):
# negative and omitted bounds, extended slices, zero steps, huge bounds, bool and big-int and
# __index__ bounds, other iterables, strategies (ints, floats, objects, mixed), self-assignment
# and subclasses (fannkuch's reversals in place are in pd_list_slices.py).
def show(f):
    try:
        return repr(f())
    except Exception as e:
        return type(e).__name__ + ': ' + str(e)

def windows(a):
    out = []
    n = len(a)
    for i in range(-n - 2, n + 3):
        out.append((a[i:], a[:i], a[i::2], a[::i or 1], a[i:-1:-1], a[-i:i:3]))
    return out

for seq in ([1, 2, 3, 4, 5, 6, 7], [0.5, 1.5, 2.5], ['a', None, 3, 4.0], [], [7]):
    for _ in range(40):
        w = windows(seq)
    print(w[::5])

def assign(n):
    a = list(range(20))
    for i in range(n):
        k = i % 19
        a[:k + 1] = a[k::-1]
        a[k:] = a[k:][::-1]
        a[1:k:2] = a[1:k:2][::-1]
    return a

print(assign(3000))

def grow_shrink(n):
    a = [0.0] * 5
    lens = []
    for i in range(n):
        if i % 3 == 0:
            a[1:2] = [float(i), float(i + 1)]
        elif i % 3 == 1:
            a[-3:] = []
        else:
            a[len(a):] = [i * 0.5]
        lens.append(len(a))
    return a[:8], lens[-6:]

print(grow_shrink(2000))

def mixed_strategies(n):
    a = list(range(10))
    for i in range(n):
        j = i % 9
        if i % 4 == 0:
            a[j:j + 1] = ['s']
        elif i % 4 == 1:
            a[j:j + 1] = [1.5]
        elif i % 4 == 2:
            a[j:j + 2] = (i, i + 1)
        else:
            a[j:j] = range(2)
        if len(a) > 30:
            a[10:] = []
    return a

print(mixed_strategies(2000))

def errors():
    a = list(range(10))
    out = []
    for i in range(1200):
        try:
            if i % 5 == 0:
                a[::0]
            elif i % 5 == 1:
                a[::2] = [1, 2]
            elif i % 5 == 2:
                a[1:3] = 5
            elif i % 5 == 3:
                a[::0] = []
            else:
                a[::-2] = a[::-2]
        except (ValueError, TypeError) as e:
            out.append(type(e).__name__ + ': ' + str(e))
    return sorted(set(out)), a

print(errors())

class Idx:
    def __index__(self):
        return 2

big = 2 ** 70
a = list(range(12))
for _ in range(3):
    print(show(lambda: a[True:]), show(lambda: a[Idx():]), show(lambda: a[big:]), show(lambda: a[-big:3]),
          show(lambda: a[::big]), show(lambda: a[::-big]), show(lambda: a[1.0:]), show(lambda: a['x':]),
          show(lambda: a[:9223372036854775807]), show(lambda: a[-9223372036854775808::-1]))
b = list(range(6))
b[::-1] = b
print(b)
b[1:4] = b
print(b)
b[False:Idx()] = 'xy'
print(b)
b[big:] = [99]
print(b)

class L(list):
    def __getitem__(self, k):
        return ('L', k)

    def __setitem__(self, k, v):
        print('set', k, v)

l = L([1, 2, 3])
for _ in range(2):
    print(l[1:2], l[::-1])
    l[0:1] = [5]
print(list.__getitem__(l, slice(None, None, -1)))

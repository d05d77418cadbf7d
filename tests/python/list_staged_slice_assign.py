# Slice assignments from slices inside hot loops: the JIT copies the source slice to a buffer and
# assigns from it (in place when the lengths agree and the strategies match).


def flips(perm):
    count = 0
    k = perm[0]
    while k:
        perm[:k + 1] = perm[k::-1]
        count += 1
        k = perm[0]
    return count


def run_flips():
    total = 0
    for start in range(300):
        perm = [(start * 7 + i * 3) % 9 for i in range(9)]
        seen = set()
        perm = [x for x in perm if not (x in seen or seen.add(x))]
        perm += [x for x in range(9) if x not in perm]
        total += flips(perm)
    print("flips", total)


def shapes():
    out = []
    for i in range(200):
        a = list(range(10))
        f = [float(x) for x in range(10)]
        k = i % 12
        a[:k] = a[k::-1]          # lengths differ by one: grows the list
        f[2:k] = f[k:1:-1]        # float strategy, may be empty or longer
        b = list(range(6))
        b[-3:] = b[-1:-4:-1]      # negative bounds, same length
        c = list(range(5))
        c[1:100] = c[3::-1]       # stop beyond the end
        d = [1, 2, 3, 4]
        d[:2] = [x * 0.5 for x in d][1::-1]  # int list, float items: another strategy
        e = ["a", "b", "c", "d"]
        e[1:3] = e[2:0:-1]        # object strategy
        g = list(range(8))
        g[::2] = g[7::-2]         # extended slice target
        out.append((a, f, b, c, d, e, g))
    print(out[0])
    print(out[5])
    print(out[11])
    print(out[199])
    print(len(set(repr(o) for o in out)))


def errors():
    for i in range(100):
        g = list(range(8))
        try:
            g[::2] = g[5::-2]
        except ValueError as e:
            msg = str(e)
    print(msg)


run_flips()
shapes()
errors()

# Bridges that jump into a peeled loop: values whose type, sign or identity changes on a
# bridge's path, so that the checks a bridge adds before entering the loop fail sometimes.


class Box:
    def __init__(self, v):
        self.v = v
        self.w = v * 2


class Other:
    def __init__(self, v):
        self.v = v
        self.z = -v


def types_change_on_a_branch(n):
    x = 0
    acc = 0
    log = []
    for i in range(n):
        if i % 3 == 0 and not isinstance(x, str):
            acc += x
        elif i % 7 == 0:
            acc -= 2
        else:
            acc -= 1
        if i == n // 2:
            x = 1.5
        if i == (3 * n) // 4:
            x = "s"
            acc = float(acc)
        if isinstance(x, str) and i % 5 == 0:
            log.append(x * (i % 3))
    return acc, x, len(log), log[:3]


def objects_change_class(n):
    b = Box(3)
    total = 0
    seen = []
    for i in range(n):
        total += b.v
        if i % 4 == 1:
            total += b.w if isinstance(b, Box) else b.z
        if i % 97 == 50:
            b = Other(i) if i % 2 == 0 else Box(i)
            seen.append(type(b).__name__)
    return total, seen


def bounds_change(n):
    i = 0
    j = 10
    out = 0
    while i < n:
        if i % 5 == 0:
            j = -j
        elif i % 11 == 0:
            j += 1000000007
        else:
            j -= 1
        out = (out + j * i) % 1000003
        i += 1
    return out, j


def boxed_counters(n):
    total = 0
    k = 0
    for i in range(n):
        if i & 1:
            k = k + 2
        else:
            k = k - 1
        if i % 13 == 0:
            total += k * k
        elif i % 17 == 0:
            total -= k
        total += 1
    return total, k


def globals_and_attrs(n):
    global G
    acc = 0
    for i in range(n):
        acc += G
        if i % 9 == 0:
            acc += Box(i).w
        if i == n // 3:
            G = 10 ** 20
        if i == 2 * n // 3:
            G = -1
    return acc


G = 7


def lists_and_items(n):
    data = [1, 2, 3, 4, 5]
    acc = 0
    for i in range(n):
        acc += data[3]
        if i % 6 == 0:
            acc += data[i % 4]
        if i % 250 == 249:
            data = [i] * (4 + i % 3)
        if i % 31 == 0:
            try:
                acc += data[4]
            except IndexError as e:
                acc -= 1
                print(type(e).__name__, e)
    return acc, len(data)


for n in (50, 1000, 3000):
    print(types_change_on_a_branch(n))
    print(objects_change_class(n))
    print(bounds_change(n))
    print(boxed_counters(n))
    G = 7
    print(globals_and_attrs(n))
    print(lists_and_items(n))

# Slice assignment from slices in hot loops (the optimizer stages a slice that feeds a slice
# assignment instead of building it): every strategy, steps, negative bounds, the slice kept
# and used after the assignment, errors, exits between the slice and the assignment.
import sys


def fannkuch(n):
    count = list(range(1, n + 1))
    max_flips = 0
    checksum = 0
    m = n - 1
    r = n
    perm1 = list(range(n))
    perm = list(range(n))
    sign = 1
    while 1:
        while r != 1:
            count[r - 1] = r
            r -= 1
        if perm1[0] != 0 and perm1[m] != m:
            perm = perm1[:]
            flips = 0
            k = perm[0]
            while k:
                perm[:k + 1] = perm[k::-1]
                flips += 1
                k = perm[0]
            max_flips = max(max_flips, flips)
            checksum += sign * flips
        sign = -sign
        while r != n:
            perm1.insert(r, perm1.pop(0))
            count[r] -= 1
            if count[r] > 0:
                break
            r += 1
        else:
            return max_flips, checksum


for n in range(3, 8):
    print("fannkuch", n, fannkuch(n))


def reverse_prefixes(items, rounds):
    out = []
    a = list(items)
    for i in range(rounds):
        k = i % (len(a) + 2) - 1
        a[:k + 1] = a[k::-1]
        out.append(tuple(a))
    return out[-3:], a


for items in ([1, 2, 3, 4, 5, 6], [1.5, 2.5, -0.0, 4.25, 5.0], ["a", None, 3, (4,), "e"], [], [7]):
    print("prefixes", reverse_prefixes(items, 300))


def steps(rounds):
    # Every kind of source slice into every kind of target slice, same strategy.
    results = []
    for i in range(rounds):
        a = list(range(10))
        b = list(range(100, 110))
        j = i % 7
        a[j:j + 3] = b[j + 3:j:-1]            # grow/shrink by step -1 source
        a[::3] = a[-1:-len(a[::3]) - 1:-1]    # extended target, negative bounds
        a[1:4] = a[4:1:-1]                   # same list, overlapping
        a[-3:] = b[:j]                       # tail replaced by a prefix of another list
        a[j:] = a[:j]                        # suffix from the list's own prefix
        results.append(a)
    return results[-7:]


for row in steps(400):
    print("steps", row)


def kept(rounds):
    # The slice is stored in a local and used after the assignment changed its source.
    out = []
    a = [3, 1, 4, 1, 5, 9, 2, 6]
    for i in range(rounds):
        t = a[i % 5::-1]
        a[:len(t)] = t
        t.append(i)
        out.append((t[0], len(t), a[0]))
        a[0] += 1
    return out[-4:], a


print("kept", kept(500))


def errors(rounds):
    out = []
    a = list(range(12))
    for i in range(rounds):
        try:
            a[::2] = a[i % 9::-1]
            out.append("ok")
        except ValueError as e:
            out.append(str(e))
        try:
            a[1:5:0] = a[::-1]
        except ValueError as e:
            out.append(str(e))
    return out[-6:], a


print("errors", errors(300))


def mixed_strategies(rounds):
    out = []
    for i in range(rounds):
        ints = [1, 2, 3, 4, 5]
        floats = [0.5, 1.5, 2.5]
        objs = ["x", "y", 7]
        k = i % 3
        ints[:k + 1] = floats[k::-1]       # int list takes floats: generic path
        floats[1:2] = objs[::-1]           # float list takes objects
        objs[:1] = ints[k:k]               # empty slice deletes
        empty = []
        empty[:] = objs[::2]               # empty list takes a slice
        out.append((ints, floats, objs, empty))
    return out[-3:]


for row in mixed_strategies(300):
    print("mixed", row)


def overflow_exit(values):
    # The bound computation after the slice overflows machine ints: the exit between the slice
    # and the assignment must rebuild the slice.
    out = []
    a = list(range(8))
    for k in values:
        try:
            a[:k + 1] = a[3::-1]
        except TypeError as e:
            out.append(str(e))
        del a[8:]
        out.append(a[:])
    return out[-4:]


print("overflow", overflow_exit([1] * 300 + [sys.maxsize, 2, 3]))


def mutate_between(rounds):
    # A store into the source list between the slice and the assignment.
    a = list(range(6))
    b = list(range(10, 16))
    log = []
    for i in range(rounds):
        j = i % 4

        def index():
            b[0] = i
            return j

        a[index():j + 2] = b[::-1]
        log.append(a[j:j + 6] == b[::-1])
        del a[6:]
    return log.count(True), a


print("mutate", mutate_between(300))


def staged_then_call(rounds):
    # A call after the assignment, then the slice is used.
    a = [4, 3, 2, 1]
    acc = []
    for i in range(rounds):
        s = a[::-1]
        a[:] = s
        acc.append(len(s))
        acc.append(sum(s))
        s.reverse()
        acc.append(s == a[::-1])
    return acc[-6:], a


print("call", staged_then_call(301))


def slice_into_itself(rounds):
    # The slice is both the target and the value of the assignment.
    a = [1, 2, 3, 4, 5]
    out = []
    for i in range(rounds):
        t = a[i % 4::-1]
        t[1:] = t
        out.append(t)
    return out[-4:]


print("itself", slice_into_itself(300))


def insert_pop(rounds):
    out = []
    a = [0, 1, 2, 3]
    f = [0.5, 1.5]
    o = ["a", "b", "c"]
    for i in range(rounds):
        a.insert(i % 7 - 3, a.pop(i % 3 - 1))
        f.insert(-100, f.pop())
        f.insert(100, f.pop(0))
        o.insert(i % 5, o.pop(-(i % 3) - 1))
    out.append((a, f, o))
    for lst, idx in (([], 0), ([1], 1), ([1], -2), ([1.0, 2.0], 5)):
        try:
            lst.pop(idx)
        except IndexError as e:
            out.append(str(e))
    return out


print("insert_pop", insert_pop(400))

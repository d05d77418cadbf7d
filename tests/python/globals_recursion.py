# The recursion limit (quasi-immutable for the JIT) while compiled code recurses: the depth at
# which RecursionError is raised, from loops at several depths, after sys.setrecursionlimit
# lowers and raises the limit, and with calls inlined into a hot loop.
import sys


def depth(n):
    try:
        return depth(n + 1)
    except RecursionError:
        return n


def nested(k):
    if k == 0:
        return depth(0)
    return nested(k - 1)


def many(n, k):
    results = set()
    for i in range(n):
        results.add(nested(k))
    return sorted(results)


print(many(3, 0), many(3, 5), many(3, 40))
sys.setrecursionlimit(200)
print(many(3, 0), many(3, 50))
sys.setrecursionlimit(1000)
print(many(3, 0))


def chain(k):
    if k == 0:
        return 0
    return 1 + chain(k - 1)


def hot(n, k):
    t = 0
    for i in range(n):
        t += chain(k)
    return t


print(hot(2000, 3))


def limit_for(n, k, limit):
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(limit)
    try:
        return hot(n, k)
    except RecursionError as e:
        return type(e).__name__
    finally:
        sys.setrecursionlimit(old)


# Chains that fit and chains that do not, under limits close to the depth of the chain.
for limit in (40, 30, 25, 20, 60):
    print(limit, [limit_for(300, k, limit) for k in (3, 10, 20, 30)])


def at_depth(k, limit):
    if k > 0:
        return at_depth(k - 1, limit)
    return limit_for(500, 6, limit)


print([at_depth(k, 60) for k in range(35, 53)])
print(sys.getrecursionlimit())

# Recursion deeper than the JIT unrolls (max_unroll_recursion): compiled code calls compiled
# functions through the portal runner. Covers results and exceptions returned from those calls,
# guards failing inside the callee, the callee's code invalidated mid-recursion (a class attribute
# it read changes), and generators delegating with `yield from` through many levels.


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def walk(n, acc):
    if n == 0:
        return acc
    if n % 7 == 3:
        return walk(n - 1, acc + 0.5)
    if n % 11 == 5:
        return walk(n - 1, str(acc))[:12] if isinstance(acc, str) else walk(n - 1, acc * 1)
    return walk(n - 1, acc + n)


class Limit(Exception):
    pass


def dive(n, limit):
    if n >= limit:
        raise Limit(f"depth {n}")
    try:
        return dive(n + 1, limit) + 1
    except Limit as e:
        if n % 3 == 0:
            raise Limit(f"{e} via {n}") from None
        return -n


class Config:
    step = 1


def count(n):
    if n == 0:
        return 0
    if n == 25:
        Config.step = Config.step + 1
    return count(n - 1) + Config.step


class Tree:
    def __init__(self, left, value, right):
        self.left = left
        self.value = value
        self.right = right

    def __iter__(self):
        if self.left:
            yield from self.left
        yield self.value
        if self.right:
            yield from self.right


def tree(lo, hi):
    if lo >= hi:
        return None
    mid = (lo + hi) // 2
    return Tree(tree(lo, mid), mid, tree(mid + 1, hi))


print([fib(n) for n in range(20)])
for rounds in range(3):
    print(fib(22))
total = 0
for i in range(400):
    total += walk(i % 45, 0)
print(total)
print(repr(walk(44, 0)), repr(walk(40, 1.5)))
for limit in (5, 12, 30, 31, 32):
    for start in (0, 1, 2):
        try:
            print(limit, start, dive(start, limit))
        except Limit as e:
            print(limit, start, type(e).__name__, e)
for rounds in range(6):
    Config.step = 1
    print(count(60), Config.step)
t = tree(0, 3000)
for rounds in range(4):
    s = 0
    n = 0
    for v in t:
        s += v
        n += 1
    print(n, s)
print(list(tree(0, 20)))

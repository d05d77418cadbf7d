# Recursion deeper than max_unroll_recursion once the callee has a function trace: traces call
# its compiled code directly (call_assembler). Results of every kind, exits inside the callee at
# changing depths, exceptions raised deep down and caught at various levels, a class attribute
# changed between calls (invalidating the callee's code), and recursive generators.


class Node:
    def __init__(self, left, value, right):
        self.left = left
        self.value = value
        self.right = right


def build(lo, hi):
    if lo >= hi:
        return None
    mid = (lo + hi) // 2
    return Node(build(lo, mid), mid, build(mid + 1, hi))


def total(node):
    if node is None:
        return 0
    return total(node.left) + node.value + total(node.right)


def depth(node):
    if node is None:
        return 0
    return 1 + max(depth(node.left), depth(node.right))


def walk(n, acc):
    if n == 0:
        return acc
    if isinstance(acc, str):
        return walk(n - 1, acc + "x")
    if n % 7 == 3:
        return walk(n - 1, acc + 0.5)
    if n % 23 == 5:
        return walk(n - 1, str(acc) if isinstance(acc, int) else acc)
    return walk(n - 1, acc + n)


class Bad(Exception):
    pass


def fail_at(n, at):
    if n == at:
        raise Bad("at %d" % n)
    if n > 1000:
        return n
    try:
        return fail_at(n + 1, at) + 1
    except ZeroDivisionError:
        return -1


def catch_at(n, at, level):
    if n == level:
        try:
            return fail_at(n, at)
        except Bad as e:
            return "caught %s at %d" % (e, n)
    return catch_at(n + 1, at, level)


class Scale:
    factor = 2


def scaled(n):
    if n == 0:
        return Scale.factor
    return scaled(n - 1) + Scale.factor


def inorder(node):
    if node is not None:
        yield from inorder(node.left)
        yield node.value
        yield from inorder(node.right)


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


tree = build(0, 300)
results = []
for i in range(400):
    results.append(total(tree) + depth(tree))
    results.append(walk(i % 40, 0))
    if i % 50 == 0:
        results.append(catch_at(0, 25 + i % 20, i % 10))
    if i % 100 == 99:
        Scale.factor += 1
    results.append(scaled(i % 30))
print(len(results))
print(results[:12])
print(results[-12:])
print(sum(r for r in results if isinstance(r, int)))
print(sum(r for r in results if isinstance(r, float)))
print([r for r in results if isinstance(r, str)][:8])
print(sum(inorder(tree)), list(inorder(build(0, 20))))
print(fib(24))
for at in (3, 12, 30):
    try:
        print(fail_at(0, at))
    except Bad as e:
        print(type(e).__name__, e)
print(fail_at(995, -5))

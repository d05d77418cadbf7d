# Sets of ints and strs (keys equal by value but distinct objects), mixed numeric keys,
# set comparisons and min/max of sets; recursive functions and recursive generators
# (`yield from` a tree) deep enough to reach the tracer's recursion limit.

def show(label, value):
    print(label, sorted(value) if isinstance(value, (set, frozenset)) else value)

big = 10 ** 20
a = frozenset(range(50))
b = frozenset([int(str(i)) for i in range(0, 50, 7)])
show("sub", b <= a)
show("lt", b < a)
show("ge", a >= b)
show("eq", frozenset(range(3)) == {0, 1, 2})
show("ne", frozenset(range(3)) != {0, 1, 3})
show("minus", a - b)
show("and", a & b)
show("or", b | {big, big + 1})
show("xor", b ^ frozenset([0, 1, 2]))
show("min", min(a - b))
show("max", max(b))
show("min str", min({"pear", "apple", "fig"}))
print("mixed", {1, 1.0, True}, {0, 0.0, False, -0.0}, {big, float(big)})
print("str keys", "".join(x for x in ("a", "b") if x + "" in {"a", "c"}))
s = set()
for i in range(300):
    s.add(i * 3 % 101)
    if i % 5 == 0:
        s.discard(i % 37)
print("built", len(s), sum(s), min(s), max(s))
try:
    min(set())
except ValueError as e:
    print(type(e).__name__, e)


class Key:
    def __init__(self, v):
        self.v = v

    def __hash__(self):
        return self.v % 3

    def __eq__(self, other):
        return isinstance(other, Key) and self.v == other.v

    def __repr__(self):
        return f"Key({self.v})"


ks = {Key(i) for i in range(10)}
print("user keys", Key(4) in ks, Key(11) in ks, len(ks | {Key(3), Key(12)}))


def solve(free, depth, out):
    # A recursive search over frozensets, like meteor_contest's solve.
    if not free:
        out.append(depth)
        return
    low = min(free)
    for step in (1, 2, 3):
        piece = frozenset(range(low, low + step))
        if piece <= free:
            rest = free - piece
            if len(rest & frozenset([low + step])) >= 0:
                solve(rest, depth + 1, out)


for n in (6, 9, 11):
    found = []
    solve(frozenset(range(n)), 0, found)
    print("solve", n, len(found), sum(found), found[:5])


class Tree:
    def __init__(self, left, value, right):
        self.left, self.value, self.right = left, value, right

    def __iter__(self):
        if self.left:
            yield from self.left
        yield self.value
        if self.right:
            yield from self.right


def tree(items):
    if not items:
        return None
    i = len(items) // 2
    return Tree(tree(items[:i]), items[i], tree(items[i + 1:]))


t = tree(range(3000))
total = 0
for rnd in range(4):
    count = 0
    for v in t:
        total += v
        count += 1
    print("tree round", rnd, count, total)
print("tree list", list(tree(range(20))))


def walk(node, depth):
    if node is None:
        return
    yield from walk(node.left, depth + 1)
    yield depth, node.value
    yield from walk(node.right, depth + 1)


print("walk", sum(d for d, _ in walk(t, 0)), max(walk(t, 0)))


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print("fib", [fib(i) for i in range(22)][-3:])
print("order", list(a - b)[:12], list(b ^ frozenset([0, 1, 2, 64, 65])), list({"x": 1}.keys() & {"x"}))

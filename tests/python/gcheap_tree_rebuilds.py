# Trees rebuilt again and again between short-lived objects: the previous tree stays alive while
# the next one is built, so collections find old and young trees interleaved with garbage.
# Every node's value is checked after the collections that ran while it was alive.


class Node:
    def __init__(self, value, left, right):
        self.value = value
        self.left = left
        self.right = right


def build(depth, base):
    if depth == 0:
        return Node(base, None, None)
    left = build(depth - 1, base * 2)
    junk = [[base, depth] for _ in range(3)]
    right = build(depth - 1, base * 2 + 1)
    return Node(base + len(junk), left, right)


def check(node, depth, base):
    if depth == 0:
        return node.value == base and node.left is None and node.right is None
    return (node.value == base + 3
            and check(node.left, depth - 1, base * 2)
            and check(node.right, depth - 1, base * 2 + 1))


def total(node):
    if node is None:
        return 0
    return node.value + total(node.left) + total(node.right)


previous = None
kept = []
sums = []
for i in range(40):
    tree = build(11, i)
    strings = ["s%d" % j for j in range(2000)]
    if previous is not None:
        assert check(previous, 11, i - 1), i
    if i % 10 == 0:
        kept.append(tree)
    sums.append(total(tree) + len(strings))
    previous = tree
print(sums[:3], sums[-3:], sum(sums))
print([check(t, 11, 10 * k) for k, t in enumerate(kept)])
print([total(t) for t in kept])

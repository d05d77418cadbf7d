# Young object graphs large enough that one collection scans them in many work packets (thousands
# of objects each, scanned in the order they were reached): deep and wide trees, long linked
# lists, big lists of small objects and a dict of lists, alive across explicit and automatic
# collections while garbage is allocated between them, then checked item by item.
import gc
import weakref


class Node:
    def __init__(self, left, right, value):
        self.left = left
        self.right = right
        self.value = value


def tree(depth, start):
    if depth == 0:
        return Node(None, None, start)
    left = tree(depth - 1, start * 2)
    right = tree(depth - 1, start * 2 + 1)
    return Node(left, right, start)


def checksum(node):
    total, count, stack = 0, 0, [node]
    while stack:
        n = stack.pop()
        total = (total * 31 + n.value) % 1000003
        count += 1
        if n.left is not None:
            stack.append(n.left)
            stack.append(n.right)
    return total, count


def chain(n):
    head = None
    for i in range(n):
        head = (i, head)
    return head


def chain_sum(head):
    total = 0
    while head is not None:
        total += head[0]
        head = head[1]
    return total


def garbage(rounds):
    kept = 0
    for i in range(rounds):
        junk = [[j, str(j)] for j in range(200)]
        kept += len(junk[-1][1])
    return kept


trees = [tree(12, k) for k in range(3)]
expected = [checksum(t) for t in trees]
linked = chain(30000)
small = [Node(None, None, i) for i in range(20000)]
table = {i: [i, -i, str(i)] for i in range(5000)}
probe = weakref.ref(trees[1].left.right)

for step in range(4):
    print("garbage", step, garbage(300))
    if step % 2:
        gc.collect()
    print("trees", [checksum(t) == e for t, e in zip(trees, expected)], expected[step % 3])
    print("chain", chain_sum(linked))
    print("small", sum(n.value for n in small), small[12345].value)
    print("table", sum(v[0] for v in table.values()), table[4321])
    print("probe alive", probe() is not None)

print("rebuilt", checksum(tree(10, 7)))

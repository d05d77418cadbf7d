# Pending stores to different fields, and reads through references that may or may not be the
# same object, in hot loops: the JIT writes out only the stores that a read may observe.


class Node:
    def __init__(self, a, b):
        self.a = a
        self.b = b
        self.c = 0


def mix(p, q, n):
    out = 0
    for k in range(n):
        p.a = k
        q.b = k * 2
        out += p.b
        p.c = k + 1
        q.a = out % 97
        out += q.a + p.a
        out += p.c
    return out


x = Node(1, 2)
y = Node(3, 4)
print(mix(x, y, 3000), x.a, x.b, x.c, y.a, y.b, y.c)
print(mix(x, x, 3000), x.a, x.b, x.c)
print(mix(y, x, 3000), x.a, x.b, x.c, y.a, y.b, y.c)


def lists(u, v, n):
    s = 0
    for k in range(n):
        u[0] = k
        v[1] = k + 3
        s += u[1] - v[0]
        u[1] = s % 11
    return s, u, v


la = [0, 0]
lb = [0, 0]
print(lists(la, lb, 3000))
print(lists(la, la, 3000))


def floats(p, q, n):
    # Float and int attributes (unboxed cells) written and read through aliases.
    s = 0.0
    for k in range(n):
        p.a = k * 0.5
        q.b = k
        s += p.a + q.b
        q.a = s / 3.0
        s -= p.a
    return s


print(floats(Node(0.0, 0), Node(0.0, 0), 2500))
z = Node(0.0, 0)
print(floats(z, z, 2500), z.a, z.b)

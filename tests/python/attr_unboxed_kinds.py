# Instance attributes holding ints and floats (stored unboxed by ripy) on instances of subclasses
# of builtins, exceptions and __slots__ classes, in traced loops, with __class__ changes and
# attribute deletion inside the loop.


class L(list):
    pass


class E(Exception):
    pass


class S:
    __slots__ = ("a", "b")


class A:
    pass


class B(A):
    pass


def run(n):
    lst = L([1, 2])
    lst.count_ = 0
    lst.f = 0.0
    e = E("boom")
    e.code = 1
    e.ratio = 1.0
    s = S()
    s.a = 0
    s.b = 0.5
    o = A()
    o.v = 1.0
    log = []
    for i in range(n):
        lst.count_ += 1
        lst.f += 0.25
        e.code = e.code * 3 % 1000003
        e.ratio = e.ratio * 1.0001
        s.a += i
        s.b = -s.b if type(s.b) is float else s.b + "!"
        o.v = o.v + 1
        if i % 1000 == 999:
            o.__class__ = B if type(o) is A else A
            log.append((type(o).__name__, o.v))
        if i == 2500:
            del o.v
            o.v = 7
        if i == 2600:
            s.a = 2 ** 80
        if i == 2700:
            s.b = "half"
        if i == 2710:
            s.b = 0.5
    return lst.count_, lst.f, len(lst), e.code, round(e.ratio, 6), str(e), s.a, s.b, o.v, type(o.v).__name__, log


print(run(4000))


class Node:
    def __init__(self, value, nxt):
        self.value = value
        self.next = nxt
        self.weight = value * 0.5


def chain(n):
    head = None
    for i in range(n):
        head = Node(i, head)
    total = 0.0
    count = 0
    node = head
    while node is not None:
        total += node.weight
        count += node.value
        node.weight = 0
        node = node.next
    node = head
    zero_ints = 0
    while node is not None:
        zero_ints += type(node.weight) is int
        node = node.next
    return total, count, zero_ints, sorted(k for k in vars(head)), head.weight, head.next.value


print(chain(3000))

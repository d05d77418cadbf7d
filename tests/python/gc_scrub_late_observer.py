# Objects made (and passed through calls) before the program's first weak reference or `__del__`
# class: a weak reference made later must still see them die at `gc.collect()`, and `__del__`
# must run, though calls before that point did not scrub the native stack.
import gc


class Node:
    def __init__(self, value):
        self.value = value
        self.items = [value] * 3


def build(n):
    return [Node(i) for i in range(n)]


def touch(node):
    return node.value + len(node.items)


def work():
    nodes = build(50)
    total = sum(touch(n) for n in nodes)
    return nodes, total


nodes, total = work()
print(total)
import weakref

refs = [weakref.ref(n) for n in nodes[:5]]
print([r() is not None for r in refs])
del nodes
gc.collect()
print([r() is None for r in refs])


class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)


def make():
    a = Noisy("a")
    b = Noisy("b")
    return touch_both(a, b)


def touch_both(a, b):
    return a.name + b.name


result = make()
gc.collect()
print(result, "collected")

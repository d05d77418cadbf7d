# bytes()/bytearray() from iterables: errors of items and iterables, lists changed while read.
import sys


class BadInt:
    def __index__(self):
        1 / 0


class BadIterable:
    def __iter__(self):
        1 / 0


class Index:
    def __init__(self, n):
        self.n = n

    def __index__(self):
        return self.n


for kind in (bytes, bytearray):
    for arg in (BadInt(), [BadInt()], BadIterable(), [-1], [-sys.maxsize - 2], [10**100], [256],
                [sys.maxsize + 1], [Index(10**30)], [Index(-5)], 3.5, [1.0], object(), iter([300])):
        try:
            print(kind.__name__, kind(arg))
        except Exception as e:
            print(kind.__name__, type(e).__name__, e)
    print(kind([Index(1), Index(255), True]), kind(iter([1, 2])), kind((x for x in range(3))))

    class X:
        def __index__(self):
            a.clear()
            return 42

    a = [X(), X()]
    print(kind(a))

    class Y:
        def __index__(self):
            if len(a) < 50:
                a.append(self)
            return 42

    a = [Y()]
    print(len(kind(a)))

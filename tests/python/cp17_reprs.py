# Builtin __repr__ of set/frozenset/bytearray on subclass instances names the subclass; the
# reprs of recursive deques and defaultdicts.
from collections import deque, defaultdict


class S(set):
    pass


class S3(set):
    def __repr__(self):
        return set.__repr__(self)


class F(frozenset):
    def __repr__(self):
        return "F:" + frozenset.__repr__(self)


class B(bytearray):
    def __repr__(self):
        return bytearray.__repr__(self)


print(repr(S([1])), repr(S3([1, 2])), repr(S3()), repr(F([3])), repr(F()))
print(set.__repr__(S([5])), frozenset.__repr__(frozenset([6])), repr(B(b"ab")))
s = S3([1])
print(repr([s]))

d = deque([1])
d.append(d)
print(repr(d))
d2 = deque([d], maxlen=3)
print(repr(d2))


class Sub(defaultdict):
    def __init__(self):
        self.default_factory = self._factory

    def _factory(self):
        return []


print(repr(Sub()).replace(Sub.__qualname__, "Sub"))
print(repr(defaultdict(list, {1: 2})), repr(defaultdict(None)))

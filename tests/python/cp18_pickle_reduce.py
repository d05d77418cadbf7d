# Pickling: bound methods (Python and builtin) by getattr, Ellipsis/NotImplemented by name,
# set subclasses with their items, and the interpreter's own objects refused.
import pickle, re, sys


class Subclass(tuple):
    class Nested(str):
        pass


class P:
    @staticmethod
    def cheese():
        return 1

    @classmethod
    def wine(cls):
        return 2

    def biscuits(self):
        return 3


class MySet(set):
    pass


def clean(text):
    return re.sub(r" at 0x[0-9a-f]+", "", text)


methods = [("abcd".index, ("c",)), (str.index, ("abcd", "c")), ([1, 2, 3].__len__, ()),
           ({1, 2}.__contains__, (2,)), (dict.fromkeys, (("a", 1), ("b", 2))),
           (bytearray.maketrans, (b"abc", b"xyz")), (Subclass([1, 2, 2]).count, (2,)),
           (Subclass.Nested("sweet").count, ("e",)), (P.wine, ()), (P().biscuits, ()), (P.cheese, ()),
           (P.biscuits, (P(),))]
for proto in range(pickle.HIGHEST_PROTOCOL + 1):
    for method, args in methods:
        try:
            print(proto, pickle.loads(pickle.dumps(method, proto))(*args) == method(*args))
        except Exception as e:
            print(proto, type(e).__name__, clean(str(e)))

def gen():
    yield 1

s = MySet({1, 2})
s.tag = "t"
values = [..., NotImplemented, type(...), type(NotImplemented), s, frozenset({3}), {4, 5}]
refused = [P.__dict__["cheese"], P.__dict__["wine"], property(len), sys, gen(), memoryview(b"a"),
           (lambda: 0).__code__, sys._getframe(), {1: 2}.keys(), {1: 2}.items(), super(P)]
for proto in (0, 2, 4):
    for v in values:
        r = pickle.loads(pickle.dumps(v, proto))
        print(proto, type(r).__name__, r if not isinstance(r, set) else sorted(r), getattr(r, "tag", None))
    for v in refused:
        try:
            pickle.dumps(v, proto)
            print(proto, "pickled", type(v).__name__)
        except TypeError as e:
            print(proto, "TypeError", e)
print(P().biscuits.__reduce__()[0] is getattr, (...).__reduce__(), NotImplemented.__reduce__())
print("abcd".index.__reduce__(), MySet({7}).__reduce__()[:2], frozenset().__reduce__())
for v in [5, 2.5, "s", b"b", (1,), None]:
    r = v.__reduce_ex__(2)
    print(type(v).__name__, r[0].__name__, r[1], r[2])

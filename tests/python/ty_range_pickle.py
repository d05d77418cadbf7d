# Ranges and the builtin iterators: membership, count/index, long ranges, reversed at the
# i64 limits, and pickling of ranges, slices and iterators (with __setstate__/__length_hint__).
import pickle
import sys
import operator

M = sys.maxsize


class AlwaysEq:
    def __eq__(self, other):
        return True


class IntEq(int):
    def __eq__(self, other):
        return True


class Idx:
    def __index__(self):
        return 1


def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


show("count always", lambda: range(10).count(AlwaysEq()))
show("count 3", lambda: range(10).count(3))
show("count 3.0", lambda: range(10).count(3.0))
show("index 3.0", lambda: range(10).index(3.0))
show("index big", lambda: range(10).index(2**70))
show("index 11", lambda: range(10).index(11))
show("index str", lambda: range(10).index("a"))
show("in IntEq", lambda: IntEq(11) in range(10))
show("in Idx", lambda: Idx() in range(3))
show("in 1.0", lambda: 1.0 in range(3))
show("in big", lambda: 2**80 in range(10))
show("in neg", lambda: -M in range(-M, M))
show("long len", lambda: len(range(-M, M)))
show("long bool", lambda: bool(range(-M, M)))
show("long item", lambda: range(-M, M)[M + 1])
show("long slice", lambda: range(-M, M)[M + 1 : M + 3][0])
show("min step", lambda: list(range(-1, -M - 1, -M - 1)))
show("rev min step", lambda: list(reversed(range(-2**32 - 2, -M - 1, -M - 1))))
show("rev near max", lambda: list(reversed(range(M - 3, M, 2))))
show("rev near min", lambda: list(reversed(range(-M - 1, -M + 3, 2))))
show("slice big step", lambda: range(0, 10, 2**62)[::4])
show("slice overflow", lambda: range(0, 100)[2**70 : -2**70 : -1])
show("list big slice", lambda: [1, 2, 3][-2**70 : 2**70])
show("list big step", lambda: [1, 2, 3][:: -2**70])
show("tuple big slice", lambda: (1, 2, 3)[1 : 2**100])
show("str big slice", lambda: "abcdef"[-2**65 :: 2**65])
show("iterator type", lambda: type(iter(range(1 << 1000))).__name__)
show("construct iter", lambda: type(iter(range(1 << 1000)))(1, 3, 1))
show("reduce", lambda: iter(range(3, 10, 2)).__reduce__()[1:])
show("range reduce", lambda: range(3, 10, 2).__reduce__())
show("slice reduce", lambda: slice(1, None, "x").__reduce__())

it = iter(range(2**32 + 2))
it.__setstate__(2**32 + 1)
show("setstate reduce", lambda: it.__reduce__()[2])
show("setstate next", lambda: next(it))
it = iter(range(10, 20, 3))
it.__setstate__(2)
show("setstate list", lambda: list(it))
it = reversed(range(10, 20, 3))
it.__setstate__(3)
show("setstate rev", lambda: list(it))
it = iter(range(-2**65, 20, 3))
it.__setstate__(2**64 + 7)
show("setstate long", lambda: list(it))
it = iter(range(5))
it.__setstate__(-3)
show("setstate neg", lambda: list(it))

cases = [(13,), (0, 11), (20, 3, -1), (M - 3, M - 1), (4 * M, 4 * M + 2), (1, M - 1, M - 1),
         (-1, -M, -M), (2**65, 2**65 + 3)]
for proto in range(pickle.HIGHEST_PROTOCOL + 1):
    for t in cases:
        r = range(*t)
        it = iter(r)
        print(proto, t, pickle.loads(pickle.dumps(r, proto)) == r, list(pickle.loads(pickle.dumps(it, proto))))
        next(it, None)
        copy = pickle.loads(pickle.dumps(it, proto))
        print("  running", type(copy) is type(it), list(copy), operator.length_hint(it))
        list(it)
        print("  exhausted", list(pickle.loads(pickle.dumps(it, proto))))

for seq in ([4, 5, 6], (4, 5, 6), "456"):
    for make in (iter, reversed):
        it = make(seq)
        print(operator.length_hint(it), end=" ")
        next(it)
        print(operator.length_hint(it), end=" ")
        copy = pickle.loads(pickle.dumps(it))
        print(type(copy) is type(it), list(copy), end=" ")
        list(it)
        print(operator.length_hint(it), list(pickle.loads(pickle.dumps(it))))

s = pickle.loads(pickle.dumps(slice(1, 2**70, -3)))
print(s, s.indices(10))
it = iter({1: 2, 3: 4})
next(it)
print(operator.length_hint(it), list(pickle.loads(pickle.dumps(it))))
print(pickle.loads(pickle.dumps(len))(pickle.loads(pickle.dumps([1, 2]))))
print(pickle.loads(pickle.dumps([5].count))(5))
print(len.__qualname__, len.__module__, [].append.__qualname__, [].append.__module__)
show("misc", lambda: list.__iter__([]).__reduce__.__name__)
print(slice(None, None, -2**70).indices(5), slice(-2**80, 2**80, 3).indices(2**100))
show("indices neg", lambda: slice(1).indices(-1))
show("indices str", lambda: slice("a").indices(3))
print(list.__hash__, dict.__hash__, set.__hash__, bytearray.__hash__, slice.__hash__)
for value in ([], {}, set(), bytearray(), slice(1)):
    show("hash", lambda: hash(value))

# Lists and tuples: comparison while an item's __eq__ changes the lists, repetition identity,
# keyword arguments of subclasses with their own __init__/__new__, list.__iadd__/__imul__,
# __itemsize__, gc.is_tracked.
import gc


def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


class X:
    def __eq__(self, other):
        list2.clear()
        return NotImplemented


class Y:
    def __eq__(self, other):
        list1.clear()
        return NotImplemented


class Z:
    def __eq__(self, other):
        list3.clear()
        return NotImplemented


list1 = [X()]
list2 = [Y()]
print("eq after clearing", list1 == list2, list1, list2)
list3 = [Z()]
list4 = [1]
print("eq after clearing one", list3 == list4)
list3 = [Z(), 5]
list4 = [1, 2]
print("lt after clearing", list3 < list4, list3 > list4)
print([1, 2, 3] < [1, 2, 4], [1, 2] < [1, 2, 0], [1, [2]] == [1, [2]], [] == [], [3] >= [3])

for s in [(), (1,), (1, 2), "ab", "", b"xy"]:
    print(repr(s), s * 1 is s, s * 2, s * 0, s * -1)
lst = [1, 2]
print(lst * 1 is lst, lst * 1 == lst)


class T(tuple):
    pass


t = T((1, 2))
print(type(t * 1).__name__, t * 1, type(t * 2).__name__)
show("tuple sub keyword", lambda: T(sequence=()))


class TI(tuple):
    def __init__(self, arg, newarg=None):
        self.newarg = newarg


u = TI([1, 2], newarg=3)
print(type(u).__name__, list(u), u.newarg)


class TN(tuple):
    def __new__(cls, arg, newarg=None):
        self = super().__new__(cls, arg)
        self.newarg = newarg
        return self


u = TN([1, 2], newarg=3)
print(type(u).__name__, list(u), u.newarg)


class L(list):
    pass


show("list sub keyword", lambda: L(sequence=()))


class LI(list):
    def __init__(self, seq, newarg=None):
        super().__init__(seq)
        self.newarg = newarg


u = LI([1, 2], newarg=3)
print(type(u).__name__, list(u), u.newarg)


class LN(list):
    def __new__(cls, seq, newarg=None):
        self = super().__new__(cls, seq)
        self.newarg = newarg
        return self


u = LN([1, 2], newarg=3)
print(type(u).__name__, list(u), u.newarg)
show("list.__init__ keyword", lambda: list.__init__([], [1], newarg=3))
show("list.__init__ LN keyword", lambda: list.__init__(u, [7], newarg=3) or u)


class FN(frozenset):
    def __init__(self, arg, newarg=None):
        self.newarg = newarg


print(sorted(FN([3, 1], newarg=2)), FN([1]).newarg)


class SN(set):
    def __new__(cls, arg, newarg=None):
        self = super().__new__(cls, arg)
        self.newarg = newarg
        return self


show("set sub __new__ keyword", lambda: SN([1, 2], newarg=5))

u = [0, 1]
u2 = u
u += [2, 3]
print(u is u2, u)
print(u.__iadd__((4,)) is u, u)
show("iadd None", lambda: u.__iadd__(None))
print(u.__imul__(2) is u, u)
show("imul str", lambda: u.__imul__("x"))
lu = L([1])
print(lu.__iadd__([2]) is lu, lu, type(lu).__name__)
print(tuple.__itemsize__, list.__itemsize__, int.__itemsize__, bytes.__itemsize__, T.__itemsize__, object.__itemsize__)

class A:
    pass


print(gc.is_tracked(1), gc.is_tracked("a"), gc.is_tracked(None), gc.is_tracked([]), gc.is_tracked(A()))
print(gc.is_tracked({}), gc.is_tracked({"a": 1}), gc.is_tracked({"a": A()}), gc.is_tracked({"a": []}))
for d in ({}, {"a": 1}, {A(): "val"}):
    print(gc.is_tracked(d) == gc.is_tracked(d.copy()))
show("is_tracked no args", lambda: gc.is_tracked())

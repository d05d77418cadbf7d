# bytes/bytearray/str dunders and reductions that pickling and copying use.
import copy
import pickle


class BA(bytearray):
    pass


class BAS(bytearray):
    __slots__ = ("x", "__dict__")


b = BA(b"abcd")
b.tag = 1
print(b.__reduce_ex__(2))
print(b.__reduce_ex__(4))
print(bytearray(b"ab").__reduce__(), bytearray().__reduce_ex__(3))
print(copy.copy(b), copy.deepcopy(b).tag, type(copy.copy(b)).__name__)
s = BAS(b"xy")
s.x = 5
print(copy.copy(s), copy.copy(s).x)
for proto in range(pickle.HIGHEST_PROTOCOL + 1):
    for value in (b"ab", bytearray(b"ab"), b, bytearray()):
        back = pickle.loads(pickle.dumps(value, proto))
        print(proto, type(back).__name__, back, getattr(back, "tag", None))
print("abc".__getnewargs__(), b"x".__getnewargs__(), b"x\x00y".__bytes__())


class BS(bytes):
    pass


print(type(BS(b"q").__bytes__()).__name__, BS(b"q").__getnewargs__())
print("%s!".__rmod__(5), "x".__rmod__("%s!"), b"x".__rmod__(b"%s!"))
print(bytearray(b"%s") % b"q", bytearray(b"x").__rmod__("%s"), b"x".__rmod__(1))
print(bytearray(b"<%s>").__mod__(b"z"), bytearray(b"z").__rmod__(bytearray(b"[%s]")))
for bad in (lambda: object() % bytearray(b"abc"), lambda: 3 % "x", lambda: "a".__mul__(""),
            lambda: [1].__mul__(1.5), lambda: (1,).__rmul__("x"), lambda: b"a".__mul__(None)):
    try:
        print(bad())
    except TypeError as e:
        print("TypeError", e)
print("ab".__mul__(3), [1].__rmul__(2), b"x".__mul__(True))
print(bytearray(b"").__alloc__() >= 0, bytearray(b"abc").__alloc__() > 3)

# Pickling and copying instances of subclasses of builtin types that have member descriptors of
# their own (complex.real/imag, exceptions, slice...), with instance attributes and __slots__.
import copy
import pickle


class MyComplex(complex):
    pass


class MyFloat(float):
    pass


class MySlotted(complex):
    __slots__ = ("tag",)


for proto in range(pickle.HIGHEST_PROTOCOL + 1):
    x = MyComplex(1.0 + 2.0j)
    x.foo = 42
    y = pickle.loads(pickle.dumps(x, proto))
    print(proto, type(y).__name__, y, y.real, y.imag, y.__dict__)
    f = MyFloat(2.5)
    f.bar = "b"
    g = pickle.loads(pickle.dumps(f, proto))
    print(proto, type(g).__name__, g, g.__dict__)
    if proto >= 2:
        s = MySlotted(3j)
        s.tag = "t"
        t = pickle.loads(pickle.dumps(s, proto))
        print(proto, type(t).__name__, t, t.tag)

z = copy.copy(MyComplex(5 + 0j))
print(type(z).__name__, z, z.__reduce_ex__(2)[2])
w = copy.deepcopy(MyComplex(-1j))
print(type(w).__name__, w)

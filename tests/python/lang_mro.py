# C3 linearization: diamonds, complex hierarchies, errors, mro(), __bases__, issubclass
class O: pass
class A(O): pass
class B(O): pass
class C(O): pass
class D(O): pass
class E(O): pass
class K1(A, B, C): pass
class K2(D, B, E): pass
class K3(D, A): pass
class Z(K1, K2, K3): pass
for cls in (K1, K2, K3, Z):
    print(cls.__name__, [c.__name__ for c in cls.__mro__])
print([c.__name__ for c in Z.mro()])
print([b.__name__ for b in Z.__bases__], Z.__base__.__name__, O.__bases__)

class Left: 
    def hello(self): return "left"
class Right:
    def hello(self): return "right"
class Both(Left, Right): pass
class Other(Right, Left): pass
print(Both().hello(), Other().hello())
try:
    class Bad(Both, Other): pass
except TypeError as e:
    print(type(e).__name__, e)

class X: pass
class Y(X): pass
try:
    class Bad2(X, Y): pass
except TypeError as e:
    print(type(e).__name__, e)

print(issubclass(Z, O), issubclass(Z, (int, A)), issubclass(O, Z), issubclass(bool, int))
try:
    issubclass(1, int)
except TypeError as e:
    print(type(e).__name__, e)
try:
    issubclass(int, 1)
except TypeError as e:
    print(type(e).__name__, e)
print(isinstance(Z(), K3), isinstance(Z(), (int, str)), isinstance(3, (str, (float, int))))

# method resolution picks the first in the MRO
class Base:
    def f(self): return "Base.f"
class M1(Base):
    def f(self): return "M1.f>" + super().f()
class M2(Base):
    def f(self): return "M2.f>" + super().f()
class Last(M1, M2): pass
print(Last().f())

# changing a base class attribute is seen through the MRO
Base.g = lambda self: "added later"
print(Last().g())
del Base.g
try:
    Last().g()
except AttributeError as e:
    print(type(e).__name__, e)

# __subclasses__
print([c.__name__ for c in Base.__subclasses__()], [c.__name__ for c in O.__subclasses__()])

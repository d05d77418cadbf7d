# class creation errors: metaclass conflicts, MRO conflicts, bad bases, __prepare__ results
class M1(type):
    pass
class M2(type):
    pass
class A(metaclass=M1):
    pass
class B(metaclass=M2):
    pass

try:
    class C(A, B):
        pass
except TypeError as e:
    print(type(e).__name__, e)

# a metaclass derived from both resolves the conflict
class M3(M1, M2):
    pass
class D(A, B, metaclass=M3):
    pass
print(type(D).__name__, [c.__name__ for c in D.__mro__])

# metaclass of a derived class is the most derived of the bases'
class E(A):
    pass
print(type(E).__name__)

# explicit metaclass less derived than a base's metaclass is upgraded
class F(A, metaclass=type):
    pass
print(type(F).__name__)

# MRO conflicts
class X:
    pass
class Y(X):
    pass
try:
    class Z(X, Y):
        pass
except TypeError as e:
    print(type(e).__name__, e)

class P1: pass
class P2: pass
class Q1(P1, P2): pass
class Q2(P2, P1): pass
try:
    class R(Q1, Q2):
        pass
except TypeError as e:
    print(type(e).__name__, e)

try:
    class Dup(X, X):
        pass
except TypeError as e:
    print(type(e).__name__, e)

try:
    class FromInt(3):
        pass
except TypeError as e:
    print(type(e).__name__, e)

try:
    class FromBool(bool):
        pass
except TypeError as e:
    print(type(e).__name__, e)

try:
    type("T", (1,), {})
except TypeError as e:
    print(type(e).__name__, e)
try:
    type("T", 1, {})
except TypeError as e:
    print(type(e).__name__, e)
try:
    type("T", (), [])
except TypeError as e:
    print(type(e).__name__, e)
try:
    type(1, (), {})
except TypeError as e:
    print(type(e).__name__, e)
try:
    type("a", "b")
except TypeError as e:
    print(type(e).__name__, e)

class BadPrepare(type):
    @classmethod
    def __prepare__(mcs, name, bases):
        return 5
try:
    class W(metaclass=BadPrepare):
        pass
except TypeError as e:
    print(type(e).__name__, e)

# keyword arguments to a class without __init_subclass__
try:
    class K(X, flag=True):
        pass
except TypeError as e:
    print(type(e).__name__, e)

# __init__ of a class returning a value
class BadInit:
    def __init__(self):
        return 5
try:
    BadInit()
except TypeError as e:
    print(type(e).__name__, e)

# instantiating with arguments but no __init__
class NoInit:
    pass
try:
    NoInit(1, 2)
except TypeError as e:
    print(type(e).__name__, e)

# __new__ returning an instance of another class skips __init__
class Other:
    pass
class Redirect:
    def __new__(cls, *args):
        print("Redirect.__new__", args)
        return Other()
    def __init__(self, *args):
        print("never called")
print(type(Redirect(1, 2)).__name__)

# __new__ returning an instance of a subclass runs __init__
class Parent:
    def __new__(cls, *args):
        if cls is Parent:
            return super().__new__(Child)
        return super().__new__(cls)
    def __init__(self, *args):
        print("init", type(self).__name__, args)
class Child(Parent):
    pass
print(type(Parent(9)).__name__)

# object.__new__ with extra arguments when __init__ is not overridden
class OnlyNew:
    def __new__(cls, value):
        obj = super().__new__(cls)
        obj.value = value
        return obj
print(OnlyNew(4).value)

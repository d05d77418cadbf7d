# Class creation with builtin bases: layout conflicts, __slots__, __init_subclass__, __class__,
# abstract classes, and the object methods copying relies on.
import copyreg

class A(int):
    pass

class B:
    def hello(self):
        return "hello"

class C(B, A):
    pass

c = C(7)
print(c, c.hello(), C.__mro__, C.__base__, isinstance(c, int), c * 2)
for bases in [(int, str), (list, dict), (A, float), (int, Exception)]:
    try:
        type("X", bases, {})
    except TypeError as e:
        print(type(e).__name__, e)

class Base(list):
    registry = []
    def __init_subclass__(cls, tag="none", **kwargs):
        super().__init_subclass__(**kwargs)
        Base.registry.append((cls.__name__, tag))

class Child(Base, tag="child"):
    pass

print(Base.registry, Child([1, 2]), len(Child("abc")))

class NoDict(str):
    __slots__ = ()
try:
    NoDict("x").attr = 1
except AttributeError as e:
    print(type(e).__name__, e)
print(hasattr(NoDict("x"), "__dict__"), hasattr(A(1), "__dict__"))

class Plain:
    pass

class Other:
    def who(self):
        return "other"

p = Plain()
p.keep = 1
p.__class__ = Other
print(type(p).__name__, p.who(), p.keep)
for target in [int, A]:
    try:
        p.__class__ = target
    except TypeError as e:
        print(type(e).__name__, e)
try:
    p.__class__ = 5
except TypeError as e:
    print(type(e).__name__, e)

class A2(int):
    pass
a = A(3)
try:
    a.__class__ = A2
except TypeError as e:
    print(type(e).__name__, e)

class F1(float):
    pass
class F2(float):
    pass
f = F1(1.5)
f.__class__ = F2
print(type(f).__name__, f + 1)

class Abstract:
    def run(self):
        return 1
Abstract.__abstractmethods__ = frozenset({"run", "stop"})
try:
    Abstract()
except TypeError as e:
    print(type(e).__name__, e)
Abstract.__abstractmethods__ = frozenset({"run"})
try:
    Abstract()
except TypeError as e:
    print(type(e).__name__, e)
Abstract.__abstractmethods__ = frozenset()
print(type(Abstract()).__name__)

class L(list):
    pass
ll = L([1, 2])
ll.note = "n"
fn, args, state, items, ditems = ll.__reduce_ex__(2)
print(fn is copyreg.__newobj__, args[0] is L, len(args), state, list(items), ditems)

class D(dict):
    __slots__ = ("s",)
dd = D(a=1)
dd.s = 9
fn, args, state, items, ditems = dd.__reduce_ex__(2)
print(args[0] is D, state, items, list(ditems))
fn, args, state, items, ditems = A(5).__reduce_ex__(3)
print(args, type(args[1]).__name__, state, items, ditems)
rebuilt = copyreg.__newobj__(*args)
print(rebuilt, type(rebuilt).__name__)
print(format(Plain(), "")[:16], end=" ")
try:
    format(Plain(), "x")
except TypeError as e:
    print(type(e).__name__, e)
print(object.__subclasshook__(), B.__subclasshook__())

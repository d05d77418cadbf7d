"""classmethod/staticmethod __dict__ (functools_wraps copy), function attribute deletion, the
__dict__/__weakref__ getset descriptors of class namespaces, __dict__ assignment, weak references
to slotted classes, data descriptors without __get__, metaclass comparisons, subclasses of super,
inspect.signature of classes without __init__, mappingproxy of a __getitem__-only mapping."""
def f(cls, arg):
    "f docstring"
    return (cls, arg)
cm = classmethod(f)
print(sorted(cm.__dict__.items()))
cm.x = 42
print(cm.x, sorted(cm.__dict__))
del cm.x
print(hasattr(cm, "x"))
sm = staticmethod(None)
print(sm.__dict__)
print(cm.__wrapped__ is f, cm.__isabstractmethod__)
class MyCM(classmethod): pass
m = MyCM(f)
print(sorted(m.__dict__), m.__name__)
def g(): pass
g.a = 1
del g.a
print(hasattr(g, 'a'))
try:
    del g.b
except AttributeError as e: print("AE", e)
class C:
    @classmethod
    def k(cls): "doc k"; return cls
print(C.k(), C.__dict__['k'].__doc__, C.__dict__['k'].__name__)
import abc
class A(abc.ABC):
    @classmethod
    @abc.abstractmethod
    def m(cls): pass
print(A.__abstractmethods__)
import weakref
class C:
    def meth(self): pass
print(sorted(C.__dict__))
print(C.__dict__['__dict__'], C.__dict__['__weakref__'])
a = C(); a.x = 5
a.__dict__ = {'b': 1}
print(a.b, a.__dict__, hasattr(a, 'x'))
for bad in (None, [], 1):
    try:
        a.__dict__ = bad
        print('allowed')
    except TypeError as e: print(type(e).__name__, e)
del a.__dict__
print(a.__dict__)
print(a.__weakref__)
r = weakref.ref(a)
print(a.__weakref__ is r)
class D(C): pass
print(sorted(D.__dict__))
class S:
    __slots__ = ('a',)
print(sorted(S.__dict__))
try:
    weakref.ref(S())
except TypeError as e: print(e)
class SW:
    __slots__ = ('a', '__weakref__')
print(sorted(SW.__dict__)); weakref.ref(SW())
class SD(S): pass
print(sorted(SD.__dict__)); weakref.ref(SD())
class L(list): pass
print(sorted(L.__dict__))
l = L(); l.q = 1; print(l.__dict__); l.__dict__ = {'z': 2}; print(l.z)
class I(int): pass
print(sorted(I.__dict__))
try: weakref.ref(I(3))
except TypeError as e: print(e)
class E(Exception): pass
print(sorted(E.__dict__))
class T(type): pass
print(sorted(T.__dict__))
print(vars(C).keys())
print(type(C.__dict__['__dict__']).__name__)
print(C.__dict__['__dict__'].__get__(a, C) is a.__dict__)
import dataclasses
@dataclasses.dataclass(slots=True)
class P:
    x: int
try: weakref.ref(P(1))
except TypeError as e: print(e)
@dataclasses.dataclass(slots=True, weakref_slot=True)
class P2:
    x: int
weakref.ref(P2(1)); print(sorted(P2.__dict__))
class A:
    def meth(self, a): return "A(%r)" % a
class B(A):
    def meth(self, a): return "B(%r)" % a + super(B, self).meth(a)
class mysuper(super):
    def __init__(self, *args):
        return super(mysuper, self).__init__(*args)
class E(B):
    def meth(self, a):
        return "E(%r)" % a + mysuper(E, self).meth(a)
print(E().meth(3))
s = mysuper(E, E())
print(type(s).__name__, s.__thisclass__ is E, isinstance(s, super))
class F(E):
    def meth(self, a):
        s = self.__super
        return "F(%r)[%s]" % (a, s.__class__.__name__) + s.meth(a)
F._F__super = mysuper(F)
print(F().meth(6))
class DDF:
    def __set__(self, obj, v): obj.__dict__['a'] = v
class X:
    a = DDF()
x = X(); print(x.a is X.__dict__['a']); x.a = 42; print(x.a)
class SortableMeta(type):
    def __lt__(self, other): return self.__name__ < other.__name__
class P(metaclass=SortableMeta): pass
class Q(metaclass=SortableMeta): pass
print(P < Q, Q < P, P == P, P != Q)
try: print(int < float)
except TypeError as e: print(e)
import types
class NS:
    def __getitem__(self, k): return 1
print(types.MappingProxyType(NS())['x'])
import inspect
class NoInit: pass
print(inspect.signature(NoInit), inspect.signature(object))
print(object.__text_signature__, int.__text_signature__, NoInit.__text_signature__)
print(hasattr(1, "__module__"), hasattr(None, "__module__"), int.__module__)
try:
    NoInit.__dict__ = {}
except AttributeError as e:
    print("AttributeError", e)
class C: pass
class D(C): pass
for bad in (12, C()):
    try:
        super(D).__get__(bad); print("allowed")
    except TypeError as e: print("TypeError", e)
s = super(D).__get__(D())
print(type(s).__name__, s.__thisclass__ is D)
u = super(D)
print(u.__get__(None, D) is u)

# super() forms and errors, the __class__ cell through metaclasses, custom mro(),
# property names in error messages, property methods, classmethod over property,
# __getstate__/__getnewargs_ex__ in reduction, and bound method reprs.
import copy
import pickle


def show(thunk):
    try:
        print("ok", thunk())
    except Exception as e:
        print(type(e).__name__, e)


class A:
    def f(self):
        return "A.f"


class B(A):
    def f(self):
        return "B.f"


b = B()
s = super(B, b)
print(repr(s).split(" at ")[0], s.f(), s.__thisclass__.__name__, s.__self_class__.__name__, s.__self__ is b)
print(repr(super(B)), super(B).__self__, super(B).__self_class__)
show(lambda: super(B).f)
show(lambda: super(int, int, int))
show(lambda: super(1, int))
show(lambda: super())
show(lambda: super(B, 1))
sp = super(float, 1.0)
super.__init__(sp, B, b)
print(sp.f())


class Meta(type):
    def __new__(mcls, name, bases, namespace, **kw):
        print("namespace has __classcell__:", "__classcell__" in namespace)
        cls = super().__new__(mcls, name, bases, namespace)
        print("cell filled during type.__new__:", cls.probe() is cls if hasattr(cls, "probe") else None)
        return cls


class WithCell(metaclass=Meta):
    @classmethod
    def probe(cls):
        return __class__


print("__classcell__" in WithCell.__dict__, WithCell.probe() is WithCell)


class Dropper(type):
    def __new__(mcls, name, bases, namespace):
        namespace.pop("__classcell__", None)
        return super().__new__(mcls, name, bases, namespace)


try:
    class Lost(metaclass=Dropper):
        def f(self):
            return __class__
except RuntimeError as e:
    print("RuntimeError", str(e).split(" defining")[0], "... propagated" in str(e) or "propagated" in str(e))


class Bad(type):
    def __new__(mcls, name, bases, namespace, cell):
        namespace["__classcell__"] = cell
        return super().__new__(mcls, name, bases, namespace)


for cell in (None, 0, ""):
    try:
        class X(metaclass=Bad, cell=cell):
            pass
    except TypeError as e:
        print("TypeError", e)


class Twice(type):
    def __new__(mcls, name, bases, namespace):
        cls = super().__new__(mcls, name, bases, namespace)
        type("Other", (), namespace)
        return cls


try:
    class Wrong(metaclass=Twice):
        def f(self):
            return __class__
except TypeError as e:
    print("TypeError", str(e).split(" defining")[0].split("set to ")[0])


class ReverseMro(type):
    def mro(cls):
        print("mro() of", cls.__name__)
        return [cls, object]


class M1:
    def who(self):
        return "M1"


class M2(M1, metaclass=ReverseMro):
    pass


print([c.__name__ for c in M2.__mro__], hasattr(M2(), "who"))


class NonClassMro(type):
    def mro(cls):
        return [cls, 1]


try:
    class NC(metaclass=NonClassMro):
        pass
except TypeError as e:
    print("TypeError", e)


class Holder:
    foo = property()


class Later:
    pass


Later.foo = property()
for obj in (Holder(), Later()):
    show(lambda: obj.foo)
    show(lambda: setattr(obj, "foo", 1))
    show(lambda: delattr(obj, "foo"))

p = property(lambda self: "got", lambda self, v: print("set", v), lambda self: print("deleted"))
show(lambda: p.__get__(None, Holder) is p)
show(lambda: p.__get__(Holder()))
show(lambda: p.__set__(Holder(), 5))
show(lambda: p.__delete__(Holder()))
show(lambda: p.__set_name__(Holder))
show(lambda: property().__get__(Holder()))
print(sorted(k for k in vars(property) if not k.startswith("__") or k in ("__get__", "__set__", "__set_name__")))


class ClassDoc:
    @classmethod
    @property
    def doc(cls):
        return "doc of " + cls.__name__


print(ClassDoc.doc, ClassDoc().doc)


class PropSub(property):
    """PropSub's own doc"""


class PropSubSlots(property):
    __slots__ = ()


class UsesSub:
    @PropSub
    def spam(self):
        """spam's doc"""
        return 1


print(UsesSub.spam.__doc__, UsesSub().spam)
try:
    class UsesSlots:
        @PropSubSlots
        def spam(self):
            """spam's doc"""
except AttributeError as e:
    print("AttributeError", e)


class Point:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x, self.y = x, y


class Plain:
    def __init__(self):
        self.a = 1


print(Point(1, 2).__getstate__(), Plain().__getstate__(), object().__getstate__())
q = copy.copy(Point(3, 4))
print(q.x, q.y)


class Kw(int):
    def __new__(cls, a, *, value=0):
        self = super().__new__(cls, value)
        self.a = a
        return self

    def __getnewargs_ex__(self):
        return ((self.a,), {"value": int(self)})


k = Kw(7, value=3)
r = k.__reduce_ex__(2)
print(r[0].__name__, r[1][1:], type(r[1][0]).__name__)
for proto in range(2, 6):
    c = pickle.loads(pickle.dumps(k, proto))
    print(proto, type(c).__name__, int(c), c.a)


class BadNewArgs:
    def __init__(self, result):
        self.result = result

    def __getnewargs_ex__(self):
        return self.result


for result in ["bad", (1,), ((), "x"), ("x", {})]:
    show(lambda: BadNewArgs(result).__reduce_ex__(2))


class Callable:
    __qualname__ = "Callable"

    def __call__(self, *a):
        return a


import types

m = types.MethodType(Callable(), 5)
print(repr(m).split(" of ")[0], m())

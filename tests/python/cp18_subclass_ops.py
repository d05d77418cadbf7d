# int/float dunders on instances of subclasses, NotImplemented from a subclass's own dunders,
# and what a property subclass's class attributes say.
import abc


class DummyIntegral(int):
    def __mul__(self, other):
        return DummyIntegral(super().__mul__(other))
    __rmul__ = __mul__

    def __truediv__(self, other):
        return NotImplemented
    __rtruediv__ = __truediv__

    @property
    def numerator(self):
        return DummyIntegral(self)


class F(float):
    def __add__(self, other):
        return NotImplemented
    __radd__ = __add__


class Plain(int):
    pass


x, y = DummyIntegral(3), DummyIntegral(4)
print(int.__mul__(x, y), type(int.__mul__(x, y)).__name__, x * y, type(x * y).__name__, x.numerator * y)
print(int.__add__(Plain(1), Plain(5)), float.__mul__(F(1.5), F(2.0)), int.__lt__(Plain(1), Plain(2)))
print(int.__sub__(7, Plain(2)), int.__rsub__(Plain(2), 7), float.__truediv__(1.0, Plain(4)))
for a, b in [(x, y), (x, 2), (2, y), (F(1.0), F(2.0)), (F(1.0), 2.0), (Plain(6), Plain(3))]:
    for op in ["/", "+"]:
        try:
            print(type(a).__name__, op, type(b).__name__, eval("a %s b" % op))
        except TypeError as e:
            print("TypeError", e)

for abstractthing in [abc.abstractmethod, abc.abstractproperty, abc.abstractclassmethod, abc.abstractstaticmethod]:
    class C(metaclass=abc.ABCMeta):
        @abstractthing
        def foo(self):
            pass

    class D(C):
        pass

    print(abstractthing.__name__, sorted(D.__abstractmethods__), getattr(D.foo, "__isabstractmethod__", None))


class MyProperty(property):
    marker = "mine"


class Holder:
    @MyProperty
    def value(self):
        "the value"
        return 5


print(type(Holder.value).__name__, Holder.value.marker, Holder.value.__doc__, Holder().value)
print(Holder.value is Holder.__dict__["value"])

# property with getter, setter, deleter, docstrings, inheritance and errors
class Temperature:
    def __init__(self, celsius):
        self._c = celsius

    @property
    def celsius(self):
        """Degrees Celsius."""
        return self._c

    @celsius.setter
    def celsius(self, value):
        if value < -273.15:
            raise ValueError(f"{value} is below absolute zero")
        self._c = value

    @celsius.deleter
    def celsius(self):
        print("deleting celsius")
        del self._c

    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32

t = Temperature(20)
print(t.celsius, t.fahrenheit)
t.celsius = 30
print(t.celsius, t.fahrenheit)
try:
    t.celsius = -300
except ValueError as e:
    print(type(e).__name__, e)
try:
    t.fahrenheit = 5
except AttributeError as e:
    print(type(e).__name__, e)
try:
    del t.fahrenheit
except AttributeError as e:
    print(type(e).__name__, e)
del t.celsius
try:
    t.celsius
except AttributeError as e:
    print(type(e).__name__, e)
print(Temperature.celsius.__doc__)
print(type(Temperature.celsius).__name__, Temperature.celsius.fget.__name__, Temperature.fahrenheit.fset)

# property() called directly
class Manual:
    def get_x(self):
        return self._x
    def set_x(self, v):
        self._x = v * 2
    x = property(get_x, set_x, None, "the x")
    y = property()
m = Manual()
m.x = 4
print(m.x, Manual.x.__doc__)
try:
    m.y
except AttributeError as e:
    print(type(e).__name__, e)
try:
    m.y = 1
except AttributeError as e:
    print(type(e).__name__, e)

# overriding a property in a subclass, and using the parent's through super()
class Base:
    @property
    def name(self):
        return "base"
class Child(Base):
    @property
    def name(self):
        return "child of " + super().name
print(Child().name)

# a property that shadows an instance attribute: the property wins
class Shadow:
    @property
    def value(self):
        return "from property"
s = Shadow()
s.__dict__["value"] = "from dict"
print(s.value)

# getter() / setter() return new properties
p = property(lambda self: 1)
q = p.setter(lambda self, v: None)
print(p is q, p.fset is None, q.fset is not None)

# property raising non-AttributeError propagates
class Raising:
    @property
    def boom(self):
        return 1 / 0
try:
    Raising().boom
except ZeroDivisionError as e:
    print(type(e).__name__, e)
print(hasattr(Raising, "boom"))

# the descriptor protocol: data and non-data descriptors, precedence, class access, deletion
class Verbose:
    """A data descriptor that logs every access."""
    def __init__(self, name):
        self.name = name
    def __get__(self, obj, objtype=None):
        print(f"get {self.name} obj={type(obj).__name__} type={objtype.__name__ if objtype else None}")
        if obj is None:
            return self
        return obj.__dict__.get(self.name, "unset")
    def __set__(self, obj, value):
        print(f"set {self.name} = {value!r}")
        obj.__dict__[self.name] = value
    def __delete__(self, obj):
        print(f"delete {self.name}")
        del obj.__dict__[self.name]

class NonData:
    """A non-data descriptor: instance attributes shadow it."""
    def __get__(self, obj, objtype=None):
        return "computed by NonData"

class Host:
    v = Verbose("v")
    nd = NonData()

h = Host()
print(h.v)
h.v = 10
print(h.v)
print(h.__dict__)
h.__dict__["v"] = "direct"
print(h.v)
del h.v
print(h.__dict__)
print(h.nd)
h.nd = "instance value"
print(h.nd)
del h.nd
print(h.nd)
print(type(Host.v).__name__)
print(Host.nd)

# a descriptor with only __set__ (no __get__): reading gives the descriptor itself via class
class SetOnly:
    def __set__(self, obj, value):
        print("SetOnly.__set__", value)
class H2:
    s = SetOnly()
h2 = H2()
h2.s = 5
print(type(h2.s).__name__)

# a descriptor with __get__ and __delete__ but no __set__: assignment fails
class GetDelete:
    def __get__(self, obj, objtype=None):
        return "gd"
    def __delete__(self, obj):
        print("GetDelete.__delete__")
class H3:
    gd = GetDelete()
h3 = H3()
try:
    h3.gd = 1
except AttributeError as e:
    print(type(e).__name__, e)
del h3.gd
print(h3.gd)

# non-data descriptor with __set__-less deletion
class H4:
    nd = NonData()
try:
    del H4().nd
except AttributeError as e:
    print(type(e).__name__, e)

# functions are non-data descriptors: binding through __get__
def free(self, x):
    return (type(self).__name__, x)
class H5:
    pass
bound = free.__get__(H5(), H5)
print(bound(1), type(bound).__name__)
print(free.__get__(None, H5) is free)

# descriptors in a base class, overridden by a subclass attribute
class Base:
    attr = Verbose("attr")
class Sub(Base):
    attr = "plain class attribute"
print(Sub().attr)

# a class-level descriptor used through the class
class Meta(type):
    pass
class Cached:
    def __init__(self, func):
        self.func = func
        self.__doc__ = func.__doc__
    def __set_name__(self, owner, name):
        self.attrname = name
    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        value = self.func(obj)
        obj.__dict__[self.attrname] = value
        return value

class Circle:
    def __init__(self, r):
        self.r = r
    @Cached
    def area(self):
        """The area."""
        print("computing area")
        return 3 * self.r * self.r

c = Circle(2)
print(c.area, c.area, Circle.area.__doc__, "area" in c.__dict__)

# __get__ receiving the owner for classmethod-like behaviour
class ClassProperty:
    def __init__(self, f):
        self.f = f
    def __get__(self, obj, owner):
        return self.f(owner)
class WithCP:
    name = ClassProperty(lambda cls: "owner is " + cls.__name__)
class SubCP(WithCP):
    pass
print(WithCP.name, SubCP.name, SubCP().name)

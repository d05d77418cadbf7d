# type.__call__: __init__ of the type of the instance __new__ returns (a subclass of the
# called class); a metaclass attribute with __set__ but no __get__ does not hide the class's.


class C(object):
    def __new__(cls, arg):
        if isinstance(arg, str):
            return [1, 2, 3]
        if isinstance(arg, int):
            return object.__new__(D)
        return object.__new__(cls)


class D(C):
    def __init__(self, arg):
        self.foo = arg


print(C("1"), D("1"))
d = C(1)
print(type(d).__name__, d.foo)
d = D(None)
print(type(d).__name__, d.foo)
d = C(None)
print(type(d).__name__, hasattr(d, "foo"))


class Base:
    def __init__(self, *args):
        self.args = args


class Maker(Base):
    def __new__(cls, *args):
        return Base.__new__(Other)


class Other(Maker):
    def __init__(self, *args):
        self.args = ("other",) + args


m = Maker(1, 2)
print(type(m).__name__, m.args)


class SetOnly:
    def __set__(self, obj, value):
        print("set", value)


class Meta(type):
    pass


class X(metaclass=Meta):
    pass


X.a = 42
Meta.a = SetOnly()
print(X.a)


class GetSet:
    def __get__(self, obj, owner=None):
        return "meta-get"

    def __set__(self, obj, value):
        pass


Meta.b = GetSet()
X.b = 1
print(X.b, "b" in X.__dict__)


class SN(object):
    @staticmethod
    def __new__(*args):
        return args


class CN(object):
    @classmethod
    def __new__(*args):
        return args


class CN2(CN):
    pass


print(SN(1, 2) == (SN, 1, 2), CN(1, 2) == (CN, CN, 1, 2), CN2(3) == (CN2, CN2, 3))

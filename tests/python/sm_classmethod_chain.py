print(repr(classmethod(len)), repr(staticmethod(len)))
class C(classmethod): pass
print(repr(C(len)))
def func(x):
    "doc"
    return x
for w in (classmethod, staticmethod):
    wr = w(func)
    print(wr.__func__ is func, wr.__wrapped__ is func, [getattr(wr, a) is getattr(func, a) for a in ('__module__', '__qualname__', '__name__', '__doc__', '__annotations__')])
class BoundWrapper:
    def __init__(self, wrapped):
        self.__wrapped__ = wrapped
    def __call__(self, *args, **kwargs):
        return self.__wrapped__(*args, **kwargs)
class Wrapper:
    def __init__(self, wrapped):
        self.__wrapped__ = wrapped
    def __get__(self, instance, owner):
        bound_function = self.__wrapped__.__get__(instance, owner)
        return BoundWrapper(bound_function)
def decorator(wrapped):
    return Wrapper(wrapped)
class Class:
    @decorator
    @classmethod
    def inner(cls):
        return 'spam'
    @classmethod
    @decorator
    def outer(cls):
        return 'eggs'
print(Class.inner())
print(Class().inner())
print(Class.outer())
print(Class().outer())
from types import MethodType
class MyClassMethod1:
    def __init__(self, func):
        self.func = func
    def __call__(self, cls):
        if hasattr(self.func, '__get__'):
            return self.func.__get__(cls, cls)()
        return self.func(cls)
    def __get__(self, instance, owner=None):
        if owner is None:
            owner = type(instance)
        return MethodType(self, owner)
class A:
    @classmethod
    @MyClassMethod1
    def f2(cls):
        return cls
    @MyClassMethod1
    @classmethod
    def f3(cls):
        return cls
    @classmethod
    @classmethod
    def f4(cls):
        return cls
    @classmethod
    @staticmethod
    def f5(*args):
        return args
class Foo:
    def foo(self, cls):
        return cls
class B:
    bar = classmethod(Foo().foo)
print(A.f2() is A, A.f3() is A, A.f4() is A, A().f4() is A, A.f5(), B.bar() is B)
print(classmethod(Foo().foo).__get__(None, B)() is B)

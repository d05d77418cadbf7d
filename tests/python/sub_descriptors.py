# Subclasses of classmethod, staticmethod and property (abc's abstractclassmethod pattern).

class abstractclassmethod(classmethod):
    __isabstractmethod__ = True
    def __init__(self, callable):
        callable.__isabstractmethod__ = True
        super().__init__(callable)

class mystatic(staticmethod):
    pass

class cached(property):
    def __init__(self, fget):
        super().__init__(fget)
        self.hits = 0

class A:
    @abstractclassmethod
    def make(cls):
        return cls.__name__
    @mystatic
    def helper(x):
        return x * 2
    @cached
    def value(self):
        return 42

print(A.make(), A().make(), A.helper(3), A().helper(4), A().value)
print(type(A.__dict__["make"]).__name__, A.__dict__["make"].__isabstractmethod__, A.__dict__["make"].__func__.__name__)
print(A.make.__func__.__isabstractmethod__, A.__dict__["value"].hits, A.__dict__["value"].fget.__name__)

class B(A):
    pass
print(B.make(), B.helper(5))

class withsetter(property):
    pass

class C:
    def __init__(self):
        self._x = 0
    def getx(self):
        return self._x
    def setx(self, v):
        self._x = v * 10
    x = withsetter(getx, setx)

c = C()
c.x = 4
print(c.x, c._x)
try:
    del c.x
except AttributeError as e:
    print(type(e).__name__, e)

class ro(property):
    pass

class D:
    y = ro(lambda self: "y")
try:
    D().y = 1
except AttributeError as e:
    print(type(e).__name__, e)
print(D().y, isinstance(D.__dict__["y"], property))

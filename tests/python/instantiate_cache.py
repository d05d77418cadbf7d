# Instance creation after the class (or a base) changes what creating an instance calls: the
# interpreter remembers each class's `__init__` for the class's current version, and a change to
# `__init__`, `__new__` or `__del__` on the class or a base must be seen by the next call.
log = []


class Base:
    def __init__(self, x):
        log.append(("Base.__init__", x))
        self.x = x


class Child(Base):
    pass


def make(cls, n):
    return [cls(i).x for i in range(n)]


print(make(Child, 3), log[-1])


def child_init(self, x):
    log.append(("child_init", x))
    self.x = x * 10


Child.__init__ = child_init
print(make(Child, 3), log[-1])
del Child.__init__
print(make(Child, 2), log[-1])


def base_init(self, x):
    log.append(("base_init", x))
    self.x = -x


Base.__init__ = base_init
print(make(Child, 2), log[-1], make(Base, 2))


def new(cls, x):
    log.append(("__new__", x))
    obj = object.__new__(cls)
    obj.made_by_new = True
    return obj


Base.__new__ = new
print(make(Child, 2), log[-2:], Child(5).made_by_new)


def plain_new(cls, x):
    return object.__new__(cls)


Base.__new__ = plain_new
print(make(Child, 1), log[-1], hasattr(Child(1), "made_by_new"))


def finalizer(self):
    # When it runs differs (reference counting against a tracing collector): it logs nothing.
    pass


Child.__del__ = finalizer
c = Child(7)
print(type(c).__name__, c.x, log[-1])
del c
del Child.__del__
print(make(Child, 2), log[-1])


class Returns:
    def __init__(self):
        return None


print([type(Returns()).__name__ for _ in range(3)])


def bad_init(self):
    return 1


Returns.__init__ = bad_init
try:
    Returns()
except TypeError as e:
    print("TypeError:", e)
Returns.__init__ = lambda self, *args: None
print(type(Returns(1, 2)).__name__)
Returns.__init__ = 42
try:
    Returns()
except TypeError as e:
    print("TypeError:", e)

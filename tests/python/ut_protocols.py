# Protocol details unittest.mock relies on: builtin iterators' __iter__/__next__, __call__ of
# functions and methods, special methods stored as descriptors (objects with __get__) on the
# class, and a with statement whose __enter__ is such a descriptor.
iterators = [("list", iter([1, 2])), ("tuple", iter((1, 2))), ("str", iter("ab")), ("range", iter(range(2))),
             ("dict", iter({1: 2, 3: 4})), ("set", iter({5, 6}))]
for name, it in iterators:
    print(name, it.__iter__() is it, it.__next__(), next(it))
    try:
        it.__next__()
    except StopIteration as e:
        print(name, "StopIteration", e.args)


class A:
    def m(self, x):
        return ("m", x)


def f(*args, **kwargs):
    return args, kwargs


print(f.__call__(1, k=2), A().m.__call__(3), len.__call__([1, 2, 3]), hasattr(print, "__call__"))
print(getattr(f, "__call__", None) is not None, callable(A().m))


class Proxy:
    """A descriptor that makes the attribute it is stored under on first access."""

    def __init__(self, name, result):
        self.name = name
        self.result = result

    def __get__(self, obj, owner=None):
        bound.append((self.name, type(obj).__name__, owner.__name__))
        return lambda *args: (self.name, self.result, len(args))


bound = []


class Magic:
    __enter__ = Proxy("__enter__", "entered")
    __exit__ = Proxy("__exit__", False)
    __len__ = Proxy("__len__", 0)


with Magic() as value:
    print("inside", value)
print("bound", sorted(bound))

# descriptors of builtin types (getset/member), function attributes, types module
import types


def f(a, b=2, *, c=3):
    "doc of f"
    return a + b + c


def g():
    pass


print(types.FunctionType.__code__, types.FunctionType.__globals__)
print(types.FunctionType.__code__.__get__(f) is f.__code__)
print(types.FunctionType.__dict__["__name__"].__get__(f), types.FunctionType.__dict__["__name__"])
print(types.FunctionType.__code__.__objclass__, types.FunctionType.__code__.__name__)
print(types.GetSetDescriptorType, types.MemberDescriptorType, types.FrameType, types.TracebackType)
print(types.CodeType, types.CellType, types.MethodType, types.ModuleType, types.GeneratorType)
print(int.real, int.numerator, float.imag, complex.real, types.FrameType.f_back, types.TracebackType.tb_next)
print((7).real, (7).imag, (7).numerator, (7).denominator, True.real, (2.5).imag, (1 + 2j).imag)
print(int.real.__get__(5), int.__dict__["denominator"].__get__(9))

try:
    int.real.__get__("x")
except TypeError as e:
    print(type(e).__name__, e)
try:
    (1).real = 3
except AttributeError as e:
    print(type(e).__name__, e)

g.__name__ = "renamed"
g.__qualname__ = "Q.renamed"
g.__doc__ = "new doc"
g.__module__ = "elsewhere"
print(g.__name__, g.__qualname__, g.__doc__, g.__module__, sorted(g.__dict__))
print(repr(g).split(" at ")[0])
f.__defaults__ = (10,)
print(f(1), f.__defaults__)
f.__kwdefaults__ = {"c": 100}
print(f(1), f.__kwdefaults__)
f.__defaults__ = None
try:
    f(1)
except TypeError as e:
    print(type(e).__name__, e)
f.__defaults__ = (2,)


def other(a, b=0, *, c=0):
    return a * 1000


f.__code__ = other.__code__
print(f(3), f.__name__)
for name, value in [("__name__", 1), ("__qualname__", None), ("__defaults__", [1]), ("__kwdefaults__", 1),
                    ("__code__", 5), ("__annotations__", 3), ("__dict__", [])]:
    try:
        setattr(g, name, value)
    except TypeError as e:
        print(type(e).__name__, e)
for name in ["__globals__", "__closure__"]:
    try:
        setattr(g, name, {})
    except AttributeError as e:
        print(type(e).__name__, e)


def outer():
    x = 1

    def inner():
        return x

    return inner


try:
    g.__code__ = outer().__code__
except ValueError as e:
    print(type(e).__name__, e)
g.__annotations__ = {"x": int}
print(g.__annotations__)
g.__wrapped__ = f
g.custom = 5
print(g.__wrapped__ is f, g.custom, sorted(g.__dict__))
g.__dict__ = {"only": 1}
print(g.__dict__, g.only)


def wrapper(*args):
    return "wrapped"


for attr in ("__module__", "__name__", "__qualname__", "__doc__"):
    setattr(wrapper, attr, getattr(other, attr))
wrapper.__dict__.update(other.__dict__)
print(wrapper.__name__, wrapper.__qualname__, wrapper.__doc__)

code = f.__code__
print(code.co_name, code.co_argcount, code.co_kwonlyargcount, code.co_varnames, code.co_filename.endswith(".py"))
print(types.CodeType.co_name, types.CodeType.co_varnames)


def hot():
    total = 0
    for i in range(3000):
        total += (i).real + types.FunctionType.__dict__["__name__"].__get__(hot).count("h")
        total += len(hot.__code__.co_varnames)
    return total


print(hot())

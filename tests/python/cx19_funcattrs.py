# Cells (comparison, writable cell_contents), FunctionType(code, globals, ...), dir() of
# functions and methods with attributes, and `del obj.__class__`.
import types


def make_cell(value):
    def inner():
        return value
    return inner.__closure__[0]


def empty_cell():
    if False:
        x = 0

    def inner():
        return x
    return inner.__closure__[0]


print(make_cell(2) < make_cell(3), make_cell(3) <= make_cell(2))
print(empty_cell() < make_cell("s"), empty_cell() == empty_cell(), empty_cell() > make_cell(1))
print(make_cell(-36) == make_cell(-36.0), make_cell(True) > empty_cell(), make_cell(1) != make_cell(1))
print(make_cell((1, 2)) >= make_cell((1, 2)), make_cell([1]) == make_cell([1]))
print(types.CellType(4) == types.CellType(4), types.CellType() == types.CellType())
try:
    make_cell(1) < make_cell("a")
except TypeError as e:
    print("TypeError", e)
print(make_cell(1).__eq__(5), make_cell(1).__lt__(make_cell(2)))


def outer():
    a = 12

    def f():
        return a
    c = f.__closure__
    c[0].cell_contents = 9
    print(c[0].cell_contents, f(), a)
    del c[0].cell_contents
    try:
        c[0].cell_contents
    except ValueError as e:
        print("ValueError", e)
    try:
        f()
    except NameError as e:
        print(type(e).__name__, e)
    try:
        print(a)
    except UnboundLocalError as e:
        print("UnboundLocalError", e)
    c[0].cell_contents = "back"
    print(f(), a)


outer()
cell = types.CellType()
cell.cell_contents = [1]
print(cell.cell_contents, cell == types.CellType([1]))


def func(s):
    return len(s)


ns = {}
func2 = types.FunctionType(func.__code__, ns)
print(func2.__globals__ is ns, func2.__builtins__ is func.__builtins__, func2("abc"), ns)
print(func2.__name__, func2.__qualname__, func2.__defaults__, func2.__closure__, func2.__module__)
func3 = types.FunctionType(func.__code__, {"__name__": "modx"}, "renamed", ("abcde",))
print(func3.__name__, func3.__qualname__, func3.__defaults__, func3.__module__, func3())
func4 = types.FunctionType(code=func.__code__, globals=globals(), argdefs=("xy",))
print(func4(), func4("abcd"))

code = """
def func5(s):
    return len(s)
func6 = type(func5)(func5.__code__, {})
"""
safe_builtins = {"None": None}
ns = {"type": type, "__builtins__": safe_builtins}
exec(code, ns)
print(ns["func5"].__builtins__ is safe_builtins, ns["func6"].__builtins__ is safe_builtins)
print("__builtins__" in ns["func6"].__globals__)
try:
    ns["func6"]("x")
except NameError as e:
    print("NameError", e)


def adder(n):
    def add(x):
        return x + n
    return add


add3 = adder(3)
add10 = types.FunctionType(add3.__code__, globals(), "add10", None, (types.CellType(10),))
print(add10(1), add10.__name__)
bad_calls = [
    (1, {}),
    (func.__code__, []),
    (func.__code__, {}, 5),
    (func.__code__, {}, None, [1]),
    (func.__code__, {}, None, None, ()),
    (add3.__code__, {}),
    (add3.__code__, {}, None, None, ()),
    (add3.__code__, {}, None, None, (1,)),
    (add3.__code__, {}, None, None, [types.CellType(1)]),
    (func.__code__, {}, None, None, [1]),
]
for args in bad_calls:
    try:
        f = types.FunctionType(*args)
        print("made", f.__name__, f.__closure__)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
try:
    types.FunctionType(func.__code__)
except TypeError as e:
    print("TypeError", e)


class F:
    def a(self):
        return 1


fi = F()


def b():
    return 3


b.known_attr = 7
F.a.known_attr = 8
print("known_attr" in dir(b), "known_attr" in dir(fi.a), "known_attr" in dir(F.a), "__call__" in dir(fi.a))
print("known_attr" in dir(len), "__self__" in dir(fi.a))
for obj in [fi, F, b, fi.a, len, 5, [1].append]:
    try:
        del obj.__class__
    except TypeError as e:
        print("TypeError", e)
try:
    fi.a.__class__ = F
except TypeError as e:
    print("TypeError", e)
print(fi.a.__self__.__class__ is F)

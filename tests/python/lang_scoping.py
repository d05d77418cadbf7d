# closures and scoping corner cases: nonlocal, global, class bodies, comprehensions, late binding
def counter():
    count = 0
    def inc(by=1):
        nonlocal count
        count += by
        return count
    def get():
        return count
    return inc, get
inc, get = counter()
inc(); inc(5)
print(get(), inc.__closure__[0].cell_contents if inc.__closure__ else None)

# late binding in closures and the default-argument fix
fs = [lambda: i for i in range(3)]
gs = [lambda i=i: i for i in range(3)]
print([f() for f in fs], [g() for g in gs])

# global declarations
total = 0
def add_to_total(n):
    global total
    total += n
add_to_total(5); add_to_total(7)
print(total)

def make_global():
    global created_later
    created_later = "made inside"
make_global()
print(created_later)

# class bodies do not create enclosing scopes for methods
x = "global x"
class Scope:
    x = "class x"
    def method(self):
        return x
    items = [x for _ in range(1)]
    lam = (lambda: x)
print(Scope().method(), Scope.items, Scope.lam())

# class body can see enclosing function variables
def factory(value):
    class Made:
        attr = value
        def get(self):
            return value
    return Made
M = factory(42)
print(M.attr, M().get())

# nonlocal in nested functions several levels deep
def outer():
    a = 1
    def middle():
        def inner():
            nonlocal a
            a += 10
            return a
        return inner()
    r = middle()
    return r, a
print(outer())

# UnboundLocalError when assignment comes after use
def unbound():
    try:
        print(y)
    except UnboundLocalError as e:
        print(type(e).__name__, e)
    y = 1
y = "global y"
unbound()

def unbound_free():
    def inner():
        return z
    try:
        inner()
    except NameError as e:
        print(type(e).__name__, e)
    z = 3
    return inner()
print(unbound_free())

def deleted():
    v = 1
    del v
    try:
        v
    except UnboundLocalError as e:
        print(type(e).__name__, e)
deleted()

# comprehension variables do not leak; the iterable is evaluated in the enclosing scope
n = 10
squares = [n * n for n in range(3)]
print(squares, n)
print([[i * j for j in range(3)] for i in range(3)])
print({k: v for k, v in zip("abc", range(3))}, {c for c in "hello"} == set("helo"))

# lambdas with defaults, keyword-only and closures
make_adder = lambda n: lambda x, *, scale=1: (x + n) * scale
print(make_adder(3)(4), make_adder(3)(4, scale=2))

# closures capture variables, not values
def capture():
    funcs = []
    v = 1
    funcs.append(lambda: v)
    v = 2
    funcs.append(lambda: v)
    return [f() for f in funcs]
print(capture())

# cell_contents of an empty cell
def empty_cell():
    if False:
        w = 1
    def f():
        return w
    return f
try:
    empty_cell().__closure__[0].cell_contents
except ValueError as e:
    print(type(e).__name__, e)

# names in class bodies: locals() order and __qualname__ of nested functions
class Q:
    def m(self):
        def inner():
            pass
        return inner.__qualname__
print(Q().m(), Q.m.__qualname__, (lambda: 0).__qualname__)

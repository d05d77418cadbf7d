# Functions with every kind of argument.
def f(a, b, c=3, *args, d, e=5, **kwargs):
    return (a, b, c, args, d, e, kwargs)
print(f(1, 2, d=4))
print(f(1, 2, 3, 4, 5, d=6, x=7))
print(f(*[1, 2], **{"d": 0, "z": 1}))
def g(x, /, y, *, z):
    return x + y + z
print(g(1, 2, z=3), g(1, y=2, z=3))
def h(a, b=[]):
    b.append(a)
    return b
print(h(1), h(2))
print((lambda x, y=2: x * y)(4), (lambda *a: a)(1, 2))
def defaults(a, b=2, c=3):
    return a + b + c
print(defaults(1), defaults(1, 1), defaults(1, c=10))
for bad in [lambda: f(1), lambda: f(1, 2, 3, d=1, a=1), lambda: g(1, 2), lambda: g(x=1, y=2, z=3),
            lambda: defaults(), lambda: defaults(1, 2, 3, 4), lambda: defaults(1, d=4), lambda: len(),
            lambda: len(1, 2), lambda: isinstance(1)]:
    try:
        bad()
    except TypeError as e:
        print("TypeError:", e)
def doc():
    "A docstring."
    return None
print(doc.__name__, doc.__doc__, doc())
def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)
print(fact(20), fact(30))
def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a
print([fib(i) for i in range(15)])
def apply(func, *args, **kwargs):
    return func(*args, **kwargs)
print(apply(max, 3, 9, 4), apply(sorted, [3, 1], reverse=True))
def noreturn():
    pass
print(noreturn())
def annotated(x: int, y: str = "a") -> str:
    return y * x
print(annotated(3), annotated.__annotations__)

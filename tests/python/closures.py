# Closures, nonlocal, global, decorators.
def counter():
    count = 0
    def inc():
        nonlocal count
        count += 1
        return count
    return inc
c = counter()
print(c(), c(), c())
def make_adders():
    return [lambda x, i=i: x + i for i in range(3)]
print([f(10) for f in make_adders()])
def outer():
    x = "outer"
    def middle():
        def inner():
            return x
        return inner()
    return middle()
print(outer())
total = 0
def add(n):
    global total
    total += n
add(5)
add(6)
print(total)
def deco(func):
    def wrapper(*args):
        print("calling", func.__name__)
        return func(*args) * 2
    return wrapper
@deco
def square(x):
    return x * x
print(square(4))
def memo(f):
    cache = {}
    def g(n):
        if n not in cache:
            cache[n] = f(n)
        return cache[n]
    return g
@memo
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(60))
def late():
    def inner():
        return y
    try:
        inner()
    except NameError as e:
        print("NameError:", e)
    y = 1
    return inner()
print(late())

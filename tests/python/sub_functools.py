# functools: partial, lru_cache, wraps, reduce, total_ordering, cached_property, singledispatch.
import functools
from functools import partial, lru_cache, wraps, reduce, total_ordering, cached_property, singledispatch

def power(base, exp):
    return base ** exp
square = partial(power, exp=2)
print(square(5), square.func.__name__, square.keywords, partial(power, 2)(10))

calls = []
@lru_cache(maxsize=None)
def fib(n):
    calls.append(n)
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(30), len(calls), fib.cache_info())
fib.cache_clear()
print(fib.cache_info())

@lru_cache(maxsize=2)
def ident(x):
    return x
for v in [1, 2, 1, 3, 1]:
    ident(v)
print(ident.cache_info())

def deco(f):
    @wraps(f)
    def wrapper(*args):
        return f(*args) * 2
    return wrapper

@deco
def add(a, b):
    "Add two numbers."
    return a + b
print(add(1, 2), add.__name__, add.__doc__, add.__wrapped__(1, 2))
print(reduce(lambda a, b: a * b, range(1, 6)), reduce(lambda a, b: a + b, [], 0))

@total_ordering
class Version:
    def __init__(self, n):
        self.n = n
    def __eq__(self, other):
        return self.n == other.n
    def __lt__(self, other):
        return self.n < other.n
print(Version(1) < Version(2), Version(2) >= Version(1), Version(3) > Version(3), Version(1) <= Version(1))

class Data:
    def __init__(self):
        self.count = 0
    @cached_property
    def value(self):
        self.count += 1
        return 42
dobj = Data()
print(dobj.value, dobj.value, dobj.count)

@singledispatch
def describe(x):
    return "object"
@describe.register
def _(x: int):
    return "int"
@describe.register(list)
def _(x):
    return "list"
print(describe(1), describe([]), describe("s"), describe(True))
print(functools.cmp_to_key(lambda a, b: b - a)(1) < functools.cmp_to_key(lambda a, b: b - a)(2))
print(sorted([3, 1, 2], key=functools.cmp_to_key(lambda a, b: b - a)))

# A function's __code__ (quasi-immutable for the JIT) reassigned while compiled loops call it:
# in the loop itself, by a callee, between runs, and for a method; defaults kept.


def add_one(x):
    return x + 1


def add_ten(x):
    return x + 10


def times_two(x, y=3):
    return x * 2 + y


original = add_one.__code__


def loop(n):
    t = 0
    for i in range(n):
        t += add_one(i)
    return t


print(loop(500))
add_one.__code__ = add_ten.__code__
print(loop(500))
add_one.__code__ = original
print(loop(500))


def swap_in_loop(n):
    t = 0
    for i in range(n):
        if i == 250:
            add_one.__code__ = add_ten.__code__
        if i == 400:
            add_one.__code__ = original
        t += add_one(i)
    return t


print(swap_in_loop(3000))


def swapper():
    add_one.__code__ = times_two.__code__


def callee_swaps(n):
    t = 0
    for i in range(n):
        if i == 300:
            swapper()
        t += add_one(i)
    return t


add_one.__defaults__ = (100,)
print(callee_swaps(3000))
add_one.__code__ = original
add_one.__defaults__ = None


class Counter:
    def __init__(self):
        self.n = 0

    def step(self):
        self.n += 1
        return self.n


def double_step(self):
    self.n += 2
    return self.n


def method_loop(c, n):
    t = 0
    for i in range(n):
        if i == 200:
            Counter.step.__code__ = double_step.__code__
        t += c.step()
    return t


print(method_loop(Counter(), 3000))


# A closure's code swapped for another closure's with the same free variables.
def make(k):
    def f(x):
        return x + k

    def g(x):
        return x * k

    return f, g


f, g = make(3)


def closure_loop(n):
    t = 0
    for i in range(n):
        if i == 300:
            f.__code__ = g.__code__
        t += f(i)
    return t


print(closure_loop(3000))
try:
    f.__code__ = add_one.__code__
except ValueError as e:
    print(type(e).__name__, e)

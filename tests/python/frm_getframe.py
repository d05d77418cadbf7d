# sys._getframe, f_back chains, f_code, f_lineno, f_globals, f_locals of frames
import sys


def where(depth=1):
    f = sys._getframe(depth)
    return f.f_code.co_name, f.f_lineno


def outer():
    x = 10
    return inner(x)


def inner(y):
    z = y * 2
    f = sys._getframe()
    print("inner name", f.f_code.co_name, "back", f.f_back.f_code.co_name)
    print("inner locals", sorted(sys._getframe().f_locals))
    print("back locals", sorted(f.f_back.f_locals))
    print("back back", f.f_back.f_back.f_code.co_name)
    print("globals is module globals", f.f_globals is globals())
    print("builtins has len", "len" in f.f_builtins)
    print("trace", f.f_trace)
    print("where", where(), where(2))
    return z


print(outer())
top = sys._getframe()
print("top back", top.f_back)
print("top name", top.f_code.co_name, sys._getframe().f_lineno)
print("top locals is globals", top.f_locals is globals())

try:
    sys._getframe(100)
except ValueError as e:
    print(type(e).__name__, e)
try:
    sys._getframe("x")
except TypeError as e:
    print(type(e).__name__, e)
try:
    sys._getframe(1, 2)
except TypeError as e:
    print(type(e).__name__, e)


def chain(n):
    if n == 0:
        names = []
        f = sys._getframe()
        while f is not None:
            names.append(f.f_code.co_name)
            f = f.f_back
        return names
    return chain(n - 1)


print(chain(4))


def loop():
    total = 0
    for i in range(3000):
        f = sys._getframe()
        total += sys._getframe().f_lineno + len(sys._getframe().f_locals)
        if i % 1000 == 0:
            print("loop", i, sorted(sys._getframe().f_locals), f.f_back.f_code.co_name, f.f_lineno)
    return total


print(loop())


class Meta:
    def method(self, a):
        b = a + 1
        return sys._getframe().f_locals


print(sorted(Meta().method(5).items(), key=lambda kv: kv[0]) [0][0])


def gen():
    f = sys._getframe()
    yield f.f_code.co_name
    yield sorted(f.f_locals)


print(list(gen()))


def closure():
    captured = 1
    other = 2

    def nested():
        return sys._getframe().f_locals, captured

    return nested()


print(closure())
print(type(sys._getframe()).__name__)
print(repr(sys._getframe()).startswith("<frame at 0x"))
print(repr(sys._getframe()).split(",", 1)[1])

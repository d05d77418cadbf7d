# One-argument math functions called on floats and ints inside hot loops (the JIT's fast
# path for them), and every case that must still go the general way: errors, bools, big
# ints, float subclasses, objects with __float__, keyword arguments, wrong argument counts.
import math
from math import sin, cos, sqrt, exp, log

def show(f):
    try:
        return repr(f())
    except Exception as e:
        return type(e).__name__ + ': ' + str(e)

def hot(fn, values):
    acc = 0.0
    out = []
    for _ in range(60):
        for v in values:
            try:
                r = fn(v)
                acc += r
            except (ValueError, OverflowError) as e:
                out.append(type(e).__name__ + ': ' + str(e))
    return acc, out[:3], len(out)

names = ['sqrt', 'exp', 'expm1', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh',
         'tanh', 'asinh', 'acosh', 'atanh', 'fabs', 'degrees', 'radians', 'exp2', 'erf',
         'erfc']
values = [0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 2.0, 3, -3, 0, 710.0, -710.0, 1e308, 1e-310,
          float('inf'), float('-inf'), float('nan'), 12345678901, 2 ** 53 + 1]
for name in names:
    fn = getattr(math, name, None)
    if fn is None:
        continue
    acc, errs, n = hot(fn, values)
    print(name, repr(acc), errs, n)
    print('  ', [show(lambda v=v: fn(v)) for v in values[:9]])

def loop_trig(n):
    s = 0.0
    for i in range(n):
        x = sin(i) * cos(i * 0.5) + sqrt(i)
        s += x
    return s

print(repr(loop_trig(3000)))

class F(float):
    pass

class HasFloat:
    def __float__(self):
        return 0.25

class HasIndex:
    def __index__(self):
        return 4

mixed = [1.5, 2, True, False, F(0.75), HasFloat(), HasIndex(), 2 ** 70, -(2 ** 70), 'x', None, [1]]
for _ in range(3):
    print([show(lambda v=v: sqrt(v)) for v in mixed])
    print([show(lambda v=v: sin(v)) for v in mixed])
    print([show(lambda v=v: exp(v)) for v in mixed])

def errors(n):
    out = []
    for i in range(n):
        v = -1.0 if i % 7 == 0 else float(i)
        try:
            out.append(sqrt(v))
        except ValueError as e:
            out.append(str(e))
    return out[:10], len(out)

print(errors(2000))
print(show(lambda: sqrt()))
print(show(lambda: sqrt(1, 2)))
print(show(lambda: sqrt(x=1.0)))
print(show(lambda: log(8, 2)))
print(show(lambda: math.exp(1000)))
print(show(lambda: math.cosh(-1000)))
print(show(lambda: math.acosh(0.5)))
print(show(lambda: math.atanh(1.0)))
print(show(lambda: math.fabs(-2 ** 80)))
print(show(lambda: math.degrees(1e308)))
saved = math.sin
math.sin = lambda x: 'patched'
print(show(lambda: math.sin(1.0)))
math.sin = saved
print(show(lambda: math.sin(1.0)))
fns = [math.sin, math.cos, abs, math.sqrt, float]
tot = []
for i in range(1500):
    f = fns[i % len(fns)]
    tot.append(f(i % 13 - 2.5 if f is not math.sqrt else i))
print(repr(sum(tot)), tot[:10])

import sys
A = type('A', (), {})
print(A.__module__, A.__qualname__)
def f():
    return type('B', (int,), {'x': 1})
print(f().__module__)
print(pow(2, exp=5), pow(base=3, exp=2, mod=5), round(number=-8.0, ndigits=-1), round(2.675, 2))
for bad in [lambda: pow(2), lambda: pow(1,2,3,4), lambda: pow(2, 3, base=1), lambda: round()]:
    try: bad()
    except TypeError as e: print(e)
class H:
    def __len__(self): return sys.maxsize + 1
class N:
    def __len__(self): return -sys.maxsize - 10
for c in (H, N):
    try: len(c())
    except Exception as e: print(type(e).__name__, e)
sys.breakpointhook = lambda *a, **k: print("hook", a, k)
breakpoint(1, x=2)
del sys.breakpointhook
try: breakpoint()
except RuntimeError as e: print(e)
import os
os.environ['PYTHONBREAKPOINT'] = 'builtins.print'
sys.breakpointhook = sys.__breakpointhook__
breakpoint("via env")
import warnings
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    for v in ['.foo', 'foo.', 'nosuchmodule.x', 'nosuch']:
        os.environ['PYTHONBREAKPOINT'] = v
        breakpoint()
    print([str(x.message) for x in w])
os.environ['PYTHONBREAKPOINT'] = '0'
print(breakpoint())

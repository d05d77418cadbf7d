# Float parsing, formatting, rounding and hashing details CPython 3.11 defines.
import math

print(math.copysign(1.0, float('-nan')), math.copysign(1.0, float(b'-nan')), math.copysign(1.0, float('+nan')))
print(math.copysign(1.0, float('-inf')), float(' -Infinity '))

for s in [b'123\xa0', b'\xa0123', b' 12 ', b'1_0', '123\xa0', '\u0663\u0661', b'123\x00']:
    try:
        print(repr(float(s)))
    except ValueError as e:
        print(type(e).__name__, e)

for v, spec in [(1234.56, '.4'), (1234.56, '.5'), (12.0, '.3'), (123.0, '.3'), (123.4, '.4'),
                (1234.5, '.4'), (0.0001234, '.2'), (1e20, '.25'), (99.99, '.2'), (9.5, '.1'),
                (1234.56, '.4g'), (123.0, '.3g'), (0.0, '.1'), (-5.0, '.1'), (100.0, '10.2')]:
    print(spec, repr(format(v, spec)), repr(('{:' + spec + '}').format(v)))

for args in [(1.6e308, -308), (-1.6e308, -308), (1.5e308, -308), (1.7e308, -308), (1.23e10, -5), (-2.5, 0)]:
    try:
        print(args, round(*args))
    except OverflowError as e:
        print(args, type(e).__name__, e)

class F(float):
    pass

class H:
    def __hash__(self):
        return 42

class G(float, H):
    pass

for value in [float('nan'), F('nan'), G('nan')]:
    print(type(value).__name__, hash(value) == object.__hash__(value))
print(hash(F(1.5)) == hash(1.5), hash(G(2.0)))

class WithInit(float):
    def __init__(self, arg, newarg=None):
        self.newarg = newarg

u = WithInit(2.5, newarg=3)
print(type(u).__name__, float(u), u.newarg)
try:
    F(x=0)
except TypeError as e:
    print(type(e).__name__, e)
try:
    float(x=1)
except TypeError as e:
    print(type(e).__name__, e)

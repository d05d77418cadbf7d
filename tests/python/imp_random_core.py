# _random: CPython's Mersenne Twister, so seeded sequences equal CPython's.
import _random

r = _random.Random(12345)
print([r.random() for i in range(5)])
print([r.getrandbits(k) for k in (1, 8, 31, 32, 33, 64, 100)])
r.seed(0)
print(r.random(), r.getrandbits(0))
r.seed(2**100 + 7)
print(r.random())
r.seed(-5)
a = r.random()
r.seed(5)
print(a == r.random())
state = r.getstate()
print(type(state).__name__, len(state), state[-1])
x = [r.random() for i in range(3)]
r.setstate(state)
print(x == [r.random() for i in range(3)])
s = _random.Random()
print(0.0 <= s.random() < 1.0)
for bad in [lambda: r.getrandbits(-1), lambda: r.setstate((1, 2)), lambda: r.setstate([0] * 625),
            lambda: _random.Random(1, 2)]:
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
many = _random.Random(42)
print(sum(many.getrandbits(32) for i in range(2000)) % 1000003)

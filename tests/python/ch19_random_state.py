# The Mersenne Twister's state across the twist (every 624 words), getstate/setstate round
# trips (the index included, a bool index too), subclasses of random.Random, and hot loops over
# randrange/random/getrandbits/choice/shuffle so that compiled code steps the generator.
import random
import _random

r = random.Random(1234)
xs = [r.getrandbits(32) for i in range(1300)]
print(len(xs), xs[0], xs[623], xs[624], xs[1247], xs[1248], sum(xs) % 1000003)

state = r.getstate()
print(state[0], len(state[1]), state[1][-1], state[2])
a = [r.random() for i in range(700)]
r.setstate(state)
b = [r.random() for i in range(700)]
print(a == b, a[699])

core = _random.Random(99)
st = list(core.getstate())
st[-1] = True
core.setstate(tuple(st))
print(core.getstate()[-1], type(core.getstate()[-1]).__name__, core.getrandbits(32))
st[-1] = 624
core.setstate(tuple(st))
print(core.getstate()[-1], core.getrandbits(31), core.getstate()[-1])
for bad in (625, -1, 1.5):
    st[-1] = bad
    try:
        core.setstate(tuple(st))
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
print(core.getrandbits(32))


class Mine(random.Random):
    def __init__(self, seed):
        super().__init__(seed)
        self.calls = 0

    def random(self):
        self.calls += 1
        return super().random()


m = Mine(7)
print([m.randrange(1000) for i in range(5)], m.uniform(1.0, 2.0), m.calls)


def hot(rng, n):
    total = 0
    counts = [0] * 7
    for i in range(n):
        k = rng.randrange(7)
        counts[k] += 1
        total += rng.getrandbits(i % 40 + 1)
        if rng.random() < 0.25:
            total ^= rng.randrange(3, 1000, 7)
    return total % 1000000007, counts


print(hot(random.Random(42), 5000))
random.seed(2026)
items = list(range(30))
for i in range(200):
    random.shuffle(items)
print(items, random.choice(items), random.sample(items, 4))
print(random.getrandbits(100), random.getrandbits(0))

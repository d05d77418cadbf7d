# Big ints under allocation churn: values that own memory outside the heap must survive while
# reachable (from lists, dicts, closures, objects being finalized) and compute exactly.
import gc


def pi_digits(n):
    q, r, t, k, m, x = 1, 0, 1, 1, 3, 3
    out = []
    while len(out) < n:
        if 4 * q + r - t < m * t:
            out.append(m)
            q, r, m = 10 * q, 10 * (r - m * t), (10 * (3 * q + r)) // t - 10 * m
        else:
            q, r, t, k, m, x = q * k, (2 * q + r) * x, t * x, k + 1, (q * (7 * k + 2) + r * x) // (t * x), x + 2
    return "".join(map(str, out))


print(pi_digits(300))

# Keep many big values alive across collections and check them afterwards.
kept = []
acc = 1
for i in range(1, 400):
    acc = acc * (2 ** 61 - 1) + i
    if i % 7 == 0:
        kept.append(acc)
    tmp = [acc * j for j in range(5)]
    del tmp
gc.collect()
check = 1
for i in range(1, 400):
    check = check * (2 ** 61 - 1) + i
    if i % 7 == 0:
        assert kept[i // 7 - 1] == check, i
print(len(kept), kept[-1] % 1000000007, kept[3].bit_length(), hash(kept[5]) == hash(kept[5] + 0))

# Floor division, modulo and divmod with every sign and quotients small and large.
big = 3 ** 200 + 12345
other = 7 ** 100 - 1
for a in (big, -big, big * 9 + 5, -(big * 9 + 5), big * big, other):
    for b in (big, -big, other, -other, 10 ** 40 + 3, -(10 ** 40 + 3), 7, -7, big + 1, -(big - 1)):
        q, r = divmod(a, b)
        assert q * b + r == a and (r == 0 or (r > 0) == (b > 0)) and abs(r) < abs(b)
        assert a // b == q and a % b == r
        print(q % 1000003, r % 1000003, (a // b).bit_length())

# Big ints owned by an object whose __del__ runs later and reads them.
seen = []


class Holder:
    def __init__(self, v):
        self.v = v
        self.twice = v * 2

    def __del__(self):
        seen.append((self.v * 3 - self.twice) % 1000003)


expected = {(big * (i + 1)) % 1000003 for i in range(50)}
for i in range(50):
    Holder(big * (i + 1))
gc.collect()
gc.collect()
# How many ran depends on the collector (CPython: all at once); each must have read its values.
print(len(seen) > 0, all(s in expected for s in seen))


class MyInt(int):
    pass


m = MyInt(big * 5)
print(type(m).__name__, m % 99991, (m + 1) % 99991, m > big, str(m)[:20])

# Conversions: str, repr, hex, float, bytes, negative shifts and bit operations.
v = -(2 ** 300) + 17
print(str(v)[:30], hex(v)[:30], float(v), v.bit_length(), v >> 250, v & (2 ** 70 - 1), ~v % 97)
print(int(str(big)) == big, int.from_bytes(big.to_bytes(60, "little"), "little") == big)
print((2 ** 127) * (2 ** 127) // (2 ** 200), (2 ** 128 - 1) * (2 ** 128 + 1) == 2 ** 256 - 1)
for e in (0, 1, 63, 64, 65, 127, 128, 129, 191, 192, 193):
    x = 2 ** e - 1
    print(e, x * x % 1000003, (x + 1) // 3, -x // 5, x % -9)
try:
    big // 0
except ZeroDivisionError as e:
    print(type(e).__name__, e)
try:
    big % 0
except ZeroDivisionError as e:
    print(type(e).__name__, e)
try:
    divmod(-big, 0)
except ZeroDivisionError as e:
    print(type(e).__name__, e)

# Floor division with quotients below 2**63 (a fast path): exact multiples and their neighbours,
# every sign, divisors of two limbs and more, quotients at the edges of the estimate.
import random

rng = random.Random(12345)
total = 0
for trial in range(3000):
    b = rng.getrandbits(rng.choice((65, 100, 128, 129, 192, 640))) | (1 << 64)
    if trial % 5 == 0:
        b |= (1 << (b.bit_length() - 1)) - 1  # all ones below the top bit
    q = rng.getrandbits(rng.choice((1, 2, 30, 62, 63)))
    a = q * b + rng.choice((0, 1, -1, b - 1, rng.getrandbits(b.bit_length() - 1)))
    for sa, sb in ((1, 1), (-1, 1), (1, -1), (-1, -1)):
        x, y = sa * a, sb * b
        got = x // y
        assert got * y <= x < (got + 1) * y if y > 0 else got * y >= x > (got + 1) * y, (x, y, got)
        total = (total * 31 + got) % (2 ** 61 - 1)
print("short quotients", total)

# Big ints across limb boundaries: conversions between ints and their word storage in both
# directions, signs, normalisation back to small ints, and a pidigits-like loop.

edges = [2**63 - 1, 2**63, 2**64 - 1, 2**64, 2**64 + 1, 2**127, 2**128 - 1, 2**128, 2**192 + 2**64 + 7,
         10**40, 3**200]
for v in edges:
    for x in (v, -v):
        print(x, hex(x), x.bit_length(), x % 1000003, (x >> 64) & 0xFFFF, x & (2**64 - 1), x // 7, -x + 1)

# Results that shrink back to machine ints, and sums crossing a limb boundary both ways.
print(2**64 - 2**64, (2**64 + 5) - 2**64, (2**128) // (2**127), -(2**64) + 2**64 - 1, type(2**70 >> 69).__name__)
x = 1
for i in range(200):
    x = x * 3 + i
print(x, x.bit_length())
while x > 2**40:
    x = x // 1000 - 1
print(x)
print(int.from_bytes(bytes(range(1, 33)), "little"), int.from_bytes(bytes(range(1, 33)), "big", signed=True))
print((2**200 + 12345).to_bytes(26, "little").hex(), (-(2**130)).to_bytes(17, "big", signed=True).hex())
print(int("9" * 100) + 1 == 10**100, str(-(7**90)), repr(2**64), hash(2**64) == hash(2**64), hash(2**64) % 1000)
print(sorted([2**65, -2**65, 2**64, 0, -1, 2**63]), max(2**100, 2**99 * 2 + 1), 2**64 in {2**64: 1})

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

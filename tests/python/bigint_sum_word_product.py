# Big-int +, - and * by a one-word int (computed straight into digit buffers), checked against
# values computed another way: carries and borrows across every word, signs, results that
# shrink to a machine int or to zero, and many dead temporaries so that collections recycle
# digit buffers while the loop runs.

def words(n, fill):
    return sum(fill << (64 * i) for i in range(n))

M = (1 << 64) - 1
values = [0, 1, -1, M, -M, 1 << 64, -(1 << 64), (1 << 128) - 1, 1 << 128, words(3, M), words(3, 1),
          words(5, M), -words(5, M), 3 ** 200, -(3 ** 200), 7 ** 500 + 1, 1 << 192, (1 << 192) - 1]
small = [0, 1, -1, 2, 10, -10, M, -M, 1 << 62, -(1 << 63), 3]

total = 0
for a in values:
    for b in values:
        s, d = a + b, a - b
        assert s - b == a and d + b == a and s + d == 2 * a, (a, b)
        total = (total * 31 + s % 1000003 + d % 999983) % (1 << 61)
    for w in small:
        p = a * w
        assert p == w * a, (a, w)
        if w:
            assert p // w == a and p % w == 0, (a, w)
        assert p == sum([a] * abs(w) if abs(w) < 20 else [0]) * (1 if w >= 0 else -1) or abs(w) >= 20, (a, w)
        total = (total * 37 + p % 1000003) % (1 << 61)
print(total)

# A word of carry out of the top, a borrow through every word, cancelling to 0 and to small ints.
big = words(40, M)
print((big + 1) == 1 << (64 * 40), (big + 1 - 1) == big, (1 << 2560) - 1 == big)
print(big - big, -big + big, (big + 5) - big, big - (big + 5), type(big - (big - 7)).__name__)
print((big * M).bit_length(), (big * -M) < 0, (-big * -M) > 0, (big * 0), (-big) * 1 == -big)

# pidigits' arithmetic: many temporaries of growing size, each used once.
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

digits = pi_digits(1200)
print(digits[:50], digits[-20:], len(digits))

# Sums and differences of many big values, with a second computation in small pieces.
acc = 0
pieces = 0
for i in range(1, 3000):
    v = (i * 0x9E3779B97F4A7C15) ** 6 * (-1 if i % 3 == 0 else 1)
    acc = acc + v if i % 2 else acc - v
    pieces = pieces + (v if i % 2 else -v) % (1 << 61)
print(acc % (1 << 61) == pieces % (1 << 61), acc.bit_length(), acc % 1000000007)

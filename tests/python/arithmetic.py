# Integer, float and mixed arithmetic, big ints, division and comparisons.
print(1 + 2, 7 - 10, 6 * 7, 7 / 2, 7 // 2, -7 // 2, 7 % 3, -7 % 3, 2 ** 10)
print(2 ** 100, -(2 ** 63), 2 ** 63 - 1 + 1, (2 ** 64) // 3)
print(1.5 + 2, 3 * 0.1, 1e300 * 1e10, -0.0, 10 / 4, 2 ** -1)
print(7.5 // 2, 7.5 % 2, -7.5 % 2, divmod(17, 5), divmod(-17, 5), divmod(7.5, 2))
print(abs(-3), abs(-2.5), pow(2, 10), pow(2, 10, 1000), pow(3, -1, 7) if False else 0)
print(round(2.5), round(3.5), round(-2.5), round(3.14159, 2), round(1234, -2), round(2.675, 2))
print(1 < 2 < 3, 1 < 2 > 3, 2 == 2.0, 1 != 1.0, 3 >= 3, True + True, False * 5)
print(int("42"), int("-17"), int("ff", 16), int(3.99), int(-3.99), float("1.5"), float(3))
print(0.1 + 0.2, 1 / 3, 2 / 3, 1e16, 1.0e-5, 123456789.0 * 1000, float("inf"), -float("inf"))
print(5 & 3, 5 | 3, 5 ^ 3, ~5, 1 << 70, -16 >> 2, hex(255), oct(8), bin(5))
print(max(3, 1, 2), min([4, 2, 8]), sum([1, 2, 3]), sum([0.5, 0.25]), sum(range(101)))
x = 10
x += 5
x *= 2
x -= 1
x //= 4
x **= 2
print(x)
n = 1
for i in range(1, 30):
    n *= i
print(n)
print(isinstance(1, int), isinstance(True, int), isinstance(1.0, int), isinstance(1, (str, int)))
print(hash(1) == hash(1.0), hash(-1), hash(0))

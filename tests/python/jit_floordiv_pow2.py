# Floor division and modulo by constant powers of two in hot loops (the JIT turns them into shifts
# and masks), on negative, positive and large values; int-to-float conversions compared with zero;
# list iteration with enumerate.
def by_constants(values):
    out = []
    for v in values:
        out.append((v // 2, v % 2, v // 8, v % 8, v // 1024, v % 1024, v // (1 << 40), v % (1 << 40)))
    return out


def by_variable(values, d):
    total = 0
    for v in values:
        total += v // d + v % d
    return total


def reciprocal_sums(n):
    total = 0.0
    for i in range(-n, n):
        k = (i * (i + 1)) // 2 - i
        if float(k) == 0.0:
            total += 1
        else:
            total += 1.0 / k
    return total


def enumerate_sum(u):
    s = 0
    for j, u_j in enumerate(u):
        s += (j * (j + 1) // 2 + 1) * u_j
    return s


values = [x * 7919 - 500000 for x in range(-200, 200)] + [2**62, -2**62, 2**63 - 1, -2**63, 1, -1, 0]
for _ in range(3):
    rows = by_constants(values)
print(rows[:5], rows[-7:])
print(sum(sum(r) for r in rows))
print([by_variable(values, d) for d in (2, 3, 4, 16, -2, -4, 1024)])
print(reciprocal_sums(300))
print(enumerate_sum(list(range(-150, 150))), enumerate_sum([1] * 130))
try:
    print(1.0 / float(by_variable([0], 2)))
except ZeroDivisionError as e:
    print("ZeroDivisionError", e)

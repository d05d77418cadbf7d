# Traces that enter a peeled loop pass int and float objects by value where the loop carries
# them unboxed: nested loops whose inner loop's locals hold floats and ints from the previous
# outer iteration, and values of other types (big ints, float subclasses, None) in those slots.


class MyFloat(float):
    pass


def pairs(n, data):
    total = 0.0
    count = 0
    for i in range(n):
        for a, b in data:
            d = a - b
            m = d * d + 0.5
            total += m
            count += 1
        for k in range(3):
            count += k
        # d and m hold floats from the last pair when the inner loop is entered again
        if i % 7 == 3:
            d = 10 ** 30          # a big int where the loop carries a float
        if i % 11 == 5:
            m = MyFloat(2.5)      # a float subclass
        if i % 13 == 6:
            d = None
    return total, count


def ints(n):
    acc = 0
    for i in range(n):
        j = 0
        k = 0
        while j < 20:
            k = k + j * i
            j += 1
        for t in range(2):
            acc += t
        if i % 9 == 4:
            k = 2 ** 70
        acc += k % 1000003
    return acc


def identity(n):
    x = 1.5
    keep = x
    same = 0
    for i in range(n):
        y = 0.0
        for j in range(5):
            y = y + x
        for t in range(2):
            same += t
        if keep is x:
            same += 1
        x = keep
    return same, y


data = [(float(i), float(i) / 3.0) for i in range(10)]
print(pairs(300, data))
print(ints(300))
print(identity(300))

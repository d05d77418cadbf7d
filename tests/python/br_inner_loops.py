# Loops inside functions called from a hot loop: traces inline one iteration of a callee's loop and
# run the rest of it as a call from its loop header; bridges resumed inside such a loop do the same.
# Results, exceptions and tracebacks must not depend on where the callee's loop runs.
import sys
import traceback


def count_until(items, stop):
    n = 0
    for x in items:
        if x == stop:
            break
        n += x
    return n


def find_first(items, pred_value):
    i = 0
    while i < len(items):
        if items[i] % pred_value == 0:
            return i
        i += 1
    else:
        return -1


def nested(k):
    total = 0
    for i in range(k % 5):
        for j in range(i):
            total += i * j
    return total


def raises_inside(k):
    acc = 0
    for i in range(k % 7 + 1):
        acc += i
        if acc > 12:
            raise ValueError("acc %d at %d" % (acc, i))
    return acc


def gen_squares(n):
    for i in range(n):
        yield i * i


def consume(n):
    s = 0
    for v in gen_squares(n):
        s += v
    return s


class Walker:
    def __init__(self, data):
        self.data = data
        self.seen = []

    def walk(self, limit):
        pos = 0
        steps = 0
        while pos < len(self.data) and steps < limit:
            pos = self.data[pos]
            steps += 1
            self.seen.append(pos)
        return steps


def deep(level, items):
    if level == 0:
        return count_until(items, 7)
    return deep(level - 1, items) + 1


def main():
    checksum = 0
    errors = []
    for k in range(3000):
        items = [(k * 7 + i * 3) % 11 for i in range(k % 9)]
        checksum += count_until(items, 7)
        checksum += find_first(items, (k % 4) + 2)
        checksum += nested(k)
        try:
            checksum += raises_inside(k)
        except ValueError as e:
            if k % 500 == 3:
                errors.append(str(e))
        checksum += consume(k % 6)
        w = Walker([(i * 5 + k) % 8 for i in range(8)])
        checksum += w.walk(k % 10) + len(w.seen)
        checksum += deep(k % 4, items)
    print("checksum", checksum)
    print("errors", errors)


def traceback_from_inner_loop():
    def inner(values):
        for v in values:
            if v < 0:
                raise KeyError(v)
        return len(values)

    def outer(n):
        return inner([3, 2, 1, n])

    result = 0
    for k in range(2500, -3, -1):
        try:
            result += outer(k - 1)
        except KeyError as e:
            tb = traceback.extract_tb(sys.exc_info()[2])
            print("KeyError", e, [f.name for f in tb])
    print("result", result)


main()
traceback_from_inner_loop()
print(sum(find_first(list(range(j, j + 20)), 13) for j in range(2000)))

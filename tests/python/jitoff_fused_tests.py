# Tests followed by conditional jumps, and local loads after local moves: exact ints, floats and
# strs, identity and membership tests, rich comparisons of other types, unbound locals among
# consecutive loads, and exceptions raised by a comparison inside `try`.
import traceback


def compare_kinds(n):
    counts = [0] * 8
    x = 0.5
    words = ["a", "b", "c"]
    for i in range(n):
        if i < n // 2:
            counts[0] += 1
        if not i >= 7:
            counts[1] += 1
        if x * i > 10.0:
            counts[2] += 1
        if words[i % 3] == "b":
            counts[3] += 1
        if i % 5 in (1, 2):
            counts[4] += 1
        if i % 4 not in {0}:
            counts[5] += 1
        if words is not None:
            counts[6] += 1
        j = i
        while j > 0 and j != 3:
            j -= 2
            counts[7] += 1
    return counts


class Odd:
    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        return self.v % 2 == 1

    def __eq__(self, other):
        return [] if self.v else [1]


def rich(n):
    out = []
    for i in range(n):
        a = Odd(i)
        if a < 0:
            out.append("lt")
        if a == 0:
            out.append("eq")
        else:
            out.append("ne")
    return out


def chained(n):
    total = 0
    for i in range(n):
        if 2 < i < 7:
            total += i
        if i == 3 or i > 8:
            total += 100
        flag = i < 5
        total += flag
    return total


def unbound(which):
    a = 1
    if which:
        b = 2
    return a + b


def unbound_after_store(which):
    c = 1
    if which:
        del c
    d = 4
    return d + c


def mixed_compare(n):
    errors = 0
    for i in range(n):
        try:
            if i < "x":
                errors -= 1000
        except TypeError as e:
            errors += 1
            last = str(e)
    return errors, last


def nested_loops(n):
    s = 0
    i = 0
    while i < n:
        k = i
        while k < n:
            s += k - i
            k += 3
        i += 1
    return s


def nan_and_float(n):
    nan = float("nan")
    hits = []
    for i in range(n):
        v = i / 2
        if v == nan or v != v:
            hits.append("nan")
        if v >= 2.5 and v < 4:
            hits.append(v)
    return hits


print(compare_kinds(40))
print(rich(9))
print(chained(12))
print(unbound(True))
for f, arg in ((unbound, False), (unbound_after_store, True)):
    try:
        f(arg)
    except UnboundLocalError as e:
        print(type(e).__name__, e)
        print(traceback.extract_tb(e.__traceback__)[-1].line)
print(unbound_after_store(False))
print(mixed_compare(25))
print(nested_loops(60))
print(nan_and_float(12))

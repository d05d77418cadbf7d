# The interpreter's shortcut for arithmetic on exact ints and floats (any mix, every operator):
# results, types and errors must be those of the general path, in plain and in-place forms.
import math

values = [0, 1, -1, 7, -7, 3, 2**31, -(2**40), 2**62, -(2**63), 2**53 + 1, 0.0, -0.0, 1.5, -2.25,
          1e300, 3.0, 7.0, float("inf"), float("nan"), True, False, 2**70]
ops = ["+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^", "@"]


def show(r):
    if isinstance(r, float):
        if math.isnan(r):
            return "float nan"
        return "float " + repr(r)
    return type(r).__name__ + " " + repr(r)


def run(a, op, b):
    try:
        return show(eval("a %s b" % op, {"a": a, "b": b}))
    except Exception as e:
        return "%s: %s" % (type(e).__name__, e)


def run_inplace(a, op, b):
    try:
        x = a
        exec("x %s= b" % op, {"b": b}, env := {"x": x})
        return show(env["x"])
    except Exception as e:
        return "%s: %s" % (type(e).__name__, e)


count = 0
for a in values:
    for b in values:
        for op in ops:
            if op == "**" and isinstance(a, int) and isinstance(b, int) and abs(b) > 64:
                continue
            if op in ("<<",) and isinstance(b, int) and b > 1000:
                continue
            r = run(a, op, b)
            ri = run_inplace(a, op, b)
            if count % 7 == 0 or "Error" in r:
                print(show(a), op, show(b), "->", r, "|", ri)
            count += 1
print(count)


# A loop, so that the shortcut runs hot (and traces compile) with mixed operands.
def mixed(n):
    total = 0.0
    acc = 0
    for i in range(n):
        total += i / 3 + 2 * 0.5 - i % 5 * 1.25
        acc += (i * 7) // 3 - (i << 2) % 11 + (i ^ 5) - (i & 3)
        total -= i ** 2 / (i + 1)
    return total, acc


print(mixed(2000))
for d in (0, 0.0):
    for x in (5, 5.5):
        for op in ("/", "//", "%"):
            print(x, op, d, run(x, op, d), run_inplace(x, op, d))

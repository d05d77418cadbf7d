# Recursion-limit errors raised under compiled callers (call_assembler of a recursive function),
# caught in a hot loop, and the frame chain's length seen from the deepest frame.
import sys


def down(n):
    if n == 0:
        return 0
    return down(n - 1) + 1


def count_back():
    f = sys._getframe()
    n = 0
    while f is not None:
        n += 1
        f = f.f_back
    return n


def depth_at(n):
    if n == 0:
        return count_back()
    return depth_at(n - 1)


def run(limit_calls):
    ok = fail = 0
    depths = []
    for i in range(limit_calls):
        try:
            down(40 if i % 9 else 5000)
            ok += 1
        except RecursionError as e:
            fail += 1
            msg = str(e)
        if i % 30 == 0:
            depths.append(depth_at(i % 20))
    return ok, fail, msg, depths


base = count_back()
ok, fail, msg, depths = run(120)
print(ok, fail, msg, [d - base for d in depths])


def mutual_a(n):
    if n <= 0:
        return sys._getframe(3).f_code.co_name
    return mutual_b(n - 1)


def mutual_b(n):
    return mutual_a(n - 1)


print([mutual_a(k) for k in range(6, 60, 3)][-3:])

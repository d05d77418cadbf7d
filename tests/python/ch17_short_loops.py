# Short loops in functions called from hot loops: comprehensions, for/while loops with
# break/else/continue, exceptions raised in a later iteration, closures and frames seen from
# inside the loop. Trip counts vary around the number of iterations a trace unrolls in an
# inlined frame, so that some calls run the loop whole in the caller's trace and others leave
# through its rest (the loop's own compiled code).
import sys


def squares(n):
    return [i * i for i in range(n)]


def pick(xs, lo):
    return [x + lo for x in xs if x % 3 != 1]


def first_over(xs, limit):
    for i, x in enumerate(xs):
        if x > limit:
            break
    else:
        return -1
    return i


def countdown(n):
    total = 0
    while n > 0:
        n -= 1
        if n % 4 == 2:
            continue
        total += n
    return total


def nested(n):
    out = []
    for a in range(n):
        for b in range(a):
            out.append(a * 10 + b)
    return out


def raising(n, bad):
    acc = 0
    for i in range(n):
        if i == bad:
            raise ValueError("bad item %d" % i)
        acc += i
    return acc


def frames_seen(n):
    names = []
    for i in range(n):
        f = sys._getframe(1)
        names.append((f.f_code.co_name, i))
    return names


def closures(n):
    return [(lambda k=k: k * 2)() for k in range(n)]


def dict_and_set(n):
    d = {k: k * k for k in range(n)}
    s = {k % 3 for k in range(n)}
    return sum(d.values()), sorted(s)


def genexp_sum(n):
    return sum(x * 3 for x in range(n))


def comp_frames(n):
    # The comprehension's own frame, seen from inside: its name, its caller, its locals.
    return [(sys._getframe().f_code.co_name, sys._getframe(1).f_code.co_name,
             sorted(sys._getframe().f_locals)) for i in range(n)]


def comp_raises(xs):
    return [10 // x for x in xs]


def comp_traceback(xs):
    try:
        comp_raises(xs)
    except ZeroDivisionError as e:
        tb = e.__traceback__
        names = []
        while tb is not None:
            names.append((tb.tb_frame.f_code.co_name, tb.tb_lineno - comp_raises.__code__.co_firstlineno))
            tb = tb.tb_next
        return names
    return None


def comp_nested(n):
    return [[a * b for b in range(a)] for a in range(n)]


def comp_cells(n):
    scale = n
    out = [lambda i=i: i * scale for i in range(n)]
    scale = 100
    return [f() for f in out]


def main():
    checks = []
    for rep in range(300):
        n = rep % 9
        checks.append(sum(squares(n)))
        checks.append(len(pick(list(range(n + 2)), rep)))
        checks.append(first_over([3, 1, 4, 1, 5, 9, 2, 6][: n], 4))
        checks.append(countdown(n))
        checks.append(sum(nested(n % 5)))
        try:
            checks.append(raising(n, 3 if rep % 7 == 0 else 100))
        except ValueError as e:
            checks.append(str(e))
        if rep % 50 == 0:
            checks.append(frames_seen(n % 4))
        checks.append(sum(closures(n)))
        checks.append(dict_and_set(n))
        checks.append(genexp_sum(n))
        checks.append(comp_traceback([3, 2, 1, 0][: n % 5]) if rep % 3 == 0 else None)
        checks.append(comp_nested(n % 6))
        checks.append(comp_cells(n % 7))
        if rep % 40 == 0:
            checks.append(comp_frames(n % 5))
    print(len(checks))
    print(checks[:60])
    print(checks[-60:])
    print([c for c in checks if isinstance(c, list) and c and isinstance(c[0], tuple)][:12])
    print(hash(repr(checks)) == hash(repr(checks)), repr(checks).count("bad item"))
    total = 0
    for c in checks:
        if isinstance(c, int):
            total += c
    print(total)


main()

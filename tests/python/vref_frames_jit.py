# f_back chains seen from compiled code: deep recursion (call_assembler in eager mode), frames
# read after a guard fails, generators resumed by for loops and builtins, and tracebacks that
# pass through builtins calling Python code.
import sys
import traceback


def chain(n):
    out = []
    f = sys._getframe(1)
    while f is not None and len(out) < n:
        out.append((f.f_code.co_name, f.f_lineno - f.f_code.co_firstlineno))
        f = f.f_back
    return out


def rec(n, probe):
    if n == 0:
        return chain(6) if probe else n
    return rec(n - 1, probe)


PROBES = []


def fib(n, probe):
    if n < 2:
        if probe:
            PROBES.append(chain(4))
        return n
    return fib(n - 1, probe) + fib(n - 2, False)


def rare(i):
    # The guard on `i % 97` fails rarely: the frame chain is read on the resuming path.
    if i % 97 == 96:
        return chain(3)
    return i


def gen(n):
    for i in range(n):
        yield sys._getframe(1).f_code.co_name, sys._getframe().f_back.f_code.co_name


def consume_for(n):
    return [x for x in gen(n)][-1]


def consume_list(n):
    return list(gen(n))[-1]


def boom(x):
    if x == 7:
        raise ValueError("seven")
    return x


def through_map(xs):
    return list(map(boom, xs))


def through_sorted(xs):
    return sorted(xs, key=boom)


def tb_names(fn, xs):
    try:
        fn(xs)
    except ValueError as e:
        return [(fs.name, fs.line) for fs in traceback.extract_tb(e.__traceback__)]
    return None


results = []
for i in range(400):
    r = rec(30, i % 50 == 49)
    if r:
        results.append(("rec", i, r))
    if i % 100 == 0:
        results.append(("fib", i, fib(12, True), PROBES.pop()))
    r = rare(i)
    if isinstance(r, list):
        results.append(("rare", i, r))
    if i % 80 == 0:
        results.append(("gen", consume_for(5), consume_list(5)))
        results.append(("tb", tb_names(through_map, [1, 7]), tb_names(through_sorted, [7, 1])))
for r in results:
    print(r)

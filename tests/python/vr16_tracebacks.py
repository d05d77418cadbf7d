# Exceptions propagating out of callees that compiled code calls through call_assembler (a
# function with a loop, recursion beyond the inlining depth): their tracebacks, the f_back chains
# of the traceback's frames and traceback.extract_stack() inside the callee.
import sys
import traceback


def looping(i, k):
    s = 0
    for j in range(k):
        s += j
    if i % 41 == 40:
        raise KeyError(i)
    return s


def mid(i):
    w = i * 2
    return looping(i, 10) + w


def outer(n):
    out = []
    total = 0
    for i in range(n):
        try:
            total += mid(i)
        except KeyError as e:
            tb = e.__traceback__
            entries = [(fs.name, fs.lineno) for fs in traceback.extract_tb(tb)]
            last = tb
            while last.tb_next is not None:
                last = last.tb_next
            f = last.tb_frame
            chain = []
            while f is not None and len(chain) < 4:
                chain.append(f.f_code.co_name)
                f = f.f_back
            out.append((i, entries, chain, last.tb_frame.f_back.f_locals["w"]))
    return total, out


total, out = outer(300)
print(total)
for o in out:
    print(o)


def rec(n, i):
    if n == 0:
        if i % 23 == 22:
            raise ValueError("deep %d" % i)
        return 1
    return rec(n - 1, i) + 1


def run_rec(n):
    res = []
    for i in range(n):
        try:
            res.append(rec(12, i))
        except ValueError as e:
            tb = traceback.extract_tb(e.__traceback__)
            res.append((str(e), len(tb), [f.name for f in tb][:3]))
    return res


print(run_rec(120))


def stack_names(i):
    s = 0
    for j in range(4):
        s += j
    if i % 31 == 30:
        return [(f.name, f.line) for f in traceback.extract_stack()][-4:]
    return s


def via(i):
    return stack_names(i)


def run_stack(n):
    out = []
    for i in range(n):
        r = via(i)
        if isinstance(r, list):
            out.append(r)
    return out


for r in run_stack(200):
    print(r)


def raise_in_loop(n):
    # The exception leaves several compiled frames: the outermost handler sees every one.
    def inner(i):
        for j in range(3):
            if i == n - 1 and j == 2:
                raise RuntimeError("last")
        return i

    def middle(i):
        return inner(i) + 1

    acc = 0
    for i in range(n):
        acc += middle(i)
    return acc


try:
    raise_in_loop(250)
except RuntimeError as e:
    print([(fs.name, fs.line) for fs in traceback.extract_tb(e.__traceback__)])


SAVED = []


def catches(i):
    # The exception is caught inside the callee (a loop: its own compiled code); its traceback,
    # kept after both calls returned, still reaches the callers through f_back.
    s = 0
    for j in range(3):
        try:
            if (i + j) % 19 == 0:
                raise IndexError(j)
            s += j
        except IndexError as e:
            if i > 200 and len(SAVED) < 6:
                SAVED.append(e.__traceback__)
    return s


def caller_of_catches(i):
    mark = i % 7
    return catches(i) + mark


def run_catches(n):
    return sum(caller_of_catches(i) for i in range(n))


print(run_catches(300))
for tb in SAVED:
    f = tb.tb_frame
    print(f.f_code.co_name, f.f_back.f_code.co_name, f.f_back.f_locals["mark"], f.f_back.f_back.f_code.co_name)

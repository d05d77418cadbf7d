# traceback objects: tb_frame, tb_lineno, tb_next, tb_lasti; frames reached from them
import sys


def fail(n):
    local_in_fail = n * 3
    raise ValueError("bad %d" % n)


def middle(n):
    middle_local = "m"
    return fail(n)


def entries(tb):
    out = []
    while tb is not None:
        f = tb.tb_frame
        out.append((f.f_code.co_name, tb.tb_lineno, f.f_lineno, sorted(f.f_locals) if f.f_code.co_name != "<module>" else None))
        tb = tb.tb_next
    return out


try:
    middle(4)
except ValueError as e:
    print(type(e).__name__, e)
    for entry in entries(e.__traceback__):
        print(entry)
    tb = e.__traceback__
    print(type(tb).__name__, type(tb.tb_frame).__name__)
    print(tb.tb_lasti >= 0, isinstance(tb.tb_lasti, int))
    last = tb
    while last.tb_next is not None:
        last = last.tb_next
    print(last.tb_frame.f_locals["local_in_fail"], last.tb_frame.f_back.f_code.co_name)
    print(last.tb_frame.f_back.f_locals["middle_local"])
    print(sys.exc_info()[2] is tb)


def loop():
    seen = []
    for i in range(2000):
        try:
            if i % 2:
                fail(i)
            else:
                {}[i]
        except (ValueError, KeyError) as e:
            tb = e.__traceback__
            names = []
            while tb is not None:
                names.append((tb.tb_frame.f_code.co_name, tb.tb_lineno))
                tb = tb.tb_next
            if i % 500 < 2:
                seen.append((i, names))
    return seen


for item in loop():
    print(item)


def deep(n):
    if n == 0:
        raise KeyError("deep")
    return deep(n - 1)


try:
    deep(5)
except KeyError as e:
    tb = e.__traceback__
    count = 0
    while tb is not None:
        count += 1
        tb = tb.tb_next
    print("depth", count)


def reraiser():
    try:
        fail(1)
    except ValueError:
        raise


try:
    reraiser()
except ValueError as e:
    print(entries(e.__traceback__)[1:])


def finished():
    x = 1
    return sys._getframe()


fr = finished()
print(sorted(fr.f_locals), fr.f_back.f_code.co_name)
fr.clear()
print(sorted(fr.f_locals))
try:
    sys._getframe().clear()
except RuntimeError as e:
    print(type(e).__name__, e)
middle(7)

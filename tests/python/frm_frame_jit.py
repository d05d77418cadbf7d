# frames that escape from compiled code: sys._getframe in inlined callees, f_back chains,
# caller locals, tracebacks raised in hot loops, class bodies and exec'd code as frames
import sys


def caller_info(depth):
    f = sys._getframe(depth)
    return f.f_code.co_name, f.f_lineno, sorted(f.f_locals)


def leaf(x):
    y = x + 1
    return caller_info(1), caller_info(2)


def mid(x):
    z = x * 2
    return leaf(z)


def run():
    seen = []
    acc = 0
    for i in range(3000):
        a, b = mid(i)
        acc += len(a[2]) + len(b[2]) + a[1] + b[1]
        if i % 700 == 0:
            seen.append((i, a, b))
    return acc, seen


acc, seen = run()
print(acc)
for item in seen:
    print(item)


def who_called():
    return sys._getframe(2).f_code.co_name


def via_method():
    class Helper:
        def method(self):
            return who_called()

    h = Helper()
    names = set()
    for i in range(2000):
        names.add(h.method())
    return sorted(names)


print(via_method())


def values_of_caller():
    return dict(sys._getframe(1).f_locals)


def changing():
    out = []
    for i in range(1500):
        j = i * 3
        snapshot = values_of_caller()
        if snapshot["j"] != i * 3 or snapshot["i"] != i:
            out.append(("bad", i, snapshot))
        if i % 500 == 0:
            out.append((snapshot["i"], snapshot["j"], sorted(snapshot)))
    return out


print(changing())


class Made:
    where = sys._getframe().f_code.co_name
    back = sys._getframe().f_back.f_code.co_name
    names = sorted(sys._getframe().f_locals)


print(Made.where, Made.back, Made.names)


def make_class():
    class Inner:
        back = sys._getframe(1).f_code.co_name
    return Inner.back


print(make_class())
exec("import sys\nprint('exec frame', sys._getframe().f_code.co_name, sys._getframe(1).f_code.co_name)")
print(eval("sys._getframe().f_back.f_code.co_name"))


def raiser(i):
    if i % 3 == 0:
        raise ValueError(i)
    return i


def tb_loop():
    total = 0
    for i in range(2400):
        try:
            total += raiser(i)
        except ValueError as e:
            tb = e.__traceback__
            inner = tb.tb_next
            total += inner.tb_lineno + inner.tb_frame.f_locals["i"]
            total += inner.tb_frame.f_back is sys._getframe()
    return total


print(tb_loop())


def gen_frames():
    def g():
        yield sys._getframe().f_code.co_name
        yield sys._getframe().f_lineno
    return list(g())


print(gen_frames())


def recurse(n):
    if n == 0:
        depth = 0
        f = sys._getframe()
        while f.f_back is not None:
            depth += 1
            f = f.f_back
        return depth
    return recurse(n - 1)


print([recurse(k) for k in range(0, 60, 15)])

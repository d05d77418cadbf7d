# inspect.stack() and inspect.currentframe() chains from callees of compiled code.
import inspect


def where(i):
    s = 0
    for j in range(5):
        s += j
    if i % 43 == 42:
        return [(fi.function, fi.lineno - fi.frame.f_code.co_firstlineno) for fi in inspect.stack()[:4]]
    return s


def mid(i):
    return where(i)


def outer(n):
    out = []
    for i in range(n):
        r = mid(i)
        if isinstance(r, list):
            out.append(r)
    return out


for r in outer(300):
    print(r)


def outer_names(i):
    f = inspect.currentframe()
    names = []
    while f is not None:
        names.append(f.f_code.co_name)
        f = f.f_back
    return names


def loop(n):
    res = None
    for i in range(n):
        res = outer_names(i)
    return res


print(loop(200))

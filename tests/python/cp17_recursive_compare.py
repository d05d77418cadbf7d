# Comparing containers that hold themselves, or nests deeper than the recursion limit, raises
# RecursionError ("in comparison") instead of crashing; the interpreter carries on afterwards.


def selfdict():
    d = {}
    d["k"] = d
    return d


def selflist():
    l = [1]
    l.append(l)
    return l


def selftuple_list():
    l = []
    t = (l,)
    l.append(t)
    return t


for make in (selfdict, selflist, selftuple_list):
    x, y = make(), make()
    for op in ("y == x", "y != x", "y < x", "y >= x"):
        try:
            print(make.__name__, op, eval(op))
        except RecursionError as e:
            print(make.__name__, op, "RecursionError", e)
        except TypeError as e:
            print(make.__name__, op, "TypeError", e)
    print(make.__name__, "identical", x == x, [x] == [x])

t = ()
for i in range(50000):
    t = (t,)
u = ()
for i in range(50000):
    u = (u,)
try:
    print(t == u)
except RecursionError as e:
    print("deep tuples: RecursionError", e)

shallow = [[[i, (i, {"a": [i]})]] for i in range(100)]
print(shallow == [[[i, (i, {"a": [i]})]] for i in range(100)], shallow < shallow[:-1] + [[[200]]])

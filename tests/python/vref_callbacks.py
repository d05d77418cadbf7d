# f_back of Python functions called by builtins (map, filter, sorted, min, max, list.sort,
# functools.reduce) and through f(*args) / f(**kw): CPython gives the frame that called the
# builtin (or iterates the lazy map/filter). Loops make the callers hot (compiled code).
import sys
import functools


def names(depth=1):
    out = []
    f = sys._getframe(depth)
    while f is not None and len(out) < 3:
        out.append(f.f_code.co_name)
        f = f.f_back
    return out


def who(*args, **kw):
    return sys._getframe(1).f_code.co_name


def who2(*args, **kw):
    return sys._getframe(2).f_code.co_name


LOG = set()


def key(x):
    LOG.add(("key", tuple(names(2))))
    return x


def pred(x):
    LOG.add(("pred", tuple(names(2))))
    return x % 2 == 0


def use_map(xs):
    return list(map(who, xs))


def use_map_for(xs):
    out = []
    for y in map(who, xs):
        out.append(y)
    return out


def use_map_comp(xs):
    return [y for y in map(who, xs)]


def use_filter(xs):
    return list(filter(pred, xs))


def use_sorted(xs):
    return sorted(xs, key=key)


def use_min_max(xs):
    return min(xs, key=key), max(xs, key=key)


def use_sort(xs):
    ys = list(xs)
    ys.sort(key=key, reverse=True)
    return ys


def use_reduce(xs):
    return functools.reduce(lambda acc, x: acc + [who2(), x], xs, [])


def use_star(xs):
    return who(*xs), who2(*xs)


def use_kw(xs):
    return who(**{"a": xs}), who(1, *xs, b=2), who2(**{"a": 1})


def use_next(xs):
    m = map(who, xs)
    return next(m), next(m)


def use_tuple_sum(xs):
    t = tuple(map(who, xs))
    n = sum(map(lambda x: len(names(2)), xs))
    return t, n


def driver(rounds):
    seen = set()
    for i in range(rounds):
        xs = [i % 5, (i + 3) % 5, 2]
        for f in (use_map, use_map_for, use_map_comp, use_filter, use_sorted, use_min_max,
                  use_sort, use_reduce, use_star, use_kw, use_next, use_tuple_sum):
            seen.add((f.__name__, repr(f(xs))))
    return sorted(seen)


for line in driver(300):
    print(line)
for line in sorted(LOG):
    print(line)

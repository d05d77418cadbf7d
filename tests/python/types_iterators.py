# Iterators of the builtins: exhaustion, laziness, zip/map/filter/enumerate/reversed details.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "->", type(e).__name__, e)

def exhaust():
    it = iter([1, 2])
    return list(it), list(it), next(it, "done")
show("exhaust", exhaust)
def lazy_map():
    seen = []
    m = map(lambda v: seen.append(v) or v * 2, [1, 2, 3])
    first = next(m)
    return first, seen, list(m), seen
show("lazy_map", lazy_map)
def zip_stops():
    a = iter([1, 2, 3])
    b = [10]
    z = list(zip(a, b))
    return z, list(a)
show("zip_stops", zip_stops)
def zip_strict_generators():
    def gen(n):
        yield from range(n)
    try:
        return list(zip(gen(2), gen(3), strict=True))
    except ValueError as e:
        return str(e)
show("zip_strict_gen", zip_strict_generators)
show("zip_strict_three", lambda: list(zip([1], [2], [3, 4], strict=True)))
show("zip_strict_first_short", lambda: list(zip([], [1], strict=True)))
show("zip_strict_false", lambda: list(zip([1], [2, 3], strict=False)))
show("zip_bad_kw", lambda: zip([1], bogus=True))
show("zip_not_iterable", lambda: zip([1], 5))
show("enumerate", lambda: [list(enumerate("ab", 2**62)), list(enumerate([], 5)), next(enumerate("x", start=-3))])
show("enumerate_err", lambda: enumerate("ab", "x"))
show("filter_none", lambda: list(filter(None, [0, 1, [], [0], "", "0", None, 0.0, 2j])))
show("filter_func_err", lambda: list(filter(lambda v: 1 / v, [1, 0])))
show("map_multi", lambda: list(map(lambda *a: sum(a), [1, 2, 3], [10, 20], [100, 200, 300])))
show("map_noncallable", lambda: list(map(5, [1])))
show("reversed_types", lambda: [list(reversed("abc")), list(reversed((1, 2))), list(reversed([])), list(reversed(range(3)))])
def reversed_live():
    a = [1, 2, 3]
    r = reversed(a)
    first = next(r)
    a[0] = 99
    return first, list(r)
show("reversed_live", reversed_live)
def list_iter_live():
    a = [1, 2]
    it = iter(a)
    a.append(3)
    return list(it)
show("list_iter_live", list_iter_live)
def iter_sentinel_file_like():
    lines = ["a", "b", "", "c"]
    return list(iter(lambda: lines.pop(0), ""))
show("iter_sentinel", iter_sentinel_file_like)
show("iter_of_iter", lambda: (lambda it: iter(it) is it)(iter([1])))
show("next_default_types", lambda: [next(iter(""), None), next(iter({}), 0), next(iter(set()), "e")])
show("next_non_iterator", lambda: next(5))
show("iter_non_iterable", lambda: iter(None))
class Seq:
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError(i)
        return i * 10
show("old_protocol", lambda: [list(Seq()), 20 in Seq(), list(reversed([*Seq()]))])
class It:
    def __init__(self):
        self.n = 0
    def __iter__(self):
        return self
    def __next__(self):
        self.n += 1
        if self.n > 3:
            raise StopIteration
        return self.n
show("user_iterator", lambda: [list(It()), sum(It()), max(It()), sorted(It(), reverse=True), dict(zip(It(), "abc"))])
show("unpack", lambda: (lambda a, b, *c: (a, b, c))(*iter(range(5))))
show("star_unpack", lambda: [*range(3), *"ab", *{1: 2}])
show("dict_iter_mutation", lambda: [k for k in (lambda d: (d, d.pop("a"))[0])({"a": 1, "b": 2})])
show("any_all_short", lambda: (lambda seen: (any(seen.append(v) or v for v in [0, 1, 2]), seen))([]))

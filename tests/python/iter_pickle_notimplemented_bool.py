import pickle, copy
def double(c): return c * 2
def gt_b(x): return x > "b"
def show(it, n=1):
    for proto in range(pickle.HIGHEST_PROTOCOL + 1):
        d = pickle.dumps(it, proto)
        it2 = pickle.loads(d)
        assert type(it2) is type(it)
    for _ in range(n):
        next(it)
    it3 = pickle.loads(pickle.dumps(it))
    print(type(it).__name__, list(it3), list(it))
show(map(double, "abcdef"))
show(map(pow, [1, 2, 3], (4, 5, 6)))
show(filter(None, [0, 1, 0, 2, 3]))
show(filter(gt_b, "abcde"))
show(zip("abc", range(3), [7, 8, 9]))
show(enumerate("xyz", 5))
z = zip("ab", "abc", strict=True)
print(z.__reduce__()[0] is zip, len(z.__reduce__()))
z2 = pickle.loads(pickle.dumps(z))
try:
    print(list(z2))
except ValueError as e:
    print("ValueError", e)
print(len(zip("a","b").__reduce__()[1]))
print(copy.copy(map(str, [1, 2])).__class__.__name__)
import warnings
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    print(bool(NotImplemented))
    if NotImplemented: print("yes")
    print(not NotImplemented)
    print(len(w), w[0].category.__name__, w[0].message)
with warnings.catch_warnings():
    warnings.simplefilter("error")
    try:
        bool(NotImplemented)
    except DeprecationWarning as e:
        print("error:", e)

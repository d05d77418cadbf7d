# Assorted builtins and their errors.
print(len([1, 2]), len("abc"), len({1: 2}), len(range(5)), len((1,)))
print(repr([1, "a", None, True, 1.5]), str([1, "a"]), ascii("héllo"))
print(type(1), type("a"), type([]), type(None), type(type), type(len))
print(id(1) == id(1), callable(print), hash("a") == hash("a"))
print(min(3, 4), max("abc"), min([], default=0), max([1, 5, 2], key=lambda x: -x))
print(sorted([3, 1, 2]), sorted("bca"), sorted([(2, "b"), (1, "a")]), sorted([1, 3, 2], key=lambda x: -x))
print(list(reversed("abc")), list(reversed(range(4))), list(enumerate([5, 6], start=10)))
print(any(x > 2 for x in [1, 3]), all(x > 0 for x in [1, 2]), divmod(9, 4), pow(2, 5))
print(chr(97), ord("z"), hex(-42), bin(10), oct(64), abs(-7.5), round(0.5), round(1.5))
print(int(True), float("  2.5 "), bool(""), bool("x"), bool([]), bool(0.0), str(b"ab"))
print(isinstance("s", str), issubclass(bool, int), issubclass(int, bool), isinstance([], (list, tuple)))
print(getattr("abc", "upper")(), hasattr([], "append"), type(1.0).__name__, (1).bit_length(), (255).bit_length())
it = iter([1, 2, 3])
print(next(it), next(it), list(it), next(it, "done"))
print(list(zip("abc", range(2))), list(map(str, [1, 2])), dict(enumerate("xy")))
print(sum([[1], [2]], []), max([1, 2], [1, 3]), min("b", "a"), format(3.14159, ".3f"), format(42, "08b"))
print(str(1e100), str(1.0), str(123.456), 1e-7, 0.1 * 3, 100.0, 1.5e300 * 10, 2.0 ** 0.5)
for bad in [lambda: min([]), lambda: chr(-1), lambda: ord("ab"), lambda: int("12a"), lambda: sorted([1, "a"]),
            lambda: next(5), lambda: range(1, 2, 0), lambda: getattr(1, "nope"), lambda: sum(["a"]),
            lambda: abs("x"), lambda: len(), lambda: [].index(3), lambda: {}.pop("k"), lambda: (1, 2).index(5)]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__ + ":", e)
class A:
    pass
a = A()
print(type(a).__name__, A.__name__, A.__qualname__, isinstance(a, object), type(A).__name__)
T = type("T", (A,), {"x": 5, "hello": lambda self: "hi"})
print(T.x, T().hello(), T.__name__, issubclass(T, A))
print(print("nested", end="!\n"))
print("a", "b", sep="-", end=".\n")
print()

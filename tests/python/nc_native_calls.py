# Residual native calls: builtins called from traces and from native code, argument binding of
# functions with **kwargs, isinstance with tuples of classes, divmod and str affixes fast paths.
import json


def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


# divmod of machine ints, floats, bools, big ints, and errors
def divmods():
    out = []
    for a in (7, -7, 0, 1, -1, 2**62, -2**63, 13, 10**20):
        for b in (3, -3, 1, -1, 7, 2**61):
            out.append(divmod(a, b))
    return out


for _ in range(300):
    r = divmods()
print(r)
show("divmod0", lambda: divmod(5, 0))
show("divmodmin", lambda: divmod(-2**63, -1))
show("divmodbool", lambda: divmod(True, 2))
show("divmodfloat", lambda: divmod(7.5, 2))
show("divmodfz", lambda: divmod(7.5, 0.0))
show("divmodstr", lambda: divmod("a", 2))


class I(int):
    def __divmod__(self, other):
        return "I.__divmod__"

    def __rdivmod__(self, other):
        return "I.__rdivmod__"


show("divmodsub", lambda: divmod(I(3), 2))
show("rdivmodsub", lambda: divmod(3, I(2)))
show("intsub-plain", lambda: divmod(int.__new__(type("J", (int,), {}), 9), 4))


# str.startswith / endswith
class S(str):
    pass


def affixes(s):
    out = []
    for p in ("", "a", "ab", "abc", "abcd", "bc", "c", "é", "\ud800", "x" * 100):
        out.append((s.startswith(p), s.endswith(p)))
    out.append((s.startswith(("x", "ab")), s.endswith(("zz", "bc"))))
    out.append((s.startswith("b", 1), s.endswith("b", 0, 2), s.startswith("", 10)))
    return out


for _ in range(300):
    r1 = affixes("abc")
    r2 = affixes(S("abc"))
    r3 = affixes("é\ud800abc")
    r4 = affixes("x" * 200 + "abc")
print(r1, r2, r3, r4, sep="\n")
print("aé".startswith(S("a")), "\udc00\ud800".endswith("\ud800"), "\ud800\udc00".startswith("\ud800"))
show("sw-int", lambda: "abc".startswith(1))
show("sw-tuple-int", lambda: "abc".startswith(("a", 1)))
show("ew-none", lambda: "abc".endswith(None))
show("sw-noargs", lambda: "abc".startswith())
show("sw-descr", lambda: str.startswith(b"abc", "a"))


# isinstance with tuples of classes
class Meta(type):
    calls = 0

    def __instancecheck__(cls, obj):
        Meta.calls += 1
        print("instancecheck", cls.__name__, type(obj).__name__)
        return obj == 42


class Hooked(metaclass=Meta):
    pass


class Base:
    pass


class Derived(Base):
    pass


def checks(x):
    return (
        isinstance(x, (list, tuple)),
        isinstance(x, (int, str)),
        isinstance(x, ()),
        isinstance(x, (Base,)),
        isinstance(x, (float, (str, (bytes, list)))),
        isinstance(x, (bool, dict, set, frozenset, type, Derived, complex, bytearray)),
    )


for _ in range(300):
    res = [checks(v) for v in (1, "s", [1], (1,), Derived(), Base(), True, 2.5, {}, int)]
print(res)
print(isinstance(42, (str, Hooked)), isinstance(41, (Hooked, int)), Meta.calls)
show("isinst-bad", lambda: isinstance(1, (int, 3)))
show("isinst-bad2", lambda: isinstance(1, (str, 3)))
show("isinst-bad3", lambda: isinstance("", (1,)))


# functions with **kwargs called in loops (bound in traces)
def kw(a, *, b=2, c=3, **rest):
    return (a, b, c, sorted(rest.items()))


def kw2(a, b=5, /, **rest):
    return (a, b, sorted(rest.items()))


def varkw(*args, **kwargs):
    return (args, sorted(kwargs.items()))


out = []
for i in range(400):
    out = [kw(i), kw(i, b=1), kw(i, c=9, b=8), kw(i, d=4), kw2(i), kw2(i, a=1, b=2), varkw(), varkw(i, x=i)]
    # the dict must be fresh on every call
    d1 = kw(1)[3]
print(out)
show("kw-missing", lambda: kw())
show("kw-multi", lambda: kw(1, a=2))
show("kw2-pos", lambda: kw2(1, 2, 3))


def mutate(**kw):
    kw["n"] = kw.get("n", 0) + 1
    return kw


print([mutate() for _ in range(5)], mutate(n=5))


# json.dumps through the native encoder
class Point(dict):
    pass


docs = [{}, [], {"a": 1}, [1, 2.5, None, True, "x\u00e9\n"], {"k": [{"n": i} for i in range(3)]}, Point(x=1), (1, 2)]
for _ in range(300):
    texts = [json.dumps(d) for d in docs]
    texts2 = [json.dumps(d, sort_keys=True, separators=(",", ":")) for d in docs]
print(texts)
print(texts2)
print(json.dumps({"b": 1, "a": [1, {}]}, indent=2))
show("dumps-bad", lambda: json.dumps({1j: 2}))
show("dumps-obj", lambda: json.dumps(object()))
show("dumps-nan", lambda: json.dumps(float("nan"), allow_nan=False))
show("dumps-kw", lambda: json.dumps([1], bogus=1))


# builtins called from native code (key functions, map, sorted)
words = ["bb", "a", "ccc", "dd"]
for _ in range(200):
    r = (sorted(words, key=len), list(map(str.upper, words)), max(words, key=len), list(map(divmod, [7, 8], [2, 3])))
print(r)
print(sorted([3, 1, 2], key=abs, reverse=True), list(map(len, words)), list(filter(str.isalpha, ["a", "1", "b"])))

# Method calls on objects of builtin types from one call site that sees several types (the
# interpreter caches the method of each exact builtin type per site), subclasses of those types
# at the same site, and the receiver check of methods called through their type.


class MyList(list):
    def append(self, x):
        super().append(x * 10)


class MyStr(str):
    def upper(self):
        return "my:" + str.upper(self)


def call_append(target, x):
    target.append(x)
    return target


def call_upper(s):
    return s.upper()


def call_count(seq, x):
    return seq.count(x)


for round in range(3):
    print(call_append([], round), call_append(MyList(), round))
    print(call_upper("abc"), call_upper(MyStr("abc")), call_upper(b"bytes"))
    print(call_count([1, 2, 1], 1), call_count((1, 1, 1), 1), call_count("banana", "a"), call_count(b"aa", b"a"))

values = [3, 2.5, "x", (1,), [2], {1: 2}, {5}, b"b", True]
for v in values:
    for name in ("__repr__", "__hash__", "__str__"):
        try:
            r = getattr(v, name)()
            print(type(v).__name__, name, type(r).__name__ if name == "__hash__" else r)
        except TypeError as e:
            print(type(v).__name__, name, "TypeError", e)

for s in ["hello", MyStr("hello"), "héllo wörld"]:
    print(s.startswith("he"), s.startswith(MyStr("hé")), s.endswith("ld"), s.startswith(("x", "h")))
    print(s.startswith("l", 2), s.endswith("o", 0, 5), s.startswith(""), s.endswith("héllo wörld!"))
for bad in [5, None, ["h"]]:
    try:
        "hello".startswith(bad)
    except TypeError as e:
        print("TypeError", e)
try:
    "hello".startswith(("h", 5))
except TypeError as e:
    print("TypeError", e)

for call in [lambda: str.upper(5), lambda: list.append((), 1), lambda: dict.get([], 1),
             lambda: int.bit_length(2.0), lambda: list.__len__("ab"), lambda: str.join(b"", [])]:
    try:
        print(call())
    except TypeError as e:
        print("TypeError", e)
print(str.upper(MyStr("ok")), list.append(MyList(), 1), int.bit_length(True))

# json.dumps through the native encoder: options, key kinds, numbers, escapes, subclasses,
# circular references, and dicts changed by a `default` function while they are written.
import json
import math

def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "raised", type(e).__name__, e)

simple = {'key1': 0, 'key2': True, 'key3': 'value', 'key4': 'foo', 'key5': 'string'}
nested = {'key1': 0, 'key2': simple, 'key3': 'value', 'key4': simple, 'key5': simple,
          'key': '\u0105\u0107\u017c'}
show("simple", lambda: json.dumps(simple))
show("nested", lambda: json.dumps(nested))
show("huge", lambda: len(json.dumps([nested] * 300)))
show("nested-ascii-off", lambda: json.dumps(nested, ensure_ascii=False))
show("sorted", lambda: json.dumps(nested, sort_keys=True))
show("indent", lambda: json.dumps(nested, indent=2, sort_keys=True))
show("indent-str", lambda: json.dumps([1, [2, {"a": []}], {}], indent="\t"))
show("separators", lambda: json.dumps(nested, separators=(',', ':')))
show("long-separators", lambda: json.dumps([1, 2, {"a": 3}], separators=(' ,\n  ', ' :=: ')))
show("empty", lambda: (json.dumps({}), json.dumps([]), json.dumps(()), json.dumps("")))

# numbers
ints = [0, 1, -1, 9, 10, -10, 99, 100, 12345678901, -9223372036854775808, 9223372036854775807,
        2 ** 64, -(2 ** 100), True, False]
show("ints", lambda: json.dumps(ints))
show("int-list", lambda: json.dumps(list(range(-15, 15, 7))))
show("int-keys", lambda: json.dumps({i: i for i in ints[:-2]}))
floats = [0.0, -0.0, 1.5, 1e300, -1e-300, 0.1, 1 / 3, 1e16, 123456789.125]
show("floats", lambda: json.dumps(floats))
show("float-keys", lambda: json.dumps({f: 1 for f in floats}))
show("nan-inf", lambda: json.dumps([math.nan, math.inf, -math.inf]))
show("nan-key", lambda: json.dumps({math.inf: 1, -math.inf: 2, math.nan: 3}))
show("nan-refused", lambda: json.dumps([1.0, math.nan], allow_nan=False))
show("inf-key-refused", lambda: json.dumps({math.inf: 0}, allow_nan=False))
show("other-keys", lambda: json.dumps({None: 1, True: 2, False: 3, 2.5: 4, "s": 5}))
show("bad-key", lambda: json.dumps({(1, 2): 3}))
show("skipkeys", lambda: json.dumps({(1, 2): 3, "a": 4, b"x": 5, "z": (6,)}, skipkeys=True))
show("mixed-sort", lambda: json.dumps({"b": 1, 2: 3}, sort_keys=True))

# strings and escapes
texts = ["plain", "quote\"back\\slash", "ctl\n\r\t\b\f\x00\x1f\x7f", "caf\u00e9", "\u20ac\U0001f600",
         "\ud800 lone", "", "x" * 40 + "\n"]
show("strings", lambda: json.dumps(texts))
show("strings-utf8", lambda: json.dumps(texts, ensure_ascii=False))
show("string-keys", lambda: json.dumps({t: t for t in texts}))
show("string-keys-utf8", lambda: json.dumps({t: len(t) for t in texts}, ensure_ascii=False))

# subclasses of the builtin types
class MyInt(int):
    def __repr__(self):
        return "MyInt!"
class MyFloat(float):
    def __repr__(self):
        return "MyFloat!"
class MyStr(str):
    def __str__(self):
        return "MyStr!"
class MyList(list):
    def __iter__(self):
        return iter(list.__iter__(self).__reduce__()[1][0][::-1])
class MyDict(dict):
    def items(self):
        return sorted(dict.items(self), reverse=True)
class MyTuple(tuple):
    pass
show("subclasses", lambda: json.dumps([MyInt(7), MyFloat(2.5), MyStr("s"), MyList([1, 2, 3]),
                                      MyDict(a=1, b=2), MyTuple((4, 5))]))
show("subclass-keys", lambda: json.dumps({MyInt(3): MyStr("v"), MyStr("k"): MyFloat(0.5)}))
show("subclass-sorted", lambda: json.dumps(MyDict(x=1, a=2, m=3), sort_keys=True))

# circular references
a = []
a.append(a)
show("circular-list", lambda: json.dumps(a))
d = {}
d["self"] = [d]
show("circular-dict", lambda: json.dumps(d))
show("circular-unchecked", lambda: json.dumps(a, check_circular=False))
shared = [1]
show("shared-not-circular", lambda: json.dumps([shared, shared, {"x": shared}]))

class Obj:
    def __init__(self, n):
        self.n = n
def default_obj(o):
    if isinstance(o, Obj):
        return {"obj": o.n}
    raise TypeError("no " + type(o).__name__)
show("default", lambda: json.dumps([Obj(1), {"k": Obj(2)}], default=default_obj))
show("default-missing", lambda: json.dumps([1, {2, 3}]))
show("default-raises", lambda: json.dumps({"a": [Obj(1), object()]}, default=default_obj))
loop = Obj(0)
show("default-circular", lambda: json.dumps(loop, default=lambda o: [o]))

# a default function that changes the dict being written: the items written are those the dict
# had when its writing began (CPython writes a copy of its items)
target = {}
def changing(o):
    target.clear()
    target["new"] = "entry"
    return o.n
target.update({"a": 1, "b": Obj(5), "c": "after", "d": [1, 2]})
show("mutated-while-written", lambda: json.dumps(target, default=changing))
show("after-mutation", lambda: target)
target2 = {"first": 1, "obj": Obj(6), "z": 2}
def changing2(o):
    target2["z"] = "changed"
    target2["added"] = 3
    del target2["first"]
    return o.n
show("mutated-values", lambda: json.dumps(target2, default=changing2))
target3 = {"x": 1, "y": [Obj(1), {"inner": Obj(2)}], "w": 4}
def changing3(o):
    target3["w"] = "late"
    return o.n
show("mutated-nested", lambda: json.dumps(target3, default=changing3))
target4 = {"p": Obj(3), "q": 1}
show("mutated-sorted", lambda: json.dumps(target4, sort_keys=True, default=lambda o: target4.update(q="x") or o.n))

# a deleted entry in the table
holes = {str(i): i for i in range(10)}
for i in range(0, 10, 3):
    del holes[str(i)]
show("holes", lambda: json.dumps(holes))

# the encoder object directly, and repeated calls reuse nothing stale
enc = json.JSONEncoder(sort_keys=True, indent=1)
show("encoder", lambda: (enc.encode({"b": [1, 2], "a": None}), enc.encode("x"), enc.encode(5)))
big = json.dumps(["y" * 1000] * 1500)
show("big-then-small", lambda: (len(big), json.dumps({"after": "big"})))
for i in range(3):
    show("repeat", lambda: json.dumps({"i": i, "l": [i] * i}))

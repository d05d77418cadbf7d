# The json encoder through the _json accelerator: every setting, subclasses, errors.
import json
import enum
import collections
from json import encoder as E
import _json


def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


print(type(_json.make_encoder).__name__, _json.make_encoder.__name__, _json.make_encoder.__module__)
print(E.c_make_encoder is _json.make_encoder, E.encode_basestring_ascii is _json.encode_basestring_ascii)

# Scalars and containers.
for v in [None, True, False, 0, -1, 2**63, -2**100, 10**30, 1.0, -0.0, 1e300, 1e-300, 0.1, 3.14159,
          1e16, 123456789.123, "", "abc", [], {}, (), [1, 2.5, "x", None], (1, (2, (3,))),
          {"a": [1, {"b": ()}]}, [[[]]], [{}], ["\x7f", "\x00\x1f", "\u2028"]]:
    show("dumps", lambda: json.dumps(v))
    show("compact", lambda: json.dumps(v, separators=(",", ":")))

# Lists of the int and float strategies, and lists changed by default().
print(json.dumps(list(range(-5, 20))), json.dumps([0.5 * i for i in range(8)]))
show("nan list", lambda: json.dumps([1.0, float("nan"), float("inf"), -float("inf")]))
show("nan list strict", lambda: json.dumps([1.0, float("nan")], allow_nan=False))
show("inf strict", lambda: json.dumps(float("inf"), allow_nan=False))
show("nan key", lambda: json.dumps({float("nan"): 1, float("inf"): 2, -float("inf"): 3, 1.5: 4}))
show("nan key strict", lambda: json.dumps({float("inf"): 2}, allow_nan=False))

# Strings: escapes, ensure_ascii, surrogates, astral code points.
texts = ["plain", 'quote " and \\ backslash', "\b\f\n\r\t", "\x01\x02\x1e", "caf\xe9", "\u0105\u0107\u017c",
         "\U0001d11e clef", "\ud834 lone", "\udd1e low", "\ud834\udd1e pair", "/slash/", "\x7f\x80\xff"]
for t in texts:
    print(json.dumps(t), json.dumps(t, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    print(_json.encode_basestring_ascii(t), _json.encode_basestring(t).encode("utf-8", "surrogatepass"))
for bad in [b"x", 1, None]:
    show("ascii bad", lambda: _json.encode_basestring_ascii(bad))
    show("unicode bad", lambda: _json.encode_basestring(bad))
show("ascii args", lambda: _json.encode_basestring_ascii("a", "b"))

# Keys of every kind.
show("keys", lambda: json.dumps({1: "int", 2.5: "float", True: "t", False: "f", None: "n", "s": 1, 10**20: "big"}))
show("tuple key", lambda: json.dumps({(1, 2): 3}))
show("tuple key skip", lambda: json.dumps({(1, 2): 3, "a": 1, b"b": 2, "c": 3}, skipkeys=True))
show("all skipped", lambda: json.dumps({(1,): 1}, skipkeys=True))
show("sort", lambda: json.dumps({"b": 1, "a": 2, "c": {"z": 1, "y": 2}}, sort_keys=True))
show("sort mixed", lambda: json.dumps({"a": 1, 1: "a"}, sort_keys=True))
show("sort mixed 2", lambda: json.dumps({1: "a", "a": 1, 2: 3}, sort_keys=True))
show("sort ints", lambda: json.dumps({3: 1, 1: 2, 2: 3}, sort_keys=True))
show("indent", lambda: json.dumps({"a": [1, 2, {"b": None}], "c": {}}, indent=2, sort_keys=True))
show("indent str", lambda: json.dumps([1, [2]], indent="\t"))
show("separators", lambda: json.dumps({"a": [1, 2]}, separators=(" ; ", " = ")))


# Subclasses of the builtin types and enums.
class MyInt(int):
    def __repr__(self):
        return "MyInt!"


class MyFloat(float):
    def __repr__(self):
        return "MyFloat!"


class MyStr(str):
    pass


class MyList(list):
    def __iter__(self):
        return iter([99])


class MyTuple(tuple):
    pass


class MyDict(dict):
    def items(self):
        return [("x", 1), ("y", 2)]


class Color(enum.IntEnum):
    RED = 1
    BLUE = 2


class Ratio(float, enum.Enum):
    HALF = 0.5


class Name(str, enum.Enum):
    ALICE = "alice"


show("subclasses", lambda: json.dumps([MyInt(5), MyFloat(2.5), MyStr("s\n"), MyList([1, 2]), MyTuple((3,))]))
show("subclass keys", lambda: json.dumps({MyInt(7): 1, MyFloat(1.5): 2, MyStr("k"): 3}))
show("dict subclass", lambda: json.dumps(MyDict(a=1)))
show("empty dict subclass", lambda: json.dumps(MyDict()))
show("ordered", lambda: json.dumps(collections.OrderedDict([("z", 1), ("a", 2)])))
show("ordered sorted", lambda: json.dumps(collections.OrderedDict([("z", 1), ("a", 2)]), sort_keys=True))
show("enums", lambda: json.dumps([Color.RED, Ratio.HALF, Name.ALICE, {Color.BLUE: Name.ALICE}]))


class BadItems(dict):
    def items(self):
        return [("a", 1, 2)]


class NonIterItems(dict):
    def items(self):
        return 5


show("bad items", lambda: json.dumps(BadItems(a=1)))
show("non-iterable items", lambda: json.dumps(NonIterItems(a=1)))


# default(), circular references, errors.
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y


def default(o):
    if isinstance(o, Point):
        return {"x": o.x, "y": o.y}
    if isinstance(o, set):
        return sorted(o)
    raise TypeError(f"no {type(o).__name__}")


show("default", lambda: json.dumps([Point(1, 2), {3, 1, 2}, {"p": Point(0, Point(5, 6))}], default=default))
show("no default", lambda: json.dumps([1, Point(1, 2)]))
show("no default set", lambda: json.dumps({"a": {1}}))
show("default raises", lambda: json.dumps([object()], default=default))
show("bytes", lambda: json.dumps(b"abc"))
show("complex", lambda: json.dumps(1j))

a = [1]
a.append(a)
show("circular list", lambda: json.dumps(a))
d = {"k": 1}
d["self"] = d
show("circular dict", lambda: json.dumps(d))
show("circular unchecked", lambda: json.dumps(a, check_circular=False))
shared = [1, 2]
show("shared not circular", lambda: json.dumps([shared, shared, {"a": shared}]))
show("circular default", lambda: json.dumps(Point(1, 2), default=lambda o: o))
show("default to list", lambda: json.dumps(Point(1, 2), default=lambda o: [o.x]))


def deep(n):
    v = []
    for _ in range(n):
        v = [v]
    return v


show("deep ok", lambda: len(json.dumps(deep(200))))
show("deep fail", lambda: json.dumps(deep(100000)))
dd = {}
for _ in range(100000):
    dd = {"a": dd}
show("deep dict fail", lambda: json.dumps(dd))
show("endless default", lambda: json.dumps(Point(1, 2), default=lambda o: [o]))

# The encoder object itself.
enc = _json.make_encoder({}, None, _json.encode_basestring_ascii, None, ": ", ", ", False, False, True)
print(enc([1, "\xe9", {"a": None}], 0), enc("x", 0), enc(5, 0))
print(enc.markers, enc.default, enc.encoder is _json.encode_basestring_ascii, enc.indent, enc.key_separator,
      enc.item_separator, enc.sort_keys, enc.skipkeys)
enc2 = _json.make_encoder(None, str, lambda s: "<" + s + ">", 4, "=", ";", 0, 0, 1)
print(enc2({"a": [1, 2], 5: "b", None: Point}, 3), enc2.sort_keys, enc2.indent)
enc3 = _json.make_encoder(None, str, lambda s: 5, None, ":", ",", False, False, True)
show("encoder returns int", lambda: enc3("s", 0))
show("encoder returns int key", lambda: enc3({"k": 1}, 0))
show("markers int", lambda: _json.make_encoder(1, None, None, None, ": ", ", ", False, False, False))
show("separator bytes", lambda: _json.make_encoder(None, None, None, None, b": ", ", ", False, False, False))
show("item separator int", lambda: _json.make_encoder(None, None, None, None, ": ", 1, False, False, False))
show("few args", lambda: _json.make_encoder(None, None, None))
show("level str", lambda: enc(1, "x"))
show("level missing", lambda: enc(1))
show("keywords", lambda: _json.make_encoder(markers=None, default=None, encoder=repr, indent=None,
                                           key_separator=":", item_separator=",", sort_keys=False,
                                           skipkeys=False, allow_nan=False)(["a"], 0))


class BadBool:
    def __bool__(self):
        raise ZeroDivisionError("bad bool")


for name in ["skipkeys", "ensure_ascii", "check_circular", "allow_nan", "sort_keys"]:
    show("bad " + name, lambda: json.JSONEncoder(**{name: BadBool()}).encode({"a": 1}))

# The markers dict is the caller's.
markers = {}
enc4 = _json.make_encoder(markers, None, _json.encode_basestring, None, ":", ",", False, False, True)
print(enc4([[1], {"a": [2]}], 0), markers)

# dump to a file-like object (the pure-Python iterencode path) and JSONEncoder subclasses.
import io
buf = io.StringIO()
json.dump({"a": [1, 2, {"b": "\xe9"}]}, buf, sort_keys=True)
print(buf.getvalue())


class Enc(json.JSONEncoder):
    def default(self, o):
        return repr(o)


print(Enc().encode([Point, 1j]), Enc(indent=1).encode({"a": 1j}))
print(list(json.JSONEncoder().iterencode({"a": [1, 2]})))

# Settings read back as attributes; unknown ones are errors.
show("unknown attr", lambda: enc.nothing)
show("scanner attr", lambda: _json.make_scanner(json.JSONDecoder()).strict)
show("scanner unknown", lambda: _json.make_scanner(json.JSONDecoder()).memo)
print(hasattr(enc, "markers"), hasattr(enc, "nothing"), getattr(enc, "missing", "dflt"))


for cls in (_json.make_encoder, _json.make_scanner):
    try:
        class Sub(cls):
            pass
    except TypeError as e:
        print("not a base", type(e).__name__)
show("unbound call", lambda: _json.make_encoder.__call__(5, 1, 0))

# Dicts changed while being written: the items were taken before (as CPython's PyDict_Items).
grow = {"a": 1, "b": 2}


def grower(o):
    grow["c"] = 3
    del grow["a"]
    return "x"


grow["obj"] = object()
show("mutating", lambda: json.dumps(grow, default=grower))
print(sorted(grow))
show("mutating sorted", lambda: json.dumps({"z": object(), "a": 1}, default=lambda o: "d", sort_keys=True))
lst = [1, object(), 3]
show("mutating list", lambda: json.dumps(lst, default=lambda o: lst.append(9) or "o"))

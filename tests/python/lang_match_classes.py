# match: class patterns with __match_args__, keyword patterns, builtin self-matching types and errors
class Point:
    __match_args__ = ("x", "y")
    def __init__(self, x, y):
        self.x = x
        self.y = y

class Point3(Point):
    __match_args__ = ("x", "y", "z")
    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z

def where(p):
    match p:
        case Point3(0, 0, 0):
            return "origin3"
        case Point(0, 0):
            return "origin"
        case Point(x=0, y=y):
            return f"on y axis at {y}"
        case Point(x, 0):
            return f"on x axis at {x}"
        case Point3(x, y, z=z) if z > 0:
            return f"above {x},{y} by {z}"
        case Point(x, y):
            return f"somewhere {x},{y}"
        case _:
            return "not a point"

for p in [Point(0, 0), Point3(0, 0, 0), Point(0, 5), Point(3, 0), Point3(1, 2, 3), Point3(1, 2, -3), Point(7, 8), 5]:
    print(where(p))

# builtin types match their own value positionally
def builtin(v):
    match v:
        case bool(b):
            return f"bool {b}"
        case int(i):
            return f"int {i}"
        case float(f):
            return f"float {f}"
        case str(s):
            return f"str {s!r}"
        case bytes(b):
            return f"bytes {b!r}"
        case list(l):
            return f"list {l}"
        case tuple(t):
            return f"tuple {t}"
        case dict(d):
            return f"dict {d}"
        case set(s):
            return f"set {sorted(s)}"
        case frozenset(s):
            return f"frozenset {sorted(s)}"
    return "other"

for v in [True, 3, 2.5, "s", b"b", [1], (1,), {1: 2}, {3, 1}, frozenset([2]), None]:
    print(builtin(v))

# errors
class NoArgs:
    pass

try:
    match NoArgs():
        case NoArgs(1):
            pass
except TypeError as e:
    print(type(e).__name__, e)

class TooFew:
    __match_args__ = ("a",)
    a = 1

try:
    match TooFew():
        case TooFew(1, 2):
            pass
except TypeError as e:
    print(type(e).__name__, e)

class BadArgs:
    __match_args__ = ["a"]

try:
    match BadArgs():
        case BadArgs(1):
            pass
except TypeError as e:
    print(type(e).__name__, e)

try:
    match 5:
        case int(1, 2):
            pass
except TypeError as e:
    print(type(e).__name__, e)

try:
    x = 3
    match 5:
        case x(1):
            pass
except TypeError as e:
    print(type(e).__name__, e)

class Dup:
    __match_args__ = ("a",)
    a = 1

try:
    match Dup():
        case Dup(1, a=1):
            pass
except TypeError as e:
    print(type(e).__name__, e)

# missing attribute: no match
class Partial:
    __match_args__ = ("a", "b")
    a = 1

match Partial():
    case Partial(1, b):
        print("bad")
    case Partial(a=1):
        print("partial match")

# keyword pattern with an attribute from a property
class WithProp:
    @property
    def value(self):
        print("computing value")
        return 10

match WithProp():
    case WithProp(value=10):
        print("prop matched")

# Inputs that used to crash ripy natively: annotations in a non-dict namespace, huge float
# precisions, `*` widths, `__call__` and repr recursion, reversed() of bytes.
import sys


class Namespace:
    def __init__(self):
        self.data = {}

    def __getitem__(self, key):
        print("get", key)
        return self.data[key]

    def __setitem__(self, key, value):
        print("set", key, type(value).__name__)
        self.data[key] = value


ns = Namespace()
exec("x: int = 1\ny: str\n", {}, ns)
print(sorted(ns.data), ns.data["__annotations__"])


class Broken:
    def __getitem__(self, key):
        raise LookupError("no " + key)

    def __setitem__(self, key, value):
        pass


try:
    exec("z: int = 3", {}, Broken())
except LookupError as e:
    print(type(e).__name__, e)


class Meta(type):
    @classmethod
    def __prepare__(mcs, name, bases):
        return Namespace()

    def __new__(mcs, name, bases, namespace):
        return super().__new__(mcs, name, bases, dict(namespace.data))


class WithAnnotations(metaclass=Meta):
    a: int
    b: "str" = "b"


print(WithAnnotations.__annotations__, WithAnnotations.b)

for spec in (".70000f", ".70000e", ".70000g", ".2000%", "#.1200e", ".1100f"):
    text = format(1.5, spec)
    print(spec, len(text), text[:12], text[-12:])
for template, args in (("%.70000f", 2.5), ("%.*f", (70000, 0.1)), ("%.*e", (-3, 12.5)), ("%*d|", (-6, 42)),
                       ("%.*d", (sys.maxsize, 1)), ("%*d", (2 ** 63, 1)), ("%.2147483648f", 1.0),
                       ("%*d", (1.5, 1))):
    try:
        text = template % args
        print(repr(template), len(text), text[:10], text[-10:])
    except (OverflowError, ValueError, TypeError) as e:
        print(repr(template), type(e).__name__, e)
for spec in ("__", ",,", ",_", "_,"):
    try:
        format(1234567, spec)
    except ValueError as e:
        print(type(e).__name__, e)
print(b"%c" % bytearray(b"Z"), b"%c|%c" % (b"a", 98))
try:
    b"%c" % bytearray(b"ZZ")
except TypeError as e:
    print(type(e).__name__, e)
print(repr("\u0378\u0377\u00ad\u2028 \u3000a\U000e0001\U0001f600\u0600\ufeff"), "\u0378".isprintable())

print(bytes(reversed(b"abc")), list(reversed(bytearray(b"xyz"))), list(reversed(memoryview(b"12"))))
try:
    reversed({1, 2})
except TypeError as e:
    print(type(e).__name__, e)


class Callable:
    pass


Callable.__call__ = Callable()
try:
    Callable()()
except RecursionError as e:
    print(type(e).__name__, e)

nested = []
for _ in range(50000):
    nested = [nested]
try:
    repr(nested)
except RecursionError as e:
    print(type(e).__name__, e)
nested = {}
for _ in range(50000):
    nested = {"k": (nested,)}
try:
    str(nested)
except RecursionError as e:
    print(type(e).__name__, e)
print(repr([[[[1, (2,)]]], {"a": [3]}]))


class StrAsRepr:
    pass


StrAsRepr.__repr__ = StrAsRepr.__str__
for f in (str, repr):
    try:
        f(StrAsRepr())
    except RecursionError as e:
        print(f.__name__, type(e).__name__)

# A builtin type's method applies only to instances of the type.
for f, args in ((str.split, (StrAsRepr(),)), (list.append, (StrAsRepr(), 1)), (dict.keys, (1,)),
                (str.join, (1, [])), (int.bit_length, ("x",)), (bytes.hex, ("x",))):
    try:
        print(f(*args))
    except TypeError as e:
        print(type(e).__name__, e)
print(str.upper("abc"), int.bit_length(True), list.__len__([1, 2]), dict.get({1: 2}, 1))

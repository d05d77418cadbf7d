# str.format/format_map field numbers and errors, %-formatting with __index__ and float subclasses,
# __str__ returning a str subclass, _string.formatter_parser argument checks.
import _string
import enum
import sys

big = "23098475029384702983476098230754973209482573"
tests = [
    lambda: ("{" + big + "}").format(),
    lambda: ("{[" + big + "]}").format([0]),
    lambda: "{{{}:.6f}}".format(sys.maxsize + 1).format(2.34),
    lambda: "{0[-1]}".format({"-1": "neg"}),
    lambda: "{0[1]}{0[+1]}".format({1: "one", "+1": "plus"}),
    lambda: "{}".format_map({"a": 2}),
    lambda: "{}".format_map("a"),
    lambda: "{a} {}".format_map({"a": 2, "b": 1}),
    lambda: "{a}".format_map({}),
    lambda: "{a}".format_map([]),
    lambda: "{a}{b[x]}".format_map({"a": 1, "b": {"x": 2}}),
    lambda: "{0}{1}".format("p", "q"),
    lambda: _string.formatter_parser(1),
    lambda: list(_string.formatter_parser("a{0!r:>3}b")),
]


class PseudoInt:
    def __init__(self, value):
        self.value = value

    def __index__(self):
        return self.value


class Float(float, enum.Enum):
    PI = 3.1415926


class Int(enum.IntEnum):
    IDES = 15


class Str(enum.StrEnum):
    ABC = "abc"


class MyFloat(float):
    pass


tests += [
    lambda: "%c|%x|%o" % (PseudoInt(109), PseudoInt(109), PseudoInt(9)),
    lambda: b"%c" % PseudoInt(65),
    lambda: (b"<%d>" % PseudoInt(7), bytearray(b"%x") % PseudoInt(255)),
    lambda: "{: }".format(""),
    lambda: "{:+}".format(""),
    lambda: "%c" % PseudoInt(0x110000),
    lambda: "%c" % 1.5,
    lambda: "%s, %s, %d, %i, %u, %f, %5.2f" % (Str.ABC, Str.ABC, Int.IDES, Int.IDES, Int.IDES, Float.PI, Float.PI),
    lambda: "%e %g %.1f" % (MyFloat(2.5), MyFloat(1e20), MyFloat(0.25)),
    lambda: "%f" % "x",
]
for t in tests:
    try:
        print(repr(t()))
    except Exception as e:
        print(type(e).__name__, e)


class ToSub(str):
    def __new__(cls, content=""):
        return str.__new__(cls, 2 * content)

    def __str__(self):
        return self


class Other(str):
    pass


class ToOther:
    def __str__(self):
        return Other("other")


s = str(ToSub("foo"))
print(s, type(s).__name__, type(str(ToOther())).__name__, str(ToOther()))
print("%s|{}".format(ToOther()) % ToOther(), f"{ToOther()}", Other(ToOther()), type(Other(ToOther())).__name__)
print(Other(ToSub("ab")), type(Other(ToSub("ab"))).__name__, len(Other(ToSub("ab"))))


class BadStr:
    def __str__(self):
        return 5


try:
    str(BadStr())
except TypeError as e:
    print("TypeError", e)

# str.format with '!' or ':' inside an index; bytes() of str subclasses and __bytes__;
# object's and bytes' docstrings; sys.stdout.buffer / sys.stdin.buffer.
import sys

print("{[!]}".format({"!": "a"}), "{0[!]!r}".format({"!": "b"}), "{[:]:>3}".format({":": "c"}))
print("{[{]}".format({"{": "a"}), "{[[]}".format({"[": "a"}))


class S(str):
    def __bytes__(self):
        return b"abc"


print(bytes(S("\u20ac")), bytes(S("\u20ac"), "iso8859-15"), bytearray(S("x"), "ascii"))


class B(bytes):
    pass


class A:
    def __bytes__(self):
        return B(b"xyz")


print(bytes(A()), type(bytes(A())).__name__, type(B(A())).__name__, B(A()))
for make, source in [(bytes, 1.5), (bytearray, 1.5)]:
    try:
        make(source, "ascii")
    except TypeError as e:
        print("TypeError", e)
for source in [S("x"), "x", 5]:
    try:
        print(bytes(source, errors="strict"))
    except TypeError as e:
        print("TypeError", e)
try:
    bytes("x")
except TypeError as e:
    print("TypeError", e)


class Blocked(list):
    __bytes__ = None


try:
    bytes(Blocked([1, 2]))
except TypeError as e:
    print("TypeError", e)
print(bytearray(Blocked([1, 2])))


class WithBytes:
    def __bytes__(self):
        return b"q"

    def __iter__(self):
        return iter([65])


print(bytes(WithBytes()), bytearray(WithBytes()))
print(object.__doc__)
print(bytes.__doc__.splitlines()[0], bytearray.__doc__.splitlines()[0])
print("__doc__" in dir(object()), dir(object()) == dir(Ellipsis), object().__doc__ == object.__doc__)
print(int.__doc__ is None or isinstance(int.__doc__, str))
out = sys.stdout.buffer
print(out is sys.stdout.buffer, out.fileno(), sys.stdin.buffer.fileno(), sys.stderr.buffer.fileno())
sys.stdout.flush()
out.write(b"binary line\n")
out.flush()
try:
    sys.stdout.nonexistent
except AttributeError as e:
    print("AttributeError", e)
for template in ["{a{}b}", "{a{b}", "{[}", "{!{}}", "{0[{]}", "{[a{]}"]:
    try:
        print(template.format(42, **{"a{}b": 1}))
    except (ValueError, TypeError, KeyError) as e:
        print(type(e).__name__)

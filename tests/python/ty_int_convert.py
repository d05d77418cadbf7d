# int(): results of __int__/__index__/__trunc__ that are int subclasses (DeprecationWarning,
# converted to exact ints) or not ints (TypeError), and explicit bases with non-bytes buffers.
import warnings


class BadIndex:
    def __index__(self):
        return True


class BadIndex2(int):
    def __index__(self):
        return True


class BadInt:
    def __int__(self):
        return True


class BadInt2(int):
    def __int__(self):
        return True


class FloatInt(int):
    def __int__(self):
        return 42.0


class MyInt(int):
    def __int__(self):
        return 42


class TruncIndex:
    def __trunc__(self):
        return BadIndex()


class TruncBool:
    def __trunc__(self):
        return True


class StrIndex:
    def __index__(self):
        return "x"


for make in (BadIndex, BadIndex2, BadInt, BadInt2, FloatInt, MyInt, TruncIndex, TruncBool, StrIndex):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            n = int(make())
            print(make.__name__, type(n).__name__, n)
        except TypeError as e:
            print(make.__name__, "TypeError", e)
        print("  ", [(w.category.__name__, str(w.message)) for w in caught])
for value in (b"100", bytearray(b"100"), memoryview(b"100"), "100"):
    for base in (None, 2):
        try:
            print(type(value).__name__, base, int(value) if base is None else int(value, base))
        except TypeError as e:
            print(type(value).__name__, base, "TypeError", e)

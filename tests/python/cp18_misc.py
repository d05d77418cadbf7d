# Reprs of cells and method descriptors, `__class_getitem__ = None`, type() with an
# `__mro_entries__` base, length hints in list()/tuple()/extend, str.format keeping lone
# surrogates, and a GenericAlias subclass with attributes of its own.
import dataclasses, difflib, re, types


def clean(text):
    return re.sub(r"0x[0-9a-f]+", "ADDR", text)


def make_cell():
    x = 42

    def inner():
        return x
    return inner.__closure__[0]


def empty_cell():
    def inner():
        return y
    y = 1
    del y
    return inner.__closure__[0]


print(clean(repr(make_cell())), clean(repr(empty_cell())))
print(repr(dict.items), repr(str.join), repr(list.append))


class C(tuple):
    __class_getitem__ = None


try:
    C[int]
except TypeError as e:
    print(e)


class Entry:
    def __mro_entries__(self, bases):
        return ()


try:
    type("Bad", (Entry(),), {})
except TypeError as e:
    print(e)


class BadLen:
    def __iter__(self):
        return iter(range(10))

    def __len__(self):
        raise RuntimeError("len")


class BadHint:
    def __iter__(self):
        return iter(range(3))

    def __length_hint__(self):
        raise RuntimeError("hint")


class TypeErrorLen:
    def __iter__(self):
        return iter(range(2))

    def __len__(self):
        raise TypeError("no len")


class NotImplementedHint:
    def __iter__(self):
        return iter(range(4))

    def __length_hint__(self):
        return NotImplemented


for f in [list, tuple, [].extend, bytearray(b"x").extend, set, bytearray]:
    for cls in [BadLen, BadHint, TypeErrorLen, NotImplementedHint]:
        try:
            r = f(cls())
            print(getattr(f, "__name__", f), cls.__name__, "ok", r if r is None else len(r))
        except RuntimeError as e:
            print(getattr(f, "__name__", f), cls.__name__, "RuntimeError", e)

s = b"ab\xffc".decode("ascii", "surrogateescape")
print(ascii("{}{}".format("-", s)), ascii("--- {}{}{}".format(s, "\t", s)), ascii("{0!s}|{0!r}".format(s)))
print(ascii("{x}".format_map({"x": s})))
print(list(difflib.diff_bytes(difflib.unified_diff, [b"hello \xff\n"], [b"hello \xfe\n"], b"fa\xff", b"fb")))


@dataclasses.dataclass
class Alias(types.GenericAlias):
    origin: type
    args: type


a = Alias(list, int)
print(dataclasses.is_dataclass(a), a.__origin__, a.__args__, object.__getattribute__(a, '__dict__'))
try:
    a.__origin__ = dict
except AttributeError as e:
    print("AttributeError", e)
try:
    list[int].foo = 1
except AttributeError as e:
    print("AttributeError", e)

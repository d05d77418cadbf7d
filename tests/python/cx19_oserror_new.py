# OSError arguments: a BlockingIOError's characters_written, `args` keeping a None file name,
# and OSError subclasses whose __new__ is overridden (OSError.__init__ then does nothing).
import errno

for args in [(1, "x", None), (1, "x", "f"), (1, "x", None, None, "g"), (1, "x", "f", None, "g"), (1,), (1, 2, 3, 4, 5, 6)]:
    e = OSError(*args)
    print(type(e).__name__, e.args, e.errno, e.strerror, e.filename, e.filename2, str(e))

for n in range(6):
    e = BlockingIOError(*("a", "b", "c", "d", "e")[:n])
    try:
        e.characters_written
    except AttributeError:
        print(n, "no characters_written", e.args, e.filename)
e = BlockingIOError("a", "b", 3)
print(e.characters_written, e.args, e.filename, str(e))
e.characters_written = 5
print(e.characters_written)
del e.characters_written
try:
    e.characters_written
except AttributeError:
    print("deleted")
e = OSError(errno.EAGAIN, "again", 7)
print(type(e).__name__, e.characters_written, e.args)


class SubOSErrorWithNew(OSError):
    def __new__(cls, message, baz):
        self = super().__new__(cls, message)
        self.baz = baz
        return self


class SubValueErrorWithNew(ValueError):
    def __new__(cls, message, baz):
        self = super().__new__(cls, message)
        self.baz = baz
        return self


class SubOSErrorWithInit(OSError):
    def __init__(self, message, bar):
        self.bar = bar
        super().__init__(message)


for make in [lambda: SubOSErrorWithNew("m", "b"), lambda: SubOSErrorWithNew("m", baz="b"),
             lambda: SubValueErrorWithNew("m", "b"), lambda: SubValueErrorWithNew("m", baz="b"),
             lambda: SubOSErrorWithInit("m", "b"), lambda: SubOSErrorWithInit("m", bar="b")]:
    try:
        e = make()
        print(type(e).__name__, e.args, getattr(e, "baz", None), getattr(e, "bar", None))
    except TypeError as x:
        print("TypeError", x)

# attributes and str() of builtin exceptions
e = StopIteration(42)
print(e.value, e.args, str(e))
print(StopIteration().value, StopIteration(1, 2).value)
e.value = "changed"
print(e.value, e.args)

k = KeyError("key")
print(str(k), repr(k), str(KeyError()), str(KeyError(1, 2)), str(KeyError("a b")))
try:
    {}[("tuple", 1)]
except KeyError as err:
    print(str(err), err.args)

o = OSError(2, "No such file or directory")
print(o.errno, o.strerror, str(o), o.args, type(o).__name__)
o2 = OSError(2, "No such file or directory", "name.txt")
print(str(o2), o2.filename)
print(str(OSError("just a message")), OSError("x").errno)
print(type(OSError(2, "x")).__name__, type(FileNotFoundError()).__mro__[1].__name__)

s = SyntaxError("bad syntax", ("file.py", 3, 5, "x = = 1\n", 3, 6))
print(s.msg, s.filename, s.lineno, s.offset, repr(s.text), s.end_lineno, s.end_offset)
print(str(s))
print(SyntaxError("just msg").lineno, str(SyntaxError("just msg")))

try:
    compile("x = = 1", "<test>", "exec")
except SyntaxError as err:
    print(type(err).__name__, err.msg, err.lineno, err.offset, err.filename)

u = UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")
print(u.encoding, u.object, u.start, u.end, u.reason)
print(str(u))

n = NameError("msg", name="x")
print(n.name, str(n))
a = AttributeError("msg", name="attr", obj=5)
print(a.name, a.obj)
i = ImportError("cannot import", name="mod", path="/p")
print(i.name, i.path, i.msg, str(i))

class MyError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
    def __str__(self):
        return f"[{self.code}] {self.args[0]}"
m = MyError(7, "custom")
print(str(m), repr(m), m.args, m.code)

class NoInit(ValueError):
    pass
print(repr(NoInit("a", 1)), str(NoInit()), NoInit("x").args)

e = Exception("a", "b")
print(str(e), repr(e))
e.args = ("changed",)
print(str(e), repr(e))
print(repr(BaseException()), repr(ValueError(None)), str(ValueError(None)))
print(SystemExit(3).code, SystemExit().code, SystemExit(1, 2).code)
print(KeyboardInterrupt.__mro__[1].__name__, GeneratorExit.__mro__[1].__name__)
print(issubclass(ModuleNotFoundError, ImportError), issubclass(RecursionError, RuntimeError))

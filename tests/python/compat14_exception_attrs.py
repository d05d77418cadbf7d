# Exception attributes CPython's getsets and __init__ check: deleting the fixed fields,
# the UnicodeError constructors' arguments and their str(), SyntaxError's location tuple.

def attempt(label, f):
    try:
        result = f()
    except Exception as e:
        print(label, "->", type(e).__name__, e)
    else:
        print(label, "=", repr(result))


for name in ["__cause__", "__context__", "__traceback__", "args", "__suppress_context__", "foo"]:
    attempt("del " + name, lambda: delattr(Exception(), name))
attempt("del set attr", lambda: (setattr(e := ValueError(), "foo", 1), delattr(e, "foo"), e.__dict__)[2])

attempt("decode bytearray", lambda: UnicodeDecodeError("ascii", bytearray(b"\xff"), 0, 1, "bad").object)
attempt("decode memoryview", lambda: UnicodeDecodeError("ascii", memoryview(b"ab"), 0, 1, "bad").object)
attempt("decode str", lambda: UnicodeDecodeError("ascii", "ab", 0, 1, "bad"))
attempt("decode int encoding", lambda: UnicodeDecodeError(1, b"ab", 0, 1, "bad"))
attempt("decode few", lambda: UnicodeDecodeError("ascii", b"ab", 0, 1))
attempt("encode bytes", lambda: UnicodeEncodeError("ascii", b"ab", 0, 1, "bad"))
attempt("encode float start", lambda: UnicodeEncodeError("ascii", "ab", 0.0, 1, "bad"))
attempt("encode reason", lambda: UnicodeEncodeError("ascii", "ab", 0, 1, 5))
attempt("translate bytes", lambda: UnicodeTranslateError(b"x", 0, 1, "bad"))
attempt("translate five", lambda: UnicodeTranslateError("x", 0, 1, "bad", 5))
attempt("translate fields", lambda: (lambda u: (u.encoding, u.object, u.start, u.end, u.reason))(
    UnicodeTranslateError("xyz", 0, 1, "bad")))


class MyDecodeError(UnicodeDecodeError):
    def __init__(self, note):
        super().__init__("utf-8", b"\xc3", 0, 1, "unexpected end")
        self.note = note


attempt("subclass", lambda: (str(MyDecodeError("n")), MyDecodeError("n").note))

u = UnicodeEncodeError("baz", "xxxxx", 1, 5, "foo")
print(str(u))
u.end = 2
print(str(u))
u.end = 5
u.reason = 0x345345345345345345
print(str(u))
u.encoding = 4000
print(str(u))
u.start = 1000
print(str(u))
u.start, u.end = 7, 8
print(str(u))
u.reason = None
print(str(u))

u = UnicodeDecodeError("baz", b"xxxxx", 1, 5, "foo")
print(str(u))
u.end = 2
print(str(u))
u.start, u.end = 7, 8
print(str(u))

u = UnicodeTranslateError("x\u20acxx", 1, 5, "foo")
print(str(u))
u.end = 2
print(str(u))
u.start, u.end = 0, 1
print(str(u))
u.reason = "bar"
u.object = "\U0001f600"
print(str(u))

for details in [("bad.py", 1, 2), ("bad.py", 1, 2, "text", 5), ("bad.py", 1, 2, "t", 3, 4, 5), 5,
                ("bad.py", 1, 2, "text"), ("bad.py", 1, 2, "text", 1, 4)]:
    attempt("SyntaxError %r" % (details,), lambda: (lambda e: (e.msg, e.filename, e.lineno, e.offset,
                                                                  e.text, e.end_lineno, e.end_offset))(
        SyntaxError("msg", details)))

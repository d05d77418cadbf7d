# Codecs: error handlers called by name (custom and builtin), UTF-16/32 decoding errors,
# stateful (partial) decoding, UTF-7, the escape codecs' error handling and warnings, charmap
# codecs, codec-name normalization and the wrapping of codec errors.
import codecs
import warnings


def show(label, f, *args):
    try:
        print(label, repr(f(*args)))
    except Exception as e:
        extra = (e.start, e.end, e.reason) if isinstance(e, UnicodeError) else ()
        print(label, type(e).__name__, str(e), extra)


# Builtin error handlers called through lookup_error.
for name in ("ignore", "replace", "backslashreplace", "namereplace", "xmlcharrefreplace",
             "surrogateescape", "surrogatepass", "strict"):
    handler = codecs.lookup_error(name)
    for exc in (UnicodeEncodeError("utf-8", "a\udc80\u20ac\ud800b", 1, 4, "why"),
                UnicodeDecodeError("utf-16-le", b"\x00\xd8\x80\xdcab", 0, 2, "why"),
                UnicodeDecodeError("utf-8", b"\xed\xa0\x80\xff", 0, 4, "why"),
                UnicodeTranslateError("a\xffb", 1, 2, "why"), ValueError("x")):
        show("handler %s %s" % (name, type(exc).__name__), handler, exc)

# Custom handlers on the native codecs.
codecs.register_error("compat15.mark", lambda e: ("<%d:%d>" % (e.start, e.end), e.end))
codecs.register_error("compat15.bytes", lambda e: (b"#", e.end))
codecs.register_error("compat15.skipback", lambda e: ("!", -1))
codecs.register_error("compat15.far", lambda e: ("!", 100))
codecs.register_error("compat15.bad", lambda e: 42)
for enc in ("ascii", "latin-1", "utf-8", "utf-16-le", "utf-32-be"):
    for errors in ("compat15.mark", "compat15.bytes", "compat15.skipback", "compat15.far",
                   "compat15.bad", "namereplace", "nosuchhandler"):
        show("encode %s %s" % (enc, errors), str.encode, "a\xe9\u20ac\udc80\U0001f600z", enc, errors)
for enc, data in (("ascii", b"a\xffb\x80"), ("utf-8", b"a\xff\xe2\x82b\xed\xa0\x80"),
                  ("utf-16-le", b"a\x00\x00\xd8b\x00\x00\xdc"), ("utf-32-le", b"a\x00\x00\x00\x00\xd8\x00\x00\xff")):
    for errors in ("compat15.mark", "compat15.far", "compat15.bad", "xmlcharrefreplace",
                   "surrogatepass", "surrogateescape", "replace", "backslashreplace", "strict"):
        show("decode %s %s" % (enc, errors), bytes.decode, data, enc, errors)

# UTF-16 errors and stateful decoding.
for raw in (b"\xff", b"A\x00Z", b"\x00\xd8", b"\x00\xd8A", b"\x00\xd8A\x00", b"\x00\xdcA\x00"):
    show("utf16 strict %r" % raw, codecs.utf_16_le_decode, raw, "strict", True)
    show("utf16 replace %r" % raw, raw.decode, "utf-16le", "replace")
    show("utf16 partial %r" % raw, codecs.utf_16_le_decode, raw, "replace", False)
for data in (b"a\xe2\x82", b"a\xed\xa0", b"\xe2\x28", b"ab\xf0\x9f\x98"):
    show("utf8 partial %r" % data, codecs.utf_8_decode, data, "strict", False)
for encoding in ("utf-8", "utf-16", "utf-32-be", "utf-7", "unicode-escape"):
    text = "a\u20ac\U0001f600\\+z"
    data = text.encode(encoding)
    decoder = codecs.getincrementaldecoder(encoding)()
    pieces = [decoder.decode(data[i:i + 1]) for i in range(len(data))]
    print("incremental", encoding, pieces, decoder.decode(b"", True) == "")

# UTF-7.
for text in ("", "A+B", "hi Mom -\u263a-!", "\u65e5\u672c\u8a9e", "~\\", "a\U0001f600b",
             "\ud800x", "1-2", "++--", "\x00"):
    data = text.encode("utf-7")
    print("utf7", repr(text), data, data.decode("utf-7") == text)
for raw in (b"a+IK", b"a+IK-b", b"a+IKwgr,-b", b"a+IKwgrB-b", b"a+/,+IKw-b", b"a+@b", b"a\xffb",
            b"a+2AE-b", b"a+2AHcAQ-b", b"+AGEAYgBj"):
    for errors in ("strict", "replace", "ignore"):
        show("utf7 decode %r %s" % (raw, errors), raw.decode, "utf-7", errors)
    show("utf7 partial %r" % raw, codecs.utf_7_decode, raw, "strict", False)

# Escape codecs.
for f in (codecs.unicode_escape_decode, codecs.raw_unicode_escape_decode):
    for data in (b"\\", b"a\\x4", b"[\\x0]\\x0", b"\\u12", b"\\U00110000", b"\\N{EURO SIGN}",
                 b"\\N{NO SUCH NAME}x", b"\\N{", b"\\z\\501", b"\\\\u20ac"):
        for args in (("strict", True), ("replace", True), ("ignore", True), ("strict", False)):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                show("%s %r %s" % (f.__name__, data, args), f, data, *args)
            print("  warnings", [str(w.message) for w in caught])
for data in (b"\\x", b"[\\x]\\x", b"\\x0", b"\\q\\777", b"\\101\\t", b"\\"):
    for errors in ("strict", "replace", "ignore", "other"):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            show("escape_decode %r %s" % (data, errors), codecs.escape_decode, data, errors)
        print("  warnings", [str(w.message) for w in caught])

# Charmap codecs.
for mapping in ("abc", "ab\ufffe", {0: "A", 1: "Bb", 2: None}, {0: 97, 1: 0xfffe}, {0: "x", 1: -2}):
    for errors in ("strict", "replace", "ignore", "backslashreplace", "compat15.mark"):
        show("charmap_decode %r %s" % (mapping, errors), codecs.charmap_decode, b"\x00\x01\x02", errors, mapping)
for mapping in ({97: 1, 98: b"xy", 63: b"?"}, codecs.charmap_build("abc?"), {97: 300}):
    for errors in ("strict", "replace", "ignore", "xmlcharrefreplace", "compat15.bytes"):
        show("charmap_encode %s" % errors, codecs.charmap_encode, "ab\xffc", errors, mapping)

# Argument types.
for f in (codecs.utf_8_decode, codecs.ascii_decode, codecs.latin_1_decode, codecs.utf_7_decode,
          codecs.charmap_decode, codecs.readbuffer_encode):
    show(f.__name__ + " 42", f, 42)
show("readbuffer str", codecs.readbuffer_encode, "\u20ac")

# Codec name normalization and wrapped codec errors.
FOUND = (1, 2, 3, 4)
codecs.register(lambda name: FOUND if name == "compat15_8" else None)
for name in ("compat15_8", "COMPAT15-8", "compat15 -- 8", "compat15\xe9-8", "compat15.8"):
    show("lookup %r" % name, codecs.lookup, name)


class Plain(RuntimeError):
    pass


class Slotted(RuntimeError):
    __slots__ = ("extra",)


class CustomInit(RuntimeError):
    def __init__(self, *args):
        super().__init__(*args)


errors_to_raise = [RuntimeError, RuntimeError("msg"), Plain("msg"), Slotted("msg"),
                   CustomInit("msg"), RuntimeError(1), RuntimeError("a", "b"), OSError("os"),
                   KeyError("k"), ValueError("")]
current = [None]


def failing(*args):
    raise current[0]


codecs.register(lambda name: codecs.CodecInfo(failing, failing, name="compat15_fail")
                if name == "compat15_fail" else None)
for exc in errors_to_raise:
    current[0] = exc
    for label, call in (("str.encode", lambda: "x".encode("compat15_fail")),
                        ("codecs.encode", lambda: codecs.encode("x", "compat15_fail")),
                        ("bytes.decode", lambda: b"x".decode("compat15_fail")),
                        ("codecs.decode", lambda: codecs.decode(b"x", "compat15_fail"))):
        try:
            call()
        except Exception as e:
            cause = e.__cause__
            print(label, type(e).__name__, repr(str(e)), type(cause).__name__ if cause else None,
                  cause is exc or (isinstance(exc, type) and isinstance(cause, exc)))

# Non-text codecs refused by str.encode/bytes.decode, usable through codecs.encode/decode.
for name in ("hex_codec", "base64", "rot_13", "uu_codec"):
    show("str.encode %s" % name, str.encode, "abc", name)
    show("bytes.decode %s" % name, bytes.decode, b"abc", name)
    try:
        data = codecs.encode(b"hi there" if name != "rot_13" else "hi there", name)
        print("roundtrip", name, data, codecs.decode(data, name))
    except Exception as e:
        print("roundtrip", name, type(e).__name__, e)

# surrogateescape takes what it can of a run of unencodable characters.
for enc in ("utf-8", "ascii", "latin-1"):
    show("surrogateescape run %s" % enc, str.encode, "[\udc80\udcff\ud800\udfff]", enc, "surrogateescape")

# uuencode.
import binascii
for data in (b"", b"a", b"hello world", bytes(range(45))):
    for backtick in (False, True):
        line = binascii.b2a_uu(data, backtick=backtick)
        print("uu", line, binascii.a2b_uu(line) == data)
for line in (b"", b"!80\n", b"#86)C\r\n", b"!~~", b"!80  ``\n", b"!80 x"):
    show("a2b_uu %r" % line, binascii.a2b_uu, line)
show("b2a_uu 46", binascii.b2a_uu, bytes(46))

# A decoding error handler may replace the input (CPython decodes the exception's object).
def forward(exc):
    return "\ufffd", exc.start + 1


def replace_input(exc):
    exc.object = b"\x00" * 8
    return "\ufffd", exc.start


codecs.register_error("compat15.forward", forward)
codecs.register_error("compat15.replace_input", replace_input)
for data, enc in ((b"\xd8\xd8\xd8\xd8\xd8\x00\x00\x00", "utf-16-le"),
                  (b"\x11\x11\x11\x11\x11\x00\x00\x00\x00\x00\x00", "utf-32-le"),
                  (b"a\xffb\xfe", "utf-8"), (b"a\xffb", "ascii")):
    show("forward %s" % enc, bytes.decode, data, enc, "compat15.forward")
for enc in ("utf-16", "utf-32", "utf-8", "utf-7", "unicode-escape"):
    show("replace_input %s" % enc, bytes.decode, b"\xff" if enc not in ("utf-16", "utf-32") else b"\x00", enc,
         "compat15.replace_input")
show("replace_input charmap", codecs.charmap_decode, b"\x00\x05", "compat15.replace_input", "ab")

# The builtin handlers check the real exception type and the exception's attributes.
class BadObject(UnicodeEncodeError):
    def __init__(self):
        UnicodeEncodeError.__init__(self, "ascii", "", 0, 1, "bad")
        self.object = []


for cls in (UnicodeEncodeError, UnicodeDecodeError, UnicodeTranslateError):
    class Fake(Exception):
        __class__ = cls
    for name in ("ignore", "replace", "backslashreplace", "xmlcharrefreplace", "surrogateescape"):
        show("fake %s %s" % (cls.__name__, name), codecs.lookup_error(name), Fake())
for name in ("ignore", "replace", "backslashreplace", "namereplace"):
    show("bad object %s" % name, codecs.lookup_error(name), BadObject())
    show("clamped %s" % name, codecs.lookup_error(name), UnicodeEncodeError("ascii", "abc", -5, 10, "x"))

# The codec registry (_codecs under codecs/encodings): lookup and normalization, encode/decode,
# incremental decoding of split multi-byte input, search functions, error handlers, escapes.
import codecs

info = codecs.lookup("UTF-8")
print(info.name, type(info).__name__, codecs.lookup("latin_1").name, codecs.lookup("utf_16_le").name)
print(codecs.encode("héllo", "utf-8"), codecs.decode(b"h\xc3\xa9llo", "utf-8"))
print(codecs.encode("é", "latin-1"), codecs.decode(b"\xe9", "iso-8859-1"), codecs.encode("ab", "utf-16-be"))
print(codecs.utf_8_encode("✓"), codecs.utf_8_decode(b"\xe2\x9c\x93"), codecs.latin_1_decode(b"\xff"))
print(codecs.utf_8_decode(b"a\xe2\x9c", "strict", False), codecs.utf_8_decode(b"a\xe2\x9c", "replace", True))
dec = codecs.getincrementaldecoder("utf-8")()
print([dec.decode(bytes([b])) for b in "h✓é".encode()], dec.decode(b"", final=True))
enc = codecs.getincrementalencoder("utf-8")()
print(enc.encode("ab"), enc.encode("✓", final=True))
print(codecs.decode(b"caf\xc3", "utf-8", "replace"), codecs.encode("é", "ascii", "xmlcharrefreplace"))
print(codecs.encode("é✓", "ascii", "backslashreplace"), codecs.decode(b"a\xffb", "ascii", "ignore"))
for bad in [lambda: codecs.lookup("no-such-codec"), lambda: codecs.decode(b"\xff", "utf-8"),
            lambda: codecs.encode("é", "ascii"), lambda: codecs.lookup_error("no-such-handler"),
            lambda: codecs.register(42), lambda: codecs.lookup(3)]:
    try:
        bad()
    except (LookupError, UnicodeError, TypeError) as e:
        print(type(e).__name__, e)
print(codecs.lookup_error("strict").__name__, codecs.lookup_error("ignore").__name__)

def search(name):
    if name == "rot_thirteen_test":
        return codecs.CodecInfo(
            lambda s, errors="strict": (s.translate(str.maketrans("abc", "nop")), len(s)),
            lambda b, errors="strict": (b, len(b)), name="rot-thirteen-test")
    return None

codecs.register(search)
print(codecs.encode("abcabc", "rot-thirteen-test"), codecs.lookup("Rot-Thirteen-Test").name)
codecs.unregister(search)
try:
    codecs.lookup("rot-thirteen-test")
except LookupError as e:
    print(type(e).__name__, e)
print(codecs.escape_decode(b"a\\x41\\n\\\\")[0], codecs.escape_encode(b"a\n\x00'")[0])
print(codecs.decode(b"caf\\xe9 \\u2713", "unicode_escape"), codecs.encode("é\n✓", "unicode_escape"))
print(codecs.encode("é✓", "raw_unicode_escape"), codecs.decode(b"\\u2713\\n", "raw_unicode_escape"))
print(codecs.decode(b"\x80abc", "cp1252"), codecs.encode("€", "cp1252"))
print(codecs.BOM_UTF8, codecs.encode("x", "utf-16")[:2] == codecs.BOM_UTF16)

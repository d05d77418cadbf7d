# unicodedata: character properties, names, lookups, numeric values, normalization, the
# Unicode 3.2.0 database, and CPython's errors.
import unicodedata as ud

CHARS = "aZ5 \t\n\u00e9\u00c5\u0301\u0300\u0663\u00bd\u2167\u216b\u4e00\uac00\u05d0\u0627()[]<>\u00ab\u00bb" \
        "\u2028\u00a0\u3000\uff21\u2460\u00b2\ufb01\u1e9b\u212b\u2126\u0130\u03a3\u0660\u0e51\u17e2" \
        "\U0001d400\U0001f600\U00010400\u20ac\u00ad\u200b\ufeff\ue000\U000f0000\u0378\ud800\U0001d7ce"

for c in CHARS:
    print("U+%04X" % ord(c), ud.category(c), repr(ud.bidirectional(c)), ud.combining(c), ud.east_asian_width(c),
          ud.mirrored(c), repr(ud.decomposition(c)), ud.decimal(c, None), ud.digit(c, None), ud.numeric(c, None),
          ud.name(c, "<none>"))

for name in ("LATIN SMALL LETTER A", "latin small letter a", "EURO SIGN", "CJK UNIFIED IDEOGRAPH-4E00",
             "HANGUL SYLLABLE GA", "GRINNING FACE", "LATIN CAPITAL LETTER A WITH MACRON AND GRAVE",
             "BYTE ORDER MARK", "NO SUCH THING", ""):
    try:
        print(repr(name), ascii(ud.lookup(name)))
    except KeyError as e:
        print(repr(name), "KeyError", e)
print(ascii(ud.lookup(b"SNOWMAN")))

SAMPLES = ["caf\u00e9", "cafe\u0301", "\ufb01ne", "\u212b", "A\u030a", "\u1e9b\u0323", "x\u00b2",
           "\uac00", "\u1100\u1161", "\u0041\u0308\u0301", "plain ascii", ""]
for s in SAMPLES:
    forms = [ascii(ud.normalize(f, s)) for f in ("NFC", "NFD", "NFKC", "NFKD")]
    flags = [ud.is_normalized(f, s) for f in ("NFC", "NFD", "NFKC", "NFKD")]
    print(ascii(s), forms, flags)

print(ud.unidata_version, ud.ucd_3_2_0.unidata_version, type(ud.ucd_3_2_0).__name__, ud.UCD.__module__)
old = ud.ucd_3_2_0
for c in "a\u00e9\u20ac\u0221\u0378\U0001f600":
    print("3.2 U+%04X" % ord(c), old.category(c), repr(old.bidirectional(c)), old.name(c, None), old.numeric(c, None))
for name in ("LATIN SMALL LETTER A", "EURO SIGN", "LATIN SMALL LETTER D WITH CURL", "BYTE ORDER MARK"):
    try:
        print(repr(name), ascii(old.lookup(name)))
    except KeyError as e:
        print(repr(name), "KeyError", e)
print(old.normalize("NFC", "cafe\u0301") == "caf\u00e9")


def attempt(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


attempt("category int", lambda: ud.category(1))
attempt("category str2", lambda: ud.category("ab"))
attempt("category empty", lambda: ud.category(""))
attempt("name nul", lambda: ud.name("\x00"))
attempt("numeric a", lambda: ud.numeric("a"))
attempt("decimal a", lambda: ud.decimal("a"))
attempt("digit a", lambda: ud.digit("a"))
attempt("digit half", lambda: ud.digit("\u00bd"))
attempt("normalize X", lambda: ud.normalize("X", "a"))
attempt("normalize int", lambda: ud.normalize(1, "a"))
attempt("normalize int2", lambda: ud.normalize("NFC", 1))
attempt("is_normalized X", lambda: ud.is_normalized("nfc", "a"))
attempt("lookup int", lambda: ud.lookup(1))
attempt("UCD()", lambda: ud.UCD())

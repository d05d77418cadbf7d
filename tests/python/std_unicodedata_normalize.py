# unicodedata.normalize and is_normalized over every Latin, Greek, Cyrillic, Hangul-jamo and
# compatibility character of some blocks: each form's result, idempotence, and the round trips
# NFC(NFD(s)) == NFC(s) and NFKC(NFKD(s)) == NFKC(s); plus strings with combining sequences
# whose marks must be reordered.
import unicodedata as ud

FORMS = ("NFC", "NFD", "NFKC", "NFKD")
RANGES = [(0xA0, 0x250), (0x370, 0x400), (0x400, 0x460), (0x1E00, 0x1F00), (0x1F00, 0x2000),
          (0x2150, 0x2190), (0x3300, 0x3320), (0xFB00, 0xFB08), (0xFF01, 0xFF20), (0xAC00, 0xAC40)]
for lo, hi in RANGES:
    changed = {f: 0 for f in FORMS}
    total = {f: 0 for f in FORMS}
    stable = True
    for cp in range(lo, hi):
        c = chr(cp)
        out = {f: ud.normalize(f, c) for f in FORMS}
        for f in FORMS:
            if out[f] != c:
                changed[f] += 1
            total[f] += sum(map(ord, out[f])) + len(out[f])
            stable = stable and ud.normalize(f, out[f]) == out[f] and ud.is_normalized(f, out[f])
            stable = stable and ud.is_normalized(f, c) == (out[f] == c)
        stable = stable and ud.normalize("NFC", out["NFD"]) == out["NFC"]
        stable = stable and ud.normalize("NFKC", out["NFKD"]) == out["NFKC"]
    print("%04X-%04X" % (lo, hi), changed, total, stable)

for s in ["a\u0301\u0323", "a\u0323\u0301", "\u0041\u030a\u0327", "\u1100\u1161\u11a8", "\ud55c\uae00",
          "e\u0302\u0300\u0301", "\u00c5\u212b\u0041\u030a", "\u0958\u0915\u093c", "\ufb2c\u05e9\u05c1\u05bc"]:
    print(ascii(s), [ascii(ud.normalize(f, s)) for f in FORMS], [ud.is_normalized(f, s) for f in FORMS])

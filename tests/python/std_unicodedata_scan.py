# unicodedata over whole blocks of code points, including ones where Unicode versions after
# CPython 3.11's 14.0.0 assigned or changed characters: per-block tallies of every property, so
# any differing character shows up.
import unicodedata as ud

BLOCKS = [(0x0000, 0x0370), (0x0370, 0x0530), (0x0590, 0x0700), (0x0870, 0x08A0), (0x0900, 0x0980),
          (0x1B00, 0x1B80), (0x1E00, 0x2000), (0x2000, 0x2070), (0x2100, 0x2190), (0x2460, 0x2500),
          (0x3040, 0x3100), (0x4E00, 0x4E40), (0xFB00, 0xFB50), (0xFF00, 0xFFF0), (0x1F300, 0x1F700),
          (0x1FA70, 0x1FB00), (0x2EBE0, 0x2EC00)]
for lo, hi in BLOCKS:
    cats, bidi, eaw = {}, {}, {}
    combining = mirrored = decomp = numeric = named = decimals = digits = 0
    for cp in range(lo, hi):
        c = chr(cp)
        cat = ud.category(c)
        cats[cat] = cats.get(cat, 0) + 1
        b = ud.bidirectional(c)
        bidi[b] = bidi.get(b, 0) + 1
        w = ud.east_asian_width(c)
        eaw[w] = eaw.get(w, 0) + 1
        combining += ud.combining(c) * (cp % 7 + 1)
        mirrored += ud.mirrored(c)
        d = ud.decomposition(c)
        decomp += len(d) + d.count("<")
        n = ud.numeric(c, None)
        if n is not None:
            numeric += n * 8
        decimals += ud.decimal(c, -1) + 1
        digits += ud.digit(c, -1) + 1
        name = ud.name(c, "")
        named += len(name) + name.count(" ")
    print("%04X-%04X" % (lo, hi), sorted(cats.items()), sorted(bidi.items()), sorted(eaw.items()))
    print("   ", combining, mirrored, decomp, numeric, named, decimals, digits)

text = "".join(chr(cp) for cp in range(0xC0, 0x250)) + "\u1E00\u1E9B\u1EF9\uFB01\u2126\u212A\u212B\u00BD\u2460"
for form in ("NFC", "NFD", "NFKC", "NFKD"):
    out = ud.normalize(form, text)
    print(form, len(out), sum(map(ord, out)), ud.is_normalized(form, text), ud.is_normalized(form, out))

# Full titlecase and case-folding mappings (title, capitalize, casefold) beyond upper/lower.
samples = ["\u1ff3\u1ff3\u1ffc\u1ffc", "\u1f80abc \u1fb3x", "a\u0345\u03c2", "\u24c5\u24ce\u24c9",
           "\u2170\u2171\u2172", "ǆemal ǉubo", "ßtraße ﬁsh", "\u10d0\u10d1 \u10d2", "\u0587x",
           "Ꭰꭰ \u13f8", "ΣΑΣ σας", "\u0149n", "ﬓ", "\u1e9e\u00df"]
for s in samples:
    print(ascii(s), ascii(s.title()), ascii(s.capitalize()), ascii(s.casefold()), ascii(s.upper()))
# Every code point of some blocks, summarized.
for lo, hi in ((0x370, 0x400), (0x1f00, 0x2000), (0x10a0, 0x1100), (0x13a0, 0x1400), (0xab70, 0xabc0),
               (0xfb00, 0xfb18)):
    text = "".join(map(chr, range(lo, hi)))
    print(hex(lo), ascii("".join(c.title() for c in text))[:60], len("".join(c.title() for c in text)),
          sum(map(ord, text.casefold())), sum(map(ord, " ".join(text).title())))

# str with non-ASCII text: case mappings, predicates, indexing, lengths, repr escapes, search.
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "->", type(e).__name__, e)

words = ["straße", "ǅemal", "ΟΔΥΣΣΕΥΣ", "İstanbul", "ﬁne", "Ωmega", "résumé", "日本語", "ǈubljana", "ß"]
for w in words:
    print(repr(w), len(w), repr(w.upper()), repr(w.lower()), repr(w.title()), repr(w.capitalize()), repr(w.swapcase()), repr(w.casefold()))
show("predicates", lambda: [(w, w.isalpha(), w.isupper(), w.islower(), w.istitle()) for w in ["Ǆ", "ǅ", "ǆ", "Ωmega", "ΑΒΓ", "αβγ", "日本", "Ab1", "ⅷ"]])
show("digits", lambda: [(c, c.isdigit(), c.isdecimal(), c.isnumeric()) for c in ["7", "٧", "۷", "²", "①", "½", "Ⅷ", "七", "a", "൬"]])
show("spaces", lambda: [(repr(c), c.isspace()) for c in [" ", "\t", "\x0b", "\x1c", "\x85", "\xa0", "\u2000", "\u200b", "\u3000", "\ufeff", "x"]])
show("printable", lambda: [(repr(c), c.isprintable()) for c in ["a", "é", "\n", "\x00", "\u200b", "\u00ad", "\ufeff", "日", "\U0001f600", " "]])
show("identifiers", lambda: [s.isidentifier() for s in ["x", "_", "名前", "é1", "1é", "a b", "αβ", "x\u200b", "ℕ", "℘x"]])
show("index", lambda: ["héllo"[1], "日本語"[-1], "a😀b"[1], "a😀b"[2], "ü" * 3])
show("slicing", lambda: ["привет"[1:4], "привет"[::-1], "日本語テキスト"[::2]])
show("find", lambda: ["日本語テキスト".find("テ"), "ééé".rfind("é"), "aéb".index("b"), "ñandú".count("n"), "🙂🙂🙂".find("🙂", 1)])
show("split", lambda: ["a\u3000b\u2003c".split(), "x\u2028y\u2029z\x85w".splitlines(), "日,本,語".split(",")])
show("repr", lambda: ["é", "\u200b", "\x7f", "\xa0", "\U0001f600", "\ud800", "a\u0301", "\ufeff"])
show("ascii", lambda: [ascii("é"), ascii("\U0001f600"), ascii("\x7f")])
show("ord_chr", lambda: [ord("é"), ord("😀"), chr(233), chr(128512), chr(0xd800) == "\ud800"])
show("cmp", lambda: ["é" > "z", "日" > "é", "😀" > "日", sorted(["é", "e", "z", "日", "a"])])
show("center_unicode", lambda: ["日".center(5, "・"), "é".ljust(3, "ü"), "x".rjust(3, "😀")])
show("encode_utf8", lambda: ["日本".encode(), "😀".encode(), "é".encode("utf-16"), "é".encode("utf-32-be")])
show("zfill_unicode", lambda: "-٣".zfill(4))
show("join_unicode", lambda: "・".join(["日", "本"]))
show("len_combining", lambda: [len("e\u0301"), len("👨‍👩‍👧")])
show("strip_unicode", lambda: ["\u3000x\u3000".strip(), "ééxéé".strip("é")])
show("translate_unicode", lambda: "αβγ".translate({ord("α"): "a", ord("β"): None}))
show("replace_unicode", lambda: "ñ ñ ñ".replace("ñ", "n", 2))
show("final_sigma", lambda: ["ΑΣ ΑΣ".lower(), "Σ".lower(), "ΑΣΑ".lower(), "Α.Σ".lower()])

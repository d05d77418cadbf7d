# Searches for patterns that start with an alternation: anchored alternatives, alternatives
# with or without a first character, in str (ASCII and not) and bytes subjects.
import re

PATTERNS = [r"^\s+|\s+$", r"^[\s\xa0]+|[\s\xa0]+$", r"^\s*|\s*$", r"(^a)|b", r"a|", r"\Ab|c",
            r"(?m)^x|y", r"^(?:ab|cd)|ef", r"x(?=y)|z", r"(?i)q|R", r"(foo|bar)+", r"\bq|w\b",
            r"(?:é|ö)+", r"(\d+)|([a-z]\d)", r"^$|a", r"(?:[^a-z]|z)z", r"^(?:x)|(?:^y)"]
SUBJECTS = ["  hello world  ", "hello", "\xa0 tab\t\xa0", "aab bb", "xyz\nxq\ny", "abcdef efab",
            "QrqR", "foobarbaz barfoo", "q w qw", "héllo wörld ööé", "a1 b2 33", "", "ZZ zz Az", "yx"]
for pat in PATTERNS:
    p = re.compile(pat)
    for s in SUBJECTS:
        m = p.search(s)
        row = [m and (m.span(), m.groups()), p.findall(s), p.sub("|", s), p.subn("", s, 1)]
        row.append([mm.span() for mm in p.finditer(s)])
        row.append(p.search(s, 2) and p.search(s, 2).span())
        print(repr(pat), repr(s), row)
    bp = re.compile(pat.encode("ascii", "backslashreplace")) if pat.isascii() else None
    if bp is not None:
        for s in (b"  hi  ", b"xy\nzq", b"foo bar"):
            print(repr(pat), s, bp.findall(s), bp.sub(b"_", s))

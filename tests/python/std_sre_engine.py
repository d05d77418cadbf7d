# _sre driven directly with the code lists CPython 3.11's re._compiler produces (see
# std_sre_data/generate.py): match, fullmatch, search, findall, finditer, split, sub, subn.
import _sre
from std_sre_data.codes import CASES

STR_SUBJECTS = [
    "abc", "a\nc", "hello world", "Hello HELLO hello", "x = 12, y = 345", "aaab", "ababc",
    "STRASSE straße", "Ärger über Öl", "a word, sword, words", "<tag> tag> <tag",
    "2023-01-15 and 1999-12-31", "'quoted' and \"double\"", "", "bbb", "foo bar fool", "@user $12 34",
    "привет мир", "KELVIN \u212a k", "\u0130i", "Σσς", "a\\b.*+[]", "# one\ntwo\n# three",
]
BYTES_SUBJECTS = [b"abc", b"key=value k2=", b"\x00\x01ab AB", b"  spaced  out ", b"line1\nline2", b""]


def show_match(m):
    if m is None:
        return "None"
    return "%r span=%r groups=%r last=%r/%r" % (m.group(), m.span(), m.groups(), m.lastindex, m.lastgroup)


for args in CASES:
    p = _sre.compile(*args)
    print("==", repr(p), p.groups, dict(p.groupindex))
    subjects = BYTES_SUBJECTS if isinstance(p.pattern, bytes) else STR_SUBJECTS
    for s in subjects:
        try:
            line = [show_match(p.match(s)), show_match(p.fullmatch(s)), show_match(p.search(s))]
            line.append(repr(p.findall(s)))
            line.append(repr([m.span() for m in p.finditer(s)]))
            line.append(repr(p.split(s)))
            line.append(repr(p.split(s, 1)))
            empty = s[:0]
            line.append(repr(p.sub(lambda m: empty + (m.group() or empty)[::-1] + (b"|" if isinstance(s, bytes) else "|"), s)))
            line.append(repr(p.subn(b"#" if isinstance(s, bytes) else "#", s, 2)))
            print(repr(s), " ; ".join(line))
        except Exception as e:
            print(repr(s), type(e).__name__, e)

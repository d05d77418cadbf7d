"""The matching engine against CPython's: many patterns (groups, backtracking, lazy, possessive
and atomic repeats, lookarounds, back references, conditionals, case folding, boundaries,
charsets of every kind) over str (ASCII, Latin-1, wider, surrogates) and bytes subjects; each
run as match, fullmatch, search, finditer (spans, groups, lastindex), with windows."""

import re

CASES = [
    (r"a+b", 0, ["aaab", "ab", "b", "xaabyab"]),
    (r"(a|ab)(c|bcd)(d*)", 0, ["abcd", "abcdd", "acd"]),
    (r"(a*)*b", 0, ["aaab", "b", "aac"]),
    (r"(a*)+b", 0, ["aaab", "b"]),
    (r"(a|b)*?c", 0, ["ababc", "c", "abab"]),
    (r"(?:a(b)?)+", 0, ["aabab", "aba", "ab"]),
    (r"(a)|(b)|(c)", 0, ["c", "b", "a", "d"]),
    (r"((a)|b)+", 0, ["ab", "ba", "aab"]),
    (r"(\w+)\s+\1", 0, ["hello hello", "ab abc", "x y"]),
    (r"(?P<q>['\"]).*?(?P=q)", 0, ["say 'hi' and \"yo\"", "'unclosed"]),
    (r"(?i)(ab)\1", 0, ["abAB", "AbaB", "abac"]),
    (r"(a)?(?(1)b|c)", 0, ["ab", "c", "ac", "b"]),
    (r"(?=(\w+))\w", 0, ["abc def"]),
    (r"(?<=a)b", 0, ["ab", "cb", "abab"]),
    (r"(?<!a)b", 0, ["ab", "cb", "bb"]),
    (r"\w+(?!\d)", 0, ["abc1 def", "x9"]),
    (r"(?>a+)b", 0, ["aaab", "aaa"]),
    (r"(?>a|ab)c", 0, ["abc", "ac"]),
    (r"a++b", 0, ["aaab", "aaa"]),
    (r"(?:ab)++c", 0, ["ababc", "abab", "c"]),
    (r"a*+a", 0, ["aaa"]),
    (r"(ab){2,3}?", 0, ["abababab", "ab"]),
    (r"(ab){2,3}", 0, ["abababab", "ab"]),
    (r"a{2,}?b", 0, ["aaaab", "ab"]),
    (r"x*", 0, ["", "axxb", "xx"]),
    (r"\b\w", 0, ["one two  three", ""]),
    (r"\B.", 0, ["ab cd", "a"]),
    (r"^\w+$", re.M, ["one\ntwo\n\nthree", "x"]),
    (r"^$", re.M, ["a\n\nb\n", ""]),
    (r"a.c", 0, ["abc", "a\nc"]),
    (r"a.c", re.S, ["a\nc"]),
    (r".*$", 0, ["line1\nline2\n"]),
    (r"\Aab|cd\Z", 0, ["abxcd", "xab cd"]),
    (r"[a-cx-z]+", 0, ["abcxyzdef", "q"]),
    (r"[^a-c\s]+", 0, ["abc def ghi"]),
    (r"[\d.]+", 0, ["v1.2.3 and 4"]),
    (r"[\u0100-\u017f]+", 0, ["abc\u0100\u0105xyz\u017f", "plain"]),
    (r"[\u4e00-\u9fff\u3040-\u309f]+", 0, ["kana \u3042\u3044 kanji \u4e2d\u6587 end"]),
    (r"[^\u4e00-\u9fff]+", 0, ["\u4e2dab\u6587cd"]),
    (r"[\U0001F600-\U0001F64F]", 0, ["smile \U0001F600 and \U0001F64F!"]),
    (r"\d+", 0, ["a\u0661\u0662b 12", "\uff11\uff12"]),
    (r"\d+", re.A, ["a\u0661\u0662b 12"]),
    (r"\w+", 0, ["caf\xe9 na\xefve \u03b1\u03b2\u03b3 _x1"]),
    (r"\w+", re.A, ["caf\xe9 na\xefve"]),
    (r"\s+", 0, ["a\u2028b\xa0c\x1cd e"]),
    (r"\s+", re.A, ["a\xa0b\tc"]),
    (r"(?i)stra\xdfe", 0, ["STRA\xdfE", "strasse"]),
    (r"(?i)[a-z]+", 0, ["Hello WORLD", "\u212a"]),
    (r"(?i)[k]", 0, ["K k \u212a"]),
    (r"(?i)\u03c3+", 0, ["\u03a3\u03c3\u03c2"]),
    (r"(?ia)k", 0, ["K \u212a"]),
    (r"(?i)[^x]", 0, ["Xx", "xa"]),
    (r"(?i)a+?B", 0, ["AaAb"]),
    (r"(?i)[\u0100-\u0101]", 0, ["\u0100\u0101"]),
    (r"(a)(b)?", 0, ["a", "ab"]),
    (r"(?:(a)|b)*", 0, ["ab", "ba"]),
    (r"(a*?)(a*)", 0, ["aaa"]),
    (r"(?:x|(y))*z", 0, ["xyxz", "z"]),
    (r"(.)(?!\1)", 0, ["aab", "abc"]),
    (r"(?s:.)x(?-i:Y)", re.I, ["\nxY", "\nXy"]),
    (r"\\", 0, ["a\\b"]),
    (r"a|b|c|d|e", 0, ["xxe", "q"]),
    (r"foo|foobar|bar", 0, ["foobar"]),
    (r"abcab", 0, ["ababcababcab", "abca"]),
    (r"aaab", 0, ["aaaaab", "aab"]),
    (r"abab(c)", 0, ["abababc"]),
    (r"ab?c?d??", 0, ["abcd", "ad"]),
    (r"(?:)", 0, ["ab"]),
    (r"\b", 0, ["ab cd"]),
    (r"(?<=\d{3})x", 0, ["123x", "12x"]),
    (r"(?:a|(?=b))+b", 0, ["aab", "b"]),
    (r"((?:a|b)*?)c", 0, ["abbac"]),
    (r"(\d+)-(\d+)?", 0, ["10-20 30-"]),
    (r"(?P<first>\w+) (?P<last>\w+)", 0, ["Jane Doe", "x"]),
    (r"(a)(?:(b)|c)*", 0, ["abcb", "acb"]),
    (r"(?:(a)|(b))+", 0, ["ab", "ba", "aab"]),
    (r"(?:(a)b)*c", 0, ["ababc", "c"]),
    (r"((a)|(b))*?c", 0, ["abc"]),
]

BYTES_CASES = [
    (rb"a+\w", 0, [b"aaab", b"a\xe9"]),
    (rb"[\x80-\xff]+", 0, [b"ab\x80\xffcd"]),
    (rb"(?i)caf\xc9", 0, [b"CAF\xc9", b"caf\xe9"]),
    (rb"\s+", 0, [b"a \t\x0bb\x1cc"]),
    (rb"(?L)\w+", 0, [b"abc d\xe9f"]),
    (rb"(?iL)abc", 0, [b"ABC aBc"]),
    (rb"(?iL)[a-c]+", 0, [b"ABCabcd"]),
]


def describe(m):
    if m is None:
        return "None"
    return "%r %r %r %r" % (m.span(), m.groups(), m.lastindex, m.lastgroup)


def run(pattern, flags, subjects):
    try:
        p = re.compile(pattern, flags)
    except re.error as e:
        print("compile", ascii(pattern), "->", type(e).__name__, e)
        return
    for s in subjects:
        print(ascii(pattern), flags, ascii(s))
        print("  match", describe(p.match(s)))
        print("  fullmatch", describe(p.fullmatch(s)))
        print("  search", describe(p.search(s)))
        print("  iter", [(m.span(), m.groups()) for m in p.finditer(s)])
        print("  findall", ascii(p.findall(s)))
        n = len(s)
        print("  windows", [describe(p.search(s, i, n - j)) for i in range(0, n + 1, 2) for j in (0, 1)])
        print("  wmatch", [describe(p.match(s, i)) for i in range(n + 1)])


for pattern, flags, subjects in CASES:
    run(pattern, flags, subjects)
for pattern, flags, subjects in BYTES_CASES:
    run(pattern, flags, subjects)

# Surrogates and astral characters as separate code points.
s = "a\ud800b\udc00c\U00010000d"
print(ascii(re.findall(r"[\ud800-\udfff]", s)), ascii(re.findall(r".", s)), re.search("d", s).span())
# Catastrophic-looking but bounded backtracking.
print(re.match(r"(a|aa)*c", "a" * 18 + "c").span(), re.match(r"(a+)+b", "a" * 16) is None)
# Deep nesting of repeats.
print(describe(re.match(r"((((a)*)*)*)*b", "aaab")))
print(describe(re.match(r"(?:(?:(a)|b)+c)+", "abcbac")))
# Many groups.
big = "".join("(%s)" % chr(97 + i % 26) for i in range(60))
print(re.match(big, "".join(chr(97 + i % 26) for i in range(60))).span(60), re.match(big, "abc"))

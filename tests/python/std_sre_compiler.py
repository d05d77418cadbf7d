# CPython 3.11's own re._parser and re._compiler (loaded as submodules of a bare package,
# without re's __init__) compiling patterns onto _sre: the full pipeline from pattern text to
# matches, including flags, Unicode escapes by name, verbose mode, and the compiler's errors.
from std_sre_data.stdlib_re import _compiler, _constants

print(_constants.MAGIC, _constants.MAXREPEAT, _constants.MAXGROUPS, repr(_constants.MAXREPEAT))

CASES = [
    (r"(\w+)\s(\w+)", 0, ["hello world", "a b c"]),
    (r"(?P<year>\d{4})-(?P<month>\d\d)", 0, ["on 2024-06 and 1999-12", "none"]),
    (r"(?i)straße|ǅ", 0, ["STRASSE Straße ǆ ǅ Ǆ"]),
    (r"\N{GREEK SMALL LETTER ALPHA}+\N{LATIN SMALL LETTER E WITH ACUTE}", 0, ["ααé αé"]),
    (r"""(?x)
        (\d+)   # number
        \s*     # space
        ([a-z]+)  # unit
    """, 0, ["10 km, 5m, 7  kg"]),
    (r"^\s*#", _constants.SRE_FLAG_MULTILINE, ["code\n  # comment\n#x"]),
    (r"[\w.-]+@[\w-]+\.\w{2,}", _constants.SRE_FLAG_ASCII, ["mail a.b-c@d-e.org, é@x.com"]),
    (rb"[\x80-\xff]+|\d+", 0, [b"ab\xe9\xff12"]),
    (r"(?<!\d)(\d{3})(?!\d)", 0, ["12 123 1234 567"]),
    (r"(a)(?(1)b|c)|(?P<z>z)", 0, ["ab ac zc"]),
    (r"(?>\w+)\.|x++y", 0, ["abc. xxy"]),
    (r"\bcat\b", _constants.SRE_FLAG_IGNORECASE, ["Cat concat CAT."]),
    (r"(.)\1{2,}", 0, ["aaabbcccc"]),
    (r"[^\x00-\x7F]", 0, ["naïve café"]),
]
for pattern, flags, subjects in CASES:
    p = _compiler.compile(pattern, flags)
    print(repr(p), p.groups, sorted(p.groupindex.items()))
    for s in subjects:
        print("  ", [(m.span(), m.group(), m.groups(), m.lastgroup) for m in p.finditer(s)])
        print("  ", p.findall(s), p.split(s, 2), p.subn(lambda m: m.group()[::-1], s))

for bad in ["(", "a)", "[z-a]", "x{3,2}", "(?P<1>x)", "(?P=nope)", "*", "\\", "(?<=a+)b", "a**"]:
    try:
        _compiler.compile(bad, 0)
    except _constants.error as e:
        print("error", repr(bad), e.msg, e.pos)

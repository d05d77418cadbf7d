# _sre's Pattern and Match objects: attributes, group access by index and name, errors, reprs,
# equality and hashing, copying, scanners, pos/endpos, bytes-like subjects.
import _sre

from std_sre_data.codes import CASES

by_pattern = {}
for args in CASES:
    by_pattern.setdefault(args[0], args)


def compile(pattern):
    return _sre.compile(*by_pattern[pattern])


def attempt(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)


print(_sre.MAGIC, _sre.CODESIZE, _sre.MAXREPEAT, _sre.MAXGROUPS, _sre.getcodesize())
print([_sre.ascii_iscased(c) for c in (65, 97, 49, 0xe9)], [_sre.unicode_iscased(c) for c in (65, 0xe9, 0x3c3, 49)])
print([_sre.ascii_tolower(c) for c in (65, 0xc9, 97)], [_sre.unicode_tolower(c) for c in (65, 0xc9, 0x3a3, 0x130, 0x212a)])

p = compile(r"(?P<first>\w+) (?P<last>\w+)")
m = p.search("  Jane Doe!")
print(m)
print(m.group(), m.group(0), m.group(1), m.group("last"), m.group(1, "last", 0), m[0], m["first"])
print(m.groups(), m.groupdict(), m.span(), m.span("last"), m.start(1), m.end(2), m.regs)
print(m.pos, m.endpos, m.lastindex, m.lastgroup, m.re is p, m.string, bool(m))
print(type(p).__name__, type(m).__name__, type(p).__module__, type(m).__module__)
print(p.pattern, p.flags, p.groups, dict(p.groupindex), sorted(p.groupindex.items()))
for bad in (3, -1, "nope", 1.5, None, (1,)):
    attempt("group %r" % (bad,), lambda: m.group(bad))
attempt("getitem 7", lambda: m[7])
attempt("start x", lambda: m.start("x"))
attempt("group True", lambda: m.group(True))

q = compile(r"(a)|(b)|(c)")
for s in ("a", "b", "c", "d"):
    mm = q.match(s)
    if mm:
        print(s, mm.groups(), mm.groups("-"), mm.lastindex, mm.span(1), mm.span(3), mm.regs, mm.start(2))
    else:
        print(s, mm)
q = compile(r"(\d+)-(\d+)-(\d+)")
print(q.search("on 2023-01-15!", 3).groups(), q.search("on 2023-01-15!", 4), q.match("x2023-1-1", 1))
print(q.search("2023-01-15", 0, 9), q.fullmatch("a1-2-3b", 1, 6), q.fullmatch("a1-2-3b", 1, 5))
print(q.match("1-2-3", -5, 100).span(), q.search("1-2-3", 10), q.findall("1-2-3 4-5-6", 1), q.findall("1-2-3 4-5-6", 0, 9))

w = compile(r"\w+")
print(repr(w), repr(compile(r"HELLO")), repr(compile(rb"(?i)ab")), repr(compile(r"\w+").pattern))
long = _sre.compile("x" * 300, 32, [1], 0, {}, (None,))
print(repr(long))
print(w == compile(r"\w+"), w != compile(r"\w+"), w == compile(r"\d+"), w == 5, hash(w) == hash(compile(r"\w+")))
print(w.__copy__() is w, w.__deepcopy__({}) is w, m.__copy__() is m, m.__deepcopy__({}) is m)

attempt("int subject", lambda: w.match(12))
attempt("bytes subject", lambda: w.match(b"abc"))
attempt("str on bytes", lambda: compile(rb"abc").match("abc"))
attempt("pos str", lambda: w.match("abc", "1"))
attempt("Pattern()", lambda: type(w)())
attempt("Match()", lambda: type(m)())

b = compile(rb"(?P<n>\w+)=(\w*)")
for subject in (b"key=value", bytearray(b"k2=v2"), memoryview(b"k3=")):
    mm = b.match(subject)
    print(type(mm.string).__name__, mm.group(), mm.groups(), mm.groupdict(), type(mm.group(1)).__name__)
    print(b.findall(subject), b.split(subject), b.sub(lambda x: b"<" + x.group(1) + b">", subject))
print(repr(compile(rb"x*").sub(b"-", bytearray(b"ab"))))

sc = w.scanner("one two  three")
print(type(sc).__name__, sc.pattern is w)
print(sc.match(), sc.search(), sc.match(), sc.search(), sc.search(), sc.search(), sc.match())
sc = compile(r"x*").scanner("axxb")
print([sc.search() for _ in range(6)])
sc = compile(r"x*").scanner("xxab", 1, 3)
print(sc.match(), sc.match(), sc.search(), sc.search())
it = w.finditer("a bb ccc", 2)
print(type(it).__name__, [x.group() for x in it])
print(w.split("a b  c", 1), w.split("a b  c", -1), compile(r"x*").split("axbc"), compile(r"(x)|y").split("axbyc"))
print(w.sub(lambda x: None, "a-b"), w.subn(lambda x: x.group().upper(), "ab cd ef", 2), w.sub("Z", "ab cd", count=1))
attempt("sub bad repl", lambda: w.sub(lambda x: 3, "ab cd"))
attempt("sub count", lambda: w.sub("x", "ab", "2"))

surrogates = "a\ud800c a\udc00c \ud800\udc00 a\xe9c"
print(ascii(compile("a.c").findall(surrogates)), [m.span() for m in compile("a.c").finditer(surrogates)])
whole = compile("(?s).+").match("\ud800\udc00x")
print(ascii(whole.group()), whole.span(), ascii(compile("a.c").sub(lambda m: "[" + m.group() + "]", surrogates)))

for code in ([999], [], [17], [16], [14, 100, 0, 0, 0], [24, 9, 1], [17, 9, 1], [11, 3, 1], [7, 100, 0, 1]):
    attempt("bad code %r" % (code,), lambda: _sre.compile("x", 0, code, 0, {}, (None,)))
attempt("code too big", lambda: _sre.compile("x", 0, [1 << 40, 1], 0, {}, (None,)))

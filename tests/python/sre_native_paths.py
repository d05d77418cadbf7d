"""Pattern.match/fullmatch/search, findall and literal sub/subn as run natively: argument
conversion and errors, str/bytes/bytearray/memoryview subjects, str subclasses, non-ASCII text,
windows, empty matches, counts."""

import array
import re


def show(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "->", type(e).__name__, e)
        return
    if isinstance(r, re.Match):
        print(label, "->", repr(r), r.span(), r.groups(), r.pos, r.endpos, r.lastindex, type(r.string).__name__)
    else:
        print(label, "->", repr(r))


class S(str):
    pass


class B(bytes):
    pass


class Idx:
    def __init__(self, v):
        self.v = v

    def __index__(self):
        return self.v


p = re.compile(r"(a+)(b)?")
texts = ["xaab", "aaa", "", "b", "héllo aab ñaa", "\u20ac\u20acaa\u20acab", S("zzaab")]
for t in texts:
    for name in ("match", "fullmatch", "search"):
        show("%s %r" % (name, t), lambda: getattr(p, name)(t))
        show("%s %r 1 3" % (name, t), lambda: getattr(p, name)(t, 1, 3))
        show("%s %r -5 100" % (name, t), lambda: getattr(p, name)(t, -5, 100))
        show("%s %r 3 1" % (name, t), lambda: getattr(p, name)(t, 3, 1))
    show("findall %r" % t, lambda: p.findall(t))
    show("findall %r 2" % t, lambda: p.findall(t, 2))
    show("sub %r" % t, lambda: p.sub("-", t))
    show("subn %r 1" % t, lambda: p.subn("<>", t, 1))
    show("subn %r -1" % t, lambda: p.subn("<>", t, -1))
    show("sub group %r" % t, lambda: p.sub(r"[\1]", t))

show("Idx pos", lambda: p.search("aaab", Idx(1), Idx(3)))
show("bool pos", lambda: p.search("aaab", True))
show("float pos", lambda: p.search("aaab", 1.0))
show("str pos", lambda: p.search("aaab", "1"))
show("big pos", lambda: p.search("aaab", 2 ** 80))
show("big neg endpos", lambda: p.match("aaab", 0, -2 ** 80))
show("findall big", lambda: p.findall("aaab", 2 ** 70))
show("int subject", lambda: p.search(5))
show("None subject", lambda: p.match(None))
show("bytes subject", lambda: p.search(b"aab"))
show("sub bytes subject", lambda: p.sub("x", b"aab"))
show("sub bytes repl", lambda: p.sub(b"x", "aab"))
show("sub count str", lambda: p.sub("x", "aab", "1"))
show("sub count Idx", lambda: p.sub("x", "aabaa", Idx(1)))
show("sub callable", lambda: p.sub(lambda m: m.group(1).upper(), "xaabyaa"))
show("sub S repl", lambda: p.sub(S("!"), "xaabyaa"))

bp = re.compile(rb"(\d+)|(x)")
for t in (b"a12x3", bytearray(b"77x"), memoryview(b"x1x22"), B(b"9x"), array.array("b", b"1x2")):
    k = "%s %r" % (type(t).__name__, bytes(t))
    show("search " + k, lambda: bp.search(t))
    show("match " + k, lambda: bp.match(t))
    show("findall " + k, lambda: bp.findall(t))
    show("subn " + k, lambda: bp.subn(b"#", t))
    show("sub bytearray repl " + k, lambda: bp.sub(bytearray(b"@"), t))
    show("finditer " + k, lambda: [m.span() for m in bp.finditer(t)])
    show("split " + k, lambda: bp.split(t))
show("str subject on bytes", lambda: bp.search("12"))
show("findall str on bytes", lambda: bp.findall("12"))

e = re.compile(r"x*")
for t in ("", "abc", "xxaxx", "\xe9x\xe9"):
    show("findall empty %r" % t, lambda: e.findall(t))
    show("sub empty %r" % t, lambda: e.sub("-", t))
    show("subn empty %r 2" % t, lambda: e.subn("-", t, 2))

g3 = re.compile(r"(\w)(\d)?(?P<n>[a-z])?")
show("findall 3 groups", lambda: g3.findall("a1b c2 d \u00e9\u00e8"))
m = g3.search("  z9y")
print(m.group(), m.group(1, 2, "n"), m.groupdict(), m.span("n"), m.regs, m.lastgroup, m.re is g3)
print(re.sub("a", "b", "banana"), re.subn("an", "", "banana"), re.findall("n(a)", "banana"))
print(re.sub("é", "e", "héllo é"), re.findall("[^a-z]", "hé\u20acllo\U0001f600"))
s = "abc"
print(re.sub("z", "y", s) == s, re.sub("z", "y", S("abc")), type(re.sub("z", "y", S("abc"))).__name__)
print(type(re.compile(b"z").sub(b"y", bytearray(b"abc"))).__name__)

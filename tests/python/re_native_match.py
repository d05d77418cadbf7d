"""Match objects' native methods (group, [], groups, span, start, end) with every kind of group
argument and their errors; sub/subn with templates (\\1, \\g<name>, \\g<0>, unmatched groups,
counts, bytes); bytes-like subjects read again by group(); str subclasses; case folding of
characters whose upper case is several characters; first-character skipping in searches."""

import re


def show(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "->", type(e).__name__, e)
        return
    print(label, "->", ascii(r))


class Idx:
    def __init__(self, v):
        self.v = v

    def __index__(self):
        return self.v


class S(str):
    pass


m = re.match(r"(a)(?P<n>b)?(?P<c>c)", "ac")
for label, f in [
    ("group()", lambda: m.group()),
    ("group(0)", lambda: m.group(0)),
    ("group(1,2,3)", lambda: m.group(1, 2, 3)),
    ("group('n','c')", lambda: m.group("n", "c")),
    ("group(True)", lambda: m.group(True)),
    ("group(Idx(3))", lambda: m.group(Idx(3))),
    ("group(S('c'))", lambda: m.group(S("c"))),
    ("group(4)", lambda: m.group(4)),
    ("group(-1)", lambda: m.group(-1)),
    ("group(2**70)", lambda: m.group(2**70)),
    ("group(1.0)", lambda: m.group(1.0)),
    ("group('zz')", lambda: m.group("zz")),
    ("group([])", lambda: m.group([])),
    ("group(x=1)", lambda: m.group(x=1)),
    ("[2]", lambda: m[2]),
    ("['c']", lambda: m["c"]),
    ("[5]", lambda: m[5]),
    ("groups()", lambda: m.groups()),
    ("groups(0)", lambda: m.groups(0)),
    ("groups(default='-')", lambda: m.groups(default="-")),
    ("groups(1,2)", lambda: m.groups(1, 2)),
    ("groups(x=1)", lambda: m.groups(x=1)),
    ("span()", lambda: m.span()),
    ("span(2)", lambda: m.span(2)),
    ("span('c')", lambda: m.span("c")),
    ("span(group=1)", lambda: m.span(group=1)),
    ("start(3)", lambda: m.start(3)),
    ("end(3)", lambda: m.end(3)),
    ("start(1,2)", lambda: m.start(1, 2)),
    ("end(None)", lambda: m.end(None)),
    ("groupdict()", lambda: m.groupdict()),
    ("groupdict('x')", lambda: m.groupdict("x")),
    ("regs", lambda: m.regs),
    ("lastindex/lastgroup", lambda: (m.lastindex, m.lastgroup)),
    ("repr", lambda: repr(m)),
    ("expand", lambda: m.expand(r"<\3\1>\g<c>")),
]:
    show(label, f)

# Bytes and non-ASCII subjects.
mb = re.search(rb"(\w+)=(\d+)?", b"xx key= 12")
show("bytes groups", lambda: (mb.group(0, 1, 2), mb.groups(b"?"), mb.span(1)))
mu = re.search(r"(\w+)\s(\w+)", "-- d\xe9j\xe0 \u4e2d\u6587 --")
show("unicode groups", lambda: (mu.groups(), mu.span(2), mu.group(2)))
ba = bytearray(b"abcdefgh")
m1 = re.search(b"[a-h]+", ba)
m2 = re.search(b"[e-h]+", ba)
show("bytearray before", lambda: (m1.group(), m2.group(), type(m1.group()).__name__))
ba[:] = b"xyz"
show("bytearray after", lambda: (m1.group(), m2.group()))
ms = re.search("b+", S("abbbc"))
show("str subclass", lambda: (ms.group(), type(ms.group()).__name__, type(ms.string).__name__))

# Templates.
p = re.compile(r"(\w+)@(?P<host>\w+)(\.com)?")
text = "mail bob@example.com and ann@test now"
for repl in [r"\2 at \1", r"<\g<host>>", r"[\g<0>]", r"\3|\1", r"\\n\n\t", r"\g<2>\g<1>"]:
    show("sub %s" % repl, lambda: p.subn(repl, text))
    show("sub count=1 %s" % repl, lambda: p.sub(repl, text, count=1))
show("sub bad group", lambda: p.sub(r"\4", text))
show("sub bad name", lambda: p.sub(r"\g<nope>", text))
show("sub no match", lambda: p.subn(r"\1", "nothing here"))
show("sub str subclass", lambda: type(p.sub(r"\1", S(text))).__name__)
show("sub bytes", lambda: re.sub(rb"(a)(b)?", rb"\2\1-", b"abaab"))
show("sub bytes bad", lambda: re.sub(rb"(a)", "\\1", b"a"))
show("sub empty matches", lambda: re.sub(r"x*", r"-\g<0>-", "abxd"))
show("sub unicode", lambda: re.sub(r"(\w)(\w)", r"\2\1", "\u03b1\u03b2\u03b3\u03b4 ab"))
show("sub callable", lambda: re.sub(r"\d", lambda m: str(int(m.group()) * 2), "a1b2c3"))
show("subn negative count", lambda: re.subn(r"a", r"\g<0>", "aaa", count=-1))

# Case folding of characters with several-character upper cases and special lower cases.
for pat, s in [("\ufb05", "\ufb06"), ("[\ufb04-\ufb05]", "\ufb06"), ("\u0130", "i"), ("i", "\u0130"),
               ("\u1e9e", "\xdf"), ("\u03c2", "\u03a3"), ("\u212a", "k"), ("[\u0390]", "\u1fd3")]:
    show("ignorecase %s %s" % (ascii(pat), ascii(s)), lambda: (bool(re.match(pat, s, re.I)), bool(re.match(pat, s))))
import _sre
print([hex(_sre.unicode_tolower(c)) for c in (0x130, 0x3a3, 0x1e9e, 0xfb05, 0x10400, 0x1f88, 0x41)])
print([(_sre.unicode_tolower(c), _sre.unicode_iscased(c)) for c in (0x41, 0xc0, 0xdf, 0x178, 0x1c5, 0x345, 0x3f4, 0x1e9b, 0x2126, 0xff21)])

# Searches that skip positions by their first character.
for pat in [r"(-[a-z])", r"\d+x", r"(?:[ab])+c", r"(\w)\1", r"[^a-z]+?!", r"(?i)Q+z"]:
    subj = "aaaa-b 12 3x abab abbc xx!! qqZ " * 3
    show("skip %s" % pat, lambda: [(m.span(), m.groups()) for m in re.finditer(pat, subj)])
    show("skip windows %s" % pat, lambda: [re.search(pat, subj, ) and re.compile(pat).search(subj, i, i + 9) for i in range(0, 30, 7)])


class B(bytes):
    pass


show("sub str subclass repl", lambda: (re.sub("y", S("a"), S("xyz")), type(re.sub("y", S("a"), S("xyz"))).__name__))
show("sub bytes subclass repl", lambda: (re.sub(b"y", B(b"a"), B(b"xyz")), type(re.sub(b"y", B(b"a"), B(b"xyz"))).__name__))
big = "x" * 1000
show("split whole is same", lambda: (re.split(r"^y", big)[0] is big, re.sub(r"\Ay", "", big) is big))
for args in [({}, 0, [], 0, [], ()), ({}, 0, (), 0, {}, ()), ({}, 0, [], 0, {}, [])]:
    show("_sre.compile types", lambda: _sre.compile(*args))

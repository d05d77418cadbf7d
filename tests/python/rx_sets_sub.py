# Character sets (ASCII tables and the slow path), sub/subn with literal, template and callable
# replacements, match positions, and many patterns used in turn.
import re

SUBJECTS = ["abc DEF_123 \t\x7f~{}[]", "x\x7fy\x80z", "héllo wörld ΣΑΣ 42", "", "   ", "a-b:c/d?e#f"]
SETS = [r"[a-z]+", r"[^a-z]+", r"[\w]+", r"[^\w\s]+", r"[\d\s]+", r"[^#?]*", r"[^\/:]*", r"[\x7e-\x81]+",
        r"[\x7f]", r"[^\x7f]+", r"[A-Z_]+", r"[.\-:/]", r"[\u0100-\u03ff]+", r"[^\u0080-\uffff]+", r"[Σσ]+"]
for pat in SETS:
    for flags in (0, re.I, re.A, re.I | re.A):
        try:
            p = re.compile(pat, flags)
        except re.error as e:
            print(pat, flags, "error", e)
            continue
        for s in SUBJECTS:
            print(repr(pat), int(flags), repr(s), p.findall(s), p.sub("<>", s), p.subn("", s, count=2))
            m = p.search(s)
            print("  ", m and (m.span(), m.group(), m.pos, m.endpos))

# Many patterns in rotation (more than any small cache holds), each several times.
pats = [re.compile(r"(\w)%s(\d*)" % chr(97 + i)) for i in range(40)]
text = "".join("x%s%d " % (chr(97 + i), i) for i in range(40))
for r in range(3):
    out = []
    for p in pats:
        m = p.search(text)
        out.append((m.span(), m.groups(), m.lastindex))
    print(r, out[:3], out[-3:], len(out))

# Templates and group references in sub/subn.
p = re.compile(r"(?P<k>\w+)=(?P<v>\w*)")
s = "a=1 bb=22 c= d=4"
for repl in (r"\2=\1", r"\g<v>:\g<k>", r"[\g<0>]", r"\1", "", "-", r"\\", r"\n"):
    print(repr(repl), p.sub(repl, s), p.subn(repl, s, 2), p.sub(repl, s, count=-1))
print(re.sub(r"(a)|b", r"[\1]", "abab"))
print(re.subn(r"x*", "-", "abxd"))
print(re.sub(r"^\s*|\s*$", "", "  QBZP  "), re.sub(r"^\s*|\s*$", "", "QBZP"))
same = "unchanged text"
print(re.sub(r"zzz", "", same) is same, re.sub(r"zzz", "", same))
print(re.sub(b"[aeiou]", b"_", b"education"), re.subn(b"(.)", b"\\1\\1", b"ab"))
print(re.sub("a", lambda m: m.group().upper() + str(m.start()), "banana"))
print(re.sub("a", lambda m: None, "banana"), re.subn("(n)(a)", lambda m: m.group(2, 1)[0], "banana", 1))
for bad in (1, None, b"x"):
    try:
        print(re.sub("a", bad, "banana"))
    except Exception as e:
        print(type(e).__name__, e)
try:
    re.sub("a", lambda m: 5, "banana")
except Exception as e:
    print(type(e).__name__, e)
try:
    re.compile(r"(a)").sub(r"\2", "a")
except Exception as e:
    print(type(e).__name__, e)

# Positions of matches, small and large.
long = "ab" * 400 + "X" + "cd" * 300
m = re.search("X(c)", long)
print(m.span(), m.start(1), m.end(1), m.pos, m.endpos, m.regs)
m = re.compile("b").search(long, 500, 700)
print(m.span(), m.pos, m.endpos)
it = [mm.span() for mm in re.finditer(r"d(c|$)", long)]
print(len(it), it[:2], it[-2:])
print(re.split(r"(X)|c", long)[-3:], len(re.split("b", long)))

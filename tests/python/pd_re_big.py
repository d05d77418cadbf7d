# re over big subjects: one pattern over many texts, many patterns over one text, str and bytes
# subjects, non-ASCII text, and a bytearray subject changed between searches (its text must be
# read again each time).
import re

text = "".join("word%d %s, " % (i, "x" * (i % 7)) for i in range(3000))
print(len(text))
pats = [r"word(\d+)9 ", r"x{6}", r"(\w+) (x+),", r"word29\d\d", r"[aeiou]", r"^word0", r"xx,\s+word(1\d)\b"]
for p in pats:
    rx = re.compile(p)
    found = rx.findall(text)
    print(p, len(found), found[:3], found[-2:])
    m = rx.search(text, 5000)
    print(" search", m and (m.span(), m.groups()))
print(len(re.sub(r"word(\d)", r"W\1", text)), re.subn("x", "", text)[1])
print(re.split(r", word1\d\d ", text)[1][:20], len(re.split(r", ", text)))

uni = "αβγ " * 2000 + "ünïcödé" + " δ" * 500
print(len(uni), [m.span() for m in re.finditer("ünï|δ δ δ", uni)][:4], re.search(r"\w+é", uni).span())
print(re.sub("β", "b", uni).count("b"), re.findall(r"(?i)ÜNÏ", uni))

data = bytes(range(256)) * 50
print(len(re.findall(rb"\x00\x01", data)), re.search(rb"\xfe\xff\x00", data).span())
ba = bytearray(b"spam eggs " * 1000)
rx = re.compile(rb"eggs")
print(len(rx.findall(ba)))
ba[:10] = b"SPAM EGGS "
ba[5:9] = b"eggs"
print(len(rx.findall(ba)), rx.search(ba).span())
ba[:] = b"no match here"
print(rx.findall(ba), rx.search(ba))

# The same pattern object over texts made afresh each time (equal texts, new objects).
rx = re.compile(r"(\d+)-(\d+)")
for i in range(5):
    s = "%d-%d;" % (i, i * i) * (i + 1)
    print(rx.findall(s), rx.sub(r"\2+\1", s))

# bytes.strip/lstrip/rstrip return the bytes object itself when nothing is stripped.
b = b"abc def"
for name in ("strip", "lstrip", "rstrip"):
    m = getattr(b, name)
    print(name, m() is b, m(b"x") is b, m(b"a"), m(b"f") == b.strip(b"f"))
p = b"  pad  "
print(p.strip() is p, p.lstrip(), p.rstrip(), b"".strip() == b"")


class BS(bytes):
    pass


s = BS(b"xy")
r = s.strip()
print(type(r).__name__, r, r is s)
ba = bytearray(b"ab")
print(ba.strip() is ba, ba.strip())

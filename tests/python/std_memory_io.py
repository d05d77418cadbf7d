# In-memory streams of _io: StringIO and BytesIO reading, writing past the end, seeking, truncating.
from _io import StringIO, BytesIO

for cls, conv in ((StringIO, str), (BytesIO, lambda s: s.encode())):
    f = cls(conv("line one\nline two\nlast"))
    print(cls.__name__, repr(f.readline()), repr(f.readline(4)), repr(f.readline()), repr(f.read()), repr(f.read()))
    print(f.tell(), f.seek(0), repr(f.read(4)), f.tell(), f.readable(), f.writable(), f.seekable())
    f.seek(5)
    print(f.write(conv("ONE")), repr(f.getvalue()))
    f.seek(30)
    print(f.write(conv("far")), repr(f.getvalue()), f.tell())
    print(f.truncate(8), repr(f.getvalue()), f.tell())
    f.seek(0)
    print([line for line in f])
    print(f.readlines(), f.seek(0), f.readlines())
    f.close()
    for op in (f.read, f.getvalue, f.tell):
        try:
            op()
        except ValueError as e:
            print(type(e).__name__, e)
    g = cls()
    print(repr(g.getvalue()), repr(g.read()), g.write(conv("")), g.tell())

s = StringIO("a\r\nb\rc\n", newline=None)
print(repr(s.getvalue()))
s = StringIO(newline="\r\n")
s.write("x\ny\n")
print(repr(s.getvalue()))
for bad in (lambda: StringIO(5), lambda: StringIO(newline="x"), lambda: StringIO().write(b"x"),
            lambda: StringIO().seek(1, 1), lambda: StringIO().seek(-1), lambda: BytesIO().seek(-1),
            lambda: BytesIO().seek(0, 3)):
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
b = BytesIO(b"abc")
print(b.seek(-1, 2), b.read(), b.seek(-10, 1), b.read(1))

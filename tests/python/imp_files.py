# Files: open() in text and binary modes, encodings, newlines, errors; _io's in-memory streams.
import posix
import _io

base = "/tmp/ripy_imp_files_%d" % posix.getpid()
path = base + ".txt"

with open(path, "w") as f:
    print(type(f).__name__, f.name == path, f.mode, f.encoding, f.closed, f.writable(), f.readable())
    print(f.write("first line\n"), f.write("second: caf\u00e9 \u20ac\n"))
    print("third", 3, file=f)
    f.writelines(["a\n", "b\n"])
print(f.closed)

with open(path) as f:
    text = f.read()
print(repr(text), len(text))
with open(path, encoding="utf-8") as f:
    print([line for line in f])
with open(path) as f:
    print(repr(f.readline()), repr(f.readline()), repr(f.read(3)), repr(f.readline()), f.readlines())
with open(path, "rb") as f:
    data = f.read()
print(type(data).__name__, len(data), data[:11], data.count(b"\n"))
with open(path, "rb") as f:
    print(f.read(5), f.read(6), f.tell())
    f.seek(0)
    print(f.readline(), f.mode, type(f).__name__)

with open(path, "a") as f:
    f.write("appended\n")
with open(path) as f:
    print(f.readlines()[-2:])

with open(path, "wb") as f:
    print(f.write(b"raw\x00bytes\r\nwindows line\rold mac\n"), f.mode)
with open(path) as f:
    print(repr(f.read()))
with open(path, newline="") as f:
    print(repr(f.read()))
with open(path, newline="") as f:
    print(list(f))
with open(path, "rb") as f:
    print(f.read())

with open(path, "w", encoding="latin-1") as f:
    f.write("caf\u00e9")
with open(path, "rb") as f:
    print(f.read())
with open(path, encoding="latin-1") as f:
    print(f.read(), f.encoding)

with open(path, "x" if False else "w") as f:
    pass
print(posix.stat(path).st_size)
try:
    open(path, "x")
except FileExistsError as e:
    print(type(e).__name__, e.errno, e.strerror)

f = open(path, "w")
f.close()
f.close()
for op in [lambda: f.write("x"), lambda: f.read(), lambda: f.readline()]:
    try:
        op()
    except ValueError as e:
        print("ValueError", e)

for args in [("r+w",), ("rt+b",), ("wa",), ("",), ("rb", -1, "utf-8"), ("q",)]:
    try:
        open(path, *args)
    except ValueError as e:
        print("ValueError", e)
try:
    open(path, "r", encoding=5)
except TypeError as e:
    print("TypeError", e)
try:
    open(path + ".missing")
except FileNotFoundError as e:
    print(type(e).__name__, e.errno, e.strerror, e.filename == path + ".missing")
    print(isinstance(e, OSError), str(e) == "[Errno 2] No such file or directory: %r" % (path + ".missing"))
try:
    open("/tmp")
except IsADirectoryError as e:
    print(type(e).__name__, e.errno, e.strerror)
with open(path, "r") as f:
    try:
        f.write("x")
    except _io.UnsupportedOperation as e:
        print("UnsupportedOperation", e, isinstance(e, OSError))
with open(path, "w") as f:
    try:
        f.read()
    except _io.UnsupportedOperation as e:
        print("UnsupportedOperation", e)
    try:
        f.write(b"bytes")
    except TypeError as e:
        print("TypeError", e)
posix.unlink(path)
try:
    posix.unlink(path)
except FileNotFoundError as e:
    print(type(e).__name__, e.errno)

s = _io.StringIO("one\ntwo\nthree")
print(s.readline(), s.read(), repr(s.read()), s.tell())
s.seek(0)
print(list(s))
s = _io.StringIO()
print(s.write("hello "), s.write("world"), s.getvalue())
print("printed into StringIO", 1, 2, file=s)
print(repr(s.getvalue()))
b = _io.BytesIO(b"abc\ndef")
print(b.read(2), b.readline(), b.read(), b.tell(), b.getvalue())
b.seek(1)
b.write(b"XY")
print(b.getvalue())

for args in [(), ("message",), (2, "No such file"), (2, "No such file", "name.txt"), (13, "Denied", "a", None, "b"),
             (99999, "odd")]:
    e = OSError(*args)
    print(type(e).__name__, e.args, e.errno, e.strerror, e.filename, e.filename2, str(e))
print(type(FileNotFoundError(17, "x")).__name__, str(PermissionError("plain")))

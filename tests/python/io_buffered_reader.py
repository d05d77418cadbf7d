# Buffered binary files: reads smaller and larger than the buffer, tell/seek over buffered
# data, readline/iteration, peek, writes after reads in "rb+" mode, closed-file errors.
import io
import os
import tempfile

data = bytes(range(256)) * 40 + b"line one\nline two\n\nlast line without newline"
fd, path = tempfile.mkstemp()
os.write(fd, data)
os.close(fd)

with open(path, "rb") as f:
    print(type(f).__name__)
    got = []
    for _ in range(300):
        got.append(f.read(1))
    print(b"".join(got) == data[:300], f.tell())
    print(f.read(0), f.tell())
    chunk = f.read(9000)
    print(len(chunk), chunk == data[300:9300], f.tell())
    print(f.seek(-5, 1), f.read(3) == data[9295:9298])
    print(f.seek(10), f.read(2) == data[10:12], f.tell())
    print(f.seek(-10, 2), f.read() == data[-10:], f.read(), f.read(5))
    f.seek(0)
    print(f.read(4) == data[:4], len(f.read()) == len(data) - 4)
    f.seek(len(data) - 46)
    print(f.readline(), f.tell())
    print(f.readline(4), f.readline(), f.readline())
    print(list(f))
    f.seek(0)
    p = f.peek()
    print(len(p) > 0, p[:3], f.tell())
    print(f.read1(3) == data[:3])

small = io.BufferedReader(io.FileIO(path, "r"), buffer_size=7)
parts = []
while True:
    b = small.read(5)
    if not b:
        break
    parts.append(b)
print(b"".join(parts) == data, small.tell(), small.read(3))
small.seek(3)
print(small.read(20) == data[3:23], small.tell())
small.close()
print(small.closed)
for call in (lambda: small.read(1), lambda: small.read(), lambda: small.readline(), lambda: small.tell()):
    try:
        call()
    except ValueError as e:
        print("ValueError")
try:
    io.BufferedReader(io.FileIO(path, "r"), buffer_size=0)
except ValueError as e:
    print("ValueError", e)

with open(path, "rb+") as f:
    print(f.read(3) == data[:3], f.tell())
    f.write(b"XYZ")
    print(f.tell())
    f.seek(0)
    print(f.read(8) == data[:3] + b"XYZ" + data[6:8])
    f.seek(0, 2)
    f.write(b"END")
    f.seek(-6, 2)
    print(f.read())

with open(path, "r", encoding="latin-1") as t:
    print(ascii(t.read(5)), len(t.read()))

with open(path, "wb") as w:
    w.write(b"a\nbb\nccc")
with open(path, "rb") as f:
    print([line for line in f])
    f.seek(0)
    print(f.readlines())
os.remove(path)

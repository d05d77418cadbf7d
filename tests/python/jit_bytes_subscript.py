# Bytes indexing, slicing and ord() in hot loops (the JIT's inline paths) and at their edges:
# negative and out-of-range indices, slices with omitted, negative, huge and stepped bounds,
# ord() of one-byte bytes next to bytearrays, strs and wrong lengths; bytes.join of mixed
# bytes-like items.


def checksum(b):
    total = 0
    for i in range(len(b)):
        total = (total * 31 + b[i] + b[-1 - i]) & 0xFFFFFFFF
    return total


def runs(b):
    out = []
    i = 0
    while i < len(b):
        if i < len(b) - 3 and b[i] == b[i + 1] == b[i + 2] == b[i + 3]:
            out.append(b[i : i + 1] * (ord(b[i + 3 : i + 4]) % 5 + 1))
            i += 4
        else:
            out.append(b[i : i + 1])
            i += 1
    return b"".join(out)


def slices(b):
    got = []
    for k in range(-len(b) - 2, len(b) + 3):
        got.append(b[k:])
        got.append(b[:k])
        got.append(b[k : k + 2])
        got.append(b[k::2])
        got.append(b[::-1][k:])
        got.append(b[k:None:-1])
    return got


def ords(items):
    total = 0
    for c in items:
        total += ord(c)
    return total


data = bytes((i * 7) % 256 for i in range(3000)) + b"aaaabbbbbccd" * 50
print(checksum(data))
for _ in range(3):
    r = runs(data)
print(len(r), r[-40:])
s = slices(b"abcdefg")
for _ in range(30):
    s2 = slices(b"abcdefg")
print(s == s2, s[:12], s[-12:])
print(b"abc"[1:2] is b"xbx"[1:2], b"abc"[1:3] == b"xbc"[1:3])
print(b"hello"[1:4], b"hello"[-100:100], b"hello"[4:1], b"hello"[::-2], b"hello"[10**20:], b"hello"[: -10**20])
print(ords([data[i : i + 1] for i in range(2000)]))
print(ords([b"a", bytearray(b"b"), "c", "\u0105", b"\xff"] * 200))
for bad in (b"", b"ab", bytearray(b""), "", "ab", 5):
    try:
        ord(bad)
    except TypeError as e:
        print("TypeError", e)
for key in (3000 + 600, -3000 - 601, 10**30):
    try:
        data[key]
    except IndexError as e:
        print("IndexError", e)
try:
    b"abc"[::0]
except ValueError as e:
    print("ValueError", e)
try:
    key = "x"
    b"abc"[key]
except TypeError as e:
    print("TypeError", e)


class Index:
    def __index__(self):
        return 1


print(b"abc"[Index()], b"abc"[Index() :], b"abc"[True], b"abc"[False:True])
print(b", ".join([b"a", bytearray(b"b"), memoryview(b"c"), b""]), b"".join([]), bytearray(b"-").join([b"x", b"y"]))
try:
    b"".join([b"a", "b"])
except TypeError as e:
    print("TypeError", e)

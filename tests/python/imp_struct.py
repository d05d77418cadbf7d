# _struct: pack/unpack with byte orders, sizes, alignment, and CPython's errors.
import _struct as struct

print(struct.pack("<hHiI", -2, 65535, -70000, 4000000000), struct.pack(">q", -1), struct.pack("!Q", 2**64 - 1))
print(struct.pack("<bB?c", -128, 255, True, b"z"), struct.pack("3s", b"abcdef"), struct.pack("5s", b"ab"), struct.pack("4p", b"hello"))
print(struct.pack("<d", 1.5), struct.pack(">f", -0.25), struct.pack("<e", 1.0), struct.pack("<e", 65504.0), struct.pack("<e", 0.1))
print(struct.pack("@ci", b"a", 1), struct.pack("=ci", b"a", 1), struct.pack("<2x h", 7), struct.pack("i i", 1, 2))
for fmt in ["", "<", "i", "@ci", "=ci", "<l", "@l", "q", "10s", "2h3x", "@bq", "@n", "@P", "<e"]:
    print(repr(fmt), struct.calcsize(fmt))
data = struct.pack("<hHiIqQ?", -2, 2, -3, 3, -4, 4, False)
print(struct.unpack("<hHiIqQ?", data))
print(struct.unpack(">d f e", struct.pack(">d f e", 2.5, 0.5, -3.0)))
print(struct.unpack("4s3p", b"abcd\x01xy"), struct.unpack("c", b"!"))
print(struct.unpack_from("<H", b"\x00\x01\x02\x03", 2), struct.unpack_from("<H", b"\x05\x00\x01", offset=1))
buf = bytearray(8)
struct.pack_into("<I", buf, 2, 0xDEADBEEF)
print(buf)
print(list(struct.iter_unpack("<h", b"\x01\x00\x02\x00\x03\x00")))
s = struct.Struct("<ih")
print(s.size, s.format, s.pack(1, 2), s.unpack(b"\x01\x00\x00\x00\x02\x00"))
for fmt, value in [("b", 200), ("B", -1), ("h", 40000), ("H", -1), ("i", 2**31), ("I", -1), ("<l", 2**31), ("q", 2**63),
                   ("Q", -1), ("<i", 1.5), ("<i", "x"), ("c", b"ab"), ("s", "x"), ("<f", 1e300), ("<e", 1e10)]:
    try:
        struct.pack(fmt, value)
    except (struct.error, OverflowError) as e:
        print(fmt, value, type(e).__name__, e)
for fmt in ["<n", "z", "3"]:
    try:
        struct.calcsize(fmt)
    except struct.error as e:
        print(repr(fmt), e)
for call in [lambda: struct.pack("<ii", 1), lambda: struct.unpack("<i", b"ab"), lambda: struct.unpack_from("<i", b"abcd", 2),
             lambda: struct.pack(5)]:
    try:
        call()
    except (struct.error, TypeError) as e:
        print(type(e).__name__, e)
print(struct.error.__module__, issubclass(struct.error, Exception))

# zlib: one-shot and streaming compression in the zlib, raw and gzip containers, checksums.
import zlib

# A stream made by CPython's zlib (decompressing it tests ripy against real zlib output).
CPYTHON = bytes.fromhex("789ccb48cdc9c95728cf2fca4951e4020023110488")
print(zlib.decompress(CPYTHON))
data = b"".join(b"line %d of some repetitive text\n" % i for i in range(500))
for level in (0, 1, 6, 9, -1):
    for wbits in (15, -15, 31, 9, -9, 25):
        packed = zlib.compress(data, level, wbits)
        back = zlib.decompress(packed, wbits)
        print(level, wbits, back == data, len(packed) < len(data) or level == 0)
print(zlib.decompress(zlib.compress(data, wbits=31), 47) == data, zlib.decompress(zlib.compress(data), 32 + 15) == data)
print(zlib.decompress(zlib.compress(b"abc") + b"xyz"))
print(zlib.crc32(data), zlib.adler32(data), zlib.crc32(b""), zlib.adler32(b""), zlib.adler32(b"abc", 7))
print(zlib.crc32(b"b", zlib.crc32(b"a")) == zlib.crc32(b"ab"))
for call in [lambda: zlib.decompress(b"abc"), lambda: zlib.decompress(zlib.compress(data)[:-3]),
             lambda: zlib.compress(b"a", 12), lambda: zlib.compress(b"a", wbits=5),
             lambda: zlib.compressobj(wbits=5), lambda: zlib.decompressobj(wbits=5),
             lambda: zlib.compress("x"), lambda: zlib.decompressobj().decompress(b"x", -1)]:
    try:
        print(call())
    except Exception as e:
        print(type(e).__name__, e)

for wbits in (15, -15, 31):
    c = zlib.compressobj(6, zlib.DEFLATED, wbits)
    parts = [c.compress(data[i:i + 1000]) for i in range(0, len(data), 1000)]
    parts.append(c.flush(zlib.Z_SYNC_FLUSH))
    parts.append(c.compress(b"tail"))
    parts.append(c.flush())
    stream = b"".join(parts)
    print("stream", wbits, zlib.decompress(stream, wbits) == data + b"tail")
    try:
        c.compress(b"more")
    except zlib.error as e:
        print("error", e)
    d = zlib.decompressobj(wbits)
    out = b"".join(d.decompress(stream[i:i + 97]) for i in range(0, len(stream), 97))
    print("  pieces", out == data + b"tail", d.eof, d.unused_data, d.unconsumed_tail)
    d = zlib.decompressobj(wbits)
    out = d.decompress(stream + b"extra", 100)
    print("  limited", len(out), d.eof, len(d.unconsumed_tail) > 0)
    for _ in range(200):
        if d.eof or not d.unconsumed_tail:
            break
        out += d.decompress(d.unconsumed_tail, 100)
    if not d.eof:
        out += d.flush()
    print("  total", out == data + b"tail", d.eof, d.unused_data)
print(zlib.MAX_WBITS, zlib.DEFLATED, zlib.Z_BEST_COMPRESSION, zlib.Z_FINISH, zlib.ZLIB_VERSION[:2])

# memoryview.cast: native formats over bytes, items, lengths, attributes and errors.
data = bytes(range(1, 25))
m = memoryview(data)
for fmt in ("B", "b", "c", "H", "h", "I", "i", "L", "l", "Q", "q", "@I", "?", "d", "f"):
    c = m.cast(fmt)
    print(fmt, len(c), c.format, c.itemsize, c.nbytes, c.shape, c.strides, c.tolist()[:3], c[0], c[-1])
c = m.cast("I")
print(c[1:3].tolist(), c.cast("B")[:5].tolist(), bytes(c[2:4]), c.tobytes() == data)
print(memoryview(b"\xff" * 8).cast("Q").tolist(), memoryview(b"\xff" * 8).cast("q").tolist())
for bad in (lambda: m.cast("x"), lambda: m.cast("I").cast("H"), lambda: memoryview(b"abc").cast("H"),
            lambda: m[::2].cast("H"), lambda: m.cast(3)):
    try:
        bad()
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)

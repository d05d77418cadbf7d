# str.split/rsplit/splitlines and bytes.split building lists of many new objects (rooted while
# the list is built): many parts, empty parts, limits, non-ASCII text, in traced loops.

text = " ".join("w%d" % (i % 97) for i in range(20000))
parts = text.split()
print(len(parts), parts[:3], parts[-2:], len(set(parts)))
print(len(text.split(" ")), text.split(" ", 3)[:3], text.rsplit(" ", 2)[-2:])
print("a,,b,".split(","), ",".split(","), "".split(","), "".split(), "  ".split())
print("x\ny\r\nz".splitlines(), "ä ö ü".split(), "äxöxü".split("x", 1), "ß  ẞ".rsplit(None, 1))
data = b" ".join(b"b%d" % (i % 13) for i in range(20000))
bparts = data.split()
print(len(bparts), bparts[:3], len(data.split(b" ")), bytearray(b"a b  c").split())


def loop(n):
    total = 0
    for i in range(n):
        words = ("alpha beta %d gamma" % i).split()
        total += len(words) + len(words[2]) + len(" ,x,".split(","))
    return total


print(loop(3000))

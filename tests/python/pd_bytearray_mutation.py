# bytearray mutation in place: item and slice stores of every shape, growth and shrinking,
# methods that resize, iteration while mutating, memoryviews seeing changes, self-assignment.

def show(label, value):
    print(label, repr(value), len(value) if hasattr(value, "__len__") else "")

def attempt(label, f):
    try:
        r = f()
        print(label, "->", repr(r))
    except Exception as e:
        print(label, "raises", type(e).__name__, e)

ba = bytearray(b"hello world")
ba[0] = 72
ba[-1] = ord("D")
show("items", ba)
attempt("store 256", lambda: ba.__setitem__(0, 256))
attempt("store -1", lambda: ba.__setitem__(0, -1))
attempt("store str", lambda: ba.__setitem__(0, "a"))
attempt("store index out", lambda: ba.__setitem__(11, 1))
attempt("store index -12", lambda: ba.__setitem__(-12, 1))
attempt("get index out", lambda: ba[100])
attempt("get key float", lambda: ba[1.0])

# Slice assignment of every shape.
base = bytes(range(97, 97 + 16))
cases = [
    (slice(2, 5), b"XY"), (slice(2, 5), b"XYZUVW"), (slice(2, 5), b""), (slice(0, 0), b"<<"),
    (slice(16, 16), b">>"), (slice(None), b"all"), (slice(5, 2), b"rev"), (slice(-3, None), b"T"),
    (slice(100, 200), b"far"), (slice(None, None, 2), b"12345678"), (slice(1, None, 3), b"abcde"),
    (slice(None, None, -1), bytes(16)), (slice(10, 2, -3), b"QRS"), (slice(None, None, 2), b"short"),
    (slice(2, 5), [1, 2, 3, 4]), (slice(2, 5), bytearray(b"ba")), (slice(2, 5), memoryview(b"mv")),
    (slice(2, 5), (x for x in [65, 66])), (slice(2, 5), "str"), (slice(2, 5), 5), (slice(2, 5), [300]),
    (slice(0, 3, 0), b""),
]
for key, value in cases:
    ba = bytearray(base)
    try:
        ba[key] = value
        print(key, "->", ba)
    except Exception as e:
        print(key, "raises", type(e).__name__, e)

# Self-assignment and overlapping moves.
ba = bytearray(b"0123456789")
ba[:] = ba
show("a[:] = a", ba)
ba[2:5] = ba
show("a[2:5] = a", ba)
ba[:16:2] = ba[1::2]
show("a[:16:2] = a[1::2]", ba)
ba[3:] = ba[:3]
show("a[3:] = a[:3]", ba)

# Deletion of every shape.
for key in [slice(2, 5), slice(None, None, 2), slice(None, None, -3), slice(5, 2), slice(None), 0, -1, 3]:
    ba = bytearray(b"abcdefghij")
    del ba[key]
    print("del", key, ba)
attempt("del out of range", lambda: bytearray(b"ab").__delitem__(5))

# Growth by appends, then shrinking by pops and deletions.
ba = bytearray()
for i in range(3000):
    ba.append(i % 251)
print(len(ba), sum(ba), ba[:5], ba[-5:])
ba.extend(range(10))
ba.extend(b"xyz")
ba += b"tail"
ba += bytearray(b"!")
print(len(ba), ba[-18:])
total = 0
while len(ba) > 10:
    total += ba.pop()
    if len(ba) % 7 == 0:
        del ba[:3]
print(total, ba)
ba.insert(0, 1)
ba.insert(-1, 2)
ba.insert(100, 3)
ba.insert(-100, 4)
print(ba)
ba.remove(3)
attempt("remove missing", lambda: ba.remove(250))
print(ba.pop(0), ba.pop(-2), ba)
attempt("pop out", lambda: ba.pop(50))
attempt("pop empty", lambda: bytearray().pop())
ba.reverse()
print(ba)
ba.clear()
print(ba, len(ba))
ba *= 3
print(ba)
ba = bytearray(b"ab")
ba *= 3
print(ba)
ba2 = ba
ba2 += b"cd"
print(ba is ba2, ba)

# Iteration sees changes made while iterating, as CPython's iterator does.
ba = bytearray(b"abc")
seen = []
for x in ba:
    seen.append(x)
    if len(ba) < 8:
        ba.append(x + 1)
print(seen, ba)
ba = bytearray(b"abcdef")
seen = []
for x in ba:
    seen.append(x)
    del ba[-1:]
print(seen, ba)
it = iter(bytearray(b"xy"))
print(next(it), next(it), next(it, "end"), next(it, "end"))

# A memoryview sees in-place changes and writes through.
ba = bytearray(b"abcdefgh")
mv = memoryview(ba)
ba[0] = ord("Z")
print(mv[0], bytes(mv[:3]))
mv[1] = ord("Y")
mv[2:4] = b"WV"
print(ba)
mv.release()
ba.extend(b"123")
print(ba)

# Larger buffers: a char map like re's compiler builds.
charmap = bytearray(256)
for c in b"aeiouAEIOU0123456789":
    charmap[c] = 1
print(charmap.count(1), charmap.find(1), bytes(charmap).rfind(b"\x01"), hash(bytes(charmap)) == hash(bytes(charmap)))
big = bytearray(100000)
for i in range(0, 100000, 997):
    big[i] = i % 256
print(sum(big), big.count(0))
big[10:99990] = b""
print(len(big), big[:12])
print(repr(bytearray(b"it's \"q\" \x00\xff")), bytearray(b"a") == b"a", bytearray(b"b") > b"a")

# `__index__` that changes the bytearray while an index, value or slice bound is converted.
class Shrink:
    def __init__(self, target, value):
        self.target, self.value = target, value
    def __index__(self):
        self.target.clear()
        return self.value

b = bytearray(b"Now you see me...")
attempt("store, value clears", lambda: b.__setitem__(0, Shrink(b, 65)))
print(b)
b = bytearray(b"Now you see me...")
attempt("store, index clears", lambda: b.__setitem__(Shrink(b, 3), 65))
b = bytearray(b"Now you see me...")
attempt("get, index clears", lambda: b[Shrink(b, 3)])
b = bytearray(b"Now you see me...")
attempt("slice get, bound clears", lambda: b[Shrink(b, 2):5])
b = bytearray(b"Now you see me...")
attempt("slice set, bound clears", lambda: b.__setitem__(slice(Shrink(b, 2), 5), b"xyz"))
print(b)
b = bytearray(b"Now you see me...")
attempt("del, index clears", lambda: b.__delitem__(Shrink(b, 3)))
b = bytearray(b"Now you see me...")
attempt("pop, index clears", lambda: b.pop(Shrink(b, 3)))
b = bytearray(b"Now you see me...")
attempt("insert, index clears", lambda: b.insert(Shrink(b, 3), 66))
print(b)
b = bytearray(b"Now you see me...")
attempt("insert, value clears", lambda: b.insert(3, Shrink(b, 67)))
print(b)
lst = list(range(10))
attempt("list slice get, bound clears", lambda: lst[Shrink(lst, 2):8])
lst = list(range(10))
attempt("list slice set, bound clears", lambda: lst.__setitem__(slice(Shrink(lst, 2), 8), [7, 7]))
print(lst)

# memoryview windows read only what they span.
big = bytes(range(256)) * 40
mv = memoryview(big)
print(mv[1000], mv[-1], bytes(mv[10:20]), bytes(mv[5000:4990:-3]), mv[100:200:7].tobytes(), len(mv[::-1]))
sub = mv[300:400]
print(sub[0], sub[-1], bytes(sub[::25]), sub[::-1][0], sub.tolist()[:5])
attempt("view index out", lambda: sub[100])
words = memoryview(bytearray(range(64))).cast("I")
print(words[0], words[15], words[-1], words[2:4].tolist(), len(words))
ba = bytearray(range(32))
view = memoryview(ba)[8:24:2]
ba[8] = 200
print(view[0], view.tobytes(), view[::-1].tobytes(), view.tolist())

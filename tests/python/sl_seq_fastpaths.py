# Bulk paths of sequences: bytes/str searching, sorting plain keys, list concatenation,
# repetition, in-place extension and bytes() of int lists.

def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)

hay = bytes(range(256)) * 3 + b"abcabcabd"
for needle in [b"", b"a", b"\x00", b"\xff", b"abd", b"abc", b"zz", b"\x01\x02", 97, 0, 255]:
    show("find", lambda: hay.find(needle))
    show("rfind", lambda: hay.rfind(needle))
    show("find-range", lambda: hay.find(needle, 10, 700))
    show("rfind-range", lambda: hay.rfind(needle, -100, -3))
    show("count", lambda: hay.count(needle))
    show("index", lambda: hay.index(needle, 5))
    show("rindex", lambda: hay.rindex(needle, 0, 3))
show("find-big", lambda: hay.find(256))
show("find-neg", lambda: hay.find(-1))
show("find-type", lambda: hay.find("a"))
show("find-empty-beyond", lambda: hay.find(b"", 10000))
show("rfind-empty", lambda: hay.rfind(b"", 3, 9))
ba = bytearray(b"xyzxyzq")
show("ba-find", lambda: ba.find(b"zq"))
show("ba-rfind", lambda: ba.rfind(b"x"))
show("split", lambda: (b"a,b,,c" * 3).split(b","))
show("rsplit", lambda: (b"a::b::c").rsplit(b"::", 1))
show("replace", lambda: (b"aaaa").replace(b"aa", b"b"))
show("partition", lambda: b"k=v=w".partition(b"="))
show("rpartition", lambda: b"k=v=w".rpartition(b"="))

text = "h\u00e9llo w\u00f6rld \U0001f600 h\u00e9llo \ud800x"
for needle in ["", "h", "\u00e9", "llo", "\U0001f600", "\ud800", "\ud800x", "q", "o w\u00f6"]:
    show("sfind", lambda: text.find(needle))
    show("srfind", lambda: text.rfind(needle))
    show("scount", lambda: text.count(needle))
    show("sfind-range", lambda: text.find(needle, 2, 15))
show("ssplit", lambda: text.split("\u00e9"))
show("sreplace", lambda: text.replace("h\u00e9", "HE"))

show("sorted-ints", lambda: sorted([5, -3, 2**62, -2**63, 0, 5, 7, -3]))
show("sorted-bytes", lambda: sorted(b"hello world"))
show("sorted-rev", lambda: sorted([3, 1, 2, 1, 3], reverse=True))
show("sorted-floats", lambda: sorted([0.0, -0.0, 1.5, -2.5, 0.0, -0.0, float("inf"), -float("inf")]))
show("sorted-floats-rev", lambda: sorted([0.0, -0.0, 1.5, -0.0, 0.0], reverse=True))
nan = float("nan")
show("sorted-nan", lambda: repr(sorted([3.0, nan, 1.0, 2.0])))
show("sorted-strs", lambda: sorted(["b", "a", "\U0001f600", "\uffff", "\ud800", "", "ab", "\u00e9", "A"]))
show("sorted-mixed", lambda: sorted([1, 2.5, True, 0, -1.5]))
show("sorted-big", lambda: sorted([2**70, 1, -2**70, 3]))
show("sorted-bools", lambda: sorted([True, False, True]))
show("sorted-bad", lambda: sorted([1, "a", 2]))
class K(int):
    pass
show("sorted-sub", lambda: [type(x).__name__ for x in sorted([K(3), 1, K(2)])])
l = [3.5, 1.0, 2.25]
l.sort()
show("list-sort-floats", lambda: l)
l = ["pear", "apple", "fig"]
l.sort(reverse=True)
show("list-sort-strs", lambda: l)
show("sorted-key", lambda: sorted(["bb", "a", "ccc", "dd"], key=len))

a, b, f, o, e = [1, 2, 3], [4, 5], [1.5, 2.5], ["x", None], []
for x in [a, b, f, o, e]:
    for y in [a, b, f, o, e]:
        show("concat", lambda: x + y)
show("concat-self", lambda: a + a)
show("repeat", lambda: [1, 2] * 3)
show("repeat-obj", lambda: ["a", None] * 2)
show("repeat-float", lambda: [0.5] * 5)
show("repeat-zero", lambda: [1, 2] * 0)
show("repeat-neg", lambda: [1, 2] * -4)
show("repeat-empty", lambda: [] * 10)
show("repeat-one", lambda: [7] * 1)
big = [-1] * 100000
show("repeat-big", lambda: (len(big), big[0], big[-1], big[54321]))
m = [[0] * 2] * 3
m[0][0] = 9
show("repeat-shared", lambda: m)
r = [1, 2]
r2 = r * 2
r2.append(3)
show("repeat-copy", lambda: (r, r2))

x = [1, 2]
x += [3, 4]
x += x
show("iadd", lambda: x)
x += [5.5]
show("iadd-mixed", lambda: x)
x += (6, 7)
show("iadd-tuple", lambda: x)
y = []
y += [1.5]
y += []
show("iadd-empty", lambda: y)
z = ["s"]
z.extend(["t", "u"])
z.extend(z)
z.extend(range(2))
show("extend", lambda: z)
w = [1]
w.extend([2, 3])
w.extend([])
w.append(4)
show("extend-int", lambda: w)
class L(list):
    pass
sub = L([1])
sub.extend([2])
sub += [3]
show("extend-sub", lambda: (type(sub).__name__, sub))
mt = ["a", "b", "c", "d", "e"]
for c in [0, 3, 4, 1]:
    mt[:] = mt[c:c + 1] + mt[0:c] + mt[c + 1:]
    print("mtf", mt)

show("bytes-list", lambda: bytes([104, 105, 0, 255]))
show("bytes-list-range", lambda: bytes([1, 256]))
show("bytes-list-neg", lambda: bytes([-1]))
show("bytes-list-type", lambda: bytes([1, "a"]))
show("bytes-list-float", lambda: bytes([1.0]))
show("bytes-list-bool", lambda: bytes([True, False]))
show("bytearray-list", lambda: bytearray([1, 2, 300]))
show("bytes-tuple", lambda: bytes((65, 66)))
show("bytes-sorted", lambda: bytes(sorted(b"zyxabc")))

show("sorted-tuples", lambda: sorted([(True, False, 3, 7), (False, True, 2, 1), (True, False, 3, 2), (False, False, 0, 9)]))
show("sorted-tuples-rev", lambda: sorted([(1, "b"), (0, "z"), (1, "a"), (1, "b", 0)], reverse=True))
show("sorted-tuples-len", lambda: sorted([(1, 2, 3), (1, 2), (1,), (), (0, 5)]))
show("sorted-tuples-zero", lambda: [repr(t) for t in sorted([(0.0, 1), (-0.0, 0), (0.0, -1)], key=None)])
show("sorted-tuples-stable", lambda: [repr(t) for t in sorted([(0.0,), (-0.0,), (0,), (False,)])])
show("sorted-tuples-mixed-ok", lambda: sorted([(1, "a"), (2, 3), (0, None)]))
show("sorted-tuples-mixed-bad", lambda: sorted([(1, "a"), (1, 3)]))
show("sorted-tuples-nested", lambda: sorted([(1, (2, 3)), (1, (2, 1)), (0, (9,))]))
show("sorted-tuples-nan", lambda: repr(sorted([(1.0, 2), (float("nan"), 1), (0.5, 3)])))
show("sorted-tuple-scalar", lambda: sorted([(1,), 1]))
show("sorted-tuple-str", lambda: sorted([("b", 1), ("a", 2), ("b", 0), ("\u00e9", 1), ("", 5)]))
show("sorted-int-float", lambda: sorted([(1, 2.5), (1, 2), (0, 9.0)]))
pairs = [((i * 7919) % 101, i % 3) for i in range(300)]
show("sorted-many", lambda: sorted(pairs)[:20] + sorted(pairs)[-5:])
show("sorted-many-rev", lambda: sorted(pairs, reverse=True)[:10])

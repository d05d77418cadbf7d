# str.join, tuple, sorted and list consuming generators and lists of every length class
# (0, 1, the inline items, past them, past the point where a list's storage grows by half):
# results, code point counts of non-ASCII text, and the errors of bad items at each position.


def words(n, text="w"):
    for i in range(n):
        yield text + str(i % 7)


def check_join(n):
    for sep in ["", ",", "--", "é", "\U0001f600"]:
        for text in ["w", "ü", "\u20ac", "\U0001f40d"]:
            s = sep.join(words(n, text))
            l = sep.join(list(words(n, text)))
            t = sep.join(tuple(words(n, text)))
            assert s == l == t, (n, sep, text)
            print(n, repr(sep), repr(text), len(s), s[:12], s[-5:], s.count(sep) if sep else -1)


class S(str):
    pass


def bad_items(n, at, bad):
    for i in range(n):
        yield bad if i == at else "x" + str(i)


for n in [0, 1, 2, 15, 16, 17, 40, 255, 256, 257, 300, 1000]:
    check_join(n)
    for at in sorted({0, n // 2, n - 1}):
        if n == 0:
            continue
        for bad in [3, None, b"b", S("sub")]:
            try:
                r = ",".join(bad_items(n, at, bad))
                print("ok", n, at, type(bad).__name__, len(r), r[:20], type(r).__name__)
            except TypeError as e:
                print("TypeError", n, at, e)

# One item: the item itself when exactly a str; a str subclass gives a new exact str.
one = "only"
print(",".join([one]) is one, type(",".join([S("s")])).__name__, ",".join(x for x in [S("s")]))
print(repr("".join([])), repr("abc".join([])), repr("abc".join(["", ""])))
try:
    ",".join(5)
except TypeError as e:
    print("TypeError", e)
try:
    ",".join(x for x in 5)
except TypeError as e:
    print("TypeError", e)


def ints(n):
    for i in range(n):
        yield (i * 7919) % 1000 - 500


def floats(n):
    for i in range(n):
        yield i / 4


def mixed(n):
    for i in range(n):
        yield i if i % 3 else str(i)


for n in [0, 1, 16, 17, 255, 256, 257, 1000]:
    t = tuple(ints(n))
    print(n, len(t), t[:5], t[-3:], sum(t), type(t).__name__)
    tf = tuple(floats(n))
    print(n, len(tf), tf[-3:], sum(tf))
    tm = tuple(mixed(n))
    print(n, len(tm), tm[-3:])
    print(n, sorted(ints(n))[:4], sorted(ints(n), reverse=True)[:4], sorted(floats(n))[-2:])
    l = list(ints(n))
    print(n, tuple(l) == t, tuple(list(floats(n))) == tf, tuple(list(mixed(n))) == tm)
    # Lists built by appending, extending and slice assignment across the growth sizes.
    a = []
    for x in ints(n):
        a.append(x)
    b = []
    b.extend(ints(n))
    c = [0]
    c[1:] = ints(n)
    d = [x for x in ints(n)]
    e = [str(x) for x in ints(n)]
    print(n, a == b == c[1:] == d == l, len(e), e[-2:] if e else e, a[::97])
    a.insert(0, "first")
    a.append(1.5)
    print(n, len(a), a[:2], a[-2:], a.count(1.5))
    del a[: n // 2]
    print(n, len(a), a[-3:])

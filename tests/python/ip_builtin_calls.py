# Builtin functions and methods called with positional arguments from interpreted code: results,
# exceptions (types, messages, tracebacks through the caller), str comparisons and equality of
# ASCII and non-ASCII text, and objects dropped before gc.collect() while weak references watch.
import gc
import weakref


def show(f, *args):
    try:
        print(repr(f(*args)))
    except Exception as e:
        print(type(e).__name__, e)


class Node:
    def __init__(self, label):
        self.label = label
        self.items = [label] * 3


def make(n):
    return [Node(str(i)) for i in range(n)]


def churn():
    total = 0
    for i in range(200):
        total += len(str(i).zfill(4)) + len(make(2))
    return total


def watch_and_drop(died):
    nodes = [Node("a"), Node("b"), Node("c"), Node("d"), Node("e")]
    refs = [weakref.ref(n, lambda r, i=i: died.append(i)) for i, n in enumerate(nodes)]
    del nodes
    return refs


died = []
refs = watch_and_drop(died)
gc.collect()
print(sorted(died), [r() is None for r in refs])
print(churn())


words = ["pi", "Pi", "PI", "p", "", "pî", "π", "πi", "a\u0300", "zz", "z", "\U0001F600", "ab", "abc"]
for a in words:
    row = []
    for b in words:
        row.append(f"{int(a < b)}{int(a <= b)}{int(a == b)}{int(a != b)}{int(a > b)}{int(a >= b)}")
    print(repr(a), " ".join(row))
print(sorted(words))
print(sorted(words, reverse=True))
print(min(words), max(words))

for s in ["hello world", "  padded  ", "ÀÉÎ õü", "a,b,,c", "π≈3.14", ""]:
    show(s.upper)
    show(s.split)
    show(s.split, ",")
    show(s.strip)
    show(s.find, "o")
    show(s.replace, "l", "L")
    show(s.startswith, "h")
    show(s.count, "")
    show(list, s)
    show(s.encode)
    show(s.center, 15, "*")
show("abc".split, 1)
show("abc".find)
show("abc".center, "x")
show(str.upper, 5)
show(len, 5)
show(ord, "ab")
show(chr, -1)
show(int, "x1")
show(divmod, 7, 0)
show(max)
show(sorted, [3, "a"])
show(getattr, 1, "nope")
show(isinstance, 1, 2)
show("{} {}".format, 1)
show([1, 2].index, 3)
show({}.pop, "k")


def deep(n):
    if n == 0:
        return "x".join(5)
    return deep(n - 1)


try:
    deep(3)
except TypeError as e:
    tb = e.__traceback__
    names = []
    while tb is not None:
        names.append(tb.tb_frame.f_code.co_name)
        tb = tb.tb_next
    print(type(e).__name__, e, names)



acc = []
for i in range(3000):
    acc.append(chr(97 + i % 26))
text = "".join(acc)
print(len(text), text[:30], text.count("a"), text == "".join(acc), text < text + "a")

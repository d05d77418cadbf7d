# deque: changes during iteration and during the comparisons of count/index/remove/in raise as
# in CPython; int * deque; iteration and searches otherwise.
from collections import deque


class MutateCmp:
    def __init__(self, d, result):
        self.d = d
        self.result = result

    def __eq__(self, other):
        self.d.clear()
        return self.result


def attempt(label, f):
    try:
        print(label, f())
    except (RuntimeError, IndexError, ValueError) as e:
        print(label, type(e).__name__, e)


for n in (1, 2, 30):
    d = deque(range(n))
    d[n // 2] = MutateCmp(d, False)
    attempt("count", lambda: d.count(n))
    d = deque(range(n))
    d[n // 2] = MutateCmp(d, False)
    attempt("in", lambda: n in d)
    d = deque(range(n))
    d[n // 2] = MutateCmp(d, False)
    attempt("index", lambda: d.index(n))
    d = deque(range(n))
    d[n // 2] = MutateCmp(d, True)
    attempt("remove", lambda: d.remove(n))

d = deque("abcab")
print(d.count("a"), "b" in d, "z" in d, d.index("b"), d.index("b", 2), d.index("a", -2), d.index("b", 0, -1))
attempt("index missing", lambda: d.index("z"))
attempt("index range", lambda: d.index("c", 3))
d.remove("b")
print(d)
attempt("remove missing", lambda: d.remove("q"))

d = deque([1, 2, 3])
it = iter(d)
print(next(it), it.__length_hint__())
d.append(4)
attempt("next", lambda: next(it))
attempt("next again", lambda: next(it))
e = deque()
it = iter(e)
e.append(1)
attempt("empty then append", lambda: next(it))
d = deque([1, 2, 3])
it = iter(d)
d[0] = 10
print(list(it))
d.rotate(1)
print(d, list(d), list(reversed(d)), 2 * deque("ab"), deque("ab") * 2)
total = 0
for x in deque(range(100)):
    total += x
print(total, sorted(deque([3, 1, 2])), list(enumerate(deque("xy"))))
d = deque([1, 2, 3])
r = reversed(d)
print(next(r), r.__length_hint__(), list(r), list(reversed(deque())))
r = reversed(d)
d.appendleft(0)
attempt("reversed next", lambda: next(r))
print(type(iter(d)).__name__, type(reversed(d)).__name__)

# Set operations whose key comparisons run user code that changes the sets under them: the
# tables are read again, as CPython's (restarted probes, iteration over the current table).

class Key:
    def __init__(self, n, hook=None):
        self.n = n
        self.hook = hook

    def __hash__(self):
        return self.n % 4

    def __eq__(self, other):
        if self.hook is not None:
            hook, self.hook = self.hook, None
            hook()
        return isinstance(other, Key) and self.n == other.n

    def __repr__(self):
        return "K%d" % self.n


def hooked(n, others, hook):
    s = set()
    first = Key(n)
    s.add(first)
    for i in others:
        s.add(Key(i))
    first.hook = lambda: hook(s)
    return s


a = hooked(1, range(2, 12), lambda s: s.update(Key(i) for i in range(100, 140)))
print(Key(5) in a, Key(121) in a, len(a), sorted(k.n for k in a)[:12])

b = hooked(3, range(4, 9), lambda s: s.clear())
print(Key(7) in b, len(b))

c = hooked(2, range(3, 9), lambda s: s.discard(Key(5)))
c.add(Key(6))
print(len(c), sorted(k.n for k in c))

g = {Key(1), Key(5), Key(13)}
f = hooked(1, range(2, 7), lambda s: s.add(Key(40)))
print(sorted(k.n for k in f & g), len(f))
f = hooked(1, range(2, 7), lambda s: s.add(Key(40)))
print(sorted(k.n for k in g - f), len(f))
f = hooked(1, range(2, 7), lambda s: s.discard(Key(6)))
print(f <= {Key(i) for i in range(20)}, len(f))
f = hooked(1, range(2, 30), lambda s: s.clear())
try:
    print(sorted(k.n for k in {Key(i) for i in range(9)} - f), len(f))
except RuntimeError as exc:
    print("RuntimeError", exc)

d = {Key(i) for i in range(8)}
e = {Key(i) for i in range(4, 12)}
print(sorted(k.n for k in d & e), sorted(k.n for k in d - e), sorted(k.n for k in d ^ e))
print(d <= e, Key(1) in d, d.isdisjoint(e), len(d | e))

s = {Key(i) for i in range(5)}
try:
    for k in s:
        s.add(Key(k.n + 50))
except RuntimeError as exc:
    print("RuntimeError", exc)
print(len(s))

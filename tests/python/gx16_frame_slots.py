# Generator frames' slots next to stores into lists, dicts and instance attributes: consumer
# loops (builtins and for loops) whose generator's locals change while the consumer writes into
# other object arrays, suspended frames' f_locals, send/throw/close, and recursive `yield from`.
import sys


class Box:
    def __init__(self, value):
        self.value = value
        self.items = []


def counter(n, box):
    total = 0
    for i in range(n):
        total += i
        box.value = total
        box.items.append(i)
        yield (i, total)


def stepping(words):
    acc = []
    for w in words:
        if w:
            acc.append(w)
            yield ",".join(acc)


def check_consumers():
    words = ["a", "", "bc", "d", "", "efg"] * 40
    print(len(",".join(w for w in words if w)))
    print(list(stepping(words))[-1][:20], len(list(stepping(words))))
    d = dict((w + str(i), i) for i, w in enumerate(words) if w)
    print(len(d), list(d.items())[:5], list(d.items())[-3:])
    box = Box(0)
    pairs = list(counter(300, box))
    print(pairs[:3], pairs[-1], box.value, len(box.items), box.items[-1])
    out = []
    for i, t in counter(200, box):
        out.append(t - i)
        out[i // 2] = i
    print(sum(out), out[:6], out[-3:], box.value)
    s = set(x * x % 97 for x in range(500))
    print(len(s), sorted(s)[:8])
    t = tuple(str(x) for x in range(300) if x % 7)
    print(len(t), t[:4], t[-2:])
    print(sorted((x % 13, -x) for x in range(60))[:6])


def suspended_locals():
    def gen(a):
        b = a * 2
        yield b
        c = [a, b]
        yield c
        c.append(a + b)
        yield len(c)

    g = gen(5)
    print(g.gi_frame.f_locals)
    print(next(g), sorted(g.gi_frame.f_locals.items(), key=repr))
    print(next(g), sorted(g.gi_frame.f_locals.items(), key=repr))
    print(next(g), g.gi_frame.f_locals["c"])
    print(next(g, "done"), g.gi_frame)


def protocol():
    def echo():
        received = []
        try:
            while True:
                try:
                    x = yield len(received)
                except ValueError as e:
                    received.append("VE:" + str(e))
                    continue
                received.append(x)
        finally:
            print("echo closing", received)

    g = echo()
    print(next(g), g.send("a"), g.send([1]), g.throw(ValueError("bad")), g.send(None))
    g.close()
    print(g.gi_frame, g.gi_running)
    try:
        g.send(1)
    except StopIteration as e:
        print("stop", e.value)

    def returning(n):
        for i in range(n):
            yield i
        return n * 10

    def delegating(n):
        r = yield from returning(n)
        yield r

    print(list(delegating(4)))
    acc = []
    for k in range(50):
        acc.append(list(delegating(k % 5))[-1])
    print(acc[:10], sum(acc))


class Tree:
    def __init__(self, left, value, right):
        self.left = left
        self.value = value
        self.right = right

    def __iter__(self):
        if self.left:
            yield from self.left
        yield self.value
        if self.right:
            yield from self.right


def tree(r):
    n = len(r)
    if n == 0:
        return None
    i = n // 2
    return Tree(tree(r[:i]), r[i], tree(r[i + 1:]))


def recursive():
    t = tree(range(2000))
    for k in range(3):
        seen = []
        for v in t:
            seen.append(v)
        print(k, len(seen), seen == list(range(2000)), sum(seen))
    print(sum(t), max(t), ",".join(str(v) for v in t)[-20:])
    it = iter(t)
    first = [next(it) for _ in range(5)]
    frames = 0
    g = it
    while g is not None and g.gi_frame is not None:
        frames += 1
        g = g.gi_yieldfrom
    print(first, frames, next(it))


check_consumers()
suspended_locals()
protocol()
recursive()
print(sys.getrecursionlimit() > 0)

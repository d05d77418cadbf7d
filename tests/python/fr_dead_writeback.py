# Frames whose state a trace may skip writing back when they return: every frame that escaped
# (sys._getframe, tracebacks, f_back, generators) must still show its final locals afterwards.
import sys

captured = []


def capture_self(n):
    a = n * 2
    fr = sys._getframe()
    b = a + 1
    if n % 97 == 0:
        captured.append(fr)
    a = b * 3
    return a


def capture_caller(n):
    # The callee captures its caller's frame; the caller changes its locals after that.
    return sys._getframe(1)


def caller(n):
    x = n
    fr = capture_caller(n)
    x = n + 1000
    y = x * 2
    return fr if n % 101 == 0 else None


def raiser(n):
    z = n * 5
    raise ValueError(z)


def catcher(n):
    w = n + 7
    try:
        raiser(n)
    except ValueError as e:
        tb = e.__traceback__
    w = w + 1
    return tb


def gen(n):
    acc = 0
    for i in range(n):
        acc += i
        yield acc
    tail = acc * 2
    yield tail


def plain(a, b):
    c = a + b
    d = c * c
    return d - a


def guarded(v):
    # A callee whose guard fails late in the run (the type of v changes).
    t = v + v
    u = t * 3
    return u


total = 0
frames = []
tbs = []
for i in range(3000):
    total += capture_self(i)
    f = caller(i)
    if f is not None:
        frames.append(f)
    if i % 113 == 0:
        tbs.append(catcher(i))
    total += plain(i, 3)
    total += guarded(i if i < 2500 else float(i))
print(total)
for fr in captured[:5] + captured[-3:]:
    loc = fr.f_locals
    print(sorted(loc.items(), key=lambda kv: kv[0]) if "fr" not in loc else (loc["a"], loc["b"], loc["n"]))
for fr in frames[:3] + frames[-3:]:
    loc = fr.f_locals
    print(loc["n"], loc["x"], loc["y"], fr.f_code.co_name)
for tb in tbs[:3] + tbs[-2:]:
    t = tb
    while t is not None:
        loc = t.tb_frame.f_locals
        print(t.tb_frame.f_code.co_name, sorted((k, v) for k, v in loc.items() if isinstance(v, int)))
        t = t.tb_next
gens = [gen(k % 7 + 1) for k in range(500)]
s = 0
for g in gens:
    for v in g:
        s += v
print(s)
g = gen(4)
print(next(g), next(g), g.gi_frame.f_locals["acc"], g.gi_frame.f_locals["i"])
print(list(g))

# Frames that escape (sys._getframe, f_back, tracebacks, locals()) must keep their own state
# while later calls of the same functions run: the interpreter reuses the frames of finished
# calls only when nothing else can reach them.
import sys


def here(tag):
    marker = tag * 2
    return sys._getframe()


def caller_of_here(tag):
    inner = tag + 100
    return here(tag)


frames = [caller_of_here(i) for i in range(40)]
for i in range(200):
    caller_of_here(-i)
print([f.f_locals["marker"] for f in frames[:5]], frames[7].f_back.f_locals["inner"])
print(len({id(f) for f in frames}), frames[3].f_back.f_code.co_name, frames[3].f_back.f_back.f_code.co_name)


def parent_frame():
    return sys._getframe(1)


def asks_for_parent(n):
    mine = [n]
    return parent_frame()


parents = [asks_for_parent(n) for n in range(30)]
for n in range(100):
    asks_for_parent(n + 1000)
print([p.f_locals["mine"] for p in parents[:4]], parents[29].f_locals["n"])


def back_of_inner():
    return sys._getframe().f_back


def uses_back(v):
    local_value = v * 3
    return back_of_inner()


backs = [uses_back(v) for v in range(25)]
for v in range(60):
    uses_back(-v)
print([b.f_locals["local_value"] for b in backs[::6]])


def fails(k):
    doomed = "k=%d" % k
    raise ValueError(doomed)


def catches(k):
    try:
        fails(k)
    except ValueError as e:
        return e


errors = [catches(k) for k in range(20)]
for k in range(100):
    catches(k + 500)
tbs = [e.__traceback__ for e in errors]
print([tb.tb_next.tb_frame.f_locals["doomed"] for tb in tbs[::5]], tbs[4].tb_frame.f_locals["k"])


def snapshot(x, y):
    total = x + y
    return locals()


snaps = [snapshot(i, i * i) for i in range(10)]
print(snaps[3], snaps[9] is snaps[8])


def deep(n, keep):
    level = n
    if n == 0:
        keep.append(sys._getframe())
        return 0
    return deep(n - 1, keep) + 1


kept = []
for depth in (5, 40, 3):
    deep(depth, kept)
for _ in range(50):
    deep(30, [])
chain = []
f = kept[1]
while f is not None and f.f_code.co_name == "deep":
    chain.append(f.f_locals["level"])
    f = f.f_back
print(len(chain), chain[:3], chain[-1], [k.f_locals["level"] for k in kept])


def gen_inspecting():
    yield sys._getframe().f_back
    yield 2


def consume(tag):
    local_tag = tag
    g = gen_inspecting()
    first = next(g)
    return first


consumers = [consume(t) for t in range(12)]
for t in range(40):
    consume(t + 99)
print([c.f_locals.get("local_tag") for c in consumers[::4]])


def recursive_error(n):
    here_n = n
    if n == 0:
        raise KeyError("bottom")
    return recursive_error(n - 1)


try:
    recursive_error(25)
except KeyError as e:
    saved = e
for _ in range(30):
    try:
        recursive_error(10)
    except KeyError:
        pass
tb = saved.__traceback__
levels = []
while tb is not None:
    if tb.tb_frame.f_code.co_name == "recursive_error":
        levels.append(tb.tb_frame.f_locals["here_n"])
    tb = tb.tb_next
print(levels[:4], levels[-1], len(levels))

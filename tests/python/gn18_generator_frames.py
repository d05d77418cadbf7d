# Generator frames are running exactly while their generator is (no running flag of their own):
# frame.clear() on running, delegating and finished generator frames, gi_running and
# gi_frame through yield-from chains, also in hot loops; plain function frames for comparison.
# (A suspended generator's frame is not cleared: CPython closes the generator, ripy refuses.)
import sys


def try_clear(frame, label):
    try:
        frame.clear()
        print(label, "cleared")
    except RuntimeError as e:
        print(label, "RuntimeError:", e)


def inner(outer_box):
    me = sys._getframe()
    try_clear(me, "inner self")
    try_clear(outer_box[0].gi_frame, "outer while delegating")
    print("outer running:", outer_box[0].gi_running, "inner running:", outer_box[1].gi_running)
    x = yield 1
    print("inner got", x)
    try_clear(outer_box[0].gi_frame, "outer while delegating again")
    return "inner-done"


def outer(box):
    r = yield from box[1]
    print("outer got", r)
    yield 2


box = [None, None]
box[1] = inner(box)
box[0] = outer(box)
print(next(box[0]))
print("suspended:", box[0].gi_running, box[1].gi_running)
print(box[0].send("hello"))
g_frame = box[0].gi_frame
for _ in box[0]:
    pass
print("finished frame:", box[0].gi_frame, box[0].gi_running)
g_frame.clear()
print("cleared finished outer frame", g_frame.f_locals)


def plain():
    try_clear(sys._getframe(), "plain self")
    f = sys._getframe(1)
    try_clear(f, "plain caller")
    return sys._getframe()


done = plain()
try_clear(done, "plain finished")


def walker(n):
    if n:
        yield from walker(n - 1)
    yield n


def hot(rounds):
    counts = [0, 0, 0]
    for k in range(rounds):
        g = walker(k % 6)
        for v in g:
            counts[0] += v
            if v == 2 and k % 50 == 0:
                # Every level of the chain is suspended now.
                counts[1] += g.gi_running
                counts[2] += g.gi_frame.f_lineno
        f = g.gi_frame
        counts[1] += f is None
    return counts


print(hot(2000))


def self_clearing():
    for i in range(3):
        try:
            sys._getframe().clear()
        except RuntimeError as e:
            yield str(e)
        yield i


print(list(self_clearing()))


def deep(n):
    if n == 0:
        f = sys._getframe()
        seen = []
        while f is not None:
            if f.f_code.co_name == "deep_gen":
                try:
                    f.clear()
                    seen.append("cleared")
                except RuntimeError as e:
                    seen.append(str(e))
            f = f.f_back
        yield seen
    else:
        yield from deep(n - 1)


def deep_gen():
    yield from deep(3)


print(list(deep_gen()))

# Young objects stored into the slots of a frame whose array is old (it survived a collection
# while the frame ran): the interpreter stores into a running frame's slots without the write
# barrier, so the collector must find them while the frame runs, and after it stops (a
# suspended generator, a frame kept by a traceback), when only the old array refers to them.
import gc


def churn(n):
    # Enough young garbage for nursery collections.
    keep = 0
    for i in range(n):
        t = [i, str(i), (i, i)]
        keep += len(t)
    return keep


def suspended():
    total = 0
    while True:
        gc.collect()  # the frame's array is old from here on
        a = [str(k) * 3 for k in range(50)]  # young, referred to only by the old array
        b = {k: [k] * 4 for k in range(20)}
        yield total
        churn(20000)  # collections while the frame is suspended, then while it runs
        total += sum(len(s) for s in a) + sum(sum(v) for v in b.values())


def running():
    gc.collect()
    acc = []
    for round in range(5):
        x = [object() for _ in range(10)]
        y = "-".join(str(k) for k in range(30))
        churn(20000)  # collections while this frame runs, its young locals in slots
        acc.append((len(x), len(y), all(o is not None for o in x)))
    return acc


def raises():
    gc.collect()
    local = ["kept by the traceback's frame %d" % k for k in range(10)]
    raise ValueError(len(local))


g = suspended()
print(next(g))
for step in range(4):
    churn(20000)
    print(g.send(None))
print(running())
try:
    raises()
except ValueError as e:
    tb = e.__traceback__
churn(30000)
frame = tb.tb_next.tb_frame
print(frame.f_locals["local"][3], len(frame.f_locals["local"]))

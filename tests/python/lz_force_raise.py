# A callee that is not inlined reads its callers' frames (forcing the compiled code that waits in
# the call) and then raises, returns, or collects garbage; the caller's loop goes on with objects
# whose identity must survive the forcing.
import gc
import sys


class Node:
    def __init__(self, v):
        self.v = v
        self.hits = 0


def down(n, how):
    if n:
        return down(n - 1, how)
    f = sys._getframe(11)
    loc = f.f_locals
    node = loc["node"]
    node.hits += 1
    if how == "raise":
        raise KeyError(node.v)
    if how == "gc":
        gc.collect()
    return node


def run(n):
    log = []
    keep = []
    for i in range(n):
        node = Node(i)
        pair = [node, i]
        how = ("raise", "gc", "ret")[i % 3] if i % 13 == 0 else None
        if how is None:
            continue
        try:
            got = down(10, how)
            log.append(("ret", got is node, node.hits, pair[0] is node))
        except KeyError as e:
            log.append(("raise", e.args[0] == i, node.hits, pair[0] is node))
        keep.append(node)
    return log, sum(k.hits for k in keep)


log, hits = run(1200)
print(len(log), hits)
for entry in log[:6] + log[-6:]:
    print(entry)


def gen_frames(n):
    def g():
        total = 0
        for j in range(n):
            total += j
            yield total

    it = g()
    out = []
    for k, v in enumerate(it):
        if k % 50 == 3:
            out.append((v, it.gi_frame.f_locals["total"], it.gi_frame.f_locals["j"]))
    return out


print(gen_frames(600)[:5])

# Guards whose resume data shares frame snapshots: several guards of one opcode failing in turn
# (operands of changing types), guards of inlined callees whose callers' locals differ from call
# to call, effects logged before a guard in the same opcode, exceptions raised by inlined frames,
# and frames read from native code (sys._getframe, locals) between guards: every exit must resume
# with its own frame states.
import sys


class Box:
    def __init__(self, v):
        self.v = v

    def __add__(self, other):
        return Box(self.v + (other.v if isinstance(other, Box) else other))

    def __repr__(self):
        return "Box(%r)" % (self.v,)


def add(a, b):
    return a + b


def operands(i):
    kind = (i // 37) % 5 if i > 300 else 0
    if kind == 0:
        return i, 1
    if kind == 1:
        return float(i), 2
    if kind == 2:
        return Box(i), 3
    if kind == 3:
        return "s%d" % (i % 10), "t"
    return i, 2.5


def mixed_adds(n):
    out = []
    for i in range(n):
        a, b = operands(i)
        out.append(add(a, b))
    return out[-7:], len(out)


def inner(x, log):
    if x % 11 == 0:
        log.append(x)
    if x % 13 == 0:
        raise ValueError(x)
    return x * 2


def middle(x, log, scale):
    before = len(log)
    try:
        y = inner(x, log) + scale
    except ValueError as e:
        y = -e.args[0]
    return y + (len(log) - before)


def outer(n):
    log = []
    total = 0
    scale = 0
    for i in range(n):
        scale = (scale + i) % 7
        total += middle(i, log, scale)
        if i % 5 == 0:
            total += middle(i + 1, log, -scale)
    return total, len(log), log[-3:]


def peek(depth):
    f = sys._getframe(1)
    return sorted(k for k in f.f_locals if not k.startswith("_"))[:depth]


def with_frame_reads(n):
    acc = 0
    names = None
    for i in range(n):
        a = i * 3
        b = a - i
        if i % 17 == 0:
            names = peek(3)
        if i % 19 == 0:
            acc += len(locals())
        acc += a - b if i % 4 else b - a
    return acc, names


def nested_effects(n):
    rows = []
    for i in range(n):
        row = [i]
        row.append(add(i, 1) if i % 3 else add(float(i), 0.5))
        rows.append(row)
        if len(rows) > 50:
            rows.pop(0)
    return rows[-3:]


print(mixed_adds(2000))
print(outer(3000))
print(with_frame_reads(3000))
print(nested_effects(2000))

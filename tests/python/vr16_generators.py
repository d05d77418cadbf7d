# Generators resumed from compiled code whose frames read their resumer's frame chain, and
# generator frames' f_back while running and while suspended.
import sys


def gen(n):
    for i in range(n):
        f = sys._getframe(1)
        yield i, f.f_code.co_name, f.f_back.f_code.co_name if f.f_back else None


def consume(n):
    out = []
    for t in gen(n):
        if t[0] % 47 == 46:
            out.append(t)
    return out


def consume_via(n):
    return consume(n)


print(consume_via(300))
print(list(gen(30))[-1])
print(sum(t[0] for t in gen(100)))


def counter(n):
    me = sys._getframe()
    for i in range(n):
        back = me.f_back
        yield i, back.f_code.co_name if back is not None else None


def loop_resumes(n):
    g = counter(n)
    out = []
    for i in range(n):
        v = next(g)
        if i % 53 == 52:
            out.append(v)
    return out, g.gi_frame.f_back


out, suspended_back = loop_resumes(300)
print(out, suspended_back)


def deleg(n):
    yield from gen(n)


def from_deleg(n):
    last = None
    for t in deleg(n):
        last = t
    return last


print(from_deleg(200))

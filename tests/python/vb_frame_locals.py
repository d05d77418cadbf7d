# The locals of frames in hot loops, seen from callees through sys._getframe and f_locals,
# while the loops keep changing them between and around the calls.
import sys


def peek(depth, *names):
    f = sys._getframe(depth + 1)
    loc = f.f_locals
    return tuple(loc.get(n, "<unbound>") for n in names)


def peek_back():
    return sys._getframe(1).f_back.f_locals.get("total")


def loop_calls(n):
    total = 0
    seen = []
    for i in range(n):
        a = i * 2
        if i % 7 == 0:
            b = i
        total += a
        r = peek(0, "i", "a", "total", "b")
        if r != (i, a, total, b if i >= 0 and "b" in dir() else "<unbound>"):
            seen.append(("mismatch", i, r))
        if i % 500 == 0:
            seen.append(r)
        total -= 1
        r2 = peek(0, "total")
        if r2[0] != total:
            seen.append(("after", i, r2, total))
    return total, seen


def b_unbound_then_bound(n):
    out = []
    for i in range(n):
        if i % 2:
            x = i
        else:
            try:
                del x
            except UnboundLocalError as e:
                out.append(("del", type(e).__name__, str(e)))
        r = peek(0, "x", "i")
        if i < 6 or i % 997 == 0:
            out.append(r)
        if r[1] != i:
            out.append(("bad", i, r))
        if i % 2 and r[0] != i:
            out.append(("badx", i, r))
        if not i % 2 and r[0] != "<unbound>":
            out.append(("stale", i, r))
    return out


def outer_with_inner(n):
    total = 100
    acc = 0
    for i in range(n):
        acc += inner(i)
        total += 1
    return total, acc


def inner(i):
    # Looks two frames out: the loop's frame in outer_with_inner.
    t = peek_back_from_inner()
    return 1 if t is not None else 0


def peek_back_from_inner():
    return sys._getframe(2).f_locals.get("total")


def nested_values(n):
    total = 0
    res = []
    for i in range(n):
        total += i
        got = sys._getframe().f_locals["total"]
        if got != total:
            res.append(("own", i, got, total))
        got = helper_sees(i)
        if got != total:
            res.append(("helper", i, got, total))
    return total, res


def helper_sees(i):
    return sys._getframe(1).f_locals["total"]


def locals_snapshot_writes(n):
    # Writing to f_locals of a function frame does not change the frame's variables.
    v = 1
    out = []
    for i in range(n):
        sys._getframe().f_locals["v"] = 99
        clobber()
        if v != 1:
            out.append(("changed", i, v))
        v = 1
    out.append(locals()["v"])
    return out


def clobber():
    sys._getframe(1).f_locals["v"] = 1234
    sys._getframe(1).f_locals["i"] = -5


def main():
    t, seen = loop_calls(3000)
    print(t, len(seen))
    for s in seen[:12]:
        print(s)
    out = b_unbound_then_bound(3000)
    print(len(out))
    for s in out[:20]:
        print(s)
    print(outer_with_inner(3000))
    print(nested_values(3000))
    print(locals_snapshot_writes(3000))


main()

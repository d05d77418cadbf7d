# Chains of `yield from` between generators: values, sent values, return values, exceptions and
# their tracebacks, frames (f_back, f_lineno) and gi_running seen from inside the chain, throw()
# and close() of delegating generators, delegates advanced or exhausted from outside; hot enough
# for the JIT to compile the chains.
import sys
import traceback


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


def tree(lo, hi):
    if lo >= hi:
        return None
    mid = (lo + hi) // 2
    return Tree(tree(lo, mid), mid, tree(mid + 1, hi))


def walks():
    t = tree(0, 1000)
    total = 0
    for k in range(30):
        count = 0
        for v in t:
            total += v * (k + 1)
            count += 1
        assert count == 1000
    print("walk", total, list(tree(0, 12)))


def chain(n, log):
    if n == 0:
        x = yield "leaf0"
        log.append(("leaf got", x))
        x = yield "leaf1"
        log.append(("leaf got", x))
        return "ret%d" % n
    r = yield from chain(n - 1, log)
    log.append((n, r))
    got = yield "after%d" % n
    log.append((n, "got", got))
    return "ret%d" % n


def sends():
    log = []
    g = chain(12, log)
    out = [next(g)]
    for i in range(40):
        try:
            out.append(g.send(i))
        except StopIteration as e:
            out.append(("stop", e.value))
            break
    print("sends", out)
    print("log", log)
    # hot: many small chains
    acc = []
    for i in range(300):
        lg = []
        acc.append(list(chain(i % 7, lg))[-1])
    print("hot chains", acc[:10], len(acc))


def look(seen):
    names = []
    lines = []
    f = sys._getframe(1)
    while f is not None and len(names) < 6:
        names.append(f.f_code.co_name)
        if len(names) > 1:
            lines.append(f.f_lineno - f.f_code.co_firstlineno)
        f = f.f_back
    seen.append((names, lines))


def frames_leaf(seen):
    look(seen)
    yield 1
    look(seen)
    yield 2
    look(seen)


def frames_mid(seen, gens):
    gens.append(sys._getframe().f_code.co_name)
    yield from frames_leaf(seen)
    yield 3


def frames_top(seen, gens):
    yield from frames_mid(seen, gens)


def frames():
    seen = []
    for i in range(200):
        for v in frames_top(seen, []):
            pass
    print("frames", seen[0], seen[-1], len(seen))


def running_leaf(holder, out):
    for i in range(3):
        out.append((holder[0].gi_running, holder[1].gi_running, holder[0].gi_frame.f_back is not None))
        try:
            next(holder[0])
        except ValueError as e:
            out.append(str(e))
        yield i


def running_mid(holder, out):
    yield from running_leaf(holder, out)


def running_top(holder, out):
    yield from running_mid(holder, out)


def running():
    for k in range(100):
        out = []
        holder = []
        top = running_top(holder, out)
        holder.append(top)
        holder.append(top)
        res = list(top)
        outer_state = (top.gi_running, top.gi_frame)
    print("running", res, out, outer_state)


def failing(n):
    if n == 0:
        yield "x"
        raise KeyError("deep %d" % n)
    yield from failing(n - 1)


def catching(n):
    try:
        yield from failing(n)
    except KeyError as e:
        yield "caught " + str(e)


def exceptions():
    results = []
    for i in range(150):
        g = failing(i % 6)
        try:
            for v in g:
                pass
        except KeyError as e:
            tb = traceback.extract_tb(e.__traceback__)
            results.append((str(e), [(fr.name, fr.lineno) for fr in tb]))
        results.append(list(catching(i % 4)))
        try:
            next(g)
        except StopIteration:
            results.append("finished")
    print("exceptions", results[:6], len(results))


def summing(n):
    x = 1 + (yield from failing(n))
    return x


def printed_traceback():
    for i in range(60):
        try:
            for v in summing(i % 3):
                pass
        except KeyError:
            if i >= 57:
                traceback.print_exc(file=sys.stdout)


def stopper(n):
    if n == 0:
        yield 0
        raise StopIteration("bad")
    yield from stopper(n - 1)


def stop_iteration():
    out = []
    for i in range(100):
        try:
            list(stopper(i % 5))
        except RuntimeError as e:
            out.append((str(e), type(e.__cause__).__name__))
    print("stopiteration", out[:5], len(out))


def inner_counter(limit):
    i = 0
    while i < limit:
        yield i
        i += 1
    return "inner-done"


def outer_of(it):
    r = yield from it
    yield ("outer saw", r)


def outer_outer(it):
    yield from outer_of(it)
    yield "end"


def shared_delegate():
    out = []
    for k in range(60):
        inner = inner_counter(4)
        o = outer_outer(inner)
        out.append(next(o))
        out.append(next(inner))  # advanced from outside
        out.append(next(o))
        out.append(list(inner))  # exhausted from outside
        out.append(list(o))
        out.append((o.gi_yieldfrom, inner.gi_frame))
    print("shared", out[:6], len(out))


def reentrant():
    out = []

    def leaf(holder):
        yield 1
        try:
            next(holder[0])
        except ValueError as e:
            out.append(str(e))
        yield 2

    for k in range(50):
        holder = []
        inner = leaf(holder)
        o = outer_of(inner)
        holder.append(inner)
        out.append(next(o))
        out.append(next(o))
    print("reentrant", out[:4], len(out))


def throw_close():
    out = []
    for k in range(80):
        g = chain(5, [])
        next(g)
        try:
            g.throw(ValueError("thrown %d" % k))
        except ValueError as e:
            tb = traceback.extract_tb(e.__traceback__)
            out.append((str(e), len(tb), tb[-1].name))
        out.append((g.gi_frame, g.gi_running))
        g = chain(5, [])
        next(g)
        g.close()
        out.append(g.gi_frame)
        g = chain(3, [])
        next(g)
        out.append(g.send("s"))
        out.append(next(g, "exhausted"))
        out.append(next(g, "exhausted"))
    print("throw/close", out[:8], len(out))


def lists_delegate():
    def g(seq):
        yield from seq
        yield from iter(seq)
        return len(seq)

    def h():
        r = yield from g([1, 2, 3])
        yield r

    out = []
    for k in range(100):
        out.append(list(h()))
    print("non-generator delegates", out[0], len(out))


def deep_recursion():
    def down(n):
        if n == 0:
            yield "bottom"
            return
        yield from down(n - 1)

    old = sys.getrecursionlimit()
    sys.setrecursionlimit(300)
    try:
        try:
            print("deep", list(down(2000)))
        except RecursionError:
            print("deep: RecursionError")
        print("shallow", list(down(50)))
    finally:
        sys.setrecursionlimit(old)


walks()
sends()
frames()
running()
exceptions()
printed_traceback()
stop_iteration()
shared_delegate()
reentrant()
throw_close()
lists_delegate()
deep_recursion()

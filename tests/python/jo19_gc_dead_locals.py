# Objects that only dead locals, popped stack values or finished calls referred to are freed by
# gc.collect() (the interpreter's native frame must not keep them alive), while objects that the
# running frames, builtins and generators still use survive collections made inside calls.
# Compiled code may keep stale references in its own frames (the stack is scanned
# conservatively), so the scenarios run in a child process with ripy's JIT off
# (METATRACE_JIT, which CPython ignores).
import os
import subprocess
import sys

if len(sys.argv) < 2:
    env = dict(os.environ, METATRACE_JIT="off")
    child = subprocess.run([sys.executable, __file__, "child"], env=env, capture_output=True, text=True)
    print(child.stdout, end="")
    print(child.stderr, end="")
    print("exit", child.returncode)
    sys.exit()

import gc
import weakref


class C:
    def __init__(self, tag=0):
        self.tag = tag


class D:
    log = []

    def __init__(self, tag):
        self.tag = tag

    def __del__(self):
        D.log.append(self.tag)


def module_level_like():
    a, b, c, d = [C() for i in range(4)]
    r = weakref.ref(c)
    del c, d
    gc.collect()
    print("listcomp unpack", r() is None, a is not b)


def unpack_tuple():
    x, y = C(1), C(2)
    rx, ry = weakref.ref(x), weakref.ref(y)
    del x
    gc.collect()
    print("unpack tuple", rx() is None, ry() is y, y.tag)


def starred():
    first, *rest = [C(i) for i in range(5)]
    refs = [weakref.ref(o) for o in rest]
    del rest
    gc.collect()
    print("starred", [r() is None for r in refs], first.tag)


def comprehension_temporaries():
    refs = [weakref.ref(o) for o in [C(i) for i in range(6)]]
    gc.collect()
    print("comprehension temps", sum(r() is None for r in refs))


def deleted_local_then_call():
    o = C(7)
    r = weakref.ref(o)
    o.tag += 1
    del o
    gc.collect()
    print("deleted local", r() is None)


def helper_collect(r):
    gc.collect()
    return r() is None


def nested_calls():
    o = C(3)
    r = weakref.ref(o)
    total = o.tag * 2
    del o
    print("nested", helper_collect(r), total)


def outer_holds_inner_frees():
    keep = C(10)
    rk = weakref.ref(keep)

    def inner():
        tmp = C(11)
        rt = weakref.ref(tmp)
        del tmp
        gc.collect()
        return rt() is None

    print("outer/inner", inner(), rk() is keep, keep.tag)


def builtin_callback():
    refs = []

    def key(v):
        t = C(v)
        refs.append(weakref.ref(t))
        k = -t.tag
        del t
        gc.collect()
        return k

    data = [C(i) for i in range(4)]
    out = sorted(data, key=lambda o: key(o.tag))
    print("sorted key", [o.tag for o in out], [r() is None for r in refs])


def gen_collecting(n):
    for i in range(n):
        t = C(i)
        r = weakref.ref(t)
        v = t.tag * 3
        del t
        gc.collect()
        yield v, r() is None


def generators():
    print("gen for", list(gen_collecting(3)))
    g = gen_collecting(2)
    print("gen next", next(g), next(g))
    print("gen sum", sum(v for v, _ in gen_collecting(4)))


def live_values_survive():
    # Values on the value stack and in locals of frames suspended in calls stay alive.
    xs = [C(i) for i in range(3)]
    s = xs[0].tag + helper_collect(weakref.ref(C(99))) + xs[2].tag
    mapped = list(map(lambda o: (gc.collect(), o.tag)[1], [C(i) for i in range(5)]))
    made = [C(i) for i in range(3)]
    pairs = dict((o.tag, (gc.collect(), o)[1]) for o in made)
    print("live", s, mapped, sorted((k, v.tag) for k, v in pairs.items()))


def finalizers():
    D.log.clear()
    a, b = D("a"), D("b")
    del a
    gc.collect()
    print("del a", D.log)
    c = [D("c%d" % i) for i in range(3)]
    del c
    gc.collect()
    print("del list", sorted(D.log))
    del b
    gc.collect()
    print("del b", sorted(D.log))


def method_calls():
    class M:
        def work(self, r):
            gc.collect()
            return r() is None

    m = M()
    t = C(5)
    r = weakref.ref(t)
    del t
    print("method", m.work(r))
    args = (weakref.ref(C(6)),)
    print("star args", m.work(*args))


module_level_like()
unpack_tuple()
starred()
comprehension_temporaries()
deleted_local_then_call()
nested_calls()
outer_holds_inner_frees()
builtin_callback()
generators()
live_values_survive()
finalizers()
method_calls()

a, b, c, d = [C() for i in range(4)]
r = weakref.ref(c)
del c, d
gc.collect()
print("module", r() is None)

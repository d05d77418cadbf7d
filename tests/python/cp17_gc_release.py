# What a function call leaves behind must not keep objects alive through gc.collect():
# the closure of a returned function's frame, and the arguments of a finished call.
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


class Counted:
    alive = 0

    def __init__(self):
        Counted.alive += 1

    def __del__(self):
        Counted.alive -= 1


def closure_called():
    x = Counted()

    def inner():
        return x

    inner()


def closure_returns_value():
    x = Counted()

    def inner():
        return x

    y = inner()
    return y is x


def lambda_called():
    x = Counted()
    f = lambda: x
    f()


def run(f, n):
    for _ in range(n):
        f()
    gc.collect()
    gc.collect()
    print(f.__name__, n, Counted.alive)
    Counted.alive = 0


for f in (closure_called, closure_returns_value, lambda_called):
    for n in (1, 3, 50):
        run(f, n)


class Obj:
    pass


def nop():
    pass


def after_call_argument():
    o = Obj()
    w = weakref.ref(o)
    del o
    nop()
    gc.collect()
    print("argument freed", w() is None)


def after_two_arguments():
    o = Obj()
    w = weakref.ref(o, None)
    o = None
    gc.collect()
    print("arguments freed", w() is None)


def made_in_callee():
    def make():
        return weakref.ref(Obj())

    w = make()
    gc.collect()
    print("callee's object freed", w() is None)


after_call_argument()
after_two_arguments()
made_in_callee()

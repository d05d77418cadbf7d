# Errors raised in runs of LOAD_FAST / LOAD_CONST / STORE_FAST, attribute accesses and binary
# operators must unwind from the right instruction (line numbers, exception-table handlers,
# stack depth), and Python code called from an instruction must see the right caller line; the
# last loop runs long enough for a JIT (when on) to compile it and leave it at errors.
import sys
import traceback


def lines_of(exc):
    return [(f.name, f.lineno) for f in traceback.extract_tb(exc.__traceback__)]


def unbound_second(flag):
    if flag:
        b = 1
    a = 2
    return a + b


def unbound_after_store(flag):
    x = 1
    y = x
    if flag:
        z = 3
    w = y
    return w + z


def unbound_in_run(flag):
    a = 1
    if flag:
        q = 2
    try:
        b = a
        c = b
        items = [a, 1, c, q]
    except UnboundLocalError as e:
        return "caught", str(e), a, b, c, lines_of(e)[-1][1] - unbound_in_run.__code__.co_firstlineno
    return items


def attr_error(obj):
    a = obj
    b = a.missing
    return b


def method_error(obj):
    a = obj
    return a.nomethod()


def store_attr_error(obj, v):
    a = v
    obj.x = a
    return obj


def binop_errors(a, b):
    out = []
    for op in range(4):
        try:
            if op == 0:
                r = a / b
            elif op == 1:
                r = a + b
            elif op == 2:
                r = a ** b
            else:
                r = a % b
            out.append(r)
        except ZeroDivisionError as e:
            out.append(("zde", str(e), lines_of(e)[-1][1] - binop_errors.__code__.co_firstlineno))
        except TypeError as e:
            out.append(("te", str(e)))
    return out


class LineSpy:
    def __init__(self, v):
        self.v = v

    def __add__(self, other):
        return ("add", self.v, other, sys._getframe(1).f_lineno - spy_calls.__code__.co_firstlineno)

    @property
    def prop(self):
        if self.v < 0:
            raise KeyError(self.v)
        return ("prop", self.v)


def spy_calls(s):
    t = s
    u = t + 5
    w = t.prop
    k = 7
    return u, w, k


class Slots:
    __slots__ = ("x",)


def handler_depth(objs):
    total = 0
    for o in objs:
        try:
            a = o
            c = 10
            total = total + a.value * c
        except AttributeError as e:
            total = total - 1
            last = str(e)
    return total, last


class V:
    def __init__(self, value):
        self.value = value


def check(name, f, *args):
    try:
        print(name, "->", f(*args))
    except Exception as e:
        print(name, "raises", type(e).__name__, str(e),
              [(n, l - f.__code__.co_firstlineno) for n, l in lines_of(e) if n == f.__name__])


for flag in (True, False):
    check("unbound_second", unbound_second, flag)
    check("unbound_after_store", unbound_after_store, flag)
    check("unbound_in_run", unbound_in_run, flag)
check("attr_error", attr_error, 5)
check("attr_error ok", attr_error, type("T", (), {"missing": 42})())
check("method_error", method_error, [])
check("store_attr_error", store_attr_error, 5, 3)
check("store_attr_slots", lambda: store_attr_error(Slots(), 9).x)
try:
    o = Slots()
    o.y = 1
except AttributeError as e:
    print("slots y", e)
print(binop_errors(7, 0))
print(binop_errors(7.5, 2))
print(binop_errors("a", 2))
print(spy_calls(LineSpy(3)))
check("spy_calls", spy_calls, LineSpy(-1))
print(handler_depth([V(1), 3, V(2), "s", V(4)]))

# Many iterations, so that a JIT (when on) compiles the loops and leaves them at errors.
acc = 0
objs = [V(i) for i in range(50)]
for n in range(3000):
    a = objs[n % 50]
    b = n
    c = 3
    acc = acc + a.value * c - b % 7
    if n % 997 == 0:
        try:
            z = a.nope
        except AttributeError:
            acc = acc + 1
print("acc", acc)

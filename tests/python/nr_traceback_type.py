# types.TracebackType(tb_next, tb_frame, tb_lasti, tb_lineno) and the attributes of tracebacks
# and functions that cannot be deleted.
import sys
import types


def get_tb():
    try:
        raise ValueError("x")
    except ValueError as e:
        return e.__traceback__


other = get_tb()
frame = sys._getframe()
tb = types.TracebackType(other, frame, 1, 2)
print(tb.tb_next is other, tb.tb_frame is frame, tb.tb_lasti, tb.tb_lineno)
tb = types.TracebackType(None, frame, 7, 99)
print(tb.tb_next, tb.tb_lasti, tb.tb_lineno)
tb = types.TracebackType(tb_next=None, tb_frame=frame, tb_lasti=0, tb_lineno=-5)
print(tb.tb_lasti, tb.tb_lineno)
for args in [("no", frame, 1, 2), (other, "no", 1, 2), (other, frame, "no", 2), (other, frame, 1, "nuh"),
             (None, frame, 2 ** 40, 2), (None, frame, 1)]:
    try:
        types.TracebackType(*args)
    except (TypeError, OverflowError) as e:
        print(type(e).__name__, e)

tb = get_tb()
for stmt in ["del tb.tb_next", "del tb.tb_frame", "del tb.tb_lineno", "tb.tb_lineno = 3", "tb.tb_frame = 3",
             "del tb.foo", "tb.foo = 1", "tb.tb_next = tb", "tb.tb_next = 'asdf'"]:
    try:
        exec(stmt)
        print(stmt, "ok")
    except Exception as e:
        print(stmt, "->", type(e).__name__, e)
tb.tb_next = other
print(tb.tb_next is other)


def f(a=1, *, b=2):
    "doc"
    return a


for stmt in ["del f.__code__", "del f.__name__", "del f.__qualname__", "del f.__defaults__", "del f.__kwdefaults__",
             "del f.__globals__", "del f.__closure__", "del f.__doc__", "del f.__dict__", "del f.__annotations__",
             "del f.__module__"]:
    try:
        exec(stmt)
        print(stmt, "ok")
    except Exception as e:
        print(stmt, "->", type(e).__name__, e)
print(f.__defaults__, f.__kwdefaults__, f.__doc__, f.__annotations__, f.__module__)

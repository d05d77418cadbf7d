# The line a frame reports (f_lineno, tb_lineno) once an exception leaves it through an
# except/finally/with cleanup: the re-raise's line, or the first raise's when the handler's
# entry saved it (PEP 626, CPython 3.11's RERAISE).
import sys


class Noop:
    def __enter__(self):
        return self

    def __exit__(self, *args):
        pass


def other_except():
    try:
        1/0
    except TypeError as ex:
        pass


def other_except_unnamed():
    try:
        1/0
    except (TypeError, KeyError):
        pass


def in_try():
    try:
        1/0
    finally:
        pass


def in_try_body():
    try:
        1/0
    finally:
        x = 1
        y = x + 1


def after_with():
    with Noop():
        1/0
        pass


def in_named_except():
    try:
        1/0
    except Exception as ex:
        1/0
        pass


def nested_finally():
    try:
        try:
            [][1]
        finally:
            z = 2
    except KeyError:
        pass


def bare_reraise():
    try:
        1/0
    except ZeroDivisionError:
        q = 1
        raise


def lines(f):
    try:
        f()
    except Exception as ex:
        t = ex.__traceback__
    out = []
    t = t.tb_next
    while t:
        first = t.tb_frame.f_code.co_firstlineno
        out.append((t.tb_lineno - first, t.tb_frame.f_lineno - first))
        t = t.tb_next
    return out


for f in (other_except, other_except_unnamed, in_try, in_try_body, after_with, in_named_except,
          nested_finally, bare_reraise):
    print(f.__name__, lines(f))
for i in range(200):
    r = [lines(f) for f in (other_except, in_try, after_with, nested_finally)]
print(r)

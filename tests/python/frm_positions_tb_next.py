# Code positions and line ranges, traceback formatting, and assigning tb_next (with CPython's checks).
def f(x):
    y = x + 1
    return (y,
            x)
import traceback, sys
pos = list(f.__code__.co_positions())
lines = list(f.__code__.co_lines())
print(all(len(p) == 4 for p in pos), len(lines) >= 2, {p[0] for p in pos if p[0]} == {1, 2, 3, 4} or {p[0] for p in pos if p[0]})
try:
    1/0
except ZeroDivisionError as e:
    tb = e.__traceback__
    print(traceback.format_exception(e)[-2:])
    try:
        tb.tb_next = tb
    except ValueError as e2:
        print("ValueError", e2)
    try:
        tb.tb_next = 5
    except TypeError as e3:
        print("TypeError", e3)
    tb.tb_next = None
    print(tb.tb_next)

# sys.unraisablehook: the default hook, a replaced hook, a failing hook, a hook set to None,
# reached through exceptions that cannot propagate (closing a `yield from` whose delegate's
# `close` lookup fails, `__del__` at exit).
import sys

print(sys.unraisablehook is sys.__unraisablehook__, sys.unraisablehook)
try:
    sys.unraisablehook(1)
except TypeError as e:
    print(type(e).__name__, e)


class Broken:
    def __iter__(self):
        return self

    def __next__(self):
        return 1

    def __getattr__(self, attr):
        1 / 0

    def __repr__(self):
        return "<Broken>"


def g():
    yield from Broken()


def close_broken():
    gi = g()
    print("next", next(gi))
    gi.close()
    print("closed", gi.gi_frame)


seen = []


def hook(unraisable):
    seen.append(unraisable)


sys.unraisablehook = hook
close_broken()
u = seen.pop()
print(type(u).__name__, u.exc_type.__name__, repr(u.exc_value), u.err_msg, type(u.object).__name__)
print(type(u.exc_traceback).__name__, u.exc_traceback.tb_frame.f_code.co_name)


class BadHook:
    def __call__(self, unraisable):
        raise OSError("bad hook")

    def __repr__(self):
        return "<BadHook>"


sys.unraisablehook = BadHook()
sys.stderr = sys.stdout
close_broken()
sys.unraisablehook = None
close_broken()
del sys.unraisablehook
close_broken()
sys.unraisablehook = sys.__unraisablehook__
close_broken()

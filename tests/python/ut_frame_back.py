# The f_back of frames entered from a for loop over a generator, from next(), and from a with
# statement's __enter__ (contextlib's generator-based context managers), as warnings' stacklevel
# and traceback.extract_stack see them.
import contextlib
import sys
import traceback
import warnings


def names(frame, n):
    out = []
    while frame is not None and len(out) < n:
        out.append(frame.f_code.co_name)
        frame = frame.f_back
    return out


def gen():
    yield names(sys._getframe(), 4)
    yield sys._getframe(1).f_lineno


def loop():
    for item in gen():
        print("loop", item)


def with_next():
    g = gen()
    print("next", next(g))
    print("next default", next(g, None) is not None, next(g, "done"))


def in_genexpr():
    return [x for x in (item for item in gen())]


@contextlib.contextmanager
def managed():
    print("enter", names(sys._getframe(), 4), sys._getframe(2).f_code.co_name)
    yield sys._getframe(2).f_lineno
    print("exit", names(sys._getframe(), 4))


class Manager:
    def __enter__(self):
        print("__enter__", names(sys._getframe(), 3))
        return self

    def __exit__(self, *exc):
        print("__exit__", names(sys._getframe(), 3))
        return False


def use_managers():
    with managed() as line:
        print("body at", line)
    with Manager():
        pass


def warn_here():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.warn("careful", UserWarning, stacklevel=2)
    for w in caught:
        print("warning", w.category.__name__, w.message, w.lineno == caller_line)


def warned():
    warn_here()


caller_line = warned.__code__.co_firstlineno + 1


def stack_in_generator():
    def frames():
        yield [f.name for f in traceback.extract_stack(limit=3)]

    for summary in frames():
        print("stack", summary)


for _ in range(3):
    loop()
    with_next()
    print(in_genexpr()[0])
    use_managers()
    warned()
    stack_in_generator()

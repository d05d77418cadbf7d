# The handled exception (sys.exc_info(), __context__, bare raise) seen inside generators with
# and without exception handlers of their own, resumed by frames that handle exceptions,
# across send/throw/close and yield from; generators suspended inside their handlers.
import sys


def name():
    e = sys.exc_info()[1]
    return None if e is None else repr(e)


def plain():
    # No handler in this code: it always sees its resumer's exception.
    while True:
        got = yield name()
        if got == "raise":
            raise ValueError("plain")
        if got == "reraise":
            raise


def handling():
    try:
        raise KeyError("own")
    except KeyError:
        got = yield name()
        got = yield (name(), got)
    yield name()
    try:
        yield name()
    finally:
        yield ("finally", name())


def run(gen_fn, steps):
    g = gen_fn()
    out = [next(g)]
    for s in steps:
        try:
            if s == "throw":
                out.append(g.throw(IndexError("thrown")))
            elif s == "close":
                g.close()
                out.append("closed")
            else:
                if s.startswith("in-handler:"):
                    try:
                        raise TypeError("resumer")
                    except TypeError:
                        out.append(g.send(s[11:]))
                        out.append(("resumer after", name()))
                else:
                    out.append(g.send(s))
        except StopIteration:
            out.append("stop")
        except Exception as e:
            out.append(("raised", repr(e), repr(e.__context__)))
    out.append(("outside", name()))
    return out


for rnd in range(3):
    print(run(plain, ["a", "in-handler:b", "c", "in-handler:reraise", "d"]))
    print(run(plain, ["in-handler:raise", "x"]))
    print(run(plain, ["reraise"]))
    print(run(plain, ["throw"]))
    print(run(handling, ["in-handler:a", "b", "in-handler:c", "d", "e", "f"]))
    print(run(handling, ["throw", "x"]))
    print(run(handling, ["a", "close"]))
    print(run(handling, ["a", "b", "c", "close"]))


def outer_plain():
    r = yield from handling()
    yield ("outer", name(), r)


def outer_handling():
    try:
        raise OSError("outer")
    except OSError:
        yield from plain()


for rnd in range(3):
    print(run(outer_plain, ["in-handler:a", "b", "c", "d", "e", "f"]))
    print(run(outer_handling, ["a", "in-handler:b", "throw"]))
    print(run(outer_handling, ["in-handler:raise"]))


def many(n):
    # A long-running handler-free generator in a loop whose body handles exceptions.
    for i in range(n):
        yield i, name()


total = []
for i, seen in many(300):
    try:
        if i % 7 == 0:
            raise LookupError(i)
    except LookupError:
        total.append((i, seen, name()))
print(len(total), total[:3], total[-1])
print(sum(i for i, _ in many(1000)), {s for _, s in many(50)})

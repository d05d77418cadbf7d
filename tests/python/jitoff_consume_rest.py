# Builtins consuming long generators (past their first 16 items, where the JIT-off interpreter
# consumes the rest in native code): results, errors raised by the generator or by the step at
# item 16 and later (type, message, traceback lines), early exits of any/all leaving the
# generator resumable, and the state of the generator after each.
import sys
import traceback


def numbers(n, bad_at=-1, bad=None):
    for i in range(n):
        yield bad if i == bad_at else i


def raising(n, at):
    for i in range(n):
        if i == at:
            raise ValueError("boom at %d" % i)
        yield i


def show(label, f):
    try:
        r = f()
    except Exception as e:
        tb = traceback.extract_tb(e.__traceback__)
        print(label, "raised", type(e).__name__, e, [(fr.name, fr.lineno) for fr in tb])
    else:
        print(label, "->", r if not isinstance(r, (set, dict)) else sorted(r.items() if isinstance(r, dict) else r))


for n in (15, 16, 17, 40, 100):
    show("list %d" % n, lambda: list(numbers(n)))
    show("tuple %d" % n, lambda: tuple(numbers(n)))
    show("set %d" % n, lambda: set(x % 7 for x in numbers(n)))
    show("sum %d" % n, lambda: sum(numbers(n)))
    show("min %d" % n, lambda: min(numbers(n)))
    show("max %d" % n, lambda: max(x * (-1) ** x for x in numbers(n)))
    show("any %d" % n, lambda: any(x > 30 for x in numbers(n)))
    show("all %d" % n, lambda: all(x < 30 for x in numbers(n)))
    show("sorted %d" % n, lambda: sorted(-x for x in numbers(n))[:5])
    show("join %d" % n, lambda: ",".join(str(x) for x in numbers(n))[-20:])
    show("dict %d" % n, lambda: dict((x, x * x) for x in numbers(n)))

for at in (3, 16, 17, 33):
    show("sum str at %d" % at, lambda: sum(numbers(40, at, "s")))
    show("set list at %d" % at, lambda: set(numbers(40, at, [1])))
    show("min None at %d" % at, lambda: min(numbers(40, at, None)))
    show("max None at %d" % at, lambda: max(numbers(40, at, None)))
    show("dict non-pair at %d" % at, lambda: dict((x, x) if x != at else x for x in range(40)))
    show("dict triple at %d" % at, lambda: dict((x, x) if x != at else (1, 2, 3) for x in range(40)))
    show("tuple raising at %d" % at, lambda: tuple(raising(40, at)))
    show("list raising at %d" % at, lambda: list(raising(40, at)))
    show("sum raising at %d" % at, lambda: sum(raising(40, at)))
    show("set raising at %d" % at, lambda: set(raising(40, at)))
    show("join raising at %d" % at, lambda: "-".join(str(x) for x in raising(40, at)))
    show("any raising at %d" % at, lambda: any(x < 0 for x in raising(40, at)))

# Early exits leave the generator suspended where it stopped.
for stop in (5, 20, 50):
    g = (x for x in range(100))
    print("any stop", stop, any(x >= stop for x in g), next(g), next(g))
    g = (x for x in range(100))
    print("all stop", stop, all(x < stop for x in g), next(g))

# Mixed item kinds in a set past the batched part; sums of floats and of ints mixed.
print(sorted(set((x if x % 3 else str(x)) if x % 5 else float(x) for x in range(60)), key=repr))
print(sum(x / 4 for x in range(50)), sum(x if x % 2 else x / 2 for x in range(50)))


class Acc:
    def __init__(self, v):
        self.v = v

    def __add__(self, other):
        return Acc(self.v + other)

    def __radd__(self, other):
        return Acc(other + self.v)


print(sum(Acc(x) if x == 20 else x for x in range(30)).v)


# The frame that resumes the generator past item 16 is the builtin's caller.
def frames(n):
    for i in range(n):
        if i in (2, 16, 25):
            f = sys._getframe(1)
            print("item", i, "resumed by", f.f_code.co_name)
        yield i


def caller():
    return sum(frames(30)), len(list(frames(30))), max(frames(30))


print(caller())

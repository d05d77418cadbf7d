# __slots__ attributes read and written in hot loops: the JIT's member-descriptor fast path must
# keep CPython's semantics (unset slots, deletion, subclasses with a __dict__, __setattr__ hooks).


class Point:
    __slots__ = ("x", "y", "z")

    def __init__(self, i):
        self.x = i * 0.5
        self.y = i + 1
        if i % 3:
            self.z = i


class Named(Point):
    def describe(self):
        return "%s/%s" % (self.x, self.y)


class Logged(Point):
    __slots__ = ("log",)

    def __setattr__(self, name, value):
        object.__setattr__(self, name, value * 2 if name == "x" else value)


def total(points):
    t = 0
    missing = 0
    for p in points:
        t += p.x + p.y
        try:
            t += p.z
        except AttributeError as e:
            missing += 1
            last = str(e)
    return t, missing, last


points = [Point(i) for i in range(300)]
print(total(points))
for p in points[::7]:
    del p.y
errors = 0
for p in points:
    try:
        p.y += 1
    except AttributeError as e:
        errors += 1
        message = str(e)
print(errors, message, total([p for p in points if hasattr(p, "y")])[:2])

named = [Named(i) for i in range(200)]
for n in named:
    n.extra = n.x
print(sum(n.extra for n in named), named[5].describe(), sorted(vars(named[5])))

logged = [Logged(i) for i in range(200)]
print(sum(l.x for l in logged), logged[3].x)
try:
    Point(1).w = 3
except AttributeError as e:
    print(type(e).__name__, e)
print(Point.x, type(Point.__dict__["y"]).__name__)

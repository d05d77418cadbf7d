# LOAD_FAST + LOAD_ATTR and LOAD_FAST + LOAD_METHOD, which the interpreter runs as one instruction
# with the JIT off: what the second half raises comes from the second instruction (its line, its
# exception handler, the frames of Python code it runs), an unbound local raises from the first,
# and loads of every kind of attribute give what the two instructions give.
import sys
import traceback


def last_line(e):
    tb = e.__traceback__
    while tb.tb_next:
        tb = tb.tb_next
    code = tb.tb_frame.f_code
    return f"{tb.tb_lineno - code.co_firstlineno} of {code.co_name}"


def show(f, *args):
    try:
        print(f.__name__, f(*args))
    except (AttributeError, UnboundLocalError, ZeroDivisionError) as e:
        print(f.__name__, "raised", type(e).__name__, e, "at line", last_line(e))


class Point:
    scale = 10

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm1(self):
        return abs(self.x) + abs(self.y)

    @property
    def area(self):
        return self.x * self.y

    @property
    def broken(self):
        return self.x / 0

    @staticmethod
    def origin():
        return Point(0, 0)

    @classmethod
    def unit(cls):
        return cls(1, 1)


class Fallback:
    def __getattr__(self, name):
        if name.startswith("no"):
            raise AttributeError(f"no {name} here")
        return name.upper()


def plain_loads(p):
    return p.x, p.y, p.scale, p.area, p.norm1(), p.origin().x, p.unit().y


def multi_line(p):
    # The LOAD_FAST follows an instruction it does not fuse with: it and the LOAD_ATTR are one.
    print(end="")
    return (p
            .missing)


def multi_line_method(p):
    print(end="")
    return (p
            .nothing())


def missing_method(p):
    return p.nothing(1)


def in_handler(p):
    try:
        return p.missing
    except AttributeError as e:
        return "handled: " + str(e)


def unbound(flag):
    if flag:
        p = Point(1, 2)
    return p.x


def property_raises(p):
    q = p
    return q.broken


def fallback(f):
    return f.anything, f.lower


def fallback_raises(f):
    return f.nope


def changing_types(items):
    # One instruction sees instances of several classes, builtins and modules.
    out = []
    for item in items:
        out.append(item.real if isinstance(item, (int, float, complex)) else item.__class__.__name__)
    for item in items:
        out.append(item.__str__()[:6])
    return out


def attribute_changes(p):
    seen = []
    for value in (1, 2.5, "s", None, [1]):
        p.x = value
        seen.append(p.x)
    del p.x
    try:
        p.x
    except AttributeError as e:
        seen.append(str(e))
    Point.x = "class attribute"
    seen.append(p.x)
    del Point.x
    return seen


show(plain_loads, Point(3, -4))
show(multi_line, Point(1, 2))
show(missing_method, Point(1, 2))
show(multi_line_method, Point(1, 2))
show(in_handler, Point(1, 2))
show(unbound, True)
show(unbound, False)
show(property_raises, Point(1, 2))
show(fallback, Fallback())
show(fallback_raises, Fallback())
show(changing_types, [1, 2.5, 3j, "s", [1], sys, Point(1, 1), Fallback()])
show(attribute_changes, Point(1, 2))

for f, arg in ((property_raises, Point(1, 2)), (multi_line, Point(1, 2)), (multi_line_method, Point(1, 2))):
    try:
        f(arg)
    except Exception:
        lines = traceback.format_exc().splitlines()
        print("\n".join(line for line in lines if "File" not in line))

print(sys.modules["sys"].maxsize > 0, Point(5, 6).norm1())
multi_line(Point(7, 8))

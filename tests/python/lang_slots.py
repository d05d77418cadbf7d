# __slots__: slot descriptors, no __dict__, AttributeError messages, inheritance
class Point:
    __slots__ = ("x", "y")
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def __repr__(self):
        return f"Point({self.x}, {self.y})"

p = Point(1, 2)
print(p, p.x, p.y)
p.x = 10
print(p)
try:
    p.z = 3
except AttributeError as e:
    print(type(e).__name__, e)
try:
    p.__dict__
except AttributeError as e:
    print(type(e).__name__, e)
print(hasattr(p, "__dict__"), Point.__slots__, type(Point.x).__name__)
del p.y
try:
    p.y
except AttributeError as e:
    print(type(e).__name__, e)
try:
    del p.y
except AttributeError as e:
    print(type(e).__name__, e)
p.y = 5
print(p)

# unset slot
class Lazy:
    __slots__ = ["value"]
l = Lazy()
try:
    l.value
except AttributeError as e:
    print(type(e).__name__, e)
print(getattr(l, "value", "default"))

# a single string as __slots__
class One:
    __slots__ = "only"
o = One()
o.only = 1
print(o.only, One.__slots__)

# subclass without __slots__ gets a __dict__
class Free(Point):
    pass
f = Free(1, 2)
f.z = 3
print(f, f.z, f.__dict__)

# subclass with more slots
class Point3(Point):
    __slots__ = ("z",)
    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z
p3 = Point3(1, 2, 3)
print(p3.x, p3.y, p3.z)
try:
    p3.w = 4
except AttributeError as e:
    print(type(e).__name__, e)

# __dict__ in __slots__ allows arbitrary attributes
class Mixed:
    __slots__ = ("a", "__dict__")
m = Mixed()
m.a = 1
m.b = 2
print(m.a, m.b, m.__dict__)

# slot names conflicting with class attributes
try:
    class Conflict:
        __slots__ = ("x",)
        x = 5
except ValueError as e:
    print(type(e).__name__, e)

# invalid slot names
for bad in [(1,), ("not an identifier",)]:
    try:
        class Bad:
            __slots__ = bad
    except TypeError as e:
        print(type(e).__name__, e)

# slots and class-level access
print(Point.x.__name__ if hasattr(Point.x, "__name__") else "no name")
print(sorted(n for n in dir(p3) if not n.startswith("__")))

# Attribute loads and stores of __slots__ slots through the interpreter's per-instruction caches:
# one instruction seeing slotted and plain instances, unset and deleted slots, a subclass with a
# __dict__ holding the slot's name too, number values of changing kinds, and the class's member
# descriptor replaced or shadowed after the instruction cached it.


class P:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


class Q(P):
    pass


class R:
    def __init__(self, x, y):
        self.x = x
        self.y = y


class S(P):
    __slots__ = ("z",)


def total(objs):
    t = 0
    for o in objs:
        t += o.x * 10 + o.y
    return t


def bump(objs, rounds):
    for _ in range(rounds):
        for o in objs:
            o.x = o.x + 1
            o.y = o.y * 2 % 1000
    return total(objs)


def read_x(o):
    try:
        return o.x
    except AttributeError as e:
        return "AttributeError: " + str(e)


print(total([P(1, 2), Q(3, 4), R(5, 6), S(7, 8)]))
objs = [P(i, i + 1) for i in range(6)] + [Q(1, 1), R(2, 2), S(3, 3)]
print(bump(objs, 300))

# An unset slot and a deleted one: AttributeError, then set again.
p = P(1, 2)
del p.x
print(read_x(p))
p.x = 11
print(read_x(p))
print([read_x(o) for o in [P(1, 2), p, Q(4, 5)]])
fresh = P.__new__(P)
print(read_x(fresh))
try:
    del fresh.y
except AttributeError as e:
    print("AttributeError:", e)

# Slotted classes have no __dict__: storing another name fails, at a cached instruction too.
def store_other(o, v):
    o.w = v


for o in [R(1, 2), P(1, 2), P(3, 4), R(5, 6)]:
    try:
        store_other(o, 5)
        print("stored", o.w)
    except AttributeError as e:
        print("AttributeError:", e)

# A subclass with a __dict__ that holds the slot's name: the slot (a data descriptor) wins.
q = Q(1, 2)
q.__dict__["x"] = "from dict"
print(read_x(q), q.__dict__)
q.x = 42
print(read_x(q), q.__dict__)

# Number values of changing kinds in one slot.
p = P(1, 2)
for v in [3, 4.5, 2 ** 70, "s", None, 7, 8.25]:
    p.x = v
    print(repr(read_x(p)), end=" ")
print()

# The member descriptor replaced by a property after the instructions cached it.
objs = [P(i, i) for i in range(4)]
print(bump(objs, 50))
saved = P.x
P.x = property(lambda self: -1, lambda self, v: None)
print(total(objs), bump(objs, 3))
P.x = saved
print(total(objs))

# A subclass whose __getattribute__ and __setattr__ intercept.
class Loud(P):
    __slots__ = ()

    def __getattribute__(self, name):
        v = object.__getattribute__(self, name)
        return v * 100 if name == "x" else v

    def __setattr__(self, name, v):
        object.__setattr__(self, name, v + 1)


print(total([P(1, 1), Loud(1, 1), P(2, 2), Loud(2, 2)]))
print(bump([Loud(1, 1), P(1, 1)], 3))

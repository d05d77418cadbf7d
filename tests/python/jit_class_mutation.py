# Class namespaces that change while loops over their instances run compiled: methods replaced
# on the class and on a base, class attributes rebound and deleted, a base's attribute shadowed
# by a subclass, setattr on the class, a metaclass attribute, and a loop that rebinds a class
# attribute on every iteration.


class Base:
    scale = 2

    def value(self, x):
        return x * self.scale


class Child(Base):
    pass


def run(objs, n):
    total = 0
    for i in range(n):
        total += objs[i % len(objs)].value(i)
    return total


objs = [Child(), Base(), Child()]
print(run(objs, 3000))

# A method replaced on the base class while compiled code calls it.
Base.value = lambda self, x: x + self.scale
print(run(objs, 3000))

# A class attribute rebound, then shadowed in the subclass only.
Base.scale = 5
print(run(objs, 3000))
Child.scale = 7
print(run(objs, 3000))

# Deleted again: the base's value shows through.
del Child.scale
print(run(objs, 3000))

# setattr with a computed name, and a method defined on the subclass.
setattr(Base, "sc" + "ale", 11)
print(run(objs, 3000))
Child.value = lambda self, x: -x
print(run(objs, 3000))

# The method deleted from the subclass and then from the base: AttributeError.
del Child.value
print(run(objs, 3000))
del Base.value
try:
    run(objs, 3000)
except AttributeError as e:
    print("AttributeError", e)


# A loop that changes a class attribute on every iteration, read through an instance.
class Counter:
    count = 0


def count_up(c, n):
    for i in range(n):
        Counter.count = Counter.count + c.step
    return Counter.count


c = Counter()
c.step = 3
print(count_up(c, 5000))
Counter.step = 100
del c.step
print(count_up(c, 5000))


# A metaclass attribute read through the class, changed mid-run.
class Meta(type):
    kind = "meta"


class WithMeta(metaclass=Meta):
    pass


def kinds(n):
    out = []
    for i in range(n):
        if i == n // 2:
            Meta.kind = "changed"
        out.append(WithMeta.kind)
    return out[0], out[-1], out.count("changed")


print(kinds(4000))


# A method swapped from inside the loop that calls it.
class Toggle:
    def f(self):
        return 1


def swap_inside(n):
    t = Toggle()
    total = 0
    for i in range(n):
        total += t.f()
        if i == 2500:
            Toggle.f = lambda self: 1000
    return total


print(swap_inside(5000))

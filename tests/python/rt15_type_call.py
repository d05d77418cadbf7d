# type(x) with one argument in hot code: the type of ints, bools, floats, strs, None, instances,
# subclass instances, classes (their metaclass), functions and generators; type(...) with other
# argument counts and keywords keeps its errors.


class Meta(type):
    pass


class A:
    pass


class B(A):
    pass


class C(metaclass=Meta):
    pass


class MyInt(int):
    pass


def gen():
    yield 1


objects = [1, True, 2.5, "s", None, A(), B(), C(), A, C, Meta, type, MyInt(3), len, gen(), (1,), [], {}, 10**30]


def names(objs):
    out = []
    for o in objs:
        t = type(o)
        out.append(t.__name__)
        out.append(type(o) is int)
    return out


for _ in range(40):
    r = names(objects)
print(r)


def count_kinds(values):
    counts = {}
    for v in values:
        if type(v) is int:
            k = "int"
        elif type(v) is float:
            k = "float"
        elif type(v) is B:
            k = "B"
        else:
            k = type(v).__name__
        counts[k] = counts.get(k, 0) + 1
    return sorted(counts.items())


vals = [i if i % 3 else i / 2 for i in range(300)] + [A(), B(), B(), "x", MyInt(1)]
for _ in range(20):
    r = count_kinds(vals)
print(r)


def odd_calls():
    out = []
    for args, kw in [((), {}), ((1, 2), {}), ((1,), {"x": 1})]:
        try:
            out.append(type(*args, **kw))
        except TypeError as e:
            out.append(str(e))
    out.append(type("N", (), {}).__name__)
    return out


for _ in range(3):
    print(odd_calls())
